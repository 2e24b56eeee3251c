import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeProject, azureBearer, importedNames, notebookPython } from '../../src/code/collector.js';
import { walkProject } from '../../src/collect/files.js';
import { collectProject } from '../../src/collect/project.js';
import type { Note } from '../../src/core/types.js';
import { tempProject, type TempProject, type Tree } from '../helpers/project.js';

const made: TempProject[] = [];
after(() => {
  for (const p of made) p.cleanup();
});

async function analyze(files: Tree) {
  const p = tempProject(files);
  made.push(p);
  const notes: Note[] = [];
  const listed = walkProject(p.root, notes);
  const project = collectProject(p.root, listed, notes);
  return { code: await analyzeProject({ root: p.root, files: listed, project, notes }), notes };
}

describe('code collector: what it reads and what it passes over', () => {
  it('skips build output, vendored code, virtualenvs, minified and generated files; notes binary, huge and broken files', async () => {
    const { code, notes } = await analyze({
      'src/app.js': 'const k = process.env.OPENAI_API_KEY;\n',
      'dist/app.js': 'const k = process.env.FROM_DIST;\n',
      'build/x.js': 'process.env.FROM_BUILD\n',
      'vendor/lib.js': 'process.env.FROM_VENDOR\n',
      'myenv/pyvenv.cfg': 'home = /usr/bin\n',
      'myenv/lib/site.py': 'import os\nos.getenv("FROM_VENV")\n',
      'static/app.min.js': 'process.env.FROM_MIN\n',
      'static/gen.js': `var a=${JSON.stringify('x'.repeat(6000))};process.env.FROM_LONG\n`,
      'bin.js': Buffer.from([0x70, 0x72, 0x6f, 0x00, 0x65, 0x6e, 0x76]),
      'huge.py': `import os\nos.getenv("FROM_HUGE")\n${'#'.repeat(1100 * 1024)}\n`,
      'broken.ts': 'const = process.env.OPENAI_API_KEY\n',
      'broken.py': 'from openai import OpenAI\nimport os\nx = os.getenv("FROM_BROKEN\n',
      'quick.py': 'import os\nx = os.getenv("FROM_QUICK_BROKEN\n',
    });
    assert.deepEqual(
      code.envReads.map((r) => r.name),
      ['OPENAI_API_KEY'],
    );
    const kinds = new Map(notes.map((n) => [n.path, n.kind]));
    assert.equal(kinds.get('static/gen.js'), 'skipped');
    assert.equal(kinds.get('bin.js'), 'binary');
    assert.equal(kinds.get('huge.py'), 'too-large');
    assert.equal(kinds.get('broken.ts'), 'parse-error');
    assert.equal(kinds.get('broken.py'), 'parse-error');
  });

  it('links modules (TS ESM .js specifiers, index files, Python packages) and keeps files the prefilter skipped in the graph', async () => {
    const { code } = await analyze({
      'package.json': JSON.stringify({ name: 'a', type: 'module', scripts: { start: 'tsx src/main.ts' } }),
      'src/main.ts': "import { run } from './app.js';\nrun();\n",
      'src/app.ts': "import { client } from './lib';\nexport function run() { return client; }\n",
      'src/lib/index.ts': "import OpenAI from 'openai';\nexport const client = new OpenAI();\n",
      'pkg/__init__.py': '',
      'pkg/llm.py': 'from openai import OpenAI\nclient = OpenAI()\n',
      'run.py': 'from pkg.llm import client\nfrom pkg import llm\n',
    });
    const files = new Map(code.files.map((f) => [f.file, f]));
    assert.deepEqual(files.get('src/main.ts')?.imports, ['src/app.ts']);
    assert.deepEqual(files.get('src/app.ts')?.imports, ['src/lib/index.ts']);
    assert.equal(files.get('src/main.ts')?.moduleKind, 'esm');
    assert.ok(files.get('run.py')?.imports?.includes('pkg/llm.py'));
    assert.deepEqual(
      code.entryPoints.filter((e) => e.kind === 'node').map((e) => [e.file, e.script, e.runner]),
      [['src/main.ts', 'start', 'tsx']],
    );
  });

  it('entry points: scripts with preloads and cwd, main, Django, Flask, FastAPI, main guards, notebooks', async () => {
    const { code } = await analyze({
      'package.json': JSON.stringify({
        name: 'w',
        main: 'server.js',
        scripts: {
          dev: 'cd api && node -r dotenv/config index.js',
          start: 'node --env-file=.env server.js',
          web: 'next dev',
          test: 'node --test',
        },
        dependencies: { openai: '^4.0.0', next: '15.0.0' },
      }),
      'server.js': "const OpenAI = require('openai');\nconst c = new OpenAI();\n",
      'api/index.js': 'console.log(process.env.OPENAI_API_KEY);\n',
      'manage.py': 'import os\nimport django\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "s")\n',
      'requirements.txt': 'django\nflask\nfastapi\n',
      'web/app.py': 'from flask import Flask\nimport os\napp = Flask(__name__)\nk = os.getenv("OPENAI_API_KEY")\n',
      'svc/main.py': 'from fastapi import FastAPI\nimport os\napp = FastAPI()\nk = os.getenv("OPENAI_API_KEY")\n',
      'tools/cli.py':
        'import os\ndef main():\n    print(os.getenv("OPENAI_API_KEY"))\nif __name__ == "__main__":\n    main()\n',
      'nb/explore.ipynb': JSON.stringify(
        {
          cells: [
            { cell_type: 'code', source: ['%load_ext dotenv\n', '%dotenv\n', 'import os\n'] },
            { cell_type: 'markdown', source: ['# t'] },
            { cell_type: 'code', source: ['key = os.environ["OPENAI_API_KEY"]'] },
          ],
        },
        null,
        1,
      ),
    });
    const e = new Map(code.entryPoints.map((x) => [x.script ?? x.file, x]));
    assert.equal(e.get('dev')?.cwd, 'api');
    assert.equal(e.get('dev')?.file, 'api/index.js');
    assert.deepEqual(
      e.get('dev')?.preloads?.map((p) => [p.loader, p.resolved]),
      [['dotenv/config', ['api/.env']]],
    );
    assert.deepEqual(
      e.get('start')?.preloads?.map((p) => [p.loader, p.path]),
      [['node-env-file-flag', '.env']],
    );
    assert.equal(e.get('web')?.framework, 'next');
    assert.equal(e.get('test'), undefined);
    assert.equal(e.get('manage.py')?.framework, 'django');
    assert.equal(e.get('web/app.py')?.framework, 'flask');
    assert.equal(e.get('svc/main.py')?.framework, 'fastapi');
    assert.equal(e.get('tools/cli.py')?.label, 'python tools/cli.py');
    assert.equal(e.get('nb/explore.ipynb')?.cwd, 'nb');
    const nbRead = code.envReads.find((r) => r.file === 'nb/explore.ipynb');
    assert.ok(nbRead && nbRead.line > 1, 'notebook reads map to notebook lines');
    const nbLoad = code.dotenvLoads.find((l) => l.file === 'nb/explore.ipynb');
    assert.equal(nbLoad?.base, 'cwd-walk-up');
    assert.deepEqual(nbLoad?.resolved, ['nb/.env', '.env']);
  });

  it('pyproject console scripts are entry points', async () => {
    const { code } = await analyze({
      'pyproject.toml': '[project]\nname = "bot"\n\n[project.scripts]\nbot = "bot.cli:main"\n\n[tool.other]\nx = 1\n',
      'src/bot/__init__.py': '',
      'src/bot/cli.py': 'from openai import OpenAI\ndef main():\n    OpenAI()\n',
    });
    assert.deepEqual(
      code.entryPoints.map((e) => [e.file, e.runner]),
      [['src/bot/cli.py', 'bot']],
    );
  });
  it('resolves dotenv paths: cwd of the start script, file-relative, walk-up', async () => {
    const { code } = await analyze({
      'package.json': JSON.stringify({ name: 'x', scripts: { start: 'node server/index.js' } }),
      'server/index.js':
        "require('dotenv').config();\nrequire('dotenv').config({ path: require('path').join(__dirname, '.env') });\n",
      'src/pkg/app.py': 'from dotenv import load_dotenv\nload_dotenv()\n',
    });
    const js = code.dotenvLoads.filter((l) => l.file === 'server/index.js');
    assert.deepEqual(
      js.map((l) => l.resolved),
      [['.env'], ['server/.env']],
    );
    const py = code.dotenvLoads.find((l) => l.file === 'src/pkg/app.py');
    assert.deepEqual(py?.resolved, ['src/pkg/.env', 'src/.env', '.env']);
  });

  it('installed SDK versions from lockfiles', async () => {
    const node = (
      await analyze({
        'package.json': JSON.stringify({ name: 'x', dependencies: { openai: '^3.2.0' } }),
        'package-lock.json': JSON.stringify({
          lockfileVersion: 3,
          packages: { '': {}, 'node_modules/openai': { version: '3.3.0' } },
        }),
      })
    ).code.sdk.node;
    assert.deepEqual([node?.declared, node?.installed, node?.major], ['^3.2.0', '3.3.0', 3]);
    const yarn = (
      await analyze({
        'package.json': JSON.stringify({ name: 'x', dependencies: { openai: '*' } }),
        'yarn.lock': 'openai@*:\n  version "4.104.0"\n',
      })
    ).code.sdk.node;
    assert.equal(yarn?.major, 4);
    const pnpm = (
      await analyze({
        'package.json': JSON.stringify({ name: 'x', dependencies: { openai: '^5' } }),
        'pnpm-lock.yaml':
          'importers:\n  .:\n    dependencies:\n      openai:\n        specifier: ^5\n        version: 5.23.2(zod@3.25.0)\n',
      })
    ).code.sdk.node;
    assert.equal(pnpm?.installed, '5.23.2');
    const poetry = (
      await analyze({
        'pyproject.toml': '[tool.poetry.dependencies]\nopenai = "^0.27"\n',
        'poetry.lock': '[[package]]\nname = "openai"\nversion = "0.28.1"\n',
      })
    ).code.sdk.python;
    assert.deepEqual([poetry?.installed, poetry?.major], ['0.28.1', 0]);
    const pip = (await analyze({ 'requirements.txt': 'openai\n' })).code.sdk.python;
    assert.equal(pip?.unpinned, true);
    const pipfile = (
      await analyze({
        Pipfile: '[packages]\nopenai = "*"\n',
        'Pipfile.lock': JSON.stringify({ default: { openai: { version: '==1.51.0' } } }),
      })
    ).code.sdk.python;
    assert.equal(pipfile?.installed, '1.51.0');
  });
});

