/**
 * Archives read cheaply and with bounds: .zip (and .jar/.whl/...) through the central directory and
 * raw inflation, .tar and .tar.gz/.tgz through gunzip and the 512-byte headers. Nested archives are
 * not opened. Anything odd ends the archive with a problem string, never a throw.
 *
 * Each format is read by one generator that yields the decompressions it needs ({@link Inflation})
 * and gets their output back: readZip/readTar run them here (zlib's *Sync calls), openArchive
 * runs the large ones on libuv's threads, so a tree's archives decompress while this thread goes on
 * with the rest of the scan. Both give the same entries and problems.
 */
import { nodeRequire } from '../core/require.js';
import type * as Zlib from 'node:zlib';
import { nativeAddon, type NativeAddon } from '../native/addon.js';

// node:zlib loads with the first archive: most trees have none (and every scan worker starts faster).
let zlib: typeof Zlib | undefined;
const lib = () => (zlib ??= nodeRequire()('node:zlib') as typeof Zlib);

/** One decompression an archive reader asks for: its output, or the error zlib throws, goes back to it. */
export interface Inflation {
  kind: 'gunzip' | 'inflateRaw';
  input: Buffer;
  /** zlib's maxOutputLength: more output is an error. */
  maxOutputLength: number;
  /** The expected output size (a header's claim), to size zlib's output chunks: never a bound. */
  sizeHint: number;
}

type Reader = Generator<Inflation, ArchiveResult, Buffer>;

/** Deflate never expands more than about 1032 to 1: a claim beyond that for its input is false. */
const MAX_RATIO = 1032;

/**
 * zlib's output chunk for an expected size: one chunk holds the whole output where the claim is
 * true (16 KiB chunks cost a third of a 6 MB gunzip in copies, and two chunks one more copy of
 * the whole output to join them), capped so a false claim costs little memory: never more than
 * the input could inflate to, nor than zlib may put out, nor 32 MiB.
 */
export function chunkFor(r: Pick<Inflation, 'sizeHint' | 'input' | 'maxOutputLength'>): number {
  const plausible = Math.min(r.sizeHint, r.input.length * MAX_RATIO, r.maxOutputLength, 32 << 20);
  return Math.max(16 << 10, plausible + 64);
}

/**
 * Where the deflate stream of a gzip file starts, when the file is one member with a header this
 * shortcut reads (no header CRC, no reserved flags), else -1. Inflating that stream raw skips the
 * CRC-32 of the whole output (an eighth of a gunzip); zlib's gunzip still reads everything else.
 */
export function gzipBody(input: Buffer): number {
  if (input.length < 18 || input[0] !== 0x1f || input[1] !== 0x8b || input[2] !== 8) return -1;
  const flags = input[3] as number;
  if (flags & 0xe2) return -1; // FHCRC or reserved bits: zlib's gunzip
  let at = 10;
  if (flags & 4) {
    if (at + 2 > input.length) return -1;
    at += 2 + input.readUInt16LE(at);
  }
  for (const bit of [8, 16]) {
    if (!(flags & bit)) continue;
    const end = input.indexOf(0, at);
    if (end < 0) return -1;
    at = end + 1;
  }
  return at + 8 <= input.length ? at : -1;
}

/**
 * The raw inflation of a gzip body stands for the gunzip when it used the whole file but the
 * 8-byte trailer and its output has the length the trailer gives: a file of one member, whole.
 * Anything else (more members, bytes after the member, a damaged or short stream) goes to
 * zlib's gunzip, so the output or the error is always gunzip's.
 */
function wholeMember(input: Buffer, at: number, consumed: number, out: Buffer): boolean {
  return at + consumed + 8 === input.length && input.readUInt32LE(input.length - 4) === out.length >>> 0;
}

/**
 * The system's libdeflate through the addon (native/inflate.c), where both are there: it inflates
 * a stream of known size about twice as fast as zlib. Only a stream it decodes whole into the size
 * the archive claims counts; anything else goes to zlib, whose output or error is the answer, as
 * without it. KEYDOCTOR_LIBDEFLATE=0 (or KEYDOCTOR_NATIVE=0) leaves it out.
 */
