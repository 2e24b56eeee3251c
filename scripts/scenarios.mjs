#!/usr/bin/env node
// Runs the shared acceptance scenarios against the built CLI. Scenarios that need a capability that
// has not landed yet are named in SKIP (the runner lists them as skipped, so the gap stays visible).
import { existsSync, realpathSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const SKIP = [];

const runner = '../shared/tools/scenarios.mjs';
const examples = '../shared/scenarios/examples.mjs';
if (!existsSync(runner) || !existsSync(examples)) {
  console.log('scenarios: ../shared is absent here, so the shared acceptance scenarios were not run');
  process.exit(0);
}
// The runner starts only when run as the main module, judged by its real path: resolve links first.
const args = [realpathSync(runner), ...(SKIP.length ? ['--skip', SKIP.join(',')] : []), ...process.argv.slice(2), realpathSync(examples)];
const r = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
process.stdout.write(r.stdout ?? '');
if (!/^\d+ passed, \d+ failed/m.test(r.stdout ?? '')) {
  console.error('scenarios: the shared runner printed no result line');
  process.exit(1);
}
process.exit(r.status ?? 1);
