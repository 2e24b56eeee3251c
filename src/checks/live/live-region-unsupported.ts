/**
 * live-region-unsupported: its catalog entry, the rules that read it from an API answer (src/live/classify.ts runs
 * every family's rules in the order of ./index.ts), and the check that reports it from the live step.
 */
import type { FindingMeta } from '../types.js';
import type { AnswerRule } from '../../live/answer.js';
import { liveCheck } from './_lib/live-check.js';

export const meta: FindingMeta = {
  id: 'live-region-unsupported',
  title: 'The request comes from an unsupported country',
  severity: 'error',
  area: 'live',
  docs: {
    what: 'HTTP 403 `unsupported_country_region_territory` ("Country, region, or territory not supported").',
    why: 'OpenAI judges the country by the IP address the request comes from: for a server that is its cloud region, VPN exit or proxy, not where you are.',
    fix: 'Run the app, or route its outgoing traffic, from a supported country (https://platform.openai.com/docs/supported-countries).',
  },
};

export const rules = {
  region: {
    name: 'unsupported_country_region_territory',
    match: ({ message, lc, said, finding }) =>
      lc === 'unsupported_country_region_territory' ||
      /Country, region, or territory not supported|unsupported_country/i.test(message)
        ? [
            finding({
              id: 'live-region-unsupported',
              message: `OpenAI refuses requests from the country or region the request came from (403). For a server this is the region of its IP (the cloud region, a VPN or a proxy), not where you are.${said}`,
              fix: {
                summary:
                  'Run the app (or route its traffic) from a supported country; see https://platform.openai.com/docs/supported-countries.',
              },
            }),
          ]
        : undefined,
  },
} satisfies Record<string, AnswerRule>;

export const check = liveCheck(meta);
