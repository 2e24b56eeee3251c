/**
 * live-rate-limited: its catalog entry, the rules that read it from an API answer (src/live/classify.ts runs
 * every family's rules in the order of ./index.ts), and the check that reports it from the live step.
 */
import type { FindingMeta } from '../types.js';
import { header, retryAfter } from '../../live/answer.js';
import type { AnswerRule } from '../../live/answer.js';
import { liveCheck } from './_lib/live-check.js';

export const meta: FindingMeta = {
  id: 'live-rate-limited',
  title: 'Rate limited (retryable)',
  severity: 'warning',
  area: 'live',
  docs: {
    what: 'HTTP 429 `rate_limit_exceeded` ("Rate limit reached for ... on tokens per min"). The finding gives the wait time from `retry-after` or the message.',
    why: 'The key works; the organization sent more requests or tokens per minute than its tier allows. It is temporary.',
    fix: 'Retry with exponential backoff (the SDKs retry twice by default), lower concurrency or `max_tokens`, or move to a higher usage tier at https://platform.openai.com/settings/organization/limits.',
  },
};

export const rules = {
  rateLimit: {
    name: 'rate_limit_exceeded',
    match({ answer, message, lc, type, status, said, finding }) {
      const azureRate = /exceeded (?:the )?(?:token |call |request )?rate limit (?:of|for) your current/i.test(message);
      if (!(
        lc === 'rate_limit_exceeded' ||
        azureRate ||
        /Rate limit reached|rate limit exceeded|Too Many Requests/i.test(message) ||
        (status === 429 &&
          (type === 'tokens' ||
            type === 'requests' ||
            header(answer.headers, 'retry-after') !== undefined ||
            header(answer.headers, 'retry-after-ms') !== undefined))
      ))
        return undefined;
      const wait = retryAfter(answer, message);
      const org = /in organization ([A-Za-z0-9_-]{1,60})/.exec(message)?.[1];
      const seconds = Number(/retry after (\d+) seconds?/i.exec(message)?.[1] ?? NaN);
      const daily = azureRate && seconds >= 3600;
      const what = azureRate
        ? `the Azure deployment's ${/call rate/i.test(message) ? 'requests' : 'tokens'}-per-minute quota is used up${daily ? ' (a wait of hours: a daily quota, typical of free and trial subscriptions)' : ''}`
        : `too many requests or tokens per minute${org ? ` for organization ${org}` : ''}`;
      return [
        finding({
          id: 'live-rate-limited',
          severity: 'warning',
          message: `Rate limited (429): the key works, but ${what}. This is temporary${wait ? `; retry after ${wait}` : ''}.${said}`,
          data: { retryable: true, retryAfter: wait, organization: org, azure: azureRate || undefined },
          fix: {
            summary: azureRate
              ? "Raise the deployment's TPM quota (Azure AI Foundry → Deployments → Edit, or https://aka.ms/oai/quotaincrease), retry with backoff, or lower concurrency."
              : 'Retry with backoff (the SDKs do this by default), lower concurrency or max tokens, or ask for higher limits at https://platform.openai.com/settings/organization/limits.',
          },
        }),
      ];
    },
  },
} satisfies Record<string, AnswerRule>;

export const check = liveCheck(meta);
