/**
 * A small word lexer for shell start-up files (POSIX sh / bash / zsh, and fish), enough to read
 * assignments faithfully: quotes, `$'...'`, backslash escapes, line continuations, comments, command
 * separators, here-documents (skipped), and `$VAR` / `${VAR}` / `~` expansion from variables known
 * so far. Command substitution (`$(...)`, backticks, fish `(...)`) and unknown variables make a word
 * dynamic: its text then keeps those parts as written.
 */

export type LexDialect = 'sh' | 'fish';

export interface Word {
  /** The word after quote removal and the expansions keydoctor can do. */
  text: string;
  /** The word as written. */
  raw: string;
  /** Offset of the word in the source. */
  start: number;
  /** Uses a command substitution or a variable keydoctor does not know. */
  dynamic: boolean;
  /** For `NAME=value` words (sh): offset in `text` and in `raw` just after the unquoted `=`. */
  eqText?: number;
  eqRaw?: number;
  /** The value part after `=` is dynamic (the name part never is). */
  valueDynamic?: boolean;
  /** A quote, backtick or parenthesis opened in this word is never closed: the shell rejects the command. */
  unterminated?: boolean;
}

export interface Command {
  words: Word[];
  /** Offset of the first word. */
  start: number;
  /** What ended the command: `;`, `&&`, `||`, `|`, `&`, `(`, `)`, a newline, or nothing at the end of the input. */
  sep?: string;
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface LexOptions {
  dialect: LexDialect;
  /** Variables known at this point (HOME, earlier assignments). Read at lex time. */
  lookup: (name: string) => string | undefined;
}

const ANSI: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

/** Lexes commands one at a time, so the caller can update known variables between commands. */
export class Lexer {
  private i = 0;
  private pendingHeredocs: Array<{ delim: string; strip: boolean }> = [];

  private readonly crIsBlank: boolean;
  /** Set when a quote or substitution runs to the end of the input. */
  private broken = false;

  constructor(
    private readonly s: string,
    private readonly opts: LexOptions,
  ) {
    this.crIsBlank = opts.dialect === 'fish';
  }

  /** The next command (possibly empty words for blank lines are skipped); undefined at the end. */
  next(): Command | undefined {
    const s = this.s;
    while (this.i < s.length) {
      const words: Word[] = [];
      let start = -1;
      let sep: string | undefined;
      for (;;) {
        this.skipBlanks();
        if (this.i >= s.length) break;
        const c = s[this.i] ?? '';
        if (c === '#') {
          while (this.i < s.length && s[this.i] !== '\n') this.i++;
          continue;
        }
        if (c === '\n') {
          this.i++;
          this.skipHeredocBodies();
          sep = '\n';
          break;
        }
        if (c === ';' || c === '&' || c === '|' || (c === '(' && this.opts.dialect === 'sh') || c === ')') {
          const at = this.i;
          this.i++;
          while (s[this.i] === c) this.i++;
          sep = s.slice(at, this.i);
          break;
        }
        if (start < 0) start = this.i;
        const w = this.word();
        if (w) words.push(w);
      }
      if (words.length > 0) return sep === undefined ? { words, start } : { words, start, sep };
    }
    return undefined;
  }

  private skipBlanks(): void {
    const s = this.s;
    for (;;) {
      const c = s[this.i];
      // bash and zsh read a CR as an ordinary character (a CRLF file puts \r at the end of values); fish skips it
      if (c === ' ' || c === '\t' || (c === '\r' && this.crIsBlank)) this.i++;
      else if (
        c === '\\' &&
        (s[this.i + 1] === '\n' || (this.crIsBlank && s[this.i + 1] === '\r' && s[this.i + 2] === '\n'))
      )
        this.i += s[this.i + 1] === '\r' ? 3 : 2;
      else return;
    }
  }

  private skipHeredocBodies(): void {
    const s = this.s;
    while (this.pendingHeredocs.length > 0) {
      const h = this.pendingHeredocs.shift();
      if (!h) break;
      while (this.i < s.length) {
        const nl = s.indexOf('\n', this.i);
        const end = nl < 0 ? s.length : nl;
        let line = s.slice(this.i, end);
        if (this.crIsBlank) line = line.replace(/\r$/, '');
        if (h.strip) line = line.replace(/^\t+/, '');
        this.i = nl < 0 ? s.length : nl + 1;
        if (line === h.delim) break;
      }
    }
  }

