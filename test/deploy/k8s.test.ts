import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { prepareHelmTemplate } from '../../src/deploy/k8s.js';
import { openaiKey } from '../helpers/keys.js';
import { tempProject } from '../helpers/project.js';
import { runDiagnosis } from '../../src/pipeline/diagnose.js';
import { b64, collect, ids } from './util.js';

const deployment = (env: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: chat
  labels: { app: chat }
spec:
  replicas: 2
  selector:
    matchLabels: { app: chat }
  template:
    metadata:
      labels: { app: chat }
    spec:
      containers:
        - name: chat
          image: ghcr.io/acme/chat:1.4.2
          ports: [{ containerPort: 8000 }]
${env}`;

const secretRef = (name: string, key: string, optional = false) => `          env:
            - name: OPENAI_MODEL
              value: gpt-4o-mini
            - name: OPENAI_API_KEY
              valueFrom:
                secretKeyRef:
                  name: ${name}
                  key: ${key}${optional ? '\n                  optional: true' : ''}
`;

const secret = (name: string, data: string) => `apiVersion: v1
kind: Secret
metadata:
  name: ${name}
type: Opaque
data:
  ${data}
`;

describe('Kubernetes manifests', () => {
  it('multi-document file: Secret decoded, the container gets it, healthy (Secret file git-ignored)', async () => {
    const key = openaiKey('proj', 'k8s-ok');
    const r = await collect({
      '.gitignore': 'k8s/secret.yaml\n',
      'k8s/secret.yaml': secret('openai', `OPENAI_API_KEY: ${b64(key)}`),
      'k8s/app.yaml': `---\n${deployment(secretRef('openai', 'OPENAI_API_KEY'))}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: chat\nspec:\n  ports: [{ port: 80 }]\n`,
    });
    const t = r.targets.find((x) => x.id === 'k8s:Deployment/chat/chat');
    assert.equal(t?.vars.OPENAI_API_KEY?.value, key);
    assert.equal(t?.vars.OPENAI_MODEL?.value, 'gpt-4o-mini');
    assert.deepEqual(ids(r.findings), []);
    assert.ok(r.facts.deploy?.secretValues?.includes(key));
    assert.ok(r.facts.deploy?.files.some((f) => f.rel === 'k8s/app.yaml' && f.kind === 'k8s'));
  });

  it('echo | base64: trailing newline, and the container really gets it', async () => {
    const key = openaiKey('proj', 'k8s-nl');
    const r = await collect({
      '.gitignore': 'secret.yaml\n',
      'secret.yaml': secret('openai', `OPENAI_API_KEY: ${b64(key + '\n')}`),
      'deploy.yaml': deployment(secretRef('openai', 'OPENAI_API_KEY')),
    });
    assert.deepEqual(ids(r.findings), ['k8s-secret-trailing-newline']);
    assert.equal(r.targets[0]?.vars.OPENAI_API_KEY?.value, key + '\n');
    assert.match(r.findings[0]?.fix?.summary ?? '', /printf %s/);
  });

  it('a ConfigMap or env value with the key is an error; a Secret manifest is left to the scan', async () => {
    const key = openaiKey('proj', 'k8s-cm');
    const r = await collect({
      'secret.yaml': secret('openai', `OPENAI_API_KEY: ${b64(key)}`),
      'cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  OPENAI_API_KEY: "${key}"\n`,
      'deploy.yaml': deployment(
        `          env:\n            - name: OPENAI_API_KEY\n              value: ${key}\n          envFrom:\n            - configMapRef:\n                name: cfg\n`,
      ),
    });
    const cm = r.findings.filter((f) => f.id === 'key-in-configmap');
    assert.equal(cm.length, 2);
    assert.ok(cm.every((f) => f.severity === undefined));
    // Not claimed: the scan reports a key in a Secret manifest git does not ignore as key-hardcoded.
    assert.ok(!r.facts.deploy?.claimed.some((c) => c.path === 'secret.yaml'));
    assert.ok(r.facts.deploy?.claimed.some((c) => c.path === 'cm.yaml' && c.line === 6));
    assert.ok(r.facts.deploy?.claimed.some((c) => c.path === 'deploy.yaml'));
  });

  it('broken references: missing Secret (warning), missing key (error, with the close spelling), optional ones pass', async () => {
    const key = openaiKey('proj', 'k8s-ref');
    const r = await collect({
      '.gitignore': 's.yaml\n',
      's.yaml': secret('openai', `openai-api-key: ${b64(key)}`),
      'a.yaml': deployment(secretRef('openai', 'OPENAI_API_KEY')),
      'b.yaml': deployment(secretRef('nowhere', 'OPENAI_API_KEY')).replace('name: chat\n', 'name: other\n'),
      'c.yaml': deployment(secretRef('nowhere', 'OPENAI_API_KEY', true)).replace('name: chat\n', 'name: third\n'),
    });
    const broken = r.findings.filter((f) => f.id === 'k8s-secret-ref-broken');
    assert.equal(broken.length, 2);
    const keyMiss = broken.find((f) => f.location?.path === 'a.yaml');
    assert.equal(keyMiss?.severity, undefined); // the catalog severity: error
    assert.match(keyMiss?.message ?? '', /openai-api-key/);
    assert.equal(broken.find((f) => f.location?.path === 'b.yaml')?.severity, 'warning');
    // the optional, absent Secret: the container has no key (a target for key-missing)
    const third = r.targets.find((t) => t.id === 'k8s:Deployment/third/chat');
    assert.equal(third?.vars.OPENAI_API_KEY?.winner, undefined);
  });

  it('Secrets created out of band count as defined: ExternalSecret, SealedSecret, kubectl in docs', async () => {
    const r = await collect({
      'es.yaml':
        'apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata:\n  name: openai-es\nspec:\n  refreshInterval: 1h\n  secretStoreRef: { name: vault, kind: ClusterSecretStore }\n  target:\n    name: openai\n  data:\n    - secretKey: OPENAI_API_KEY\n      remoteRef: { key: prod/openai, property: key }\n',
      'sealed.yaml':
        'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: sealed-openai\nspec:\n  encryptedData:\n    OPENAI_API_KEY: AgBy3i4OJSWK+PiTySYZZA==\n',
      'README.md':
        '# Deploy\n\n```bash\nkubectl create secret generic from-docs \\\n  --from-literal=OPENAI_API_KEY="$OPENAI_API_KEY"\n```\n',
      'a.yaml': deployment(secretRef('openai', 'OPENAI_API_KEY')),
      'b.yaml': deployment(secretRef('sealed-openai', 'OPENAI_API_KEY')).replace('name: chat\n', 'name: b\n'),
      'c.yaml': deployment(secretRef('from-docs', 'OPENAI_API_KEY')).replace('name: chat\n', 'name: c\n'),
    });
    assert.deepEqual(ids(r.findings), []);
    // values unknown from the repository: no target is guessed
    assert.deepEqual(r.targets, []);
  });

  it('JSON manifests and kind: List; envFrom with prefix; env beats envFrom', async () => {
    const k1 = openaiKey('proj', 'j1');
    const k2 = openaiKey('proj', 'j2');
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'ai' }, stringData: { API_KEY: k1, OPENAI_API_KEY: k2 } },
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'p' },
          spec: {
            containers: [
              {
                name: 'c',
                image: 'x',
                envFrom: [{ secretRef: { name: 'ai' }, prefix: 'OPENAI_' }, { secretRef: { name: 'ai' } }],
                env: [{ name: 'OPENAI_API_KEY', valueFrom: { secretKeyRef: { name: 'ai', key: 'API_KEY' } } }],
              },
            ],
          },
        },
      ],
    };
    const r = await collect({ '.gitignore': 'm.json\n', 'm.json': JSON.stringify(list, null, 2) });
    const t = r.targets.find((x) => x.id === 'k8s:Pod/p/c');
    assert.equal(t?.vars.OPENAI_API_KEY?.value, k1);
    assert.equal(t?.vars.OPENAI_OPENAI_API_KEY?.value, k2);
    assert.equal(t?.vars.OPENAI_API_KEY?.chain.length, 3); // env, then envFrom ai (no prefix), then envFrom ai with prefix OPENAI_ + API_KEY
  });

  it('a container that names no key variable (Entra ID / workload identity) is not a target', async () => {
    const r = await collect({
      'd.yaml': deployment(
        '          env:\n            - name: AZURE_OPENAI_ENDPOINT\n              value: https://acme.openai.azure.com/\n            - name: AZURE_CLIENT_ID\n              value: 00000000-0000-0000-0000-000000000000\n',
      ),
    });
    assert.deepEqual(r.targets, []);
    assert.deepEqual(r.findings, []);
  });

  it('malformed YAML and unknown kinds are notes, never findings', async () => {
    const r = await collect({
      'bad.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\n data: [\n',
      'crd.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  env: OPENAI_API_KEY\n',
    });
    assert.deepEqual(r.findings, []);
    assert.ok(r.facts.notes.some((n) => n.path === 'bad.yaml' && n.kind === 'parse-error'));
    assert.ok(r.facts.notes.some((n) => n.path === 'crd.yaml' && /Widget/.test(n.message)));
  });
});

