import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { explainText, explainError, extractErrors } from '../../src/explain/index.js';
import { exitCode } from '../../src/report/report.js';
import { processEnvCollector } from '../../src/collect/process-env.js';
import { CORPUS, NOTHING } from './corpus.js';
import { openaiKey, openaiMask, foreignKey } from '../helpers/keys.js';
import { tempProject } from '../helpers/project.js';

const FIND = 'You can find your API key at https://platform.openai.com/account/api-keys.';
const uniq = (xs: string[]) => [...new Set(xs)].sort();

describe('explain corpus: real-shaped error texts', () => {
  it(`has at least 60 texts (${CORPUS.length})`, () => assert.ok(CORPUS.length >= 60));
  for (const c of CORPUS) {
    it(c.name, async () => {
      const r = await explainText(c.text, { local: false });
      assert.deepEqual(
        uniq(r.findings.map((f) => f.id)),
        uniq(c.ids),
        JSON.stringify(
          r.findings.map((f) => [f.id, f.message]),
          null,
          1,
        ),
      );
      const hasError = r.findings.some((f) => f.severity === 'error');
      assert.equal(exitCode(r), hasError ? 1 : 0);
      for (const f of r.findings) {
        assert.ok(f.message.length > 20, `${f.id} has a message`);
        assert.ok(f.fix?.summary, `${f.id} says what to do`);
      }
    });
  }
});

describe('explain corpus: the same texts with Windows line ends and terminal colours', () => {
  it('gives the same ids', async () => {
    for (const c of CORPUS) {
      const crlf = c.text.replace(/\n/g, '\r\n');
      const coloured = c.text.replace(/^(.*(?:Error|Exception|error).*)$/m, '\u001b[31m$1\u001b[0m');
      for (const variant of [crlf, coloured]) {
        const r = await explainText(variant, { local: false });
        assert.deepEqual(
          uniq(r.findings.map((f) => f.id)),
          uniq(c.ids),
          `${c.name}: ${JSON.stringify(variant.slice(0, 120))}`,
        );
      }
    }
  });
});

describe('explain: texts without an auth error', () => {
  for (const c of NOTHING) {
    it(`nothing in: ${c.name}`, async () => {
      const r = await explainText(c.text, { local: false });
      assert.deepEqual(
        r.findings.map((f) => [f.id, f.message]),
        [],
      );
      assert.equal(exitCode(r), 0);
      assert.match(r.notes.map((n) => n.message).join('\n'), /No OpenAI \/ Azure OpenAI auth error found/);
    });
  }
});

