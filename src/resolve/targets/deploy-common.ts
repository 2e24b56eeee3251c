/** Shared pieces of the deployment target providers: chains, key variable, relevance. */
import type { Assignment, ChainEntry, Resolution, Target } from '../../core/types.js';
import { isKeyName, isOpenAIName } from '../../deploy/util.js';

export interface Candidate {
  assignment: Assignment;
  reason?: string;
}

/**
 * A resolution from candidates ordered highest precedence first: the first wins, the rest are
 * overridden. `removed` makes the variable absent although sources define it (compose `environment:`
 * naming an unset variable).
 */
export function chainOf(name: string, candidates: Candidate[], removed?: string): Resolution {
  const chain: ChainEntry[] = candidates.map((c, i) => ({
    assignment: c.assignment,
    status: i === 0 && !removed ? 'won' : 'overridden',
    reason: i === 0 && !removed ? c.reason : (removed ?? c.reason),
  }));
  const winner = removed ? undefined : candidates[0]?.assignment;
  return { name, chain, winner, value: winner?.value };
}

/** The variable the unit's client reads the key from, and whether it is Azure. */
export function keyVarOf(names: Iterable<string>): { keyVar: string; azure: boolean } {
  const list = [...names];
  if (list.includes('OPENAI_API_KEY')) return { keyVar: 'OPENAI_API_KEY', azure: false };
  if (list.includes('AZURE_OPENAI_API_KEY')) return { keyVar: 'AZURE_OPENAI_API_KEY', azure: true };
  const k = list.find((n) => isKeyName(n) && /^[A-Z0-9_]+$/.test(n));
  if (k) return { keyVar: k, azure: /AZURE/.test(k) };
  return { keyVar: 'OPENAI_API_KEY', azure: list.some((n) => /AZURE_OPENAI/.test(n)) };
}

/**
 * Deployment units only become targets when they name the OpenAI key variable: a unit that sets
 * only OPENAI_BASE_URL / AZURE_OPENAI_ENDPOINT may use key-less auth (Entra ID, a local proxy), and
 * keydoctor does not guess that it lacks a key.
 */
export function relevant(names: Iterable<string>): boolean {
  for (const n of names) if (isKeyName(n) && isOpenAIName(n)) return true;
  return false;
}

export function finishTarget(t: Omit<Target, 'keyVar' | 'azure'>, names: Iterable<string>): Target {
  const { keyVar, azure } = keyVarOf(names);
  const vars = { ...t.vars };
  vars[keyVar] ??= { name: keyVar, chain: [] };
  return { ...t, vars, keyVar, azure: azure || undefined };
}
