/**
 * The organization's key inventory, read through the Admin API: projects (archived ones too), each
 * project's API keys with `owner_project_access=any` (without it, enabled keys whose owner lost
 * access can be hidden) and service accounts, the admin keys, and with `usage` the last 7 days of
 * completions tokens (`usage/completions?group_by=api_key_id`) and costs (`costs?group_by=api_key_id`)
 * per key. Serial requests, every list to its last page.
 */
import { AdminError, type AdminClient } from './client.js';
import type {
  ApiAdminKey,
  ApiBucket,
  ApiProject,
  ApiProjectKey,
  ApiServiceAccount,
  Inventory,
  InventoryKey,
  InventoryProject,
  KeyUsage,
} from './types.js';
import { pushAll } from '../core/arrays.js';
import { visible } from '../keys/mask.js';

/** A name from the organization (any member names keys and projects): line breaks and control characters shown as escapes, so it cannot start a line of the report or drive the terminal. */
const shown = <T extends string | undefined>(s: T): T => (s === undefined ? s : (visible(s) as T));

export interface InventoryOptions {
  /** Per-key usage and costs over the last `usageDays` days (default 7). */
  usage?: boolean;
  usageDays?: number;
  /** Unix seconds (default: now). */
  now?: number;
}

export function toProject(p: ApiProject): InventoryProject {
  const archived = p.status === 'archived' || (p.archived_at !== undefined && p.archived_at !== null);
  return {
    id: p.id,
    name: shown(p.name ?? p.id),
    status: archived ? 'archived' : 'active',
    createdAt: p.created_at,
    archivedAt: p.archived_at ?? null,
  };
}

export function toProjectKey(k: ApiProjectKey, project: InventoryProject): InventoryKey {
  const sa = k.owner?.type === 'service_account' || (k.owner?.service_account && !k.owner.user);
  return {
    kind: 'project',
    id: k.id,
    name: shown(k.name ?? ''),
    redacted: k.redacted_value,
    project,
    ownerType: sa ? 'service_account' : 'user',
    ownerId: sa ? k.owner?.service_account?.id : k.owner?.user?.id,
    ownerName: shown(sa ? k.owner?.service_account?.name : k.owner?.user?.name),
    ownerEmail: shown(sa ? undefined : k.owner?.user?.email),
    ownerAccess: k.owner_project_access,
    createdAt: k.created_at,
    lastUsedAt: k.last_used_at ?? null,
  };
}

function toAdminKey(k: ApiAdminKey): InventoryKey {
  return {
    kind: 'admin',
    id: k.id,
    name: shown(k.name ?? ''),
    redacted: k.redacted_value,
    ownerType: 'user',
    ownerId: k.owner?.id,
    ownerName: shown(k.owner?.name),
    createdAt: k.created_at,
    lastUsedAt: k.last_used_at ?? null,
    expiresAt: k.expires_at ?? null,
  };
}

function note(e: unknown): string {
  return e instanceof AdminError ? e.message : (e as Error).message;
}

/** Per key id: tokens and requests from usage/completions, cost from costs. */
export async function usageByKey(
  client: AdminClient,
  from: number,
  to: number,
): Promise<{ byKey: Map<string, KeyUsage>; notes: string[] }> {
  const byKey = new Map<string, KeyUsage>();
  const notes: string[] = [];
  const get = (id: string): KeyUsage => {
    let u = byKey.get(id);
    if (!u) byKey.set(id, (u = { inputTokens: 0, outputTokens: 0, requests: 0, cost: 0, currency: 'usd' }));
    return u;
  };
  const days = Math.max(1, Math.ceil((to - from) / 86400));
  try {
    const buckets = await client.buckets<ApiBucket>('/organization/usage/completions', {
      start_time: from,
      end_time: to,
      bucket_width: '1d',
      group_by: ['api_key_id'],
      limit: Math.min(31, days),
    });
    for (const b of buckets)
      for (const r of b.results ?? []) {
        if (!r.api_key_id) continue;
        const u = get(r.api_key_id);
        u.inputTokens += r.input_tokens ?? 0;
        u.outputTokens += r.output_tokens ?? 0;
        u.requests += r.num_model_requests ?? 0;
      }
  } catch (e) {
    notes.push(`usage not read: ${note(e)}`);
  }
  try {
    const buckets = await client.buckets<ApiBucket>('/organization/costs', {
      start_time: from,
      end_time: to,
      bucket_width: '1d',
      group_by: ['api_key_id'],
      limit: Math.min(180, days),
    });
    for (const b of buckets)
      for (const r of b.results ?? []) {
        if (!r.api_key_id) continue;
        const u = get(r.api_key_id);
        u.cost = Math.round((u.cost + (r.amount?.value ?? 0)) * 1e6) / 1e6;
        if (r.amount?.currency) u.currency = r.amount.currency;
      }
  } catch (e) {
    notes.push(`costs not read: ${note(e)}`);
  }
  return { byKey, notes };
}

/** Reads the whole inventory. Auth and permission errors on the first listing throw; later gaps become notes. */
export async function fetchInventory(client: AdminClient, opts: InventoryOptions = {}): Promise<Inventory> {
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  const notes: string[] = [];
  const projects = (await client.list<ApiProject>('/organization/projects', { include_archived: true })).map(toProject);
  const keys: InventoryKey[] = [];
  const serviceAccounts: Inventory['serviceAccounts'] = [];
  for (const p of projects) {
    const path = `/organization/projects/${encodeURIComponent(p.id)}`;
    try {
      for (const k of await client.list<ApiProjectKey>(`${path}/api_keys`, { owner_project_access: 'any' }))
        keys.push(toProjectKey(k, p));
    } catch (e) {
      if (e instanceof AdminError && (e.kind === 'auth' || e.kind === 'permission')) throw e;
      notes.push(`keys of project ${p.name} (${p.id}) not read: ${note(e)}`);
    }
    // Archived projects have no service accounts (the API answers 400 for them).
    if (p.status === 'archived') continue;
    try {
      for (const s of await client.list<ApiServiceAccount>(`${path}/service_accounts`))
        serviceAccounts.push({
          id: s.id,
          name: shown(s.name ?? s.id),
          role: s.role,
          createdAt: s.created_at,
          project: p.id,
        });
    } catch (e) {
      if (e instanceof AdminError && (e.kind === 'auth' || e.kind === 'permission')) throw e;
      notes.push(`service accounts of project ${p.name} (${p.id}) not read: ${note(e)}`);
    }
  }
  try {
    for (const k of await client.list<ApiAdminKey>('/organization/admin_api_keys')) keys.push(toAdminKey(k));
  } catch (e) {
    notes.push(`admin keys not read: ${note(e)}`);
  }
  const inv: Inventory = { baseURL: client.baseURL, fetchedAt: now, projects, keys, serviceAccounts, notes };
  if (opts.usage) {
    const from = now - (opts.usageDays ?? 7) * 86400;
    const u = await usageByKey(client, from, now);
    if (u.notes.length < 2)
      for (const k of keys)
        k.usage = u.byKey.get(k.id) ?? { inputTokens: 0, outputTokens: 0, requests: 0, cost: 0, currency: 'usd' };
    inv.usageWindow = { from, to: now };
    pushAll(notes, u.notes);
  }
  return inv;
}
