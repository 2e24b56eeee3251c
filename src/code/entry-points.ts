/**
 * What starts the app: package.json scripts (with their env-file preloads and working folder),
 * `main`/`bin`, Python `__main__` modules, framework conventions (Django, Flask, FastAPI, Streamlit),
 * Procfile lines and notebooks.
 */
import { existsSync } from 'node:fs';
import { readFileLimited } from '../core/read-file.js';
import { MAX_PACKAGE_JSON } from '../collect/project.js';
import { join, posix } from 'node:path';
import type { PackageJson } from '../core/facts.js';
import type { DotenvLoad, EntryPoint } from './types.js';
import { parseCommandLine } from '../collect/launch/parse.js';
import type { Launch, LaunchFact } from '../collect/launch/types.js';
import { PATH_JOIN, dirOf, joinInside } from '../core/paths.js';

const PY_RUNNERS = new Set([
  'python',
  'python3',
  'py',
  'uvicorn',
  'gunicorn',
  'flask',
  'streamlit',
  'hypercorn',
  'fastapi',
  'uv',
  'poetry',
  'pipenv',
]);
const SKIP_SCRIPTS =
  /^(test|lint|format|fmt|prettier|eslint|typecheck|type-check|tsc|clean|prepare|postinstall|preinstall|install|release|publish|version|docs?|storybook|coverage|e2e|cy|cypress|playwright|precommit|pre-commit|husky)(:|$)/;

const CONFIG_FILES: Record<string, string[]> = {
  next: ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs'],
  vite: ['vite.config.ts', 'vite.config.js', 'vite.config.mjs', 'vite.config.mts'],
  nuxt: ['nuxt.config.ts', 'nuxt.config.js'],
  astro: ['astro.config.mjs', 'astro.config.ts'],
  sveltekit: ['svelte.config.js'],
  remix: ['remix.config.js', 'vite.config.ts'],
};

export interface ScriptParse {
  runner?: string;
  framework?: string;
  file?: string;
  /** `uvicorn main:app`, `python -m pkg.app`: the module it runs. */
  module?: string;
  cwd: string;
  preloads: Array<{ loader: string; path?: string; override: boolean; optional?: boolean }>;
}

const WRAPPER_LOADERS: Partial<Record<string, string>> = {
  'dotenv-cli': 'dotenv-cli',
  dotenvx: 'dotenvx',
  'env-cmd': 'env-cmd',
  'python-dotenv': 'python-dotenv-cli',
  pipenv: 'pipenv',
};
const ENTRY_RUNTIMES = new Set(['node', 'bun', 'deno', 'python', 'next', 'vite', 'cra', 'framework', 'pm2']);

/** What the entry points need from a parsed command line (src/collect/launch): the runner, its file, its folder, the env files it loads itself. */
export function scriptParse(segments: Launch[], main: Launch | undefined, pkgDir: string): ScriptParse {
  const out: ScriptParse = { cwd: main?.cwd ?? segments.at(-1)?.cwd ?? pkgDir, preloads: [] };
  for (const s of segments) {
    if (s.assigns.DOTENV_CONFIG_PATH)
      out.preloads.push({ loader: 'dotenv/config', path: s.assigns.DOTENV_CONFIG_PATH, override: false });
    for (const w of s.wrappers) {
      const loader = WRAPPER_LOADERS[w.tool];
      if (!loader) continue;
      if (w.defaulted)
        out.preloads.push({
          loader,
          ...(w.tool === 'env-cmd' || w.tool === 'pipenv' || w.tool === 'python-dotenv' ? { path: '.env' } : {}),
          override: w.override,
        });
      else
        for (const f of w.files)
          for (const x of f.split(',')) if (x) out.preloads.push({ loader, path: x, override: w.override });
    }
    for (const e of s.envFiles)
      out.preloads.push({
        loader: e.by === 'node' || e.by === 'bun' || e.by === 'deno' ? 'node-env-file-flag' : `${e.by}-env-file`,
        path: e.path,
        override: false,
        ...(e.ifExists ? { optional: true } : {}),
      });
    if (s.preload)
      out.preloads.push({
        loader: 'dotenv/config',
        ...(s.preload.path !== undefined ? { path: s.preload.path } : {}),
        override: s.preload.override === true,
      });
  }
  if (!main || !main.runtime || !ENTRY_RUNTIMES.has(main.runtime)) return out;
  out.runner = main.via ?? main.program;
  const fw =
    main.runtime === 'cra'
      ? 'cra'
      : main.runtime === 'next' || main.runtime === 'vite'
        ? main.runtime
        : main.runtime === 'framework'
          ? main.framework
          : undefined;
  if (fw) out.framework = fw;
  // pm2 started on an ecosystem file: the apps it lists are the entry points, not the file itself
  if (
    main.file &&
    !(main.runtime === 'pm2' && /(^|\/)(ecosystem[^/]*|[^/]*\.config\.[cm]?js|[^/]*\.(json|ya?ml))$/.test(main.file))
  )
    out.file = main.file;
  if (main.module) out.module = main.module;
  return out;
}

