import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testCheck, targetWith, emptyFacts } from '../../helpers/check-tester.js';
import { openaiKey, foreignKey } from '../../helpers/keys.js';
import { resolveTargets } from '../../../src/resolve/index.js';
import { envFile, facts, rc } from '../../resolve/build.js';
import { check as missing } from '../../../src/checks/value/key-missing.js';
import { check as empty } from '../../../src/checks/value/key-empty.js';
import { check as placeholder } from '../../../src/checks/value/key-placeholder.js';
import { check as whitespace } from '../../../src/checks/value/key-whitespace.js';
import { check as quoted } from '../../../src/checks/value/key-quoted.js';
import { check as bearer } from '../../../src/checks/value/key-bearer-prefix.js';
import { check as invisible } from '../../../src/checks/value/key-invisible-char.js';
import { check as malformed } from '../../../src/checks/value/key-malformed.js';
import { check as foreign } from '../../../src/checks/value/key-foreign-provider.js';
import { check as admin } from '../../../src/checks/value/key-admin-as-api-key.js';
import type { Target } from '../../../src/core/types.js';

const good = openaiKey('proj', 'good');
const ok = [
  { name: 'a well-formed project key', targets: [targetWith(good)] },
  { name: 'a legacy key', targets: [targetWith(openaiKey('legacy'))] },
];
const resolved = (spec: Parameters<typeof facts>[0]) => {
  const f = facts(spec);
  return { facts: f, targets: resolveTargets(f) };
};

describe('key-missing', () => {
  testCheck(
    missing,
    {
      bad: [
        { name: 'python app, key nowhere', ...resolved({ pyFiles: ['app.py'] }) },
        {
          name: 'empty folder, empty shell',
          ...resolved({}),
          expect: (fs) => assert.match(fs[0]?.message ?? '', /not set in this shell/),
        },
        {
          name: 'two targets with the same gap are reported once',
          ...resolved({ pyFiles: ['app.py', 'bot.py'] }),
          count: 1,
        },
        {
          name: 'not in this shell, but ~/.zshrc sets it (a terminal opened before the edit)',
          ...resolved({ pyFiles: ['app.py'], startup: [rc('~/.zshrc', 7, 'OPENAI_API_KEY', good)] }),
          expect: (fs) => {
            assert.equal(fs[0]?.severity, 'warning');
            assert.equal(fs[0]?.fix?.command, 'source ~/.zshrc');
          },
        },
      ],
      good: [
        {
          name: 'a Vite build whose package reads no VITE_OPENAI_API_KEY (another package does)',
          facts: {
            ...emptyFacts(),
            code: {
              files: [],
              entryPoints: [],
              envReads: [
                {
                  name: 'VITE_OPENAI_API_KEY',
                  file: 'integration-tests/vite-react/src/App.tsx',
                  line: 17,
                  language: 'ts',
                  via: 'import.meta.env',
                },
              ],
              dotenvLoads: [],
              clients: [],
              sdk: {},
              envWrites: [],
            } as unknown as NonNullable<ReturnType<typeof emptyFacts>['code']>,
          },
          targets: [
            {
              id: 'vite:examples/realtime-demo:development',
              kind: 'vite',
              label: 'examples/realtime-demo: Vite development build',
              location: { path: 'examples/realtime-demo/package.json' },
              loading: '',
              vars: {},
              keyVar: 'VITE_OPENAI_API_KEY',
            } as Target,
          ],
        },
        { name: 'key in the shell', ...resolved({ env: { OPENAI_API_KEY: good }, pyFiles: ['app.py'] }) },
        // the cause is that nothing loads .env: dotenv-not-loaded reports it, once
        {
          name: '.env holds the key but nothing loads it (dotenv-not-loaded)',
          ...resolved({ pyFiles: ['app.py'], files: [envFile('.env', [['OPENAI_API_KEY', good]])] }),
        },
        {
          name: 'key in .env loaded by python-dotenv',
          ...resolved({
            pyFiles: ['app.py'],
            python: { 'python-dotenv': '' },
            files: [envFile('.env', [['OPENAI_API_KEY', good]])],
          }),
        },
        {
          name: 'the shell target alone is context when an app exists',
          ...resolved({ files: [envFile('.env', [['OPENAI_API_KEY', good]])] }),
        },
        {
          name: 'a literal key in the client',
          ...resolved({
            pyFiles: ['app.py'],
            code: {
              clients: [
                {
                  file: 'app.py',
                  line: 3,
                  sdk: 'openai-python',
                  options: { apiKey: { kind: 'literal', value: good } },
                },
              ],
            },
          }),
        },
      ],
    },
    it,
  );
});

