/**
 * verifyKey: asks the API the app would use whether it accepts the key, and, for a working key, what
 * the key may do (no-cost probes, in parallel). Every answer goes through the one classifier that
 * `explain` uses, so a live answer and a pasted one read the same.
 *
 * Bounded: one request per probe, a timeout per request, at most one retry after a 429 rate limit
 * (honouring retry-after; never after a quota 429).
 */
import type { LookupFunction } from 'node:net';
import type { Dispatcher } from 'undici';
import type { FindingDraft } from '../core/types.js';
import { classifyCredential } from '../keys/classify.js';
import { maskSecret } from '../keys/mask.js';
import { VERSION } from '../version.js';
import { classifyAnswer } from './classify.js';
import { errorFields } from './answer.js';
import {
  makeDispatcher,
  proxyFor,
  proxyFromEnv,
  redactProxy,
  send,
  type FetchLike,
  type HttpAnswer,
  type HttpResult,
  type NetFailure,
  type ProxySettings,
} from './http.js';
import { ADMIN_PROBES, API_PROBES, describeBody, interpretProbe, isApiList, type Probe } from './probes.js';
import { planAzure, type AzureSettings } from './azure.js';
import type { LiveResult, Permission, ProbeResult } from './types.js';
import { transportRefusal, trustRefusal, type EndpointOrigin } from './trust.js';
import { pushAll, replaceAll } from '../core/arrays.js';

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export interface VerifyOptions {
  key: string;
  /** OpenAI base URL (default https://api.openai.com/v1). */
  baseURL?: string;
  /** Sent as OpenAI-Organization / OpenAI-Project, as the app's client would. */
  organization?: string;
  project?: string;
  /** Azure OpenAI: the endpoint (or a base URL under /openai), api-version, deployment, Entra token. */
  azure?: AzureSettings;
  /** Also check access to this model (GET /v1/models/{model}). */
  model?: string;
  /** Models the code uses: their `shutdown_date` is read from the GET /v1/models answer (no extra request). */
  models?: string[];
  /** `all` (default): the permission table; `essential`: only what the doctor needs; `none`: the key check only. */
  probes?: 'all' | 'essential' | 'none';
  /** Per-request timeout in ms (default 10000). */
  timeoutMs?: number;
  /** Environment for proxy settings (default process.env). */
  env?: Record<string, string | undefined>;
  /** Injected transport (tests): an undici dispatcher, a fetch, or a DNS lookup. */
  dispatcher?: Dispatcher;
  fetch?: FetchLike;
  lookup?: LookupFunction;
  /** Longest retry-after honoured before the one retry (default: the timeout, at most 10 s). */
  maxRetryWaitMs?: number;
  /** Target ids recorded in the result. */
  targets?: string[];
  /** Debug lines (one per request and answer); credentials in them are masked. */
  debug?: (line: string) => void;
  /**
   * Where the key and the endpoint were set (the doctor and `verify` on a project): a key of the
   * user's sent to an endpoint a repository names is withheld unless the host is a known provider's
   * (live/trust.ts). Not given (explicit `--base-url`, `--key-env`): only the transport rule applies.
   */
  origin?: EndpointOrigin;
}

interface Ctx {
  dispatcher: Dispatcher;
  fetch?: FetchLike;
  proxies: ProxySettings;
  timeoutMs: number;
  maxRetryWaitMs: number;
  retried: boolean;
  proxyUsed?: string;
  debug?: (line: string) => void;
}

