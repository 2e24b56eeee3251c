/**
 * Realistic projects per language and framework, end to end (real collectors, resolver, every check,
 * offline): broken ones give the code finding, healthy ones give no error at all.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { runDiagnosis } from '../../src/pipeline/diagnose.js';
import { metaFor } from '../../src/checks/registry.js';
import { tempProject, type TempProject, type Tree } from '../helpers/project.js';
import { foreignKey, openaiKey } from '../helpers/keys.js';

const made: TempProject[] = [];
after(() => {
  for (const p of made) p.cleanup();
});

async function doctor(files: Tree, env: Record<string, string> = {}) {
  const p = tempProject(files);
  made.push(p);
  const d = await runDiagnosis({
    root: p.root,
    home: p.home,
    env: { PATH: process.env.PATH ?? '', HOME: p.home, ...env },
    offline: true,
  });
  const errors = d.findings.filter((f) => (f.severity ?? metaFor(f.id)?.severity) === 'error');
  return { d, ids: d.findings.map((f) => f.id), errors: errors.map((f) => `${f.id}: ${f.message}`) };
}
const has = (r: { ids: string[]; d: { findings: Array<{ id: string; message: string }> } }, id: string): void =>
  assert.ok(
    r.ids.includes(id),
    `expected ${id}, got ${r.d.findings.map((f) => `${f.id}: ${f.message}`).join(' | ') || 'nothing'}`,
  );
const lacks = (r: { ids: string[]; d: { findings: Array<{ id: string; message: string }> } }, ids: string[]): void => {
  const bad = r.d.findings.filter((f) => ids.includes(f.id));
  assert.deepEqual(
    bad.map((f) => `${f.id}: ${f.message}`),
    [],
  );
};
const CODE_IDS = [
  'env-name-mismatch',
  'dotenv-not-loaded',
  'dotenv-loaded-late',
  'dotenv-wrong-location',
  'key-hardcoded-overrides-env',
  'sdk-api-mismatch',
  'model-retired',
  'azure-misconfigured',
];

const key = openaiKey('proj', 'projects');
const gi = '.env\n.env*.local\nnode_modules\n__pycache__/\n';
const pkg = (o: Record<string, unknown>) => JSON.stringify({ name: 'app', version: '1.0.0', ...o }, null, 2);

describe('Node projects', () => {
  it('ESM: dotenv.config() below the imports runs after an imported module built its client', async () => {
    const r = await doctor({
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': gi,
      'package.json': pkg({
        type: 'module',
        scripts: { start: 'node src/server.js' },
        dependencies: { openai: '^6.2.0', dotenv: '^17.2.0', express: '^5.0.0' },
      }),
      'src/server.js':
        "import express from 'express';\nimport dotenv from 'dotenv';\nimport { ask } from './llm.js';\n\ndotenv.config();\n\nconst app = express();\napp.get('/', async (_req, res) => res.send(await ask('hi')));\napp.listen(process.env.PORT ?? 3000);\n",
      'src/llm.js':
        "import OpenAI from 'openai';\n\nconst client = new OpenAI();\n\nexport async function ask(q) {\n  const r = await client.responses.create({ model: 'gpt-4o-mini', input: q });\n  return r.output_text;\n}\n",
    });
    has(r, 'dotenv-loaded-late');
    const f = r.d.findings.find((x) => x.id === 'dotenv-loaded-late');
    assert.equal(f?.location?.path, 'src/llm.js');
    assert.equal(f?.location?.line, 3);
  });
  it("ESM fixed with import 'dotenv/config' first: healthy", async () => {
    const r = await doctor({
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': gi,
      'package.json': pkg({
        type: 'module',
        scripts: { start: 'node src/server.js' },
        dependencies: { openai: '^6.2.0', dotenv: '^17.2.0' },
      }),
      'src/server.js': "import 'dotenv/config';\nimport { ask } from './llm.js';\nconsole.log(await ask('hi'));\n",
      'src/llm.js':
        "import OpenAI from 'openai';\nconst client = new OpenAI();\nexport const ask = (q) => client.responses.create({ model: 'gpt-4o-mini', input: q });\n",
    });
    assert.deepEqual(r.errors, []);
    lacks(r, CODE_IDS);
  });
  it('CommonJS with require("dotenv").config() first and a TypeScript helper: healthy', async () => {
    const r = await doctor({
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': gi,
      'package.json': pkg({
        main: 'index.js',
        scripts: { start: 'node index.js' },
        dependencies: { openai: '^4.77.0', dotenv: '^16.4.0' },
      }),
      'index.js':
        "require('dotenv').config();\nconst { client } = require('./client');\nclient.chat.completions.create({ model: 'gpt-4o-mini', messages: [] }).then(console.log);\n",
      'client.js':
        "const OpenAI = require('openai');\nexports.client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n",
    });
    assert.deepEqual(r.errors, []);
  });
  it('node --env-file in the start script, .env in the wrong folder', async () => {
    const r = await doctor({
      'server/.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': gi,
      'package.json': pkg({
        scripts: { start: 'node server/index.js' },
        dependencies: { openai: '^6.0.0', dotenv: '^17.0.0' },
      }),
      'server/index.js':
        "require('dotenv').config();\nconst OpenAI = require('openai');\nconst client = new OpenAI();\n",
    });
    has(r, 'dotenv-wrong-location');
  });
  it('v3 code with openai ^4 installed; retired model; placeholder key in code', async () => {
    const r = await doctor({
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': gi,
      'package.json': pkg({
        scripts: { start: 'node bot.js' },
        dependencies: { openai: '^4.20.0', dotenv: '^16.0.0' },
      }),
      'bot.js':
        "require('dotenv').config();\nconst { Configuration, OpenAIApi } = require('openai');\nconst configuration = new Configuration({ apiKey: 'sk-your-api-key-here' });\nconst openai = new OpenAIApi(configuration);\nasync function run() {\n  const r = await openai.createCompletion({ model: 'text-davinci-003', prompt: 'hi' });\n  return r.data.choices[0].text;\n}\nrun();\n",
    });
    has(r, 'sdk-api-mismatch');
    has(r, 'model-retired');
    has(r, 'key-hardcoded-overrides-env');
  });
  it('Next.js app router: .env.local at the root is healthy; under src/ it is the wrong place', async () => {
    const files: Tree = {
      '.gitignore': gi,
      'package.json': pkg({
        scripts: { dev: 'next dev', build: 'next build', start: 'next start' },
        dependencies: { next: '15.1.0', react: '19.0.0', 'react-dom': '19.0.0', openai: '^6.0.0' },
      }),
      'next.config.mjs': 'export default {};\n',
      'src/app/api/chat/route.ts':
        "import OpenAI from 'openai';\n\nconst client = new OpenAI();\n\nexport async function POST(req: Request) {\n  const { text } = await req.json();\n  const r = await client.responses.create({ model: 'gpt-4o-mini', input: text });\n  return Response.json({ text: r.output_text });\n}\n",
      'src/app/page.tsx':
        "'use client';\nimport { useState } from 'react';\nexport default function Page() { const [t] = useState(''); return <main>{t}</main>; }\n",
    };
    const good = await doctor({ ...files, '.env.local': `OPENAI_API_KEY=${key}\n` });
    assert.deepEqual(good.errors, []);
    lacks(good, CODE_IDS);
    const bad = await doctor({ ...files, 'src/.env.local': `OPENAI_API_KEY=${key}\n` });
    has(bad, 'dotenv-wrong-location');
  });
  it('misnamed variable in a Vercel AI SDK route', async () => {
    const r = await doctor({
      '.env.local': `OPEN_AI_API_KEY=${key}\n`,
      '.gitignore': gi,
      'package.json': pkg({
        scripts: { dev: 'next dev' },
        dependencies: { next: '15.1.0', ai: '^4.0.0', '@ai-sdk/openai': '^1.0.0' },
      }),
      'app/api/chat/route.ts':
        "import { openai } from '@ai-sdk/openai';\nimport { streamText } from 'ai';\nexport async function POST(req: Request) {\n  const { messages } = await req.json();\n  return streamText({ model: openai('gpt-4o'), messages }).toDataStreamResponse();\n}\n",
    });
    has(r, 'env-name-mismatch');
  });
});

describe('a monorepo of parts with their own .env files', () => {
  // mem0's layout: Python examples beside a TypeScript package and a server, each part with its own .env
  const script =
    'from dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\n\nif __name__ == "__main__":\n    print(OpenAI().models.list())\n';
  const tree: Tree = {
    '.gitignore': gi,
    'pyproject.toml': '[project]\nname = "lib"\ndependencies = ["openai>=1.40", "python-dotenv"]\n',
    'examples/misc/test.py': script,
    'sdk-ts/package.json': pkg({ dependencies: { openai: '^6.0.0' } }),
    'sdk-ts/src/oss/.env': `OPENAI_API_KEY=${key}\n`,
    'server/requirements.txt': 'openai>=1.40\n',
    'server/.env': `OPENAI_API_KEY=${key}\n`,
  };
  it("another package's .env is not the file an example's load_dotenv() misses", async () => {
    lacks(await doctor(tree), ['dotenv-wrong-location']);
  });
  it('a .env elsewhere in the same package still is', async () => {
    has(await doctor({ ...tree, 'examples/misc/config/.env': `OPENAI_API_KEY=${key}\n` }), 'dotenv-wrong-location');
  });
});

describe('Python projects', () => {
  const flaskApp =
    "import os\nfrom dotenv import load_dotenv\nfrom flask import Flask, request\nfrom openai import OpenAI\n\nload_dotenv()\napp = Flask(__name__)\nclient = OpenAI()\n\n@app.post('/ask')\ndef ask():\n    r = client.chat.completions.create(model='gpt-4o-mini', messages=[{'role': 'user', 'content': request.json['q']}])\n    return {'a': r.choices[0].message.content}\n\nif __name__ == '__main__':\n    app.run(port=int(os.getenv('PORT', '5000')))\n";
  it('Flask with load_dotenv(): healthy', async () => {
    const r = await doctor({
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': gi,
      'app.py': flaskApp,
      'requirements.txt': 'flask>=3\nopenai>=1.40\npython-dotenv>=1.0\n',
    });
    assert.deepEqual(r.errors, []);
    lacks(r, CODE_IDS);
  });
  it('a loader-named file with another name is read like a dotenv file', async () => {
    const r = await doctor({
      'config/keys.txt': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': gi + 'config/keys.txt\n',
      'requirements.txt': 'openai>=1.40\npython-dotenv\n',
      'app.py':
        'from dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv("config/keys.txt")\nclient = OpenAI()\n',
    });
    assert.ok(r.d.facts.envFiles.some((f) => f.relPath === 'config/keys.txt' && f.exists));
    assert.deepEqual(r.errors, []);
  });
  it('a script that never loads .env', async () => {
    const r = await doctor({
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': gi,
      'main.py': 'from openai import OpenAI\n\nclient = OpenAI()\nprint(client.models.list())\n',
      'requirements.txt': 'openai>=1.40\n',
    });
    has(r, 'dotenv-not-loaded');
  });
  it('client created above load_dotenv()', async () => {
    const r = await doctor({
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': gi,
      'bot.py': 'from openai import OpenAI\nfrom dotenv import load_dotenv\n\nclient = OpenAI()\nload_dotenv()\n',
      'requirements.txt': 'openai>=1.40\npython-dotenv\n',
    });
    has(r, 'dotenv-loaded-late');
  });
  it('load_dotenv() inside main(), the client made at import time in another module', async () => {
    const r = await doctor({
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': gi,
      'requirements.txt': 'openai>=1.40\npython-dotenv\n',
      'llm.py': 'from openai import OpenAI\n\nclient = OpenAI()\n',
      'main.py':
        'from dotenv import load_dotenv\nfrom llm import client\n\n\ndef main():\n    load_dotenv()\n    print(client.models.list())\n\n\nif __name__ == "__main__":\n    main()\n',
    });
    has(r, 'dotenv-loaded-late');
  });
  it('FastAPI with pydantic-settings passing the key explicitly: healthy', async () => {
    const r = await doctor({
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': gi,
      'requirements.txt': 'fastapi\nuvicorn\nopenai>=1.50\npydantic-settings>=2\n',
      'app/config.py':
        'from pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass Settings(BaseSettings):\n    model_config = SettingsConfigDict(env_file=".env")\n    openai_api_key: str\n    model: str = "gpt-4o-mini"\n\nsettings = Settings()\n',
      'app/__init__.py': '',
      'app/main.py':
        'from fastapi import FastAPI\nfrom openai import OpenAI\nfrom .config import settings\n\napp = FastAPI()\nclient = OpenAI(api_key=settings.openai_api_key)\n\n@app.get("/")\ndef root():\n    return client.chat.completions.create(model=settings.model, messages=[])\n',
    });
    assert.deepEqual(r.errors, []);
    lacks(r, CODE_IDS);
  });
  it('Django with django-environ: healthy', async () => {
    const r = await doctor({
      '.gitignore': gi,
      'requirements.txt': 'django>=5\ndjango-environ\nopenai>=1.40\n',
      'manage.py':
        'import os\nimport sys\n\nif __name__ == "__main__":\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n    from django.core.management import execute_from_command_line\n    execute_from_command_line(sys.argv)\n',
      'mysite/__init__.py': '',
      'mysite/.env': `OPENAI_API_KEY=${key}\n`,
      'mysite/settings.py':
        'import environ\n\nenv = environ.Env()\nenviron.Env.read_env()\nOPENAI_API_KEY = env("OPENAI_API_KEY")\n',
      'chat/__init__.py': '',
      'chat/views.py':
        'from django.conf import settings\nfrom openai import OpenAI\n\ndef answer(q):\n    client = OpenAI(api_key=settings.OPENAI_API_KEY)\n    return client.chat.completions.create(model="gpt-4o-mini", messages=[])\n',
    });
    lacks(r, CODE_IDS);
    assert.deepEqual(r.errors, []);
  });
  it('v0 code with openai>=1 and a retired model', async () => {
    const r = await doctor({
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': gi,
      'requirements.txt': 'openai>=1.40\npython-dotenv\n',
      'legacy.py':
        'import os\nfrom dotenv import load_dotenv\nload_dotenv()\nimport openai\nopenai.api_key = os.getenv("OPENAI_API_KEY")\n\ndef complete(p):\n    return openai.Completion.create(model="text-davinci-003", prompt=p)\n',
    });
    has(r, 'sdk-api-mismatch');
    has(r, 'model-retired');
  });
  it('LangChain AzureChatOpenAI with only an OpenAI key', async () => {
    const r = await doctor({
      '.env': `OPENAI_API_KEY=${key}\nAZURE_OPENAI_ENDPOINT=https://res.openai.azure.com\nOPENAI_API_VERSION=2024-10-21\n`,
      '.gitignore': gi,
      'requirements.txt': 'langchain-openai\npython-dotenv\n',
      'chain.py':
        'from dotenv import load_dotenv\nfrom langchain_openai import AzureChatOpenAI\n\nload_dotenv()\nllm = AzureChatOpenAI(azure_deployment="gpt-4o")\nprint(llm.invoke("hi"))\n',
    });
    // the OpenAI key reaches the Azure client through LangChain's fallback: one finding, about the value
    has(r, 'key-foreign-provider');
    assert.match(
      r.d.findings.find((f) => f.id === 'key-foreign-provider')?.message ?? '',
      /AZURE_OPENAI_API_KEY, then OPENAI_API_KEY: the first one set wins/,
    );
    assert.ok(!r.ids.includes('azure-misconfigured'), r.ids.join(', '));
  });
  it('Azure set up properly: healthy', async () => {
    const azureKey = foreignKey('azure', 'projects');
    const r = await doctor({
      '.env': `AZURE_OPENAI_API_KEY=${azureKey}\nAZURE_OPENAI_ENDPOINT=https://res.openai.azure.com\nOPENAI_API_VERSION=2024-10-21\n`,
      '.gitignore': gi,
      'requirements.txt': 'openai>=1.40\npython-dotenv\n',
      'az.py':
        'import os\nfrom dotenv import load_dotenv\nfrom openai import AzureOpenAI\n\nload_dotenv()\nclient = AzureOpenAI()\nprint(client.chat.completions.create(model="my-gpt4o-deployment", messages=[]))\n',
    });
    lacks(r, CODE_IDS);
  });
  it('notebook with %dotenv and a .env at the root: healthy', async () => {
    const nb = {
      cells: [
        { cell_type: 'code', source: ['%load_ext dotenv\n', '%dotenv\n'] },
        {
          cell_type: 'code',
          source: [
            'from openai import OpenAI\n',
            'client = OpenAI()\n',
            'client.chat.completions.create(model="gpt-4o-mini", messages=[])',
          ],
        },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    };
    const r = await doctor({
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': gi,
      'requirements.txt': 'openai>=1.40\npython-dotenv\n',
      'notebooks/explore.ipynb': JSON.stringify(nb, null, 1),
    });
    lacks(r, CODE_IDS);
  });
});

describe('other languages', () => {
  it('Go reads OPENAI_KEY; .env defines OPENAI_API_KEY', async () => {
    const r = await doctor({
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': gi,
      'go.mod': 'module x\n',
      'main.go': 'package main\n\nimport "os"\n\nfunc main() {\n\tkey := os.Getenv("OPENAI_KEY")\n\t_ = key\n}\n',
    });
    has(r, 'env-name-mismatch');
  });
  it('Ruby reads the right name: nothing to say', async () => {
    const r = await doctor({
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': gi,
      'app.rb': "require 'dotenv/load'\nclient = OpenAI::Client.new(access_token: ENV.fetch('OPENAI_API_KEY'))\n",
    });
    lacks(r, CODE_IDS);
  });
});

describe('settings modules', () => {
  const settings = (prefixLine: string) =>
    `from pydantic import BaseSettings\n\n${prefixLine}\n\n\nclass Settings(BaseSettings):\n    openai_api_key: str = "<Should be updated via env>"\n\n    class Config:\n        env_file = ".env"\n        env_prefix = ENV_PREFIX\n\n\nsettings = Settings()\n`;
  const image =
    'import openai\n\nfrom app.settings import settings\n\n\ndef make_image(prompt):\n    return openai.Image.create(api_key=settings.openai_api_key, prompt=prompt)\n';
  const base = {
    '.gitignore': gi,
    'pyproject.toml':
      '[project]\nname = "myapp"\nversion = "0.1.0"\ndependencies = ["openai==0.28.1", "pydantic[dotenv]<2"]\n',
    'app/__init__.py': '',
    'app/constants.py': 'ENV_PREFIX = "MYAPP_"\n',
    'app/image.py': image,
  };
  it('an env_prefix imported from a constants module: the prefixed name in .env reaches the call', async () => {
    const r = await doctor({
      ...base,
      '.env': `MYAPP_OPENAI_API_KEY=${key}\n`,
      'app/settings.py': settings('from app.constants import ENV_PREFIX'),
    });
    assert.deepEqual(r.errors, []);
  });
  it('the same settings with the unprefixed name in .env: env-name-mismatch, and no key-missing (the field has a default)', async () => {
    const r = await doctor({
      ...base,
      '.env': `OPENAI_API_KEY=${key}\n`,
      'app/settings.py': settings('from app.constants import ENV_PREFIX'),
    });
    has(r, 'env-name-mismatch');
    assert.match(
      r.d.findings.find((f) => f.id === 'env-name-mismatch')?.message ?? '',
      /MYAPP_OPENAI_API_KEY.*env_prefix "MYAPP_"/,
    );
    assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
  });
});
