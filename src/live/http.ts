/**
 * The one HTTP client of live verification: undici's fetch through an Agent, or through undici's
 * EnvHttpProxyAgent when HTTPS_PROXY / HTTP_PROXY (lower-case first, as curl and the SDKs read them)
 * are set, honouring NO_PROXY. Every failure without an HTTP answer becomes a {@link NetFailure},
 * never an exception, and never carries a credential.
 */
import type { LookupFunction } from 'node:net';
import { Agent, EnvHttpProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { maskLoose } from '../keys/mask.js';

export type FetchLike = (
  url: string,
  init: Record<string, unknown>,
) => Promise<{
  status: number;
  headers: { forEach(cb: (value: string, key: string) => void): void };
  text(): Promise<string>;
  body?: unknown;
}>;

export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
  /** Proxy values that cannot be used (as set) → why; a request that would go through one is not sent. */
  invalid?: Record<string, string>;
}

function pick(env: Record<string, string | undefined>, lower: string): { name: string; value: string } | undefined {
  for (const name of [lower, lower.toUpperCase()]) {
    const v = env[name];
    if (v !== undefined) return v.trim() === '' ? undefined : { name, value: v.trim() };
  }
  return undefined;
}

/** A proxy value with its credentials removed, for messages. */
function shownProxy(v: string): string {
  return v.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^@/]*@/i, '$1');
}

/**
 * A proxy value as curl reads it: `host:port` and `host` mean http:// (curl, httpx and requests all
 * add the scheme); http:// and https:// proxies are used; anything else is explained, never thrown.
 */
export function normalizeProxy(value: string, name = 'HTTPS_PROXY'): { url: string } | { error: string } {
  const v = value.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(v)?.[1]?.toLowerCase();
  if (scheme && /^socks/.test(scheme))
    return {
      error: `${name} is a SOCKS proxy (${shownProxy(v)}): keydoctor goes through HTTP(S) proxies only, so it cannot reach the API this way`,
    };
  if (scheme && scheme !== 'http' && scheme !== 'https')
    return {
      error: `${name} is set to "${shownProxy(v)}", a ${scheme}:// URL, which is not a proxy keydoctor (or curl) can use`,
    };
  const url = scheme ? v : `http://${v}`;
  try {
    const u = new URL(url);
    if (!u.hostname) throw new Error('no host');
    return { url: u.toString().replace(/\/$/, '') };
  } catch {
    return {
      error: `${name} is set to "${shownProxy(v)}", which is not a proxy URL (expected http://host:port or host:port, with a port up to 65535)`,
    };
  }
}

/** The proxy settings of an environment, read the way curl and undici read them (lower-case wins). */
export function proxyFromEnv(env: Record<string, string | undefined>): ProxySettings {
  const out: ProxySettings = {};
  for (const [field, lower] of [
    ['httpProxy', 'http_proxy'],
    ['httpsProxy', 'https_proxy'],
  ] as const) {
    const got = pick(env, lower);
    if (!got) continue;
    const n = normalizeProxy(got.value, got.name);
    if ('url' in n) out[field] = n.url;
    else {
      out[field] = got.value;
      out.invalid = { ...(out.invalid ?? {}), [got.value]: n.error };
    }
  }
  const no = pick(env, 'no_proxy');
  if (no) out.noProxy = no.value;
  return out;
}

/** A proxy URL fit to print: no user name or password. */
export function redactProxy(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return `${shownProxy(url)} (not a usable proxy URL)`;
  }
}

/** Which proxy (if any) a request to `url` goes through: the same rules as undici's EnvHttpProxyAgent. */
export function proxyFor(url: string, p: ProxySettings): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const proxy = u.protocol === 'https:' ? (p.httpsProxy ?? p.httpProxy) : p.httpProxy;
  if (!proxy) return undefined;
  const no = (p.noProxy ?? '').split(/[,\s]/).filter(Boolean);
  if (no.includes('*')) return undefined;
  const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = Number(u.port) || (u.protocol === 'https:' ? 443 : 80);
  for (const entry of no) {
    const m = /^(.+):(\d+)$/.exec(entry);
    const h = (m ? (m[1] ?? '') : entry)
      .replace(/^\*?\./, '')
      .replace(/^\[|\]$/g, '')
      .toLowerCase();
    if (m && Number(m[2]) !== port) continue;
    if (host === h || host.endsWith(`.${h}`)) return undefined;
  }
  return proxy;
}

export interface DispatcherOptions {
  env?: Record<string, string | undefined>;
  /** DNS resolution (tests inject failures here; default: the system resolver). */
  lookup?: LookupFunction;
  /** Connection timeout (ms). */
  connectTimeoutMs?: number;
}

