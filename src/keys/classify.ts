/**
 * What a credential string is: every OpenAI key format, Azure keys, the other providers' keys (from
 * the provider table), placeholders. Pure string logic shared by checks, the scanner, explain and masking.
 */
import { keyFormatOf, type TableKeyKind } from '../providers/index.js';

export const OPENAI_MARKER = 'T3BlbkFJ'; // base64 of "OpenAI", inside every OpenAI key

export type CredentialKind =
  | 'openai-legacy'
  | 'openai-project'
  | 'openai-project-short'
  | 'openai-svcacct'
  | 'openai-admin'
  | 'openai-none'
  | 'openai-service-named'
  | 'openai-malformed'
  | TableKeyKind
  | 'url'
  | 'placeholder'
  | 'empty'
  | 'unknown';

export interface Credential {
  kind: CredentialKind;
  /** Who issued it: openai, azure, anthropic, ... ; undefined when unknown. */
  provider?: string;
  /** Human name: "OpenAI project key", "Anthropic API key". */
  label: string;
  /** For malformed OpenAI keys: what is off, in one phrase. */
  problem?: string;
}

const HALF = /^[A-Za-z0-9_-]+$/;
const ALNUM = /^[A-Za-z0-9]+$/;

interface Shape {
  prefix: string;
  kind: CredentialKind;
  label: string;
  halves: number[];
  alphabet: RegExp;
}
const OPENAI_SHAPES: Shape[] = [
  { prefix: 'sk-proj-', kind: 'openai-project', label: 'OpenAI project key', halves: [74, 20], alphabet: HALF },
  {
    prefix: 'sk-svcacct-',
    kind: 'openai-svcacct',
    label: 'OpenAI service-account key',
    halves: [74, 58, 20],
    alphabet: HALF,
  },
  { prefix: 'sk-admin-', kind: 'openai-admin', label: 'OpenAI admin key', halves: [58, 74], alphabet: HALF },
  { prefix: 'sk-None-', kind: 'openai-none', label: 'OpenAI user key (no project)', halves: [20, 74], alphabet: HALF },
];

/** Expected total lengths, for messages about truncated keys. */
export const OPENAI_LENGTHS: Record<string, string> = {
  'openai-legacy': '51',
  'openai-project': '164 (or 56 for keys made in 2024)',
  'openai-svcacct': '167',
  'openai-admin': '133',
  'openai-none': '56 or longer',
};

function openai(value: string): Credential | undefined {
  if (!value.startsWith('sk-')) return undefined;
  const at = value.indexOf(OPENAI_MARKER);
  for (const s of OPENAI_SHAPES) {
    if (!value.startsWith(s.prefix)) continue;
    if (at < 0) {
      // the length of a whole key, without the marker every whole key has in its middle: made up or edited, not cut off
      const whole = s.halves.some((h) => value.length === s.prefix.length + 2 * h + OPENAI_MARKER.length);
      return {
        kind: 'openai-malformed',
        provider: 'openai',
        label: s.label,
        problem: whole
          ? `has no ${OPENAI_MARKER} marker, which every ${s.label} has in its middle, so it is not a real key (its length, ${value.length}, is that of one; its characters are not)`
          : `has no ${OPENAI_MARKER} marker, so it is not a whole ${s.label} (expected ${OPENAI_LENGTHS[s.kind] ?? 'more'} characters, got ${value.length})`,
      };
    }
    const left = value.slice(s.prefix.length, at);
    const right = value.slice(at + OPENAI_MARKER.length);
    if (!s.alphabet.test(left) || !s.alphabet.test(right))
      return {
        kind: 'openai-malformed',
        provider: 'openai',
        label: s.label,
        problem: 'contains characters no OpenAI key has',
      };
    if (left.length !== right.length || !s.halves.includes(left.length)) {
      return {
        kind: 'openai-malformed',
        provider: 'openai',
        label: s.label,
        problem: `has the wrong length (${value.length} characters; expected ${OPENAI_LENGTHS[s.kind] ?? 'another length'}): probably cut off when copied`,
      };
    }
    const kind = s.kind === 'openai-project' && left.length === 20 ? 'openai-project-short' : s.kind;
    return { kind, provider: 'openai', label: s.label };
  }
  if (at >= 0) {
    const left = value.slice(3, at);
    const right = value.slice(at + OPENAI_MARKER.length);
    // sk-<service-account-name>-<20>T3BlbkFJ<20>
    const named = /^([a-z0-9][a-z0-9-]*)-([A-Za-z0-9]{20})$/.exec(left);
    if (named && right.length === 20 && ALNUM.test(right))
      return { kind: 'openai-service-named', provider: 'openai', label: 'OpenAI service-account key (named)' };
    if (!ALNUM.test(left) || !HALF.test(right))
      return {
        kind: 'openai-malformed',
        provider: 'openai',
        label: 'OpenAI key',
        problem: 'contains characters no OpenAI key has',
      };
    if (left.length === 20 && right.length === 20 && ALNUM.test(right))
      return { kind: 'openai-legacy', provider: 'openai', label: 'OpenAI user key (legacy format)' };
    return {
      kind: 'openai-malformed',
      provider: 'openai',
      label: 'OpenAI key',
      problem: `has the wrong length (${value.length} characters; expected 51 for this format): probably cut off when copied`,
    };
  }
  return undefined;
}

