import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../../../src/checks/exposure/key-exposed-to-client.js';
import { testCheck } from '../../helpers/check-tester.js';
import type { CodeFacts } from '../../../src/code/types.js';
import { openaiKey } from '../../helpers/keys.js';
import { envFile, hit, withHits } from './hits.js';

function code(over: Partial<CodeFacts>): CodeFacts {
  return { files: [], entryPoints: [], envReads: [], dotenvLoads: [], clients: [], sdk: {}, ...over };
}

describe('key-exposed-to-client', () => {
  const key = openaiKey('proj', 'exp');
  const prefixes = [
    'NEXT_PUBLIC_',
    'VITE_',
    'REACT_APP_',
    'EXPO_PUBLIC_',
    'PUBLIC_',
    'NUXT_PUBLIC_',
    'GATSBY_',
    'VUE_APP_',
  ];
  testCheck(
    check,
    {
      bad: [
        {
          name: 'a key in a built bundle',
          facts: withHits([hit('dist/assets/index.js')]),
          count: 1,
          expect: (f) => assert.match(f[0]?.message ?? '', /built output/),
        },
        { name: 'a key in .next output', facts: withHits([hit('.next/static/chunks/app.js')]) },
        ...prefixes.map((p) => ({
          name: `${p} variable in an ignored env file`,
          facts: withHits([hit('.env.local', { name: `${p}OPENAI_API_KEY`, ignored: true })]),
          count: 1,
        })),
        {
          name: 'a public variable in parsed env files',
          facts: withHits([], { envFiles: [envFile('.env.production', { VITE_OPENAI_KEY: key })] }),
          expect: (f) => assert.match(f[0]?.message ?? '', /VITE_ prefix/),
        },
        {
          name: 'a literal in a client module',
          facts: withHits([hit('app/chat.tsx')], {
            code: code({ files: [{ file: 'app/chat.tsx', language: 'ts', clientSide: true }] }),
          }),
        },
        {
          name: 'dangerouslyAllowBrowser',
          facts: withHits([], {
            code: code({
              clients: [
                {
                  file: 'src/ai.ts',
                  line: 4,
                  sdk: 'openai-node',
                  options: { apiKey: { kind: 'env', name: 'VITE_OPENAI_API_KEY' }, dangerouslyAllowBrowser: true },
                },
              ],
            }),
          }),
          count: 1,
          expect: (f) => assert.equal(f[0]?.severity, undefined),
        },
        {
          name: 'a client module reads a public key variable nothing sets yet: a warning',
          facts: withHits([], {
            code: code({
              files: [{ file: 'app/chat.tsx', language: 'ts', clientSide: true }],
              envReads: [
                {
                  name: 'NEXT_PUBLIC_OPENAI_API_KEY',
                  file: 'app/chat.tsx',
                  line: 3,
                  language: 'ts',
                  via: 'process.env',
                },
              ],
            }),
          }),
          expect: (f) => {
            assert.equal(f[0]?.severity, 'warning');
            assert.match(f[0]?.message ?? '', /no key is published today/);
          },
        },
        {
          name: 'a client module reads a public key variable the shell sets: an error',
          facts: withHits([], {
            env: { NEXT_PUBLIC_OPENAI_API_KEY: key },
            code: code({
              files: [{ file: 'app/chat.tsx', language: 'ts', clientSide: true }],
              envReads: [
                {
                  name: 'NEXT_PUBLIC_OPENAI_API_KEY',
                  file: 'app/chat.tsx',
                  line: 3,
                  language: 'ts',
                  via: 'process.env',
                },
              ],
            }),
          }),
          expect: (f) => assert.equal(f[0]?.severity, undefined),
        },
        {
          // one variable inlined into the bundle is one fact: the pages reading it are its related locations
          name: 'many client modules read one public key variable: one finding',
          facts: withHits([], {
            code: code({
              files: ['a', 'b', 'c'].map((x) => ({
                file: `app/${x}/page.js`,
                language: 'js' as const,
                clientSide: true,
              })),
              envReads: ['a', 'b', 'c'].flatMap((x) =>
                [3, 9].map((line) => ({
                  name: 'NEXT_PUBLIC_GROQ_API_KEY',
                  file: `app/${x}/page.js`,
                  line,
                  language: 'js' as const,
                  via: 'process.env' as const,
                })),
              ),
            }),
          }),
          count: 1,
          expect: (f) => {
            assert.match(f[0]?.message ?? '', /app\/a\/page\.js and 2 other modules read NEXT_PUBLIC_GROQ_API_KEY/);
            assert.equal(f[0]?.related?.length, 5);
          },
        },
        {
          name: 'the reads of a variable whose value is reported join that finding',
          facts: withHits([], {
            envFiles: [envFile('.env.local', { NEXT_PUBLIC_OPENAI_API_KEY: key })],
            code: code({
              files: [{ file: 'app/chat.tsx', language: 'ts', clientSide: true }],
              envReads: [
                {
                  name: 'NEXT_PUBLIC_OPENAI_API_KEY',
                  file: 'app/chat.tsx',
                  line: 3,
                  language: 'ts',
                  via: 'process.env',
                },
              ],
            }),
          }),
          count: 1,
          expect: (f) =>
            assert.deepEqual(
              f[0]?.related?.map((r) => `${r.path}:${r.line}`),
              ['app/chat.tsx:3'],
            ),
        },
      ],
      good: [
        {
          name: 'server-side key in an ignored env file',
          facts: withHits([hit('.env', { name: 'OPENAI_API_KEY', ignored: true })]),
        },
        {
          name: 'a key in server source',
          facts: withHits([hit('src/server.ts')], {
            code: code({ files: [{ file: 'src/server.ts', language: 'ts' }] }),
          }),
        },
        {
          name: 'public variables that are not keys',
          facts: withHits([], {
            envFiles: [envFile('.env', { NEXT_PUBLIC_API_URL: 'https://api.example.com', VITE_MODEL: 'gpt-4o' })],
          }),
        },
        {
          name: 'public variable holding a placeholder',
          facts: withHits([], { envFiles: [envFile('.env', { NEXT_PUBLIC_OPENAI_API_KEY: 'sk-...' })] }),
        },
        {
          name: 'a server module reads a public-looking name',
          facts: withHits([], {
            code: code({
              envReads: [
                {
                  name: 'NEXT_PUBLIC_OPENAI_API_KEY',
                  file: 'lib/server.ts',
                  line: 1,
                  language: 'ts',
                  via: 'process.env',
                },
              ],
            }),
          }),
        },
        {
          name: 'a client module reads a ChatKit domain key (public by design)',
          facts: withHits([], {
            code: code({
              files: [{ file: 'components/panel.tsx', language: 'ts', clientSide: true }],
              envReads: [
                {
                  name: 'NEXT_PUBLIC_CHATKIT_DOMAIN_KEY',
                  file: 'components/panel.tsx',
                  line: 4,
                  language: 'ts',
                  via: 'process.env',
                },
              ],
            }),
            envFiles: [envFile('.env.local', { NEXT_PUBLIC_CHATKIT_DOMAIN_KEY: 'domain_pk_68f1c2e5a9b04d7e8c3f2a1b' })],
          }),
        },
        {
          name: 'a client module reads a publishable key of another service',
          facts: withHits([], {
            code: code({
              files: [{ file: 'src/pay.tsx', language: 'ts', clientSide: true }],
              envReads: [
                {
                  name: 'VITE_STRIPE_PUBLISHABLE_KEY',
                  file: 'src/pay.tsx',
                  line: 2,
                  language: 'ts',
                  via: 'import.meta.env',
                },
                { name: 'NEXT_PUBLIC_MAPBOX_TOKEN', file: 'src/pay.tsx', line: 3, language: 'ts', via: 'process.env' },
              ],
            }),
          }),
        },
        {
          name: 'an LLM key name whose only value is a publishable one',
          facts: withHits([], {
            code: code({
              files: [{ file: 'src/chat.tsx', language: 'ts', clientSide: true }],
              envReads: [
                { name: 'NEXT_PUBLIC_OPENAI_KEY', file: 'src/chat.tsx', line: 2, language: 'ts', via: 'process.env' },
              ],
            }),
            envFiles: [envFile('.env', { NEXT_PUBLIC_OPENAI_KEY: 'domain_pk_prod_1234567890' })],
          }),
        },
        {
          name: 'a client without dangerouslyAllowBrowser',
          facts: withHits([], {
            code: code({
              clients: [
                {
                  file: 'src/ai.ts',
                  line: 4,
                  sdk: 'openai-node',
                  options: { apiKey: { kind: 'env', name: 'OPENAI_API_KEY' } },
                },
              ],
            }),
          }),
        },
      ],
    },
    it,
  );
});
