/**
 * The doctor pipeline (the top of the library, under the CLI): collectors → facts → resolver → (live) → checks → report (masked).
 */
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import type { Facts } from '../core/facts.js';
import type { FindingDraft, Note, Target } from '../core/types.js';
import { COLLECTORS } from './collectors.js';
import type { Collector, CollectContext, Publish } from '../collect/collector.js';
import { walkProject } from '../collect/files.js';
import { collectProject, collectGitAsync } from '../collect/project.js';
import { resolveTargets } from '../resolve/index.js';
import { CHECKS, metaFor } from '../checks/registry.js';
import { buildReport, type Report } from '../report/report.js';
import { projectUsesLLM } from '../resolve/clients.js';
import type { SecretSet } from '../keys/mask.js';
import { collectSecrets } from '../keys/secrets.js';
import { runChecks } from './checks.js';
import { classifyEnvFileName } from '../collect/dotenv/collector.js';
import type { TraceFacts } from '../trace/types.js';
import { collectLaunches } from '../collect/launch/collector.js';
import type { Check } from '../checks/types.js';

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
  /** The date and time of the run (default: the clock); model shutdown dates are compared with it (tests set it). */
  today?: Date;
  /** A recorded runtime trace to compare with the prediction (the trace checks read it). */
  trace?: TraceFacts;
  /** Stop listing the project after this many files, with a note (default 200,000). */
  maxFiles?: number;
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
    options: {
      history: opts.history,
      noIgnore: opts.noIgnore,
      ...(opts.maxFiles !== undefined ? { maxFiles: opts.maxFiles } : {}),
    },
  };
  const notes: Note[] = [];
  // git lists the tracked files in its own process while the walk runs here.
  const git = collectGitAsync(root);
  // A symlinked .env (to config/dev.env, or to a file in HOME) is what the loaders read: followed.
  const files = walkProject(root, notes, {
    followLinks: { names: (n) => classifyEnvFileName(n) !== null, home: ctx.home },
    ...(opts.maxFiles !== undefined ? { maxFiles: opts.maxFiles } : {}),
  });
  const project = collectProject(root, files, notes, await git);
  const facts: Facts = {
    root,
    home: ctx.home,
    env: ctx.env,
    assignments: [],
    envFiles: [],
    files,
    project,
    notes,
    now: opts.today ?? new Date(),
  };
  if (opts.trace) facts.trace = opts.trace;
  collectLaunches(facts);
  await runCollectors(opts.collectors ?? COLLECTORS, ctx, facts);
  return facts;
}

/**
 * Runs the collectors concurrently, each as soon as those it `needs` have finished (a need that is
 * not in the list is no wait), then their publishers in the list's order. A collector that throws
 * becomes a note.
 */
async function runCollectors(list: readonly Collector[], ctx: CollectContext, facts: Facts): Promise<void> {
  const failed = (c: Collector, e: unknown) =>
    facts.notes.push({ kind: 'info', message: `the ${c.name} collector failed: ${(e as Error).message}` });
  const done = new Map<string, Promise<Publish | void>>();
  const run = async (c: Collector, after: Array<Promise<unknown>>): Promise<Publish | void> => {
    if (after.length) await Promise.all(after);
    try {
      return await c.collect(ctx, facts);
    } catch (e) {
      failed(c, e);
      return undefined;
    }
  };
  for (const c of list) {
    const after = (c.needs ?? []).flatMap((n) => {
      const p = done.get(n);
      return p ? [p] : [];
    });
    done.set(c.name, run(c, after));
  }
  const publish = await Promise.all(done.values());
  list.forEach((c, i) => {
    const p = publish[i];
    if (typeof p !== 'function') return;
    try {
      p();
    } catch (e) {
      failed(c, e);
    }
  });
}

/** Every value that must never be printed in full: the one secret set, built from the facts. */
export function secretsOf(facts: Facts): SecretSet {
  return collectSecrets({ facts });
}

export { runChecks, capPerFile, MAX_FINDINGS_PER_FILE } from './checks.js';

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

/** The doctor's report of a diagnosis (masked): findings, targets, the project's clients, and whether anything uses an LLM API. */
export function doctorReport(d: Diagnosis): Report {
  return buildReport(
    {
      command: 'doctor',
      meta: metaFor,
      root: d.facts.root,
      findings: d.findings,
      targets: d.targets,
      ...(d.facts.code ? { clients: d.facts.code.clients } : {}),
      notes: d.facts.notes,
      checks: { run: d.checksRun, failedIds: d.failedChecks },
      data: { usesLLM: projectUsesLLM(d.facts) },
    },
    d.secrets,
  );
}

/** The programmatic API: diagnose a project and return the (masked) report. */
export async function diagnose(opts: DiagnoseOptions = {}): Promise<Report> {
  return doctorReport(await runDiagnosis(opts));
}
