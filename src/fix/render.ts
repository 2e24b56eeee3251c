/**
 * What `keydoctor fix` shows, as pure functions of the run's data: the diff of each pass (per file,
 * a header naming each fix, safe or unsafe and why), what was written, fixed, left alone and left
 * to do by hand; and the JSON document. Everything goes through the run's masker first.
 */
import type { FindingDraft } from '../core/types.js';
import { completeFinding, locString } from '../report/report.js';
import { metaFor } from '../checks/registry.js';
import { VERSION } from '../version.js';
import { diffMasker, unifiedDiff } from './diff.js';
import type { FilePlan, FixRunResult, Plan } from './engine.js';
import type { Masker } from './mask.js';
import type { PlannedFix, Refusal, WriteProblem } from './types.js';
import type { KeyVerification, SetKeyPlan, SetKeyResult } from './set-key.js';
import { pushAll } from '../core/arrays.js';

type Paint = (s: string) => string;
const ansi =
  (open: number, close: number): Paint =>
  (s) =>
    `\u001b[${open}m${s}\u001b[${close}m`;

export interface Style {
  red: Paint;
  green: Paint;
  yellow: Paint;
  cyan: Paint;
  dim: Paint;
  bold: Paint;
}

export function style(color: boolean): Style {
  const id: Paint = (s) => s;
  return {
    red: color ? ansi(31, 39) : id,
    green: color ? ansi(32, 39) : id,
    yellow: color ? ansi(33, 39) : id,
    cyan: color ? ansi(36, 39) : id,
    dim: color ? ansi(2, 22) : id,
    bold: color ? ansi(1, 22) : id,
  };
}

const ENC: Record<string, string> = {
  utf8: 'UTF-8',
  'utf8-bom': 'UTF-8 with BOM',
  utf16le: 'UTF-16 LE',
  utf16be: 'UTF-16 BE',
};

function where(f: FindingDraft): string {
  const l = locString(f.location);
  return l ? ` ${l}` : '';
}

/** The diff of one file of a plan, with a header line per fix. */
export function renderFilePlan(fp: FilePlan, masker: Pick<Masker, 'maskText'>, s: Style): string {
  const mask = diffMasker(masker);
  const lines: string[] = [s.bold(fp.display)];
  for (const fx of fp.fixes) {
    const tag = fx.applicability === 'safe' ? s.green('(safe)') : s.yellow('(unsafe)');
    lines.push(`  ${s.bold(fx.finding.id)} ${tag} ${mask(fx.title)}`);
    if (fx.caution) lines.push(s.yellow(`    unsafe because ${mask(fx.caution)}`));
  }
  const inProject = !fp.display.startsWith('~') && !fp.display.startsWith('/');
  const encBefore = fp.before.exists ? fp.before.encoding : undefined;
  const encNote =
    encBefore && encBefore !== fp.afterEncoding
      ? { a: ENC[encBefore] ?? encBefore, b: ENC[fp.afterEncoding] ?? fp.afterEncoding }
      : undefined;
  const d = unifiedDiff(fp.before.text, fp.afterText, {
    a: fp.before.exists ? (inProject ? `a/${fp.display}` : fp.display) : '/dev/null',
    b: inProject ? `b/${fp.display}` : fp.display,
    mask,
    aNote: encNote?.a,
    bNote: encNote?.b,
  });
  if (d)
    pushAll(
      lines,
      d
        .trimEnd()
        .split('\n')
        .map((l) =>
          l.startsWith('+') && !l.startsWith('+++')
            ? s.green(l)
            : l.startsWith('-') && !l.startsWith('---')
              ? s.red(l)
              : l.startsWith('@@')
                ? s.cyan(l)
                : l,
        ),
    );
  else if (encNote) lines.push(s.dim(`  (text unchanged; ${encNote.a} → ${encNote.b})`));
  return lines.join('\n');
}

export function renderPlan(plan: Plan, masker: Pick<Masker, 'maskText'>, s: Style): string {
  const n = plan.fixes.length;
  const out: string[] = [
    s.bold(
      `Pass ${plan.pass}: ${n} ${n === 1 ? 'fix' : 'fixes'} in ${plan.files.length} ${plan.files.length === 1 ? 'file' : 'files'}`,
    ),
    '',
  ];
  for (const fp of plan.files) out.push(renderFilePlan(fp, masker, s), '');
  return out.join('\n');
}

function problemLine(p: WriteProblem, s: Style): string {
  return `  ${s.red('✗')} ${p.display}: ${p.message}`;
}

