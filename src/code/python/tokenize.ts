/**
 * A Python tokenizer that is exact where it matters for statement order: strings (all prefixes,
 * triple quotes, escapes), comments, bracket nesting, backslash continuations, indentation and `;`.
 * It yields logical statements with their indentation; it never throws (a broken file gives a flag).
 */

export type TokType = 'name' | 'number' | 'string' | 'op';

export interface Tok {
  type: TokType;
  /** Source text (for strings: the whole literal with prefix and quotes). */
  text: string;
  line: number;
}

export interface Stmt {
  /** Indentation width of the logical line this statement starts. */
  indent: number;
  line: number;
  toks: Tok[];
}

export interface Tokenized {
  stmts: Stmt[];
  /** Unterminated string or bracket: the statement structure may be off from there. */
  broken?: { line: number; reason: string };
}

const NAME_START = /[A-Za-z_\u00C0-\uFFFF]/;
const NAME_CHAR = /[A-Za-z0-9_\u00C0-\uFFFF]/;
const OPS3 = new Set(['**=', '//=', '>>=', '<<=', '...', '!=']);
const OPS2 = new Set([
  '==',
  '!=',
  '<=',
  '>=',
  '**',
  '//',
  '->',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '<<',
  '>>',
  ':=',
  '@=',
]);

export function tokenizePython(text: string): Tokenized {
  const stmts: Stmt[] = [];
  let broken: Tokenized['broken'];
  let i = 0;
  let line = 1;
  let depth = 0;
  let cur: Tok[] = [];
  let curIndent = 0;
  let curLine = 1;
  let atLineStart = true;
  const n = text.length;
  const flush = (): void => {
    if (cur.length) stmts.push({ indent: curIndent, line: curLine, toks: cur });
    cur = [];
  };
  while (i < n) {
    const ch = text[i] ?? '';
    if (atLineStart && depth === 0) {
      // measure indentation of a new logical line
      let w = 0;
      let j = i;
      while (j < n && (text[j] === ' ' || text[j] === '\t' || text[j] === '\f')) {
        w = text[j] === '\t' ? (Math.floor(w / 8) + 1) * 8 : w + 1;
        j++;
      }
      const c = text[j];
      if (c === '\n' || c === '\r' || c === '#' || j >= n) {
        // blank or comment-only line
        while (j < n && text[j] !== '\n') j++;
        if (j < n) {
          j++;
          line++;
        }
        i = j;
        continue;
      }
      curIndent = w;
      curLine = line;
      atLineStart = false;
      i = j;
      continue;
    }
    if (ch === '\n') {
      line++;
      i++;
      if (depth === 0) {
        flush();
        atLineStart = true;
      }
      continue;
    }
    if (ch === '\r' || ch === ' ' || ch === '\t' || ch === '\f') {
      i++;
      continue;
    }
    if (ch === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (ch === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\r' ? 3 : 2;
      line++;
      continue;
    }
    // strings, with optional prefix
    const pm = /^([rRbBuUfFtT]{0,2})(['"])/.exec(text.slice(i, i + 4));
    if (pm && (pm[1] === '' || !NAME_CHAR.test(text[i - 1] ?? ' ') || i === 0)) {
      const prefix = pm[1] ?? '';
      const q = pm[2] ?? '"';
      const start = i;
      const startLine = line;
      let j = i + prefix.length;
      const triple = text.startsWith(q.repeat(3), j);
      const raw = /r/i.test(prefix);
      const fstr = /[fFtT]/.test(prefix);
      j += triple ? 3 : 1;
      let closed = false;
      while (j < n) {
        const c = text[j];
        if (fstr && c === '{') {
          if (text[j + 1] === '{') {
            j += 2;
            continue;
          }
          // a replacement field: Python 3.12 lets it hold strings with the same quote
          const end = skipField(text, j, (nl) => (line += nl));
          if (end < 0) break;
          j = end;
          continue;
        }
        if (c === '\\' && j + 1 < n) {
          if (text[j + 1] === '\n') line++;
          j += 2;
          continue;
        }
        if (c === '\n') {
          if (!triple) break;
          line++;
        }
        if (triple ? text.startsWith(q.repeat(3), j) : c === q) {
          j += triple ? 3 : 1;
          closed = true;
          break;
        }
        j++;
      }
      void raw;
      if (!closed) broken ??= { line: startLine, reason: 'unterminated string' };
      cur.push({ type: 'string', text: text.slice(start, j), line: startLine });
      i = j;
      continue;
    }
    if (NAME_START.test(ch)) {
      let j = i + 1;
      while (j < n && NAME_CHAR.test(text[j] ?? '')) j++;
      cur.push({ type: 'name', text: text.slice(i, j), line });
      i = j;
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < n && /[0-9A-Za-z_.]/.test(text[j] ?? '')) j++;
      cur.push({ type: 'number', text: text.slice(i, j), line });
      i = j;
      continue;
    }
    const three = text.slice(i, i + 3);
    const two = text.slice(i, i + 2);
    let op = ch;
    if (OPS3.has(three)) op = three;
    else if (OPS2.has(two)) op = two;
    if (op === '(' || op === '[' || op === '{') depth++;
    else if (op === ')' || op === ']' || op === '}') depth = Math.max(0, depth - 1);
    if (op === ';' && depth === 0) {
      flush();
      curLine = line;
      i += 1;
      continue;
    }
    cur.push({ type: 'op', text: op, line });
    i += op.length;
  }
  if (depth > 0) broken ??= { line, reason: 'unclosed bracket' };
  flush();
  return { stmts, broken };
}

/**
 * Skips an f-string replacement field starting at `{`: nested brackets and nested string literals of any
 * quote. Returns the index after the closing `}` (-1 when the text ends first); reports newlines crossed.
 */
function skipField(text: string, start: number, newlines: (n: number) => void): number {
  let depth = 0;
  let j = start;
  while (j < text.length) {
    const c = text[j];
    if (c === '\n') newlines(1);
    if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') {
      depth--;
      if (depth === 0) return j + 1;
    } else if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), j);
      const q = triple ? c.repeat(3) : c;
      let k = j + q.length;
      while (k < text.length && !text.startsWith(q, k)) {
        if (text[k] === '\\') k++;
        else if (text[k] === '\n') {
          if (!triple) return -1;
          newlines(1);
        }
        k++;
      }
      if (k >= text.length) return -1;
      j = k + q.length;
      continue;
    }
    j++;
  }
  return -1;
}

