/**
 * V8's code cache for the CLI's own bundle (dist/cli/*.cjs): a run compiles only what no run before
 * it compiled. Node 22.1 and later do this themselves (module.enableCompileCache, used when present);
 * on Node 20 this module does it for the bundle's chunks:
 * - a chunk is compiled as vm.Script with its cache (V8 rejects one made by another V8, other flags
 *   or other source, and the chunk is then compiled as usual);
 * - the cache of a chunk that had none is made at the end of the run (saveCompileCache), so it
 *   holds the functions the run compiled lazily too, not only the top level: that is where the time
 *   goes (measured: a cache made before running saves nothing, one made after saves 8 ms of a scan).
 * - a chunk's cache holds what its first run compiled of it: each command has its own set of
 *   caches (.cache/scan, .cache/doctor, ...), so the doctor's paths through the chunks it shares
 *   with the scan do not make every scan read a larger cache; `npm run build` (and the install)
 *   runs scripts/warm-cache.mjs, whose scan of a tree with archives and keys makes the scan's set,
 *   so a first scan of a tree of plain files does not leave the archive code out of it;
 * The cache lives beside the chunks (dist/cli/.cache, rebuilt with them): whoever can write there can
 * change keydoctor's code anyway, unlike a shared temporary folder. Where it cannot be written (a
 * read-only install), nothing is cached. KEYDOCTOR_COMPILE_CACHE=0 turns it off. Nothing in it comes
 * from the user's files: it is compiled code of keydoctor's own source.
 */
import Module from 'node:module';
import { Script } from 'node:vm';
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

interface CjsModule {
  exports: unknown;
  require(id: string): unknown;
}
type Compile = (this: CjsModule, content: string, filename: string) => unknown;
interface ModuleInternals {
  prototype: { _compile: Compile };
  _resolveFilename(request: string, parent: CjsModule, isMain: boolean, options?: unknown): string;
  _extensions: unknown;
  _cache: unknown;
  enableCompileCache?: (dir: string) => unknown;
  flushCompileCache?: () => void;
}

const fresh: Array<[script: Script, file: string]> = [];
let cacheDir: string | undefined;
/** Node keeps the cache itself (22.1 and later). */
let builtin = false;

/**
 * Starts using the cache for the chunks in `dir` (the bundle's folder): one set of caches per
 * command (`set`), since a chunk's cache holds what its first run compiled of it, and commands go
 * through the chunks they share (the report, the masking, the formatters) by different paths.
 */
export function useCompileCache(dir: string, env: NodeJS.ProcessEnv, set = 'doctor'): void {
  if (env.KEYDOCTOR_COMPILE_CACHE === '0' || cacheDir !== undefined) return;
  cacheDir = join(dir, '.cache', set);
  const M = Module as unknown as ModuleInternals;
  if (typeof M.enableCompileCache === 'function') {
    try {
      M.enableCompileCache(cacheDir);
      builtin = true;
    } catch {
      // no cache, then
    }
    return;
  }
  const compile = M.prototype._compile;
  const tag = `${process.versions.v8}-${process.arch}`;
  const where = cacheDir;
  M.prototype._compile = function (this: CjsModule, content: string, filename: string): unknown {
    if (dirname(filename) !== dir || !filename.endsWith('.cjs')) return compile.call(this, content, filename);
    const file = join(where, `${basename(filename)}.${tag}`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(file);
    } catch {
      // not made yet
    }
    let script: Script;
    try {
      // Node's own CommonJS wrapper, on the first line as Node puts it.
      script = new Script(`(function (exports, require, module, __filename, __dirname) { ${content}\n});`, {
        filename,
        cachedData,
      });
    } catch {
      return compile.call(this, content, filename);
    }
    if (!cachedData || script.cachedDataRejected) fresh.push([script, file]);
    const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const require = Object.assign((id: string) => this.require(id), {
      resolve: (request: string, options?: unknown) => M._resolveFilename(request, this, false, options),
      main: (process as unknown as { mainModule?: unknown }).mainModule,
      extensions: M._extensions,
      cache: M._cache,
    });
    return fn.call(this.exports, this.exports, require, this, filename, dirname(filename));
  };
}

/** Writes the cache of every chunk this run compiled without one (each file whole, or not at all). */
export function saveCompileCache(): void {
  if (builtin) {
    // Node writes its cache at exit, which the quick exit (quick-exit.ts) skips: now, then.
    try {
      (Module as unknown as ModuleInternals).flushCompileCache?.();
    } catch {
      // not written: the next run compiles as usual
    }
    return;
  }
  if (!cacheDir || fresh.length === 0) return;
  try {
    mkdirSync(cacheDir, { recursive: true });
  } catch {
    return;
  }
  for (const [script, file] of fresh.splice(0)) {
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, file);
    } catch {
      // read-only, full, or gone: the next run compiles as usual
      try {
        unlinkSync(tmp);
      } catch {
        // never made
      }
    }
  }
}
