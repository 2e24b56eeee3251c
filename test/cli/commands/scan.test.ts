import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { main } from '../../../src/cli/main.js';
import type { CliIO } from '../../../src/cli/io.js';
import { docsUrl } from '../../../src/checks/registry.js';
import { tempProject } from '../../helpers/project.js';
import { openaiKey, foreignKey } from '../../helpers/keys.js';

function io(cwd: string): CliIO & { out: string; err: string } {
  const o = {
    out: '',
    err: '',
    stdout: (s: string) => void (o.out += s),
    stderr: (s: string) => void (o.err += s),
    readStdin: async () => '',
    isTTY: false,
    env: {},
    cwd,
  };
  return o;
}

async function scan(cwd: string, ...args: string[]) {
  const o = io(cwd);
  const code = await main(['scan', ...args], o);
  return { code, out: o.out, err: o.err };
}

interface SarifLog {
  $schema: string;
  version: string;
  runs: Array<{
    tool: {
      driver: {
        name: string;
        version: string;
        rules: Array<{
          id: string;
          name: string;
          helpUri: string;
          shortDescription: { text: string };
          fullDescription: { text: string };
          defaultConfiguration: { level: string };
        }>;
      };
    };
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: Array<{
        physicalLocation: {
          artifactLocation: { uri: string; uriBaseId?: string };
          region?: { startLine: number; startColumn?: number };
        };
      }>;
      partialFingerprints: Record<string, string>;
    }>;
    originalUriBaseIds?: Record<string, { uri: string }>;
  }>;
}

