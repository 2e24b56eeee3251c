import { describe, it } from 'node:test';
import { check } from '../../../src/checks/deploy/compose-env-file-missing.js';
import { testCheck } from '../../helpers/check-tester.js';
import { inMemory } from '../../deploy/util.js';

const f = (files: Record<string, string>) => inMemory(files).facts;

const cases = {
  bad: [
    { name: 'string form', facts: f({ 'compose.yaml': 'services:\n  api:\n    image: api\n    env_file: .env\n' }), count: 1 },
    { name: 'list form in an override, relative to the compose folder', facts: f({ 'ops/compose.yaml': 'services:\n  api:\n    image: api\n', 'ops/compose.override.yaml': 'services:\n  api:\n    env_file:\n      - ../secrets/openai.env\n', 'ops/openai.env': 'X=1\n' }), count: 1 },
    { name: 'long form, required by default', facts: f({ 'compose.yaml': 'services:\n  api:\n    image: api\n    env_file:\n      - path: ./api.env\n' }), count: 1 },
  ],
  good: [
    { name: 'file exists', facts: f({ 'compose.yaml': 'services:\n  api:\n    image: api\n    env_file: [.env]\n', '.env': 'OPENAI_MODEL=gpt-4o-mini\n' }) },
    { name: 'required: false', facts: f({ 'compose.yaml': 'services:\n  api:\n    image: api\n    env_file:\n      - path: .env.local\n        required: false\n' }) },
  ],
};

describe('compose-env-file-missing', () => testCheck(check, cases, it));
