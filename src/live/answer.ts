/**
 * Reading one HTTP answer from OpenAI / Azure OpenAI (or from a proxy in front of them): its error
 * envelope, the key OpenAI echoes back, the key problems a client library's own refusal reveals.
 * The live checks (src/checks/live/<id>.ts) match over what this reads, and ./classify.ts runs them
 * in order. Pure string logic; every regex is linear (no nested quantifiers).
 *
 * Sources for every wording: /work/shared/spec/research/openai-auth.md §1 and §6.
 */
import type { FindingDraft } from '../core/types.js';
import { classifyCredential, isPlaceholder } from '../keys/classify.js';
import { maskSecret, visible } from '../keys/mask.js';
import { retiredModel } from '../code/retired-models.js';

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
    return {
      message: str(body.message),
      type: str(body.type),
      code: str(body.code) ?? str(body.statusCode),
      param: str(body.param),
    };
  }
  if (body.detail !== undefined)
    return { message: typeof body.detail === 'string' ? body.detail : JSON.stringify(body.detail) };
  return {};
}

export function header(h: ApiAnswer['headers'], name: string): string | undefined {
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
    if (dots && echo.length > 12)
      return { text: echo, prefix: echo.slice(0, dots.index), suffix: echo.slice(dots.index + dots[0].length) };
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

const PLACEHOLDER_START =
  /^(?:sk-)?(?:your|my[-_ ]?(?:api|key|openai|secret)|replace|insert|paste|enter|change|place|dummy|fake|example|sample|xxxx|<|\$\{|\{\{)/i;
const PLACEHOLDER_END = /(?:here|HERE|_key|-key|_KEY|-KEY|xxxx|XXXX|>|\}\})$/;

// Known total lengths of OpenAI keys by prefix (§2).
function openaiLengthProblem(m: MaskedKey): string | undefined {
  if (m.length === undefined || m.literal !== undefined) return undefined;
  const p = m.prefix;
  const n = m.length;
  const ok = (lens: number[]) =>
    lens.includes(n) ? undefined : `${n} characters, while ${lens.join(' or ')} are expected`;
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
      out.push({
        id: 'key-missing',
        message: `The app sent the text "${t}" as its key: the variable it reads the key from was not set when the client was created (an unset variable turned into the word "${t}").`,
        data: { ...data, sent: t },
        fix: {
          summary:
            'Define the key variable where this app actually reads it (or load .env before the client is created), then restart the app.',
        },
      });
      return out;
    }
    if (t === '') {
      out.push({
        id: 'key-empty',
        message: 'The app sent an empty key: the variable is defined but empty where the app runs.',
        data,
        fix: { summary: 'Give the key variable its value where this app reads it.' },
      });
      return out;
    }
  }
  if (/^Bearer\b/i.test(m.prefix)) {
    out.push({
      id: 'key-bearer-prefix',
      message: `The key the app sent starts with "Bearer " (${shown}): the value itself holds the word Bearer, so the header became "Bearer Bearer ...".`,
      data,
      fix: { summary: 'Remove "Bearer " from the key variable; the SDK adds it.' },
    });
    return out;
  }
  if (/^https?:\/\//i.test(m.prefix)) {
    out.push({
      id: 'key-malformed',
      message: `The app sent a URL as its key (${shown}): the endpoint and the key were probably swapped, or the key variable holds a base URL.`,
      data: { ...data, kind: 'url' },
      fix: {
        summary: 'Put the API key in the key variable and the endpoint in OPENAI_BASE_URL / AZURE_OPENAI_ENDPOINT.',
      },
    });
    return out;
  }
  const open = m.prefix.charAt(0);
  const close = { '<': '>', '{': '}', '[': ']', '"': '"', "'": "'", '`': '`' }[open];
  if (close !== undefined && (m.suffix.endsWith(close) || (lit !== undefined && lit.endsWith(close)))) {
    out.push({
      id: 'key-quoted',
      message: `The key was sent wrapped in ${open}${close} (${shown}): the brackets or quotes of a template or config file became part of the value.`,
      data: { ...data, wrapper: `${open}${close}` },
      fix: {
        summary: `Remove the ${open}${close} around the key where the app reads it (OPENAI_API_KEY=sk-..., no brackets).`,
      },
    });
    return out;
  }
  const foreign = foreignByPrefix(m);
  if (foreign) {
    out.push({
      id: 'key-foreign-provider',
      message: `The key the app sent to OpenAI is ${foreign.label} (${shown}), not an OpenAI key.`,
      data: { ...data, provider: foreign.provider },
      fix: { summary: foreign.fix },
    });
    return out;
  }
  const value = lit ?? '';
  if (
    (lit !== undefined && isPlaceholder(value)) ||
    (lit === undefined &&
      (PLACEHOLDER_START.test(m.prefix) ||
        (m.prefix.length > 0 && !m.prefix.startsWith('sk-') && PLACEHOLDER_END.test(m.suffix))))
  ) {
    out.push({
      id: 'key-placeholder',
      message: `The app sent a placeholder instead of a key (${shown}).`,
      data,
      fix: {
        summary:
          'Replace the placeholder with a real key from https://platform.openai.com/api-keys where this app reads it.',
      },
    });
    return out;
  }
  if (lit !== undefined && lit.length > 0) {
    // A short literal that is neither a key nor a known placeholder: a made-up value (lm-studio, a password, ...).
    out.push({
      id: 'key-malformed',
      message: `The app sent "${visible(lit)}" as its key: a short value that is not an OpenAI key (a local server's dummy key or a proxy key sent to api.openai.com?).`,
      data: { ...data, kind: 'short' },
      fix: {
        summary: 'Use a real OpenAI key, or point the client at the server this value belongs to (OPENAI_BASE_URL).',
      },
    });
    return out;
  }
  const problem = openaiLengthProblem(m);
  if (problem) {
    out.push({
      id: 'key-malformed',
      message: `The key the app sent (${shown}) has ${problem}: it was cut off or extended when copied.`,
      data: { ...data, kind: 'length' },
      fix: { summary: 'Copy the whole key again (or create a new one) and paste it without line breaks.' },
    });
  } else if (m.prefix.length > 0 && !m.prefix.startsWith('sk-') && lit === undefined && /\s/.test(m.prefix)) {
    out.push({
      id: 'key-malformed',
      message: `The app sent text, not a key (${shown}): the variable holds a sentence or a line copied by mistake.`,
      data: { ...data, kind: 'text' },
      fix: { summary: 'Put only the key in the variable.' },
    });
  }
  return out;
}

