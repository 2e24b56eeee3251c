/**
 * The scan's readers as a library: the working tree, the staged content and the history, each to
 * hits and notes. The pipeline that runs the exposure checks over them is pipeline/scan.ts.
 */
export type { ScanFacts, ScanHit, ScanContext } from './types.js';
export { detect, type Detection, type DetectOptions } from './detect.js';
export { scanTree } from './tree.js';
export type { TreeScanOptions, TreeScan } from './tree-types.js';

export { scanHistory, scanStaged } from './history-entry.js';

export { readBaseline, writeBaseline, baselineOf } from './baseline.js';
export { scanCollector } from './collector.js';
