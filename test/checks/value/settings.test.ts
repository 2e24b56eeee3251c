import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testCheck } from '../../helpers/check-tester.js';
import { openaiKey, foreignKey } from '../../helpers/keys.js';
import { resolveTargets } from '../../../src/resolve/index.js';
import { envFile, facts } from '../../resolve/build.js';
import { check as org } from '../../../src/checks/value/org-id-invalid.js';
import { check as project } from '../../../src/checks/value/project-id-invalid.js';
import { check as baseUrl } from '../../../src/checks/value/base-url-override.js';
import { check as parseIssue } from '../../../src/checks/value/dotenv-parse-issue.js';
import type { DotenvIssue } from '../../../src/core/types.js';

const key = openaiKey('proj', 's');
const resolved = (pairs: Array<[string, string]>, extra: Parameters<typeof facts>[0] = {}) => {
  const f = facts({
    pyFiles: ['app.py'],
    python: { 'python-dotenv': '' },
    files: [envFile('.env', [['OPENAI_API_KEY', key], ...pairs])],
    ...extra,
  });
  return { facts: f, targets: resolveTargets(f) };
};
const orgId = 'org-' + 'Ab3'.repeat(8);
const projId = 'proj_' + 'Xy9'.repeat(8);

describe('org-id-invalid', () => {
  testCheck(
    org,
    {
      bad: [
        {
          name: 'a name',
          ...resolved([['OPENAI_ORG_ID', 'Personal']]),
          expect: (fs) => {
            assert.match(fs[0]?.message ?? '', /"Personal"/);
            assert.deepEqual(fs[0]?.location, { path: '.env', line: 2 });
          },
        },
        { name: 'OPENAI_ORGANIZATION holds a project id', ...resolved([['OPENAI_ORGANIZATION', projId]]) },
        {
          name: 'a literal in the client',
          ...resolved([], {
            code: {
              clients: [
                {
                  file: 'app.py',
                  line: 5,
                  sdk: 'openai-python',
                  options: { organization: { kind: 'literal', value: 'my-team' } },
                },
              ],
            },
          }),
          expect: (fs) => assert.deepEqual(fs[0]?.location, { path: 'app.py', line: 5 }),
        },
      ],
      good: [
        { name: 'a real org id', ...resolved([['OPENAI_ORG_ID', orgId]]) },
        { name: 'unset', ...resolved([]) },
        { name: 'empty', ...resolved([['OPENAI_ORG_ID', '']]) },
      ],
    },
    it,
  );
});

describe('project-id-invalid', () => {
  testCheck(
    project,
    {
      bad: [
        { name: 'a project name', ...resolved([['OPENAI_PROJECT_ID', 'Default project']]) },
        { name: 'an org id', ...resolved([['OPENAI_PROJECT_ID', orgId]]) },
      ],
      good: [
        { name: 'a real project id', ...resolved([['OPENAI_PROJECT_ID', projId]]) },
        { name: 'unset', ...resolved([]) },
      ],
    },
    it,
  );
});

