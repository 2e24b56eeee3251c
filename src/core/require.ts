/**
 * Node's synchronous require, for what loads on first use (built-ins, the optional addon, parsers).
 * In the CommonJS bundle (dist/cli) it is the bundle's own; from the ES modules (dist/src) it is made
 * once from this module's URL. `createRequire(import.meta.url)` at every lazy load would turn a file
 * URL into a path each time (in the bundle: __filename into a URL and back), about a millisecond
 * of every start for nothing.
 */
import { createRequire } from 'node:module';

let req: NodeJS.Require | undefined;

export function nodeRequire(): NodeJS.Require {
  return (req ??= typeof require === 'function' ? require : createRequire(import.meta.url));
}
