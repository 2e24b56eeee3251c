import type { FindingDraft } from '../../core/types.js';
import { isKeyValue } from '../../deploy/names.js';
import type { Check } from '../types.js';

const FIX =
  'Move the key into a Secret (`kubectl create secret generic openai --from-literal=OPENAI_API_KEY=...`, or a SealedSecret / ExternalSecret) and reference it with `valueFrom.secretKeyRef` or `envFrom.secretRef`; in Helm, pass it at install time (`--set` or an uncommitted values file) or use an existing Secret. Rotate the exposed key.';

export const check: Check = {
  meta: {
    id: 'key-in-configmap',
    title: 'The key sits in Kubernetes config in clear text',
    severity: 'error',
    area: 'deploy',
    docs: {
      what: "A Kubernetes ConfigMap (or kustomize `configMapGenerator` literal), a container's plain `env: value:`, or a Helm values file holds the key in clear text. A Secret is the right place for the key (a Secret manifest holding the key in a file git does not ignore is reported as key-hardcoded: base64 is an encoding, not encryption).",
      why: 'ConfigMaps and pod specs are readable by anyone with `get` rights on them and show up in `kubectl describe`, dashboards and logs; values files and manifests live in git, so the key leaks with the repository and keeps being deployed after it was rotated.',
      fix: 'Put the key in a Secret (created out of band, sealed, or synced by external-secrets) and reference it with `secretKeyRef`/`secretRef`; pass Helm values with the key at install time. Rotate the key that was committed.',
    },
  },
  run({ facts }) {
    const k8s = facts.deploy?.k8s;
    if (!k8s) return [];
    const out: FindingDraft[] = [];
    const covered = new Set<string>();
    const mark = (path: string, line?: number) => covered.add(`${path}:${line ?? 0}`);
    for (const o of k8s.objects) {
      for (const e of o.entries) {
        if (e.value === undefined || !isKeyValue(e.value.trim(), e.key)) continue;
        const loc = { path: e.path ?? o.location.path, line: e.path ? undefined : e.line };
        if (o.kind === 'ConfigMap' && o.origin !== 'kubectl') {
          mark(o.location.path, e.line);
          out.push({
            id: 'key-in-configmap',
            message: `ConfigMap ${o.name}${o.origin === 'kustomize' ? ' (kustomize configMapGenerator)' : ''} holds the key in clear text under ${e.key}.`,
            location: loc,
            fix: { summary: FIX },
            data: { object: `ConfigMap/${o.name}`, key: e.key },
          });
        } else if (o.kind === 'Secret') {
          mark(o.location.path, e.line); // a Secret is the right place; a committed one is a note (collector), not this finding
        }
      }
    }
    for (const c of k8s.containers) {
      for (const e of c.env) {
        if (e.value === undefined || !isKeyValue(e.value, e.name)) continue;
        mark(c.location.path, e.line);
        out.push({
          id: 'key-in-configmap',
          message: `${c.workload} container ${c.name} sets ${e.name} to the key as a plain env value in ${c.location.path}.`,
          location: { path: c.location.path, line: e.line },
          fix: { summary: FIX },
          data: { workload: c.workload, container: c.name, variable: e.name },
        });
      }
    }
    for (const h of k8s.helmValueKeys) {
      mark(h.location.path, h.location.line);
      out.push({
        id: 'key-in-configmap',
        message: `The Helm values file ${h.location.path} holds the key in clear text at ${h.path}.`,
        location: h.location,
        fix: { summary: FIX },
        data: { path: h.path },
      });
    }
    const kinds = new Set(['k8s', 'helm-template', 'helm-values', 'kustomization']);
    const files = new Set((facts.deploy?.files ?? []).filter((f) => kinds.has(f.kind)).map((f) => f.rel));
    for (const c of facts.deploy?.claimed ?? []) {
      if (!files.has(c.path) || covered.has(`${c.path}:${c.line ?? 0}`)) continue;
      mark(c.path, c.line);
      out.push({
        id: 'key-in-configmap',
        message: `A key literal sits in the Kubernetes file ${c.path} line ${c.line ?? '?'}, in clear text.`,
        location: c,
        fix: { summary: FIX },
      });
    }
    return out;
  },
};