function maskHeaders(h: Record<string, string>): string {
  return Object.entries(h)
    .map(([k, v]) =>
      /^(authorization|api-key)$/i.test(k)
        ? `${k}: ${v.startsWith('Bearer ') ? `Bearer ${maskSecret(v.slice(7))}` : maskSecret(v)}`
        : `${k}: ${v}`,
    )
    .join('; ');
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** The wait a rate-limit answer asks for, in ms (retry-after-ms, then retry-after seconds or date). */
export function retryWaitMs(headers: Record<string, string>): number | undefined {
  const ms = Number(headers['retry-after-ms']);
  if (headers['retry-after-ms'] !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const ra = headers['retry-after'];
  if (ra === undefined) return undefined;
  const s = Number(ra);
  if (Number.isFinite(s) && s >= 0) return s * 1000;
  const at = Date.parse(ra);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** A 429 that is a rate limit (retryable), not a quota or billing problem. */
export function isRateLimit(a: HttpAnswer): boolean {
  if (a.status !== 429) return false;
  const f = errorFields(a.body);
  const text = `${f.code ?? ''} ${f.type ?? ''} ${f.message ?? ''}`;
  if (/insufficient_quota|credit_balance|billing|quota|spend_limit/i.test(text)) return false;
  return a.headers['x-should-retry'] !== 'false';
}

async function request(
  ctx: Ctx,
  method: 'GET' | 'POST',
  url: string,
  headers: Record<string, string>,
  body?: string,
): Promise<HttpResult> {
  const proxy = proxyFor(url, ctx.proxies);
  if (proxy) ctx.proxyUsed = proxy;
  const go = async () => {
    ctx.debug?.(
      `-> ${method} ${displayUrl(url)}${proxy ? ` via ${redactProxy(proxy)}` : ''} (${maskHeaders(headers)})`,
    );
    const r = await send(
      { method, url, headers, body, timeoutMs: ctx.timeoutMs },
      { dispatcher: ctx.dispatcher, fetch: ctx.fetch, proxy, proxies: ctx.proxies },
    );
    if (r.kind === 'answer')
      ctx.debug?.(
        `<- ${r.status} ${method} ${displayUrl(url)} in ${Math.round(r.ms)} ms (x-request-id ${r.headers['x-request-id'] ?? r.headers['apim-request-id'] ?? '-'}; openai-organization ${r.headers['openai-organization'] ?? '-'}; openai-project ${r.headers['openai-project'] ?? '-'})`,
      );
    else
      ctx.debug?.(
        `<- no answer from ${displayUrl(url)} after ${Math.round(r.ms)} ms: ${r.reason} (${r.code ?? '-'}): ${r.message}`,
      );
    return r;
  };
  const first = await go();
  if (first.kind === 'answer' && isRateLimit(first)) {
    const wait = retryWaitMs(first.headers) ?? 1000;
    if (wait <= ctx.maxRetryWaitMs) {
      ctx.retried = true;
      ctx.debug?.(`   rate limited: retrying once after ${Math.round(wait)} ms`);
      await sleep(wait);
      const second = await go();
      return second.kind === 'answer' ? { ...second, ms: second.ms + first.ms + wait } : second;
    }
  }
  return first;
}

function networkFindings(f: NetFailure, endpoint: string): FindingDraft[] {
  return classifyAnswer({ networkError: f.message, endpoint }).map((d) => ({
    ...d,
    data: { ...(d.data ?? {}), reason: f.reason, errorCode: f.code, endpoint },
  }));
}

function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}

function headerBad(v: string): boolean {
  // What fetch refuses in a header value: control characters and anything beyond Latin-1.
  return /[\u0000-\u0008\u000a-\u001f\u007f]|[^\u0000-\u00ff]/.test(v);
}

function probeRow(p: Probe, r: HttpResult, base?: string): ProbeResult {
  const row: ProbeResult = {
    name: p.name,
    covers: p.covers,
    method: p.method,
    path: base ? `${base}${p.path}` : p.path,
    permission: 'unknown',
    ms: Math.round(r.ms),
  };
  if (r.kind === 'failure') return { ...row, failure: r.message };
  const o = interpretProbe(p, r);
  return { ...row, status: r.status, permission: o.permission, ...(o.missing ? { missing: o.missing } : {}) };
}

/** Verifies one key. Never throws for network trouble; never sends the key anywhere but the given base URL. */
export async function verifyKey(opts: VerifyOptions): Promise<LiveResult> {
  const started = performance.now();
  const key = opts.key.trim();
  const cred = classifyCredential(key);
  const azure = opts.azure !== undefined;
  const targets = opts.targets ?? [];
  const base: LiveResult = { targets, endpoint: '', azure, findings: [], keyType: cred.label };
  const credentialValue = azure && opts.azure?.adToken ? opts.azure.adToken : key;
  if (credentialValue === '') {
    return {
      ...base,
      skipped: 'no key',
      findings: [
        {
          id: opts.key === '' ? 'key-empty' : 'key-whitespace',
          message: 'There is no key to verify: the value is empty (or only whitespace).',
        },
      ],
    };
  }
  if (headerBad(credentialValue)) {
    return {
      ...base,
      skipped: 'unsendable key',
      findings: [
        {
          id: 'key-invisible-char',
          message: `The key ${maskSecret(key)} holds characters no HTTP header can carry (a line break inside it, a zero-width or non-ASCII character): no client can send it, so it was not sent.`,
        },
      ],
    };
  }
  // Where the key would go first, checked before anything is sent (live/trust.ts).
  const target =
    azure && opts.azure
      ? azureModelsUrl(opts.azure, key)
        ? opts.azure.endpoint.trim()
        : undefined
      : (opts.baseURL ?? DEFAULT_BASE_URL).trim().replace(/\/+$/, '');
  const refusal =
    target === undefined
      ? undefined
      : (transportRefusal(target) ?? (opts.origin ? trustRefusal(displayUrl(target), opts.origin) : undefined));
  if (refusal !== undefined && target !== undefined) return withheld(base, target, refusal, azure);
  const timeoutMs = opts.timeoutMs ?? 10000;
  const made = opts.dispatcher
    ? { dispatcher: opts.dispatcher, proxies: proxyFromEnv(opts.env ?? process.env) }
    : makeDispatcher({ env: opts.env, lookup: opts.lookup, connectTimeoutMs: timeoutMs });
  const ctx: Ctx = {
    dispatcher: made.dispatcher,
    fetch: opts.fetch,
    proxies: made.proxies,
    timeoutMs,
    maxRetryWaitMs: opts.maxRetryWaitMs ?? Math.min(timeoutMs, 10000),
    retried: false,
    debug: opts.debug,
  };
  try {
    const r =
      azure && opts.azure
        ? await verifyAzure(ctx, opts, opts.azure, key, base)
        : await verifyOpenAI(ctx, opts, key, base);
    r.ms = Math.round(performance.now() - started);
    if (ctx.retried) r.retried = true;
    if (key !== opts.key && key !== '' && !(azure && opts.azure?.adToken)) {
      const what = /\n$/.test(opts.key)
        ? 'a trailing line break'
        : /\r$/.test(opts.key)
          ? 'a trailing carriage return'
          : 'leading or trailing whitespace';
      r.findings.push({
        id: 'key-whitespace',
        severity: 'warning',
        message: `The key holds ${what}; it was verified without it. The Node SDK trims keys it reads from the environment, but openai-python and hand-built requests send them as they are and fail ("Illegal header value").`,
        data: { trimmed: true },
      });
    }
    if (ctx.proxyUsed) {
      r.proxy = redactProxy(ctx.proxyUsed);
      for (const f of r.findings)
        if (f.id === 'live-no-auth' || f.id === 'live-network-error' || f.id === 'live-unexpected')
          f.data = { ...(f.data ?? {}), proxy: r.proxy };
    }
    return r;
  } finally {
    if (!opts.dispatcher) await made.dispatcher.close().catch(() => undefined);
  }
}

/** The Azure models URL the key would go to first (undefined when the settings cannot make one: planAzure reports that itself). */
function azureModelsUrl(settings: AzureSettings, key: string): string | undefined {
  try {
    return planAzure(settings, key).modelsUrl;
  } catch {
    return undefined;
  }
}

/** The result when the key is not sent: one finding that says why and how to verify explicitly. */
function withheld(base: LiveResult, url: string, reason: string, azure: boolean): LiveResult {
  const shown = displayUrl(url).replace(/\/$/, '');
  return {
    ...base,
    endpoint: shown,
    skipped: 'withheld',
    findings: [
      {
        id: 'live-key-withheld',
        message: `The key was not sent: ${reason}.`,
        data: { endpoint: shown, reason },
        fix: {
          summary: `If you trust ${shown}, verify against it explicitly: keydoctor verify ${azure ? '--endpoint' : '--base-url'} ${shown}`,
          command: `keydoctor verify ${azure ? '--endpoint' : '--base-url'} ${shown}`,
        },
      },
    ],
  };
}

/** A 2xx that is not the API's answer: something else answered at the endpoint, and the key is not proven to work. */
function notTheApi(a: HttpAnswer, endpoint: string): FindingDraft {
  const what = describeBody(a);
  return {
    id: 'live-unexpected',
    message: `${endpoint} answered ${a.status} with ${what}, not the API's list of models: something other than the API answered there (a web server, a captive portal or login page, a proxy's own page). The key was not checked.`,
    data: { status: a.status, body: what, notApi: true },
    fix: {
      summary:
        "Check that the base URL points at the API itself (https://api.openai.com/v1 or the provider's /v1 URL), and that nothing on the network intercepts requests.",
    },
  };
}

function commonHeaders(): Record<string, string> {
  return { Accept: 'application/json', 'User-Agent': `keydoctor/${VERSION}` };
}

async function verifyOpenAI(ctx: Ctx, opts: VerifyOptions, key: string, result: LiveResult): Promise<LiveResult> {
  const baseURL = (opts.baseURL ?? DEFAULT_BASE_URL).trim().replace(/\/+$/, '');
  const admin = key.startsWith('sk-admin-');
  const headers: Record<string, string> = { ...commonHeaders(), Authorization: `Bearer ${key}` };
  if (opts.organization?.trim()) headers['OpenAI-Organization'] = opts.organization.trim();
  if (opts.project?.trim()) headers['OpenAI-Project'] = opts.project.trim();
  const probes = admin ? ADMIN_PROBES : API_PROBES;
  const primary = probes[0] as Probe;
  const call = (p: Probe) =>
    request(
      ctx,
      p.method,
      `${baseURL}${p.path}`,
      { ...headers, ...(p.body ? { 'Content-Type': 'application/json' } : {}), ...(p.headers ?? {}) },
      p.body,
    );
  const endpoint = displayUrl(`${baseURL}${primary.path}`);
  result.endpoint = endpoint;

  const first = await call(primary);
  if (first.kind === 'failure') {
    result.findings = networkFindings(first, endpoint);
    return result;
  }
  result.status = first.status;
  result.requestId = first.headers['x-request-id'];
  if (first.status >= 200 && first.status < 300 && !isApiList(first.body)) {
    result.findings = [notTheApi(first, endpoint)];
    return result;
  }
  if (first.status === 200 && primary.path === '/models') {
    const asked = new Set(
      [...(opts.models ?? []), ...(opts.model ? [opts.model] : [])].map((m) => m.trim().toLowerCase()),
    );
    const shutdowns = modelShutdownsOf(first.body, asked);
    if (shutdowns) result.modelShutdowns = shutdowns;
  }
  const primaryFindings = classifyAnswer({
    status: first.status,
    body: first.body,
    headers: first.headers,
    credentialSent: true,
    endpoint,
  });
  const firstRow = probeRow(primary, first);
  const authenticated =
    (first.status >= 200 && first.status < 300) || firstRow.permission === 'denied' || first.status === 429;
  const rows: ProbeResult[] = [firstRow];
  const answers: Array<{ probe: Probe; answer: HttpResult }> = [];
  let modelAnswer: HttpResult | undefined;
  let me: HttpResult | undefined;
  if (authenticated) {
    const todo =
      opts.probes === 'none' ? [] : probes.slice(1).filter((p) => opts.probes !== 'essential' || p.essential);
    const jobs: Array<Promise<void>> = todo.map(async (p) => {
      answers.push({ probe: p, answer: await call(p) });
    });
    if (opts.model && !admin)
      jobs.push(
        request(ctx, 'GET', `${baseURL}/models/${encodeURIComponent(opts.model)}`, headers).then(
          (a) => void (modelAnswer = a),
        ),
      );
    if (!admin && (opts.probes ?? 'all') === 'all')
      jobs.push(request(ctx, 'GET', `${baseURL}/me`, headers).then((a) => void (me = a)));
    await Promise.all(jobs);
    answers.sort((a, b) => probes.indexOf(a.probe) - probes.indexOf(b.probe));
    for (const { probe, answer } of answers) rows.push(probeRow(probe, answer));
  }
  const all: HttpAnswer[] = [first, ...answers.map((x) => x.answer)].filter(
    (a): a is HttpAnswer => a.kind === 'answer',
  );
  const identity = all.find((a) => a.headers['openai-organization'] || a.headers['openai-project']);
  if (identity) {
    result.organization = identity.headers['openai-organization'];
    result.project = identity.headers['openai-project'];
  }
  if (me?.kind === 'answer' && me.status === 200) result.orgs = orgsOf(me.body);

  const findings: FindingDraft[] = [];
  const denied = rows.filter((r) => r.permission === 'denied');
  // The primary answer's own findings, except its missing-scope one (replaced by the whole table's).
  for (const f of primaryFindings)
    if (!(f.id === 'live-missing-scope' && firstRow.permission === 'denied')) findings.push(f);
  if (denied.length > 0) {
    const scopes = [...new Set(denied.flatMap((r) => r.missing ?? []))];
    const blocksModels = denied.some((r) => r.name === 'model.request');
    const may = rows.filter((r) => r.permission === 'allowed').map((r) => r.name);
    findings.push({
      id: 'live-missing-scope',
      severity: blocksModels || denied.length === rows.length ? 'error' : 'warning',
      message: `The key is valid but restricted: it may not ${denied.map((r) => r.name).join(', ')} (missing scope${scopes.length > 1 ? 's' : ''}: ${scopes.join(', ')})${may.length ? `; it may ${may.join(', ')}` : ''}.`,
      data: { scopes, denied: denied.map((r) => r.name), allowed: may, status: denied[0]?.status },
      fix: {
        summary: `Edit the key at https://platform.openai.com/api-keys and grant ${scopes.join(', ')} (or "All"), or ask an organization owner for a role that has ${scopes.length > 1 ? 'them' : 'it'}.`,
      },
    });
  }
  // Quota and other problems the probes revealed that the primary answer did not.
  for (const { answer } of answers) {
    if (answer.kind !== 'answer' || answer.status < 400) continue;
    for (const f of classifyAnswer({
      status: answer.status,
      body: answer.body,
      headers: answer.headers,
      credentialSent: true,
      endpoint,
    })) {
      if (f.id === 'live-quota-exhausted' || f.id === 'live-account-deactivated' || f.id === 'live-ip-not-allowed') {
        if (!findings.some((x) => x.id === f.id)) findings.push(f);
      }
    }
  }
  if (opts.model && modelAnswer) {
    if (modelAnswer.kind === 'answer' && modelAnswer.status >= 400) {
      for (const f of classifyAnswer({
        status: modelAnswer.status,
        body: modelAnswer.body,
        headers: modelAnswer.headers,
        credentialSent: true,
        endpoint,
      }))
        if (!findings.some((x) => x.id === f.id))
          findings.push({ ...f, data: { ...(f.data ?? {}), model: opts.model } });
    }
    rows.push({
      name: `model ${opts.model}`,
      covers: `access to the model ${opts.model}`,
      method: 'GET',
      path: `/models/${opts.model}`,
      status: modelAnswer.kind === 'answer' ? modelAnswer.status : undefined,
      permission:
        modelAnswer.kind === 'answer'
          ? modelAnswer.status === 200
            ? 'allowed'
            : modelAnswer.status === 404 || modelAnswer.status === 403
              ? 'denied'
              : 'unknown'
          : 'unknown',
      ms: Math.round(modelAnswer.ms),
    });
  }
  const hasError = findings.some((f) => f.id !== 'live-ok' && (f.severity ?? severityOf(f.id)) === 'error');
  const works =
    (first.status >= 200 && first.status < 300) ||
    (firstRow.permission === 'denied' && rows.some((r) => r.permission === 'allowed'));
  const kept = findings.filter((f) => f.id !== 'live-ok');
  if (!hasError && works) kept.unshift(okFinding(result, admin));
  replaceAll(findings, kept);
  result.findings = findings;
  if (rows.length > 1 || authenticated) {
    result.probes = rows;
    result.permissions = Object.fromEntries(rows.map((r) => [r.name, r.permission])) as Record<string, Permission>;
  }
  return result;
}

function severityOf(id: string): 'error' | 'warning' | 'info' {
  return id === 'live-ok'
    ? 'info'
    : id === 'live-rate-limited' || id === 'live-unexpected' || id === 'live-network-error'
      ? 'warning'
      : 'error';
}

function okFinding(r: LiveResult, admin: boolean): FindingDraft {
  const who = [r.organization && `organization ${r.organization}`, r.project && `project ${r.project}`]
    .filter(Boolean)
    .join(', ');
  const kind = r.keyType ? ` ${r.keyType}` : '';
  return {
    id: 'live-ok',
    message: `The${kind} works${who ? `: it answered for ${who}` : ''}${admin ? ' (an admin key: administration endpoints only, never model calls)' : ''}.`,
    data: { organization: r.organization, project: r.project, keyType: r.keyType, orgs: r.orgs },
  };
}

/** `shutdown_date` of the listed models that were asked about (a list answer of GET /v1/models). */
export function modelShutdownsOf(body: unknown, asked: Set<string>): Record<string, string | null> | undefined {
  const data = (body as { data?: unknown } | undefined)?.data;
  if (!Array.isArray(data) || asked.size === 0) return undefined;
  const out: Record<string, string | null> = {};
  for (const m of data) {
    if (typeof m !== 'object' || m === null) continue;
    const id = (m as { id?: unknown }).id;
    if (typeof id !== 'string' || !asked.has(id.toLowerCase())) continue;
    const d = (m as { shutdown_date?: unknown }).shutdown_date;
    out[id.toLowerCase()] =
      typeof d === 'string' && /^\d{4}-\d{2}-\d{2}/.test(d)
        ? d.slice(0, 10)
        : typeof d === 'number' && Number.isFinite(d)
          ? new Date(d * 1000).toISOString().slice(0, 10)
          : null;
  }
  return out;
}

function orgsOf(body: unknown): LiveResult['orgs'] {
  const data = (body as { orgs?: { data?: unknown } } | undefined)?.orgs?.data;
  if (!Array.isArray(data)) return undefined;
  return data
    .filter(
      (o): o is Record<string, unknown> =>
        typeof o === 'object' && o !== null && typeof (o as { id?: unknown }).id === 'string',
    )
    .map((o) => ({
      id: String(o.id),
      title: typeof o.title === 'string' ? o.title : undefined,
      role: typeof o.role === 'string' ? o.role : undefined,
      isDefault: o.is_default === true,
    }));
}

async function verifyAzure(
  ctx: Ctx,
  opts: VerifyOptions,
  settings: AzureSettings,
  key: string,
  result: LiveResult,
): Promise<LiveResult> {
  const plan = planAzure(settings, key);
  const headers = { ...commonHeaders(), ...plan.headers };
  result.endpoint = displayUrl(plan.modelsUrl);
  if (settings.adToken) result.keyType = 'Entra ID token (AZURE_OPENAI_AD_TOKEN)';
  const first = await request(ctx, 'GET', plan.modelsUrl, headers);
  if (first.kind === 'failure') {
    result.findings = networkFindings(first, result.endpoint);
    return result;
  }
  result.status = first.status;
  result.requestId = first.headers['apim-request-id'] ?? first.headers['x-request-id'];
  if (first.status >= 200 && first.status < 300 && !isApiList(first.body)) {
    result.findings = [notTheApi(first, result.endpoint)];
    return result;
  }
  const findings = classifyAnswer({
    status: first.status,
    body: first.body,
    headers: first.headers,
    azure: true,
    credentialSent: true,
    endpoint: result.endpoint,
  });
  const rows: ProbeResult[] = [
    {
      name: 'models.read',
      covers: `list models (${plan.mode === 'v1' ? 'GET /openai/v1/models' : 'GET /openai/models'})`,
      method: 'GET',
      path: new URL(plan.modelsUrl).pathname,
      status: first.status,
      permission:
        first.status === 200 ? 'allowed' : first.status === 401 || first.status === 403 ? 'denied' : 'unknown',
      ms: Math.round(first.ms),
    },
  ];
  if (first.status === 200 && plan.deploymentUrl && opts.probes !== 'none') {
    const dep = await request(
      ctx,
      'POST',
      plan.deploymentUrl,
      { ...headers, 'Content-Type': 'application/json' },
      plan.deploymentBody,
    );
    const row: ProbeResult = {
      name: `deployment ${settings.deployment ?? ''}`,
      covers: `chat completions on the deployment ${settings.deployment ?? ''}`,
      method: 'POST',
      path: new URL(plan.deploymentUrl).pathname,
      permission: 'unknown',
      ms: Math.round(dep.ms),
    };
    if (dep.kind === 'answer') {
      row.status = dep.status;
      row.permission =
        dep.status === 400 || dep.status === 200
          ? 'allowed'
          : dep.status === 404 || dep.status === 401 || dep.status === 403
            ? 'denied'
            : 'unknown';
      if (dep.status >= 400 && dep.status !== 400) {
        const more = classifyAnswer({
          status: dep.status,
          body: dep.body,
          headers: dep.headers,
          azure: true,
          credentialSent: true,
          endpoint: result.endpoint,
        });
        replaceAll(findings, [
          ...findings.filter((f) => f.id !== 'live-ok'),
          ...more.map((f) => ({ ...f, data: { ...(f.data ?? {}), deployment: settings.deployment } })),
        ]);
      }
    } else {
      row.failure = dep.message;
      pushAll(findings, networkFindings(dep, displayUrl(plan.deploymentUrl)));
    }
    rows.push(row);
  }
  for (const f of findings) {
    f.data = { ...(f.data ?? {}), azureMode: plan.mode, credential: plan.credential, apiVersion: settings.apiVersion };
    if (f.id === 'live-ok')
      f.message = `The Azure OpenAI ${plan.credential === 'entra-token' ? 'Entra ID token' : 'key'} works on ${new URL(plan.modelsUrl).host} (${plan.mode === 'v1' ? 'v1 path' : `api-version ${settings.apiVersion ?? ''}`})${settings.deployment && rows[1]?.permission === 'allowed' ? `; the deployment ${settings.deployment} exists` : ''}.`;
  }
  result.findings = findings;
  result.probes = rows;
  result.permissions = Object.fromEntries(rows.map((r) => [r.name, r.permission])) as Record<string, Permission>;
  return result;
}
