import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contextOf, isCiFile } from '../../src/scan/paths.js';

const CI = [
  '.github/workflows/ci.yml',
  '.github/workflows/Release.YAML',
  'packages/app/.github/workflows/deploy.yaml',
  '.github/actions/setup/action.yml',
  '.github/actions/a/b/action.yaml',
  '.circleci/config.yml',
  'sub/.circleci/config.yaml',
  '.buildkite/pipeline.yml',
  '.buildkite/hooks/pre-command',
  'buildkite.yml',
  '.gitlab/ci/test.gitlab-ci.yml',
  '.gitlab-ci.yml',
  'svc/.gitlab-ci.yaml',
  'azure-pipelines.yml',
  'bitbucket-pipelines.yml',
  'Jenkinsfile',
  'ci/Jenkinsfile.release',
  '.travis.yml',
  'cloudbuild.yaml',
  '.drone.yml',
  'appveyor.yml',
  'bitrise.yml',
  'codemagic.yaml',
  'buildspec.yml',
  '.cirrus.yml',
  'wercker.yml',
  '.woodpecker.yml',
  '.woodpecker/build.yml',
  '.tekton/pipeline.yaml',
  '.semaphore/semaphore.yml',
  'api/.semaphore/deploy.yml',
];

const NOT_CI = [
  '.github/workflows/README.md',
  '.github/workflows/scripts/run.yml', // a file beside the workflows, not a workflow
  '.github/dependabot.yml',
  'docs/github/workflows/ci.yml',
  'action.yml', // a published action's metadata outside .github/: not CI
  '.circleci/other.yml',
  'config.yml',
  'circleci/config.yml',
  'gitlab/ci/test.yml',
  '.gitlab/ci/README.md',
  '.semaphore/README.md',
  'semaphore.yml',
  'src/jenkins.ts',
  'src/ci.ts',
  'my.tekton.yaml',
  'travis.yml',
];

describe('isCiFile (src/scan/paths.ts)', () => {
  for (const p of CI) it(`CI: ${p}`, () => assert.equal(isCiFile(p), true));
  for (const p of NOT_CI) it(`not CI: ${p}`, () => assert.equal(isCiFile(p), false));
  it('gives the ci context to a key in a Semaphore pipeline', () => {
    assert.equal(contextOf('.semaphore/semaphore.yml'), 'ci');
    assert.equal(contextOf('.semaphore/README.md'), 'docs');
  });
});
