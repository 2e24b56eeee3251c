import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from '../../src/pipeline/diagnose.js';
import { openaiKey } from '../helpers/keys.js';
import { tempProject, type Tree } from '../helpers/project.js';
import { b64 } from '../deploy/util.js';

async function run(files: Tree, env: Record<string, string> = {}) {
  const p = tempProject(files);
  try {
    const report = await diagnose({ root: p.root, home: p.home, env, offline: true });
    return { report, json: JSON.stringify(report) };
  } finally {
    p.cleanup();
  }
}

describe('deployment wiring through the whole pipeline', () => {
  it('a baked key is reported and never printed', async () => {
    const key = openaiKey('proj', 'pipe-img');
    const { report, json } = await run({
      Dockerfile: `FROM python:3.12-slim\nENV OPENAI_API_KEY=${key}\nCOPY . .\n`,
      'app.py': 'from openai import OpenAI\nclient = OpenAI()\n',
    });
    assert.ok(report.findings.some((f) => f.id === 'key-in-docker-image' && f.area === 'deploy'));
    assert.ok(!json.includes(key));
    assert.ok(!json.includes(key.slice(20, 60)));
  });

  it('a decoded Secret with a trailing newline is reported, and neither the key nor its decoded form leaks', async () => {
    const key = openaiKey('proj', 'pipe-nl');
    const { report, json } = await run({
      'k8s/secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: openai\ndata:\n  api-key: ${b64(key + '\n')}\n`,
      'k8s/deploy.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: chat\nspec:\n  template:\n    spec:\n      containers:\n        - name: chat\n          image: chat:1\n          env:\n            - name: OPENAI_API_KEY\n              valueFrom:\n                secretKeyRef: { name: openai, key: api-key }\n',
    });
    const ids = new Set(report.findings.map((f) => f.id));
    assert.ok(ids.has('k8s-secret-trailing-newline'));
    assert.ok(!json.includes(key.slice(20, 60)));
  });

  it('a healthy compose project: no error finding about the compose service', async () => {
    const key = openaiKey('proj', 'pipe-ok');
    const { report } = await run({
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\nnode_modules\n',
      '.dockerignore': '.env\nnode_modules\n',
      'compose.yaml':
        'services:\n  api:\n    build: .\n    environment:\n      OPENAI_API_KEY: ${OPENAI_API_KEY:?set OPENAI_API_KEY}\n',
      Dockerfile: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n',
      'server.js': "const OpenAI = require('openai');\nconst client = new OpenAI();\n",
      'package.json': JSON.stringify({ name: 'api', dependencies: { openai: '^6.0.0' } }),
    });
    const bad = report.findings.filter(
      (f) => f.severity === 'error' && (f.area === 'deploy' || f.target === 'compose:api'),
    );
    assert.deepEqual(
      bad.map((f) => `${f.id}: ${f.message}`),
      [],
    );
    assert.ok(report.targets.some((t) => t.id === 'compose:api'));
  });
});
