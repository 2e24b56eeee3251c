import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePython } from '../../../src/code/python/walk.js';
import type { Note } from '../../../src/core/types.js';

function run(src: string, file = 'app.py', notebook = false) {
  const notes: Note[] = [];
  const a = analyzePython(file, src, notebook ? 'notebook' : 'python', notes, { notebook });
  return { a, notes };
}

describe('analyzePython: environment', () => {
  it('reads every os.environ / getenv form with defaults, and writes', () => {
    const { a } = run(`import os
from os import environ, getenv
a = os.getenv("OPENAI_API_KEY")
b = os.environ["OPENAI_ORG_ID"]
c = os.environ.get("OPENAI_BASE_URL", "https://api.openai.com/v1")
d = environ.get('MODEL')
e = getenv("PORT", default="8000")
os.environ["SET_ME"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
def f():
    return os.getenv("INSIDE")
`);
    const reads = new Map(a?.envReads.map((r) => [r.name, r]));
    assert.deepEqual(
      [...reads.keys()],
      ['OPENAI_API_KEY', 'OPENAI_ORG_ID', 'OPENAI_BASE_URL', 'MODEL', 'PORT', 'INSIDE'],
    );
    assert.equal(reads.get('OPENAI_BASE_URL')?.default, 'https://api.openai.com/v1');
    assert.equal(reads.get('PORT')?.default, '8000');
    assert.equal(reads.get('INSIDE')?.topLevel, false);
    assert.equal(reads.get('OPENAI_API_KEY')?.topLevel, true);
    assert.deepEqual(
      a?.envWrites.map((w) => w.name),
      ['SET_ME', 'TOKENIZERS_PARALLELISM'],
    );
  });
  it('writes whose variable name is computed (a loop over a loaded file, update(mapping)) are a signal; a parameter name or a literal dict is not', () => {
    const computed = (src: string) =>
      (run(src).a?.code.signals ?? []).filter((x) => x.kind === 'env-computed-write').map((x) => x.line);
    assert.deepEqual(
      computed(`import os, toml
def load_api_key(path):
    data = toml.load(open(path))
    for key, value in data.items():
        os.environ[key] = str(value)
def load_all(cfg):
    os.environ.update(cfg)
`),
      [5, 7],
    );
    assert.deepEqual(
      computed(`import os, getpass
def _set_env(var):
    if not os.environ.get(var):
        os.environ[var] = getpass.getpass(var)
os.environ.update({"TOKENIZERS_PARALLELISM": "false"})
if os.environ[k] == "x":
    pass
`),
      [],
    );
  });
  it('an attribute two settings classes of a module name differently is no alias (sample-app-aoai-chatGPT: key of OpenAI and of search)', () => {
    const { a } = run(`from pydantic_settings import BaseSettings, SettingsConfigDict
class _AzureOpenAISettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AZURE_OPENAI_")
    key: str | None = None
    resource: str | None = None
class _AzureSearchSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AZURE_SEARCH_")
    key: str | None = None
`);
    assert.equal(a?.envAliases?.key, undefined);
    assert.equal(a?.envAliases?.resource, 'AZURE_OPENAI_RESOURCE');
  });
  it('pydantic-settings fields are env reads (upper-cased, prefix, alias) and env_file does not populate os.environ', () => {
    const { a } = run(`from pydantic_settings import BaseSettings, SettingsConfigDict
from pydantic import Field
class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_prefix="APP_")
    openai_api_key: str
    model: str = "gpt-4o-mini"
    org: str = Field(default=None, alias="OPENAI_ORG_ID")
settings = Settings()
`);
    assert.deepEqual(
      a?.envReads.map((r) => [r.name, r.via, r.default]),
      [
        ['APP_OPENAI_API_KEY', 'pydantic-settings', undefined],
        ['APP_MODEL', 'pydantic-settings', 'gpt-4o-mini'],
        ['OPENAI_ORG_ID', 'pydantic-settings', ''],
      ],
    );
    assert.equal(a?.dotenvLoads[0]?.loader, 'pydantic-settings');
    assert.equal(a?.dotenvLoads[0]?.populatesEnv, false);
  });
  it('django-environ reads and read_env', () => {
    const { a } = run(
      `import environ
env = environ.Env(DEBUG=(bool, False))
environ.Env.read_env()
SECRET = env("OPENAI_API_KEY")
DEBUG = env.bool("DEBUG", default=False)
`,
      'mysite/settings.py',
    );
    assert.deepEqual(
      a?.envReads.map((r) => r.name),
      ['OPENAI_API_KEY', 'DEBUG'],
    );
    assert.deepEqual(
      a?.dotenvLoads.map((l) => [l.loader, l.base, l.path]),
      [['django-environ', 'file-dir', '.env']],
    );
  });
});

