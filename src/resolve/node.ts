/**
 * Node targets: one per distinct way a package.json script starts the app (`node --env-file`,
 * `-r dotenv/config`, dotenv-cli, dotenvx, env-cmd, bun), plus the dotenv loads the code makes, and
 * the framework targets (Next.js, Vite, Create React App) with their own file orders.
 */
import { workspaceLibrary } from '../collect/project.js';
import type { Facts, PackageJson } from '../core/facts.js';
import type { Assignment, Target } from '../core/types.js';
import type { DotenvLoad, EntryPoint } from '../code/types.js';
import type { LoadStep } from './engine.js';
import type { Launch } from '../collect/launch/types.js';
import { launchesOf } from '../collect/launch/collector.js';
import { launchSteps, markResolved, resolvingTools } from './targets/wrappers.js';
import { environmentStep, fileStep, notReadBecause, procfileExternal, unloadedSteps } from './sources.js';
import { clientsFor, loadsFor, makeTarget, reachable } from './target.js';
import { compareText } from '../core/compare.js';
import { pushAll } from '../core/arrays.js';
import { dirOf, joinRel } from '../core/paths.js';
import { describeGuard, opHolds } from '../code/guard-text.js';

const MAX_TARGETS_PER_PACKAGE = 12;

function scriptLabel(script: string): string {
  return script === 'start' || script === 'test' ? `npm ${script}` : `npm run ${script}`;
}

function assignStep(assigns: Record<string, string>, where: string): LoadStep | undefined {
  const list: Assignment[] = Object.entries(assigns).map(([name, value]) => ({
    name,
    value,
    kind: 'process-env',
    location: { path: where },
    detail: 'set on the command line of the script',
  }));
  return list.length
    ? { source: `the ${where} command line`, loader: 'the script', mode: 'base', assignments: list }
    : undefined;
}

/**
 * A load's path with the environment variables it names filled in: `.env.${NODE_ENV}` (a template
 * literal: code/js/scope.ts pathOf) reads `.env.development` where the target's command sets
 * NODE_ENV=development, and `.env.undefined` where nothing sets it (what JavaScript makes of it).
 */
export function fillPath(path: string, env: (name: string) => string | undefined): string {
  return path.replace(/\$\{([A-Za-z_]\w*)\}/g, (_, name: string) => env(name) ?? 'undefined');
}

/** The first of the names set (to anything but an empty string) in `env`, or an empty value when only that is. */
function firstSet(env: (name: string) => string | undefined, names: readonly string[]): string | undefined {
  let empty: string | undefined;
  for (const n of names) {
    const v = env(n);
    if (v !== undefined && v !== '') return v;
    if (v !== undefined) empty = v;
  }
  return empty;
}

export function codeLoadSteps(
  facts: Facts,
  loads: DotenvLoad[],
  cwd: string,
  env: (name: string) => string | undefined = (name) => facts.env[name],
): { steps: LoadStep[]; texts: string[] } {
  const steps: LoadStep[] = [];
  const texts: string[] = [];
  const sorted = [...loads].sort((a, b) => compareText(a.file, b.file) || (a.order ?? a.line) - (b.order ?? b.line));
  for (const l of sorted) {
    // a load under a condition the target's environment decides against (`NODE_ENV === "development" ? ... : ...`
    // where the command sets NODE_ENV=production): it does not run here
    const off = (l.onlyIf ?? []).find(
      (g) => g.kind === 'env' && !opHolds(g.op, firstSet(env, [g.name, ...(g.fallbacks ?? [])]) ?? g.default, g.values),
    );
    if (off) {
      texts.push(`not ${l.path ?? '.env'} at ${l.file}:${l.line}, which loads only if ${describeGuard(off)}`);
      continue;
    }
    const native = l.loader === 'node-loadEnvFile';
    const call = native
      ? 'process.loadEnvFile()'
      : l.loader === 'dotenv/config'
        ? "import 'dotenv/config'"
        : l.loader === 'dotenvx'
          ? 'dotenvx.config()'
          : 'dotenv.config()';
    const templated = l.path?.includes('${') === true;
    const files =
      l.resolved?.length && !templated
        ? l.resolved
        : [joinRel(cwd, templated ? fillPath(l.path as string, env) : (l.path ?? '.env'))];
    const mode = l.override && !native ? 'override' : 'if-unset';
    for (const f of files)
      steps.push(fileStep(facts, f, native ? 'node' : 'dotenv', mode, l.override ? `${call} with override` : call));
    texts.push(`${files.join(', ')} via ${call} at ${l.file}:${l.line}${l.override ? ' (override)' : ''}`);
  }
  return { steps, texts };
}