describe('explain: details', () => {
  it('reports repeats once and counts them', async () => {
    const c = CORPUS.find((x) => x.name === 'several errors, repeats once');
    const r = await explainText(c?.text ?? '', { local: false });
    const inv = r.findings.filter((f) => f.id === 'live-invalid-key');
    assert.equal(inv.length, 1);
    assert.equal(inv[0]?.data?.occurrences, 2);
    assert.equal(typeof inv[0]?.data?.inputLine, 'number');
  });
  it('keeps two different rejected keys apart', async () => {
    const a = openaiMask(openaiKey('proj', 'one'));
    const b = openaiMask(openaiKey('proj', 'two'));
    const text = `Error: 401 Incorrect API key provided: ${a}. ${FIND}\nsome noise\nError: 401 Incorrect API key provided: ${b}. ${FIND}\n`;
    const r = await explainText(text, { local: false });
    assert.equal(r.findings.filter((f) => f.id === 'live-invalid-key').length, 2);
  });
  it('finds the error at the right line among noise', () => {
    const noise = Array.from({ length: 50 }, (_, i) => `2026-01-01 INFO request ${i} ok`).join('\n');
    const text = `${noise}\nopenai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided: sk-1234. ${FIND}', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}\n${noise}\n`;
    const [e] = extractErrors(text);
    assert.equal(e?.line, 51);
    assert.equal(e?.answer?.status, 401);
    assert.equal(e?.mask?.literal, 'sk-1234');
  });
  it('reads status, code and request id out of the text', () => {
    const c = CORPUS.find((x) => x.name === 'curl invalid key with headers');
    const [e] = extractErrors(c?.text ?? '');
    assert.equal(e?.answer?.status, 401);
    assert.equal(e?.answer?.headers?.['x-request-id'], 'req_4f1c2b0a9e8d7c6b5a4f3e2d1c0b9a88');
    const codex = extractErrors(CORPUS.find((x) => x.name === 'Codex missing bearer')?.text ?? '');
    assert.equal(codex[0]?.answer?.headers?.['x-request-id'], 'req_5da8e9df50dd47cb95f81eb2d9e80b13');
  });
  it('names missing scopes from a wrapped terminal line', async () => {
    const r = await explainText(CORPUS.find((x) => x.name === 'Codex missing scopes (terminal-wrapped)')?.text ?? '', {
      local: false,
    });
    assert.deepEqual(r.findings[0]?.data?.scopes, ['api.responses.write']);
  });
  it('never prints a key that was pasted whole', async () => {
    const key = openaiKey('proj', 'pasted');
    const text = `h11._util.LocalProtocolError: Illegal header value b'Bearer ${key}\\n'\n  headers: { Authorization: 'Bearer ${key}' }\n`;
    const r = await explainText(text, { local: false });
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['key-whitespace'],
    );
    assert.ok(!JSON.stringify(r).includes(key));
    assert.ok(!JSON.stringify(r).includes(key.slice(10, 40)));
  });
  it('a quota error is an error (exit 1); a rate limit is a warning (exit 0)', async () => {
    const quota = await explainText(CORPUS.find((x) => x.name === 'python v1 quota')?.text ?? '', { local: false });
    assert.equal(exitCode(quota), 1);
    const rate = await explainText(CORPUS.find((x) => x.name === 'rate limit TPM')?.text ?? '', { local: false });
    assert.equal(exitCode(rate), 0);
    assert.equal(rate.findings[0]?.data?.retryable, true);
  });
  it('handles one huge line full of errors (work per error is bounded)', async () => {
    const one = (i: number) =>
      `{'error': {'message': 'Incorrect API key provided: sk-1234. ${FIND}', 'type': 'invalid_request_error', 'code': 'invalid_api_key'}, 'n': ${i}} `;
    const r = await explainText(Array.from({ length: 40_000 }, (_, i) => one(i)).join(''), { local: false });
    const inv = r.findings.filter((f) => f.id === 'live-invalid-key');
    assert.equal(inv.length, 1);
    assert.ok(Number(inv[0]?.data?.occurrences) > 1);
    assert.ok(
      r.notes.some((n) => n.kind === 'limit'),
      'says the input was cut off',
    );
  });
  it('handles a long line without a newline quickly enough to finish (linear regexes)', async () => {
    const line =
      'x'.repeat(2_000_000) +
      ` Incorrect API key provided: ${'*'.repeat(100_000)} {{{{ ` +
      '"message": "'.repeat(10_000);
    const r = await explainText(line, { local: false });
    assert.ok(r.findings.some((f) => f.id === 'live-invalid-key'));
  });
});

describe('explainError: SDK error objects', () => {
  it('openai v6 APIError shape', async () => {
    const mask = openaiMask(openaiKey('proj', 'obj'));
    const err = Object.assign(new Error(`401 Incorrect API key provided: ${mask}. ${FIND}`), {
      name: 'AuthenticationError',
      status: 401,
      headers: new Headers({ 'x-request-id': 'req_abc' }),
      error: {
        message: `Incorrect API key provided: ${mask}. ${FIND}`,
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
      code: 'invalid_api_key',
      type: 'invalid_request_error',
      requestID: 'req_abc',
    });
    const r = await explainError(err, { local: false });
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['live-invalid-key'],
    );
    assert.equal(r.findings[0]?.data?.requestId, 'req_abc');
    assert.equal(r.command, 'explain');
  });
  it('the v6 "no body" error of an Azure resource', async () => {
    const err = Object.assign(new Error('401 status code (no body)'), {
      status: 401,
      headers: { 'apim-request-id': 'x' },
      error: undefined,
    });
    const r = await explainError(err, { local: false });
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['live-azure-auth-failed'],
    );
  });
  it('a plain object with status and a JSON string body', async () => {
    const r = await explainError(
      {
        status: 429,
        body: JSON.stringify({
          error: {
            message: 'You exceeded your current quota, please check your plan and billing details.',
            type: 'insufficient_quota',
            code: 'insufficient_quota',
          },
        }),
      },
      { local: false },
    );
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['live-quota-exhausted'],
    );
  });
  it('an axios-style error (response.status, response.data)', async () => {
    const r = await explainError(
      {
        message: 'Request failed with status code 401',
        response: {
          status: 401,
          data: {
            error: {
              message: 'Incorrect API key provided: undefined. ' + FIND,
              type: 'invalid_request_error',
              code: 'invalid_api_key',
            },
          },
        },
      },
      { local: false },
    );
    assert.deepEqual(uniq(r.findings.map((f) => f.id)), ['key-missing', 'live-invalid-key']);
  });
  it('a missing-credentials error thrown by the constructor', async () => {
    const r = await explainError(
      new Error('Missing credentials. Please pass an `apiKey`, or set the `OPENAI_API_KEY` environment variable.'),
      { local: false },
    );
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['key-missing'],
    );
  });
  it('a connection error whose cause is a bad header', async () => {
    const cause = new TypeError('Invalid character in header content ["Authorization"]');
    const err = Object.assign(new Error('Connection error.', { cause }), { name: 'APIConnectionError' });
    const r = await explainError(err, { local: false });
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['key-whitespace'],
    );
  });
  it('a connection error with a refused connection → live-network-error, not a key problem', async () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4000'), { code: 'ECONNREFUSED' });
    const err = Object.assign(new Error('Connection error.', { cause: new TypeError('fetch failed', { cause }) }), {
      name: 'APIConnectionError',
    });
    const r = await explainError(err, { local: false });
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['live-network-error'],
    );
    assert.equal(r.findings[0]?.data?.cause, 'refused');
  });
  it('an unrelated error gives nothing', async () => {
    const r = await explainError(new RangeError('Invalid array length'), { local: false });
    assert.deepEqual(r.findings, []);
    assert.equal(exitCode(r), 0);
  });
});

