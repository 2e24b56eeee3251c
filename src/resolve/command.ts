/**
 * Reading a start command (a package.json script) the way the shell and the tools in it would:
 * `VAR=x`, `cross-env`, `npx`, dotenv-cli, dotenvx, env-cmd wrappers, `node` flags that load env
 * files, and framework commands (`next`, `vite`, `react-scripts`).
 */

export interface Wrapper {
  tool: 'dotenv-cli' | 'dotenvx' | 'env-cmd';
  files: string[];
  override: boolean;
  /** dotenv-cli `-c [env]`, dotenvx `--convention=nextjs`. */
  cascade?: string;
  convention?: string;
}

export interface Launch {
  runtime: 'node' | 'bun' | 'next' | 'vite' | 'cra';
  /** The program as typed (`node`, `tsx`, `nodemon`, `next`). */
  program: string;
  /** Entry file for node-like runtimes. */
  file?: string;
  /** Framework sub-command (`dev`, `build`, `start`, `test`). */
  sub?: string;
  /** Framework mode (`development`, `production`, `test`, a Vite `--mode`). */
  mode?: string;
  /** `node --env-file` / `--env-file-if-exists`, in order. */
  envFiles: Array<{ path: string; ifExists: boolean }>;
  /** `-r dotenv/config` / `--import dotenv/config` with `dotenv_config_*` arguments. */
  preload?: { path?: string; override?: boolean };
  /** Wrappers, outermost first. */
  wrappers: Wrapper[];
  /** `VAR=value` / `cross-env VAR=value` before the command. */
  assigns: Record<string, string>;
}

/** Splits a command line into words, honouring single and double quotes and backslashes. */
export function shellWords(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let q: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (q) {
      if (c === q) q = null;
      else if (c === '\\' && q === '"' && i + 1 < s.length) cur += s[++i];
      else cur += c;
      continue;
    }
    if (c === '"' || c === "'") { q = c; has = true; continue; }
    if (c === '\\' && i + 1 < s.length) { cur += s[++i]; has = true; continue; }
    if (/\s/.test(c)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
      continue;
    }
    cur += c;
  }
  if (has || cur) out.push(cur);
  return out;
}

/** Splits on `&&`, `||`, `;` and `|` outside quotes. */
export function segments(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (q) { if (c === q) q = null; cur += c; continue; }
    if (c === '"' || c === "'") { q = c; cur += c; continue; }
    if (c === ';' || c === '|' || (c === '&' && s[i + 1] === '&')) {
      out.push(cur);
      cur = '';
      if ((c === '&' || c === '|') && s[i + 1] === c) i++;
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out.map((x) => x.trim()).filter(Boolean);
}

const NODE_LIKE = new Set(['node', 'nodejs', 'tsx', 'ts-node', 'ts-node-esm', 'ts-node-dev', 'nodemon', 'node-dev', 'babel-node', 'esno', 'esr', 'vite-node', 'jiti']);
const SKIP = new Set(['cross-env', 'cross-env-shell', 'npx', 'pnpx', 'bunx', 'exec', 'env', 'time', 'nice', 'dotenv-flow']);
const NODE_FLAGS_WITH_VALUE = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '-e', '--eval', '-p', '--print', '--conditions', '-C', '--title', '--max-old-space-size', '--stack-size', '-w', '--watch', '--ext', '-x', '--exec', '--signal', '-P', '--project', '-i', '--ignore', '--delay', '--config']);

function flagValue(tokens: string[], i: number, flag: string): { value?: string; next: number } {
  const t = tokens[i] as string;
  if (t.startsWith(flag + '=')) return { value: t.slice(flag.length + 1), next: i + 1 };
  return { value: tokens[i + 1], next: i + 2 };
}

const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1).replace(/\.(cmd|exe|js|mjs|cjs)$/, '');

