import { describe, it } from 'node:test';
import { check } from '../../../src/checks/deploy/k8s-secret-trailing-newline.js';
import { testCheck } from '../../helpers/check-tester.js';
import { openaiKey } from '../../helpers/keys.js';
import { b64, inMemory } from '../../deploy/util.js';

const key = openaiKey('proj', 'nl');
const f = (files: Record<string, string>) => inMemory(files).facts;
const secret = (data: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: openai\ntype: Opaque\n${data}`;

const cases = {
  bad: [
    {
      name: 'echo | base64',
      facts: f({ 's.yaml': secret(`data:\n  OPENAI_API_KEY: ${b64(key + '\n')}\n`) }),
      count: 1,
    },
    {
      name: 'trailing space, key under another name',
      facts: f({ 's.yaml': secret(`data:\n  token: ${b64(key + ' ')}\n`) }),
      count: 1,
    },
    {
      name: 'stringData block scalar |',
      facts: f({ 's.yaml': secret(`stringData:\n  OPENAI_API_KEY: |\n    ${key}\n`) }),
      count: 1,
    },
    {
      name: 'kubectl --from-file of a file with a final newline',
      facts: f({
        'openai.txt': key + '\n',
        Makefile: 'secret:\n\tkubectl create secret generic openai --from-file=OPENAI_API_KEY=openai.txt\n',
      }),
      count: 1,
    },
  ],
  good: [
    { name: 'echo -n | base64', facts: f({ 's.yaml': secret(`data:\n  OPENAI_API_KEY: ${b64(key)}\n`) }) },
    { name: 'block scalar |-', facts: f({ 's.yaml': secret(`stringData:\n  OPENAI_API_KEY: |-\n    ${key}\n`) }) },
    {
      name: 'a non-key value with a newline (a certificate)',
      facts: f({
        's.yaml': secret(`data:\n  ca.crt: ${b64('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')}\n`),
      }),
    },
  ],
};

describe('k8s-secret-trailing-newline', () => testCheck(check, cases, it));
