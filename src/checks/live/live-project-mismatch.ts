/**
 * live-project-mismatch: its catalog entry, the rules that read it from an API answer (src/live/classify.ts runs
 * every family's rules in the order of ./index.ts), and the check that reports it from the live step.
 */
import type { FindingMeta } from '../types.js';
import type { AnswerRule } from '../../live/answer.js';
import { liveCheck } from './_lib/live-check.js';

export const meta: FindingMeta = {
  id: 'live-project-mismatch',
  title: 'The project header does not match the key',
  severity: 'error',
  area: 'live',
  docs: {
    what: 'HTTP 401 `mismatched_project` ("OpenAI-Project header should match project for API key").',
    why: 'Project keys (`sk-proj-`) belong to one project; the client sends `OpenAI-Project` (from `OPENAI_PROJECT_ID` or `project=`) naming another project, or a project name instead of its `proj_...` id.',
    fix: "Remove the project setting, or set it to the key's own `proj_...` id.",
  },
};

export const rules = {
  project: {
    name: 'mismatched_project',
    match: ({ message, lc, said, finding }) =>
      lc === 'mismatched_project' || /OpenAI-Project header should match/i.test(message)
        ? [
            finding({
              id: 'live-project-mismatch',
              message: `The OpenAI-Project header (OPENAI_PROJECT_ID / project=) names another project than the one this key belongs to (a project name instead of a proj_... id is a common cause).${said}`,
              fix: {
                summary:
                  "Remove the project setting (a project key already names its project), or set it to the key's proj_... id.",
              },
            }),
          ]
        : undefined,
  },
} satisfies Record<string, AnswerRule>;

export const check = liveCheck(meta);
