/**
 * The doctor's screen: findings that say the same thing at several places (one retired model called
 * from ten route files) are shown once, with the other places listed under it; --verbose and the JSON
 * keep every finding. Findings that differ in anything but their place stay apart.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/types.js';
import type { Report } from '../../../src/report/report.js';
import { formatText } from '../../../src/report/formatters/text.js';

const deprecated = (path: string, line: number, model = 'gpt-4o'): Finding => ({
  id: 'model-deprecated',
  severity: 'warning',
  area: 'code',
  title: 'A model with a shutdown date',
  message: `${path}:${line} calls ${model}, which OpenAI shuts down on 2027-01-14 (in 42 days).`,
  location: { path, line },
  fix: { summary: `Replace ${model} with gpt-5.5 before 2027-01-14, and test the change.` },
});

function report(findings: Finding[]): Report {
  return {
    tool: { name: 'keydoctor', version: '0.0.0' },
    command: 'doctor',
    findings,
    targets: [],
    notes: [],
    summary: {
      errors: 0,
      warnings: findings.length,
      infos: 0,
      checks: 1,
      passed: 0,
      areas: [{ area: 'code', status: 'warning', findings: findings.length }],
    },
  };
}

const count = (text: string, s: string) => text.split(s).length - 1;

describe('text: the same finding at several places is shown once', () => {
  it('groups three or more that differ only in their place, at the first one, and lists the others', () => {
    const fs = [
      deprecated('app/a.ts', 3),
      deprecated('app/b.ts', 7, 'gpt-4o-mini'),
      deprecated('app/c.ts', 12),
      deprecated('app/d.ts', 1),
    ];
    const out = formatText(report(fs), { color: false });
    assert.equal(count(out, '! model-deprecated'), 2, out);
    assert.equal(count(out, 'calls gpt-4o,'), 1, out);
    assert.match(out, /the same at 2 more places: app\/c\.ts:12, app\/d\.ts:1\n/);
    // the group stands where its first finding stood, before the one that differs
    assert.ok(out.indexOf('app/a.ts:3') < out.indexOf('app/b.ts:7'), out);
    // the summary still counts every finding
    assert.match(out, /4 warnings/);
  });

  it('the file named alone in the message or fix (`git diff FILE`) differs with the place, and groups too', () => {
    const local = (path: string): Finding => ({
      ...deprecated(path, 5),
      message: `A key is written in a notebook: ${path}:5. ${path} is tracked by git and changed since the last commit.`,
      fix: { summary: `Delete the literal. Check \`git diff ${path}\` first.` },
    });
    const out = formatText(report([local('a.ipynb'), local('b.ipynb'), local('c.ipynb')]), { color: false });
    assert.match(out, /the same at 2 more places: b\.ipynb:5, c\.ipynb:5\n/);
  });

  it('two alike stay apart; so do findings with another id, target or fix', () => {
    const two = formatText(report([deprecated('a.ts', 1), deprecated('b.ts', 2)]), { color: false });
    assert.equal(count(two, '! model-deprecated'), 2, two);
    assert.doesNotMatch(two, /the same at/);
    const other = deprecated('c.ts', 3);
    const fs = [
      deprecated('a.ts', 1),
      { ...deprecated('b.ts', 2), target: 'worker' },
      { ...other, fix: { summary: 'Replace it with something else.' } },
    ];
    const apart = formatText(report(fs), { color: false });
    assert.equal(count(apart, '! model-deprecated'), 3, apart);
  });

  it('lists at most eight places and says how many more; --verbose shows every finding in full', () => {
    const fs = Array.from({ length: 12 }, (_, i) => deprecated(`app/r${i}.ts`, i + 1));
    const out = formatText(report(fs), { color: false });
    assert.equal(count(out, '! model-deprecated'), 1, out);
    assert.match(
      out,
      /the same at 11 more places: (app\/r\d+\.ts:\d+, ){7}app\/r8\.ts:9 … and 3 more \(--verbose lists each\)/,
    );
    const all = formatText(report(fs), { color: false, verbose: true });
    assert.equal(count(all, '! model-deprecated'), 12, all);
    assert.doesNotMatch(all, /the same at/);
  });

  it('a finding without a line, or with related places, is never folded into another', () => {
    const fs = [0, 1, 2].map((i) => ({ ...deprecated(`f${i}.ts`, 1), location: { path: `f${i}.ts` } }));
    const noLine = formatText(report(fs), { color: false });
    assert.equal(count(noLine, '! model-deprecated'), 3, noLine);
    const rel = [0, 1, 2].map((i) => ({ ...deprecated(`g${i}.ts`, 1), related: [{ path: '.env', line: i + 1 }] }));
    const related = formatText(report(rel), { color: false });
    assert.equal(count(related, '! model-deprecated'), 3, related);
  });
});

describe('a target that needs no key from its environment', () => {
  const client = (status: 'runs' | 'maybe' | 'never', condition?: string, opaque = false) => ({
    client: 0,
    location: 'app.py:4',
    status,
    ...(condition ? { condition } : {}),
    credential: opaque ? { kind: 'opaque' as const } : { kind: 'literal' as const },
    endpoint: {},
  });
  const withTarget = (clients: ReturnType<typeof client>[]): Report => ({
    ...report([]),
    targets: [
      {
        id: 'python:app.py',
        kind: 'python',
        label: 'python app.py',
        keyVar: 'OPENAI_API_KEY',
        needsKey: false,
        vars: [],
        clients,
      },
    ],
  });
  it('says which clients are not built here and which get their key in code, never "not built: " with no reason', () => {
    const text = formatText(withTarget([client('never', 'USE_AZURE is set'), client('never'), client('maybe', 'x')]), {
      color: false,
      targets: true,
    });
    assert.match(
      text,
      /needs no key from its environment \(2 not built here: only if USE_AZURE is set; 1 given its key in code/,
    );
    assert.doesNotMatch(text, /not built: \)/);
    // a key given by an expression keydoctor cannot follow is not a key in code
    assert.match(
      formatText(withTarget([client('runs', undefined, true)]), { color: false, targets: true }),
      /needs no key from its environment \(1 given a key by an expression keydoctor cannot follow\)/,
    );
    assert.match(
      formatText(withTarget([]), { color: false, targets: true }),
      /needs no key: its code builds no LLM client/,
    );
    // an Entra ID token provider (or Bedrock's provider) is no key given in code
    const token = { ...client('runs'), credential: { kind: 'token' as const } };
    assert.match(
      formatText(withTarget([token] as unknown as ReturnType<typeof client>[]), { color: false, targets: true }),
      /needs no key from its environment \(1 signing in with a token provider instead of a key\)/,
    );
  });
});
