/**
 * Git modes of the scan, through `git` itself (streaming, never the whole history in memory):
 *
 * - history: `git log --all --reverse -p -U0` over every reachable commit, oldest first; only
 *   added lines are scanned, in batches of about 1 MB (one detect() per batch, lines mapped back to
 *   commit, file and line). Each key is reported once, at the commit that introduced it.
 * - staged: `git diff --cached -U0`: exactly the lines the next commit adds (for pre-commit hooks).
 * - history also reads what is not a file: every commit message (`git log --format=%B`), and the
 *   names of branches and tags and the messages of annotated tags (`git for-each-ref`).
 *
 * Memory stays bounded whatever the history holds: a file's added lines go to detection in batches
 * of about BATCH_BYTES even inside one huge blob, and a line longer than MAX_PENDING (a minified
 * bundle, a 100 MB single line) is cut into overlapping pieces instead of being held whole.
 */
import { spawn } from 'node:child_process';
import type { Note } from '../core/types.js';
import type { ScanHit } from './types.js';
import { detect, MAX_HITS_PER_FILE } from './detect.js';
import { maskSecret } from '../keys/mask.js';
import { DEFAULT_MAX_FILE, FileReader, toHit } from './read.js';
import { contextOf, isArchive, isLockfile } from './paths.js';
import { DEFAULT_ARCHIVE_LIMITS } from './archive.js';
import { pushAll } from '../core/arrays.js';
import { nowMs } from '../core/clock.js';

export interface GitScan {
  hits: ScanHit[];
  notes: Note[];
  /** files: how many files had added lines (the staged scan's count of what it read). */
  stats: { commits: number; bytes: number; ms: number; files?: number };
}

export interface HistoryOptions {
  /** Only the commits reachable from HEAD and not from this ref (a pull request's own: `BASE..HEAD`). */
  sinceRef?: string;
}

interface Commit {
  sha: string;
  author: string;
  date: string;
}

interface Section {
  commit?: Commit;
  path: string;
  /** Not a file: a commit message, a tag message, a branch or tag name. */
  where?: ScanHit['where'];
}

const RS = 0x1e; // record separator that starts each commit header line
const US = '\x1f';
const SEPARATOR_LINES = 6; // blank lines between files in a batch, so context windows never span two files
const BATCH_BYTES = 1 << 20;
/** Longest part of one line held at once; longer lines are scanned in pieces that overlap by OVERLAP. */
const MAX_PENDING = 4 << 20;
/** Longer than any key, so a key across a cut is whole in one of the two pieces. */
const OVERLAP = 512;

function unquote(p: string): string {
  if (p.startsWith('"') && p.endsWith('"')) {
    try {
      return JSON.parse(p) as string;
    } catch {
      return p.slice(1, -1);
    }
  }
  return p;
}

/** Collects added lines into batches and runs detection on each batch. */
class Batcher {
  private parts: string[] = [];
  private bytes = 0;
  /** For each line of the batch: index into `sections` (-1 for separators) and line number. */
  private lineSection: number[] = [];
  private lineNumber: number[] = [];
  private sections: Section[] = [];
  private readonly seen = new Set<string>();
  /** Hits listed per path, and how many more were found past MAX_HITS_PER_FILE. */
  private readonly perPath = new Map<string, number>();
  readonly capped = new Map<string, number>();
  scanned = 0;
  readonly hits: ScanHit[] = [];
  suppressed = 0;

  constructor(private readonly staged: boolean) {}

