import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { check as hardcoded } from '../../../src/checks/code/key-hardcoded-overrides-env.js';
import { check as sdk } from '../../../src/checks/code/sdk-api-mismatch.js';
import { check as retired } from '../../../src/checks/code/model-retired.js';
import { check as azure } from '../../../src/checks/code/azure-misconfigured.js';
import { testCheck } from '../../helpers/check-tester.js';
import { foreignKey, openaiKey } from '../../helpers/keys.js';
import { client, code, envFile, facts, file } from './facts.js';

const key = openaiKey('proj', 'client-checks');
const other = openaiKey('proj', 'client-checks-other');
const azureKey = foreignKey('azure', 'client-checks');
const dotenv = envFile('.env', { OPENAI_API_KEY: key });
const lit = (value: string) => ({ kind: 'literal' as const, value });
const envv = (name: string) => ({ kind: 'env' as const, name });
const env = (name: string) => ({ kind: 'env' as const, name });

describe('key-hardcoded-overrides-env', () => {
  testCheck(
    hardcoded,
    {
      bad: [
        {
          name: 'placeholder literal while .env has the key',
          facts: facts(
            code({
              clients: [
                client({ options: { apiKey: lit('sk-your-key-here') }, keyVar: undefined, keyVarImplicit: undefined }),
              ],
            }),
            [dotenv],
          ),
          expect: (f) => assert.match(f[0]?.message ?? '', /placeholder/),
        },
        {
          name: 'placeholder literal with no environment key',
          facts: facts(code({ clients: [client({ options: { apiKey: lit('YOUR_API_KEY') } })] })),
        },
        {
          name: 'a placeholder in code no target runs (a type-check fixture) is a warning that says so',
          facts: facts(
            code({
              clients: [client({ file: 'integration-tests/types/src/index.ts', options: { apiKey: lit('test') } })],
            }),
            [dotenv],
          ),
          targets: [
            { id: 'node:app', kind: 'node', label: 'node app.js', keyVar: 'OPENAI_API_KEY', vars: {}, clients: [] },
          ],
          expect: (f) => {
            assert.equal(f[0]?.severity, 'warning');
            assert.match(f[0]?.message ?? '', /No target of this project runs it/);
          },
        },
        {
          name: 'another real key literal overrides .env',
          facts: facts(code({ clients: [client({ options: { apiKey: lit(other) } })] }), [dotenv]),
          expect: (f) => assert.ok(!(f[0]?.message ?? '').includes(other)),
        },
        {
          name: "a notebook's empty key (a blank for the reader to fill in) is a warning that says so",
          facts: facts(
            code({
              clients: [
                client({
                  file: 'docs/examples.ipynb',
                  sdk: 'langchain-openai',
                  language: 'notebook',
                  callee: 'ChatOpenAI',
                  options: { apiKey: lit('') },
                }),
              ],
            }),
            [dotenv],
          ),
          expect: (f) => {
            assert.equal(f[0]?.severity, 'warning');
            assert.match(f[0]?.message ?? '', /fill in/);
          },
        },
        {
          name: "a notebook's real literal key is still an error",
          facts: facts(
            code({
              clients: [
                client({
                  file: 'a.ipynb',
                  language: 'notebook',
                  sdk: 'openai-python',
                  options: { apiKey: lit(other) },
                }),
              ],
            }),
            [dotenv],
          ),
          expect: (f) => assert.equal(f[0]?.severity ?? 'error', 'error'),
        },
        {
          name: 'v0 openai.api_key = "..." in Python',
          facts: facts(
            code({
              clients: [
                client({
                  sdk: 'openai-legacy-python',
                  language: 'python',
                  callee: 'openai module settings',
                  options: { apiKey: lit('') },
                }),
              ],
            }),
            [dotenv],
          ),
        },
      ],
      good: [
        {
          name: 'key from the environment',
          facts: facts(code({ clients: [client({ options: { apiKey: env('OPENAI_API_KEY') } })] }), [dotenv]),
        },
        {
          name: 'literal equal to the environment value',
          facts: facts(code({ clients: [client({ options: { apiKey: lit(key) } })] }), [dotenv]),
        },
        {
          name: 'real literal, no environment key (key-hardcoded territory)',
          facts: facts(code({ clients: [client({ options: { apiKey: lit(key) } })] })),
        },
        {
          name: 'opaque expression',
          facts: facts(code({ clients: [client({ options: { apiKey: { kind: 'other', text: 'getKey()' } } })] }), [
            dotenv,
          ]),
        },
        {
          name: 'apiKey "ollama" for a local Ollama server',
          facts: facts(
            code({
              clients: [client({ options: { apiKey: lit('ollama'), baseURL: lit('http://localhost:11434/v1') } })],
            }),
            [dotenv],
          ),
        },
        {
          name: 'api_key "EMPTY" with a base URL from a variable (vLLM)',
          facts: facts(
            code({
              clients: [
                client({ language: 'python', options: { apiKey: lit('EMPTY'), baseURL: env('LOCAL_LLM_ENDPOINT') } }),
              ],
            }),
            [dotenv],
          ),
        },
        {
          name: 'a literal for another provider written next to its base URL',
          facts: facts(
            code({
              clients: [
                client({ options: { apiKey: lit('gsk_local_test'), baseURL: lit('https://api.groq.com/openai/v1') } }),
              ],
            }),
            [dotenv],
          ),
        },
      ],
    },
    it,
  );
  it('a dummy key with no base URL goes to api.openai.com: still reported', () => {
    const out = hardcoded.run({
      facts: facts(code({ clients: [client({ options: { apiKey: lit('ollama') } })] }), [dotenv]),
      targets: [],
    });
    assert.equal(out.length, 1);
  });
});

