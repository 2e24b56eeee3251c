import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tempProject, type Tree } from '../helpers/project.js';
import { openaiKey } from '../helpers/keys.js';
import { nativePrefilter } from '../../src/scan/native.js';
import type * as Yaml from 'yaml';
import type * as Babel from '@babel/parser';
import type * as Toml from 'smol-toml';
import type * as Jsonc from 'jsonc-parser';

// The published CLI is the bundle in dist/cli (scripts/bundle.mjs); `npm test` builds it first.
const bin = join('dist', 'cli', 'bin.cjs');

describe('the bundled CLI', () => {
  it('answers --version and runs the doctor', (t) => {
    if (!existsSync(bin)) return t.skip('dist/cli is not built (npm run build)');
    const v = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    assert.equal(v.status, 0);
    assert.match(v.stdout, /^\d+\.\d+\.\d+\n$/);
    const p = tempProject({
      '.env': 'OPENAI_API_KEY=sk-your-key-here\n',
      '.gitignore': '.env\n',
      'app.py': 'from dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI()\n',
      'requirements.txt': 'openai>=1\npython-dotenv\n',
    });
    try {
      const r = spawnSync(process.execPath, [bin, '--offline', '--format', 'json', p.root], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: p.home },
      });
      const ids = (JSON.parse(r.stdout) as { findings: Array<{ id: string }> }).findings.map((f) => f.id);
      assert.ok(ids.includes('key-placeholder'), ids.join(','));
    } finally {
      p.cleanup();
    }
  });

  it('starts scan workers from the bundle and finds a key among thousands of files', (t) => {
    if (!existsSync(bin)) return t.skip('dist/cli is not built (npm run build)');
    const key = openaiKey('proj', 'bundle-worker');
    const files: Tree = {};
    for (let i = 0; i < 3200; i++) files[`src/m${i % 40}/f${i}.js`] = `export const v${i} = ${i};\n`;
    files['src/m7/llm.py'] = `client = OpenAI(api_key="${key}")\n`;
    const p = tempProject(files);
    try {
      const r = spawnSync(process.execPath, [bin, 'scan', '--workers', '1', '--format', 'json', p.root], {
        encoding: 'utf8',
      });
      assert.ok(!r.stdout.includes(key) && !r.stderr.includes(key), 'the key is masked');
      const doc = JSON.parse(r.stdout) as {
        findings: Array<{ id: string; location?: { path: string } }>;
        data: { scan: { stats: { workers: number } } };
      };
      assert.ok(doc.data.scan.stats.workers >= 1, 'workers started');
      assert.deepEqual(
        doc.findings.map((f) => [f.id, f.location?.path]),
        [['key-hardcoded', 'src/m7/llm.py']],
      );
      // By default the bundle reads through the native prefilter where it is built.
      const d = spawnSync(process.execPath, [bin, 'scan', '--format', 'json', p.root], { encoding: 'utf8' });
      const nat = JSON.parse(d.stdout) as {
        findings: Array<{ id: string; location?: { path: string } }>;
        data: { scan: { stats: { reader: string } } };
      };
      assert.equal(nat.data.scan.stats.reader, nativePrefilter() ? 'native' : 'workers'); // 3,201 files: the pool without the addon
      assert.deepEqual(
        nat.findings.map((f) => [f.id, f.location?.path]),
        [['key-hardcoded', 'src/m7/llm.py']],
      );
    } finally {
      p.cleanup();
    }
  });
});

