/** Kubernetes containers as targets: env (wins) over envFrom (later source wins), Secrets decoded. */
import type { Facts } from '../../core/facts.js';
import type { Assignment, Resolution, Target } from '../../core/types.js';
import { resolveVars, type LoadStep } from '../engine.js';
import type { K8sContainer, K8sFacts, K8sRef, K8sSecretLike } from '../../deploy/types.js';
import { finishTarget, keyVarOf, relevant } from './deploy-common.js';

export function findObject(k8s: K8sFacts, ref: K8sRef): K8sSecretLike | undefined {
  const kind = ref.kind === 'secret' ? 'Secret' : 'ConfigMap';
  const all = k8s.objects.filter((o) => o.kind === kind && o.name === ref.name && !o.templatedName);
  return all.find((o) => o.entries.some((e) => e.key === ref.key)) ?? all[0];
}

export function k8sTargetId(c: K8sContainer): string {
  return `k8s:${c.workload}/${c.name}`;
}

/** Resolves a container's variables; names whose value cannot be known from the files are in `unknown`. */
export function containerVars(
  k8s: K8sFacts,
  c: K8sContainer,
): { vars: Record<string, Resolution>; unknown: Set<string>; opaque: boolean } {
  const kind = c.origin === 'helm' ? 'helm' : 'k8s';
  const unknown = new Set<string>();
  const names = new Set<string>();
  let opaque = false;
  // Kubernetes layering: envFrom sources in order (a later source wins), then env: (which beats every envFrom)
  const steps: LoadStep[] = [];
  for (const ef of c.envFrom) {
    const o = ef.ref.templated ? undefined : findObject(k8s, ef.ref);
    if (!o) {
      if (!(ef.ref.optional && !ef.ref.templated)) opaque = true;
      continue;
    }
    if (!o.complete) opaque = true;
    const assignments: Assignment[] = [];
    for (const en of o.entries) {
      const name = (ef.prefix ?? '') + en.key;
      names.add(name);
      if (en.value === undefined) {
        unknown.add(name);
        continue;
      }
      unknown.delete(name);
      assignments.push({
        name,
        value: en.value,
        kind: o.origin === 'helm' ? 'helm' : 'k8s',
        location: { path: en.path ?? o.location.path, line: en.path ? undefined : en.line },
        detail: `${o.kind} ${o.name}, key ${en.key} (envFrom ${ef.ref.kind}Ref)`,
      });
    }
    steps.push({
      source: `envFrom ${ef.ref.kind}Ref ${o.name}${ef.prefix ? ` (prefix ${ef.prefix})` : ''}`,
      loader: 'Kubernetes',
      mode: 'base',
      assignments,
    });
  }
  const env: Assignment[] = [];
  for (const e of c.env) {
    names.add(e.name);
    if (e.other) {
      unknown.add(e.name);
      continue;
    }
    if (e.value !== undefined) {
      unknown.delete(e.name);
      env.push({
        name: e.name,
        value: e.value,
        kind,
        location: { path: c.location.path, line: e.line },
        detail: `${c.workload} container ${c.name}: env value`,
      });
      continue;
    }
    if (!e.ref) continue;
    const o = e.ref.templated ? undefined : findObject(k8s, e.ref);
    const entry = o?.entries.find((x) => x.key === e.ref?.key);
    if (entry?.value !== undefined && o) {
      unknown.delete(e.name);
      env.push({
        name: e.name,
        value: entry.value,
        kind: o.origin === 'helm' ? 'helm' : 'k8s',
        location: { path: entry.path ?? o.location.path, line: entry.path ? undefined : entry.line },
        detail: `${o.kind} ${o.name}, key ${entry.key} (${e.ref.kind}KeyRef from ${c.workload} container ${c.name})`,
      });
    } else if (!o && e.ref.optional && !e.ref.templated) {
      // optional and absent: this entry sets nothing
    } else unknown.add(e.name);
  }
  steps.push({ source: `env: of container ${c.name}`, loader: 'Kubernetes', mode: 'base', assignments: env });
  const vars = resolveVars(
    [...names].filter((n) => !unknown.has(n)),
    steps,
  );
  return { vars, unknown, opaque };
}

export function k8sTargets(facts: Facts): Target[] {
  const k8s = facts.deploy?.k8s;
  if (!k8s) return [];
  const out: Target[] = [];
  for (const c of k8s.containers) {
    const { vars, unknown, opaque } = containerVars(k8s, c);
    const names = [...Object.keys(vars), ...unknown];
    if (!relevant(names)) continue;
    const { keyVar } = keyVarOf(names);
    // only a determinate key makes a target: an out-of-band Secret could hold anything
    if (unknown.has(keyVar) || (!vars[keyVar]?.winner && opaque)) continue;
    out.push(
      finishTarget(
        {
          id: k8sTargetId(c),
          kind: 'k8s-container',
          label: `Kubernetes ${c.workload}, container ${c.name}${c.init ? ' (init)' : ''}`,
          location: c.location,
          loading:
            'Kubernetes: env: entries (last duplicate wins) beat envFrom: sources (the later source wins); Secrets decoded from base64',
          vars,
        },
        names,
      ),
    );
  }
  return out;
}
