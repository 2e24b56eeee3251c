/**
 * Launchers, secret managers and the user's own traces, end to end on small realistic projects
 * through diagnose(): a healthy set-up gives no error, a broken one names the file and line.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { doctorOn } from '../helpers/doctor.js';
import type { Tree } from '../helpers/project.js';
import { openaiKey } from '../helpers/keys.js';

export const doctor = doctorOn;

const key = openaiKey('proj', 'e2e-launchers');
const json = (o: unknown) => JSON.stringify(o, null, 2) + '\n';
const nodeApp =
  "import OpenAI from 'openai';\nconst client = new OpenAI();\nconsole.log(await client.models.list());\n";
const pkg = (scripts: Record<string, string>, deps: Record<string, string> = { openai: '^4.80.0' }) =>
  json({ name: 'app', type: 'module', scripts, dependencies: deps });
const opRef = 'op://Private/OpenAI/credential';
const encrypted = 'encrypted:' + Buffer.from('not-a-real-ciphertext-but-long-enough').toString('base64');

describe('secret managers start the app', () => {
  it('op run --env-file with an op:// reference: healthy, no error, the target says where the key comes from', async () => {
    const r = await doctor({
      'package.json': pkg({ start: 'op run --env-file=.env -- node server.js' }),
      '.env': `OPENAI_API_KEY=${opRef}\n`,
      '.gitignore': '.env\n',
      'server.js': nodeApp,
    });
    assert.deepEqual(r.errors, []);
    const t = r.report.targets.find((x) => x.id === 'node:start');
    assert.match(t?.loading ?? '', /1Password/);
  });
  it('the same reference read by plain dotenv: secret-reference-unresolved at .env:1 with the op run command', async () => {
    const r = await doctor({
      'package.json': pkg({ dev: 'node -r dotenv/config server.js' }, { openai: '^4.80.0', dotenv: '^16.0.0' }),
      '.env': `# from 1Password\nOPENAI_API_KEY=${opRef}\n`,
      '.gitignore': '.env\n',
      'server.js': nodeApp,
    });
    const f = r.report.findings.find((x) => x.id === 'secret-reference-unresolved');
    assert.ok(f, r.ids.join(', '));
    assert.equal(f.severity, 'error');
    assert.deepEqual([f.location?.path, f.location?.line], ['.env', 2]);
    assert.match(f.fix?.command ?? '', /^op run --env-file=\.env -- node -r dotenv\/config server\.js$/);
    // one fact, one finding: the reference is not also a malformed or placeholder key
    assert.deepEqual(
      r.errors.filter((e) => !e.startsWith('secret-reference-unresolved')),
      [],
    );
  });
  it('doppler run: the key comes from Doppler, never key-missing', async () => {
    const r = await doctor({ 'package.json': pkg({ start: 'doppler run -- node server.js' }), 'server.js': nodeApp });
    assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
    assert.deepEqual(r.errors, []);
    assert.match(r.report.targets.find((x) => x.id === 'node:start')?.loading ?? '', /Doppler/);
  });
  it('without the wrapper the same project lacks its key (the wrapper is what makes it healthy)', async () => {
    const r = await doctor({ 'package.json': pkg({ start: 'node server.js' }), 'server.js': nodeApp });
    assert.ok(r.ids.includes('key-missing'), r.ids.join(', '));
  });
  it('a Procfile process under infisical run (python): no key-missing', async () => {
    const py = 'from openai import OpenAI\nclient = OpenAI()\n';
    const r = await doctor({
      Procfile: 'web: infisical run --env=prod -- gunicorn app:app\n',
      'requirements.txt': 'openai>=1.40\ngunicorn\n',
      'app.py': py,
    });
    assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
  });
  it("a Procfile's process gets the host's config vars: no dotenv-not-loaded for a .env its code never loads", async () => {
    // gpt-researcher's layout: backend/Procfile for the host, the app run locally through main.py, which loads .env
    const r = await doctor({
      'backend/Procfile': 'web: uvicorn server.app:app --host 0.0.0.0 --port $PORT\n',
      'backend/server/__init__.py': '',
      'backend/server/app.py': 'from openai import OpenAI\n\nclient = OpenAI()\n',
      'requirements.txt': 'openai>=1.40\nuvicorn\npython-dotenv\n',
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
    });
    const t = r.report.targets.find((x) => x.label.includes('backend/Procfile'));
    assert.ok(t, r.report.targets.map((x) => x.label).join('; '));
    assert.match(t.loading ?? '', /config vars/);
    assert.ok(!r.ids.includes('dotenv-not-loaded') && !r.ids.includes('key-missing'), r.ids.join(', '));
  });
  it("a shell script that runs only `python3 -c` one-liners is no target for the project's clients", async () => {
    // mem0's server/scripts/seed.sh: python3 -c to make a password and read JSON from curl
    const r = await doctor({
      'scripts/seed.sh':
        '#!/bin/bash\nPASSWORD="$(python3 -c \'import secrets; print(secrets.token_urlsafe(16))\')"\ncurl -s localhost:8000/setup | python3 -c "import sys,json; print(json.load(sys.stdin))"\n',
      'examples/grok.py':
        'import os\nfrom openai import OpenAI\n\nclient = OpenAI(base_url="https://api.x.ai/v1", api_key=os.environ["XAI_API_KEY"])\n',
      'requirements.txt': 'openai\n',
    });
    assert.ok(
      !r.report.targets.some((t) => t.id === 'script:scripts/seed.sh'),
      r.report.targets.map((t) => t.id).join(', '),
    );
  });
  it('a .env.test that only the test set-up loads is not a .env the app fails to load', async () => {
    const tree: Tree = {
      'app.py': 'from openai import OpenAI\n\nif __name__ == "__main__":\n    print(OpenAI().models.list())\n',
      'requirements.txt': 'openai>=1.40\npython-dotenv\n',
      'conftest.py': 'from dotenv import load_dotenv\n\nload_dotenv(".env.test")\n',
      '.env.test': 'OPENAI_API_KEY=fake-api-key\n',
    };
    const r = await doctor(tree);
    assert.ok(!r.ids.includes('dotenv-not-loaded'), r.ids.join(', '));
    // the same key in .env is the app's: that one nothing loads is an error
    const bad = await doctor({ ...tree, '.env': `OPENAI_API_KEY=${key}\n`, '.gitignore': '.env\n' });
    assert.ok(bad.ids.includes('dotenv-not-loaded'), bad.ids.join(', '));
  });
  it('dotenvx: an encrypted value is fine under dotenvx run, an error under plain dotenv', async () => {
    const files = (script: string): Tree => ({
      'package.json': pkg({ start: script }, { openai: '^4.80.0', dotenv: '^16.0.0', '@dotenvx/dotenvx': '^1.0.0' }),
      '.env': `DOTENV_PUBLIC_KEY="03ab"\nOPENAI_API_KEY="${encrypted}"\n`,
      '.gitignore': '.env.keys\n',
      'server.js': nodeApp,
    });
    const ok = await doctor(files('dotenvx run -- node server.js'));
    assert.deepEqual(ok.errors, []);
    const bad = await doctor(files('node -r dotenv/config server.js'));
    const f = bad.report.findings.find((x) => x.id === 'secret-reference-unresolved');
    assert.ok(f, bad.ids.join(', '));
    assert.equal(f.location?.line, 2);
    assert.match(f.fix?.command ?? '', /^dotenvx run -f \.env -- /);
  });
});

describe('keys in shell and REPL histories', () => {
  it('an export typed into ~/.bash_history and a REPL line: key-in-shell-history with file, line and the removal command, never the key', async () => {
    const r = await doctor(
      { 'package.json': pkg({ start: 'node server.js' }), 'server.js': nodeApp },
      {
        '.bash_history': `ls\ncd app\nexport OPENAI_API_KEY=${key}\nnpm start\n`,
        '.zsh_history': `: 1700000000:0;git status\n: 1700000001:0;curl https://api.openai.com/v1/models -H "Authorization: Bearer ${key}"\n`,
        '.python_history': `import openai\nopenai.api_key = "${key}"\n`,
        '.local/share/fish/fish_history': `- cmd: set -gx OPENAI_API_KEY ${key}\n  when: 1700000000\n`,
      },
      { OPENAI_API_KEY: key },
    );
    const hs = r.report.findings.filter((f) => f.id === 'key-in-shell-history');
    assert.deepEqual(hs.map((f) => `${f.location?.path}:${f.location?.line}`).sort(), [
      '~/.bash_history:3',
      '~/.local/share/fish/fish_history:1',
      '~/.python_history:2',
      '~/.zsh_history:2',
    ]);
    assert.ok(hs.every((f) => f.severity === 'warning'));
    assert.match(
      hs.find((f) => f.location?.path === '~/.bash_history')?.fix?.command ?? '',
      /^sed -i '3d' "\$HOME\/\.bash_history"$/,
    );
    assert.ok(!JSON.stringify(r.report).includes(key), 'the key is masked everywhere');
  });
  it('a clean history gives nothing', async () => {
    const r = await doctor(
      { 'package.json': pkg({ start: 'node server.js' }), 'server.js': nodeApp },
      { '.bash_history': 'export OPENAI_API_KEY=$(op read op://Private/OpenAI/credential)\nnpm start\n' },
      { OPENAI_API_KEY: key },
    );
    assert.ok(!r.ids.includes('key-in-shell-history'), r.ids.join(', '));
  });
});

describe('make, just and shell scripts start the app', () => {
  const server = nodeApp;
  const base = (extra: Tree): Tree => ({
    'package.json': pkg({}),
    '.gitignore': '.env\n',
    'server.js': server,
    ...extra,
  });
  it('make: include .env + export with a plain value is healthy', async () => {
    const r = await doctor(
      base({ Makefile: 'include .env\nexport\n\nrun:\n\tnode server.js\n', '.env': `OPENAI_API_KEY=${key}\n` }),
    );
    assert.deepEqual(r.errors, []);
    assert.match(r.report.targets.find((t) => t.id === 'make:run')?.loading ?? '', /make includes \.env with export/);
  });
  it('make keeps the quotes of KEY="..." in the value: key-quoted names .env:1 for make run', async () => {
    const r = await doctor(
      base({ Makefile: 'include .env\nexport\n\nrun:\n\tnode server.js\n', '.env': `OPENAI_API_KEY="${key}"\n` }),
    );
    const f = r.report.findings.find((x) => x.id === 'key-quoted' && x.target === 'make:run');
    assert.ok(f, r.errors.join('\n') + r.ids.join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], ['.env', 1]);
  });
  it('make without export: the recipe never gets the key', async () => {
    const r = await doctor(
      base({ Makefile: 'include .env\n\nrun:\n\tnode server.js\n', '.env': `OPENAI_API_KEY=${key}\n` }),
    );
    const f = r.report.findings.find((x) => x.target === 'make:run' && x.severity === 'error');
    assert.ok(f, r.ids.join(', '));
    assert.match(JSON.stringify(f), /export/);
  });
  it('a script that sources .env with set -a is healthy; without it the program gets nothing', async () => {
    const ok = await doctor(
      base({
        'start.sh': '#!/bin/bash\nset -a\nsource .env\nset +a\nexec node server.js\n',
        '.env': `OPENAI_API_KEY=${key}\n`,
      }),
    );
    assert.deepEqual(ok.errors, []);
    const bad = await doctor(
      base({ 'start.sh': '#!/bin/bash\nsource .env\nexec node server.js\n', '.env': `OPENAI_API_KEY=${key}\n` }),
    );
    const f = bad.report.findings.find((x) => x.target === 'script:start.sh' && x.severity === 'error');
    assert.ok(f, bad.ids.join(', '));
    assert.match(JSON.stringify(f), /set -a|without export/);
  });
  it('just with set dotenv-load is healthy; without it the recipe lacks the key', async () => {
    const ok = await doctor(
      base({ justfile: 'set dotenv-load\n\ndev:\n    node server.js\n', '.env': `OPENAI_API_KEY=${key}\n` }),
    );
    assert.deepEqual(ok.errors, []);
    const bad = await doctor(base({ justfile: 'dev:\n    node server.js\n', '.env': `OPENAI_API_KEY=${key}\n` }));
    const f = bad.report.findings.find((x) => x.target === 'just:dev' && x.severity === 'error');
    assert.ok(f, bad.ids.join(', '));
    assert.match(JSON.stringify(f), /dotenv-load/);
  });
});

describe('one command line, one loading, whoever starts it', () => {
  const server = "import OpenAI from 'openai';\nconst client = new OpenAI();\nawait client.models.list();\n";
  const project = (start: Tree): Tree => ({
    ...start,
    '.env.production': `OPENAI_API_KEY=${key}\n`,
    '.gitignore': '.env*\n',
    'server.js': server,
    'package.json': pkg({}),
  });
  it('dotenv -c production from a Makefile reads the same cascade as from a package.json script', async () => {
    const viaMake = await doctor(project({ Makefile: 'run:\n\tdotenv -c production -- node server.js\n' }));
    const viaNpm = await doctor({
      ...project({}),
      'package.json': pkg({ start: 'dotenv -c production -- node server.js' }),
    });
    assert.deepEqual(viaNpm.errors, []);
    assert.deepEqual(viaMake.errors, []);
    const make = viaMake.report.targets.find((t) => t.id.startsWith('make:'));
    assert.ok(make, viaMake.report.targets.map((t) => t.id).join(', '));
    assert.match(make.loading ?? '', /dotenv-cli \.env\.production\.local, \.env\.local, \.env\.production, \.env/);
  });
  it('node --env-file from a Makefile: the target names the flag and says the .env it skips is not loaded', async () => {
    const r = await doctor({
      Makefile: 'run:\n\tnode --env-file=.env.local server.js\n',
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env*\n',
      'server.js': server,
      'package.json': pkg({}),
    });
    const make = r.report.targets.find((t) => t.id.startsWith('make:'));
    assert.ok(make);
    assert.match(make.loading ?? '', /node --env-file \.env\.local \(later files win, the shell wins over all\)/);
    const chain = make.vars.find((v) => v.name === 'OPENAI_API_KEY')?.chain ?? [];
    assert.deepEqual(
      chain.map((c) => [c.location, c.status]),
      [['.env:1', 'not-loaded']],
    );
  });
});

describe('a make rule that runs the tests (pydantic-ai: uv run -m pytest)', () => {
  const files: Tree = {
    Makefile: '.PHONY: test\ntest:\n\tuv run -m pytest tests\n',
    'requirements.txt': 'openai\npytest\n',
    'scripts/upload.py':
      'import os\nfrom openai import OpenAI\nclient = OpenAI(api_key=os.environ["XAI_API_KEY"], base_url="https://api.x.ai/v1")\nclient.files.create(file=open("a", "rb"), purpose="batch")\n',
    'app.py':
      'from openai import OpenAI\nclient = OpenAI()\n\nif __name__ == "__main__":\n    print(client.models.list())\n',
  };
  it("runs the test files, not the app's or the scripts' clients: no target where the tests set their own key", async () => {
    const r = await doctor({
      ...files,
      'tests/test_app.py': 'import os\nos.environ["OPENAI_API_KEY"] = "testing"\n\ndef test_x():\n    assert True\n',
    });
    assert.ok(!r.targetIds.some((id) => id.startsWith('make:')), r.targetIds.join(', '));
    assert.ok(!r.report.findings.some((f) => f.target?.startsWith('make:')), r.ids.join(', '));
  });
  it('broken: tests that read OPENAI_API_KEY make it a target that needs the key', async () => {
    const r = await doctor({
      ...files,
      'tests/test_app.py':
        'import os\nfrom openai import OpenAI\n\ndef test_live():\n    OpenAI(api_key=os.environ.get("OPENAI_API_KEY")).models.list()\n',
    });
    const t = r.targetIds.find((id) => id.startsWith('make:'));
    assert.ok(t, r.targetIds.join(', '));
    assert.equal(r.target(t)?.keyVar, 'OPENAI_API_KEY');
  });
});

describe('a script that starts `uvicorn app:app` (Chainlit cookbook reverse_proxy/start.sh)', () => {
  it("runs that app, found from the script's folder, not every client of the repository", async () => {
    const r = await doctor({
      'reverse_proxy/start.sh': '#!/bin/bash\nuvicorn app:app --host 0.0.0.0 --port 9000 &\nwait\n',
      'reverse_proxy/app.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n',
      'reverse_proxy/requirements.txt': 'fastapi\nuvicorn\n',
      'deepseek/app.py':
        'import os\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=os.environ["DEEPSEEK_API_KEY"], base_url="https://api.deepseek.com")\n',
    });
    const t = r.targetIds.find((id) => id.includes('start.sh'));
    assert.ok(t, r.targetIds.join(', '));
    assert.deepEqual(r.target(t)?.clients ?? [], []);
    assert.ok(!r.report.findings.some((f) => f.target === t), r.ids.join(', '));
  });
});

describe("a package's test script (assistant-ui apps/registry: node --test scripts/build-registry.test.mjs)", () => {
  it('is not a target that needs the key the app routes would read', async () => {
    const r = await doctor({
      'package.json': json({
        name: 'registry',
        type: 'module',
        scripts: { test: 'node --test scripts/build.test.mjs', 'test:unit': 'node --test' },
        devDependencies: { '@ai-sdk/openai': '^2.0.0', ai: '^5.0.0' },
      }),
      'scripts/build.test.mjs':
        "import test from 'node:test';\nimport '../app/api/chat/route.js';\ntest('x', () => {});\n",
      'app/api/chat/route.js':
        "import { openai } from '@ai-sdk/openai';\nimport { streamText } from 'ai';\nexport async function POST() {\n  return streamText({ model: openai('gpt-5.4-mini'), prompt: 'hi' });\n}\n",
    });
    assert.ok(!r.targetIds.some((id) => /:test/.test(id)), r.targetIds.join(', '));
  });
});
