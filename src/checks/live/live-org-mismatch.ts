/**
 * live-org-mismatch: its catalog entry, the rules that read it from an API answer (src/live/classify.ts runs
 * every family's rules in the order of ./index.ts), and the check that reports it from the live step.
 */
import type { FindingMeta } from '../types.js';
import type { AnswerRule } from '../../live/answer.js';
import { liveCheck } from './_lib/live-check.js';

export const meta: FindingMeta = {
  id: 'live-org-mismatch',
  title: 'The organization header does not match the key',
  severity: 'error',
  area: 'live',
  docs: {
    what: 'HTTP 401 `mismatched_organization` ("OpenAI-Organization header should match organization for API key"), or "No such organization: Personal".',
    why: 'The client sends `OpenAI-Organization` (from `OPENAI_ORG_ID`, `OPENAI_ORGANIZATION` or `organization=`) with an organization this key does not belong to, or with a name instead of an `org-...` id.',
    fix: "Remove the organization setting (every key already belongs to one organization) or set it to the `org-...` id shown under Settings → Organization for the key's organization.",
  },
};

export const rules = {
  organization: {
    name: 'mismatched_organization',
    match({ message, lc, said, finding }) {
      if (
        lc !== 'mismatched_organization' &&
        !/OpenAI-Organization header should match|No such organization|invalid organization|organization .{0,60} (?:not found|does not exist)/i.test(
          message,
        )
      )
        return undefined;
      const org = /No such organization\s?:?\s?([^\s.]{1,80})/i.exec(message)?.[1];
      const unset = org !== undefined && /^(?:null|undefined|None)$/.test(org);
      return [
        finding({
          id: 'live-org-mismatch',
          message: unset
            ? `The OpenAI-Organization header carries the text "${org}": the organization variable or option is unset but still sent (a template or wrapper turned a missing value into the word "${org}").${said}`
            : `The OpenAI-Organization header (OPENAI_ORG_ID / OPENAI_ORGANIZATION / organization=) names an organization this key does not belong to${org ? ` ("${org}")` : ''}.${said}`,
          data: { organization: org },
          fix: {
            summary:
              "Remove the organization setting (the key already belongs to one), or set it to the org-... id of the key's organization from Settings → Organization.",
          },
        }),
      ];
    },
  },
} satisfies Record<string, AnswerRule>;

export const check = liveCheck(meta);
