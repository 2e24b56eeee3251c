/**
 * Running a command under the trace: a private folder (mode 0700) with the FIFO the hooks write to,
 * their configuration and the hooks themselves; the emulator (unless --live); the command with the
 * hooks in its environment; and the stop: when it exits, after the timeout, or after N LLM requests,
 * with every process it started ended. The folder is removed afterwards.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  writeSync,
  constants as fsc,
} from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { maskLoose } from '../keys/mask.js';
import type { EmulatorConfig } from '../emulator/types.js';
import { NODE_HOOK, PYTHON_HOOK } from './hooks/embedded.js';
import { TraceCollector } from './records.js';
import { startTraceServer, type TraceServer } from './server.js';
import type { TraceFacts, TraceStop } from './types.js';

export interface TraceOptions {
  /** The command and its arguments. */
  command: string[];
  cwd: string;
  /** The environment the command would get without the trace. */
  env: Record<string, string | undefined>;
  /** Let LLM requests through to their real endpoints. */
  live?: boolean;
  /** Stop after this many milliseconds (default 60 s; 0: never). */
  timeoutMs?: number;
  /** Stop after this many LLM requests have been answered. */
  maxRequests?: number;
  /** Hosts (or host:port) that count as LLM endpoints. */
  hosts: string[];
  /** An exact emulator state instead of accepting well-formed keys. */
  emulatorConfig?: EmulatorConfig;
  /** Keep the private folder (tests inspect it); the caller removes it. */
  keepTempDir?: boolean;
  /** Called with the private folder once it exists. */
  onTempDir?: (dir: string) => void;
  /** How long to wait after SIGTERM before SIGKILL (default 3000 ms). */
  graceMs?: number;
  /** How long to wait for the records still in the FIFO once everything has stopped (default 5000 ms). */
  drainMs?: number;
  /** Receives the stop handle: call it to end the trace (Ctrl-C). */
  onStart?: (stop: (why: TraceStop) => void) => void;
}

export interface TraceRun {
  trace: TraceFacts;
  /** The private folder, when kept. */
  tempDir?: string;
  /** What the child's environment changed, for the report. */
  envChanges: string[];
}

export class TraceError extends Error {}

const ENV_MARK = 'KEYDOCTOR_TRACE';

