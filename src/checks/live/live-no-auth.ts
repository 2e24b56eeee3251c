/**
 * live-no-auth: its catalog entry, the rules that read it from an API answer (src/live/classify.ts runs
 * every family's rules in the order of ./index.ts), and the check that reports it from the live step.
 */
import type { FindingMeta } from '../types.js';
import type { AnswerRule } from '../../live/answer.js';
import { liveCheck } from './_lib/live-check.js';

export const meta: FindingMeta = {
  id: 'live-no-auth',
  title: 'The server saw no key',
  severity: 'error',
  area: 'live',
  docs: {
    what: 'HTTP 401 "You didn\'t provide an API key..." or "Missing bearer or basic authentication in header" (Azure: "Access denied due to missing subscription key").',
    why: 'The request reached the API without a usable `Authorization: Bearer <key>` header: the key variable was empty or unset when a hand-built request was made, the header lacked the `Bearer ` scheme, or a proxy / API gateway between the app and the API removed the header.',
    fix: 'Make sure the key reaches the client where the app runs. When the client did send a key, configure the proxy or gateway to forward the `Authorization` header.',
  },
};

const NO_AUTH =
  /didn'?t provide an API key|did not provide an API key|Missing bearer (?:or basic )?authentication|Invalid authorization header|must provide an API key|no API key (?:was )?provided|missing subscription key|Authorization header is (?:missing|required)|missing (?:the )?Authorization header/i;

export const rules = {
  openrouter: {
    name: 'OpenRouter received no key',
    match: ({ message, said, finding }) =>
      /No auth credentials found/i.test(message)
        ? [
            finding({
              id: 'live-no-auth',
              message: `OpenRouter (the base URL points there) received no key: the key variable is empty or unset where the app runs.${said}`,
              data: { provider: 'openrouter', stripped: false },
              fix: {
                summary:
                  'Set the OpenRouter key in the variable the client reads (often OPENAI_API_KEY when using the OpenAI SDK with OpenRouter).',
              },
            }),
          ]
        : undefined,
  },
  noAuth: {
    name: 'the server saw no key',
    match({ answer, message, said, finding }) {
      if (!NO_AUTH.test(message)) return undefined;
      const stripped = answer.credentialSent === true;
      return [
        finding({
          id: 'live-no-auth',
          message: stripped
            ? `The client sent a key, but the server saw none: a proxy or gateway between the app and the API removed the Authorization header.${said}`
            : `The server saw no key: the request had no usable "Authorization: Bearer ..." header (the key variable is unset or empty, the header lacks the "Bearer " scheme, or a proxy or gateway stripped it).${said}`,
          data: { stripped },
          fix: {
            summary: stripped
              ? 'Configure the proxy / API gateway to forward the Authorization header (or send the key with the header name it expects).'
              : 'Make sure the key reaches the client (OPENAI_API_KEY where the app runs); if you set the header by hand, send "Authorization: Bearer <key>"; if a proxy sits in between, make it forward Authorization.',
          },
        }),
      ];
    },
  },
} satisfies Record<string, AnswerRule>;

export const check = liveCheck(meta);