describe('base-url-override', () => {
  const sev = (s: string) => (fs: Array<{ severity?: string }>) => assert.equal(fs[0]?.severity, s);
  testCheck(
    baseUrl,
    {
      bad: [
        {
          name: 'localhost (a local model server)',
          ...resolved([['OPENAI_BASE_URL', 'http://localhost:11434/v1']]),
          expect: sev('warning'),
        },
        {
          name: 'Azure endpoint on an OpenAI client',
          ...resolved([['OPENAI_BASE_URL', 'https://myres.openai.azure.com/']]),
          expect: sev('error'),
        },
        {
          name: 'api.openai.com without /v1',
          ...resolved([['OPENAI_BASE_URL', 'https://api.openai.com']]),
          expect: sev('error'),
        },
        {
          name: 'OpenRouter with an OpenAI key',
          ...resolved([['OPENAI_API_BASE', 'https://openrouter.ai/api/v1']]),
          expect: sev('error'),
        },
        {
          name: 'a gateway is info',
          ...resolved([['OPENAI_BASE_URL', 'https://oai.helicone.ai/v1']]),
          expect: sev('info'),
        },
        {
          name: 'a corporate proxy',
          ...resolved([['OPENAI_BASE_URL', 'https://llm-proxy.corp.example.com/v1']]),
          expect: sev('warning'),
        },
        { name: 'not a URL', ...resolved([['OPENAI_BASE_URL', 'api.openai.com/v1']]), expect: sev('error') },
        {
          name: 'a literal baseURL in code that cannot work',
          ...resolved([], {
            code: {
              clients: [
                {
                  file: 'app.py',
                  line: 4,
                  sdk: 'openai-python',
                  options: { baseURL: { kind: 'literal', value: 'https://api.openai.com' } },
                },
              ],
            },
          }),
          expect: sev('error'),
        },
      ],
      good: [
        // the code says where it means to send its requests: a local server, another provider
        {
          name: 'a local server written in the client',
          ...resolved([], {
            code: {
              clients: [
                {
                  file: 'app.py',
                  line: 4,
                  sdk: 'openai-python',
                  options: { baseURL: { kind: 'literal', value: 'http://127.0.0.1:8000/v1' } },
                },
              ],
            },
          }),
        },
        {
          name: 'a provider written in the client, with its own key',
          ...resolved([], {
            code: {
              clients: [
                {
                  file: 'app.py',
                  line: 4,
                  sdk: 'openai-python',
                  keyVar: 'GROQ_API_KEY',
                  options: {
                    apiKey: { kind: 'env', name: 'GROQ_API_KEY' },
                    baseURL: { kind: 'literal', value: 'https://api.groq.com/openai/v1' },
                  },
                },
              ],
            },
          }),
        },
        {
          name: 'OPENAI_BASE_URL that no client of the target reads (it passes its own base URL)',
          ...resolved([['OPENAI_BASE_URL', 'http://localhost:11434/v1']], {
            code: {
              entryPoints: [{ file: 'app.py', kind: 'python', label: 'python app.py', cwd: '' }],
              files: [{ file: 'app.py', language: 'python' }],
              clients: [
                {
                  file: 'app.py',
                  line: 4,
                  sdk: 'openai-python',
                  keyVar: 'OPENAI_API_KEY',
                  keyVarImplicit: true,
                  options: { baseURL: { kind: 'literal', value: 'https://api.openai.com/v1' } },
                },
              ],
            },
          }),
        },
        { name: 'the default URL', ...resolved([['OPENAI_BASE_URL', 'https://api.openai.com/v1']]) },
        { name: 'unset', ...resolved([]) },
      ],
    },
    it,
  );
  const load = { file: 'app.py', line: 1, loader: 'python-dotenv', override: false };
  it('OPENAI_API_BASE counts only for clients that read it (openai 0.x, LangChain), not for openai >= 1', () => {
    const code = (sdk: string, major: number) => ({
      code: {
        sdk: { python: { ecosystem: 'pypi' as const, major } },
        dotenvLoads: [load],
        entryPoints: [{ file: 'app.py', kind: 'python' as const, label: 'python app.py', cwd: '' }],
        files: [{ file: 'app.py', language: 'python' as const }],
        clients: [
          {
            file: 'app.py',
            line: 3,
            sdk,
            language: 'python' as const,
            keyVar: 'OPENAI_API_KEY',
            keyVarImplicit: true,
            options: {},
          },
        ],
      },
    });
    assert.deepEqual(
      baseUrl
        .run(resolved([['OPENAI_API_BASE', 'http://localhost:8080/v1']], code('openai-python', 1)))
        .map((x) => x.severity),
      [],
    );
    assert.deepEqual(
      baseUrl
        .run(resolved([['OPENAI_API_BASE', 'http://localhost:8080/v1']], code('openai-legacy-python', 0)))
        .map((x) => x.severity),
      ['warning'],
    );
    assert.deepEqual(
      baseUrl
        .run(resolved([['OPENAI_API_BASE', 'http://localhost:8080/v1']], code('langchain-openai', 1)))
        .map((x) => x.severity),
      ['warning'],
    );
  });
  it('OPENAI_API_BASE is only info when the project uses openai >= 1 and its clients are not known', () => {
    const r = resolved([['OPENAI_API_BASE', 'http://localhost:8080/v1']], {
      code: { sdk: { python: { ecosystem: 'pypi', major: 1 } }, dotenvLoads: [load] },
    });
    r.targets.forEach((t) => {
      delete t.clients;
      delete t.needsKey;
    });
    assert.deepEqual(
      baseUrl.run(r).map((x) => x.severity),
      ['info'],
    );
  });
  it('an OpenRouter key with the OpenRouter URL is info, not an error', () => {
    const f = facts({
      pyFiles: ['app.py'],
      python: { 'python-dotenv': '' },
      files: [
        envFile('.env', [
          ['OPENAI_API_KEY', foreignKey('openrouter')],
          ['OPENAI_BASE_URL', 'https://openrouter.ai/api/v1'],
        ]),
      ],
    });
    const out = baseUrl.run({ facts: f, targets: resolveTargets(f) });
    assert.deepEqual(
      out.map((x) => x.severity),
      ['info'],
    );
  });
});