describe('explain: local match (end to end with the real collectors)', () => {
  const stale = openaiKey('proj', 'stale-in-profile');
  const fresh = openaiKey('proj', 'fresh-in-dotenv');
  const failing = `openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided: ${openaiMask(stale)}. ${FIND}', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}\n`;

  it('stale key exported in ~/.bashrc, newer key in .env → names the profile line, key-shadowed', async () => {
    const p = tempProject(
      {
        '.env': `OPENAI_API_KEY=${fresh}\n`,
        '.gitignore': '.env\n',
        'app.py': 'from openai import OpenAI\nclient = OpenAI()\n',
      },
      { '.bashrc': `# old setup\nexport PATH="$HOME/bin:$PATH"\nexport OPENAI_API_KEY="${stale}"\n` },
    );
    try {
      const old = new Date(Date.now() - 90 * 86400_000);
      utimesSync(join(p.home, '.bashrc'), old, old);
      const r = await explainText(failing, {
        root: p.root,
        home: p.home,
        env: { HOME: p.home, PATH: '/usr/bin', OPENAI_API_KEY: stale },
      });
      const ids = uniq(r.findings.map((f) => f.id));
      assert.deepEqual(ids, ['key-shadowed', 'live-invalid-key']);
      const shadow = r.findings.find((f) => f.id === 'key-shadowed');
      assert.match(shadow?.location?.path ?? '', /\.bashrc$/);
      assert.equal(shadow?.location?.line, 3);
      assert.match(shadow?.message ?? '', /\.bashrc:3/);
      assert.match(JSON.stringify(shadow?.related), /\.env/);
      const inv = r.findings.find((f) => f.id === 'live-invalid-key');
      assert.match(inv?.message ?? '', /\.bashrc:3/);
      const json = JSON.stringify(r);
      assert.ok(!json.includes(stale) && !json.includes(fresh), 'no key printed in full');
    } finally {
      p.cleanup();
    }
  });

  it('the same with only the process environment and a .env (no shell file)', async () => {
    const p = tempProject({ '.env': `OPENAI_API_KEY=${fresh}\n` });
    try {
      const r = await explainText(failing, {
        root: p.root,
        home: p.home,
        env: { HOME: p.home, OPENAI_API_KEY: stale },
      });
      assert.deepEqual(uniq(r.findings.map((f) => f.id)), ['key-shadowed', 'live-invalid-key']);
      assert.match(r.findings.find((f) => f.id === 'key-shadowed')?.message ?? '', /environment keydoctor runs in/);
    } finally {
      p.cleanup();
    }
  });

  it('the .env key itself is rejected and nothing else holds another: says where it is, no shadowing', async () => {
    const p = tempProject({ '.env': `OPENAI_API_KEY=${stale}\n` });
    try {
      const r = await explainText(failing, { root: p.root, home: p.home, env: { HOME: p.home } });
      assert.deepEqual(
        r.findings.map((f) => f.id),
        ['live-invalid-key'],
      );
      assert.match(r.findings[0]?.message ?? '', /\.env:1/);
      assert.equal(r.findings[0]?.location?.path, '.env');
    } finally {
      p.cleanup();
    }
  });

  it('the rejected key is the .env one while the environment holds another → key-conflict naming both', async () => {
    const p = tempProject({ '.env': `OPENAI_API_KEY=${stale}\n` });
    try {
      const r = await explainText(failing, {
        root: p.root,
        home: p.home,
        env: { HOME: p.home, OPENAI_API_KEY: openaiKey('legacy', 'third') },
      });
      assert.deepEqual(uniq(r.findings.map((f) => f.id)), ['key-conflict', 'live-invalid-key']);
      const c = r.findings.find((f) => f.id === 'key-conflict');
      assert.equal(c?.location?.path, '.env');
      assert.match(c?.message ?? '', /\.env:1/);
      assert.match(c?.message ?? '', /environment keydoctor runs in/);
    } finally {
      p.cleanup();
    }
  });

  it('the stale key sits in an older .env file while a newer one holds another → key-shadowed', async () => {
    const p = tempProject({ 'config/.env': `OPENAI_API_KEY=${stale}\n`, '.env': `OPENAI_API_KEY=${fresh}\n` });
    try {
      const old = new Date(Date.now() - 90 * 86400_000);
      utimesSync(join(p.root, 'config/.env'), old, old);
      const r = await explainText(failing, { root: p.root, home: p.home, env: { HOME: p.home } });
      assert.deepEqual(uniq(r.findings.map((f) => f.id)), ['key-shadowed', 'live-invalid-key']);
      const sh = r.findings.find((f) => f.id === 'key-shadowed');
      assert.match(sh?.message ?? '', /config\/\.env:1/);
      assert.match(sh?.message ?? '', /edited more recently/);
    } finally {
      p.cleanup();
    }
  });

  it('no local value matches → key-source-unknown says where to look', async () => {
    const p = tempProject({ '.env': `OPENAI_API_KEY=${fresh}\n` });
    try {
      const r = await explainText(failing, { root: p.root, home: p.home, env: { HOME: p.home } });
      assert.deepEqual(uniq(r.findings.map((f) => f.id)), ['key-source-unknown', 'live-invalid-key']);
      const f = r.findings.find((x) => x.id === 'key-source-unknown');
      assert.match(f?.message ?? '', /launch\.json/);
      assert.match(f?.message ?? '', /docker inspect/);
      assert.match(f?.message ?? '', /\.env:1/);
    } finally {
      p.cleanup();
    }
  });

  it('a short placeholder echoed whole is traced to its file', async () => {
    const p = tempProject({ '.env': 'OPENAI_API_KEY=sk-1234\n' });
    try {
      const r = await explainText(
        `litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided: sk-1234. ${FIND}\n`,
        { root: p.root, home: p.home, env: { HOME: p.home } },
      );
      const inv = r.findings.find((f) => f.id === 'live-invalid-key');
      assert.match(inv?.message ?? '', /\.env:1/);
      assert.ok(!r.findings.some((f) => f.id === 'key-source-unknown'));
      const ph = r.findings.find((f) => f.id === 'key-placeholder');
      assert.equal(ph?.location?.path, '.env');
      assert.match(ph?.message ?? '', /comes from \.env:1/);
    } finally {
      p.cleanup();
    }
  });

  it('key-missing says whether a local source defines the key', async () => {
    const p = tempProject({ '.env': `OPENAI_API_KEY=${fresh}\n` });
    try {
      const r = await explainText(
        'openai.OpenAIError: The api_key client option must be set either by passing api_key to the client or by setting the OPENAI_API_KEY environment variable\n',
        { root: p.root, home: p.home, env: { HOME: p.home } },
      );
      assert.match(r.findings[0]?.message ?? '', /\.env:1 defines OPENAI_API_KEY/);
    } finally {
      p.cleanup();
    }
  });

  it('never touches the network (fetch is not called, no socket opened)', async () => {
    const p = tempProject({ '.env': `OPENAI_API_KEY=${fresh}\n` });
    const realFetch = globalThis.fetch;
    let calls = 0;
    globalThis.fetch = (async () => {
      calls++;
      throw new Error('explain must stay offline');
    }) as typeof fetch;
    const net = await import('node:net');
    const realConnect = net.Socket.prototype.connect;
    net.Socket.prototype.connect = function (this: unknown, ...args: unknown[]) {
      calls++;
      return (realConnect as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof realConnect;
    try {
      await explainText(failing, { root: p.root, home: p.home, env: { HOME: p.home, OPENAI_API_KEY: stale } });
      await explainError(
        {
          status: 401,
          error: { message: `Incorrect API key provided: ${openaiMask(stale)}. ${FIND}`, code: 'invalid_api_key' },
        },
        { root: p.root, home: p.home, env: { HOME: p.home } },
      );
      assert.equal(calls, 0);
    } finally {
      globalThis.fetch = realFetch;
      net.Socket.prototype.connect = realConnect;
      p.cleanup();
    }
  });

  it('works with an injected collector set (process environment only)', async () => {
    const key = foreignKey('openrouter', 'env-only');
    const text = `Error: 401 Incorrect API key provided: ${openaiMask(key)}. ${FIND}\n`;
    const r = await explainText(text, {
      root: '/nonexistent-kd',
      env: { OPENROUTER_API_KEY: key },
      collectors: [processEnvCollector],
    });
    const inv = r.findings.find((f) => f.id === 'live-invalid-key');
    assert.match(inv?.message ?? '', /OPENROUTER_API_KEY/);
    assert.ok(r.findings.some((f) => f.id === 'key-foreign-provider'));
  });
});
