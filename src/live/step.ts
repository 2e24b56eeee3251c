/**
 * The doctor's live step: verify each distinct effective key against the endpoint its target would
 * use. Owned by src/live; until it lands the doctor runs as if --offline.
 */
import type { Facts } from '../core/facts.js';
import type { Target } from '../core/types.js';

export interface LiveStepOptions {
  timeoutMs?: number;
}

export async function runLiveStep(_facts: Facts, _targets: Target[], _opts: LiveStepOptions): Promise<void> {
  // Implemented by the live verification work.
}
