/**
 * live-azure-deployment-not-found: its catalog entry, the rules that read it from an API answer (src/live/classify.ts runs
 * every family's rules in the order of ./index.ts), and the check that reports it from the live step.
 */
import type { FindingMeta } from '../types.js';
import type { AnswerRule } from '../../live/answer.js';
import { liveCheck } from './_lib/live-check.js';

export const meta: FindingMeta = {
  id: 'live-azure-deployment-not-found',
  title: 'The Azure deployment does not exist',
  severity: 'error',
  area: 'live',
  docs: {
    what: 'Azure HTTP 404 `DeploymentNotFound` ("The API deployment for this resource does not exist").',
    why: 'The client asked for a deployment name this resource does not have: Azure needs the deployment name you chose, not the model name, and a new deployment takes a few minutes to appear.',
    fix: 'Use the name listed in Azure AI Foundry → Deployments as `model` / `deployment` (or `AZURE_OPENAI_DEPLOYMENT`), and wait five minutes after creating one.',
  },
};

export const rules = {
  deployment: {
    name: 'Azure DeploymentNotFound',
    match: ({ message, lc, said, finding }) =>
      lc === 'deploymentnotfound' ||
      /API deployment for this resource does not exist|deployment .{0,80} (?:does not exist|was not found)/i.test(
        message,
      )
        ? [
            finding({
              id: 'live-azure-deployment-not-found',
              message: `Azure OpenAI has no deployment by the name the client asked for (404 DeploymentNotFound).${said}`,
              fix: {
                summary:
                  'Use the deployment name shown in Azure AI Foundry → Deployments (not the model name) as `model` / `deployment`, and wait a few minutes after creating it.',
              },
            }),
          ]
        : undefined,
  },
} satisfies Record<string, AnswerRule>;

export const check = liveCheck(meta);
