/**
 * Patterns found on real public repositories (each rebuilt here as a small synthetic project; no
 * fetched code): a healthy set-up gets no error, and what is said is true of the project.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { doctorOn } from '../helpers/doctor.js';
import type { Tree } from '../helpers/project.js';
import { foreignKey, openaiKey } from '../helpers/keys.js';

const doctor = doctorOn;

const key = openaiKey('proj', 'e2e-real-patterns');
const json = (o: unknown) => JSON.stringify(o, null, 2) + '\n';

describe('requires inside functions', () => {
  it('`const { OpenAI: OpenAIApi } = require("openai")` in a constructor is the v4 client, not the v3 API', async () => {
    const provider =
      'class OpenAiLLM {\n  constructor() {\n    const { OpenAI: OpenAIApi } = require("openai");\n    this.openai = new OpenAIApi({ apiKey: process.env.OPEN_AI_KEY });\n  }\n}\nmodule.exports = { OpenAiLLM };\n';
    const server = 'require("dotenv").config();\nconst { OpenAiLLM } = require("./provider");\nnew OpenAiLLM();\n';
    const r = await doctor({
      'package.json': json({
        name: 's',
        scripts: { start: 'node index.js' },
        dependencies: { openai: '^4.95.1', dotenv: '^16' },
      }),
      'index.js': server,
      'provider.js': provider,
      '.env': `OPEN_AI_KEY=${key}\n`,
      '.gitignore': '.env\n',
    });
    assert.ok(!r.ids.includes('sdk-api-mismatch'), r.ids.join(', '));
    assert.deepEqual(r.errors, []);
    const c = r.report.clients?.find((x) => x.location === 'provider.js:4');
    assert.ok(c, JSON.stringify(r.report.clients));
    assert.equal(c.sdk, 'openai-node');
    assert.equal(c.credential.kind, 'env');
  });
});

describe('match / case provider switches (Python 3.10+)', () => {
  const memory = (subject: string) =>
    `import os\nfrom langchain_openai import OpenAIEmbeddings, AzureOpenAIEmbeddings\n\n\nclass Memory:\n    def __init__(self, provider, model):\n        match ${subject}:\n            case "openai":\n                self.e = OpenAIEmbeddings(model=model)\n            case "azure_openai" | "azure":\n                self.e = AzureOpenAIEmbeddings(model=model, azure_endpoint=os.environ["AZURE_OPENAI_ENDPOINT"], openai_api_key=os.environ["AZURE_OPENAI_API_KEY"])\n            case "openrouter":\n                self.e = OpenAIEmbeddings(model=model, openai_api_key=os.getenv("OPENROUTER_API_KEY"), openai_api_base="https://openrouter.ai/api/v1")\n            case _:\n                raise Exception("Embedding not found.")\n`;
  const app =
    'import os\nfrom dotenv import load_dotenv\n\nload_dotenv()\n\nfrom memory import Memory\n\nm = Memory(os.getenv("EMBEDDING_PROVIDER", "openai"), "text-embedding-3-small")\n';
  const project = (subject: string, env: string): Tree => ({
    '.env': env,
    '.gitignore': '.env\n',
    'requirements.txt': 'langchain-openai\npython-dotenv\n',
    'memory.py': memory(subject),
    'main.py': app,
  });

  it('cases on a value keydoctor cannot read are branches that may not run: no error for the keys of the others', async () => {
    const r = await doctor(project('provider', `OPENAI_API_KEY=${key}\n`));
    assert.deepEqual(r.errors, []);
    const t = r.report.targets.find((x) => x.id === 'python:main.py');
    assert.deepEqual(
      t?.clients?.map((c) => c.status),
      ['maybe', 'maybe', 'maybe'],
    );
    assert.match(t?.clients?.[1]?.condition ?? '', /azure_openai/);
  });
  it('cases on an environment variable are decided by the winning .env', async () => {
    const r = await doctor(project('os.getenv("EMBEDDING_PROVIDER", "openai")', `OPENAI_API_KEY=${key}\n`));
    assert.deepEqual(r.errors, []);
    const t = r.report.targets.find((x) => x.id === 'python:main.py');
    assert.deepEqual(
      t?.clients?.map((c) => c.status),
      ['runs', 'never', 'never'],
    );
  });
  it('the case the .env selects lacks its key: key-missing names it', async () => {
    const r = await doctor(
      project('os.getenv("EMBEDDING_PROVIDER", "openai")', `OPENAI_API_KEY=${key}\nEMBEDDING_PROVIDER=openrouter\n`),
    );
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.ok(f, r.ids.join(', '));
    assert.equal(f.severity, 'error');
    assert.match(f.message, /OPENROUTER_API_KEY for the client at memory\.py:13/);
  });
  it('`case _:` runs when no literal matched', async () => {
    const wild =
      'import os\nfrom openai import OpenAI\n\nmatch os.getenv("LLM", "openai"):\n    case "groq":\n        client = OpenAI(base_url="https://api.groq.com/openai/v1", api_key=os.environ["GROQ_API_KEY"])\n    case _:\n        client = OpenAI()\n';
    const r = await doctor({ 'bot.py': wild, 'requirements.txt': 'openai\n' }, {}, { OPENAI_API_KEY: key });
    assert.deepEqual(r.errors, []);
    const t = r.report.targets.find((x) => x.id === 'python:bot.py');
    assert.deepEqual(
      t?.clients?.map((c) => c.status),
      ['never', 'runs'],
    );
  });
});

describe('monorepo scripts', () => {
  it("`cd tools && node check.mjs` starts tools/check.mjs, and the root package does not take in its workspaces' clients", async () => {
    const server =
      'require("dotenv").config();\nconst OpenAI = require("openai");\nconst client = new OpenAI({ apiKey: process.env.OPEN_AI_KEY });\nmodule.exports = client;\n';
    const r = await doctor({
      'package.json': json({
        name: 'mono',
        private: true,
        scripts: { check: 'cd tools && node check.mjs', release: 'node scripts/missing.mjs' },
      }),
      'tools/check.mjs': 'import fs from "node:fs";\nconsole.log(fs.readdirSync("."));\n',
      'server/package.json': json({
        name: 'components',
        scripts: { start: 'node index.js' },
        dependencies: { openai: '^4', dotenv: '^16' },
      }),
      'server/index.js': server,
      'server/.env': `OPEN_AI_KEY=${key}\n`,
      '.gitignore': '.env\n',
    });
    assert.deepEqual(r.errors, []);
    const check = r.report.targets.find((t) => t.id === 'node:check');
    assert.equal(check?.entry, 'tools/check.mjs');
    assert.equal(check?.needsKey, false);
    const release = r.report.targets.find((t) => t.id === 'node:release');
    assert.deepEqual(release?.clients ?? [], []);
  });
});

describe('provider registries: a client built in a class runs when the class is instantiated', () => {
  const cls = (name: string, keyVar: string, base?: string) =>
    `const { OpenAI: OpenAIApi } = require("openai");\n\nclass ${name} {\n  constructor(model) {\n    this.openai = new OpenAIApi({ apiKey: process.env.${keyVar}${base ? `, baseURL: "${base}"` : ''} });\n    this.model = model;\n  }\n}\n\nmodule.exports = { ${name} };\n`;
  const factory =
    'function getLLMProvider(model) {\n  const selection = process.env.LLM_PROVIDER ?? "openai";\n  switch (selection) {\n    case "openai": {\n      const { OpenAiLLM } = require("./providers/openai");\n      return new OpenAiLLM(model);\n    }\n    case "groq": {\n      const { GroqLLM } = require("./providers/groq");\n      return new GroqLLM(model);\n    }\n    default:\n      throw new Error(`unknown provider ${selection}`);\n  }\n}\n\nmodule.exports = { getLLMProvider };\n';
  const project = (env: string): Tree => ({
    'package.json': json({
      name: 'components',
      scripts: { start: 'node index.js' },
      dependencies: { openai: '^4.95.1', dotenv: '^16' },
    }),
    'index.js':
      'require("dotenv").config();\nconst { getLLMProvider } = require("./helpers");\nmodule.exports = (req) => getLLMProvider(req.model);\n',
    'helpers.js': factory,
    'providers/openai.js': cls('OpenAiLLM', 'OPEN_AI_KEY'),
    'providers/groq.js': cls('GroqLLM', 'GROQ_API_KEY', 'https://api.groq.com/openai/v1'),
    '.env': env,
    '.gitignore': '.env\n',
  });
  it("the instantiation sites' conditions decide: only the selected provider's client runs", async () => {
    const r = await doctor(project(`LLM_PROVIDER=openai\nOPEN_AI_KEY=${key}\n`));
    assert.deepEqual(r.errors, []);
    const t = r.report.targets.find((x) => x.id === 'node:start');
    const by = Object.fromEntries((t?.clients ?? []).map((c) => [c.location, c.status]));
    assert.deepEqual(by, { 'providers/groq.js:5': 'never', 'providers/openai.js:5': 'runs' });
  });
  it('the selected provider lacks its key: key-missing names it', async () => {
    const r = await doctor(project(`LLM_PROVIDER=groq\nOPEN_AI_KEY=${key}\n`));
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.ok(f, r.ids.join(', '));
    assert.match(f.message, /GROQ_API_KEY for the client at providers\/groq\.js:5/);
  });
  it('a class instantiated on a choice keydoctor cannot read is a branch that may not run (Python)', async () => {
    const providers =
      'import os\nfrom openai import OpenAI\n\n\nclass OpenAIProvider:\n    def __init__(self):\n        self.client = OpenAI()\n\n\nclass DeepSeekProvider:\n    def __init__(self):\n        self.client = OpenAI(api_key=os.environ["DEEPSEEK_API_KEY"], base_url="https://api.deepseek.com")\n';
    const app =
      'import sys\nfrom dotenv import load_dotenv\nfrom providers import OpenAIProvider, DeepSeekProvider\n\nload_dotenv()\n\nif sys.argv[1] == "deepseek":\n    provider = DeepSeekProvider()\nelse:\n    provider = OpenAIProvider()\n';
    const r = await doctor({
      'requirements.txt': 'openai\npython-dotenv\n',
      'providers.py': providers,
      'app.py': app,
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
    });
    assert.deepEqual(r.errors, []);
    const t = r.report.targets.find((x) => x.id === 'python:app.py');
    assert.deepEqual(
      t?.clients?.map((c) => c.status),
      ['maybe', 'maybe'],
    );
  });
  it('a class instantiated once without a condition: its client runs', async () => {
    const r = await doctor({
      'package.json': json({ name: 'bot', scripts: { start: 'node bot.js' }, dependencies: { openai: '^4' } }),
      'bot.js':
        'const OpenAI = require("openai");\nclass Bot {\n  constructor() {\n    this.client = new OpenAI();\n  }\n}\nconst bot = new Bot();\nmodule.exports = bot;\n',
    });
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.ok(f, r.ids.join(', '));
    assert.equal(f.severity, 'error');
  });
});

describe('options passed as **dict', () => {
  it('a dict known to get its api_key (`client_args["api_key"] = ...`) gives the client its key: no key-missing', async () => {
    const app =
      'import os\nimport openai\nfrom azure.identity import DefaultAzureCredential, get_bearer_token_provider\nfrom dotenv import load_dotenv\n\nload_dotenv()\n\nclient_args = {}\nif os.getenv("AZURE_OPENAI_KEY"):\n    client_args["api_key"] = os.getenv("AZURE_OPENAI_KEY")\nelse:\n    client_args["api_key"] = get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")\nclient_args["base_url"] = os.environ["AZURE_OPENAI_ENDPOINT"] + "/openai/v1"\nclient = openai.AsyncOpenAI(**client_args)\n';
    const r = await doctor({
      'requirements.txt': 'openai\npython-dotenv\nazure-identity\n',
      'app.py': app,
      '.env': 'AZURE_OPENAI_ENDPOINT=https://res-kd.openai.azure.com\n',
      '.gitignore': '.env\n',
    });
    assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
    assert.deepEqual(r.errors, []);
  });
});

describe('env-name-mismatch judges names that can reach the code', () => {
  it("another app's .env in a sibling folder is not a misspelling of what this app reads", async () => {
    const r = await doctor({
      'docker/.env': `OPEN_AI_KEY=${key}\n`,
      'docker/docker-compose.yml': 'services:\n  app:\n    build: ..\n    env_file: .env\n',
      'tools/agent/config.js': 'module.exports = { key: process.env.OPENAI_API_KEY };\n',
      'tools/agent/package.json': json({ name: 'agent', main: 'config.js' }),
      '.gitignore': '.env\n',
    });
    assert.ok(!r.ids.includes('env-name-mismatch'), r.report.findings.map((f) => f.message).join('\n'));
  });
  it('a .env above the code still counts (the classic OPENAI_KEY / OPENAI_API_KEY mix-up)', async () => {
    const r = await doctor({
      'api/app.py':
        'import os\nfrom dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI(api_key=os.environ["OPENAI_KEY"])\n',
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
      'requirements.txt': 'openai\npython-dotenv\n',
    });
    assert.ok(r.ids.includes('env-name-mismatch'), r.ids.join(', '));
  });
  it('GROK_API_KEY (xAI) and GROQ_API_KEY (Groq) are two providers, not a typo', async () => {
    const r = await doctor({
      'crawler.py':
        'import os\nfrom dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI(api_key=os.getenv("GROK_API_KEY"), base_url="https://api.x.ai/v1")\n',
      '.env': `GROQ_API_KEY=gsk_${'x'.repeat(8)}\n`,
      '.gitignore': '.env\n',
      'requirements.txt': 'openai\npython-dotenv\n',
    });
    assert.ok(!r.ids.includes('env-name-mismatch'), r.report.findings.map((f) => f.message).join('\n'));
  });
});

describe('compose: blank values of other credentials', () => {
  const compose =
    'services:\n  api:\n    build: .\n    environment:\n      OPENAI_API_KEY: ${OPENAI_API_KEY}\n      OPENAI_BASE_URL: ${OPENAI_BASE_URL}\n      LANGCHAIN_API_KEY: ${LANGCHAIN_API_KEY}\n      SERPER_API_KEY: ${SERPER_API_KEY}\n';
  it('optional tracing or search keys left blank are not reported; a blank base URL of unknown code is a warning, not asked for as a key', async () => {
    const r = await doctor({
      'docker-compose.yml': compose,
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
      '.dockerignore': '.env\n',
    });
    assert.deepEqual(r.errors, []);
    const fs = r.report.findings.filter((f) => f.id === 'compose-var-unset');
    assert.deepEqual(
      fs.map((f) => [f.data?.variable, f.severity]),
      [['OPENAI_BASE_URL', 'warning']],
    );
    const url = fs[0];
    assert.ok(url && !/your key/.test(`${url.fix?.summary} ${url.fix?.command}`), url?.fix?.summary);
    assert.match(url?.fix?.summary ?? '', /:-https:\/\/api\.openai\.com\/v1/);
  });
  it("a blank base URL is an error for a service whose code uses the openai Python SDK, and nothing where it is openai-node's", async () => {
    const files = {
      'docker-compose.yml': compose,
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
      '.dockerignore': '.env\n',
    };
    const py = await doctor({
      ...files,
      'requirements.txt': 'openai\n',
      'app.py':
        'from openai import OpenAI\n\nclient = OpenAI()\n\nif __name__ == "__main__":\n    print(client.models.list())\n',
    });
    const f = py.report.findings.find((x) => x.id === 'compose-var-unset' && x.data?.variable === 'OPENAI_BASE_URL');
    assert.equal(f?.severity, 'error', py.ids.join(', '));
    assert.match(f?.message ?? '', /openai Python SDK \(app\.py:3\) takes an empty OPENAI_BASE_URL/);
    const node = await doctor({
      ...files,
      'package.json': json({ name: 'api', scripts: { start: 'node index.js' }, dependencies: { openai: '^4.0.0' } }),
      'index.js': "const OpenAI = require('openai');\nconst client = new OpenAI();\nclient.models.list();\n",
    });
    assert.ok(
      !node.report.findings.some((x) => x.id === 'compose-var-unset' && x.data?.variable === 'OPENAI_BASE_URL'),
      node.ids.join(', '),
    );
  });
  it('the LLM key itself blank stays an error', async () => {
    const r = await doctor({
      'docker-compose.yml': compose,
      '.env': 'OTHER=1\n',
      '.gitignore': '.env\n',
      '.dockerignore': '.env\n',
    });
    assert.ok(
      r.report.findings.some(
        (f) => f.id === 'compose-var-unset' && f.severity === 'error' && f.data?.variable === 'OPENAI_API_KEY',
      ),
      r.ids.join(', '),
    );
    // one cause, one finding: the blank ${OPENAI_API_KEY} is compose-var-unset's, with compose's fix, not also key-empty
    assert.ok(!r.ids.includes('key-empty'), r.ids.join(', '));
  });
});

describe("dotenv-wrong-location leaves other targets' files where they are", () => {
  it('a docker/.env that compose reads (env_file, mounted into the container) is not to be moved into the server folder', async () => {
    const r = await doctor({
      'docker/docker-compose.yml':
        'services:\n  app:\n    build:\n      context: ..\n    env_file:\n      - .env\n    volumes:\n      - "./.env:/app/server/.env"\n',
      'docker/.env': `LLM_PROVIDER=openai\nOPEN_AI_KEY=${key}\n`,
      'server/package.json': json({
        name: 'components',
        scripts: { start: 'node index.js' },
        dependencies: { openai: '^4', dotenv: '^16' },
      }),
      'server/index.js':
        'require("dotenv").config({ path: `.env` });\nconst OpenAI = require("openai");\nconst client = new OpenAI({ apiKey: process.env.OPEN_AI_KEY });\nmodule.exports = client;\n',
      '.gitignore': '.env\n',
      '.dockerignore': '.env\n',
    });
    assert.ok(
      !r.ids.includes('dotenv-wrong-location'),
      r.report.findings.map((f) => `${f.id}: ${f.message}`).join('\n'),
    );
  });
});

describe('dotenv-not-loaded lists only the targets in the same situation', () => {
  it('a script that never loads .env is named; a docs bot that calls no LLM is not listed with it', async () => {
    const r = await doctor({
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
      'requirements.txt': 'openai\n',
      'research.py':
        'from openai import OpenAI\n\nclient = OpenAI()\n\nif __name__ == "__main__":\n    print(client.models.list())\n',
      'docs/bot/package.json': json({
        name: 'bot',
        scripts: { dev: 'node index.js' },
        dependencies: { 'discord.js': '^14' },
      }),
      'docs/bot/index.js':
        'const { Client } = require("discord.js");\nnew Client({ intents: [] }).login(process.env.DISCORD_TOKEN);\n',
    });
    const f = r.report.findings.find((x) => x.id === 'dotenv-not-loaded');
    assert.ok(f, r.ids.join(', '));
    assert.ok(!/Same for/.test(f.message), f.message);
  });
});

describe('Python packages under a sub-folder (pip install -e src/backend)', () => {
  // rag-postgres-openai-python: `from fastapi_app.openai_clients import ...` with the package in src/backend/
  const clients =
    'import os\n\nimport openai\n\n\ndef create_chat_client():\n    return openai.OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n';
  const files = (seed: string): Tree => ({
    'src/backend/pyproject.toml':
      '[project]\nname = "app_pkg"\nversion = "1.0.0"\ndependencies = ["openai", "python-dotenv"]\n',
    'src/backend/app_pkg/__init__.py': '',
    'src/backend/app_pkg/clients.py': clients,
    'scripts/seed.py': seed,
    '.env': `OPENAI_API_KEY=${key}\n`,
    '.gitignore': '.env\n',
  });
  it("a script importing the package by its name reaches the package's client and the .env it loads: no error, no target for the library module", async () => {
    const r = await doctor(
      files(
        'from dotenv import load_dotenv\n\nfrom app_pkg.clients import create_chat_client\n\nif __name__ == "__main__":\n    load_dotenv()\n    client = create_chat_client()\n',
      ),
    );
    assert.deepEqual(r.errors, []);
    assert.ok(
      !r.report.targets.some((t) => t.id === 'python:src/backend/app_pkg/clients.py'),
      r.report.targets.map((t) => t.id).join(', '),
    );
    const t = r.report.targets.find((x) => x.id === 'python:scripts/seed.py');
    assert.equal(t?.clients?.length, 1, JSON.stringify(t?.clients));
  });
  it('the same script without load_dotenv(): dotenv-not-loaded names the script, not the library module', async () => {
    const r = await doctor(
      files(
        'from app_pkg.clients import create_chat_client\n\nif __name__ == "__main__":\n    client = create_chat_client()\n',
      ),
    );
    const f = r.report.findings.find((x) => x.id === 'dotenv-not-loaded');
    assert.ok(f, r.ids.join(', '));
    assert.equal(f.target, 'python:scripts/seed.py');
  });
});

describe('dotenv-azd: load_azd_env() reads the azd environment', () => {
  // Azure samples: `azd up` writes .azure/<env>/.env (kept out of git); scripts call load_azd_env()
  const script =
    'import os\n\nfrom dotenv_azd import load_azd_env\nfrom openai import OpenAI\n\n\ndef get_client():\n    if os.getenv("OPENAI_HOST") == "azure":\n        return OpenAI(base_url=os.environ["AZURE_OPENAI_ENDPOINT"] + "/openai/v1/", api_key=os.environ["AZURE_OPENAI_KEY"])\n    return OpenAI(api_key=os.environ["OPENAICOM_KEY"])\n\n\nif __name__ == "__main__":\n    load_azd_env()\n    print(get_client().models.list())\n';
  const files = (azdEnv: string): Tree => ({
    'evals/generate.py': script,
    'requirements.txt': 'openai\ndotenv-azd\n',
    '.gitignore': '.env\n.azure\n',
    '.env': 'OPENAICOM_KEY=YOUR-OPENAI-API-KEY\n',
    '.azure/config.json': json({ version: 1, defaultEnvironment: 'dev' }),
    '.azure/dev/.env': azdEnv,
  });
  it("the default environment's .env decides the branch: the Azure client runs, the OpenAI.com placeholder is not judged", async () => {
    const r = await doctor(
      files(
        `AZURE_ENV_NAME="dev"\nOPENAI_HOST="azure"\nAZURE_OPENAI_ENDPOINT="https://cog-test.openai.azure.com"\nAZURE_OPENAI_KEY="${foreignKey('azure', 'e2e-azd')}"\n`,
      ),
    );
    assert.deepEqual(r.errors, []);
    const t = r.report.targets.find((x) => x.id === 'python:evals/generate.py');
    assert.match(t?.loading ?? '', /\.azure\/dev\/\.env via load_azd_env\(\)/);
    assert.deepEqual(
      t?.clients?.map((c) => c.status),
      ['runs', 'never'],
    );
  });
  it('the azd environment file keeps its .gitignore rules (.azure is ignored): no dotenv-not-ignored', async () => {
    const r = await doctor({
      ...files('OPENAI_HOST="openai"\n'),
      '.azure/dev/.env': `AZURE_ENV_NAME="dev"\nOPENAI_HOST="openai"\nOPENAICOM_KEY="${key}"\n`,
    });
    assert.ok(!r.ids.includes('dotenv-not-ignored'), r.ids.join(', '));
    const f = r.report.targets.find((x) => x.id === 'python:evals/generate.py');
    assert.match(f?.loading ?? '', /\.azure\/dev\/\.env via load_azd_env\(\)/);
  });
  it('an azd environment without the key the selected branch reads: key-missing names that variable', async () => {
    const r = await doctor(files('OPENAI_HOST="azure"\nAZURE_OPENAI_ENDPOINT="https://cog-test.openai.azure.com"\n'));
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.equal(f?.data?.variable, 'AZURE_OPENAI_KEY', r.ids.join(', '));
  });
});

describe('examples for a provider the user has not set up', () => {
  // instructor, firecrawl: examples/ for Anyscale or DeepSeek next to the OpenAI ones
  const openaiExample = 'from openai import OpenAI\n\nclient = OpenAI()\nprint(client.models.list())\n';
  const anyscale =
    'import os\nfrom openai import OpenAI\n\nclient = OpenAI(base_url="https://api.endpoints.anyscale.com/v1", api_key=os.environ["ANYSCALE_API_KEY"])\nprint(client.models.list())\n';
  it('an example needing a key defined nowhere, while the others get theirs: a note that says so', async () => {
    const r = await doctor(
      {
        'examples/basic/run.py': openaiExample,
        'examples/avail/run_mixtral.py': anyscale,
        'requirements.txt': 'openai\n',
      },
      {},
      { OPENAI_API_KEY: key },
    );
    assert.deepEqual(r.errors, []);
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.equal(f?.severity, 'info');
    assert.match(
      f?.message ?? '',
      /Nothing in the project defines ANYSCALE_API_KEY, while the other parts get OPENAI_API_KEY/,
    );
  });
  it('an example for another provider, with no key set up anywhere yet: a warning that names the provider', async () => {
    // mem0: examples/misc/movie_recommendation_grok3.py in a repository none of whose parts has a key yet
    const grok =
      'import os\nfrom openai import OpenAI\n\nclient = OpenAI(base_url="https://api.x.ai/v1", api_key=os.environ["XAI_API_KEY"])\n\nif __name__ == "__main__":\n    print(client.models.list())\n';
    const r = await doctor({ 'examples/misc/grok.py': grok, 'requirements.txt': 'openai\n' });
    const f = r.report.findings.find((x) => x.id === 'key-missing' && x.data?.variable === 'XAI_API_KEY');
    assert.equal(f?.severity, 'warning', r.ids.join(', '));
    assert.match(f?.message ?? '', /this example is for xAI, which you have not set up/);
  });
  it("the project's own app needing that key stays an error", async () => {
    const r = await doctor(
      { 'examples/basic/run.py': openaiExample, 'app.py': anyscale, 'requirements.txt': 'openai\n' },
      {},
      { OPENAI_API_KEY: key },
    );
    assert.ok(
      r.report.findings.some(
        (x) => x.id === 'key-missing' && x.severity === 'error' && x.data?.variable === 'ANYSCALE_API_KEY',
      ),
      r.ids.join(', '),
    );
  });
});

describe('env-name-mismatch: a name only the code sets', () => {
  // anything-llm: customModels.js caches `process.env.GROQ_STT_API_KEY = apiKey`, the settings read STT_GROQ_API_KEY
  it("is a warning about the code, not an error about the user's set-up", async () => {
    const r = await doctor({
      'server/package.json': json({
        name: 'components',
        scripts: { start: 'node index.js' },
        dependencies: { openai: '^4', dotenv: '^16' },
      }),
      'server/index.js':
        'require("dotenv").config();\nconst OpenAI = require("openai");\nconst { cache } = require("./models");\nconst client = new OpenAI();\nfunction settings() {\n  return { STTGroqApiKey: !!process.env.STT_GROQ_API_KEY };\n}\nmodule.exports = { client, settings, cache };\n',
      'server/models.js':
        'function cache(apiKey) {\n  if (apiKey) process.env.GROQ_STT_API_KEY = apiKey;\n}\nmodule.exports = { cache };\n',
      'server/.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
    });
    assert.deepEqual(r.errors, []);
    const f = r.report.findings.find((x) => x.id === 'env-name-mismatch');
    assert.equal(f?.severity, 'warning', r.ids.join(', '));
    assert.match(f?.message ?? '', /set by the code itself/);
  });
});

describe('model names that are not what the code sends', () => {
  const app = (models: string) => ({
    'package.json': json({ name: 'ui', scripts: { dev: 'node server.js' }, dependencies: { openai: '^4' } }),
    'server.js': `const OpenAI = require("openai");\nconst client = new OpenAI();\n${models}\nmodule.exports = { client };\n`,
  });
  it("a catalogue entry's modelName label and a default that a later spread replaces are not model calls", async () => {
    const r = await doctor(
      app(
        'const GPT4 = { modelId: "gpt-4", modelName: "GPT-4", provider: "openai" };\nfunction provider(config, defaults) {\n  return { model: "gpt-4", ...defaults, ...config };\n}\nmodule.exports.models = { GPT4, provider };',
      ),
      {},
      { OPENAI_API_KEY: key },
    );
    assert.ok(!r.ids.includes('model-retired'), r.report.findings.map((f) => f.message).join('\n'));
  });
  it('a model option sent as written is still judged', async () => {
    const r = await doctor(
      app(
        'async function ask() {\n  return client.chat.completions.create({ model: "gpt-4", messages: [] });\n}\nmodule.exports.ask = ask;',
      ),
      {},
      { OPENAI_API_KEY: key },
    );
    assert.ok(r.ids.includes('model-retired'), r.ids.join(', '));
  });
});

describe('a blank key in a committed Kubernetes Secret', () => {
  // firecrawl examples/kubernetes: "Set secret.yaml ... and do not check in secrets"
  it('is a template to fill in at deploy time: a warning, not an error', async () => {
    const r = await doctor({
      'k8s/secret.yaml':
        'apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-secret\ntype: Opaque\ndata:\n  OPENAI_API_KEY: ""\n',
      'k8s/api.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: app:latest\n          envFrom:\n            - secretRef:\n                name: app-secret\n',
    });
    const f = r.report.findings.find((x) => x.id === 'key-empty');
    assert.equal(f?.severity, 'warning', r.ids.join(', '));
    assert.match(f?.message ?? '', /deployed as committed/);
  });
});

describe('the flask command loads .env and .flaskenv itself when python-dotenv is installed', () => {
  // openai-quickstart-python-style app: `flask run`, a module-level client, the key in .env, no load_dotenv() call
  const app =
    'from flask import Flask\nfrom openai import OpenAI\n\nclient = OpenAI()\napp = Flask(__name__)\n\n\n@app.route("/")\ndef index():\n    return client.models.list().data[0].id\n';
  it('with python-dotenv in the requirements the key in .env reaches the app: no error', async () => {
    const r = await doctor({
      'app.py': app,
      'requirements.txt': 'flask\nopenai\npython-dotenv\n',
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
    });
    assert.deepEqual(r.errors, []);
    const t = r.report.targets.find((x) => x.id === 'python:app.py');
    assert.match(t?.loading ?? '', /\.env via the flask command/);
  });
  it('without python-dotenv flask reads no file: the key in .env is not loaded', async () => {
    const r = await doctor({
      'app.py': app,
      'requirements.txt': 'flask\nopenai\n',
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
    });
    assert.ok(r.errors.length > 0, r.ids.join(', '));
    assert.ok(
      r.errors.some((e) => /the flask command loads \.env only when python-dotenv is installed/.test(e)),
      r.errors.join('\n'),
    );
  });
});

describe('a TypeScript API built to dist/src, started from its package folder', () => {
  // firecrawl apps/api: tsconfig outDir ./dist/src; `import 'dotenv/config'` first in src/index.ts; configDotenv() again
  // in modules below it and in a worker no entry imports; the compose set-up keeps the key in the root .env
  const files = (env: Tree): Tree => ({
    'apps/api/package.json': json({
      name: 'api',
      scripts: { start: 'tsc && node dist/src/index.js', worker: 'node dist/src/services/worker.js' },
      dependencies: { openai: '^4', dotenv: '^16' },
    }),
    'apps/api/tsconfig.json': json({ compilerOptions: { rootDir: './src', outDir: './dist/src', module: 'commonjs' } }),
    'apps/api/src/index.ts': 'import "dotenv/config";\nimport { client } from "./lib/ai";\nexport default client;\n',
    'apps/api/src/lib/ai.ts':
      'import OpenAI from "openai";\nexport const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n',
    'apps/api/src/main/run.ts':
      'import { configDotenv } from "dotenv";\nimport { client } from "../lib/ai";\nconfigDotenv();\nexport const run = () => client.models.list();\n',
    'apps/api/src/services/scrape.ts':
      'import { configDotenv } from "dotenv";\nimport { run } from "../main/run";\nconfigDotenv();\nexport const go = run;\n',
    'docker-compose.yaml':
      'services:\n  api:\n    build: apps/api\n    environment:\n      OPENAI_API_KEY: ${OPENAI_API_KEY}\n',
    '.gitignore': '.env\n',
    '.dockerignore': '.env\n',
    ...env,
  });
  it('the dev set-up (apps/api/.env) is loaded by the entry that `node dist/src/index.js` runs', async () => {
    const r = await doctor(files({ 'apps/api/.env': `OPENAI_API_KEY=${key}\n` }));
    assert.ok(!r.ids.includes('dotenv-not-loaded'), r.errors.join('\n'));
    const t = r.report.targets.find((x) => x.id === 'node:apps/api:start');
    assert.match(t?.loading ?? '', /apps\/api\/\.env via import 'dotenv\/config' at apps\/api\/src\/index\.ts:1/);
  });
  it('the compose set-up (root .env): a worker no entry imports runs from its package folder, so its later loads read apps/api/.env, not the root one', async () => {
    const r = await doctor(files({ '.env': `OPENAI_API_KEY=${key}\n` }));
    assert.ok(!r.ids.includes('dotenv-loaded-late'), r.errors.join('\n'));
  });
});

describe('a .gitignore saved as UTF-16', () => {
  // yash0304/rag-chatbot-groq: PowerShell wrote the .gitignore as UTF-16; git matches none of its lines
  it('lists .env but git does not read it: dotenv-not-ignored says why, and offers no append to that file', async () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('faiss_index/\r\n.env\r\n__pycache__/\r\n', 'utf16le'),
    ]);
    const r = await doctor({
      '.gitignore': utf16,
      '.env': `OPENAI_API_KEY=${key}\n`,
      'app.py': 'from dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI()\n',
      'requirements.txt': 'openai\npython-dotenv\n',
    });
    const f = r.report.findings.find((x) => x.id === 'dotenv-not-ignored');
    assert.match(f?.message ?? '', /\.gitignore is saved as UTF-16/);
    assert.equal(f?.fix?.edit, undefined);
    assert.ok(
      r.report.notes.some((n) => n.kind === 'encoding' && n.path === '.gitignore'),
      JSON.stringify(r.report.notes),
    );
  });
  it('the same rules saved as UTF-8 keep .env out of git', async () => {
    const r = await doctor({
      '.gitignore': 'faiss_index/\n.env\n',
      '.env': `OPENAI_API_KEY=${key}\n`,
      'app.py': 'from dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI()\n',
      'requirements.txt': 'openai\npython-dotenv\n',
    });
    assert.ok(!r.ids.includes('dotenv-not-ignored'), r.ids.join(', '));
  });
});

describe('a misspelt key name is one finding', () => {
  // openai-quickstart-node with `export OPENAI_KEY=...`: env-name-mismatch names the cause, key-missing stays quiet
  const files: Tree = {
    'package.json': json({ name: 'q', scripts: { start: 'node index.js' }, dependencies: { openai: '^4' } }),
    'index.js': 'const OpenAI = require("openai");\nconst client = new OpenAI();\nclient.models.list();\n',
  };
  it('a similar name the target reads (the shell): env-name-mismatch only', async () => {
    const r = await doctor(files, {}, { OPENAI_KEY: key });
    assert.deepEqual(
      r.report.findings.filter((f) => f.severity === 'error').map((f) => f.id),
      ['env-name-mismatch'],
    );
  });
  it('a similar name only in a file the target never loads: key-missing still says the target has no key', async () => {
    const r = await doctor({ ...files, '.env': `OPENAI_APIKEY=${key}\n`, '.gitignore': '.env\n' });
    assert.ok(r.ids.includes('key-missing') || r.ids.includes('dotenv-not-loaded'), r.ids.join(', '));
  });
});

describe("other Azure services' keys are not the OpenAI key", () => {
  it('AZURE_SEARCH_KEY in a .env nothing loads, while the OpenAI key comes from the shell: no dotenv-not-loaded', async () => {
    const k = openaiKey('proj', 'azure-search');
    const files = {
      'requirements.txt': 'openai>=1.40\nazure-search-documents\n',
      'app.py':
        'import os\nfrom openai import OpenAI\nclient = OpenAI()\nsearch_key = os.environ["AZURE_SEARCH_KEY"]\n',
      '.env': `AZURE_SEARCH_KEY=${'ab12'.repeat(8)}\n`,
      '.gitignore': '.env\n',
    };
    const r = await doctorOn(files, {}, { OPENAI_API_KEY: k });
    assert.ok(!r.ids.includes('dotenv-not-loaded'), r.ids.join(', '));
    // the same project with the OpenAI key in that .env instead is the finding
    const bad = await doctorOn({ ...files, '.env': `OPENAI_API_KEY=${k}\n` });
    assert.ok(bad.ids.includes('dotenv-not-loaded'), bad.ids.join(', '));
  });
});

describe('browser code is told by the package a file is in (a monorepo of a UI and a server package)', () => {
  const files = {
    'package.json': json({ name: 'mono', private: true, workspaces: ['packages/*'] }),
    'packages/ui/package.json': json({
      name: 'ui',
      scripts: { start: 'react-scripts start' },
      dependencies: { react: '^18.0.0' },
      devDependencies: { 'react-scripts': '^5.0.0' },
    }),
    'packages/ui/src/App.jsx':
      "export default function App() {\n  return fetch('/api', { headers: { key: process.env.OPENAI_API_KEY } });\n}\n",
    'packages/components/package.json': json({
      name: 'components',
      scripts: { start: 'node src/index.js' },
      dependencies: { openai: '^4.0.0' },
    }),
    'packages/components/src/index.js':
      "const OpenAI = require('openai');\nconst client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\nconst azureStorage = process.env.AZURE_OPENAI_API_KEY;\nclient.models.list();\n",
  };
  it("the library package's src/ is not browser code because the UI package beside it uses Create React App", async () => {
    const r = await doctor(files);
    const browser = r.report.findings.filter((f) => f.id === 'env-unavailable-in-browser');
    assert.ok(
      !browser.some((f) => f.location?.path?.startsWith('packages/components/')),
      browser.map((f) => f.location?.path).join(', '),
    );
  });
  it("broken: the UI package's own src/ still is", async () => {
    const r = await doctor(files);
    assert.ok(
      r.report.findings.some(
        (f) => f.id === 'env-unavailable-in-browser' && f.location?.path === 'packages/ui/src/App.jsx',
      ),
      r.ids.join(', '),
    );
  });
});

describe('a workspace library with no start script (Flowise: flowise-components under packages/server)', () => {
  const lib = {
    'packages/components/package.json': json({ name: 'flowise-components', dependencies: { openai: '^4.0.0' } }),
    'packages/components/src/agent.ts':
      "import OpenAI from 'openai';\nexport function agent() {\n  return new OpenAI();\n}\n",
  };
  it('is not a target of its own when another package of the repository depends on it', async () => {
    const r = await doctor({
      ...lib,
      'package.json': json({ name: 'mono', private: true, workspaces: ['packages/*'] }),
      'packages/server/package.json': json({
        name: 'server',
        scripts: { start: 'node dist/index.js' },
        dependencies: { 'flowise-components': 'workspace:^' },
      }),
    });
    assert.ok(!r.targetIds.some((id) => id.startsWith('node:packages/components')), r.targetIds.join(', '));
    // the server started by its own script (so no module is taken for a script): the library is still no target
    const started = await doctor({
      ...lib,
      'package.json': json({ name: 'mono', private: true, workspaces: ['packages/*'] }),
      'packages/server/package.json': json({
        name: 'server',
        scripts: { start: 'node index.js' },
        dependencies: { 'flowise-components': 'workspace:^' },
      }),
      'packages/server/index.js': "const { agent } = require('flowise-components');\nconsole.log(agent);\n",
    });
    assert.ok(!started.targetIds.some((id) => id.startsWith('node:packages/components')), started.targetIds.join(', '));
    assert.ok(!r.targetIds.some((id) => id.startsWith('node:packages/components')), r.targetIds.join(', '));
    assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
  });
  it('broken: a package nothing depends on and nothing starts still gets the assumed node target', async () => {
    const r = await doctor(lib);
    assert.ok(
      r.targetIds.some((id) => id.startsWith('node:packages/components')),
      r.targetIds.join(', '),
    );
  });
});

describe('packages that load .env when imported (Chainlit, crewAI)', () => {
  const env = { '.env': `OPENAI_API_KEY=${key}\n`, '.gitignore': '.env\n' };
  it('a Chainlit app gets the .env of its working folder from `import chainlit`', async () => {
    const r = await doctor({
      ...env,
      'requirements.txt': 'chainlit\nopenai\n',
      'app.py':
        'import chainlit as cl\nfrom openai import AsyncOpenAI\n\nclient = AsyncOpenAI()\n\n@cl.on_message\nasync def main(message: cl.Message):\n    await client.chat.completions.create(model="gpt-5.4-mini", messages=[])\n',
    });
    assert.ok(!r.ids.includes('dotenv-not-loaded') && !r.ids.includes('key-missing'), r.ids.join(', '));
    assert.match(r.report.targets.find((t) => t.id === 'python:app.py')?.loading ?? '', /import chainlit/);
  });
  it("a package module of the app imports chainlit too (realtime/__init__.py): still the app folder's .env, loaded once", async () => {
    const r = await doctor({
      ...env,
      'requirements.txt': 'chainlit\nopenai\n',
      'app.py':
        'import chainlit as cl\nfrom realtime import RealtimeClient\nfrom openai import AsyncOpenAI\n\nclient = AsyncOpenAI()\n',
      'realtime/__init__.py':
        'import chainlit as cl\n\nURL = "wss://api.openai.com/v1/realtime"\n\n\nclass RealtimeClient:\n    pass\n',
    });
    const loading = r.report.targets.find((t) => t.id === 'python:app.py')?.loading ?? '';
    assert.doesNotMatch(loading, /realtime\/\.env/);
    assert.equal(loading.match(/import chainlit/g)?.length, 1, loading);
  });
  it("a crewAI project gets the project's .env from `import crewai`", async () => {
    const r = await doctor({
      ...env,
      'pyproject.toml':
        '[project]\nname = "flow"\ndependencies = ["crewai[tools]>=0.80"]\n\n[project.scripts]\nkickoff = "flow.main:kickoff"\n',
      'src/flow/main.py':
        'from crewai import Agent, Crew, LLM\nfrom langchain_openai import ChatOpenAI\n\ndef kickoff():\n    llm = ChatOpenAI(model="gpt-5.4-mini")\n    Crew(agents=[Agent(role="r", goal="g", backstory="b", llm=llm)]).kickoff()\n',
    });
    assert.ok(!r.ids.includes('dotenv-not-loaded'), r.ids.join(', '));
  });
  it('broken: without such an import, nothing loads the .env', async () => {
    const r = await doctor({
      ...env,
      'requirements.txt': 'openai\n',
      'app.py':
        'from openai import OpenAI\n\nclient = OpenAI()\n\nif __name__ == "__main__":\n    print(client.models.list())\n',
    });
    assert.ok(r.ids.includes('dotenv-not-loaded'), r.ids.join(', '));
  });
});

describe('docker run -e KEY=$KEY in a script', () => {
  const files = {
    'run.sh': '#!/bin/bash\ndocker run --rm -e OPENAI_API_KEY=$OPENAI_API_KEY -p 8000:8000 myapp:latest\n',
    Dockerfile: 'FROM python:3.12-slim\nCOPY app.py .\nCMD ["python", "app.py"]\n',
    'app.py':
      'from openai import OpenAI\n\nclient = OpenAI()\n\nif __name__ == "__main__":\n    print(client.models.list())\n',
    'requirements.txt': 'openai\n',
  };
  it('with the variable unset in the shell: says to export it, never to write the key into the script', async () => {
    const r = await doctor(files);
    const f = r.report.findings.find((x) => x.id === 'key-empty' && x.location?.path === 'run.sh');
    assert.ok(f, r.ids.join(', '));
    assert.match(f.message, /takes OPENAI_API_KEY from the shell that runs it/);
    assert.match(f.fix?.summary ?? '', /^Export OPENAI_API_KEY/);
    assert.doesNotMatch(f.fix?.summary ?? '', /Put the key there/);
  });
  it('with the variable exported: nothing about the script', async () => {
    const r = await doctor(files, {}, { OPENAI_API_KEY: key });
    assert.ok(!r.report.findings.some((x) => x.id === 'key-empty'), r.ids.join(', '));
  });
});

describe('a collection of examples, one set up', () => {
  const example = (dir: string) => ({
    [`${dir}/main.py`]:
      'from dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI()\n\nif __name__ == "__main__":\n    print(client.models.list())\n',
    [`${dir}/requirements.txt`]: 'openai\npython-dotenv\n',
  });
  it('an example nobody set up lacks the key as a warning, while the one set up gets it', async () => {
    const r = await doctor({
      ...example('examples/chat'),
      ...example('examples/search'),
      'examples/chat/.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
    });
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.equal(f?.severity, 'warning', r.ids.join(', '));
    assert.match(f?.message ?? '', /not set up, while another part is/);
    assert.deepEqual(r.errors, []);
  });
  it('a repository of standalone apps in folders of any name (crewAI-examples: crews/*, flows/*), one set up: a warning', async () => {
    const r = await doctor({
      ...example('crews/chat'),
      ...example('flows/search'),
      'crews/chat/.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
    });
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.equal(f?.severity, 'warning', r.ids.join(', '));
    assert.deepEqual(r.errors, []);
  });
  it('but an app beside a project at the root is part of that project: the missing key stays an error', async () => {
    const r = await doctor({
      ...example('crews/chat'),
      ...example('flows/search'),
      'requirements.txt': 'openai\n',
      'crews/chat/.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
    });
    assert.ok(
      r.report.findings.some((x) => x.id === 'key-missing' && x.severity === 'error'),
      r.ids.join(', '),
    );
  });
  it('broken: with no example set up, the missing key stays an error', async () => {
    const r = await doctor({ ...example('examples/chat'), ...example('examples/search') });
    assert.ok(
      r.report.findings.some((x) => x.id === 'key-missing' && x.severity === 'error'),
      r.ids.join(', '),
    );
  });
});

describe('a course of lessons, each with its own requirements (generative-ai-for-beginners)', () => {
  const v0 =
    'import openai\n\nopenai.api_key = "x"\nprint(openai.ChatCompletion.create(model="gpt-4o-mini", messages=[]))\n';
  it("v0 code whose own folder pins openai<0.29 is not judged by another lesson's openai 1.x; unpinned v0 code still is", async () => {
    const r = await doctor({
      'requirements.txt': 'openai>=1.40\n',
      '04-prompts/python/requirements.txt': 'openai==1.55.1\n',
      '08-search/scripts/requirements.txt': 'openai>=0.28.0,<0.29.0\n',
      '08-search/scripts/enrich.py': v0,
      '07-chat/python/simple.py': v0,
    });
    const f = r.report.findings.find((x) => x.id === 'sdk-api-mismatch');
    assert.ok(f, r.ids.join(', '));
    assert.equal(f.location?.path, '07-chat/python/simple.py');
    assert.doesNotMatch(f.message, /and 1 more file/);
  });
});
