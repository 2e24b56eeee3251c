/**
 * Patterns of real public repositories tried in session 31 (each rebuilt here as a small synthetic
 * project; no fetched code): a healthy set-up gets no false error, and a broken one keeps its finding.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { doctorOn as doctor } from '../helpers/doctor.js';
import { openaiKey } from '../helpers/keys.js';

const nb = (lines: string[]) =>
  JSON.stringify({
    cells: [{ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: lines }],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  });

describe("a library's examples and tutorials calling shut-down models (instructor)", () => {
  const lib = {
    'pyproject.toml': '[project]\nname = "lib"\ndependencies = ["openai>=1"]\n',
    'lib/__init__.py': 'from .distil import Helper\n',
    'lib/distil.py':
      'from openai import OpenAI\n\nclass Helper:\n    def __init__(self, client=None):\n        self.client = client or OpenAI()\n',
  };
  const example =
    'from openai import OpenAI\nimport lib\n\nclient = OpenAI()\nif __name__ == "__main__":\n    client.chat.completions.create(model="gpt-3.5-turbo-0613", messages=[])\n';

  it('an example beside the library: a warning that says it is an example, not an error', async () => {
    const r = await doctor({ ...lib, 'examples/extract/run.py': example }, {}, { OPENAI_API_KEY: openaiKey() });
    assert.deepEqual(r.errors, []);
    const f = r.report.findings.find((x) => x.id === 'model-retired');
    assert.equal(f?.severity, 'warning');
    assert.match(f?.message ?? '', /example .*run by hand/);
  });

  it("a tutorial notebook that imports the library and builds its own client: the library's client does not make it run", async () => {
    const r = await doctor(
      {
        ...lib,
        'docs/tutorials/1-intro.ipynb': nb([
          'import lib\n',
          'from openai import OpenAI\n',
          'client = OpenAI()\n',
          'client.chat.completions.create(model="gpt-3.5-turbo-0613", messages=[])\n',
        ]),
      },
      {},
      { OPENAI_API_KEY: openaiKey() },
    );
    assert.deepEqual(r.errors, []);
    assert.ok(r.ids.includes('model-retired'), r.ids.join(', '));
  });

  it("the project's own code calling a shut-down model is still an error", async () => {
    const r = await doctor(
      {
        ...lib,
        'lib/run.py':
          'from .distil import Helper\n\nif __name__ == "__main__":\n    Helper().client.chat.completions.create(model="gpt-3.5-turbo-0613", messages=[])\n',
        'examples/extract/run.py': example,
      },
      {},
      { OPENAI_API_KEY: openaiKey() },
    );
    assert.ok(
      r.errors.some((e) => e.startsWith('model-retired: lib/run.py')),
      r.errors.join('\n'),
    );
  });

  it('a collection of examples (no code of its own elsewhere): the example the user runs is still an error', async () => {
    const r = await doctor(
      { 'requirements.txt': 'openai\n', 'examples/extract/run.py': example.replace('import lib\n', '') },
      {},
      { OPENAI_API_KEY: openaiKey() },
    );
    assert.ok(
      r.errors.some((e) => e.startsWith('model-retired:')),
      r.ids.join(', '),
    );
  });
});

describe('a key read from the environment or asked for (pinecone examples, LangChain tutorials)', () => {
  const notebook = (fallback: string) =>
    nb([
      'import os\n',
      'from getpass import getpass\n',
      'from openai import OpenAI\n',
      `api_key = os.getenv("OPENAI_API_KEY") or ${fallback}\n`,
      'client = OpenAI(api_key=api_key)\n',
      'client.models.list()\n',
    ]);

  for (const [what, fallback] of [
    ['getpass()', 'getpass("OpenAI API key: ")'],
    ['input()', 'input("OpenAI API key: ")'],
  ] as const) {
    it(`os.getenv(...) or ${what}: the notebook asks for the key, no key-missing`, async () => {
      const r = await doctor({ 'requirements.txt': 'openai\n', 'rag.ipynb': notebook(fallback) });
      assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
    });
  }

  it('os.environ["OPENAI_API_KEY"] = os.getenv(...) or getpass(...) before OpenAI(): no key-missing', async () => {
    const r = await doctor({
      'requirements.txt': 'openai\n',
      'app.py':
        'import os\nfrom getpass import getpass\nfrom openai import OpenAI\nos.environ["OPENAI_API_KEY"] = os.getenv("OPENAI_API_KEY") or getpass("Key: ")\nclient = OpenAI()\nprint(client.models.list())\n',
    });
    assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
  });

  it('a fallback keydoctor cannot follow (a config lookup) is a warning that names it', async () => {
    const r = await doctor({
      'requirements.txt': 'openai\n',
      'config.py': 'def get(k):\n    return None\n',
      'app.py':
        'import os\nimport config\nfrom openai import OpenAI\nclient = OpenAI(api_key=os.getenv("OPENAI_API_KEY") or config.get("openai_key"))\nprint(client.models.list())\n',
    });
    const f = r.report.findings.find((x) => x.id === 'key-missing');
    assert.equal(f?.severity, 'warning');
    assert.match(f?.message ?? '', /unset the key comes from `config\.get\("openai_key"\)`/);
  });

  it('the environment alone, nothing asked for: still an error', async () => {
    const r = await doctor({ 'requirements.txt': 'openai\n', 'rag.ipynb': notebook('None') });
    assert.ok(
      r.errors.some((e) => e.startsWith('key-missing:')),
      r.ids.join(', '),
    );
  });
});
