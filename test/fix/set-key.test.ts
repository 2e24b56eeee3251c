/** set-key: the check, the plan (winners and losers, commands outside the project), the writes, the re-run, the guards. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, readFileSync, readlinkSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applySetKey, checkNewKey, fingerprint, planSetKey, verifyNewKey } from '../../src/fix/set-key.js';
import { renderSetKeyPlan, renderSetKeyResult, setKeyJson, style } from '../../src/fix/render.js';
import { undoLastRun } from '../../src/fix/backup.js';
import { main } from '../../src/cli/main.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { foreignKey, openaiKey } from '../helpers/keys.js';
import { tempProject } from '../helpers/project.js';
import { K as WORLD, worldConfig } from '../emulator/world.js';
import { assertNoKey, fakeIO, snapshot } from './helpers.js';

const OLD = openaiKey('proj', 'set-key-old');
const NEW = openaiKey('proj', 'set-key-new');
const PY = 'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import OpenAI\nclient = OpenAI()\n';
const REQS = 'openai>=1.40\npython-dotenv\n';
const read = (p: string) => readFileSync(p, 'utf8');

function project(extra: Record<string, string> = {}, home: Record<string, string> = {}, commit = true) {
  return tempProject(
    {
      '.gitignore': '.env\nnode_modules\n',
      '.env': `OPENAI_API_KEY=${OLD}\nPORT=3000\n`,
      'app.py': PY,
      'requirements.txt': REQS,
      'docker-compose.yml': `services:\n  api:\n    build: .\n    environment:\n      OPENAI_API_KEY: ${OLD}   # the old one\n      PORT: "3000"\n`,
      'k8s/deploy.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: chat\n  namespace: prod\nspec:\n  template:\n    spec:\n      containers:\n        - name: chat\n          image: chat:1\n          env:\n            - name: OPENAI_API_KEY\n              valueFrom:\n                secretKeyRef: { name: openai, key: OPENAI_API_KEY }\n',
      '.github/workflows/test.yml':
        'name: test\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    environment: ci\n    env:\n      OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n    steps:\n      - run: python app.py\n',
      'vercel.json': '{ "env": { "OPENAI_API_KEY": "@openai-key" } }\n',
      ...extra,
    },
    home,
    { git: true, commit },
  );
}

describe('set-key: the new value is checked first', () => {
  it('takes the key without the line break of a pipe, and refuses what is not a clean key', () => {
    const ok = checkNewKey(`${NEW}\n`);
    assert.equal(ok.ok, true);
    assert.equal(ok.key, NEW);
    assert.equal(ok.fingerprint, fingerprint(NEW));
    const bad: Array<[string, RegExp]> = [
      [` ${NEW}`, /whitespace/],
      [`${NEW.slice(0, 30)} ${NEW.slice(30)}`, /whitespace inside/],
      [`"${NEW}"`, /quote/],
      [`Bearer ${NEW}`, /Bearer/],
      [`${NEW.slice(0, 20)}\u200b${NEW.slice(20)}`, /invisible/],
      ['sk-your-key-here', /placeholder/],
      [NEW.slice(0, 60), /looks like an OpenAI key but/],
      [openaiKey('admin', 'x'), /admin key/],
      ['', /empty/],
    ];
    for (const [v, re] of bad) {
      const c = checkNewKey(v);
      assert.equal(c.ok, false, v.slice(0, 12));
      assert.match(c.problems.join('; '), re);
      assertNoKey(c.problems.join(' '), [NEW], 'the check');
    }
    assert.match(checkNewKey(foreignKey('anthropic'), { azure: false }).problems.join(), /Anthropic/);
    assert.match(checkNewKey(NEW, { azure: true }).problems.join(), /Azure/);
  });
});

describe('set-key: plan and write', () => {
  it('writes every winning and losing source, prints commands for what is outside, and each target then gets the new key', async () => {
    const zshrc = `# zsh\nexport OPENAI_API_KEY="${OLD}"\n`;
    const p = project({}, { '.zshrc': zshrc });
    try {
      const env = { HOME: p.home, SHELL: '/bin/zsh', OPENAI_API_KEY: OLD };
      const before = snapshot(p.dir);
      const plan = await planSetKey({ root: p.root, home: p.home, env, key: NEW });
      const s = style(false);
      const shown = renderSetKeyPlan(plan, s, undefined);
      // every source that holds the old key is planned: the shell file (it wins), .env (it loses), the compose literal
      assert.deepEqual(plan.plan.files.map((f) => f.display).sort(), ['.env', 'docker-compose.yml', '~/.zshrc']);
      assert.match(shown, /take OPENAI_API_KEY from the environment on line 5 \(`\$\{OPENAI_API_KEY\}`\)/);
      const cmds = plan.commands.map((c) => c.command).join('\n');
      assert.match(cmds, /\| gh secret set OPENAI_API_KEY --env ci/);
      assert.match(
        cmds,
        /printf %s "\$K" \| kubectl create secret generic openai -n prod --from-file=OPENAI_API_KEY=\/dev\/stdin --dry-run=client -o yaml\) \| kubectl apply -f - && kubectl rollout restart -n prod deployment\/chat/,
      );
      assert.match(cmds, /\| vercel env add OPENAI_API_KEY production/);
      for (const c of plan.commands) assert.match(c.command, /read -rs K/, 'each command reads the key without echo');
      assertNoKey(shown, [NEW, OLD], 'the plan');
      assertNoKey(JSON.stringify(setKeyJson(plan, undefined)), [NEW, OLD], 'the JSON plan');
      assert.deepEqual(snapshot(p.dir), before, 'planning writes nothing');

      const r = await applySetKey(plan);
      assert.deepEqual(r.problems, []);
      assert.equal(
        read(join(p.home, '.zshrc')),
        `# zsh\nexport OPENAI_API_KEY="${NEW}"\n`,
        'the quoting of the start-up file is kept',
      );
      assert.equal(read(join(p.root, '.env')), `OPENAI_API_KEY=${NEW}\nPORT=3000\n`);
      assert.equal(
        read(join(p.root, 'docker-compose.yml')),
        'services:\n  api:\n    build: .\n    environment:\n      OPENAI_API_KEY: ${OPENAI_API_KEY}   # the old one\n      PORT: "3000"\n',
      );
      for (const t of r.targets)
        assert.equal(t.ok, true, `${t.label} gets the new key (${t.fingerprint} from ${t.from})`);
      const out = renderSetKeyResult(plan, r, s);
      assert.match(out, new RegExp(`python app\\.py: the new key sk-proj-…${NEW.slice(-4)} \\(${fingerprint(NEW)}\\)`));
      assert.match(out, /Still to do: the \d+ commands printed above/);
      assert.match(out, /open a new terminal/);
      assertNoKey(out + JSON.stringify(setKeyJson(plan, undefined, r)), [NEW, OLD], 'the result');

      const u = undoLastRun(p.root, { home: p.home });
      assert.deepEqual(u.problems, []);
      assert.deepEqual(snapshot(p.dir), before, 'keydoctor fix --undo restores a set-key run');
    } finally {
      p.cleanup();
    }
  });

  it('never writes a key into a tracked file; adds an ignored .env line first where it is not ignored', async () => {
    const tracked = tempProject(
      { '.env': `OPENAI_API_KEY=${OLD}\n`, 'app.py': PY, 'requirements.txt': REQS },
      {},
      { git: true },
    );
    try {
      const plan = await planSetKey({ root: tracked.root, home: tracked.home, env: { HOME: tracked.home }, key: NEW });
      assert.deepEqual(plan.plan.files, []);
      assert.match(plan.refusals.map((r) => r.reason).join('\n'), /\.env is left alone: git tracks it/);
    } finally {
      tracked.cleanup();
    }
    const loose = tempProject(
      { '.env': `OPENAI_API_KEY=${OLD}\n`, 'app.py': PY, 'requirements.txt': REQS },
      {},
      { git: true, commit: false },
    );
    try {
      const plan = await planSetKey({ root: loose.root, home: loose.home, env: { HOME: loose.home }, key: NEW });
      assert.deepEqual(
        plan.plan.files.map((f) => f.display),
        ['.gitignore', '.env'],
      );
      const r = await applySetKey(plan);
      assert.equal(read(join(loose.root, '.gitignore')), '.env\n');
      assert.equal(read(join(loose.root, '.env')), `OPENAI_API_KEY=${NEW}\n`);
      assert.ok(r.targets.every((t) => t.ok));
    } finally {
      loose.cleanup();
    }
  });

  it('adds the key to the file a target loads when nothing sets it yet (creating the file)', async () => {
    const p = tempProject({ '.gitignore': '.env\n', 'app.py': PY, 'requirements.txt': REQS }, {}, { git: true });
    try {
      const plan = await planSetKey({ root: p.root, home: p.home, env: { HOME: p.home }, key: NEW });
      const r = await applySetKey(plan);
      assert.equal(read(join(p.root, '.env')), `OPENAI_API_KEY=${NEW}\n`);
      assert.ok(r.targets.find((t) => t.id === 'python:app.py')?.ok);
      // A file made to hold a key is readable by its owner only, whatever the umask.
      assert.equal(lstatSync(join(p.root, '.env')).mode & 0o777, 0o600);
    } finally {
      p.cleanup();
    }
  });

  it('a key file keeps its mode when the key is added or replaced; a new file that holds no key gets the usual mode', async () => {
    const p = tempProject(
      { '.gitignore': '.env\n', '.env': `# keys\nOPENAI_API_KEY=${OLD}\n`, 'app.py': PY, 'requirements.txt': REQS },
      {},
      { git: true },
    );
    const q = tempProject({ 'app.py': PY, 'requirements.txt': REQS });
    try {
      chmodSync(join(p.root, '.env'), 0o640);
      const r = await applySetKey(await planSetKey({ root: p.root, home: p.home, env: { HOME: p.home }, key: NEW }));
      assert.deepEqual(r.problems, []);
      assert.ok(read(join(p.root, '.env')).includes(NEW));
      assert.equal(lstatSync(join(p.root, '.env')).mode & 0o777, 0o640, 'the rewritten .env keeps its mode');
      // No .gitignore and no .env yet: the .gitignore made first holds no key, so it gets the mode
      // any file the user makes gets (0666 less the umask); the .env made for the key is 0600.
      const r2 = await applySetKey(await planSetKey({ root: q.root, home: q.home, env: { HOME: q.home }, key: NEW }));
      assert.deepEqual(r2.problems, []);
      assert.equal(read(join(q.root, '.gitignore')), '.env\n');
      const umask = process.umask(0o022);
      process.umask(umask);
      assert.equal(lstatSync(join(q.root, '.gitignore')).mode & 0o777, 0o666 & ~umask);
      assert.equal(lstatSync(join(q.root, '.env')).mode & 0o777, 0o600);
    } finally {
      p.cleanup();
      q.cleanup();
    }
  });

  it('leaves a chezmoi-managed start-up file alone (naming its source); writes a stow link and a plain symlink at their target', async () => {
    const p = project(
      {},
      {
        '.local/share/chezmoi/dot_zshrc': `export OPENAI_API_KEY=${OLD}\n`,
        '.zshrc': `export OPENAI_API_KEY=${OLD}\n`,
      },
    );
    try {
      const plan = await planSetKey({
        root: p.root,
        home: p.home,
        env: { HOME: p.home, SHELL: '/bin/zsh', OPENAI_API_KEY: OLD },
        key: NEW,
      });
      const r = plan.refusals.find((x) => x.path === '~/.zshrc');
      assert.match(r?.reason ?? '', /managed by chezmoi/);
      assert.match(r?.instead ?? '', /chezmoi edit ~\/\.zshrc/);
    } finally {
      p.cleanup();
    }
    // GNU stow: the link's target is the package's source file; it is written there and named, the link stays.
    const q = project({}, { 'dotfiles/zsh/.zshrc': `export OPENAI_API_KEY=${OLD}\n` });
    try {
      symlinkSync('dotfiles/zsh/.zshrc', join(q.home, '.zshrc'));
      const plan = await planSetKey({
        root: q.root,
        home: q.home,
        env: { HOME: q.home, SHELL: '/bin/zsh', OPENAI_API_KEY: OLD },
        key: NEW,
      });
      const fp = plan.plan.files.find((f) => f.display === '~/.zshrc');
      assert.match(
        fp?.fixes[0]?.title ?? '',
        /a GNU stow link: the change goes to its source ~\/dotfiles\/zsh\/\.zshrc \(package zsh of ~\/dotfiles\)/,
      );
      await applySetKey(plan);
      assert.equal(readlinkSync(join(q.home, '.zshrc')), 'dotfiles/zsh/.zshrc', 'the stow link stays a link');
      assert.equal(read(join(q.home, 'dotfiles/zsh/.zshrc')), `export OPENAI_API_KEY=${NEW}\n`);
    } finally {
      q.cleanup();
    }
    const l = project({}, { 'config/zsh/zshrc': `export OPENAI_API_KEY=${OLD}\n` });
    try {
      symlinkSync(join(l.home, 'config/zsh/zshrc'), join(l.home, '.zshrc'));
      const plan = await planSetKey({
        root: l.root,
        home: l.home,
        env: { HOME: l.home, SHELL: '/bin/zsh', OPENAI_API_KEY: OLD },
        key: NEW,
      });
      assert.ok(plan.plan.files.some((f) => f.display === '~/.zshrc'));
      await applySetKey(plan);
      assert.ok(lstatSync(join(l.home, '.zshrc')).isSymbolicLink(), 'the link stays a link');
      assert.equal(readlinkSync(join(l.home, '.zshrc')), join(l.home, 'config/zsh/zshrc'));
      assert.equal(read(join(l.home, 'config/zsh/zshrc')), `export OPENAI_API_KEY=${NEW}\n`);
    } finally {
      l.cleanup();
    }
  });

  it('a .gitignore that is a symlink out of the project is not written through; then no key goes into a file nothing ignores', async () => {
    const p = tempProject({ 'app.py': PY, 'requirements.txt': REQS }, { '.bashrc': '# mine\n' });
    try {
      symlinkSync(join(p.home, '.bashrc'), join(p.root, '.gitignore'));
      const plan = await planSetKey({ root: p.root, home: p.home, env: { HOME: p.home }, key: NEW });
      assert.deepEqual(
        plan.plan.files.map((f) => f.display),
        [],
        'nothing to write',
      );
      assert.ok(
        plan.refusals.some((r) => r.path === '.gitignore' && /symlink/.test(r.reason)),
        JSON.stringify(plan.refusals),
      );
      assert.ok(
        plan.refusals.some((r) => r.path === '.env' && /\.gitignore/.test(r.reason)),
        'the .env is refused: no rule would cover it',
      );
      const r = await applySetKey(plan);
      assert.deepEqual(r.written, []);
      assert.equal(read(join(p.home, '.bashrc')), '# mine\n');
      assert.ok(!existsSync(join(p.root, '.env')));
    } finally {
      p.cleanup();
    }
  });

  it('a symlink out of the project is not followed', async () => {
    const p = tempProject(
      { '.gitignore': '.env\n', 'app.py': PY, 'requirements.txt': REQS },
      { 'secrets/app.env': `OPENAI_API_KEY=${OLD}\n` },
      { git: true },
    );
    try {
      symlinkSync(join(p.home, 'secrets/app.env'), join(p.root, '.env'));
      const plan = await planSetKey({ root: p.root, home: p.home, env: { HOME: p.home }, key: NEW });
      assert.deepEqual(plan.plan.files, []);
      assert.match(
        plan.refusals.map((r) => r.reason).join('\n'),
        /symlink to .*secrets\/app\.env, outside the project/,
      );
      assert.equal(read(join(p.home, 'secrets/app.env')), `OPENAI_API_KEY=${OLD}\n`);
    } finally {
      p.cleanup();
    }
  });
});

describe('set-key: the command', () => {
  it('refuses a key given as an argument, without printing it', async () => {
    const p = project();
    try {
      const io = fakeIO({ cwd: p.root, env: { HOME: p.home } });
      assert.equal(await main(['set-key', NEW], io), 2);
      assert.match(io.err, /never pass the key as an argument/);
      assertNoKey(io.err + io.out, [NEW], 'the usage error');
    } finally {
      p.cleanup();
    }
  });

  it('reads the key from standard input, from --from-env, or from a hidden prompt on a terminal', async () => {
    for (const how of ['stdin', 'env', 'prompt'] as const) {
      const p = project();
      try {
        const env: Record<string, string> = { HOME: p.home, ...(how === 'env' ? { NEW_KEY: NEW } : {}) };
        let asked: { q: string; hidden?: boolean } | undefined;
        const io = fakeIO({
          cwd: p.root,
          env,
          readStdin: async () => (how === 'stdin' ? `${NEW}\n` : ''),
          stdinIsTTY: how === 'prompt',
          prompt: async (q, o) => {
            asked ??= { q, hidden: o?.hidden };
            return NEW;
          },
        });
        const code = await main(
          ['set-key', '--offline', '--yes', '--no-color', ...(how === 'env' ? ['--from-env', 'NEW_KEY'] : []), '.'],
          io,
        );
        assert.equal(code, 1, `${how}: written, with commands left for CI, the cluster and Vercel`);
        if (how === 'prompt') assert.deepEqual(asked, { q: 'New key (input hidden): ', hidden: true });
        assert.equal(read(join(p.root, '.env')), `OPENAI_API_KEY=${NEW}\nPORT=3000\n`);
        assertNoKey(io.out + io.err, [NEW, OLD], `${how} output`);
      } finally {
        p.cleanup();
      }
    }
  });

  it('a bad value is refused before anything is planned (exit 2)', async () => {
    const p = project();
    try {
      const io = fakeIO({ cwd: p.root, env: { HOME: p.home }, readStdin: async () => `"${NEW}"\n` });
      assert.equal(await main(['set-key', '--offline', '--yes', '--no-color', '.'], io), 2);
      assert.match(io.out, /is not written: it contains quote characters/);
      assert.equal(read(join(p.root, '.env')), `OPENAI_API_KEY=${OLD}\nPORT=3000\n`);
      assertNoKey(io.out, [NEW], 'the refusal');
    } finally {
      p.cleanup();
    }
  });
});

describe('set-key: live verification (emulator on loopback)', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator(worldConfig());
  });
  after(async () => {
    await emu.close();
  });

  it('verifies against the endpoint the target uses; a refused key is not written', async () => {
    for (const [key, accepted] of [
      [WORLD.good, true],
      [WORLD.revoked, false],
    ] as const) {
      const p = tempProject(
        { '.gitignore': '.env\n', '.env': `OPENAI_API_KEY=${OLD}\n`, 'app.py': PY, 'requirements.txt': REQS },
        {},
        { git: true },
      );
      try {
        // the base URL is the user's own setting (their environment), so the key may go there
        const env = { HOME: p.home, OPENAI_BASE_URL: `${emu.url}/v1` };
        const plan = await planSetKey({ root: p.root, home: p.home, env, key });
        const v = await verifyNewKey(plan, { timeoutMs: 5000 });
        assert.equal(v.length, 1);
        assert.equal(v[0]?.ok, accepted);
        assert.ok(v[0]?.endpoint.startsWith(emu.url));
        const io = fakeIO({ cwd: p.root, env, readStdin: async () => key });
        const code = await main(['set-key', '--yes', '--no-color', '.'], io);
        assert.equal(code, accepted ? 0 : 2);
        assert.equal(read(join(p.root, '.env')).includes(key), accepted);
        if (!accepted) assert.match(io.out, /refused by .* \(HTTP 401\)/);
        assertNoKey(io.out, [key, OLD], 'the verification output');
      } finally {
        p.cleanup();
      }
    }
  });

  it("does not send the new key where only the project's files point it (R12)", async () => {
    const seen: string[] = [];
    const srv = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ? 'with a key' : ''}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"object":"list","data":[]}');
    });
    await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', () => ok()));
    const port = (srv.address() as AddressInfo).port;
    const p = tempProject(
      {
        '.gitignore': '.env\n',
        '.env': `OPENAI_API_KEY=${OLD}\nOPENAI_BASE_URL=http://127.0.0.1:${port}/v1\n`,
        'app.py': PY,
        'requirements.txt': REQS,
      },
      {},
      { git: true },
    );
    try {
      const plan = await planSetKey({ root: p.root, home: p.home, env: { HOME: p.home }, key: NEW });
      const v = await verifyNewKey(plan, { timeoutMs: 3000 });
      assert.deepEqual(seen, [], 'nothing reached the server the repository names');
      assert.equal(v[0]?.ok, false);
      assert.match(v[0]?.skipped ?? '', /set by this project/);
      assertNoKey(JSON.stringify(v), [NEW], 'the verification');
    } finally {
      p.cleanup();
      await new Promise<void>((ok) => srv.close(() => ok()));
    }
  });
});