/** Whether a make rule, just recipe or shell script starts this file (its own target then covers it). */
export function startedByLauncher(facts: Facts, file: string): boolean {
  return (facts.launchers ?? []).some(
    (r) => !r.beside && r.launch.file !== undefined && joinRel(r.launch.cwd, r.launch.file) === file,
  );
}

function hasDep(p: PackageJson, name: string): boolean {
  return Object.hasOwn(p.dependencies, name) || Object.hasOwn(p.devDependencies, name);
}

interface NodeRun {
  pkg: PackageJson;
  script?: string;
  command: string;
  launch: Launch;
  entry?: EntryPoint;
  /** Other scripts that start the app the same way. */
  also?: string[];
}

function nodeTarget(facts: Facts, run: NodeRun): Target {
  const { pkg, launch } = run;
  const cwd = run.entry?.cwd ?? launch.cwd;
  const steps: LoadStep[] = [environmentStep(facts)];
  const texts: string[] = ['shell env'];
  const a = assignStep(launch.assigns, run.script ? `"${run.script}" script` : 'start');
  if (a) steps.push(a);
  const ls = launchSteps(facts, launch, cwd);
  pushAll(steps, ls.steps);
  pushAll(texts, ls.texts);
  const external = ls.external;
  const host = procfileExternal(run.entry?.declaredIn);
  if (host) {
    external.push(host);
    texts.splice(1, 0, host);
  }
  // the file the command names, unless it is build output that is not there (`node dist/src/index.js`
  // before `tsc`): then the source the entry point maps it to (src/index.ts), whose code it runs
  const launched = launch.file ? joinRel(cwd, launch.file) : undefined;
  const entryFile =
    launched !== undefined && run.entry?.file && run.entry.file !== launched && !reachable(facts, launched)
      ? run.entry.file
      : (launched ?? run.entry?.file);
  const files = reachable(facts, entryFile);
  const codeLoads = facts.code ? loadsFor(facts, files, 'node', files ? undefined : cwd) : [];
  if (facts.code) {
    const cl = codeLoadSteps(facts, codeLoads, cwd, (name) =>
      Object.hasOwn(launch.assigns, name) ? launch.assigns[name] : facts.env[name],
    );
    pushAll(steps, cl.steps);
    pushAll(texts, cl.texts);
  } else if (
    launch.runtime !== 'bun' &&
    !launch.preload &&
    (hasDep(pkg, 'dotenv') || hasDep(pkg, '@dotenvx/dotenvx'))
  ) {
    steps.push(fileStep(facts, joinRel(cwd, '.env'), 'dotenv', 'if-unset', 'dotenv.config()'));
    texts.push(
      `${joinRel(cwd, '.env') || '.env'} via dotenv.config() (assumed from the dotenv dependency; no override)`,
    );
  }
  const loaded = new Set(steps.filter((s) => s.file && s.loaded !== false).map((s) => s.file as string));
  pushAll(
    steps,
    unloadedSteps(
      facts,
      loaded,
      (rel) => `nothing in this target loads ${rel}${loaded.size ? ` (it loads ${[...loaded].join(', ')})` : ''}`,
      cwd,
    ),
  );
  const also = run.also?.length ? `; also ${run.also.map(scriptLabel).join(', ')}` : '';
  const scriptPart = run.script
    ? `${scriptLabel(run.script)} (${run.command}${also})`
    : (run.entry?.label ?? run.command);
  const prefix = dirOf(pkg.rel);
  markResolved(
    steps,
    resolvingTools(
      launch.wrappers,
      codeLoads.map((l) => l.loader),
    ),
  );
  const target = makeTarget(facts, {
    id: `node:${prefix ? prefix + ':' : ''}${run.script ?? entryFile ?? 'app'}`,
    kind: 'node',
    label: `${prefix ? prefix + ': ' : ''}${scriptPart}`,
    location: { path: pkg.rel },
    loading: texts.length > 1 ? texts.join(', then ') : 'shell env only: no dotenv file is loaded',
    steps,
    // a script that runs a tool kept in a hidden folder (`node .knosys/scripts env`, `.husky/...`) runs that tool, not the app's code
    clients:
      entryFile &&
      !files &&
      entryFile.split('/').some((p) => p.startsWith('.') && p !== '.' && p !== '..') &&
      facts.code
        ? []
        : clientsFor(facts, files, 'node', files ? undefined : cwd),
    ...(entryFile ? { entry: entryFile } : {}),
    ...(files ? { files } : {}),
    dialect: launch.envFiles.length && launch.wrappers.length === 0 && !launch.preload ? 'node' : 'dotenv',
  });
  if (external.length) target.external = external;
  return target;
}

