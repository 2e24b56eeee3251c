/**
 * Which major version of the OpenAI SDK the project gets: declared specs (package.json, requirements,
 * pyproject, Pipfile) and installed versions (package-lock, pnpm-lock, yarn.lock, node_modules;
 * poetry.lock, uv.lock, Pipfile.lock, a local virtualenv's dist-info).
 */
import { readdirSync } from 'node:fs';
import { NOT_REGULAR, readFileLimited, readProblem, readTextFile } from '../core/read-file.js';
import { join } from 'node:path';
import type { ProjectFile, ProjectInfo } from '../core/facts.js';
import type { InstalledSdk } from './types.js';
import type { NoteSink } from './analysis.js';

const MAX_LOCK = 32 * 1024 * 1024;
/** An installed package.json is small; anything larger is not one. */
const MAX_PKG = 1 << 20;

function read(root: string, rel: string, notes: NoteSink): string | undefined {
  return readTextFile(join(root, rel), rel, notes, { max: MAX_LOCK, what: 'lockfile', noteMissing: true });
}

/** The lowest major a version spec allows (`^4.2` → 4, `>=1.40,<2` → 1, `==0.28.1` → 0, `~=0.27` → 0); undefined when unbounded. */
export function majorOfSpec(spec: string): number | undefined {
  const s = spec.trim().replace(/^v/, '');
  if (!s || s === '*' || s === 'latest' || s === 'x') return undefined;
  const m = /(\d+)(?:\.\d+|\.x|\.\*)*/.exec(s);
  if (!m) return undefined;
  const upper = /<\s*=?\s*(\d+)(?:\.(\d+))?/.exec(s);
  const major = Number(m[1]);
  if (/^[<]/.test(s) && upper) {
    // "<1" alone: everything below 1 → major 0
    const u = Number(upper[1]);
    return upper[2] === undefined || upper[2] === '0' ? Math.max(0, u - 1) : u;
  }
  return major;
}

export function majorOf(version: string): number | undefined {
  const m = /^v?(\d+)\./.exec(version.trim()) ?? /^v?(\d+)$/.exec(version.trim());
  return m ? Number(m[1]) : undefined;
}

function nodeInstalled(
  root: string,
  files: ProjectFile[],
  notes: NoteSink,
): { version: string; file: string } | undefined {
  const installed = 'node_modules/openai/package.json';
  try {
    // Read with the one reader: in a hostile clone this path can be a FIFO or a link to /dev/zero.
    const buf = readFileLimited(join(root, installed), MAX_PKG);
    if (typeof buf === 'number')
      notes.push({
        kind: 'too-large',
        path: installed,
        message: `installed package.json is ${buf} bytes, over the ${MAX_PKG}-byte cap: not read`,
      });
    else {
      const pj = JSON.parse(buf.toString('utf8')) as { version?: unknown };
      if (typeof pj.version === 'string') return { version: pj.version, file: installed };
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === NOT_REGULAR)
      notes.push({
        kind: 'skipped',
        path: installed,
        message: `installed package.json is ${readProblem(e)}: not read`,
      });
    // else: not installed here, or not JSON
  }
  const byName = (name: string): ProjectFile | undefined =>
    files.filter((f) => f.rel === name || f.rel.endsWith('/' + name)).sort((a, b) => a.rel.length - b.rel.length)[0];
  const pl = byName('package-lock.json') ?? byName('npm-shrinkwrap.json');
  if (pl) {
    const t = read(root, pl.rel, notes);
    if (t) {
      try {
        const j = JSON.parse(t) as {
          packages?: Record<string, { version?: string }>;
          dependencies?: Record<string, { version?: string }>;
        };
        const v = j.packages?.['node_modules/openai']?.version ?? j.dependencies?.openai?.version;
        if (v) return { version: v, file: pl.rel };
      } catch {
        notes.push({ kind: 'parse-error', path: pl.rel, message: 'cannot parse lockfile' });
      }
    }
  }
  const pn = byName('pnpm-lock.yaml');
  if (pn) {
    const t = read(root, pn.rel, notes);
    const m =
      t &&
      (/\n\s+openai:\s*\n\s+specifier:[^\n]*\n\s+version:\s*'?(\d+\.\d+\.\d+[^\s'(]*)/.exec(t) ??
        /\n\s+['/]?openai[@/](\d+\.\d+\.\d+[^\s:'(]*)/.exec(t));
    if (m?.[1]) return { version: m[1], file: pn.rel };
  }
  const yl = byName('yarn.lock');
  if (yl) {
    const t = read(root, yl.rel, notes);
    const m = t && /(?:^|\n)"?openai@[^\n]*:\n\s+version:?\s+"?([0-9][^"\s]*)/.exec(t);
    if (m?.[1]) return { version: m[1], file: yl.rel };
  }
  const bl = byName('bun.lock');
  if (bl) {
    const t = read(root, bl.rel, notes);
    const m = t && /"openai":\s*\[\s*"openai@(\d+\.\d+\.\d+[^"]*)"/.exec(t);
    if (m?.[1]) return { version: m[1], file: bl.rel };
  }
  return undefined;
}

