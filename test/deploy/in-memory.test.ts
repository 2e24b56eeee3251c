// The deploy check tests build their facts in memory (util.ts inMemory): here, every reader path
// (compose's .env, --env-file and env_file: files, kustomize envs/files, kubectl --from-file,
// docker run --env-file, .dockerignore, Helm, CI, hosting, git-ignored manifests, odd bytes) gives
// the same facts, targets, findings and notes in memory as from a real folder on disk.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collect, inMemory, MEMORY_ROOT, type Collected } from './util.js';
import { openaiKey } from '../helpers/keys.js';
import type { Tree } from '../helpers/project.js';

const key = openaiKey('proj', 'mem');
const b64 = (s: string) => Buffer.from(s).toString('base64');

const TREES: Record<string, { tree: Tree; env?: Record<string, string> }> = {
  'compose with .env, --env-file in a Makefile, env_file: present, missing and absolute': {
    tree: {
      'docker-compose.yml': `services:\n  api:\n    build: .\n    env_file:\n      - .env.api\n      - path: ./missing.env\n        required: false\n      - /etc/keydoctor-none/app.env\n    environment:\n      - OPENAI_API_KEY=\${OPENAI_API_KEY}\n      - MODEL\n`,
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.env.api': 'MODEL=gpt-4o-mini\n',
      '.env.prod': `OPENAI_API_KEY=${key}\n`,
      Makefile: 'up:\n\tdocker compose --env-file .env.prod up -d\n',
      Dockerfile: 'FROM node:22\nCOPY . .\n',
      '.gitignore': '.env\n.env.*\n',
    },
    env: { MODEL: 'x' },
  },
  'compose project in a subfolder with a secret from a file': {
    tree: {
      'deploy/compose.yaml':
        'services:\n  api:\n    build: ..\n    secrets: [openai]\nsecrets:\n  openai:\n    file: ./secrets/openai.txt\n',
      'deploy/secrets/openai.txt': key,
      'deploy/.env': 'A=1\n',
    },
  },
  'kustomize generators with envs and files, present and missing': {
    tree: {
      'kustomization.yaml':
        'resources: [pod.yaml]\nsecretGenerator:\n  - name: openai\n    envs: [openai.env]\n    files: [api-key=key.txt, gone.txt]\nconfigMapGenerator:\n  - name: cfg\n    envs: [missing.env]\n    literals: [MODEL=gpt-4o]\n',
      'openai.env': `OPENAI_API_KEY=${key}\n`,
      'key.txt': `${key}\n`,
      'pod.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: chat\nspec:\n  containers:\n    - name: chat\n      image: chat:1\n      env:\n        - name: OPENAI_API_KEY\n          valueFrom:\n            secretKeyRef:\n              name: openai\n              key: api-key\n',
    },
  },
  'git-ignored Secret manifest, kubectl --from-file in a script and a workflow': {
    tree: {
      '.gitignore': 'secret.yaml\nk8s/*.key\n',
      'secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: openai\ndata:\n  api-key: ${b64(`${key}\n`)}\n`,
      'deploy.sh':
        '#!/bin/sh\nkubectl create secret generic creds --from-file=api-key=k8s/openai.key --from-file=missing.key\n',
      'k8s/openai.key': key,
      '.github/workflows/deploy.yml':
        'on: push\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n      - run: kubectl create secret generic w --from-file=api-key=k8s/openai.key\n',
      'k8s/cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  OPENAI_API_KEY: ${key}\n`,
    },
  },
  'docker run --env-file in docs and scripts, Dockerfiles and .dockerignore': {
    tree: {
      'README.md': '# app\n\n```sh\ndocker run --env-file .env.docker -e OPENAI_API_KEY app\n```\n',
      'scripts/run.sh': '#!/bin/sh\ndocker run --env-file ../.env.docker --env-file nowhere.env app\n',
      '.env.docker': `OPENAI_API_KEY="${key}"\n`,
      Dockerfile: `FROM python:3.12\nENV OPENAI_API_KEY=${key}\nCOPY . .\n`,
      'svc/Dockerfile': 'FROM node:22\nCOPY . /app\n',
      'svc/.env': `OPENAI_API_KEY=${key}\n`,
      '.dockerignore': '.env\n',
      Makefile: 'image:\n\tdocker build -f svc/Dockerfile .\n',
    },
  },
  'Helm chart, CI definitions and hosting configs': {
    tree: {
      'chart/Chart.yaml': 'apiVersion: v2\nname: c\n',
      'chart/values.yaml': `openai:\n  apiKey: ${key}\n`,
      'chart/templates/deploy.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          env:\n            - name: OPENAI_API_KEY\n              value: {{ .Values.openai.apiKey }}\n',
      '.github/workflows/ci.yml':
        'on: [pull_request]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    env:\n      OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n    steps:\n      - run: pytest\n',
      '.gitlab-ci.yml': 'test:\n  script: [pytest]\n  variables:\n    OPENAI_API_KEY: $OPENAI_API_KEY_PROD\n',
      'vercel.json': '{"env": {"OPENAI_API_KEY": "@openai"}}',
      'render.yaml':
        'services:\n  - type: web\n    name: api\n    envVars:\n      - key: OPENAI_API_KEY\n        sync: false\n',
    },
  },
  'odd bytes: binary, BOM, empty, broken YAML and JSON': {
    tree: {
      Dockerfile: Buffer.from([0, 1, 2, 3, 70, 82, 79, 77]),
      'compose.yaml': `\uFEFFservices:\n  api:\n    image: api\n    environment:\n      OPENAI_API_KEY: ${key}\n`,
      'compose.override.yaml': 'services:\n  api: ~\n  db:\n    environment: 42\n    env_file: {}\n',
      'k8s/a.yaml': 'apiVersion: v1\nkind: Secret\ndata: [1, 2]\n---\n{{ broken\n',
      'k8s/b.json': '[{"apiVersion": "v1", "kind": "ConfigMap"',
      'Dockerfile.dev': '',
    },
  },
};

/** What a run gives, with the temporary folder's path written as the in-memory root. */
function shape(r: Collected, root: string): unknown {
  const text = JSON.stringify(
    {
      files: r.facts.files,
      deploy: r.facts.deploy,
      assignments: r.facts.assignments,
      notes: r.facts.notes,
      targets: r.targets,
      findings: r.findings,
    },
    (_k, v: unknown) => (v instanceof Set ? [...v] : v instanceof Map ? [...v] : v),
  );
  return JSON.parse(text.split(root).join(MEMORY_ROOT));
}

describe('deploy facts in memory are the facts from disk', () => {
  for (const [name, { tree, env }] of Object.entries(TREES)) {
    it(name, async () => {
      const disk = await collect(tree, env);
      const mem = inMemory(tree, env);
      assert.ok((mem.facts.deploy?.files.length ?? 0) > 0, 'the tree has deployment files');
      assert.deepEqual(shape(mem, MEMORY_ROOT), shape(disk, disk.facts.root));
    });
  }
});