function refusalLine(r: Refusal, mask: (x: string) => string, s: Style): string[] {
  const out = [`  ${s.yellow('!')} ${s.bold(r.finding.id)}${where(r.finding)}: ${mask(r.reason)}`];
  if (r.instead) out.push(s.dim(`      instead: ${mask(r.instead)}`));
  return out;
}

function unsafeLine(f: PlannedFix, mask: (x: string) => string, s: Style): string[] {
  const out = [`  ${s.yellow('~')} ${s.bold(f.finding.id)} ${f.display}: ${mask(f.title)}`];
  if (f.caution) out.push(s.dim(`      unsafe because ${mask(f.caution)}`));
  return out;
}

/** The summary after the run (the diffs were shown pass by pass). */
export function renderSummary(r: FixRunResult, s: Style, opts: { rerun?: string } = {}): string {
  const mask = diffMasker(r.secrets);
  const out: string[] = [];
  if (r.problems.length) {
    out.push(s.red('Not written:'));
    for (const p of r.problems) out.push(problemLine(p, s));
    out.push('');
  }
  if (r.stopped === 'circular')
    out.push(
      s.yellow(`Stopped after pass ${r.stoppedAt}: circular fixes (the files came back to an earlier state).`),
      '',
    );
  if (r.stopped === 'max-passes')
    out.push(s.yellow(`Stopped after ${r.stoppedAt} passes with fixes still to do: run keydoctor fix again.`), '');
  if (r.refusals.length) {
    out.push(s.yellow('Left alone:'));
    for (const x of r.refusals) pushAll(out, refusalLine(x, mask, s));
    out.push('');
  }
  if (r.unsafeLeft.length) {
    out.push(
      s.yellow(`Unsafe fixes not applied (${r.unsafeLeft.length}; add --unsafe to apply them after reading the diff):`),
    );
    for (const f of r.unsafeLeft) pushAll(out, unsafeLine(f, mask, s));
    out.push('');
  }
  const manual = r.manual.filter((f) => (completeFinding(f, metaFor).severity ?? 'warning') !== 'info');
  if (manual.length) {
    out.push(s.dim(`To do by hand (${manual.length}; \`keydoctor doctor\` explains each):`));
    for (const f of manual.slice(0, 12)) out.push(s.dim(`  - ${f.id}${where(f)}`));
    if (manual.length > 12) out.push(s.dim(`  … ${manual.length - 12} more`));
    out.push('');
  }
  if (r.dryRun) {
    const n = r.passes[0]?.plan.fixes.length ?? 0;
    const deferred = r.passes[0]?.plan.deferred.length ?? 0;
    out.push(
      n
        ? `Nothing written (a dry run). Run ${s.bold(opts.rerun ?? 'keydoctor fix --yes')}${r.unsafeLeft.length ? ' (and --unsafe for the unsafe ones)' : ''} to write ${n === 1 ? 'this fix' : `these ${n} fixes`}${deferred ? ` (${deferred} more ${deferred === 1 ? 'waits' : 'wait'} for the next pass, where ${deferred === 1 ? 'it touches' : 'they touch'} the same lines)` : ''}; the doctor runs again after each pass and may find more.`
        : 'Nothing to fix automatically.',
    );
    return out.join('\n') + '\n';
  }
  if (r.written.length === 0 && r.problems.length === 0 && r.stopped !== 'declined') {
    out.push(s.green('Nothing to fix: no change is needed.'));
  } else if (r.written.length) {
    out.push(
      `${s.green('Wrote')} ${r.written.join(', ')}${r.backupDir ? s.dim(` (backups in ${r.backupDisplay ?? r.backupDir}/; \`keydoctor fix --undo\` restores them)`) : ''}.`,
    );
  }
  if (r.fixed.length)
    out.push(`${s.green('Fixed')} ${r.fixed.length}: ${r.fixed.map((f) => `${f.id}${where(f)}`).join(', ')}.`);
  for (const a of r.afterwards) out.push(s.yellow(`Then: ${mask(a)}`));
  const errors = r.remaining.filter((f) => completeFinding(f, metaFor).severity === 'error').length;
  const warnings = r.remaining.filter((f) => completeFinding(f, metaFor).severity === 'warning').length;
  if (r.remaining.length)
    out.push(
      s.dim(
        `The doctor still reports ${errors} ${errors === 1 ? 'error' : 'errors'} and ${warnings} ${warnings === 1 ? 'warning' : 'warnings'} (run keydoctor doctor).`,
      ),
    );
  else out.push(s.green('The doctor reports nothing more.'));
  return out.join('\n') + '\n';
}

function fixJson(f: PlannedFix, mask: (x: string) => string): Record<string, unknown> {
  const whole = Boolean(f.encodeAs || f.create);
  return {
    finding: f.finding.id,
    location: f.finding.location,
    file: f.display,
    applicability: f.applicability,
    title: mask(f.title),
    caution: f.caution ? mask(f.caution) : undefined,
    edits:
      whole && f.encodeAs
        ? [{ start: 0, end: f.edits[0]?.end ?? 0, reencode: f.encodeAs }]
        : f.edits.map((e, i) => ({
            start: e.start,
            end: e.end,
            text: mask(f.textEdits[i]?.text ?? e.bytes.toString('utf8')),
          })),
    hash: f.hash || undefined,
  };
}

/** The JSON document of a fix run (masked). */
export function fixJsonDoc(r: FixRunResult, root: string): Record<string, unknown> {
  const mask = diffMasker(r.secrets);
  const finding = (f: FindingDraft) => r.secrets.maskDeep(completeFinding(f, metaFor));
  return {
    tool: { name: 'keydoctor', version: VERSION },
    command: 'fix',
    root,
    dryRun: r.dryRun,
    passes: r.passes.map((p) => ({
      pass: p.plan.pass,
      planned: p.plan.fixes.map((f) => fixJson(f, mask)),
      deferred: p.plan.deferred.map((f) => fixJson(f, mask)),
      written: p.written.map((w) => w.display),
      problems: p.problems.map(({ display, kind, message }) => ({ file: display, kind, message })),
    })),
    written: r.written,
    problems: r.problems.map(({ display, kind, message }) => ({ file: display, kind, message })),
    backup: r.backupDir,
    stopped: r.stopped,
    fixed: r.fixed.map(finding),
    unsafe: r.unsafeLeft.map((f) => fixJson(f, mask)),
    refused: r.refusals.map((x) => ({
      finding: x.finding.id,
      location: x.finding.location,
      file: x.path,
      reason: mask(x.reason),
      instead: x.instead ? mask(x.instead) : undefined,
    })),
    manual: r.manual.map((f) => ({ id: f.id, location: f.location })),
    unset: r.unset,
    afterwards: r.afterwards.map(mask),
    remaining: r.remaining.map(finding),
  };
}

// ---------------------------------------------------------------------------------------------
// set-key

/** The plan of `keydoctor set-key`: per target what it gets now and where the new key goes, the diff, the commands. */
export function renderSetKeyPlan(p: SetKeyPlan, s: Style, verification: KeyVerification[] | undefined): string {
  const m = diffMasker(p.masker);
  const out: string[] = [
    `${s.bold('New key')} ${p.key.masked} ${s.dim(`(fingerprint ${p.key.fingerprint}, ${p.key.credential.label})`)}`,
  ];
  for (const w of p.key.warnings) out.push(s.yellow(`  ! ${w}`));
  if (verification) {
    if (verification.length === 0) out.push(s.dim('  not verified: no target sends it anywhere keydoctor can ask'));
    for (const v of verification) {
      if (v.skipped) out.push(s.dim(`  not verified for ${v.targets.join(', ')}: ${m(v.skipped)}`));
      else
        out.push(
          `  ${v.ok ? s.green('✓ accepted') : s.red('✗ refused')} by ${v.endpoint}${v.status !== undefined ? ` (HTTP ${v.status})` : ''} for ${v.targets.join(', ')}${v.messages.length ? `: ${m(v.messages.join(' '))}` : ''}`,
        );
    }
  } else out.push(s.dim('  not verified (--offline)'));
  out.push('', s.bold('Targets'));
  // Targets in the same situation are listed together.
  const groups = new Map<string, SetKeyPlan['targets']>();
  for (const t of p.targets) {
    const k = JSON.stringify([t.name, t.now?.fingerprint, t.now?.from, [...new Set(t.writes)], t.commands, t.note]);
    groups.set(k, [...(groups.get(k) ?? []), t]);
  }
  for (const ts of groups.values()) {
    const t = ts[0] as SetKeyPlan['targets'][number];
    out.push(
      `  ${
        ts.length === 1
          ? t.label
          : `${t.label} and ${ts.length - 1} other ${ts.length === 2 ? 'target' : 'targets'} (${ts
              .slice(1, 4)
              .map((x) => x.label)
              .join(', ')}${ts.length > 4 ? ', …' : ''})`
      }`,
    );
    out.push(
      s.dim(
        `      ${t.name} now: ${t.now ? `${t.now.masked} (${t.now.fingerprint}) from ${t.now.from ?? '?'}` : 'not set'}`,
      ),
    );
    if (t.writes.length) out.push(`      → written in ${[...new Set(t.writes)].join(', ')}`);
    if (t.commands.length)
      out.push(`      → ${t.commands.length === 1 ? 'a command' : `${t.commands.length} commands`} below`);
    if (t.note) out.push(s.yellow(`      ! ${m(t.note)}`));
    if (!t.writes.length && !t.commands.length && !t.note)
      out.push(s.yellow('      ! nothing keydoctor can change (see below)'));
  }
  out.push('');
  if (p.plan.files.length) {
    out.push(s.bold(`Changes (${p.plan.files.length} ${p.plan.files.length === 1 ? 'file' : 'files'})`), '');
    for (const fp of p.plan.files) out.push(renderFilePlan(fp, p.masker, s), '');
  }
  if (p.commands.length) {
    out.push(
      s.bold('Commands to run (each reads the key from standard input without showing it: paste it and press Enter)'),
    );
    let why = '';
    for (const c of p.commands) {
      if (c.why !== why) out.push(s.dim(`  # ${m(c.why)}`));
      why = c.why;
      out.push(`  ${s.cyan('$')} ${m(c.command)}`);
    }
    out.push('');
  }
  if (p.refusals.length) {
    out.push(s.yellow('Left alone:'));
    for (const r of p.refusals) pushAll(out, refusalLine(r, m, s));
    out.push('');
  }
  return out.join('\n');
}

