/**
 * The dotenv collector: every dotenv-format file of the project (ignored ones included: `.env` is
 * usually git-ignored), plus the files that start scripts name (`node --env-file=F`, `dotenv -e F`,
 * `dotenvx run -f F`, `env-cmd -f F`, `dotenv_config_path=F`), parsed in all three dialects.
 * direnv's `.envrc` is shell syntax: it is read with the shell parser (kind 'envrc').
 * Templates (`.env.example`, ...) are read and marked `role: 'example'`; their values are not sources.
 */
import { isMissing, NOT_REGULAR, readFileLimited, readProblem, readTextFile } from '../../core/read-file.js';
import { statSync } from 'node:fs';
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import type { Facts, RuntimeVersions } from '../../core/facts.js';
import type { Assignment, EnvFile, Note } from '../../core/types.js';
import type { Collector } from '../collector.js';
import { gitignoreCovers } from '../files.js';
import { analyzeDotenv, type PythonDotenvVersion } from './parse.js';
import { parseShell } from '../shell/parse.js';
import { selectVersions } from '../versions.js';
import { pushAll } from '../../core/arrays.js';
import { namedEnvFiles, parseCommandLine } from '../launch/parse.js';
import { launchesOf } from '../launch/collector.js';
import { ENV_EXAMPLE_WORDS } from '../../core/paths.js';
import { changedSinceHead, workTreeTop } from '../project.js';

/** Files larger than this are not read (a note says so). */
export const MAX_ENV_BYTES = 1 << 20;

const CODE_EXT = new Set([
  'js',
  'mjs',
  'cjs',
  'ts',
  'mts',
  'cts',
  'tsx',
  'jsx',
  'py',
  'json',
  'yml',
  'yaml',
  'toml',
  'md',
  'txt',
  'sh',
  'ps1',
  'bat',
  'cmd',
  'rb',
  'go',
  'rs',
  'java',
  'php',
  'swift',
  'kt',
  'd',
  'map',
  'lock',
  'bak',
  'swp',
  'orig',
  'vault',
  'enc',
  'gpg',
  'age',
]);

export type EnvFileKind = 'dotenv' | 'envrc';

/** Whether a file name is a dotenv file keydoctor reads, and as what. */
export function classifyEnvFileName(base: string): { kind: EnvFileKind; role: 'example' | 'loaded' } | null {
  if (base === '.envrc') return { kind: 'envrc', role: 'loaded' };
  if (base === '.flaskenv') return { kind: 'dotenv', role: 'loaded' };
  let parts: string[];
  if (base === '.env') return { kind: 'dotenv', role: 'loaded' };
  if (base.startsWith('.env.')) parts = base.slice(5).split('.');
  else if (base.endsWith('.env') && base.length > 4) parts = base.slice(0, -4).replace(/^\./, '').split(/[.]/);
  else if (
    /^[^.].*\.env\.[A-Za-z]+$/.test(base) &&
    ENV_EXAMPLE_WORDS.has(base.slice(base.lastIndexOf('.') + 1).toLowerCase())
  )
    return { kind: 'dotenv', role: 'example' }; // dev.env.example
  else return null;
  const last = parts[parts.length - 1]?.toLowerCase() ?? '';
  if (base.startsWith('.env.') && CODE_EXT.has(last)) return null;
  const example = parts.some((p) => ENV_EXAMPLE_WORDS.has(p.toLowerCase()));
  return { kind: 'dotenv', role: example ? 'example' : 'loaded' };
}

export interface ReadEnvOptions {
  /** Which python-dotenv to model (default the newest release). */
  python?: PythonDotenvVersion;
  /** Which Node to model for --env-file (default the running Node). */
  node?: string;
  /** Git-tracked paths (relative to root); undefined when not a git repo. */
  tracked?: Set<string>;
  /** Known ignored state (from the file listing); computed from .gitignore files when absent. */
  ignored?: boolean;
  role?: 'example' | 'loaded';
  /** The path is a symbolic link (followed by the file listing): where it points. */
  link?: string;
  /** The file's absolute path when `relPath` is a display form outside the project (`~/.env`). */
  abs?: string;
  /** The environment python-dotenv interpolates `${VAR}` against (what `load_dotenv()` does by default). */
  env?: Record<string, string>;
}

function toRel(root: string, p: string): { abs: string; rel: string; inside: boolean } {
  const abs = isAbsolute(p) ? p : resolve(root, p);
  const r = relative(root, abs);
  const inside = r !== '' && !r.startsWith('..') && !isAbsolute(r);
  return { abs, rel: inside ? r.split(sep).join('/') : abs, inside };
}

function errCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? String(e);
}