describe('namespaces and generated Secrets', () => {
  it('a Secret only in another namespace is a warning', async () => {
    const key = openaiKey('proj', 'ns');
    const r = await collect({
      '.gitignore': 's.yaml\n',
      's.yaml': secret('openai', `OPENAI_API_KEY: ${b64(key)}`).replace(
        '  name: openai\n',
        '  name: openai\n  namespace: staging\n',
      ),
      'd.yaml': deployment(secretRef('openai', 'OPENAI_API_KEY')).replace(
        '  name: chat\n',
        '  name: chat\n  namespace: prod\n',
      ),
    });
    assert.deepEqual(
      r.findings.map((f) => [f.id, f.severity]),
      [['k8s-secret-ref-broken', 'warning']],
    );
    assert.match(r.findings[0]?.message ?? '', /namespace/);
  });

  it('a committed secretGenerator literal with the key is left to the scan, and the container gets it', async () => {
    const key = openaiKey('proj', 'kzlit');
    const r = await collect({
      'kustomization.yaml': `resources: [d.yaml]\nsecretGenerator:\n  - name: openai\n    literals:\n      - OPENAI_API_KEY=${key}\n`,
      'd.yaml': deployment(secretRef('openai', 'OPENAI_API_KEY')),
    });
    assert.deepEqual(r.findings, []);
    assert.ok(!r.facts.deploy?.claimed.some((c) => c.path === 'kustomization.yaml'));
    assert.equal(r.targets[0]?.vars.OPENAI_API_KEY?.value, key);
  });
});

