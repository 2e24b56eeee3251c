/**
 * The native prefilter's two cheap tests, exactly: a context word (azure, api-key) counts only with
 * 32 hex digits in a row somewhere in the file (the run search jumps a window at a time), and each
 * anchor is found through the byte pair chosen for it, wherever in the file it lies.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nativePrefilter, GATE_ANCHORS } from '../../src/scan/native.js';
import { b64PairOffset } from '../../src/scan/anchors.js';

const native = nativePrefilter();
const skip = native?.needsLook ? false : 'the native gate is not built here';
const HEX = '0123456789abcdefABCDEF';
const hex = (n: number, from = 0) => Array.from({ length: n }, (_, i) => HEX[(i + from) % HEX.length]).join('');

describe('native prefilter: hex runs beside a context word', { skip }, () => {
  it('32 hex digits in a row anywhere make the file a look, 31 or a broken run do not', async () => {
    const cases: Array<[string, boolean]> = [
      [`azure key ${hex(32)}\n`, true],
      [`azure key ${hex(31)}\n`, false],
      [`azure key ${hex(16)}g${hex(16)}\n`, false],
      [`azure key ${hex(31)}-${hex(31)}\n`, false],
      [`${hex(32)} is before the word azure`, true],
      [`azure ${'x'.repeat(1000)}${hex(32)}`, true], // at the very end
      [`azure ${'x'.repeat(1000)}${hex(31)}`, false],
      [`${hex(40)} azure`, true],
      [`azure ${'g'.repeat(31)}${hex(32)}${'g'.repeat(31)}`, true],
      [`api-key: ${hex(15)}z${hex(32)}`, true],
      [`api-key: ${'a1'.repeat(15)}`, false],
      [`ZURE ${hex(31)}Z${hex(31)}Z${hex(33)}`, true],
      [`ZURE ${(hex(31) + 'x').repeat(50)}`, false],
      [`no context word at all ${hex(64)}`, false],
    ];
    // Each after every length of text that holds no hex digit (x), so each run meets every
    // alignment with the 32-byte windows of the search (and the 16-byte blocks of the vector pass).
    const buffers: Buffer[] = [];
    const want: boolean[] = [];
    for (const [text, look] of cases)
      for (let shift = 0; shift < 66; shift++) {
        buffers.push(Buffer.from('x'.repeat(shift) + text));
        want.push(look);
      }
    const got = await native?.needsLook?.(buffers);
    assert.ok(got);
    got.forEach((look, i) =>
      assert.equal(look, want[i], `${JSON.stringify(buffers[i]?.toString().slice(0, 90))}: look ${String(look)}`),
    );
  });
});

describe('native prefilter: the byte pair of each anchor', () => {
  it('a base64 marker is found through a pair that is not two lowercase letters, when it has one', () => {
    assert.equal(b64PairOffset('Zndf'), 0); // not the `nd` common in text
    assert.equal(b64PairOffset('bnZhcGkt'), 1);
    assert.equal(b64PairOffset('dmNrX'), 1);
    assert.equal(b64PairOffset('abcd'), 1);
    for (const [anchor, off] of GATE_ANCHORS) assert.ok(off >= 0 && off + 2 <= anchor.length, `${anchor}@${off}`);
  });

  it('every anchor is found wherever it lies (each pair, at every shift)', { skip }, async () => {
    const buffers: Buffer[] = [];
    const names: string[] = [];
    for (const [anchor, , run, needsHex] of GATE_ANCHORS)
      for (let shift = 0; shift < 20; shift += 1) {
        const text = `${'.'.repeat(shift)}${anchor}${'A'.repeat(Math.max(run, 40))}${needsHex ? ` ${hex(32)}` : ''}\n`;
        buffers.push(Buffer.from(text, 'latin1'));
        names.push(`${anchor}+${shift}`);
      }
    const got = await native?.needsLook?.(buffers);
    assert.ok(got);
    got.forEach((look, i) => assert.ok(look, `${names[i]} was not found`));
  });
});
