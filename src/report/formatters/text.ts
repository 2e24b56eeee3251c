/** The doctor's screen: one line per area with ✓ ! ✗, each problem with its place, cause and fix. */
import { AREA_TITLES, type Finding } from '../../core/types.js';
import type { Report } from '../report.js';
import { locString } from '../report.js';

export interface TextOptions {
  color: boolean;
  /** Show the resolved targets (doctor). */
  targets?: boolean;
  verbose?: boolean;
}

type Paint = (s: string) => string;
const ansi = (open: number, close: number): Paint => (s) => `\u001b[${open}m${s}\u001b[${close}m`;

export function formatText(report: Report, opts: TextOptions): string {
  const id: Paint = (s) => s;
  const red = opts.color ? ansi(31, 39) : id;
  const yellow = opts.color ? ansi(33, 39) : id;
  const green = opts.color ? ansi(32, 39) : id;
  const dim = opts.color ? ansi(2, 22) : id;
  const bold = opts.color ? ansi(1, 22) : id;
  const cyan = opts.color ? ansi(36, 39) : id;
  const mark = (s: string) => (s === 'error' ? red('✗') : s === 'warning' ? yellow('!') : s === 'info' ? cyan('i') : green('✓'));

  const lines: string[] = [];
  lines.push(`${bold('keydoctor')} ${report.tool.version}${report.root ? dim(` · ${report.root}`) : ''}`);
  lines.push('');

  if (opts.targets && report.targets.length > 0) {
    lines.push(bold('What each target gets'));
    for (const t of report.targets) {
      const key = t.vars.find((v) => v.name === t.keyVar);
      const what = key?.value !== undefined ? `${t.keyVar} = ${key.value}${key.from ? dim(` from ${key.from}`) : ''}` : `${t.keyVar} ${red('not set')}`;
      lines.push(`  ${t.label}`);
      lines.push(`      ${what}`);
      if (t.loading) lines.push(dim(`      ${t.loading}`));
      if (opts.verbose && key) for (const c of key.chain) lines.push(dim(`        ${c.status.padEnd(10)} ${c.value.padEnd(18)} ${c.location ?? c.kind}${c.reason ? `  (${c.reason})` : ''}`));
    }
    lines.push('');
  }

  const byArea = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const a = f.area ?? 'internal';
    if (!byArea.has(a)) byArea.set(a, []);
    byArea.get(a)?.push(f);
  }
  for (const a of report.summary.areas) {
    const fs = byArea.get(a.area) ?? [];
    if ((a.area === 'internal' || a.area === 'inventory') && fs.length === 0) continue;
    const head = fs.length === 0 ? '' : dim(` (${fs.length} ${fs.length === 1 ? 'finding' : 'findings'})`);
    lines.push(`${mark(a.status)} ${AREA_TITLES[a.area]}${head}`);
    for (const f of fs) {
      const where = locString(f.location);
      lines.push(`    ${mark(f.severity)} ${bold(f.id)}${where ? `  ${cyan(where)}` : ''}${f.target ? dim(`  [${f.target}]`) : ''}`);
      lines.push(`      ${f.message}`);
      for (const r of f.related ?? []) lines.push(dim(`      see ${locString(r)}${r.note ? `: ${r.note}` : ''}`));
      if (f.fix) {
        lines.push(`      ${green('fix:')} ${f.fix.summary}`);
        if (f.fix.command) lines.push(`        ${cyan('$')} ${f.fix.command}`);
      }
    }
  }
  if (report.notes.length > 0) {
    lines.push('');
    const shown = opts.verbose ? report.notes : report.notes.slice(0, 8);
    lines.push(dim(`Notes (${report.notes.length}): things keydoctor could not read or passed over`));
    for (const n of shown) lines.push(dim(`    ${n.path ? `${n.path}${n.line ? `:${n.line}` : ''}: ` : ''}${n.message}`));
    if (shown.length < report.notes.length) lines.push(dim(`    … ${report.notes.length - shown.length} more (--verbose shows all)`));
  }
  lines.push('');
  const s = report.summary;
  const parts = [`${s.errors} ${s.errors === 1 ? 'error' : 'errors'}`, `${s.warnings} ${s.warnings === 1 ? 'warning' : 'warnings'}`];
  if (s.infos) parts.push(`${s.infos} info`);
  const checks = s.checks > 0 ? ` · ${s.passed}/${s.checks} checks passed` : '';
  lines.push((s.errors ? red : s.warnings ? yellow : green)(parts.join(', ')) + checks);
  return lines.join('\n') + '\n';
}
