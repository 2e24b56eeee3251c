/**
 * Patterns of real public repositories tried in session 32 (each rebuilt here as a small synthetic
 * project; no fetched code): a healthy set-up gets no false error, and a broken one keeps its finding.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { doctorOn as doctor } from '../helpers/doctor.js';
import { foreignKey, openaiKey } from '../helpers/keys.js';

const azureKey = () => foreignKey('azure', 's32');
const key = () => openaiKey('proj', 's32');

describe("a workspace package's modules run in its own folder (serverless-chat-langchainjs)", () => {
  const api = (fn: string) => ({
    'package.json': JSON.stringify({
      name: 'root',
      private: true,
      type: 'module',
      workspaces: ['packages/*'],
      scripts: { start: 'npm run start --workspace=api' },
    }),
    'packages/api/package.json': JSON.stringify({
      name: 'api',
      main: 'dist/src/functions/*.js',
      scripts: { start: 'func start' },
      dependencies: { '@azure/functions': '^4.0.0', '@langchain/openai': '^1.2.4', dotenv: '^16.4.5' },
    }),
    'packages/api/src/functions/chat.ts': fn,
    '.gitignore': '.env\n',
  });
  const fn =
    "import 'dotenv/config';\nimport { AzureChatOpenAI } from '@langchain/openai';\nexport function chat() { return new AzureChatOpenAI({ temperature: 0 }); }\n";
  const env = () =>
    `AZURE_OPENAI_API_KEY=${azureKey()}\nAZURE_OPENAI_API_INSTANCE_NAME=myres\nAZURE_OPENAI_API_DEPLOYMENT_NAME=chat\nAZURE_OPENAI_API_VERSION=2024-02-01\n`;

  it("the package's .env beside its own package.json, as the README has it: healthy", async () => {
    const r = await doctor({ ...api(fn), 'packages/api/.env': env() });
    assert.deepEqual(r.errors, []);
    assert.ok(!r.ids.includes('dotenv-wrong-location'), r.ids.join(', '));
    assert.ok(!r.ids.includes('dotenv-not-loaded'), r.ids.join(', '));
  });
  it('the same with a Node script of another package: no module is told it loads from the root', async () => {
    const r = await doctor({
      ...api(fn),
      'packages/api/.env': env(),
      'scripts/package.json': JSON.stringify({ name: 'scripts', scripts: { upload: 'node upload.js' } }),
      'scripts/upload.js': "fetch('http://localhost:7071/api/documents', { method: 'POST' });\n",
    });
    assert.deepEqual(r.errors, []);
    assert.ok(!r.ids.includes('dotenv-wrong-location'), r.ids.join(', '));
  });
  it('the .env in a folder the package never reads (packages/.env): still reported', async () => {
    const r = await doctor({ ...api(fn), 'packages/api/src/.env': env() });
    assert.ok(
      r.report.findings.some((f) => f.id === 'dotenv-wrong-location' || f.id === 'key-missing'),
      r.ids.join(', '),
    );
  });
});

describe('docker run -e KEY=$KEY scripts (aider, Chainlit cookbook)', () => {
  const runSh = (args: string) => `#!/bin/bash\ndocker run -it --rm ${args} myimage\n`;
  const app =
    'from dotenv import load_dotenv\nload_dotenv(override=True)\nfrom openai import OpenAI\n\nif __name__ == "__main__":\n    print(OpenAI().models.list())\n';
  it('the project mounted into the container, whose code loads .env with override: the blank variable is replaced, no key-empty', async () => {
    const r = await doctor({
      'run.sh': runSh('-v `pwd`:/app -e OPENAI_API_KEY=$OPENAI_API_KEY'),
      'app.py': app,
      'requirements.txt': 'openai\npython-dotenv\n',
      '.env': `OPENAI_API_KEY=${key()}\n`,
      '.gitignore': '.env\n',
    });
    assert.deepEqual(r.errors, []);
    assert.ok(!r.ids.includes('key-empty'), r.ids.join(', '));
  });
  it('the same without the mount: the container gets an empty key (an error)', async () => {
    const r = await doctor({
      'run.sh': runSh('-e OPENAI_API_KEY=$OPENAI_API_KEY'),
      'app.py': app,
      'requirements.txt': 'openai\npython-dotenv\n',
      '.env': `OPENAI_API_KEY=${key()}\n`,
      '.gitignore': '.env\n',
    });
    assert.ok(
      r.errors.some((e) => e.startsWith('key-empty: run.sh:2')),
      r.errors.join('\n') || r.ids.join(', '),
    );
  });
  it('the same mount, but the code loads .env without override: the empty variable wins inside the container', async () => {
    const r = await doctor({
      'run.sh': runSh('-v $(pwd):/app -e OPENAI_API_KEY=$OPENAI_API_KEY'),
      'app.py': app.replace('override=True', ''),
      'requirements.txt': 'openai\npython-dotenv\n',
      '.env': `OPENAI_API_KEY=${key()}\n`,
      '.gitignore': '.env\n',
    });
    assert.ok(r.ids.includes('key-empty'), r.ids.join(', '));
  });
  const azureApp =
    'import os\nfrom dotenv import load_dotenv\nfrom openai import AzureOpenAI\nload_dotenv()\nclient = AzureOpenAI(api_key=os.getenv("AZURE_OPENAI_API_KEY"), azure_endpoint=os.getenv("AZURE_OPENAI_ENDPOINT"), api_version="2024-10-21")\n';
  const cookbook = {
    'app.py': azureApp,
    'run.sh': runSh('-p 8000:8000 -e AZURE_OPENAI_KEY=$AZURE_OPENAI_KEY'),
    Dockerfile: 'FROM python:3.11\nWORKDIR /app\nCOPY app.py .\nCMD ["python","app.py"]\n',
    'requirements.txt': 'openai\npython-dotenv\n',
    '.gitignore': '.env\n',
  };
  it('a name no code reads, passed from an unset shell variable: a note, not a warning', async () => {
    const r = await doctor({
      ...cookbook,
      '.env': `AZURE_OPENAI_API_KEY=${azureKey()}\nAZURE_OPENAI_ENDPOINT=https://myres.openai.azure.com/\n`,
    });
    assert.deepEqual(r.errors, []);
    const f = r.report.findings.find((x) => x.id === 'key-empty');
    assert.equal(f?.severity, 'info', r.ids.join(', '));
  });
  it('an unset shell variable a script hands to docker run is no definition of a similar name the app reads', async () => {
    const r = await doctor(cookbook);
    assert.ok(!r.ids.includes('env-name-mismatch'), r.errors.join('\n'));
    assert.ok(
      r.errors.some((e) => e.startsWith('key-missing:') && /AZURE_OPENAI_API_KEY/.test(e)),
      r.errors.join('\n') || r.ids.join(', '),
    );
  });
  it('a value the script writes for the similar name is still one (env-name-mismatch stays)', async () => {
    const r = await doctor(
      { ...cookbook, 'run.sh': runSh('-e AZURE_OPENAI_KEY=$AZURE_OPENAI_KEY') },
      {},
      { AZURE_OPENAI_KEY: azureKey() },
    );
    assert.ok(r.ids.includes('env-name-mismatch'), r.ids.join(', '));
  });
});

describe("langchain_community's ChatOpenAI given an empty key (gpt-researcher's docs notebook)", () => {
  const app = (imp: string) =>
    `from dotenv import load_dotenv\n${imp}\n\nload_dotenv()\nopenai_api_key = ""\nllm = ChatOpenAI(model="gpt-5.4", openai_api_key=openai_api_key)\n\nif __name__ == "__main__":\n    print(llm.invoke("hi"))\n`;
  const files = (imp: string) => ({
    'main.py': app(imp),
    'requirements.txt': 'langchain-community\nlangchain-openai\npython-dotenv\n',
    '.env': `OPENAI_API_KEY=${key()}\n`,
    '.gitignore': '.env\n',
  });
  it('an empty key counts as none there (get_from_dict_or_env): the environment key is used, no finding', async () => {
    const r = await doctor(files('from langchain_community.chat_models import ChatOpenAI'));
    assert.deepEqual(r.errors, []);
    assert.ok(!r.ids.includes('key-hardcoded-overrides-env'), r.ids.join(', '));
  });
  it("langchain_openai's ChatOpenAI sends the empty key it is given: still reported", async () => {
    const r = await doctor(files('from langchain_openai import ChatOpenAI'));
    assert.ok(r.ids.includes('key-hardcoded-overrides-env'), r.ids.join(', '));
  });
});

describe('a shut-down model in a file named as an example, beside the code the app runs (gpt-researcher)', () => {
  const tree = (name: string) => ({
    'requirements.txt': 'openai\n',
    'app/__init__.py': '',
    'app/llm.py':
      'from openai import OpenAI\nclient = OpenAI()\ndef create_chat_completion(messages, model="gpt-5.4"):\n    return client.chat.completions.create(model=model, messages=messages)\n',
    [`app/${name}`]:
      'from app.llm import create_chat_completion\nO3_MINI_MODEL = "o3-mini"\ndef ask(q):\n    return create_chat_completion([{"role": "user", "content": q}], model=O3_MINI_MODEL)\n',
    'main.py':
      'from app.llm import create_chat_completion\nif __name__ == "__main__":\n    print(create_chat_completion([{"role": "user", "content": "hi"}]))\n',
  });
  for (const name of ['example.py', 'run_example.py', 'demo_search.py']) {
    it(`${name}: a warning that says it is an example`, async () => {
      const r = await doctor(tree(name), {}, { OPENAI_API_KEY: key() });
      assert.deepEqual(r.errors, []);
      const f = r.report.findings.find((x) => x.id === 'model-retired');
      assert.equal(f?.severity, 'warning', r.ids.join(', '));
    });
  }
  it('the same call in a module of the app: still an error', async () => {
    const r = await doctor(tree('research.py'), {}, { OPENAI_API_KEY: key() });
    assert.ok(
      r.errors.some((e) => e.startsWith('model-retired: app/research.py')),
      r.errors.join('\n') || r.ids.join(', '),
    );
  });
});

describe('a browser client given the key each visitor types in (mem0 multimodal demo)', () => {
  const pkg = JSON.stringify({
    name: 'byok',
    type: 'module',
    scripts: { dev: 'vite' },
    dependencies: { openai: '^4.86.2', react: '^18.3.1' },
    devDependencies: { vite: '^5.0.0' },
  });
  it('dangerouslyAllowBrowser with the key its caller passes: a note, and no key-missing', async () => {
    const r = await doctor({
      'package.json': pkg,
      'src/useChat.ts':
        "import { OpenAI } from 'openai';\nexport const useChat = ({ openaiApiKey }: { openaiApiKey: string }) => {\n  const openai = new OpenAI({ apiKey: openaiApiKey, dangerouslyAllowBrowser: true });\n  return openai;\n};\n",
    });
    assert.deepEqual(r.errors, []);
    const f = r.report.findings.find((x) => x.id === 'key-exposed-to-client');
    assert.equal(f?.severity, 'info', r.ids.join(', '));
    assert.match(f?.message ?? '', /openaiApiKey/);
    assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
  });
  it('dangerouslyAllowBrowser with a public variable: still an error', async () => {
    const r = await doctor({
      'package.json': pkg,
      '.env': `VITE_OPENAI_API_KEY=${key()}\n`,
      '.gitignore': '.env\n',
      'src/chat.ts':
        "import { OpenAI } from 'openai';\nexport const openai = new OpenAI({ apiKey: import.meta.env.VITE_OPENAI_API_KEY, dangerouslyAllowBrowser: true });\n",
    });
    assert.ok(
      r.errors.some((e) => e.startsWith('key-exposed-to-client:')),
      r.errors.join('\n') || r.ids.join(', '),
    );
  });
});

describe('a default config read at import time, the key read again after the load (mem0-ts)', () => {
  const files = (call: string) => ({
    'package.json': JSON.stringify({
      name: 'r2',
      scripts: { example: 'ts-node src/index.ts' },
      dependencies: { dotenv: '^16.4.5', openai: '^4.86.2' },
    }),
    'src/defaults.ts': 'export const DEFAULTS = { apiKey: process.env.OPENAI_API_KEY || "" };\n',
    'src/lib.ts':
      'import OpenAI from "openai";\nimport { DEFAULTS } from "./defaults";\nexport function make(cfg: { apiKey?: string } = {}) {\n  return new OpenAI({ apiKey: cfg.apiKey !== undefined ? cfg.apiKey : DEFAULTS.apiKey });\n}\n',
    'src/index.ts': `import dotenv from "dotenv";\nimport { make } from "./lib";\ndotenv.config();\n${call}\n`,
    '.env': `OPENAI_API_KEY=${key()}\n`,
    '.gitignore': '.env\n',
  });
  it('the entry passes process.env.OPENAI_API_KEY after dotenv.config(): the early read is only a default', async () => {
    const r = await doctor(files('make({ apiKey: process.env.OPENAI_API_KEY || "" });'));
    assert.ok(!r.ids.includes('dotenv-loaded-late'), r.errors.join('\n'));
  });
  it('the entry relies on the default: the early read is the key, dotenv-loaded-late stays', async () => {
    const r = await doctor(files('make();'));
    assert.ok(r.ids.includes('dotenv-loaded-late'), r.ids.join(', '));
  });
});

describe('a CI job that maps the endpoint secret above the key secret (sample-app-aoai-chatGPT)', () => {
  it('ci-secret-unavailable names the key secret and its line, not the endpoint', async () => {
    const r = await doctor({
      '.github/workflows/ci.yml':
        'on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: test\n        env:\n          AZURE_OPENAI_ENDPOINT: ${{ secrets.AZUREOPENAIENDPOINT }}\n          AZURE_OPENAI_KEY: ${{ secrets.AZUREOPENAIKEY }}\n        run: python app.py\n',
      'app.py':
        'import os\nfrom openai import AzureOpenAI\nclient = AzureOpenAI(api_key=os.environ["AZURE_OPENAI_KEY"], azure_endpoint=os.environ["AZURE_OPENAI_ENDPOINT"], api_version="2024-10-21")\nif __name__ == "__main__":\n    print(client.models.list())\n',
      'requirements.txt': 'openai\n',
    });
    const f = r.report.findings.find((x) => x.id === 'ci-secret-unavailable');
    assert.ok(f, r.ids.join(', '));
    assert.match(f.message, /secrets\.AZUREOPENAIKEY/);
    assert.equal(f.location?.line, 10);
  });
});

describe("OPENAI_BASE_URL exported for a local model server (khoj's Ollama set-up)", () => {
  const files = {
    'app.py':
      'import os, openai\nclient = openai.OpenAI(api_key=os.getenv("OPENAI_API_KEY", "placeholder"))\nif __name__ == "__main__":\n    print(client.models.list())\n',
    'requirements.txt': 'openai\n',
  };
  it('no OpenAI key set: a note, and its fix removes the setting (no key prompt)', async () => {
    const r = await doctor(files, {}, { OPENAI_BASE_URL: 'http://localhost:11434/v1/' });
    const f = r.report.findings.find((x) => x.id === 'base-url-override');
    assert.equal(f?.severity, 'info', r.ids.join(', '));
    assert.equal(f?.fix?.command, 'unset OPENAI_BASE_URL');
    assert.doesNotMatch(f?.fix?.summary ?? '', /paste the key/);
  });
  it('an OpenAI key set beside it: a warning (the key goes to the local server)', async () => {
    const r = await doctor(files, {}, { OPENAI_BASE_URL: 'http://localhost:11434/v1/', OPENAI_API_KEY: key() });
    const f = r.report.findings.find((x) => x.id === 'base-url-override');
    assert.equal(f?.severity, 'warning', r.ids.join(', '));
  });
});

describe('a Dockerfile built with its parent folder as context copies a nested .env (mem0 server/dev.Dockerfile)', () => {
  it("the fix writes patterns that match below the context's root, and they clear the finding", async () => {
    const r = await doctor({
      'server/dev.Dockerfile':
        'FROM python:3.12\nWORKDIR /app\nCOPY server /app/server\nCMD ["python", "server/main.py"]\n',
      'server/main.py': 'from openai import OpenAI\nclient = OpenAI()\n',
      'server/.env': `OPENAI_API_KEY=${key()}\n`,
      '.gitignore': '.env\n',
      Makefile: 'build:\n\tdocker build -f server/dev.Dockerfile .\n',
    });
    const f = r.report.findings.find((x) => x.id === 'key-in-docker-image');
    assert.ok(f, r.ids.join(', '));
    assert.match(f.message, /build context \(the project root\)/);
    assert.equal(f.fix?.edit?.after, '**/.env\n**/.env.*\n!**/.env.example\n');
    const fixed = await doctor({
      'server/dev.Dockerfile':
        'FROM python:3.12\nWORKDIR /app\nCOPY server /app/server\nCMD ["python", "server/main.py"]\n',
      'server/main.py': 'from openai import OpenAI\nclient = OpenAI()\n',
      'server/.env': `OPENAI_API_KEY=${key()}\n`,
      '.gitignore': '.env\n',
      Makefile: 'build:\n\tdocker build -f server/dev.Dockerfile .\n',
      '.dockerignore': f.fix?.edit?.after ?? '',
    });
    assert.ok(!fixed.ids.includes('key-in-docker-image'), fixed.ids.join(', '));
  });
  it('a file named after the Dockerfile without its own name is said not to be read (WebApp.dockerignore)', async () => {
    const r = await doctor({
      'WebApp.Dockerfile': 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nCMD ["python", "app.py"]\n',
      'WebApp.dockerignore': '.env\n',
      'app.py': 'from openai import OpenAI\nclient = OpenAI()\n',
      '.env': `OPENAI_API_KEY=${key()}\n`,
      '.gitignore': '.env\n',
    });
    const f = r.report.findings.find((x) => x.id === 'key-in-docker-image');
    assert.match(f?.message ?? '', /WebApp\.dockerignore is not read/);
  });
});

