import type { FindingDraft } from '../../core/types.js';
import { about, setFix, sourceText, targetNames, winnerGroups, verb } from './_lib/shared.js';
import type { Check } from '../types.js';

export const check: Check = {
  meta: {
    id: 'key-bearer-prefix',
    title: 'The key value starts with "Bearer "',
    severity: 'error',
    area: 'value',
    docs: {
      what: 'The variable holds `Bearer sk-...` instead of the key alone, usually copied from a curl example or an HTTP header.',
      why: 'The SDK adds `Bearer ` itself, so the header becomes `Authorization: Bearer Bearer sk-...` and the API answers 401 (Azure: `api-key: Bearer ...`, also 401).',
      fix: 'Delete `Bearer ` from the value; keep only the key.',
    },
  },
  run({ targets }) {
    const out: FindingDraft[] = [];
    for (const g of winnerGroups(targets)) {
      if (!/^\s*["']?bearer\s/i.test(g.value)) continue;
      out.push(
        about(
          'key-bearer-prefix',
          g,
          `${g.name} from ${sourceText(g.winner)} starts with "Bearer ", so ${targetNames(g.targets)} ${verb(g.targets, 'sends', 'send')} "Authorization: Bearer Bearer ...".`,
          setFix(g.winner, g.name, 'Remove "Bearer " from the value.'),
        ),
      );
    }
    return out;
  },
};
