/**
 * `/etc/environment`, read by pam_env at login: `KEY=value` or `KEY="value"` lines, no `export`
 * needed (an `export ` prefix is skipped), no variable expansion, `#` starts a comment line only.
 * Everything it sets is exported to the whole session.
 */
import type { Assignment } from '../../core/types.js';

export function parseEtcEnvironment(text: string, path = '/etc/environment'): Assignment[] {
  const out: Assignment[] = [];
  text.split(/\r?\n/).forEach((row, idx) => {
    const line = row.replace(/^[ \t]+/, '');
    if (!line || line.startsWith('#')) return;
    const m = /^(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) return;
    const [, name = '', rawValue = ''] = m;
    let value = rawValue.replace(/[ \t]+$/, '');
    const q = value[0];
    if ((q === '"' || q === "'") && value.length >= 2 && value.endsWith(q)) value = value.slice(1, -1);
    out.push({
      name,
      value,
      kind: 'etc-environment',
      location: { path, line: idx + 1, column: row.indexOf(name) + 1 },
      raw: rawValue,
      exported: true,
      detail: '/etc/environment (pam_env: every login session of every user)',
    });
  });
  return out;
}
