#!/usr/bin/env node
// `npm run fuzz`: the collectors' fuzz target (test/fuzz/collectors.ts) for longer than `npm test`
// runs it. FUZZ_ITERATIONS (default 20000) and FUZZ_SEED (default: the clock, printed so a failure
// can be replayed). Needs a build (`npm run build`). Exit status 1 when a property failed.
import { existsSync } from 'node:fs';

const mod = new URL('../dist/test/fuzz/collectors.js', import.meta.url);
if (!existsSync(mod)) {
  console.error('fuzz: dist/test/fuzz/collectors.js is missing; run `npm run build` first');
  process.exit(2);
}
const { fuzzCollectors } = await import(mod.href);
const iterations = Number(process.env.FUZZ_ITERATIONS ?? 20000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
console.log(`fuzz: ${iterations} iterations, seed ${seed}`);
const t0 = Date.now();
const failures = fuzzCollectors(iterations, seed);
for (const f of failures) console.log(`\n${f.target} #${f.iteration}: ${f.error}\n  input: ${JSON.stringify(f.input)}`);
console.log(
  `\nfuzz: ${failures.length ? `${failures.length} failures` : 'no failures'} in ${((Date.now() - t0) / 1000).toFixed(1)} s (replay: FUZZ_SEED=${seed} FUZZ_ITERATIONS=${iterations} npm run fuzz)`,
);
process.exit(failures.length ? 1 : 0);
