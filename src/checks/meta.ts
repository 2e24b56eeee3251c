/**
 * Finding metadata without the checks: the lookup the report and its formatters take from whoever
 * ran the checks (the doctor: every family's, from registry.ts; the scan: the exposure checks' it
 * already loaded). So printing a scan's report loads none of the doctor's checks or code analysis.
 */
import type { FindingMeta } from './types.js';

/** The metadata of a finding id, when the lookup knows it. */
export type MetaLookup = (id: string) => FindingMeta | undefined;

/** The finding a check that throws becomes (pipeline/checks.ts), known to every lookup. */
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

/** A lookup over these metadata (the first of an id wins), internal-error included. */
export function metaLookup(metas: Iterable<FindingMeta>): MetaLookup {
  const byId = new Map<string, FindingMeta>();
  for (const m of metas) if (!byId.has(m.id)) byId.set(m.id, m);
  if (!byId.has(INTERNAL_ERROR.id)) byId.set(INTERNAL_ERROR.id, INTERNAL_ERROR);
  return (id) => byId.get(id);
}

export const DOCS_BASE = 'https://github.com/keydoctor/keydoctor/blob/main/docs/findings.md';

export function docsUrl(id: string): string {
  return `${DOCS_BASE}#${id}`;
}
