/**
 * The local OpenAI / Azure OpenAI auth server: `startEmulator(config, { port })`. Loopback only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { normalizeConfig } from './config.js';
import { handleOpenAI } from './openai.js';
import { handleAzure } from './azure.js';
import { replies, type Reply } from './shapes.js';
import { maskSecret, visible, type SecretSet } from '../keys/mask.js';
import { collectSecrets } from '../keys/secrets.js';
import { pushAll } from '../core/arrays.js';
import type { EmulatorConfig, State, EmuRequest } from './types.js';

export interface EmulatorOptions {
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number;
  /** Called once per request with a one-line summary; credentials in it are masked. */
  log?: (line: string) => void;
}

export interface Emulator {
  /** `http://127.0.0.1:PORT` (the OpenAI base URL is `${url}/v1`). */
  url: string;
  port: number;
  /** Requests answered so far. */
  requests(): number;
  close(): Promise<void>;
}

const MAX_BODY = 4 * 1024 * 1024;

function faultFor(state: State, req: EmuRequest): Reply | undefined {
  for (const f of state.faults) {
    if (f.method && f.method.toUpperCase() !== req.method) continue;
    const match = f.path.endsWith('*') ? req.path.startsWith(f.path.slice(0, -1)) : req.path === f.path;
    if (!match) continue;
    const g = f as typeof f & { seen?: number };
    if (f.after !== undefined && (g.seen ?? 0) < f.after) {
      g.seen = (g.seen ?? 0) + 1;
      continue;
    }
    if (f.times !== undefined && f.used >= f.times) continue;
    f.used++;
    if (f.drop_after_effect) return { status: -2, hangUp: true, delayMs: f.delay_ms };
    if (f.hang_up) return { status: 0, hangUp: true, delayMs: f.delay_ms };
    if (f.status !== undefined) {
      const base =
        f.body !== undefined
          ? { status: f.status, body: f.body }
          : f.status === 429
            ? replies.rateLimitFault()
            : replies.serverError(f.status);
      return { ...base, headers: { ...(base.headers ?? {}), ...(f.headers ?? {}) }, delayMs: f.delay_ms };
    }
    if (f.delay_ms !== undefined) return { status: -1, delayMs: f.delay_ms };
  }
  return undefined;
}

const SCHEME = /^(?:bearer|basic|token|digest|bot|apikey|key|oauth|jwt|negotiate)$/i;

/** The credentials a request carries (header values, split from their scheme), for masking its log line. */
function credentialsOf(req: IncomingMessage): string[] {
  const out: string[] = [];
  for (const name of ['authorization', 'api-key', 'x-api-key', 'proxy-authorization']) {
    const v = req.headers[name];
    for (const h of Array.isArray(v) ? v : v === undefined ? [] : [v]) {
      out.push(h, h.trim());
      for (const t of h.split(/\s+/)) if (t && !SCHEME.test(t)) out.push(t);
    }
  }
  return out.filter((t) => t.length >= 8);
}

/** The credential a request carries, masked, for log lines: its scheme and separator as sent, the value masked. */
function credentialHint(req: IncomingMessage): string {
  const auth = req.headers.authorization;
  const key = req.headers['api-key'];
  if (typeof key === 'string') return `api-key ${maskSecret(key)}`;
  if (typeof auth === 'string') {
    const m = /^(\S+)(\s+)([\s\S]*)$/.exec(auth);
    if (m && SCHEME.test(m[1] as string))
      return `${m[1]}${m[2] === ' ' ? ' ' : visible(m[2] as string)}${maskSecret(m[3] as string)}`;
    return `Authorization without a scheme: ${maskSecret(auth)}`;
  }
  return 'no credential';
}

/** A request path as a log shows it: percent-decoded (so a key in it is judged as the key it is), control characters escaped. */
function shownPath(path: string): string {
  try {
    return visible(decodeURIComponent(path));
  } catch {
    return visible(path);
  }
}

