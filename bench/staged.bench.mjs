#!/usr/bin/env node
// The pre-commit hook's cost: `keydoctor scan --staged` on a commit of 20 files in a repository of
// 50,000 tracked files (one staged file holds a key, so the run reports it and exits 1).
// Target: under 200 ms (median wall time of several runs, the built CLI in dist/, Node start-up
// included). The repository is built once under .bench/ and kept for later runs.
import { mkdirSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnSync, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'dist', 'cli', 'bin.cjs');
if (!existsSync(bin)) {
  console.error(`staged.bench: ${bin} is missing; run \`npm run build\` first`);
  process.exit(1);
}
const RUNS = Number(process.env.KD_BENCH_RUNS ?? 9);
const FILES = 50_000;
const STAGED = 20;
const TARGET_MS = 200;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const rand = (n) => [...randomBytes(n)].map((b) => ALNUM[b % ALNUM.length]).join('');
const key = () => `sk-proj-${rand(74)}${['T3Bl', 'bkFJ'].join('')}${rand(74)}`;
const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
};
const git = (cwd, ...args) =>
  execFileSync('git', args, { cwd, env: gitEnv, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 }).toString();

const root = join(here, '..', '.bench', `staged-${FILES}`);
const fileOf = (k) => `pkg${k % 50}/sub${k % 13}/mod${k}.${['py', 'js', 'ts', 'md', 'json'][k % 5]}`;
if (!existsSync(join(root, '.git', 'kd-bench-ready'))) {
  rmSync(root, { recursive: true, force: true });
  console.log(`staged.bench: building a ${FILES.toLocaleString('en')}-file repository in ${root} (once)`);
  for (let k = 0; k < FILES; k++) {
    const p = join(root, fileOf(k));
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, `# file ${k}\nvalue_${k} = "${rand(40)}"\n`.repeat(4));
  }
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'init');
  writeFileSync(join(root, '.git', 'kd-bench-ready'), '');
}
// The commit under test: 20 changed files of about 2 KB each, one with a key.
git(root, 'reset', '-q', '--hard', 'HEAD');
for (let i = 0; i < STAGED; i++) {
  const k = i * 2311;
  const extra =
    `\n# change ${i}\nsetting_${i} = "${rand(60)}"\n`.repeat(20) + (i === 7 ? `OPENAI_API_KEY = "${key()}"\n` : '');
  writeFileSync(join(root, fileOf(k)), `# file ${k}\n${extra}`);
}
git(root, 'add', '-A');
const staged = git(root, 'diff', '--cached', '--name-only').split('\n').filter(Boolean).length;
const tracked = Number(git(root, 'ls-files').split('\n').filter(Boolean).length);

function run() {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, 'scan', '--staged', '--format', 'json'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 1)
    throw new Error(
      `keydoctor scan --staged exited ${r.status} (expected 1: the planted key): ${r.stderr.toString().slice(0, 300)}`,
    );
  const found = JSON.parse(r.stdout.toString()).findings.length;
  if (found !== 1) throw new Error(`expected the one planted key, got ${found} findings`);
  return ms;
}
run(); // warm the page cache
const times = Array.from({ length: RUNS }, run).sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const ok = median < TARGET_MS;
console.log(
  `scan --staged: ${staged} staged files in a ${tracked.toLocaleString('en')}-file repository: median ${median.toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times.at(-1).toFixed(0)}; ${RUNS} runs); target < ${TARGET_MS} ms ${ok ? 'ok' : 'OVER'}`,
);
git(root, 'reset', '-q', '--hard', 'HEAD');
process.exit(ok ? 0 : 1);
