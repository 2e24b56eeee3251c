/**
 * Patterns of real public repositories tried in session 32 (each rebuilt here as a small synthetic
 * project; no fetched code): a healthy set-up gets no false error, and a broken one keeps its finding.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { doctorOn as doctor } from '../helpers/doctor.js';
import { foreignKey, openaiKey } from '../helpers/keys.js';

const azureKey = () => foreignKey('azure', 's32');
const key = () => openaiKey('proj', 's32');

describe("a workspace package's modules run in its own folder (serverless-chat-langchainjs)", () => {
  const api = (fn: string) => ({
    'package.json': JSON.stringify({
      name: 'root',
      private: true,
      type: 'module',
      workspaces: ['packages/*'],
      scripts: { start: 'npm run start --workspace=api' },
    }),
    'packages/api/package.json': JSON.stringify({
      name: 'api',
      main: 'dist/src/functions/*.js',
      scripts: { start: 'func start' },
      dependencies: { '@azure/functions': '^4.0.0', '@langchain/openai': '^1.2.4', dotenv: '^16.4.5' },
    }),
    'packages/api/src/functions/chat.ts': fn,
    '.gitignore': '.env\n',
  });
  const fn =
    "import 'dotenv/config';\nimport { AzureChatOpenAI } from '@langchain/openai';\nexport function chat() { return new AzureChatOpenAI({ temperature: 0 }); }\n";
  const env = () =>
    `AZURE_OPENAI_API_KEY=${azureKey()}\nAZURE_OPENAI_API_INSTANCE_NAME=myres\nAZURE_OPENAI_API_DEPLOYMENT_NAME=chat\nAZURE_OPENAI_API_VERSION=2024-02-01\n`;

  it("the package's .env beside its own package.json, as the README has it: healthy", async () => {
    const r = await doctor({ ...api(fn), 'packages/api/.env': env() });
    assert.deepEqual(r.errors, []);
    assert.ok(!r.ids.includes('dotenv-wrong-location'), r.ids.join(', '));
    assert.ok(!r.ids.includes('dotenv-not-loaded'), r.ids.join(', '));
  });
  it('the same with a Node script of another package: no module is told it loads from the root', async () => {
    const r = await doctor({
      ...api(fn),
      'packages/api/.env': env(),
      'scripts/package.json': JSON.stringify({ name: 'scripts', scripts: { upload: 'node upload.js' } }),
      'scripts/upload.js': "fetch('http://localhost:7071/api/documents', { method: 'POST' });\n",
    });
    assert.deepEqual(r.errors, []);
    assert.ok(!r.ids.includes('dotenv-wrong-location'), r.ids.join(', '));
  });
  it('the .env in a folder the package never reads (packages/.env): still reported', async () => {
    const r = await doctor({ ...api(fn), 'packages/api/src/.env': env() });
    assert.ok(
      r.report.findings.some((f) => f.id === 'dotenv-wrong-location' || f.id === 'key-missing'),
      r.ids.join(', '),
    );
  });
});
