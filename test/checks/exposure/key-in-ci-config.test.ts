import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../../../src/checks/exposure/key-in-ci-config.js';
import { testCheck } from '../../helpers/check-tester.js';
import { hit, withHits } from './hits.js';

describe('key-in-ci-config', () => {
  const ci = [
    '.github/workflows/test.yml',
    '.gitlab-ci.yml',
    '.circleci/config.yml',
    'azure-pipelines.yml',
    'bitbucket-pipelines.yml',
    'Jenkinsfile',
    '.travis.yml',
    'cloudbuild.yaml',
    '.buildkite/pipeline.yml',
    '.drone.yml',
  ];
  testCheck(
    check,
    {
      bad: [
        ...ci.map((rel) => ({ name: rel, facts: withHits([hit(rel)]), count: 1 })),
        {
          name: 'a file the deploy collector calls CI',
          facts: withHits([hit('ci/pipeline.yaml')], {
            deploy: { files: [{ rel: 'ci/pipeline.yaml', kind: 'ci-other' }], claimed: [], providedNames: [] },
          }),
          expect: (f) => assert.match(f[0]?.fix?.summary ?? '', /secrets/),
        },
      ],
      good: [
        { name: 'a workflow-looking file elsewhere', facts: withHits([hit('docs/workflows/ci.yml')]) },
        { name: 'source', facts: withHits([hit('src/a.ts')]) },
        {
          name: 'claimed by the deploy checks',
          facts: withHits([hit('.gitlab-ci.yml')], {
            deploy: { files: [], claimed: [{ path: '.gitlab-ci.yml' }], providedNames: [] },
          }),
        },
      ],
    },
    it,
  );
});
