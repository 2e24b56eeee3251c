import type { FindingDraft } from '../../core/types.js';
import { sdkSemantics } from '../../code/sdk-semantics.js';
import { about, winnerGroups } from './_lib/shared.js';
import type { Check } from '../types.js';

/** Headers that decide who the request is from: a line in OPENAI_CUSTOM_HEADERS with one of these replaces what the app configured. */
const AUTH_HEADERS: Record<string, string> = {
  authorization: 'Authorization',
  'api-key': 'api-key',
  'openai-organization': 'OpenAI-Organization',
  'openai-project': 'OpenAI-Project',
};

/** The header names OPENAI_CUSTOM_HEADERS sets (newline-separated `Name: value` lines); never their values. */
export function customHeaderNames(value: string): string[] {
  const out: string[] = [];
  for (const line of value.split(/\r?\n|\\n/)) {
    const m = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*:/.exec(line);
    if (m?.[1]) out.push(m[1]);
  }
  return out;
}

export const check: Check = {
  meta: {
    id: 'custom-headers-auth',
    title: 'OPENAI_CUSTOM_HEADERS carries authentication or project headers',
    severity: 'warning',
    area: 'value',
    docs: {
      what: 'OPENAI_CUSTOM_HEADERS (newline-separated `Name: value` lines, read by openai-python 3 and openai-node 7 and added to every request) sets `Authorization`, `api-key`, `OpenAI-Organization` or `OpenAI-Project`.',
      why: 'Those headers decide which key, organization and project a request counts for: a line here can replace the key or project the app sets in OPENAI_API_KEY / OPENAI_PROJECT_ID, so the request fails (401, `mismatched_project`) while every visible setting looks right. The SDKs before openai-python 3 / openai-node 7 ignore the variable altogether.',
      fix: 'Keep authentication in OPENAI_API_KEY (and the project in OPENAI_PROJECT_ID) and remove those lines from OPENAI_CUSTOM_HEADERS; keep it for headers a gateway needs.',
    },
  },
  run({ facts, targets }) {
    const out: FindingDraft[] = [];
    const sems = [sdkSemantics(facts.code?.sdk.python), sdkSemantics(facts.code?.sdk.node)].filter(
      (s) => s !== undefined,
    );
    const ignored = sems.length > 0 && sems.every((s) => !s.customHeaders);
    for (const g of winnerGroups(targets, (t) =>
      t.vars.OPENAI_CUSTOM_HEADERS ? 'OPENAI_CUSTOM_HEADERS' : undefined,
    )) {
      const auth = [
        ...new Set(
          customHeaderNames(g.value)
            .map((n) => AUTH_HEADERS[n.toLowerCase()])
            .filter((n): n is string => n !== undefined),
        ),
      ];
      if (auth.length === 0) continue;
      const sdks = sems.map((s) => s.label).join(' and ');
      const message = ignored
        ? `OPENAI_CUSTOM_HEADERS from ${g.winner.location?.path ?? 'the environment'} sets the header${auth.length > 1 ? 's' : ''} ${auth.join(', ')}, but the SDK this project installs (${sdks}) does not read OPENAI_CUSTOM_HEADERS: nothing changes until it is upgraded to openai-python 3 / openai-node 7, which send these headers on every request.`
        : `OPENAI_CUSTOM_HEADERS from ${g.winner.location?.path ?? 'the environment'} sets the header${auth.length > 1 ? 's' : ''} ${auth.join(', ')}, and openai-python 3 and openai-node 7 send these lines on every request, so they can replace the ${auth.some((a) => a === 'Authorization' || a === 'api-key') ? 'key' : 'organization or project'} that ${g.targets.map((t) => t.label).join(', ')} configures; a stale value there fails with 401 while OPENAI_API_KEY looks right.`;
      const where = g.winner.location
        ? ` (${g.winner.location.path}${g.winner.location.line ? `:${g.winner.location.line}` : ''})`
        : '';
      out.push(
        about(
          'custom-headers-auth',
          g,
          message,
          {
            summary: `Remove the ${auth.join(' / ')} line${auth.length > 1 ? 's' : ''} from OPENAI_CUSTOM_HEADERS${where} and set the key in OPENAI_API_KEY (the project in OPENAI_PROJECT_ID).`,
          },
          ignored ? 'info' : undefined,
        ),
      );
    }
    return out;
  },
};
