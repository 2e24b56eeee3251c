/** Shared by key-conflict and key-shadowed (this file is not a check): which losing sources differ from the winner. */
import type { Assignment, ChainEntry, Target } from '../../../core/types.js';
import { ENVIRONMENT_KINDS } from '../../../resolve/sources.js';
import { isPlaceholder } from '../../../keys/classify.js';

/** Sources a user edits last and expects to win. */
export const EDITED_KINDS = new Set(['dotenv']);

export interface Rival {
  target: Target;
  name: string;
  winner: Assignment;
  loser: ChainEntry;
}

function sameFile(a: Assignment, b: Assignment): boolean {
  return !!a.location && !!b.location && a.location.path === b.location.path;
}

/** Losing (or replaced) sources with a different, non-empty value than the winner, per target. */
export function rivals(targets: Target[]): Rival[] {
  const out: Rival[] = [];
  for (const t of targets) {
    const name = t.keyVar;
    const r = t.vars[name];
    if (!r?.winner) continue;
    for (const c of r.chain) {
      if (c.status !== 'lost' && c.status !== 'overridden') continue;
      if (c.assignment === r.winner) continue;
      if (c.assignment.value.trim() === '' || c.assignment.value.trim() === r.winner.value.trim()) continue;
      if (sameFile(c.assignment, r.winner)) continue; // a duplicate line in one file: dotenv-parse-issue
      if (c.assignment.dynamic) continue;
      // a placeholder on either side is no rival: one that loses to a key changes nothing (the
      // `.env.local` copied from `.env.example`), and one that wins is key-placeholder's, whose fix
      // drops the placeholder rather than the key
      if (isPlaceholder(c.assignment.value.trim()) || isPlaceholder(r.winner.value.trim())) continue;
      out.push({ target: t, name, winner: r.winner, loser: c });
    }
  }
  return out;
}

/** Rivals with the same key (same winner and loser) seen by several targets: one entry naming every target. */
export function groupRivals(rs: Rival[], key: (r: Rival) => string): Array<{ first: Rival; targets: Target[] }> {
  const groups = new Map<string, { first: Rival; targets: Target[] }>();
  for (const r of rs) {
    const k = key(r);
    const g = groups.get(k);
    if (!g) groups.set(k, { first: r, targets: [r.target] });
    else if (!g.targets.includes(r.target)) g.targets.push(r.target);
  }
  return [...groups.values()];
}

/** The value most likely edited last (a dotenv file) loses to the environment or a deployment block. */
export function isShadowing(r: Rival): boolean {
  return EDITED_KINDS.has(r.loser.assignment.kind) && ENVIRONMENT_KINDS.has(r.winner.kind);
}
