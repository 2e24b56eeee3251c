/**
 * Git modes of the scan, through `git` itself (streaming, never the whole history in memory):
 *
 * - history: `git log --all --reverse -p -U0` over every reachable commit, oldest first; only
 *   added lines are scanned, in batches of about 1 MB (one detect() per batch, lines mapped back to
 *   commit, file and line). Each key is reported once, at the commit that introduced it.
 * - staged: `git diff --cached -U0`: exactly the lines the next commit adds (for pre-commit hooks).
 */
import { spawn } from 'node:child_process';
import type { Note } from '../core/types.js';
import type { ScanHit } from './types.js';
import { detect } from './detect.js';
import { contextOf } from './paths.js';
import { toHit } from './read.js';

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
}

const RS = 0x1e; // record separator that starts each commit header line
const US = '\x1f';
const SEPARATOR_LINES = 6; // blank lines between files in a batch, so context windows never span two files
const BATCH_BYTES = 1 << 20;

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
    this.suppressed += r.suppressed;
    for (const d of r.hits) {
      const at = d.line - 1;
      const s = this.sections[this.lineSection[at] ?? -1];
      if (!s) continue;
      if (!this.staged && this.seen.has(d.secret)) continue;
      this.seen.add(d.secret);
      const extra: Partial<ScanHit> = this.staged ? { staged: true } : { commit: s.commit?.sha, author: s.commit?.author, date: s.commit?.date };
      this.hits.push(toHit({ ...d, line: this.lineNumber[at] ?? d.line }, s.path, contextOf(s.path), extra));
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
  commits = 0;
  files = 0;

  constructor(private readonly batcher: Batcher) {}

  private endFile(): void {
    if (this.path !== undefined && this.lines.length > 0) {
      this.files++;
      this.batcher.add({ commit: this.commit, path: this.path }, this.lines, this.numbers);
    }
    this.lines = [];
    this.numbers = [];
  }

  line(l: string): void {
    const c = l.charCodeAt(0);
    if (c === RS) {
      this.endFile();
      this.path = undefined;
      const [sha = '', author = '', date = ''] = l.slice(1).split(US);
      this.commit = { sha, author, date };
      this.commits++;
      return;
    }
    if (c === 0x2b /* + */) {
      if (l.startsWith('+++ ')) {
        this.endFile();
        const p = l.slice(4).replace(/\t$/, ''); // git ends names holding a space with a tab
        this.path = p === '/dev/null' ? undefined : unquote(p).replace(/^b\//, '');
        return;
      }
      if (this.path !== undefined) {
        this.lines.push(l.slice(1));
        this.numbers.push(this.newLine++);
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

function runGit(root: string, args: string[], parser: DiffParser, notes: Note[]): Promise<number> {
  return new Promise((resolve) => {
    let bytes = 0;
    let rest = '';
    let stderr = '';
    const child = spawn('git', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      bytes += chunk.length;
      const text = rest + chunk;
      let at = 0;
      for (;;) {
        const nl = text.indexOf('\n', at);
        if (nl < 0) break;
        parser.line(text.slice(at, nl));
        at = nl + 1;
      }
      rest = text.slice(at);
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 2000) stderr += d.toString('utf8');
    });
    child.on('error', (e) => {
      notes.push({ kind: 'info', message: `cannot run git: ${e.message}` });
      resolve(bytes);
    });
    child.on('close', (code) => {
      if (rest) parser.line(rest);
      parser.end();
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
  const bytes = await runGit(root, args, parser, notes);
  if (batcher.suppressed) notes.push({ kind: 'info', message: `${batcher.suppressed} history ${batcher.suppressed === 1 ? 'match was' : 'matches were'} passed over by keydoctor-ignore comments` });
  return { hits: batcher.hits, notes, stats: { commits: parser.commits, bytes, ms: Math.round(performance.now() - t0) } };
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
