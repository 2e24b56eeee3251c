/**
 * What starts the app: package.json scripts (with their env-file preloads and working folder),
 * `main`/`bin`, Python `__main__` modules, framework conventions (Django, Flask, FastAPI, Streamlit),
 * Procfile lines and notebooks.
 */
import { existsSync } from 'node:fs';
import { readFileLimited, readTextFile } from '../core/read-file.js';
import { MAX_PACKAGE_JSON } from '../collect/project.js';
import { join, posix } from 'node:path';
import type { PackageJson } from '../collect/project.js';
import { dirOf, joinRel } from './analysis.js';
import type { DotenvLoad, EntryPoint } from './types.js';

const NODE_RUNNERS = new Set(['node', 'tsx', 'ts-node', 'ts-node-dev', 'ts-node-esm', 'nodemon', 'bun', 'deno', 'vite-node', 'babel-node', 'esno', 'esr', 'jiti', 'node-dev', 'pm2', 'forever', 'supervisor']);
const FRAMEWORK_RUNNERS: Record<string, string> = { next: 'next', vite: 'vite', 'react-scripts': 'cra', nuxt: 'nuxt', nuxi: 'nuxt', remix: 'remix', 'react-router': 'remix', astro: 'astro', expo: 'expo', gatsby: 'gatsby', 'vue-cli-service': 'vue-cli', 'svelte-kit': 'sveltekit', 'wrangler': 'wrangler', 'netlify': 'netlify', 'vercel': 'vercel' };
const PY_RUNNERS = new Set(['python', 'python3', 'py', 'uvicorn', 'gunicorn', 'flask', 'streamlit', 'hypercorn', 'fastapi', 'uv', 'poetry', 'pipenv']);
/** Options that take a separate value, per runner (so the value is not taken for the script). */
const VALUE_OPTS: Record<string, Set<string>> = {
  nodemon: new Set(['--watch', '-w', '--ext', '-e', '--ignore', '-i', '--delay', '-d', '--signal', '-s', '--config', '--exitcrash']),
  node: new Set(['--loader', '--experimental-loader', '--conditions', '-C', '--title', '--input-type', '--stack-size']),
  tsx: new Set(['--tsconfig']),
  'ts-node': new Set(['--project', '-P', '--compiler', '-C']),
  'ts-node-dev': new Set(['--project', '-P', '--ignore-watch']),
  bun: new Set(['--cwd', '--config', '-c']),
};
const NO_OPTS = new Set<string>();
const SKIP_SCRIPTS = /^(test|lint|format|fmt|prettier|eslint|typecheck|type-check|tsc|clean|prepare|postinstall|preinstall|install|release|publish|version|docs?|storybook|coverage|e2e|cy|cypress|playwright|precommit|pre-commit|husky)(:|$)/;

const CONFIG_FILES: Record<string, string[]> = {
  next: ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs'],
  vite: ['vite.config.ts', 'vite.config.js', 'vite.config.mjs', 'vite.config.mts'],
  nuxt: ['nuxt.config.ts', 'nuxt.config.js'],
  astro: ['astro.config.mjs', 'astro.config.ts'],
  sveltekit: ['svelte.config.js'],
  remix: ['remix.config.js', 'vite.config.ts'],
};

