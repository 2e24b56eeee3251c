/**
 * Which version of each loader the project really runs, so the parsers and messages model that
 * version's rules: python-dotenv (virtualenv dist-info, uv.lock / poetry.lock / pdm.lock /
 * Pipfile.lock, requirements*.txt / pyproject pins, else the newest release), Node (Volta,
 * .nvmrc / .node-version / .tool-versions, package.json `engines`, else the running Node) and npm
 * dotenv (node_modules, package-lock / pnpm-lock / yarn.lock, the package.json range).
 * Read once by the dotenv collector into `facts.versions`; never throws (unreadable files are notes).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Note } from '../core/types.js';
import type { ProjectFile, ProjectInfo, RuntimeVersions, VersionChoice } from '../core/facts.js';
import { compareVersions, PYTHON_DOTENV_NEWEST, versionTuple } from './dotenv/dialects.js';

/** python-dotenv releases keydoctor knows (a range picks the newest it allows). */
export const PYTHON_DOTENV_RELEASES = [
  '0.15.0',
  '0.17.1',
  '0.19.2',
  '0.20.0',
  '0.21.0',
  '0.21.1',
  '1.0.0',
  '1.0.1',
  '1.1.0',
  '1.1.1',
  '1.2.0',
  '1.2.1',
  '1.2.2',
  '1.2.3',
  '1.2.4',
];
/** The newest release of each Node line (a line with no minor picks it). */
export const NODE_LINES: Record<string, string> = {
  '18': '18.20.8',
  '20': '20.20.2',
  '21': '21.7.3',
  '22': '22.23.5',
  '23': '23.11.1',
  '24': '24.22.3',
  '25': '25.9.0',
  '26': '26.12.1',
};
const NODE_CODENAMES: Record<string, string> = { hydrogen: '18', iron: '20', jod: '22', krypton: '24' };
const MAX_FILE = 32 * 1024 * 1024;

function readText(root: string, rel: string, notes: Note[]): string | undefined {
  try {
    const st = statSync(join(root, rel));
    if (!st.isFile() || st.size > MAX_FILE) return undefined;
    return readFileSync(join(root, rel), 'utf8');
  } catch {
    notes.push({ kind: 'unreadable', path: rel, message: 'cannot read file (version of a loader)' });
    return undefined;
  }
}

/** The shallowest project file with this name (the root's first). */
function byName(files: ProjectFile[], name: string): ProjectFile | undefined {
  return files
    .filter((f) => f.rel === name || f.rel.endsWith('/' + name))
    .sort((a, b) => a.rel.split('/').length - b.rel.split('/').length || a.rel.length - b.rel.length)[0];
}

// ---------------------------------------------------------------------------------------------
// Version ranges (PEP 440 subset, npm/poetry carets and tildes)

/** Whether `v` satisfies one comparison (`>=1.0`, `==1.2.*`, `~=1.1`, `^1.0`, `<2`, `!=1.2.0`, `1.2.2`). */
function satisfiesOne(v: string, clause: string): boolean {
  const m = /^(===|==|~=|!=|>=|<=|>|<|\^|~|=)?\s*v?([0-9][0-9A-Za-z.*-]*)$/.exec(clause.trim());
  if (!m) return true; // unknown syntax: no constraint
  const op = m[1] ?? '==';
  const want = m[2] ?? '';
  if (want.endsWith('*') || want.endsWith('.x')) {
    const prefix = want.replace(/\.(\*|x)$/, '');
    const eq = v === prefix || v.startsWith(prefix + '.');
    return op === '!=' ? !eq : eq;
  }
  const c = compareVersions(v, want);
  const w = versionTuple(want) ?? [0, 0, 0];
  const parts = want.split('.').length;
  switch (op) {
    case '==':
    case '===':
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
    case '>=':
      return c >= 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '<':
      return c < 0;
    case '~=': {
      // ~=1.4.2 → >=1.4.2, ==1.4.*; ~=1.4 → >=1.4, ==1.*
      const upper = parts >= 3 ? `${w[0]}.${w[1] + 1}` : `${w[0] + 1}`;
      return c >= 0 && compareVersions(v, upper) < 0;
    }
    case '~': {
      const upper = parts >= 2 ? `${w[0]}.${w[1] + 1}` : `${w[0] + 1}`;
      return c >= 0 && compareVersions(v, upper) < 0;
    }
    case '^': {
      const upper =
        w[0] > 0 || parts === 1 ? `${w[0] + 1}` : w[1] > 0 || parts === 2 ? `0.${w[1] + 1}` : `0.0.${w[2] + 1}`;
      return c >= 0 && compareVersions(v, upper) < 0;
    }
  }
  return true;
}

