/**
 * Turning load steps into a {@link Target}: which names to resolve, which variable the client reads
 * the key from, whether the target talks to Azure, which code files belong to it.
 */
import type { Facts } from '../core/facts.js';
import type { DotenvDialect, Location, Resolution, Target, TargetClient, TargetKind } from '../core/types.js';
import type { ClientConstruction, DotenvLoad, Guard } from '../code/types.js';
import { AZURE_SDKS } from '../code/analysis.js';
import { resolveVars, type LoadStep } from './engine.js';
import {
  OPENAI_VARS,
  SHELL_ENV_SOURCE,
  isDynamic,
  legacyAzureByEnv,
  reachesPrograms,
  startupAssignments,
} from './sources.js';
import { clientNames, needsEnvKey, targetClient } from './clients.js';

type CodeFile = NonNullable<Facts['code']>['files'][number];
/** The code files by name, per files array (built once; rebuilt when the array grows). */
const filesByName = new WeakMap<CodeFile[], { n: number; map: Map<string, CodeFile> }>();

/** Code files reachable from an entry file through relative imports (the entry itself included). */
export function reachable(facts: Pick<Facts, 'code'>, entry: string | undefined): Set<string> | undefined {
  const code = facts.code;
  if (!code || !entry) return undefined;
  let cached = filesByName.get(code.files);
  if (!cached || cached.n !== code.files.length)
    filesByName.set(code.files, (cached = { n: code.files.length, map: new Map(code.files.map((f) => [f.file, f])) }));
  const byFile = cached.map;
  if (!byFile.has(entry)) return undefined;
  const seen = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length) {
    const f = queue.shift() as string;
    for (const i of byFile.get(f)?.imports ?? [])
      if (!seen.has(i)) {
        seen.add(i);
        queue.push(i);
      }
  }
  return seen;
}

const PY_EXT = /\.(py|ipynb)$/;

/**
 * Whether `file` is part of the package whose folder is `dir`: under it, and not inside a nested package
 * (a folder below with its own package.json): in a monorepo the root package is not its workspaces.
 */
export function inPackage(facts: Facts, dir: string | undefined, file: string): boolean {
  if (dir === undefined) return true;
  if (dir !== '' && !file.startsWith(dir + '/')) return false;
  // Supabase Edge Functions run in the CLI's Deno runtime, not in the package around them (their own target)
  for (const r of facts.launchers ?? []) {
    const d = r.kind === 'supabase' ? r.launch.cwd : undefined;
    if (d && d !== dir && !dir.startsWith(d + '/') && file.startsWith(d + '/')) return false;
  }
  // Convex functions (`convex/` of a package that depends on convex) run on Convex's servers, with the
  // deployment's environment (`npx convex env set`): not in the package's Node or Next.js processes
  const { dirs, convex } = packageDirs(facts);
  if (convex.some((c) => file.startsWith(c))) return false;
  for (const d of dirs) {
    if (d !== dir && d.length > dir.length && (dir === '' || d.startsWith(dir + '/')) && file.startsWith(d + '/'))
      return false;
  }
  return true;
}

/**
 * The folders of every package.json of the project: those the project facts read (the top levels) and
 * any deeper one of the listing (a cookbook's Next.js app three folders down is its own package); and
 * the `convex/` folders of the packages that depend on convex. Once per listing.
 */
const packageDirsOf = new WeakMap<Facts['files'], { dirs: string[]; convex: string[] }>();
function packageDirs(facts: Facts): { dirs: string[]; convex: string[] } {
  let known = packageDirsOf.get(facts.files);
  if (!known) {
    const set = new Set(
      facts.project.packageJsons.map((p) => (p.rel.includes('/') ? p.rel.slice(0, p.rel.lastIndexOf('/')) : '')),
    );
    for (const f of facts.files)
      if (
        !f.ignored &&
        (f.rel === 'package.json' || f.rel.endsWith('/package.json')) &&
        !f.rel.includes('node_modules/')
      )
        set.add(f.rel.includes('/') ? f.rel.slice(0, f.rel.lastIndexOf('/')) : '');
    // the `convex/` folders of packages that depend on convex (their functions' prefix)
    const convex = facts.project.packageJsons
      .filter((p) => (p.dependencies.convex ?? p.devDependencies.convex) !== undefined)
      .map((p) => (p.rel.includes('/') ? `${p.rel.slice(0, p.rel.lastIndexOf('/'))}/convex/` : 'convex/'));
    known = { dirs: [...set], convex };
    packageDirsOf.set(facts.files, known);
  }
  return known;
}

