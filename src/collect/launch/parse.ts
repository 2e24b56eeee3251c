/**
 * The one command-line parser. A command line (a package.json script, a Procfile line, a Makefile
 * recipe line, a Dockerfile `CMD`, a compose `command:`, a CI `run:` line, a line of a shell script)
 * is split into words by the shell lexer (src/collect/shell/lex.ts, proven against bash and zsh:
 * quotes, `$'...'`, escapes, continuations, comments, `$(...)` kept as written), then each simple
 * command is read down to the program it starts: `cd`, `VAR=value`, `cross-env`, `env`, `npx`,
 * `sudo`, the dotenv wrappers (dotenv-cli, dotenvx, env-cmd, python-dotenv's `dotenv run`,
 * `env $(cat .env | xargs)`), the secret-manager wrappers (`op run`, `doppler run`, `infisical run`,
 * `aws-vault exec`, `chamber exec`, `sops exec-env`), the python environment managers (`uv run`,
 * `poetry run`, `pipenv run`), and the runtimes with their own env-file flags (node, tsx, nodemon,
 * bun, deno, python, uvicorn, gunicorn, flask, streamlit), the frameworks (Next.js, Vite, CRA, ...),
 * Procfile runners (foreman, honcho, `heroku local`), pm2, make, just and shell scripts.
 */
import { Lexer, type Word } from '../shell/lex.js';
import type { Launch, LaunchFact, Wrapper, WrapperTool } from './types.js';
import { joinRel } from '../../core/paths.js';

export type { Launch, LaunchFact, Wrapper, WrapperTool } from './types.js';

interface W {
  text: string;
  raw: string;
  dynamic: boolean;
  /** `NAME=value` (an unquoted `=` after a name). */
  assign?: { name: string; value: string; dynamic: boolean };
}

const NO_LOOKUP = (): undefined => undefined;

function toW(w: Word): W {
  const out: W = { text: w.text, raw: w.raw, dynamic: w.dynamic };
  if (w.eqText !== undefined)
    out.assign = {
      name: w.text.slice(0, w.eqText - 1),
      value: w.text.slice(w.eqText),
      dynamic: w.valueDynamic === true,
    };
  return out;
}

/** The simple commands of a command line, each with the operator that ends it. */
export function lexCommandLine(text: string): Array<{ words: W[]; sep?: string }> {
  const lexer = new Lexer(text, { dialect: 'sh', lookup: NO_LOOKUP });
  const out: Array<{ words: W[]; sep?: string }> = [];
  for (let c = lexer.next(); c; c = lexer.next())
    out.push({ words: c.words.map(toW), ...(c.sep !== undefined ? { sep: c.sep } : {}) });
  return out;
}

const SEPARATORS = new Set([';', '&&', '||', '|', '&', '\n', '(', ')']);

/** Whether a word from {@link shellWords} is an operator between commands. */
export function isSeparator(w: string): boolean {
  return SEPARATORS.has(w) || /^[;&|]+$/.test(w);
}

