/** What every pre-commit hook of keydoctor must do, on real commits in `root` (its hook installed). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openaiKey } from './keys.js';

export function hookCommits(root: string, label: string, env: NodeJS.ProcessEnv): void {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: root, env, encoding: 'utf8' });
  const key = openaiKey('proj', `hooks-${label}`);
  writeFileSync(join(root, 'settings.py'), `OPENAI_API_KEY = "${key}"\n`);
  git('add', '-A');
  const blocked = git('commit', '-m', 'add settings');
  const output = blocked.stdout + blocked.stderr;
  assert.notEqual(blocked.status, 0, `the hook lets a key through:\n${output}`);
  assert.match(output, /key-hardcoded\s+settings\.py:1/);
  assert.ok(!output.includes(key), 'the hook printed the key');
  assert.ok(output.includes(`${key.slice(0, 8)}…${key.slice(-4)}`), output);
  // The key got in anyway (--no-verify); the commit that removes it must pass.
  assert.equal(git('commit', '-q', '--no-verify', '-m', 'add settings').status, 0);
  writeFileSync(join(root, 'settings.py'), 'import os\nOPENAI_API_KEY = os.environ["OPENAI_API_KEY"]\n');
  git('add', '-A');
  const removal = git('commit', '-m', 'read the key from the environment');
  assert.equal(removal.status, 0, removal.stdout + removal.stderr);
  writeFileSync(join(root, 'more.py'), 'print("hello")\n');
  git('add', '-A');
  const clean = git('commit', '-m', 'clean');
  assert.equal(clean.status, 0, clean.stdout + clean.stderr);
  assert.equal(git('log', '--format=%s').stdout.trim().split('\n').length >= 3, true);
}
