import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyAnswer } from '../../src/live/classify.js';
import {
  errorFields,
  maskMatches,
  parseMaskedKey,
  parseScopes,
  echoFindings,
  headerValueFindings,
  type ApiAnswer,
} from '../../src/live/answer.js';
import { checks as liveChecks, extraMeta } from '../../src/checks/live/index.js';
import { metaFor } from '../../src/checks/registry.js';
import { openaiKey, foreignKey, openaiMask } from '../helpers/keys.js';

const FIND = ' You can find your API key at https://platform.openai.com/account/api-keys.';
const oa = (message: string, type: string | null, code: string | null, param: string | null = null) => ({
  error: { message, type, param, code },
});
const ids = (a: ApiAnswer) =>
  classifyAnswer(a)
    .map((f) => f.id)
    .sort();

function expectIds(a: ApiAnswer, want: string[]): void {
  assert.deepEqual(ids(a), [...want].sort(), JSON.stringify(classifyAnswer(a).map((f) => [f.id, f.message])));
}

describe('classifyAnswer: every live id from real-shaped bodies', () => {
  const key = openaiKey('proj', 'cls');
  const cases: Array<[string, ApiAnswer, string[]]> = [
    [
      '200 → live-ok',
      {
        status: 200,
        body: { object: 'list', data: [] },
        headers: { 'openai-organization': 'acme', 'openai-project': 'proj_abc' },
      },
      ['live-ok'],
    ],
    [
      'invalid key, project key',
      {
        status: 401,
        body: oa(`Incorrect API key provided: ${openaiMask(key)}.${FIND}`, 'invalid_request_error', 'invalid_api_key'),
      },
      ['live-invalid-key'],
    ],
    [
      'invalid key, legacy key, old beta url',
      {
        status: 401,
        body: oa(
          `Incorrect API key provided: ${openaiMask(openaiKey('legacy'))}. You can find your API key at https://beta.openai.com.`,
          'invalid_request_error',
          'invalid_api_key',
        ),
      },
      ['live-invalid-key'],
    ],
    [
      'invalid key, code only',
      { status: 401, body: oa('', 'invalid_request_error', 'invalid_api_key') },
      ['live-invalid-key'],
    ],
    [
      'Invalid Authentication',
      { status: 401, body: oa('Invalid Authentication', 'invalid_request_error', null) },
      ['live-invalid-key'],
    ],
    [
      'no auth, classic',
      {
        status: 401,
        body: oa(
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
          'invalid_request_error',
          null,
        ),
      },
      ['live-no-auth'],
    ],
    [
      'no auth, beta wording',
      {
        status: 401,
        body: oa(
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from https://beta.openai.com.",
          'invalid_request_error',
          null,
        ),
      },
      ['live-no-auth'],
    ],
    [
      'no auth, 2025 wording',
      { status: 401, body: oa('Missing bearer or basic authentication in header', 'invalid_request_error', null) },
      ['live-no-auth'],
    ],
    [
      'org mismatch',
      {
        status: 401,
        body: oa(
          'OpenAI-Organization header should match organization for API key',
          'invalid_request_error',
          'mismatched_organization',
        ),
      },
      ['live-org-mismatch'],
    ],
    ['org: no such organization (v0)', { body: 'No such organization: Personal.' }, ['live-org-mismatch']],
    [
      'project mismatch',
      {
        status: 401,
        body: oa(
          'OpenAI-Project header should match project for API key',
          'invalid_request_error',
          'mismatched_project',
        ),
      },
      ['live-project-mismatch'],
    ],
    [
      'no organization',
      {
        status: 401,
        body: oa(
          'You must be a member of an organization to use the API. Please contact us through our help center at help.openai.com.',
          'invalid_request_error',
          'no_organization',
        ),
      },
      ['live-no-organization'],
    ],
    [
      'missing scopes 401',
      {
        status: 401,
        body: oa(
          "You have insufficient permissions for this operation. Missing scopes: api.responses.write. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Member, Owner), and if you're using a restricted API key, that it has the necessary scopes.",
          'invalid_request_error',
          null,
        ),
      },
      ['live-missing-scope'],
    ],
    [
      'missing scopes 403 short wording',
      {
        status: 403,
        body: oa(
          "You have insufficient permissions for this operation. Missing scopes: model.request. Check that you have the correct role in your organization, and if you're using a restricted API key, that it has the necessary scopes.",
          'invalid_request_error',
          'missing_scope',
        ),
      },
      ['live-missing-scope'],
    ],
    [
      'admin endpoint, bare string error',
      {
        status: 403,
        body: {
          error:
            'You have insufficient permissions for this operation. Missing scopes: api.management.read. Check that you have the correct role.',
        },
      },
      ['live-missing-scope'],
    ],
    [
      'admin key on inference endpoint',
      {
        status: 401,
        body: oa('Admin API keys cannot be used for non-administration endpoints.', 'invalid_request_error', null),
      },
      ['key-admin-as-api-key'],
    ],
    [
      'deactivated (2023)',
      {
        status: 401,
        body: oa(
          'This key is associated with a deactivated account. If you feel this is an error, contact us through our help center at help.openai.com.',
          'invalid_request_error',
          'account_deactivated',
        ),
      },
      ['live-account-deactivated'],
    ],
    [
      'deactivated (2024)',
      {
        status: 401,
        body: oa(
          'The OpenAI account associated with this API key has been deactivated. If you are the developer for this OpenAI app, please check your email for more information.',
          'invalid_request_error',
          'account_deactivated',
        ),
      },
      ['live-account-deactivated'],
    ],
    [
      'deactivated (no code)',
      {
        status: 401,
        body: oa(
          'Your OpenAI account has been deactivated, please check your email for more information. If you feel this is an error, contact us through our help center at help.openai.com.',
          'invalid_request_error',
          null,
        ),
      },
      ['live-account-deactivated'],
    ],
    [
      'access terminated',
      {
        status: 403,
        body: oa(
          'Your access was terminated due to violation of our policies, please check your email for more information. If you believe this is in error and would like to appeal, please contact us through our help center at help.openai.com.',
          'access_terminated',
          'access_terminated',
        ),
      },
      ['live-account-deactivated'],
    ],
    [
      'quota, classic',
      {
        status: 429,
        body: oa(
          'You exceeded your current quota, please check your plan and billing details.',
          'insufficient_quota',
          null,
        ),
      },
      ['live-quota-exhausted'],
    ],
    [
      'quota, 2024',
      {
        status: 429,
        body: oa(
          'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
          'insufficient_quota',
          'insufficient_quota',
        ),
      },
      ['live-quota-exhausted'],
    ],
    [
      'credit exhausted',
      {
        status: 429,
        body: oa(
          'You have no credits remaining. Add credits to continue using the API at https://platform.openai.com/settings/organization/billing/.',
          'insufficient_quota',
          'credit_balance_exhausted',
        ),
      },
      ['live-quota-exhausted'],
    ],
    [
      'billing not active',
      {
        status: 429,
        body: oa(
          'Your account is not active, please check your billing details on our website.',
          'billing_not_active',
          null,
        ),
      },
      ['live-quota-exhausted'],
    ],
    [
      'rate limit TPM',
      {
        status: 429,
        headers: { 'retry-after': '1' },
        body: oa(
          'Rate limit reached for gpt-4o in organization org-abc on tokens per min (TPM): Limit 30000, Used 29937, Requested 385. Please try again in 644ms. Visit https://platform.openai.com/account/rate-limits to learn more.',
          'tokens',
          'rate_limit_exceeded',
        ),
      },
      ['live-rate-limited'],
    ],
    [
      'rate limit, request too large',
      {
        status: 429,
        body: oa(
          'Request too large for gpt-4o in organization org-abc on tokens per min (TPM): Limit 30000, Requested 31538.',
          'tokens',
          'rate_limit_exceeded',
        ),
      },
      ['live-rate-limited'],
    ],
    [
      'rate limit 2023',
      {
        status: 429,
        body: oa(
          'Rate limit reached for 10KTPM-200RPM in organization org-abc on tokens per min. Limit: 10000 / min. Please try again in 6ms. Contact us through our help center at help.openai.com if you continue to have issues.',
          'tokens',
          null,
        ),
      },
      ['live-rate-limited'],
    ],
    [
      'data residency: wrong regional host',
      {
        status: 401,
        body: oa(
          'Attempted to access resource with incorrect regional hostname. Please make your request to us.api.openai.com.',
          'invalid_request_error',
          null,
        ),
      },
      ['live-residency-mismatch'],
    ],
    [
      'region',
      {
        status: 403,
        body: {
          error: {
            code: 'unsupported_country_region_territory',
            message: 'Country, region, or territory not supported',
            param: null,
            type: 'request_forbidden',
          },
        },
      },
      ['live-region-unsupported'],
    ],
    [
      'model not found',
      {
        status: 404,
        body: oa(
          'The model `gpt-4o` does not exist or you do not have access to it.',
          'invalid_request_error',
          'model_not_found',
        ),
      },
      ['live-model-not-found'],
    ],
    [
      'model not found, retired model',
      {
        status: 404,
        body: oa(
          'The model `text-davinci-003` does not exist or you do not have access to it.',
          'invalid_request_error',
          'model_not_found',
        ),
      },
      ['live-model-not-found', 'model-retired'],
    ],
    [
      'model deprecated',
      {
        status: 404,
        body: oa(
          'The model `text-davinci-003` has been deprecated, learn more here: https://platform.openai.com/docs/deprecations',
          'invalid_request_error',
          'model_not_found',
        ),
      },
      ['live-model-not-found', 'model-retired'],
    ],
    [
      'project model allow-list',
      {
        status: 403,
        body: oa(
          'Project `proj_abc` does not have access to model `gpt-4.1`',
          'invalid_request_error',
          'model_not_found',
        ),
      },
      ['live-model-not-found'],
    ],
    [
      'ip allow-list',
      {
        status: 401,
        body: oa(
          'Your IP address is not authorized to make this request.',
          'invalid_request_error',
          'ip_not_authorized',
        ),
      },
      ['live-ip-not-allowed'],
    ],
    ['network error', { networkError: 'getaddrinfo ENOTFOUND api.openai.com' }, ['live-network-error']],
    [
      'azure bad key',
      {
        status: 401,
        azure: true,
        body: {
          error: {
            code: '401',
            message:
              'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
          },
        },
      },
      ['live-azure-auth-failed'],
    ],
    [
      'azure bad key, Unauthorized code',
      {
        status: 401,
        body: {
          error: {
            code: 'Unauthorized',
            message: 'Access denied due to invalid subscription key or wrong API endpoint.',
          },
        },
      },
      ['live-azure-auth-failed'],
    ],
    [
      'azure entra',
      {
        status: 401,
        body: {
          statusCode: 401,
          message:
            'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.',
        },
      },
      ['live-azure-auth-failed'],
    ],
    [
      'azure rbac',
      {
        status: 401,
        body: { error: { code: 'PermissionDenied', message: 'Principal does not have access to API/Operation.' } },
      },
      ['live-azure-auth-failed'],
    ],
    [
      'azure foundry rbac',
      {
        status: 401,
        body: {
          error: {
            code: 'PermissionDenied',
            message:
              'The principal `abc` lacks the required data action `Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action` to perform `POST /openai/deployments/{deployment-id}/chat/completions` operation.',
          },
        },
      },
      ['live-azure-auth-failed'],
    ],
    [
      'azure no key',
      {
        status: 401,
        azure: true,
        body: {
          error: {
            code: '401',
            message:
              'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.',
          },
        },
      },
      ['live-no-auth'],
    ],
    [
      'azure deployment',
      {
        status: 404,
        body: {
          error: {
            code: 'DeploymentNotFound',
            message:
              'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
          },
        },
      },
      ['live-azure-deployment-not-found'],
    ],
    [
      'azure resource not found',
      { status: 404, azure: true, body: { error: { code: '404', message: 'Resource not found' } } },
      ['live-azure-api-version'],
    ],
    [
      'azure api version',
      { status: 400, body: { error: { code: 'BadRequest', message: 'API version not supported' } } },
      ['live-azure-api-version'],
    ],
    [
      'azure missing api-version',
      {
        status: 400,
        body: { error: { code: 'BadRequest', message: 'Missing required query parameter: api-version' } },
      },
      ['live-azure-api-version'],
    ],
    [
      '5xx',
      {
        status: 500,
        headers: { 'x-request-id': 'req_0123' },
        body: oa('The server had an error while processing your request. Sorry about that!', 'server_error', null),
      },
      ['live-unexpected'],
    ],
    ['502 html', { status: 502, body: '<html><body>Bad gateway</body></html>' }, ['live-unexpected']],
    ['unknown 401 from a proxy', { status: 401, body: 'Unauthorized' }, ['live-unexpected']],
    [
      'DeepSeek behind the OpenAI SDK',
      {
        status: 401,
        body: {
          error: {
            message: 'Authentication Fails, Your api key: ****97fe is invalid',
            type: 'authentication_error',
            param: null,
            code: 'invalid_request_error',
          },
        },
      },
      ['live-invalid-key'],
    ],
    [
      'OpenRouter: no credentials',
      { status: 401, body: { error: { message: 'No auth credentials found', code: 401 } } },
      ['live-no-auth'],
    ],
    [
      'Azure rate limit',
      {
        status: 429,
        body: {
          error: {
            code: '429',
            message:
              'Requests to the Embeddings_Create Operation under Azure OpenAI API version 2023-07-01-preview have exceeded call rate limit of your current OpenAI S0 pricing tier. Please retry after 3 seconds.',
          },
        },
      },
      ['live-rate-limited'],
    ],
    [
      'not allowed to sample',
      { status: 403, body: oa('You are not allowed to sample from this model', 'invalid_request_error', null) },
      ['live-model-not-found'],
    ],
    [
      'Cloudflare challenge',
      { status: 403, body: '<!DOCTYPE html><title>Attention Required! | Cloudflare</title>' },
      ['live-unexpected'],
    ],
    [
      'session key endpoint',
      {
        status: 403,
        body: oa(
          'Your request to GET /v1/dashboard/billing/subscription must be made with a session key (that is, it can only be made from the browser). You made it with the following key type: secret.',
          'server_error',
          null,
        ),
      },
      ['live-unexpected'],
    ],
  ];
  for (const [name, answer, want] of cases) it(name, () => expectIds(answer, want));

  it('covers every live id of the contract', () => {
    const covered = new Set(cases.flatMap(([, , w]) => w));
    // live-key-withheld comes from verifyKey's endpoint rule (live/trust.ts), before any answer: tested in trust.test.ts.
    for (const m of liveChecks.map((c) => c.meta).filter((x) => x.id !== 'live-key-withheld'))
      assert.ok(covered.has(m.id), `no case for ${m.id}`);
  });
});

