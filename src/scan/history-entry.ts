/**
 * The history and staged scans, loading history.ts (and git's reader) only when called: not on a
 * tree scan's path.
 */
import type { GitScan, HistoryOptions } from './history.js';

/** Every reachable commit, or those after `sinceRef` (history.js, and git, load only when asked for: not on a tree scan's path). */
export async function scanHistory(root: string, opts: HistoryOptions = {}): Promise<GitScan> {
  return (await import('./history.js')).scanHistory(root, opts);
}

/** What the next commit adds. */
export async function scanStaged(root: string): Promise<GitScan & { suppressed: number }> {
  return (await import('./history.js')).scanStaged(root);
}
