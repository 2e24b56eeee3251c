/**
 * Patterns of real public repositories tried in session 33 (each rebuilt here as a small synthetic
 * project; no fetched code): a healthy set-up gets no false error, and a broken one keeps its finding.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { doctorOn as doctor } from '../helpers/doctor.js';
import { openaiKey } from '../helpers/keys.js';

const py = 'import os\nfrom dotenv import load_dotenv\nfrom openai import OpenAI\nload_dotenv()\nclient = OpenAI()\n';
const missing = async (files: Record<string, string>) => {
  const r = await doctor({ '.gitignore': '.env\n', ...files });
  const f = r.report.findings.find((x) => x.id === 'key-missing');
  assert.ok(f, r.ids.join(', '));
  return f;
};

describe('key-missing: the .env a README says to copy from .env.example was never made', () => {
  it('python: load_dotenv() finds no .env, .env.example names the key: copy it', async () => {
    const f = await missing({
      'app.py': py,
      'requirements.txt': 'openai\npython-dotenv\n',
      '.env.example': 'OPENAI_API_KEY=your-key-here\n',
    });
    assert.match(f.message, /would load \.env, which does not exist: the project has its template, \.env\.example/);
    assert.equal(f.fix?.command, 'cp .env.example .env');
    assert.match(f.fix?.summary ?? '', /Copy \.env\.example to \.env .*OPENAI_API_KEY=<your key>/);
  });
  it('python in a subfolder: load_dotenv() walks up, so the .env goes beside the template at the root', async () => {
    const f = await missing({
      'src/app.py': py,
      'requirements.txt': 'openai\npython-dotenv\n',
      '.env.example': 'OPENAI_API_KEY=\n',
    });
    assert.equal(f.fix?.command, 'cp .env.example .env');
  });
  it("node: import 'dotenv/config' reads .env from the working folder", async () => {
    const f = await missing({
      'package.json': JSON.stringify({
        name: 'x',
        type: 'module',
        scripts: { start: 'node index.js' },
        dependencies: { openai: '^4', dotenv: '^16' },
      }),
      'index.js': "import 'dotenv/config';\nimport OpenAI from 'openai';\nexport const client = new OpenAI();\n",
      '.env.sample': 'OPENAI_API_KEY=\n',
    });
    assert.equal(f.fix?.command, 'cp .env.sample .env');
  });
  it('a template that does not name the key is not offered; the fix says to create the file', async () => {
    const f = await missing({
      'app.py': py,
      'requirements.txt': 'openai\npython-dotenv\n',
      '.env.example': 'DEBUG=1\n',
    });
    assert.match(f.message, /would load \.env, which does not exist\)/);
    assert.match(
      f.fix?.summary ?? '',
      /Create \.env \(the file the app loads\) with the line `OPENAI_API_KEY=<your key>`/,
    );
    assert.equal(f.fix?.command, "export OPENAI_API_KEY='<your key>'");
  });
  it('code that loads no dotenv file: the environment only, as before', async () => {
    const f = await missing({
      'app.py': 'from openai import OpenAI\nclient = OpenAI()\n',
      'requirements.txt': 'openai\n',
      '.env.example': 'OPENAI_API_KEY=\n',
    });
    assert.match(f.message, /\(it reads only the environment\)/);
    assert.equal(f.fix?.command, "export OPENAI_API_KEY='<your key>'");
  });
});

describe("a client built by a base class runs when a subclass is made (open-interpreter's class Python(JupyterLanguage))", () => {
  const base = {
    'requirements.txt': 'openai\n',
    'pkg/__init__.py': '',
    'pkg/base.py':
      'from openai import OpenAI\n\nclass Base:\n    def __init__(self):\n        self.client = OpenAI()\n',
    'pkg/python.py': 'from pkg.base import Base\n\nclass Python(Base):\n    name = "python"\n',
  };
  it('python: main.py makes the subclass, the key is unset: an error, with no "no code of this project does"', async () => {
    const r = await doctor({ ...base, 'main.py': 'from pkg.python import Python\n\nlang = Python()\n' });
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.equal(f?.severity, 'error', r.ids.join(', '));
    assert.doesNotMatch(f?.message ?? '', /no code of this project does/);
  });
  it('javascript: new OpenAIChat() of a class that extends the one building the client', async () => {
    const r = await doctor({
      'package.json': JSON.stringify({
        name: 'x',
        type: 'module',
        scripts: { start: 'node main.js' },
        dependencies: { openai: '^4' },
      }),
      'lib/base.js':
        "import OpenAI from 'openai';\nexport class BaseChat {\n  constructor() { this.client = new OpenAI(); }\n}\n",
      'lib/chat.js': "import { BaseChat } from './base.js';\nexport class OpenAIChat extends BaseChat {}\n",
      'main.js': "import { OpenAIChat } from './lib/chat.js';\nconst chat = new OpenAIChat();\nconsole.log(chat);\n",
    });
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.equal(f?.severity, 'error', r.ids.join(', '));
  });
  it('a subclass with a client of its own (Azure over the OpenAI provider) does not make its base: no OPENAI_API_KEY error', async () => {
    const r = await doctor(
      {
        'requirements.txt': 'openai\n',
        'providers/__init__.py': '',
        'providers/openai_provider.py':
          'from openai import OpenAI\n\nclass OpenAIProvider:\n    def __init__(self):\n        self.client = OpenAI()\n',
        'providers/azure_provider.py':
          'import os\nfrom openai import AzureOpenAI\nfrom providers.openai_provider import OpenAIProvider\n\nclass AzureProvider(OpenAIProvider):\n    def __init__(self):\n        self.client = AzureOpenAI(api_key=os.environ["AZURE_OPENAI_API_KEY"], azure_endpoint=os.environ["AZURE_OPENAI_ENDPOINT"], api_version="2024-06-01")\n',
        'main.py':
          'from providers.openai_provider import OpenAIProvider\nfrom providers.azure_provider import AzureProvider\n\np = AzureProvider()\n',
      },
      {},
      {
        AZURE_OPENAI_API_KEY: 'a'
          .repeat(32)
          .replace(/a/g, () => '0123456789abcdef'[Math.floor(Math.random() * 16)] as string),
        AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com',
      },
    );
    assert.ok(!r.errors.some((e) => /OPENAI_API_KEY/.test(e) && !/AZURE/.test(e)), r.errors.join('\n'));
  });
});

describe("key-placeholder: a real key typed inside the README's brackets (gpt-engineer's OPENAI_API_KEY=[your api key])", () => {
  const app = { 'app.py': 'from openai import OpenAI\nclient = OpenAI()\n', 'requirements.txt': 'openai\n' };
  it('says to remove the brackets, not to replace a placeholder', async () => {
    const r = await doctor(app, {}, { OPENAI_API_KEY: `[${openaiKey('proj', 's33')}]` });
    const f = r.report.findings.find((x) => x.id === 'key-placeholder');
    assert.match(f?.message ?? '', /a key inside the brackets of the placeholder/);
    assert.match(f?.fix?.summary ?? '', /Remove the brackets/);
  });
  it('a placeholder in brackets stays a placeholder', async () => {
    const r = await doctor(app, {}, { OPENAI_API_KEY: '[your api key]' });
    const f = r.report.findings.find((x) => x.id === 'key-placeholder');
    assert.match(f?.message ?? '', /is the placeholder "\[your api key\]"/);
  });
});

describe('session 33: DocsGPT, pandas-ai, BetterChatGPT, ai-pdf-chatbot-langchain, NextChat', () => {
  it('a TypeScript notebook (tslab kernel) is not read as Python: no dotenv-not-loaded with a Python fix', async () => {
    const nb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'tslab', language: 'typescript', display_name: 'TypeScript' } },
      cells: [
        {
          cell_type: 'code',
          metadata: {},
          outputs: [],
          source: [
            'import dotenv from "dotenv";\n',
            'dotenv.config();\n',
            'import OpenAI from "openai";\n',
            'const client = new OpenAI();\n',
          ],
        },
      ],
    };
    const r = await doctor({
      'package.json': JSON.stringify({
        name: 'ts-nb',
        private: true,
        type: 'module',
        dependencies: { openai: '^4', dotenv: '^16' },
      }),
      '.env': `OPENAI_API_KEY=${openaiKey('proj', 's33-nb')}\n`,
      '.gitignore': 'node_modules\n.env\n',
      'demo.ipynb': JSON.stringify(nb),
    });
    assert.ok(!r.ids.includes('dotenv-not-loaded'), r.ids.join(', '));
    assert.ok(r.report.notes.some((n) => n.path === 'demo.ipynb' && /typescript/.test(n.message)));
  });
  it("a client pointed at a mock server on this machine: its models are the mock's, not OpenAI's to retire", async () => {
    const call = (url: string) =>
      `from openai import OpenAI\nBASE = "${url}"\nclient = OpenAI(api_key="mock-key", base_url=BASE)\nclient.chat.completions.create(model="gpt-4o-mini", messages=[])\n`;
    const local = await doctor({ 'mock_e2e.py': call('http://127.0.0.1:8090/v1'), 'requirements.txt': 'openai\n' });
    assert.ok(!local.ids.some((i) => i.startsWith('model-')), local.ids.join(', '));
    const real = await doctor({ 'app.py': call('https://api.openai.com/v1'), 'requirements.txt': 'openai\n' });
    assert.ok(
      real.ids.some((i) => i.startsWith('model-')),
      real.ids.join(', '),
    );
  });
  it('a Vite app whose VITE_OPENAI_API_KEY is unset (the user types the key into the app): a note, not an error', async () => {
    const r = await doctor({
      'package.json': JSON.stringify({
        name: 'ui',
        private: true,
        scripts: { dev: 'vite', build: 'vite build' },
        devDependencies: { vite: '^5' },
      }),
      'index.html': '<script type="module" src="/src/api.ts"></script>\n',
      '.gitignore': 'node_modules\n.env\n',
      'src/store.ts': 'export const state = { apiKey: import.meta.env.VITE_OPENAI_API_KEY || undefined };\n',
      'src/api.ts':
        "import { state } from './store';\nexport async function chat() {\n  const headers: Record<string, string> = {};\n  if (state.apiKey) headers.Authorization = `Bearer ${state.apiKey}`;\n  return fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', headers });\n}\n",
    });
    assert.deepEqual(r.errors, []);
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.equal(f?.severity, 'info');
    assert.match(f?.message ?? '', /built into the page/);
    assert.doesNotMatch(f?.fix?.summary ?? '', /Create \.env/);
  });
  it('compose: a blank optional OPENAI_ORG_ID while the service gets its key is a note (as OPENAI_ORG_ID= in .env would be)', async () => {
    const files = (env: string) => ({
      'docker-compose.yml':
        'services:\n  app:\n    build: .\n    environment:\n      - OPENAI_API_KEY=$OPENAI_API_KEY\n      - OPENAI_ORG_ID=$OPENAI_ORG_ID\n',
      'index.js':
        "require('dotenv').config();\nconst OpenAI = require('openai');\nnew OpenAI({ organization: process.env.OPENAI_ORG_ID || undefined });\n",
      'package.json': JSON.stringify({
        name: 'x',
        scripts: { start: 'node index.js' },
        dependencies: { openai: '^4', dotenv: '^16' },
      }),
      '.gitignore': '.env\n',
      '.env': env,
    });
    const r = await doctor(files(`OPENAI_API_KEY=${openaiKey('proj', 's33-org')}\n`));
    const f = r.report.findings.find((x) => x.id === 'compose-var-unset');
    assert.equal(f?.severity, 'info', JSON.stringify(r.report.findings.map((x) => [x.id, x.severity])));
    // without the key, the blank key is still an error
    const none = await doctor(files('DEBUG=1\n'));
    assert.ok(
      none.report.findings.some((x) => x.id === 'compose-var-unset' && x.severity === 'error'),
      none.ids.join(', '),
    );
  });
});

describe("a key variable the code requires (it throws without it) is not left to the SDK's own (anything-llm's OPEN_AI_KEY)", () => {
  const env = () => `OPENAI_API_KEY=${openaiKey('proj', 's33-req')}\n`;
  const node = (body: string) => ({
    'package.json': JSON.stringify({
      name: 'x',
      scripts: { start: 'node index.js' },
      dependencies: { openai: '^4', dotenv: '^16' },
    }),
    '.gitignore': '.env\nnode_modules\n',
    '.env': env(),
    'index.js': `require('dotenv').config();\nconst OpenAI = require('openai');\n${body}`,
  });
  it('javascript: if (!process.env.OPEN_AI_KEY) throw ... then new OpenAI({ apiKey: process.env.OPEN_AI_KEY })', async () => {
    const r = await doctor(
      node(
        "class OpenAiLLM {\n  constructor() {\n    if (!process.env.OPEN_AI_KEY) throw new Error('No OpenAI API key was set.');\n    this.openai = new OpenAI({ apiKey: process.env.OPEN_AI_KEY });\n  }\n}\nmodule.exports = new OpenAiLLM();\n",
      ),
    );
    assert.ok(r.ids.includes('env-name-mismatch'), r.ids.join(', '));
  });
  it('python: if not os.getenv("OPENAI_KEY"): raise ... then OpenAI(api_key=os.getenv("OPENAI_KEY"))', async () => {
    const r = await doctor({
      'app.py':
        'import os\nfrom dotenv import load_dotenv\nfrom openai import OpenAI\nload_dotenv()\nif not os.getenv("OPENAI_KEY"):\n    raise SystemExit("set OPENAI_KEY")\nclient = OpenAI(api_key=os.getenv("OPENAI_KEY"))\n',
      'requirements.txt': 'openai\npython-dotenv\n',
      '.gitignore': '.env\n',
      '.env': env(),
    });
    assert.ok(r.ids.includes('env-name-mismatch'), r.ids.join(', '));
  });
  it('without the check, the SDK reads OPENAI_API_KEY when OPEN_AI_KEY is unset: healthy', async () => {
    const r = await doctor(node('module.exports = new OpenAI({ apiKey: process.env.OPEN_AI_KEY });\n'));
    assert.deepEqual(r.errors, []);
  });
  it('a check that only returns (an optional feature) keeps the fallback', async () => {
    const r = await doctor(
      node(
        'function make() {\n  if (!process.env.OPEN_AI_KEY) return null;\n  return new OpenAI({ apiKey: process.env.OPEN_AI_KEY });\n}\nmodule.exports = make();\n',
      ),
    );
    assert.ok(!r.ids.includes('env-name-mismatch'), r.ids.join(', '));
  });
});

describe("a dotenv load under a NODE_ENV condition (anything-llm's server/index.js)", () => {
  const files = (env: string, devEnv: string) => ({
    'package.json': JSON.stringify({
      name: 'server',
      scripts: { dev: 'NODE_ENV=development node index.js', start: 'NODE_ENV=production node index.js' },
      dependencies: { openai: '^4', dotenv: '^16' },
    }),
    'index.js':
      "process.env.NODE_ENV === 'development'\n  ? require('dotenv').config({ path: `.env.${process.env.NODE_ENV}` })\n  : require('dotenv').config();\nconst OpenAI = require('openai');\nmodule.exports = new OpenAI({ apiKey: process.env.OPEN_AI_KEY });\n",
    '.gitignore': '.env\n.env.*\n',
    ...(env ? { '.env': env } : {}),
    ...(devEnv ? { '.env.development': devEnv } : {}),
  });
  it('a production key in .env and a dev key in .env.development: each script reads one, no conflict', async () => {
    const r = await doctor(
      files(`OPEN_AI_KEY=${openaiKey('proj', 'prod')}\n`, `OPEN_AI_KEY=${openaiKey('proj', 'dev')}\n`),
    );
    assert.ok(!r.ids.includes('key-conflict'), r.ids.join(', '));
    assert.deepEqual(r.errors, []);
    assert.ok(r.targetIds.includes('node:dev') && r.targetIds.includes('node:start'), r.targetIds.join(', '));
  });
  it('the key only in .env.development: npm start (production) has none', async () => {
    const r = await doctor(files('', `OPEN_AI_KEY=${openaiKey('proj', 'dev')}\n`));
    assert.ok(
      r.report.findings.some(
        (f) => f.target === 'node:start' && (f.id === 'dotenv-not-loaded' || f.id === 'key-missing'),
      ),
      r.ids.join(', '),
    );
    assert.ok(!r.report.findings.some((f) => f.target === 'node:dev' && f.severity === 'error'), r.errors.join('\n'));
  });
});
