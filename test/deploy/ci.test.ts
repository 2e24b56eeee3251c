import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openaiKey } from '../helpers/keys.js';
import { collect, ids } from './util.js';

const wf = (on: string, job: string) => `name: test\non:\n${on}\npermissions:\n  contents: read\njobs:\n${job}`;
const testJob = (extra = '') =>
  `  test:\n    runs-on: ubuntu-latest${extra}\n    env:\n      OPENAI_API_KEY: \${{ secrets.OPENAI_API_KEY }}\n      OPENAI_MODEL: \${{ vars.OPENAI_MODEL }}\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v5\n        with: { python-version: '3.12' }\n      - run: pip install -r requirements.txt && pytest -q\n`;

describe('GitHub Actions', () => {
  it('push-only workflow using the secret: healthy, and no guessed target', async () => {
    const r = await collect({ '.github/workflows/ci.yml': wf('  push:\n    branches: [main]', testJob()) });
    assert.deepEqual(ids(r.findings), []);
    assert.deepEqual(r.targets, []);
    const job = r.facts.deploy?.ci?.[0];
    assert.deepEqual(
      job?.env.map((e) => [e.name, e.ref?.kind, e.ref?.name]),
      [
        ['OPENAI_API_KEY', 'secret', 'OPENAI_API_KEY'],
        ['OPENAI_MODEL', 'var', 'OPENAI_MODEL'],
      ],
    );
    assert.ok(
      r.facts.deploy?.providedNames.some(
        (p) => p.name === 'OPENAI_API_KEY' && p.location.path === '.github/workflows/ci.yml',
      ),
    );
  });

  it('marks the jobs whose scripts run a test runner, and not those that run the app', async () => {
    const job = (run: string) =>
      `  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: ${run}\n`;
    for (const [run, tests] of [
      ['go test -v ./api_integration_test.go', true],
      ['pip install -r requirements.txt && pytest -q', true],
      ['python -m pytest tests/', true],
      ['npm run test:unit', true],
      ['npx vitest run', true],
      ['./gradlew test', true],
      ['python app.py', false],
      ['go run ./examples/demo', false],
      ['npm run build', false],
      ['echo pytesting', false],
    ] as const) {
      const r = await collect({ '.github/workflows/ci.yml': wf('  push:', job(run)) });
      assert.equal(r.facts.deploy?.ci?.[0]?.runsTests === true, tests, run);
    }
  });

  it('pull_request: fork runs get an empty secret; a fork guard silences it', async () => {
    const bad = await collect({
      '.github/workflows/ci.yml': wf('  pull_request:\n  push:\n    branches: [main]', testJob()),
    });
    assert.deepEqual(ids(bad.findings), ['ci-secret-unavailable']);
    assert.equal(bad.findings[0]?.data?.reason, 'fork-pull-request');
    const good = await collect({
      '.github/workflows/ci.yml': wf(
        '  pull_request:',
        testJob('\n    if: github.event.pull_request.head.repo.full_name == github.repository'),
      ),
    });
    assert.deepEqual(ids(good.findings), []);
  });

  it('reusable workflow called without secrets: inherit', async () => {
    const callee =
      'on:\n  workflow_call:\n    secrets:\n      OPENAI_API_KEY:\n        required: true\njobs:\n  eval:\n    runs-on: ubuntu-latest\n    steps:\n      - run: python eval.py\n        env:\n          OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n';
    const bad = await collect({
      '.github/workflows/eval.yml': callee,
      '.github/workflows/main.yml': 'on: [push]\njobs:\n  call:\n    uses: ./.github/workflows/eval.yml\n',
    });
    assert.deepEqual(ids(bad.findings), ['ci-secret-unavailable']);
    assert.equal(bad.findings[0]?.severity, 'error');
    const inherit = await collect({
      '.github/workflows/eval.yml': callee,
      '.github/workflows/main.yml':
        'on: [push]\njobs:\n  call:\n    uses: ./.github/workflows/eval.yml\n    secrets: inherit\n',
    });
    assert.deepEqual(ids(inherit.findings), []);
    // called from a pull_request workflow, the inherited secret is still empty for forks
    const pr = await collect({
      '.github/workflows/eval.yml': callee,
      '.github/workflows/pr.yml':
        'on: [pull_request]\njobs:\n  call:\n    uses: ./.github/workflows/eval.yml\n    secrets: inherit\n',
    });
    assert.deepEqual(
      pr.findings.map((f) => [f.id, f.data?.reason, f.location?.path]),
      [['ci-secret-unavailable', 'fork-pull-request', '.github/workflows/pr.yml']],
    );
    const passed = await collect({
      '.github/workflows/eval.yml': callee,
      '.github/workflows/main.yml':
        'on: [push]\njobs:\n  call:\n    uses: ./.github/workflows/eval.yml\n    secrets:\n      OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n',
    });
    assert.deepEqual(ids(passed.findings), []);
  });

  it('Dependabot runs get Dependabot secrets only (info), unless the job skips them', async () => {
    const dep = {
      '.github/dependabot.yml':
        'version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    schedule: { interval: weekly }\n',
    };
    const r = await collect({ ...dep, '.github/workflows/ci.yml': wf('  push:', testJob()) });
    assert.deepEqual(
      r.findings.map((f) => [f.id, f.severity]),
      [['ci-secret-unavailable', 'info']],
    );
    const skip = await collect({
      ...dep,
      '.github/workflows/ci.yml': wf('  push:', testJob("\n    if: github.actor != 'dependabot[bot]'")),
    });
    assert.deepEqual(skip.findings, []);
    const mainOnly = await collect({
      ...dep,
      '.github/workflows/ci.yml': wf('  push:\n    branches: [main]', testJob()),
    });
    assert.deepEqual(mainOnly.findings, []);
    const guarded = await collect({
      ...dep,
      '.github/workflows/ci.yml': wf(
        '  push:\n  pull_request:',
        testJob("\n    if: github.event_name == 'push' && github.ref == 'refs/heads/main'"),
      ),
    });
    assert.deepEqual(guarded.findings, []);
  });

  it('dummy keys for mocked tests make no target; a literal value that looks real does, step env beating job env', async () => {
    const dummy = await collect({
      '.github/workflows/ci.yml':
        'on: push\nenv:\n  OPENAI_API_KEY: sk-test-dummy\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
    });
    assert.deepEqual(dummy.targets, []);
    const key = openaiKey('legacy', 'ci');
    const real = await collect({
      '.github/workflows/ci.yml': `on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    env:\n      OPENAI_API_KEY: \${{ secrets.OPENAI_API_KEY }}\n    steps:\n      - run: npm test\n        env:\n          OPENAI_API_KEY: ${key}\n`,
    });
    const t = real.targets.find((x) => x.kind === 'ci-job');
    assert.equal(t?.vars.OPENAI_API_KEY?.value, key);
  });

  it('malformed workflow: a note, no crash', async () => {
    const r = await collect({ '.github/workflows/x.yml': 'on: push\njobs:\n  a: {\n' });
    assert.ok(r.facts.notes.some((n) => n.kind === 'parse-error' && n.path === '.github/workflows/x.yml'));
    assert.deepEqual(r.findings, []);
  });
});

