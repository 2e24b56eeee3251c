#!/usr/bin/env node
// The doctor's growth: `keydoctor --offline` on generated projects of 1,000 / 10,000 / 50,000
// files of mixed kinds (Python and TypeScript modules that import each other, JSON, YAML, Markdown,
// dotenv files, and a quarter of the files in ignored dependency folders), beside its floor: a Node
// script that lists the same tree (skipping the same folders) and reads every file once.
// Targets (issue 19): 1,000 files < 250 ms, 10,000 < 500 ms, 50,000 < 1.5 s and < 200 MB, and the
// cost per file about the same at every size (linear). Median of KD_BENCH_RUNS interleaved runs.
//   node bench/growth.bench.mjs [--compare] [--sizes 1000,10000]
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, row, uptime } from './compare.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'dist', 'cli', 'bin.cjs');
const RUNS = Number(process.env.KD_BENCH_RUNS ?? 5);
const argv = process.argv.slice(2);
const at = argv.indexOf('--sizes');
const SIZES =
  at >= 0
    ? String(argv[at + 1])
        .split(',')
        .map(Number)
    : [1000, 10000, 50000];
const TARGETS = { 1000: [250, Infinity], 10000: [500, Infinity], 50000: [1500, 200] };

// Deterministic text (no key-shaped strings: the doctor's work here is the reading, not reporting).
let seed = 1;
const rnd = (n) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
const word = () =>
  [
    'alpha',
    'beta',
    'gamma',
    'delta',
    'user',
    'order',
    'cache',
    'client',
    'config',
    'handler',
    'model',
    'item',
    'value',
    'result',
    'request',
  ][rnd(15)];
const ident = () => `${word()}_${word()}${rnd(100)}`;

function py(i, n) {
  const imports = Array.from({ length: 3 }, () => `from pkg${rnd(20)}.mod_${rnd(n)} import ${ident()}`).join('\n');
  const fns = Array.from(
    { length: 6 },
    () =>
      `def ${ident()}(a, b=None):\n    """${word()} ${word()} ${word()}."""\n    x = [v for v in range(10) if v % 2]\n    if a and b:\n        return {"${word()}": a, "${word()}": b, "n": len(x)}\n    return None\n`,
  ).join('\n');
  const env = i % 17 === 0 ? `\nimport os\nTIMEOUT = int(os.getenv("REQUEST_TIMEOUT_${i}", "30"))\n` : '';
  return `import json\nimport logging\n${imports}\n${env}\nlog = logging.getLogger(__name__)\nNAME = "${word()}-${i}"\n\n${fns}`;
}
function ts(i, n) {
  const imports = Array.from({ length: 3 }, () => `import { ${ident()} } from '../pkg${rnd(20)}/mod${rnd(n)}';`).join(
    '\n',
  );
  const fns = Array.from(
    { length: 6 },
    () =>
      `export function ${ident()}(a: string, b?: number): Record<string, unknown> {\n  const xs = [1, 2, 3].map((v) => v * ${rnd(9)});\n  if (b !== undefined && a.length > b) return { ${word()}: a, n: xs.length };\n  return {};\n}\n`,
  ).join('\n');
  const env = i % 19 === 0 ? `\nexport const region = process.env.REGION_${i} ?? 'us';\n` : '';
  return `${imports}\n${env}\ninterface ${word()}${i} { id: number; name: string }\n\n${fns}`;
}
const json = (i) =>
  JSON.stringify(
    {
      name: `${word()}-${i}`,
      version: '1.0.0',
      items: Array.from({ length: 8 }, () => ({ id: rnd(1000), tag: word(), on: rnd(2) === 1 })),
    },
    null,
    2,
  );
const yaml = (i) =>
  `name: ${word()}-${i}\nsettings:\n  retries: ${rnd(5)}\n  timeout: ${rnd(60)}\n  tags:\n${Array.from({ length: 6 }, () => `    - ${word()}`).join('\n')}\n`;
const md = (i) =>
  `# ${word()} ${i}\n\n${Array.from({ length: 8 }, () => `${word()} ${word()} ${word()} ${word()} ${word()}.`).join(' ')}\n\n## Usage\n\n\`\`\`sh\nnpm run ${word()}\n\`\`\`\n`;

