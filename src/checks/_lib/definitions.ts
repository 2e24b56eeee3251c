/**
 * Which names are defined where (assignments, env files, deployment files, runtimes, code writes):
 * pure over the facts, with nothing of the code analysis or the resolver, so the exposure checks
 * (the scan's) load it alone.
 */
import type { Facts } from '../../core/facts.js';
import type { Assignment, EnvFile, Location } from '../../core/types.js';
import { isExampleFile } from '../../core/paths.js';

export interface Definition {
  name: string;
  kind: string;
  location?: Location;
  value?: string;
  /** The env file it sits in (relative path), for dotenv definitions. */
  envFile?: string;
}

export function exampleEnvFiles(facts: Facts): Set<string> {
  const s = new Set<string>();
  for (const f of facts.envFiles) if (f.role === 'example' || isExampleFile(f.relPath)) s.add(f.relPath);
  return s;
}

const memo = new WeakMap<Facts, { key: string; defs: Map<string, Definition[]> }>();

/** Every name something defines: assignments (environment, shell files, dotenv files, ...), deployment files, code writes. */
export function definitions(facts: Facts): Map<string, Definition[]> {
  const key = `${facts.assignments.length}|${facts.envFiles.length}|${facts.deploy?.providedNames.length ?? 0}|${facts.code?.envWrites?.length ?? 0}`;
  const hit = memo.get(facts);
  if (hit && hit.key === key) return hit.defs;
  const defs = computeDefinitions(facts);
  memo.set(facts, { key, defs });
  return defs;
}

function computeDefinitions(facts: Facts): Map<string, Definition[]> {
  const out = new Map<string, Definition[]>();
  const add = (d: Definition): void => {
    const l = out.get(d.name);
    if (l) l.push(d);
    else out.set(d.name, [d]);
  };
  const examples = exampleEnvFiles(facts);
  for (const a of facts.assignments) {
    if (a.location?.path && (examples.has(a.location.path) || isExampleFile(a.location.path))) continue;
    add({
      name: a.name,
      kind: a.kind,
      location: a.location,
      value: a.value,
      ...(a.kind === 'dotenv' && a.location?.path ? { envFile: a.location.path } : {}),
    });
  }
  for (const f of facts.envFiles) {
    if (!f.exists || examples.has(f.relPath)) continue;
    for (const a of firstDialect(f))
      if (!(out.get(a.name) ?? []).some((d) => d.envFile === f.relPath))
        add({
          name: a.name,
          kind: 'dotenv',
          location: a.location ?? { path: f.relPath },
          value: a.value,
          envFile: f.relPath,
        });
  }
  // a name a deployment hands over: its assignment, where keydoctor knows the value, says more (`docker run
  // -e X=$X` with X unset in this shell hands over an empty X, not a definition of one)
  const assigned = new Set(
    facts.assignments.map((a) => `${a.name}@${a.location?.path ?? ''}:${a.location?.line ?? ''}`),
  );
  for (const p of facts.deploy?.providedNames ?? [])
    if (!assigned.has(`${p.name}@${p.location.path}:${p.location.line ?? ''}`))
      add({ name: p.name, kind: 'deploy', location: p.location });
  // names a runtime sets by itself (the Supabase CLI's SUPABASE_URL, SUPABASE_ANON_KEY, ... for Edge Functions)
  for (const r of facts.launchers ?? [])
    for (const n of r.provides ?? []) add({ name: n, kind: 'runtime', location: { path: r.file } });
  for (const w of facts.code?.envWrites ?? [])
    add({
      name: w.name,
      kind: 'code',
      location: { path: w.file, line: w.line },
      ...(w.value !== undefined ? { value: w.value } : {}),
    });
  return out;
}

export function firstDialect(f: EnvFile): Assignment[] {
  return f.byDialect.dotenv ?? f.byDialect.node ?? f.byDialect.python ?? [];
}
