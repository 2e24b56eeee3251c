/**
 * The app targets of the project: Node (scripts, frameworks), Python (entry scripts), and, for a
 * folder with only a dotenv file, a generic "app started here" that reads `.env` the way nearly
 * every loader does by default (the environment first, then the file, no override).
 */
import type { Facts } from '../core/facts.js';
import type { Target } from '../core/types.js';
import type { LoadStep } from './engine.js';
import { environmentStep, fileExists, fileStep, unloadedSteps } from './sources.js';
import { makeTarget } from './target.js';
import { nodeTargets } from './node.js';
import { pythonTargets } from './python.js';
import { pushAll } from '../core/arrays.js';
import { isExampleFile } from '../core/paths.js';

export function genericTarget(facts: Facts): Target | undefined {
  const rootFiles = facts.envFiles
    .filter((f) => f.exists && !f.relPath.includes('/') && !isExampleFile(f.relPath) && f.relPath !== '.envrc')
    .map((f) => f.relPath);
  const first = fileExists(facts, '.env') ? '.env' : rootFiles.sort()[0];
  if (!first) return undefined;
  const steps: LoadStep[] = [environmentStep(facts), fileStep(facts, first, 'dotenv', 'if-unset', 'a dotenv loader')];
  pushAll(
    steps,
    unloadedSteps(facts, new Set([first]), (rel) => `a default loader reads ${first}, not ${rel}`),
  );
  const t = makeTarget(facts, {
    id: 'app',
    kind: 'generic',
    label: `an app started in this folder that loads ${first}`,
    loading: `shell env, then ${first} without override (the default of dotenv, python-dotenv, node --env-file and the frameworks)`,
    steps,
    dialect: 'dotenv',
  });
  // No entry point was found: the app needs a key if any code of the project asks for one.
  if (facts.code)
    t.needsKey =
      facts.code.clients.length > 0 ||
      facts.code.envReads.some((r) =>
        /^(OPENAI_API_KEY|AZURE_OPENAI_API_KEY|OPENAI_KEY|AZURE_OPENAI_KEY)$/.test(r.name),
      );
  return t;
}

export function appTargets(facts: Facts): Target[] {
  const out = [...nodeTargets(facts), ...pythonTargets(facts)];
  // a make rule, just recipe or script that starts the app has its own target: no generic stand-in
  // a .NET or Spring project at the root is its own target (src/resolve/store-targets.ts): no generic stand-in either
  const storeApp = (facts.stores ?? []).some(
    (s) => (s.store === 'dotnet-project' || s.store === 'spring') && (s.dir ?? '') === '',
  );
  if (
    out.length === 0 &&
    !storeApp &&
    !(facts.launchers ?? []).some((r) => ['node', 'bun', 'python'].includes(r.launch.runtime ?? ''))
  ) {
    const g = genericTarget(facts);
    if (g) out.push(g);
  }
  return out;
}
