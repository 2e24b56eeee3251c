import type { FindingDraft } from '../../core/types.js';
import { claimedByDeploy, describe, hitData, isCiHit, locationOf, rotateFix, where } from './_lib/util.js';
import type { Check } from '../types.js';

/** A key literal in a CI definition (GitHub Actions, GitLab CI, CircleCI, Azure Pipelines, Jenkins, ...). */
export const check: Check = {
  meta: {
    id: 'key-in-ci-config',
    title: 'A key is written into a CI definition',
    severity: 'error',
    area: 'exposure',
    docs: {
      what: 'An API key literal sits in a CI definition: `.github/workflows/*`, `.gitlab-ci.yml`, `.circleci/config.yml`, `azure-pipelines.yml`, `bitbucket-pipelines.yml`, `Jenkinsfile`, `.travis.yml`, `cloudbuild.yaml`, Buildkite, Drone and the like.',
      why: 'CI files are committed and readable by everyone with access to the repository (and its forks); build logs may echo the value too. The key must be treated as leaked.',
      fix: "Rotate the key first (platform.openai.com/api-keys for OpenAI keys). Then store the new key in the CI platform's secret store (GitHub: Settings → Secrets and variables → Actions) and reference it: `env: OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}` (GitHub Actions), a masked protected variable (GitLab), a context or project variable (CircleCI). The old value stays in git history: see key-in-git-history.",
    },
  },
  run({ facts }) {
    const out: FindingDraft[] = [];
    for (const hit of facts.scan?.hits ?? []) {
      if (!isCiHit(facts, hit) || claimedByDeploy(facts, hit)) continue;
      out.push({
        id: 'key-in-ci-config',
        message: `${describe(hit)} is written in the CI definition ${where(hit)}. Everyone who can read the repository can use it.`,
        location: locationOf(hit),
        fix: rotateFix(
          hit,
          "store the new key in the CI platform's secrets and reference it (GitHub Actions: `${{ secrets.OPENAI_API_KEY }}`).",
        ),
        data: hitData(hit),
      });
    }
    return out;
  },
};
