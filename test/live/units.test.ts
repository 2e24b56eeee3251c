/** Small pure pieces of live verification: retry waits, rate limit vs quota, probe reading, Azure URLs, settings. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isRateLimit, retryWaitMs } from '../../src/live/verify.js';
import { interpretProbe, API_PROBES } from '../../src/live/probes.js';
import { parseAzureEndpoint, planAzure } from '../../src/live/azure.js';
import { settingsForTarget, skipReason } from '../../src/live/settings.js';
import { describeFailure, type HttpAnswer } from '../../src/live/http.js';
import { targetWith } from '../helpers/check-tester.js';
import { foreignKey, openaiKey } from '../helpers/keys.js';

const answer = (status: number, body: unknown, headers: Record<string, string> = {}): HttpAnswer => ({
  kind: 'answer',
  status,
  body,
  headers,
  ms: 1,
});
const err = (message: string, type: string, code: string | null) => ({ error: { message, type, param: null, code } });

describe('retry rules', () => {
  it('reads retry-after-ms first, then retry-after seconds or an HTTP date', () => {
    assert.equal(retryWaitMs({ 'retry-after-ms': '250', 'retry-after': '9' }), 250);
    assert.equal(retryWaitMs({ 'retry-after': '2' }), 2000);
    assert.equal(retryWaitMs({}), undefined);
    const inTwo = new Date(Date.now() + 60000).toUTCString();
    const w = retryWaitMs({ 'retry-after': inTwo }) ?? 0;
    assert.ok(w > 50000 && w <= 60000);
  });
  it('retries rate limits, never quota or billing 429s, nor x-should-retry: false', () => {
    assert.equal(
      isRateLimit(answer(429, err('Rate limit reached for gpt-4o', 'requests', 'rate_limit_exceeded'))),
      true,
    );
    assert.equal(
      isRateLimit(answer(429, err('You exceeded your current quota', 'insufficient_quota', 'insufficient_quota'))),
      false,
    );
    assert.equal(
      isRateLimit(answer(429, err('Your account is not active', 'billing_not_active', 'billing_not_active'))),
      false,
    );
    assert.equal(isRateLimit(answer(429, err('x', 'requests', null), { 'x-should-retry': 'false' })), false);
    assert.equal(isRateLimit(answer(500, err('x', 'server_error', null))), false);
  });
});

describe('interpretProbe', () => {
  const chat = API_PROBES.find((p) => p.name === 'model.request');
  const models = API_PROBES.find((p) => p.name === 'models.read');
  it('400 after authorization means allowed; missing scopes (401 or 403) mean denied, with their names', () => {
    assert.ok(chat && models);
    assert.deepEqual(
      interpretProbe(chat, answer(400, err('you must provide a model parameter', 'invalid_request_error', null))),
      { permission: 'allowed' },
    );
    assert.deepEqual(
      interpretProbe(
        chat,
        answer(
          401,
          err(
            'You have insufficient permissions for this operation. Missing scopes: model.request. Check ...',
            'invalid_request_error',
            null,
          ),
        ),
      ),
      { permission: 'denied', missing: ['model.request'] },
    );
    assert.deepEqual(
      interpretProbe(
        models,
        answer(
          403,
          err(
            'You have insufficient permissions for this operation. Missing scopes: api.model.read.',
            'invalid_request_error',
            null,
          ),
        ),
      ),
      { permission: 'denied', missing: ['api.model.read'] },
    );
    assert.deepEqual(interpretProbe(chat, answer(429, err('quota', 'insufficient_quota', 'insufficient_quota'))), {
      permission: 'allowed',
    });
    assert.deepEqual(
      interpretProbe(chat, answer(404, err('Invalid URL (POST /v1/chat/completions)', 'invalid_request_error', null))),
      { permission: 'unknown' },
    );
    assert.deepEqual(interpretProbe(models, answer(500, err('boom', 'server_error', null))), { permission: 'unknown' });
  });
});

describe('Azure URLs', () => {
  it('splits endpoints and picks the classic or v1 path', () => {
    assert.deepEqual(parseAzureEndpoint('https://res.openai.azure.com/'), {
      endpoint: 'https://res.openai.azure.com',
      v1: false,
    });
    assert.deepEqual(parseAzureEndpoint('https://res.openai.azure.com/openai/v1/'), {
      endpoint: 'https://res.openai.azure.com',
      v1: true,
    });
    assert.deepEqual(parseAzureEndpoint('https://res.openai.azure.com/openai'), {
      endpoint: 'https://res.openai.azure.com',
      v1: false,
    });
    const classic = planAzure(
      { endpoint: 'https://res.openai.azure.com', apiVersion: '2024-10-21', deployment: 'my dep' },
      'k',
    );
    assert.equal(classic.modelsUrl, 'https://res.openai.azure.com/openai/models?api-version=2024-10-21');
    assert.equal(
      classic.deploymentUrl,
      'https://res.openai.azure.com/openai/deployments/my%20dep/chat/completions?api-version=2024-10-21',
    );
    assert.deepEqual(classic.headers, { 'api-key': 'k' });
    const v1 = planAzure({ endpoint: 'https://res.openai.azure.com', deployment: 'd', adToken: 't' }, 'k');
    assert.equal(v1.mode, 'v1');
    assert.equal(v1.deploymentBody, JSON.stringify({ model: 'd' }));
    assert.deepEqual(v1.headers, { Authorization: 'Bearer t' });
  });
});

describe('settings', () => {
  it('takes base URL (OPENAI_BASE_URL, then OPENAI_API_BASE), organization and project from the target', () => {
    const t = targetWith(openaiKey(), {}, {});
    for (const [n, v] of Object.entries({
      OPENAI_API_BASE: 'http://legacy/v1',
      OPENAI_ORGANIZATION: 'org-x',
      OPENAI_PROJECT_ID: 'proj_y',
    }))
      t.vars[n] = { name: n, chain: [], value: v };
    const s = settingsForTarget(t);
    assert.equal(s?.baseURL, 'http://legacy/v1');
    assert.equal(s?.organization, 'org-x');
    assert.equal(s?.project, 'proj_y');
    assert.deepEqual(s?.location, { path: '.env', line: 1 });
    assert.equal(settingsForTarget(targetWith(undefined)), undefined);
  });
  it('skips keys that must not or need not be sent', () => {
    assert.equal(skipReason({ key: openaiKey() }), undefined);
    assert.match(skipReason({ key: foreignKey('groq') }) ?? '', /not an OpenAI key/);
    assert.equal(skipReason({ key: foreignKey('groq'), baseURL: 'https://api.groq.com/openai/v1' }), undefined);
    assert.match(skipReason({ key: 'sk-...' }) ?? '', /placeholder/);
  });
});

describe('describeFailure', () => {
  it('sorts low-level errors into reasons and never echoes more than the host', () => {
    const cause = (code: string, message = code) =>
      Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(message), { code }) });
    assert.equal(
      describeFailure(cause('ECONNREFUSED'), 'http://127.0.0.1:9/v1/models', undefined, 1000).reason,
      'refused',
    );
    assert.equal(
      describeFailure(cause('ENOTFOUND'), 'https://api.openai.com/v1/models', undefined, 1000).reason,
      'dns',
    );
    assert.equal(
      describeFailure(cause('UND_ERR_SOCKET', 'other side closed'), 'https://x/v1', undefined, 1000).reason,
      'reset',
    );
    assert.equal(
      describeFailure(cause('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'), 'https://x/v1', undefined, 1000)
        .reason,
      'tls',
    );
    assert.equal(describeFailure(cause('UND_ERR_CONNECT_TIMEOUT'), 'https://x/v1', undefined, 1000).reason, 'timeout');
    assert.equal(
      describeFailure(new Error('Proxy Authentication Required (407)'), 'https://x/v1', 'http://u:p@proxy:3128', 1000)
        .reason,
      'proxy',
    );
    assert.ok(
      !describeFailure(
        new Error('Proxy Authentication Required (407)'),
        'https://x/v1',
        'http://u:secretpw@proxy:3128',
        1000,
      ).message.includes('secretpw'),
    );
  });
});
