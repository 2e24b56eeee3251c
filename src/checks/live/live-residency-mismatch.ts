/**
 * live-residency-mismatch: its catalog entry, the rules that read it from an API answer (src/live/classify.ts runs
 * every family's rules in the order of ./index.ts), and the check that reports it from the live step.
 */
import type { FindingMeta } from '../types.js';
import { hostOf } from '../../live/answer.js';
import type { AnswerRule } from '../../live/answer.js';
import { liveCheck } from './_lib/live-check.js';

export const meta: FindingMeta = {
  id: 'live-residency-mismatch',
  title: "The key's project lives in another region",
  severity: 'error',
  area: 'live',
  docs: {
    what: 'HTTP 401 "Attempted to access resource with incorrect regional hostname. Please make your request to us.api.openai.com": the project has data residency (US, EU, ...) and its keys are served only on that region\'s host.',
    why: "The key is valid; the request went to api.openai.com (the SDK default) or another region's host. Nothing but the base URL is wrong.",
    fix: 'Set OPENAI_BASE_URL to the host the message names, with /v1 (`https://us.api.openai.com/v1`), or pass `base_url` / `baseURL` (openai-python 3 and openai-node 7 also take `data_residency="us"`). keydoctor verify and explain name the exact base URL.',
  },
};

export const rules = {
  /** A data-residency project's key sent to another host (api.openai.com instead of us.api.openai.com). */
  regionalHost: {
    name: 'incorrect regional hostname',
    match({ answer, message, said, finding }) {
      if (!/incorrect regional hostname|make your request to [a-z0-9-]+\.api\.openai\.com/i.test(message))
        return undefined;
      const host = /make your request to (?:https?:\/\/)?([a-z0-9-]+\.api\.openai\.com)/i
        .exec(message)?.[1]
        ?.toLowerCase();
      const baseURL = host ? `https://${host}/v1` : undefined;
      const region = host?.split('.')[0];
      return [
        finding({
          id: 'live-residency-mismatch',
          message: `The key belongs to a project with data residency${region ? ` in ${region.toUpperCase()}` : ''}: OpenAI serves it only on its regional host${host ? ` ${host}` : ' (us.api.openai.com, eu.api.openai.com, ...)'}, not on ${answer.endpoint ? hostOf(answer.endpoint) : 'the host the request went to'} (401 "incorrect regional hostname"). The key itself is fine.${said}`,
          data: { host, baseURL, region },
          fix: baseURL
            ? {
                summary: `Point the client at ${baseURL} (note the /v1): set OPENAI_BASE_URL=${baseURL}, or pass base_url / baseURL${region && ['us', 'eu', 'ae'].includes(region) ? `, or data_residency="${region}" (openai-python 3 / openai-node 7)` : ''}.`,
                command: `export OPENAI_BASE_URL=${baseURL}`,
              }
            : {
                summary:
                  "Set OPENAI_BASE_URL to the project's regional host (https://us.api.openai.com/v1 or https://eu.api.openai.com/v1, with the /v1), as shown in the project's settings.",
              },
        }),
      ];
    },
  },
} satisfies Record<string, AnswerRule>;

export const check = liveCheck(meta);