describe('analyzePython: dotenv loads', () => {
  it('path forms: default walk, literal, find_dotenv, __file__-relative, override', () => {
    const { a } = run(
      `from pathlib import Path
import os
from dotenv import load_dotenv, find_dotenv, dotenv_values
BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv()
load_dotenv("config/.env", override=True)
load_dotenv(find_dotenv())
load_dotenv(find_dotenv(usecwd=True))
load_dotenv(BASE_DIR / ".env")
load_dotenv(os.path.join(os.path.dirname(__file__), ".env.local"))
load_dotenv(dotenv_path=some_path)
cfg = dotenv_values(".env.shared")
`,
      'src/app/main.py',
    );
    assert.deepEqual(
      a?.dotenvLoads.map((l) => [l.base, l.path, l.override, l.populatesEnv]),
      [
        ['walk-up', undefined, false, undefined],
        ['cwd', 'config/.env', true, undefined],
        ['walk-up', undefined, false, undefined],
        ['cwd-walk-up', undefined, false, undefined],
        ['file-dir', '../.env', false, undefined],
        ['file-dir', '.env.local', false, undefined],
        ['unknown', undefined, false, undefined],
        ['cwd', '.env.shared', false, false],
      ],
    );
  });
  it('a load inside main() runs where main() is called at module level', () => {
    const { a } = run(
      'from dotenv import load_dotenv\nfrom app.llm import client\n\ndef main():\n    load_dotenv()\n    print(client)\n\nif __name__ == "__main__":\n    main()\n',
    );
    assert.deepEqual(
      a?.dotenvLoads.map((l) => [l.topLevel, l.order]),
      [[true, 6]],
    );
    const b = run('from dotenv import load_dotenv\ndef setup():\n    load_dotenv()\n').a;
    assert.equal(b?.dotenvLoads[0]?.topLevel, false);
  });
  it('notebook load_dotenv() searches from the working folder', () => {
    const { a } = run('from dotenv import load_dotenv\nload_dotenv()\n', 'nb/x.ipynb', true);
    assert.equal(a?.dotenvLoads[0]?.base, 'cwd-walk-up');
  });
});

