/**
 * live-azure-auth-failed: its catalog entry, the rules that read it from an API answer (src/live/classify.ts runs
 * every family's rules in the order of ./index.ts), and the check that reports it from the live step.
 */
import type { FindingMeta } from '../types.js';
import type { AnswerRule } from '../../live/answer.js';
import { liveCheck } from './_lib/live-check.js';

export const meta: FindingMeta = {
  id: 'live-azure-auth-failed',
  title: 'Azure OpenAI rejects the credential',
  severity: 'error',
  area: 'live',
  docs: {
    what: 'Azure HTTP 401: "Access denied due to invalid subscription key or wrong API endpoint", the Entra ID form `{"statusCode":401,"message":"Unauthorized. Access token is missing, invalid, audience is incorrect..."}`, or "Principal does not have access to API/Operation" / "lacks the required data action" (PermissionDenied).',
    why: "The key is not a key of this resource (an OpenAI `sk-` key, another resource's or region's key, a regenerated key) or the endpoint is wrong; or an Entra token is missing, expired or for the wrong audience (often an API key sent as `Authorization: Bearer`); or the signed-in identity has no role on the resource.",
    fix: 'Copy Key 1 and the endpoint from the resource\'s Keys and Endpoint page into `AZURE_OPENAI_API_KEY` / `AZURE_OPENAI_ENDPOINT` and use the AzureOpenAI client (it sends the `api-key` header). For Entra ID, request a token for `https://cognitiveservices.azure.com/.default` and assign the role "Cognitive Services OpenAI User".',
  },
};

export const rules = {
  entraToken: {
    name: 'Azure rejects the Entra ID token',
    match: ({ answer, message, status, azureText, said, finding }) =>
      /Access token is missing, invalid|audience is incorrect|have expired|token is expired|InvalidAuthenticationToken/i.test(
        message,
      ) &&
      (answer.azure || azureText || status === 401)
        ? [
            finding({
              id: 'live-azure-auth-failed',
              message: `Azure rejected the Entra ID (AAD) token: missing, expired, or for the wrong audience. A common cause is an API key sent as "Authorization: Bearer" to an Azure endpoint that expects the api-key header.${said}`,
              data: { azureAuth: 'entra-token' },
              fix: {
                summary:
                  'For key auth use the AzureOpenAI client with api_key (sent as the api-key header); for Entra ID request a token for https://cognitiveservices.azure.com/.default.',
              },
            }),
          ]
        : undefined,
  },
  subscriptionKey: {
    name: 'Azure rejects the key',
    match: ({ message, said, finding }) =>
      /Access denied due to invalid subscription key|wrong API endpoint|invalid subscription key/i.test(message)
        ? [
            finding({
              id: 'live-azure-auth-failed',
              message: `Azure OpenAI rejected the key: it is not a key of this resource (an OpenAI sk- key, a key of another resource or region, or a regenerated key), or the endpoint is wrong.${said}`,
              data: { azureAuth: 'key' },
              fix: {
                summary:
                  'Copy Key 1 from the Azure portal (resource → Keys and Endpoint) into AZURE_OPENAI_API_KEY and use the endpoint shown on the same page.',
              },
            }),
          ]
        : undefined,
  },
  rbac: {
    name: 'the Entra ID identity has no role',
    match: ({ message, lc, said, finding }) =>
      /Principal does not have access|lacks the required data action/i.test(message) || lc === 'permissiondenied'
        ? [
            finding({
              id: 'live-azure-auth-failed',
              message: `The Entra ID identity signed in, but it has no role on this Azure OpenAI resource.${said}`,
              data: { azureAuth: 'rbac' },
              fix: {
                summary:
                  'Assign the role "Cognitive Services OpenAI User" to this identity on the resource (it can take a few minutes to apply).',
              },
            }),
          ]
        : undefined,
  },
  /** Late in the order: any other 401 from Azure, once no more specific reason matched. */
  azure401: {
    name: 'any other Azure 401',
    match: ({ answer, status, azureText, said, finding }) =>
      status === 401 && (azureText || answer.azure)
        ? [
            finding({
              id: 'live-azure-auth-failed',
              message: `Azure OpenAI refused the credential (401).${said}`,
              data: { azureAuth: 'unknown' },
              fix: {
                summary:
                  "Check AZURE_OPENAI_API_KEY and AZURE_OPENAI_ENDPOINT against the resource's Keys and Endpoint page.",
              },
            }),
          ]
        : undefined,
  },
} satisfies Record<string, AnswerRule>;

export const check = liveCheck(meta);
