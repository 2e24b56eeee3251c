/**
 * fish: `config.fish` / `conf.d/*.fish` (`set -gx`, `set -Ux`, `set -x`, `set -e`, `export X=...`,
 * `source`) and the universal variables file `fish_variables` (`SETUVAR --export NAME:value`,
 * values escaped with `\xHH`, list items separated by `\x1e`).
 */
import type { Assignment } from '../../core/types.js';
import { isName, Lexer, type Word } from './lex.js';
import { LineIndex } from '../../core/lines.js';
import type { ShellDirective, ShellParse } from './parse.js';
import { pushAll } from '../../core/arrays.js';

export interface FishParseOptions {
  path: string;
  known?: Map<string, string>;
  exported?: Set<string>;
  detail?: string;
  onSource?: (d: ShellDirective, soFar: Assignment[]) => void;
}

const STRIP = new Set(['and', 'or', 'not', 'begin', 'else', 'if', 'command', 'builtin', '!']);
const BLOCK_OPENERS = new Set(['if', 'for', 'while', 'begin', 'switch', 'function']);

export function parseFish(text: string, opts: FishParseOptions): ShellParse {
  const known = opts.known ?? new Map<string, string>();
  const exported = opts.exported ?? new Set<string>();
  const lines = new LineIndex(text);
  const out: ShellParse = { assignments: [], unsets: [], sources: [], directives: [], errors: [] };
  const latest = new Map<string, Assignment>();
  const lexer = new Lexer(text, { dialect: 'fish', lookup: (n) => known.get(n) });
  let functionDepth = 0; // inside `function ... end`: not run at start-up
  /** How the last command ended, where that is known (a `set` succeeds). */
  let status: 'ok' | 'unknown' = 'unknown';

  const push = (name: string, value: string, first: Word, rawWords: Word[], exp: boolean, dynamic: boolean): void => {
    const at = lines.at(first.start);
    const a: Assignment = {
      name,
      value,
      kind: 'fish',
      location: { path: opts.path, line: at.line, column: at.column },
      raw: rawWords.map((w) => w.raw).join(' '),
      exported: exp,
    };
    if (opts.detail) a.detail = opts.detail;
    if (dynamic) a.dynamic = true;
    out.assignments.push(a);
    latest.set(name, a);
    if (dynamic) known.delete(name);
    else known.set(name, value);
  };

  for (let cmd = lexer.next(); cmd; cmd = lexer.next()) {
    const broken = cmd.words.find((w) => w.unterminated);
    if (broken) {
      // fish refuses to run a file with an unterminated quote at all
      out.errors.push({
        line: lines.at(broken.start).line,
        message: `unterminated quote or substitution on line ${lines.at(broken.start).line}: fish does not run this file`,
      });
      out.assignments = [];
      break;
    }
    const all = cmd.words;
    const first = all[0]?.raw ?? '';
    if (functionDepth > 0) {
      if (BLOCK_OPENERS.has(first)) functionDepth++;
      else if (first === 'end') functionDepth--;
      continue;
    }
    if (first === 'function') {
      functionDepth = 1;
      continue;
    }
    // `or CMD` runs only when the command before failed: after a `set` (which succeeds) it is
    // skipped; after anything else (`test ...; and set ...`) both branches may run.
    if (all[0]?.raw === 'or' && status === 'ok') continue;
    status = 'unknown';
    let words = all;
    while (words.length > 0 && STRIP.has(words[0]?.raw ?? '')) words = words.slice(1);
    const head = words[0];
    if (!head) continue;
    const args = words.slice(1);
    const line = lines.at(head.start).line;
    switch (head.text) {
      case 'set': {
        let exp: boolean | undefined;
        let erase = false;
        let local = false;
        let append = false;
        let prepend = false;
        let noop = false;
        let path = false;
        let j = 0;
        for (; j < args.length; j++) {
          const t = args[j]?.text ?? '';
          if (t === '--') {
            j++;
            break;
          }
          if (t.startsWith('--')) {
            if (t === '--export') exp = true;
            else if (t === '--unexport') exp = false;
            else if (t === '--erase') erase = true;
            else if (t === '--local' || t === '--function') local = true;
            else if (t === '--append') append = true;
            else if (t === '--prepend') prepend = true;
            else if (t === '--path') path = true;
            else if (['--query', '--names', '--show', '--long'].includes(t)) noop = true;
            continue;
          }
          if (/^-[A-Za-z]+$/.test(t)) {
            for (const f of t.slice(1)) {
              if (f === 'x') exp = true;
              else if (f === 'u') exp = false;
              else if (f === 'e') erase = true;
              else if (f === 'l' || f === 'f') local = true;
              else if (f === 'a') append = true;
              else if (f === 'p') prepend = true;
              else if (f === 'q' || f === 'n' || f === 'S' || f === 'L') noop = true;
            }
            continue;
          }
          break;
        }
        if (noop) break;
        const nameWord = args[j];
        if (!nameWord || !isName(nameWord.text)) break; // `set X[1] ...` and friends are skipped
        const name = nameWord.text;
        if (erase) {
          known.delete(name);
          exported.delete(name);
          latest.delete(name);
          out.unsets.push({ name, line });
          out.assignments = out.assignments.filter((a) => a.name !== name);
          break;
        }
        const valueWords = args.slice(j + 1);
        const sepChar = path || /PATH$/.test(name) ? ':' : ' ';
        let value = valueWords.map((w) => w.text).join(sepChar);
        let dynamic = valueWords.some((w) => w.dynamic);
        if (append || prepend) {
          const prev = known.get(name);
          if (prev === undefined) dynamic = true;
          // An empty element ("") still counts (`set -a NAME ""` makes "start "); no values add nothing.
          else if (valueWords.length > 0)
            value = prev === '' ? value : append ? `${prev}${sepChar}${value}` : `${value}${sepChar}${prev}`;
          else value = prev;
        }
        if (local) {
          // `set -l` at the top of a sourced file is local to that file: gone once it has run
          // (later lines of the file still see it).
          if (dynamic) known.delete(name);
          else known.set(name, value);
          status = 'ok';
          break;
        }
        if (exp === true) exported.add(name);
        else if (exp === false) exported.delete(name);
        push(name, value, head, valueWords, exported.has(name), dynamic);
        status = 'ok';
        break;
      }
      case 'export': {
        for (const w of args) {
          if (w.eqText !== undefined) {
            const name = w.text.slice(0, w.eqText - 1);
            exported.add(name);
            // fish's export splits a value containing `:` into a path list only for PATH-like names; the text is the same
            push(
              name,
              w.text.slice(w.eqText),
              head,
              [{ ...w, raw: w.raw.slice(w.eqRaw ?? 0) }],
              true,
              w.valueDynamic === true,
            );
          } else if (isName(w.text)) {
            exported.add(w.text);
            const a = latest.get(w.text);
            if (a) a.exported = true;
          }
        }
        break;
      }
      case 'source':
      case '.': {
        const target = args[0];
        if (target) {
          const d: ShellDirective = {
            command: head.text,
            args: args.map((a) => a.text),
            line,
            dynamic: target.dynamic,
          };
          out.sources.push(d);
          opts.onSource?.(d, out.assignments);
        }
        break;
      }
      default:
        if (BLOCK_OPENERS.has(head.text) || head.text === 'end') break;
        out.directives.push({
          command: head.text,
          args: args.map((a) => a.text),
          line,
          dynamic: args.some((a) => a.dynamic),
        });
    }
  }
  return out;
}