export function renderSetKeyResult(p: SetKeyPlan, r: SetKeyResult, s: Style): string {
  const m = diffMasker(p.masker);
  const out: string[] = [];
  if (r.problems.length) {
    out.push(s.red('Not written:'));
    for (const x of r.problems) out.push(problemLine(x, s));
    out.push('');
  }
  if (r.written.length)
    out.push(
      `${s.green('Wrote')} ${r.written.join(', ')}${r.backupDir ? s.dim(` (backups in ${r.backupDisplay ?? r.backupDir}/; \`keydoctor fix --undo\` restores them)`) : ''}.`,
      '',
    );
  out.push(s.bold(`What each target gets now (the doctor ran again; new key ${p.key.fingerprint})`));
  for (const t of r.targets) {
    const mark = t.ok ? s.green('✓') : t.pending.length ? s.yellow('…') : s.red('✗');
    const what = t.ok
      ? `the new key ${t.masked} (${t.fingerprint}) from ${t.from ?? '?'}`
      : t.pending.length
        ? `after the command${t.pending.length > 1 ? 's' : ''} above${t.masked ? `; today still ${t.masked} (${t.fingerprint})` : ''}`
        : t.masked
          ? `still ${t.masked} (${t.fingerprint}) from ${t.from ?? '?'}`
          : `no ${t.name}`;
    out.push(`  ${mark} ${t.label}: ${m(what)}`);
  }
  for (const a of r.afterwards) out.push(s.yellow(`Then: ${m(a)}`));
  if (r.commands.length)
    out.push(
      s.yellow(
        `Still to do: the ${r.commands.length === 1 ? 'command' : `${r.commands.length} commands`} printed above.`,
      ),
    );
  return out.join('\n') + '\n';
}

export function setKeyJson(
  p: SetKeyPlan,
  verification: KeyVerification[] | undefined,
  r?: SetKeyResult,
): Record<string, unknown> {
  const m = diffMasker(p.masker);
  return {
    tool: { name: 'keydoctor', version: VERSION },
    command: 'set-key',
    root: p.root,
    key: {
      masked: p.key.masked,
      fingerprint: p.key.fingerprint,
      kind: p.key.credential.kind,
      warnings: p.key.warnings,
    },
    verification: verification?.map((v) => ({
      ...v,
      messages: v.messages.map(m),
      skipped: v.skipped ? m(v.skipped) : undefined,
    })),
    targets: p.targets.map((t) => ({ ...t, note: t.note ? m(t.note) : undefined, commands: t.commands.map(m) })),
    planned: p.plan.fixes.map((f) => fixJson(f, m)),
    commands: p.commands.map((c) => ({ ...c, command: m(c.command), why: m(c.why) })),
    refused: p.refusals.map((x) => ({
      file: x.path,
      reason: m(x.reason),
      instead: x.instead ? m(x.instead) : undefined,
    })),
    written: r?.written,
    problems: r?.problems.map(({ display, kind, message }) => ({ file: display, kind, message })),
    backup: r?.backupDir,
    after: r?.targets,
    afterwards: r?.afterwards.map(m),
  };
}
