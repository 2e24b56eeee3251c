/**
 * A project with several targets that all use one key: the shell start-up file (~/.zshrc, the
 * "new terminal" target), a .env the Node app loads, and docker compose services (one interpolating
 * from .env, one reading it as env_file). Every target points at the emulator (OPENAI_BASE_URL), so
 * no live check leaves the machine.
 */
import type { CliIO } from '../../src/cli/io.js';
import { tempProject, type TempProject } from '../helpers/project.js';

export interface AdminProject extends TempProject {
  env: Record<string, string>;
}

export function adminProject(
  baseURL: string,
  keys: { shell: string; dotenv: string },
  extra: Record<string, string> = {},
): AdminProject {
  const p = tempProject(
    {
      '.env': `OPENAI_API_KEY=${keys.dotenv}\nOPENAI_BASE_URL=${baseURL}/v1\n`,
      '.gitignore': '.env\n.keydoctor/\n',
      'package.json': JSON.stringify({
        name: 'app',
        scripts: { start: 'node index.js' },
        dependencies: { openai: '^6.0.0', dotenv: '^16.0.0' },
      }),
      'index.js':
        "import 'dotenv/config';\nimport OpenAI from 'openai';\nconst client = new OpenAI();\nconsole.log(await client.models.list());\n",
      'compose.yaml':
        'services:\n  api:\n    image: node:20\n    environment:\n      OPENAI_API_KEY: ${OPENAI_API_KEY}\n      OPENAI_BASE_URL: ${OPENAI_BASE_URL}\n  worker:\n    image: python:3.12\n    env_file: .env\n',
      ...extra,
    },
    { '.zshrc': `export OPENAI_API_KEY=${keys.shell}\nexport OPENAI_BASE_URL=${baseURL}/v1\n` },
  );
  // A dead proxy for everything but loopback: a request that would leave the machine fails here instead.
  return {
    ...p,
    env: {
      HOME: p.home,
      SHELL: '/bin/zsh',
      PATH: process.env.PATH ?? '/usr/bin',
      HTTPS_PROXY: 'http://127.0.0.1:9',
      HTTP_PROXY: 'http://127.0.0.1:9',
      NO_PROXY: '127.0.0.1,localhost',
    },
  };
}

export function testIO(
  cwd: string,
  env: Record<string, string | undefined>,
  stdin = '',
): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (s: string) => {
      io.out += s;
    },
    stderr: (s: string) => {
      io.err += s;
    },
    readStdin: async () => stdin,
    isTTY: false,
    env,
    cwd,
  };
  return io;
}
