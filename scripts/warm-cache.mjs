#!/usr/bin/env node
// Makes the CLI bundle's code cache (dist/cli/.cache, src/cli/compile-cache.ts) after a build or an
// install. A chunk's cache holds the functions compiled in the first run that loads the chunk (one
// set of caches per command): left to the first real run, `keydoctor scan` of a tree without
// archives would cache the reader without the archive code, and every scan of archives after it
// would compile that code again (5 ms of a scan of trivy). So the scan's first run here is a scan
// (text output) of a tree made to reach what scans of real trees run: keys in code, a .env, base64
// in a manifest, a jar, tars and a .tar.gz, a file large enough for the native gate. Then the JSON
// output, the doctor on `npm start`'s example project and explain make their caches. Keys are
// generated now, in a temporary folder; nothing goes over the network. Never fails: without a
// build it does nothing; where the cache cannot be written it says so; it always exits 0.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'dist', 'cli', 'bin.cjs');
if (!existsSync(bin) || process.env.KEYDOCTOR_COMPILE_CACHE === '0') process.exit(0);

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const rand = (n, a = ALNUM) => [...randomBytes(n)].map((b) => a[b % a.length]).join('');
const mark = ['T3Bl', 'bkFJ'].join('');
const openai = () => `sk-proj-${rand(74)}${mark}${rand(74)}`;
const hex32 = () => rand(32, '0123456789abcdef');

/** A zip of deflated entries (local headers, central directory, end record). */
function zip(entries) {
  const parts = [];
  const central = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text);
    const body = deflateRawSync(data);
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(body.length, 20);
    c.writeUInt32LE(data.length, 24);
    c.writeUInt16LE(n.length, 28);
    c.writeUInt32LE(offset, 42);
    parts.push(local, n, body);
    central.push(c, n);
    offset += local.length + n.length + body.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dir, end]);
}

/** A tar (ustar headers, the end blocks). */
function tar(entries) {
  const parts = [];
  for (const [name, text] of entries) {
    const data = Buffer.from(text);
    const h = Buffer.alloc(512);
    h.write(name, 0);
    h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    h.write('0', 156);
    h.write('ustar\0', 257);
    parts.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

let dir;
let failed;
try {
  dir = mkdtempSync(join(tmpdir(), 'keydoctor-warm-'));
  const tree = join(dir, 'tree');
  const env = `OPENAI_API_KEY=${openai()}\nAZURE_OPENAI_API_KEY=${hex32()}\n`;
  const files = {
    '.gitignore': 'node_modules\n*.log\n',
    '.env': env,
    'app.py': `import openai\nclient = openai.OpenAI(api_key="${openai()}")\n`,
    'src/config.ts': `export const azure = { endpoint: 'https://x.openai.azure.com', 'api-key': '${hex32()}' };\n`,
    'notes.md': `# notes\n\nThe old key was ${openai()}.\n${'lorem ipsum dolor sit amet '.repeat(4000)}\n`,
    'deploy/secret.yaml': `apiVersion: v1\nkind: Secret\ndata:\n  key: ${Buffer.from(openai()).toString('base64')}\n`,
    'lib/app.jar': zip([
      ['META-INF/MANIFEST.MF', 'Manifest-Version: 1.0\n'],
      ['config/app.properties', `openai.key=${openai()}\n`],
      ['big.txt', 'x'.repeat(100_000)],
    ]),
    'images/layer.tar.gz': gzipSync(
      tar([
        ['app/.env', env],
        ['app/readme.txt', 'hello\n'.repeat(20_000)],
      ]),
    ),
    'images/plain.tar': tar([['etc/config.json', JSON.stringify({ key: openai() })]]),
  };
  for (const [p, body] of Object.entries(files)) {
    mkdirSync(dirname(join(tree, p)), { recursive: true });
    writeFileSync(join(tree, p), body);
  }
  const runEnv = { ...process.env, HOME: join(dir, 'home'), NO_COLOR: '1' };
  mkdirSync(runEnv.HOME, { recursive: true });
  const run = (args, opts = {}) =>
    spawnSync(process.execPath, args, {
      cwd: tree,
      env: runEnv,
      stdio: ['pipe', 'ignore', 'ignore'],
      timeout: 60_000,
      ...opts,
    });
  run([bin, 'scan', '.']);
  run([bin, 'scan', '.', '--format', 'json']);
  run([join(here, 'example.mjs')]);
  run([bin, 'explain'], {
    input: `openai.AuthenticationError: Error code: 401 - Incorrect API key provided: sk-proj-****${rand(4)}.`,
  });
} catch (e) {
  failed = e.code ?? e.message;
} finally {
  if (dir) rmSync(dir, { recursive: true, force: true });
}
console.log(
  failed
    ? `keydoctor: code cache not made (${failed}); every run compiles as usual`
    : `keydoctor: code cache ${existsSync(join(here, '..', 'dist', 'cli', '.cache')) ? 'filled' : 'not written (read-only install?)'}`,
);
