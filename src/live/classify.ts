/**
 * The answer classifier: one HTTP answer from OpenAI / Azure OpenAI (or from a proxy in front of
 * them) → findings. `verify` feeds it live answers, `explain` feeds it answers pasted from logs, so
 * both classify identically. Pure string logic; every regex is linear (no nested quantifiers).
 *
 * Sources for every wording: /work/shared/spec/research/openai-auth.md §1 and §6.
 */
import type { FindingDraft } from '../core/types.js';
import { classifyCredential, isPlaceholder } from '../keys/classify.js';
import { maskSecret, visible } from '../keys/mask.js';
import { pushAll } from '../core/arrays.js';

export interface ApiAnswer {
  /** HTTP status; undefined when no status is known (a pasted body, or no answer at all). */
  status?: number;
  /** Parsed JSON, a bare string, or undefined. */
  body?: unknown;
  headers?: Record<string, string | undefined>;
  /** The request went to Azure OpenAI. */
  azure?: boolean;
  /** The client did send a credential (so a "no key" answer means it was stripped on the way). */
  credentialSent?: boolean;
  /** No HTTP answer at all: the network error's message (DNS, connection, TLS, timeout). */
  networkError?: string;
  /** The endpoint asked (no secrets), when known: used for admin-endpoint advice. */
  endpoint?: string;
}

/** The error fields of any envelope, normalised. */
export interface ErrorFields {
  message?: string;
  type?: string;
  code?: string;
  param?: string;
}

/** What OpenAI's "Incorrect API key provided: ..." echo tells about the key that was sent. */
export interface MaskedKey {
  /** The echo as printed (OpenAI's mask or, for short values, the value itself). */
  text: string;
  /** The first characters shown (8 for a masked key). */
  prefix: string;
  /** The last characters shown (4 for a masked key). */
  suffix: string;
  /** The length of the key that was sent, when the mask is exact. */
  length?: number;
  /** Set when the value was echoed whole (12 characters or fewer): the exact value sent. */
  literal?: string;
}

// ---------------------------------------------------------------------------------------------
// Envelopes

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads every error envelope seen in the wild: `{error:{message,type,param,code}}` (OpenAI),
 * `{error:"..."}` (admin API), `{error:{code:"401",message}}` (Azure), `{statusCode,message}`
 * (Azure Entra), a bare `{message,type,code}` object, `{detail}` (some proxies) and a bare string.
 */
export function errorFields(body: unknown): ErrorFields {
  if (body === undefined || body === null) return {};
  if (typeof body === 'string') {
    const t = body.trim();
    if (t.startsWith('{')) {
      try {
        return errorFields(JSON.parse(t));
      } catch {
        /* not JSON: a bare message */
      }
    }
    return t ? { message: t } : {};
  }
  if (!isObj(body)) return {};
  const e = body.error;
  if (typeof e === 'string') return { message: e, code: str(body.code), type: str(body.type) };
  if (isObj(e)) {
    // Azure sometimes nests the useful part: {error:{code, message, innererror:{code}}}
    const inner = isObj(e.innererror) ? e.innererror : undefined;
    return { message: str(e.message), type: str(e.type), code: str(e.code) ?? str(inner?.code), param: str(e.param) };
  }
  if (body.message !== undefined || body.code !== undefined || body.statusCode !== undefined) {
    return { message: str(body.message), type: str(body.type), code: str(body.code) ?? str(body.statusCode), param: str(body.param) };
  }
  if (body.detail !== undefined) return { message: typeof body.detail === 'string' ? body.detail : JSON.stringify(body.detail) };
  return {};
}

function header(h: ApiAnswer['headers'], name: string): string | undefined {
  if (!h) return undefined;
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === want && v !== undefined) return v;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The echoed key

const ECHO = /incorrect api key provided:? ?/i;
const ECHO_END = /\.? ?You can (?:find|obtain|get|generate)\b/i;

/**
 * Parses OpenAI's echo of a rejected key (`Incorrect API key provided: sk-abc12***...wxyz. You can
 * find...`). Masking rule (§1.3): values of 12 characters or fewer are echoed whole; longer ones as
 * first 8 + `*` × (length − 12) + last 4, so the mask has the key's length. Hand-shortened masks
 * (`sk-abc12***...wxyz`) give prefix and suffix but no length.
 */
export function parseMaskedKey(text: string): MaskedKey | undefined {
  const m = ECHO.exec(text);
  if (!m) return undefined;
  const startAt = m.index + m[0].length;
  let rest = text.slice(startAt, startAt + 600);
  const end = ECHO_END.exec(rest);
  let echo: string;
  if (end) {
    echo = rest.slice(0, end.index);
    // "...key.. You can find" when the key itself ends with a dot: only one dot belongs to the sentence.
    if (rest[end.index] !== '.' && echo.endsWith('.')) echo = echo.slice(0, -1);
  } else {
    // Cut at the end of the line or of the quoted message.
    const nl = rest.search(/[\r\n]|\\n|['"`]|\\'|\\"/);
    if (nl >= 0) rest = rest.slice(0, nl);
    echo = rest.replace(/[.,;)\]}]+\s*$/, '').trimEnd();
  }
  return describeEcho(echo);
}

