/**
 * The check runner every pipeline shares (the doctor's, the scan's, keys', trace's): runs checks over
 * facts and targets; a check that throws becomes an internal-error finding and the run goes on.
 * Small on purpose: the scan loads it at start-up without the doctor's collectors and checks.
 */
import type { Facts } from '../core/facts.js';
import type { FindingDraft, Note, Target } from '../core/types.js';
import type { Check } from '../checks/types.js';
import { pushAll } from '../core/arrays.js';

export interface RunChecksOptions {
  /**
   * At most this many findings of one check in one file (default {@link MAX_FINDINGS_PER_FILE});
   * the scan lists every key it found (its reader already stops at 1,000 per file).
   */
  perFile?: number;
}

/** Runs the checks; a check that throws becomes an internal-error finding and the run goes on. */
export function runChecks(
  facts: Facts,
  targets: Target[],
  checks: readonly Check[],
  opts: RunChecksOptions = {},
): { findings: FindingDraft[]; failed: Set<string> } {
  const findings: FindingDraft[] = [];
  const failed = new Set<string>();
  const perFile = opts.perFile ?? MAX_FINDINGS_PER_FILE;
  for (const check of checks) {
    let out: FindingDraft[];
    try {
      out = check.run({ facts, targets });
    } catch (e) {
      findings.push({
        id: 'internal-error',
        message: `The ${check.meta.id} check failed: ${(e as Error).message ?? String(e)}`,
        data: { check: check.meta.id },
      });
      failed.add(check.meta.id);
      continue;
    }
    if (out.length > 0) failed.add(check.meta.id);
    pushAll(findings, capPerFile(out, check.meta.id, facts.notes, check.meta.severity, perFile));
  }
  return { findings, failed };
}

/**
 * At most this many findings of one check in one file: a generated file with 100,000 duplicate
 * lines or fixture keys must not bury the report (or the terminal). The rest become one note.
 */
export const MAX_FINDINGS_PER_FILE = 50;
const RANK: Record<string, number> = { error: 0, warning: 1, info: 2 };

/** Keeps the first `max` findings per file (errors before warnings), one note for the rest. */
export function capPerFile(
  out: FindingDraft[],
  id: string,
  notes: Note[],
  severity: string = 'warning',
  max: number = MAX_FINDINGS_PER_FILE,
): FindingDraft[] {
  if (out.length <= max) return out;
  const byPath = new Map<string, FindingDraft[]>();
  for (const f of out) {
    const k = f.location?.path ?? '';
    const list = byPath.get(k);
    if (list) list.push(f);
    else byPath.set(k, [f]);
  }
  const kept: FindingDraft[] = [];
  for (const [path, list] of byPath) {
    if (list.length <= max || path === '') {
      pushAll(kept, list);
      continue;
    }
    // Stable: errors first, then the file's order.
    const ranked = list
      .map((f, i) => ({ f, i }))
      .sort((a, b) => (RANK[a.f.severity ?? severity] ?? 1) - (RANK[b.f.severity ?? severity] ?? 1) || a.i - b.i);
    for (let i = 0; i < max; i++) kept.push((ranked[i] as { f: FindingDraft }).f);
    notes.push({
      kind: 'limit',
      path,
      message: `${list.length - max} more ${id} findings in this file are not listed (at most ${max} per check and file)`,
    });
  }
  return kept;
}