describe('key-empty', () => {
  testCheck(
    empty,
    {
      bad: [
        { name: 'empty in .env', targets: [targetWith('')] },
        { name: 'whitespace only', targets: [targetWith('  ')] },
        {
          name: 'an empty export blocks .env',
          ...resolved({
            env: { OPENAI_API_KEY: '' },
            startup: [rc('~/.bashrc', 5, 'OPENAI_API_KEY', '')],
            pyFiles: ['app.py'],
            python: { 'python-dotenv': '' },
            files: [envFile('.env', [['OPENAI_API_KEY', good]])],
          }),
          count: 1,
          expect: (fs) => {
            const f = fs.find((x) => x.id === 'key-empty');
            assert.match(f?.message ?? '', /blocks the value in \.env:1/);
            assert.equal(f?.fix?.command, 'unset OPENAI_API_KEY');
            assert.deepEqual(f?.location, { path: '~/.bashrc', line: 5 });
          },
        },
      ],
      good: [...ok, { name: 'missing is not empty', targets: [targetWith(undefined)] }],
    },
    it,
  );
});

/** A compose-like target (no clients known) with the key and OPENAI_BASE_URL set. */
function localBase(value: string, url: string): Target {
  const t = targetWith(value, { kind: 'compose-service', id: 'compose:app', label: 'docker compose service app' });
  const a = {
    name: 'OPENAI_BASE_URL',
    value: url,
    kind: 'compose' as const,
    location: { path: 'compose.yaml', line: 6 },
  };
  t.vars.OPENAI_BASE_URL = {
    name: 'OPENAI_BASE_URL',
    chain: [{ assignment: a, status: 'won' }],
    winner: a,
    value: url,
  };
  return t;
}

describe('key-placeholder', () => {
  testCheck(
    placeholder,
    {
      bad: [
        'sk-your-openai-api-key-here',
        'YOUR_OPENAI_API_KEY',
        '<api-key>',
        'sk-...',
        'changeme',
        'sk-1234',
        '${OPENAI_API_KEY}',
        '"sk-xxxxxxxxxxxxxxxx"',
      ].map((v) => ({ name: v, targets: [targetWith(v)] })),
      good: [
        ...ok,
        { name: 'a foreign key is not a placeholder', targets: [targetWith(foreignKey('anthropic'))] },
        {
          name: 'a deployment unit whose base URL is a model server next door (vLLM takes EMPTY)',
          targets: [localBase('EMPTY', 'http://vllm:8000/v1')],
        },
      ],
    },
    it,
  );
  it('a base URL on a hosted API keeps the finding', () => {
    const out = placeholder.run({ facts: emptyFacts(), targets: [localBase('EMPTY', 'https://api.example.com/v1')] });
    assert.equal(out.length, 1);
  });
  it('points at the winning line and shows the placeholder', () => {
    const out = placeholder.run({
      facts: emptyFacts(),
      targets: [targetWith('sk-your-key-here', {}, { location: { path: '.env', line: 4 } })],
    });
    assert.deepEqual(out[0]?.location, { path: '.env', line: 4 });
    assert.match(out[0]?.fix?.summary ?? '', /Edit line 4 of \.env/);
  });
});

describe('key-whitespace', () => {
  testCheck(
    whitespace,
    {
      bad: [
        {
          name: 'trailing CR (CRLF file)',
          targets: [targetWith(good + '\r')],
          expect: (fs) => assert.match(fs[0]?.fix?.command ?? '', /sed -i/),
        },
        { name: 'trailing newline', targets: [targetWith(good + '\n')] },
        { name: 'leading space', targets: [targetWith(' ' + good)] },
        {
          name: 'node target: only a warning',
          targets: [targetWith(good + ' ', { kind: 'node', id: 'node:start' })],
          expect: (fs) => assert.equal(fs[0]?.severity, 'warning'),
        },
      ],
      good: [...ok, { name: "empty is key-empty's", targets: [targetWith('  ')] }],
    },
    it,
  );
});

describe('key-quoted', () => {
  testCheck(
    quoted,
    {
      bad: [
        { name: 'double quotes kept', targets: [targetWith(`"${good}"`)] },
        { name: 'single quote inside', targets: [targetWith(`${good}'`)] },
        { name: 'nested quotes', targets: [targetWith(`'${good}'`)] },
      ],
      good: ok,
    },
    it,
  );
});

describe('key-bearer-prefix', () => {
  testCheck(
    bearer,
    {
      bad: [
        { name: 'Bearer sk-', targets: [targetWith(`Bearer ${good}`)] },
        { name: 'lower-case', targets: [targetWith(`bearer ${good}`)] },
      ],
      good: ok,
    },
    it,
  );
});

