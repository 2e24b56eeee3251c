/**
 * Baselines: known findings recorded by fingerprint (a hash of kind, path and the key's own hash),
 * never by value, so the file can be committed. No timestamps or line numbers: it changes only when
 * the set of known keys changes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { ScanHit } from './types.js';
import { compareText } from '../core/compare.js';

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
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new BaselineError(`cannot read baseline ${path}: ${(e as Error).message.slice(0, 120)}`);
  }
  const entries = (doc as Partial<BaselineFile>)?.entries;
  if (!Array.isArray(entries)) throw new BaselineError(`${path} is not a keydoctor baseline (no entries array)`);
  const out = new Set<string>();
  for (const e of entries) if (e && typeof (e as BaselineEntry).fingerprint === 'string') out.add((e as BaselineEntry).fingerprint);
  return out;
}

export function baselineOf(hits: ScanHit[]): BaselineFile {
  const byFp = new Map<string, BaselineEntry>();
  for (const h of hits) if (!byFp.has(h.fingerprint)) byFp.set(h.fingerprint, { fingerprint: h.fingerprint, kind: h.kind, path: h.rel });
  const entries = [...byFp.values()].sort((a, b) => compareText(a.path, b.path) || compareText(a.fingerprint, b.fingerprint));
  return { tool: 'keydoctor', version: 1, about: 'Keys keydoctor scan already knows about, by fingerprint (never the value). Findings listed here are not reported again.', entries };
}

export function writeBaseline(path: string, hits: ScanHit[]): number {
  const b = baselineOf(hits);
  writeFileSync(path, JSON.stringify(b, null, 2) + '\n');
  return b.entries.length;
}
