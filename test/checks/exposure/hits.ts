/** Scan hits and facts for the exposure check tests (keys made at run time). */
import type { ScanHit } from '../../../src/scan/types.js';
import type { Facts } from '../../../src/core/facts.js';
import type { EnvFile } from '../../../src/core/types.js';
import { emptyFacts } from '../../helpers/check-tester.js';
import { openaiKey } from '../../helpers/keys.js';
import { contextOf } from '../../../src/scan/paths.js';
import { fingerprint } from '../../../src/scan/read.js';
import { envFile as makeEnvFile } from '../../helpers/facts.js';

export function hit(rel: string, over: Partial<ScanHit> = {}): ScanHit {
  const secret = over.secret ?? openaiKey('proj', rel);
  return {
    secret,
    kind: 'openai-project',
    label: 'OpenAI project key',
    provider: 'openai',
    rel,
    line: 3,
    column: 5,
    context: contextOf(rel),
    encoding: 'plain',
    fingerprint: fingerprint('openai-project', rel, secret),
    ...over,
  };
}

export function withHits(hits: ScanHit[], over: Partial<Facts> = {}, history?: ScanHit[]): Facts {
  return emptyFacts({ scan: { hits, historyHits: history, mode: 'tree' }, ...over });
}

export function git(tracked: string[] = [], isRepo = true): Facts['project'] {
  return {
    packageJsons: [],
    python: [],
    frameworks: [],
    node: false,
    pythonProject: false,
    git: { isRepo, tracked: new Set(tracked) },
  };
}

export const envFile = (relPath: string, vars: Record<string, string>, over: Partial<EnvFile> = {}): EnvFile =>
  makeEnvFile(relPath, vars, over);
