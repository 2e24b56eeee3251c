import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { check as notLoaded } from '../../../src/checks/code/dotenv-not-loaded.js';
import { check as late } from '../../../src/checks/code/dotenv-loaded-late.js';
import { check as wrongLocation } from '../../../src/checks/code/dotenv-wrong-location.js';
import { testCheck, targetWith } from '../../helpers/check-tester.js';
import { openaiKey } from '../../helpers/keys.js';
import type { Target } from '../../../src/core/types.js';
import { client, code, entry, envFile, facts, file, load, read } from './facts.js';

const key = openaiKey('proj', 'dotenv-checks');
const dotenv = envFile('.env', { OPENAI_API_KEY: key });

/** A resolver-made target that does not load .env (the chain says so). */
function unloaded(over: Partial<Target> = {}): Target {
  const a = dotenv.byDialect.dotenv?.[0];
  const t = targetWith(undefined, {
    id: 'node:index.js',
    kind: 'node',
    label: 'node index.js',
    location: { path: 'index.js' },
    ...over,
  });
  if (a)
    t.vars.OPENAI_API_KEY = {
      name: 'OPENAI_API_KEY',
      chain: [{ assignment: a, status: 'not-loaded', reason: 'nothing loads .env' }],
    };
  return t;
}

describe('dotenv-not-loaded', () => {
  testCheck(
    notLoaded,
    {
      bad: [
        {
          name: 'resolver target never loads .env',
          facts: facts(code({ clients: [client()] }), [dotenv]),
          targets: [unloaded()],
          count: 1,
        },
        {
          name: 'python target',
          facts: facts(code({ clients: [client({ file: 'app.py', language: 'python' })] }), [dotenv]),
          targets: [
            unloaded({ id: 'python:app.py', kind: 'python', label: 'python app.py', location: { path: 'app.py' } }),
          ],
        },
        {
          name: 'code only (no resolver targets): Node client, no loader anywhere',
          facts: facts(code({ clients: [client()], entryPoints: [entry('index.js')] }), [dotenv]),
        },
        {
          name: 'code only: Python reads the key, nothing loads .env',
          facts: facts(code({ envReads: [read('OPENAI_API_KEY')] }), [dotenv]),
        },
        {
          name: "code only: the Azure OpenAI key under the provider table's AZURE_API_KEY",
          facts: facts(code({ envReads: [read('AZURE_API_KEY')] }), [
            envFile('.env', { AZURE_API_KEY: 'x'.repeat(32) }),
          ]),
        },
      ],
      good: [
        {
          name: 'the target program never uses the key',
          facts: facts(
            code({
              files: [file('tools/cli.py'), file('app.py')],
              clients: [client({ file: 'app.py', language: 'python' })],
            }),
            [dotenv],
          ),
          targets: [
            unloaded({
              id: 'python:tools/cli.py',
              kind: 'python',
              label: 'python tools/cli.py',
              location: { path: 'tools/cli.py' },
            }),
          ],
        },
        {
          name: 'target gets the key',
          facts: facts(code({ clients: [client()] }), [dotenv]),
          targets: [targetWith(key, { kind: 'node' })],
        },
        {
          name: 'target loads another file (dotenv-wrong-location says which)',
          facts: facts(code({ clients: [client()] }), [dotenv]),
          targets: [unloaded({ loads: ['config/.env'] })],
        },
        {
          name: 'start script preloads it',
          facts: facts(
            code({
              clients: [client()],
              entryPoints: [
                entry('index.js', { preloads: [load({ loader: 'node-env-file-flag', file: 'package.json' })] }),
              ],
            }),
            [dotenv],
          ),
          targets: [unloaded()],
        },
        {
          name: 'flask run loads .env itself',
          facts: facts(
            code({
              entryPoints: [entry('app.py', { runner: 'flask', framework: 'flask' })],
              envReads: [read('OPENAI_API_KEY')],
            }),
            [dotenv],
          ),
        },
        {
          name: 'code only: a loader exists',
          facts: facts(code({ clients: [client()], dotenvLoads: [load()] }), [dotenv]),
        },
        {
          name: 'code only: the environment has the key',
          facts: facts(code({ clients: [client()] }), [dotenv], { env: { OPENAI_API_KEY: key } }),
        },
        {
          name: "code only: the code reads another Azure service's key (AZURE_SEARCH_KEY) from the unloaded .env, not the OpenAI key",
          facts: facts(code({ envReads: [read('AZURE_SEARCH_KEY')] }), [
            envFile('.env', { AZURE_SEARCH_KEY: 'x'.repeat(32) }),
          ]),
        },
        {
          name: 'code only: only an example file holds it',
          facts: facts(code({ clients: [client()] }), [envFile('.env.example', { OPENAI_API_KEY: 'sk-your-key' })]),
        },
        {
          name: 'code only: Next.js loads .env itself',
          facts: facts(code({ clients: [client()] }), [dotenv], {
            project: {
              packageJsons: [],
              python: [],
              frameworks: ['next'],
              node: true,
              pythonProject: false,
              git: { isRepo: false, tracked: new Set() },
            },
          }),
        },
      ],
    },
    it,
  );
});

