/**
 * Secret-manager wrappers and decrypting loaders as parts of a target's start-up: `op run`
 * (1Password: resolves `op://` references in its env files and the environment), `doppler run`,
 * `infisical run`, `aws-vault exec`, `chamber exec`, `sops exec-env` (the values come from outside
 * keydoctor's sight), and dotenvx (`dotenvx run`, `dotenvx.config()`), which decrypts
 * `encrypted:` values with `.env.keys` or `DOTENV_PRIVATE_KEY`. A value such a tool replaces is
 * marked dynamic: the text in the file is not what the app gets.
 */
import type { Facts } from '../../core/facts.js';
import type { Assignment } from '../../core/types.js';
import type { Wrapper } from '../../collect/launch/types.js';
import type { LoadStep } from '../engine.js';
import { fileStep } from '../sources.js';
import { joinRel } from '../../core/paths.js';

/** The secret references and encrypted values keydoctor knows, with the tool that resolves each. */
export const SECRET_REFERENCES: Array<{ re: RegExp; kind: string; tool: string; resolvedBy: Set<string> }> = [
  { re: /^op:\/\/[^/\s]+\/[^/\s]+\//, kind: 'a 1Password secret reference', tool: 'op run', resolvedBy: new Set(['op']) },
  { re: /^encrypted:[A-Za-z0-9+/=]{16,}/, kind: 'a dotenvx encrypted value', tool: 'dotenvx run', resolvedBy: new Set(['dotenvx']) },
  { re: /^ENC\[AES256_GCM,/, kind: 'a SOPS-encrypted value', tool: 'sops exec-env', resolvedBy: new Set(['sops']) },
];

export function secretReference(value: string | undefined): (typeof SECRET_REFERENCES)[number] | undefined {
  if (!value) return undefined;
  return SECRET_REFERENCES.find((r) => r.re.test(value.trim()));
}

const NAMES: Record<string, string> = { op: '1Password (op run)', doppler: 'Doppler (doppler run)', infisical: 'Infisical (infisical run)', 'aws-vault': 'aws-vault exec', chamber: 'chamber exec (AWS SSM)', sops: 'sops exec-env' };

export function isSecretWrapper(w: Wrapper): boolean {
  return w.secrets === true;
}

/** The steps a secret-manager wrapper adds, and the phrase for the target's loading line. */
export function secretWrapperSteps(facts: Facts, w: Wrapper, cwd: string): { steps: LoadStep[]; text: string; external: string } {
  const name = NAMES[w.tool] ?? w.tool;
  const steps: LoadStep[] = [];
  if (w.tool === 'op' || w.tool === 'sops') {
    // op run: the env file's values replace the environment's (its references resolved); sops: the decrypted file
    for (const f of w.files) steps.push(fileStep(facts, joinRel(cwd, f), 'dotenv', 'override', name, { environment: true }));
  }
  const files = w.files.length ? ` with ${w.files.join(', ')}` : '';
  const external = `${w.text.trim() || name}: values from ${name.replace(/ \(.*\)$/, '')} that keydoctor cannot see`;
  return { steps, text: `${name}${files} (the secret manager's values; keydoctor cannot see them)`, external };
}

/** The tools among a target's wrappers and loaders that resolve references. */
export function resolvingTools(wrappers: Wrapper[], loaders: string[] = []): Set<string> {
  const out = new Set<string>();
  for (const w of wrappers) out.add(w.tool);
  for (const l of loaders) if (l === 'dotenvx') out.add('dotenvx');
  return out;
}

/** Marks the values the target's tools resolve (an `op://` reference under `op run`, `encrypted:` under dotenvx) as computed at start-up. */
export function markResolved(steps: LoadStep[], tools: Set<string>): void {
  if (tools.size === 0) return;
  for (const s of steps) {
    s.assignments = s.assignments.map((a): Assignment => {
      const ref = secretReference(a.value);
      if (!ref || ![...ref.resolvedBy].some((t) => tools.has(t))) return a;
      return { ...a, dynamic: true, detail: `${a.detail ?? a.location?.path ?? a.kind} (${ref.kind}, resolved by ${ref.tool} when the app starts)` };
    });
  }
}
