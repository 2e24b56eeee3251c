/**
 * Byte-level reading of a dotenv file: which encoding it is in (BOM, UTF-16 by BOM or by the NUL
 * pattern, binary) and the text each loader would see. Loaders never guess: npm dotenv and Node
 * decode UTF-8 (with replacement characters), python-dotenv decodes strict UTF-8 and raises.
 */
import type { EnvFile } from '../../core/types.js';

export type Encoding = EnvFile['encoding'];

export interface Decoded {
  encoding: Encoding;
  /** The text as npm dotenv sees it (`Buffer#toString()`: UTF-8 with U+FFFD, BOM kept as U+FEFF). */
  utf8: string;
  /** The text decoded in its real encoding (UTF-16 files decoded as UTF-16), BOM removed; for explanations. */
  text: string;
  /** Bytes that are not valid UTF-8 (python-dotenv raises UnicodeDecodeError on them). */
  invalidUtf8: boolean;
}

const SAMPLE = 4096;

/** Guesses UTF-16 without a BOM from where the NUL bytes sit (ASCII text in UTF-16 has one NUL per character). */
function nulPattern(buf: Buffer): 'utf16le' | 'utf16be' | 'binary' | null {
  const n = Math.min(buf.length, SAMPLE);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    if (buf[i] === 0) {
      if (i % 2 === 0) even++;
      else odd++;
    }
  }
  if (even + odd === 0) return null;
  const pairs = Math.floor(n / 2) || 1;
  if (odd / pairs > 0.3 && even / pairs < 0.05) return 'utf16le';
  if (even / pairs > 0.3 && odd / pairs < 0.05) return 'utf16be';
  return 'binary';
}

function swap16(buf: Buffer): Buffer {
  const out = Buffer.alloc(buf.length - (buf.length % 2));
  for (let i = 0; i + 1 < buf.length; i += 2) {
    out[i] = buf[i + 1] ?? 0;
    out[i + 1] = buf[i] ?? 0;
  }
  return out;
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Detects the encoding of a dotenv file and decodes it. Strings are taken as already-decoded text. */
export function decodeDotenv(input: Buffer | string): Decoded {
  if (typeof input === 'string') {
    const bom = input.startsWith('\ufeff');
    return { encoding: bom ? 'utf8-bom' : 'utf8', utf8: input, text: bom ? input.slice(1) : input, invalidUtf8: false };
  }
  const buf = input;
  const utf8 = buf.toString('utf8');
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    return { encoding: 'utf16le', utf8, text: buf.subarray(2).toString('utf16le'), invalidUtf8: true };
  }
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    return { encoding: 'utf16be', utf8, text: swap16(buf.subarray(2)).toString('utf16le'), invalidUtf8: true };
  }
  const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const nul = nulPattern(buf);
  if (nul === 'utf16le') return { encoding: 'utf16le', utf8, text: buf.toString('utf16le'), invalidUtf8: false };
  if (nul === 'utf16be')
    return { encoding: 'utf16be', utf8, text: swap16(buf).toString('utf16le'), invalidUtf8: false };
  if (nul === 'binary') return { encoding: 'binary', utf8, text: utf8, invalidUtf8: false };
  let invalidUtf8 = false;
  try {
    strict.decode(buf);
  } catch {
    invalidUtf8 = true;
  }
  return { encoding: bom ? 'utf8-bom' : 'utf8', utf8, text: bom ? utf8.slice(1) : utf8, invalidUtf8 };
}
