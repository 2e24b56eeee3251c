/**
 * The shell start-up files collector: bash, zsh and sh files in HOME (zsh's in $ZDOTDIR when set),
 * fish's config.fish, conf.d/*.fish and universal variables, `/etc/environment` (only for the real
 * home, so tests and scenarios with a fake HOME read nothing outside it). `source FILE` / `. FILE`
 * are followed inside HOME, a few levels deep, each file once.
 */
import { readdirSync, realpathSync } from 'node:fs';
import { readTextFile } from '../../core/read-file.js';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Assignment, Note } from '../../core/types.js';
import type { Collector } from '../collector.js';
import { parseShell, type ShellDirective, type ShellParse } from './parse.js';
import { parseFish, parseFishVariables } from './fish.js';
import { parseEtcEnvironment } from './etc-environment.js';
import { pushAll } from '../../core/arrays.js';

export const MAX_RC_BYTES = 1 << 20;
const MAX_SOURCE_DEPTH = 5;

/** Which shells read a file, and when. */
export const RC_FILES: Array<{ file: string; shell: 'bash' | 'zsh' | 'sh'; when: string; family: 'bash' | 'zsh' }> = [
  {
    file: '.profile',
    shell: 'sh',
    family: 'bash',
    when: 'read by sh and bash login shells (bash only when .bash_profile and .bash_login are missing)',
  },
  {
    file: '.bash_login',
    shell: 'bash',
    family: 'bash',
    when: 'read by bash login shells when .bash_profile is missing',
  },
  {
    file: '.bash_profile',
    shell: 'bash',
    family: 'bash',
    when: 'read by bash login shells (macOS Terminal opens login shells)',
  },
  {
    file: '.bashrc',
    shell: 'bash',
    family: 'bash',
    when: 'read by interactive non-login bash shells (not by cron, systemd or IDE tasks)',
  },
  { file: '.zshenv', shell: 'zsh', family: 'zsh', when: 'read by every zsh, scripts included' },
  { file: '.zprofile', shell: 'zsh', family: 'zsh', when: 'read by zsh login shells' },
  { file: '.zshrc', shell: 'zsh', family: 'zsh', when: 'read by interactive zsh shells' },
  { file: '.zlogin', shell: 'zsh', family: 'zsh', when: 'read by zsh login shells, after .zshrc' },
];

export interface ShellCollectorOptions {
  /** Read /etc/environment: true, false, or 'auto' (default: only when the home is the user's real home). */
  etcEnvironment?: boolean | 'auto';
  /** Where /etc/environment is (tests). */
  etcEnvironmentPath?: string;
}

interface Ctx {
  home: string;
  notes: Note[];
  out: Assignment[];
  visited: Set<string>;
  /** The start-up files read in their own right (not followed through `source`, their detail says who sources them). */
  rcFiles: Set<string>;
  sourcedBy: Map<string, string[]>;
}

/** `~/.zshrc` for files in HOME, else the absolute path. */
export function displayPath(home: string, abs: string): string {
  const r = relative(home, abs);
  if (r && !r.startsWith('..') && !isAbsolute(r)) return `~/${r.split(sep).join('/')}`;
  return abs;
}

