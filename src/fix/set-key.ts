/**
 * set-key as a library: put a new key where every run target of a project gets it, and make the
 * sources that lose agree. `keydoctor set-key` is a thin CLI over it; `keydoctor rotate` calls it to
 * put a rotated key in place.
 *
 * ```ts
 * const check = checkNewKey(raw);                 // format, whitespace, provider; never throws
 * if (!check.ok) ...                              // check.problems: why not (no key in them)
 * const plan = await planSetKey({ root, home, env, key: check.key });  // nothing written
 * // plan.plan.files: the file edits (render with renderSetKeyPlan, or unifiedDiff), plan.commands:
 * // what to run for sources outside the project (Vercel, GitHub, Kubernetes, fly), plan.targets:
 * // per target, what it gets now and where the new key goes, plan.refusals: what is left alone.
 * const verified = await verifyNewKey(plan);      // unless offline: the key against each target's endpoint
 * const result = await applySetKey(plan);         // writes (atomic, backed up: `keydoctor fix --undo`
 * // restores), re-runs the doctor and says, per target, whether it now gets the new key (fingerprint).
 * ```
 *
 * Rules (the same as `keydoctor fix`, src/fix/guard.ts): a key is written only into files git
 * ignores (a `.env` not yet ignored gets its `.gitignore` line in the same plan) and into HOME's
 * shell start-up files outside any repository, never into code, a tracked file or a file a dotfile
 * manager owns; a compose `environment:` literal in a tracked file becomes `${NAME}` (compose then
 * takes the key from the project's `.env`). The key never appears in a diff, a command, a note or
 * the result: everything shows its mask and fingerprint.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { runDiagnosis, type DiagnoseOptions, type Diagnosis } from '../pipeline/diagnose.js';
import type { Assignment, FindingDraft, Target } from '../core/types.js';
import { classifyCredential, isPlaceholder, type Credential } from '../keys/classify.js';
import { maskSecret } from '../keys/mask.js';
import { parseShell } from '../collect/shell/parse.js';
import { parseFish } from '../collect/shell/fish.js';
import { displayPath, isText } from './content.js';
import { planResults, writePlan, type Plan } from './engine.js';
import { BackupRun } from './backup.js';
import { Masker } from './mask.js';
import { type FixerContext, type FixerResult, escapeRegExp, lineSpan, makeContext, refuse } from './fixers/context.js';
import { appendLines, gitignorePattern } from './fixers/generic.js';
import { readersFor } from './fixers/dotenv-value.js';
import { setFlowScalar, yamlScalars } from './fixers/yaml.js';
import { gitStatus } from './guard.js';
import { pushAll } from '../core/arrays.js';
import type { FixProposal, Refusal, WriteProblem } from './types.js';
import type { WriteHooks } from './write.js';
import type { LiveResult } from '../live/types.js';
import type { LiveSettings } from '../live/settings.js';

// ---------------------------------------------------------------------------------------------
// The value

export interface KeyCheck {
  ok: boolean;
  /** The key to write: the input without the one line break a pipe or a paste adds. */
  key: string;
  credential: Credential;
  /** Why it must not be written (never the key itself). */
  problems: string[];
  warnings: string[];
  /** `sk-proj-…abcd` and a fingerprint (first 8 hex digits of its SHA-256). */
  masked: string;
  fingerprint: string;
}