describe('analyzePython: clients, generations, models', () => {
  it('v1 clients with options; implicit keys; Azure', () => {
    const { a } = run(`import os
from openai import OpenAI, AzureOpenAI
key = os.environ["MY_OPENAI_KEY"]
client = OpenAI(api_key=key, base_url="https://gw.example.com/v1", organization="Personal")
az = AzureOpenAI(api_version="2024-10-21", azure_endpoint=os.getenv("AZURE_OPENAI_ENDPOINT"))
plain = OpenAI()
r = client.chat.completions.create(model="gpt-4o-mini", messages=[])
`);
    const [c, az, plain] = a?.clients ?? [];
    assert.equal(c?.sdk, 'openai-python');
    assert.deepEqual(c?.options.apiKey, { kind: 'env', name: 'MY_OPENAI_KEY' });
    assert.deepEqual(c?.options.organization, { kind: 'literal', value: 'Personal' });
    assert.equal(az?.sdk, 'azure-openai-python');
    assert.equal(az?.keyVar, 'AZURE_OPENAI_API_KEY');
    assert.deepEqual(az?.options.azureEndpoint, { kind: 'env', name: 'AZURE_OPENAI_ENDPOINT', soft: true });
    assert.equal(plain?.keyVarImplicit, true);
    assert.equal(a?.code.sdkGeneration, 'v1');
    assert.deepEqual(
      a?.code.models?.map((m) => m.name),
      ['gpt-4o-mini'],
    );
  });
  it('v0 module settings, import-time key read, Azure v0 model= misuse', () => {
    const { a } = run(`import openai
openai.api_type = "azure"
openai.api_base = os.getenv("OPENAI_API_BASE")
def ask(q):
    return openai.ChatCompletion.create(model="gpt-35-turbo", messages=[])
`);
    assert.equal(a?.code.sdkGeneration, 'v0');
    const c = a?.clients[0];
    assert.equal(c?.sdk, 'openai-legacy-python');
    assert.equal(c?.azure, true);
    assert.equal(c?.keyVar, 'OPENAI_API_KEY');
    assert.deepEqual(
      a?.code.signals?.map((s) => s.kind),
      ['v0-azure-model-param'],
    );
    const b = run(
      'import openai\nfrom dotenv import load_dotenv\nload_dotenv()\nopenai.Completion.create(engine="text-davinci-003", prompt="x")\n',
    ).a;
    assert.equal(b?.clients[0]?.callee, 'import openai');
    assert.equal(b?.clients[0]?.order, 0);
    assert.equal(b?.dotenvLoads[0]?.order, 2);
  });
  it('LangChain and LiteLLM', () => {
    const { a } = run(`from langchain_openai import ChatOpenAI, AzureChatOpenAI
import litellm
llm = ChatOpenAI(model="gpt-4o-mini", openai_api_key=os.getenv("OPENAI_KEY"))
az = AzureChatOpenAI(azure_deployment="dep")
def f():
    litellm.completion(model="azure/my-dep", messages=[])
    litellm.completion(model="anthropic/claude-3", messages=[])
`);
    assert.deepEqual(
      a?.clients.map((c) => [c.sdk, c.keyVar, c.azure]),
      [
        ['langchain-openai', 'OPENAI_KEY', false],
        ['langchain-azure', 'AZURE_OPENAI_API_KEY', true],
        ['litellm', 'AZURE_OPENAI_API_KEY', true],
      ],
    );
    assert.deepEqual(a?.clients[1]?.keyVarFallbacks, ['OPENAI_API_KEY']);
  });
  it('a dict given keys by .update() before it is spread into the client (promptflow)', () => {
    const { a } = run(`import os
from openai import AzureOpenAI
conn = dict(api_key=os.environ["AZURE_OPENAI_API_KEY"])
conn.update(azure_endpoint=os.environ.get("AZURE_OPENAI_API_BASE"), api_version="2024-10-21")
client = AzureOpenAI(**conn)
other = {"api_key": "x"}
other.update(extra)
c2 = AzureOpenAI(**other)
`);
    const [c, c2] = a?.clients ?? [];
    assert.ok(c?.options.azureEndpoint && c.options.apiVersion, JSON.stringify(c?.options));
    assert.equal(c?.spread, undefined);
    assert.equal(c2?.spread, true, 'an update with another mapping leaves the keys unknown');
  });
  it("a module's own class named like an SDK client is not the SDK's (promptflow's tools/aoai.py)", () => {
    const { a } = run(`class AzureOpenAI(ToolProvider):
    def __init__(self, connection):
        self.connection = connection

def completion(connection, prompt):
    return AzureOpenAI(connection).completion(prompt)
`);
    assert.deepEqual(a?.clients ?? [], []);
    // without the class, the bare name is still taken for the SDK's (an import in another notebook cell)
    assert.equal(run('client = AzureOpenAI(api_version="2024-10-21")\n').a?.clients[0]?.sdk, 'azure-openai-python');
  });
  it('`OpenAI(provider=bedrock(...))` reads neither OPENAI_API_KEY nor OPENAI_BASE_URL (openai-python examples/bedrock.py)', () => {
    const { a } = run(`from openai import OpenAI
from openai.providers.bedrock import bedrock
client = OpenAI(provider=bedrock(region="us-west-2"))
plain = OpenAI()
`);
    assert.deepEqual(
      a?.clients.map((c) => c.keyVar),
      [undefined, 'OPENAI_API_KEY'],
    );
    assert.ok(a?.clients[0]?.options.baseURL);
  });
  it("openai.Client and openai.AsyncClient are the SDK's own aliases of its clients (livekit's plugin); httpx's are not", () => {
    const { a } = run(`import openai
import httpx
from openai import AsyncClient
c1 = openai.AsyncClient()
c2 = AsyncClient(api_key=os.environ["MY_KEY"])
h = httpx.AsyncClient()
`);
    assert.deepEqual(
      a?.clients.map((c) => [c.sdk, c.keyVar]),
      [
        ['openai-python', 'OPENAI_API_KEY'],
        ['openai-python', 'MY_KEY'],
      ],
    );
  });
  it("LiteLLM's model named by a module constant: another provider's model is no OpenAI client", () => {
    const { a } = run(`import litellm
DEFAULT_MODEL = "anthropic/claude-3-5-sonnet-20241022"
OPENAI_MODEL = "gpt-5.4-mini"
async def ask(q):
    await litellm.acompletion(model=DEFAULT_MODEL, messages=[])
    await litellm.acompletion(model=OPENAI_MODEL, messages=[])
`);
    assert.equal(a?.clients.length, 1);
    assert.equal(a?.clients[0]?.keyVar, 'OPENAI_API_KEY');
  });
  it('LiteLLM given a dict of options it cannot see into may get its key from it (graphrag)', () => {
    const { a } = run(`import litellm
def ask(cfg, **kwargs):
    base_args = {"model": cfg.model, "api_key": cfg.api_key}
    new_args = {**base_args, **kwargs}
    return litellm.completion(**new_args)
`);
    assert.equal(a?.clients[0]?.sdk, 'litellm');
    assert.equal(a?.clients[0]?.spread, true);
  });
  it('main guard, statements in functions, and broken source', () => {
    const { a } = run('def main():\n    c = OpenAI()\n\nif __name__ == "__main__":\n    main()\n');
    assert.equal(a?.code.hasMainGuard, true);
    assert.equal(a?.clients[0]?.topLevel, false);
    const b = run('x = """never closed\n');
    assert.equal(b.a, undefined);
    assert.equal(b.notes[0]?.kind, 'parse-error');
  });
});

