import { describe, it } from 'node:test';
import { check } from '../../../src/checks/code/env-name-mismatch.js';
import { testCheck } from '../../helpers/check-tester.js';
import { openaiKey } from '../../helpers/keys.js';
import { client, code, envFile, facts, read } from './facts.js';
import assert from 'node:assert/strict';

const key = openaiKey('proj', 'enm');

describe('env-name-mismatch', () => {
  testCheck(
    check,
    {
      bad: [
        {
          name: 'another file reads the defined name: this file still reads a name nothing defines',
          facts: facts(
            code({
              envReads: [read('OPENAI_API_KEY', { file: 'a.py' }), read('OPENAI_KEY', { file: 'b.py' })],
            }),
            [envFile('.env', { OPENAI_API_KEY: key })],
          ),
          expect: (f) => {
            assert.match(f[0]?.message ?? '', /^b\.py:3 reads OPENAI_KEY/);
            // a.py reads OPENAI_API_KEY: both names are in use, so define the other as well (a rename breaks a.py)
            assert.equal(f[0]?.severity, 'warning');
            assert.equal(f[0]?.fix?.edit, undefined);
            assert.match(f[0]?.fix?.summary ?? '', /Add OPENAI_KEY=<value> .*keep OPENAI_API_KEY: other code reads it/);
          },
        },
        {
          name: 'the file reads OPENAI_KEY but gives the client nothing: the SDK reads OPENAI_API_KEY',
          facts: facts(code({ clients: [client()], envReads: [read('OPENAI_KEY')] }), [
            envFile('.env', { OPENAI_KEY: key }),
          ]),
          expect: (f) => assert.match(f[0]?.message ?? '', /is given no key, so the SDK reads OPENAI_API_KEY/),
        },
        {
          name: 'new OpenAI() reads OPENAI_API_KEY, .env has OPENAI_KEY',
          facts: facts(code({ clients: [client()] }), [envFile('.env', { OPENAI_KEY: key })]),
          count: 1,
          expect: (f) => assert.match(f[0]?.message ?? '', /OPENAI_KEY/),
        },
        {
          name: "a Vite app reads VITE_OPENAI_API_KEY while its .env still has CRA's REACT_APP_OPENAI_API_KEY",
          facts: facts(
            code({
              envReads: [read('VITE_OPENAI_API_KEY', { file: 'src/App.tsx', language: 'ts', via: 'import.meta.env' })],
            }),
            [envFile('.env', { REACT_APP_OPENAI_API_KEY: key })],
          ),
        },
        {
          name: 'code reads OPEN_AI_API_KEY, .env has OPENAI_API_KEY',
          facts: facts(code({ envReads: [read('OPEN_AI_API_KEY')] }), [envFile('.env', { OPENAI_API_KEY: key })]),
        },
        {
          name: "a `?? ''` default is no default",
          facts: facts(code({ envReads: [read('OPENAI_KEY', { default: '', language: 'ts', via: 'process.env' })] }), [
            envFile('.env', { OPENAI_API_KEY: key }),
          ]),
        },
        {
          name: 'case differs',
          facts: facts(code({ envReads: [read('openai_api_key', { language: 'js', via: 'process.env' })] }), [
            envFile('.env', { OPENAI_API_KEY: key }),
          ]),
        },
        {
          name: 'server code reads OPENAI_API_KEY, only NEXT_PUBLIC_ is defined',
          facts: facts(code({ envReads: [read('OPENAI_API_KEY', { file: 'app/api/route.ts' })] }), [
            envFile('.env.local', { NEXT_PUBLIC_OPENAI_API_KEY: key }),
          ]),
        },
        {
          name: 'typo in code, name from the shell',
          facts: facts(code({ envReads: [read('OPENAI_API_KYE')] }), [], { env: { OPENAI_API_KEY: key } }),
        },
        {
          name: 'name from a deployment file',
          facts: facts(code({ envReads: [read('OPENAI_APIKEY', { language: 'go', via: 'os.Getenv' })] }), [], {
            deploy: {
              files: [],
              claimed: [],
              providedNames: [{ name: 'OPENAI_API_KEY', location: { path: 'docker-compose.yml', line: 5 } }],
            },
          }),
        },
        {
          name: 'optional setting misnamed is a warning',
          facts: facts(code({ envReads: [read('OPENAI_BASE_URL')] }), [
            envFile('.env', { OPENAI_API_BASE: 'https://proxy.example.com/v1' }),
          ]),
          expect: (f) => assert.equal(f[0]?.severity, 'warning'),
        },
        {
          name: 'Azure client reads AZURE_OPENAI_API_KEY, .env has AZURE_OPENAI_KEY',
          facts: facts(
            code({ clients: [client({ sdk: 'azure-openai-node', azure: true, keyVar: 'AZURE_OPENAI_API_KEY' })] }),
            [envFile('.env', { AZURE_OPENAI_KEY: 'a'.repeat(32) })],
          ),
        },
      ],
      good: [
        {
          name: "two frameworks' public variables, the other one set outside a .env (a CI job for another example)",
          facts: facts(
            code({
              envReads: [
                read('NEXT_PUBLIC_CHAT_ENDPOINT_URL', { file: 'ink-app.tsx', language: 'ts', via: 'process.env' }),
              ],
            }),
            [],
            { env: { EXPO_PUBLIC_CHAT_ENDPOINT_URL: 'https://example.com/api/chat' } },
          ),
        },
        {
          name: 'the line that reads the name copies it into the similar one (os.environ["X"] = config("X_ID"))',
          facts: facts(
            code({
              envReads: [read('OPENAI_ORGANIZATION_ID', { file: 'main.py', line: 18, via: 'decouple.config' })],
              envWrites: [
                { name: 'OPENAI_ORGANIZATION', file: 'main.py', line: 18, language: 'python', via: 'os.environ' },
              ],
            }),
          ),
        },
        {
          name: "another service's token (GITHUB_ACCESS_TOKEN read, VITE_GITHUB_ACCESS_TOKEN defined): not LLM set-up",
          facts: facts(
            code({
              envReads: [
                read('GITHUB_ACCESS_TOKEN', { file: 'app/routes/api.ts', language: 'ts', via: 'process.env' }),
              ],
            }),
            [envFile('.env.local', { VITE_GITHUB_ACCESS_TOKEN: 'ghp_' + 'x'.repeat(36) })],
          ),
        },
        {
          name: "another Azure service's setting (AZURE_SPEECH_SERVICE_ID beside AZURE_SPEECH_SERVICE)",
          facts: facts(code({ envReads: [read('AZURE_SPEECH_SERVICE_ID')] }), [
            envFile('.env', { AZURE_SPEECH_SERVICE: 'speech-res' }),
          ]),
        },
        {
          name: 'a provider selector is not a base URL (OPENAI_BASE_URL read, OPENAI_HOST=azure defined)',
          facts: facts(code({ envReads: [read('OPENAI_BASE_URL')] }), [envFile('.env', { OPENAI_HOST: 'azure' })]),
        },
        {
          name: 'a template documents the name as an optional variable, commented out (anything-llm STT_GROQ_API_KEY)',
          facts: facts(
            code({
              envReads: [
                read('STT_GROQ_API_KEY', {
                  file: 'server/models/systemSettings.js',
                  language: 'js',
                  via: 'process.env',
                }),
              ],
            }),
            [
              envFile('server/.env', { GROQ_STT_API_KEY: 'gsk_' + 'x'.repeat(20) }),
              {
                ...envFile('server/.env.example', {}),
                role: 'example' as const,
                documented: ['STT_GROQ_API_KEY', 'STT_GROQ_MODEL'],
              },
            ],
          ),
        },
        {
          // os.getenv("AZURE_ENDPOINT") or os.getenv("AZURE_API_BASE"); NEXT_PUBLIC_X, else REACT_APP_X
          name: 'the same file reads the defined name too: the undefined one is an alternative, not a misspelling',
          facts: facts(
            code({
              envReads: [
                read('AZURE_OPENAI_ENDPOINT', { line: 5 }),
                read('AZURE_API_BASE', { line: 6 }),
                read('NEXT_PUBLIC_GPTR_API_URL', { file: 'host.ts', language: 'ts', via: 'process.env' }),
                read('REACT_APP_GPTR_API_URL', { file: 'host.ts', language: 'ts', via: 'process.env', line: 9 }),
              ],
            }),
            [
              envFile('.env', {
                AZURE_OPENAI_ENDPOINT: 'https://me.openai.azure.com',
                NEXT_PUBLIC_GPTR_API_URL: 'http://localhost:8000',
              }),
            ],
          ),
        },
        {
          name: 'the read name is defined',
          facts: facts(code({ clients: [client()] }), [envFile('.env', { OPENAI_API_KEY: key, OPENAI_KEY: key })]),
        },
        {
          name: 'defined only in the environment',
          facts: facts(code({ clients: [client()] }), [envFile('.env', { OPENAI_KEY: key })], {
            env: { OPENAI_API_KEY: key },
          }),
        },
        {
          name: 'a read with a default',
          facts: facts(code({ envReads: [read('OPEN_AI_API_KEY', { default: 'x' })] }), [
            envFile('.env', { OPENAI_API_KEY: key }),
          ]),
        },
        {
          name: 'nothing similar is defined (key-missing territory)',
          facts: facts(code({ clients: [client()] }), [envFile('.env', { ANTHROPIC_API_KEY: 'x' })]),
        },
        {
          name: 'irrelevant names are not compared',
          facts: facts(code({ envReads: [read('DB_HOST')] }), [envFile('.env', { DB_HOTS: 'x' })]),
        },
        {
          name: 'a similar name only in an example file',
          facts: facts(code({ clients: [client()] }), [envFile('.env.example', { OPENAI_KEY: 'sk-your-key' })]),
        },
        {
          name: 'explicit apiKey names the defined variable',
          facts: facts(
            code({
              clients: [
                client({
                  keyVar: 'OPENAI_KEY',
                  keyVarImplicit: undefined,
                  options: { apiKey: { kind: 'env', name: 'OPENAI_KEY' } },
                }),
              ],
            }),
            [envFile('.env', { OPENAI_KEY: key })],
          ),
        },
        {
          name: 'the code itself writes the name',
          facts: facts(
            code({
              clients: [client()],
              envWrites: [{ name: 'OPENAI_API_KEY', file: 'a.js', line: 1, language: 'js', via: 'process.env' }],
            }),
            [envFile('.env', { OPENAI_KEY: key })],
          ),
        },
        {
          name: 'LangChain Azure falls back to a defined OPENAI_API_KEY (azure-misconfigured covers it)',
          facts: facts(
            code({
              clients: [
                client({
                  sdk: 'langchain-azure',
                  keyVar: 'AZURE_OPENAI_API_KEY',
                  keyVarFallbacks: ['OPENAI_API_KEY'],
                  language: 'python',
                }),
              ],
            }),
            [envFile('.env', { OPENAI_API_KEY: key, AZURE_OPENAI_KEY: 'x' })],
          ),
        },
        { name: 'no code facts', facts: facts(undefined as never) },
      ],
    },
    it,
  );
});
