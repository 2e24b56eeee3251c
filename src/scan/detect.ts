/**
 * Key detection on one buffer. Design:
 *
 * 1. Literal prefilter: every candidate starts from a fixed byte string found with Buffer.indexOf
 *    (memchr-speed): `sk-` (every OpenAI key, Anthropic, OpenRouter), the other providers' prefixes,
 *    the Azure CASK signature `JQQJ99`, the three base64 forms of `T3BlbkFJ` (keys inside base64
 *    blobs), and context words (`azure`, `api-key`, `deepseek`) that gate the context-only shapes.
 * 2. Token extraction by hand, not by regex: the maximal run of key characters around the anchor,
 *    bounded in length, with the left boundary rule `(^|[^A-Za-z0-9_-])` (and `\n`, `\t`, `\"`
 *    escapes of JSON strings, so notebook sources and JSON-in-JSON work).
 * 3. The verdict comes from classifyCredential (the same rule the rest of keydoctor uses); the
 *    scanner adds what only a scanner needs: placeholder/low-entropy guards and context gates
 *    (32-hex Azure keys and DeepSeek-style keys only count near their context words).
 * The only regexes run on small windows near a context word; they are bounded and have no nested
 * quantifiers.
 */
import {
  classifyCredential,
  hasCountingRun,
  isOpenAIKind,
  isOtherAzureServiceName,
  isPublicGoogleKeyName,
  OPENAI_MARKER,
} from '../keys/classify.js';
import type { ScanContext } from './types.js';
import { anchorsSimd } from './simd.js';
import { KEY_ANCHORS } from '../providers/index.js';
import { AZURE_WORDS, B64_PREFIX_ANCHORS, MIN_TOKEN, TOKEN_ANCHORS } from './anchors.js';

export { AZURE_WORDS, B64_PREFIX_ANCHORS, MIN_TOKEN, TOKEN_ANCHORS };
import { MultiMatcher } from '../keys/matcher.js';

export interface Detection {
  secret: string;
  kind: string;
  label: string;
  provider?: string;
  /** Byte offset in the scanned buffer (for decoded finds: where the encoded blob starts). */
  offset: number;
  line: number;
  column: number;
  encoding: 'plain' | 'json-escaped' | 'base64';
  /** The variable or property the key is assigned to, when the line says. */
  name?: string;
  /** Notebooks: 1-based index of the cell holding the key. */
  cell?: number;
}

export interface DetectOptions {
  /** Where the text comes from (may be given lazily: most texts hold no anchor and never need it). */
  context: ScanContext | (() => ScanContext);
  /** The buffer as latin1 text, when the caller already has it. */
  text?: string;
  /** Decode base64 values that start with another provider's prefix (default: for config-like contexts). */
  prefixes?: boolean;
  /** Look inside base64 blobs (default true). */
  decode?: boolean;
  /** List at most this many keys (default MAX_HITS_PER_FILE); the rest are counted in `capped`. */
  maxHits?: number;
  /**
   * A package manager's lockfile (pnpm-lock.yaml, package-lock.json, poetry.lock, ...): full of hashes and
   * `(<32 hex>)` peer-dependency suffixes next to `@azure/*` package names, and never where a key is kept.
   * The shapes a context word alone makes a key (32 hex digits near "azure") are not looked for.
   */
  lockfile?: boolean;
  /** A Firebase app's own config file (GoogleService-Info.plist, google-services.json): its Google key ships with the app. */
  publicConfig?: boolean;
}

export interface DetectResult {
  hits: Detection[];
  /** Hits passed over because of an inline `keydoctor-ignore` comment. */
  suppressed: number;
  /** Problems worth a note (a notebook that is not JSON, ...). */
  problems: string[];
  /** Keys past MAX_HITS_PER_FILE that were found but not listed. */
  capped?: number;
}

/**
 * At most this many keys are listed per file (a generated fixture with 100,000 keys stays a
 * readable report, and memory stays flat); the rest are counted in a note.
 */
export const MAX_HITS_PER_FILE = 1000;

const KEYCH = new Uint8Array(256); // [A-Za-z0-9_-]
const ALNUM = new Uint8Array(256);
const B64CH = new Uint8Array(256); // [A-Za-z0-9+/_-]
for (let c = 0; c < 256; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9]/.test(ch)) ALNUM[c] = 1;
  if (/[A-Za-z0-9_-]/.test(ch)) KEYCH[c] = 1;
  if (/[A-Za-z0-9+/_-]/.test(ch)) B64CH[c] = 1;
}
const BACKSLASH = 0x5c;
const NL = 10;
const MAX_KEY = 220; // longest key shape is 167; longer runs are not keys