describe('sdk-api-mismatch', () => {
  const v0 = file('app.py', { sdkGeneration: 'v0', sdkGenerationLine: 4 });
  testCheck(
    sdk,
    {
      bad: [
        {
          name: 'v0 code, openai>=1 declared',
          facts: facts(
            code({
              files: [v0],
              sdk: { python: { ecosystem: 'pypi', declared: '>=1.40', declaredIn: 'requirements.txt', major: 1 } },
            }),
          ),
          count: 1,
        },
        {
          name: 'v0 code, unpinned openai',
          facts: facts(
            code({
              files: [v0],
              sdk: { python: { ecosystem: 'pypi', declared: '', declaredIn: 'requirements.txt', unpinned: true } },
            }),
          ),
        },
        {
          name: 'v1 code, openai 0.28 installed',
          facts: facts(
            code({
              files: [file('a.py', { sdkGeneration: 'v1', sdkGenerationLine: 1 })],
              sdk: { python: { ecosystem: 'pypi', installed: '0.28.1', installedIn: 'poetry.lock', major: 0 } },
            }),
          ),
        },
        {
          name: 'node v3 code, openai ^4',
          facts: facts(
            code({
              files: [file('a.js', { sdkGeneration: 'node-v3', sdkGenerationLine: 2 })],
              sdk: { node: { ecosystem: 'npm', declared: '^4.20.0', declaredIn: 'package.json', major: 4 } },
            }),
          ),
        },
        {
          name: 'node v4 code, openai 3 installed',
          facts: facts(
            code({
              files: [file('a.js', { sdkGeneration: 'node-v4' })],
              sdk: { node: { ecosystem: 'npm', installed: '3.3.0', major: 3 } },
            }),
          ),
        },
        {
          name: 'several files report once',
          facts: facts(
            code({
              files: [v0, file('b.py', { sdkGeneration: 'v0' })],
              sdk: { python: { ecosystem: 'pypi', major: 1 } },
            }),
          ),
          count: 1,
        },
      ],
      good: [
        {
          name: 'a v1 notebook that runs `%pip install --upgrade openai` itself, the project pinning 0.27.2',
          facts: facts(
            code({
              files: [
                file('nb.ipynb', { language: 'notebook', sdkGeneration: 'v1', sdkGenerationLine: 9, pipOpenai: '' }),
              ],
              sdk: { python: { ecosystem: 'pypi', declared: '==0.27.2', declaredIn: 'requirements.txt', major: 0 } },
            }),
          ),
        },
        {
          name: 'a v0 notebook that installs openai==0.28.1 itself, the project declaring openai>=1',
          facts: facts(
            code({
              files: [
                file('nb.ipynb', {
                  language: 'notebook',
                  sdkGeneration: 'v0',
                  sdkGenerationLine: 9,
                  pipOpenai: '==0.28.1',
                }),
              ],
              sdk: { python: { ecosystem: 'pypi', declared: '>=1.40', declaredIn: 'requirements.txt', major: 1 } },
            }),
          ),
        },
        {
          name: 'v0 code pinned to 0.28',
          facts: facts(code({ files: [v0], sdk: { python: { ecosystem: 'pypi', declared: '==0.28.1', major: 0 } } })),
        },
        {
          name: 'v1 code with openai>=1',
          facts: facts(
            code({ files: [file('a.py', { sdkGeneration: 'v1' })], sdk: { python: { ecosystem: 'pypi', major: 1 } } }),
          ),
        },
        { name: 'unknown SDK version', facts: facts(code({ files: [v0] })) },
        {
          name: 'node v4+ code with openai 6',
          facts: facts(
            code({
              files: [file('a.js', { sdkGeneration: 'node-v4' })],
              sdk: { node: { ecosystem: 'npm', major: 6 } },
            }),
          ),
        },
      ],
    },
    it,
  );
});

