/**
 * Where the trace was blind: processes it knows ran (the command itself, children the hooks saw
 * being started, worker threads) but that did not load the hook. Pure, from the trace alone.
 */
import { posix } from 'node:path';
import type { TraceFacts } from './types.js';

export interface BlindSpot {
  process: string;
  reason: 'python-flags' | 'env-dropped' | 'worker' | 'container' | 'no-hook';
  message: string;
  fix: string;
}

const PYTHON = /^(?:python|pythonw|python\d+(?:\.\d+)?|pypy\d*)(?:\.exe)?$/i;
const NODE = /^(?:node|nodejs)(?:\.exe)?$/i;
const CONTAINER = /^(?:docker|podman|nerdctl|kubectl|docker-compose)$/;

const base = (f: string) => posix.basename(f.replace(/\\/g, '/'));

/** The flags among -I, -E, -S a Python command line gives (combined forms like `-IS` included). */
export function pythonBlindFlags(args: string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (a === '--' || !a.startsWith('-') || a === '-') break;
    if (a.startsWith('--')) continue;
    let stop = false;
    for (const ch of a.slice(1)) {
      if ('IES'.includes(ch)) out.push(`-${ch}`);
      // -c, -m, -W, -X, -Q take the rest of the word (or the next one) as their argument.
      if ('cmWXQ'.includes(ch)) {
        stop = true;
        break;
      }
    }
    if (stop) break;
  }
  return [...new Set(out)];
}

function flagWhy(flags: string[]): string {
  const parts: string[] = [];
  if (flags.includes('-I')) parts.push('-I (isolated mode) ignores PYTHONPATH');
  if (flags.includes('-E')) parts.push('-E ignores PYTHON* variables, PYTHONPATH included');
  if (flags.includes('-S')) parts.push('-S skips the site module, which imports sitecustomize');
  return parts.join('; ');
}

export function blindSpots(trace: TraceFacts): BlindSpot[] {
  const out: BlindSpot[] = [];
  const cmd = trace.command;
  const exe = cmd[0] ? base(cmd[0]) : '';
  const shown = cmd.slice(0, 4).join(' ') + (cmd.length > 4 ? ' …' : '');
  if (PYTHON.test(exe)) {
    const flags = pythonBlindFlags(cmd.slice(1));
    if (flags.length)
      out.push({
        process: shown,
        reason: 'python-flags',
        message: `The command runs Python with ${flags.join(' ')}: ${flagWhy(flags)}, so the trace's hook never loaded in it and its requests were neither recorded nor redirected.`,
        fix: `Trace it without ${flags.join(' ')} (\`keydoctor trace -- ${exe} ${cmd
          .slice(1)
          .filter((a) => !/^-[IES]+$/.test(a))
          .join(' ')}\`).`,
      });
  }
  for (const s of trace.spawns) {
    const file = base(s.file);
    const args = s.argv[0] && base(s.argv[0]) === file ? s.argv.slice(1) : s.argv;
    const line = `${file} ${args.slice(0, 3).join(' ')}`.trim();
    if (PYTHON.test(file)) {
      const flags = pythonBlindFlags(args);
      if (flags.length) {
        out.push({
          process: line,
          reason: 'python-flags',
          message: `pid ${s.pid} started \`${line}\` with ${flags.join(' ')}: ${flagWhy(flags)}, so that process could not be observed.`,
          fix: `Start it without ${flags.join(' ')} while tracing, or trace it on its own.`,
        });
        continue;
      }
      if (s.hooked && !s.hooked.python)
        out.push({
          process: line,
          reason: 'env-dropped',
          message: `pid ${s.pid} started \`${line}\` with an environment of its own that lacks the trace's PYTHONPATH, so that process could not be observed.`,
          fix: "Pass the parent's environment on to the child (env={**os.environ, ...}), or trace the child on its own.",
        });
    } else if (NODE.test(file) && s.hooked && !s.hooked.node) {
      out.push({
        process: line,
        reason: 'env-dropped',
        message: `pid ${s.pid} started \`${line}\` with an environment of its own that lacks the trace's NODE_OPTIONS, so that process could not be observed.`,
        fix: "Pass the parent's environment on to the child (env: { ...process.env, ... }), or trace the child on its own.",
      });
    } else if (CONTAINER.test(file)) {
      out.push({
        process: line,
        reason: 'container',
        message: `pid ${s.pid} started \`${line}\`: processes inside containers do not get the trace's hooks.`,
        fix: 'Run the app outside the container to trace it (`keydoctor trace -- npm start`).',
      });
    }
  }
  const loaded = new Set(trace.processes.map((p) => `${p.pid}.${p.thread}`));
  for (const w of trace.workers) {
    if (loaded.has(`${w.pid}.${w.worker}`)) continue;
    out.push({
      process: `pid ${w.pid} worker ${w.worker}`,
      reason: 'worker',
      message: `Worker thread ${w.worker} of pid ${w.pid} did not load the trace's preload (a worker started with its own execArgv or env), so requests made inside it were not seen.`,
      fix: 'Start the worker without replacing execArgv/env, or make the request from the main thread while tracing.',
    });
  }
  if (trace.processes.length === 0 && trace.stopped !== 'start-failed') {
    if (CONTAINER.test(exe))
      out.push({
        process: shown,
        reason: 'container',
        message: `\`${shown}\` runs the app in a container, where the trace's hooks do not reach: nothing was observed.`,
        fix: 'Run the app outside the container to trace it (`keydoctor trace -- npm start`).',
      });
    else if (!out.some((b) => b.process === shown))
      out.push({
        process: shown,
        reason: 'no-hook',
        message: `No process started by \`${shown}\` loaded the trace's hook: it ran no Node or Python program the hook could reach (a compiled binary, another runtime, or flags that skip the hook), so nothing was observed and nothing was redirected.`,
        fix: 'Trace the Node or Python command itself (`keydoctor trace -- node server.js`, `keydoctor trace -- python app.py`).',
      });
  }
  return out;
}
