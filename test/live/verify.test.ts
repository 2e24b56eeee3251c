/** verifyKey against the emulator: every live-* id from a real HTTP exchange, the permission table, retries. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { verifyKey, type VerifyOptions } from '../../src/live/verify.js';
import type { LiveResult } from '../../src/live/types.js';
import { K, ORG_A, ORG_B, PROJ_A, worldConfig } from '../emulator/world.js';

let emu: Emulator;
let faulty: Emulator;
let region: Emulator;
before(async () => {
  emu = await startEmulator(worldConfig());
  faulty = await startEmulator({ ...worldConfig(), faults: [{ path: '/v1/models', status: 500 }] });
  region = await startEmulator({ ...worldConfig(), region_blocked: ['127.0.0.1/32'] });
});
after(async () => {
  await emu.close();
  await faulty.close();
  await region.close();
});

const v = (key: string, over: Partial<VerifyOptions> = {}) =>
  verifyKey({ key, baseURL: `${emu.url}/v1`, env: {}, timeoutMs: 5000, ...over });
const ids = (r: LiveResult) => r.findings.map((f) => f.id);
function only(r: LiveResult, id: string) {
  assert.deepEqual(
    ids(r).filter((x) => x.startsWith('live-')),
    [id],
    JSON.stringify(r.findings.map((f) => [f.id, f.message])),
  );
  return r.findings.find((f) => f.id === id);
}

describe('verifyKey', () => {
  it('live-ok with organization, project, key type and a full permission table', async () => {
    const r = await v(K.good);
    const ok = only(r, 'live-ok');
    assert.match(ok?.message ?? '', /organization acme, project proj_A+/);
    assert.equal(r.status, 200);
    assert.equal(r.organization, 'acme');
    assert.equal(r.project, PROJ_A);
    assert.equal(r.keyType, 'OpenAI project key');
    assert.match(r.requestId ?? '', /^req_/);
    assert.deepEqual(r.permissions, {
      'models.read': 'allowed',
      'model.request': 'allowed',
      'responses.write': 'allowed',
      'files.read': 'allowed',
      'fine_tuning.read': 'allowed',
      'assistants.read': 'allowed',
      'vector_stores.read': 'allowed',
      'batches.read': 'allowed',
    });
    assert.deepEqual(
      r.orgs?.map((o) => o.id),
      [ORG_A],
    );
    assert.equal(r.endpoint, `${emu.url}/v1/models`);
  });

  it('service-account and legacy keys are recognised', async () => {
    assert.equal((await v(K.svc, { probes: 'none' })).keyType, 'OpenAI service-account key');
    const legacy = await v(K.legacy, { probes: 'none', organization: ORG_B });
    assert.equal(legacy.keyType, 'OpenAI user key (legacy format)');
    assert.equal(legacy.organization, 'beta-labs');
  });

  it('live-invalid-key for unknown and revoked keys, with the echoed mask', async () => {
    for (const k of [K.unknown, K.revoked]) {
      const r = await v(k);
      const f = only(r, 'live-invalid-key');
      assert.deepEqual((f?.data as { maskedKey: unknown }).maskedKey, {
        prefix: k.slice(0, 8),
        suffix: k.slice(-4),
        length: k.length,
      });
      assert.equal(r.permissions, undefined, 'no probes for a rejected key');
      assert.ok(!JSON.stringify(r).includes(k));
    }
  });

  it("live-org-mismatch and live-project-mismatch from the app's headers", async () => {
    only(await v(K.good, { organization: ORG_B }), 'live-org-mismatch');
    only(await v(K.good, { project: 'proj_someoneelse' }), 'live-project-mismatch');
    only(await v(K.good, { organization: ORG_A, project: PROJ_A }), 'live-ok');
  });

  it('live-no-organization', async () => {
    only(await v(K.noorg), 'live-no-organization');
  });

  it('live-account-deactivated (deactivated and terminated)', async () => {
    only(await v(K.deactivated), 'live-account-deactivated');
    const t = only(await v(K.terminated), 'live-account-deactivated');
    assert.equal((t?.data as { reason: string }).reason, 'access_terminated');
  });

  it('live-missing-scope names the scopes; a restricted key that may call models is a warning', async () => {
    const r = await v(K.restricted);
    const f = r.findings.find((x) => x.id === 'live-missing-scope');
    assert.ok(f);
    assert.equal(f.severity, 'warning');
    assert.ok(ids(r).includes('live-ok'), 'a key that may call models still works');
    const scopes = (f.data as { scopes: string[] }).scopes;
    for (const s of ['api.model.read', 'api.files.read', 'api.responses.write']) assert.ok(scopes.includes(s), s);
    assert.match(f.message, /missing scopes: .*api\.model\.read/);
    assert.equal(r.permissions?.['model.request'], 'allowed');
    assert.equal(r.permissions?.['models.read'], 'denied');
  });

  it('live-missing-scope is an error when the key may not call models', async () => {
    const r = await v(K.readonly);
    const f = only(r, 'live-missing-scope');
    assert.equal(f?.severity, 'error');
    assert.ok((f?.data as { scopes: string[] }).scopes.includes('model.request'));
    assert.equal(r.permissions?.['models.read'], 'allowed');
    assert.equal(r.permissions?.['files.read'], 'allowed');
  });

  it('live-quota-exhausted from the no-cost chat probe (the models list still works), for all three quota codes', async () => {
    for (const k of [K.quota, K.credits, K.billing]) {
      const r = await v(k, { probes: 'essential' });
      only(r, 'live-quota-exhausted');
      assert.equal(r.status, 200);
      assert.equal(r.permissions?.['model.request'], 'allowed');
      assert.equal(r.retried, undefined, 'a quota 429 is never retried');
    }
  });

  it('live-rate-limited when the wait is longer than verify waits (no retry)', async () => {
    const r = await v(K.limited, { maxRetryWaitMs: 1000 });
    const f = only(r, 'live-rate-limited');
    assert.equal(f?.severity, 'warning');
    assert.equal(r.retried, undefined);
    assert.equal(r.status, 429);
  });

  it('a rate limit with a short retry-after is retried once and then succeeds', async () => {
    const first = await v(K.burst, { probes: 'none' });
    only(first, 'live-ok');
    const second = await v(K.burst, { probes: 'none', maxRetryWaitMs: 5000 });
    assert.equal(second.retried, true);
    only(second, 'live-ok');
  });

  it('live-region-unsupported', async () => {
    only(await v(K.good, { baseURL: `${region.url}/v1` }), 'live-region-unsupported');
  });

  it('live-ip-not-allowed', async () => {
    only(await v(K.locked), 'live-ip-not-allowed');
  });

  it('live-model-not-found for --model, unknown or outside the project', async () => {
    const r = await v(K.good, { model: 'gpt-9', probes: 'none' });
    const f = r.findings.find((x) => x.id === 'live-model-not-found');
    assert.ok(f);
    assert.equal((f.data as { model: string }).model, 'gpt-9');
    assert.equal(r.permissions?.['model gpt-9'], 'denied');
    assert.ok(!ids(r).includes('live-ok'), 'the model the app needs is missing: not ok');
    const mini = await v(K.mini, { model: 'gpt-4o', probes: 'none' });
    assert.ok(ids(mini).includes('live-model-not-found'));
    const fine = await v(K.mini, { model: 'gpt-4o-mini', probes: 'none' });
    only(fine, 'live-ok');
  });

  it('live-unexpected on a 500, with status and request id', async () => {
    const r = await v(K.good, { baseURL: `${faulty.url}/v1` });
    const f = only(r, 'live-unexpected');
    assert.equal((f?.data as { status: number }).status, 500);
    assert.match(String((f?.data as { requestId: string }).requestId), /^req_/);
    assert.match(f?.message ?? '', /HTTP 500/);
  });

  it('admin keys are probed on admin endpoints only', async () => {
    const r = await v(K.admin);
    only(r, 'live-ok');
    assert.deepEqual(Object.keys(r.permissions ?? {}), [
      'admin_api_keys.read',
      'projects.read',
      'users.read',
      'usage.read',
    ]);
    assert.ok(Object.values(r.permissions ?? {}).every((p) => p === 'allowed'));
    assert.equal(r.endpoint, `${emu.url}/v1/organization/admin_api_keys`);
    assert.match(r.findings[0]?.message ?? '', /admin key/);
  });

  it('an empty key or one no header can carry is not sent', async () => {
    const before = emu.requests();
    const empty = await v('   ');
    assert.equal(empty.skipped, 'no key');
    const broken = await v(`${K.good.slice(0, 40)}\n${K.good.slice(40)}`);
    assert.equal(broken.skipped, 'unsendable key');
    assert.deepEqual(ids(broken), ['key-invisible-char']);
    assert.ok(!JSON.stringify(broken).includes(K.good.slice(20, 60)));
    assert.equal(emu.requests(), before);
  });
});

describe('verifyKey: Azure OpenAI', () => {
  const az = (key: string, azure: VerifyOptions['azure']) => verifyKey({ key, azure, env: {}, timeoutMs: 5000 });

  it('live-ok with a resource key on the classic path, deployment found', async () => {
    const r = await az(K.azure, { endpoint: emu.url, apiVersion: '2024-10-21', deployment: 'chat-prod' });
    only(r, 'live-ok');
    assert.equal(r.azure, true);
    assert.equal(r.permissions?.['deployment chat-prod'], 'allowed');
    assert.match(r.endpoint, /\/openai\/models\?api-version=2024-10-21$/);
  });

  it('live-ok on the v1 path (no api-version), and with an Entra ID token', async () => {
    only(await az(K.azure, { endpoint: `${emu.url}/openai/v1/`, deployment: 'chat-prod' }), 'live-ok');
    const t = await az('', { endpoint: emu.url, apiVersion: '2024-10-21', adToken: K.token });
    only(t, 'live-ok');
    assert.match(t.findings[0]?.message ?? '', /Entra ID token/);
  });

  it('live-azure-auth-failed: an OpenAI key sent to Azure, an expired token, a principal without a role', async () => {
    only(await az(K.good, { endpoint: emu.url, apiVersion: '2024-10-21' }), 'live-azure-auth-failed');
    const e = only(
      await az('', { endpoint: emu.url, apiVersion: '2024-10-21', adToken: K.tokenExpired }),
      'live-azure-auth-failed',
    );
    assert.equal((e?.data as { azureAuth: string }).azureAuth, 'entra-token');
    const n = only(
      await az('', { endpoint: emu.url, apiVersion: '2024-10-21', adToken: K.tokenNoRole }),
      'live-azure-auth-failed',
    );
    assert.equal((n?.data as { azureAuth: string }).azureAuth, 'rbac');
  });

  it('live-azure-deployment-not-found on both paths', async () => {
    only(
      await az(K.azure, { endpoint: emu.url, apiVersion: '2024-10-21', deployment: 'gpt-4o' }),
      'live-azure-deployment-not-found',
    );
    only(
      await az(K.azure, { endpoint: `${emu.url}/openai/v1`, deployment: 'gpt-4o' }),
      'live-azure-deployment-not-found',
    );
  });

  it('live-azure-api-version: unknown dated version on the classic path, dated version on the v1 path', async () => {
    only(await az(K.azure, { endpoint: emu.url, apiVersion: '2019-01-01' }), 'live-azure-api-version');
    only(await az(K.azure, { endpoint: `${emu.url}/openai/v1`, apiVersion: '2024-10-21' }), 'live-azure-api-version');
  });
});