describe("a key written into a compose file as the docs say (khoj's wget route)", () => {
  const compose = () =>
    `services:\n  server:\n    image: ghcr.io/khoj-ai/khoj:latest\n    environment:\n      - OPENAI_API_KEY=${key()}\n`;
  it('in a folder that is no git repository: a warning (nothing commits it)', async () => {
    const r = await doctor({ 'docker-compose.yml': compose() });
    const f = r.report.findings.find((x) => x.id === 'key-hardcoded');
    assert.equal(f?.severity, 'warning', r.ids.join(', '));
    assert.match(f?.message ?? '', /not a git repository/);
  });
});

describe('a key put under a NEXT_PUBLIC_ name that no code reads (openai-realtime-agents)', () => {
  const files = (extra: Record<string, string> = {}) => ({
    'package.json': JSON.stringify({
      name: 'app',
      scripts: { dev: 'next dev' },
      dependencies: { next: '15.0.0', openai: '^5.0.0' },
    }),
    'app/api/session/route.ts':
      "import OpenAI from 'openai';\nexport async function GET() {\n  const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n  return Response.json(await client.models.list());\n}\n",
    '.env': `NEXT_PUBLIC_OPENAI_API_KEY=${key()}\n`,
    '.gitignore': '.env\n',
    ...extra,
  });
  it('a warning (Next.js inlines only the names code reads), beside the env-name-mismatch error', async () => {
    const r = await doctor(files());
    const f = r.report.findings.find((x) => x.id === 'key-exposed-to-client');
    assert.equal(f?.severity, 'warning', r.ids.join(', '));
    assert.match(f?.message ?? '', /no code of the project reads NEXT_PUBLIC_OPENAI_API_KEY/);
    assert.ok(r.ids.includes('env-name-mismatch'), r.ids.join(', '));
  });
  it('a browser module reading it: an error', async () => {
    const r = await doctor(
      files({
        'app/chat.tsx':
          "'use client';\nexport function Chat() {\n  return <div>{process.env.NEXT_PUBLIC_OPENAI_API_KEY ? 'ready' : 'no key'}</div>;\n}\n",
      }),
    );
    assert.ok(
      r.errors.some((e) => e.startsWith('key-exposed-to-client:')),
      r.errors.join('\n') || r.ids.join(', '),
    );
  });
});

