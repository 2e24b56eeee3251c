/**
 * Explain and the masking net on inputs made of one enormous token (R15: a 10 MB run of `sk-`
 * overflowed the regex stack). Every pattern runs on bounded pieces: these finish, and key-shaped
 * strings inside them are still masked. No timing: a regression shows as a hang or a RangeError.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { explainText } from '../../src/explain/index.js';
import { maskLoose, SecretSet } from '../../src/keys/mask.js';
import { openaiKey } from '../helpers/keys.js';

describe('enormous tokens', () => {
  const inputs: Record<string, () => string> = {
    '10 MB run of sk-': () => 'sk-'.repeat(3_500_000),
    '8 MB key-like token': () => 'sk-' + 'a'.repeat(8_000_000),
    '4 MB JWT-like token': () => 'eyJ' + 'a'.repeat(20) + '.' + 'b'.repeat(4_000_000),
    'a million masked keys': () => `Incorrect API key provided: sk-proj-${'*'.repeat(150)}abcd. `.repeat(50_000),
  };
  for (const [name, make] of Object.entries(inputs)) {
    it(`explain: ${name}`, async () => {
      const r = await explainText(make(), { root: process.cwd(), env: {}, home: '/nonexistent' });
      assert.deepEqual(
        r.findings.filter((f) => f.id === 'internal-error'),
        [],
      );
    });
  }

  it('the net masks keys inside or next to runs of any length, and passes plain long runs through', () => {
    const key = openaiKey('proj', 'net');
    assert.ok(!maskLoose(`x ${key} y`).includes(key));
    assert.ok(
      !maskLoose(`${'sk-'.repeat(100_000)}${key.slice(3)}`).includes(key.slice(10)),
      'a key at the end of a long run',
    );
    assert.ok(!maskLoose(`${'sk-'.repeat(100_000)} ${key}`).includes(key));
    const plain = 'A'.repeat(2_000_000);
    assert.equal(maskLoose(plain), plain);
    assert.equal(
      maskLoose('see docs/setup-guide/openai_keys-and-more.md'),
      'see docs/setup-guide/openai_keys-and-more.md',
    );
    const set = new SecretSet();
    set.add(key);
    assert.ok(!set.maskText(`${'sk-'.repeat(1_000_000)}${key}`).includes(key.slice(10)));
  });
});
