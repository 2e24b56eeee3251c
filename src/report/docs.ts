/** Renders docs/findings.md from the catalog: a section per finding id. */
import { AREA_TITLES, type Area } from '../core/types.js';
import { ALL_META } from '../checks/registry.js';

const AREAS: Area[] = ['value', 'sources', 'code', 'exposure', 'deploy', 'live', 'inventory', 'internal'];

export function renderFindingsDoc(): string {
  const out: string[] = [
    '# Finding ids',
    '',
    "<!-- Generated from each check's metadata by `npm run docs`; edit the check, not this file. -->",
    '',
    'Every problem keydoctor reports carries one of these ids. They are stable: filter with `--only` /',
    '`--ignore`, search for them, link to them. Severity is the default; a check may raise or lower it',
    'for one finding when the facts say so. Exit status: 0 when no finding is an error, 1 when one is,',
    '2 when keydoctor itself could not run.',
    '',
  ];
  for (const area of AREAS) {
    const metas = ALL_META.filter((m) => m.area === area);
    if (!metas.length) continue;
    out.push(`## ${AREA_TITLES[area]}`, '');
    out.push('| id | severity | title |', '|---|---|---|');
    for (const m of metas) out.push(`| [\`${m.id}\`](#${m.id}) | ${m.severity} | ${m.title} |`);
    out.push('');
    for (const m of metas) {
      out.push(`### ${m.id}`, '');
      out.push(`**${m.title}** · ${m.severity}`, '');
      out.push(`**What it means.** ${m.docs.what}`, '');
      out.push(`**Why it breaks the call.** ${m.docs.why}`, '');
      out.push(`**How to fix it.** ${m.docs.fix}`, '');
    }
  }
  return out.join('\n');
}
