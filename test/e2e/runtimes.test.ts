/**
 * Runtime configuration: bunfig.toml `env = false`, deno.json tasks, wrangler dev's .dev.vars / .env.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { doctorOn as doctor, json } from '../helpers/doctor.js';
import { openaiKey } from '../helpers/keys.js';

const key = openaiKey('proj', 'e2e-runtimes');
const nodeApp =
  "import OpenAI from 'openai';\nconst client = new OpenAI();\nconsole.log(await client.models.list());\n";

describe('bunfig.toml env = false', () => {
  const files = (bunfig?: string) => ({
    'package.json': json({
      name: 'b',
      type: 'module',
      scripts: { start: 'bun run server.ts' },
      dependencies: { openai: '^4.80.0' },
    }),
    'server.ts': nodeApp,
    '.env': `OPENAI_API_KEY=${key}\n`,
    '.gitignore': '.env\n',
    ...(bunfig ? { 'bunfig.toml': bunfig } : {}),
  });
  it('without it Bun loads .env: healthy', async () => {
    const r = await doctor(files('[install]\nexact = true\n'));
    assert.deepEqual(r.errors, []);
    assert.equal(r.target('node:start')?.vars.OPENAI_API_KEY?.value, key);
  });
  it('with env = false Bun loads nothing: the target lacks the key and says why', async () => {
    const r = await doctor(files('env = false\n'));
    const t = r.target('node:start');
    assert.equal(t?.vars.OPENAI_API_KEY?.winner, undefined);
    assert.match(t?.loading ?? '', /bunfig\.toml: env = false/);
    assert.ok(
      r.report.findings.some(
        (f) => f.severity === 'error' && f.target === 'node:start' && /env = false/.test(JSON.stringify(f)),
      ),
      r.errors.join('\n'),
    );
  });
});

describe('deno.json tasks', () => {
  const files = (task: string) => ({
    'deno.jsonc': `{\n  // tasks\n  "tasks": {\n    "dev": "${task}"\n  },\n  "imports": { "openai": "npm:openai@^4" }\n}\n`,
    'main.ts': nodeApp,
    '.env': `OPENAI_API_KEY=${key}\n`,
    '.gitignore': '.env\n',
  });
  it('deno run --env-file: the task reads .env (healthy)', async () => {
    const r = await doctor(files('deno run --env-file -A main.ts'));
    const t = r.target('deno:dev');
    assert.ok(t, r.targetIds.join(', '));
    assert.equal(t.vars.OPENAI_API_KEY?.value, key);
    assert.ok(!r.report.findings.some((f) => f.severity === 'error' && f.target === 'deno:dev'), r.errors.join('\n'));
  });
  it('without --env-file Deno loads no .env: the task lacks the key', async () => {
    const r = await doctor(files('deno run -A --watch main.ts'));
    const t = r.target('deno:dev');
    assert.equal(t?.vars.OPENAI_API_KEY?.winner, undefined);
    assert.match(t?.loading ?? '', /no \.env file by itself/);
    assert.ok(
      r.report.findings.some((f) => f.severity === 'error' && f.target === 'deno:dev'),
      r.ids.join(', '),
    );
  });
});

describe('wrangler dev', () => {
  const worker =
    "import OpenAI from 'openai';\nexport default { async fetch(req, env) { const client = new OpenAI({ apiKey: env.OPENAI_API_KEY }); return new Response('ok'); } };\n";
  const base = {
    'package.json': json({
      name: 'w',
      scripts: { dev: 'wrangler dev' },
      dependencies: { openai: '^4.80.0' },
      devDependencies: { wrangler: '^4.0.0' },
    }),
    'src/index.js': worker,
    'wrangler.toml': 'name = "w"\nmain = "src/index.js"\n\n[vars]\nLOG_LEVEL = "info"\n',
    '.gitignore': '.dev.vars*\n.env*\n',
  };
  it('.dev.vars with the key: healthy; the loading line says where deployed secrets come from', async () => {
    const r = await doctor({ ...base, '.dev.vars': `OPENAI_API_KEY=${key}\n` });
    const t = r.target('wrangler:dev');
    assert.ok(t, r.targetIds.join(', '));
    assert.equal(t.vars.OPENAI_API_KEY?.value, key);
    assert.match(t.loading ?? '', /wrangler secret put OPENAI_API_KEY/);
    assert.deepEqual(r.errors, []);
  });
  it('a .dev.vars file hides .env: the key only in .env does not reach the Worker', async () => {
    const r = await doctor({ ...base, '.dev.vars': 'LOG_LEVEL=debug\n', '.env': `OPENAI_API_KEY=${key}\n` });
    const t = r.target('wrangler:dev');
    assert.equal(t?.vars.OPENAI_API_KEY?.winner, undefined);
    assert.ok(
      r.report.findings.some((f) => f.severity === 'error' && f.target === 'wrangler:dev'),
      r.ids.join(', '),
    );
  });
  it('the key in wrangler.toml [vars] is committed config: key-hardcoded names its line', async () => {
    const r = await doctor({
      ...base,
      'wrangler.toml': `name = "w"\nmain = "src/index.js"\n\n[vars]\nOPENAI_API_KEY = "${key}"\n`,
    });
    assert.equal(r.target('wrangler:dev')?.vars.OPENAI_API_KEY?.winner?.location?.line, 5);
    assert.ok(
      r.report.findings.some(
        (f) => f.id === 'key-hardcoded' && f.location?.path === 'wrangler.toml' && f.location.line === 5,
      ),
      r.ids.join(', '),
    );
  });
});
