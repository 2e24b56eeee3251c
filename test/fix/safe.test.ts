/** Every safe fix on a realistic project: found, repaired, gone, idempotent, undone byte for byte. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openaiKey } from '../helpers/keys.js';
import { cycle } from './helpers.js';

const read = (p: string) => readFileSync(p, 'utf8');

const K = openaiKey('proj', 'fix-safe-1');
const K2 = openaiKey('proj', 'fix-safe-2');
const PY_APP =
  'import os\nfrom dotenv import load_dotenv\n\nload_dotenv()\n\nfrom openai import OpenAI\n\nclient = OpenAI()\nprint(client.models.list())\n';
const REQS = 'openai>=1.40\npython-dotenv\n';
const GITIGNORE = '__pycache__/\n.env\n';

describe('fix: safe fixes', () => {
  it('key-quoted: docker run --env-file keeps the quotes of a dotenv value', async () => {
    await cycle({
      id: 'key-quoted',
      keys: [K],
      git: true,
      files: {
        '.env': `# the key\nOPENAI_API_KEY="${K}"\nMODEL=gpt-4o-mini\n`,
        '.gitignore': GITIGNORE,
        'run.sh': '#!/bin/sh\ndocker run --rm --env-file .env chat-app:latest\n',
        'app.py': PY_APP,
        'requirements.txt': REQS,
      },
      after: (p) =>
        assert.equal(readFileSync(join(p.root, '.env'), 'utf8'), `# the key\nOPENAI_API_KEY=${K}\nMODEL=gpt-4o-mini\n`),
    });
  });

  it('key-quoted: nested quotes python-dotenv keeps, with an inline comment kept', async () => {
    await cycle({
      id: 'key-quoted',
      keys: [K],
      git: true,
      files: {
        '.env': `OPENAI_API_KEY="'${K}'" # from the dashboard\r\n`,
        '.gitignore': GITIGNORE,
        'app.py': PY_APP,
        'requirements.txt': REQS,
      },
      after: (p) =>
        assert.equal(readFileSync(join(p.root, '.env'), 'utf8'), `OPENAI_API_KEY=${K} # from the dashboard\r\n`),
    });
  });

  it('key-whitespace: a ~/.bashrc saved with CRLF puts a CR in the key; the file goes to LF', async () => {
    await cycle({
      id: 'key-whitespace',
      keys: [K],
      git: true,
      env: { SHELL: '/bin/bash', OPENAI_API_KEY: `${K}\r` },
      envAfter: { SHELL: '/bin/bash', OPENAI_API_KEY: K },
      home: { '.bashrc': `# ~/.bashrc\r\nexport PATH="$HOME/bin:$PATH"\r\nexport OPENAI_API_KEY=${K}\r\n` },
      files: { '.gitignore': GITIGNORE, 'app.py': PY_APP, 'requirements.txt': REQS },
      after: (p, r) => {
        assert.equal(
          readFileSync(join(p.home, '.bashrc'), 'utf8'),
          `# ~/.bashrc\nexport PATH="$HOME/bin:$PATH"\nexport OPENAI_API_KEY=${K}\n`,
        );
        assert.match(r.afterwards.join('\n'), /new terminal/);
      },
    });
  });

  it('key-whitespace: spaces inside the quotes', async () => {
    await cycle({
      id: 'key-whitespace',
      keys: [K],
      git: true,
      files: {
        '.env': `OPENAI_API_KEY=" ${K} "\n`,
        '.gitignore': GITIGNORE,
        'app.py': PY_APP,
        'requirements.txt': REQS,
      },
    });
  });

  it('key-invisible-char: a zero-width space pasted from a chat app', async () => {
    const bad = `${K.slice(0, 30)}\u200b${K.slice(30)}`;
    await cycle({
      id: 'key-invisible-char',
      keys: [K],
      git: true,
      files: { '.env': `OPENAI_API_KEY=${bad}\n`, '.gitignore': GITIGNORE, 'app.py': PY_APP, 'requirements.txt': REQS },
      after: (p) => assert.equal(readFileSync(join(p.root, '.env'), 'utf8'), `OPENAI_API_KEY=${K}\n`),
    });
  });

  it('key-bearer-prefix: the value copied from a curl header', async () => {
    await cycle({
      id: 'key-bearer-prefix',
      keys: [K],
      git: true,
      files: {
        '.env': `OPENAI_API_KEY="Bearer ${K}"\n`,
        '.gitignore': GITIGNORE,
        'app.py': PY_APP,
        'requirements.txt': REQS,
      },
      after: (p) => assert.equal(readFileSync(join(p.root, '.env'), 'utf8'), `OPENAI_API_KEY=${K}\n`),
    });
  });

  it('dotenv-parse-issue (bom): node --env-file reads the first name with the BOM', async () => {
    await cycle({
      id: 'dotenv-parse-issue',
      match: (f) => f.data?.code === 'bom',
      keys: [K],
      git: true,
      files: {
        '.env': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`OPENAI_API_KEY=${K}\r\nPORT=3000\r\n`)]),
        '.gitignore': 'node_modules\n.env\n',
        'package.json': JSON.stringify(
          {
            name: 'api',
            type: 'module',
            scripts: { start: 'node --env-file=.env server.js' },
            dependencies: { openai: '^4.52.0' },
          },
          null,
          2,
        ),
        'server.js':
          "import OpenAI from 'openai';\nconst client = new OpenAI();\nconsole.log(await client.models.list());\n",
      },
      after: (p) =>
        assert.deepEqual(readFileSync(join(p.root, '.env')), Buffer.from(`OPENAI_API_KEY=${K}\r\nPORT=3000\r\n`)),
    });
  });

  it('UTF-16 .env written by PowerShell becomes UTF-8, line endings kept', async () => {
    const text = `OPENAI_API_KEY=${K}\r\nOPENAI_PROJECT_ID=proj_abcdefghijklmnopqrstuvwx\r\n`;
    await cycle({
      id: 'key-missing',
      keys: [K],
      git: true,
      files: {
        '.env': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
        '.gitignore': GITIGNORE,
        'app.py': PY_APP,
        'requirements.txt': REQS,
      },
      after: (p) => assert.deepEqual(readFileSync(join(p.root, '.env')), Buffer.from(text, 'utf8')),
    });
  });

  it('KEY: value becomes KEY=value', async () => {
    await cycle({
      id: 'dotenv-parse-issue',
      match: (f) => f.data?.code === 'colon-separator',
      keys: [K],
      git: true,
      files: {
        '.env': `# settings\nOPENAI_API_KEY: ${K}\nDEBUG=1\n`,
        '.gitignore': GITIGNORE,
        'app.py': PY_APP,
        'requirements.txt': REQS,
      },
      after: (p) =>
        assert.equal(readFileSync(join(p.root, '.env'), 'utf8'), `# settings\nOPENAI_API_KEY=${K}\nDEBUG=1\n`),
    });
  });

  it('dotenv-not-ignored: .env appended to an existing .gitignore (no final newline, CRLF kept)', async () => {
    await cycle({
      id: 'dotenv-not-ignored',
      keys: [K],
      git: true,
      commit: false,
      files: {
        '.env': `OPENAI_API_KEY=${K}\n`,
        '.gitignore': 'node_modules/\r\ndist/',
        'app.py': PY_APP,
        'requirements.txt': REQS,
      },
      after: (p) =>
        assert.equal(readFileSync(join(p.root, '.gitignore'), 'utf8'), 'node_modules/\r\ndist/\r\n.env\r\n'),
    });
  });

  it('dotenv-not-ignored: .gitignore created when missing; a nested .env anchored', async () => {
    await cycle({
      id: 'dotenv-not-ignored',
      keys: [K, K2],
      git: true,
      commit: false,
      files: {
        '.env': `OPENAI_API_KEY=${K}\n`,
        'web/.env.local': `OPENAI_API_KEY=${K2}\n`,
        'app.py': PY_APP,
        'requirements.txt': REQS,
      },
      after: (p) => assert.equal(readFileSync(join(p.root, '.gitignore'), 'utf8'), '.env\n/web/.env.local\n'),
    });
  });

  it('k8s-secret-trailing-newline: data re-encoded in place, comments kept', async () => {
    const manifest = (b64: string) =>
      `# Secret for the chat API\napiVersion: v1\nkind: Secret\nmetadata:\n  name: openai   # referenced by the deployment\ntype: Opaque\ndata:\n  OPENAI_API_KEY: ${b64}   # echo | base64\n  OTHER: aGVsbG8=\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: chat\nspec:\n  template:\n    spec:\n      containers:\n        - name: chat\n          image: chat:1\n          env:\n            - name: OPENAI_API_KEY\n              valueFrom:\n                secretKeyRef: { name: openai, key: OPENAI_API_KEY }\n`;
    await cycle({
      id: 'k8s-secret-trailing-newline',
      keys: [K],
      git: true,
      files: { 'k8s/secret.yaml': manifest(Buffer.from(`${K}\n`).toString('base64')), '.gitignore': GITIGNORE },
      after: (p) =>
        assert.equal(
          readFileSync(join(p.root, 'k8s/secret.yaml'), 'utf8'),
          manifest(Buffer.from(K).toString('base64')),
        ),
    });
  });

  it('k8s-secret-trailing-newline: a stringData block scalar | becomes |-', async () => {
    const manifest = (h: string) =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: openai\nstringData:\n  OPENAI_API_KEY: ${h}\n    ${K}\n`;
    await cycle({
      id: 'k8s-secret-trailing-newline',
      keys: [K],
      git: true,
      files: { 'deploy/secret.yml': manifest('|'), '.gitignore': GITIGNORE },
      after: (p) => assert.equal(readFileSync(join(p.root, 'deploy/secret.yml'), 'utf8'), manifest('|-')),
    });
  });

  it('k8s-secret-trailing-newline: the file a kustomize secretGenerator reads loses its final newline', async () => {
    await cycle({
      id: 'k8s-secret-trailing-newline',
      keys: [K],
      git: true,
      files: {
        'k8s/kustomization.yaml':
          'resources:\n  - deploy.yaml\nsecretGenerator:\n  - name: openai\n    files:\n      - OPENAI_API_KEY=openai.key\n',
        'k8s/openai.key': `${K}\n`,
        'k8s/deploy.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: chat\nspec:\n  template:\n    spec:\n      containers:\n        - name: chat\n          image: chat:1\n          envFrom:\n            - secretRef: { name: openai }\n',
        '.gitignore': 'k8s/openai.key\n',
      },
      after: (p) => assert.equal(read(join(p.root, 'k8s/openai.key')), K),
    });
  });

  it('compose-env-file-missing: the path names a file that exists under another case', async () => {
    const compose = (f: string) =>
      `services:\n  api:\n    build: .\n    env_file:\n      - ${f}   # keys for the api\n    ports: ["8000:8000"]\n`;
    await cycle({
      id: 'compose-env-file-missing',
      keys: [K],
      git: true,
      files: {
        'docker-compose.yml': compose('./.env.Docker'),
        '.env.docker': `OPENAI_API_KEY=${K}\n`,
        '.gitignore': '.env*\n',
        'app.py': PY_APP,
        'requirements.txt': REQS,
      },
      after: (p) => assert.equal(readFileSync(join(p.root, 'docker-compose.yml'), 'utf8'), compose('./.env.docker')),
    });
  });
});
