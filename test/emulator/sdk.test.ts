/**
 * The official openai v6 SDK, unchanged, against the emulator: every auth failure surfaces with the
 * error class, status, code and message the real API produces.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI, { AzureOpenAI } from 'openai';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { maskLikeOpenAI } from '../../src/emulator/shapes.js';
import { K, ORG_A, ORG_B, PROJ_A, PROJ_MINI, worldConfig } from './world.js';

let emu: Emulator;
let regionEmu: Emulator;

before(async () => {
  emu = await startEmulator(worldConfig());
  regionEmu = await startEmulator({ ...worldConfig(), region_blocked: ['127.0.0.0/8'] });
});
after(async () => {
  await emu.close();
  await regionEmu.close();
});

function client(apiKey: string, extra: Record<string, unknown> = {}, base = () => emu.url): OpenAI {
  return new OpenAI({ apiKey, baseURL: `${base()}/v1`, maxRetries: 0, ...extra });
}

type ErrorClass = new (...args: never[]) => Error;

async function fails(
  p: Promise<unknown>,
  cls: ErrorClass,
  status: number,
  code: string | null | undefined,
  message: RegExp | string,
): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${(e as Error).constructor.name}: ${(e as Error).message}`);
    const err = e as InstanceType<typeof OpenAI.APIError>;
    assert.equal(err.status, status);
    assert.equal(err.code ?? null, code ?? null);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return err;
  }
  assert.fail('the call succeeded');
}

const chat = (c: OpenAI, model = 'gpt-4o-mini') =>
  c.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });

describe('openai SDK against the emulator', () => {
  it('a working key lists models, chats, answers responses and embeddings, with org/project headers', async () => {
    const c = client(K.good);
    const { data, response } = await c.models.list().withResponse();
    assert.equal(response.headers.get('openai-organization'), 'acme');
    assert.equal(response.headers.get('openai-project'), PROJ_A);
    assert.equal(response.headers.get('openai-version'), '2020-10-01');
    assert.match(response.headers.get('x-request-id') ?? '', /^req_[0-9a-f]{32}$/);
    assert.match(response.headers.get('openai-processing-ms') ?? '', /^\d+$/);
    assert.ok(response.headers.get('x-ratelimit-remaining-requests'));
    assert.ok(data.data.some((m) => m.id === 'gpt-4o-mini'));
    const r = await chat(c);
    assert.equal(r.object, 'chat.completion');
    assert.equal(r.choices[0]?.message.role, 'assistant');
    const resp = await c.responses.create({ model: 'gpt-4o-mini', input: 'hi' });
    assert.equal(resp.output_text, 'Hello from the keydoctor emulator.');
    const emb = await c.embeddings.create({ model: 'text-embedding-3-small', input: 'hi' });
    assert.equal(emb.data.length, 1);
    const m = await c.models.retrieve('gpt-4o');
    assert.equal(m.id, 'gpt-4o');
  });

  it('an unknown key: AuthenticationError 401 invalid_api_key with the key masked the way OpenAI masks it', async () => {
    const err = await fails(
      chat(client(K.unknown)),
      OpenAI.AuthenticationError,
      401,
      'invalid_api_key',
      `401 Incorrect API key provided: ${maskLikeOpenAI(K.unknown)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    );
    assert.ok(!err.message.includes(K.unknown));
    assert.equal(maskLikeOpenAI(K.unknown).length, K.unknown.length);
    assert.match(err.requestID ?? '', /^req_/);
  });

  it('no Authorization header (explicitly omitted): AuthenticationError 401, code null, the classic text', async () => {
    const c = client('unused', { defaultHeaders: { Authorization: null } });
    await fails(
      c.models.list(),
      OpenAI.AuthenticationError,
      401,
      null,
      /^401 You didn't provide an API key\. You need to provide your API key in an Authorization header using Bearer auth/,
    );
  });

  it('a revoked key answers exactly like an unknown one', async () => {
    await fails(
      client(K.revoked).models.list(),
      OpenAI.AuthenticationError,
      401,
      'invalid_api_key',
      `401 Incorrect API key provided: ${maskLikeOpenAI(K.revoked)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    );
  });

  it('short values are echoed whole (12 characters or fewer)', async () => {
    await fails(
      client('undefined').models.list(),
      OpenAI.AuthenticationError,
      401,
      'invalid_api_key',
      /^401 Incorrect API key provided: undefined\. You can find/,
    );
    await fails(
      client('sk-your-openai-api-key-here').models.list(),
      OpenAI.AuthenticationError,
      401,
      'invalid_api_key',
      /Incorrect API key provided: sk-your-\*{15}here\./,
    );
  });

  it('a key with "Bearer " inside is echoed as "Bearer ..."', async () => {
    await fails(
      client(`Bearer ${K.good}`).models.list(),
      OpenAI.AuthenticationError,
      401,
      'invalid_api_key',
      /Incorrect API key provided: Bearer s\*+/,
    );
  });

  it('deactivated and terminated accounts', async () => {
    await fails(
      chat(client(K.deactivated)),
      OpenAI.AuthenticationError,
      401,
      'account_deactivated',
      '401 This key is associated with a deactivated account. If you feel this is an error, contact us through our help center at help.openai.com.',
    );
    const e = await fails(
      chat(client(K.terminated)),
      OpenAI.AuthenticationError,
      401,
      'access_terminated',
      /^401 Your access was terminated due to violation of our policies/,
    );
    assert.equal(e.type, 'access_terminated');
  });

  it('no organization', async () => {
    await fails(
      chat(client(K.noorg)),
      OpenAI.AuthenticationError,
      401,
      'no_organization',
      '401 You must be a member of an organization to use the API. Please contact us through our help center at help.openai.com.',
    );
  });

  it('organization and project headers: mismatches fail, the right ones pass', async () => {
    await fails(
      chat(client(K.good, { organization: ORG_B })),
      OpenAI.AuthenticationError,
      401,
      'mismatched_organization',
      '401 OpenAI-Organization header should match organization for API key',
    );
    await fails(
      chat(client(K.good, { organization: 'Personal' })),
      OpenAI.AuthenticationError,
      401,
      'mismatched_organization',
      /should match organization/,
    );
    await fails(
      chat(client(K.good, { project: 'my-project' })),
      OpenAI.AuthenticationError,
      401,
      'mismatched_project',
      '401 OpenAI-Project header should match project for API key',
    );
    const ok = await chat(client(K.good, { organization: ORG_A, project: PROJ_A }));
    assert.equal(ok.object, 'chat.completion');
    // A user key in two organizations picks one with the header.
    const { response } = await client(K.legacy, { organization: ORG_B }).models.list().withResponse();
    assert.equal(response.headers.get('openai-organization'), 'beta-labs');
  });

  it('restricted keys: missing scopes (403 on /v1/models, 401 elsewhere), allowed calls pass', async () => {
    const r = client(K.restricted);
    await fails(
      r.models.list(),
      OpenAI.PermissionDeniedError,
      403,
      null,
      /^403 You have insufficient permissions for this operation\. Missing scopes: api\.model\.read\. Check that you have the correct role/,
    );
    await fails(
      r.responses.create({ model: 'gpt-4o-mini', input: 'hi' }),
      OpenAI.AuthenticationError,
      401,
      null,
      /Missing scopes: api\.responses\.write\./,
    );
    await fails(r.files.list(), OpenAI.AuthenticationError, 401, null, /Missing scopes: api\.files\.read\./);
    assert.equal((await chat(r)).object, 'chat.completion');
    await fails(chat(client(K.readonly)), OpenAI.AuthenticationError, 401, null, /Missing scopes: model\.request\./);
  });

  it('quota: insufficient_quota, credit_balance_exhausted, billing_not_active (429, x-should-retry false), listing still works', async () => {
    const e = await fails(
      chat(client(K.quota)),
      OpenAI.RateLimitError,
      429,
      'insufficient_quota',
      '429 You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
    );
    assert.equal(e.type, 'insufficient_quota');
    assert.equal(e.headers?.get('x-should-retry'), 'false');
    await fails(
      chat(client(K.credits)),
      OpenAI.RateLimitError,
      429,
      'credit_balance_exhausted',
      /^429 You have no credits remaining\./,
    );
    const b = await fails(
      chat(client(K.billing)),
      OpenAI.RateLimitError,
      429,
      'billing_not_active',
      '429 Your account is not active, please check your billing details on our website.',
    );
    assert.equal(b.type, 'billing_not_active');
    assert.ok((await client(K.quota).models.list()).data.length > 0);
  });

  it('rate limits: rate_limit_exceeded with retry-after and x-ratelimit headers', async () => {
    const e = await fails(
      chat(client(K.limited)),
      OpenAI.RateLimitError,
      429,
      'rate_limit_exceeded',
      /^429 Rate limit reached for gpt-4o-mini in organization org-A+ on requests per min \(RPM\): Limit 0, Used 0, Requested 1\. Please try again in [0-9.]+m?s\./,
    );
    assert.equal(e.type, 'requests');
    assert.match(e.headers?.get('retry-after') ?? '', /^\d+$/);
    assert.equal(e.headers?.get('x-ratelimit-remaining-requests'), '0');
  });

  it('IP allow-list and region', async () => {
    await fails(
      chat(client(K.locked)),
      OpenAI.AuthenticationError,
      401,
      'ip_not_authorized',
      /^401 Your IP address \(127\.0\.0\.1\) is not authorized/,
    );
    const e = await fails(
      chat(client(K.good, {}, () => regionEmu.url)),
      OpenAI.PermissionDeniedError,
      403,
      'unsupported_country_region_territory',
      '403 Country, region, or territory not supported',
    );
    assert.equal(e.type, 'request_forbidden');
  });

  it('models: unknown → 404 model_not_found, outside the project allow-list → 403', async () => {
    await fails(
      chat(client(K.good), 'gpt-9'),
      OpenAI.NotFoundError,
      404,
      'model_not_found',
      '404 The model `gpt-9` does not exist or you do not have access to it.',
    );
    await fails(
      client(K.good).models.retrieve('gpt-9'),
      OpenAI.NotFoundError,
      404,
      'model_not_found',
      /does not exist/,
    );
    await fails(
      chat(client(K.mini), 'gpt-4o'),
      OpenAI.PermissionDeniedError,
      403,
      'model_not_found',
      `403 Project \`${PROJ_MINI}\` does not have access to model \`gpt-4o\``,
    );
  });

  it('admin keys: admin endpoints work, inference endpoints refuse; project keys cannot call admin endpoints', async () => {
    const admin = client(K.admin);
    const res = (await admin.get('/organization/projects')) as { data: Array<{ id: string }> };
    assert.ok(res.data.some((p) => p.id === PROJ_A));
    const keys = (await admin.get('/organization/admin_api_keys')) as { data: Array<{ redacted_value: string }> };
    assert.ok(keys.data.length === 1 && !JSON.stringify(keys).includes(K.admin));
    await fails(
      chat(admin),
      OpenAI.AuthenticationError,
      401,
      null,
      /Admin API keys cannot be used for non-administration endpoints/,
    );
    // The admin API answers with `error` as a bare string.
    await fails(
      client(K.good).get('/organization/projects'),
      OpenAI.PermissionDeniedError,
      403,
      null,
      /^403 "You have insufficient permissions for this operation\. Missing scopes: api\.management\.read\./,
    );
  });

  it("unmodelled paths: 404 Invalid URL in OpenAI's shape", async () => {
    await fails(
      client(K.good).get('/nothing/here'),
      OpenAI.NotFoundError,
      404,
      null,
      '404 Invalid URL (GET /v1/nothing/here)',
    );
  });

  it('session-only dashboard endpoints refuse secret keys', async () => {
    await fails(
      client(K.good).get('/dashboard/billing/subscription'),
      OpenAI.PermissionDeniedError,
      403,
      null,
      /must be made with a session key/,
    );
  });
});

describe('AzureOpenAI SDK against the emulator', () => {
  const azure = (opts: Record<string, unknown>) =>
    new AzureOpenAI({ endpoint: emu.url, apiVersion: '2024-10-21', maxRetries: 0, ...opts });
  const call = (c: OpenAI, model = 'chat-prod') =>
    c.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });

  it('a resource key on a deployment works', async () => {
    const r = await call(azure({ apiKey: K.azure, deployment: 'chat-prod' }));
    assert.equal(r.model, 'gpt-4o');
  });

  it('a wrong key (an OpenAI key) → 401 access denied', async () => {
    await fails(
      call(azure({ apiKey: K.good, deployment: 'chat-prod' })),
      OpenAI.AuthenticationError,
      401,
      '401',
      '401 Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
    );
  });

  it('an unknown deployment → 404 DeploymentNotFound', async () => {
    await fails(
      call(azure({ apiKey: K.azure, deployment: 'gpt-4o' })),
      OpenAI.NotFoundError,
      404,
      'DeploymentNotFound',
      /^404 The API deployment for this resource does not exist/,
    );
  });

  it('an unknown api-version → 404 Resource not found', async () => {
    await fails(
      call(azure({ apiKey: K.azure, deployment: 'chat-prod', apiVersion: '2019-01-01' })),
      OpenAI.NotFoundError,
      404,
      '404',
      '404 Resource not found',
    );
  });

  it('Entra ID tokens: valid works, expired → 401 statusCode envelope, no role → PermissionDenied', async () => {
    const r = await call(azure({ azureADTokenProvider: async () => K.token, deployment: 'chat-prod' }));
    assert.equal(r.object, 'chat.completion');
    // Azure's Entra envelope has no `error` member, so the Node SDK shows no text at all (Python prints the dict).
    await fails(
      call(azure({ azureADTokenProvider: async () => K.tokenExpired, deployment: 'chat-prod' })),
      OpenAI.AuthenticationError,
      401,
      undefined,
      '401 status code (no body)',
    );
    await fails(
      call(azure({ azureADTokenProvider: async () => K.tokenNoRole, deployment: 'chat-prod' })),
      OpenAI.AuthenticationError,
      401,
      'PermissionDenied',
      '401 Principal does not have access to API/Operation.',
    );
  });

  it('the v1 path with the plain OpenAI client; a dated api-version there → 400 API version not supported', async () => {
    const v1 = new OpenAI({
      apiKey: 'unused',
      baseURL: `${emu.url}/openai/v1`,
      defaultHeaders: { 'api-key': K.azure },
      maxRetries: 0,
    });
    const r = await call(v1);
    assert.equal(r.model, 'gpt-4o');
    const dated = new OpenAI({
      apiKey: 'unused',
      baseURL: `${emu.url}/openai/v1`,
      defaultHeaders: { 'api-key': K.azure },
      defaultQuery: { 'api-version': '2024-10-21' },
      maxRetries: 0,
    });
    await fails(call(dated), OpenAI.BadRequestError, 400, 'BadRequest', '400 API version not supported');
  });
});
