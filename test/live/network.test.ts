/**
 * Network failures are never a bad key: refused port, hang-up, timeout, TLS against a plain-http
 * server, injected DNS failure, proxy 407. Proxies from the environment (upper and lower case,
 * NO_PROXY), and a header-stripping proxy → live-no-auth.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { verifyKey } from '../../src/live/verify.js';
import { proxyFor, proxyFromEnv, redactProxy } from '../../src/live/http.js';
import type { LiveResult } from '../../src/live/types.js';
import { K, worldConfig } from '../emulator/world.js';

let emu: Emulator;
let slow: Emulator;
let hang: Emulator;
const servers: Server[] = [];
const seen: Array<{ url: string; auth: boolean }> = [];

/** A loopback forward proxy (absolute-URI requests); optionally strips Authorization or demands credentials. */
async function proxy(opts: { strip?: boolean; require?: string }): Promise<string> {
  const s = createServer((req, res) => {
    if (
      opts.require &&
      req.headers['proxy-authorization'] !== `Basic ${Buffer.from(opts.require).toString('base64')}`
    ) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="corp"', 'content-type': 'text/html' });
      res.end('<html><body>407 Proxy Authentication Required</body></html>');
      return;
    }
    const target = new URL(req.url ?? '/');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    if (opts.strip) delete headers.authorization;
    seen.push({ url: target.href, auth: headers.authorization !== undefined });
    const up = request(target, { method: req.method, headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  servers.push(s);
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}

before(async () => {
  emu = await startEmulator(worldConfig());
  slow = await startEmulator({ ...worldConfig(), faults: [{ path: '/v1/models', delay_ms: 3000 }] });
  hang = await startEmulator({ ...worldConfig(), faults: [{ path: '/v1/models', hang_up: true }] });
});
after(async () => {
  await emu.close();
  await slow.close();
  await hang.close();
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((ok) => s.close(() => ok()));
  }
});

function network(r: LiveResult, reason: string) {
  assert.deepEqual(
    r.findings.map((f) => f.id),
    ['live-network-error'],
    JSON.stringify(r.findings),
  );
  const f = r.findings[0];
  assert.equal((f?.data as { reason: string }).reason, reason, f?.message);
  assert.equal(r.status, undefined);
  assert.ok(!JSON.stringify(r).includes(K.good), 'no key in the result');
  return f;
}

describe('verifyKey: network failures', () => {
  it('connection refused', async () => {
    const port = await closedPort();
    const f = network(await verifyKey({ key: K.good, baseURL: `http://127.0.0.1:${port}/v1`, env: {} }), 'refused');
    assert.match(f?.message ?? '', /refused the connection/);
  });

  it('the server hangs up without answering', async () => {
    const f = network(await verifyKey({ key: K.good, baseURL: `${hang.url}/v1`, env: {} }), 'reset');
    assert.match(f?.message ?? '', /closed the connection without answering/);
  });

  it('no answer within the timeout', async () => {
    const f = network(await verifyKey({ key: K.good, baseURL: `${slow.url}/v1`, env: {}, timeoutMs: 200 }), 'timeout');
    assert.match(f?.message ?? '', /within 200 ms/);
  });

  it('TLS: an https URL to a plain-http server', async () => {
    const f = network(
      await verifyKey({ key: K.good, baseURL: `${emu.url.replace('http:', 'https:')}/v1`, env: {} }),
      'tls',
    );
    assert.match(f?.message ?? '', /does not speak https/);
  });

  it('DNS failure through an injected lookup (no real query)', async () => {
    let asked = '';
    const lookup = ((hostname: string, _opts: unknown, cb: (e: NodeJS.ErrnoException | null) => void) => {
      asked = hostname;
      cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname }));
    }) as unknown as LookupFunction;
    const f = network(
      await verifyKey({ key: K.good, baseURL: 'https://api.openai.invalid/v1', env: {}, lookup }),
      'dns',
    );
    assert.equal(asked, 'api.openai.invalid');
    assert.match(f?.message ?? '', /could not be resolved/);
  });

  it('a proxy that wants credentials: 407 → live-network-error (reason proxy), never a bad key', async () => {
    const p = await proxy({ require: 'alice:s3cret-pw' });
    const r = await verifyKey({ key: K.good, baseURL: `${emu.url}/v1`, env: { HTTP_PROXY: p } });
    const f = network(r, 'proxy');
    assert.match(f?.message ?? '', /407 Proxy Authentication Required/);
    assert.equal(r.proxy, p);
  });

  it('the same proxy with credentials in http_proxy (lower case) lets the request through; the password is never shown', async () => {
    const p = await proxy({ require: 'alice:s3cret-pw' });
    const r = await verifyKey({
      key: K.good,
      baseURL: `${emu.url}/v1`,
      env: { http_proxy: p.replace('http://', 'http://alice:s3cret-pw@') },
    });
    assert.ok(
      r.findings.some((f) => f.id === 'live-ok'),
      JSON.stringify(r.findings),
    );
    assert.equal(r.proxy, p);
    assert.ok(!JSON.stringify(r).includes('s3cret-pw'));
  });

  it('a proxy that strips the Authorization header → live-no-auth, naming the proxy', async () => {
    const p = await proxy({ strip: true });
    seen.length = 0;
    const r = await verifyKey({ key: K.good, baseURL: `${emu.url}/v1`, env: { HTTP_PROXY: p } });
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['live-no-auth'],
    );
    const f = r.findings[0];
    assert.equal((f?.data as { stripped: boolean }).stripped, true);
    assert.equal((f?.data as { proxy: string }).proxy, p);
    assert.match(f?.message ?? '', /sent a key, but the server saw none/);
    assert.ok(seen.length > 0 && seen.every((x) => !x.auth), 'the request went through the proxy');
  });

  it('NO_PROXY sends loopback directly (the stripping proxy is bypassed)', async () => {
    const p = await proxy({ strip: true });
    seen.length = 0;
    const r = await verifyKey({
      key: K.good,
      baseURL: `${emu.url}/v1`,
      env: { HTTPS_PROXY: p, HTTP_PROXY: p, NO_PROXY: 'localhost,127.0.0.1' },
    });
    assert.ok(r.findings.some((f) => f.id === 'live-ok'));
    assert.equal(r.proxy, undefined);
    assert.equal(seen.length, 0);
  });
});

