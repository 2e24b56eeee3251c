/**
 * `keydoctor rotate` end to end against the emulator, on a project with several targets (the shell
 * start-up file, .env for a Node app, compose services), through every fault the issue names: a 429
 * with Retry-After, a 500 halfway, a dropped answer after the service account is made, a failed
 * write, a failed verification, traffic still on the old key, interruptions resumed and aborted.
 * After each: no orphan service account, every target with a working key, the old key revoked only
 * once the new one is in place, and no key value in any output, journal or log.
 */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { startEmulator, type Emulator, type EmulatorConfig } from '../../src/emulator/index.js';
import { AdminClient } from '../../src/admin/client.js';
import type { ApiServiceAccount } from '../../src/admin/types.js';
import { rotate, type RotateOptions, type RotateResult } from '../../src/rotate/run.js';
import { setKeyWriter, type KeyWriter } from '../../src/rotate/key-writer.js';
import { listJournals, type Step } from '../../src/rotate/journal.js';
import { runDiagnosis } from '../../src/pipeline/diagnose.js';
import { main } from '../../src/cli/main.js';
import { assertNoKey } from '../fix/helpers.js';
import { A, ID, P_APP, SA_BOT, adminWorld } from '../admin/world.js';
import { adminProject, testIO, type AdminProject } from '../admin/project.js';

interface World {
  emu: Emulator;
  p: AdminProject;
  log: string[];
  emuLog: string[];
  /** Every new key a rotation made (captured from the key writer, for the greps). */
  made: string[];
  writer: KeyWriter;
  waits: number[];
  clock: { t: number };
}

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) {
    await w.emu.close();
    w.p.cleanup();
  }
});

async function world(
  opts: {
    config?: EmulatorConfig;
    keys?: { shell: string; dotenv: string };
    extra?: Record<string, string>;
    git?: boolean;
  } = {},
): Promise<World> {
  const emuLog: string[] = [];
  const emu = await startEmulator(opts.config ?? adminWorld(), { log: (l) => emuLog.push(l) });
  const p = adminProject(emu.url, opts.keys ?? { shell: A.alice, dotenv: A.alice }, opts.extra);
  if (opts.git) {
    const g = (...a: string[]) =>
      execFileSync('git', a, {
        cwd: p.root,
        stdio: 'ignore',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 'T',
          GIT_AUTHOR_EMAIL: 't@example.com',
          GIT_COMMITTER_NAME: 'T',
          GIT_COMMITTER_EMAIL: 't@example.com',
        },
      });
    g('init', '-q', '-b', 'main');
    g('add', '-A');
    g('add', '-f', '.env');
    g('commit', '-q', '-m', 'init');
  }
  const made: string[] = [];
  const writer: KeyWriter = {
    ...setKeyWriter,
    apply: (input, newKey, started) => {
      made.push(newKey);
      return setKeyWriter.apply(input, newKey, started);
    },
  };
  const w: World = { emu, p, log: [], emuLog, made, writer, waits: [], clock: { t: Date.now() } };
  worlds.push(w);
  return w;
}

function run(w: World, over: Partial<RotateOptions> = {}): Promise<RotateResult> {
  return rotate({
    root: w.p.root,
    env: w.p.env,
    home: w.p.home,
    adminKey: A.admin,
    adminBaseURL: `${w.emu.url}/v1`,
    yes: true,
    graceMs: 0,
    writer: w.writer,
    // A fake clock: waits pass at once and move it on.
    sleep: async (ms) => {
      w.waits.push(ms);
      w.clock.t += ms;
    },
    now: () => w.clock.t,
    log: (l) => w.log.push(l),
    ...over,
  });
}

const adminOf = (w: World) => new AdminClient({ key: A.admin, baseURL: `${w.emu.url}/v1` });

async function serviceAccounts(w: World, project = P_APP): Promise<ApiServiceAccount[]> {
  const c = adminOf(w);
  try {
    return await c.list<ApiServiceAccount>(`/organization/projects/${project}/service_accounts`);
  } finally {
    await c.close();
  }
}

