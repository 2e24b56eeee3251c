/**
 * The client model end to end: targets reach clients, clients decide where their key goes, and
 * branches that do not run raise nothing. Realistic small projects through diagnose().
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { doctorOn } from '../helpers/doctor.js';
import type { Tree } from '../helpers/project.js';
import { openaiKey, foreignKey } from '../helpers/keys.js';
import { metaFor } from '../../src/checks/registry.js';

const doctor = doctorOn;

const key = openaiKey('proj', 'e2e-clients');
const json = (o: unknown) => JSON.stringify(o, null, 2) + '\n';

describe('provider branches', () => {
  const llm =
    'import os\nfrom openai import OpenAI, AzureOpenAI\n\n\ndef make_client(kind):\n    if kind.lower() == "openai":\n        return OpenAI()\n    elif kind == "azure":\n        return AzureOpenAI()\n    elif kind == "groq":\n        return OpenAI(base_url="https://api.groq.com/openai/v1", api_key=os.environ["GROQ_API_KEY"])\n    raise ValueError(kind)\n';
  const app =
    'import os\nfrom dotenv import load_dotenv\n\nload_dotenv()\n\nfrom clients import make_client\n\nclient = make_client(os.environ.get("PROVIDER", "openai"))\n';
  const project = (env: string): Tree => ({
    '.env': env,
    '.gitignore': '.env\n',
    'requirements.txt': 'openai>=1.40\npython-dotenv\n',
    'clients.py': llm,
    'app.py': app,
  });

  it('the branch the winning .env selects is judged; the others raise nothing', async () => {
    const r = await doctor(project(`OPENAI_API_KEY=${key}\nPROVIDER=OpenAI\n`));
    assert.deepEqual(r.errors, []);
    assert.ok(!r.ids.includes('key-missing') && !r.ids.includes('azure-misconfigured'), r.ids.join(', '));
    const t = r.report.targets.find((x) => x.id === 'python:app.py');
    assert.deepEqual(
      t?.clients?.map((c) => c.status),
      ['runs', 'never', 'never'],
    );
  });
  it('the selected branch lacks its key: key-missing names that client and its variable', async () => {
    const r = await doctor(project(`OPENAI_API_KEY=${key}\nPROVIDER=groq\n`));
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.ok(f, r.ids.join(', '));
    assert.equal(f.severity, 'error');
    assert.match(f.message, /GROQ_API_KEY for the client at clients\.py:11/);
  });
  it('the caller that decides the branch names no SDK (a line-scanned file): it is parsed after all', async () => {
    const plain =
      'import os\n\nfrom clients import make_client\n\nclient = make_client(os.environ.get("PROVIDER", "cloud"))\n';
    const r = await doctor(
      { 'requirements.txt': 'openai>=1.40\n', 'clients.py': llm, 'app.py': plain },
      {},
      { OPENAI_API_KEY: key, PROVIDER: 'groq' },
    );
    const t = r.report.targets.find((x) => x.id === 'python:app.py');
    assert.deepEqual(
      t?.clients?.map((c) => c.status),
      ['never', 'never', 'runs'],
    );
    assert.match(r.report.findings.find((f) => f.id === 'key-missing')?.message ?? '', /GROQ_API_KEY/);
  });
  it('a branch chosen by nothing keydoctor can read is a warning at most', async () => {
    const undecided =
      'import sys\nfrom dotenv import load_dotenv\n\nload_dotenv()\n\nfrom clients import make_client\n\nclient = make_client(sys.argv[1])\n';
    const r = await doctor({ ...project(`OPENAI_API_KEY=${key}\n`), 'app.py': undecided });
    assert.deepEqual(r.errors, []);
  });
  // gpt-researcher's layout: a LangChain Azure client (which falls back to OPENAI_API_KEY) in one branch of a provider switch
  const langchain = (env: string): Tree => ({
    '.env': env,
    '.gitignore': '.env\n',
    'requirements.txt': 'langchain-openai\npython-dotenv\n',
    'llm.py':
      'from langchain_openai import ChatOpenAI, AzureChatOpenAI\n\n\ndef get_llm(provider, model):\n    if provider == "openai":\n        return ChatOpenAI(model=model)\n    elif provider == "azure_openai":\n        return AzureChatOpenAI(azure_deployment=model)\n    raise ValueError(provider)\n',
    'app.py':
      'import os, sys\nfrom dotenv import load_dotenv\n\nload_dotenv()\n\nfrom llm import get_llm\n\nllm = get_llm(sys.argv[1], "gpt-5.4-mini")\n',
  });
  it('an Azure branch nobody set up (no Azure variable anywhere) raises nothing about Azure', async () => {
    const r = await doctor(langchain(`OPENAI_API_KEY=${key}\n`));
    assert.deepEqual(r.errors, []);
    assert.deepEqual(
      r.ids.filter((id) => id === 'key-foreign-provider' || id === 'azure-misconfigured'),
      [],
      r.ids.join(', '),
    );
  });
  it('with Azure set up (an endpoint in .env), the OpenAI key the Azure branch would send is a warning', async () => {
    const r = await doctor(
      langchain(
        `OPENAI_API_KEY=${key}\nAZURE_OPENAI_ENDPOINT=https://me.openai.azure.com\nOPENAI_API_VERSION=2024-10-21\n`,
      ),
    );
    const f = r.report.findings.find((x) => x.id === 'key-foreign-provider');
    assert.ok(f, r.ids.join(', '));
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /built only if/);
  });
});

describe('an empty OPENAI_BASE_URL', () => {
  const py = {
    '.gitignore': '.env\n',
    'requirements.txt': 'openai\npython-dotenv\n',
    'main.py':
      'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import OpenAI\nclient = OpenAI()\nprint(client.models.list())\n',
  };
  it('is an error for the openai Python SDK, which takes it as the base URL (no fallback to api.openai.com)', async () => {
    const r = await doctor({ ...py, '.env': `OPENAI_API_KEY=${key}\nOPENAI_BASE_URL=\n` });
    const f = r.report.findings.find((x) => x.id === 'base-url-override');
    assert.ok(f, r.ids.join(', '));
    assert.equal(f.severity, 'error');
    assert.equal(f.location?.path, '.env');
    assert.equal(f.location?.line, 2);
    assert.match(f.message, /empty string.*Connection error/s);
    const t = r.target('python:main.py');
    assert.equal(t?.clients?.[0]?.endpoint.url, '');
  });
  it('is nothing when the line is commented out, has a value, or the SDK is openai-node (which falls back)', async () => {
    const commented = await doctor({ ...py, '.env': `OPENAI_API_KEY=${key}\n# OPENAI_BASE_URL=\n` });
    assert.ok(!commented.ids.includes('base-url-override'), commented.ids.join(', '));
    const set = await doctor({ ...py, '.env': `OPENAI_API_KEY=${key}\nOPENAI_BASE_URL=https://api.openai.com/v1\n` });
    assert.ok(!set.ids.includes('base-url-override'), set.ids.join(', '));
    const node = await doctor({
      '.env': `OPENAI_API_KEY=${key}\nOPENAI_BASE_URL=\n`,
      '.gitignore': '.env\n',
      'package.json': json({
        name: 'x',
        type: 'module',
        scripts: { start: 'node index.js' },
        dependencies: { openai: '^4.0.0', dotenv: '^16.0.0' },
      }),
      'index.js':
        "import 'dotenv/config';\nimport OpenAI from 'openai';\nconst client = new OpenAI();\nawait client.models.list();\n",
    });
    assert.ok(!node.ids.includes('base-url-override'), node.ids.join(', '));
  });
  it("is an error for the AI SDK's createOpenAI given it (baseURL: process.env.OPENAI_BASE_URL), not for openai-node given it", async () => {
    const app = (code: string, dep: Record<string, string>) => ({
      '.env': `OPENAI_API_KEY=${key}\nOPENAI_BASE_URL=\n`,
      '.gitignore': '.env\n',
      'package.json': json({
        name: 'x',
        type: 'module',
        scripts: { start: 'node index.js' },
        dependencies: { dotenv: '^16.0.0', ...dep },
      }),
      'index.js': code,
    });
    const ai = await doctor(
      app(
        "import 'dotenv/config';\nimport { createOpenAI } from '@ai-sdk/openai';\nimport { generateText } from 'ai';\nconst openai = createOpenAI({ baseURL: process.env.OPENAI_BASE_URL });\nawait generateText({ model: openai('gpt-5.4-mini'), prompt: 'hi' });\n",
        { ai: '^5.0.0', '@ai-sdk/openai': '^2.0.0' },
      ),
    );
    const f = ai.report.findings.find((x) => x.id === 'base-url-override');
    assert.equal(f?.severity, 'error', ai.ids.join(', '));
    assert.match(f?.message ?? '', /AI SDK's createOpenAI/);
    const node = await doctor(
      app(
        "import 'dotenv/config';\nimport OpenAI from 'openai';\nconst client = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL });\nawait client.models.list();\n",
        { openai: '^4.0.0' },
      ),
    );
    assert.ok(!node.ids.includes('base-url-override'), node.ids.join(', '));
  });
  it('does not count for a client given its own base URL', async () => {
    const r = await doctor({
      ...py,
      '.env': `OPENAI_API_KEY=${key}\nOPENAI_BASE_URL=\n`,
      'main.py':
        'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import OpenAI\nclient = OpenAI(base_url="https://api.openai.com/v1")\n',
    });
    assert.ok(!r.ids.includes('base-url-override'), r.ids.join(', '));
  });
});

describe('clients with their own endpoint', () => {
  it('an OpenAI key sent to OpenRouter (base URL set, no key passed) is key-foreign-provider', async () => {
    const r = await doctor({
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
      'requirements.txt': 'openai\npython-dotenv\n',
      'bot.py':
        'from dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI(base_url="https://openrouter.ai/api/v1")\n',
    });
    const f = r.report.findings.find((x) => x.id === 'key-foreign-provider');
    assert.ok(f, r.ids.join(', '));
    assert.match(f.message, /sends it to OpenRouter/);
  });
  it('OpenRouter with its own key is healthy', async () => {
    const r = await doctor({
      '.env': `OPENROUTER_API_KEY=${foreignKey('openrouter', 'e2e')}\n`,
      '.gitignore': '.env\n',
      'requirements.txt': 'openai\npython-dotenv\n',
      'bot.py':
        'import os\nfrom dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI(base_url="https://openrouter.ai/api/v1", api_key=os.getenv("OPENROUTER_API_KEY"))\n',
    });
    assert.deepEqual(r.errors, []);
    assert.ok(!r.ids.includes('base-url-override') && !r.ids.includes('key-foreign-provider'), r.ids.join(', '));
  });
  it('AzureOpenAI with a token provider needs no key', async () => {
    const r = await doctor({
      'requirements.txt': 'openai>=1.40\nazure-identity\n',
      'app.py':
        'from azure.identity import DefaultAzureCredential, get_bearer_token_provider\nfrom openai import AzureOpenAI\n\ntoken_provider = get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")\nclient = AzureOpenAI(azure_endpoint="https://res.openai.azure.com", api_version="2024-10-21", azure_ad_token_provider=token_provider)\n\nif __name__ == "__main__":\n    print(client.models.list())\n',
    });
    assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
  });
  it('a Node client with the Ollama dummy key next to a cloud client: healthy', async () => {
    const r = await doctor(
      {
        'package.json': json({
          name: 'router',
          type: 'module',
          scripts: { start: 'node index.js' },
          dependencies: { openai: '^6.0.0' },
        }),
        'index.js':
          "import OpenAI from 'openai';\nconst local = new OpenAI({ baseURL: 'http://127.0.0.1:11434/v1', apiKey: 'ollama' });\nconst cloud = new OpenAI();\nconst c = process.env.USE_LOCAL ? local : cloud;\nconsole.log(await c.models.list());\n",
      },
      {},
      { OPENAI_API_KEY: key },
    );
    assert.deepEqual(r.errors, []);
  });
});

describe('parts that never call OpenAI', () => {
  it('a Vite UI next to a Python API: no key finding for the UI, nothing about moving .env', async () => {
    const r = await doctor({
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\nnode_modules\n',
      'server/main.py': 'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import OpenAI\nclient = OpenAI()\n',
      'server/requirements.txt': 'openai\npython-dotenv\n',
      'frontend/package.json': json({
        name: 'frontend',
        private: true,
        scripts: { dev: 'vite' },
        devDependencies: { vite: '^6.0.0' },
      }),
      'frontend/src/main.js': "fetch('/api/chat').then((r) => r.json()).then(console.log);\n",
    });
    assert.deepEqual(r.errors, []);
    assert.ok(!r.ids.includes('dotenv-wrong-location'), r.ids.join(', '));
  });
  it('a project that uses no LLM at all says so and exits clean', async () => {
    const r = await doctor({
      'package.json': json({ name: 'site', scripts: { start: 'node server.js' }, dependencies: { express: '^5.0.0' } }),
      'server.js': "const express = require('express');\nexpress().listen(process.env.PORT ?? 3000);\n",
    });
    assert.deepEqual(
      r.ids.filter((i) => i.startsWith('key-')),
      [],
    );
    assert.equal(r.report.summary.errors, 0);
  });
});

describe('dotenv files named by code', () => {
  it('load_dotenv(Path.home() / ".env") and expanduser("~/...") read those files in HOME', async () => {
    const home = { '.config/tool/env': `OPENAI_API_KEY=${key}\n` };
    const r = await doctor(
      {
        'requirements.txt': 'openai\npython-dotenv\n',
        'tool.py':
          'import os\nfrom dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv(os.path.expanduser("~/.config/tool/env"))\nclient = OpenAI()\n',
      },
      home,
    );
    assert.deepEqual(r.errors, []);
    const t = r.report.targets.find((x) => x.id === 'python:tool.py');
    assert.equal(t?.vars.find((v) => v.name === 'OPENAI_API_KEY')?.from, '~/.config/tool/env:1');
  });
  it('a dotenv file outside HOME and the project is not read', async () => {
    const r = await doctor({
      'requirements.txt': 'openai\npython-dotenv\n',
      'tool.py':
        'from dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv("/etc/keydoctor-test-nonexistent/env")\nclient = OpenAI()\n',
    });
    assert.ok(r.report.targets.every((t) => !(t.loads ?? []).some((l) => l.startsWith('/etc/'))));
  });
});

describe('the doctor screen', () => {
  it('shows what each client sends where, and the clients a target does not build', async () => {
    const { format } = await import('../../src/report/formatters/index.js');
    const r = await doctor({
      '.env': `OPENAI_API_KEY=${key}\nMODE=cloud\n`,
      '.gitignore': '.env\n',
      'requirements.txt': 'openai\npython-dotenv\n',
      'app.py':
        'import os\nfrom dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nif os.getenv("MODE") == "local":\n    client = OpenAI(base_url="http://localhost:11434/v1", api_key="ollama")\nelse:\n    client = OpenAI(base_url="https://openrouter.ai/api/v1")\n',
    });
    const text = format(r.report, { meta: metaFor, format: 'text', color: false, targets: true });
    assert.match(text, /→ openrouter\.ai: OpenAI at app\.py:9 sends OPENAI_API_KEY/);
    assert.match(text, /1 other client is not built here/);
  });
  it('a project with nothing to do with an LLM API: one line', async () => {
    const { format } = await import('../../src/report/formatters/index.js');
    const r = await doctor({ 'README.md': '# notes\n', 'main.go': 'package main\n\nfunc main() {}\n' });
    const text = format(r.report, { meta: metaFor, format: 'text', color: false, targets: true });
    assert.match(text, /Nothing here uses OpenAI or another LLM API/);
    assert.doesNotMatch(text, /What each target gets/);
  });
});

describe('shadowing in deployment chains', () => {
  it('compose: the shell value beats .env in interpolation, and the message says so', async () => {
    const stale = openaiKey('proj', 'e2e-stale');
    const r = await doctor(
      {
        '.env': `OPENAI_API_KEY=${key}\n`,
        '.gitignore': '.env\n',
        'docker-compose.yml':
          'services:\n  api:\n    image: api\n    environment:\n      OPENAI_API_KEY: ${OPENAI_API_KEY}\n',
      },
      { '.zshrc': `export OPENAI_API_KEY=${stale}\n` },
      { OPENAI_API_KEY: stale, SHELL: '/bin/zsh' },
    );
    const f = r.report.findings.find((x) => x.id === 'key-shadowed' && x.target === 'compose:api');
    assert.ok(f, r.ids.join(', '));
    assert.match(f.message, /the shell environment beats \.env when compose interpolates \$\{OPENAI_API_KEY\}/);
  });
});

describe('a base URL written in code', () => {
  const app = (baseURL: string) => ({
    'package.json': json({ name: 'docs', type: 'module', dependencies: { openai: '^4.0.0' } }),
    'index.js': `import OpenAI from 'openai';\nconst client = new OpenAI({ baseURL: '${baseURL}' });\nawait client.models.list();\n`,
  });
  it("a placeholder (a documentation snippet's '...') is not an endpoint that cannot work", async () => {
    const r = await doctor(app('...'));
    assert.ok(!r.ids.includes('base-url-override'), r.ids.join(', '));
  });
  it('broken: a value that is no URL still is', async () => {
    const r = await doctor(app('api.openai.com/v1'));
    assert.ok(r.ids.includes('base-url-override'), r.ids.join(', '));
  });
});

describe('a key taken from a parameter first, then the environment (`api_key or os.getenv(...)`)', () => {
  const llm =
    'import os\nfrom openai import OpenAI\n\n\nclass LLM:\n    def __init__(self, api_key=None):\n        self.api_key = api_key or os.getenv("OPENAI_API_KEY")\n        self.client = OpenAI(api_key=self.api_key)\n';
  const project = (env: string): Tree => ({
    '.env': env,
    '.gitignore': '.env\n',
    'requirements.txt': 'openai>=1.40\npython-dotenv\n',
    'llm.py': llm,
    'app.py': 'from dotenv import load_dotenv\n\nload_dotenv()\n\nfrom llm import LLM\n\nLLM().client.models.list()\n',
  });
  it('the environment is followed: a key in .env reaches the client, a bad one is reported', async () => {
    const ok = await doctor(project(`OPENAI_API_KEY=${key}\n`));
    assert.deepEqual(ok.errors, []);
    const t = ok.report.targets.find((x) => x.id === 'python:app.py');
    assert.equal(t?.needsKey, true);
    assert.ok(t?.vars.find((v) => v.name === 'OPENAI_API_KEY')?.from?.startsWith('.env'));
    const bad = await doctor(project(`OPENAI_API_KEY="${key}\n`));
    assert.ok(
      bad.ids.some((id) => id.startsWith('key-') || id.startsWith('dotenv-')),
      bad.ids.join(', '),
    );
  });
  it('no key anywhere: key-missing is a warning that names the parameter a caller may pass', async () => {
    const r = await doctor(project('OTHER=1\n'));
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.ok(f, r.ids.join(', '));
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /Its key is `api_key` first, which a caller may set/);
  });
});

describe('a dotenv path built from the environment: `.env.${process.env.NODE_ENV}` (anything-llm)', () => {
  const index =
    'process.env.NODE_ENV === "development"\n  ? require("dotenv").config({ path: `.env.${process.env.NODE_ENV}` })\n  : require("dotenv").config();\nconst { OpenAI } = require("openai");\nconst openai = new OpenAI({ apiKey: process.env.OPEN_AI_KEY });\nopenai.models.list();\n';
  const project = (dev: string): Tree => ({
    '.gitignore': '.env*\n',
    'server/package.json': json({
      name: 'server',
      scripts: { dev: dev },
      dependencies: { dotenv: '^16.0.0', openai: '^4.50.0' },
    }),
    'server/index.js': index,
    'server/.env.development': `OPEN_AI_KEY=${key}\n`,
  });
  it('the file named by what the script sets (NODE_ENV=development) is loaded: no dotenv-not-loaded', async () => {
    const r = await doctor(project('cross-env NODE_ENV=development node index.js'));
    assert.deepEqual(r.errors, []);
    const t = r.report.targets.find((x) => x.vars.some((v) => v.name === 'OPEN_AI_KEY'));
    assert.equal(t?.vars.find((v) => v.name === 'OPEN_AI_KEY')?.from, 'server/.env.development:1');
  });
  it('with NODE_ENV unset the ternary takes its other branch (plain .env, not there): the key is not loaded', async () => {
    const r = await doctor(project('node index.js'));
    const t = r.report.targets.find((x) => x.label.includes('node index.js'));
    assert.ok(t, r.report.targets.map((x) => x.label).join(' | '));
    assert.equal(t.vars.find((v) => v.name === 'OPEN_AI_KEY')?.value, undefined);
    assert.match(
      t.loading ?? '',
      /not \.env\.\$\{NODE_ENV\} at server\/index\.js:2, which loads only if NODE_ENV is "development"/,
    );
    assert.match(t.loading ?? '', /server\/\.env via dotenv\.config\(\)/);
  });
});

describe('a module of one client class per provider, of which the target instantiates one (autogen)', () => {
  const lib =
    'from openai import AsyncAzureOpenAI, AsyncOpenAI\n\n\ndef _azure_client_from_config(config):\n    return AsyncAzureOpenAI(azure_endpoint=config["endpoint"], api_version="2024-10-21")\n\n\ndef _openai_client_from_config(config):\n    return AsyncOpenAI()\n\n\nclass OpenAIClient:\n    def __init__(self, **kwargs):\n        self._client = _openai_client_from_config(kwargs)\n\n\nclass AzureClient:\n    def __init__(self, **kwargs):\n        self._client = _azure_client_from_config(kwargs)\n\n\nclass AzureDirect:\n    def __init__(self):\n        self._client = AsyncAzureOpenAI(azure_endpoint="https://x.openai.azure.com", api_version="2024-10-21")\n';
  const project = (demo: string): Tree => ({
    'requirements.txt': 'openai>=1.40\n',
    'pkg/__init__.py': 'from .client import OpenAIClient, AzureClient, AzureDirect\n',
    'pkg/client.py': lib,
    'examples/demo.py': `from pkg.client import OpenAIClient, AzureClient, AzureDirect\n\nif __name__ == "__main__":\n    ${demo}\n`,
  });
  it('the OpenAI class is used: the Azure clients of the classes it does not instantiate raise nothing', async () => {
    const r = await doctor(project('OpenAIClient(model="gpt-5.5")'), {}, { OPENAI_API_KEY: key });
    assert.deepEqual(r.errors, []);
    assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
    const t = r.report.targets.find((x) => x.id === 'python:examples/demo.py');
    assert.deepEqual(
      t?.clients?.map((c) => [c.location, c.status]),
      // no code of the project makes AzureClient or AzureDirect, and this target makes OpenAIClient: never built
      [
        ['pkg/client.py:5', 'never'],
        ['pkg/client.py:9', 'runs'],
        ['pkg/client.py:24', 'never'],
      ],
    );
  });
  it('a class another part of the project instantiates stays undecided here (a caller elsewhere may hand it over)', async () => {
    const r = await doctor(
      {
        ...project('OpenAIClient(model="gpt-5.5")'),
        'tools/azure_job.py':
          'from pkg.client import AzureClient\n\nif __name__ == "__main__":\n    AzureClient(endpoint="https://x.openai.azure.com")\n',
      },
      {},
      { OPENAI_API_KEY: key },
    );
    const t = r.report.targets.find((x) => x.id === 'python:examples/demo.py');
    assert.equal(t?.clients?.find((c) => c.location === 'pkg/client.py:5')?.status, 'maybe');
  });
  it('the Azure class is used: its missing key is reported; the OpenAI one is then the unpicked one', async () => {
    const r = await doctor(project('AzureClient(endpoint="https://x.openai.azure.com")'), {}, { OPENAI_API_KEY: key });
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.ok(f, r.ids.join(', '));
    assert.match(f.message, /AZURE_OPENAI_API_KEY for the client at pkg\/client\.py:5/);
    const t = r.report.targets.find((x) => x.id === 'python:examples/demo.py');
    assert.equal(t?.clients?.find((c) => c.location === 'pkg/client.py:9')?.status, 'never');
  });
  it('no class instantiated anywhere (a framework or a user of the library may do it): every client may run', async () => {
    const r = await doctor(project('print("hi")'), {}, { OPENAI_API_KEY: key });
    const t = r.report.targets.find((x) => x.id === 'python:examples/demo.py');
    assert.ok(
      t?.clients?.every((c) => c.status === 'maybe' && /no code of this project does/.test(c.condition ?? '')),
      JSON.stringify(t?.clients),
    );
    assert.deepEqual(r.errors, []);
  });
});

describe('the key a target sends when no client surely runs (a provider switch): the one the user set', () => {
  const index =
    'require("dotenv").config();\nconst { OpenAI } = require("openai");\nfunction clientFor(provider) {\n  switch (provider) {\n    case "alpha":\n      return new OpenAI({ baseURL: "https://alpha.example.com/v1", apiKey: process.env.ALPHA_API_KEY });\n    case "openai":\n      return new OpenAI({ apiKey: process.env.OPEN_AI_KEY });\n  }\n}\nclientFor(globalThis.selected).models.list();\n';
  const project = (env: string): Tree => ({
    '.gitignore': '.env\n',
    'package.json': json({
      name: 'app',
      scripts: { start: 'node index.js' },
      dependencies: { dotenv: '^16', openai: '^4' },
    }),
    'index.js': index,
    '.env': env,
  });
  it('OPEN_AI_KEY is set, ALPHA_API_KEY is not: the target is judged by OPEN_AI_KEY', async () => {
    const r = await doctor(project(`OPEN_AI_KEY=${key}\n`));
    assert.deepEqual(r.errors, []);
    assert.equal(r.report.targets.find((t) => t.id === 'node:start')?.keyVar, 'OPEN_AI_KEY');
  });
  it('a truncated OPEN_AI_KEY is found', async () => {
    const r = await doctor(project(`OPEN_AI_KEY=${key.slice(0, 60)}\n`));
    assert.ok(r.ids.includes('key-malformed'), r.ids.join(', '));
  });
});

describe('more Python entry points than the target cap (gpt-researcher, openai-agents-python)', () => {
  const script = (body: string) => `from openai import OpenAI\n\nif __name__ == "__main__":\n    ${body}\n`;
  it('entries that build a client come first, the app before tooling; the rest are named in a note', async () => {
    const files: Tree = { 'requirements.txt': 'openai>=1.40\n' };
    for (let i = 1; i <= 12; i++)
      files[`.agents/skills/s${String(i).padStart(2, '0')}.py`] = script('print("no client")');
    for (let i = 1; i <= 3; i++) files[`scripts/tool${i}.py`] = script('OpenAI().models.list()');
    files['main.py'] = script('OpenAI().models.list()');
    const r = await doctor(files, {}, { OPENAI_API_KEY: key });
    const ids = r.report.targets.map((t) => t.id).filter((id) => id.startsWith('python:'));
    assert.equal(ids.length, 12);
    assert.deepEqual(ids.slice(0, 4), [
      'python:main.py',
      'python:scripts/tool1.py',
      'python:scripts/tool2.py',
      'python:scripts/tool3.py',
    ]);
    const note = r.report.notes.find((n) => /more Python entry points are not checked/.test(n.message));
    assert.ok(note, r.report.notes.map((n) => n.message).join(' | '));
    assert.match(note.message, /^4 more Python entry points/);
  });
  it('a retired model in an entry past the cap is not "run by no target": it runs when started', async () => {
    const files: Tree = { 'requirements.txt': 'openai>=1.40\n' };
    for (let i = 1; i <= 13; i++)
      files[`a${String(i).padStart(2, '0')}.py`] =
        'from openai import OpenAI\n\nclient = OpenAI()\n\nif __name__ == "__main__":\n    client.chat.completions.create(model="o1-preview", messages=[])\n';
    const r = await doctor(files, {}, { OPENAI_API_KEY: key });
    const retired = r.report.findings.filter((f) => f.id === 'model-retired');
    assert.equal(retired.length, 13, r.ids.join(', '));
    assert.ok(retired.every((f) => f.severity === 'error' && !/No target of this project runs it/.test(f.message)));
  });
});

describe("a condition on a config object's attribute (t3-env `env.OPENAI_API_KEY`, AgentGPT)", () => {
  const project = (env: string): Tree => ({
    '.gitignore': '.env\n',
    '.env': env,
    'package.json': json({
      name: 'next',
      type: 'module',
      scripts: { start: 'node src/index.mjs' },
      dependencies: { dotenv: '^16', openai: '^4' },
    }),
    'src/env.mjs': 'export const env = { OPENAI_API_KEY: process.env.OPENAI_API_KEY };\n',
    'src/index.mjs':
      'import "dotenv/config";\nimport OpenAI from "openai";\nimport { env } from "./env.mjs";\nexport async function title(goal) {\n  if (!env.OPENAI_API_KEY) return goal;\n  const c = new OpenAI({ apiKey: env.OPENAI_API_KEY });\n  return c.models.list();\n}\nawait title("x");\n',
  });
  it('the key unset: the client is not built, nothing is missing', async () => {
    const r = await doctor(project('OTHER_KEY=1\n'));
    assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
    const t = r.report.targets.find((x) => x.id === 'node:start');
    assert.deepEqual(
      t?.clients?.map((c) => c.status),
      ['never'],
    );
  });
  it('the key set: the client runs with it', async () => {
    const r = await doctor(project(`OPENAI_API_KEY=${key}\n`));
    assert.deepEqual(r.errors, []);
    assert.deepEqual(
      r.report.targets.find((x) => x.id === 'node:start')?.clients?.map((c) => c.status),
      ['runs'],
    );
  });
});

describe('a Next.js app whose key keydoctor cannot follow to a client: its value is still judged', () => {
  const pkg = json({
    name: 'chat',
    scripts: { dev: 'next dev', build: 'next build', start: 'next start' },
    dependencies: { next: '^15', openai: '^4' },
  });
  const nextChat = (env: string): Tree => ({
    '.gitignore': '.env*\n',
    'package.json': pkg,
    '.env.local': env,
    'app/config.ts': 'export const serverConfig = { apiKey: process.env.OPENAI_API_KEY };\n',
    'app/api/chat/route.ts':
      'import { serverConfig } from "../../config";\nconst OPENAI_BASE_URL = "https://api.openai.com";\nexport async function POST(req: Request) {\n  req.headers.set("Authorization", `Bearer ${serverConfig.apiKey}`);\n  return fetch(`${OPENAI_BASE_URL}/v1/chat/completions`, { method: "POST", headers: req.headers, body: req.body });\n}\n',
  });
  const profile = (env: string): Tree => ({
    '.gitignore': '.env*\n',
    'package.json': pkg,
    '.env.local': env,
    'lib/profile.ts':
      'const KEYS = { OPENAI_API_KEY: "openai_api_key" };\nexport function getProfile(): any {\n  const profile: any = {};\n  for (const [envKey, profileKey] of Object.entries(KEYS)) if (process.env[envKey]) profile[profileKey] = process.env[envKey];\n  return profile;\n}\n',
    'app/api/chat/route.ts':
      'import OpenAI from "openai";\nimport { getProfile } from "../../../lib/profile";\nexport async function POST() {\n  const openai = new OpenAI({ apiKey: getProfile().openai_api_key || "" });\n  return Response.json(await openai.models.list());\n}\n',
  });
  const short = key.slice(0, 52);
  it('its code reads OPENAI_API_KEY (NextChat: a Bearer header from a config object): a truncated key is found', async () => {
    const r = await doctor(nextChat(`OPENAI_API_KEY=${short}\n`));
    assert.ok(r.ids.includes('key-malformed'), r.ids.join(', '));
  });
  it('an OpenAI client given a key by an expression (chatbot-ui: a profile filled from process.env): a truncated key is found', async () => {
    const r = await doctor(profile(`OPENAI_API_KEY=${short}\n`));
    assert.ok(r.ids.includes('key-malformed'), r.ids.join(', '));
  });
  it('neither is missing a key when none is set (the key is not known to be needed)', async () => {
    for (const files of [nextChat('OTHER=1\n'), profile('OTHER=1\n')]) {
      const r = await doctor(files);
      assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
    }
  });
});

describe('a key demanded by a raise / throw before the client (create-llama: `if os.getenv(...) is None: raise`)', () => {
  it('Python: with the key unset the program fails there: key-missing, an error', async () => {
    const r = await doctor({
      'requirements.txt': 'openai\npython-dotenv\n',
      'settings.py':
        'import os\nfrom openai import OpenAI\n\n\ndef init_settings():\n    if os.getenv("OPENAI_API_KEY") is None:\n        raise RuntimeError("OPENAI_API_KEY is missing in environment variables")\n    return OpenAI()\n',
      'main.py':
        'from dotenv import load_dotenv\nfrom settings import init_settings\n\nif __name__ == "__main__":\n    load_dotenv()\n    init_settings()\n',
      '.env': 'OTHER=1\n',
      '.gitignore': '.env\n',
    });
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.ok(f, r.ids.join(', '));
    assert.equal(f.severity, 'error');
  });
  it('JS: `if (!process.env.OPENAI_API_KEY) throw ...` then the client: key-missing; with the key, nothing', async () => {
    const files = (env: string): Tree => ({
      '.gitignore': '.env\n',
      '.env': env,
      'package.json': json({
        name: 'x',
        scripts: { start: 'node index.js' },
        dependencies: { dotenv: '^16', openai: '^4' },
      }),
      'index.js':
        'require("dotenv").config();\nconst OpenAI = require("openai");\nif (!process.env.OPENAI_API_KEY) throw new Error("Set OPENAI_API_KEY");\nconst client = new OpenAI();\nclient.models.list();\n',
    });
    const missing = await doctor(files('OTHER=1\n'));
    assert.ok(
      missing.report.findings.some((x) => x.id === 'key-missing' && x.severity === 'error'),
      missing.ids.join(', '),
    );
    const ok = await doctor(files(`OPENAI_API_KEY=${key}\n`));
    assert.deepEqual(ok.errors, []);
  });
});

describe("python-dotenv's load_dotenv() finds one .env: the first from the file's folder upward", () => {
  const files = (sub: string): Tree => ({
    'requirements.txt': 'openai\npython-dotenv\n',
    '.gitignore': '.env\n',
    '.env': `OPENAI_API_KEY=${key}\n`,
    'src/.env': sub,
    'src/app.py':
      'from dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI()\n\nif __name__ == "__main__":\n    client.models.list()\n',
  });
  it('src/.env without the key hides the root .env that has it: the target gets no key', async () => {
    const r = await doctor(files('CONVERSATION_STARTERS=hi\n'));
    const t = r.report.targets.find((x) => x.id === 'python:src/app.py');
    assert.equal(t?.vars.find((v) => v.name === 'OPENAI_API_KEY')?.value, undefined);
    assert.ok(r.ids.includes('key-missing') || r.ids.includes('dotenv-not-loaded'), r.ids.join(', '));
    assert.match(t?.loading ?? '', /src\/\.env via load_dotenv\(\)/);
    assert.doesNotMatch(t?.loading ?? '', /src\/\.env, \.env via/);
  });
  it('no src/.env: the root .env is the one found', async () => {
    const f = files('');
    delete f['src/.env'];
    const r = await doctor(f);
    assert.deepEqual(r.errors, []);
    const t = r.report.targets.find((x) => x.id === 'python:src/app.py');
    assert.equal(t?.vars.find((v) => v.name === 'OPENAI_API_KEY')?.from, '.env:1');
  });
});

describe('dotenv-not-loaded names the module that runs first, not the package.json that names it', () => {
  it('package.json main: index.js', async () => {
    const r = await doctor({
      '.gitignore': '.env\n',
      '.env': `OPENAI_API_KEY=${key}\n`,
      'package.json': json({ name: 'x', main: 'index.js', dependencies: { openai: '^4' } }),
      'index.js': 'const OpenAI = require("openai");\nnew OpenAI().models.list();\n',
    });
    const f = r.report.findings.find((x) => x.id === 'dotenv-not-loaded');
    assert.ok(f, r.ids.join(', '));
    // a CommonJS module: require(), not an import (a syntax error there); dotenv is not installed yet
    assert.match(
      f.fix?.summary ?? '',
      /`require\('dotenv'\)\.config\(\)` as the first line of index\.js \(after `npm install dotenv`\), or start with `node --env-file=\.env index\.js`/,
    );
    assert.doesNotMatch(f.fix?.summary ?? '', /package\.json/);
    assert.equal(f.related?.[0]?.path, 'index.js');
  });
});

describe('the LangChain tutorials\' `_set_env("OPENAI_API_KEY")` (prompts with getpass when the key is not set)', () => {
  const helper =
    'import os\nimport getpass\nfrom langchain_openai import ChatOpenAI\n\n\ndef _set_env(var: str):\n    if not os.environ.get(var):\n        os.environ[var] = getpass.getpass(f"{var}: ")\n\n\n_set_env("OPENAI_API_KEY")\nllm = ChatOpenAI(model="gpt-5.4-mini")\n\nif __name__ == "__main__":\n    llm.invoke("hi")\n';
  it('with no key anywhere: not missing (the program asks for it)', async () => {
    const r = await doctor({ 'requirements.txt': 'langchain-openai\n', 'app.py': helper });
    assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
    assert.deepEqual(r.errors, []);
  });
  it('with the key in a .env the app never loads: no dotenv-not-loaded (it asks instead)', async () => {
    const r = await doctor({
      'requirements.txt': 'langchain-openai\n',
      'app.py': helper,
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
    });
    assert.ok(!r.ids.includes('dotenv-not-loaded'), r.ids.join(', '));
  });
});

describe("a helper that lists another provider's models with a key its caller passes (anything-llm's togetherAiModels(apiKey))", () => {
  it('in an app set up for OpenAI: nothing about the other provider, and the target is judged by the OpenAI key', async () => {
    const r = await doctor({
      '.gitignore': '.env\n',
      '.env': `LLM_PROVIDER=openai\nOPEN_AI_KEY=${key}\n`,
      'package.json': json({
        name: 'server',
        scripts: { start: 'node index.js' },
        dependencies: { dotenv: '^16', openai: '^4' },
      }),
      'together.js':
        'const { OpenAI } = require("openai");\nasync function togetherAiModels(apiKey = null) {\n  const openai = new OpenAI({ baseURL: "https://api.together.xyz/v1", apiKey: apiKey || process.env.TOGETHER_AI_API_KEY || null });\n  return openai.models.list();\n}\nmodule.exports = { togetherAiModels };\n',
      'custom.js':
        'const { togetherAiModels } = require("./together");\nasync function getTogether(apiKey) {\n  const models = await togetherAiModels(apiKey);\n  if (models.length) process.env.TOGETHER_AI_API_KEY = apiKey;\n  return models;\n}\nmodule.exports = { getTogether };\n',
      'index.js':
        'require("dotenv").config();\nconst { OpenAI } = require("openai");\nconst { getTogether } = require("./custom");\nfunction provider(name) {\n  switch (name) {\n    case "openai":\n      return new OpenAI({ apiKey: process.env.OPEN_AI_KEY });\n  }\n}\nprovider(process.env.LLM_PROVIDER).models.list();\nmodule.exports = { getTogether };\n',
    });
    assert.ok(!r.ids.includes('key-missing'), r.report.findings.map((f) => f.message).join(' | '));
    assert.equal(r.report.targets.find((t) => t.id === 'node:start')?.keyVar, 'OPEN_AI_KEY');
  });
});

describe('a way of running the project that is not set up, while another is (anything-llm set up for docker)', () => {
  const files = (dockerEnv: string): Tree => ({
    '.gitignore': '.env\n',
    'server/package.json': json({
      name: 'server',
      scripts: { dev: 'node index.js' },
      dependencies: { dotenv: '^16', openai: '^4' },
    }),
    'server/index.js':
      'require("dotenv").config({ path: ".env.development" });\nconst { OpenAI } = require("openai");\nnew OpenAI({ apiKey: process.env.OPEN_AI_KEY }).models.list();\n',
    'docker/docker-compose.yml': 'services:\n  app:\n    build: ../server\n    env_file: .env\n',
    'docker/.env': dockerEnv,
  });
  it('docker set up: the dev script lacking the key is a warning that says so', async () => {
    const r = await doctor(files(`OPEN_AI_KEY=${key}\n`));
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.ok(f, r.ids.join(', '));
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /This way of running it is not set up .* gets its key/);
  });
  it('nothing set up anywhere: still an error', async () => {
    const r = await doctor(files('PORT=3001\n'));
    assert.ok(
      r.report.findings.some((x) => x.id === 'key-missing' && x.severity === 'error'),
      r.ids.join(', '),
    );
  });
});

describe("compose-var-unset: a blank variable nothing reads is not reported (NextChat's OPENAI_SB)", () => {
  it('OPENAI_SB blank: nothing; ANTHROPIC_API_KEY blank while the service gets its own key: a note', async () => {
    const r = await doctor({
      '.gitignore': '.env\n',
      '.env': `OPENAI_API_KEY=${key}\n`,
      'package.json': json({ name: 'app', scripts: { start: 'node server.js' }, dependencies: { openai: '^4' } }),
      'server.js': 'const OpenAI = require("openai");\nnew OpenAI().models.list();\n',
      'docker-compose.yml':
        'services:\n  app:\n    build: .\n    environment:\n      - OPENAI_API_KEY=$OPENAI_API_KEY\n      - OPENAI_SB=$OPENAI_SB\n      - ANTHROPIC_API_KEY=$ANTHROPIC_API_KEY\n',
    });
    const unset = r.report.findings.filter((f) => f.id === 'compose-var-unset');
    assert.ok(!unset.some((f) => /OPENAI_SB/.test(f.message)), unset.map((f) => f.message).join(' | '));
    assert.ok(
      unset.some((f) => /ANTHROPIC_API_KEY/.test(f.message) && f.severity === 'info'),
      unset.map((f) => f.message).join(' | '),
    );
  });
});
