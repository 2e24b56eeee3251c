/**
 * SARIF 2.1.0 (for GitHub code scanning and other SARIF viewers), built from the report, which is
 * already masked: no value reaches this file unmasked. One rule per finding id that occurs, with
 * its catalog text and a helpUri to the finding's docs; one result per finding, with a stable
 * partial fingerprint (the scan's hash of kind, path and the key's own hash, never the key).
 */
import { sha256hex } from '../../core/hash.js';
import type { Finding, Severity } from '../../core/types.js';
import { docsUrl, type MetaLookup } from '../../checks/meta.js';
import type { Report } from '../report.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

/** A relative path as a URI reference: each segment percent-encoded, forward slashes kept. */
export function pathToUri(path: string): string {
  return path
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

function fingerprintOf(f: Finding): string {
  const fp = f.data?.fingerprint;
  if (typeof fp === 'string' && /^[0-9a-f]{16,64}$/.test(fp)) return fp;
  return sha256hex(`${f.id}|${f.location?.path ?? ''}|${f.location?.line ?? 0}|${f.message}`).slice(0, 32);
}

/** `metaFor`: the catalog text of the rules (the lookup of the checks that ran). */
export function formatSarif(report: Report, metaFor: MetaLookup): string {
  const ids = [...new Set(report.findings.map((f) => f.id))].sort();
  const rules = ids.map((id) => {
    const m = metaFor(id);
    return {
      id,
      name: ruleName(id),
      shortDescription: { text: m?.title ?? id },
      fullDescription: { text: m?.docs.what ?? m?.title ?? id },
      helpUri: docsUrl(id),
      help: { text: m ? `${m.docs.why}\n\nFix: ${m.docs.fix}` : docsUrl(id) },
      defaultConfiguration: { level: LEVEL[m?.severity ?? 'warning'] },
      properties: { tags: ['security', 'secret', m?.area ?? 'exposure'] },
    };
  });
  const index = new Map(ids.map((id, i) => [id, i]));
  const results = report.findings.map((f) => {
    const result: Record<string, unknown> = {
      ruleId: f.id,
      ruleIndex: index.get(f.id) ?? 0,
      level: LEVEL[f.severity],
      message: { text: f.fix ? `${f.message} Fix: ${f.fix.summary}` : f.message },
      partialFingerprints: { 'keydoctor/v1': fingerprintOf(f) },
    };
    if (f.location) {
      const region: Record<string, number> = {};
      if (f.location.line && f.location.line > 0) region.startLine = f.location.line;
      if (f.location.column && f.location.column > 0 && region.startLine) region.startColumn = f.location.column;
      const physical: Record<string, unknown> = {
        artifactLocation: { uri: pathToUri(f.location.path), uriBaseId: '%SRCROOT%' },
      };
      if (region.startLine) physical.region = region;
      result.locations = [{ physicalLocation: physical }];
    }
    const props: Record<string, unknown> = {};
    for (const k of ['kind', 'provider', 'context', 'commit', 'author', 'date', 'verified', 'name', 'cell'] as const)
      if (f.data?.[k] !== undefined) props[k] = f.data[k];
    if (Object.keys(props).length) result.properties = props;
    return result;
  });
  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: 'keydoctor',
        version: report.tool.version,
        semanticVersion: report.tool.version,
        informationUri: 'https://github.com/keydoctor/keydoctor',
        rules,
      },
    },
    results,
    columnKind: 'utf16CodeUnits',
  };
  if (report.root)
    run.originalUriBaseIds = {
      '%SRCROOT%': { uri: 'file://' + pathToUri(report.root.endsWith('/') ? report.root : report.root + '/') },
    };
  return JSON.stringify({ $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] }, null, 2) + '\n';
}
