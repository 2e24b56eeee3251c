/**
 * Two kinds of LLM client besides the SDKs: LangChain's universal chat model (`init_chat_model`,
 * `initChatModel`) and raw HTTP calls to a provider (`fetch` / axios / requests / httpx with the key in
 * the Authorization header). A healthy project gets no error; a broken one is named at its file and line.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { doctorOn, json } from '../helpers/doctor.js';
import { foreignKey, openaiKey } from '../helpers/keys.js';

const key = openaiKey('proj', 'chat-models-http');
const ant = foreignKey('anthropic', 'chat-models-http');
const py = (app: string, env: string) => ({ '.env': env, '.gitignore': '.env\n', 'requirements.txt': 'langchain>=0.3\nlangchain-openai\nlangchain-anthropic\npython-dotenv\n', 'app.py': app });
const loaded = (body: string) => `from dotenv import load_dotenv\nfrom langchain.chat_models import init_chat_model\n\nload_dotenv()\n${body}`;

describe('LangChain init_chat_model (Python)', () => {
  it('"anthropic:..." with ANTHROPIC_API_KEY in the loaded .env: healthy, and the client reads that key', async () => {
    const r = await doctorOn(py(loaded('llm = init_chat_model("anthropic:claude-3-5-sonnet-latest")\n'), `ANTHROPIC_API_KEY=${ant}\n`));
    assert.deepEqual(r.errors, []);
    const c = r.target('python:app.py')?.clients?.[0];
    assert.equal(c?.status, 'runs');
    assert.deepEqual(c?.credential.kind === 'env' ? c.credential.names : [], ['ANTHROPIC_API_KEY']);
    assert.equal(c?.endpoint.provider, 'anthropic');
  });
  it('model_provider="openai" needs OPENAI_API_KEY: a misspelled name in the .env is named at its line', async () => {
    const r = await doctorOn(py(loaded('llm = init_chat_model("gpt-4o", model_provider="openai", temperature=0)\n'), `DEBUG=1\nOPENAI_APIKEY=${key}\n`));
    const f = r.report.findings.find((x) => x.id === 'env-name-mismatch');
    assert.ok(f, r.ids.join(', '));
    assert.equal(f.severity, 'error');
    assert.deepEqual([f.location?.path, f.location?.line], ['app.py', 5]);
    assert.match(f.message, /OPENAI_API_KEY.*OPENAI_APIKEY is defined \(\.env:2\)/);
  });
  it('an inferred provider (a bare "gpt-4o") whose key is in a folder nothing loads: the key is missing for that client', async () => {
    const r = await doctorOn({ ...py(loaded('llm = init_chat_model("gpt-4o")\n'), 'DEBUG=1\n'), 'config/.env': `OPENAI_API_KEY=${key}\n` });
    assert.ok(r.errors.some((e) => /OPENAI_API_KEY/.test(e)), r.errors.join('\n') || r.ids.join(', '));
    const f = r.report.findings.find((x) => x.severity === 'error' && /OPENAI_API_KEY/.test(x.message));
    assert.ok(f && /config\/\.env|app\.py/.test(JSON.stringify(f)), JSON.stringify(f));
  });
  it('an OpenAI key put in ANTHROPIC_API_KEY is key-foreign-provider at the .env line', async () => {
    const r = await doctorOn(py(loaded('llm = init_chat_model(model="claude-3-5-haiku-latest")\n'), `ANTHROPIC_API_KEY=${key}\n`));
    const f = r.report.findings.find((x) => x.id === 'key-foreign-provider');
    assert.ok(f, r.ids.join(', '));
    assert.equal(f.location?.path, '.env');
    assert.equal(f.location?.line, 1);
  });
  it('api_key= is honoured: the client reads the variable it names', async () => {
    const r = await doctorOn(py(`import os\n${loaded('llm = init_chat_model("openai:gpt-4o-mini", api_key=os.environ["MY_LLM_KEY"])\n')}`, `MY_LLM_KEY=${key}\n`));
    assert.deepEqual(r.errors, []);
    const c = r.target('python:app.py')?.clients?.[0];
    assert.deepEqual(c?.credential.kind === 'env' ? c.credential.names : [], ['MY_LLM_KEY']);
  });
  it('base_url= to a local server with a dummy key: healthy', async () => {
    const r = await doctorOn(py(loaded('llm = init_chat_model("openai:llama3", base_url="http://localhost:11434/v1", api_key="ollama")\n'), 'DEBUG=1\n'));
    assert.deepEqual(r.errors, []);
  });
  it('a provider chosen at run time (a variable model) is a conditional client: never an error', async () => {
    const r = await doctorOn(py(`import os\n${loaded('MODEL = os.environ.get("MODEL_ID", "")\nllm = init_chat_model(model=MODEL)\nother = init_chat_model(model=MODEL, model_provider=os.getenv("PROVIDER"))\n')}`, 'DEBUG=1\n'));
    assert.deepEqual(r.errors, []);
    const cs = r.target('python:app.py')?.clients ?? [];
    assert.equal(cs.length, 2);
    assert.ok(cs.every((c) => c.status === 'maybe' && c.credential.kind !== 'env'), JSON.stringify(cs));
  });
  it('a provider keydoctor does not judge (Bedrock) records no client', async () => {
    const r = await doctorOn(py(loaded('llm = init_chat_model("anthropic.claude-3-5-sonnet-20240620-v1:0", model_provider="bedrock_converse")\n'), 'DEBUG=1\n'));
    assert.deepEqual(r.errors, []);
    assert.equal(r.target('python:app.py')?.clients?.length ?? 0, 0);
  });
});

describe('LangChain initChatModel (JS)', () => {
  const node = (code: string, env: string) => ({ '.env': env, '.gitignore': '.env\n', 'package.json': json({ name: 'lc', type: 'module', scripts: { start: 'node index.js' }, dependencies: { langchain: '^0.3.0', '@langchain/openai': '^0.3.0', dotenv: '^16.0.0' } }), 'index.js': `import 'dotenv/config';\nimport { initChatModel } from 'langchain/chat_models/universal';\n\n${code}` });
  it('"openai:gpt-4o" with the key in .env: healthy', async () => {
    const r = await doctorOn(node('const llm = await initChatModel("openai:gpt-4o");\n', `OPENAI_API_KEY=${key}\n`));
    assert.deepEqual(r.errors, []);
    const c = r.report.targets.flatMap((t) => t.clients ?? [])[0];
    assert.equal(c?.status, 'runs');
  });
  it('modelProvider "anthropic" with the key under another name: env-name-mismatch at the .env line', async () => {
    const r = await doctorOn(node('const llm = await initChatModel("claude-3-5-haiku-latest", { modelProvider: "anthropic", temperature: 0 });\n', `PORT=3000\nANTHROPIC_KEY=${ant}\n`));
    const f = r.report.findings.find((x) => x.id === 'env-name-mismatch' || x.id === 'key-missing');
    assert.ok(f && f.severity === 'error', r.ids.join(', '));
    assert.ok(/ANTHROPIC_API_KEY/.test(f.message), f.message);
  });
  it('apiKey: process.env.X is honoured; a variable model is never an error', async () => {
    const r = await doctorOn(node('const a = await initChatModel("openai:gpt-4o-mini", { apiKey: process.env.LLM_KEY });\nconst b = await initChatModel(process.env.MODEL);\n', `LLM_KEY=${key}\n`));
    assert.deepEqual(r.errors, []);
  });
});
