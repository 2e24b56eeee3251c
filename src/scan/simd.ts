/**
 * The anchor pass of detect.ts without a regex and without a string: a small WebAssembly function
 * (built here, byte by byte) compares 16 positions at a time with a rare pair of bytes from each
 * anchor (`k-` of sk-, `-k` of api-key, `zu` of zure, ...) and lists where one occurs; each such
 * place is then checked against the whole anchors holding that pair. Two to three times as fast as
 * latin1 text plus one regex pass, and no garbage.
 * Where WebAssembly SIMD is missing, `anchorsSimd` is undefined and detect.ts keeps its regex.
 */
import { ANCHORS } from './anchors.js';
import { SIMD_MODULE } from './simd-module.js';

export { ANCHORS };

/** First byte of a pair → the bytes that may follow it. */
const PAIRS = new Map<number, number[]>();
for (const [anchor, off] of ANCHORS) {
  const first = anchor.charCodeAt(off);
  PAIRS.set(first, [...(PAIRS.get(first) ?? []), anchor.charCodeAt(off + 1)]);
}

/** Bytes looked at per call; larger buffers go in windows of this size. */
const WINDOW = 1 << 20;
/** Where the positions are written: after the input window (4 bytes each, at most one per input byte). */
const OUT = WINDOW + 64;

interface Candidate {
  anchor: string;
  bytes: Uint8Array;
  /** Offset of the pair inside the anchor. */
  off: number;
}

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
};

/**
 * The module: memory `m` (input at 0, positions at OUT) and `s(len) -> count`. Its bytes are made
 * once, by scripts/gen-simd.mjs, into simd-module.ts (building them here, in code run once and
 * never optimized, took 2 ms of every scan); a test checks that file against this function.
 */
export function moduleBytes(): Uint8Array {
  const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
  const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
  const name = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
  const [LEN, I, M, N] = [0, 1, 2, 3]; // param len; locals i, mask, count
  const get = (l: number) => [0x20, l];
  const set = (l: number) => [0x21, l];
  const i32 = (v: number) => [0x41, ...sleb(v)];
  const simd = (op: number) => [0xfd, ...uleb(op)];
  // i8x16.eq(v128.load(i + shift), splat(byte)); per pair: (bytes at i == first) & (bytes at i + 1 == one of its seconds); all or-ed.
  const eq = (byte: number, shift: number) => [
    ...get(I),
    ...simd(0),
    0,
    shift,
    ...simd(12),
    ...new Array<number>(16).fill(byte),
    ...simd(35),
  ];
  const or = simd(80);
  let any: number[] = [];
  for (const [first, seconds] of PAIRS) {
    let next = eq(seconds[0] ?? 0, 1);
    for (const b of seconds.slice(1)) next = [...next, ...eq(b, 1), ...or];
    const pair = [...eq(first, 0), ...next, ...simd(78)]; // v128.and
    any = any.length ? [...any, ...pair, ...or] : pair;
  }
  const body = [
    1,
    3,
    0x7f, // three i32 locals
    0x02,
    0x40,
    0x03,
    0x40, // block, loop
    ...get(I),
    ...get(LEN),
    0x4f,
    0x0d,
    1, // i >= len: done
    ...any,
    ...simd(100), // i8x16.bitmask
    // bits past len are dropped: mask &= len - i >= 16 ? -1 : (1 << (len - i)) - 1
    ...i32(-1),
    ...i32(1),
    ...get(LEN),
    ...get(I),
    0x6b,
    0x74,
    ...i32(1),
    0x6b,
    ...get(LEN),
    ...get(I),
    0x6b,
    ...i32(16),
    0x4f,
    0x1b,
    0x71,
    ...set(M),
    0x02,
    0x40,
    0x03,
    0x40, // block, loop: one position per set bit
    ...get(M),
    0x45,
    0x0d,
    1,
    ...get(N),
    ...i32(4),
    0x6c,
    ...i32(OUT),
    0x6a,
    ...get(I),
    ...get(M),
    0x68,
    0x6a,
    0x36,
    2,
    0, // out[n] = i + ctz(mask)
    ...get(N),
    ...i32(1),
    0x6a,
    ...set(N),
    ...get(M),
    ...get(M),
    ...i32(1),
    0x6b,
    0x71,
    ...set(M), // mask &= mask - 1
    0x0c,
    0,
    0x0b,
    0x0b,
    ...get(I),
    ...i32(16),
    0x6a,
    ...set(I),
    0x0c,
    0,
    0x0b,
    0x0b,
    ...get(N),
    0x0b,
  ];
  const pages = Math.ceil((OUT + 4 * WINDOW + 64) / 65536);
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    1,
    0,
    0,
    0,
    ...section(1, vec([[0x60, 1, 0x7f, 1, 0x7f]])),
    ...section(3, vec([[0]])),
    ...section(5, vec([[0, ...uleb(pages)]])),
    ...section(
      7,
      vec([
        [...name('s'), 0, 0],
        [...name('m'), 2, 0],
      ]),
    ),
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ]);
}

const CANDIDATES: Candidate[][] = Array.from({ length: 256 }, () => []);
for (const [anchor, off] of ANCHORS)
  CANDIDATES[anchor.charCodeAt(off)]?.push({ anchor, bytes: Uint8Array.from(anchor, (c) => c.charCodeAt(0)), off });

/** The little of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface Wasm {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: { m: { buffer: ArrayBuffer }; s: (len: number) => number } };
}

function build(): ((buf: Buffer) => Map<string, number[]> | undefined) | undefined {
  const wasm = (globalThis as { WebAssembly?: Wasm }).WebAssembly;
  let exports;
  try {
    const bytes = Buffer.from(SIMD_MODULE, 'base64');
    if (!wasm?.validate(bytes)) return undefined;
    exports = new wasm.Instance(new wasm.Module(bytes)).exports;
  } catch {
    return undefined;
  }
  const memory = exports.m;
  const scan = exports.s;
  const input = new Uint8Array(memory.buffer, 0, WINDOW);
  const positions = new Int32Array(memory.buffer, OUT, WINDOW);
  return (buf) => {
    let map: Map<string, number[]> | undefined;
    const size = buf.length;
    for (let start = 0; start < size; start += WINDOW) {
      const end = Math.min(size, start + WINDOW);
      input.set(end - start === size ? buf : buf.subarray(start, end));
      const n = scan(end - start);
      for (let j = 0; j < n; j++) {
        const p = start + (positions[j] ?? 0);
        const list = CANDIDATES[buf[p] ?? 0] ?? [];
        for (const c of list) {
          const s = p - c.off;
          const len = c.bytes.length;
          if (s < 0 || s + len > size) continue;
          let k = 0;
          while (k < len && buf[s + k] === c.bytes[k]) k++;
          if (k < len) continue;
          map ??= new Map();
          const at = map.get(c.anchor);
          if (at) at.push(s);
          else map.set(c.anchor, [s]);
        }
      }
    }
    return map;
  };
}

let built: ReturnType<typeof build> | null | undefined;

/**
 * The SIMD pass (built on first use, not when this module loads): anchor → ascending offsets (as
 * detect.ts's regex pass finds them), or undefined when none; undefined itself without WebAssembly SIMD.
 */
export function anchorsSimd(): ReturnType<typeof build> {
  if (built === undefined) built = build() ?? null;
  return built ?? undefined;
}
