/** Markdown ready to paste into an issue. */
import { AREA_TITLES } from '../../core/types.js';
import type { Report } from '../report.js';
import { locString } from '../report.js';
import { sentVerify, verifyMarkdownTail } from './verify.js';

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const icon = (s: string) => (s === 'error' ? '❌' : s === 'warning' ? '⚠️' : s === 'info' ? 'ℹ️' : '✅');

export function formatMarkdown(report: Report): string {
  const out: string[] = [];
  const s = report.summary;
  out.push(`### keydoctor ${report.tool.version}: ${s.errors} errors, ${s.warnings} warnings${s.checks ? ` (${s.passed}/${s.checks} checks passed)` : ''}`);
  out.push('');
  if (report.targets.length > 0) {
    out.push('| target | key variable | value | from |');
    out.push('|---|---|---|---|');
    for (const t of report.targets) {
      const k = t.vars.find((v) => v.name === t.keyVar);
      out.push(`| ${esc(t.label)} | \`${t.keyVar}\` | ${k?.value !== undefined ? `\`${esc(k.value)}\`` : '_not set_'} | ${k?.from ? `\`${esc(k.from)}\`` : ''} |`);
    }
    out.push('');
  }
  for (const a of s.areas) {
    const fs = report.findings.filter((f) => f.area === a.area);
    if ((a.area === 'internal' || a.area === 'inventory') && fs.length === 0) continue;
    out.push(`${icon(a.status)} **${AREA_TITLES[a.area]}**`);
    for (const f of fs) {
      const where = locString(f.location);
      out.push(`- ${icon(f.severity)} [\`${f.id}\`](${f.docs ?? ''})${where ? ` at \`${where}\`` : ''}: ${esc(f.message)}`);
      if (f.fix) out.push(`  - fix: ${esc(f.fix.summary)}${f.fix.command ? ` \`${esc(f.fix.command)}\`` : ''}`);
    }
    out.push('');
  }
  if (report.notes.length) {
    out.push('<details><summary>Notes</summary>', '');
    for (const n of report.notes) out.push(`- ${n.path ? `\`${n.path}\`: ` : ''}${esc(n.message)}`);
    out.push('', '</details>', '');
  }
  const verify = sentVerify(report);
  return out.join('\n') + (verify ? verifyMarkdownTail(verify) : '');
}