/** Parses one package.json script command (`cd api && dotenv -e .env.local -- node --env-file=.env src/index.js`). */
export function parseScript(cmd: string, pkgDir: string): ScriptParse {
  const p = parseCommandLine(cmd, pkgDir);
  return scriptParse(p.segments, p.main, pkgDir);
}

/** The python file of `pkg.mod:app` / `pkg.mod`, when the project has it. */
function moduleFile(cwd: string, mod: string, exists: (rel: string) => boolean): string | undefined {
  const base = mod.replace(/:.*$/, '').replace(/\./g, '/');
  return [`${base}.py`, `${base}/__main__.py`, `${base}/__init__.py`]
    .map((f) => joinInside(cwd, f, PATH_JOIN) ?? f)
    .find((f) => exists(f));
}

const JS_EXTS = [
  '',
  '.js',
  '.ts',
  '.mjs',
  '.cjs',
  '.mts',
  '.cts',
  '.tsx',
  '.jsx',
  '/index.js',
  '/index.ts',
  '/index.mjs',
];

/** Resolves a script's file argument against the project listing. */
export function resolveScriptFile(cwd: string, file: string, exists: (rel: string) => boolean): string | undefined {
  const base = joinInside(cwd, file, PATH_JOIN);
  if (base === undefined) return undefined;
  for (const ext of JS_EXTS) {
    const c = base === '' ? ext.replace(/^\//, '') : base + ext;
    if (c && exists(c)) return c;
  }
  // TypeScript build output: dist/index.js → src/index.ts; with `outDir: "./dist/src"` (firecrawl), dist/src/index.js → src/index.ts
  const m = /^(.*?)(?:^|\/)(dist|build|out|lib)\/(.*)\.(m?js|cjs)$/.exec(base);
  if (m) {
    const prefix = m[1] ? m[1] + '/' : '';
    for (const rest of [`src/${m[3]}`, m[3]]) {
      for (const ext of ['.ts', '.mts', '.js', '.tsx']) {
        const c = `${prefix}${rest}${ext}`;
        if (exists(c)) return c;
      }
    }
  }
  return undefined;
}

export function packageEntryPoints(
  root: string,
  pkgs: PackageJson[],
  exists: (rel: string) => boolean,
  launches: LaunchFact[] = [],
): EntryPoint[] {
  const out: EntryPoint[] = [];
  for (const pkg of pkgs) {
    const dir = dirOf(pkg.rel);
    for (const [name, cmd] of Object.entries(pkg.scripts)) {
      if (SKIP_SCRIPTS.test(name)) continue;
      const fact = launches.find(
        (l) =>
          l.origin.kind === 'package-script' &&
          l.origin.file === pkg.rel &&
          l.origin.name === name &&
          l.command === cmd,
      );
      const p = fact ? scriptParse(fact.segments, fact.main, dir) : parseScript(cmd, dir);
      if (!p.runner) continue;
      const isPy = PY_RUNNERS.has(p.runner);
      let file = p.file ? (isPy ? pyFile(p.cwd, p.file, exists) : resolveScriptFile(p.cwd, p.file, exists)) : undefined;
      if (!file && isPy && p.module) file = moduleFile(p.cwd, p.module, exists);
      if (!file && p.framework) {
        const cfg = (CONFIG_FILES[p.framework] ?? [])
          .map((c) => joinInside(p.cwd, c, PATH_JOIN) ?? c)
          .find((c) => exists(c));
        file = cfg ?? pkg.rel;
      }
      if (!file && !p.framework && p.runner === 'node' && !p.file) file = mainOf(root, pkg, exists);
      if (!file) continue;
      const preloads: DotenvLoad[] = p.preloads.map((pl, i) => ({
        file: pkg.rel,
        line: 0,
        loader: pl.loader,
        ...(pl.path !== undefined ? { path: pl.path } : {}),
        ...(pl.optional ? { optional: true } : {}),
        override: pl.override,
        order: -100 + i,
        topLevel: true,
        base: pl.path && (pl.path.startsWith('/') || pl.path.startsWith('~')) ? 'absolute' : 'cwd',
      }));
      const ep: EntryPoint = {
        file,
        kind: isPy ? 'python' : 'node',
        label: `npm run ${name} (${cmd.length > 80 ? cmd.slice(0, 77) + '...' : cmd})`,
        script: name,
        cwd: p.cwd,
        runner: p.runner,
        declaredIn: pkg.rel,
      };
      if (preloads.length) ep.preloads = preloads;
      if (p.framework) ep.framework = p.framework;
      const main = fact?.main;
      if (main) ep.launch = main;
      out.push(ep);
    }
    // main / bin
    const m = mainOf(root, pkg, exists);
    if (m && !out.some((e) => e.file === m))
      out.push({
        file: m,
        kind: 'node',
        label: `node ${posix.relative(dir || '.', m)} (package.json main)`,
        cwd: dir,
        runner: 'node',
        declaredIn: pkg.rel,
      });
    for (const b of binsOf(root, pkg)) {
      const f = resolveScriptFile(dir, b, exists);
      if (f && !out.some((e) => e.file === f))
        out.push({
          file: f,
          kind: 'node',
          label: `${f} (package.json bin)`,
          cwd: dir,
          cwdOpen: true,
          runner: 'node',
          declaredIn: pkg.rel,
        });
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
    return ['index.js', 'index.mjs', 'server.js']
      .map((f) => joinInside(d, f, PATH_JOIN) ?? f)
      .find((f) => exists(f) && Object.keys(pkg.dependencies).includes('openai'));
  }
  return resolveScriptFile(dirOf(pkg.rel), main, exists);
}

function binsOf(root: string, pkg: PackageJson): string[] {
  const j = readPkg(root, pkg);
  if (typeof j.bin === 'string') return [j.bin];
  if (j.bin && typeof j.bin === 'object') return Object.values(j.bin).filter((v): v is string => typeof v === 'string');
  return [];
}

function pyFile(cwd: string, file: string, exists: (rel: string) => boolean): string | undefined {
  const f = joinInside(cwd, file, PATH_JOIN);
  return f && exists(f) ? f : undefined;
}

/** Procfile lines (launch facts of kind `procfile`): `web: uvicorn main:app --env-file .env`, `worker: node worker.js`. */
export function procfileEntryPoints(launches: LaunchFact[], exists: (rel: string) => boolean): EntryPoint[] {
  const out: EntryPoint[] = [];
  for (const l of launches) {
    if (l.origin.kind !== 'procfile') continue;
    const p = scriptParse(l.segments, l.main, l.dir);
    if (!p.runner) continue;
    const isPy = PY_RUNNERS.has(p.runner);
    let file = p.file ? (isPy ? pyFile(p.cwd, p.file, exists) : resolveScriptFile(p.cwd, p.file, exists)) : undefined;
    if (!file && isPy && p.module) file = moduleFile(p.cwd, p.module, exists);
    if (!file) continue;
    out.push({
      file,
      kind: isPy ? 'python' : 'node',
      label: `${l.origin.name}: ${l.command.slice(0, 80)} (${l.origin.file})`,
      cwd: p.cwd,
      runner: p.runner,
      declaredIn: l.origin.file,
      ...(l.main ? { launch: l.main } : {}),
      ...(p.preloads.length
        ? {
            preloads: p.preloads.map((pl) => ({
              file: l.origin.file,
              line: l.origin.line ?? 0,
              loader: pl.loader,
              ...(pl.path ? { path: pl.path } : {}),
              override: pl.override,
              topLevel: true,
              base: 'cwd' as const,
            })),
          }
        : {}),
    });
  }
  return out;
}

export function configFileExists(root: string, rel: string): boolean {
  return existsSync(join(root, rel));
}