describe('notebookPython', () => {
  it('keeps code cells, drops magics, turns %dotenv into a load, maps lines back', () => {
    const json = JSON.stringify(
      { cells: [{ cell_type: 'code', source: ['%dotenv -o .env.local\n', 'x = 1\n'] }] },
      null,
      1,
    );
    const nb = notebookPython(json);
    assert.ok(nb);
    assert.match(nb.text, /load_dotenv\(".env.local", override=True\)/);
    assert.ok(nb.lineMap(2) > 2);
    assert.equal(notebookPython('{not json'), undefined);
  });
  it("reads the openai requirement of the notebook's own install line", () => {
    const nb = (line: string) =>
      notebookPython(JSON.stringify({ cells: [{ cell_type: 'code', source: [line, 'import openai\n'] }] }))?.pipOpenai;
    assert.equal(nb('%pip install --upgrade openai\n'), '');
    assert.equal(nb('!pip install -q "openai>=0.27.6" python-dotenv\n'), '>=0.27.6');
    assert.equal(nb('%pip install openai==0.28.1 tiktoken\n'), '==0.28.1');
    assert.equal(nb('!python -m pip install openai[datalib]\n'), '');
    assert.equal(nb('%pip install openai-agents\n'), undefined);
    assert.equal(nb('!pip install langchain-openai\n'), undefined);
    assert.equal(nb('!ls openai\n'), undefined);
  });
  it('reads an install line continued with a backslash, and keeps its continuation out of the Python', async () => {
    const parsed = notebookPython(
      JSON.stringify({
        cells: [
          {
            cell_type: 'code',
            source: ['!pip install -qU \\\n', '    pinecone-client==3.1.0 \\\n', '    openai==0.27.8\n'],
          },
          { cell_type: 'code', source: ['import openai\n'] },
        ],
      }),
    );
    assert.equal(parsed?.pipOpenai, '==0.27.8');
    assert.doesNotMatch(parsed?.text ?? '', /pinecone-client|openai==/);
    assert.match(parsed?.text ?? '', /import openai/);
    // a cell that ends inside the continuation still names its requirement
    const open = notebookPython(
      JSON.stringify({ cells: [{ cell_type: 'code', source: ['%pip install \\\n', 'openai==1.2.0 \\'] }] }),
    );
    assert.equal(open?.pipOpenai, '==1.2.0');
  });
});

