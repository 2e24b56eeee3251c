import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collect } from './util.js';

describe('deployment files that are odd, broken or unusual', () => {
  it('never crash and never produce findings', async () => {
    const r = await collect({
      Dockerfile: Buffer.from([0, 1, 2, 3, 70, 82, 79, 77]),
      'Dockerfile.dev': '',
      'docker/Containerfile': '# only a comment\n\\\n',
      'compose.yaml': 'services:\n',
      'compose.override.yaml': 'services:\n  api: ~\n  web: "text"\n  db:\n    environment: 42\n    env_file: {}\n',
      'docker-compose.test.yml': '- just\n- a list\n',
      'k8s/a.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: x\nspec: "string"\n---\n---\napiVersion: v1\nkind: Pod\nspec:\n  containers: "nope"\n---\napiVersion: v1\nkind: Secret\ndata: [1, 2]\n',
      'k8s/b.json': '[{"apiVersion": "v1", "kind": "ConfigMap"}]',
      'k8s/c.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  OPENAI_API_KEY: "%%%not base64%%%"\n',
      'kustomization.yaml':
        'secretGenerator: "x"\nconfigMapGenerator:\n  - literals: [NOEQUALS]\n  - name: c\n    envs: [missing.env]\n',
      'chart/Chart.yaml': 'apiVersion: v2\nname: c\n',
      'chart/values.yaml': '{{ broken\n',
      'chart/templates/x.yaml': '{{\n',
      'chart/templates/y.yaml': 'kind: {{ .Values.kind }}\napiVersion: v1\n',
      '.github/workflows/a.yml': 'jobs: []\n',
      '.github/workflows/b.yml': 'on:\njobs:\n  x: 3\n',
      '.gitlab-ci.yml': 'variables: 3\njob: "x"\n',
      '.circleci/config.yml': 'jobs:\n  a: []\nworkflows: 7\n',
      'vercel.json': '[]',
      'netlify.toml': '[build]\nenvironment = 3\n',
      'serverless.yml': 'functions: "x"\nprovider: 3\n',
      'infra/main.tf': 'resource "aws_lambda_function" "f" {\n  environment {\n    variables = {\n',
      'render.yaml': 'services: 3\n',
      'run.sh': 'docker run --env-file\ndocker run -e\ndocker build -f\nkubectl create secret generic\n',
      'README.md': '```\ndocker run --env-file missing.env img\n',
    });
    assert.deepEqual(
      r.findings.filter((f) => f.id !== 'compose-env-file-missing'),
      [],
    );
    assert.ok(r.facts.notes.length > 0);
    assert.ok(r.facts.notes.some((n) => n.path === 'k8s/c.yaml' && n.kind === 'encoding'));
    assert.ok(r.facts.notes.some((n) => n.path === 'chart/templates/x.yaml'));
  });
});
