/**
 * One self-contained HTML page, to open in a browser or attach to an issue: the targets, each
 * variable's precedence chain drawn as boxes and arrows (lowest precedence first, the winner last),
 * the findings with their fixes and a copy button for each fix command, and the notes.
 *
 * Built from the report, which is already masked: no value reaches this file unmasked. Everything
 * is escaped; nothing is loaded from elsewhere (no fonts, images, styles or scripts), and the page's
 * Content-Security-Policy allows only its own inline style and script, by hash.
 */
import { createHash } from 'node:crypto';
import { AREA_TITLES, type Finding } from '../../core/types.js';
import type { Report, TargetSummary } from '../report.js';
import { locString } from '../report.js';

/** Text for HTML element content and attribute values (double-quoted). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}

const e = escapeHtml;

const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--card:#f6f8fa;--err:#cf222e;--warn:#9a6700;--info:#0969da;--ok:#1a7f37;--won:#dafbe1;--lost:#f6f8fa}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--card:#151b23;--err:#f85149;--warn:#d29922;--info:#4493f8;--ok:#3fb950;--won:#12361f;--lost:#151b23}}
*{box-sizing:border-box}
body{margin:0;padding:24px;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1100px;margin-inline:auto}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:0 0 6px}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.muted{color:var(--muted)}
.counts{display:flex;gap:8px;flex-wrap:wrap;margin-top:10px}
.badge{display:inline-block;border-radius:12px;padding:1px 10px;font-size:13px;border:1px solid var(--line)}
.badge.error{color:var(--err);border-color:var(--err)}.badge.warning{color:var(--warn);border-color:var(--warn)}.badge.info{color:var(--info);border-color:var(--info)}.badge.ok{color:var(--ok);border-color:var(--ok)}
.target,.finding{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px;margin:10px 0}
.finding{border-left:4px solid var(--line)}
.finding.error{border-left-color:var(--err)}.finding.warning{border-left-color:var(--warn)}.finding.info{border-left-color:var(--info)}
.finding .id{font-weight:600}
.sev{font-size:12px;text-transform:uppercase;letter-spacing:.04em;margin-right:6px}
.sev.error{color:var(--err)}.sev.warning{color:var(--warn)}.sev.info{color:var(--info)}
.where{margin-left:8px}
.chain{display:flex;flex-wrap:wrap;align-items:stretch;gap:0;margin:8px 0 4px;padding:0;list-style:none}
.chain li{display:flex;align-items:center}
.src{border:1px solid var(--line);border-radius:6px;padding:6px 10px;background:var(--lost);min-width:120px;display:flex;flex-direction:column}
.src.won{background:var(--won);border-color:var(--ok);border-width:2px}
.src.not-loaded{border-style:dashed;opacity:.75}
.src .kind{font-size:12px;color:var(--muted)}
.src .status{font-size:12px;font-weight:600}
.src.won .status{color:var(--ok)}
.src .reason{font-size:12px;color:var(--muted);max-width:260px}
.arrow{padding:0 8px;color:var(--muted);font-size:20px}
.var{margin-top:8px}
.fix{margin-top:8px}
.cmd{display:flex;align-items:flex-start;gap:8px;margin-top:6px}
.cmd pre{flex:1;margin:0;padding:8px 10px;background:var(--bg);border:1px solid var(--line);border-radius:6px;white-space:pre-wrap;word-break:break-all}
button.copy{font:inherit;font-size:13px;padding:6px 12px;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg);cursor:pointer}
button.copy[data-state=copied]{color:var(--ok);border-color:var(--ok)}
a{color:var(--info)}
ul.related{margin:4px 0 0;padding-left:20px;font-size:13px}
details{margin-top:10px}
`;

// Copies the text of the <pre> the button belongs to; falls back to a selection where the
// asynchronous clipboard is not allowed (a page opened from disk in some browsers).
const SCRIPT = `
document.addEventListener('click', function (ev) {
  var b = ev.target && ev.target.closest ? ev.target.closest('button.copy') : null;
  if (!b) return;
  var pre = document.getElementById(b.getAttribute('data-for'));
  if (!pre) return;
  var text = pre.textContent;
  var done = function () { b.textContent = 'Copied'; b.setAttribute('data-state', 'copied'); setTimeout(function () { b.textContent = 'Copy'; b.removeAttribute('data-state'); }, 2000); };
  var fallback = function () {
    var t = document.createElement('textarea');
    t.value = text; t.setAttribute('readonly', ''); t.style.position = 'fixed'; t.style.opacity = '0';
    document.body.appendChild(t); t.select();
    try { document.execCommand('copy'); done(); } catch (e) { b.textContent = 'Select and copy'; }
    document.body.removeChild(t);
  };
  if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, fallback);
  else fallback();
});
`;

const hash = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
// Made on the first page, not when the formatters load (every report loads them, few are HTML).
let csp: string | undefined;
const cspOf = (): string =>
  (csp ??= `default-src 'none'; style-src ${hash(STYLE)}; script-src ${hash(SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`);

const STATUS_TEXT: Record<string, string> = {
  won: 'wins',
  lost: 'loses',
  overridden: 'overridden',
  'not-loaded': 'not loaded',
};

function chainPicture(t: TargetSummary, v: TargetSummary['vars'][number], n: string): string {
  // The chain is highest precedence first; the picture reads left to right towards the winner.
  const entries = [...v.chain].reverse();
  if (entries.length === 0) return `<p class="muted">${e(v.name)}: no source sets it</p>`;
  const label = `${v.name} for ${t.label}: ${entries.map((c) => `${c.location ?? c.kind} (${STATUS_TEXT[c.status] ?? c.status})`).join(' then ')}`;
  const items: string[] = [];
  entries.forEach((c, i) => {
    if (i > 0) items.push('<li class="arrow" aria-hidden="true">→</li>');
    const cls = ['src', c.status].map((x) => e(x)).join(' ');
    items.push(
      `<li><div class="${cls}" data-status="${e(c.status)}"><span class="kind">${e(c.kind)}</span><span class="loc"><code>${e(c.location ?? c.kind)}</code></span><code class="value">${e(c.value)}</code><span class="status">${e(STATUS_TEXT[c.status] ?? c.status)}</span>${c.reason ? `<span class="reason">${e(c.reason)}</span>` : ''}</div></li>`,
    );
  });
  return `<figure class="var" id="${n}"><figcaption><code>${e(v.name)}</code>${v.value !== undefined ? ` = <code>${e(v.value)}</code>` : ' <span class="muted">not set</span>'}${v.from ? ` <span class="muted">from ${e(v.from)}</span>` : ''}</figcaption><ol class="chain" aria-label="${e(label)}">${items.join('')}</ol></figure>`;
}

function targetHtml(t: TargetSummary, i: number): string {
  const vars = [...t.vars].sort((a, b) => Number(b.name === t.keyVar) - Number(a.name === t.keyVar));
  const key =
    vars[0]?.name === t.keyVar
      ? ''
      : `<p><code>${e(t.keyVar)}</code> <span class="muted">not set by any source</span></p>`;
  const where = locString(t.location);
  // Variables no source sets are one line, not one empty picture each.
  const drawn = vars.filter((v) => v.chain.length > 0 || v.name === t.keyVar);
  const unset = vars.filter((v) => !drawn.includes(v)).map((v) => `<code>${e(v.name)}</code>`);
  return `<article class="target" id="target-${i}" data-target="${e(t.id)}"><h3>${e(t.label)}${where ? ` <span class="muted where">${e(where)}</span>` : ''}</h3>${t.loading ? `<p class="muted">${e(t.loading)}</p>` : ''}${key}${drawn.map((v, j) => chainPicture(t, v, `chain-${i}-${j}`)).join('')}${unset.length ? `<p class="muted unset">Not set by any source: ${unset.join(', ')}</p>` : ''}</article>`;
}

function findingHtml(f: Finding, i: number): string {
  const where = locString(f.location);
  const parts = [
    `<article class="finding ${e(f.severity)}" id="finding-${i}" data-id="${e(f.id)}" data-severity="${e(f.severity)}">`,
    `<h3><span class="sev ${e(f.severity)}">${e(f.severity)}</span><span class="id">${e(f.id)}</span>${f.title ? ` <span class="muted">${e(f.title)}</span>` : ''}</h3>`,
  ];
  if (where || f.target)
    parts.push(
      `<p class="muted">${where ? `<code class="loc">${e(where)}</code>` : ''}${f.target ? ` target <code>${e(f.target)}</code>` : ''}</p>`,
    );
  parts.push(`<p class="message">${e(f.message)}</p>`);
  if (f.related?.length)
    parts.push(
      `<ul class="related">${f.related.map((r) => `<li>see <code>${e(locString(r) ?? r.path)}</code>${r.note ? `: ${e(r.note)}` : ''}</li>`).join('')}</ul>`,
    );
  if (f.fix) {
    parts.push(`<div class="fix"><strong>Fix:</strong> ${e(f.fix.summary)}`);
    if (f.fix.command)
      parts.push(
        `<div class="cmd"><pre id="cmd-${i}">${e(f.fix.command)}</pre><button type="button" class="copy" data-for="cmd-${i}" aria-label="Copy the fix command">Copy</button></div>`,
      );
    parts.push('</div>');
  }
  if (f.docs)
    parts.push(`<p class="muted"><a href="${e(f.docs)}" rel="noreferrer noopener">What ${e(f.id)} means</a></p>`);
  parts.push('</article>');
  return parts.join('');
}

/** Pure: a (masked) report in, one HTML document out. */
export function formatHtml(report: Report): string {
  const s = report.summary;
  const out: string[] = [];
  out.push('<!doctype html>', '<html lang="en">', '<head>', '<meta charset="utf-8">');
  out.push(`<meta http-equiv="Content-Security-Policy" content="${e(cspOf())}">`);
  out.push(
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
  );
  out.push(`<title>keydoctor ${e(report.command)}${report.root ? ` · ${e(report.root)}` : ''}</title>`);
  out.push(`<style>${STYLE}</style>`, '</head>', '<body>');
  out.push(
    `<header><h1>keydoctor ${e(report.command)}</h1><div class="muted">keydoctor ${e(report.tool.version)}${report.root ? ` · <code>${e(report.root)}</code>` : ''}</div>`,
  );
  const counts = [
    `<span class="badge ${s.errors ? 'error' : 'ok'}" id="count-errors">${s.errors} ${s.errors === 1 ? 'error' : 'errors'}</span>`,
    `<span class="badge ${s.warnings ? 'warning' : 'ok'}" id="count-warnings">${s.warnings} ${s.warnings === 1 ? 'warning' : 'warnings'}</span>`,
  ];
  if (s.infos) counts.push(`<span class="badge info">${s.infos} info</span>`);
  if (s.checks) counts.push(`<span class="badge">${s.passed}/${s.checks} checks passed</span>`);
  out.push(`<div class="counts">${counts.join('')}</div></header>`);
  if (report.targets.length) {
    out.push('<section id="targets"><h2>What each target gets</h2>');
    out.push('<p class="muted">Each chain reads from the source with the lowest precedence to the one that wins.</p>');
    report.targets.forEach((t, i) => out.push(targetHtml(t, i)));
    out.push('</section>');
  }
  out.push('<section id="findings"><h2>Findings</h2>');
  if (report.findings.length === 0) out.push('<p class="badge ok">No problems found.</p>');
  let n = 0;
  for (const a of s.areas) {
    const fs = report.findings.filter((f) => (f.area ?? 'internal') === a.area);
    if (fs.length === 0) continue;
    out.push(`<h3 class="area">${e(AREA_TITLES[a.area])} <span class="muted">(${fs.length})</span></h3>`);
    for (const f of fs) out.push(findingHtml(f, n++));
  }
  // Findings in an area the summary does not list (a filtered summary) still appear.
  const listed = new Set(s.areas.map((a) => a.area));
  for (const f of report.findings.filter((x) => !listed.has(x.area ?? 'internal'))) out.push(findingHtml(f, n++));
  out.push('</section>');
  if (report.notes.length) {
    out.push(
      `<section id="notes"><details><summary>Notes (${report.notes.length}): things keydoctor could not read or passed over</summary><ul>`,
    );
    for (const note of report.notes)
      out.push(
        `<li>${note.path ? `<code>${e(note.path)}${note.line ? `:${note.line}` : ''}</code>: ` : ''}${e(note.message)}</li>`,
      );
    out.push('</ul></details></section>');
  }
  out.push(`<script>${SCRIPT}</script>`, '</body>', '</html>');
  return out.join('\n') + '\n';
}
