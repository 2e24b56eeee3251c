/** The live checks with the check tester: each turns only its own id from facts.live into findings, located at the key's source. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checks } from '../../src/checks/live/index.js';
import { LIVE_META } from '../../src/live/ids.js';
import type { LiveResult } from '../../src/live/types.js';
import { emptyFacts, targetWith, testCheck } from '../helpers/check-tester.js';

const target = targetWith('value-does-not-matter', { id: 'python:app.py', label: 'python app.py' }, { location: { path: 'config/.env', line: 4 } });
const result = (id: string): LiveResult => ({ targets: ['python:app.py'], endpoint: 'http://127.0.0.1:1/v1/models', azure: false, findings: [{ id, message: `answer for ${id}.` }] });

describe('live checks', () => {
  it('there is one check per live-* id of the catalog, and none without a catalog entry', () => {
    assert.deepEqual(checks.map((c) => c.meta.id).sort(), LIVE_META.map((m) => m.id).filter((id) => id.startsWith('live-')).sort());
  });
  for (const check of checks) {
    const id = check.meta.id;
    const other = id === 'live-ok' ? 'live-invalid-key' : 'live-ok';
    testCheck(check, {
      bad: [{
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
      }],
      good: [
        { name: 'no live step (offline)', facts: emptyFacts(), targets: [target] },
        { name: `a live result with ${other} only`, facts: emptyFacts({ live: { results: [result(other)] } }), targets: [target] },
      ],
    }, it);
  }
});
