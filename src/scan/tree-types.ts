/** What a working-tree scan takes and gives, shared by both walkers (tree.ts in JavaScript, tree-native.ts with the native prefilter). */
import type { Note } from '../core/types.js';
import type { ScanHit } from './types.js';
import type { ReadOptions } from './read.js';

export interface TreeScanOptions extends ReadOptions {
  /** Include git-ignored files. */
  noIgnore?: boolean;
  /**
   * Threads: 'auto' (the native prefilter when built, else one worker per core for large trees),
   * 0 for none (everything on this thread, in JavaScript), or a count of workers (no native).
   */
  workers?: number | 'auto';
  /** Files before the pool starts (default 3000). */
  poolThreshold?: number;
  maxFiles?: number;
  /** The worker script (tests replace it to check the fallback). */
  workerScript?: URL;
}

export interface TreeScan {
  hits: ScanHit[];
  notes: Note[];
  stats: {
    files: number;
    bytes: number;
    ms: number;
    workers: number;
    suppressed: number;
    /** Who read the files: the native prefilter, worker threads, or this thread. */
    reader: 'native' | 'workers' | 'thread';
  };
}
