/** Worker thread of the scan pool: reads and scans batches of files with one reused buffer. */
import { parentPort, workerData } from 'node:worker_threads';
import { FileReader, type ReadOptions } from './read.js';
import type { BatchResult, BatchRequest } from './pool.js';

const reader = new FileReader((workerData ?? {}) as ReadOptions);

parentPort?.on('message', (req: BatchRequest) => {
  const res: BatchResult = { id: req.id, hits: [], notes: [], bytes: 0, files: 0, suppressed: 0, binary: 0 };
  for (const [abs, rel, ignored] of req.files) {
    try {
      const r = reader.scanFile(abs, rel, ignored);
      res.hits.push(...r.hits);
      res.notes.push(...r.notes);
      res.bytes += r.bytes;
      res.suppressed += r.suppressed;
      if (r.binary) res.binary++;
    } catch (e) {
      res.notes.push({ kind: 'unreadable', path: rel, message: `scan failed: ${(e as Error).message.slice(0, 120)}` });
    }
    res.files++;
  }
  parentPort?.postMessage(res);
});
