/**
 * Kubernetes manifests (multi-document YAML and JSON), kustomize generators and Helm charts read
 * tolerantly: Secrets (base64 decoded), ConfigMaps, out-of-band secret sources (SealedSecret,
 * ExternalSecret, SecretProviderClass, `kubectl create secret`), and every container's env/envFrom.
 */
import type { Location, Note } from '../core/types.js';
import type { K8sContainer, K8sEnvFrom, K8sEnvVar, K8sFacts, K8sRef, K8sSecretLike } from './types.js';
import {
  YAML_TOJS_MAX_ALIAS_COUNT,
  bool,
  entries,
  get,
  items,
  parseYaml,
  isSeparator,
  shellWords,
  str,
  walkScalars,
  type YDoc,
} from './util.js';
import { isKeyName, isKeyValue, isKeyEntry, originIsAuthoritative } from './names.js';

export { isKeyEntry, originIsAuthoritative };
import { baseOf, dirOf, joinInside } from '../core/paths.js';
import type { DeployFiles } from './files.js';

/** Expands template tokens in a scalar (identity for plain manifests). */
export type Expand = (s: string) => { value: string; templated: boolean };
const plain: Expand = (s) => ({ value: s, templated: false });

const WORKLOAD_SPEC: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  Rollout: ['spec', 'template', 'spec'],
  PodTemplate: ['template', 'spec'],
};
const KNOWN_OTHER = new Set([
  'Service',
  'Ingress',
  'IngressClass',
  'Namespace',
  'ServiceAccount',
  'Role',
  'RoleBinding',
  'ClusterRole',
  'ClusterRoleBinding',
  'PersistentVolumeClaim',
  'PersistentVolume',
  'StorageClass',
  'HorizontalPodAutoscaler',
  'VerticalPodAutoscaler',
  'NetworkPolicy',
  'PodDisruptionBudget',
  'CustomResourceDefinition',
  'Certificate',
  'Issuer',
  'ClusterIssuer',
  'IngressRoute',
  'Middleware',
  'ServiceMonitor',
  'PodMonitor',
  'PrometheusRule',
  'Kustomization',
  'Component',
  'HelmRelease',
  'HelmRepository',
  'GitRepository',
  'Application',
  'AppProject',
  'Gateway',
  'HTTPRoute',
  'VirtualService',
  'DestinationRule',
  'LimitRange',
  'ResourceQuota',
  'PriorityClass',
  'Endpoints',
  'EndpointSlice',
  'Event',
  'SecretStore',
  'ClusterSecretStore',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
  'Lease',
  'PodSecurityPolicy',
  'KafkaTopic',
  'ScaledObject',
  'TriggerAuthentication',
]);

export function newK8sFacts(): K8sFacts {
  return { objects: [], containers: [], helmValueKeys: [] };
}

/** Whether a text looks like Kubernetes manifests (cheap prefilter before parsing). */
export function looksLikeK8s(text: string): boolean {
  return /(^|\n)\s*"?apiVersion"?\s*:/.test(text) && /(^|\n)\s*"?kind"?\s*:/.test(text);
}

export function readManifests(
  text: string,
  rel: string,
  origin: 'manifest' | 'helm',
  facts: K8sFacts,
  notes: Note[],
  expand: Expand = plain,
  docs?: YDoc[],
): void {
  for (const d of docs ?? parseYaml(text, rel, notes)) readObject(d, d.root, rel, origin, facts, notes, expand, 0);
}

