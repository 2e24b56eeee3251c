#!/usr/bin/env node
// verify of a working key with its permission table, against the local emulator.
// Reports wall time per verify against the slowest single probe and one round-trip; the target is
// wall <= slowest probe + 2 round-trips (the key check, then every probe in parallel).
//   node bench/verify.bench.mjs [--dist DIR] [--runs N]
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const opt = (name, d) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : d;
};
const dist = resolve(opt('--dist', process.env.KD_DIST ?? 'dist'));
const runs = Number(opt('--runs', '30'));
const load = (p) => import(pathToFileURL(join(dist, p)).href);
const { startEmulator } = await load('src/emulator/index.js');
const { verifyKey } = await load('src/live/verify.js');

const key = `bench-${randomBytes(24).toString('hex')}`; // made at run time, never stored
const emu = await startEmulator({ keys: [{ key, organization: 'org-bench', project: 'proj_bench' }] });
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
try {
  // Warm-up (JIT, first connections).
  for (let i = 0; i < 3; i++) await verifyKey({ key, baseURL: `${emu.url}/v1`, env: {} });
  const walls = [],
    slowest = [],
    rtts = [],
    ratios = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = await verifyKey({ key, baseURL: `${emu.url}/v1`, env: {} });
    const wall = performance.now() - t0;
    if (!r.findings.some((f) => f.id === 'live-ok')) throw new Error('the key did not verify');
    const probeMs = (r.probes ?? []).map((p) => p.ms);
    const slow = Math.max(...probeMs);
    const rtt = r.probes?.[0]?.ms ?? 0; // the key check: one round-trip on its own
    walls.push(wall);
    slowest.push(slow);
    rtts.push(rtt);
    ratios.push((wall - slow) / Math.max(rtt, 0.5));
  }
  const w = median(walls),
    s = median(slowest),
    t = median(rtts);
  console.log(`verify (8 probes + /v1/me), ${runs} runs against the emulator on loopback`);
  console.log(
    `  wall time per verify   median ${w.toFixed(1)} ms  (min ${Math.min(...walls).toFixed(1)}, max ${Math.max(...walls).toFixed(1)})`,
  );
  console.log(`  slowest single probe   median ${s.toFixed(1)} ms`);
  console.log(`  one round-trip         median ${t.toFixed(1)} ms (the key check alone)`);
  console.log(
    `  wall - slowest probe   median ${(w - s).toFixed(1)} ms = ${median(ratios).toFixed(2)} round-trips (target <= 2)`,
  );
  console.log(`  requests answered      ${emu.requests()}`);
} finally {
  await emu.close();
}
