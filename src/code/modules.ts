/** Which project file an import names: relative and aliased (`@/`, `~/`) JavaScript specifiers, Python module paths. */
import { posix } from 'node:path';
import { PATH_JOIN, dirOf, joinInside } from '../core/paths.js';

const JS_RESOLVE_EXTS = ['', '.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts', '/index.ts', '/index.tsx', '/index.js', '/index.jsx', '/index.mjs'];

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

/** A Python module path (`pkg.mod`, `.sibling`) imported from `from` → the project file. */
export function resolvePy(from: string, spec: string, exists: (rel: string) => boolean): string | undefined {
  const dots = /^\.*/.exec(spec)?.[0].length ?? 0;
  const modPath = spec.slice(dots).split('.').filter(Boolean).join('/');
  const bases: string[] = [];
  if (dots > 0) {
    let d = dirOf(from);
    for (let i = 1; i < dots; i++) d = dirOf(d);
    bases.push(d);
  } else {
    bases.push(dirOf(from), '', 'src');
  }
  for (const b of bases) {
    const p = modPath ? (b ? `${b}/${modPath}` : modPath) : b;
    if (modPath && exists(p + '.py')) return p + '.py';
    if (exists((p ? p + '/' : '') + '__init__.py')) return (p ? p + '/' : '') + '__init__.py';
  }
  return undefined;
}


/**
 * resolveJs and resolvePy remembered per importing folder and specifier (what they answer depends on
 * nothing else), for one project's listing: thousands of files import the same few modules.
 */
type Resolve = (from: string, spec: string) => string | undefined;

export function cachedResolvers(exists: (rel: string) => boolean): { js: Resolve; py: Resolve } {
  const js = new Map<string, string | undefined>();
  const py = new Map<string, string | undefined>();
  const memo = (cache: Map<string, string | undefined>, resolve: typeof resolveJs): Resolve => (from, spec) => {
    const key = `${dirOf(from)}\0${spec}`;
    if (cache.has(key)) return cache.get(key);
    const r = resolve(from, spec, exists);
    cache.set(key, r);
    return r;
  };
  return { js: memo(js, resolveJs), py: memo(py, resolvePy) };
}
