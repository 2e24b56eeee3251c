#!/usr/bin/env node
// `keydoctor scan` on real repositories as cloned (their .gitignore files in force), beside ripgrep
// with one OpenAI regex over the same tree (hidden files searched, .gitignore honoured, .git not).
// Target (issue 19): at most 1.5x ripgrep's wall time, or ripgrep + 0.1 s where the tree is so
// small that Node's own start dominates. The repositories are not part of this one: clone them
// anywhere (as cloned: their .gitignore files in force) and name them, by argument or by variable:
//   npm run bench -- repos --compare --repos=/tmp/babel,/tmp/trivy,/tmp/trufflehog,/tmp/langchainjs
//   npm run bench -- repos --compare --repos-dir=/tmp/clones   (issue 19's four, by name, in one folder)
//   KD_BENCH_REPOS=/tmp/babel,/tmp/trivy npm run bench -- repos --compare
//   KD_BENCH_REPOS_DIR=/tmp/clones npm run bench -- repos --compare
// KD_BENCH_HISTORY=/tmp/openai-python also times `keydoctor scan --history` there beside
// `git log -p --all | rg` (target: within 2x). A named folder that is absent is skipped with a line
// saying so; with none named (or without ripgrep) the benchmark says so and passes.
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { measure, row, uptime } from './compare.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const bin = process.env.KD_BIN ?? join(here, '..', 'dist', 'cli', 'bin.cjs');
const RUNS = Number(process.env.KD_BENCH_RUNS ?? 7);
/** The four trees issue 19 measures. */
const ISSUE_REPOS = ['babel', 'trivy', 'trufflehog', 'langchainjs'];
const arg = (name) =>
  process.argv
    .slice(2)
    .find((a) => a.startsWith(`--${name}=`))
    ?.slice(name.length + 3);
const list = (v) => (v ?? '').split(',').filter(Boolean);
const reposDir = arg('repos-dir') ?? process.env.KD_BENCH_REPOS_DIR;
const named = [
  ...list(arg('repos') ?? process.env.KD_BENCH_REPOS),
  ...(reposDir ? ISSUE_REPOS.map((r) => join(reposDir, r)) : []),
];
const histories = list(process.env.KD_BENCH_HISTORY);
const isDir = (d) => statSync(d, { throwIfNoEntry: false })?.isDirectory() === true;
for (const d of [...named, ...histories])
  if (!isDir(d)) console.log(`repos: ${d} is absent (clone it there to measure it); skipped`);
const repos = named.filter(isDir);
if (repos.length === 0 && histories.filter(isDir).length === 0) {
  console.log(
    'repos: no repository to measure (--repos=DIR,DIR, --repos-dir=DIR, KD_BENCH_REPOS or KD_BENCH_REPOS_DIR name cloned repositories); skipped',
  );
  process.exit(0);
}
if (spawnSync('rg', ['--version']).status !== 0) {
  console.log('repos: ripgrep is not installed (apt-get install ripgrep); skipped');
  process.exit(0);
}
if (!existsSync(bin)) {
  console.error(`repos.bench: ${bin} is missing; run \`npm run build\` first`);
  process.exit(1);
}
const RG =
  '(?:sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,100}T3BlbkFJ[A-Za-z0-9_-]{20,100}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})';
let over = 0;
console.log(`load at start: ${uptime()} (medians of ${RUNS} interleaved runs)`);
// Node's own start in this environment, the part of every figure below that is not keydoctor's: an
// environment that sets NODE_EXTRA_CA_CERTS makes Node read that CA file at every start (34 ms of
// 56 on the sandbox these figures were first taken on), before any of keydoctor's code runs.
{
  const plain = { ...process.env };
  delete plain.NODE_EXTRA_CA_CERTS;
  const starts = [[process.execPath, ['-e', '0']]];
  if (process.env.NODE_EXTRA_CA_CERTS) starts.push([process.execPath, ['-e', '0'], { env: plain }]);
  const [here, without] = measure(starts, RUNS);
  console.log(
    `node's own start here: ${here.wall.toFixed(3)} s` +
      (without ? ` (NODE_EXTRA_CA_CERTS is set; without it: ${without.wall.toFixed(3)} s)` : ''),
  );
}
for (const dir of repos) {
  const kd = [process.execPath, [bin, 'scan', dir, '--format', 'json']];
  const rg = ['rg', ['--hidden', '-g', '!.git', '--no-messages', '-n', '-o', '-j2', RG, dir]];
  const [k, r] = measure([kd, rg], RUNS);
  const ok = k.wall <= 1.5 * r.wall || k.wall <= r.wall + 0.1;
  if (!ok) over++;
  console.log(row(`keydoctor scan ${basename(dir)}`, k, r, `target <= 1.5x or +0.1 s: ${ok ? 'ok' : 'OVER'}`));
}
for (const dir of histories.filter(isDir)) {
  const kd = [process.execPath, [bin, 'scan', dir, '--history', '--format', 'json']];
  const floor = ['sh', ['-c', `git -C '${dir.replace(/'/g, `'\\''`)}' log -p --all | rg -c '${RG}'`]];
  const [k, f] = measure([kd, floor], Math.min(RUNS, 3));
  const ok = k.wall <= 2 * f.wall;
  if (!ok) over++;
  console.log(row(`keydoctor scan --history ${basename(dir)}`, k, f, `target <= 2x: ${ok ? 'ok' : 'OVER'}`));
}
console.log(`load: ${uptime()}`);
process.exit(over ? 1 : 0);
