/**
 * The deployment collector: finds Dockerfiles, compose files, Kubernetes manifests, kustomize and
 * Helm charts, CI definitions, hosting configs and `docker run` lines, reads them into
 * {@link DeployFacts}, and pushes every value they give a variable as an assignment.
 */
import type { Collector } from '../collect/collector.js';
import type { Facts } from '../core/facts.js';
import type { Assignment, Location, Note } from '../core/types.js';
import { isPlaceholder } from '../keys/classify.js';
import { readCircleCi, readGithubWorkflow, readGitlabCi } from './ci.js';
import { composeCliEnvFiles, composeWrapper, composeProjects, isComposeFile, readComposeProject } from './compose.js';
import { findDockerBuilds, findDockerRuns } from './docker-run.js';
import { analyseDockerfile, isEnvFileName } from './dockerfile.js';
import { hostingKind, readHosting } from './hosting.js';
import {
  helmValues,
  kubectlSecrets,
  looksLikeK8s,
  newK8sFacts,
  readHelmTemplate,
  readHelmValues,
  readKustomization,
  readManifests,
} from './k8s.js';
import type { DeployFacts, DeployFileKind, DockerfileFacts } from './types.js';
import { isKeyName, isKeyValue, isOpenAIName } from './util.js';
import { diskFiles, type DeployFiles } from './files.js';
import { pushAll } from '../core/arrays.js';
import { baseOf, dirOf, joinInside } from '../core/paths.js';

export function isDockerfile(base: string): boolean {
  return (
    (/^(Dockerfile|Containerfile)([._-].+)?$/i.test(base) && !/\.(dockerignore|md|txt|orig|bak)$/i.test(base)) ||
    /\.(dockerfile|containerfile)$/i.test(base)
  );
}

const KEY_NET = /(?:sk-[A-Za-z0-9_-]{20,}|[A-Za-z0-9]{52}JQQJ99[A-Za-z0-9]{26,})/g;

/** Key-shaped strings anywhere in a text, with line numbers (for files the scanner leaves to us). */
export function keyLiterals(text: string): Array<{ value: string; line: number; column: number }> {
  const out: Array<{ value: string; line: number; column: number }> = [];
  text.split('\n').forEach((l, i) => {
    for (const m of l.matchAll(KEY_NET))
      if (isKeyValue(m[0])) out.push({ value: m[0], line: i + 1, column: (m.index ?? 0) + 1 });
  });
  return out;
}