function insideHome(home: string, abs: string): boolean {
  const r = relative(home, abs);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

/** Reads a text file for parsing; problems become notes. undefined: missing or unreadable. */
function readText(abs: string, shown: string, notes: Note[], what = 'start-up file'): string | undefined {
  return readTextFile(abs, shown, notes, { max: MAX_RC_BYTES, what });
}

function realKey(abs: string): string {
  try {
    return realpathSync(abs);
  } catch {
    return abs;
  }
}

/** Parses one start-up file with its shell's parser; `onSource` runs at each `source` line. */
type StartupParser = (
  text: string,
  path: string,
  detail: string,
  onSource: (d: ShellDirective, soFar: Assignment[]) => void,
) => ShellParse;

/** Reads one start-up file (and what it sources, in execution order), appending to ctx.out. */
function readStartupFile(ctx: Ctx, abs: string, detail: string, depth: number, parse: StartupParser): void {
  const key = realKey(abs);
  if (ctx.visited.has(key)) return;
  const shown = displayPath(ctx.home, abs);
  const text = readText(abs, shown, ctx.notes);
  if (text === undefined) return;
  ctx.visited.add(key);
  // Assignments go to ctx.out in execution order: what the file set before a `source` line comes first.
  let flushed: Assignment[] = [];
  const parsed = parse(text, shown, detail, (d, soFar) => {
    const fresh = soFar.filter((a) => !flushed.includes(a));
    pushAll(ctx.out, fresh);
    flushed = [...flushed, ...fresh];
    followSource(ctx, d, shown, depth, (target) =>
      readStartupFile(ctx, target, `${detail}; sourced from ${shown}:${d.line}`, depth + 1, parse),
    );
  });
  settle(ctx, flushed, parsed.assignments);
  for (const e of parsed.errors) ctx.notes.push({ kind: 'parse-error', path: shown, line: e.line, message: e.message });
}

/** A POSIX-family file (bash, zsh, sh). */
function readShellFile(
  ctx: Ctx,
  abs: string,
  shell: 'bash' | 'zsh' | 'sh',
  detail: string,
  known: Map<string, string>,
  exported: Set<string>,
  depth: number,
  kind = 'shell-rc',
): void {
  readStartupFile(ctx, abs, detail, depth, (text, path, d, onSource) =>
    parseShell(text, { path, shell, known, exported, kind, detail: d, onSource }),
  );
}

/** Appends what a file set after its last `source`, and drops flushed assignments that a later `unset` removed. */
function settle(ctx: Ctx, flushed: Assignment[], final: Assignment[]): void {
  const keep = new Set(final);
  for (const a of flushed) {
    if (keep.has(a)) continue;
    const i = ctx.out.indexOf(a);
    if (i >= 0) ctx.out.splice(i, 1);
  }
  pushAll(
    ctx.out,
    final.filter((a) => !flushed.includes(a)),
  );
}

function followSource(ctx: Ctx, d: ShellDirective, from: string, depth: number, read: (abs: string) => void): void {
  const target = d.args[0] ?? '';
  if (d.dynamic || !target) {
    ctx.notes.push({
      kind: 'skipped',
      path: from,
      line: d.line,
      message: `not following \`${d.command} ${target}\`: the path is computed`,
    });
    return;
  }
  if (depth >= MAX_SOURCE_DEPTH) {
    ctx.notes.push({
      kind: 'limit',
      path: from,
      line: d.line,
      message: `not following \`${d.command} ${target}\`: more than ${MAX_SOURCE_DEPTH} nested sources`,
    });
    return;
  }
  const abs = resolve(ctx.home, target.replace(/^~(?=\/|$)/, ctx.home));
  if (!insideHome(ctx.home, abs)) return; // system files (/etc/bash_completion, nvm, ...) are not read
  if (ctx.rcFiles.has(abs)) {
    // e.g. ~/.bash_profile sourcing ~/.bashrc: that file is read in its own right
    ctx.sourcedBy.set(abs, [...(ctx.sourcedBy.get(abs) ?? []), `${from}:${d.line}`]);
    return;
  }
  read(abs);
}

function listFish(dir: string, notes: Note[], home: string): string[] {
  try {
    return readdirSync(dir)
      .filter((n) => n.endsWith('.fish'))
      .sort()
      .map((n) => join(dir, n));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (code !== 'ENOENT' && code !== 'ENOTDIR')
      notes.push({ kind: 'unreadable', path: displayPath(home, dir), message: `cannot list folder: ${code}` });
    return [];
  }
}

/** A fish file (config.fish, conf.d). */
function readFishFile(
  ctx: Ctx,
  abs: string,
  detail: string,
  known: Map<string, string>,
  exported: Set<string>,
  depth: number,
): void {
  readStartupFile(ctx, abs, detail, depth, (text, path, d, onSource) =>
    parseFish(text, { path, known, exported, detail: d, onSource }),
  );
}

/** Everything the start-up files in `home` set (plus /etc/environment when asked). */
export function collectShellFiles(
  home: string,
  env: Record<string, string>,
  notes: Note[],
  opts: { etcEnvironment: boolean; etcEnvironmentPath?: string },
): Assignment[] {
  const ctx: Ctx = { home, notes, out: [], visited: new Set(), rcFiles: new Set(), sourcedBy: new Map() };
  if (opts.etcEnvironment) {
    const p = opts.etcEnvironmentPath ?? '/etc/environment';
    const text = readText(p, p, notes, '/etc/environment');
    if (text !== undefined) pushAll(ctx.out, parseEtcEnvironment(text, p));
  }
  const families = {
    bash: { known: new Map([['HOME', home]]), exported: new Set<string>(['HOME']) },
    zsh: { known: new Map([['HOME', home]]), exported: new Set<string>(['HOME']) },
  };
  const zdot = env.ZDOTDIR && isAbsolute(env.ZDOTDIR) && insideHome(home, env.ZDOTDIR) ? env.ZDOTDIR : home;
  const rcPath = (rc: (typeof RC_FILES)[number]): string => join(rc.family === 'zsh' ? zdot : home, rc.file);
  for (const rc of RC_FILES) ctx.rcFiles.add(rcPath(rc));
  for (const rc of RC_FILES) {
    const abs = rcPath(rc);
    const f = families[rc.family];
    const by = ctx.sourcedBy.get(abs);
    readShellFile(
      ctx,
      abs,
      rc.shell,
      `${rc.shell === 'sh' ? 'sh/bash' : rc.shell}: ${rc.when}${by ? `; also sourced by ${by.join(', ')}` : ''}`,
      f.known,
      f.exported,
      0,
    );
  }
  // fish
  const fishDir = join(home, '.config', 'fish');
  const fishKnown = new Map([['HOME', home]]);
  const fishExported = new Set<string>(['HOME']);
  const uvars = join(fishDir, 'fish_variables');
  const uvText = readText(uvars, displayPath(home, uvars), notes, 'fish_variables');
  if (uvText !== undefined) {
    for (const a of parseFishVariables(uvText, displayPath(home, uvars))) {
      ctx.out.push(a);
      fishKnown.set(a.name, a.value);
      if (a.exported) fishExported.add(a.name);
    }
  }
  for (const f of listFish(join(fishDir, 'conf.d'), notes, home))
    readFishFile(ctx, f, 'fish: conf.d, read by every fish shell', fishKnown, fishExported, 0);
  readFishFile(
    ctx,
    join(fishDir, 'config.fish'),
    'fish: config.fish, read by every fish shell',
    fishKnown,
    fishExported,
    0,
  );
  return ctx.out;
}

export function createShellCollector(options: ShellCollectorOptions = {}): Collector {
  return {
    name: 'shell',
    collect(ctx, facts) {
      const mode = options.etcEnvironment ?? 'auto';
      const etc = mode === 'auto' ? resolve(ctx.home) === resolve(homedir()) : mode;
      const found = collectShellFiles(ctx.home, ctx.env, facts.notes, {
        etcEnvironment: etc,
        etcEnvironmentPath: options.etcEnvironmentPath,
      });
      pushAll(facts.assignments, found);
    },
  };
}

export const shellCollector: Collector = createShellCollector();