describe("a server's .env in the folder Vite builds from (openai-realtime-console with the .env moved to client/)", () => {
  const files = (env: string) => ({
    'package.json': JSON.stringify({
      type: 'module',
      scripts: { dev: 'node server.js', build: 'vite build' },
      dependencies: { dotenv: '^16.4.7' },
      devDependencies: { vite: '^5.0.2' },
    }),
    'vite.config.js': 'export default { root: "client" };\n',
    'server.js':
      'import "dotenv/config";\nconst apiKey = process.env.OPENAI_API_KEY;\nconst r = await fetch("https://api.openai.com/v1/models", { headers: { Authorization: `Bearer ${apiKey}` } });\nconsole.log(r.status);\n',
    'client/index.html': '<script type="module" src="./main.js"></script>\n',
    'client/main.js': 'console.log(import.meta.env.VITE_TITLE);\n',
    'client/.env': env,
    '.gitignore': '.env\n',
  });
  it("the server's key there: the server's loader is told, Vite is not (it hands the bundle only VITE_ names)", async () => {
    const r = await doctor(files(`OPENAI_API_KEY=${key()}\n`));
    const fw = r.report.findings.filter((f) => f.id === 'dotenv-wrong-location' && f.location?.path === 'client/.env');
    assert.deepEqual(fw, []);
    assert.ok(
      r.report.findings.some((f) => f.id === 'dotenv-wrong-location' && f.location?.path === 'server.js'),
      r.ids.join(', '),
    );
  });
});

