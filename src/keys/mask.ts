/**
 * The one masking rule. Everything that leaves keydoctor passes through a {@link SecretSet}: the
 * values the collectors know to be credentials (by their variable's name or their shape), found in
 * one pass by the multi-pattern matcher of keys/matcher.ts, plus the pattern net of keys/shapes.ts for credentials nobody
 * registered (by position: userinfo, query, headers, assignments; by shape: provider formats, hex,
 * random runs, base64 and escaped forms).
 *
 * Masking damages nothing else: a value registered only because of its variable's name
 * (`DATABASE_PASSWORD=my_platform`) is masked as a whole word, never inside a path or an id the
 * report names (`my_platform/main.py`), and path and id fields get only the strong filters.
 */
import { classifyCredential, isCredentialName, isPlaceholder } from './classify.js';
import { CHUNK, MultiMatcher } from './matcher.js';
import { collect, holdsCredential, randomLooking, type Span } from './shapes.js';

const VISIBLE: Record<string, string> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\u200b': '\\u200b',
  '\ufeff': '\\ufeff',
  '\u00a0': '\\u00a0',
};

/** Shows control and invisible characters as escapes. */
export function visible(s: string): string {
  return s
    .replace(/[\n\r\t\u200b\ufeff\u00a0]/g, (c) => VISIBLE[c] ?? c)
    .replace(
      /[\u0000-\u001f\u007f-\u009f\u2000-\u200f\u2028-\u202f\u2060-\u206f]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
}

/**
 * The masked form of a secret: the first 8 and last 4 characters for real-length keys (the same
 * characters OpenAI's own error message shows, so the two can be compared), less for short values.
 */
export function maskSecret(secret: string): string {
  const n = secret.length;
  if (n >= 24) return `${visible(secret.slice(0, 8))}…${visible(secret.slice(-4))}`;
  if (n >= 12) return `${visible(secret.slice(0, 3))}…${visible(secret.slice(-2))}`;
  if (n >= 4) return `${visible(secret.slice(0, 1))}…`;
  return '…';
}

/** Whether a value is, or holds, something credential-shaped (any provider format, hex, random, encoded). */
export function looksLikeCredential(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return false;
  if (classifyCredential(v).provider !== undefined) return true;
  return holdsCredential(v) || randomLooking(v, 24);
}

/** A value shown to the user: placeholders in full (they are not secrets), anything else masked. */
export function showValue(value: string): string {
  if (value.length > 0 && value.length <= 64 && isPlaceholder(value) && !holdsCredential(value)) return visible(value);
  return maskSecret(value);
}

/**
 * A variable's value shown to the user: a credential (by the variable's name or the value's shape)
 * as {@link showValue} shows it; any other value (a base URL, a project id, an API version) as it is,
 * left to the report's masking for the parts of it that are secret (a URL's password).
 */
export function showVariable(name: string, value: string): string {
  if (isCredentialName(name) || looksLikeCredential(value)) return showValue(value);
  return visible(value);
}

// Values a credential-named variable may hold that are not secrets: a path, a URL without a password,
// a number, a boolean, a reference to another variable.
function notSecret(v: string): boolean {
  if (/^(?:[/~.]|[A-Za-z]:\\)/.test(v) && !/\s/.test(v) && /[/\\]/.test(v)) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\/[^\s@/]+(?:[/?#][^\s@]*)?$/i.test(v)) return true; // a URL with no userinfo (its query is masked by position)
  if (/^(?:\d+|true|false|yes|no|on|off)$/i.test(v)) return true;
  if (/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(v)) return true;
  return false;
}

// Word characters: a value registered by name only is masked as a whole word, not inside a longer one.
const isWord = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

interface Registered {
  value: string;
  strong: boolean;
}

export interface MaskOptions {
  /** A path or id field: only the strong filters (known key shapes and strong registered values). */
  path?: boolean;
  /**
   * Paths and ids the text may quote: weak matches inside one of them (when it is longer) are kept.
   * A function is called only when a weak match is found.
   */
  protect?: MultiMatcher | (() => MultiMatcher);
}

export class SecretSet {
  private readonly byValue = new Map<string, Registered>();
  private matcher: MultiMatcher | null = null;

  /**
   * Registers a value to mask wherever it appears. `strong` (a value known to be a key) is masked
   * everywhere; otherwise the value's shape decides, and a value that is a credential only by its
   * variable's name is masked as a whole word outside paths and ids.
   */
  add(value: string | undefined, strong?: boolean): void {
    if (value === undefined) return;
    // A URL holding a password: the password is the secret, not the whole URL.
    const url = strong ? null : /^[a-z][a-z0-9+.-]*:\/\/[^\s/@:]*:([^\s/@]+)@/i.exec(value.trim());
    if (url) {
      const pass = url[1] as string;
      if (/^[$%<{]/.test(pass)) return;
      let plain = pass;
      try {
        plain = decodeURIComponent(pass);
      } catch {
        // kept as written
      }
      // Strong (masked inside paths and ids too) only when key-shaped: a password that is a word
      // (`mysql://app:my_platform@db`) is masked as a name-only credential is, or a folder named
      // like it (`my_platform/main.py`) would be cut up in every path of the report.
      for (const p of new Set([pass, plain])) if (p.length >= 8) this.put(p, looksLikeCredential(p));
      return;
    }
    for (const v of new Set([value, value.trim()])) {
      // Very short values cannot be masked by substitution without wrecking the text; they are not keys.
      if (v.length < 8) continue;
      const shaped = strong === true || looksLikeCredential(v);
      if (!shaped && (isPlaceholder(v) || notSecret(v))) continue;
      this.put(v, shaped);
    }
  }

  private put(v: string, strong: boolean): void {
    const have = this.byValue.get(v);
    if (have) {
      have.strong ||= strong;
      return;
    }
    this.byValue.set(v, { value: v, strong });
    this.matcher = null;
  }

  has(value: string): boolean {
    return this.byValue.has(value);
  }

  get size(): number {
    return this.byValue.size;
  }

  /** Every registered value (for composing sets). */
  values(): Array<{ value: string; strong: boolean }> {
    return [...this.byValue.values()].map((r) => ({ ...r }));
  }

  private build(): MultiMatcher {
    if (this.matcher === null) {
      this.matcher = new MultiMatcher();
      for (const v of this.byValue.keys()) this.matcher.add(v);
    }
    return this.matcher;
  }

  /** The spans of a text to mask. */
  spans(text: string, opts: MaskOptions = {}): Span[] {
    const out: Span[] = [];
    if (text.length === 0) return out;
    const m = this.build();
    if (m.size > 0) {
      // Every place a registered value starts (overlaps included: two secrets that overlap are masked as one region).
      for (let i = 0; i + CHUNK <= text.length; i++) {
        const len = m.matchAt(text, i);
        if (len === 0) continue;
        const start = i;
        const end = i + len;
        const r = this.byValue.get(text.slice(start, end));
        if (!r) continue;
        if (!r.strong && opts.path) continue;
        if (r.value.length < 16) {
          // A short value is masked as a whole word only: not glued to letters or digits on either side.
          if (isWord(r.value.charCodeAt(0)) && start > 0 && isWord(text.charCodeAt(start - 1))) continue;
          if (isWord(r.value.charCodeAt(r.value.length - 1)) && end < text.length && isWord(text.charCodeAt(end)))
            continue;
        }
        out.push({ start, end, strong: r.strong, rule: 'registered' });
      }
    }
    collect(text, out, opts.path ? 'strong' : 'all');
    if (opts.protect && out.some((s) => !s.strong))
      return unprotected(text, out, typeof opts.protect === 'function' ? opts.protect() : opts.protect);
    return out;
  }

  /** Replaces every secret and every credential-shaped string in a text with its mask. */
  maskText(text: string, opts: MaskOptions = {}): string {
    return applySpans(text, this.spans(text, opts));
  }

  /** Masks every string inside a JSON-like value (objects, arrays), returning a copy. */
  maskDeep<T>(value: T): T {
    return walk(value, (s) => this.maskText(s)) as T;
  }
}

/**
 * Drops the weak spans that lie inside a protected string (a path or id named by the report): inside
 * a longer one for a registered value (`my_platform` in `my_platform/main.py`), inside or equal to
 * one for a shape (the 40 hex digits of a commit the report names as a commit).
 */
function unprotected(text: string, spans: Span[], protect: MultiMatcher): Span[] {
  const guards: Array<[number, number]> = [];
  for (let i = 0; i + CHUNK <= text.length; i++) {
    const len = protect.matchAt(text, i);
    if (len > 0) guards.push([i, i + len]);
  }
  if (guards.length === 0) return spans;
  guards.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  return spans.filter((s) => {
    if (s.strong) return true;
    for (const [gs, ge] of guards) {
      if (gs > s.start) break;
      if (ge >= s.end && (ge - gs > s.end - s.start || s.rule !== 'registered')) return false;
    }
    return true;
  });
}

/** Replaces the spans (overlapping ones merged, so no part of either survives) with masks. */
export function applySpans(text: string, spans: Span[]): string {
  if (spans.length === 0) return text;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  let i = 0;
  while (i < spans.length) {
    const first = spans[i] as Span;
    let end = first.end;
    let j = i + 1;
    while (j < spans.length && (spans[j] as Span).start < end) {
      end = Math.max(end, (spans[j] as Span).end);
      j++;
    }
    const shown = j === i + 1 && first.decoded !== undefined ? first.decoded : text.slice(first.start, end);
    out += text.slice(at, first.start) + maskSecret(shown);
    at = end;
    i = j;
  }
  return out + text.slice(at);
}

function walk(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, f));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[f(k)] = walk(v, f);
    return out;
  }
  return value;
}

const EMPTY = new SecretSet();

/** Masks credential-shaped strings in text when no secret set is at hand (crash paths, stray errors). */
export function maskLoose(text: string): string {
  return EMPTY.maskText(text);
}
