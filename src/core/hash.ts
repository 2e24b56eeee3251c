/**
 * SHA-256 for fingerprints (scan baselines, SARIF). node:crypto loads on the first call: most runs
 * never hash anything, and loading it costs several milliseconds of every start.
 */
import { nodeRequire } from './require.js';
import type * as Crypto from 'node:crypto';

let crypto: typeof Crypto | undefined;

export function sha256hex(data: string): string {
  crypto ??= nodeRequire()('node:crypto') as typeof Crypto;
  return crypto.createHash('sha256').update(data).digest('hex');
}
