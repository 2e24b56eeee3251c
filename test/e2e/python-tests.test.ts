/**
 * Test runners: tox 4 (pass_env / set_env), pytest-dotenv (env_files) and pytest-env (env).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { doctorOn as doctor } from '../helpers/doctor.js';
import { openaiKey } from '../helpers/keys.js';

const key = openaiKey('proj', 'e2e-pytests');
const testFile =
  'import os\nimport pytest\n\n\n@pytest.mark.skipif(not os.environ.get("OPENAI_API_KEY"), reason="needs a key")\ndef test_live():\n    from openai import OpenAI\n    assert OpenAI().models.list()\n';
const proj = {
  'pyproject.toml': '[project]\nname = "app"\ndependencies = ["openai>=1.40"]\n',
  'app/__init__.py': '',
  'tests/test_live.py': testFile,
};

describe('tox', () => {
  const tox = (pass: string) =>
    `[tox]\nenv_list = py312\n\n[testenv]\ndeps = pytest\n${pass}commands = pytest {posargs}\n`;
  it("pass_env names OPENAI_API_KEY: the tests get the shell's key (healthy)", async () => {
    const r = await doctor(
      { ...proj, 'tox.ini': tox('pass_env =\n    OPENAI_API_KEY\n    HOME\n') },
      {},
      { OPENAI_API_KEY: key },
    );
    const t = r.target('tox:testenv');
    assert.ok(t, r.targetIds.join(', '));
    assert.equal(t.vars.OPENAI_API_KEY?.value, key);
    assert.deepEqual(r.errors, []);
  });
  it("without pass_env tox 4 drops the shell's key: the tests lack it, and the chain says to add it to pass_env", async () => {
    const r = await doctor({ ...proj, 'tox.ini': tox('') }, {}, { OPENAI_API_KEY: key });
    const t = r.target('tox:testenv');
    assert.equal(t?.vars.OPENAI_API_KEY?.winner, undefined);
    assert.match(JSON.stringify(t?.vars.OPENAI_API_KEY?.chain), /pass_env in tox\.ini/);
    const f = r.report.findings.find((x) => x.id === 'key-missing' && x.target === 'tox:testenv');
    assert.ok(f, r.ids.join(', '));
    assert.equal(f.severity, 'warning'); // tests often skip or mock without a key
    // the shell has it: the fix is pass_env, not another export
    assert.match(f.fix?.summary ?? '', /Name OPENAI_API_KEY in pass_env in tox\.ini/);
  });
  it("an env whose pass_env hands on another provider's key only (passenv = ANTHROPIC_API_KEY) runs without OpenAI's: no key-missing", async () => {
    const r = await doctor({ ...proj, 'tox.ini': tox('passenv = ANTHROPIC_API_KEY\n') }, {}, { OPENAI_API_KEY: key });
    assert.ok(!r.report.findings.some((x) => x.id === 'key-missing' && x.target === 'tox:testenv'), r.ids.join(', '));
  });
  it('set_env with a placeholder is what the tests get: key-placeholder at its line', async () => {
    const r = await doctor({ ...proj, 'tox.ini': tox('set_env =\n    OPENAI_API_KEY = sk-your-key-here\n') });
    const f = r.report.findings.find((x) => x.target === 'tox:testenv' && x.severity === 'error');
    assert.ok(f, r.ids.join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], ['tox.ini', 7]);
  });
  it('tests that set a dummy key themselves (os.environ[...] = , monkeypatch.setenv): no tox target', async () => {
    const r = await doctor(
      { ...proj, 'tests/conftest.py': 'import os\nos.environ["OPENAI_API_KEY"] = "test"\n', 'tox.ini': tox('') },
      {},
      { OPENAI_API_KEY: key },
    );
    assert.equal(r.target('tox:testenv'), undefined);
  });
  it('tests that read no key: no tox target at all', async () => {
    const r = await doctor(
      { ...proj, 'tests/test_live.py': 'def test_ok():\n    assert True\n', 'tox.ini': tox('') },
      {},
      { OPENAI_API_KEY: key },
    );
    assert.equal(r.target('tox:testenv'), undefined);
  });
});

describe('pytest-dotenv and pytest-env', () => {
  it('env_files = .env.test loads the test key (healthy)', async () => {
    const r = await doctor({
      ...proj,
      'requirements-dev.txt': 'pytest\npytest-dotenv\n',
      '.env.test': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env*\n',
      'pytest.ini': '[pytest]\nenv_files =\n    .env.test\n',
    });
    const t = r.target('pytest:pytest.ini');
    assert.ok(t, r.targetIds.join(', '));
    assert.equal(t.vars.OPENAI_API_KEY?.winner?.location?.path, '.env.test');
    assert.deepEqual(r.errors, []);
  });
  it('pytest-env in pyproject overrides the shell with a blank key: key-empty at its line', async () => {
    const r = await doctor(
      {
        ...proj,
        'pyproject.toml':
          '[project]\nname = "app"\ndependencies = ["openai>=1.40"]\n\n[tool.pytest.ini_options]\nenv = [\n  "LOG_LEVEL=debug",\n  "OPENAI_API_KEY=",\n]\n',
      },
      {},
      { OPENAI_API_KEY: key },
    );
    const t = r.target('pytest:pyproject.toml');
    assert.equal(t?.vars.OPENAI_API_KEY?.value, '');
    const f = r.report.findings.find((x) => x.target === 'pytest:pyproject.toml' && x.severity === 'error');
    assert.ok(f, r.ids.join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], ['pyproject.toml', 8]);
  });
  it("D: sets a default only when unset: the shell's key wins", async () => {
    const r = await doctor(
      { ...proj, 'pytest.ini': '[pytest]\nenv =\n    D:OPENAI_API_KEY=sk-test-dummy\n' },
      {},
      { OPENAI_API_KEY: key },
    );
    assert.equal(r.target('pytest:pytest.ini')?.vars.OPENAI_API_KEY?.value, key);
  });
});