/** The variables the first of the framework's scripts that sets some (`NODE_ENV=production next start`) sets, as a step. */
function scriptAssignStep(runs: NodeRun[]): LoadStep[] {
  for (const r of runs) {
    const a = assignStep(r.launch.assigns, `"${r.script}" script`);
    if (a) return [a];
  }
  return [];
}

/** Next.js: process env, then `.env.$(mode).local`, `.env.local` (not in test), `.env.$(mode)`, `.env`; first wins. */
function nextTarget(facts: Facts, pkg: PackageJson, runs: NodeRun[], mode: string): Target {
  const cwd = dirOf(pkg.rel);
  const test = facts.env.NODE_ENV === 'test';
  const m = test ? 'test' : mode;
  const order = [`.env.${m}.local`, '.env.local', `.env.${m}`, '.env'];
  const steps: LoadStep[] = [environmentStep(facts), ...scriptAssignStep(runs)];
  for (const f of order) {
    const rel = joinRel(cwd, f);
    if (f === '.env.local' && test)
      steps.push(
        fileStep(facts, rel, 'dotenv', 'if-unset', 'Next.js', {
          loaded: false,
          reason: 'Next.js does not read .env.local when NODE_ENV=test',
        }),
      );
    else steps.push(fileStep(facts, rel, 'dotenv', 'if-unset', 'Next.js'));
  }
  const loaded = new Set(steps.filter((s) => s.file && s.loaded !== false).map((s) => s.file as string));
  pushAll(steps, unloadedSteps(facts, loaded, notReadBecause('Next.js', m, order, cwd), cwd));
  const scripts = runs.map((r) => r.script).filter(Boolean) as string[];
  const prefix = dirOf(pkg.rel);
  return makeTarget(facts, {
    id: `next:${prefix ? prefix + ':' : ''}${m}`,
    kind: 'next',
    label: `${prefix ? prefix + ': ' : ''}Next.js ${m === 'development' ? 'dev server' : m === 'test' ? 'tests' : 'production'}${scripts.length ? ` (${scripts.map(scriptLabel).join(', ')})` : ''}`,
    location: { path: pkg.rel },
    loading: `shell env, then ${order.filter((f) => !(test && f === '.env.local')).join(', ')}: the first that sets a name wins (Next.js, ${m} mode)`,
    steps,
    clients: serverClients(facts, cwd),
    dir: cwd,
    dialect: 'dotenv',
  });
}

