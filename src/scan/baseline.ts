/**
 * Baselines: known findings recorded by fingerprint (a hash of kind, path and the key's own hash),
 * never by value, so the file can be committed. No timestamps or line numbers: it changes only when
 * the set of known keys changes.
 */
import { writeOutputFile } from '../fix/write.js';
import type { ScanHit } from './types.js';
import { compareText } from '../core/compare.js';
import { readFileLimited, readProblem } from '../core/read-file.js';

/** A baseline holds fingerprints only: 64 MB is millions of them. */
const MAX_BASELINE = 64 << 20;

export interface BaselineEntry {
  fingerprint: string;
  kind: string;
  path: string;
}

export interface BaselineFile {
  tool: 'keydoctor';
  version: 1;
  about: string;
  entries: BaselineEntry[];
}

export class BaselineError extends Error {}

export function readBaseline(path: string): Set<string> {
  let doc: unknown;
  try {
    const got = readFileLimited(path, MAX_BASELINE);
    if (typeof got === 'number') throw new Error(`${got} bytes, over the ${MAX_BASELINE}-byte cap`);
    doc = JSON.parse(got.toString('utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new BaselineError(
      `cannot read baseline ${path}: ${code ? readProblem(e) : (e as Error).message.slice(0, 120)}`,
    );
  }
  const entries = (doc as Partial<BaselineFile>)?.entries;
  if (!Array.isArray(entries)) throw new BaselineError(`${path} is not a keydoctor baseline (no entries array)`);
  const out = new Set<string>();
  for (const e of entries)
    if (e && typeof (e as BaselineEntry).fingerprint === 'string') out.add((e as BaselineEntry).fingerprint);
  return out;
}

export function baselineOf(hits: ScanHit[]): BaselineFile {
  const byFp = new Map<string, BaselineEntry>();
  for (const h of hits)
    if (!byFp.has(h.fingerprint)) byFp.set(h.fingerprint, { fingerprint: h.fingerprint, kind: h.kind, path: h.rel });
  const entries = [...byFp.values()].sort(
    (a, b) => compareText(a.path, b.path) || compareText(a.fingerprint, b.fingerprint),
  );
  return {
    tool: 'keydoctor',
    version: 1,
    about:
      'Keys keydoctor scan already knows about, by fingerprint (never the value). Findings listed here are not reported again.',
    entries,
  };
}

export function writeBaseline(path: string, hits: ScanHit[]): number {
  const b = baselineOf(hits);
  // Never through a symlink: a repository's baseline could be a link to a file outside it.
  writeOutputFile(path, JSON.stringify(b, null, 2) + '\n');
  return b.entries.length;
}
