import type { FindingDraft } from '../../core/types.js';
import { hitFinding, settingHits } from './_lib/settings.js';
import type { Check } from '../types.js';

const PROJ = /^proj_[A-Za-z0-9]{16,40}$/;

export const check: Check = {
  meta: {
    id: 'project-id-invalid',
    title: 'The project setting is not a project id',
    severity: 'error',
    area: 'code',
    docs: {
      what: "OPENAI_PROJECT_ID (or the client's `project` option) holds something other than a `proj_...` id: the project's name, an organization id, a key.",
      why: 'The SDK sends it as the `OpenAI-Project` header; the API rejects a project the key does not belong to with 401 `mismatched_project`.',
      fix: "Set the `proj_...` id from the project's settings page, or remove the setting: a project key already belongs to its project.",
    },
  },
  run({ facts, targets }) {
    const out: FindingDraft[] = [];
    for (const h of settingHits(facts, targets, ['OPENAI_PROJECT_ID'], 'project')) {
      if (PROJ.test(h.value)) continue;
      const looks = /^proj[-_]/.test(h.value)
        ? 'is not a well-formed project id (proj_ and 24 letters or digits)'
        : /^org-/.test(h.value)
          ? 'is an organization id, not a project id'
          : /^sk-/.test(h.value)
            ? 'looks like a key, not a project id'
            : 'is a name, not a project id (proj_...)';
      out.push(
        hitFinding(
          'project-id-invalid',
          h,
          (where, who) =>
            `${where} is ${/^sk-/.test(h.value) ? 'a key' : `"${h.value.length > 40 ? h.value.slice(0, 16) + '…' : h.value}"`}, which ${looks}: sent as the OpenAI-Project header, it makes the API answer 401 to ${who}.`,
          'Use the proj_... id from the project settings, or delete the setting.',
        ),
      );
    }
    return out;
  },
};
