import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { composeProjects } from '../../src/deploy/compose.js';
import { openaiKey } from '../helpers/keys.js';
import { collect, ids } from './util.js';

const app = {
  'server.js': "const OpenAI = require('openai');\nconst client = new OpenAI();\n",
  'package.json': '{"name":"api","dependencies":{"openai":"^6.0.0"}}',
};

describe('compose projects', () => {
  it('merges the override file with its base, and variants on the base', () => {
    const p = composeProjects([
      'docker-compose.yml',
      'docker-compose.override.yml',
      'docker-compose.prod.yml',
      'svc/compose.yaml',
    ]);
    assert.deepEqual(p, [
      { dir: '', files: ['docker-compose.yml', 'docker-compose.override.yml'] },
      { dir: '', files: ['docker-compose.yml', 'docker-compose.prod.yml'], variant: 'prod' },
      { dir: 'svc', files: ['svc/compose.yaml'] },
    ]);
  });
  it('a dashed file (docker-compose-hub.yaml, DocsGPT) is a compose project of its own', () => {
    const p = composeProjects(['deployment/docker-compose.yaml', 'deployment/docker-compose-hub.yaml']);
    assert.deepEqual(p, [
      { dir: 'deployment', files: ['deployment/docker-compose.yaml'] },
      { dir: 'deployment', files: ['deployment/docker-compose-hub.yaml'], variant: 'hub' },
    ]);
  });
  it("an example's file (docker-compose.image.example.yaml, SuperAGI) is a whole file of its own, not a layer", () => {
    const p = composeProjects(['docker-compose.yaml', 'docker-compose.image.example.yaml', 'docker-compose.gpu.yml']);
    assert.deepEqual(p, [
      { dir: '', files: ['docker-compose.yaml'] },
      { dir: '', files: ['docker-compose.image.example.yaml'], variant: 'image.example' },
      { dir: '', files: ['docker-compose.yaml', 'docker-compose.gpu.yml'], variant: 'gpu' },
    ]);
  });
  it('its services are targets, read like any compose file', async () => {
    const r = await collect({
      ...app,
      'docker-compose-hub.yaml':
        'services:\n  api:\n    image: me/api\n    environment:\n      - OPENAI_API_KEY=${OPENAI_API_KEY}\n',
    });
    assert.ok(
      r.targets.some((x) => x.id === 'compose[hub]:api'),
      r.targets.map((t) => t.id).join(', '),
    );
    assert.ok(ids(r.findings).includes('compose-var-unset'), ids(r.findings).join(', '));
  });
});

