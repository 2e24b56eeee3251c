/**
 * The collectors' fuzz target, bounded for `npm test` (fixed seed, so a failure reproduces with
 * `FUZZ_SEED=20260301 FUZZ_ITERATIONS=400 npm run fuzz`). Longer runs: `npm run fuzz`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzCollectors } from './collectors.js';

describe('fuzz: dotenv, shell and YAML-facing collectors', () => {
  it('400 iterations, seed 20260301: no input throws, every assignment and note is well formed', () => {
    const failures = fuzzCollectors(400, 20260301);
    assert.deepEqual(
      failures.map(
        (f) =>
          `${f.target} #${f.iteration}: ${f.error.split('\n')[0]}\n  input: ${JSON.stringify(f.input.slice(0, 300))}`,
      ),
      [],
    );
  });
});
