import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import type { Command } from '../command.js';
import { UsageError, parseFormat, parseTimeout, splitList, useColor } from '../io.js';
import { doctorReport, runDiagnosis } from '../../core/diagnose.js';
import { exitCode } from '../../report/report.js';
import { format, type Format } from '../../report/formatters/index.js';
import { ALL_META } from '../../checks/registry.js';
import { AREA_TITLES } from '../../core/types.js';
import { readTrace } from '../trace-file.js';

const HELP = `Usage: keydoctor [doctor] [DIR] [options]

Collects every place the OpenAI key can come from (environment, shell start-up files, .env files,
code, Docker, compose, Kubernetes, CI), works out the value each run target really gets, checks it,
verifies it against the API (unless --offline) and reports what to change.

Options:
  --format FORMAT               text (default), json, markdown, sarif (code scanning) or html
                                (one self-contained page with each precedence chain drawn)
  --offline                     no network: skip live verification
  --only ID,...                 report only these finding ids
  --ignore ID,...               report all but these finding ids
  --history                     scan git history for keys too
  --trace FILE                  compare with a recorded trace (keydoctor trace --save FILE)
  --timeout MS                  timeout per live request (default 10000)
  --verbose                     show every source in each precedence chain and all notes
  --no-color                    plain text (also NO_COLOR=1)
  --list-checks                 list every finding id and exit
  --help                        this text
`;

export const command: Command = {
  name: 'doctor',
  summary: 'find out why the key fails (default command)',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        offline: { type: 'boolean' },
        only: { type: 'string', multiple: true },
        ignore: { type: 'string', multiple: true },
        history: { type: 'boolean' },
        trace: { type: 'string' },
        timeout: { type: 'string' },
        verbose: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        'list-checks': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout(HELP);
      return 0;
    }
    const fmt = parseFormat<Format>(values.format, ['text', 'json', 'markdown', 'sarif', 'html']);
    if (values['list-checks']) {
      if (fmt === 'json') io.stdout(JSON.stringify(ALL_META.map((m) => ({ id: m.id, severity: m.severity, area: m.area, title: m.title })), null, 2) + '\n');
      else for (const m of ALL_META) io.stdout(`${m.id.padEnd(34)} ${m.severity.padEnd(8)} ${AREA_TITLES[m.area].padEnd(36)} ${m.title}\n`);
      return 0;
    }
    if (positionals.length > 1) throw new UsageError(`expected one folder, got ${positionals.length}: ${positionals.join(' ')}`);
    const root = resolve(io.cwd, positionals[0] ?? '.');
    if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`not a folder: ${positionals[0] ?? root}`);
    const timeoutMs = parseTimeout(values.timeout);
    const only = splitList(values.only);
    const ignore = splitList(values.ignore);
    const known = new Set(ALL_META.map((m) => m.id));
    const unknown = [...only, ...ignore].filter((id) => !known.has(id));
    if (unknown.length) throw new UsageError(`unknown finding id: ${unknown.join(', ')} (see --list-checks)`);
    const trace = values.trace !== undefined ? readTrace(io.cwd, values.trace) : undefined;
    const d = await runDiagnosis({ root, cwd: root, env: io.env, offline: values.offline, only, ignore, history: values.history, timeoutMs, trace });
    const report = doctorReport(d);
    io.stdout(format(report, { format: fmt, color: useColor(io, values['no-color']), targets: true, verbose: values.verbose }));
    return exitCode(report);
  },
};
