#!/usr/bin/env node
// Code analysis on a generated 10,000-file JavaScript/TypeScript + Python repository (realistic file
// sizes, some env reads, a few OpenAI call sites): the code collector alone (in process, median of
// several runs) and the whole `keydoctor --offline` (built CLI in dist/). Target: the code analysis
// adds under 1 s.
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', process.env.KD_DIST ?? 'dist');
const bin = process.env.KD_DIST ? join(dist, 'src', 'cli', 'bin.js') : join(dist, 'cli', 'bin.cjs');
if (!existsSync(bin)) {
  console.error(`code.bench: ${bin} is missing; run \`npm run build\` first`);
  process.exit(1);
}
const RUNS = Number(process.env.KD_BENCH_RUNS ?? 5);
const FILES = Number(process.env.KD_BENCH_FILES ?? 10_000);
const TARGET_MS = 1000;

// deterministic filler
let seed = 0;
const word = () => {
  const h = createHash('sha256').update(String(seed++)).digest('hex');
  return (
    [
      'user',
      'item',
      'order',
      'cart',
      'price',
      'total',
      'list',
      'view',
      'state',
      'props',
      'data',
      'value',
      'count',
      'index',
      'result',
    ][parseInt(h.slice(0, 2), 16) % 15] + h.slice(2, 6)
  );
};

function jsComponent(k) {
  const names = Array.from({ length: 12 }, word);
  return (
    `import React, { useState, useEffect } from 'react';\nimport { format } from '../utils/format${k % 50}.js';\n\n` +
    names
      .map(
        (n, i) =>
          `export function ${n}Row({ ${n}, onSelect }) {\n  const [open, setOpen] = useState(false);\n  useEffect(() => { if (open) onSelect(${n}.id); }, [open]);\n  return (\n    <li className="row-${i}" onClick={() => setOpen(!open)}>\n      {format(${n}.label)} — {${n}.count * ${i + 1}}\n    </li>\n  );\n}\n`,
      )
      .join('\n')
  );
}
function tsUtil(k) {
  const names = Array.from({ length: 15 }, word);
  return (
    `export interface Rec${k} { id: number; label: string; count: number }\n\n` +
    names
      .map(
        (n) =>
          `export function ${n}(xs: Rec${k}[]): number {\n  let t = 0;\n  for (const x of xs) t += x.count > 0 ? x.count : 0;\n  return t;\n}\n`,
      )
      .join('\n') +
    (k % 7 === 0 ? `\nexport const LOG_LEVEL = process.env.LOG_LEVEL ?? 'info';\n` : '')
  );
}
function pyModule(k) {
  const names = Array.from({ length: 14 }, word);
  return (
    `"""Module ${k}."""\nfrom dataclasses import dataclass\nfrom typing import List\n\n\n@dataclass\nclass Rec${k}:\n    id: int\n    label: str\n    count: int = 0\n\n\n` +
    names
      .map(
        (n) =>
          `def ${n}(items: List[Rec${k}]) -> int:\n    total = 0\n    for it in items:\n        if it.count > 0:\n            total += it.count\n    return total\n\n`,
      )
      .join('\n') +
    (k % 7 === 0 ? `\nimport os\nDEBUG = os.getenv("DEBUG", "0") == "1"\n` : '')
  );
}
function pyTest(k) {
  return (
    `import pytest\nfrom app.pkg${k % 40}.module_${k} import Rec${k}\n\n\n` +
    Array.from(
      { length: 8 },
      (_, i) =>
        `def test_case_${i}():\n    r = Rec${k}(id=${i}, label="x", count=${i})\n    assert r.count == ${i}\n\n`,
    ).join('\n')
  );
}

