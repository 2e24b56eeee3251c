import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openaiKey } from '../helpers/keys.js';
import { collect } from './util.js';

describe('hosting configs', () => {
  it('reads every platform: values, references, units; clear-text keys become hosting targets and assignments', async () => {
    const key = openaiKey('proj', 'host');
    const r = await collect({
      'vercel.json': JSON.stringify({ env: { OPENAI_API_KEY: '@openai-key', OPENAI_MODEL: 'gpt-4o-mini' } }, null, 2),
      'netlify.toml':
        '[build]\ncommand = "npm run build"\n[build.environment]\nNODE_VERSION = "20"\n[context.production.environment]\nOPENAI_MODEL = "gpt-4o"\n',
      'serverless.yml':
        'service: chat\nprovider:\n  name: aws\n  runtime: python3.12\n  environment:\n    OPENAI_API_KEY: ${env:OPENAI_API_KEY}\nfunctions:\n  ask:\n    handler: handler.ask\n    environment:\n      OPENAI_MODEL: gpt-4o-mini\n',
      'template.yaml':
        "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nParameters:\n  OpenAIKey:\n    Type: String\n    NoEcho: true\nResources:\n  AskFunction:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n      Environment:\n        Variables:\n          OPENAI_API_KEY: !Ref OpenAIKey\n",
      'infra/main.tf': `resource "aws_lambda_function" "ask" {\n  function_name = "ask"\n  environment {\n    variables = {\n      OPENAI_API_KEY = var.openai_key\n      OPENAI_MODEL   = "gpt-4o-mini"\n    }\n  }\n}\n\nresource "google_cloud_run_v2_service" "api" {\n  name = "api"\n  template {\n    containers {\n      image = "gcr.io/p/api"\n      env {\n        name  = "OPENAI_API_KEY"\n        value = "${key}"\n      }\n    }\n  }\n}\n`,
      'local.settings.json': JSON.stringify(
        {
          IsEncrypted: false,
          Values: {
            FUNCTIONS_WORKER_RUNTIME: 'python',
            AZURE_OPENAI_API_KEY: '',
            AZURE_OPENAI_ENDPOINT: 'https://x.openai.azure.com/',
          },
        },
        null,
        2,
      ),
      'fly.toml': 'app = "chat"\n[env]\n  OPENAI_MODEL = "gpt-4o-mini"\n',
      'render.yaml':
        'services:\n  - type: web\n    name: chat\n    env: python\n    envVars:\n      - key: OPENAI_API_KEY\n        sync: false\n      - key: OPENAI_MODEL\n        value: gpt-4o-mini\n',
      'app.yaml': 'runtime: python312\nenv_variables:\n  OPENAI_MODEL: gpt-4o-mini\n',
    });
    const h = r.facts.deploy?.hosting ?? [];
    const by = (p: string) => h.filter((x) => x.platform === p);
    assert.equal(by('vercel')[0]?.vars.find((v) => v.name === 'OPENAI_API_KEY')?.ref, '@openai-key');
    assert.deepEqual(
      by('netlify').map((x) => x.unit),
      ['netlify build', 'netlify production'],
    );
    assert.deepEqual(
      by('serverless').map((x) => [x.unit, x.vars.map((v) => v.name)]),
      [['ask', ['OPENAI_MODEL', 'OPENAI_API_KEY']]],
    );
    assert.ok(by('sam')[0]?.vars[0]?.ref);
    assert.deepEqual(
      by('terraform').map((x) => x.unit),
      ['aws_lambda_function.ask', 'google_cloud_run_v2_service.api'],
    );
    assert.equal(by('terraform')[1]?.vars[0]?.value, key);
    assert.equal(by('azure-functions')[0]?.vars.find((v) => v.name === 'AZURE_OPENAI_API_KEY')?.value, '');
    assert.equal(by('fly').length, 1);
    assert.match(by('render')[0]?.vars[0]?.ref ?? '', /sync: false/);
    assert.equal(by('gae').length, 1);
    // targets only where the key's value is in the file
    assert.deepEqual(r.targets.map((t) => t.id).sort(), [
      'hosting:infra/main.tf#google_cloud_run_v2_service.api',
      'hosting:local.settings.json#func start',
    ]);
    const az = r.targets.find((t) => t.id.startsWith('hosting:local'));
    assert.equal(az?.keyVar, 'AZURE_OPENAI_API_KEY');
    assert.equal(az?.azure, true);
    assert.ok(r.facts.assignments.some((a) => a.kind === 'hosting' && a.value === key));
    assert.ok(r.facts.deploy?.files.some((f) => f.rel === 'infra/main.tf' && f.kind === 'terraform'));
  });

  it('Azure Functions: a variable exported in the shell wins over local.settings.json', async () => {
    const shellKey = openaiKey('legacy', 'fn-shell');
    const fileKey = openaiKey('legacy', 'fn-file');
    const r = await collect(
      { 'local.settings.json': JSON.stringify({ IsEncrypted: false, Values: { OPENAI_API_KEY: fileKey } }, null, 2) },
      { OPENAI_API_KEY: shellKey },
    );
    const res = r.targets[0]?.vars.OPENAI_API_KEY;
    assert.equal(res?.value, shellKey);
    assert.equal(res?.chain[1]?.assignment.value, fileKey);
    assert.match(res?.chain[0]?.reason ?? '', /Skipping/);
  });

  it('broken TOML / JSON are notes', async () => {
    const r = await collect({ 'fly.toml': 'app = "x\n', 'vercel.json': '{ env: ' });
    assert.equal(r.facts.notes.filter((n) => n.kind === 'parse-error').length, 2);
    assert.deepEqual(r.findings, []);
  });
});
