/**
 * live-azure-api-version: its catalog entry, the rules that read it from an API answer (src/live/classify.ts runs
 * every family's rules in the order of ./index.ts), and the check that reports it from the live step.
 */
import type { FindingMeta } from '../types.js';
import type { AnswerRule } from '../../live/answer.js';
import { liveCheck } from './_lib/live-check.js';

export const meta: FindingMeta = {
  id: 'live-azure-api-version',
  title: 'Wrong Azure api-version or URL',
  severity: 'error',
  area: 'live',
  docs: {
    what: 'Azure HTTP 404 "Resource not found", HTTP 400 "API version not supported", or "Missing required query parameter: api-version".',
    why: 'The classic path `/openai/deployments/...` needs a supported dated `api-version`; the v1 path `/openai/v1/...` takes none. A trailing `/` or an extra path in the endpoint also yields "Resource not found".',
    fix: 'Set `OPENAI_API_VERSION` to a supported dated version for the classic client, or use the plain OpenAI client with `base_url=https://NAME.openai.azure.com/openai/v1/` and no version; give the endpoint as `https://NAME.openai.azure.com` only.',
  },
};

export const rules = {
  unsupported: {
    name: 'Azure rejects the api-version',
    match: ({ message, said, finding }) =>
      /API version not supported|unsupported api[- ]version|Missing required query parameter: api-version|api-version .{0,40}(?:not supported|invalid)/i.test(
        message,
      )
        ? [
            finding({
              id: 'live-azure-api-version',
              message: `Azure OpenAI rejected the api-version of the request.${said}`,
              fix: {
                summary:
                  'Send a supported dated api-version (e.g. 2024-10-21) on the classic /openai/deployments/... path, or none on the v1 path /openai/v1/.',
              },
            }),
          ]
        : undefined,
  },
  resourceNotFound: {
    name: 'Azure 404 Resource not found',
    match: ({ answer, message, lc, status, azureText, said, finding }) =>
      /^Resource not found\.?$/i.test(message.trim()) ||
      (status === 404 && (lc === '404' || lc === 'resourcenotfound') && (answer.azure || azureText))
        ? [
            finding({
              id: 'live-azure-api-version',
              message: `Azure OpenAI answered 404 "Resource not found": the URL does not exist on this resource: a missing or unknown api-version, a wrong path, or a trailing "/" in the endpoint.${said}`,
              fix: {
                summary:
                  'Check AZURE_OPENAI_ENDPOINT (https://NAME.openai.azure.com, no trailing path) and OPENAI_API_VERSION (a supported dated version for the classic path).',
              },
            }),
          ]
        : undefined,
  },
} satisfies Record<string, AnswerRule>;

export const check = liveCheck(meta);
