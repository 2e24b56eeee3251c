/**
 * The literals the key scan starts from, as data: the SIMD pass's anchors (simd.ts), the token
 * anchors and context words of detect.ts, and what the native prefilter is given (native.ts). Kept
 * apart from detect.ts and simd.ts so the native walk can start before those load (the WebAssembly
 * module is built when simd.ts loads).
 */
import { KEY_ANCHORS } from '../providers/index.js';

/**
 * The literal anchors of ANCHOR_RE in detect.ts (`k-` there is `sk-` here, and so on), each with
 * the offset of a rare pair of bytes in it: the SIMD pass looks for these pairs only.
 */
export const ANCHORS: ReadonlyArray<readonly [anchor: string, off: number]> = [
  ['sk-', 1], // k-
  // the other providers' key prefixes, with the pair the provider table names (gsk_: k_, hf_: f_, ...)
  ...KEY_ANCHORS.filter((a) => !a.text.startsWith('sk-')).map((a) => [a.text, a.pair ?? 0] as const),
  ['JQQJ99', 0], // JQ
  ['zure', 0], // zu
  ['ZURE', 0], // ZU
  ['api-key', 3], // -k
  ['VDNCbGJrRk', 6], // Jr
  ['QzQmxia0ZK', 1], // zQ
  ['UM0JsYmtGS', 3], // Js
];

/** Every token anchor but sk- (the other providers' key prefixes). */
const OTHER_PREFIXES = KEY_ANCHORS.filter((a) => !a.text.startsWith('sk-')).map((a) => a.text);

/** detect drops shorter runs of key characters after a token anchor. */
export const MIN_TOKEN = 30;
/** Anchors that start the key itself (the rest are context words and base64 markers). */
export const TOKEN_ANCHORS: readonly string[] = ['sk-', ...OTHER_PREFIXES];

// `zure`/`ZURE` cover azure, Azure, AZURE, AZURE_OPENAI_*, openai.azure.com.
/** Context words: they only open windows where a 32-hex Azure key counts (so a file needs such a run too). */
export const AZURE_WORDS: readonly string[] = ['zure', 'ZURE', 'api-key'];

/** base64 of each key prefix at offset 0, cut to the characters the prefix alone determines. */
export const B64_PREFIX_ANCHORS: readonly string[] = [
  ...new Set(
    KEY_ANCHORS.map((a) =>
      Buffer.from(a.text, 'latin1')
        .toString('base64')
        .slice(0, Math.floor((a.text.length * 4) / 3)),
    ),
  ),
];

const lower = (c: number): boolean => c >= 97 && c <= 122;

/**
 * The offset of the byte pair the native prefilter looks for in a base64 marker: the first pair
 * that is not two lowercase letters (code and prose are full of those: the `nd` of `Zndf`, the
 * base64 of `fw_`, occurs about five thousand times a megabyte; its `Zn`, five), else 1.
 */
export function b64PairOffset(marker: string): number {
  for (let i = 0; i + 1 < marker.length; i++)
    if (!(lower(marker.charCodeAt(i)) && lower(marker.charCodeAt(i + 1)))) return i;
  return 1;
}
