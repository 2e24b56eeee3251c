/**
 * `keydoctor keys` end to end against the emulator's Admin API, on a project with several targets
 * (~/.zshrc, .env + Node, compose): the inventory, the join, the findings, every format, pagination,
 * Retry-After, a 500 halfway, and no key value in any output.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { main } from '../../src/cli/main.js';
import { runKeys } from '../../src/admin/keys.js';
import { AdminClient } from '../../src/admin/client.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CSV_COLUMNS, csvCell } from '../../src/report/formatters/inventory.js';
import { assertNoKey } from '../fix/helpers.js';
import { A, ID, P_APP, adminWorld } from './world.js';
import { adminProject, testIO, type AdminProject } from './project.js';

const ALL = Object.values(A);
let emu: Emulator;
let p: AdminProject;

before(async () => {
  emu = await startEmulator(adminWorld());
  // The shell start-up file holds Bob's key (owner without access), .env an archived project's key,
  // and .env.local a deleted key.
  p = adminProject(
    emu.url,
    { shell: A.bob, dotenv: A.old },
    { 'config/.env.staging': `OPENAI_API_KEY=${A.deleted}\n` },
  );
});
after(async () => {
  await emu.close();
  p.cleanup();
});

const keys = async (
  args: string[],
  env: Record<string, string | undefined> = { ...p.env, OPENAI_ADMIN_KEY: A.admin },
  stdin = '',
) => {
  const io = testIO(p.root, env, stdin);
  const code = await main(['keys', '--base-url', `${emu.url}/v1`, ...args], io);
  return { code, out: io.out, err: io.err };
};

describe('keydoctor keys', () => {
  it('lists every project (archived too), key, service account and admin key, and matches the local keys', async () => {
    const r = await keys(['--usage', '--no-color']);
    assertNoKey(r.out + r.err, ALL, 'keys output');
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /3 projects \(1 archived\), 8 project keys, 1 service account, 2 admin keys/);
    for (const id of Object.values(ID)) assert.ok(r.out.includes(id), id);
    assert.match(r.out, /Old \[archived\]/);
    assert.match(r.out, /bob@example\.com \[no access\]/);
    assert.match(r.out, /ci-bot \(service account\)/);
    assert.match(r.out, /TOKENS 7D +COST 7D/);
    assert.match(r.out, /✓ sk-proj-…\S+ +~\/\.zshrc:1 \[shell:new-terminal\] +→ key_bob/);
    assert.match(r.out, /✓ sk-proj-…\S+ +\.env:1.*→ key_old\S* in Old/);
    assert.match(r.out, /✗ sk-proj-…\S+ +config\/\.env\.staging:1 +→ matches no key of this organization/);
    for (const id of ['key-owner-inactive', 'key-in-archived-project', 'key-not-in-dashboard', 'key-unused'])
      assert.ok(r.out.includes(id), id);
  });

  it('the findings, by id, in JSON: one document, masked, with the inventory', async () => {
    const r = await keys(['--format', 'json']);
    assertNoKey(r.out, ALL, 'json');
    const doc = JSON.parse(r.out) as {
      command: string;
      findings: Array<{ id: string; severity: string; location?: { path: string }; data?: Record<string, unknown> }>;
      data: {
        inventory: { keys: Array<{ id: string; here: string[] }>; local: Array<{ status: string; key: string }> };
      };
    };
    assert.equal(doc.command, 'keys');
    const by = (id: string) => doc.findings.filter((f) => f.id === id);
    assert.equal(by('key-in-archived-project')[0]?.severity, 'error');
    assert.equal(by('key-in-archived-project')[0]?.location?.path, '.env');
    // The deleted key is not any target's effective key: not verified, so a warning.
    assert.equal(by('key-not-in-dashboard')[0]?.location?.path, 'config/.env.staging');
    assert.equal(by('key-not-in-dashboard')[0]?.severity, 'warning');
    assert.deepEqual(
      by('key-owner-inactive')
        .map((f) => f.data?.keyId)
        .sort(),
      [ID.bob, ID.carol].sort(),
    );
    assert.ok(by('key-unused').some((f) => f.data?.keyId === ID.stale));
    assert.ok(doc.data.inventory.local.every((l) => /^sk-\w+…\w{4}$|^sk-\w+-…\w{4}$|…/.test(l.key)));
    assert.deepEqual(doc.data.inventory.keys.find((k) => k.id === ID.bob)?.here, ['~/.zshrc:1']);
  });

  it('a deleted key that a target uses is verified live: 401, so an error', async () => {
    const q = adminProject(emu.url, { shell: A.alice, dotenv: A.deleted });
    try {
      const io = testIO(q.root, { ...q.env, OPENAI_ADMIN_KEY: A.admin });
      const code = await main(['keys', '--base-url', `${emu.url}/v1`, '--format', 'json'], io);
      assert.equal(code, 1);
      const doc = JSON.parse(io.out) as { findings: Array<{ id: string; severity: string; message: string }> };
      const f = doc.findings.find((x) => x.id === 'key-not-in-dashboard');
      assert.equal(f?.severity, 'error');
      assert.match(f?.message ?? '', /refused it \(401 invalid_api_key\)/);
      assertNoKey(io.out, ALL, 'json');
    } finally {
      q.cleanup();
    }
  });

  it('markdown and csv', async () => {
    const md = await keys(['--format', 'markdown']);
    assertNoKey(md.out, ALL, 'markdown');
    assert.match(md.out, /^### keydoctor keys: 10 keys in 3 projects/);
    assert.match(md.out, /\| project \| key \| id \|/);
    const csv = await keys(['--format', 'csv', '--usage']);
    assertNoKey(csv.out, ALL, 'csv');
    const lines = csv.out.trimEnd().split('\r\n');
    assert.equal(lines[0], CSV_COLUMNS.join(','));
    const bot = lines.find((l) => l.includes(ID.bot)) ?? '';
    assert.match(
      bot,
      /^project,proj_APP\w+,App,active,key_bot\w+,Secret Key,sk-svcac…\w{4},service_account,ci-bot,active,/,
    );
    assert.match(bot, /,500000,100000,900,0\.135,usd,/);
    assert.ok(
      lines.some(
        (l) => l.startsWith('local,') && l.includes('config/.env.staging') && l.includes('key-not-in-dashboard'),
      ),
    );
    assert.ok(lines.find((l) => l.includes(ID.old))?.endsWith(',key-in-archived-project'));
    // A key name a spreadsheet would run as a formula is defused; commas and quotes are quoted.
    assert.equal(csvCell('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell(['x', 'y']), 'x; y');
  });

  it('the admin key: from --admin-key-stdin, never an argument; a project key or a wrong key is refused', async () => {
    const env = { ...p.env };
    const r = await keys(['--admin-key-stdin', '--format', 'json', '--no-verify'], env, `${A.admin}\n`);
    assert.ok(r.code === 0 || r.code === 1, r.err);
    assert.ok(JSON.parse(r.out));
    const none = await keys([], env);
    assert.equal(none.code, 2);
    assert.match(none.err, /no admin key: set OPENAI_ADMIN_KEY/);
    const before = emu.requests();
    const proj = await keys([], { ...env, OPENAI_ADMIN_KEY: A.alice });
    assert.equal(proj.code, 2);
    assert.match(proj.err, /not an admin key/);
    assert.equal(emu.requests(), before, 'nothing sent with a project key');
    const arg = await keys([A.admin], env);
    assert.equal(arg.code, 2);
    assertNoKey(arg.err, ALL, 'usage error');
    const wrong = await keys(['--no-verify'], {
      ...env,
      OPENAI_ADMIN_KEY: A.deleted.replace('sk-proj-', 'sk-admin-').slice(0, 133),
    });
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /Admin API refused the inventory: GET \/organization\/projects: HTTP 401/);
    assertNoKey(wrong.err, ALL, 'auth error');
    const ro = await keys(['--no-verify', '--format', 'json'], { ...env, OPENAI_ADMIN_KEY: A.adminReadOnly });
    assert.ok(ro.code === 0 || ro.code === 1, 'a read-only admin key is enough for keys');
  });

  it('the admin key never goes over plain http:// off this machine: keys and rotate refuse the --base-url before reading the key; the client refuses too', async () => {
    // A proxy on loopback stands for the network: whatever is sent to the remote host arrives here.
    const seen: string[] = [];
    const proxy = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"object":"list","data":[],"has_more":false}');
    });
    await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', () => ok()));
    const at = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const env = { ...p.env, HTTP_PROXY: at, http_proxy: at, NO_PROXY: '', OPENAI_ADMIN_KEY: A.admin };
      for (const cmd of ['keys', 'rotate']) {
        const io = testIO(p.root, env);
        const code = await main([cmd, '--base-url', 'http://admin.example.com/v1'], io);
        assert.equal(code, 2, `${cmd}: ${io.err}`);
        assert.match(io.err, /plain http:\/\/ on admin\.example\.com/);
        assertNoKey(io.out + io.err, ALL, `${cmd} output`);
      }
      const c = new AdminClient({ key: A.admin, baseURL: 'http://admin.example.com/v1', env });
      try {
        await assert.rejects(c.list('/organization/projects'), /not sent: the endpoint is plain http:\/\//);
      } finally {
        await c.close();
      }
      assert.deepEqual(seen, [], 'nothing reached the network');
      // https, and plain http to this machine (the emulator), still work.
      const ok = await keys(['--no-verify', '--format', 'json']);
      assert.ok(ok.code === 0 || ok.code === 1, ok.err);
    } finally {
      await new Promise<void>((ok) => proxy.close(() => ok()));
    }
  });

  it('names from the organization (any member names a key or a project) cannot forge lines, terminal sequences or Markdown', async () => {
    const w = adminWorld();
    const first = w.keys?.[0];
    const proj = w.organizations?.[0]?.projects?.[0];
    assert.ok(first && proj);
    first.name = 'prod\u001b]52;c;aGk=\u0007\u001b[2J<img src=x onerror=alert(1)>';
    proj.name = 'App\n  ✓ FORGED LINE';
    const e2 = await startEmulator(w);
    try {
      for (const fmt of ['text', 'markdown']) {
        const io = testIO(p.root, { ...p.env, OPENAI_ADMIN_KEY: A.admin });
        const code = await main(['keys', '--base-url', `${e2.url}/v1`, '--no-verify', '--format', fmt], io);
        assert.ok(code === 0 || code === 1, io.err);
        assert.doesNotMatch(io.out, /[\u001b\u0007]/, `${fmt}: no terminal sequence`);
        assert.ok(
          !io.out.split('\n').some((l) => l.trimStart().startsWith('✓ FORGED')),
          `${fmt}: a name cannot start a line of its own`,
        );
        if (fmt === 'markdown') assert.doesNotMatch(io.out, /<img/);
      }
    } finally {
      await e2.close();
    }
  });

  it('every list is read to its last page; each project key list asks owner_project_access=any', async () => {
    const r = await runKeys({
      root: p.root,
      env: p.env,
      home: p.home,
      adminKey: A.admin,
      baseURL: `${emu.url}/v1`,
      verify: false,
      client: { pageSize: 1 },
    });
    assert.equal(r.inventory.keys.length, 10);
    assert.equal(r.inventory.projects.length, 3);
    const keyLists = r.sent.filter((s) => s.path.startsWith(`/organization/projects/${P_APP}/api_keys`));
    assert.equal(keyLists.length, 4, 'four keys, one a page');
    assert.ok(keyLists.every((s) => s.path.includes('owner_project_access=any')));
    assert.ok(keyLists.slice(1).every((s) => s.path.includes('after=key_')));
    assert.ok(
      r.sent.every((s) => s.method === 'GET'),
      'keys only reads',
    );
    assert.ok(r.sent.some((s) => s.path.includes('include_archived=true')));
  });

  it('a 429 waits as Retry-After says; a 500 halfway through a listing is retried', async () => {
    const e2 = await startEmulator(
      adminWorld(undefined, {
        faults: [
          { path: '/v1/organization/projects', method: 'GET', status: 429, headers: { 'retry-after': '3' }, times: 1 },
          { path: `/v1/organization/projects/${P_APP}/api_keys`, method: 'GET', status: 500, after: 1, times: 1 },
        ],
      }),
    );
    try {
      const waits: number[] = [];
      const r = await runKeys({
        root: p.root,
        env: p.env,
        home: p.home,
        adminKey: A.admin,
        baseURL: `${e2.url}/v1`,
        verify: false,
        client: { pageSize: 2, sleep: async (ms) => void waits.push(ms) },
      });
      assert.equal(waits[0], 3000);
      assert.equal(waits.length, 2);
      assert.equal(r.inventory.keys.length, 10);
      assert.deepEqual(r.inventory.notes, []);
      const app = r.sent.filter((s) => s.path.startsWith(`/organization/projects/${P_APP}/api_keys`));
      assert.deepEqual(
        app.map((s) => s.status),
        [200, 500, 200],
      );
    } finally {
      await e2.close();
    }
  });
});
