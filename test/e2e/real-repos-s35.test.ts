/**
 * Patterns of real public repositories tried in session 35 (each rebuilt here as a small synthetic
 * project; no fetched code): a healthy set-up gets no false error, and a broken one keeps its finding.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { doctorOn as doctor, type DoctorRun } from '../helpers/doctor.js';
import type { Tree } from '../helpers/project.js';
import { openaiKey } from '../helpers/keys.js';

/** The doctor run in a sub-folder of a repository (`.git` at the top of `files`). */
const doctorIn = (sub: string, files: Tree, env: Record<string, string> = {}): Promise<DoctorRun> =>
  doctor({ '.git/HEAD': 'ref: refs/heads/main\n', ...files }, {}, env, { sub });

describe('a dotenv path that leads out of the folder keydoctor runs in (TypeChat’s examples)', () => {
  const app = (extra: Tree = {}): Tree => ({
    '.gitignore': '.env\n',
    'app/package.json': JSON.stringify({
      name: 'app',
      main: 'src/main.js',
      dependencies: { dotenv: '^16', openai: '^4' },
    }),
    'app/src/main.js':
      "const path = require('path');\nrequire('dotenv').config({ path: path.join(__dirname, '../../.env') });\nconst OpenAI = require('openai');\nnew OpenAI().models.list().then(console.log);\n",
    ...extra,
  });
  it('the repository’s .env it names is read: no key-missing', async () => {
    const r = await doctorIn('app', app({ '.env': `OPENAI_API_KEY=${openaiKey()}\n` }));
    assert.deepEqual(r.errors, []);
    assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
  });
  it('the key in the run folder’s own .env, which the app does not load: told so', async () => {
    const r = await doctorIn('app', app({ 'app/.env': `OPENAI_API_KEY=${openaiKey()}\n` }));
    assert.ok(r.ids.includes('dotenv-not-loaded'), r.ids.join(', '));
    assert.ok(r.ids.includes('dotenv-wrong-location'), r.ids.join(', '));
  });
});

describe('dotenv-not-loaded’s fix is a line that works in the entry module (openai-testing-agent-demo)', () => {
  const fix = async (files: Tree) => {
    const r = await doctor({ '.gitignore': '.env*\n', ...files });
    const f = r.report.findings.find((x) => x.id === 'dotenv-not-loaded');
    assert.ok(f, r.ids.join(', '));
    return f.fix?.summary ?? '';
  };
  const cjs = 'const OpenAI = require("openai");\nconst client = new OpenAI();\n';
  it('a CommonJS module run from its package, the .env above it: require() with the path', async () => {
    const s = await fix({
      '.env': `OPENAI_API_KEY=${openaiKey()}\n`,
      'server/package.json': JSON.stringify({
        name: 's',
        scripts: { start: 'node index.js' },
        dependencies: { openai: '^4' },
      }),
      'server/index.js': cjs,
    });
    assert.match(
      s,
      /`require\('dotenv'\)\.config\(\{ path: '\.\.\/\.env' \}\)` as the first line of server\/index\.js \(after `npm install dotenv` in server\)/,
    );
    assert.doesNotMatch(s, /import 'dotenv\/config'/);
  });
  it('a file other than .env, dotenv installed: named, nothing to install', async () => {
    const s = await fix({
      '.env.development': `OPENAI_API_KEY=${openaiKey()}\n`,
      'package.json': JSON.stringify({
        name: 'x',
        scripts: { start: 'node index.js' },
        dependencies: { openai: '^4', dotenv: '^16' },
      }),
      'index.js': cjs,
    });
    assert.match(
      s,
      /`require\('dotenv'\)\.config\(\{ path: '\.env\.development' \}\)` as the first line of index\.js, or start with `node --env-file=\.env\.development index\.js`/,
    );
  });
  it('an ES module keeps the import, naming the file it must read', async () => {
    const s = await fix({
      '.env.development': `OPENAI_API_KEY=${openaiKey()}\n`,
      'package.json': JSON.stringify({
        name: 'x',
        type: 'module',
        scripts: { start: 'node index.js' },
        dependencies: { openai: '^4', dotenv: '^16' },
      }),
      'index.js': "import OpenAI from 'openai';\nconst client = new OpenAI();\n",
    });
    assert.match(
      s,
      /`import 'dotenv\/config'` as the first import of index\.js with DOTENV_CONFIG_PATH=\.env\.development set/,
    );
  });
});

