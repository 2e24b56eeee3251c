#!/usr/bin/env node
// Builds the optional native prefilter of `keydoctor scan` (native/prefilter.c, Node-API) with the
// node-gyp that ships with npm. Optional by design: when there is no C compiler, no Node headers or
// no node-gyp, this prints one line and exits 0, and the scan reads files in JavaScript instead
// (same results, slower on large trees). Skips the build when the addon is newer than its sources.
//
//   node scripts/build-native.mjs [--force]
//
// KEYDOCTOR_NATIVE=0 skips the build (and makes the scan ignore an addon that exists).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const addon = join(root, 'build', 'Release', 'keydoctor_prefilter.node');
const sources = [
  join(root, 'native', 'prefilter.c'),
  join(root, 'native', 'ignore.c'),
  join(root, 'native', 'ignore.h'),
  join(root, 'native', 'inflate.c'),
  join(root, 'native', 'inflate.h'),
  join(root, 'binding.gyp'),
];
const say = (msg) => console.log(`keydoctor native prefilter: ${msg}`);

if (process.env.KEYDOCTOR_NATIVE === '0') {
  say('skipped (KEYDOCTOR_NATIVE=0); the scan reads in JavaScript');
  process.exit(0);
}
if (!sources.every((s) => existsSync(s))) process.exit(0); // an install without the sources: nothing to build
const mtime = (p) => statSync(p).mtimeMs;
// The addon is built for one Node ABI: after a Node upgrade it must be built again.
const stamp = join(root, 'build', 'Release', 'keydoctor-abi.txt');
const abi = `${process.versions.modules} ${process.platform} ${process.arch}`;
const sameAbi = existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === abi;
if (!process.argv.includes('--force') && existsSync(addon) && sameAbi && sources.every((s) => mtime(s) <= mtime(addon)))
  process.exit(0);

// npm sets npm_config_node_gyp inside its scripts; otherwise look next to this Node's npm.
const candidates = [
  process.env.npm_config_node_gyp,
  join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
].filter((p) => p && existsSync(p));
const gyp = candidates[0];
if (!gyp) {
  say('not built (node-gyp not found); the scan reads in JavaScript');
  process.exit(0);
}
const args = [gyp, 'rebuild'];
// Headers installed with this Node (Debian's nodejs, official tarballs) mean no download is needed.
const headers = resolve(dirname(process.execPath), '..');
if (!process.env.npm_config_nodedir && existsSync(join(headers, 'include', 'node', 'node_api.h')))
  args.push(`--nodedir=${headers}`);
const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 120_000 });
if (r.status === 0 && existsSync(addon)) {
  writeFileSync(stamp, `${abi}\n`);
  say('built');
} else {
  const why = `${r.stderr ?? ''}${r.stdout ?? ''}`
    .split('\n')
    .find((l) => /error|not found|ERR!/i.test(l))
    ?.trim();
  say(`not built${why ? ` (${why.slice(0, 160)})` : ''}; the scan reads in JavaScript`);
}