/** The package holds a Next.js app's files: a next.config, or an app/ or pages/ folder (under src/ too). */
function looksLikeNextApp(facts: Facts, pkg: PackageJson): boolean {
  const dir = dirOf(pkg.rel);
  const base = dir ? `${dir}/` : '';
  const own = /^(?:next\.config\.[cm]?[jt]s|(?:src\/)?(?:app|pages)\/[^]+)$/;
  return facts.files.some((f) => f.rel.startsWith(base) && own.test(f.rel.slice(base.length)));
}

type ServerFramework = 'react-router' | 'nuxt' | 'tanstack-start';

const SERVER_FRAMEWORK_NAMES: Record<ServerFramework, string> = {
  'react-router': 'React Router',
  nuxt: 'Nuxt',
  'tanstack-start': 'TanStack Start',
};

/**
 * A dev server of a full-stack framework that loads the package's .env files into process.env for its
 * server code: React Router / Remix on Vite (`react-router dev`, `remix vite:dev`: Vite's loadEnv with
 * no prefix), TanStack Start (`vite dev` with its plugin), Nuxt (`nuxt dev`: .env). Undefined for others.
 */
function serverFramework(pkg: PackageJson, l: Launch): ServerFramework | undefined {
  const dev = l.sub === undefined || l.sub === 'dev' || l.sub === 'vite:dev';
  if (
    l.runtime === 'framework' &&
    l.framework === 'remix' &&
    dev &&
    (l.program === 'react-router' || l.sub === 'vite:dev')
  )
    return 'react-router';
  if (l.runtime === 'framework' && l.framework === 'nuxt' && (dev || l.sub === 'preview')) return 'nuxt';
  if (
    l.runtime === 'vite' &&
    (l.sub === undefined || l.sub === 'dev' || l.sub === 'serve') &&
    ['@tanstack/react-start', '@tanstack/solid-start', '@tanstack/start'].some((d) => hasDep(pkg, d))
  )
    return 'tanstack-start';
  return undefined;
}

/** The dev server of React Router, TanStack Start or Nuxt: the shell wins, then the package's .env files (first wins). */
function serverFrameworkTarget(facts: Facts, pkg: PackageJson, fw: ServerFramework, runs: NodeRun[]): Target {
  const cwd = dirOf(pkg.rel);
  const name = SERVER_FRAMEWORK_NAMES[fw];
  // Vite's loadEnv order (later files win; the shell over all), as first-wins: Nuxt reads .env alone
  const order = fw === 'nuxt' ? ['.env'] : ['.env.development.local', '.env.development', '.env.local', '.env'];
  const steps: LoadStep[] = [environmentStep(facts), ...scriptAssignStep(runs)];
  for (const f of order) steps.push(fileStep(facts, joinRel(cwd, f), 'dotenv', 'if-unset', name));
  const loaded = new Set(steps.filter((s) => s.file && s.loaded !== false).map((s) => s.file as string));
  pushAll(steps, unloadedSteps(facts, loaded, notReadBecause(`the ${name} dev server`, '', order, cwd), cwd));
  const scripts = runs.map((r) => r.script).filter(Boolean) as string[];
  const prefix = dirOf(pkg.rel);
  return makeTarget(facts, {
    id: `${fw}:${prefix ? prefix + ':' : ''}development`,
    kind: 'node',
    label: `${prefix ? prefix + ': ' : ''}${name} dev server${scripts.length ? ` (${scripts.map(scriptLabel).join(', ')})` : ''}`,
    location: { path: pkg.rel },
    loading: `shell env, then ${order.join(', ')}: the first that sets a name wins (${name} loads them into process.env for its server code)`,
    steps,
    clients: serverClients(facts, cwd, false),
    dir: cwd,
    dialect: 'dotenv',
  });
}

