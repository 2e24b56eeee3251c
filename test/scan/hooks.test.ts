/**
 * The README's husky and lefthook snippets, run as the git hooks those tools install, on real
 * commits: a commit adding a key is blocked (and the key is never printed in full), a commit that
 * removes it passes, a clean one passes. keydoctor is the project's own (node_modules/.bin), as
 * after `npm install --save-dev`.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { tempProject } from '../helpers/project.js';
import { hookCommits } from '../helpers/hook-commits.js';
import { readmeSnippet } from '../helpers/readme.js';

const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'T',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 'T',
  GIT_COMMITTER_EMAIL: 't@example.com',
  npm_config_offline: 'true',
  NO_COLOR: '1',
};

/** A project with keydoctor installed as a dev dependency, and `hook` as its pre-commit hook. */
function project(install: (root: string) => void) {
  const p = tempProject(
    {
      'package.json': JSON.stringify({ name: 'app', private: true, devDependencies: { keydoctor: '*' } }),
      'README.md': '# app\n',
    },
    {},
    { git: true },
  );
  mkdirSync(join(p.root, 'node_modules', '.bin'), { recursive: true });
  // What npm links into .bin (and makes executable) for keydoctor's `bin`.
  const bin = join(p.root, 'node_modules', '.bin', 'keydoctor');
  writeFileSync(bin, `#!/bin/sh\nexec "${process.execPath}" "${resolve('dist', 'cli', 'bin.cjs')}" "$@"\n`);
  chmodSync(bin, 0o755);
  writeFileSync(join(p.root, '.gitignore'), 'node_modules\n');
  install(p.root);
  return p;
}

function writeHook(root: string, body: string): void {
  const hook = join(root, '.git', 'hooks', 'pre-commit');
  writeFileSync(hook, body);
  chmodSync(hook, 0o755);
}

describe('hooks from the README', () => {
  const made: Array<{ cleanup: () => void }> = [];
  after(() => made.forEach((p) => p.cleanup()));

  it('husky: .husky/pre-commit, run the way husky runs it (sh -e, node_modules/.bin on PATH)', () => {
    const snippet = readmeSnippet('# .husky/pre-commit');
    const p = project((root) => {
      mkdirSync(join(root, '.husky'), { recursive: true });
      writeFileSync(join(root, '.husky', 'pre-commit'), snippet);
      writeHook(root, '#!/bin/sh\nexport PATH="node_modules/.bin:$PATH"\nexec sh -e .husky/pre-commit "$@"\n');
    });
    made.push(p);
    hookCommits(p.root, 'husky', env);
  });

  it('lefthook: the run line of lefthook.yml as the pre-commit hook', () => {
    const config = parse(readmeSnippet('# lefthook.yml')) as {
      'pre-commit': { commands: Record<string, { run: string }> };
    };
    const run = config['pre-commit'].commands.keydoctor?.run;
    assert.ok(run);
    const p = project((root) => {
      writeFileSync(join(root, 'lefthook.yml'), readmeSnippet('# lefthook.yml'));
      writeHook(root, `#!/bin/sh\n${run}\n`);
    });
    made.push(p);
    hookCommits(p.root, 'lefthook', env);
  });
});
