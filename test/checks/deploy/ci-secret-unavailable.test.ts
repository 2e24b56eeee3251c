import { describe, it } from 'node:test';
import { check } from '../../../src/checks/deploy/ci-secret-unavailable.js';
import { testCheck } from '../../helpers/check-tester.js';
import { inMemory } from '../../deploy/util.js';
import type { Facts } from '../../../src/core/facts.js';

const f = (files: Record<string, string>) => inMemory(files).facts;
const withCode = (facts: Facts, names: string[]): Facts => ({
  ...facts,
  code: {
    files: [],
    entryPoints: [],
    dotenvLoads: [],
    clients: [],
    sdk: {},
    envReads: names.map((name, i) => ({ name, file: 'app.py', line: i + 1, language: 'python', via: 'os.getenv' })),
  },
});
const wf = (on: string, env: string) =>
  `on: ${on}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n${env}    steps:\n      - uses: actions/checkout@v4\n      - run: pytest\n`;

const cases = {
  bad: [
    {
      name: 'fork pull requests',
      facts: f({
        '.github/workflows/ci.yml': wf('[pull_request]', '      OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n'),
      }),
      count: 1,
    },
    {
      name: 'secret mapped to a name the code does not read',
      facts: withCode(
        f({ '.github/workflows/ci.yml': wf('push', '      OPENAI_KEY: ${{ secrets.OPENAI_API_KEY }}\n') }),
        ['OPENAI_API_KEY'],
      ),
      count: 1,
    },
    {
      name: 'misnamed against an SDK client that reads OPENAI_API_KEY by default',
      facts: {
        ...f({ '.github/workflows/ci.yml': wf('push', '      OPENAI_TOKEN: ${{ secrets.OPENAI_TOKEN }}\n') }),
        code: {
          files: [],
          entryPoints: [],
          dotenvLoads: [],
          envReads: [],
          sdk: {},
          clients: [{ file: 'app.py', line: 3, sdk: 'openai-python', options: {} }],
        },
      },
      count: 1,
    },
    {
      name: 'a job without environment: next to one that reads the same secret in an environment (info)',
      facts: f({
        '.github/workflows/ci.yml':
          'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n        env:\n          OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n  deploy:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - run: ./deploy.sh\n        env:\n          OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n',
      }),
      count: 1,
    },
    {
      name: 'GitLab MR pipeline',
      facts: f({
        '.gitlab-ci.yml':
          'test:\n  script:\n    - pytest\n  variables:\n    OPENAI_API_KEY: $OPENAI_API_KEY_PROD\n  only:\n    - merge_requests\n',
      }),
      count: 1,
    },
  ],
  good: [
    {
      name: 'push to main',
      facts: f({
        '.github/workflows/ci.yml': wf(
          '{ push: { branches: [main] } }',
          '      OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n',
        ),
      }),
    },
    {
      name: "pull_request with the step guarded by env.OPENAI_API_KEY != ''",
      facts: f({
        '.github/workflows/ci.yml':
          "on: [pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n    steps:\n      - uses: actions/checkout@v4\n      - run: pytest tests/live\n        if: env.OPENAI_API_KEY != ''\n",
      }),
    },
    {
      name: 'pull_request whose step\'s script tests the key first (graphiti\'s `[ -z "$OPENAI_API_KEY" ]` ... exit 0)',
      facts: f({
        '.github/workflows/ci.yml':
          'on: [pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n    steps:\n      - uses: actions/checkout@v4\n      - run: |\n          if [ -z "$OPENAI_API_KEY" ]; then echo "no key: skipping"; exit 0; fi\n          pytest tests/live\n',
      }),
    },
    {
      name: 'pull_request without any OpenAI secret',
      facts: f({ '.github/workflows/ci.yml': wf('[pull_request]', '      NODE_ENV: test\n') }),
    },
    {
      name: 'a differently named variable the job uses itself',
      facts: withCode(
        f({
          '.github/workflows/deploy.yml':
            'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      OPENAI_API_KEY_PROD: ${{ secrets.OPENAI_API_KEY_PROD }}\n    steps:\n      - run: echo "$OPENAI_API_KEY_PROD" | vercel env add OPENAI_API_KEY production\n',
        }),
        ['OPENAI_API_KEY'],
      ),
    },
    {
      name: 'name matches the code',
      facts: withCode(
        f({ '.github/workflows/ci.yml': wf('push', '      OPENAI_API_KEY: ${{ secrets.OPENAI_KEY }}\n') }),
        ['OPENAI_API_KEY'],
      ),
    },
  ],
};

describe('ci-secret-unavailable', () => testCheck(check, cases, it));
