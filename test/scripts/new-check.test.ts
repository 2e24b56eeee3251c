/**
 * The scaffold (`npm run new-check ID`) in a temporary copy of the repository: it writes the check,
 * its test and the generated family index and nothing else; the new check compiles, is registered,
 * and its test (one bad, one good case) passes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const REPO = process.cwd();
const ID = 'demo-scaffold-check';
/** A check of another family (every family's index is generated the same way). */
const ID2 = 'demo-scaffold-deploy';

function snapshot(dir: string, out = new Map<string, string>(), base = dir): Map<string, string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    if (e.isDirectory()) snapshot(p, out, base);
    else out.set(relative(base, p), readFileSync(p, 'utf8'));
  }
  return out;
}

describe('npm run new-check ID', () => {
  it('touches only its check, its test and the generated index (value and deploy families); the check compiles, is registered and passes its test', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'kd-scaffold-'));
    try {
      for (const d of ['src', 'scripts', 'docs', 'test/helpers'])
        cpSync(join(REPO, d), join(tmp, d), { recursive: true });
      for (const f of ['tsconfig.json', 'package.json']) cpSync(join(REPO, f), join(tmp, f));
      symlinkSync(join(REPO, 'node_modules'), join(tmp, 'node_modules'), 'dir');
      const before = snapshot(tmp);

      const dry = spawnSync(process.execPath, ['scripts/new-check.mjs', ID, '--dry-run'], {
        cwd: tmp,
        encoding: 'utf8',
      });
      assert.equal(dry.status, 0, dry.stderr);
      const planned = JSON.parse(dry.stdout) as Record<string, string>;
      assert.deepEqual(Object.keys(planned).sort(), [
        `src/checks/value/${ID}.ts`,
        'src/checks/value/index.ts',
        `test/checks/value/${ID}.test.ts`,
      ]);
      assert.deepEqual(snapshot(tmp), before, '--dry-run writes nothing');

      const run = spawnSync(process.execPath, ['scripts/new-check.mjs', ID], { cwd: tmp, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const after = snapshot(tmp);
      const changed = [...after.keys()].filter((k) => before.get(k) !== after.get(k)).sort();
      assert.deepEqual(changed, [
        `src/checks/value/${ID}.ts`,
        'src/checks/value/index.ts',
        `test/checks/value/${ID}.test.ts`,
      ]);
      for (const k of changed) assert.equal(after.get(k), planned[k], `${k} as the dry run said`);
      // The index is the generated one: regenerating it changes nothing, and it was current before.
      assert.equal(
        spawnSync(process.execPath, ['scripts/gen-index.mjs', '--check'], { cwd: tmp, encoding: 'utf8' }).status,
        0,
      );
      assert.equal(
        spawnSync(process.execPath, ['scripts/gen-index.mjs', '--check'], { cwd: REPO, encoding: 'utf8' }).status,
        0,
        "the repository's generated index is current",
      );

      // The same for a deploy check: its file, its test and the deploy family's generated index.
      const run2 = spawnSync(process.execPath, ['scripts/new-check.mjs', ID2, '--family', 'deploy'], {
        cwd: tmp,
        encoding: 'utf8',
      });
      assert.equal(run2.status, 0, run2.stderr);
      const after2 = snapshot(tmp);
      assert.deepEqual([...after2.keys()].filter((k) => after.get(k) !== after2.get(k)).sort(), [
        `src/checks/deploy/${ID2}.ts`,
        'src/checks/deploy/index.ts',
        `test/checks/deploy/${ID2}.test.ts`,
      ]);
      assert.equal(
        spawnSync(process.execPath, ['scripts/gen-index.mjs', '--check'], { cwd: tmp, encoding: 'utf8' }).status,
        0,
      );
      const live = spawnSync(
        process.execPath,
        ['scripts/new-check.mjs', 'live-demo-scaffold', '--family', 'live', '--dry-run'],
        { cwd: tmp, encoding: 'utf8' },
      );
      assert.equal(live.status, 2, 'live checks are made from their answer rules, not scaffolded');

      // They compile (strict, as the project), with their tests.
      writeFileSync(
        join(tmp, 'tsconfig.scaffold.json'),
        JSON.stringify({
          extends: './tsconfig.json',
          compilerOptions: { incremental: false, declaration: false, outDir: 'out' },
          include: [],
          files: [
            `src/checks/value/${ID}.ts`,
            'src/checks/value/index.ts',
            `test/checks/value/${ID}.test.ts`,
            `src/checks/deploy/${ID2}.ts`,
            'src/checks/deploy/index.ts',
            `test/checks/deploy/${ID2}.test.ts`,
          ],
        }),
      );
      const tsc = spawnSync(
        process.execPath,
        [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.scaffold.json'],
        { cwd: tmp, encoding: 'utf8' },
      );
      assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
      assert.ok(statSync(join(tmp, 'out', 'src', 'checks', 'value', `${ID}.js`)).isFile());

      // Registered: the family's checks include it.
      const index = (await import(pathToFileURL(resolve(tmp, 'out', 'src', 'checks', 'value', 'index.js')).href)) as {
        checks: Array<{ meta: { id: string } }>;
      };
      assert.ok(
        index.checks.some((c) => c.meta.id === ID),
        'registered in the value family',
      );
      // Its test passes: the bad case gives a finding, the good one none.
      // NODE_TEST_CONTEXT would make the child report to this runner instead of printing its results.
      const { NODE_TEST_CONTEXT: _ctx, ...env } = process.env;
      const test = spawnSync(process.execPath, ['--test', join('out', 'test', 'checks', 'value', `${ID}.test.js`)], {
        cwd: tmp,
        encoding: 'utf8',
        env,
      });
      assert.equal(test.status, 0, test.stdout);
      assert.match(test.stdout, /# pass 2/);
      const deploy = (await import(pathToFileURL(resolve(tmp, 'out', 'src', 'checks', 'deploy', 'index.js')).href)) as {
        checks: Array<{ meta: { id: string } }>;
      };
      assert.ok(
        deploy.checks.some((c) => c.meta.id === ID2),
        'registered in the deploy family',
      );
      const test2 = spawnSync(process.execPath, ['--test', join('out', 'test', 'checks', 'deploy', `${ID2}.test.js`)], {
        cwd: tmp,
        encoding: 'utf8',
        env,
      });
      assert.equal(test2.status, 0, test2.stdout);
      assert.match(test2.stdout, /# pass 2/);

      // A second run refuses: the id exists.
      const again = spawnSync(process.execPath, ['scripts/new-check.mjs', ID], { cwd: tmp, encoding: 'utf8' });
      assert.equal(again.status, 2);
      assert.match(again.stderr, /exists already/);
      const bad = spawnSync(process.execPath, ['scripts/new-check.mjs', 'Not_An_Id', '--dry-run'], {
        cwd: tmp,
        encoding: 'utf8',
      });
      assert.equal(bad.status, 2);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
