/** Hand-built facts for resolver and value-check tests (no collectors involved). */
import type { DotenvIssue, EnvFile } from '../../src/core/types.js';
import { envFile as makeEnvFile } from '../helpers/facts.js';

/** A parsed dotenv file: each [name, value] pair on its own line (test/helpers/facts.ts). */
export const envFile = (relPath: string, pairs: Array<[string, string]>, issues: DotenvIssue[] = []): EnvFile =>
  makeEnvFile(relPath, pairs, { issues });

export { rc, facts, type FactsSpec as Spec } from '../helpers/facts.js';
