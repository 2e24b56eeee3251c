/**
 * Patterns of real public repositories tried in session 30 (each rebuilt here as a small synthetic
 * project; no fetched code): a healthy set-up gets no false error, and a broken one keeps its finding.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { doctorOn as doctor } from '../helpers/doctor.js';


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
