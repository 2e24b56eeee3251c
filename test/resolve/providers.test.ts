import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveTargets } from '../../src/resolve/index.js';
import { parseCommand } from '../../src/collect/launch/parse.js';
import type { Target } from '../../src/core/types.js';
import { envFile, facts, rc } from './build.js';

const byId = (ts: Target[], id: string): Target => {
  const t = ts.find((x) => x.id === id);
  assert.ok(t, `no target ${id} in ${ts.map((x) => x.id).join(', ')}`);
  return t;
};
const key = (t: Target) => t.vars[t.keyVar];

describe('shell targets', () => {
  it("traces this shell's value to the start-up line that set it", () => {
    const ts = resolveTargets(
      facts({ env: { OPENAI_API_KEY: 'old' }, startup: [rc('~/.bashrc', 3, 'OPENAI_API_KEY', 'old')] }),
    );
    const w = key(byId(ts, 'shell'))?.winner;
    assert.equal(w?.kind, 'process-env');
    assert.deepEqual(w?.location, { path: '~/.bashrc', line: 3 });
    assert.ok(!ts.some((t) => t.id === 'shell:new-terminal'));
  });
  it('models a new terminal when the start-up files say something else', () => {
    const ts = resolveTargets(
      facts({ env: { OPENAI_API_KEY: 'typed-by-hand' }, startup: [rc('~/.zshrc', 2, 'OPENAI_API_KEY', 'from-rc')] }),
    );
    const shell = key(byId(ts, 'shell'));
    assert.equal(shell?.value, 'typed-by-hand');
    assert.equal(shell?.chain[1]?.assignment.location?.path, '~/.zshrc');
    assert.equal(key(byId(ts, 'shell:new-terminal'))?.value, 'from-rc');
  });
  it('a fish universal variable and a later config.fish line: config.fish wins in a new terminal', () => {
    const ts = resolveTargets(
      facts({
        startup: [
          rc('~/.config/fish/config.fish', 4, 'OPENAI_API_KEY', 'b', true, 'fish'),
          rc('~/.config/fish/fish_variables', 7, 'OPENAI_API_KEY', 'a', true, 'fish'),
        ],
      }),
    );
    assert.equal(key(byId(ts, 'shell:new-terminal'))?.value, 'b');
  });
  it('an rc line without export does not reach programs', () => {
    const ts = resolveTargets(facts({ startup: [rc('~/.bashrc', 1, 'OPENAI_API_KEY', 'x', false)] }));
    assert.equal(
      ts.find((t) => t.id === 'shell:new-terminal'),
      undefined,
    );
  });
});

describe('python targets', () => {
  it('load_dotenv() inferred from python-dotenv: the shell wins', () => {
    const ts = resolveTargets(
      facts({
        env: { OPENAI_API_KEY: 'old' },
        files: [envFile('.env', [['OPENAI_API_KEY', 'new']])],
        python: { 'python-dotenv': '' },
        pyFiles: ['app.py'],
      }),
    );
    const t = byId(ts, 'python:app.py');
    assert.equal(key(t)?.value, 'old');
    assert.equal(key(t)?.chain[1]?.reason, 'already set by the shell environment; load_dotenv() does not override');
    assert.deepEqual(t.loads, ['.env']);
    assert.equal(t.dialect, 'python');
  });
  it('find_dotenv walks up from the calling file', () => {
    const ts = resolveTargets(
      facts({
        files: [envFile('.env', [['OPENAI_API_KEY', 'root']])],
        python: { 'python-dotenv': '' },
        pyFiles: ['src/bot/app.py'],
        code: {
          dotenvLoads: [{ file: 'src/bot/app.py', line: 3, loader: 'python-dotenv', override: false }],
          entryPoints: [{ file: 'src/bot/app.py', kind: 'python', label: 'python src/bot/app.py', cwd: '' }],
        },
      }),
    );
    assert.equal(key(byId(ts, 'python:src/bot/app.py'))?.winner?.location?.path, '.env');
  });
  it('override=True from the code facts makes the file win', () => {
    const ts = resolveTargets(
      facts({
        env: { OPENAI_API_KEY: 'old' },
        files: [envFile('.env', [['OPENAI_API_KEY', 'new']])],
        pyFiles: ['main.py'],
        code: { dotenvLoads: [{ file: 'main.py', line: 2, loader: 'python-dotenv', override: true }] },
      }),
    );
    assert.equal(key(byId(ts, 'python:main.py'))?.value, 'new');
  });
  it('without any loader the .env file is listed as not loaded', () => {
    const ts = resolveTargets(facts({ files: [envFile('.env', [['OPENAI_API_KEY', 'k']])], pyFiles: ['app.py'] }));
    const r = key(byId(ts, 'python:app.py'));
    assert.equal(r?.winner, undefined);
    assert.equal(r?.chain[0]?.status, 'not-loaded');
  });
  it("a neighbour package's .env is not listed as a file this target fails to load", () => {
    const f = facts({
      files: [
        envFile('.env', [['OPENAI_API_KEY', 'a']]),
        envFile('web/.env', [['OPENAI_API_KEY', 'b']]),
        envFile('config/.env.prod', [['OPENAI_API_KEY', 'c']]),
      ],
      python: { 'python-dotenv': '' },
      pyFiles: ['app.py'],
      pkg: { rel: 'web/package.json', scripts: { start: 'node --env-file=.env server.js' } },
    });
    const ts = resolveTargets(f);
    const py = key(byId(ts, 'python:app.py'));
    assert.deepEqual(
      py?.chain.map((c) => c.assignment.location?.path),
      ['.env', 'config/.env.prod'],
    );
    assert.equal(key(byId(ts, 'node:web:start'))?.value, 'b');
  });
  it('an AzureOpenAI client makes an Azure target reading AZURE_OPENAI_API_KEY', () => {
    const ts = resolveTargets(
      facts({
        pyFiles: ['app.py'],
        code: { clients: [{ file: 'app.py', line: 4, sdk: 'azure-openai-python', options: {} }] },
      }),
    );
    const t = byId(ts, 'python:app.py');
    assert.equal(t.azure, true);
    assert.equal(t.keyVar, 'AZURE_OPENAI_API_KEY');
  });
  it('the key variable the code reads becomes keyVar', () => {
    const ts = resolveTargets(
      facts({
        pyFiles: ['app.py'],
        files: [envFile('.env', [['MY_OPENAI', 'x']])],
        python: { 'python-dotenv': '' },
        code: {
          clients: [
            { file: 'app.py', line: 4, sdk: 'openai-python', options: { apiKey: { kind: 'env', name: 'MY_OPENAI' } } },
          ],
        },
      }),
    );
    const t = byId(ts, 'python:app.py');
    assert.equal(t.keyVar, 'MY_OPENAI');
    assert.ok(t.vars.OPENAI_ORG_ID && t.vars.OPENAI_BASE_URL && t.vars.AZURE_OPENAI_ENDPOINT);
  });
});