type Fast = Required<Pick<NativeAddon, 'inflateRaw' | 'inflateRawAsync'>>;
let fast: Fast | null | undefined;

export function fastInflation(): Fast | undefined {
  if (fast === undefined) {
    fast = null;
    const a = process.env.KEYDOCTOR_LIBDEFLATE === '0' ? undefined : nativeAddon();
    try {
      if (a?.inflateRaw && a.inflateRawAsync && a.fastInflate?.())
        fast = { inflateRaw: a.inflateRaw.bind(a), inflateRawAsync: a.inflateRawAsync.bind(a) };
    } catch {
      // an older addon, or none: zlib alone
    }
  }
  return fast ?? undefined;
}

/** For tests: forget whether libdeflate is there (the environment changed). */
export function resetFastInflation(): void {
  fast = undefined;
}

/** The room libdeflate gets: the archive's claim, when there is one it could be, within zlib's bound; 0 for none. */
function roomFor(r: Inflation): number {
  if (!(r.sizeHint > 0) || r.sizeHint > r.input.length * MAX_RATIO || r.sizeHint > 32 << 20) return 0;
  return Math.min(r.sizeHint, r.maxOutputLength);
}

/** The deflate stream that libdeflate inflates for `r` ([its input, where it starts in r.input]), or undefined. */
function fastInput(r: Inflation): [Buffer, number] | undefined {
  if (r.kind === 'inflateRaw') return [r.input, 0];
  const at = gzipBody(r.input);
  return at >= 0 ? [r.input.subarray(at), at] : undefined;
}

/** libdeflate's result for `r` when it stands for zlib's (see fastInflation), else undefined. */
function fastResult(r: Inflation, at: number, got: [Buffer, number] | number): Buffer | undefined {
  if (typeof got === 'number') return undefined;
  const [out, consumed] = got;
  return r.kind === 'inflateRaw' || wholeMember(r.input, at, consumed, out) ? out : undefined;
}

function inflateFastSync(r: Inflation): Buffer | undefined {
  const f = fastInflation();
  const room = f ? roomFor(r) : 0;
  const from = room > 0 ? fastInput(r) : undefined;
  if (!f || !from) return undefined;
  return fastResult(r, from[1], f.inflateRaw(from[0], room));
}

async function inflateFastAsync(r: Inflation): Promise<Buffer | undefined> {
  const f = fastInflation();
  const room = f ? roomFor(r) : 0;
  const from = room > 0 ? fastInput(r) : undefined;
  if (!f || !from) return undefined;
  return fastResult(r, from[1], await f.inflateRawAsync(from[0], room));
}

