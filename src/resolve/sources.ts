/**
 * Building blocks the target providers share: the variable names every target resolves, the
 * inherited environment (with where each value came from), the shell start-up files, and dotenv
 * files as load steps.
 */
import type { Facts } from '../core/facts.js';
import type { Assignment, DotenvDialect, EnvFile } from '../core/types.js';
import type { LoadStep } from './engine.js';
import { compareText } from '../core/compare.js';
import { dirOf, isExampleFile, PROCFILE_RE } from '../core/paths.js';
import { locString } from '../core/location.js';

/** Every target resolves these (plus its key variable). */
/**
 * openai-python 0.x reads OPENAI_API_TYPE from the environment when it is imported: `azure` (or
 * `azure_ad`) puts the module in Azure mode (the api-key header, a default api_version, deployments as
 * engine), as `openai.api_type = "azure"` in the code does. Whether the shell or a dotenv file sets it so.
 */
export function legacyAzureByEnv(facts: Facts): boolean {
  const azure = (v: string | undefined): boolean => /^azure(?:_ad)?$/i.test((v ?? '').trim());
  return (
    azure(facts.env.OPENAI_API_TYPE) || facts.assignments.some((a) => a.name === 'OPENAI_API_TYPE' && azure(a.value))
  );
}

export const OPENAI_VARS = [
  'OPENAI_API_KEY',
  'OPENAI_ORG_ID',
  'OPENAI_ORGANIZATION',
  'OPENAI_PROJECT_ID',
  'OPENAI_BASE_URL',
  'OPENAI_API_BASE',
  'AZURE_OPENAI_API_KEY',
  'AZURE_OPENAI_ENDPOINT',
  'OPENAI_API_VERSION',
  // read by openai-python 3 / openai-node 7 (src/code/sdk-semantics.ts)
  'OPENAI_ADMIN_KEY',
  'OPENAI_CUSTOM_HEADERS',
] as const;

/** Kinds of assignment that are shell start-up files (they shape the environment of new terminals). */
export const STARTUP_KINDS = new Set(['shell-rc', 'fish', 'etc-environment', 'envrc']);

/**
 * Kinds that are part of the environment a program inherits (the "base" side of a chain): the
 * environment and the deployment `environment:` blocks, which sit "above" the files.
 */
export const ENVIRONMENT_KINDS = new Set([
  'process-env',
  'shell-rc',
  'fish',
  'etc-environment',
  'envrc',
  'ide',
  'compose',
  'docker-run',
  'dockerfile',
  'k8s',
  'helm',
  'ci',
  'hosting',
]);

/** Whether the parsers marked the value as computed (`$(op read ...)`, `$(cat file)`). */
export function isDynamic(a: Assignment): boolean {
  return (a as Assignment & { dynamic?: boolean }).dynamic === true;
}

/** Order in which a login + interactive shell reads its start-up files (lower first). */
export function startupRank(a: Assignment): number {
  const p = a.location?.path ?? '';
  const base = p.slice(p.lastIndexOf('/') + 1);
  if (a.kind === 'etc-environment' || p === '/etc/environment') return 0;
  if (p.startsWith('/etc/')) return 1;
  if (base === '.zshenv') return 2;
  if (['.profile', '.bash_profile', '.bash_login', '.zprofile'].includes(base)) return 3;
  if (base === 'fish_variables') return 4; // universal variables, before config.fish runs
  if (['.bashrc', '.zshrc', '.kshrc', '.mkshrc'].includes(base)) return 5;
  if (base === '.zlogin') return 6;
  if (a.kind === 'fish' || p.includes('/fish/')) return 7;
  if (a.kind === 'envrc') return 8; // direnv applies on entering the folder
  return 5;
}

/** Whether the user's login shell (from $SHELL) reads this start-up file; unknown shells read them all. */
export function readByShell(facts: Facts, a: Assignment): boolean {
  const sh = (facts.env.SHELL ?? '').slice((facts.env.SHELL ?? '').lastIndexOf('/') + 1);
  const p = a.location?.path ?? '';
  const base = p.slice(p.lastIndexOf('/') + 1);
  const fish = a.kind === 'fish' || p.includes('/fish/');
  if (a.kind === 'etc-environment' || a.kind === 'envrc' || p.startsWith('/etc/')) return true;
  if (sh === 'zsh') return !fish && !base.startsWith('.bash') && base !== '.profile';
  if (sh === 'bash') return !fish && !base.startsWith('.zsh') && base !== '.zprofile' && base !== '.zlogin';
  if (sh === 'fish') return fish;
  return true;
}

