import type { FindingDraft } from '../../core/types.js';
import { entryText, firstLocation, localsOf, ownerText, sourcesText } from './_lib/util.js';
import type { Check } from '../types.js';

export const check: Check = {
  meta: {
    id: 'key-owner-inactive',
    title: "The key's owner no longer has access to its project",
    severity: 'warning',
    area: 'inventory',
    docs: {
      what: 'The Admin API lists the project key with `owner_project_access: inactive`: the user who made it was removed from the project or left the organization. Such keys are hidden from the default key listing (only `owner_project_access=any` shows them).',
      why: "A user key works only while its owner has access: when the owner leaves, the key stops working (or is about to), and an app that depends on one person's key breaks with them. Nobody may remember the key exists.",
      fix: 'Move the app to a service-account key (`keydoctor rotate`, which makes one and puts it everywhere the old key is set), then delete the old key.',
    },
  },
  run({ facts }) {
    const admin = facts.admin;
    if (!admin) return [];
    const out: FindingDraft[] = [];
    for (const e of admin.inventory.keys) {
      if (e.kind !== 'project' || e.ownerType !== 'user' || e.ownerAccess !== 'inactive') continue;
      const local = localsOf(admin.matches, e);
      const here = local.length
        ? ` It is used here: ${local.map((k) => sourcesText(k)).join('; ')}${local.some((k) => k.targets.length) ? ` (${[...new Set(local.flatMap((k) => k.targets))].join(', ')})` : ''}.`
        : '';
      out.push({
        id: 'key-owner-inactive',
        message: `${entryText(e)} belongs to ${ownerText(e)}, who no longer has access to the project.${here}`,
        location: local[0] ? firstLocation(local[0]) : undefined,
        target: local[0]?.targets[0],
        data: { keyId: e.id, project: e.project?.id, owner: e.ownerId },
        fix: {
          summary: local.length
            ? 'Replace it with a service-account key: keydoctor rotate.'
            : 'Delete it, or give its owner access to the project again if it is still needed.',
          command: local[0]?.targets[0] ? `keydoctor rotate --target ${local[0].targets[0]}` : undefined,
        },
      });
    }
    return out;
  },
};
