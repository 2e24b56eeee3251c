/** Every unsafe fix on a realistic project: only with --unsafe; found, repaired, gone, idempotent, undone. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFix } from '../../src/fix/engine.js';
import { openaiKey } from '../helpers/keys.js';
import { tempProject } from '../helpers/project.js';
import { cycle } from './helpers.js';

const K = openaiKey('proj', 'fix-unsafe-1');
const OLD = openaiKey('proj', 'fix-unsafe-old');
const REQS = 'openai>=1.40\npython-dotenv\n';
const read = (p: string) => readFileSync(p, 'utf8');

describe('fix: unsafe fixes', () => {
  it('are not applied without --unsafe, and say why they are unsafe', async () => {
    const p = tempProject(
      {
        '.env': `OPENAI_KEY=${K}\n`,
        '.gitignore': '.env\n',
        'app.py': 'from openai import OpenAI\nclient = OpenAI()\n',
        'requirements.txt': REQS,
      },
      {},
      { git: true },
    );
    try {
      const r = await runFix({ root: p.root, home: p.home, env: { HOME: p.home }, write: true });
      assert.deepEqual(r.written, []);
      const u = r.unsafeLeft.find((f) => f.finding.id === 'env-name-mismatch');
      assert.ok(u, 'the rename is listed as an unsafe fix left out');
      assert.match(u.caution ?? '', /no longer gets it/);
      assert.equal(read(join(p.root, '.env')), `OPENAI_KEY=${K}\n`);
    } finally {
      p.cleanup();
    }
  });

  it('env-name-mismatch: OPENAI_KEY in .env renamed to the OPENAI_API_KEY the SDK reads', async () => {
    await cycle({
      id: 'env-name-mismatch',
      unsafe: true,
      keys: [K],
      git: true,
      files: {
        '.env': `# keys\nOPENAI_KEY = ${K}\n`,
        '.gitignore': '.env\n',
        'app.py': 'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import OpenAI\nclient = OpenAI()\n',
        'requirements.txt': REQS,
      },
      after: (p) => assert.equal(read(join(p.root, '.env')), `# keys\nOPENAI_API_KEY = ${K}\n`),
    });
  });

  it('env-name-mismatch: not renamed when other code reads the old name', async () => {
    const p = tempProject(
      {
        '.env': `OPENAI_KEY=${K}\n`,
        '.gitignore': '.env\n',
        'app.py': 'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import OpenAI\nclient = OpenAI()\n',
        'tools/report.py': 'import os\nprint(len(os.environ["OPENAI_KEY"]))\n',
        'requirements.txt': REQS,
      },
      {},
      { git: true },
    );
    try {
      const r = await runFix({ root: p.root, home: p.home, env: { HOME: p.home }, write: true, unsafe: true });
      assert.equal(read(join(p.root, '.env')), `OPENAI_KEY=${K}\n`);
      // the finding itself offers no rename (both names are in use: define the other as well), so there is
      // nothing to refuse; a rename offered some other way would still be refused for tools/report.py
      assert.deepEqual(r.written, []);
      assert.ok(
        r.refusals.every((x) => /also read by tools\/report\.py/.test(x.reason)),
        r.refusals.map((x) => x.reason).join('\n'),
      );
    } finally {
      p.cleanup();
    }
  });

  it('dotenv-loaded-late (Python): load_dotenv() moved above the import that builds the client, with its import', async () => {
    await cycle({
      id: 'dotenv-loaded-late',
      unsafe: true,
      keys: [K],
      git: true,
      files: {
        '.env': `OPENAI_API_KEY=${K}\n`,
        '.gitignore': '.env\n',
        'main.py':
          '"""Chat server."""\nimport os\n\nfrom chat.client import client\nfrom dotenv import load_dotenv\n\nload_dotenv(os.path.join(os.path.dirname(__file__), ".env"))\n\nif __name__ == "__main__":\n    print(client.models.list())\n',
        'chat/__init__.py': '',
        'chat/client.py': 'from openai import OpenAI\n\nclient = OpenAI()\n',
        'requirements.txt': REQS,
      },
      after: (p) =>
        assert.equal(
          read(join(p.root, 'main.py')),
          '"""Chat server."""\nimport os\n\nfrom dotenv import load_dotenv\nload_dotenv(os.path.join(os.path.dirname(__file__), ".env"))\nfrom chat.client import client\n\n\nif __name__ == "__main__":\n    print(client.models.list())\n',
        ),
    });
  });

  it('dotenv-loaded-late (Python): the client imported inside a try: block at module level', async () => {
    await cycle({
      id: 'dotenv-loaded-late',
      unsafe: true,
      keys: [K],
      git: true,
      files: {
        '.env': `OPENAI_API_KEY=${K}\n`,
        '.gitignore': '.env\n',
        'main.py':
          'try:\n    from chat.client import client\nexcept ImportError:\n    client = None\n\nfrom dotenv import load_dotenv\nload_dotenv()\n\nprint(client)\n',
        'chat/__init__.py': '',
        'chat/client.py': 'from openai import OpenAI\n\nclient = OpenAI()\n',
        'requirements.txt': REQS,
      },
      after: (p) =>
        assert.equal(
          read(join(p.root, 'main.py')),
          'from dotenv import load_dotenv\nload_dotenv()\ntry:\n    from chat.client import client\nexcept ImportError:\n    client = None\n\n\nprint(client)\n',
        ),
    });
  });

  it("dotenv-loaded-late (ESM): import 'dotenv/config' made the first import", async () => {
    await cycle({
      id: 'dotenv-loaded-late',
      unsafe: true,
      keys: [K],
      git: true,
      files: {
        '.env': `OPENAI_API_KEY=${K}\n`,
        '.gitignore': 'node_modules\n.env\n',
        'package.json': JSON.stringify(
          {
            name: 'bot',
            type: 'module',
            scripts: { start: 'node index.js' },
            dependencies: { openai: '^4.52.0', dotenv: '^16.4.5' },
          },
          null,
          2,
        ),
        'index.js':
          "// entry\nimport { client } from './client.js';\nimport 'dotenv/config';\n\nconsole.log(await client.models.list());\n",
        'client.js': "import OpenAI from 'openai';\nexport const client = new OpenAI();\n",
      },
      after: (p) =>
        assert.equal(
          read(join(p.root, 'index.js')),
          "// entry\nimport 'dotenv/config';\nimport { client } from './client.js';\n\nconsole.log(await client.models.list());\n",
        ),
    });
  });

  it("dotenv-loaded-late (ESM body): dotenv.config() replaced by import 'dotenv/config' on top", async () => {
    await cycle({
      id: 'dotenv-loaded-late',
      unsafe: true,
      keys: [K],
      git: true,
      files: {
        '.env': `OPENAI_API_KEY=${K}\n`,
        '.gitignore': 'node_modules\n.env\n',
        'package.json': JSON.stringify(
          {
            name: 'bot',
            type: 'module',
            scripts: { start: 'node server.js' },
            dependencies: { openai: '^4.52.0', dotenv: '^16.4.5' },
          },
          null,
          2,
        ),
        'server.js':
          "import dotenv from 'dotenv';\nimport { ask } from './ai.js';\n\ndotenv.config();\n\nconsole.log(await ask('hi'));\n",
        'ai.js':
          "import OpenAI from 'openai';\nconst openai = new OpenAI();\nexport const ask = (q) => openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: q }] });\n",
      },
      after: (p) =>
        assert.equal(
          read(join(p.root, 'server.js')),
          "import 'dotenv/config';\nimport dotenv from 'dotenv';\nimport { ask } from './ai.js';\n\n\nconsole.log(await ask('hi'));\n",
        ),
    });
  });

  it("dotenv-loaded-late (CommonJS): require('dotenv').config() moved above the require that builds the client", async () => {
    await cycle({
      id: 'dotenv-loaded-late',
      unsafe: true,
      keys: [K],
      git: true,
      files: {
        '.env': `OPENAI_API_KEY=${K}\n`,
        '.gitignore': 'node_modules\n.env\n',
        'package.json': JSON.stringify(
          { name: 'bot', scripts: { start: 'node index.js' }, dependencies: { openai: '^4.52.0', dotenv: '^16.4.5' } },
          null,
          2,
        ),
        'index.js':
          "const express = require('express');\nconst { client } = require('./lib/openai');\nrequire('dotenv').config();\n\nconst app = express();\napp.listen(3000);\n",
        'lib/openai.js': "const OpenAI = require('openai');\nexports.client = new OpenAI();\n",
      },
      after: (p) =>
        assert.equal(
          read(join(p.root, 'index.js')),
          "const express = require('express');\nrequire('dotenv').config();\nconst { client } = require('./lib/openai');\n\nconst app = express();\napp.listen(3000);\n",
        ),
    });
  });

  it('key-shadowed: the stale export in ~/.zshrc commented out under a dated note', async () => {
    const zshrc = `# Path\nexport PATH="$HOME/.local/bin:$PATH"\nexport OPENAI_API_KEY=${OLD}\nalias ll='ls -la'\n`;
    await cycle({
      id: 'key-shadowed',
      unsafe: true,
      keys: [K, OLD],
      git: true,
      env: { SHELL: '/bin/zsh', OPENAI_API_KEY: OLD },
      envAfter: { SHELL: '/bin/zsh' },
      home: { '.zshrc': zshrc },
      files: {
        '.env': `OPENAI_API_KEY=${K}\n`,
        '.gitignore': '.env\n',
        'app.py': 'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import OpenAI\nclient = OpenAI()\n',
        'requirements.txt': REQS,
      },
      after: (p, r) => {
        const text = read(join(p.home, '.zshrc'));
        assert.match(
          text,
          /^# Path\nexport PATH="\$HOME\/\.local\/bin:\$PATH"\n# keydoctor fix \d{4}-\d{2}-\d{2}: commented out: this stale OPENAI_API_KEY shadowed the one in \.env:1 \(`keydoctor fix --undo` restores it\)\n# export OPENAI_API_KEY=/,
        );
        assert.ok(text.endsWith(`# export OPENAI_API_KEY=${OLD}\nalias ll='ls -la'\n`));
        assert.deepEqual(r.unset, ['OPENAI_API_KEY']);
        assert.match(r.afterwards.join('\n'), /unset OPENAI_API_KEY/);
      },
    });
  });

  it('key-shadowed: override=True added where the old value comes from no start-up file', async () => {
    await cycle({
      id: 'key-shadowed',
      unsafe: true,
      keys: [K, OLD],
      git: true,
      env: { OPENAI_API_KEY: OLD },
      files: {
        '.env': `OPENAI_API_KEY=${K}\n`,
        '.gitignore': '.env\n',
        'app.py': 'from dotenv import load_dotenv\n\nload_dotenv()\n\nfrom openai import OpenAI\nclient = OpenAI()\n',
        'requirements.txt': REQS,
      },
      after: (p) =>
        assert.equal(
          read(join(p.root, 'app.py')),
          'from dotenv import load_dotenv\n\nload_dotenv(override=True)\n\nfrom openai import OpenAI\nclient = OpenAI()\n',
        ),
    });
  });

  it('key-shadowed: { override: true } added to dotenv.config({ path })', async () => {
    await cycle({
      id: 'key-shadowed',
      unsafe: true,
      keys: [K, OLD],
      git: true,
      env: { OPENAI_API_KEY: OLD },
      files: {
        '.env': `OPENAI_API_KEY=${K}\n`,
        '.gitignore': 'node_modules\n.env\n',
        'package.json': JSON.stringify(
          { name: 'bot', scripts: { start: 'node index.js' }, dependencies: { openai: '^4.52.0', dotenv: '^16.4.5' } },
          null,
          2,
        ),
        'index.js':
          "require('dotenv').config({ path: '.env' });\nconst OpenAI = require('openai');\nconst client = new OpenAI();\n",
      },
      after: (p) =>
        assert.equal(
          read(join(p.root, 'index.js')),
          "require('dotenv').config({ override: true, path: '.env' });\nconst OpenAI = require('openai');\nconst client = new OpenAI();\n",
        ),
    });
  });

  it('ci-secret-unavailable (misnamed): the job hands the key over under the name the code reads', async () => {
    const wf = (n: string) =>
      `name: test\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      ${n}: \${{ secrets.OPENAI_API_KEY }}  # the repository secret\n    steps:\n      - uses: actions/checkout@v4\n      - run: python app.py\n`;
    await cycle({
      id: 'ci-secret-unavailable',
      match: (f) => f.data?.reason === 'misnamed',
      unsafe: true,
      keys: [K],
      git: true,
      files: {
        '.github/workflows/test.yml': wf('OPENAI_KEY'),
        'app.py': 'from openai import OpenAI\nclient = OpenAI()\n',
        'requirements.txt': REQS,
      },
      after: (p) => assert.equal(read(join(p.root, '.github/workflows/test.yml')), wf('OPENAI_API_KEY')),
    });
  });

  it('key-in-docker-image: the .dockerignore the check proposes is created (unsafe: a COPY .env then fails)', async () => {
    await cycle({
      id: 'key-in-docker-image',
      unsafe: true,
      keys: [K],
      git: true,
      files: {
        '.env': `OPENAI_API_KEY=${K}\n`,
        '.gitignore': '.env\n',
        Dockerfile: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "app.py"]\n',
        'app.py': 'from openai import OpenAI\nclient = OpenAI()\n',
        'requirements.txt': REQS,
      },
      after: (p) => assert.equal(read(join(p.root, '.dockerignore')), '.env\n.env.*\n!.env.example\n'),
    });
  });

  it('model-retired: the retired model replaced inside its string literal', async () => {
    await cycle({
      id: 'model-retired',
      unsafe: true,
      keys: [K],
      git: true,
      files: {
        '.env': `OPENAI_API_KEY=${K}\n`,
        '.gitignore': '.env\n',
        'app.py':
          'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import OpenAI\nclient = OpenAI()\nr = client.completions.create(model="text-davinci-003", prompt="hi")\n',
        'requirements.txt': REQS,
      },
      after: (p) => assert.match(read(join(p.root, 'app.py')), /model="gpt-3\.5-turbo-instruct"/),
    });
  });
});
