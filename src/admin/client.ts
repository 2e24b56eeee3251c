/**
 * The Admin API client of `keys` and `rotate`: one admin key (never logged: every line masks it),
 * the base URL (default https://api.openai.com/v1; the emulator in tests), the environment's proxy,
 * every list paginated to the end (cursor lists: `after=last_id` while `has_more`; usage buckets:
 * `page=next_page`), and the retry rules a tool that writes must follow:
 * - a 429 is retried after its `Retry-After` (or `retry-after-ms`; else 1 s, 2 s, 4 s, ...), for any
 *   method: a rate-limited request was not carried out;
 * - a 5xx or a lost answer is retried for reads only; for a write it is an {@link AdminError} with
 *   `uncertain: true`, because the write may have taken effect (the caller checks and cleans up).
 */
import type { Dispatcher } from 'undici';
import { maskLoose, maskSecret } from '../keys/mask.js';
import { errorFields } from '../live/answer.js';
import { makeDispatcher, proxyFor, send, type FetchLike, type HttpResult, type ProxySettings } from '../live/http.js';
import { retryWaitMs } from '../live/verify.js';
import { transportRefusal } from '../live/trust.js';
import { VERSION } from '../version.js';
import { pushAll } from '../core/arrays.js';

export const ADMIN_BASE_URL = 'https://api.openai.com/v1';

export type Method = 'GET' | 'POST' | 'DELETE';

export interface AdminClientOptions {
  key: string;
  baseURL?: string;
  /** Environment for proxy settings (default process.env). */
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** Objects per page of a cursor list (default 100, the API's maximum). */
  pageSize?: number;
  /** 429s retried per request (default 6). */
  maxRateLimitRetries?: number;
  /** Longest single wait honoured (default 120 s); a longer Retry-After fails the request with that wait in the message. */
  maxRetryWaitMs?: number;
  /** Reads retried after a 5xx or a lost answer (default 2). */
  maxReadRetries?: number;
  /** Injected (tests): the wait, the transport. */
  sleep?: (ms: number) => Promise<void>;
  dispatcher?: Dispatcher;
  fetch?: FetchLike;
  /** One line per request and answer, the key masked. */
  debug?: (line: string) => void;
}

export type AdminErrorKind = 'auth' | 'permission' | 'not-found' | 'bad-request' | 'rate-limit' | 'server' | 'network';

export class AdminError extends Error {
  constructor(
    message: string,
    readonly kind: AdminErrorKind,
    readonly method: Method,
    readonly path: string,
    readonly status?: number,
    /** A write whose effect is unknown (5xx or no answer): it may have been carried out. */
    readonly uncertain = false,
    readonly requestId?: string,
  ) {
    super(message);
  }
}

/** One request as sent, for `--verbose`, `--dry-run` and the tests (no credential in it). */
export interface SentRequest {
  method: Method;
  /** Path and query below the base URL. */
  path: string;
  status?: number;
  /** Whether this was a retry. */
  retry?: boolean;
}

export interface ListPage<T> {
  object?: string;
  data?: T[];
  has_more?: boolean;
  last_id?: string | null;
}

export interface BucketPage<B> {
  object?: string;
  data?: B[];
  has_more?: boolean;
  next_page?: string | null;
}

export type Query = Record<string, string | number | boolean | string[] | undefined>;

/** `a=1&b=x&b=y`: arrays repeat the name (form style, as the spec and the curl examples have it). */
export function queryString(q: Query | undefined): string {
  if (!q) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) p.append(k, x);
    else p.append(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

const realSleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

function kindOf(status: number): AdminErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'permission';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limit';
  if (status >= 500) return 'server';
  return 'bad-request';
}

export class AdminClient {
  readonly baseURL: string;
  /** Every request sent, in order. */
  readonly sent: SentRequest[] = [];
  private readonly key: string;
  private readonly dispatcher: Dispatcher;
  private readonly proxies: ProxySettings;
  private readonly opts: AdminClientOptions;
  private readonly sleep: (ms: number) => Promise<void>;

  /** Why nothing may be sent to the base URL (plain http:// off this machine, not http(s)), or undefined. */
  readonly refusal: string | undefined;

  constructor(opts: AdminClientOptions) {
    this.opts = opts;
    this.key = opts.key;
    this.baseURL = (opts.baseURL ?? ADMIN_BASE_URL).replace(/\/+$/, '');
    // An admin key can create and revoke every key of the organization: it never crosses a network in clear text.
    this.refusal = transportRefusal(this.baseURL);
    const d = opts.dispatcher
      ? { dispatcher: opts.dispatcher, proxies: {} }
      : makeDispatcher({ env: opts.env, connectTimeoutMs: opts.timeoutMs ?? 30000 });
    this.dispatcher = d.dispatcher;
    this.proxies = opts.dispatcher ? {} : (d.proxies as ProxySettings);
    this.sleep = opts.sleep ?? realSleep;
  }

