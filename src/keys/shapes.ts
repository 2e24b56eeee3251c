/**
 * The pattern net: where in a text something is, or may be, a credential that nobody registered.
 *
 * Named filters, each a rule about *where* or *what shape* (secretlint's mask filters are the model):
 *
 * - by position (always masked): the password in URL userinfo (`https://user:PASS@host`, and a
 *   proxy's `user:PASS@host:port`), the value of a credential-named query parameter (`?api-key=`,
 *   `&token=`, `&sig=`), the value of an auth header whatever its scheme (`Authorization: KEY`,
 *   `Bearer<TAB>KEY`, `Token KEY`, `Basic ...`, `api-key: KEY`), the value after `Bearer`, the value
 *   assigned to a credential-named variable (`DB_PASSWORD=...`, `"api_key": "..."`), a JWT;
 * - by shape, strong (always masked): every provider key format of the provider table, OpenAI's
 *   formats and any run of key characters holding OpenAI's `T3BlbkFJ` marker (half a key split
 *   across lines), and base64 whose decoded text holds any of these;
 * - by shape, weak (masked unless inside a path or id the report names): 32 or more hex digits, and
 *   long random-looking runs of base64 / base64url characters.
 *
 * Key characters are read through the escapes text puts on them (`\u002d`, `\x2d`, `%2D`, `\/`), so
 * a JSON-escaped or percent-encoded key is judged, and masked, as the key it encodes.
 *
 * Everything here is linear in the length of the text: the runs are found in one pass, and every
 * regular expression is applied to one run at a time or has no nested repetition.
 */
import { isPlaceholder, isCredentialName } from './classify.js';
import { findablePatterns, KEY_ANCHORS } from '../providers/index.js';
import { pushAll } from '../core/arrays.js';

export interface Span {
  start: number;
  end: number;
  /** Strong: always masked. Weak: masked unless it lies inside a path or id of the report. */
  strong: boolean;
  /** The decoded text, when the span was read through escapes (masked as what it encodes). */
  decoded?: string;
  /** The filter that found it (for tests and debugging). */
  rule: string;
}

export const MARKER = ['T3Bl', 'bkFJ'].join('');

// Provider shapes, each anchored so it does not start inside a word ("risk-management-..." is no sk- key).
const PROVIDER = new RegExp(
  ['sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}', 'sk-[A-Za-z0-9]{32,}', ...findablePatterns()]
    .map((p) => `(?<![A-Za-z0-9])(?:${p})`)
    .join('|'),
  'g',
);
// Any other sk- value of key length (LiteLLM, proxies, unknown providers), unless a placeholder.
const GENERIC_SK = /(?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{20,}/g;

// Ids the API hands out (request, response, org, project, ...): never secrets, often hex inside.
const OPENAI_ID =
  /^(?:req|resp|chatcmpl|cmpl|file|asst|thread|run|msg|batch|call|org|proj|user|ft|ftjob|evt|vs|modr|img|step)[-_]/;

const JWT = /\beyJ[A-Za-z0-9_-]{8,4096}\.[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{0,4096}/g;

// ---------------------------------------------------------------------------------------------
// Shapes

const cls = (c: number): number => (c >= 65 && c <= 90 ? 1 : c >= 97 && c <= 122 ? 2 : c >= 48 && c <= 57 ? 3 : 4);

/**
 * Random-looking: what a generated secret looks like and an identifier, a model name or a path does
 * not. Upper and lower case letters and digits, frequent changes between them, high character
 * entropy, few word-like stretches, and long stretches between separators (`Qwen2-VL-72B-Instruct`
 * is short pieces). Tuned on random base62/base64url strings (about 3% of 32-character strings
 * missed, under 1% from 48) against identifiers, model ids and paths (none taken).
 */
export function randomLooking(text: string, minLength = 32): boolean {
  if (text.length < minLength) return false;
  const s = text.length > 4096 ? text.slice(0, 4096) : text; // the statistics of a sample
  const n = s.length;
  let up = 0;
  let lo = 0;
  let dg = 0;
  let changes = 0;
  let long = 0;
  let piece = 0;
  const counts = new Map<number, number>();
  let prev = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? s.charCodeAt(i) : 45;
    if (c === 45 || c === 95 || c === 47 || c === 43 || c === 61) {
      if (piece >= 8) long += piece;
      piece = 0;
      if (i === n) break;
    } else piece++;
    counts.set(c, (counts.get(c) ?? 0) + 1);
    const k = cls(c);
    if (k === 1) up++;
    else if (k === 2) lo++;
    else if (k === 3) dg++;
    if (i > 0 && k !== prev) changes++;
    prev = k;
  }
  if (long < 0.5 * n) return false;
  if (up === 0 || lo === 0) return false;
  if (dg === 0 && n < 48) return false;
  if (changes / (n - 1) < 0.4) return false;
  let h = 0;
  for (const v of counts.values()) {
    const p = v / n;
    h -= p * Math.log2(p);
  }
  if (h < 3.5) return false;
  let wordy = 0;
  for (const m of s.matchAll(/[A-Z]?[a-z]{5,}|[A-Z]{6,}/g)) wordy += m[0].length;
  return wordy / n <= 0.4;
}

function isHexPiece(s: string, from: number, to: number): boolean {
  if (to - from < 32) return false;
  let letter = false;
  let digit = false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digit = true;
    else if ((c >= 97 && c <= 102) || (c >= 65 && c <= 70)) letter = true;
    else return false;
  }
  return letter && digit;
}

