/**
 * Listing one folder for the walks (the project's in collect/files.ts, the scan's in scan/walk.ts):
 * names with their kinds, symbolic links never followed. Node's readdir by default; the native
 * addon's listDir where it is built (one call per folder, no object per entry).
 */
import { readdirSync } from 'node:fs';

/** What a folder holds: names with their kinds (ENTRY_FILE, ENTRY_DIR; anything else is not walked). */
export interface Listing {
  names: string[];
  kinds: ArrayLike<number>;
  /**
   * From the native lister only: the folder's plain regular files (not .gitignore, not archives),
   * left out of `names`, as NUL-terminated records (KIND_PLAIN and the name) that the scan's
   * native prefilter takes as they are. allEntries() gives them as names too.
   */
  plain?: { records: Buffer; count: number };
}
/** First byte of a plain file's record in `Listing.plain` (and of every file record of a scan batch). */
export const KIND_PLAIN = 4;
export const ENTRY_FILE = 1;
export const ENTRY_DIR = 2;
/** Lists a folder (without following symbolic links); throws an error with a `code` when it cannot. */
export type Lister = (dir: string) => Listing;

/** The lister with Node's readdir (entries sorted by name, as libuv gives them). */
export function listDirents(dir: string): Listing {
  const entries = readdirSync(dir, { withFileTypes: true });
  const names = new Array<string>(entries.length);
  const kinds = new Uint8Array(entries.length);
  entries.forEach((e, i) => {
    names[i] = e.name;
    kinds[i] = e.isFile() ? ENTRY_FILE : e.isDirectory() ? ENTRY_DIR : 0;
  });
  return { names, kinds };
}

/**
 * `a` before `b` in UTF-8 byte order (the order listDir and readdir give). A JavaScript `<` compares
 * UTF-16 units, which differs only where a surrogate (a character above U+FFFF) meets U+E000..U+FFFF.
 */
function byteBefore(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx !== sy && x >= 0xd800 && y >= 0xd800) return sy;
    return x < y;
  }
  return a.length < b.length;
}

/** Every entry of a listing as names and kinds, plain files included, sorted by name (bytes). */
export function allEntries(l: Listing): { names: string[]; kinds: ArrayLike<number> } {
  if (!l.plain || l.plain.count === 0) return l;
  const plain = l.plain.records.toString('utf8').split('\0');
  const names: string[] = [];
  const kinds: number[] = [];
  let i = 0;
  let j = 0;
  const n = l.plain.count;
  while (i < n || j < l.names.length) {
    const a = i < n ? (plain[i] as string).slice(1) : undefined;
    const b = l.names[j];
    if (a !== undefined && (b === undefined || byteBefore(a, b))) {
      names.push(a);
      kinds.push(ENTRY_FILE);
      i++;
    } else {
      names.push(b as string);
      kinds.push(l.kinds[j] as number);
      j++;
    }
  }
  return { names, kinds };
}
