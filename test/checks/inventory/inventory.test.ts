/** The inventory checks and the local-key join: facts.admin in, findings out. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { emptyFacts, targetWith, testCheck } from '../../helpers/check-tester.js';
import { openaiKey } from '../../helpers/keys.js';
import { maskLikeOpenAI } from '../../../src/emulator/shapes.js';
import { collectLocalKeys, matchKeys, parseRedacted, redactionFits } from '../../../src/admin/match.js';
import type { AdminFacts, Inventory, InventoryKey, InventoryProject } from '../../../src/admin/types.js';
import type { Facts } from '../../../src/core/facts.js';
import type { Target } from '../../../src/core/types.js';
import { check as notInDashboard } from '../../../src/checks/inventory/key-not-in-dashboard.js';
import { check as unused } from '../../../src/checks/inventory/key-unused.js';
import { check as ownerInactive } from '../../../src/checks/inventory/key-owner-inactive.js';
import { check as archived } from '../../../src/checks/inventory/key-in-archived-project.js';

const NOW = 1_800_000_000;
const DAY = 86400;
const APP: InventoryProject = { id: 'proj_app', name: 'App', status: 'active' };
const OLD: InventoryProject = { id: 'proj_old', name: 'Old', status: 'archived', archivedAt: NOW - 10 * DAY };
const OTHER: InventoryProject = { id: 'proj_other', name: 'Other', status: 'active' };

function entry(key: string, over: Partial<InventoryKey> = {}): InventoryKey {
  return {
    kind: 'project',
    id: `key_${key.slice(-6)}`,
    name: 'k',
    redacted: maskLikeOpenAI(key),
    project: APP,
    ownerType: 'user',
    ownerEmail: 'a@example.com',
    ownerAccess: 'active',
    createdAt: NOW - 30 * DAY,
    lastUsedAt: NOW - DAY,
    ...over,
  };
}

function inv(keys: InventoryKey[]): Inventory {
  return {
    baseURL: 'http://127.0.0.1:1/v1',
    fetchedAt: NOW,
    projects: [APP, OLD, OTHER],
    keys,
    serviceAccounts: [],
    notes: [],
  };
}

/** Facts for one target whose .env holds `value`, joined with the inventory. */
function joined(
  value: string,
  keys: InventoryKey[],
  opts: { live?: 'valid' | 'invalid'; project?: string; unusedDays?: number } = {},
): { facts: Facts; targets: Target[] } {
  const t = targetWith(value, { id: 'node:start' });
  if (opts.project) t.vars.OPENAI_PROJECT_ID = { name: 'OPENAI_PROJECT_ID', chain: [], value: opts.project };
  const facts = emptyFacts();
  if (opts.live)
    facts.live = {
      results: [
        {
          targets: ['node:start'],
          endpoint: '',
          azure: false,
          status: opts.live === 'valid' ? 200 : 401,
          findings:
            opts.live === 'invalid' ? [{ id: 'live-invalid-key', message: 'x' }] : [{ id: 'live-ok', message: 'ok' }],
        },
      ],
    };
  const inventory = inv(keys);
  const matches = matchKeys(collectLocalKeys(facts, [t]), inventory);
  const admin: AdminFacts = { inventory, matches, unusedDays: opts.unusedDays ?? 90, now: NOW };
  facts.admin = admin;
  return { facts, targets: [t] };
}

const K1 = openaiKey('proj', 'inv-1');
const K2 = openaiKey('proj', 'inv-2');
const ADMIN = openaiKey('admin', 'inv-admin');

/** A different key that keeps K1's first 8 and last 4 characters and its length. */
function twin(k: string, seed: string): string {
  const mid = openaiKey('proj', seed).slice(8, -4);
  return k.slice(0, 8) + mid + k.slice(-4);
}

describe('redacted values', () => {
  it('the observed form (first 8, stars, last 4, full length) and shortened forms', () => {
    assert.deepEqual(parseRedacted(maskLikeOpenAI(K1)), {
      prefix: K1.slice(0, 8),
      suffix: K1.slice(-4),
      length: K1.length,
    });
    assert.ok(redactionFits(maskLikeOpenAI(K1), K1));
    assert.ok(!redactionFits(maskLikeOpenAI(K1), K2));
    assert.ok(!redactionFits(maskLikeOpenAI(K1), K1.slice(0, -5) + K1.slice(-4)), 'length counts');
    assert.ok(redactionFits(`${K1.slice(0, 8)}...${K1.slice(-4)}`, K1), 'the spec example form');
    assert.ok(!redactionFits('sk-...x', K1), 'too little to compare');
  });
});