describe('compose services as targets', () => {
  it("a service given anything-llm's OPEN_AI_KEY is a target, judged by that key", async () => {
    const short = openaiKey('proj', 'open-ai').slice(0, 60);
    const r = await collect({
      ...app,
      '.env': `OPEN_AI_KEY=${short}\n`,
      'docker-compose.yml': 'services:\n  api:\n    build: .\n    env_file: .env\n',
    });
    const t = r.targets.find((x) => x.id === 'compose:api');
    assert.ok(t, r.targets.map((x) => x.id).join(', '));
    assert.equal(t.keyVar, 'OPEN_AI_KEY');
    assert.equal(t.vars.OPEN_AI_KEY?.value, short);
  });

  it('a variable nothing defines: blank key, compose-var-unset', async () => {
    const r = await collect({
      ...app,
      'docker-compose.yml':
        'services:\n  api:\n    build: .\n    environment:\n      - OPENAI_API_KEY=${OPENAI_API_KEY}\n',
    });
    const t = r.targets.find((x) => x.id === 'compose:api');
    assert.equal(t?.vars.OPENAI_API_KEY?.value, '');
    assert.deepEqual(ids(r.findings), ['compose-var-unset']);
    assert.deepEqual(
      r.facts.deploy?.providedNames.map((p) => p.name),
      ['OPENAI_API_KEY'],
    );
  });

  it('the shell beats the project .env for interpolation; the .env value is listed as lost', async () => {
    const shellKey = openaiKey('proj', 'shell');
    const fileKey = openaiKey('proj', 'file');
    const r = await collect(
      {
        ...app,
        '.env': `OPENAI_API_KEY=${fileKey}\n`,
        'compose.yaml':
          'services:\n  api:\n    image: api\n    environment:\n      OPENAI_API_KEY: ${OPENAI_API_KEY}\n',
      },
      { OPENAI_API_KEY: shellKey },
    );
    const res = r.targets.find((x) => x.id === 'compose:api')?.vars.OPENAI_API_KEY;
    assert.equal(res?.value, shellKey);
    assert.equal(res?.chain[1]?.assignment.value, fileKey);
    assert.equal(res?.chain[1]?.assignment.location?.path, '.env');
    assert.deepEqual(ids(r.findings), []);
  });

  it('project .env fills ${VAR}; defaults apply; environment: beats env_file: (last env_file wins)', async () => {
    const k1 = openaiKey('proj', 'one');
    const k2 = openaiKey('proj', 'two');
    const k3 = openaiKey('proj', 'three');
    const r = await collect({
      ...app,
      '.env': `API_KEY=${k1}\n`,
      'config/common.env': `OPENAI_API_KEY=${k2}\nOPENAI_BASE_URL=https://example.invalid/v1\n`,
      'config/local.env': `OPENAI_API_KEY=${k3}\n`,
      'docker-compose.yml': [
        'x-env: &env',
        '  OPENAI_MODEL: ${MODEL:-gpt-4o-mini}',
        'services:',
        '  api:',
        '    image: api',
        '    env_file:',
        '      - ./config/common.env',
        '      - path: ./config/local.env',
        '        required: false',
        '      - path: ./config/missing.env',
        '        required: false',
        '    environment:',
        '      <<: *env',
        '      OPENAI_API_KEY: ${API_KEY}',
        '  worker:',
        '    image: api',
        '    profiles: [jobs]',
        '    env_file: config/common.env',
        '',
      ].join('\n'),
    });
    const api = r.targets.find((x) => x.id === 'compose:api');
    assert.equal(api?.vars.OPENAI_API_KEY?.value, k1);
    assert.deepEqual(
      api?.vars.OPENAI_API_KEY?.chain.map((c) => c.assignment.value),
      [k1, k3, k2],
    );
    assert.equal(api?.vars.OPENAI_MODEL?.value, 'gpt-4o-mini');
    const worker = r.targets.find((x) => x.id === 'compose:worker');
    assert.equal(worker?.vars.OPENAI_API_KEY?.value, k2);
    assert.match(worker?.label ?? '', /profile jobs/);
    assert.deepEqual(ids(r.findings), []);
  });

  it('an override file changes the service environment', async () => {
    const k = openaiKey('proj', 'ov');
    const r = await collect({
      ...app,
      'docker-compose.yml':
        'services:\n  api:\n    image: api\n    environment:\n      - OPENAI_API_KEY=${OPENAI_API_KEY}\n',
      'docker-compose.override.yml': `services:\n  api:\n    environment:\n      - OPENAI_API_KEY=${k}\n`,
    });
    assert.equal(r.targets.find((x) => x.id === 'compose:api')?.vars.OPENAI_API_KEY?.value, k);
    assert.deepEqual(ids(r.findings), []);
  });

  it('a key-only entry with nothing defining it removes the variable, even over env_file', async () => {
    const k = openaiKey('proj', 'ko');
    const r = await collect({
      ...app,
      'app.env': `OPENAI_API_KEY=${k}\n`,
      'compose.yml':
        'services:\n  api:\n    image: api\n    env_file: app.env\n    environment:\n      - OPENAI_API_KEY\n',
    });
    const res = r.targets.find((x) => x.id === 'compose:api')?.vars.OPENAI_API_KEY;
    assert.equal(res?.winner, undefined);
    assert.equal(res?.chain[0]?.status, 'overridden');
    assert.deepEqual(ids(r.findings), ['compose-var-unset']);
    assert.match(r.findings[0]?.message ?? '', /environment: wins/);
  });

  it('a missing required env_file is compose-env-file-missing, with the example as hint', async () => {
    const r = await collect({
      ...app,
      '.env.example': 'OPENAI_API_KEY=\n',
      'compose.yml': 'services:\n  api:\n    image: api\n    env_file: .env\n',
    });
    assert.deepEqual(ids(r.findings), ['compose-env-file-missing']);
    assert.match(r.findings[0]?.fix?.command ?? '', /cp \.env\.example \.env/);
  });

  it('${VAR:?msg} unset: compose refuses to start', async () => {
    const r = await collect({
      ...app,
      'compose.yml':
        'services:\n  api:\n    image: api\n    environment:\n      OPENAI_API_KEY: ${OPENAI_API_KEY:?set the key}\n',
    });
    assert.deepEqual(ids(r.findings), ['compose-var-unset']);
    assert.match(r.findings[0]?.message ?? '', /refuses to start/);
  });

  it('compose-var-unset names the .env.local compose does not read', async () => {
    const k = openaiKey('proj', 'loc');
    const p = await import('../../src/collect/dotenv/collector.js').catch(() => undefined);
    void p;
    const r = await collect({
      ...app,
      '.env.local': `OPENAI_API_KEY=${k}\n`,
      'compose.yml': 'services:\n  api:\n    image: api\n    environment:\n      - OPENAI_API_KEY=${OPENAI_API_KEY}\n',
    });
    assert.deepEqual(ids(r.findings), ['compose-var-unset']);
  });

  it('docker compose --env-file in a script feeds interpolation', async () => {
    const k = openaiKey('proj', 'cli');
    const r = await collect({
      ...app,
      'deploy/prod.env': `OPENAI_API_KEY=${k}\n`,
      'README.md': '```sh\ndocker compose --env-file deploy/prod.env up -d\n```\n',
      'compose.yml': 'services:\n  api:\n    image: api\n    environment:\n      - OPENAI_API_KEY=${OPENAI_API_KEY}\n',
    });
    assert.equal(r.targets.find((x) => x.id === 'compose:api')?.vars.OPENAI_API_KEY?.value, k);
    assert.deepEqual(r.facts.deploy?.compose?.[0]?.cliEnvFiles, ['deploy/prod.env']);
    assert.deepEqual(ids(r.findings), []);
  });

  it('services that never mention OpenAI are no targets; malformed compose files are notes', async () => {
    const r = await collect({
      'docker-compose.yml':
        'services:\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: ${PGPASS:-x}\n',
      'svc/compose.yaml': 'services:\n  api: [unclosed\n',
    });
    assert.deepEqual(r.targets, []);
    assert.ok(r.facts.notes.some((n) => n.kind === 'parse-error' && n.path === 'svc/compose.yaml'));
    assert.deepEqual(r.findings, []);
  });

  it('the image ENV from the build context is the lowest source', async () => {
    const k = openaiKey('proj', 'img');
    const r = await collect({
      ...app,
      Dockerfile: `FROM node:22\nENV OPENAI_API_KEY=${k}\n`,
      'compose.yml': 'services:\n  api:\n    build: .\n',
    });
    const res = r.targets.find((x) => x.id === 'compose:api')?.vars.OPENAI_API_KEY;
    assert.equal(res?.value, k);
    assert.equal(res?.winner?.kind, 'dockerfile');
  });
});
