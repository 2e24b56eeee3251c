/**
 * Working-tree scan: the walk streams files in batches to the native prefilter (native.ts) when it
 * is built, and reads again only the few files it marks; without it, a small tree is read on this
 * thread (no thread start-up) and a large one goes to the worker pool while the walk goes on.
 */
import { availableParallelism } from 'node:os';
import type { Note } from '../core/types.js';
import type { ScanHit } from './types.js';
import { walkScan, relOf } from './walk.js';
import type { ReadOptions } from './read.js';
import { sortHits } from './limits.js';
import { ScanPool, type BatchResult, type FileTuple } from './pool.js';
import { nativePrefilter } from './native.js';
import { scanNative } from './tree-native.js';
import type { TreeScan, TreeScanOptions } from './tree-types.js';
import { nowMs } from '../core/clock.js';

const BATCH = 128;

export async function scanTree(root: string, opts: TreeScanOptions = {}): Promise<TreeScan> {
  const t0 = nowMs();
  const notes: Note[] = [];
  let wanted =
    opts.workers === undefined || opts.workers === 'auto'
      ? Math.min(4, availableParallelism())
      : Math.max(0, Math.floor(opts.workers));
  const threshold = opts.poolThreshold ?? 3000;
  const readOpts: ReadOptions = { maxFileBytes: opts.maxFileBytes, maxArchiveBytes: opts.maxArchiveBytes };
  const native = opts.workers === undefined || opts.workers === 'auto' ? nativePrefilter() : undefined;
  if (native) return scanNative(root, native, opts, t0);
  let pool: ScanPool | undefined;
  let batch: FileTuple[] = [];
  // Every file, in walk order: scanned here for small trees, and kept for the fallback should a
  // worker fail (the scan then runs on this thread instead of stopping).
  const all: FileTuple[] = [];
  let count = 0;
  walkScan(root, notes, { noIgnore: opts.noIgnore, maxFiles: opts.maxFiles }, (dir, name, relDir, ignored) => {
    count++;
    const t: FileTuple = [`${dir}/${name}`, relOf(relDir, name), ignored];
    all.push(t);
    if (pool) {
      batch.push(t);
      if (batch.length >= BATCH) {
        pool.submit(batch);
        batch = [];
      }
    } else if (wanted > 0 && all.length >= threshold) {
      try {
        pool = new ScanPool(wanted, readOpts, opts.workerScript);
        for (let i = 0; i < all.length; i += BATCH) pool.submit(all.slice(i, i + BATCH));
      } catch (e) {
        notes.push({
          kind: 'info',
          message: `scan workers could not start (${(e as Error).message.slice(0, 100)}); scanning on one thread`,
        });
        wanted = 0;
        pool = undefined;
      }
    }
  });
  const hits: ScanHit[] = [];
  let bytes = 0;
  let suppressed = 0;
  let binary = 0;
  const add = (r: { hits: ScanHit[]; notes: Note[]; bytes: number; suppressed: number; binary: number }) => {
    for (const h of r.hits) hits.push(h);
    for (const n of r.notes) notes.push(n);
    bytes += r.bytes;
    suppressed += r.suppressed;
    binary += r.binary;
  };
  let results: BatchResult[] | undefined;
  if (pool) {
    pool.submit(batch);
    try {
      results = await pool.finish();
    } catch (e) {
      notes.push({
        kind: 'info',
        message: `a scan worker failed (${(e as Error).message.slice(0, 100)}); the scan ran again on one thread`,
      });
    }
  }
  if (results) for (const r of results) add(r);
  else {
    const { FileReader } = await import('./read.js');
    const reader = new FileReader(readOpts);
    for (const [abs, rel, ignored] of all) reader.scanFile(abs, rel, ignored);
    add(reader.take());
  }
  if (binary > 0)
    notes.push({
      kind: 'binary',
      message: `${binary} binary ${binary === 1 ? 'file was' : 'files were'} passed over by the key scan`,
    });
  return {
    hits: sortHits(hits),
    notes,
    stats: {
      files: count,
      bytes,
      ms: Math.round(nowMs() - t0),
      workers: results ? (pool?.size ?? 0) : 0,
      suppressed,
      reader: results ? 'workers' : 'thread',
    },
  };
}