  add(section: Section, lines: string[], numbers: number[]): void {
    if (lines.length === 0) return;
    const idx = this.sections.push(section) - 1;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i] ?? '';
      this.parts.push(l);
      this.bytes += l.length + 1;
      this.lineSection.push(idx);
      this.lineNumber.push(numbers[i] ?? 0);
    }
    for (let i = 0; i < SEPARATOR_LINES; i++) {
      this.parts.push('');
      this.lineSection.push(-1);
      this.lineNumber.push(0);
    }
    if (this.bytes >= BATCH_BYTES) this.flush();
  }

  /** Hits found elsewhere (a blob read whole): each key once, capped per path, as flush() does. */
  addHits(hits: ScanHit[], path: string, commit?: Commit): void {
    for (const h of hits) {
      if (!this.staged && this.seen.has(h.secret)) continue;
      this.seen.add(h.secret);
      const listed = this.perPath.get(path) ?? 0;
      if (listed >= MAX_HITS_PER_FILE) {
        this.capped.set(path, (this.capped.get(path) ?? 0) + 1);
        continue;
      }
      this.perPath.set(path, listed + 1);
      this.hits.push(
        this.staged
          ? { ...h, staged: true }
          : { ...h, commit: commit?.sha, author: commit?.author, date: commit?.date },
      );
    }
  }

  flush(): void {
    if (this.parts.length === 0) return;
    const buf = Buffer.from(this.parts.join('\n'), 'utf8');
    // Per file, not per batch: history caps its hits per path itself.
    const r = detect(buf, { context: 'other', maxHits: Infinity });
    this.scanned += buf.length;
    this.suppressed += r.suppressed;
    for (const d of r.hits) {
      const at = d.line - 1;
      const s = this.sections[this.lineSection[at] ?? -1];
      if (!s) continue;
      // a lockfile's hashes are no Azure keys (detect's `lockfile`; the batch mixes files, so it is told here)
      if (d.kind === 'azure-hex32' && isLockfile(s.path)) continue;
      if (!this.staged && this.seen.has(d.secret)) continue;
      this.seen.add(d.secret);
      const listed = this.perPath.get(s.path) ?? 0;
      if (listed >= MAX_HITS_PER_FILE) {
        this.capped.set(s.path, (this.capped.get(s.path) ?? 0) + 1);
        continue;
      }
      this.perPath.set(s.path, listed + 1);
      const extra: Partial<ScanHit> = this.staged
        ? { staged: true }
        : { commit: s.commit?.sha, author: s.commit?.author, date: s.commit?.date };
      if (s.where) extra.where = s.where;
      // A ref name can be the key itself: the place it is reported at (and written to baselines) holds only its mask.
      const rel = s.where ? s.path.split(d.secret).join(maskSecret(d.secret)) : s.path;
      this.hits.push(
        toHit({ ...d, line: this.lineNumber[at] ?? d.line }, rel, s.where ? 'other' : contextOf(s.path), extra),
      );
    }
    this.parts = [];
    this.bytes = 0;
    this.lineSection = [];
    this.lineNumber = [];
    this.sections = [];
  }
}

/** Parses unified diff text (with optional commit header records) line by line. */
class DiffParser {
  private commit: Commit | undefined;
  private path: string | undefined;
  private newLine = 0;
  private lines: string[] = [];
  private numbers: number[] = [];
  private pendingBytes = 0;
  private counted = false;
  /** The new blob of the file being read (`index <old>..<new>`, full with --full-index). */
  private blob: string | undefined;
  commits = 0;
  files = 0;
  /** Blobs git showed no lines of ("Binary files ... differ"), when collected: read whole afterwards. */
  readonly binaries: Array<{ blob: string; path: string; commit?: Commit }> = [];

  constructor(
    private readonly batcher: Batcher,
    private readonly collectBinaries = false,
  ) {}

  /** Hands the file's lines so far to the batcher (at the file's end, or when they pass BATCH_BYTES). */
  private hand(): void {
    if (this.path !== undefined && this.lines.length > 0) {
      if (!this.counted) this.files++;
      this.counted = true;
      this.batcher.add({ commit: this.commit, path: this.path }, this.lines, this.numbers);
    }
    this.lines = [];
    this.numbers = [];
    this.pendingBytes = 0;
  }

  private endFile(): void {
    this.hand();
    this.counted = false;
  }

