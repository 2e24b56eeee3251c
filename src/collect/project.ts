/**
 * What kind of project this is: package.json, Python requirements, frameworks, git.
 */
import type * as ChildProcess from 'node:child_process';
import { existsSync } from 'node:fs';
import { readTextFile } from '../core/read-file.js';
import { nodeRequire } from '../core/require.js';
import { dirname, join } from 'node:path';
import type { Note } from '../core/types.js';
import type { ProjectFile, Framework, GitInfo, PackageJson, ProjectInfo, PythonDeps } from '../core/facts.js';
import { compareText } from '../core/compare.js';

/** package.json files larger than this are not read (a note says so): real ones are a few KB. */
export const MAX_PACKAGE_JSON = 1 << 20;
/** requirements*.txt, pyproject.toml, Pipfile: the same cap. */
const MAX_MANIFEST = 1 << 20;

function readJson(path: string, relPath: string, notes: Note[]): Record<string, unknown> | undefined {
  const text = readTextFile(path, relPath, notes, { max: MAX_PACKAGE_JSON, what: 'package.json', noteMissing: true });
  if (text === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch (e) {
    notes.push({
      kind: 'parse-error',
      path: relPath,
      message: `cannot parse JSON: ${(e as Error).message.slice(0, 120)}`,
    });
    return undefined;
  }
}

const strRecord = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
};

export function parseRequirements(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const t = line.replace(/#.*/, '').trim();
    if (!t || t.startsWith('-')) continue;
    const m = /^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*(.*)$/.exec(t);
    if (m?.[1]) out[m[1].toLowerCase().replace(/_/g, '-')] = (m[2] ?? '').replace(/;.*/, '').trim();
  }
  return out;
}

