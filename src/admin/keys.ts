/**
 * `keydoctor keys` as a library call: the doctor's facts and targets (its live check of each
 * effective key unless `verify: false`), the organization's inventory through the Admin API, the
 * join of the two, the inventory checks, and one masked report whose `data.inventory` holds what the
 * formatters render (never a key value: the API gives redacted values, local keys appear masked).
 */
import { runDiagnosis, runChecks } from '../pipeline/diagnose.js';
import type { Target } from '../core/types.js';
import { INVENTORY_CHECKS, metaFor } from '../checks/registry.js';
import { buildReport, locString, type Report } from '../report/report.js';
import { AdminClient, type AdminClientOptions } from './client.js';
import { fetchInventory } from './inventory.js';
import { collectLocalKeys, matchKeys, parseRedacted } from './match.js';
import type { AdminFacts, Inventory, InventoryKey, KeyMatch } from './types.js';
import type { Facts } from '../core/facts.js';

export interface KeysOptions {
  root: string;
  env: Record<string, string | undefined>;
  home?: string;
  adminKey: string;
  baseURL?: string;
  usage?: boolean;
  unusedDays?: number;
  /** Verify the local effective keys live, as the doctor does (default true). */
  verify?: boolean;
  timeoutMs?: number;
  now?: number;
  /** Client settings for tests (page size, sleep, transport) and --verbose. */
  client?: Partial<AdminClientOptions>;
}

export interface KeysResult {
  report: Report;
  inventory: Inventory;
  matches: KeyMatch[];
  facts: Facts;
  targets: Target[];
  /** Every request sent to the Admin API. */
  sent: AdminClient['sent'];
}

export interface InventoryRow {
  kind: 'project' | 'admin';
  id: string;
  name: string;
  key: string;
  projectId?: string;
  projectName?: string;
  projectStatus?: string;
  ownerType: string;
  owner: string;
  ownerAccess?: string;
  createdAt?: string;
  lastUsedAt?: string | null;
  inputTokens?: number;
  outputTokens?: number;
  requests?: number;
  cost?: number;
  currency?: string;
  /** Where this key is set here (paths, `$NAME in this shell`). */
  here: string[];
  targets: string[];
}

export interface LocalRow {
  fingerprint: string;
  key: string;
  status: KeyMatch['status'];
  keyId?: string;
  project?: string;
  candidates: string[];
  sources: string[];
  targets: string[];
  live?: string;
}

export interface InventoryData {
  baseURL: string;
  fetchedAt: string;
  usageWindow?: { from: string; to: string };
  unusedDays: number;
  projects: Array<{
    id: string;
    name: string;
    status: string;
    archivedAt?: string | null;
    keys: number;
    serviceAccounts: number;
  }>;
  keys: InventoryRow[];
  serviceAccounts: Array<{
    id: string;
    name: string;
    role?: string;
    project: string;
    createdAt?: string;
    keys: number;
  }>;
  local: LocalRow[];
  notes: string[];
}

function iso(s: number | undefined): string | undefined;
function iso(s: number | undefined | null): string | undefined | null;
function iso(s: number | undefined | null): string | undefined | null {
  return s === undefined ? undefined : s === null ? null : new Date(s * 1000).toISOString();
}

function shortKey(r: string): string {
  const m = parseRedacted(r);
  return m.suffix ? `${m.prefix}…${m.suffix}` : m.prefix;
}

function sourceNames(m: KeyMatch): string[] {
  return [
    ...new Set(
      m.local.sources.map(
        (s) => locString(s.location) ?? (s.kind === 'process-env' ? `$${s.name} in this shell` : s.kind),
      ),
    ),
  ];
}