const sortedStartup = new WeakMap<Facts, { n: number; list: Assignment[] }>();

/** Start-up file assignments in the order a new shell runs them (optionally of one name; by default only the user's shell's files). */
export function startupAssignments(facts: Facts, name?: string, everyShell = false): Assignment[] {
  let cached = sortedStartup.get(facts);
  if (!cached || cached.n !== facts.assignments.length) {
    const list = facts.assignments
      .filter((a) => STARTUP_KINDS.has(a.kind))
      .sort(
        (x, y) =>
          startupRank(x) - startupRank(y) ||
          compareText(x.location?.path ?? '', y.location?.path ?? '') ||
          (x.location?.line ?? 0) - (y.location?.line ?? 0),
      );
    cached = { n: facts.assignments.length, list };
    sortedStartup.set(facts, cached);
  }
  return cached.list.filter((a) => (name === undefined || a.name === name) && (everyShell || readByShell(facts, a)));
}

/** Where an assignment is, as text (`path:line`). */
export function locText(a: Assignment): string | undefined {
  return locString(a.location);
}

/**
 * The process environment as assignments, each attributed to the start-up file line that most likely
 * set it (the last exported line with the same value), so findings can point at a file.
 */
const envCache = new WeakMap<Facts, { n: number; list: Assignment[] }>();

export function environmentAssignments(facts: Facts): Assignment[] {
  const hit = envCache.get(facts);
  if (hit && hit.n === facts.assignments.length) return hit.list;
  const list = computeEnvironment(facts);
  envCache.set(facts, { n: facts.assignments.length, list });
  return list;
}

function computeEnvironment(facts: Facts): Assignment[] {
  const out: Assignment[] = [];
  const startup = new Map<string, Assignment[]>();
  for (const a of startupAssignments(facts, undefined, true)) {
    if (a.exported === false) continue;
    if (!startup.has(a.name)) startup.set(a.name, []);
    startup.get(a.name)?.push(a);
  }
  const fromCollector = new Map<string, Assignment>();
  for (const a of facts.assignments)
    if (a.kind === 'process-env' && !fromCollector.has(a.name)) fromCollector.set(a.name, a);
  for (const [name, value] of Object.entries(facts.env)) {
    const base: Assignment = fromCollector.get(name) ?? { name, value, kind: 'process-env', exported: true };
    const lines = startup.get(name) ?? [];
    const origin = lines.filter((s) => s.value === value && !isDynamic(s)).pop();
    // A computed line (`export OPENAI_API_KEY=$(op read ...)`) is the likely origin when no line matches.
    const computed = origin ? undefined : lines.filter((s) => isDynamic(s)).pop();
    if (origin?.location) {
      out.push({
        ...base,
        value,
        location: origin.location,
        raw: origin.raw,
        detail: `exported in this shell; set by ${locText(origin)}`,
      });
    } else if (computed?.location) {
      out.push({
        ...base,
        value,
        location: computed.location,
        raw: computed.raw,
        detail: `exported in this shell; computed by ${locText(computed)}`,
      });
    } else {
      out.push({ ...base, value });
    }
  }
  return out;
}

/** The step for the environment a program started from this shell inherits. */
export const SHELL_ENV_SOURCE = 'the shell environment';

export function environmentStep(facts: Facts): LoadStep {
  return { source: SHELL_ENV_SOURCE, loader: 'the shell', mode: 'base', assignments: environmentAssignments(facts) };
}

/** Whether a start-up assignment reaches programs started from a new terminal. */
export function reachesPrograms(a: Assignment): boolean {
  return a.exported !== false;
}

export function findEnvFile(facts: Facts, relPath: string): EnvFile | undefined {
  return facts.envFiles.find((f) => f.relPath === relPath);
}

/** Whether a file exists in the project (from the parsed env files or the file listing). */
export function fileExists(facts: Facts, relPath: string): boolean {
  const f = findEnvFile(facts, relPath);
  if (f) return f.exists;
  return facts.files.some((x) => x.rel === relPath);
}