describe('classifyAnswer: details', () => {
  it('live-no-auth explains a stripped header when a credential was sent', () => {
    const body = oa('Missing bearer or basic authentication in header', 'invalid_request_error', null);
    const [f] = classifyAnswer({ status: 401, body, credentialSent: true });
    assert.equal(f?.id, 'live-no-auth');
    assert.match(f?.message ?? '', /proxy or gateway .*removed the Authorization header/);
    assert.equal(f?.data?.stripped, true);
    const [g] = classifyAnswer({ status: 401, body });
    assert.equal(g?.data?.stripped, false);
  });
  it('names missing scopes', () => {
    const [f] = classifyAnswer({
      status: 401,
      body: oa(
        'You have insufficient permissions for this operation. Missing scopes: api.model.read, model.request. Check that you have the correct role.',
        'invalid_request_error',
        null,
      ),
    });
    assert.deepEqual(f?.data?.scopes, ['api.model.read', 'model.request']);
    assert.match(f?.message ?? '', /api\.model\.read, model\.request/);
    assert.equal(f?.data?.adminEndpoint, false);
  });
  it('says admin endpoints need an admin key', () => {
    const [f] = classifyAnswer({ status: 403, body: { error: 'Missing scopes: api.usage.read' } });
    assert.equal(f?.data?.adminEndpoint, true);
    assert.match(f?.message ?? '', /admin key/);
  });
  it('quota is not retryable, rate limit is, with the wait', () => {
    const [q] = classifyAnswer({
      status: 429,
      body: oa(
        'You exceeded your current quota, please check your plan and billing details.',
        'insufficient_quota',
        'insufficient_quota',
      ),
    });
    assert.equal(q?.data?.retryable, false);
    const [r] = classifyAnswer({
      status: 429,
      headers: { 'Retry-After': '20' },
      body: oa('Rate limit reached for requests', 'requests', 'rate_limit_exceeded'),
    });
    assert.equal(r?.data?.retryable, true);
    assert.equal(r?.data?.retryAfter, '20s');
    const [s] = classifyAnswer({
      status: 429,
      body: oa(
        'Rate limit reached for gpt-4o in organization org-abc on tokens per min (TPM): Limit 30000. Please try again in 644ms. Visit',
        'tokens',
        'rate_limit_exceeded',
      ),
    });
    assert.equal(s?.data?.retryAfter, '644ms');
    assert.equal(s?.data?.organization, 'org-abc');
  });
  it('Azure rate limits: wait from the message, daily quota named', () => {
    const [f] = classifyAnswer({
      status: 429,
      body: {
        error: {
          code: '429',
          message:
            'Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-02-01 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 86400 seconds.',
        },
      },
    });
    assert.equal(f?.id, 'live-rate-limited');
    assert.equal(f?.data?.retryAfter, '86400s');
    assert.match(f?.message ?? '', /daily quota/);
  });
  it('a 429 without a body is not guessed', () => {
    const [f] = classifyAnswer({ status: 429 });
    assert.equal(f?.id, 'live-unexpected');
    assert.match(f?.message ?? '', /rate limit .* or exhausted quota/);
    assert.deepEqual(ids({ status: 429, headers: { 'retry-after': '3' } }), ['live-rate-limited']);
  });
  it('quota never reads as rate limit and vice versa', () => {
    assert.deepEqual(
      ids({
        status: 429,
        body: oa('You have no credits remaining.', 'insufficient_quota', 'credit_balance_exhausted'),
      }),
      ['live-quota-exhausted'],
    );
    assert.deepEqual(
      ids({ status: 429, body: oa('Rate limit reached for requests', 'requests', 'rate_limit_exceeded') }),
      ['live-rate-limited'],
    );
  });
  it('live-unexpected carries status, code and request id', () => {
    const [f] = classifyAnswer({
      status: 503,
      headers: { 'X-Request-Id': 'req_abc123' },
      body: oa('The engine is currently overloaded, please try again later.', 'server_error', 'overloaded'),
    });
    assert.equal(f?.id, 'live-unexpected');
    assert.equal(f?.data?.status, 503);
    assert.equal(f?.data?.code, 'overloaded');
    assert.equal(f?.data?.requestId, 'req_abc123');
    assert.match(f?.message ?? '', /req_abc123/);
    assert.equal(f?.severity, 'warning');
  });
  it('a model name is extracted', () => {
    const [f] = classifyAnswer({
      status: 404,
      body: oa(
        'The model `gpt-5-turbo` does not exist or you do not have access to it.',
        'invalid_request_error',
        'model_not_found',
      ),
    });
    assert.equal(f?.data?.model, 'gpt-5-turbo');
  });
  it('DeepSeek: names the provider and the last characters when shown', () => {
    const [a] = classifyAnswer({
      status: 401,
      body: {
        error: { message: 'Authentication Fails, Your api key: ****97fe is invalid', type: 'authentication_error' },
      },
    });
    assert.match(a?.message ?? '', /DeepSeek .*ending in 97fe/);
    const [b] = classifyAnswer({
      status: 401,
      body: { error: { message: 'Authentication Fails, Your api key: **** is invalid', type: 'authentication_error' } },
    });
    assert.doesNotMatch(b?.message ?? '', /ending in/);
    assert.equal(b?.data?.provider, 'deepseek');
  });
  it('live-ok names org and project', () => {
    const [f] = classifyAnswer({
      status: 200,
      headers: { 'openai-organization': 'user-abc', 'openai-project': 'proj_xyz' },
    });
    assert.match(f?.message ?? '', /user-abc.*proj_xyz/);
  });
  it('an unknown success-less body with no status gives nothing', () => {
    assert.deepEqual(classifyAnswer({ body: { ok: true } }), []);
    assert.deepEqual(classifyAnswer({}), []);
  });
  it('every live id is registered in the catalog', () => {
    for (const m of [...liveChecks.map((c) => c.meta), ...extraMeta]) assert.equal(metaFor(m.id)?.title, m.title);
  });
});

