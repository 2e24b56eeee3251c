/** The live checks with the check tester: each turns only its own id from facts.live into findings, located at the key's source. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checks } from '../../../src/checks/live/index.js';
import { ANSWER_RULES } from '../../../src/checks/live/_lib/precedence.js';
import { ALL_META } from '../../../src/checks/registry.js';
import type { AnswerRule } from '../../../src/live/answer.js';
import type { LiveResult } from '../../../src/live/types.js';
import { emptyFacts, targetWith, testCheck } from '../../helpers/check-tester.js';

const target = targetWith(
  'value-does-not-matter',
  { id: 'python:app.py', label: 'python app.py' },
  { location: { path: 'config/.env', line: 4 } },
);
const result = (id: string): LiveResult => ({
  targets: ['python:app.py'],
  endpoint: 'http://127.0.0.1:1/v1/models',
  azure: false,
  findings: [{ id, message: `answer for ${id}.` }],
});

describe('live checks', () => {
  it('there is one check per live-* id of the catalog, and none without a catalog entry', () => {
    assert.deepEqual(
      checks.map((c) => c.meta.id).sort(),
      ALL_META.map((m) => m.id)
        .filter((id) => id.startsWith('live-'))
        .sort(),
    );
  });
  it('each live file holds its own rules, and the precedence list runs every rule of every file exactly once', async () => {
    const dir = join('dist', 'src', 'checks', 'live');
    const owned: AnswerRule[] = [];
    for (const f of readdirSync(dir).filter(
      (x) => x.startsWith('live-') && x.endsWith('.js') && x !== 'live-check.js',
    )) {
      const mod = (await import(pathToFileURL(join(dir, f)).href)) as {
        meta: { id: string };
        rules?: Record<string, AnswerRule>;
      };
      assert.equal(mod.meta.id, f.replace(/\.js$/, ''));
      const rules = Object.values(mod.rules ?? {});
      // live-key-withheld is the live step's own decision (live/trust.ts): no answer reads as it.
      assert.equal(rules.length > 0, mod.meta.id !== 'live-key-withheld', `${f}: rules`);
      owned.push(...rules);
    }
    assert.equal(owned.length, ANSWER_RULES.length);
    for (const r of owned) assert.equal(ANSWER_RULES.filter((x) => x === r).length, 1, r.name);
  });
  for (const check of checks) {
    const id = check.meta.id;
    const other = id === 'live-ok' ? 'live-invalid-key' : 'live-ok';
    testCheck(
      check,
      {
        bad: [
          {
            name: `a live result with ${id}`,
            facts: emptyFacts({ live: { results: [result(id)] } }),
            targets: [target],
            count: 1,
            expect: (out) => {
              const f = out.find((x) => x.id === id);
              assert.deepEqual(f?.location, { path: 'config/.env', line: 4 });
              assert.equal(f?.target, 'python:app.py');
              assert.match(f?.message ?? '', /\(the key of python app\.py\)$/);
            },
          },
        ],
        good: [
          { name: 'no live step (offline)', facts: emptyFacts(), targets: [target] },
          {
            name: `a live result with ${other} only`,
            facts: emptyFacts({ live: { results: [result(other)] } }),
            targets: [target],
          },
        ],
      },
      it,
    );
  }
});