function foreignByPrefix(m: MaskedKey): { label: string; provider: string; fix: string } | undefined {
  const p = m.literal ?? m.prefix;
  const toBase = (name: string, url: string) =>
    `Use an OpenAI key, or point the client at ${name} (OPENAI_BASE_URL=${url}).`;
  if (p.startsWith('sk-or-'))
    return {
      label: 'an OpenRouter key',
      provider: 'openrouter',
      fix: toBase('OpenRouter', 'https://openrouter.ai/api/v1'),
    };
  if (p.startsWith('sk-ant-'))
    return {
      label: 'an Anthropic key',
      provider: 'anthropic',
      fix: 'Use an OpenAI key with the OpenAI client, or use the Anthropic client for this key.',
    };
  if (p.startsWith('gsk_'))
    return { label: 'a Groq key', provider: 'groq', fix: toBase('Groq', 'https://api.groq.com/openai/v1') };
  if (p.startsWith('AIza'))
    return {
      label: 'a Google (Gemini) key',
      provider: 'google',
      fix: toBase('Gemini', 'https://generativelanguage.googleapis.com/v1beta/openai/'),
    };
  if (p.startsWith('xai-')) return { label: 'an xAI key', provider: 'xai', fix: toBase('xAI', 'https://api.x.ai/v1') };
  if (p.startsWith('hf_'))
    return {
      label: 'a Hugging Face token',
      provider: 'huggingface',
      fix: toBase('the Hugging Face router', 'https://router.huggingface.co/v1'),
    };
  if (p.startsWith('pplx-'))
    return {
      label: 'a Perplexity key',
      provider: 'perplexity',
      fix: toBase('Perplexity', 'https://api.perplexity.ai'),
    };
  if (p.startsWith('eyJ'))
    return {
      label: 'a JWT (an Entra ID / OAuth token)',
      provider: 'jwt',
      fix: 'Use an OpenAI API key; tokens from Azure sign-in or a ChatGPT login are not API keys.',
    };
  if (m.length === 35 && /^sk-[0-9a-f]{5}$/.test(m.prefix) && /^[0-9a-f]{4}$/.test(m.suffix))
    return {
      label: 'a DeepSeek-style key (sk- and 32 hex digits)',
      provider: 'deepseek',
      fix: toBase('DeepSeek', 'https://api.deepseek.com'),
    };
  if (m.length === 32 && /^[0-9a-fA-F]{8}$/.test(m.prefix) && /^[0-9a-fA-F]{4}$/.test(m.suffix))
    return {
      label: 'an Azure OpenAI key (32 hex digits)',
      provider: 'azure',
      fix: 'Use the Azure client (AzureOpenAI) with AZURE_OPENAI_ENDPOINT for this key, or use an OpenAI key with api.openai.com.',
    };
  if (m.length === 84 && !m.prefix.startsWith('sk-'))
    return {
      label: 'an Azure OpenAI key (84 characters)',
      provider: 'azure',
      fix: 'Use the Azure client (AzureOpenAI) with AZURE_OPENAI_ENDPOINT for this key, or use an OpenAI key with api.openai.com.',
    };
  if (m.literal !== undefined) {
    const c = classifyCredential(m.literal);
    if (c.provider && c.provider !== 'openai' && c.kind !== 'litellm-virtual')
      return { label: c.label, provider: c.provider, fix: 'Use an OpenAI key.' };
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
      out.push({
        id: 'key-empty',
        message:
          'The client sent "Authorization: Bearer " with nothing after it: the key variable is defined but empty, so the HTTP library refused the header before anything reached OpenAI.',
        data: { clientError: 'illegal-header-value' },
        fix: {
          summary:
            'Give the key variable its value where this app reads it (an empty `OPENAI_API_KEY=` line or an empty CI secret leaves it blank).',
        },
      });
    } else if (/^Bearer\b/i.test(escaped)) {
      out.push({
        id: 'key-bearer-prefix',
        message: 'The Authorization header read "Bearer Bearer ...": the key variable itself starts with "Bearer ".',
        data: { clientError: 'illegal-header-value' },
        fix: { summary: 'Remove "Bearer " from the key variable; the SDK adds it.' },
      });
    } else {
      const ws = /[\r\n\t ]$|^[\r\n\t ]/.test(escaped);
      const what = /\n$/.test(escaped)
        ? 'a trailing line break (\\n)'
        : /\r$/.test(escaped)
          ? 'a trailing carriage return (\\r, a Windows line ending)'
          : ws
            ? 'leading or trailing whitespace'
            : 'a character no HTTP header may hold';
      out.push({
        id: ws ? 'key-whitespace' : 'key-invisible-char',
        message: `The key ${maskSecret(escaped.trim())} holds ${what}, so the HTTP library refused to send the header (the request never reached OpenAI; the SDK reports it as a connection error).`,
        data: { clientError: 'illegal-header-value' },
        fix: {
          summary:
            'Strip the line break: re-create the value without a newline (`printf %s "$KEY"`, not `echo`), save the .env file with LF line endings, or `.strip()` the value before passing it.',
        },
      });
    }
  } else if (/Invalid character in header content \[?"?Authorization/i.test(text)) {
    out.push({
      id: 'key-whitespace',
      message:
        'Node refused to send the Authorization header ("Invalid character in header content"): the key holds a line break or another control character (the SDK trims only values it reads from the environment itself, not an apiKey passed in code).',
      data: { clientError: 'invalid-header-char' },
      fix: {
        summary: 'Trim the value before passing it as apiKey, and re-save the source without the trailing newline.',
      },
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// What the rules read

/** A model OpenAI has shut down by `now` (the lifecycle table of code/retired-models.ts, the one list). */
export function isRetiredModel(model: string, now: Date = new Date()): boolean {
  return retiredModel(model, now) !== undefined;
}

/** Scope names out of "Missing scopes: a.b, c.d." */
export function parseScopes(message: string): string[] {
  const m = /Missing scopes?:? ?([A-Za-z0-9_.,: -]{1,400})/i.exec(message);
  if (!m || !m[1]) return [];
  return [
    ...new Set(
      m[1]
        .split(/[ ,]+/)
        .map((s) => s.replace(/\.$/, ''))
        .filter((s) => s.length <= 60 && /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+$/.test(s)),
    ),
  ];
}

export function modelOf(message: string): string | undefined {
  // quoted (`gpt-4.1`, "o3-mini"): the whole id, dots included; bare: up to a space or comma, a sentence's full stop dropped
  const quoted = /model[:\s]+[`'"“]([A-Za-z0-9][A-Za-z0-9._:/-]{0,80})[`'"”]/i.exec(message);
  if (quoted) return quoted[1];
  const bare = /model[:\s]+([A-Za-z0-9][A-Za-z0-9._:/-]{0,80})/i.exec(message);
  return bare?.[1]?.replace(/[.:]+$/, '');
}

export function retryAfter(a: ApiAnswer, message: string): string | undefined {
  const ms = header(a.headers, 'retry-after-ms');
  if (ms) return `${ms}ms`;
  const s = header(a.headers, 'retry-after');
  if (s) return /^\d+(?:\.\d+)?$/.test(s) ? `${s}s` : s;
  const m = /try again in ([0-9.]+ ?(?:ms|s|m|h|seconds?|minutes?)(?:[0-9.]+ ?(?:ms|s))?)/i.exec(message);
  if (m?.[1]) return m[1];
  const az = /retry after (\d+) seconds?/i.exec(message);
  return az?.[1] ? `${az[1]}s` : undefined;
}

/** One answer, read once for every rule: the error fields, the status, the request id. */
export interface ReadAnswer {
  answer: ApiAnswer;
  /** The error message ('' when none). */
  message: string;
  /** The error code as sent, trimmed ('' when none), and lower-cased. */
  code: string;
  lc: string;
  type: string;
  /** The HTTP status, or the one an Azure envelope's numeric code gives. */
  status?: number;
  requestId?: string;
  /** ` OpenAI said: "..."` (the message, clipped), or '' when there is none. */
  said: string;
  /** The message or code reads like Azure OpenAI's. */
  azureText: boolean;
  /** Key problems the message reveals even when the server never saw the key (headerValueFindings). */
  revealed: FindingDraft[];
  /** A finding with the answer's status, code, type and request id added to its data. */
  finding(d: FindingDraft): FindingDraft;
}

/**
 * One rule of the classifier, kept in the file of the finding it produces: it claims the answer
 * (returns its findings, possibly none) or passes it on (undefined). classify.ts tries the rules in
 * the order of src/checks/live/_lib/precedence.ts (ANSWER_RULES): the first that claims the answer decides.
 */
export interface AnswerRule {
  name: string;
  /** The answer is these findings only (a network error: nothing else was read). */
  alone?: boolean;
  match(r: ReadAnswer): FindingDraft[] | undefined;
}

const AZURE_TEXT =
  /subscription key|wrong API endpoint|regional API endpoint|DeploymentNotFound|API deployment for this resource|Access token is missing|audience is incorrect|Principal does not have access|lacks the required data action|cognitiveservices|FoundryPermissions|api-version/i;

export function readAnswer(a: ApiAnswer): ReadAnswer {
  const f = errorFields(a.body);
  const message = f.message ?? '';
  const code = (f.code ?? '').trim();
  const status = a.status ?? statusFromCode(code);
  const requestId =
    header(a.headers, 'x-request-id') ?? header(a.headers, 'apim-request-id') ?? header(a.headers, 'request-id');
  const base: Record<string, unknown> = { status, code: f.code, type: f.type, requestId };
  for (const k of Object.keys(base)) if (base[k] === undefined || base[k] === '') delete base[k];
  return {
    answer: a,
    message,
    code,
    lc: code.toLowerCase(),
    type: (f.type ?? '').trim(),
    status,
    requestId,
    said: message ? ` OpenAI said: "${clip(message)}"` : '',
    azureText:
      AZURE_TEXT.test(message) ||
      /^(?:DeploymentNotFound|PermissionDenied|BadRequest|Unauthorized|401|404)$/i.test(code),
    revealed: headerValueFindings(message),
    finding: (d) => ({ ...d, data: { ...base, ...(d.data ?? {}) } }),
  };
}

export function statusFromCode(code: string): number | undefined {
  return /^[1-5]\d\d$/.test(code) ? Number(code) : undefined;
}

export function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 300 ? `${one.slice(0, 297)}...` : one;
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
