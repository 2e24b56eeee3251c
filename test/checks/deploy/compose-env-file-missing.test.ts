import { describe, it } from 'node:test';
import { check } from '../../../src/checks/deploy/compose-env-file-missing.js';
import { testCheck } from '../../helpers/check-tester.js';
import assert from 'node:assert/strict';
import { inMemory } from '../../deploy/util.js';

const f = (files: Record<string, string>) => inMemory(files).facts;

const cases = {
  bad: [
    {
      name: 'string form',
      facts: f({ 'compose.yaml': 'services:\n  api:\n    image: api\n    env_file: .env\n' }),
      count: 1,
    },
    {
      name: 'list form in an override, relative to the compose folder',
      facts: f({
        'ops/compose.yaml': 'services:\n  api:\n    image: api\n',
        'ops/compose.override.yaml': 'services:\n  api:\n    env_file:\n      - ../secrets/openai.env\n',
        'ops/openai.env': 'X=1\n',
      }),
      count: 1,
    },
    {
      name: 'long form, required by default',
      facts: f({ 'compose.yaml': 'services:\n  api:\n    image: api\n    env_file:\n      - path: ./api.env\n' }),
      count: 1,
    },
  ],
  good: [
    {
      name: 'file exists',
      facts: f({
        'compose.yaml': 'services:\n  api:\n    image: api\n    env_file: [.env]\n',
        '.env': 'OPENAI_MODEL=gpt-4o-mini\n',
      }),
    },
    {
      name: 'required: false',
      facts: f({
        'compose.yaml':
          'services:\n  api:\n    image: api\n    env_file:\n      - path: .env.local\n        required: false\n',
      }),
    },
  ],
};

describe('compose-env-file-missing', () => testCheck(check, cases, it));

describe('compose-env-file-missing names the template next to the missing file', () => {
  const run = (files: Record<string, string>) =>
    check.run({
      facts: f({ 'compose.yaml': 'services:\n  api:\n    image: api\n    env_file: .env\n', ...files }),
    } as Parameters<typeof check.run>[0]);
  it('.env.dist or .env.example: "looks like its template"', () => {
    for (const t of ['.env.dist', '.env.example', '.env.sample'])
      assert.match(
        String(run({ [t]: 'OPENAI_API_KEY=\n' })[0]?.message),
        new RegExp(`${t.replace(/\./g, '\\.')} looks like its template`),
        t,
      );
  });
  it('a real env file beside it (.env.production) is not called a template', () => {
    assert.doesNotMatch(String(run({ '.env.production': 'OPENAI_API_KEY=x\n' })[0]?.message), /template/);
  });
});