/** A project of exactly `n` files; returns the number of files written. */
export function makeProject(root, n) {
  seed = 1;
  const files = {
    '.gitignore': 'node_modules/\n.venv/\n__pycache__/\n.env\ndist/\n',
    '.env': 'OPENAI_API_KEY=placeholder-for-the-bench\nREQUEST_TIMEOUT=30\n',
    '.env.example': 'OPENAI_API_KEY=\n',
    'requirements.txt': 'openai>=1.40\npython-dotenv>=1.0\nfastapi\npydantic-settings\n',
    'app/main.py':
      'import os\nfrom dotenv import load_dotenv\nfrom openai import OpenAI\nfrom app.settings import Settings\n\nload_dotenv()\nsettings = Settings()\nclient = OpenAI(api_key=os.environ.get("OPENAI_API_KEY"))\n',
    'app/settings.py':
      'from pydantic_settings import BaseSettings, SettingsConfigDict\nfrom app.prefix import PREFIX\n\nclass Settings(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix=PREFIX, env_file=".env")\n    openai_api_key: str = ""\n',
    'app/prefix.py': 'PREFIX = "APP_"\n',
    'web/package.json': JSON.stringify({
      name: 'web',
      type: 'module',
      scripts: { start: 'node --env-file=.env server.js' },
      dependencies: { openai: '^6.0.0' },
    }),
    'web/server.js': "import OpenAI from 'openai';\nconst client = new OpenAI();\nexport default client;\n",
    'docker-compose.yml':
      'services:\n  api:\n    build: .\n    env_file: .env\n  web:\n    build: ./web\n    environment:\n      OPENAI_API_KEY: ${OPENAI_API_KEY}\n',
  };
  const names = Object.keys(files);
  const own = Math.round((n - names.length) * 0.75);
  let i = 0;
  for (; i < own; i++) {
    const pkg = `pkg${i % 20}`;
    const k = i % 10;
    if (k < 3) files[`${pkg}/mod_${i}.py`] = py(i, own);
    else if (k < 6) files[`${pkg}/mod${i}.ts`] = ts(i, own);
    else if (k < 7) files[`${pkg}/data/d${i}.json`] = json(i);
    else if (k < 8) files[`${pkg}/conf/c${i}.yaml`] = yaml(i);
    else if (k < 9) files[`docs/${pkg}/p${i}.md`] = md(i);
    else files[`${pkg}/__init__${i}.py`] = `from .mod_${i - 9} import *\n`;
  }
  // Ignored dependency folders: node_modules and a virtualenv.
  for (let j = 0; Object.keys(files).length < n; j++) {
    if (j % 2)
      files[`web/node_modules/dep${j % 50}/lib/f${j}.js`] =
        `module.exports = function f${j}(x) { return x + ${j}; };\n`;
    else files[`.venv/lib/python3.12/site-packages/dep${j % 50}/m${j}.py`] = `def f${j}(x):\n    return x + ${j}\n`;
  }
  for (const [rel, text] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return Object.keys(files).length;
}

// The floor: list the tree as a walker does (skipping the same dependency folders) and read every file once.
const FLOOR = `
const { readdirSync, readFileSync } = require('node:fs');
const skip = new Set(['node_modules', '.venv', '.git', '__pycache__']);
let n = 0, bytes = 0;
const walk = (d) => { for (const e of readdirSync(d, { withFileTypes: true })) { if (e.isDirectory()) { if (!skip.has(e.name)) walk(d + '/' + e.name); } else if (e.isFile()) { bytes += readFileSync(d + '/' + e.name).length; n++; } } };
walk(process.argv[1]);
`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!existsSync(bin)) {
    console.error(`growth.bench: ${bin} is missing; run \`npm run build\` first`);
    process.exit(1);
  }
  const compare = argv.includes('--compare');
  const dir = mkdtempSync(join(tmpdir(), 'kd-growth-'));
  let over = 0;
  const perFile = [];
  try {
    const home = join(dir, 'home');
    mkdirSync(home, { recursive: true });
    const env = { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8', NO_COLOR: '1' };
    for (const size of SIZES) {
      const root = join(dir, `p${size}`);
      const n = makeProject(root, size);
      const kd = [process.execPath, [bin, '--offline', '--format', 'json'], { cwd: root, env }];
      const floor = [process.execPath, ['-e', FLOOR, root], { cwd: root, env }];
      const [k, f] = measure([kd, floor], RUNS);
      const [ms, mb] = TARGETS[size] ?? [Infinity, Infinity];
      const ok = k.wall * 1000 < ms && k.maxMB < mb;
      if (!ok) over++;
      perFile.push([n, k.wall / n]);
      console.log(
        row(
          `keydoctor --offline, ${n} files`,
          k,
          compare ? f : undefined,
          `target < ${ms} ms${mb < Infinity ? ` and < ${mb} MB` : ''}: ${ok ? 'ok' : 'OVER'}`,
        ),
      );
    }
    if (perFile.length > 1)
      console.log(`cost per file: ${perFile.map(([n, s]) => `${n}: ${(s * 1e6).toFixed(0)} µs`).join(', ')}`);
    console.log(`load: ${uptime()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(over ? 1 : 0);
}
