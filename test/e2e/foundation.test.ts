/**
 * End to end on small realistic projects: real collectors, the resolver and every check, through
 * the public diagnose() API (so the report is masked the way users see it).
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from '../../src/pipeline/diagnose.js';
import type { Report } from '../../src/report/report.js';
import { tempProject, type TempProject, type Tree } from '../helpers/project.js';
import { openaiKey, foreignKey } from '../helpers/keys.js';

const made: TempProject[] = [];
after(() => {
  for (const p of made) p.cleanup();
});

interface Run {
  report: Report;
  ids: string[];
  keys: string[];
}

async function doctor(
  files: Tree,
  home: Tree = {},
  env: Record<string, string> = {},
  keys: string[] = [],
): Promise<Run> {
  const p = tempProject(files, home);
  made.push(p);
  const report = await diagnose({
    root: p.root,
    home: p.home,
    env: { PATH: process.env.PATH ?? '', HOME: p.home, ...env },
    offline: true,
  });
  const text = JSON.stringify(report);
  for (const k of keys) assert.ok(!text.includes(k), 'a full key appears in the report');
  return { report, ids: report.findings.map((f) => f.id), keys };
}
const errors = (r: Run) => r.report.findings.filter((f) => f.severity === 'error').map((f) => `${f.id}: ${f.message}`);
const at = (l: { path: string; line?: number } | undefined) => (l ? `${l.path}:${l.line ?? ''}` : undefined);
const find = (r: Run, id: string) => {
  const f = r.report.findings.find((x) => x.id === id);
  assert.ok(f, `expected ${id}, got ${r.ids.join(', ') || 'nothing'}`);
  return f;
};

const pyApp =
  'import os\nfrom dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI()\nprint(client.models.list())\n';
const pyReq = 'openai>=1.40\npython-dotenv>=1.0\n';
const good = openaiKey('proj', 'e2e-good');
const old = openaiKey('proj', 'e2e-old');
const python = (env: string, extra: Tree = {}): Tree => ({
  '.env': env,
  '.gitignore': '.env\n',
  'app.py': pyApp,
  'requirements.txt': pyReq,
  ...extra,
});
const nodePkg = (scripts: Record<string, string>, deps: Record<string, string> = { openai: '^6.0.0' }) =>
  JSON.stringify({ name: 'svc', type: 'module', scripts, dependencies: deps }, null, 2);
const nodeIndex =
  "import 'dotenv/config';\nimport OpenAI from 'openai';\n\nconst client = new OpenAI();\nconsole.log(await client.models.list());\n";
const nodePlain =
  "import OpenAI from 'openai';\n\nconst client = new OpenAI();\nconsole.log(await client.models.list());\n";

describe('Python + python-dotenv', () => {
  it('healthy: no error, the key comes from .env', async () => {
    const r = await doctor(python(`OPENAI_API_KEY=${good}\n`), {}, {}, [good]);
    assert.deepEqual(errors(r), []);
    const t = r.report.targets.find((x) => x.id === 'python:app.py');
    assert.equal(t?.vars.find((v) => v.name === 'OPENAI_API_KEY')?.from, '.env:1');
  });
  it('an old export in ~/.bashrc shadows the new key in .env', async () => {
    const r = await doctor(
      python(`OPENAI_API_KEY=${good}\n`),
      { '.bashrc': `export OPENAI_API_KEY="${old}"\n` },
      { OPENAI_API_KEY: old, SHELL: '/bin/bash' },
      [good, old],
    );
    const f = find(r, 'key-shadowed');
    assert.equal(at(f.location), '~/.bashrc:1');
    assert.equal(f.related?.[0]?.path, '.env');
    assert.equal(f.fix?.command, 'unset OPENAI_API_KEY');
  });
  it('an empty export blocks .env', async () => {
    const r = await doctor(
      python(`OPENAI_API_KEY=${good}\n`),
      { '.bashrc': 'export OPENAI_API_KEY=\n' },
      { OPENAI_API_KEY: '' },
    );
    assert.match(find(r, 'key-empty').message, /blocks the value in \.env:1/);
  });
  it('the placeholder copied from .env.example', async () => {
    const r = await doctor(
      python('OPENAI_API_KEY=sk-your-openai-api-key-here\n', {
        '.env.example': 'OPENAI_API_KEY=sk-your-openai-api-key-here\n',
      }),
    );
    assert.equal(at(find(r, 'key-placeholder').location), '.env:1');
    assert.equal(r.ids.filter((i) => i === 'key-placeholder').length, 1);
  });
  it('load_dotenv(override=True): the file wins on purpose, nothing above info', async () => {
    const app = pyApp.replace('load_dotenv()', 'load_dotenv(override=True)');
    const r = await doctor(python(`OPENAI_API_KEY=${good}\n`, { 'app.py': app }), {}, { OPENAI_API_KEY: old }, [
      good,
      old,
    ]);
    assert.deepEqual(errors(r), []);
    assert.ok(!r.ids.includes('key-shadowed'));
    assert.ok(r.report.findings.every((f) => f.id !== 'key-conflict' || f.severity === 'info'));
  });
  it('no .env and nothing in the shell: key-missing', async () => {
    const r = await doctor({ 'app.py': pyApp, 'requirements.txt': pyReq });
    find(r, 'key-missing');
  });
  it('a .env saved as UTF-16 (PowerShell): key-missing says so and points at the file, with the conversion', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`OPENAI_API_KEY=${good}\r\n`, 'utf16le')]);
    const r = await doctor(
      { '.env': utf16, '.gitignore': '.env\n', 'app.py': pyApp, 'requirements.txt': pyReq },
      {},
      {},
      [good],
    );
    const f = find(r, 'key-missing');
    assert.match(f.message, /\.env is saved as UTF-16/);
    assert.equal(at(f.location), '.env:1');
    assert.match(f.fix?.command ?? '', /^iconv -f UTF-16 -t UTF-8 \.env/);
    // A UTF-8 file in the same place: the ordinary key-missing, no encoding talk.
    const plain = await doctor({
      '.env': 'OTHER=1\n',
      '.gitignore': '.env\n',
      'app.py': pyApp,
      'requirements.txt': pyReq,
    });
    assert.doesNotMatch(find(plain, 'key-missing').message, /UTF-16/);
  });
  it('CRLF line endings are fine for python-dotenv', async () => {
    const r = await doctor(python(`OPENAI_API_KEY=${good}\r\nOPENAI_ORG_ID=org-${'Ab3'.repeat(8)}\r\n`));
    assert.deepEqual(errors(r), []);
    assert.ok(!r.ids.includes('key-whitespace'));
  });
  it('a quoted value with spaces inside keeps them', async () => {
    const r = await doctor(python(`OPENAI_API_KEY=" ${good} "\n`), {}, {}, [good]);
    find(r, 'key-whitespace');
  });
  it('nested quotes, Bearer, zero-width space, truncation, foreign and admin keys', async () => {
    const zw = good.slice(0, 50) + '\u200b' + good.slice(50);
    const cases: Array<[string, string]> = [
      [`OPENAI_API_KEY="'${good}'"\n`, 'key-quoted'],
      [`OPENAI_API_KEY="Bearer ${good}"\n`, 'key-bearer-prefix'],
      [`OPENAI_API_KEY=${zw}\n`, 'key-invisible-char'],
      [`OPENAI_API_KEY=${good.slice(0, 120)}\n`, 'key-malformed'],
      [`OPENAI_API_KEY=${foreignKey('anthropic')}\n`, 'key-foreign-provider'],
      [`OPENAI_API_KEY=${openaiKey('admin')}\n`, 'key-admin-as-api-key'],
    ];
    for (const [env, id] of cases) {
      const r = await doctor(python(env));
      assert.ok(r.ids.includes(id), `${id} expected for ${JSON.stringify(env.slice(0, 20))}, got ${r.ids.join(', ')}`);
    }
  });
  it('organization name, project name and a leftover local base URL', async () => {
    const r = await doctor(
      python(
        `OPENAI_API_KEY=${good}\nOPENAI_ORG_ID=Personal\nOPENAI_PROJECT_ID=my project\nOPENAI_BASE_URL=http://localhost:11434/v1\n`,
      ),
    );
    assert.equal(at(find(r, 'org-id-invalid').location), '.env:2');
    find(r, 'project-id-invalid');
    assert.equal(find(r, 'base-url-override').severity, 'warning');
  });
  it('an unterminated quote on the key line', async () => {
    const r = await doctor(python(`OPENAI_API_KEY="${good}\nOPENAI_ORG_ID=org-${'Ab3'.repeat(8)}\n`));
    assert.equal(find(r, 'dotenv-parse-issue').location?.path, '.env');
  });
});

describe('Node', () => {
  it('import "dotenv/config": healthy', async () => {
    const r = await doctor({
      'package.json': nodePkg({ start: 'node index.js' }, { openai: '^6.0.0', dotenv: '^17.0.0' }),
      'index.js': nodeIndex,
      '.env': `OPENAI_API_KEY=${good}\n`,
      '.gitignore': '.env\nnode_modules\n',
    });
    assert.deepEqual(errors(r), []);
  });
  it('import "dotenv/config": the shell value wins', async () => {
    const r = await doctor(
      {
        'package.json': nodePkg({ start: 'node index.js' }, { openai: '^6.0.0', dotenv: '^17.0.0' }),
        'index.js': nodeIndex,
        '.env': `OPENAI_API_KEY=${good}\n`,
        '.gitignore': '.env\n',
      },
      {},
      { OPENAI_API_KEY: old },
    );
    const f = find(r, 'key-shadowed');
    assert.equal(f.target, 'node:start');
    assert.match(f.fix?.summary ?? '', /override: true/);
  });
  it('node --env-file: placeholder in .env; healthy with a key', async () => {
    const bad = await doctor({
      'package.json': nodePkg({ start: 'node --env-file=.env server.js' }),
      'server.js': nodePlain,
      '.env': 'OPENAI_API_KEY=sk-...\n',
    });
    assert.equal(find(bad, 'key-placeholder').target, 'node:start');
    const ok = await doctor({
      'package.json': nodePkg({ start: 'node --env-file=.env server.js' }),
      'server.js': nodePlain,
      '.env': `OPENAI_API_KEY=${good}\n`,
      '.gitignore': '.env\n',
    });
    assert.deepEqual(errors(ok), []);
  });
  it('dotenv-cli: the first -e file wins', async () => {
    const r = await doctor({
      'package.json': nodePkg({ start: 'dotenv -e .env.local -e .env -- node server.js' }),
      'server.js': nodePlain,
      '.env.local': 'OPENAI_API_KEY=sk-your-key-here\n',
      '.env': `OPENAI_API_KEY=${good}\n`,
      '.gitignore': '.env*\n',
    });
    assert.equal(at(find(r, 'key-placeholder').location), '.env.local:1');
  });
  it('a BOM before the first line hides the key from node --env-file', async () => {
    const r = await doctor({
      'package.json': nodePkg({ start: 'node --env-file=.env server.js' }),
      'server.js': nodePlain,
      '.env': `\ufeffOPENAI_API_KEY=${good}\n`,
      '.gitignore': '.env\n',
    });
    assert.ok(r.ids.includes('dotenv-parse-issue'), r.ids.join(', '));
  });
});

describe('Frameworks', () => {
  const next = (files: Tree) => ({
    'package.json': nodePkg(
      { dev: 'next dev', build: 'next build', start: 'next start' },
      { next: '15.1.0', react: '19.0.0', openai: '^6.0.0' },
    ),
    'app/api/chat/route.ts': nodePlain,
    '.gitignore': '.env*\n',
    ...files,
  });
  it('Next.js: an old key in .env.local beats the new one in .env', async () => {
    const r = await doctor(next({ '.env.local': `OPENAI_API_KEY=${old}\n`, '.env': `OPENAI_API_KEY=${good}\n` }));
    const f = find(r, 'key-conflict');
    assert.equal(f.location?.path, '.env.local');
    assert.ok(!r.ids.includes('key-shadowed'));
  });
  it('Next.js: healthy with the key in .env.local', async () => {
    const r = await doctor(next({ '.env.local': `OPENAI_API_KEY=${good}\n` }));
    assert.deepEqual(errors(r), []);
    assert.ok(!r.ids.includes('key-conflict'));
  });
  it('Next.js under NODE_ENV=test does not read .env.local', async () => {
    const r = await doctor(
      next({ '.env.local': `OPENAI_API_KEY=${good}\n`, '.env': 'OPENAI_API_KEY=changeme\n' }),
      {},
      { NODE_ENV: 'test' },
    );
    const f = find(r, 'key-placeholder');
    assert.equal(f.target, 'next:test');
    assert.equal(at(f.location), '.env:1');
  });
  it('Vite: the mode file decides what the dev build gets', async () => {
    const files: Tree = {
      'package.json': nodePkg({ dev: 'vite', build: 'vite build' }, { vite: '^6.0.0', openai: '^6.0.0' }),
      'src/main.ts': 'const key = import.meta.env.VITE_OPENAI_API_KEY;\nconsole.log(key);\n',
      '.env': `VITE_OPENAI_API_KEY=${good}\n`,
      '.env.development': 'VITE_OPENAI_API_KEY=your-key-here\n',
      '.gitignore': '.env*\n',
    };
    const r = await doctor(files);
    const f = find(r, 'key-placeholder');
    assert.equal(f.target, 'vite:development');
    assert.equal(f.location?.path, '.env.development');
  });
});

describe('Shell sources', () => {
  it('a fish universal variable shadows .env', async () => {
    const r = await doctor(
      python(`OPENAI_API_KEY=${good}\n`),
      {
        '.config/fish/fish_variables': `# This file contains fish universal variable definitions.\nSETUVAR --export OPENAI_API_KEY:${old}\n`,
      },
      { OPENAI_API_KEY: old, SHELL: '/usr/bin/fish' },
      [good, old],
    );
    const f = find(r, 'key-shadowed');
    assert.equal(f.fix?.command, 'set -eU OPENAI_API_KEY');
  });
  it('this shell differs from ~/.zshrc: a new terminal gets another key', async () => {
    const r = await doctor(
      {},
      { '.zshrc': `export OPENAI_API_KEY=${good}\n` },
      { OPENAI_API_KEY: old, SHELL: '/bin/zsh' },
    );
    assert.match(find(r, 'key-conflict').message, /new terminal/);
    assert.ok(r.report.targets.some((t) => t.id === 'shell:new-terminal'));
  });
  it('a ~/.bashrc saved with Windows line endings exports the key with a trailing CR', async () => {
    const r = await doctor(
      { 'app.py': pyApp, 'requirements.txt': pyReq },
      { '.bashrc': `export OPENAI_API_KEY=${good}\r\n` },
      { OPENAI_API_KEY: `${good}\r`, SHELL: '/bin/bash' },
      [good],
    );
    const f = find(r, 'key-whitespace');
    assert.equal(f.severity, 'error');
    assert.equal(at(f.location), '~/.bashrc:1');
  });
  it('direnv `dotenv` loads .env for a Node app without a loader: active, it is the origin; not run, key-missing says direnv', async () => {
    const files = {
      'package.json': nodePkg({ start: 'node server.js' }),
      'server.js': nodePlain,
      '.env': `OPENAI_API_KEY=${good}\n`,
      '.gitignore': '.env\n',
      '.envrc': 'dotenv\n',
    };
    // direnv active: the shell has the key, and it is traced to .env through the .envrc.
    const active = await doctor(files, {}, { OPENAI_API_KEY: good }, [good]);
    assert.ok(!active.ids.includes('key-missing'), active.ids.join(', '));
    const v = active.report.targets.find((x) => x.id === 'node:start')?.vars.find((x) => x.name === 'OPENAI_API_KEY');
    assert.equal(v?.from, '.env:1');
    // direnv not run in this shell: a warning that says so, with `direnv allow`.
    const idle = await doctor(files, {}, {}, [good]);
    const f = find(idle, 'key-missing');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /direnv would set it from \.env:1/);
    assert.equal(f.fix?.command, 'direnv allow');
  });
  it('zsh: a ~/.zshrc with CRLF endings stops at `export PATH\\r`: a new terminal never gets the key below it', async () => {
    const zshrc = `export EDITOR=vim\r\nexport PATH\r\nexport OPENAI_API_KEY=${good}\r\n`;
    const r = await doctor({}, { '.zshrc': zshrc }, { SHELL: '/bin/zsh' }, [good]);
    const fresh = r.report.targets.find((t) => t.id === 'shell:new-terminal');
    assert.ok(!fresh?.vars.some((v) => v.name === 'OPENAI_API_KEY' && v.from), JSON.stringify(fresh?.vars));
    assert.ok(
      r.report.notes.some(
        (n) => n.path === '~/.zshrc' && n.line === 2 && /zsh stops reading the file there/.test(n.message),
      ),
    );
    // bash goes on past the same error: a ~/.bashrc like that still exports the key (with a CR).
    const b = await doctor({}, { '.bashrc': zshrc }, { SHELL: '/bin/bash' }, [good]);
    const bfresh = b.report.targets.find((t) => t.id === 'shell:new-terminal');
    assert.equal(bfresh?.vars.find((v) => v.name === 'OPENAI_API_KEY')?.from, '~/.bashrc:3');
  });
  it('zsh: a bare `export OPENAI_API_KEY` in ~/.zshrc sets it to empty, which blocks .env for python-dotenv', async () => {
    const r = await doctor(
      python(`OPENAI_API_KEY=${good}\n`),
      { '.zshrc': 'export OPENAI_API_KEY\n' },
      { SHELL: '/bin/zsh' },
      [good],
    );
    const f = r.report.findings.find((x) => x.id === 'key-empty');
    assert.ok(f, r.ids.join(', '));
    assert.equal(at(f.location), '~/.zshrc:1');
  });
  it('a folder with only .env gets a generic target', async () => {
    const r = await doctor({ '.env': `OPENAI_API_KEY=${good}\n` });
    assert.ok(r.report.targets.some((t) => t.id === 'app'));
    assert.ok(!r.ids.includes('key-missing'));
  });
});
