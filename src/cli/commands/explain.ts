import { resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { defineCommand } from '../command.js';
import { COMMON, dirOption, type OptionTable } from '../args.js';
import { UsageError, parseFormat, useColor, type CliIO } from '../io.js';
import { explainText } from '../../explain/index.js';
import { exitCode } from '../../report/report.js';
import { format, type Format } from '../../report/formatters/index.js';
import { metaFor } from '../../checks/registry.js';
import { isMissing, NOT_REGULAR, readFileLimited, readProblem } from '../../core/read-file.js';
import { readTrace } from '../trace-file.js';

const OPTIONS = {
  clipboard: { type: 'boolean', help: 'read the clipboard (pbpaste, wl-paste, xclip, xsel, PowerShell)' },
  dir: { type: 'string', flag: '--dir DIR', help: 'project folder to compare keys with (default: current folder)' },
  trace: {
    type: 'string',
    flag: '--trace FILE',
    help: 'also compare with the keys a recorded trace saw (keydoctor trace --save FILE)',
  },
  format: {
    type: 'string',
    default: 'text',
    flag: '--format text|json|markdown',
    help: 'output format (default text)',
  },
  'no-color': COMMON['no-color'],
  help: COMMON.help,
} as const satisfies OptionTable;

const USAGE = {
  head: `Usage: keydoctor explain [FILE] [options]

Reads pasted error text (a traceback, a log, a curl answer) and finds every OpenAI / Azure OpenAI
auth error in it: what it means, why it happened, what to do. When the error shows the key
(OpenAI prints its first 8 and last 4 characters), says which of the values on this machine and in
this project it is, and whether another source was meant. Never calls the network.

Input: FILE, or standard input when it is not a terminal, or --clipboard.
  pbpaste | keydoctor explain
  keydoctor explain app.log
  keydoctor explain --clipboard

`,
  column: 32,
  tail: `Exit status: 0 no error found, 1 an error finding, 2 bad arguments or unreadable input.
`,
};

const MAX_INPUT = 64 * 1024 * 1024;
/** Files of the current folder the local match reads when no --dir is given (the folder may be HOME or /). */
export const EXPLAIN_DEFAULT_MAX_FILES = 20_000;

interface ClipTool {
  cmd: string;
  args: string[];
}

/** Clipboard readers to try, most specific first for the platform. */
export function clipboardTools(platform: NodeJS.Platform, env: Record<string, string | undefined>): ClipTool[] {
  if (platform === 'darwin') return [{ cmd: 'pbpaste', args: [] }];
  if (platform === 'win32')
    return [
      { cmd: 'powershell.exe', args: ['-NoProfile', '-Command', 'Get-Clipboard -Raw'] },
      { cmd: 'pwsh', args: ['-NoProfile', '-Command', 'Get-Clipboard -Raw'] },
    ];
  const linux: ClipTool[] = [];
  if (env.WAYLAND_DISPLAY) linux.push({ cmd: 'wl-paste', args: ['--no-newline'] });
  linux.push({ cmd: 'xclip', args: ['-o', '-selection', 'clipboard'] }, { cmd: 'xsel', args: ['-o', '-b'] });
  if (!env.WAYLAND_DISPLAY) linux.push({ cmd: 'wl-paste', args: ['--no-newline'] });
  // WSL: the Windows clipboard.
  linux.push({ cmd: 'powershell.exe', args: ['-NoProfile', '-Command', 'Get-Clipboard -Raw'] });
  return linux;
}

export function readClipboard(io: CliIO, platform: NodeJS.Platform = process.platform): string {
  const tried: string[] = [];
  for (const t of clipboardTools(platform, io.env)) {
    const r = spawnSync(t.cmd, t.args, {
      encoding: 'utf8',
      maxBuffer: MAX_INPUT,
      timeout: 10_000,
      env: io.env as NodeJS.ProcessEnv,
    });
    if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
      tried.push(t.cmd);
      continue;
    }
    if (r.status === 0 && typeof r.stdout === 'string') return r.stdout;
    tried.push(`${t.cmd} (failed${r.stderr ? `: ${String(r.stderr).trim().split('\n')[0]}` : ''})`);
  }
  throw new UsageError(
    `cannot read the clipboard: no working clipboard tool (tried ${tried.join(', ')}). Install wl-clipboard, xclip or xsel, or pipe the text in: \`xclip -o | keydoctor explain\`, or save it to a file: \`keydoctor explain error.txt\``,
  );
}

/**
 * Text of a saved log in whatever encoding it was written: UTF-8 (with or without BOM), or UTF-16
 * as PowerShell 5 writes `>` redirections (with a BOM, or recognisable by its NUL bytes).
 */
export function decodeText(buf: Buffer): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  // No BOM: many NULs at odd positions mean UTF-16LE text.
  const sample = buf.subarray(0, Math.min(buf.length, 4096));
  let oddNuls = 0;
  for (let i = 1; i < sample.length; i += 2) if (sample[i] === 0) oddNuls++;
  if (sample.length >= 16 && oddNuls > sample.length / 4) return buf.toString('utf16le');
  return buf.toString('utf8');
}

export const command = defineCommand({
  name: 'explain',
  options: OPTIONS,
  usage: USAGE,
  async run({ values, positionals }, io) {
    const fmt = parseFormat<Format>(values.format, ['text', 'json', 'markdown']);
    if (positionals.length > 1)
      throw new UsageError(`expected at most one file, got ${positionals.length}: ${positionals.join(' ')}`);
    const file = positionals[0];
    if (file !== undefined && values.clipboard) throw new UsageError('give either a file or --clipboard, not both');
    const root = dirOption(io, values.dir);

    let text: string;
    let source: string;
    if (values.clipboard) {
      text = readClipboard(io);
      source = 'clipboard';
    } else if (file !== undefined && file !== '-') {
      const path = resolve(io.cwd, file);
      let got: Buffer | number;
      try {
        got = readFileLimited(path, MAX_INPUT);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (isMissing(code)) throw new UsageError(`no such file: ${file}`);
        if (code === NOT_REGULAR) throw new UsageError(`not a regular file: ${file} is ${readProblem(e)}`);
        throw new UsageError(`cannot read ${file}: ${readProblem(e)}`);
      }
      if (typeof got === 'number')
        throw new UsageError(`${file} is larger than ${MAX_INPUT / 1024 / 1024} MB; pass the part around the error`);
      text = decodeText(got);
      source = file;
    } else {
      text = await io.readStdin();
      source = 'stdin';
      if (text.length === 0 && file === undefined)
        throw new UsageError(
          'no input: pipe the error text in (`pbpaste | keydoctor explain`), give a file, or use --clipboard',
        );
    }
    const trace = values.trace !== undefined ? readTrace(io.cwd, values.trace) : undefined;
    // Without --dir the folder is wherever the user happens to be (HOME, /): the local match reads a bounded part of it.
    const report = await explainText(text.replace(/^\ufeff/, ''), {
      root,
      env: io.env,
      home: io.env.HOME,
      source,
      trace,
      ...(values.dir === undefined ? { maxFiles: EXPLAIN_DEFAULT_MAX_FILES } : {}),
    });
    io.stdout(format(report, { format: fmt, meta: metaFor, color: useColor(io, values['no-color']) }));
    return exitCode(report);
  },
});
