/**
 * The emulator's state: keys, organizations, projects, users, Azure resources, faults. Read from a
 * JSON document (docs/emulator.md) and normalised once, so the handlers never deal with defaults.
 */

import { lifecycleOf } from '../code/retired-models.js';
import { normalizeAdmin, type AdminState } from './admin-state.js';
import { configProblem } from './schema.js';
import { ConfigError } from './errors.js';

export { ConfigError };

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

export const DEFAULT_MODELS = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1', 'gpt-4.1-mini', 'o4-mini', 'text-embedding-3-small', 'text-embedding-3-large', 'gpt-3.5-turbo-instruct'];
export const DEFAULT_AZURE_API_VERSIONS = ['2023-05-15', '2024-02-01', '2024-06-01', '2024-10-21', '2025-01-01-preview', '2025-03-01-preview', '2025-04-01-preview'];

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

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function rate(r: RateLimitConfig | undefined, where: string): { requests: number; windowMs: number } | undefined {
  if (r === undefined) return undefined;
  if (typeof r !== 'object' || r === null || typeof r.requests !== 'number' || r.requests < 0) throw new ConfigError(`${where}: rate_limit needs a number of requests`);
  return { requests: r.requests, windowMs: typeof r.window_ms === 'number' && r.window_ms > 0 ? r.window_ms : 60000 };
}

const STATUSES: KeyStatus[] = ['active', 'revoked', 'deactivated', 'terminated'];
const QUOTAS: Quota[] = ['ok', 'exhausted', 'no_credits', 'billing_inactive'];

function slug(id: string): string {
  return id.replace(/^org-/, '').toLowerCase().slice(0, 12) || 'org';
}

