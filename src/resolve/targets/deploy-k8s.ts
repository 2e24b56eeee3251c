/** Kubernetes containers as targets: env (wins) over envFrom (later source wins), Secrets decoded. */
import type { Facts } from '../../core/facts.js';
import type { Resolution, Target } from '../../core/types.js';
import type { K8sContainer, K8sFacts, K8sRef, K8sSecretLike } from '../../deploy/types.js';
import { chainOf, finishTarget, keyVarOf, relevant, type Candidate } from './deploy-common.js';

export function findObject(k8s: K8sFacts, ref: K8sRef): K8sSecretLike | undefined {
  const kind = ref.kind === 'secret' ? 'Secret' : 'ConfigMap';
  const all = k8s.objects.filter((o) => o.kind === kind && o.name === ref.name && !o.templatedName);
  return all.find((o) => o.entries.some((e) => e.key === ref.key)) ?? all[0];
}

export function k8sTargetId(c: K8sContainer): string {
  return `k8s:${c.workload}/${c.name}`;
}

/** Resolves a container's variables; names whose value cannot be known from the files are in `unknown`. */
export function containerVars(k8s: K8sFacts, c: K8sContainer): { vars: Record<string, Resolution>; unknown: Set<string>; opaque: boolean } {
  const cands = new Map<string, Candidate[]>();
  const unknown = new Set<string>();
  let opaque = false;
  const add = (name: string, cand: Candidate | undefined) => {
    const list = cands.get(name) ?? [];
    if (cand) list.push(cand);
    cands.set(name, list);
  };
  // env: later duplicates win, and any env beats envFrom
  const envOrder = [...c.env].reverse();
  for (const e of envOrder) {
    if (cands.get(e.name)?.length || unknown.has(e.name)) { if (e.value !== undefined) add(e.name, { assignment: { name: e.name, value: e.value, kind: c.origin === 'helm' ? 'helm' : 'k8s', location: { path: c.location.path, line: e.line }, detail: `${c.workload} container ${c.name}: env` }, reason: 'a later env entry with the same name wins' }); continue; }
    if (e.other) { unknown.add(e.name); continue; }
    if (e.value !== undefined) { add(e.name, { assignment: { name: e.name, value: e.value, kind: c.origin === 'helm' ? 'helm' : 'k8s', location: { path: c.location.path, line: e.line }, detail: `${c.workload} container ${c.name}: env value` }, reason: 'env: value in the manifest' }); continue; }
    if (!e.ref) continue;
    const o = e.ref.templated ? undefined : findObject(k8s, e.ref);
    const entry = o?.entries.find((x) => x.key === e.ref?.key);
    if (entry?.value !== undefined && o) {
      add(e.name, { assignment: { name: e.name, value: entry.value, kind: o.origin === 'helm' ? 'helm' : 'k8s', location: { path: entry.path ?? o.location.path, line: entry.path ? undefined : entry.line }, detail: `${o.kind} ${o.name}, key ${entry.key} (${e.ref.kind}KeyRef from ${c.workload} container ${c.name})` }, reason: `${e.ref.kind === 'secret' ? 'secretKeyRef' : 'configMapKeyRef'} ${o.name}/${entry.key}` });
    } else if (!o && e.ref.optional && !e.ref.templated) {
      add(e.name, undefined); // optional and absent: the variable is simply not set
    } else unknown.add(e.name);
  }
  for (const ef of [...c.envFrom].reverse()) {
    const o = ef.ref.templated ? undefined : findObject(k8s, ef.ref);
    if (!o) { if (!(ef.ref.optional && !ef.ref.templated)) opaque = true; continue; }
    if (!o.complete) opaque = true;
    for (const en of o.entries) {
      const name = (ef.prefix ?? '') + en.key;
      if (en.value === undefined) { if (!cands.get(name)?.length) unknown.add(name); continue; }
      const has = cands.get(name)?.length ?? 0;
      add(name, { assignment: { name, value: en.value, kind: o.origin === 'helm' ? 'helm' : 'k8s', location: { path: en.path ?? o.location.path, line: en.path ? undefined : en.line }, detail: `${o.kind} ${o.name}, key ${en.key} (envFrom ${ef.ref.kind}Ref)` }, reason: has ? (c.env.some((x) => x.name === name) ? 'env: beats envFrom' : 'a later envFrom source wins') : `envFrom ${ef.ref.kind}Ref ${o.name}` });
    }
  }
  const vars: Record<string, Resolution> = {};
  for (const [name, list] of cands) if (!unknown.has(name)) vars[name] = chainOf(name, list);
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
    out.push(finishTarget({
      id: k8sTargetId(c),
      kind: 'k8s-container',
      label: `Kubernetes ${c.workload}, container ${c.name}${c.init ? ' (init)' : ''}`,
      location: c.location,
      loading: 'Kubernetes: env: entries (last duplicate wins) beat envFrom: sources (the later source wins); Secrets decoded from base64',
      vars,
    }, names));
  }
  return out;
}
