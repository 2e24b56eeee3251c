/**
 * The project as the deployment readers see it: a file's text by its root-relative path, and
 * whether a path exists. The collector reads the disk (diskFiles); tests hand the readers a tree in
 * memory, so what a check sees is built without a temporary folder.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { ProjectFile } from '../core/facts.js';
import type { Note } from '../core/types.js';
import { ReadAhead } from '../core/read-file.js';
import { baseOf } from '../core/paths.js';
import { MAX_BYTES, readText } from './util.js';

export interface DeployFiles {
  /** Absolute project root (an absolute `env_file:` inside it is shown root-relative). */
  readonly root: string;
  /** A file's text (a root-relative path, or an absolute one outside the project); undefined, with a note, when it cannot be read. */
  read(rel: string): string | undefined;
  /**
   * The same for a file of the listing, taken from the batch read ahead when there is one (the
   * collector's own pass over the listing). With `wanted`, a file read ahead whose bytes fail it
   * (and hold no NUL byte, so no note is due) comes back null, undecoded: the anchors `wanted`
   * looks for are ASCII, which UTF-8 decoding keeps byte for byte, so its text could not hold them.
   */
  readListed(rel: string, wanted?: (bytes: Buffer) => boolean): string | undefined | null;
  exists(rel: string): boolean;
}

/** The disk under `root`; `listed` are the project's files (known to exist), `notes` gets what cannot be read. */
export function diskFiles(root: string, listed: ProjectFile[], notes: Note[]): DeployFiles {
  const relSet = new Set(listed.map((f) => f.rel));
  // Most files read are YAML and JSON (manifests, CI, hosting) and the scripts and docs read for
  // `docker run` lines, in the listing's order: read ahead in batches (one native call each).
  const ahead = (re: RegExp): ReadAhead =>
    new ReadAhead(
      listed
        .filter((f) => f.path && re.test(baseOf(f.rel)) && !f.rel.startsWith('.github/'))
        .map((f) => [f.rel, f.path] as const),
      MAX_BYTES,
    );
  const config = ahead(/\.(ya?ml|json)$/);
  const docs = ahead(/\.(md|mdx|markdown|rst|sh|bash|zsh|ps1)$/i);
  const path = (rel: string): string => (isAbsolute(rel) ? rel : join(root, rel));
  return {
    root,
    read: (rel) => readText(path(rel), rel, notes),
    readListed: (rel, wanted) => {
      const pre = config.take(rel) ?? docs.take(rel);
      if (wanted && Buffer.isBuffer(pre) && !wanted(pre) && !pre.includes(0)) return null;
      return readText(path(rel), rel, notes, pre);
    },
    exists: (rel) => (isAbsolute(rel) ? existsSync(rel) : relSet.has(rel) || existsSync(join(root, rel))),
  };
}