describe('the join', () => {
  it('a key matches its entry; an admin key only admin entries', () => {
    const { facts } = joined(K1, [entry(K1), entry(K2)]);
    assert.equal(facts.admin?.matches[0]?.status, 'matched');
    assert.equal(facts.admin?.matches[0]?.entry?.id, `key_${K1.slice(-6)}`);
    const a = joined(ADMIN, [entry(ADMIN), entry(ADMIN, { kind: 'admin', id: 'key_admin', project: undefined })]);
    assert.equal(a.facts.admin?.matches[0]?.entry?.id, 'key_admin');
  });
  it('two entries that fit are told apart by the project the target names, else ambiguous', () => {
    const t = twin(K1, 'twin');
    const entries = [entry(K1, { id: 'key_in_app' }), entry(t, { id: 'key_in_other', project: OTHER })];
    assert.equal(joined(K1, entries).facts.admin?.matches[0]?.status, 'ambiguous');
    const m = joined(K1, entries, { project: 'proj_other' }).facts.admin?.matches[0];
    assert.equal(m?.status, 'matched');
    assert.equal(m?.entry?.id, 'key_in_other');
  });
  it('every source of a target counts, winners and losers, and other assignments', () => {
    const t = targetWith(K1, { id: 'shell' });
    t.vars.OPENAI_API_KEY?.chain.push({
      assignment: { name: 'OPENAI_API_KEY', value: K2, kind: 'shell-rc', location: { path: '~/.zshrc', line: 3 } },
      status: 'lost',
    });
    const facts = emptyFacts({
      assignments: [
        { name: 'OPENAI_API_KEY', value: ADMIN, kind: 'dotenv', location: { path: '.env.production', line: 1 } },
      ],
    });
    const locals = collectLocalKeys(facts, [t]);
    assert.equal(locals.length, 3);
    assert.deepEqual(locals.find((l) => l.value === K1)?.targets, ['shell']);
    assert.deepEqual(locals.find((l) => l.value === K2)?.targets, []);
    assert.deepEqual(locals.find((l) => l.value === K2)?.sources[0]?.targets, ['shell']);
    assert.match(locals[0]?.fingerprint ?? '', /^sha256:[0-9a-f]{16}$/);
  });
});

describe('inventory checks', () => {
  testCheck(
    notInDashboard,
    {
      bad: [
        {
          name: 'a deleted key the API refuses (error)',
          ...joined(K1, [entry(K2)], { live: 'invalid' }),
          expect: (f) => assert.equal(f[0]?.severity, 'error'),
        },
        {
          name: 'a key matching nothing, not verified (warning: maybe another organization)',
          ...joined(K1, [entry(K2)]),
          expect: (f) => assert.equal(f[0]?.severity, 'warning'),
        },
      ],
      good: [
        { name: 'the key is in the dashboard', ...joined(K1, [entry(K1)]) },
        { name: "the API accepts it: another organization's key", ...joined(K1, [entry(K2)], { live: 'valid' }) },
        {
          name: 'two entries fit (ambiguous, not missing)',
          ...joined(K1, [entry(K1), entry(twin(K1, 't2'), { project: OTHER })]),
        },
        { name: 'no inventory (the doctor)', facts: emptyFacts(), targets: [targetWith(K1)] },
      ],
    },
    it,
  );
  testCheck(
    archived,
    {
      bad: [
        {
          name: 'the key is in an archived project',
          ...joined(K1, [entry(K1, { project: OLD })]),
          expect: (f) => assert.match(f[0]?.message ?? '', /archived/),
        },
      ],
      good: [
        { name: 'a live project', ...joined(K1, [entry(K1)]) },
        { name: "an archived project's key not used here", ...joined(K1, [entry(K1), entry(K2, { project: OLD })]) },
      ],
    },
    it,
  );
  testCheck(
    ownerInactive,
    {
      bad: [
        {
          name: 'used here, owner gone: rotate is the fix',
          ...joined(K1, [entry(K1, { ownerAccess: 'inactive' })]),
          expect: (f) => assert.equal(f[0]?.fix?.command, 'keydoctor rotate --target node:start'),
        },
        { name: 'not used here', ...joined(K1, [entry(K1), entry(K2, { ownerAccess: 'inactive' })]) },
      ],
      good: [
        { name: 'owner active', ...joined(K1, [entry(K1)]) },
        {
          name: 'a service account key (no owner to lose)',
          ...joined(K1, [entry(K1, { ownerType: 'service_account', ownerAccess: 'active' })]),
        },
      ],
    },
    it,
  );
  testCheck(
    unused,
    {
      bad: [
        {
          name: 'last used 200 days ago',
          ...joined(K1, [entry(K1), entry(K2, { lastUsedAt: NOW - 200 * DAY })]),
          count: 1,
        },
        {
          name: 'never used, made 100 days ago',
          ...joined(K1, [entry(K1), entry(K2, { lastUsedAt: null, createdAt: NOW - 100 * DAY })]),
          count: 1,
        },
        {
          name: '--unused-days 7',
          ...joined(K1, [entry(K1, { lastUsedAt: NOW - 8 * DAY })], { unusedDays: 7 }),
          expect: (f) => assert.match(f[0]?.message ?? '', /still set here/),
        },
      ],
      good: [
        { name: 'used yesterday', ...joined(K1, [entry(K1)]) },
        {
          name: 'never used but made last week',
          ...joined(K1, [entry(K1, { lastUsedAt: null, createdAt: NOW - 7 * DAY })]),
        },
      ],
    },
    it,
  );
});