/**
 * The client constructions a target reaches: those in the files reachable from its entry; without an
 * entry, those of its language in the package at `dir` (a framework loads all its routes; `node dist/x.js`
 * runs what the package's sources build). Undefined when the code was not analysed.
 */
export function clientsFor(
  facts: Facts,
  files: Set<string> | undefined,
  language: 'node' | 'python' | 'any',
  dir?: string,
): ClientConstruction[] | undefined {
  const all = facts.code?.clients;
  if (!all) return undefined;
  if (files) return all.filter((c) => files.has(c.file));
  return all.filter(
    (c) => (language === 'any' || (language === 'python') === PY_EXT.test(c.file)) && inPackage(facts, dir, c.file),
  );
}

/** The dotenv loads a target makes: those in the files reachable from its entry; without one, those of its package at `dir`. */
export function loadsFor(
  facts: Facts,
  files: Set<string> | undefined,
  language: 'node' | 'python',
  dir?: string,
): DotenvLoad[] {
  const all = (facts.code?.dotenvLoads ?? []).filter((l) => (language === 'python') === PY_EXT.test(l.file));
  if (files) return all.filter((l) => files.has(l.file));
  return all.filter((l) => inPackage(facts, dir, l.file));
}

function usesAzureClient(clients: ClientConstruction[]): boolean {
  // `c.azure`: a v0 module set to `openai.api_type = "azure"`, an Azure class of a framework
  return clients.some((c) => AZURE_SDKS.has(c.sdk) || c.azure === true || c.options.azureEndpoint !== undefined);
}

/** Variables whose value says Azure OpenAI is set up for a target. */
const AZURE_SETUP_VARS = [
  'AZURE_OPENAI_API_KEY',
  'AZURE_OPENAI_KEY',
  'AZURE_API_KEY',
  'AZURE_OPENAI_ENDPOINT',
  'AZURE_OPENAI_AD_TOKEN',
  'OPENAI_API_VERSION',
];

export interface TargetSpec {
  id: string;
  kind: TargetKind;
  label: string;
  location?: Location;
  loading: string;
  steps: LoadStep[];
  /** The clients the target reaches (undefined: the code was not analysed). */
  clients?: ClientConstruction[];
  /** The module the target starts (its `__main__` blocks run). */
  entry?: string;
  /** The files the target's code reaches from its entry (for the classes it instantiates). */
  files?: Set<string>;
  /** The package folder whose code the target runs, where no entry tells which files (a framework's server). */
  dir?: string;
  /** Extra names to resolve (what the code reads). */
  names?: string[];
  dialect?: DotenvDialect;
}

/**
 * The key the target would get when started from a new terminal: the start-up files' last exported
 * line for it replaces this shell's value in the inherited environment (a target that does not
 * inherit the shell's environment has no such step). Undefined when that changes nothing.
 */
function fromNewTerminal(
  facts: Facts,
  name: string,
  steps: LoadStep[],
  now: Resolution | undefined,
): Target['fromNewTerminal'] {
  const i = steps.findIndex((s) => s.mode === 'base' && s.source === SHELL_ENV_SOURCE);
  if (i < 0) return undefined;
  const last = startupAssignments(facts, name)
    .filter((a) => reachesPrograms(a))
    .pop();
  if (!last || isDynamic(last) || last.value === now?.value) return undefined;
  const base = steps[i] as LoadStep;
  const alt = steps.slice();
  alt[i] = { ...base, assignments: [...base.assignments.filter((a) => a.name !== name), last] };
  const r = resolveVars([name], alt)[name];
  if (!r || r.winner !== last || !now?.winner) return undefined;
  const instead = r.chain.find((e) => e.assignment === now.winner);
  return instead ? { winner: last, instead } : undefined;
}

/** The classes that build a client, for a condition's text: `Base or Python`, `Base or one of its 12 subclasses`. */
function ownerText(owners: readonly string[]): string {
  return owners.length <= 3 ? owners.join(' or ') : `${owners[0] ?? ''} or one of its ${owners.length - 1} subclasses`;
}

/**
 * Clients built by classes the target's code does not instantiate, while it does instantiate the
 * class of another of its clients: a module of one client class per provider (autogen's
 * OpenAIChatCompletionClient and AzureOpenAIChatCompletionClient), of which the target picks one.
 * Each gets the condition that its class be instantiated (undecided: a framework or a caller
 * elsewhere may do it). Where the target instantiates none of its clients' classes, nothing here
 * shows a choice, and a client stays as it is unless its class is instantiated only in files the
 * target does not reach.
 */