  /** `cont`: this is a further piece of the previous line (cut because it was too long): same line number. */
  line(l: string, cont = false): void {
    const c = l.charCodeAt(0);
    if (c === RS && !cont) {
      this.endFile();
      this.path = undefined;
      const [sha = '', author = '', date = ''] = l.slice(1).split(US);
      this.commit = { sha, author, date };
      this.commits++;
      return;
    }
    if (c === 0x2b /* + */) {
      if (!cont && l.startsWith('+++ ')) {
        this.endFile();
        const p = l.slice(4).replace(/\t$/, ''); // git ends names holding a space with a tab
        this.path = p === '/dev/null' ? undefined : unquote(p).replace(/^b\//, '');
        return;
      }
      if (this.path !== undefined) {
        this.lines.push(l.slice(1));
        this.numbers.push(cont ? this.newLine - 1 : this.newLine++);
        this.pendingBytes += l.length;
        if (this.pendingBytes >= BATCH_BYTES) this.hand();
      }
      return;
    }
    if (c === 0x40 /* @ */ && l.startsWith('@@ ')) {
      const m = /\+(\d+)/.exec(l);
      this.newLine = m?.[1] ? Number(m[1]) : 0;
      return;
    }
    if (c === 0x64 /* d */ && l.startsWith('diff --git ')) {
      this.endFile();
      this.path = undefined;
      this.blob = undefined;
      return;
    }
    if (!this.collectBinaries || cont) return;
    if (c === 0x69 /* i */ && l.startsWith('index ')) {
      const m = /^index [0-9a-f]+\.\.([0-9a-f]+)/.exec(l);
      this.blob = m?.[1];
      return;
    }
    if (
      c === 0x42 /* B */ &&
      l.startsWith('Binary files ') &&
      l.endsWith(' differ') &&
      this.blob &&
      !/^0+$/.test(this.blob)
    ) {
      // `Binary files a/X and b/Y differ`: the new name follows the last " and b/".
      const body = l.slice('Binary files '.length, -' differ'.length);
      const at = body.lastIndexOf(' and b/');
      const path = at >= 0 ? unquote(body.slice(at + ' and '.length)).replace(/^b\//, '') : body;
      this.binaries.push({ blob: this.blob, path, commit: this.commit });
      this.blob = undefined;
    }
  }

  end(): void {
    this.endFile();
    this.batcher.flush();
  }
}

interface LineSink {
  line(l: string, cont?: boolean): void;
  end(): void;
}

/**
 * Splits a stream into lines for `sink`, holding at most MAX_PENDING characters of an unfinished
 * line: a longer one goes out in pieces that overlap by OVERLAP, each after the first marked as a
 * continuation (and starting with the line's first character, which says what kind of line it is).
 */
export class LineSplitter {
  private pending: string[] = [];
  private pendingLen = 0;
  private cont = false;

  constructor(private readonly sink: LineSink) {}

  push(chunk: string): void {
    let at = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', at);
      if (nl < 0) break;
      const piece = chunk.slice(at, nl);
      if (this.pendingLen > 0) {
        this.pending.push(piece);
        this.sink.line(this.pending.join(''), this.cont);
        this.pending = [];
        this.pendingLen = 0;
      } else this.sink.line(piece, this.cont);
      this.cont = false;
      at = nl + 1;
    }
    if (at < chunk.length) {
      const tail = chunk.slice(at);
      this.pending.push(tail);
      this.pendingLen += tail.length;
      if (this.pendingLen > MAX_PENDING) this.spill();
    }
  }

  private spill(): void {
    const text = this.pending.join('');
    const cut = text.length - OVERLAP;
    this.sink.line(text.slice(0, cut), this.cont);
    this.cont = true;
    const head = text.charAt(0);
    const rest = head + text.slice(cut);
    this.pending = [rest];
    this.pendingLen = rest.length;
  }

  end(): void {
    if (this.pendingLen > 0) this.sink.line(this.pending.join(''), this.cont);
    this.pending = [];
    this.pendingLen = 0;
    this.sink.end();
  }
}

function runGit(root: string, args: string[], parser: LineSink, notes: Note[]): Promise<number> {
  return new Promise((resolve) => {
    let bytes = 0;
    let stderr = '';
    const split = new LineSplitter(parser);
    const child = spawn('git', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      bytes += chunk.length;
      split.push(chunk);
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 2000) stderr += d.toString('utf8');
    });
    child.on('error', (e) => {
      notes.push({ kind: 'info', message: `cannot run git: ${e.message}` });
      resolve(bytes);
    });
    child.stdout.on('error', () => undefined);
    child.on('close', (code) => {
      split.end();
      const sub = args.find((a) => a === 'log' || a === 'diff') ?? 'git';
      if (code !== 0 && stderr.trim())
        notes.push({
          kind: 'info',
          message: `git ${sub} stopped early, so the ${sub === 'log' ? 'history' : 'staged'} scan is incomplete: ${stderr.trim().split('\n')[0]?.slice(0, 200)}`,
        });
      resolve(bytes);
    });
  });
}

const GIT_FLAGS = ['-c', 'core.quotePath=false', '-c', 'diff.noprefix=false', '-c', 'color.ui=never'];

