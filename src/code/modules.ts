/** Which project file an import names: relative and aliased (`@/`, `~/`) JavaScript specifiers, Python module paths. */
import { posix } from 'node:path';
import { PATH_JOIN, dirOf, joinInside } from '../core/paths.js';

const JS_RESOLVE_EXTS = [
  '',
  '.ts',
  '.tsx',
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
  '.mts',
  '.cts',
  '/index.ts',
  '/index.tsx',
  '/index.js',
  '/index.jsx',
  '/index.mjs',
];

/** A JavaScript/TypeScript import specifier → the project file it loads (extensions and index files tried as bundlers do). */
export function resolveJs(from: string, spec: string, exists: (rel: string) => boolean): string | undefined {
  let base: string | undefined;
  if (spec.startsWith('.')) base = joinInside(dirOf(from), spec, PATH_JOIN);
  else if (spec.startsWith('@/') || spec.startsWith('~/')) {
    for (const root of ['src', '', 'app']) {
      const r = resolveJs('', './' + posix.join(root || '.', spec.slice(2)), exists);
      if (r) return r;
    }
    return undefined;
  } else return undefined;
  if (base === undefined) return undefined;
  for (const ext of JS_RESOLVE_EXTS) {
    const c = base + ext;
    if (exists(c)) return c;
  }
  const m = /^(.*)\.(m?js|cjs|jsx)$/.exec(base); // TS ESM style: './x.js' means x.ts
  if (m) for (const ext of ['.ts', '.tsx', '.mts', '.cts']) if (exists(m[1] + ext)) return m[1] + ext;
  return undefined;
}

/**
 * A Python module path (`pkg.mod`, `.sibling`) imported from `from` → the project file. An absolute
 * import is looked up as Python's `sys.path` would find it: the importing script's folder, the
 * project root and `src/`, then the folder above a package the importing file sits in
 * (`from fastapi_app.clients import x` inside `src/backend/fastapi_app/`), then the roots of the
 * installable packages in the project (`roots`: folders with a pyproject.toml or setup.py, and their
 * `src/`, which `pip install -e DIR` puts on the path).
 */
export function resolvePy(
  from: string,
  spec: string,
  exists: (rel: string) => boolean,
  roots: readonly string[] = [],
): string | undefined {
  const dots = /^\.*/.exec(spec)?.[0].length ?? 0;
  const modPath = spec.slice(dots).split('.').filter(Boolean).join('/');
  const dir = dirOf(from);
  for (const b of pyBases(dir, modPath, dots, roots, exists(`${dir}/__init__.py`))) {
    const p = modPath ? (b ? `${b}/${modPath}` : modPath) : b;
    if (modPath && exists(p + '.py')) return p + '.py';
    if (exists((p ? p + '/' : '') + '__init__.py')) return (p ? p + '/' : '') + '__init__.py';
  }
  return undefined;
}

/**
 * Libraries a provider module of a package is often named after (`mem0/llms/openai.py` beside
 * `mem0/llms/azure_openai.py`): `import openai` in a module of that package imports the library, not
 * the sibling (Python 3 has no implicit relative imports; only a script run from that folder would
 * see it, and then the library itself would be shadowed).
 */
const LIBRARY_NAMES = new Set([
  'openai',
  'anthropic',
  'groq',
  'mistralai',
  'cohere',
  'together',
  'ollama',
  'litellm',
  'google',
  'vertexai',
  'boto3',
  'azure',
  'dotenv',
  'langchain',
  'langchain_openai',
  'langchain_core',
  'langchain_community',
  'llama_index',
  'huggingface_hub',
  'transformers',
  'tiktoken',
  'requests',
  'httpx',
  'pydantic',
]);

/**
 * Where an import of `modPath` (with `dots` leading dots) from a file in folder `dir` is looked for,
 * in order, each once. `inPackage`: `dir` holds an `__init__.py`.
 */
function pyBases(dir: string, modPath: string, dots: number, roots: readonly string[], inPackage = false): string[] {
  const bases: string[] = [];
  if (dots > 0) {
    let d = dir;
    for (let i = 1; i < dots; i++) d = dirOf(d);
    return [d];
  }
  const first = modPath.split('/')[0] ?? '';
  if (!(inPackage && dir !== '' && LIBRARY_NAMES.has(first))) bases.push(dir);
  bases.push('', 'src');
  // the importing file is inside package `first`: the folder above that package is on the path
  for (let d = dir; d; d = dirOf(d)) {
    const name = d.includes('/') ? d.slice(d.lastIndexOf('/') + 1) : d;
    if (name === first) bases.push(dirOf(d));
  }
  for (const r of roots) bases.push(r);
  return [...new Set(bases)];
}

