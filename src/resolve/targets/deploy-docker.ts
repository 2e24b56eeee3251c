/** Docker images (ENV baked in by a Dockerfile) and `docker run` commands as targets. */
import type { Facts } from '../../core/facts.js';
import type { Resolution, Target } from '../../core/types.js';
import { isKeyValue } from '../../deploy/util.js';
import { resolveVars, type LoadStep } from '../engine.js';
import { chainOf, finishTarget, keyVarOf, relevant } from './deploy-common.js';

export function dockerImageTargets(facts: Facts): Target[] {
  const out: Target[] = [];
  for (const df of facts.deploy?.dockerfiles ?? []) {
    const vars: Record<string, Resolution> = {};
    for (const [name, v] of Object.entries(df.finalEnv)) {
      if (v.fromArg) continue; // depends on --build-arg: not known from the file
      vars[name] = chainOf(name, [
        {
          assignment: {
            name,
            value: v.value,
            kind: 'dockerfile',
            location: { path: df.rel, line: v.line },
            detail: `ENV in ${df.rel}`,
          },
          reason: 'baked into the image by ENV (docker run -e / compose override it)',
        },
      ]);
    }
    if (!relevant(Object.keys(vars))) continue;
    // an ENV placeholder documents the variable and is overridden at run time: only a baked key makes a target
    const { keyVar } = keyVarOf(Object.keys(vars));
    const baked = vars[keyVar]?.value;
    if (baked === undefined || !isKeyValue(baked.trim(), keyVar)) continue;
    out.push(
      finishTarget(
        {
          id: `docker-image:${df.rel}`,
          kind: 'docker-image',
          label: `image built from ${df.rel} (run without overrides)`,
          location: { path: df.rel },
          loading: 'the image ENV only: what the container gets when nothing overrides it',
          vars,
        },
        Object.keys(vars),
      ),
    );
  }
  return out;
}

export function dockerRunTargets(facts: Facts): Target[] {
  const out: Target[] = [];
  for (const r of facts.deploy?.dockerRuns ?? []) {
    if (r.docs && r.envFiles.length === 0) continue; // a README example's -e values belong to whoever copies it
    // docker run layering: --env-file files in order (a later line or file wins), then -e (which beats them)
    const steps: LoadStep[] = r.envFiles.map((f) => ({
      source: `--env-file ${f.path}`,
      loader: 'docker run (values kept exactly as written, quotes and spaces included)',
      mode: 'base',
      file: f.exists ? f.rel : undefined,
      assignments: f.entries
        .filter((e) => e.value !== undefined)
        .map((e) => ({
          name: e.name,
          value: e.value as string,
          raw: e.raw,
          kind: 'docker-run',
          location: { path: f.rel, line: e.line },
          detail: `docker run --env-file ${f.path}`,
        })),
    }));
    if (!r.docs) {
      steps.push({
        source: 'docker run -e',
        loader: 'docker run',
        mode: 'base',
        assignments: r.env
          .filter((e) => e.value !== undefined)
          .map((e) => ({
            name: e.name,
            value: e.value as string,
            raw: e.raw,
            kind: 'docker-run',
            location: r.location,
            detail: e.fromHost ? 'docker run -e (from the host environment)' : 'docker run -e',
          })),
      });
    }
    const vars: Record<string, Resolution> = resolveVars(
      steps.flatMap((st) => st.assignments.map((a) => a.name)),
      steps,
    );
    if (!relevant(Object.keys(vars))) continue;
    out.push(
      finishTarget(
        {
          id: `docker-run:${r.location.path}:${r.location.line ?? 0}`,
          kind: 'docker-run',
          label: `docker run${r.image ? ` ${r.image}` : ''} (${r.location.path}:${r.location.line ?? 0})`,
          location: r.location,
          loading: 'docker run: -e beats --env-file (later wins); env-file values are taken literally, quotes included',
          loads: r.envFiles.filter((f) => f.exists).map((f) => f.rel),
          vars,
        },
        Object.keys(vars),
      ),
    );
  }
  return out;
}
