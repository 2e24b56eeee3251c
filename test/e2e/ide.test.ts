/**
 * IDE launch configurations as targets of their own: VS Code launch.json (JSONC, env, envFile, the
 * Python debugger's default `${workspaceFolder}/.env`, settings.json python.envFile) and JetBrains
 * run configurations (`<envs>`, the EnvFile plugin). Healthy set-ups give no error; broken ones name
 * the file and line.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { doctorOn as doctor, json } from '../helpers/doctor.js';
import { openaiKey } from '../helpers/keys.js';

const key = openaiKey('proj', 'e2e-ide');
const old = openaiKey('proj', 'e2e-ide-old');
const pyApp = 'from openai import OpenAI\n\nclient = OpenAI()\nprint(client.models.list())\n';
const py = { 'requirements.txt': 'openai>=1.40\n', 'app.py': pyApp, '.gitignore': '.env*\n' };
const launch = (cfg: string) =>
  `{\n  // Use IntelliSense to learn about possible attributes.\n  "version": "0.2.0",\n  "configurations": [\n    {\n      "name": "Python: app",\n      "type": "debugpy",\n      "request": "launch",\n      "program": "\${workspaceFolder}/app.py",\n${cfg}      "console": "integratedTerminal",\n    },\n  ],\n}\n`;

describe('VS Code launch.json', () => {
  it('the Python debugger reads ${workspaceFolder}/.env by default, over the shell: a stale key in ~/.bashrc loses there (healthy debug target)', async () => {
    const r = await doctor(
      { ...py, '.env': `OPENAI_API_KEY=${key}\n`, '.vscode/launch.json': launch('') },
      { '.bashrc': `export OPENAI_API_KEY=${old}\n` },
      { OPENAI_API_KEY: old, SHELL: '/bin/bash' },
    );
    const t = r.target('vscode:Python: app');
    assert.ok(t, r.targetIds.join(', '));
    assert.equal(t.vars.OPENAI_API_KEY?.value, key);
    assert.equal(t.vars.OPENAI_API_KEY?.winner?.location?.path, '.env');
    assert.match(t.loading ?? '', /envFile \.env/);
    // the terminal run (python app.py) is still its own target, and it gets the shell's key
    assert.equal(r.target('python:app.py')?.vars.OPENAI_API_KEY?.value, old);
  });
  it('env in the configuration beats .env for the debug target: key-shadowed/conflict names launch.json and its line', async () => {
    const r = await doctor({
      ...py,
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.vscode/launch.json': launch(
        `      "env": {\n        "PYTHONUNBUFFERED": "1",\n        "OPENAI_API_KEY": "${old}"\n      },\n`,
      ),
    });
    const t = r.target('vscode:Python: app');
    assert.equal(t?.vars.OPENAI_API_KEY?.winner?.location?.line, 12);
    assert.ok(
      r.report.findings.some(
        (f) =>
          (f.id === 'key-shadowed' || f.id === 'key-conflict') &&
          f.location?.path === '.vscode/launch.json' &&
          f.location.line === 12,
      ),
      r.ids.join(', '),
    );
  });
  it('a placeholder left in env is what the debugger passes: key-placeholder at launch.json:11', async () => {
    const r = await doctor({
      ...py,
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.vscode/launch.json': launch(
        `      "env": {\n        "OPENAI_API_KEY": "<your-openai-key>", // fill in\n      },\n`,
      ),
    });
    const f = r.report.findings.find((x) => x.id === 'key-placeholder' && x.target === 'vscode:Python: app');
    assert.ok(f, r.ids.join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], ['.vscode/launch.json', 11]);
  });
  it('"${env:OPENAI_API_KEY}" hands the IDE\'s own value on (nothing new); python.envFile in settings.json names the file the debugger reads', async () => {
    const r = await doctor({
      ...py,
      '.env.dev': `OPENAI_API_KEY=${key}\n`,
      '.vscode/settings.json': json({ 'python.envFile': '${workspaceFolder}/.env.dev' }),
      '.vscode/launch.json': launch('      "env": { "OPENAI_API_KEY": "${env:OPENAI_API_KEY}" },\n'),
    });
    const t = r.target('vscode:Python: app');
    assert.equal(t?.vars.OPENAI_API_KEY?.winner?.location?.path, '.env.dev');
    assert.match(t?.loading ?? '', /\.env\.dev/);
    assert.ok(
      !r.report.findings.some((f) => f.severity === 'error' && f.target === 'vscode:Python: app'),
      r.errors.join('\n'),
    );
  });
  it('a Node configuration reads no file unless told: envFile names it; runtimeExecutable npm follows the script', async () => {
    const nodeApp =
      "import OpenAI from 'openai';\nconst client = new OpenAI();\nconsole.log(await client.models.list());\n";
    const files = (cfg: string) => ({
      'package.json': json({
        name: 'w',
        type: 'module',
        scripts: { dev: 'node server.js' },
        dependencies: { openai: '^4.80.0' },
      }),
      'server.js': nodeApp,
      '.env.local': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env*\n',
      '.vscode/launch.json': json({
        version: '0.2.0',
        configurations: [
          {
            name: 'Dev',
            type: 'node',
            request: 'launch',
            runtimeExecutable: 'npm',
            runtimeArgs: ['run', 'dev'],
            ...JSON.parse(cfg),
          },
        ],
      }),
    });
    const ok = await doctor(files('{"envFile": "${workspaceFolder}/.env.local"}'));
    assert.equal(ok.target('vscode:Dev')?.vars.OPENAI_API_KEY?.value, key);
    assert.ok(
      !ok.report.findings.some((f) => f.severity === 'error' && f.target === 'vscode:Dev'),
      ok.errors.join('\n'),
    );
    const bad = await doctor(files('{}'));
    assert.equal(bad.target('vscode:Dev')?.vars.OPENAI_API_KEY?.winner, undefined);
    assert.equal(bad.target('vscode:Dev')?.entry, 'server.js');
  });
});

describe('JetBrains run configurations', () => {
  const xml = (inner: string, extra = '') =>
    `<component name="ProjectRunConfigurationManager">\n  <configuration default="false" name="app" type="PythonConfigurationType" factoryName="Python">\n    <module name="demo" />\n    <option name="PARENT_ENVS" value="true" />\n    <envs>\n      <env name="PYTHONUNBUFFERED" value="1" />\n${inner}    </envs>\n    <option name="WORKING_DIRECTORY" value="$PROJECT_DIR$" />\n    <option name="SCRIPT_NAME" value="$PROJECT_DIR$/app.py" />\n${extra}  </configuration>\n</component>\n`;
  it('the EnvFile plugin reading .env: healthy', async () => {
    const r = await doctor({
      ...py,
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.run/app.run.xml': xml(
        '',
        '    <EXTENSION ID="net.ashald.envfile">\n      <option name="IS_ENABLED" value="true" />\n      <ENTRIES>\n        <ENTRY IS_ENABLED="true" PARSER="runconfig" />\n        <ENTRY IS_ENABLED="true" PARSER="env" PATH=".env" />\n      </ENTRIES>\n    </EXTENSION>\n',
      ),
    });
    const t = r.target('jetbrains:app');
    assert.ok(t, r.targetIds.join(', '));
    assert.equal(t.vars.OPENAI_API_KEY?.winner?.location?.path, '.env');
    assert.deepEqual(r.errors, []);
    // started from a terminal, python app.py still reads no .env: said, as a warning naming the run configuration
    const f = r.report.findings.find((x) => x.id === 'dotenv-not-loaded');
    assert.equal(f?.severity, 'warning');
    assert.match(f?.message ?? '', /JetBrains run configuration "app"/);
  });
  it('an empty OPENAI_API_KEY in <envs> blanks the key for that configuration: error at its line', async () => {
    const r = await doctor({
      ...py,
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.idea/runConfigurations/app.xml': xml('      <env name="OPENAI_API_KEY" value="" />\n'),
    });
    const f = r.report.findings.find((x) => x.target === 'jetbrains:app' && x.severity === 'error');
    assert.ok(f, r.ids.join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], ['.idea/runConfigurations/app.xml', 7]);
  });
});

describe('a launch that starts a module of a package installed from the project (`pip install -e src/backend`)', () => {
  const files = (env: string) => ({
    '.gitignore': '.env\n',
    '.env': env,
    '.vscode/launch.json': json({
      version: '0.2.0',
      configurations: [
        {
          name: 'Backend',
          type: 'debugpy',
          request: 'launch',
          cwd: '${workspaceFolder}',
          module: 'uvicorn',
          args: ['pkg_app:create_app', '--factory'],
        },
      ],
    }),
    'src/backend/pyproject.toml':
      '[project]\nname = "pkg_app"\ndependencies = ["openai", "python-dotenv", "fastapi"]\n',
    'src/backend/pkg_app/__init__.py':
      'import os\nfrom dotenv import load_dotenv\nfrom openai import OpenAI\n\n\ndef create_app():\n    load_dotenv(override=True)\n    return OpenAI(api_key=os.environ["OPENAICOM_KEY"])\n',
  });
  it('the module is found in the package folder: the target reaches its client and key', async () => {
    const r = await doctor(files(`OPENAICOM_KEY=${key}\n`));
    const t = r.target('vscode:Backend');
    assert.ok(t, r.targetIds.join(', '));
    assert.equal(t.keyVar, 'OPENAICOM_KEY');
    assert.ok(t.vars.OPENAICOM_KEY?.value?.endsWith(key.slice(-4)));
    assert.deepEqual(r.errors, []);
  });
});
