#!/usr/bin/env node
// Runs the shared acceptance scenarios against the built CLI. Scenarios that need a capability that
// has not landed yet are named in SKIP (the runner lists them as skipped, so the gap stays visible).
import { existsSync, realpathSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const SKIP = [];

const runner = '../shared/tools/scenarios.mjs';
const modules = ['../shared/scenarios/examples.mjs', '../shared/scenarios/precision.mjs'];
if (!existsSync(runner) || !existsSync(modules[0])) {
  // In CI (.ci/run sets KEYDOCTOR_REQUIRE_SHARED) the scenarios must run: a missing ../shared is a failure.
  if (process.env.CI || process.env.KEYDOCTOR_REQUIRE_SHARED) {
    console.error('scenarios: ../shared is missing, so the shared acceptance scenarios cannot run (they must in CI)');
    process.exit(1);
  }
  console.log('scenarios: ../shared is absent here, so the shared acceptance scenarios were not run');
  process.exit(0);
}
// The runner starts only when run as the main module, judged by its real path: resolve links first.
const args = [
  realpathSync(runner),
  ...(SKIP.length ? ['--skip', SKIP.join(',')] : []),
  ...process.argv.slice(2),
  ...modules.filter((m) => existsSync(m)).map((m) => realpathSync(m)),
];
const r = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
process.stdout.write(r.stdout ?? '');
if (!/^\d+ passed, \d+ failed/m.test(r.stdout ?? '')) {
  console.error('scenarios: the shared runner printed no result line');
  process.exit(1);
}
process.exit(r.status ?? 1);
