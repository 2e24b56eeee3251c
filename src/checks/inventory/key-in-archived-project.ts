import type { FindingDraft } from '../../core/types.js';
import { entryText, firstLocation, related, sourcesText } from './_lib/util.js';
import type { Check } from '../types.js';

export const check: Check = {
  meta: {
    id: 'key-in-archived-project',
    title: 'A key in use here belongs to an archived project',
    severity: 'error',
    area: 'inventory',
    docs: {
      what: 'A key found on this machine or in the project matches a key of a project that is archived (the Admin API lists the project with `status: archived`).',
      why: 'Archived projects "cannot be used or updated": their keys are refused, and a project cannot be un-archived through the API, so the key will not work again.',
      fix: 'Use a key of a live project: create one (or a service account) in the project the app belongs to, and put it where the old key is set (`keydoctor set-key`).',
    },
  },
  run({ facts }) {
    const admin = facts.admin;
    if (!admin) return [];
    const out: FindingDraft[] = [];
    for (const m of admin.matches) {
      const e = m.entry;
      if (m.status !== 'matched' || !e?.project || e.project.status !== 'archived') continue;
      const k = m.local;
      out.push({
        id: 'key-in-archived-project',
        message: `The key ${k.value} in ${sourcesText(k)} is ${entryText(e)}, which is archived${e.project.archivedAt ? ` (since ${new Date(e.project.archivedAt * 1000).toISOString().slice(0, 10)})` : ''}: its keys no longer work.${k.targets.length ? ` ${k.targets.join(', ')} ${k.targets.length === 1 ? 'uses' : 'use'} it.` : ''}`,
        location: firstLocation(k),
        related: related(k),
        target: k.targets[0],
        data: { keyId: e.id, project: e.project.id, fingerprint: k.fingerprint },
        fix: { summary: 'Create a key in a live project and put it where this one is set (keydoctor set-key).' },
      });
    }
    return out;
  },
};
