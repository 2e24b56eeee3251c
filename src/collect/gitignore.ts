/**
 * .gitignore rules for the walks. The project walk and the scan walk read the same .gitignore
 * files and test the same paths: one `ignore` instance per file and content serves both, so the
 * second walk's tests come from the first one's cache.
 */
import { readFileLimited } from '../core/read-file.js';

/** A .gitignore larger than this is not read (the walk notes it as unreadable). */
const MAX_GITIGNORE = 4 << 20;
import { createRequire } from 'node:module';
import type { Ignore } from 'ignore';

// Loaded with require: importing the CommonJS package from ESM costs a parse of its source for named exports.
let factory: (() => Ignore) | undefined;
const cache = new Map<string, { text: string; ig: Ignore }>();

/** The rules of the .gitignore at `path` (throws when it cannot be read). */
export function gitignoreAt(path: string): Ignore {
  const buf = readFileLimited(path, MAX_GITIGNORE);
  if (typeof buf === 'number') throw Object.assign(new Error(`.gitignore of ${buf} bytes`), { code: 'EFBIG' });
  const text = buf.toString('utf8');
  const hit = cache.get(path);
  if (hit && hit.text === text) return hit.ig;
  factory ??= createRequire(import.meta.url)('ignore') as () => Ignore;
  const ig = factory().add(text);
  cache.set(path, { text, ig });
  return ig;
}
