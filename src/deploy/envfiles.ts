/**
 * The env-file dialects of the container tools (they are not dotenv):
 * - `docker run --env-file`: every value as-is, quotes and spaces included (docker/cli kvfile);
 * - compose `.env` / `env_file:`: quotes removed, ` #` comments, `${VAR}` interpolation;
 * and compose interpolation itself (`${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?e}`, `${VAR:+r}`, `$$`).
 */
import type { ComposeEnvReject, InterpRef } from './types.js';
import { pushAll } from '../core/arrays.js';

export interface KvEntry {
  name: string;
  /** undefined: the name alone (`KEY`), which takes the value from the host environment. */
  value?: string;
  raw: string;
  line: number;
}

/** docker/cli pkg/kvfile: lines starting with `#` are comments; `KEY=value` keeps value as-is. */
export function parseDockerEnvFile(text: string): KvEntry[] {
  const out: KvEntry[] = [];
  const lines = text.split('\n');
  lines.forEach((l0, i) => {
    const l = l0.replace(/\r$/, '').replace(/^\s+/, '');
    if (!l || l.startsWith('#')) return;
    const eq = l.indexOf('=');
    if (eq < 0) {
      out.push({ name: l, raw: l, line: i + 1 });
      return;
    }
    const name = l.slice(0, eq);
    if (/\s/.test(name)) return; // docker refuses the file ("variable contains whitespaces")
    out.push({ name, value: l.slice(eq + 1), raw: l.slice(eq + 1), line: i + 1 });
  });
  return out;
}

export type Lookup = (name: string) => { value: string; source: 'shell' | 'dotenv'; line?: number } | undefined;