describe('component files (.vue, .svelte, .astro)', () => {
  it('reads their scripts with the file lines and marks them client-side', async () => {
    const { componentScript } = await import('../../src/code/collector.js');
    const vue = componentScript(
      '<template>\n  <p>{{ x }}</p>\n</template>\n<script setup lang="ts">\nimport OpenAI from "openai";\nconst c = new OpenAI({ apiKey: import.meta.env.VITE_OPENAI_API_KEY, dangerouslyAllowBrowser: true });\n</script>\n',
      'vue',
    );
    assert.equal(vue.ts, true);
    assert.equal(vue.client, true);
    assert.equal(
      vue.code.split('\n')[5],
      'const c = new OpenAI({ apiKey: import.meta.env.VITE_OPENAI_API_KEY, dangerouslyAllowBrowser: true });',
    );
    const astro = componentScript('---\nconst k = import.meta.env.OPENAI_API_KEY;\n---\n<h1>x</h1>\n', 'astro');
    assert.equal(astro.client, false);
    const { code } = await analyze({
      'src/Chat.vue':
        '<template><p/></template>\n<script setup lang="ts">\nimport OpenAI from "openai";\nconst c = new OpenAI({ apiKey: import.meta.env.VITE_OPENAI_API_KEY, dangerouslyAllowBrowser: true });\n</script>\n',
      'src/Page.svelte': '<script>\n  const u = import.meta.env.VITE_API_URL;\n</script>\n<p>{u}</p>\n',
    });
    const files = new Map(code.files.map((f) => [f.file, f]));
    assert.equal(files.get('src/Chat.vue')?.clientSide, true);
    assert.equal(files.get('src/Page.svelte')?.clientSide, true);
    const c = code.clients.find((x) => x.file === 'src/Chat.vue');
    assert.equal(c?.line, 4);
    assert.equal(c?.options.dangerouslyAllowBrowser, true);
    assert.deepEqual(c?.options.apiKey, { kind: 'env', name: 'VITE_OPENAI_API_KEY' });
    assert.ok(code.envReads.some((r) => r.file === 'src/Page.svelte' && r.name === 'VITE_API_URL' && r.line === 2));
  });
});

