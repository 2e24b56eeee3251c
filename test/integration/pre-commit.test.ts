/**
 * The real pre-commit framework (Debian's `pre-commit`) installs keydoctor's hook from a clone of
 * this repository at HEAD, as a user's `.pre-commit-config.yaml` (the README's snippet) asks, with
 * `language: node` (npm install, npm pack, npm install -g), and the hook blocks a commit that adds a
 * key, passes one that removes it and a clean one. npm runs offline (tests touch no network):
 * .ci/run fills npm's cache first; without that cache the test says so and skips.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { tempProject } from '../helpers/project.js';
import { readmeSnippet } from '../helpers/readme.js';
import { hookCommits } from '../helpers/hook-commits.js';

const env: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'T',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 'T',
  GIT_COMMITTER_EMAIL: 't@example.com',
  npm_config_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  NO_COLOR: '1',
};
const here = resolve('.');

function why(): string | undefined {
  if (spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status !== 0)
    return 'the pre-commit framework is not installed (apt-get install pre-commit)';
  if (spawnSync('git', ['rev-parse', 'HEAD'], { cwd: here }).status !== 0)
    return `${here} is not a git checkout with a commit`;
  // What pre-commit's npm install -g of keydoctor needs must be in npm's cache (offline).
  const dir = mkdtempSync(join(tmpdir(), 'kd-npm-'));
  try {
    const pack = spawnSync('npm', ['pack', '--silent', '--pack-destination', dir], {
      cwd: here,
      env,
      encoding: 'utf8',
    });
    const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    if (pack.status !== 0 || !tgz) return `npm pack failed: ${pack.stderr.slice(0, 300)}`;
    const inst = spawnSync('npm', ['install', '-g', '--prefix', join(dir, 'prefix'), join(dir, tgz)], {
      cwd: dir,
      env,
      encoding: 'utf8',
    });
    if (inst.status !== 0)
      return /ENOTCACHED/.test(inst.stderr)
        ? "npm's cache lacks keydoctor's dependencies (the test installs offline; .ci/run fills the cache with npm install -g --prefix DIR $(npm pack))"
        : `npm install -g failed: ${inst.stderr.slice(0, 300)}`;
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const skip = why();
if (skip) console.log(`# SKIP pre-commit: ${skip}`);

describe('the pre-commit framework with keydoctor-scan', { skip }, () => {
  const p = tempProject({ 'README.md': '# app\n' }, {}, { git: true });
  const home = mkdtempSync(join(tmpdir(), 'kd-pre-commit-'));
  const run = (...args: string[]) =>
    spawnSync('pre-commit', args, {
      cwd: p.root,
      env: { ...env, PRE_COMMIT_HOME: home },
      encoding: 'utf8',
      timeout: 540_000,
    });
  after(() => {
    p.cleanup();
    rmSync(home, { recursive: true, force: true });
  });

  before(() => {
    const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: here, encoding: 'utf8' }).stdout.trim();
    // The README's config, pointed at this checkout instead of GitHub.
    const config = readmeSnippet('# .pre-commit-config.yaml')
      .replace('https://github.com/keydoctor/keydoctor', here)
      .replace(/rev: .*/, `rev: ${head}`);
    assert.ok(config.includes(here) && config.includes(head));
    writeFileSync(join(p.root, '.pre-commit-config.yaml'), config);
    spawnSync('git', ['add', '-A'], { cwd: p.root, env });
    spawnSync('git', ['commit', '-qm', 'pre-commit'], { cwd: p.root, env });
    const install = run('install');
    assert.equal(install.status, 0, install.stdout + install.stderr);
    const hooks = run('install-hooks');
    assert.equal(hooks.status, 0, `pre-commit could not install the hook:\n${hooks.stdout}${hooks.stderr}`);
  });

  it('blocks a commit that adds a key, passes one that removes it and a clean one', () => {
    hookCommits(p.root, 'pre-commit', { ...env, PRE_COMMIT_HOME: home });
  });

  it('runs on demand over the staged content (pre-commit run)', () => {
    const r = run('run', 'keydoctor-scan');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /keydoctor scan.*Passed/);
  });
});
