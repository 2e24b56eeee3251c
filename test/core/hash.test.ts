import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sha256hex } from '../../src/core/hash.js';

describe('sha256hex', () => {
  it("is createHash's SHA-256 in hex, for ASCII, UTF-8 beyond it, lone surrogates and the empty string", () => {
    for (const s of [
      '',
      'abc',
      'keydoctor-scan:1:openai:src/app.py:x',
      'é ü 日本 😀',
      '\ud800 lone',
      'x'.repeat(100_000),
    ])
      assert.equal(sha256hex(s), createHash('sha256').update(s).digest('hex'), JSON.stringify(s.slice(0, 20)));
  });
});
