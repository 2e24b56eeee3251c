/**
 * Files keydoctor writes for its own output at a path the user names (`trace --save FILE`,
 * `scan --baseline FILE`): a repository can ship that path as a symlink (to `~/.bashrc`, or dangling,
 * to a file that does not exist yet). Writing through it would replace or create a file outside the
 * project: such a path is refused, and nothing outside changes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, readFileSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { writeOutputFile, WriteError } from '../../src/fix/write.js';
import { main } from '../../src/cli/main.js';
import { tempProject } from '../helpers/project.js';
import { fakeIO } from './helpers.js';

describe('output files are never written through a symlink', () => {
  it('writeOutputFile: a link (live or dangling) is refused; a plain file is written atomically with the mode asked for', () => {
    const p = tempProject({ 'keep.txt': 'x\n' }, { '.bashrc': '# mine\n' });
    try {
      const rc = join(p.home, '.bashrc');
      const rcMode = lstatSync(rc).mode;
      symlinkSync(rc, join(p.root, 'live.json'));
      symlinkSync(join(p.home, '.bash_logout'), join(p.root, 'dangling.json'));
      for (const name of ['live.json', 'dangling.json'])
        assert.throws(
          () => writeOutputFile(join(p.root, name), '{}\n', { mode: 0o600 }),
          (e) => e instanceof WriteError && /symlink/.test(e.message),
        );
      assert.equal(readFileSync(rc, 'utf8'), '# mine\n');
      assert.equal(lstatSync(rc).mode, rcMode);
      assert.ok(!existsSync(join(p.home, '.bash_logout')));
      const out = join(p.root, 'trace.json');
      writeFileSync(out, 'old\n');
      chmodSync(out, 0o644);
      writeOutputFile(out, '{}\n', { mode: 0o600 });
      assert.equal(readFileSync(out, 'utf8'), '{}\n');
      assert.equal(lstatSync(out).mode & 0o777, 0o600, 'a private output file is private even when it existed');
    } finally {
      p.cleanup();
    }
  });

  it('scan --baseline: a dangling link is not a missing baseline to create, and --update-baseline does not write through a link', async () => {
    const p = tempProject({ 'app.py': 'print(1)\n' }, { '.zshrc': '# mine\n' });
    try {
      symlinkSync(join(p.home, '.bash_logout'), join(p.root, 'new-baseline.json'));
      symlinkSync(join(p.home, '.zshrc'), join(p.root, 'baseline.json'));
      for (const args of [
        ['--baseline', 'new-baseline.json'],
        ['--baseline', 'baseline.json', '--update-baseline'],
      ]) {
        const io = fakeIO({ cwd: p.root, env: { HOME: p.home } });
        assert.equal(await main(['scan', ...args, '--no-color'], io), 2, io.out + io.err);
        assert.match(io.err, /symlink/);
      }
      assert.ok(!existsSync(join(p.home, '.bash_logout')));
      assert.equal(readFileSync(join(p.home, '.zshrc'), 'utf8'), '# mine\n');
    } finally {
      p.cleanup();
    }
  });

  it('trace --save: a link is not written through (the trace itself still runs and reports)', async () => {
    const p = tempProject({ 'app.js': 'console.log(1)\n' }, { '.bashrc': '# mine\n' });
    try {
      const rcMode = lstatSync(join(p.home, '.bashrc')).mode;
      symlinkSync(join(p.home, '.bashrc'), join(p.root, 'trace.json'));
      const io = fakeIO({ cwd: p.root, env: { HOME: p.home, PATH: process.env.PATH } });
      await main(['trace', '--save', 'trace.json', '--no-color', '--', process.execPath, 'app.js'], io);
      assert.match(io.err, /cannot write trace\.json: it is a symlink/);
      assert.equal(readFileSync(join(p.home, '.bashrc'), 'utf8'), '# mine\n');
      assert.equal(lstatSync(join(p.home, '.bashrc')).mode, rcMode, 'its mode is untouched (chmod follows links)');
    } finally {
      p.cleanup();
    }
  });
});