describe('OPENAI_API_KEY=Bearer sk-... in .env (copied from a header)', () => {
  it('one finding, key-bearer-prefix: the space after Bearer is neither an invisible character nor a bad paste', async () => {
    const r = await doctor({
      '.env': `OPENAI_API_KEY=Bearer ${key()}\n`,
      '.gitignore': '.env\n',
      'app.py': 'import openai\nfrom dotenv import load_dotenv\nload_dotenv()\nclient = openai.OpenAI()\n',
      'requirements.txt': 'openai\npython-dotenv\n',
    });
    assert.deepEqual(r.ids, ['key-bearer-prefix']);
  });
  it('a no-break space after Bearer is still an invisible character', async () => {
    const r = await doctor({
      '.env': `OPENAI_API_KEY=Bearer ${key().slice(0, 20)}\u00a0${key().slice(20)}\n`,
      '.gitignore': '.env\n',
      'app.py': 'import openai\nfrom dotenv import load_dotenv\nload_dotenv()\nclient = openai.OpenAI()\n',
      'requirements.txt': 'openai\npython-dotenv\n',
    });
    assert.ok(r.ids.includes('key-invisible-char'), r.ids.join(', '));
  });
});

describe("Firebase web config and Maps keys are public by design (RealChar's next-web, iOS app)", () => {
  const g = () => foreignKey('google', 's32');
  it('NEXT_PUBLIC_FIREBASE_API_KEY in a committed .env.example, compose, and GoogleService-Info.plist: no finding', async () => {
    const r = await doctor({
      'web/.env.example': `NEXT_PUBLIC_FIREBASE_API_KEY=${g()}\nNEXT_PUBLIC_FIREBASE_PROJECT_ID=demo-project\n`,
      'web/package.json': JSON.stringify({
        name: 'web',
        scripts: { dev: 'next dev' },
        dependencies: { next: '14.0.0', firebase: '10.0.0' },
      }),
      'web/firebase.js':
        'import { initializeApp } from "firebase/app";\nexport const app = initializeApp({ apiKey: process.env.NEXT_PUBLIC_FIREBASE_API_KEY, projectId: process.env.NEXT_PUBLIC_FIREBASE_PROJECT_ID });\n',
      'docker-compose.yaml': `services:\n  web:\n    image: node:20\n    environment:\n      - NEXT_PUBLIC_FIREBASE_API_KEY=${g()}\n`,
      'ios/App/GoogleService-Info.plist': `<?xml version="1.0"?>\n<plist version="1.0">\n<dict>\n\t<key>API_KEY</key>\n\t<string>${g()}</string>\n</dict>\n</plist>\n`,
      'web/src/config.ts': `export const firebaseConfig = {\n  apiKey: "${g()}",\n  authDomain: "demo.firebaseapp.com",\n  messagingSenderId: "123",\n};\n`,
    });
    const google = r.report.findings.filter((f) => /Google/.test(f.message));
    assert.deepEqual(
      google.map((f) => `${f.id} ${f.location?.path}`),
      [],
    );
  });
  it('a Gemini key under its own name is still a key', async () => {
    const r = await doctor({ 'app.py': `GEMINI_API_KEY = "${g()}"\n` });
    assert.ok(r.ids.includes('key-hardcoded'), r.ids.join(', '));
  });
});

