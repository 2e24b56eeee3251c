/**
 * The one place tests build facts by hand (no collector involved): empty facts, a parsed dotenv
 * file, and facts from a short spec (environment, env files, start-up lines, package.json, Python
 * requirements, code facts). Check tests, resolver tests and value tests all use these.
 */
import type { Facts } from '../../src/core/facts.js';
import type { Assignment, EnvFile } from '../../src/core/types.js';
import type { CodeFacts } from '../../src/code/types.js';

export function emptyFacts(over: Partial<Facts> = {}): Facts {
  return {
    root: '/project',
    home: '/home/user',
    env: {},
    assignments: [],
    envFiles: [],
    files: [],
    project: {
      packageJsons: [],
      python: [],
      frameworks: [],
      node: false,
      pythonProject: false,
      git: { isRepo: false, tracked: new Set() },
    },
    notes: [],
    ...over,
  };
}

/**
 * A parsed dotenv file under /project: each variable on its own line (line = index + 1), the same
 * in every dialect, its raw text the value. `over` sets the rest (`exists`, `issues`, `role`, ...).
 */
export function envFile(
  relPath: string,
  vars: Record<string, string> | Array<[string, string]>,
  over: Partial<EnvFile> = {},
): EnvFile {
  const pairs = Array.isArray(vars) ? vars : Object.entries(vars);
  const list: Assignment[] = pairs.map(([name, value], i) => ({
    name,
    value,
    kind: 'dotenv',
    location: { path: relPath, line: i + 1 },
    raw: value,
  }));
  return {
    path: `/project/${relPath}`,
    relPath,
    exists: true,
    byDialect: { dotenv: list, node: list, python: list },
    issues: [],
    encoding: 'utf8',
    ...over,
  };
}

/** Code facts with every list empty but what `over` sets. */
export function codeFacts(over: Partial<CodeFacts> = {}): CodeFacts {
  return { files: [], entryPoints: [], envReads: [], dotenvLoads: [], clients: [], sdk: {}, envWrites: [], ...over };
}

/** A line of a shell start-up file (`export NAME="value"`). */
export function rc(
  path: string,
  line: number,
  name: string,
  value: string,
  exported = true,
  kind: Assignment['kind'] = 'shell-rc',
): Assignment {
  return { name, value, kind, location: { path, line }, exported, raw: `export ${name}="${value}"` };
}

export interface FactsSpec {
  /** The process environment (each variable also an exported process-env assignment). */
  env?: Record<string, string>;
  /** Env files: listed among the project's files (git-ignored), their lines among the assignments. */
  files?: EnvFile[];
  startup?: Assignment[];
  /** package.json contents at the root (scripts, deps). */
  pkg?: { scripts?: Record<string, string>; dependencies?: Record<string, string>; rel?: string };
  python?: Record<string, string>;
  pyFiles?: string[];
  code?: Partial<CodeFacts>;
  /** Anything else, set last. */
  over?: Partial<Facts>;
}

/** Facts as the collectors would make them from the spec. */
export function facts(s: FactsSpec = {}): Facts {
  const env = s.env ?? {};
  const envFiles = s.files ?? [];
  const assignments: Assignment[] = [
    ...envFiles.flatMap((f) => f.byDialect.dotenv ?? []),
    ...Object.entries(env).map(([name, value]) => ({ name, value, kind: 'process-env', exported: true }) as Assignment),
    ...(s.startup ?? []),
  ];
  const files = [
    ...envFiles.map((f) => ({ path: f.path, rel: f.relPath, ignored: true })),
    ...(s.pyFiles ?? []).map((rel) => ({ path: `/project/${rel}`, rel, ignored: false })),
  ];
  const f = emptyFacts({ env, assignments, envFiles, files });
  if (s.pkg) {
    f.project.packageJsons.push({
      rel: s.pkg.rel ?? 'package.json',
      scripts: s.pkg.scripts ?? {},
      dependencies: s.pkg.dependencies ?? {},
      devDependencies: {},
    });
    f.project.node = true;
  }
  if (s.python || s.pyFiles) {
    f.project.python.push({ rel: 'requirements.txt', requirements: s.python ?? {} });
    f.project.pythonProject = true;
  }
  if (s.code) f.code = codeFacts(s.code);
  return Object.assign(f, s.over ?? {});
}
