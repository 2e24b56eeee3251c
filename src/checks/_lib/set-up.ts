/**
 * Which part of a project the user set up: the value checks soften what they say about a way of
 * running it that is not set up at all (a deployment template, a compose file for the published
 * image) while another way is. Pure over targets.
 */
import type { Target } from '../../core/types.js';
import type { Facts } from '../../core/facts.js';
import { providerOfKeyVar } from '../../providers/index.js';
import { isPlaceholder } from '../../keys/classify.js';
import { localOnly } from '../value/_lib/shared.js';

/**
 * A target, other than `these` and the shell, that gets a real key (neither blank nor a placeholder)
 * from a file of the project or a deployment, not from this shell where it is the variable `lacking`
 * (a key exported in the shell reaches every way of running the app; another provider's key exported
 * there shows which provider the user set up).
 */
export function setUpTarget(o: Target, these: readonly Target[] = [], lacking?: string): boolean {
  if (these.includes(o) || o.kind === 'shell' || o.needsKey === false) return false;
  const r = o.vars[o.keyVar];
  const v = (r?.value ?? '').trim();
  if (v === '' || (r?.winner?.kind === 'process-env' && (lacking === undefined || o.keyVar === lacking))) return false;
  // a placeholder-looking value is set up where only a local server or mock takes it (`test-key-for-aimock`)
  return (
    !isPlaceholder(v) ||
    (r?.winner !== undefined && localOnly({ name: o.keyVar, winner: r.winner, value: v, res: r, targets: [o] }))
  );
}

/** The deployment kinds of target: a compose service, a Kubernetes container, an image, a hosting config. */
export const DEPLOY_KINDS: ReadonlySet<string> = new Set([
  'compose-service',
  'k8s-container',
  'docker-image',
  'hosting',
]);

/** A deployment target that runs an image rather than the project's code it reaches (no clients of its own). */
export function runsImageOnly(t: Target): boolean {
  return DEPLOY_KINDS.has(String(t.kind)) && (t.clients ?? []).length === 0;
}

/** A key variable of another provider than OpenAI (ANTHROPIC_API_KEY, AZURE_API_KEY, GROQ_API_KEY, ...). */
export function foreignKeyVar(name: string): boolean {
  const p = providerOfKeyVar(name);
  return (p !== undefined && p.id !== 'openai') || /^AZURE_/.test(name);
}

/**
 * A script no command of the project names (keydoctor found it as a module that runs by itself), in a
 * project with several such scripts: one of a collection run by hand (`pnpm tsx src/azure.ts`), each for
 * the provider it shows.
 */
export function scriptOfCollection(facts: Facts, t: Target): boolean {
  const eps = facts.code?.entryPoints ?? [];
  const own = (e: (typeof eps)[number]) => e.declaredIn === e.file && e.script === undefined;
  const mine = eps.find((e) => e.file === t.entry);
  return mine !== undefined && own(mine) && eps.filter(own).length >= 2;
}