describe('analyzePython: conditions and the libraries that build clients', () => {
  it('if/elif/else chains, early returns and __main__ blocks become conditions', () => {
    const { a } = run(`import os
from openai import OpenAI, AzureOpenAI


def make(kind):
    if kind == "openai":
        return OpenAI()
    elif kind in ("azure", "az"):
        return AzureOpenAI()
    else:
        return OpenAI(base_url="http://localhost:8000/v1", api_key="EMPTY")


def pick():
    if os.getenv("OPENAI_API_KEY"):
        return OpenAI()
    return AzureOpenAI()


if __name__ == "__main__":
    key = os.getenv("OPENAI_API_KEY")
`);
    const when = (a?.clients ?? []).map((c) => c.when);
    assert.deepEqual(when[0], [{ kind: 'param', fn: 'make', index: 0, op: 'eq', values: ['openai'] }]);
    assert.deepEqual(when[1], [
      { kind: 'param', fn: 'make', index: 0, op: 'ne', values: ['openai'] },
      { kind: 'param', fn: 'make', index: 0, op: 'eq', values: ['azure', 'az'] },
    ]);
    assert.equal(when[2]?.length, 2);
    assert.deepEqual(when[3], [{ kind: 'env', name: 'OPENAI_API_KEY', op: 'set' }]);
    assert.deepEqual(when[4], [{ kind: 'env', name: 'OPENAI_API_KEY', op: 'unset' }]);
    assert.deepEqual(a?.envReads.find((r) => r.line === 21)?.when, [{ kind: 'main' }]);
    assert.deepEqual(
      a?.functions?.map((f) => f.name),
      ['make', 'pick'],
    );
  });
  it('"NAME" in os.environ (and not in, and environ imported from os) tests whether the variable is set', () => {
    const { a } = run(`import os
from os import environ
from openai import OpenAI, AzureOpenAI

if "AZURE_OPENAI_ENDPOINT" in os.environ:
    az = AzureOpenAI()
if "OPENAI_API_KEY" not in environ:
    raise SystemExit("no key")
if "X" in os.environ.get("Y", ""):
    c = OpenAI()
`);
    const when = (a?.clients ?? []).map((c) => c.when);
    assert.deepEqual(when[0], [{ kind: 'env', name: 'AZURE_OPENAI_ENDPOINT', op: 'set' }]);
    // `if "OPENAI_API_KEY" not in environ: raise` demands the key: what follows needs it, with no
    // condition of its own (a raise is not a way around it); a substring test of a value stays unknown
    assert.deepEqual(when[1], [{ kind: 'unknown', text: '"X" in os.environ.get("Y","")' }]);
  });
  it('fallback chains and st.secrets are credentials', () => {
    const { a } = run(`import os
import streamlit as st
from openai import AzureOpenAI, OpenAI
c1 = AzureOpenAI(api_key=os.getenv("OPENAI_API_KEY") or os.getenv("AZURE_OPENAI_API_KEY"), azure_endpoint="https://r.openai.azure.com")
c2 = OpenAI(api_key=st.secrets["OPENAI_API_KEY"])
`);
    assert.deepEqual(a?.clients[0]?.options.apiKey, {
      kind: 'env',
      name: 'OPENAI_API_KEY',
      fallbacks: ['AZURE_OPENAI_API_KEY'],
      soft: true,
    });
    assert.deepEqual(a?.clients[0]?.keyVarFallbacks, ['AZURE_OPENAI_API_KEY']);
    assert.deepEqual(a?.clients[1]?.options.apiKey, {
      kind: 'store',
      store: 'streamlit-secrets',
      name: 'OPENAI_API_KEY',
    });
  });
  it('LlamaIndex, Semantic Kernel, DSPy, pydantic-ai and the Agents SDK', () => {
    const { a } = run(`import os
import dspy
from llama_index.llms.openai import OpenAI
from llama_index.llms.azure_openai import AzureOpenAI
from semantic_kernel.connectors.ai.open_ai import OpenAIChatCompletion, AzureChatCompletion
from pydantic_ai import Agent as PAgent
from agents import Agent, Runner

llm = OpenAI(model="gpt-4o-mini")
az = AzureOpenAI(engine="gpt4")
sk = OpenAIChatCompletion(ai_model_id="gpt-4o")
ska = AzureChatCompletion()
lm = dspy.LM("openai/gpt-4o-mini", api_key=os.environ["MY_KEY"])
other = dspy.LM("anthropic/claude-3-5-sonnet")
pa = PAgent("openai:gpt-4o")
agent = Agent(name="a", instructions="hi")
`);
    const got = (a?.clients ?? []).map((c) => [c.sdk, c.keyVar]);
    assert.deepEqual(got, [
      ['llamaindex-openai', 'OPENAI_API_KEY'],
      ['llamaindex-azure', 'AZURE_OPENAI_API_KEY'],
      ['semantic-kernel-openai', 'OPENAI_API_KEY'],
      ['semantic-kernel-azure', 'AZURE_OPENAI_API_KEY'],
      ['litellm', 'MY_KEY'],
      ['pydantic-ai', 'OPENAI_API_KEY'],
      ['openai-agents', 'OPENAI_API_KEY'],
    ]);
  });
  it('the Agents SDK with its own key or client: no implicit client', () => {
    const { a } = run(`import os
from agents import Agent, set_default_openai_key
set_default_openai_key(os.environ["AGENTS_KEY"])
agent = Agent(name="a")
`);
    assert.deepEqual(
      (a?.clients ?? []).map((c) => [c.sdk, c.keyVar, c.keyVarImplicit ?? false]),
      [['openai-agents', 'AGENTS_KEY', false]],
    );
  });
  it('a token provider needs no key; **kwargs may carry one', () => {
    const { a } = run(`from openai import AzureOpenAI
from langchain_openai import ChatOpenAI
c = AzureOpenAI(azure_endpoint="https://r.openai.azure.com", api_version="2024-10-21", azure_ad_token_provider=tp)
def make(**kwargs):
    return ChatOpenAI(**kwargs)
`);
    assert.equal(a?.clients[0]?.keyVar, undefined);
    assert.deepEqual(a?.clients[0]?.options.azureADToken, { kind: 'token-provider', text: 'a token provider' });
    assert.equal(a?.clients[1]?.spread, true);
    assert.equal(a?.clients[1]?.keyVar, 'OPENAI_API_KEY');
  });
  it('a name bound in both branches of an if/else has neither value; one rebound on the same path has the last', () => {
    const { a } = run(`import os
import streamlit as st
from langchain_openai import OpenAI

user_key = st.sidebar.text_input("OpenAI API Key", type="password")
if user_key:
    openai_api_key = user_key
else:
    openai_api_key = "not_supplied"
llm = OpenAI(openai_api_key=openai_api_key)

key = "first"
key = os.environ["OPENAI_API_KEY"]
a = OpenAI(openai_api_key=key)

k2 = None
if "MY_KEY" in os.environ:
    k2 = os.environ["MY_KEY"]
b = OpenAI(openai_api_key=k2)

def one():
    k3 = "abc"
def two():
    k3 = os.environ["K3"]
    return OpenAI(openai_api_key=k3)
`);
    const keys = (a?.clients ?? []).map((c) => c.options.apiKey);
    assert.equal(keys[0]?.kind, 'other');
    assert.deepEqual(keys[1], { kind: 'env', name: 'OPENAI_API_KEY' });
    assert.deepEqual(keys[2], { kind: 'env', name: 'MY_KEY' });
    assert.deepEqual(keys[3], { kind: 'env', name: 'K3' });
  });
  it('a dict of unknown keys spread into a client may carry the key; one written out key by key does not', () => {
    const { a } = run(`import os
from openai import AsyncAzureOpenAI, OpenAI

def from_config(config):
    azure_config = {k: v for k, v in dict(config).items() if k in allowed}
    azure_config["default_headers"] = {}
    return AsyncAzureOpenAI(**azure_config)

def copied(config):
    args = dict(config)
    return OpenAI(**args)

def extended(config):
    args = load_args(config)
    args["model"] = "gpt-5.4-mini"
    return OpenAI(**args)

def known():
    args = {"api_key": os.environ["MY_KEY"], "timeout": 30}
    args["max_retries"] = 2
    return OpenAI(**args)
`);
    assert.deepEqual(
      (a?.clients ?? []).map((c) => c.spread ?? false),
      [true, true, true, false],
    );
    assert.equal(a?.clients[3]?.options.apiKey?.kind, 'other');
  });
});

