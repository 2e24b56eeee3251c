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
const bin = join(here, '..', 'dist', 'src', 'cli', 'bin.js');
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
  [join(home, '.zshrc')]: `# set up in 2024\nexport PATH="$HOME/bin:$PATH"\nexport OPENAI_API_KEY="${oldKey}"\n`,
  [join(project, '.env')]: `# rotated last week\nOPENAI_API_KEY=${newKey}\nOPENAI_ORG_ID=Personal\nOPENAI_KEY="${newKey}" # for the worker\n`,
  [join(project, '.env.production')]: `OPENAI_API_KEY=sk-your-key-here\n`,
  [join(project, '.gitignore')]: 'node_modules\n',
  [join(project, 'requirements.txt')]: 'openai>=1.40\npython-dotenv>=1.0\n',
  [join(project, 'app.py')]: 'import os\nfrom openai import OpenAI\nfrom dotenv import load_dotenv\n\nclient = OpenAI()\nload_dotenv()\n\nprint(client.models.list())\n',
  [join(project, 'worker.py')]: 'import os\nimport openai\n\nopenai.api_key = os.getenv("OPENAI_KEY")\nprint(openai.Completion.create(model="text-davinci-003", prompt="hi"))\n',
  [join(project, 'docker-compose.yml')]: 'services:\n  api:\n    build: .\n    environment:\n      - OPENAI_API_KEY=${OPENAI_API_KEY}\n    env_file: .env.docker\n',
};
for (const [p, text] of Object.entries(files)) {
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
}
console.log(`Example project (made just now, keys generated at random): ${project}\n`);
const r = spawnSync(process.execPath, [bin, 'doctor', '--offline', ...process.argv.slice(2), project], {
  stdio: 'inherit',
  env: { PATH: process.env.PATH, HOME: home, OPENAI_API_KEY: oldKey, LANG: 'C.UTF-8', TERM: process.env.TERM, NO_COLOR: process.env.NO_COLOR, FORCE_COLOR: process.env.FORCE_COLOR },
});
rmSync(dir, { recursive: true, force: true });
// The example has problems on purpose: exit 1 from the doctor is the expected answer here.
process.exit(r.status === 1 ? 0 : (r.status ?? 1));
