/**
 * The scan pipeline (src/pipeline/scan.ts) runs the exposure checks through the shared check runner
 * (src/pipeline/checks.ts), asking it for no per-file cap: a scan lists every key it found.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { runScan } from '../../src/pipeline/scan.js';
import { runChecks, MAX_FINDINGS_PER_FILE } from '../../src/pipeline/checks.js';
import type { Check } from '../../src/checks/types.js';
import type { Facts } from '../../src/core/facts.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { openaiKey } from '../helpers/keys.js';
import { metaFor, ALL_META } from '../../src/checks/registry.js';
import { checks as exposureChecks, extraMeta } from '../../src/checks/exposure/index.js';

const made: TempProject[] = [];
after(() => {
  for (const p of made) p.cleanup();
});

describe('runScan', () => {
  it(`lists every key of a file, more than the doctor's ${MAX_FINDINGS_PER_FILE} findings per check and file`, async () => {
    const n = MAX_FINDINGS_PER_FILE + 10;
    const keys = Array.from({ length: n }, (_, i) => openaiKey('proj', `many-${i}`));
    const p = tempProject({ 'keys.py': keys.map((k, i) => `k${i} = "${k}"`).join('\n') + '\n' });
    made.push(p);
    const r = await runScan({ root: p.root });
    assert.equal(r.findings.filter((f) => f.id === 'key-hardcoded' && f.location?.path === 'keys.py').length, n);
    assert.ok(!r.facts.notes.some((note) => note.kind === 'limit'), JSON.stringify(r.facts.notes));
    assert.ok(r.failedChecks.has('key-hardcoded'));
    assert.ok(r.checksRun > 0);
  });
});

describe("the scan's finding catalog (the report's, without loading the doctor's checks)", () => {
  it('knows every exposure id and internal-error, as the full catalog has them, and no id of the other families', async () => {
    const p = tempProject({ 'app.py': 'x = 1\n' });
    made.push(p);
    const r = await runScan({ root: p.root });
    const exposure = [...exposureChecks.map((c) => c.meta.id), ...extraMeta.map((m) => m.id), 'internal-error'];
    for (const id of exposure) assert.deepEqual(r.meta(id), metaFor(id), id);
    for (const m of ALL_META) if (!exposure.includes(m.id)) assert.equal(r.meta(m.id), undefined, m.id);
  });

  it("a scan's findings of several kinds all get the catalog's severity, area and title", async () => {
    const key = openaiKey('proj', 'catalog');
    const p = tempProject({
      '.env': `OPENAI_API_KEY=${key}\n`,
      'src/app.py': `KEY = "${openaiKey('proj', 'catalog-2')}"\n`,
      '.github/workflows/ci.yml': `jobs:\n  t:\n    runs-on: ubuntu-latest\n    env:\n      OPENAI_API_KEY: ${openaiKey('proj', 'catalog-3')}\n`,
      'web/.env.local': `NEXT_PUBLIC_OPENAI_API_KEY=${openaiKey('proj', 'catalog-4')}\n`,
    });
    made.push(p);
    const r = await runScan({ root: p.root });
    const ids = new Set(r.findings.map((f) => f.id));
    assert.ok(ids.size >= 3, [...ids].join(' '));
    for (const id of ids) assert.deepEqual(r.meta(id), metaFor(id), id);
  });
});

describe('runChecks', () => {
  const facts = {
    root: '/x',
    home: '/h',
    env: {},
    assignments: [],
    envFiles: [],
    files: [],
    notes: [],
  } as unknown as Facts;
  const meta = (id: string) =>
    ({
      id,
      title: id,
      severity: 'warning',
      area: 'exposure',
      docs: { what: '', why: '', fix: '' },
    }) as unknown as Check['meta'];
  const many: Check = {
    meta: meta('many'),
    run: () =>
      Array.from({ length: 60 }, (_, i) => ({
        id: 'many',
        message: `m${i}`,
        location: { path: 'a.txt', line: i + 1 },
      })),
  };
  const broken: Check = {
    meta: meta('broken'),
    run: () => {
      throw new Error('boom');
    },
  };

  it('caps findings per check and file by default, with a note; perFile: Infinity keeps them all', () => {
    const capped = runChecks({ ...facts, notes: [] }, [], [many]);
    assert.equal(capped.findings.length, MAX_FINDINGS_PER_FILE);
    const all = runChecks({ ...facts, notes: [] }, [], [many], { perFile: Infinity });
    assert.equal(all.findings.length, 60);
  });

  it('a check that throws is an internal-error finding, and the others still run', () => {
    const r = runChecks({ ...facts, notes: [] }, [], [broken, many], { perFile: Infinity });
    assert.deepEqual(r.findings[0], {
      id: 'internal-error',
      message: 'The broken check failed: boom',
      data: { check: 'broken' },
    });
    assert.equal(r.findings.length, 61);
    assert.deepEqual([...r.failed].sort(), ['broken', 'many']);
  });
});
