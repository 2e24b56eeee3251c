import type { FindingDraft } from '../../core/types.js';
import { classifyCredential } from '../../keys/classify.js';
import { about, cleanValue, setFix, sourceText, targetNames, winnerGroups, keyList } from './_lib/shared.js';
import type { Check } from '../types.js';

export const check: Check = {
  meta: {
    id: 'key-malformed',
    title: 'The key looks like an OpenAI key but is not a whole one',
    severity: 'error',
    area: 'value',
    docs: {
      what: 'The value starts like an OpenAI key (`sk-`, `sk-proj-`, `sk-svcacct-`, ...) but has the wrong length, characters no OpenAI key has, or lacks the `T3BlbkFJ` marker every OpenAI key carries: it was cut off, wrapped, or edited when copied. A comma-separated list of whole keys (an app that picks one per request, as NextChat does) is only a note, unless a client keydoctor sees reads the whole value as its key.',
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
      // a list of whole keys (`sk-proj-...,sk-proj-...`, NextChat's "join multiple api keys with comma"): code
      // that splits it works; an SDK client given the whole value sends it as one key
      if (keyList(v)) {
        const parts = v.split(',');
        const sdk = g.targets.some((t) =>
          (t.clients ?? []).some(
            (x) => x.status !== 'never' && x.credential.kind === 'env' && x.credential.from === g.name,
          ),
        );
        out.push(
          about(
            'key-malformed',
            g,
            `${g.name} from ${sourceText(g.winner)} holds ${parts.length} OpenAI keys separated by commas. Code that splits the list and sends one key per request works; ${sdk ? `the client that reads ${g.name} sends the whole value as one key, so ${targetNames(g.targets)} would get 401` : `a client given the whole value would send it as one key (401): keydoctor sees no client of ${targetNames(g.targets)} reading it`}.`,
            setFix(
              g.winner,
              g.name,
              sdk
                ? 'Keep one key in the variable (the SDK takes one).'
                : 'If the app does not split the list, keep one key.',
            ),
            sdk ? undefined : 'info',
          ),
        );
        continue;
      }
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
