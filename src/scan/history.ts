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
import { contextOf } from './paths.js';
import { toHit } from './read.js';
import { maskSecret } from '../keys/mask.js';

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
      if (!this.staged && this.seen.has(d.secret)) continue;
      this.seen.add(d.secret);
      const listed = this.perPath.get(s.path) ?? 0;
      if (listed >= MAX_HITS_PER_FILE) {
        this.capped.set(s.path, (this.capped.get(s.path) ?? 0) + 1);
        continue;
      }
      this.perPath.set(s.path, listed + 1);
      const extra: Partial<ScanHit> = this.staged ? { staged: true } : { commit: s.commit?.sha, author: s.commit?.author, date: s.commit?.date };
      if (s.where) extra.where = s.where;
      // A ref name can be the key itself: the place it is reported at (and written to baselines) holds only its mask.
      const rel = s.where ? s.path.split(d.secret).join(maskSecret(d.secret)) : s.path;
      this.hits.push(toHit({ ...d, line: this.lineNumber[at] ?? d.line }, rel, s.where ? 'other' : contextOf(s.path), extra));
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
  commits = 0;
  files = 0;

  constructor(private readonly batcher: Batcher) {}

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
      if (code !== 0 && stderr.trim()) notes.push({ kind: 'info', message: `git ${sub} stopped early, so the ${sub === 'log' ? 'history' : 'staged'} scan is incomplete: ${stderr.trim().split('\n')[0]?.slice(0, 200)}` });
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
  const t0 = performance.now();
  const notes: Note[] = [];
  const batcher = new Batcher(false);
  const parser = new DiffParser(batcher);
  // `--end-of-options` keeps a ref that starts with a dash from being read as an option.
  const range = opts.sinceRef !== undefined ? ['--end-of-options', `${opts.sinceRef}..HEAD`] : ['--all'];
  const args = [...GIT_FLAGS, 'log', '--reverse', '-p', '--relative', '-M', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', '--format=%x1e%H%x1f%an%x1f%aI', ...range];
  let bytes = await runGit(root, args, parser, notes);
  // What is not a file: commit messages, then branch and tag names and tag messages.
  const messages = new MessageParser(batcher, 'commit');
  bytes += await runGit(root, [...GIT_FLAGS, 'log', '--reverse', '--no-color', '--format=%x1e%H%x1f%an%x1f%aI%x1f%B', ...range], messages, notes);
  if (opts.sinceRef === undefined) {
    const refs = new MessageParser(batcher, 'ref');
    bytes += await runGit(root, [...GIT_FLAGS, 'for-each-ref', '--format=%1e%(objectname)%1f%(taggername)%1f%(taggerdate:iso-strict)%1f%(refname)%1f%(objecttype)%1f%(contents)', 'refs/heads', 'refs/remotes', 'refs/tags'], refs, notes);
  }
  batcher.flush();
  if (batcher.suppressed) notes.push({ kind: 'info', message: `${batcher.suppressed} history ${batcher.suppressed === 1 ? 'match was' : 'matches were'} passed over by keydoctor-ignore comments` });
  for (const [path, n] of batcher.capped) notes.push({ kind: 'limit', path, message: `${n} more keys in the history of this file are not listed (at most ${MAX_HITS_PER_FILE} per file)` });
  return { hits: batcher.hits, notes, stats: { commits: parser.commits, bytes, ms: Math.round(performance.now() - t0) } };
}

/**
 * Commit messages (`kind: 'commit'`: records of sha, author, date, message) or refs (`'ref'`:
 * records of target, tagger, date, ref name, object type, contents): each message's lines go to the
 * batcher as a section of its own, and each ref name as a one-line section.
 */
class MessageParser {
  private record: { sha: string; author: string; date: string; path: string; where: NonNullable<Section['where']> } | undefined;
  private lines: string[] = [];
  private numbers: number[] = [];
  private bytes = 0;
  /** Line number within the current message (1 = its first line). */
  private lineNo = 0;

  constructor(private readonly batcher: Batcher, private readonly kind: 'commit' | 'ref') {}

  private hand(): void {
    const r = this.record;
    if (r && this.lines.length > 0) this.batcher.add({ commit: { sha: r.sha, author: r.author, date: r.date }, path: r.path, where: r.where }, this.lines, this.numbers);
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
        this.record = { sha, author: tagger, date, path: `${tag ? 'tag' : 'branch'}:${name}`, where: tag ? 'tag name' : 'branch name' };
        this.add(name, false);
        this.hand();
        this.lineNo = 0;
        // An annotated tag's message (a branch's contents are its commit's message: read above).
        this.record = tag && type === 'tag' ? { sha, author: tagger, date, path: `tag-message:${name}`, where: 'tag message' } : undefined;
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

/** Keys in exactly what the next commit adds (`git diff --cached`). */
export async function scanStaged(root: string): Promise<GitScan & { suppressed: number }> {
  const t0 = performance.now();
  const notes: Note[] = [];
  const batcher = new Batcher(true);
  const parser = new DiffParser(batcher);
  const bytes = await runGit(root, [...GIT_FLAGS, 'diff', '--cached', '--relative', '-M', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', '--diff-filter=ACMRT'], parser, notes);
  return { hits: batcher.hits, notes, suppressed: batcher.suppressed, stats: { commits: 0, bytes, ms: Math.round(performance.now() - t0), files: parser.files } };
}
