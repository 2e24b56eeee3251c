/**
 * SHA-256 for fingerprints (scan baselines, SARIF). node:crypto loads on the first call: most runs
 * never hash anything, and loading it costs several milliseconds of every start.
 */
import { nodeRequire } from './require.js';
import type * as Crypto from 'node:crypto';

let crypto: typeof Crypto | undefined;

/** crypto.hash (Node 20.12 and later): one call, about a third of createHash's cost on short inputs. */
type OneShot = (algorithm: string, data: string, encoding: 'hex') => string;

export function sha256hex(data: string): string {
  crypto ??= nodeRequire()('node:crypto') as typeof Crypto;
  const hash = (crypto as unknown as { hash?: OneShot }).hash;
  return hash ? hash('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex');
}