/** The other providers' key prefixes (from the provider table); `sk-` keys are judged by judgeSk. */
const PREFIXES: Array<{ needle: string; kinds: string[] }> = KEY_ANCHORS.filter((a) => !a.text.startsWith('sk-')).map(
  (a) => ({ needle: a.text, kinds: a.kinds }),
);
/** Shortest key a token anchor starts: fewer key characters ([A-Za-z0-9_-]) from it are no key. */
/** base64 of `T3BlbkFJ` at the three byte alignments (the fully determined characters), and of the other providers' prefixes at offset 0. */
const B64_MARKERS = ['VDNCbGJrRk', 'QzQmxia0ZK', 'UM0JsYmtGS'];
const DEEPSEEK_WORDS = ['deepseek', 'DeepSeek', 'DEEPSEEK', 'Deepseek'].map((s) => Buffer.from(s));
const IGNORE_MARK = Buffer.from('keydoctor-ignore');

/** Contexts where base64 values are decoded even without the OpenAI marker (Kubernetes Secrets and the like). */
function decodesPrefixes(context: ScanContext): boolean {
  return context === 'config' || context === 'env-file' || context === 'ci' || context === 'other';
}

/**
 * One regex pass finds every anchor. `sk-` is looked for as `k-` (a rarer start, so the regex engine
 * skips most positions) and widened to the real anchor by looking at the byte before it.
 */
const ANCHOR_RE = new RegExp(
  ['k-', ...PREFIXES.map((p) => p.needle), 'JQQJ99', 'zure', 'ZURE', 'i-key', ...B64_MARKERS]
    .map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|'),
  'g',
);
const PREFIX_RE = new RegExp(B64_PREFIX_ANCHORS.join('|'), 'g');

function collect(re: RegExp, text: string, map: Map<string, number[]> | undefined): Map<string, number[]> | undefined {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    let anchor = m[0];
    let at = m.index;
    if (anchor === 'k-') {
      if (text.charCodeAt(at - 1) !== 0x73 /* s */) continue;
      anchor = 'sk-';
      at--;
    } else if (anchor === 'i-key') {
      if (!text.startsWith('ap', at - 2)) continue;
      anchor = 'api-key';
      at -= 2;
    }
    map ??= new Map();
    const list = map.get(anchor);
    if (list) list.push(at);
    else map.set(anchor, [at]);
    re.lastIndex = m.index + 1; // anchors may overlap
  }
  return map;
}

type Latin1 = { latin1Slice?: (start: number, end: number) => string };

/** The bytes as a one-byte string with the same offsets (Buffer#latin1Slice skips toString's argument handling). */
export function latin1(buf: Buffer): string {
  const fast = (buf as unknown as Latin1).latin1Slice;
  return fast ? fast.call(buf, 0, buf.length) : buf.toString('latin1');
}

/** Anchor → positions, or undefined when the text holds none (the common case). */
function anchorsOf(text: string, withPrefixes: boolean, main = true): Map<string, number[]> | undefined {
  const map = main ? collect(ANCHOR_RE, text, undefined) : undefined;
  return withPrefixes ? collect(PREFIX_RE, text, map) : map;
}

const CHUNK = 1 << 20;
const OVERLAP = 16; // longer than any anchor

/**
 * The same for a large buffer, one 1 MB latin1 window at a time (no string as large as the file).
 * Exported for the SIMD pass's test (simd.ts must find what this finds).
 */
export function anchorsOfBuffer(buf: Buffer, withPrefixes: boolean, main = true): Map<string, number[]> | undefined {
  if (buf.length <= CHUNK) return anchorsOf(latin1(buf), withPrefixes, main);
  let map: Map<string, number[]> | undefined;
  for (let start = 0; start < buf.length; start += CHUNK) {
    const from = Math.max(0, start - OVERLAP);
    const part = anchorsOf(buf.toString('latin1', from, Math.min(buf.length, start + CHUNK)), withPrefixes, main);
    if (!part) continue;
    map ??= new Map();
    for (const [anchor, list] of part) {
      const all = map.get(anchor) ?? [];
      for (const at of list) {
        const abs = from + at;
        if (abs >= start - OVERLAP && all.length > 0 && (all[all.length - 1] ?? -1) >= abs) continue; // seen in the previous window
        all.push(abs);
      }
      map.set(anchor, all);
    }
  }
  return map;
}

