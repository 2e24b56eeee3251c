/**
 * live-account-deactivated: its catalog entry, the rules that read it from an API answer (src/live/classify.ts runs
 * every family's rules in the order of ./index.ts), and the check that reports it from the live step.
 */
import type { FindingMeta } from '../types.js';
import type { AnswerRule } from '../../live/answer.js';
import { liveCheck } from './_lib/live-check.js';

export const meta: FindingMeta = {
  id: 'live-account-deactivated',
  title: 'The account is deactivated',
  severity: 'error',
  area: 'live',
  docs: {
    what: 'HTTP 401 `account_deactivated` ("This key is associated with a deactivated account", "The OpenAI account associated with this API key has been deactivated") or `access_terminated` ("Your access was terminated due to violation of our policies").',
    why: 'OpenAI deactivated the account or organization the key belongs to; no key of it works.',
    fix: 'Read the email OpenAI sent and contact https://help.openai.com (or appeal). Creating a new key does not help.',
  },
};

export const rules = {
  deactivated: {
    name: 'account_deactivated / access_terminated',
    match({ message, lc, type, said, finding }) {
      if (
        lc !== 'account_deactivated' &&
        lc !== 'access_terminated' &&
        type !== 'access_terminated' &&
        !/deactivated account|account .{0,60}(?:has been|was|is) deactivated|access was terminated|access has been terminated/i.test(
          message,
        )
      )
        return undefined;
      const terminated = lc === 'access_terminated' || /terminated/i.test(message);
      return [
        finding({
          id: 'live-account-deactivated',
          message: `${terminated ? 'Access was terminated for a policy violation' : 'The account or organization behind this key is deactivated'}: no key of it works.${said}`,
          data: { reason: terminated ? 'access_terminated' : 'account_deactivated' },
          fix: {
            summary: terminated
              ? 'Check the email OpenAI sent; appeal through help.openai.com if you think it is a mistake.'
              : 'Check your email from OpenAI and contact help.openai.com; a new key will not help.',
          },
        }),
      ];
    },
  },
} satisfies Record<string, AnswerRule>;

export const check = liveCheck(meta);