describe('model-retired', () => {
  testCheck(
    retired,
    {
      bad: [
        {
          name: 'text-davinci-003',
          facts: facts(
            code({
              files: [file('a.py', { models: [{ name: 'text-davinci-003', line: 5 }] })],
              clients: [client({ file: 'a.py', sdk: 'openai-python' })],
            }),
          ),
          expect: (f) => assert.match(f[0]?.message ?? '', /gpt-3.5-turbo-instruct/),
        },
        {
          name: 'gpt-4-0314 in JS',
          facts: facts(
            code({
              files: [file('a.js', { models: [{ name: 'gpt-4-0314', line: 2 }] })],
              clients: [client({ file: 'a.js' })],
            }),
          ),
        },
        {
          name: 'in a config module that the module using a shared client imports (two imports away from the client)',
          facts: facts(
            code({
              files: [
                file('config.js', { models: [{ name: 'gpt-4-0314', line: 1 }] }),
                file('chat.js', { imports: ['config.js', 'client.js'] }),
                file('client.js'),
              ],
              clients: [client({ file: 'client.js' })],
            }),
          ),
        },
        {
          name: 'in code no target runs: a warning',
          facts: facts(
            code({
              files: [file('examples/demo.py', { models: [{ name: 'text-davinci-003', line: 5 }] })],
              clients: [client({ file: 'examples/demo.py', sdk: 'openai-python' })],
            }),
          ),
          targets: [
            {
              id: 'python:app.py',
              kind: 'python',
              label: 'python app.py',
              keyVar: 'OPENAI_API_KEY',
              vars: {},
              clients: [],
            },
          ],
          expect: (f) => {
            assert.equal(f[0]?.severity, 'warning');
            assert.match(f[0]?.message ?? '', /No target of this project runs it/);
          },
        },
      ],
      good: [
        {
          name: "an Azure service class: AsyncAzureOpenAI, and AsyncOpenAI at the resource's computed /openai/v1 endpoint",
          facts: facts(
            code({
              files: [file('services/azure/llm.py', { models: [{ name: 'gpt-4-0314', line: 122 }] })],
              clients: [
                client({ file: 'services/azure/llm.py', sdk: 'azure-openai-python', azure: true }),
                client({
                  file: 'services/azure/llm.py',
                  sdk: 'openai-python',
                  options: { baseURL: { kind: 'other', text: 'endpoint' } },
                }),
              ],
            }),
          ),
        },
        {
          name: 'a file joined to no client: UI mock data, a template, labels',
          facts: facts(
            code({
              files: [
                file('client/src/fakeData.ts', { models: [{ name: 'gpt-4-0314', line: 3 }] }),
                file('server/app.py'),
              ],
              clients: [client({ file: 'server/app.py', sdk: 'openai-python' })],
            }),
          ),
        },
        {
          name: 'current model',
          facts: facts(
            code({
              files: [file('a.py', { models: [{ name: 'gpt-4o-mini', line: 5 }] })],
              clients: [client({ file: 'a.py', sdk: 'openai-python' })],
            }),
          ),
        },
        {
          name: 'Azure deployment names are not model ids',
          facts: facts(
            code({
              files: [file('a.py', { models: [{ name: 'text-davinci-003', line: 5 }] })],
              clients: [client({ file: 'a.py', sdk: 'azure-openai-python', azure: true })],
            }),
          ),
        },
      ],
    },
    it,
  );
});