describe('keydoctor scan', () => {
  const keys = {
    src: openaiKey('proj', 'cli-src'),
    ci: openaiKey('legacy', 'cli-ci'),
    env: openaiKey('svcacct', 'cli-env'),
    pub: openaiKey('proj56', 'cli-pub'),
    anth: foreignKey('anthropic', 'cli-anth'),
  };
  const p = tempProject(
    {
      'bot/llm.py': `from openai import OpenAI\nclient = OpenAI(api_key="${keys.src}")\n`,
      'docs/setup md.md': `Use \`${keys.anth}\` for Claude.\n`,
      '.github/workflows/ci.yml': `jobs:\n  t:\n    env:\n      OPENAI_API_KEY: ${keys.ci}\n`,
      '.env': `OPENAI_API_KEY=${keys.env}\n`,
      '.env.local': `VITE_OPENAI_API_KEY=${keys.pub}\n`,
      '.gitignore': '.env.local\n',
    },
    {},
    { git: true },
  );
  after(() => p.cleanup());
  const all = Object.values(keys);
  const noSecret = (text: string) => {
    for (const k of all) assert.ok(!text.includes(k), 'a full key appears in the output');
  };

  it('finds the keys, exits 1, never prints a key', async () => {
    const r = await scan(p.root, '.', '--format', 'json');
    assert.equal(r.code, 1);
    noSecret(r.out + r.err);
    const doc = JSON.parse(r.out) as {
      findings: Array<{ id: string; location?: { path: string; line?: number }; severity: string }>;
    };
    const ids = doc.findings.map((f) => `${f.id} ${f.location?.path}`).sort();
    assert.deepEqual(ids, [
      'dotenv-not-ignored .env',
      'key-exposed-to-client .env.local',
      'key-hardcoded bot/llm.py',
      'key-hardcoded docs/setup md.md',
      'key-in-ci-config .github/workflows/ci.yml',
    ]);
    for (const fmt of ['text', 'markdown', 'sarif']) noSecret((await scan(p.root, '--format', fmt, '--no-color')).out);
  });

  it('SARIF 2.1.0 with rules, help links, locations and fingerprints', async () => {
    const r = await scan(p.root, '--format', 'sarif');
    assert.equal(r.code, 1);
    const log = JSON.parse(r.out) as SarifLog;
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    const run = log.runs[0];
    assert.ok(run);
    assert.equal(run.tool.driver.name, 'keydoctor');
    assert.match(run.tool.driver.version, /^\d+\.\d+\.\d+/);
    const ruleIds = run.tool.driver.rules.map((x) => x.id);
    assert.deepEqual(ruleIds, [...new Set(ruleIds)].sort(), 'rules unique and sorted');
    for (const rule of run.tool.driver.rules) {
      assert.equal(rule.helpUri, docsUrl(rule.id));
      assert.ok(rule.shortDescription.text.length > 0 && rule.fullDescription.text.length > 0);
      assert.match(rule.name, /^[A-Z][A-Za-z0-9]+$/);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
    }
    assert.equal(run.results.length, 5);
    for (const res of run.results) {
      assert.equal(run.tool.driver.rules[res.ruleIndex]?.id, res.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(res.level));
      assert.ok(res.message.text.length > 0);
      const loc = res.locations[0]?.physicalLocation;
      assert.ok(loc);
      assert.ok(!loc.artifactLocation.uri.startsWith('/'), 'relative uri');
      assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
      assert.ok((loc.region?.startLine ?? 0) >= 1);
      assert.match(Object.values(res.partialFingerprints)[0] ?? '', /^[0-9a-f]{32}$/);
    }
    assert.ok(run.results.some((x) => x.locations[0]?.physicalLocation.artifactLocation.uri === 'docs/setup%20md.md'));
    assert.match(run.originalUriBaseIds?.['%SRCROOT%']?.uri ?? '', /^file:\/\/\/.*\/$/);
  });

  it('baseline: written when missing, then suppresses by fingerprint; new keys still fail', async () => {
    const q = tempProject({ 'a.py': `K = "${keys.src}"\n` });
    try {
      const first = await scan(q.root, '--baseline', 'kd-baseline.json', '--format', 'json');
      assert.equal(first.code, 0);
      const file = readFileSync(join(q.root, 'kd-baseline.json'), 'utf8');
      noSecret(file);
      assert.ok(!file.includes(keys.src.slice(8, 30)));
      const b = JSON.parse(file) as { entries: Array<{ fingerprint: string; path: string }> };
      assert.deepEqual(
        b.entries.map((e) => e.path),
        ['a.py'],
      );
      const again = await scan(q.root, '--baseline', 'kd-baseline.json', '--format', 'json');
      assert.equal(again.code, 0);
      assert.match(again.out, /passed over \(baseline/);
      writeFileSync(join(q.root, 'b.py'), `K2 = "${keys.ci}"\n`);
      const next = await scan(q.root, '--baseline', 'kd-baseline.json', '--format', 'json');
      assert.equal(next.code, 1);
      assert.deepEqual(
        (JSON.parse(next.out) as { findings: Array<{ location: { path: string } }> }).findings.map(
          (f) => f.location.path,
        ),
        ['b.py'],
      );
      assert.equal((await scan(q.root, '--baseline', 'kd-baseline.json', '--update-baseline')).code, 0);
      assert.equal(
        (JSON.parse(readFileSync(join(q.root, 'kd-baseline.json'), 'utf8')) as { entries: unknown[] }).entries.length,
        2,
      );
      assert.equal((await scan(q.root, '--baseline', 'kd-baseline.json')).code, 0);
    } finally {
      q.cleanup();
    }
  });

  it('--staged reports only what the next commit adds; --history finds removed keys', async () => {
    const q = tempProject({ 'old.py': `K = "${keys.src}"\n` }, {}, { git: true });
    try {
      const env = {
        ...process.env,
        GIT_AUTHOR_NAME: 'T',
        GIT_AUTHOR_EMAIL: 't@example.com',
        GIT_COMMITTER_NAME: 'T',
        GIT_COMMITTER_EMAIL: 't@example.com',
      };
      writeFileSync(join(q.root, 'old.py'), 'K = os.environ["OPENAI_API_KEY"]\n');
      execFileSync('git', ['commit', '-qam', 'rm key'], { cwd: q.root, env });
      assert.equal((await scan(q.root, '--staged')).code, 0);
      writeFileSync(join(q.root, '.env'), `OPENAI_API_KEY=${keys.env}\n`);
      execFileSync('git', ['add', '.env'], { cwd: q.root });
      const st = await scan(q.root, '--staged', '--format', 'json');
      assert.equal(st.code, 1);
      assert.deepEqual(
        (JSON.parse(st.out) as { findings: Array<{ id: string }> }).findings.map((f) => f.id),
        ['dotenv-not-ignored'],
      );
      const h = await scan(q.root, '--history', '--format', 'json');
      const ids = (JSON.parse(h.out) as { findings: Array<{ id: string; location: { path: string } }> }).findings.map(
        (f) => `${f.id} ${f.location.path}`,
      );
      assert.ok(ids.includes('key-in-git-history old.py'), ids.join(', '));
      noSecret(h.out);
    } finally {
      q.cleanup();
    }
  });

  it('--no-ignore includes ignored files', async () => {
    const q = tempProject({ '.gitignore': 'scratch/\n', 'scratch/try.py': `K = "${keys.src}"\n` });
    try {
      assert.equal((await scan(q.root)).code, 0);
      assert.equal((await scan(q.root, '--no-ignore')).code, 1);
    } finally {
      q.cleanup();
    }
  });

  it('usage errors exit 2', async () => {
    for (const args of [
      ['--format', 'xml'],
      ['--update-baseline'],
      ['/definitely/not/here'],
      ['--workers', 'many'],
      ['a', 'b'],
    ]) {
      assert.equal((await scan(p.root, ...args)).code, 2, args.join(' '));
    }
    assert.equal((await scan(p.root, '--help')).code, 0);
  });

  it('a broken baseline is a usage error, not a crash', async () => {
    const f = join(p.dir, 'broken-baseline.json');
    writeFileSync(f, '{ not json');
    assert.equal((await scan(p.root, '--baseline', f)).code, 2);
    assert.ok(existsSync(f));
  });

  it("keydoctor's own repository scans clean", async () => {
    const r = await scan(process.cwd(), '.', '--format', 'json');
    const doc = JSON.parse(r.out) as { findings: Array<{ id: string; location?: { path: string } }> };
    assert.deepEqual(
      doc.findings.map((f) => `${f.id} ${f.location?.path}`),
      [],
    );
    assert.equal(r.code, 0);
  });
});

describe('keydoctor scan --verify', () => {
  // The keys a scan finds are the tree's, not this shell's: an OPENAI_BASE_URL that is a gateway
  // or proxy must not receive them all. Only OpenAI (or this machine) is asked.
  it('an OPENAI_BASE_URL that is neither OpenAI nor this machine is not sent the keys found: they are asked about at api.openai.com, and the note says so', async () => {
    const found = openaiKey('proj', 'verify-gateway');
    // A proxy on loopback stands for the network: it records where each request was going, answers nothing.
    const targets: string[] = [];
    const proxy = createServer((req, res) => {
      targets.push(`${req.method} ${req.url}`);
      res.writeHead(502);
      res.end();
    });
    proxy.on('connect', (req, socket) => {
      targets.push(`CONNECT ${req.url}`);
      socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    });
    await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', () => ok()));
    const at = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
    const q = tempProject({ 'a.py': `A = "${found}"\n` });
    try {
      const o = io(q.root);
      o.env = { OPENAI_BASE_URL: 'https://gateway.example.com/v1', HTTPS_PROXY: at, HTTP_PROXY: at };
      await main(['scan', '--verify', '--format', 'json', '--timeout', '3000'], o);
      assert.ok(targets.length >= 1, 'the verification was attempted');
      assert.ok(!targets.some((t) => t.includes('gateway.example.com')), `sent to the gateway: ${targets.join(', ')}`);
      assert.ok(
        targets.every((t) => t.includes('api.openai.com')),
        targets.join(', '),
      );
      assert.match(o.out, /not at OPENAI_BASE_URL \(gateway\.example\.com\)/);
      assert.ok(!o.out.includes(found));
    } finally {
      q.cleanup();
      await new Promise<void>((ok) => proxy.close(() => ok()));
    }
  });

  it('asks once per distinct OpenAI key and marks live / revoked; other providers are not sent', async () => {
    const { createServer } = await import('node:http');
    const live = openaiKey('proj', 'verify-live');
    const dead = openaiKey('legacy', 'verify-dead');
    const seen: string[] = [];
    const server = createServer((req, res) => {
      const auth = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      seen.push(auth);
      if (auth === live) {
        res.writeHead(200, { 'content-type': 'application/json', 'openai-organization': 'user-x' });
        res.end(JSON.stringify({ object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model' }] }));
      } else {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: {
              message:
                'Incorrect API key provided: sk-xxxx. You can find your API key at https://platform.openai.com/account/api-keys.',
              type: 'invalid_request_error',
              param: null,
              code: 'invalid_api_key',
            },
          }),
        );
      }
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
    const port = (server.address() as { port: number }).port;
    const q = tempProject({
      'a.py': `A = "${live}"\nB = "${live}"\n`,
      'b.py': `C = "${dead}"\n`,
      'c.py': `D = "${foreignKey('anthropic', 'verify')}"\n`,
    });
    try {
      const o = io(q.root);
      o.env = { OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`, NO_PROXY: '*' };
      const code = await main(['scan', '--verify', '--format', 'json'], o);
      assert.equal(code, 1);
      const doc = JSON.parse(o.out) as {
        findings: Array<{ location: { path: string }; data: { verified?: string }; message: string }>;
        data: { scan: { verified: { checked: number; live: number; revoked: number } } };
      };
      const by = (p: string) => doc.findings.filter((f) => f.location.path === p).map((f) => f.data.verified);
      assert.deepEqual(by('a.py'), ['live', 'live']);
      assert.deepEqual(by('b.py'), ['revoked']);
      assert.deepEqual(by('c.py'), [undefined]);
      assert.equal(new Set(seen.filter((s) => s === live)).size, 1);
      assert.equal(seen.filter((s) => s === live).length, 1, 'each distinct key is asked about once');
      assert.ok(!seen.some((s) => s.startsWith('sk-ant')), 'other providers are never sent');
      assert.deepEqual(
        [doc.data.scan.verified.checked, doc.data.scan.verified.live, doc.data.scan.verified.revoked],
        [2, 1, 1],
      );
      assert.match(doc.findings.find((f) => f.location.path === 'a.py')?.message ?? '', /verified working right now/);
      assert.ok(!o.out.includes(live) && !o.out.includes(dead));
    } finally {
      q.cleanup();
      server.close();
    }
  });
});