/** Compose interpolation of one string. */
export function interpolate(text: string, lookup: Lookup): { value: string; refs: InterpRef[]; error?: string } {
  const refs: InterpRef[] = [];
  let error: string | undefined;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      // find the matching brace
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}') {
          depth--;
          if (depth === 0) break;
        }
      }
      if (j >= text.length) {
        out += text.slice(i);
        break;
      }
      const body = text.slice(i + 2, j);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(body);
      if (!m) {
        out += text.slice(i, j + 1);
        i = j + 1;
        continue;
      }
      const name = m[1] as string;
      const op = (m[2] ?? '') as InterpRef['op'];
      const argRaw = m[3];
      const found = lookup(name);
      const set = found !== undefined;
      const nonEmpty = set && found.value !== '';
      const sub = argRaw !== undefined ? interpolate(argRaw, lookup) : undefined;
      if (sub) pushAll(refs, sub.refs);
      const ref: InterpRef = {
        name,
        op,
        arg: argRaw,
        source: set ? found.source : 'unset',
        value: found?.value,
        dotenvLine: found?.source === 'dotenv' ? found.line : undefined,
      };
      let v = '';
      switch (op) {
        case '':
          v = found?.value ?? '';
          break;
        case ':-':
          if (nonEmpty) v = found.value;
          else {
            v = sub?.value ?? '';
            ref.source = 'default';
            ref.value = v;
          }
          break;
        case '-':
          if (set) v = found.value;
          else {
            v = sub?.value ?? '';
            ref.source = 'default';
            ref.value = v;
          }
          break;
        case ':?':
          if (nonEmpty) v = found.value;
          else {
            ref.source = 'error';
            error ??= sub?.value || `${name} is required`;
          }
          break;
        case '?':
          if (set) v = found.value;
          else {
            ref.source = 'error';
            error ??= sub?.value || `${name} is required`;
          }
          break;
        case ':+':
          v = nonEmpty ? (sub?.value ?? '') : '';
          break;
        case '+':
          v = set ? (sub?.value ?? '') : '';
          break;
      }
      refs.push(ref);
      out += v;
      i = j + 1;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
    if (m) {
      const found = lookup(m[0]);
      refs.push({
        name: m[0],
        op: '',
        source: found ? found.source : 'unset',
        value: found?.value,
        dotenvLine: found?.source === 'dotenv' ? found.line : undefined,
      });
      out += found?.value ?? '';
      i += 1 + m[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return { value: out, refs, error };
}

export interface ComposeEnvLine {
  name: string;
  /** undefined: the name alone. */
  value?: string;
  raw: string;
  line: number;
  refs: InterpRef[];
}

/**
 * compose-go's dotenv reader (used for the project `.env` and for `env_file:`): `export ` allowed,
 * `=` or `:` separator, single quotes literal, double quotes with escapes and interpolation,
 * unquoted values trimmed with ` #` comments cut; earlier lines feed later interpolation.
 */
export function parseComposeEnvFile(
  text: string,
  outer: Lookup,
  opts: { raw?: boolean; onReject?: (r: ComposeEnvReject) => void } = {},
): ComposeEnvLine[] {
  const out: ComposeEnvLine[] = [];
  const local = new Map<string, string>();
  const lookup: Lookup = (n) => {
    const o = outer(n);
    if (o) return o;
    const l = local.get(n);
    return l !== undefined ? { value: l, source: 'dotenv' } : undefined;
  };
  const lines = text.split('\n');
  let rejected = false;
  for (let i = 0; i < lines.length; i++) {
    let l = (lines[i] as string).replace(/\r$/, '').trim();
    if (!l || l.startsWith('#')) continue;
    if (opts.raw) {
      const eq = l.indexOf('=');
      if (eq > 0)
        out.push({ name: l.slice(0, eq).trim(), value: l.slice(eq + 1), raw: l.slice(eq + 1), line: i + 1, refs: [] });
      continue;
    }
    l = l.replace(/^export\s+/, '');
    // compose-go reads a name up to `=`, `:` or the end of the line, skipping blanks, and fails on a name
    // with a blank inside (a line of prose: `Example configuration for Letta`): the whole file is refused
    const head = /^[^=:]*/.exec(l)?.[0]?.trim() ?? '';
    if (!rejected && /\s/.test(head) && !/["']/.test(head)) {
      rejected = true; // compose stops at the first
      opts.onReject?.({ line: i + 1, reason: 'key cannot contain a space' });
    }
    const m = /^([A-Za-z_][A-Za-z0-9_.-]*)\s*(?:([=:])\s*([\s\S]*))?$/.exec(l);
    if (!m) continue;
    const name = m[1] as string;
    if (m[2] === undefined) {
      const o = outer(name);
      out.push({ name, value: o?.value, raw: '', line: i + 1, refs: [] });
      continue;
    }
    let rest = m[3] ?? '';
    const line = i + 1;
    let value: string;
    let refs: InterpRef[] = [];
    const q = rest[0];
    if (q === "'" || q === '"') {
      // may span lines
      let body = rest.slice(1);
      let end = findClose(body, q);
      while (end < 0 && i + 1 < lines.length) {
        i++;
        body += '\n' + (lines[i] as string).replace(/\r$/, '');
        end = findClose(body, q);
      }
      const inner = end < 0 ? body : body.slice(0, end);
      if (q === "'") value = inner;
      else {
        const unesc = inner.replace(/\\([\\"nrt$])/g, (_, ch: string) =>
          ch === 'n' ? '\n' : ch === 'r' ? '\r' : ch === 't' ? '\t' : ch === '$' ? '$$' : ch,
        );
        const r = interpolate(unesc, lookup);
        value = r.value;
        refs = r.refs;
      }
      rest = q + body;
    } else {
      const cut = rest.search(/\s#/);
      if (cut >= 0) rest = rest.slice(0, cut);
      rest = rest.trim();
      const r = interpolate(rest, lookup);
      value = r.value;
      refs = r.refs;
    }
    local.set(name, value);
    out.push({ name, value, raw: rest, line, refs });
  }
  return out;
}

function findClose(s: string, q: string): number {
  for (let i = 0; i < s.length; i++) {
    if (q === '"' && s[i] === '\\') {
      i++;
      continue;
    }
    if (s[i] === q) return i;
  }
  return -1;
}