function readObject(
  d: YDoc,
  node: unknown,
  rel: string,
  origin: 'manifest' | 'helm',
  facts: K8sFacts,
  notes: Note[],
  expand: Expand,
  depth: number,
): void {
  if (depth > 3) return;
  const kind = str(d, get(d, node, 'kind'));
  if (!kind) return;
  const loc: Location = { path: rel, line: d.line(node) };
  const sv = (n: unknown): { value: string; templated: boolean } | undefined => {
    const s = str(d, n);
    return s === undefined ? undefined : expand(s);
  };
  const metaName = sv(get(d, node, 'metadata', 'name'));
  const namespace = str(d, get(d, node, 'metadata', 'namespace'));
  if (kind === 'List') {
    for (const it of items(d, get(d, node, 'items'))) readObject(d, it, rel, origin, facts, notes, expand, depth + 1);
    return;
  }
  if (kind === 'Secret' || kind === 'ConfigMap') {
    const obj: K8sSecretLike = {
      kind,
      name: metaName?.value ?? '',
      namespace,
      origin,
      location: loc,
      complete: true,
      entries: [],
      templatedName: metaName?.templated || !metaName,
    };
    const add = (field: string, encoding: 'base64' | 'string') => {
      for (const e0 of entries(d, get(d, node, field))) {
        const k = expand(e0.key);
        const e = { ...e0, key: k.value };
        const line = d.line(e.keyNode);
        if (k.templated) {
          obj.complete = false;
          obj.entries.push({ key: e.key, encoding, line, templated: true });
          continue;
        }
        const s = sv(e.value);
        if (s === undefined) {
          obj.entries.push({ key: e.key, encoding, line, templated: true });
          continue;
        }
        if (s.templated) {
          obj.entries.push({ key: e.key, encoding, line, templated: true });
          continue;
        }
        if (encoding === 'base64') {
          const dec = decodeBase64(s.value);
          if (dec === undefined)
            notes.push({
              kind: 'encoding',
              path: rel,
              line,
              message: `Secret ${metaName?.value ?? ''} key ${e.key}: data is not valid base64 text (kubectl rejects it, or it holds binary data); its value is not checked`,
            });
          obj.entries.push(
            dec === undefined
              ? { key: e.key, encoding, line, decodeError: true }
              : { key: e.key, value: dec, encoding, line },
          );
        } else obj.entries.push({ key: e.key, value: s.value, encoding, line });
      }
    };
    add('data', kind === 'Secret' ? 'base64' : 'string');
    if (kind === 'Secret') add('stringData', 'string');
    else
      for (const e of entries(d, get(d, node, 'binaryData')))
        obj.entries.push({ key: e.key, encoding: 'base64', line: d.line(e.keyNode) });
    facts.objects.push(obj);
    return;
  }
  if (kind === 'SealedSecret') {
    const name = sv(get(d, node, 'spec', 'template', 'metadata', 'name')) ?? metaName;
    const keys = [
      ...entries(d, get(d, node, 'spec', 'encryptedData')).map((e) => ({ key: e.key, line: d.line(e.keyNode) })),
      ...entries(d, get(d, node, 'spec', 'template', 'data')).map((e) => ({ key: e.key, line: d.line(e.keyNode) })),
    ];
    facts.objects.push({
      kind: 'Secret',
      name: name?.value ?? '',
      namespace,
      origin: 'sealed-secret',
      location: loc,
      complete: true,
      entries: keys.map((k) => ({ key: k.key, encoding: 'string', line: k.line })),
      templatedName: name?.templated,
    });
    return;
  }
  if (kind === 'ExternalSecret' || kind === 'ClusterExternalSecret' || kind === 'PushSecret') {
    const spec = kind === 'ClusterExternalSecret' ? get(d, node, 'spec', 'externalSecretSpec') : get(d, node, 'spec');
    const name = sv(get(d, spec, 'target', 'name')) ?? metaName;
    const keys = items(d, get(d, spec, 'data'))
      .map((it) => ({ key: str(d, get(d, it, 'secretKey')) ?? '', line: d.line(it) }))
      .filter((k) => k.key);
    const templ = entries(d, get(d, spec, 'target', 'template', 'data')).map((e) => ({
      key: e.key,
      line: d.line(e.keyNode),
    }));
    const complete = get(d, spec, 'dataFrom') === undefined;
    facts.objects.push({
      kind: 'Secret',
      name: name?.value ?? '',
      namespace,
      origin: 'external-secret',
      location: loc,
      complete,
      entries: [...keys, ...templ].map((k) => ({ key: k.key, encoding: 'string', line: k.line })),
      templatedName: name?.templated,
    });
    return;
  }
  if (kind === 'SecretProviderClass') {
    for (const so of items(d, get(d, node, 'spec', 'secretObjects'))) {
      const name = sv(get(d, so, 'secretName'));
      const keys = items(d, get(d, so, 'data'))
        .map((it) => ({ key: str(d, get(d, it, 'key')) ?? '', line: d.line(it) }))
        .filter((k) => k.key);
      facts.objects.push({
        kind: 'Secret',
        name: name?.value ?? '',
        namespace,
        origin: 'csi-secret',
        location: { path: rel, line: d.line(so) },
        complete: true,
        entries: keys.map((k) => ({ key: k.key, encoding: 'string', line: k.line })),
        templatedName: name?.templated,
      });
    }
    return;
  }
  const specPath = WORKLOAD_SPEC[kind];
  if (specPath) {
    const spec = get(d, node, ...specPath);
    const workload = `${kind}/${metaName?.value ?? '?'}`;
    for (const [field, init] of [
      ['containers', false],
      ['initContainers', true],
    ] as const) {
      for (const c of items(d, get(d, spec, field))) {
        facts.containers.push({ ...readContainer(d, c, rel, workload, origin, init, sv), namespace });
      }
    }
    return;
  }
  if (!KNOWN_OTHER.has(kind) && !expand(kind).templated)
    notes.push({
      kind: 'skipped',
      path: rel,
      line: loc.line,
      message: `Kubernetes kind ${kind} is not one keydoctor reads for environment variables; passed over`,
    });
}