function pyprojectDeps(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  // PEP 621 dependencies = ["openai>=1", ...] and poetry [tool.poetry.dependencies] openai = "^1.0"
  for (const m of text.matchAll(/["']([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*([<>=!~^][^"';]*)?(?:;[^"']*)?["']/g)) {
    if (m[1] && /^[A-Za-z]/.test(m[1])) out[m[1].toLowerCase()] = (m[2] ?? '').trim();
  }
  const poetry = /\[tool\.poetry\.dependencies\]([\s\S]*?)(?:\n\[|$)/.exec(text)?.[1];
  if (poetry)
    for (const m of poetry.matchAll(/^\s*([A-Za-z0-9_.-]+)\s*=\s*["']?([^"'\n{]*)/gm))
      if (m[1]) out[m[1].toLowerCase()] = (m[2] ?? '').trim();
  return out;
}

/** `git`: the repository facts when already known (collectGitAsync), else they are asked for here. */
export function collectProject(root: string, files: ProjectFile[], notes: Note[], git?: GitInfo): ProjectInfo {
  const packageJsons: PackageJson[] = [];
  const python: PythonDeps[] = [];
  const otherSdks: string[] = [];
  for (const f of files) {
    if (f.ignored) continue;
    const depth = f.rel.split('/').length;
    const base = f.rel.slice(f.rel.lastIndexOf('/') + 1);
    if (base === 'package.json' && depth <= 3) {
      const j = readJson(f.path, f.rel, notes);
      if (j)
        packageJsons.push({
          rel: f.rel,
          name: typeof j.name === 'string' ? j.name : undefined,
          type: typeof j.type === 'string' ? j.type : undefined,
          scripts: strRecord(j.scripts),
          dependencies: strRecord(j.dependencies),
          devDependencies: strRecord(j.devDependencies),
          ...(j.engines ? { engines: strRecord(j.engines) } : {}),
          ...(j.volta ? { volta: strRecord(j.volta) } : {}),
        });
    } else if (/^requirements.*\.(txt|in)$/.test(base) && depth <= 3) {
      const t = readTextFile(f.path, f.rel, notes, { max: MAX_MANIFEST, what: 'requirements file', noteMissing: true });
      if (t !== undefined) python.push({ rel: f.rel, requirements: parseRequirements(t) });
    } else if ((base === 'pyproject.toml' || base === 'Pipfile') && depth <= 3) {
      const t = readTextFile(f.path, f.rel, notes, { max: MAX_MANIFEST, what: base, noteMissing: true });
      if (t !== undefined) python.push({ rel: f.rel, requirements: pyprojectDeps(t) });
    } else if (OTHER_BUILD.test(base) && depth <= 3) {
      const t = readTextFile(f.path, f.rel, notes, { max: MAX_MANIFEST, what: base, noteMissing: true });
      if (t !== undefined) for (const n of otherSdksIn(base, t)) otherSdks.push(`${n} (${f.rel})`);
    }
  }
  packageJsons.sort((a, b) => a.rel.split('/').length - b.rel.split('/').length || compareText(a.rel, b.rel));
  const deps = new Set<string>();
  for (const p of packageJsons)
    for (const d of [...Object.keys(p.dependencies), ...Object.keys(p.devDependencies)]) deps.add(d);
  const pydeps = new Set<string>();
  for (const p of python) for (const d of Object.keys(p.requirements)) pydeps.add(d);
  const frameworks: Framework[] = jsFrameworks(deps);
  for (const [d, fw] of [
    ['django', 'django'],
    ['flask', 'flask'],
    ['fastapi', 'fastapi'],
    ['streamlit', 'streamlit'],
  ] as const)
    if (pydeps.has(d)) frameworks.push(fw);
  const pythonProject = python.length > 0 || files.some((f) => !f.ignored && f.rel.endsWith('.py'));
  return {
    packageJsons,
    python,
    frameworks,
    node: packageJsons.length > 0,
    pythonProject,
    git: git ?? collectGit(root),
    ...(otherSdks.length ? { otherSdks } : {}),
  };
}

/** Build files of Go, Rust, Java and .NET projects. */
const OTHER_BUILD = /^(go\.mod|Cargo\.toml|pom\.xml|build\.gradle(\.kts)?|[^/]+\.csproj)$/;

/** The LLM SDKs (OpenAI's, Azure OpenAI's, and frameworks over them) a build file depends on. */
const OTHER_SDKS: Record<string, RegExp> = {
  go: /^\s*(?:require\s+)?(github\.com\/(?:openai\/openai-go|sashabaranov\/go-openai|tmc\/langchaingo|Azure\/azure-sdk-for-go\/sdk\/ai\/azopenai))(?:\/v\d+)?\s+v/gm,
  rust: /^\s*(async-openai|openai-api-rs|rig-core|langchain-rust)\s*=/gm,
  java: /(com\.openai:openai-java|<groupId>com\.openai<\/groupId>|<groupId>dev\.langchain4j<\/groupId>|dev\.langchain4j:|<groupId>org\.springframework\.ai<\/groupId>|org\.springframework\.ai:|<artifactId>azure-ai-openai<\/artifactId>|com\.azure:azure-ai-openai|com\.theokanning\.openai-gpt3-java)/g,
  dotnet:
    /<PackageReference\s+Include="(OpenAI|Azure\.AI\.OpenAI|Microsoft\.SemanticKernel|Betalgo\.OpenAI|Microsoft\.Extensions\.AI\.OpenAI)"/g,
};

function otherSdksIn(base: string, text: string): string[] {
  const re =
    base === 'go.mod'
      ? OTHER_SDKS.go
      : base === 'Cargo.toml'
        ? OTHER_SDKS.rust
        : base.endsWith('.csproj')
          ? OTHER_SDKS.dotnet
          : OTHER_SDKS.java;
  const out = new Set<string>();
  for (const m of text.matchAll(re as RegExp))
    out.add((m[1] ?? m[0]).replace(/^<groupId>|<\/groupId>$|^<artifactId>|<\/artifactId>$/g, ''));
  return [...out];
}

/** Whether a `.git` (folder, or file for worktrees and submodules) sits in root or a parent, or GIT_DIR is set. */
export function insideGitRepo(root: string): boolean {
  if (process.env.GIT_DIR) return true;
  for (let dir = root; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return true;
    if (dirname(dir) === dir) return false;
  }
}

/** The folder at or above `root` holding `.git`: the top of its work tree (undefined outside one, or with GIT_DIR set). */
export function workTreeTop(root: string): string | undefined {
  if (process.env.GIT_DIR) return undefined;
  for (let d = root; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

const LS_FILES = ['-c', 'core.quotepath=off', 'ls-files', '-z'];
const trackedOf = (out: string): GitInfo => {
  const tracked = new Set<string>();
  for (const p of out.split('\0')) if (p) tracked.add(p);
  return { isRepo: true, tracked };
};
const NO_REPO = (): GitInfo => ({ isRepo: false, tracked: new Set() });
// node:child_process loads only when git runs: outside a repository no run needs it.
const childProcess = (): typeof ChildProcess => nodeRequire()('node:child_process') as typeof ChildProcess;

export function collectGit(root: string, only?: string[]): GitInfo {
  // No process at all where git could find no repository.
  if (!insideGitRepo(root)) return NO_REPO();
  // `only`: whether these paths are tracked, not the whole listing (a scan's few files with keys)
  // One process: run from the root, `git ls-files` lists tracked paths relative to it (and fails
  // outside a work tree, which is all the "is this a repo" question needs).
  try {
    return trackedOf(
      childProcess()
        .execFileSync('git', only ? [...LS_FILES, '--', ...only.map((p) => `:(literal)${p}`)] : LS_FILES, {
          cwd: root,
          stdio: ['ignore', 'pipe', 'ignore'],
          maxBuffer: 1 << 28,
          timeout: 20000,
        })
        .toString('utf8'),
    );
  } catch {
    return NO_REPO();
  }
}

/** collectGit without waiting: git lists the files while this thread does other work. */
export function collectGitAsync(root: string): Promise<GitInfo> {
  if (!insideGitRepo(root)) return Promise.resolve(NO_REPO());
  return new Promise((done) => {
    try {
      childProcess().execFile(
        'git',
        LS_FILES,
        { cwd: root, maxBuffer: 1 << 28, timeout: 20000, encoding: 'utf8' },
        (err, out) => done(err ? NO_REPO() : trackedOf(out)),
      );
    } catch {
      done(NO_REPO());
    }
  });
}

/** The JavaScript frameworks these npm dependencies (of one package, or of the whole project) name. */
export function jsFrameworks(deps: Set<string>): Framework[] {
  const frameworks: Framework[] = [];
  if (deps.has('next')) frameworks.push('next');
  if (deps.has('vite') || deps.has('@sveltejs/kit')) frameworks.push('vite');
  if (deps.has('react-scripts')) frameworks.push('cra');
  if (deps.has('nuxt')) frameworks.push('nuxt');
  if (deps.has('@sveltejs/kit')) frameworks.push('sveltekit');
  if (deps.has('@remix-run/node') || deps.has('@remix-run/react')) frameworks.push('remix');
  if (deps.has('astro')) frameworks.push('astro');
  if (deps.has('expo')) frameworks.push('expo');
  if (deps.has('gatsby')) frameworks.push('gatsby');
  if (deps.has('@vue/cli-service')) frameworks.push('vue-cli');
  return frameworks;
}

/** Another package.json of the project depends on `pkg` by its name: a workspace library, whose code runs in that package. */
export function workspaceLibrary(pkgs: readonly PackageJson[], pkg: PackageJson): boolean {
  const name = pkg.name;
  if (!name) return false;
  return pkgs.some((p) => p !== pkg && (Object.hasOwn(p.dependencies, name) || Object.hasOwn(p.devDependencies, name)));
}

/**
 * Which of the tracked files `rels` (relative to root) differ from the last commit in the working tree
 * or the index: one `git diff`, run only when there are such files; empty where git fails (no commit yet).
 */
export function changedSinceHead(root: string, rels: string[]): Set<string> {
  if (rels.length === 0) return new Set();
  try {
    const out = childProcess()
      .execFileSync(
        'git',
        ['-c', 'core.quotepath=off', 'diff', '--relative', '--name-only', '-z', 'HEAD', '--', ...rels],
        { cwd: root, stdio: ['ignore', 'pipe', 'ignore'], timeout: 10000, maxBuffer: 1 << 24 },
      )
      .toString('utf8');
    return new Set(out.split('\0').filter(Boolean));
  } catch {
    return new Set();
  }
}

/**
 * The tracked files among `keys`' (file → the keys found in it) whose keys are not in the last commit:
 * the file differs from HEAD, and HEAD's version of it holds none of them (a committed template filled
 * in locally). A file whose key is in HEAD, or that git cannot show, is left out.
 */
export function keysOnlyInWorkingCopy(root: string, keys: Map<string, string[]>): Set<string> {
  const out = new Set<string>();
  for (const rel of changedSinceHead(root, [...keys.keys()])) {
    try {
      const head = childProcess()
        .execFileSync('git', ['show', `HEAD:./${rel}`], {
          cwd: root,
          stdio: ['ignore', 'pipe', 'ignore'],
          timeout: 10000,
          maxBuffer: 1 << 26,
        })
        .toString('latin1');
      if (!(keys.get(rel) ?? []).some((k) => head.includes(k))) out.add(rel);
    } catch {
      // not in HEAD (added to the index since), or git failed: nothing known
    }
  }
  return out;
}