describe('key-invisible-char', () => {
  const mid = good.length >> 1;
  testCheck(
    invisible,
    {
      bad: [
        {
          name: 'zero-width space',
          targets: [targetWith(good.slice(0, mid) + '\u200b' + good.slice(mid))],
          expect: (fs) => assert.match(fs[0]?.message ?? '', /U\+200B ZERO WIDTH SPACE at position 83/),
        },
        { name: 'smart quotes', targets: [targetWith(`\u201c${good}\u201d`)] },
        { name: 'no-break space inside', targets: [targetWith(good.slice(0, 10) + '\u00a0' + good.slice(10))] },
        { name: 'BOM at the start', targets: [targetWith('\ufeff' + good)] },
        { name: 'a space in the middle', targets: [targetWith(good.slice(0, 10) + ' ' + good.slice(10))] },
      ],
      good: [
        ...ok,
        { name: "trailing newline is key-whitespace's", targets: [targetWith(good + '\n')] },
        {
          name: 'a computed start-up line is not judged by its text',
          ...resolved({
            startup: [
              { ...rc('~/.zshrc', 2, 'OPENAI_API_KEY', '$(op read op://dev/openai/key)'), dynamic: true },
              rc('~/.zshrc', 3, 'OPENAI_BASE_URL', 'https://api.openai.com/v1'),
            ],
          }),
          expect: (fs) => assert.deepEqual(fs, []),
        },
      ],
    },
    it,
  );
});

describe('key-malformed', () => {
  testCheck(
    malformed,
    {
      bad: [
        { name: 'cut off', targets: [targetWith(good.slice(0, 120))] },
        {
          name: 'one character short',
          targets: [targetWith(good.slice(0, -1))],
          expect: (fs) => assert.match(fs[0]?.message ?? '', /wrong length/),
        },
        { name: 'marker missing', targets: [targetWith('sk-proj-' + 'a'.repeat(40))] },
        { name: 'quoted and cut', targets: [targetWith(`"${good.slice(0, 100)}"`)] },
      ],
      good: [
        ...ok,
        { name: 'a 56-character project key', targets: [targetWith(openaiKey('proj56'))] },
        { name: 'anthropic is foreign, not malformed', targets: [targetWith(foreignKey('anthropic'))] },
      ],
    },
    it,
  );
});

