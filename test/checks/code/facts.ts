/** Small builders for code-check facts. */
import type { Facts } from '../../../src/core/facts.js';
import type { Assignment, EnvFile } from '../../../src/core/types.js';
import type { ClientConstruction, CodeFacts, CodeFile, DotenvLoad, EntryPoint, EnvRead } from '../../../src/code/types.js';
import { emptyFacts } from '../../helpers/check-tester.js';
import { envFile as makeEnvFile } from '../../helpers/facts.js';

export function code(over: Partial<CodeFacts> = {}): CodeFacts {
  return { files: [], entryPoints: [], envReads: [], dotenvLoads: [], clients: [], sdk: {}, envWrites: [], ...over };
}

export const envFile = (relPath: string, vars: Record<string, string>, exists = true): EnvFile => makeEnvFile(relPath, vars, { exists });

/** Facts whose assignments include every env file's lines (as the dotenv collector makes them). */
export function facts(c: CodeFacts, files: EnvFile[] = [], over: Partial<Facts> = {}): Facts {
  const assignments: Assignment[] = [...files.flatMap((f) => f.byDialect.dotenv ?? []), ...Object.entries(over.env ?? {}).map(([name, value]) => ({ name, value, kind: 'process-env' as const }))];
  return emptyFacts({ code: c, envFiles: files, assignments, files: files.map((f) => ({ path: f.path, rel: f.relPath, ignored: true })), ...over });
}

export const client = (over: Partial<ClientConstruction> = {}): ClientConstruction => ({ file: 'index.js', line: 4, sdk: 'openai-node', options: {}, order: 2, topLevel: true, language: 'js', callee: 'OpenAI', keyVar: 'OPENAI_API_KEY', keyVarImplicit: true, ...over });
export const read = (name: string, over: Partial<EnvRead> = {}): EnvRead => ({ name, file: 'app.py', line: 3, language: 'python', via: 'os.getenv', order: 2, topLevel: true, ...over });
export const load = (over: Partial<DotenvLoad> = {}): DotenvLoad => ({ file: 'index.js', line: 1, loader: 'dotenv', override: false, order: 0, topLevel: true, base: 'cwd', resolved: ['.env'], language: 'js', ...over });
export const file = (f: string, over: Partial<CodeFile> = {}): CodeFile => ({ file: f, language: /\.py$/.test(f) ? 'python' : 'js', ...over });
export const entry = (f: string, over: Partial<EntryPoint> = {}): EntryPoint => ({ file: f, kind: /\.py$/.test(f) ? 'python' : 'node', label: `node ${f}`, cwd: '', ...over });
