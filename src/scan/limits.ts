/** Limits and orders of the scan that the walk needs before the reader (read.ts) has loaded. */
import type { ScanHit } from './types.js';

/** Files larger than this are passed over with a note (25 MB). */
export const DEFAULT_MAX_FILE = 25 << 20;

/** Hits in path, line and column order (the order every report shows). */
export function sortHits(hits: ScanHit[]): ScanHit[] {
  return hits.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : a.line - b.line || a.column - b.column));
}

/**
 * The keys of the hits in tracked files, by file, for asking whether the last commit holds them: files
 * git does not track are left out, and so are files with a key written encoded (base64, escaped), whose
 * committed text would not show the key as it is.
 */
export function keysByTrackedFile(hits: readonly ScanHit[], tracked: ReadonlySet<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const encoded = new Set<string>();
  for (const h of hits) {
    if (!tracked.has(h.rel)) continue;
    if (h.encoding !== undefined && h.encoding !== 'plain') encoded.add(h.rel);
    const l = out.get(h.rel);
    if (l) l.push(h.secret);
    else out.set(h.rel, [h.secret]);
  }
  for (const rel of encoded) out.delete(rel);
  return out;
}
