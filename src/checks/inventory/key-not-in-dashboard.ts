import type { FindingDraft } from '../../core/types.js';
import { firstLocation, related, sourcesText } from './_lib/util.js';
import type { Check } from '../types.js';

export const check: Check = {
  meta: {
    id: 'key-not-in-dashboard',
    title: 'A key here matches no live key of the organization',
    severity: 'error',
    area: 'inventory',
    docs: {
      what: "An OpenAI key found on this machine or in the project (a shell start-up file, a `.env`, a compose file, ...) matches none of the keys the Admin API lists for the organization: no entry has its first 8 and last 4 characters at its length. When the doctor's live check also got 401 `invalid_api_key` for it, it is certain that the key was deleted or revoked.",
      why: 'A deleted key answers 401 "Incorrect API key provided" on every call, wherever it is still set; often it sits in a file that wins over the new key (a shell profile, a compose `environment:`).',
      fix: "Replace it where it is set (`keydoctor set-key`, or edit the file named), or delete the stale line. If the key belongs to another organization, run `keydoctor keys` with that organization's admin key. The severity is a warning when the key could not be verified (another organization's key also matches nothing here).",
    },
  },
  run({ facts }) {
    const admin = facts.admin;
    if (!admin) return [];
    const out: FindingDraft[] = [];
    for (const m of admin.matches) {
      if (m.status !== 'none') continue;
      const k = m.local;
      // The API accepted it: it is alive, only not in this organization.
      if (k.live === 'valid') continue;
      const where = sourcesText(k);
      const sure = k.live === 'invalid';
      const kind = k.kind === 'openai-admin' ? 'admin key' : 'key';
      const used = k.targets.length ? ` ${k.targets.join(', ')} ${k.targets.length === 1 ? 'uses' : 'use'} it.` : '';
      out.push({
        id: 'key-not-in-dashboard',
        severity: sure ? 'error' : 'warning',
        message: sure
          ? `The ${kind} ${k.value} in ${where} matches no live key of the organization, and the API refused it (401 invalid_api_key): it was deleted or revoked.${used}`
          : `The ${kind} ${k.value} in ${where} matches no key of the organization${k.live === undefined ? ' (not verified live)' : ''}: it was deleted (it will answer 401), or it belongs to another organization.${used}`,
        location: firstLocation(k),
        related: related(k),
        target: k.targets[0],
        data: { fingerprint: k.fingerprint, verified: k.live ?? 'no', targets: k.targets },
        fix: {
          summary:
            'Put a live key in its place (keydoctor set-key, or create one at https://platform.openai.com/api-keys), or remove the stale line.',
        },
      });
    }
    return out;
  },
};
