/**
 * live-no-organization: its catalog entry, the rules that read it from an API answer (src/live/classify.ts runs
 * every family's rules in the order of ./index.ts), and the check that reports it from the live step.
 */
import type { FindingMeta } from '../types.js';
import type { AnswerRule } from '../../live/answer.js';
import { liveCheck } from './_lib/live-check.js';

export const meta: FindingMeta = {
  id: 'live-no-organization',
  title: 'The account is not in any organization',
  severity: 'error',
  area: 'live',
  docs: {
    what: 'HTTP 401 `no_organization`: "You must be a member of an organization to use the API."',
    why: 'The user the key belongs to has left or was removed from every organization, or never joined one.',
    fix: 'Accept the pending invite or create an organization at https://platform.openai.com, then create a key inside it.',
  },
};

export const rules = {
  noOrganization: {
    name: 'no_organization',
    match: ({ message, lc, said, finding }) =>
      lc === 'no_organization' ||
      lc === 'organization_membership_required' ||
      /must be a member of an organization/i.test(message)
        ? [
            finding({
              id: 'live-no-organization',
              message: `The account behind this key is not a member of any organization.${said}`,
              fix: {
                summary:
                  'Accept the organization invite or create an organization at https://platform.openai.com, then create a key there.',
              },
            }),
          ]
        : undefined,
  },
} satisfies Record<string, AnswerRule>;

export const check = liveCheck(meta);
