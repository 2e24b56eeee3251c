/**
 * Turning load steps into a {@link Target}: which names to resolve, which variable the client reads
 * the key from, whether the target talks to Azure, which code files belong to it.
 */
import type { Facts } from '../core/facts.js';
import type { DotenvDialect, Location, Target, TargetKind } from '../core/types.js';
import type { ClientConstruction, DotenvLoad } from '../code/types.js';
import { resolveVars, type LoadStep } from './engine.js';
import { OPENAI_VARS } from './sources.js';

const AZURE_SDKS = new Set(['azure-openai-node', 'azure-openai-python', 'langchain-azure']);

/** Code files reachable from an entry file through relative imports (the entry itself included). */
export function reachable(facts: Facts, entry: string | undefined): Set<string> | undefined {
  const code = facts.code;
  if (!code || !entry) return undefined;
  const byFile = new Map(code.files.map((f) => [f.file, f]));
  if (!byFile.has(entry)) return undefined;
  const seen = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length) {
    const f = queue.shift() as string;
    for (const i of byFile.get(f)?.imports ?? []) if (!seen.has(i)) { seen.add(i); queue.push(i); }
  }
  return seen;
}

const PY_EXT = /\.(py|ipynb)$/;

/** The client constructions that belong to a target: those in its reachable files, else those in its language. */
export function clientsFor(facts: Facts, files: Set<string> | undefined, language: 'node' | 'python' | 'any'): ClientConstruction[] {
  const all = facts.code?.clients ?? [];
  if (files) {
    const mine = all.filter((c) => files.has(c.file));
    if (mine.length) return mine;
  }
  if (language === 'any') return all;
  return all.filter((c) => (language === 'python') === PY_EXT.test(c.file));
}

export function loadsFor(facts: Facts, files: Set<string> | undefined, language: 'node' | 'python'): DotenvLoad[] {
  const all = (facts.code?.dotenvLoads ?? []).filter((l) => (language === 'python') === PY_EXT.test(l.file));
  if (files) return all.filter((l) => files.has(l.file));
  return all;
}

/** The variable the target's client reads the key from. */
export function keyVarOf(clients: ClientConstruction[], azure: boolean): string {
  for (const c of clients) if (c.options.apiKey?.kind === 'env') return c.options.apiKey.name;
  if (azure || clients.some((c) => AZURE_SDKS.has(c.sdk))) return 'AZURE_OPENAI_API_KEY';
  return 'OPENAI_API_KEY';
}

export function usesAzureClient(clients: ClientConstruction[]): boolean {
  return clients.some((c) => AZURE_SDKS.has(c.sdk) || c.options.azureEndpoint !== undefined);
}

export interface TargetSpec {
  id: string;
  kind: TargetKind;
  label: string;
  location?: Location;
  loading: string;
  steps: LoadStep[];
  clients?: ClientConstruction[];
  /** Extra names to resolve (what the code reads). */
  names?: string[];
  dialect?: DotenvDialect;
}

/** Builds the target: resolves the OpenAI names, the key variable and the names the code reads. */
export function makeTarget(facts: Facts, spec: TargetSpec): Target {
  const clients = spec.clients ?? [];
  let azure = usesAzureClient(clients);
  const keyVar0 = keyVarOf(clients, azure);
  const names = new Set<string>([...OPENAI_VARS, keyVar0, ...(spec.names ?? [])]);
  for (const c of clients) for (const v of Object.values(c.options)) if (v && typeof v === 'object' && v.kind === 'env') names.add(v.name);
  const vars = resolveVars(names, spec.steps);
  // A target with an Azure endpoint set (and no plain OpenAI client) talks to Azure.
  if (!azure && vars.AZURE_OPENAI_ENDPOINT?.value && !clients.some((c) => !AZURE_SDKS.has(c.sdk))) {
    const hasAzureKey = vars.AZURE_OPENAI_API_KEY?.value !== undefined;
    const hasOpenAIKey = vars.OPENAI_API_KEY?.value !== undefined;
    if (hasAzureKey || !hasOpenAIKey) azure = true;
  }
  const keyVar = clients.length ? keyVar0 : azure ? 'AZURE_OPENAI_API_KEY' : keyVar0;
  if (!Object.hasOwn(vars, keyVar)) Object.assign(vars, resolveVars([keyVar], spec.steps));
  const loads = [...new Set(spec.steps.filter((s) => s.file !== undefined && s.loaded !== false).map((s) => s.file as string))];
  const t: Target = { id: spec.id, kind: spec.kind, label: spec.label, loading: spec.loading, loads, vars, keyVar };
  if (spec.location) t.location = spec.location;
  if (azure) t.azure = true;
  if (spec.dialect) t.dialect = spec.dialect;
  return t;
}
