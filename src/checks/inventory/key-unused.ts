import type { FindingDraft } from '../../core/types.js';
import { days, entryText, localsOf, ownerText, sourcesText } from './_lib/util.js';
import type { Check } from '../types.js';

export const check: Check = {
  meta: {
    id: 'key-unused',
    title: 'A key of the organization has not been used for a long time',
    severity: 'info',
    area: 'inventory',
    docs: {
      what: 'A project or admin key in the organization has not been used for N days (90 by default, `keydoctor keys --unused-days N`), or was never used since it was made N days ago, by its `last_used_at` in the Admin API.',
      why: 'It breaks nothing today, but an unused key is pure risk: if it leaked, nobody would notice its use, and nobody would miss it if it were deleted.',
      fix: "Delete it in the dashboard (https://platform.openai.com/api-keys, or the project's service accounts), or with `DELETE /v1/organization/projects/{project}/api_keys/{id}`; first check the places keydoctor names if it is still set somewhere here.",
    },
  },
  run({ facts }) {
    const admin = facts.admin;
    if (!admin) return [];
    const out: FindingDraft[] = [];
    const limit = admin.unusedDays * 86400;
    for (const e of admin.inventory.keys) {
      const idle =
        e.lastUsedAt === null
          ? e.createdAt !== undefined
            ? admin.now - e.createdAt
            : undefined
          : admin.now - e.lastUsedAt;
      if (idle === undefined || idle < limit) continue;
      const local = localsOf(admin.matches, e);
      const when =
        e.lastUsedAt === null
          ? `never used since it was made ${days(idle)} days ago`
          : `last used ${days(idle)} days ago`;
      const here = local.length ? ` It is still set here: ${local.map((k) => sourcesText(k)).join('; ')}.` : '';
      out.push({
        id: 'key-unused',
        message: `${entryText(e)}, owned by ${ownerText(e)}, was ${when}.${here}`,
        data: { keyId: e.id, project: e.project?.id, lastUsedAt: e.lastUsedAt, idleDays: days(idle) },
        fix: {
          summary: e.project
            ? `Delete it if nothing needs it (dashboard, or DELETE /v1/organization/projects/${e.project.id}/api_keys/${e.id}${e.ownerType === 'service_account' ? ": a service account's key goes with its service account" : ''}).`
            : 'Delete it at https://platform.openai.com/settings/organization/admin-keys if nothing needs it.',
        },
      });
    }
    return out;
  },
};
