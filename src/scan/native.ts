/**
 * The optional native prefilter (native/prefilter.c, loaded by src/native/addon.ts).
 * It reads batches of files on libuv's thread pool and sorts each into clean / binary / look; only
 * the few "look" files (an anchor, a UTF-16 mark, an error, too large) are read again and judged by
 * read.ts. The anchors it looks for are the scanner's own (simd.ts and detect.ts), set here, so
 * there is one list. Absent, unloadable (another Node ABI) or disabled with KEYDOCTOR_NATIVE=0:
 * `nativePrefilter()` is undefined and the scan reads in JavaScript.
 */
import type { Ignore } from 'ignore';
import {
  nativeAddon,
  errnoName,
  type NativeAddon,
  type NativeWalkOptions,
  type NativeWalkStart,
} from '../native/addon.js';
import { nativeRules } from '../fs/gitignore.js';
import { ENTRY_DIR, ENTRY_FILE, KIND_PLAIN, type Lister, type Listing } from '../fs/listing.js';
import { ARCHIVE_SUFFIXES } from './paths.js';
import { ANCHORS, AZURE_WORDS, B64_PREFIX_ANCHORS, MIN_TOKEN, TOKEN_ANCHORS, b64PairOffset } from './anchors.js';

/** The classes native/prefilter.c gives a file. */
export const CLEAN = 0;
export const BINARY = 1;
/** Read it again in JavaScript: an anchor, a UTF-16 mark, an error or over the size cap. */
export const LOOK = 2;

export interface BatchClasses {
  /** One class (CLEAN, BINARY, LOOK) per path, in order. */
  classes: Uint8Array;
  /** Bytes read of the clean and binary files. */
  bytes: number;
}

/** First byte of a folder record in a batch (see classify); every file record starts with KIND_PLAIN. */
export const DIR_RECORD = 1;
export { KIND_PLAIN };

export interface NativePrefilter {
  /**
   * Classifies `count` files on the thread pool. `paths` holds NUL-terminated records: a folder
   * record (DIR_RECORD, then the folder's absolute path) sets the folder of the files after it; a
   * file record is KIND_PLAIN and a name; other listing records (folders, specials) are passed
   * over. The bytes are copied before this returns.
   */
  classify(paths: Buffer, count: number, maxFileBytes: number): Promise<BatchClasses>;
  /** Batches given to the pool and not yet done (read without waiting). */
  busy(): number;
  /**
   * Which of these buffers (content in memory: an archive's entries) must be judged here: classify's
   * test on their bytes, on the pool. A buffer it says no to holds no anchor and can hold no finding.
   */
  needsLook?: (buffers: Buffer[]) => Promise<boolean[]>;
  /** Lists a folder on this thread (walk.ts's Lister), where the addon has it (not on Windows). */
  listDir?: Lister;
  /** Walks and sorts a tree in C threads, applying the .gitignore rules handed to it (not on Windows). */
  walk?(root: string, opts: NativeWalkOptions): Promise<NativeWalk>;
  /** The id of an instance's rules in the addon, or undefined when the native walk cannot match them. */
  ruleset?(ig: Ignore): number | undefined;
}

/** A folder the native walk leaves to JavaScript, with the rule levels in force there. */
export interface NativeDeferred {
  dir: string;
  /** 'g': it holds a .gitignore to compile; 'j': JavaScript walks it (a name that is not UTF-8, ...). */
  kind: 'g' | 'j';
  inBundle: boolean;
  ignored: boolean;
  levels: NativeWalkStart['levels'];
}

/** What the native walk leaves to JavaScript (absolute paths), and its counts. */
export interface NativeWalk {
  /** Files to judge here: an anchor, UTF-16, an error, over the size cap. */
  look: string[];
  /** .gitignore files and archives: read one by one here. */
  special: string[];
  /** Files a .gitignore rule ignores: kept here when they are dotenv files or shipped bundle files. */
  maybe: Array<{ path: string; inBundle: boolean }>;
  /** Folders left to this thread: see NativeDeferred. */
  deferred: NativeDeferred[];
  errors: Array<{ dir: string; code: string }>;
  files: number;
  bytes: number;
  binary: number;
  stopped: boolean;
}

const records = (b: Buffer): string[] => (b.length === 0 ? [] : b.toString('utf8', 0, b.length - 1).split('\0'));

/**
 * Every literal the anchor pass of detect.ts starts from, as [anchor, offset of the byte pair the
 * native scan looks for, key characters ([A-Za-z0-9_-]) that must run from the anchor's start,
 * whether the file must also hold 32 hex digits in a row]:
 * - anchors that start a key need MIN_TOKEN key characters (detect drops shorter runs);
 * - Azure context words count only where a 32-hex key can be (detect looks for one near them);
 * - base64 markers and prefixes need nothing more.
 * A file without a match can hold no finding; a test checks this against detect itself.
 */
