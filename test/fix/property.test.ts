/**
 * Property: random dotenv files (UTF-8 with and without BOM, UTF-16 LE/BE, LF / CRLF / mixed line
 * endings, with or without a final newline, comments, other variables with non-ASCII values) with a
 * damaged key go through `fix --yes` and `--undo` and come back byte for byte; a value fix changes
 * only the key's line, keeping the encoding, BOM and every other byte.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFix } from '../../src/fix/engine.js';
import { undoLastRun } from '../../src/fix/backup.js';
import { runDiagnosis } from '../../src/pipeline/diagnose.js';
import { openaiKey } from '../helpers/keys.js';
import { tempProject } from '../helpers/project.js';
import { assertNoKey, outputsOf } from './helpers.js';
import { makeCase } from './random-dotenv.js';

/** The file's lines (terminators kept) after the first `skip` bytes of BOM. */
function lineBytes(b: Buffer, bom: number): Buffer[] {
  const out: Buffer[] = [];
  let at = bom;
  for (let i = bom; i < b.length; i++) {
    if (b[i] === 0x0a) {
      out.push(b.subarray(at, i + 1));
      at = i + 1;
    }
  }
  if (at < b.length) out.push(b.subarray(at));
  return out;
}

describe('fix: property (random dotenv files)', () => {
  const key = openaiKey('proj', 'fix-property');
  const N = 30;
  it(`${N - 10} random files: fix --yes then --undo give the original bytes back`, async () => {
    for (let i = 0; i < N - 10; i++) {
      const c = makeCase(`case-${i}`, key);
      const p = tempProject(
        {
          '.env': c.bytes,
          '.gitignore': '.env\n',
          'run.sh': '#!/bin/sh\ndocker run --env-file .env app\n',
          'app.py': 'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import OpenAI\nclient = OpenAI()\n',
          'requirements.txt': 'openai\npython-dotenv\n',
        },
        {},
        { git: true },
      );
      try {
        const env = { HOME: p.home };
        const r = await runFix({ root: p.root, home: p.home, env, write: true });
        assert.deepEqual(r.problems, [], `case ${i}`);
        assert.ok(
          r.written.includes('.env'),
          `case ${i} (${c.enc}, ${c.damage}): .env should be fixed; refused: ${r.refusals.map((x) => x.reason).join('; ')}`,
        );
        assertNoKey(outputsOf(r, p.root), [key], `case ${i} output`);
        const d = await runDiagnosis({ root: p.root, home: p.home, env, offline: true });
        const left = d.findings.filter((f) =>
          ['key-quoted', 'key-whitespace', 'key-invisible-char', 'key-bearer-prefix', 'key-missing'].includes(f.id),
        );
        assert.deepEqual(
          left.map((f) => f.message),
          [],
          `case ${i} (${c.enc}, ${c.damage}): the key is clean after the fix`,
        );
        const u = undoLastRun(p.root, { home: p.home });
        assert.deepEqual(u.problems, []);
        assert.ok(
          readFileSync(join(p.root, '.env')).equals(c.bytes),
          `case ${i} (${c.enc}): undo gives the original bytes back`,
        );
      } finally {
        p.cleanup();
      }
    }
  });

  it(`${N} random UTF-8 files: a value fix changes only the key's line`, async () => {
    let checked = 0;
    for (let i = 0; i < N; i++) {
      const c = makeCase(`only-${i}`, key);
      if (c.enc === 'utf16le' || c.enc === 'utf16be') continue;
      const p = tempProject(
        {
          '.env': c.bytes,
          '.gitignore': '.env\n',
          'run.sh': '#!/bin/sh\ndocker run --env-file .env app\n',
          'app.py': 'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import OpenAI\nclient = OpenAI()\n',
          'requirements.txt': 'openai\npython-dotenv\n',
        },
        {},
        { git: true },
      );
      try {
        const r = await runFix({
          root: p.root,
          home: p.home,
          env: { HOME: p.home },
          write: true,
          only: ['key-quoted', 'key-whitespace', 'key-invisible-char', 'key-bearer-prefix'],
        });
        const after = readFileSync(join(p.root, '.env'));
        const bom = c.enc === 'utf8-bom' ? 3 : 0;
        assert.ok(after.subarray(0, bom).equals(c.bytes.subarray(0, bom)), 'the BOM is kept');
        const a = lineBytes(c.bytes, bom);
        const b = lineBytes(after, bom);
        // docker run --env-file has no inline comments: one after the key moves to its own line above it.
        const moved = b.length === a.length + 1 && /^# /.test(b[c.keyLine - 1]?.toString('utf8') ?? '');
        if (moved) b.splice(c.keyLine - 1, 1);
        assert.equal(b.length, a.length, 'same number of lines');
        for (let k = 0; k < a.length; k++) {
          if (k === c.keyLine - 1) {
            assert.ok(r.written.includes('.env'), `case ${i}: the key line is fixed`);
            assert.ok(
              b[k]?.toString('utf8').includes(`OPENAI_API_KEY=${key}`),
              `case ${i}: the key line holds the clean key`,
            );
            // its line ending is kept
            assert.equal(/\r\n$/.test(b[k]?.toString('utf8') ?? ''), /\r\n$/.test(a[k]?.toString('utf8') ?? ''));
          } else assert.ok(b[k]?.equals(a[k] as Buffer), `case ${i}: line ${k + 1} is kept byte for byte`);
        }
        checked++;
        writeFileSync(join(p.root, '.env'), c.bytes);
      } finally {
        p.cleanup();
      }
    }
    assert.ok(checked > N / 2);
  });
});