/** An undici dispatcher that routes like the SDKs: through the environment's proxy, or directly. */
export function makeDispatcher(opts: DispatcherOptions = {}): { dispatcher: Dispatcher; proxies: ProxySettings } {
  const proxies = proxyFromEnv(opts.env ?? process.env);
  const connect: Record<string, unknown> = {};
  if (opts.lookup) connect.lookup = opts.lookup;
  if (opts.connectTimeoutMs) connect.timeout = opts.connectTimeoutMs;
  const base = { connect, keepAliveTimeout: 4000 };
  // An unusable proxy is left out of the agent (undici throws on it); requests meant for it are not sent (send()).
  const usable = (v: string | undefined) => (v !== undefined && !proxies.invalid?.[v] ? v : undefined);
  const httpProxy = usable(proxies.httpProxy);
  const httpsProxy = usable(proxies.httpsProxy) ?? (proxies.httpsProxy === undefined ? httpProxy : undefined);
  if (httpProxy || httpsProxy) {
    try {
      // Empty strings (never undefined) so undici does not fall back to process.env behind our back.
      // proxyTunnel false: plain-http targets are forwarded as absolute-URI requests, as curl and httpx do.
      return {
        dispatcher: new EnvHttpProxyAgent({
          ...base,
          httpProxy: httpProxy ?? '',
          httpsProxy: httpsProxy ?? '',
          noProxy: proxies.noProxy ?? '',
          proxyTunnel: false,
        }),
        proxies,
      };
    } catch (e) {
      const reason = `the proxy settings cannot be used (${(e as Error).message.slice(0, 80)})`;
      for (const v of [proxies.httpProxy, proxies.httpsProxy])
        if (v) proxies.invalid = { ...(proxies.invalid ?? {}), [v]: reason };
    }
  }
  return { dispatcher: new Agent(base), proxies };
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export type NetReason = 'dns' | 'refused' | 'reset' | 'tls' | 'proxy' | 'timeout' | 'other';

export interface HttpAnswer {
  kind: 'answer';
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the body is JSON, else the text. */
  body: unknown;
  ms: number;
  /** The answer was longer than MAX_ANSWER_BYTES: `body` is its first part, as text. */
  truncated?: boolean;
}

export interface NetFailure {
  kind: 'failure';
  reason: NetReason;
  /** The low-level error code (ENOTFOUND, ECONNREFUSED, UND_ERR_SOCKET, ERR_SSL_..., ...). */
  code?: string;
  /** One phrase, masked. */
  message: string;
  ms: number;
}

export type HttpResult = HttpAnswer | NetFailure;

function chain(e: unknown): Array<{ name?: string; code?: string; message?: string }> {
  const out: Array<{ name?: string; code?: string; message?: string }> = [];
  let cur: unknown = e;
  for (let i = 0; i < 6 && cur && typeof cur === 'object'; i++) {
    const x = cur as { name?: string; code?: string; message?: string; cause?: unknown; errors?: unknown[] };
    out.push({ name: x.name, code: typeof x.code === 'string' ? x.code : undefined, message: x.message });
    cur = x.cause ?? (Array.isArray(x.errors) ? x.errors[0] : undefined);
  }
  return out;
}

/** Sorts a thrown network error into a reason with a readable phrase. */
export function describeFailure(
  e: unknown,
  url: string,
  proxy: string | undefined,
  timeoutMs: number,
): Omit<NetFailure, 'kind' | 'ms'> {
  const links = chain(e);
  const codes = links.map((l) => l.code ?? '').filter(Boolean);
  const text = links.map((l) => `${l.name ?? ''} ${l.message ?? ''}`).join(' | ');
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    /* keep the text */
  }
  const via = proxy ? ` (through the proxy ${redactProxy(proxy)})` : '';
  const code = codes.find((c) => c !== 'UND_ERR_ABORTED') ?? codes[0];
  const has = (...cs: string[]) => codes.some((c) => cs.includes(c));
  if (/Proxy Authentication Required|Proxy response \(407\)/i.test(text))
    return {
      reason: 'proxy',
      code: code ?? '407',
      message: `the proxy ${proxy ? redactProxy(proxy) : ''} answered 407 Proxy Authentication Required: it wants credentials (user:password in HTTPS_PROXY / HTTP_PROXY) before it forwards anything`,
    };
  if (/Proxy response \((\d+)\)/i.test(text))
    return {
      reason: 'proxy',
      code,
      message: `the proxy ${proxy ? redactProxy(proxy) : ''} refused to open a tunnel (${/Proxy response \((\d+)\)/i.exec(text)?.[1]})`,
    };
  if (
    links.some((l) => l.name === 'TimeoutError' || l.name === 'AbortError') ||
    has('UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT')
  )
    return {
      reason: 'timeout',
      code: code ?? 'TIMEOUT',
      message: `no answer from ${host} within ${timeoutMs} ms${via}`,
    };
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA'))
    return {
      reason: 'dns',
      code,
      message: `the name ${host.replace(/:\d+$/, '')} could not be resolved (DNS ${code})${via}${proxy ? '' : ': offline, a typo in the base URL, or a DNS filter'}`,
    };
  if (has('ECONNREFUSED'))
    return {
      reason: 'refused',
      code,
      message: proxy
        ? `the proxy ${redactProxy(proxy)} refused the connection`
        : `${host} refused the connection (nothing listens there: check the base URL and port)`,
    };
  if (
    links.some((l) => /SSL|TLS|certificate|wrong version number|EPROTO/i.test(`${l.code ?? ''} ${l.message ?? ''}`)) ||
    has(
      'EPROTO',
      'ERR_SSL_WRONG_VERSION_NUMBER',
      'CERT_HAS_EXPIRED',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'ERR_TLS_CERT_ALTNAME_INVALID',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    )
  ) {
    const wrongProto = /wrong version number|packet length too long|EPROTO/i.test(text);
    return {
      reason: 'tls',
      code,
      message: wrongProto
        ? `the TLS handshake with ${host} failed (${code ?? 'TLS error'}): the server does not speak https on that port (an http:// server behind an https:// URL?)${via}`
        : `the TLS certificate of ${host} was not accepted (${code ?? 'TLS error'}): a corporate proxy re-signing traffic needs NODE_EXTRA_CA_CERTS${via}`,
    };
  }
  if (has('ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_CLOSED') || /other side closed|socket hang up/i.test(text))
    return { reason: 'reset', code, message: `${host} closed the connection without answering${via}` };
  return {
    reason: 'other',
    code,
    message: maskLoose(
      `the request to ${host} failed: ${links
        .map((l) => l.message)
        .filter(Boolean)
        .join(': ')
        .slice(0, 200)}${via}`,
    ),
  };
}

