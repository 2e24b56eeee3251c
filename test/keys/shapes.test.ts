/**
 * The pattern net, filter by filter: what each masks (credentials by position and by shape, in
 * their escaped and encoded forms) and what none may touch (paths, ids, model names, placeholders,
 * keydoctor's own words).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { maskLoose, SecretSet } from '../../src/keys/mask.js';
import { randomLooking } from '../../src/keys/shapes.js';
import { MARK, foreignKey, openaiKey } from '../helpers/keys.js';

const K = openaiKey('proj');
const AZ = foreignKey('azure');
const leaks = (out: string, secret: string, n = 20) => {
  for (let i = 0; i + n <= secret.length; i++) if (out.includes(secret.slice(i, i + n))) return true;
  return false;
};

describe('the pattern net: by position', () => {
  const cases: Array<[string, string, string]> = [
    ['url userinfo', `OPENAI_BASE_URL=https://user:${AZ}@proxy.example.com/v1`, AZ],
    ['url userinfo with a word password', 'https://bob:Tr0ub4dor-and-3@proxy.example.com/v1', 'Tr0ub4dor-and-3'],
    ['proxy without a scheme', 'HTTPS_PROXY=alice:s3cretPassw0rd@10.0.0.1:3128 failed', 's3cretPassw0rd'],
    [
      'credential query parameter',
      'GET https://res.openai.azure.com/openai/models?api-version=2024-10-21&api-key=Zq8xWm2Lp0Rt',
      'Zq8xWm2Lp0Rt',
    ],
    [
      'Azure SAS signature',
      'https://acct.blob.core.windows.net/c/f?sv=2022-11-02&sig=AbCdEf0123456789%2Bxyz',
      'AbCdEf0123456789',
    ],
    ['header without a scheme', 'Authorization: hunter2hunter2hunter2', 'hunter2hunter2hunter2'],
    ['Bearer and a tab', 'Authorization: Bearer\tqwerty1234567890asdf', 'qwerty1234567890asdf'],
    ['Token scheme', 'authorization: Token 0a1b2c3d4e5f6a7b8c9d', '0a1b2c3d4e5f6a7b8c9d'],
    ['Basic scheme', 'Authorization: Basic dXNlcjpwYXNzd29yZDEyMw==', 'dXNlcjpwYXNzd29yZDEyMw=='],
    ['double Bearer', 'Authorization: Bearer Bearer zzzz1111yyyy2222', 'zzzz1111yyyy2222'],
    ['a header in backticks', 'send `Authorization: Bearer qwerty1234567890asdf` there', 'qwerty1234567890asdf'],
    ['api-key header', '{"api-key": "mysecretvalue123"}', 'mysecretvalue123'],
    ['credential variable', 'DB_PASSWORD=Pa55w0rdPa55 and more', 'Pa55w0rdPa55'],
    ['JSON credential field', '{"client_secret": "c1i3nt-s3cr3t-v4lu3"}', 'c1i3nt-s3cr3t-v4lu3'],
    [
      'JWT',
      'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U here',
      'eyJzdWIiOiIxMjM0NTY3ODkwIn0',
    ],
  ];
  for (const [name, text, secret] of cases) {
    it(name, () => {
      const out = maskLoose(text);
      assert.ok(!out.includes(secret), `${name}: ${out}`);
      assert.ok(out.includes('…'), out);
    });
  }
  it('leaves references, placeholders and code alone', () => {
    for (const text of [
      'Authorization: Bearer $OPENAI_API_KEY',
      'Authorization: Bearer <your-key>',
      'send the Authorization header with Bearer and a space',
      'OPENAI_API_KEY=sk-your-key-here',
      'api_key=os.environ["OPENAI_API_KEY"]',
      'OpenAI(api_key=settings.openai_api_key)',
      'apiKey: process.env.OPENAI_API_KEY',
      'https://user:${PASSWORD}@host/x',
      'OPENAI_API_KEY = sk-proj-…abcd from .env:1',
      'https://api.openai.com/v1/models?api-version=2024-10-21',
      'git@github.com:org/repo.git',
      // prose about the header: the scheme in backticks, JavaScript's unset variable
      'x.py:5 sends the key as `Authorization: Bearer` to an Azure OpenAI endpoint',
      'The request carried "Authorization: Bearer undefined": the variable was not set',
    ])
      assert.equal(maskLoose(text), text, text);
  });
});

describe('the pattern net: by shape', () => {
  it('every OpenAI and provider format', () => {
    const keys = [
      openaiKey('proj'),
      openaiKey('legacy'),
      openaiKey('svcacct'),
      openaiKey('admin'),
      openaiKey('named'),
      ...(
        [
          'anthropic',
          'openrouter',
          'groq',
          'google',
          'xai',
          'azure84',
          'deepseek',
          'litellm',
          'huggingface',
          'perplexity',
          'cerebras',
          'nvidia',
          'together',
          'fireworks',
          'vercel-gateway',
        ] as const
      ).map((k) => foreignKey(k)),
    ];
    for (const k of keys) assert.ok(!leaks(maskLoose(`error: ${k} failed`), k, 12), k.slice(0, 8));
  });
  it('32 hex digits (an Azure key), also inside key-<hex>', () => {
    assert.ok(!maskLoose(`is "${AZ}", which`).includes(AZ));
    assert.ok(!maskLoose(`AZURE_OPENAI_API_KEY=key-${AZ}`).includes(AZ));
  });
  it('half a key wrapped across two lines (the half with the marker)', () => {
    const second = K.slice(80);
    assert.ok(!maskLoose(`reads the name of OTHER as "${second}\\nOTHER"`).includes(second.slice(0, 20)));
    const tail = K.slice(K.indexOf(MARK) - 4);
    assert.ok(!leaks(maskLoose(`line 2: ${tail}`), tail));
  });
  it('escaped and encoded keys: \\u002d, \\x2d, %2D, %0A-split, \\/', () => {
    const forms = [
      K.replace(/-/g, '\\u002d'),
      K.replace(/-/g, '\\x2d'),
      K.replace(/-/g, '%2D'),
      `${K.slice(0, 70)}%0A${K.slice(70)}`,
      AZ.replace(/a/g, '%61'),
    ];
    for (const f of forms) {
      const out = maskLoose(`Incorrect API key provided: ${f}.`);
      assert.ok(!leaks(out.replace(/\\u002d|\\x2d|%2D/g, '-'), K) && !out.includes(AZ) && !out.includes(f), out);
    }
  });
  it('base64 of a key, at every alignment, and base64 of a .env file', () => {
    for (const pre of ['', 'x', 'xy']) {
      const b = Buffer.from(pre + K).toString('base64');
      assert.ok(!leaks(maskLoose(`data: ${b}`), b), pre);
    }
    const env = Buffer.from(`OPENAI_API_KEY=${K}\nAZURE_OPENAI_API_KEY=${AZ}\n`).toString('base64');
    assert.ok(!leaks(maskLoose(`secret: ${env}`), env));
    const az = Buffer.from(AZ).toString('base64url');
    assert.ok(!maskLoose(`v=${az} end`).includes(az));
  });
  it('random-looking runs of unknown formats (32+ characters)', () => {
    const mistral = 'Qw3rTy7UiOp2AsDf5GhJkL9ZxCvBn1Mq';
    assert.ok(!maskLoose(`key ${mistral} rejected`).includes(mistral));
  });
  it('never touches paths, ids, model names, UUIDs, request ids or its own words', () => {
    for (const text of [
      'my_platform/main.py loads my_platform/.env',
      'src/components/ChatPanel/MessageListItem2.tsx:14',
      'node_modules/openai/resources/chat/completions.js',
      'model Qwen2-VL-72B-Instruct-GPTQ-Int4-AWQ-v2 and meta-llama/Llama-3.3-70B-Instruct-Turbo-Free',
      'gpt-4o-mini-2024-07-18 and text-embedding-3-large',
      'request id req_1dd2b7c7e6adf0786fc08d648aaccc91',
      'apim-request-id 2c1c8217-57c8-420f-a99a-91039fa92838',
      `has no ${MARK} marker, so it is not a whole OpenAI project key`,
      'https://github.com/keydoctor/keydoctor/blob/main/docs/findings.md#key-placeholder',
      'python:my_platform/main.py compose:my_platform node:start',
      'NEXT_PUBLIC_OPENAI_API_KEY_FOR_THE_BROWSER getOpenAIClientFromEnvironmentVariables',
      'AzureOpenAIEmbeddingsWithRetry2FromConfig ChatCompletionCreateParamsNonStreaming',
      'sk-your-openai-api-key-goes-here and sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'risk-management-framework-guidelines-2024',
      'commit 1a2b3c4d5e6f',
      'fatal: unable to read d58d5dda3f9e1b2c4a6f8e0d1c3b5a7f9e2d4c6f',
      'introduced in commit 1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b by Jane',
      `FROM python:3.12@sha256:${'0f9e'.repeat(16)}`,
    ])
      assert.equal(maskLoose(text), text, text);
    // The same 40 hex digits anywhere else may be a token.
    assert.ok(!maskLoose('GITHUB_TOKEN is d58d5dda3f9e1b2c4a6f8e0d1c3b5a7f9e2d4c6f').includes('d58d5dda3f9e1b2c4a6f'));
  });
  it('random-looking: keys in, identifiers out', () => {
    assert.ok(randomLooking('Qw3rTy7UiOp2AsDf5GhJkL9ZxCvBn1Mq'));
    assert.ok(!randomLooking('getOpenAIClientFromEnvironmentVariables'));
    assert.ok(!randomLooking('text-embedding-3-large-2024-01-25-preview'));
  });
  it('is linear: megabyte runs of sk-, of hex and of prose are handled in one pass', () => {
    const run = 'sk-'.repeat(700_000);
    assert.ok(maskLoose(run).length < 100); // longer than any key, and holds an anchor: masked whole
    const hex = Array.from({ length: 40_000 }, (_, i) => openaiKey('legacy', `lin${i}`).slice(3, 11)).join('');
    const long = `x ${Buffer.from(hex).toString('hex')} y`;
    assert.ok(maskLoose(long).length < 100);
    const words = `${'the folder my_platform/main.py holds '.repeat(50_000)}`;
    assert.equal(maskLoose(words), words);
  });
});

describe('registered values', () => {
  it('a value known only by its variable name is masked as a whole word, not inside words or paths', () => {
    const s = new SecretSet();
    s.add('my_platform');
    assert.equal(s.maskText('DATABASE_PASSWORD=my_platform'), 'DATABASE_PASSWORD=m…');
    assert.equal(s.maskText('the_my_platform_x'), 'the_my_platform_x');
    assert.equal(s.maskText('my_platform/main.py', { path: true }), 'my_platform/main.py');
  });
  it('a key is masked everywhere, inside paths too', () => {
    const s = new SecretSet();
    s.add(K);
    assert.ok(!s.maskText(`keys/${K}.txt`, { path: true }).includes(K));
    assert.ok(!s.maskText(`x${K}y`).includes(K));
  });
  it('paths, URLs, numbers and placeholders under credential names are not registered', () => {
    const s = new SecretSet();
    for (const v of [
      '/home/me/creds.json',
      './secrets/key.pem',
      'https://vault.example.com:8200/v1',
      '12345678',
      'changeme',
      '${OTHER_KEY}',
      '<your-key-here>',
    ])
      s.add(v);
    assert.equal(s.size, 0);
  });
  it('a URL with a password registers the password, not the URL', () => {
    const s = new SecretSet();
    s.add('postgres://app:S3cr3tPassw0rd@db.internal:5432/app');
    assert.equal(s.maskText('the password S3cr3tPassw0rd was used'), 'the password S3c…rd was used');
    assert.equal(s.maskText('db.internal:5432/app'), 'db.internal:5432/app');
  });
  it('a placeholder with a key inside it is a key (R13: <hex> in brackets)', () => {
    const s = new SecretSet();
    s.add(`<${AZ}>`);
    assert.ok(!s.maskText(`value <${AZ}>`).includes(AZ));
  });
  it('10,000 keys: every one masked, in one pass per string', () => {
    const s = new SecretSet();
    const keys = Array.from({ length: 10_000 }, (_, i) => openaiKey('proj', `many${i}`));
    for (const k of keys) s.add(k, true);
    const text = keys.filter((_, i) => i % 97 === 0).join(' | ');
    const out = s.maskText(text);
    for (const k of keys.filter((_, i) => i % 97 === 0)) assert.ok(!out.includes(k));
  });
});
