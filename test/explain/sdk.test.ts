/**
 * explainError with the real error objects of the official `openai` Node SDK, from answers served
 * on 127.0.0.1 (the same bodies api.openai.com / Azure send).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI, { AzureOpenAI } from 'openai';
import { explainError } from '../../src/explain/index.js';
import { exitCode } from '../../src/report/report.js';
import { openaiKey, openaiMask } from '../helpers/keys.js';

const FIND = 'You can find your API key at https://platform.openai.com/account/api-keys.';
const mask = openaiMask(openaiKey('proj', 'sdk'));

const ANSWERS: Record<string, { status: number; body: unknown; headers?: Record<string, string> }> = {
  '/invalid/models': {
    status: 401,
    body: {
      error: {
        message: `Incorrect API key provided: ${mask}. ${FIND}`,
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    },
    headers: { 'x-request-id': 'req_sdk401' },
  },
  '/quota/models': {
    status: 429,
    body: {
      error: {
        message: 'You exceeded your current quota, please check your plan and billing details.',
        type: 'insufficient_quota',
        param: null,
        code: 'insufficient_quota',
      },
    },
    headers: { 'x-should-retry': 'false' },
  },
  '/scope/models': {
    status: 401,
    body: {
      error: {
        message:
          'You have insufficient permissions for this operation. Missing scopes: api.model.read. Check that you have the correct role in your organization.',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    },
  },
  '/region/models': {
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
  '/noauth/models': {
    status: 401,
    body: {
      error: {
        message: 'Missing bearer or basic authentication in header',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    },
  },
};

let server: Server;
let base = '';

before(async () => {
  server = createServer((req, res) => {
    const url = (req.url ?? '').split('?')[0] ?? '';
    if (url.includes('/openai/deployments/')) {
      res.writeHead(404, { 'content-type': 'application/json', 'apim-request-id': 'apim-1' });
      res.end(
        JSON.stringify({
          error: {
            code: 'DeploymentNotFound',
            message:
              'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
          },
        }),
      );
      return;
    }
    const a = ANSWERS[url];
    res.writeHead(a?.status ?? 500, { 'content-type': 'application/json', ...(a?.headers ?? {}) });
    res.end(JSON.stringify(a?.body ?? { error: { message: 'no such route', type: 'server_error' } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

async function thrown(f: () => Promise<unknown>): Promise<unknown> {
  try {
    await f();
  } catch (e) {
    return e;
  }
  throw new Error('expected the SDK to throw');
}

const client = (path: string) =>
  new OpenAI({ apiKey: openaiKey('proj', 'sdk-client'), baseURL: `${base}/${path}`, maxRetries: 0 });

describe('explainError with openai SDK errors', () => {
  const cases: Array<[string, string[]]> = [
    ['invalid', ['live-invalid-key']],
    ['quota', ['live-quota-exhausted']],
    ['scope', ['live-missing-scope']],
    ['region', ['live-region-unsupported']],
    ['noauth', ['live-no-auth']],
  ];
  for (const [path, ids] of cases) {
    it(`${path}: ${ids.join(', ')}`, async () => {
      const err = await thrown(() => client(path).models.list());
      const r = await explainError(err, { local: false });
      assert.deepEqual(
        r.findings.map((f) => f.id),
        ids,
      );
      assert.equal(exitCode(r), 1);
    });
  }
  it('keeps the request id and the echoed key', async () => {
    const err = await thrown(() => client('invalid').models.list());
    const r = await explainError(err, { local: false });
    assert.equal(r.findings[0]?.data?.requestId, 'req_sdk401');
    assert.deepEqual(r.findings[0]?.data?.maskedKey, {
      prefix: mask.slice(0, 8),
      suffix: mask.slice(-4),
      length: mask.length,
    });
  });
  it('AzureOpenAI: DeploymentNotFound', async () => {
    const az = new AzureOpenAI({
      apiKey: 'a'.repeat(32),
      endpoint: base,
      apiVersion: '2024-10-21',
      deployment: 'gpt-4o',
      maxRetries: 0,
    });
    const err = await thrown(() =>
      az.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
    );
    const r = await explainError(err, { local: false });
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['live-azure-deployment-not-found'],
    );
  });
  it('the constructor error when no key is set', async () => {
    const saved = { key: process.env.OPENAI_API_KEY, admin: process.env.OPENAI_ADMIN_KEY };
    delete process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_ADMIN_KEY;
    let err: unknown;
    try {
      err = await thrown(async () => new OpenAI({ apiKey: undefined as unknown as string }));
    } finally {
      if (saved.key !== undefined) process.env.OPENAI_API_KEY = saved.key;
      if (saved.admin !== undefined) process.env.OPENAI_ADMIN_KEY = saved.admin;
    }
    const r = await explainError(err, { local: false });
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['key-missing'],
    );
  });
});
