/**
 * The doctor pipeline: collectors → facts → resolver → (live) → checks → report (masked).
 */
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import type { Facts } from './facts.js';
import type { Check, FindingDraft, Note, Target } from './types.js';
import { COLLECTORS } from '../collect/index.js';
import type { Collector, CollectContext } from '../collect/collector.js';
import { walkProject } from '../collect/files.js';
import { collectProject, collectGitAsync } from '../collect/project.js';
import { resolveTargets } from '../resolve/index.js';
import { CHECKS } from '../checks/registry.js';
import { buildReport, type Report } from '../report/report.js';
import { SecretSet } from '../keys/mask.js';
import { isCredentialName } from '../keys/classify.js';

export interface DiagnoseOptions {
  /** Project folder (default: the current directory). */
  root?: string;
  /** Working directory the app starts from (default: root). */
  cwd?: string;
  /** Home folder for shell start-up files (default: the user's). */
  home?: string;
  /** The environment of "this shell" (default: process.env). */
  env?: Record<string, string | undefined>;
  /** No network: skip live verification. */
  offline?: boolean;
  /** Report only these ids / all but these ids. */
  only?: string[];
  ignore?: string[];
  /** Scan git history too. */
  history?: boolean;
  noIgnore?: boolean;
  timeoutMs?: number;
  /** Replace the registered collectors / checks (tests). */
  collectors?: Collector[];
  checks?: Check[];
}

export interface Diagnosis {
  facts: Facts;
  targets: Target[];
  findings: FindingDraft[];
  checksRun: number;
  failedChecks: Set<string>;
  secrets: SecretSet;
}

function cleanEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Reads the world into facts. */
export async function collectFacts(opts: DiagnoseOptions = {}): Promise<Facts> {
  const root = resolve(opts.root ?? process.cwd());
  const ctx: CollectContext = {
    root,
    home: resolve(opts.home ?? process.env.HOME ?? homedir()),
    env: cleanEnv(opts.env ?? process.env),
    cwd: resolve(opts.cwd ?? root),
    options: { history: opts.history, noIgnore: opts.noIgnore },
  };
  const notes: Note[] = [];
  // git lists the tracked files in its own process while the walk runs here.
  const git = collectGitAsync(root);
  const files = walkProject(root, notes);
  const project = collectProject(root, files, notes, await git);
  const facts: Facts = { root, home: ctx.home, env: ctx.env, assignments: [], envFiles: [], files, project, notes };
  await Promise.all(
    (opts.collectors ?? COLLECTORS).map(async (c) => {
      try {
        await c.collect(ctx, facts);
      } catch (e) {
        facts.notes.push({ kind: 'info', message: `the ${c.name} collector failed: ${(e as Error).message}` });
      }
    }),
  );
  return facts;
}

/** Every value that must never be printed in full. Built once, here, from the facts. */
export function secretsOf(facts: Facts): SecretSet {
  const s = new SecretSet();
  for (const a of facts.assignments) if (isCredentialName(a.name)) s.add(a.value);
  for (const f of facts.envFiles) for (const list of Object.values(f.byDialect)) for (const a of list ?? []) if (isCredentialName(a.name)) s.add(a.value);
  // Every key the scan found (working tree and history): masked wherever it appears.
  for (const h of facts.scan?.hits ?? []) s.add(h.secret);
  for (const h of facts.scan?.historyHits ?? []) s.add(h.secret);
  for (const v of facts.deploy?.secretValues ?? []) s.add(v);
  return s;
}

/** Runs the checks; a check that throws becomes an internal-error finding and the run goes on. */
export function runChecks(facts: Facts, targets: Target[], checks: Check[]): { findings: FindingDraft[]; failed: Set<string> } {
  const findings: FindingDraft[] = [];
  const failed = new Set<string>();
  for (const check of checks) {
    let out: FindingDraft[];
    try {
      out = check.run({ facts, targets });
    } catch (e) {
      findings.push({ id: 'internal-error', message: `The ${check.meta.id} check failed: ${(e as Error).message ?? String(e)}`, data: { check: check.meta.id } });
      failed.add(check.meta.id);
      continue;
    }
    if (out.length > 0) failed.add(check.meta.id);
    findings.push(...out);
  }
  return { findings, failed };
}

export async function runDiagnosis(opts: DiagnoseOptions = {}): Promise<Diagnosis> {
  const facts = await collectFacts(opts);
  const targets = resolveTargets(facts);
  if (!opts.offline) {
    // Loaded only when it runs: the HTTP stack costs start-up time that --offline never needs.
    const { runLiveStep } = await import('../live/step.js');
    await runLiveStep(facts, targets, { timeoutMs: opts.timeoutMs });
  }
  const checks = opts.checks ?? CHECKS;
  const { findings, failed } = runChecks(facts, targets, checks);
  const only = opts.only?.length ? new Set(opts.only) : null;
  const ignored = new Set(opts.ignore ?? []);
  const kept = findings.filter((f) => (!only || only.has(f.id)) && !ignored.has(f.id));
  return { facts, targets, findings: kept, checksRun: checks.length, failedChecks: failed, secrets: secretsOf(facts) };
}

/** The programmatic API: diagnose a project and return the (masked) report. */
export async function diagnose(opts: DiagnoseOptions = {}): Promise<Report> {
  const d = await runDiagnosis(opts);
  return buildReport(
    { command: 'doctor', root: d.facts.root, findings: d.findings, targets: d.targets, notes: d.facts.notes, checks: { run: d.checksRun, failedIds: d.failedChecks } },
    d.secrets,
  );
}