async function works(w: World, key: string): Promise<boolean> {
  const r = await fetch(`${w.emu.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
  await r.text();
  return r.status === 200;
}

/** Every target that had a key still gets one the API accepts. */
async function everyTargetWorks(w: World): Promise<void> {
  const d = await runDiagnosis({
    root: w.p.root,
    cwd: w.p.root,
    env: w.p.env,
    home: w.p.home,
    offline: true,
    checks: [],
  });
  for (const id of ['shell:new-terminal', 'node:start', 'compose:api', 'compose:worker']) {
    const t = d.targets.find((x) => x.id === id);
    const k = t?.vars[t.keyVar]?.value?.trim() ?? '';
    assert.ok(await works(w, k), `${id} has no working key`);
  }
}

/** Every file under a folder. */
function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else out.push(p);
  }
  return out;
}

/** No key in any output, journal or emulator log; backups (while a rotation is open) hold only the originals. */
function noKeysLeaked(w: World, result?: RotateResult): void {
  const all = [...Object.values(A), ...w.made];
  assertNoKey(w.log.join('\n') + (result?.reason ?? ''), all, 'rotate output');
  assertNoKey(w.emuLog.join('\n'), all, 'emulator log');
  for (const f of files(join(w.p.root, '.keydoctor'))) {
    const text = readFileSync(f, 'utf8');
    if (f.includes(`${join('.keydoctor', 'backups')}/`) && !f.endsWith('manifest.json'))
      assertNoKey(text, w.made, `backup ${f}`);
    else assertNoKey(text, all, f);
  }
}

function journal(w: World) {
  return listJournals({ home: w.p.home, env: w.p.env }, w.p.root)[0];
}

const dotenv = (w: World) => readFileSync(join(w.p.root, '.env'), 'utf8');
const zshrc = (w: World) => readFileSync(join(w.p.home, '.zshrc'), 'utf8');

describe('keydoctor rotate', () => {
  it('rotates end to end: a new service account, its key in ~/.zshrc and .env for every target, verified, the old key revoked', async () => {
    const w = await world();
    const before = await serviceAccounts(w);
    const r = await run(w);
    assert.equal(r.status, 'done', r.reason);
    assert.equal(r.exit, 0);
    const newKey = w.made[0] ?? '';
    assert.match(newKey, /^sk-svcacct-/);
    assert.ok(dotenv(w).includes(newKey) && !dotenv(w).includes(A.alice));
    assert.ok(zshrc(w).includes(newKey) && !zshrc(w).includes(A.alice));
    assert.ok(zshrc(w).includes('export OPENAI_BASE_URL='), 'the rest of the file is kept');
    await everyTargetWorks(w);
    assert.equal(await works(w, A.alice), false, 'the old key is revoked');
    const after = await serviceAccounts(w);
    assert.equal(after.length, before.length + 1);
    assert.match(
      after.find((s) => !before.some((b) => b.id === s.id))?.name ?? '',
      /^keydoctor-shell-new-terminal-\d{8}-[0-9a-f]{4}$/,
    );
    const j = journal(w);
    assert.equal(j?.status, 'done');
    assert.equal(j?.done, 'revoke');
    assert.deepEqual(j?.targets.sort(), ['compose:api', 'compose:worker', 'node:start', 'shell:new-terminal']);
    assert.equal(statSync(join(w.p.root, '.keydoctor', 'rotations')).mode & 0o777, 0o700);
    assert.equal(statSync(join(w.p.root, '.keydoctor', 'rotations', `${j?.id ?? ''}.json`)).mode & 0o777, 0o600);
    assert.deepEqual(files(join(w.p.root, '.keydoctor', 'backups')), [], 'backups go once the old key is revoked');
    // The old key was deleted only after the new one was verified in place.
    const order = r.sent.map((s) => `${s.method} ${s.path.split('?')[0] ?? ''}`);
    assert.ok(
      order.indexOf(`POST /organization/projects/${P_APP}/service_accounts`) <
        order.indexOf(`DELETE /organization/projects/${P_APP}/api_keys/${ID.alice}`),
    );
    assert.ok(w.log.some((l) => /✓ docker compose service api .*accepts it/.test(l)));
    assert.deepEqual(
      [...files(w.p.root), ...files(w.p.home)].filter((f) => f.endsWith('.tmp')),
      [],
      'no temporary file left',
    );
    noKeysLeaked(w, r);
  });

  it('run from a terminal that exported the old key: the start-up file is rewritten, the new-terminal view verified, open terminals named', async () => {
    const w = await world();
    const env = { ...w.p.env, OPENAI_API_KEY: A.alice, OPENAI_BASE_URL: `${w.emu.url}/v1` };
    const r = await run(w, { env, targetId: 'node:start' });
    assert.equal(r.status, 'done', r.reason);
    assert.ok(zshrc(w).includes(w.made[0] ?? '-'));
    assert.ok(w.log.some((l) => /open a new terminal .*the open ones still hold the old OPENAI_API_KEY/.test(l)));
    assert.ok(
      w.log.some((l) => /✓ npm start .*accepts it/.test(l)),
      'node:start, which took the key from the shell, is verified as a new terminal starts it',
    );
    await everyTargetWorks(w);
    noKeysLeaked(w, r);
  });

  it('without --yes, and with --dry-run: the plan and every request, reads only, nothing written', async () => {
    const w = await world();
    const env0 = dotenv(w);
    for (const over of [{ yes: false }, { dryRun: true }]) {
      const r = await run(w, { ...over, graceMs: 15 * 60000 });
      assert.equal(r.status, 'planned');
      assert.ok(r.sent.every((s) => s.method === 'GET'));
    }
    assert.equal(dotenv(w), env0);
    assert.equal(journal(w), undefined);
    assert.ok(w.log.some((l) => l.includes(`POST /organization/projects/${P_APP}/service_accounts`)));
    assert.ok(w.log.some((l) => l.includes(`DELETE /organization/projects/${P_APP}/api_keys/${ID.alice}`)));
    assert.ok(w.log.some((l) => /wait 15 min .*last_used_at.*usage\/completions\?bucket_width=1m/.test(l)));
    assert.ok(w.log.some((l) => /write +\.env:1 \[node:start, compose:worker\]/.test(l)));
    assert.ok(w.log.some((l) => /write +~\/\.zshrc:1 \[shell:new-terminal\]/.test(l)));
    // The plan names where step 4 will send the new key, so --yes is given knowing it.
    assert.ok(
      w.log.some((l) => l.includes(`4. verify:`) && l.includes(`(GET /models): ${w.emu.url}/v1;`)),
      'the endpoints are named',
    );
    assert.equal((await serviceAccounts(w)).length, 1);
    noKeysLeaked(w);
    // The CLI prints the same plan and the reads it sent.
    const io = testIO(w.p.root, { ...w.p.env, OPENAI_ADMIN_KEY: A.admin });
    assert.equal(await main(['rotate', '--base-url', `${w.emu.url}/v1`, '--dry-run'], io), 0);
    assert.match(io.out, /Dry run: nothing was created, written or deleted\./);
    assert.match(io.out, /Requests sent \(reads only\):\n {2}GET \/organization\/projects\?include_archived=true/);
    assertNoKey(io.out + io.err, Object.values(A), 'cli');
  });

  it('a 429 with Retry-After on the create is waited out; a 500 halfway through a listing is retried', async () => {
    const w = await world({
      config: adminWorld(undefined, {
        faults: [
          {
            path: `/v1/organization/projects/${P_APP}/service_accounts`,
            method: 'POST',
            status: 429,
            headers: { 'retry-after': '4' },
            times: 1,
          },
          { path: `/v1/organization/projects/${P_APP}/api_keys`, method: 'GET', status: 500, after: 1, times: 1 },
        ],
      }),
    });
    const r = await run(w, { client: { pageSize: 1 } });
    assert.equal(r.status, 'done', r.reason);
    assert.ok(w.waits.includes(4000), `waits: ${w.waits.join(', ')}`);
    assert.ok(r.sent.some((s) => s.status === 500) && r.sent.some((s) => s.status === 429));
    assert.equal((await serviceAccounts(w)).length, 2);
    await everyTargetWorks(w);
    noKeysLeaked(w, r);
  });

  it('the answer to the create is lost after the service account was made: it is found by name and deleted; nothing changes', async () => {
    const w = await world({
      config: adminWorld(undefined, {
        faults: [
          {
            path: `/v1/organization/projects/${P_APP}/service_accounts`,
            method: 'POST',
            drop_after_effect: true,
            times: 1,
          },
        ],
      }),
    });
    const env0 = dotenv(w);
    const r = await run(w);
    assert.equal(r.status, 'aborted', r.reason);
    assert.match(r.reason ?? '', /Nothing was changed/);
    assert.deepEqual(
      (await serviceAccounts(w)).map((s) => s.id),
      [SA_BOT],
      'no orphan service account',
    );
    assert.ok(r.sent.some((s) => s.method === 'DELETE' && s.path.includes('/service_accounts/svc_acct_')));
    assert.equal(dotenv(w), env0);
    assert.ok(await works(w, A.alice), 'the old key still works');
    noKeysLeaked(w, r);
  });

  it('a 500 on the create (not carried out): nothing left behind', async () => {
    const w = await world({
      config: adminWorld(undefined, {
        faults: [
          { path: `/v1/organization/projects/${P_APP}/service_accounts`, method: 'POST', status: 500, times: 1 },
        ],
      }),
    });
    const r = await run(w);
    assert.equal(r.status, 'aborted');
    assert.deepEqual(
      (await serviceAccounts(w)).map((s) => s.id),
      [SA_BOT],
    );
    assert.ok(await works(w, A.alice));
    await everyTargetWorks(w);
    noKeysLeaked(w, r);
  });

  it('a write that fails half-way: the files written are put back, the service account deleted', async () => {
    const w = await world();
    const rc0 = zshrc(w);
    const env0 = dotenv(w);
    chmodSync(join(w.p.root, '.env'), 0o444);
    const r = await run(w);
    chmodSync(join(w.p.root, '.env'), 0o644);
    assert.equal(r.status, 'aborted', r.reason);
    assert.match(r.reason ?? '', /writing the new key failed: .*read-only/);
    assert.equal(zshrc(w), rc0);
    assert.equal(dotenv(w), env0);
    assert.deepEqual(
      (await serviceAccounts(w)).map((s) => s.id),
      [SA_BOT],
    );
    assert.equal(await works(w, w.made[0] ?? ''), false, 'the new key is gone with its service account');
    await everyTargetWorks(w);
    noKeysLeaked(w, r);
  });

  it('a target whose endpoint refuses the new key: every file put back, the service account deleted, the old key kept', async () => {
    // compose:api talks to another endpoint, which knows the old key only.
    const other = await startEmulator({ keys: [{ key: A.alice }] });
    try {
      const w = await world({
        extra: {
          'compose.yaml': `services:\n  api:\n    image: node:20\n    environment:\n      OPENAI_API_KEY: \${OPENAI_API_KEY}\n      OPENAI_BASE_URL: ${other.url}/v1\n  worker:\n    image: python:3.12\n    env_file: .env\n`,
        },
      });
      const env0 = dotenv(w);
      const r = await run(w);
      assert.equal(r.status, 'aborted', r.reason);
      assert.match(r.reason ?? '', /verification failed: docker compose service api .*not accepted/);
      assert.equal(dotenv(w), env0);
      assert.deepEqual(
        (await serviceAccounts(w)).map((s) => s.id),
        [SA_BOT],
      );
      assert.ok(await works(w, A.alice));
      assert.ok(
        !r.sent.some((s) => s.method === 'DELETE' && s.path.includes('/api_keys/')),
        'the old key is never touched',
      );
      assert.equal(journal(w)?.status, 'aborted');
      noKeysLeaked(w, r);
    } finally {
      await other.close();
    }
  });

  it('traffic still on the old key during the grace period: not revoked; --resume once it stopped revokes it', async () => {
    const w = await world();
    const oldUse = () =>
      fetch(`${w.emu.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${A.alice}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
      }).then((x) => x.text());
    // Something keydoctor cannot see keeps calling with the old key while it waits.
    const r = await run(w, {
      graceMs: 5 * 60000,
      pollMs: 60000,
      sleep: async (ms) => {
        w.waits.push(ms);
        w.clock.t += ms;
        await oldUse();
      },
    });
    assert.equal(r.status, 'waiting', r.reason);
    assert.equal(r.exit, 1);
    assert.match(r.reason ?? '', /still used by something keydoctor cannot see/);
    assert.ok(await works(w, A.alice), 'not revoked while in use');
    assert.ok(await works(w, w.made[0] ?? ''));
    assert.ok(w.log.some((l) => /of 5 min: old key last used .*\(after the switch\): still in use/.test(l)));
    assert.equal(journal(w)?.status, 'waiting');
    noKeysLeaked(w, r);
    // The straggler is fixed: --resume re-verifies, waits again, revokes.
    const r2 = await run(w, { resume: true, graceMs: 3 * 60000 });
    assert.equal(r2.status, 'done', r2.reason);
    assert.equal(await works(w, A.alice), false);
    await everyTargetWorks(w);
    noKeysLeaked(w, r2);
  });

  for (const at of ['create', 'write', 'verify'] as Step[]) {
    it(`interrupted after step "${at}": --resume finishes or rolls back safely, --abort goes back`, async () => {
      for (const how of ['resume', 'abort'] as const) {
        const w = await world();
        const crash = new Error('killed');
        await assert.rejects(
          run(w, {
            afterStep: (s) => {
              if (s === at) throw crash;
            },
          }),
          (e) => e === crash,
        );
        assert.equal(journal(w)?.done, at);
        const r = await run(w, how === 'resume' ? { resume: true } : { abort: true });
        if (how === 'resume' && at !== 'create') {
          assert.equal(r.status, 'done', r.reason);
          assert.equal(await works(w, A.alice), false);
          assert.equal((await serviceAccounts(w)).length, 2);
        } else {
          // After "create" the key is gone with the process (it is given once): resume rolls back too.
          assert.equal(r.status, 'aborted', r.reason);
          assert.ok(await works(w, A.alice), 'the old key still works');
          assert.deepEqual(
            (await serviceAccounts(w)).map((s) => s.id),
            [SA_BOT],
            'no orphan service account',
          );
          assert.ok(dotenv(w).includes(A.alice) && zshrc(w).includes(A.alice));
        }
        await everyTargetWorks(w);
        noKeysLeaked(w, r);
      }
    });
  }

  // The process dies after the DELETE of the old key went through but before the journal says so
  // (or someone revoked the old key in the dashboard meanwhile): the journal still says "grace".
  // Going back then would put a dead key in every file and delete the only live one.
  it('interrupted after the old key was revoked, before the journal recorded it: --abort refuses to go back (no target left without a live key); --resume completes', async () => {
    for (const how of ['abort', 'resume'] as const) {
      const w = await world();
      const crash = new Error('killed');
      await assert.rejects(
        run(w, {
          afterStep: (s) => {
            if (s === 'grace') throw crash;
          },
        }),
        (e) => e === crash,
      );
      assert.equal(journal(w)?.done, 'grace');
      const admin = adminOf(w);
      try {
        await admin.request('DELETE', `/organization/projects/${P_APP}/api_keys/${ID.alice}`);
      } finally {
        await admin.close();
      }
      assert.equal(await works(w, A.alice), false);
      const r = await run(w, how === 'abort' ? { abort: true } : { resume: true });
      const newKey = w.made[0] ?? '';
      assert.ok(await works(w, newKey), `${how}: the new key is still live`);
      assert.ok(dotenv(w).includes(newKey) && !dotenv(w).includes(A.alice), `${how}: the files keep the new key`);
      assert.equal((await serviceAccounts(w)).length, 2, `${how}: the new service account is kept`);
      await everyTargetWorks(w);
      if (how === 'abort') {
        assert.notEqual(r.status, 'aborted');
        assert.match(r.reason ?? '', /old key .*revoked/);
      } else assert.equal(r.status, 'done', r.reason);
      assert.equal(journal(w)?.status, 'done');
      noKeysLeaked(w, r);
    }
  });
  it("a service account's key is revoked by deleting its service account", async () => {
    const w = await world({ keys: { shell: A.bot, dotenv: A.bot } });
    const r = await run(w);
    assert.equal(r.status, 'done', r.reason);
    assert.ok(
      r.sent.some(
        (s) => s.method === 'DELETE' && s.path === `/organization/projects/${P_APP}/service_accounts/${SA_BOT}`,
      ),
    );
    assert.ok(
      !r.sent.some((s) => s.method === 'DELETE' && s.path.includes('/api_keys/')),
      "never DELETE on a service account's key",
    );
    assert.equal(await works(w, A.bot), false);
    assert.ok(!(await serviceAccounts(w)).some((s) => s.id === SA_BOT));
    await everyTargetWorks(w);
    noKeysLeaked(w, r);
  });

  it('refused before anything changes: the service account has other keys; an archived project; a key in a file git tracks; an open rotation', async () => {
    const w = await world({ keys: { shell: A.bot, dotenv: A.bot } });
    const c = adminOf(w);
    await c.request('POST', `/organization/projects/${P_APP}/service_accounts/${SA_BOT}/api_keys`, {
      body: { name: 'second' },
    });
    await c.close();
    const r = await run(w);
    assert.equal(r.status, 'refused');
    assert.equal(r.exit, 2);
    assert.match(r.reason ?? '', /which would revoke those too/);
    assert.ok(r.sent.every((s) => s.method === 'GET'));

    const w2 = await world({ keys: { shell: A.old, dotenv: A.old } });
    const r2 = await run(w2);
    assert.equal(r2.status, 'refused');
    assert.match(r2.reason ?? '', /archived/);
    assert.ok(r2.sent.every((s) => s.method === 'GET'));

    const w3 = await world({ git: true });
    const r3 = await run(w3, { targetId: 'node:start' });
    assert.equal(r3.status, 'refused', r3.reason);
    assert.match(r3.reason ?? '', /git tracks it/);
    assert.equal((await serviceAccounts(w3)).length, 1);

    const w4 = await world();
    await assert.rejects(
      run(w4, {
        afterStep: (s) => {
          if (s === 'write') throw new Error('killed');
        },
      }),
    );
    const r4 = await run(w4);
    assert.equal(r4.status, 'refused');
    assert.match(r4.reason ?? '', /still open .*--resume or --abort/);
    noKeysLeaked(w4, r4);
  });

  it('--manual: the user pastes a key made in the dashboard; no service account is made; the old user key is deleted', async () => {
    const w = await world();
    // A key "made in the dashboard": the emulator's config knows it already.
    const pasted = A.aliceData;
    const before = await serviceAccounts(w);
    const r = await run(w, { manual: async () => pasted });
    assert.equal(r.status, 'done', r.reason);
    assert.ok(dotenv(w).includes(pasted));
    assert.deepEqual(
      (await serviceAccounts(w)).map((s) => s.id),
      before.map((s) => s.id),
    );
    assert.ok(!r.sent.some((s) => s.method === 'POST'));
    assert.equal(await works(w, A.alice), false);
    noKeysLeaked(w, r);
  });

  it('the CLI: the admin key from standard input, --manual reading the new key from its second line, exit codes', async () => {
    const w = await world();
    const io = testIO(w.p.root, w.p.env, `${A.admin}\n${A.aliceData}\n`);
    const code = await main(
      ['rotate', '--base-url', `${w.emu.url}/v1`, '--admin-key-stdin', '--manual', '--grace', '0'],
      io,
    );
    assert.equal(code, 0, io.out + io.err);
    assert.match(io.out, /Rotated: /);
    assert.ok(dotenv(w).includes(A.aliceData));
    assertNoKey(io.out + io.err, Object.values(A), 'cli output');
    const bad = testIO(w.p.root, w.p.env);
    assert.equal(await main(['rotate', '--grace', 'soon'], bad), 2);
    assert.match(bad.err, /--grace takes a duration/);
  });
});
