/**
 * Login-only start-up files (~/.profile, ~/.bash_profile, ~/.zprofile) and start-up files edited
 * since this shell opened: this shell does not have their value, but every app started from a new
 * terminal does, and a dotenv loader that does not override then keeps it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { doctorOn } from '../helpers/doctor.js';
import { openaiKey } from '../helpers/keys.js';

const OLD = openaiKey('proj', 'old');
const NEW = openaiKey('proj', 'new');
const app = (override = false) => ({
  'app.py': `from dotenv import load_dotenv\nload_dotenv(${override ? 'override=True' : ''})\nfrom openai import OpenAI\nclient = OpenAI()\n`,
  'requirements.txt': 'openai\npython-dotenv\n',
  '.env': `OPENAI_API_KEY=${NEW}\n`,
  '.gitignore': '.env\n',
});
const shadowed = (r: Awaited<ReturnType<typeof doctorOn>>) => r.report.findings.filter((f) => f.id === 'key-shadowed');

describe('a key only a new terminal gets', () => {
  for (const [file, shell] of [
    ['.bash_profile', '/bin/bash'],
    ['.profile', '/bin/bash'],
    ['.zprofile', '/bin/zsh'],
    ['.zshrc', '/bin/zsh'],
  ] as const) {
    it(`~/${file} exports an older key, this shell has none: apps started from a new terminal get it (warning at its line)`, async () => {
      const r = await doctorOn(
        app(),
        { [file]: `export PATH="$HOME/bin:$PATH"\nexport OPENAI_API_KEY=${OLD}\n` },
        { SHELL: shell },
      );
      assert.deepEqual(r.errors, []);
      const f = shadowed(r);
      assert.equal(f.length, 1, JSON.stringify(r.report.findings.map((x) => x.id)));
      assert.equal(f[0]?.severity, 'warning');
      assert.deepEqual(f[0]?.location && { path: f[0].location.path, line: f[0].location.line }, {
        path: `~/${file}`,
        line: 2,
      });
      assert.match(
        f[0]?.message ?? '',
        /Started from a new terminal, python app\.py would get OPENAI_API_KEY from ~\/\.\w+:2 .*not from \.env:1.*load_dotenv\(\) does not override/,
      );
      assert.deepEqual(
        f[0]?.related?.map((x) => `${x.path}:${x.line}`),
        ['.env:1'],
      );
      assert.match(f[0]?.fix?.summary ?? '', /Remove line 2 of ~\/\.\w+.*load_dotenv\(override=True\)/);
      // today, from this shell, the app gets the .env key
      assert.equal(r.target('python:app.py')?.vars.OPENAI_API_KEY?.value, NEW);
    });
  }

  it('healthy: the start-up file holds the same key as .env', async () => {
    const r = await doctorOn(app(), { '.bash_profile': `export OPENAI_API_KEY=${NEW}\n` }, { SHELL: '/bin/bash' });
    assert.deepEqual(shadowed(r), []);
    assert.deepEqual(r.errors, []);
  });

  it('healthy: the loader overrides (load_dotenv(override=True)), so .env wins from any terminal', async () => {
    const r = await doctorOn(app(true), { '.bash_profile': `export OPENAI_API_KEY=${OLD}\n` }, { SHELL: '/bin/bash' });
    assert.deepEqual(shadowed(r), []);
  });

  it("healthy: a bash user's ~/.zprofile is never read", async () => {
    const r = await doctorOn(app(), { '.zprofile': `export OPENAI_API_KEY=${OLD}\n` }, { SHELL: '/bin/bash' });
    assert.deepEqual(shadowed(r), []);
  });

  it('healthy: a line without export never reaches programs', async () => {
    const r = await doctorOn(app(), { '.bash_profile': `OPENAI_API_KEY=${OLD}\n` }, { SHELL: '/bin/bash' });
    assert.deepEqual(shadowed(r), []);
  });

  it('a compose service does not inherit the shell: nothing to say for it', async () => {
    const r = await doctorOn(
      {
        'compose.yaml': 'services:\n  api:\n    image: python:3.12\n    env_file: .env\n',
        '.env': `OPENAI_API_KEY=${NEW}\n`,
        '.gitignore': '.env\n',
      },
      { '.bash_profile': `export OPENAI_API_KEY=${OLD}\n` },
      { SHELL: '/bin/bash' },
    );
    assert.ok(!shadowed(r).some((f) => f.target?.startsWith('compose:')));
  });

  it('this shell already has the older key: the usual key-shadowed, once', async () => {
    const r = await doctorOn(
      app(),
      { '.bash_profile': `export OPENAI_API_KEY=${OLD}\n` },
      { SHELL: '/bin/bash', OPENAI_API_KEY: OLD },
    );
    const f = shadowed(r);
    assert.equal(f.length, 1);
    assert.doesNotMatch(f[0]?.message ?? '', /Started from a new terminal/);
  });
});
