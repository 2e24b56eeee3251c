/**
 * Two kinds of LLM client besides the SDKs: LangChain's universal chat model (`init_chat_model`,
 * `initChatModel`) and raw HTTP calls to a provider (`fetch` / axios / requests / httpx with the key in
 * the Authorization header). A healthy project gets no error; a broken one is named at its file and line.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { doctorOn, json } from '../helpers/doctor.js';
import { foreignKey, openaiKey } from '../helpers/keys.js';
import { runDiagnosis } from '../../src/pipeline/diagnose.js';
import { applyClientOptions, settingsForTarget } from '../../src/live/settings.js';
import { tempProject } from '../helpers/project.js';

const key = openaiKey('proj', 'chat-models-http');
const ant = foreignKey('anthropic', 'chat-models-http');
const py = (app: string, env: string) => ({
  '.env': env,
  '.gitignore': '.env\n',
  'requirements.txt': 'langchain>=0.3\nlangchain-openai\nlangchain-anthropic\npython-dotenv\n',
  'app.py': app,
});
const loaded = (body: string) =>
  `from dotenv import load_dotenv\nfrom langchain.chat_models import init_chat_model\n\nload_dotenv()\n${body}`;

describe('LangChain init_chat_model (Python)', () => {
  it('"anthropic:..." with ANTHROPIC_API_KEY in the loaded .env: healthy, and the client reads that key', async () => {
    const r = await doctorOn(
      py(loaded('llm = init_chat_model("anthropic:claude-3-5-sonnet-latest")\n'), `ANTHROPIC_API_KEY=${ant}\n`),
    );
    assert.deepEqual(r.errors, []);
    const c = r.target('python:app.py')?.clients?.[0];
    assert.equal(c?.status, 'runs');
    assert.deepEqual(c?.credential.kind === 'env' ? c.credential.names : [], ['ANTHROPIC_API_KEY']);
    assert.equal(c?.endpoint.provider, 'anthropic');
  });
  it('model_provider="openai" needs OPENAI_API_KEY: a misspelled name in the .env is named at its line', async () => {
    const r = await doctorOn(
      py(
        loaded('llm = init_chat_model("gpt-4o", model_provider="openai", temperature=0)\n'),
        `DEBUG=1\nOPENAI_APIKEY=${key}\n`,
      ),
    );
    const f = r.report.findings.find((x) => x.id === 'env-name-mismatch');
    assert.ok(f, r.ids.join(', '));
    assert.equal(f.severity, 'error');
    assert.deepEqual([f.location?.path, f.location?.line], ['app.py', 5]);
    assert.match(f.message, /OPENAI_API_KEY.*OPENAI_APIKEY is defined \(\.env:2\)/);
  });
  it('an inferred provider (a bare "gpt-4o") whose key is in a folder nothing loads: the key is missing for that client', async () => {
    const r = await doctorOn({
      ...py(loaded('llm = init_chat_model("gpt-4o")\n'), 'DEBUG=1\n'),
      'config/.env': `OPENAI_API_KEY=${key}\n`,
    });
    assert.ok(
      r.errors.some((e) => /OPENAI_API_KEY/.test(e)),
      r.errors.join('\n') || r.ids.join(', '),
    );
    const f = r.report.findings.find((x) => x.severity === 'error' && /OPENAI_API_KEY/.test(x.message));
    assert.ok(f && /config\/\.env|app\.py/.test(JSON.stringify(f)), JSON.stringify(f));
  });
  it('an OpenAI key put in ANTHROPIC_API_KEY is key-foreign-provider at the .env line', async () => {
    const r = await doctorOn(
      py(loaded('llm = init_chat_model(model="claude-3-5-haiku-latest")\n'), `ANTHROPIC_API_KEY=${key}\n`),
    );
    const f = r.report.findings.find((x) => x.id === 'key-foreign-provider');
    assert.ok(f, r.ids.join(', '));
    assert.equal(f.location?.path, '.env');
    assert.equal(f.location?.line, 1);
  });
  it('api_key= is honoured: the client reads the variable it names', async () => {
    const r = await doctorOn(
      py(
        `import os\n${loaded('llm = init_chat_model("openai:gpt-4o-mini", api_key=os.environ["MY_LLM_KEY"])\n')}`,
        `MY_LLM_KEY=${key}\n`,
      ),
    );
    assert.deepEqual(r.errors, []);
    const c = r.target('python:app.py')?.clients?.[0];
    assert.deepEqual(c?.credential.kind === 'env' ? c.credential.names : [], ['MY_LLM_KEY']);
  });
  it('base_url= to a local server with a dummy key: healthy', async () => {
    const r = await doctorOn(
      py(
        loaded('llm = init_chat_model("openai:llama3", base_url="http://localhost:11434/v1", api_key="ollama")\n'),
        'DEBUG=1\n',
      ),
    );
    assert.deepEqual(r.errors, []);
  });
  it('a provider chosen at run time (a variable model) is a conditional client: never an error', async () => {
    const r = await doctorOn(
      py(
        `import os\n${loaded('MODEL = os.environ.get("MODEL_ID", "")\nllm = init_chat_model(model=MODEL)\nother = init_chat_model(model=MODEL, model_provider=os.getenv("PROVIDER"))\n')}`,
        'DEBUG=1\n',
      ),
    );
    assert.deepEqual(r.errors, []);
    const cs = r.target('python:app.py')?.clients ?? [];
    assert.equal(cs.length, 2);
    assert.ok(
      cs.every((c) => c.status === 'maybe' && c.credential.kind !== 'env'),
      JSON.stringify(cs),
    );
  });
  it('verify would send the key where the client does: the Anthropic API, never api.openai.com', async () => {
    const p = tempProject(
      py(loaded('llm = init_chat_model("anthropic:claude-3-5-sonnet-latest")\n'), `ANTHROPIC_API_KEY=${ant}\n`),
    );
    try {
      const d = await runDiagnosis({
        root: p.root,
        home: p.home,
        env: { PATH: process.env.PATH ?? '', HOME: p.home },
        offline: true,
      });
      const t = d.targets.find((x) => x.id === 'python:app.py');
      assert.ok(t);
      const s0 = settingsForTarget(t);
      assert.ok(s0);
      assert.equal(applyClientOptions(s0, t, d.facts.code?.clients).baseURL, 'https://api.anthropic.com/v1/');
    } finally {
      p.cleanup();
    }
  });
  it('a provider keydoctor does not judge (Bedrock) records no client', async () => {
    const r = await doctorOn(
      py(
        loaded(
          'llm = init_chat_model("anthropic.claude-3-5-sonnet-20240620-v1:0", model_provider="bedrock_converse")\n',
        ),
        'DEBUG=1\n',
      ),
    );
    assert.deepEqual(r.errors, []);
    assert.equal(r.target('python:app.py')?.clients?.length ?? 0, 0);
  });
});

describe('LangChain initChatModel (JS)', () => {
  const node = (code: string, env: string) => ({
    '.env': env,
    '.gitignore': '.env\n',
    'package.json': json({
      name: 'lc',
      type: 'module',
      scripts: { start: 'node index.js' },
      dependencies: { langchain: '^0.3.0', '@langchain/openai': '^0.3.0', dotenv: '^16.0.0' },
    }),
    'index.js': `import 'dotenv/config';\nimport { initChatModel } from 'langchain/chat_models/universal';\n\n${code}`,
  });
  it('"openai:gpt-4o" with the key in .env: healthy', async () => {
    const r = await doctorOn(node('const llm = await initChatModel("openai:gpt-4o");\n', `OPENAI_API_KEY=${key}\n`));
    assert.deepEqual(r.errors, []);
    const c = r.report.targets.flatMap((t) => t.clients ?? [])[0];
    assert.equal(c?.status, 'runs');
  });
  it('modelProvider "anthropic" with the key under another name: env-name-mismatch at the .env line', async () => {
    const r = await doctorOn(
      node(
        'const llm = await initChatModel("claude-3-5-haiku-latest", { modelProvider: "anthropic", temperature: 0 });\n',
        `PORT=3000\nANTHROPIC_KEY=${ant}\n`,
      ),
    );
    const f = r.report.findings.find((x) => x.id === 'env-name-mismatch' || x.id === 'key-missing');
    assert.ok(f && f.severity === 'error', r.ids.join(', '));
    assert.ok(/ANTHROPIC_API_KEY/.test(f.message), f.message);
  });
  it('apiKey: process.env.X is honoured; a variable model is never an error', async () => {
    const r = await doctorOn(
      node(
        'const a = await initChatModel("openai:gpt-4o-mini", { apiKey: process.env.LLM_KEY });\nconst b = await initChatModel(process.env.MODEL);\n',
        `LLM_KEY=${key}\n`,
      ),
    );
    assert.deepEqual(r.errors, []);
  });
});

describe('raw HTTP calls to a provider (JS)', () => {
  const pkg = json({
    name: 'rt',
    type: 'module',
    scripts: { start: 'node server.js' },
    dependencies: { express: '^4.0.0', dotenv: '^16.0.0' },
  });
  const server = (keyLine: string, call: string) =>
    `import express from "express";\nimport "dotenv/config";\n\nconst app = express();\n${keyLine}\n\napp.get("/token", async (req, res) => {\n${call}\n  res.json(await r.json());\n});\napp.listen(3000);\n`;
  const realtime = server(
    'const apiKey = process.env.OPENAI_API_KEY;',
    '  const r = await fetch("https://api.openai.com/v1/realtime/sessions", {\n    method: "POST",\n    headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" },\n  });',
  );
  it('fetch to api.openai.com with the key from a const: a client; healthy with the key in .env', async () => {
    const r = await doctorOn({
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
      'package.json': pkg,
      'server.js': realtime,
    });
    assert.deepEqual(r.errors, []);
    const cs = r.report.targets.flatMap((t) => t.clients ?? []);
    assert.ok(
      cs.length > 0 && cs.every((c) => c.credential.kind === 'env' && c.credential.names?.[0] === 'OPENAI_API_KEY'),
      JSON.stringify(cs),
    );
    assert.ok(!r.ids.includes('base-url-override'), r.ids.join(', '));
    // the base URL the request stands for, which verify would append /models to: not the request's own path
    assert.deepEqual([cs[0]?.endpoint.url, cs[0]?.endpoint.provider], ['https://api.openai.com/v1', 'openai']);
  });
  it('the key in a folder the server does not load: an error that names the fetch', async () => {
    const r = await doctorOn({
      'client/.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
      'package.json': pkg,
      'server.js': realtime,
    });
    const f = r.report.findings.find((x) => x.severity === 'error' && /OPENAI_API_KEY/.test(x.message));
    assert.ok(f, r.ids.join(', '));
    assert.match(JSON.stringify(f), /server\.js|client\/\.env/);
  });
  it('a misspelled variable in the .env: env-name-mismatch at the fetch, naming the .env line', async () => {
    const r = await doctorOn({
      '.env': `PORT=3000\nOPENAI_KEY=${key}\n`,
      '.gitignore': '.env\n',
      'package.json': pkg,
      'server.js': realtime,
    });
    const f = r.report.findings.find((x) => x.id === 'env-name-mismatch');
    assert.ok(f && f.severity === 'error', r.ids.join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], ['server.js', 5]); // the line that reads the name
    assert.match(f.message, /\.env:2/);
  });
  it('an Anthropic key sent to api.openai.com by axios with "Bearer " + key: key-foreign-provider', async () => {
    const code = server(
      'const key = process.env.OPENAI_API_KEY;',
      '  const r = await axios.post("https://api.openai.com/v1/chat/completions", { model: "gpt-4o" }, { headers: { Authorization: "Bearer " + key } });',
    );
    const r = await doctorOn({
      '.env': `OPENAI_API_KEY=${ant}\n`,
      '.gitignore': '.env\n',
      'package.json': pkg,
      'server.js': `import axios from "axios";\n${code}`,
    });
    assert.ok(r.ids.includes('key-foreign-provider'), r.ids.join(', '));
  });
  it('a URL in a const template and the key read inline: still the client', async () => {
    const code = server(
      'const BASE = "https://api.openai.com/v1";',
      '  const r = await fetch(`${BASE}/responses`, { method: "POST", headers: { authorization: `Bearer ${process.env.OPENAI_API_KEY}` } });',
    );
    const r = await doctorOn({ '.gitignore': '.env\n', 'package.json': pkg, 'server.js': code });
    assert.ok(
      r.report.findings.some(
        (x) => x.id === 'key-missing' && x.severity === 'error' && /OPENAI_API_KEY/.test(x.message),
      ),
      r.ids.join(', '),
    );
  });
  it("Anthropic's x-api-key in a file that names no SDK: the client reads ANTHROPIC_API_KEY, and the missing key is an error at the fetch", async () => {
    const code =
      'export async function ask(q) {\n  const r = await fetch("https://api.anthropic.com/v1/messages", { method: "POST", headers: { "x-api-key": process.env.ANTHROPIC_API_KEY, "anthropic-version": "2023-06-01" }, body: JSON.stringify({ q }) });\n  return r.json();\n}\nconsole.log(await ask("hi"));\n';
    const ok = await doctorOn({
      'package.json': json({ name: 'a', type: 'module', scripts: { start: 'node --env-file=.env ask.js' } }),
      '.env': `ANTHROPIC_API_KEY=${ant}\n`,
      '.gitignore': '.env\n',
      'ask.js': code,
    });
    assert.deepEqual(ok.errors, []);
    assert.equal(ok.report.targets.flatMap((t) => t.clients ?? []).length, 1);
    const bad = await doctorOn({
      'package.json': json({ name: 'a', type: 'module', scripts: { start: 'node ask.js' } }),
      'ask.js': code,
    });
    const f = bad.report.findings.find((x) => x.id === 'key-missing');
    assert.ok(f && f.severity === 'error', bad.ids.join(', '));
    assert.match(f.message, /ANTHROPIC_API_KEY for the client at ask\.js:2/);
  });
  it('fetches that are not LLM clients record nothing: the own backend, an ephemeral key, an unrelated token', async () => {
    const code =
      'const r1 = await fetch("/token");\nconst EPHEMERAL_KEY = (await r1.json()).client_secret.value;\nawait fetch("https://api.openai.com/v1/realtime", { headers: { Authorization: `Bearer ${EPHEMERAL_KEY}` } });\nawait fetch("https://api.github.com/user", { headers: { Authorization: `Bearer ${process.env.GITHUB_TOKEN}` } });\nawait fetch(process.env.BACKEND_URL, { headers: { Authorization: `Bearer ${process.env.SESSION_TOKEN}` } });\n';
    const r = await doctorOn({
      'package.json': json({ name: 'ui', type: 'module', scripts: { start: 'node app.js' } }),
      'app.js': code,
    });
    assert.deepEqual(r.errors, []);
    assert.equal(r.report.targets.flatMap((t) => t.clients ?? []).length, 0);
  });
});

describe('raw HTTP calls to a provider (Python)', () => {
  const app = (body: string) =>
    `import os\nimport requests\nfrom dotenv import load_dotenv\n\nload_dotenv()\n\n${body}`;
  const chat =
    'def ask(q):\n    r = requests.post(\n        "https://api.openai.com/v1/chat/completions",\n        headers={"Authorization": f"Bearer {os.environ[\'OPENAI_API_KEY\']}"},\n        json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": q}]},\n    )\n    return r.json()\n\n\nif __name__ == "__main__":\n    print(ask("hi"))\n';
  const files = (env: string, body = chat) => ({
    '.env': env,
    '.gitignore': '.env\n',
    'requirements.txt': 'requests\npython-dotenv\n',
    'app.py': app(body),
  });
  it('requests.post with f"Bearer {os.environ[...]}": a client; healthy with the key in .env', async () => {
    const r = await doctorOn(files(`OPENAI_API_KEY=${key}\n`));
    assert.deepEqual(r.errors, []);
    const c = r.target('python:app.py')?.clients?.[0];
    assert.deepEqual(c?.credential.kind === 'env' ? c.credential.names : [], ['OPENAI_API_KEY']);
    assert.equal(c?.endpoint.provider, 'openai');
  });
  it('a misspelled variable: env-name-mismatch at the call, naming the .env line', async () => {
    const r = await doctorOn(files(`DEBUG=1\nOPENAI_API_KY=${key}\n`));
    const f = r.report.findings.find((x) => x.id === 'env-name-mismatch');
    assert.ok(f && f.severity === 'error', r.ids.join(', '));
    assert.equal(f.location?.path, 'app.py');
    assert.match(f.message, /\.env:2/);
  });
  it('httpx with headers in a dict variable and "Bearer " + key: an OpenAI key sent to Groq is key-foreign-provider', async () => {
    const body =
      'import httpx\n\nKEY = os.getenv("GROQ_API_KEY")\nheaders = {"Content-Type": "application/json", "Authorization": "Bearer " + KEY}\n\n\ndef ask(q):\n    return httpx.post("https://api.groq.com/openai/v1/chat/completions", headers=headers, json={"model": "llama3"}).json()\n\n\nif __name__ == "__main__":\n    print(ask("hi"))\n';
    const r = await doctorOn(files(`GROQ_API_KEY=${key}\n`, body));
    assert.ok(r.ids.includes('key-foreign-provider'), r.ids.join(', '));
  });
  it('Azure with api-key from the environment: healthy with the Azure key, key-foreign-provider with an OpenAI key', async () => {
    const body =
      'URL = "https://myres.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21"\n\n\ndef ask(q):\n    return requests.post(URL, headers={"api-key": os.environ["AZURE_OPENAI_API_KEY"]}, json={"messages": []}).json()\n\n\nif __name__ == "__main__":\n    print(ask("hi"))\n';
    const ok = await doctorOn(files(`AZURE_OPENAI_API_KEY=${foreignKey('azure', 'chat-models-http')}\n`, body));
    assert.deepEqual(ok.errors, []);
    assert.equal(ok.target('python:app.py')?.clients?.[0]?.endpoint.provider, 'azure');
    const bad = await doctorOn(files(`AZURE_OPENAI_API_KEY=${key}\n`, body));
    assert.ok(bad.ids.includes('key-foreign-provider'), bad.ids.join(', '));
  });
  it('a search back end called only in one branch of a configuration switch: its missing key is a warning, not an error', async () => {
    const utils =
      'import os\nimport requests\n\n\ndef perplexity_search(query):\n    headers = {"Authorization": f"Bearer {os.getenv(\'PERPLEXITY_API_KEY\')}"}\n    return requests.post("https://api.perplexity.ai/chat/completions", headers=headers, json={"q": query}).json()\n\n\ndef ddg_search(query):\n    return []\n';
    const graph = (call: string) =>
      `import sys\nfrom utils import perplexity_search, ddg_search\n\n\ndef research(config, query):\n    search_api = config.get("search_api", "duckduckgo")\n${call}\n\n\nif __name__ == "__main__":\n    print(research({}, sys.argv[1]))\n`;
    const branch =
      '    if search_api == "perplexity":\n        return perplexity_search(query)\n    return ddg_search(query)';
    const warn = await doctorOn({ 'requirements.txt': 'requests\n', 'utils.py': utils, 'graph.py': graph(branch) });
    assert.deepEqual(warn.errors, []);
    const f = warn.report.findings.find((x) => x.id === 'key-missing');
    assert.ok(f && f.severity === 'warning' && /PERPLEXITY_API_KEY/.test(f.message), warn.ids.join(', '));
    const always = await doctorOn({
      'requirements.txt': 'requests\n',
      'utils.py': utils,
      'graph.py': graph('    return perplexity_search(query)'),
    });
    assert.ok(
      always.errors.some((e) => /^key-missing: .*PERPLEXITY_API_KEY for the client at utils\.py:7/.test(e)),
      always.errors.join('\n') || always.ids.join(', '),
    );
  });
  it('calls that are not LLM clients record nothing', async () => {
    const body =
      'import httpx\n\nrequests.get("https://api.github.com/user", headers={"Authorization": f"token {os.environ[\'GITHUB_TOKEN\']}"})\nrequests.post(os.environ["BACKEND"], headers={"Authorization": f"Bearer {os.environ[\'SESSION_TOKEN\']}"})\nrequests.post("https://api.openai.com/v1/files", headers={"Authorization": f"Bearer {token}"})\n';
    const r = await doctorOn(files('DEBUG=1\n', body));
    assert.deepEqual(r.errors, []);
    assert.equal(r.target('python:app.py')?.clients?.length ?? 0, 0);
  });
});

describe('Realtime WebSocket connections from a Python server', () => {
  // twilio-samples/speech-assistant-openai-realtime-api-python: websockets.connect to api.openai.com
  const ws = (call: string) =>
    `import os\nimport asyncio\nimport websockets\nfrom dotenv import load_dotenv\n\nload_dotenv()\nOPENAI_API_KEY = os.getenv("OPENAI_API_KEY")\nURL = "wss://api.openai.com/v1/realtime?model=gpt-realtime"\n\n\nasync def bridge():\n${call}\n\n\nif __name__ == "__main__":\n    asyncio.run(bridge())\n`;
  const variants: [string, string][] = [
    [
      'websockets.connect with additional_headers',
      '    async with websockets.connect(URL, additional_headers={"Authorization": f"Bearer {OPENAI_API_KEY}", "OpenAI-Beta": "realtime=v1"}) as s:\n        await s.send("{}")',
    ],
    [
      'websockets.connect with extra_headers (websockets < 14)',
      '    async with websockets.connect(URL, extra_headers={"Authorization": "Bearer " + OPENAI_API_KEY}) as s:\n        await s.send("{}")',
    ],
    [
      "websocket-client's create_connection with header lines",
      '    import websocket\n    s = websocket.create_connection(URL, header=["Authorization: Bearer " + OPENAI_API_KEY, "OpenAI-Beta: realtime=v1"])\n    s.send("{}")',
    ],
    [
      "aiohttp's ws_connect",
      '    import aiohttp\n    async with aiohttp.ClientSession() as session:\n        async with session.ws_connect(URL, headers={"Authorization": f"Bearer {OPENAI_API_KEY}"}) as s:\n            await s.send_str("{}")',
    ],
  ];
  for (const [name, call] of variants) {
    it(`${name}: a client of api.openai.com; healthy with the key in .env, key-missing without it`, async () => {
      const files = (env: string) => ({
        '.env': env,
        '.gitignore': '.env\n',
        'requirements.txt': 'websockets\npython-dotenv\n',
        'main.py': ws(call),
      });
      const ok = await doctorOn(files(`OPENAI_API_KEY=${key}\n`));
      assert.deepEqual(ok.errors, []);
      const c = ok.target('python:main.py')?.clients?.[0];
      assert.equal(c?.endpoint.provider, 'openai', JSON.stringify(ok.target('python:main.py')?.clients));
      assert.deepEqual(c?.credential.kind === 'env' ? c.credential.names : [], ['OPENAI_API_KEY']);
      const bad = await doctorOn(files('DEBUG=1\n'));
      assert.ok(
        bad.errors.some((e) => /^key-missing: .*OPENAI_API_KEY/.test(e)),
        bad.errors.join('\n') || bad.ids.join(', '),
      );
    });
  }
  it("a WebSocket to the project's own server with a session token is not a client", async () => {
    const r = await doctorOn({
      'requirements.txt': 'websockets\n',
      'main.py': ws(
        '    async with websockets.connect("ws://localhost:8000/ws", additional_headers={"Authorization": f"Bearer {os.environ[\'SESSION_TOKEN\']}"}) as s:\n        await s.send("{}")',
      ),
    });
    assert.deepEqual(r.errors, []);
    assert.equal(r.target('python:main.py')?.clients?.length ?? 0, 0);
  });
});
