#!/usr/bin/env node
// `npm start`: builds a small broken project in a temporary folder (keys generated now, never
// stored in this repository), with its own HOME, and runs `keydoctor doctor --offline` on it.
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bin = process.env.KD_DIST
  ? join(here, '..', process.env.KD_DIST, 'src', 'cli', 'bin.js')
  : join(here, '..', 'dist', 'cli', 'bin.cjs');
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const rand = (n, a = ALNUM) => [...randomBytes(n)].map((b) => a[b % a.length]).join('');
const mark = ['T3Bl', 'bkFJ'].join('');
const key = () => `sk-proj-${rand(74)}${mark}${rand(74)}`;

const oldKey = key();
const newKey = key();
const dir = mkdtempSync(join(tmpdir(), 'keydoctor-example-'));
const project = join(dir, 'chat-app');
const home = join(dir, 'home');
const files = {
  // An old key exported months ago: it still wins over the rotated one in .env.
  [join(home, '.zshrc')]: `# set up in 2024\nexport PATH="$HOME/bin:$PATH"\nexport OPENAI_API_KEY="${oldKey}"\n`,
  [join(project, '.env')]:
    `# rotated last week\nOPENAI_API_KEY=${newKey}\nOPENAI_ORG_ID=Personal\nOPENAI_KEY="${newKey.slice(0, 100)}" # for the worker\n`,
  [join(project, '.env.production')]: `OPENAI_API_KEY=sk-your-key-here\n`,
  [join(project, '.gitignore')]: 'node_modules\n',
  [join(project, 'requirements.txt')]: 'openai>=1.40\npython-dotenv>=1.0\n',
  [join(project, 'app.py')]:
    'import os\nfrom openai import OpenAI\nfrom dotenv import load_dotenv\n\nclient = OpenAI()\nload_dotenv()\n\nprint(client.models.list())\n',
  [join(project, 'worker.py')]:
    'import os\nimport openai\nfrom dotenv import load_dotenv\n\nload_dotenv()\nopenai.api_key = os.getenv("OPENAI_KEY")\nprint(openai.Completion.create(model="text-davinci-003", prompt="hi"))\n',
  // A small Node service: dotenvx --overload makes its .env win, placeholder and all.
  [join(project, 'web', 'package.json')]: JSON.stringify(
    {
      name: 'web',
      type: 'module',
      scripts: { start: 'dotenvx run --overload -- node server.js' },
      dependencies: { openai: '^6.0.0', '@dotenvx/dotenvx': '^1.0.0' },
    },
    null,
    2,
  ),
  [join(project, 'web', '.env')]:
    'OPENAI_API_KEY="sk-your-key-here"\nOPENAI_BASE_URL=http://localhost:1234/v1 # tried LM Studio once\n',
  [join(project, 'web', 'server.js')]:
    "import OpenAI from 'openai';\n\nconst client = new OpenAI();\nconsole.log(await client.models.list());\n",
  [join(project, 'docker-compose.yml')]:
    'services:\n  api:\n    build: .\n    environment:\n      - OPENAI_API_KEY=${OPENAI_API_KEY}\n    env_file: .env.docker\n',
};
for (const [p, text] of Object.entries(files)) {
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
}
console.log(`Example project (made just now, keys generated at random): ${project}\n`);
const r = spawnSync(process.execPath, [bin, 'doctor', '--offline', ...process.argv.slice(2), project], {
  stdio: 'inherit',
  env: {
    PATH: process.env.PATH,
    HOME: home,
    SHELL: '/bin/zsh',
    OPENAI_API_KEY: oldKey,
    LANG: 'C.UTF-8',
    TERM: process.env.TERM,
    NO_COLOR: process.env.NO_COLOR,
    FORCE_COLOR: process.env.FORCE_COLOR,
  },
});
rmSync(dir, { recursive: true, force: true });
// The example has problems on purpose: exit 1 from the doctor is the expected answer here.
process.exit(r.status === 1 ? 0 : (r.status ?? 1));