describe('analyzePython: openai v0 module clients', () => {
  it('`import openai` is a client where the module calls the API; one that only catches openai.error calls nothing', () => {
    const calls = run('import openai\nr = openai.ChatCompletion.create(model="gpt-5.4-mini", messages=[])\n').a;
    assert.deepEqual(
      calls?.clients.map((c) => c.callee),
      ['import openai'],
    );
    const lists = run('import openai\nprint(openai.Model.list())\n').a;
    assert.equal(lists?.clients.length, 1);
    const errorsOnly = run(
      'import openai\nfrom client import C\ntry:\n    C().chat()\nexcept openai.error.InvalidRequestError as e:\n    print(e)\n',
    ).a;
    assert.equal(errorsOnly?.code.sdkGeneration, 'v0');
    assert.deepEqual(errorsOnly?.clients, []);
  });
});

describe('analyzePython: assignment expressions', () => {
  it('`if api_key := os.getenv("X"):` binds the name and tests the variable', () => {
    const { a } = run(`import os
from openai import OpenAI
if api_key := os.getenv("AZURE_OPENAI_KEY"):
    client = OpenAI(base_url="https://r.openai.azure.com/openai/v1/", api_key=api_key)
`);
    const c = a?.clients[0];
    assert.deepEqual(c?.options.apiKey, { kind: 'env', name: 'AZURE_OPENAI_KEY', soft: true });
    assert.deepEqual(c?.when, [{ kind: 'env', name: 'AZURE_OPENAI_KEY', op: 'set' }]);
  });
});

