import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { renderFindingsDoc } from '../../src/report/docs.js';
import { ALL_META, CHECKS } from '../../src/checks/registry.js';

const CONTRACT = '../shared/spec/findings.md';

describe('finding catalog', () => {
  it('docs/findings.md is generated from the catalog and current (npm run docs)', () => {
    assert.equal(readFileSync('docs/findings.md', 'utf8'), renderFindingsDoc());
  });
  it('ids are unique, well-formed and documented', () => {
    const seen = new Set<string>();
    for (const m of ALL_META) {
      assert.match(m.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(!seen.has(m.id), `duplicate id ${m.id}`);
      seen.add(m.id);
      for (const part of [m.title, m.docs.what, m.docs.why, m.docs.fix])
        assert.ok(part.length > 10, `${m.id} needs docs`);
    }
  });
  it('every id the public contract names is still in the catalog (ids are added, never renamed)', (t) => {
    if (!existsSync(CONTRACT)) {
      // In CI (.ci/run sets KEYDOCTOR_REQUIRE_SHARED) the contract must be there: a missing one fails.
      assert.ok(!process.env.CI && !process.env.KEYDOCTOR_REQUIRE_SHARED, `${CONTRACT} is missing`);
      t.skip(`${CONTRACT} is not here`);
      return;
    }
    const named = [...readFileSync(CONTRACT, 'utf8').matchAll(/^\| ([a-z0-9]+(?:-[a-z0-9]+)+) \|/gm)].map(
      (m) => m[1] ?? '',
    );
    assert.ok(named.length >= 50, `read ${named.length} ids from ${CONTRACT}`);
    const known = new Set(ALL_META.map((m) => m.id));
    assert.deepEqual(
      named.filter((id) => !known.has(id)),
      [],
    );
  });
  it('an id the contract does not name is documented as an addition: its own section in docs/findings.md', () => {
    const doc = readFileSync('docs/findings.md', 'utf8');
    for (const c of CHECKS) assert.ok(doc.includes(`\n### ${c.meta.id}\n`), c.meta.id);
  });
});