  /** Reads one word starting at this.i. */
  private word(): Word | undefined {
    const s = this.s;
    const fish = this.opts.dialect === 'fish';
    const start = this.i;
    this.broken = false;
    let text = '';
    let dynamic = false;
    let eqText: number | undefined;
    let eqRaw: number | undefined;
    let dynBeforeEq = false;
    let quotedBeforeEq = false;
    const atWordStart = (): boolean => this.i === start;
    // here-document operator
    if (!fish && s.startsWith('<<', this.i) && s[this.i + 2] !== '<') {
      const m = /^<<(-?)[ \t]*(['"]?)([A-Za-z0-9_.-]+)\2/.exec(s.slice(this.i, this.i + 200));
      if (m?.[3]) {
        this.pendingHeredocs.push({ delim: m[3], strip: m[1] === '-' });
        this.i += m[0].length;
        return { text: m[0], raw: m[0], start, dynamic: false };
      }
    }
    while (this.i < s.length) {
      const c = s[this.i] ?? '';
      if (
        c === ' ' ||
        c === '\t' ||
        c === '\n' ||
        c === ';' ||
        c === '&' ||
        c === '|' ||
        c === ')' ||
        (c === '\r' && this.crIsBlank && (s[this.i + 1] === '\n' || this.i + 1 >= s.length))
      )
        break;
      if (c === '(' && !fish) {
        // `(` inside a word (zsh glob qualifiers, arrays `X=(a b)`): read to the matching paren
        const end = this.matchParen(this.i);
        text += s.slice(this.i, end);
        this.i = end;
        dynamic = true;
        continue;
      }
      if (c === '\r' && this.crIsBlank) {
        this.i++;
        continue;
      }
      if (c === '\\') {
        const n = s[this.i + 1];
        if (n === '\n') {
          this.i += 2;
          continue;
        }
        if (n === '\r' && this.crIsBlank && s[this.i + 2] === '\n') {
          this.i += 3;
          continue;
        }
        if (n === undefined) {
          this.i++;
          continue;
        }
        if (fish && /[ntrabefv]/.test(n)) {
          text += ANSI[n] ?? n;
          this.i += 2;
        } else if (fish) {
          text += this.fishEscape();
        } else {
          text += n;
          this.i += 2;
        }
        continue;
      }
      if (c === "'") {
        const end = fish ? this.findFishSingle(this.i + 1) : s.indexOf("'", this.i + 1);
        if (end < 0) this.broken = true;
        const stop = end < 0 ? s.length : end;
        let body = s.slice(this.i + 1, stop);
        if (fish) body = body.replace(/\\([\\'])/g, '$1');
        text += body;
        this.i = stop + 1;
        if (eqText === undefined) quotedBeforeEq = true;
        continue;
      }
      if (c === '$' && s[this.i + 1] === "'" && !fish) {
        const r = this.ansiC(this.i + 2);
        text += r.text;
        this.i = r.end;
        if (eqText === undefined) quotedBeforeEq = true;
        continue;
      }
      if (c === '"') {
        const r = this.doubleQuoted(this.i + 1);
        text += r.text;
        if (r.dynamic) dynamic = true;
        this.i = r.end;
        if (eqText === undefined) quotedBeforeEq = true;
        continue;
      }
      if (c === '$') {
        const r = this.dollar(this.i, false);
        text += r.text;
        if (r.dynamic) {
          dynamic = true;
          if (eqText === undefined) dynBeforeEq = true;
        }
        this.i = r.end;
        continue;
      }
      if (c === '`' && !fish) {
        const end = this.findBacktick(this.i + 1);
        text += s.slice(this.i, end);
        this.i = end;
        dynamic = true;
        continue;
      }
      if (c === '(' && fish) {
        const end = this.matchParen(this.i);
        text += s.slice(this.i, end);
        this.i = end;
        dynamic = true;
        continue;
      }
      // sh expands `~` at a word's start and after `=` or `:` in an assignment; fish only at a word's start.
      if (
        c === '~' &&
        (atWordStart() || (!fish && eqText !== undefined && (text.length === eqText || text.endsWith(':'))))
      ) {
        const m = /^~(?=\/|$|[\s:;])/.exec(s.slice(this.i, this.i + 2));
        const home = this.opts.lookup('HOME');
        if (m && home !== undefined) {
          text += home;
          this.i++;
          continue;
        }
      }
      if (c === '=' && eqText === undefined && !quotedBeforeEq && !dynBeforeEq && NAME_RE.test(text)) {
        text += '=';
        this.i++;
        eqText = text.length;
        eqRaw = this.i - start;
        continue;
      }
      text += c;
      this.i++;
    }
    const w: Word = { text, raw: s.slice(start, this.i), start, dynamic };
    if (this.broken) w.unterminated = true;
    if (eqText !== undefined && eqRaw !== undefined) {
      w.eqText = eqText;
      w.eqRaw = eqRaw;
      w.valueDynamic = dynamic;
    }
    return w;
  }

  private fishEscape(): string {
    const s = this.s;
    const n = s[this.i + 1] ?? '';
    const hex = /^x([0-9a-fA-F]{1,2})/.exec(s.slice(this.i + 1, this.i + 4));
    if (hex?.[1]) {
      this.i += 1 + hex[0].length;
      return String.fromCharCode(parseInt(hex[1], 16));
    }
    const uni = /^[uU]([0-9a-fA-F]{1,8})/.exec(s.slice(this.i + 1, this.i + 11));
    if (uni?.[1]) {
      this.i += 1 + uni[0].length;
      const cp = parseInt(uni[1], 16);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
    }
    this.i += 2;
    return n;
  }

  private findFishSingle(from: number): number {
    const s = this.s;
    for (let j = from; j < s.length; j++) {
      if (s[j] === '\\' && (s[j + 1] === "'" || s[j + 1] === '\\')) {
        j++;
        continue;
      }
      if (s[j] === "'") return j;
    }
    return -1;
  }

  private findBacktick(from: number): number {
    const s = this.s;
    for (let j = from; j < s.length; j++) {
      if (s[j] === '\\') {
        j++;
        continue;
      }
      if (s[j] === '`') return j + 1;
    }
    this.broken = true;
    return s.length;
  }

  /** Offset just after the `)` matching the `(` at `open` (quotes respected). */
  private matchParen(open: number): number {
    const s = this.s;
    let depth = 0;
    for (let j = open; j < s.length; j++) {
      const c = s[j];
      if (c === '\\') {
        j++;
        continue;
      }
      if (c === "'") {
        const e = s.indexOf("'", j + 1);
        j = e < 0 ? s.length : e;
        continue;
      }
      if (c === '"') {
        for (j++; j < s.length && s[j] !== '"'; j++) if (s[j] === '\\') j++;
        continue;
      }
      if (c === '(') depth++;
      else if (c === ')') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    this.broken = true;
    return s.length;
  }

  private ansiC(from: number): { text: string; end: number } {
    const s = this.s;
    let out = '';
    let j = from;
    while (j < s.length && s[j] !== "'") {
      const c = s[j] ?? '';
      if (c !== '\\') {
        out += c;
        j++;
        continue;
      }
      const n = s[j + 1] ?? '';
      const rest = s.slice(j + 1, j + 10);
      let m: RegExpExecArray | null;
      if ((m = /^x([0-9a-fA-F]{1,2})/.exec(rest))) {
        out += String.fromCharCode(parseInt(m[1] ?? '0', 16));
        j += 1 + m[0].length;
      } else if ((m = /^u([0-9a-fA-F]{1,4})/.exec(rest)) || (m = /^U([0-9a-fA-F]{1,8})/.exec(rest))) {
        const cp = parseInt(m[1] ?? '0', 16);
        out += cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
        j += 1 + m[0].length;
      } else if ((m = /^([0-7]{1,3})/.exec(rest))) {
        out += String.fromCharCode(parseInt(m[1] ?? '0', 8) & 0xff);
        j += 1 + m[0].length;
      } else if (n === 'c' && s[j + 2]) {
        out += String.fromCharCode(s.charCodeAt(j + 2) & 0x1f);
        j += 3;
      } else {
        out += ANSI[n] ?? `\\${n}`;
        j += 2;
      }
    }
    if (j >= s.length) this.broken = true;
    return { text: out, end: Math.min(j + 1, s.length) };
  }

  private doubleQuoted(from: number): { text: string; end: number; dynamic: boolean } {
    const s = this.s;
    const fish = this.opts.dialect === 'fish';
    let out = '';
    let dynamic = false;
    let j = from;
    while (j < s.length && s[j] !== '"') {
      const c = s[j] ?? '';
      if (c === '\\') {
        const n = s[j + 1] ?? '';
        if (n === '\n') j += 2;
        else if (n === '\r' && fish && s[j + 2] === '\n') j += 3;
        else if (n === '$' || n === '"' || n === '\\' || (!fish && n === '`')) {
          out += n;
          j += 2;
        } else {
          out += c;
          j++;
        }
        continue;
      }
      if (c === '$') {
        const r = this.dollar(j, true);
        out += r.text;
        if (r.dynamic) dynamic = true;
        j = r.end;
        continue;
      }
      if (c === '`' && !fish) {
        const end = this.findBacktick(j + 1);
        out += s.slice(j, end);
        j = end;
        dynamic = true;
        continue;
      }
      out += c;
      j++;
    }
    if (j >= s.length) this.broken = true;
    return { text: out, end: Math.min(j + 1, s.length), dynamic };
  }

  /** `$...` at `at`: expands known variables, keeps the rest as written and marks it dynamic. */
  private dollar(at: number, inDouble: boolean): { text: string; end: number; dynamic: boolean } {
    const s = this.s;
    const n = s[at + 1] ?? '';
    if (n === '(') {
      const end = this.matchParen(at + 1);
      return { text: s.slice(at, end), end, dynamic: true };
    }
    if (n === '{' && this.opts.dialect === 'sh') {
      let depth = 0;
      let end = at + 1;
      for (; end < s.length; end++) {
        if (s[end] === '{') depth++;
        else if (s[end] === '}') {
          depth--;
          if (depth === 0) break;
        }
      }
      if (end >= s.length) this.broken = true;
      const inner = s.slice(at + 2, end);
      const whole = s.slice(at, end + 1);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=+?])(.*))?$/s.exec(inner);
      if (m?.[1]) {
        const v = this.opts.lookup(m[1]);
        const op = m[2];
        const word = m[3] ?? '';
        const set = v !== undefined && (op?.startsWith(':') ? v !== '' : true);
        if (!op)
          return v !== undefined
            ? { text: v, end: end + 1, dynamic: false }
            : { text: whole, end: end + 1, dynamic: true };
        if ((op === '-' || op === ':-' || op === '=' || op === ':=') && !/[$`]/.test(word))
          return { text: set ? (v ?? '') : word.replace(/^(["'])(.*)\1$/s, '$2'), end: end + 1, dynamic: false };
        if ((op === '+' || op === ':+') && v !== undefined)
          return { text: set ? word : '', end: end + 1, dynamic: /[$`]/.test(word) };
      }
      return { text: whole, end: end + 1, dynamic: true };
    }
    if (n === '{' && this.opts.dialect === 'fish') return { text: '${', end: at + 2, dynamic: true };
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(at + 1, at + 200));
    if (m) {
      const v = this.opts.lookup(m[0]);
      const end = at + 1 + m[0].length;
      return v !== undefined ? { text: v, end, dynamic: false } : { text: s.slice(at, end), end, dynamic: true };
    }
    if (/^[0-9@*#?$!-]/.test(n)) return { text: s.slice(at, at + 2), end: at + 2, dynamic: true };
    void inDouble;
    return { text: '$', end: at + 1, dynamic: false };
  }
}

export function isName(s: string): boolean {
  return NAME_RE.test(s);
}
