/**
 * Patterns of real public repositories tried in session 30 (each rebuilt here as a small synthetic
 * project; no fetched code): a healthy set-up gets no false error, and a broken one keeps its finding.
 */
import { after, describe, it } from 'node:test';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { doctorOn as doctor } from '../helpers/doctor.js';
import { openaiKey } from '../helpers/keys.js';
import { tempProject } from '../helpers/project.js';
import { doctorReport, runDiagnosis } from '../../src/pipeline/diagnose.js';

describe('a client pointed at a local model server or proxy, with the key that server takes', () => {
  const app =
    'import os\nfrom dotenv import load_dotenv\nfrom openai import OpenAI\nload_dotenv()\nclient = OpenAI(base_url=os.environ["LLM_BASE_URL"], api_key=os.environ["LLM_API_KEY"])\nprint(client.models.list())\n';
  const tree = (env: string) => ({
    'requirements.txt': 'openai\npython-dotenv\n',
    'app.py': app,
    '.env': env,
    '.gitignore': '.env\n',
  });

  for (const [server, url, value] of [
    ['vLLM', 'http://localhost:8000/v1', 'EMPTY'],
    ['llama.cpp', 'http://127.0.0.1:8080/v1', 'sk-no-key-required'],
    ['LiteLLM next door', 'http://litellm:4000', 'sk-1234'],
    ['Ollama', 'http://host.docker.internal:11434/v1', 'your-api-key'],
  ] as const) {
    it(`${server} (${value}): no key-placeholder`, async () => {
      const r = await doctor(tree(`LLM_BASE_URL=${url}\nLLM_API_KEY=${value}\n`));
      assert.ok(!r.ids.includes('key-placeholder'), r.ids.join(', '));
      assert.deepEqual(r.errors, []);
    });
  }

  it('the same placeholder sent to a hosted API is still an error', async () => {
    const r = await doctor(tree('LLM_BASE_URL=https://api.together.xyz/v1\nLLM_API_KEY=your-api-key\n'));
    assert.ok(
      r.errors.some((e) => e.startsWith('key-placeholder:')),
      r.ids.join(', '),
    );
  });

  it("OpenAI's own client with a placeholder is still an error", async () => {
    const r = await doctor({
      'requirements.txt': 'openai\npython-dotenv\n',
      'app.py':
        'from dotenv import load_dotenv\nfrom openai import OpenAI\nload_dotenv()\nclient = OpenAI()\nprint(client.models.list())\n',
      '.env': 'OPENAI_API_KEY=sk-your-key-here\n',
      '.gitignore': '.env\n',
    });
    assert.ok(
      r.errors.some((e) => e.startsWith('key-placeholder:')),
      r.ids.join(', '),
    );
  });

  it('a placeholder the app sends both to a local server and to api.openai.com is still an error', async () => {
    const r = await doctor({
      ...tree(`LLM_BASE_URL=http://localhost:8000/v1\nLLM_API_KEY=your-api-key\n`),
      'cloud.py':
        'import os\nfrom dotenv import load_dotenv\nfrom openai import OpenAI\nload_dotenv()\nclient = OpenAI(api_key=os.environ["LLM_API_KEY"])\nprint(client.models.list())\n',
    });
    assert.ok(
      r.errors.some((e) => e.startsWith('key-placeholder:')),
      r.ids.join(', '),
    );
  });
});

