/**
 * The anchor pass of detect.ts without a regex and without a string: a 313-byte WebAssembly
 * function (built here, byte by byte) compares 16 bytes at a time with the six rare bytes that
 * every anchor holds (`k` for sk-, gsk_, api-key and the first base64 marker; `x` for xai- and
 * pplx-; `_` for hf_; `z`/`Z` for AIza, zure, ZURE and the second marker; `J` for JQQJ99 and the
 * third marker) and lists where they occur; each such place is then checked against the anchors
 * that hold that byte. About twice as fast as latin1 text plus one regex pass, and no garbage.
 * Where WebAssembly SIMD is missing, `anchorsSimd` is undefined and detect.ts keeps its regex.
 */

/** One designated byte per anchor (the first of these that the anchor holds). */
const KEYS = [0x6b, 0x78, 0x5f, 0x7a, 0x5a, 0x4a]; // k x _ z Z J
/** The literal anchors of ANCHOR_RE in detect.ts (`k-` there is `sk-` here, and so on). */
const ANCHORS = ['sk-', 'gsk_', 'xai-', 'hf_', 'pplx-', 'AIza', 'JQQJ99', 'zure', 'ZURE', 'api-key', 'VDNCbGJrRk', 'QzQmxia0ZK', 'UM0JsYmtGS'];

/** Bytes looked at per call; larger buffers go in windows of this size. */
const WINDOW = 1 << 20;
/** Where the positions are written: after the input window (4 bytes each, at most one per input byte). */
const OUT = WINDOW + 64;

interface Candidate {
  anchor: string;
  bytes: Uint8Array;
  /** Offset of the designated byte inside the anchor. */
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

/** The module: memory `m` (input at 0, positions at OUT) and `s(len) -> count`. */
function moduleBytes(): Uint8Array {
  const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
  const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
  const name = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
  const [LEN, I, M, N] = [0, 1, 2, 3]; // param len; locals i, mask, count
  const get = (l: number) => [0x20, l];
  const set = (l: number) => [0x21, l];
  const i32 = (v: number) => [0x41, ...sleb(v)];
  const simd = (op: number) => [0xfd, ...uleb(op)];
  // i8x16.eq(v128.load(i), splat(k)) for every key, or-ed together.
  const eq = (k: number) => [...get(I), ...simd(0), 4, 0, ...simd(12), ...new Array<number>(16).fill(k), ...simd(35)];
  let any = eq(KEYS[0] ?? 0);
  for (const k of KEYS.slice(1)) any = [...any, ...eq(k), ...simd(80)];
  const body = [
    1, 3, 0x7f, // three i32 locals
    0x02, 0x40, 0x03, 0x40, // block, loop
    ...get(I), ...get(LEN), 0x4f, 0x0d, 1, // i >= len: done
    ...any, ...simd(100), // i8x16.bitmask
    // bits past len are dropped: mask &= len - i >= 16 ? -1 : (1 << (len - i)) - 1
    ...i32(-1), ...i32(1), ...get(LEN), ...get(I), 0x6b, 0x74, ...i32(1), 0x6b,
    ...get(LEN), ...get(I), 0x6b, ...i32(16), 0x4f, 0x1b, 0x71, ...set(M),
    0x02, 0x40, 0x03, 0x40, // block, loop: one position per set bit
    ...get(M), 0x45, 0x0d, 1,
    ...get(N), ...i32(4), 0x6c, ...i32(OUT), 0x6a, ...get(I), ...get(M), 0x68, 0x6a, 0x36, 2, 0, // out[n] = i + ctz(mask)
    ...get(N), ...i32(1), 0x6a, ...set(N),
    ...get(M), ...get(M), ...i32(1), 0x6b, 0x71, ...set(M), // mask &= mask - 1
    0x0c, 0, 0x0b, 0x0b,
    ...get(I), ...i32(16), 0x6a, ...set(I),
    0x0c, 0, 0x0b, 0x0b,
    ...get(N), 0x0b,
  ];
  const pages = Math.ceil((OUT + 4 * WINDOW + 64) / 65536);
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, vec([[0x60, 1, 0x7f, 1, 0x7f]])),
    ...section(3, vec([[0]])),
    ...section(5, vec([[0, ...uleb(pages)]])),
    ...section(7, vec([[...name('s'), 0, 0], [...name('m'), 2, 0]])),
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ]);
}

const CANDIDATES: Candidate[][] = Array.from({ length: 256 }, () => []);
for (const anchor of ANCHORS) {
  for (const k of KEYS) {
    const off = anchor.indexOf(String.fromCharCode(k));
    if (off < 0) continue;
    CANDIDATES[k]?.push({ anchor, bytes: Uint8Array.from(anchor, (c) => c.charCodeAt(0)), off });
    break;
  }
}

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
    const bytes = moduleBytes();
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
      input.set(buf.subarray(start, end));
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

/** Anchor → ascending offsets (as detect.ts's regex pass finds them), or undefined when none; undefined itself without WebAssembly SIMD. */
export const anchorsSimd = build();
