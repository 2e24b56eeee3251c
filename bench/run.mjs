#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.mjs in turn (each prints its own figures).
// Usage: node bench/run.mjs [substring filter] [--compare] [--repos=DIR,DIR] [--repos-dir=DIR]
// (the --repos flags go to repos.bench.mjs: real repositories cloned outside this one). With --compare, each figure is printed
// beside its floor (ripgrep, a script that lists and reads the same files, git log -p | rg) as a
// ratio, with the machine's load (bench/compare.mjs). Exit status 1 if any benchmark failed to run
// or reported a figure over its target.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const compare = args.includes('--compare');
const filter = args.find((a) => !a.startsWith('--'));
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs') && (!filter || f.includes(filter)))
  .sort();
if (benches.length === 0) {
  console.error('bench: no benchmarks found');
  process.exit(1);
}
let failed = 0;
for (const b of benches) {
  console.log(`\n== ${b}`);
  const r = spawnSync(
    process.execPath,
    [join(here, b), ...(compare ? ['--compare'] : []), ...args.filter((a) => a.startsWith('--repos'))],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) failed++;
}
console.log(`\n${benches.length - failed}/${benches.length} benchmarks within target`);
process.exit(failed ? 1 : 0);