/**
 * The project's files by stem (the path without its last extension: `src/a/index` → {`.ts`}), so a
 * resolution asks one question per candidate stem instead of one per extension it tries.
 */
export interface FileIndex {
  has(rel: string): boolean;
  /** The extensions (with the dot, no other dot in them) that files named `${stem}${ext}` have. */
  exts(stem: string): { has(ext: string): boolean } | undefined;
  /** Names directly in a folder ('' for the root): its subfolders, its files, and its files' stems. */
  names(dir: string): ReadonlySet<string> | undefined;
}

export function fileIndex(listed: Iterable<string>): FileIndex {
  const files = new Set<string>();
  const names = new Map<string, Set<string>>();
  const name = (dir: string, n: string): boolean => {
    const set = names.get(dir);
    if (!set) {
      names.set(dir, new Set([n]));
      return true;
    }
    if (set.has(n)) return false;
    set.add(n);
    return true;
  };
  for (const rel of listed) {
    files.add(rel);
    const slash = rel.lastIndexOf('/');
    const dot = rel.lastIndexOf('.');
    const dir = slash < 0 ? '' : rel.slice(0, slash);
    name(dir, rel.slice(slash + 1));
    if (dot > slash) name(dir, rel.slice(slash + 1, dot));
    // the folders on the way, each a name in its parent (stopping at one already known)
    for (let d = dir; d !== '';) {
      const s = d.lastIndexOf('/');
      const parent = s < 0 ? '' : d.slice(0, s);
      if (!name(parent, d.slice(s + 1))) break;
      d = parent;
    }
  }
  // `${stem}${ext}` listed, for an extension that is the file's last: no map of stems to build (one set
  // per file of the listing, tens of thousands in a large tree), the listing itself answers
  const ext = (stem: string) => ({
    has: (e: string) => e.lastIndexOf('.') === 0 && files.has(stem + e),
  });
  return { has: (rel) => files.has(rel), exts: ext, names: (dir) => names.get(dir) };
}

const JS_EXTS = JS_RESOLVE_EXTS.filter((e) => e.startsWith('.'));
const JS_INDEX_EXTS = JS_RESOLVE_EXTS.filter((e) => e.startsWith('/index')).map((e) => e.slice('/index'.length));
const TS_FOR_JS = ['.ts', '.tsx', '.mts', '.cts'];

/** The first of `exts` that `stem` has, as a file name. */
function firstWith(idx: FileIndex, stem: string, exts: readonly string[]): string | undefined {
  const have = idx.exts(stem);
  if (!have) return undefined;
  for (const e of exts) if (have.has(e)) return stem + e;
  return undefined;
}

/** resolveJs over a file index: the same answer, candidates looked up by stem. */
export function resolveJsIndexed(from: string, spec: string, idx: FileIndex): string | undefined {
  return resolveJsIn(dirOf(from), spec, idx);
}

/** resolveJsIndexed for an importing file in folder `dir`. */
function resolveJsIn(dir: string, spec: string, idx: FileIndex): string | undefined {
  let base: string | undefined;
  if (spec.startsWith('.')) base = joinInside(dir, spec, PATH_JOIN);
  else if (spec.startsWith('@/') || spec.startsWith('~/')) {
    for (const root of ['src', '', 'app']) {
      const r = resolveJsIn('', './' + posix.join(root || '.', spec.slice(2)), idx);
      if (r) return r;
    }
    return undefined;
  } else return undefined;
  if (base === undefined) return undefined;
  if (idx.has(base)) return base;
  const r = firstWith(idx, base, JS_EXTS) ?? firstWith(idx, `${base}/index`, JS_INDEX_EXTS);
  if (r) return r;
  const m = /^(.*)\.(m?js|cjs|jsx)$/.exec(base);
  return m ? firstWith(idx, m[1] as string, TS_FOR_JS) : undefined;
}

/** resolvePy over a file index: the same answer, each candidate module looked up once. */
export function resolvePyIndexed(
  from: string,
  spec: string,
  idx: FileIndex,
  roots: readonly string[] = [],
): string | undefined {
  return resolvePyIn(dirOf(from), spec, idx, roots);
}