describe('key findings revealed by the echo', () => {
  const echo = (k: string) => ({
    status: 401,
    body: oa(`Incorrect API key provided: ${k}.${FIND}`, 'invalid_request_error', 'invalid_api_key'),
  });
  const cases: Array<[string, string, string[]]> = [
    ['undefined', 'undefined', ['key-missing']],
    ['null', 'null', ['key-missing']],
    ['None', 'None', ['key-missing']],
    ['empty', '', ['key-empty']],
    ['Bearer inside', 'Bearer doggo', ['key-bearer-prefix']],
    ['Bearer + masked key', openaiMask(`Bearer ${openaiKey('proj', 'b')}`), ['key-bearer-prefix']],
    ['OpenRouter', openaiMask(foreignKey('openrouter')), ['key-foreign-provider']],
    ['Anthropic', openaiMask(foreignKey('anthropic')), ['key-foreign-provider']],
    ['Groq', openaiMask(foreignKey('groq')), ['key-foreign-provider']],
    ['Google', openaiMask(foreignKey('google')), ['key-foreign-provider']],
    ['Azure hex', openaiMask(foreignKey('azure')), ['key-foreign-provider']],
    ['DeepSeek', openaiMask(foreignKey('deepseek')), ['key-foreign-provider']],
    [
      'URL',
      openaiMask(
        'https://my-resource.openai.azure.com/openai/deployments/gpt4/chat/completions?api-version=2024-02-01',
      ),
      ['key-malformed'],
    ],
    ['placeholder 24', openaiMask('your_openai_api_key_here'), ['key-placeholder']],
    ['placeholder 27', openaiMask('sk-your-openai-api-key-here'), ['key-placeholder']],
    ['placeholder 13', openaiMask('your_key_here'), ['key-placeholder']],
    ['placeholder 14', openaiMask('sk-placeholder'), ['key-placeholder']],
    ['short placeholder echoed whole', 'YOUR_API_KEY', ['key-placeholder']],
    ['sk-1234 (LiteLLM default)', 'sk-1234', ['key-placeholder']],
    ['lm-studio', 'lm-studio', ['key-malformed']],
    ['a two-letter value (Continue "ai")', 'ai', ['key-malformed']],
    ['a short sk- value', 'sk-abc123', ['key-malformed']],
    ['a sentence', openaiMask('You are a helpful assistant. Answer step by step.'), ['key-malformed']],
    ['truncated project key', openaiMask(openaiKey('proj').slice(0, 120)), ['key-malformed']],
    ['good project key', openaiMask(openaiKey('proj')), []],
    ['good legacy key', openaiMask(openaiKey('legacy')), []],
    ['good short project key', openaiMask(openaiKey('proj56')), []],
    ['good svcacct key', openaiMask(openaiKey('svcacct')), []],
  ];
  for (const [name, k, want] of cases) {
    it(name, () => expectIds(echo(k), ['live-invalid-key', ...want]));
  }
  it('never repeats more of the key than OpenAI printed', () => {
    const k = openaiKey('proj', 'leak');
    for (const f of classifyAnswer(echo(openaiMask(k)))) assert.ok(!JSON.stringify(f).includes(k.slice(8, 20)));
  });
});