describe('the bundle keeps the scan reader out of start-up', () => {
  it('a scan loads the reader chunk (detect, its WebAssembly pass, archives) after the native addon, not with the scan command', (t) => {
    if (!existsSync(bin)) return t.skip('dist/cli is not built (npm run build)');
    if (!nativePrefilter()) return t.skip('the native addon is not built');
    const p = tempProject({ 'app.py': 'x = 1\n' });
    try {
      // Records each file the CommonJS loader loads, in order.
      const preload = join(p.root, 'order.cjs');
      writeFileSync(
        preload,
        "const M = require('module'); const seen = []; const load = M._load;\n" +
          'M._load = function (request) { seen.push(request); return load.apply(this, arguments); };\n' +
          "process.on('exit', () => process.stderr.write('ORDER ' + JSON.stringify(seen) + '\\n'));\n",
      );
      const r = spawnSync(process.execPath, ['-r', preload, bin, 'scan', p.root], { encoding: 'utf8' });
      const line = r.stderr.split('\n').find((l) => l.startsWith('ORDER ')) ?? 'ORDER []';
      const order = JSON.parse(line.slice(6)) as string[];
      const addon = order.findIndex((x) => x.endsWith('keydoctor_prefilter.node'));
      const reader = order.findIndex((x) => /reader-[0-9a-f]+\.cjs$/.test(x));
      assert.ok(addon >= 0 && reader >= 0, order.join(' '));
      assert.ok(addon < reader, order.join(' '));
    } finally {
      p.cleanup();
    }
  });
});

describe("the bundle's own copies of yaml and @babel/parser", () => {
  it('the chunks load them from dist/cli, never from node_modules, and they parse as the packages do', async (t) => {
    if (!existsSync(bin)) return t.skip('dist/cli is not built (npm run build)');
    const { readdirSync, readFileSync } = await import('node:fs');
    const { createRequire } = await import('node:module');
    const dir = join('dist', 'cli');
    const chunks = readdirSync(dir).filter((f) => f.endsWith('.cjs') && !f.startsWith('vendor-'));
    for (const f of chunks) {
      const text = readFileSync(join(dir, f), 'utf8');
      assert.ok(
        !/require\(['"](?:yaml|@babel\/parser|smol-toml|jsonc-parser)['"]\)/.test(text),
        `${f} requires the npm package`,
      );
    }
    assert.ok(
      chunks.some((f) => readFileSync(join(dir, f), 'utf8').includes("require('./vendor-yaml.cjs')")),
      'a chunk loads the shipped yaml',
    );
    const req = createRequire(join(process.cwd(), dir, 'bin.cjs'));
    const mine = req('./vendor-yaml.cjs') as typeof Yaml;
    const theirs = req('yaml') as typeof Yaml;
    const text =
      'services:\n  api:\n    image: x\n    environment:\n      - OPENAI_API_KEY=${OPENAI_API_KEY:-}\nanchors: &a { b: [1, 2] }\nref: *a\n';
    assert.deepEqual(mine.parse(text), theirs.parse(text));
    const tomlMine = req('./vendor-smol-toml.cjs') as typeof Toml;
    const tomlTheirs = req('smol-toml') as typeof Toml;
    const toml = '[project]\nname = "x"\ndependencies = ["openai>=1", "python-dotenv"]\n[tool.x]\nn = 1\n';
    assert.deepEqual(tomlMine.parse(toml), tomlTheirs.parse(toml));
    const jsoncMine = req('./vendor-jsonc-parser.cjs') as typeof Jsonc;
    const jsoncTheirs = req('jsonc-parser') as typeof Jsonc;
    const jsonc = '{\n  // a comment\n  "OpenAI": { "ApiKey": "", }, "n": [1, 2,],\n}\n';
    assert.deepEqual(jsoncMine.parseTree(jsonc), jsoncTheirs.parseTree(jsonc));
    const babelMine = req('./vendor-babel-parser.cjs') as typeof Babel;
    const babelTheirs = req('@babel/parser') as typeof Babel;
    const js = "import OpenAI from 'openai';\nconst c = new OpenAI({ apiKey: process.env.X ?? '' });\n";
    const strip = (n: unknown) =>
      JSON.stringify(n, (k, v: unknown) => (k === 'loc' || k === 'start' || k === 'end' ? undefined : v));
    assert.equal(
      strip(babelMine.parse(js, { sourceType: 'module' })),
      strip(babelTheirs.parse(js, { sourceType: 'module' })),
    );
  });
});