/** Longer runs of key characters are no key; one that holds a key's anchor is masked whole. */
export const MAX_WORD = 1024;
const ANCHORS = [...new Set(['sk-', MARKER, 'JQQJ99', 'eyJ', ...KEY_ANCHORS.map((a) => a.text)])];

/** Strong shapes inside one run of [A-Za-z0-9_-]: [start, end) pairs relative to the run. */
function strongInWord(w: string, out: Array<[number, number, string]>): void {
  if (w.length < 20) return;
  if (w.includes(MARKER)) {
    out.push([0, w.length, 'openai-marker']);
    return;
  }
  if (w.length > MAX_WORD) {
    // No regular expression on megabytes of one token (a regex stack overflow, R15).
    if (ANCHORS.some((a) => w.includes(a))) out.push([0, w.length, 'provider-format']);
    return;
  }
  PROVIDER.lastIndex = 0;
  for (let m = PROVIDER.exec(w); m; m = PROVIDER.exec(w)) {
    if (!isPlaceholder(m[0])) out.push([m.index, m.index + m[0].length, 'provider-format']);
  }
  GENERIC_SK.lastIndex = 0;
  for (let m = GENERIC_SK.exec(w); m; m = GENERIC_SK.exec(w)) {
    if (/[0-9A-Z]/.test(m[0].slice(3)) && !isPlaceholder(m[0]))
      out.push([m.index, m.index + m[0].length, 'provider-format']);
  }
}

const PRINTABLE = (b: Buffer): boolean => {
  let bad = 0;
  for (const x of b) if (!(x === 9 || x === 10 || x === 13 || (x >= 32 && x < 127))) bad++;
  return b.length > 0 && bad <= b.length * 0.05;
};

/** Whether base64 text decodes to readable text that holds a credential. */
function base64HoldsKey(s: string, depth: number): boolean {
  if (s.length < 24 || s.length > 65536 || depth > 2) return false;
  let cut = s.length;
  while (cut > 0 && s.charCodeAt(cut - 1) === 61) cut--;
  const body = s.slice(0, cut);
  if (body.length % 4 === 1) return false;
  const url = /[-_]/.test(body);
  if (url && /[+/]/.test(body)) return false;
  let decoded: Buffer;
  try {
    decoded = Buffer.from(body, url ? 'base64url' : 'base64');
  } catch {
    return false;
  }
  if (!PRINTABLE(decoded)) return false;
  return holdsCredential(decoded.toString('latin1'), depth + 1);
}

/** Whether a text holds a credential-shaped string (any filter, weak ones included). */
export function holdsCredential(text: string, depth = 0): boolean {
  const spans: Span[] = [];
  collect(text, spans, 'all', depth);
  return spans.length > 0;
}

