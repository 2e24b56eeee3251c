/**
 * Working-tree scan: the walk streams files; a small tree is read on this thread (no thread
 * start-up), a large one goes to the worker pool in batches while the walk goes on.
 */
import { availableParallelism } from 'node:os';
import type { Note } from '../core/types.js';
import type { ScanHit } from './types.js';
import { walkScan } from './walk.js';
import { FileReader, type ReadOptions } from './read.js';
import { ScanPool, type FileTuple } from './pool.js';

export interface TreeScanOptions extends ReadOptions {
  /** Include git-ignored files. */
  noIgnore?: boolean;
  /** Worker threads: 'auto' (one per core, only for large trees), 0 for none, or a count. */
  workers?: number | 'auto';
  /** Files before the pool starts (default 3000). */
  poolThreshold?: number;
  maxFiles?: number;
}

export interface TreeScan {
  hits: ScanHit[];
  notes: Note[];
  stats: { files: number; bytes: number; ms: number; workers: number; suppressed: number };
}

const BATCH = 128;

export function sortHits(hits: ScanHit[]): ScanHit[] {
  return hits.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : a.line - b.line || a.column - b.column));
}

export async function scanTree(root: string, opts: TreeScanOptions = {}): Promise<TreeScan> {
  const t0 = performance.now();
  const notes: Note[] = [];
  const wanted = opts.workers === undefined || opts.workers === 'auto' ? Math.min(4, availableParallelism()) : Math.max(0, Math.floor(opts.workers));
  const threshold = opts.poolThreshold ?? 3000;
  const readOpts: ReadOptions = { maxFileBytes: opts.maxFileBytes, maxArchiveBytes: opts.maxArchiveBytes };
  let pool: ScanPool | undefined;
  let batch: FileTuple[] = [];
  const all: FileTuple[] = [];
  let count = 0;
  walkScan(root, notes, { noIgnore: opts.noIgnore, maxFiles: opts.maxFiles }, (f) => {
    count++;
    if (pool) {
      batch.push([f.abs, f.rel, f.ignored]);
      if (batch.length >= BATCH) {
        pool.submit(batch);
        batch = [];
      }
      return;
    }
    all.push([f.abs, f.rel, f.ignored]);
    if (wanted > 0 && all.length >= threshold) {
      pool = new ScanPool(wanted, readOpts);
      for (let i = 0; i < all.length; i += BATCH) pool.submit(all.slice(i, i + BATCH));
      all.length = 0;
    }
  });
  const hits: ScanHit[] = [];
  let bytes = 0;
  let suppressed = 0;
  let binary = 0;
  if (pool) {
    pool.submit(batch);
    for (const r of await pool.finish()) {
      hits.push(...r.hits);
      notes.push(...r.notes);
      bytes += r.bytes;
      suppressed += r.suppressed;
      binary += r.binary;
    }
  } else {
    const reader = new FileReader(readOpts);
    for (const [abs, rel, ignored] of all) reader.scanFile(abs, rel, ignored);
    const r = reader.take();
    hits.push(...r.hits);
    notes.push(...r.notes);
    bytes += r.bytes;
    suppressed += r.suppressed;
    binary += r.binary;
  }
  if (binary > 0) notes.push({ kind: 'binary', message: `${binary} binary ${binary === 1 ? 'file was' : 'files were'} passed over by the key scan` });
  return { hits: sortHits(hits), notes, stats: { files: count, bytes, ms: Math.round(performance.now() - t0), workers: pool?.size ?? 0, suppressed } };
}
