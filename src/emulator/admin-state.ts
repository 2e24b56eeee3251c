/**
 * The organization as the Admin API sees it: who owns each key, when it was made and last used,
 * project members, service accounts, archived projects, usage rows. Read from the emulator's JSON
 * config once (normalizeAdmin) and changed by the admin endpoints (src/emulator/admin.ts) and by
 * every authenticated call (noteUse: last_used_at and per-minute usage).
 */
import { randomBytes } from 'node:crypto';
import { ConfigError } from './errors.js';
import { OPENAI_MARKER } from '../keys/classify.js';
import type { EmulatorConfig, UsageRowConfig, Key, Organization, KeyMeta, UsageRow, AdminState } from './types.js';

/** A small model's price, for usage rows that carry no cost: $0.15 / 1M input, $0.60 / 1M output tokens. */
export function costOf(input: number, output: number): number {
  return Math.round(((input * 0.15 + output * 0.6) / 1e6) * 1e8) / 1e8;
}

const CREATED = 1711471533;

/** Fills the admin view from the config; keys and organizations are the ones normalizeConfig made. */
export function normalizeAdmin(
  cfg: EmulatorConfig,
  keys: Map<string, Key>,
  orgs: Map<string, Organization>,
): AdminState {
  const state: AdminState = { keyMeta: new Map(), projects: new Map(), serviceAccounts: new Map(), usage: [] };
  for (const [i, o] of (cfg.organizations ?? []).entries()) {
    for (const [j, p] of (o.projects ?? []).entries()) {
      if (typeof p?.id !== 'string') continue;
      const where = `organizations[${i}].projects[${j}]`;
      const archivedAt = p.archived_at ?? (p.status === 'archived' ? CREATED + 86400 : null);
      const users =
        p.users === undefined ? undefined : new Map(p.users.map((u) => [u.id, u.role ?? 'member'] as const));
      state.projects.set(p.id, { createdAt: p.created_at ?? CREATED, archivedAt, users });
      for (const [k, sa] of (p.service_accounts ?? []).entries()) {
        if (typeof sa?.id !== 'string') throw new ConfigError(`${where}.service_accounts[${k}] needs an id`);
        state.serviceAccounts.set(sa.id, {
          id: sa.id,
          name: sa.name ?? sa.id,
          role: sa.role ?? 'member',
          createdAt: sa.created_at ?? CREATED,
          project: p.id,
        });
      }
    }
  }
  for (const o of orgs.values())
    for (const p of o.projects)
      if (!state.projects.has(p.id))
        state.projects.set(p.id, { createdAt: CREATED, archivedAt: p.status === 'archived' ? CREATED + 86400 : null });
  const all = [...(cfg.keys ?? []), ...(cfg.admin_keys ?? [])];
  for (const [i, k] of all.entries()) {
    const key = typeof k?.key === 'string' ? keys.get(k.key) : undefined;
    if (!key) continue;
    if (k.service_account !== undefined) {
      const sa = state.serviceAccounts.get(k.service_account);
      if (!sa) throw new ConfigError(`keys[${i}].service_account names no service account of any project`);
      if (key.project !== sa.project)
        throw new ConfigError(
          `keys[${i}]: the service account belongs to project ${sa.project}, the key to ${key.project ?? 'none'}`,
        );
    }
    state.keyMeta.set(key.id, {
      createdAt: k.created_at ?? CREATED,
      lastUsedAt: k.last_used_at === undefined ? null : k.last_used_at,
      serviceAccount: k.service_account,
    });
  }
  for (const [i, r] of (cfg.usage ?? []).entries()) state.usage.push(usageRow(r, i, keys));
  return state;
}

function usageRow(r: UsageRowConfig, i: number, keys: Map<string, Key>): UsageRow {
  if (typeof r?.api_key_id !== 'string' || typeof r.time !== 'number')
    throw new ConfigError(`usage[${i}] needs an api_key_id and a time (unix seconds)`);
  const key = [...keys.values()].find((k) => k.id === r.api_key_id);
  const input = r.input_tokens ?? 0;
  const output = r.output_tokens ?? 0;
  return {
    keyId: r.api_key_id,
    projectId: key?.project,
    time: r.time,
    inputTokens: input,
    outputTokens: output,
    requests: r.requests ?? 1,
    model: r.model,
    costUsd: r.cost_usd ?? costOf(input, output),
  };
}

export function metaOf(admin: AdminState, key: Key): KeyMeta {
  let m = admin.keyMeta.get(key.id);
  if (!m) admin.keyMeta.set(key.id, (m = { createdAt: CREATED, lastUsedAt: null }));
  return m;
}

/** Records a successful authenticated call: last_used_at, and (billed calls) a usage row of that minute. */
export function noteUse(
  admin: AdminState | undefined,
  key: Key,
  billed: boolean,
  model: unknown,
  usage: unknown,
): void {
  if (!admin) return;
  const now = Math.floor(Date.now() / 1000);
  metaOf(admin, key).lastUsedAt = now;
  if (!billed || key.admin) return;
  const u = (usage ?? {}) as Record<string, unknown>;
  const num = (...names: string[]) => names.map((n) => u[n]).find((v): v is number => typeof v === 'number') ?? 0;
  const input = num('prompt_tokens', 'input_tokens');
  const output = num('completion_tokens', 'output_tokens');
  admin.usage.push({
    keyId: key.id,
    projectId: key.project,
    time: now,
    inputTokens: input,
    outputTokens: output,
    requests: 1,
    model: typeof model === 'string' ? model : undefined,
    costUsd: costOf(input, output),
  });
}

const URLSAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const ALNUM = URLSAFE.slice(0, 62);

function randomChars(n: number, alphabet: string): string {
  const bytes = randomBytes(n);
  let s = '';
  for (let i = 0; i < n; i++) {
    const a = i === 0 || i === n - 1 ? ALNUM : alphabet;
    s += a[(bytes[i] ?? 0) % a.length];
  }
  return s;
}

/** A new service-account key with the real format (sk-svcacct-, 74 + marker + 74: 167 characters). */
export function newServiceAccountKey(): string {
  return `sk-svcacct-${randomChars(74, URLSAFE)}${OPENAI_MARKER}${randomChars(74, URLSAFE)}`;
}

/** A new admin key (sk-admin-, 58 + marker + 58: 133 characters). */
export function newAdminKey(): string {
  return `sk-admin-${randomChars(58, URLSAFE)}${OPENAI_MARKER}${randomChars(58, URLSAFE)}`;
}

export function newId(prefix: string): string {
  return `${prefix}${randomChars(24, ALNUM)}`;
}