function describeEcho(echo: string): MaskedKey {
  const first = echo.indexOf('*');
  if (first < 0) {
    // No stars: echoed whole (short values), or a mask shortened with dots.
    const dots = /\.{3}|…/.exec(echo);
    if (dots && echo.length > 12) return { text: echo, prefix: echo.slice(0, dots.index), suffix: echo.slice(dots.index + dots[0].length) };
    return { text: echo, prefix: echo.slice(0, 8), suffix: echo.slice(-4), length: echo.length, literal: echo };
  }
  const last = echo.lastIndexOf('*');
  const prefix = echo.slice(0, first);
  const middle = echo.slice(first, last + 1);
  let suffix = echo.slice(last + 1);
  const exact = /^\*+$/.test(middle) && !/^(?:\.{2,}|…)/.test(suffix) && prefix.length === 8 && suffix.length === 4;
  suffix = suffix.replace(/^(?:\.{2,}|…)/, '');
  const p = prefix.replace(/(?:\.{2,}|…)$/, '');
  return exact ? { text: echo, prefix, suffix, length: echo.length } : { text: echo, prefix: p, suffix };
}

/** Whether a candidate value could be the key behind a mask (prefix, suffix and length all agree). */
export function maskMatches(mask: MaskedKey | string, candidate: string): boolean {
  const m = typeof mask === 'string' ? describeEcho(mask) : mask;
  for (const c of new Set([candidate, candidate.trim()])) {
    if (m.literal !== undefined) {
      if (c === m.literal) return true;
      continue;
    }
    if (m.prefix.length === 0 && m.suffix.length === 0) continue;
    if (m.length !== undefined && c.length !== m.length) continue;
    if (c.length < m.prefix.length + m.suffix.length) continue;
    if (c.startsWith(m.prefix) && c.endsWith(m.suffix)) return true;
  }
  return false;
}

/** A short description of the echoed key for messages: never more than OpenAI itself printed. */
export function describeMask(m: MaskedKey): string {
  if (m.literal !== undefined) return m.literal === '' ? 'an empty value' : `"${visible(m.literal)}"`;
  const len = m.length !== undefined ? `, ${m.length} characters` : '';
  return `${m.prefix}…${m.suffix}${len}`;
}