/** Folders of a package whose scripts run by hand (`npx tsx tools/probe.ts`), not in the app's server. */
const BY_HAND = /^(?:tools|scripts|bin|examples?|docs?|benchmarks?|bench|e2e|tests?|__tests__|cypress|playwright)\//;

/**
 * A module in the app router's folder that is not one of its special files (page, route, layout, ...):
 * colocated there, it is compiled only when a route imports it (langchain-nextjs-template's
 * app/langgraph/agent/agent.ts, a graph for `langgraph dev`).
 */
const APP_COLOCATED =
  /^(?:src\/)?app\/(?:.*\/)?(?!(?:page|route|layout|template|loading|error|global-error|not-found|default|opengraph-image|twitter-image|icon|apple-icon|sitemap|robots|manifest)\.[cm]?[jt]sx?$)[^/]+$/;

/**
 * The clients a Next.js server can build: its package's, but for modules no module imports in a
 * by-hand folder (big-AGI's tools/develop/*-probe.ts, run with tsx) or colocated in app/ beside the
 * routes (Next compiles only what its routes and pages import).
 */
function serverClients(facts: Facts, cwd: string, nextApp = true): ReturnType<typeof clientsFor> {
  const all = clientsFor(facts, undefined, 'node', cwd);
  if (!all) return all;
  const imported = new Set((facts.code?.files ?? []).flatMap((f) => f.imports ?? []));
  const base = cwd === '' || cwd === '.' ? '' : `${cwd.replace(/\/$/, '')}/`;
  return all.filter((c) => {
    const rel = base && c.file.startsWith(base) ? c.file.slice(base.length) : c.file;
    return !(BY_HAND.test(rel) || (nextApp && APP_COLOCATED.test(rel))) || imported.has(c.file);
  });
}

const PREFIX: Record<'vite' | 'cra', string> = { vite: 'VITE_', cra: 'REACT_APP_' };

/** The prefixed key variable a Vite / CRA client reads, if the project has one. */
function publicKeyVar(facts: Facts, prefix: string): string | undefined {
  const looks = (n: string) => n.startsWith(prefix) && /OPENAI|AZURE|OPEN_AI|GPT|LLM/i.test(n) && /KEY|TOKEN/i.test(n);
  for (const c of facts.code?.clients ?? [])
    if (c.options.apiKey?.kind === 'env' && c.options.apiKey.name.startsWith(prefix)) return c.options.apiKey.name;
  for (const r of facts.code?.envReads ?? []) if (looks(r.name)) return r.name;
  for (const f of facts.envFiles)
    for (const list of Object.values(f.byDialect)) for (const a of list ?? []) if (looks(a.name)) return a.name;
  for (const a of facts.assignments) if (looks(a.name)) return a.name;
  return undefined;
}

