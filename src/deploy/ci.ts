/** CI definitions: GitHub Actions workflows, GitLab CI, CircleCI → one {@link CiJob} per job. */
import type { Note } from '../core/types.js';
import type { CiEnvVar, CiJob } from './types.js';
import { entries, get, isMapNode, items, parseYaml, str, walkScalars, type YDoc } from './util.js';
import { pushAll } from '../core/arrays.js';

const SECRET_RE = /secrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_-]*)|\[\s*['"]([^'"]+)['"]\s*\])/g;
const NAME_MENTION = /\b([A-Z][A-Z0-9_]*OPENAI[A-Z0-9_]*|OPENAI[A-Z0-9_]*)\b/g;

function scalarsText(d: YDoc, n: unknown): Array<{ text: string; line: number }> {
  const out: Array<{ text: string; line: number }> = [];
  walkScalars(d, n, [], (_p, v, node) => out.push({ text: v, line: d.line(node) ?? 0 }));
  return out;
}

/** Actions that read no API key of the job's environment: GitHub's own, path filters, caches, toolchains, artifacts. */
const GENERAL_ACTION =
  /^(?:actions|github|dorny\/paths-filter|tj-actions\/changed-files|codecov|pnpm\/action-setup|astral-sh\/setup-uv|oven-sh\/setup-bun|denoland\/setup-deno|docker\/(?:setup|login|metadata)-[\w-]+|softprops\/action-gh-release)(?:\/|@)/;