describe('key-foreign-provider', () => {
  const azureTarget = (v: string): Target => targetWith(v, { azure: true, keyVar: 'OPENAI_API_KEY' });
  testCheck(
    foreign,
    {
      bad: [
        ...(['anthropic', 'openrouter', 'groq', 'google', 'xai', 'deepseek'] as const).map((k) => ({
          name: `${k} key to OpenAI`,
          targets: [targetWith(foreignKey(k))],
        })),
        {
          name: 'Azure key sent to OpenAI',
          targets: [targetWith(foreignKey('azure'))],
          expect: (fs: Parameters<NonNullable<Parameters<typeof testCheck>[1]['bad'][0]['expect']>>[0]) =>
            assert.match(fs[0]?.message ?? '', /Azure OpenAI key.*sends it to OpenAI.*accepts only its own keys/),
        },
        { name: 'OpenAI key where Azure expects its own', targets: [azureTarget(good)] },
        {
          name: 'OpenAI key sent to OpenRouter: the client sets the base URL but passes no key',
          ...resolved({
            env: { OPENAI_API_KEY: good },
            pyFiles: ['app.py'],
            code: {
              entryPoints: [{ file: 'app.py', kind: 'python', label: 'python app.py', cwd: '' }],
              files: [{ file: 'app.py', language: 'python' }],
              clients: [
                {
                  file: 'app.py',
                  line: 3,
                  sdk: 'openai-python',
                  callee: 'OpenAI',
                  language: 'python',
                  keyVar: 'OPENAI_API_KEY',
                  keyVarImplicit: true,
                  options: { baseURL: { kind: 'literal', value: 'https://openrouter.ai/api/v1' } },
                },
              ],
            },
          }),
          expect: (fs) =>
            assert.match(
              fs[0]?.message ?? '',
              /OpenAI project key, but OpenAI\(\) at app\.py:3 sends it to OpenRouter \(openrouter\.ai\)/,
            ),
        },
        {
          name: 'OPENAI_API_KEY or AZURE_OPENAI_API_KEY: the OpenAI key wins the fallback and goes to Azure',
          ...resolved({
            env: { OPENAI_API_KEY: good, AZURE_OPENAI_API_KEY: foreignKey('azure') },
            pyFiles: ['gen.py'],
            code: {
              entryPoints: [{ file: 'gen.py', kind: 'python', label: 'python gen.py', cwd: '' }],
              files: [{ file: 'gen.py', language: 'python' }],
              clients: [
                {
                  file: 'gen.py',
                  line: 6,
                  sdk: 'azure-openai-python',
                  callee: 'AzureOpenAI',
                  language: 'python',
                  azure: true,
                  keyVar: 'OPENAI_API_KEY',
                  keyVarFallbacks: ['AZURE_OPENAI_API_KEY'],
                  options: {
                    apiKey: { kind: 'env', name: 'OPENAI_API_KEY', fallbacks: ['AZURE_OPENAI_API_KEY'] },
                    azureEndpoint: { kind: 'literal', value: 'https://contoso.openai.azure.com/' },
                  },
                },
              ],
            },
          }),
          expect: (fs) =>
            assert.match(fs[0]?.message ?? '', /OPENAI_API_KEY, then AZURE_OPENAI_API_KEY: the first one set wins/),
        },
      ],
      good: [
        ...ok,
        { name: 'Azure key on an Azure target', targets: [azureTarget(foreignKey('azure84'))] },
        {
          name: 'an OpenRouter client in a branch that does not run here',
          ...resolved({
            env: { OPENAI_API_KEY: good, LLM_PROVIDER: 'openai' },
            pyFiles: ['app.py'],
            code: {
              entryPoints: [{ file: 'app.py', kind: 'python', label: 'python app.py', cwd: '' }],
              files: [{ file: 'app.py', language: 'python' }],
              clients: [
                {
                  file: 'app.py',
                  line: 5,
                  sdk: 'openai-python',
                  callee: 'OpenAI',
                  language: 'python',
                  keyVar: 'OPENAI_API_KEY',
                  keyVarImplicit: true,
                  when: [{ kind: 'env', name: 'LLM_PROVIDER', op: 'eq', values: ['openrouter'] }],
                  options: { baseURL: { kind: 'literal', value: 'https://openrouter.ai/api/v1' } },
                },
              ],
            },
          }),
        },
        {
          name: 'a local model server takes any key',
          ...resolved({
            env: { OPENAI_API_KEY: good },
            pyFiles: ['app.py'],
            code: {
              entryPoints: [{ file: 'app.py', kind: 'python', label: 'python app.py', cwd: '' }],
              files: [{ file: 'app.py', language: 'python' }],
              clients: [
                {
                  file: 'app.py',
                  line: 5,
                  sdk: 'openai-python',
                  callee: 'OpenAI',
                  language: 'python',
                  keyVar: 'OPENAI_API_KEY',
                  keyVarImplicit: true,
                  options: { baseURL: { kind: 'literal', value: 'http://localhost:11434/v1' } },
                },
              ],
            },
          }),
        },
        {
          name: 'OpenRouter key with an OpenRouter base URL',
          targets: [
            (() => {
              const t = targetWith(foreignKey('openrouter'));
              t.vars.OPENAI_BASE_URL = {
                name: 'OPENAI_BASE_URL',
                chain: [],
                value: 'https://openrouter.ai/api/v1',
                winner: { name: 'OPENAI_BASE_URL', value: 'https://openrouter.ai/api/v1', kind: 'dotenv' },
              };
              return t;
            })(),
          ],
        },
      ],
    },
    it,
  );
});

describe('key-admin-as-api-key', () => {
  testCheck(
    admin,
    {
      bad: [{ name: 'admin key in OPENAI_API_KEY', targets: [targetWith(openaiKey('admin'))] }],
      good: [
        ...ok,
        {
          name: 'admin key in OPENAI_ADMIN_KEY',
          targets: [
            targetWith(openaiKey('admin'), {
              keyVar: 'OPENAI_ADMIN_KEY',
              vars: {
                OPENAI_ADMIN_KEY: {
                  name: 'OPENAI_ADMIN_KEY',
                  chain: [],
                  value: openaiKey('admin'),
                  winner: { name: 'OPENAI_ADMIN_KEY', value: openaiKey('admin'), kind: 'dotenv' },
                },
              },
            }),
          ],
        },
      ],
    },
    it,
  );
});

describe('grouping', () => {
  it('one placeholder shared by two targets is one finding naming both', () => {
    const r = resolved({
      pkg: { scripts: { start: 'node --env-file=.env a.js', worker: 'node --env-file=.env b.js' } },
      files: [envFile('.env', [['OPENAI_API_KEY', 'sk-your-key-here']])],
    });
    const out = placeholder.run(r);
    assert.equal(out.length, 1);
    assert.deepEqual((out[0]?.data as { targets: string[] }).targets.sort(), ['node:start', 'node:worker']);
  });
});
