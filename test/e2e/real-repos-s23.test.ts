/**
 * Patterns of real public repositories tried in session 23 (each rebuilt here as a small synthetic
 * project; no fetched code): a healthy set-up gets no false error, and a broken one keeps its finding.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { doctorOn as doctor, json } from '../helpers/doctor.js';
import { openaiKey } from '../helpers/keys.js';

const key = openaiKey('proj', 'e2e-real-repos-s23');
const jwt = (seed: string) =>
  `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${Buffer.from(seed).toString('base64url')}.c2lnbmF0dXJl`;

describe('Supabase Edge Functions next to a Next.js app (chatgpt-your-files)', () => {
  const edge =
    "import OpenAI from 'openai';\nimport { createClient } from '@supabase/supabase-js';\nconst openai = new OpenAI({ apiKey: Deno.env.get('OPENAI_API_KEY') });\nconst supabaseUrl = Deno.env.get('SUPABASE_URL');\nconst supabaseAnonKey = Deno.env.get('SUPABASE_ANON_KEY');\nDeno.serve(async (req) => {\n  const supabase = createClient(supabaseUrl, supabaseAnonKey);\n  const r = await openai.chat.completions.create({ model: 'gpt-5.4-mini', messages: [] });\n  return new Response(JSON.stringify(r));\n});\n";
  const base = (
    functionsEnv?: string,
    scripts: Record<string, string> = { dev: 'next dev', build: 'next build', start: 'next start' },
  ) => ({
    'package.json': json({
      name: 'files',
      scripts,
      dependencies: { next: '^14.2.0', react: '^18', '@supabase/supabase-js': '^2' },
      devDependencies: { supabase: '^1.100.0' },
    }),
    'app/page.tsx':
      "import { createClient } from '@supabase/supabase-js';\nexport default function Page() { const s = createClient(process.env.NEXT_PUBLIC_SUPABASE_URL!, process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY!); return null; }\n",
    'supabase/config.toml': 'project_id = "files"\n\n[studio]\nopenai_api_key = "env(OPENAI_API_KEY)"\n',
    'supabase/functions/chat/index.ts': edge,
    'supabase/functions/import_map.json': json({ imports: { openai: 'https://esm.sh/openai@4.10.0' } }),
    '.env.local': `NEXT_PUBLIC_SUPABASE_URL=http://127.0.0.1:54321\nNEXT_PUBLIC_SUPABASE_ANON_KEY=${jwt('anon')}\n`,
    '.gitignore': '.env*\n',
    'supabase/.gitignore': '.branches\n.temp\n',
    ...(functionsEnv !== undefined ? { 'supabase/functions/.env': functionsEnv } : {}),
  });

  it('the key in supabase/functions/.env (as the README says): the functions get it; Next.js is not told it lacks one; the injected SUPABASE_* names are defined', async () => {
    const r = await doctor(base(`OPENAI_API_KEY=${key}\n`));
    const t = r.target('supabase:supabase/functions');
    assert.ok(t, r.targetIds.join(', '));
    assert.equal(t.vars.OPENAI_API_KEY?.value, key);
    assert.match(t.loading ?? '', /supabase secrets set/);
    assert.deepEqual(r.errors, []);
    assert.ok(!r.ids.includes('env-name-mismatch'), r.ids.join(', '));
    assert.ok(!r.ids.includes('dotenv-wrong-location'), r.ids.join(', '));
    assert.ok(
      !r.report.findings.some((f) => f.id === 'key-missing' && f.target?.startsWith('next:')),
      r.ids.join(', '),
    );
  });

  it('broken: the key put in the root .env.local instead: the functions lack it, and the finding says so', async () => {
    const files = base(undefined);
    files['.env.local'] += `OPENAI_API_KEY=${key}\n`;
    const r = await doctor(files);
    const t = r.target('supabase:supabase/functions');
    assert.ok(t, r.targetIds.join(', '));
    assert.equal(t.vars.OPENAI_API_KEY?.winner, undefined);
    assert.ok(
      r.report.findings.some(
        (f) => f.severity === 'error' && f.id === 'key-missing' && f.target === 'supabase:supabase/functions',
      ),
      r.errors.join('\n'),
    );
  });

  it('`supabase functions serve --env-file F` in a script: F is what the functions read', async () => {
    const files = {
      ...base(undefined, { dev: 'next dev', functions: 'supabase functions serve --env-file ./supabase/.env.local' }),
      'supabase/.env.local': `OPENAI_API_KEY=${key}\n`,
    };
    const r = await doctor(files);
    assert.equal(r.target('supabase:supabase/functions')?.vars.OPENAI_API_KEY?.value, key);
    assert.deepEqual(r.errors, []);
  });
});

describe('the code puts the key into the environment before the SDK reads it (rags, sec-insights)', () => {
  const builder =
    'import os\nimport streamlit as st\nfrom llama_index.llms import OpenAI\n\nos.environ["OPENAI_API_KEY"] = st.secrets.openai_key\nBUILDER_LLM = OpenAI(model="gpt-5.4-mini")\n';
  const home =
    'import streamlit as st\nfrom core.builder_config import BUILDER_LLM\nst.write(BUILDER_LLM.complete("hi"))\n';
  const base = {
    'streamlit_app.py': home,
    'core/__init__.py': '',
    'core/builder_config.py': builder,
    'requirements.txt': 'streamlit\nllama-index\n',
    '.gitignore': '.streamlit/secrets.toml\n',
  };

  it('`os.environ["OPENAI_API_KEY"] = st.secrets.openai_key` then `OpenAI()`: the key is the secrets file\'s; healthy with it', async () => {
    const r = await doctor({ ...base, '.streamlit/secrets.toml': `openai_key = "${key}"\n` });
    assert.deepEqual(r.errors, []);
    const c = r.report.clients?.find((x) => x.location === 'core/builder_config.py:6');
    assert.ok(c, JSON.stringify(r.report.clients));
    assert.equal(c.credential.kind, 'store');
  });

  it('broken: no secrets file: key-missing names st.secrets and where Streamlit looks', async () => {
    const r = await doctor(base);
    const f = r.report.findings.find((x) => x.id === 'key-missing' && x.severity === 'error');
    assert.ok(f, r.ids.join(', '));
    assert.match(f.message, /st\.secrets\["openai_key"\].*\.streamlit\/secrets\.toml/);
    assert.match(f.fix?.summary ?? '', /openai_key = "<your key>"/);
  });

  it('a settings module writes it at import (`os.environ[...] = settings.OPENAI_API_KEY`): the client reads what settings read', async () => {
    const config =
      'import os\nfrom pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n    OPENAI_API_KEY: str\n\nsettings = Settings()\nos.environ["OPENAI_API_KEY"] = settings.OPENAI_API_KEY\n';
    const engine =
      'from app.config import settings\nfrom llama_index.llms.openai import OpenAI\n\ndef llm():\n    return OpenAI(model="gpt-5.4-mini")\n';
    const main =
      'from fastapi import FastAPI\nfrom app.engine import llm\napp = FastAPI()\n\n@app.get("/")\ndef root():\n    return llm().complete("hi")\n';
    const files = {
      'app/__init__.py': '',
      'app/config.py': config,
      'app/engine.py': engine,
      'main.py': main,
      'requirements.txt': 'fastapi\npydantic-settings\nllama-index\n',
    };
    const ok = await doctor(files, {}, { OPENAI_API_KEY: key });
    assert.deepEqual(ok.errors, []);
    const c = ok.report.clients?.find((x) => x.location === 'app/engine.py:5');
    assert.ok(c, JSON.stringify(ok.report.clients));
    assert.equal(c.credential.kind, 'env');
  });
});

describe("a blank key line handed to someone else's program by compose env_file (awesome-docker-compose ollama-litellm-openwebui)", () => {
  const compose = (build: string) =>
    `services:\n  litellm:\n    ${build}\n    env_file:\n      - .env\n    volumes:\n      - ./configs/litellm/config.yaml:/app/config.yaml\n  ollama:\n    image: ollama/ollama:latest\n`;
  const dotenv = 'OPENAI_API_KEY = ""\nOPENAI_API_BASE = ""\nLITELLM_MASTER_KEY="master-key-example"\n';
  const litellmConfig =
    'model_list:\n  - model_name: llama\n    litellm_params:\n      model: "ollama/llama3.2:latest"\n      api_base: "http://ollama:11434"\n';

  it('an image (or a build of a folder with no code of the project reading the key): a warning, not an error', async () => {
    for (const build of [
      'image: ghcr.io/berriai/litellm:main-stable',
      'build:\n      context: .\n      dockerfile: Dockerfile.litellm',
    ]) {
      const r = await doctor({
        'docker-compose.yaml': compose(build),
        'Dockerfile.litellm': 'FROM ghcr.io/berriai/litellm:main-stable\n',
        '.env': dotenv,
        'configs/litellm/config.yaml': litellmConfig,
      });
      assert.deepEqual(r.errors, [], build);
      const f = r.report.findings.find((x) => x.id === 'key-empty');
      assert.equal(f?.severity, 'warning', build);
      assert.match(f?.message ?? '', /cannot tell whether that program uses an OpenAI key/);
    }
  });

  it("broken: the service builds the project's own app, whose code reads the key: still an error", async () => {
    const r = await doctor({
      'docker-compose.yaml': compose('build: .'),
      Dockerfile: 'FROM python:3.12-slim\nCOPY app.py .\nCMD ["python", "app.py"]\n',
      'app.py': 'from openai import OpenAI\nclient = OpenAI()\nprint(client.models.list())\n',
      'requirements.txt': 'openai\n',
      '.env': dotenv,
      '.dockerignore': '.env\n',
    });
    const f = r.report.findings.find((x) => x.id === 'key-empty' && x.target === 'compose:litellm');
    assert.equal(f?.severity, 'error', r.ids.join(', '));
  });
});

describe("the CI system's own token is not a misspelt key (pydantic-ai)", () => {
  const provider =
    'import os\nfrom openai import AsyncOpenAI\n\nclass GitHubProvider:\n    def __init__(self, api_key=None):\n        api_key = api_key or os.getenv("GITHUB_API_KEY")\n        self.client = AsyncOpenAI(base_url="https://models.github.ai/inference", api_key=api_key)\n';
  const workflow = (value: string) =>
    `name: ci\non: [push]\njobs:\n  telemetry:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: python .github/scripts/collect.py\n        env:\n          GITHUB_TOKEN: ${value}\n`;
  const base = {
    'pkg/providers/github.py': provider,
    'pkg/__init__.py': '',
    'pyproject.toml': '[project]\nname = "pkg"\ndependencies = ["openai"]\n',
  };

  for (const value of ['${{ github.token }}', '${{ secrets.GITHUB_TOKEN }}']) {
    it(`GITHUB_TOKEN: ${value} in a workflow step is not offered for the code's GITHUB_API_KEY`, async () => {
      const r = await doctor({ ...base, '.github/workflows/ci.yml': workflow(value) });
      assert.ok(!r.ids.includes('env-name-mismatch'), r.errors.join('\n'));
    });
  }

  it('broken: a key the user defined under a near name still is (GITHUB_APIKEY in .env)', async () => {
    const r = await doctor({
      ...base,
      '.github/workflows/ci.yml': workflow('${{ github.token }}'),
      '.env': 'GITHUB_APIKEY=github_pat_example\n',
      '.gitignore': '.env\n',
    });
    assert.ok(r.ids.includes('env-name-mismatch'), r.ids.join(', '));
  });
});

describe('a Next.js app with a route per provider, only OpenAI set up (ChatChat)', () => {
  const provider = (name: string, fn: string, v: string) =>
    `import { ${fn} } from '@ai-sdk/${name}';\nexport const ${name} = ${fn}({ apiKey: process.env.${v} ?? '' });\n`;
  const route = (name: string) =>
    `import { streamText } from 'ai';\nimport { ${name} } from '@/lib/provider/${name}';\nexport async function POST(req: Request) {\n  const { messages } = await req.json();\n  return streamText({ model: ${name}('some-model'), messages }).toDataStreamResponse();\n}\n`;
  const blankCompose =
    'services:\n  chat:\n    build:\n      context: .\n    environment:\n      - FIREWORKS_API_KEY=\n      - ANTHROPIC_API_KEY=\n      - OPENAI_API_KEY=\n    ports:\n      - 3000:3000\n';
  const files = (openai: string) => ({
    'package.json': json({
      name: 'chat',
      scripts: { dev: 'next dev', build: 'next build', start: 'next start' },
      dependencies: {
        next: '^14.2.0',
        ai: '^3.4.0',
        '@ai-sdk/openai': '^0.0.66',
        '@ai-sdk/fireworks': '^0.0.1',
        '@ai-sdk/anthropic': '^0.0.50',
      },
    }),
    'lib/provider/fireworks.ts': provider('fireworks', 'createFireworks', 'FIREWORKS_API_KEY'),
    'lib/provider/anthropic.ts': provider('anthropic', 'createAnthropic', 'ANTHROPIC_API_KEY'),
    'lib/provider/openai.ts': provider('openai', 'createOpenAI', 'OPENAI_API_KEY'),
    'app/api/chat/fireworks/route.ts': route('fireworks'),
    'app/api/chat/anthropic/route.ts': route('anthropic'),
    'app/api/chat/openai/route.ts': route('openai'),
    'tsconfig.json': json({ compilerOptions: { paths: { '@/*': ['./*'] } } }),
    '.env.local': `NEXT_PUBLIC_ACCESS_FIREWORKS=\nFIREWORKS_API_KEY=\nNEXT_PUBLIC_ACCESS_ANTHROPIC=\nANTHROPIC_API_KEY=\nNEXT_PUBLIC_ACCESS_OPENAI=true\nOPENAI_API_KEY=${openai}\n`,
    '.gitignore': '.env*.local\n',
    'docker-compose.yml': blankCompose,
    Dockerfile: 'FROM node:20\nCOPY . .\nRUN npm ci && npm run build\nCMD ["npm", "start"]\n',
    '.dockerignore': '.env*\n',
  });

  it('the blank lines of the providers not set up are not the key the app sends; the compose file of blank slots is a template (warning)', async () => {
    const r = await doctor(files(key));
    assert.deepEqual(r.errors, []);
    assert.equal(r.target('next:development')?.keyVar, 'OPENAI_API_KEY', r.targetIds.join(', '));
    assert.equal(
      r.report.findings.find((f) => f.id === 'key-empty' && f.target === 'compose:chat')?.severity,
      'warning',
      r.ids.join(', '),
    );
  });

  it("broken: the OpenAI line left as the template's placeholder is still found on the key the app sends", async () => {
    const r = await doctor(files('sk-your-openai-api-key'));
    assert.ok(
      r.report.findings.some(
        (f) => f.severity === 'error' && f.target?.startsWith('next:') && /OPENAI_API_KEY/.test(f.message),
      ),
      r.ids.join(', '),
    );
  });
});

describe('a monorepo whose other apps are not set up (web3insight)', () => {
  const client =
    "import { createOpenAI } from '@ai-sdk/openai';\nexport const openai = createOpenAI({ baseURL: process.env.OPENAI_BASE_URL, apiKey: process.env.OPENAI_API_KEY });\n";
  const files = (extra: Record<string, string> = {}) => ({
    'package.json': json({ name: 'mono', private: true, workspaces: ['apps/*'] }),
    'apps/dashboard/package.json': json({
      name: 'dashboard',
      scripts: { dev: 'next dev', build: 'next build', env: 'node .knosys/scripts env' },
      dependencies: { next: '^15', '@ai-sdk/openai': '^1' },
    }),
    'apps/dashboard/src/ai.ts': client,
    'apps/dashboard/app/api/chat/route.ts':
      "import { openai } from '../../../src/ai';\nexport async function POST() { return new Response(String(openai)); }\n",
    'apps/dashboard/.knosys/scripts/command/env.js': "console.log('writes env files');\n",
    'apps/dashboard/.env': `OPENAI_API_KEY=${key}\n`,
    'apps/web/package.json': json({ name: 'web', scripts: { dev: 'next dev' }, dependencies: { next: '^15' } }),
    'apps/web/app/page.tsx': 'export default function Page() { return null; }\n',
    'apps/web/docker-compose.yml':
      'services:\n  web:\n    build: .\n    env_file:\n      - .env\n    ports:\n      - 3001:3000\n',
    '.gitignore': '.env\n',
    ...extra,
  });

  it("a script that runs a tool in a hidden folder is not the app; a web app's compose env_file that no LLM key concerns is not reported", async () => {
    const r = await doctor(files());
    assert.deepEqual(r.errors, []);
    assert.equal(r.target('node:apps/dashboard:env')?.needsKey, false, r.targetIds.join(', '));
    assert.ok(!r.ids.includes('compose-env-file-missing'), r.ids.join(', '));
  });

  it('broken: the service that does use a key (its env file template lists OPENAI_API_KEY) keeps compose-env-file-missing', async () => {
    const r = await doctor(files({ 'apps/web/.env.example': 'OPENAI_API_KEY=\n' }));
    assert.ok(r.ids.includes('compose-env-file-missing'), r.ids.join(', '));
  });
});

describe('a blank key of a provider not set up, next to a real one (kotaemon .env from .env.example)', () => {
  const llms =
    'import os\nfrom openai import OpenAI, AzureOpenAI\n\ndef chat(cfg):\n    if cfg.get("type") == "azure":\n        return AzureOpenAI(azure_endpoint=os.environ["AZURE_OPENAI_ENDPOINT"], api_key=os.getenv("AZURE_OPENAI_API_KEY", ""))\n    return OpenAI()\n';
  const app =
    'import json\nfrom dotenv import load_dotenv\nload_dotenv()\nfrom llms import chat\nprint(chat(json.load(open("models.json"))))\n';
  const base = {
    'app.py': app,
    'llms.py': llms,
    'requirements.txt': 'openai\npython-dotenv\n',
    '.gitignore': '.env\n',
  };

  it('OPENAI_API_KEY set, AZURE_OPENAI_API_KEY= blank: the target sends the OpenAI key; the Azure branch nothing sets up is not reported', async () => {
    const r = await doctor({
      ...base,
      '.env': `OPENAI_API_KEY=${key}\nAZURE_OPENAI_ENDPOINT=\nAZURE_OPENAI_API_KEY=\n`,
    });
    assert.deepEqual(r.errors, []);
    const t = r.target('python:app.py');
    assert.equal(t?.keyVar, 'OPENAI_API_KEY');
    assert.ok(!t?.azure);
    assert.ok(!r.ids.includes('key-empty'), r.ids.join(', '));
  });
  it('an Azure branch with Azure set up (an api-version, an endpoint) is still the key the target sends', async () => {
    const r = await doctor({
      ...base,
      '.env': `AZURE_OPENAI_ENDPOINT=https://res.openai.azure.com/\nAZURE_OPENAI_API_KEY=\n`,
    });
    assert.equal(r.target('python:app.py')?.keyVar, 'AZURE_OPENAI_API_KEY', r.ids.join(', '));
  });

  it('broken: an Azure-only app with a stray OPENAI_API_KEY and a blank Azure key stays an error', async () => {
    const azureOnly =
      'import os\nfrom openai import AzureOpenAI\nclient = AzureOpenAI(azure_endpoint=os.environ["AZURE_OPENAI_ENDPOINT"], api_key=os.environ["AZURE_OPENAI_API_KEY"], api_version="2024-10-21")\n';
    const r = await doctor({
      'app.py': 'from dotenv import load_dotenv\nload_dotenv()\n' + azureOnly,
      'requirements.txt': 'openai\npython-dotenv\n',
      '.gitignore': '.env\n',
      '.env': `OPENAI_API_KEY=${key}\nAZURE_OPENAI_ENDPOINT=https://res.openai.azure.com/\nAZURE_OPENAI_API_KEY=\n`,
    });
    assert.ok(
      r.report.findings.some((x) => x.id === 'key-empty' && x.severity === 'error'),
      r.ids.join(', '),
    );
  });
});

describe('Semantic Kernel 0.x starters (semantic-kernel-starters sk-python-hello-world)', () => {
  const main =
    'import semantic_kernel as sk\nfrom semantic_kernel.connectors.ai.open_ai import AzureTextCompletion, OpenAITextCompletion\n\nuseAzureOpenAI = False\n\n\ndef main():\n    kernel = sk.Kernel()\n    if useAzureOpenAI:\n        deployment, api_key, endpoint = sk.azure_openai_settings_from_dot_env()\n        kernel.add_text_completion_service("dv", AzureTextCompletion(deployment, endpoint, api_key))\n    else:\n        api_key, org_id = sk.openai_settings_from_dot_env()\n        kernel.add_text_completion_service("dv", OpenAITextCompletion("gpt-5.4-mini", api_key, org_id))\n\n\nif __name__ == "__main__":\n    main()\n';
  const base = {
    'hello_world/main.py': main,
    'pyproject.toml': '[tool.poetry]\nname = "hello"\n[tool.poetry.dependencies]\nsemantic-kernel = "^0.2.7.dev0"\n',
    '.gitignore': '.env\n',
  };
  const dotenv = (k: string) =>
    `OPENAI_API_KEY="${k}"\nOPENAI_ORG_ID=""\nAZURE_OPENAI_DEPLOYMENT_NAME=""\nAZURE_OPENAI_ENDPOINT=""\nAZURE_OPENAI_API_KEY=""\n`;

  it('the .env copied from .env.example with the OpenAI key: sk.openai_settings_from_dot_env() reads it, `useAzureOpenAI = False` rules the Azure branch out: no finding', async () => {
    const r = await doctor({ ...base, '.env': dotenv(key) });
    assert.deepEqual(r.errors, []);
    assert.ok(!r.ids.includes('key-missing') && !r.ids.includes('key-empty'), r.ids.join(', '));
    const t = r.target('python:hello_world/main.py');
    assert.equal(t?.vars.OPENAI_API_KEY?.value, key);
    assert.deepEqual(
      t?.clients?.map((c) => c.status),
      ['never', 'runs'],
    );
  });

  it('broken: the key exported in the shell, .env left blank: the helper reads only .env, so the key is empty', async () => {
    const r = await doctor({ ...base, '.env': dotenv('') }, {}, { OPENAI_API_KEY: key });
    assert.ok(
      r.report.findings.some((x) => x.id === 'key-empty' && x.severity === 'error'),
      r.ids.join(', '),
    );
  });
});

describe('LangGraph projects served by `langgraph dev` (local-deep-researcher)', () => {
  const graph =
    'import os\nfrom langchain_openai import ChatOpenAI\nfrom langgraph.graph import StateGraph\nfrom agent.utils import search\n\nllm = ChatOpenAI(model="gpt-5.4-mini")\n\ndef research(state, config):\n    api = config["configurable"].get("search_api")\n    if api == "perplexity":\n        return search(state)\n    return llm.invoke(state)\n\ngraph = StateGraph(dict).compile()\n';
  const utils =
    'import os\nimport requests\n\ndef search(q):\n    return requests.post("https://api.perplexity.ai/chat/completions", headers={"Authorization": f"Bearer {os.getenv(\'PERPLEXITY_API_KEY\')}"}, json={"q": q})\n';
  const files = (dotenv: string) => ({
    'langgraph.json': json({
      dependencies: ['.'],
      graphs: { researcher: './src/agent/graph.py:graph' },
      env: './.env',
      python_version: '3.11',
    }),
    'src/agent/__init__.py': '',
    'src/agent/graph.py': graph,
    'src/agent/utils.py': utils,
    'pyproject.toml': '[project]\nname = "agent"\ndependencies = ["langgraph", "langchain-openai", "requests"]\n',
    '.env': dotenv,
    '.gitignore': '.env\n',
  });

  it('the "env" file of langgraph.json is what the graph gets: no dotenv-not-loaded; the template\'s placeholder for an unchosen search service is a warning', async () => {
    const r = await doctor(files(`OPENAI_API_KEY=${key}\nPERPLEXITY_API_KEY=pplx-xxxxx\n`));
    assert.deepEqual(r.errors, []);
    const t = r.target('langgraph:researcher');
    assert.ok(t, r.targetIds.join(', '));
    assert.equal(t.vars.OPENAI_API_KEY?.value, key);
    assert.ok(!r.ids.includes('dotenv-not-loaded'), r.ids.join(', '));
    assert.ok(!r.targetIds.includes('python:app'), r.targetIds.join(', '));
  });

  it('broken: the OpenAI key left as the placeholder in that file: an error at its line', async () => {
    const r = await doctor(files('OPENAI_API_KEY=sk-your-key-here\n'));
    const f = r.report.findings.find((x) => x.id === 'key-placeholder' && x.target === 'langgraph:researcher');
    assert.equal(f?.severity, 'error', r.ids.join(', '));
    assert.equal(f?.location?.path, '.env');
  });
});

describe('a Next.js app whose graph also has a langgraph.json (langchain-nextjs-template)', () => {
  const tree = {
    'package.json': json({
      name: 'app',
      scripts: { dev: 'next dev', build: 'next build', start: 'next start' },
      dependencies: {
        next: '15.1.0',
        react: '19.0.0',
        '@langchain/openai': '^0.5.0',
        '@langchain/langgraph': '^0.3.0',
      },
    }),
    'next.config.js': 'module.exports = {};\n',
    'app/langgraph/agent/agent.ts':
      "import { ChatOpenAI } from '@langchain/openai';\nimport { createReactAgent } from '@langchain/langgraph/prebuilt';\nconst llm = new ChatOpenAI({ model: 'gpt-5.4-mini' });\nexport const graph = createReactAgent({ llm, tools: [] });\n",
    'app/langgraph/agent/langgraph.json': json({ graphs: { agent: './agent.ts:graph' }, env: '.env' }),
    'app/api/chat/route.ts':
      "import { graph } from '../../langgraph/agent/agent';\nexport async function POST(req: Request) {\n  return Response.json(await graph.invoke(await req.json()));\n}\n",
    '.env.local': `OPENAI_API_KEY=${key}\n`,
    '.gitignore': '.env*\n',
  };
  it("the app gets its key; the langgraph dev config's missing env file is a warning that says the app works", async () => {
    const r = await doctor(tree);
    assert.deepEqual(r.errors, []);
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.equal(f?.severity, 'warning', r.ids.join(', '));
    assert.match(f?.message ?? '', /Started as .*Next\.js.*, the same client gets its key/);
  });
  it('broken: with no key for the app either, it is an error', async () => {
    const { '.env.local': _, ...bare } = tree;
    const r = await doctor(bare);
    assert.ok(
      r.report.findings.some((x) => x.id === 'key-missing' && x.severity === 'error'),
      r.ids.join(', '),
    );
  });
});

describe('a page per provider, only one provider set up (nextjs-chatbot-groq-ollama)', () => {
  const page = (v: string, sdk: string) =>
    `'use client';\nimport OpenAI from 'openai';\nexport default function Page() {\n  async function ask() {\n    const c = new OpenAI({ apiKey: process.env.${v}, ${sdk === 'groq' ? "baseURL: 'https://api.groq.com/openai/v1', " : ''}dangerouslyAllowBrowser: true });\n    return c.chat.completions.create({ model: 'm', messages: [] });\n  }\n  return null;\n}\n`;
  const files = {
    'package.json': json({
      name: 'p',
      scripts: { dev: 'next dev', build: 'next build', start: 'next start' },
      dependencies: { next: '^14', openai: '^4', 'groq-sdk': '^0.5' },
    }),
    'src/app/groq/page.js': page('NEXT_PUBLIC_GROQ_API_KEY', 'groq'),
    'src/app/openai/page.js': page('NEXT_PUBLIC_OPENAI_API_KEY', 'openai'),
    '.gitignore': '.env*.local\n',
  };

  it("the OpenAI page's key, defined nowhere while the Groq page gets its key: key-missing is a warning", async () => {
    const r = await doctor({ ...files, '.env.local': `NEXT_PUBLIC_GROQ_API_KEY=gsk_${'a'.repeat(52)}\n` });
    const f = r.report.findings.find((x) => x.id === 'key-missing' && /NEXT_PUBLIC_OPENAI_API_KEY/.test(x.message));
    assert.equal(f?.severity, 'warning', r.ids.join(', '));
    assert.match(f?.message ?? '', /a provider you have not set up/);
  });

  it('broken: the OpenAI key defined under another name (NEXT_PUBLIC_OPENAI_KEY): env-name-mismatch names the line', async () => {
    const r = await doctor({
      ...files,
      '.env.local': `NEXT_PUBLIC_GROQ_API_KEY=gsk_${'a'.repeat(52)}\nNEXT_PUBLIC_OPENAI_KEY=${key}\n`,
    });
    assert.ok(r.ids.includes('env-name-mismatch'), r.ids.join(', '));
  });
});
