/**
 * End to end: real programs run through `keydoctor trace` (the built CLI) on this machine. Each test
 * checks the recorded fingerprints, the emulator's answer, and, through a guard preloaded into the
 * app that logs (and refuses) every socket connect and DNS lookup, that nothing went beyond loopback.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openaiKey } from '../helpers/keys.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { maskSecret } from '../../src/keys/mask.js';
import { credentialHash } from '../../src/trace/analyze.js';
import type { TraceFacts, TraceRequest } from '../../src/trace/types.js';
import {
  NODE_GUARD,
  PY_GUARD,
  REPO_MODULES,
  cleanEnv,
  hasModule,
  isLoopback,
  python,
  readGuard,
  readSaved,
  runCli,
} from '../trace/helpers.js';

const CHAT = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });

function assertFingerprint(trace: TraceFacts, r: TraceRequest, key: string): void {
  assert.ok(r.credential, 'a credential was recorded');
  assert.equal(r.credential.masked, maskSecret(key));
  assert.equal(r.credential.length, key.length);
  assert.equal(r.credential.hash, credentialHash(trace.salt, key));
  assert.equal(r.credential.kind, 'openai-project');
}

function assertLoopbackOnly(guardLog: string): void {
  const g = readGuard(guardLog);
  assert.ok(g.connects.length > 0, 'the guard saw the connection to the emulator');
  assert.deepEqual(
    g.connects.filter((h) => !isLoopback(h)),
    [],
    'no connection beyond loopback',
  );
  assert.deepEqual(
    g.lookups.filter((h) => !isLoopback(h)),
    [],
    'no DNS lookup of a remote host',
  );
}

describe('keydoctor trace, end to end', () => {
  let p: TempProject;
  const keyShell = openaiKey('proj', 'trace-shell');
  const keyDotenv = openaiKey('proj', 'trace-dotenv');
  const keyFile = openaiKey('proj', 'trace-file');

  before(() => {
    p = tempProject({
      'guard.cjs': NODE_GUARD,
      'fetch-app.mjs': `const r = await fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', headers: { authorization: 'Bearer ' + process.env.OPENAI_API_KEY, 'content-type': 'application/json', 'openai-organization': 'org-abc123' }, body: ${JSON.stringify(CHAT)} });\nconst j = await r.json();\nconsole.log('status', r.status, j.choices[0].message.content);\n`,
      'package.json': JSON.stringify({
        name: 'traced',
        private: true,
        type: 'module',
        scripts: {
          start: 'node --require ./guard.cjs server.js',
          'from-file': 'node --require ./guard.cjs file-key.js',
          launch: 'node --require ./guard.cjs launcher.js',
        },
        dependencies: { openai: '*', dotenv: '*' },
      }),
      'server.js':
        "import 'dotenv/config';\nimport OpenAI from 'openai';\nconst client = new OpenAI();\nconst r = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });\nconsole.log('answer:', r.choices[0].message.content);\n",
      'file-key.js':
        "import { readFileSync } from 'node:fs';\nimport OpenAI from 'openai';\nconst client = new OpenAI({ apiKey: readFileSync(new URL('./key.txt', import.meta.url), 'utf8').trim() });\nconst r = await client.models.list();\nconsole.log('models:', r.data.length);\n",
      'key.txt': keyFile + '\n',
      'launcher.js':
        "import { spawn } from 'node:child_process';\nconst c = spawn(process.execPath, ['--require', './guard.cjs', 'child.js'], { stdio: 'inherit' });\nc.on('exit', (code) => process.exit(code ?? 1));\n",
      'child.js':
        "import OpenAI from 'openai';\nconst client = new OpenAI();\nconst r = await client.responses.create({ model: 'gpt-4o-mini', input: 'hi' });\nconsole.log('child answer:', r.output[0].content[0].text, process.pid);\n",
      'https-app.cjs':
        "const https = require('https');\nconst agent = new https.Agent({ keepAlive: true });\nconst req = https.request({ hostname: 'api.openai.com', port: 443, path: '/v1/embeddings', method: 'POST', agent, headers: { Authorization: 'Bearer ' + process.env.OPENAI_API_KEY, 'Content-Type': 'application/json', 'User-Agent': 'OpenAI/NodeJS/4.104.0' } }, (res) => { let b = ''; res.on('data', (c) => (b += c)); res.on('end', () => { console.log('status', res.statusCode, JSON.parse(b).object); agent.destroy(); }); });\nreq.end(JSON.stringify({ model: 'text-embedding-3-small', input: 'hi' }));\n",
      'worker-app.mjs':
        "import { Worker } from 'node:worker_threads';\nconst w = new Worker(\"const r = await fetch('https://api.openai.com/v1/models', { headers: { authorization: 'Bearer ' + process.env.OPENAI_API_KEY } }); console.log('worker status', r.status);\", { eval: true, type: 'module' });\nw.on('exit', () => console.log('worker done'));\n",
      '.env': `OPENAI_API_KEY=${keyDotenv}\n`,
      '.gitignore': '.env\nkey.txt\n',
    });
    symlinkSync(REPO_MODULES, join(p.root, 'node_modules'), 'dir');
  });
  after(() => p.cleanup());

  it('Node with plain fetch: recorded, answered by the emulator, nothing beyond loopback', () => {
    const guard = join(p.dir, 'guard-fetch.log');
    const save = join(p.dir, 'fetch.trace.json');
    const r = runCli(
      ['trace', '--save', save, '--', process.execPath, '--require', './guard.cjs', 'fetch-app.mjs'],
      p.root,
      cleanEnv(p.home, { OPENAI_API_KEY: keyShell, GUARD_LOG: guard }),
    );
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /status 200 Hello from the keydoctor emulator\./);
    const t = readSaved(save);
    assert.equal(t.requests.length, 1);
    const req = t.requests[0] as TraceRequest;
    assertFingerprint(t, req, keyShell);
    assert.equal(req.origin, 'https://api.openai.com');
    assert.equal(req.path, '/v1/chat/completions');
    assert.equal(req.method, 'POST');
    assert.equal(req.action, 'redirected');
    assert.equal(req.organization, 'org-abc123');
    assert.equal(req.status, 200);
    assert.equal(req.emulator?.status, 200);
    assertLoopbackOnly(guard);
    assert.match(r.stdout, /sk-proj-…/);
    assert.ok(!r.stdout.includes(keyShell));
  });

  it('openai-node (devDependencies) through npm start: fingerprint, SDK version, as predicted', () => {
    const guard = join(p.dir, 'guard-sdk.log');
    const save = join(p.dir, 'sdk.trace.json');
    const r = runCli(
      ['trace', '--save', save, '--format', 'json', '--', 'npm', 'start'],
      p.root,
      cleanEnv(p.home, { OPENAI_API_KEY: keyShell, GUARD_LOG: guard }),
    );
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /answer: Hello from the keydoctor emulator\./);
    const t = readSaved(save);
    assert.equal(t.requests.length, 1);
    const req = t.requests[0] as TraceRequest;
    // dotenv does not override: the shell's key wins, as the doctor predicts.
    assertFingerprint(t, req, keyShell);
    assert.equal(req.sdk.lang, 'js');
    const installed = (
      JSON.parse(readFileSync(join(REPO_MODULES, 'openai', 'package.json'), 'utf8')) as { version: string }
    ).version;
    assert.equal(req.sdk.version, installed);
    assert.match(req.sdk.ua ?? '', /^OpenAI\/JS /);
    assert.equal(req.emulator?.status, 200);
    const report = JSON.parse(r.stdout.slice(r.stdout.indexOf('{\n'))) as {
      findings: Array<{ id: string }>;
      data: { lines: Array<{ verdict: string; target?: string }> };
    };
    assert.deepEqual(
      report.findings.map((f) => f.id),
      [],
    );
    assert.equal(report.data.lines[0]?.verdict, 'as-predicted');
    assert.equal(report.data.lines[0]?.target, 'node:start');
    // npm itself and the app were observed.
    assert.ok(t.processes.some((x) => x.argv.some((a) => a.endsWith('server.js'))));
    assertLoopbackOnly(guard);
  });

  it('a key built at run time: trace-key-differs names the predicted source', () => {
    const guard = join(p.dir, 'guard-file.log');
    const r = runCli(
      ['trace', '--', 'npm', 'run', 'from-file'],
      p.root,
      cleanEnv(p.home, { OPENAI_API_KEY: keyShell, GUARD_LOG: guard }),
    );
    assert.equal(r.status, 1, r.stderr + r.stdout);
    assert.match(r.stdout, /models: \d+/);
    assert.match(r.stdout, /trace-key-differs/);
    assert.ok(r.stdout.includes(maskSecret(keyFile)), r.stdout);
    assert.ok(r.stdout.includes(maskSecret(keyShell)));
    assert.match(r.stdout, /a source keydoctor cannot see/);
    for (const k of [keyFile, keyShell, keyDotenv]) assert.ok(!r.stdout.includes(k));
    assertLoopbackOnly(guard);
  });

  it('an npm script that starts a child node process: the child is hooked too', () => {
    const guard = join(p.dir, 'guard-child.log');
    const save = join(p.dir, 'child.trace.json');
    const r = runCli(
      ['trace', '--save', save, '--', 'npm', 'run', 'launch'],
      p.root,
      cleanEnv(p.home, { OPENAI_API_KEY: keyShell, GUARD_LOG: guard }),
    );
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const m = /child answer: Hello from the keydoctor emulator\. (\d+)/.exec(r.stdout);
    assert.ok(m, r.stdout);
    const t = readSaved(save);
    assert.equal(t.requests.length, 1);
    const req = t.requests[0] as TraceRequest;
    assert.equal(req.pid, Number(m[1]), 'recorded in the child process');
    assert.equal(req.path, '/v1/responses');
    assertFingerprint(t, req, keyShell);
    assert.equal(req.emulator?.status, 200);
    // npm, the launcher and its child all loaded the hook; the launcher's spawn was seen.
    assert.ok(new Set(t.processes.map((x) => x.pid)).size >= 3, JSON.stringify(t.processes.map((x) => x.argv)));
    assert.ok(t.spawns.some((s) => s.argv.includes('child.js')));
    assertLoopbackOnly(guard);
  });

  it('node:https with its own keep-alive Agent (node-fetch in openai-node 4, axios): redirected over plain http to the emulator', () => {
    const guard = join(p.dir, 'guard-https.log');
    const save = join(p.dir, 'https.trace.json');
    const r = runCli(
      ['trace', '--save', save, '--', process.execPath, '--require', './guard.cjs', 'https-app.cjs'],
      p.root,
      cleanEnv(p.home, { OPENAI_API_KEY: keyShell, GUARD_LOG: guard }),
    );
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /status 200 list/);
    const t = readSaved(save);
    assert.equal(t.requests.length, 1);
    const req = t.requests[0] as TraceRequest;
    assertFingerprint(t, req, keyShell);
    assert.equal(req.origin, 'https://api.openai.com');
    assert.equal(req.lib, 'http');
    assert.equal(req.sdk.ua, 'OpenAI/NodeJS/4.104.0');
    assert.equal(req.status, 200);
    assert.equal(req.emulator?.status, 200);
    assertLoopbackOnly(guard);
  });

  it('a request from a worker thread is recorded too', () => {
    const save = join(p.dir, 'worker.trace.json');
    const r = runCli(
      ['trace', '--save', save, '--', process.execPath, 'worker-app.mjs'],
      p.root,
      cleanEnv(p.home, { OPENAI_API_KEY: keyShell }),
    );
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /worker status 200/);
    const t = readSaved(save);
    assert.equal(t.requests.length, 1);
    const req = t.requests[0] as TraceRequest;
    assert.notEqual(req.thread, 0, 'made in the worker thread');
    assertFingerprint(t, req, keyShell);
    assert.ok(
      t.workers.some((w) => w.worker === req.thread),
      'the main thread saw the worker start',
    );
    assert.doesNotMatch(r.stdout, /trace-hook-not-loaded/);
  });

  it('a process that never exits: stopped at --timeout, with its whole tree', () => {
    const save = join(p.dir, 'timeout.trace.json');
    const grandchild =
      "require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); setInterval(() => {}, 1000)";
    const r = runCli(
      ['trace', '--timeout', '1', '--save', save, '--', process.execPath, '-e', grandchild],
      p.root,
      cleanEnv(p.home),
    );
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /stopped after the timeout/);
    const t = readSaved(save);
    assert.equal(t.stopped, 'timeout');
    const pids = [...new Set(t.processes.map((x) => x.pid))];
    assert.equal(pids.length, 2, 'the command and the process it started were hooked');
    for (const pid of pids) {
      let alive = true;
      try {
        process.kill(pid, 0);
      } catch {
        alive = false;
      }
      assert.equal(alive, false, `pid ${pid} was ended`);
    }
  });

  it('--max-requests stops after the first N answered LLM requests', () => {
    const save = join(p.dir, 'max.trace.json');
    const loop =
      "(async () => { for (;;) { const r = await fetch('https://api.openai.com/v1/models', { headers: { authorization: 'Bearer ' + process.env.OPENAI_API_KEY } }); await r.text(); } })()";
    const r = runCli(
      ['trace', '--max-requests', '2', '--timeout', '0', '--save', save, '--', process.execPath, '-e', loop],
      p.root,
      cleanEnv(p.home, { OPENAI_API_KEY: keyShell }),
    );
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const t = readSaved(save);
    assert.equal(t.stopped, 'max-requests');
    assert.ok(t.requests.length >= 2);
  });

  it('a command that fails to start: exit 2 with a clear message', () => {
    const r = runCli(['trace', '--', 'keydoctor-no-such-command-here', '--flag'], p.root, cleanEnv(p.home));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot start keydoctor-no-such-command-here: ENOENT.*not found on PATH/);
  });

  it("the user's own --require in NODE_OPTIONS: the hook goes in with --import and still records", () => {
    const guard = join(p.dir, 'guard-import.log');
    const save = join(p.dir, 'import.trace.json');
    const r = runCli(
      ['trace', '--save', save, '--', process.execPath, 'fetch-app.mjs'],
      p.root,
      cleanEnv(p.home, {
        OPENAI_API_KEY: keyShell,
        GUARD_LOG: guard,
        NODE_OPTIONS: `--require=${join(p.root, 'guard.cjs')}`,
      }),
    );
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /status 200 Hello from the keydoctor emulator\./);
    const t = readSaved(save);
    assertFingerprint(t, t.requests[0] as TraceRequest, keyShell);
    assertLoopbackOnly(guard);
  });
});

describe('keydoctor trace, Python', () => {
  let p: TempProject;
  const key = openaiKey('proj', 'trace-python');
  // A minimal client shaped like openai-python's requests (the SDK itself is not installable here).
  const app = `import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import guard
which = sys.argv[1]
key = os.environ["OPENAI_API_KEY"]
headers = {"Authorization": "Bearer " + key, "User-Agent": "OpenAI/Python 1.99.0", "X-Stainless-Lang": "python", "X-Stainless-Package-Version": "1.99.0", "OpenAI-Project": "proj_abc123", "X-Custom-Thing": "1"}
body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}
url = "https://api.openai.com/v1/chat/completions"
if which in ("httpx", "httpx-async"):
    import httpx
    if which == "httpx":
        with httpx.Client() as c:
            r = c.post(url, json=body, headers=headers)
    else:
        import asyncio
        async def go():
            async with httpx.AsyncClient() as c:
                return await c.post(url, json=body, headers=headers)
        r = asyncio.run(go())
    print("status", r.status_code, r.json()["choices"][0]["message"]["content"])
elif which == "requests":
    import requests
    r = requests.post(url, json=body, headers=headers)
    print("status", r.status_code, r.json()["choices"][0]["message"]["content"])
elif which == "urllib":
    import json, urllib.request, urllib.error
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={**headers, "Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req) as r:
        print("status", r.status, json.loads(r.read())["choices"][0]["message"]["content"])
elif which == "aiohttp":
    import asyncio, aiohttp
    async def go():
        async with aiohttp.ClientSession() as s:
            async with s.post(url, json=body, headers=headers) as r:
                return r.status, await r.json()
    status, j = asyncio.run(go())
    print("status", status, j["choices"][0]["message"]["content"])
`;

  before(() => {
    p = tempProject({
      'app.py': app,
      'guard.py': PY_GUARD,
      'chained/sitecustomize.py': 'import os\nopen(os.environ["CHAIN_MARK"], "w").write("ran")\n',
    });
  });
  after(() => p.cleanup());

  const cases: Array<{ py: '/usr/bin/python3' | 'python3'; lib: string; mod: string }> = [
    { py: '/usr/bin/python3', lib: 'httpx', mod: 'httpx' },
    { py: '/usr/bin/python3', lib: 'httpx-async', mod: 'httpx' },
    { py: '/usr/bin/python3', lib: 'requests', mod: 'requests' },
    { py: '/usr/bin/python3', lib: 'aiohttp', mod: 'aiohttp' },
    // urllib.request: through http.client, the standard library's own client (no package needed).
    { py: '/usr/bin/python3', lib: 'urllib', mod: 'http.client' },
    { py: 'python3', lib: 'requests', mod: 'requests' },
    { py: 'python3', lib: 'httpx', mod: 'httpx' },
  ];
  for (const c of cases) {
    it(`${c.py} with ${c.lib}: recorded, redirected, answered, nothing beyond loopback`, (t) => {
      const py = python(c.py);
      if (!py || !hasModule(py, c.mod)) {
        t.skip(
          `${c.py} has no ${c.mod} (.ci/run installs Debian's python3-httpx, python3-requests, python3-aiohttp for /usr/bin/python3)`,
        );
        return;
      }
      const guard = join(p.dir, `guard-${c.lib}-${c.py.replace(/\W/g, '')}.log`);
      const save = join(p.dir, `${c.lib}.trace.json`);
      const r = runCli(
        ['trace', '--save', save, '--', py, 'app.py', c.lib],
        p.root,
        cleanEnv(p.home, { OPENAI_API_KEY: key, GUARD_LOG: guard }),
      );
      assert.equal(r.status, 0, r.stderr + r.stdout);
      assert.match(r.stdout, /status 200 Hello from the keydoctor emulator\./);
      const tr = readSaved(save);
      assert.equal(tr.requests.length, 1, JSON.stringify(tr.requests));
      const req = tr.requests[0] as TraceRequest;
      assertFingerprint(tr, req, key);
      assert.equal(req.origin, 'https://api.openai.com');
      assert.equal(req.path, '/v1/chat/completions');
      assert.equal(req.lib, c.mod);
      assert.equal(req.project, 'proj_abc123');
      assert.deepEqual(req.custom, ['x-custom-thing']);
      assert.equal(req.sdk.lang, 'python');
      assert.equal(req.sdk.version, '1.99.0');
      assert.equal(req.status, 200);
      assert.equal(req.emulator?.status, 200);
      assert.ok(tr.processes.some((x) => x.runtime === 'python'));
      assertLoopbackOnly(guard);
    });
  }

  it('chains to the sitecustomize it hides', (t) => {
    const py = python('/usr/bin/python3') ?? python('python3');
    if (!py) {
      t.skip('no python3');
      return;
    }
    const mark = join(p.dir, 'chain.mark');
    const save = join(p.dir, 'chain.trace.json');
    const r = runCli(
      ['trace', '--save', save, '--', py, '-c', 'print("ok")'],
      p.root,
      cleanEnv(p.home, { PYTHONPATH: join(p.root, 'chained'), CHAIN_MARK: mark }),
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(mark, 'utf8'), 'ran');
    assert.equal(readSaved(save).processes.filter((x) => x.runtime === 'python').length, 1);
  });

  it('python -I cannot be observed: trace-hook-not-loaded', (t) => {
    const py = python('/usr/bin/python3') ?? python('python3');
    if (!py) {
      t.skip('no python3');
      return;
    }
    const r = runCli(['trace', '--', py, '-I', '-c', 'print("isolated")'], p.root, cleanEnv(p.home));
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /isolated/);
    assert.match(r.stdout, /trace-hook-not-loaded/);
    assert.match(r.stdout, /-I \(isolated mode\) ignores PYTHONPATH/);
  });
});

describe('keydoctor trace: no full key anywhere', () => {
  it('not in the records, the report (every format), the saved trace, nor any file under the private folder', async () => {
    const p = tempProject({ 'guard.cjs': NODE_GUARD });
    try {
      const key = openaiKey('proj', 'trace-leak');
      const other = openaiKey('svcacct', 'trace-leak-2');
      mkdirSync(join(p.root, 'sub'), { recursive: true });
      // The key in the environment, in the Authorization header, in an argument, in a header that
      // should hold an organization id, in a custom header and in the query string.
      const app = `const k = process.env.OPENAI_API_KEY;
const r = await fetch('https://api.openai.com/v1/models?key=' + k, { headers: { authorization: 'Bearer ' + k, 'openai-organization': k, 'x-extra': k } });
await r.text();
const r2 = await fetch('https://example-proxy.invalid/anything', { headers: { authorization: 'Bearer ' + process.argv[2] } });
await r2.text();
console.log('done');
`;
      writeFileSync(join(p.root, 'leak.mjs'), app);
      const env = cleanEnv(p.home, { OPENAI_API_KEY: key, GUARD_LOG: join(p.dir, 'g.log') });
      const { runTrace } = await import('../../src/trace/run.js');
      const run = await runTrace({
        command: [process.execPath, '--require', './guard.cjs', 'leak.mjs', other],
        cwd: p.root,
        env,
        hosts: ['api.openai.com'],
        keepTempDir: true,
        timeoutMs: 60_000,
      });
      const dir = run.tempDir as string;
      try {
        assert.equal(run.trace.requests.length, 2, JSON.stringify(run.trace.requests));
        const text = JSON.stringify(run.trace);
        for (const k of [key, other]) assert.ok(!text.includes(k), 'records hold no key');
        const walk = (d: string): string[] =>
          readdirSync(d).flatMap((e) => {
            const f = join(d, e);
            const st = statSync(f);
            return st.isDirectory() ? walk(f) : st.isFile() ? [f] : [];
          });
        const files = walk(dir);
        assert.ok(files.length >= 3, files.join(', '));
        for (const f of files) {
          const body = readFileSync(f, 'latin1');
          for (const k of [key, other]) assert.ok(!body.includes(k), `${f} holds no key`);
        }
        assert.equal(statSync(dir).mode & 0o777, 0o700, 'the folder is private');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      for (const fmt of ['text', 'json', 'markdown']) {
        const save = join(p.dir, `leak-${fmt}.json`);
        const r = runCli(
          [
            'trace',
            '--format',
            fmt,
            '--save',
            save,
            '--verbose',
            '--',
            process.execPath,
            '--require',
            './guard.cjs',
            'leak.mjs',
            other,
          ],
          p.root,
          env,
        );
        assert.equal(r.status === 0 || r.status === 1, true, r.stderr);
        assert.match(r.stdout, /done/);
        const saved = readFileSync(save, 'utf8');
        assert.equal(statSync(save).mode & 0o777, 0o600);
        for (const k of [key, other]) {
          // The app itself does not print the key: whatever keydoctor printed or saved must not hold it.
          assert.ok(!r.stdout.includes(k), `${fmt} report holds no key`);
          assert.ok(!r.stderr.includes(k));
          assert.ok(!saved.includes(k), 'saved trace holds no key');
        }
      }
    } finally {
      p.cleanup();
    }
  });
});
