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
}
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
