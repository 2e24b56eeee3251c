/**
 * TOML store files (Streamlit secrets.toml, dynaconf settings.toml / .secrets.toml): values from
 * smol-toml, a real TOML parser; each value's line from a line locator that only reads table headers
 * and `key =` lines (it never decides a value). Broken TOML is a note, never a crash.
 */
import type { Note } from '../../core/types.js';
import { lazyToml } from '../../core/lazy.js';
import type { StoreEntry } from './types.js';

const KEY = String.raw`(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')`;
const KEY_LINE = new RegExp(String.raw`^(${KEY}(?:\s*\.\s*${KEY})*)\s*=\s*(.*)$`);
const TABLE = new RegExp(String.raw`^\[\s*(${KEY}(?:\s*\.\s*${KEY})*)\s*\]\s*(?:#.*)?$`);
const ARRAY_TABLE = new RegExp(String.raw`^\[\[\s*(${KEY}(?:\s*\.\s*${KEY})*)\s*\]\]\s*(?:#.*)?$`);

/** `a."b.c".d` → ['a', 'b.c', 'd']. */
export function keyParts(s: string): string[] {
  const out: string[] = [];
  const re = new RegExp(KEY, 'g');
  for (const m of s.matchAll(re)) {
    const k = m[0];
    if (k.startsWith('"')) {
      try {
        out.push(JSON.parse(k) as string);
      } catch {
        out.push(k.slice(1, -1));
      }
    } else if (k.startsWith("'")) out.push(k.slice(1, -1));
    else out.push(k);
  }
  return out;
}

/** Key path (joined by NUL) → the line it is set on and the value's text as written. */
export function tomlLines(text: string): Map<string, { line: number; raw: string }> {
  const out = new Map<string, { line: number; raw: string }>();
  let table: string[] = [];
  let inArray = false;
  let open: string | undefined; // inside a multi-line string
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (open) {
      if (l.includes(open)) open = undefined;
      continue;
    }
    const s = l.trim();
    if (s === '' || s.startsWith('#')) continue;
    let m = ARRAY_TABLE.exec(s);
    if (m) {
      table = keyParts(m[1] ?? '');
      inArray = true;
      continue;
    }
    m = TABLE.exec(s);
    if (m) {
      table = keyParts(m[1] ?? '');
      inArray = false;
      continue;
    }
    m = KEY_LINE.exec(s);
    if (!m) continue;
    const raw = (m[2] ?? '').trim();
    for (const q of ['"""', "'''"]) if (raw.startsWith(q) && raw.indexOf(q, 3) < 0) open = q;
    if (inArray) continue;
    const key = [...table, ...keyParts(m[1] ?? '')].join('\u0000');
    if (!out.has(key)) out.set(key, { line: i + 1, raw });
  }
  return out;
}

/** The line of a key path: its own `key =` line, else the line of the nearest enclosing key (an inline table). */
export function lineOf(
  lines: Map<string, { line: number; raw: string }>,
  path: string[],
): { line: number; raw?: string } | undefined {
  for (let n = path.length; n > 0; n--) {
    const hit = lines.get(path.slice(0, n).join('\u0000'));
    if (hit) return n === path.length ? hit : { line: hit.line };
  }
  return undefined;
}

/** Scalar leaves of a parsed document, with their key paths (arrays are not followed). */
export function leaves(
  obj: unknown,
  path: string[] = [],
  out: Array<{ path: string[]; value: string; type: string }> = [],
): Array<{ path: string[]; value: string; type: string }> {
  if (obj === null || obj === undefined) return out;
  if (typeof obj === 'string' || typeof obj === 'number' || typeof obj === 'boolean' || typeof obj === 'bigint') {
    out.push({ path, value: String(obj), type: typeof obj });
    return out;
  }
  if (obj instanceof Date) {
    out.push({ path, value: obj.toISOString(), type: 'date' });
    return out;
  }
  if (Array.isArray(obj)) return out;
  if (typeof obj === 'object')
    for (const [k, v] of Object.entries(obj as Record<string, unknown>)) leaves(v, [...path, k], out);
  return out;
}

/**
 * A TOML store file as entries of `kind` (value = the string as TOML gives it), or undefined with a
 * note when it does not parse.
 */
export function readToml(
  text: string,
  shown: string,
  kind: string,
  notes: Note[],
  what: string,
): StoreEntry[] | undefined {
  let doc: unknown;
  try {
    doc = lazyToml().parse(text);
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0]?.slice(0, 160) ?? 'syntax error';
    const line = (e as { line?: number }).line;
    notes.push({
      kind: 'parse-error',
      path: shown,
      ...(typeof line === 'number' ? { line } : {}),
      message: `cannot parse ${what} as TOML (${msg}): its values are not read`,
    });
    return undefined;
  }
  const lines = tomlLines(text);
  const out: StoreEntry[] = [];
  for (const leaf of leaves(doc)) {
    const at = lineOf(lines, leaf.path);
    const e: StoreEntry = {
      name: leaf.path.join('.'),
      path: leaf.path,
      value: leaf.value,
      kind,
      location: { path: shown, ...(at ? { line: at.line } : {}) },
    };
    if (at?.raw !== undefined) e.raw = at.raw;
    if (leaf.type !== 'string') e.detail = leaf.type;
    out.push(e);
  }
  return out;
}
