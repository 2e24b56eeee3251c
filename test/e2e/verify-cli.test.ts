/**
 * The verify and emulate commands end to end: every format and the debug path with real-shaped keys,
 * asserting no full key ever appears (stdout, stderr, thrown errors).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { verifyKey } from '../../src/live/verify.js';
import { tempProject } from '../helpers/project.js';
import { K, worldConfig } from '../emulator/world.js';
import { openaiKey } from '../helpers/keys.js';

let emu: Emulator;
before(async () => {
  emu = await startEmulator(worldConfig());
});
after(() => emu.close());

const RES_KEY = openaiKey('svcacct', 'residency');
const ALL_SECRETS = () => [...Object.values(K), RES_KEY];

async function run(
  argv: string[],
  env: Record<string, string | undefined>,
  opts: { cwd?: string; stdin?: string } = {},
) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readStdin: async () => opts.stdin ?? '',
    isTTY: false,
    env: { NO_COLOR: '1', ...env },
    cwd: opts.cwd ?? process.cwd(),
  };
  let code: number;
  let thrown = '';
  try {
    code = await main(argv, io);
  } catch (e) {
    thrown = `${(e as Error).message}\n${(e as Error).stack ?? ''}`;
    code = -1;
  }
  for (const secret of ALL_SECRETS()) {
    for (const [name, text] of [
      ['stdout', stdout],
      ['stderr', stderr],
      ['thrown', thrown],
    ] as const) {
      assert.ok(!text.includes(secret), `a full key appears in ${name} of verify ${argv.join(' ')}`);
    }
  }
  return { code, stdout, stderr, thrown };
}

const base = () => ({ OPENAI_BASE_URL: `${emu.url}/v1` });

describe('keydoctor verify', () => {
  for (const format of ['text', 'json', 'markdown']) {
    for (const [name, key, exit] of [
      ['working', K.good, 0],
      ['restricted', K.readonly, 1],
      ['revoked', K.revoked, 1],
      ['admin', K.admin, 0],
      ['out of credit', K.quota, 1],
    ] as const) {
      it(`${name} key, --format ${format} --verbose: exit ${exit}, no key in any output`, async () => {
        const r = await run(
          ['verify', '--key-env', 'KD_TEST_KEY', '--format', format, '--verbose', '--model', 'gpt-4o'],
          { KD_TEST_KEY: key, ...base() },
        );
        assert.equal(r.code, exit, r.stdout + r.stderr);
        assert.match(r.stderr, /-> GET http:\/\/127\.0\.0\.1:\d+\/v1\//, 'the debug path ran');
        assert.match(r.stderr, /Authorization: Bearer sk-[\w-]+…/, 'credentials in debug lines are masked');
        if (format === 'json') {
          const doc = JSON.parse(r.stdout) as {
            command: string;
            findings: Array<{ id: string }>;
            data: { verify: { permissions?: Record<string, string>; endpoint: string } };
          };
          assert.equal(doc.command, 'verify');
          assert.equal(doc.data.verify.endpoint.startsWith(emu.url), true);
          if (name === 'working') assert.equal(doc.data.verify.permissions?.['model.request'], 'allowed');
          if (name === 'revoked')
            assert.deepEqual(
              doc.findings.map((f) => f.id),
              ['live-invalid-key'],
            );
        }
        if (format === 'text' && name === 'working') {
          assert.match(r.stdout, /What this key may do \(\d+ no-cost probes/);
          assert.match(r.stdout, /✓ model\.request\s+400/);
          assert.match(r.stdout, /organization acme, project proj_/);
        }
        if (format === 'markdown' && name === 'working')
          assert.match(r.stdout, /\| model\.request \| allowed \| 400 \|/);
        if (format === 'text' && name === 'restricted')
          assert.match(r.stdout, /✗ model\.request\s+401\s+missing model\.request/);
      });
    }
  }

  it("placeholders and other providers' keys bound for api.openai.com are not sent", async () => {
    const before = emu.requests();
    const p = await run(['verify', '--key-env', 'K', '--format', 'json'], { K: 'sk-your-openai-api-key-here' });
    assert.equal(p.code, 1);
    assert.deepEqual(
      (JSON.parse(p.stdout) as { findings: Array<{ id: string }> }).findings.map((f) => f.id),
      ['key-placeholder'],
    );
    const f = await run(['verify', '--key-env', 'K', '--format', 'json'], { K: K.azure });
    assert.deepEqual(
      (JSON.parse(f.stdout) as { findings: Array<{ id: string }> }).findings.map((x) => x.id),
      ['key-foreign-provider'],
    );
    assert.equal(emu.requests(), before);
  });

  it('a key with a trailing newline is verified trimmed, with a key-whitespace warning', async () => {
    const r = await run(['verify', '--key-env', 'K', '--format', 'json', '--no-probes'], {
      K: `${K.good}\n`,
      ...base(),
    });
    assert.equal(r.code, 0);
    assert.deepEqual((JSON.parse(r.stdout) as { findings: Array<{ id: string }> }).findings.map((x) => x.id).sort(), [
      'key-whitespace',
      'live-ok',
    ]);
  });

  it('--key-stdin reads the first line', async () => {
    const r = await run(['verify', '--key-stdin', '--format', 'json', '--no-probes'], base(), {
      stdin: `${K.good}\r\n`,
    });
    assert.equal(r.code, 0);
    assert.deepEqual(
      (JSON.parse(r.stdout) as { findings: Array<{ id: string }> }).findings.map((f) => f.id),
      ['live-ok'],
    );
  });

  it('resolves the key the project would use and locates findings at its source', async () => {
    const p = tempProject({
      '.env': `OPENAI_API_KEY=${K.revoked}\n`,
      'app.py': 'from dotenv import load_dotenv\nfrom openai import OpenAI\nload_dotenv()\nclient = OpenAI()\n',
      'requirements.txt': 'openai\npython-dotenv\n',
    });
    try {
      const r = await run(['verify', '--format', 'json'], { ...base(), HOME: p.home }, { cwd: p.root });
      assert.equal(r.code, 1, r.stderr);
      const doc = JSON.parse(r.stdout) as {
        findings: Array<{ id: string; location?: { path: string; line?: number } }>;
      };
      assert.equal(doc.findings[0]?.id, 'live-invalid-key');
      assert.equal(doc.findings[0]?.location?.path, '.env');
      assert.equal(doc.findings[0]?.location?.line, 1);
    } finally {
      p.cleanup();
    }
  });

  it('reads shutdown_date from GET /v1/models for the models the code calls: the API, not the table, decides', async () => {
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const cfg = worldConfig();
    cfg.models = ['gpt-5.5', 'gpt-4o', 'text-embedding-3-small'];
    cfg.model_shutdowns = { 'gpt-5.5': day(30), 'gpt-4o': null };
    const own = await startEmulator(cfg);
    const p = tempProject({
      '.env': `OPENAI_API_KEY=${K.good}\n`,
      'app.py':
        'from dotenv import load_dotenv\nfrom openai import OpenAI\nload_dotenv()\nclient = OpenAI()\nr = client.responses.create(model="gpt-5.5", input="hi")\ns = client.responses.create(model="gpt-4o", input="hi")\n',
      'requirements.txt': 'openai\npython-dotenv\n',
    });
    try {
      const r = await run(
        ['verify', '--format', 'json'],
        { OPENAI_BASE_URL: `${own.url}/v1`, HOME: p.home },
        { cwd: p.root },
      );
      const doc = JSON.parse(r.stdout) as {
        findings: Array<{
          id: string;
          message: string;
          location?: { path: string; line?: number };
          data?: Record<string, unknown>;
        }>;
      };
      const dep = doc.findings.filter((f) => f.id === 'model-deprecated');
      // gpt-5.5: unknown to the table, the API announces a date; gpt-4o: the table has 2027-01-14, the API says none
      assert.deepEqual(
        dep.map((f) => f.data?.model),
        ['gpt-5.5'],
        JSON.stringify(doc.findings),
      );
      assert.equal(dep[0]?.data?.source, 'live');
      assert.equal(dep[0]?.data?.shutdown, day(30));
      assert.equal(dep[0]?.location?.path, 'app.py');
      assert.equal(dep[0]?.location?.line, 5);
      assert.ok(!doc.findings.some((f) => f.id === 'model-retired'));
    } finally {
      p.cleanup();
      await own.close();
    }
  });

  it('a data-residency project on the global host: live-residency-mismatch with the regional base URL; explain reads the same answer', async () => {
    const cfg = worldConfig();
    const proj = 'proj_usres000000000000000000';
    cfg.organizations?.[0]?.projects?.push({ id: proj, name: 'US data', residency: 'us' });
    cfg.keys?.push({ key: RES_KEY, organization: cfg.organizations?.[0]?.id ?? '', project: proj });
    const own = await startEmulator(cfg);
    try {
      const r = await run(['verify', '--key-env', 'K', '--format', 'json'], {
        K: RES_KEY,
        OPENAI_BASE_URL: `${own.url}/v1`,
      });
      assert.equal(r.code, 1, r.stdout);
      const doc = JSON.parse(r.stdout) as {
        findings: Array<{
          id: string;
          message: string;
          fix?: { summary: string; command?: string };
          data?: Record<string, unknown>;
        }>;
      };
      assert.deepEqual(
        doc.findings.map((f) => f.id),
        ['live-residency-mismatch'],
      );
      assert.equal(doc.findings[0]?.data?.baseURL, 'https://us.api.openai.com/v1');
      assert.equal(doc.findings[0]?.fix?.command, 'export OPENAI_BASE_URL=https://us.api.openai.com/v1');
      assert.match(doc.findings[0]?.message ?? '', /data residency in US/);
      // the same key on the regional host works
      const us = await startEmulator({ ...cfg, hostname: 'us.api.openai.com' });
      try {
        const ok = await run(['verify', '--key-env', 'K', '--format', 'json', '--no-probes'], {
          K: RES_KEY,
          OPENAI_BASE_URL: `${us.url}/v1`,
        });
        assert.deepEqual(
          (JSON.parse(ok.stdout) as { findings: Array<{ id: string }> }).findings.map((f) => f.id),
          ['live-ok'],
        );
      } finally {
        await us.close();
      }
      const e = await run(
        ['explain', '--format', 'json'],
        {},
        {
          stdin:
            "openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Attempted to access resource with incorrect regional hostname. Please make your request to eu.api.openai.com.', 'type': 'invalid_request_error', 'param': None, 'code': None}}\n",
        },
      );
      const ex = JSON.parse(e.stdout) as { findings: Array<{ id: string; data?: Record<string, unknown> }> };
      assert.equal(ex.findings[0]?.id, 'live-residency-mismatch');
      assert.equal(ex.findings[0]?.data?.baseURL, 'https://eu.api.openai.com/v1');
    } finally {
      await own.close();
    }
  });

  it('a refused connection is a network error, exit 0 is never claimed and the key is never blamed', async () => {
    const r = await run(
      ['verify', '--key-env', 'K', '--format', 'json', '--base-url', 'http://127.0.0.1:9/v1', '--timeout', '2000'],
      { K: K.good },
    );
    const doc = JSON.parse(r.stdout) as { findings: Array<{ id: string }> };
    assert.deepEqual(
      doc.findings.map((f) => f.id),
      ['live-network-error'],
    );
  });

  it('Azure: --azure with the endpoint, api-version and deployment from the environment', async () => {
    const r = await run(['verify', '--key-env', 'AZURE_OPENAI_API_KEY', '--format', 'json'], {
      AZURE_OPENAI_API_KEY: K.azure,
      AZURE_OPENAI_ENDPOINT: emu.url,
      OPENAI_API_VERSION: '2024-10-21',
      AZURE_OPENAI_DEPLOYMENT: 'nope',
    });
    assert.equal(r.code, 1);
    assert.deepEqual(
      (JSON.parse(r.stdout) as { findings: Array<{ id: string }> }).findings.map((f) => f.id),
      ['live-azure-deployment-not-found'],
    );
    const ok = await run(
      ['verify', '--azure', '--key-env', 'KEY', '--endpoint', emu.url, '--deployment', 'chat-prod', '--format', 'text'],
      { KEY: K.azure },
    );
    assert.equal(ok.code, 0, ok.stdout);
    assert.match(ok.stdout, /Azure OpenAI key works/);
  });

  it('usage errors exit 2 and never echo a key given as an argument', async () => {
    const r = await run(['verify', K.good], base());
    assert.equal(r.code, 2);
    assert.match(r.stderr, /keys are never given as arguments/);
    assert.equal((await run(['verify', '--key-env', 'UNSET_VAR'], {})).code, 2);
    assert.equal((await run(['verify', '--azure', '--key-env', 'K'], { K: K.azure })).code, 2);
    assert.equal((await run(['verify', '--key-env', 'K', '--format', 'yaml'], { K: K.good })).code, 2);
  });

  it('verifyKey never throws, even for a base URL that is not a URL (nothing is sent: live-key-withheld)', async () => {
    const r = await verifyKey({ key: K.good, baseURL: 'not a url', env: {} });
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['live-key-withheld'],
    );
    assert.ok(!JSON.stringify(r).includes(K.good));
  });
});

describe('keydoctor emulate', () => {
  const bin = join(fileURLToPath(new URL('.', import.meta.url)), '../../src/cli/bin.js');

  it('prints "listening on http://127.0.0.1:PORT" first, serves the config, and logs masked lines', async () => {
    const p = tempProject();
    const config = join(p.dir, 'emulator.json');
    writeFileSync(config, JSON.stringify({ keys: [{ key: K.good, organization: 'org-x', project: 'proj_x' }] }));
    const child = spawn(process.execPath, [bin, 'emulate', '--config', config, '--verbose'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    try {
      const first = await new Promise<string>((ok, fail) => {
        const rl = createInterface({ input: child.stdout });
        rl.once('line', ok);
        child.once('exit', () => fail(new Error(`exited: ${stderr}`)));
      });
      const m = /^listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(first);
      assert.ok(m, first);
      const res = await fetch(`${m[1]}/v1/models`, { headers: { Authorization: `Bearer ${K.good}` } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('openai-project'), 'proj_x');
      const bad = await fetch(`${m[1]}/v1/models`, { headers: { Authorization: `Bearer ${K.unknown}` } });
      assert.equal(bad.status, 401);
      await new Promise((ok) => setTimeout(ok, 50));
      assert.match(stderr, /GET \/v1\/models 200 \(Bearer sk-proj-…/);
      for (const s of [K.good, K.unknown]) assert.ok(!stderr.includes(s));
    } finally {
      child.kill('SIGTERM');
      await new Promise((ok) => child.once('exit', ok));
      p.cleanup();
    }
  });

  it('a bad config exits 2 without showing its keys', async () => {
    const p = tempProject();
    const config = join(p.dir, 'bad.json');
    writeFileSync(config, `{ "keys": [ { "key": "${K.good}", "status": "sleeping" } ] }`);
    const broken = join(p.dir, 'broken.json');
    writeFileSync(broken, `{ "keys": [ { "key": "${K.good}" ] }`);
    try {
      for (const c of [config, broken]) {
        const r = await run(['emulate', '--config', c], {});
        assert.equal(r.code, 2);
        assert.match(r.stderr, /bad config|not valid JSON/);
      }
    } finally {
      p.cleanup();
    }
  });
});