/** The assignments a loader of `dialect` reads from a file (another dialect's reading when that one is missing); the file's EnvFile is the one store. */
export function fileAssignments(facts: Facts, relPath: string, dialect: DotenvDialect): Assignment[] {
  const f = findEnvFile(facts, relPath);
  if (!f?.exists) return [];
  return f.byDialect[dialect] ?? f.byDialect.dotenv ?? f.byDialect.node ?? f.byDialect.python ?? [];
}

/** A dotenv file as a load step (an empty step when the file does not exist). */
export function fileStep(
  facts: Facts,
  relPath: string,
  dialect: DotenvDialect,
  mode: LoadStep['mode'],
  loader: string,
  extra: Partial<LoadStep> = {},
): LoadStep {
  const step: LoadStep = {
    source: relPath,
    loader,
    mode,
    assignments: fileAssignments(facts, relPath, dialect),
    ...extra,
  };
  if (fileExists(facts, relPath)) step.file = relPath;
  else step.missing = relPath;
  return step;
}

/** Project dotenv files nobody in this target loads: listed as not loaded, so findings can say so. */
/** Whether folder `a` is `b` or contains it ('' is the root). */
export function within(b: string, a: string): boolean {
  return a === '' || b === a || b.startsWith(a + '/');
}

/**
 * Whether a dotenv file plausibly belongs to the target that runs in `home`: in its folder or above,
 * or below it but not inside another package's folder (a monorepo neighbour's files are not listed).
 */
export function belongsTo(facts: Facts, rel: string, home: string): boolean {
  const d = dirOf(rel);
  if (within(home, d)) return true;
  if (!within(d, home)) return false;
  const packages = [
    ...facts.project.packageJsons.map((p) => dirOf(p.rel)),
    ...facts.project.python.map((p) => dirOf(p.rel)),
  ];
  return !packages.some((p) => p !== home && within(p, home) && within(d, p));
}

/**
 * Why a framework does not read a dotenv file: one of the names it reads, in another folder than the one
 * it runs in (the repository's root `.env` beside an app in `app/`), or a name it does not read in this mode.
 */
export function notReadBecause(
  tool: string,
  mode: string,
  names: readonly string[],
  cwd: string,
): (rel: string) => string {
  return (rel) => {
    const slash = rel.lastIndexOf('/');
    const base = rel.slice(slash + 1);
    const dir = slash < 0 ? '' : rel.slice(0, slash);
    return names.includes(base) && dir !== cwd
      ? `${tool} reads ${base} from ${cwd || 'the project root'}, the folder it runs in, not from ${dir || 'the project root'}`
      : `${tool}${mode ? ` in ${mode} mode` : ''} does not read ${rel}`;
  };
}

export function unloadedSteps(facts: Facts, loaded: Set<string>, why: (rel: string) => string, home = ''): LoadStep[] {
  const out: LoadStep[] = [];
  const seen = new Set<string>();
  for (const rel of facts.envFiles.filter((f) => f.exists && f.role !== 'example').map((f) => f.relPath)) {
    if (
      !rel ||
      loaded.has(rel) ||
      seen.has(rel) ||
      rel.startsWith('/') ||
      rel.startsWith('~') ||
      isExampleFile(rel) ||
      rel.endsWith('.envrc') ||
      !belongsTo(facts, rel, home)
    )
      continue;
    seen.add(rel);
    out.push(fileStep(facts, rel, 'dotenv', 'if-unset', 'nothing', { loaded: false, reason: why(rel) }));
  }
  return out;
}

/**
 * A process line of a Procfile runs on a host that gives it the app's config vars (Heroku, Dokku,
 * Scalingo, ...), or locally under heroku local / foreman / honcho, which read the .env beside the
 * Procfile: values keydoctor cannot see either way. The phrase for `Target.external`, or undefined.
 */
export function procfileExternal(declaredIn: string | undefined): string | undefined {
  if (!declaredIn || !PROCFILE_RE.test(declaredIn)) return undefined;
  return `${declaredIn}: the host's config vars (Heroku and other Procfile hosts), or the .env beside it under heroku local, foreman or honcho`;
}
