/** Limits and orders of the scan that the walk needs before the reader (read.ts) has loaded. */
import type { ScanHit } from './types.js';

/** Files larger than this are passed over with a note (25 MB). */
export const DEFAULT_MAX_FILE = 25 << 20;

/** Hits in path, line and column order (the order every report shows). */
export function sortHits(hits: ScanHit[]): ScanHit[] {
  return hits.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : a.line - b.line || a.column - b.column));
}