/** One log line, through the same masking as every other output: the keys it knows, the request's own credentials, the net. */
function logLine(secrets: SecretSet, req: IncomingMessage, line: string): string {
  let out = line;
  for (const c of credentialsOf(req).sort((a, b) => b.length - a.length))
    if (out.includes(c)) out = out.split(c).join(maskSecret(c));
  return secrets.maskText(out);
}

export function serialize(r: Reply, azure: boolean): string {
  if (typeof r.body === 'string') return r.body;
  if (r.body === undefined) return '';
  // api.openai.com pretty-prints: errors with four spaces, other bodies with two; Azure sends compact JSON.
  if (azure) return JSON.stringify(r.body);
  const isError = r.status >= 400 && typeof r.body === 'object' && r.body !== null && 'error' in r.body;
  return JSON.stringify(r.body, null, isError ? 4 : 2) + '\n';
}

/** Every credential the emulator knows (its keys, admin keys, Azure keys and tokens): its log masks them. */
function secretsOfState(state: State): SecretSet {
  const keys: string[] = [...state.keys.keys()];
  for (const r of state.azure) pushAll(keys, [...r.keys, ...r.tokens.keys()]);
  return collectSecrets({ keys });
}

export function createHandler(state: State, opts: EmulatorOptions = {}) {
  let count = 0;
  const secrets = opts.log ? secretsOfState(state) : undefined;
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const started = Date.now();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      // Whatever a request holds, it never takes the server down: an exception is a 500 for that request.
      try {
        answer();
      } catch {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(serialize(replies.serverError(500), false));
        } else res.destroy();
      }
    });
    const answer = (): void => {
      count++;
      const url = new URL(req.url ?? '/', 'http://emulator.invalid');
      const ip = (state.clientIp ?? req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
      const er: EmuRequest = {
        method: (req.method ?? 'GET').toUpperCase(),
        path: url.pathname.replace(/\/{2,}/g, '/'),
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks),
        ip,
      };
      const azure = er.path.startsWith('/openai/');
      let reply: Reply;
      const fault = faultFor(state, er);
      try {
        reply =
          fault && fault.status !== -1 && fault.status !== -2
            ? fault
            : azure
              ? handleAzure(state, er)
              : handleOpenAI(state, er);
        // drop_after_effect: the request took effect; the answer is lost on the way.
        if (fault?.status === -2) reply = { ...reply, hangUp: true };
      } catch {
        reply = replies.serverError(500);
      }
      const delay = fault?.delayMs ?? 0;
      const send = () => {
        if (opts.log && secrets)
          opts.log(
            logLine(
              secrets,
              req,
              `${er.method} ${shownPath(er.path)} ${reply.hangUp ? 'hang-up' : reply.status} (${credentialHint(req)})`,
            ),
          );
        if (reply.hangUp) {
          req.socket.destroy();
          return;
        }
        const body = serialize(reply, azure);
        const headers: Record<string, string> = azure
          ? { 'content-type': 'application/json', ...(reply.headers ?? {}) }
          : {
              'content-type': 'application/json',
              'x-request-id': `req_${randomBytes(16).toString('hex')}`,
              'openai-version': '2020-10-01',
              'openai-processing-ms': String(Date.now() - started + 11),
              'access-control-expose-headers': 'X-Request-ID',
              ...(reply.headers ?? {}),
            };
        res.writeHead(reply.status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
        res.end(body);
      };
      if (delay > 0) {
        const t = setTimeout(() => {
          try {
            send();
          } catch {
            res.destroy();
          }
        }, delay);
        res.on('close', () => clearTimeout(t));
      } else send();
    };
  };
  return { handler, count: () => count };
}

/** Starts the emulator on 127.0.0.1. Throws a ConfigError for a bad config. */
export async function startEmulator(
  config: EmulatorConfig | unknown = {},
  opts: EmulatorOptions = {},
): Promise<Emulator> {
  const state = normalizeConfig(config);
  const { handler, count } = createHandler(state, opts);
  const server = createServer(handler);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: count,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
