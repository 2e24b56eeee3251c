/**
 * Patterns of real public repositories tried in session 29 (each rebuilt here as a small synthetic
 * project; no fetched code): a healthy set-up gets no false error, and a broken one keeps its finding.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { doctorOn, doctorOn as doctor, json } from '../helpers/doctor.js';
import { openaiKey } from '../helpers/keys.js';

const key = openaiKey('proj', 'e2e-real-repos-s29');

describe('one provider function per provider, the OpenAI one given a bare `apiKey` (fragments)', () => {
  const models = `import { createOpenAI } from '@ai-sdk/openai';
export function getModelClient(providerId: string, config: { apiKey?: string }) {
  const { apiKey } = config;
  const providers = {
    openai: () => createOpenAI({ apiKey })('gpt-5.4-mini'),
    groq: () => createOpenAI({ apiKey: process.env.GROQ_API_KEY, baseURL: 'https://api.groq.com/openai/v1' })('llama'),
  };
  return providers[providerId as keyof typeof providers]();
}
`;
  const tree = (envLocal: string) => ({
    'package.json': json({
      name: 'fragments',
      scripts: { dev: 'next dev', build: 'next build', start: 'next start' },
      dependencies: { next: '^14.2.0', react: '^18', '@ai-sdk/openai': '^1.0.0', ai: '^4.0.0' },
    }),
    'app/api/chat/route.ts':
      "import { getModelClient } from '@/lib/models';\nexport async function POST(req: Request) {\n  const { provider, config } = await req.json();\n  return Response.json(getModelClient(provider, config));\n}\n",
    'lib/models.ts': models,
    'tsconfig.json': json({ compilerOptions: { paths: { '@/*': ['./*'] } } }),
    '.env.local': envLocal,
    '.gitignore': '.env*.local\n',
  });

  it('only OPENAI_API_KEY set (the other providers blank, as the template has them): no error, and the target shows the OpenAI key', async () => {
    const r = await doctor(tree(`OPENAI_API_KEY=${key}\nGROQ_API_KEY=\n`));
    assert.deepEqual(r.errors, []);
    const t = r.target('next:development');
    assert.equal(t?.keyVar, 'OPENAI_API_KEY');
    assert.ok(t?.vars.OPENAI_API_KEY?.winner);
  });

  it('nothing set: the OpenAI client still lacks its key (a warning, since the caller may pass one)', async () => {
    const r = await doctor(tree('NEXT_PUBLIC_SITE_URL=http://localhost:3000\n'));
    const f = r.report.findings.find((x) => x.id === 'key-missing' && /OPENAI_API_KEY/.test(x.message));
    assert.ok(f, r.ids.join(', '));
  });
});

describe("a library's Azure integration class next to the OpenAI quickstart it ships (vanna)", () => {
  const tree = {
    'pyproject.toml': '[project]\nname = "lib"\ndependencies = ["openai>=1", "python-dotenv"]\n',
    'src/lib/examples/quickstart.py':
      'from dotenv import load_dotenv\nfrom openai import OpenAI\nload_dotenv()\nclient = OpenAI()\nif __name__ == "__main__":\n    print(client.models.list())\n',
    'src/lib/integrations/azure/llm.py':
      'import os\nfrom openai import AzureOpenAI\nclass AzureLLM:\n    def __init__(self, api_key=None, **extra):\n        client_kwargs = {"azure_endpoint": os.getenv("AZURE_OPENAI_ENDPOINT"), "api_version": "2024-10-21", **extra}\n        client_kwargs["api_key"] = api_key or os.getenv("AZURE_OPENAI_API_KEY")\n        self._client = AzureOpenAI(**client_kwargs)\n',
    '.env': `OPENAI_API_KEY=${key}\n`,
    '.gitignore': '.env\n',
  };

  it('set up for OpenAI: no azure-misconfigured error for the class nothing runs', async () => {
    const r = await doctor(tree);
    assert.deepEqual(r.errors, []);
    assert.ok(!r.ids.includes('azure-misconfigured'), r.ids.join(', '));
  });
});

describe('docs/examples scripts for a local server beside the app that loads .env (gpt-engineer)', () => {
  const tree = {
    'pyproject.toml':
      '[project]\nname = "gpt-engineer"\ndependencies = ["openai>=1", "python-dotenv"]\n[project.scripts]\ngpte = "app.main:run"\n',
    'app/__init__.py': '',
    'app/main.py':
      'from dotenv import load_dotenv\nfrom openai import OpenAI\ndef run():\n    load_dotenv()\n    client = OpenAI()\n    print(client.models.list())\n',
    'docs/examples/local_llm.py':
      'import os\nfrom openai import OpenAI\nclient = OpenAI(base_url=os.getenv("OPENAI_API_BASE"), api_key=os.getenv("OPENAI_API_KEY"))\nprint(client.models.list())\n',
    '.env': `OPENAI_API_KEY=${key}\n`,
    '.gitignore': '.env\n',
  };

  it("the example's unloaded .env is a warning that names the app loading it", async () => {
    const r = await doctor(tree);
    assert.deepEqual(r.errors, []);
    const f = r.report.findings.find((x) => x.id === 'dotenv-not-loaded');
    assert.equal(f?.severity, 'warning');
    assert.match(f?.message ?? '', /It is an example/);
  });

  it('the same script outside an examples folder is an error still', async () => {
    const { 'docs/examples/local_llm.py': script, ...rest } = tree;
    const r = await doctor({ ...rest, 'scripts/local_llm.py': script });
    assert.ok(
      r.errors.some((e) => e.startsWith('dotenv-not-loaded')),
      r.ids.join(', '),
    );
  });
});

describe('a .env that compose hands to the built service, and code that never loads it (opengpts)', () => {
  const tree = (compose: boolean) => ({
    'requirements.txt': 'openai>=1\npython-dotenv\n',
    '.dockerignore': '.env\n',
    'app.py':
      'from openai import OpenAI\nclient = OpenAI()\nif __name__ == "__main__":\n    print(client.models.list())\n',
    Dockerfile: 'FROM python:3.12\nCOPY . .\nCMD ["python", "app.py"]\n',
    ...(compose
      ? {
          'docker-compose.yml':
            'services:\n  postgres:\n    image: postgres:16\n    env_file:\n      - .env\n  backend:\n    build: .\n    env_file:\n      - .env\n',
        }
      : {}),
    '.env': `OPENAI_API_KEY=${key}\nPOSTGRES_USER=app\n`,
    '.gitignore': '.env\n',
  });

  it('a warning naming the service built from the project', async () => {
    const r = await doctor(tree(true));
    const f = r.report.findings.find((x) => x.id === 'dotenv-not-loaded');
    assert.equal(f?.severity, 'warning', r.errors.join('\n'));
    assert.match(f?.message ?? '', /service backend .*env_file/);
  });

  it('without the compose file, an error', async () => {
    const r = await doctor(tree(false));
    assert.ok(
      r.errors.some((e) => e.startsWith('dotenv-not-loaded')),
      r.ids.join(', '),
    );
  });
});

describe('a FastAPI app whose .env only compose hands over (env_file)', () => {
  const tree = (compose: boolean) => ({
    'requirements.txt': 'openai>=1\nfastapi\nuvicorn\n',
    'app.py': 'from fastapi import FastAPI\nfrom openai import OpenAI\napp = FastAPI()\nclient = OpenAI()\n',
    Dockerfile: 'FROM python:3.12\nCOPY . .\nCMD ["uvicorn", "app:app", "--host", "0.0.0.0"]\n',
    '.dockerignore': '.env\n',
    ...(compose
      ? {
          'docker-compose.yml':
            'services:\n  db:\n    image: postgres:16\n    env_file: .env\n  api:\n    build: .\n    env_file: .env\n',
        }
      : {}),
    '.env': `OPENAI_API_KEY=${key}\n`,
    '.gitignore': '.env\n',
  });

  it('with compose: a warning that names the service; without: an error', async () => {
    const r = await doctor(tree(true));
    assert.deepEqual(r.errors, []);
    const f = r.report.findings.find((x) => x.id === 'key-missing' || x.id === 'dotenv-not-loaded');
    assert.equal(f?.severity, 'warning');
    assert.match(f?.message ?? '', /service api .*env_file/);
    const bare = await doctor(tree(false));
    assert.ok(bare.errors.length > 0, bare.ids.join(', '));
  });
});

describe('openai v0 set to api_type "azure", its base from OPENAI_API_BASE (Azure-Samples/openai notebooks)', () => {
  it('no base-url-override: the module is an Azure client', async () => {
    const azureKey = 'f1546d65' + '0'.repeat(20) + 'a1eb';
    const r = await doctor({
      'requirements.txt': 'openai==0.27.2\npython-dotenv\n',
      'app.py':
        'import os, openai, dotenv\ndotenv.load_dotenv()\nopenai.api_base = os.environ["OPENAI_API_BASE"]\nopenai.api_version = "2023-08-01-preview"\nuse_aad = False\nif not use_aad:\n    openai.api_type = "azure"\n    openai.api_key = os.environ["OPENAI_API_KEY"]\nif use_aad:\n    openai.api_type = "azure_ad"\n    openai.api_key = token.token\nprint(openai.ChatCompletion.create(deployment_id="gpt-4", messages=[]))\n',
      '.env': `OPENAI_API_KEY=${azureKey}\nOPENAI_API_BASE=https://myres.openai.azure.com\n`,
      '.gitignore': '.env\n',
    });
    assert.ok(!r.ids.includes('base-url-override'), r.errors.join('\n'));
  });
});

describe("Semantic Kernel's AzureChatCompletion without a key signs in with Entra ID (customer_assist)", () => {
  const tree = (env: string) => ({
    'requirements.txt': 'semantic-kernel[azure]==1.26.1\npython-dotenv\n',
    'app.py':
      'from dotenv import load_dotenv\nfrom semantic_kernel import Kernel\nfrom semantic_kernel.connectors.ai.open_ai import AzureChatCompletion\nload_dotenv()\nkernel = Kernel()\nkernel.add_service(AzureChatCompletion(service_id="default"))\n',
    '.env': env,
    '.gitignore': '.env\n',
  });
  it('only the endpoint and deployment set: no key-missing', async () => {
    const r = await doctor(
      tree('AZURE_OPENAI_ENDPOINT=https://myres.openai.azure.com/\nAZURE_OPENAI_CHAT_DEPLOYMENT_NAME=gpt-4o\n'),
    );
    assert.ok(!r.ids.includes('key-missing'), r.errors.join('\n'));
  });
  it('an OpenAI key where the Azure one goes is still judged', async () => {
    const r = await doctor(
      tree(`AZURE_OPENAI_ENDPOINT=https://myres.openai.azure.com/\nAZURE_OPENAI_API_KEY=${key}\n`),
    );
    assert.ok(r.errors.length > 0, r.ids.join(', '));
  });
});

describe('a Next.js app with a probe script under tools/ run by hand (big-AGI)', () => {
  const tree = (imported: boolean) => ({
    'package.json': json({ name: 'app', scripts: { dev: 'next dev' }, dependencies: { next: '^15', openai: '^5' } }),
    'app/api/chat/route.ts': `${imported ? "import { probe } from '../../../tools/probe';\n" : ''}export async function POST(req: Request) {\n  const { oaiKey } = await req.json();\n  const key = oaiKey || process.env.OPENAI_API_KEY || '';\n  return fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', headers: { Authorization: \`Bearer \${key}\` } });\n}\n`,
    'tools/probe.ts':
      "import OpenAI from 'openai';\nexport const probe = new OpenAI({ apiKey: process.env.GEMINI_API_KEY, baseURL: 'https://generativelanguage.googleapis.com/v1beta/openai/' });\n",
    '.env': `OPENAI_API_KEY=${key}\nGEMINI_API_KEY=\n`,
    '.gitignore': '.env\n',
  });
  it('the probe is not part of the Next.js server: no key-empty for its blank GEMINI_API_KEY', async () => {
    const r = await doctor(tree(false));
    assert.deepEqual(r.errors, []);
    assert.ok(!r.ids.includes('key-empty'), r.ids.join(', '));
  });
  it('imported by a route, it is', async () => {
    const r = await doctor(tree(true));
    const t = r.target('next:development');
    assert.ok(
      (t?.clients ?? []).some((c) => c.location.path === 'tools/probe.ts'),
      JSON.stringify(t?.clients?.map((c) => c.location)),
    );
  });
});

describe('an entry that hands os.environ["OPENAI_API_KEY"] to a library when it starts (babyagi)', () => {
  const tree = (read: string, env?: string) => ({
    'requirements.txt': 'babyagi\npython-dotenv\n',
    'main.py': `import os\nimport mylib\n\nmylib.add_key("openai_api_key", ${read})\n\nif __name__ == "__main__":\n    mylib.serve()\n`,
    'mylib/__init__.py': 'KEYS = {}\ndef add_key(n, v):\n    KEYS[n] = v\ndef serve():\n    pass\n',
    ...(env ? { '.env': env, '.gitignore': '.env\n' } : {}),
  });
  it('unset: key-missing names the read that raises KeyError', async () => {
    const r = await doctor(tree('os.environ["OPENAI_API_KEY"]'));
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.equal(f?.severity, 'error');
    assert.match(f?.message ?? '', /main\.py:4 reads as os\.environ\["OPENAI_API_KEY"\]/);
  });
  it('exported, or read with .get(): nothing', async () => {
    const set = await doctorOn(tree('os.environ["OPENAI_API_KEY"]'), {}, { OPENAI_API_KEY: key });
    assert.ok(!set.ids.includes('key-missing'), set.ids.join(', '));
    const soft = await doctor(tree('os.environ.get("OPENAI_API_KEY", "")'));
    assert.ok(!soft.ids.includes('key-missing'), soft.ids.join(', '));
  });
});