function parseBody(text: string, contentType: string | undefined): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  if ((contentType ?? '').includes('json') || t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** Sends one request: an answer with its parsed body, or a failure. Never throws. */
/**
 * At most this much of an answer is read (an API answer is a few KB; a model list with every
 * fine-tune a few hundred): past it the rest is dropped unread, and the answer is marked truncated.
 */
export const MAX_ANSWER_BYTES = 4 << 20;

type BodyStream = { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> } };

async function readCapped(
  res: { text(): Promise<string>; body?: unknown },
  cap: number,
): Promise<{ text: string; truncated: boolean }> {
  const body = res.body as BodyStream | null | undefined;
  if (!body || typeof body.getReader !== 'function') {
    const t = await res.text();
    return t.length > cap ? { text: t.slice(0, cap), truncated: true } : { text: t, truncated: false };
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done || !value) break;
    if (n + value.length > cap) {
      chunks.push(value.subarray(0, cap - n));
      await reader.cancel().catch(() => undefined);
      return { text: Buffer.concat(chunks).toString('utf8'), truncated: true };
    }
    chunks.push(value);
    n += value.length;
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}

export async function send(
  req: HttpRequest,
  opts: { dispatcher: Dispatcher; fetch?: FetchLike; proxy?: string; proxies?: ProxySettings },
): Promise<HttpResult> {
  const started = performance.now();
  const bad = opts.proxy !== undefined ? opts.proxies?.invalid?.[opts.proxy] : undefined;
  if (bad) return { kind: 'failure', reason: 'proxy', code: 'BAD_PROXY', message: `${bad}; nothing was sent`, ms: 0 };
  const signal = AbortSignal.timeout(req.timeoutMs);
  const f: FetchLike = opts.fetch ?? (undiciFetch as unknown as FetchLike);
  try {
    const res = await f(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      dispatcher: opts.dispatcher,
      signal,
      redirect: 'manual',
    });
    const { text, truncated } = await readCapped(res, MAX_ANSWER_BYTES);
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      headers[k.toLowerCase()] = v;
    });
    const answer: HttpAnswer = {
      kind: 'answer',
      status: res.status,
      headers,
      body: truncated ? text : parseBody(text, headers['content-type']),
      ms: performance.now() - started,
    };
    if (truncated) answer.truncated = true;
    return answer;
  } catch (e) {
    return {
      kind: 'failure',
      ...describeFailure(e, req.url, opts.proxy, req.timeoutMs),
      ms: performance.now() - started,
    };
  }
}
