import { describe, it } from 'node:test';
import { check } from '../../../src/checks/deploy/key-in-configmap.js';
import { testCheck } from '../../helpers/check-tester.js';
import { foreignKey, openaiKey } from '../../helpers/keys.js';
import { b64, inMemory } from '../../deploy/util.js';

const key = openaiKey('proj', 'cm');
const hex = foreignKey('azure', 'cm-hex');
const azureCm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  ${name}: "${hex}"\n`;
const f = (files: Record<string, string>) => inMemory(files).facts;
const cm = (v: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: chat-config\ndata:\n  MODEL: gpt-4o-mini\n  OPENAI_API_KEY: "${v}"\n`;

const cases = {
  bad: [
    { name: 'ConfigMap with the key', facts: f({ 'k8s/configmap.yaml': cm(key) }), count: 1 },
    {
      name: 'ConfigMap with an Azure OpenAI key (32 hex digits)',
      facts: f({ 'k8s/configmap.yaml': azureCm('AZURE_OPENAI_API_KEY') }),
      count: 1,
    },
    {
      name: 'Helm values with the key',
      facts: f({
        'charts/chat/Chart.yaml': 'apiVersion: v2\nname: chat\nversion: 1.0.0\n',
        'charts/chat/values-prod.yaml': `openai:\n  apiKey: ${key}\n`,
      }),
      count: 1,
    },
    {
      name: 'plain env value in a CronJob',
      facts: f({
        'cron.yaml': `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: digest\nspec:\n  schedule: "0 6 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: digest\n              image: digest:1\n              env:\n                - name: OPENAI_API_KEY\n                  value: "${key}"\n`,
      }),
      count: 1,
    },
  ],
  good: [
    {
      name: 'ConfigMap without secrets, Secret kept out of git',
      facts: f({
        '.gitignore': 'secret.yaml\n',
        'k8s/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  MODEL: gpt-4o-mini\n',
        'secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: openai\ndata:\n  OPENAI_API_KEY: ${b64(key)}\n`,
      }),
    },
    {
      name: 'a committed Secret manifest (a note, not this finding)',
      facts: f({
        'secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: openai\nstringData:\n  OPENAI_API_KEY: ${key}\n`,
      }),
    },
    { name: 'placeholder in ConfigMap', facts: f({ 'k8s/configmap.yaml': cm('sk-your-key-here') }) },
    {
      name: "another Azure service's key (AZURE_SEARCH_KEY, 32 hex digits) is not the OpenAI key",
      facts: f({ 'k8s/configmap.yaml': azureCm('AZURE_SEARCH_KEY') }),
    },
    { name: 'AZURE_STORAGE_KEY likewise', facts: f({ 'k8s/configmap.yaml': azureCm('AZURE_STORAGE_KEY') }) },
  ],
};

describe('key-in-configmap', () => testCheck(check, cases, it));
