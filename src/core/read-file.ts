/**
 * Reading one whole file for the collectors: one open, one fstat, one read, one close, and no read
 * at all when it is over `max` bytes (the size comes back instead). Cheaper than statSync plus
 * readFileSync, which open and stat the file twice.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { nativeAddon, errnoName } from '../native/addon.js';

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

/** One file of readFilesLimited: its bytes, its size when over the limit, or why it cannot be read. */
export type ReadResult = Buffer | number | { code: string };

/**
 * Many whole files at once, in order: with the native addon one call reads them all (no four
 * JavaScript-to-C++ calls per file), else readFileLimited one by one. Never throws for a file.
 */
export function readFilesLimited(paths: readonly string[], max: number): ReadResult[] {
  const addon = nativeAddon();
  if (addon?.readFiles && paths.length > 0) {
    try {
      const got = addon.readFiles(Buffer.from(paths.join('\0') + '\0'), paths.length, max);
      return got.map((r) => (typeof r === 'number' && r < 0 ? { code: errnoName(-r) } : r));
    } catch {
      // a path with a NUL byte, or the addon failing: one by one below
    }
  }
  return paths.map((p) => {
    try {
      return readFileLimited(p, max);
    } catch (e) {
      return { code: (e as NodeJS.ErrnoException).code ?? String(e) };
    }
  });
}
