/**
 * What a POSIX-family start-up file (bash, zsh, sh, direnv's .envrc) sets: `export X=...`,
 * `X=...` then `export X`, `export X Y=...`, `declare -x` / `typeset -x`, `export -n`, `unset`,
 * `set -a`, `source FILE` / `. FILE`. Every assignment keeps its file and line; `exported` says
 * whether programs started from the shell get it. Values that need a command or an unknown
 * variable are kept as written and marked `dynamic`.
 */
import type { Assignment } from '../../core/types.js';
import { isName, Lexer, type Word } from './lex.js';
import { envWordsFile } from '../launch/parse.js';

export interface ShellParseOptions {
  /** Path shown in locations (`~/.zshrc`, `.envrc`). */
  path: string;
  shell?: 'bash' | 'zsh' | 'sh';
  /** Variables known before the file runs (HOME, what earlier files set). Updated in place. */
  known?: Map<string, string>;
  /** Names carrying the export attribute before the file runs. Updated in place. */
  exported?: Set<string>;
  /** Kind of the assignments (default 'shell-rc'). */
  kind?: string;
  detail?: string;
  /** List `FOO=1 cmd` commands among the directives too (with their assignments). */
  keepPrefixed?: boolean;
  /** `set -a` is on when the file starts (a file sourced after `set -a`). */
  allexport?: boolean;
  /** Called at each `source FILE` / `. FILE`, in order (the caller parses that file with the same known/exported). */
  onSource?: (d: ShellDirective, soFar: Assignment[]) => void;
}

export interface ShellDirective {
  command: string;
  args: string[];
  line: number;
  dynamic: boolean;
  /** `set -a` was on at this command (for `source`: the sourced file's assignments are exported). */
  allexport?: boolean;
  /** `NAME=value` words before the command (only in its environment). */
  assigns?: Record<string, string>;
}

export interface ShellParse {
  /** Every assignment in file order (a name set twice appears twice; the last one is what the shell keeps; `unset` removes earlier ones). */
  assignments: Assignment[];
  unsets: Array<{ name: string; line: number }>;
  /** `source FILE` / `. FILE`, in order. */
  sources: ShellDirective[];
  /** Other commands (direnv's `dotenv`, `source_env`, ...), in order. */
  directives: ShellDirective[];
  /** Commands the shell rejects (an unterminated quote): nothing from there on is run. */
  errors: Array<{ line: number; message: string }>;
}

const KEYWORDS = new Set(['then', 'else', 'do', '{', '!', 'time', 'command', 'builtin', 'noglob', 'nocorrect']);
const SKIP_COMMANDS = new Set([
  'if',
  'elif',
  'while',
  'until',
  'for',
  'case',
  'function',
  'fi',
  'done',
  'esac',
  '}',
  'return',
  'exit',
]);

import { LineIndex } from '../../core/lines.js';