describe('keys passed through a config module', () => {
  it('JS config object, T3 env, pydantic settings, Django settings', async () => {
    const { code } = await analyze({
      'src/config.ts': 'export const config = { openaiKey: process.env.OPENAI_SECRET ?? "" };\n',
      'src/llm.ts':
        "import OpenAI from 'openai';\nimport { config } from './config';\nexport const c = new OpenAI({ apiKey: config.openaiKey });\n",
      'src/env.mjs':
        "import { createEnv } from '@t3-oss/env-nextjs';\nexport const env = createEnv({ runtimeEnv: { OPENAI_API_KEY: process.env.OPENAI_API_KEY } });\n",
      'src/chat.ts':
        "import OpenAI from 'openai';\nimport { env } from './env.mjs';\nexport const c2 = new OpenAI({ apiKey: env.OPENAI_API_KEY });\n",
      'app/config.py':
        'from pydantic_settings import BaseSettings\nclass Settings(BaseSettings):\n    llm_key: str\nsettings = Settings()\n',
      'app/main.py':
        'from openai import OpenAI\nfrom .config import settings\nclient = OpenAI(api_key=settings.llm_key)\n',
      'site/settings.py': 'import os\nOPENAI_KEY = os.environ.get("DJANGO_OPENAI_KEY")\n',
      'site/views.py':
        'from django.conf import settings\nfrom openai import OpenAI\ndef v():\n    return OpenAI(api_key=settings.OPENAI_KEY)\n',
    });
    const keyOf = (f: string) => code.clients.find((c) => c.file === f)?.keyVar;
    assert.equal(keyOf('src/llm.ts'), 'OPENAI_SECRET');
    assert.equal(keyOf('src/chat.ts'), 'OPENAI_API_KEY');
    assert.equal(keyOf('app/main.py'), 'LLM_KEY');
    assert.equal(keyOf('site/views.py'), 'DJANGO_OPENAI_KEY');
  });

  it("a bare name given as the key: another client's option is no config field; the JS SDKs' default variable comes after it (fragments)", async () => {
    const { code } = await analyze({
      'lib/models.ts': `import { createOpenAI } from '@ai-sdk/openai';
import OpenAI from 'openai';
export function getModelClient(providerId: string, config: { apiKey?: string }) {
  const { apiKey } = config;
  const providers = {
    openai: () => createOpenAI({ apiKey })('gpt-4o'),
    groq: () => createOpenAI({ apiKey: process.env.GROQ_API_KEY, baseURL: 'https://api.groq.com/openai/v1' })('llama'),
  };
  return providers[providerId as keyof typeof providers]();
}
export const plain = (apiKey?: string) => new OpenAI({ apiKey });
export const called = () => new OpenAI({ apiKey: vault.read('openai') });
`,
    });
    const at = (line: number) => code.clients.find((c) => c.file === 'lib/models.ts' && c.line === line);
    assert.deepEqual(at(6)?.options.apiKey, { kind: 'env', name: 'OPENAI_API_KEY', before: 'apiKey' });
    assert.equal(at(6)?.keyVar, 'OPENAI_API_KEY');
    assert.equal(at(7)?.keyVar, 'GROQ_API_KEY');
    assert.deepEqual(at(11)?.options.apiKey, { kind: 'env', name: 'OPENAI_API_KEY', before: 'apiKey' });
    // a bare name is never another module's config field
    const far = (
      await analyze({
        'ui/settings.ts': 'export const settings = { apiKey: process.env.NEXT_PUBLIC_OPENAI_API_KEY };\n',
        'lib/openai.ts':
          "import OpenAI from 'openai';\nexport const make = (apiKey: string) => new OpenAI({ apiKey });\n",
      })
    ).code;
    assert.equal(far.clients.find((c) => c.file === 'lib/openai.ts')?.keyVar, 'OPENAI_API_KEY');
    // a call may give the key itself: not followed
    assert.equal(at(12)?.options.apiKey?.kind, 'other');
    assert.equal(at(12)?.keyVar, undefined);
  });

  it('chains: a parameter first, then settings fields or environment reads (DocsGPT), through self attributes', async () => {
    const { code } = await analyze({
      'core/settings.py':
        'from typing import Optional\nfrom pydantic_settings import BaseSettings\nclass Settings(BaseSettings):\n    OPENAI_API_KEY: Optional[str] = None\n    API_KEY: Optional[str] = None\nsettings = Settings()\n',
      'llm/openai.py':
        'from openai import OpenAI\nfrom core.settings import settings\nNO_API_KEY = "none"\nclass LLM:\n    def __init__(self, api_key=None):\n        self.api_key = (api_key or settings.OPENAI_API_KEY or settings.API_KEY or NO_API_KEY)\n        self.client = OpenAI(api_key=self.api_key)\n',
      'llm/plain.py':
        'import os\nfrom openai import OpenAI\ndef make(api_key=None):\n    key = api_key or os.getenv("OPENAI_API_KEY") or os.getenv("OPENAI_KEY")\n    return OpenAI(api_key=key)\n',
      'llm/two.py':
        'import os\nfrom openai import OpenAI\nclass A:\n    def __init__(self):\n        self.key = os.getenv("A_KEY")\nclass B:\n    def __init__(self):\n        self.c = OpenAI(api_key=self.key)\n',
      'llm/call.py':
        'import os\nfrom openai import OpenAI\nc = OpenAI(api_key=vault.read("openai") or os.getenv("OPENAI_API_KEY"))\n',
      'llm/literal.py':
        'from openai import OpenAI\nfrom core.settings import settings\nc = OpenAI(api_key="sk-given-here" or settings.API_KEY)\n',
    });
    const client = (f: string) => code.clients.find((c) => c.file === f);
    assert.equal(client('llm/openai.py')?.keyVar, 'OPENAI_API_KEY');
    assert.deepEqual(client('llm/openai.py')?.keyVarFallbacks, ['API_KEY']);
    assert.deepEqual(client('llm/openai.py')?.options.apiKey, {
      kind: 'env',
      name: 'OPENAI_API_KEY',
      fallbacks: ['API_KEY'],
      before: 'api_key',
    });
    const plain = client('llm/plain.py')?.options.apiKey;
    assert.deepEqual(plain, {
      kind: 'env',
      name: 'OPENAI_API_KEY',
      fallbacks: ['OPENAI_KEY'],
      before: 'api_key',
      soft: true,
    });
    // another class's self.key is not this one's
    assert.notEqual(client('llm/two.py')?.options.apiKey?.kind, 'env');
    // a call first may give the key itself: the chain is not the environment's
    assert.notEqual(client('llm/call.py')?.options.apiKey?.kind, 'env');
    // a literal first always wins: no environment read
    assert.notEqual(client('llm/literal.py')?.keyVar, 'API_KEY');
  });
});