function shellWords(s: string): string[] {
  return (s.match(/"[^"]*"|'[^']*'|[^\s]+/g) ?? []).map((t) => t.replace(/^(["'])(.*)\1$/, '$2'));
}

export interface ScriptParse {
  runner?: string;
  framework?: string;
  file?: string;
  cwd: string;
  preloads: Array<{ loader: string; path?: string; override: boolean; optional?: boolean }>;
}

/** Parses one package.json script command (`cd api && dotenv -e .env.local -- node --env-file=.env src/index.js`). */
export function parseScript(cmd: string, pkgDir: string): ScriptParse {
  const out: ScriptParse = { cwd: pkgDir, preloads: [] };
  for (const segment of cmd.split(/&&|\|\||;/)) {
    const w = shellWords(segment.trim());
    if (w.length === 0) continue;
    if (w[0] === 'cd' && w[1]) {
      out.cwd = joinRel(out.cwd, w[1]) ?? out.cwd;
      continue;
    }
    let i = 0;
    let tool = '';
    while (i < w.length) {
      const t = w[i] ?? '';
      const base = t.replace(/^.*\//, '');
      if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) {
        const m = /^DOTENV_CONFIG_PATH=(.+)$/.exec(t);
        if (m?.[1]) out.preloads.push({ loader: 'dotenv/config', path: m[1], override: false });
        i++;
        continue;
      }
      if (['npx', 'pnpm', 'yarn', 'bunx', 'exec', 'cross-env', 'cross-env-shell', 'env', 'time', 'nice', 'concurrently'].includes(base) || (base === 'npm' && w[i + 1] === 'exec') || t === '--') {
        i++;
        if (t === 'pnpm' && (w[i] === 'exec' || w[i] === 'dlx')) i++;
        continue;
      }
      if (base === 'dotenv' || base === 'dotenv-cli' || base === 'dotenvx' || base === 'env-cmd') {
        tool = base;
        i++;
        if (base === 'dotenvx' && w[i] === 'run') i++;
        let named = false;
        while (i < w.length && (w[i] ?? '').startsWith('-') && w[i] !== '--') {
          const o = w[i] ?? '';
          const eq = /^(?:-e|-f|--file|--env-file)=(.+)$/.exec(o);
          if (eq?.[1]) {
            for (const f of eq[1].split(',')) out.preloads.push({ loader: tool === 'env-cmd' ? 'env-cmd' : tool === 'dotenvx' ? 'dotenvx' : 'dotenv-cli', path: f, override: tool === 'dotenvx' ? false : false });
            named = true;
          } else if (/^(-e|-f|--file|--env-file)$/.test(o) && w[i + 1]) {
            for (const f of (w[i + 1] ?? '').split(',')) out.preloads.push({ loader: tool === 'env-cmd' ? 'env-cmd' : tool === 'dotenvx' ? 'dotenvx' : 'dotenv-cli', path: f, override: false });
            named = true;
            i++;
          } else if (o === '-o' || o === '--override') {
            for (const p of out.preloads) p.override = true;
          }
          i++;
        }
        if (!named) out.preloads.push({ loader: tool === 'env-cmd' ? 'env-cmd' : tool === 'dotenvx' ? 'dotenvx' : 'dotenv-cli', path: tool === 'env-cmd' ? '.env' : undefined, override: false });
        if (w[i] === '--') i++;
        continue;
      }
      break;
    }
    const runner = (w[i] ?? '').replace(/^.*\//, '');
    if (!runner) continue;
    if (runner === 'npm' || runner === 'yarn' || runner === 'pnpm' || runner === 'bun' && w[i + 1] === 'run' && !/\.(m?[jt]sx?|cjs|cts)$/.test(w[i + 2] ?? '')) continue; // another script
    if (FRAMEWORK_RUNNERS[runner]) {
      out.framework = FRAMEWORK_RUNNERS[runner];
      out.runner = runner;
      continue;
    }
    if (NODE_RUNNERS.has(runner)) {
      out.runner = runner;
      i++;
      while (i < w.length) {
        const a = w[i] ?? '';
        if (runner === 'bun' && a === 'run') {
          i++;
          continue;
        }
        if ((runner === 'tsx' || runner === 'node' || runner === 'bun') && a === 'watch') {
          i++;
          continue;
        }
        if (runner === 'deno' && (a === 'run' || a === 'task')) {
          i++;
          continue;
        }
        const ef = /^--env-file(-if-exists)?=(.+)$/.exec(a);
        if (ef?.[2]) {
          out.preloads.push({ loader: 'node-env-file-flag', path: ef[2], override: false, ...(ef[1] ? { optional: true } : {}) });
          i++;
          continue;
        }
        if ((a === '--env-file' || a === '--env-file-if-exists') && w[i + 1]) {
          out.preloads.push({ loader: 'node-env-file-flag', path: w[i + 1], override: false, ...(a.endsWith('if-exists') ? { optional: true } : {}) });
          i += 2;
          continue;
        }
        if ((a === '-r' || a === '--require' || a === '--import' || a === '-i') && w[i + 1]) {
          const mod = w[i + 1] ?? '';
          if (/^(dotenv\/config|dotenv-flow\/config|@dotenvx\/dotenvx\/config|dotenv-safe\/config)$/.test(mod)) out.preloads.push({ loader: 'dotenv/config', override: false });
          i += 2;
          continue;
        }
        if (/^--(require|import)=(dotenv\/config|dotenv-flow\/config)$/.test(a)) {
          out.preloads.push({ loader: 'dotenv/config', override: false });
          i++;
          continue;
        }
        if (runner === 'nodemon' && (a === '--exec' || a === '-x')) {
          i += 2;
          continue;
        }
        if (a.startsWith('-')) {
          i += (VALUE_OPTS[runner] ?? NO_OPTS).has(a) ? 2 : 1;
          continue;
        }
        out.file = a;
        break;
      }
      // dotenv_config_path=... after the script
      for (const a of w.slice(i + 1)) {
        const m = /^dotenv_config_path=(.+)$/.exec(a);
        if (m?.[1]) {
          const pre = out.preloads.find((p) => p.loader === 'dotenv/config' && p.path === undefined);
          if (pre) pre.path = m[1];
        }
        if (/^dotenv_config_override=true$/.test(a)) for (const p of out.preloads) if (p.loader === 'dotenv/config') p.override = true;
      }
      continue;
    }
    if (PY_RUNNERS.has(runner)) {
      out.runner = runner;
      const rest = w.slice(i + 1);
      const py = rest.find((a) => /\.py$/.test(a));
      if (py) out.file = py;
      const envFile = rest.findIndex((a) => a === '--env-file');
      if (envFile >= 0 && rest[envFile + 1]) out.preloads.push({ loader: 'uvicorn-env-file', path: rest[envFile + 1], override: false });
    }
  }
  return out;
}

const JS_EXTS = ['', '.js', '.ts', '.mjs', '.cjs', '.mts', '.cts', '.tsx', '.jsx', '/index.js', '/index.ts', '/index.mjs'];

/** Resolves a script's file argument against the project listing. */
export function resolveScriptFile(cwd: string, file: string, exists: (rel: string) => boolean): string | undefined {
  const base = joinRel(cwd, file);
  if (base === undefined) return undefined;
  for (const ext of JS_EXTS) {
    const c = base === '' ? ext.replace(/^\//, '') : base + ext;
    if (c && exists(c)) return c;
  }
  // TypeScript build output: dist/index.js → src/index.ts
  const m = /^(.*?)(?:^|\/)(dist|build|out|lib)\/(.*)\.(m?js|cjs)$/.exec(base);
  if (m) {
    const prefix = m[1] ? m[1] + '/' : '';
    for (const ext of ['.ts', '.mts', '.js', '.tsx']) {
      const c = `${prefix}src/${m[3]}${ext}`;
      if (exists(c)) return c;
    }
  }
  return undefined;
}

export function packageEntryPoints(root: string, pkgs: PackageJson[], exists: (rel: string) => boolean): EntryPoint[] {
  const out: EntryPoint[] = [];
  for (const pkg of pkgs) {
    const dir = dirOf(pkg.rel);
    for (const [name, cmd] of Object.entries(pkg.scripts)) {
      if (SKIP_SCRIPTS.test(name)) continue;
      const p = parseScript(cmd, dir);
      if (!p.runner) continue;
      const isPy = PY_RUNNERS.has(p.runner);
      let file = p.file ? resolveScriptFile(p.cwd, p.file, exists) : undefined;
      if (!file && p.framework) {
        const cfg = (CONFIG_FILES[p.framework] ?? []).map((c) => joinRel(p.cwd, c) ?? c).find((c) => exists(c));
        file = cfg ?? pkg.rel;
      }
      if (!file && !p.framework && p.runner === 'node' && !p.file) file = mainOf(root, pkg, exists);
      if (!file) continue;
      const preloads: DotenvLoad[] = p.preloads.map((pl, i) => ({ file: pkg.rel, line: 0, loader: pl.loader, ...(pl.path !== undefined ? { path: pl.path } : {}), ...(pl.optional ? { optional: true } : {}), override: pl.override, order: -100 + i, topLevel: true, base: pl.path && (pl.path.startsWith('/') || pl.path.startsWith('~')) ? 'absolute' : 'cwd' }));
      const ep: EntryPoint = { file, kind: isPy ? 'python' : 'node', label: `npm run ${name} (${cmd.length > 80 ? cmd.slice(0, 77) + '...' : cmd})`, script: name, cwd: p.cwd, runner: p.runner, declaredIn: pkg.rel };
      if (preloads.length) ep.preloads = preloads;
      if (p.framework) ep.framework = p.framework;
      out.push(ep);
    }
    // main / bin
    const m = mainOf(root, pkg, exists);
    if (m && !out.some((e) => e.file === m)) out.push({ file: m, kind: 'node', label: `node ${posix.relative(dir || '.', m)} (package.json main)`, cwd: dir, runner: 'node', declaredIn: pkg.rel });
    for (const b of binsOf(root, pkg)) {
      const f = resolveScriptFile(dir, b, exists);
      if (f && !out.some((e) => e.file === f)) out.push({ file: f, kind: 'node', label: `${f} (package.json bin)`, cwd: dir, runner: 'node', declaredIn: pkg.rel });
    }
  }
  return out;
}

function readPkg(root: string, pkg: PackageJson): Record<string, unknown> {
  try {
    const buf = readFileLimited(join(root, pkg.rel), MAX_PACKAGE_JSON);
    if (typeof buf === 'number') return {};
    const v: unknown = JSON.parse(buf.toString('utf8'));
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function mainOf(root: string, pkg: PackageJson, exists: (rel: string) => boolean): string | undefined {
  const j = readPkg(root, pkg);
  const main = typeof j.main === 'string' ? j.main : undefined;
  if (!main) {
    // no main: index.js in the package folder is what `node .` runs
    const d = dirOf(pkg.rel);
    return ['index.js', 'index.mjs', 'server.js'].map((f) => joinRel(d, f) ?? f).find((f) => exists(f) && Object.keys(pkg.dependencies).includes('openai'));
  }
  return resolveScriptFile(dirOf(pkg.rel), main, exists);
}

function binsOf(root: string, pkg: PackageJson): string[] {
  const j = readPkg(root, pkg);
  if (typeof j.bin === 'string') return [j.bin];
  if (j.bin && typeof j.bin === 'object') return Object.values(j.bin).filter((v): v is string => typeof v === 'string');
  return [];
}

/** Procfile lines: `web: uvicorn main:app --env-file .env`, `worker: node worker.js`. */
export function procfileEntryPoints(root: string, rel: string, exists: (rel: string) => boolean): EntryPoint[] {
  const out: EntryPoint[] = [];
  const text = readTextFile(join(root, rel), rel, [], { max: MAX_PACKAGE_JSON, what: 'Procfile' });
  if (text === undefined) return out;
  const dir = dirOf(rel);
  for (const line of text.split('\n')) {
    const m = /^([\w-]+):\s*(.+)$/.exec(line.trim());
    if (!m?.[2]) continue;
    const p = parseScript(m[2], dir);
    if (!p.runner) continue;
    let file = p.file ? (PY_RUNNERS.has(p.runner) ? (exists(joinRel(p.cwd, p.file) ?? '') ? joinRel(p.cwd, p.file) : undefined) : resolveScriptFile(p.cwd, p.file, exists)) : undefined;
    if (!file && PY_RUNNERS.has(p.runner)) {
      const mod = /\b([\w.]+):[\w]+/.exec(m[2])?.[1];
      if (mod) file = [mod.replace(/\./g, '/') + '.py'].map((f) => joinRel(p.cwd, f) ?? f).find((f) => exists(f));
    }
    if (!file) continue;
    out.push({ file, kind: PY_RUNNERS.has(p.runner) ? 'python' : 'node', label: `${m[1]}: ${m[2].slice(0, 80)} (Procfile)`, cwd: p.cwd, runner: p.runner, declaredIn: rel, ...(p.preloads.length ? { preloads: p.preloads.map((pl) => ({ file: rel, line: 0, loader: pl.loader, ...(pl.path ? { path: pl.path } : {}), override: pl.override, topLevel: true, base: 'cwd' as const })) } : {}) });
  }
  return out;
}

export function configFileExists(root: string, rel: string): boolean {
  return existsSync(join(root, rel));
}
