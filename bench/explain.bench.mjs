#!/usr/bin/env node
// How long `keydoctor explain FILE` takes on a 5 MB log: a realistic service log (access lines,
// JSON logs, unrelated tracebacks, one long minified line) with auth errors scattered through it,
// and a dense variant where every tenth line is an error. Target: under 1 s for the built CLI in
// dist/, start-up and the local match included. Held to the target: the median CPU time (user +
// system) of the process, which machine load does not inflate; the median wall time is printed too.
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'dist', 'cli', 'bin.cjs');
if (!existsSync(bin)) {
  console.error(`explain.bench: ${bin} is missing; run \`npm run build\` first`);
  process.exit(1);
}
const RUNS = Number(process.env.KD_BENCH_RUNS ?? 5);
const TARGET_MS = 1000;
const SIZE = 5 * 1024 * 1024;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const rand = (n) => [...randomBytes(n)].map((b) => ALNUM[b % ALNUM.length]).join('');
const mask = () => `sk-proj-${'*'.repeat(152)}${rand(4)}`;
const FIND = 'You can find your API key at https://platform.openai.com/account/api-keys.';

const NOISE = [
  (i) =>
    `2026-03-02T10:${String(i % 60).padStart(2, '0')}:03.118Z INFO  uvicorn.access 10.0.${i % 255}.7:51234 - "GET /api/items/${i} HTTP/1.1" 200`,
  (i) =>
    `{"level":"info","time":"2026-03-02T10:14:03Z","msg":"request completed","path":"/v1/chat","status":200,"ms":${i % 900},"user":"${rand(12)}"}`,
  (i) =>
    `2026-03-02 10:14:04,502 DEBUG httpx HTTP Request: POST https://api.openai.com/v1/chat/completions "HTTP/1.1 200 OK" (${i})`,
  () => `    at processTicksAndRejections (node:internal/process/task_queues:95:5)`,
  (i) =>
    `Traceback (most recent call last):\n  File "/app/worker.py", line ${i % 400}, in run\n    total += item["price"]\nKeyError: 'price'`,
  (i) => `[worker-${i % 8}] job ${rand(8)} finished in ${i % 5000} ms; queue depth ${i % 40}`,
];
const ERRORS = [
  () =>
    `openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided: ${mask()}. ${FIND}', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}`,
  () =>
    `openai.RateLimitError: Error code: 429 - {'error': {'message': 'You exceeded your current quota, please check your plan and billing details.', 'type': 'insufficient_quota', 'param': None, 'code': 'insufficient_quota'}}`,
  () => `AuthenticationError: 401 Incorrect API key provided: undefined. ${FIND}`,
  () =>
    `{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."}}`,
  () =>
    `■ unexpected status 401 Unauthorized: Missing bearer or basic authentication in header, url: https://api.openai.com/v1/responses, request id: req_${rand(32).toLowerCase()}`,
  () => `WARN[0000] The "OPENAI_API_KEY" variable is not set. Defaulting to a blank string.`,
];

function makeLog(errorEvery) {
  const lines = [];
  let size = 0;
  let i = 0;
  let e = 0;
  while (size < SIZE) {
    let line;
    if (i % errorEvery === errorEvery - 1) line = ERRORS[e++ % ERRORS.length]();
    else if (i === 5000)
      line = `/* minified bundle */ ${rand(300_000)}`; // one very long line
    else line = NOISE[i % NOISE.length](i);
    lines.push(line);
    size += line.length + 1;
    i++;
  }
  return lines.join('\n') + '\n';
}

// Preloaded into the measured process: prints its own CPU time at exit.
const CPU_PROBE = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('KD_CPU_MS '+((u.user+u.system)/1000).toFixed(0)+'\\n')})`;

function time(args, cwd, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', CPU_PROBE, bin, ...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status === 2 || r.status === null)
    throw new Error(`keydoctor ${args.join(' ')} failed (${r.status}): ${r.stderr.toString().slice(0, 300)}`);
  const cpu = Number(/KD_CPU_MS (\d+)/.exec(r.stderr.toString())?.[1] ?? NaN);
  return { ms, cpu, out: r.stdout.toString() };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = mkdtempSync(join(tmpdir(), 'kd-bench-explain-'));
let failed = false;
try {
  const project = join(dir, 'project');
  const home = join(dir, 'home');
  mkdirSync(project, { recursive: true });
  mkdirSync(home, { recursive: true });
  const env = { PATH: process.env.PATH ?? '', HOME: home, NO_COLOR: '1' };
  for (const [name, every] of [
    ['realistic (1 error per 2,000 lines)', 2000],
    ['dense (1 error per 10 lines)', 10],
  ]) {
    const file = join(dir, `log-${every}.txt`);
    const text = makeLog(every);
    writeFileSync(file, text);
    const walls = [];
    const cpus = [];
    let found = 0;
    for (let r = 0; r < RUNS; r++) {
      const { ms, cpu, out } = time(['explain', file, '--format', 'json'], project, env);
      walls.push(ms);
      cpus.push(cpu);
      found = JSON.parse(out).findings.length;
    }
    const cpu = median(cpus);
    const ok = cpu < TARGET_MS;
    if (!ok) failed = true;
    console.log(
      `explain, 5 MB log, ${name}: CPU median ${cpu.toFixed(0)} ms, wall median ${median(walls).toFixed(0)} ms (min ${Math.min(...walls).toFixed(0)}) over ${RUNS} runs; ${found} distinct findings; target < ${TARGET_MS} ms ${ok ? 'OK' : 'OVER'}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