describe('proxy settings', () => {
  it('reads lower case first, like curl and undici', () => {
    assert.deepEqual(proxyFromEnv({ HTTP_PROXY: 'http://upper:1', http_proxy: 'http://lower:2', NO_PROXY: '.corp' }), {
      httpProxy: 'http://lower:2',
      noProxy: '.corp',
    });
  });
  it('https URLs use HTTPS_PROXY, falling back to HTTP_PROXY; NO_PROXY matches hosts, subdomains, ports and *', () => {
    const p = {
      httpProxy: 'http://h:1',
      httpsProxy: 'http://s:2',
      noProxy: 'internal.corp,.example.org,10.0.0.1:8080',
    };
    assert.equal(proxyFor('https://api.openai.com/v1', p), 'http://s:2');
    assert.equal(proxyFor('http://api.openai.com/v1', p), 'http://h:1');
    assert.equal(proxyFor('https://api.openai.com/v1', { httpProxy: 'http://h:1' }), 'http://h:1');
    assert.equal(proxyFor('https://llm.internal.corp/v1', p), undefined);
    assert.equal(proxyFor('https://a.b.example.org/v1', p), undefined);
    assert.equal(proxyFor('http://10.0.0.1:8080/v1', p), undefined);
    assert.equal(proxyFor('http://10.0.0.1:9090/v1', p), 'http://h:1');
    assert.equal(proxyFor('https://api.openai.com/v1', { ...p, noProxy: '*' }), undefined);
  });
  it('never shows proxy credentials', () => {
    assert.equal(redactProxy('http://bob:pw@proxy.corp:3128'), 'http://proxy.corp:3128');
  });
});
