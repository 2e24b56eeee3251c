/**
 * A file's content as the fix step sees it: its bytes, their hash, the encoding (UTF-8 with or
 * without a byte order mark, UTF-16 LE/BE), the decoded text without the BOM, and the mapping from
 * text offsets to byte offsets. Edits are made on the text and written back in the same encoding,
 * so every byte outside the edited ranges stays as it was (line endings, BOM, final newline).
 */
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { decodeDotenv } from '../collect/dotenv/decode.js';
import type { ByteEdit, TextEdit } from './types.js';

export type FileEncoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be';

export interface FileText {
  /** Absolute path as addressed. */
  path: string;
  exists: boolean;
  bytes: Buffer;
  hash: string;
  /** `binary` (NUL bytes) and `invalid-utf8` files are never edited as text. */
  encoding: FileEncoding | 'binary' | 'invalid-utf8';
  /** Decoded text, BOM excluded. */
  text: string;
  /** Bytes of the BOM at the start (0, 2 or 3). */
  bomLength: number;
}

export const MAX_EDIT_BYTES = 4 << 20;

export function sha256(b: Buffer | string): string {
  return createHash('sha256').update(b).digest('hex');
}

function swap16(buf: Buffer): Buffer {
  const out = Buffer.alloc(buf.length - (buf.length % 2));
  for (let i = 0; i + 1 < buf.length; i += 2) {
    out[i] = buf[i + 1] ?? 0;
    out[i + 1] = buf[i] ?? 0;
  }
  return out;
}

/** Decodes bytes the way the fix step edits them. */
export function decodeFile(path: string, bytes: Buffer, exists = true): FileText {
  const hash = exists ? sha256(bytes) : '';
  if (!exists || bytes.length === 0) return { path, exists, bytes, hash, encoding: 'utf8', text: '', bomLength: 0 };
  const d = decodeDotenv(bytes);
  switch (d.encoding) {
    case 'utf16le':
    case 'utf16be': {
      const bom = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) ? 2 : 0;
      // An odd trailing byte cannot be UTF-16 text: not edited.
      if ((bytes.length - bom) % 2 !== 0)
        return { path, exists, bytes, hash, encoding: 'binary', text: '', bomLength: 0 };
      return { path, exists, bytes, hash, encoding: d.encoding, text: d.text, bomLength: bom };
    }
    case 'binary':
      return { path, exists, bytes, hash, encoding: 'binary', text: '', bomLength: 0 };
    default:
      if (d.invalidUtf8) return { path, exists, bytes, hash, encoding: 'invalid-utf8', text: d.utf8, bomLength: 0 };
      return {
        path,
        exists,
        bytes,
        hash,
        encoding: d.encoding,
        text: d.text,
        bomLength: d.encoding === 'utf8-bom' ? 3 : 0,
      };
  }
}

/** Reads a file for editing; a missing file reads as empty (`exists: false`). Throws on other errors. */
export function readFileText(path: string): FileText {
  let bytes: Buffer;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw Object.assign(new Error(`not a regular file: ${path}`), { code: 'ENOTFILE' });
    if (st.size > MAX_EDIT_BYTES)
      throw Object.assign(new Error(`${st.size} bytes: too large to edit`), { code: 'EFBIG' });
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return decodeFile(path, Buffer.alloc(0), false);
    throw e;
  }
  return decodeFile(path, bytes);
}

export function isText(f: FileText): f is FileText & { encoding: FileEncoding } {
  return f.encoding !== 'binary' && f.encoding !== 'invalid-utf8';
}

/** Encodes text in an encoding (no BOM). */
export function encodeText(text: string, encoding: FileEncoding): Buffer {
  switch (encoding) {
    case 'utf16le':
      return Buffer.from(text, 'utf16le');
    case 'utf16be':
      return swap16(Buffer.from(text, 'utf16le'));
    default:
      return Buffer.from(text, 'utf8');
  }
}

/** Byte offset of a text offset. */
export function byteOffset(f: FileText & { encoding: FileEncoding }, index: number): number {
  if (f.encoding === 'utf16le' || f.encoding === 'utf16be') return f.bomLength + index * 2;
  return f.bomLength + Buffer.byteLength(f.text.slice(0, index), 'utf8');
}

/** Text edits → byte edits on the file's bytes (same encoding). The BOM is outside the text: an edit at 0 comes after it. */
export function toByteEdits(f: FileText & { encoding: FileEncoding }, edits: TextEdit[]): ByteEdit[] {
  return [...edits]
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .map((e) => ({ start: byteOffset(f, e.start), end: byteOffset(f, e.end), bytes: encodeText(e.text, f.encoding) }));
}

/** Applies sorted, non-overlapping byte edits. */
export function applyByteEdits(bytes: Buffer, edits: ByteEdit[]): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    if (e.start < at) throw new Error('overlapping edits');
    parts.push(bytes.subarray(at, e.start), e.bytes);
    at = e.end;
  }
  parts.push(bytes.subarray(at));
  return Buffer.concat(parts);
}

/** Applies non-overlapping text edits to a string. */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    if (e.start < at) throw new Error('overlapping edits');
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}

/** Whether text edits overlap one another (zero-width insertions at the same point count as overlapping). */
export function overlapping(edits: TextEdit[]): boolean {
  const s = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < s.length; i++) {
    const p = s[i - 1] as TextEdit;
    const c = s[i] as TextEdit;
    if (c.start < p.end || (c.start === p.start && c.end === p.end && c.start === c.end)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Paths

/** A location path (relative to the root, `~/...`, or absolute) → absolute. */
export function absPath(root: string, home: string, p: string): string {
  if (p === '~') return home;
  if (p.startsWith('~/')) return join(home, p.slice(2));
  if (isAbsolute(p)) return p;
  return resolve(root, p);
}

export function inside(dir: string, abs: string): boolean {
  const r = relative(dir, abs);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

/** How a path is shown: relative to the root when inside it, `~/...` inside HOME, else absolute. */
export function displayPath(root: string, home: string, abs: string): string {
  if (inside(root, abs)) return relative(root, abs).split(sep).join('/') || '.';
  if (inside(home, abs)) return `~/${relative(home, abs).split(sep).join('/')}`;
  return abs;
}

/** realpath of a file, or of the nearest existing parent joined with the rest (for files to be created). */
export function realTarget(abs: string): string {
  try {
    return realpathSync(abs);
  } catch {
    const parent = resolve(abs, '..');
    if (parent === abs) return abs;
    return join(realTarget(parent), abs.slice(parent.length + 1));
  }
}

export function isSymlink(abs: string): boolean {
  try {
    return lstatSync(abs).isSymbolicLink();
  } catch {
    return false;
  }
}
