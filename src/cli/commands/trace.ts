import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { WriteError, writeOutputFile } from '../../fix/write.js';
import { defineCommand } from '../command.js';
import { COMMON, dirOption, type OptionTable } from '../args.js';
import { UsageError, parseFormat, useColor } from '../io.js';
import { runDiagnosis, runChecks } from '../../pipeline/diagnose.js';
import { COLLECTORS } from '../../pipeline/collectors.js';
import { buildReport, exitCode } from '../../report/report.js';
import { format, type Format } from '../../report/formatters/index.js';
import { metaFor } from '../../checks/registry.js';
import { checks as TRACE_CHECKS } from '../../checks/trace/index.js';
import { maskLoose } from '../../keys/mask.js';
import { llmHosts } from '../../trace/endpoints.js';
import { runTrace, TraceError } from '../../trace/run.js';
import { traceDocument } from '../../trace/records.js';
import { traceLines } from '../../trace/analyze.js';
import { lineData, renderTrace } from '../../trace/render.js';
import type { TraceStop } from '../../trace/types.js';
import type { EmulatorConfig } from '../../emulator/types.js';

const OPTIONS = {
  live: { type: 'boolean', help: 'send LLM requests to their real endpoints' },
  timeout: {
    type: 'string',
    flag: '--timeout S',
    help: [
      'stop after S seconds (default 60; 0: wait for the command to exit);',
      'the whole process tree the command started is ended',
    ],
  },
  'max-requests': { type: 'string', flag: '--max-requests N', help: 'stop after N LLM requests have been answered' },
  target: {
    type: 'string',
    flag: '--target ID',
    help: 'compare every process with this target (see `keydoctor doctor`)',
  },
  dir: { type: 'string', flag: '--dir DIR', help: 'the project to compare with (default: the current folder)' },
  save: {
    type: 'string',
    flag: '--save FILE',
    help: [
      'also write the trace to FILE (for `keydoctor --trace FILE` and',
      '`keydoctor explain --trace FILE`), readable by you only',
    ],
  },
  'emulator-config': {
    type: 'string',
    flag: '--emulator-config FILE',
    help: 'answer with this emulator state instead (docs/emulator.md)',
  },
  format: {
    type: 'string',
    default: 'text',
    flag: '--format text|json|markdown',
    help: "output format (default text); the command's own output comes first",
  },
  verbose: { type: 'boolean', help: "also say what the command's environment got" },
  'no-color': COMMON['no-color'],
  help: COMMON.help,
} as const satisfies OptionTable;

const USAGE = {
  head: `Usage: keydoctor trace [options] -- COMMAND [ARGS...]

Runs your command (npm start, python app.py, uv run main.py, npx next dev, pytest -k chat, make run)
with a hook in every Node and Python process it starts, and records what each one really sends to
LLM endpoints: the key (masked, and a salted hash: never the value), the organization and project
headers, the SDK and its version, and the answer. Then compares it with what keydoctor predicts from
your files for that target.

By default nothing leaves the machine: requests to LLM endpoints are answered by keydoctor's local
emulator (it accepts well-formed keys, and answers placeholders, truncated keys and missing keys the
way the API does). --live lets them through to the real endpoints.

`,
  column: 26,
  tail: `What changes in the command's environment: KEYDOCTOR_TRACE (the hooks' configuration in a private
temporary folder), NODE_OPTIONS (one --require of the Node hook appended), PYTHONPATH (a folder holding
only sitecustomize.py put first; it runs the sitecustomize it hides), and, without --live and when a
proxy is set, 127.0.0.1 and localhost appended to NO_PROXY. Python run with -I, -E or -S, containers,
and programs that are neither Node nor Python cannot be observed (trace-hook-not-loaded).

Exit status: 0 no error found, 1 an error finding, 2 the command could not be started or bad arguments.
`,
};

const WITH_VALUE = new Set([
  '--timeout',
  '--max-requests',
  '--target',
  '--dir',
  '--save',
  '--emulator-config',
  '--format',
]);

/** Splits `keydoctor trace [options] [--] COMMAND...`: the command starts after `--` or at the first non-option. */
export function splitCommand(argv: string[]): { own: string[]; command: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') return { own: argv.slice(0, i), command: argv.slice(i + 1) };
    if (WITH_VALUE.has(a)) {
      i++;
      continue;
    }
    if (!a.startsWith('-')) return { own: argv.slice(0, i), command: argv.slice(i) };
  }
  return { own: argv, command: [] };
}

