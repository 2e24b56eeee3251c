/** Hand-built facts for resolver and value-check tests (no collectors involved). */
import type { Facts } from '../../src/core/facts.js';
import type { Assignment, DotenvIssue, EnvFile } from '../../src/core/types.js';
import type { CodeFacts } from '../../src/code/types.js';
import { emptyFacts } from '../helpers/check-tester.js';
import { envFile as makeEnvFile } from '../helpers/facts.js';

/** A parsed dotenv file: each [name, value] pair on its own line (test/helpers/facts.ts). */
export const envFile = (relPath: string, pairs: Array<[string, string]>, issues: DotenvIssue[] = []): EnvFile => makeEnvFile(relPath, pairs, { issues });

export function rc(path: string, line: number, name: string, value: string, exported = true, kind: Assignment['kind'] = 'shell-rc'): Assignment {
  return { name, value, kind, location: { path, line }, exported, raw: `export ${name}="${value}"` };
}

export interface Spec {
  env?: Record<string, string>;
  files?: EnvFile[];
  startup?: Assignment[];
  /** package.json contents at the root (scripts, deps). */
  pkg?: { scripts?: Record<string, string>; dependencies?: Record<string, string>; rel?: string };
  python?: Record<string, string>;
  pyFiles?: string[];
  code?: Partial<CodeFacts>;
}

export function facts(s: Spec): Facts {
  const env = s.env ?? {};
  const assignments: Assignment[] = [
    ...Object.entries(env).map(([name, value]) => ({ name, value, kind: 'process-env', exported: true }) as Assignment),
    ...(s.startup ?? []),
  ];
  const envFiles = s.files ?? [];
  const files = [...envFiles.map((f) => ({ path: f.path, rel: f.relPath, ignored: true })), ...(s.pyFiles ?? []).map((rel) => ({ path: `/project/${rel}`, rel, ignored: false }))];
  const f = emptyFacts({ env, assignments, envFiles, files });
  if (s.pkg) {
    f.project.packageJsons.push({ rel: s.pkg.rel ?? 'package.json', scripts: s.pkg.scripts ?? {}, dependencies: s.pkg.dependencies ?? {}, devDependencies: {} });
    f.project.node = true;
  }
  if (s.python || s.pyFiles) {
    f.project.python.push({ rel: 'requirements.txt', requirements: s.python ?? {} });
    f.project.pythonProject = true;
  }
  if (s.code) f.code = { files: [], entryPoints: [], envReads: [], dotenvLoads: [], clients: [], sdk: {}, ...s.code };
  return f;
}
