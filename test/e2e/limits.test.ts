/**
 * Inputs with very many of something (lines, findings, keys): the run never overflows the stack,
 * and one file cannot bury the report; what is left out is counted in a note.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose, capPerFile, MAX_FINDINGS_PER_FILE } from '../../src/pipeline/diagnose.js';
import { pushAll, maxOf, replaceAll } from '../../src/core/arrays.js';
import type { FindingDraft, Note } from '../../src/core/types.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { runScan } from '../../src/pipeline/scan.js';
import { MAX_HITS_PER_FILE } from '../../src/scan/detect.js';
import { openaiKey } from '../helpers/keys.js';

const made: TempProject[] = [];
after(() => {
  for (const p of made) p.cleanup();
});

describe('arrays of any length', () => {
  it('pushAll, maxOf and replaceAll take 500,000 elements (spread arguments overflow the stack there)', () => {
    const big = Array.from({ length: 500_000 }, (_, i) => i);
    assert.throws(
      () => [].push(...(big as never[])),
      RangeError,
      'the spread form still overflows: this test guards the helpers',
    );
    const t: number[] = [1];
    assert.equal(pushAll(t, big).length, 500_001);
    assert.equal(maxOf(big), 499_999);
    assert.equal(maxOf([]), -Infinity);
    replaceAll(t, big.slice(0, 3));
    assert.deepEqual(t, [0, 1, 2]);
  });
});

describe('findings per check and file', () => {
  it('keeps the first ones with errors first, and notes how many were left out', () => {
    const out: FindingDraft[] = [];
    for (let i = 0; i < 120; i++)
      out.push({
        id: 'x',
        message: `m${i}`,
        location: { path: 'a.env', line: i + 1 },
        ...(i === 100 ? { severity: 'error' as const } : {}),
      });
    out.push({ id: 'x', message: 'other', location: { path: 'b.env', line: 1 } });
    const notes: Note[] = [];
    const kept = capPerFile(out, 'x', notes);
    assert.equal(kept.filter((f) => f.location?.path === 'a.env').length, MAX_FINDINGS_PER_FILE);
    assert.ok(
      kept.some((f) => f.message === 'm100'),
      'the error is kept',
    );
    assert.ok(kept.some((f) => f.location?.path === 'b.env'));
    assert.equal(notes.length, 1);
    assert.match(notes[0]?.message ?? '', /^70 more x findings/);
    assert.equal(capPerFile(out.slice(0, 10), 'x', notes).length, 10);
  });

  it('a .env with 90,000 duplicate lines of OpenAI names: the doctor finishes with 50 findings for it and a note', async () => {
    // (names of the key set-up: a name set twice that is not part of it is not reported; under the 1 MB cap)
    const lines: string[] = [];
    for (let i = 0; i < 90_000; i++) lines.push(`OPENAI_V${i % 7}=`);
    const p = tempProject({
      '.env': lines.join('\n'),
      'app.py': 'from dotenv import load_dotenv\nload_dotenv()\nimport openai\n',
    });
    made.push(p);
    const r = await diagnose({ root: p.root, home: p.home, env: { PATH: process.env.PATH ?? '' }, offline: true });
    assert.deepEqual(
      r.findings.filter((f) => f.id === 'internal-error'),
      [],
    );
    assert.equal(r.findings.filter((f) => f.id === 'dotenv-parse-issue').length, MAX_FINDINGS_PER_FILE);
    assert.ok(
      r.notes.some(
        (n) => n.path === '.env' && n.kind === 'limit' && /more dotenv-parse-issue findings/.test(n.message),
      ),
    );
  });
});

describe('keys per file in the scan', () => {
  it('a fixture with 3,000 keys lists the first 1,000 with a note; a real key elsewhere is still found', async () => {
    const keys = Array.from({ length: 3000 }, (_, i) => openaiKey('legacy', `fixture-${i}`));
    const real = openaiKey('proj', 'real-one');
    const p = tempProject({
      'fixtures.py': keys.map((k, i) => `k${i} = "${k}"`).join('\n'),
      'settings.py': `OPENAI_API_KEY = "${real}"\n`,
    });
    made.push(p);
    const r = await runScan({ root: p.root });
    assert.deepEqual(
      r.findings.filter((f) => f.id === 'internal-error'),
      [],
    );
    assert.equal(r.facts.scan?.hits.filter((h) => h.rel === 'fixtures.py').length, MAX_HITS_PER_FILE);
    assert.ok(r.facts.scan?.hits.some((h) => h.rel === 'settings.py' && h.secret === real));
    assert.ok(
      r.facts.notes.some(
        (n) => n.path === 'fixtures.py' && n.kind === 'limit' && n.message.startsWith('2000 more keys'),
      ),
      JSON.stringify(r.facts.notes),
    );
  });
});

describe('size caps of the files the doctor reads by name', () => {
  it('a package.json over 1 MB is not read: a note says so', async () => {
    const scripts = Object.fromEntries(
      Array.from({ length: 40000 }, (_, i) => [`s${i}`, `node --env-file=.env.${i} s${i}.js`]),
    );
    const p = tempProject({ 'package.json': JSON.stringify({ name: 'x', scripts }), 'index.js': 'console.log(1)\n' });
    made.push(p);
    const r = await diagnose({ root: p.root, home: p.home, env: { PATH: process.env.PATH ?? '' }, offline: true });
    assert.ok(
      r.notes.some((n) => n.path === 'package.json' && n.kind === 'too-large'),
      JSON.stringify(r.notes),
    );
    assert.deepEqual(
      r.findings.filter((f) => f.id === 'internal-error'),
      [],
    );
  });
});

describe('explain in a folder it was not pointed at', () => {
  it('reads a bounded number of files and says so', async () => {
    const { explainText } = await import('../../src/explain/index.js');
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`d${i % 4}/f${i}.txt`] = 'x\n';
    const p = tempProject(files);
    made.push(p);
    const text = `Incorrect API key provided: sk-proj-abcd${'*'.repeat(148)}wxyz.`;
    const bounded = await explainText(text, { root: p.root, home: p.home, env: {}, maxFiles: 10 });
    assert.ok(
      bounded.notes.some((n) => /first 10 files of the current folder/.test(n.message)),
      JSON.stringify(bounded.notes),
    );
    const whole = await explainText(text, { root: p.root, home: p.home, env: {} });
    assert.ok(!whole.notes.some((n) => /current folder/.test(n.message)));
  });
});