const PLACEHOLDER_START = /^(?:sk-)?(?:your|my[-_ ]?(?:api|key|openai|secret)|replace|insert|paste|enter|change|place|dummy|fake|example|sample|xxxx|<|\$\{|\{\{)/i;
const PLACEHOLDER_END = /(?:here|HERE|_key|-key|_KEY|-KEY|xxxx|XXXX|>|\}\})$/;

// Known total lengths of OpenAI keys by prefix (§2).
function openaiLengthProblem(m: MaskedKey): string | undefined {
  if (m.length === undefined || m.literal !== undefined) return undefined;
  const p = m.prefix;
  const n = m.length;
  const ok = (lens: number[]) => (lens.includes(n) ? undefined : `${n} characters, while ${lens.join(' or ')} are expected`);
  if (p.startsWith('sk-proj-')) return ok([56, 164]);
  if (p.startsWith('sk-svcac')) return ok([167]);
  if (p.startsWith('sk-admin')) return ok([133]);
  if (p.startsWith('sk-None-')) return n >= 56 ? undefined : `${n} characters, while 56 or more are expected`;
  return undefined;
}

/**
 * The key-* findings an echoed key reveals: `undefined`/`null`/empty (unset variable), `Bearer `
 * inside the value, another provider's key, a URL, a placeholder, a cut-off key.
 */
export function echoFindings(m: MaskedKey): FindingDraft[] {
  const out: FindingDraft[] = [];
  const shown = describeMask(m);
  const data = { echoed: m.text, prefix: m.prefix, suffix: m.suffix, length: m.length };
  const lit = m.literal;
  if (lit !== undefined) {
    const t = lit.trim();
    if (/^(?:undefined|null|None|nil|NaN|\[object Object\])$/.test(t)) {
      out.push({ id: 'key-missing', message: `The app sent the text "${t}" as its key: the variable it reads the key from was not set when the client was created (an unset variable turned into the word "${t}").`, data: { ...data, sent: t }, fix: { summary: 'Define the key variable where this app actually reads it (or load .env before the client is created), then restart the app.' } });
      return out;
    }
    if (t === '') {
      out.push({ id: 'key-empty', message: 'The app sent an empty key: the variable is defined but empty where the app runs.', data, fix: { summary: 'Give the key variable its value where this app reads it.' } });
      return out;
    }
  }
  if (/^Bearer\b/i.test(m.prefix)) {
    out.push({ id: 'key-bearer-prefix', message: `The key the app sent starts with "Bearer " (${shown}): the value itself holds the word Bearer, so the header became "Bearer Bearer ...".`, data, fix: { summary: 'Remove "Bearer " from the key variable; the SDK adds it.' } });
    return out;
  }
  if (/^https?:\/\//i.test(m.prefix)) {
    out.push({ id: 'key-malformed', message: `The app sent a URL as its key (${shown}): the endpoint and the key were probably swapped, or the key variable holds a base URL.`, data: { ...data, kind: 'url' }, fix: { summary: 'Put the API key in the key variable and the endpoint in OPENAI_BASE_URL / AZURE_OPENAI_ENDPOINT.' } });
    return out;
  }
  const open = m.prefix.charAt(0);
  const close = { '<': '>', '{': '}', '[': ']', '"': '"', "'": "'", '`': '`' }[open];
  if (close !== undefined && (m.suffix.endsWith(close) || (lit !== undefined && lit.endsWith(close)))) {
    out.push({ id: 'key-quoted', message: `The key was sent wrapped in ${open}${close} (${shown}): the brackets or quotes of a template or config file became part of the value.`, data: { ...data, wrapper: `${open}${close}` }, fix: { summary: `Remove the ${open}${close} around the key where the app reads it (OPENAI_API_KEY=sk-..., no brackets).` } });
    return out;
  }
  const foreign = foreignByPrefix(m);
  if (foreign) {
    out.push({ id: 'key-foreign-provider', message: `The key the app sent to OpenAI is ${foreign.label} (${shown}), not an OpenAI key.`, data: { ...data, provider: foreign.provider }, fix: { summary: foreign.fix } });
    return out;
  }
  const value = lit ?? '';
  if ((lit !== undefined && isPlaceholder(value)) || (lit === undefined && (PLACEHOLDER_START.test(m.prefix) || (m.prefix.length > 0 && !m.prefix.startsWith('sk-') && PLACEHOLDER_END.test(m.suffix))))) {
    out.push({ id: 'key-placeholder', message: `The app sent a placeholder instead of a key (${shown}).`, data, fix: { summary: 'Replace the placeholder with a real key from https://platform.openai.com/api-keys where this app reads it.' } });
    return out;
  }
  if (lit !== undefined && lit.length > 0) {
    // A short literal that is neither a key nor a known placeholder: a made-up value (lm-studio, a password, ...).
    out.push({ id: 'key-malformed', message: `The app sent "${visible(lit)}" as its key: a short value that is not an OpenAI key (a local server's dummy key or a proxy key sent to api.openai.com?).`, data: { ...data, kind: 'short' }, fix: { summary: 'Use a real OpenAI key, or point the client at the server this value belongs to (OPENAI_BASE_URL).' } });
    return out;
  }
  const problem = openaiLengthProblem(m);
  if (problem) {
    out.push({ id: 'key-malformed', message: `The key the app sent (${shown}) has ${problem}: it was cut off or extended when copied.`, data: { ...data, kind: 'length' }, fix: { summary: 'Copy the whole key again (or create a new one) and paste it without line breaks.' } });
  } else if (m.prefix.length > 0 && !m.prefix.startsWith('sk-') && lit === undefined && /\s/.test(m.prefix)) {
    out.push({ id: 'key-malformed', message: `The app sent text, not a key (${shown}): the variable holds a sentence or a line copied by mistake.`, data: { ...data, kind: 'text' }, fix: { summary: 'Put only the key in the variable.' } });
  }
  return out;
}

function foreignByPrefix(m: MaskedKey): { label: string; provider: string; fix: string } | undefined {
  const p = m.literal ?? m.prefix;
  const toBase = (name: string, url: string) => `Use an OpenAI key, or point the client at ${name} (OPENAI_BASE_URL=${url}).`;
  if (p.startsWith('sk-or-')) return { label: 'an OpenRouter key', provider: 'openrouter', fix: toBase('OpenRouter', 'https://openrouter.ai/api/v1') };
  if (p.startsWith('sk-ant-')) return { label: 'an Anthropic key', provider: 'anthropic', fix: 'Use an OpenAI key with the OpenAI client, or use the Anthropic client for this key.' };
  if (p.startsWith('gsk_')) return { label: 'a Groq key', provider: 'groq', fix: toBase('Groq', 'https://api.groq.com/openai/v1') };
  if (p.startsWith('AIza')) return { label: 'a Google (Gemini) key', provider: 'google', fix: toBase('Gemini', 'https://generativelanguage.googleapis.com/v1beta/openai/') };
  if (p.startsWith('xai-')) return { label: 'an xAI key', provider: 'xai', fix: toBase('xAI', 'https://api.x.ai/v1') };
  if (p.startsWith('hf_')) return { label: 'a Hugging Face token', provider: 'huggingface', fix: toBase('the Hugging Face router', 'https://router.huggingface.co/v1') };
  if (p.startsWith('pplx-')) return { label: 'a Perplexity key', provider: 'perplexity', fix: toBase('Perplexity', 'https://api.perplexity.ai') };
  if (p.startsWith('eyJ')) return { label: 'a JWT (an Entra ID / OAuth token)', provider: 'jwt', fix: 'Use an OpenAI API key; tokens from Azure sign-in or a ChatGPT login are not API keys.' };
  if (m.length === 35 && /^sk-[0-9a-f]{5}$/.test(m.prefix) && /^[0-9a-f]{4}$/.test(m.suffix)) return { label: 'a DeepSeek-style key (sk- and 32 hex digits)', provider: 'deepseek', fix: toBase('DeepSeek', 'https://api.deepseek.com') };
  if (m.length === 32 && /^[0-9a-fA-F]{8}$/.test(m.prefix) && /^[0-9a-fA-F]{4}$/.test(m.suffix)) return { label: 'an Azure OpenAI key (32 hex digits)', provider: 'azure', fix: 'Use the Azure client (AzureOpenAI) with AZURE_OPENAI_ENDPOINT for this key, or use an OpenAI key with api.openai.com.' };
  if (m.length === 84 && !m.prefix.startsWith('sk-')) return { label: 'an Azure OpenAI key (84 characters)', provider: 'azure', fix: 'Use the Azure client (AzureOpenAI) with AZURE_OPENAI_ENDPOINT for this key, or use an OpenAI key with api.openai.com.' };
  if (m.literal !== undefined) {
    const c = classifyCredential(m.literal);
    if (c.provider && c.provider !== 'openai' && c.kind !== 'litellm-virtual') return { label: c.label, provider: c.provider, fix: 'Use an OpenAI key.' };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Client-side messages that reveal the key (the request never reached the API)

/**
 * `Illegal header value b'Bearer sk-...\n'` (httpx/h11), `Invalid header value b'Bearer ...'`
 * (requests), `Invalid character in header content ["Authorization"]` (Node): the key holds a line
 * break or space, or is empty.
 */
export function headerValueFindings(text: string): FindingDraft[] {
  const out: FindingDraft[] = [];
  const m = /(?:Illegal|Invalid) header value:? b?(['"])Bearer ?([^'"]{0,400})\1/i.exec(text);
  if (m) {
    const v = m[2] ?? '';
    const escaped = v.replace(/\\r/g, '\r').replace(/\\n/g, '\n').replace(/\\t/g, '\t');
    if (escaped.trim() === '') {
      out.push({ id: 'key-empty', message: 'The client sent "Authorization: Bearer " with nothing after it: the key variable is defined but empty, so the HTTP library refused the header before anything reached OpenAI.', data: { clientError: 'illegal-header-value' }, fix: { summary: 'Give the key variable its value where this app reads it (an empty `OPENAI_API_KEY=` line or an empty CI secret leaves it blank).' } });
    } else if (/^Bearer\b/i.test(escaped)) {
      out.push({ id: 'key-bearer-prefix', message: 'The Authorization header read "Bearer Bearer ...": the key variable itself starts with "Bearer ".', data: { clientError: 'illegal-header-value' }, fix: { summary: 'Remove "Bearer " from the key variable; the SDK adds it.' } });
    } else {
      const ws = /[\r\n\t ]$|^[\r\n\t ]/.test(escaped);
      const what = /\n$/.test(escaped) ? 'a trailing line break (\\n)' : /\r$/.test(escaped) ? 'a trailing carriage return (\\r, a Windows line ending)' : ws ? 'leading or trailing whitespace' : 'a character no HTTP header may hold';
      out.push({ id: ws ? 'key-whitespace' : 'key-invisible-char', message: `The key ${maskSecret(escaped.trim())} holds ${what}, so the HTTP library refused to send the header (the request never reached OpenAI; the SDK reports it as a connection error).`, data: { clientError: 'illegal-header-value' }, fix: { summary: 'Strip the line break: re-create the value without a newline (`printf %s "$KEY"`, not `echo`), save the .env file with LF line endings, or `.strip()` the value before passing it.' } });
    }
  } else if (/Invalid character in header content \[?"?Authorization/i.test(text)) {
    out.push({ id: 'key-whitespace', message: 'Node refused to send the Authorization header ("Invalid character in header content"): the key holds a line break or another control character (the SDK trims only values it reads from the environment itself, not an apiKey passed in code).', data: { clientError: 'invalid-header-char' }, fix: { summary: 'Trim the value before passing it as apiKey, and re-save the source without the trailing newline.' } });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The classifier

const RETIRED_MODELS = new Set([
  'text-davinci-001', 'text-davinci-002', 'text-davinci-003', 'text-curie-001', 'text-babbage-001', 'text-ada-001',
  'davinci', 'curie', 'babbage', 'ada', 'code-davinci-001', 'code-davinci-002', 'code-cushman-001', 'code-cushman-002',
  'text-davinci-edit-001', 'code-davinci-edit-001', 'davinci-instruct-beta', 'curie-instruct-beta',
  'text-similarity-ada-001', 'text-similarity-babbage-001', 'text-similarity-curie-001', 'text-similarity-davinci-001',
  'text-search-ada-doc-001', 'text-search-davinci-doc-001', 'code-search-ada-code-001',
  'gpt-3.5-turbo-0301', 'gpt-3.5-turbo-0613', 'gpt-3.5-turbo-16k-0613', 'gpt-4-0314', 'gpt-4-32k', 'gpt-4-32k-0314', 'gpt-4-32k-0613',
  'gpt-4-vision-preview', 'gpt-4-1106-vision-preview', 'text-moderation-stable', 'text-moderation-latest', 'gpt-4.5-preview', 'gpt-4.5-preview-2025-02-27',
]);

export function isRetiredModel(model: string): boolean {
  return RETIRED_MODELS.has(model.trim().toLowerCase());
}

/** Scope names out of "Missing scopes: a.b, c.d." */
export function parseScopes(message: string): string[] {
  const m = /Missing scopes?:? ?([A-Za-z0-9_.,: -]{1,400})/i.exec(message);
  if (!m || !m[1]) return [];
  return [...new Set(m[1].split(/[ ,]+/).map((s) => s.replace(/\.$/, '')).filter((s) => s.length <= 60 && /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+$/.test(s)))];
}

function modelOf(message: string): string | undefined {
  const m = /model[:\s]+[`'"“]?([A-Za-z0-9][A-Za-z0-9._:/-]{0,80}?)[`'"”]?(?=[\s.,]|$)/i.exec(message);
  return m?.[1];
}

function retryAfter(a: ApiAnswer, message: string): string | undefined {
  const ms = header(a.headers, 'retry-after-ms');
  if (ms) return `${ms}ms`;
  const s = header(a.headers, 'retry-after');
  if (s) return /^\d+(?:\.\d+)?$/.test(s) ? `${s}s` : s;
  const m = /try again in ([0-9.]+ ?(?:ms|s|m|h|seconds?|minutes?)(?:[0-9.]+ ?(?:ms|s))?)/i.exec(message);
  if (m?.[1]) return m[1];
  const az = /retry after (\d+) seconds?/i.exec(message);
  return az?.[1] ? `${az[1]}s` : undefined;
}

const NO_AUTH = /didn'?t provide an API key|did not provide an API key|Missing bearer (?:or basic )?authentication|Invalid authorization header|must provide an API key|no API key (?:was )?provided|missing subscription key|Authorization header is (?:missing|required)|missing (?:the )?Authorization header/i;
const QUOTA_CODES = new Set(['insufficient_quota', 'credit_balance_exhausted', 'billing_not_active', 'organization_spend_limit_exceeded', 'project_spend_limit_exceeded', 'organization_usage_limit_exceeded', 'billing_hard_limit_reached', 'access_denied_billing']);

/** Classifies one API answer into live-* findings (plus key-* findings the message reveals). */
export function classifyAnswer(a: ApiAnswer): FindingDraft[] {
  const out: FindingDraft[] = [];
  const f = errorFields(a.body);
  const message = f.message ?? '';
  const code = (f.code ?? '').trim();
  const type = (f.type ?? '').trim();
  const status = a.status ?? statusFromCode(code);
  const requestId = header(a.headers, 'x-request-id') ?? header(a.headers, 'apim-request-id') ?? header(a.headers, 'request-id');
  const base: Record<string, unknown> = { status, code: f.code, type: f.type, requestId };
  for (const k of Object.keys(base)) if (base[k] === undefined || base[k] === '') delete base[k];
  const add = (d: FindingDraft) => out.push({ ...d, data: { ...base, ...(d.data ?? {}) } });
  const said = message ? ` OpenAI said: "${clip(message)}"` : '';
  const lc = code.toLowerCase();

  if (a.networkError !== undefined && status === undefined) {
    add({ id: 'live-network-error', message: `No answer from the API: ${a.networkError}. This says nothing about the key.`, data: { error: a.networkError } });
    return out;
  }
  // Key problems the message reveals even when the server never saw the key.
  pushAll(out, headerValueFindings(message));

  if (status !== undefined && status >= 200 && status < 300) {
    const org = header(a.headers, 'openai-organization');
    const project = header(a.headers, 'openai-project');
    const who = [org && `organization ${org}`, project && `project ${project}`].filter(Boolean).join(', ');
    add({ id: 'live-ok', message: `The key works${who ? ` (answered for ${who})` : ''}.`, data: { organization: org, project } });
    return out;
  }

  // --- Azure
  const azureText = /subscription key|wrong API endpoint|regional API endpoint|DeploymentNotFound|API deployment for this resource|Access token is missing|audience is incorrect|Principal does not have access|lacks the required data action|cognitiveservices|FoundryPermissions|api-version/i.test(message) || /^(?:DeploymentNotFound|PermissionDenied|BadRequest|Unauthorized|401|404)$/i.test(code);
  if (lc === 'deploymentnotfound' || /API deployment for this resource does not exist|deployment .{0,80} (?:does not exist|was not found)/i.test(message)) {
    add({ id: 'live-azure-deployment-not-found', message: `Azure OpenAI has no deployment by the name the client asked for (404 DeploymentNotFound).${said}`, fix: { summary: 'Use the deployment name shown in Azure AI Foundry → Deployments (not the model name) as `model` / `deployment`, and wait a few minutes after creating it.' } });
    return out;
  }
  if (/API version not supported|unsupported api[- ]version|Missing required query parameter: api-version|api-version .{0,40}(?:not supported|invalid)/i.test(message)) {
    add({ id: 'live-azure-api-version', message: `Azure OpenAI rejected the api-version of the request.${said}`, fix: { summary: 'Send a supported dated api-version (e.g. 2024-10-21) on the classic /openai/deployments/... path, or none on the v1 path /openai/v1/.' } });
    return out;
  }
  if (/^Resource not found\.?$/i.test(message.trim()) || (status === 404 && (lc === '404' || lc === 'resourcenotfound') && (a.azure || azureText))) {
    add({ id: 'live-azure-api-version', message: `Azure OpenAI answered 404 "Resource not found": the URL does not exist on this resource: a missing or unknown api-version, a wrong path, or a trailing "/" in the endpoint.${said}`, fix: { summary: 'Check AZURE_OPENAI_ENDPOINT (https://NAME.openai.azure.com, no trailing path) and OPENAI_API_VERSION (a supported dated version for the classic path).' } });
    return out;
  }
  if (/Access token is missing, invalid|audience is incorrect|have expired|token is expired|InvalidAuthenticationToken/i.test(message) && (a.azure || azureText || status === 401)) {
    add({ id: 'live-azure-auth-failed', message: `Azure rejected the Entra ID (AAD) token: missing, expired, or for the wrong audience. A common cause is an API key sent as "Authorization: Bearer" to an Azure endpoint that expects the api-key header.${said}`, data: { azureAuth: 'entra-token' }, fix: { summary: 'For key auth use the AzureOpenAI client with api_key (sent as the api-key header); for Entra ID request a token for https://cognitiveservices.azure.com/.default.' } });
    return out;
  }
  if (/Access denied due to invalid subscription key|wrong API endpoint|invalid subscription key/i.test(message)) {
    add({ id: 'live-azure-auth-failed', message: `Azure OpenAI rejected the key: it is not a key of this resource (an OpenAI sk- key, a key of another resource or region, or a regenerated key), or the endpoint is wrong.${said}`, data: { azureAuth: 'key' }, fix: { summary: 'Copy Key 1 from the Azure portal (resource → Keys and Endpoint) into AZURE_OPENAI_API_KEY and use the endpoint shown on the same page.' } });
    return out;
  }
  if (/Principal does not have access|lacks the required data action/i.test(message) || lc === 'permissiondenied') {
    add({ id: 'live-azure-auth-failed', message: `The Entra ID identity signed in, but it has no role on this Azure OpenAI resource.${said}`, data: { azureAuth: 'rbac' }, fix: { summary: 'Assign the role "Cognitive Services OpenAI User" to this identity on the resource (it can take a few minutes to apply).' } });
    return out;
  }

  // --- OpenAI-compatible providers behind the base URL (the OpenAI SDK pointed elsewhere)
  const deepseek = /Authentication Fails,? Your api key:? ?(\S{0,80}) is invalid/i.exec(message);
  if (deepseek || /Missing Authentication header or invalid API key/i.test(message)) {
    const provider = deepseek ? 'DeepSeek' : 'OpenRouter';
    const tail = (deepseek?.[1] ?? '').replace(/^\*+/, '');
    add({ id: 'live-invalid-key', message: `${provider} (not OpenAI: the base URL points there) rejected the key${tail ? ` ending in ${tail}` : ''}. It needs a ${provider} key; an OpenAI key, an empty value or a revoked ${provider} key all fail this way.${said}`, data: { provider: provider.toLowerCase() }, fix: { summary: `Put a valid ${provider} key in the variable the client reads, or remove the base URL override to talk to OpenAI.` } });
    return out;
  }
  if (/No auth credentials found/i.test(message)) {
    add({ id: 'live-no-auth', message: `OpenRouter (the base URL points there) received no key: the key variable is empty or unset where the app runs.${said}`, data: { provider: 'openrouter', stripped: false }, fix: { summary: 'Set the OpenRouter key in the variable the client reads (often OPENAI_API_KEY when using the OpenAI SDK with OpenRouter).' } });
    return out;
  }

  // --- OpenAI
  // A data-residency project's key sent to another host (api.openai.com instead of us.api.openai.com)
  if (/incorrect regional hostname|make your request to [a-z0-9-]+\.api\.openai\.com/i.test(message)) {
    const host = /make your request to (?:https?:\/\/)?([a-z0-9-]+\.api\.openai\.com)/i.exec(message)?.[1]?.toLowerCase();
    const baseURL = host ? `https://${host}/v1` : undefined;
    const region = host?.split('.')[0];
    add({
      id: 'live-residency-mismatch',
      message: `The key belongs to a project with data residency${region ? ` in ${region.toUpperCase()}` : ''}: OpenAI serves it only on its regional host${host ? ` ${host}` : ' (us.api.openai.com, eu.api.openai.com, ...)'}, not on ${a.endpoint ? hostOf(a.endpoint) : 'the host the request went to'} (401 "incorrect regional hostname"). The key itself is fine.${said}`,
      data: { host, baseURL, region },
      fix: baseURL
        ? { summary: `Point the client at ${baseURL} (note the /v1): set OPENAI_BASE_URL=${baseURL}, or pass base_url / baseURL${region && ['us', 'eu', 'ae'].includes(region) ? `, or data_residency="${region}" (openai-python 3 / openai-node 7)` : ''}.`, command: `export OPENAI_BASE_URL=${baseURL}` }
        : { summary: "Set OPENAI_BASE_URL to the project's regional host (https://us.api.openai.com/v1 or https://eu.api.openai.com/v1, with the /v1), as shown in the project's settings." },
    });
    return out;
  }
  if (NO_AUTH.test(message)) {
    const stripped = a.credentialSent === true;
    add({
      id: 'live-no-auth',
      message: stripped
        ? `The client sent a key, but the server saw none: a proxy or gateway between the app and the API removed the Authorization header.${said}`
        : `The server saw no key: the request had no usable "Authorization: Bearer ..." header (the key variable is unset or empty, the header lacks the "Bearer " scheme, or a proxy or gateway stripped it).${said}`,
      data: { stripped },
      fix: { summary: stripped ? 'Configure the proxy / API gateway to forward the Authorization header (or send the key with the header name it expects).' : 'Make sure the key reaches the client (OPENAI_API_KEY where the app runs); if you set the header by hand, send "Authorization: Bearer <key>"; if a proxy sits in between, make it forward Authorization.' },
    });
    return out;
  }
  if (lc === 'invalid_api_key' || /Incorrect API key provided|Invalid API key|invalid_api_key|Invalid Authentication|API key (?:is )?(?:invalid|not valid)/i.test(message)) {
    const mask = parseMaskedKey(message);
    const echo = mask ? echoFindings(mask) : [];
    const what = mask ? ` The key it received: ${describeMask(mask)}.` : '';
    add({
      id: 'live-invalid-key',
      message: echo.length
        ? `OpenAI does not accept the key it received (401 invalid_api_key): ${mask ? describeMask(mask) : 'the value'} is not an OpenAI key at all (see ${[...new Set(echo.map((f) => f.id))].join(', ')}).`
        : `OpenAI does not accept this key (401 invalid_api_key): it is wrong, revoked, deleted, or disabled after a leak.${what}`,
      data: mask ? { maskedKey: { prefix: mask.prefix, suffix: mask.suffix, length: mask.length } } : {},
      fix: echo.length
        ? { summary: 'Fix the value as the finding named above says; a correct OpenAI key (https://platform.openai.com/api-keys) starts with sk- and carries no brackets, quotes or spaces.' }
        : { summary: 'Compare the key\'s first 8 / last 4 characters with https://platform.openai.com/api-keys; if it is not listed, create a new key (check your email for "API Key Disabled") and put it where the app reads it.' },
    });
    pushAll(out, echo);
    return out;
  }
  if (lc === 'mismatched_organization' || /OpenAI-Organization header should match|No such organization|invalid organization|organization .{0,60} (?:not found|does not exist)/i.test(message)) {
    const org = /No such organization\s?:?\s?([^\s.]{1,80})/i.exec(message)?.[1];
    const unset = org !== undefined && /^(?:null|undefined|None)$/.test(org);
    add({ id: 'live-org-mismatch', message: unset ? `The OpenAI-Organization header carries the text "${org}": the organization variable or option is unset but still sent (a template or wrapper turned a missing value into the word "${org}").${said}` : `The OpenAI-Organization header (OPENAI_ORG_ID / OPENAI_ORGANIZATION / organization=) names an organization this key does not belong to${org ? ` ("${org}")` : ''}.${said}`, data: { organization: org }, fix: { summary: 'Remove the organization setting (the key already belongs to one), or set it to the org-... id of the key\'s organization from Settings → Organization.' } });
    return out;
  }
  if (lc === 'mismatched_project' || /OpenAI-Project header should match/i.test(message)) {
    add({ id: 'live-project-mismatch', message: `The OpenAI-Project header (OPENAI_PROJECT_ID / project=) names another project than the one this key belongs to (a project name instead of a proj_... id is a common cause).${said}`, fix: { summary: 'Remove the project setting (a project key already names its project), or set it to the key\'s proj_... id.' } });
    return out;
  }
  if (lc === 'no_organization' || lc === 'organization_membership_required' || /must be a member of an organization/i.test(message)) {
    add({ id: 'live-no-organization', message: `The account behind this key is not a member of any organization.${said}`, fix: { summary: 'Accept the organization invite or create an organization at https://platform.openai.com, then create a key there.' } });
    return out;
  }
  if (lc === 'account_deactivated' || lc === 'access_terminated' || type === 'access_terminated' || /deactivated account|account .{0,60}(?:has been|was|is) deactivated|access was terminated|access has been terminated/i.test(message)) {
    const terminated = lc === 'access_terminated' || /terminated/i.test(message);
    add({ id: 'live-account-deactivated', message: `${terminated ? 'Access was terminated for a policy violation' : 'The account or organization behind this key is deactivated'}: no key of it works.${said}`, data: { reason: terminated ? 'access_terminated' : 'account_deactivated' }, fix: { summary: terminated ? 'Check the email OpenAI sent; appeal through help.openai.com if you think it is a mistake.' : 'Check your email from OpenAI and contact help.openai.com; a new key will not help.' } });
    return out;
  }
  if (lc === 'admin_key_required' || /Admin API keys cannot be used|only be (?:used|called) with an admin (?:API )?key|requires an admin (?:API )?key/i.test(message)) {
    const adminOnInference = /Admin API keys cannot be used/i.test(message);
    if (adminOnInference) {
      add({ id: 'key-admin-as-api-key', message: `An admin key (sk-admin-...) was used for an ordinary API call; admin keys work only on /v1/organization/... endpoints.${said}`, fix: { summary: 'Use a project key (sk-proj-...) for model calls; keep the admin key for administration only.' } });
    } else {
      add({ id: 'live-missing-scope', message: `This endpoint needs an admin key (sk-admin-...); ordinary project keys cannot call it.${said}`, data: { scopes: parseScopes(message), adminEndpoint: true }, fix: { summary: 'Create an admin key (Organization settings → Admin keys) and send it as OPENAI_ADMIN_KEY for /v1/organization/... calls.' } });
    }
    return out;
  }
  if (/Missing scopes?|insufficient permissions for this operation|missing_scope|does not have the required (?:scope|permission)/i.test(message) || lc === 'missing_scope' || lc === 'insufficient_permissions') {
    const scopes = parseScopes(message);
    const admin = scopes.some((s) => s === 'api.management.read' || s === 'api.management.write' || s === 'api.usage.read') || /\/organization\//.test(a.endpoint ?? '');
    const names = scopes.length ? `: ${scopes.join(', ')}` : '';
    add({
      id: 'live-missing-scope',
      message: admin
        ? `This is an administration endpoint: it needs an admin key (sk-admin-...), and this key lacks the scope${scopes.length > 1 ? 's' : ''}${names}.`
        : `The key is valid but not allowed to do this: a restricted key without the scope${scopes.length > 1 ? 's' : ''}${names}, or your role in the organization / project lacks it. (A ChatGPT / Codex sign-in token sent as an API key gives the same answer.)`,
      data: { scopes, adminEndpoint: admin },
      fix: { summary: admin ? 'Use an admin key (OPENAI_ADMIN_KEY) for /v1/organization/... endpoints.' : `Edit the key at https://platform.openai.com/api-keys and grant ${scopes.length ? scopes.join(', ') : 'the missing permission'} (or "All"), or ask an owner for the Writer / Member role.` },
    });
    return out;
  }
  if (lc === 'unsupported_country_region_territory' || /Country, region, or territory not supported|unsupported_country/i.test(message)) {
    add({ id: 'live-region-unsupported', message: `OpenAI refuses requests from the country or region the request came from (403). For a server this is the region of its IP (the cloud region, a VPN or a proxy), not where you are.${said}`, fix: { summary: 'Run the app (or route its traffic) from a supported country; see https://platform.openai.com/docs/supported-countries.' } });
    return out;
  }
  if (lc === 'ip_not_authorized' || /IP (?:address )?(?:is )?not authorized|not in the (?:project's |organization's )?(?:IP )?allow ?list|ip_not_authorized/i.test(message)) {
    add({ id: 'live-ip-not-allowed', message: `The key is valid, but its project or organization has an IP allowlist that does not include the address this request came from.${said}`, fix: { summary: 'Add the server\'s outgoing IP (or CIDR) to the allowlist in the project or organization settings (changes take up to 15 minutes); project lists replace the organization list.' } });
    return out;
  }
  const quota = QUOTA_CODES.has(lc) || type === 'insufficient_quota' || type === 'billing_not_active' || /exceeded your current quota|no credits remaining|account is not active, please check your billing|billing hard limit|spend limit|usage limit .{0,40}reached/i.test(message);
  if (quota) {
    const why = lc === 'credit_balance_exhausted' || /no credits remaining/i.test(message) ? 'the prepaid credit balance is used up' : lc === 'billing_not_active' || type === 'billing_not_active' || /not active/i.test(message) ? 'billing is not active on this account' : /spend limit/i.test(message) || lc.includes('spend_limit') ? 'a spend limit has been reached' : 'the quota (credits or monthly budget) is used up';
    add({ id: 'live-quota-exhausted', message: `The key is valid, but ${why} (429). Retrying will not help: the SDK's automatic retries only delay the failure.${said}`, data: { retryable: false }, fix: { summary: 'Add credits or raise the budget at https://platform.openai.com/settings/organization/billing; it can take a few minutes to apply (a new key is not needed).' } });
    return out;
  }
  const azureRate = /exceeded (?:the )?(?:token |call |request )?rate limit (?:of|for) your current/i.test(message);
  if (lc === 'rate_limit_exceeded' || azureRate || /Rate limit reached|rate limit exceeded|Too Many Requests/i.test(message) || (status === 429 && (type === 'tokens' || type === 'requests' || header(a.headers, 'retry-after') !== undefined || header(a.headers, 'retry-after-ms') !== undefined))) {
    const wait = retryAfter(a, message);
    const org = /in organization ([A-Za-z0-9_-]{1,60})/.exec(message)?.[1];
    const seconds = Number(/retry after (\d+) seconds?/i.exec(message)?.[1] ?? NaN);
    const daily = azureRate && seconds >= 3600;
    const what = azureRate ? `the Azure deployment's ${/call rate/i.test(message) ? 'requests' : 'tokens'}-per-minute quota is used up${daily ? ' (a wait of hours: a daily quota, typical of free and trial subscriptions)' : ''}` : `too many requests or tokens per minute${org ? ` for organization ${org}` : ''}`;
    add({ id: 'live-rate-limited', severity: 'warning', message: `Rate limited (429): the key works, but ${what}. This is temporary${wait ? `; retry after ${wait}` : ''}.${said}`, data: { retryable: true, retryAfter: wait, organization: org, azure: azureRate || undefined }, fix: { summary: azureRate ? 'Raise the deployment\'s TPM quota (Azure AI Foundry → Deployments → Edit, or https://aka.ms/oai/quotaincrease), retry with backoff, or lower concurrency.' : 'Retry with backoff (the SDKs do this by default), lower concurrency or max tokens, or ask for higher limits at https://platform.openai.com/settings/organization/limits.' } });
    return out;
  }
  if (lc === 'model_not_found' || /The model .{1,100} does not exist|does not have access to model|not allowed to sample from this model|model .{1,100} (?:not found|has been deprecated|was deprecated|has been shut ?down)|no such model/i.test(message) || (/deprecated/i.test(message) && /model/i.test(message))) {
    const model = modelOf(message);
    const retired = (model !== undefined && isRetiredModel(model)) || /has been deprecated|shut ?down|was deprecated/i.test(message);
    if (retired) {
      add({ id: 'model-retired', message: `The code calls ${model ? `the model "${model}"` : 'a model'}, which has been shut down.${said}`, data: { model }, fix: { summary: model && /davinci|curie|babbage|ada/i.test(model) ? 'Switch to gpt-3.5-turbo-instruct for completions, or a current chat model (gpt-4o-mini) with chat.completions / responses.' : 'Switch to a current model: see https://platform.openai.com/docs/deprecations.' } });
      if (lc !== 'model_not_found' && !/does not exist/i.test(message)) return out;
    }
    add({ id: 'live-model-not-found', message: `The model ${model ? `"${model}" ` : ''}does not exist or this key's project has no access to it (404 model_not_found). The key itself works.${said}`, data: { model }, fix: { summary: 'Check the model name, and the project\'s model access (Project settings → Limits → Model usage); new accounts may need a first payment for some models.' } });
    return out;
  }
  if (/Attention Required! \| Cloudflare|Cloudflare Ray ID|cf-error-details/i.test(message)) {
    add({ id: 'live-unexpected', message: `Cloudflare, in front of the API, blocked the request with a challenge page${status ? ` (${status})` : ''}: the address it came from (a VPN, a data-center or proxy IP, an unsupported region) was refused. The key was never checked.`, data: { blockedBy: 'cloudflare' }, fix: { summary: 'Send the request from another network (no VPN / a different egress IP or region), or through a supported proxy.' } });
    return out;
  }
  if (/must be made with a session key/i.test(message)) {
    add({ id: 'live-unexpected', message: `This endpoint accepts only a browser session, never an API key: billing and balance cannot be read with a key.${said}`, data: { sessionOnly: true }, fix: { summary: 'Read usage and costs with an admin key from /v1/organization/usage and /v1/organization/costs instead.' } });
    return out;
  }
  if (status === 401 && (azureText || a.azure)) {
    add({ id: 'live-azure-auth-failed', message: `Azure OpenAI refused the credential (401).${said}`, data: { azureAuth: 'unknown' }, fix: { summary: 'Check AZURE_OPENAI_API_KEY and AZURE_OPENAI_ENDPOINT against the resource\'s Keys and Endpoint page.' } });
    return out;
  }
  if (status === undefined && out.length > 0) return out;
  if (status === undefined && message === '' && code === '') return out;

  // Anything else: status, code and request id, so a human can take it further.
  const parts = [status !== undefined ? `HTTP ${status}` : undefined, code ? `code ${code}` : undefined, type ? `type ${type}` : undefined, requestId ? `request id ${requestId}` : undefined].filter(Boolean).join(', ');
  const authish = status === 401 || status === 403;
  const serverSide = status !== undefined && status >= 500;
  add({
    id: 'live-unexpected',
    severity: serverSide ? 'warning' : authish ? 'error' : undefined,
    message: `${serverSide ? 'The API had a server-side error; this is not a problem with the key.' : status === 429 ? 'HTTP 429 without an error body: either a rate limit (wait and retry) or exhausted quota or credit (add credit); only the body tells which.' : authish ? `The server refused the request (${status}) without a known reason; if the base URL points at a proxy or gateway, that is probably what answered.` : 'An answer keydoctor does not recognise.'}${parts ? ` (${parts})` : ''}${said}`,
    data: serverSide ? { retryable: true } : {},
    fix: { summary: serverSide ? 'Retry later; check https://status.openai.com. Quote the request id if you contact support.' : 'Quote the status, code and request id to the API provider\'s support.' },
  });
  return out;
}

function statusFromCode(code: string): number | undefined {
  return /^[1-5]\d\d$/.test(code) ? Number(code) : undefined;
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 300 ? `${one.slice(0, 297)}...` : one;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
