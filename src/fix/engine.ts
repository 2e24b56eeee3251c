/**
 * The fix engine, ESLint's fixer loop held to a stricter standard:
 * 1. run the doctor, ask each finding's fixer for proposals (text edits of one file each);
 * 2. check every proposal against the rules (src/fix/guard.ts), turn it into byte ranges of the file
 *    as it is now, run its own check of the result (does it parse, does the loader read the key),
 *    and refuse it with a reason when anything is off;
 * 3. per file, sort the fixes and keep those that do not overlap an earlier one (the others wait for
 *    the next pass, and stay reported if there is none);
 * 4. write (src/fix/write.ts, after a backup), re-run the doctor and repeat until a pass has nothing
 *    to do: at most 10 passes, stopping early when the files come back to a state they had before
 *    (a circular fix).
 * Nothing is written unless the caller asks (`write: true`, or `confirm` says yes).
 */
import type { Facts } from '../core/facts.js';
import type { FindingDraft } from '../core/types.js';
import { runDiagnosis, type DiagnoseOptions, type Diagnosis } from '../pipeline/diagnose.js';
import { isCredentialName, isPlaceholder } from '../keys/classify.js';
import { Masker } from './mask.js';
import { RC_FILES } from '../collect/shell/collector.js';
import {
  applyByteEdits,
  applyTextEdits,
  decodeFile,
  encodeText,
  isText,
  overlapping,
  readFileText,
  sha256,
  toByteEdits,
  absPath,
  displayPath,
  type FileText,
} from './content.js';
import { mayEdit, mayWriteKey, type GuardContext } from './guard.js';
import { makeContext, type FixerContext, type FixerResult } from './fixers/context.js';
import { fixerFor } from './fixers/index.js';
import { metaFor } from '../checks/registry.js';
import type { FixProposal, PlannedFix, Refusal, WriteProblem } from './types.js';
import { BackupRun } from './backup.js';
import { resolveWriteTarget, writeFileAtomic, WriteError, type WriteHooks } from './write.js';
import { join } from 'node:path';
import { maxOf, minOf, pushAll } from '../core/arrays.js';

export const MAX_PASSES = 10;

/** One file's change in a pass: its content before, the bytes after, and the fixes that make it. */
export interface FilePlan {
  path: string;
  display: string;
  before: FileText;
  after: Buffer;
  afterText: string;
  afterEncoding: FileText['encoding'];
  fixes: PlannedFix[];
}

export interface Plan {
  pass: number;
  /** Fixes to write in this pass (non-overlapping). */
  fixes: PlannedFix[];
  /** Fixes overlapping one kept in this pass: planned again after it. */
  deferred: PlannedFix[];
  /** Unsafe fixes left out (no --unsafe). */
  unsafe: PlannedFix[];
  refusals: Refusal[];
  /** Findings with no automatic fix. */
  manual: FindingDraft[];
  files: FilePlan[];
}

export interface PlanOptions {
  unsafe?: boolean;
  only?: string[];
  ignore?: string[];
  now?: Date;
  pass?: number;
  /** Restrict planning to these findings (set-key passes its own). */
  findings?: FindingDraft[];
  /** Files that a .gitignore edit of the same plan makes ignored (set-key adds the .env to .gitignore and writes it). */
  ignoredExtra?: (abs: string) => boolean;
}

const INVISIBLE_OR_SPACE = /[\s\u200b-\u200f\u2060\ufeff\u00ad\u00a0]/g;
const KEYISH =
  /sk-[A-Za-z0-9_-]{20,}|sk-ant-[A-Za-z0-9_-]{20,}|gsk_[A-Za-z0-9]{20,}|AIza[0-9A-Za-z_-]{30,}|xai-[A-Za-z0-9]{30,}|hf_[A-Za-z0-9]{30,}/g;