describe("the Agents SDK's default client, set in one module (openai-agents-js, openai-agents-python examples)", () => {
  const pkg = (name: string) =>
    JSON.stringify({ name, scripts: { start: 'tsx index.ts' }, dependencies: { '@openai/agents': '^0.3.0' } });
  const agent =
    "import { Agent, run } from '@openai/agents';\nconst a = new Agent({ name: 'A', instructions: 'x' });\nawait run(a, 'hi');\n";

  it('an OpenAIProvider with neither key nor client, in a module nothing imports: the agent still needs OPENAI_API_KEY', async () => {
    const r = await doctor({
      'package.json': pkg('app'),
      'index.ts': agent,
      'provider.ts':
        "import { OpenAIProvider } from '@openai/agents-openai';\nexport const p = new OpenAIProvider({ useResponses: true });\n",
    });
    assert.ok(
      r.errors.some((e) => e.startsWith('key-missing:')),
      r.ids.join(', '),
    );
  });

  it('an OpenAIProvider with neither key nor client that the entry imports: the agent still needs OPENAI_API_KEY', async () => {
    const r = await doctor({
      'package.json': pkg('app'),
      'index.ts': `import { p } from './provider';\n${agent}console.log(p);\n`,
      'provider.ts':
        "import { OpenAIProvider } from '@openai/agents-openai';\nexport const p = new OpenAIProvider({ useResponses: true });\n",
    });
    assert.ok(
      r.errors.some((e) => e.startsWith('key-missing:')),
      r.ids.join(', '),
    );
  });

  it('one example sets its own client: the example beside it still needs OPENAI_API_KEY', async () => {
    const r = await doctor({
      'package.json': pkg('examples'),
      'index.ts': agent,
      'custom.ts':
        "import OpenAI from 'openai';\nimport { Agent, run, setDefaultOpenAIClient } from '@openai/agents';\nsetDefaultOpenAIClient(new OpenAI({ apiKey: process.env.EXAMPLE_API_KEY, baseURL: 'https://llm.example.com/v1' }));\nawait run(new Agent({ name: 'B' }), 'hi');\n",
      '.env': 'EXAMPLE_API_KEY=abc\n',
    });
    assert.ok(
      r.errors.some((e) => e.startsWith('key-missing:') && /OPENAI_API_KEY/.test(e)),
      r.ids.join(', '),
    );
  });

  it('an app whose entry imports the module that sets the client: no OPENAI_API_KEY asked for', async () => {
    const r = await doctor({
      'package.json': pkg('app'),
      'index.ts':
        "import './setup';\nimport { agent } from './agent';\nimport { run } from '@openai/agents';\nawait run(agent, 'hi');\n",
      'setup.ts':
        "import OpenAI from 'openai';\nimport { setDefaultOpenAIClient } from '@openai/agents';\nsetDefaultOpenAIClient(new OpenAI({ apiKey: process.env.LLM_KEY, baseURL: 'https://llm.example.com/v1' }));\n",
      'agent.ts': "import { Agent } from '@openai/agents';\nexport const agent = new Agent({ name: 'A' });\n",
    });
    assert.ok(!r.errors.some((e) => /OPENAI_API_KEY/.test(e)), r.errors.join('\n'));
  });

  it('Python: an example that sets the default client does not set it for the others', async () => {
    const r = await doctor({
      'pyproject.toml': '[project]\nname = "ex"\ndependencies = ["openai-agents"]\n',
      'examples/basic/hello_world.py':
        'import asyncio\nfrom agents import Agent, Runner\nasync def main():\n    agent = Agent(name="A", instructions="x")\n    print(await Runner.run(agent, "hi"))\nif __name__ == "__main__":\n    asyncio.run(main())\n',
      'examples/model_providers/custom_example_global.py':
        'import os, asyncio\nfrom openai import AsyncOpenAI\nfrom agents import Agent, Runner, set_default_openai_client\nclient = AsyncOpenAI(base_url="https://llm.example.com/v1", api_key=os.getenv("EXAMPLE_API_KEY"))\nset_default_openai_client(client=client, use_for_tracing=False)\nasync def main():\n    print(await Runner.run(Agent(name="B"), "hi"))\nif __name__ == "__main__":\n    asyncio.run(main())\n',
    });
    assert.ok(
      r.report.findings.some(
        (f) => f.id === 'key-missing' && /OPENAI_API_KEY/.test(f.message) && /hello_world/.test(JSON.stringify(f)),
      ),
      r.ids.join(', '),
    );
  });
});

