/**
 * Patterns of real public repositories tried in session 31 (each rebuilt here as a small synthetic
 * project; no fetched code): a healthy set-up gets no false error, and a broken one keeps its finding.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempProject } from '../helpers/project.js';
import { doctorReport, runDiagnosis } from '../../src/pipeline/diagnose.js';
import { runScan } from '../../src/pipeline/scan.js';
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

  it('os.environ["OPENAI_API_KEY"] = os.getenv(...) or getpass(...), then a client given os.environ["OPENAI_API_KEY"]: no key-missing', async () => {
    const r = await doctor({
      'requirements.txt': 'langchain-openai\n',
      'rag-chatbot.ipynb': nb([
        'import os\n',
        'from langchain_openai import ChatOpenAI\n',
        'from getpass import getpass\n',
        'os.environ["OPENAI_API_KEY"] = os.getenv("OPENAI_API_KEY") or getpass(\n',
        '    "Enter your OpenAI API key: "\n',
        ')\n',
        'chat = ChatOpenAI(openai_api_key=os.environ["OPENAI_API_KEY"], model="gpt-4o-mini")\n',
        'chat.invoke("hi")\n',
      ]),
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

describe("a library class that builds a client, instantiated only by other parts (instructor's Instructions)", () => {
  const tree = {
    'pyproject.toml': '[project]\nname = "lib"\ndependencies = ["openai>=1"]\n',
    'lib/__init__.py': 'from .distil import Helper\n',
    'lib/distil.py':
      'from openai import OpenAI\n\n\nclass Helper:\n    def __init__(self, client=None):\n        self.client = client or OpenAI()\n',
    'examples/distil/run.py':
      'import lib\nh = lib.Helper()\nif __name__ == "__main__":\n    print(h.client.models.list())\n',
    'examples/avail/run_mixtral.py':
      'import os\nimport lib\nfrom openai import OpenAI\n\nclient = OpenAI(base_url="https://api.endpoints.anyscale.com/v1", api_key=os.environ["ANYSCALE_API_KEY"])\nif __name__ == "__main__":\n    client.chat.completions.create(model="mistralai/Mixtral-8x7B-Instruct-v0.1", messages=[])\n',
  };

  it('a script that only imports the package does not build it: no key-missing for it', async () => {
    const r = await doctor(tree, {}, { ANYSCALE_API_KEY: 'esecret_' + 'x'.repeat(20) });
    const t = r.target('python:examples/avail/run_mixtral.py');
    const lib = t?.clients?.find((c) => c.location.path === 'lib/distil.py');
    assert.equal(lib?.status, 'maybe');
    assert.match(lib?.condition ?? '', /Helper is instantiated, which only other parts/);
    for (const f of r.report.findings.filter((x) => x.id === 'key-missing'))
      assert.doesNotMatch(f.message, /run_mixtral/);
  });

  it('the example that instantiates it still needs the key', async () => {
    const r = await doctor(tree, {}, { ANYSCALE_API_KEY: 'esecret_' + 'x'.repeat(20) });
    const t = r.target('python:examples/distil/run.py');
    assert.equal(t?.clients?.find((c) => c.location.path === 'lib/distil.py')?.status, 'runs');
    assert.ok(
      r.report.findings.some((f) => f.id === 'key-missing' && /examples\/distil\/run\.py/.test(f.message)),
      r.ids.join(', '),
    );
  });

  it("a helper with no SDK name in it that instantiates the class through the package (swarm's eval_utils.py) builds it", async () => {
    const r = await doctor(
      {
        ...tree,
        'evals/eval_utils.py':
          'from lib import Helper\n\ndef run_evals(cases):\n    h = Helper()\n    return [h.client for _ in cases]\n',
        'evals/function_evals.py':
          'from evals.eval_utils import run_evals\n\nif __name__ == "__main__":\n    run_evals([1, 2])\n',
      },
      {},
      { ANYSCALE_API_KEY: 'esecret_' + 'x'.repeat(20) },
    );
    const t = r.target('python:evals/function_evals.py');
    assert.equal(t?.clients?.find((c) => c.location.path === 'lib/distil.py')?.status, 'runs');
  });
});

describe('deployment files for the published image beside a service set up locally (chatgpt-web)', () => {
  const service = (env: string | undefined) => ({
    'service/package.json': JSON.stringify({
      scripts: { start: 'esno ./src/index.ts' },
      dependencies: { openai: '^4.0.0', dotenv: '^16.0.0' },
    }),
    'service/src/index.ts':
      "import * as dotenv from 'dotenv';\nimport OpenAI from 'openai';\ndotenv.config();\nconst client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\nclient.models.list().then(console.log);\n",
    ...(env ? { 'service/.env': env } : {}),
    '.gitignore': '.env\nnode_modules\n',
    'docker-compose/docker-compose.yml':
      'services:\n  app:\n    image: someone/chatgpt-web\n    ports:\n      - 3002:3002\n    environment:\n      OPENAI_API_KEY:\n      OPENAI_API_BASE_URL:\n      OPENAI_API_MODEL:\n',
  });
  const manifest =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: chatgpt-web\nspec:\n  template:\n    spec:\n      containers:\n        - name: chatgpt-web\n          image: someone/chatgpt-web\n          env:\n            - name: OPENAI_API_KEY\n              value: sk-xxx\n';

  it('compose not set up while the service has its key: warnings only, and none for plain settings left out', async () => {
    const r = await doctor({ ...service(`OPENAI_API_KEY=${openaiKey()}\n`), 'kubernetes/deploy.yaml': manifest });
    assert.deepEqual(r.errors, []);
    const unset = r.report.findings.filter((f) => f.id === 'compose-var-unset');
    assert.deepEqual(
      unset.map((f) => [f.severity, f.data?.variable]),
      [['warning', 'OPENAI_API_KEY']],
    );
    assert.match(unset[0]?.message ?? '', /only if you run it with compose/);
    const ph = r.report.findings.find((f) => f.id === 'key-placeholder');
    assert.equal(ph?.severity, 'warning');
    assert.match(ph?.message ?? '', /fill it in before you deploy/);
  });

  it('without the k8s manifest, key-missing for compose is still only a warning (its placeholder no longer decides it)', async () => {
    const r = await doctor(service(`OPENAI_API_KEY=${openaiKey()}\n`));
    assert.deepEqual(r.errors, []);
    assert.equal(r.report.findings.find((f) => f.id === 'key-missing')?.severity, 'warning');
  });

  it('nothing set up anywhere: the compose key and the manifest placeholder are errors', async () => {
    const r = await doctor({ ...service(undefined), 'kubernetes/deploy.yaml': manifest });
    assert.ok(
      r.errors.some((e) => e.startsWith('compose-var-unset:')),
      r.errors.join('\n'),
    );
    assert.ok(
      r.errors.some((e) => e.startsWith('key-placeholder:')),
      r.errors.join('\n'),
    );
  });
});

describe("a CI job's own name for the key, for the tests it runs (go-openai)", () => {
  const tree = (run: string) => ({
    'go.mod': 'module example.com/lib\n\ngo 1.22\n',
    'examples/demo/main.go':
      'package main\n\nimport (\n\t"os"\n\topenai "example.com/lib"\n)\n\nfunc main() {\n\tc := openai.NewClient(os.Getenv("OPENAI_API_KEY"))\n\t_ = c\n}\n',
    'api_integration_test.go':
      'package openai\n\nimport (\n\t"os"\n\t"testing"\n)\n\nfunc TestAPI(t *testing.T) {\n\ttok := os.Getenv("OPENAI_TOKEN")\n\t_ = tok\n}\n',
    '.github/workflows/it.yml': `on:\n  push:\n    branches: [master]\njobs:\n  it:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - env:\n          OPENAI_TOKEN: \${{ secrets.OPENAI_TOKEN }}\n        run: ${run}\n`,
  });

  it('env-name-mismatch: a name only CI sets is a warning, with no rename', async () => {
    const r = await doctor(tree('go test -v ./api_integration_test.go'));
    assert.deepEqual(r.errors, []);
    const f = r.report.findings.find((x) => x.id === 'env-name-mismatch');
    assert.equal(f?.severity, 'warning');
    assert.match(f?.message ?? '', /Only a CI job sets OPENAI_TOKEN/);
    assert.doesNotMatch(f?.fix?.summary ?? '', /[Rr]ename/);
  });

  it('ci-secret-unavailable: a job that runs tests gets no automatic rename', async () => {
    const r = await doctor(tree('go test -v ./api_integration_test.go'));
    const f = r.report.findings.find((x) => x.id === 'ci-secret-unavailable' && x.data?.reason === 'misnamed');
    assert.ok(f, r.ids.join(', '));
    assert.match(f.message, /The job runs tests, which keydoctor does not read/);
    assert.equal(f.fix?.edit, undefined);
  });

  it('a job that runs the app itself keeps the rename', async () => {
    const r = await doctor(tree('go run ./examples/demo'));
    const f = r.report.findings.find((x) => x.id === 'ci-secret-unavailable' && x.data?.reason === 'misnamed');
    assert.ok(f?.fix?.edit, r.ids.join(', '));
  });
});

describe('a script that starts a file the project does not hold, in a collection of apps (awesome-llm-apps)', () => {
  const tree = {
    '.gitignore': '.env\n',
    'generative_ui/starter/entrypoint.sh': '#!/bin/bash\nnode server.js 2>&1 &\nwait\n',
    'advanced/chat_with_x/streaming_bot/package.json': JSON.stringify({ dependencies: { openai: '^4.0.0' } }),
    'advanced/chat_with_x/streaming_bot/steps/ai.ts':
      "import OpenAI from 'openai';\nconst openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\nexport default openai;\n",
  };

  it("reaches the clients of the script's own package, not another app's", async () => {
    const r = await doctor(tree);
    const t = r.target('script:generative_ui/starter/entrypoint.sh');
    assert.ok(t, r.targetIds.join(', '));
    assert.deepEqual(t.clients ?? [], []);
    assert.equal(t.label, 'generative_ui/starter/entrypoint.sh (node server.js)');
    assert.deepEqual(r.errors, []);
  });

  it("its own package's code still counts (a build's output run from the package)", async () => {
    const r = await doctor({
      ...tree,
      'generative_ui/starter/package.json': JSON.stringify({ dependencies: { openai: '^4.0.0' } }),
      'generative_ui/starter/src/agent.ts': "import OpenAI from 'openai';\nexport const client = new OpenAI();\n",
    });
    const t = r.target('script:generative_ui/starter/entrypoint.sh');
    assert.deepEqual(
      (t?.clients ?? []).map((c) => c.location.path),
      ['generative_ui/starter/src/agent.ts'],
    );
  });
});

describe("an app of a collection, with its own requirements, run from its own folder (awesome-llm-apps' agentic_rag_math_agent)", () => {
  const app = (root: string) => ({
    [`${root}requirements.txt`]: 'openai\npython-dotenv\nstreamlit\n',
    [`${root}rag/__init__.py`]: '',
    [`${root}rag/q.py`]:
      'import os\nfrom dotenv import load_dotenv\nfrom openai import OpenAI\nload_dotenv("config/.env")\nclient = OpenAI(api_key=os.getenv("OPENAI_API_KEY"))\n\ndef answer(q):\n    return client.responses.create(model="gpt-5.5", input=q).output_text\n',
    [`${root}config/.env`]: `OPENAI_API_KEY=${openaiKey()}\n`,
  });

  it("a relative load_dotenv path is read from the app's folder, where its README starts it", async () => {
    const r = await doctor({
      '.gitignore': '.env\n',
      ...app('rag_tutorials/math_agent/'),
      'other_app/requirements.txt': 'streamlit\n',
      'other_app/app.py': 'import streamlit as st\nst.write("x")\n',
    });
    assert.deepEqual(r.errors, []);
    assert.ok(!r.ids.includes('dotenv-wrong-location'), r.ids.join(', '));
  });

  it('a project of one (requirements at the root) still reads it from the root', async () => {
    const r = await doctor({ '.gitignore': '.env\n', ...app('') });
    assert.deepEqual(r.errors, []);
    const moved: Record<string, string> = { '.gitignore': '.env\n', ...app('') };
    delete moved['config/.env'];
    moved['rag/config/.env'] = `OPENAI_API_KEY=${openaiKey()}\n`;
    const wrong = await doctor(moved);
    assert.ok(wrong.ids.includes('dotenv-wrong-location'), wrong.ids.join(', '));
  });
});

describe('a compose test set-up whose agent talks to a mock service beside it (awesome-llm-apps generative-ui)', () => {
  const tree = (base: string) => ({
    'agent/requirements.txt': 'openai\n',
    'agent/main.py': 'from openai import OpenAI\nclient = OpenAI()\nprint(client.models.list())\n',
    'agent/Dockerfile': 'FROM python:3.12\nCOPY . .\nCMD ["python", "main.py"]\n',
    'docker-compose.yml': `services:\n  mock:\n    image: ghcr.io/copilotkit/aimock:latest\n  agent:\n    build: ./agent\n    environment:\n      - OPENAI_API_KEY=test-key-for-mock\n      - OPENAI_BASE_URL=${base}\n    depends_on: [mock]\n`,
  });

  it('the base URL naming the mock service is information, and running the agent directly is the way not set up', async () => {
    const r = await doctor(tree('http://mock:4010/v1'));
    assert.deepEqual(r.errors, []);
    assert.equal(r.report.findings.find((f) => f.id === 'base-url-override')?.severity, 'info');
    assert.equal(r.report.findings.find((f) => f.id === 'key-missing')?.severity, 'warning');
  });

  it('a host that is no service of the file is still a warning', async () => {
    const r = await doctor(tree('http://localhost:4010/v1'));
    assert.equal(r.report.findings.find((f) => f.id === 'base-url-override')?.severity, 'warning');
  });
});

describe("a key written into a tracked config file as the README says (TaskWeaver's taskweaver_config.json)", () => {
  const made: Array<{ cleanup: () => void }> = [];
  after(() => made.forEach((p) => p.cleanup()));
  const run = async (commitKey: boolean, alsoEdit = false) => {
    const key = openaiKey();
    const cfg = (k: string) =>
      JSON.stringify({ 'llm.api_base': 'https://api.openai.com/v1', 'llm.api_key': k }, null, 2);
    const p = tempProject(
      { 'project/taskweaver_config.json': cfg(commitKey ? key : ''), 'README.md': '# app\n' },
      {},
      { git: true },
    );
    made.push(p);
    if (!commitKey) writeFileSync(join(p.root, 'project/taskweaver_config.json'), cfg(key));
    if (alsoEdit) writeFileSync(join(p.root, 'project/taskweaver_config.json'), cfg(key) + '\n');
    const d = await runDiagnosis({
      root: p.root,
      home: p.home,
      env: { PATH: process.env.PATH ?? '', HOME: p.home },
      offline: true,
    });
    return doctorReport(d).findings.find((f) => f.id === 'key-hardcoded');
  };

  it('only in the working copy: not committed yet, and the fix keeps it out instead of rotate-first', async () => {
    const f = await run(false);
    assert.match(f?.message ?? '', /the key is a change since the last commit/);
    assert.doesNotMatch(f?.fix?.summary ?? '', /^Rotate/);
  });

  it('keydoctor scan tells the two apart as the doctor does', async () => {
    const key = openaiKey();
    const p = tempProject(
      { 'app.py': `import openai\nopenai.api_key = "${key}"\n`, 'b.py': 'x = 1\n' },
      {},
      { git: true },
    );
    made.push(p);
    writeFileSync(join(p.root, 'b.py'), `import openai\nopenai.api_key = "${openaiKey()}"\n`);
    const r = await runScan({ root: p.root });
    const fix = (rel: string) =>
      r.findings.find((f) => f.id === 'key-hardcoded' && f.location?.path === rel)?.fix?.summary;
    assert.match(fix('app.py') ?? '', /^Rotate/);
    assert.match(fix('b.py') ?? '', /skip-worktree b\.py/);
  });

  for (const edited of [false, true])
    it(`committed${edited ? ', the file edited elsewhere since' : ''}: rotate first`, async () => {
      const f = await run(true, edited);
      assert.doesNotMatch(f?.message ?? '', /since the last commit/);
      assert.match(f?.fix?.summary ?? '', /^Rotate/);
    });
});

describe("a sub-folder README's docker run --env-file (vocode's apps/client_backend)", () => {
  const tree = (rootEnv: string) => ({
    '.gitignore': '.env\n',
    '.env': rootEnv,
    'app/requirements.txt': 'openai\n',
    'app/main.py': 'from openai import OpenAI\nclient = OpenAI()\nprint(client.models.list())\n',
    'app/.env': `OPENAI_API_KEY=${openaiKey()}\n`,
    'app/.dockerignore': '.env\n',
    'app/Dockerfile': 'FROM python:3.12\nCOPY . .\nCMD ["python", "main.py"]\n',
    'app/README.md':
      '# Client backend\n\n```bash\ncp .env.template .env\ndocker build -t myimg .\ndocker run --env-file=.env -p 3000:3000 -t myimg\n```\n',
  });

  it("reads the .env of the README's folder, where its commands run", async () => {
    const r = await doctor(tree('OPENAI_API_KEY=\n'));
    const t = r.target('docker-run:app/README.md:6');
    assert.ok(t, r.targetIds.join(', '));
    assert.deepEqual(t.loads, ['app/.env']);
    assert.deepEqual(r.errors, []);
  });

  it('running the code directly is a warning that names the docker run handing the file over', async () => {
    const r = await doctor(tree(''));
    const f = r.report.findings.find((x) => x.id === 'dotenv-not-loaded');
    assert.equal(f?.severity, 'warning');
    assert.match(f?.message ?? '', /--env-file\), so `docker run` has the key/);
  });
});

describe("a load of a path the code computes (SWE-agent's load_environment_variables)", () => {
  it('says the target may not load the file, and the fix asks which file the load is given', async () => {
    const r = await doctor({
      '.gitignore': '.env\n',
      '.env': `OPENAI_API_KEY=${openaiKey()}\n`,
      'requirements.txt': 'openai>=1\npython-dotenv\n',
      'pkg/__init__.py': '',
      'pkg/config.py':
        'from pathlib import Path\nfrom dotenv import load_dotenv\n\nREPO_ROOT = Path(__file__).resolve().parent.parent\n\n\ndef load_environment_variables(path=None):\n    if path is None:\n        cwd_path = Path.cwd() / ".env"\n        path = cwd_path if cwd_path.exists() else REPO_ROOT / ".env"\n    load_dotenv(dotenv_path=path)\n',
      'pkg/run.py':
        'from openai import OpenAI\nfrom pkg.config import load_environment_variables\n\n\ndef main():\n    load_environment_variables()\n    client = OpenAI()\n    client.chat.completions.create(model="gpt-5.5", messages=[])\n\n\nif __name__ == "__main__":\n    main()\n',
    });
    const f = r.report.findings.find((x) => x.id === 'dotenv-not-loaded');
    assert.equal(f?.severity, 'warning');
    assert.match(f?.message ?? '', /may not load \.env/);
    assert.doesNotMatch(f?.message ?? '', /never loads/);
    assert.match(f?.fix?.summary ?? '', /^Check which file load_dotenv/);
  });
});

describe('a collection of Spring Boot examples, the OpenAI one set up (langchain4j-examples)', () => {
  const module = (dir: string, prop: string) => ({
    [`${dir}/pom.xml`]:
      '<project><modelVersion>4.0.0</modelVersion><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.3.0</version></parent><artifactId>x</artifactId><dependencies><dependency><groupId>dev.langchain4j</groupId><artifactId>langchain4j-spring-boot-starter</artifactId><version>1.0.0</version></dependency></dependencies></project>\n',
    [`${dir}/src/main/resources/application.properties`]: `${prop}\n`,
  });
  const tree = {
    ...module('openai-example', 'langchain4j.open-ai.chat-model.api-key=${OPENAI_API_KEY}'),
    ...module('azure-example', 'langchain4j.azure-open-ai.chat-model.api-key=${AZURE_OPENAI_KEY}'),
  };

  it('the Azure example is an example not set up: a warning, with the OpenAI key in the shell', async () => {
    const r = await doctor(tree, {}, { OPENAI_API_KEY: openaiKey() });
    assert.deepEqual(r.errors, []);
    assert.equal(r.report.findings.find((f) => f.id === 'key-missing')?.severity, 'warning');
  });

  it('nothing set up at all: still errors', async () => {
    const r = await doctor(tree);
    assert.ok(
      r.errors.some((e) => e.startsWith('key-missing:')),
      r.ids.join(', '),
    );
  });
});

describe('a Go, Rust, Java or .NET project on an OpenAI SDK (charmbracelet/mods)', () => {
  const builds: Array<[string, string, string]> = [
    [
      'go.mod',
      'module example.com/m\n\ngo 1.22\n\nrequire (\n\tgithub.com/openai/openai-go v1.12.0\n\tgithub.com/spf13/cobra v1.8.0\n)\n',
      'github.com/openai/openai-go',
    ],
    ['Cargo.toml', '[package]\nname = "x"\n\n[dependencies]\nasync-openai = "0.28"\n', 'async-openai'],
    [
      'pom.xml',
      '<project><dependencies><dependency><groupId>com.openai</groupId><artifactId>openai-java</artifactId></dependency></dependencies></project>\n',
      'com.openai',
    ],
    [
      'App.csproj',
      '<Project><ItemGroup><PackageReference Include="Azure.AI.OpenAI" Version="2.1.0" /></ItemGroup></Project>\n',
      'Azure.AI.OpenAI',
    ],
  ];
  for (const [file, text, sdk] of builds)
    it(`${file}: not "nothing uses OpenAI"${/openai-go|async-openai/.test(sdk) ? `; a shell without the key is a warning naming ${sdk}, whose client reads it` : ''}`, async () => {
      const r = await doctor({ [file]: text, 'README.md': '# x\n' });
      assert.equal(r.report.data?.usesLLM, true);
      const f = r.report.findings.find((x) => x.id === 'key-missing');
      if (/openai-go|async-openai/.test(sdk)) {
        assert.equal(f?.severity, 'warning');
        assert.match(f?.message ?? '', new RegExp(`depends on ${sdk.replace(/\./g, '\\.')}`));
      } else assert.equal(f, undefined, 'the key comes from its configuration');
    });

  it('with the key exported: nothing to report', async () => {
    const [file, text] = builds[0] as [string, string, string];
    const r = await doctor({ [file]: text }, {}, { OPENAI_API_KEY: openaiKey() });
    assert.deepEqual(r.report.findings, []);
  });

  it('a build file on no LLM SDK changes nothing', async () => {
    const r = await doctor({ 'go.mod': 'module example.com/m\n\ngo 1.22\n\nrequire github.com/spf13/cobra v1.8.0\n' });
    assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
  });
});

describe('a workspace with a manifest at its root and packages with their own (a uv workspace)', () => {
  it('is run from the root: a relative load_dotenv(".env") in a package reads the root .env', async () => {
    const r = await doctor({
      '.gitignore': '.env\n',
      '.env': `OPENAI_API_KEY=${openaiKey()}\n`,
      'pyproject.toml': '[project]\nname = "ws"\n\n[tool.uv.workspace]\nmembers = ["packages/*"]\n',
      'packages/agent/pyproject.toml': '[project]\nname = "agent"\ndependencies = ["openai", "python-dotenv"]\n',
      'packages/agent/src/agent/main.py':
        'from dotenv import load_dotenv\nfrom openai import OpenAI\nload_dotenv(".env")\nclient = OpenAI()\n\nif __name__ == "__main__":\n    print(client.models.list())\n',
    });
    assert.deepEqual(r.errors, []);
    assert.ok(!r.ids.includes('dotenv-wrong-location'), r.ids.join(', '));
  });
});

describe("a command a package installs (package.json bin), with .env at the repository's root (open-codex)", () => {
  const tree = (envAt: string) => ({
    '.gitignore': '.env\n',
    [envAt]: `OPENAI_API_KEY=${openaiKey()}\n`,
    'package.json': JSON.stringify({ private: true }),
    'cli/package.json': JSON.stringify({
      type: 'module',
      bin: { mycli: 'dist/cli.js' },
      scripts: { build: 'tsc' },
      dependencies: { openai: '^4.0.0', dotenv: '^16.0.0' },
    }),
    'cli/src/cli.ts':
      "import 'dotenv/config';\nimport OpenAI from 'openai';\nconst client = new OpenAI({ apiKey: process.env['OPENAI_API_KEY'] });\nclient.models.list().then(console.log);\n",
  });

  it("reads the root's .env where the package's folder has none: no false wrong-location or not-loaded", async () => {
    const r = await doctor(tree('.env'));
    assert.deepEqual(r.errors, []);
    assert.ok(!r.ids.includes('dotenv-wrong-location') && !r.ids.includes('dotenv-not-loaded'), r.ids.join(', '));
  });

  it("the package's own .env still comes first", async () => {
    const r = await doctor(tree('cli/.env'));
    assert.deepEqual(r.errors, []);
  });
});

describe('a .env that neither a Node script nor a Python script loads', () => {
  it('gives one finding per language, each with its own load in the fix', async () => {
    const r = await doctor({
      '.gitignore': '.env\n',
      '.env': `OPENAI_API_KEY=${openaiKey()}\n`,
      'package.json': JSON.stringify({ scripts: { start: 'node server.js' }, dependencies: { openai: '^4.0.0' } }),
      'server.js':
        "const OpenAI = require('openai');\nconst client = new OpenAI();\nclient.models.list().then(console.log);\n",
      'requirements.txt': 'openai\n',
      'tools/ask.py': 'from openai import OpenAI\n\nif __name__ == "__main__":\n    print(OpenAI().models.list())\n',
    });
    const fs = r.report.findings.filter((f) => f.id === 'dotenv-not-loaded');
    assert.equal(fs.length, 2, fs.map((f) => f.message).join('\n'));
    const node = fs.find((f) => /dotenv/.test(f.fix?.summary ?? '') && /require|import/.test(f.fix?.summary ?? ''));
    assert.ok(node, fs.map((f) => f.fix?.summary).join('\n'));
    assert.doesNotMatch(node.message, /tools\/ask\.py/);
  });
});

describe('a collection of notebooks, each installing its own SDK, and a lockfile in another example (pinecone examples)', () => {
  const tree = {
    'pyproject.toml': '[project]\nname = "examples"\ndependencies = ["openai>=1.68.0"]\n',
    'learn/langgraph/agent/pyproject.toml': '[tool.poetry.dependencies]\nopenai = "^1.40"\n',
    'learn/langgraph/agent/poetry.lock': '[[package]]\nname = "openai"\nversion = "1.40.6"\n',
    'learn/fine-tuning/00-fine-tuning.ipynb': nb(['!pip install -qU \\\n', '    openai==0.27.9\n', 'import openai\n']),
    'learn/fine-tuning/chains.py':
      'import openai\n\ndef embed(t):\n    return openai.Embedding.create(model="text-embedding-ada-002", input=[t])\n',
    'learn/audio/audio.ipynb': nb([
      '!pip install openai\n',
      'import openai\n',
      'r = openai.Embedding.create(model="text-embedding-ada-002", input=["x"])\n',
    ]),
  };

  it("a module beside a notebook pinning openai 0.x runs on the notebook's SDK", async () => {
    const r = await doctor(tree, {}, { OPENAI_API_KEY: openaiKey() });
    const fs = r.report.findings.filter((f) => f.id === 'sdk-api-mismatch');
    const places = fs.flatMap((f) => [f.location?.path, ...(f.related ?? []).map((x) => x.path)]);
    assert.ok(!places.includes('learn/fine-tuning/chains.py'), places.join(', '));
  });

  it("an unpinned notebook install is named as the version, not another example's lockfile", async () => {
    const r = await doctor(tree, {}, { OPENAI_API_KEY: openaiKey() });
    const f = r.report.findings.find((x) => x.id === 'sdk-api-mismatch');
    assert.match(
      f?.message ?? '',
      /it installs openai \(no version pin: the newest release\) \(learn\/audio\/audio\.ipynb\)/,
    );
    assert.doesNotMatch(f?.message ?? '', /poetry\.lock/);
  });
});
