/** Markdown ready to paste into an issue. */
import { AREA_TITLES } from '../../core/types.js';
import type { Report } from '../report.js';
import { locString } from '../report.js';
import { maxOf } from '../../core/arrays.js';
import { sentVerify, verifyMarkdownTail } from './verify.js';

/**
 * Text from the project (file names, values, messages that quote them) as Markdown text: a table
 * cell stays one cell, and outside code spans `<` / `>` are entities, so a file named `<img src=…>` or `</details>`
 * is shown, never rendered, where the report is pasted (a GitHub issue, a job summary).
 */
export function esc(s: string): string {
  const one = s.replace(/\|/g, '\\|').replace(/\r?\n|\r/g, ' ');
  // Code spans (keydoctor's own `export NAME='<your key>'`, or any a name makes) render nothing: kept
  // as they are. Everything between them has its < and > made entities.
  let out = '';
  let at = 0;
  for (const m of one.matchAll(/(`+)[\s\S]*?[^`]\1(?!`)|(`+)\2(?!`)/g)) {
    out += one.slice(at, m.index).replace(/</g, '&lt;').replace(/>/g, '&gt;') + m[0];
    at = (m.index ?? 0) + m[0].length;
  }
  return out + one.slice(at).replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A code span that holds any text: a fence longer than the longest run of backticks in it (CommonMark). */
export function code(s: string): string {
  const t = s.replace(/\r?\n|\r/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, maxOf((t.match(/`+/g) ?? []).map((r) => r.length)));
  const fence = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') || (t.startsWith(' ') && t.endsWith(' ') && t.trim()) ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}
const icon = (s: string) => (s === 'error' ? '❌' : s === 'warning' ? '⚠️' : s === 'info' ? 'ℹ️' : '✅');

export function formatMarkdown(report: Report): string {
  const out: string[] = [];
  const s = report.summary;
  out.push(
    `### keydoctor ${report.tool.version}: ${s.errors} errors, ${s.warnings} warnings${s.checks ? ` (${s.passed}/${s.checks} checks passed)` : ''}`,
  );
  out.push('');
  if (report.targets.length > 0) {
    out.push('| target | key variable | value | from |');
    out.push('|---|---|---|---|');
    for (const t of report.targets) {
      const k = t.vars.find((v) => v.name === t.keyVar);
      out.push(
        `| ${esc(t.label)} | ${code(t.keyVar)} | ${k?.value !== undefined ? code(k.value) : '_not set_'} | ${k?.from ? code(k.from) : ''} |`,
      );
    }
    out.push('');
  }
  for (const a of s.areas) {
    const fs = report.findings.filter((f) => f.area === a.area);
    if ((a.area === 'internal' || a.area === 'inventory') && fs.length === 0) continue;
    out.push(`${icon(a.status)} **${AREA_TITLES[a.area]}**`);
    for (const f of fs) {
      const where = locString(f.location);
      out.push(
        `- ${icon(f.severity)} [\`${f.id}\`](${f.docs ?? ''})${where ? ` at ${code(where)}` : ''}: ${esc(f.message)}`,
      );
      if (f.fix) out.push(`  - fix: ${esc(f.fix.summary)}${f.fix.command ? ` ${code(f.fix.command)}` : ''}`);
    }
    out.push('');
  }
  if (report.notes.length) {
    out.push('<details><summary>Notes</summary>', '');
    for (const n of report.notes) out.push(`- ${n.path ? `${code(n.path)}: ` : ''}${esc(n.message)}`);
    out.push('', '</details>', '');
  }
  const verify = sentVerify(report);
  return out.join('\n') + (verify ? verifyMarkdownTail(verify) : '');
}