describe('python-dotenv interpolates ${VAR} by default (OPENAI_API_KEY=${MY_OPENAI_KEY})', () => {
  const files = (app: Record<string, string>) => ({
    '.env': `MY_OPENAI_KEY=${key()}\nOPENAI_API_KEY=\${MY_OPENAI_KEY}\n`,
    '.gitignore': '.env\n',
    ...app,
  });
  it('a Python app loading it gets the key: no key-placeholder, no dotenv-parse-issue', async () => {
    const r = await doctor(
      files({
        'app.py':
          'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import OpenAI\nclient = OpenAI()\nprint(client.models.list())\n',
        'requirements.txt': 'openai==2.0.0\npython-dotenv==1.1.1\n',
      }),
    );
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.ids, []);
    assert.equal(r.target('python:app.py')?.vars.OPENAI_API_KEY?.value, key());
  });
  it('a Node app with plain dotenv keeps the text: key-placeholder for it', async () => {
    const r = await doctor(
      files({
        'package.json': JSON.stringify({
          name: 'a',
          type: 'module',
          scripts: { start: 'node index.js' },
          dependencies: { dotenv: '^16', openai: '^5' },
        }),
        'index.js':
          "import 'dotenv/config';\nimport OpenAI from 'openai';\nconst client = new OpenAI();\nconsole.log(await client.models.list());\n",
      }),
    );
    assert.ok(r.ids.includes('key-placeholder'), r.ids.join(', '));
  });
});

describe('several keys joined with commas (NextChat: "join multiple api keys with comma")', () => {
  const two = () => `${openaiKey('proj', 'a')},${openaiKey('proj', 'b')}`;
  it("read by the app's own code (it splits the list): a note, not key-malformed as an error", async () => {
    const r = await doctor({
      'package.json': JSON.stringify({ name: 'r', scripts: { dev: 'next dev' }, dependencies: { next: '14.0.0' } }),
      '.gitignore': '.env*.local\n',
      '.env.local': `OPENAI_API_KEY=${two()}\n`,
      'app/api/route.ts':
        'const keys = (process.env.OPENAI_API_KEY ?? "").split(",").map((v) => v.trim());\nconst apiKey = keys[Math.floor(Math.random() * keys.length)];\nexport async function POST(req: Request) {\n  return fetch("https://api.openai.com/v1/chat/completions", { method: "POST", headers: { Authorization: `Bearer ${apiKey}` }, body: await req.text() });\n}\n',
    });
    assert.deepEqual(r.errors, []);
    assert.equal(r.report.findings.find((f) => f.id === 'key-malformed')?.severity, 'info', r.ids.join(', '));
  });
  it('read by the SDK as its key: an error', async () => {
    const r = await doctor({
      '.env': `OPENAI_API_KEY=${two()}\n`,
      '.gitignore': '.env\n',
      'app.py': 'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import OpenAI\nclient = OpenAI()\n',
      'requirements.txt': 'openai\npython-dotenv\n',
    });
    assert.ok(
      r.errors.some((e) => e.startsWith('key-malformed:') && /separated by commas/.test(e)),
      r.errors.join('\n') || r.ids.join(', '),
    );
  });
});

