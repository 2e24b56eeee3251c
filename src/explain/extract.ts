/**
 * Finds every OpenAI / Azure OpenAI auth error in pasted text, wherever it sits among log noise:
 * Python tracebacks (v1 dict reprs, v0 `openai.error.*`), Node stack traces and object dumps, curl
 * bodies, .NET / Java / Go / Rust client messages, LangChain / LiteLLM wrappers, Codex lines, docker
 * compose warnings, SDK missing-credential messages. Each error becomes an {@link ApiAnswer} for the
 * shared classifier (so `explain` and `verify` classify identically) or, for client-side messages,
 * findings directly.
 *
 * Every regex here is linear: literal anchors, bounded quantifiers, disjoint alternatives.
 */
import type { FindingDraft } from '../core/types.js';
import { classifyAnswer } from '../live/classify.js';
import { headerValueFindings, isRetiredModel, parseMaskedKey, type ApiAnswer, type MaskedKey } from '../live/answer.js';
import { isCredentialName } from '../keys/classify.js';

export interface ExtractedError {
  /** 1-based line of the input where the error was found. */
  line: number;
  /** The answer rebuilt from the text, when the error is an API answer. */
  answer?: ApiAnswer;
  /** Findings (classified answer, or client-side findings). */
  findings: FindingDraft[];
  /** OpenAI's echo of the key, when the error has one. */
  mask?: MaskedKey;
  /** How many more times the same line appears (retries, repeated tracebacks). */
  repeats?: number;
}

// ---------------------------------------------------------------------------------------------
// Client-side messages: the request never reached the API (or the text is not an API answer).

interface Rule {
  re: RegExp;
  /** Literal substrings one of which every match contains: the regex runs only when one is present. */
  hints: string[];
  make: (m: RegExpExecArray) => FindingDraft[];
}

const FIX_MISSING =
  'Set OPENAI_API_KEY where this app runs (or load the .env file before the client is created), then restart the app.';

function missing(sdk: string, varName = 'OPENAI_API_KEY'): FindingDraft[] {
  return [
    {
      id: 'key-missing',
      message: `${sdk} found no API key: ${varName} is not set (or is empty) in the environment the app runs in, and no key was passed in code.`,
      data: { clientError: 'missing-credentials', sdk, variable: varName },
      fix: {
        summary:
          varName === 'OPENAI_API_KEY' ? FIX_MISSING : `Set ${varName} where this app runs, then restart the app.`,
      },
    },
  ];
}

