/**
 * The catalog, checked the way ESLint's `checkRuleFiles` checks its rules: every check file is
 * registered and named by its id, every id has a docs section, and every id is used by a test.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Check } from '../../src/checks/types.js';
import { ALL_META, CHECKS, INVENTORY_CHECKS } from '../../src/checks/registry.js';

// Tests run from the repository root (npm test, scripts/run-tests.mjs); the compiled checks sit in dist/.
const SRC = 'src/checks';
const DIST = join('dist', 'src', 'checks');
const HELPER_DIR = '_lib';

const families = readdirSync(SRC).filter((d) => statSync(join(SRC, d)).isDirectory());

/** Every .ts file of a family folder but its index and helper folder. */
function checkFiles(family: string): string[] {
  return readdirSync(join(SRC, family))
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== HELPER_DIR)
    .sort();
}

function testSources(
  dir: string,
  out: Array<{ path: string; text: string }> = [],
): Array<{ path: string; text: string }> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) testSources(p, out);
    else if (e.name.endsWith('.ts') && !p.endsWith('catalog.test.ts'))
      out.push({ path: p, text: readFileSync(p, 'utf8') });
  }
  return out;
}

describe('check catalog (every check registered, named by its id, documented, tested)', () => {
  const registered = new Set<Check>([...CHECKS, ...INVENTORY_CHECKS]);
  const ids = new Set(ALL_META.map((m) => m.id));

  it('every family folder holds checks only: each file exports `check`, named by its id, and registered', async () => {
    const fromFiles = new Set<Check>();
    for (const family of families) {
      for (const file of checkFiles(family)) {
        const mod = (await import(pathToFileURL(join(DIST, family, file.replace(/\.ts$/, '.js'))).href)) as {
          check?: Check;
        };
        const name = file.replace(/\.ts$/, '');
        if (mod.check === undefined) {
          // A helper left in a check folder must at least not look like a check.
          assert.ok(!ids.has(name), `${family}/${file} is named like the id ${name} but exports no check`);
          continue;
        }
        assert.equal(mod.check.meta.id, name, `${family}/${file}: the file name must be the check's id`);
        assert.ok(
          registered.has(mod.check),
          `${family}/${file}: ${name} is not registered (regenerate ${family}/index.ts: npm run docs)`,
        );
        fromFiles.add(mod.check);
      }
    }
    for (const c of registered)
      assert.ok(fromFiles.has(c), `${c.meta.id} is registered but has no file src/checks/<family>/${c.meta.id}.ts`);
  });

  it('ids are unique across checks', () => {
    const seen = new Set<string>();
    for (const c of registered) {
      assert.ok(!seen.has(c.meta.id), `two checks have the id ${c.meta.id}`);
      seen.add(c.meta.id);
    }
  });

  it('every id has its section in docs/findings.md', () => {
    const doc = readFileSync('docs/findings.md', 'utf8');
    const sections = new Set([...doc.matchAll(/^### ([a-z0-9-]+)$/gm)].map((m) => m[1]));
    for (const id of ids) assert.ok(sections.has(id), `docs/findings.md has no section for ${id} (npm run docs)`);
  });

  it('every id appears in at least one test', () => {
    const sources = testSources('test');
    for (const id of ids) {
      const word = new RegExp(`(?<![a-z0-9-])${id}(?![a-z0-9-])`);
      assert.ok(
        sources.some((s) => word.test(s.text)),
        `no test names ${id}`,
      );
    }
  });

  it('the catalog test sees every family and check (it cannot pass on an empty tree)', () => {
    assert.ok(families.length >= 7, families.join(', '));
    assert.equal(families.reduce((n, f) => n + checkFiles(f).length, 0) >= registered.size, true);
    assert.ok(registered.size >= 60, String(registered.size));
  });
});