describe('notes stay readable on big broken trees', () => {
  it('reports 25 files of one problem, then one summary', async () => {
    const files: Tree = {};
    for (let i = 0; i < 30; i++) files[`tpl/t${i}.js`] = `const = {{ openai_key_${i} }};\n`;
    const { notes } = await analyze(files);
    const parse = notes.filter((n) => n.kind === 'parse-error');
    assert.equal(parse.filter((n) => n.path).length, 25);
    assert.ok(parse.some((n) => !n.path && /5 more source files/.test(n.message)));
  });
});

describe('importedNames (the names of a from-import list)', () => {
  it("gives what removing the parentheses, splitting at commas and taking each part's first word gives, on every short list of the import syntax", () => {
    const reference = (l: string): string[] =>
      l
        .replace(/[()]/g, '')
        .split(',')
        .map((nm) => nm.trim().split(/\s+/)[0] ?? '')
        .filter(Boolean);
    const chars = ['a', 'b', ' ', '\t', ',', '(', ')', '*', '_', 'x1', 'as'];
    let seed = 3;
    const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    for (let k = 0; k < 20000; k++) {
      let s = '';
      for (let i = rnd(12); i > 0; i--) s += chars[rnd(chars.length)];
      assert.deepEqual(importedNames(s), reference(s), JSON.stringify(s));
    }
    assert.deepEqual(importedNames('(load_dotenv as ld,\tfind_dotenv, *)'), ['load_dotenv', 'find_dotenv', '*']);
  });
});