/** Vite (later files win, env wins, only VITE_ names) and CRA (first wins, only REACT_APP_ names). */
function bundlerTarget(
  facts: Facts,
  pkg: PackageJson,
  kind: 'vite' | 'cra',
  runs: NodeRun[],
  mode: string,
  keyVar: string,
): Target {
  const cwd = dirOf(pkg.rel);
  const prefix = PREFIX[kind];
  const tool = kind === 'vite' ? 'Vite' : 'Create React App';
  const accepts = (n: string) => n.startsWith(prefix) || n === 'NODE_ENV';
  const filterReason = `${tool} hands only ${prefix} variables from its .env files to the app`;
  const order =
    kind === 'vite'
      ? ['.env', '.env.local', `.env.${mode}`, `.env.${mode}.local`]
      : [`.env.${mode}.local`, ...(mode === 'test' ? [] : ['.env.local']), `.env.${mode}`, '.env'];
  const steps: LoadStep[] = [environmentStep(facts)];
  for (const f of order)
    steps.push(
      fileStep(
        facts,
        joinRel(cwd, f),
        kind === 'vite' ? 'node' : 'dotenv',
        kind === 'vite' ? 'files-override' : 'if-unset',
        tool,
        { accepts, filterReason },
      ),
    );
  const loaded = new Set(steps.filter((s) => s.file).map((s) => s.file as string));
  pushAll(steps, unloadedSteps(facts, loaded, notReadBecause(tool, mode, order, cwd), cwd));
  const p = dirOf(pkg.rel);
  const scripts = runs.map((r) => r.script).filter(Boolean) as string[];
  const t = makeTarget(facts, {
    id: `${kind}:${p ? p + ':' : ''}${mode}`,
    kind,
    label: `${p ? p + ': ' : ''}${tool} ${mode} build (browser code${scripts.length ? `; ${scripts.map(scriptLabel).join(', ')}` : ''})`,
    location: { path: pkg.rel },
    loading:
      kind === 'vite'
        ? `shell env, then ${order.join(', ')}: later files win, the shell wins over all; only ${prefix} names`
        : `shell env, then ${order.join(', ')}: the first that sets a name wins; only ${prefix} names`,
    steps,
    names: [keyVar],
    dialect: kind === 'vite' ? 'node' : 'dotenv',
  });
  t.keyVar = keyVar;
  return t;
}