export function collectDeploy(
  root: string,
  facts: Pick<Facts, 'files' | 'env' | 'assignments' | 'notes'>,
  files: DeployFiles = diskFiles(root, facts.files, facts.notes),
): DeployFacts {
  const notes = facts.notes;
  const exists = (rel: string): boolean => files.exists(rel);
  const deploy: DeployFacts = {
    files: [],
    claimed: [],
    providedNames: [],
    dockerfiles: [],
    dockerRuns: [],
    compose: [],
    k8s: newK8sFacts(),
    ci: [],
    hosting: [],
    secretValues: [],
    composeSudo: [],
  };
  const k8s = deploy.k8s ?? newK8sFacts();
  const cache = new Map<string, string | undefined>();
  const read = (rel: string): string | undefined => {
    if (!cache.has(rel)) cache.set(rel, files.readListed(rel) ?? undefined);
    return cache.get(rel);
  };
  /**
   * `read` for a file worth decoding only when its bytes hold the anchors (`wanted`): one read
   * ahead without them is passed over undecoded and not kept (most JSON, YAML and docs of a project
   * are no manifest and name no container command), so no file's text outlives its reader.
   */
  const readIf = (rel: string, wanted: (bytes: Buffer) => boolean): string | undefined => {
    if (cache.has(rel)) return cache.get(rel);
    const t = files.readListed(rel, wanted);
    if (t === null) return undefined;
    cache.set(rel, t);
    return t;
  };
  const addFile = (rel: string, kind: DeployFileKind) => {
    if (!deploy.files.some((f) => f.rel === rel && f.kind === kind)) deploy.files.push({ rel, kind });
  };
  const provide = (name: string, location: Location) => {
    if (name) deploy.providedNames.push({ name, location });
  };
  const assign = (a: Assignment) => facts.assignments.push(a);

  // Helm charts: folders holding Chart.yaml
  const charts = facts.files
    .filter((f) => baseOf(f.rel) === 'Chart.yaml' || baseOf(f.rel) === 'Chart.yml')
    .map((f) => dirOf(f.rel));
  const chartOf = (rel: string): string | undefined =>
    charts.filter((c) => (c === '' ? true : rel.startsWith(c + '/'))).sort((a, b) => b.length - a.length)[0];

  const builds: Array<{ file?: string; context: string }> = [];
  const composeEnvFiles: string[] = [];
  const helmUnfollowed = new Map<string, { files: number; exprs: number }>();
  const composeRels: string[] = [];
  const dockerfiles: string[] = [];
  const scripts: Array<{ rel: string; markdown: boolean; docs: boolean }> = [];
  for (const f of facts.files) {
    const rel = f.rel;
    const base = baseOf(rel);
    if (isComposeFile(base)) {
      composeRels.push(rel);
      addFile(rel, 'compose');
      continue;
    }
    // git-ignored files still exist here: Kubernetes manifests and kustomize files are read (a
    // Secret kept out of git is still applied); everything else that is ignored is passed over.
    const k8sLike = /\.(ya?ml|json)$/.test(base) && !rel.startsWith('.github/');
    if (f.ignored && !k8sLike) continue;
    if (f.ignored && !/^kustomization\.ya?ml$/.test(base) && chartOf(rel) === undefined) {
      const t = readIf(rel, mayBeK8s);
      if (t && looksLikeK8s(t)) {
        const quiet: Note[] = [];
        readManifests(t, rel, 'manifest', k8s, quiet);
        addFile(rel, 'k8s');
      }
      continue;
    }
    if (isDockerfile(base)) {
      dockerfiles.push(rel);
      addFile(rel, 'dockerfile');
      continue;
    }
    if (base === '.dockerignore' || base.endsWith('.dockerignore')) {
      addFile(rel, 'dockerignore');
      continue;
    }
    if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(rel)) {
      addFile(rel, 'github-actions');
      const t = read(rel);
      if (t !== undefined && deploy.ci) pushAll(deploy.ci, readGithubWorkflow(rel, t, notes));
      continue;
    }
    if (base === '.gitlab-ci.yml' || base === '.gitlab-ci.yaml' || /\.gitlab-ci\.ya?ml$/.test(base)) {
      addFile(rel, 'gitlab-ci');
      const t = read(rel);
      if (t !== undefined && deploy.ci) pushAll(deploy.ci, readGitlabCi(rel, t, notes));
      scripts.push({ rel, markdown: false, docs: true }); // runs on CI runners, not with this shell's environment
      continue;
    }
    if (/^\.circleci\/config\.ya?ml$/.test(rel)) {
      addFile(rel, 'circleci');
      const t = read(rel);
      if (t !== undefined && deploy.ci) pushAll(deploy.ci, readCircleCi(rel, t, notes));
      continue;
    }
    if (
      /^(bitbucket-pipelines\.ya?ml|azure-pipelines\.ya?ml|\.travis\.ya?ml|Jenkinsfile|cloudbuild\.ya?ml|buildspec\.ya?ml|\.drone\.ya?ml|appveyor\.ya?ml)$/.test(
        base,
      )
    ) {
      addFile(rel, 'ci-other');
      scripts.push({ rel, markdown: false, docs: true });
      continue;
    }
    if (/^kustomization\.ya?ml$|^Kustomization$/.test(base)) {
      addFile(rel, 'kustomization');
      const t = read(rel);
      if (t !== undefined) readKustomization(rel, t, k8s, notes, files);
      continue;
    }
    const chart = chartOf(rel);
    if (chart !== undefined && /\.(ya?ml|tpl|txt)$/.test(base)) {
      const inChart = chart ? rel.slice(chart.length + 1) : rel;
      if (/^templates\//.test(inChart)) {
        if (base === 'NOTES.txt') continue;
        addFile(rel, 'helm-template');
        const t = read(rel);
        const vrel = chart ? `${chart}/values.yaml` : 'values.yaml';
        if (t !== undefined) {
          const n = readHelmTemplate(rel, t, helmValues(exists(vrel) ? read(vrel) : undefined), k8s, notes);
          const c = helmUnfollowed.get(chart) ?? { files: 0, exprs: 0 };
          if (n > 0) helmUnfollowed.set(chart, { files: c.files + 1, exprs: c.exprs + n });
        }
        continue;
      }
      if (/^values[\w.-]*\.ya?ml$/.test(inChart)) {
        addFile(rel, 'helm-values');
        const t = read(rel);
        if (t !== undefined) readHelmValues(rel, t, k8s, notes);
        continue;
      }
      if (/^Chart\.ya?ml$/.test(inChart)) continue;
    }
    const hk = hostingKind(rel, () => read(rel));
    if (hk) {
      addFile(rel, hk === 'terraform' ? 'terraform' : 'hosting');
      const t = read(rel);
      if (t !== undefined && deploy.hosting) pushAll(deploy.hosting, readHosting(rel, hk, t, notes));
      continue;
    }
    if (
      /\.(ya?ml|json)$/.test(base) &&
      !/^(package(-lock)?|tsconfig|composer|\.eslintrc|renovate)\b/.test(base) &&
      !rel.startsWith('.github/')
    ) {
      const t = /\.json$/.test(base)
        ? f.path && looksLikeJsonK8s(rel, (r) => readIf(r, mayBeK8s))
        : readIf(rel, mayBeK8s);
      if (t && looksLikeK8s(t)) {
        readManifests(t, rel, 'manifest', k8s, notes);
        addFile(rel, 'k8s');
      }
      continue;
    }
    if (
      /\.(sh|bash|zsh|ps1)$/.test(base) ||
      base === 'Makefile' ||
      base === 'makefile' ||
      base === 'justfile' ||
      base === 'Taskfile.yml'
    )
      scripts.push({ rel, markdown: false, docs: false });
    else if (base === 'package.json') scripts.push({ rel, markdown: false, docs: false });
    else if (/\.(md|mdx|markdown|rst)$/i.test(base))
      scripts.push({ rel, markdown: /\.(md|mdx|markdown)$/i.test(base), docs: true });
  }

  for (const [chart, c] of helmUnfollowed) {
    notes.push({
      kind: 'info',
      path: chart ? `${chart}/templates` : 'templates',
      message: `Helm chart read without rendering: ${c.exprs} template expression(s) in ${c.files} template(s) were not followed, so the values they produce are treated as unknown (\`helm template\` output can be checked exactly)`,
    });
  }

  // scripts and docs: docker run, kubectl create secret
  for (const s of scripts) {
    const t = readIf(s.rel, mayRunContainers);
    if (t === undefined || !/docker|podman|kubectl/.test(t)) continue;
    let text = t;
    // package.json: its scripts, one per line; a run's line is then mapped back to its script's own line
    let scriptLines: number[] | undefined;
    if (baseOf(s.rel) === 'package.json') {
      try {
        const scripts = Object.entries((JSON.parse(t) as { scripts?: Record<string, string> }).scripts ?? {});
        text = scripts.map(([, v]) => v.replace(/\n/g, ' ')).join('\n');
        const raw = t.split('\n');
        scriptLines = scripts.map(([k]) => {
          const i = raw.findIndex((l) => l.includes(`${JSON.stringify(k)}:`) || l.includes(`${JSON.stringify(k)} :`));
          return i + 1;
        });
      } catch {
        continue;
      }
    }
    const runs = findDockerRuns(text, s.rel, { markdown: s.markdown, docs: s.docs, files, env: facts.env });
    if (scriptLines)
      for (const r of runs) {
        const at = r.location.line !== undefined ? scriptLines[r.location.line - 1] : undefined;
        if (at) r.location.line = at;
      }
    pushAll(builds, findDockerBuilds(text, s.markdown));
    for (const f of composeCliEnvFiles(text)) if (!composeEnvFiles.includes(f)) composeEnvFiles.push(f);
    if (!s.markdown && baseOf(s.rel) !== 'package.json') {
      const w = composeWrapper(text, s.rel, (rel) => files.exists(rel));
      if (w) (deploy.composeWrappers ??= []).push({ path: s.rel, ...w });
    }
    text.split('\n').forEach((l, i) => {
      const m = /\bsudo((?:\s+-{1,2}[A-Za-z-]+(?:=\S+)?)*)\s+docker[- ]compose\b/.exec(l);
      if (m && !/(^|\s)(-E|--preserve-env)\b/.test(m[1] ?? ''))
        deploy.composeSudo?.push({ path: s.rel, line: baseOf(s.rel) === 'package.json' ? undefined : i + 1 });
    });
    if (runs.length) {
      addFile(s.rel, 'docker-run');
      if (deploy.dockerRuns) pushAll(deploy.dockerRuns, runs);
    }
    kubectlSecrets(text, s.rel, k8s, notes, files);
  }
  for (const wf of facts.files.filter((f) => /^\.github\/workflows\//.test(f.rel))) {
    const t = read(wf.rel);
    if (t && /kubectl/.test(t)) kubectlSecrets(t, wf.rel, k8s, notes, files);
  }

  // compose projects (read before the Dockerfiles: a service's build context is the Dockerfile's context)
  for (const p of composeProjects(composeRels))
    deploy.compose?.push(
      readComposeProject(files, p, facts.env, notes, p.dir ? [...composeEnvFiles, '.env'] : composeEnvFiles),
    );
  const contexts = new Map<string, Set<string>>();
  const addContext = (dockerfile: string | undefined, context: string | undefined) => {
    if (dockerfile === undefined || context === undefined) return;
    contexts.set(dockerfile, (contexts.get(dockerfile) ?? new Set()).add(context));
  };
  for (const p of deploy.compose ?? [])
    for (const s of p.services)
      if (s.build) addContext(joinInside(s.build.context, s.build.dockerfile ?? 'Dockerfile'), s.build.context);
  for (const b of builds) {
    const context = joinInside('', b.context);
    addContext(
      b.file ? joinInside('', b.file) : context !== undefined ? joinInside(context, 'Dockerfile') : undefined,
      context,
    );
  }

  // Dockerfiles
  const envFileHoldsKey = new Map<string, boolean>();
  const holdsKey = (rel: string): boolean => {
    if (!envFileHoldsKey.has(rel)) {
      const t = read(rel) ?? '';
      let yes = false;
      for (const l of t.split('\n')) {
        const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]\s*["']?([^"'\s#]*)/.exec(l);
        if (!m) continue;
        const v = m[2] ?? '';
        if (isKeyValue(v, m[1]) || (isKeyName(m[1] as string) && v.length > 8 && !isPlaceholder(v))) {
          yes = true;
          break;
        }
      }
      envFileHoldsKey.set(rel, yes);
    }
    return envFileHoldsKey.get(rel) ?? false;
  };
  for (const rel of dockerfiles) {
    const t = read(rel);
    if (t === undefined) continue;
    let df: DockerfileFacts | undefined;
    // the build context: its own folder by default, or what compose / `docker build` scripts give it
    for (const context of contexts.get(rel) ?? [dirOf(rel)]) {
      const own = `${rel}.dockerignore`;
      const di = exists(own) ? own : context ? `${context}/.dockerignore` : '.dockerignore';
      const diText = exists(di) ? read(di) : undefined;
      const envFilesInContext = facts.files
        .filter(
          (f) => (context === '' || f.rel.startsWith(context + '/')) && isEnvFileName(baseOf(f.rel)) && holdsKey(f.rel),
        )
        .map((f) => (context ? f.rel.slice(context.length + 1) : f.rel));
      const one = analyseDockerfile({
        rel,
        text: t,
        context,
        envFilesInContext,
        dockerignore: diText !== undefined ? { rel: di, text: diText } : undefined,
      });
      if (!df) df = one;
      else
        for (const c of one.envCopies)
          if (!df.envCopies.some((x) => x.line === c.line && x.envFiles.join() === c.envFiles.join()))
            df.envCopies.push(c);
    }
    if (!df) continue;
    deploy.dockerfiles?.push(df);
    for (const k of df.keyVars) {
      const loc = { path: rel, line: k.line };
      if (k.value !== undefined && k.source === 'literal' && isKeyValue(k.value, k.name)) deploy.claimed.push(loc);
      if (k.instr === 'ENV') provide(k.name, loc);
      if (k.value !== undefined && k.source === 'literal')
        assign({
          name: k.name,
          value: k.value,
          raw: k.raw,
          kind: 'dockerfile',
          location: loc,
          detail: `${k.instr} in ${rel}${k.stageName ? ` (stage ${k.stageName})` : ''}`,
        });
    }
    for (const [name, v] of Object.entries(df.finalEnv))
      if (!df.keyVars.some((k) => k.name === name)) provide(name, { path: rel, line: v.line });
    for (const kl of keyLiterals(t))
      if (!deploy.claimed.some((c) => c.path === rel && c.line === kl.line))
        deploy.claimed.push({ path: rel, line: kl.line, column: kl.column });
  }

  // docker run
  for (const r of deploy.dockerRuns ?? []) {
    for (const e of r.env) {
      provide(e.name, r.location);
      if (e.value !== undefined)
        assign({
          name: e.name,
          value: e.value,
          raw: e.raw,
          kind: 'docker-run',
          location: r.location,
          detail: e.fromHost ? 'docker run -e (from the host environment)' : 'docker run -e',
        });
    }
    for (const f of r.envFiles)
      for (const e of f.entries) {
        provide(e.name, { path: f.rel, line: e.line });
        if (e.value !== undefined)
          assign({
            name: e.name,
            value: e.value,
            raw: e.raw,
            kind: 'docker-run',
            location: { path: f.rel, line: e.line },
            detail: `docker run --env-file ${f.path} (values kept as written, quotes and spaces included)`,
          });
      }
  }

  // compose
  for (const proj of deploy.compose ?? []) {
    for (const s of proj.services) {
      const detail = `compose service ${s.name}`;
      for (const e of s.environment) {
        provide(e.name, e.location);
        if (e.value !== undefined)
          assign({
            name: e.name,
            value: e.value,
            raw: e.raw,
            kind: 'compose',
            location: e.location,
            detail: `${detail}: environment`,
          });
      }
      for (const f of s.envFiles)
        for (const e of f.entries) {
          provide(e.name, e.location);
          if (e.value !== undefined)
            assign({
              name: e.name,
              value: e.value,
              raw: e.raw,
              kind: 'compose',
              location: e.location,
              detail: `${detail}: env_file ${f.path}`,
            });
        }
    }
  }

  // Kubernetes / kustomize / Helm
  for (const o of k8s.objects) {
    const kind = o.origin === 'helm' ? 'helm' : 'k8s';
    for (const e of o.entries) {
      if (e.value === undefined) continue;
      const loc = { path: e.path ?? o.location.path, line: e.path ? undefined : e.line };
      if (o.kind === 'Secret' && (e.encoding === 'base64' || e.encoding === 'file' || e.encoding === 'env-file')) {
        deploy.secretValues?.push(e.value);
        if (e.value.trim() !== e.value) deploy.secretValues?.push(e.value.trim());
      }
      if (o.kind === 'ConfigMap' && isKeyValue(e.value.trim(), e.key) && o.origin !== 'kubectl')
        deploy.claimed.push({ path: o.location.path, line: e.line });
      // A key in a Secret manifest that git does not ignore is exposed (base64 is an encoding, not
      // encryption): the scan reports it as key-hardcoded, so it is not claimed here.
      assign({
        name: e.key,
        value: e.value,
        kind,
        location: loc,
        detail: `${o.kind} ${o.name || '(unnamed)'}${o.origin !== 'manifest' ? ` (${o.origin})` : ''}`,
      });
    }
  }
  for (const c of k8s.containers) {
    const kind = c.origin === 'helm' ? 'helm' : 'k8s';
    for (const e of c.env) {
      const loc = { path: c.location.path, line: e.line };
      provide(e.name, loc);
      if (e.value !== undefined) {
        if (isKeyValue(e.value, e.name)) deploy.claimed.push(loc);
        assign({
          name: e.name,
          value: e.value,
          kind,
          location: loc,
          detail: `${c.workload} container ${c.name}: env value`,
        });
      }
    }
    for (const ef of c.envFrom) {
      const src = k8s.objects.find(
        (o) => o.kind === (ef.ref.kind === 'secret' ? 'Secret' : 'ConfigMap') && o.name === ef.ref.name,
      );
      for (const en of src?.entries ?? [])
        provide((ef.prefix ?? '') + en.key, { path: c.location.path, line: ef.line });
    }
  }
  for (const h of k8s.helmValueKeys) deploy.claimed.push(h.location);
  // Key literals anywhere else in Kubernetes / Helm files (Secrets, annotations, args, ...) stay the
  // scan's: they are reported as key-hardcoded.

  // CI
  for (const j of deploy.ci ?? []) {
    for (const e of j.env) {
      provide(e.name, { path: j.file, line: e.line });
      if (e.value !== undefined)
        assign({
          name: e.name,
          value: e.value,
          raw: e.raw,
          kind: 'ci',
          location: { path: j.file, line: e.line },
          detail: `${j.platform} job ${j.id} (${e.level} env)`,
        });
    }
  }
  // hosting
  for (const h of deploy.hosting ?? []) {
    if (h.note && h.vars.some((v) => isOpenAIName(v.name)))
      notes.push({ kind: 'info', path: h.rel, message: `${h.platform} (${h.unit}): ${h.note}` });
    for (const v of h.vars) {
      const loc = { path: h.rel, line: v.line };
      provide(v.name, loc);
      if (v.value !== undefined)
        assign({
          name: v.name,
          value: v.value,
          raw: v.raw,
          kind: 'hosting',
          location: loc,
          detail: `${h.platform} ${h.unit}`,
        });
    }
  }
  // de-duplicate
  const seen = new Set<string>();
  deploy.claimed = deploy.claimed.filter((c) => {
    const k = `${c.path}:${c.line}:${c.column ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const seenP = new Set<string>();
  deploy.providedNames = deploy.providedNames.filter((p) => {
    const k = `${p.name}@${p.location.path}:${p.location.line}`;
    if (seenP.has(k)) return false;
    seenP.add(k);
    return true;
  });
  deploy.secretValues = [...new Set(deploy.secretValues)].filter((s) => s.trim().length >= 8);
  return deploy;
}

/** Bytes that may hold a Kubernetes object (looksLikeK8s needs both words). */
const mayBeK8s = (b: Buffer): boolean => b.includes('apiVersion') && b.includes('kind');
/** Bytes that may hold a docker / podman / kubectl command line. */
const mayRunContainers = (b: Buffer): boolean => b.includes('docker') || b.includes('podman') || b.includes('kubectl');

function looksLikeJsonK8s(rel: string, read: (rel: string) => string | undefined): string | undefined {
  const t = read(rel);
  return t && /"apiVersion"\s*:/.test(t) && /"kind"\s*:/.test(t) ? t : undefined;
}

export const deployCollector: Collector = {
  name: 'deploy',
  collect(ctx, facts) {
    facts.deploy = collectDeploy(ctx.root, facts);
  },
};
