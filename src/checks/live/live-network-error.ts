/**
 * live-network-error: its catalog entry, the rules that read it from an API answer (src/live/classify.ts runs
 * every family's rules in the order of ./index.ts), and the check that reports it from the live step.
 */
import type { FindingMeta } from '../types.js';
import type { AnswerRule } from '../../live/answer.js';
import { liveCheck } from './_lib/live-check.js';

export const meta: FindingMeta = {
  id: 'live-network-error',
  title: 'No answer from the API',
  severity: 'warning',
  area: 'live',
  docs: {
    what: 'The request got no HTTP answer: DNS failure, refused connection, TLS error, proxy error or timeout.',
    why: 'Nothing is known about the key: the network, a proxy (`HTTPS_PROXY`), a firewall or the base URL is in the way. keydoctor never reports this as a bad key.',
    fix: 'Check the base URL, proxy variables and connectivity (`curl -sI https://api.openai.com/v1/models`), then verify again.',
  },
};

export const rules = {
  network: {
    name: 'no answer at all',
    alone: true,
    match: ({ answer, status, finding }) =>
      answer.networkError !== undefined && status === undefined
        ? [
            finding({
              id: 'live-network-error',
              message: `No answer from the API: ${answer.networkError}. This says nothing about the key.`,
              data: { error: answer.networkError },
            }),
          ]
        : undefined,
  },
} satisfies Record<string, AnswerRule>;

export const check = liveCheck(meta);