describe("a key option read from an unset variable: the SDK reads its own (rag-postgres-openai-python, crewAI's azure_model)", () => {
  const py = (line: string, env: string) => ({
    'app.py': `import os\nfrom dotenv import load_dotenv\nfrom openai import OpenAI, AzureOpenAI\nload_dotenv()\n${line}\n`,
    'requirements.txt': 'openai\npython-dotenv\n',
    '.env': env,
    '.gitignore': '.env\n',
  });
  it('OpenAI(api_key=os.getenv("OPENAICOM_KEY")) with only OPENAI_API_KEY set: None, so OPENAI_API_KEY is read', async () => {
    const r = await doctor(py('client = OpenAI(api_key=os.getenv("OPENAICOM_KEY"))', `OPENAI_API_KEY=${key()}\n`));
    assert.deepEqual(r.errors, []);
    assert.ok(!r.ids.includes('key-missing') && !r.ids.includes('env-name-mismatch'), r.ids.join(', '));
  });
  it('AzureOpenAI(api_key=os.environ.get("AZURE_OPENAI_KEY")) with AZURE_OPENAI_API_KEY set: the Azure variable is read', async () => {
    const r = await doctor(
      py(
        'client = AzureOpenAI(api_key=os.environ.get("AZURE_OPENAI_KEY"), azure_endpoint="https://r.openai.azure.com", api_version="2024-10-21")',
        `AZURE_OPENAI_API_KEY=${azureKey()}\n`,
      ),
    );
    assert.deepEqual(r.errors, []);
  });
  it('os.environ["OPENAICOM_KEY"] raises KeyError when unset: still key-missing', async () => {
    const r = await doctor(py('client = OpenAI(api_key=os.environ["OPENAICOM_KEY"])', `OPENAI_API_KEY=${key()}\n`));
    assert.ok(
      r.errors.some((e) => /OPENAICOM_KEY/.test(e)),
      r.errors.join('\n') || r.ids.join(', '),
    );
  });
  it('a client with its own base URL: the fallback would send the OpenAI key elsewhere, so the missing key stays', async () => {
    const r = await doctor(
      py(
        'client = OpenAI(api_key=os.getenv("GROQ_API_KEY"), base_url="https://api.groq.com/openai/v1")',
        `OPENAI_API_KEY=${key()}\n`,
      ),
    );
    assert.ok(
      r.report.findings.some((f) => /GROQ_API_KEY/.test(f.message)),
      r.ids.join(', '),
    );
  });
  it("new OpenAI({ apiKey: process.env.OPENAICOM_KEY }) with only OPENAI_API_KEY set: openai-node's default applies", async () => {
    const r = await doctor({
      'package.json': JSON.stringify({
        name: 'a',
        type: 'module',
        scripts: { start: 'node index.js' },
        dependencies: { openai: '^5', dotenv: '^16' },
      }),
      'index.js':
        "import 'dotenv/config';\nimport OpenAI from 'openai';\nconst client = new OpenAI({ apiKey: process.env.OPENAICOM_KEY });\nconsole.log(await client.models.list());\n",
      '.env': `OPENAI_API_KEY=${key()}\n`,
      '.gitignore': '.env\n',
    });
    assert.deepEqual(r.errors, []);
  });
});

describe('full-stack dev servers that load .env into process.env (assistant-ui examples)', () => {
  const route =
    'import OpenAI from "openai";\nconst openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\nexport async function action() { return openai.chat.completions.create({ model: "gpt-5.5", messages: [] }); }\n';
  const cases: Array<[string, Record<string, unknown>, string]> = [
    [
      'react-router dev',
      {
        scripts: { dev: 'react-router dev', start: 'react-router-serve ./build/server/index.js' },
        dependencies: { openai: '^5.0.0', 'react-router': '^7.0.0' },
        devDependencies: { '@react-router/dev': '^7.0.0', vite: '^6.0.0' },
      },
      'app/routes/api.chat.ts',
    ],
    [
      'nuxt dev',
      { scripts: { dev: 'nuxt dev --port 3000' }, dependencies: { nuxt: '^3.0.0', openai: '^5.0.0' } },
      'server/api/chat.post.ts',
    ],
    [
      'vite dev with TanStack Start',
      {
        scripts: { dev: 'vite dev' },
        dependencies: { '@tanstack/react-start': '^1.0.0', openai: '^5.0.0' },
        devDependencies: { vite: '^6.0.0' },
      },
      'src/server/chat.ts',
    ],
  ];
  for (const [name, pkg, file] of cases) {
    it(`${name}: the key in .env reaches the server code, no dotenv-not-loaded or key-missing`, async () => {
      const r = await doctor({
        'package.json': JSON.stringify({ name: 'app', type: 'module', ...pkg }),
        [file]: route,
        '.env': `OPENAI_API_KEY=${key()}\n`,
        '.gitignore': '.env\n',
      });
      assert.deepEqual(r.errors, []);
      assert.ok(!r.ids.includes('dotenv-not-loaded') && !r.ids.includes('key-missing'), r.ids.join(', '));
    });
    it(`${name}: the key left only in .env.example is still missing`, async () => {
      const r = await doctor({
        'package.json': JSON.stringify({ name: 'app', type: 'module', ...pkg }),
        [file]: route,
        '.env.example': `OPENAI_API_KEY=\n`,
      });
      assert.ok(r.ids.includes('key-missing'), r.ids.join(', '));
    });
  }
});