/** The words of a command line the way the shell splits them, with the operators between commands as words of their own. */
export function shellWords(text: string): string[] {
  const out: string[] = [];
  for (const c of lexCommandLine(text)) {
    for (const w of c.words) out.push(w.text);
    if (c.sep && c.sep !== '\n') out.push(c.sep);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

const NODE_LIKE = new Set([
  'node',
  'nodejs',
  'tsx',
  'ts-node',
  'ts-node-esm',
  'ts-node-dev',
  'nodemon',
  'node-dev',
  'babel-node',
  'esno',
  'esr',
  'vite-node',
  'jiti',
  'forever',
  'supervisor',
]);
/** Prefixes that run the rest of the line as it is (their own options skipped). */
const TRANSPARENT = new Set([
  'cross-env',
  'cross-env-shell',
  'npx',
  'pnpx',
  'bunx',
  'exec',
  'time',
  'nice',
  'nohup',
  'dotenv-flow',
  'command',
  'builtin',
  'then',
  'do',
  'else',
  '!',
  '{',
  'xvfb-run',
]);
/** Options of transparent prefixes that take a separate value. */
const TRANSPARENT_VALUE = new Set(['-p', '--package', '-n', '-c', '--call']);
const NODE_VALUE: Record<string, Set<string>> = {
  node: new Set([
    '-r',
    '--require',
    '--import',
    '--loader',
    '--experimental-loader',
    '-e',
    '--eval',
    '-p',
    '--print',
    '--conditions',
    '-C',
    '--title',
    '--input-type',
    '--stack-size',
    '--max-old-space-size',
    '--watch-path',
  ]),
  nodemon: new Set([
    '--watch',
    '-w',
    '--ext',
    '-e',
    '--ignore',
    '-i',
    '--delay',
    '-d',
    '--signal',
    '-s',
    '--config',
    '--exitcrash',
    '-r',
    '--require',
  ]),
  tsx: new Set([
    '--tsconfig',
    '-r',
    '--require',
    '--import',
    '--conditions',
    '-C',
    '--include',
    '--exclude',
    '--ignore',
  ]),
  'ts-node': new Set([
    '--project',
    '-P',
    '--compiler',
    '-C',
    '-r',
    '--require',
    '-O',
    '--compiler-options',
    '--scope-dir',
    '--cwd',
  ]),
  'ts-node-dev': new Set([
    '--project',
    '-P',
    '--ignore-watch',
    '-r',
    '--require',
    '--watch',
    '--debounce',
    '--interval',
  ]),
  'babel-node': new Set(['--presets', '--plugins', '--config-file', '-x', '--extensions']),
};
const NODE_VALUE_DEFAULT = new Set([
  '-r',
  '--require',
  '--import',
  '--loader',
  '--experimental-loader',
  '-e',
  '--eval',
  '-p',
  '--print',
  '--conditions',
  '-C',
  '--title',
  '--project',
  '-P',
  '--config',
]);
const DOTENV_PRELOADS = /^(dotenv\/config(\.js)?|dotenv-flow\/config|@dotenvx\/dotenvx\/config|dotenv-safe\/config)$/;

const FRAMEWORKS: Record<string, string> = {
  nuxt: 'nuxt',
  nuxi: 'nuxt',
  remix: 'remix',
  'react-router': 'remix',
  astro: 'astro',
  expo: 'expo',
  gatsby: 'gatsby',
  'vue-cli-service': 'vue-cli',
  'svelte-kit': 'sveltekit',
  wrangler: 'wrangler',
  netlify: 'netlify',
  vercel: 'vercel',
};
const PYTHON = /^(python|python3|python3\.\d+|py|pypy|pypy3)$/;
const PY_SERVERS = new Set([
  'uvicorn',
  'gunicorn',
  'hypercorn',
  'flask',
  'fastapi',
  'streamlit',
  'celery',
  'daphne',
  'granian',
  'chainlit',
  'gradio',
  'panel',
  'waitress-serve',
]);
const PY_SERVER_BOOL = new Set([
  '--reload',
  '--factory',
  '--proxy-headers',
  '--no-proxy-headers',
  '--access-log',
  '--no-access-log',
  '--use-colors',
  '--no-use-colors',
  '--no-server-header',
  '--no-date-header',
  '--preload',
  '--debug',
  '--no-debugger',
  '--no-reload',
  '--with-threads',
  '--daemon',
  '-D',
  '--check-config',
  '--print-config',
  '-w',
]);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh']);
const JS_FILE = /\.(m?[jt]sx?|c[jt]s)$/;

/** `node_modules/.bin/next` → `next`; `dotenv-cli@7` → `dotenv-cli`; `@dotenvx/dotenvx` → `dotenvx`. */
export function programName(word: string): string {
  let b = word.slice(word.lastIndexOf('/') + 1).replace(/\.(cmd|exe)$/i, '');
  const at = b.indexOf('@', 1);
  if (at > 0) b = b.slice(0, at);
  return b;
}

function isFlag(w: W | undefined): boolean {
  return !!w && w.text.startsWith('-') && w.text !== '-' && !w.assign;
}

function flagValue(ws: W[], i: number, flag: string): { value?: string; next: number } {
  const t = ws[i]?.text ?? '';
  if (t.startsWith(flag + '=')) return { value: t.slice(flag.length + 1), next: i + 1 };
  if (flag.length === 2 && t.length > 2 && t.startsWith(flag) && !t.startsWith('--'))
    return { value: t.slice(2), next: i + 1 };
  return { value: ws[i + 1]?.text, next: i + 2 };
}

/** Whether the word is the flag (`--env-file`, `--env-file=x`, `-fX` for a short flag). */
function isOpt(t: string, ...flags: string[]): boolean {
  return flags.some((f) => t === f || t.startsWith(f + '='));
}

/** `$(cat .env | xargs)`, `$(grep -v '^#' .env | xargs)`, `` `cat .env` ``: the dotenv file whose lines become words. */
export function envWordsFile(raw: string): string | undefined {
  const m = /^\$\(([\s\S]*)\)$/.exec(raw) ?? /^`([\s\S]*)`$/.exec(raw);
  if (!m?.[1]) return undefined;
  const first = lexCommandLine(m[1])[0];
  if (!first) return undefined;
  const prog = programName(first.words[0]?.text ?? '');
  if (!['cat', 'grep', 'sed', 'egrep', 'awk'].includes(prog)) return undefined;
  const file = [...first.words].reverse().find((w) => !w.text.startsWith('-') && w !== first.words[0])?.text;
  if (!file || !/(^|\/)\.?[\w.-]*env[\w.-]*$/i.test(file)) return undefined;
  return file;
}

function newLaunch(words: W[], cwd: string): Launch {
  return { words: words.map((w) => w.text), cwd, program: '', args: [], envFiles: [], wrappers: [], assigns: {} };
}

/** concurrently's options that take a value (`-n api,web`, `-c blue,green`). */
const CONCURRENTLY_VALUE = new Set([
  '-n',
  '--names',
  '-c',
  '--prefix-colors',
  '-p',
  '--prefix',
  '-s',
  '--success',
  '-t',
  '--timestamp-format',
  '-l',
  '--prefix-length',
  '-m',
  '--max-processes',
  '--name-separator',
  '--restart-tries',
  '--restart-after',
  '--default-input-target',
]);

/** Skips the options of a wrapper until its command: past a `--` when there is one, else past the options. */
function skipToCommand(ws: W[], i: number, valueFlags: Set<string>): number {
  const dd = ws.findIndex((w, k) => k >= i && w.text === '--');
  if (dd >= 0) return dd + 1;
  while (i < ws.length && isFlag(ws[i])) i += valueFlags.has(ws[i]?.text ?? '') ? 2 : 1;
  return i;
}

function wrapperText(ws: W[], from: number, to: number): string {
  return ws
    .slice(from, to)
    .map((w) => w.raw)
    .join(' ');
}

/** Reads a command nested in one word (`sh -c '...'`, `nodemon --exec '...'`, `sops exec-env F '...'`) and merges what the outer words set. */
function nested(outer: Launch, text: string): Launch {
  const parsed = parseCommandLine(text, outer.cwd);
  const inner = parsed.main ?? parsed.segments.at(-1);
  if (!inner) return outer;
  const out: Launch = {
    ...inner,
    words: outer.words,
    wrappers: [...outer.wrappers, ...inner.wrappers],
    assigns: { ...outer.assigns, ...inner.assigns },
  };
  const dyn = [...(outer.dynamicAssigns ?? []), ...(inner.dynamicAssigns ?? [])];
  if (dyn.length) out.dynamicAssigns = dyn;
  if (outer.via && !inner.via) out.via = outer.via;
  if (outer.clearsEnv) out.clearsEnv = true;
  return out;
}

/** Reads one simple command. */
export function parseSimple(ws: W[], cwd: string): Launch {
  const launch = newLaunch(ws, cwd);
  let i = 0;
  const rest = (from: number): string[] => ws.slice(from).map((w) => w.text);
  const wrap = (tool: WrapperTool, from: number, to: number, files: string[], extra: Partial<Wrapper> = {}): void => {
    const w: Wrapper = { tool, files, override: false, text: wrapperText(ws, from, to), ...extra };
    launch.wrappers.push(w);
  };
  while (i < ws.length) {
    const w = ws[i] as W;
    const t = w.text;
    if (w.assign) {
      launch.assigns[w.assign.name] = w.assign.value;
      if (w.assign.dynamic) (launch.dynamicAssigns ??= []).push(w.assign.name);
      i++;
      continue;
    }
    if (w.dynamic) {
      const f = envWordsFile(w.raw);
      if (f) {
        wrap('env-words', i, i + 1, [f]);
        i++;
        continue;
      }
    }
    const b = programName(t);
    if (TRANSPARENT.has(b)) {
      i++;
      while (isFlag(ws[i]) && ws[i]?.text !== '--')
        i += TRANSPARENT_VALUE.has(ws[i]?.text ?? '') && b !== 'cross-env' ? 2 : 1;
      if (ws[i]?.text === '--') i++;
      continue;
    }
    if (b === 'sudo') {
      i++;
      while (isFlag(ws[i]))
        i += /^-[ugCDhpRrTt]$|^--(user|group|chdir|prompt|host|role|type|close-from)$/.test(ws[i]?.text ?? '') ? 2 : 1;
      continue;
    }
    if (b === 'env') {
      i++;
      while (i < ws.length && (isFlag(ws[i]) || ws[i]?.text === '-')) {
        const f = ws[i]?.text ?? '';
        if (f === '-i' || f === '-' || f === '--ignore-environment') launch.clearsEnv = true;
        if (f === '-u' || f === '--unset' || f === '-C' || f === '--chdir' || f === '-S' || f === '--split-string') {
          if ((f === '-S' || f === '--split-string') && ws[i + 1]) return nested(launch, ws[i + 1]?.text ?? '');
          if ((f === '-u' || f === '--unset') && ws[i + 1]) delete launch.assigns[ws[i + 1]?.text ?? ''];
          i += 2;
          continue;
        }
        i++;
      }
      continue;
    }
    if (
      (b === 'pnpm' || b === 'yarn' || b === 'npm') &&
      (ws[i + 1]?.text === 'exec' || ws[i + 1]?.text === 'dlx' || ws[i + 1]?.text === 'x')
    ) {
      i += 2;
      if (ws[i]?.text === '--') i++;
      continue;
    }
    // ---- dotenv wrappers
    if (b === 'dotenv' || b === 'dotenv-cli') {
      // python-dotenv's CLI: `dotenv [-f FILE] run [--override|--no-override] CMD` (override by default)
      let j = i + 1;
      let pyFile: string | undefined;
      while (isFlag(ws[j]) && ws[j]?.text !== '--') {
        const f = ws[j]?.text ?? '';
        if (isOpt(f, '-f', '--file')) {
          const v = flagValue(ws, j, f.startsWith('--') ? '--file' : '-f');
          pyFile = v.value;
          j = v.next;
        } else if (isOpt(f, '-q', '--quote', '-e', '--export') && !f.includes('=')) j += 2;
        else j++;
      }
      if (b === 'dotenv' && ws[j]?.text === 'run') {
        const start = i;
        j++;
        let override = true;
        while (isFlag(ws[j]) && ws[j]?.text !== '--') {
          if (ws[j]?.text === '--no-override') override = false;
          else if (ws[j]?.text === '--override') override = true;
          j++;
        }
        if (ws[j]?.text === '--') j++;
        wrap('python-dotenv', start, j, [pyFile ?? '.env'], { override, ...(pyFile ? {} : { defaulted: true }) });
        i = j;
        continue;
      }
      const w2: Wrapper = { tool: 'dotenv-cli', files: [], override: false, text: '' };
      const start = i;
      i++;
      while (i < ws.length && ws[i]?.text !== '--' && isFlag(ws[i])) {
        const f = ws[i]?.text ?? '';
        if (isOpt(f, '-e')) {
          const v = flagValue(ws, i, '-e');
          if (v.value) w2.files.push(v.value);
          i = v.next;
        } else if (f === '-o' || f === '--override') {
          w2.override = true;
          i++;
        } else if (f === '-c') {
          const v = ws[i + 1]?.text;
          if (v && v !== '--' && !v.startsWith('-') && ws[i + 2] !== undefined) {
            w2.cascade = v;
            i += 2;
          } else {
            w2.cascade = '';
            i++;
          }
        } else if (f === '-v') {
          const v = ws[i + 1]?.text ?? '';
          const eq = v.indexOf('=');
          if (eq > 0) launch.assigns[v.slice(0, eq)] = v.slice(eq + 1);
          i += 2;
        } else if (f === '-p') i += 2;
        else i++;
      }
      if (ws[i]?.text === '--') i++;
      if (w2.files.length === 0) {
        w2.files = ['.env'];
        w2.defaulted = true;
      }
      w2.text = wrapperText(ws, start, i);
      launch.wrappers.push(w2);
      continue;
    }
    if (b === 'dotenvx') {
      const w2: Wrapper = { tool: 'dotenvx', files: [], override: false, text: '' };
      const start = i;
      i++;
      if (ws[i]?.text === 'run') i++;
      const hasDD = ws.some((x, k) => k >= i && x.text === '--');
      while (i < ws.length && ws[i]?.text !== '--') {
        const f = ws[i]?.text ?? '';
        if (isOpt(f, '-f', '--env-file')) {
          const v = flagValue(ws, i, f.startsWith('--') ? '--env-file' : '-f');
          if (v.value) w2.files.push(v.value);
          i = v.next;
          // `-f a b --`: the option takes every value up to the next option
          while (hasDD && !f.includes('=') && i < ws.length && ws[i]?.text !== '--' && !isFlag(ws[i])) {
            w2.files.push(ws[i]?.text ?? '');
            i++;
          }
        } else if (f === '--overload' || f === '-o' || f === '--override') {
          w2.override = true;
          i++;
        } else if (isOpt(f, '--convention')) {
          const v = flagValue(ws, i, '--convention');
          w2.convention = v.value;
          i = v.next;
        } else if (
          f === '-fk' ||
          f === '--env-keys-file' ||
          f === '--env' ||
          f === '-e' ||
          f === '--log-level' ||
          f === '--ignore'
        )
          i += 2;
        else if (isFlag(ws[i])) i++;
        else break;
      }
      if (ws[i]?.text === '--') i++;
      if (w2.files.length === 0 && !w2.convention) {
        w2.files = ['.env'];
        w2.defaulted = true;
      }
      w2.text = wrapperText(ws, start, i);
      launch.wrappers.push(w2);
      continue;
    }
    if (b === 'env-cmd') {
      const w2: Wrapper = { tool: 'env-cmd', files: [], override: true, text: '' };
      const start = i;
      i++;
      while (i < ws.length && isFlag(ws[i]) && ws[i]?.text !== '--') {
        const f = ws[i]?.text ?? '';
        if (isOpt(f, '-f', '--file')) {
          const v = flagValue(ws, i, f.startsWith('--') ? '--file' : '-f');
          if (v.value) w2.files.push(v.value);
          i = v.next;
        } else if (f === '--no-override') {
          w2.override = false;
          i++;
        } else if (f === '-e' || f === '--environments' || f === '-r' || f === '--rc-file') i += 2;
        else i++;
      }
      if (ws[i]?.text === '--') i++;
      if (w2.files.length === 0) {
        w2.files = ['.env'];
        w2.defaulted = true;
      }
      w2.text = wrapperText(ws, start, i);
      launch.wrappers.push(w2);
      continue;
    }
    // ---- secret managers
    if (b === 'op' && ws[i + 1]?.text === 'run') {
      const start = i;
      const files: string[] = [];
      let j = i + 2;
      while (j < ws.length && ws[j]?.text !== '--' && isFlag(ws[j])) {
        const f = ws[j]?.text ?? '';
        if (isOpt(f, '--env-file')) {
          const v = flagValue(ws, j, '--env-file');
          if (v.value) files.push(v.value);
          j = v.next;
        } else if (/^--(account|config|session|encoding)$/.test(f)) j += 2;
        else j++;
      }
      if (ws[j]?.text === '--') j++;
      wrap('op', start, j, files, { secrets: true, override: true });
      i = j;
      continue;
    }
    if ((b === 'doppler' || b === 'infisical') && ws[i + 1]?.text === 'run') {
      const start = i;
      let j = i + 2;
      let command: string | undefined;
      let preserve = false;
      const files: string[] = [];
      while (j < ws.length && ws[j]?.text !== '--' && isFlag(ws[j])) {
        const f = ws[j]?.text ?? '';
        if (isOpt(f, '--command')) {
          const v = flagValue(ws, j, '--command');
          command = v.value;
          j = v.next;
        } else if (f === '--preserve-env' || f.startsWith('--preserve-env=')) {
          preserve = true;
          j++;
        } else if (isOpt(f, '--fallback', '--mount')) {
          const v = flagValue(ws, j, f.startsWith('--fallback') ? '--fallback' : '--mount');
          j = v.next;
        } else if (
          !f.includes('=') &&
          /^(-p|-c|--project|--config|--token|--env|--path|--projectId|--domain|--mount-format|--name-transformer|--scope|--tags|--fallback-passphrase)$/.test(
            f,
          )
        )
          j += 2;
        else j++;
      }
      if (ws[j]?.text === '--') j++;
      wrap(b, start, j, files, { secrets: true, override: b === 'doppler' ? !preserve : false });
      if (command !== undefined) return nested(launch, command);
      i = j;
      continue;
    }
    if (b === 'aws-vault' && ws[i + 1]?.text === 'exec') {
      const start = i;
      let j = i + 2;
      while (isFlag(ws[j]) && ws[j]?.text !== '--')
        j += /^(-d|--duration|-t|--mfa-token|--region)$/.test(ws[j]?.text ?? '') ? 2 : 1;
      if (ws[j] && ws[j]?.text !== '--') j++; // the profile
      j = skipToCommand(ws, j, new Set(['-d', '--duration', '-t', '--mfa-token', '--region']));
      wrap('aws-vault', start, j, [], { secrets: true, override: true });
      i = j;
      continue;
    }
    if (b === 'chamber' && ws[i + 1]?.text === 'exec') {
      const start = i;
      const j = skipToCommand(ws, i + 2, new Set(['--pristine-prefix']));
      wrap('chamber', start, j, [], { secrets: true, override: true });
      i = j;
      continue;
    }
    // `concurrently -r "yarn run mask:watch" "next dev"`: each argument is a command of its own, run
    // side by side; the app is the one that runs a known program (the last such)
    if (b === 'concurrently') {
      const cmds: string[] = [];
      for (let j = i + 1; j < ws.length; j++) {
        const w = ws[j] as W;
        if (isFlag(w)) {
          if (CONCURRENTLY_VALUE.has(w.text)) j++;
          continue;
        }
        cmds.push(w.text);
      }
      const app = cmds.reverse().find((c) => parseCommandLine(c, launch.cwd).main !== undefined);
      return app !== undefined ? nested(launch, app) : launch;
    }
    if (b === 'sops' && (ws[i + 1]?.text === 'exec-env' || ws[i + 1]?.text === 'exec-file')) {
      let j = i + 2;
      while (isFlag(ws[j])) j += /^(--user|--input-type|--output-type|--filename)$/.test(ws[j]?.text ?? '') ? 2 : 1;
      const file = ws[j]?.text;
      wrap('sops', i, j + 1, file ? [file] : [], { secrets: true, override: true });
      const cmd = ws[j + 1]?.text;
      return cmd !== undefined ? nested(launch, cmd) : launch;
    }
    // ---- python environment managers
    if ((b === 'uv' && ws[i + 1]?.text === 'run') || b === 'uvx') {
      const start = i;
      let j = b === 'uvx' ? i + 1 : i + 2;
      const files: string[] = [];
      let noEnvFile = false;
      let module = false;
      while (j < ws.length && isFlag(ws[j]) && ws[j]?.text !== '--') {
        const f = ws[j]?.text ?? '';
        if (isOpt(f, '--env-file')) {
          const v = flagValue(ws, j, '--env-file');
          if (v.value) files.push(v.value);
          j = v.next;
        } else if (f === '--no-env-file') {
          noEnvFile = true;
          j++;
        } else if (f === '-m' || f === '--module') {
          module = true;
          j++;
        } else if (isOpt(f, '--directory', '--project')) {
          const v = flagValue(ws, j, f.startsWith('--directory') ? '--directory' : '--project');
          if (f.startsWith('--directory') && v.value) launch.cwd = joinRel(launch.cwd, v.value);
          j = v.next;
        } else if (
          !f.includes('=') &&
          /^(--with|--with-requirements|--with-editable|-p|--python|--package|--extra|--group|--only-group|--no-group|--index|--default-index|--index-url|--extra-index-url|-w|--from|--env|--config-file|--cache-dir)$/.test(
            f,
          )
        )
          j += 2;
        else j++;
      }
      if (ws[j]?.text === '--') j++;
      if (!noEnvFile) for (const f of files) launch.envFiles.push({ path: f, ifExists: false, by: 'uv' });
      launch.via = 'uv';
      i = j;
      if (module && ws[i]) {
        launch.program = 'python';
        launch.runtime = 'python';
        launch.module = ws[i]?.text;
        launch.args = rest(i + 1);
        return launch;
      }
      // `uv run app.py`: uv runs a python file itself
      if (/\.py$/.test(ws[i]?.text ?? '')) {
        launch.program = 'python';
        launch.runtime = 'python';
        launch.file = ws[i]?.text;
        launch.args = rest(i + 1);
        return launch;
      }
      void start;
      continue;
    }
    if (
      (b === 'poetry' || b === 'pipenv' || b === 'hatch' || b === 'pdm' || b === 'rye') &&
      ws[i + 1]?.text === 'run'
    ) {
      const start = i;
      let j = i + 2;
      while (isFlag(ws[j]) && ws[j]?.text !== '--') j++;
      if (ws[j]?.text === '--') j++;
      // pipenv loads the project's .env itself (PIPENV_DONT_LOAD_ENV turns it off)
      if (b === 'pipenv') wrap('pipenv', start, j, ['.env'], { defaulted: true, override: true });
      launch.via = b;
      i = j;
      if (/\.py$/.test(ws[i]?.text ?? '')) {
        launch.program = 'python';
        launch.runtime = 'python';
        launch.file = ws[i]?.text;
        launch.args = rest(i + 1);
        return launch;
      }
      continue;
    }
    // ---- Procfile runners: they read .env (or -e files) and start the Procfile's processes
    if (
      ((b === 'foreman' || b === 'honcho' || b === 'nf') && ws[i + 1]?.text === 'start') ||
      (b === 'heroku' && ws[i + 1]?.text === 'local')
    ) {
      const tool: WrapperTool = b === 'heroku' ? 'heroku-local' : b === 'honcho' ? 'honcho' : 'foreman';
      launch.program = b === 'nf' ? 'foreman' : b;
      launch.runtime = 'procfile';
      launch.sub = ws[i + 1]?.text;
      const files: string[] = [];
      let procfile: string | undefined;
      let j = i + 2;
      const names: string[] = [];
      while (j < ws.length) {
        const f = ws[j]?.text ?? '';
        if (isOpt(f, '-e', '--env', '--env-file')) {
          const v = flagValue(ws, j, f.startsWith('--env-file') ? '--env-file' : f.startsWith('--') ? '--env' : '-e');
          for (const x of (v.value ?? '').split(',')) if (x) files.push(x);
          j = v.next;
        } else if (isOpt(f, '-f', '--procfile', '-j')) {
          const v = flagValue(ws, j, f.startsWith('--') ? '--procfile' : f.startsWith('-j') ? '-j' : '-f');
          procfile = v.value;
          j = v.next;
        } else if (isOpt(f, '-d', '--root', '--app-root')) {
          const v = flagValue(ws, j, f.startsWith('--app-root') ? '--app-root' : f.startsWith('--') ? '--root' : '-d');
          if (v.value) launch.cwd = joinRel(launch.cwd, v.value);
          j = v.next;
        } else if (!f.includes('=') && /^(-p|--port|-c|--concurrency|-m|--formation|-t|--timeout)$/.test(f)) j += 2;
        else if (f.startsWith('-')) j++;
        else {
          names.push(f);
          j++;
        }
      }
      launch.file = procfile ?? 'Procfile';
      launch.args = names;
      launch.wrappers.push({
        tool,
        files: files.length ? files : ['.env'],
        ...(files.length ? {} : { defaulted: true }),
        override: false,
        text: wrapperText(ws, i, j),
      });
      return launch;
    }
    // ---- a command inside one word
    if (SHELLS.has(b)) {
      let j = i + 1;
      while (isFlag(ws[j]) && ws[j]?.text !== '-c') j += ws[j]?.text === '-o' || ws[j]?.text === '+o' ? 2 : 1;
      if (ws[j]?.text === '-c' || /^-[a-z]*c[a-z]*$/.test(ws[j]?.text ?? '')) {
        const cmd = ws[j + 1]?.text;
        return cmd !== undefined ? nested(launch, cmd) : launch;
      }
      launch.program = b;
      launch.runtime = 'shell';
      if (ws[j]) launch.file = ws[j]?.text;
      launch.args = rest(j + 1);
      return launch;
    }
    if (/\.(sh|bash|zsh)$/.test(t) && !t.startsWith('-')) {
      launch.program = b;
      launch.runtime = 'shell';
      launch.file = t;
      launch.args = rest(i + 1);
      return launch;
    }
    // ---- runtimes
    if (NODE_LIKE.has(b)) return nodeLike(launch, ws, i, b);
    if (b === 'bun') return bun(launch, ws, i);
    if (b === 'deno') return deno(launch, ws, i);
    if (PYTHON.test(b)) return python(launch, ws, i, b);
    if (PY_SERVERS.has(b)) return pyServer(launch, ws, i, b);
    if (b === 'next') {
      const n = ws[i + 1]?.text;
      const sub = n && !n.startsWith('-') ? n : 'dev';
      launch.program = 'next';
      launch.sub = sub;
      launch.args = rest(i + 2);
      if (['dev', 'build', 'start', 'export', 'experimental-test'].includes(sub)) {
        launch.runtime = 'next';
        launch.mode = sub === 'dev' ? 'development' : 'production';
      }
      return launch;
    }
    if (b === 'vite') {
      const n = ws[i + 1]?.text;
      const sub = n && ['dev', 'serve', 'build', 'preview'].includes(n) ? n : 'dev';
      let mode = sub === 'build' || sub === 'preview' ? 'production' : 'development';
      for (let j = i + 1; j < ws.length; j++) {
        const f = ws[j]?.text ?? '';
        if (f === '--mode' || f === '-m') mode = ws[j + 1]?.text ?? mode;
        else if (f.startsWith('--mode=')) mode = f.slice(7);
      }
      return { ...launch, runtime: 'vite', program: 'vite', sub, mode, args: rest(i + 1) };
    }
    if (b === 'react-scripts' || b === 'craco' || b === 'react-app-rewired') {
      const sub = ws[i + 1]?.text ?? 'start';
      launch.program = b;
      launch.sub = sub;
      launch.args = rest(i + 2);
      if (['start', 'build', 'test'].includes(sub)) {
        launch.runtime = 'cra';
        launch.mode = sub === 'start' ? 'development' : sub === 'build' ? 'production' : 'test';
      }
      return launch;
    }
    if (FRAMEWORKS[b]) {
      launch.program = b;
      launch.runtime = 'framework';
      launch.framework = FRAMEWORKS[b];
      let j = i + 1;
      while (j < ws.length) {
        const f = ws[j]?.text ?? '';
        if (isOpt(f, '--env', '-e', '--mode') && (b === 'wrangler' || f === '--mode')) {
          const v = flagValue(ws, j, f.startsWith('--') ? (f.startsWith('--mode') ? '--mode' : '--env') : '-e');
          launch.mode = v.value;
          j = v.next;
          continue;
        }
        if (!f.startsWith('-') && launch.sub === undefined) launch.sub = f;
        j++;
      }
      launch.args = rest(i + 1);
      return launch;
    }
    if (b === 'pm2' || b === 'pm2-runtime' || b === 'pm2-dev' || b === 'pm2-docker') {
      launch.program = b;
      launch.runtime = 'pm2';
      let j = i + 1;
      if (
        ['start', 'restart', 'reload', 'startOrRestart', 'startOrReload', 'startOrGracefulReload'].includes(
          ws[j]?.text ?? '',
        )
      ) {
        launch.sub = ws[j]?.text;
        j++;
      } else if (b === 'pm2' && ws[j] && !isFlag(ws[j])) {
        launch.sub = ws[j]?.text;
        launch.runtime = undefined;
        launch.args = rest(j + 1);
        return launch;
      }
      const args: string[] = [];
      while (j < ws.length) {
        const f = ws[j]?.text ?? '';
        if (f === '--') {
          for (const x of rest(j + 1)) args.push(x);
          break;
        }
        if (isOpt(f, '--env')) {
          const v = flagValue(ws, j, '--env');
          launch.mode = v.value;
          j = v.next;
          continue;
        }
        if (
          !f.includes('=') &&
          /^(--name|-n|-i|--instances|--interpreter|--node-args|--interpreter-args|--cwd|--log|-l|-o|--output|-e|--error|--max-memory-restart|--watch-delay|--ignore-watch|--cron|--namespace|-x|--exp-backoff-restart-delay|--restart-delay|--kill-timeout|--listen-timeout|--time)$/.test(
            f,
          )
        ) {
          j += 2;
          continue;
        }
        if (f.startsWith('-')) {
          j++;
          continue;
        }
        if (launch.file === undefined) launch.file = f;
        else args.push(f);
        j++;
      }
      launch.args = args;
      return launch;
    }
    if (b === 'make' || b === 'gmake' || b === 'just') {
      launch.program = b === 'gmake' ? 'make' : b;
      launch.runtime = b === 'just' ? 'just' : 'make';
      let j = i + 1;
      let name: string | undefined;
      while (j < ws.length) {
        const f = ws[j]?.text ?? '';
        const w2 = ws[j] as W;
        if (w2.assign) {
          launch.assigns[w2.assign.name] = w2.assign.value;
          j++;
          continue;
        }
        if (isOpt(f, '-C', '--directory', '-d', '--working-directory')) {
          const v = flagValue(
            ws,
            j,
            f.startsWith('--') ? (f.startsWith('--directory') ? '--directory' : '--working-directory') : f.slice(0, 2),
          );
          if (v.value) launch.cwd = joinRel(launch.cwd, v.value);
          j = v.next;
          continue;
        }
        if (isOpt(f, '-f', '--file', '--makefile', '--justfile')) {
          const v = flagValue(ws, j, f.startsWith('--') ? f.replace(/=.*$/, '') : '-f');
          launch.file = v.value;
          j = v.next;
          continue;
        }
        if (
          !f.includes('=') &&
          /^(-j|--jobs|-l|--load-average|-o|--old-file|-W|--what-if|-I|--include-dir|--set|--dotenv-filename|--dotenv-path|--shell|--color|--chooser|--list-heading|--list-prefix)$/.test(
            f,
          )
        ) {
          j += 2;
          continue;
        }
        if (f.startsWith('-')) {
          j++;
          continue;
        }
        name ??= f;
        if (name !== f) launch.args.push(f);
        j++;
      }
      launch.script = { tool: launch.program, name: name ?? '' };
      return launch;
    }
    if (b === 'npm' || b === 'yarn' || b === 'pnpm' || b === 'corepack') {
      launch.program = b;
      let j = i + 1;
      while (isFlag(ws[j])) {
        const f = ws[j]?.text ?? '';
        if (isOpt(f, '--prefix', '-C', '--dir', '--cwd')) {
          const v = flagValue(ws, j, f.startsWith('--') ? f.replace(/=.*$/, '') : '-C');
          if (v.value) launch.cwd = joinRel(launch.cwd, v.value);
          j = v.next;
          continue;
        }
        j += !f.includes('=') && /^(-w|--workspace|--filter|-F)$/.test(f) ? 2 : 1;
      }
      let sub = ws[j]?.text;
      if (b === 'yarn' && sub === 'workspace') {
        j += 2;
        sub = ws[j]?.text;
      }
      if (sub === 'run' || sub === 'run-script' || sub === 'run-s') {
        j++;
        sub = ws[j]?.text;
      } else if (b === 'npm' && sub && !['start', 'test', 't', 'stop', 'restart'].includes(sub)) {
        launch.sub = sub;
        launch.args = rest(j + 1);
        return launch;
      }
      if (sub) launch.script = { tool: b, name: sub === 't' ? 'test' : sub };
      launch.args = rest(j + 1);
      return launch;
    }
    // anything else: the program with its arguments
    launch.program = b;
    launch.args = rest(i + 1);
    return launch;
  }
  return launch;
}

function nodeLike(launch: Launch, ws: W[], i: number, b: string): Launch {
  launch.program = b;
  launch.runtime = 'node';
  const value =
    NODE_VALUE[b] ?? (b === 'ts-node-esm' ? NODE_VALUE['ts-node'] : NODE_VALUE_DEFAULT) ?? NODE_VALUE_DEFAULT;
  i++;
  if ((b === 'forever' || b === 'supervisor') && ['start', 'restart'].includes(ws[i]?.text ?? '')) {
    launch.sub = ws[i]?.text;
    i++;
  }
  while (i < ws.length) {
    const f = ws[i]?.text ?? '';
    if (f === '--') {
      i++;
      continue;
    }
    if (isOpt(f, '--env-file', '--env-file-if-exists')) {
      const ifExists = f.startsWith('--env-file-if-exists');
      const v = flagValue(ws, i, ifExists ? '--env-file-if-exists' : '--env-file');
      if (v.value) launch.envFiles.push({ path: v.value, ifExists, by: 'node' });
      i = v.next;
      continue;
    }
    if (isOpt(f, '-r', '--require', '--import')) {
      const v = flagValue(
        ws,
        i,
        f.startsWith('--import') ? '--import' : f.startsWith('--require') ? '--require' : '-r',
      );
      if (v.value && DOTENV_PRELOADS.test(v.value)) launch.preload = launch.preload ?? {};
      i = v.next;
      continue;
    }
    if ((f === '--exec' || f === '-x') && b === 'nodemon' && ws[i + 1]) {
      const inner = nested({ ...launch, program: '', runtime: undefined }, ws[i + 1]?.text ?? '');
      // `nodemon --exec 'ts-node' src/server.ts`: the runner comes from --exec, the file after it
      if (inner.runtime && (inner.file || inner.module || inner.inline)) return inner;
      if (inner.runtime) {
        launch.runtime = inner.runtime;
        launch.program = inner.program || launch.program;
      }
      i += 2;
      continue;
    }
    if (b === 'node' && /^(-v|--version|-h|--help)$/.test(f)) {
      launch.inline = true; // `node --version`: no code runs at all
      return launch;
    }
    if (b === 'node' && /^(-e|--eval|-p|--print)(=|$)/.test(f)) {
      launch.inline = true; // `node -e "..."`: code on the command line, none of the project's files
      launch.args = ws.slice(i + 1).map((w) => w.text);
      return launch;
    }
    if (f.startsWith('-')) {
      i += value.has(f) ? 2 : 1;
      continue;
    }
    // `tsx watch src/index.ts`, `esno watch ./src/index.ts` (esno is tsx): sub-commands before the file
    if (f === 'watch' && (b === 'tsx' || b === 'node' || b === 'esno' || b === 'esr')) {
      launch.sub = 'watch';
      i++;
      continue;
    }
    break;
  }
  launch.file = ws[i]?.text;
  launch.args = ws.slice(i + 1).map((w) => w.text);
  for (const a of launch.args) {
    const pm = /^dotenv_config_(path|override)=(.*)$/.exec(a);
    if (pm && launch.preload) {
      if (pm[1] === 'path') launch.preload.path = pm[2];
      else launch.preload.override = /^(true|1|yes)$/i.test(pm[2] ?? '');
    }
  }
  return launch;
}

const BUN_VALUE = new Set([
  '--cwd',
  '--config',
  '-c',
  '--preload',
  '-r',
  '--tsconfig-override',
  '--define',
  '-d',
  '--loader',
  '-l',
  '--port',
  '--main-fields',
  '--extension-order',
  '--jsx-factory',
  '--jsx-fragment',
  '--jsx-import-source',
  '--conditions',
  '--filter',
  '-F',
]);
const BUN_SUBS = new Set([
  'test',
  'install',
  'i',
  'add',
  'a',
  'remove',
  'rm',
  'update',
  'link',
  'unlink',
  'pm',
  'build',
  'init',
  'create',
  'upgrade',
  'repl',
  'outdated',
  'publish',
  'patch',
  'audit',
  'info',
  'exec',
]);

function bun(launch: Launch, ws: W[], i: number): Launch {
  launch.program = 'bun';
  launch.runtime = 'bun';
  i++;
  let explicitRun = false;
  while (i < ws.length) {
    const f = ws[i]?.text ?? '';
    if (f === '--') {
      i++;
      continue;
    }
    if (isOpt(f, '--env-file')) {
      const v = flagValue(ws, i, '--env-file');
      if (v.value) launch.envFiles.push({ path: v.value, ifExists: false, by: 'bun' });
      i = v.next;
      continue;
    }
    if (isOpt(f, '--cwd')) {
      const v = flagValue(ws, i, '--cwd');
      if (v.value) launch.cwd = joinRel(launch.cwd, v.value);
      i = v.next;
      continue;
    }
    if (isOpt(f, '-r', '--preload')) {
      const v = flagValue(ws, i, f.startsWith('--') ? '--preload' : '-r');
      if (v.value && DOTENV_PRELOADS.test(v.value)) launch.preload = launch.preload ?? {};
      i = v.next;
      continue;
    }
    if (f.startsWith('-')) {
      i += BUN_VALUE.has(f) ? 2 : 1;
      continue;
    }
    if (f === 'run') {
      explicitRun = true;
      i++;
      continue;
    }
    if (f === 'x') {
      launch.runtime = undefined;
      launch.sub = 'x';
      launch.args = ws.slice(i + 1).map((w) => w.text);
      return launch;
    }
    if (BUN_SUBS.has(f) && !explicitRun) {
      launch.sub = f;
      if (f !== 'test') launch.runtime = undefined;
      launch.args = ws.slice(i + 1).map((w) => w.text);
      return launch;
    }
    break;
  }
  const target = ws[i]?.text;
  if (target !== undefined && !JS_FILE.test(target) && !target.includes('/') && explicitRun) {
    // `bun run dev`: another package.json script (or a bin)
    launch.script = { tool: 'bun', name: target };
    launch.runtime = undefined;
  } else launch.file = target;
  launch.args = ws.slice(i + 1).map((w) => w.text);
  return launch;
}

const DENO_VALUE = new Set([
  '--config',
  '-c',
  '--import-map',
  '--lock',
  '--location',
  '--seed',
  '--cert',
  '-L',
  '--log-level',
  '--v8-flags',
  '--port',
  '--host',
  '--inspect-brk',
  '--frozen',
  '--ext',
  '--cwd',
]);

function deno(launch: Launch, ws: W[], i: number): Launch {
  launch.program = 'deno';
  launch.runtime = 'deno';
  i++;
  const sub = ws[i]?.text;
  if (sub && ['run', 'serve', 'test', 'task', 'repl', 'eval', 'bench'].includes(sub)) {
    launch.sub = sub;
    i++;
  } else if (
    sub &&
    /^(install|add|remove|fmt|lint|check|compile|bundle|cache|info|doc|upgrade|init|publish|jupyter|outdated|clean)$/.test(
      sub,
    )
  ) {
    launch.sub = sub;
    launch.runtime = undefined;
    launch.args = ws.slice(i + 1).map((w) => w.text);
    return launch;
  }
  while (i < ws.length) {
    const f = ws[i]?.text ?? '';
    if (f === '--') {
      i++;
      break;
    }
    if (f === '--env-file' || f === '--env' || f.startsWith('--env-file=') || f.startsWith('--env=')) {
      // deno needs `=`: a bare `--env-file` loads ./.env
      const eq = f.indexOf('=');
      launch.envFiles.push({ path: eq > 0 ? f.slice(eq + 1) : '.env', ifExists: false, by: 'deno' });
      i++;
      continue;
    }
    if (f.startsWith('-')) {
      i += DENO_VALUE.has(f) ? 2 : 1;
      continue;
    }
    break;
  }
  if (launch.sub === 'task') {
    launch.script = { tool: 'deno', name: ws[i]?.text ?? '' };
    launch.runtime = undefined;
  } else launch.file = ws[i]?.text;
  launch.args = ws.slice(i + 1).map((w) => w.text);
  return launch;
}

/** Modules `python -m` runs that are tools, not the project's code (coverage and pytest do run it: not here). */
const PY_TOOLS = new Set([
  'pip',
  'venv',
  'virtualenv',
  'ensurepip',
  'pipx',
  'uv',
  'build',
  'twine',
  'poetry',
  'pre_commit',
  'black',
  'ruff',
  'isort',
  'mypy',
  'flake8',
  'pylint',
  'compileall',
  'zipapp',
  'pydoc',
  'http.server',
  'json.tool',
  'site',
  'pip_audit',
  'piptools',
]);

function python(launch: Launch, ws: W[], i: number, b: string): Launch {
  launch.program = b;
  launch.runtime = 'python';
  i++;
  while (i < ws.length) {
    const f = ws[i]?.text ?? '';
    if (f === '-m' && ws[i + 1]) {
      const mod = ws[i + 1]?.text ?? '';
      if (PY_SERVERS.has(mod)) return pyServer({ ...launch, program: '' }, ws, i + 1, mod);
      if (PY_TOOLS.has(mod)) {
        launch.inline = true; // `python -m pip install .`, `python -m venv venv`: a tool, none of the project's code
        launch.module = mod;
        launch.args = ws.slice(i + 2).map((w) => w.text);
        return launch;
      }
      launch.module = mod;
      launch.args = ws.slice(i + 2).map((w) => w.text);
      return launch;
    }
    if (/^-m./.test(f)) {
      launch.module = f.slice(2);
      launch.args = ws.slice(i + 1).map((w) => w.text);
      return launch;
    }
    if (f === '-c' || f === '-') {
      launch.inline = true; // `python3 -c '...'`, `python3 - <<'PY'`: code on the command line or stdin, no project file
      launch.args = ws.slice(i + 1).map((w) => w.text);
      return launch;
    }
    if (/^(-V+|--version|-h|--help)$/.test(f)) {
      launch.inline = true; // `python --version` in a set-up script: no code runs at all
      return launch;
    }
    if (f === '-X' || f === '-W' || f === '--check-hash-based-pycs') {
      i += 2;
      continue;
    }
    if (f.startsWith('-')) {
      i++;
      continue;
    }
    break;
  }
  launch.file = ws[i]?.text;
  launch.args = ws.slice(i + 1).map((w) => w.text);
  return launch;
}

function pyServer(launch: Launch, ws: W[], i: number, b: string): Launch {
  launch.program = b;
  launch.runtime = 'python';
  launch.framework = b;
  let j = i + 1;
  const args: string[] = [];
  if (
    (b === 'streamlit' || b === 'flask' || b === 'fastapi' || b === 'chainlit' || b === 'panel' || b === 'gradio') &&
    ws[j] &&
    !isFlag(ws[j])
  ) {
    // `streamlit run app.py`, `fastapi dev main.py`, `chainlit run app.py`; flask's sub-command comes after its options
    if (b !== 'flask' && b !== 'gradio') {
      launch.sub = ws[j]?.text;
      j++;
    }
  }
  while (j < ws.length) {
    const f = ws[j]?.text ?? '';
    const w = ws[j] as W;
    if (isOpt(f, '--env-file') || (b === 'flask' && isOpt(f, '-e'))) {
      const v = flagValue(ws, j, f.startsWith('--') ? '--env-file' : '-e');
      if (v.value) launch.envFiles.push({ path: v.value, ifExists: false, by: b });
      j = v.next;
      continue;
    }
    if (b === 'gunicorn' && isOpt(f, '-e', '--env')) {
      const v = flagValue(ws, j, f.startsWith('--') ? '--env' : '-e');
      const eq = (v.value ?? '').indexOf('=');
      if (eq > 0) launch.assigns[(v.value ?? '').slice(0, eq)] = (v.value ?? '').slice(eq + 1);
      j = v.next;
      continue;
    }
    if (isOpt(f, '--app') || (b === 'flask' && isOpt(f, '-A')) || (b === 'celery' && isOpt(f, '-A'))) {
      const v = flagValue(ws, j, f.startsWith('--') ? '--app' : '-A');
      const app = v.value ?? '';
      if (/\.py$/.test(app.replace(/:.*$/, ''))) launch.file = app.replace(/:.*$/, '');
      else launch.module = app;
      j = v.next;
      continue;
    }
    if (isOpt(f, '--app-dir', '--chdir')) {
      const v = flagValue(ws, j, f.startsWith('--app-dir') ? '--app-dir' : '--chdir');
      if (v.value) launch.cwd = joinRel(launch.cwd, v.value);
      j = v.next;
      continue;
    }
    if (f.startsWith('--') && f.includes('=')) {
      j++;
      continue;
    }
    if (f.startsWith('-')) {
      j +=
        PY_SERVER_BOOL.has(f) || (b !== 'gunicorn' && /^--no-/.test(f)) || isFlag(ws[j + 1]) || ws[j + 1] === undefined
          ? 1
          : 2;
      continue;
    }
    if (b === 'flask' && launch.sub === undefined && !/\.py$/.test(f)) {
      launch.sub = f;
      j++;
      continue;
    }
    if (launch.file === undefined && launch.module === undefined) {
      if (/\.py$/.test(f)) launch.file = f;
      else if (/^[A-Za-z_][\w.]*(:[\w.()]+)?$/.test(f) && !w.dynamic && b !== 'celery' && b !== 'fastapi')
        launch.module = f;
      else args.push(f);
    } else args.push(f);
    j++;
  }
  launch.args = args;
  return launch;
}

// ---------------------------------------------------------------------------------------------

/**
 * A file named with Windows separators (`node scripts\\seed.js` in a `seed:win` script, run by cmd.exe):
 * the same file, which a POSIX shell would read as `scriptsseed.js`.
 */
function windowsPaths(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/(?<=^|[\s="'])((?:[\w.-]+\\)+[\w.-]+\.(?:[cm]?[jt]sx?|py|sh))(?=$|[\s"';&|])/g, (w) =>
    w.replace(/\\/g, '/'),
  );
}

/**
 * Parses a whole command line: every simple command with the folder it runs in (a `cd DIR` earlier
 * on the line moves the rest), and the one that starts the app (the last that runs a known program).
 */
export function parseCommandLine(text: string, dir = ''): { segments: Launch[]; main?: Launch } {
  const segments: Launch[] = [];
  let cwd = dir;
  for (const c of lexCommandLine(windowsPaths(text))) {
    let ws = c.words;
    while (ws.length && (ws[0]?.text === 'then' || ws[0]?.text === 'do' || ws[0]?.text === '{' || ws[0]?.text === '!'))
      ws = ws.slice(1);
    if (ws.length === 0) continue;
    if (ws[0]?.text === 'cd' || ws[0]?.text === 'pushd') {
      const to = ws[1];
      if (to && !to.dynamic && !to.text.startsWith('-') && !to.text.startsWith('~') && !to.text.startsWith('/'))
        cwd = joinRel(cwd, to.text);
      continue;
    }
    segments.push(parseSimple(ws, cwd));
  }
  let main: Launch | undefined;
  for (const s of segments) if (s.runtime) main = s;
  return main ? { segments, main } : { segments };
}

/** Builds the launch fact of a command line. */
export function launchFact(origin: LaunchFact['origin'], command: string, dir: string): LaunchFact {
  const p = parseCommandLine(command, dir);
  const f: LaunchFact = { origin, command, dir, segments: p.segments };
  if (p.main) f.main = p.main;
  return f;
}

/** The main launch of a command line (undefined when no segment runs a program keydoctor knows). */
export function parseCommand(cmd: string, dir = ''): Launch | undefined {
  return parseCommandLine(cmd, dir).main;
}

/** Every dotenv file a command line names (runtime flags, `dotenv_config_path`, wrappers' named files), in order, as written, with the folder it is relative to. */
export function namedEnvFiles(segments: Launch[]): Array<{ path: string; cwd: string }> {
  const out: Array<{ path: string; cwd: string }> = [];
  for (const s of segments) {
    const add = (p: string): void => {
      out.push({ path: p, cwd: s.cwd });
    };
    for (const w of s.wrappers)
      if (!w.defaulted && w.tool !== 'sops') for (const f of w.files) for (const x of f.split(',')) if (x) add(x);
    for (const e of s.envFiles) add(e.path);
    if (s.preload?.path) add(s.preload.path);
    if (s.assigns.DOTENV_CONFIG_PATH) add(s.assigns.DOTENV_CONFIG_PATH);
  }
  return out;
}
