/**
 * What `verify` prints above and below the findings, from the report's `data.verify` (the live
 * result, already masked with the report): the key and endpoint asked, and the permission table.
 */
import type { Report } from '../report.js';
import { maxOf } from '../../core/arrays.js';

interface Probe {
  name: string;
  permission: string;
  status?: number;
  missing?: string[];
  failure?: string;
  covers: string;
}

/** The part of `data.verify` these lines read. */
export interface VerifyData {
  skipped?: string;
  source?: string;
  key?: string;
  keyType?: string;
  endpoint?: string;
  /** The base URL of the settings (the default when none): shown when no request was made. */
  baseURL?: string;
  proxy?: string;
  status?: number;
  requestId?: string;
  organization?: string;
  project?: string;
  retried?: boolean;
  ms?: number;
  probes?: Probe[];
}

const MARK: Record<string, string> = { allowed: '✓', denied: '✗', unknown: '?' };

/** The verify data of a report that sent a key (undefined for other reports and skipped keys). */
export function sentVerify(report: Report): VerifyData | undefined {
  if (report.command !== 'verify') return undefined;
  const v = report.data?.verify as VerifyData | undefined;
  return v && v.skipped === undefined ? v : undefined;
}

/** The permission table as text lines. */
export function permissionTable(r: Pick<VerifyData, 'probes' | 'ms'>): string[] {
  const rows = r.probes ?? [];
  if (rows.length === 0) return [];
  const w = maxOf(rows.map((p) => p.name.length));
  const lines = [
    `What this key may do (${rows.length} no-cost ${rows.length === 1 ? 'probe' : 'probes'}, ${r.ms ?? 0} ms in all)`,
  ];
  for (const p of rows) {
    const status = p.status !== undefined ? String(p.status) : 'n/a';
    const why =
      p.permission === 'denied' && p.missing?.length
        ? `missing ${p.missing.join(', ')}`
        : p.failure
          ? p.failure
          : p.status === 429
            ? `${p.covers}: authorized, but refused for quota or rate limit`
            : p.covers;
    lines.push(`  ${MARK[p.permission] ?? '?'} ${p.name.padEnd(w)}  ${status.padEnd(3)}  ${why}`);
  }
  return lines;
}

/** The lines the text output starts with: which key went where, what came back, the permission table. */
export function verifyTextHead(v: VerifyData): string[] {
  const head = [
    `Verified ${v.key ?? ''}${v.keyType ? ` (${v.keyType})` : ''} from ${v.source ?? ''}`,
    `  against ${v.endpoint || (v.baseURL ?? '')}${v.proxy ? ` through the proxy ${v.proxy}` : ''}${v.status !== undefined ? `: HTTP ${v.status}` : ''}${v.requestId ? ` (request id ${v.requestId})` : ''}`,
  ];
  if (v.organization || v.project) head.push(`  organization ${v.organization ?? '?'}, project ${v.project ?? '?'}`);
  if (v.retried) head.push('  rate limited once; retried after the wait the API asked for');
  const table = permissionTable(v);
  return [...head, ...(table.length ? ['', ...table] : [])];
}

/** The Markdown section after the findings: the permission table. */
export function verifyMarkdownTail(v: VerifyData): string {
  if (!v.probes?.length) return '';
  const rows = v.probes.map(
    (p) =>
      `| ${p.name} | ${p.permission} | ${p.status ?? 'n/a'} | ${(p.missing?.length ? `missing ${p.missing.join(', ')}` : (p.failure ?? p.covers)).replace(/\|/g, '\\|')} |`,
  );
  return [
    '',
    `## What this key may do`,
    '',
    `Verified ${v.key ?? ''} from ${v.source ?? ''} against ${v.endpoint ?? ''}${v.proxy ? ` through the proxy ${v.proxy}` : ''}.`,
    '',
    '| permission | result | status | detail |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
