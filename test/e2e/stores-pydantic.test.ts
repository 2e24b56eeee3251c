/**
 * pydantic-settings as a key store, against the real pydantic-settings where the machine has it
 * (any python3 that imports pydantic_settings; the test says so and skips otherwise): env_prefix,
 * env_file and secrets_dir (a file per field, stripped, matched without regard to case), and which
 * one wins (the environment, then env_file, then secrets_dir).
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { diagnose } from '../../src/pipeline/diagnose.js';
import { tempProject, type TempProject, type Tree } from '../helpers/project.js';
import { openaiKey } from '../helpers/keys.js';

const made: TempProject[] = [];
after(() => {
  for (const p of made) p.cleanup();
});

function pythonWithPydanticSettings(): string | undefined {
  for (const py of ['python3.11', 'python3.12', 'python3.13', 'python3']) {
    const r = spawnSync(py, ['-c', 'import pydantic_settings; print(pydantic_settings.__version__)'], {
      encoding: 'utf8',
    });
    if (r.status === 0) return py;
  }
  return undefined;
}
const py = pythonWithPydanticSettings();

const key = openaiKey('proj', 'pydantic-new');
const old = openaiKey('proj', 'pydantic-old');

const settings = (config: string) =>
  `from pydantic_settings import BaseSettings, SettingsConfigDict\n\n\nclass Settings(BaseSettings):\n    model_config = SettingsConfigDict(${config})\n    openai_api_key: str = ""\n\n\nsettings = Settings()\n`;
const app =
  'from openai import OpenAI\nfrom config import settings\n\nclient = OpenAI(api_key=settings.openai_api_key)\n';

interface Case {
  name: string;
  config: string;
  files: Tree;
  env?: Record<string, string>;
  keyVar: string;
  expect: string;
}

const CASES: Case[] = [
  {
    name: 'secrets_dir alone: the file, stripped',
    config: 'secrets_dir="secrets"',
    files: { 'secrets/openai_api_key': `${key}\n` },
    keyVar: 'OPENAI_API_KEY',
    expect: key,
  },
  {
    name: 'a file name in another case still matches',
    config: 'secrets_dir="secrets"',
    files: { 'secrets/OPENAI_API_KEY': ` ${key} \n` },
    keyVar: 'OPENAI_API_KEY',
    expect: key,
  },
  {
    name: 'env_prefix: the file is named with the prefix',
    config: 'env_prefix="APP_", secrets_dir="secrets"',
    files: { 'secrets/app_openai_api_key': key, 'secrets/openai_api_key': old },
    keyVar: 'APP_OPENAI_API_KEY',
    expect: key,
  },
  {
    name: 'env_file beats secrets_dir',
    config: 'env_file=".env", secrets_dir="secrets"',
    files: { '.env': `OPENAI_API_KEY=${key}\n`, 'secrets/openai_api_key': old },
    keyVar: 'OPENAI_API_KEY',
    expect: key,
  },
  {
    name: 'the environment beats both',
    config: 'env_file=".env", secrets_dir="secrets"',
    files: { '.env': `OPENAI_API_KEY=${old}\n`, 'secrets/openai_api_key': old },
    env: { OPENAI_API_KEY: key },
    keyVar: 'OPENAI_API_KEY',
    expect: key,
  },
];

async function keydoctorValue(
  c: Case,
): Promise<{ value: string | undefined; from: string | undefined; root: string; errors: string[] }> {
  const p = tempProject({
    'requirements.txt': 'openai>=1.40\npydantic-settings>=2\n',
    '.gitignore': '.env\nsecrets/\n',
    'config.py': settings(c.config),
    'app.py': app,
    ...c.files,
  });
  made.push(p);
  const report = await diagnose({
    root: p.root,
    home: p.home,
    env: { PATH: process.env.PATH ?? '', HOME: p.home, ...(c.env ?? {}) },
    offline: true,
  });
  const t = report.targets.find((x) => x.id === 'python:app.py');
  assert.ok(t, report.targets.map((x) => x.id).join(', '));
  assert.equal(t.keyVar, c.keyVar);
  // the report masks keys: compare the last four characters and the source
  const v = t.vars.find((x) => x.name === t.keyVar);
  return {
    value: v?.value,
    from: v?.from,
    root: p.root,
    errors: report.findings.filter((f) => f.severity === 'error').map((f) => `${f.id}: ${f.message}`),
  };
}

describe('pydantic-settings secrets_dir, env_prefix and env_file against the real pydantic-settings', () => {
  for (const c of CASES) {
    it(c.name, { skip: py ? false : 'no python3 with pydantic_settings on this machine' }, async () => {
      const kd = await keydoctorValue(c);
      const real = spawnSync(
        py as string,
        [
          '-c',
          'import sys; sys.path.insert(0, "."); from config import settings; print(settings.openai_api_key, end="")',
        ],
        { cwd: kd.root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...(c.env ?? {}) } },
      );
      assert.equal(real.status, 0, real.stderr);
      assert.equal(real.stdout, c.expect, 'the case itself is right about pydantic-settings');
      assert.ok(kd.value?.endsWith(c.expect.slice(-4)), `keydoctor: ${kd.value} from ${kd.from}`);
      assert.deepEqual(kd.errors, []);
    });
  }
});

describe('pydantic-settings secrets_dir end to end', () => {
  it('a placeholder in the secret file: key-placeholder at that file', async () => {
    const p = tempProject({
      'requirements.txt': 'openai\npydantic-settings\n',
      'config.py': settings('secrets_dir="secrets"'),
      'app.py': app,
      'secrets/openai_api_key': 'sk-your-key-here\n',
    });
    made.push(p);
    const r = await diagnose({
      root: p.root,
      home: p.home,
      env: { PATH: process.env.PATH ?? '', HOME: p.home },
      offline: true,
    });
    const f = r.findings.find((x) => x.id === 'key-placeholder');
    assert.ok(f, r.findings.map((x) => x.id).join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], ['secrets/openai_api_key', 1]);
  });
  it('a missing secrets_dir (/run/secrets on a laptop) changes nothing', async () => {
    const p = tempProject({
      'requirements.txt': 'openai\npydantic-settings\n',
      'config.py': settings('env_file=".env", secrets_dir="/run/secrets-not-here"'),
      'app.py': app,
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
    });
    made.push(p);
    const r = await diagnose({
      root: p.root,
      home: p.home,
      env: { PATH: process.env.PATH ?? '', HOME: p.home },
      offline: true,
    });
    assert.deepEqual(
      r.findings.filter((f) => f.severity === 'error').map((f) => f.id),
      [],
    );
  });
});

describe('pydantic-settings _env_file at instantiation (DocsGPT: Settings(_env_file=path.joinpath(".env")))', () => {
  const config = (arg: string) =>
    `from typing import Optional\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\n\nclass Settings(BaseSettings):\n    model_config = SettingsConfigDict(extra="ignore")\n    API_KEY: Optional[str] = None\n\n\nsettings = Settings(${arg})\n`;
  const llm =
    'from openai import OpenAI\nfrom config import settings\n\n\nclass LLM:\n    def __init__(self):\n        self.client = OpenAI(api_key=settings.API_KEY)\n';
  const run = async (arg: string) => {
    const p = tempProject({
      'requirements.txt': 'openai\npydantic-settings\n',
      '.gitignore': '.env\n',
      'config.py': config(arg),
      'llm.py': llm,
      'app.py': 'from llm import LLM\n\nif __name__ == "__main__":\n    LLM().client.models.list()\n',
      '.env': `API_KEY=${key}\n`,
    });
    made.push(p);
    const r = await diagnose({
      root: p.root,
      home: p.home,
      env: { PATH: process.env.PATH ?? '', HOME: p.home },
      offline: true,
    });
    const t = r.targets.find((x) => x.id === 'python:app.py');
    // What the real pydantic-settings reads, where the machine has it.
    const real = py
      ? spawnSync(py, ['-c', 'from config import settings; print(settings.API_KEY, end="")'], {
          cwd: p.root,
          encoding: 'utf8',
          env: { PATH: process.env.PATH ?? '' },
        }).stdout
      : undefined;
    return {
      real,
      value: t?.vars.find((v) => v.name === 'API_KEY')?.value,
      errors: r.findings.filter((f) => f.severity === 'error').map((f) => f.id),
    };
  };
  it('_env_file=".env": the key comes from .env, no dotenv-not-loaded', async () => {
    const got = await run('_env_file=".env"');
    if (got.real !== undefined) assert.equal(got.real, key, 'the case itself is right about pydantic-settings');
    assert.ok(got.value?.endsWith(key.slice(-4)), String(got.value));
    assert.deepEqual(got.errors, []);
  });
  it('_env_file=None loads nothing: the key is not set', async () => {
    const got = await run('_env_file=None');
    if (got.real !== undefined) assert.equal(got.real, 'None', 'the case itself is right about pydantic-settings');
    assert.equal(got.value, undefined);
  });
});
