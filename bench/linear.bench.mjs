#!/usr/bin/env node
// Whether detection and masking stay linear in the number of keys (R07: 10,000 keys in one file took
// 33-50 s, 20,000 took 148 s: every secret was searched for in every string). Each step makes the
// input 4 times larger; linear work takes about 4 times longer, quadratic 16 times. Held to the
// target: each 4x step costs at most 6x (the median of several runs, in this process, so start-up
// does not blur it), in CPU time. Measured: the masking pass (SecretSet.maskDeep over a report-like object with
// one string per key), detection of every key in one file (detect), and the whole `keydoctor scan`
// of a project whose fixtures.py holds N keys (a separate process; its wall time is printed).
import { mkdtempSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

// Collected garbage between runs, so one size's leftovers do not land on the next one's clock.
if (typeof globalThis.gc !== 'function') {
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}
const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist');
const bin = join(dist, 'cli', 'bin.cjs');
if (!existsSync(bin)) {
  console.error(`linear.bench: ${dist} is missing; run \`npm run build\` first`);
  process.exit(1);
}
const { SecretSet } = await import(join(dist, 'src', 'keys', 'mask.js'));
const { detect } = await import(join(dist, 'src', 'scan', 'detect.js'));

const RUNS = Number(process.env.KD_BENCH_RUNS ?? 5);
const MAX_STEP = 6;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const rand = (n) => [...randomBytes(n)].map((b) => ALNUM[b % ALNUM.length]).join('');
const MARK = ['T3Bl', 'bkFJ'].join('');
const legacy = () => `${['s', 'k'].join('')}-${rand(20)}${MARK}${rand(20)}`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timeIt(f) {
  const ms = [];
  f(); // warm-up: compiled code and built tables, not measured
  for (let i = 0; i < RUNS; i++) {
    globalThis.gc();
    // CPU time of this process: other processes on a shared machine do not inflate it as they do wall time.
    const c0 = process.cpuUsage();
    f();
    const c = process.cpuUsage(c0);
    ms.push((c.user + c.system) / 1000);
  }
  return median(ms);
}

let failed = false;
function report(name, sizes, times) {
  const steps = times.slice(1).map((t, i) => t / Math.max(times[i], 0.01));
  const worst = Math.max(...steps);
  const ok = worst <= MAX_STEP;
  if (!ok) failed = true;
  console.log(
    `${name}: ${sizes.map((n, i) => `${n} ${times[i].toFixed(1)} ms`).join(', ')}; per 4x: ${steps.map((s) => s.toFixed(1) + 'x').join(', ')} (target <= ${MAX_STEP}x) ${ok ? 'ok' : 'OVER'}`,
  );
}

// 1. The masking pass: N secrets, a report with one finding per key (message, data) plus noise.
{
  const sizes = [2000, 8000, 32000];
  const times = sizes.map((n) => {
    const keys = Array.from({ length: n }, legacy);
    const set = new SecretSet();
    for (const k of keys) set.add(k);
    const report = {
      findings: keys.map((k, i) => ({
        id: 'key-hardcoded',
        message: `A legacy key (${k}) sits in fixtures.py:${i + 1}`,
        location: { path: 'fixtures.py', line: i + 1 },
        data: { note: `line ${i} of a generated file ${rand(20)}` },
      })),
    };
    set.maskDeep({ warm: keys[0] });
    return timeIt(() => set.maskDeep(report));
  });
  report('masking (maskDeep, one string per key)', sizes, times);
}

// 2. Detection of every key of one file.
{
  const sizes = [10000, 40000, 160000];
  const times = sizes.map((n) => {
    const buf = Buffer.from(Array.from({ length: n }, (_, i) => `k${i}="${legacy()}"`).join('\n'));
    return timeIt(() => detect(buf, { context: 'source', maxHits: Infinity }));
  });
  report('detection (detect, keys in one file)', sizes, times);
}

// 3. The whole scan, as a user runs it (wall time of the process; listed keys capped per file).
{
  const dir = mkdtempSync(join(tmpdir(), 'kd-bench-linear-'));
  try {
    const sizes = [5000, 20000, 80000];
    const times = sizes.map((n) => {
      const root = join(dir, String(n));
      spawnSync('mkdir', ['-p', root]);
      writeFileSync(join(root, 'fixtures.py'), Array.from({ length: n }, (_, i) => `k${i}="${legacy()}"`).join('\n'));
      const ms = [];
      for (let i = 0; i < Math.min(RUNS, 3); i++) {
        const t0 = process.hrtime.bigint();
        const r = spawnSync(process.execPath, [bin, 'scan', root, '--format', 'json'], {
          stdio: ['ignore', 'pipe', 'pipe'],
          maxBuffer: 256 << 20,
        });
        if (r.status === 2 || r.status === null) throw new Error(`scan failed: ${r.stderr.toString().slice(0, 300)}`);
        ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      return median(ms);
    });
    // Start-up is a constant part of each run: the step ratio of a process is gentler than the work's.
    report('keydoctor scan (whole process)', sizes, times);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// 4. The doctor on one large file of each kind that once cost more than linear time (each under
// its size cap): package.json scripts naming their own dotenv files, a Dockerfile of ENV/RUN/COPY
// lines, a dotenv file of duplicate lines, a compose file of many services.
{
  const kinds = {
    'package.json scripts': (n) => ({
      'package.json': JSON.stringify({
        name: 'x',
        dependencies: { openai: '^4' },
        scripts: Object.fromEntries(
          Array.from({ length: n }, (_, i) => [
            `s${i}`,
            `node --env-file=.env s${i}.js && dotenv -e .env.${i} -- node x.js`,
          ]),
        ),
      }),
      'index.js': "import OpenAI from 'openai'; new OpenAI();\n",
    }),
    'Dockerfile lines': (n) => ({
      Dockerfile: [
        'FROM python:3.12',
        ...Array.from({ length: n }, (_, i) =>
          i % 4 === 0
            ? `ENV V${i}=x${i}`
            : i % 4 === 1
              ? `FROM base AS s${i}`
              : i % 4 === 2
                ? `COPY .env /app/${i}`
                : `RUN echo ${i}`,
        ),
      ].join('\n'),
      '.env': 'OPENAI_API_KEY=x\n',
    }),
    'dotenv duplicate lines': (n) => ({
      '.env': Array.from({ length: n }, (_, i) => `V${i % 7}=x`).join('\n'),
      'app.py': 'from dotenv import load_dotenv\nload_dotenv()\nimport openai\n',
    }),
    'compose services': (n) => ({
      'docker-compose.yml': `services:\n${Array.from({ length: n }, (_, i) => `  s${i}:\n    image: x\n    environment:\n      OPENAI_API_KEY: \${OPENAI_API_KEY}\n`).join('')}`,
    }),
  };
  const dir = mkdtempSync(join(tmpdir(), 'kd-bench-linear-doctor-'));
  try {
    for (const [name, make] of Object.entries(kinds)) {
      const sizes = [2000, 8000];
      const times = sizes.map((n) => {
        const root = join(dir, `${name.replace(/\W+/g, '-')}-${n}`);
        spawnSync('mkdir', ['-p', root]);
        for (const [f, text] of Object.entries(make(n))) writeFileSync(join(root, f), text);
        const ms = [];
        for (let i = 0; i < Math.min(RUNS, 3); i++) {
          const t0 = process.hrtime.bigint();
          const r = spawnSync(process.execPath, [bin, 'doctor', root, '--offline', '--format', 'json'], {
            stdio: ['ignore', 'pipe', 'pipe'],
            maxBuffer: 256 << 20,
            env: { PATH: process.env.PATH, HOME: root },
          });
          if (r.status === 2 || r.status === null)
            throw new Error(`doctor failed on ${name}: ${r.stderr.toString().slice(0, 300)}`);
          ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
        return median(ms);
      });
      report(`keydoctor doctor, ${name}`, sizes, times);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exit(failed ? 1 : 0);
