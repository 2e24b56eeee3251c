/**
 * The WebAssembly anchor pass (simd.ts): its module's bytes as simd-module.ts holds them, and the
 * same anchors at the same offsets as detect.ts's regex pass, wherever they lie (16-byte blocks,
 * the 1 MiB windows, the buffer's ends).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { anchorsSimd, moduleBytes, ANCHORS } from '../../src/scan/simd.js';
import { SIMD_MODULE } from '../../src/scan/simd-module.js';
import { anchorsOfBuffer } from '../../src/scan/detect.js';

const simd = anchorsSimd();
const skip = simd ? false : 'no WebAssembly SIMD here';
const sorted = (m: Map<string, number[]> | undefined) =>
  [...(m ?? new Map<string, number[]>())].sort((a, b) => (a[0] < b[0] ? -1 : 1));

describe('the SIMD anchor pass', () => {
  it('simd-module.ts holds the bytes moduleBytes() makes (else run `npm run build && node scripts/gen-simd.mjs`)', () => {
    assert.equal(SIMD_MODULE, Buffer.from(moduleBytes()).toString('base64'));
  });

  it('finds what the regex pass finds, at every offset, across blocks and windows', { skip }, () => {
    let seed = 11;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff), (seed >>> 8) % n);
    const filler = 'abcdefghijklmnopqrstuvwxyz0123456789 _-\n=:"ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const texts: Buffer[] = [];
    for (let i = 0; i < 300; i++) {
      let s = '';
      const parts = 1 + rnd(10);
      for (let j = 0; j < parts; j++) {
        s += Array.from({ length: rnd(40) }, () => filler[rnd(filler.length)]).join('');
        const [anchor] = ANCHORS[rnd(ANCHORS.length)] as readonly [string, number];
        s += rnd(4) === 0 ? anchor.slice(0, 1 + rnd(anchor.length - 1)) : anchor; // whole, or cut short
      }
      texts.push(Buffer.from(s, 'latin1'));
    }
    // Anchors on both sides of the 1 MiB window and at the very end.
    const big = Buffer.alloc((1 << 20) + 64, 'x');
    for (const [k, [anchor]] of ANCHORS.entries()) big.write(anchor, (1 << 20) - 3 + (k % 5), 'latin1');
    texts.push(
      big,
      Buffer.concat([Buffer.alloc(4096, '.'), Buffer.from((ANCHORS[0] as readonly [string, number])[0])]),
    );
    assert.ok(simd);
    let found = 0;
    for (const t of texts) {
      const want = sorted(anchorsOfBuffer(t, false));
      assert.deepEqual(sorted(simd(t)), want, JSON.stringify(t.toString('latin1').slice(0, 120)));
      found += want.length;
    }
    assert.ok(found > 300, String(found));
  });
});
