/**
 * Makes a check's test a few lines: facts in, findings out. Every `bad` case must give at least one
 * finding of the check's id, every `good` case none.
 */
import assert from 'node:assert/strict';
import type { Facts } from '../../src/core/facts.js';
import type { Assignment, FindingDraft, Target } from '../../src/core/types.js';
import { emptyFacts } from './facts.js';
import type { Check } from '../../src/checks/types.js';

export { emptyFacts };

/** A target whose key variable resolves to `value` (or to nothing). */
export function targetWith(
  value: string | undefined,
  over: Partial<Target> = {},
  from: Partial<Assignment> = {},
): Target {
  const winner: Assignment | undefined =
    value === undefined
      ? undefined
      : { name: 'OPENAI_API_KEY', value, kind: 'dotenv', location: { path: '.env', line: 1 }, ...from };
  return {
    id: 'python:app.py',
    kind: 'python',
    label: 'python app.py',
    keyVar: 'OPENAI_API_KEY',
    vars: {
      OPENAI_API_KEY: {
        name: 'OPENAI_API_KEY',
        chain: winner ? [{ assignment: winner, status: 'won' }] : [],
        winner,
        value,
      },
    },
    ...over,
  };
}

export interface Case {
  name: string;
  facts?: Facts;
  targets?: Target[];
  /** For bad cases: the number of findings of this id expected (default: at least one). */
  count?: number;
  /** Extra assertions on the findings. */
  expect?: (findings: FindingDraft[]) => void;
}

export function testCheck(
  check: Check,
  cases: { bad: Case[]; good: Case[] },
  it: (name: string, fn: () => void) => void,
): void {
  for (const c of cases.bad) {
    it(`${check.meta.id} flags: ${c.name}`, () => {
      const out = check.run({ facts: c.facts ?? emptyFacts(), targets: c.targets ?? [] });
      const mine = out.filter((f) => f.id === check.meta.id);
      if (c.count !== undefined) assert.equal(mine.length, c.count, JSON.stringify(out.map((f) => f.message)));
      else assert.ok(mine.length > 0, `expected a ${check.meta.id} finding`);
      c.expect?.(out);
    });
  }
  for (const c of cases.good) {
    it(`${check.meta.id} passes: ${c.name}`, () => {
      const out = check.run({ facts: c.facts ?? emptyFacts(), targets: c.targets ?? [] });
      assert.deepEqual(
        out.filter((f) => f.id === check.meta.id).map((f) => f.message),
        [],
      );
      c.expect?.(out);
    });
  }
}
