/**
 * Patterns of real public repositories tried in session 34 (each rebuilt here as a small synthetic
 * project; no fetched code): a healthy set-up gets no false error, and a broken one keeps its finding.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { doctorOn as doctor } from '../helpers/doctor.js';
import { openaiKey } from '../helpers/keys.js';

const pyClient = (opts: string, model: string) =>
  `import os\nfrom openai import OpenAI\nclient = OpenAI(${opts})\nr = client.chat.completions.create(model="${model}", messages=[])\n`;

describe('model lifecycle: a client pointed at another provider sends that provider its model names', () => {
  const retired = async (opts: string) => {
    const r = await doctor(
      { 'app.py': pyClient(opts, 'text-davinci-003'), 'requirements.txt': 'openai\n' },
      {},
      { OPENAI_API_KEY: openaiKey(), GITHUB_TOKEN: 'x' },
    );
    return r.report.findings.filter((f) => f.id === 'model-retired');
  };
  it('GitHub Models (models.inference.ai.azure.com, models.github.ai): not OpenAI’s to retire', async () => {
    for (const host of ['https://models.inference.ai.azure.com', 'https://models.github.ai/inference'])
      assert.deepEqual(await retired(`base_url="${host}", api_key=os.environ["GITHUB_TOKEN"]`), [], host);
  });
  it('OpenRouter and Groq: their own schedules', async () => {
    for (const host of ['https://openrouter.ai/api/v1', 'https://api.groq.com/openai/v1'])
      assert.deepEqual(await retired(`base_url="${host}"`), [], host);
  });
  it('api.openai.com, a gateway that forwards to OpenAI, and an unknown host (a proxy) keep the finding', async () => {
    for (const host of ['https://api.openai.com/v1', 'https://oai.helicone.ai/v1', 'https://llm-proxy.example.com/v1'])
      assert.equal((await retired(`base_url="${host}"`)).length, 1, host);
  });
  it('an OpenAI key sent to GitHub Models is a key of the wrong service', async () => {
    const r = await doctor(
      {
        'app.py': pyClient('base_url="https://models.github.ai/inference"', 'gpt-4o-mini'),
        'requirements.txt': 'openai\n',
      },
      {},
      { OPENAI_API_KEY: openaiKey() },
    );
    const f = r.report.findings.find((x) => x.id === 'key-foreign-provider');
    assert.ok(f, r.ids.join(', '));
    assert.match(f.message, /GitHub Models \(models\.github\.ai\)/);
  });
});

describe('dotenv-not-loaded: the start flag goes to the runner that starts the module', () => {
  const run = async (start: string) => {
    const r = await doctor({
      '.gitignore': '.env\n',
      '.env': `OPENAI_API_KEY=${openaiKey()}\n`,
      'package.json': JSON.stringify({
        name: 't',
        type: 'module',
        scripts: { start },
        dependencies: { openai: '^4' },
        devDependencies: { tsx: '^4', 'ts-node': '^10' },
      }),
      'src/index.ts':
        "import OpenAI from 'openai';\nconst client = new OpenAI();\nconsole.log(await client.models.list());\n",
      'src/index.js':
        "import OpenAI from 'openai';\nconst client = new OpenAI();\nconsole.log(await client.models.list());\n",
    });
    const f = r.report.findings.find((x) => x.id === 'dotenv-not-loaded');
    assert.ok(f, r.ids.join(', '));
    return f.fix?.summary ?? '';
  };
  it('tsx src/index.ts: `tsx --env-file=.env src/index.ts`, not node', async () => {
    const s = await run('tsx src/index.ts');
    assert.match(s, /start with `tsx --env-file=\.env src\/index\.ts`/);
    assert.doesNotMatch(s, /node --env-file/);
  });
  it('node src/index.js keeps `node --env-file`', async () => {
    assert.match(await run('node src/index.js'), /start with `node --env-file=\.env src\/index\.js`/);
  });
  it('ts-node, which does not take the flag: only the import is offered', async () => {
    const s = await run('ts-node src/index.ts');
    assert.match(s, /import 'dotenv\/config'/);
    assert.doesNotMatch(s, /--env-file/);
  });
});

describe('key-missing: a fix covering Next.js dev and production names the file both read', () => {
  const next = (files: Record<string, string>) =>
    doctor({
      '.gitignore': '.env*.local\n',
      'package.json': JSON.stringify({
        name: 'n',
        scripts: { dev: 'next dev', build: 'next build', start: 'next start' },
        dependencies: { next: '14.0.0', openai: '^4' },
      }),
      'app/api/chat/route.ts':
        "import OpenAI from 'openai';\nconst client = new OpenAI();\nexport async function POST() { return Response.json(await client.models.list()); }\n",
      ...files,
    });
  it('no .env file yet: create .env.local, not .env.development.local', async () => {
    const r = await next({});
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.ok(f, r.ids.join(', '));
    assert.match(f.message, /Next\.js dev server .* and Next\.js production/);
    assert.match(f.fix?.summary ?? '', /^Create \.env\.local /);
  });
  it('a .env.development.local and a .env.local without the key: add it to .env.local', async () => {
    const r = await next({ '.env.development.local': 'DEBUG=1\n', '.env.local': 'DEBUG=1\n' });
    const f = r.report.findings.find((x) => x.id === 'key-missing' && /production/.test(x.message));
    assert.ok(f, r.ids.join(', '));
    assert.match(f.fix?.summary ?? '', /^Add `OPENAI_API_KEY=<your key>` to \.env\.local,/);
  });
});

describe('options spread from an object the module builds (azure-search-openai-javascript)', () => {
  const pkg = JSON.stringify({
    name: 's',
    type: 'module',
    scripts: { start: 'node src/index.js' },
    dependencies: { openai: '^4', '@langchain/openai': '^0.3' },
  });
  const run = (code: string, env: Record<string, string> = {}) =>
    doctor({ 'package.json': pkg, 'src/index.js': code }, {}, env);
  it('a token in `...commonOptions` (an Entra ID token): no key-missing', async () => {
    const r = await run(
      "import { OpenAI } from 'openai';\nexport async function chat(credential, url) {\n  const token = await credential.getToken('https://cognitiveservices.azure.com/.default');\n  const commonOptions = { apiKey: token.token, defaultQuery: { 'api-version': '2024-02-01' } };\n  return new OpenAI({ ...commonOptions, baseURL: `${url}/openai/deployments/chat` });\n}\n",
    );
    assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
  });
  it("a local function's returned options with the caller's token: no key-missing", async () => {
    const r = await run(
      "import { AzureChatOpenAI } from '@langchain/openai';\nconst options = (apiToken) => ({ azureOpenAIApiKey: apiToken, azureOpenAIApiVersion: '2024-02-01' });\nexport async function chat(getToken) {\n  const apiToken = await getToken();\n  return new AzureChatOpenAI({ ...options(apiToken), azureOpenAIApiDeploymentName: 'chat' });\n}\n",
    );
    assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
  });
  it('the spread object is read: the client reads MY_OPENAI_KEY, and with nothing set that is certain', async () => {
    const code =
      "import { OpenAI } from 'openai';\nconst common = { apiKey: process.env.MY_OPENAI_KEY };\nexport const client = new OpenAI({ ...common });\n";
    const f = (await run(code)).report.findings.find((x) => x.id === 'key-missing');
    assert.ok(f);
    assert.equal(f.severity, 'error');
    assert.match(f.message, /gets no MY_OPENAI_KEY/);
    assert.deepEqual((await run(code, { MY_OPENAI_KEY: openaiKey() })).errors, []);
  });
  it('a later property wins over the spread: `{ ...common, apiKey: process.env.OPENAI_API_KEY }` with the key set', async () => {
    const r = await run(
      "import { OpenAI } from 'openai';\nconst common = { apiKey: process.env.MY_OPENAI_KEY };\nexport const client = new OpenAI({ ...common, apiKey: process.env.OPENAI_API_KEY });\n",
      { OPENAI_API_KEY: openaiKey() },
    );
    assert.deepEqual(r.errors, []);
    assert.ok(!r.ids.includes('key-missing') && !r.ids.includes('env-name-mismatch'), r.ids.join(', '));
  });
});

describe('dotenv-not-loaded: a package started from its build output in its own folder (firecrawl apps/api)', () => {
  const project = (extra: Record<string, string> = {}) => ({
    '.gitignore': '.env\ndist/\n',
    '.env': `OPENAI_API_KEY=${openaiKey()}\n`,
    'apps/api/package.json': JSON.stringify({
      name: 'api',
      scripts: { 'start:production': 'tsc && node dist/src/index.js' },
      dependencies: { openai: '^4', dotenv: '^16' },
    }),
    'apps/api/tsconfig.json': JSON.stringify({ compilerOptions: { rootDir: './src', outDir: './dist/src' } }),
    'apps/api/src/index.ts': "import 'dotenv/config';\nimport { ask } from './lib/ai';\nask();\n",
    'apps/api/src/lib/ai.ts':
      "import OpenAI from 'openai';\nexport function ask() {\n  return new OpenAI().models.list();\n}\n",
    ...extra,
  });
  const finding = async (files: Record<string, string>) => {
    const r = await doctor(files);
    const f = r.report.findings.find((x) => x.id === 'dotenv-not-loaded');
    assert.ok(f, r.ids.join(', '));
    return f;
  };
  it('the source of dist/src/index.js loads apps/api/.env, never made: copy the root .env there', async () => {
    const f = await finding(project());
    assert.match(
      f.message,
      /the load at apps\/api\/src\/index\.ts:1 reads apps\/api\/\.env \(the folder it starts in\), which does not exist/,
    );
    assert.doesNotMatch(f.message, /nothing it runs calls/);
    assert.equal(f.fix?.command, 'cp .env apps/api/.env');
    assert.equal(f.severity, 'error');
  });
  it('a compose service that fills the key from the same .env (`${OPENAI_API_KEY}`): a warning, docker compose up works', async () => {
    const f = await finding(
      project({
        'docker-compose.yaml':
          'services:\n  api:\n    build: apps/api\n    environment:\n      OPENAI_API_KEY: ${OPENAI_API_KEY}\n',
      }),
    );
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /fills OPENAI_API_KEY from \.env \(compose interpolates \$\{OPENAI_API_KEY\} from it\)/);
  });
  it('a package run from its own folder with no dotenv: the flag and paths are that folder’s; node takes no .ts', async () => {
    const f = await finding({
      '.gitignore': '.env\n',
      'svc/.env': `OPENAI_API_KEY=${openaiKey()}\n`,
      'svc/package.json': JSON.stringify({
        name: 'svc',
        scripts: { start: 'node server.js' },
        dependencies: { openai: '^4' },
      }),
      'svc/server.js': "const OpenAI = require('openai');\nmodule.exports = new OpenAI();\n",
    });
    assert.match(f.fix?.summary ?? '', /start with `node --env-file=\.env server\.js` \(from svc\)/);
    const g = await finding(
      project({
        'apps/api/src/index.ts': "import { ask } from './lib/ai';\nask();\n",
        'apps/api/.env': `OPENAI_API_KEY=${openaiKey()}\n`,
      }),
    );
    assert.doesNotMatch(g.fix?.summary ?? '', /--env-file/);
  });
});

describe('placeholders beside a real key (openai-responses-starter-app: .env.local copied from .env.example)', () => {
  const next = (files: Record<string, string>, env: Record<string, string> = {}) =>
    doctor(
      {
        '.gitignore': '.env*\n',
        'package.json': JSON.stringify({
          name: 'n',
          scripts: { dev: 'next dev' },
          dependencies: { next: '15.0.0', openai: '^4' },
        }),
        'app/api/chat/route.ts':
          "import OpenAI from 'openai';\nconst openai = new OpenAI();\nexport async function POST() { return Response.json(await openai.models.list()); }\n",
        ...files,
      },
      {},
      env,
    );
  it('a placeholder in .env.local that loses to the exported key: nothing to report', async () => {
    const r = await next(
      { '.env.local': 'OPENAI_API_KEY=<your-openai-api-key>\nGOOGLE_CLIENT_ID=abc\n' },
      { OPENAI_API_KEY: openaiKey() },
    );
    assert.ok(!r.ids.includes('key-shadowed') && !r.ids.includes('key-conflict'), r.ids.join(', '));
    assert.deepEqual(r.errors, []);
  });
  it('a placeholder in .env.local that beats the key in .env: drop the placeholder line, never the key', async () => {
    const r = await next({
      '.env.local': 'OPENAI_API_KEY=<your-openai-api-key>\n',
      '.env': `OPENAI_API_KEY=${openaiKey()}\n`,
    });
    assert.ok(!r.ids.includes('key-conflict'), r.ids.join(', '));
    const f = r.report.findings.find((x) => x.id === 'key-placeholder');
    assert.ok(f);
    assert.match(f.message, /\.env:1 has a key, but \.env\.local:1 comes first/);
    assert.match(
      f.fix?.summary ?? '',
      /^Delete line 1 of \.env\.local: the key in \.env:1 is then the one the app gets/,
    );
    assert.equal(f.fix?.edit?.path, '.env.local');
  });
  it('two real keys still conflict', async () => {
    const r = await next({
      '.env.local': `OPENAI_API_KEY=${openaiKey('proj', 'a')}\n`,
      '.env': `OPENAI_API_KEY=${openaiKey('proj', 'b')}\n`,
    });
    assert.ok(r.ids.includes('key-conflict'), r.ids.join(', '));
  });
});

describe('the flask command loads .env when python-dotenv is there to do it (openai-quickstart-python)', () => {
  const flask = {
    '.gitignore': '.env\nvenv/\n',
    '.env': `OPENAI_API_KEY=${openaiKey()}\n`,
    'app.py': 'from flask import Flask\nfrom openai import OpenAI\nclient = OpenAI()\napp = Flask(__name__)\n',
    '.flaskenv': 'FLASK_APP=app.py\n',
  };
  it('python-dotenv in the virtualenv, not in requirements.txt: loaded', async () => {
    const r = await doctor({
      ...flask,
      'requirements.txt': 'flask\nopenai\n',
      'venv/pyvenv.cfg': 'home = /usr/bin\nversion = 3.11.2\n',
      'venv/lib/python3.11/site-packages/dotenv/__init__.py': '',
      'venv/lib/python3.11/site-packages/python_dotenv-1.0.1.dist-info/METADATA':
        'Name: python-dotenv\nVersion: 1.0.1\n',
    });
    assert.deepEqual(r.errors, []);
  });
  it('no requirements in the folder keydoctor runs in (they sit above it): assumed there', async () => {
    const r = await doctor({ ...flask });
    assert.deepEqual(r.errors, []);
  });
  it('requirements without python-dotenv and nothing installed: the flask command loads nothing', async () => {
    const r = await doctor({ ...flask, 'requirements.txt': 'flask\nopenai\n' });
    const f = r.report.findings.find((x) => x.id === 'dotenv-not-loaded' || x.id === 'key-missing');
    assert.ok(f, r.ids.join(', '));
    assert.equal(f.severity, 'error');
  });
});

describe('key-empty: a blank key in a set-up that uses an Entra ID token (chat-with-your-data, AZURE_AUTH_TYPE=rbac)', () => {
  const azure = (auth: string, code: string) =>
    doctor({
      '.gitignore': '.env\n',
      '.env': `AZURE_AUTH_TYPE=${auth}\nAZURE_OPENAI_API_KEY=\n`,
      'requirements.txt': 'openai\npython-dotenv\nazure-identity\n',
      'app.py': code,
    });
  const branch =
    'import os\nfrom dotenv import load_dotenv\nfrom openai import AzureOpenAI\nfrom azure.identity import DefaultAzureCredential, get_bearer_token_provider\nload_dotenv()\nif os.getenv("AZURE_AUTH_TYPE") == "keys":\n    client = AzureOpenAI(azure_endpoint="https://x.openai.azure.com", api_key=os.getenv("AZURE_OPENAI_API_KEY"), api_version="2024-02-01")\nelse:\n    tp = get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")\n    client = AzureOpenAI(azure_endpoint="https://x.openai.azure.com", azure_ad_token_provider=tp, api_version="2024-02-01")\n';
  it('rbac chosen: the keyed client is not built, the blank key is not reported', async () => {
    const r = await azure('rbac', branch);
    assert.ok(!r.ids.includes('key-empty'), r.ids.join(', '));
  });
  it('keys chosen: the blank key is an error', async () => {
    const r = await azure('keys', branch);
    assert.ok(
      r.errors.some((e) => e.startsWith('key-empty')),
      r.ids.join(', '),
    );
  });
  it('a mode keydoctor cannot decide (a settings object): a note, not an error', async () => {
    const r = await azure(
      'rbac',
      'import os\nfrom dotenv import load_dotenv\nfrom openai import AzureOpenAI\nfrom azure.identity import DefaultAzureCredential, get_bearer_token_provider\nload_dotenv()\nclass Env:\n    def __init__(self):\n        self.keys = os.getenv("AZURE_AUTH_TYPE", "rbac") == "keys"\n        self.key = os.getenv("AZURE_OPENAI_API_KEY")\nenv = Env()\nif env.keys:\n    client = AzureOpenAI(azure_endpoint="https://x.openai.azure.com", api_key=env.key, api_version="2024-02-01")\nelse:\n    client = AzureOpenAI(azure_endpoint="https://x.openai.azure.com", azure_ad_token_provider=get_bearer_token_provider(DefaultAzureCredential(), "s"), api_version="2024-02-01")\n',
    );
    const f = r.report.findings.find((x) => x.id === 'key-empty');
    assert.ok(f, r.ids.join(', '));
    assert.equal(f.severity, 'info');
  });
  it("Semantic Kernel's AzureChatCompletion(ad_token_provider=...) sends a token", async () => {
    const r = await doctor({
      'requirements.txt': 'semantic-kernel\n',
      'app.py':
        'from semantic_kernel.connectors.ai.open_ai import AzureChatCompletion\nfrom azure.identity import DefaultAzureCredential, get_bearer_token_provider\nsvc = AzureChatCompletion(deployment_name="chat", endpoint="https://x.openai.azure.com", ad_token_provider=get_bearer_token_provider(DefaultAzureCredential(), "s"))\n',
    });
    const t = r.target('python:app.py');
    assert.equal(t?.clients?.[0]?.credential.kind, 'token');
    assert.equal(t?.needsKey, false);
  });
});

describe('docker run --env-file in a package.json script: npm runs it in the package folder', () => {
  it('proxy/package.json `--env-file .env` reads proxy/.env, not the root one, and names the script line', async () => {
    const quoted = `AZURE_OPENAI_API_KEY="${'ab'.repeat(16)}"\n`;
    const r = await doctor({
      '.gitignore': '.env\n',
      '.env': quoted,
      'proxy/.env': `AZURE_OPENAI_API_KEY=${'cd'.repeat(16)}\n`,
      'proxy/package.json': JSON.stringify(
        {
          name: 'proxy',
          type: 'module',
          scripts: { start: 'node app.js', 'docker:run': 'docker run --rm --env-file .env proxy' },
        },
        null,
        2,
      ),
      'proxy/app.js':
        "await fetch('https://x.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-02-01', { method: 'POST', headers: { 'api-key': process.env.AZURE_OPENAI_API_KEY } });\n",
    });
    assert.ok(!r.ids.includes('key-quoted'), r.ids.join(', '));
    const run = r.targetIds.find((id) => id.startsWith('docker-run:'));
    assert.equal(run, 'docker-run:proxy/package.json:6');
    assert.equal(r.target(run ?? '')?.loads?.[0], 'proxy/.env');
  });
});

describe('key-whitespace: a CRLF value in the shell that only Node apps read (openai-quickstart-node)', () => {
  it('openai-node 4.24.3 and later trims what it reads: a warning, not an error, even with the shell in the group', async () => {
    const r = await doctor(
      {
        'package.json': JSON.stringify({
          name: 'q',
          type: 'module',
          scripts: { start: 'node index.js' },
          dependencies: { openai: '4.79.2' },
        }),
        'package-lock.json': JSON.stringify({
          lockfileVersion: 3,
          packages: { 'node_modules/openai': { version: '4.79.2' } },
        }),
        'index.js':
          "import OpenAI from 'openai';\nconst openai = new OpenAI();\nconsole.log(await openai.models.list());\n",
      },
      {},
      { OPENAI_API_KEY: `${openaiKey()}\r` },
    );
    const f = r.report.findings.find((x) => x.id === 'key-whitespace');
    assert.ok(f, r.ids.join(', '));
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /openai-node trims it/);
  });
  it('a Python app reading the same value keeps the error', async () => {
    const r = await doctor(
      { 'app.py': 'from openai import OpenAI\nclient = OpenAI()\n', 'requirements.txt': 'openai\n' },
      {},
      { OPENAI_API_KEY: `${openaiKey()}\r` },
    );
    assert.ok(
      r.errors.some((e) => e.startsWith('key-whitespace')),
      r.ids.join(', '),
    );
  });
});

describe("key-placeholder: another compose file's placeholder beside a service that gets the key (opengpts' tools/)", () => {
  const files = {
    '.gitignore': '.env\n',
    '.env': `OPENAI_API_KEY=${openaiKey()}\n`,
    'app.py': 'from openai import OpenAI\nclient = OpenAI()\n',
    'requirements.txt': 'openai\n',
    'docker-compose.yml':
      'services:\n  app:\n    image: python:3.11\n    volumes: ["./:/app"]\n    command: ["python", "/app/app.py"]\n    env_file: .env\n',
    'tools/migrate/docker-compose.yml':
      'services:\n  migrator:\n    image: python:3.11\n    environment:\n      OPENAI_API_KEY: ...\n',
  };
  it('a warning to fill it in before running that tool', async () => {
    const r = await doctor(files);
    const f = r.report.findings.find((x) => x.id === 'key-placeholder');
    assert.ok(f, r.ids.join(', '));
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /while docker compose service app \(docker-compose\.yml\) gets a real key/);
  });
  it('alone (no other way of running the app has a key), it stays an error', async () => {
    const r = await doctor({
      'tools/migrate/docker-compose.yml': files['tools/migrate/docker-compose.yml'],
      'app.py': files['app.py'],
    });
    assert.ok(
      r.errors.some((e) => e.startsWith('key-placeholder')),
      r.ids.join(', '),
    );
  });
});

describe('a script of a workspace package that no script runs: started from its folder or from the root (chatgpt-api examples/)', () => {
  const files = (env: Record<string, string>) => ({
    'package.json': JSON.stringify({ name: 'root', type: 'module', devDependencies: { dotenv: '^16' } }),
    'pnpm-workspace.yaml': "packages:\n  - 'examples'\n",
    'examples/package.json': JSON.stringify({
      name: 'ex',
      type: 'module',
      dependencies: { openai: '^4', dotenv: '^16' },
    }),
    'examples/chat.ts':
      "import 'dotenv/config';\nimport OpenAI from 'openai';\nconst openai = new OpenAI();\nconsole.log(await openai.models.list());\n",
    '.gitignore': '.env\n',
    ...env,
  });
  it("the root's .env, as `npx tsx examples/chat.ts` from the root loads it: no finding", async () => {
    const r = await doctor(files({ '.env': `OPENAI_API_KEY=${openaiKey()}\n` }));
    assert.deepEqual(r.errors, []);
    assert.ok(!r.ids.includes('dotenv-not-loaded') && !r.ids.includes('dotenv-wrong-location'), r.ids.join(', '));
  });
  it('a key with a Bearer prefix in that .env is then judged', async () => {
    const r = await doctor(files({ '.env': `OPENAI_API_KEY=Bearer ${openaiKey()}\n` }));
    assert.ok(r.ids.includes('key-bearer-prefix'), r.ids.join(', '));
  });
});

describe('an early exit that reports a missing key is a check, not a branch (openai-realtime-solar-system)', () => {
  const route = (exit: string) =>
    doctor({
      '.gitignore': '.env*\n',
      'package.json': JSON.stringify({ name: 'r', scripts: { dev: 'next dev' }, dependencies: { next: '15.0.0' } }),
      'app/api/s/route.ts': `export async function GET() {\n  const apiKey = process.env.OPENAI_API_KEY;\n  if (!apiKey) ${exit};\n  const r = await fetch("https://api.openai.com/v1/models", { headers: { Authorization: \`Bearer \${apiKey}\` } });\n  return new Response(await r.text());\n}\n`,
    });
  it('`return new Response("OPENAI_API_KEY is not configured", { status: 500 })` without a key: key-missing', async () => {
    const r = await route('return new Response("OPENAI_API_KEY is not configured", { status: 500 })');
    assert.ok(
      r.errors.some((e) => e.startsWith('key-missing')),
      r.ids.join(', '),
    );
  });
  it('`return undefined` (a feature left off without a key): no finding, and the client reads as built only with the key', async () => {
    const r = await route('return undefined');
    assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
    const c = r.target('next:development')?.clients?.[0];
    assert.equal(c?.status, 'never');
    assert.equal(c?.condition, 'OPENAI_API_KEY is set');
  });
});

describe('api-retired: the Assistants API, shut down on 2026-08-26 (openai-assistants-quickstart, openai-quickstart-python)', () => {
  it('openai-node `openai.beta.threads.runs.create` in a Next.js route', async () => {
    const r = await doctor(
      {
        'package.json': JSON.stringify({
          name: 'a',
          scripts: { dev: 'next dev' },
          dependencies: { next: '14.0.0', openai: '^4' },
        }),
        'app/openai.ts': "import OpenAI from 'openai';\nexport const openai = new OpenAI();\n",
        'app/api/run/route.ts':
          "import { openai } from '../../openai';\nexport async function POST() {\n  const thread = await openai.beta.threads.create();\n  const run = await openai.beta.threads.runs.create(thread.id, { assistant_id: 'a' });\n  return Response.json(run);\n}\n",
      },
      {},
      { OPENAI_API_KEY: openaiKey() },
    );
    const f = r.report.findings.find((x) => x.id === 'api-retired');
    assert.ok(f, r.ids.join(', '));
    assert.equal(f.severity, 'error');
    assert.match(f.message, /^app\/api\/run\/route\.ts:3 \(also line 4\) calls the Assistants API/);
  });
  it('openai-python `client.beta.assistants.create` in an example beside the app: a warning', async () => {
    const r = await doctor(
      {
        'requirements.txt': 'openai\n',
        'app.py':
          'from openai import OpenAI\nclient = OpenAI()\nprint(client.responses.create(model="gpt-5.5", input="hi"))\n',
        'examples/assistant.py':
          'from openai import OpenAI\nclient = OpenAI()\nassistant = client.beta.assistants.create(name="x", model="gpt-5.5")\n',
      },
      {},
      { OPENAI_API_KEY: openaiKey() },
    );
    const f = r.report.findings.find((x) => x.id === 'api-retired');
    assert.ok(f, r.ids.join(', '));
    assert.equal(f.severity, 'warning');
    assert.equal(f.location?.path, 'examples/assistant.py');
  });
  it('the Responses API, vector stores and a `beta` object of the project’s own are not the Assistants API', async () => {
    const r = await doctor(
      {
        'requirements.txt': 'openai\n',
        'app.py':
          'from openai import OpenAI\nclient = OpenAI()\nclient.responses.create(model="gpt-5.5", input="hi")\nclient.vector_stores.create(name="v")\nflags = {"beta": 1}\n',
      },
      {},
      { OPENAI_API_KEY: openaiKey() },
    );
    assert.ok(!r.ids.includes('api-retired'), r.ids.join(', '));
  });
});

describe('round two of session 34: ChatGPT-Next-Web-LangChain, Azure-Samples/openai, semantic-kernel, anything-llm', () => {
  it('a parameter passed as the key is what the caller passes, not an object property of the same name (`{ apiKey: process.env.SEARCH_API_KEY }`)', async () => {
    const r = await doctor({
      '.gitignore': '.env\n',
      '.env': `OPENAI_API_KEY=${openaiKey()}\n`,
      'package.json': JSON.stringify({
        name: 'r',
        type: 'module',
        scripts: { start: 'node index.js' },
        dependencies: { openai: '^4', dotenv: '^16' },
      }),
      'index.js':
        "import 'dotenv/config';\nimport OpenAI from 'openai';\nfunction getLLM(apiKey) {\n  return new OpenAI({ apiKey });\n}\nfunction run() {\n  const apiKey = process.env.OPENAI_API_KEY;\n  const tool = { apiKey: process.env.SEARCH_API_KEY };\n  return getLLM(apiKey);\n}\nrun();\n",
    });
    assert.deepEqual(r.errors, []);
    assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
  });
  it('an Azure key in OPENAI_API_KEY that AzureOpenAI(api_key=...) sends to Azure: the shell is not said to send it to OpenAI', async () => {
    const azure = 'ab12'.repeat(8);
    const r = await doctor(
      {
        'app.py':
          'import os\nfrom openai import AzureOpenAI\nclient = AzureOpenAI(api_key=os.getenv("OPENAI_API_KEY"), azure_endpoint="https://contoso.openai.azure.com", api_version="2024-10-21")\n',
        'requirements.txt': 'openai\n',
      },
      {},
      { OPENAI_API_KEY: azure },
    );
    assert.ok(!r.ids.includes('key-foreign-provider'), r.ids.join(', '));
    const plain = await doctor(
      { 'app.py': 'from openai import OpenAI\nclient = OpenAI()\n', 'requirements.txt': 'openai\n' },
      {},
      { OPENAI_API_KEY: azure },
    );
    assert.ok(
      plain.errors.some((e) => e.startsWith('key-foreign-provider')),
      plain.ids.join(', '),
    );
  });
  it("Semantic Kernel's connectors read .env from the working folder themselves (pydantic-settings)", async () => {
    const r = await doctor({
      '.gitignore': '.env\n',
      '.env': `OPENAI_API_KEY="${openaiKey()}"\n`,
      'requirements.txt': 'semantic-kernel\n',
      'main.py':
        'from semantic_kernel.connectors.ai.open_ai import OpenAIChatCompletion\nchat = OpenAIChatCompletion(ai_model_id="gpt-5.4-mini")\n',
    });
    assert.deepEqual(r.errors, []);
    assert.ok(!r.ids.includes('dotenv-not-loaded'), r.ids.join(', '));
    assert.match(r.target('python:main.py')?.loading ?? '', /\.env via pydantic-settings at main\.py:2/);
  });
  it('a comma list of keys with a space after the comma, which the code splits and trims: no key-invisible-char', async () => {
    const r = await doctor(
      {
        'package.json': JSON.stringify({
          name: 'n',
          type: 'module',
          scripts: { start: 'node index.js' },
          dependencies: { openai: '^4' },
        }),
        'index.js':
          "import OpenAI from 'openai';\nconst keys = (process.env.OPENAI_API_KEY ?? '').split(',').map((v) => v.trim());\nexport const client = new OpenAI({ apiKey: keys[0] });\n",
      },
      {},
      { OPENAI_API_KEY: `${openaiKey('proj', 'a')}, ${openaiKey('proj', 'b')}` },
    );
    assert.ok(!r.ids.includes('key-invisible-char'), r.ids.join(', '));
  });
  it('a bad character in a value compose interpolates from .env: the fix edits .env, where it is written', async () => {
    const r = await doctor({
      '.gitignore': '.env\n',
      '.env': `OPENAI_API_KEY=${openaiKey()}\u200b\n`,
      'docker-compose.yml':
        'services:\n  web:\n    image: example/app\n    environment:\n      - OPENAI_API_KEY=$OPENAI_API_KEY\n',
    });
    const f = r.report.findings.find((x) => x.id === 'key-invisible-char');
    assert.ok(f, r.ids.join(', '));
    assert.match(f.message, /from \.env:1 \(through docker-compose\.yml:5\)/);
    assert.match(f.fix?.summary ?? '', /Edit line 1 of \.env \(docker-compose\.yml:5 takes the value from there\)/);
  });
  it('a message returned when a search key is unset (a feature left off) keeps the client conditional (anything-llm)', async () => {
    const r = await doctor({
      'package.json': JSON.stringify({ name: 's', scripts: { start: 'node index.js' } }),
      'index.js':
        "async function search(q) {\n  if (!process.env.AGENT_PERPLEXITY_API_KEY) {\n    return 'Search is disabled: the user has not defined the required API key.';\n  }\n  return fetch('https://api.perplexity.ai/search', { headers: { Authorization: `Bearer ${process.env.AGENT_PERPLEXITY_API_KEY}` } });\n}\nmodule.exports = { search };\n",
    });
    assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
  });
});

describe("dotenv-wrong-location: a library helper's own load_dotenv() inside a function (semantic-kernel's search utils)", () => {
  const files = {
    '.gitignore': '.env\n',
    'samples/.env': `OPENAI_API_KEY=${openaiKey()}\n`,
    'samples/main.py': 'from openai import OpenAI\nclient = OpenAI()\n',
    'lib/search/utils.py':
      'import os\nfrom dotenv import load_dotenv\n\ndef get_search_client():\n    load_dotenv()\n    return os.getenv("AZURE_COGNITIVE_SEARCH_ADMIN_KEY")\n',
  };
  it('is not blamed for the samples’ .env (dotenv-not-loaded for the sample stays)', async () => {
    const r = await doctor(files);
    assert.ok(!r.ids.includes('dotenv-wrong-location'), r.ids.join(', '));
    assert.ok(r.ids.includes('dotenv-not-loaded'), r.ids.join(', '));
  });
  it('the same helper building the client is', async () => {
    const r = await doctor({
      ...files,
      'lib/search/utils.py':
        'from dotenv import load_dotenv\nfrom openai import OpenAI\n\ndef get_client():\n    load_dotenv()\n    return OpenAI()\n',
    });
    assert.ok(r.ids.includes('dotenv-wrong-location'), r.ids.join(', '));
  });
});

describe('compose-var-unset: a script that exports the variables and then starts compose (azure-search-openai-demo-java)', () => {
  const compose =
    'services:\n  backend:\n    image: backend\n    environment:\n      - AZURE_OPENAI_EMB_DEPLOYMENT=${AZURE_OPENAI_EMB_DEPLOYMENT}\n      - OPENAI_API_KEY=${OPENAI_API_KEY}\n';
  const run = (script: string) =>
    doctor({
      'deploy/compose.yaml': compose,
      'deploy/start-compose.sh': script,
      'app.py': 'from openai import OpenAI\nclient = OpenAI()\n',
    });
  it('a loop exporting every `azd env get-values` line: nothing reported', async () => {
    const r = await run(
      '#!/bin/sh\nwhile IFS=\'=\' read -r key value; do\n    export "$key=$value"\ndone <<EOF\n$(azd env get-values)\nEOF\ndocker compose -f ./compose.yaml up\n',
    );
    assert.ok(!r.ids.includes('compose-var-unset'), r.ids.join(', '));
  });
  it('named exports cover only those names', async () => {
    const r = await run('#!/bin/sh\nexport AZURE_OPENAI_EMB_DEPLOYMENT=embedding\ndocker compose up\n');
    const fs = r.report.findings.filter((x) => x.id === 'compose-var-unset');
    assert.equal(fs.length, 1, r.ids.join(', '));
    assert.match(fs[0]?.message ?? '', /OPENAI_API_KEY/);
  });
  it('without the script, both are reported', async () => {
    const r = await doctor({
      'deploy/compose.yaml': compose,
      'app.py': 'from openai import OpenAI\nclient = OpenAI()\n',
    });
    assert.ok(r.report.findings.filter((x) => x.id === 'compose-var-unset').length >= 1, r.ids.join(', '));
  });
});

describe('key-missing names the client that surely runs (langchain-nextjs-template)', () => {
  it('the chat route beside a server action behind a condition: an error about the route, .env.local to create', async () => {
    const r = await doctor({
      '.gitignore': '.env*.local\n',
      '.env.example': 'OPENAI_API_KEY="YOUR_API_KEY"\n',
      'package.json': JSON.stringify({
        name: 'r',
        scripts: { dev: 'next dev' },
        dependencies: { next: '15.0.0', '@langchain/openai': '0.5.0' },
      }),
      'app/a/action.ts':
        '"use server";\nimport { ChatOpenAI } from "@langchain/openai";\nexport async function runAgent(input: string) {\n  (async () => { const llm = new ChatOpenAI({ model: "gpt-5.4-mini" }); await llm.invoke(input); })();\n}\n',
      'app/a/page.tsx':
        '"use client";\nimport { runAgent } from "./action";\nexport default function Page() {\n  async function go(input: string) { if (!input) return; await runAgent(input); }\n  return <button onClick={() => go("hi")}>go</button>;\n}\n',
      'app/api/chat/route.ts':
        'import { ChatOpenAI } from "@langchain/openai";\nexport async function POST(req: Request) {\n  const model = new ChatOpenAI({ model: "gpt-5.4-mini" });\n  return new Response((await model.invoke("hi")).text);\n}\n',
    });
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.ok(f, r.ids.join(', '));
    assert.equal(f.severity, 'error');
    assert.match(f.message, /for the client at app\/api\/chat\/route\.ts:3/);
    assert.equal(f.fix?.command, 'cp .env.example .env.local');
  });
});

describe('Supabase Edge Functions and Deno module specifiers (chatgpt-your-files)', () => {
  const fn = (spec: string) => ({
    'supabase/config.toml': 'project_id = "demo"\n',
    'supabase/functions/chat/index.ts': `import OpenAI from '${spec}';\nconst openai = new OpenAI({ apiKey: Deno.env.get('OPENAI_API_KEY') });\nDeno.serve(async () => new Response((await openai.models.list()).data[0].id));\n`,
  });
  it('npm:, jsr:, esm.sh and deno.land/x imports of openai are the SDK', async () => {
    for (const spec of [
      'npm:openai@4.52.0',
      'jsr:@openai/openai',
      'https://esm.sh/openai@4.10.0',
      'https://deno.land/x/openai@v4.24.0/mod.ts',
    ]) {
      const r = await doctor(fn(spec));
      assert.ok(r.ids.includes('key-missing'), `${spec}: ${r.ids.join(', ')}`);
    }
  });
  it('a key only in the shell: the edge runtime does not get it, and the fix names supabase/functions/.env, not export', async () => {
    const r = await doctor(fn('npm:openai'), {}, { OPENAI_API_KEY: openaiKey() });
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.ok(f, r.ids.join(', '));
    assert.match(
      f.message,
      /this shell's OPENAI_API_KEY does not reach it; the CLI would load supabase\/functions\/\.env, which does not exist/,
    );
    assert.match(
      f.fix?.summary ?? '',
      /^Put `OPENAI_API_KEY=<your key>` in supabase\/functions\/\.env .*supabase secrets set OPENAI_API_KEY/,
    );
    assert.equal(f.fix?.command, undefined);
  });
  it('with supabase/functions/.env holding the key: nothing to report', async () => {
    const r = await doctor({
      ...fn('npm:openai'),
      '.gitignore': '.env\n',
      'supabase/functions/.env': `OPENAI_API_KEY=${openaiKey()}\n`,
    });
    assert.deepEqual(r.errors, []);
  });
});

describe("api-retired leaves Azure OpenAI's Assistants to Azure's schedule", () => {
  it("Python: Semantic Kernel's AzureAssistantAgent.create_client() calling beta.assistants, beside the project's OpenAI client", async () => {
    const files = {
      'requirements.txt': 'openai\nsemantic-kernel\n',
      'shared.py': 'from openai import OpenAI\nclient = OpenAI()\n',
    };
    const azure = await doctor({
      ...files,
      'sample.py':
        'from shared import client as plain\nfrom semantic_kernel.agents import AzureAssistantAgent\nclient = AzureAssistantAgent.create_client()\nclient.beta.assistants.delete("a")\n',
    });
    assert.ok(!azure.ids.includes('api-retired'), azure.ids.join(', '));
    const openai = await doctor({
      ...files,
      'sample.py': 'from shared import client\nclient.beta.assistants.delete("a")\n',
    });
    assert.ok(openai.ids.includes('api-retired'), openai.ids.join(', '));
  });
  it('JS: a module importing @azure/identity calling beta.threads on a client from another module', async () => {
    const files = {
      'package.json': JSON.stringify({
        name: 'a',
        type: 'module',
        scripts: { start: 'node index.js' },
        dependencies: { openai: '^4' },
      }),
      'client.js': "import OpenAI from 'openai';\nexport const client = new OpenAI();\n",
    };
    const azure = await doctor({
      ...files,
      'index.js':
        "import { DefaultAzureCredential } from '@azure/identity';\nimport { client } from './client.js';\nawait client.beta.threads.create();\n",
    });
    assert.ok(!azure.ids.includes('api-retired'), azure.ids.join(', '));
    const openai = await doctor({
      ...files,
      'index.js': "import { client } from './client.js';\nawait client.beta.threads.create();\n",
    });
    assert.ok(openai.ids.includes('api-retired'), openai.ids.join(', '));
  });
});

describe('wording', () => {
  it('several targets "send", one "sends"; a long "Same for" list says how many more', async () => {
    const r = await doctor(
      {
        'a.py': 'from openai import OpenAI\nclient = OpenAI()\n',
        'b.py': 'from openai import OpenAI\nclient = OpenAI()\n',
        'requirements.txt': 'openai\n',
      },
      {},
      { OPENAI_API_KEY: `"${openaiKey()}"` },
    );
    const f = r.report.findings.find((x) => x.id === 'key-quoted');
    assert.ok(f, r.ids.join(', '));
    assert.match(f.message, / send them as part of the key/);
    const many = await doctor({
      '.gitignore': '.env\n',
      '.env': `OPENAI_API_KEY=${openaiKey()}\n`,
      'requirements.txt': 'openai\n',
      ...Object.fromEntries(
        ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => [`${n}.py`, 'from openai import OpenAI\nclient = OpenAI()\n']),
      ),
    });
    const g = many.report.findings.find((x) => x.id === 'dotenv-not-loaded');
    assert.ok(g, many.ids.join(', '));
    assert.match(g.message, /Same for python b\.py, python c\.py, python d\.py, and 2 more\./);
  });
});

describe('a Streamlit secrets file that is not valid TOML (rags)', () => {
  it('is named as the cause, with the fix to quote the value', async () => {
    const r = await doctor({
      '.gitignore': '.streamlit\n',
      'requirements.txt': 'streamlit\nopenai\n',
      'app.py':
        'import os\nimport streamlit as st\nfrom openai import OpenAI\nos.environ["OPENAI_API_KEY"] = st.secrets.openai_key\nclient = OpenAI()\n',
      '.streamlit/secrets.toml': `openai_key = ${openaiKey()}\n`,
    });
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.ok(f, r.ids.join(', '));
    assert.match(f.message, /\.streamlit\/secrets\.toml:1 is not valid TOML, so Streamlit reads none of it/);
    assert.match(
      f.fix?.summary ?? '',
      /^Fix \.streamlit\/secrets\.toml:1: TOML needs the value in quotes \(`openai_key = "<your key>"`\)/,
    );
    assert.doesNotMatch(f.message, /sk-proj-[A-Za-z0-9]{20}/);
  });
});

describe('round three of session 34: chat-with-your-data VS Code, awesome-llm-apps', () => {
  it("VS Code's envFile from the Azure Developer CLI extension's command is the azd environment's .env", async () => {
    const r = await doctor({
      '.gitignore': '.azure\n',
      '.azure/config.json': JSON.stringify({ version: 1, defaultEnvironment: 'dev' }),
      '.azure/dev/.env': `AZURE_OPENAI_ENDPOINT="https://x.openai.azure.com/"\nAZURE_OPENAI_API_KEY="${'cd34'.repeat(8)}"\n`,
      '.vscode/launch.json': JSON.stringify({
        version: '0.2.0',
        configurations: [
          {
            name: 'Run app',
            type: 'debugpy',
            request: 'launch',
            program: 'app.py',
            envFile: '${input:dotEnvFilePath}',
          },
        ],
        inputs: [{ id: 'dotEnvFilePath', type: 'command', command: 'azure-dev.commands.getDotEnvFilePath' }],
      }),
      'requirements.txt': 'openai\n',
      'app.py':
        'import os\nfrom openai import AzureOpenAI\nclient = AzureOpenAI(azure_endpoint=os.environ["AZURE_OPENAI_ENDPOINT"], api_key=os.environ["AZURE_OPENAI_API_KEY"], api_version="2024-02-01")\n',
    });
    const vs = r.target('vscode:Run app');
    assert.equal(vs?.vars.AZURE_OPENAI_API_KEY?.winner?.location?.path, '.azure/dev/.env');
    assert.ok(!r.report.findings.some((f) => f.id === 'key-missing' && /VS Code/.test(f.message)), r.ids.join(', '));
  });
  it('an Agents SDK module that only defines its agent (Runner calls inside functions) is not a script that needs the key', async () => {
    const r = await doctor({
      '.gitignore': '.env\n',
      '.env': `OPENAI_API_KEY=${openaiKey()}\n`,
      'requirements.txt': 'openai-agents\npython-dotenv\n',
      'app.py':
        'from dotenv import load_dotenv\nload_dotenv()\nfrom agents import Agent, Runner\nprint(Runner.run_sync(Agent(name="a", instructions="i"), "hi").final_output)\n',
      'sub/__init__.py': '',
      'sub/agent.py':
        'from agents import Agent, Runner\nroot_agent = Agent(name="a", instructions="i")\ndef sync_example():\n    return Runner.run_sync(root_agent, "hi").final_output\n',
    });
    assert.deepEqual(r.errors, []);
    assert.ok(!r.ids.includes('dotenv-not-loaded'), r.ids.join(', '));
  });
});

describe('round four of session 34: h2ogpt, Portkey, promptflow, vercel/ai examples', () => {
  it('a script that runs an installed program (`python3 -m vllm.entrypoints.openai.api_server`) runs none of the project’s clients', async () => {
    const r = await doctor({
      'requirements.txt': 'openai\n',
      'scripts/run_vllm.sh':
        '#!/bin/bash -e\npython3 -m vllm.entrypoints.openai.api_server --port=5000 --model some/model\n',
      'lib.py':
        'import os\nfrom openai import OpenAI\ndef embed(t):\n    client = OpenAI(api_key=os.getenv("OPENAI_API_KEY"))\n',
    });
    assert.ok(!r.report.findings.some((f) => f.target?.startsWith('script:')), r.ids.join(', '));
  });
  it("Bearer to Azure's v1 API and to Azure AI Language are not the api-key mistake; to a classic deployment URL it is", async () => {
    const run = (code: string) =>
      doctor({
        'package.json': JSON.stringify({ name: 'r', type: 'module', scripts: { start: 'node index.js' } }),
        'index.js': code,
      });
    const v1 = await run(
      'const res = await fetch(`https://${process.env.AZURE_RESOURCE_NAME}.openai.azure.com/openai/v1/models`, {\n  headers: { Authorization: `Bearer ${process.env.AZURE_API_KEY}` },\n});\n',
    );
    assert.ok(!v1.ids.includes('azure-misconfigured'), v1.ids.join(', '));
    const language = await run(
      "export async function redact(c, token, text) {\n  const url = `https://${c.resourceName}.cognitiveservices.azure.com/language/:analyze-text?api-version=2024-11-01`;\n  const headers = { 'Ocp-Apim-Subscription-Key': token };\n  if (c.azureAuthMode !== 'apiKey') headers['Authorization'] = `Bearer ${token}`;\n  return fetch(url, { method: 'POST', headers, body: JSON.stringify({ text }) });\n}\n",
    );
    assert.ok(!language.ids.includes('azure-misconfigured'), language.ids.join(', '));
    const classic = await run(
      'const res = await fetch(`https://x.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-02-01`, {\n  method: "POST",\n  headers: { Authorization: `Bearer ${process.env.AZURE_OPENAI_API_KEY}` },\n});\n',
    );
    assert.ok(classic.ids.includes('azure-misconfigured'), classic.ids.join(', '));
  });
  it("langchain < 0.2's AzureChatOpenAI (from langchain.chat_models) takes openai_api_base: only langchain_openai's raises", async () => {
    const code = (from: string) =>
      `import os\nfrom dotenv import load_dotenv\nfrom ${from} import AzureChatOpenAI\nload_dotenv()\nchat = AzureChatOpenAI(deployment_name="gpt-35-turbo", openai_api_key=os.environ["AZURE_OPENAI_API_KEY"], openai_api_base=os.environ["AZURE_OPENAI_API_BASE"], openai_api_version="2023-07-01-preview")\n`;
    const files = {
      '.gitignore': '.env\n',
      '.env': `AZURE_OPENAI_API_KEY=${'ef56'.repeat(8)}\nAZURE_OPENAI_API_BASE=https://myres.openai.azure.com/\n`,
    };
    const old = await doctor({
      ...files,
      'requirements.txt': 'langchain<0.2.0\npython-dotenv\n',
      'intent.py': code('langchain.chat_models'),
    });
    assert.ok(!old.ids.includes('azure-misconfigured'), old.ids.join(', '));
    const cur = await doctor({
      ...files,
      'requirements.txt': 'langchain-openai\npython-dotenv\n',
      'intent.py': code('langchain_openai'),
    });
    assert.ok(cur.ids.includes('azure-misconfigured'), cur.ids.join(', '));
  });
  it('a literal key with a fetch that answers by itself, or one that says it is wrong on purpose: not reported', async () => {
    const run = (code: string) =>
      doctor({
        '.gitignore': '.env\n',
        '.env': `OPENAI_API_KEY=${openaiKey()}\n`,
        'package.json': JSON.stringify({
          name: 'r',
          type: 'module',
          scripts: { start: 'tsx src/a.ts' },
          dependencies: { '@ai-sdk/openai': '*', ai: '*', dotenv: '*' },
        }),
        'src/a.ts': code,
      });
    const mock = await run(
      "import 'dotenv/config';\nimport { createOpenAI } from '@ai-sdk/openai';\nimport { generateText } from 'ai';\nconst openai = createOpenAI({ apiKey: 'test', fetch: async () => new Response('{}') });\nawait generateText({ model: openai.chat('gpt-4.1'), prompt: 'hi' });\n",
    );
    assert.ok(
      !mock.ids.includes('key-hardcoded-overrides-env') && !mock.ids.includes('model-deprecated'),
      mock.ids.join(', '),
    );
    const invalid = await run(
      "import 'dotenv/config';\nimport { createOpenAI } from '@ai-sdk/openai';\nconst openai = createOpenAI({ apiKey: 'INVALID_KEY' });\nexport default openai;\n",
    );
    assert.ok(!invalid.ids.includes('key-hardcoded-overrides-env'), invalid.ids.join(', '));
    const real = await run(
      "import 'dotenv/config';\nimport { createOpenAI } from '@ai-sdk/openai';\nconst openai = createOpenAI({ apiKey: 'sk-your-key-here' });\nexport default openai;\n",
    );
    assert.ok(real.ids.includes('key-hardcoded-overrides-env'), real.ids.join(', '));
  });
  it('scripts of a collection for a provider not set up (a blank or absent AZURE_API_KEY): warnings, not errors', async () => {
    const files = {
      'package.json': JSON.stringify({
        name: 'r3',
        type: 'module',
        dependencies: { '@ai-sdk/openai': '*', '@ai-sdk/azure': '*', ai: '*', dotenv: '*' },
      }),
      '.gitignore': '.env\n',
      'src/openai.ts':
        "import 'dotenv/config';\nimport { openai } from '@ai-sdk/openai';\nimport { generateText } from 'ai';\nconsole.log((await generateText({ model: openai('gpt-5.5'), prompt: 'hi' })).text);\n",
      'src/azure.ts':
        "import 'dotenv/config';\nimport { azure } from '@ai-sdk/azure';\nimport { generateText } from 'ai';\nconsole.log((await generateText({ model: azure('gpt-5.5'), prompt: 'hi' })).text);\n",
    };
    for (const env of [`OPENAI_API_KEY="${openaiKey()}"\nAZURE_API_KEY=""\n`, `OPENAI_API_KEY="${openaiKey()}"\n`]) {
      const r = await doctor({ ...files, '.env': env });
      assert.deepEqual(r.errors, [], env.includes('AZURE') ? 'blank' : 'absent');
      assert.ok(r.ids.includes('key-empty') || r.ids.includes('key-missing'), r.ids.join(', '));
    }
  });
});

describe("agno's OpenAIChat builds an openai-python client (awesome-llm-apps)", () => {
  const main =
    'from agno.agent import Agent\nfrom agno.models.openai import OpenAIChat\nagent = Agent(model=OpenAIChat(id="gpt-5.5"))\nagent.print_response("hi")\n';
  it('with no key anywhere: key-missing for OPENAI_API_KEY', async () => {
    const r = await doctor({ 'requirements.txt': 'agno\nopenai\n', 'main.py': main });
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.ok(f, r.ids.join(', '));
    assert.match(f.message, /gets no OPENAI_API_KEY for the client at main\.py:3/);
  });
  it('the model named by id= is checked', async () => {
    const r = await doctor(
      { 'requirements.txt': 'agno\nopenai\n', 'main.py': main.replace('gpt-5.5', 'text-davinci-003') },
      {},
      { OPENAI_API_KEY: openaiKey() },
    );
    assert.ok(r.ids.includes('model-retired'), r.ids.join(', '));
  });
});

describe("key-missing for a Next.js 'use client' page's NEXT_PUBLIC_ key (vercel/ai's direct-transport page)", () => {
  it('is a note whose fix never says to put a key there', async () => {
    const r = await doctor({
      '.gitignore': '.env*\n',
      'package.json': JSON.stringify({
        name: 'n',
        scripts: { dev: 'next dev' },
        dependencies: { next: '15.0.0', '@ai-sdk/openai': '*', ai: '*' },
      }),
      'app/chat/page.tsx':
        "'use client';\nimport { createOpenAI } from '@ai-sdk/openai';\nconst openai = createOpenAI({ apiKey: process.env.NEXT_PUBLIC_OPENAI_API_KEY });\nexport default function Page() { return null; }\n",
    });
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.ok(f, r.ids.join(', '));
    assert.equal(f.severity, 'info');
    assert.doesNotMatch(f.fix?.summary ?? '', /^Create|^Add/);
  });
});

describe('round five of session 34: h2ogpt, novel, notesGPT', () => {
  it('an Azure key the running AzureOpenAI client sends to Azure: a parser class nothing instantiates is not judged to send it to OpenAI', async () => {
    const r = await doctor(
      {
        'requirements.txt': 'openai\n',
        'parsers.py':
          'import os\nfrom openai import OpenAI\nclass WhisperParser:\n    def __init__(self, api_key=None): self.api_key = api_key\n    def parse(self, path):\n        client = OpenAI(api_key=os.getenv("OPENAI_API_KEY"))\n',
        'main.py':
          'import os\nfrom openai import AzureOpenAI\nimport parsers\nclient = AzureOpenAI(api_key=os.getenv("OPENAI_API_KEY"), azure_endpoint="https://x.openai.azure.com", api_version="2024-10-21")\n',
      },
      {},
      { OPENAI_API_KEY: '0a1b'.repeat(8) },
    );
    assert.ok(!r.ids.includes('key-foreign-provider'), r.ids.join(', '));
  });
  it('@ai-sdk/openai 1.x does not read OPENAI_BASE_URL: a base URL set there is not where the requests go', async () => {
    const files = (spec: string) => ({
      '.gitignore': '.env\n',
      '.env': `OPENAI_API_KEY=${openaiKey()}\nOPENAI_BASE_URL=https://openrouter.ai/api/v1\n`,
      'package.json': JSON.stringify({
        name: 'r1',
        scripts: { dev: 'next dev' },
        dependencies: { next: '14.2.0', ai: '^3.0.12', '@ai-sdk/openai': spec },
      }),
      'app/api/generate/route.ts':
        "import { openai } from '@ai-sdk/openai';\nimport { streamText } from 'ai';\nexport async function POST(req: Request) {\n  const r = await streamText({ prompt: 'hi', model: openai('gpt-5.4-mini') });\n  return r.toDataStreamResponse();\n}\n",
    });
    const v1 = await doctor(files('^1.1.0'));
    assert.deepEqual(v1.errors, []);
    const v2 = await doctor(files('^2.0.0'));
    assert.ok(v2.ids.includes('base-url-override'), v2.ids.join(', '));
  });
  it("Convex functions run on Convex's servers: the Next.js app is not told to put their key in .env.local", async () => {
    const r = await doctor({
      '.gitignore': '.env*.local\n',
      '.env.local':
        'CONVEX_DEPLOYMENT=dev:happy-animal-123\nNEXT_PUBLIC_CONVEX_URL=https://happy-animal-123.convex.cloud\n',
      'package.json': JSON.stringify({
        name: 'r2',
        scripts: {
          dev: 'npm-run-all --parallel dev:backend dev:frontend',
          'dev:backend': 'convex dev',
          'dev:frontend': 'next dev',
        },
        dependencies: { next: '14.2.0', convex: '^1.10.0', openai: '^4.28.0' },
      }),
      'convex/ai.ts':
        "import OpenAI from 'openai';\nimport { internalAction } from './_generated/server';\nconst openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\nexport const chat = internalAction({ args: {}, handler: async () => { await openai.models.list(); } });\n",
    });
    assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
  });
});

describe("Haystack 2's OpenAI components (haystack-cookbook)", () => {
  it('OpenAIChatGenerator reads OPENAI_API_KEY; its model is checked', async () => {
    const r = await doctor({
      'requirements.txt': 'haystack-ai==2.8.1\n',
      'app.py':
        'from haystack.components.generators.chat import OpenAIChatGenerator\nfrom haystack.dataclasses import ChatMessage\nclient = OpenAIChatGenerator(model="text-davinci-003")\nprint(client.run([ChatMessage.from_user("hi")]))\n',
    });
    assert.ok(r.ids.includes('key-missing') && r.ids.includes('model-retired'), r.ids.join(', '));
  });
  it('api_key=Secret.from_env_var("MY_OPENAI_KEY") reads that variable, which the set key does not satisfy', async () => {
    const r = await doctor(
      {
        'requirements.txt': 'haystack-ai\n',
        'app.py':
          'from haystack.components.embedders import OpenAITextEmbedder\nfrom haystack.utils import Secret\nembedder = OpenAITextEmbedder(api_key=Secret.from_env_var("MY_OPENAI_KEY"))\nprint(embedder.run("hi"))\n',
      },
      {},
      { OPENAI_API_KEY: openaiKey() },
    );
    const f = r.report.findings.find((x) => x.id === 'key-missing' || x.id === 'env-name-mismatch');
    assert.ok(f, r.ids.join(', '));
    assert.match(f.message, /MY_OPENAI_KEY/);
  });
});

describe("a script the project's Dockerfile starts runs in the container (firecrawl's docker-entrypoint.sh)", () => {
  const files = (dockerfile: string) => ({
    '.gitignore': '.env\n',
    '.env': `OPENAI_API_KEY=${openaiKey()}\n`,
    'docker-compose.yaml':
      'services:\n  api:\n    build: api\n    environment:\n      OPENAI_API_KEY: ${OPENAI_API_KEY}\n',
    'api/Dockerfile': dockerfile,
    'api/docker-entrypoint.sh': '#!/bin/sh\nnode index.js\n',
    'api/package.json': JSON.stringify({ name: 'api', main: 'index.js', dependencies: { openai: '^4' } }),
    'api/index.js': "const OpenAI = require('openai');\nmodule.exports = new OpenAI();\n",
  });
  it('ENTRYPOINT (shell or exec form) names it: its key is the deployment’s, no key-missing for the script', async () => {
    for (const df of [
      'FROM node:20\nWORKDIR /app\nCOPY . .\nENTRYPOINT "/app/docker-entrypoint.sh"\n',
      'FROM node:20\nCOPY . .\nCMD ["./docker-entrypoint.sh"]\n',
    ]) {
      const r = await doctor(files(df));
      assert.ok(!r.report.findings.some((f) => f.id === 'key-missing' && f.target?.startsWith('script:')), df);
    }
  });
  it('a script no Dockerfile starts is judged as before', async () => {
    const r = await doctor(files('FROM node:20\nCOPY . .\nCMD ["node", "index.js"]\n'));
    assert.ok(
      r.report.findings.some((f) => f.id === 'key-missing' && f.target?.startsWith('script:')),
      r.ids.join(', '),
    );
  });
});

describe('llama_deploy: `llamactl deploy deployment.yml` loads each service’s env-files and env (llama_deploy examples)', () => {
  const files = (service: string, extra: Record<string, string> = {}) => ({
    '.gitignore': '.env\n',
    'requirements.txt': 'llama-deploy\nllama-index-llms-openai\n',
    'src/workflow.py':
      'from llama_index.llms.openai import OpenAI\nfrom workflows import Workflow\nclass W(Workflow):\n    llm: OpenAI = OpenAI(model="gpt-5.4-mini")\nworkflow = W()\n',
    'deployment.yml': `name: D\nservices:\n  w:\n    name: W\n    source: {type: local, name: src}\n${service}    path: src/workflow:workflow\n`,
    ...extra,
  });
  it('the key in src/.env named by env-files: nothing to report', async () => {
    const r = await doctor(
      files('    env-files:\n      - src/.env\n', { 'src/.env': `OPENAI_API_KEY=${openaiKey()}\n` }),
    );
    assert.deepEqual(r.errors, []);
    assert.equal(r.target('llama-deploy:deployment.yml:w')?.vars.OPENAI_API_KEY?.winner?.location?.path, 'src/.env');
  });
  it('a deployment.yml in a project that lists its dependencies there (python-dependencies) is read too', async () => {
    const r = await doctor({
      '.gitignore': '.env\n',
      'src/workflow.py':
        'from llama_index.llms.openai import OpenAI\nfrom workflows import Workflow\nclass W(Workflow):\n    llm: OpenAI = OpenAI(model="gpt-5.4-mini")\nworkflow = W()\n',
      'deployment.yml': `name: D\nservices:\n  w:\n    name: W\n    source:\n      type: local\n      name: src\n    python-dependencies:\n      - llama-index-llms-openai\n    path: src/workflow:workflow\n`,
    });
    assert.ok(r.targetIds.includes('llama-deploy:deployment.yml:w'), r.targetIds.join(', '));
  });
  it('no key in env-files or env: key-missing names the deployment', async () => {
    const r = await doctor(files(''));
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.ok(f, r.ids.join(', '));
    assert.equal(f.location?.path, 'deployment.yml');
  });
});
