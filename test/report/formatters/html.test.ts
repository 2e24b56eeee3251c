import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { main } from '../../../src/cli/main.js';
import { diagnose } from '../../../src/pipeline/diagnose.js';
import type { CliIO } from '../../../src/cli/io.js';
import { formatHtml, escapeHtml } from '../../../src/report/formatters/html.js';
import { buildReport } from '../../../src/report/report.js';
import { SecretSet } from '../../../src/keys/mask.js';
import { brokenProject } from '../../helpers/broken-project.js';
import { openaiKey } from '../../helpers/keys.js';
import { metaFor } from '../../../src/checks/registry.js';

async function run(cwd: string, env: Record<string, string>, ...args: string[]) {
  const o = { out: '', err: '' };
  const io: CliIO = {
    stdout: (s) => void (o.out += s),
    stderr: (s) => void (o.err += s),
    readStdin: async () => '',
    isTTY: false,
    env,
    cwd,
  };
  const code = await main(args, io);
  return { code, ...o };
}

/** The doctor's masked report on the project, with its own HOME. */
const doctor = (p: ReturnType<typeof brokenProject>) =>
  diagnose({ root: p.root, home: p.home, env: p.env, offline: true });

const sha = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

describe('--format html', () => {
  const p = brokenProject('html-unit');
  after(() => p.cleanup());

  it('is one self-contained page: nothing loaded from elsewhere, only its own style and script run', async () => {
    const { out } = await run(p.root, p.env, '--offline', '--format', 'html', p.root);
    assert.match(out, /^<!doctype html>/);
    assert.doesNotMatch(out, /<link\b|\bsrc=|@import|url\(/i);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(out)?.[1]?.replace(/&#39;/g, "'");
    assert.ok(csp, 'has a CSP');
    assert.match(csp, /default-src 'none'/);
    const style = /<style>([\s\S]*?)<\/style>/.exec(out)?.[1] ?? '';
    const script = /<script>([\s\S]*?)<\/script>/.exec(out)?.[1] ?? '';
    assert.ok(csp.includes(`style-src ${sha(style)}`), 'the style is allowed by its hash');
    assert.ok(csp.includes(`script-src ${sha(script)}`), 'the script is allowed by its hash');
    assert.equal(out.match(/<script/g)?.length, 1);
    assert.equal(out.match(/<style/g)?.length, 1);
  });

  it('masks every key and shows every finding with its fix and a copy button per command', async () => {
    const json = await doctor(p);
    const out = formatHtml(json);
    assert.ok(!out.includes(p.oldKey) && !out.includes(p.newKey), 'no full key');
    assert.ok(!out.includes(p.newKey.slice(12, 60)), 'not even a long run of a key');
    assert.ok(json.findings.length >= 2);
    assert.equal(out.match(/<article class="finding /g)?.length, json.findings.length);
    for (const f of json.findings) assert.ok(out.includes(`data-id="${f.id}"`), f.id);
    const commands = json.findings.filter((f) => f.fix?.command).length;
    assert.ok(commands >= 1);
    assert.equal(out.match(/<button type="button" class="copy"/g)?.length, commands);
  });

  it('draws each chain towards its winner: the winning source is the last box', async () => {
    const report = await doctor(p);
    const out = formatHtml(report);
    const chains = [...out.matchAll(/<ol class="chain"[^>]*>([\s\S]*?)<\/ol>/g)].map((m) =>
      [...(m[1] ?? '').matchAll(/data-status="([^"]+)"/g)].map((x) => x[1]),
    );
    assert.ok(chains.length >= 1);
    for (const c of chains) if (c.includes('won')) assert.equal(c.at(-1), 'won', c.join(' → '));
    assert.ok(out.includes('~/.zshrc'), 'the old key in ~/.zshrc is a box of a chain');
    assert.ok(
      chains.some((c) => c.length >= 2),
      'at least one chain with two sources',
    );
  });

  it('escapes what it shows', () => {
    const key = openaiKey('proj', 'html-escape');
    const secrets = new SecretSet();
    secrets.add(key);
    const report = buildReport(
      {
        meta: metaFor,
        command: 'scan',
        root: '/tmp/<x>',
        findings: [
          {
            id: 'key-hardcoded',
            message: `<img src=x onerror=alert(1)> "quoted" ${key}`,
            location: { path: 'a&b.py', line: 1 },
            fix: { summary: 'do </script>', command: `echo '<b>' && rm "x"` },
          },
        ],
      },
      secrets,
    );
    const html = formatHtml(report);
    assert.ok(!html.includes('<img'), 'markup in a message is text');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot;'));
    assert.ok(html.includes('a&amp;b.py:1'));
    assert.ok(html.includes('echo &#39;&lt;b&gt;&#39; &amp;&amp; rm &quot;x&quot;'));
    assert.equal(html.match(/<\/script>/g)?.length, 1);
    assert.ok(!html.includes(key));
    assert.equal(escapeHtml(`<&>"'`), '&lt;&amp;&gt;&quot;&#39;');
  });
});