describe('dotenv-loaded-late', () => {
  // index.mjs: import './client.mjs'; import dotenv; dotenv.config()  → client.mjs creates the client first (ESM hoisting)
  const esmFiles = [
    file('index.mjs', {
      moduleKind: 'esm',
      loads: [{ file: 'client.mjs', line: 1, order: 0, hoisted: true }],
      imports: ['client.mjs'],
    }),
    file('client.mjs', { moduleKind: 'esm' }),
  ];
  const hoisted = code({
    files: esmFiles,
    entryPoints: [entry('index.mjs')],
    dotenvLoads: [load({ file: 'index.mjs', line: 3, order: 2 })],
    clients: [client({ file: 'client.mjs', line: 2, order: 1 })],
  });
  testCheck(
    late,
    {
      bad: [
        {
          name: 'ESM hoisting: imported module creates the client before the body loads .env',
          facts: facts(hoisted, [dotenv]),
          count: 1,
          expect: (f) => assert.match(f[0]?.message ?? '', /ES module/),
        },
        {
          name: "import 'dotenv/config' written after the import of the client module",
          facts: facts(
            code({
              files: [
                file('index.mjs', {
                  moduleKind: 'esm',
                  loads: [{ file: 'client.mjs', line: 1, order: 0, hoisted: true }],
                }),
                file('client.mjs', { moduleKind: 'esm' }),
              ],
              entryPoints: [entry('index.mjs')],
              dotenvLoads: [load({ file: 'index.mjs', line: 2, order: 1, loader: 'dotenv/config', hoisted: true })],
              clients: [client({ file: 'client.mjs', order: 1 })],
            }),
            [dotenv],
          ),
          expect: (f) => assert.match(f[0]?.message ?? '', /imports run in the order/),
        },
        {
          name: 'same file: client above load_dotenv()',
          facts: facts(
            code({
              files: [file('app.py')],
              entryPoints: [entry('app.py')],
              dotenvLoads: [
                load({
                  file: 'app.py',
                  line: 5,
                  order: 4,
                  loader: 'python-dotenv',
                  base: 'walk-up',
                  resolved: ['.env'],
                  language: 'python',
                }),
              ],
              clients: [client({ file: 'app.py', line: 3, order: 2, language: 'python', callee: 'OpenAI' })],
            }),
            [dotenv],
          ),
        },
        {
          name: 'CommonJS: require of the client module before config()',
          facts: facts(
            code({
              files: [
                file('index.js', {
                  moduleKind: 'cjs',
                  loads: [{ file: 'lib.js', line: 1, order: 0, hoisted: false }],
                  imports: ['lib.js'],
                }),
                file('lib.js', { moduleKind: 'cjs' }),
              ],
              entryPoints: [entry('index.js')],
              dotenvLoads: [load({ file: 'index.js', line: 2, order: 1 })],
              clients: [client({ file: 'lib.js', line: 2, order: 1 })],
            }),
            [dotenv],
          ),
        },
        {
          name: 'module-level read of the key before the load',
          facts: facts(
            code({
              files: [file('a.js', { moduleKind: 'cjs' })],
              entryPoints: [entry('a.js')],
              dotenvLoads: [load({ file: 'a.js', line: 3, order: 2 })],
              envReads: [read('OPENAI_API_KEY', { file: 'a.js', line: 1, order: 0, language: 'js' })],
            }),
            [dotenv],
          ),
        },
      ],
      good: [
        ...(['Agent', 'crewai'] as const).map((kind) => ({
          name: `an ${kind === 'Agent' ? 'Agents SDK' : 'crewAI'} Agent built above load_dotenv(): its model client is made when it runs`,
          facts: facts(
            code({
              files: [file('main.py')],
              entryPoints: [entry('main.py')],
              dotenvLoads: [
                load({
                  file: 'main.py',
                  line: 5,
                  order: 4,
                  loader: 'python-dotenv',
                  base: 'walk-up',
                  resolved: ['.env'],
                  language: 'python',
                }),
              ],
              clients: [
                client({
                  file: 'main.py',
                  line: 3,
                  order: 2,
                  language: 'python',
                  sdk: kind === 'Agent' ? 'openai-agents' : 'crewai',
                  callee: 'Agent',
                }),
              ],
            }),
            [dotenv],
          ),
        })),
        {
          name: "import 'dotenv/config' first",
          facts: facts(
            code({
              files: [
                file('index.mjs', {
                  moduleKind: 'esm',
                  loads: [{ file: 'client.mjs', line: 2, order: 1, hoisted: true }],
                }),
                file('client.mjs', { moduleKind: 'esm' }),
              ],
              entryPoints: [entry('index.mjs')],
              dotenvLoads: [load({ file: 'index.mjs', line: 1, order: 0, loader: 'dotenv/config', hoisted: true })],
              clients: [client({ file: 'client.mjs', order: 1 })],
            }),
            [dotenv],
          ),
        },
        {
          name: 'CommonJS: config() before require',
          facts: facts(
            code({
              files: [
                file('index.js', { moduleKind: 'cjs', loads: [{ file: 'lib.js', line: 2, order: 1, hoisted: false }] }),
                file('lib.js', { moduleKind: 'cjs' }),
              ],
              entryPoints: [entry('index.js')],
              dotenvLoads: [load({ file: 'index.js', line: 1, order: 0 })],
              clients: [client({ file: 'lib.js', order: 1 })],
            }),
            [dotenv],
          ),
        },
        {
          name: 'client created inside a function',
          facts: facts(
            code({
              files: esmFiles,
              entryPoints: [entry('index.mjs')],
              dotenvLoads: [load({ file: 'index.mjs', line: 3, order: 2 })],
              clients: [client({ file: 'client.mjs', topLevel: false })],
            }),
            [dotenv],
          ),
        },
        {
          name: 'the loaded file does not hold the variable',
          facts: facts(hoisted, [envFile('.env', { OTHER: 'x' })]),
        },
        {
          name: 'the environment provides it anyway',
          facts: facts(hoisted, [dotenv], { env: { OPENAI_API_KEY: key } }),
        },
        {
          name: 'the start command preloads it',
          facts: facts(
            code({
              ...hoisted,
              entryPoints: [
                entry('index.mjs', { preloads: [load({ file: 'package.json', loader: 'node-env-file-flag' })] }),
              ],
            }),
            [dotenv],
          ),
        },
      ],
    },
    it,
  );
});

