import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeOther } from '../../src/code/other-langs.js';
import { parseScript, resolveScriptFile } from '../../src/code/entry-points.js';
import { majorOf, majorOfSpec } from '../../src/code/versions.js';
import { retiredModel } from '../../src/code/retired-models.js';
import { similarNames, relevantName } from '../../src/checks/code/_lib/check-helpers.js';

describe('other languages: env reads', () => {
  const cases: Array<[Parameters<typeof analyzeOther>[2], string, string[]]> = [
    [
      'go',
      'package main\nimport "os"\n// os.Getenv("COMMENTED")\nk := os.Getenv("OPENAI_API_KEY")\nv, ok := os.LookupEnv("OPENAI_ORG_ID")\n',
      ['OPENAI_API_KEY', 'OPENAI_ORG_ID'],
    ],
    [
      'ruby',
      "key = ENV['OPENAI_KEY']\norg = ENV.fetch(\"OPENAI_ORG\", nil)\n# ENV['NO']\nENV['W'] = '1'\n",
      ['OPENAI_KEY', 'OPENAI_ORG'],
    ],
    ['java', 'String k = System.getenv("OPENAI_API_KEY");\n', ['OPENAI_API_KEY']],
    ['kotlin', 'val k = System.getenv("OPENAI_API_KEY")\n', ['OPENAI_API_KEY']],
    ['csharp', 'var k = Environment.GetEnvironmentVariable("OPENAI_API_KEY");\n', ['OPENAI_API_KEY']],
    [
      'php',
      "$k = getenv('OPENAI_API_KEY');\n$o = $_ENV['OPENAI_ORG'];\n$m = env('OPENAI_MODEL', 'gpt-4o');\n",
      ['OPENAI_API_KEY', 'OPENAI_ORG', 'OPENAI_MODEL'],
    ],
    [
      'rust',
      'let k = std::env::var("OPENAI_API_KEY")?;\nlet o = env::var("OPENAI_ORG_ID");\ndotenvy::dotenv().ok();\n',
      ['OPENAI_API_KEY', 'OPENAI_ORG_ID'],
    ],
  ];
  for (const [lang, src, names] of cases) {
    it(lang, () => {
      const a = analyzeOther(`x.${lang}`, src, lang);
      assert.deepEqual(
        a.envReads.map((r) => r.name),
        names,
      );
      assert.ok(a.envReads.every((r) => r.line > 0));
    });
  }
  it('ruby writes and rust dotenvy loads', () => {
    assert.deepEqual(
      analyzeOther('a.rb', "ENV['W'] = '1'\n", 'ruby').envWrites.map((w) => w.name),
      ['W'],
    );
    assert.equal(analyzeOther('m.rs', 'dotenvy::dotenv().ok();\n', 'rust').dotenvLoads[0]?.loader, 'dotenvy');
  });
});

describe('entry points: package.json scripts', () => {
  it('node with --env-file, -r dotenv/config and dotenv_config_path', () => {
    const p = parseScript(
      'node --env-file=.env.local --env-file .env -r dotenv/config src/server.js dotenv_config_path=config/.env',
      '',
    );
    assert.equal(p.runner, 'node');
    assert.equal(p.file, 'src/server.js');
    assert.deepEqual(
      p.preloads.map((x) => [x.loader, x.path]),
      [
        ['node-env-file-flag', '.env.local'],
        ['node-env-file-flag', '.env'],
        ['dotenv/config', 'config/.env'],
      ],
    );
  });
  it('cd, cross-env, dotenv-cli, tsx watch, nodemon', () => {
    const p = parseScript(
      'cd api && cross-env NODE_ENV=production dotenv -e .env.production -- tsx watch src/index.ts',
      'packages/web',
    );
    assert.equal(p.cwd, 'packages/web/api');
    assert.equal(p.runner, 'tsx');
    assert.equal(p.file, 'src/index.ts');
    assert.deepEqual(
      p.preloads.map((x) => [x.loader, x.path]),
      [['doten' + 'v-cli', '.env.production']],
    );
    assert.equal(parseScript('nodemon --watch src src/app.js', '').file, 'src/app.js');
    assert.equal(parseScript('node --env-file-if-exists=.env.local app.js', '').preloads[0]?.optional, true);
    assert.equal(parseScript('dotenvx run -f .env.local -- node index.js', '').preloads[0]?.path, '.env.local');
  });
  it('frameworks and python runners', () => {
    assert.equal(parseScript('next dev --turbo', '').framework, 'next');
    assert.equal(parseScript('vite', '').framework, 'vite');
    assert.equal(parseScript('react-scripts start', '').framework, 'cra');
    const u = parseScript('uvicorn main:app --env-file .env --reload', '');
    assert.equal(u.runner, 'uvicorn');
    assert.equal(u.preloads[0]?.path, '.env');
    assert.equal(parseScript('npm run build && npm start', '').runner, undefined);
  });
  it('resolves script files, TS sources of build output included', () => {
    const have = new Set(['src/index.ts', 'server.js', 'lib/index.js']);
    const ex = (r: string) => have.has(r);
    assert.equal(resolveScriptFile('', 'server', ex), 'server.js');
    assert.equal(resolveScriptFile('', './lib', ex), 'lib/index.js');
    assert.equal(resolveScriptFile('', 'dist/index.js', ex), 'src/index.ts');
    assert.equal(resolveScriptFile('', 'nope.js', ex), undefined);
    // tsconfig `rootDir: "./src"`, `outDir: "./dist/src"` (firecrawl apps/api): `node dist/src/index.js` runs src/index.ts
    const api = (r: string) => r === 'apps/api/src/index.ts' || r === 'apps/api/src/services/queue-worker.ts';
    assert.equal(resolveScriptFile('apps/api', 'dist/src/index.js', api), 'apps/api/src/index.ts');
    assert.equal(
      resolveScriptFile('apps/api', 'dist/src/services/queue-worker.js', api),
      'apps/api/src/services/queue-worker.ts',
    );
  });
});