/** The value of a string literal token (undefined for f-strings with substitutions and bytes). */
export function stringValue(tok: Tok): string | undefined {
  const m = /^([rRbBuUfFtT]{0,2})('''|"""|'|")([\s\S]*)$/.exec(tok.text);
  if (!m) return undefined;
  const prefix = (m[1] ?? '').toLowerCase();
  const q = m[2] ?? '"';
  let body = m[3] ?? '';
  if (body.endsWith(q)) body = body.slice(0, body.length - q.length);
  if (prefix.includes('b')) return undefined;
  if ((prefix.includes('f') || prefix.includes('t')) && /\{[^{]/.test(body.replace(/\{\{/g, ''))) return undefined;
  if (prefix.includes('r')) return body;
  return body.replace(
    /\\(\r?\n|[\\'"abfnrtv]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3})/g,
    (_, e: string) => {
      switch (e[0]) {
        case '\n':
        case '\r':
          return '';
        case '\\':
          return '\\';
        case "'":
          return "'";
        case '"':
          return '"';
        case 'a':
          return '\x07';
        case 'b':
          return '\b';
        case 'f':
          return '\f';
        case 'n':
          return '\n';
        case 'r':
          return '\r';
        case 't':
          return '\t';
        case 'v':
          return '\v';
        case 'x':
        case 'u':
        case 'U':
          return String.fromCodePoint(parseInt(e.slice(1), 16));
        default:
          return String.fromCharCode(parseInt(e, 8));
      }
    },
  );
}
