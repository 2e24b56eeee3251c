/** Results of live verification (owned by src/live). */
import type { FindingDraft } from '../core/types.js';

export type Permission = 'allowed' | 'denied' | 'unknown';

/** One probe of the permission table. */
export interface ProbeResult {
  name: string;
  /** What the permission covers, in words. */
  covers: string;
  method: string;
  /** Path asked (relative to the base URL; no secrets). */
  path: string;
  status?: number;
  permission: Permission;
  /** Scopes the API said are missing. */
  missing?: string[];
  /** Network failure reason when there was no answer. */
  failure?: string;
  ms: number;
}

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
  permissions?: Record<string, Permission>;
  ms?: number;
  /** What kind of credential was verified (`OpenAI project key`, `Azure OpenAI key (32 hex digits)`, ...). */
  keyType?: string;
  /** The proxy the requests went through (no credentials), when one did. */
  proxy?: string;
  /** Every probe, in table order, with status and timing. */
  probes?: ProbeResult[];
  /** Whether a request was repeated once after a 429 rate limit. */
  retried?: boolean;
  /** Organizations of the key's user, from GET /v1/me (ids and titles only). */
  orgs?: Array<{ id: string; title?: string; role?: string; isDefault?: boolean }>;
  /** Skipped without sending anything, and why. */
  skipped?: string;
  /** For the models asked about (the ones the code uses) that GET /v1/models lists: id → its shutdown_date (null: none announced). */
  modelShutdowns?: Record<string, string | null>;
}

export interface LiveFacts {
  results: LiveResult[];
}