/**
 * Reads and parses one dotenv file (relative to root, or absolute), e.g. one a loader names
 * (`load_dotenv("config/.env")`). Never throws: problems become notes; a missing file gives `exists: false`.
 */
export function readEnvFile(root: string, relPath: string, notes: Note[], opts: ReadEnvOptions = {}): EnvFile {
  const { abs, rel, inside } = opts.abs ? { abs: opts.abs, rel: relPath, inside: false } : toRel(root, relPath);
  const file: EnvFile = { path: abs, relPath: rel, exists: false, byDialect: {}, issues: [], encoding: 'utf8' };
  if (opts.role) file.role = opts.role;
  if (opts.link) file.link = opts.link;
  if (inside) {
    if (opts.tracked) file.tracked = opts.tracked.has(rel);
    try {
      file.ignored = opts.ignored ?? gitignoreCovers(root, rel);
    } catch {
      // unknown
    }
  }
  let buf: Buffer;
  try {
    const got = readFileLimited(abs, MAX_ENV_BYTES);
    file.exists = true;
    if (typeof got === 'number') {
      notes.push({
        kind: 'too-large',
        path: rel,
        message: `dotenv file is ${got} bytes, over the ${MAX_ENV_BYTES}-byte cap: not read`,
      });
      return file;
    }
    buf = got;
  } catch (e) {
    const code = errCode(e);
    if (code === NOT_REGULAR) {
      notes.push({
        kind: 'skipped',
        path: rel,
        message: `named like a dotenv file but is ${readProblem(e)}: not read`,
      });
    } else if (!isMissing(code)) {
      file.exists = code !== 'ELOOP';
      notes.push({ kind: 'unreadable', path: rel, message: `cannot read dotenv file: ${readProblem(e)}` });
    }
    return file;
  }
  const a = analyzeDotenv(buf, {
    python: opts.python,
    node: opts.node,
    ...(opts.env ? { pythonInterpolate: { env: opts.env } } : {}),
  });
  file.encoding = a.encoding;
  file.issues = a.issues;
  for (const d of ['dotenv', 'node', 'python'] as const) {
    file.byDialect[d] = a.byDialect[d].effective.map((x) => ({
      name: x.name,
      value: x.value,
      kind: 'dotenv',
      location: { path: rel, line: x.line, column: x.column },
      raw: x.raw,
    }));
  }
  // A template's commented-out lines (`# STT_GROQ_API_KEY=xxxxx`) document optional variables too.
  if (file.role === 'example' && a.encoding !== 'binary') {
    const names = new Set<string>();
    for (const m of buf.toString('utf8').matchAll(/^[ \t]*#[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=/gm))
      names.add(m[1] as string);
    if (names.size > 0) file.documented = [...names];
  }
  if (a.encoding === 'binary')
    notes.push({ kind: 'binary', path: rel, message: 'dotenv file contains NUL bytes (binary or damaged)' });
  if (a.encoding === 'utf16le' || a.encoding === 'utf16be')
    notes.push({
      kind: 'encoding',
      path: rel,
      message: `dotenv file is ${a.encoding === 'utf16le' ? 'UTF-16 LE' : 'UTF-16 BE'}: loaders read nothing from it`,
    });
  if (a.issues.some((i) => i.code === 'invalid-utf8'))
    notes.push({ kind: 'encoding', path: rel, message: 'dotenv file is not valid UTF-8' });
  return file;
}

/**
 * The assignments a loaded dotenv file contributes to `facts.assignments` (npm dotenv's reading): the
 * very objects of `file.byDialect.dotenv`, not copies, so a dotenv reading is stored once and
 * `facts.assignments` is only an index of every definition.
 */
export function dotenvAssignments(file: EnvFile): Assignment[] {
  if (file.role === 'example') return [];
  return file.byDialect.dotenv ?? [];
}

/**
 * Reads a loader-named file once: returns the EnvFile already in facts, or reads it, appends it to
 * `facts.envFiles` and its assignments to `facts.assignments`.
 */
/** Lookups by path for ensureEnvFile (a package.json with 10,000 scripts names 10,000 files: no linear search per name). */
const indexes = new WeakMap<Facts, { envFiles: Map<string, EnvFile>; files: Map<string, Facts['files'][number]> }>();

function indexOf(facts: Facts): { envFiles: Map<string, EnvFile>; files: Map<string, Facts['files'][number]> } {
  let ix = indexes.get(facts);
  if (!ix || ix.files.size !== facts.files.length) {
    ix = { envFiles: new Map(), files: new Map(facts.files.map((f) => [f.rel, f])) };
    indexes.set(facts, ix);
  }
  // Other code may append to facts.envFiles: the map catches up with what it has not seen.
  if (ix.envFiles.size !== facts.envFiles.length) {
    ix.envFiles.clear();
    for (const f of facts.envFiles) if (!ix.envFiles.has(f.relPath)) ix.envFiles.set(f.relPath, f);
  }
  return ix;
}

export function ensureEnvFile(facts: Facts, relPath: string, opts: ReadEnvOptions = {}): EnvFile {
  const { rel } = opts.abs ? { rel: relPath } : toRel(facts.root, relPath);
  const ix = indexOf(facts);
  const known = ix.envFiles.get(rel);
  if (known) return known;
  const listed = ix.files.get(rel);
  const file = readEnvFile(facts.root, rel, facts.notes, {
    python: opts.python ?? pythonVersionOf(facts),
    node: opts.node ?? versionsOf(facts).node.version,
    tracked: facts.project.git.isRepo ? facts.project.git.tracked : undefined,
    ignored: listed?.ignored,
    role: opts.role ?? classifyEnvFileName(posix.basename(rel))?.role ?? 'loaded',
    ...(opts.abs ? { abs: opts.abs } : {}),
    env: facts.env,
  });
  facts.envFiles.push(file);
  ix.envFiles.set(file.relPath, file);
  pushAll(facts.assignments, dotenvAssignments(file));
  return file;
}

/** The loader versions the project runs (read once into facts.versions). */
export function versionsOf(facts: Facts): RuntimeVersions {
  if (!facts.versions) {
    const v = selectVersions(facts.root, facts.files, facts.project, facts.notes);
    facts.versions = v;
    // Said once, when a project file chose it (not for the defaults)
    const said = [
      ...(v.pythonDotenv.how !== 'default' && facts.project.pythonProject
        ? [`python-dotenv ${v.pythonDotenv.version} (${v.pythonDotenv.source})`]
        : []),
      ...(v.node.how !== 'running' && facts.project.node ? [`Node ${v.node.version} (${v.node.source})`] : []),
    ];
    if (said.length)
      facts.notes.push({ kind: 'info', message: `dotenv files are read with the rules of ${said.join(' and ')}` });
  }
  return facts.versions;
}

/** The python-dotenv version the project runs: its virtualenv, lockfile or pin, else the newest release. */
export function pythonVersionOf(facts: Facts): PythonDotenvVersion {
  return versionsOf(facts).pythonDotenv.version;
}

// ---------------------------------------------------------------------------------------------
// Files named by start scripts

/** Dotenv files a command line loads, in the order it names them (paths as written). */
export function envFilesInCommand(cmd: string): string[] {
  return namedEnvFiles(parseCommandLine(cmd).segments).map((f) => f.path);
}

// ---------------------------------------------------------------------------------------------
// The collector

export const dotenvCollector: Collector = {
  name: 'dotenv',
  collect(ctx, facts) {
    const python = pythonVersionOf(facts);
    const node = versionsOf(facts).node.version;
    const tracked = facts.project.git.isRepo ? facts.project.git.tracked : undefined;
    const seen = new Set(facts.envFiles.map((f) => f.relPath));
    const direnvLoads: DirenvLoad[] = [];
    for (const f of facts.files) {
      const base = posix.basename(f.rel);
      const cls = classifyEnvFileName(base);
      if (!cls || seen.has(f.rel)) continue;
      seen.add(f.rel);
      if (cls.kind === 'envrc') {
        pushAll(direnvLoads, readEnvrc(ctx.root, f.rel, facts));
        continue;
      }
      const file = readEnvFile(ctx.root, f.rel, facts.notes, {
        python,
        node,
        tracked,
        ignored: f.ignored,
        role: effectiveRole(cls.role, base, facts),
        ...(f.link ? { link: f.link } : {}),
        env: facts.env,
      });
      facts.envFiles.push(file);
      pushAll(facts.assignments, dotenvAssignments(file));
    }
    // Files named by the project's start commands (package.json scripts, Procfiles, ...), relative to the folder each runs in.
    for (const launch of launchesOf(facts)) {
      for (const named of namedEnvFiles(launch.segments)) {
        const expanded = named.path.replace(/^~(?=\/|$)/, ctx.home);
        if (/[$`]/.test(expanded)) continue;
        const abs = isAbsolute(expanded) ? expanded : join(ctx.root, named.cwd, expanded);
        const { rel } = toRel(ctx.root, abs);
        if (seen.has(rel)) continue;
        seen.add(rel);
        ensureEnvFile(facts, abs, { python, node, role: 'loaded' });
      }
    }
    // direnv's `dotenv FILE`: the file's variables join the environment of every shell in the folder.
    for (const d of direnvLoads) loadByDirenv(facts, d, python);
    // python-dotenv's find_dotenv() walks up from the script's folder past the project: the .env files
    // above the root, up to the top of the git work tree it sits in (keydoctor run in a sub-folder).
    for (const abs of dotenvsAbove(ctx.root)) ensureEnvFile(facts, abs, { python, node, role: 'loaded' });
    // A tracked dotenv file edited locally (a committed template filled in): whether the key is in the
    // last commit or only in the working copy (one `git diff`, only when such files exist).
    markModified(
      ctx.root,
      facts.envFiles.filter((f) => f.exists && f.tracked === true && !isAbsolute(f.relPath)),
    );
  },
};

function markModified(root: string, files: EnvFile[]): void {
  const changed = changedSinceHead(
    root,
    files.map((f) => f.relPath),
  );
  for (const f of files) if (changed.has(f.relPath)) f.modified = true;
}

/** The `.env` files in the folders above `root` up to the top of its git work tree (none outside one). */
function dotenvsAbove(root: string): string[] {
  const top = workTreeTop(root);
  if (top === undefined) return [];
  const found: string[] = [];
  for (let dir = root; dir !== top;) {
    dir = dirname(dir);
    try {
      if (statSync(join(dir, '.env')).isFile()) found.push(join(dir, '.env'));
    } catch {
      // none here
    }
  }
  return found;
}

interface DirenvLoad {
  /** The .envrc and the line of its `dotenv` / `dotenv_if_exists` directive. */
  envrc: string;
  line: number;
  command: string;
  /** The dotenv file it names, relative to the root. */
  file: string;
}

/**
 * What direnv's `dotenv` stdlib function puts into the environment: every variable of the file, as
 * a direnv source (kind 'envrc') located at the file's own line, so findings name the line to edit.
 * direnv parses the file itself (a Go parser with quotes, `export` and `${VAR}` expansion):
 * python-dotenv's reading is the closest of the three dialects. Values set by the .envrc itself
 * are ordered after the file (a directive usually comes first); a missing file is a note for
 * `dotenv` (direnv fails) and nothing for `dotenv_if_exists`.
 */
function loadByDirenv(facts: Facts, d: DirenvLoad, python: PythonDotenvVersion): void {
  const file = ensureEnvFile(facts, d.file, { python, role: 'loaded' });
  if (!file.exists) {
    if (d.command === 'dotenv')
      facts.notes.push({
        kind: 'info',
        path: d.envrc,
        line: d.line,
        message: `direnv \`dotenv\` names ${d.file}, which does not exist: direnv stops with an error when it loads ${d.envrc}`,
      });
    return;
  }
  const list = file.byDialect.python ?? file.byDialect.dotenv ?? [];
  for (const a of list)
    facts.assignments.push({
      ...a,
      kind: 'envrc',
      detail: `${d.file}, loaded by direnv (\`${d.command}\` at ${d.envrc}:${d.line})`,
    });
}

function effectiveRole(role: 'example' | 'loaded', base: string, facts: Facts): 'example' | 'loaded' {
  // .env.defaults is a real source for dotenv-defaults / dotenv-flow users
  if (role === 'example' && /^\.env\.defaults?$/.test(base)) {
    const deps = new Set(
      facts.project.packageJsons.flatMap((p) => [...Object.keys(p.dependencies), ...Object.keys(p.devDependencies)]),
    );
    if (deps.has('dotenv-defaults') || deps.has('dotenv-flow')) return 'loaded';
  }
  return role;
}

function readEnvrc(root: string, rel: string, facts: Facts): DirenvLoad[] {
  const abs = join(root, rel);
  const text = readTextFile(abs, rel, facts.notes, { max: MAX_ENV_BYTES, what: '.envrc', noteMissing: true });
  if (text === undefined) return [];
  const parsed = parseShell(text, { path: rel, shell: 'bash' });
  for (const a of parsed.assignments) {
    facts.assignments.push({
      ...a,
      kind: 'envrc',
      detail: `direnv ${rel} (loaded when you cd into ${dirname(rel) === '.' ? 'the project' : dirname(rel)} with direnv allowed)`,
    });
  }
  // direnv's stdlib `dotenv [file]` / `dotenv_if_exists [file]` load a dotenv file into the shell.
  const loads: DirenvLoad[] = [];
  for (const d of parsed.directives) {
    if (d.command !== 'dotenv' && d.command !== 'dotenv_if_exists') continue;
    const named = d.args[0] ?? '.env';
    // A file named by a variable ($HOME/..., ${VAR}) cannot be followed from here.
    if (/[$`]/.test(named) || posix.isAbsolute(named)) {
      facts.notes.push({
        kind: 'info',
        path: rel,
        line: d.line,
        message: `direnv loads ${named} (${d.command}): not followed`,
      });
      continue;
    }
    loads.push({ envrc: rel, line: d.line, command: d.command, file: posix.join(posix.dirname(rel), named) });
  }
  return loads;
}
