import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../../../src/checks/exposure/dotenv-not-ignored.js';
import { testCheck } from '../../helpers/check-tester.js';
import { openaiKey } from '../../helpers/keys.js';
import { envFile, git, hit, withHits } from './hits.js';

describe('dotenv-not-ignored', () => {
  const key = openaiKey('proj', 'dni');
  testCheck(
    check,
    {
      bad: [
        {
          name: 'tracked .env (git facts)',
          facts: withHits([hit('.env', { ignored: false })], { project: git(['.env']) }),
          count: 1,
          expect: (f) => {
            assert.equal(f[0]?.severity, 'error');
            assert.match(f[0]?.message ?? '', /tracked by git/);
            assert.equal(f[0]?.fix?.command, 'git rm --cached .env');
          },
        },
        {
          name: 'tracked even though ignored now',
          facts: withHits([hit('.env', { ignored: true })], { project: git(['.env']) }),
        },
        {
          name: 'not covered by .gitignore in a repo',
          facts: withHits([hit('.env', { ignored: false })], { project: git([]) }),
          expect: (f) => assert.match(f[0]?.message ?? '', /no \.gitignore rule covers/),
        },
        {
          name: 'not a repo: a warning',
          facts: withHits([hit('config.env')], { project: git([], false) }),
          expect: (f) => assert.equal(f[0]?.severity, 'warning'),
        },
        {
          name: 'staged',
          facts: withHits([hit('.env', { staged: true, ignored: false })], { project: git([]) }),
          expect: (f) => assert.match(f[0]?.message ?? '', /staged for commit/),
        },
        {
          name: 'from the parsed env files (tracked flag)',
          facts: withHits([], {
            envFiles: [envFile('.env', { OPENAI_API_KEY: key }, { tracked: true, ignored: false })],
            project: git([]),
          }),
        },
        {
          name: 'two keys in one file: one finding',
          facts: withHits([hit('.env', { line: 1 }), hit('.env', { line: 2, secret: openaiKey('legacy', 'x') })], {
            project: git(['.env']),
          }),
          count: 1,
          expect: (f) => assert.match(f[0]?.message ?? '', /and 1 more key/),
        },
      ],
      good: [
        { name: 'ignored and untracked', facts: withHits([hit('.env', { ignored: true })], { project: git([]) }) },
        {
          name: 'env file facts say ignored',
          facts: withHits([hit('.env')], {
            envFiles: [envFile('.env', { OPENAI_API_KEY: key }, { tracked: false, ignored: true })],
            project: git([]),
          }),
        },
        {
          name: 'placeholders are not keys',
          facts: withHits([], {
            envFiles: [envFile('.env', { OPENAI_API_KEY: 'sk-your-key-here' }, { tracked: true })],
            project: git(['.env']),
          }),
        },
        { name: 'keys in source are another id', facts: withHits([hit('app.py')], { project: git(['app.py']) }) },
        {
          name: 'env files outside the project',
          facts: withHits([], {
            envFiles: [envFile('../other/.env', { OPENAI_API_KEY: key }, { tracked: true })],
            project: git([]),
          }),
        },
      ],
    },
    it,
  );
});
