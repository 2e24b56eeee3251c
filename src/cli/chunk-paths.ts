/**
 * The bundle's chunks name each other by relative path (`require('./scan-base-1a2b3c4d.cjs')`,
 * always a file beside the one asking). Node's resolver would stat the path, resolve it through
 * realpath, and read the package scope for each of the twenty-odd chunks a run loads (a tenth of a
 * scan's start-up): those requests are resolved here to the file beside the chunk instead. Anything
 * else (built-ins, packages, other paths) goes to Node's resolver, unchanged.
 */
import Module from 'node:module';
import { dirname, join } from 'node:path';

interface Parent {
  filename?: string | null;
}
type Resolve = (request: string, parent: Parent | undefined, isMain: boolean, options?: unknown) => string;

/** `dir`: the bundle's folder (its realpath, as Node names the modules loaded from it). */
export function useChunkPaths(dir: string): void {
  const M = Module as unknown as { _resolveFilename: Resolve };
  const resolve = M._resolveFilename;
  M._resolveFilename = function (request, parent, isMain, options) {
    if (
      options === undefined &&
      request.startsWith('./') &&
      request.endsWith('.cjs') &&
      request.indexOf('/', 2) < 0 &&
      typeof parent?.filename === 'string' &&
      dirname(parent.filename) === dir
    )
      return join(dir, request.slice(2));
    return resolve.call(this, request, parent, isMain, options);
  };
}