describe('parseMaskedKey / maskMatches', () => {
  it('reads prefix, suffix and length from an exact mask', () => {
    const k = openaiKey('proj', 'm');
    const m = parseMaskedKey(`Incorrect API key provided: ${openaiMask(k)}.${FIND}`);
    assert.equal(m?.prefix, k.slice(0, 8));
    assert.equal(m?.suffix, k.slice(-4));
    assert.equal(m?.length, k.length);
    assert.equal(m?.literal, undefined);
    assert.ok(maskMatches(m!, k));
    assert.ok(!maskMatches(m!, openaiKey('proj', 'other')));
    assert.ok(!maskMatches(m!, k.slice(0, -5) + k.slice(-4)), 'length must agree');
  });
  it('reads a mask inside a python dict repr and a JSON string', () => {
    const k = openaiKey('legacy', 'py');
    const py = `{'error': {'message': 'Incorrect API key provided: ${openaiMask(k)}. You can find your API key at https://platform.openai.com/account/api-keys.', 'type': 'invalid_request_error'}}`;
    assert.equal(parseMaskedKey(py)?.length, 51);
    const noSuffix = `"message": "Incorrect API key provided: ${openaiMask(k)}", "type"`;
    assert.equal(parseMaskedKey(noSuffix)?.length, 51);
    assert.ok(maskMatches(parseMaskedKey(noSuffix)!, k));
  });
  it('a key ending with a dot keeps it', () => {
    const m = parseMaskedKey(
      'Incorrect API key provided: abc.. You can find your API key at https://platform.openai.com/account/api-keys.',
    );
    assert.equal(m?.literal, 'abc.');
  });
  it('short values are echoed whole', () => {
    const m = parseMaskedKey(`Incorrect API key provided: sk-1234.${FIND}`);
    assert.equal(m?.literal, 'sk-1234');
    assert.ok(maskMatches(m!, 'sk-1234'));
    assert.ok(maskMatches(m!, 'sk-1234\n'), 'trailing whitespace trimmed');
    assert.ok(!maskMatches(m!, 'sk-12345'));
  });
  it('hand-shortened masks give prefix and suffix, no length', () => {
    const k = openaiKey('legacy', 'hand');
    const m = parseMaskedKey(`Incorrect API key provided: ${k.slice(0, 8)}***...${k.slice(-4)}. You can find`);
    assert.equal(m?.length, undefined);
    assert.equal(m?.prefix, k.slice(0, 8));
    assert.equal(m?.suffix, k.slice(-4));
    assert.ok(maskMatches(m!, k));
    const n = parseMaskedKey(`Incorrect API key provided: ${k.slice(0, 5)}***${k.slice(-4)}.`);
    assert.ok(maskMatches(n!, k));
  });
  it('maskMatches accepts a mask string', () => {
    const k = openaiKey('svcacct', 's');
    assert.ok(maskMatches(openaiMask(k), k));
  });
  it('returns undefined without an echo', () => assert.equal(parseMaskedKey('401 Unauthorized'), undefined));
  it('handles very long lines (the regexes are linear)', () => {
    const long = 'Incorrect API key provided: ' + '*'.repeat(200_000) + ' x'.repeat(100_000);
    assert.ok(parseMaskedKey(long));
    assert.deepEqual(parseScopes('Missing scopes: ' + 'a.'.repeat(100_000)), []);
    assert.equal(classifyAnswer({ status: 401, body: long })[0]?.id, 'live-invalid-key');
    assert.equal(errorFields(long).message?.length, long.length);
  });
});

