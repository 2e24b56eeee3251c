/**
 * What the configuration-file launchers share (pm2, systemd, supervisord, IDE launch configurations,
 * MCP server configs, test runners): the command they start as a launch fact, a deployment path
 * (`/opt/app/server.py`) mapped onto the project's own file, values read from JSON/YAML/JS with
 * their lines, and the dotenv files they name, read once like any other.
 */
import type { Facts } from '../../core/facts.js';
import type { Assignment } from '../../core/types.js';
import type { Launch } from '../launch/types.js';
import { parseCommandLine } from '../launch/parse.js';
import { launchesOf } from '../launch/collector.js';
import { ensureEnvFile } from '../dotenv/collector.js';
import { dirOf, joinRel } from '../../core/paths.js';

/** The runtimes a launcher target can follow into the code. */
export const FOLLOWED = new Set(['node', 'bun', 'python']);

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

const fileSets = new WeakMap<Facts, { n: number; files: Set<string>; dirs: Set<string> }>();

/** The listing's files and folders as sets, once per listing (a launcher asks whether a path exists). */
export function listing(facts: Facts): { files: Set<string>; dirs: Set<string> } {
  const hit = fileSets.get(facts);
  if (hit && hit.n === facts.files.length) return hit;
  const files = new Set<string>();
  const dirs = new Set<string>(['']);
  for (const f of facts.files) {
    files.add(f.rel);
    for (let d = dirOf(f.rel); d && !dirs.has(d); d = dirOf(d)) dirs.add(d);
  }
  const v = { n: facts.files.length, files, dirs };
  fileSets.set(facts, v);
  return v;
}

/**
 * A path as a deployment names it, as the project's own path: relative paths join `dir`; an absolute
 * one (`/opt/myapp/server.py`, `/home/ubuntu/app/.env`) is the project file with the longest matching
 * tail (the repository is what was copied there). `undefined`: no project file matches.
 */
export function projectPath(
  facts: Facts,
  p: string,
  dir: string,
  kind: 'file' | 'dir' = 'file',
  anchor?: { abs: string; rel: string },
): string | undefined {
  const { files, dirs } = listing(facts);
  const has = (r: string): boolean => (kind === 'file' ? files.has(r) : dirs.has(r));
  if (/[$%`]/.test(p) || p.startsWith('~')) return undefined;
  if (!p.startsWith('/')) {
    const r = joinRel(dir, p);
    return has(r) ? r : undefined;
  }
  const abs = p.replace(/\/+$/, '');
  // under a folder already mapped (WorkingDirectory=/opt/app → the project root)
  if (anchor && (abs === anchor.abs || abs.startsWith(anchor.abs + '/'))) {
    const r = joinRel(anchor.rel, abs.slice(anchor.abs.length + 1));
    if (has(r)) return r;
  }
  const parts = abs.split('/').filter(Boolean);
  for (let k = 0; k < parts.length; k++) {
    const r = parts.slice(k).join('/');
    if (has(r)) return r;
  }
  return kind === 'dir' ? '' : undefined;
}

/** The package.json script a launch runs (`npm start`, `yarn dev`, `bun run serve`), followed to the command it starts. */
export function followScript(facts: Facts, l: Launch, depth = 0): Launch | undefined {
  if (!l.script || depth > 3) return l.runtime ? l : undefined;
  const pkg = facts.project.packageJsons.find((p) => dirOf(p.rel) === l.cwd);
  if (!pkg) return undefined;
  const fact = launchesOf(facts).find(
    (x) => x.origin.kind === 'package-script' && x.origin.file === pkg.rel && x.origin.name === l.script?.name,
  );
  if (!fact?.main) return undefined;
  const m = fact.main;
  return m.script ? followScript(facts, m, depth + 1) : { ...m, assigns: { ...l.assigns, ...m.assigns } };
}

/** The launch of a command line a configuration names, followed through `npm start`; undefined unless it starts node, bun or python. */
export function commandLaunch(facts: Facts, command: string, cwd: string): Launch | undefined {
  const main = parseCommandLine(command, cwd).main ?? parseCommandLine(command, cwd).segments.at(-1);
  if (!main) return undefined;
  const l = main.script ? followScript(facts, main) : main;
  if (!l || !FOLLOWED.has(l.runtime ?? '')) return undefined;
  return l;
}

/** Reads a dotenv file a launcher names (once, like the ones the start commands name); its project path, or undefined when it is not in the project. */
export function namedDotenv(facts: Facts, rel: string | undefined): string | undefined {
  if (rel === undefined || rel.startsWith('/') || rel.startsWith('..')) return undefined;
  if (!listing(facts).files.has(rel)) return undefined;
  ensureEnvFile(facts, rel, { role: 'loaded' });
  return rel;
}

/** A literal value of a configuration file as an assignment (the launcher's own kind: it sits above the files). */
export function configAssignment(
  name: string,
  value: string,
  path: string,
  line: number,
  detail: string,
  extra: Partial<Assignment> = {},
): Assignment {
  return { name, value, kind: 'launcher', location: { path, line }, raw: value, exported: true, detail, ...extra };
}

/** `${workspaceFolder}`-style placeholders and `$VAR` references: the value is computed when the tool starts. */
export const PLACEHOLDER = /\$\{[^}]*\}|\$[A-Za-z_]\w*|%\([^)]*\)s|%[a-zA-Z]/;