function unpickedClients(
  facts: Facts,
  clients: ClientConstruction[],
  files: Set<string> | undefined,
  entry: string | undefined,
): Map<ClientConstruction, Guard> {
  const out = new Map<ClientConstruction, Guard>();
  if (!files) return out;
  const made = new Set<string>();
  for (const f of facts.code?.files ?? []) if (files.has(f.file)) for (const n of f.instantiates ?? []) made.add(n);
  const owned = clients.filter((c) => c.owners?.length && c.file !== entry);
  const picked = (c: ClientConstruction) => (c.owners ?? []).some((o) => made.has(o.toLowerCase()));
  const elsewhere = new Set<string>();
  for (const f of facts.code?.files ?? [])
    if (!files.has(f.file)) for (const n of f.instantiates ?? []) elsewhere.add(n);
  // no code of the project instantiates the class (a library's ChatLiteLLM, left for its users to make)
  const nowhere = (c: ClientConstruction) => (c.owners ?? []).every((o) => !elsewhere.has(o.toLowerCase()));
  if (!owned.some(picked)) {
    // A class other parts of the project instantiate, this target's code not (instructor's Instructions,
    // made by a few examples, not by run_mixtral.py, which only imports the package): the places that
    // build it are known, and none runs here.
    for (const c of owned) {
      const owners = c.owners ?? [];
      if (owners.every((o) => elsewhere.has(o.toLowerCase())))
        out.set(c, {
          kind: 'unknown',
          text: `${ownerText(owners)} is instantiated, which only other parts of the project do`,
        });
      // one no code of the project instantiates: built only if something keydoctor cannot see does
      // (a caller outside the project, a class looked up by name)
      else if (nowhere(c))
        out.set(c, { kind: 'unknown', text: `${ownerText(owners)} is instantiated (no code of this project does)` });
    }
    return out;
  }
  for (const c of owned)
    if (!picked(c))
      out.set(
        c,
        // the target makes another client class of the module, and nothing in the project makes this one
        nowhere(c)
          ? {
              kind: 'fixed',
              holds: false,
              text: `${ownerText(c.owners ?? [])} is instantiated (no code of this project does; this target makes ${owned
                .filter(picked)
                .flatMap((x) => x.owners ?? [])
                .filter((o, i, a) => a.indexOf(o) === i)
                .slice(0, 2)
                .join(', ')})`,
            }
          : { kind: 'unknown', text: `${ownerText(c.owners ?? [])} is instantiated (this target's code does not)` },
      );
  return out;
}