/** Credential values the facts know (to tell whether an edit writes a key). */
export function knownSecrets(facts: Facts): string[] {
  const out = new Set<string>();
  const add = (name: string, v: string) => {
    const t = v.trim();
    if (t.length >= 8 && isCredentialName(name) && !isPlaceholder(t)) out.add(t);
  };
  for (const a of facts.assignments) add(a.name, a.value);
  for (const f of facts.envFiles)
    for (const list of Object.values(f.byDialect)) for (const a of list ?? []) add(a.name, a.value);
  return [...out];
}

/** Keys in `after` that `before` does not hold (whitespace, invisible characters and dash variants aside). */
export function newKeys(before: string, after: string, secrets: string[]): string[] {
  const squeeze = (s: string) => s.replace(INVISIBLE_OR_SPACE, '').replace(/[\u2010-\u2015\u2212]/g, '-');
  const b = squeeze(before);
  const found = new Set<string>();
  for (const m of after.matchAll(KEYISH)) found.add(m[0]);
  for (const s of secrets) if (after.includes(s)) found.add(s);
  return [...found].filter((k) => !b.includes(squeeze(k)));
}

export function guardContext(facts: Facts): GuardContext {
  const startup = new Set<string>();
  for (const a of facts.assignments) {
    if (!['shell-rc', 'fish', 'etc-environment', 'process-env'].includes(a.kind) || !a.location?.path) continue;
    const p = a.location.path;
    if (p.startsWith('~/')) startup.add(absPath(facts.root, facts.home, p));
  }
  for (const rc of RC_FILES) startup.add(join(facts.home, rc.file));
  startup.add(join(facts.home, '.config', 'fish', 'config.fish'));
  return { root: facts.root, home: facts.home, startupFiles: startup, env: facts.env };
}

function findingKey(f: FindingDraft): string {
  return [
    f.id,
    f.location?.path ?? '',
    f.target ?? '',
    typeof f.data?.variable === 'string' ? f.data.variable : '',
    typeof f.data?.code === 'string' ? f.data.code : '',
  ].join('|');
}

interface Candidate {
  fix: PlannedFix;
  proposal: FixProposal;
  file: FileText;
  newText: string;
}

function isCodeFile(p: string): boolean {
  return /\.(m?[jt]sx?|c[jt]s|py|ipynb|rb|go|java|kt|cs|php|rs|swift)$/.test(p);
}

