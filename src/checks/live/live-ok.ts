/**
 * live-ok: its catalog entry, the rules that read it from an API answer (src/live/classify.ts runs
 * every family's rules in the order of ./index.ts), and the check that reports it from the live step.
 */
import type { FindingMeta } from '../types.js';
import { header } from '../../live/answer.js';
import type { AnswerRule } from '../../live/answer.js';
import { liveCheck } from './_lib/live-check.js';

export const meta: FindingMeta = {
  id: 'live-ok',
  title: 'The key works',
  severity: 'info',
  area: 'live',
  docs: {
    what: 'The API accepted the key. The message names the organization and project that answered (from the `openai-organization` / `openai-project` headers).',
    why: 'Nothing is wrong with the key itself; if the app still fails, the app does not get this value (see the sources area) or calls something this key may not use.',
    fix: 'Nothing to fix for the key. Check that the organization and project are the ones you expect to be billed.',
  },
};

export const rules = {
  ok: {
    name: 'a 2xx answer',
    match({ answer, status, finding }) {
      if (status === undefined || status < 200 || status >= 300) return undefined;
      const org = header(answer.headers, 'openai-organization');
      const project = header(answer.headers, 'openai-project');
      const who = [org && `organization ${org}`, project && `project ${project}`].filter(Boolean).join(', ');
      return [
        finding({
          id: 'live-ok',
          message: `The key works${who ? ` (answered for ${who})` : ''}.`,
          data: { organization: org, project },
        }),
      ];
    },
  },
} satisfies Record<string, AnswerRule>;

export const check = liveCheck(meta);