/** Past maxOutputLength: gunzip would stop with the same error, after the same work. */
const tooLarge = (e: unknown): boolean => (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';

interface Inflated {
  buffer: Buffer;
  engine: { bytesWritten: number };
}

function inflateSync(r: Inflation): Buffer {
  const quick = inflateFastSync(r);
  if (quick) return quick;
  const opts = { maxOutputLength: r.maxOutputLength, chunkSize: chunkFor(r) };
  if (r.kind === 'inflateRaw') return lib().inflateRawSync(r.input, opts);
  const at = gzipBody(r.input);
  if (at >= 0) {
    try {
      const got = lib().inflateRawSync(r.input.subarray(at), { ...opts, info: true }) as unknown as Inflated;
      if (wholeMember(r.input, at, got.engine.bytesWritten, got.buffer)) return got.buffer;
    } catch (e) {
      if (tooLarge(e)) throw e;
    }
  }
  return lib().gunzipSync(r.input, opts);
}

/** Runs a reader's decompressions on this thread. */
function runSync(g: Reader): ArchiveResult {
  let step = g.next();
  while (!step.done) {
    let out: Buffer;
    try {
      out = inflateSync(step.value);
    } catch (e) {
      step = g.throw(e);
      continue;
    }
    step = g.next(out);
  }
  return step.value;
}

/** Inputs smaller than this are inflated here: a trip to the thread pool costs more than they do. */
const ASYNC_MIN_INPUT = 64 << 10;

async function inflateAsync(r: Inflation): Promise<Buffer> {
  if (r.input.length < ASYNC_MIN_INPUT) return inflateSync(r);
  return (await inflateFastAsync(r)) ?? inflateZlibAsync(r);
}

function inflateZlibAsync(r: Inflation): Promise<Buffer> {
  const opts = { maxOutputLength: r.maxOutputLength, chunkSize: chunkFor(r) };
  return new Promise((resolve, reject) => {
    const done = (e: Error | null, out: Buffer) => (e ? reject(e) : resolve(out));
    if (r.kind === 'inflateRaw') return lib().inflateRaw(r.input, opts, done);
    const at = gzipBody(r.input);
    if (at < 0) return lib().gunzip(r.input, opts, done);
    lib().inflateRaw(r.input.subarray(at), { ...opts, info: true }, (e: Error | null, out: unknown) => {
      const got = out as Inflated | undefined;
      if (e && tooLarge(e)) reject(e);
      else if (!e && got && wholeMember(r.input, at, got.engine.bytesWritten, got.buffer)) resolve(got.buffer);
      else lib().gunzip(r.input, opts, done);
    });
  });
}

/** Runs a reader's decompressions on libuv's threads (small ones here). */
async function runAsync(g: Reader): Promise<ArchiveResult> {
  let step = g.next();
  while (!step.done) {
    let out: Buffer;
    try {
      out = await inflateAsync(step.value);
    } catch (e) {
      step = g.throw(e);
      continue;
    }
    step = g.next(out);
  }
  return step.value;
}

export type ArchiveFormat = 'tar' | 'tar.gz' | 'zip';

/** The format of an archive by its name (isArchive in paths.ts says which names are archives). */
export function archiveFormat(rel: string): ArchiveFormat {
  const lower = rel.toLowerCase();
  return lower.endsWith('.tar') ? 'tar' : lower.endsWith('.tgz') || lower.endsWith('.tar.gz') ? 'tar.gz' : 'zip';
}

/**
 * Makes bytes from..to of the buffer hold the file's bytes: for a zip read sparsely (read.ts), whose
 * buffer is the file's size, zeroed, with only the parts the reader asks for read into it.
 */
export type Need = (from: number, to: number) => void;

function reader(buf: Buffer, format: ArchiveFormat, limits: ArchiveLimits, need?: Need): Reader {
  return format === 'zip' ? zipReader(buf, limits, need) : tarReader(buf, format === 'tar.gz', limits);
}

/** Reads an archive here (the decompression on this thread). */
export function readArchive(
  buf: Buffer,
  format: ArchiveFormat,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): ArchiveResult {
  return runSync(reader(buf, format, limits));
}

/** Reads an archive with its large decompressions on libuv's threads: the same result as readArchive. */
export function openArchive(
  buf: Buffer,
  format: ArchiveFormat,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
  need?: Need,
): Promise<ArchiveResult> {
  return runAsync(reader(buf, format, limits, need));
}

export interface ArchiveEntry {
  name: string;
  data: Buffer;
}

export interface ArchiveLimits {
  /** Largest entry read (uncompressed). */
  maxEntryBytes: number;
  /** Total uncompressed bytes read from one archive. */
  maxTotalBytes: number;
  maxEntries: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntryBytes: 8 << 20,
  maxTotalBytes: 64 << 20,
  maxEntries: 20_000,
};

export interface ArchiveResult {
  entries: ArchiveEntry[];
  problems: string[];
}

const SKIP_INNER =
  /\.(?:zip|jar|war|whl|tar|tgz|gz|png|jpe?g|gif|webp|ico|pdf|woff2?|ttf|otf|eot|mp[34]|wav|ogg|class|so|dll|dylib|exe|bin|pyc|o|a)$/i;

/**
 * What went wrong in one archive, gathered into one problem line (an archive of 20,000 bad
 * entries gives one note, not 20,000): counts per reason, the first few names, why it stopped.
 */
class Problems {
  private readonly reasons = new Map<string, { count: number; names: string[] }>();
  private stop: string | undefined;

  entry(reason: string, name: string): void {
    const r = this.reasons.get(reason) ?? { count: 0, names: [] };
    r.count++;
    if (r.names.length < 3) r.names.push(name);
    this.reasons.set(reason, r);
  }

  stopped(why: string): void {
    this.stop ??= why;
  }

  lines(): string[] {
    const parts: string[] = [];
    for (const [reason, r] of this.reasons)
      parts.push(
        `${r.count} ${r.count === 1 ? 'entry' : 'entries'} ${reason} (${r.names.join(', ')}${r.count > r.names.length ? ', ...' : ''})`,
      );
    if (this.stop) parts.push(this.stop);
    return parts.length ? [parts.join('; ')] : [];
  }
}

export function readZip(buf: Buffer, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS, need?: Need): ArchiveResult {
  return runSync(zipReader(buf, limits, need));
}

/**
 * `need`, where given, is called before every read of `buf` with the range read: the end record,
 * the central directory's entries, and the local header and data of each entry opened. A war of
 * jars is read in a few small pieces then, not megabytes of entries passed over.
 */
function* zipReader(buf: Buffer, limits: ArchiveLimits, need: Need = () => {}): Reader {
  const out: ArchiveResult = { entries: [], problems: [] };
  const problems = new Problems();
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  need(Math.max(0, buf.length - 65557), buf.length);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    out.problems.push('not a readable zip archive (no central directory)');
    return out;
  }
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  // Every byte inflated counts against the archive's budget, whether the entry was kept or failed
  // (entries that all point at one stream, each inflating past the entry cap, once cost 45 s).
  let total = 0;
  const seenData = new Set<number>();
  for (let i = 0; i < count && i < limits.maxEntries; i++) {
    need(at, at + 46);
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) {
      problems.stopped('the central directory is damaged: stopped reading it');
      break;
    }
    const method = buf.readUInt16LE(at + 10);
    const csize = buf.readUInt32LE(at + 20);
    const usize = buf.readUInt32LE(at + 24);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const flags = buf.readUInt16LE(at + 8);
    const local = buf.readUInt32LE(at + 42);
    need(at + 46, at + 46 + nameLen + extraLen + commentLen);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    at += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/') || SKIP_INNER.test(name)) continue;
    if (flags & 1) {
      problems.entry('encrypted, not read', name);
      continue;
    }
    if (usize > limits.maxEntryBytes || csize === 0xffffffff) {
      problems.entry(`larger than ${limits.maxEntryBytes >> 20} MB, not read`, name);
      continue;
    }
    const left = limits.maxTotalBytes - total;
    if (left <= 0 || usize > left) {
      problems.stopped(`stopped after ${limits.maxTotalBytes >> 20} MB of uncompressed content`);
      break;
    }
    need(local, local + 30);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) continue;
    // Entries sharing one local header (an overlapping-entry zip) are the same bytes: read once.
    if (seenData.has(local)) {
      problems.entry('overlapping another entry, not read again', name);
      continue;
    }
    seenData.add(local);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    need(start, start + csize);
    const raw = buf.subarray(start, start + csize);
    const room = Math.min(limits.maxEntryBytes, left);
    try {
      let data: Buffer;
      if (method === 0) data = raw.length > room ? raw.subarray(0, room) : raw;
      else if (method === 8)
        data = yield { kind: 'inflateRaw', input: raw, maxOutputLength: room + 1, sizeHint: usize };
      else {
        problems.entry(`compressed with method ${method}, not supported`, name);
        continue;
      }
      total += data.length;
      if (data.length > room) {
        problems.entry(
          `inflating past ${room === limits.maxEntryBytes ? `the ${limits.maxEntryBytes >> 20} MB entry cap` : "the archive's budget"} (more than its header says), not read`,
          name,
        );
        continue;
      }
      out.entries.push({ name, data });
    } catch (e) {
      // A failed inflation still cost up to `room` bytes of work: it counts.
      const msg = (e as Error).message;
      total += /maxOutputLength|buffer|Cannot create a Buffer|larger/i.test(msg)
        ? room + 1
        : Math.min(room, raw.length);
      problems.entry(
        /maxOutputLength|Cannot create a Buffer|larger/i.test(msg)
          ? `inflating past ${room >> 20 || 1} MB (more than its header says), not read`
          : 'damaged (cannot inflate)',
        name,
      );
    }
  }
  if (count > limits.maxEntries) problems.stopped(`read only the first ${limits.maxEntries} entries`);
  out.problems = problems.lines();
  return out;
}

