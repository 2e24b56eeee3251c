// Shared by the benchmarks: interleaved timed runs of whole commands (wall time, CPU time and peak
// memory from GNU time where it is installed), medians, the machine's load, and one printed row
// with a figure beside its floor as a ratio (`npm run bench -- --compare`).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

/** The load averages and the time, as `uptime` prints them. */
export function uptime() {
  try {
    const [a, b, c] = readFileSync('/proc/loadavg', 'utf8').split(' ');
    return `load average ${a}, ${b}, ${c} at ${new Date().toISOString().slice(11, 19)} UTC`;
  } catch {
    return 'load unknown';
  }
}

/** One run of [command, args, { cwd, env, input, shell }]: wall s, cpu s, peak MB (where GNU time is), status. */
export function runOnce([cmd, args, opts = {}]) {
  const t0 = process.hrtime.bigint();
  const wrapped = TIME ? [TIME, ['-f', '\n%U %S %M', cmd, ...args]] : [cmd, args];
  const r = spawnSync(wrapped[0], wrapped[1], {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    input: opts.input,
    stdio: ['pipe', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  let cpu = NaN;
  let maxMB = NaN;
  if (TIME) {
    const m = /\n([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr?.toString() ?? '');
    if (m) {
      cpu = Number(m[1]) + Number(m[2]);
      maxMB = Number(m[3]) / 1024;
    }
  }
  return { wall, cpu, maxMB, status: r.status };
}

/**
 * Runs the commands in turn, `runs` rounds after one warm-up round (so one command's cache misses
 * or a burst of load do not all land on one of them); medians per command.
 */
export function measure(commands, runs = 5) {
  const all = commands.map(() => []);
  for (let round = 0; round <= runs; round++) {
    commands.forEach((c, i) => {
      const r = runOnce(c);
      if (round > 0) all[i].push(r);
    });
  }
  return all.map((rs) => ({
    wall: median(rs.map((r) => r.wall)),
    cpu: median(rs.map((r) => r.cpu)),
    maxMB: median(rs.map((r) => r.maxMB)),
    status: rs[0]?.status,
    runs: rs.length,
  }));
}

const s = (x) => (Number.isFinite(x) ? `${x.toFixed(3)} s` : '?');
const mb = (x) => (Number.isFinite(x) ? `${x.toFixed(0)} MB` : '?');

/** `name: 0.123 s (cpu 0.2 s, 80 MB) | floor 0.050 s (cpu ...) | 2.46x | note` */
export function row(name, fig, floor, note = '') {
  let out = `${name}: ${s(fig.wall)} (cpu ${s(fig.cpu)}, ${mb(fig.maxMB)})`;
  if (floor)
    out += ` | floor ${s(floor.wall)} (cpu ${s(floor.cpu)}, ${mb(floor.maxMB)}) | ${(fig.wall / floor.wall).toFixed(2)}x wall, ${(fig.cpu / floor.cpu).toFixed(2)}x cpu, +${(fig.wall - floor.wall).toFixed(3)} s`;
  return note ? `${out} | ${note}` : out;
}
