/**
 * pm2 ecosystem files, systemd units and supervisord programs start the app with an environment of
 * their own: end to end through diagnose(), a healthy set-up gives no error, a broken one names the
 * file and line.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { doctorOn as doctor, json } from '../helpers/doctor.js';
import { openaiKey } from '../helpers/keys.js';
import { jsExport, supervisorEnv, systemdWords } from '../../src/collect/launchers/services.js';

const key = openaiKey('proj', 'e2e-services');
const old = openaiKey('proj', 'e2e-services-old');
const nodeApp =
  "import OpenAI from 'openai';\nconst client = new OpenAI();\nconsole.log(await client.models.list());\n";
const pyApp = 'from openai import OpenAI\n\nclient = OpenAI()\nprint(client.models.list())\n';
const pkg = (scripts: Record<string, string>) =>
  json({ name: 'api', type: 'module', scripts, dependencies: { openai: '^4.80.0' } });

describe('pm2 ecosystem files', () => {
  const eco = (envBlocks: string) =>
    `module.exports = {\n  apps: [\n    {\n      name: 'api',\n      script: './server.js',\n${envBlocks}    },\n  ],\n};\n`;
  it("env passes the shell's key on and sets the rest; the app loads .env: healthy", async () => {
    const r = await doctor({
      'package.json': json({
        name: 'api',
        type: 'module',
        scripts: { start: 'pm2 start ecosystem.config.js' },
        dependencies: { openai: '^4.80.0', dotenv: '^16.0.0' },
      }),
      'server.js': "import 'dotenv/config';\n" + nodeApp,
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
      'ecosystem.config.js': eco(
        `      env: {\n        NODE_ENV: 'development',\n        OPENAI_BASE_URL: 'https://api.openai.com/v1',\n      },\n`,
      ),
    });
    assert.deepEqual(r.errors, []);
    const t = r.target('pm2:ecosystem.config.js:api');
    assert.ok(t, r.targetIds.join(', '));
    assert.equal(t.vars.OPENAI_API_KEY?.winner?.location?.path, '.env');
    assert.equal(t.vars.OPENAI_BASE_URL?.winner?.location?.line, 8);
  });
  it('a key written into the ecosystem file is what the app gets, and it is exposed there (key-hardcoded at its line)', async () => {
    const r = await doctor({
      'package.json': pkg({ start: 'pm2 start ecosystem.config.js' }),
      'server.js': nodeApp,
      'ecosystem.config.js': eco(
        `      env: {\n        NODE_ENV: 'development',\n        OPENAI_API_KEY: '${key}',\n      },\n`,
      ),
    });
    const t = r.target('pm2:ecosystem.config.js:api');
    assert.equal(t?.vars.OPENAI_API_KEY?.winner?.location?.line, 8);
    assert.ok(
      r.report.findings.some(
        (f) => f.id === 'key-hardcoded' && f.location?.path === 'ecosystem.config.js' && f.location.line === 8,
      ),
      r.ids.join(', '),
    );
  });
  it('--env production merges env_production over env: its placeholder is what the app gets (ecosystem.config.js:11)', async () => {
    const r = await doctor(
      {
        'package.json': pkg({ 'start:prod': 'pm2 start ecosystem.config.js --env production' }),
        'server.js': nodeApp,
        'ecosystem.config.js': eco(
          `      env: {\n        OPENAI_API_KEY: '${key}',\n      },\n      env_production: {\n        NODE_ENV: 'production',\n        OPENAI_API_KEY: 'your-openai-api-key',\n      },\n`,
        ),
      },
      {},
      {},
    );
    const t = r.target('pm2:ecosystem.config.js:api:production');
    assert.ok(t, r.targetIds.join(', '));
    const f = r.report.findings.find((x) => x.id === 'key-placeholder' && x.target === t.id);
    assert.ok(f, r.ids.join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], ['ecosystem.config.js', 11]);
  });
  it('pm2 env beats .env for the app (the dotenv value never reaches it): key-shadowed or key-conflict names the ecosystem file', async () => {
    const r = await doctor({
      'package.json': json({
        name: 'api',
        type: 'module',
        scripts: { start: 'pm2 start ecosystem.config.json' },
        dependencies: { openai: '^4.80.0', dotenv: '^16.0.0' },
      }),
      'server.js': "import 'dotenv/config';\n" + nodeApp,
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
      'ecosystem.config.json': json({ apps: [{ name: 'api', script: 'server.js', env: { OPENAI_API_KEY: old } }] }),
    });
    const t = r.target('pm2:ecosystem.config.json:api');
    assert.ok(t);
    assert.equal(t.vars.OPENAI_API_KEY?.winner?.location?.path, 'ecosystem.config.json');
    assert.ok(
      r.report.findings.some(
        (f) =>
          (f.id === 'key-conflict' || f.id === 'key-shadowed') &&
          f.location?.path === 'ecosystem.config.json' &&
          f.location.line === 7,
      ),
      r.ids.join(', '),
    );
  });
  it("process.env.OPENAI_API_KEY || 'your_api_key_here': the shell's key when it has one, else the placeholder (which beats .env)", async () => {
    const files = {
      'package.json': pkg({ start: 'pm2 start ecosystem.config.cjs' }),
      'server.js': nodeApp,
      'ecosystem.config.cjs': eco(
        "      env: {\n        PORT: 3000,\n        OPENAI_API_KEY: process.env.OPENAI_API_KEY || 'your_api_key_here',\n      },\n",
      ),
    };
    const ok = await doctor(files, {}, { OPENAI_API_KEY: key });
    assert.deepEqual(ok.errors, []);
    const bad = await doctor(files);
    const f = bad.report.findings.find(
      (x) => x.id === 'key-placeholder' && x.target === 'pm2:ecosystem.config.cjs:api',
    );
    assert.ok(f, bad.ids.join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], ['ecosystem.config.cjs', 8]);
  });
  it("reads a JS export through a const and spreads, and keeps process.env as the shell's own value", () => {
    const v = jsExport(
      "const common = { LOG: 'info' };\nconst config = { apps: [{ name: 'w', script: 'w.js', env: { ...common, OPENAI_API_KEY: process.env.OPENAI_API_KEY, X: compute() } }] };\nexport default config;\n",
    );
    assert.equal(v?.kind, 'object');
    const s = JSON.stringify(v);
    assert.match(s, /"LOG"/);
    assert.match(s, /compute\(\)/);
  });
});

describe('systemd units', () => {
  const unit = (service: string) =>
    `[Unit]\nDescription=API\n\n[Service]\nWorkingDirectory=/opt/api\n${service}\n[Install]\nWantedBy=multi-user.target\n`;
  const base = { 'requirements.txt': 'openai>=1.40\n', 'main.py': pyApp };
  it("EnvironmentFile= naming the project's .env: healthy", async () => {
    const r = await doctor({
      ...base,
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
      'deploy/api.service': unit(
        'EnvironmentFile=/opt/api/.env\nExecStart=/opt/api/.venv/bin/python /opt/api/main.py\n',
      ),
    });
    assert.deepEqual(r.errors, []);
    const t = r.target('systemd:deploy/api.service');
    assert.ok(t, r.targetIds.join(', '));
    assert.equal(t.vars.OPENAI_API_KEY?.winner?.location?.path, '.env');
    assert.equal(t.entry, 'main.py');
  });
  it('a key only in the shell does not reach the service: key-missing for the unit', async () => {
    const r = await doctor(
      { ...base, 'deploy/api.service': unit('Environment=PYTHONUNBUFFERED=1\nExecStart=/usr/bin/python3 main.py\n') },
      { '.bashrc': `export OPENAI_API_KEY=${key}\n` },
      { OPENAI_API_KEY: key, SHELL: '/bin/bash' },
    );
    const f = r.report.findings.find((x) => x.id === 'key-missing' && x.target === 'systemd:deploy/api.service');
    assert.ok(f, r.ids.join(', '));
    assert.ok(
      !r.report.findings.some((x) => x.id === 'key-missing' && x.target !== 'systemd:deploy/api.service'),
      r.errors.join('\n'),
    );
  });
  it('Environment= with a quoted value: systemd removes the quotes; a placeholder there is named with its line', async () => {
    const r = await doctor({
      ...base,
      'deploy/api.service': unit(
        'Environment="OPENAI_API_KEY=sk-your-key-here" "LOG_LEVEL=info"\nExecStart=/usr/bin/python3 /opt/api/main.py\n',
      ),
    });
    const f = r.report.findings.find((x) => x.target === 'systemd:deploy/api.service' && x.severity === 'error');
    assert.ok(f, r.ids.join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], ['deploy/api.service', 6]);
  });
  it("EnvironmentFile=-/etc/api.env (on the server): the key comes from outside keydoctor's sight, never key-missing", async () => {
    const r = await doctor({
      ...base,
      'deploy/api.service': unit('EnvironmentFile=-/etc/api/api.env\nExecStart=/usr/bin/python3 /opt/api/main.py\n'),
    });
    assert.ok(
      !r.report.findings.some((x) => x.id === 'key-missing' && x.target === 'systemd:deploy/api.service'),
      r.ids.join(', '),
    );
    assert.match(JSON.stringify(r.target('systemd:deploy/api.service')?.external ?? []), /\/etc\/api\/api\.env/);
  });
  it('splits Environment= as systemd does', () => {
    assert.deepEqual(systemdWords('"A=b c" D=e F=\\"x\\"'), ['A=b c', 'D=e', 'F="x"']);
  });
});

describe('supervisord programs', () => {
  const conf = (env: string) =>
    `[supervisord]\nnodaemon=true\n\n[program:api]\ncommand=python3 main.py\ndirectory=/srv/api\n${env}autorestart=true\n`;
  const base = { 'requirements.txt': 'openai>=1.40\n', 'main.py': pyApp };
  it("environment= passing the key from supervisord's own environment (%(ENV_OPENAI_API_KEY)s): healthy", async () => {
    const r = await doctor(
      {
        ...base,
        'supervisord.conf': conf('environment=OPENAI_API_KEY="%(ENV_OPENAI_API_KEY)s",PYTHONUNBUFFERED="1"\n'),
      },
      {},
      { OPENAI_API_KEY: key },
    );
    assert.deepEqual(r.errors, []);
    const t = r.target('supervisord:supervisord.conf:api');
    assert.ok(t, r.targetIds.join(', '));
    assert.equal(t.vars.OPENAI_API_KEY?.value, key);
    assert.equal(t.vars.OPENAI_API_KEY?.winner?.location?.line, 7);
  });
  it('an empty key in environment= is named at its line', async () => {
    const r = await doctor({
      ...base,
      'supervisord.conf': conf('environment=OPENAI_API_KEY="",PYTHONUNBUFFERED="1"\n'),
    });
    const f = r.report.findings.find((x) => x.target === 'supervisord:supervisord.conf:api' && x.severity === 'error');
    assert.ok(f, r.ids.join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], ['supervisord.conf', 7]);
  });
  it('splits environment= at commas outside quotes', () => {
    assert.deepEqual(supervisorEnv('A="x,y",B=2, C=\'q\''), [
      { name: 'A', value: 'x,y' },
      { name: 'B', value: '2' },
      { name: 'C', value: 'q' },
    ]);
  });
});