/** Plans one pass from a diagnosis: each finding's fixer, then {@link planResults}. */
export function planFixes(d: Diagnosis, opts: PlanOptions = {}): Plan {
  const ctx: FixerContext = makeContext(d.facts, d.targets, opts.now ?? new Date());
  const only = opts.only?.length ? new Set(opts.only) : undefined;
  const ignored = new Set(opts.ignore ?? []);
  const results: Array<{ finding: FindingDraft; result: FixerResult }> = [];
  const manual: FindingDraft[] = [];
  const failed: Refusal[] = [];
  for (const f of opts.findings ?? d.findings) {
    if (only && !only.has(f.id)) continue;
    if (ignored.has(f.id)) continue;
    const fixer = fixerFor(f);
    let result: FixerResult;
    try {
      result = fixer?.(f, ctx);
    } catch (e) {
      failed.push({
        finding: f,
        reason: `keydoctor could not plan this fix: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      });
      continue;
    }
    if (result === undefined) {
      if ((f.severity ?? metaFor(f.id)?.severity) !== 'info') manual.push(f);
      continue;
    }
    results.push({ finding: f, result });
  }
  const plan = planResults(d, results, opts, ctx);
  pushAll(plan.manual, manual);
  pushAll(plan.refusals, failed);
  return plan;
}

/**
 * Turns fixer results into a plan: every proposal checked against the rules and its own check,
 * deduplicated, split into safe / unsafe, and per file the non-overlapping ones kept (set-key plans
 * its own proposals through this too).
 */
export function planResults(
  d: Diagnosis,
  results: Array<{ finding: FindingDraft; result: FixerResult }>,
  opts: PlanOptions = {},
  context?: FixerContext,
): Plan {
  const ctx: FixerContext = context ?? makeContext(d.facts, d.targets, opts.now ?? new Date());
  const guard = guardContext(d.facts);
  const secrets = knownSecrets(d.facts);
  const plan: Plan = { pass: opts.pass ?? 1, fixes: [], deferred: [], unsafe: [], refusals: [], manual: [], files: [] };
  const cands: Candidate[] = [];
  const seen = new Map<string, Candidate>();
  for (const { finding: f, result } of results) {
    if (result === undefined) continue;
    if (!Array.isArray(result)) {
      plan.refusals.push(result);
      continue;
    }
    for (const p of result) {
      const c = candidate(f, p, ctx, guard, secrets, opts.ignoredExtra);
      if ('reason' in c) {
        plan.refusals.push(c);
        continue;
      }
      const k = `${c.fix.path}\0${c.fix.encodeAs ?? ''}\0${JSON.stringify(c.fix.textEdits)}`;
      if (seen.has(k)) continue; // the same change for another target of the same source
      seen.set(k, c);
      if (c.fix.applicability === 'unsafe' && !opts.unsafe) plan.unsafe.push(c.fix);
      else cands.push(c);
    }
  }

  // Per file: keep fixes in order, drop those overlapping one already kept (ESLint's rule).
  const byFile = new Map<string, Candidate[]>();
  for (const c of cands) byFile.set(c.fix.path, [...(byFile.get(c.fix.path) ?? []), c]);
  for (const [path, list] of byFile) {
    const span = (c: Candidate) =>
      c.fix.encodeAs || c.fix.create
        ? { s: 0, e: Number.MAX_SAFE_INTEGER }
        : { s: minOf(c.fix.textEdits.map((e) => e.start)), e: maxOf(c.fix.textEdits.map((e) => e.end)) };
    list.sort((a, b) => span(a).s - span(b).s || span(a).e - span(b).e);
    const kept: Candidate[] = [];
    let last = -1;
    for (const c of list) {
      const sp = span(c);
      if (kept.length && sp.s <= last) {
        plan.deferred.push(c.fix);
        continue;
      }
      kept.push(c);
      last = sp.e;
    }
    // The kept fixes together must still pass every fix's own check; if not, only the first is written.
    const file = (kept[0] as Candidate).file;
    let chosen = kept;
    let text = combine(file.text, chosen);
    if (chosen.length > 1 && chosen.some((c) => c.proposal.verify?.(text) !== undefined)) {
      pushAll(
        plan.deferred,
        chosen.slice(1).map((c) => c.fix),
      );
      chosen = chosen.slice(0, 1);
      text = combine(file.text, chosen);
    }
    const encodeAs = chosen.find((c) => c.fix.encodeAs)?.fix.encodeAs;
    const enc = encodeAs ?? (isText(file) ? file.encoding : 'utf8');
    let after: Buffer;
    if (encodeAs || !file.exists) after = encodeText(text, encodeAs ?? 'utf8');
    else if (isText(file))
      after = applyByteEdits(
        file.bytes,
        chosen.flatMap((c) => c.fix.edits),
      );
    else continue;
    pushAll(
      plan.fixes,
      chosen.map((c) => c.fix),
    );
    plan.files.push({
      path,
      display: ctx.display(path),
      before: file,
      after,
      afterText: text,
      afterEncoding: enc,
      fixes: chosen.map((c) => c.fix),
    });
  }
  return plan;
}

function combine(text: string, cs: Candidate[]): string {
  return applyTextEdits(
    text,
    cs.flatMap((c) => c.proposal.edits),
  );
}

function candidate(
  f: FindingDraft,
  proposal: FixProposal,
  ctx: FixerContext,
  guard: GuardContext,
  secrets: string[],
  ignoredExtra?: (abs: string) => boolean,
): Candidate | Refusal {
  let p = proposal;
  const display = ctx.display(p.path);
  const may = mayEdit(guard, p.path);
  if (!may.ok)
    return { finding: f, path: display, reason: `${display} is left alone: ${may.reason}`, instead: may.instead };
  if (may.note) p = { ...p, title: `${p.title}; ${display} is ${may.note}` };
  let file: FileText;
  try {
    file = ctx.read(p.path);
  } catch (e) {
    return {
      finding: f,
      path: display,
      reason: `${display} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    };
  }
  if (file.exists && !isText(file))
    return { finding: f, path: display, reason: `${display} is not UTF-8 or UTF-16 text: keydoctor does not edit it` };
  if (!file.exists && !p.create) return { finding: f, path: display, reason: `${display} does not exist any more` };
  if (overlapping(p.edits))
    return { finding: f, path: display, reason: "the fix's own edits overlap (a keydoctor bug): not applied" };
  const newText = applyTextEdits(file.text, p.edits);
  if (newText === file.text && (!p.encodeAs || (file.encoding === 'utf8' && file.exists)))
    return { finding: f, path: display, reason: 'nothing to change' };
  const why = p.verify?.(newText);
  if (why) return { finding: f, path: display, reason: `not applied: ${why}` };
  const added = newKeys(file.text, newText, secrets);
  if (added.length && !p.writesKey)
    return { finding: f, path: display, reason: `not applied: it would write a key into ${display}` };
  if (p.writesKey) {
    const ok = mayWriteKey(guard, p.path, isCodeFile(p.path), ignoredExtra?.(p.path));
    if (!ok.ok)
      return { finding: f, path: display, reason: `${display} is left alone: ${ok.reason}`, instead: ok.instead };
  }
  const textFile = isText(file) ? file : { ...file, encoding: 'utf8' as const };
  const fix: PlannedFix = {
    finding: f,
    path: p.path,
    display,
    applicability: p.applicability,
    title: p.title,
    caution: p.caution,
    afterwards: p.afterwards,
    shellEnv: p.shellEnv,
    edits:
      p.encodeAs || !file.exists
        ? [{ start: 0, end: file.bytes.length, bytes: encodeText(newText, p.encodeAs ?? 'utf8') }]
        : toByteEdits(textFile, p.edits),
    textEdits: p.edits,
    encodeAs: p.encodeAs,
    create: !file.exists,
    hash: file.hash,
    writesKey: p.writesKey,
  };
  return { fix, proposal: p, file, newText };
}

// ---------------------------------------------------------------------------------------------
// Writing a pass

export interface WriteResult {
  written: FilePlan[];
  problems: WriteProblem[];
}

/** Writes the files of a plan: each one checked against its plan hash, backed up, written atomically. */
export function writePlan(plan: Plan, opts: { backup?: BackupRun; hooks?: WriteHooks } = {}): WriteResult {
  const res: WriteResult = { written: [], problems: [] };
  for (const fp of plan.files) {
    const expect = fp.before.hash;
    let current: FileText;
    try {
      current = readFileText(fp.path);
    } catch (e) {
      res.problems.push({
        path: fp.path,
        display: fp.display,
        kind: 'io',
        message: `cannot read it: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      });
      continue;
    }
    if (current.hash !== expect) {
      res.problems.push({
        path: fp.path,
        display: fp.display,
        kind: 'changed',
        message: 'it changed since the plan was made: not written (run keydoctor fix again)',
      });
      continue;
    }
    try {
      let target = fp.path;
      if (opts.backup) {
        target = resolveWriteTarget(fp.path);
        opts.backup.backUp(fp.path, target, fp.display, current.bytes, current.exists);
      }
      // A file made to hold a key is private (0600), as ssh-keygen and the cloud CLIs make theirs; an
      // existing file keeps its own mode.
      const mode = !current.exists && fp.fixes.some((x) => x.writesKey) ? 0o600 : undefined;
      const written = writeFileAtomic(fp.path, fp.after, { expectHash: expect, hooks: opts.hooks, mode });
      opts.backup?.written(written, fp.after);
      res.written.push(fp);
    } catch (e) {
      if (e instanceof WriteError)
        res.problems.push({ path: fp.path, display: fp.display, kind: e.kind, message: e.message });
      else res.problems.push({ path: fp.path, display: fp.display, kind: 'io', message: (e as Error).message });
    }
  }
  return res;
}

// ---------------------------------------------------------------------------------------------
// The loop

export interface FixRunOptions extends Omit<DiagnoseOptions, 'offline' | 'only' | 'ignore' | 'checks' | 'collectors'> {
  /** Run the doctor online (default: offline). */
  live?: boolean;
  only?: string[];
  ignore?: string[];
  unsafe?: boolean;
  /** Write without asking. */
  write?: boolean;
  /** Asked before each pass is written when `write` is not set; no `confirm` and no `write`: a dry run. */
  confirm?: (plan: Plan, secrets: Masker) => Promise<boolean>;
  /** Back up every file before its first change (default true). */
  backup?: boolean;
  maxPasses?: number;
  now?: () => Date;
  hooks?: WriteHooks;
  /** Called after each pass is planned (and written, when it is). */
  onPass?: (report: PassReport, secrets: Masker) => void;
  /** The doctor run used (tests). */
  diagnose?: (opts: DiagnoseOptions) => Promise<Diagnosis>;
  /** Restrict each pass to the findings this returns (set-key). */
  select?: (d: Diagnosis) => FindingDraft[];
}

export interface PassReport {
  plan: Plan;
  written: FilePlan[];
  problems: WriteProblem[];
  /** The pass was only shown. */
  dryRun: boolean;
}

export interface FixRunResult {
  passes: PassReport[];
  dryRun: boolean;
  /** Files written, in order (display form, each once). */
  written: string[];
  problems: WriteProblem[];
  backupDir?: string;
  /** The same, as shown (relative to the project). */
  backupDisplay?: string;
  /** Findings a fix was planned for (in any pass) that are gone at the end. */
  fixed: FindingDraft[];
  /** The doctor's findings after the last pass. */
  remaining: FindingDraft[];
  /** Refusals and manual findings of the last pass. */
  refusals: Refusal[];
  manual: FindingDraft[];
  unsafeLeft: PlannedFix[];
  deferredLeft: PlannedFix[];
  stopped?: 'circular' | 'max-passes' | 'declined' | 'write-failed';
  stoppedAt?: number;
  /** Shell variables a new terminal no longer sets (commented-out exports). */
  unset: string[];
  afterwards: string[];
  secrets: Masker;
  final: Diagnosis;
}

/** The whole fix run (see the module comment). */
export async function runFix(o: FixRunOptions): Promise<FixRunResult> {
  const diagnose = o.diagnose ?? runDiagnosis;
  const maxPasses = o.maxPasses ?? MAX_PASSES;
  const now = o.now ?? (() => new Date());
  const env = { ...(o.env ?? process.env) } as Record<string, string | undefined>;
  const dopts = (): DiagnoseOptions => ({
    root: o.root,
    cwd: o.cwd,
    home: o.home,
    env,
    offline: !o.live,
    history: o.history,
    noIgnore: o.noIgnore,
    timeoutMs: o.timeoutMs,
  });
  let d = await diagnose(dopts());
  const secrets = new Masker();
  const remember = (dd: Diagnosis) => secrets.addSet(dd.secrets);
  remember(d);
  const passes: PassReport[] = [];
  const firstFixable = new Map<string, FindingDraft>();
  const written: string[] = [];
  const problems: WriteProblem[] = [];
  const unset = new Set<string>();
  const afterwards: string[] = [];
  /** Per file written: its hash before the run, then after each pass (carried forward). */
  const hashes = new Map<string, string[]>();
  let passesWritten = 0;
  let backup: BackupRun | undefined;
  let stopped: FixRunResult['stopped'];
  let stoppedAt: number | undefined;
  let dryRun = false;
  let last: Plan | undefined;

  for (let pass = 1; ; pass++) {
    const plan = planFixes(d, {
      unsafe: o.unsafe,
      only: o.only,
      ignore: o.ignore,
      now: now(),
      pass,
      findings: o.select?.(d),
    });
    last = plan;
    for (const f of [...plan.fixes, ...plan.deferred])
      if (!firstFixable.has(findingKey(f.finding))) firstFixable.set(findingKey(f.finding), f.finding);
    if (plan.fixes.length === 0) break;
    if (pass > maxPasses) {
      stopped = 'max-passes';
      stoppedAt = maxPasses;
      break;
    }
    let go = o.write === true;
    if (!go && o.confirm) go = await o.confirm(plan, secrets);
    if (!go) {
      const rep: PassReport = { plan, written: [], problems: [], dryRun: true };
      passes.push(rep);
      o.onPass?.(rep, secrets);
      dryRun = !o.confirm;
      if (o.confirm) stopped = 'declined';
      break;
    }
    if (o.backup !== false && !backup)
      backup = new BackupRun(o.root ?? process.cwd(), 'fix', now(), o.hooks, { home: o.home, env: o.env });
    const res = writePlan(plan, { backup: o.backup === false ? undefined : backup, hooks: o.hooks });
    const rep: PassReport = { plan, written: res.written, problems: res.problems, dryRun: false };
    passes.push(rep);
    o.onPass?.(rep, secrets);
    pushAll(problems, res.problems);
    for (const fp of res.written) {
      if (!written.includes(fp.display)) written.push(fp.display);
      let h = hashes.get(fp.path);
      if (!h) {
        h = Array(passesWritten + 1).fill(fp.before.hash) as string[];
        hashes.set(fp.path, h);
      }
      h[passesWritten + 1] = sha256(fp.after);
      for (const fx of fp.fixes) {
        for (const [n, v] of Object.entries(fx.shellEnv ?? {})) {
          if (v === null) {
            unset.add(n);
            delete env[n];
          } else env[n] = v;
        }
        if (fx.afterwards && !afterwards.includes(fx.afterwards)) afterwards.push(fx.afterwards);
      }
    }
    if (res.written.length === 0) {
      stopped = 'write-failed';
      stoppedAt = pass;
      break;
    }
    // A circular fix: the files are back to the state they had before an earlier pass.
    passesWritten++;
    for (const h of hashes.values()) while (h.length <= passesWritten) h.push(h[h.length - 1] as string);
    const stateAt = (k: number) =>
      [...hashes.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([p, h]) => `${p}=${h[k]}`)
        .join('\n');
    const current = stateAt(passesWritten);
    let circular = false;
    for (let k = 0; k < passesWritten; k++) if (stateAt(k) === current) circular = true;
    if (circular) {
      stopped = 'circular';
      stoppedAt = pass;
      d = await diagnose(dopts());
      remember(d);
      break;
    }
    d = await diagnose(dopts());
    remember(d);
  }
  const remainingKeys = new Set(d.findings.map(findingKey));
  const fixed = dryRun ? [] : [...firstFixable.entries()].filter(([k]) => !remainingKeys.has(k)).map(([, f]) => f);
  return {
    passes,
    dryRun,
    written,
    problems,
    backupDir: backup && backup.entries.length ? backup.dir : undefined,
    backupDisplay: backup && backup.entries.length ? displayPath(d.facts.root, d.facts.home, backup.dir) : undefined,
    fixed,
    remaining: d.findings,
    refusals: last?.refusals ?? [],
    manual: last?.manual ?? [],
    unsafeLeft: last?.unsafe ?? [],
    deferredLeft: stopped ? (last?.deferred ?? []).concat(stopped === 'max-passes' ? (last?.fixes ?? []) : []) : [],
    stopped,
    stoppedAt,
    unset: [...unset],
    afterwards,
    secrets,
    final: d,
  };
}

/** Decodes the bytes a plan would write (for tests and set-key's check). */
export function afterText(fp: FilePlan): string {
  return decodeFile(fp.path, fp.after).text;
}

export { displayPath };