function makeRepo(root, n) {
  const files = {
    '.env': 'OPENAI_API_KEY=sk-bench-placeholder-not-a-key\n',
    '.gitignore': '.env\nnode_modules\n__pycache__/\ndist/\n',
    'package.json': JSON.stringify({
      name: 'mono',
      type: 'module',
      scripts: { start: 'node --env-file=.env web/server.js', dev: 'next dev' },
      dependencies: { openai: '^6.0.0', next: '15.1.0', react: '19.0.0' },
    }),
    'requirements.txt': 'openai>=1.40\npython-dotenv>=1.0\nfastapi\n',
    'web/server.js':
      "import OpenAI from 'openai';\nimport { route } from './routes.js';\nconst client = new OpenAI();\nexport default route(client);\n",
    'web/routes.js':
      "export function route(client) {\n  return (q) => client.responses.create({ model: 'gpt-4o-mini', input: q });\n}\n",
    'app/main.py':
      'import os\nfrom dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI()\n\nif __name__ == "__main__":\n    print(client.chat.completions.create(model="gpt-4o-mini", messages=[]))\n',
    'app/__init__.py': '',
    'app/llm/azure.py': 'import os\nfrom openai import AzureOpenAI\n\nclient = AzureOpenAI(api_version="2024-10-21")\n',
    'app/llm/__init__.py': '',
    'scripts/embed.ts':
      "import OpenAI from 'openai';\nconst c = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\nexport const embed = (t: string) => c.embeddings.create({ model: 'text-embedding-3-small', input: t });\n",
  };
  let k = 0;
  while (Object.keys(files).length < n) {
    const i = k++;
    switch (i % 5) {
      case 0:
        files[`web/components/c${i % 60}/Comp${i}.jsx`] = jsComponent(i);
        break;
      case 1:
        files[`web/utils/u${i % 60}/util${i}.ts`] = tsUtil(i);
        break;
      case 2:
        files[`app/pkg${i % 40}/module_${i}.py`] = pyModule(i);
        break;
      case 3:
        files[`tests/t${i % 40}/test_${i}.py`] = pyTest(i);
        break;
      default:
        files[`web/lib/l${i % 60}/lib${i}.js`] = tsUtil(i).replace(
          /: Rec\d+\[\]|: number|: string|export interface[^\n]*\n/g,
          '',
        );
        break;
    }
  }
  for (const i of [0, 1, 2]) files[`web/utils/format${i}.js`] = 'export const format = (s) => String(s);\n';
  for (const [rel, text] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return Object.keys(files).length;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const keep = process.env.KD_BENCH_DIR; // generate there and keep it (profiling)
const dir = keep ?? mkdtempSync(join(tmpdir(), 'kd-code-bench-'));
try {
  const root = join(dir, 'repo');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const n = makeRepo(root, FILES);
  const imp = (p) => import(pathToFileURL(join(dist, p)).href);
  const { walkProject } = await imp('src/collect/files.js');
  const { collectProject } = await imp('src/collect/project.js');
  const { analyzeProject } = await imp('src/code/collector.js');

  const walkMs = [];
  const codeMs = [];
  let code;
  for (let r = 0; r < RUNS; r++) {
    const notes = [];
    const t0 = performance.now();
    const files = walkProject(root, notes);
    const project = collectProject(root, files, notes);
    const t1 = performance.now();
    code = await analyzeProject({ root, files, project, notes });
    const t2 = performance.now();
    walkMs.push(t1 - t0);
    codeMs.push(t2 - t1);
  }
  const parsed = code.files.filter((f) => f.language !== 'python' || f.sdkGeneration || f.hasMainGuard).length;
  const doctorMs = [];
  for (let r = 0; r < Math.max(3, Math.ceil(RUNS / 2)); r++) {
    const t0 = performance.now();
    const res = spawnSync(process.execPath, [bin, 'doctor', '--offline', '--format', 'json'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 1 << 26,
    });
    if (res.status === 2 || res.status === null)
      throw new Error(`keydoctor failed: ${res.stderr.toString().slice(0, 300)}`);
    doctorMs.push(performance.now() - t0);
  }
  const codeMed = median(codeMs);
  console.log(
    `files in the repository: ${n} (code files analysed: ${code.files.length}; clients found: ${code.clients.length}; env reads: ${code.envReads.length})`,
  );
  console.log(`listing + project info: ${median(walkMs).toFixed(0)} ms (median of ${RUNS})`);
  console.log(
    `code collector:         ${codeMed.toFixed(0)} ms (median of ${RUNS}; min ${Math.min(...codeMs).toFixed(0)}, max ${Math.max(...codeMs).toFixed(0)}) — target < ${TARGET_MS} ms`,
  );
  console.log(`keydoctor --offline:    ${median(doctorMs).toFixed(0)} ms (whole run, median of ${doctorMs.length})`);
  void parsed;
  if (codeMed > TARGET_MS) {
    console.log('code.bench: over target');
    process.exitCode = 1;
  }
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