function positiveInt(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} takes a whole number of at least 1 (got ${v})`);
  return n;
}

export const command = defineCommand({
  name: 'trace',
  options: OPTIONS,
  usage: USAGE,
  take(argv) {
    const { own, command } = splitCommand(argv);
    return { argv: own, taken: command };
  },
  async run({ values, positionals, taken: cmd }, io) {
    if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0] ?? ''}`);
    const fmt = parseFormat<Format>(values.format, ['text', 'json', 'markdown']);
    if (cmd.length === 0) throw new UsageError('no command to run: `keydoctor trace -- npm start`');
    let timeoutMs = 60_000;
    if (values.timeout !== undefined) {
      const s = Number(values.timeout);
      if (!Number.isFinite(s) || s < 0) throw new UsageError(`--timeout takes seconds (got ${values.timeout})`);
      timeoutMs = Math.round(s * 1000);
    }
    const maxRequests = positiveInt(values['max-requests'], '--max-requests');
    const root = dirOption(io, values.dir);
    let emulatorConfig: EmulatorConfig | undefined;
    if (values['emulator-config'] !== undefined) {
      if (values.live) throw new UsageError('--emulator-config and --live exclude each other');
      try {
        emulatorConfig = JSON.parse(readFileSync(resolve(io.cwd, values['emulator-config']), 'utf8')) as EmulatorConfig;
      } catch (e) {
        throw new UsageError(
          `cannot read ${values['emulator-config']} as JSON${(e as NodeJS.ErrnoException).code ? ` (${(e as NodeJS.ErrnoException).code})` : ''}`,
        );
      }
    }

    // The prediction first: its base URLs tell the hooks which hosts are LLM endpoints.
    const d = await runDiagnosis({
      root,
      cwd: io.cwd,
      env: io.env,
      offline: true,
      collectors: COLLECTORS.filter((c) => c.name !== 'scan'),
      checks: [],
    });
    if (values.target !== undefined && !d.targets.some((t) => t.id === values.target)) {
      throw new UsageError(
        `no target ${values.target} in ${root} (targets: ${d.targets.map((t) => t.id).join(', ') || 'none'})`,
      );
    }
    let stopFn: ((why: TraceStop) => void) | undefined;
    // The first Ctrl-C (or SIGTERM) ends the command's process tree and reports; a second one ends keydoctor at once.
    let signals = 0;
    const onSignal = () => {
      if (++signals > 1) process.exit(130);
      stopFn?.('signal');
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    let run;
    try {
      run = await runTrace({
        command: cmd,
        cwd: io.cwd,
        env: io.env,
        live: values.live,
        timeoutMs,
        maxRequests,
        hosts: llmHosts(d.facts, d.targets),
        emulatorConfig,
        onStart: (stop) => {
          stopFn = stop;
        },
      });
    } catch (e) {
      if (e instanceof TraceError) {
        io.stderr(`keydoctor trace: ${maskLoose(e.message)}\n`);
        return 2;
      }
      if (e instanceof Error && /ConfigError/.test(e.constructor.name))
        throw new UsageError(`bad emulator config: ${maskLoose(e.message)}`);
      throw e;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    const trace = { ...run.trace, ...(values.target ? { target: values.target } : {}) };
    if (trace.stopped === 'start-failed') {
      io.stderr(
        `keydoctor trace: cannot start ${maskLoose(cmd[0] ?? '')}: ${trace.exit?.error ?? 'error'}${/ENOENT/.test(trace.exit?.error ?? '') ? ' (not found on PATH)' : ''}\n`,
      );
      return 2;
    }
    d.facts.trace = trace;
    const { findings, failed } = runChecks(d.facts, d.targets, TRACE_CHECKS);
    const lines = traceLines(d.facts, d.targets, trace, trace.target).map(lineData);
    const doc = traceDocument(trace);
    const report = buildReport(
      {
        command: 'trace',
        meta: metaFor,
        root: d.facts.root,
        findings,
        targets: [],
        notes: d.facts.notes.filter((n) => n.kind !== 'info'),
        checks: { run: TRACE_CHECKS.length, failedIds: failed },
        data: { trace: doc, lines, environment: run.envChanges },
      },
      d.secrets,
    );
    // Only the trace's own areas: the other checks did not run.
    const areas = new Set(TRACE_CHECKS.map((c) => c.meta.area));
    report.summary.areas = report.summary.areas.filter((a) => areas.has(a.area));
    if (values.save !== undefined) {
      const path = resolve(io.cwd, values.save);
      try {
        writeOutputFile(path, JSON.stringify(report.data?.trace, null, 2) + '\n', { mode: 0o600 });
      } catch (e) {
        io.stderr(
          `keydoctor trace: cannot write ${values.save}: ${e instanceof WriteError ? e.message : ((e as NodeJS.ErrnoException).code ?? 'error')}\n`,
        );
      }
    }
    const color = useColor(io, values['no-color']);
    let out = format(report, { format: fmt, meta: metaFor, color, targets: false, verbose: values.verbose });
    if (fmt === 'text')
      out =
        d.secrets.maskText(
          renderTrace(report.data?.trace as typeof trace, report.data?.lines as typeof lines, {
            color,
            envChanges: run.envChanges,
            verbose: values.verbose,
          }),
        ) + out;
    io.stdout(out);
    return exitCode(report);
  },
});