/** Validates a parsed config and fills every default. Unknown organizations and projects named by keys are created. */
export function normalizeConfig(input: unknown): State {
  const cfg = (input ?? {}) as EmulatorConfig;
  // The whole shape first (emulator/schema.ts): a wrong type anywhere is this error, not a crash later.
  const problem = configProblem(cfg);
  if (problem) throw new ConfigError(problem);
  const orgs = new Map<string, Organization>();
  const ensureOrg = (id: string): Organization => {
    let o = orgs.get(id);
    if (!o) {
      o = { id, name: slug(id), title: id, personal: false, quota: 'ok', projects: [] };
      orgs.set(id, o);
    }
    return o;
  };
  for (const [i, o] of (cfg.organizations ?? []).entries()) {
    if (typeof o?.id !== 'string') throw new ConfigError(`organizations[${i}] needs an id`);
    if (o.quota !== undefined && !QUOTAS.includes(o.quota)) throw new ConfigError(`organizations[${i}].quota must be one of ${QUOTAS.join(', ')}`);
    const org: Organization = {
      id: o.id,
      name: o.name ?? slug(o.id),
      title: o.title ?? o.name ?? o.id,
      personal: o.personal ?? false,
      ipAllowlist: o.ip_allowlist,
      quota: o.quota ?? 'ok',
      rateLimit: rate(o.rate_limit, `organizations[${i}]`),
      projects: [],
    };
    for (const [j, p] of (o.projects ?? []).entries()) {
      if (typeof p?.id !== 'string') throw new ConfigError(`organizations[${i}].projects[${j}] needs an id`);
      org.projects.push({ id: p.id, name: p.name ?? p.id, org: o.id, ipAllowlist: p.ip_allowlist, models: p.models, ...(p.residency ? { residency: p.residency.toLowerCase() } : {}), status: p.status ?? 'active' });
    }
    orgs.set(o.id, org);
  }
  const keys = new Map<string, Key>();
  const all = [...(cfg.keys ?? []).map((k) => ({ k, admin: false })), ...(cfg.admin_keys ?? []).map((k) => ({ k, admin: true }))];
  for (const [i, { k, admin }] of all.entries()) {
    if (typeof k?.key !== 'string' || k.key.length === 0) throw new ConfigError(`keys[${i}] needs a "key" string`);
    if (k.status !== undefined && !STATUSES.includes(k.status)) throw new ConfigError(`keys[${i}].status must be one of ${STATUSES.join(', ')}`);
    if (k.quota !== undefined && !QUOTAS.includes(k.quota)) throw new ConfigError(`keys[${i}].quota must be one of ${QUOTAS.join(', ')}`);
    if (k.scopes !== undefined && k.scopes !== 'all' && !isStringArray(k.scopes)) throw new ConfigError(`keys[${i}].scopes must be "all" or a list of scope names`);
    const orgIds = k.organization === null ? [] : k.organization === undefined ? ['org-emulator000000000000000'] : Array.isArray(k.organization) ? k.organization : [k.organization];
    for (const id of orgIds) ensureOrg(id);
    const project = k.project ?? undefined;
    if (project && orgIds[0]) {
      const org = ensureOrg(orgIds[0]);
      if (!org.projects.some((p) => p.id === project) && ![...orgs.values()].some((o) => o.projects.some((p) => p.id === project))) {
        org.projects.push({ id: project, name: project, org: org.id, status: 'active' });
      }
    }
    keys.set(k.key, {
      key: k.key,
      id: k.id ?? `key_${String(i).padStart(16, '0')}`,
      name: k.name ?? `key ${i + 1}`,
      admin: admin || k.key.startsWith('sk-admin-'),
      organizations: orgIds,
      project,
      status: k.status ?? 'active',
      scopes: k.scopes === undefined || k.scopes === 'all' ? 'all' : new Set(k.scopes),
      quota: k.quota,
      rateLimit: rate(k.rate_limit, `keys[${i}]`),
      user: k.user,
    });
  }
  const azure: AzureResource[] = [];
  for (const [i, r] of (cfg.azure?.resources ?? []).entries()) {
    if (typeof r?.name !== 'string') throw new ConfigError(`azure.resources[${i}] needs a name`);
    azure.push({
      name: r.name,
      keys: new Set(r.keys ?? []),
      tokens: new Map((r.tokens ?? []).map((t) => (typeof t === 'string' ? [t, { roles: ['Cognitive Services OpenAI User'], expired: false }] : [t.token, { roles: t.roles ?? ['Cognitive Services OpenAI User'], expired: t.expired ?? false }]))),
      deployments: new Map((r.deployments ?? []).map((d) => (typeof d === 'string' ? [d, d] : [d.name, d.model ?? d.name]))),
      apiVersions: new Set(r.api_versions ?? DEFAULT_AZURE_API_VERSIONS),
      v1: r.v1 ?? true,
    });
  }
  if (cfg.no_auth_message !== undefined && cfg.no_auth_message !== 'classic' && cfg.no_auth_message !== 'bearer') throw new ConfigError('no_auth_message must be "classic" or "bearer"');
  return {
    keys,
    orgs,
    users: cfg.users ?? [],
    models: cfg.models ?? DEFAULT_MODELS,
    modelShutdowns: modelShutdowns(cfg),
    hostname: (cfg.hostname ?? 'api.openai.com').toLowerCase(),
    clientIp: cfg.client_ip,
    regionBlocked: cfg.region_blocked ?? false,
    noAuthMessage: cfg.no_auth_message ?? 'classic',
    faults: (cfg.faults ?? []).map((f) => ({ ...f, used: 0 })),
    azure,
    admin: normalizeAdmin(cfg, keys, orgs),
  };
}

function modelShutdowns(cfg: EmulatorConfig): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const id of cfg.models ?? DEFAULT_MODELS) out[id] = lifecycleOf(id)?.shutdown ?? null;
  for (const [id, d] of Object.entries(cfg.model_shutdowns ?? {})) {
    if (d !== null && (typeof d !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d))) throw new ConfigError(`model_shutdowns.${id} must be a YYYY-MM-DD date or null`);
    out[id] = d;
  }
  return out;
}
