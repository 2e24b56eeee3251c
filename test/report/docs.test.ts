import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { renderFindingsDoc } from '../../src/report/docs.js';
import { ALL_META, CHECKS } from '../../src/checks/registry.js';

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
      for (const part of [m.title, m.docs.what, m.docs.why, m.docs.fix]) assert.ok(part.length > 10, `${m.id} needs docs`);
    }
  });
  it('every check id is one the public contract names, or a documented addition', () => {
    const contract = existsSync('../shared/spec/findings.md') ? readFileSync('../shared/spec/findings.md', 'utf8') : '';
    const named = new Set([...contract.matchAll(/^\| ([a-z0-9-]+) \|/gm)].map((m) => m[1]));
    for (const c of CHECKS) if (named.size) assert.ok(named.has(c.meta.id) || c.meta.docs.what.length > 0, c.meta.id);
  });
});
