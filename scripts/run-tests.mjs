#!/usr/bin/env node
// Runs every compiled test file (dist/test/**/*.test.js) with Node's test runner.
// Usage: node scripts/run-tests.mjs [substring filter]
import { readdirSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

// --dist DIR runs the tests of another build folder (parallel work builds into .build/<name>).
const argv = process.argv.slice(2);
let dist = 'dist';
const at = argv.indexOf('--dist');
if (at >= 0) {
  dist = argv[at + 1] ?? dist;
  argv.splice(at, 2);
}
const dir = join(dist, 'test');
if (!existsSync(dir)) {
  console.error(`run-tests: ${dir} is missing; run \`npm run build\` first`);
  process.exit(2);
}
// Integration tests (a real browser, the pre-commit framework, a standalone executable) run only
// with --integration (`npm run test:integration`); `npm test` runs everything else.
const ii = argv.indexOf('--integration');
const integration = ii >= 0;
if (integration) argv.splice(ii, 1);
const filter = argv[0];
const files = [];
// A compiled test whose source is gone (moved or deleted since the last build) is left over in the
// build folder, not a test: it is not run.
const hasSource = (p) => existsSync(relative(dist, p).replace(/\.js$/, '.ts'));
const walk = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (
      e.name.endsWith('.test.js') &&
      (!filter || p.includes(filter)) &&
      p.includes(`${join('test', 'integration')}/`) === integration &&
      hasSource(p)
    )
      files.push(p);
  }
};
walk(dir);
files.sort();
if (files.length === 0) {
  console.error('run-tests: no test files found');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
