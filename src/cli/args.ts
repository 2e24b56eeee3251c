/**
 * One argument parser for every command: a command declares its options once, in a table that says
 * how each is parsed (node:util parseArgs) and how the help lists it, and names its project folder
 * through projectRoot. The option table is the command's only list of its options.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { UsageError, type CliIO } from './io.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  default?: string;
  /** The flag as the help shows it, when it is not `--NAME` (`-y, --yes`, `--target ID`). */
  flag?: string;
  /** The help's description, one string per line. */
  help: string | readonly string[];
  /** Listed in the help, parsed by the command itself (an optional value, which parseArgs lacks). */
  byHand?: true;
}

export type OptionTable = Record<string, OptionSpec>;

type ParseConfig<O extends OptionTable> = {
  [K in keyof O as O[K] extends { byHand: true } ? never : K]: Omit<O[K], 'flag' | 'help' | 'byHand'>;
};

export type Parsed<O extends OptionTable> = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: ParseConfig<O> }>
>;

/** Parses a command's arguments against its option table (strict: an unknown option is a usage error). */
export function parseCommand<O extends OptionTable>(args: string[], options: O): Parsed<O> {
  const config = {} as Record<string, Omit<OptionSpec, 'flag' | 'help' | 'byHand'>>;
  for (const [name, { flag: _flag, help: _help, byHand, ...spec }] of Object.entries(options))
    if (!byHand) config[name] = spec;
  return parseArgs({ args, allowPositionals: true, strict: true, options: config as ParseConfig<O> });
}

export interface HelpSpec {
  /** The text before the option list: the usage line and what the command does. */
  head: string;
  options: OptionTable;
  /** The column the descriptions start at. */
  column: number;
  /** The text after the option list (exit status, examples). */
  tail?: string;
}

/** A command's help text: its head, `Options:` with one row per option, its tail. */
export function helpText(h: HelpSpec): string {
  const rows: string[] = [];
  for (const [name, o] of Object.entries(h.options)) {
    const flag = `  ${o.flag ?? `--${name}`}`;
    const lines = typeof o.help === 'string' ? [o.help] : o.help;
    rows.push(`${flag.length + 2 <= h.column ? flag.padEnd(h.column) : `${flag}   `}${lines[0] ?? ''}`);
    for (const l of lines.slice(1)) rows.push(`${' '.repeat(h.column)}${l}`);
  }
  return `${h.head}Options:\n${rows.join('\n')}\n${h.tail !== undefined ? `\n${h.tail}` : ''}`;
}

/** The options most commands share, with their usual help. */
export const COMMON = {
  'no-color': { type: 'boolean', help: 'plain text (also NO_COLOR=1)' },
  help: { type: 'boolean', short: 'h', help: 'this text' },
} as const satisfies OptionTable;

/** `--format` offering these formats (text the default). */
export function formatOption(
  flag: string,
  help: string | readonly string[],
): OptionSpec & { type: 'string'; default: string } {
  return { type: 'string', default: 'text', flag: `--format ${flag}`, help };
}

/**
 * The project folder a command works on: its one positional argument (default: the current
 * folder), which must be a folder. `hint` ends the messages (how to pass a key instead).
 */
export function projectRoot(io: Pick<CliIO, 'cwd'>, positionals: string[], hint?: string): string {
  const tail = hint ? ` (${hint})` : '';
  if (positionals.length > 1)
    throw new UsageError(`expected one folder, got ${positionals.length}${hint ? tail : `: ${positionals.join(' ')}`}`);
  const root = resolve(io.cwd, positionals[0] ?? '.');
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new UsageError(`not a folder: ${positionals[0] ?? root}${tail}`);
  return root;
}

/** The project folder a command names with `--dir DIR` (default: the current folder). */
export function dirOption(io: Pick<CliIO, 'cwd'>, value: string | undefined): string {
  const root = resolve(io.cwd, value ?? '.');
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`--dir is not a folder: ${value}`);
  return root;
}
