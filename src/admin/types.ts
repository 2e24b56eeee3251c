/**
 * The Admin API's objects as keydoctor reads them (the spec's `components.schemas`, fields keydoctor
 * uses), and the inventory built from them. No object here ever holds a key value: the API returns
 * `redacted_value` only, and the one-time `value` of a new service-account key stays in rotate's memory.
 */
import type { Location } from '../core/types.js';
import type { CredentialKind } from '../keys/classify.js';

export interface ApiProject {
  id: string;
  object?: string;
  name?: string | null;
  created_at?: number;
  archived_at?: number | null;
  status?: string | null;
}

export interface ApiProjectKey {
  id: string;
  object?: string;
  name?: string | null;
  redacted_value: string;
  created_at?: number;
  last_used_at?: number | null;
  owner_project_access?: 'active' | 'inactive';
  owner?: {
    type?: 'user' | 'service_account';
    user?: { id: string; name?: string; email?: string; role?: string; created_at?: number };
    service_account?: { id: string; name?: string; role?: string; created_at?: number };
  };
}

export interface ApiAdminKey {
  id: string;
  object?: string;
  name?: string | null;
  redacted_value: string;
  created_at?: number;
  expires_at?: number | null;
  last_used_at?: number | null;
  owner?: { type?: string; id?: string; name?: string; role?: string };
}

export interface ApiServiceAccount {
  id: string;
  object?: string;
  name?: string;
  role?: string;
  created_at?: number;
}

export interface ApiServiceAccountCreated extends ApiServiceAccount {
  api_key: { object?: string; id: string; name?: string; value: string; created_at?: number } | null;
}

export interface ApiBucket {
  start_time: number;
  end_time: number;
  results?: Array<{
    api_key_id?: string | null;
    project_id?: string | null;
    input_tokens?: number;
    output_tokens?: number;
    num_model_requests?: number;
    amount?: { value?: number; currency?: string };
  }>;
}

// ---------------------------------------------------------------------------------------------
// The inventory

export interface KeyUsage {
  inputTokens: number;
  outputTokens: number;
  requests: number;
  /** Sum of costs in `currency` (usd). */
  cost: number;
  currency: string;
}

export interface InventoryProject {
  id: string;
  name: string;
  status: 'active' | 'archived';
  createdAt?: number;
  archivedAt?: number | null;
}

export interface InventoryKey {
  kind: 'project' | 'admin';
  id: string;
  name: string;
  /** As the API lists it (first 8, `*` padding, last 4). */
  redacted: string;
  project?: InventoryProject;
  ownerType: 'user' | 'service_account';
  ownerId?: string;
  ownerName?: string;
  ownerEmail?: string;
  /** Project keys: whether the owner still has access to the project. */
  ownerAccess?: 'active' | 'inactive';
  createdAt?: number;
  lastUsedAt: number | null;
  expiresAt?: number | null;
  usage?: KeyUsage;
}

export interface InventoryServiceAccount {
  id: string;
  name: string;
  role?: string;
  createdAt?: number;
  project: string;
}

export interface Inventory {
  /** The Admin API base URL asked. */
  baseURL: string;
  /** Unix seconds. */
  fetchedAt: number;
  projects: InventoryProject[];
  keys: InventoryKey[];
  serviceAccounts: InventoryServiceAccount[];
  /** With --usage: the window the per-key usage covers (unix seconds). */
  usageWindow?: { from: number; to: number };
  /** Listings that failed (a project's service accounts, usage without api.usage.read, ...). */
  notes: string[];
}

// ---------------------------------------------------------------------------------------------
// Local keys and their dashboard entries

export interface LocalSource {
  /** The variable that holds the key. */
  name: string;
  kind: string;
  location?: Location;
  /** Targets that read this source (their chain holds it). */
  targets: string[];
}

export interface LocalKey {
  /** The value: in memory only, never printed (every output masks it). */
  value: string;
  /** Stable id for outputs and journals: `sha256:` + 12 hex of the value. */
  fingerprint: string;
  kind: CredentialKind;
  sources: LocalSource[];
  /** Targets whose effective key this is. */
  targets: string[];
  /** Project ids the targets name (OPENAI_PROJECT_ID), to tell similar dashboard entries apart. */
  projectHints: string[];
  /** What the doctor's live check said of it, when it was verified. */
  live?: 'valid' | 'invalid' | 'other';
  /** The organization that answered, when valid. */
  liveOrganization?: string;
}

export interface KeyMatch {
  local: LocalKey;
  status: 'matched' | 'ambiguous' | 'none';
  entry?: InventoryKey;
  candidates: InventoryKey[];
}

/** What the inventory checks read (facts.admin). */
export interface AdminFacts {
  inventory: Inventory;
  matches: KeyMatch[];
  /** key-unused: days without use (default 90). */
  unusedDays: number;
  /** Unix seconds: "now" for ages. */
  now: number;
}