function readContainer(
  d: YDoc,
  c: unknown,
  rel: string,
  workload: string,
  origin: 'manifest' | 'helm',
  init: boolean,
  sv: (n: unknown) => { value: string; templated: boolean } | undefined,
): K8sContainer {
  const name = sv(get(d, c, 'name'))?.value ?? '?';
  const env: K8sEnvVar[] = [];
  for (const e of items(d, get(d, c, 'env'))) {
    const n = sv(get(d, e, 'name'));
    if (!n) continue;
    const line = d.line(e) ?? 0;
    const vf = get(d, e, 'valueFrom');
    if (vf !== undefined) {
      const sk = get(d, vf, 'secretKeyRef');
      const ck = get(d, vf, 'configMapKeyRef');
      const r = sk ?? ck;
      if (r !== undefined) {
        const rn = sv(get(d, r, 'name'));
        const rk = sv(get(d, r, 'key'));
        const ref: K8sRef = {
          kind: sk !== undefined ? 'secret' : 'configMap',
          name: rn?.value ?? '',
          key: rk?.value,
          optional: bool(d, get(d, r, 'optional')) ?? false,
          templated: Boolean(rn?.templated || rk?.templated || !rn),
        };
        env.push({ name: n.value, line, ref });
      } else env.push({ name: n.value, line, other: true });
      continue;
    }
    const v = get(d, e, 'value');
    const s = sv(v);
    env.push({
      name: n.value,
      line: d.line(v) ?? line,
      value: s?.templated ? undefined : (s?.value ?? ''),
      other: s?.templated ? true : undefined,
    });
  }
  const envFrom: K8sEnvFrom[] = [];
  for (const e of items(d, get(d, c, 'envFrom'))) {
    const sr = get(d, e, 'secretRef');
    const cr = get(d, e, 'configMapRef');
    const r = sr ?? cr;
    if (r === undefined) continue;
    const rn = sv(get(d, r, 'name'));
    const prefix = str(d, get(d, e, 'prefix'));
    envFrom.push({
      line: d.line(e) ?? 0,
      prefix,
      ref: {
        kind: sr !== undefined ? 'secret' : 'configMap',
        name: rn?.value ?? '',
        optional: bool(d, get(d, r, 'optional')) ?? false,
        templated: Boolean(rn?.templated || !rn),
      },
    });
  }
  const image = sv(get(d, c, 'image'))?.value;
  return {
    workload,
    name,
    location: { path: rel, line: d.line(c) },
    origin,
    init: init || undefined,
    env,
    envFrom,
    ...(image !== undefined ? { image } : {}),
  };
}