export function fingerprint(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** Checks a new key before anything is written: whitespace, quotes, invisible characters, placeholders, format and provider. */
export function checkNewKey(raw: string, opts: { azure?: boolean } = {}): KeyCheck {
  const key = raw.replace(/\r?\n$/, '');
  const problems: string[] = [];
  const warnings: string[] = [];
  if (key === '') problems.push('the value is empty');
  if (/^\s|\s$/.test(key)) problems.push('it starts or ends with whitespace (or holds more than one line)');
  else if (/\s/.test(key)) problems.push('it has whitespace inside');
  if (/["'`\u201c\u201d\u2018\u2019]/.test(key)) problems.push('it contains quote characters: give the key alone');
  if (/^bearer\s/i.test(key.trim())) problems.push('it starts with "Bearer ": give the key alone');
  if (/[^\x21-\x7e\s]/.test(key))
    problems.push(
      "it contains an invisible or non-ASCII character (a zero-width space, a smart quote, ...): copy the key again with the dashboard's copy button",
    );
  const c = classifyCredential(key.trim());
  if (key && isPlaceholder(key.trim())) problems.push('it is a placeholder, not a key');
  if (c.kind === 'openai-malformed') problems.push(`it looks like an OpenAI key but ${c.problem ?? 'is malformed'}`);
  if (c.kind === 'openai-admin')
    problems.push('it is an admin key (sk-admin-...), which cannot make API calls: create a project key');
  if (opts.azure === true && c.provider === 'openai')
    problems.push('it is an OpenAI key, but the targets use Azure OpenAI (which needs the key of the Azure resource)');
  if (opts.azure === false && c.provider && c.provider !== 'openai' && c.provider !== 'litellm')
    problems.push(`it is a ${c.label}, but the targets send it to OpenAI`);
  if (!problems.length && c.kind === 'unknown') warnings.push('keydoctor does not recognise the format of this key');
  return {
    ok: problems.length === 0,
    key,
    credential: c,
    problems,
    warnings,
    masked: maskSecret(key),
    fingerprint: fingerprint(key),
  };
}

// ---------------------------------------------------------------------------------------------
// The plan

export interface PlatformCommand {
  platform: 'vercel' | 'github' | 'gitlab' | 'kubernetes' | 'fly' | 'netlify' | 'shell' | (string & {});
  /** The command; every one reads the key from standard input without echoing it (`read -rs`). */
  command: string;
  /** What it is for, and what to do after (redeploy, restart). */
  why: string;
  /** Targets it concerns. */
  targets: string[];
}

export interface SetKeyTargetPlan {
  id: string;
  label: string;
  /** The variable the target reads the key from. */
  name: string;
  /** What it gets today (masked) and from where. */
  now?: { masked: string; fingerprint: string; from?: string };
  /** Where the new key goes for it: files written, commands to run, or why neither. */
  writes: string[];
  commands: string[];
  note?: string;
}

export interface SetKeyPlan {
  root: string;
  home: string;
  key: KeyCheck;
  /** The file edits, planned like `keydoctor fix` plans (nothing written yet). */
  plan: Plan;
  targets: SetKeyTargetPlan[];
  commands: PlatformCommand[];
  refusals: Refusal[];
  afterwards: string[];
  /** What a new terminal gets once the start-up files are written (for the doctor's re-run). */
  shellEnv: Record<string, string | null>;
  masker: Masker;
  diagnosis: Diagnosis;
  /** The options the plan was made with (applySetKey re-runs the doctor with them). */
  options: SetKeyOptions;
}

export interface SetKeyOptions {
  root: string;
  home?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** The new key (already checked with checkNewKey). */
  key: string;
  /** The variable to set (default: each target's key variable, OPENAI_API_KEY or AZURE_OPENAI_API_KEY). */
  name?: string;
  /** Only these target ids. */
  targets?: string[];
  now?: Date;
  /** The doctor run used (tests). */
  diagnose?: (o: DiagnoseOptions) => Promise<Diagnosis>;
}

function finding(message: string, a?: Assignment, target?: string): FindingDraft {
  return { id: 'set-key', message, location: a?.location ? { ...a.location } : undefined, target };
}

const SHELL_KINDS = new Set(['shell-rc', 'fish', 'process-env']);

/** The value part of a dotenv line (quotes included; a trailing ` # comment` excluded). */
function dotenvValueSpan(line: string, name: string): { start: number; end: number } | undefined {
  const m = new RegExp(`^([ \\t]*(?:export[ \\t]+)?${escapeRegExp(name)}[ \\t]*[=:][ \\t]*)`).exec(line);
  if (!m) return undefined;
  const start = (m[1] as string).length;
  const rest = line.slice(start);
  const q = rest[0];
  if (q === '"' || q === "'" || q === '`') {
    const close = rest.indexOf(q, 1);
    if (close < 0) return undefined;
    return { start, end: start + close + 1 };
  }
  const cut = rest.search(/[ \t]+#/);
  const body = (cut >= 0 ? rest.slice(0, cut) : rest).replace(/[ \t\r]+$/, '');
  return { start, end: start + body.length };
}

/** The value token of a shell assignment line (`export NAME=value`, `set -gx NAME value`). */
function shellValueSpan(
  line: string,
  name: string,
  fish: boolean,
): { start: number; end: number; quote: string } | undefined {
  const n = escapeRegExp(name);
  const m = fish
    ? new RegExp(`^([ \\t]*set[ \\t]+(?:-[a-zA-Z]+[ \\t]+)*${n}[ \\t]+)`).exec(line)
    : new RegExp(`^([ \\t]*(?:export[ \\t]+|(?:declare|typeset)[ \\t]+-[a-zA-Z]*x[a-zA-Z]*[ \\t]+)?${n}=)`).exec(line);
  if (!m) return undefined;
  const start = (m[1] as string).length;
  const rest = line.slice(start);
  const q = rest[0] === "'" || rest[0] === '"' ? rest[0] : '';
  if (q) {
    const close = rest.indexOf(q, 1);
    if (close < 0 || /[$`\\]/.test(rest.slice(1, close))) return undefined;
    const after = rest.slice(close + 1);
    if (after && !/^[ \t]*(#.*)?$/.test(after)) return undefined;
    return { start, end: start + close + 1, quote: q };
  }
  const tok = /^[^\s;#&|`$()\\'"]*/.exec(rest)?.[0] ?? '';
  const after = rest.slice(tok.length);
  if (after && !/^[ \t]*(#.*)?$/.test(after)) return undefined;
  return { start, end: start + tok.length, quote: '' };
}

interface Ctx {
  fx: FixerContext;
  d: Diagnosis;
  key: string;
  /** Files that get a .gitignore line in this plan. */
  willIgnore: Set<string>;
  gitignoreLines: string[];
  shellEnv: Record<string, string | null>;
  afterwards: Set<string>;
}

/** Whether a project file needs a .gitignore line before a key goes into it (and plans it). */
function ensureIgnored(c: Ctx, abs: string): void {
  if (!abs.startsWith(c.fx.root + '/')) return;
  const st = gitStatus(c.fx.root, abs);
  if (st.tracked || st.ignored) return;
  const rel = c.fx.display(abs);
  c.willIgnore.add(abs);
  const line = gitignorePattern(rel);
  if (!c.gitignoreLines.includes(line)) c.gitignoreLines.push(line);
}

/** The edit that gives one existing assignment the new key. */
function writeAt(c: Ctx, a: Assignment, name: string, why: string): FixerResult | { command: PlatformCommand } {
  const loc = a.location;
  const f = finding(`set ${name} (${why})`, a);
  if (a.dynamic)
    return refuse(
      f,
      `${loc?.path ?? 'the source'}${loc?.line ? `:${loc.line}` : ''} computes ${name} at start-up (\`$(...)\`, a secret manager): change it where it comes from`,
    );
  if (a.kind === 'process-env' && !loc?.line) {
    return {
      command: {
        platform: 'shell',
        command: `IFS= read -rs ${name} && export ${name}`,
        why: `this shell's ${name} was set by hand or by the program that started it (not by a start-up file keydoctor read): set it again in each open terminal, or unset it`,
        targets: [],
      },
    };
  }
  if (!loc?.line) return refuse(f, `${loc?.path ?? a.kind} sets ${name} where keydoctor cannot edit a line`);
  const abs = c.fx.abs(loc.path);
  let file;
  try {
    file = c.fx.read(abs);
  } catch (e) {
    return refuse(f, `${loc.path} cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, loc.path);
  }
  if (!file.exists || !isText(file)) return refuse(f, `${loc.path} is not a text file keydoctor can edit`, loc.path);
  const span = lineSpan(file.text, loc.line);
  if (!span) return undefined;
  const line = file.text.slice(span.start, span.end);
  const key = c.key;

  if (SHELL_KINDS.has(a.kind)) {
    const fish = a.kind === 'fish' || abs.endsWith('.fish');
    const v = shellValueSpan(line, name, fish);
    if (!v) return refuse(f, `${loc.path}:${loc.line} is not a plain assignment of ${name}: set it by hand`, loc.path);
    const text = `${v.quote}${key}${v.quote}`;
    if (c.d.facts.env[name] === a.value) c.shellEnv[name] = key;
    c.afterwards.add(`open a new terminal (or \`source ${loc.path}\`): the open ones still hold the old ${name}`);
    const lineNo = loc.line;
    return [
      {
        path: abs,
        edits: [{ start: span.start + v.start, end: span.start + v.end, text }],
        applicability: 'safe',
        writesKey: true,
        title: `set ${name} to the new key on line ${lineNo} (${why})`,
        verify: (after) => {
          const list = fish
            ? parseFish(after, { path: loc.path }).assignments
            : parseShell(after, { path: loc.path }).assignments;
          return list.some((x) => x.name === name && x.location?.line === lineNo && x.value === key)
            ? undefined
            : `the shell would not read the new key from line ${lineNo}`;
        },
      },
    ];
  }
  if (a.kind === 'dotenv' || a.kind === 'docker-run' || (a.kind === 'compose' && a.detail?.includes('env_file'))) {
    const readers =
      readersFor(
        a.kind,
        a.detail,
        c.d.targets.filter((t) => t.loads?.includes(loc.path)),
      ) ?? readersFor('dotenv', undefined, []);
    const v = dotenvValueSpan(line, name);
    if (!v || !readers)
      return refuse(f, `${loc.path}:${loc.line} is not a plain ${name}=value line: set it by hand`, loc.path);
    ensureIgnored(c, abs);
    const lineNo = loc.line;
    return [
      {
        path: abs,
        edits: [{ start: span.start + v.start, end: span.start + v.end, text: key }],
        applicability: 'safe',
        writesKey: true,
        title: `set ${name} to the new key on line ${lineNo} (${why})`,
        verify: (after) => {
          for (const r of readers)
            if (r.read(after, name, lineNo) !== key) return `${r.name} would not read the new key from line ${lineNo}`;
          return undefined;
        },
      },
    ];
  }
  if (a.kind === 'compose') return composeLiteral(c, a, name, why, abs, file.text);
  if (a.kind === 'k8s') return k8sData(c, a, name, why, abs, file.text);
  return refuse(
    f,
    `${loc.path}:${loc.line} (${a.detail ?? a.kind}) is not a place keydoctor writes keys: set it by hand`,
    loc.path,
  );
}

/** A compose `environment:` literal: the key itself where the file is git-ignored, else `${NAME}` (compose takes it from the project .env). */
function composeLiteral(c: Ctx, a: Assignment, name: string, why: string, abs: string, text: string): FixerResult {
  const loc = a.location as NonNullable<Assignment['location']>;
  const hits = yamlScalars(text).filter(
    (s) =>
      s.line === loc.line &&
      (s.path[s.path.length - 1] === name || (s.path[s.path.length - 1] === '[]' && s.value.startsWith(`${name}=`))),
  );
  const hit = hits[0];
  if (!hit || hits.length > 1)
    return refuse(
      finding(`set ${name}`, a),
      `${loc.path}:${loc.line}: the environment entry could not be found in the YAML: set it by hand`,
      loc.path,
    );
  const list = hit.path[hit.path.length - 1] === '[]';
  const st = gitStatus(c.fx.root, abs);
  const ref = `\${${name}}`;
  const value = st.ignored && !st.tracked ? c.key : ref;
  const edit = setFlowScalar(text, hit.token, list ? `${name}=${value}` : value, hit.inFlow);
  if (!edit) return undefined;
  // compose interpolates ${NAME} from the shell, then the .env next to the compose file
  const project = (c.d.facts.deploy?.compose ?? []).find((p) => p.files.includes(loc.path));
  const dotenvRel = project?.dotenv?.rel ?? join(project?.dir ?? '', '.env');
  const out: FixProposal[] = [
    {
      path: abs,
      edits: [edit],
      applicability: 'safe',
      writesKey: value === c.key,
      title:
        value === c.key
          ? `set ${name} to the new key on line ${loc.line} (${why})`
          : `take ${name} from the environment on line ${loc.line} (\`${ref}\`) instead of the literal old key (${why}); compose reads it from ${dotenvRel}`,
    },
  ];
  if (value === ref) {
    const envAbs = c.fx.abs(dotenvRel);
    const envFile = c.fx.read(envAbs);
    const existing = envFile.exists
      ? c.d.facts.envFiles.find((e) => e.relPath === dotenvRel)?.byDialect.dotenv?.find((x) => x.name === name)
      : undefined;
    if (existing) {
      const w = writeAt(c, existing, name, `compose interpolates ${ref} from it`);
      if (Array.isArray(w)) pushAll(out, w);
    } else {
      const add = appendLines(envFile, [`${name}=${c.key}`]);
      if (add) {
        ensureIgnored(c, envAbs);
        out.push({
          path: envAbs,
          edits: [add],
          create: !envFile.exists,
          applicability: 'safe',
          writesKey: true,
          title: `add ${name} to ${dotenvRel}${envFile.exists ? '' : ' (created)'}, where compose finds ${ref}`,
        });
      }
    }
  }
  return out;
}

/** A Secret manifest's `data:` value: re-encoded with the new key where the manifest is git-ignored. */
function k8sData(c: Ctx, a: Assignment, name: string, why: string, abs: string, text: string): FixerResult {
  const loc = a.location as NonNullable<Assignment['location']>;
  const hits = yamlScalars(text).filter(
    (s) =>
      s.keyLine === loc.line && (s.path[s.path.length - 2] === 'data' || s.path[s.path.length - 2] === 'stringData'),
  );
  const hit = hits[0];
  if (!hit || hits.length !== 1)
    return refuse(
      finding(`set ${name}`, a),
      `${loc.path}:${loc.line}: the Secret entry could not be found: set it by hand`,
      loc.path,
    );
  const b64 = hit.path[hit.path.length - 2] === 'data';
  const edit = setFlowScalar(text, hit.token, b64 ? Buffer.from(c.key, 'utf8').toString('base64') : c.key);
  if (!edit) return undefined;
  return [
    {
      path: abs,
      edits: [edit],
      applicability: 'safe',
      writesKey: true,
      title: `set ${name} of the Secret on line ${loc.line} to the new key${b64 ? ' (base64, no trailing newline)' : ''} (${why})`,
    },
  ];
}

/** Commands for the places outside the project: CI secrets, the cluster's Secret, hosting dashboards. */
function deployCommands(d: Diagnosis, name: string): PlatformCommand[] {
  const out: PlatformCommand[] = [];
  const stdin = (cmd: string) => `(IFS= read -rs K && printf %s "$K") | ${cmd}`;
  const dep = d.facts.deploy;
  for (const j of dep?.ci ?? []) {
    const refs = new Set<string>();
    for (const e of j.env)
      if (e.name === name && e.ref && (e.ref.kind === 'secret' || e.ref.kind === 'ci-var')) refs.add(e.ref.name);
    for (const s of j.secretsUsed) if (s.name === name) refs.add(s.name);
    for (const r of refs) {
      if (j.platform === 'github')
        out.push({
          platform: 'github',
          command: stdin(`gh secret set ${r}${j.environment ? ` --env ${j.environment}` : ''}`),
          why: `GitHub Actions job ${j.id} (${j.file}) reads secrets.${r}${j.environment ? ` of the environment ${j.environment}` : ''}`,
          targets: [`ci:${j.file}#${j.id}`],
        });
      else if (j.platform === 'gitlab')
        out.push({
          platform: 'gitlab',
          command: stdin(`glab variable set ${r} --masked`),
          why: `GitLab CI job ${j.id} (${j.file}) reads the CI/CD variable ${r}`,
          targets: [`ci:${j.file}#${j.id}`],
        });
      else
        out.push({
          platform: j.platform,
          command: `# CircleCI: Project Settings → Environment Variables (or the context${j.contexts?.length ? ` ${j.contexts.join(', ')}` : ''}): set ${r}`,
          why: `CircleCI job ${j.id} reads ${r}`,
          targets: [`ci:${j.file}#${j.id}`],
        });
    }
  }
  const k8s = dep?.k8s;
  const seenSecret = new Set<string>();
  for (const ct of k8s?.containers ?? []) {
    const refs: Array<{ secret: string; key: string }> = [];
    for (const e of ct.env)
      if (e.name === name && e.ref?.kind === 'secret' && !e.ref.templated)
        refs.push({ secret: e.ref.name, key: e.ref.key ?? name });
    for (const ef of ct.envFrom)
      if (ef.ref.kind === 'secret' && !ef.ref.templated && name.startsWith(ef.prefix ?? ''))
        refs.push({ secret: ef.ref.name, key: name.slice((ef.prefix ?? '').length) });
    for (const r of refs) {
      const obj = k8s?.objects.find((o) => o.kind === 'Secret' && o.name === r.secret && o.origin === 'manifest');
      const ns = ct.namespace ? ` -n ${ct.namespace}` : '';
      const wl = ct.workload.split('/');
      const restart =
        wl.length === 2 ? ` && kubectl rollout restart${ns} ${(wl[0] as string).toLowerCase()}/${wl[1]}` : '';
      const k = `${ns}|${r.secret}|${r.key}`;
      if (seenSecret.has(k)) continue;
      seenSecret.add(k);
      const others = obj ? obj.entries.filter((e) => e.key !== r.key).map((e) => e.key) : [];
      // The key reaches kubectl on standard input (/dev/stdin as the file), never in its arguments,
      // which every user of the machine sees in `ps` while it runs (printf is a shell builtin).
      const create = `(IFS= read -rs K && printf %s "$K" | kubectl create secret generic ${r.secret}${ns} --from-file=${r.key}=/dev/stdin --dry-run=client -o yaml) | kubectl apply -f -${restart}`;
      const patch = `(IFS= read -rs K && printf '{"data":{"%s":"%s"}}' '${r.key}' "$(printf %s "$K" | base64 | tr -d '\\n')" | kubectl patch secret ${r.secret}${ns} --patch-file=/dev/stdin)${restart}`;
      out.push({
        platform: 'kubernetes',
        command: others.length ? patch : create,
        why: `${ct.workload} container ${ct.name} reads ${name} from the Secret ${r.secret} (key ${r.key}) in the cluster${others.length ? `; the Secret holds other keys too (${others.join(', ')}), so only this one is replaced` : ''}; the pods read it only when they start`,
        targets: [`k8s:${ct.workload}/${ct.name}`],
      });
    }
  }
  for (const h of dep?.hosting ?? []) {
    if (h.platform === 'vercel') {
      for (const env of ['production', 'preview', 'development'])
        out.push({
          platform: 'vercel',
          command: `vercel env rm ${name} ${env} --yes; ${stdin(`vercel env add ${name} ${env}`)}`,
          why: `Vercel (${h.rel}) keeps ${name} per environment; redeploy after changing it (\`vercel --prod\`)`,
          targets: [`hosting:${h.rel}#${h.unit}`],
        });
    } else if (h.platform === 'fly')
      out.push({
        platform: 'fly',
        command: stdin(`fly secrets set ${name}=-`),
        why: `fly.io (${h.rel}): secrets are set with flyctl and the machines restart with them`,
        targets: [`hosting:${h.rel}#${h.unit}`],
      });
    else if (h.platform === 'netlify')
      out.push({
        platform: 'netlify',
        command: `(IFS= read -rs K && printf '%s=%s\\n' '${name}' "$K") | netlify env:import /dev/stdin`,
        why: `Netlify (${h.rel}): redeploy after changing it`,
        targets: [`hosting:${h.rel}#${h.unit}`],
      });
  }
  return dedupeCommands(out);
}

/** The file a target's own dotenv load would read when none exists yet (`load_dotenv()` next to the entry file, `dotenv.config()` in the package folder). */
function defaultEnvFile(d: Diagnosis, t: Target): string | undefined {
  const code = d.facts.code;
  if (!code || (t.kind !== 'python' && t.kind !== 'node')) return undefined;
  const py = t.kind === 'python';
  const entry = t.location?.path;
  const mine = code.dotenvLoads.filter(
    (l) =>
      (py ? l.loader === 'python-dotenv' : l.loader === 'dotenv' || l.loader === 'dotenv/config') &&
      l.populatesEnv !== false,
  );
  const l = mine.find((x) => x.file === entry) ?? (mine.length === 1 ? mine[0] : undefined);
  if (!l) return undefined;
  if (l.resolved?.length) return l.resolved[0];
  if (l.path !== undefined) return undefined;
  const dir = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/') + 1) : '');
  return `${py ? dir(l.file) : dir(entry ?? '')}.env`;
}

/** Plans where the new key goes (see the module comment). Nothing is written. */
export async function planSetKey(o: SetKeyOptions): Promise<SetKeyPlan> {
  const diagnose = o.diagnose ?? runDiagnosis;
  const d = await diagnose({ root: o.root, cwd: o.cwd, home: o.home, env: o.env, offline: true });
  const masker = new Masker();
  masker.addSet(d.secrets);
  masker.add(o.key);
  const check = checkNewKey(o.key);
  const fx = makeContext(d.facts, d.targets, o.now ?? new Date());
  const c: Ctx = { fx, d, key: o.key, willIgnore: new Set(), gitignoreLines: [], shellEnv: {}, afterwards: new Set() };
  const azureKey = check.credential.provider === 'azure';
  const chosen = d.targets.filter((t) => {
    if (o.targets?.length && !o.targets.includes(t.id)) return false;
    if (o.name) return t.keyVar === o.name || Boolean(t.vars[o.name]);
    return azureKey ? t.azure === true : !t.azure;
  });
  const results: Array<{ finding: FindingDraft; result: FixerResult }> = [];
  const refusals: Refusal[] = [];
  const commands: PlatformCommand[] = [];
  const targets: SetKeyTargetPlan[] = [];
  const done = new Map<string, string>();
  for (const t of chosen) {
    const name = o.name ?? t.keyVar;
    const res = t.vars[name];
    const tp: SetKeyTargetPlan = { id: t.id, label: t.label, name, writes: [], commands: [] };
    if (res?.value !== undefined)
      tp.now = {
        masked: maskSecret(res.value),
        fingerprint: fingerprint(res.value),
        from: res.winner?.location
          ? `${res.winner.location.path}${res.winner.location.line ? `:${res.winner.location.line}` : ''}`
          : (res.winner?.detail ?? res.winner?.kind),
      };
    if (t.kind === 'shell' && !res?.winner) continue; // nothing in the shell to replace
    targets.push(tp);
    const sources: Array<{ a: Assignment; why: string }> = [];
    if (res?.winner) sources.push({ a: res.winner, why: `what ${t.label} gets today` });
    for (const e of res?.chain ?? []) {
      if (e.assignment === res?.winner) continue;
      // losing sources, and dotenv files the target does not load, that hold another key: made to agree
      const notLoaded = e.status === 'not-loaded' && e.assignment.kind === 'dotenv';
      if (e.status !== 'lost' && e.status !== 'overridden' && !notLoaded) continue;
      if (e.assignment.value.trim() === '' || e.assignment.value === o.key) continue;
      sources.push({
        a: e.assignment,
        why: notLoaded
          ? `${t.label} does not load it, but it holds another key`
          : `it ${e.status === 'lost' ? 'loses' : 'is replaced'} for ${t.label} but holds another key`,
      });
    }
    if (!res?.winner) {
      const file = t.loads?.[0] ?? defaultEnvFile(d, t);
      if (file) {
        const abs = fx.abs(file);
        const f = fx.read(abs);
        const add = appendLines(f, [`${name}=${o.key}`]);
        if (add) {
          ensureIgnored(c, abs);
          results.push({
            finding: finding(`add ${name} to ${file}`, undefined, t.id),
            result: [
              {
                path: abs,
                edits: [add],
                create: !f.exists,
                applicability: 'safe',
                writesKey: true,
                title: `add ${name} to ${file}${f.exists ? '' : ' (created)'}, the file ${t.label} loads`,
              },
            ],
          });
          tp.writes.push(file);
        }
      } else if (!['k8s-container', 'ci-job', 'hosting'].includes(t.kind)) {
        tp.note = `${name} comes only from the environment here: export it in the shell that starts the app (and in your shell's start-up file to keep it)`;
        const cmd: PlatformCommand = {
          platform: 'shell',
          command: `IFS= read -rs ${name} && export ${name}`,
          why: `these targets read ${name} only from the environment of the shell that starts them`,
          targets: [t.id],
        };
        commands.push(cmd);
        tp.commands.push(cmd.command);
      }
    }
    for (const s of sources) {
      const where = s.a.location
        ? `${s.a.location.path}${s.a.location.line ? `:${s.a.location.line}` : ''}`
        : (s.a.detail ?? s.a.kind);
      if (s.a.kind === 'k8s' || s.a.kind === 'helm' || s.a.kind === 'ci' || s.a.kind === 'hosting') {
        // a manifest in the repository: the cluster's Secret is what counts (command below); a git-ignored manifest is written too
        if (s.a.kind === 'k8s' && s.a.location?.line) {
          const st = gitStatus(fx.root, fx.abs(s.a.location.path));
          if (st.ignored && !st.tracked) {
            const w = writeAt(c, s.a, name, s.why);
            if (Array.isArray(w)) {
              results.push({ finding: finding(`set ${name}`, s.a, t.id), result: w });
              tp.writes.push(where);
            }
          }
        }
        continue;
      }
      const key = `${where}|${name}`;
      if (done.has(key)) {
        tp.writes.push(where);
        continue;
      }
      done.set(key, where);
      const w = writeAt(c, s.a, name, s.why);
      if (w && !Array.isArray(w) && 'command' in w) {
        w.command.targets.push(t.id);
        commands.push(w.command);
        tp.commands.push(w.command.command);
        // a new terminal would not have it (it came from no start-up file keydoctor read)
        c.shellEnv[name] = null;
        continue;
      }
      if (w === undefined) continue;
      if (!Array.isArray(w)) {
        refusals.push(w);
        continue;
      }
      results.push({ finding: finding(`set ${name}`, s.a, t.id), result: w });
      tp.writes.push(where);
    }
  }
  // Sources outside the project.
  const names = new Set(targets.map((t) => t.name));
  if (names.size === 0) names.add(o.name ?? (azureKey ? 'AZURE_OPENAI_API_KEY' : 'OPENAI_API_KEY'));
  for (const n of names) {
    for (const cmd of deployCommands(d, n)) {
      commands.push(cmd);
      for (const id of cmd.targets) {
        const tp = targets.find((x) => x.id === id || x.id.startsWith(id));
        tp?.commands.push(cmd.command);
      }
    }
  }
  // The .gitignore lines the key files need first.
  const gi = fx.abs('.gitignore');
  let giPlanned = false;
  if (c.gitignoreLines.length) {
    const file = fx.read(gi);
    const add = appendLines(file, c.gitignoreLines);
    if (add) {
      giPlanned = true;
      results.unshift({
        finding: finding('keep the key files out of git'),
        result: [
          {
            path: gi,
            edits: [add],
            create: !file.exists,
            applicability: 'safe',
            title: `add ${c.gitignoreLines.join(', ')} to .gitignore${file.exists ? '' : ' (created)'} before the key goes in`,
          },
        ],
      });
    }
  }
  let plan = planResults(d, results, { now: o.now, ignoredExtra: (abs) => c.willIgnore.has(abs) }, fx);
  // The .gitignore edit may itself be refused (a symlink out of the project, a file keydoctor may not
  // edit): then no key file can count on it, and those it should have covered are refused instead.
  if (giPlanned && !plan.files.some((f) => f.path === gi)) plan = planResults(d, results, { now: o.now }, fx);
  // A key file that overlaps another edit of the same file (two targets, one line) is planned once.
  if (plan.deferred.length)
    for (const x of plan.deferred)
      refusals.push({
        finding: x.finding,
        path: x.display,
        reason: 'another edit of the same lines comes first: run keydoctor set-key again after this one',
      });
  return {
    root: d.facts.root,
    home: d.facts.home,
    key: check,
    plan,
    targets,
    commands: dedupeCommands(commands),
    refusals: [...refusals, ...plan.refusals],
    afterwards: [...c.afterwards],
    shellEnv: c.shellEnv,
    masker,
    diagnosis: d,
    options: o,
  };
}

function dedupeCommands(cs: PlatformCommand[]): PlatformCommand[] {
  const m = new Map<string, PlatformCommand>();
  for (const c of cs) {
    const u = m.get(c.command);
    if (!u) m.set(c.command, { ...c, targets: [...c.targets] });
    else for (const t of c.targets) if (!u.targets.includes(t)) u.targets.push(t);
  }
  return [...m.values()];
}

// ---------------------------------------------------------------------------------------------
// Live verification

export interface KeyVerification {
  /** Endpoint asked (no secrets), the targets behind it, and the answer. */
  endpoint: string;
  targets: string[];
  ok: boolean;
  status?: number;
  /** What the API said, in one sentence each (masked). */
  messages: string[];
  skipped?: string;
}

/**
 * Asks each distinct endpoint of the planned targets whether it accepts the new key (one cheap
 * request, GET /models; no probes), with the target's base URL, organization and project.
 */
export async function verifyNewKey(
  plan: SetKeyPlan,
  o: { timeoutMs?: number; verify?: (s: LiveSettings) => Promise<LiveResult> } = {},
): Promise<KeyVerification[]> {
  const { settingsForTarget, applyClientOptions, skipReason } = await import('../live/settings.js');
  // The new key is the user's (typed, piped, or from their environment): like the doctor, it is not
  // sent where only the project's files point it (live/trust.ts), unless that is a provider's host.
  const verify =
    o.verify ??
    (async (s: LiveSettings) =>
      (await import('../live/verify.js')).verifyKey({
        key: s.key,
        baseURL: s.baseURL,
        organization: s.organization,
        project: s.project,
        azure: s.azure,
        probes: 'none',
        timeoutMs: o.timeoutMs,
        env: plan.options.env,
        origin: { key: undefined, endpoint: s.endpointFrom },
      }));
  const by = new Map<string, { s: LiveSettings; targets: string[] }>();
  const out: KeyVerification[] = [];
  for (const tp of plan.targets) {
    const t = plan.diagnosis.targets.find((x) => x.id === tp.id) as Target;
    const res = t.vars[tp.name];
    const withKey: Target = {
      ...t,
      keyVar: tp.name,
      vars: {
        ...t.vars,
        [tp.name]: { name: tp.name, chain: res?.chain ?? [], winner: res?.winner, value: plan.key.key },
      },
    };
    const base = settingsForTarget(withKey, plan.options.env ?? {});
    if (!base) continue;
    const s = applyClientOptions(base, withKey, plan.diagnosis.facts.code?.clients);
    const why = skipReason(s);
    const k = s.azure
      ? `azure|${s.azure.endpoint}|${s.azure.deployment ?? ''}`
      : `${s.baseURL ?? 'https://api.openai.com/v1'}|${s.organization ?? ''}|${s.project ?? ''}`;
    if (why) {
      out.push({ endpoint: k.split('|')[0] ?? '', targets: [tp.id], ok: false, messages: [], skipped: why });
      continue;
    }
    const e = by.get(k);
    if (e) e.targets.push(tp.id);
    else by.set(k, { s, targets: [tp.id] });
  }
  for (const { s, targets } of by.values()) {
    const r = await verify(s);
    const endpoint = r.endpoint || (s.azure ? s.azure.endpoint : (s.baseURL ?? 'https://api.openai.com/v1'));
    const messages = r.findings.filter((f) => f.id !== 'live-ok').map((f) => plan.masker.maskText(f.message));
    if (r.skipped) {
      out.push({ endpoint, targets, ok: false, messages: [], skipped: messages.join(' ') || r.skipped });
      continue;
    }
    const ok = r.status !== undefined && r.status >= 200 && r.status < 300;
    out.push({ endpoint, targets, ok, status: r.status, messages });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Applying

export interface SetKeyResult {
  written: string[];
  problems: WriteProblem[];
  backupDir?: string;
  backupDisplay?: string;
  /** Per target, after the doctor ran again: whether it now gets the new key. */
  targets: Array<{
    id: string;
    label: string;
    name: string;
    ok: boolean;
    masked?: string;
    fingerprint?: string;
    from?: string;
    pending: string[];
  }>;
  /** Commands still to run (sources outside the project). */
  commands: PlatformCommand[];
  afterwards: string[];
  final: Diagnosis;
}

/** Writes the plan (atomically, each file backed up first), re-runs the doctor as a new terminal would see it, and reports per target. */
export async function applySetKey(
  plan: SetKeyPlan,
  o: { backup?: boolean; hooks?: WriteHooks; now?: Date } = {},
): Promise<SetKeyResult> {
  const backup =
    o.backup === false
      ? undefined
      : new BackupRun(plan.root, 'set-key', o.now ?? new Date(), o.hooks, {
          home: plan.options.home,
          env: plan.options.env,
        });
  const res = writePlan(plan.plan, { backup, hooks: o.hooks });
  const env = { ...(plan.options.env ?? {}) } as Record<string, string | undefined>;
  const wroteShell = res.written.some((w) => w.display.startsWith('~/'));
  for (const [n, v] of Object.entries(plan.shellEnv)) {
    if (v === null) delete env[n];
    else if (wroteShell) env[n] = v;
  }
  const diagnose = plan.options.diagnose ?? runDiagnosis;
  const final = await diagnose({ root: plan.root, cwd: plan.options.cwd, home: plan.home, env, offline: true });
  const fp = plan.key.fingerprint;
  const targets = plan.targets.map((tp) => {
    const t = final.targets.find((x) => x.id === tp.id);
    const r = t?.vars[tp.name];
    const v = r?.value;
    return {
      id: tp.id,
      label: tp.label,
      name: tp.name,
      ok: v !== undefined && fingerprint(v) === fp,
      masked: v === undefined ? undefined : maskSecret(v),
      fingerprint: v === undefined ? undefined : fingerprint(v),
      from: r?.winner?.location
        ? `${r.winner.location.path}${r.winner.location.line ? `:${r.winner.location.line}` : ''}`
        : r?.winner?.detail,
      pending: tp.commands,
    };
  });
  return {
    written: res.written.map((w) => w.display),
    problems: res.problems,
    backupDir: backup && backup.entries.length ? backup.dir : undefined,
    backupDisplay: backup && backup.entries.length ? displayPath(plan.root, plan.home, backup.dir) : undefined,
    targets,
    commands: plan.commands,
    afterwards: plan.afterwards,
    final,
  };
}
