import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testCheck } from '../../helpers/check-tester.js';
import { openaiKey } from '../../helpers/keys.js';
import { resolveTargets } from '../../../src/resolve/index.js';
import { envFile, facts, rc } from '../../resolve/build.js';
import { check as shadowed } from '../../../src/checks/value/key-shadowed.js';
import { check as conflict } from '../../../src/checks/value/key-conflict.js';
import type { Assignment, Target } from '../../../src/core/types.js';

const oldKey = openaiKey('proj', 'old');
const newKey = openaiKey('proj', 'new');
const resolved = (spec: Parameters<typeof facts>[0]) => {
  const f = facts(spec);
  return { facts: f, targets: resolveTargets(f) };
};
function composeTarget(): Target {
  const won: Assignment = {
    name: 'OPENAI_API_KEY',
    value: oldKey,
    kind: 'compose',
    location: { path: 'docker-compose.yml', line: 5 },
  };
  const lost: Assignment = {
    name: 'OPENAI_API_KEY',
    value: newKey,
    kind: 'dotenv',
    location: { path: '.env', line: 1 },
  };
  return {
    id: 'compose:api',
    kind: 'compose-service',
    label: 'compose service api',
    keyVar: 'OPENAI_API_KEY',
    vars: {
      OPENAI_API_KEY: {
        name: 'OPENAI_API_KEY',
        value: oldKey,
        winner: won,
        chain: [
          { assignment: won, status: 'won' },
          {
            assignment: lost,
            status: 'overridden',
            reason: 'the shell environment beats .env when compose interpolates',
          },
        ],
      },
    },
  };
}
const py = { pyFiles: ['app.py'], python: { 'python-dotenv': '' } };

describe('key-shadowed', () => {
  testCheck(
    shadowed,
    {
      bad: [
        {
          name: 'an export in ~/.bashrc beats .env under load_dotenv()',
          ...resolved({
            ...py,
            env: { OPENAI_API_KEY: oldKey },
            startup: [rc('~/.bashrc', 2, 'OPENAI_API_KEY', oldKey)],
            files: [envFile('.env', [['OPENAI_API_KEY', newKey]])],
          }),
          count: 1,
          expect: (fs) => {
            const f = fs[0];
            assert.deepEqual(f?.location, { path: '~/.bashrc', line: 2 });
            assert.equal(f?.related?.[0]?.path, '.env');
            assert.match(f?.message ?? '', /load_dotenv\(\) does not override/);
            assert.match(f?.fix?.summary ?? '', /Remove line 2 of ~\/\.bashrc.*load_dotenv\(override=True\)/);
            assert.equal(f?.fix?.command, 'unset OPENAI_API_KEY');
          },
        },
        {
          name: 'a fish universal variable beats .env in a Node app',
          ...resolved({
            env: { OPENAI_API_KEY: oldKey },
            startup: [rc('~/.config/fish/fish_variables', 4, 'OPENAI_API_KEY', oldKey, true, 'fish')],
            pkg: { scripts: { start: 'node --env-file=.env index.js' } },
            files: [envFile('.env', [['OPENAI_API_KEY', newKey]])],
          }),
          expect: (fs) => assert.equal(fs[0]?.fix?.command, 'set -eU OPENAI_API_KEY'),
        },
        {
          name: 'a value exported by hand beats .env in Next.js',
          ...resolved({
            env: { OPENAI_API_KEY: oldKey },
            pkg: { scripts: { dev: 'next dev' }, dependencies: { next: '15' } },
            files: [envFile('.env.local', [['OPENAI_API_KEY', newKey]])],
          }),
          expect: (fs) => assert.match(fs[0]?.fix?.summary ?? '', /exported by hand/),
        },
        {
          name: 'compose interpolates the old shell value over .env (deployment target)',
          facts: facts({ env: { OPENAI_API_KEY: oldKey }, startup: [rc('~/.bashrc', 2, 'OPENAI_API_KEY', oldKey)] }),
          targets: [composeTarget()],
          expect: (fs) => {
            assert.equal(fs[0]?.location?.path, 'docker-compose.yml');
            assert.match(fs[0]?.fix?.summary ?? '', /Remove line 2 of ~\/\.bashrc/);
            assert.ok(fs[0]?.related?.some((r) => r.path === '~/.bashrc'));
          },
        },
      ],
      good: [
        {
          name: 'same value in the shell and .env',
          ...resolved({
            ...py,
            env: { OPENAI_API_KEY: newKey },
            files: [envFile('.env', [['OPENAI_API_KEY', newKey]])],
          }),
        },
        {
          name: 'load_dotenv(override=True) makes .env win',
          ...resolved({
            pyFiles: ['app.py'],
            env: { OPENAI_API_KEY: oldKey },
            files: [envFile('.env', [['OPENAI_API_KEY', newKey]])],
            code: { dotenvLoads: [{ file: 'app.py', line: 2, loader: 'python-dotenv', override: true }] },
          }),
        },
        {
          name: 'nothing in the shell',
          ...resolved({ ...py, files: [envFile('.env', [['OPENAI_API_KEY', newKey]])] }),
        },
        {
          name: '.env.local beating .env is a conflict, not shadowing',
          ...resolved({
            pkg: { scripts: { dev: 'next dev' }, dependencies: { next: '15' } },
            files: [envFile('.env.local', [['OPENAI_API_KEY', oldKey]]), envFile('.env', [['OPENAI_API_KEY', newKey]])],
          }),
        },
      ],
    },
    it,
  );
});

