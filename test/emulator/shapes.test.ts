/** The emulator's answers at the byte level: envelopes, key order, header forms, faults, config errors. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, normalizeConfig, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { NO_AUTH_BEARER, NO_AUTH_CLASSIC, maskLikeOpenAI } from '../../src/emulator/shapes.js';
import { K, PROJ_A, worldConfig } from './world.js';

let emu: Emulator;
before(async () => {
  emu = await startEmulator({
    ...worldConfig(),
    faults: [{ path: '/v1/files', method: 'GET', status: 503, times: 1 }],
  });
});
after(() => emu.close());

async function get(
  path: string,
  headers: Record<string, string> = {},
  base = () => emu.url,
  method = 'GET',
  body?: string,
) {
  const r = await fetch(`${base()}${path}`, { method, headers, body });
  const text = await r.text();
  return { status: r.status, text, json: JSON.parse(text) as Record<string, unknown>, headers: r.headers };
}

describe('emulator: auth header forms', () => {
  it('no Authorization header: 401, the classic text, four-space pretty JSON, code null', async () => {
    const r = await get('/v1/models');
    assert.equal(r.status, 401);
    assert.equal(
      r.text,
      JSON.stringify(
        { error: { message: NO_AUTH_CLASSIC, type: 'invalid_request_error', param: null, code: null } },
        null,
        4,
      ) + '\n',
    );
    assert.equal(r.headers.get('openai-organization'), null);
    assert.match(r.headers.get('x-request-id') ?? '', /^req_[0-9a-f]{32}$/);
  });

  it('a key without the Bearer scheme, or an empty Bearer, counts as no key', async () => {
    for (const auth of [K.good, 'Bearer ', `Token ${K.good}`]) {
      const r = await get('/v1/models', { Authorization: auth });
      assert.equal(r.status, 401);
      assert.equal((r.json.error as { message: string }).message, NO_AUTH_CLASSIC);
    }
  });

  it('the newer "Missing bearer" text when configured', async () => {
    const e = await startEmulator({ no_auth_message: 'bearer' });
    try {
      const r = await get('/v1/responses', {}, () => e.url, 'POST', '{}');
      assert.deepEqual(r.json, {
        error: { message: NO_AUTH_BEARER, type: 'invalid_request_error', param: null, code: null },
      });
    } finally {
      await e.close();
    }
  });

  it('Basic auth with a blank user name and the key as password works', async () => {
    const r = await get('/v1/models', { Authorization: `Basic ${Buffer.from(`:${K.good}`).toString('base64')}` });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('openai-project'), PROJ_A);
  });

  it('invalid key: message, type, param, code in this order; the mask keeps the length', async () => {
    const r = await get('/v1/models', { Authorization: `Bearer ${K.unknown}` });
    assert.equal(
      JSON.stringify(r.json),
      JSON.stringify({
        error: {
          message: `Incorrect API key provided: ${maskLikeOpenAI(K.unknown)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        },
      }),
    );
    assert.ok(!r.text.includes(K.unknown));
  });

  it('region: code comes first, type request_forbidden', async () => {
    const e = await startEmulator({ ...worldConfig(), region_blocked: true });
    try {
      const r = await get('/v1/models', { Authorization: `Bearer ${K.good}` }, () => e.url);
      assert.equal(r.status, 403);
      assert.equal(
        JSON.stringify(r.json),
        JSON.stringify({
          error: {
            code: 'unsupported_country_region_territory',
            message: 'Country, region, or territory not supported',
            param: null,
            type: 'request_forbidden',
          },
        }),
      );
    } finally {
      await e.close();
    }
  });

  it('client_ip decides allow-lists: a caller inside the project list gets through', async () => {
    const e = await startEmulator({ ...worldConfig(), client_ip: '203.0.113.9' });
    try {
      assert.equal((await get('/v1/models', { Authorization: `Bearer ${K.locked}` }, () => e.url)).status, 200);
      assert.equal((await get('/v1/models', { Authorization: `Bearer ${K.locked}` })).status, 401);
    } finally {
      await e.close();
    }
  });

  it('quota 429s carry the organization and project; 401s do not', async () => {
    const r = await get(
      '/v1/chat/completions',
      { Authorization: `Bearer ${K.quota}`, 'Content-Type': 'application/json' },
      () => emu.url,
      'POST',
      '{}',
    );
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('openai-organization'), 'acme');
    assert.equal(r.headers.get('openai-project'), PROJ_A);
  });

  it('invalid bodies fail validation only after authorization (the no-cost probe rule)', async () => {
    const ok = await get('/v1/chat/completions', { Authorization: `Bearer ${K.good}` }, () => emu.url, 'POST', '{}');
    assert.equal(ok.status, 400);
    assert.deepEqual(ok.json, {
      error: { message: 'you must provide a model parameter', type: 'invalid_request_error', param: null, code: null },
    });
    const bad = await get(
      '/v1/chat/completions',
      { Authorization: `Bearer ${K.good}` },
      () => emu.url,
      'POST',
      '{not json',
    );
    assert.equal(bad.status, 400);
    assert.match((bad.json.error as { message: string }).message, /could not parse the JSON body/);
    const denied = await get(
      '/v1/chat/completions',
      { Authorization: `Bearer ${K.readonly}` },
      () => emu.url,
      'POST',
      '{}',
    );
    assert.equal(denied.status, 401);
  });

  it('Azure: compact JSON, Entra envelope without an error wrapper, missing key text', async () => {
    const r = await get(
      '/openai/deployments/chat-prod/chat/completions?api-version=2024-10-21',
      { Authorization: `Bearer ${K.tokenExpired}` },
      () => emu.url,
      'POST',
      '{}',
    );
    assert.equal(
      r.text,
      JSON.stringify({
        statusCode: 401,
        message:
          'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.',
      }),
    );
    const m = await get(
      '/openai/deployments/chat-prod/chat/completions?api-version=2024-10-21',
      {},
      () => emu.url,
      'POST',
      '{}',
    );
    assert.deepEqual(m.json, {
      error: {
        code: '401',
        message:
          'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.',
      },
    });
    assert.ok(m.headers.get('apim-request-id'));
  });

  it('faults: a 503 once, then normal answers', async () => {
    const first = await get('/v1/files', { Authorization: `Bearer ${K.good}` });
    assert.equal(first.status, 503);
    assert.equal((first.json.error as { type: string }).type, 'server_error');
    assert.equal((await get('/v1/files', { Authorization: `Bearer ${K.good}` })).status, 200);
  });
});

describe('emulator: config', () => {
  it('rejects bad configs with messages that never hold a key', () => {
    const cases: unknown[] = [
      { keys: [{ key: K.good, status: 'sleeping' }] },
      { keys: [{ key: K.good, quota: 'lots' }] },
      { keys: [{ key: K.good, scopes: 'some' }] },
      { keys: [{ key: K.good, rate_limit: { requests: -1 } }] },
      { keys: [{ nokey: true }] },
      [],
      { no_auth_message: 'loud' },
    ];
    for (const c of cases) {
      assert.throws(
        () => normalizeConfig(c),
        (e: unknown) => e instanceof ConfigError && !(e as Error).message.includes(K.good),
      );
    }
  });

  it('creates organizations and projects that keys name', () => {
    const s = normalizeConfig({ keys: [{ key: K.good, organization: 'org-new', project: 'proj_new' }] });
    assert.equal(s.orgs.get('org-new')?.projects[0]?.id, 'proj_new');
  });
});
