/**
 * The emulator's Admin API, through the official openai SDK's admin resources, unchanged
 * (`client.admin.organization...`): shapes, pagination, errors, and the faults rotate must survive.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { A, ID, P_APP, P_DATA, P_OLD, SA_BOT, adminWorld } from '../admin/world.js';

let emu: Emulator;
before(async () => {
  emu = await startEmulator(adminWorld());
});
after(async () => emu.close());

const admin = (key = A.admin, base = () => emu.url) =>
  new OpenAI({ adminAPIKey: key, apiKey: null, baseURL: `${base()}/v1`, maxRetries: 0 } as ConstructorParameters<
    typeof OpenAI
  >[0]);
const api = (key: string, base = () => emu.url) => new OpenAI({ apiKey: key, baseURL: `${base()}/v1`, maxRetries: 0 });

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function rejects(p: Promise<unknown>, status: number, message: RegExp): Promise<void> {
  try {
    await p;
  } catch (e) {
    const err = e as InstanceType<typeof OpenAI.APIError>;
    assert.equal(err.status, status, err.message);
    assert.match(err.message, message);
    return;
  }
  assert.fail('the call succeeded');
}

describe('Admin API in the emulator, through the SDK', () => {
  it('projects: archived ones only with include_archived; cursor pagination across pages', async () => {
    const org = admin().admin.organization;
    const live = await all(org.projects.list({ limit: 1 }));
    assert.deepEqual(
      live.map((p) => p.id),
      [P_APP, P_DATA],
    );
    const every = await all(org.projects.list({ include_archived: true, limit: 1 }));
    assert.deepEqual(
      every.map((p) => p.id),
      [P_APP, P_DATA, P_OLD],
    );
    const old = every.find((p) => p.id === P_OLD);
    assert.equal(old?.status, 'archived');
    assert.equal(old?.object, 'organization.project');
    assert.equal(typeof old?.archived_at, 'number');
    const page = await org.projects.list({ limit: 1 });
    assert.equal(page.data.length, 1);
    assert.equal(page.has_more, true);
    assert.equal(page.hasNextPage(), true);
  });

  it('project keys: the spec shape; owner_project_access=any shows keys whose owner lost access, the default hides them', async () => {
    const keys = admin().admin.organization.projects.apiKeys;
    const any = await all(keys.list(P_APP, { owner_project_access: 'any', limit: 2 }));
    assert.deepEqual(any.map((k) => k.id).sort(), [ID.alice, ID.bob, ID.bot, ID.carol].sort());
    const dflt = await all(keys.list(P_APP));
    assert.deepEqual(dflt.map((k) => k.id).sort(), [ID.alice, ID.bot].sort());
    const inactive = await all(keys.list(P_APP, { owner_project_access: 'inactive' }));
    assert.deepEqual(inactive.map((k) => k.id).sort(), [ID.bob, ID.carol].sort());
    const alice = any.find((k) => k.id === ID.alice);
    assert.equal(alice?.object, 'organization.project.api_key');
    assert.equal(alice?.owner.type, 'user');
    assert.equal(alice?.owner.user?.email, 'alice@example.com');
    assert.equal(alice?.owner_project_access, 'active');
    assert.equal(typeof alice?.last_used_at, 'number');
    // First 8, stars, last 4, at the key's length: never the key.
    assert.equal(alice?.redacted_value.length, A.alice.length);
    assert.equal(alice?.redacted_value.slice(0, 8), A.alice.slice(0, 8));
    assert.equal(alice?.redacted_value.slice(-4), A.alice.slice(-4));
    assert.ok(!JSON.stringify(any).includes(A.alice.slice(8, -4)));
    const bot = any.find((k) => k.id === ID.bot);
    assert.equal(bot?.owner.type, 'service_account');
    assert.equal(bot?.owner.service_account?.id, SA_BOT);
    const one = await keys.retrieve(ID.bob, { project_id: P_APP });
    assert.equal(one.owner_project_access, 'inactive');
  });

  it('service accounts: create returns the key once and it works; deleting its key alone errors; deleting the account revokes it', async () => {
    const org = admin().admin.organization;
    const created = await org.projects.serviceAccounts.create(P_DATA, { name: 'keydoctor-test' });
    assert.equal(created.object, 'organization.project.service_account');
    assert.match(created.id, /^svc_acct_/);
    const value = created.api_key?.value ?? '';
    assert.match(value, /^sk-svcacct-/);
    assert.equal(value.length, 167);
    assert.equal(created.api_key?.object, 'organization.project.service_account.api_key');
    const models = await api(value).models.list();
    assert.ok(models.data.length > 0);
    const listed = await all(org.projects.serviceAccounts.list(P_DATA));
    assert.ok(listed.some((s) => s.id === created.id && s.name === 'keydoctor-test'));
    const keyId = created.api_key?.id ?? '';
    await rejects(org.projects.apiKeys.delete(keyId, { project_id: P_DATA }), 400, /service account/);
    const extra = await org.projects.serviceAccounts.apiKeys.create(created.id, {
      project_id: P_DATA,
      name: 'second',
      scopes: ['api.model.read'],
    });
    assert.match(extra.value, /^sk-svcacct-/);
    const gone = await org.projects.serviceAccounts.delete(created.id, { project_id: P_DATA });
    assert.deepEqual(gone, { object: 'organization.project.service_account.deleted', id: created.id, deleted: true });
    await rejects(api(value).models.list(), 401, /Incorrect API key provided/);
    await rejects(api(extra.value).models.list(), 401, /Incorrect API key provided/);
    await rejects(org.projects.serviceAccounts.retrieve(created.id, { project_id: P_DATA }), 404, /not found/);
  });

  it('a user key is deleted with DELETE .../api_keys/{id}; archived projects have no service accounts', async () => {
    const e2 = await startEmulator(adminWorld());
    try {
      const org = admin(A.admin, () => e2.url).admin.organization;
      const del = await org.projects.apiKeys.delete(ID.stale, { project_id: P_DATA });
      assert.deepEqual(del, { object: 'organization.project.api_key.deleted', id: ID.stale, deleted: true });
      await rejects(api(A.stale, () => e2.url).models.list(), 401, /Incorrect API key/);
      await rejects(org.projects.serviceAccounts.create(P_OLD, { name: 'x' }), 400, /archived/);
      await rejects(org.projects.retrieve('proj_nope'), 404, /not found/);
    } finally {
      await e2.close();
    }
  });

  it('admin keys, users, usage grouped by key, costs', async () => {
    const org = admin().admin.organization;
    const keys = await all(org.adminAPIKeys.list());
    assert.deepEqual(keys.map((k) => k.id).sort(), [ID.admin, ID.adminReadOnly].sort());
    assert.equal(keys[0]?.object, 'organization.admin_api_key');
    assert.ok(!JSON.stringify(keys).includes(A.admin.slice(8, -4)));
    const users = await all(org.users.list());
    assert.ok(users.some((u) => u.email === 'alice@example.com'));
    const start = Math.floor(Date.now() / 1000) - 7 * 86400;
    const usage = await org.usage.completions({
      start_time: start,
      group_by: ['api_key_id'],
      bucket_width: '1d',
      limit: 8,
    });
    assert.equal(usage.object, 'page');
    const rows = usage.data.flatMap((b) => b.results) as Array<{
      api_key_id?: string | null;
      input_tokens?: number;
      num_model_requests?: number;
    }>;
    const alice = rows.filter((r) => r.api_key_id === ID.alice);
    assert.equal(
      alice.reduce((s, r) => s + (r.input_tokens ?? 0), 0),
      20000,
    );
    assert.equal(
      alice.reduce((s, r) => s + (r.num_model_requests ?? 0), 0),
      60,
    );
    const costs = await org.usage.costs({ start_time: start, group_by: ['api_key_id'], limit: 8 });
    const bot = costs.data
      .flatMap(
        (b) => b.results as Array<{ api_key_id?: string | null; amount?: { value?: number; currency?: string } }>,
      )
      .filter((r) => r.api_key_id === ID.bot);
    assert.equal(
      bot.reduce((s, r) => s + (r.amount?.value ?? 0), 0),
      0.135,
    );
    assert.equal(bot[0]?.amount?.currency, 'usd');
    // Page cursors: two buckets a page.
    const p1 = await org.usage.completions({ start_time: start, limit: 2 });
    assert.equal(p1.data.length, 2);
    assert.equal(p1.has_more, true);
    const p2 = await org.usage.completions({ start_time: start, limit: 2, page: p1.next_page ?? '' });
    assert.equal(p2.data[0]?.start_time, p1.data[1]?.end_time);
    await rejects(org.usage.completions({} as { start_time: number }), 400, /start_time/);
  });

  it('live calls move last_used_at and add usage rows of that minute', async () => {
    const e2 = await startEmulator(adminWorld());
    try {
      const before = Math.floor(Date.now() / 1000);
      await api(A.aliceData, () => e2.url).chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'hi' }],
      });
      const org = admin(A.admin, () => e2.url).admin.organization;
      const k = await org.projects.apiKeys.retrieve(ID.aliceData, { project_id: P_DATA });
      assert.ok((k.last_used_at ?? 0) >= before);
      const u = await org.usage.completions({
        start_time: before - 60,
        bucket_width: '1m',
        group_by: ['api_key_id'],
        api_key_ids: [ID.aliceData],
      });
      const n = u.data
        .flatMap((b) => b.results as Array<{ num_model_requests?: number }>)
        .reduce((s, r) => s + (r.num_model_requests ?? 0), 0);
      assert.equal(n, 1);
    } finally {
      await e2.close();
    }
  });

  it('a project key gets 403 (error as a bare string), an unknown key 401, a read-only admin key 403 on writes', async () => {
    await rejects(
      admin(A.ordinary)
        .admin.organization.projects.list()
        .then((p) => p.data),
      403,
      /Missing scopes: api\.management\.read/,
    );
    await rejects(
      admin(A.deleted)
        .admin.organization.projects.list()
        .then((p) => p.data),
      401,
      /Incorrect API key provided/,
    );
    await rejects(
      admin(A.adminReadOnly).admin.organization.projects.serviceAccounts.create(P_APP, { name: 'x' }),
      403,
      /Missing scopes: api\.management\.write/,
    );
    const ok = await admin(A.adminReadOnly).admin.organization.projects.list();
    assert.ok(ok.data.length > 0);
    // An admin key on an inference endpoint.
    await rejects(api(A.admin).models.list(), 401, /Admin API keys cannot be used/);
  });

  it('faults: 429 with Retry-After, a 500 after N requests, a dropped answer after the effect', async () => {
    const e2 = await startEmulator(
      adminWorld(undefined, {
        faults: [
          {
            path: '/v1/organization/admin_api_keys',
            method: 'GET',
            status: 429,
            headers: { 'retry-after': '7' },
            times: 1,
          },
          { path: '/v1/organization/projects', method: 'GET', status: 500, after: 1, times: 1 },
          {
            path: `/v1/organization/projects/${P_DATA}/service_accounts`,
            method: 'POST',
            drop_after_effect: true,
            times: 1,
          },
        ],
      }),
    );
    try {
      const org = admin(A.admin, () => e2.url).admin.organization;
      try {
        await org.adminAPIKeys.list();
        assert.fail('no 429');
      } catch (e) {
        const err = e as InstanceType<typeof OpenAI.APIError>;
        assert.equal(err.status, 429);
        assert.equal(err.headers?.get('retry-after'), '7');
      }
      assert.equal((await org.adminAPIKeys.list()).data.length, 2);
      // The first page answers, the second fails: "a 500 halfway".
      const first = await org.projects.list({ limit: 1 });
      assert.equal(first.data.length, 1);
      await rejects(first.getNextPage(), 500, /server had an error/);
      await assert.rejects(
        org.projects.serviceAccounts.create(P_DATA, { name: 'dropped' }),
        (e: Error) => e instanceof OpenAI.APIConnectionError,
      );
      const after = await all(org.projects.serviceAccounts.list(P_DATA));
      assert.ok(
        after.some((s) => s.name === 'dropped'),
        'the service account exists although the answer was lost',
      );
    } finally {
      await e2.close();
    }
  });
});