export function decodeBase64(s: string): string | undefined {
  const t = s.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(t) || t.length % 4 === 1) return undefined;
  const buf = Buffer.from(t, 'base64');
  const out = buf.toString('utf8');
  if (out.includes('\ufffd')) return undefined;
  return out;
}

// ---------------------------------------------------------------------------------------------
// kustomize

export function readKustomization(rel: string, text: string, facts: K8sFacts, notes: Note[], files: DeployFiles): void {
  const dir = dirOf(rel);
  for (const d of parseYaml(text, rel, notes)) {
    for (const [field, kind] of [
      ['secretGenerator', 'Secret'],
      ['configMapGenerator', 'ConfigMap'],
    ] as const) {
      for (const g of items(d, get(d, d.root, field))) {
        const name = str(d, get(d, g, 'name'));
        if (!name) continue;
        const obj: K8sSecretLike = {
          kind,
          name,
          namespace: str(d, get(d, g, 'namespace')),
          origin: 'kustomize',
          location: { path: rel, line: d.line(g) },
          complete: true,
          entries: [],
        };
        for (const l of items(d, get(d, g, 'literals'))) {
          const s = str(d, l);
          if (!s) continue;
          const eq = s.indexOf('=');
          if (eq < 0) continue;
          let v = s.slice(eq + 1);
          // kustomize strips one pair of matching quotes around a literal
          if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) v = v.slice(1, -1);
          obj.entries.push({ key: s.slice(0, eq), value: v, encoding: 'literal', line: d.line(l) });
        }
        for (const f of items(d, get(d, g, 'envs'))) {
          const p = str(d, f);
          if (!p) continue;
          const fr = joinInside(dir, p);
          if (!fr || !files.exists(fr)) {
            obj.complete = false;
            notes.push({
              kind: 'unreadable',
              path: rel,
              line: d.line(f),
              message: `kustomize ${field} envs file ${p} does not exist here`,
            });
            continue;
          }
          const t = files.read(fr);
          if (t === undefined) {
            obj.complete = false;
            continue;
          }
          t.split('\n').forEach((l0, i) => {
            const l = l0.replace(/\r$/, '').trim();
            if (!l || l.startsWith('#')) return;
            const eq = l.indexOf('=');
            if (eq < 0) return;
            obj.entries.push({
              key: l.slice(0, eq).trim(),
              value: l.slice(eq + 1),
              encoding: 'env-file',
              line: i + 1,
              path: fr,
            });
          });
        }
        for (const f of items(d, get(d, g, 'files'))) {
          const s = str(d, f);
          if (!s) continue;
          const eq = s.indexOf('=');
          const key = eq < 0 ? baseOf(s) : s.slice(0, eq);
          const p = eq < 0 ? s : s.slice(eq + 1);
          const fr = joinInside(dir, p);
          if (!fr || !files.exists(fr)) {
            obj.entries.push({ key, encoding: 'file', line: d.line(f), path: fr });
            continue;
          }
          const t = files.read(fr);
          obj.entries.push({ key, value: t, encoding: 'file', line: d.line(f), path: fr });
        }
        facts.objects.push(obj);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Helm

const TOKEN = (i: number) => `KDTPL${i}X`;

/** Reads a chart's values file into plain data. */
export function helmValues(text: string | undefined): unknown {
  if (!text) return {};
  try {
    // One document, parsed with the same checks as every YAML file (syntax errors, alias bombs and
    // cycles: nothing followed), then plain data with the yaml package's own alias guard. toJS on a
    // document with syntax errors can run for minutes: it never sees one.
    const docs = parseYaml(text.replace(/\{\{[\s\S]*?\}\}/g, ''), 'values.yaml', []);
    if (docs.length !== 1) return {};
    return (docs[0] as YDoc).doc.toJS({ maxAliasCount: YAML_TOJS_MAX_ALIAS_COUNT }) ?? {};
  } catch {
    return {};
  }
}

function followValue(values: unknown, expr: string): string | undefined {
  // `.Values.a.b | quote`, `.Values.a.b | b64enc | quote`, `default "x" .Values.a`, `.Values.a | default "x"`
  const parts = expr
    .split('|')
    .map((p) => p.trim())
    .filter(Boolean);
  let head = parts.shift() ?? '';
  let dflt: string | undefined;
  const dm = /^default\s+("(?:[^"\\]|\\.)*"|\S+)\s+(\S+)$/.exec(head);
  if (dm) {
    dflt = (dm[1] as string).replace(/^"|"$/g, '');
    head = dm[2] as string;
  }
  const vm = /^\$?\.Values((?:\.[A-Za-z0-9_-]+)+)$/.exec(head);
  if (!vm) return undefined;
  let cur: unknown = values;
  for (const k of (vm[1] as string).split('.').filter(Boolean))
    cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  let v: string | undefined =
    typeof cur === 'string' || typeof cur === 'number' || typeof cur === 'boolean' ? String(cur) : undefined;
  if (v === '' && dflt === undefined && !parts.some((p) => p.startsWith('default'))) return undefined;
  for (const p of parts) {
    const w = p.split(/\s+/);
    if (w[0] === 'quote' || w[0] === 'squote' || w[0] === 'toString') continue;
    if (w[0] === 'default') {
      if (v === undefined || v === '') v = w.slice(1).join(' ').replace(/^"|"$/g, '');
      continue;
    }
    if (w[0] === 'b64enc') {
      if (v !== undefined) v = Buffer.from(v).toString('base64');
      continue;
    }
    if (w[0] === 'trim') {
      if (v !== undefined) v = v.trim();
      continue;
    }
    return undefined;
  }
  if ((v === undefined || v === '') && dflt !== undefined) v = dflt;
  // an empty value in values.yaml is the "set it at install time" convention: unknown, not empty
  return v === '' ? undefined : v;
}

/**
 * Makes a Helm template parseable without rendering it: control lines are dropped, `{{ ... }}`
 * expressions become tokens; `.Values.x` (with quote/b64enc/default/trim) is followed from values.yaml.
 */
export function prepareHelmTemplate(
  text: string,
  values: unknown,
): { text: string; expand: Expand; unfollowed: number; lines: number } {
  const found = new Map<string, string | undefined>();
  let n = 0;
  let unfollowed = 0;
  let dropped = 0;
  const outLines: string[] = [];
  const noComments = text.replace(/\{\{-?\s*\/\*[\s\S]*?\*\/\s*-?\}\}/g, (m) => m.replace(/[^\n]/g, ''));
  for (const line of noComments.split('\n')) {
    const t = line.trim();
    if (/^\{\{-?[\s\S]*-?\}\}$/.test(t) && !/\}\}[\s\S]*\{\{/.test(t) && !/^\{\{-?\s*\.Values/.test(t)) {
      // a whole-line action: if/else/end/range/with/define, or an include/toYaml block we cannot follow
      if (/\b(include|toYaml|tpl|template)\b/.test(t)) {
        unfollowed++;
        dropped++;
      }
      outLines.push('');
      continue;
    }
    outLines.push(
      line.replace(/\{\{-?([\s\S]*?)-?\}\}/g, (_m, expr: string) => {
        const v = followValue(values, expr.trim());
        const tok = TOKEN(n++);
        found.set(tok, v);
        if (v === undefined) unfollowed++;
        return tok;
      }),
    );
  }
  const expand: Expand = (s) => {
    let templated = false;
    const value = s.replace(/KDTPL\d+X/g, (tok) => {
      const v = found.get(tok);
      if (v === undefined) {
        templated = true;
        return '{{…}}';
      }
      return v;
    });
    return { value, templated };
  };
  return { text: outLines.join('\n'), expand, unfollowed, lines: dropped };
}

/** Reads one chart template; returns how many template expressions were not followed. */
export function readHelmTemplate(rel: string, text: string, values: unknown, facts: K8sFacts, notes: Note[]): number {
  if (!/\.(ya?ml|tpl)$/.test(rel) || baseOf(rel).startsWith('_')) return 0; // _helpers.tpl holds definitions only
  const prep = prepareHelmTemplate(text, values);
  const quiet: Note[] = [];
  const docs = parseYaml(prep.text, rel, quiet);
  if (quiet.length > 0) {
    notes.push({
      kind: 'skipped',
      path: rel,
      message:
        'Helm template keydoctor cannot follow without rendering it (templating changes its YAML structure); run `helm template` and point keydoctor at the output to check it',
    });
    return 0;
  }
  readManifests(prep.text, rel, 'helm', facts, notes, prep.expand, docs);
  return prep.unfollowed;
}

/** Clear-text keys in Helm values files. */
export function readHelmValues(rel: string, text: string, facts: K8sFacts, notes: Note[]): void {
  for (const d of parseYaml(text, rel, notes)) {
    walkScalars(d, d.root, [], (path, value, node) => {
      const name = path[path.length - 1] ?? '';
      if (!isKeyValue(value, name) && !(isKeyName(name) && isKeyValue(value, 'OPENAI_API_KEY'))) return;
      facts.helmValueKeys.push({ location: { path: rel, line: d.line(node) }, path: path.join('.'), value });
    });
  }
}

// ---------------------------------------------------------------------------------------------
// `kubectl create secret generic` in scripts, docs and CI

export function kubectlSecrets(text: string, rel: string, facts: K8sFacts, notes: Note[], files: DeployFiles): void {
  const joined = text.replace(/\\\r?\n/g, ' ');
  for (const m of joined.matchAll(
    /kubectl\s+(?:-n\s+\S+\s+|--namespace[= ]\S+\s+)?create\s+secret\s+generic\s+[^\n]*/g,
  )) {
    const before = joined.slice(0, m.index ?? 0);
    const line = before.split('\n').length;
    const words = shellWords(m[0]);
    const gi = words.indexOf('generic');
    const name = words[gi + 1];
    if (!name || name.startsWith('-')) continue;
    const obj: K8sSecretLike = {
      kind: 'Secret',
      name: name.replace(/[$`].*/, ''),
      origin: 'kubectl',
      location: { path: rel, line },
      complete: true,
      entries: [],
    };
    if (/[$`]/.test(name)) obj.templatedName = true;
    for (const w of words.slice(gi + 2)) {
      if (isSeparator(w)) break;
      let mm = /^--from-literal=([^=]+)=([\s\S]*)$/.exec(w);
      if (mm) {
        obj.entries.push({
          key: mm[1] as string,
          value: /[$`]/.test(mm[2] as string) ? undefined : mm[2],
          encoding: 'literal',
          line,
        });
        continue;
      }
      mm = /^--from-file=(?:([^=]+)=)?(.+)$/.exec(w);
      if (mm) {
        const p = mm[2] as string;
        const fr = joinInside('', p);
        const key = mm[1] ?? baseOf(p);
        const value = fr && files.exists(fr) ? files.read(fr) : undefined;
        obj.entries.push({ key, value, encoding: 'file', line, path: fr });
        continue;
      }
      if (/^--from-env-file=/.test(w)) obj.complete = false;
    }
    facts.objects.push(obj);
  }
}
