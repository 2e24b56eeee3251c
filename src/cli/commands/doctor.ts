import { defineCommand } from '../command.js';
import { COMMON, projectRoot, type OptionTable } from '../args.js';
import { UsageError, parseFormat, parseTimeout, splitList, useColor } from '../io.js';
import { doctorReport, runDiagnosis } from '../../pipeline/diagnose.js';
import { exitCode } from '../../report/report.js';
import { format, type Format } from '../../report/formatters/index.js';
import { ALL_META, metaFor } from '../../checks/registry.js';
import { AREA_TITLES } from '../../core/types.js';
import { readTrace } from '../trace-file.js';

const OPTIONS = {
  format: {
    type: 'string',
    default: 'text',
    flag: '--format FORMAT',
    help: [
      'text (default), json, markdown, sarif (code scanning) or html',
      '(one self-contained page with each precedence chain drawn)',
    ],
  },
  offline: { type: 'boolean', help: 'no network: skip live verification' },
  only: { type: 'string', multiple: true, flag: '--only ID,...', help: 'report only these finding ids' },
  ignore: { type: 'string', multiple: true, flag: '--ignore ID,...', help: 'report all but these finding ids' },
  history: { type: 'boolean', help: 'scan git history for keys too' },
  trace: { type: 'string', flag: '--trace FILE', help: 'compare with a recorded trace (keydoctor trace --save FILE)' },
  timeout: { type: 'string', flag: '--timeout MS', help: 'timeout per live request (default 10000)' },
  verbose: { type: 'boolean', help: 'show every source in each precedence chain and all notes' },
  'no-color': COMMON['no-color'],
  'list-checks': { type: 'boolean', help: 'list every finding id and exit' },
  help: COMMON.help,
} as const satisfies OptionTable;

const USAGE = {
  head: `Usage: keydoctor [doctor] [DIR] [options]

Collects every place the OpenAI key can come from (environment, shell start-up files, .env files,
code, Docker, compose, Kubernetes, CI), works out the value each run target really gets, checks it,
verifies it against the API (unless --offline) and reports what to change.

`,
  column: 32,
};

export const command = defineCommand({
  name: 'doctor',
  options: OPTIONS,
  usage: USAGE,
  async run({ values, positionals }, io) {
    const fmt = parseFormat<Format>(values.format, ['text', 'json', 'markdown', 'sarif', 'html']);
    if (values['list-checks']) {
      if (fmt === 'json')
        io.stdout(
          JSON.stringify(
            ALL_META.map((m) => ({ id: m.id, severity: m.severity, area: m.area, title: m.title })),
            null,
            2,
          ) + '\n',
        );
      else
        for (const m of ALL_META)
          io.stdout(`${m.id.padEnd(34)} ${m.severity.padEnd(8)} ${AREA_TITLES[m.area].padEnd(36)} ${m.title}\n`);
      return 0;
    }
    const root = projectRoot(io, positionals);
    const timeoutMs = parseTimeout(values.timeout);
    const only = splitList(values.only);
    const ignore = splitList(values.ignore);
    const known = new Set(ALL_META.map((m) => m.id));
    const unknown = [...only, ...ignore].filter((id) => !known.has(id));
    if (unknown.length) throw new UsageError(`unknown finding id: ${unknown.join(', ')} (see --list-checks)`);
    const trace = values.trace !== undefined ? readTrace(io.cwd, values.trace) : undefined;
    const d = await runDiagnosis({
      root,
      cwd: root,
      env: io.env,
      offline: values.offline,
      only,
      ignore,
      history: values.history,
      timeoutMs,
      trace,
    });
    const report = doctorReport(d);
    io.stdout(
      format(report, {
        format: fmt,
        meta: metaFor,
        color: useColor(io, values['no-color']),
        targets: true,
        verbose: values.verbose,
      }),
    );
    return exitCode(report);
  },
});