export function inventoryData(inv: Inventory, matches: KeyMatch[], unusedDays: number): InventoryData {
  const here = (e: InventoryKey) => matches.filter((m) => m.status === 'matched' && m.entry === e);
  return {
    baseURL: inv.baseURL,
    fetchedAt: iso(inv.fetchedAt) as string,
    usageWindow: inv.usageWindow
      ? { from: iso(inv.usageWindow.from) as string, to: iso(inv.usageWindow.to) as string }
      : undefined,
    unusedDays,
    projects: inv.projects.map((p) => ({
      id: p.id,
      name: p.name,
      status: p.status,
      archivedAt: iso(p.archivedAt),
      keys: inv.keys.filter((k) => k.project?.id === p.id).length,
      serviceAccounts: inv.serviceAccounts.filter((s) => s.project === p.id).length,
    })),
    keys: inv.keys.map((e) => {
      const ms = here(e);
      return {
        kind: e.kind,
        id: e.id,
        name: e.name,
        key: shortKey(e.redacted),
        projectId: e.project?.id,
        projectName: e.project?.name,
        projectStatus: e.project?.status,
        ownerType: e.ownerType,
        owner:
          e.ownerType === 'service_account'
            ? (e.ownerName ?? e.ownerId ?? '')
            : (e.ownerEmail ?? e.ownerName ?? e.ownerId ?? ''),
        ownerAccess: e.ownerAccess,
        createdAt: iso(e.createdAt),
        lastUsedAt: iso(e.lastUsedAt),
        inputTokens: e.usage?.inputTokens,
        outputTokens: e.usage?.outputTokens,
        requests: e.usage?.requests,
        cost: e.usage?.cost,
        currency: e.usage?.currency,
        here: [...new Set(ms.flatMap(sourceNames))],
        targets: [...new Set(ms.flatMap((m) => m.local.targets))],
      };
    }),
    serviceAccounts: inv.serviceAccounts.map((s) => ({
      id: s.id,
      name: s.name,
      role: s.role,
      project: s.project,
      createdAt: iso(s.createdAt),
      keys: inv.keys.filter((k) => k.ownerType === 'service_account' && k.ownerId === s.id).length,
    })),
    local: matches.map((m) => ({
      fingerprint: m.local.fingerprint,
      key: m.local.value,
      status: m.status,
      keyId: m.entry?.id,
      project: m.entry?.project?.id,
      candidates: m.candidates.map((c) => c.id),
      sources: sourceNames(m),
      targets: m.local.targets,
      live: m.local.live,
    })),
    notes: inv.notes,
  };
}

export async function runKeys(opts: KeysOptions): Promise<KeysResult> {
  const d = await runDiagnosis({
    root: opts.root,
    cwd: opts.root,
    env: opts.env,
    home: opts.home,
    offline: opts.verify === false,
    timeoutMs: opts.timeoutMs,
    checks: [],
  });
  const client = new AdminClient({
    key: opts.adminKey,
    baseURL: opts.baseURL,
    env: opts.env,
    timeoutMs: opts.timeoutMs,
    ...opts.client,
  });
  let inventory: Inventory;
  try {
    inventory = await fetchInventory(client, { usage: opts.usage, now: opts.now });
  } finally {
    await client.close();
  }
  const locals = collectLocalKeys(d.facts, d.targets);
  const matches = matchKeys(locals, inventory);
  const unusedDays = opts.unusedDays ?? 90;
  const admin: AdminFacts = { inventory, matches, unusedDays, now: opts.now ?? Math.floor(Date.now() / 1000) };
  d.facts.admin = admin;
  const { findings, failed } = runChecks(d.facts, d.targets, INVENTORY_CHECKS);
  const secrets = d.secrets;
  secrets.add(opts.adminKey);
  for (const l of locals) secrets.add(l.value);
  const notes = [...d.facts.notes, ...inventory.notes.map((message) => ({ kind: 'info' as const, message }))];
  const report = buildReport(
    {
      command: 'keys',
      meta: metaFor,
      root: d.facts.root,
      findings,
      targets: [],
      notes,
      checks: { run: INVENTORY_CHECKS.length, failedIds: failed },
      data: { inventory: inventoryData(inventory, matches, unusedDays) },
    },
    secrets,
  );
  return { report, inventory, matches, facts: d.facts, targets: d.targets, sent: client.sent };
}
