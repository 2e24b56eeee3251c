import type { ChainEntry, FindingDraft, Target } from '../../core/types.js';
import { environmentAssignments, locText } from '../../resolve/sources.js';
import { groupRivals, isShadowing, rivals, type Rival } from './_lib/conflict.js';
import { removeFix, sourceText, targetNames } from './_lib/shared.js';
import type { Check } from '../types.js';

const SHELL_KINDS = new Set(['process-env', 'shell-rc', 'fish', 'etc-environment', 'envrc']);

/** How to make the losing file win on purpose; nothing for loaders that never override the environment (--env-file, pydantic-settings). */
function overrideHint(t: Target, loser: ChainEntry): string {
  if (loser.rule === 'env-wins') return '';
  if (t.kind === 'python') return 'load_dotenv(override=True)';
  if (t.kind === 'node') return 'dotenv.config({ override: true })';
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
      what: 'The value most likely edited last (usually the one in `.env`) never reaches the app, because a source with higher precedence sets the same variable: an `export` in a shell start-up file, a fish universal variable, the OS environment, compose `environment:`, an IDE launch configuration. Also when only a new terminal has that source: an `export` in a login-only file (`~/.profile`, `~/.bash_profile`, `~/.zprofile`) or in an `~/.zshrc` edited since this shell opened reaches every app started from a new terminal, even though this shell does not have it. A placeholder that loses (a `.env.local` copied from `.env.example` beside an exported key) is not reported: the key that wins is the one meant.',
      why: "Every mainstream loader (dotenv, python-dotenv, node --env-file, Next.js, Vite, compose) keeps a variable that is already set. Rotating the key in `.env` changes nothing and the app keeps sending the old, perhaps revoked, key: 401 with the old key's last four characters.",
      fix: 'Remove the stale definition (delete the export line, then `unset OPENAI_API_KEY` or open a new terminal), or make the file win on purpose (`load_dotenv(override=True)`, `dotenv.config({ override: true })`).',
    },
  },
  run({ facts, targets }) {
    const out: FindingDraft[] = [];
    const key = (r: Rival) =>
      `${locText(r.winner) ?? r.winner.kind}|${r.winner.value}|${locText(r.loser.assignment) ?? ''}`;
    for (const { first: r, targets: ts } of groupRivals(rivals(targets).filter(isShadowing), key)) {
      const lost = r.loser.assignment;
      const winnerText = r.winner.value === '' ? `an empty ${r.name}` : r.winner.value;
      const msg = `${r.name} in ${locText(lost) ?? 'the file'} (${lost.value}) never reaches ${targetNames(ts)}: ${sourceText(r.winner)} already sets ${winnerText}, and ${ruleText(r.loser)}.`;
      const hint = overrideHint(r.target, r.loser);
      // A deployment value interpolated from the shell (compose `${OPENAI_API_KEY}`): the stale value lives in the shell.
      const shell = SHELL_KINDS.has(r.winner.kind)
        ? undefined
        : environmentAssignments(facts).find((a) => a.name === r.name && a.value === r.winner.value);
      const fix = shell
        ? removeFix(
            shell,
            r.name,
            `, so ${locText(r.winner) ?? 'the deployment file'} takes the value from ${locText(lost) ?? 'the file'} instead`,
          )
        : removeFix(r.winner, r.name, hint ? `, or load the file with ${hint}` : '');
      const f: FindingDraft = {
        id: 'key-shadowed',
        message: msg,
        target: r.target.id,
        fix,
        data: { variable: r.name, targets: ts.map((t) => t.id), winner: sourceText(r.winner), loser: locText(lost) },
      };
      if (r.winner.location) f.location = { ...r.winner.location };
      if (lost.location) f.related = [{ ...lost.location, note: 'the value that loses' }];
      if (shell?.location) (f.related ??= []).push({ ...shell.location, note: 'where the shell gets the old value' });
      out.push(f);
    }
    // Started from a new terminal, a start-up file line (a login-only ~/.bash_profile, an ~/.zshrc
    // edited since this shell opened) would beat the source that wins here.
    const seen = new Set<string>();
    for (const t of targets) {
      const n = t.fromNewTerminal;
      if (!n || t.kind === 'shell') continue;
      const lost = n.instead.assignment;
      const id = `${locText(n.winner)}|${locText(lost) ?? lost.kind}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const ts = targets.filter(
        (x) =>
          x.fromNewTerminal &&
          locText(x.fromNewTerminal.winner) === locText(n.winner) &&
          x.fromNewTerminal.instead.assignment === lost,
      );
      const name = n.winner.name;
      const msg = `Started from a new terminal, ${targetNames(ts)} would get ${name} from ${locText(n.winner)} (${n.winner.value}), not from ${locText(lost) ?? sourceText(lost)} (${lost.value}): a new shell sets it before the app starts, and ${ruleText(n.instead)}. This shell does not have that value, so here ${locText(lost) ?? 'the file'} wins.`;
      const hint = overrideHint(t, n.instead);
      const f: FindingDraft = {
        id: 'key-shadowed',
        message: msg,
        target: t.id,
        fix: removeFix(n.winner, name, hint ? `, or load the file with ${hint}` : ''),
        data: {
          variable: name,
          targets: ts.map((x) => x.id),
          winner: sourceText(n.winner),
          loser: locText(lost),
          when: 'new-terminal',
        },
      };
      if (n.winner.location) f.location = { ...n.winner.location };
      if (lost.location) f.related = [{ ...lost.location, note: 'the value a new terminal hides' }];
      out.push(f);
    }
    return out;
  },
};