const HEX32 = /(?<![A-Za-z0-9_-])[0-9a-fA-F]{32}(?![A-Za-z0-9_-])/g;
const HASH_WORDS =
  /\bsha(?:-?\d+)?\b|sha\d|md5|hash|checksum|digest|etag|integrity|commit|revision|fingerprint|uuid|guid|nonce|salt|boundary|object.?id|request.?id|trace.?id|span.?id|session.?id|\bid\b/i;
const AZURE_CONTEXT = /azure|api[-_]?key|cognitiveservices|openai/i;
const CRYPTO_NAME =
  /(?:^|[^a-z0-9])(?:iv|nonce|salt|creds?|encrypt\w*|crypt\w*|cipher\w*|aes\w*|jwt\w*|session\w*|cookie\w*|csrf\w*|signing\w*|hmac\w*)(?:$|[^a-z0-9])/i;
const PLACEHOLDER_IN_KEY = /example|placeholder|dummy|redacted|your[-_]?key|insert|replace|sample|([A-Za-z0-9])\1{5}/i;
const NAME_BEFORE =
  /([A-Za-z_$][A-Za-z0-9_.$-]*)\\?["'`]?\s*\]?\s*(?::=|=>|\?\?|\|\||[:=,(])\s*(?:\\?["'`]|\bBearer\s+)?\s*$/;

/**
 * Whether the hex run at `at` (`len` long) is a path segment, not a value (a key in a query string
 * stays a value): of a URL of any scheme (`https://azure.com/e/<hex>`, `azureml://datastores/.../<hex>/x`),
 * or a folder of a path (`LocalUpload/<hex>/flow.dag.yaml`: a slash on both sides).
 */
function inUrlPath(text: string, at: number, len: number): boolean {
  if (text[at - 1] !== '/') return false;
  let s = at - 1;
  while (s > 0 && !/[\s"'`(<>[\]]/.test(text[s - 1] ?? '')) s--;
  const token = text.slice(s, at);
  if (!/[?#=&]/.test(token) && /^[a-z][a-z0-9+.-]*:\/\/[^/?#]+\//i.test(token)) return true;
  // a folder of a path, also as a query value (`?activeFilePath=LocalUpload/<hex>/data.jsonl`)
  const seg = token.slice(Math.max(token.lastIndexOf('='), token.lastIndexOf('&'), token.lastIndexOf('?')) + 1);
  return text[at + len] === '/' && /^\/?(?:[\w.~-]+\/)+$/.test(seg);
}

/**
 * The value of a URL's query parameter that names no credential (`https://learn.microsoft.com/...?msockid=<32 hex>`,
 * a tracking or session id in a docs link); `?api-key=`, `&subscription-key=`, `?token=` stay candidates.
 */
function inUrlQuery(text: string, at: number): boolean {
  if (text[at - 1] !== '=') return false;
  let s = at - 1;
  while (s > 0 && !/[\s"'`(<>[\]]/.test(text[s - 1] ?? '')) s--;
  const token = text.slice(s, at);
  if (!/^https?:\/\/[^/?#\s]+/i.test(token)) return false;
  const name = /[?&]([\w.-]+)=$/.exec(token)?.[1];
  return name !== undefined && !/key|secret|token|sig|pass|auth|cred/i.test(name);
}

const ASCII_COUNTS = new Int32Array(128);
const ASCII_ORDER = new Int32Array(128);

function entropy(s: string): number {
  // ASCII (every key): counted in a reused table, summed in the order of first occurrence as the
  // Map below would be, so the value is the same to the last bit.
  let ascii = true;
  for (let i = 0; i < s.length; i++)
    if (s.charCodeAt(i) >= 128) {
      ascii = false;
      break;
    }
  if (ascii) {
    let k = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if ((ASCII_COUNTS[c] as number)++ === 0) ASCII_ORDER[k++] = c;
    }
    let h = 0;
    for (let j = 0; j < k; j++) {
      const c = ASCII_ORDER[j] as number;
      const p = (ASCII_COUNTS[c] as number) / s.length;
      ASCII_COUNTS[c] = 0;
      h -= p * Math.log2(p);
    }
    return h;
  }
  // By code point, as `for (const c of s)` would count them, without its string per character.
  const counts = new Map<number, number>();
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** A random-looking body: not a placeholder, not a run of one character, enough entropy. */
function looksRandom(body: string): boolean {
  if (body.length < 16) return false;
  if (PLACEHOLDER_IN_KEY.test(body) || hasCountingRun(body)) return false;
  return entropy(body) >= (body.length >= 40 ? 3.5 : 3.0);
}

function leftBoundary(buf: Buffer, p: number): { ok: boolean; escaped: boolean } {
  if (p === 0) return { ok: true, escaped: false };
  const b = buf[p - 1] ?? 0;
  if (!KEYCH[b]) return { ok: true, escaped: b === 0x22 && buf[p - 2] === BACKSLASH };
  // `\nsk-...` inside a JSON string: the `n` belongs to an escape.
  if ((b === 0x6e || b === 0x74 || b === 0x72) && buf[p - 2] === BACKSLASH) return { ok: true, escaped: true };
  return { ok: false, escaped: false };
}

function runRight(buf: Buffer, p: number, max: number, table: Uint8Array): number {
  const end = Math.min(buf.length, p + max + 1);
  let e = p;
  while (e < end && table[buf[e] ?? 0]) e++;
  return e;
}

interface Raw {
  secret: string;
  kind: string;
  label: string;
  provider?: string;
  offset: number;
  encoding: Detection['encoding'];
}

/** Verdict on an `sk-...` token. */
function judgeSk(
  token: string,
  deepseekNear: () => boolean,
): { kind: string; label: string; provider?: string } | undefined {
  const c = classifyCredential(token);
  if (isOpenAIKind(c.kind)) {
    const at = token.indexOf(OPENAI_MARKER);
    const body = token.slice(token.indexOf('-', 3) + 1 || 3, at) + token.slice(at + OPENAI_MARKER.length);
    return looksRandom(body) ? c : undefined;
  }
  if (c.kind === 'anthropic' || c.kind === 'openrouter') return looksRandom(token.slice(7)) ? c : undefined;
  if (c.kind === 'deepseek-style') return deepseekNear() ? c : undefined;
  const at = token.indexOf(OPENAI_MARKER);
  if (at >= 0) {
    // The marker with key characters on both sides: an OpenAI key of a length we do not know yet.
    const left = token.slice(3, at);
    const right = token.slice(at + OPENAI_MARKER.length);
    if (
      left.length >= 16 &&
      right.length >= 16 &&
      looksRandom(left.replace(/^(?:proj|svcacct|admin|None)-/, '') + right)
    ) {
      return { kind: 'openai-malformed', provider: 'openai', label: 'OpenAI key (unusual length)' };
    }
    return undefined;
  }
  const m = /^sk-(?:proj|svcacct|admin|None)-([A-Za-z0-9_-]{40,})$/.exec(token);
  if (m?.[1] && looksRandom(m[1]) && entropy(m[1]) >= 4) {
    return { kind: 'openai-malformed', provider: 'openai', label: 'OpenAI-prefixed key without the T3BlbkFJ marker' };
  }
  return undefined;
}

/** Byte range of `lines` lines around offset `at`, clipped to `clip` bytes either side. */
function windowAround(buf: Buffer, at: number, lines: number, clip: number): [number, number] {
  let s = at;
  for (let i = 0; i <= lines && s > 0; i++) {
    const nl = buf.lastIndexOf(NL, s - 1);
    s = nl < 0 ? 0 : nl;
  }
  let e = at;
  for (let i = 0; i <= lines && e < buf.length; i++) {
    const nl = buf.indexOf(NL, e + 1);
    e = nl < 0 ? buf.length : nl;
  }
  return [Math.max(s, at - clip), Math.min(e, at + clip)];
}

function anyNear(buf: Buffer, words: Buffer[], at: number, lines: number): boolean {
  const [s, e] = windowAround(buf, at, lines, 2000);
  const w = buf.subarray(s, e);
  return words.some((x) => w.indexOf(x) >= 0);
}

/** Finds the raw candidates (offsets in `buf`), without line numbers. */
function scanRaw(buf: Buffer, opts: DetectOptions, depth: number): Raw[] {
  const decode = opts.decode !== false && depth === 0;
  const prefixes = decode && (opts.prefixes ?? (typeof opts.context === 'string' && decodesPrefixes(opts.context)));
  // The SIMD pass needs no text; only the base64 prefixes (config-like files) still take a regex pass.
  let anchors: Map<string, number[]> | undefined;
  const simd = anchorsSimd();
  if (simd) {
    anchors = simd(buf);
    const more = prefixes ? anchorsOfBuffer(buf, true, false) : undefined;
    if (more) {
      anchors ??= new Map();
      for (const [anchor, list] of more) anchors.set(anchor, list); // no prefix anchor is also a main anchor
    }
  } else anchors = opts.text !== undefined ? anchorsOf(opts.text, prefixes) : anchorsOfBuffer(buf, prefixes);
  if (!anchors) return [];
  const pos = (a: string): number[] => anchors.get(a) ?? [];
  const out: Raw[] = [];
  const seen = new Set<number>();
  const push = (r: Raw) => {
    if (seen.has(r.offset)) return;
    seen.add(r.offset);
    out.push(r);
  };
  let deepseekFile: boolean | undefined;
  const deepseekNear = (at: number) => () => {
    deepseekFile ??= DEEPSEEK_WORDS.some((w) => buf.indexOf(w) >= 0);
    return deepseekFile && anyNear(buf, DEEPSEEK_WORDS, at, 5);
  };

  // sk-...: OpenAI (every format), Anthropic, OpenRouter, DeepSeek-style.
  for (const p of pos('sk-')) {
    const lb = leftBoundary(buf, p);
    if (!lb.ok) continue;
    const e = runRight(buf, p, MAX_KEY, KEYCH);
    if (e - p < MIN_TOKEN || e - p > MAX_KEY) continue;
    const token = buf.toString('latin1', p, e);
    const v = judgeSk(token, deepseekNear(p));
    if (v)
      push({
        secret: token,
        kind: v.kind,
        label: v.label,
        provider: v.provider,
        offset: p,
        encoding: lb.escaped ? 'json-escaped' : 'plain',
      });
  }
  for (const { needle, kinds } of PREFIXES) {
    for (const p of pos(needle)) {
      const lb = leftBoundary(buf, p);
      if (!lb.ok) continue;
      const e = runRight(buf, p, 120, KEYCH);
      if (e - p < MIN_TOKEN || e - p > 120) continue;
      const token = buf.toString('latin1', p, e);
      const c = classifyCredential(token);
      if (kinds.includes(c.kind) && looksRandom(token.slice(needle.length)))
        push({
          secret: token,
          kind: c.kind,
          label: c.label,
          provider: c.provider,
          offset: p,
          encoding: lb.escaped ? 'json-escaped' : 'plain',
        });
    }
  }

  // Azure OpenAI, 84-character form: 52 + JQQJ99 + 26, near Azure context.
  for (const p of pos('JQQJ99')) {
    const s = p - 52;
    const e = p + 32;
    if (s < 0 || e > buf.length) continue;
    if ((s > 0 && ALNUM[buf[s - 1] ?? 0]) || ALNUM[buf[e] ?? 0]) continue;
    const token = buf.toString('latin1', s, e);
    const c = classifyCredential(token);
    if (c.kind !== 'azure-cask') continue;
    const [ws, we] = windowAround(buf, p, 5, 2000);
    if (!AZURE_CONTEXT.test(buf.toString('latin1', ws, s) + buf.toString('latin1', e, we))) continue;
    push({ secret: token, kind: c.kind, label: c.label, provider: c.provider, offset: s, encoding: 'plain' });
  }

  // Azure OpenAI, 32 hex digits: only within a few lines of an Azure word (never in a lockfile).
  const windows: Array<[number, number]> = [];
  if (!opts.lockfile)
    for (const w of AZURE_WORDS) for (const at of pos(w)) windows.push(windowAround(buf, at, 4, 1500));
  if (windows.length > 0) {
    windows.sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number]> = [];
    for (const w of windows) {
      const last = merged[merged.length - 1];
      if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
      else merged.push([w[0], w[1]]);
    }
    for (const [s, e] of merged) {
      const text = buf.toString('latin1', s, e);
      HEX32.lastIndex = 0;
      for (let m = HEX32.exec(text); m; m = HEX32.exec(text)) {
        const hex = m[0];
        if (
          /^[0-9]+$/.test(hex) ||
          /^[a-fA-F]+$/.test(hex) ||
          (/^[0-9a-f]+$/.test(hex) === false && /^[0-9A-F]+$/.test(hex) === false)
        )
          continue;
        const ls = text.lastIndexOf('\n', m.index) + 1;
        const le = text.indexOf('\n', m.index);
        // a value wrapped onto a line of its own (`"hash":` at the end of the line above, YAML folding a
        // long JSON string): that line's end is part of its context
        const from = /^\s*["']?$/.test(text.slice(ls, m.index)) && ls > 0 ? text.lastIndexOf('\n', ls - 2) + 1 : ls;
        const lineText = text.slice(
          Math.max(from, m.index - 200),
          le < 0 ? Math.min(text.length, m.index + 232) : Math.min(le, m.index + 232),
        );
        if (HASH_WORDS.test(lineText.replace(/api[-_]?key|azure[-_a-z]*/gi, ''))) continue;
        // An encryption IV or key, a signing or session secret named as one (CREDS_IV, ENCRYPTION_KEY, JWT_SECRET):
        // 16 random bytes in hex, near an OPENAI_API_KEY line, are not an Azure OpenAI key.
        const named = NAME_BEFORE.exec(text.slice(Math.max(ls, m.index - 160), m.index))?.[1];
        if (named && CRYPTO_NAME.test(named) && !AZURE_CONTEXT.test(named)) continue;
        if (inUrlPath(text, m.index, hex.length)) continue; // https://azure.com/e/<32 hex> (the pricing calculator), resource ids in paths
        if (inUrlQuery(text, m.index)) continue; // https://...?msockid=<32 hex>: a tracking id in a docs link
        const c = classifyCredential(hex);
        if (c.kind !== 'azure-hex32' || entropy(hex) < 3) continue;
        push({
          secret: hex,
          kind: c.kind,
          label: c.label,
          provider: c.provider,
          offset: s + m.index,
          encoding: 'plain',
        });
      }
    }
  }

  // base64 blobs holding a key: decode the blob around an encoded marker or an encoded prefix.
  if (decode) {
    const needles = prefixes ? [...B64_MARKERS, ...B64_PREFIX_ANCHORS] : B64_MARKERS;
    const done = new Set<number>();
    for (const needle of needles) {
      for (const at of pos(needle)) {
        let s = at;
        const minS = Math.max(0, at - 8192);
        while (s > minS && B64CH[buf[s - 1] ?? 0]) s--;
        if (done.has(s)) continue;
        done.add(s);
        let e = runRight(buf, at, 8192, B64CH);
        while (e < buf.length && buf[e] === 0x3d && e - at < 8200) e++; // '=' padding
        if (e - s < 40) continue;
        const blob = buf.toString('latin1', s, e);
        for (let k = 0; k < 4; k++) {
          const decoded = Buffer.from(blob.slice(k), blob.includes('-') || blob.includes('_') ? 'base64url' : 'base64');
          for (const r of scanRaw(decoded, { context: 'other', decode: false }, depth + 1)) {
            if (out.some((o) => o.secret === r.secret)) continue;
            push({ ...r, offset: s + k, encoding: 'base64' });
          }
        }
      }
    }
  }
  return out;
}

/** Line (1-based) and column (1-based) of each offset; offsets sorted ascending. */
function positions(buf: Buffer, offsets: number[]): Array<{ line: number; column: number; lineStart: number }> {
  const out: Array<{ line: number; column: number; lineStart: number }> = [];
  let line = 1;
  let lineStart = 0;
  let cursor = 0;
  for (const off of offsets) {
    for (;;) {
      const nl = buf.indexOf(NL, cursor);
      if (nl < 0 || nl >= off) break;
      line++;
      lineStart = nl + 1;
      cursor = nl + 1;
    }
    out.push({ line, column: off - lineStart + 1, lineStart });
  }
  return out;
}

function ignoredInline(buf: Buffer, lineStart: number, offset: number): boolean {
  let le = buf.indexOf(NL, offset);
  if (le < 0) le = buf.length;
  if (buf.subarray(lineStart, le).indexOf(IGNORE_MARK) >= 0) return true;
  if (lineStart === 0) return false;
  const prevStart = buf.lastIndexOf(NL, lineStart - 2) + 1;
  return buf.subarray(prevStart, lineStart).indexOf(IGNORE_MARK) >= 0;
}

function nameBefore(buf: Buffer, lineStart: number, offset: number): string | undefined {
  const s = Math.max(lineStart, offset - 160);
  const m = NAME_BEFORE.exec(buf.toString('latin1', s, offset));
  const name = m?.[1];
  if (!name) return undefined;
  // `process.env.NEXT_PUBLIC_KEY` / `import.meta.env.VITE_KEY`: the last part is the name.
  return name.slice(name.lastIndexOf('.') + 1).replace(/^\$/, '') || undefined;
}

function notebookCells(buf: Buffer, secrets: string[]): { cells: Map<string, number>; problem?: string } {
  // One pass per cell for all the keys at once (a cell-by-key search is quadratic in a notebook full of them).
  const wanted = new Set(secrets);
  const matcher = new MultiMatcher();
  for (const s of wanted) matcher.add(s);
  const cells = new Map<string, number>();
  let doc: unknown;
  try {
    doc = JSON.parse(buf.toString('utf8'));
  } catch (e) {
    return {
      cells,
      problem: `notebook is not valid JSON (${(e as Error).message.slice(0, 80)}); keys were still looked for in its text`,
    };
  }
  const list = (doc as { cells?: unknown }).cells;
  if (!Array.isArray(list)) return { cells };
  list.forEach((cell, i) => {
    const text = JSON.stringify(cell);
    matcher.each(text, (at, len) => {
      const s = text.slice(at, at + len);
      if (wanted.has(s) && !cells.has(s)) cells.set(s, i + 1);
    });
  });
  return { cells };
}

/** A Google key of a Firebase app's config or a Maps key (see isPublicGoogleKeyName): shipped to clients by design. */
function publicGoogleKey(buf: Buffer, name: string | undefined, configFile: boolean): boolean {
  if (name !== undefined && isPublicGoogleKeyName(name)) return true;
  if (configFile) return name === undefined || /^(api_?key|key)$/i.test(name);
  // firebaseConfig = { apiKey: "AIza...", authDomain: "x.firebaseapp.com", messagingSenderId: ... }
  return (
    (name === undefined || /^(api_?key|key)$/i.test(name)) &&
    (buf.includes('firebaseapp.com') || buf.includes('messagingSenderId'))
  );
}

/** Detects every key in a buffer. Never throws on odd input. */
export function detect(buf: Buffer, opts: DetectOptions): DetectResult {
  const raws = scanRaw(buf, opts, 0);
  if (raws.length === 0) return { hits: [], suppressed: 0, problems: [] };
  raws.sort((a, b) => a.offset - b.offset);
  let capped: number | undefined;
  const maxHits = opts.maxHits ?? MAX_HITS_PER_FILE;
  if (raws.length > maxHits) {
    capped = raws.length - maxHits;
    raws.length = maxHits;
  }
  const pos = positions(
    buf,
    raws.map((r) => r.offset),
  );
  const hits: Detection[] = [];
  const problems: string[] = [];
  let suppressed = 0;
  raws.forEach((r, i) => {
    const p = pos[i];
    if (!p) return;
    if (ignoredInline(buf, p.lineStart, r.offset)) {
      suppressed++;
      return;
    }
    const name = nameBefore(buf, p.lineStart, r.offset);
    // 32 hex digits under AZURE_SEARCH_KEY / speech_key: that service's key, not an Azure OpenAI key
    if (r.kind === 'azure-hex32' && name !== undefined && isOtherAzureServiceName(name)) return;
    // a Google API key that a Firebase app or Maps ships to its clients by design (NEXT_PUBLIC_FIREBASE_API_KEY,
    // firebaseConfig's apiKey, GoogleService-Info.plist): restricted by app or referrer, not a secret
    if (r.kind === 'google' && publicGoogleKey(buf, name, opts.publicConfig === true)) return;
    hits.push({ ...r, line: p.line, column: p.column, name });
  });
  if (hits.length > 0 && (typeof opts.context === 'string' ? opts.context : opts.context()) === 'notebook') {
    const { cells, problem } = notebookCells(
      buf,
      hits.map((h) => h.secret),
    );
    if (problem) problems.push(problem);
    for (const h of hits) {
      const c = cells.get(h.secret);
      if (c !== undefined) h.cell = c;
    }
  }
  return capped ? { hits, suppressed, problems, capped } : { hits, suppressed, problems };
}
