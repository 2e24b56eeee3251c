import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { collectFacts } from '../../../src/pipeline/diagnose.js';
import type { Facts } from '../../../src/core/facts.js';
import {
  dotenvCollector,
  classifyEnvFileName,
  envFilesInCommand,
  readEnvFile,
  ensureEnvFile,
  pythonVersionOf,
  MAX_ENV_BYTES,
} from '../../../src/collect/dotenv/collector.js';
import { tempProject, type Tree } from '../../helpers/project.js';
import { emptyFacts } from '../../helpers/check-tester.js';
import { openaiKey } from '../../helpers/keys.js';

const KEY = openaiKey('proj', 'collect');
const KEY2 = openaiKey('proj', 'collect-2');

async function collect(
  files: Tree,
  opts: { git?: boolean } = {},
): Promise<{ facts: Facts; root: string; cleanup: () => void }> {
  const p = tempProject(files, {}, opts);
  const facts = await collectFacts({
    root: p.root,
    home: p.home,
    env: {},
    offline: true,
    collectors: [dotenvCollector],
  });
  return { facts, root: p.root, cleanup: p.cleanup };
}

test('file names: dotenv files, templates, .envrc, and what is not one', () => {
  assert.deepEqual(classifyEnvFileName('.env'), { kind: 'dotenv', role: 'loaded' });
  assert.deepEqual(classifyEnvFileName('.env.production.local'), { kind: 'dotenv', role: 'loaded' });
  assert.deepEqual(classifyEnvFileName('prod.env'), { kind: 'dotenv', role: 'loaded' });
  assert.deepEqual(classifyEnvFileName('.flaskenv'), { kind: 'dotenv', role: 'loaded' });
  assert.deepEqual(classifyEnvFileName('.envrc'), { kind: 'envrc', role: 'loaded' });
  for (const n of [
    '.env.example',
    '.env.sample',
    '.env.template',
    '.env.dist',
    '.env.local.example',
    'example.env',
    'dev.env.example',
  ])
    assert.equal(classifyEnvFileName(n)?.role, 'example', n);
  for (const n of ['.env.js', '.env.d.ts', 'environment.ts', 'env.py', 'venv', '.envrc.bak', '.env.vault'])
    assert.equal(classifyEnvFileName(n), null, n);
});

test('start scripts: files named by --env-file, dotenv -e, dotenvx -f, env-cmd -f, dotenv_config_path', () => {
  assert.deepEqual(envFilesInCommand('node --env-file=.env.dev --env-file-if-exists=.env.local server.js'), [
    '.env.dev',
    '.env.local',
  ]);
  assert.deepEqual(envFilesInCommand('node --env-file config/.env index.js'), ['config/.env']);
  assert.deepEqual(envFilesInCommand('dotenv -e .env.test -e .env -- jest'), ['.env.test', '.env']);
  assert.deepEqual(envFilesInCommand('dotenvx run -f .env.production -- node app.js'), ['.env.production']);
  assert.deepEqual(envFilesInCommand('env-cmd -f ./envs/staging.env node app.js'), ['./envs/staging.env']);
  assert.deepEqual(envFilesInCommand('node -r dotenv/config app.js dotenv_config_path=/srv/app/.env'), [
    '/srv/app/.env',
  ]);
  assert.deepEqual(envFilesInCommand('tsc -p . && node dist/index.js -f x'), []);
});

test('collects .env files at any depth, ignored ones included, with all three dialects', async () => {
  const { facts, cleanup } = await collect(
    {
      '.env': `OPENAI_API_KEY=${KEY}\n`,
      '.gitignore': '.env\n.env.local\n',
      '.env.local': `OPENAI_API_KEY=${KEY2}#x\n`,
      'services/api/.env.production': 'OPENAI_BASE_URL=https://api.openai.com/v1\n',
      '.flaskenv': 'FLASK_APP=app.py\n',
      'src/app.js': 'console.log(1)\n',
    },
    { git: true },
  );
  try {
    const rels = facts.envFiles.map((f) => f.relPath).sort();
    assert.deepEqual(rels, ['.env', '.env.local', '.flaskenv', 'services/api/.env.production']);
    const env = facts.envFiles.find((f) => f.relPath === '.env');
    assert.ok(env);
    assert.equal(env.exists, true);
    assert.equal(env.ignored, true);
    assert.equal(env.tracked, false);
    assert.equal(env.encoding, 'utf8');
    assert.equal(env.role, 'loaded');
    for (const d of ['dotenv', 'node', 'python'] as const) assert.equal(env.byDialect[d]?.[0]?.value, KEY, d);
    const local = facts.envFiles.find((f) => f.relPath === '.env.local');
    assert.equal(local?.byDialect.node?.[0]?.value, KEY2);
    assert.equal(local?.byDialect.python?.[0]?.value, `${KEY2}#x`);
    assert.deepEqual(
      local?.issues.map((i) => i.code),
      ['hash-in-value'],
    );
    const a = facts.assignments.find((x) => x.kind === 'dotenv' && x.location?.path === '.env');
    assert.deepEqual(a && { name: a.name, value: a.value, kind: a.kind, location: a.location, raw: a.raw }, {
      name: 'OPENAI_API_KEY',
      value: KEY,
      kind: 'dotenv',
      location: { path: '.env', line: 1, column: 1 },
      raw: KEY,
    });
    // Stored once: the index entry is the file's own reading, not a copy of it.
    assert.equal(a, env.byDialect.dotenv?.[0]);
    assert.equal(facts.assignments.filter((x) => x.location?.path === '.env').length, 1);
    const tracked = facts.envFiles.find((f) => f.relPath === '.flaskenv');
    assert.equal(tracked?.tracked, true);
    assert.equal(tracked?.ignored, false);
  } finally {
    cleanup();
  }
});