export function nodeTargets(facts: Facts): Target[] {
  const out: Target[] = [];
  const entries = facts.code?.entryPoints.filter((e) => e.kind === 'node') ?? [];
  // names the code's dotenv loads depend on (`.env.${NODE_ENV}`, `NODE_ENV === "development" ? ...`): two
  // scripts that set them differently load differently, so they are two targets
  const loadNames = new Set<string>();
  for (const l of facts.code?.dotenvLoads ?? []) {
    for (const g of l.onlyIf ?? []) if (g.kind === 'env') loadNames.add(g.name);
    for (const m of (l.path ?? '').matchAll(/\$\{([A-Za-z_]\w*)\}/g)) if (m[1]) loadNames.add(m[1]);
  }
  for (const pkg of facts.project.packageJsons) {
    const nodeRuns = new Map<string, NodeRun>();
    const frameworkRuns = new Map<string, NodeRun[]>();
    for (const fact of launchesOf(facts)) {
      if (fact.origin.kind !== 'package-script' || fact.origin.file !== pkg.rel || fact.origin.name === undefined)
        continue;
      const script = fact.origin.name;
      const command = fact.command;
      if (/^(pre|post)/.test(script) && Object.hasOwn(pkg.scripts, script.replace(/^(pre|post)/, ''))) continue;
      const launch = fact.main;
      const server = launch ? serverFramework(pkg, launch) : undefined;
      if (!launch || (!server && !['node', 'bun', 'next', 'vite', 'cra'].includes(launch.runtime ?? ''))) continue;
      // the test runner (`npm test`, `node --test x.test.mjs`): it runs the tests, which set up or mock their
      // own keys, not the app (the entry points leave the same scripts out)
      if (/^(test|e2e|coverage)(:|$)/.test(script) || launch.words.includes('--test')) continue;
      const entry = entries.find(
        (e) => e.script === script && (e.declaredIn === pkg.rel || dirOf(pkg.rel) === e.cwd || !e.cwd),
      );
      const run: NodeRun = { pkg, script, command, launch, entry };
      if (launch.runtime === 'node' || launch.runtime === 'bun') {
        if (!launch.file) continue;
        // One target per distinct way of starting: same file and same loading = same target.
        const key = JSON.stringify([
          launch.cwd,
          launch.file,
          launch.envFiles,
          launch.preload,
          launch.wrappers.map((w) => [w.tool, w.files, w.override, w.cascade, w.convention]),
          launch.runtime,
          [...loadNames].map((n) => launch.assigns[n]),
        ]);
        const same = nodeRuns.get(key);
        if (same) (same.also ??= []).push(script);
        else nodeRuns.set(key, run);
      } else {
        const key = server ? `server:${server}|development` : `${launch.runtime}|${launch.mode}`;
        if (!frameworkRuns.has(key)) frameworkRuns.set(key, []);
        frameworkRuns.get(key)?.push(run);
      }
    }
    let made = 0;
    for (const run of nodeRuns.values()) if (made++ < MAX_TARGETS_PER_PACKAGE) out.push(nodeTarget(facts, run));
    const isNext = hasDep(pkg, 'next');
    // a `next` dependency with no script that runs it: a Next.js app only if the package has one's files
    // (a next.config, an app/ or pages/ folder); openai-node's examples/ depends on next for one demo and
    // runs its scripts with ts-node
    if (isNext && ![...frameworkRuns.keys()].some((k) => k.startsWith('next|')) && looksLikeNextApp(facts, pkg))
      frameworkRuns.set('next|development', []);
    for (const [key, runs] of frameworkRuns) {
      const [fw, mode] = key.split('|') as [Launch['runtime'], string];
      if ((fw as string).startsWith('server:'))
        out.push(serverFrameworkTarget(facts, pkg, (fw as string).slice(7) as ServerFramework, runs));
      else if (fw === 'next') out.push(nextTarget(facts, pkg, runs, mode));
      else if (fw === 'vite' || fw === 'cra') {
        const kv = publicKeyVar(facts, PREFIX[fw]);
        if (kv) out.push(bundlerTarget(facts, pkg, fw, runs, mode, kv));
      }
    }
    // Code entry points the scripts did not cover (a `main` module, a server file).
    for (const e of entries) {
      if (e.script && Object.hasOwn(pkg.scripts, e.script)) continue;
      if (startedByLauncher(facts, e.file)) continue; // `make run` / `just dev` / a script starts it: that target covers it
      if (dirOf(pkg.rel) !== e.cwd) continue;
      if (out.some((t) => t.id.endsWith(`:${e.file}`))) continue;
      const launch: Launch = {
        words: [],
        cwd: e.cwd,
        runtime: 'node',
        program: 'node',
        file: e.file.slice(e.cwd ? e.cwd.length + 1 : 0),
        args: [],
        envFiles: [],
        wrappers: [],
        assigns: {},
      };
      for (const p of e.preloads ?? []) {
        if (p.loader === 'node-env-file-flag')
          launch.envFiles.push({ path: p.path ?? '.env', ifExists: false, by: 'node' });
        else if (p.loader === 'dotenv/config') launch.preload = { path: p.path, override: p.override };
        else if (p.loader === 'dotenv-cli' || p.loader === 'dotenvx')
          launch.wrappers.push({
            tool: p.loader === 'dotenvx' ? 'dotenvx' : 'dotenv-cli',
            files: [p.path ?? '.env'],
            override: p.override,
            text: p.loader,
          });
      }
      out.push(nodeTarget(facts, { pkg, command: e.label, launch, entry: e }));
    }
    // A package with no start command: the app is started some other way; assume `node` in its folder.
    // Not a library another package of the repository depends on (a monorepo's shared package): its
    // code runs in that package's targets, with their environment.
    if (
      !out.some((t) => t.location?.path === pkg.rel) &&
      !workspaceLibrary(facts.project.packageJsons, pkg) &&
      !(facts.launchers ?? []).some((r) => r.launch.runtime === 'node' || r.launch.runtime === 'bun') &&
      (hasDep(pkg, 'openai') || hasDep(pkg, '@azure/openai') || hasDep(pkg, '@langchain/openai') || hasDep(pkg, 'ai'))
    ) {
      const launch: Launch = {
        words: [],
        cwd: dirOf(pkg.rel),
        runtime: 'node',
        program: 'node',
        args: [],
        envFiles: [],
        wrappers: [],
        assigns: {},
      };
      out.push(nodeTarget(facts, { pkg, command: 'node (no start script found)', launch }));
    }
  }
  return out;
}
