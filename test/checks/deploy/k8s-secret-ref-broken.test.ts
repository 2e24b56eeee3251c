import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../../../src/checks/deploy/k8s-secret-ref-broken.js';
import { testCheck } from '../../helpers/check-tester.js';
import { openaiKey } from '../../helpers/keys.js';
import { b64, inMemory } from '../../deploy/util.js';

const key = openaiKey('proj', 'ref');
const f = (files: Record<string, string>) => inMemory({ '.gitignore': 'secret.yaml\n', ...files }).facts;
const pod = (ref: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: chat\nspec:\n  containers:\n    - name: chat\n      image: chat:1\n${ref}`;
const keyRef = (name: string, k: string, opt = '') =>
  `      env:\n        - name: OPENAI_API_KEY\n          valueFrom:\n            secretKeyRef:\n              name: ${name}\n              key: ${k}\n${opt}`;
const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: openai\ndata:\n  api-key: ${b64(key)}\n`;

const cases = {
  bad: [
    {
      name: 'wrong key in a defined Secret',
      facts: f({ 'secret.yaml': secret, 'pod.yaml': pod(keyRef('openai', 'OPENAI_API_KEY')) }),
      count: 1,
    },
    {
      name: 'Secret defined nowhere (warning)',
      facts: f({ 'pod.yaml': pod(keyRef('openai-creds', 'api-key')) }),
      count: 1,
    },
    {
      name: 'envFrom secretRef to an unknown Secret',
      facts: f({
        'secret.yaml': secret,
        'pod.yaml': pod('      envFrom:\n        - secretRef:\n            name: openai-env\n'),
      }),
      count: 1,
    },
    {
      name: 'kustomize generator lacks the key',
      facts: f({
        'kustomization.yaml':
          'resources: [pod.yaml]\nsecretGenerator:\n  - name: openai\n    literals:\n      - OPENAI_KEY=x\n',
        'pod.yaml': pod(keyRef('openai', 'OPENAI_API_KEY')),
      }),
      count: 1,
    },
  ],
  good: [
    {
      name: "another service's Secret defined nowhere (made out of band, as most are)",
      facts: f({
        'pod.yaml': pod(
          '      env:\n        - name: SANDBOX_GATEWAY_AUTH_TOKEN\n          valueFrom:\n            secretKeyRef:\n              name: sandbox-gateway\n              key: token\n      envFrom:\n        - secretRef:\n            name: app-config\n',
        ),
      }),
    },
    {
      name: 'matching Secret and key',
      facts: f({ 'secret.yaml': secret, 'pod.yaml': pod(keyRef('openai', 'api-key')) }),
    },
    {
      name: 'optional reference',
      facts: f({ 'pod.yaml': pod(keyRef('missing', 'x', '              optional: true\n')) }),
    },
    {
      name: 'kubectl create secret in a deploy script',
      facts: f({
        'deploy.sh':
          '#!/bin/sh\nkubectl create secret generic openai-creds --from-literal=api-key="$OPENAI_API_KEY" --dry-run=client -o yaml | kubectl apply -f -\n',
        'pod.yaml': pod(keyRef('openai-creds', 'api-key')),
      }),
    },
    {
      name: 'ExternalSecret with dataFrom (keys unknown)',
      facts: f({
        'es.yaml':
          'apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata:\n  name: openai\nspec:\n  dataFrom:\n    - extract: { key: prod/openai }\n',
        'pod.yaml': pod(keyRef('openai', 'OPENAI_API_KEY')),
      }),
    },
  ],
};

describe('k8s-secret-ref-broken', () => testCheck(check, cases, it));

describe('k8s-secret-ref-broken: the command it offers', () => {
  // Copied from the terminal or the HTML report's Copy button: the key must not go into kubectl's
  // arguments (every user sees them in `ps`) or the shell's history.
  it('reads the key at a silent prompt and gives it to kubectl on standard input', () => {
    const facts = f({ 'pod.yaml': pod(keyRef('openai-creds', 'api-key')) });
    const [finding] = check.run({ facts, targets: [] });
    const command = finding?.fix?.command ?? '';
    assert.match(
      command,
      /^\(IFS= read -rs K && printf %s "\$K" \| kubectl create secret generic openai-creds --from-file=api-key=\/dev\/stdin\)$/,
    );
    assert.doesNotMatch(command, /--from-literal|<your key>/);
  });
});