/**
 * resolvePyIndexed for an importing file in folder `dir`. `bases`: pyBases' answers remembered by
 * folder and first segment (a resolver asks for the same few thousands of times).
 */
function resolvePyIn(
  dir: string,
  spec: string,
  idx: FileIndex,
  roots: readonly string[],
  bases?: Map<string, string[]>,
): string | undefined {
  let dots = 0;
  while (spec.charCodeAt(dots) === 46) dots++;
  const rest = spec.slice(dots);
  // `a.b.c` → `a/b/c` (empty segments, as in `a..b` or a trailing dot, dropped)
  const segs =
    rest.includes('..') || rest.startsWith('.') || rest.endsWith('.')
      ? rest.split('.').filter(Boolean)
      : rest
        ? rest.split('.')
        : [];
  const modPath = segs.join('/');
  const first = segs[0];
  const last = segs[segs.length - 1];
  const parentPath = segs.length > 1 ? modPath.slice(0, modPath.length - (last as string).length - 1) : '';
  let list: string[] | undefined;
  if (bases && dots === 0) {
    const key = `${dir}\0${first ?? ''}`;
    list = bases.get(key);
    if (!list) bases.set(key, (list = pyBases(dir, modPath, dots, roots, idx.has(`${dir}/__init__.py`))));
  } else list = pyBases(dir, modPath, dots, roots, idx.has(`${dir}/__init__.py`));
  for (const b of list) {
    // `b/first.py` or a folder `b/first/` is where every candidate below starts
    if (first !== undefined && !idx.names(b)?.has(first)) continue;
    // `p.py` and `p/__init__.py` both need `last` (a stem or a folder) in p's folder
    if (segs.length > 1 && !idx.names(b ? (parentPath ? `${b}/${parentPath}` : b) : parentPath)?.has(last as string))
      continue;
    const p = modPath ? (b ? `${b}/${modPath}` : modPath) : b;
    if (modPath && idx.exts(p)?.has('.py')) return p + '.py';
    const init = (p ? p + '/' : '') + '__init__';
    if (idx.exts(init)?.has('.py')) return init + '.py';
  }
  return undefined;
}

/**
 * resolveJs and resolvePy over one project's listing, remembered per importing folder and
 * specifier (what they answer depends on nothing else): thousands of files import the same few
 * modules, and most imports of a package name no project file.
 */
type Resolve = (from: string, spec: string) => string | undefined;

export function cachedResolvers(
  listed: Iterable<string>,
  pyRoots: readonly string[] = [],
): { js: Resolve; py: Resolve; index: FileIndex } {
  const index = fileIndex(listed);
  const memo = (resolve: (dir: string, spec: string, idx: FileIndex) => string | undefined): Resolve => {
    const byDir = new Map<string, Map<string, string | undefined>>();
    // the importing file of the last call, its folder and that folder's answers (a file's imports come together)
    let lastFrom: string | undefined;
    let dir = '';
    let cache = new Map<string, string | undefined>();
    return (from, spec) => {
      if (from !== lastFrom) {
        dir = dirOf(from);
        let c = byDir.get(dir);
        if (!c) byDir.set(dir, (c = new Map()));
        cache = c;
        lastFrom = from;
      }
      const hit = cache.get(spec);
      if (hit !== undefined || cache.has(spec)) return hit;
      const r = resolve(dir, spec, index);
      cache.set(spec, r);
      return r;
    };
  };
  const bases = new Map<string, string[]>();
  return { js: memo(resolveJsIn), py: memo((dir, spec, idx) => resolvePyIn(dir, spec, idx, pyRoots, bases)), index };
}

/** The folders `pip install -e` would put on `sys.path`: each package root (pyproject.toml, setup.py, setup.cfg) below the project root, and its `src/`. */
export function pythonRoots(files: Iterable<string>): string[] {
  const out: string[] = [];
  for (const f of files) {
    const base = f.slice(f.lastIndexOf('/') + 1);
    if (!f.includes('/') || (base !== 'pyproject.toml' && base !== 'setup.py' && base !== 'setup.cfg')) continue;
    const d = dirOf(f);
    if (/(^|\/)(node_modules|site-packages|\.venv|venv|\.tox)(\/|$)/.test(d) || out.includes(d)) continue;
    out.push(d, `${d}/src`);
  }
  return out;
}
