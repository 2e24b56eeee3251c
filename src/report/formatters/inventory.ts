/**
 * `keydoctor keys` output: the inventory as a text table, Markdown or CSV, then the findings. Pure:
 * it reads the report (already masked) and its `data.inventory`.
 */
import type { InventoryData, InventoryRow } from '../../admin/keys.js';
import type { Report } from '../report.js';
import { locString } from '../report.js';
import { formatJson } from './json.js';
import { maxOf, pushAll } from '../../core/arrays.js';

export type InventoryFormat = 'text' | 'json' | 'markdown' | 'csv';

function dataOf(report: Report): InventoryData {
  return report.data?.inventory as InventoryData;
}

/** `3 h ago`, `12 d ago`, `never`. */
export function ago(when: string | null | undefined, now: string): string {
  if (when === undefined) return '';
  if (when === null) return 'never';
  const s = (Date.parse(now) - Date.parse(when)) / 1000;
  if (!Number.isFinite(s)) return when;
  if (s < 120) return 'just now';
  if (s < 7200) return `${Math.round(s / 60)} min ago`;
  if (s < 172800) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

const day = (s: string | undefined) => (s ? s.slice(0, 10) : '');
const num = (n: number | undefined) => (n === undefined ? '' : n.toLocaleString('en-US'));
const money = (n: number | undefined, cur = 'usd') =>
  n === undefined ? '' : cur === 'usd' ? `$${n.toFixed(2)}` : `${n.toFixed(2)} ${cur}`;

function columns(inv: InventoryData): Array<{ head: string; cell: (r: InventoryRow) => string }> {
  const cols = [
    {
      head: 'PROJECT',
      cell: (r: InventoryRow) =>
        r.kind === 'admin'
          ? '(admin key)'
          : `${r.projectName ?? r.projectId ?? ''}${r.projectStatus === 'archived' ? ' [archived]' : ''}`,
    },
    { head: 'KEY', cell: (r: InventoryRow) => r.key },
    { head: 'ID', cell: (r: InventoryRow) => r.id },
    { head: 'NAME', cell: (r: InventoryRow) => r.name },
    {
      head: 'OWNER',
      cell: (r: InventoryRow) =>
        `${r.owner}${r.ownerType === 'service_account' ? ' (service account)' : ''}${r.ownerAccess === 'inactive' ? ' [no access]' : ''}`,
    },
    { head: 'CREATED', cell: (r: InventoryRow) => day(r.createdAt) },
    { head: 'LAST USED', cell: (r: InventoryRow) => ago(r.lastUsedAt, inv.fetchedAt) },
  ];
  if (inv.usageWindow) {
    cols.push({
      head: 'TOKENS 7D',
      cell: (r) => num(r.inputTokens === undefined ? undefined : r.inputTokens + (r.outputTokens ?? 0)),
    });
    cols.push({ head: 'COST 7D', cell: (r) => money(r.cost, r.currency) });
  }
  cols.push({ head: 'HERE', cell: (r) => r.here.join(', ') });
  return cols;
}

function table(heads: string[], rows: string[][]): string[] {
  const w = heads.map((h, i) => maxOf([h.length, ...rows.map((r) => (r[i] ?? '').length)]));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(w[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(heads), ...rows.map(line)];
}

export function formatInventoryText(report: Report, color = false): string {
  const inv = dataOf(report);
  const paint = (open: number, close: number) => (s: string) => (color ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  const bold = paint(1, 22);
  const dim = paint(2, 22);
  const red = paint(31, 39);
  const yellow = paint(33, 39);
  const green = paint(32, 39);
  const cyan = paint(36, 39);
  const out: string[] = [];
  const archived = inv.projects.filter((p) => p.status === 'archived').length;
  const projectKeys = inv.keys.filter((k) => k.kind === 'project').length;
  const adminKeys = inv.keys.length - projectKeys;
  out.push(`${bold('keydoctor keys')} ${report.tool.version}${report.root ? dim(` · ${report.root}`) : ''}`);
  out.push(
    dim(
      `Organization inventory from ${inv.baseURL} at ${inv.fetchedAt.slice(0, 16).replace('T', ' ')} UTC: ${inv.projects.length} ${inv.projects.length === 1 ? 'project' : 'projects'}${archived ? ` (${archived} archived)` : ''}, ${projectKeys} project ${projectKeys === 1 ? 'key' : 'keys'}, ${inv.serviceAccounts.length} service ${inv.serviceAccounts.length === 1 ? 'account' : 'accounts'}, ${adminKeys} admin ${adminKeys === 1 ? 'key' : 'keys'}`,
    ),
  );
  out.push('');
  const cols = columns(inv);
  const rows = inv.keys.map((r) => cols.map((c) => c.cell(r)));
  if (rows.length)
    pushAll(
      out,
      table(
        cols.map((c) => c.head),
        rows,
      ).map((l, i) => (i === 0 ? bold(l) : l)),
    );
  else out.push(dim('No keys in the organization.'));
  if (inv.serviceAccounts.length) {
    out.push('', bold('Service accounts'));
    const projectName = (id: string) => inv.projects.find((p) => p.id === id)?.name ?? id;
    pushAll(
      out,
      table(
        ['PROJECT', 'ID', 'NAME', 'ROLE', 'CREATED', 'KEYS'],
        inv.serviceAccounts.map((s) => [
          projectName(s.project),
          s.id,
          s.name,
          s.role ?? '',
          day(s.createdAt),
          String(s.keys),
        ]),
      ).map((l, i) => `  ${i === 0 ? dim(l) : l}`),
    );
  }
  out.push('', bold('Keys on this machine and in this project'));
  if (inv.local.length === 0) out.push(dim('  none found'));
  for (const l of inv.local) {
    const where = l.sources.join(', ');
    const tg = l.targets.length ? dim(` [${l.targets.join(', ')}]`) : '';
    if (l.status === 'matched')
      out.push(
        `  ${green('✓')} ${l.key}  ${cyan(where)}${tg}  → ${l.keyId}${l.project ? ` in ${inv.projects.find((p) => p.id === l.project)?.name ?? l.project}` : ''}`,
      );
    else if (l.status === 'ambiguous')
      out.push(
        `  ${yellow('?')} ${l.key}  ${cyan(where)}${tg}  → one of ${l.candidates.join(', ')} (set OPENAI_PROJECT_ID to tell them apart)`,
      );
    else
      out.push(
        `  ${l.live === 'valid' ? yellow('!') : red('✗')} ${l.key}  ${cyan(where)}${tg}  → ${l.live === 'valid' ? "not in this organization (the API accepts it: another organization's key)" : 'matches no key of this organization'}`,
      );
  }
  if (report.findings.length) {
    out.push('', bold('Findings'));
    const mark = (s: string) => (s === 'error' ? red('✗') : s === 'warning' ? yellow('!') : cyan('i'));
    for (const f of report.findings) {
      const where = locString(f.location);
      out.push(
        `  ${mark(f.severity)} ${bold(f.id)}${where ? `  ${cyan(where)}` : ''}${f.target ? dim(`  [${f.target}]`) : ''}`,
      );
      out.push(`    ${f.message}`);
      if (f.fix)
        out.push(
          `    ${green('fix:')} ${f.fix.summary}${f.fix.command ? `\n      ${cyan('$')} ${f.fix.command}` : ''}`,
        );
    }
  }
  if (report.notes.length) {
    out.push('', dim(`Notes (${report.notes.length})`));
    for (const n of report.notes.slice(0, 8)) out.push(dim(`  ${n.path ? `${n.path}: ` : ''}${n.message}`));
    if (report.notes.length > 8) out.push(dim(`  … ${report.notes.length - 8} more (--format json has all)`));
  }
  const s = report.summary;
  out.push(
    '',
    (s.errors ? red : s.warnings ? yellow : green)(
      `${s.errors} ${s.errors === 1 ? 'error' : 'errors'}, ${s.warnings} ${s.warnings === 1 ? 'warning' : 'warnings'}${s.infos ? `, ${s.infos} info` : ''}`,
    ),
  );
  return out.join('\n') + '\n';
}

// Names come from the organization (any member names a key or a project): shown, never rendered.
const md = (s: string) =>
  s
    .replace(/\|/g, '\\|')
    .replace(/\r?\n|\r/g, ' ')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');

export function formatInventoryMarkdown(report: Report): string {
  const inv = dataOf(report);
  const out: string[] = [`### keydoctor keys: ${inv.keys.length} keys in ${inv.projects.length} projects`, ''];
  const cols = columns(inv);
  out.push(`| ${cols.map((c) => c.head.toLowerCase()).join(' | ')} |`, `|${cols.map(() => '---').join('|')}|`);
  for (const r of inv.keys) out.push(`| ${cols.map((c) => md(c.cell(r))).join(' | ')} |`);
  out.push('');
  if (inv.local.length) {
    out.push('**Keys here**', '');
    for (const l of inv.local)
      out.push(
        `- \`${l.key}\` (${md(l.sources.join(', '))}): ${l.status === 'matched' ? `\`${l.keyId}\`` : l.status === 'ambiguous' ? `one of ${l.candidates.map((c) => `\`${c}\``).join(', ')}` : 'no key of this organization'}`,
      );
    out.push('');
  }
  for (const f of report.findings) {
    const where = locString(f.location);
    out.push(
      `- ${f.severity === 'error' ? '❌' : f.severity === 'warning' ? '⚠️' : 'ℹ️'} [\`${f.id}\`](${f.docs ?? ''})${where ? ` at \`${where}\`` : ''}: ${md(f.message)}`,
    );
  }
  return out.join('\n') + '\n';
}

/** RFC 4180: quoted when needed; a leading = + - @ is prefixed with ' so spreadsheets do not run it. */
export function csvCell(v: unknown): string {
  let s = v === undefined || v === null ? '' : Array.isArray(v) ? v.join('; ') : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_COLUMNS = [
  'kind',
  'project_id',
  'project_name',
  'project_status',
  'key_id',
  'name',
  'key',
  'owner_type',
  'owner',
  'owner_access',
  'created_at',
  'last_used_at',
  'input_tokens_7d',
  'output_tokens_7d',
  'requests_7d',
  'cost_7d',
  'currency',
  'here',
  'targets',
  'findings',
] as const;

export function formatInventoryCsv(report: Report): string {
  const inv = dataOf(report);
  const ids = (keyId: string) => [
    ...new Set(
      report.findings.filter((f) => (f.data as { keyId?: string } | undefined)?.keyId === keyId).map((f) => f.id),
    ),
  ];
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of inv.keys) {
    lines.push(
      [
        r.kind,
        r.projectId,
        r.projectName,
        r.projectStatus,
        r.id,
        r.name,
        r.key,
        r.ownerType,
        r.owner,
        r.ownerAccess,
        r.createdAt,
        r.lastUsedAt ?? '',
        r.inputTokens,
        r.outputTokens,
        r.requests,
        r.cost,
        r.currency,
        r.here,
        r.targets,
        ids(r.id),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  // Local keys that match nothing: rows of their own, so the CSV names every key keydoctor saw.
  for (const l of inv.local) {
    if (l.status === 'matched') continue;
    const f = report.findings
      .filter((x) => (x.data as { fingerprint?: string } | undefined)?.fingerprint === l.fingerprint)
      .map((x) => x.id);
    lines.push(
      [
        'local',
        '',
        '',
        '',
        l.status === 'ambiguous' ? l.candidates.join('; ') : '',
        '',
        l.key,
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        l.sources,
        l.targets,
        f,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

export function formatInventory(report: Report, fmt: InventoryFormat, color = false): string {
  if (fmt === 'json') return formatJson(report);
  if (fmt === 'markdown') return formatInventoryMarkdown(report);
  if (fmt === 'csv') return formatInventoryCsv(report);
  return formatInventoryText(report, color);
}
