/**
 * What a trace holds (the shapes are in ./types.ts): the processes the hooks saw, their LLM
 * requests (credentials as masked form, length and salted hash, never the value), the answers, and
 * the processes they started. Records arrive as JSON lines from the hooks; {@link TraceCollector}
 * validates each one and merges answers into their requests. The same shape is saved
 * (`keydoctor trace --save FILE`) and read back (`keydoctor --trace FILE`, `keydoctor explain --trace FILE`).
 */
import type {
  TraceAction,
  TraceCredential,
  TraceFacts,
  TraceProcess,
  TraceRequest,
  TraceSpawn,
  TraceStop,
  TraceWorker,
} from './types.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max = 2000): string | undefined => (typeof v === 'string' ? v.slice(0, max) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const strs = (v: unknown, n = 32): string[] =>
  Array.isArray(v)
    ? v
        .filter((x): x is string => typeof x === 'string')
        .slice(0, n)
        .map((x) => x.slice(0, 2000))
    : [];

function credential(v: unknown): TraceCredential | null {
  if (!isObj(v)) return null;
  const header = str(v.header, 60);
  const masked = str(v.masked, 80);
  const length = num(v.length);
  if (!header || masked === undefined || length === undefined) return null;
  const hash = str(v.hash, 64);
  return {
    header,
    scheme: str(v.scheme, 40),
    kind: str(v.kind, 40) ?? 'other',
    masked,
    prefix: str(v.prefix, 8) ?? '',
    suffix: str(v.suffix, 4) ?? '',
    length,
    hash: hash && /^[0-9a-f]{32}$/.test(hash) ? hash : undefined,
  };
}

const ACTIONS = new Set<TraceAction>(['redirected', 'refused', 'live', 'local']);

export function parseRequest(v: Record<string, unknown>): TraceRequest | undefined {
  const id = str(v.id, 80);
  const pid = num(v.pid);
  const origin = str(v.origin, 400);
  const action = str(v.action) as TraceAction | undefined;
  if (!id || pid === undefined || !origin || !action || !ACTIONS.has(action)) return undefined;
  const sdk = isObj(v.sdk) ? v.sdk : {};
  const r: TraceRequest = {
    id,
    pid,
    thread: num(v.thread) ?? 0,
    t: num(v.t) ?? 0,
    lib: str(v.lib, 20) ?? 'unknown',
    method: str(v.method, 20) ?? 'GET',
    origin,
    path: str(v.path, 400) ?? '',
    query: strs(v.query, 10),
    action,
    credential: credential(v.credential),
    custom: strs(v.custom, 20),
    sdk: {
      ua: str(sdk.ua, 400),
      lang: str(sdk.lang, 40),
      version: str(sdk.version, 40),
      runtime: str(sdk.runtime, 40),
      runtimeVersion: str(sdk.runtimeVersion, 40),
    },
  };
  const org = str(v.organization, 80);
  const project = str(v.project, 80);
  if (org !== undefined) r.organization = org;
  if (project !== undefined) r.project = project;
  if (num(v.status) !== undefined) r.status = num(v.status);
  if (str(v.error) !== undefined) r.error = str(v.error, 300);
  if (isObj(v.emulator) && num(v.emulator.status) !== undefined)
    r.emulator = { status: num(v.emulator.status) as number, code: str(v.emulator.code, 80) };
  return r;
}

export function parseProcess(v: Record<string, unknown>): TraceProcess | undefined {
  const pid = num(v.pid);
  const runtime = v.runtime === 'node' || v.runtime === 'python' ? v.runtime : undefined;
  if (pid === undefined || !runtime) return undefined;
  const p: TraceProcess = {
    pid,
    ppid: num(v.ppid),
    thread: num(v.thread) ?? 0,
    main: v.main !== false,
    runtime,
    version: str(v.version, 40),
    argv: strs(v.argv, 24),
    cwd: str(v.cwd, 1000),
  };
  if (Array.isArray(v.execArgv)) p.execArgv = strs(v.execArgv, 24);
  if (str(v.nodeOptions) !== undefined && str(v.nodeOptions) !== '') p.nodeOptions = str(v.nodeOptions, 2000);
  if (isObj(v.npm)) p.npm = { event: str(v.npm.event, 200), pkg: str(v.npm.pkg, 1000) };
  if (str(v.executable) !== undefined) p.executable = str(v.executable, 1000);
  if (isObj(v.flags))
    p.flags = {
      isolated: v.flags.isolated === true,
      ignore_environment: v.flags.ignore_environment === true,
      no_site: v.flags.no_site === true,
    };
  return p;
}

function parseSpawn(v: Record<string, unknown>): TraceSpawn | undefined {
  const pid = num(v.pid);
  const file = str(v.file, 1000);
  if (pid === undefined || file === undefined) return undefined;
  const s: TraceSpawn = { pid, t: num(v.t) ?? 0, file, argv: strs(v.argv, 24) };
  if (v.shell === true) s.shell = true;
  if (isObj(v.hooked))
    s.hooked = { node: v.hooked.node === true, python: v.hooked.python === true, config: v.hooked.config === true };
  return s;
}

