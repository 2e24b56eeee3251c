import type { FindingDraft } from '../../core/types.js';
import { visible } from '../../keys/mask.js';
import { about, sdkTrims, setFix, sourceText, targetNames, winnerGroups, verb } from './_lib/shared.js';
import { sdkSemantics } from '../../code/sdk-semantics.js';
import type { Check } from '../types.js';

function describeEnds(v: string): string {
  const lead = /^\s+/.exec(v)?.[0] ?? '';
  const trail = /\s+$/.exec(v)?.[0] ?? '';
  const parts: string[] = [];
  if (lead) parts.push(`starts with "${visible(lead)}"`);
  if (trail) parts.push(`ends with "${visible(trail)}"`);
  return parts.join(' and ');
}

export const check: Check = {
  meta: {
    id: 'key-whitespace',
    title: 'The key has leading or trailing whitespace',
    severity: 'error',
    area: 'value',
    docs: {
      what: 'The value the target sees starts or ends with a space, tab, carriage return or newline: a CRLF file read by a loader that keeps the `\\r`, `echo` without `-n` piped into a secret, a stray space after `=` inside quotes.',
      why: 'The header becomes `Bearer sk-...\\n`: Python\'s HTTP stack refuses it ("Illegal header value"), other clients send it and get 401. openai-node trims environment values, so Node apps may survive while curl, LangChain and Python fail with the same variable. The shell that holds the value is not counted as a client: where every app that reads it is a Node app on openai-node 4.24.3 or later (whose readEnv trims), the finding is a warning.',
      fix: "Remove the whitespace at the source: convert the file to LF (`dos2unix .env` or `sed -i 's/\\r$//' .env`), drop the spaces inside the quotes, use `printf %s` / `echo -n` when creating secrets.",
    },
  },
  run({ facts, targets }) {
    const out: FindingDraft[] = [];
    // openai-node trims values it reads from the environment since 4.24.3 (earlier 4.x did not); openai-python never does
    const nodeTrims = sdkSemantics(facts.code?.sdk.node)?.trimsEnv ?? true;
    for (const g of winnerGroups(targets)) {
      const v = g.value;
      if (v.trim() === '' || v === v.trim()) continue;
      // the shell that holds the value is no client: the apps started from it decide
      const apps = g.targets.filter((t) => t.kind !== 'shell');
      const trimmed = nodeTrims && apps.length > 0 && apps.every(sdkTrims);
      const crlf = /\r$/.test(v);
      const python = g.targets.some((t) => t.kind === 'python');
      const msg = `${g.name} from ${sourceText(g.winner)} ${describeEnds(v)}${crlf ? ' (a Windows line ending)' : ''}, so ${targetNames(g.targets)} ${verb(g.targets, 'sends', 'send')} a key with extra characters${trimmed ? ' (openai-node trims it, but other clients reading the same variable do not)' : python ? ' (openai-python sends environment values as they are: the same .env can work in Node, which trims, and fail here)' : ''}.`;
      const fix =
        crlf && g.winner.location
          ? {
              summary: `Convert ${g.winner.location.path} to LF line endings.`,
              command: `sed -i 's/\\r$//' ${g.winner.location.path}`,
            }
          : setFix(g.winner, g.name, 'Remove the whitespace around the key.');
      out.push(about('key-whitespace', g, msg, fix, trimmed ? 'warning' : undefined));
    }
    return out;
  },
};