describe('dotenv-wrong-location', () => {
  const serverEnv = envFile('server/.env', { OPENAI_API_KEY: key });
  testCheck(
    wrongLocation,
    {
      bad: [
        {
          name: 'Node cwd is the root, .env is next to the script',
          facts: facts(
            code({
              files: [file('server/index.js')],
              entryPoints: [entry('server/index.js')],
              dotenvLoads: [load({ file: 'server/index.js', resolved: ['.env'] })],
            }),
            [serverEnv],
          ),
          count: 1,
          expect: (f) => assert.match(f[0]?.message ?? '', /working folder/),
        },
        {
          name: 'python explicit relative path from another cwd',
          facts: facts(
            code({
              dotenvLoads: [
                load({
                  file: 'app/main.py',
                  loader: 'python-dotenv',
                  path: '.env',
                  base: 'cwd',
                  resolved: ['.env'],
                  language: 'python',
                }),
              ],
            }),
            [envFile('app/.env', { OPENAI_API_KEY: key })],
          ),
        },
        {
          name: 'python walk-up finds nothing; the file is in a sibling folder',
          facts: facts(
            code({
              dotenvLoads: [
                load({
                  file: 'src/app.py',
                  loader: 'python-dotenv',
                  base: 'walk-up',
                  resolved: ['src/.env', '.env'],
                  language: 'python',
                }),
              ],
            }),
            [envFile('config/.env', { OPENAI_API_KEY: key })],
          ),
        },
        {
          name: 'node --env-file names a missing file',
          facts: facts(
            code({
              entryPoints: [
                entry('index.js', {
                  preloads: [
                    load({
                      file: 'package.json',
                      line: 0,
                      loader: 'node-env-file-flag',
                      path: '.env.local',
                      resolved: ['.env.local'],
                    }),
                  ],
                }),
              ],
            }),
            [],
          ),
        },
        {
          name: 'monorepo: Next.js app in apps/web, key in the root .env',
          facts: facts(
            code({
              entryPoints: [
                entry('apps/web/package.json', {
                  framework: 'next',
                  cwd: 'apps/web',
                  label: 'npm run dev (next dev)',
                  declaredIn: 'apps/web/package.json',
                }),
              ],
              clients: [client({ file: 'apps/web/app/api/chat/route.ts' })],
            }),
            [dotenv],
          ),
        },
        {
          name: 'Next.js with .env under src/',
          facts: facts(
            code({
              entryPoints: [
                entry('package.json', {
                  framework: 'next',
                  label: 'npm run dev (next dev)',
                  declaredIn: 'package.json',
                }),
              ],
              clients: [client({ file: 'src/app/api/chat/route.ts' })],
            }),
            [envFile('src/.env.local', { OPENAI_API_KEY: key })],
          ),
        },
      ],
      good: [
        {
          name: "a collection of examples, some with manifests: another example's .env is that example's (Chainlit cookbook)",
          facts: facts(
            code({
              dotenvLoads: [
                load({
                  file: 'humanlayer/app.py',
                  loader: 'python-dotenv',
                  base: 'walk-up',
                  resolved: ['humanlayer/.env', '.env'],
                  language: 'python',
                }),
              ],
            }),
            [envFile('openai-functions/.env', { OPENAI_API_KEY: key })],
            {
              project: {
                packageJsons: [],
                python: [{ rel: 'reverse_proxy/requirements.txt', requirements: { fastapi: '' } }],
                frameworks: [],
                node: false,
                pythonProject: true,
                git: { isRepo: false, tracked: new Set() },
              },
            },
          ),
        },
        {
          name: "a generator's template source (create-llama templates/): copied into a new project, never run in place",
          facts: facts(
            code({
              dotenvLoads: [
                load({
                  file: 'templates/use-cases/python/rag/workflow.py',
                  loader: 'python-dotenv',
                  base: 'walk-up',
                  resolved: ['templates/use-cases/python/rag/.env', 'templates/use-cases/python/.env', '.env'],
                  language: 'python',
                }),
              ],
            }),
            [envFile('templates/types/fastapi/src/.env', { OPENAI_API_KEY: key })],
          ),
        },
        {
          name: "a library's own load on import (chainlit) is not a path of the project's to fix",
          facts: facts(
            code({
              dotenvLoads: [
                load({
                  file: 'app/realtime/__init__.py',
                  loader: 'chainlit',
                  base: 'file-dir',
                  path: '.env',
                  resolved: ['app/realtime/.env'],
                  language: 'python',
                }),
              ],
            }),
            [envFile('app/.env', { OPENAI_API_KEY: key })],
          ),
        },
        { name: 'the file is where the loader looks', facts: facts(code({ dotenvLoads: [load()] }), [dotenv]) },
        {
          name: 'walk-up reaches the root .env',
          facts: facts(
            code({
              dotenvLoads: [
                load({
                  file: 'src/app.py',
                  loader: 'python-dotenv',
                  base: 'walk-up',
                  resolved: ['src/.env', '.env'],
                  language: 'python',
                }),
              ],
            }),
            [dotenv],
          ),
        },
        {
          name: 'missing file but no key file anywhere',
          facts: facts(code({ dotenvLoads: [load({ resolved: ['.env'] })] }), []),
        },
        {
          name: '--env-file-if-exists with no file',
          facts: facts(
            code({
              entryPoints: [
                entry('index.js', {
                  preloads: [
                    load({
                      file: 'package.json',
                      line: 0,
                      loader: 'node-env-file-flag',
                      path: '.env.local',
                      resolved: ['.env.local'],
                      optional: true,
                    }),
                  ],
                }),
              ],
            }),
            [],
          ),
        },
        {
          name: 'unknown path expression',
          facts: facts(code({ dotenvLoads: [load({ base: 'unknown', resolved: undefined })] }), [serverEnv]),
        },
        {
          name: 'monorepo: a Next.js UI in apps/web that calls no LLM (it talks to a backend) needs no key',
          facts: facts(
            code({
              entryPoints: [
                entry('apps/web/package.json', {
                  framework: 'next',
                  cwd: 'apps/web',
                  label: 'npm run dev (next dev)',
                  declaredIn: 'apps/web/package.json',
                }),
              ],
            }),
            [dotenv],
          ),
        },
        {
          name: 'monorepo with a preload of the root .env',
          facts: facts(
            code({
              entryPoints: [
                entry('apps/web/package.json', {
                  framework: 'next',
                  cwd: 'apps/web',
                  declaredIn: 'apps/web/package.json',
                  preloads: [
                    load({
                      file: 'apps/web/package.json',
                      loader: 'dotenv-cli',
                      path: '../../.env',
                      resolved: ['.env'],
                    }),
                  ],
                }),
              ],
            }),
            [dotenv],
          ),
        },
        {
          name: 'code load misses, but the start script preloads an existing file',
          facts: facts(
            code({
              files: [file('server/index.js')],
              entryPoints: [
                entry('server/index.js', {
                  preloads: [
                    load({
                      file: 'package.json',
                      loader: 'node-env-file-flag',
                      path: 'server/.env',
                      resolved: ['server/.env'],
                    }),
                  ],
                }),
              ],
              dotenvLoads: [load({ file: 'server/index.js', resolved: ['.env'] })],
            }),
            [serverEnv],
          ),
        },
        {
          name: 'Next.js with .env at the project root',
          facts: facts(
            code({ entryPoints: [entry('package.json', { framework: 'next', declaredIn: 'package.json' })] }),
            [envFile('.env.local', { OPENAI_API_KEY: key }), envFile('src/.env', { OPENAI_API_KEY: key })],
          ),
        },
      ],
    },
    it,
  );
});
