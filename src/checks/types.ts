/**
 * What a check is: its metadata (the finding id it reports, documented in docs/findings.md) and a
 * pure function from the facts and the resolved targets to findings.
 */
import type { Area, FindingDraft, Severity, Target } from '../core/types.js';
import type { Facts } from '../core/facts.js';

export interface FindingMeta {
  id: string;
  title: string;
  severity: Severity;
  area: Area;
  /** Text for docs/findings.md. */
  docs: { what: string; why: string; fix: string };
}

export interface CheckContext {
  facts: Facts;
  targets: Target[];
}

export interface Check {
  meta: FindingMeta;
  run(ctx: CheckContext): FindingDraft[];
}
