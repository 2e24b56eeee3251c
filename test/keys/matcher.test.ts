/**
 * The one-pass multi-string matcher behind masking: checked against the obvious quadratic
 * algorithm (every occurrence of every secret, overlapping occurrences merged into one region)
 * on random secrets and texts over a small alphabet, so overlaps, shared prefixes and nested
 * secrets are common. Fixed seed: a failure reproduces.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MultiMatcher, CHUNK } from '../../src/keys/matcher.js';
import { SecretSet } from '../../src/keys/mask.js';
import { openaiKey } from '../helpers/keys.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every occurrence of every secret, merged where they overlap, each region replaced. */
function naive(text: string, secrets: string[], f: (r: string) => string): string {
  const spans: Array<[number, number]> = [];
  for (const s of secrets)
    for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) spans.push([i, i + s.length]);
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const sp of spans) {
    const last = merged[merged.length - 1];
    if (last && sp[0] < last[1]) last[1] = Math.max(last[1], sp[1]);
    else merged.push([sp[0], sp[1]]);
  }
  let out = '';
  let at = 0;
  for (const [a, b] of merged) {
    out += text.slice(at, a) + f(text.slice(a, b));
    at = b;
  }
  return out + text.slice(at);
}

describe('MultiMatcher', () => {
  it('agrees with the quadratic search on 3,000 random cases', () => {
    const r = rng(12);
    const alpha = 'abc';
    const word = (n: number) => Array.from({ length: n }, () => alpha[Math.floor(r() * alpha.length)]).join('');
    for (let c = 0; c < 3000; c++) {
      const secrets = Array.from({ length: 1 + Math.floor(r() * 6) }, () => word(CHUNK + Math.floor(r() * 20)));
      let text = '';
      while (text.length < 200)
        text += r() < 0.3 ? (secrets[Math.floor(r() * secrets.length)] as string) : word(1 + Math.floor(r() * 6));
      const m = new MultiMatcher();
      for (const s of secrets) m.add(s);
      const f = (x: string) => `<${x.length}>`;
      assert.equal(m.replace(text, f), naive(text, secrets, f), `case ${c}: ${JSON.stringify({ secrets, text })}`);
    }
  });

  it('finds the longest secret at a place, ignores strings shorter than a chunk, leaves text without secrets as it is', () => {
    const m = new MultiMatcher();
    m.add('abcdefgh');
    m.add('abcdefghijkl');
    m.add('short');
    assert.equal(m.size, 2);
    assert.equal(m.matchAt('xxabcdefghijklyy', 2), 12);
    assert.equal(m.matchAt('xxabcdefghijyy', 2), 8);
    assert.equal(
      m.replace('no secrets here at all', () => 'X'),
      'no secrets here at all',
    );
    const seen: Array<[number, number]> = [];
    m.each('abcdefgh abcdefghijkl', (a, l) => seen.push([a, l]));
    assert.deepEqual(seen, [
      [0, 8],
      [9, 12],
    ]);
  });
});

describe('SecretSet.maskText with many secrets', () => {
  it('masks every one of 20,000 registered keys in one text, and nothing else', () => {
    const set = new SecretSet();
    const keys = Array.from({ length: 20000 }, (_, i) => openaiKey('legacy', `many-${i}`));
    for (const k of keys) set.add(k);
    const text = keys.map((k, i) => `k${i}="${k}"`).join('\n');
    const out = set.maskText(text);
    for (const k of [keys[0], keys[9999], keys[19999]]) assert.ok(!out.includes(k as string));
    assert.ok(!/[A-Za-z0-9]{30,}/.test(out), 'no long run of a key is left');
    assert.ok(out.startsWith('k0="'));
    assert.equal(out.split('\n').length, 20000);
  });

  it('two overlapping secrets leave no part of either visible beyond the mask', () => {
    const set = new SecretSet();
    set.add('AAAAAAAABBBBBBBBCCCC1111');
    set.add('BBBBCCCC1111DDDDDDDDEEEE2222');
    const out = set.maskText('x AAAAAAAABBBBBBBBCCCC1111DDDDDDDDEEEE2222 y');
    assert.ok(!out.includes('BBBBCCCC') && !out.includes('DDDD'), out);
    assert.ok(out.startsWith('x ') && out.endsWith(' y'));
  });
});