describe("a library's client class that no code of the project instantiates (browser-use's ChatLiteLLM)", () => {
  it('built only if something outside the project makes it: a warning, not an error', async () => {
    const r = await doctor({
      'requirements.txt': 'litellm\nhttpx\npython-dotenv\n',
      'pkg/__init__.py': 'from pkg.agent import Agent\nfrom pkg.bu import ChatBU\nfrom pkg.lite import ChatLite\n',
      'pkg/lite.py':
        'import litellm\nclass ChatLite:\n    def __init__(self, model): self.model = model\n    async def ainvoke(self, msgs): return await litellm.acompletion(model=self.model, messages=msgs)\n',
      'pkg/bu.py':
        'import os\nclass ChatBU:\n    async def ainvoke(self, msgs):\n        return {"messages": msgs, "key": os.getenv("BROWSER_USE_API_KEY")}\n',
      'pkg/agent.py':
        'class Agent:\n    def __init__(self, llm): self.llm = llm\n    async def run(self): return await self.llm.ainvoke([{"role": "user", "content": "hi"}])\n',
      'app.py':
        'import asyncio\nfrom dotenv import load_dotenv\nload_dotenv()\nfrom pkg import Agent, ChatBU\nasyncio.run(Agent(llm=ChatBU()).run())\n',
      '.env': 'BROWSER_USE_API_KEY=bu_123\n',
      '.gitignore': '.env\n',
    });
    assert.deepEqual(r.errors, []);
  });
});

describe("keydoctor run inside a folder of examples (openai-python's examples/)", () => {
  it("the Azure sample of a collection whose OpenAI key is set: a warning, as from the repository's root", async () => {
    const files = {
      'chat.py': 'from openai import OpenAI\nclient = OpenAI()\nprint(client.models.list())\n',
      'azure.py':
        'from openai import AzureOpenAI\nclient = AzureOpenAI(api_version="2024-10-21", azure_endpoint="https://example.openai.azure.com")\nprint(client.models.list())\n',
    };
    const { tempProject } = await import('../helpers/project.js');
    const { runDiagnosis, doctorReport } = await import('../../src/pipeline/diagnose.js');
    const p = tempProject(Object.fromEntries(Object.entries(files).map(([k, v]) => [`examples/${k}`, v])));
    try {
      const d = await runDiagnosis({
        root: `${p.root}/examples`,
        home: p.home,
        env: { PATH: process.env.PATH ?? '', HOME: p.home, OPENAI_API_KEY: key() },
        offline: true,
      });
      const errors = doctorReport(d).findings.filter((f) => f.severity === 'error');
      assert.deepEqual(
        errors.map((f) => `${f.id}: ${f.message}`),
        [],
      );
    } finally {
      p.cleanup();
    }
  });
});

describe('an Agents SDK agent of a typed context: Agent[Ctx](...) (openai-agents-python customer_service)', () => {
  it('is an agent like Agent(...): its missing key is reported', async () => {
    const r = await doctor({
      'main.py':
        'from agents import Agent, Runner\nagent = Agent[None](name="A", instructions="hi")\nprint(Runner.run_sync(agent, "hello").final_output)\n',
      'requirements.txt': 'openai-agents\n',
    });
    assert.ok(r.ids.includes('key-missing'), r.ids.join(', '));
  });
});

describe("dotenv-azd's load_azd_env() with no azd environment yet (rag-postgres-openai-python's evals)", () => {
  it('says that it reads the azd environment, not .env, and how to make one', async () => {
    const r = await doctor({
      'app.py':
        'import os\nfrom dotenv_azd import load_azd_env\nfrom openai import OpenAI\nload_azd_env()\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n',
      'requirements.txt': 'openai\ndotenv-azd\n',
      '.env': `OPENAI_API_KEY=${key()}\n`,
      '.gitignore': '.env\n',
    });
    const f = r.report.findings.find((x) => x.id === 'dotenv-not-loaded');
    assert.match(f?.message ?? '', /load_azd_env\(\) at app\.py:4 reads the azd environment/);
    assert.doesNotMatch(f?.message ?? '', /load_dotenv/);
    assert.match(f?.fix?.summary ?? '', /azd up/);
  });
});

