#!/usr/bin/env node
// How long `keydoctor --offline` takes on a 1,000-file project, and `keydoctor --version`.
// Targets: under 300 ms and under 100 ms (median wall time of several runs, the built CLI in dist/).
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'dist', 'cli', 'bin.cjs');
if (!existsSync(bin)) {
  console.error(`doctor.bench: ${bin} is missing; run \`npm run build\` first`);
  process.exit(1);
}
const RUNS = Number(process.env.KD_BENCH_RUNS ?? 7);
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const rand = (n) => [...randomBytes(n)].map((b) => ALNUM[b % ALNUM.length]).join('');
const key = () => `sk-proj-${rand(74)}${['T3Bl', 'bkFJ'].join('')}${rand(74)}`;

/** A project of exactly `n` files: a Python service, a Node service, docs and assets. */
function makeProject(root, n) {
  const files = {
    '.env': `OPENAI_API_KEY=${key()}\nOPENAI_ORG_ID=org-${rand(24)}\n`,
    '.env.example': 'OPENAI_API_KEY=sk-your-key-here\n',
    '.gitignore': '.env\nnode_modules\n__pycache__/\n',
    'requirements.txt': 'openai>=1.40\npython-dotenv>=1.0\nfastapi\n',
    'app.py':
      'import os\nfrom dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI()\n',
    'web/package.json': JSON.stringify({
      name: 'web',
      type: 'module',
      scripts: { start: 'node --env-file=.env server.js', dev: 'node --watch --env-file=.env server.js' },
      dependencies: { openai: '^6.0.0' },
    }),
    'web/server.js': "import OpenAI from 'openai';\nconst client = new OpenAI();\nexport default client;\n",
    'web/.env': `OPENAI_API_KEY=${key()}\n`,
  };
  let i = 0;
  while (Object.keys(files).length < n) {
    const k = i++;
    const dir = `pkg${k % 20}/sub${k % 7}`;
    switch (k % 5) {
      case 0:
        files[`${dir}/module_${k}.py`] =
          `import os\n\ndef handler_${k}(x):\n    return os.getenv("SETTING_${k}", "d") + str(x)\n`.repeat(3);
        break;
      case 1:
        files[`${dir}/mod${k}.js`] = `export function f${k}(x) {\n  return process.env.SETTING_${k} ?? x;\n}\n`.repeat(
          3,
        );
        break;
      case 2:
        files[`${dir}/mod${k}.ts`] =
          `export const v${k}: number = ${k};\nexport function g${k}(s: string): string { return s + '${rand(20)}'; }\n`;
        break;
      case 3:
        files[`docs/${dir}/page${k}.md`] = `# Page ${k}\n\n${rand(400)}\n`;
        break;
      default:
        files[`${dir}/data${k}.json`] = JSON.stringify({ id: k, name: rand(30), tags: [rand(5), rand(5)] });
        break;
    }
  }
  for (const [rel, text] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return Object.keys(files).length;
}

function time(args, cwd, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status === 2 || r.status === null)
    throw new Error(`keydoctor ${args.join(' ')} failed (${r.status}): ${r.stderr.toString().slice(0, 300)}`);
  return ms;
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

const dir = mkdtempSync(join(tmpdir(), 'kd-bench-'));
let over = 0;
try {
  const root = join(dir, 'project');
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, '.bashrc'), 'export PATH="$HOME/bin:$PATH"\n');
  const n = makeProject(root, 1000);
  const env = { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8', NO_COLOR: '1' };
  time(['--offline', '--format', 'json'], root, env); // warm the file cache once
  const doctor = Array.from({ length: RUNS }, () => time(['--offline', '--format', 'json'], root, env));
  const version = Array.from({ length: RUNS }, () => time(['--version'], root, env));
  const rows = [
    [`keydoctor --offline (${n} files)`, median(doctor), 300, doctor],
    ['keydoctor --version', median(version), 100, version],
  ];
  for (const [name, m, target, all] of rows) {
    const ok = m < target;
    if (!ok) over++;
    console.log(
      `${name.padEnd(36)} median ${m.toFixed(0).padStart(5)} ms  (target < ${target} ms: ${ok ? 'ok' : 'OVER'})  runs: ${all.map((x) => x.toFixed(0)).join(' ')}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(over ? 1 : 0);
