/**
 * What a trace means next to the static model: which target each traced process is, what that
 * target was predicted to send and where, and, per distinct (process, endpoint, credential), whether
 * the app did. Pure: reads the trace and the resolver's public result (targets and their
 * resolutions), never the disk. The trace checks and the `trace` report both use it.
 */
import { nodeRequire } from '../core/require.js';
import type * as Crypto from 'node:crypto';
import { posix, relative, dirname, isAbsolute } from 'node:path';
import type { Facts } from '../core/facts.js';
import type { Assignment, Location, Target } from '../core/types.js';
import { classifyCredential, isCredentialName } from '../keys/classify.js';
import { locString } from '../core/location.js';
import { hostOf, isLoopback, providerOfHost } from './endpoints.js';
import { OPENAI_BASE_URL_VARS, firstSet } from '../providers/index.js';
import type { TraceCredential, TraceFacts, TraceProcess, TraceRequest } from './types.js';

let crypto: typeof Crypto | undefined;

/** The hooks' hash: HMAC-SHA-256 with the trace's salt, 32 hex digits. (node:crypto loads on the first call: most runs have no trace.) */
export function credentialHash(salt: string, value: string): string {
  crypto ??= nodeRequire()('node:crypto') as typeof Crypto;
  return crypto.createHmac('sha256', salt).update(value, 'utf8').digest('hex').slice(0, 32);
}

export function hashMatches(salt: string, value: string, c: TraceCredential): boolean {
  if (!c.hash) return false;
  for (const v of new Set([value, value.trim()])) if (credentialHash(salt, v) === c.hash) return true;
  return false;
}

/** A place a value comes from, for messages: `~/.zshrc:3`, `.env:1`, `the environment keydoctor runs in`. */
export function sourceLabel(a: Assignment): string {
  return locString(a.location) ?? (a.kind === 'process-env' ? 'the environment keydoctor runs in' : a.kind);
}

const CANDIDATES = new WeakMap<Facts, Assignment[]>();

function candidates(facts: Facts): Assignment[] {
  let list = CANDIDATES.get(facts);
  if (!list) {
    list = facts.assignments.filter(
      (a) =>
        a.value.trim().length > 0 &&
        (isCredentialName(a.name) || classifyCredential(a.value.trim()).provider !== undefined),
    );
    CANDIDATES.set(facts, list);
  }
  return list;
}

/** Every local value (environment, start-up files, dotenv files, deployment files) that is this credential. */
export function localSources(facts: Facts, salt: string, c: TraceCredential): Assignment[] {
  return candidates(facts)
    .filter((a) => a.value.length === c.length || a.value.trim().length === c.length)
    .filter((a) => hashMatches(salt, a.value, c));
}

// ---------------------------------------------------------------------------------------------
// Processes and targets

export function processLabel(p: TraceProcess | undefined, pid: number): string {
  if (!p) return `pid ${pid}`;
  const exe = posix.basename((p.argv[0] ?? p.runtime).replace(/\\/g, '/'));
  const args = p.argv.slice(1, 4).map((a) => (a.length > 60 ? `…${a.slice(-50)}` : a));
  return `${[exe, ...args].join(' ')}${p.argv.length > 4 ? ' …' : ''} (pid ${pid})`;
}

function rel(root: string, cwd: string | undefined, file: string): string | undefined {
  const abs = isAbsolute(file) ? file : posix.join((cwd ?? root).replace(/\\/g, '/'), file);
  const r = relative(root, abs).replace(/\\/g, '/');
  return r.startsWith('..') || isAbsolute(r) ? undefined : r;
}

const NODE_VALUE_OPTS = new Set([
  '-r',
  '--require',
  '--import',
  '--loader',
  '--experimental-loader',
  '--env-file',
  '--env-file-if-exists',
  '--input-type',
  '--conditions',
  '-C',
  '--title',
  '--stack-size',
]);

/** The script a Node process runs (relative to the root), when it runs one. */
function nodeScript(p: TraceProcess, root: string): string | undefined {
  const args = p.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-e' || a === '--eval' || a === '-p' || a === '--print') return undefined;
    if (NODE_VALUE_OPTS.has(a)) {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    return rel(root, p.cwd, a);
  }
  return undefined;
}

