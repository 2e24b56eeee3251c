import type { FindingDraft } from '../../core/types.js';
import type { K8sContainer, K8sRef } from '../../deploy/types.js';
import { llmName, originIsAuthoritative } from '../../deploy/names.js';
import type { Check } from '../types.js';

export const check: Check = {
  meta: {
    id: 'k8s-secret-ref-broken',
    title: 'A container references a Secret or key that is not defined',
    severity: 'error',
    area: 'deploy',
    docs: {
      what: "A container's `env.valueFrom.secretKeyRef` or `envFrom.secretRef` names a Secret, or a key in it, that none of the manifests, kustomize generators, Helm templates, sealed/external secrets or `kubectl create secret` commands in the repository define. A Secret that exists but lacks the key is an error; a Secret that is not found at all is a warning, because it may be created outside the repository, and only when it holds LLM set-up (an OpenAI or other LLM key variable, or a Secret named for it): most Secrets of other services are made out of band.",
      why: 'The pod never starts: it stays in `CreateContainerConfigError` with `Error: secret "openai" not found` or `couldn\'t find key OPENAI_API_KEY in Secret default/openai`. With `optional: true` it starts without the variable, so the app has no key.',
      fix: 'Make the names match: create the Secret (`kubectl create secret generic openai --from-literal=OPENAI_API_KEY=...`), or fix `name:`/`key:` in the reference (keys are case-sensitive). Check the namespace too: a Secret is only visible in its own namespace.',
    },
  },
  run({ facts }) {
    const k8s = facts.deploy?.k8s;
    if (!k8s) return [];
    const out: FindingDraft[] = [];
    const secrets = k8s.objects.filter((o) => o.kind === 'Secret');
    const templatedSecrets = secrets.some((o) => o.templatedName);
    const check1 = (c: K8sContainer, ref: K8sRef, line: number, via: string) => {
      if (ref.kind !== 'secret' || ref.optional || ref.templated || !ref.name) return;
      const same = secrets.filter((o) => o.name === ref.name);
      const target = `k8s:${c.workload}/${c.name}`;
      const loc = { path: c.location.path, line };
      if (same.length === 0) {
        // Made out of band, as most are: only a Secret that holds LLM set-up is worth a warning.
        const llm =
          (via !== 'its whole environment' && llmName(via)) ||
          (ref.key !== undefined && llmName(ref.key)) ||
          /openai|llm/i.test(ref.name);
        if (!llm) return;
        out.push({
          id: 'k8s-secret-ref-broken',
          severity: 'warning',
          message: `${c.workload} container ${c.name} reads ${via} from Secret ${ref.name}, which no manifest, kustomize generator, Helm template${templatedSecrets ? ' (some Helm Secret names are templated and were not followed)' : ''} or \`kubectl create secret\` in this repository defines: if it is not created out of band, the pod fails with "secret \\"${ref.name}\\" not found".`,
          location: loc,
          target,
          fix: {
            summary: `Create the Secret in the same namespace, or fix the name in the reference.`,
            command: `(IFS= read -rs K && printf %s "$K" | kubectl create secret generic ${ref.name} --from-file=${ref.key ?? 'OPENAI_API_KEY'}=/dev/stdin)`,
          },
          data: { secret: ref.name, key: ref.key },
        });
        return;
      }
      const ns = c.namespace;
      if (ns && same.every((o) => o.namespace && o.namespace !== ns)) {
        out.push({
          id: 'k8s-secret-ref-broken',
          severity: 'warning',
          message: `${c.workload} container ${c.name} (namespace ${ns}) reads ${via} from Secret ${ref.name}, but the manifests define it only in namespace ${[...new Set(same.map((o) => o.namespace))].join(', ')}: a pod sees Secrets of its own namespace only.`,
          location: loc,
          target,
          related: same.map((o) => ({ ...o.location, note: `Secret ${o.name} (namespace ${o.namespace})` })),
          fix: { summary: `Create the Secret in namespace ${ns} too, or move the workload.` },
          data: { secret: ref.name, key: ref.key, namespace: ns },
        });
        return;
      }
      if (!ref.key) return;
      if (same.some((o) => o.entries.some((e) => e.key === ref.key) || !o.complete)) return;
      const sure = same.some((o) => originIsAuthoritative(o.origin));
      const keys = [...new Set(same.flatMap((o) => o.entries.map((e) => e.key)))];
      const close = keys.find(
        (k) => k.toLowerCase().replace(/[-_.]/g, '') === ref.key?.toLowerCase().replace(/[-_.]/g, ''),
      );
      out.push({
        id: 'k8s-secret-ref-broken',
        severity: sure ? undefined : 'warning',
        message: `${c.workload} container ${c.name} reads key ${ref.key} of Secret ${ref.name}, but that Secret (${same[0]?.location.path}) has only ${keys.length ? keys.join(', ') : 'no keys'}${close ? ` (keys are case- and spelling-sensitive: ${close})` : ''}: the pod fails with "couldn't find key ${ref.key} in Secret".`,
        location: loc,
        target,
        related: same.map((o) => ({ ...o.location, note: `Secret ${o.name}` })),
        fix: {
          summary: close
            ? `Use key: ${close} in the reference (or rename the key in the Secret).`
            : `Add ${ref.key} to Secret ${ref.name}, or reference one of its keys.`,
        },
        data: { secret: ref.name, key: ref.key, keys },
      });
    };
    for (const c of k8s.containers) {
      for (const e of c.env) if (e.ref) check1(c, e.ref, e.line, e.name);
      for (const ef of c.envFrom) check1(c, ef.ref, ef.line, 'its whole environment');
    }
    return out;
  },
};