export function parseShell(text: string, opts: ShellParseOptions): ShellParse {
  const known = opts.known ?? new Map<string, string>();
  const exported = opts.exported ?? new Set<string>();
  const kind = opts.kind ?? 'shell-rc';
  const lines = new LineIndex(text);
  const out: ShellParse = { assignments: [], unsets: [], sources: [], directives: [], errors: [] };
  /** The latest assignment of each name in this file, to mark it exported later. */
  const latest = new Map<string, Assignment>();
  let allexport = opts.allexport === true;
  // Compound commands still open at the end of the file (`fi\r` in a CRLF file is not `fi`): bash
  // reports a syntax error and runs nothing from the opening keyword on.
  const seq = new Map<Assignment, number>();
  let counter = 0;
  const blocks: Array<{ word: string; line: number; at: number }> = [];
  /** Inside a function body: the block depth of its `{`. */
  let functionDepth: number | undefined;
  let pendingFunction = false;
  const lexer = new Lexer(text, { dialect: 'sh', lookup: (n) => known.get(n) });
  // zsh differs from bash in two ways that matter here (both checked against real zsh 5.9):
  // `export NAME` of an unset name sets it to '' (bash only marks it), and a name that is not an
  // identifier (`export NAME\r` in a CRLF file) or a bad `set` option stops the whole file
  // (bash reports the error and goes on).
  const zsh = opts.shell === 'zsh';
  let stop = false;
  const zshStops = (line: number, what: string): void => {
    out.errors.push({ line, message: `${what} on line ${line}: zsh stops reading the file there (bash would go on)` });
    stop = true;
  };

  const assign = (w: Word, exportFlag: boolean | undefined): void => {
    const eqText = w.eqText ?? 0;
    const eqRaw = w.eqRaw ?? 0;
    const name = w.text.slice(0, eqText - 1);
    const value = w.text.slice(eqText);
    if (exportFlag === true) exported.add(name);
    else if (exportFlag === false) exported.delete(name);
    const at = lines.at(w.start);
    const a: Assignment = {
      name,
      value,
      kind,
      location: { path: opts.path, line: at.line, column: at.column },
      raw: w.raw.slice(eqRaw),
      exported: exported.has(name) || allexport,
    };
    if (allexport) exported.add(name);
    if (opts.detail) a.detail = opts.detail;
    if (w.valueDynamic) a.dynamic = true;
    out.assignments.push(a);
    seq.set(a, counter++);
    latest.set(name, a);
    if (w.valueDynamic) known.delete(name);
    else known.set(name, value);
  };
  /** zsh's `export NAME` of an unset name: the name is set to '' and exported. */
  const assignEmpty = (w: Word): void => {
    const at = lines.at(w.start);
    exported.add(w.text);
    const a: Assignment = {
      name: w.text,
      value: '',
      kind,
      location: { path: opts.path, line: at.line, column: at.column },
      raw: '',
      exported: true,
    };
    if (opts.detail) a.detail = opts.detail;
    out.assignments.push(a);
    seq.set(a, counter++);
    latest.set(w.text, a);
    known.set(w.text, '');
  };
  const markExport = (name: string, on: boolean): void => {
    if (on) exported.add(name);
    else exported.delete(name);
    const a = latest.get(name);
    if (a) a.exported = on;
  };

  for (let cmd = lexer.next(); cmd && !stop; cmd = lexer.next()) {
    const broken = cmd.words.find((w) => w.unterminated);
    if (broken) {
      // the quote runs to the end of the file: the shell reports a syntax error and runs none of it
      out.errors.push({
        line: lines.at(broken.start).line,
        message: `unterminated quote or substitution on line ${lines.at(broken.start).line}: the shell stops reading the file there`,
      });
      break;
    }
    let words = cmd.words;
    const w0 = words[0]?.raw ?? '';
    if (w0 === 'function' || /^[A-Za-z_][\w:.-]*\(\)$/.test(w0)) {
      // a function definition: its body runs only when called, not at start-up
      const brace = words.find((w) => w.raw === '{');
      if (brace) {
        blocks.push({ word: '{', line: lines.at(brace.start).line, at: counter });
        functionDepth ??= blocks.length;
      } else {
        pendingFunction = true;
      }
      continue;
    }
    if (pendingFunction && w0 !== '{') {
      // `name() ` must be followed by a `{ ... }` body (`{\r` in a CRLF file is not one): bash stops with a syntax error
      out.errors.push({
        line: lines.at(cmd.start).line,
        message: `the function defined before line ${lines.at(cmd.start).line} has no \`{\` body: the shell stops reading the file there`,
      });
      break;
    }
    for (const w of words) {
      const t = w.raw;
      if (w !== words[0] && !KEYWORDS.has(words[words.indexOf(w) - 1]?.raw ?? '')) break;
      if (t === 'if' || t === 'while' || t === 'until' || t === 'for' || t === 'select' || t === 'case' || t === '{') {
        blocks.push({ word: t, line: lines.at(w.start).line, at: counter });
        if (t === '{' && pendingFunction) functionDepth ??= blocks.length;
      } else if ((t === 'fi' || t === 'done' || t === 'esac' || t === '}') && blocks.length > 0) blocks.pop();
    }
    pendingFunction = false;
    if (functionDepth !== undefined) {
      if (blocks.length >= functionDepth) continue;
      functionDepth = undefined;
    }
    while (words.length > 0 && KEYWORDS.has(words[0]?.raw ?? '')) words = words.slice(1);
    if (words.length === 0) continue;
    // leading NAME=value words
    let k = 0;
    while (k < words.length && words[k]?.eqText !== undefined) k++;
    if (k === words.length) {
      for (const w of words) assign(w, undefined);
      continue;
    }
    const head = words[k];
    if (!head) continue;
    const command = head.text;
    const args = words.slice(k + 1);
    if (k > 0 && !['export', 'declare', 'typeset', 'readonly', 'local'].includes(command)) {
      // `FOO=1 cmd`: FOO is only in cmd's environment, the shell does not keep it
      if (opts.keepPrefixed && !SKIP_COMMANDS.has(command)) {
        const assigns: Record<string, string> = {};
        for (const w of words.slice(0, k)) assigns[w.text.slice(0, (w.eqText ?? 1) - 1)] = w.text.slice(w.eqText ?? 0);
        out.directives.push({
          command,
          args: args.map((a) => a.text),
          line: lines.at(head.start).line,
          dynamic: args.some((a) => a.dynamic),
          assigns,
        });
      }
      continue;
    }
    const line = lines.at(head.start).line;
    switch (command) {
      case 'export':
      case 'declare':
      case 'typeset':
      case 'local':
      case 'readonly':
      case 'integer': {
        let exportFlag: boolean | undefined = command === 'export' ? true : undefined;
        let functions = false;
        let optionsDone = false;
        // zsh's export has no -n: the command fails and changes nothing.
        if (zsh && command === 'export' && args.some((w) => /^-[A-Za-z]*n/.test(w.text) && w.eqText === undefined))
          break;
        for (const w of args) {
          if (!optionsDone && /^[-+][A-Za-z]+$/.test(w.text) && w.eqText === undefined) {
            const on = w.text[0] === '-';
            const flags = w.text.slice(1);
            if (command === 'export' && flags.includes('n')) exportFlag = false;
            if (command !== 'export' && flags.includes('x')) exportFlag = on;
            if (/[fF]/.test(flags)) functions = true;
            continue;
          }
          if (!optionsDone && w.text === '--') {
            optionsDone = true;
            continue;
          }
          optionsDone = true;
          if (functions) continue;
          // `export $(cat .env | xargs)`: the file's lines become words (a directive the launcher readers follow)
          if (w.dynamic && w.eqText === undefined && command === 'export') {
            const file = envWordsFile(w.raw);
            if (file)
              out.directives.push({
                command: 'export-words',
                args: [file, w.raw],
                line: lines.at(w.start).line,
                dynamic: false,
                ...(allexport ? { allexport } : {}),
              });
            continue;
          }
          const name = w.eqText !== undefined ? w.text.slice(0, w.eqText - 1) : w.text;
          if (zsh && !isName(name)) {
            zshStops(
              lines.at(w.start).line,
              `\`${command} ${JSON.stringify(name).slice(1, -1)}\` is not a valid name${/\r/.test(name) ? ' (a CRLF line ending)' : ''}`,
            );
            break;
          }
          if (w.eqText !== undefined) assign(w, exportFlag);
          else if (isName(w.text) && exportFlag === true && zsh && !known.has(w.text) && !latest.has(w.text))
            assignEmpty(w);
          else if (isName(w.text) && exportFlag !== undefined) markExport(w.text, exportFlag);
        }
        break;
      }
      case 'unset': {
        let vars = true;
        for (const w of args) {
          if (w.text === '-f') vars = false;
          else if (w.text === '-v') vars = true;
          else if (vars && zsh && !isName(w.text)) {
            zshStops(
              line,
              `\`unset ${JSON.stringify(w.text).slice(1, -1)}\` is not a valid name${/\r/.test(w.text) ? ' (a CRLF line ending)' : ''}`,
            );
            break;
          } else if (vars && isName(w.text)) {
            known.delete(w.text);
            exported.delete(w.text);
            latest.delete(w.text);
            out.unsets.push({ name: w.text, line });
            // the variable is gone: earlier lines of this file no longer set anything
            out.assignments = out.assignments.filter((a) => a.name !== w.text);
          }
        }
        break;
      }
      case 'set': {
        for (let j = 0; j < args.length; j++) {
          const t = args[j]?.text ?? '';
          // an invalid option (`set -a\r` in a CRLF file) makes bash reject the whole command; zsh stops the file
          if (!/^(?:[-+][A-Za-z]*|[-+]o|allexport|--?)$/.test(t) && j === 0) {
            if (zsh)
              zshStops(
                line,
                `\`set ${JSON.stringify(t).slice(1, -1)}\` is a bad option${/\r/.test(t) ? ' (a CRLF line ending)' : ''}`,
              );
            break;
          }
          if (/^-[A-Za-z]*a[A-Za-z]*$/.test(t)) allexport = true;
          else if (/^\+[A-Za-z]*a[A-Za-z]*$/.test(t)) allexport = false;
          else if ((t === '-o' || t === '+o') && args[j + 1]?.text === 'allexport') {
            allexport = t === '-o';
            j++;
          }
        }
        break;
      }
      case 'source':
      case '.': {
        const target = args[0];
        if (target) {
          const d: ShellDirective = {
            command,
            args: args.map((a) => a.text),
            line,
            dynamic: target.dynamic,
            allexport,
          };
          out.sources.push(d);
          opts.onSource?.(d, out.assignments);
        }
        break;
      }
      default:
        if (!SKIP_COMMANDS.has(command))
          out.directives.push({
            command,
            args: args.map((a) => a.text),
            line,
            dynamic: args.some((a) => a.dynamic),
            ...(allexport ? { allexport } : {}),
          });
    }
  }
  const open = blocks[0];
  if (open) {
    out.assignments = out.assignments.filter((a) => (seq.get(a) ?? 0) < open.at);
    out.errors.push({
      line: open.line,
      message: `\`${open.word}\` on line ${open.line} is never closed (a CRLF line ending turns \`fi\` into \`fi\\r\`): the shell reports a syntax error and runs nothing from there on`,
    });
  }
  return out;
}
