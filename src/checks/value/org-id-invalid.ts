import type { FindingDraft } from '../../core/types.js';
import { hitFinding, settingHits } from './_lib/settings.js';
import { OPENAI_ORGANIZATION_VARS } from '../../providers/index.js';
import type { Check } from '../types.js';

const ORG = /^org-[A-Za-z0-9]{16,40}$/;

export const check: Check = {
  meta: {
    id: 'org-id-invalid',
    title: 'The organization setting is not an organization id',
    severity: 'error',
    area: 'code',
    docs: {
      what: "OPENAI_ORG_ID (or OPENAI_ORGANIZATION, or the client's `organization` option) holds something other than an `org-...` id: an organization name such as `Personal`, a user id, a project id, a key.",
      why: 'The SDK sends it as the `OpenAI-Organization` header; the API rejects a value it does not know with 401 (`mismatched_organization` / "No such organization").',
      fix: 'Set the `org-...` id from https://platform.openai.com/settings/organization/general, or remove the setting: a key already belongs to its organization.',
    },
  },
  run({ facts, targets }) {
    const out: FindingDraft[] = [];
    for (const h of settingHits(facts, targets, OPENAI_ORGANIZATION_VARS, 'organization')) {
      if (ORG.test(h.value)) continue;
      const looks = /^org-/.test(h.value)
        ? 'has the org- prefix but not the length of an organization id'
        : /^proj_/.test(h.value)
          ? 'is a project id, not an organization id'
          : /^(sk-|user-)/.test(h.value)
            ? 'is not an organization id (it looks like a key or a user id)'
            : 'is a name, not an organization id (org-...)';
      out.push(
        hitFinding(
          'org-id-invalid',
          h,
          (where, who) =>
            `${where} is ${/^sk-/.test(h.value) ? 'a key' : `"${h.value.length > 40 ? h.value.slice(0, 16) + '…' : h.value}"`}, which ${looks}: sent as the OpenAI-Organization header, it makes the API answer 401 to ${who}.`,
          'Use the org-... id from the organization settings, or delete the setting.',
          /^org-/.test(h.value) ? 'warning' : undefined,
        ),
      );
    }
    return out;
  },
};
