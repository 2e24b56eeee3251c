/** Results of live verification (owned by src/live). */
import type { FindingDraft } from '../core/types.js';

export interface LiveResult {
  /** Which targets use this key (target ids). */
  targets: string[];
  /** The endpoint asked (origin + path, no secrets). */
  endpoint: string;
  azure: boolean;
  /** HTTP status, or undefined for network failures. */
  status?: number;
  requestId?: string;
  organization?: string;
  project?: string;
  /** Classified findings (live-* ids, plus key-* where the answer reveals them). */
  findings: FindingDraft[];
  /** Permission table for a working key: probe name → allowed | denied | unknown. */
  permissions?: Record<string, 'allowed' | 'denied' | 'unknown'>;
  ms?: number;
}

export interface LiveFacts {
  results: LiveResult[];
}
