import type { FindingDraft } from '../../core/types.js';
import { classifyCredential } from '../../keys/classify.js';
import { about, cleanValue, setFix, sourceText, targetNames, winnerGroups } from './_lib/shared.js';
import type { Check } from '../types.js';

export const check: Check = {
  meta: {
    id: 'key-admin-as-api-key',
    title: 'An admin key is used for ordinary API calls',
    severity: 'error',
    area: 'value',
    docs: {
      what: 'The key is an `sk-admin-` key. Admin keys manage the organization (users, projects, keys, usage) through the Admin API; they are not for model calls.',
      why: 'Calls such as chat completions or model listing are refused with 401/403, and an admin key that leaks from an app gives away control of the whole organization.',
      fix: 'Create a project API key at https://platform.openai.com/api-keys for the app; keep the admin key in OPENAI_ADMIN_KEY for admin scripts only.',
    },
  },
  run({ targets }) {
    const out: FindingDraft[] = [];
    for (const g of winnerGroups(targets)) {
      if (/ADMIN/i.test(g.name)) continue;
      if (classifyCredential(cleanValue(g.value)).kind !== 'openai-admin') continue;
      out.push(
        about(
          'key-admin-as-api-key',
          g,
          `${g.name} from ${sourceText(g.winner)} is an OpenAI admin key, which ${targetNames(g.targets)} cannot use for model calls.`,
          setFix(g.winner, g.name, 'Replace it with a project API key.'),
        ),
      );
    }
    return out;
  },
};