describe("a sample Kubernetes manifest whose image is a placeholder too (RealChar's sample_cloud_deployment)", () => {
  const manifest = (image: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: ${image}\n        env:\n        - name: OPENAI_API_KEY\n          value: <YOUR_OPENAI_API_KEY>\n`;
  const app = {
    'app.py': 'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import OpenAI\nclient = OpenAI()\n',
    'requirements.txt': 'openai\npython-dotenv\n',
    '.env': `OPENAI_API_KEY=${key()}\n`,
    '.gitignore': '.env\n',
  };
  it('a template to fill in: no key-placeholder', async () => {
    const r = await doctor({ ...app, 'deploy/deployment.yaml': manifest('<YOUR_IMAGE_TAG>') });
    assert.ok(!r.ids.includes('key-placeholder'), r.ids.join(', '));
  });
  it('a real image: the placeholder key is still reported', async () => {
    const r = await doctor({ ...app, 'deploy/deployment.yaml': manifest('ghcr.io/acme/app:1.2') });
    assert.ok(r.ids.includes('key-placeholder'), r.ids.join(', '));
  });
});

describe("a next dependency in a package of ts-node scripts (openai-node's examples/)", () => {
  const files = (extra: Record<string, string> = {}) => ({
    'package.json': JSON.stringify({
      name: 'examples',
      private: true,
      dependencies: { next: '^16.3.0', openai: '^6.0.0' },
    }),
    'demo.ts':
      "#!/usr/bin/env -S npx ts-node\nimport OpenAI from 'openai';\nconst openai = new OpenAI();\nopenai.models.list().then(console.log);\n",
    '.env': `OPENAI_API_KEY=${key()}\n`,
    '.gitignore': '.env\n',
    ...extra,
  });
  it('no Next.js dev server is assumed: the script that never loads .env is told', async () => {
    const r = await doctor(files());
    assert.ok(!r.targetIds.some((t) => t.startsWith('next:')), r.targetIds.join(', '));
    assert.ok(r.ids.includes('dotenv-not-loaded'), r.ids.join(', '));
  });
  it('with a pages/ folder it is a Next.js app', async () => {
    const r = await doctor(
      files({
        'pages/api/chat.ts':
          "import OpenAI from 'openai';\nexport default async function h() { return new OpenAI().models.list(); }\n",
      }),
    );
    assert.ok(
      r.targetIds.some((t) => t.startsWith('next:')),
      r.targetIds.join(', '),
    );
  });
});

describe("a CI job's env: does not hide a misspelt local definition (openai-agents-python, openai-python)", () => {
  const files = {
    'app.py': 'from openai import OpenAI\nclient = OpenAI()\nprint(client.models.list())\n',
    'requirements.txt': 'openai\n',
    '.github/workflows/test.yml':
      'name: test\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      OPENAI_API_KEY: fake-for-tests\n    steps:\n      - run: pytest\n',
  };
  it('OPENAI_KEY exported here, OPENAI_API_KEY only in CI: env-name-mismatch', async () => {
    const r = await doctor(files, {}, { OPENAI_KEY: key() });
    assert.ok(r.ids.includes('env-name-mismatch'), r.ids.join(', '));
  });
  it("a test file reading the CI job's name is read as that job runs it", async () => {
    const r = await doctor(
      {
        ...files,
        'tests/test_api.py': 'import os\ndef test_key():\n    assert os.environ["OPENAI_API_KEY"]\n',
        'app.py': 'print("no client")\n',
      },
      {},
      { OPENAI_KEY: key() },
    );
    assert.ok(!r.ids.includes('env-name-mismatch'), r.ids.join(', '));
  });
});

describe("AutoGen's model clients (autogen's README quickstart)", () => {
  const hello =
    'import asyncio\nfrom autogen_agentchat.agents import AssistantAgent\nfrom autogen_ext.models.openai import OpenAIChatCompletionClient\n\nasync def main() -> None:\n    model_client = OpenAIChatCompletionClient(model="gpt-5.5")\n    agent = AssistantAgent("assistant", model_client=model_client)\n    print(await agent.run(task="Say Hello World!"))\n\nasyncio.run(main())\n';
  it('OpenAIChatCompletionClient reads OPENAI_API_KEY: missing without it, healthy with it', async () => {
    const files = { 'hello.py': hello, 'requirements.txt': 'autogen-agentchat\nautogen-ext[openai]\n' };
    const bad = await doctor(files);
    assert.ok(bad.ids.includes('key-missing'), bad.ids.join(', '));
    const ok = await doctor(files, {}, { OPENAI_API_KEY: key() });
    assert.deepEqual(ok.errors, []);
  });
});

describe("a model client built only to be serialized as a default config (AutoGen Studio's SettingsConfig)", () => {
  it('OpenAIChatCompletionClient(api_key="your-api-key").dump_component(): a template, no key-hardcoded-overrides-env', async () => {
    const r = await doctor(
      {
        'app/types.py':
          'from pydantic import BaseModel\nfrom autogen_ext.models.openai import OpenAIChatCompletionClient\n\nclass SettingsConfig(BaseModel):\n    default_model_client: dict = OpenAIChatCompletionClient(model="gpt-5.5", api_key="your-api-key").dump_component()\n',
        'app/main.py':
          'from app.types import SettingsConfig\n\nif __name__ == "__main__":\n    print(SettingsConfig())\n',
        'app/__init__.py': '',
        'requirements.txt': 'autogen-ext[openai]\npydantic\n',
      },
      {},
      { OPENAI_API_KEY: key() },
    );
    assert.ok(!r.ids.includes('key-hardcoded-overrides-env'), r.ids.join(', '));
  });
});

describe("a PUBLIC_ key that SvelteKit's $env/static/public hands to the page", () => {
  it('stays an error: that import is no process.env read', async () => {
    const r = await doctor({
      'package.json': JSON.stringify({
        name: 's',
        scripts: { dev: 'vite dev' },
        devDependencies: { '@sveltejs/kit': '^2.0.0', vite: '^5.0.0' },
      }),
      'src/routes/+page.svelte':
        "<script>\n  import { PUBLIC_OPENAI_API_KEY } from '$env/static/public';\n</script>\n<p>{PUBLIC_OPENAI_API_KEY ? 'ready' : ''}</p>\n",
      '.env': `PUBLIC_OPENAI_API_KEY=${key()}\n`,
      '.gitignore': '.env\n',
    });
    assert.ok(
      r.errors.some((e) => e.startsWith('key-exposed-to-client:')),
      r.errors.join('\n') || r.ids.join(', '),
    );
  });
});

describe("another provider's key left blank in compose while the service gets its own (NextChat, gpt-researcher)", () => {
  const compose =
    'services:\n  web:\n    build: .\n    environment:\n      - OPENAI_API_KEY=$OPENAI_API_KEY\n      - GOOGLE_API_KEY=$GOOGLE_API_KEY\n';
  const app = {
    'main.py':
      'import os\nfrom openai import OpenAI\nclient = OpenAI()\ngoogle = os.getenv("GOOGLE_API_KEY") or None\n',
    'requirements.txt': 'openai\n',
    Dockerfile: 'FROM python:3.12\nCOPY main.py .\nCMD ["python", "main.py"]\n',
    'docker-compose.yml': compose,
  };
  it('the OpenAI key exported: the blank GOOGLE_API_KEY is a note', async () => {
    const r = await doctor(app, {}, { OPENAI_API_KEY: key() });
    const f = r.report.findings.find((x) => x.id === 'compose-var-unset' && /GOOGLE_API_KEY/.test(x.message));
    assert.equal(f?.severity, 'info', r.ids.join(', '));
  });
  it('nothing exported: the blank OPENAI_API_KEY is still an error', async () => {
    const r = await doctor(app);
    assert.ok(
      r.errors.some((e) => e.startsWith('compose-var-unset:') && /OPENAI_API_KEY/.test(e)),
      r.errors.join('\n') || r.ids.join(', '),
    );
  });
});
