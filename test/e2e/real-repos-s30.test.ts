/**
 * Patterns of real public repositories tried in session 30 (each rebuilt here as a small synthetic
 * project; no fetched code): a healthy set-up gets no false error, and a broken one keeps its finding.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { doctorOn as doctor } from '../helpers/doctor.js';
import { openaiKey } from '../helpers/keys.js';

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