/** The files a Python process runs: the script, the `-m` module, or the `module:app` of a server. */
function pythonScripts(p: TraceProcess, root: string): string[] {
  const args = p.argv.slice(1);
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-c') return out;
    if (a === '-m') {
      const mod = (args[i + 1] ?? '').replace(/\./g, '/');
      if (mod) out.push(`${mod}.py`, `${mod}/__main__.py`);
      for (const x of args.slice(i + 2)) {
        const m = /^([A-Za-z_][\w.]*):[A-Za-z_]\w*$/.exec(x);
        if (m) out.push(`${(m[1] as string).replace(/\./g, '/')}.py`);
      }
      break;
    }
    if (a === '-W' || a === '-X' || a === '--check-hash-based-pycs') {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    out.push(a);
    for (const x of args.slice(i + 1)) {
      const m = /^([A-Za-z_][\w.]*):[A-Za-z_]\w*$/.exec(x);
      if (m) out.push(`${(m[1] as string).replace(/\./g, '/')}.py`);
    }
    break;
  }
  return out.map((f) => rel(root, p.cwd, f)).filter((f): f is string => f !== undefined);
}

export interface TargetMatch {
  target?: Target;
  /** How it was matched: `--target`, `npm script start`, `script server.js`. */
  how?: string;
  /** Why a target that runs the same script was not taken. */
  unmatched?: string;
}

/** Node options of the process that load environment files themselves (`--env-file=.env`, `-r dotenv/config`). */
function envLoadingOptions(p: TraceProcess): string[] {
  const words = [...(p.execArgv ?? []), ...(p.nodeOptions ?? '').split(/\s+/).filter(Boolean)];
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (/^--env-file(?:-if-exists)?(?:=|$)/.test(w))
      out.push(w.includes('=') ? w : `${w} ${words[i + 1] ?? ''}`.trim());
    else if (/^(?:-r|--require|--import)$/.test(w) && /dotenv/.test(words[i + 1] ?? ''))
      out.push(`${w} ${words[i + 1]}`);
    else if (/^(?:--require|--import)=.*dotenv/.test(w)) out.push(w);
  }
  return out;
}

