import { describe, it } from 'node:test';
import { check } from '../../../src/checks/code/env-unavailable-in-browser.js';
import { testCheck } from '../../helpers/check-tester.js';
import type { Framework } from '../../../src/core/facts.js';
import { code, facts, file, read } from './facts.js';

const project = (...frameworks: Framework[]) => ({
  packageJsons: [],
  python: [],
  frameworks,
  node: true,
  pythonProject: false,
  git: { isRepo: false, tracked: new Set<string>() },
});
const clientFile = file('app/chat.tsx', { clientSide: true });

describe('env-unavailable-in-browser', () => {
  testCheck(
    check,
    {
      bad: [
        {
          name: "Next.js 'use client' reads process.env.OPENAI_API_KEY",
          facts: facts(
            code({
              files: [clientFile],
              envReads: [read('OPENAI_API_KEY', { file: 'app/chat.tsx', language: 'ts', via: 'process.env' })],
            }),
            [],
            { project: project('next') },
          ),
        },
        {
          name: 'Vite app reads import.meta.env.OPENAI_API_KEY',
          facts: facts(
            code({
              files: [file('src/App.jsx', { clientSide: true })],
              envReads: [read('OPENAI_API_KEY', { file: 'src/App.jsx', language: 'js', via: 'import.meta.env' })],
            }),
            [],
            { project: project('vite') },
          ),
        },
      ],
      good: [
        {
          name: 'server file',
          facts: facts(
            code({
              files: [file('app/api/route.ts')],
              envReads: [read('OPENAI_API_KEY', { file: 'app/api/route.ts', language: 'ts', via: 'process.env' })],
            }),
            [],
            { project: project('next') },
          ),
        },
        {
          name: 'public prefix (key-exposed-to-client covers the leak)',
          facts: facts(
            code({
              files: [clientFile],
              envReads: [
                read('NEXT_PUBLIC_OPENAI_API_KEY', { file: 'app/chat.tsx', language: 'ts', via: 'process.env' }),
              ],
            }),
            [],
            { project: project('next') },
          ),
        },
        {
          name: 'unrelated variable',
          facts: facts(
            code({
              files: [clientFile],
              envReads: [read('NODE_ENV', { file: 'app/chat.tsx', language: 'ts', via: 'process.env' })],
            }),
            [],
            { project: project('next') },
          ),
        },
        {
          name: 'SvelteKit has its own split',
          facts: facts(
            code({
              files: [file('src/App.svelte', { clientSide: true })],
              envReads: [read('OPENAI_API_KEY', { file: 'src/App.svelte', language: 'ts', via: 'import.meta.env' })],
            }),
            [],
            { project: project('vite', 'sveltekit') },
          ),
        },
      ],
    },
    it,
  );
});