describe('dotenv-loaded-late and what runs before the read (skyvern, browser-use)', () => {
  const key = openaiKey('proj', 'e2e-real-repos-s30-late');
  it('a pydantic-settings class with its own env_file, made at import before load_dotenv(): no dotenv-loaded-late', async () => {
    const r = await doctor({
      'requirements.txt': 'pydantic-settings\npython-dotenv\nopenai\n',
      'app/__init__.py': '',
      'app/config.py':
        'from pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass Settings(BaseSettings):\n    model_config = SettingsConfigDict(env_file=".env")\n    ENABLE_OPENAI: bool = False\n    OPENAI_API_KEY: str | None = None\n\nsettings = Settings()\n',
      'scripts/run.py':
        'from dotenv import load_dotenv\nfrom app.config import settings\nfrom openai import OpenAI\nload_dotenv()\nif __name__ == "__main__":\n    print(OpenAI(api_key=settings.OPENAI_API_KEY).models.list())\n',
      '.env': `ENABLE_OPENAI=true\nOPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
    });
    assert.ok(!r.ids.includes('dotenv-loaded-late'), r.ids.join(', '));
  });

  it('the same class without an env_file still reads os.environ when it is made: dotenv-loaded-late', async () => {
    const r = await doctor({
      'requirements.txt': 'pydantic-settings\npython-dotenv\nopenai\n',
      'app/__init__.py': '',
      'app/config.py':
        'from pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n    OPENAI_API_KEY: str | None = None\n\nsettings = Settings()\n',
      'scripts/run.py':
        'from dotenv import load_dotenv\nfrom app.config import settings\nfrom openai import OpenAI\nload_dotenv()\nif __name__ == "__main__":\n    print(OpenAI(api_key=settings.OPENAI_API_KEY).models.list())\n',
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
    });
    assert.ok(r.ids.includes('dotenv-loaded-late'), r.ids.join(', '));
  });

  const pkgTree = (init: string) => ({
    'requirements.txt': 'openai\npython-dotenv\n',
    'main.py': 'from pkg.sub.agent import make\n\nif __name__ == "__main__":\n    make()\n',
    'pkg/__init__.py': init,
    'pkg/logging_config.py': 'from dotenv import load_dotenv\n\nload_dotenv()\n',
    'pkg/config.py': 'import os\n\nOPENAI_API_KEY = os.getenv("OPENAI_API_KEY")\n',
    'pkg/sub/__init__.py': '',
    'pkg/sub/agent.py':
      'from openai import OpenAI\nfrom pkg.config import OPENAI_API_KEY\nfrom pkg.utils import helper\n\ndef make():\n    return OpenAI(api_key=OPENAI_API_KEY)\n',
    'pkg/utils.py': 'from dotenv import load_dotenv\n\nload_dotenv()\n\ndef helper():\n    pass\n',
    '.env': `OPENAI_API_KEY=${key}\n`,
    '.gitignore': '.env\n',
  });
  it("a package's __init__.py that loads the file runs before any module of the package: no dotenv-loaded-late", async () => {
    const r = await doctor(pkgTree('from pkg.logging_config import *\n'));
    assert.ok(!r.ids.includes('dotenv-loaded-late'), r.ids.join(', '));
  });
  it('an __init__.py that loads nothing: the read still comes first', async () => {
    const r = await doctor(pkgTree(''));
    assert.ok(r.ids.includes('dotenv-loaded-late'), r.ids.join(', '));
  });
});

describe('a project function that copies a file of its own into os.environ (storm: load_api_key("secrets.toml"))', () => {
  const key = openaiKey('proj', 'e2e-real-repos-s30-toml');
  const tree = (utils: string) => ({
    'requirements.txt': 'openai\ntoml\n',
    'run.py':
      'import os\nfrom openai import OpenAI\nfrom utils import load_api_key\n\ndef main():\n    load_api_key(toml_file_path="secrets.toml")\n    client = OpenAI(api_key=os.getenv("OPENAI_API_KEY"))\n    print(client.models.list())\n\nif __name__ == "__main__":\n    main()\n',
    'utils.py': utils,
    'secrets.toml': `OPENAI_API_KEY="${key}"\n`,
    '.gitignore': 'secrets.toml\n',
  });
  it('the key may come from that file: key-missing is a warning that says why', async () => {
    const r = await doctor(
      tree(
        'import os\nimport toml\n\ndef load_api_key(toml_file_path):\n    with open(toml_file_path) as f:\n        data = toml.load(f)\n    for key, value in data.items():\n        os.environ[key] = str(value)\n',
      ),
    );
    assert.ok(!r.errors.some((e) => e.startsWith('key-missing:')), r.errors.join('\n'));
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.match(f?.message ?? '', /utils\.py:8 sets environment variables whose names it computes/);
  });
  it('a loader that sets nothing: still an error', async () => {
    const r = await doctor(
      tree('import toml\n\ndef load_api_key(toml_file_path):\n    return toml.load(open(toml_file_path))\n'),
    );
    assert.ok(
      r.errors.some((e) => e.startsWith('key-missing:')),
      r.ids.join(', '),
    );
  });
});

describe("a library's provider modules (mem0/llms/openai.py, mem0/llms/azure_openai.py)", () => {
  const tree = {
    'pyproject.toml': '[project]\nname = "pkg"\ndependencies = ["openai", "azure-identity"]\n',
    'pkg/__init__.py': '',
    'pkg/llms/__init__.py': '',
    'pkg/llms/openai.py':
      'import os\nfrom openai import OpenAI\n\nclass OpenAILLM:\n    def __init__(self, api_key=None):\n        self.client = OpenAI(api_key=api_key or os.getenv("OPENAI_API_KEY"))\n',
    'pkg/llms/azure_openai.py':
      'import os\nfrom azure.identity import DefaultAzureCredential, get_bearer_token_provider\nfrom openai import AzureOpenAI\n\nclass AzureOpenAILLM:\n    def __init__(self, api_key=None):\n        self.client = AzureOpenAI(api_key=api_key or os.getenv("LLM_AZURE_OPENAI_API_KEY"), azure_endpoint=os.getenv("LLM_AZURE_ENDPOINT"), api_version="2024-10-21")\n',
    'main.py': 'from pkg.llms.azure_openai import AzureOpenAILLM\n\nif __name__ == "__main__":\n    AzureOpenAILLM()\n',
  };
  it('a module that imports azure.identity is no server app: not a target of its own', async () => {
    // the factory imports the provider modules by name (importlib), as mem0's LlmFactory does
    const r = await doctor({
      ...tree,
      'main.py':
        'import importlib\n\ndef load(name):\n    return importlib.import_module(f"pkg.llms.{name}")\n\nif __name__ == "__main__":\n    load("openai")\n',
    });
    assert.ok(!r.targetIds.includes('python:pkg/llms/azure_openai.py'), r.targetIds.join(', '));
  });
  it("`from openai import AzureOpenAI` in the package does not reach the sibling openai.py's client", async () => {
    const r = await doctor(tree);
    const t = r.target('python:main.py');
    assert.ok(t?.clients?.length, 'main.py reaches its client');
    assert.ok(!t?.clients?.some((c) => c.location.path === 'pkg/llms/openai.py'), JSON.stringify(t?.clients));
  });
  it('an Azure Functions app is still a target', async () => {
    const r = await doctor({
      'requirements.txt': 'azure-functions\nopenai\n',
      'function_app.py':
        'import azure.functions as func\nfrom openai import AzureOpenAI\n\napp = func.FunctionApp()\n\n@app.route(route="chat")\ndef chat(req):\n    client = AzureOpenAI(api_version="2024-10-21")\n    return func.HttpResponse(str(client))\n',
    });
    assert.ok(
      r.targetIds.some((id) => /function_app/.test(id)),
      r.targetIds.join(', '),
    );
  });
});

describe('console scripts declared in setup.py and setup.cfg (MetaGPT: metagpt=metagpt.software_company:app)', () => {
  const cli =
    'import typer\nfrom openai import OpenAI\n\napp = typer.Typer()\n\n@app.command()\ndef run(idea: str):\n    print(OpenAI().models.list())\n';
  it('setup.py entry_points console_scripts: the command is a target reaching its client', async () => {
    const r = await doctor({
      'setup.py':
        'from setuptools import setup, find_packages\nsetup(\n    name="tool",\n    packages=find_packages(),\n    install_requires=["openai"],\n    entry_points={\n        "console_scripts": [\n            "tool=tool.cli:app",\n        ],\n    },\n)\n',
      'tool/__init__.py': '',
      'tool/cli.py': cli,
    });
    const t = r.target('python:tool/cli.py');
    assert.match(t?.label ?? '', /^tool \(setup script tool\.cli:app\)/, r.targetIds.join(', '));
    assert.ok(t?.clients?.length);
  });
  it('setup.cfg [options.entry_points] console_scripts', async () => {
    const r = await doctor({
      'setup.cfg':
        '[metadata]\nname = tool\n\n[options]\npackages = find:\ninstall_requires =\n    openai\n\n[options.entry_points]\nconsole_scripts =\n    tool = tool.cli:app\n    tool-admin = tool.admin:main\n',
      'tool/__init__.py': '',
      'tool/cli.py': cli,
    });
    assert.match(
      r.target('python:tool/cli.py')?.label ?? '',
      /^tool \(setup script tool\.cli:app\)/,
      r.targetIds.join(', '),
    );
  });
});

describe('a LangGraph graph colocated in a Next.js app folder (langchain-nextjs-template)', () => {
  const key = openaiKey('proj', 'e2e-real-repos-s30-lg');
  const tree = {
    'package.json': JSON.stringify({
      name: 'app',
      scripts: { dev: 'next dev' },
      dependencies: { next: '15.0.0', '@langchain/openai': '^1', '@langchain/langgraph': '^1' },
    }),
    'app/api/chat/route.ts':
      "import { ChatOpenAI } from '@langchain/openai';\nexport async function POST() {\n  return Response.json(await new ChatOpenAI({ model: 'gpt-5.4-mini' }).invoke('hi'));\n}\n",
    'app/langgraph/agent/agent.ts':
      "import { ChatOpenAI } from '@langchain/openai';\nexport const graph = new ChatOpenAI({ model: 'gpt-5.4-mini' });\n",
    'app/langgraph/agent/langgraph.json': JSON.stringify({ graphs: { agent: './agent.ts:graph' }, env: '.env' }),
    '.env.local': `OPENAI_API_KEY=${key}\n`,
    '.gitignore': '.env*.local\n',
  };
  it("the Next.js server does not build the graph's client (no route imports it)", async () => {
    const r = await doctor(tree);
    const next = r.target('next:development');
    assert.ok(next?.clients?.length, r.targetIds.join(', '));
    assert.ok(
      !next?.clients?.some((c) => c.location.path === 'app/langgraph/agent/agent.ts'),
      JSON.stringify(next?.clients),
    );
  });
  it('langgraph dev lacks the key, which the app has: a warning naming the app', async () => {
    const r = await doctor(tree);
    assert.deepEqual(r.errors, []);
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.match(f?.message ?? '', /Next\.js dev server \(npm run dev\) gets its key; `langgraph dev` is another way/);
  });
  it('a route that imports the graph module: the Next.js server builds that client', async () => {
    const r = await doctor({
      ...tree,
      'app/api/graph/route.ts':
        "import { graph } from '../../langgraph/agent/agent';\nexport async function POST() {\n  return Response.json(await graph.invoke('hi'));\n}\n",
    });
    const next = r.target('next:development');
    assert.ok(
      next?.clients?.some((c) => c.location.path === 'app/langgraph/agent/agent.ts'),
      JSON.stringify(next?.clients),
    );
  });
});

describe('a monorepo of Next.js examples, one set up (assistant-ui)', () => {
  const key = openaiKey('proj', 'e2e-real-repos-s30-aui');
  const example = (name: string) => ({
    [`examples/${name}/package.json`]: JSON.stringify({
      name,
      scripts: { dev: 'next dev' },
      dependencies: { next: '15.0.0', openai: '^5' },
    }),
    [`examples/${name}/app/api/chat/route.ts`]:
      "import OpenAI from 'openai';\nconst client = new OpenAI();\nexport async function POST() {\n  return Response.json(await client.models.list());\n}\n",
  });
  const tree = {
    'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['examples/*'] }),
    ...example('with-a'),
    ...example('with-b'),
    'examples/with-a/.env.local': `OPENAI_API_KEY=${key}\n`,
    '.gitignore': '.env*.local\n',
  };
  it('the example not set up is a warning that says so, not an error', async () => {
    const r = await doctor(tree);
    assert.deepEqual(r.errors, []);
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.match(f?.message ?? '', /an example of this repository that is not set up/);
  });
  it('the only app of a project, not set up: still an error', async () => {
    const r = await doctor({
      'package.json': JSON.stringify({
        name: 'app',
        scripts: { dev: 'next dev' },
        dependencies: { next: '15.0.0', openai: '^5' },
      }),
      'app/api/chat/route.ts':
        "import OpenAI from 'openai';\nconst client = new OpenAI();\nexport async function POST() {\n  return Response.json(await client.models.list());\n}\n",
    });
    assert.ok(
      r.errors.some((e) => e.startsWith('key-missing:')),
      r.ids.join(', '),
    );
  });
});

describe('keydoctor run in a sub-folder of a repository whose root holds the .env (python-openai-demos/spanish)', () => {
  const key = openaiKey('proj', 'e2e-real-repos-s30-up');
  const sub = {
    'sub/requirements.txt': 'openai\npython-dotenv\n',
    'sub/app.py':
      'import os\nimport openai\nfrom dotenv import load_dotenv\nload_dotenv(override=True)\nclient = openai.OpenAI(api_key=os.environ["OPENAI_API_KEY"])\nprint(client.models.list())\n',
  };
  const cleanups: Array<() => void> = [];
  after(() => cleanups.forEach((c) => c()));
  async function runIn(files: Record<string, string>, git: boolean) {
    const p = tempProject(files, {}, { git });
    cleanups.push(p.cleanup);
    const d = await runDiagnosis({
      root: join(p.root, 'sub'),
      home: p.home,
      env: { PATH: process.env.PATH ?? '', HOME: p.home },
      offline: true,
    });
    return { d, report: doctorReport(d), root: p.root };
  }
  it("load_dotenv() finds the repository root's .env above the folder keydoctor runs in", async () => {
    const { d, report } = await runIn({ ...sub, '.env': `OPENAI_API_KEY=${key}\n`, '.gitignore': '.env\n' }, true);
    assert.ok(!report.findings.some((f) => f.id === 'key-missing'), report.findings.map((f) => f.id).join(', '));
    const t = d.targets.find((x) => x.id === 'python:app.py');
    assert.match(t?.vars.OPENAI_API_KEY?.winner?.location?.path ?? '', /project\/\.env$/);
  });
  it('outside a git work tree, nothing above the folder is read', async () => {
    const { report } = await runIn({ ...sub, '.env': `OPENAI_API_KEY=${key}\n` }, false);
    assert.ok(
      report.findings.some((f) => f.id === 'key-missing'),
      report.findings.map((f) => f.id).join(', '),
    );
  });
});

describe('set-up scripts that run none of the project code (haystack, pipecat, livekit)', () => {
  const lib = {
    'pyproject.toml': '[project]\nname = "pkg"\ndependencies = ["openai"]\n',
    'pkg/__init__.py': '',
    'pkg/embedder.py':
      'from openai import OpenAI\n\nclass Embedder:\n    def __init__(self):\n        self.client = OpenAI()\n\n    def run(self, text):\n        return self.client.embeddings.create(model="text-embedding-3-small", input=text)\n',
  };
  it('`python -m pip install .` and a script the repository does not hold: no target, no key-missing', async () => {
    const r = await doctor({
      ...lib,
      '.ci/build.sh':
        '#!/bin/bash\npython3 -m pip install --upgrade pip\npython3 -m venv venv\npython3 scripts/generate_requirements.py\n',
    });
    const t = r.target('script:.ci/build.sh');
    assert.ok(!t?.clients?.length, JSON.stringify(t?.clients));
    assert.ok(!r.errors.some((e) => e.startsWith('key-missing:')), r.errors.join('\n'));
  });
  it('a script that runs a module of the project is still a target', async () => {
    const r = await doctor({
      ...lib,
      'pkg/main.py':
        'from pkg.embedder import Embedder\n\nif __name__ == "__main__":\n    print(Embedder().run("hi"))\n',
      'run.sh': '#!/bin/bash\npython -m pkg.main\n',
    });
    assert.ok(
      r.targetIds.some((id) => /run\.sh/.test(id)),
      r.targetIds.join(', '),
    );
  });
});

describe('a langgraph.json deep in a repository of examples (langgraph libs/cli/examples/x)', () => {
  it('is a langgraph dev target that loads its "env" file: no dotenv-not-loaded', async () => {
    const key = openaiKey('proj', 'e2e-real-repos-s30-lgdeep');
    const r = await doctor({
      'libs/cli/examples/.env': `OPENAI_API_KEY=${key}\n`,
      'libs/cli/examples/g/agent.py':
        'from langchain_openai import ChatOpenAI\n\ngraph = ChatOpenAI(model="gpt-5.4-mini")\n',
      'libs/cli/examples/g/langgraph.json': JSON.stringify({ graphs: { agent: './agent.py:graph' }, env: '../.env' }),
      'libs/cli/examples/g/requirements.txt': 'langchain-openai\n',
      '.gitignore': '.env\n',
    });
    assert.ok(r.targetIds.includes('langgraph:libs/cli/examples/g:agent'), r.targetIds.join(', '));
    assert.deepEqual(r.errors, []);
  });
});

describe("dotenv-not-loaded for a plugin's function whose caller may pass the key (livekit's grok example)", () => {
  const key = openaiKey('proj', 'e2e-real-repos-s30-grok');
  const tree = (embeddings: string) => ({
    'requirements.txt': 'python-dotenv\naiohttp\n',
    'mylib/__init__.py': '',
    'mylib/openai_plugin/__init__.py': 'from .embeddings import create_embeddings\n',
    'mylib/openai_plugin/embeddings.py': embeddings,
    'mylib/xai_plugin/__init__.py':
      'import os\nfrom mylib import openai_plugin\n\nclass RealtimeModel:\n    def __init__(self):\n        self.key = os.environ.get("XAI_API_KEY")\n',
    'examples/grok/agent.py':
      'from dotenv import load_dotenv\nfrom mylib import xai_plugin\n\nload_dotenv(".env.local")\nmodel = xai_plugin.RealtimeModel()\n',
    'examples/.env': `OPENAI_API_KEY=${key}\n`,
    '.gitignore': '.env\n',
  });
  it('a warning that says the caller may pass the key, and which file the target does load', async () => {
    const r = await doctor(
      tree(
        'import os\n\nasync def create_embeddings(*, input, api_key=None, http_session=None):\n    api_key = api_key or os.environ.get("OPENAI_API_KEY")\n    async with http_session.post("https://api.openai.com/v1/embeddings", headers={"Authorization": f"Bearer {api_key}"}, json={"input": input}) as resp:\n        return await resp.json()\n',
      ),
    );
    assert.ok(!r.errors.some((e) => e.startsWith('dotenv-not-loaded:')), r.errors.join('\n'));
    const f = r.report.findings.find((x) => x.id === 'dotenv-not-loaded');
    assert.match(f?.message ?? '', /reads "\.env\.local", not examples\/\.env/);
  });
});

describe("a compose file of a test set-up (livekit's tests/docker-compose.yml)", () => {
  const compose = (dir: string) => ({
    [`${dir}/docker-compose.yml`]:
      'services:\n  app:\n    build:\n      context: ..\n    command: tail -f /dev/null\n    environment:\n      - OPENAI_API_KEY\n',
  });
  const rest = {
    'pyproject.toml': '[project]\nname = "pkg"\ndependencies = ["openai"]\n',
    'pkg/__init__.py': '',
    'pkg/llm.py': 'from openai import OpenAI\n\nclient = OpenAI()\n',
  };
  it('under tests/: key-missing and compose-var-unset are warnings that say so', async () => {
    const r = await doctor({ ...rest, ...compose('tests') });
    assert.ok(!r.errors.some((e) => /compose:tests\/app|tests\/docker-compose/.test(e)), r.errors.join('\n'));
    const f = r.report.findings.find((x) => x.id === 'compose-var-unset');
    assert.match(f?.message ?? '', /is a test set-up: this matters only when you run those tests/);
  });
  it('the same compose file of the app (deploy/): still errors', async () => {
    const r = await doctor({ ...rest, ...compose('deploy') });
    assert.ok(
      r.errors.some((e) => e.startsWith('compose-var-unset:')),
      r.ids.join(', '),
    );
  });
});

describe('a VS Code launch of `python -m quart` with QUART_APP in its env (openai-chat-vision-quickstart)', () => {
  const nb = JSON.stringify({
    cells: [
      {
        cell_type: 'code',
        metadata: {},
        outputs: [],
        source: [
          'import os, openai\n',
          'from dotenv import load_dotenv\n',
          'load_dotenv(".env")\n',
          'client = openai.OpenAI(api_key=os.environ["NB_KEY"])\n',
        ],
      },
    ],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  });
  it('runs the app QUART_APP names, not every module of the project', async () => {
    const r = await doctor({
      'requirements.txt': 'quart\nopenai\npython-dotenv\n',
      '.vscode/launch.json': JSON.stringify({
        version: '0.2.0',
        configurations: [
          {
            name: 'Backend',
            type: 'debugpy',
            request: 'launch',
            module: 'quart',
            args: ['run', '--port', '50505'],
            env: { QUART_APP: 'src.app' },
          },
        ],
      }),
      'src/__init__.py': '',
      'src/app.py':
        'import os\nfrom dotenv import load_dotenv\nfrom openai import AsyncOpenAI\nfrom quart import Quart\nload_dotenv()\napp = Quart(__name__)\nclient = AsyncOpenAI(api_key=os.environ["APP_KEY"])\n',
      'nb/x.ipynb': nb,
      'nb/.env': 'NB_KEY=YOUR-KEY-HERE\n',
      '.gitignore': '.env\n',
    });
    const t = r.target('vscode:Backend');
    assert.ok(t, r.targetIds.join(', '));
    assert.deepEqual([...new Set((t?.clients ?? []).map((c) => c.location.path))], ['src/app.py']);
    const f = r.report.findings.find((x) => x.id === 'key-placeholder');
    assert.ok(!JSON.stringify(f?.data ?? {}).includes('vscode:Backend'), JSON.stringify(f?.data));
  });
});

describe('docker run -e KEY=$KEY in a script, the shell lacking KEY (cookbook azure-openai-pinecone-pdf-qa)', () => {
  const tree = (reads: string) => ({
    'run-docker-container.sh': '#!/bin/bash\ndocker run -it --rm -e AZURE_OPENAI_KEY=$AZURE_OPENAI_KEY doc:v1\n',
    Dockerfile: 'FROM python:3.11\nCOPY app.py .\nCMD ["python","app.py"]\n',
    'requirements.txt': 'openai\n',
    'app.py': `import os\nfrom openai import AzureOpenAI\nclient = AzureOpenAI(api_key=os.getenv("${reads}"), azure_endpoint="https://r.openai.azure.com", api_version="2024-10-21")\n`,
  });
  it('a variable no code of the project reads: a warning naming what the clients read', async () => {
    const r = await doctor(tree('AZURE_OPENAI_API_KEY'));
    assert.ok(!r.errors.some((e) => e.startsWith('key-empty:')), r.errors.join('\n'));
    const f = r.report.findings.find((x) => x.id === 'key-empty');
    assert.match(
      f?.message ?? '',
      /No code of this project reads AZURE_OPENAI_KEY \(its clients read AZURE_OPENAI_API_KEY\)/,
    );
  });
  it('the variable the code reads: still an error', async () => {
    const r = await doctor(tree('AZURE_OPENAI_KEY'));
    assert.ok(
      r.errors.some((e) => e.startsWith('key-empty:')),
      r.ids.join(', '),
    );
  });
});

describe('loads that put nothing keydoctor can name into the environment (chatgpt-on-wechat, father-bot)', () => {
  const key = openaiKey('proj', 'e2e-real-repos-s30-values');
  it('load_dotenv(<a path it computes>) is not the .env a bare load_dotenv() finds: no placeholder from that file', async () => {
    const r = await doctor({
      'requirements.txt': 'openai\npython-dotenv\n',
      'bridge/__init__.py': '',
      'bridge/init.py':
        'from dotenv import load_dotenv\nfrom bridge.paths import expand_path\n\ndef init():\n    env_file = expand_path("~/.myapp/.env")\n    load_dotenv(env_file, override=True)\n',
      'bridge/paths.py': 'import os\n\ndef expand_path(p):\n    return os.path.expanduser(p)\n',
      'app.py': 'from bridge.init import init\nfrom openai import OpenAI\n\ninit()\nclient = OpenAI()\n',
      '.env': 'OPENAI_API_KEY=sk-your-key-here\n',
      '.gitignore': '.env\n',
    });
    assert.deepEqual(r.errors, []);
    const t = r.target('python:app.py');
    assert.equal(t?.vars.OPENAI_API_KEY?.winner, undefined);
  });
  it("dotenv_values() reads the file into a dict: the client's OPENAI_API_KEY is still missing", async () => {
    const r = await doctor({
      'requirements.txt': 'openai\npython-dotenv\n',
      'main.py':
        'from dotenv import dotenv_values\nfrom openai import OpenAI\n\ncfg = dotenv_values(".env")\nclient = OpenAI()\n',
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
    });
    const f = r.report.findings.find((x) => x.id === 'dotenv-not-loaded' || x.id === 'key-missing');
    assert.equal(f?.severity, 'error', r.ids.join(', '));
    assert.match(f?.message ?? '', /dotenv_values\(\) at main\.py:4 reads it into a dict/);
  });
});

describe("an SDK's Azure example beside its OpenAI ones, Azure not set up (openai-python examples/azure.py)", () => {
  const key = openaiKey('proj', 'e2e-real-repos-s30-azex');
  const tree = {
    'pyproject.toml': '[project]\nname = "sdk"\ndependencies = ["openai"]\n',
    'examples/demo.py': 'from openai import OpenAI\n\nclient = OpenAI()\nprint(client.models.list())\n',
    'examples/azure.py':
      'from openai import AzureOpenAI\n\nclient = AzureOpenAI(api_version="2023-07-01-preview", azure_endpoint="https://example-endpoint.openai.azure.com")\nprint(client.models.list())\n',
  };
  it('no azure-misconfigured error; key-missing says the example is for a service not set up', async () => {
    const r = await doctor(tree, {}, { OPENAI_API_KEY: key });
    assert.ok(!r.ids.includes('azure-misconfigured'), r.ids.join(', '));
    assert.deepEqual(r.errors, []);
  });
  it('with Azure set up (an AZURE_OPENAI_ENDPOINT in the shell), the check judges it', async () => {
    const r = await doctor(tree, {}, { OPENAI_API_KEY: key, AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com' });
    assert.ok(r.ids.includes('azure-misconfigured'), r.ids.join(', '));
  });
});

describe('a committed dotenv template filled in locally (R2R docker/env/r2r-full.env)', () => {
  const key = openaiKey('proj', 'e2e-real-repos-s30-tracked');
  const cleanups: Array<() => void> = [];
  after(() => cleanups.forEach((c) => c()));
  const run = async (committed: string) => {
    const p = tempProject({ 'env/app.env': committed, 'app.py': 'print(1)\n' }, {}, { git: true });
    cleanups.push(p.cleanup);
    writeFileSync(join(p.root, 'env/app.env'), `OPENAI_API_KEY=${key}\n`);
    const d = await runDiagnosis({
      root: p.root,
      home: p.home,
      env: { PATH: process.env.PATH ?? '', HOME: p.home },
      offline: true,
    });
    return doctorReport(d).findings.find((f) => f.id === 'dotenv-not-ignored');
  };
  it('the key only in the working copy: not "in its history", no rotation first', async () => {
    const f = await run('OPENAI_API_KEY=\n');
    assert.match(f?.message ?? '', /changed since the last commit/);
    assert.doesNotMatch(f?.fix?.summary ?? '', /^Rotate/);
  });
  it('the file unchanged since the commit that holds the key: in the history, rotate first', async () => {
    const p = tempProject({ 'env/app.env': `OPENAI_API_KEY=${key}\n` }, {}, { git: true });
    cleanups.push(p.cleanup);
    const d = await runDiagnosis({
      root: p.root,
      home: p.home,
      env: { PATH: process.env.PATH ?? '', HOME: p.home },
      offline: true,
    });
    const f = doctorReport(d).findings.find((x) => x.id === 'dotenv-not-ignored');
    assert.match(f?.message ?? '', /is in the repository and its history/);
    assert.match(f?.fix?.summary ?? '', /^Rotate/);
  });
});

describe("dotenv-wrong-location and another example's .env (promptflow's examples/tutorials vs examples/prompty)", () => {
  const key = openaiKey('proj', 'e2e-real-repos-s30-wrongloc');
  const script =
    'import os\nfrom dotenv import load_dotenv\nfrom openai import OpenAI\n\nif __name__ == "__main__":\n    load_dotenv()\n    print(OpenAI(api_key=os.getenv("OPENAI_API_KEY")).models.list())\n';
  it("another example's .env is not this one's, whatever manifest sits above both", async () => {
    const r = await doctor({
      'examples/requirements.txt': 'openai\npython-dotenv\n',
      'examples/tutorials/tracing/math.py': script,
      'examples/prompty/.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
    });
    assert.ok(!r.ids.includes('dotenv-wrong-location'), r.ids.join(', '));
  });
  it("the same example's .env in a folder the load does not search: still reported", async () => {
    const r = await doctor({
      'examples/requirements.txt': 'openai\npython-dotenv\n',
      'examples/app/src/main.py': script,
      'examples/app/config/.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
    });
    assert.ok(r.ids.includes('dotenv-wrong-location'), r.ids.join(', '));
  });
});
