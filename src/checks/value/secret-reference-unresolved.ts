import type { FindingDraft, Target } from '../../core/types.js';
import { secretReference } from '../../resolve/targets/wrappers.js';
import { loc, sourceText, targetNames, winnerGroups } from './_lib/shared.js';
import type { Check } from '../types.js';

/** The command that would resolve the reference for this target. */
function command(tool: string, file: string | undefined, t: Target): string {
  const cmd = t.label.match(/\(([^()]+)\)/)?.[1] ?? '<your start command>';
  const f = file && !file.startsWith('~') ? file : '.env';
  if (tool === 'op run') return `op run --env-file=${f} -- ${cmd}`;
  if (tool === 'dotenvx run') return `dotenvx run -f ${f} -- ${cmd}`;
  return `sops exec-env ${f} '${cmd}'`;
}

/**
 * A secret-manager reference or an encrypted value reaches the app as its key: the target's
 * launcher does not resolve it (plain dotenv reading an `op://` reference, `encrypted:` without dotenvx).
 */
export const check: Check = {
  meta: {
    id: 'secret-reference-unresolved',
    title: 'A secret reference or an encrypted value reaches the app unresolved',
    severity: 'error',
    area: 'value',
    docs: {
      what: 'The value the target ends up with is a secret-manager reference or an encrypted value: a 1Password reference (`op://vault/item/field`), a dotenvx encrypted value (`encrypted:...`) or a SOPS value (`ENC[AES256_GCM,...]`), and the way the target starts does not resolve it (`op run`, `dotenvx run` / `dotenvx.config()`, `sops exec-env`). The app sends the reference itself as the key.',
      why: 'Only the secret manager turns the reference into the key, and only when it starts the app: plain dotenv, python-dotenv, Node\'s `--env-file`, the frameworks and the shell pass the text on as it is, and the API answers 401 "Incorrect API key provided: op://...".',
      fix: "Start the target through the tool that resolves it (`op run --env-file=.env -- npm start`, `dotenvx run -- node app.js` with `.env.keys` or `DOTENV_PRIVATE_KEY`, `sops exec-env secrets.env 'npm start'`), or use the decrypting loader in code (`require('@dotenvx/dotenvx').config()`). Targets that the tool already starts are not reported.",
    },
  },
  run({ facts, targets }) {
    void facts;
    const out: FindingDraft[] = [];
    const seen = new Set<string>();
    for (const pick of [
      (t: Target) => (t.needsKey === false ? undefined : t.keyVar),
      (t: Target) => (t.azure ? 'AZURE_OPENAI_API_KEY' : undefined),
    ]) {
      for (const g of winnerGroups(targets, pick)) {
        const ref = secretReference(g.value);
        if (!ref) continue;
        const k = `${g.name}|${sourceText(g.winner)}`;
        if (seen.has(k)) continue;
        seen.add(k);
        const first = g.targets[0] as Target;
        const file = g.winner.location?.path;
        const cmd = command(ref.tool, file, first);
        out.push({
          id: 'secret-reference-unresolved',
          message: `${g.name} is ${ref.kind} in ${sourceText(g.winner)}, and ${targetNames(g.targets)} ${g.targets.length > 1 ? 'read' : 'reads'} it without ${ref.tool}: the app sends the reference itself as the key.`,
          location: loc(g.winner),
          target: first.id,
          fix: { summary: `Start it through ${ref.tool}, which puts the secret in its place.`, command: cmd },
          data: { name: g.name, reference: ref.kind, resolver: ref.tool, targets: g.targets.map((t) => t.id) },
        });
      }
    }
    return out;
  },
};