describe('compose-var-unset: another credential listed alone under environment: (chatgpt-web, livekit’s tests/)', () => {
  const files = (compose: string, path = 'docker-compose.yml'): Tree => ({
    [path]: compose,
    Dockerfile: 'FROM node:20\nCOPY . .\nCMD ["node", "index.js"]\n',
    'package.json': JSON.stringify({ name: 'x', scripts: { start: 'node index.js' }, dependencies: { openai: '^4' } }),
    'index.js':
      "const OpenAI = require('openai');\nif (!process.env.OPENAI_API_KEY && !process.env.OPENAI_ACCESS_TOKEN) throw new Error('need one');\nconst client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n",
  });
  const pair = 'services:\n  app:\n    build: .\n    environment:\n      OPENAI_API_KEY:\n      OPENAI_ACCESS_TOKEN:\n';
  const unset = (r: DoctorRun) =>
    r.report.findings.filter((f) => f.id === 'compose-var-unset').map((f) => `${f.severity}:${f.location?.line}`);
  it('the service gets its key: the unset alternative is a note', async () => {
    const r = await doctor(files(pair), {}, { OPENAI_API_KEY: openaiKey() });
    assert.deepEqual(unset(r), ['info:6']);
  });
  it('nothing gives the key: the key’s line stays an error, the alternative a warning', async () => {
    const r = await doctor(files(pair));
    assert.deepEqual(unset(r).sort(), ['error:5', 'warning:6']);
  });
  it('another provider’s key in a test set-up’s compose file: a note', async () => {
    const r = await doctor(
      files(
        'services:\n  app:\n    build: ..\n    environment:\n      - OPENAI_API_KEY\n      - ANTHROPIC_API_KEY\n',
        'tests/docker-compose.yml',
      ),
    );
    const f = r.report.findings.find((x) => x.id === 'compose-var-unset' && x.message.includes('ANTHROPIC_API_KEY'));
    assert.equal(f?.severity, 'info', unset(r).join(', '));
  });
});

describe('key-missing: an example for a service nothing sets up, while the app gets its key (marvin, camel)', () => {
  it('a note, naming the service’s key', async () => {
    const r = await doctor(
      {
        'main.py': 'from openai import OpenAI\nclient = OpenAI()\n',
        'examples/azure/run.py':
          'from openai import AsyncAzureOpenAI\nif __name__ == "__main__":\n    client = AsyncAzureOpenAI(azure_endpoint="https://x.openai.azure.com", api_version="2024-06-01")\n',
        'requirements.txt': 'openai\n',
      },
      {},
      { OPENAI_API_KEY: openaiKey() },
    );
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.equal(f?.severity, 'info', r.ids.join(', '));
    assert.match(f?.message ?? '', /AZURE_OPENAI_API_KEY/);
  });
});

describe('key-in-docker-image: a Dockerfile named as a template (livekit’s examples/Dockerfile-example)', () => {
  const files = (name: string): Tree => ({
    '.gitignore': '.env\n',
    'examples/agent.py': 'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import OpenAI\nOpenAI()\n',
    'examples/requirements.txt': 'openai\npython-dotenv\n',
    'examples/.env': `OPENAI_API_KEY=${openaiKey()}\n`,
    [`examples/${name}`]:
      'FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nENTRYPOINT ["python", "myagent.py"]\n',
  });
  const found = async (name: string) =>
    (await doctor(files(name))).report.findings.find((f) => f.id === 'key-in-docker-image');
  it('Dockerfile-example, Dockerfile.template: a warning that says it is a template', async () => {
    for (const name of ['Dockerfile-example', 'Dockerfile.template', 'sample.Dockerfile']) {
      const f = await found(name);
      assert.equal(f?.severity, 'warning', name);
      assert.match(f?.message ?? '', /marks .* as a template/, name);
    }
  });
  it('a Dockerfile of the project stays an error', async () => {
    for (const name of ['Dockerfile', 'Dockerfile.prod']) assert.equal((await found(name))?.severity, 'error', name);
  });
});

describe('key-empty: a committed Secret manifest with a blank key (skyvern’s kubernetes-deployment/)', () => {
  const files: Tree = {
    'main.py': 'from openai import OpenAI\nOpenAI()\n',
    'requirements.txt': 'openai\n',
    'k8s/secret.yaml':
      'apiVersion: v1\nkind: Secret\nmetadata: {name: app-env}\ntype: Opaque\nstringData:\n  OPENAI_API_KEY: ""\n',
    'k8s/deployment.yaml':
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: app:latest\n          envFrom: [{secretRef: {name: app-env}}]\n',
  };
  const empty = async (env: Record<string, string>) =>
    (await doctor(files, {}, env)).report.findings.find((f) => f.id === 'key-empty');
  it('the app gets its key here: a note whose fix is the deploy command, not the committed file', async () => {
    const f = await empty({ OPENAI_API_KEY: openaiKey() });
    assert.equal(f?.severity, 'info');
    assert.match(f?.fix?.summary ?? '', /kubectl create secret generic <name> --from-literal=OPENAI_API_KEY=/);
    assert.doesNotMatch(f?.fix?.summary ?? '', /Put the key there/);
  });
  it('nothing gets a key: the warning stays', async () => {
    assert.equal((await empty({}))?.severity, 'warning');
  });
});