/** Which target a traced process is, from its command line and npm's lifecycle variables. */
export function matchProcess(
  p: TraceProcess | undefined,
  facts: Facts,
  targets: Target[],
  forced?: string,
): TargetMatch {
  if (forced) {
    const t = targets.find((x) => x.id === forced);
    return t ? { target: t, how: '--target' } : {};
  }
  if (!p) return {};
  const root = facts.root;
  if (p.runtime === 'node') {
    if (p.npm?.event) {
      const pkgDir = p.npm.pkg ? dirname(p.npm.pkg) : p.cwd;
      const prefix = pkgDir ? relative(root, pkgDir).replace(/\\/g, '/') : '';
      if (!prefix.startsWith('..')) {
        const id = `node:${prefix ? `${prefix}:` : ''}${p.npm.event}`;
        const t = targets.find((x) => x.id === id);
        if (t) return { target: t, how: `npm script ${p.npm.event}` };
        const pkgRel = prefix ? `${prefix}/package.json` : 'package.json';
        const fw = targets.find(
          (x) =>
            ['next', 'vite', 'cra'].includes(x.kind) &&
            x.location?.path === pkgRel &&
            x.label.includes(p.npm?.event ?? ''),
        );
        if (fw) return { target: fw, how: `npm script ${p.npm.event}` };
      }
    }
    const script = nodeScript(p, root);
    if (script) {
      const t = targets.find((x) => x.kind === 'node' && (x.id === `node:${script}` || x.id.endsWith(`:${script}`)));
      if (t) {
        // Started with its own environment loading (node --env-file=.env app.js) where the target's command has none: another launch.
        const own = envLoadingOptions(p).filter((o) => !t.label.includes(o.split(/[= ]/)[0] as string));
        if (own.length)
          return {
            unmatched: `started with ${own.join(' ')}, which ${t.label} (${t.id}) does not use, so its prediction does not apply`,
          };
        return { target: t, how: `script ${script}` };
      }
    }
    return {};
  }
  for (const s of pythonScripts(p, root)) {
    const t = targets.find((x) => x.id === `python:${s}`);
    if (t) return { target: t, how: `script ${s}` };
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Predictions

export interface Prediction {
  target: Target;
  /** host or host:port the target's clients send to. */
  hosts: Set<string>;
  /** The key the target is predicted to send and where it comes from. */
  key?: { name: string; value: string; source: string; location?: Location };
  /** Literal keys of the project's clients (they beat the environment). */
  literals: string[];
}

const DEFAULT_HOST = 'api.openai.com';

function valueOf(t: Target, name: string): string | undefined {
  const v = t.vars[name]?.value;
  return v === undefined || v.trim() === '' ? undefined : v;
}

export function predictionFor(facts: Facts, t: Target): Prediction {
  const hosts = new Set<string>();
  const base = firstSet(OPENAI_BASE_URL_VARS, (n) => valueOf(t, n))?.value;
  const endpoint = valueOf(t, 'AZURE_OPENAI_ENDPOINT');
  if (t.azure && endpoint) {
    const h = hostOf(endpoint);
    if (h) hosts.add(h);
  }
  const baseHost = hostOf(base);
  if (baseHost) hosts.add(baseHost);
  else if (!t.azure) hosts.add(DEFAULT_HOST);
  const literals: string[] = [];
  for (const c of facts.code?.clients ?? []) {
    for (const v of [c.options.baseURL, c.options.azureEndpoint]) {
      const h =
        v?.kind === 'literal'
          ? hostOf(v.value)
          : v?.kind === 'env'
            ? hostOf(valueOf(t, v.name) ?? v.default)
            : undefined;
      if (h) hosts.add(h);
    }
    if (c.options.apiKey?.kind === 'literal') literals.push(c.options.apiKey.value);
  }
  const r = t.vars[t.keyVar];
  const key =
    r?.value !== undefined && r.value !== ''
      ? {
          name: t.keyVar,
          value: r.value,
          source: r.winner ? sourceLabel(r.winner) : 'unknown',
          location: r.winner?.location,
        }
      : undefined;
  return { target: t, hosts, key, literals };
}

// ---------------------------------------------------------------------------------------------
// Lines: one per distinct (process, endpoint, credential)

export type Verdict =
  'as-predicted' | 'key-differs' | 'no-credential' | 'unpredicted-endpoint' | 'no-target' | 'not-modelled' | 'local';

export interface TraceLine {
  pid: number;
  process?: TraceProcess;
  processLabel: string;
  origin: string;
  host: string;
  provider?: string;
  credential: TraceCredential | null;
  /** What the credential is, for people: from the local value it matches when there is one. */
  credentialLabel: string;
  requests: TraceRequest[];
  paths: string[];
  statuses: string[];
  sdk?: string;
  organization?: string;
  project?: string;
  custom: string[];
  match: TargetMatch;
  prediction?: Prediction;
  /** Local sources holding the credential that was sent. */
  sentFrom: Assignment[];
  verdict: Verdict;
}

function hostPort(origin: string): string {
  try {
    const u = new URL(origin);
    return u.port ? `${u.hostname.toLowerCase()}:${u.port}` : u.hostname.toLowerCase();
  } catch {
    return origin;
  }
}

function sdkOf(r: TraceRequest): string | undefined {
  if (r.sdk.lang && r.sdk.version)
    return `openai-${r.sdk.lang === 'js' ? 'node' : r.sdk.lang} ${r.sdk.version}${r.sdk.runtime ? ` on ${r.sdk.runtime}${r.sdk.runtimeVersion ? ` ${r.sdk.runtimeVersion}` : ''}` : ''}`;
  return r.sdk.ua ? `User-Agent ${r.sdk.ua}` : undefined;
}

/** Whether keydoctor's static model covers this endpoint's clients (OpenAI, Azure, OpenAI-compatible gateways and proxies). */
function modelled(host: string, c: TraceCredential | null): boolean {
  const p = providerOfHost(host);
  if (p === undefined || p === 'openai' || p === 'azure') return true;
  return c !== null && c.kind.startsWith('openai-');
}

function statusText(r: TraceRequest): string {
  if (r.status !== undefined) return r.emulator?.code ? `${r.status} ${r.emulator.code}` : String(r.status);
  if (r.error) return r.error === 'KEYDOCTOR_TRACE_REFUSED' ? 'refused' : r.error;
  return r.action === 'refused' ? 'refused' : 'no answer';
}

function describeCredential(c: TraceCredential | null, from: Assignment[]): string {
  if (!c) return 'no credential';
  const local = from[0];
  const what = local ? classifyCredential(local.value.trim()).label : c.kind === 'jwt' ? 'a JWT bearer token' : c.kind;
  return `${c.masked} (${what}, ${c.length} characters, in ${c.header}${c.scheme ? ` ${c.scheme}` : ''})`;
}

const LINES = new WeakMap<Facts, { trace: TraceFacts; forced?: string; lines: TraceLine[] }>();

/** The trace, grouped and compared with the prediction for each process's target. */
export function traceLines(facts: Facts, targets: Target[], trace: TraceFacts, forced?: string): TraceLine[] {
  const cached = LINES.get(facts);
  if (cached && cached.trace === trace && cached.forced === forced) return cached.lines;
  const procs = new Map<number, TraceProcess>();
  for (const p of trace.processes) if (p.main || !procs.has(p.pid)) procs.set(p.pid, p);
  const groups = new Map<string, TraceRequest[]>();
  for (const r of trace.requests) {
    const k = `${r.pid}|${r.origin}|${r.credential ? (r.credential.hash ?? `${r.credential.masked}|${r.credential.length}`) : 'none'}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)?.push(r);
  }
  const predictions = new Map<string, Prediction>();
  const lines: TraceLine[] = [];
  for (const reqs of groups.values()) {
    const first = reqs[0] as TraceRequest;
    const p = procs.get(first.pid);
    const match = matchProcess(p, facts, targets, forced);
    let prediction: Prediction | undefined;
    if (match.target) {
      prediction = predictions.get(match.target.id);
      if (!prediction) {
        prediction = predictionFor(facts, match.target);
        predictions.set(match.target.id, prediction);
      }
    }
    const host = hostPort(first.origin);
    const sentFrom = first.credential ? localSources(facts, trace.salt, first.credential) : [];
    const line: TraceLine = {
      pid: first.pid,
      process: p,
      processLabel: processLabel(p, first.pid),
      origin: first.origin,
      host,
      provider: providerOfHost(host),
      credential: first.credential,
      credentialLabel: describeCredential(first.credential, sentFrom),
      requests: reqs,
      paths: [...new Set(reqs.map((r) => `${r.method} ${r.path}`))].slice(0, 5),
      statuses: [...new Set(reqs.map(statusText))],
      sdk: sdkOf(first),
      organization: first.organization,
      project: first.project,
      custom: [...new Set(reqs.flatMap((r) => r.custom))],
      match,
      prediction,
      sentFrom,
      verdict: 'no-target',
    };
    line.verdict = verdictOf(line, facts, targets, trace.salt);
    lines.push(line);
  }
  lines.sort((a, b) => a.pid - b.pid || a.origin.localeCompare(b.origin));
  LINES.set(facts, { trace, forced, lines });
  return lines;
}

/** Every endpoint some target is predicted to send to. */
export function predictedHosts(facts: Facts, targets: Target[]): Set<string> {
  const out = new Set<string>();
  for (const t of targets) for (const h of predictionFor(facts, t).hosts) out.add(h);
  return out;
}

function verdictOf(line: TraceLine, facts: Facts, targets: Target[], salt: string): Verdict {
  const hostOnly = line.host.replace(/:\d+$/, '');
  const local = isLoopback(hostOnly);
  if (!line.credential && !local) return 'no-credential';
  if (!modelled(line.host, line.credential)) return 'not-modelled';
  const pred = line.prediction;
  const known = (set: Set<string>) => set.has(line.host) || set.has(hostOnly);
  if (pred) {
    if (!known(pred.hosts)) return local && !line.credential ? 'local' : 'unpredicted-endpoint';
    if (!line.credential) return 'local';
    const expected = [pred.key?.value, ...pred.literals].filter((v): v is string => v !== undefined);
    if (expected.some((v) => hashMatches(salt, v, line.credential as TraceCredential))) return 'as-predicted';
    return 'key-differs';
  }
  if (!known(predictedHosts(facts, targets))) return local && !line.credential ? 'local' : 'unpredicted-endpoint';
  return local ? 'local' : 'no-target';
}
