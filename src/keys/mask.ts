/**
 * The one masking rule. Everything that leaves keydoctor passes through {@link maskText} with the
 * set of secrets the collectors saw, plus a pattern net for key-shaped strings nobody registered.
 */
import { isPlaceholder } from './classify.js';
import { findablePatterns } from '../providers/index.js';

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
const NET = new RegExp(
  [
    'sk-[A-Za-z0-9_-]*T3BlbkFJ[A-Za-z0-9_-]*',
    'sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}',
    'sk-[A-Za-z0-9]{32,}',
    ...findablePatterns(),
  ].join('|'),
  'g',
);

export class SecretSet {
  private readonly secrets = new Set<string>();
  private sorted: string[] | null = null;

  add(value: string | undefined): void {
    if (value === undefined) return;
    for (const v of new Set([value, value.trim()])) {
      // Very short values cannot be masked by substitution without wrecking the text; they are not keys.
      if (v.length < 8 || isPlaceholder(v)) continue;
      this.secrets.add(v);
      this.sorted = null;
    }
  }

  has(value: string): boolean {
    return this.secrets.has(value);
  }

  get size(): number {
    return this.secrets.size;
  }

  /** Replaces every registered secret (longest first) and every key-shaped string with its mask. */
  maskText(text: string): string {
    if (this.sorted === null) this.sorted = [...this.secrets].sort((a, b) => b.length - a.length);
    let out = text;
    for (const s of this.sorted) if (out.includes(s)) out = out.split(s).join(maskSecret(s));
    return out.replace(NET, (m) => maskSecret(m));
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
  return text.replace(NET, (m) => maskSecret(m));
}
