/**
 * The emulator's data model: the JSON config as written (docs/emulator.md), the state it is
 * normalised into once (src/emulator/config.ts, admin-state.ts), and what a route handler sees of a
 * request (src/emulator/openai.ts). Types only, so every emulator module can name them.
 */
import type { Reply } from './shapes.js';

// ---------------------------------------------------------------------------------------------
// The config as written

export type KeyStatus = 'active' | 'revoked' | 'deactivated' | 'terminated';
export type Quota = 'ok' | 'exhausted' | 'no_credits' | 'billing_inactive';

export interface RateLimitConfig {
  /** Requests allowed per window. */
  requests: number;
  /** Window length in milliseconds (default 60000: requests per minute). */
  window_ms?: number;
}

export interface KeyConfig {
  key: string;
  /** Organization id (`org-...`), or several for a user key that belongs to more than one. */
  organization?: string | string[] | null;
  /** Project id (`proj_...`); project and service-account keys are bound to one. */
  project?: string | null;
  status?: KeyStatus;
  /** `all`, or restricted-key scopes such as `model.request`, `api.model.read`. */
  scopes?: 'all' | string[];
  quota?: Quota;
  rate_limit?: RateLimitConfig;
  /** The user the key belongs to (for /v1/me). */
  user?: string;
  /** Display name and id for the admin listings. */
  name?: string;
  id?: string;
  /** Admin API: when the key was made and last used (unix seconds; `null`: never used). */
  created_at?: number;
  last_used_at?: number | null;
  /** Admin API: the service account (`svc_acct_...`, listed in its project's `service_accounts`) that owns the key. */
  service_account?: string;
}

export interface ProjectConfig {
  id: string;
  name?: string;
  ip_allowlist?: string[];
  /** Models this project may use (default: all). */
  models?: string[];
  /** Data residency (`us`, `eu`, `ae`): its keys work only on that region's host (`us.api.openai.com`). */
  residency?: string;
  status?: 'active' | 'archived';
  /** Admin API (src/emulator/admin-state.ts): members, service accounts, times. */
  users?: Array<{ id: string; role?: 'owner' | 'member' }>;
  service_accounts?: Array<{ id: string; name?: string; role?: 'owner' | 'member'; created_at?: number }>;
  created_at?: number;
  archived_at?: number | null;
}

export interface OrganizationConfig {
  id: string;
  /** What `openai-organization` answers (OpenAI sends the name/slug, not the id). */
  name?: string;
  title?: string;
  personal?: boolean;
  ip_allowlist?: string[];
  quota?: Quota;
  rate_limit?: RateLimitConfig;
  projects?: ProjectConfig[];
}

export interface UserConfig {
  id: string;
  email?: string;
  name?: string;
  /** Organization ids with roles. */
  organizations?: Array<{ id: string; role?: 'owner' | 'reader' | 'member' }>;
  created_at?: number;
}

export interface FaultConfig {
  /** Exact path (`/v1/models`) or a prefix ending in `*`. */
  path: string;
  method?: string;
  /** Answer with this status and an OpenAI-shaped server_error body (or `body`). */
  status?: number;
  body?: unknown;
  /** Close the connection without answering. */
  hang_up?: boolean;
  /** Wait this long before answering (ms). */
  delay_ms?: number;
  /** Only this many times (default: always). */
  times?: number;
  /** Let this many matching requests through before the fault starts ("a 500 halfway through"). */
  after?: number;
  /** Extra headers on the faulty answer (`retry-after` on a 429). */
  headers?: Record<string, string>;
  /** Carry the request out (it takes effect), then close the connection without an answer. */
  drop_after_effect?: boolean;
}

export interface AzureTokenConfig {
  token: string;
  /** RBAC roles of the principal; needs `Cognitive Services OpenAI User` (or Contributor) to call the data plane. */
  roles?: string[];
  expired?: boolean;
}

export interface AzureDeploymentConfig {
  name: string;
  model?: string;
}

export interface AzureResourceConfig {
  /** Resource name (`myres` for https://myres.openai.azure.com); matched against the Host header's first label. */
  name: string;
  keys?: string[];
  tokens?: Array<string | AzureTokenConfig>;
  deployments?: Array<string | AzureDeploymentConfig>;
  /** Dated api-versions the classic `/openai/deployments/...` paths accept. */
  api_versions?: string[];
  /** Whether the v1 path `/openai/v1/...` is enabled (default true). */
  v1?: boolean;
}