describe('errorFields', () => {
  it('reads every envelope', () => {
    assert.deepEqual(errorFields({ error: { message: 'm', type: 't', param: null, code: 'c' } }), {
      message: 'm',
      type: 't',
      code: 'c',
      param: undefined,
    });
    assert.equal(errorFields({ error: 'bare' }).message, 'bare');
    assert.equal(errorFields({ statusCode: 401, message: 'Unauthorized.' }).code, '401');
    assert.equal(errorFields('{"error":{"message":"x"}}').message, 'x');
    assert.equal(errorFields('plain text').message, 'plain text');
    assert.equal(errorFields({ detail: 'Not authenticated' }).message, 'Not authenticated');
    assert.deepEqual(errorFields(42), {});
  });
});

describe('client-side header errors', () => {
  it('trailing newline → key-whitespace, masked', () => {
    const k = openaiKey('proj', 'nl');
    const out = headerValueFindings(`httpx.LocalProtocolError: Illegal header value b'Bearer ${k}\\n'`);
    assert.deepEqual(
      out.map((f) => f.id),
      ['key-whitespace'],
    );
    assert.match(out[0]?.message ?? '', /line break/);
    assert.ok(!out[0]?.message.includes(k));
  });
  it('empty bearer → key-empty', () => {
    assert.deepEqual(
      headerValueFindings("Illegal header value b'Bearer '").map((f) => f.id),
      ['key-empty'],
    );
  });
  it('requests (v0) wording and CR', () => {
    const k = openaiKey('legacy', 'cr');
    assert.deepEqual(
      headerValueFindings(`ValueError: Invalid header value b'Bearer ${k}\\r'`).map((f) => f.id),
      ['key-whitespace'],
    );
  });
  it('node wording', () => {
    assert.deepEqual(
      headerValueFindings('TypeError [ERR_INVALID_CHAR]: Invalid character in header content ["Authorization"]').map(
        (f) => f.id,
      ),
      ['key-whitespace'],
    );
  });
  it('nothing on clean text', () => assert.deepEqual(headerValueFindings('all good'), []));
  it('echoFindings directly', () =>
    assert.deepEqual(
      echoFindings({ text: 'undefined', prefix: 'undefined', suffix: 'ined', literal: 'undefined', length: 9 }).map(
        (f) => f.id,
      ),
      ['key-missing'],
    ));
});