describe('GitLab CI and CircleCI', () => {
  const gitlab = (rules: string) =>
    `stages: [test]\nvariables:\n  OPENAI_MODEL: gpt-4o-mini\n.py:\n  image: python:3.12\n  variables:\n    PIP_CACHE_DIR: .pip\ntest:\n  extends: .py\n  stage: test\n${rules}  script:\n    - pip install -r requirements.txt\n    - test -n "$OPENAI_API_KEY"\n    - pytest\n`;
  it('a merge-request job reading a possibly protected variable is a warning; main-only jobs pass', async () => {
    const bad = await collect({
      '.gitlab-ci.yml': gitlab('  rules:\n    - if: $CI_PIPELINE_SOURCE == "merge_request_event"\n'),
    });
    assert.deepEqual(
      bad.findings.map((f) => [f.id, f.data?.reason]),
      [['ci-secret-unavailable', 'gitlab-protected']],
    );
    const good = await collect({
      '.gitlab-ci.yml': gitlab('  rules:\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n'),
    });
    assert.deepEqual(good.findings, []);
    assert.equal(good.facts.deploy?.ci?.[0]?.id, 'test');
    assert.ok(good.facts.deploy?.ci?.[0]?.env.some((e) => e.name === 'PIP_CACHE_DIR'));
  });

  it('CircleCI does not interpolate environment: values, so `$OPENAI_KEY` is the literal text', async () => {
    const r = await collect({
      '.circleci/config.yml':
        'version: 2.1\njobs:\n  test:\n    docker:\n      - image: cimg/python:3.12\n    environment:\n      OPENAI_API_KEY: $OPENAI_KEY\n    steps:\n      - checkout\n      - run: pytest\nworkflows:\n  main:\n    jobs:\n      - test:\n          context: [openai]\n',
    });
    const t = r.targets.find((x) => x.kind === 'ci-job');
    assert.equal(t?.vars.OPENAI_API_KEY?.value, '$OPENAI_KEY');
    assert.deepEqual(r.facts.deploy?.ci?.[0]?.contexts, ['openai']);
  });
});