describe('node targets', () => {
  it('node --env-file: later file wins; one target per distinct start', () => {
    const ts = resolveTargets(
      facts({
        files: [envFile('.env', [['OPENAI_API_KEY', 'a']]), envFile('.env.local', [['OPENAI_API_KEY', 'b']])],
        pkg: {
          scripts: {
            start: 'node --env-file=.env --env-file=.env.local server.js',
            dev: 'node --env-file=.env --env-file=.env.local server.js',
            lint: 'eslint .',
          },
        },
      }),
    );
    const nodes = ts.filter((t) => t.kind === 'node');
    assert.equal(nodes.length, 1);
    assert.match(nodes[0]?.label ?? '', /also npm run dev/);
    assert.equal(key(nodes[0] as Target)?.value, 'b');
    assert.equal(nodes[0]?.dialect, 'node');
  });
  it('-r dotenv/config with dotenv_config_path', () => {
    const ts = resolveTargets(
      facts({
        files: [envFile('.env', [['OPENAI_API_KEY', 'a']]), envFile('config/.env', [['OPENAI_API_KEY', 'b']])],
        pkg: { scripts: { start: 'node -r dotenv/config index.js dotenv_config_path=config/.env' } },
      }),
    );
    assert.equal(key(byId(ts, 'node:start'))?.value, 'b');
  });
  it('dotenv-cli -e: first file wins, the shell wins over all', () => {
    const f = (env: Record<string, string>) =>
      facts({
        env,
        files: [envFile('.env.local', [['OPENAI_API_KEY', 'a']]), envFile('.env', [['OPENAI_API_KEY', 'b']])],
        pkg: { scripts: { start: 'dotenv -e .env.local -e .env -- node app.js' } },
      });
    assert.equal(key(byId(resolveTargets(f({})), 'node:start'))?.value, 'a');
    assert.equal(key(byId(resolveTargets(f({ OPENAI_API_KEY: 's' })), 'node:start'))?.value, 's');
  });
  it('dotenvx run --overload beats the shell', () => {
    const ts = resolveTargets(
      facts({
        env: { OPENAI_API_KEY: 's' },
        files: [envFile('.env', [['OPENAI_API_KEY', 'f']])],
        pkg: { scripts: { start: 'dotenvx run --overload -- node app.js' } },
      }),
    );
    assert.equal(key(byId(ts, 'node:start'))?.value, 'f');
  });
  it('dotenv.config() inferred from the dependency when no code facts exist', () => {
    const ts = resolveTargets(
      facts({
        env: { OPENAI_API_KEY: 's' },
        files: [envFile('.env', [['OPENAI_API_KEY', 'f']])],
        pkg: { scripts: { start: 'node index.js' }, dependencies: { dotenv: '^17' } },
      }),
    );
    const r = key(byId(ts, 'node:start'));
    assert.equal(r?.value, 's');
    assert.equal(r?.chain[1]?.status, 'lost');
  });
  it('dotenv.config({ override: true }) from the code facts', () => {
    const ts = resolveTargets(
      facts({
        env: { OPENAI_API_KEY: 's' },
        files: [envFile('.env', [['OPENAI_API_KEY', 'f']])],
        pkg: { scripts: { start: 'node index.js' } },
        code: { dotenvLoads: [{ file: 'index.js', line: 1, loader: 'dotenv', override: true }] },
      }),
    );
    assert.equal(key(byId(ts, 'node:start'))?.value, 'f');
  });
});