// ---------------------------------------------------------------------------------------------
// Runs of key characters, read through escapes

const KEYCHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=') KEYCHAR[c.charCodeAt(0)] = 1;
const isKey = (c: number): boolean => c < 128 && KEYCHAR[c] === 1;
const hexVal = (c: number): number =>
  c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;

/**
 * The escape at `i` that stands for one character (%XX, \/, \n, \r, \t, \uXXXX, \xXX) as one
 * number: its length times 65536 plus the character; 0 when there is none. A number, not a pair:
 * this runs at every run's end in every string the report masks, mostly before it is optimized.
 */
function escapeAt(t: string, i: number): number {
  const c = t.charCodeAt(i);
  if (c === 37 /* % */ && i + 2 < t.length) {
    const a = hexVal(t.charCodeAt(i + 1));
    const b = hexVal(t.charCodeAt(i + 2));
    if (a >= 0 && b >= 0) return 3 * 65536 + a * 16 + b;
  } else if (c === 92 /* \ */ && i + 1 < t.length) {
    const d = t.charCodeAt(i + 1);
    if (d === 47 /* / */) return 2 * 65536 + 47;
    if (d === 110 /* n */) return 2 * 65536 + 10;
    if (d === 114 /* r */) return 2 * 65536 + 13;
    if (d === 116 /* t */) return 2 * 65536 + 9;
    if (d === 117 /* u */ && i + 5 < t.length) {
      let v = 0;
      for (let k = 2; k < 6; k++) {
        const h = hexVal(t.charCodeAt(i + k));
        if (h < 0) return 0;
        v = v * 16 + h;
      }
      return 6 * 65536 + v;
    }
    if (d === 120 /* x */ && i + 3 < t.length) {
      const a = hexVal(t.charCodeAt(i + 2));
      const b = hexVal(t.charCodeAt(i + 3));
      if (a >= 0 && b >= 0) return 4 * 65536 + a * 16 + b;
    }
  }
  return 0;
}

interface Run {
  /** The run's characters, escapes decoded. */
  text: string;
  /** Where decoded character k starts in the source; undefined when the run holds no escape. */
  offsets?: number[];
  start: number;
  end: number;
  /** What separates it from the next run when nothing else does: an escaped or a real line break / space. */
  soft?: 'escaped' | 'newline';
}

// Escapes of whitespace that a key wrapped or split by a tool leaves between its parts.
const SOFT = new Set([9, 10, 13, 32]);

/**
 * Maximal runs of key characters of at least `min` decoded characters, in order, read through
 * escapes. A run followed at once by an escaped break (%0A, \n, \u000a, %20) or a real line break
 * and then another run is marked `soft`: the two may be one key split in two.
 */
function runsOf(t: string, min: number): Run[] {
  const runs: Run[] = [];
  const n = t.length;
  let i = 0;
  while (i < n) {
    let c = t.charCodeAt(i);
    if (!isKey(c) && c !== 37 && c !== 92) {
      i++;
      continue;
    }
    const start = i;
    let offsets: number[] | undefined;
    let decoded = '';
    while (i < n) {
      c = t.charCodeAt(i);
      if (isKey(c)) {
        if (offsets) {
          offsets.push(i);
          decoded += t[i];
        }
        i++;
        continue;
      }
      const esc = escapeAt(t, i);
      const ch = esc & 0xffff;
      if (esc === 0 || !isKey(ch)) break;
      if (!offsets) {
        offsets = [];
        for (let k = start; k < i; k++) offsets.push(k);
        decoded = t.slice(start, i);
      }
      offsets.push(i);
      decoded += String.fromCharCode(ch);
      i += esc >>> 16;
    }
    const end = i;
    // A run too short to keep is not cut out of the text at all.
    const text = offsets ? decoded : end - start >= min ? t.slice(start, end) : '';
    // What ended the run: an escaped separator is passed over whole; a lone % or \ by one character.
    const esc = i < n ? escapeAt(t, i) : 0;
    const len = esc >>> 16;
    const ch = esc & 0xffff;
    let soft: Run['soft'];
    if (len > 0) {
      if (SOFT.has(ch) && i + len < n && startsRun(t, i + len)) soft = 'escaped';
      i += len;
    } else if (i === start) i++;
    else if (i < n && (c === 10 || c === 13)) {
      let j = i;
      while (j < n && (t.charCodeAt(j) === 10 || t.charCodeAt(j) === 13) && j - i < 2) j++;
      if (j < n && startsRun(t, j)) soft = 'newline';
    }
    if (text.length >= min) runs.push({ text, offsets, start, end, soft });
    else if (runs.length > 0) (runs[runs.length - 1] as Run).soft = undefined; // a short run breaks a group
  }
  return runs;
}

