/**
 * live-quota-exhausted: its catalog entry, the rules that read it from an API answer (src/live/classify.ts runs
 * every family's rules in the order of ./index.ts), and the check that reports it from the live step.
 */
import type { FindingMeta } from '../types.js';
import type { AnswerRule } from '../../live/answer.js';
import { liveCheck } from './_lib/live-check.js';

export const meta: FindingMeta = {
  id: 'live-quota-exhausted',
  title: 'Out of credit or quota (not retryable)',
  severity: 'error',
  area: 'live',
  docs: {
    what: 'HTTP 429 with `insufficient_quota` ("You exceeded your current quota..."), `credit_balance_exhausted` ("You have no credits remaining") or `billing_not_active` ("Your account is not active...").',
    why: "The key is valid, but the organization has no prepaid credit left, has reached its budget, or has no active billing. It looks like a rate limit (same status), but waiting does not help and the SDKs' automatic retries only delay the failure.",
    fix: 'Add credit or raise the budget at https://platform.openai.com/settings/organization/billing. It can take a few minutes to apply; the same key then works (no new key needed).',
  },
};

const QUOTA_CODES = new Set([
  'insufficient_quota',
  'credit_balance_exhausted',
  'billing_not_active',
  'organization_spend_limit_exceeded',
  'project_spend_limit_exceeded',
  'organization_usage_limit_exceeded',
  'billing_hard_limit_reached',
  'access_denied_billing',
]);

export const rules = {
  quota: {
    name: 'quota, credit or billing',
    match({ message, lc, type, said, finding }) {
      const quota =
        QUOTA_CODES.has(lc) ||
        type === 'insufficient_quota' ||
        type === 'billing_not_active' ||
        /exceeded your current quota|no credits remaining|account is not active, please check your billing|billing hard limit|spend limit|usage limit .{0,40}reached/i.test(
          message,
        );
      if (!quota) return undefined;
      const why =
        lc === 'credit_balance_exhausted' || /no credits remaining/i.test(message)
          ? 'the prepaid credit balance is used up'
          : lc === 'billing_not_active' || type === 'billing_not_active' || /not active/i.test(message)
            ? 'billing is not active on this account'
            : /spend limit/i.test(message) || lc.includes('spend_limit')
              ? 'a spend limit has been reached'
              : 'the quota (credits or monthly budget) is used up';
      return [
        finding({
          id: 'live-quota-exhausted',
          message: `The key is valid, but ${why} (429). Retrying will not help: the SDK's automatic retries only delay the failure.${said}`,
          data: { retryable: false },
          fix: {
            summary:
              'Add credits or raise the budget at https://platform.openai.com/settings/organization/billing; it can take a few minutes to apply (a new key is not needed).',
          },
        }),
      ];
    },
  },
} satisfies Record<string, AnswerRule>;

export const check = liveCheck(meta);