export function classifyCredential(value: string): Credential {
  if (value.length === 0) return { kind: 'empty', label: 'empty value' };
  const o = openai(value);
  if (o && o.kind !== 'openai-malformed') return o;
  if (/^https?:\/\//i.test(value)) return { kind: 'url', label: 'URL' };
  if (isPlaceholder(value)) return { kind: 'placeholder', label: 'placeholder' };
  const f = keyFormatOf(value);
  if (f) return { kind: f.kind, provider: f.provider, label: f.label };
  if (o) return o;
  // sk- plus a long run of key characters without the marker: an OpenAI-looking key that is not one.
  if (/^sk-[A-Za-z0-9_-]{30,}$/.test(value))
    return {
      kind: 'openai-malformed',
      provider: 'openai',
      label: 'OpenAI key',
      problem: `has no ${OPENAI_MARKER} marker, which every OpenAI key carries: it is truncated, altered, or another service's key`,
    };
  return { kind: 'unknown', label: 'unrecognised value' };
}

export function isOpenAIKind(kind: CredentialKind): boolean {
  return kind.startsWith('openai-') && kind !== 'openai-malformed';
}

// Words only count between separators (or at the ends), so random key characters never match.
const PLACEHOLDER_WORDS =
  /(?:^|[-_ .:/])(?:your|yours|here|replace|replaceme|change[-_ ]?me|changeit|placeholder|example|dummy|fake|insert|enter|paste|todo|fixme|redacted|sample|mykey|my[-_]?(?:api[-_]?)?key|xxx+|test[-_]?key)(?=$|[-_ .:/])|<|>|\.\.\.|…|\*\*\*/i;
const BARE_WORDS = new Set([
  'key',
  'apikey',
  'api_key',
  'api-key',
  'openai_api_key',
  'openai-api-key',
  'token',
  'test',
  'testing',
  'none',
  'null',
  'nil',
  'undefined',
  'string',
  'secret',
  'password',
  'changeit',
  'sk',
  'sk-',
  'xxx',
  'abc',
  'abc123',
  'foo',
  'bar',
  'demo',
  'default',
  'empty',
  'blank',
  'tbd',
  'n/a',
  'na',
  'false',
  'true',
  '0',
]);

/** Placeholders and documentation examples (`sk-...`, `sk-your-key-here`, `<api-key>`, `changeme`, `sk-1234`). */
/**
 * A run of `min` characters counting up (`12345678`, `abcdefgh`): typed by hand, never drawn at random
 * (the chance of eight in a row in a random key is about 1 in 10^12 per position).
 */
export function hasCountingRun(s: string, min = 8): boolean {
  let run = 1;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const up = c === s.charCodeAt(i - 1) + 1 && ((c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90));
    run = up ? run + 1 : 1;
    if (run >= min) return true;
  }
  return false;
}

