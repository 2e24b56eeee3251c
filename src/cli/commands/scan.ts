import { dirname, resolve } from 'node:path';
import { existsSync, lstatSync, statSync } from 'node:fs';
import type * as ChildProcess from 'node:child_process';
import { defineCommand } from '../command.js';
import { nodeRequire } from '../../core/require.js';
import { COMMON, projectRoot, type OptionTable } from '../args.js';
import { UsageError, parseFormat, parseTimeout, useColor } from '../io.js';
import type { Report } from '../../report/report.js';
import type { Format } from '../../report/formatters/index.js';
import { runScan } from '../../pipeline/scan.js';
import type { VerifySummary } from '../../scan/verify.js';
import type { ScanHit } from '../../scan/types.js';
import { insideGitRepo } from '../../collect/project.js';
import type { Note } from '../../core/types.js';

/** `--since-ref REF` must name a commit of this repository (a shallow clone may not have it). */
function checkRef(root: string, ref: string): void {
  if (!insideGitRepo(root)) throw new UsageError('--since-ref needs a git repository');
  // node:child_process (and node:net under it) loads only here: a plain scan never needs it.
  const { spawnSync } = nodeRequire()('node:child_process') as typeof ChildProcess;
  const r = spawnSync('git', ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  if (r.status !== 0)
    throw new UsageError(
      `--since-ref ${ref}: no such commit here (in a shallow clone, fetch it first: git fetch origin ${ref}, or check out with fetch-depth: 0)`,
    );
}

const OPTIONS = {
  history: {
    type: 'boolean',
    help: [
      'also scan every commit reachable from a branch or tag (each key once,',
      'at the commit that introduced it)',
    ],
  },
  'since-ref': {
    type: 'string',
    flag: '--since-ref REF',
    help: [
      'with --history (implied): only the commits after REF (REF..HEAD), e.g.',
      "a pull request's base, so CI does not rescan the whole history",
    ],
  },
  staged: {
    type: 'boolean',
    help: [
      'scan exactly what the next commit adds: the index, not the working',
      'tree (for pre-commit hooks; a commit that only removes a key passes)',
    ],
  },
  'no-ignore': { type: 'boolean', help: 'include files that .gitignore excludes' },
  format: {
    type: 'string',
    default: 'text',
    flag: '--format FORMAT',
    help: 'text (default), json, sarif, markdown or html (one self-contained page)',
  },
  baseline: {
    type: 'string',
    flag: '--baseline FILE',
    help: [
      'suppress the keys recorded in FILE (by fingerprint, never by value);',
      'writes FILE when it does not exist',
    ],
  },
  'update-baseline': { type: 'boolean', help: 'rewrite the --baseline FILE with everything found now' },
  verify: {
    type: 'boolean',
    help: [
      'ask the API once per distinct OpenAI key found whether it still works',
      "(live / revoked / unknown; at OPENAI_BASE_URL only when it is OpenAI's API or this machine; off by default)",
    ],
  },
  timeout: { type: 'string', flag: '--timeout MS', help: 'timeout per verification request (default 10000)' },
  workers: {
    type: 'string',
    flag: '--workers N',
    help: 'worker threads (default: one per core for large trees; 0 = none)',
  },
  verbose: { type: 'boolean', help: 'list every note' },
  'no-color': COMMON['no-color'],
  help: COMMON.help,
} as const satisfies OptionTable;

const USAGE = {
  head: `Usage: keydoctor scan [PATH] [options]

Finds every exposed API key (OpenAI in every format, Azure OpenAI, Anthropic, OpenRouter, Groq,
Google, xAI, Hugging Face, Perplexity, DeepSeek) in the working tree: source, notebooks, config,
docs, dotenv files, CI definitions, built bundles (dist/, .next/, build/, out/, even when ignored),
base64 blobs and archives. Keys are never printed in full.

`,
  column: 28,
  tail: `Inline: a comment containing keydoctor-ignore on the same line or the line before passes a key over.
Exit status: 0 no keys found, 1 keys found, 2 keydoctor could not run.
`,
};

export const command = defineCommand({
  name: 'scan',
  options: OPTIONS,
  usage: USAGE,
  async run({ values, positionals }, io) {
    const fmt = parseFormat<Format>(values.format, ['text', 'json', 'sarif', 'markdown', 'html']);
    const root = projectRoot(io, positionals);
    if (values.staged && values['no-ignore'])
      throw new UsageError('--staged scans what git will commit; --no-ignore does not apply');
    const sinceRef = values['since-ref'];
    if (sinceRef !== undefined) {
      if (values.staged)
        throw new UsageError('--since-ref scans commits; --staged scans what is not committed yet: use one');
      checkRef(root, sinceRef);
    }
    const history = values.history === true || sinceRef !== undefined;
    // A hook that silently scans nothing is worse than none: outside a repository --staged fails.
    if (values.staged && !insideGitRepo(root))
      throw new UsageError(`--staged needs a git repository, and ${positionals[0] ?? root} is not in one`);
    if (values['update-baseline'] && !values.baseline) throw new UsageError('--update-baseline needs --baseline FILE');
    let workers: number | 'auto' = 'auto';
    if (values.workers !== undefined) {
      workers = Number(values.workers);
      if (!Number.isInteger(workers) || workers < 0 || workers > 64)
        throw new UsageError(`--workers takes a number from 0 to 64 (got ${values.workers})`);
    }
    const timeoutMs = parseTimeout(values.timeout);
    const baselinePath = values.baseline ? resolve(io.cwd, values.baseline) : undefined;
    const writing = baselinePath !== undefined && (values['update-baseline'] === true || !existsSync(baselinePath));
    // Checked before the scan: a baseline that cannot be written is a usage error, not a crash at the end.
    if (writing && baselinePath) {
      const dir = dirname(baselinePath);
      if (!existsSync(dir))
        throw new UsageError(
          `--baseline ${values.baseline}: the folder ${dir} does not exist (create it, or give another path)`,
        );
      if (!statSync(dir).isDirectory())
        throw new UsageError(`--baseline ${values.baseline}: ${dir} is a file, not a folder (give another path)`);
      if (existsSync(baselinePath) && !statSync(baselinePath).isFile())
        throw new UsageError(`--baseline ${values.baseline} is not a regular file`);
    }
    // A baseline is written only at a plain path: a repository's link (dangling or not) could point outside it.
    if (writing && baselinePath && lstatSync(baselinePath, { throwIfNoEntry: false })?.isSymbolicLink())
      throw new UsageError(
        `--baseline ${values.baseline} is a symlink${existsSync(baselinePath) ? '' : ' to a file that does not exist'}: keydoctor does not write a baseline through one (it could point outside the project)`,
      );
    let baseline: Set<string> | undefined;
    // Loaded only with --baseline: its writer brings node:crypto, which a plain scan loads later
    // (for its first fingerprint), while the walk runs.
    const baselines = baselinePath ? await import('../../scan/baseline.js') : undefined;
    if (baselinePath && baselines && !writing) {
      try {
        baseline = baselines.readBaseline(baselinePath);
      } catch (e) {
        if (e instanceof baselines.BaselineError) throw new UsageError(e.message);
        throw e;
      }
    }
    let verified: VerifySummary | undefined;
    const beforeChecks = values.verify
      ? async (hits: ScanHit[]) => {
          const { verifyHits } = await import('../../scan/verify.js');
          verified = await verifyHits(hits, { env: io.env, timeoutMs });
        }
      : undefined;
    // Loaded while the workers scan (this thread is idle then); used once the scan is done.
    // The report and the one formatter asked for (not the HTML page's when printing text).
    const reportModules = Promise.all([
      import('../../report/report.js'),
      import('../../report/formatters/load.js').then((m) => m.loadFormatter(fmt)),
    ]);
    reportModules.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
    const run = await runScan({
      root,
      history,
      sinceRef,
      staged: values.staged,
      noIgnore: values['no-ignore'],
      workers,
      baseline,
      beforeChecks,
    });
    let findings = run.findings;
    const notes = [...run.facts.notes];
    if (writing && baselinePath && baselines) {
      let n: number;
      try {
        n = baselines.writeBaseline(baselinePath, run.allHits);
      } catch (e) {
        throw new UsageError(
          `cannot write the baseline ${values.baseline}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        );
      }
      notes.unshift({
        kind: 'info',
        message: `wrote the baseline ${values.baseline} with ${n} ${n === 1 ? 'entry' : 'entries'}: these keys are not reported again (rotate them anyway if they are real)`,
      });
      findings = findings.filter((f) => f.id === 'internal-error');
    } else if (run.suppressedByBaseline > 0) {
      notes.unshift({
        kind: 'info',
        message: `${run.suppressedByBaseline} known ${run.suppressedByBaseline === 1 ? 'key was' : 'keys were'} passed over (baseline ${values.baseline})`,
      });
    }
    if (verified)
      notes.unshift({
        kind: 'info',
        message: `--verify: ${verified.checked} distinct OpenAI ${verified.checked === 1 ? 'key' : 'keys'} checked: ${verified.live} live, ${verified.revoked} revoked, ${verified.unknown} unknown${verified.notSent ? `; ${verified.notSent} other ${verified.notSent === 1 ? 'hit was' : 'hits were'} not sent anywhere` : ''}${verified.ignoredHost ? `; asked at api.openai.com, not at OPENAI_BASE_URL (${verified.ignoredHost}), which is neither OpenAI's API nor this machine: the keys found are not sent to a gateway or proxy` : ''}`,
      });
    const stats = run.facts.scan?.stats;
    const [{ buildReport }, format] = await reportModules;
    const report: Report = buildReport(
      {
        command: 'scan',
        meta: run.meta,
        root,
        findings,
        notes,
        checks: { run: run.checksRun, failedIds: run.failedChecks },
        data: {
          scan: {
            mode: run.facts.scan?.mode,
            history,
            ...(sinceRef !== undefined ? { sinceRef } : {}),
            stats,
            suppressedByBaseline: run.suppressedByBaseline,
            ...(verified ? { verified } : {}),
          },
        },
      },
      run.secrets,
    );
    report.summary.areas = report.summary.areas.filter(
      (a) => a.area === 'exposure' || (a.area === 'internal' && a.findings > 0),
    );
    const text = format(report, {
      format: fmt,
      meta: run.meta,
      color: useColor(io, values['no-color']),
      targets: false,
      verbose: values.verbose,
    });
    io.stdout(text);
    if (!values.staged && nothingReadable(stats, run.facts.notes)) {
      io.stderr(
        `keydoctor scan: nothing under ${positionals[0] ?? '.'} could be read (see the notes): no file was scanned\n`,
      );
      return 2;
    }
    return report.findings.some((f) => f.area === 'exposure' || f.id === 'internal-error') ? 1 : 0;
  },
});

/**
 * The scan read nothing at all: the folder itself could not be listed, or every file it found
 * failed to open or read. Exit 2 then (keydoctor could not do its job), not 0 ("no keys").
 */
export function nothingReadable(stats: { files: number } | undefined, notes: Note[]): boolean {
  const unreadable = notes.filter((n) => n.kind === 'unreadable');
  const folders = unreadable.filter((n) => n.message.startsWith('cannot list folder'));
  const files =
    unreadable.length -
    folders.length -
    unreadable.filter((n) => n.path?.endsWith('.gitignore') && n.message === 'cannot read .gitignore').length;
  const listed = stats?.files ?? 0;
  if (listed === 0) return folders.some((n) => n.path === '.' || n.path === '');
  return files >= listed;
}