describe('azure-misconfigured', () => {
  const az = (over: Parameters<typeof client>[0] = {}) =>
    client({
      sdk: 'azure-openai-node',
      azure: true,
      callee: 'AzureOpenAI',
      keyVar: 'AZURE_OPENAI_API_KEY',
      options: { azureEndpoint: lit('https://res.openai.azure.com'), apiVersion: lit('2024-10-21') },
      ...over,
    });
  const azEnv = envFile('.env', { AZURE_OPENAI_API_KEY: azureKey });
  testCheck(
    azure,
    {
      bad: [
        {
          name: 'OpenAI client pointed at *.openai.azure.com',
          facts: facts(
            code({
              clients: [client({ options: { baseURL: lit('https://res.openai.azure.com/openai/deployments/gpt4') } })],
            }),
            [dotenv],
          ),
        },
        {
          name: 'OPENAI_BASE_URL points at Azure for a plain client',
          facts: facts(code({ clients: [client()] }), [
            envFile('.env', { OPENAI_API_KEY: key, OPENAI_BASE_URL: 'https://res.openai.azure.com' }),
          ]),
        },
        {
          name: 'Azure client pointed at api.openai.com',
          facts: facts(
            code({
              clients: [
                az({ options: { azureEndpoint: lit('https://api.openai.com/v1'), apiVersion: lit('2024-10-21') } }),
              ],
            }),
            [azEnv],
          ),
        },
        {
          name: 'Azure client without api-version',
          facts: facts(code({ clients: [az({ options: { azureEndpoint: lit('https://res.openai.azure.com') } })] }), [
            azEnv,
          ]),
        },
        {
          name: 'Azure client without endpoint',
          facts: facts(code({ clients: [az({ options: { apiVersion: lit('2024-10-21') } })] }), [azEnv]),
        },
        {
          name: 'AzureOpenAI with only OPENAI_API_KEY set (not an OpenAI-format value)',
          facts: facts(code({ clients: [az()] }), [envFile('.env', { OPENAI_API_KEY: azureKey })]),
        },
        {
          name: 'LangChain Python Azure endpoint passed as openai_api_base',
          facts: facts(
            code({
              clients: [
                client({
                  sdk: 'langchain-azure',
                  azure: true,
                  language: 'python',
                  callee: 'AzureChatOpenAI',
                  keyVar: 'AZURE_OPENAI_API_KEY',
                  options: { baseURL: lit('https://res.openai.azure.com/'), apiVersion: lit('2024-10-21') },
                }),
              ],
            }),
            [azEnv],
          ),
        },
        {
          name: 'Bearer header to Azure',
          facts: facts(code({ files: [file('a.py', { signals: [{ kind: 'azure-bearer-header', line: 7 }] })] })),
        },
        {
          name: 'v0 azure with model=',
          facts: facts(code({ files: [file('a.py', { signals: [{ kind: 'v0-azure-model-param', line: 9 }] })] })),
        },
        {
          name: 'LiteLLM azure/ without AZURE_API_BASE',
          facts: facts(
            code({
              clients: [client({ sdk: 'litellm', azure: true, language: 'python', keyVar: 'AZURE_OPENAI_API_KEY' })],
            }),
            [envFile('.env', { AZURE_OPENAI_API_KEY: azureKey, AZURE_OPENAI_ENDPOINT: 'https://r.openai.azure.com' })],
          ),
        },
        {
          name: 'an Azure client no target runs, in a project that sets Azure up: a warning that says so',
          facts: facts(code({ clients: [az({ options: { azureEndpoint: lit('https://res.openai.azure.com') } })] }), [
            azEnv,
          ]),
          targets: [
            {
              id: 'python:app.py',
              kind: 'python',
              label: 'python app.py',
              keyVar: 'OPENAI_API_KEY',
              vars: {},
              clients: [],
            },
          ],
          count: 1,
          expect: (f) => {
            assert.equal(f[0]?.severity, 'warning');
            assert.match(f[0]?.message ?? '', /No target of this project runs it/);
          },
        },
      ],
      good: [
        {
          name: "a library's Azure integration class no target runs, where nothing sets Azure up (vanna)",
          facts: facts(
            code({
              clients: [
                az({
                  file: 'pkg/azure/llm.py',
                  language: 'python',
                  sdk: 'azure-openai-python',
                  keyVarImplicit: true,
                  options: { azureEndpoint: envv('AZURE_OPENAI_ENDPOINT') },
                }),
              ],
            }),
            [dotenv],
          ),
          targets: [
            {
              id: 'python:app.py',
              kind: 'python',
              label: 'python app.py',
              keyVar: 'OPENAI_API_KEY',
              vars: {},
              clients: [],
            },
          ],
        },
        {
          name: 'AzureOpenAI(**client_kwargs) with a spread that may carry api_key, while only OPENAI_API_KEY is set',
          facts: facts(code({ clients: [az({ spread: true, keyVarImplicit: true })] }), [
            envFile('.env', { OPENAI_API_KEY: azureKey }),
          ]),
        },
        { name: 'proper AzureOpenAI', facts: facts(code({ clients: [az()] }), [azEnv]) },
        // an OpenAI key that reaches an Azure client is key-foreign-provider's: one fact, one finding
        {
          name: 'Azure client gets an OpenAI key (key-foreign-provider reports it)',
          facts: facts(
            code({
              clients: [
                az({
                  keyVar: 'OPENAI_API_KEY',
                  options: {
                    apiKey: env('OPENAI_API_KEY'),
                    azureEndpoint: lit('https://r.openai.azure.com'),
                    apiVersion: lit('2024-10-21'),
                  },
                }),
              ],
            }),
            [dotenv],
          ),
        },
        {
          name: 'LangChain AzureChatOpenAI falls back to OPENAI_API_KEY (an OpenAI key: key-foreign-provider reports it)',
          facts: facts(
            code({
              clients: [
                client({
                  sdk: 'langchain-azure',
                  azure: true,
                  language: 'python',
                  callee: 'AzureChatOpenAI',
                  keyVar: 'AZURE_OPENAI_API_KEY',
                  keyVarFallbacks: ['OPENAI_API_KEY'],
                  options: { apiVersion: lit('2024-10-21') },
                }),
              ],
            }),
            [envFile('.env', { OPENAI_API_KEY: key, AZURE_OPENAI_ENDPOINT: 'https://r.openai.azure.com' })],
          ),
        },

        {
          name: 'api-version from OPENAI_API_VERSION and endpoint from AZURE_OPENAI_ENDPOINT',
          facts: facts(code({ clients: [az({ options: {} })] }), [
            envFile('.env', {
              AZURE_OPENAI_API_KEY: azureKey,
              OPENAI_API_VERSION: '2024-10-21',
              AZURE_OPENAI_ENDPOINT: 'https://r.openai.azure.com',
            }),
          ]),
        },
        {
          // autogen's `AsyncAzureOpenAI(**azure_config)`: the config may carry api_version and azure_endpoint
          name: 'options passed through (**config): no api-version or endpoint is known to be missing',
          facts: facts(code({ clients: [az({ options: {}, spread: true })] }), [
            envFile('.env', { AZURE_OPENAI_API_KEY: azureKey }),
          ]),
        },
        {
          name: 'v1 Azure API with the plain OpenAI client',
          facts: facts(
            code({ clients: [client({ options: { baseURL: lit('https://res.openai.azure.com/openai/v1/') } })] }),
            [azEnv],
          ),
        },
        { name: 'plain OpenAI client and key', facts: facts(code({ clients: [client()] }), [dotenv]) },
        {
          name: 'LangChain Azure with its own key',
          facts: facts(
            code({
              clients: [
                client({
                  sdk: 'langchain-azure',
                  azure: true,
                  language: 'python',
                  keyVar: 'AZURE_OPENAI_API_KEY',
                  keyVarFallbacks: ['OPENAI_API_KEY'],
                  options: { apiVersion: lit('2024-10-21') },
                }),
              ],
            }),
            [envFile('.env', { AZURE_OPENAI_API_KEY: azureKey, OPENAI_API_KEY: key })],
          ),
        },
      ],
    },
    it,
  );
});