describe('model-retired from the API answer names the replacement of the lifecycle table', () => {
  const fixOf = (model: string) =>
    classifyAnswer({
      status: 404,
      body: oa(
        `The model \`${model}\` does not exist or you do not have access to it.`,
        'invalid_request_error',
        'model_not_found',
      ),
    }).find((f) => f.id === 'model-retired')?.fix?.summary ?? '';
  it('text-davinci-003: gpt-3.5-turbo-instruct, the replacement OpenAI names', () => {
    assert.match(
      fixOf('text-davinci-003'),
      /^Switch to gpt-3\.5-turbo-instruct, OpenAI's replacement for text-davinci-003\.$/,
    );
  });
  it('gpt-3.5-turbo (shut down 2026-10-23): never a model that is itself shut down or announced', () => {
    const fix = fixOf('gpt-3.5-turbo');
    assert.match(fix, /gpt-4\.1-mini|gpt-5/);
    assert.doesNotMatch(fix, /gpt-4o-mini|gpt-3\.5/);
  });
});

describe('modelOf: the model id in an API message', () => {
  it("keeps the dots of a quoted id and drops a bare one's full stop", async () => {
    const { modelOf } = await import('../../src/live/answer.js');
    assert.equal(modelOf('Project `proj_abc` does not have access to model `gpt-4.1`'), 'gpt-4.1');
    assert.equal(modelOf('The model `gpt-3.5-turbo-0613` has been deprecated'), 'gpt-3.5-turbo-0613');
    assert.equal(modelOf('The model gpt-4o-mini does not exist.'), 'gpt-4o-mini');
    assert.equal(modelOf('unknown model: o3-mini.'), 'o3-mini');
  });
});