export interface EmulatorConfig {
  keys?: KeyConfig[];
  /** Admin keys (`sk-admin-...`) may also be listed here instead of in `keys`. */
  admin_keys?: KeyConfig[];
  organizations?: OrganizationConfig[];
  users?: UserConfig[];
  /** Model ids the API knows (default: a small realistic list). */
  models?: string[];
  /** The API host this emulator stands for (default `api.openai.com`): a data-residency project answers only on its region's host. */
  hostname?: string;
  /** `shutdown_date` served for a model in GET /v1/models (YYYY-MM-DD, or null for none); default: keydoctor's lifecycle table. */
  model_shutdowns?: Record<string, string | null>;
  /** The caller's address as the allow-lists and region blocks see it (default: the socket's address). */
  client_ip?: string;
  /** Callers from these addresses/CIDRs are in an unsupported country, region or territory. */
  region_blocked?: string[] | boolean;
  /** Which of the two observed "no key" messages to send: `classic` (default) or `bearer`. */
  no_auth_message?: 'classic' | 'bearer';
  faults?: FaultConfig[];
  azure?: { resources?: AzureResourceConfig[] };
  /** Admin API usage rows (src/emulator/admin-state.ts); live calls add their own. */
  usage?: UsageRowConfig[];
}

export interface UsageRowConfig {
  /** The key's id (`keys[].id`). */
  api_key_id: string;
  /** Unix seconds. */
  time: number;
  input_tokens?: number;
  output_tokens?: number;
  requests?: number;
  model?: string;
  /** Cost in USD (default: from the tokens at a small model's price). */
  cost_usd?: number;
}

// ---------------------------------------------------------------------------------------------
// Normalised state

export interface Key {
  key: string;
  id: string;
  name: string;
  admin: boolean;
  organizations: string[];
  project?: string;
  status: KeyStatus;
  scopes: 'all' | Set<string>;
  quota?: Quota;
  rateLimit?: { requests: number; windowMs: number };
  user?: string;
}

export interface Project {
  id: string;
  name: string;
  org: string;
  ipAllowlist?: string[];
  models?: string[];
  residency?: string;
  status: 'active' | 'archived';
}

export interface Organization {
  id: string;
  name: string;
  title: string;
  personal: boolean;
  ipAllowlist?: string[];
  quota: Quota;
  rateLimit?: { requests: number; windowMs: number };
  projects: Project[];
}

export interface AzureResource {
  name: string;
  keys: Set<string>;
  tokens: Map<string, { roles: string[]; expired: boolean }>;
  deployments: Map<string, string>;
  apiVersions: Set<string>;
  v1: boolean;
}

export interface State {
  keys: Map<string, Key>;
  orgs: Map<string, Organization>;
  users: UserConfig[];
  models: string[];
  /** id → shutdown_date served in the model objects. */
  modelShutdowns: Record<string, string | null>;
  hostname: string;
  clientIp?: string;
  regionBlocked: string[] | boolean;
  noAuthMessage: 'classic' | 'bearer';
  faults: Array<FaultConfig & { used: number }>;
  azure: AzureResource[];
  /** The organization as the Admin API sees it (src/emulator/admin-state.ts). */
  admin: AdminState;
}

/** A config error, with a message that never holds a key. */

// ---------------------------------------------------------------------------------------------
// The organization as the Admin API sees it (src/emulator/admin-state.ts)

export interface ServiceAccount {
  id: string;
  name: string;
  role: 'owner' | 'member' | 'none';
  createdAt: number;
  project: string;
}

export interface KeyMeta {
  createdAt: number;
  lastUsedAt: number | null;
  /** The service account that owns the key (project keys only). */
  serviceAccount?: string;
}

export interface ProjectMeta {
  createdAt: number;
  archivedAt: number | null;
  /** Project members (user id → role); undefined: every organization member is one. */
  users?: Map<string, 'owner' | 'member'>;
}

export interface UsageRow {
  keyId: string;
  projectId?: string;
  /** Unix seconds. */
  time: number;
  inputTokens: number;
  outputTokens: number;
  requests: number;
  model?: string;
  costUsd: number;
}

export interface AdminState {
  /** By key id. */
  keyMeta: Map<string, KeyMeta>;
  /** By project id. */
  projects: Map<string, ProjectMeta>;
  /** By service-account id. */
  serviceAccounts: Map<string, ServiceAccount>;
  usage: UsageRow[];
}

// ---------------------------------------------------------------------------------------------
// A request and its route (src/emulator/openai.ts)

export interface EmuRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  ip: string;
}

export interface Ctx {
  state: State;
  req: EmuRequest;
  key: Key;
  org: Organization;
  project?: Project;
  params: string[];
  json: Record<string, unknown>;
}

export type Handler = (ctx: Ctx) => Reply;

export interface Route {
  method: string;
  re: RegExp;
  /** The scope a restricted key needs (aliases accepted, see SCOPE_ALIASES). */
  scope?: string;
  /** Status of the missing-scope answer (403 on /v1/models and the admin API, 401 elsewhere, as observed). */
  scopeStatus?: number;
  admin?: boolean;
  /** Billed endpoints answer insufficient_quota when the account has no credit. */
  billed?: boolean;
  /** Needs a JSON body. */
  body?: boolean;
  handler: Handler;
}
