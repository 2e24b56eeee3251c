/**
 * Where a key may go (R12) and what counts as the API's answer. A loopback server that records
 * every request stands in for a repository author's server; nothing here leaves the machine.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { domainOf, transportRefusal, trustRefusal } from '../../src/live/trust.js';
import { verifyKey } from '../../src/live/verify.js';
import { normalizeProxy, proxyFromEnv } from '../../src/live/http.js';
import { runLiveStep } from '../../src/live/step.js';
import { checks as liveChecks } from '../../src/checks/live/index.js';
import { runChecks, runDiagnosis } from '../../src/pipeline/diagnose.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { openaiKey } from '../helpers/keys.js';

const noDns = ((host: string, _o: unknown, cb: (e: NodeJS.ErrnoException | null) => void) =>
  cb(Object.assign(new Error(`no DNS in tests (${host})`), { code: 'ENOTFOUND' }))) as unknown as LookupFunction;

/** A loopback server that records each request's authorization header and answers with `reply`. */
interface Recorder {
  url: string;
  seen: string[];
  reply: { status: number; type: string; body: string | Buffer };
  server: Server;
}
async function recorder(): Promise<Recorder> {
  const r: Recorder = {
    url: '',
    seen: [],
    reply: { status: 200, type: 'application/json', body: '{"object":"list","data":[]}' },
    server: createServer(),
  };
  r.server.on('request', (q, s) => {
    r.seen.push(`${q.method} ${q.url} ${q.headers.authorization ?? ''}`);
    s.writeHead(r.reply.status, { 'content-type': r.reply.type });
    s.end(r.reply.body);
  });
  await new Promise<void>((ok) => r.server.listen(0, '127.0.0.1', ok));
  r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}`;
  return r;
}

const key = openaiKey('proj', 'trust');
let rec: Recorder;
const made: TempProject[] = [];
before(async () => {
  rec = await recorder();
});
after(async () => {
  await new Promise((ok) => rec.server.close(ok));
  for (const p of made) p.cleanup();
});

describe('trust rules', () => {
  it("domains: project-relative files are the project's; the environment, HOME and absolute paths the user's", () => {
    assert.equal(domainOf({ path: '.env', line: 1 }), 'project');
    assert.equal(domainOf({ path: 'src/app.py', line: 3 }), 'project');
    assert.equal(domainOf({ path: '~/.zshrc', line: 3 }), 'user');
    assert.equal(domainOf({ path: '/etc/environment' }), 'user');
    assert.equal(domainOf(undefined), 'user');
  });

  it('transport: http(s) only, and plain http only to loopback', () => {
    assert.equal(transportRefusal('https://api.openai.com/v1'), undefined);
    assert.equal(transportRefusal('http://127.0.0.1:8080/v1'), undefined);
    assert.equal(transportRefusal('http://localhost:1234/v1'), undefined);
    assert.equal(transportRefusal('http://[::1]:1234/v1'), undefined);
    assert.match(transportRefusal('http://192.168.1.5:8000/v1') ?? '', /plain http/);
    assert.match(transportRefusal('http://api.openai.com/v1') ?? '', /plain http/);
    assert.match(transportRefusal('data:application/json,{"data":[]}') ?? '', /data: URL, not http/);
    assert.match(transportRefusal('file:///etc/passwd') ?? '', /not http/);
  });

  it("cross-domain: a user key to a project-named endpoint only when the host is a known provider's", () => {
    const user = { path: '~/.zshrc', line: 1 };
    const proj = { path: '.env', line: 2 };
    assert.match(trustRefusal('http://127.0.0.1:9/v1', { key: user, endpoint: proj }) ?? '', /does not send your key/);
    assert.match(
      trustRefusal('https://evil.example.com/v1', { key: undefined, endpoint: proj }) ?? '',
      /evil\.example\.com is no known provider/,
    );
    assert.match(
      trustRefusal('https://gateway.ai.cloudflare.com/v1/acct/gw/openai', { key: user, endpoint: proj }) ?? '',
      /no known provider/,
      'a gateway URL names its owner',
    );
    assert.equal(trustRefusal('https://api.openai.com/v1', { key: user, endpoint: proj }), undefined);
    assert.equal(trustRefusal('https://myres.openai.azure.com', { key: user, endpoint: proj }), undefined);
    assert.equal(trustRefusal('https://api.groq.com/openai/v1', { key: user, endpoint: proj }), undefined);
    assert.equal(
      trustRefusal('http://127.0.0.1:9/v1', { key: proj, endpoint: proj }),
      undefined,
      "the project's own key to its own endpoint",
    );
    assert.equal(
      trustRefusal('http://127.0.0.1:9/v1', { key: user, endpoint: undefined }),
      undefined,
      'an endpoint the user set',
    );
  });
});

describe('the doctor in a repository that names its own endpoint', () => {
  const pyApp = 'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import OpenAI\nc = OpenAI()\n';

  async function doctor(files: Record<string, string>, env: Record<string, string>) {
    const p = tempProject(files);
    made.push(p);
    const d = await runDiagnosis({
      root: p.root,
      home: p.home,
      env: { PATH: process.env.PATH ?? '', HOME: p.home, ...env },
      offline: true,
    });
    await runLiveStep(d.facts, d.targets, { lookup: noDns, timeoutMs: 3000 });
    return runChecks(d.facts, d.targets, liveChecks).findings;
  }

  it("does not send the user's shell key to a server the repo's .env names; says how to verify explicitly", async () => {
    rec.seen.length = 0;
    const findings = await doctor(
      { '.env': `OPENAI_BASE_URL=${rec.url}/v1\n`, 'app.py': pyApp },
      { OPENAI_API_KEY: key },
    );
    assert.deepEqual(rec.seen, [], 'the server received nothing');
    const w = findings.find((f) => f.id === 'live-key-withheld');
    assert.ok(w, JSON.stringify(findings.map((f) => f.id)));
    assert.match(w.message, /set by this project \(\.env:1\)/);
    assert.equal(w.fix?.command, `keydoctor verify --base-url ${rec.url}/v1`);
    assert.ok(!JSON.stringify(findings).includes(key));
  });

  it("a base URL literal in the repo's code is the project's too", async () => {
    rec.seen.length = 0;
    const code = `from openai import OpenAI\nc = OpenAI(base_url="${rec.url}/v1")\n`;
    const findings = await doctor({ 'app.py': code }, { OPENAI_API_KEY: key });
    assert.deepEqual(rec.seen, []);
    assert.ok(findings.some((f) => f.id === 'live-key-withheld'));
  });

  it("the project's own key to its own endpoint is verified as the app would", async () => {
    rec.seen.length = 0;
    await doctor({ '.env': `OPENAI_API_KEY=${key}\nOPENAI_BASE_URL=${rec.url}/v1\n`, 'app.py': pyApp }, {});
    assert.ok(
      rec.seen.some((l) => l.startsWith('GET /v1/models')),
      rec.seen.join(' | '),
    );
  });

  it('an endpoint the user exported is theirs: the key goes there', async () => {
    rec.seen.length = 0;
    await doctor({ 'app.py': pyApp }, { OPENAI_API_KEY: key, OPENAI_BASE_URL: `${rec.url}/v1` });
    assert.ok(rec.seen.length > 0);
  });
});

describe("only the API's own answer proves a key works", () => {
  const cases: Record<string, { status: number; type: string; body: string }> = {
    'an HTML page': {
      status: 200,
      type: 'text/html',
      body: '<!doctype html><html><body>Welcome to nginx</body></html>',
    },
    'an empty body': { status: 200, type: 'application/json', body: '' },
    'JSON that is not a list': { status: 200, type: 'application/json', body: '{"ok":true}' },
  };
  for (const [name, reply] of Object.entries(cases)) {
    it(`200 with ${name} is live-unexpected, not live-ok`, async () => {
      rec.reply = reply;
      try {
        const r = await verifyKey({ key, baseURL: `${rec.url}/v1`, env: {}, lookup: noDns });
        assert.deepEqual(
          r.findings.map((f) => f.id),
          ['live-unexpected'],
        );
        assert.match(r.findings[0]?.message ?? '', /The key was not checked/);
      } finally {
        rec.reply = { status: 200, type: 'application/json', body: '{"object":"list","data":[]}' };
      }
    });
  }

  it('the real list answer is live-ok', async () => {
    const r = await verifyKey({ key, baseURL: `${rec.url}/v1`, env: {}, lookup: noDns, probes: 'none' });
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['live-ok'],
    );
  });

  it('a data: base URL is never fetched (undici would answer 200 with its content)', async () => {
    const r = await verifyKey({
      key,
      baseURL: 'data:application/json,{"object":"list","data":[]}',
      env: {},
      lookup: noDns,
    });
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['live-key-withheld'],
    );
  });

  it("an answer over the size cap is read no further and is not the API's", async () => {
    rec.reply = {
      status: 200,
      type: 'application/json',
      body: `{"object":"list","data":[${'"x",'.repeat(2_000_000)}"x"]}`,
    };
    try {
      const r = await verifyKey({ key, baseURL: `${rec.url}/v1`, env: {}, lookup: noDns, probes: 'none' });
      assert.deepEqual(
        r.findings.map((f) => f.id),
        ['live-unexpected'],
      );
      assert.match(r.findings[0]?.message ?? '', /more than 4 MB/);
    } finally {
      rec.reply = { status: 200, type: 'application/json', body: '{"object":"list","data":[]}' };
    }
  });
});

describe('proxy values as curl takes them', () => {
  it('host:port and host mean http://; SOCKS and nonsense are explained, never thrown', () => {
    assert.deepEqual(normalizeProxy('127.0.0.1:3128'), { url: 'http://127.0.0.1:3128' });
    assert.deepEqual(normalizeProxy('proxy.corp'), { url: 'http://proxy.corp' });
    assert.deepEqual(normalizeProxy('https://user:pw@proxy.corp:8443'), { url: 'https://user:pw@proxy.corp:8443' });
    assert.match((normalizeProxy('http://127.0.0.1:99999') as { error: string }).error, /not a proxy URL/);
    assert.match((normalizeProxy('socks5://127.0.0.1:1080') as { error: string }).error, /SOCKS/);
    assert.match((normalizeProxy('ftp://x') as { error: string }).error, /ftp/);
    assert.ok(!(normalizeProxy('http://user:secretpw@h:99999') as { error: string }).error.includes('secretpw'));
  });

  it('a request through host:port goes to that proxy', async () => {
    rec.seen.length = 0;
    const port = new URL(rec.url).port;
    // The recorder plays the proxy: an absolute-URI request for the (unresolvable) target arrives there.
    const r = await verifyKey({
      key,
      baseURL: 'http://localhost:8123/v1',
      env: { HTTP_PROXY: `127.0.0.1:${port}`, NO_PROXY: '' },
      probes: 'none',
    });
    assert.ok(
      rec.seen.some((l) => l.startsWith('GET http://localhost:8123/v1/models')),
      rec.seen.join(' | '),
    );
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['live-ok'],
    );
  });

  it('an unusable proxy value is a live-network-error naming it, and nothing is sent', async () => {
    for (const v of ['http://127.0.0.1:99999', 'socks5://127.0.0.1:1080']) {
      const r = await verifyKey({ key, env: { HTTPS_PROXY: v }, lookup: noDns, probes: 'none' });
      assert.deepEqual(
        r.findings.map((f) => f.id),
        ['live-network-error'],
        v,
      );
      assert.ok((r.findings[0]?.message ?? '').includes(v.replace(/^[a-z0-9]+:\/\//, '').split(':')[0] as string));
    }
    assert.ok(proxyFromEnv({ https_proxy: 'http://x:99999' }).invalid);
  });
});
