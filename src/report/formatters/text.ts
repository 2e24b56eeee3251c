/** The doctor's screen: one line per area with ✓ ! ✗, each problem with its place, cause and fix. */
import { AREA_TITLES, type Finding } from '../../core/types.js';
import type { Report } from '../report.js';
import { locString } from '../report.js';
import { sentVerify, verifyTextHead } from './verify.js';
import { scanFooter } from './scan.js';

export interface TextOptions {
  color: boolean;
  /** Show the resolved targets (doctor). */
  targets?: boolean;
  verbose?: boolean;
}

type Paint = (s: string) => string;
const ansi =
  (open: number, close: number): Paint =>
  (s) =>
    `\u001b[${open}m${s}\u001b[${close}m`;

export function formatText(report: Report, opts: TextOptions): string {
  const verify = sentVerify(report);
  const head = verify ? verifyTextHead(verify).join('\n') + '\n\n' : '';
  const footer = scanFooter(report);
  return head + findingsText(report, opts) + (footer !== undefined ? footer + '\n' : '');
}

/**
 * Why a target needs no key from its environment: no client at all, clients that are not built here
 * (with their conditions), or clients given their key in code (a literal, a token, an expression).
 */
function noKeyText(t: Report['targets'][number]): string {
  const cs = t.clients ?? [];
  if (cs.length === 0) return 'needs no key: its code builds no LLM client';
  const never = cs.filter((c) => c.status === 'never');
  const built = cs.filter((c) => c.status !== 'never');
  // an expression keydoctor cannot follow is not a key "given in code": it may well come from the environment
  const opaque = built.filter((c) => c.credential.kind === 'opaque').length;
  // a token provider (Entra ID, workload identity, a third-party provider such as Bedrock): no key at all
  const token = built.filter((c) => c.credential.kind === 'token').length;
  const given = built.length - opaque - token;
  const conds = [...new Set(never.map((c) => c.condition).filter(Boolean))].slice(0, 2).join('; ');
  const parts = [
    never.length ? `${never.length} not built here${conds ? `: only if ${conds}` : ''}` : '',
    given ? `${given} given ${given === 1 ? 'its' : 'their'} key in code, not from the environment` : '',
    token ? `${token} signing in with a token provider instead of a key` : '',
    opaque ? `${opaque} given a key by an expression keydoctor cannot follow` : '',
  ].filter(Boolean);
  return `needs no key from its environment (${parts.join('; ')})`;
}