describe('kustomize', () => {
  it('base + overlay: generators define Secrets; files keep their final newline; configMapGenerator literals leak', async () => {
    const key = openaiKey('proj', 'kz');
    const r = await collect({
      '.gitignore': 'overlays/prod/openai.key\n',
      'base/kustomization.yaml':
        'resources:\n  - deployment.yaml\nconfigMapGenerator:\n  - name: chat-config\n    literals:\n      - MODEL=gpt-4o-mini\n',
      'base/deployment.yaml': deployment(secretRef('openai', 'OPENAI_API_KEY')),
      'overlays/prod/kustomization.yaml':
        'resources:\n  - ../../base\nnamePrefix: prod-\nsecretGenerator:\n  - name: openai\n    files:\n      - OPENAI_API_KEY=openai.key\n',
      'overlays/prod/openai.key': key + '\n',
      'overlays/dev/kustomization.yaml': `resources:\n  - ../../base\nconfigMapGenerator:\n  - name: dev-config\n    literals:\n      - OPENAI_API_KEY=${key}\n`,
    });
    assert.deepEqual(ids(r.findings), ['k8s-secret-trailing-newline', 'key-in-configmap']);
    const nl = r.findings.find((f) => f.id === 'k8s-secret-trailing-newline');
    assert.equal(nl?.location?.path, 'overlays/prod/openai.key');
    assert.match(nl?.message ?? '', /kustomize/);
    assert.ok(
      r.facts.deploy?.files.some((f) => f.kind === 'kustomization' && f.rel === 'overlays/prod/kustomization.yaml'),
    );
  });
});