export function isPlaceholder(raw: string): boolean {
  const value = raw.trim();
  if (value.length === 0) return false;
  if (openai(value) && !openai(value)?.problem) return false; // a well-formed key is never a placeholder
  const lower = value.toLowerCase();
  if (BARE_WORDS.has(lower)) return true;
  const body = lower.replace(/^(sk|sk-proj|sk-svcacct|sk-admin|sk-none|gsk|sk-ant|sk-or-v1)[-_]?/, '');
  if (body.length === 0) return true;
  if (PLACEHOLDER_WORDS.test(value)) return true;
  if (/^[[{(].*[\]})]$/.test(value)) return true;
  if (/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(value)) return true; // an unexpanded $VAR / ${VAR}
  if (/^(.)\1+$/.test(body)) return true; // sk-xxxxxxxx, sk-0000
  if (hasCountingRun(body)) return true; // sk-ant-api03-1234567890abcdef...
  if (/^(?:0?123456789?0?|1234(?:5(?:6(?:7(?:8(?:9)?)?)?)?)?|abcdef?(?:gh)?)$/.test(body.replace(/[-_]/g, '')))
    return true;
  if (
    /^(?:sk-)?[a-z]+(?:[-_][a-z]+){1,}$/i.test(value) &&
    /api|key|openai|token|secret/i.test(value) &&
    !/[0-9]/.test(value)
  )
    return true; // OPENAI_API_KEY, sk-openai-key
  return false;
}

/**
 * Other Azure services whose keys are 32 hex digits too (AI Search, Storage, Speech, Translator,
 * Cosmos DB, Document Intelligence, Maps, Application Insights, Event Hubs, Service Bus, Redis,
 * SignalR, Communication Services, Content Safety, Bing): a value under such a name is that service's
 * key, never an Azure OpenAI key, unless the name also says OpenAI.
 */
const OTHER_AZURE_SERVICE =
  /SEARCH|STORAGE|SPEECH|TRANSLAT|COSMOS|FORM_?RECOGNI[SZ]ER|DOC(?:UMENT)?_?INTEL|COMPUTER_?VISION|MAPS|INSIGHTS|INSTRUMENTATION|EVENT_?HUB|SERVICE_?BUS|BLOB|REDIS|SIGNALR|COMMUNICATION|CONTENT_?SAFETY|BING/i;

export function isOtherAzureServiceName(name: string): boolean {
  const n = name.replace(/[-.\s]/g, '_').replace(/([a-z])([A-Z])/g, '$1_$2');
  return OTHER_AZURE_SERVICE.test(n) && !/OPENAI|OPEN_AI|AOAI/i.test(n);
}

/** Names of Google keys made for clients (Firebase web config, Maps, Places, reCAPTCHA); a Gemini name never is one. */
const PUBLIC_GOOGLE_NAME = /FIREBASE|MAPS?(_|$|API)|PLACES|RECAPTCHA|YOUTUBE/i;
const GEMINI_NAME = /GEMINI|GENAI|GENERATIVE|GOOGLE_AI|PALM|VERTEX|AI_STUDIO/i;

/** A Google API key under a name of one a Firebase app or Maps ships to its clients by design: restricted by app or referrer, not a secret. */
export function isPublicGoogleKeyName(name: string): boolean {
  const n = name.replace(/[-.\s]/g, '_').replace(/([a-z])([A-Z])/g, '$1_$2');
  return PUBLIC_GOOGLE_NAME.test(n) && !GEMINI_NAME.test(n);
}

/** Names of variables that hold credentials (so their values are treated as secrets). */
export function isCredentialName(name: string): boolean {
  return (
    /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH)/i.test(name) &&
    !/(_ID|_URL|_BASE|_ENDPOINT|_VERSION|_PATH|_FILE|_NAME|_MODEL)$/i.test(name)
  );
}