function ghEnv(d: YDoc, n: unknown, level: CiEnvVar['level']): CiEnvVar[] {
  const out: CiEnvVar[] = [];
  for (const e of entries(d, n)) {
    const raw = str(d, e.value) ?? '';
    const line = d.line(e.keyNode) ?? 0;
    const m = /^\s*\$\{\{\s*(secrets|vars|env)\s*\.\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}\s*$/.exec(raw);
    if (m)
      out.push({
        name: e.key,
        raw,
        ref: { kind: m[1] === 'secrets' ? 'secret' : m[1] === 'vars' ? 'var' : 'env', name: m[2] as string },
        level,
        line,
      });
    else if (raw.includes('${{')) out.push({ name: e.key, raw, level, line });
    else out.push({ name: e.key, raw, value: raw, level, line });
  }
  return out;
}

/** Events that run the workflow; `push` limited to named branches (no wildcard) becomes `push:branches`. */
function triggersOf(d: YDoc, on: unknown): string[] {
  const s = str(d, on);
  if (s) return [s];
  if (isMapNode(d, on)) {
    return entries(d, on).map((e) => {
      if (e.key !== 'push') return e.key;
      const branches = items(d, get(d, e.value, 'branches')).map((b) => str(d, b) ?? '');
      const tagsOnly = branches.length === 0 && get(d, e.value, 'tags') !== undefined;
      return tagsOnly || (branches.length > 0 && branches.every((b) => !/[*?]|dependabot/.test(b)))
        ? 'push:branches'
        : 'push';
    });
  }
  return items(d, on)
    .map((x) => str(d, x) ?? '')
    .filter(Boolean);
}

/** A test runner started by a job's script: the code it runs is the tests, whose reads the code analysis leaves aside. */
const TEST_RUN =
  /(?:^|[\s;&|(`])(?:go\s+test|(?:python3?\s+-m\s+)?pytest|(?:npm|yarn|pnpm|bun)\s+(?:run\s+)?test(?::[\w:-]+)?|npx\s+(?:jest|vitest|mocha)|jest|vitest|cargo\s+test|(?:\.\/)?(?:mvnw?|gradlew?)\s+[^\n]*\btest\b|tox|nox|make\s+test|deno\s+test|dotnet\s+test|rspec|phpunit|python3?\s+-m\s+unittest)(?=$|[\s;&|)`])/m;

export function readGithubWorkflow(rel: string, text: string, notes: Note[]): CiJob[] {
  const out: CiJob[] = [];
  for (const d of parseYaml(text, rel, notes)) {
    const on = get(d, d.root, 'on') ?? get(d, d.root, 'true');
    const triggers = triggersOf(d, on);
    const callable = triggers.includes('workflow_call')
      ? entries(d, get(d, on, 'workflow_call', 'secrets')).map((e) => e.key)
      : undefined;
    const wfEnv = ghEnv(d, get(d, d.root, 'env'), 'workflow');
    for (const j of entries(d, get(d, d.root, 'jobs'))) {
      const env = [...wfEnv, ...ghEnv(d, get(d, j.value, 'env'), 'job')];
      for (const st of items(d, get(d, j.value, 'steps'))) pushAll(env, ghEnv(d, get(d, st, 'env'), 'step'));
      const secretsUsed: CiJob['secretsUsed'] = [];
      const mentions = new Set<string>();
      let runsTests = false;
      for (const s of [...scalarsText(d, j.value), ...scalarsText(d, get(d, d.root, 'env'))]) {
        if (!runsTests && TEST_RUN.test(s.text)) runsTests = true;
        for (const m of s.text.matchAll(SECRET_RE)) secretsUsed.push({ name: (m[1] ?? m[2]) as string, line: s.line });
        // names the job's commands use (expressions such as `${{ secrets.X }}` are not commands)
        for (const m of s.text.replace(/\$\{\{[\s\S]*?\}\}/g, ' ').matchAll(NAME_MENTION)) mentions.add(m[1] as string);
      }
      const envNode = get(d, j.value, 'environment');
      const environment = str(d, envNode) ?? str(d, get(d, envNode, 'name'));
      const uses = str(d, get(d, j.value, 'uses'));
      let calls: CiJob['calls'];
      if (uses) {
        const sec = get(d, j.value, 'secrets');
        calls = {
          uses,
          inherit: str(d, sec) === 'inherit',
          passed: entries(d, sec).map((e) => e.key),
          line: d.line(j.keyNode) ?? 0,
        };
        const local = /^\.\/(.+)$/.exec(uses.split('@')[0] ?? '');
        if (local) calls.callee = local[1];
      }
      const steps = items(d, get(d, j.value, 'steps'));
      const stepConditions = steps.map((st) => str(d, get(d, st, 'if'))).filter((x): x is string => Boolean(x));
      // steps that only use general-purpose actions (checkout, a paths filter, caches, uploads): nothing of the job
      // reads a key a workflow-level `env:` hands every job (gptme's `changes` job)
      const generalOnly =
        steps.length > 0 &&
        steps.every((st) => {
          const u = str(d, get(d, st, 'uses'));
          return str(d, get(d, st, 'run')) === undefined && u !== undefined && GENERAL_ACTION.test(u);
        });
      // a step whose script tests the key before using it (`if [ -z "$OPENAI_API_KEY" ]; then ... exit 0`)
      const runTestsKey = steps.some((st) =>
        /(?:^|[\s[(])-[zn]\s+["']?\$\{?[A-Za-z_]*(?:OPENAI|AZURE)[A-Za-z_]*/.test(str(d, get(d, st, 'run')) ?? ''),
      );
      out.push({
        platform: 'github',
        file: rel,
        id: j.key,
        location: { path: rel, line: d.line(j.keyNode) },
        triggers,
        env,
        secretsUsed,
        mentions: [...mentions],
        environment,
        condition: str(d, get(d, j.value, 'if')),
        stepConditions,
        ...(runTestsKey ? { runTestsKey: true } : {}),
        ...(generalOnly ? { generalActionsOnly: true } : {}),
        ...(runsTests ? { runsTests: true } : {}),
        calls,
        callableSecrets: callable,
      });
    }
  }
  return out;
}

const GITLAB_RESERVED = new Set([
  'stages',
  'variables',
  'include',
  'default',
  'workflow',
  'image',
  'services',
  'before_script',
  'after_script',
  'cache',
  'pages_default',
]);

function glVars(d: YDoc, n: unknown, level: CiEnvVar['level']): CiEnvVar[] {
  const out: CiEnvVar[] = [];
  for (const e of entries(d, n)) {
    const raw = str(d, e.value) ?? str(d, get(d, e.value, 'value')) ?? '';
    const line = d.line(e.keyNode) ?? 0;
    const m = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(raw.trim());
    if (m) out.push({ name: e.key, raw, ref: { kind: 'ci-var', name: m[1] as string }, level, line });
    else if (raw.includes('$')) out.push({ name: e.key, raw, level, line });
    else out.push({ name: e.key, raw, value: raw, level, line });
  }
  return out;
}

export function readGitlabCi(rel: string, text: string, notes: Note[]): CiJob[] {
  const out: CiJob[] = [];
  for (const d of parseYaml(text, rel, notes)) {
    const top = glVars(d, get(d, d.root, 'variables'), 'workflow');
    const wfText = scalarsText(d, get(d, d.root, 'workflow'))
      .map((s) => s.text)
      .join('\n');
    const all = entries(d, d.root);
    const byName = new Map(all.map((e) => [e.key, e.value]));
    for (const j of all) {
      if (GITLAB_RESERVED.has(j.key) || j.key.startsWith('.') || !isMapNode(d, j.value)) continue;
      if (
        get(d, j.value, 'script') === undefined &&
        get(d, j.value, 'trigger') === undefined &&
        get(d, j.value, 'extends') === undefined
      )
        continue;
      const chain = [j.value];
      const ext = get(d, j.value, 'extends');
      for (const x of [str(d, ext), ...items(d, ext).map((i) => str(d, i))]) {
        const t = x ? byName.get(x) : undefined;
        if (t) chain.unshift(t);
      }
      const env = [...top];
      const mentions = new Set<string>();
      let rulesText = wfText;
      let runsTests = false;
      for (const c of chain) {
        pushAll(env, glVars(d, get(d, c, 'variables'), 'job'));
        for (const s of scalarsText(d, c)) {
          if (!runsTests && TEST_RUN.test(s.text)) runsTests = true;
          for (const m of s.text.matchAll(NAME_MENTION)) mentions.add(m[1] as string);
        }
        rulesText +=
          '\n' +
          scalarsText(d, get(d, c, 'rules'))
            .map((s) => s.text)
            .join('\n') +
          '\n' +
          scalarsText(d, get(d, c, 'only'))
            .map((s) => s.text)
            .join('\n');
      }
      const triggers: string[] = [];
      if (/merge_request_event|merge_requests/.test(rulesText)) triggers.push('merge_request');
      if (/CI_COMMIT_REF_PROTECTED|CI_DEFAULT_BRANCH|\bmain\b|\bmaster\b|\btags\b/.test(rulesText))
        triggers.push('protected-ref');
      if (triggers.length === 0) triggers.push('push');
      const envNode = get(d, j.value, 'environment');
      out.push({
        platform: 'gitlab',
        file: rel,
        id: j.key,
        location: { path: rel, line: d.line(j.keyNode) },
        triggers,
        env,
        secretsUsed: [],
        mentions: [...mentions],
        environment: str(d, envNode) ?? str(d, get(d, envNode, 'name')),
        ...(runsTests ? { runsTests: true } : {}),
      });
    }
  }
  return out;
}

export function readCircleCi(rel: string, text: string, notes: Note[]): CiJob[] {
  const out: CiJob[] = [];
  for (const d of parseYaml(text, rel, notes)) {
    const contexts = new Map<string, string[]>();
    for (const w of entries(d, get(d, d.root, 'workflows'))) {
      for (const it of items(d, get(d, w.value, 'jobs'))) {
        const name = str(d, it);
        if (name) continue;
        for (const e of entries(d, it)) {
          const ctx = get(d, e.value, 'context');
          const list = str(d, ctx)
            ? [str(d, ctx) as string]
            : items(d, ctx)
                .map((x) => str(d, x) ?? '')
                .filter(Boolean);
          contexts.set(e.key, [...(contexts.get(e.key) ?? []), ...list]);
        }
      }
    }
    for (const j of entries(d, get(d, d.root, 'jobs'))) {
      const env: CiEnvVar[] = [];
      const lit = (n: unknown, level: CiEnvVar['level']) => {
        // CircleCI does not interpolate `environment:` values: `$X` stays the literal text `$X`.
        for (const e of entries(d, n)) {
          const raw = str(d, e.value) ?? '';
          env.push({ name: e.key, raw, value: raw, level, line: d.line(e.keyNode) ?? 0 });
        }
      };
      for (const ex of items(d, get(d, j.value, 'docker'))) lit(get(d, ex, 'environment'), 'job');
      lit(get(d, j.value, 'environment'), 'job');
      for (const st of items(d, get(d, j.value, 'steps'))) lit(get(d, st, 'run', 'environment'), 'step');
      const mentions = new Set<string>();
      let runsTests = false;
      for (const s of scalarsText(d, j.value)) {
        if (!runsTests && TEST_RUN.test(s.text)) runsTests = true;
        for (const m of s.text.matchAll(NAME_MENTION)) mentions.add(m[1] as string);
      }
      out.push({
        platform: 'circleci',
        file: rel,
        id: j.key,
        location: { path: rel, line: d.line(j.keyNode) },
        triggers: ['push'],
        env,
        secretsUsed: [],
        mentions: [...mentions],
        contexts: contexts.get(j.key) ?? [],
        ...(runsTests ? { runsTests: true } : {}),
      });
    }
  }
  return out;
}
