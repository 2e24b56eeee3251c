/**
 * The emulator's state: keys, organizations, projects, users, Azure resources, faults. Read from a
 * JSON document (docs/emulator.md) and normalised once, so the handlers never deal with defaults.
 */

import { lifecycleOf } from '../code/retired-models.js';
import { normalizeAdmin } from './admin-state.js';
import { configProblem } from './schema.js';
import { ConfigError } from './errors.js';
import type {
  KeyStatus,
  Quota,
  RateLimitConfig,
  EmulatorConfig,
  Key,
  Organization,
  AzureResource,
  State,
} from './types.js';

export { ConfigError };

export const DEFAULT_MODELS = [
  'gpt-4o-mini',
  'gpt-4o',
  'gpt-4.1',
  'gpt-4.1-mini',
  'o4-mini',
  'text-embedding-3-small',
  'text-embedding-3-large',
  'gpt-3.5-turbo-instruct',
];
export const DEFAULT_AZURE_API_VERSIONS = [
  '2023-05-15',
  '2024-02-01',
  '2024-06-01',
  '2024-10-21',
  '2025-01-01-preview',
  '2025-03-01-preview',
  '2025-04-01-preview',
];

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function rate(r: RateLimitConfig | undefined, where: string): { requests: number; windowMs: number } | undefined {
  if (r === undefined) return undefined;
  if (typeof r !== 'object' || r === null || typeof r.requests !== 'number' || r.requests < 0)
    throw new ConfigError(`${where}: rate_limit needs a number of requests`);
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
    if (o.quota !== undefined && !QUOTAS.includes(o.quota))
      throw new ConfigError(`organizations[${i}].quota must be one of ${QUOTAS.join(', ')}`);
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
      org.projects.push({
        id: p.id,
        name: p.name ?? p.id,
        org: o.id,
        ipAllowlist: p.ip_allowlist,
        models: p.models,
        ...(p.residency ? { residency: p.residency.toLowerCase() } : {}),
        status: p.status ?? 'active',
      });
    }
    orgs.set(o.id, org);
  }
  const keys = new Map<string, Key>();
  const all = [
    ...(cfg.keys ?? []).map((k) => ({ k, admin: false })),
    ...(cfg.admin_keys ?? []).map((k) => ({ k, admin: true })),
  ];
  for (const [i, { k, admin }] of all.entries()) {
    if (typeof k?.key !== 'string' || k.key.length === 0) throw new ConfigError(`keys[${i}] needs a "key" string`);
    if (k.status !== undefined && !STATUSES.includes(k.status))
      throw new ConfigError(`keys[${i}].status must be one of ${STATUSES.join(', ')}`);
    if (k.quota !== undefined && !QUOTAS.includes(k.quota))
      throw new ConfigError(`keys[${i}].quota must be one of ${QUOTAS.join(', ')}`);
    if (k.scopes !== undefined && k.scopes !== 'all' && !isStringArray(k.scopes))
      throw new ConfigError(`keys[${i}].scopes must be "all" or a list of scope names`);
    const orgIds =
      k.organization === null
        ? []
        : k.organization === undefined
          ? ['org-emulator000000000000000']
          : Array.isArray(k.organization)
            ? k.organization
            : [k.organization];
    for (const id of orgIds) ensureOrg(id);
    const project = k.project ?? undefined;
    if (project && orgIds[0]) {
      const org = ensureOrg(orgIds[0]);
      if (
        !org.projects.some((p) => p.id === project) &&
        ![...orgs.values()].some((o) => o.projects.some((p) => p.id === project))
      ) {
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
      tokens: new Map(
        (r.tokens ?? []).map((t) =>
          typeof t === 'string'
            ? [t, { roles: ['Cognitive Services OpenAI User'], expired: false }]
            : [t.token, { roles: t.roles ?? ['Cognitive Services OpenAI User'], expired: t.expired ?? false }],
        ),
      ),
      deployments: new Map(
        (r.deployments ?? []).map((d) => (typeof d === 'string' ? [d, d] : [d.name, d.model ?? d.name])),
      ),
      apiVersions: new Set(r.api_versions ?? DEFAULT_AZURE_API_VERSIONS),
      v1: r.v1 ?? true,
    });
  }
  if (cfg.no_auth_message !== undefined && cfg.no_auth_message !== 'classic' && cfg.no_auth_message !== 'bearer')
    throw new ConfigError('no_auth_message must be "classic" or "bearer"');
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
    if (d !== null && (typeof d !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d)))
      throw new ConfigError(`model_shutdowns.${id} must be a YYYY-MM-DD date or null`);
    out[id] = d;
  }
  return out;
}