describe('azureBearer: a Bearer header sent to an Azure OpenAI endpoint', () => {
  it('next to the Azure URL it is sent to', () => {
    const text =
      'import requests\n\nr = requests.post(\n    "https://me.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21",\n    headers={"Authorization": f"Bearer {key}"},\n)\n';
    assert.equal(azureBearer(text), 5);
  });
  it("an MCP server's Bearer header in a file that also builds an Azure client is not", () => {
    const text =
      'client = AzureOpenAIChatCompletionClient(azure_endpoint="https://me.openai.azure.com/")\n\nparams = StreamableHttpServerParams(\n    url="http://localhost:8005/mcp",\n    headers={"Authorization": "Bearer your-api-key"},\n)\n';
    assert.equal(azureBearer(text), undefined);
  });
  it('with no URL near the header, an Azure endpoint written close by counts', async () => {
    const text =
      'const endpoint = process.env.AZURE_OPENAI_ENDPOINT ?? "https://me.openai.azure.com";\nconst url = `${endpoint}/openai/deployments/${d}/chat/completions`;\n\n\n\n\n\n\n\n\n\n\n\nawait fetch(url, { headers: { Authorization: `Bearer ${key}` } });\n';
    assert.equal(azureBearer(text), 14);
  });
});

describe('Python scripts nobody imports', () => {
  it('a module of functions nothing calls is no script; one that calls its own function, builds a client or serves is', async () => {
    const { code } = await analyze({
      // babyagi's function packs: decorated functions a framework loads, never run as `python x.py`
      'packs/ai_functions.py':
        'from functionz.core.framework import func\n\n@func.register_function(metadata={})\ndef gpt_call(prompt):\n    from openai import OpenAI\n    return OpenAI().responses.create(model="gpt-5.4-mini", input=prompt)\n',
      'run_async.py':
        'import asyncio\nfrom openai import AsyncOpenAI\n\nasync def main():\n    c = AsyncOpenAI()\n    print(await c.models.list())\n\nasyncio.run(main())\n',
      'top.py': 'from openai import OpenAI\n\nclient = OpenAI()\n',
      'routes.py':
        'from fastapi import FastAPI\nfrom openai import OpenAI\n\napp = FastAPI()\n\n@app.post("/ask")\ndef ask(q: str):\n    return OpenAI().responses.create(model="gpt-5.4-mini", input=q).output_text\n',
    });
    assert.deepEqual(code.entryPoints.map((e) => e.file).sort(), ['routes.py', 'run_async.py', 'top.py']);
  });
});
