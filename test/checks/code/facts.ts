/** Small builders for code-check facts: shorthands over the shared builders of test/helpers/facts.ts. */
import type { Facts } from '../../../src/core/facts.js';
import type { EnvFile } from '../../../src/core/types.js';
import type {
  ClientConstruction,
  CodeFacts,
  CodeFile,
  DotenvLoad,
  EntryPoint,
  EnvRead,
} from '../../../src/code/types.js';
import { codeFacts, envFile as makeEnvFile, facts as sharedFacts } from '../../helpers/facts.js';

export const code = codeFacts;

export const envFile = (relPath: string, vars: Record<string, string>, exists = true): EnvFile =>
  makeEnvFile(relPath, vars, { exists });

/** The shared facts builder (test/helpers/facts.ts) with these facts' code, env files and overrides (`over.env` is the process environment). */
export function facts(c: CodeFacts, files: EnvFile[] = [], over: Partial<Facts> = {}): Facts {
  return sharedFacts({ code: c, files, env: over.env, over });
}

export const client = (over: Partial<ClientConstruction> = {}): ClientConstruction => ({
  file: 'index.js',
  line: 4,
  sdk: 'openai-node',
  options: {},
  order: 2,
  topLevel: true,
  language: 'js',
  callee: 'OpenAI',
  keyVar: 'OPENAI_API_KEY',
  keyVarImplicit: true,
  ...over,
});
export const read = (name: string, over: Partial<EnvRead> = {}): EnvRead => ({
  name,
  file: 'app.py',
  line: 3,
  language: 'python',
  via: 'os.getenv',
  order: 2,
  topLevel: true,
  ...over,
});
export const load = (over: Partial<DotenvLoad> = {}): DotenvLoad => ({
  file: 'index.js',
  line: 1,
  loader: 'dotenv',
  override: false,
  order: 0,
  topLevel: true,
  base: 'cwd',
  resolved: ['.env'],
  language: 'js',
  ...over,
});
export const file = (f: string, over: Partial<CodeFile> = {}): CodeFile => ({
  file: f,
  language: /\.py$/.test(f) ? 'python' : 'js',
  ...over,
});
export const entry = (f: string, over: Partial<EntryPoint> = {}): EntryPoint => ({
  file: f,
  kind: /\.py$/.test(f) ? 'python' : 'node',
  label: `node ${f}`,
  cwd: '',
  ...over,
});
