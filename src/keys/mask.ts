/**
 * The one masking rule. Everything that leaves keydoctor passes through {@link maskText} with the
 * set of secrets the collectors saw, plus a pattern net for key-shaped strings nobody registered.
 */
import { isPlaceholder } from './classify.js';
import { findablePatterns, KEY_ANCHORS } from '../providers/index.js';
import { MultiMatcher } from './matcher.js';

const VISIBLE: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u200b': '\\u200b', '\ufeff': '\\ufeff', '\u00a0': '\\u00a0' };

/** Shows control and invisible characters as escapes. */
export function visible(s: string): string {
  return s.replace(/[\n\r\t\u200b\ufeff\u00a0]/g, (c) => VISIBLE[c] ?? c).replace(/[\u0000-\u001f\u007f-\u009f\u2000-\u200f\u2028-\u202f\u2060-\u206f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
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

/** A value shown to the user: placeholders in full (they are not secrets), anything else masked. */
export function showValue(value: string): string {
  if (value.length > 0 && value.length <= 64 && isPlaceholder(value)) return visible(value);
  return maskSecret(value);
}

// Key-shaped strings that are masked even when no collector registered them (a safety net): OpenAI's
// formats, and every provider shape the provider table can find in running text.
// Every pattern is made of key characters ([A-Za-z0-9_-]) only, so each match lies inside one
// maximal run of them: maskNet applies the net run by run, in time linear in the text (applied to
// a whole text, a pattern with a quantifier in the middle cost O(n^2) on "sk-sk-sk-...", and a
// 10 MB run overflowed the regex engine's stack). OpenAI's `sk-…T3BlbkFJ…` (first 'sk-' to the end
// of a run holding the marker after it) is found with indexOf; the rest of the net runs on runs
// of at most MAX_RUN characters; a longer run is no key, and is masked whole if it holds an anchor.
const NET = new RegExp(
  [
    'sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}',
    'sk-[A-Za-z0-9]{32,}',
    ...findablePatterns(),
  ].join('|'),
  'g',
);
const MARK = 'T3BlbkFJ';
// Every pattern of the net starts with one of these, or holds JQQJ99 (Azure's 84-character keys).
const ANCHORS = [...new Set(['sk-', MARK, 'JQQJ99', ...KEY_ANCHORS.map((a) => a.text)])];
const MIN_RUN = 20;
const MAX_RUN = 1024;

function isKeyChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95;
}

function maskRun(run: string): string {
  if (!ANCHORS.some((a) => run.includes(a))) return run;
  if (run.length > MAX_RUN) return maskSecret(run);
  const mark = run.lastIndexOf(MARK);
  const sk = mark > 0 ? run.indexOf('sk-') : -1;
  if (sk >= 0 && sk < mark) return run.slice(0, sk).replace(NET, (m) => maskSecret(m)) + maskSecret(run.slice(sk));
  return run.replace(NET, (m) => maskSecret(m));
}

/** Every key-shaped string of `text` replaced by its mask (the net), in one linear pass. */
function maskNet(text: string): string {
  let out = '';
  let last = 0;
  const n = text.length;
  for (let i = 0; i < n; ) {
    if (!isKeyChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let e = i + 1;
    while (e < n && isKeyChar(text.charCodeAt(e))) e++;
    if (e - i >= MIN_RUN) {
      const run = text.slice(i, e);
      const masked = maskRun(run);
      if (masked !== run) {
        out += text.slice(last, i) + masked;
        last = e;
      }
    }
    i = e;
  }
  return last === 0 ? text : out + text.slice(last);
}

export class SecretSet {
  private readonly secrets = new Set<string>();
  private matcher: MultiMatcher | null = null;

  add(value: string | undefined): void {
    if (value === undefined) return;
    for (const v of new Set([value, value.trim()])) {
      // Very short values cannot be masked by substitution without wrecking the text; they are not keys.
      if (v.length < 8 || isPlaceholder(v)) continue;
      this.secrets.add(v);
      this.matcher = null;
    }
  }

  has(value: string): boolean {
    return this.secrets.has(value);
  }

  get size(): number {
    return this.secrets.size;
  }

  /**
   * Replaces every registered secret (the longest one at each place; overlapping ones as one
   * region) and every key-shaped string with its mask. One pass over the text whatever the
   * number of secrets (keys/matcher.ts).
   */
  maskText(text: string): string {
    if (this.matcher === null) {
      this.matcher = new MultiMatcher();
      for (const s of this.secrets) this.matcher.add(s);
    }
    return maskNet(this.matcher.replace(text, maskSecret));
  }

  /** Masks every string inside a JSON-like value (objects, arrays), returning a copy. */
  maskDeep<T>(value: T): T {
    return walk(value, (s) => this.maskText(s)) as T;
  }
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

/** Masks key-shaped strings in text when no secret set is at hand (crash paths, stray errors). */
export function maskLoose(text: string): string {
  return maskNet(text);
}