/**
 * Every key added by any reachable commit, once each, at the commit that introduced it; with
 * `sinceRef`, only by the commits after it (`sinceRef..HEAD`, oldest first).
 */
export async function scanHistory(root: string, opts: HistoryOptions = {}): Promise<GitScan> {
  const t0 = nowMs();
  const notes: Note[] = [];
  const batcher = new Batcher(false);
  const parser = new DiffParser(batcher, true);
  // `--end-of-options` keeps a ref that starts with a dash from being read as an option.
  const range = opts.sinceRef !== undefined ? ['--end-of-options', `${opts.sinceRef}..HEAD`] : ['--all'];
  const args = [
    ...GIT_FLAGS,
    'log',
    '--reverse',
    '-p',
    '--full-index',
    '--relative',
    '-M',
    '-U0',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--format=%x1e%H%x1f%an%x1f%aI',
    ...range,
  ];
  let bytes = await runGit(root, args, parser, notes);
  // What git showed no lines of (a `-diff` / `binary` attribute, UTF-16, archives): each blob read whole.
  bytes += await scanHistoryBinaries(root, parser.binaries, batcher, notes);
  // What is not a file: commit messages, then branch and tag names and tag messages.
  const messages = new MessageParser(batcher, 'commit');
  bytes += await runGit(
    root,
    [...GIT_FLAGS, 'log', '--reverse', '--no-color', '--format=%x1e%H%x1f%an%x1f%aI%x1f%B', ...range],
    messages,
    notes,
  );
  if (opts.sinceRef === undefined) {
    const refs = new MessageParser(batcher, 'ref');
    bytes += await runGit(
      root,
      [
        ...GIT_FLAGS,
        'for-each-ref',
        '--format=%1e%(objectname)%1f%(taggername)%1f%(taggerdate:iso-strict)%1f%(refname)%1f%(objecttype)%1f%(contents)',
        'refs/heads',
        'refs/remotes',
        'refs/tags',
      ],
      refs,
      notes,
    );
  }
  batcher.flush();
  if (batcher.suppressed)
    notes.push({
      kind: 'info',
      message: `${batcher.suppressed} history ${batcher.suppressed === 1 ? 'match was' : 'matches were'} passed over by keydoctor-ignore comments`,
    });
  for (const [path, n] of batcher.capped)
    notes.push({
      kind: 'limit',
      path,
      message: `${n} more keys in the history of this file are not listed (at most ${MAX_HITS_PER_FILE} per file)`,
    });
  return {
    hits: batcher.hits,
    notes,
    stats: { commits: parser.commits, bytes, ms: Math.round(nowMs() - t0) },
  };
}

/**
 * Commit messages (`kind: 'commit'`: records of sha, author, date, message) or refs (`'ref'`:
 * records of target, tagger, date, ref name, object type, contents): each message's lines go to the
 * batcher as a section of its own, and each ref name as a one-line section.
 */
class MessageParser {
  private record:
    { sha: string; author: string; date: string; path: string; where: NonNullable<Section['where']> } | undefined;
  private lines: string[] = [];
  private numbers: number[] = [];
  private bytes = 0;
  /** Line number within the current message (1 = its first line). */
  private lineNo = 0;

  constructor(
    private readonly batcher: Batcher,
    private readonly kind: 'commit' | 'ref',
  ) {}

  private hand(): void {
    const r = this.record;
    if (r && this.lines.length > 0)
      this.batcher.add(
        { commit: { sha: r.sha, author: r.author, date: r.date }, path: r.path, where: r.where },
        this.lines,
        this.numbers,
      );
    this.lines = [];
    this.numbers = [];
    this.bytes = 0;
  }

