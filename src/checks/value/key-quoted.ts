import type { FindingDraft } from '../../core/types.js';
import { about, setFix, sourceText, targetNames, winnerGroups, verb } from './_lib/shared.js';
import type { Check } from '../types.js';

export const check: Check = {
  meta: {
    id: 'key-quoted',
    title: 'Quote characters are part of the key',
    severity: 'error',
    area: 'value',
    docs: {
      what: 'The value the target sees contains `"`, `\'` or a backtick: the quotes were meant as syntax but the loader kept them (`docker run --env-file`, compose `env_file` in older versions, systemd `Environment=`, a Kubernetes Secret, nested quotes such as `"\'sk-...\'"`, text after a closing quote).',
      why: 'The API compares the whole string: `"sk-proj-..."` with its quotes is an incorrect key (401 `invalid_api_key`).',
      fix: 'Write the value without quotes where the loader does not strip them (Docker env files, systemd, Kubernetes), or with exactly one pair of quotes in a dotenv file.',
    },
  },
  run({ targets }) {
    const out: FindingDraft[] = [];
    for (const g of winnerGroups(targets)) {
      const v = g.value.trim();
      if (!/["'`]/.test(v)) continue;
      const wrapped = /^(["'`]).*\1$/s.test(v);
      const msg = `${g.name} from ${sourceText(g.winner)} ${wrapped ? 'is wrapped in quote characters that the loader kept' : 'contains quote characters'}, so ${targetNames(g.targets)} ${verb(g.targets, 'sends', 'send')} them as part of the key.`;
      out.push(
        about(
          'key-quoted',
          g,
          msg,
          setFix(
            g.winner,
            g.name,
            'Remove the quote characters from the value (or keep one pair in a dotenv file that strips them).',
          ),
        ),
      );
    }
    return out;
  },
};