function cstr(buf: Buffer, s: number, n: number): string {
  const end = buf.indexOf(0, s);
  return buf.toString('utf8', s, end < 0 || end > s + n ? s + n : end);
}

export function readTar(
  input: Buffer,
  gzipped: boolean,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): ArchiveResult {
  return runSync(tarReader(input, gzipped, limits));
}

function* tarReader(input: Buffer, gzipped: boolean, limits: ArchiveLimits): Reader {
  const out: ArchiveResult = { entries: [], problems: [] };
  const problems = new Problems();
  let buf: Buffer;
  try {
    // A gzip member ends with its uncompressed size (mod 2^32): the hint for zlib's chunks.
    const claimed = input.length >= 18 ? input.readUInt32LE(input.length - 4) : 0;
    buf = gzipped
      ? yield { kind: 'gunzip', input, maxOutputLength: limits.maxTotalBytes * 2, sizeHint: claimed }
      : input;
  } catch (e) {
    out.problems.push(`cannot decompress (${(e as Error).message.slice(0, 80)})`);
    return out;
  }
  let at = 0;
  let total = 0;
  let longName: string | undefined;
  let n = 0;
  while (at + 512 <= buf.length && n < limits.maxEntries) {
    if (buf[at] === 0) break; // end-of-archive blocks
    const sizeField = cstr(buf, at + 124, 12).trim();
    const size = parseInt(sizeField || '0', 8);
    if (!Number.isFinite(size) || size < 0) {
      problems.stopped('a tar header is damaged: stopped reading');
      break;
    }
    const type = String.fromCharCode(buf[at + 156] ?? 0);
    const magic = buf.toString('latin1', at + 257, at + 262);
    const prefix = magic === 'ustar' ? cstr(buf, at + 345, 155) : '';
    let name = longName ?? (prefix ? `${prefix}/${cstr(buf, at, 100)}` : cstr(buf, at, 100));
    longName = undefined;
    const dataAt = at + 512;
    at = dataAt + Math.ceil(size / 512) * 512;
    n++;
    if (type === 'L') {
      longName = cstr(buf, dataAt, size);
      continue;
    }
    if (type === 'x') {
      const m = /\d+ path=([^\n]*)\n/.exec(buf.toString('utf8', dataAt, dataAt + Math.min(size, 4096)));
      if (m?.[1]) longName = m[1];
      continue;
    }
    if (type !== '0' && type !== '\0' && type !== '7') continue;
    name = name.replace(/^\.\//, '');
    if (SKIP_INNER.test(name)) continue;
    if (size > limits.maxEntryBytes) {
      problems.entry(`larger than ${limits.maxEntryBytes >> 20} MB, not read`, name);
      continue;
    }
    if (total + size > limits.maxTotalBytes) {
      problems.stopped(`stopped after ${limits.maxTotalBytes >> 20} MB of content`);
      break;
    }
    total += size;
    out.entries.push({ name, data: buf.subarray(dataAt, Math.min(buf.length, dataAt + size)) });
  }
  if (n >= limits.maxEntries && at + 512 <= buf.length && buf[at] !== 0)
    problems.stopped(`read only the first ${limits.maxEntries} entries`);
  out.problems = problems.lines();
  return out;
}
