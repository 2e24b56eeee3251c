import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defineCommand } from '../../src/cli/command.js';
import { COMMON, type OptionTable } from '../../src/cli/args.js';
import type { CliIO } from '../../src/cli/io.js';

const OPTIONS = {
  verbose: { type: 'boolean', help: 'more' },
  help: COMMON.help,
} as const satisfies OptionTable;

function io(): CliIO & { out: string[] } {
  const out: string[] = [];
  return {
    out,
    cwd: process.cwd(),
    env: {},
    stdout: (s: string) => out.push(s),
    stderr: () => undefined,
  } as unknown as CliIO & { out: string[] };
}

describe('defineCommand (src/cli/command.ts)', () => {
  const seen: Array<{ verbose?: boolean; positionals: string[]; taken: string[] }> = [];
  const cmd = defineCommand({
    name: 'demo',
    options: OPTIONS,
    usage: { head: 'Usage: keydoctor demo [options] -- CMD\n\n', column: 16 },
    take(argv) {
      const at = argv.indexOf('--');
      return at < 0 ? { argv, taken: [] } : { argv: argv.slice(0, at), taken: argv.slice(at + 1) };
    },
    async run({ values, positionals, taken }) {
      seen.push({ verbose: values.verbose, positionals, taken });
      return 7;
    },
  });
  it('renders the help from the option table and answers --help without running', async () => {
    assert.equal(
      cmd.help,
      'Usage: keydoctor demo [options] -- CMD\n\nOptions:\n  --verbose     more\n  --help        this text\n',
    );
    const o = io();
    assert.equal(await cmd.run(['--help'], o), 0);
    assert.deepEqual(o.out, [cmd.help]);
    assert.equal(seen.length, 0);
  });
  it("runs with the parsed options, the positionals and what take() set apart (a --help after -- is the command's)", async () => {
    assert.equal(await cmd.run(['--verbose', 'dir', '--', 'node', '--help'], io()), 7);
    assert.deepEqual(seen.at(-1), { verbose: true, positionals: ['dir'], taken: ['node', '--help'] });
  });
  it('an unknown option is an error before run', async () => {
    await assert.rejects(() => cmd.run(['--nope'], io()), /nope/);
  });
});
