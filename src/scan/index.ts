/**
 * The scan's readers as a library: the working tree, the staged content and the history, each to
 * hits and notes. The pipeline that runs the exposure checks over them is pipeline/scan.ts.
 */
import type { GitScan, HistoryOptions } from './history.js';

export type { ScanFacts, ScanHit, ScanContext } from './types.js';
export { detect, type Detection, type DetectOptions } from './detect.js';
export { scanTree } from './tree.js';
export type { TreeScanOptions, TreeScan } from './tree-types.js';

/** Every reachable commit, or those after `sinceRef` (history.js, and git, load only when asked for: not on a tree scan's path). */
export async function scanHistory(root: string, opts: HistoryOptions = {}): Promise<GitScan> {
  return (await import('./history.js')).scanHistory(root, opts);
}

/** What the next commit adds. */
export async function scanStaged(root: string): Promise<GitScan & { suppressed: number }> {
  return (await import('./history.js')).scanStaged(root);
}

export { readBaseline, writeBaseline, baselineOf } from './baseline.js';
export { scanCollector } from './collector.js';
