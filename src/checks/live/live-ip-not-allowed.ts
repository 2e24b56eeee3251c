/**
 * live-ip-not-allowed: its catalog entry, the rules that read it from an API answer (src/live/classify.ts runs
 * every family's rules in the order of ./index.ts), and the check that reports it from the live step.
 */
import type { FindingMeta } from '../types.js';
import type { AnswerRule } from '../../live/answer.js';
import { liveCheck } from './_lib/live-check.js';

export const meta: FindingMeta = {
  id: 'live-ip-not-allowed',
  title: 'The IP address is not on the allowlist',
  severity: 'error',
  area: 'live',
  docs: {
    what: 'HTTP 401 `ip_not_authorized`.',
    why: "The key's project or organization has an IP allowlist that does not include the address the request came from. A project list replaces (does not extend) the organization list.",
    fix: 'Add the outgoing IP or CIDR of the machine to the allowlist in the project or organization security settings; changes take up to 15 minutes.',
  },
};

export const rules = {
  ip: {
    name: 'ip_not_authorized',
    match: ({ message, lc, said, finding }) =>
      lc === 'ip_not_authorized' ||
      /IP (?:address )?(?:is )?not authorized|not in the (?:project's |organization's )?(?:IP )?allow ?list|ip_not_authorized/i.test(
        message,
      )
        ? [
            finding({
              id: 'live-ip-not-allowed',
              message: `The key is valid, but its project or organization has an IP allowlist that does not include the address this request came from.${said}`,
              fix: {
                summary:
                  "Add the server's outgoing IP (or CIDR) to the allowlist in the project or organization settings (changes take up to 15 minutes); project lists replace the organization list.",
              },
            }),
          ]
        : undefined,
  },
} satisfies Record<string, AnswerRule>;

export const check = liveCheck(meta);
