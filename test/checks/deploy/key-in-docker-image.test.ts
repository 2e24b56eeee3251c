import { describe, it } from 'node:test';
import { check } from '../../../src/checks/deploy/key-in-docker-image.js';
import { testCheck } from '../../helpers/check-tester.js';
import { openaiKey } from '../../helpers/keys.js';
import { inMemory } from '../../deploy/util.js';

const key = openaiKey('proj', 'img');
const py = { 'app.py': 'from openai import OpenAI\nclient = OpenAI()\n', 'requirements.txt': 'openai>=1.40\n' };
const f = (files: Record<string, string>) => inMemory({ ...py, ...files }).facts;

const cases = {
  bad: [
    {
      name: 'ENV with the key',
      facts: f({
        Dockerfile: `FROM python:3.12-slim\nWORKDIR /app\nENV OPENAI_API_KEY=${key}\nCOPY . .\nCMD ["python", "app.py"]\n`,
      }),
      count: 1,
    },
    {
      name: 'ARG with a key default',
      facts: f({ Dockerfile: `FROM python:3.12-slim\nARG OPENAI_API_KEY=${key}\nRUN python -c "print(1)"\n` }),
      count: 1,
    },
    {
      name: 'ENV forwarding a build argument',
      facts: f({
        'docker/api.Dockerfile':
          'FROM node:22 AS build\nARG OPENAI_API_KEY\nENV OPENAI_API_KEY=$OPENAI_API_KEY\nRUN npm run build\n',
      }),
      count: 1,
    },
    {
      name: 'COPY . . takes a .env holding the key (no .dockerignore)',
      facts: f({
        '.env': `OPENAI_API_KEY=${key}\n`,
        '.gitignore': '.env\n',
        Dockerfile: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "app.py"]\n',
      }),
      count: 1,
    },
    {
      name: '.dockerignore that misses a nested .env',
      facts: f({
        'svc/.env': `OPENAI_API_KEY=${key}\n`,
        '.dockerignore': '.env\n',
        Dockerfile: 'FROM python:3.12-slim\nCOPY . /app\n',
      }),
      count: 1,
    },
    {
      name: 'compose builds docker/Dockerfile with the root as context, root .env not ignored',
      facts: f({
        '.env': `OPENAI_API_KEY=${key}\n`,
        '.gitignore': '.env\n',
        'docker/Dockerfile': 'FROM python:3.12-slim\nCOPY . /app\n',
        'compose.yaml': 'services:\n  api:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile\n',
      }),
      count: 1,
    },
    {
      name: 'docker build -f in a Makefile with the root as context',
      facts: f({
        '.env': `OPENAI_API_KEY=${key}\n`,
        'docker/api.Dockerfile': 'FROM python:3.12-slim\nCOPY . /app\n',
        Makefile: 'image:\n\tdocker build -t api -f docker/api.Dockerfile .\n',
      }),
      count: 1,
    },
    {
      name: 'a key literal in a RUN line',
      facts: f({ Dockerfile: `FROM alpine\nRUN echo "OPENAI_API_KEY=${key}" > /app/.env\n` }),
      count: 1,
    },
  ],
  good: [
    {
      name: 'BuildKit secret mount and run-time key',
      facts: f({
        '.env': `OPENAI_API_KEY=${key}\n`,
        '.gitignore': '.env\n',
        '.dockerignore': '.env\n.env.*\n!.env.example\n',
        Dockerfile:
          'FROM python:3.12-slim\nWORKDIR /app\nRUN --mount=type=secret,id=openai,env=OPENAI_API_KEY python warmup.py\nCOPY . .\nCMD ["python", "app.py"]\n',
      }),
    },
    {
      name: 'placeholder ENV and .env.example copied',
      facts: f({
        '.env.example': 'OPENAI_API_KEY=sk-your-key-here\n',
        Dockerfile: 'FROM python:3.12-slim\nENV OPENAI_API_KEY=""\nENV OPENAI_MODEL=gpt-4o-mini\nCOPY . .\n',
      }),
    },
    {
      name: 'Dockerfile in a subfolder built with its own folder as context (root .env out of reach)',
      facts: f({ '.env': `OPENAI_API_KEY=${key}\n`, 'docker/Dockerfile': 'FROM python:3.12-slim\nCOPY . /app\n' }),
    },
    {
      name: 'compose context with a .dockerignore excluding env files',
      facts: f({
        '.env': `OPENAI_API_KEY=${key}\n`,
        '.dockerignore': '**/.env\n',
        'docker/Dockerfile': 'FROM python:3.12-slim\nCOPY . /app\n',
        'compose.yaml': 'services:\n  api:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile\n',
      }),
    },
    {
      name: 'COPY of a subfolder that holds no env file',
      facts: f({
        '.env': `OPENAI_API_KEY=${key}\n`,
        Dockerfile: 'FROM python:3.12-slim\nCOPY src/ /app/src/\nCOPY requirements.txt .\n',
      }),
    },
  ],
};

describe('key-in-docker-image', () => testCheck(check, cases, it));