function pythonInstalled(
  root: string,
  files: ProjectFile[],
  notes: NoteSink,
): { version: string; file: string } | undefined {
  const byName = (name: string): ProjectFile | undefined =>
    files.filter((f) => f.rel === name || f.rel.endsWith('/' + name)).sort((a, b) => a.rel.length - b.rel.length)[0];
  for (const lock of ['poetry.lock', 'uv.lock', 'pdm.lock']) {
    const f = byName(lock);
    if (!f) continue;
    const t = read(root, f.rel, notes);
    const m = t && /\[\[package\]\]\s*\nname\s*=\s*"openai"\s*\nversion\s*=\s*"([^"]+)"/.exec(t);
    if (m?.[1]) return { version: m[1], file: f.rel };
  }
  const pf = byName('Pipfile.lock');
  if (pf) {
    const t = read(root, pf.rel, notes);
    try {
      const j = t ? (JSON.parse(t) as { default?: Record<string, { version?: string }> }) : undefined;
      const v = j?.default?.openai?.version;
      if (v) return { version: v.replace(/^==/, ''), file: pf.rel };
    } catch {
      notes.push({ kind: 'parse-error', path: pf.rel, message: 'cannot parse Pipfile.lock' });
    }
  }
  // a project-local virtualenv (the walker skips it, so look directly)
  for (const venv of ['.venv', 'venv', 'env']) {
    try {
      const lib = join(root, venv, 'lib');
      for (const py of readdirSync(lib)) {
        for (const e of readdirSync(join(lib, py, 'site-packages'))) {
          const m = /^openai-(\d[^-]*)\.dist-info$/.exec(e);
          if (m?.[1]) return { version: m[1], file: `${venv}/lib/${py}/site-packages/${e}` };
        }
      }
    } catch {
      // no such virtualenv
    }
  }
  return undefined;
}

/** One ecosystem's SDK: the spec a manifest declares, the version a lockfile pins, the major it gives. */
function installedSdk(
  ecosystem: InstalledSdk['ecosystem'],
  declared: { spec: string; rel: string } | undefined,
  inst: { version: string; file: string } | undefined,
  specMajor: (spec: string) => number | undefined,
  unpinned: RegExp,
): InstalledSdk {
  const sdk: InstalledSdk = { ecosystem };
  if (declared) {
    sdk.declared = declared.spec;
    sdk.declaredIn = declared.rel;
  }
  if (inst) {
    sdk.installed = inst.version;
    sdk.installedIn = inst.file;
  }
  sdk.major = inst ? majorOf(inst.version) : declared ? specMajor(declared.spec) : undefined;
  if (!inst && declared && sdk.major === undefined && unpinned.test(declared.spec.trim())) sdk.unpinned = true;
  return sdk;
}

export function sdkVersions(
  root: string,
  files: ProjectFile[],
  project: ProjectInfo,
  notes: NoteSink,
): { node?: InstalledSdk; python?: InstalledSdk } {
  const out: { node?: InstalledSdk; python?: InstalledSdk } = {};
  const pj = project.packageJsons.find(
    (p) => p.dependencies.openai !== undefined || p.devDependencies.openai !== undefined,
  );
  const nodeInst = pj || project.node ? nodeInstalled(root, files, notes) : undefined;
  if (pj || nodeInst) {
    const spec = pj ? (pj.dependencies.openai ?? pj.devDependencies.openai) : undefined;
    const declared = pj && spec !== undefined ? { spec, rel: pj.rel } : undefined;
    out.node = installedSdk(
      'npm',
      declared,
      nodeInst,
      (s) => (/^(npm:|file:|link:|git|https?:|workspace:)/.test(s) ? undefined : majorOfSpec(s)),
      /^(\*|latest|x|)$/,
    );
  }
  const req = project.python.find((p) => p.requirements.openai !== undefined);
  const pyInst = req || project.pythonProject ? pythonInstalled(root, files, notes) : undefined;
  if (req || pyInst) {
    const spec = req?.requirements.openai;
    const declared = req && spec !== undefined ? { spec, rel: req.rel } : undefined;
    out.python = installedSdk('pypi', declared, pyInst, (s) => majorOfSpec(s.replace(/^\^/, '>=')), /^(\*|)$/);
  }
  return out;
}