/** Whether `v` satisfies a version range: `,` or spaces join clauses (all must hold), `||` joins alternatives. */
export function satisfies(v: string, range: string): boolean {
  const r = range.trim();
  if (!r || r === '*' || r === 'latest' || r === 'x') return true;
  return r.split('||').some((alt) => {
    // npm "1.2 - 1.4"
    const hyphen = /^\s*(\S+)\s+-\s+(\S+)\s*$/.exec(alt);
    if (hyphen) return satisfiesOne(v, `>=${hyphen[1] ?? ''}`) && satisfiesOne(v, `<=${hyphen[2] ?? ''}`);
    const clauses = alt
      .replace(/([<>=!~^]=?=?)\s+/g, '$1')
      .split(/,|\s+/)
      .map((x) => x.trim())
      .filter(Boolean);
    return clauses.every((c) => satisfiesOne(v, c));
  });
}

/** The newest of `known` that the range allows; undefined when none does. */
export function newestSatisfying(known: string[], range: string): string | undefined {
  return [...known]
    .sort(compareVersions)
    .reverse()
    .find((v) => satisfies(v, range));
}

// ---------------------------------------------------------------------------------------------
// python-dotenv

function pyLockVersion(text: string, pkg: string): string | undefined {
  // uv.lock, poetry.lock, pdm.lock: [[package]] name = "python-dotenv" version = "1.0.1"
  const re =
    /\[\[package\]\]\s*\n(?:(?!\[\[)[^\n]*\n)*?name\s*=\s*"([^"]+)"\s*\n(?:(?!\[\[)[^\n]*\n)*?version\s*=\s*"([^"]+)"/g;
  for (const m of text.matchAll(re)) if ((m[1] ?? '').toLowerCase().replace(/_/g, '-') === pkg) return m[2];
  return undefined;
}

function venvDistInfo(root: string, dist: string): { version: string; file: string } | undefined {
  for (const venv of ['.venv', 'venv', 'env']) {
    let pys: string[];
    try {
      pys = readdirSync(join(root, venv, 'lib'));
    } catch {
      continue;
    }
    for (const py of pys) {
      let entries: string[];
      try {
        entries = readdirSync(join(root, venv, 'lib', py, 'site-packages'));
      } catch {
        continue;
      }
      for (const e of entries) {
        const m = new RegExp(`^${dist}-(\\d[^-]*)\\.dist-info$`).exec(e);
        if (m?.[1]) return { version: m[1], file: `${venv}/lib/${py}/site-packages/${e}` };
      }
    }
  }
  return undefined;
}

export function selectPythonDotenv(
  root: string,
  files: ProjectFile[],
  project: ProjectInfo,
  notes: Note[],
): VersionChoice {
  const inst = venvDistInfo(root, 'python_dotenv');
  if (inst) return { version: inst.version, source: inst.file, how: 'installed' };
  for (const lock of ['uv.lock', 'poetry.lock', 'pdm.lock']) {
    const f = byName(files, lock);
    const t = f && readText(root, f.rel, notes);
    const v = t && pyLockVersion(t, 'python-dotenv');
    if (f && v) return { version: v, source: f.rel, how: 'lockfile' };
  }
  const pf = byName(files, 'Pipfile.lock');
  const pt = pf && readText(root, pf.rel, notes);
  if (pf && pt) {
    try {
      const j = JSON.parse(pt) as Record<string, Record<string, { version?: string }> | undefined>;
      const v = (j.default?.['python-dotenv'] ?? j.develop?.['python-dotenv'])?.version;
      if (v) return { version: v.replace(/^==/, ''), source: pf.rel, how: 'lockfile' };
    } catch {
      notes.push({ kind: 'parse-error', path: pf.rel, message: 'cannot parse Pipfile.lock' });
    }
  }
  // requirements*.txt / pyproject / Pipfile: an exact pin, else the newest release the range allows
  const specs = project.python
    .map((p) => ({ rel: p.rel, spec: p.requirements['python-dotenv'] }))
    .filter((x): x is { rel: string; spec: string } => x.spec !== undefined);
  for (const { rel, spec } of specs) {
    const exact = /^(?:===?)\s*v?(\d+(?:\.\d+)*)$/.exec(spec.trim());
    if (exact?.[1]) return { version: exact[1], source: rel, how: 'pin' };
  }
  for (const { rel, spec } of specs) {
    if (!spec.trim()) continue;
    const v = newestSatisfying(PYTHON_DOTENV_RELEASES, spec);
    if (v) return { version: v, source: rel, how: 'range' };
  }
  return { version: PYTHON_DOTENV_NEWEST, source: 'the newest python-dotenv release', how: 'default' };
}

// ---------------------------------------------------------------------------------------------
// Node

/** "v22.12.0" → "22.12.0", "lts/jod" → "22", "22" → "22"; undefined for what names no version. */
export function nodeVersionOf(text: string): string | undefined {
  const t = text.trim().replace(/^v/i, '');
  const code = /^lts\/([a-z]+)$/i.exec(t);
  if (code?.[1]) return NODE_CODENAMES[code[1].toLowerCase()];
  const m = /^(\d+)(?:\.(\d+|x))?(?:\.(\d+|x))?$/.exec(t);
  if (!m) return undefined;
  return [m[1], m[2], m[3]].filter((x) => x !== undefined && x !== 'x').join('.');
}

/** The newest version of a line that a range allows, as known to keydoctor; ranges name the lowest line they allow. */
function nodeFromRange(range: string, running: string): string | undefined {
  if (satisfies(running, range)) return running;
  const lines = Object.values(NODE_LINES).sort(compareVersions);
  return lines.find((v) => satisfies(v, range));
}

export function selectNode(
  root: string,
  files: ProjectFile[],
  project: ProjectInfo,
  notes: Note[],
  running: string = process.versions.node,
): VersionChoice {
  const pkgs = project.packageJsons; // shallowest first
  for (const p of pkgs) {
    const v = p.volta?.node && nodeVersionOf(p.volta.node);
    if (v) return { version: v, source: `${p.rel} (volta.node)`, how: 'volta' };
  }
  for (const name of ['.nvmrc', '.node-version']) {
    const f = byName(files, name);
    const t = f && readText(root, f.rel, notes);
    const line = t
      ?.split(/\r?\n/)
      .map((l) => l.replace(/#.*/, '').trim())
      .find(Boolean);
    const v = line && nodeVersionOf(line);
    if (f && v) return { version: v, source: f.rel, how: 'version-file' };
  }
  const tv = byName(files, '.tool-versions');
  const tt = tv && readText(root, tv.rel, notes);
  const tm = tt && /^\s*(?:nodejs|node)\s+(\S+)/m.exec(tt);
  const tvv = tm?.[1] && nodeVersionOf(tm[1]);
  if (tv && tvv) return { version: tvv, source: tv.rel, how: 'version-file' };
  for (const p of pkgs) {
    const range = p.engines?.node;
    if (!range) continue;
    const v = nodeFromRange(range, running);
    if (v) return { version: v, source: `${p.rel} (engines.node ${range})`, how: 'engines' };
  }
  return { version: running, source: 'the running Node', how: 'running' };
}

// ---------------------------------------------------------------------------------------------
// npm dotenv

export function selectNpmDotenv(
  root: string,
  files: ProjectFile[],
  project: ProjectInfo,
  notes: Note[],
): VersionChoice | undefined {
  const pj = project.packageJsons.find(
    (p) => p.dependencies.dotenv !== undefined || p.devDependencies.dotenv !== undefined,
  );
  if (!pj) return undefined;
  try {
    const j = JSON.parse(
      readFileSync(join(root, pj.rel.replace(/package\.json$/, ''), 'node_modules', 'dotenv', 'package.json'), 'utf8'),
    ) as { version?: unknown };
    if (typeof j.version === 'string')
      return { version: j.version, source: 'node_modules/dotenv/package.json', how: 'installed' };
  } catch {
    // not installed
  }
  const pl = byName(files, 'package-lock.json');
  const plt = pl && readText(root, pl.rel, notes);
  if (pl && plt) {
    try {
      const j = JSON.parse(plt) as {
        packages?: Record<string, { version?: string }>;
        dependencies?: Record<string, { version?: string }>;
      };
      const v = j.packages?.['node_modules/dotenv']?.version ?? j.dependencies?.dotenv?.version;
      if (v) return { version: v, source: pl.rel, how: 'lockfile' };
    } catch {
      notes.push({ kind: 'parse-error', path: pl.rel, message: 'cannot parse package-lock.json' });
    }
  }
  const pn = byName(files, 'pnpm-lock.yaml');
  const pnt = pn && readText(root, pn.rel, notes);
  const pm =
    pnt &&
    (/\n\s+dotenv:\s*\n\s+specifier:[^\n]*\n\s+version:\s*'?(\d+\.\d+\.\d+)/.exec(pnt) ??
      /\n\s+['/]?dotenv[@/](\d+\.\d+\.\d+)/.exec(pnt));
  if (pn && pm?.[1]) return { version: pm[1], source: pn.rel, how: 'lockfile' };
  const yl = byName(files, 'yarn.lock');
  const ylt = yl && readText(root, yl.rel, notes);
  const ym = ylt && /(?:^|\n)"?dotenv@[^\n]*:\n\s+version:?\s+"?(\d[^"\s]*)/.exec(ylt);
  if (yl && ym?.[1]) return { version: ym[1], source: yl.rel, how: 'lockfile' };
  const spec = pj.dependencies.dotenv ?? pj.devDependencies.dotenv ?? '';
  const m = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(spec);
  if (m?.[1])
    return { version: m.slice(1).filter(Boolean).join('.'), source: `${pj.rel} (dotenv ${spec})`, how: 'range' };
  return { version: '17', source: `${pj.rel} (dotenv ${spec || 'unversioned'}: the newest major)`, how: 'default' };
}

export function selectVersions(
  root: string,
  files: ProjectFile[],
  project: ProjectInfo,
  notes: Note[],
  running?: string,
): RuntimeVersions {
  const out: RuntimeVersions = {
    pythonDotenv: selectPythonDotenv(root, files, project, notes),
    node: selectNode(root, files, project, notes, running),
  };
  const d = selectNpmDotenv(root, files, project, notes);
  if (d) out.npmDotenv = d;
  return out;
}
