#!/usr/bin/env node
// The scan's benchmarks (built CLI in dist/, or KD_DIST):
//   1. side by side with ripgrep and secretlint on the shared 49,000-file corpus with 36 planted keys
//      (../shared/bench/scan-bench.mjs; needs ripgrep and, once, the npm registry). Targets: 36/36
//      found, wall time at most 2x ripgrep's, peak memory under 200 MB.
//   2. the doctor's cost: the working-tree scan of a generated 1,000-file project, in process
//      (single-thread path). Target: under 100 ms.
//   3. history: a synthetic repository of KD_BENCH_COMMITS commits (default 3,000, built with git
//      fast-import) with keys added and removed along the way; commits/s, MB/s of diff, recall.
// Env: KD_BENCH_RUNS (default 3), KD_BENCH_ONLY=ripgrep,keydoctor (skip secretlint), KD_BENCH_SKIP_SHARED=1.
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
const dist = join(repo, process.env.KD_DIST ?? 'dist');
if (!existsSync(join(dist, 'src', 'scan', 'index.js'))) {
  console.error(`scan.bench: ${dist} has no build; run \`npm run build\` first`);
  process.exit(1);
}
const { scanTree, scanHistory } = await import(pathToFileURL(join(dist, 'src', 'scan', 'index.js')).href);
const RUNS = Number(process.env.KD_BENCH_RUNS ?? 3);
let failed = false;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

// Key-shaped strings made at run time, never stored.
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const rand = (seed, n, alphabet = ALNUM) => {
  let out = '';
  for (let i = 0; out.length < n; i++)
    for (const b of createHash('sha256').update(`${seed}:${i}`).digest())
      if (out.length < n) out += alphabet[b % alphabet.length];
  return out;
};
const MARK = ['T3Bl', 'bkFJ'].join('');
const key = (seed) => `${['s', 'k'].join('')}-proj-${rand(`a${seed}`, 74)}${MARK}${rand(`b${seed}`, 74)}`;

// 1. Side by side on the shared corpus.
const shared = join(repo, '..', 'shared', 'bench', 'scan-bench.mjs');
if (process.env.KD_BENCH_SKIP_SHARED) console.log('side-by-side: skipped (KD_BENCH_SKIP_SHARED)');
else if (!existsSync(shared)) console.log('side-by-side: ../shared/bench/scan-bench.mjs is absent here; skipped');
else if (spawnSync('rg', ['--version']).status !== 0)
  console.log('side-by-side: ripgrep is not installed (apt-get install ripgrep); skipped');
else {
  const args = [shared, '--repo', repo, '--runs', String(RUNS)];
  if (process.env.KD_BENCH_ONLY) args.push('--only', process.env.KD_BENCH_ONLY);
  const r = spawnSync(process.execPath, args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(r.stdout);
  const k = /keydoctor\s+median ([\d.]+) s .* peak (\d+) MB\s+recall (\d+)\/(\d+)/.exec(r.stdout);
  const g = /ripgrep\s+median ([\d.]+) s/.exec(r.stdout);
  if (!k) {
    console.log('side-by-side: no keydoctor figures (FAIL)');
    failed = true;
  } else {
    const [wall, peak, found, total] = [Number(k[1]), Number(k[2]), Number(k[3]), Number(k[4])];
    const ratio = g ? wall / Number(g[1]) : NaN;
    const ok = found === total && peak < 200 && (!g || ratio <= 2);
    console.log(
      `side-by-side: keydoctor ${wall.toFixed(2)} s (${Number.isNaN(ratio) ? '?' : ratio.toFixed(2)}x ripgrep), ${found}/${total} found, peak ${peak} MB: ${ok ? 'within target' : 'OVER TARGET'}`,
    );
    if (!ok) failed = true;
  }
}

// 2. The doctor's cost on a 1,000-file project.
{
  const dir = mkdtempSync(join(tmpdir(), 'kd-scan-bench-'));
  try {
    for (let i = 0; i < 1000; i++) {
      const sub = join(dir, `pkg${i % 40}`, i % 3 ? 'src' : 'lib');
      mkdirSync(sub, { recursive: true });
      const body = Array.from(
        { length: 60 },
        (_, j) => `export function f${j}_${i}(a, b) { return a + b * ${j}; } // ${rand(`${i}-${j}`, 24)}`,
      ).join('\n');
      writeFileSync(join(sub, `m${i}.${i % 5 ? 'ts' : 'py'}`), body + '\n');
    }
    writeFileSync(join(dir, 'pkg1', 'src', 'leak.ts'), `export const k = '${key('doctor')}';\n`);
    const times = [];
    let hits = 0;
    for (let i = 0; i < RUNS + 1; i++) {
      const t = performance.now();
      const r = await scanTree(dir);
      if (i > 0) times.push(performance.now() - t);
      hits = r.hits.length;
    }
    const ms = median(times);
    const ok = ms < 100 && hits === 1;
    console.log(
      `doctor's scan of 1,000 files: median ${ms.toFixed(1)} ms, ${hits}/1 found: ${ok ? 'within target (< 100 ms)' : 'OVER TARGET'}`,
    );
    if (!ok) failed = true;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// 3. History rate on a synthetic repository.
{
  const COMMITS = Number(process.env.KD_BENCH_COMMITS ?? 3000);
  const dir = mkdtempSync(join(tmpdir(), 'kd-scan-hist-'));
  try {
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
    const lines = [];
    const planted = new Set();
    const t0 = Date.parse('2024-01-01T00:00:00Z') / 1000;
    for (let c = 1; c <= COMMITS; c++) {
      lines.push(
        'commit refs/heads/main',
        `mark :${c}`,
        `author Bench <b@example.com> ${t0 + c * 600} +0000`,
        `committer Bench <b@example.com> ${t0 + c * 600} +0000`,
      );
      const msg = `change ${c}`;
      lines.push(`data ${Buffer.byteLength(msg)}`, msg);
      if (c > 1) lines.push(`from :${c - 1}`);
      for (let f = 0; f < 3; f++) {
        const path = `src/mod${(c * 7 + f) % 400}.ts`;
        let body =
          Array.from(
            { length: 40 },
            (_, j) => `export const v${j} = '${rand(`${c}-${f}-${j}`, 40)}'; // line ${j}`,
          ).join('\n') + '\n';
        if (c % 600 === 0 && f === 0) {
          const k = key(`hist-${c}`);
          planted.add(k);
          body += `export const apiKey = '${k}';\n`; // overwritten (removed) by a later commit to the same file
        }
        lines.push(`M 100644 inline ${path}`, `data ${Buffer.byteLength(body)}`, body);
      }
    }
    execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: lines.join('\n') + '\n', maxBuffer: 1 << 30 });
    execFileSync('git', ['checkout', '-q', 'main'], { cwd: dir });
    const times = [];
    let r;
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      r = await scanHistory(dir);
      times.push(performance.now() - t);
    }
    const s = median(times) / 1000;
    const found = r.hits.filter((h) => planted.has(h.secret)).length;
    console.log(
      `history: ${r.stats.commits} commits, ${(r.stats.bytes / 1e6).toFixed(1)} MB of diff in ${s.toFixed(2)} s: ${(r.stats.commits / s).toFixed(0)} commits/s, ${(r.stats.bytes / 1e6 / s).toFixed(1)} MB/s, ${found}/${planted.size} keys found, ${r.hits.length - found} other hits`,
    );
    if (found !== planted.size) failed = true;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exit(failed ? 1 : 0);