describe('tox: an env runs the tests its commands name, and one without commands runs none (vanna)', () => {
  const files = (unit: string): Tree => ({
    'requirements.txt': 'openai\npytest\n',
    'tox.ini': `[tox]\nenvlist = unit, openai\n\n[testenv]\ndeps = pytest\n\n[testenv:unit]\ncommands = ${unit}\n\n[testenv:openai]\npassenv = OPENAI_API_KEY\ncommands = pytest tests/test_llm.py\n`,
    'tests/test_math.py': 'def test_add():\n    assert 1 + 1 == 2\n',
    'tests/test_llm.py':
      'import os\nfrom openai import OpenAI\ndef test_chat():\n    client = OpenAI(api_key=os.getenv("OPENAI_API_KEY"))\n',
  });
  const missing = async (unit: string) =>
    (await doctor(files(unit), {}, { OPENAI_API_KEY: openaiKey() })).report.findings
      .filter((f) => f.id === 'key-missing')
      .map((f) => f.target);
  it('pytest tests/test_math.py needs no key; [testenv] without commands runs nothing', async () => {
    assert.deepEqual(await missing('pytest tests/test_math.py'), []);
    assert.deepEqual(await missing('pytest {posargs:tests/test_math.py} -q'), []);
  });
  it('an env that runs the tests reading the key without passing it: still told', async () => {
    assert.deepEqual(await missing('pytest tests'), ['tox:unit']);
    assert.deepEqual(await missing('pytest'), ['tox:unit']);
  });
});

describe('a Python client given **kwargs from a function of its module (MetaGPT’s _make_client_kwargs)', () => {
  const app = (ret: string) =>
    `import yaml\nfrom openai import AsyncOpenAI\n\nclass Llm:\n    def __init__(self, config):\n        self.config = config\n        kwargs = self._make_client_kwargs()\n        self.aclient = AsyncOpenAI(**kwargs)\n\n    def _make_client_kwargs(self) -> dict:\n        return ${ret}\n\nif __name__ == "__main__":\n    Llm(yaml.safe_load(open("config2.yaml"))["llm"])\n`;
  const run = (ret: string) => doctor({ 'app.py': app(ret), 'requirements.txt': 'openai\npyyaml\n' });
  it('the dict it returns names api_key: the code gives the key, no key-missing', async () => {
    const r = await run('{"api_key": self.config["api_key"], "base_url": self.config["base_url"]}');
    assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
  });
  it('a dict without api_key: the SDK reads OPENAI_API_KEY, and its absence is an error', async () => {
    const r = await run('{"base_url": self.config["base_url"], "timeout": 30}');
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.equal(f?.severity, 'error', r.ids.join(', '));
  });
  it('a function that may return anything else: still a maybe (a warning)', async () => {
    const r = await run('self.config.get("client") or {"api_key": None}');
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.equal(f?.severity, 'warning', r.ids.join(', '));
  });
});

describe('a .env loader the project wrote itself (ChatDev’s utils/env_loader.py)', () => {
  const loader = (write: string) =>
    `import os\nfrom pathlib import Path\n\ndef load_dotenv_file():\n    path = Path(".env")\n    if path.exists():\n        for line in path.read_text(encoding="utf-8").splitlines():\n            s = line.strip()\n            if not s or s.startswith("#") or "=" not in s:\n                continue\n            key, value = s.split("=", 1)\n            ${write}\n`;
  const files = (write: string, call = 'load_dotenv_file()\n'): Tree => ({
    '.gitignore': '.env\n',
    '.env': `OPENAI_API_KEY=${openaiKey()}\n`,
    'requirements.txt': 'openai\n',
    'env_loader.py': loader(write),
    'app.py': `import os\nfrom openai import OpenAI\nfrom env_loader import load_dotenv_file\n\n${call}client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n`,
  });
  it('setdefault or an indexed write of each line: .env is loaded, no dotenv-not-loaded', async () => {
    for (const write of [
      'os.environ.setdefault(key.strip(), value.strip())',
      'os.environ[key.strip()] = value',
    ] as const) {
      const r = await doctor(files(write));
      assert.deepEqual(r.errors, [], write);
    }
  });
  it('os.environ.setdefault keeps a key the shell already has: the shell’s wins (key-shadowed)', async () => {
    const r = await doctor(
      files('os.environ.setdefault(key.strip(), value.strip())'),
      {},
      { OPENAI_API_KEY: openaiKey('proj', 'stale') },
    );
    assert.ok(r.ids.includes('key-shadowed'), r.ids.join(', '));
  });
});

describe('a Flask app with a __main__ block whose README runs `flask run` (openai-quickstart-python)', () => {
  const app =
    'from flask import Flask\nfrom openai import OpenAI\n\nclient = OpenAI()\napp = Flask(__name__)\n\n@app.route("/")\ndef index():\n    return client.models.list().data[0].id\n\nif __name__ == "__main__":\n    app.run()\n';
  const files = (extra: Tree): Tree => ({
    '.gitignore': '.env\n',
    '.env': `OPENAI_API_KEY=${openaiKey()}\n`,
    'requirements.txt': 'flask==3.0.2\nopenai==1.51.0\npython-dotenv==1.0.1\n',
    'app.py': app,
    ...extra,
  });
  it('started as the README says (the flask command loads .env): no key-missing', async () => {
    for (const extra of <Tree[]>[
      { 'README.md': '# demo\n\n```bash\npip install -r requirements.txt\nflask run\n```\n' },
      { '.flaskenv': 'FLASK_APP=app.py\n' },
    ]) {
      const r = await doctor(files(extra));
      assert.deepEqual(r.errors, [], Object.keys(extra)[0]);
      assert.ok(
        r.targetIds.some((id) => id.includes('app.py')),
        r.targetIds.join(', '),
      );
    }
  });
  it('nothing says flask run: python app.py builds the client before app.run() loads .env', async () => {
    const r = await doctor(files({ 'README.md': '# demo\n\nRun `python app.py`.\n' }));
    assert.ok(r.ids.includes('key-missing') || r.ids.includes('dotenv-not-loaded'), r.ids.join(', '));
  });
});