function startsRun(t: string, i: number): boolean {
  if (isKey(t.charCodeAt(i))) return true;
  const esc = escapeAt(t, i);
  return esc !== 0 && isKey(esc & 0xffff);
}

/** One run made of a group of runs joined across their soft breaks (the separators are dropped). */
function joinRuns(group: Run[]): Run {
  const offsets: number[] = [];
  let text = '';
  for (const r of group) {
    text += r.text;
    if (r.offsets) pushAll(offsets, r.offsets);
    else for (let k = r.start; k < r.end; k++) offsets.push(k);
  }
  return { text, offsets, start: (group[0] as Run).start, end: (group[group.length - 1] as Run).end };
}

// ---------------------------------------------------------------------------------------------
// Positions

const SCHEMES =
  /^(?:bearer|basic|token|digest|bot|apikey|api-key|key|oauth|jwt|negotiate|sharedkey|hmac|aws4-hmac-sha256)$/i;

/** A value that is not itself a secret: a reference, a placeholder, already masked, code. */
function notAValue(v: string): boolean {
  if (v.length < 8) return true;
  if (v.includes('…') || v.includes('***')) return true;
  if (/^[$%<{#[(]/.test(v)) return true; // $VAR, ${VAR}, %VAR%, <key>, {{ secrets.X }}
  if (/^(?:true|false|null|none|undefined|required|optional|missing|unset|empty)$/i.test(v)) return true;
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+(?:\(\))?$/.test(v) && !/[0-9]{3}/.test(v)) return true; // os.environ, settings.openai_api_key
  if (/^(?:[a-z]+(?:[_-][a-z]+)*|[a-z]+(?:[A-Z][a-z]+)+)$/.test(v)) return true; // a variable name: openai_api_key, apiKey
  if (/^[0-9]+$/.test(v)) return false;
  return isPlaceholder(v);
}

const USERINFO =
  /\b[a-z][a-z0-9+.-]{0,30}:\/\/([^\s/?#@:"'<>`\\]{0,256})(?::([^\s/?#@"'<>`\\]{0,1024}))?@(?=[A-Za-z0-9[])/gi;
const BARE_USERINFO =
  /(?<![\w.:/@%-])([A-Za-z0-9._~!$&*+,;=-]{1,64}):([^\s/?#@"'<>`\\:]{1,256})@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,10}(?::\d{1,5})?(?![\w@:])/g;
const QUERY =
  /[?&;]([A-Za-z0-9_.[\]-]{0,40}?(?:key|token|secret|password|passwd|pwd|sig|signature|auth|credential|session)[A-Za-z0-9_.[\]-]{0,40})=([^&#\s"'<>`\\]{1,4096})/gi;
const HEADER =
  /\b(?:authorization|proxy-authorization|api-key|x-api-key|x-goog-api-key|openai-api-key|ocp-apim-subscription-key|x-auth-token|x-access-token|cookie|set-cookie)["']?[ \t]*[:=][ \t]*["']?[ \t]*((?:(?:bearer|basic|token|digest|bot|apikey|key|oauth|jwt|negotiate|sharedkey)[ \t]+){0,3})([^\s"'`,;}\]\\]{1,4096})/gi;
const BEARER = /\b(?:bearer|token)[ \t]+([A-Za-z0-9._~+/=-]{12,4096})/gi;
const ASSIGN =
  /(?<![\w.-])([A-Za-z_][A-Za-z0-9_]{0,127}(?:[.-][A-Za-z0-9_]{1,64}){0,8})(["']?)[ \t]*(?:=|:)[ \t]*(["']?)([^\s"'`,;(){}[\]<>\\]{1,4096})/g;

function positions(t: string, out: Span[]): void {
  const push = (start: number, value: string, rule: string) => {
    if (!notAValue(value)) out.push({ start, end: start + value.length, strong: true, rule });
  };
  if (t.includes('@')) {
    for (const m of t.matchAll(USERINFO)) {
      const user = m[1] ?? '';
      const pass = m[2];
      const at = (m.index ?? 0) + m[0].indexOf('//') + 2;
      if (pass !== undefined && pass.length > 0) {
        if (!/^[$%<{]/.test(pass) && !pass.includes('…') && !pass.includes('***'))
          out.push({
            start: at + user.length + 1,
            end: at + user.length + 1 + pass.length,
            strong: true,
            rule: 'url-userinfo',
          });
      } else if (user.length >= 16 && !notAValue(user))
        out.push({ start: at, end: at + user.length, strong: true, rule: 'url-userinfo' });
    }
    for (const m of t.matchAll(BARE_USERINFO)) {
      const user = m[1] ?? '';
      const pass = m[2] ?? '';
      if (/^[$%<{]/.test(pass) || pass.includes('…') || /^[\d.]+$/.test(pass) || pass.length < 4) continue; // not an image:1.2@sha256 tag
      const start = (m.index ?? 0) + user.length + 1;
      out.push({ start, end: start + pass.length, strong: true, rule: 'url-userinfo' });
    }
  }
  if (t.includes('=')) {
    for (const m of t.matchAll(QUERY)) {
      const v = m[2] ?? '';
      if (v.length >= 6 && !v.includes('…') && !/^[$%<{]/.test(v))
        out.push({
          start: (m.index ?? 0) + m[0].length - v.length,
          end: (m.index ?? 0) + m[0].length,
          strong: true,
          rule: 'url-query',
        });
    }
  }
  for (const m of t.matchAll(HEADER)) {
    const v = m[2] ?? '';
    // a scheme alone (`Authorization: Bearer` in prose), or JavaScript's unset variable (`Bearer undefined`), is no key
    if (SCHEMES.test(v) || v.length < 6 || v.includes('…') || /^[$%<{]/.test(v) || /^(?:undefined|null|none)$/i.test(v))
      continue;
    out.push({
      start: (m.index ?? 0) + m[0].length - v.length,
      end: (m.index ?? 0) + m[0].length,
      strong: true,
      rule: 'auth-header',
    });
  }
  for (const m of t.matchAll(BEARER)) {
    const v = m[1] ?? '';
    if (!/[0-9]/.test(v) || v.includes('…') || notAValue(v)) continue;
    out.push({
      start: (m.index ?? 0) + m[0].length - v.length,
      end: (m.index ?? 0) + m[0].length,
      strong: true,
      rule: 'auth-header',
    });
  }
  if (t.includes('=') || t.includes(':')) {
    for (const m of t.matchAll(ASSIGN)) {
      const name = m[1] ?? '';
      if (!isCredentialName(name.replace(/[.-]/g, '_'))) continue;
      const v = m[4] ?? '';
      push((m.index ?? 0) + m[0].length - v.length, v, 'credential-variable');
    }
  }
  for (const m of t.matchAll(JWT))
    out.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, strong: true, rule: 'jwt' });
}

// ---------------------------------------------------------------------------------------------

/**
 * Appends the spans of `text` that the net masks. `strong` mode (paths and ids) runs only the strong
 * shape filters; `all` runs every filter.
 */
export function collect(text: string, out: Span[], mode: 'all' | 'strong', depth = 0): void {
  if (text.length < 8) return;
  positions(text, out);
  const runs = runsOf(text, 8);
  for (let g = 0; g < runs.length; g++) {
    const r = runs[g] as Run;
    if (r.text.length >= 20) judge(text, r, out, mode, depth);
    // A group of runs joined by soft breaks: a key wrapped across lines or split by %0A.
    if (r.soft === undefined) continue;
    let h = g;
    while (h < runs.length - 1 && (runs[h] as Run).soft !== undefined && h - g < 8) h++;
    const group = runs.slice(g, h + 1);
    const newline = group.slice(0, -1).some((x) => x.soft === 'newline');
    const joined = joinRuns(group);
    if (joined.text.length >= 20) judge(text, joined, out, newline ? 'strong' : mode, depth, true);
  }
}

/** The shape filters on one run. `joined`: a group across breaks, judged by its parts' union only. */
// Words before a hex run that say it is a git object id, not a key.
const GIT_ID_BEFORE =
  /(?:commit|commits|object|blob|tree|sha|sha1|sha256|revision|rev|ref|head|parent|read|fetch|merge|checkout|tag|digest|image|at)\W{0,3}$/i;

function judge(source: string, r: Run, out: Span[], mode: 'all' | 'strong', depth: number, joined = false): void {
  const run = r.text;
  const offsets = r.offsets;
  const at = (k: number): number => (k >= run.length ? r.end : offsets ? (offsets[k] as number) : r.start + k);
  const before = out.length;
  const span = (from: number, to: number, strong: boolean, rule: string) => {
    const s: Span = { start: at(from), end: at(to), strong, rule };
    if (offsets && !joined) s.decoded = run.slice(from, to);
    out.push(s);
  };
  // Words: maximal stretches of base64url characters.
  let w0 = 0;
  for (let i = 0; i <= run.length; i++) {
    const c = i < run.length ? run.charCodeAt(i) : 43;
    if (c !== 43 && c !== 47 && c !== 61) continue;
    if (i - w0 >= 20) {
      const word = run.slice(w0, i);
      const found: Array<[number, number, string]> = [];
      strongInWord(word, found);
      for (const [a, b, rule] of found) span(w0 + a, w0 + b, true, rule);
      if (found.length === 0 && base64HoldsKey(word, depth)) span(w0, i, true, 'base64-key');
      if (found.length === 0 && mode === 'all' && !OPENAI_ID.test(word)) {
        // Hex pieces between - and _ (an Azure key inside "key-<hex>"), then the whole word.
        let p0 = 0;
        let hex = false;
        for (let k = 0; k <= word.length; k++) {
          const d = k < word.length ? word.charCodeAt(k) : 45;
          if (d !== 45 && d !== 95) continue;
          if (isHexPiece(word, p0, k)) {
            hex = true;
            // A git object id (40 or 64 hex digits) named as one: "commit 1a2b…", "unable to read 1a2b…", "sha256:1a2b…".
            const len = k - p0;
            const start = at(w0 + p0);
            const gitId =
              (len === 40 || len === 64) &&
              p0 === 0 &&
              k === word.length &&
              GIT_ID_BEFORE.test(source.slice(Math.max(0, start - 24), start));
            if (!gitId) span(w0 + p0, w0 + k, false, 'hex');
          }
          p0 = k + 1;
        }
        // The word without separators at its ends (a loop: a regular expression anchored at the end is quadratic on "----…x").
        let lead = 0;
        let tail = word.length;
        while (lead < tail && (word.charCodeAt(lead) === 45 || word.charCodeAt(lead) === 95)) lead++;
        while (tail > lead && (word.charCodeAt(tail - 1) === 45 || word.charCodeAt(tail - 1) === 95)) tail--;
        if (!hex && randomLooking(word.slice(lead, tail))) span(w0 + lead, w0 + tail, false, 'random');
      }
    }
    w0 = i + 1;
  }
  // The whole run, when it is more than one word: standard base64 (with + / =).
  if (out.length === before && run.length >= 24 && /[+/=]/.test(run)) {
    let lead = 0;
    while (
      lead < run.length &&
      (run.charCodeAt(lead) === 47 || run.charCodeAt(lead) === 43 || run.charCodeAt(lead) === 61)
    )
      lead++;
    const body = run.slice(lead);
    if (base64HoldsKey(body, depth)) span(lead, run.length, true, 'base64-key');
    else if (mode === 'all' && !/\/[a-z][a-z0-9_.-]{1,11}\//.test(`/${body}/`) && randomLooking(body, 40))
      span(lead, run.length, false, 'random');
  }
}
