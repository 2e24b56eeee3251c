import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

/** Lints `text` as if it were the file at `path` of the repository, with the repository's config. */
async function restricted(path: string, text: string): Promise<string[]> {
  const [r] = await new ESLint({ cwd: process.cwd() }).lintText(text, { filePath: path });
  return (r?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries of the checks (eslint.config.js)', () => {
  it('a check imports no Node module and nothing from the collectors or readers', async () => {
    for (const spec of [
      'node:fs',
      'fs',
      'node:path',
      'child_process',
      '../../collect/dotenv/collector.js',
      '../../collect/files.js',
      '../../code/collector.js',
      '../../code/js/walk.js',
      '../../deploy/k8s.js',
      '../../deploy/util.js',
      '../../code/entry-points.js',
    ]) {
      const msgs = await restricted(
        'src/checks/value/new-check.ts',
        `import { x } from '${spec}';\nexport const y = x;\n`,
      );
      assert.ok(msgs.length >= 1, `${spec} must be refused in a check`);
    }
  });

  it('facts, types, pure predicates and sibling check files stay allowed', async () => {
    for (const spec of [
      '../../core/types.js',
      '../../core/facts.js',
      '../../deploy/names.js',
      '../../deploy/types.js',
      '../../code/types.js',
      '../../resolve/sources.js',
      './shared.js',
      './deploy/index.js',
    ]) {
      assert.deepEqual(
        await restricted('src/checks/value/new-check.ts', `import { x } from '${spec}';\nexport const y = x;\n`),
        [],
        spec,
      );
    }
  });

  it("the rule is the checks' only: a collector may read files", async () => {
    assert.deepEqual(
      await restricted(
        'src/collect/new-collector.ts',
        `import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n`,
      ),
      [],
    );
  });
});