export const GATE_ANCHORS: ReadonlyArray<readonly [string, number, number, boolean]> = [
  ...ANCHORS,
  ...B64_PREFIX_ANCHORS.map((a) => [a, b64PairOffset(a)] as const),
].map(([a, off]) => [a, off, TOKEN_ANCHORS.includes(a) ? MIN_TOKEN : 0, AZURE_WORDS.includes(a)] as const);

let loaded: NativePrefilter | null | undefined;

export function nativePrefilter(): NativePrefilter | undefined {
  if (loaded !== undefined) return loaded ?? undefined;
  loaded = null;
  const addon: NativeAddon | undefined = nativeAddon();
  if (!addon) return undefined;
  try {
    addon.setAnchors(GATE_ANCHORS.map(([a, off, run, hex]) => [Buffer.from(a, 'latin1'), off, run, hex]));
  } catch {
    return undefined;
  }
  loaded = {
    classify: (paths, count, maxFileBytes) => addon.classify(paths, count, maxFileBytes),
    busy: () => addon.busy(),
  };
  const gate = addon.gate?.bind(addon);
  if (gate)
    loaded.needsLook = async (buffers) => {
      const classes = await gate(buffers);
      return buffers.map((_, i) => classes[i] !== CLEAN);
    };
  if (addon.listDir && addon.setSpecial) {
    addon.setSpecial([...ARCHIVE_SUFFIXES]);
    loaded.listDir = lister(addon.listDir.bind(addon));
    const walk = addon.walk?.bind(addon);
    if (walk) {
      loaded.walk = async (root, opts) => {
        const r = await walk(root, opts);
        return {
          look: records(r.look),
          special: records(r.special),
          maybe: r.maybe ? records(r.maybe).map((m) => ({ path: m.slice(1), inBundle: m[0] === '1' })) : [],
          deferred: records(r.deferred).map(deferredOf),
          errors: records(r.errors).map((e) => {
            const at = e.indexOf(':');
            return { dir: e.slice(at + 1), code: errnoName(Number(e.slice(0, at))) };
          }),
          files: r.files,
          bytes: r.bytes,
          binary: r.binary,
          stopped: r.stopped,
        };
      };
    }
  }
  const addRules = addon.addRules?.bind(addon);
  if (addRules && loaded.walk) {
    const ids = new WeakMap<Ignore, number>();
    loaded.ruleset = (ig) => {
      let id = ids.get(ig);
      if (id === undefined) {
        const r = nativeRules(ig);
        id = r ? addRules(r.rules, r.shortcut) : -1;
        ids.set(ig, id);
      }
      return id >= 0 ? id : undefined;
    };
  }
  return loaded;
}

/** `k f id,base,st;... TAB path` (see walk() in native/prefilter.c). */
function deferredOf(rec: string): NativeDeferred {
  const tab = rec.indexOf('\t');
  const flags = rec.charCodeAt(1) - 48;
  const levels =
    tab > 2
      ? rec
          .slice(2, tab)
          .split(';')
          .map((l): [number, number, boolean] => {
            const [id, base, st] = l.split(',');
            return [Number(id), Number(base), st === '1'];
          })
      : [];
  return {
    dir: rec.slice(tab + 1),
    kind: rec[0] === 'j' ? 'j' : 'g',
    inBundle: (flags & 1) !== 0,
    ignored: (flags & 2) !== 0,
    levels,
  };
}

/**
 * The addon's listDir as walk.ts's Lister. Its buffer: u32 plain count, u32 plain bytes, the plain
 * files as KIND_PLAIN records (kept as they are, see Listing.plain), then the other entries as
 * `kind name NUL` (2 folder, 3 other, 5 a file to look at one by one: .gitignore, archives).
 */
function lister(listDir: (dir: string) => Buffer | number): Lister {
  return (dir: string): Listing => {
    const b = listDir(dir);
    if (typeof b === 'number')
      throw Object.assign(new Error(`${errnoName(b)}: cannot list ${dir}`), { code: errnoName(b) });
    const count = b.readUInt32LE(0);
    const end = 8 + b.readUInt32LE(4);
    // One decode and one split for the rest: each entry is its kind (a control character) and name.
    const entries = end < b.length ? utf8(b.subarray(end)).split('\0') : [''];
    const n = entries.length - 1; // the last NUL ends the last entry
    const names = new Array<string>(n);
    const kinds = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const e = entries[i] as string;
      const k = e.charCodeAt(0);
      kinds[i] = k === 5 ? ENTRY_FILE : k === 2 ? ENTRY_DIR : 0;
      names[i] = e.slice(1);
    }
    return count > 0 ? { names, kinds, plain: { records: b.subarray(8, end), count } } : { names, kinds };
  };
}

type Utf8 = { utf8Slice?: (start: number, end: number) => string };

/** The bytes as UTF-8 text (Buffer#utf8Slice skips toString's argument handling). */
function utf8(b: Buffer): string {
  const fast = (b as unknown as Utf8).utf8Slice;
  return fast ? fast.call(b, 0, b.length) : b.toString('utf8');
}
