/**
 * live-unexpected: its catalog entry, the rules that read it from an API answer (src/live/classify.ts runs
 * every family's rules in the order of ./index.ts), and the check that reports it from the live step.
 */
import type { FindingMeta } from '../types.js';
import type { AnswerRule } from '../../live/answer.js';
import { liveCheck } from './_lib/live-check.js';

export const meta: FindingMeta = {
  id: 'live-unexpected',
  title: 'An answer keydoctor does not recognise',
  severity: 'warning',
  area: 'live',
  docs: {
    what: "An error answer none of the other live findings explains: a 5xx, a proxy's own error page, or a new error code. The finding shows the status, code and request id.",
    why: 'Server-side errors (5xx) are not about the key. A 401/403 with an unfamiliar body usually comes from something in front of the API (a proxy, gateway or compatible server behind the base URL).',
    fix: "Retry 5xx answers later (https://status.openai.com). For the rest, check where the base URL points, and quote the request id to the provider's support.",
  },
};

export const rules = {
  cloudflare: {
    name: 'a Cloudflare challenge page',
    match: ({ message, status, finding }) =>
      /Attention Required! \| Cloudflare|Cloudflare Ray ID|cf-error-details/i.test(message)
        ? [
            finding({
              id: 'live-unexpected',
              message: `Cloudflare, in front of the API, blocked the request with a challenge page${status ? ` (${status})` : ''}: the address it came from (a VPN, a data-center or proxy IP, an unsupported region) was refused. The key was never checked.`,
              data: { blockedBy: 'cloudflare' },
              fix: {
                summary:
                  'Send the request from another network (no VPN / a different egress IP or region), or through a supported proxy.',
              },
            }),
          ]
        : undefined,
  },
  sessionOnly: {
    name: 'a session-only endpoint',
    match: ({ message, said, finding }) =>
      /must be made with a session key/i.test(message)
        ? [
            finding({
              id: 'live-unexpected',
              message: `This endpoint accepts only a browser session, never an API key: billing and balance cannot be read with a key.${said}`,
              data: { sessionOnly: true },
              fix: {
                summary:
                  'Read usage and costs with an admin key from /v1/organization/usage and /v1/organization/costs instead.',
              },
            }),
          ]
        : undefined,
  },
  /** Last: anything else, with status, code and request id, so a human can take it further. */
  anythingElse: {
    name: 'any other answer',
    match({ message, code, type, status, requestId, said, revealed, finding }) {
      // Without a status, only a message that revealed a key problem (or nothing at all) was read.
      if (status === undefined && (revealed.length > 0 || (message === '' && code === ''))) return [];
      const parts = [
        status !== undefined ? `HTTP ${status}` : undefined,
        code ? `code ${code}` : undefined,
        type ? `type ${type}` : undefined,
        requestId ? `request id ${requestId}` : undefined,
      ]
        .filter(Boolean)
        .join(', ');
      const authish = status === 401 || status === 403;
      const serverSide = status !== undefined && status >= 500;
      return [
        finding({
          id: 'live-unexpected',
          severity: serverSide ? 'warning' : authish ? 'error' : undefined,
          message: `${serverSide ? 'The API had a server-side error; this is not a problem with the key.' : status === 429 ? 'HTTP 429 without an error body: either a rate limit (wait and retry) or exhausted quota or credit (add credit); only the body tells which.' : authish ? `The server refused the request (${status}) without a known reason; if the base URL points at a proxy or gateway, that is probably what answered.` : 'An answer keydoctor does not recognise.'}${parts ? ` (${parts})` : ''}${said}`,
          data: serverSide ? { retryable: true } : {},
          fix: {
            summary: serverSide
              ? 'Retry later; check https://status.openai.com. Quote the request id if you contact support.'
              : "Quote the status, code and request id to the API provider's support.",
          },
        }),
      ];
    },
  },
} satisfies Record<string, AnswerRule>;

export const check = liveCheck(meta);
