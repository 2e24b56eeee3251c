import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isTestPath } from '../../src/code/collector.js';
import { runDiagnosis } from '../../src/pipeline/diagnose.js';
import { tempProject } from '../helpers/project.js';

describe('test code is not the app', () => {
  it('knows test files and folders of each language', () => {
    for (const p of [
      'tests/test_client.py',
      'test/app.test.ts',
      'src/__tests__/llm.tsx',
      'pkg/llm_test.go',
      'conftest.py',
      'web/chat.spec.js',
      'spec/support/openai.rb',
      'e2e/login.ts',
      'lib/foo-test.mjs',
      'integration-tests/vite-react/src/App.tsx',
      'e2e_tests/run.py',
    ])
      assert.ok(isTestPath(p), p);
    for (const p of [
      'app.py',
      'src/testing_utils.py',
      'contest.py',
      'src/latest.ts',
      'attestation/main.go',
      'lib/specification.js',
      'latests/app.py',
      'contests/app.py',
    ])
      assert.ok(!isTestPath(p), p);
  });

  it('dummy keys, fake base URLs and old APIs in tests give no code findings; the app still does', async () => {
    const p = tempProject({
      'requirements.txt': 'openai>=1.40\npython-dotenv\n',
      '.gitignore': '.env\n',
      'app.py': 'from openai import OpenAI\nclient = OpenAI(organization="Personal")\n',
      'tests/test_client.py':
        'import openai\nfrom openai import OpenAI\n\nclient = OpenAI(api_key="My API Key", base_url="http://localhost:4010", organization="my-org")\n\ndef test_old():\n    openai.ChatCompletion.create(model="text-davinci-003")\n',
    });
    try {
      const d = await runDiagnosis({ root: p.root, home: p.home, env: {}, offline: true });
      const inTests = d.findings.filter((f) => f.location?.path?.startsWith('tests/'));
      assert.deepEqual(
        inTests.map((f) => f.id),
        [],
      );
      assert.ok(
        d.findings.some((f) => f.id === 'org-id-invalid' && f.location?.path === 'app.py'),
        d.findings.map((f) => `${f.id}@${f.location?.path}`).join(', '),
      );
    } finally {
      p.cleanup();
    }
  });
});
