import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMON, dirOption, helpText, parseCommand, projectRoot, type OptionTable } from '../../src/cli/args.js';
import { UsageError } from '../../src/cli/io.js';

const OPTIONS = {
  target: { type: 'string', flag: '--target ID', help: 'the target' },
  only: { type: 'string', multiple: true, flag: '--only ID,...', help: ['first line', 'second line'] },
  resume: { type: 'string', byHand: true, flag: '--resume [ID]', help: 'parsed by the command' },
  'a-very-long-option-name': { type: 'boolean', flag: '--a-very-long-option-name X', help: 'overflows the column' },
  'no-color': COMMON['no-color'],
  help: COMMON.help,
} as const satisfies OptionTable;

describe('the one argument parser (src/cli/args.ts)', () => {
  it('writes the help from the option table: flags padded to the column, continuation lines, overflow', () => {
    const text = helpText({ head: 'Usage: x\n\n', options: OPTIONS, column: 20, tail: 'Exit status: 0.\n' });
    assert.equal(
      text,
      [
        'Usage: x',
        '',
        'Options:',
        '  --target ID       the target',
        '  --only ID,...     first line',
        '                    second line',
        '  --resume [ID]     parsed by the command',
        '  --a-very-long-option-name X   overflows the column',
        '  --no-color        plain text (also NO_COLOR=1)',
        '  --help            this text',
        '',
        'Exit status: 0.',
        '',
      ].join('\n'),
    );
  });

  it('parses with the table (help-only fields left out; by-hand options are unknown to it; strict)', () => {
    const { values, positionals } = parseCommand(
      ['dir', '--target', 't1', '--only', 'a', '--only', 'b', '-h'],
      OPTIONS,
    );
    assert.deepEqual(positionals, ['dir']);
    assert.equal(values.target, 't1');
    assert.deepEqual(values.only, ['a', 'b']);
    assert.equal(values.help, true);
    assert.throws(
      () => parseCommand(['--resume'], OPTIONS),
      (e: NodeJS.ErrnoException) => e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION',
    );
    assert.throws(
      () => parseCommand(['--nope'], OPTIONS),
      (e: NodeJS.ErrnoException) => e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION',
    );
  });

  it('validates the project folder: one positional, a folder, the hint in the message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kd-args-'));
    try {
      writeFileSync(join(dir, 'file'), 'x');
      assert.equal(projectRoot({ cwd: dir }, []), dir);
      assert.equal(projectRoot({ cwd: '/' }, [dir]), dir);
      assert.throws(
        () => projectRoot({ cwd: dir }, ['a', 'b']),
        (e: Error) => e instanceof UsageError && e.message === 'expected one folder, got 2: a b',
      );
      assert.throws(
        () => projectRoot({ cwd: dir }, ['a', 'b'], 'no keys here'),
        (e: Error) => e instanceof UsageError && e.message === 'expected one folder, got 2 (no keys here)',
      );
      assert.throws(
        () => projectRoot({ cwd: dir }, ['file'], 'no keys here'),
        (e: Error) => e instanceof UsageError && e.message === 'not a folder: file (no keys here)',
      );
      assert.throws(
        () => dirOption({ cwd: dir }, 'missing'),
        (e: Error) => e instanceof UsageError && e.message === '--dir is not a folder: missing',
      );
      assert.equal(dirOption({ cwd: dir }, undefined), dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
