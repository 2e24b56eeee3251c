/**
 * Reading one whole file for the collectors: one open, one fstat, one read, one close, and no read
 * at all when it is over `max` bytes (the size comes back instead). Cheaper than statSync plus
 * readFileSync, which open and stat the file twice.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** The file's bytes, or its size when that is over `max`. Throws like openSync when it cannot be read. */
export function readFileLimited(path: string, max: number): Buffer | number {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > max) return size;
    const buf = Buffer.allocUnsafe(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n <= 0) break;
      off += n;
    }
    return off < size ? buf.subarray(0, off) : buf;
  } finally {
    closeSync(fd);
  }
}
