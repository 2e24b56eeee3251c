/**
 * Loading the optional native addon (native/prefilter.c, built at install by
 * scripts/build-native.mjs). Absent, unloadable (built for another Node ABI) or turned off with
 * KEYDOCTOR_NATIVE=0: `nativeAddon()` is undefined and every caller has a JavaScript path.
 * The scan's use of it is in scan/native.ts; file reading for the collectors in core/read-file.ts.
 */
import { nodeRequire } from '../core/require.js';
import { constants } from 'node:os';

/** What native/prefilter.c exports (see the comments there). */
export interface NativeAddon {
  setAnchors(list: Array<[Buffer, number, number, boolean]>): void;
  classify(paths: Buffer, count: number, maxFileBytes: number): Promise<{ classes: Uint8Array; bytes: number }>;
  busy(): number;
  /** Each buffer's class (CLEAN 0, BINARY 1, LOOK 2), as classify gives a file with those bytes, on the pool. */
  gate?(buffers: Buffer[]): Promise<Buffer>;
  /** Ends the process now with this status (_exit): no exit handlers, no heap teardown. */
  exitNow?(code: number): never;
  readFiles(paths: Buffer, count: number, max: number): Array<Buffer | number>;
  /** readFiles on the thread pool: every file's bytes in one buffer; meta holds [offset, length], [-1, size] over `max`, or [-2, errno]. */
  readFilesAsync?(paths: Buffer, count: number, max: number): Promise<[Buffer, Float64Array]>;
  /** Not on Windows. */
  listDir?(dir: string): Buffer | number;
  setSpecial?(suffixes: string[]): void;
  /** Not on Windows. */
  walk?(root: string, opts: NativeWalkOptions): Promise<NativeWalkResult>;
  /** A .gitignore's compiled rules ([source, negative, basenameOnly, ignoreCase]) → a ruleset id, or -1. Not on Windows. */
  addRules?(rules: Array<[string, boolean, boolean, boolean]>, shortcut: boolean): number;
  /** Whether the system's libdeflate loaded (native/inflate.c); the first call loads it. */
  fastInflate?(): boolean;
  /** A raw deflate stream inflated by libdeflate into `room` bytes: [output, input bytes used], or a status (1 damaged, 2 short, 3 no room, 4 unavailable). */
  inflateRaw?(input: Buffer, room: number): [Buffer, number] | number;
  /** inflateRaw on libuv's thread pool. */
  inflateRawAsync?(input: Buffer, room: number): Promise<[Buffer, number] | number>;
  /** One ruleset's test() of each path (0 none, 1 ignored, 2 unignored, 255 not matched): for tests. */
  testRules?(id: number, paths: string[]): Uint8Array;
}

/** A folder the native walk starts from, with the rule levels in force there (see walk() in native/prefilter.c). */
export interface NativeWalkStart {
  dir: string;
  inBundle: boolean;
  ignored: boolean;
  /** Its own .gitignore is among the levels (or it has none to read). */
  own: boolean;
  /** [ruleset id, UTF-16 length of the relative path before the level's paths, the level ignores this folder]. */
  levels: Array<[number, number, boolean]>;
}

export interface NativeWalkOptions {
  skip: string[];
  bundleDirs: string[];
  bundleSkip: string[];
  stopAtGitignore: boolean;
  maxFiles: number;
  maxFileBytes: number;
  threads: number;
  starts?: NativeWalkStart[];
  /** Called on this thread with each archive's path as the walk finds it (the result lists them all the same). */
  onSpecial?: (path: string) => void;
  /** Called on this thread with each file the prefilter marks, as it marks it (the result lists them all the same). */
  onLook?: (path: string) => void;
}

/** NUL-terminated records; see walk() in native/prefilter.c. */
export interface NativeWalkResult {
  look: Buffer;
  special: Buffer;
  maybe?: Buffer;
  deferred: Buffer;
  errors: Buffer;
  files: number;
  bytes: number;
  binary: number;
  stopped: boolean;
}

// From dist/cli/<chunk>.cjs and from dist/src/native/addon.js, the package root is two or three up.
const PLACES = ['../../build/Release/keydoctor_prefilter.node', '../../../build/Release/keydoctor_prefilter.node'];

let loaded: NativeAddon | null | undefined;

export function nativeAddon(): NativeAddon | undefined {
  if (loaded !== undefined) return loaded ?? undefined;
  loaded = null;
  if (process.env.KEYDOCTOR_NATIVE === '0') return undefined;
  const req = nodeRequire();
  for (const place of PLACES) {
    try {
      loaded = req(place) as NativeAddon;
      return loaded;
    } catch {
      // not here (or not loadable): try the next place
    }
  }
  return undefined;
}

/** The addon if something already loaded it (nothing is loaded here). */
export function loadedAddon(): NativeAddon | undefined {
  return loaded ?? undefined;
}

/** errno number → its name (ENOENT, EACCES, ...), for notes that read like Node's own errors. */
export function errnoName(n: number): string {
  for (const [name, value] of Object.entries(constants.errno)) if (value === n) return name;
  return `errno ${n}`;
}