describe('analyzePython: lazy initialisation', () => {
  it('`if self._client is None: self._client = OpenAI()` builds the client on first use: no condition', () => {
    const { a } = run(`
from openai import OpenAI
_client = None

class Service:
    def __init__(self):
        self._client = None

    @property
    def client(self):
        if self._client is None:
            self._client = OpenAI()
        return self._client

def get_client():
    global _client
    if not _client:
        _client = OpenAI()
    return _client

def other(flag):
    if self._other is None:
        self._client = OpenAI()
`);
    assert.deepEqual(
      a?.clients.map((c) => [c.line, c.when?.map((g) => (g.kind === 'unknown' ? g.text : g.kind))]),
      [
        [12, undefined],
        [18, undefined],
        // a test on another name is a condition still
        [23, ['self._other is None']],
      ],
    );
  });
});

describe('analyzePython: models', () => {
  it('a model named by a module constant (`model=GUARDRAIL_MODEL`); a parameter stays unknown', () => {
    const { a } = run(`
from openai import OpenAI
GUARDRAIL_MODEL = "gpt-4.1-mini"
client = OpenAI()
def check(model="gpt-4-0613"):
    return client.responses.create(model=model, input="x")
r = client.responses.create(model=GUARDRAIL_MODEL, input="x")
`);
    assert.deepEqual(
      a?.code.models?.map((m) => [m.name, m.line]),
      [['gpt-4.1-mini', 7]],
    );
  });
  it('a call chained on a client built inline names its model (`OpenAI().chat.completions.create(model=...)`)', () => {
    const { a } = run(`
from openai import OpenAI
resp = OpenAI().chat.completions.create(
    model="gpt-4o-2024-05-13", messages=[]
)
text = OpenAI(api_key=k).embeddings.create(input="x", model="text-embedding-3-small").data
`);
    assert.deepEqual(
      a?.code.models?.map((m) => [m.name, m.line]),
      [
        ['gpt-4o-2024-05-13', 3],
        ['text-embedding-3-small', 6],
      ],
    );
    assert.equal(a?.code.sdkGeneration, 'v1');
  });
  it('a model name given to a local tokenizer is not a model the code calls', () => {
    const { a } = run(`
from langchain_text_splitters import RecursiveCharacterTextSplitter
from langchain_openai import ChatOpenAI
import tiktoken

splitter = RecursiveCharacterTextSplitter.from_tiktoken_encoder(model_name="gpt-4o", chunk_size=500)
enc = tiktoken.encoding_for_model(model_name="gpt-4")
llm = ChatOpenAI(model="gpt-4.1-mini")

def count_message_tokens(messages, model="gpt-4o"):
    if model == "gpt-4":
        return count_message_tokens(messages, model="gpt-4-0613")
    return num_tokens_from_messages(messages, model="gpt-3.5-turbo-0301") + get_max_tokens(model="gpt-4-32k")

# an Azure wrapper class (browser-use's ChatAzureOpenAI) and a mock (graphrag's MockLLM) send no OpenAI request
az = ChatAzureOpenAI(model="gpt-4o", azure_endpoint="https://r.openai.azure.com")
mock = ModelConfig(type=LLMProviderType.MockLLM, model="gpt-4o", mock_responses=["x"])
fake = FakeListLLM(model="gpt-4", responses=["x"])
`);
    assert.deepEqual(
      a?.code.models?.map((m) => m.name),
      ['gpt-4.1-mini'],
    );
  });
});