test('templates are read and marked, but give no assignments', async () => {
  const { facts, cleanup } = await collect({ '.env.example': 'OPENAI_API_KEY=sk-your-key-here\n' });
  try {
    assert.equal(facts.envFiles[0]?.role, 'example');
    assert.equal(facts.envFiles[0]?.byDialect.dotenv?.[0]?.name, 'OPENAI_API_KEY');
    assert.deepEqual(facts.assignments, []);
  } finally {
    cleanup();
  }
});

test('files named by package.json scripts, relative to the package, missing ones recorded', async () => {
  const { facts, cleanup } = await collect({
    'package.json': JSON.stringify({
      name: 'x',
      scripts: {
        start: 'node --env-file=config/app.env server.js',
        test: 'dotenv -e .env.test -- node --test',
        e2e: 'node --env-file-if-exists=missing.env x.js',
      },
    }),
    'config/app.env': `OPENAI_API_KEY=${KEY}\n`,
    'web/package.json': JSON.stringify({ name: 'web', scripts: { dev: 'env-cmd -f ../shared/web.env vite' } }),
    'shared/web.env': 'VITE_X=1\n',
  });
  try {
    const byRel = new Map(facts.envFiles.map((f) => [f.relPath, f]));
    assert.equal(byRel.get('config/app.env')?.exists, true);
    assert.equal(byRel.get('shared/web.env')?.exists, true);
    assert.equal(byRel.get('missing.env')?.exists, false);
    assert.equal(byRel.get('.env.test')?.exists, false);
    assert.equal(facts.envFiles.filter((f) => f.relPath === 'config/app.env').length, 1);
    assert.ok(facts.assignments.some((a) => a.location?.path === 'config/app.env' && a.value === KEY));
  } finally {
    cleanup();
  }
});

test('.envrc is read with the shell parser (kind envrc)', async () => {
  const { facts, cleanup } = await collect({
    '.envrc': `export OPENAI_API_KEY="${KEY}"\nLOCAL_ONLY=1\ndotenv .env.local\n`,
  });
  try {
    const a = facts.assignments.filter((x) => x.kind === 'envrc');
    assert.deepEqual(
      a.map((x) => [x.name, x.value, x.exported, x.location?.path, x.location?.line]),
      [
        ['OPENAI_API_KEY', KEY, true, '.envrc', 1],
        ['LOCAL_ONLY', '1', false, '.envrc', 2],
      ],
    );
    // `dotenv .env.local` names a file that is not there: direnv stops with an error.
    assert.ok(
      facts.notes.some(
        (n) => n.path === '.envrc' && n.line === 3 && /\.env\.local, which does not exist/.test(n.message),
      ),
    );
    assert.deepEqual(
      facts.envFiles.map((f) => [f.relPath, f.exists]),
      [['.env.local', false]],
    );
  } finally {
    cleanup();
  }
});

test("direnv `dotenv FILE` puts the file's variables into the environment (kind envrc, at the file's line)", async () => {
  const { facts, cleanup } = await collect({
    '.envrc': 'dotenv\ndotenv_if_exists .env.missing\ndotenv config/dev.env\ndotenv "$HOME/secrets.env"\n',
    '.env': `# keys\nOPENAI_API_KEY=${KEY}\n`,
    'config/dev.env': 'OPENAI_BASE_URL="http://localhost:4000/v1"\n',
  });
  try {
    const a = facts.assignments.filter((x) => x.kind === 'envrc');
    assert.deepEqual(
      a.map((x) => [x.name, x.location?.path, x.location?.line]),
      [
        ['OPENAI_API_KEY', '.env', 2],
        ['OPENAI_BASE_URL', 'config/dev.env', 1],
      ],
    );
    assert.equal(a[1]?.value, 'http://localhost:4000/v1');
    assert.match(a[0]?.detail ?? '', /loaded by direnv \(`dotenv` at \.envrc:1\)/);
    // dotenv_if_exists on a missing file: nothing, not even a note; a path made of variables: a note.
    assert.ok(!facts.notes.some((n) => n.message.includes('.env.missing, which')));
    assert.ok(facts.notes.some((n) => n.line === 4 && /not followed/.test(n.message)));
  } finally {
    cleanup();
  }
});