/** Collects the records of one trace as lines arrive (from the FIFO, or from a saved file). */
export class TraceCollector {
  readonly processes: TraceProcess[] = [];
  readonly requests: TraceRequest[] = [];
  readonly spawns: TraceSpawn[] = [];
  readonly workers: TraceWorker[] = [];
  dropped = 0;
  private readonly byId = new Map<string, TraceRequest>();
  private readonly early = new Map<string, { status?: number; error?: string }>();
  private partial = '';
  /** Called for every new LLM request record. */
  onRequest?: (r: TraceRequest) => void;
  onAnswer?: (r: TraceRequest) => void;
  /** The line keydoctor writes after the command ended: everything before it has been read. */
  endNonce?: string;
  onEnd?: () => void;

  /** Feeds raw text (any chunking); complete lines are parsed. */
  feed(chunk: string): void {
    const text = this.partial + chunk;
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    if (this.partial.length > 64 * 1024) {
      this.partial = '';
      this.dropped++;
    }
    for (const line of lines) if (line.trim()) this.line(line);
  }

  line(line: string): void {
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      this.dropped++;
      return;
    }
    if (!isObj(v)) {
      this.dropped++;
      return;
    }
    switch (v.type) {
      case 'end':
        if (this.endNonce !== undefined && v.nonce === this.endNonce) this.onEnd?.();
        return;
      case 'request': {
        const r = parseRequest(v);
        if (!r || this.byId.has(r.id)) break;
        const a = this.early.get(r.id);
        if (a) Object.assign(r, a);
        this.byId.set(r.id, r);
        this.requests.push(r);
        this.onRequest?.(r);
        if (a) this.onAnswer?.(r);
        return;
      }
      case 'answer': {
        const id = str(v.id, 80);
        if (!id) break;
        const a: { status?: number; error?: string } = {};
        if (num(v.status) !== undefined) a.status = num(v.status);
        if (str(v.error) !== undefined) a.error = str(v.error, 300);
        const r = this.byId.get(id);
        if (r) {
          if (r.status === undefined && r.error === undefined) {
            Object.assign(r, a);
            this.onAnswer?.(r);
          }
        } else this.early.set(id, a);
        return;
      }
      case 'process': {
        const p = parseProcess(v);
        if (p) {
          this.processes.push(p);
          return;
        }
        break;
      }
      case 'spawn': {
        const s = parseSpawn(v);
        if (s) {
          this.spawns.push(s);
          return;
        }
        break;
      }
      case 'worker': {
        const pid = num(v.pid);
        const worker = num(v.worker);
        if (pid !== undefined && worker !== undefined) {
          this.workers.push({ pid, thread: num(v.thread) ?? 0, worker });
          return;
        }
        break;
      }
    }
    this.dropped++;
  }

  /** The emulator's own view of a redirected request (by the id the hook gave it). */
  emulatorAnswer(id: string, status: number, code: string | undefined): void {
    const r = this.byId.get(id);
    if (r) r.emulator = { status, code };
    else this.pendingEmulator.set(id, { status, code });
  }

  private readonly pendingEmulator = new Map<string, { status: number; code?: string }>();

  finish(): void {
    if (this.partial.trim()) this.line(this.partial);
    this.partial = '';
    for (const [id, e] of this.pendingEmulator) {
      const r = this.byId.get(id);
      if (r) r.emulator = e;
    }
    this.pendingEmulator.clear();
  }
}

/** Reads a saved trace: the document `trace --save` writes, or the JSON report of `trace --format json`. */
export function parseTraceDocument(text: string): TraceFacts {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Error('not valid JSON');
  }
  if (isObj(v) && isObj(v.data) && isObj(v.data.trace)) v = v.data.trace;
  if (!isObj(v) || v.kind !== 'keydoctor-trace' || v.version !== 1)
    throw new Error('not a keydoctor trace (save one with `keydoctor trace --save FILE -- CMD`)');
  const salt = str(v.salt, 200);
  if (!salt) throw new Error('the trace has no salt');
  const c = new TraceCollector();
  for (const list of ['processes', 'requests', 'spawns', 'workers'] as const) {
    const items = Array.isArray(v[list]) ? (v[list] as unknown[]) : [];
    const type = { processes: 'process', requests: 'request', spawns: 'spawn', workers: 'worker' }[list];
    for (const item of items.slice(0, 100_000)) if (isObj(item)) c.line(JSON.stringify({ ...item, type }));
  }
  const exit = isObj(v.exit)
    ? { code: num(v.exit.code) ?? null, signal: str(v.exit.signal, 20) ?? null, error: str(v.exit.error, 300) }
    : undefined;
  return {
    version: 1,
    salt,
    command: strs(v.command, 64),
    cwd: str(v.cwd, 1000) ?? '',
    live: v.live === true,
    started: num(v.started) ?? 0,
    ended: num(v.ended),
    stopped: str(v.stopped, 20) as TraceStop | undefined,
    exit,
    processes: c.processes,
    requests: c.requests,
    spawns: c.spawns,
    workers: c.workers,
    dropped: c.dropped + (num(v.dropped) ?? 0),
    ...(str(v.target, 200) ? { target: str(v.target, 200) } : {}),
  };
}

/** The saved form of a trace (what `--save` writes and {@link parseTraceDocument} reads). */
export function traceDocument(t: TraceFacts): Record<string, unknown> {
  return { tool: 'keydoctor', kind: 'keydoctor-trace', ...t };
}