describe('key-conflict', () => {
  testCheck(
    conflict,
    {
      bad: [
        {
          name: 'Next.js: .env.local wins over .env',
          ...resolved({
            pkg: { scripts: { dev: 'next dev' }, dependencies: { next: '15' } },
            files: [envFile('.env.local', [['OPENAI_API_KEY', oldKey]]), envFile('.env', [['OPENAI_API_KEY', newKey]])],
          }),
          count: 1,
          expect: (fs) => {
            assert.equal(fs[0]?.location?.path, '.env.local');
            assert.match(fs[0]?.message ?? '', /\.env\.local is read first, and Next\.js keeps the first value/);
          },
        },
        {
          name: 'this shell differs from ~/.zshrc (a new terminal gets another key)',
          ...resolved({ env: { OPENAI_API_KEY: oldKey }, startup: [rc('~/.zshrc', 9, 'OPENAI_API_KEY', newKey)] }),
          expect: (fs) => assert.match(fs[0]?.message ?? '', /new terminal/),
        },
        {
          name: 'two --env-file files: the later wins',
          ...resolved({
            pkg: { scripts: { start: 'node --env-file=.env --env-file=.env.prod index.js' } },
            files: [envFile('.env', [['OPENAI_API_KEY', oldKey]]), envFile('.env.prod', [['OPENAI_API_KEY', newKey]])],
          }),
        },
      ],
      good: [
        {
          name: 'equal values in two files',
          ...resolved({
            pkg: { scripts: { dev: 'next dev' }, dependencies: { next: '15' } },
            files: [envFile('.env.local', [['OPENAI_API_KEY', newKey]]), envFile('.env', [['OPENAI_API_KEY', newKey]])],
          }),
        },
        {
          name: "shadowing is key-shadowed's",
          ...resolved({
            ...py,
            env: { OPENAI_API_KEY: oldKey },
            files: [envFile('.env', [['OPENAI_API_KEY', newKey]])],
          }),
        },
        {
          name: 'a file nothing loads does not conflict',
          ...resolved({
            ...py,
            files: [
              envFile('.env', [['OPENAI_API_KEY', newKey]]),
              envFile('.env.production', [['OPENAI_API_KEY', oldKey]]),
            ],
          }),
        },
        {
          name: "a duplicate line in one file is dotenv-parse-issue's",
          ...resolved({
            ...py,
            files: [
              envFile('.env', [
                ['OPENAI_API_KEY', oldKey],
                ['OPENAI_API_KEY', newKey],
              ]),
            ],
          }),
        },
      ],
    },
    it,
  );
});