describe('dotenv-parse-issue', () => {
  const issue = (over: Partial<DotenvIssue>): DotenvIssue => ({
    line: 1,
    code: 'unterminated-quote',
    message: 'The quote opened here is never closed',
    name: 'OPENAI_API_KEY',
    ...over,
  });
  const withIssues = (
    rel: string,
    issues: DotenvIssue[],
    pairs: Array<[string, string]> = [['OPENAI_API_KEY', key]],
  ) => {
    const f = facts({ pyFiles: ['app.py'], python: { 'python-dotenv': '' }, files: [envFile(rel, pairs, issues)] });
    return { facts: f, targets: resolveTargets(f) };
  };
  testCheck(
    parseIssue,
    {
      bad: [
        {
          name: 'unterminated quote on the key line of a loaded file',
          ...withIssues('.env', [issue({})]),
          expect: (fs) => {
            assert.equal(fs[0]?.severity, 'error');
            assert.deepEqual(fs[0]?.location, { path: '.env', line: 1 });
          },
        },
        {
          name: 'duplicate key is a warning',
          ...withIssues('.env', [
            issue({ code: 'duplicate-key', line: 2, message: 'OPENAI_API_KEY is defined again' }),
          ]),
          expect: (fs) => assert.equal(fs[0]?.severity, undefined),
        },
        {
          name: 'BOM in a file no target loads but that holds the key',
          ...withIssues('config/.env.prod', [
            issue({ code: 'bom', message: 'The file starts with a byte order mark', dialects: ['node', 'python'] }),
          ]),
          expect: (fs) => assert.match(fs[0]?.fix?.command ?? '', /sed/),
        },
        {
          name: 'a key line shadowed by a file loaded first (.env.local beats .env): a warning, not an error',
          ...(() => {
            const f = facts({
              pyFiles: ['app.py'],
              python: { 'python-dotenv': '' },
              files: [envFile('.env', [['OPENAI_API_KEY', 'x']], [issue({})])],
            });
            const targets = resolveTargets(f).map((t) =>
              t.loads?.includes('.env')
                ? {
                    ...t,
                    vars: {
                      ...t.vars,
                      OPENAI_API_KEY: {
                        name: 'OPENAI_API_KEY',
                        value: key,
                        chain: [],
                        winner: {
                          name: 'OPENAI_API_KEY',
                          value: key,
                          kind: 'dotenv' as const,
                          location: { path: '.env.local', line: 1 },
                        },
                      },
                    },
                  }
                : t,
            );
            return { facts: f, targets };
          })(),
          expect: (fs) => assert.equal(fs[0]?.severity, undefined),
        },
      ],
      good: [
        {
          name: 'a dialect no reader of the file uses (a python-dotenv quirk in a file only python reads the other way)',
          ...withIssues('.env', [issue({ code: 'hash-in-value', dialects: ['dotenv'] })]),
        },
        {
          name: "a quirk of Node's --env-file in a file no target loads, in a project without Node (chatgpt-retrieval-plugin)",
          ...withIssues('config/.env.prod', [issue({ code: 'glued-name', dialects: ['node'] })]),
        },
        {
          name: 'a name set twice that is not part of the key set-up (USE_USER_TOKEN)',
          ...withIssues(
            '.env',
            [issue({ code: 'duplicate-key', line: 2, name: 'USE_USER_TOKEN', message: 'USE_USER_TOKEN is set again' })],
            [
              ['OPENAI_API_KEY', key],
              ['USE_USER_TOKEN', 'true'],
            ],
          ),
        },
        {
          name: 'an example file nothing loads',
          ...withIssues('.env.example', [
            issue({ code: 'bom', message: 'The file starts with a byte order mark', dialects: ['node'] }),
          ]),
        },
        {
          name: 'a YAML env-vars file for gcloud (not dotenv)',
          ...withIssues('.env.gcp.yaml.example', [
            issue({
              code: 'colon-separator',
              message: 'Line 1 writes OPENAI_API_KEY with a colon',
              dialects: ['node', 'python'],
            }),
          ]),
        },
        {
          name: 'a git-ignored .env.yaml',
          ...withIssues('.env.yaml', [
            issue({
              code: 'colon-separator',
              message: 'Line 1 writes OPENAI_API_KEY with a colon',
              dialects: ['node', 'python'],
            }),
          ]),
        },
        { name: 'no issues', ...withIssues('.env', []) },
        {
          name: 'an unrelated file with no OpenAI variable and no reader',
          ...withIssues('tools/.env.db', [issue({ name: 'DB_URL' })], [['DB_URL', 'x']]),
        },
      ],
    },
    it,
  );
});
