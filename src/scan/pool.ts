/**
 * A small worker_threads pool for the scan: files go out in batches as the walk finds them, each
 * worker keeps a couple of batches in flight and reads with one reused buffer. Small trees never
 * start it (thread start-up costs more than it saves).
 */
import { nodeRequire } from '../core/require.js';
import type * as WorkerThreads from 'node:worker_threads';
import type { Note } from '../core/types.js';
import type { ScanHit } from './types.js';
import type { ReadOptions } from './read.js';

export type FileTuple = [abs: string, rel: string, ignored: boolean];

export interface BatchRequest {
  id: number;
  files: FileTuple[];
}

export interface BatchResult {
  id: number;
  hits: ScanHit[];
  notes: Note[];
  bytes: number;
  files: number;
  suppressed: number;
  binary: number;
}

// Batches queued per worker: enough that workers stay busy while the (synchronous) walk holds this thread.
const IN_FLIGHT = 8;

/** In the standalone executable (scripts/build-exe.mjs) the worker is an embedded asset, not a file. */
function embeddedWorker(): string | undefined {
  try {
    const sea = nodeRequire()('node:sea') as {
      isSea(): boolean;
      getAsset(key: string, encoding: string): string;
    };
    return sea.isSea() ? sea.getAsset('worker.cjs', 'utf8') : undefined;
  } catch {
    return undefined; // no node:sea (older Node), or no such asset
  }
}

export class ScanPool {
  private readonly workers: WorkerThreads.Worker[] = [];
  private readonly inflight: number[] = [];
  private readonly queue: FileTuple[][] = [];
  private nextId = 0;
  private pending = 0;
  private closed = false;
  private failed: Error | undefined;
  private resolveDone: (() => void) | undefined;
  readonly results: BatchResult[] = [];

  constructor(size: number, opts: ReadOptions, script?: URL) {
    // Next to this module: worker.js in dist/src, worker.cjs in the CommonJS CLI bundle.
    const url = script ?? new URL(import.meta.url.endsWith('.cjs') ? './worker.cjs' : './worker.js', import.meta.url);
    // node:worker_threads loads only when a pool starts (the native prefilter needs none).
    const { Worker } = nodeRequire()('node:worker_threads') as typeof WorkerThreads;
    const embedded = script ? undefined : embeddedWorker();
    for (let i = 0; i < size; i++) {
      // Small young generations keep each worker's memory flat (file texts are short-lived garbage).
      const limits = { workerData: opts, resourceLimits: { maxYoungGenerationSizeMb: 4 } };
      const w = embedded !== undefined ? new Worker(embedded, { ...limits, eval: true }) : new Worker(url, limits);
      const idx = i;
      this.inflight.push(0);
      w.on('message', (r: BatchResult) => {
        this.results.push(r);
        this.inflight[idx] = (this.inflight[idx] ?? 1) - 1;
        this.pending--;
        this.pump(idx);
        this.check();
      });
      w.on('error', (e) => {
        this.failed = e;
        this.pending = 0;
        this.check();
      });
      this.workers.push(w);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Queues a batch; sends it at once if a worker has room. */
  submit(files: FileTuple[]): void {
    if (files.length === 0) return;
    this.queue.push(files);
    for (let i = 0; i < this.workers.length; i++) this.pump(i);
  }

  private pump(i: number): void {
    const w = this.workers[i];
    while (w && (this.inflight[i] ?? 0) < IN_FLIGHT && this.queue.length > 0) {
      const files = this.queue.shift();
      if (!files) break;
      this.inflight[i] = (this.inflight[i] ?? 0) + 1;
      this.pending++;
      w.postMessage({ id: this.nextId++, files } satisfies BatchRequest);
    }
  }

  private check(): void {
    if (this.closed && (this.failed || (this.pending === 0 && this.queue.length === 0))) this.resolveDone?.();
  }

  /** Waits for every submitted batch, then stops the workers. */
  async finish(): Promise<BatchResult[]> {
    this.closed = true;
    await new Promise<void>((ok) => {
      this.resolveDone = ok;
      this.check();
    });
    await Promise.all(this.workers.map((w) => w.terminate()));
    if (this.failed) throw this.failed;
    return this.results;
  }
}