describe('key-missing: an empty default in the code is no key (openai-realtime-twilio-demo’s `|| ""`)', () => {
  const node = (fallback: string): Tree => ({
    '.gitignore': '.env\n',
    '.env': 'PUBLIC_URL="https://x.ngrok-free.app"\n',
    'package.json': JSON.stringify({
      name: 'ws',
      scripts: { start: 'node src/server.js' },
      dependencies: { dotenv: '^16' },
    }),
    'src/server.js': `require("dotenv").config();\nconst OPENAI_API_KEY = process.env.OPENAI_API_KEY${fallback};\nfetch("https://api.openai.com/v1/models", { headers: { Authorization: \`Bearer \${OPENAI_API_KEY}\` } });\n`,
  });
  it('`|| ""` and `?? ""` to api.openai.com: key-missing', async () => {
    for (const fallback of [' || ""', ' ?? ""']) {
      const r = await doctor(node(fallback));
      assert.ok(r.ids.includes('key-missing'), `${fallback}: ${r.ids.join(', ')}`);
    }
  });
  it('os.getenv("X", "") for a local server (Ollama takes any key): nothing', async () => {
    const r = await doctor({
      'app.py':
        'import os\nfrom openai import OpenAI\nclient = OpenAI(base_url="http://localhost:11434/v1", api_key=os.getenv("OLLAMA_KEY", ""))\n',
      'requirements.txt': 'openai\n',
    });
    assert.deepEqual(r.errors, []);
  });
  it('a real default stays a key', async () => {
    const r = await doctor(node(` || "${openaiKey()}"`));
    assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
  });
});

describe('key-missing: a Next.js app in a sub-folder with the key in the root .env (openai-structured-outputs-samples)', () => {
  it('says the .env is in another folder, not that Next.js does not read .env', async () => {
    const r = await doctor({
      '.gitignore': '.env\n',
      '.env': `OPENAI_API_KEY=${openaiKey()}\n`,
      'app/package.json': JSON.stringify({
        scripts: { dev: 'next dev' },
        dependencies: { next: '14.2.0', openai: '^4.0.0' },
      }),
      'app/app/api/x/route.ts':
        'import OpenAI from "openai";\nconst openai = new OpenAI();\nexport async function GET() { return Response.json(await openai.models.list()); }\n',
    });
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.match(f?.message ?? '', /Next\.js reads \.env from app, the folder it runs in, not from the project root/);
    assert.doesNotMatch(f?.message ?? '', /does not read \.env\)/);
  });
});

describe('key-hardcoded-overrides-env: a placeholder written into the variable the SDK reads (dspy’s tutorials)', () => {
  it('names the line that sets the variable, and the fix deletes it', async () => {
    const r = await doctor(
      {
        'tutorial.py':
          'import os\nimport dspy\n\nos.environ["OPENAI_API_KEY"] = "{your_openai_api_key}"\n\ndspy.configure(lm=dspy.LM("openai/gpt-5.5"))\n',
        'requirements.txt': 'dspy\n',
      },
      {},
      { OPENAI_API_KEY: openaiKey() },
    );
    const f = r.report.findings.find((x) => x.id === 'key-hardcoded-overrides-env');
    assert.equal(f?.location?.line, 4, r.ids.join(', '));
    assert.match(
      f?.message ?? '',
      /tutorial\.py:4 sets OPENAI_API_KEY to the placeholder .* before dspy\.LM\(\) at tutorial\.py:6 reads it/,
    );
    assert.match(f?.fix?.summary ?? '', /Delete the line that sets OPENAI_API_KEY/);
    assert.doesNotMatch(f?.fix?.summary ?? '', /pass api_key=/);
  });
});

