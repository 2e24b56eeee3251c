/** The doctor's live step and the live checks: each distinct key once, only where its target sends it. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LookupFunction } from 'node:net';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { runLiveStep } from '../../src/live/step.js';
import { checks as liveChecks } from '../../src/checks/live/index.js';
import { runChecks, runDiagnosis } from '../../src/pipeline/diagnose.js';
import type { Target } from '../../src/core/types.js';
import type { ClientConstruction, CodeFacts } from '../../src/code/types.js';
import { emptyFacts, targetWith } from '../helpers/check-tester.js';
import { foreignKey } from '../helpers/keys.js';
import { tempProject } from '../helpers/project.js';
import { K, worldConfig } from '../emulator/world.js';

let a: Emulator;
let b: Emulator;
before(async () => {
  a = await startEmulator(worldConfig());
  b = await startEmulator(worldConfig());
});
after(async () => {
  await a.close();
  await b.close();
});

function withVars(t: Target, vars: Record<string, string>): Target {
  const out = { ...t, vars: { ...t.vars } };
  for (const [name, value] of Object.entries(vars)) out.vars[name] = { name, chain: [], value };
  return out;
}

const noDns = (() => {
  throw new Error('no DNS lookups in this test');
}) as unknown as LookupFunction;

describe('runLiveStep', () => {
  it("verifies each distinct key once, with its target's base URL, and the checks locate findings at the key's source", async () => {
    const facts = emptyFacts();
    const t1 = withVars(targetWith(K.revoked, { id: 'python:app.py', label: 'python app.py' }), {
      OPENAI_BASE_URL: `${a.url}/v1`,
    });
    const t2 = withVars(
      targetWith(K.revoked, { id: 'node:start', label: 'npm start' }, { location: { path: '.env.local', line: 3 } }),
      { OPENAI_BASE_URL: `${a.url}/v1` },
    );
    const t3 = withVars(
      targetWith(
        K.good,
        { id: 'compose:api', label: 'compose service api' },
        { kind: 'compose', location: { path: 'docker-compose.yml', line: 7 } },
      ),
      { OPENAI_BASE_URL: `${b.url}/v1` },
    );
    const beforeA = a.requests();
    const beforeB = b.requests();
    await runLiveStep(facts, [t1, t2, t3], { lookup: noDns });
    const results = facts.live?.results ?? [];
    assert.equal(results.length, 2);
    assert.deepEqual(results[0]?.targets, ['python:app.py', 'node:start']);
    assert.deepEqual(results[1]?.targets, ['compose:api']);
    assert.equal(a.requests() - beforeA, 1, 'a rejected key: one request, no probes');
    assert.equal(b.requests() - beforeB, 2, 'a working key: the key check and the model.request probe');
    const { findings } = runChecks(facts, [t1, t2, t3], liveChecks);
    const invalid = findings.filter((f) => f.id === 'live-invalid-key');
    assert.equal(invalid.length, 1);
    assert.deepEqual(invalid[0]?.location, { path: '.env', line: 1 });
    assert.equal(invalid[0]?.target, 'python:app.py');
    assert.match(invalid[0]?.message ?? '', /used by the targets python app\.py, npm start/);
    const ok = findings.filter((f) => f.id === 'live-ok');
    assert.equal(ok.length, 1);
    assert.deepEqual(ok[0]?.location, { path: 'docker-compose.yml', line: 7 });
    assert.match(ok[0]?.message ?? '', /organization acme/);
    assert.ok(!JSON.stringify(findings).includes(K.revoked));
  });

  it('the same key with two base URLs is verified at each, never elsewhere; org/project headers come from the target', async () => {
    const facts = emptyFacts();
    const t1 = withVars(targetWith(K.good, { id: 't1' }), {
      OPENAI_BASE_URL: `${a.url}/v1`,
      OPENAI_ORG_ID: 'org-BBBBBBBBBBBBBBBBBBBBBBBB',
    });
    const t2 = withVars(targetWith(K.good, { id: 't2' }), { OPENAI_API_BASE: `${b.url}/v1` });
    await runLiveStep(facts, [t1, t2], { lookup: noDns });
    const [r1, r2] = facts.live?.results ?? [];
    assert.equal(r1?.endpoint, `${a.url}/v1/models`);
    assert.equal(r2?.endpoint, `${b.url}/v1/models`);
    assert.deepEqual(
      r1?.findings.map((f) => f.id),
      ['live-org-mismatch'],
    );
    assert.deepEqual(
      r2?.findings.map((f) => f.id),
      ['live-ok'],
    );
  });

  it('sends nothing for placeholders, empty keys, foreign keys bound for api.openai.com, or Azure without an endpoint', async () => {
    const facts = emptyFacts();
    const targets = [
      targetWith('sk-your-openai-api-key-here', { id: 'p', label: 'placeholder app' }),
      targetWith('', { id: 'e' }),
      targetWith(foreignKey('anthropic'), { id: 'f', label: 'anthropic app' }),
      {
        ...targetWith(K.azure, { id: 'z', label: 'azure app', keyVar: 'AZURE_OPENAI_API_KEY' }),
        azure: true,
        keyVar: 'AZURE_OPENAI_API_KEY',
        vars: { AZURE_OPENAI_API_KEY: { name: 'AZURE_OPENAI_API_KEY', chain: [], value: K.azure } },
      },
    ];
    await runLiveStep(facts, targets, { lookup: noDns });
    assert.deepEqual(facts.live?.results, []);
    const notes = facts.notes.map((n) => n.message).join('\n');
    assert.match(notes, /placeholder app: the key is a placeholder/);
    assert.match(notes, /anthropic app: the key \(Anthropic API key\) is not an OpenAI key/);
    assert.match(notes, /azure app: it uses Azure OpenAI but no endpoint/);
  });

  it('a base URL the code passes to its client wins over the environment; one computed in code sends nothing', async () => {
    const client = (baseURL: ClientConstruction['options']['baseURL']): ClientConstruction => ({
      file: 'app.py',
      line: 4,
      sdk: 'openai-python',
      language: 'python',
      options: { baseURL },
    });
    const code = (c: ClientConstruction): CodeFacts => ({
      files: [],
      entryPoints: [],
      envReads: [],
      dotenvLoads: [],
      clients: [c],
      sdk: {},
    });
    const t = withVars(targetWith(K.good, { id: 'python:app.py', label: 'python app.py' }), {
      OPENAI_BASE_URL: `${a.url}/v1`,
    });
    const literal = emptyFacts({ code: code(client({ kind: 'literal', value: `${b.url}/v1` })) });
    const beforeA = a.requests();
    await runLiveStep(literal, [t], { lookup: noDns });
    assert.equal(literal.live?.results[0]?.endpoint, `${b.url}/v1/models`);
    assert.equal(a.requests(), beforeA, "nothing went to the environment's base URL");
    const viaEnv = emptyFacts({ code: code(client({ kind: 'env', name: 'LLM_URL' })) });
    await runLiveStep(viaEnv, [withVars(t, { LLM_URL: `${b.url}/v1` })], { lookup: noDns });
    assert.equal(viaEnv.live?.results[0]?.endpoint, `${b.url}/v1/models`);
    const computed = emptyFacts({ code: code(client({ kind: 'other', text: 'settings.url' })) });
    await runLiveStep(computed, [t], { lookup: noDns });
    assert.deepEqual(computed.live?.results, []);
    assert.match(computed.notes.map((n) => n.message).join(' '), /base URL is computed in code/);
    assert.equal(a.requests(), beforeA);
  });

  it('Azure targets are verified at their endpoint with the api-key header', async () => {
    const facts = emptyFacts();
    const t: Target = {
      id: 'az',
      kind: 'python',
      label: 'azure app',
      keyVar: 'AZURE_OPENAI_API_KEY',
      azure: true,
      vars: {},
    };
    for (const [name, value] of Object.entries({
      AZURE_OPENAI_API_KEY: K.azure,
      AZURE_OPENAI_ENDPOINT: a.url,
      OPENAI_API_VERSION: '2024-10-21',
    }))
      t.vars[name] = { name, chain: [], value };
    await runLiveStep(facts, [t], { lookup: noDns });
    assert.deepEqual(
      facts.live?.results[0]?.findings.map((f) => f.id),
      ['live-ok'],
    );
    assert.equal(facts.live?.results[0]?.azure, true);
  });
});

describe('doctor with the live step', () => {
  it('reports live-invalid-key at the .env line, for a real project', async () => {
    const p = tempProject({
      '.env': `OPENAI_API_KEY=${K.revoked}\n`,
      '.gitignore': '.env\n',
      'app.py': 'from dotenv import load_dotenv\nfrom openai import OpenAI\nload_dotenv()\nclient = OpenAI()\n',
      'requirements.txt': 'openai\npython-dotenv\n',
    });
    try {
      const d = await runDiagnosis({
        root: p.root,
        home: p.home,
        env: { PATH: process.env.PATH, OPENAI_BASE_URL: `${a.url}/v1` },
      });
      const f = d.findings.find((x) => x.id === 'live-invalid-key');
      assert.ok(f, JSON.stringify(d.findings.map((x) => x.id)));
      assert.equal(f.location?.path, '.env');
      assert.equal(f.location?.line, 1);
      assert.ok(!d.findings.some((x) => x.id === 'live-network-error'));
    } finally {
      p.cleanup();
    }
  });

  it('--offline sends nothing', async () => {
    const p = tempProject({ '.env': `OPENAI_API_KEY=${K.good}\n`, 'app.py': 'from openai import OpenAI\n' });
    try {
      const before = a.requests();
      const d = await runDiagnosis({
        root: p.root,
        home: p.home,
        offline: true,
        env: { OPENAI_BASE_URL: `${a.url}/v1`, OPENAI_API_KEY: K.good },
      });
      assert.equal(d.facts.live, undefined);
      assert.equal(a.requests(), before);
    } finally {
      p.cleanup();
    }
  });
});
