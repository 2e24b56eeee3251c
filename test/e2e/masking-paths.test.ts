/**
 * Masking never damages the report (issue 11 item 6), end to end through the CLI: passwords that read
 * like a folder, a compose service, an area ("internal", "exposure") leave every location, target id,
 * label, area and finding id whole in text, JSON and Markdown, while the same value standing as a value
 * is masked (test/report/mask.test.ts checks that side on a report).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { AREA_TITLES } from '../../src/core/types.js';
import { tempProject } from '../helpers/project.js';

async function run(argv: string[], home: string): Promise<string> {
  let out = '';
  const io: CliIO = {
    stdout: (s) => void (out += s),
    stderr: (s) => void (out += s),
    readStdin: async () => '',
    isTTY: false,
    env: { HOME: home, NO_COLOR: '1' },
    cwd: process.cwd(),
  };
  await main(argv, io);
  return out;
}

describe('masking keeps paths, ids and areas whole (CLI)', () => {
  const files = {
    'docker-compose.yml': 'services:\n  service42:\n    build: ./service42\n    env_file: .env\n',
    '.env':
      'OPENAI_API_KEY=sk-your-key-here\nPOSTGRES_PASSWORD=service42\nREDIS_PASSWORD=internal\nAPI_TOKEN=exposure\nDB_PASSWORD=my_platform\n',
    '.gitignore': '.env\n',
    'service42/Dockerfile': 'FROM python:3.12@sha256:' + '0f9e'.repeat(16) + '\nCOPY . .\nCMD ["python", "main.py"]\n',
    'service42/main.py':
      'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import OpenAI\nclient = OpenAI()\n',
    'my_platform/main.py':
      'from dotenv import load_dotenv\nload_dotenv("../.env")\nfrom openai import OpenAI\nclient = OpenAI()\n',
    'requirements.txt': 'openai\npython-dotenv\n',
  };

  it('json: every location is a file of the project, no target, area or id is masked, the value is', async () => {
    const p = tempProject(files);
    try {
      const r = JSON.parse(await run(['doctor', p.root, '--offline', '--format', 'json'], p.home)) as {
        findings: Array<{ id: string; area: string; target?: string; message: string; location?: { path: string } }>;
        targets: Array<{ id: string; label: string; vars: Array<{ name: string; value?: string; from?: string }> }>;
        summary: { areas: Array<{ area: string }> };
      };
      assert.ok(r.findings.length > 0);
      for (const f of r.findings) {
        assert.ok(!/…/.test(`${f.id} ${f.area} ${f.target ?? ''} ${f.location?.path ?? ''}`), JSON.stringify(f));
        assert.ok(Object.hasOwn(AREA_TITLES, f.area), f.area);
      }
      for (const a of r.summary.areas) assert.ok(Object.hasOwn(AREA_TITLES, a.area), a.area);
      for (const t of r.targets) {
        assert.ok(!/…/.test(`${t.id} ${t.label}`), `${t.id} ${t.label}`);
        for (const v of t.vars) assert.ok(!v.from?.includes('…'), v.from);
      }
      assert.ok(
        r.targets.some((t) => t.id.includes('service42')),
        r.targets.map((t) => t.id).join(', '),
      );
      assert.ok(
        r.findings.some((f) => f.message.includes('docker compose service service42')),
        'the label in a message stays whole',
      );
      const text = JSON.stringify(r);
      assert.ok(!/"(?:internal|exposure)[^"]*…/.test(text));
      assert.ok(!text.includes('my_platform"') || text.includes('my_platform/'), 'the folder stays');
    } finally {
      p.cleanup();
    }
  });

  it('text and markdown: every area line has its title, paths stay whole', async () => {
    const p = tempProject(files);
    try {
      for (const fmt of ['text', 'markdown']) {
        const out = await run(['doctor', p.root, '--offline', '--format', fmt], p.home);
        assert.ok(!out.includes('undefined'), `${fmt}: ${out}`);
        for (const title of [AREA_TITLES.value, AREA_TITLES.sources, AREA_TITLES.exposure, AREA_TITLES.deploy])
          assert.ok(out.includes(title), `${fmt}: ${title}`);
        assert.ok(!/[a-z]…\/|:[a-z]…[\s\])]/.test(out), `${fmt}: a path or id is masked: ${out}`);
        assert.ok(out.includes('service42/main.py') || out.includes('service42'), fmt);
      }
    } finally {
      p.cleanup();
    }
  });
});
