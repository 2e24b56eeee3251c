import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FindingDraft } from '../../../src/core/types.js';
import { check } from '../../../src/checks/deploy/compose-var-unset.js';
import { testCheck } from '../../helpers/check-tester.js';
import { openaiKey } from '../../helpers/keys.js';
import { inMemory } from '../../deploy/util.js';

const key = openaiKey('proj', 'cv');
const compose =
  'services:\n  api:\n    build: .\n    environment:\n      - OPENAI_API_KEY=${OPENAI_API_KEY}\n    ports:\n      - "8000:8000"\n';
const f = (files: Record<string, string>, env: Record<string, string> = {}) =>
  inMemory({ Dockerfile: 'FROM node:22-alpine\nCOPY . .\n', '.dockerignore': '.env\n', ...files }, env).facts;

const cases = {
  bad: [
    {
      name: 'an empty default (`${OPENAI_API_KEY:-}`, R2R): compose substitutes a blank string as for `${OPENAI_API_KEY}`',
      facts: f({ 'docker-compose.yml': compose.replace('${OPENAI_API_KEY}', '${OPENAI_API_KEY:-}') }),
      count: 1,
      expect: (fs: FindingDraft[]) => assert.match(fs[0]?.fix?.summary ?? '', /^Export OPENAI_API_KEY in the shell/),
    },
    {
      name: 'a required analytics key (compose refuses to start, whatever the key is for)',
      facts: f({
        'docker-compose.yml':
          'services:\n  api:\n    build: .\n    environment:\n      POSTHOG_API_KEY: ${POSTHOG_API_KEY:?}\n',
      }),
      count: 1,
    },
    {
      name: "another LLM provider's key left blank",
      facts: f({
        'docker-compose.yml':
          'services:\n  api:\n    build: .\n    environment:\n      ANTHROPIC_API_KEY: ${ANTHROPIC_API_KEY}\n',
      }),
      count: 1,
    },
    { name: 'nothing defines it', facts: f({ 'docker-compose.yml': compose }), count: 1 },
    {
      name: 'only .env.local defines it',
      facts: f({ 'docker-compose.yml': compose, '.env.local': `OPENAI_API_KEY=${key}\n` }),
      count: 1,
    },
    {
      name: 'compose file in a subfolder, key only in an unrelated .env.docker',
      facts: f({
        'deploy/compose.yaml': compose.replace('build: .', 'build: ..'),
        '.env.docker': `OPENAI_API_KEY=${key}\n`,
      }),
      count: 1,
    },
    {
      name: 'only the shell defines it, and the script runs sudo docker compose',
      facts: f(
        { 'docker-compose.yml': compose, 'up.sh': '#!/bin/sh\nsudo docker compose up -d --build\n' },
        { OPENAI_API_KEY: key },
      ),
      count: 1,
    },
    {
      name: 'a compose secret filled from an unset variable',
      facts: f({
        'compose.yaml':
          'services:\n  api:\n    image: api\n    secrets: [openai_api_key]\nsecrets:\n  openai_api_key:\n    environment: OPENAI_API_KEY\n',
      }),
      count: 1,
    },
    {
      name: 'Azure key interpolated in a variant file',
      facts: f({
        'compose.yaml': 'services:\n  api:\n    image: api\n',
        'compose.azure.yaml': 'services:\n  api:\n    environment:\n      AZURE_OPENAI_API_KEY: ${AZURE_KEY}\n',
      }),
      count: 1,
    },
  ],
  good: [
    { name: 'shell defines it', facts: f({ 'docker-compose.yml': compose }, { OPENAI_API_KEY: key }) },
    { name: 'project .env defines it', facts: f({ 'docker-compose.yml': compose, '.env': `OPENAI_API_KEY=${key}\n` }) },
    {
      name: 'a compose secret from a file',
      facts: f({
        'compose.yaml':
          'services:\n  api:\n    image: api\n    secrets: [openai_api_key]\nsecrets:\n  openai_api_key:\n    file: ./secrets/openai.txt\n',
      }),
    },
    {
      name: 'scripts run compose with --env-file that defines it',
      facts: f({
        'docker-compose.yml': compose,
        '.env.prod': `OPENAI_API_KEY=${key}\n`,
        Makefile: 'up:\n\tdocker compose --env-file .env.prod up -d\n',
      }),
    },
    {
      name: 'compose file in a subfolder run from the root, where .env defines it',
      facts: f({ 'deploy/compose.yaml': compose.replace('build: .', 'build: ..'), '.env': `OPENAI_API_KEY=${key}\n` }),
    },
    {
      name: 'sudo -E keeps the environment',
      facts: f(
        { 'docker-compose.yml': compose, 'up.sh': '#!/bin/sh\nsudo -E docker compose up -d\n' },
        { OPENAI_API_KEY: key },
      ),
    },
    {
      name: 'a default is given',
      facts: f({
        'docker-compose.yml': compose.replace('${OPENAI_API_KEY}', '${OPENAI_API_KEY:-${FALLBACK_KEY:?}}'),
        '.env': `FALLBACK_KEY=${key}\n`,
      }),
    },
    {
      name: 'unrelated variables',
      facts: f({
        'docker-compose.yml':
          'services:\n  web:\n    image: nginx:${NGINX_TAG}\n    environment:\n      - LOG_FORMAT=${LOG_FORMAT}\n',
      }),
    },
    {
      name: 'an analytics, search or test key left blank (an optional feature off, not LLM set-up)',
      facts: f({
        'docker-compose.yml':
          'services:\n  api:\n    build: .\n    environment:\n      POSTHOG_API_KEY: ${POSTHOG_API_KEY}\n      SERPER_API_KEY: ${SERPER_API_KEY}\n      TEST_API_KEY: ${TEST_API_KEY}\n',
      }),
    },
  ],
};

describe('compose-var-unset', () => testCheck(check, cases, it));
