import type { ChainEntry, Check, FindingDraft, Target } from '../../core/types.js';
import { environmentAssignments, locText } from '../../resolve/sources.js';
import { groupRivals, isShadowing, rivals, type Rival } from './_lib/conflict.js';
import { removeFix, sourceText, targetNames } from './_lib/shared.js';

const SHELL_KINDS = new Set(['process-env', 'shell-rc', 'fish', 'etc-environment', 'envrc']);

/** How to make the losing file win on purpose; nothing for loaders that never override the environment (--env-file, pydantic-settings). */
function overrideHint(t: Target, loser: ChainEntry): string {
  if (loser.rule === 'env-wins') return '';
  if (t.kind === 'python') return 'load_dotenv(override=True)';
  if (t.kind === 'node') return "dotenv.config({ override: true })";
  return '';
}

/** Why the loader keeps the other value, from the chain entry's rule (not from its phrase). */
function ruleText(e: ChainEntry): string {
  // deployment chains (compose interpolation, ...) give their own clause, not an engine rule
  if (!e.rule) return e.reason ?? 'the loader does not override';
  const loader = e.loader ?? 'the loader';
  if (e.rule === 'env-wins') return `${loader} never overrides the environment`;
  if (e.rule === 'first-wins') return `${loader} keeps the first value`;
  return `${loader} does not override`;
}

export const check: Check = {
  meta: {
    id: 'key-shadowed',
    title: 'The key you edited loses to an older one',
    severity: 'warning',
    area: 'value',
    docs: {
      what: 'The value most likely edited last (usually the one in `.env`) never reaches the app, because a source with higher precedence sets the same variable: an `export` in a shell start-up file, a fish universal variable, the OS environment, compose `environment:`, an IDE launch configuration.',
      why: 'Every mainstream loader (dotenv, python-dotenv, node --env-file, Next.js, Vite, compose) keeps a variable that is already set. Rotating the key in `.env` changes nothing and the app keeps sending the old, perhaps revoked, key: 401 with the old key\'s last four characters.',
      fix: 'Remove the stale definition (delete the export line, then `unset OPENAI_API_KEY` or open a new terminal), or make the file win on purpose (`load_dotenv(override=True)`, `dotenv.config({ override: true })`).',
    },
  },
  run({ facts, targets }) {
    const out: FindingDraft[] = [];
    const key = (r: Rival) => `${locText(r.winner) ?? r.winner.kind}|${r.winner.value}|${locText(r.loser.assignment) ?? ''}`;
    for (const { first: r, targets: ts } of groupRivals(rivals(targets).filter(isShadowing), key)) {
      const lost = r.loser.assignment;
      const winnerText = r.winner.value === '' ? `an empty ${r.name}` : r.winner.value;
      const msg = `${r.name} in ${locText(lost) ?? 'the file'} (${lost.value}) never reaches ${targetNames(ts)}: ${sourceText(r.winner)} already sets ${winnerText}, and ${ruleText(r.loser)}.`;
      const hint = overrideHint(r.target, r.loser);
      // A deployment value interpolated from the shell (compose `${OPENAI_API_KEY}`): the stale value lives in the shell.
      const shell = SHELL_KINDS.has(r.winner.kind) ? undefined : environmentAssignments(facts).find((a) => a.name === r.name && a.value === r.winner.value);
      const fix = shell ? removeFix(shell, r.name, `, so ${locText(r.winner) ?? 'the deployment file'} takes the value from ${locText(lost) ?? 'the file'} instead`) : removeFix(r.winner, r.name, hint ? `, or load the file with ${hint}` : '');
      const f: FindingDraft = { id: 'key-shadowed', message: msg, target: r.target.id, fix, data: { variable: r.name, targets: ts.map((t) => t.id), winner: sourceText(r.winner), loser: locText(lost) } };
      if (r.winner.location) f.location = { ...r.winner.location };
      if (lost.location) f.related = [{ ...lost.location, note: 'the value that loses' }];
      if (shell?.location) (f.related ??= []).push({ ...shell.location, note: 'where the shell gets the old value' });
      out.push(f);
    }
    return out;
  },
};
