#!/usr/bin/env node
// npm's install step for keydoctor (`npm install` / `npm ci` in a checkout, or installing the package):
// builds the optional native prefilter and, in a checkout of the sources, the CLI (TypeScript →
// dist/src, bundled into dist/cli). An installed package already holds dist/: only the addon is built.
//
// This is `install`, not `prepare`, on purpose: npm runs `prepare` again on `npm pack` and prints its
// output on stdout before the tarball's name, where pre-commit reads that name when it installs a
// `language: node` hook (pre-commit/pre-commit#3259): with `prepare`, keydoctor's hook would not install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const run = (args) => {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run([join(root, 'scripts', 'build-native.mjs')]);
if (!existsSync(join(root, 'tsconfig.json')) || !existsSync(join(root, 'src', 'cli', 'bin.ts'))) process.exit(0); // an installed package: dist/ is there
let tsc;
try {
  tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  console.error('keydoctor: building from the sources needs the dev dependencies (npm install --include=dev)');
  process.exit(1);
}
run([tsc, '-p', 'tsconfig.json']);
run([join(root, 'scripts', 'bundle.mjs')]);
