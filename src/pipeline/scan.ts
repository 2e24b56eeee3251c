/**
 * The scan pipeline (the top of the library, under the CLI, beside diagnose.ts): working tree,
 * staged content or history → facts.scan → the exposure checks (through the shared check runner)
 * → findings, plus the set of secrets the report must mask. Start-up stays small: the exposure
 * checks load while the tree is walked, git's history reader only when asked for, and nothing of
 * the doctor (its collectors and checks) at all.
 */
import { resolve } from 'node:path';
import type { Facts, GitInfo } from '../core/facts.js';
import type { FindingDraft, Note } from '../core/types.js';
import { collectGit, insideGitRepo, keysOnlyInWorkingCopy } from '../collect/project.js';
import { keysByTrackedFile } from '../scan/limits.js';
import type { SecretSet } from '../keys/mask.js';
import { collectSecrets } from '../keys/secrets.js';
import type { ScanFacts, ScanHit } from '../scan/types.js';
import { scanTree } from '../scan/tree.js';
import type { TreeScanOptions } from '../scan/tree-types.js';
import { scanStaged, scanHistory } from '../scan/history-entry.js';
import { pushAll } from '../core/arrays.js';
import { runChecks } from './checks.js';
import { metaLookup, type MetaLookup } from '../checks/meta.js';

export interface ScanOptions extends TreeScanOptions {
  root: string;
  /** Also scan every reachable commit. */
  history?: boolean;
  /** With history: only the commits after this ref (`REF..HEAD`), e.g. a pull request's base. */
  sinceRef?: string;
  /** Scan only what is staged for the next commit (instead of the working tree). */
  staged?: boolean;
  /** Fingerprints to pass over (from a baseline file). */
  baseline?: Set<string>;
  /** Called with the hits that will be reported, before the checks run (scan --verify marks them). */
  beforeChecks?: (hits: ScanHit[]) => Promise<void>;
}

export interface ScanRun {
  facts: Facts;
  findings: FindingDraft[];
  secrets: SecretSet;
  /** Every hit before the baseline filter (what a new baseline records). */
  allHits: ScanHit[];
  suppressedByBaseline: number;
  checksRun: number;
  failedChecks: Set<string>;
  /** The metadata of the ids the findings can have (the exposure checks', internal-error): the report's catalog. */
  meta: MetaLookup;
}

export async function runScan(opts: ScanOptions): Promise<ScanRun> {
  const root = resolve(opts.root);
  // The checks load while the scan runs (this thread mostly waits for the workers then).
  const checksModule = import('../checks/exposure/index.js');
  checksModule.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
  const notes: Note[] = [];
  const inRepo = insideGitRepo(root);
  let git: GitInfo = { isRepo: false, tracked: new Set() };
  // The staged scan lists no tracked files (50,000 of them cost a pre-commit hook ~40 ms): every
  // staged file it reports is in the index, so tracked, and that is all the checks ask.
  if (inRepo && opts.history) git = collectGit(root);
  else if (inRepo && opts.staged) git = { isRepo: true, tracked: new Set() };
  const scan: ScanFacts = { hits: [], mode: opts.staged ? 'staged' : 'tree' };
  if (opts.staged) {
    if (!git.isRepo) notes.push({ kind: 'info', message: 'not a git repository: --staged has nothing to scan' });
    else {
      const s = await scanStaged(root);
      pushAll(notes, s.notes);
      scan.hits = s.hits;
      for (const h of s.hits) git.tracked.add(h.rel);
      scan.stats = { files: s.stats.files ?? 0, bytes: s.stats.bytes, ms: s.stats.ms, suppressed: s.suppressed };
    }
  } else {
    const t = await scanTree(root, opts);
    pushAll(notes, t.notes);
    scan.hits = t.hits;
    scan.stats = { ...t.stats };
  }
  if (opts.history) {
    if (!git.isRepo) notes.push({ kind: 'info', message: 'not a git repository: --history has nothing to scan' });
    else {
      const h = await scanHistory(root, { sinceRef: opts.sinceRef });
      pushAll(notes, h.notes);
      scan.historyHits = h.hits;
      scan.stats = {
        ...(scan.stats ?? { files: 0, bytes: 0, ms: 0 }),
        commits: h.stats.commits,
        historyBytes: h.stats.bytes,
        historyMs: h.stats.ms,
      };
    }
  }
  // Tracked files matter only where there are hits (committed or not: dotenv-not-ignored, key-hardcoded):
  // ask git only then, and which of those tracked files differ from the last commit.
  if (inRepo && !git.isRepo && scan.hits.length > 0) git = collectGit(root, [...new Set(scan.hits.map((h) => h.rel))]);
  if (git.isRepo && !opts.staged && scan.hits.length > 0) {
    const changed = keysOnlyInWorkingCopy(root, keysByTrackedFile(scan.hits, git.tracked));
    if (changed.size) scan.changed = [...changed].sort();
  }
  const allHits = [...scan.hits, ...(scan.historyHits ?? [])];
  const secrets = collectSecrets({ keys: allHits.map((h) => h.secret) });
  let suppressedByBaseline = 0;
  if (opts.baseline) {
    const keep = (h: ScanHit) => {
      if (opts.baseline?.has(h.fingerprint)) {
        suppressedByBaseline++;
        return false;
      }
      return true;
    };
    scan.hits = scan.hits.filter(keep);
    if (scan.historyHits) scan.historyHits = scan.historyHits.filter(keep);
  }
  if (opts.beforeChecks) await opts.beforeChecks([...scan.hits, ...(scan.historyHits ?? [])]);
  const facts: Facts = {
    root,
    home: '',
    env: {},
    assignments: [],
    envFiles: [],
    files: [],
    project: { packageJsons: [], python: [], frameworks: [], node: false, pythonProject: false, git },
    scan,
    notes,
  };
  const { checks: exposureChecks, extraMeta } = await checksModule;
  // Every key found is listed: the reader already stops at 1,000 keys per file, with a note.
  const { findings, failed } = runChecks(facts, [], exposureChecks, { perFile: Infinity });
  return {
    facts,
    findings,
    secrets,
    allHits,
    suppressedByBaseline,
    checksRun: exposureChecks.length,
    failedChecks: failed,
    meta: metaLookup([...exposureChecks.map((c) => c.meta), ...extraMeta]),
  };
}