describe('dotenv-parse-issue and docker compose’s own reader (letta’s .env.example prose)', () => {
  const files = (env: string): Tree => ({
    'main.py': 'from dotenv import load_dotenv; load_dotenv()\nfrom openai import OpenAI; OpenAI().models.list()\n',
    'requirements.txt': 'openai\npython-dotenv\n',
    '.gitignore': '.env\n',
    '.env': env,
    'compose.yaml': 'services:\n  app:\n    image: python:3.12\n    env_file:\n      - .env\n',
  });
  it('a line of prose: compose refuses the file (an error naming the line), once', async () => {
    const r = await doctor(files(`Example configuration for the container\nOPENAI_API_KEY=${openaiKey()}\n`));
    const fs = r.report.findings.filter((f) => f.id === 'dotenv-parse-issue');
    assert.equal(fs.length, 1, fs.map((f) => f.message).join('\n'));
    assert.equal(fs[0]?.severity, 'error');
    assert.equal(fs[0]?.location?.line, 1);
    assert.match(
      fs[0]?.message ?? '',
      /docker compose refuses a file with such a line \("key cannot contain a space"\)/,
    );
    assert.match(fs[0]?.fix?.summary ?? '', /Put # in front of line 1 of \.env/);
  });
  it('what only Node’s --env-file reads differently is not said of the compose service', async () => {
    // a bare word line: Node glues it to the next name; compose and python-dotenv read the key
    const r = await doctor(files(`####\n    OpenAI\n####\nOPENAI_API_KEY=${openaiKey()}\n`));
    const node = r.report.findings.filter((f) => f.id === 'dotenv-parse-issue' && /Node/.test(f.message));
    assert.deepEqual(
      node.map((f) => f.target),
      [],
      node.map((f) => f.message).join('\n'),
    );
  });
  it('a plain NAME=value file: nothing', async () => {
    const r = await doctor(files(`# Example configuration\nOPENAI_API_KEY=${openaiKey()}\n`));
    assert.ok(!r.ids.includes('dotenv-parse-issue'), r.ids.join(', '));
  });
});

describe('env-name-mismatch: a part with its own template naming the variable (sample-app-aoai-chatGPT’s scripts/)', () => {
  const files = (extra: Tree): Tree => ({
    '.gitignore': '.env\n',
    '.env': `AZURE_OPENAI_KEY=${'c4f1'.repeat(8)}\n`,
    'requirements.txt': 'openai\npython-dotenv\n',
    'app.py':
      'import os\nfrom dotenv import load_dotenv\nload_dotenv()\nfrom openai import AzureOpenAI\nclient = AzureOpenAI(api_key=os.environ["AZURE_OPENAI_KEY"], azure_endpoint="https://contoso.openai.azure.com", api_version="2024-06-01")\n',
    'scripts/prep.py':
      'import os, sys\nfrom dotenv import load_dotenv\nfrom openai import AzureOpenAI\nload_dotenv()\nkey = sys.argv[1] if len(sys.argv) > 1 else os.getenv("AZURE_OPENAI_API_KEY")\nclient = AzureOpenAI(api_key=key, azure_endpoint=os.getenv("AZURE_OPENAI_ENDPOINT"), api_version="2023-05-15")\n',
    ...extra,
  });
  const mismatch = async (extra: Tree) =>
    (await doctor(files(extra))).report.findings.find((f) => f.id === 'env-name-mismatch');
  it('its template not copied yet: a note pointing at it', async () => {
    const f = await mismatch({ 'scripts/.env.sample': 'AZURE_OPENAI_ENDPOINT = ""\nAZURE_OPENAI_API_KEY = ""\n' });
    assert.equal(f?.severity, 'info');
    assert.match(f?.fix?.command ?? '', /cp scripts\/\.env\.sample scripts\/\.env/);
  });
  it('no template of its own: the warning stays', async () => {
    assert.equal((await mismatch({}))?.severity, 'warning');
  });
});

describe('model lifecycle: a model name given to a class of the project that builds no client (pipecat’s Inworld session)', () => {
  const files = (inworld: string): Tree => ({
    'requirements.txt': 'openai\n',
    'svc/__init__.py': '',
    'svc/openai_llm.py':
      'from openai import AsyncOpenAI\nclass OpenAILLMService:\n    def __init__(self, api_key=None, model="gpt-5.5"):\n        self._client = AsyncOpenAI(api_key=api_key)\n',
    'svc/inworld.py': inworld,
    'app.py':
      'import os\nfrom svc.openai_llm import OpenAILLMService\nfrom svc.inworld import InworldSession\n\nsession = InworldSession(model="openai/gpt-4.1-mini", api_key=os.environ["INWORLD_API_KEY"])\nllm = OpenAILLMService(model="gpt-4.1-mini")\n',
  });
  const lines = async (inworld: string) =>
    (await doctor(files(inworld), {}, { OPENAI_API_KEY: openaiKey(), INWORLD_API_KEY: 'x' })).report.findings
      .filter((f) => f.id === 'model-deprecated')
      .map((f) => f.location?.line);
  it('the other service’s model is not OpenAI’s; the OpenAI service’s is', async () => {
    assert.deepEqual(
      await lines(
        'class InworldSession:\n    def __init__(self, model, api_key):\n        self.model, self.api_key = model, api_key\n',
      ),
      [6],
    );
  });
  it('a class whose module builds an OpenAI client keeps its model', async () => {
    assert.deepEqual(
      await lines(
        'from openai import OpenAI\nclass InworldSession:\n    def __init__(self, model, api_key):\n        self.c = OpenAI()\n',
      ),
      [5, 6],
    );
  });
});

describe('model lifecycle: a subclass handing its base class another provider’s URL (pipecat’s OpenRouter service)', () => {
  const files = (url: string): Tree => ({
    'requirements.txt': 'openai\n',
    'svc/__init__.py': '',
    'svc/base.py':
      'from openai import AsyncOpenAI\nclass OpenAILLMService:\n    def __init__(self, api_key=None, base_url=None, model="gpt-5.5"):\n        self.model = model\n        self._client = AsyncOpenAI(api_key=api_key, base_url=base_url)\n',
    'svc/router.py': `from svc.base import OpenAILLMService\nclass RouterLLMService(OpenAILLMService):\n    def __init__(self, api_key=None, base_url="${url}"):\n        super().__init__(api_key=api_key, base_url=base_url, model="openai/gpt-4.1")\n`,
  });
  const deprecated = async (url: string) =>
    (await doctor(files(url), {}, { OPENAI_API_KEY: openaiKey() })).report.findings.filter(
      (f) => f.id === 'model-deprecated',
    ).length;
  it('OpenRouter’s URL: its model names are OpenRouter’s', async () => {
    assert.equal(await deprecated('https://openrouter.ai/api/v1'), 0);
  });
  it('OpenAI’s own URL: the model is OpenAI’s', async () => {
    assert.equal(await deprecated('https://api.openai.com/v1'), 1);
  });
});

describe('a check of the request before the client is no condition on it (openai-fm’s voice check)', () => {
  it('JavaScript: `if (!VOICES.includes(voice)) return new Response(..., { status: 400 })`', async () => {
    const r = await doctor({
      'package.json': JSON.stringify({ scripts: { dev: 'next dev' }, dependencies: { next: '15.0.0' } }),
      'app/api/tts/route.ts':
        'export async function GET(req: Request) {\n  const voice = new URL(req.url).searchParams.get("voice") || "";\n  if (!["alloy", "ash"].includes(voice)) return new Response("Invalid voice", { status: 400 });\n  return fetch("https://api.openai.com/v1/audio/speech", { method: "POST", headers: { Authorization: `Bearer ${process.env.OPENAI_API_KEY}` } });\n}\n',
      '.env': 'OPENAI_API_KEY=<your_api_key>\n',
      '.gitignore': '.env\n',
    });
    assert.equal(r.report.findings.find((f) => f.id === 'key-placeholder')?.severity, 'error', r.ids.join(', '));
  });
  it('Python: `if voice not in VOICES: return JSONResponse(..., status_code=400)`', async () => {
    const r = await doctor({
      'requirements.txt': 'fastapi\nopenai\n',
      'main.py':
        'from fastapi import FastAPI\nfrom fastapi.responses import JSONResponse\nfrom openai import OpenAI\napp = FastAPI()\n\n@app.get("/tts")\ndef tts(voice: str):\n    if voice not in ["alloy", "ash"]:\n        return JSONResponse({"error": "bad voice"}, status_code=400)\n    client = OpenAI()\n    return client.audio.speech.create(model="gpt-4o-mini-tts", voice=voice, input="hi")\n',
    });
    assert.equal(r.report.findings.find((f) => f.id === 'key-missing')?.severity, 'error', r.ids.join(', '));
  });
  it('a provider choice that returns a plain value stays a condition', async () => {
    const r = await doctor({
      'requirements.txt': 'fastapi\nopenai\n',
      'main.py':
        'from fastapi import FastAPI\nfrom openai import OpenAI\napp = FastAPI()\n\n@app.get("/ask")\ndef ask(provider: str):\n    if provider != "openai":\n        return "local model"\n    client = OpenAI()\n    return client.models.list()\n',
    });
    assert.equal(r.report.findings.find((f) => f.id === 'key-missing')?.severity, 'warning', r.ids.join(', '));
  });
});

describe('pydantic-settings: two settings classes with a field of the same name (sample-app-aoai-chatGPT)', () => {
  const settings =
    'from typing import Optional\nfrom pydantic import BaseModel\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass _AzureOpenAISettings(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix="AZURE_OPENAI_", env_file=".env")\n    key: Optional[str] = None\n\nclass _AzureSearchSettings(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix="AZURE_SEARCH_", env_file=".env")\n    key: Optional[str] = None\n\nclass _AppSettings(BaseModel):\n    azure_openai: _AzureOpenAISettings = _AzureOpenAISettings()\n    azure_search: Optional[_AzureSearchSettings] = None\n\napp_settings = _AppSettings()\n';
  it('`app_settings.azure_openai.key` is AZURE_OPENAI_KEY: an OpenAI key there is the wrong provider’s', async () => {
    const r = await doctor({
      'settings.py': settings,
      'app.py':
        'from openai import AzureOpenAI\nfrom settings import app_settings\nclient = AzureOpenAI(api_key=app_settings.azure_openai.key, azure_endpoint="https://contoso.openai.azure.com", api_version="2024-06-01")\n',
      '.env': `AZURE_OPENAI_KEY=${openaiKey()}\n`,
      '.gitignore': '.env\n',
      'requirements.txt': 'openai\npydantic-settings\n',
    });
    assert.ok(r.ids.includes('key-foreign-provider'), r.ids.join(', '));
  });
});

describe('os.environ.setdefault of a placeholder key (e2b-cookbook’s notebooks)', () => {
  const files: Tree = {
    'requirements.txt': 'openai\n',
    'app.py':
      'import os\nos.environ.setdefault("OPENAI_API_KEY", "your-openai-api-key")\nfrom openai import OpenAI\nclient = OpenAI()\n',
  };
  it('the key exported: kept, nothing overrides it', async () => {
    const r = await doctor(files, {}, { OPENAI_API_KEY: openaiKey() });
    assert.deepEqual(r.ids, []);
  });
  it('no key anywhere: the placeholder is sent, the key is missing', async () => {
    const r = await doctor(files);
    assert.ok(r.ids.includes('key-missing'), r.ids.join(', '));
    assert.ok(!r.ids.includes('key-hardcoded-overrides-env'), r.ids.join(', '));
  });
});

describe('model lifecycle: a config class that carries the model to a client (quivr’s LLMEndpointConfig)', () => {
  it('the config module is imported by the client’s module: its model is OpenAI’s', async () => {
    const r = await doctor(
      {
        'requirements.txt': 'openai\n',
        'core/__init__.py': '',
        'core/config.py': 'class LLMEndpointConfig:\n    def __init__(self, model):\n        self.model = model\n',
        'core/endpoint.py':
          'from openai import OpenAI\nfrom core.config import LLMEndpointConfig\nclass LLMEndpoint:\n    def __init__(self, config: LLMEndpointConfig):\n        self.client = OpenAI()\n        self.model = config.model\n',
        'core/defaults.py':
          'from core.config import LLMEndpointConfig\nfrom core.endpoint import LLMEndpoint\n\ndef default_llm():\n    return LLMEndpoint(LLMEndpointConfig(model="gpt-4o"))\n',
      },
      {},
      { OPENAI_API_KEY: openaiKey() },
    );
    const f = r.report.findings.find((x) => x.id === 'model-deprecated');
    assert.equal(f?.location?.path, 'core/defaults.py', r.ids.join(', '));
  });
});

describe('masking: a line of prose a loader glues to a name is not a secret (gemini-chatbot’s .env.example comment)', () => {
  it('the word stays readable everywhere in the report; a wrapped key’s second half is still masked', async () => {
    const key = openaiKey();
    const r = await doctor({
      'package.json': JSON.stringify({ dependencies: { openai: '^4.0.0' } }),
      'index.js': 'import OpenAI from "openai";\nconst c = new OpenAI();\n',
      '.env': `environment\nA=b\nOPENAI_API_KEY=${key.slice(0, 60)}\n${key.slice(60)}\nOTHER=1\n`,
    });
    const text = JSON.stringify(r.report);
    const missing = r.report.findings.find((f) => f.id === 'key-missing' || f.id === 'dotenv-not-loaded');
    assert.match(missing?.message ?? '', /environment/, r.ids.join(', '));
    assert.doesNotMatch(text, /the e…/);
    assert.ok(!text.includes(key.slice(60, 90)), 'the second half of the wrapped key is masked');
  });
});

describe('openai 0.x in Azure mode by OPENAI_API_TYPE=azure (chatgpt-retrieval-plugin’s Azure set-up)', () => {
  const files: Tree = {
    'requirements.txt': 'openai==0.27.10\n',
    'app.py':
      'import os\nimport openai\n\nr = openai.Embedding.create(input=["hi"], deployment_id=os.environ["EMB_DEPLOYMENT"])\n',
  };
  const env = (type?: string): Record<string, string> => ({
    ...(type ? { OPENAI_API_TYPE: type } : {}),
    OPENAI_API_BASE: 'https://myres.openai.azure.com/',
    OPENAI_API_KEY: 'c4f1'.repeat(8),
    EMB_DEPLOYMENT: 'emb',
  });
  it('OPENAI_API_BASE naming the Azure resource is the documented set-up: no azure-misconfigured, no base-url-override', async () => {
    const r = await doctor(files, {}, env('azure'));
    assert.deepEqual(r.errors, []);
  });
  it('without OPENAI_API_TYPE the v0 module sends Bearer to Azure: still told', async () => {
    const r = await doctor(files, {}, env());
    assert.ok(r.ids.includes('azure-misconfigured'), r.ids.join(', '));
  });
});

describe('sdk-api-mismatch: signs of v0 that do not make code v0 (OpenHands, XAgent)', () => {
  const mismatch = async (app: string) =>
    (
      await doctor({ 'requirements.txt': 'openai==1.99.9\n', 'app.py': app }, {}, { OPENAI_API_KEY: openaiKey() })
    ).ids.includes('sdk-api-mismatch');
  it('`openai.api_base = ...` beside a v1 client: an attribute v1 ignores, not a v0 call', async () => {
    assert.equal(
      await mismatch(
        'import openai\nfrom openai import OpenAI\nopenai.api_base = "https://api.openai.com/v1"\nclient = OpenAI()\nprint(client.models.list())\n',
      ),
      false,
    );
  });
  it('v0 calls under a test of the installed openai version, v1 in its else', async () => {
    assert.equal(
      await mismatch(
        'import importlib.metadata as metadata\nimport openai\nif metadata.version("openai") < "1.0":\n    def chat(api_key, **kw):\n        return openai.ChatCompletion.create(api_key=api_key, **kw)\nelse:\n    def chat(api_key, **kw):\n        return openai.OpenAI(api_key=api_key).chat.completions.create(**kw)\n',
      ),
      false,
    );
  });
  it('plain v0 code with v1 installed is still told', async () => {
    assert.equal(
      await mismatch('import openai\nr = openai.ChatCompletion.create(model="gpt-5.5", messages=[])\n'),
      true,
    );
  });
});

describe('a package script naming its file with Windows separators (chat-llamaindex’s generate:win)', () => {
  it('`node scripts\\seed.js` runs scripts/seed.js, which builds no client: no key-missing for it', async () => {
    const r = await doctor({
      'package.json': JSON.stringify({
        scripts: { dev: 'next dev', 'seed:win': 'node scripts\\seed.js' },
        dependencies: { next: '14.2.0', openai: '^4.0.0' },
      }),
      'scripts/seed.js': 'console.log("seeding");\n',
      'app/api/chat/route.ts':
        'import OpenAI from "openai";\nconst client = new OpenAI();\nexport async function POST() { return Response.json(await client.models.list()); }\n',
      '.env': `OPENAI_API_KEY=${openaiKey()}\n`,
      '.gitignore': '.env\n',
    });
    assert.deepEqual(r.errors, []);
  });
});

describe('openai 0.x module settings made by functions for different providers (FastChat, GPTCache)', () => {
  const common =
    'import os\nimport openai\ndef chat_openai(model, messages):\n    return openai.ChatCompletion.create(model=model, messages=messages)\ndef chat_azure(model, messages):\n    openai.api_type = "azure"\n    openai.api_base = os.environ["AZURE_OPENAI_ENDPOINT"]\n    openai.api_key = os.environ["AZURE_OPENAI_KEY"]\n    return openai.ChatCompletion.create(engine=model, messages=messages)\n';
  it('the Azure function nobody calls does not make the module Azure, nor its key AZURE_OPENAI_KEY', async () => {
    const r = await doctor(
      {
        'requirements.txt': 'openai<1\n',
        'common.py': common,
        'judge.py':
          'from common import chat_openai\nif __name__ == "__main__":\n    print(chat_openai("gpt-5.5", [{"role": "user", "content": "hi"}]))\n',
      },
      {},
      { OPENAI_API_KEY: openaiKey() },
    );
    assert.deepEqual(r.errors, []);
  });
  it('Azure set at the top level stays every function’s', async () => {
    const r = await doctor(
      {
        'requirements.txt': 'openai<1\n',
        'app.py':
          'import os\nimport openai\nopenai.api_type = "azure"\nopenai.api_base = os.environ["AZURE_OPENAI_ENDPOINT"]\nopenai.api_version = "2023-05-15"\ndef ask():\n    return openai.ChatCompletion.create(model="gpt-35", messages=[])\nask()\n',
      },
      {},
      { OPENAI_API_KEY: 'c4f1'.repeat(8), AZURE_OPENAI_ENDPOINT: 'https://x.openai.azure.com' },
    );
    assert.ok(r.ids.includes('azure-misconfigured'), r.ids.join(', '));
  });
});

describe('ci-secret-unavailable: a job of general-purpose actions handed the key by the workflow’s env (gptme’s changes job)', () => {
  const wf = (changes: string) =>
    `on: [push, pull_request]\nenv:\n  OPENAI_API_KEY: \${{ secrets.OPENAI_API_KEY }}\njobs:\n  changes:\n    runs-on: ubuntu-latest\n    steps:\n${changes}  test-api:\n    if: github.event.pull_request.head.repo.full_name == github.repository || github.event_name != 'pull_request'\n    runs-on: ubuntu-latest\n    steps:\n      - run: python app.py\n`;
  const jobs = async (changes: string) =>
    (
      await doctor(
        {
          '.github/workflows/test.yml': wf(changes),
          'app.py': 'from openai import OpenAI\nprint(OpenAI().models.list())\n',
          'requirements.txt': 'openai\n',
        },
        {},
        { OPENAI_API_KEY: openaiKey() },
      )
    ).report.findings
      .filter((f) => f.id === 'ci-secret-unavailable')
      .map((f) => f.target);
  it('checkout and a paths filter read no key: not reported', async () => {
    assert.deepEqual(await jobs('      - uses: actions/checkout@v4\n      - uses: dorny/paths-filter@v3\n'), []);
  });
  it('a job that runs a script keeps its warning', async () => {
    assert.deepEqual(await jobs('      - uses: actions/checkout@v4\n      - run: pytest\n'), [
      'ci:.github/workflows/test.yml#changes',
    ]);
  });
});

describe('Modal’s secret=modal.Secret.from_dotenv() (smol-developer’s v0 scripts)', () => {
  it('the .env is handed to the Modal function: no dotenv-not-loaded', async () => {
    const r = await doctor({
      'requirements.txt': 'modal\nopenai\n',
      '.gitignore': '.env\n',
      '.env': `OPENAI_API_KEY=${openaiKey()}\n`,
      'main.py':
        'import os\nimport modal\nstub = modal.Stub("demo")\nimage = modal.Image.debian_slim().pip_install("openai")\n\n@stub.function(image=image, secret=modal.Secret.from_dotenv())\ndef ask(prompt):\n    from openai import OpenAI\n    return OpenAI(api_key=os.environ["OPENAI_API_KEY"]).responses.create(model="gpt-5.5", input=prompt)\n\n@stub.local_entrypoint()\ndef main(prompt: str):\n    print(ask.remote(prompt))\n',
    });
    assert.deepEqual(r.errors, []);
  });
});