  line(l: string, cont = false): void {
    if (l.charCodeAt(0) === RS && !cont) {
      this.hand();
      this.lineNo = 0;
      const f = l.slice(1).split(US);
      if (this.kind === 'commit') {
        const [sha = '', author = '', date = '', ...first] = f;
        this.record = { sha, author, date, path: `commit-message:${sha.slice(0, 12)}`, where: 'commit message' };
        this.add(first.join(US), false);
      } else {
        const [sha = '', tagger = '', date = '', ref = '', type = '', ...first] = f;
        const tag = ref.startsWith('refs/tags/');
        const name = ref.replace(/^refs\/(?:heads|tags|remotes)\//, '');
        // The ref's name, as a line of its own.
        this.record = {
          sha,
          author: tagger,
          date,
          path: `${tag ? 'tag' : 'branch'}:${name}`,
          where: tag ? 'tag name' : 'branch name',
        };
        this.add(name, false);
        this.hand();
        this.lineNo = 0;
        // An annotated tag's message (a branch's contents are its commit's message: read above).
        this.record =
          tag && type === 'tag'
            ? { sha, author: tagger, date, path: `tag-message:${name}`, where: 'tag message' }
            : undefined;
        if (this.record) this.add(first.join(US), false);
      }
      return;
    }
    if (this.record) this.add(l, cont);
  }

  private add(text: string, cont: boolean): void {
    if (!cont) this.lineNo++;
    this.lines.push(text);
    this.numbers.push(this.lineNo);
    this.bytes += text.length;
    if (this.bytes >= BATCH_BYTES) this.hand();
  }

  end(): void {
    this.hand();
  }
}

/** Runs git with `input` on standard input and collects its whole standard output. */
function gitBytes(
  root: string,
  args: string[],
  input?: string,
): Promise<{ code: number | null; out: Buffer; err: string }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let err = '';
    const child = spawn('git', args, { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stderr.on('data', (d: Buffer) => {
      if (err.length < 2000) err += d.toString('utf8');
    });
    child.on('error', (e) => resolve({ code: null, out: Buffer.alloc(0), err: e.message }));
    child.on('close', (code) => resolve({ code, out: Buffer.concat(chunks), err }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/** A staged file git shows no lines of (binary to git: a NUL byte, UTF-16, an archive, or a `-diff` / `binary` attribute). */
interface StagedBinary {
  path: string;
  /** The path in HEAD (a rename's old name). */
  old: string;
}

/** `git diff --numstat -z` entries whose counts are `-`: the files the diff shows no lines of. */
export function binaryEntries(numstat: string): StagedBinary[] {
  const out: StagedBinary[] = [];
  const parts = numstat.split('\0');
  for (let i = 0; i < parts.length; i++) {
    const m = /^(-|\d+)\t(-|\d+)\t([\s\S]*)$/.exec(parts[i] ?? '');
    if (!m) continue;
    let path = m[3] as string;
    let old = path;
    // A rename or copy: the counts, then an empty name, then the old and the new name.
    if (path === '') {
      old = parts[++i] ?? '';
      path = parts[++i] ?? '';
    }
    if (m[1] === '-' && m[2] === '-' && path) out.push({ path, old });
  }
  return out;
}

/** Objects as `git cat-file --batch` prints them: `<name> missing`, or `<oid> <type> <size>` and the content. */
function parseBatch(out: Buffer, count: number): Array<Buffer | undefined> {
  const res: Array<Buffer | undefined> = [];
  let at = 0;
  for (let i = 0; i < count && at < out.length; i++) {
    const nl = out.indexOf(0x0a, at);
    if (nl < 0) break;
    const head = out.subarray(at, nl).toString('utf8');
    at = nl + 1;
    const m = / (\S+) (\d+)$/.exec(head);
    if (!m || head.endsWith(' missing') || head.endsWith(' ambiguous')) {
      res.push(undefined);
      continue;
    }
    const size = Number(m[2]);
    res.push(m[1] === 'blob' ? out.subarray(at, at + size) : undefined);
    at += size + 1;
  }
  return res;
}

/** Staged binary files scanned whole at most, and bytes read per `git cat-file` call. */
const MAX_STAGED_BINARIES = 5000;
const CAT_BATCH_BYTES = 64 << 20;

/**
 * The staged files `git diff` shows no lines of, read whole from the index and scanned as the tree
 * scan reads files: a `.gitattributes` line (`* -diff`, `*.env binary`) must not hide a key from the
 * hook, nor may UTF-16 or an archive. A key the file already held in HEAD is not reported (the
 * commit does not add it), as for text files.
 */
async function scanStagedBinaries(
  root: string,
  notes: Note[],
): Promise<{ hits: ScanHit[]; files: number; bytes: number; suppressed: number }> {
  const none = { hits: [], files: 0, bytes: 0, suppressed: 0 };
  const ns = await gitBytes(root, [
    ...GIT_FLAGS,
    'diff',
    '--cached',
    '--relative',
    '-M',
    '--numstat',
    '-z',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--diff-filter=ACMRT',
  ]);
  if (ns.code !== 0) {
    if (ns.err.trim())
      notes.push({
        kind: 'info',
        message: `git diff --numstat failed, so staged binary files are not scanned: ${ns.err.trim().split('\n')[0]?.slice(0, 200)}`,
      });
    return none;
  }
  let entries = binaryEntries(ns.out.toString('utf8'));
  if (entries.length === 0) return none;
  // Names holding a line break cannot be asked of `git cat-file --batch` (one name per line).
  const odd = entries.filter((e) => /[\r\n]/.test(e.path) || /[\r\n]/.test(e.old));
  for (const e of odd)
    notes.push({
      kind: 'skipped',
      path: e.path.replace(/[\r\n]/g, '?'),
      message: 'a staged file whose name holds a line break: its content is not scanned',
    });
  entries = entries.filter((e) => !odd.includes(e));
  if (entries.length > MAX_STAGED_BINARIES) {
    notes.push({
      kind: 'limit',
      message: `${entries.length - MAX_STAGED_BINARIES} more staged binary files are not scanned (at most ${MAX_STAGED_BINARIES})`,
    });
    entries = entries.slice(0, MAX_STAGED_BINARIES);
  }
  // Sizes first: nothing over the tree scan's caps is read into memory.
  const names = entries.flatMap((e) => [`:./${e.path}`, `HEAD:./${e.old}`]);
  const check = await gitBytes(root, [...GIT_FLAGS, 'cat-file', '--batch-check'], names.join('\n') + '\n');
  const sizes = check.out
    .toString('utf8')
    .split('\n')
    .slice(0, names.length)
    .map((l) => {
      const m = / blob (\d+)$/.exec(l);
      return m ? Number(m[1]) : -1;
    });
  const reader = new FileReader();
  const hits: ScanHit[] = [];
  let bytes = 0;
  let files = 0;
  let suppressed = 0;
  const want: Array<{ entry: StagedBinary; newName: string; oldName?: string }> = [];
  entries.forEach((entry, i) => {
    const size = sizes[2 * i] ?? -1;
    const oldSize = sizes[2 * i + 1] ?? -1;
    const cap = isArchive(entry.path) ? DEFAULT_ARCHIVE_LIMITS.maxTotalBytes : DEFAULT_MAX_FILE;
    if (size < 0) return;
    if (size > cap) {
      notes.push({
        kind: 'too-large',
        path: entry.path,
        message: `${(size / 1e6).toFixed(1)} MB is over the scan's ${(cap / 1e6).toFixed(0)} MB cap: not scanned`,
      });
      return;
    }
    want.push({
      entry,
      newName: names[2 * i] as string,
      oldName: oldSize >= 0 && oldSize <= cap ? (names[2 * i + 1] as string) : undefined,
    });
  });
  let batch: typeof want = [];
  let batchBytes = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const ask = batch.flatMap((w) => (w.oldName ? [w.newName, w.oldName] : [w.newName]));
    const r = await gitBytes(root, [...GIT_FLAGS, 'cat-file', '--batch'], ask.join('\n') + '\n');
    const blobs = parseBatch(r.out, ask.length);
    let k = 0;
    for (const w of batch) {
      const now = blobs[k++];
      const before = w.oldName ? blobs[k++] : undefined;
      if (!now) continue;
      reader.scanBuffer(now, w.entry.path, { staged: true });
      const got = reader.take();
      files += got.files;
      bytes += got.bytes;
      suppressed += got.suppressed;
      pushAll(notes, got.notes);
      if (got.binary)
        notes.push({
          kind: 'binary',
          path: w.entry.path,
          message:
            'binary content (a NUL byte in its first 8 KiB): passed over by the key scan, as in the working tree',
        });
      let had = new Set<string>();
      if (before && got.hits.length) {
        reader.scanBuffer(before, w.entry.old);
        had = new Set(reader.take().hits.map((h) => h.secret));
      }
      for (const h of got.hits) if (!had.has(h.secret)) hits.push(h);
    }
    batch = [];
    batchBytes = 0;
  };
  for (const w of want) {
    const i = entries.indexOf(w.entry);
    const size = (sizes[2 * i] ?? 0) + (w.oldName ? (sizes[2 * i + 1] ?? 0) : 0);
    if (batch.length && batchBytes + size > CAT_BATCH_BYTES) await flush();
    batch.push(w);
    batchBytes += size;
  }
  await flush();
  return { hits, files, bytes, suppressed };
}

/** Distinct history blobs read whole at most. */
const MAX_HISTORY_BINARIES = 20000;

/**
 * The blobs `git log -p` showed no lines of, each read once (by its id) and scanned as the tree scan
 * reads files; a key is still reported once (the batcher's), at the first commit that holds it among
 * these blobs. Returns the bytes read.
 */
async function scanHistoryBinaries(
  root: string,
  found: Array<{ blob: string; path: string; commit?: Commit }>,
  batcher: Batcher,
  notes: Note[],
): Promise<number> {
  const seen = new Set<string>();
  let list = found.filter((b) => !seen.has(b.blob) && seen.add(b.blob));
  if (list.length === 0) return 0;
  if (list.length > MAX_HISTORY_BINARIES) {
    notes.push({
      kind: 'limit',
      message: `${list.length - MAX_HISTORY_BINARIES} more binary files in the history are not scanned (at most ${MAX_HISTORY_BINARIES})`,
    });
    list = list.slice(0, MAX_HISTORY_BINARIES);
  }
  const check = await gitBytes(
    root,
    [...GIT_FLAGS, 'cat-file', '--batch-check'],
    list.map((b) => b.blob).join('\n') + '\n',
  );
  const sizes = check.out
    .toString('utf8')
    .split('\n')
    .slice(0, list.length)
    .map((l) => Number(/ blob (\d+)$/.exec(l)?.[1] ?? -1));
  const reader = new FileReader();
  let bytes = 0;
  let big = 0;
  let batch: Array<{ blob: string; path: string; commit?: Commit }> = [];
  let batchBytes = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const r = await gitBytes(root, [...GIT_FLAGS, 'cat-file', '--batch'], batch.map((b) => b.blob).join('\n') + '\n');
    const blobs = parseBatch(r.out, batch.length);
    batch.forEach((b, i) => {
      const data = blobs[i];
      if (!data) return;
      bytes += data.length;
      reader.scanBuffer(data, b.path);
      const got = reader.take();
      pushAll(
        notes,
        got.notes.filter((n) => n.kind !== 'binary'),
      );
      batcher.addHits(got.hits, b.path, b.commit);
    });
    batch = [];
    batchBytes = 0;
  };
  for (let i = 0; i < list.length; i++) {
    const b = list[i] as (typeof list)[number];
    const size = sizes[i] ?? -1;
    const cap = isArchive(b.path) ? DEFAULT_ARCHIVE_LIMITS.maxTotalBytes : DEFAULT_MAX_FILE;
    if (size < 0) continue;
    if (size > cap) {
      big++;
      continue;
    }
    if (batch.length && batchBytes + size > CAT_BATCH_BYTES) await flush();
    batch.push(b);
    batchBytes += size;
  }
  await flush();
  if (big)
    notes.push({
      kind: 'too-large',
      message: `${big} binary ${big === 1 ? 'file' : 'files'} in the history ${big === 1 ? 'is' : 'are'} over the scan's size cap: not scanned`,
    });
  return bytes;
}

/** Keys in exactly what the next commit adds (`git diff --cached`, and the staged files it shows no lines of). */
export async function scanStaged(root: string): Promise<GitScan & { suppressed: number }> {
  const t0 = nowMs();
  const notes: Note[] = [];
  const batcher = new Batcher(true);
  const parser = new DiffParser(batcher);
  let bytes = await runGit(
    root,
    [
      ...GIT_FLAGS,
      'diff',
      '--cached',
      '--relative',
      '-M',
      '-U0',
      '--no-color',
      '--no-ext-diff',
      '--no-textconv',
      '--diff-filter=ACMRT',
    ],
    parser,
    notes,
  );
  const bin = await scanStagedBinaries(root, notes);
  bytes += bin.bytes;
  const hits = batcher.hits;
  pushAll(hits, bin.hits);
  return {
    hits,
    notes,
    suppressed: batcher.suppressed + bin.suppressed,
    stats: { commits: 0, bytes, ms: Math.round(nowMs() - t0), files: parser.files + bin.files },
  };
}