describe('framework targets', () => {
  const nextFiles = [
    envFile('.env', [['OPENAI_API_KEY', 'base']]),
    envFile('.env.local', [['OPENAI_API_KEY', 'local']]),
    envFile('.env.production', [['OPENAI_API_KEY', 'prod']]),
  ];
  it('Next.js dev: .env.local beats .env; production: .env.local beats .env.production', () => {
    const ts = resolveTargets(
      facts({
        files: nextFiles,
        pkg: { scripts: { dev: 'next dev', build: 'next build', start: 'next start' }, dependencies: { next: '15' } },
      }),
    );
    assert.equal(key(byId(ts, 'next:development'))?.value, 'local');
    assert.equal(key(byId(ts, 'next:production'))?.value, 'local');
    assert.equal(ts.filter((t) => t.kind === 'next').length, 2);
  });
  it('Next.js under NODE_ENV=test skips .env.local', () => {
    const ts = resolveTargets(
      facts({
        env: { NODE_ENV: 'test' },
        files: nextFiles,
        pkg: { scripts: { dev: 'next dev' }, dependencies: { next: '15' } },
      }),
    );
    const r = key(byId(ts, 'next:test'));
    assert.equal(r?.value, 'base');
    assert.ok(r?.chain.some((c) => c.status === 'not-loaded' && /NODE_ENV=test/.test(c.reason ?? '')));
  });
  it('Vite: mode file beats .env.local, only VITE_ names', () => {
    const ts = resolveTargets(
      facts({
        files: [
          envFile('.env.local', [
            ['VITE_OPENAI_API_KEY', 'local'],
            ['OPENAI_API_KEY', 'x'],
          ]),
          envFile('.env.development', [['VITE_OPENAI_API_KEY', 'dev']]),
        ],
        pkg: { scripts: { dev: 'vite', build: 'vite build --mode staging' }, dependencies: { vite: '6' } },
      }),
    );
    const t = byId(ts, 'vite:development');
    assert.equal(t.keyVar, 'VITE_OPENAI_API_KEY');
    assert.equal(key(t)?.value, 'dev');
    assert.equal(t.vars.OPENAI_API_KEY?.winner, undefined);
    assert.ok(byId(ts, 'vite:staging'));
  });
  it('CRA: .env.development.local first', () => {
    const ts = resolveTargets(
      facts({
        files: [
          envFile('.env', [['REACT_APP_OPENAI_KEY', 'a']]),
          envFile('.env.development.local', [['REACT_APP_OPENAI_KEY', 'b']]),
        ],
        pkg: { scripts: { start: 'react-scripts start' }, dependencies: { 'react-scripts': '5' } },
      }),
    );
    assert.equal(key(byId(ts, 'cra:development'))?.value, 'b');
  });
  it('a plain folder with only .env gets a generic target', () => {
    const ts = resolveTargets(
      facts({
        files: [envFile('.env', [['OPENAI_API_KEY', 'k']]), envFile('.env.example', [['OPENAI_API_KEY', 'sk-...']])],
      }),
    );
    const t = byId(ts, 'app');
    assert.equal(key(t)?.value, 'k');
    assert.deepEqual(t.loads, ['.env']);
  });
});

describe('start commands', () => {
  it('reads cross-env, npx, nodemon --exec and flags', () => {
    assert.deepEqual(parseCommand('cross-env NODE_ENV=production node --env-file .env dist/server.js')?.envFiles, [
      { path: '.env', ifExists: false, by: 'node' },
    ]);
    assert.equal(parseCommand('npm run build && node --require dotenv/config server.js')?.file, 'server.js');
    assert.equal(
      parseCommand('nodemon --exec "tsx --env-file-if-exists=.env src/index.ts"')?.envFiles[0]?.ifExists,
      true,
    );
    assert.equal(parseCommand('vite build --mode=staging')?.mode, 'staging');
    assert.equal(parseCommand('eslint .'), undefined);
    assert.equal(parseCommand('tsx watch --env-file=.env src/index.ts')?.file, 'src/index.ts');
    assert.equal(parseCommand('esno watch ./src/index.ts')?.file, './src/index.ts');
    assert.equal(parseCommand('bun --hot run server.ts')?.runtime, 'bun');
  });
});
