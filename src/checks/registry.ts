/** The registry of every check (the families' generated indexes) and every finding id keydoctor can report. */
import type { Check, FindingMeta } from './types.js';
import * as value from './value/index.js';
import * as code from './code/index.js';
import * as exposure from './exposure/index.js';
import * as deploy from './deploy/index.js';
import * as live from './live/index.js';
import * as inventory from './inventory/index.js';
import * as trace from './trace/index.js';

export const INTERNAL_ERROR: FindingMeta = {
  id: 'internal-error',
  title: 'A check failed inside keydoctor',
  severity: 'warning',
  area: 'internal',
  docs: {
    what: "One of keydoctor's own checks threw an exception. The rest of the run went on; the other findings stand.",
    why: 'It does not affect your API calls, but the failed check may have missed a problem.',
    fix: 'Run again with the same arguments; if it repeats, report it with the check id named in the message (the output is already masked).',
  },
};

const families = [value, code, exposure, deploy, live, trace];

/** What the doctor runs. */
export const CHECKS: Check[] = families.flatMap((f) => f.checks);

/** What `keydoctor keys` runs on the inventory joined with the local keys (they need facts.admin). */
export const INVENTORY_CHECKS: Check[] = inventory.checks;

export const ALL_META: FindingMeta[] = [
  ...CHECKS.map((c) => c.meta),
  ...families.flatMap((f) => f.extraMeta),
  ...INVENTORY_CHECKS.map((c) => c.meta),
  INTERNAL_ERROR,
];

const byId = new Map<string, FindingMeta>();
for (const m of ALL_META) if (!byId.has(m.id)) byId.set(m.id, m);

export function metaFor(id: string): FindingMeta | undefined {
  return byId.get(id);
}

export const DOCS_BASE = 'https://github.com/keydoctor/keydoctor/blob/main/docs/findings.md';

export function docsUrl(id: string): string {
  return `${DOCS_BASE}#${id}`;
}
