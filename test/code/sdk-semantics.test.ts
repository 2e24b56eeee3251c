import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sdkSemantics } from '../../src/code/sdk-semantics.js';
import { customHeaderNames } from '../../src/checks/value/custom-headers-auth.js';

describe('SDK semantics by version', () => {
  it('openai-python: 0.x reads OPENAI_API_BASE / OPENAI_ORGANIZATION at import; 1.x-2.x OPENAI_BASE_URL / OPENAI_ORG_ID at construction; 3 httpx2 and the OS trust store', () => {
    const v0 = sdkSemantics({ ecosystem: 'pypi', major: 0 });
    assert.deepEqual(
      [v0?.env.baseURL, v0?.env.organization, v0?.readsEnvAt, v0?.http, v0?.trustStore],
      ['OPENAI_API_BASE', 'OPENAI_ORGANIZATION', 'import', 'requests', 'certifi'],
    );
    const v1 = sdkSemantics({ ecosystem: 'pypi', major: 2, installed: '2.8.0' });
    assert.deepEqual(
      [v1?.env.baseURL, v1?.env.organization, v1?.env.project, v1?.readsEnvAt, v1?.http, v1?.adminKey],
      ['OPENAI_BASE_URL', 'OPENAI_ORG_ID', 'OPENAI_PROJECT_ID', 'construction', 'httpx', false],
    );
    const v3 = sdkSemantics({ ecosystem: 'pypi', major: 3 });
    assert.deepEqual(
      [
        v3?.http,
        v3?.trustStore,
        v3?.env.admin,
        v3?.env.customHeaders,
        v3?.workloadIdentity,
        v3?.dataResidency,
        v3?.trimsEnv,
      ],
      ['httpx2', 'os', 'OPENAI_ADMIN_KEY', 'OPENAI_CUSTOM_HEADERS', true, true, false],
    );
  });
  it('openai-node: 4 node-fetch (trims from 4.24.3), 5-6 fetch, 7 requires Node 22', () => {
    assert.equal(sdkSemantics({ ecosystem: 'npm', major: 4, installed: '4.20.0' })?.trimsEnv, false);
    assert.equal(sdkSemantics({ ecosystem: 'npm', major: 4, installed: '4.24.2' })?.trimsEnv, false);
    assert.equal(sdkSemantics({ ecosystem: 'npm', major: 4, installed: '4.24.3' })?.trimsEnv, true);
    assert.equal(sdkSemantics({ ecosystem: 'npm', major: 4, installed: '4.79.2' })?.trimsEnv, true);
    assert.equal(sdkSemantics({ ecosystem: 'npm', major: 4, installed: '4.104.0' })?.trimsEnv, true);
    assert.equal(sdkSemantics({ ecosystem: 'npm', major: 4 })?.http, 'node-fetch');
    assert.deepEqual(
      [sdkSemantics({ ecosystem: 'npm', major: 6 })?.http, sdkSemantics({ ecosystem: 'npm', major: 6 })?.minNode],
      ['fetch', undefined],
    );
    assert.deepEqual(
      [
        sdkSemantics({ ecosystem: 'npm', major: 7 })?.minNode,
        sdkSemantics({ ecosystem: 'npm', major: 7 })?.customHeaders,
      ],
      [22, true],
    );
    assert.equal(sdkSemantics({ ecosystem: 'npm', major: 3 }), undefined);
    assert.equal(sdkSemantics({ ecosystem: 'npm' }), undefined);
  });
  it('OPENAI_CUSTOM_HEADERS names, never values', () => {
    assert.deepEqual(customHeaderNames('X-Team: a\nAuthorization: Bearer x\r\nOpenAI-Project: proj_1'), [
      'X-Team',
      'Authorization',
      'OpenAI-Project',
    ]);
    assert.deepEqual(customHeaderNames('X-Team: a\\nopenai-organization: org-1'), ['X-Team', 'openai-organization']);
    assert.deepEqual(customHeaderNames('not a header'), []);
  });
});
