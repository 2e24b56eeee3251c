import type { FindingDraft } from '../../core/types.js';
import { classifyCredential } from '../../keys/classify.js';
import { about, cleanValue, setFix, sourceText, targetNames, winnerGroups } from './_lib/shared.js';
import type { Check } from '../types.js';

export const check: Check = {
  meta: {
    id: 'key-malformed',
    title: 'The key looks like an OpenAI key but is not a whole one',
    severity: 'error',
    area: 'value',
    docs: {
      what: 'The value starts like an OpenAI key (`sk-`, `sk-proj-`, `sk-svcacct-`, ...) but has the wrong length, characters no OpenAI key has, or lacks the `T3BlbkFJ` marker every OpenAI key carries: it was cut off, wrapped, or edited when copied.',
      why: 'The API answers 401 `invalid_api_key`. The masked key in the error often shows the cut: its last four characters differ from the key in the dashboard.',
      fix: 'Copy the whole key again (the dashboard shows it once; create a new one if it is lost) and paste it on one line.',
    },
  },
  run({ targets }) {
    const out: FindingDraft[] = [];
    for (const g of winnerGroups(targets)) {
      const v = cleanValue(g.value);
      if (!v) continue;
      const c = classifyCredential(v);
      if (c.kind !== 'openai-malformed') continue;
      out.push(
        about(
          'key-malformed',
          g,
          `${g.name} from ${sourceText(g.winner)} looks like an ${c.label} but ${c.problem ?? 'is not a valid one'}; ${targetNames(g.targets)} would get 401.`,
          setFix(
            g.winner,
            g.name,
            'Paste the whole key again (or create a new one at https://platform.openai.com/api-keys).',
          ),
          undefined,
        ),
      );
    }
    return out;
  },
};
