/** Worker thread of the scan pool: reads and scans batches of files with one reused buffer. */
import { parentPort, workerData } from 'node:worker_threads';
import { FileReader, type ReadOptions } from './read.js';
import type { BatchResult, BatchRequest } from './pool.js';

const reader = new FileReader((workerData ?? {}) as ReadOptions);

parentPort?.on('message', (req: BatchRequest) => {
  for (const [abs, rel, ignored] of req.files) {
    try {
      reader.scanFile(abs, rel, ignored);
    } catch (e) {
      reader.notes.push({
        kind: 'unreadable',
        path: rel,
        message: `scan failed: ${(e as Error).message.slice(0, 120)}`,
      });
    }
  }
  const r = reader.take();
  parentPort?.postMessage({ id: req.id, ...r } satisfies BatchResult);
});