const RULES: Rule[] = [
  // openai-python v1.0–v2.33
  {
    re: /The api_key client option must be set either by passing api_key to the client or by setting the OPENAI_API_KEY environment variable/g,
    hints: ['api_key client option'],
    make: () => missing('The openai Python SDK (v1–v2)'),
  },
  // openai-python v2.34+ / v3
  {
    re: /Missing credentials\. Please pass an `api_key`/g,
    hints: ['Missing credentials'],
    make: () => missing('The openai Python SDK (v2.34 or later)'),
  },
  // openai-python Azure
  {
    re: /Missing credentials\. Please pass one of `api_key`, `azure_ad_token`/g,
    hints: ['Missing credentials'],
    make: () => missing('The AzureOpenAI Python client', 'AZURE_OPENAI_API_KEY'),
  },
  // openai-node v4 – v5.17
  {
    re: /The OPENAI_API_KEY environment variable is missing or empty/g,
    hints: ['environment variable is missing or empty'],
    make: () => missing('The openai Node SDK (v4–v5)'),
  },
  // openai-node v5.18+ / v6 / v7
  {
    re: /Missing credentials\. Please pass an `apiKey`/g,
    hints: ['Missing credentials'],
    make: () => missing('The openai Node SDK (v5.18 or later)'),
  },
  {
    re: /Missing credentials\. Please pass one of `apiKey` and `azureADTokenProvider`/g,
    hints: ['Missing credentials'],
    make: () => missing('The AzureOpenAI Node client', 'AZURE_OPENAI_API_KEY'),
  },
  {
    re: /Could not resolve authentication method\. Expected either apiKey or adminAPIKey to be set/g,
    hints: ['Could not resolve authentication method'],
    make: () => missing('The openai Node SDK'),
  },
  // openai-python v0
  {
    re: /No API key provided\. You can set your API key in code using 'openai\.api_key = <API-KEY>'/g,
    hints: ['No API key provided'],
    make: () => missing('The openai Python SDK (v0)'),
  },
  // LangChain (Python) and its JS package, the AI SDK
  {
    re: /Did not find openai_api_key, please add an environment variable `?OPENAI_API_KEY`?/gi,
    hints: ['ot find openai_api_key', 'OT FIND OPENAI_API_KEY', 'ot find OPENAI_API_KEY'],
    make: () => missing('LangChain (ChatOpenAI / OpenAIEmbeddings)'),
  },
  {
    re: /(?:OpenAI or Azure OpenAI|\(Azure\) OpenAI) API key (?:or Token Provider )?not found/g,
    hints: ['API key not found', 'API key or Token Provider not found'],
    make: () => missing('LangChain.js (@langchain/openai)'),
  },
  {
    re: /Azure OpenAI API key (?:or Token Provider )?not found/g,
    hints: ['Azure OpenAI API key'],
    make: () => missing('LangChain.js (AzureChatOpenAI)', 'AZURE_OPENAI_API_KEY'),
  },
  {
    re: /OpenAI API key is missing\. Pass it using the 'apiKey' parameter or the OPENAI_API_KEY environment variable/g,
    hints: ['OpenAI API key is missing'],
    make: () => missing('The Vercel AI SDK (@ai-sdk/openai)'),
  },
  // os.environ["OPENAI_API_KEY"] in Python; process.env reads that end up as "Bearer undefined"
  {
    re: /KeyError: ['"]((?:AZURE_)?OPENAI_(?:API_)?KEY)['"]/g,
    hints: ['KeyError'],
    make: (m) => [
      {
        id: 'key-missing',
        message: `The code reads os.environ["${m[1]}"] and the variable is not set where the app runs.`,
        data: { clientError: 'KeyError', variable: m[1] },
        fix: {
          summary: `Set ${m[1]} where the app runs (or load .env before reading it), or read it with os.environ.get() and a clear error.`,
        },
      },
    ],
  },
  {
    re: /Authorization['"]?:? ?['"]?Bearer (undefined|null|None)\b/g,
    hints: ['Bearer undefined', 'Bearer null', 'Bearer None'],
    make: (m) => [
      {
        id: 'key-missing',
        message: `The request carried "Authorization: Bearer ${m[1]}": the variable the code builds the header from was not set (JavaScript turns an unset variable into the word "${m[1]}").`,
        data: { clientError: 'bearer-undefined', sent: m[1] },
        fix: { summary: FIX_MISSING },
      },
    ],
  },
  // docker compose: unset variable interpolated as blank
  {
    re: /The \\?"([A-Za-z_][A-Za-z0-9_]{0,100})\\?" variable is not set\. Defaulting to a blank string/g,
    hints: ['Defaulting to a blank string'],
    make: (m) => {
      const name = m[1] ?? '';
      // Only credentials matter here; an unset PORT is not an auth problem.
      if (!isCredentialName(name) && !/OPENAI|AZURE/i.test(name)) return [];
      const out: FindingDraft[] = [
        {
          id: 'compose-var-unset',
          message: `docker compose interpolates \${${name}} but ${name} is not set in the shell that ran compose (nor in the project's .env next to the compose file), so the container gets an empty value.`,
          data: { variable: name },
          fix: {
            summary: `Export ${name} before running docker compose, put it in the .env file next to docker-compose.yml, or pass it with env_file:.`,
          },
        },
      ];
      if (/(?:API_?KEY|_KEY$|TOKEN)/i.test(name) && /OPENAI|AZURE|API_KEY|LLM|GPT/i.test(name))
        out.push({
          id: 'key-missing',
          message: `The container starts with ${name} empty (docker compose defaulted it to a blank string).`,
          data: { variable: name, clientError: 'compose-blank' },
          fix: { summary: `Give ${name} a value in the shell or the .env file docker compose reads.` },
        });
      return out;
    },
  },
  // v0 code on the v1+ Python SDK
  {
    re: /You tried to access openai\.([A-Za-z]{1,40}), but this is no longer supported in openai>=1\.0\.0/g,
    hints: ['no longer supported in openai>=1.0.0'],
    make: (m) => [
      {
        id: 'sdk-api-mismatch',
        message: `The code uses openai.${m[1]} from the v0 Python SDK, but openai 1.0 or later is installed (APIRemovedInV1).`,
        data: { symbol: m[1], code: 'v0', installed: '>=1.0' },
        fix: {
          summary:
            'Migrate with `openai migrate` (client = OpenAI(); client.chat.completions.create(...)), or pin `openai==0.28` for old code.',
        },
      },
    ],
  },
  // v1 code on the v0 Python SDK
  {
    re: /(?:module 'openai' has no attribute '(OpenAI|AzureOpenAI|AsyncOpenAI)'|cannot import name '(OpenAI|AzureOpenAI|AsyncOpenAI)' from 'openai')/g,
    hints: ["module 'openai' has no attribute", "from 'openai'"],
    make: (m) => [
      {
        id: 'sdk-api-mismatch',
        message: `The code uses ${m[1] ?? m[2]} from openai>=1.0, but an older (v0) openai package is installed.`,
        data: { symbol: m[1] ?? m[2], code: 'v1', installed: '<1.0' },
        fix: { summary: 'Upgrade the package: `pip install -U openai` (check requirements.txt pins).' },
      },
    ],
  },
  // Node v3 code on the v4+ SDK
  {
    re: /\b(Configuration|OpenAIApi) is not a constructor|does not provide an export named '(Configuration|OpenAIApi)'|\b(createChatCompletion|createCompletion|createEmbedding|createImage) is not a function/g,
    hints: ['is not a constructor', 'does not provide an export named', 'is not a function'],
    make: (m) => [
      {
        id: 'sdk-api-mismatch',
        message: `The code uses ${m[1] ?? m[2] ?? m[3]} from the v3 openai Node SDK, but openai v4 or later is installed (Configuration / OpenAIApi were removed in v4).`,
        data: { symbol: m[1] ?? m[2] ?? m[3], code: 'v3', installed: '>=4' },
        fix: {
          summary:
            "Use `import OpenAI from 'openai'; const client = new OpenAI();` and `client.chat.completions.create(...)` (responses have no `.data` wrapper), or pin `openai@3` for old code.",
        },
      },
    ],
  },
  // Azure client set-up
  {
    re: /Must provide either the `api_version` argument or the `OPENAI_API_VERSION` environment variable|The OPENAI_API_VERSION environment variable is missing or empty|Azure OpenAI API version not found/g,
    hints: ['OPENAI_API_VERSION', 'API version not found'],
    make: () => [
      {
        id: 'azure-misconfigured',
        message: 'The Azure OpenAI client has no api-version: OPENAI_API_VERSION is not set and none was passed.',
        data: { missing: 'api-version' },
        fix: {
          summary:
            'Set OPENAI_API_VERSION (e.g. 2024-10-21), or use the v1 endpoint (https://NAME.openai.azure.com/openai/v1/) with the plain OpenAI client.',
        },
      },
    ],
  },
  {
    re: /Must provide one of the `base_?URL` or `(?:azure_)?endpoint` arguments|Azure OpenAI API instance name not found|As of openai>=1\.0\.0, Azure endpoints should be specified via the `azure_endpoint` param/gi,
    hints: [
      'Must provide one of the',
      'must provide one of the',
      'instance name not found',
      'Azure endpoints should be specified',
    ],
    make: () => [
      {
        id: 'azure-misconfigured',
        message:
          'The Azure OpenAI client has no usable endpoint: AZURE_OPENAI_ENDPOINT (or azure_endpoint / instance name) is missing, or the endpoint was given as a base URL.',
        data: { missing: 'endpoint' },
        fix: {
          summary:
            'Set AZURE_OPENAI_ENDPOINT=https://NAME.openai.azure.com (and pass it as azure_endpoint, not base_url).',
        },
      },
    ],
  },
  {
    re: /Azure OpenAI API deployment name not found/g,
    hints: ['deployment name not found'],
    make: () => [
      {
        id: 'azure-misconfigured',
        message:
          'The Azure OpenAI client has no deployment name (AZURE_OPENAI_API_DEPLOYMENT_NAME / azureOpenAIApiDeploymentName).',
        data: { missing: 'deployment' },
        fix: { summary: 'Set the deployment name shown in Azure AI Foundry → Deployments.' },
      },
    ],
  },
  // Entra ID: no credential could produce a token (before any request to Azure OpenAI)
  {
    re: /DefaultAzureCredential failed to retrieve a token from the included credentials/g,
    hints: ['DefaultAzureCredential failed'],
    make: () => [
      {
        id: 'live-azure-auth-failed',
        message:
          'No Entra ID (Azure AD) credential could produce a token, so the Azure OpenAI client had nothing to authenticate with (no `az login`, no AZURE_CLIENT_ID / AZURE_TENANT_ID / AZURE_CLIENT_SECRET, no managed identity here).',
        data: { azureAuth: 'no-entra-credential', clientError: 'DefaultAzureCredential' },
        fix: {
          summary:
            'Run `az login` (locally), set the service principal variables, or enable a managed identity; or use key auth with AZURE_OPENAI_API_KEY.',
        },
      },
    ],
  },
  // Browser use
  {
    re: /It looks like you're running in a browser-like environment/g,
    hints: ['browser-like environment'],
    make: () => [
      {
        id: 'key-exposed-to-client',
        severity: 'warning',
        message:
          'The OpenAI client was created in browser code: any key given to it is visible to every visitor, so the SDK refuses unless dangerouslyAllowBrowser is set.',
        data: { clientError: 'browser' },
        fix: {
          summary:
            'Call OpenAI from your server (an API route) and keep the key there; never set dangerouslyAllowBrowser with a real key.',
        },
      },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// API answers

// Phrases and codes that start an error record. Bounded, literal-led alternatives.
const ANCHOR = new RegExp(
  [
    'Incorrect API key provided',
    'incorrect regional hostname',
    "You didn'?t provide an API key",
    'Missing bearer (?:or basic )?authentication',
    'Invalid authorization header',
    'OpenAI-Organization header should match',
    '[Nn]o such organization',
    'OpenAI-Project header should match',
    'must be a member of an organization',
    'insufficient permissions for this operation',
    'Missing scopes?:',
    'associated with a deactivated account',
    'account associated with this API key has been deactivated',
    'account has been deactivated',
    'access was terminated',
    'exceeded your current quota',
    'You have no credits remaining',
    'Your account is not active, please check your billing',
    'Rate limit reached for',
    'exceeded (?:the )?(?:token |call |request )?rate limit (?:of|for) your current',
    'Request too large for',
    'Country, region, or territory not supported',
    'does not exist or you do not have access to it',
    'The model `?[A-Za-z0-9._:-]{1,80}`? has been deprecated',
    'does not have access to model',
    'Admin API keys cannot be used',
    'not allowed to sample from this model',
    '[Bb]illing hard limit has been reached',
    'Attention Required! \\| Cloudflare',
    'must be made with a session key',
    'Access denied due to (?:invalid|missing) subscription key',
    'Access token is missing, invalid',
    'Principal does not have access',
    'lacks the required data action',
    'API deployment for this resource does not exist',
    'Resource not found',
    'API version not supported',
    'Missing required query parameter: api-version',
    'Invalid Authentication',
    'Authentication Fails,? Your api key',
    'Missing Authentication header or invalid API key',
    'No auth credentials found',
    'Invalid API[- ][Kk]ey',
    '\\b(?:invalid_api_key|mismatched_organization|mismatched_project|no_organization|insufficient_quota|credit_balance_exhausted|billing_not_active|rate_limit_exceeded|model_not_found|account_deactivated|access_terminated|ip_not_authorized|unsupported_country_region_territory|DeploymentNotFound)\\b',
    // Server-side errors: reported (not a key problem) so nobody rotates a good key over them.
    'The server had an error while processing your request',
    'The engine is currently overloaded',
    // Status-only lines: the body is not in the log.
    'Request failed with status code [45]\\d\\d',
    'the server responded with status [45]\\d\\d',
    '\\b[45]\\d\\d status code \\(no body\\)',
  ].join('|'),
  // Case-sensitive: these texts come from servers and SDKs in fixed case, and it is much faster.
  'g',
);

/** Distinct error records examined per input (a log with more is cut off there). */
export const MAX_RECORDS = 5000;

const STATUS_PATTERNS: RegExp[] = [
  /Error code:? ([45]\d\d)\b/,
  /\b(?:status|status_code|statusCode|http_status|httpStatus|StatusCode|status code|Status Code)["']?\s?[:=]?\s?["']?([45]\d\d)\b/,
  /\bunexpected status ([45]\d\d)\b/i,
  /\bHTTP(?:\/[\d.]{1,3})?[ :]{1,2}([45]\d\d)\b/i,
  /\b([45]\d\d)[ -]{1,3}(?:Unauthorized|Forbidden|Not Found|Too Many Requests|Bad Request|Payment Required|Internal Server Error|Service Unavailable|Bad Gateway|PermissionDenied)\b/i,
  /(?:Error|Exception)\]?:? \(?([45]\d\d)\)?\b/,
  /\bError ([45]\d\d)\b/i,
  /\b(?:code|status) \(?([45]\d\d)\)?\b/i,
  /\(([45]\d\d)\):/,
  /\(([45]\d\d)\) (?:Unauthorized|Forbidden|Not Found|Too Many Requests|Bad Request)\b/,
];

const CLASS_STATUS: Array<[RegExp, number]> = [
  [/\b(?:AuthenticationError|UnauthorizedException|UnauthorizedError|OAuthError)\b/, 401],
  [/\b(?:PermissionDeniedError|PermissionDeniedException|PermissionError)\b/, 403],
  [/\b(?:NotFoundError|NotFoundException)\b/, 404],
  [/\b(?:RateLimitError|RateLimitException|TooManyRequests)\b/, 429],
  [/\b(?:BadRequestError|BadRequestException|InvalidRequestError)\b/, 400],
  [/\b(?:InternalServerError|InternalServerException)\b/, 500],
];

const STATUS_PATTERNS_G = STATUS_PATTERNS.map((re) => new RegExp(re.source, `${re.flags}g`));

/** The first status mentioned in a text, or the last one (for the lines before a record). */
function statusIn(text: string, last = false): number | undefined {
  let best: { at: number; status: number } | undefined;
  if (!last) {
    for (const re of STATUS_PATTERNS) {
      const m = re.exec(text);
      if (m?.[1] && (!best || m.index < best.at)) best = { at: m.index, status: Number(m[1]) };
    }
    return best?.status;
  }
  for (const re of STATUS_PATTERNS_G) {
    for (const m of text.matchAll(re))
      if (m[1] && (!best || (m.index ?? 0) > best.at)) best = { at: m.index ?? 0, status: Number(m[1]) };
  }
  return best?.status;
}

function statusFromClass(text: string): number | undefined {
  for (const [re, s] of CLASS_STATUS) if (re.test(text)) return s;
  return undefined;
}

/** Undoes one level of string escaping (JSON inside a JSON string, Rust/Go debug strings). */
function unescapeOnce(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(["'\\/nrt])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c));
}

// A quoted string (either quote), escapes allowed; disjoint alternatives keep it linear.
const Q = `(?:"((?:[^"\\\\\\n]|\\\\.){0,3000})"|'((?:[^'\\\\\\n]|\\\\.){0,3000})'|\`((?:[^\`\\\\\\n]|\\\\.){0,3000})\`)`;
const MESSAGE_FIELD = new RegExp(`["']?\\b(?:message|error_message|Message|detail)["']?\\s{0,3}[:=]\\s{0,3}${Q}`, 'g');
const CODE_FIELD =
  /(?<![Ss]tatus[ _])(?<![Ee]rror )["']?\b(?:code|error_code|ErrorCode|Code)["']?\s{0,3}[:=]\s{0,3}(?:Some\()?(["']?)([A-Za-z0-9_.-]{1,60})/g;
const TYPE_FIELD = /["']?\b(?:type|error_type|Type)["']?\s{0,3}[:=]\s{0,3}(?:Some\()?["']([A-Za-z_]{1,60})["']/g;
const PAREN_TYPE_CODE = /\(([a-z_]{3,40}): ([a-z_]{3,60})\)/;
const REQUEST_ID =
  /\b(req_[0-9a-f]{16,40})\b|\b(?:x-request-id|request[ _-]?id|apim-request-id)["']?\s{0,3}[:=]?\s{0,3}["']?([A-Za-z0-9_-]{8,64})/i;
const REQUEST_ID_G = new RegExp(REQUEST_ID.source, `${REQUEST_ID.flags}g`);
const AZURE_HINT =
  /openai\.azure\.com|\bAzureOpenAI\b|AzureChatOpenAI|azure_endpoint|cognitiveservices|apim-request-id|\bAzure(?:\.|Exception| OpenAI)/i;

function nullish(v: string | undefined): boolean {
  return v === undefined || /^(?:None|null|undefined|nil)$/i.test(v);
}

/** The enclosing brace block of a position, bounded in size; undefined when the position is not inside one. */
function enclosingBlock(
  text: string,
  at: number,
  maxBack = 4000,
  maxForward = 8000,
): { start: number; end: number } | undefined {
  let depth = 0;
  let start = -1;
  const lo = Math.max(0, at - maxBack);
  for (let i = at; i >= lo; i--) {
    const c = text.charCodeAt(i);
    if (c === 125 /* } */) depth++;
    else if (c === 123 /* { */) {
      if (depth === 0) {
        start = i;
        break;
      }
      depth--;
    }
  }
  if (start < 0) return undefined;
  depth = 0;
  const hi = Math.min(text.length, start + maxForward);
  for (let i = start; i < hi; i++) {
    const c = text.charCodeAt(i);
    if (c === 123) depth++;
    else if (c === 125) {
      depth--;
      if (depth === 0) return { start, end: i + 1 };
    }
  }
  return undefined;
}

/** The outermost block around a position within the size limits (the whole error object). */
function outerBlock(
  text: string,
  at: number,
): { inner?: { start: number; end: number }; outer?: { start: number; end: number } } {
  const inner = enclosingBlock(text, at);
  if (!inner) return {};
  let outer = inner;
  for (let i = 0; i < 6 && outer.start > 0; i++) {
    const up = enclosingBlock(text, outer.start - 1, 1500, 12000);
    if (!up || up.end < outer.end || up.end - up.start > 12000) break;
    outer = up;
  }
  return { inner, outer };
}

// Very long lines (minified bundles, one-line JSON logs) are read only this far around a position,
// so the work per error stays bounded whatever the input.
const LINE_LIMIT = 4000;

/** The start of the line holding `at`, or LINE_LIMIT characters back on a longer line. */
function lineStartOf(text: string, at: number): number {
  const lo = Math.max(0, at - LINE_LIMIT);
  for (let i = at - 1; i >= lo; i--) if (text.charCodeAt(i) === 10) return i + 1;
  return lo;
}

/** The end of the line holding `at`, or LINE_LIMIT characters on along a longer line. */
function lineEndOf(text: string, at: number): number {
  const hi = Math.min(text.length, at + LINE_LIMIT);
  for (let i = at; i < hi; i++) if (text.charCodeAt(i) === 10) return i;
  return hi;
}

/** The window of a line-shaped record: its line and following lines up to a blank line (max 6). */
function lineWindow(text: string, at: number): { start: number; end: number } {
  const start = lineStartOf(text, at);
  let end = lineEndOf(text, at);
  for (let i = 0; i < 5 && end < text.length; i++) {
    const nextEnd = lineEndOf(text, end + 1);
    const next = text.slice(end + 1, nextEnd);
    if (next.trim() === '' || next.length > 2000) break;
    // A following stack frame or a new log record ends the window.
    if (/^\s*(?:at |File "|Traceback|\d{4}-\d\d-\d\d)/.test(next)) break;
    end = nextEnd;
  }
  return { start, end };
}

function lineNumberAt(lineStarts: number[], at: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

interface Field {
  value: string;
  start: number;
  end: number;
}

function fields(re: RegExp, text: string, groups: number[]): Field[] {
  const out: Field[] = [];
  re.lastIndex = 0;
  for (const m of text.matchAll(re)) {
    const v = groups.map((g) => m[g]).find((x) => x !== undefined);
    if (v !== undefined) out.push({ value: v, start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  }
  return out;
}

/** The message of a line-shaped record: from the start of the sentence that holds the anchor. */
function lineMessage(line: string, anchorAt: number): string {
  let start = 0;
  for (const sep of [': ', ' - ', '"', "'", '\t', '■ ']) {
    const i = line.lastIndexOf(sep, anchorAt - 1);
    if (i >= 0 && i + sep.length > start && i + sep.length <= anchorAt) start = i + sep.length;
  }
  // "401 Incorrect API key..." (Node): the status is not part of the message.
  return line
    .slice(start)
    .replace(/^\(?[45]\d\d\)?:?\s+/, '')
    .replace(/, url: \S+.*$/, '')
    .trim();
}

interface RawRecord {
  anchorAt: number;
  span: { start: number; end: number };
  answer: ApiAnswer;
  mask?: MaskedKey;
}

function buildRecord(text: string, anchorAt: number, anchorText: string): RawRecord {
  const { inner, outer } = outerBlock(text, anchorAt);
  const lineStart = lineStartOf(text, anchorAt);
  const lineEnd = lineEndOf(text, anchorAt);
  const span = outer ?? lineWindow(text, anchorAt);
  const window = unescapeOnce(text.slice(span.start, span.end));
  const innerText = inner ? unescapeOnce(text.slice(inner.start, inner.end)) : '';
  const lineText = text.slice(lineStart, lineEnd);
  // Text before the record: "Error code: 401 - ", "AuthenticationError: 401 ", and the line before.
  const recLineStart = lineStartOf(text, span.start);
  const firstLineBefore = text.slice(Math.max(recLineStart, span.start - 1000), span.start);
  let beforeStart = recLineStart;
  for (let i = 0; i < 10 && beforeStart > 0; i++) beforeStart = lineStartOf(text, beforeStart - 1);
  const before = text.slice(Math.max(beforeStart, span.start - 1000), span.start);

  // message: the quoted message field holding the anchor, else the block's first message field, else the line.
  const anchorLc = anchorText.toLowerCase();
  const pick = (s: string): string | undefined => {
    const msgs = fields(MESSAGE_FIELD, s, [1, 2, 3]);
    return (msgs.find((f) => f.value.toLowerCase().includes(anchorLc)) ?? msgs[0])?.value;
  };
  let message =
    (inner ? pick(innerText) : undefined) ??
    (outer ? pick(window) : undefined) ??
    lineMessage(lineText, anchorAt - lineStart);
  message = unescapeOnce(message);
  // The echoed key may sit on another line of the record (.NET, Go): keep its sentence.
  if (!/Incorrect API key provided/i.test(message)) {
    const inc = /Incorrect API key provided/i.exec(window);
    if (inc) {
      const ls = window.lastIndexOf('\n', inc.index) + 1;
      const le = window.indexOf('\n', inc.index);
      message = lineMessage(window.slice(ls, le < 0 ? window.length : le), inc.index - ls);
    }
  }

  // code and type: inside the innermost block first, then the record, then the anchor's line.
  let code: string | undefined;
  let type: string | undefined;
  for (const s of [innerText, window, unescapeOnce(lineText)]) {
    if (!s) continue;
    if (code === undefined) {
      for (const m of s.matchAll(CODE_FIELD)) {
        const v = m[2] ?? '';
        if (nullish(v) || (/^\d+$/.test(v) && !m[1])) continue;
        code = v;
        break;
      }
    }
    type ??= fields(TYPE_FIELD, s, [1])
      .map((f) => f.value)
      .find((v) => !nullish(v));
  }
  const paren = PAREN_TYPE_CODE.exec(window) ?? PAREN_TYPE_CODE.exec(firstLineBefore);
  if (paren) {
    type ??= paren[1];
    code ??= paren[2];
  }

  // status: explicit fields in the record, then the text before it, then the exception class.
  const status =
    statusIn(window) ??
    statusIn(firstLineBefore, true) ??
    statusIn(before, true) ??
    statusFromClass(firstLineBefore + lineText) ??
    statusFromClass(before);
  const ridBefore = [...before.matchAll(REQUEST_ID_G)].pop();
  const rid =
    REQUEST_ID.exec(window) ??
    ridBefore ??
    REQUEST_ID.exec(text.slice(span.end, Math.min(text.length, span.end + 300)));
  const requestId = rid ? (rid[1] ?? rid[2]) : undefined;
  const around = text.slice(Math.max(0, span.start - 1500), Math.min(text.length, span.end + 500));
  const azure = AZURE_HINT.test(around) || undefined;
  const answer: ApiAnswer = {
    status,
    body: { error: { message, type, code } },
    headers: requestId ? { 'x-request-id': requestId } : undefined,
    azure,
  };
  // Line records cover only their own line, so a different error on the next line stays separate.
  const covered = outer ?? { start: lineStart, end: lineEnd };
  return { anchorAt, span: covered, answer, mask: parseMaskedKey(message) };
}

// Phrases only OpenAI / Azure OpenAI use: trusted anywhere. Everything else needs OpenAI context nearby.
const STRONG =
  /^(?:Incorrect API key provided|Authentication Fails|Missing Authentication header or invalid API key|exceeded (?:the )?(?:token |call |request )?rate limit|not allowed to sample from this model|[Bb]illing hard limit has been reached|You didn'?t provide an API key|Missing bearer|OpenAI-(?:Organization|Project) header|must be a member of an organization|insufficient permissions for this operation|Missing scopes?:|associated with a deactivated account|account associated with this API key|exceeded your current quota|You have no credits remaining|Your account is not active, please check your billing|Country, region, or territory not supported|Admin API keys cannot be used|must be made with a session key|Access denied due to|Access token is missing|Principal does not have access|lacks the required data action|API deployment for this resource|API version not supported|Missing required query parameter: api-version|invalid_api_key|mismatched_organization|mismatched_project|no_organization|insufficient_quota|credit_balance_exhausted|billing_not_active|account_deactivated|access_terminated|ip_not_authorized|unsupported_country_region_territory|DeploymentNotFound)/i;
const OPENAI_CONTEXT =
  /openai|openrouter|azure|\bgpt-|chatgpt|litellm|langchain|\bsk-(?:proj|svcacct|None|admin)-|deployments\//i;

/** Whether an anchor is strong enough on its own, or has the context that makes it ours. */
function acceptAnchor(anchor: string, text: string, at: number): boolean {
  if (STRONG.test(anchor)) return true;
  const around = text.slice(Math.max(0, at - 1500), Math.min(text.length, at + 600));
  if (!OPENAI_CONTEXT.test(around)) return false;
  const a = anchor.toLowerCase();
  if (a === 'resource not found') {
    // Azure's own envelope {"error":{"code":"404","message":"Resource not found"}}, or a 404 near an Azure client.
    if (
      /["']?code["']?\s{0,3}[:=]\s{0,3}["']404["'],\s{0,3}["']?message["']?\s{0,3}[:=]\s{0,3}["']Resource not found/.test(
        around,
      )
    )
      return true;
    return /\b404\b/.test(around) && AZURE_HINT.test(around);
  }
  const model = /^The model `?([A-Za-z0-9._:-]{1,80})`? has been deprecated/i.exec(anchor);
  if (model)
    return isRetiredModel(model[1] ?? '') || /deprecations|model_not_found|InvalidRequestError|\b404\b/.test(around);
  return true;
}

/**
 * Every auth error in the text, in order. Exact repeats (retries, chained tracebacks) are kept
 * once per distinct finding; distinct errors stay separate.
 */
export function extractErrors(input: string): ExtractedError[] {
  return extractErrorsDetailed(input).errors;
}

/** {@link extractErrors}, and whether the input held more error records than are examined. */
export function extractErrorsDetailed(input: string): { errors: ExtractedError[]; truncated: boolean } {
  let truncated = false;
  // Terminal colours (pytest, rich, docker compose) and Windows line ends do not change meaning.
  const text =
    input.includes('\u001b') || input.includes('\r')
      ? input.replace(/\u001b\[[0-9;?]{0,20}[A-Za-z]/g, '').replace(/\r\n?/g, '\n')
      : input;
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const out: Array<ExtractedError & { at: number }> = [];

  for (const rule of RULES) {
    if (!rule.hints.some((h) => text.includes(h))) continue;
    rule.re.lastIndex = 0;
    for (const m of text.matchAll(rule.re)) {
      const at = m.index ?? 0;
      const findings = rule.make(m as RegExpExecArray);
      if (findings.length) out.push({ at, line: lineNumberAt(lineStarts, at), findings });
    }
  }
  // Illegal header value / invalid header characters: one finding per line that says so.
  for (const m of text.matchAll(/(?:Illegal|Invalid) header value|Invalid character in header content/g)) {
    const at = m.index ?? 0;
    const lineText = text.slice(lineStartOf(text, at), lineEndOf(text, at));
    const fs = headerValueFindings(lineText);
    if (fs.length) out.push({ at, line: lineNumberAt(lineStarts, at), findings: fs });
  }

  let covered: { start: number; end: number } | undefined;
  // Retries and chained tracebacks repeat the same line: build each distinct line once.
  const seenLines = new Map<string, ExtractedError>();
  let records = 0;
  ANCHOR.lastIndex = 0;
  for (const m of text.matchAll(ANCHOR)) {
    const at = m.index ?? 0;
    if (covered && at >= covered.start && at < covered.end) continue;
    if (!acceptAnchor(m[0], text, at)) continue;
    const lineKey = text.slice(lineStartOf(text, at), Math.min(lineEndOf(text, at), lineStartOf(text, at) + 4000));
    const same = seenLines.get(lineKey);
    if (same) {
      same.repeats = (same.repeats ?? 0) + 1;
      covered = { start: lineStartOf(text, at), end: lineEndOf(text, at) };
      continue;
    }
    if (++records > MAX_RECORDS) {
      truncated = true;
      break;
    }
    const rec = buildRecord(text, at, m[0]);
    covered = rec.span;
    let findings = classifyAnswer(rec.answer);
    const status = rec.answer.status;
    // A phrase without any status or code is only trusted when the classifier recognised it.
    findings = findings.filter((f) => f.id !== 'live-unexpected' || (status !== undefined && status >= 400));
    // A status-only line (no body in the log): say what can and cannot be known.
    findings = findings.map((f) =>
      f.id === 'live-unexpected' && /status code|responded with status/i.test(m[0]) ? noBody(f, status) : f,
    );
    const entry: ExtractedError & { at: number } = {
      at,
      line: lineNumberAt(lineStarts, at),
      answer: rec.answer,
      findings,
      mask: rec.mask,
    };
    seenLines.set(lineKey, entry);
    if (findings.length === 0) continue;
    out.push(entry);
  }
  // No HTTP answer at all (DNS, TLS, proxy, timeout): said once, unless a bad header value caused it.
  const headerProblem = out.some((e) =>
    e.findings.some(
      (f) => f.data?.clientError === 'illegal-header-value' || f.data?.clientError === 'invalid-header-char',
    ),
  );
  const net = headerProblem ? undefined : networkFailure(text);
  if (net)
    out.push({
      at: net.at,
      line: lineNumberAt(lineStarts, net.at),
      findings: classifyAnswer({ networkError: net.reason }).map((f) => ({
        ...f,
        data: { ...(f.data ?? {}), cause: net.cause },
        fix: { summary: net.fix },
      })),
    });
  dotenvLogHint(text, out);
  out.sort((a, b) => a.at - b.at);
  return { errors: out.map(({ at: _at, ...rest }) => rest), truncated };
}

/**
 * npm dotenv 17 logs what it loaded (`[dotenv@17.2.3] injecting env (0) from .env`, since 17.4
 * `◇ injecting env (0) from .env` / `◇ injected env (0) ...`; 16.x only with `debug`). A count of 0 next to a
 * missing-key error says the file was read and set nothing: the variable was already set (an empty
 * export blocks it, dotenv does not override) or the file holds no variables.
 */
function dotenvLogHint(text: string, out: Array<{ findings: FindingDraft[] }>): void {
  const m = /(?:\[dotenv@(\d+\.\d+\.\d+)\]|◇) inject(?:ing|ed) env \((\d+)\) from ([^\s]{1,200})/.exec(text);
  if (!m || m[2] !== '0') return;
  const version = m[1] ? `dotenv ${m[1]}` : 'dotenv 17';
  for (const e of out) {
    for (const f of e.findings) {
      if (f.id !== 'key-missing') continue;
      f.message += ` ${version} logged "injecting env (0) from ${m[3] ?? '.env'}": it read the file but set nothing, so the key was already set in the environment (an exported empty OPENAI_API_KEY blocks it: dotenv does not override) or the file holds no variables.`;
      f.data = { ...(f.data ?? {}), dotenvLog: { version: m[1], injected: 0, from: m[3] } };
    }
  }
}

const NET_ANCHOR =
  /APIConnectionError|APITimeoutError|Error communicating with OpenAI|Cannot connect to host [A-Za-z0-9.-]{0,80}openai|HTTPSConnectionPool\(host='[A-Za-z0-9.-]{0,80}openai|FetchError: request to https:\/\/[A-Za-z0-9.-]{0,80}openai|(?:ENOTFOUND|ECONNREFUSED|ETIMEDOUT|ECONNRESET) [A-Za-z0-9.-]{0,80}openai/;
const NET_CAUSES: Array<{ re: RegExp; cause: string; reason: string; fix: string }> = [
  // openai-python 3 (httpx2) trusts the OS store, not certifi: slim images without ca-certificates fail here
  {
    re: /httpx2[\s\S]{0,4000}(?:CERTIFICATE_VERIFY_FAILED|unable to get local issuer certificate)|(?:CERTIFICATE_VERIFY_FAILED|unable to get local issuer certificate)[\s\S]{0,4000}httpx2/,
    cause: 'tls-trust-store',
    reason:
      "the TLS certificate was not trusted: openai-python 3 (httpx2) checks it against the operating system's trust store, not certifi's bundle, so an image without CA certificates (python:*-slim without ca-certificates) or a proxy root added only to certifi fails",
    fix: 'Install the CA certificates in the image (apt-get install -y ca-certificates), or point SSL_CERT_FILE at a bundle (export SSL_CERT_FILE=$(python -m certifi)); behind an intercepting proxy add its root certificate to the system store.',
  },
  {
    re: /CERTIFICATE_VERIFY_FAILED|self[- ]signed certificate|unable to get local issuer certificate|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|Hostname mismatch/,
    cause: 'tls-interception',
    reason:
      'the TLS certificate was not trusted: a corporate proxy or antivirus intercepts HTTPS, or a proxy answers for api.openai.com',
    fix: "Trust the proxy's root certificate (SSL_CERT_FILE / REQUESTS_CA_BUNDLE for Python, NODE_EXTRA_CA_CERTS for Node) rather than turning verification off, or bypass the intercepting proxy.",
  },
  {
    re: /ENOTFOUND|EAI_AGAIN|Name or service not known|nodename nor servname|getaddrinfo failed|Temporary failure in name resolution|No address associated with hostname/,
    cause: 'dns',
    reason: 'the host name did not resolve (DNS): no network, a typo in the base URL, or DNS blocked',
    fix: 'Check the base URL (OPENAI_BASE_URL / azure endpoint) for typos and that this machine can resolve it (`nslookup api.openai.com`).',
  },
  {
    re: /ProxyError|407 Proxy Authentication Required|tunnel connection failed|Unable to connect to proxy/i,
    cause: 'proxy',
    reason: 'the HTTP proxy refused or failed the connection',
    fix: 'Check HTTPS_PROXY / HTTP_PROXY (and NO_PROXY) and the proxy credentials.',
  },
  {
    re: /ECONNREFUSED|Connection refused|ConnectionRefusedError/,
    cause: 'refused',
    reason: 'the connection was refused: nothing listens at the base URL or proxy address',
    fix: 'Check OPENAI_BASE_URL and the proxy settings; a local server (LiteLLM, a gateway) may not be running.',
  },
  {
    re: /SSLEOFError|EOF occurred in violation of protocol|ECONNRESET|Connection reset by peer|RemoteDisconnected/,
    cause: 'reset',
    reason: 'the connection was cut during the TLS handshake or the request: a firewall, a VPN or a proxy in the way',
    fix: 'Try another network or proxy; a firewall or region block may cut connections to the API.',
  },
  {
    re: /ETIMEDOUT|APITimeoutError|Request timed out|ConnectTimeout|ReadTimeout|timed out/,
    cause: 'timeout',
    reason: 'the request timed out: a firewall silently dropping traffic, a slow proxy, or an unreachable base URL',
    fix: 'Check connectivity to the API from this machine (`curl -sI https://api.openai.com/v1/models`) and the proxy settings.',
  },
];

/** The network failure a text describes, if it describes one (with OpenAI context, unless known). */
export function networkFailure(
  text: string,
  fromSdk = false,
): { at: number; reason: string; cause: string; fix: string } | undefined {
  const m = NET_ANCHOR.exec(text);
  if (!m) return undefined;
  const around = text.slice(Math.max(0, m.index - 3000), Math.min(text.length, m.index + 6000));
  if (!fromSdk && !/openai|azure/i.test(around)) return undefined;
  const c = NET_CAUSES.find((x) => x.re.test(around));
  if (!c)
    return {
      at: m.index,
      reason: 'the client got no answer from the API (connection error; the log does not say why)',
      cause: 'unknown',
      fix: 'Check connectivity, proxy variables (HTTPS_PROXY) and the base URL; run `keydoctor verify` to see the network error in detail.',
    };
  return { at: m.index, reason: c.reason, cause: c.cause, fix: c.fix };
}

function noBody(f: FindingDraft, status: number | undefined): FindingDraft {
  const what =
    status === 401
      ? 'the key was refused (wrong, revoked or missing key: OpenAI says which in the body)'
      : status === 429
        ? 'either a rate limit (retry later) or exhausted quota (add credit): only the body tells which'
        : status === 403
          ? 'access was denied (missing scope, unsupported region or a proxy)'
          : 'the request failed';
  return {
    ...f,
    message: `The API answered ${status ?? 'an error'} but the log does not show the answer's body: ${what}.`,
    fix: {
      summary:
        'Log the error body (openai v3 / axios: error.response.data; fetch: await res.text()) and run keydoctor explain on it, or run `keydoctor verify`.',
    },
  };
}