function findingsText(report: Report, opts: TextOptions): string {
  const id: Paint = (s) => s;
  const red = opts.color ? ansi(31, 39) : id;
  const yellow = opts.color ? ansi(33, 39) : id;
  const green = opts.color ? ansi(32, 39) : id;
  const dim = opts.color ? ansi(2, 22) : id;
  const bold = opts.color ? ansi(1, 22) : id;
  const cyan = opts.color ? ansi(36, 39) : id;
  const mark = (s: string) =>
    s === 'error' ? red('✗') : s === 'warning' ? yellow('!') : s === 'info' ? cyan('i') : green('✓');

  const lines: string[] = [];
  lines.push(`${bold('keydoctor')} ${report.tool.version}${report.root ? dim(` · ${report.root}`) : ''}`);
  lines.push('');

  if (report.command === 'doctor' && report.data?.usesLLM === false && report.findings.length === 0) {
    lines.push(
      `${mark('ok')} Nothing here uses OpenAI or another LLM API: no client in the code, no SDK among the dependencies, no key variable or key in the project's files. Nothing to diagnose.`,
    );
    return lines.join('\n') + '\n';
  }
  if (opts.targets && report.targets.length > 0) {
    lines.push(bold('What each target gets'));
    for (const t of report.targets) {
      lines.push(`  ${t.label}`);
      if (t.needsKey === false && !t.readsKey) {
        lines.push(dim(`      ${noKeyText(t)}`));
        if (t.loading && opts.verbose) lines.push(dim(`      ${t.loading}`));
        continue;
      }
      const key = t.vars.find((v) => v.name === t.keyVar);
      const what =
        key?.value !== undefined
          ? `${t.keyVar} = ${key.value}${key.from ? dim(` from ${key.from}`) : ''}`
          : `${t.keyVar} ${red('not set')}`;
      lines.push(`      ${what}`);
      if (t.loading) lines.push(dim(`      ${t.loading}`));
      if (opts.verbose && key)
        for (const c of key.chain)
          lines.push(
            dim(
              `        ${c.status.padEnd(10)} ${c.value.padEnd(18)} ${c.location ?? c.kind}${c.reason ? `  (${c.reason})` : ''}`,
            ),
          );
      for (const l of clientLines(report, t, opts.verbose === true)) lines.push(dim(l));
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
    for (const group of opts.verbose ? fs.map((f) => [f]) : sameFindings(fs)) {
      const f = group[0] as Finding;
      const where = locString(f.location);
      lines.push(
        `    ${mark(f.severity)} ${bold(f.id)}${where ? `  ${cyan(where)}` : ''}${f.target ? dim(`  [${f.target}]`) : ''}`,
      );
      lines.push(`      ${f.message}`);
      for (const r of f.related ?? []) lines.push(dim(`      see ${locString(r)}${r.note ? `: ${r.note}` : ''}`));
      if (f.fix) {
        lines.push(`      ${green('fix:')} ${f.fix.summary}`);
        if (f.fix.command) lines.push(`        ${cyan('$')} ${f.fix.command}`);
      }
      if (group.length > 1) {
        const places = group.slice(1).map((g) => locString(g.location) as string);
        const shown = places.slice(0, MAX_PLACES);
        const more = places.length - shown.length;
        lines.push(
          `      ${dim(`the same at ${places.length} more ${places.length === 1 ? 'place' : 'places'}:`)} ${shown.map((p) => cyan(p)).join(', ')}${more > 0 ? dim(` … and ${more} more (--verbose lists each)`) : ''}`,
        );
      }
    }
  }
  if (report.notes.length > 0) {
    lines.push('');
    const shown = opts.verbose ? report.notes : report.notes.slice(0, 8);
    lines.push(dim(`Notes (${report.notes.length}): things keydoctor could not read or passed over`));
    for (const n of shown)
      lines.push(dim(`    ${n.path ? `${n.path}${n.line ? `:${n.line}` : ''}: ` : ''}${n.message}`));
    if (shown.length < report.notes.length)
      lines.push(dim(`    … ${report.notes.length - shown.length} more (--verbose shows all)`));
  }
  lines.push('');
  const s = report.summary;
  const parts = [
    `${s.errors} ${s.errors === 1 ? 'error' : 'errors'}`,
    `${s.warnings} ${s.warnings === 1 ? 'warning' : 'warnings'}`,
  ];
  if (s.infos) parts.push(`${s.infos} info`);
  const checks = s.checks > 0 ? ` · ${s.passed}/${s.checks} checks passed` : '';
  lines.push((s.errors ? red : s.warnings ? yellow : green)(parts.join(', ')) + checks);
  return lines.join('\n') + '\n';
}

/** Places listed on the line under a finding that stands for several (the rest: --verbose). */
const MAX_PLACES = 8;
/** Findings that differ only in where they are, as groups: a group holds 3 or more, the rest stand alone. */
const GROUP_AT = 3;

/**
 * The area's findings in order, those that say the same thing at several places (same id, severity,
 * target, fix and message once the place is taken out of it, e.g. one retired model called from ten
 * files) as one group each, at the first one's position: the screen shows the first in full and the
 * others' places under it. Findings with related places or without a place stand alone.
 */
function sameFindings(fs: Finding[]): Finding[][] {
  const keyOf = (f: Finding): string | undefined => {
    const at = locString(f.location);
    if (!at || !f.location?.line || (f.related?.length ?? 0) > 0) return undefined;
    // the place, and the file alone (`git diff FILE`), are what differs between the same findings
    const path = f.location.path;
    const blank = (s: string | undefined) => s?.split(at).join('\u0000').split(path).join('\u0001') ?? '';
    return JSON.stringify([
      f.id,
      f.severity,
      f.target ?? '',
      blank(f.message),
      blank(f.fix?.summary),
      blank(f.fix?.command),
    ]);
  };
  const groups = new Map<string, Finding[]>();
  const keys = fs.map(keyOf);
  keys.forEach((k, i) => {
    if (k === undefined) return;
    const g = groups.get(k);
    if (g) g.push(fs[i] as Finding);
    else groups.set(k, [fs[i] as Finding]);
  });
  const out: Finding[][] = [];
  keys.forEach((k, i) => {
    const g = k === undefined ? undefined : groups.get(k);
    if (!g || g.length < GROUP_AT) out.push([fs[i] as Finding]);
    else if (g[0] === fs[i]) out.push(g);
  });
  return out;
}

/** The clients a target reaches, one line each: what it sends where ("→ api.openai.com: OpenAI() at app.py:6"). */
function clientLines(report: Report, t: Report['targets'][number], verbose: boolean): string[] {
  const all = t.clients ?? [];
  const shown = all.filter((c) => verbose || c.status !== 'never');
  // one line per client is noise when a target has a single client that sends the key above to OpenAI
  if (
    !verbose &&
    all.length === 1 &&
    shown[0]?.status === 'runs' &&
    shown[0].endpoint.provider === 'openai' &&
    shown[0].credential.from === t.keyVar
  )
    return [];
  const out: string[] = [];
  for (const c of shown.slice(0, verbose ? shown.length : 4)) {
    const info = report.clients?.[c.client];
    const who = `${info?.callee ?? info?.sdk ?? 'a client'} at ${c.location}`;
    const to =
      c.endpoint.host ??
      (c.endpoint.url === '' ? `an empty base URL (${c.endpoint.from ?? 'OPENAI_BASE_URL'} is "")` : undefined) ??
      c.endpoint.url ??
      (c.endpoint.from && c.endpoint.from !== 'default'
        ? `the endpoint in ${c.endpoint.from}`
        : 'its default endpoint');
    const cred =
      c.credential.kind === 'env'
        ? (c.credential.from ?? c.credential.names?.[0] ?? 'a key')
        : c.credential.kind === 'literal'
          ? `the key written in the code (${c.credential.value ?? ''})`
          : c.credential.kind === 'token'
            ? 'a token (no key)'
            : c.credential.kind === 'store'
              ? `${c.credential.names?.[0] ?? 'a secret'} from ${c.credential.store}`
              : 'a key keydoctor cannot follow';
    const when =
      c.status === 'maybe'
        ? ` (only if ${c.condition ?? 'a condition holds'})`
        : c.status === 'never'
          ? ` (not built here: ${c.condition ? `only if ${c.condition}` : 'a condition fails'})`
          : '';
    out.push(`      → ${to}: ${who} sends ${cred}${when}`);
  }
  if (shown.length > out.length) out.push(`      … ${shown.length - out.length} more clients (--verbose)`);
  const never = all.length - shown.length;
  if (never > 0 && !verbose)
    out.push(
      `      ${never} other ${never === 1 ? 'client is' : 'clients are'} not built here (their conditions fail: --verbose shows them)`,
    );
  return out;
}
