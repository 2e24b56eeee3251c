/**
 * The emulator config is validated whole at start-up (R11): every wrong-typed value is a
 * ConfigError naming the field (never a key), and a config that passes never lets a request take
 * the server down. A seeded mutation run puts wrong types in random places of the shared world.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startEmulator } from '../../src/emulator/index.js';
import { ConfigError } from '../../src/emulator/config.js';
import { K, worldConfig } from './world.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

async function startsOrRefuses(cfg: unknown): Promise<'started' | 'refused'> {
  try {
    const emu = await startEmulator(cfg);
    try {
      for (const path of ['/v1/models', '/v1/chat/completions', '/openai/v1/models', '/v1/organization/projects']) {
        const r = await fetch(`${emu.url}${path}`, {
          method: path.includes('chat') ? 'POST' : 'GET',
          headers: { authorization: `Bearer ${K.good}`, 'api-key': K.azure },
        });
        assert.ok(r.status >= 100 && r.status <= 999);
        await r.text();
      }
    } finally {
      await emu.close();
    }
    return 'started';
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    for (const k of Object.values(K)) assert.ok(!e.message.includes(k), 'a config error names a key');
    return 'refused';
  }
}

describe('emulator config validation', () => {
  const bad: Record<string, [unknown, RegExp]> = {
    'fault status "x"': [
      { faults: [{ path: '/v1/models', status: 'x' }] },
      /faults\[0\]\.status must be a whole number from 100 to 999/,
    ],
    'fault status 42': [{ faults: [{ path: '/v1/models', status: 42 }] }, /faults\[0\]\.status/],
    'fault without path': [{ faults: [{ status: 500 }] }, /faults\[0\]\.path is missing/],
    'numeric client_ip': [{ client_ip: 12 }, /client_ip must be a string/],
    'faults a string': [{ faults: 'x' }, /faults must be a list/],
    'azure.resources an object': [{ azure: { resources: {} } }, /azure\.resources must be a list/],
    'key not a string': [{ keys: [{ key: 5 }] }, /keys\[0\]\.key must be a string/],
    'scopes a number': [{ keys: [{ key: K.good, scopes: 3 }] }, /keys\[0\]\.scopes must be "all" or a list/],
    'rate limit without requests': [{ keys: [{ key: K.good, rate_limit: {} }] }, /rate_limit\.requests is missing/],
    'project users a string': [
      { organizations: [{ id: 'org-x', projects: [{ id: 'proj_x', users: 'all' }] }] },
      /projects\[0\]\.users must be a list/,
    ],
    'headers with a number': [
      { faults: [{ path: '/v1/models', status: 429, headers: { 'retry-after': 1 } }] },
      /headers\.retry-after must be a string/,
    ],
    'config a list': [[], /must be a JSON object/],
  };
  for (const [name, [cfg, re]] of Object.entries(bad)) {
    it(`${name}: refused at start-up with the field named`, async () => {
      await assert.rejects(startEmulator(cfg), (e: Error) => e instanceof ConfigError && re.test(e.message));
    });
  }

  it('the shared world config passes', async () => {
    assert.equal(await startsOrRefuses(worldConfig()), 'started');
  });

  it('300 seeded mutations of the world: each is refused with a ConfigError or serves requests without dying', async () => {
    const r = rng(11);
    const junk = [
      () => 'x',
      () => 12,
      () => -1,
      () => 1.5,
      () => true,
      () => null,
      () => [],
      () => ({}),
      () => [1, 'a'],
      () => ({ path: 5 }),
    ];
    let refused = 0;
    for (let i = 0; i < 300; i++) {
      const cfg = worldConfig() as Record<string, unknown>;
      // Walk to a random spot and replace it with junk.
      let node: unknown = cfg;
      for (let depth = 0; depth < 4; depth++) {
        if (typeof node !== 'object' || node === null) break;
        const ks = Object.keys(node);
        if (ks.length === 0) break;
        const k = ks[Math.floor(r() * ks.length)] as string;
        const child = (node as Record<string, unknown>)[k];
        if (depth === 3 || typeof child !== 'object' || child === null || r() < 0.3) {
          (node as Record<string, unknown>)[k] = (junk[Math.floor(r() * junk.length)] as () => unknown)();
          break;
        }
        node = child;
      }
      if ((await startsOrRefuses(cfg)) === 'refused') refused++;
    }
    assert.ok(refused > 0);
  });

  it('a request the URL parser rejects is a 500 for that request, and the server keeps serving', async () => {
    const emu = await startEmulator(worldConfig());
    try {
      const port = Number(new URL(emu.url).port);
      await new Promise<void>((done) => {
        const s = connect(port, '127.0.0.1', () => s.write('GET http://[::1 HTTP/1.1\r\nHost: x\r\n\r\n'));
        s.on('data', () => s.end());
        s.on('close', () => done());
        s.on('error', () => done());
      });
      const r = await fetch(`${emu.url}/v1/models`, { headers: { authorization: `Bearer ${K.good}` } });
      assert.equal(r.status, 200);
    } finally {
      await emu.close();
    }
  });
});