  /** One request; throws an {@link AdminError} for anything but a 2xx. */
  async request<T>(method: Method, path: string, opts: { query?: Query; body?: unknown } = {}): Promise<T> {
    const rel = `${path}${queryString(opts.query)}`;
    if (this.refusal) throw new AdminError(`${method} ${path}: not sent: ${this.refusal}`, 'bad-request', method, path);
    const url = `${this.baseURL}${rel}`;
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.key}`,
      accept: 'application/json',
      'user-agent': `keydoctor/${VERSION}`,
    };
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    const proxy = proxyFor(url, this.proxies);
    const write = method !== 'GET';
    let rateRetries = 0;
    let readRetries = 0;
    for (let attempt = 0; ; attempt++) {
      this.opts.debug?.(`-> ${method} ${rel} (authorization: Bearer ${maskSecret(this.key)})`);
      const r: HttpResult = await send(
        { method, url, headers, body, timeoutMs: this.opts.timeoutMs ?? 30000 },
        { dispatcher: this.dispatcher, fetch: this.opts.fetch, proxy, proxies: this.proxies },
      );
      const entry: SentRequest = { method, path: rel, retry: attempt > 0 };
      this.sent.push(entry);
      if (r.kind === 'failure') {
        this.opts.debug?.(`<- no answer: ${r.message}`);
        if (!write && readRetries < (this.opts.maxReadRetries ?? 2)) {
          readRetries++;
          await this.sleep(500 * 2 ** readRetries);
          continue;
        }
        throw new AdminError(
          `${method} ${path}: no answer from ${this.baseURL} (${r.message})${write ? '; the change may or may not have been made' : ''}`,
          'network',
          method,
          path,
          undefined,
          write,
        );
      }
      entry.status = r.status;
      const requestId = r.headers['x-request-id'];
      this.opts.debug?.(`<- ${r.status} ${method} ${rel}${requestId ? ` (x-request-id ${requestId})` : ''}`);
      if (r.status >= 200 && r.status < 300) return r.body as T;
      const fields = errorFields(r.body);
      const said = maskLoose(
        fields.message ?? (typeof r.body === 'string' ? r.body.slice(0, 300) : `HTTP ${r.status}`),
      );
      if (r.status === 429) {
        const asked = retryWaitMs(r.headers);
        const wait = asked ?? 1000 * 2 ** rateRetries;
        const max = this.opts.maxRetryWaitMs ?? 120000;
        if (rateRetries < (this.opts.maxRateLimitRetries ?? 6) && wait <= max) {
          rateRetries++;
          this.opts.debug?.(
            `   rate limited: waiting ${Math.round(wait)} ms${asked !== undefined ? ' (Retry-After)' : ''}`,
          );
          await this.sleep(wait);
          continue;
        }
        throw new AdminError(
          `${method} ${path}: rate limited (429)${asked !== undefined ? `, the API asks to wait ${Math.ceil(asked / 1000)} s` : ''}: ${said}`,
          'rate-limit',
          method,
          path,
          429,
          false,
          requestId,
        );
      }
      if (r.status >= 500) {
        if (!write && readRetries < (this.opts.maxReadRetries ?? 2)) {
          readRetries++;
          await this.sleep(500 * 2 ** readRetries);
          continue;
        }
        throw new AdminError(
          `${method} ${path}: HTTP ${r.status}: ${said}${write ? '; the change may or may not have been made' : ''}`,
          'server',
          method,
          path,
          r.status,
          write,
          requestId,
        );
      }
      throw new AdminError(
        `${method} ${path}: HTTP ${r.status}: ${said}`,
        kindOf(r.status),
        method,
        path,
        r.status,
        false,
        requestId,
      );
    }
  }

  /** Every object of a cursor list (all pages). */
  async list<T extends { id?: string }>(path: string, query: Query = {}): Promise<T[]> {
    const out: T[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10000; page++) {
      const body = await this.request<ListPage<T>>('GET', path, {
        query: { ...query, limit: this.opts.pageSize ?? 100, after },
      });
      const data = Array.isArray(body?.data) ? body.data : [];
      pushAll(out, data);
      const next = body?.last_id ?? data.at(-1)?.id;
      if (!body?.has_more || !next || next === after) break;
      after = next;
    }
    return out;
  }

  /** Every bucket of a usage or costs query (all pages). */
  async buckets<B>(path: string, query: Query): Promise<B[]> {
    const out: B[] = [];
    let page: string | undefined;
    for (let n = 0; n < 10000; n++) {
      const body = await this.request<BucketPage<B>>('GET', path, { query: { ...query, page } });
      pushAll(out, Array.isArray(body?.data) ? body.data : []);
      if (!body?.has_more || !body.next_page || body.next_page === page) break;
      page = body.next_page;
    }
    return out;
  }

  async close(): Promise<void> {
    if (!this.opts.dispatcher) await this.dispatcher.close().catch(() => undefined);
  }
}
