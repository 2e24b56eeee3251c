/**
 * Every python-dotenv this machine offers, for the differential tests: the one each Python
 * interpreter imports (`python3` on PATH, /usr/bin/python3 with Debian's python3-dotenv, pyenv's
 * versions, KD_TEST_PYTHON) and every python-dotenv wheel found locally (pip's `find-links` and
 * `file://` indexes from its configuration, pip's wheel cache), run by putting the wheel first on
 * `sys.path` (python-dotenv is pure Python). KD_TEST_DOTENV_PATHS adds more (`:`-separated wheels or
 * folders holding a `dotenv/` package, e.g. checkouts of older releases' `src/`). Nothing is
 * downloaded or installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PythonDotenv {
  /** The interpreter that runs it. */
  exe: string;
  /** A wheel or folder put first on sys.path, when it is not the interpreter's own. */
  path?: string;
  /** python-dotenv's version (dotenv.version.__version__). */
  version: string;
  /** Where it comes from, for test names. */
  where: string;
}

const PROBE = `
import sys, json
if len(sys.argv) > 1: sys.path.insert(0, sys.argv[1])
import os, dotenv
from dotenv.version import __version__
print(json.dumps({"version": __version__, "file": os.path.realpath(os.path.dirname(dotenv.__file__)), "py": list(sys.version_info[:2])}))
`;

interface Probe {
  version: string;
  file: string;
  py: [number, number];
}

function probe(exe: string, path?: string): Probe | undefined {
  const r = spawnSync(exe, ['-c', PROBE, ...(path ? [path] : [])], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
  });
  if (r.status !== 0) return undefined;
  try {
    const j = JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as Probe;
    return typeof j.version === 'string' ? j : undefined;
  } catch {
    return undefined;
  }
}

const isExe = (p: string): boolean => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

function interpreters(): string[] {
  const out: string[] = [];
  const add = (p: string | undefined): void => {
    if (p && isExe(p)) out.push(p);
  };
  add(process.env.KD_TEST_PYTHON);
  for (const d of (process.env.PATH ?? '').split(delimiter)) if (d) add(join(d, 'python3'));
  add('/usr/bin/python3');
  const pyenv = process.env.PYENV_ROOT ?? join(homedir(), '.pyenv');
  try {
    for (const v of readdirSync(join(pyenv, 'versions')).sort()) add(join(pyenv, 'versions', v, 'bin', 'python3'));
  } catch {
    // no pyenv
  }
  return out;
}

const WHEEL = /^python_dotenv-(\d[^-]*)-py[^-]*-none-any\.whl$/;

/** python-dotenv wheels in a folder (not recursive). */
function wheelsIn(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => WHEEL.test(f))
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

/** Wheels a `file://` simple index lists for python-dotenv. */
function wheelsInIndex(indexDir: string): string[] {
  const out: string[] = [];
  const pkg = join(indexDir, 'python-dotenv');
  let pages: string[] = [];
  try {
    pages = statSync(pkg).isDirectory() ? readdirSync(pkg).map((f) => join(pkg, f)) : [];
  } catch {
    return out;
  }
  for (const page of pages) {
    let html = '';
    try {
      if (statSync(page).size > 1 << 20) continue;
      html = readFileSync(page, 'utf8');
    } catch {
      continue;
    }
    for (const m of html.matchAll(/href="([^"#]+\.whl)/g)) {
      const href = m[1] ?? '';
      const p = href.startsWith('file://') ? fileURLToPath(href) : resolve(dirname(page), href);
      if (WHEEL.test(p.slice(p.lastIndexOf('/') + 1)) && existsSync(p)) out.push(p);
    }
  }
  return out;
}

/** pip's own configuration: find-links folders and file:// indexes (pip config list, via the first interpreter that has pip). */
function pipLocations(exes: string[]): { links: string[]; indexes: string[] } {
  const links: string[] = [];
  const indexes: string[] = [];
  const take = (key: string, value: string): void => {
    for (const v of value.split(/\s+/)) {
      if (!v) continue;
      const path = v.startsWith('file://') ? fileURLToPath(v) : v.startsWith('/') ? v : undefined;
      if (!path) continue;
      if (/index-url$/.test(key)) indexes.push(path);
      else links.push(path);
    }
  };
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'PIP_FIND_LINKS' && v) take('find-links', v);
    if ((k === 'PIP_INDEX_URL' || k === 'PIP_EXTRA_INDEX_URL') && v) take('index-url', v);
  }
  for (const exe of exes) {
    const r = spawnSync(exe, ['-m', 'pip', 'config', 'list'], { encoding: 'utf8', timeout: 20_000 });
    if (r.status !== 0) continue;
    for (const line of r.stdout.split('\n')) {
      const m = /^[^=]*\.(find-links|index-url|extra-index-url)='(.*)'$/.exec(line.trim());
      if (m?.[1] && m[2] !== undefined) take(m[1], m[2]);
    }
    break;
  }
  return { links, indexes };
}

function cachedWheels(): string[] {
  const out: string[] = [];
  const root = join(
    process.env.PIP_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'pip'),
    'wheels',
  );
  const walk = (d: string, depth: number): void => {
    if (depth > 6) return;
    let es: Dirent[] = [];
    try {
      es = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of es) {
      if (e.isDirectory()) walk(join(d, e.name), depth + 1);
      else if (WHEEL.test(e.name)) out.push(join(d, e.name));
    }
  };
  walk(root, 0);
  return out;
}

let cached: PythonDotenv[] | undefined;

/** Every distinct python-dotenv found (one entry per installed copy), oldest version first. */
export function findPythonDotenvs(): PythonDotenv[] {
  if (cached) return cached;
  const found: PythonDotenv[] = [];
  const seenExe = new Set<string>();
  const seenPkg = new Set<string>();
  let runner: string | undefined; // an interpreter (3.9+) to run wheels with
  const exes = interpreters();
  for (const exe of exes) {
    let real = exe;
    try {
      real = realpathSync(exe);
    } catch {
      continue;
    }
    if (seenExe.has(real)) continue;
    seenExe.add(real);
    const p = probe(exe);
    if (!p) {
      if (!runner) {
        const v = spawnSync(exe, ['-c', 'import sys; print(sys.version_info >= (3, 9))'], {
          encoding: 'utf8',
          timeout: 20_000,
        });
        if (v.stdout.trim() === 'True') runner = exe;
      }
      continue;
    }
    if (!runner && (p.py[0] > 3 || (p.py[0] === 3 && p.py[1] >= 9))) runner = exe;
    if (seenPkg.has(p.file)) continue;
    seenPkg.add(p.file);
    found.push({ exe, version: p.version, where: exe });
  }
  if (runner) {
    const { links, indexes } = pipLocations(exes);
    const extra = (process.env.KD_TEST_DOTENV_PATHS ?? '').split(delimiter).filter(Boolean);
    const paths = [...links.flatMap(wheelsIn), ...indexes.flatMap(wheelsInIndex), ...cachedWheels(), ...extra];
    for (const path of paths) {
      let real = path;
      try {
        real = realpathSync(path);
      } catch {
        continue;
      }
      if (seenPkg.has(real)) continue;
      seenPkg.add(real);
      const p = probe(runner, real);
      // the wheel must be what was imported (not the interpreter's own python-dotenv)
      if (!p || !p.file.startsWith(real)) continue;
      found.push({ exe: runner, path: real, version: p.version, where: real });
    }
  }
  found.sort((a, b) => {
    const x = a.version.split('.').map(Number);
    const y = b.version.split('.').map(Number);
    for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
  });
  cached = found;
  return found;
}
