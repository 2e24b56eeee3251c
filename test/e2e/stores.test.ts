/**
 * Framework key stores end to end on small realistic projects through diagnose(): Streamlit
 * secrets.toml, ... A healthy set-up gives no error; a broken one names the store file and line.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Report } from '../../src/report/report.js';
import { doctorOn } from '../helpers/doctor.js';
import type { Tree } from '../helpers/project.js';
import { openaiKey } from '../helpers/keys.js';

async function doctor(
  ...args: Parameters<typeof doctorOn>
): Promise<Awaited<ReturnType<typeof doctorOn>> & { find: (id: string) => Report['findings'][number] | undefined }> {
  const r = await doctorOn(...args);
  return { ...r, find: (id) => r.report.findings.find((f) => f.id === id) };
}

const key = openaiKey('proj', 'e2e-stores');
const old = openaiKey('proj', 'e2e-stores-old');

describe('Streamlit secrets.toml', () => {
  const app = (read: string) =>
    `import streamlit as st\nfrom openai import OpenAI\n\nst.title("Chat")\nclient = OpenAI(api_key=${read})\nprompt = st.chat_input("Say something")\n`;
  // .streamlit/ ignored whole: the listing does not walk it, the collector reads the file by path
  const base: Tree = { 'requirements.txt': 'streamlit>=1.30\nopenai>=1.40\n', '.gitignore': '.streamlit/\n' };

  it('healthy: st.secrets["OPENAI_API_KEY"] from .streamlit/secrets.toml gives no error, and the target reads it', async () => {
    const r = await doctor({
      ...base,
      'streamlit_app.py': app('st.secrets["OPENAI_API_KEY"]'),
      '.streamlit/secrets.toml': `# local secrets\nOPENAI_API_KEY = "${key}"\n`,
    });
    assert.deepEqual(r.errors, []);
    const t = r.report.targets.find((x) => x.id === 'python:streamlit_app.py');
    assert.ok(t, r.report.targets.map((x) => x.id).join(', '));
    assert.equal(t.keyVar, 'st.secrets["OPENAI_API_KEY"]');
    const v = t.vars.find((x) => x.name === t.keyVar);
    assert.match(v?.from ?? '', /\.streamlit\/secrets\.toml:2/);
    assert.ok(!JSON.stringify(r.report).includes(key), 'the key is masked');
  });

  it('a placeholder left in secrets.toml: key-placeholder at .streamlit/secrets.toml and its line', async () => {
    // below a [general] header the same line is general.OPENAI_API_KEY: st.secrets["OPENAI_API_KEY"] does not read it
    const r = await doctor({
      ...base,
      'streamlit_app.py': app('st.secrets["OPENAI_API_KEY"]'),
      '.streamlit/secrets.toml': '[general]\ntitle = "demo"\nOPENAI_API_KEY = "sk-your-key-here"\n',
    });
    assert.ok(!r.ids.includes('key-placeholder'), r.ids.join(', '));
    const r2 = await doctor({
      ...base,
      'streamlit_app.py': app('st.secrets["OPENAI_API_KEY"]'),
      '.streamlit/secrets.toml': `# paste your key\nOPENAI_API_KEY = "sk-your-key-here"\n\n[general]\ntitle = "demo"\n`,
    });
    const f = r2.find('key-placeholder');
    assert.ok(f, r2.ids.join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], ['.streamlit/secrets.toml', 2]);
    assert.match(f.message, /st\.secrets\["OPENAI_API_KEY"\]/);
  });

  it('nested tables: st.secrets["openai"]["api_key"] and st.secrets.openai.api_key read [openai] api_key, with its line', async () => {
    const toml = `[openai]\n# the key\napi_key = " ${key}"\nmodel = "gpt-4o-mini"\n`;
    for (const read of [
      'st.secrets["openai"]["api_key"]',
      'st.secrets.openai.api_key',
      'st.secrets["openai"].get("api_key")',
    ]) {
      const r = await doctor({ ...base, 'streamlit_app.py': app(read), '.streamlit/secrets.toml': toml });
      const f = r.find('key-whitespace');
      assert.ok(f, `${read}: ${r.ids.join(', ')}`);
      assert.deepEqual([f.location?.path, f.location?.line], ['.streamlit/secrets.toml', 3]);
    }
  });

  it('the project file beats ~/.streamlit/secrets.toml key by key; a stale global key is what loses', async () => {
    const r = await doctor(
      {
        ...base,
        'streamlit_app.py': app('st.secrets["OPENAI_API_KEY"]'),
        '.streamlit/secrets.toml': `OPENAI_API_KEY = "${key}"\n`,
      },
      { '.streamlit/secrets.toml': `OPENAI_API_KEY = "${old}"\n` },
    );
    assert.deepEqual(r.errors, []);
    const t = r.report.targets.find((x) => x.id === 'python:streamlit_app.py');
    const v = t?.vars.find((x) => x.name === t.keyVar);
    assert.match(v?.from ?? '', /^\.streamlit\/secrets\.toml/);
    // only in the global file: it is used
    const g = await doctor(
      { ...base, 'streamlit_app.py': app('st.secrets["OPENAI_API_KEY"]') },
      { '.streamlit/secrets.toml': `OPENAI_API_KEY = "changeme"\n` },
    );
    const f = g.find('key-placeholder');
    assert.ok(f, g.ids.join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], ['~/.streamlit/secrets.toml', 1]);
  });

  it('OpenAI() under streamlit run: a root-level secret becomes OPENAI_API_KEY and beats the shell and .env (load_dotenv does not override)', async () => {
    const py =
      'import streamlit as st\nfrom dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI()\nst.write("hi")\n';
    const r = await doctor(
      {
        ...base,
        'requirements.txt': 'streamlit\nopenai\npython-dotenv\n',
        'app.py': py,
        '.env': `OPENAI_API_KEY=${key}\n`,
        '.streamlit/secrets.toml': `OPENAI_API_KEY = "YOUR_OPENAI_API_KEY"\n`,
      },
      {},
      { OPENAI_API_KEY: old },
    );
    const f = r.find('key-placeholder');
    assert.ok(f, r.ids.join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], ['.streamlit/secrets.toml', 1]);
  });

  it('broken TOML is a note, never a crash', async () => {
    const r = await doctor({
      ...base,
      'streamlit_app.py': app('st.secrets["OPENAI_API_KEY"]'),
      '.streamlit/secrets.toml': `OPENAI_API_KEY = "${key}\nother = [\n`,
    });
    assert.ok(
      r.report.notes.some((n) => n.path === '.streamlit/secrets.toml' && /TOML/.test(n.message)),
      JSON.stringify(r.report.notes),
    );
    assert.ok(!JSON.stringify(r.report).includes(key));
  });

  it('a Streamlit app that reads no key from secrets.toml stays clean (secrets.toml with a database password only)', async () => {
    const py =
      'import streamlit as st\nconn = st.connection("db", type="sql")\nst.write(st.secrets["db"]["password"] is not None)\n';
    const r = await doctor({
      'requirements.txt': 'streamlit\n',
      '.gitignore': '.streamlit/\n',
      'streamlit_app.py': py,
      '.streamlit/secrets.toml': '[db]\npassword = "changeme"\n',
    });
    assert.deepEqual(r.errors, []);
  });
});

describe('Spring Boot application.yml / application.properties', () => {
  const pom =
    '<project><modelVersion>4.0.0</modelVersion><artifactId>chat</artifactId><dependencies><dependency><groupId>org.springframework.ai</groupId><artifactId>spring-ai-starter-model-openai</artifactId></dependency></dependencies></project>\n';
  const java =
    'package demo;\n@SpringBootApplication\npublic class ChatApplication { public static void main(String[] a) { SpringApplication.run(ChatApplication.class, a); } }\n';
  const yml = (v: string) =>
    `spring:\n  application:\n    name: chat\n  ai:\n    openai:\n      api-key: ${v}\n      chat:\n        options:\n          model: gpt-4o-mini\n`;
  const project = (files: Tree): Tree => ({
    'pom.xml': pom,
    'src/main/java/demo/ChatApplication.java': java,
    ...files,
  });

  it('healthy: api-key: ${OPENAI_API_KEY} with the key in the shell gives no error, and the target reads OPENAI_API_KEY', async () => {
    const r = await doctor(
      project({ 'src/main/resources/application.yml': yml('${OPENAI_API_KEY}') }),
      {},
      { OPENAI_API_KEY: key },
    );
    assert.deepEqual(r.errors, []);
    const t = r.report.targets.find((x) => x.id === 'spring:.');
    assert.ok(t, r.report.targets.map((x) => x.id).join(', '));
    assert.equal(t.keyVar, 'OPENAI_API_KEY');
  });

  it('${OPENAI_API_KEY} with the key only in .env: key-missing, saying Spring reads no .env; spring.config.import of the .env makes it healthy', async () => {
    const r = await doctor(
      project({
        'src/main/resources/application.yml': yml('${OPENAI_API_KEY}'),
        '.env': `OPENAI_API_KEY=${key}\n`,
        '.gitignore': '.env\n',
      }),
    );
    const f = r.find('key-missing');
    assert.ok(f, r.ids.join(', '));
    assert.match(f.message, /\.env/);
    const ok = await doctor(
      project({
        'src/main/resources/application.yml':
          `spring:\n  config:\n    import: optional:file:.env[.properties]\n` +
          yml('${OPENAI_API_KEY}').slice('spring:\n'.length),
        '.env': `OPENAI_API_KEY=${key}\n`,
        '.gitignore': '.env\n',
      }),
    );
    assert.deepEqual(ok.errors, []);
  });

  it('a placeholder committed in application.yml: key-placeholder at its line; SPRING_AI_OPENAI_API_KEY in the shell beats it (relaxed binding)', async () => {
    const r = await doctor(project({ 'src/main/resources/application.yml': yml('your-api-key-here') }));
    const f = r.find('key-placeholder');
    assert.ok(f, r.ids.join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], ['src/main/resources/application.yml', 6]);
    const env = await doctor(
      project({ 'src/main/resources/application.yml': yml('your-api-key-here') }),
      {},
      { SPRING_AI_OPENAI_API_KEY: key },
    );
    assert.ok(!env.ids.includes('key-placeholder'), env.ids.join(', '));
  });

  it('a literal key committed in application.properties: key-hardcoded at its line, and the dev profile file beats the plain one', async () => {
    const r = await doctor(
      project({
        'src/main/resources/application.properties': `spring.application.name=chat\nspring.ai.openai.api-key=${key}\n`,
      }),
    );
    const f = r.find('key-hardcoded');
    assert.ok(f, r.ids.join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], ['src/main/resources/application.properties', 2]);
    assert.ok(!JSON.stringify(r.report).includes(key));
    const p = await doctor(
      project({
        'src/main/resources/application.properties': `spring.profiles.active=dev\nspring.ai.openai.api-key=\${OPENAI_API_KEY}\n`,
        'src/main/resources/application-dev.properties': 'spring.ai.openai.api-key=sk-xxxxxxxx\n',
      }),
      {},
      { OPENAI_API_KEY: key },
    );
    const g = p.find('key-placeholder');
    assert.ok(g, p.ids.join(', '));
    assert.equal(g.location?.path, 'src/main/resources/application-dev.properties');
  });

  it('a Spring project with no OpenAI settings stays clean; broken YAML is a note', async () => {
    const r = await doctor(
      project({
        'src/main/resources/application.yml': 'server:\n  port: 8080\nspring:\n  datasource:\n    password: changeme\n',
      }),
    );
    assert.deepEqual(r.errors, []);
    assert.ok(!r.report.targets.some((t) => t.id.startsWith('spring:')));
    const b = await doctor(
      project({ 'src/main/resources/application.yml': 'spring:\n  ai:\n    openai:\n      api-key: [unclosed\n' }),
    );
    assert.ok(
      b.report.notes.some((n) => n.path === 'src/main/resources/application.yml'),
      JSON.stringify(b.report.notes),
    );
  });
});

describe('.NET appsettings*.json and user-secrets', () => {
  const csproj = (extra = '') =>
    `<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n${extra}  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="OpenAI" Version="2.1.0" />\n  </ItemGroup>\n</Project>\n`;
  const program =
    'var builder = WebApplication.CreateBuilder(args);\nvar key = builder.Configuration["OpenAI:ApiKey"];\nvar app = builder.Build();\napp.Run();\n';
  const launch = JSON.stringify(
    { profiles: { http: { commandName: 'Project', environmentVariables: { ASPNETCORE_ENVIRONMENT: 'Development' } } } },
    null,
    2,
  );
  const settings = (v: string) =>
    `{\n  // settings for local runs\n  "Logging": { "LogLevel": { "Default": "Information" } },\n  "OpenAI": {\n    "ApiKey": "${v}",\n  },\n}\n`;
  const id = 'a1b2c3d4-0000-4000-8000-123456789abc';

  it('healthy: the key in user-secrets (Development), appsettings.json with an empty slot: no error', async () => {
    const r = await doctor(
      {
        'Chat.csproj': csproj(`    <UserSecretsId>${id}</UserSecretsId>\n`),
        'Program.cs': program,
        'Properties/launchSettings.json': launch,
        'appsettings.json': settings(''),
      },
      { [`.microsoft/usersecrets/${id}/secrets.json`]: JSON.stringify({ 'OpenAI:ApiKey': key }) },
    );
    assert.deepEqual(r.errors, []);
    const t = r.report.targets.find((x) => x.id === 'dotnet:Chat.csproj');
    assert.ok(t, r.report.targets.map((x) => x.id).join(', '));
    assert.equal(t.keyVar, 'OpenAI:ApiKey');
    assert.match(t.vars.find((v) => v.name === 'OpenAI:ApiKey')?.from ?? '', /usersecrets/);
  });

  it('two projects naming one UserSecretsId (chat-copilot webapi + memorypipeline): both read the secrets file', async () => {
    const r = await doctor(
      {
        'pipeline/pipeline.csproj': csproj(`    <UserSecretsId>${id}</UserSecretsId>\n`),
        'pipeline/Program.cs': program,
        'pipeline/appsettings.json': settings(''),
        'webapi/webapi.csproj': csproj(`    <UserSecretsId>${id}</UserSecretsId>\n`),
        'webapi/Program.cs': program,
        'webapi/Properties/launchSettings.json': launch,
        'webapi/appsettings.json': settings(''),
      },
      { [`.microsoft/usersecrets/${id}/secrets.json`]: JSON.stringify({ 'OpenAI:ApiKey': key }) },
    );
    const t = r.report.targets.find((x) => x.id === 'dotnet:webapi/webapi.csproj');
    assert.ok(t, r.report.targets.map((x) => x.id).join(', '));
    assert.match(t.vars.find((v) => v.name === 'OpenAI:ApiKey')?.from ?? '', /usersecrets/);
  });

  it('a stale key in appsettings.Development.json beats the new one in .env that DotNetEnv loads after the builder: key-conflict at appsettings.Development.json', async () => {
    const late =
      'using DotNetEnv;\nvar builder = WebApplication.CreateBuilder(args);\nEnv.Load();\nvar key = builder.Configuration["OpenAI:ApiKey"];\n';
    const files: Tree = {
      'Chat.csproj': csproj().replace(
        '<PackageReference Include="OpenAI"',
        '<PackageReference Include="DotNetEnv" Version="3.1.1" />\n    <PackageReference Include="OpenAI"',
      ),
      'Properties/launchSettings.json': launch,
      'appsettings.json': settings(''),
      'appsettings.Development.json': settings(old),
      '.env': `OpenAI__ApiKey=${key}\n`,
      '.gitignore': '.env\nappsettings.Development.json\n',
    };
    const r = await doctor({ ...files, 'Program.cs': late });
    const f = r.find('key-conflict');
    assert.ok(f, r.ids.join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], ['appsettings.Development.json', 5]);
    assert.match(JSON.stringify(f), /after the builder/);
    // Env.Load() before the builder: the .env value is in the environment, which beats the files
    const ok = await doctor({
      ...files,
      'Program.cs': 'using DotNetEnv;\nEnv.Load();\nvar builder = WebApplication.CreateBuilder(args);\n',
    });
    assert.ok(
      !ok.ids.includes('key-conflict') ||
        !ok.report.findings.some((x) => x.id === 'key-conflict' && x.location?.path === 'appsettings.Development.json'),
      ok.ids.join(', '),
    );
    const t = ok.report.targets.find((x) => x.id === 'dotnet:Chat.csproj');
    assert.match(t?.vars.find((v) => v.name === 'OpenAI:ApiKey')?.from ?? '', /^\.env/);
  });

  it('OpenAI__ApiKey in the shell beats appsettings; a placeholder in appsettings.json is key-placeholder at its line otherwise', async () => {
    const r = await doctor({
      'Chat.csproj': csproj(),
      'Program.cs': program,
      'appsettings.json': settings('<your-openai-key>'),
    });
    const f = r.find('key-placeholder');
    assert.ok(f, r.ids.join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], ['appsettings.json', 5]);
    const env = await doctor(
      { 'Chat.csproj': csproj(), 'Program.cs': program, 'appsettings.json': settings('<your-openai-key>') },
      {},
      { OpenAI__ApiKey: key },
    );
    assert.ok(!env.ids.includes('key-placeholder'), env.ids.join(', '));
  });

  it('precision: appsettings.json with no key stays clean; broken JSON is a note', async () => {
    const r = await doctor({
      'Web.csproj': csproj(),
      'Program.cs': program,
      'appsettings.json': '{ "Logging": { "LogLevel": { "Default": "Information" } }, "AllowedHosts": "*" }\n',
    });
    assert.deepEqual(r.errors, []);
    assert.ok(!r.report.targets.some((t) => t.id.startsWith('dotnet:')));
    const b = await doctor({
      'Web.csproj': csproj(),
      'Program.cs': program,
      'appsettings.json': '{ "OpenAI": { "ApiKey": "x" \n',
    });
    assert.ok(
      b.report.notes.some((n) => n.path === 'appsettings.json' && /JSON/.test(n.message)),
      JSON.stringify(b.report.notes),
    );
  });
});

describe('LiteLLM proxy config.yaml', () => {
  const config = (k: string) =>
    `model_list:\n  - model_name: gpt-4o\n    litellm_params:\n      model: openai/gpt-4o\n      api_key: ${k}\n  - model_name: local\n    litellm_params:\n      model: ollama/llama3\n      api_base: http://localhost:11434\n\ngeneral_settings:\n  master_key: os.environ/LITELLM_MASTER_KEY\n`;
  const start = { Makefile: 'proxy:\n\tlitellm --config config.yaml --port 4000\n' };

  it('healthy: api_key: os.environ/OPENAI_API_KEY with the key in .env (litellm loads it): no error, the target reads OPENAI_API_KEY', async () => {
    const r = await doctor({
      ...start,
      'config.yaml': config('os.environ/OPENAI_API_KEY'),
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
    });
    assert.deepEqual(r.errors, []);
    const t = r.report.targets.find((x) => x.id === 'litellm:config.yaml');
    assert.ok(t, r.report.targets.map((x) => x.id).join(', '));
    assert.equal(t.keyVar, 'OPENAI_API_KEY');
  });

  it('a literal key in config.yaml: key-hardcoded at its line; a placeholder there: key-placeholder at its line', async () => {
    const r = await doctor({ ...start, 'config.yaml': config(key) });
    const f = r.find('key-hardcoded');
    assert.ok(f, r.ids.join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], ['config.yaml', 5]);
    assert.ok(!JSON.stringify(r.report).includes(key));
    const p = await doctor({ ...start, 'config.yaml': config('sk-your-openai-key') });
    const g = p.find('key-placeholder');
    assert.ok(g, p.ids.join(', '));
    assert.deepEqual([g.location?.path, g.location?.line], ['config.yaml', 5]);
  });

  it('os.environ/OPENAI_API_KEY with nothing set: key-missing when a script starts the proxy here, quiet when only a deployment does', async () => {
    const r = await doctor({ ...start, 'config.yaml': config('os.environ/OPENAI_API_KEY') });
    assert.ok(r.ids.includes('key-missing'), r.ids.join(', '));
    const d = await doctor({ 'config.yaml': config('os.environ/OPENAI_API_KEY') });
    assert.ok(!d.ids.includes('key-missing'), d.ids.join(', '));
  });

  it('a YAML file named config.yaml that is not a LiteLLM config stays clean', async () => {
    const r = await doctor({ 'config.yaml': 'model_list: []\nlogging:\n  level: info\n' });
    assert.ok(!r.report.targets.some((t) => t.id.startsWith('litellm:')));
  });
});

describe('python-decouple, django-environ and dynaconf', () => {
  const reqs = (pkg: string) => `openai>=1.40\n${pkg}\n`;

  it('python-decouple: config() reads .env next to the caller (no dotenv-not-loaded), the shell wins, and decouple keeps "# comment" in the value', async () => {
    const app =
      'from decouple import config\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=config("OPENAI_API_KEY"))\n';
    const ok = await doctor({
      'requirements.txt': reqs('python-decouple==3.8'),
      'app.py': app,
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\n',
    });
    assert.deepEqual(ok.errors, []);
    assert.ok(!ok.ids.includes('dotenv-not-loaded'), ok.ids.join(', '));
    const t = ok.report.targets.find((x) => x.id === 'python:app.py');
    assert.match(t?.loading ?? '', /python-decouple/);
    const bad = await doctor({
      'requirements.txt': reqs('python-decouple'),
      'app.py': app,
      '.env': `DEBUG=True\nOPENAI_API_KEY=${key} # the new key\n`,
      '.gitignore': '.env\n',
    });
    const f = bad.report.findings.find((x) => x.severity === 'error' && x.location?.path === '.env');
    assert.ok(f, bad.ids.join(', '));
    assert.equal(f.location?.line, 2);
    assert.ok(!JSON.stringify(bad.report).includes(key));
  });

  it('python-decouple: settings.ini [settings] is found before .env; a placeholder there is key-placeholder at its line', async () => {
    const app =
      'from decouple import config\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=config("OPENAI_API_KEY"))\n';
    const r = await doctor({
      'requirements.txt': reqs('python-decouple'),
      'app.py': app,
      'settings.ini': '[settings]\nDEBUG = True\nOPENAI_API_KEY = your-openai-key\n',
      '.env': `OPENAI_API_KEY=${key}\n`,
      '.gitignore': '.env\nsettings.ini\n',
    });
    const f = r.find('key-placeholder');
    assert.ok(f, r.ids.join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], ['settings.ini', 3]);
  });

  it('django-environ: read_env() does not override, so a stale key exported in ~/.bashrc beats the .env next to settings.py', async () => {
    const settingsPy =
      'import environ\nfrom pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\nenv = environ.Env()\nenviron.Env.read_env()\nOPENAI_API_KEY = env("OPENAI_API_KEY")\n';
    const view =
      'from openai import OpenAI\nfrom django.conf import settings\n\nclient = OpenAI(api_key=settings.OPENAI_API_KEY)\n';
    const r = await doctor(
      {
        'requirements.txt': 'django\ndjango-environ\nopenai\n',
        'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n',
        'site/settings.py': settingsPy,
        'site/__init__.py': '',
        'chat/views.py': view,
        'site/.env': `OPENAI_API_KEY=${key}\n`,
        '.gitignore': '.env\n',
      },
      { '.bashrc': `export OPENAI_API_KEY=${old}\n` },
      { OPENAI_API_KEY: old, SHELL: '/bin/bash' },
    );
    const f = r.report.findings.find((x) => x.id === 'key-shadowed' || x.id === 'key-conflict');
    assert.ok(f, r.ids.join(', '));
    assert.ok(JSON.stringify(f).includes('site/.env'), JSON.stringify(f));
  });

  it('dynaconf: settings.OPENAI_API_KEY from settings.toml/.secrets.toml (the later file wins); DYNACONF_OPENAI_API_KEY beats both', async () => {
    const config =
      'from dynaconf import Dynaconf\n\nsettings = Dynaconf(\n    envvar_prefix="DYNACONF",\n    settings_files=["settings.toml", ".secrets.toml"],\n)\n';
    const app =
      'from openai import OpenAI\nfrom config import settings\n\nclient = OpenAI(api_key=settings.OPENAI_API_KEY)\n';
    const files: Tree = {
      'requirements.txt': reqs('dynaconf'),
      'config.py': config,
      'app.py': app,
      'settings.toml': 'debug = false\nopenai_api_key = "sk-your-key-here"\n',
      '.gitignore': '.secrets.*\n',
    };
    const ok = await doctor({ ...files, '.secrets.toml': `openai_api_key = "${key}"\n` });
    assert.deepEqual(ok.errors, []);
    const t = ok.report.targets.find((x) => x.id === 'python:app.py');
    assert.equal(t?.keyVar, 'settings.OPENAI_API_KEY');
    assert.match(t?.vars.find((v) => v.name === t.keyVar)?.from ?? '', /^\.secrets\.toml:1/);
    const bad = await doctor(files);
    const f = bad.find('key-placeholder');
    assert.ok(f, bad.ids.join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], ['settings.toml', 2]);
    const env = await doctor(files, {}, { DYNACONF_OPENAI_API_KEY: key });
    assert.ok(!env.ids.includes('key-placeholder'), env.ids.join(', '));
  });

  it('dynaconf with environments=True: [development] over [default]', async () => {
    const config =
      'from dynaconf import Dynaconf\nsettings = Dynaconf(settings_files=["settings.toml"], environments=True)\n';
    const app =
      'from openai import OpenAI\nfrom config import settings\nclient = OpenAI(api_key=settings.openai_api_key)\n';
    const r = await doctor({
      'requirements.txt': reqs('dynaconf'),
      'config.py': config,
      'app.py': app,
      'settings.toml': `[default]\nopenai_api_key = "${key}"\n\n[development]\nopenai_api_key = "changeme"\n`,
    });
    const f = r.find('key-placeholder');
    assert.ok(f, r.ids.join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], ['settings.toml', 5]);
    const prod = await doctor(
      {
        'requirements.txt': reqs('dynaconf'),
        '.gitignore': 'settings.toml\n',
        'config.py': config,
        'app.py': app,
        'settings.toml': `[default]\nopenai_api_key = "${key}"\n\n[development]\nopenai_api_key = "changeme"\n`,
      },
      {},
      { ENV_FOR_DYNACONF: 'production' },
    );
    assert.deepEqual(prod.errors, []);
  });
});