describe('Helm charts', () => {
  const chart = (valuesKey: string) => ({
    'chart/Chart.yaml': 'apiVersion: v2\nname: chat\nversion: 0.1.0\n',
    'chart/values.yaml': `replicaCount: 1\nimage:\n  repository: ghcr.io/acme/chat\n  tag: "1.4.2"\nopenai:\n  apiKey: "${valuesKey}"\n  existingSecret: ""\nenv:\n  - name: LOG_LEVEL\n    value: info\n`,
    'chart/templates/_helpers.tpl': '{{- define "chat.fullname" -}}{{ .Release.Name }}-chat{{- end }}\n',
    'chart/templates/secret.yaml':
      '{{- if not .Values.openai.existingSecret }}\napiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ include "chat.fullname" . }}\n  labels:\n    {{- include "chat.labels" . | nindent 4 }}\ntype: Opaque\ndata:\n  OPENAI_API_KEY: {{ .Values.openai.apiKey | b64enc | quote }}\n{{- end }}\n',
    'chart/templates/deployment.yaml':
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "chat.fullname" . }}\nspec:\n  replicas: {{ .Values.replicaCount }}\n  template:\n    spec:\n      containers:\n        - name: chat\n          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n          env:\n            {{- toYaml .Values.env | nindent 12 }}\n            - name: OPENAI_API_KEY\n              valueFrom:\n                secretKeyRef:\n                  name: {{ include "chat.fullname" . }}\n                  key: OPENAI_API_KEY\n',
    'chart/templates/NOTES.txt': 'Thanks for installing {{ .Chart.Name }}.\n',
  });

  it('an empty values key (set at install time): no findings, templated names are not broken refs', async () => {
    const r = await collect(chart(''));
    assert.deepEqual(ids(r.findings), []);
    // the Secret's value is unknown (supplied with --set at install time): no container target is guessed
    assert.equal(r.facts.deploy?.k8s?.objects.find((o) => o.origin === 'helm')?.entries[0]?.templated, true);
    assert.deepEqual(r.targets, []);
    assert.ok(r.facts.deploy?.files.some((f) => f.kind === 'helm-template' && f.rel === 'chart/templates/secret.yaml'));
    assert.ok(r.facts.deploy?.files.some((f) => f.kind === 'helm-values'));
    assert.ok(r.facts.notes.some((n) => n.path === 'chart/templates' && /not followed/.test(n.message)));
  });

  it('a clear-text key in values.yaml is key-in-configmap; the b64enc Secret is followed', async () => {
    const key = openaiKey('proj', 'helm');
    const r = await collect(chart(key));
    assert.ok(ids(r.findings).includes('key-in-configmap'));
    const f = r.findings.find((x) => x.location?.path === 'chart/values.yaml');
    assert.equal(f?.location?.line, 6);
    const sec = r.facts.deploy?.k8s?.objects.find((o) => o.origin === 'helm');
    assert.equal(sec?.entries[0]?.value, key);
    assert.equal(sec?.templatedName, true);
  });

  it('a template whose structure comes from templating is a note, not a crash', async () => {
    const r = await collect({
      'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n',
      'c/templates/cm.yaml': '{{ .Values.whole }}\n  x: [\n{{ range .Values.items }}\n- {{ . }}: {\n{{ end }}\n',
    });
    assert.deepEqual(r.findings, []);
    assert.ok(r.facts.notes.some((n) => n.path === 'c/templates/cm.yaml'));
  });

  it('prepareHelmTemplate follows .Values paths with quote, default and b64enc', () => {
    const p = prepareHelmTemplate(
      'a: {{ .Values.x.y | quote }}\nb: {{ .Values.missing | default "d" }}\nc: {{ .Values.x.y | b64enc }}\nd: {{ .Release.Name }}\n',
      { x: { y: 'v' } },
    );
    const toks = p.text.split('\n').map((l) => l.slice(3));
    assert.deepEqual(
      toks.slice(0, 4).map((t) => p.expand(t)),
      [
        { value: 'v', templated: false },
        { value: 'd', templated: false },
        { value: b64('v'), templated: false },
        { value: '{{…}}', templated: true },
      ],
    );
  });
});

describe('a Secret manifest in the repository, end to end', () => {
  it('the doctor reports its key as key-hardcoded (unless git ignores the file)', async () => {
    const key = openaiKey('proj', 'k8s-committed');
    const manifest = secret('openai', `OPENAI_API_KEY: ${b64(key)}`);
    for (const [ignored, expected] of [
      [false, 1],
      [true, 0],
    ] as const) {
      const p = tempProject({
        'k8s/secret.yaml': manifest,
        'k8s/deploy.yaml': deployment(secretRef('openai', 'OPENAI_API_KEY')),
        ...(ignored ? { '.gitignore': 'k8s/secret.yaml\n' } : {}),
      });
      try {
        const d = await runDiagnosis({ root: p.root, home: p.home, env: {}, offline: true });
        const hard = d.findings.filter((f) => f.id === 'key-hardcoded' && f.location?.path === 'k8s/secret.yaml');
        assert.equal(hard.length, expected, `ignored=${ignored}`);
      } finally {
        p.cleanup();
      }
    }
  });
});