/** Builds the target: resolves the OpenAI names and every name its clients depend on, then what each client does here. */
export function makeTarget(facts: Facts, spec: TargetSpec): Target {
  const clients = spec.clients ?? [];
  const names = new Set<string>([...OPENAI_VARS, ...(spec.names ?? [])]);
  for (const c of clients) for (const n of clientNames(c)) names.add(n);
  const vars = resolveVars(names, spec.steps);
  const unpicked = unpickedClients(facts, clients, spec.files, spec.entry);
  const reached = clients.map((c) => targetClient(facts, c, vars, c.file === spec.entry, unpicked.get(c)));
  const reachedLive = reached.filter((c) => c.status !== 'never');
  // An Azure client that only may run (a provider branch) is not the one that runs where nothing of
  // Azure is set up (a template's empty OPENAI_API_VERSION= counts for nothing) and other clients may run.
  const isAzure = (c: TargetClient) => {
    const pc = facts.code?.clients[c.client];
    return c.endpoint.provider === 'azure' || (!!pc && (AZURE_SDKS.has(pc.sdk) || pc.azure === true));
  };
  const azureSetUp = AZURE_SETUP_VARS.some((n) => (vars[n]?.value ?? '').trim() !== '');
  const live =
    !azureSetUp && reachedLive.some((c) => !isAzure(c))
      ? reachedLive.filter((c) => c.status === 'runs' || !isAzure(c))
      : reachedLive;
  // The key the target sends: the first client that surely runs and reads one from the environment.
  // A target that reaches several providers' clients (a route per provider, chosen at run time) sends the key
  // the user set up: among the clients that surely run, one whose variable has a value comes first.
  const valued = (c: TargetClient) =>
    c.credential.kind === 'env' && c.credential.names.some((n) => (vars[n]?.value ?? '').trim() !== '');
  // Where none surely runs (a provider switch), the one the user gave a key to (anything-llm's
  // OPEN_AI_KEY among twenty providers' branches), then the first.
  // With no value anywhere, OpenAI's client before other providers' (fragments' `createOpenAI({ apiKey })`
  // beside a Groq one): the key to ask for first is OpenAI's.
  const openaiEnv = (c: TargetClient) => c.credential.kind === 'env' && c.endpoint.provider === 'openai';
  const primary =
    live.find((c) => c.status === 'runs' && valued(c)) ??
    live.find((c) => c.status === 'runs' && openaiEnv(c) && !(c.credential.kind === 'env' && c.credential.givenBy)) ??
    live.find(
      (c) =>
        c.status === 'runs' &&
        c.credential.kind === 'env' &&
        !c.credential.givenBy &&
        !live.some((o) => o.status === 'runs' && openaiEnv(o)),
    ) ??
    live.find((c) => c.status === 'runs' && openaiEnv(c)) ??
    live.find((c) => c.status === 'runs' && c.credential.kind === 'env' && !c.credential.givenBy) ??
    live.find(valued) ??
    live.find((c) => c.credential.kind === 'env');
  let keyVar: string;
  let azure: boolean;
  if (primary && primary.credential.kind === 'env') {
    keyVar = primary.credential.from ?? primary.credential.names[0] ?? 'OPENAI_API_KEY';
    const pc = facts.code?.clients[primary.client];
    azure =
      primary.endpoint.provider === 'azure' ||
      (!!pc &&
        (AZURE_SDKS.has(pc.sdk) ||
          pc.azure === true ||
          (pc.sdk === 'openai-legacy-python' && legacyAzureByEnv(facts))));
  } else if (live.some((c) => c.credential.kind === 'store' && c.credential.var)) {
    // the key comes from a framework store (st.secrets["OPENAI_API_KEY"]): its name in `vars`
    const st =
      live.find((c) => c.status === 'runs' && c.credential.kind === 'store') ??
      live.find((c) => c.credential.kind === 'store');
    keyVar = (st?.credential.kind === 'store' ? st.credential.var : undefined) ?? 'OPENAI_API_KEY';
    azure = st?.endpoint.provider === 'azure';
  } else {
    azure = usesAzureClient(live.map((c) => facts.code?.clients[c.client]).filter((c): c is ClientConstruction => !!c));
    // A target with an Azure endpoint set (and no plain OpenAI client) talks to Azure.
    if (!azure && vars.AZURE_OPENAI_ENDPOINT?.value && clients.length === 0) {
      const hasAzureKey = vars.AZURE_OPENAI_API_KEY?.value !== undefined;
      const hasOpenAIKey = vars.OPENAI_API_KEY?.value !== undefined;
      if (hasAzureKey || !hasOpenAIKey) azure = true;
    }
    keyVar = azure ? 'AZURE_OPENAI_API_KEY' : 'OPENAI_API_KEY';
  }
  if (!Object.hasOwn(vars, keyVar)) Object.assign(vars, resolveVars([keyVar], spec.steps));
  const fresh = fromNewTerminal(facts, keyVar, spec.steps, vars[keyVar]);
  const loads = [
    ...new Set(spec.steps.filter((s) => s.file !== undefined && s.loaded !== false).map((s) => s.file as string)),
  ];
  const t: Target = { id: spec.id, kind: spec.kind, label: spec.label, loading: spec.loading, loads, vars, keyVar };
  const missing = [
    ...new Set(spec.steps.filter((s) => s.missing !== undefined && s.loaded !== false).map((s) => s.missing as string)),
  ];
  if (missing.length) t.missingLoads = missing;
  if (spec.location) t.location = spec.location;
  if (fresh) t.fromNewTerminal = fresh;
  if (spec.entry) t.entry = spec.entry;
  if (azure) t.azure = true;
  if (spec.dialect) t.dialect = spec.dialect;
  if (spec.clients) {
    t.clients = reached;
    t.needsKey = needsEnvKey(reached);
    if (!t.needsKey && (readsKeyVar(facts, spec, keyVar) || opaqueWithKey(reached, vars[keyVar]))) t.readsKey = true;
  }
  return t;
}

/**
 * A client whose key is an expression keydoctor cannot follow (`profile.openai_api_key || ""`, filled
 * from `process.env[name]` elsewhere), in a target whose dotenv file sets the key variable: that value
 * is most likely what it sends.
 */
function opaqueWithKey(reached: TargetClient[], key: Resolution | undefined): boolean {
  return key?.winner?.kind === 'dotenv' && reached.some((c) => c.status !== 'never' && c.credential.kind === 'opaque');
}

/** Whether the target's own code reads its key variable (its reachable files, else its package's). */
function readsKeyVar(facts: Facts, spec: TargetSpec, keyVar: string): boolean {
  if (!spec.files && spec.dir === undefined) return false;
  // (test files are not analysed: no read comes from one)
  return (facts.code?.envReads ?? []).some(
    (r) => r.name === keyVar && (spec.files ? spec.files.has(r.file) : inPackage(facts, spec.dir, r.file)),
  );
}