/** Parses one segment; undefined when it does not start a recognised program. */
export function parseSegment(seg: string): Launch | undefined {
  const tokens = shellWords(seg);
  const launch: Launch = { runtime: 'node', program: '', envFiles: [], wrappers: [], assigns: {} };
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i] as string;
    const b = base(t);
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(t);
    if (m) { launch.assigns[m[1] as string] = m[2] ?? ''; i++; continue; }
    if (SKIP.has(b) || (t.startsWith('-') && i > 0 && SKIP.has(base(tokens[i - 1] ?? '')))) { i++; continue; }
    if ((b === 'pnpm' || b === 'yarn' || b === 'npm') && (tokens[i + 1] === 'exec' || tokens[i + 1] === 'dlx')) { i += 2; continue; }
    if (b === 'dotenv') {
      const w: Wrapper = { tool: 'dotenv-cli', files: [], override: false };
      i++;
      while (i < tokens.length && tokens[i] !== '--' && (tokens[i] as string).startsWith('-')) {
        const f = tokens[i] as string;
        if (f === '-e') { if (tokens[i + 1]) w.files.push(tokens[i + 1] as string); i += 2; }
        else if (f === '-o' || f === '--override') { w.override = true; i++; }
        else if (f === '-c') { const v = tokens[i + 1]; if (v && v !== '--' && !v.startsWith('-') && tokens[i + 2] !== undefined) { w.cascade = v; i += 2; } else { w.cascade = ''; i++; } }
        else if (f === '-v' || f === '-p') i += 2;
        else i++;
      }
      if (tokens[i] === '--') i++;
      if (w.files.length === 0) w.files = ['.env'];
      launch.wrappers.push(w);
      continue;
    }
    if (b === 'dotenvx') {
      const w: Wrapper = { tool: 'dotenvx', files: [], override: false };
      i++;
      if (tokens[i] === 'run') i++;
      while (i < tokens.length && tokens[i] !== '--') {
        const f = tokens[i] as string;
        if (f === '-f' || f === '--env-file' || f.startsWith('--env-file=') || f.startsWith('-f=')) {
          const { value, next } = flagValue(tokens, i, f.startsWith('--env-file') ? '--env-file' : '-f');
          if (value) w.files.push(value);
          i = next;
        } else if (f === '--overload' || f === '-o' || f === '--override') { w.override = true; i++; }
        else if (f.startsWith('--convention')) { const { value, next } = flagValue(tokens, i, '--convention'); w.convention = value; i = next; }
        else if (f === '-fk' || f === '--env-keys-file' || f === '--env' || f === '-e') i += 2;
        else if (f.startsWith('-')) i++;
        else break;
      }
      if (tokens[i] === '--') i++;
      if (w.files.length === 0 && !w.convention) w.files = ['.env'];
      launch.wrappers.push(w);
      continue;
    }
    if (b === 'env-cmd') {
      const w: Wrapper = { tool: 'env-cmd', files: [], override: true };
      i++;
      while (i < tokens.length && (tokens[i] as string).startsWith('-')) {
        const f = tokens[i] as string;
        if (f === '-f' || f === '--file') { if (tokens[i + 1]) w.files.push(tokens[i + 1] as string); i += 2; }
        else if (f === '--no-override') { w.override = false; i++; }
        else if (f === '-e' || f === '--environments' || f === '-r' || f === '--rc-file') i += 2;
        else i++;
      }
      if (w.files.length === 0) w.files = ['.env'];
      launch.wrappers.push(w);
      continue;
    }
    if (NODE_LIKE.has(b) || b === 'bun') {
      launch.program = b;
      launch.runtime = b === 'bun' ? 'bun' : 'node';
      i++;
      if (b === 'bun' && tokens[i] === 'run') i++;
      while (i < tokens.length) {
        const f = tokens[i] as string;
        if (f === '--') { i++; continue; }
        if (f.startsWith('--env-file')) {
          const ifExists = f.startsWith('--env-file-if-exists');
          const { value, next } = flagValue(tokens, i, ifExists ? '--env-file-if-exists' : '--env-file');
          if (value) launch.envFiles.push({ path: value, ifExists });
          i = next;
          continue;
        }
        if (f === '-r' || f === '--require' || f === '--import' || f.startsWith('--require=') || f.startsWith('--import=')) {
          const { value, next } = flagValue(tokens, i, f.startsWith('--import') ? '--import' : f.startsWith('--require') ? '--require' : '-r');
          if (value === 'dotenv/config' || value === 'dotenv/config.js' || value === '@dotenvx/dotenvx/config') launch.preload = launch.preload ?? {};
          i = next;
          continue;
        }
        if ((f === '--exec' || f === '-x') && b === 'nodemon' && tokens[i + 1]) {
          const inner = parseSegment(tokens[i + 1] as string);
          if (inner) return { ...inner, wrappers: [...launch.wrappers, ...inner.wrappers], assigns: { ...launch.assigns, ...inner.assigns } };
          i += 2;
          continue;
        }
        if (f.startsWith('-')) { i += NODE_FLAGS_WITH_VALUE.has(f) ? 2 : 1; continue; }
        // `tsx watch src/index.ts`, `bun --hot run server.ts`: sub-commands before the file.
        if ((f === 'watch' && b === 'tsx') || (f === 'run' && b === 'bun')) { i++; continue; }
        break;
      }
      launch.file = tokens[i];
      for (const a of tokens.slice(i + 1)) {
        const pm = /^dotenv_config_(path|override)=(.*)$/.exec(a);
        if (pm && launch.preload) {
          if (pm[1] === 'path') launch.preload.path = pm[2];
          else launch.preload.override = /^(true|1|yes)$/i.test(pm[2] ?? '');
        }
      }
      return launch;
    }
    if (b === 'next') {
      const sub = tokens[i + 1] && !(tokens[i + 1] as string).startsWith('-') ? (tokens[i + 1] as string) : 'dev';
      if (!['dev', 'build', 'start', 'export', 'experimental-test'].includes(sub)) return undefined;
      return { ...launch, runtime: 'next', program: 'next', sub, mode: sub === 'dev' ? 'development' : 'production' };
    }
    if (b === 'vite') {
      const next = tokens[i + 1];
      const sub = next && ['dev', 'serve', 'build', 'preview'].includes(next) ? next : 'dev';
      let mode = sub === 'build' || sub === 'preview' ? 'production' : 'development';
      for (let j = i + 1; j < tokens.length; j++) {
        const f = tokens[j] as string;
        if (f === '--mode' || f === '-m') mode = tokens[j + 1] ?? mode;
        else if (f.startsWith('--mode=')) mode = f.slice(7);
      }
      return { ...launch, runtime: 'vite', program: 'vite', sub, mode };
    }
    if (b === 'react-scripts' || b === 'craco' || b === 'react-app-rewired') {
      const sub = tokens[i + 1] ?? 'start';
      if (!['start', 'build', 'test'].includes(sub)) return undefined;
      return { ...launch, runtime: 'cra', program: b, sub, mode: sub === 'start' ? 'development' : sub === 'build' ? 'production' : 'test' };
    }
    return undefined;
  }
  return undefined;
}

/** The first segment of a command that starts a recognised program. */
export function parseCommand(cmd: string): Launch | undefined {
  for (const seg of segments(cmd)) {
    const l = parseSegment(seg);
    if (l) return l;
  }
  return undefined;
}