/** Decodes fish's universal-variable escaping: `\xHH` bytes (UTF-8), `\\`, and `\x1e` between list items. */
export function decodeFishValue(escaped: string): string[] {
  const items: string[] = [];
  let bytes: number[] = [];
  const flush = (): void => {
    items.push(Buffer.from(bytes).toString('utf8'));
    bytes = [];
  };
  for (let i = 0; i < escaped.length; i++) {
    const c = escaped[i] ?? '';
    if (c === '\\') {
      const hex = /^x([0-9a-fA-F]{2})/.exec(escaped.slice(i + 1, i + 4));
      if (hex?.[1]) {
        const b = parseInt(hex[1], 16);
        if (b === 0x1e) flush();
        else bytes.push(b);
        i += 3;
        continue;
      }
      const uni = /^u([0-9a-fA-F]{4})/.exec(escaped.slice(i + 1, i + 6));
      if (uni?.[1]) {
        pushAll(bytes, Buffer.from(String.fromCodePoint(parseInt(uni[1], 16)), 'utf8'));
        i += 5;
        continue;
      }
      const n = escaped[i + 1];
      if (n !== undefined) {
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', e: '\x1b', '\\': '\\' };
        pushAll(bytes, Buffer.from(map[n] ?? n, 'utf8'));
        i++;
        continue;
      }
    }
    pushAll(bytes, Buffer.from(c, 'utf8'));
  }
  flush();
  return items;
}

/** `~/.config/fish/fish_variables`: universal variables (`SETUVAR [--export] [--path] NAME:value`; fish 2's `SET_EXPORT NAME:value`). */
export function parseFishVariables(text: string, path: string, detail?: string): Assignment[] {
  const out: Assignment[] = [];
  const rows = text.split(/\r?\n/);
  rows.forEach((row, idx) => {
    const m = /^(SETUVAR|SET_EXPORT|SET)((?:[ \t]+--[a-z]+)*)[ \t]+([A-Za-z_][A-Za-z0-9_]*):(.*)$/.exec(row);
    if (!m) return;
    const [, verb = '', flags = '', name = '', rest = ''] = m;
    const isPath = /--path/.test(flags);
    const exported = verb === 'SET_EXPORT' || /--export/.test(flags);
    const items = decodeFishValue(rest);
    const a: Assignment = {
      name,
      value: items.join(isPath || /PATH$/.test(name) ? ':' : ' '),
      kind: 'fish',
      location: { path, line: idx + 1, column: row.indexOf(name) + 1 },
      raw: rest,
      exported,
    };
    a.detail = detail ?? 'fish universal variable (set -U): every fish shell gets it, it is in no config file';
    out.push(a);
  });
  return out;
}