function quoteNodeOption(path: string): string {
  return /[\s"\\]/.test(path) ? `"${path.replace(/(["\\])/g, '\\$1')}"` : path;
}

/** The child's environment: the hooks' configuration, NODE_OPTIONS, PYTHONPATH, and loopback in NO_PROXY. */
export function childEnvironment(
  env: Record<string, string | undefined>,
  paths: { config: string; nodeHook: string; pythonDir: string },
  live: boolean,
): { env: Record<string, string>; changes: string[] } {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') out[k] = v;
  const changes: string[] = [];
  out[ENV_MARK] = paths.config;
  changes.push(`${ENV_MARK}=<the trace's private folder>/config.json (where the hooks find the FIFO and the emulator)`);
  const nodeOptions = out.NODE_OPTIONS ?? '';
  // Next.js before PR #96651 keeps only the last --require of NODE_OPTIONS in its workers: when the
  // user already preloads something with --require, ours goes in with --import, which it leaves alone.
  const userRequires = /(?:^|\s)(?:--require|-r)(?:[=\s]|$)/.test(nodeOptions);
  const ours = userRequires
    ? `--import=${quoteNodeOption(pathToFileURL(paths.nodeHook).href)}`
    : `--require=${quoteNodeOption(paths.nodeHook)}`;
  out.NODE_OPTIONS = nodeOptions.trim() ? `${nodeOptions.trim()} ${ours}` : ours;
  changes.push(
    `NODE_OPTIONS: ${ours.replace(paths.nodeHook, '<folder>/keydoctor-trace-hook.cjs').replace(pathToFileURL(paths.nodeHook).href, 'file://<folder>/keydoctor-trace-hook.cjs')} appended`,
  );
  out.PYTHONPATH = out.PYTHONPATH ? `${paths.pythonDir}${delimiter}${out.PYTHONPATH}` : paths.pythonDir;
  changes.push('PYTHONPATH: <folder>/python (holding only sitecustomize.py) put first');
  const proxied = Object.keys(out).some((k) => /^(https?|all)_proxy$/i.test(k) && out[k]);
  if (!live && proxied) {
    for (const name of ['NO_PROXY', 'no_proxy']) {
      const cur = out[name] ?? out[name === 'NO_PROXY' ? 'no_proxy' : 'NO_PROXY'] ?? '';
      out[name] = cur ? `${cur},127.0.0.1,localhost` : '127.0.0.1,localhost';
    }
    changes.push(
      'NO_PROXY / no_proxy: 127.0.0.1,localhost appended (the emulator is reached directly, never through your proxy)',
    );
  }
  return { env: out, changes };
}

/** Pids of every descendant of `root` (ps works on Linux and macOS). */
export function descendants(root: number): number[] {
  const r = spawnSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8', timeout: 5000 });
  if (r.status !== 0 || typeof r.stdout !== 'string') return [];
  const children = new Map<number, number[]>();
  for (const line of r.stdout.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(line);
    if (!m) continue;
    const pid = Number(m[1]);
    const ppid = Number(m[2]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid)?.push(pid);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const p = queue.shift() as number;
    for (const c of children.get(p) ?? []) {
      if (out.includes(c) || c === root) continue;
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

/** Linux: processes whose environment carries this trace's configuration (orphans of the command included). */
function markedProcesses(config: string): number[] {
  if (process.platform !== 'linux') return [];
  const out: number[] = [];
  const needle = `${ENV_MARK}=${config}\u0000`;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${e}/environ`, 'latin1').includes(needle)) out.push(Number(e));
    } catch {
      /* gone, or not ours */
    }
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

/** SIGTERM to the whole tree, then SIGKILL to whatever is left after the grace period. */
async function stopTree(child: ChildProcess, config: string, graceMs: number): Promise<void> {
  const collect = () => {
    const set = new Set<number>(markedProcesses(config));
    if (child.pid !== undefined) {
      for (const p of descendants(child.pid)) set.add(p);
      if (child.exitCode === null && child.signalCode === null) set.add(child.pid);
    }
    return [...set];
  };
  let pids = collect();
  for (const p of pids) {
    try {
      process.kill(p, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  const until = Date.now() + graceMs;
  while (Date.now() < until && pids.some(alive)) await sleep(50);
  pids = [...new Set([...pids.filter(alive), ...collect()])];
  for (const p of pids) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

/** Runs the command under the trace and returns what the hooks recorded. */
export async function runTrace(opts: TraceOptions): Promise<TraceRun> {
  if (process.platform === 'win32')
    throw new TraceError('keydoctor trace needs a POSIX system (Linux or macOS): it talks to its hooks through a FIFO');
  if (opts.command.length === 0) throw new TraceError('no command given: `keydoctor trace -- npm start`');
  const dir = mkdtempSync(join(tmpdir(), 'keydoctor-trace-'));
  opts.onTempDir?.(dir);
  let server: TraceServer | undefined;
  let reader: Socket | undefined;
  let readFd = -1;
  try {
    const fifo = join(dir, 'records.fifo');
    const made = spawnSync('mkfifo', ['-m', '600', fifo], { encoding: 'utf8', timeout: 5000 });
    if (made.status !== 0)
      throw new TraceError(
        `cannot make the FIFO the hooks write to (mkfifo: ${made.error ? (made.error as NodeJS.ErrnoException).code : (made.stderr ?? '').trim()})`,
      );
    const nodeHook = join(dir, 'keydoctor-trace-hook.cjs');
    const pythonDir = join(dir, 'python');
    const config = join(dir, 'config.json');
    writeFileSync(nodeHook, NODE_HOOK, { mode: 0o600 });
    mkdirSync(pythonDir, { mode: 0o700 });
    writeFileSync(join(pythonDir, 'sitecustomize.py'), PYTHON_HOOK, { mode: 0o600 });
    const salt = randomBytes(16).toString('hex');

    const collector = new TraceCollector();
    if (!opts.live)
      server = await startTraceServer({
        config: opts.emulatorConfig,
        onAnswer: (id, status, code) => collector.emulatorAnswer(id, status, code),
      });
    writeFileSync(
      config,
      JSON.stringify({
        v: 1,
        fifo,
        salt,
        emulator: server?.url ?? null,
        live: Boolean(opts.live),
        hosts: opts.hosts,
        nodeHook,
        pythonDir,
        self: config,
      }),
      { mode: 0o600 },
    );

    // Our end of the FIFO, opened read-write so it never sees end-of-file while writers come and go.
    readFd = openSync(fifo, fsc.O_RDWR | fsc.O_NONBLOCK);
    reader = new Socket({ fd: readFd, readable: true, writable: false });
    reader.setEncoding('utf8');
    const nonce = randomBytes(8).toString('hex');
    let drained: (() => void) | undefined;
    collector.endNonce = nonce;
    collector.onEnd = () => drained?.();
    reader.on('data', (chunk: string) => collector.feed(chunk));
    reader.on('error', () => drained?.());

    const { env, changes } = childEnvironment(opts.env, { config, nodeHook, pythonDir }, Boolean(opts.live));
    const started = Date.now();
    let stopped = 'exit' as TraceStop;
    let startError: string | undefined;
    const child = spawn(opts.command[0] as string, opts.command.slice(1), { cwd: opts.cwd, env, stdio: 'inherit' });
    const exited = new Promise<{ code: number | null; signal: string | null }>((done) => {
      child.once('error', (e) => {
        startError = `${(e as NodeJS.ErrnoException).code ?? 'error'}: ${maskLoose(e.message)}`;
        stopped = 'start-failed';
        done({ code: null, signal: null });
      });
      child.once('exit', (code, signal) => done({ code, signal }));
    });
    let stopping: Promise<void> | undefined;
    const stop = (why: TraceStop) => {
      if (stopping) return;
      stopped = why;
      stopping = stopTree(child, config, opts.graceMs ?? 3000);
    };
    opts.onStart?.(stop);
    const timeoutMs = opts.timeoutMs ?? 60_000;
    const timer = timeoutMs > 0 ? setTimeout(() => stop('timeout'), timeoutMs) : undefined;
    if (opts.maxRequests !== undefined) {
      let answered = 0;
      collector.onAnswer = () => {
        answered++;
        if (answered >= (opts.maxRequests as number)) stop('max-requests');
      };
    }
    const exit = await exited;
    if (timer) clearTimeout(timer);
    // Whatever the command left running (a server it started in the background) ends with it.
    if (!stopping && stopped !== 'start-failed') {
      const left = markedProcesses(config);
      if (left.length) stopping = stopTree(child, config, opts.graceMs ?? 3000);
    }
    await stopping;

    // Everything written before now sits in the FIFO ahead of this line. It starts with a line break:
    // a writer that left half a line (killed mid-write, or anything else that opened the FIFO) would
    // otherwise swallow the marker, and the trace would wait for it forever. And the wait is bounded.
    await new Promise<void>((done) => {
      const bound = setTimeout(done, opts.drainMs ?? 5000);
      drained = () => {
        clearTimeout(bound);
        done();
      };
      try {
        const w = openSync(fifo, fsc.O_WRONLY | fsc.O_NONBLOCK);
        writeSync(w, `\n{"type":"end","nonce":"${nonce}"}\n`);
        closeSync(w);
      } catch {
        drained();
      }
    });
    collector.finish();
    return {
      trace: {
        version: 1,
        salt,
        command: opts.command.map((a) => maskLoose(a)),
        cwd: opts.cwd,
        live: Boolean(opts.live),
        started,
        ended: Date.now(),
        stopped,
        exit: { code: exit.code, signal: exit.signal, ...(startError ? { error: startError } : {}) },
        processes: collector.processes,
        requests: collector.requests,
        spawns: collector.spawns,
        workers: collector.workers,
        dropped: collector.dropped,
      },
      tempDir: opts.keepTempDir ? dir : undefined,
      envChanges: changes,
    };
  } finally {
    reader?.destroy();
    await server?.close();
    if (!opts.keepTempDir) rmSync(dir, { recursive: true, force: true });
  }
}
