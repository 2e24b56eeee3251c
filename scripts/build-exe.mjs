#!/usr/bin/env node
// `npm run build:exe`: keydoctor as one executable file that needs no Node installed, with Node's
// single-executable-application support: the running Node binary with the CLI injected into it.
//
//   1. esbuild bundles the built CLI (dist/cli/bin.cjs, its chunks and its npm dependencies) into one
//      CommonJS file, and the scan's worker into another (embedded as an asset);
//   2. `node --experimental-sea-config` turns them into a preparation blob;
//   3. a copy of this Node binary gets the blob injected with postject → dist/exe/keydoctor.
//
// The native prefilter is not embedded (an addon cannot load from inside the binary): the executable
// scans in JavaScript, with worker threads on large trees. Built and tested on Linux x64 only.
// Usage: node scripts/build-exe.mjs [--out FILE]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'dist', 'exe');
const at = process.argv.indexOf('--out');
const out =
  at > 0 ? resolve(process.argv[at + 1]) : join(dir, process.platform === 'win32' ? 'keydoctor.exe' : 'keydoctor');
const bin = join(root, 'dist', 'cli', 'bin.cjs');
if (!existsSync(bin)) {
  console.error('build:exe: dist/cli/bin.cjs is missing; run `npm run build` first');
  process.exit(2);
}
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 12)) {
  console.error(`build:exe: Node ${process.versions.node} cannot embed assets in an executable (20.12 or newer can)`);
  process.exit(2);
}
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

// The CLI loads a few packages on first use through createRequire (src/core/lazy.ts, the gitignore
// matcher): inside the executable those come from the bundle.
const entry = `
const Module = require('node:module');
const bundled = {
  yaml: () => require('yaml'),
  '@babel/parser': () => require('@babel/parser'),
  'smol-toml': () => require('smol-toml'),
  ignore: () => require('ignore'),
};
const create = Module.createRequire;
Module.createRequire = function (from) {
  const real = create(from);
  const req = (id) => (Object.prototype.hasOwnProperty.call(bundled, id) ? bundled[id]() : real(id));
  return Object.assign(req, { resolve: real.resolve, cache: real.cache });
};
require(${JSON.stringify(bin)});
`;
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'none',
  absWorkingDir: root,
};
await build({
  ...common,
  stdin: { contents: entry, resolveDir: root, sourcefile: 'keydoctor-exe.cjs', loader: 'js' },
  outfile: join(dir, 'keydoctor.cjs'),
});
await build({ ...common, entryPoints: [join(root, 'dist', 'cli', 'worker.cjs')], outfile: join(dir, 'worker.cjs') });

const config = join(dir, 'sea-config.json');
const blob = join(dir, 'sea-prep.blob');
writeFileSync(
  config,
  JSON.stringify(
    {
      main: join(dir, 'keydoctor.cjs'),
      output: blob,
      disableExperimentalSEAWarning: true,
      useSnapshot: false,
      useCodeCache: false,
      assets: { 'worker.cjs': join(dir, 'worker.cjs') },
    },
    null,
    2,
  ),
);
const gen = spawnSync(process.execPath, ['--experimental-sea-config', config], { cwd: dir, encoding: 'utf8' });
if (gen.status !== 0) {
  console.error(`build:exe: node --experimental-sea-config failed:\n${gen.stderr}`);
  process.exit(1);
}
copyFileSync(process.execPath, out);
chmodSync(out, 0o755);
const { inject } = createRequire(import.meta.url)('postject');
await inject(out, 'NODE_SEA_BLOB', readFileSync(blob), {
  sentinelFuse: 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
  machoSegmentName: process.platform === 'darwin' ? 'NODE_SEA' : undefined,
});
for (const f of [blob, config]) rmSync(f, { force: true });
console.log(`build:exe: ${out} (${process.platform}-${process.arch}, Node ${process.versions.node})`);
