import { isStoreAssignment } from '../../resolve/stores.js';
import type { FindingDraft } from '../../core/types.js';
import { ENVIRONMENT_KINDS, locText } from '../../resolve/sources.js';
import { groupRivals, isShadowing, rivals, type Rival } from './_lib/conflict.js';
import { sourceText, targetNames } from './_lib/shared.js';
import type { Check } from '../types.js';

export const check: Check = {
  meta: {
    id: 'key-conflict',
    title: 'Sources the same target reads disagree on the key',
    severity: 'warning',
    area: 'value',
    docs: {
      what: "Two or more places that one run target reads give the key variable different values (`.env.local` and `.env`, two `--env-file`s, this shell and the start-up file a new terminal reads, or a framework's own files: `appsettings.Development.json` over `appsettings.json`, a Spring profile file over `application.yml`, `.streamlit/secrets.toml` over `~/.streamlit/secrets.toml`, a `.env` that DotNetEnv loads after the .NET builder read the environment). Only one wins; this finding says which and why. A placeholder on either side is not a rival: one that loses changes nothing, and one that wins is key-placeholder's finding, whose fix drops the placeholder rather than the key.",
      why: 'When the winner is the stale one, the app sends a key you did not mean; when you rotate the key in the losing place, nothing changes. Different terminals, IDEs and deployments can also end up with different keys.',
      fix: 'Keep the key in one place: delete the other definitions, or make them equal. The finding names the winner and the rule that makes it win.',
    },
  },
  run({ targets }) {
    const out: FindingDraft[] = [];
    // key-shadowed reports the shadowing rivals.
    const key = (r: Rival) =>
      `${r.name}|${locText(r.winner) ?? r.winner.kind}|${r.winner.value}|${locText(r.loser.assignment) ?? r.loser.assignment.kind}`;
    for (const { first: r, targets: ts } of groupRivals(
      rivals(targets).filter((r) => !isShadowing(r)),
      key,
    )) {
      const shell = r.target.kind === 'shell';
      const lost = r.loser.assignment;
      const msg = shell
        ? `${r.name} in this shell (${r.winner.value}, from ${sourceText(r.winner)}) differs from ${locText(lost) ?? lost.kind} (${lost.value}), so a new terminal, and every app started from one, gets the other value.`
        : `${r.name} differs between the sources read by ${targetNames(ts)}: ${sourceText(r.winner)} wins (${r.winner.value}); ${locText(lost) ?? lost.kind} (${lost.value}) ${r.loser.status === 'lost' ? 'loses' : 'is replaced'}: ${r.loser.reason ?? 'the other source comes first'}.`;
      const fix =
        shell && lost.location?.line
          ? lost.location.path.endsWith('fish_variables')
            ? {
                summary: `Decide which key is current: \`set -Ux ${r.name} <key>\` updates the universal variable everywhere, \`set -e ${r.name}\` drops this shell's own value.`,
              }
            : {
                summary: `Decide which key is current: fix line ${lost.location.line} of ${lost.location.path}, or load it into this shell.`,
                command: `source ${lost.location.path}`,
              }
          : r.loser.hint
            ? { summary: r.loser.hint }
            : lost.location?.line
              ? {
                  summary: `Keep the key in one place: delete line ${lost.location.line} of ${lost.location.path} or make it equal to the winner${r.winner.location?.line ? ` (${locText(r.winner)})` : ''}.`,
                  ...(isStoreAssignment(lost)
                    ? {}
                    : { edit: { path: lost.location.path, line: lost.location.line, before: lost.raw, after: '' } }),
                }
              : { summary: 'Keep the key in one place and delete the other definitions.' };
      const f: FindingDraft = {
        id: 'key-conflict',
        message: msg,
        target: r.target.id,
        fix,
        data: { variable: r.name, targets: ts.map((t) => t.id), winner: sourceText(r.winner), loser: locText(lost) },
      };
      if (r.winner.location) f.location = { ...r.winner.location };
      // The file was made to win on purpose (override): the other value is context, not a problem.
      if (r.loser.status === 'overridden' && ENVIRONMENT_KINDS.has(lost.kind) && r.winner.kind === 'dotenv')
        f.severity = 'info';
      if (lost.location) f.related = [{ ...lost.location, note: r.loser.reason ?? 'loses' }];
      out.push(f);
    }
    return out;
  },
};
