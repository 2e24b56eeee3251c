/**
 * crewAI's default LLM: an Agent without `llm=` runs on OPENAI_MODEL_NAME, then MODEL, else
 * gpt-4o-mini, on OpenAI unless the model names another provider (`anthropic/...`); an agent built
 * from `config/agents.yaml` follows that file's `llm:`; `LLM(model=...)` is a client of its own.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { doctorOn as doctor } from '../helpers/doctor.js';
import type { Tree } from '../helpers/project.js';
import { openaiKey } from '../helpers/keys.js';

const key = openaiKey('proj', 'crewai');

const crew = `from crewai import Agent, Crew, Process, Task
from crewai.project import CrewBase, agent, crew, task


@CrewBase
class GameCrew:
    agents_config = "config/agents.yaml"
    tasks_config = "config/tasks.yaml"

    @agent
    def engineer(self) -> Agent:
        return Agent(config=self.agents_config["engineer"], verbose=True)

    @crew
    def crew(self) -> Crew:
        return Crew(agents=self.agents, tasks=self.tasks, process=Process.sequential)
`;
const main = 'from game.crew import GameCrew\n\n\ndef run():\n    GameCrew().crew().kickoff(inputs={})\n';

const project = (
  env: string,
  agentsYaml = 'engineer:\n  role: Engineer\n  goal: Build\n  backstory: Builds\n',
): Tree => ({
  'pyproject.toml':
    '[project]\nname = "game"\nversion = "0.1.0"\ndependencies = ["crewai>=0.152.0"]\n\n[project.scripts]\nrun_crew = "game.main:run"\n',
  '.gitignore': '.env\n',
  '.env': env,
  'src/game/__init__.py': '',
  'src/game/crew.py': crew,
  'src/game/main.py': main,
  'src/game/config/agents.yaml': agentsYaml,
  'src/game/config/tasks.yaml': 'build:\n  description: Build\n  expected_output: Code\n  agent: engineer\n',
});

describe("crewAI's default LLM", () => {
  it('the .env copied from .env.example (OPENAI_API_KEY=...): key-placeholder, an error', async () => {
    const r = await doctor(project('OPENAI_API_KEY=...\n'));
    const f = r.report.findings.find((x) => x.id === 'key-placeholder');
    assert.ok(f, r.ids.join(', '));
    assert.equal(f.severity, 'error');
  });
  it('a real key: nothing to report', async () => {
    const r = await doctor(project(`OPENAI_API_KEY=${key}\n`));
    assert.deepEqual(r.errors, []);
  });
  it('MODEL names another provider (MODEL=ollama/llama3): no OpenAI key is needed', async () => {
    const r = await doctor(project('MODEL=ollama/llama3\n'));
    assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
    assert.deepEqual(r.errors, []);
  });
  it('MODEL names an OpenAI model and no key is set: key-missing', async () => {
    const r = await doctor(project('MODEL=gpt-4o\n'));
    assert.ok(r.ids.includes('key-missing'), r.ids.join(', '));
  });
  it("the agents' YAML picks its own llm: no error for a missing OpenAI key", async () => {
    const r = await doctor(
      project('ANTHROPIC_API_KEY=x\n', 'engineer:\n  role: Engineer\n  llm: anthropic/claude-sonnet-4-5\n'),
    );
    assert.deepEqual(r.errors, []);
  });
});

describe('crewAI agents and LLMs in code', () => {
  const app = (body: string): Tree => ({
    'requirements.txt': 'crewai\npython-dotenv\n',
    'app.py': `import os\nfrom dotenv import load_dotenv\nfrom crewai import Agent, LLM\n\nload_dotenv()\n\nif __name__ == "__main__":\n    ${body}\n`,
  });
  it('Agent(llm="gpt-4o") reads OPENAI_API_KEY; Agent(llm="anthropic/...") does not', async () => {
    const openai = await doctor(app('Agent(role="r", goal="g", backstory="b", llm="gpt-4o")'));
    assert.ok(openai.ids.includes('key-missing'), openai.ids.join(', '));
    const other = await doctor(app('Agent(role="r", goal="g", backstory="b", llm="anthropic/claude-sonnet-4-5")'));
    assert.ok(!other.ids.includes('key-missing'), other.ids.join(', '));
  });
  it('LLM(model="openai/gpt-4o", api_key=os.getenv("MY_KEY")) reads MY_KEY', async () => {
    const r = await doctor(app('LLM(model="openai/gpt-4o", api_key=os.getenv("MY_KEY"))'));
    const t = r.report.targets.find((x) => x.id === 'python:app.py');
    assert.equal(t?.keyVar, 'MY_KEY');
  });
});

describe('crewAI examples in a collection, checked from its root (crewAI-examples)', () => {
  it("a pyproject script runs from its project folder: `import crewai` finds that folder's .env", async () => {
    const files: Tree = {};
    for (const [rel, text] of Object.entries(project(`OPENAI_API_KEY=${key}\n`))) files[`crews/game/${rel}`] = text;
    const r = await doctor(files);
    assert.ok(!r.ids.includes('dotenv-not-loaded') && !r.ids.includes('key-missing'), r.ids.join(', '));
    const t = r.report.targets.find((x) => x.id === 'python:crews/game/src/game/main.py');
    assert.equal(t?.vars.find((v) => v.name === 'OPENAI_API_KEY')?.from, 'crews/game/.env:1');
  });
  it('python-decouple used by the code without a requirements file: config() reads the .env beside it', async () => {
    const r = await doctor({
      'crews/starter/.gitignore': '.env\n',
      'crews/starter/.env': `OPENAI_API_KEY=${key}\n`,
      'crews/starter/main.py':
        'import os\nfrom crewai import Agent, Crew\nfrom langchain_openai import ChatOpenAI\nfrom decouple import config\n\nos.environ["OPENAI_API_KEY"] = config("OPENAI_API_KEY")\n\nif __name__ == "__main__":\n    Agent(role="r", goal="g", backstory="b", llm=ChatOpenAI(model="gpt-5.4-mini"))\n',
      'crews/other/requirements.txt': 'crewai\n',
      'crews/other/main.py': 'print("other")\n',
    });
    assert.deepEqual(r.errors, []);
    const t = r.report.targets.find((x) => x.id === 'python:crews/starter/main.py');
    assert.equal(t?.vars.find((v) => v.name === 'OPENAI_API_KEY')?.from, 'crews/starter/.env:1');
  });
});