test('bad input becomes notes (and issues), never a crash', async (t) => {
  const big = `A=${'x'.repeat(MAX_ENV_BYTES)}\n`;
  const { facts, root, cleanup } = await collect({
    '.env': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`OPENAI_API_KEY=${KEY}\r\n`, 'utf16le')]),
    'big.env': big,
    'bin.env': Buffer.from([0x41, 0x3d, 0, 0, 1, 2, 0, 0, 0, 9, 0, 0]),
    '.env.bom': `\ufeffOPENAI_API_KEY=${KEY}\n`,
  });
  try {
    const kinds = (rel: string) => facts.notes.filter((n) => n.path === rel).map((n) => n.kind);
    assert.deepEqual(kinds('.env'), ['encoding']);
    assert.deepEqual(
      facts.envFiles.find((f) => f.relPath === '.env')?.issues.map((i) => i.code),
      ['utf16'],
    );
    assert.equal(facts.envFiles.find((f) => f.relPath === '.env')?.encoding, 'utf16le');
    assert.deepEqual(kinds('big.env'), ['too-large']);
    assert.deepEqual(kinds('bin.env'), ['binary']);
    assert.ok(facts.envFiles.find((f) => f.relPath === '.env.bom')?.issues.some((i) => i.code === 'bom'));
    // the UTF-16 file gives no assignments
    assert.ok(!facts.assignments.some((a) => a.location?.path === '.env'));
    // a symlink loop and an unreadable file
    symlinkSync(join(root, 'loop.env'), join(root, 'loop.env'));
    const notes: Facts['notes'] = [];
    const looped = readEnvFile(root, 'loop.env', notes);
    assert.equal(looped.exists, false);
    assert.equal(notes[0]?.kind, 'unreadable');
    if (process.getuid?.() === 0) {
      t.diagnostic('running as root: EACCES cannot be tested');
    } else {
      chmodSync(join(root, '.env.bom'), 0);
      const n2: Facts['notes'] = [];
      readEnvFile(root, '.env.bom', n2);
      assert.match(n2[0]?.message ?? '', /EACCES/);
    }
  } finally {
    cleanup();
  }
});

test('readEnvFile / ensureEnvFile for a loader-named file; pythonVersionOf', async () => {
  const p = tempProject({ 'config/.env': `OPENAI_API_KEY=${KEY}\n` });
  try {
    const notes: Facts['notes'] = [];
    const f = readEnvFile(p.root, 'config/.env', notes);
    assert.equal(f.relPath, 'config/.env');
    assert.equal(f.byDialect.python?.[0]?.value, KEY);
    assert.equal(readEnvFile(p.root, 'nope/.env', notes).exists, false);
    assert.deepEqual(notes, []);
    const facts = emptyFacts({ root: p.root });
    const e1 = ensureEnvFile(facts, 'config/.env');
    const e2 = ensureEnvFile(facts, join(p.root, 'config/.env'));
    assert.equal(e1, e2);
    assert.equal(facts.envFiles.length, 1);
    assert.equal(facts.assignments.length, 1);
    const pinned = emptyFacts({
      project: {
        ...emptyFacts().project,
        python: [{ rel: 'requirements.txt', requirements: { 'python-dotenv': '==0.21.0' } }],
      },
    });
    assert.equal(pythonVersionOf(pinned), '0.21.0');
    assert.equal(pythonVersionOf(emptyFacts()), '1.2.4');
  } finally {
    p.cleanup();
  }
});

test("a template's commented-out names are the optional variables it documents; a loaded file has none", () => {
  const { root } = tempProject({
    '.env.example':
      '# Speech to text\n# STT_GROQ_API_KEY=xxxxx\n#export STT_MODEL=whisper\nOPENAI_API_KEY=\n# just a comment = not a name\n',
    '.env': '# OLD_KEY=x\nOPENAI_API_KEY=\n',
  });
  const notes: never[] = [];
  const example = readEnvFile(root, '.env.example', notes, { role: 'example' });
  assert.deepEqual(example.documented, ['STT_GROQ_API_KEY', 'STT_MODEL']);
  assert.equal(readEnvFile(root, '.env', notes, { role: 'loaded' }).documented, undefined);
});