describe('SDK versions', () => {
  it('majors of specs', () => {
    assert.equal(majorOfSpec('^4.20.0'), 4);
    assert.equal(majorOfSpec('>=1.40'), 1);
    assert.equal(majorOfSpec('==0.28.1'), 0);
    assert.equal(majorOfSpec('~=0.27'), 0);
    assert.equal(majorOfSpec('<1'), 0);
    assert.equal(majorOfSpec('<1.0'), 0);
    assert.equal(majorOfSpec(''), undefined);
    assert.equal(majorOfSpec('*'), undefined);
    assert.equal(majorOf('6.49.0'), 6);
  });
});

describe('retired models', () => {
  it('knows shut-down models and respects the date', () => {
    assert.equal(retiredModel('text-davinci-003')?.replacement, 'gpt-3.5-turbo-instruct');
    assert.equal(retiredModel('openai/gpt-4-0314')?.shutdown, '2024-06-13');
    assert.ok(retiredModel('text-search-ada-doc-001'));
    assert.equal(retiredModel('gpt-4o-mini'), undefined);
    assert.equal(retiredModel('gpt-3.5-turbo', new Date('2026-01-01')), undefined);
    assert.ok(retiredModel('gpt-3.5-turbo', new Date('2026-11-01')));
  });
});

describe('variable name similarity', () => {
  const same: Array<[string, string]> = [
    ['OPENAI_API_KEY', 'OPENAI_KEY'],
    ['OPENAI_API_KEY', 'OPEN_AI_API_KEY'],
    ['OPENAI_API_KEY', 'OPENAI_APIKEY'],
    ['OPENAI_API_KEY', 'openai_api_key'],
    ['OPENAI_API_KEY', 'API_KEY_OPENAI'],
    ['OPENAI_API_KEY', 'NEXT_PUBLIC_OPENAI_API_KEY'],
    ['OPENAI_API_KEY', 'OPENAI_API_KYE'],
    ['OPENAI_API_KEY', 'OPENAI_TOKEN'],
    ['AZURE_OPENAI_API_KEY', 'AZURE_API_KEY'],
    ['OPENAI_ORG_ID', 'OPENAI_ORGANIZATION'],
    ['OPENAI_BASE_URL', 'OPENAI_API_BASE'],
  ];
  for (const [a, b] of same) it(`${a} ~ ${b}`, () => assert.ok(similarNames(a, b)));
  const different: Array<[string, string]> = [
    ['OPENAI_API_KEY', 'OPENAI_API_KEY'],
    ['OPENAI_API_KEY', 'AZURE_OPENAI_API_KEY'],
    ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY'],
    ['OPENAI_API_KEY', 'OPENAI_ORG_ID'],
    ['OPENAI_API_KEY_1', 'OPENAI_API_KEY_2'],
    ['DB_HOST', 'DB_POST'],
  ];
  for (const [a, b] of different) it(`${a} ≁ ${b}`, () => assert.ok(!similarNames(a, b)));
  it('relevant names', () => {
    assert.ok(relevantName('OPENAI_KEY'));
    assert.ok(!relevantName('PORT'));
  });
});
