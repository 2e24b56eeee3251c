/**
 * Shared reasoning for the code checks: which names are defined where, name similarity, which env
 * files hold a variable, and the execution order of module-level code across modules.
 */
import type { Facts } from '../../../core/facts.js';
import type { Assignment, EnvFile, Location, Target, TargetClient } from '../../../core/types.js';
import type { ClientConstruction, CodeFacts, CodeFile, DotenvLoad, EnvRead, Guard } from '../../../code/types.js';
import { AZURE_SDKS, defaultKeyVar } from '../../../code/analysis.js';
import { reachable } from '../../../resolve/target.js';
import { composeTargetId } from '../../../resolve/targets/deploy-compose.js';

export { AZURE_SDKS };
import { isKeyName } from '../../../deploy/names.js';
import { isOtherAzureServiceName } from '../../../keys/classify.js';
import { PROVIDERS, providerOfKeyVar } from '../../../providers/index.js';
import { isTestEnvFile } from '../../../core/paths.js';
import { definitions, exampleEnvFiles, firstDialect, type Definition } from '../../_lib/definitions.js';

export { definitions, firstDialect, type Definition };

/** Existing, non-example env files that give `name` a non-empty value. */
export function envFilesDefining(facts: Facts, name: string): Array<{ file: EnvFile; assignment: Assignment }> {
  const examples = exampleEnvFiles(facts);
  const out: Array<{ file: EnvFile; assignment: Assignment }> = [];
  for (const f of facts.envFiles) {
    if (!f.exists || examples.has(f.relPath)) continue;
    const a = firstDialect(f).find((x) => x.name === name && x.value !== '');
    if (a) out.push({ file: f, assignment: a });
  }
  return out;
}

/** Names an env file defines (non-empty values). */
export function envFileNames(facts: Facts, rel: string): Set<string> {
  const f = facts.envFiles.find((x) => x.relPath === rel && x.exists);
  return new Set(
    f
      ? firstDialect(f)
          .filter((a) => a.value !== '')
          .map((a) => a.name)
      : [],
  );
}

// ---------------------------------------------------------------------------------------------
// Name similarity

export const PUBLIC_PREFIX =
  /^(NEXT_PUBLIC_|VITE_|REACT_APP_|EXPO_PUBLIC_|NUXT_PUBLIC_|NUXT_|PUBLIC_|GATSBY_|VUE_APP_|NX_PUBLIC_|STORYBOOK_)/;

function tokens(name: string): string[] {
  const spaced = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
  let t = spaced
    .replace(PUBLIC_PREFIX, '')
    .replace(/OPEN_AI/g, 'OPENAI')
    .replace(/APIKEY/g, 'API_KEY')
    .replace(/OPENAIKEY/g, 'OPENAI_KEY')
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  t = t
    .map((x) =>
      x === 'TOKEN' || x === 'SECRET'
        ? 'KEY'
        : x === 'ORGANIZATION'
          ? 'ORG'
          : x === 'URL' || x === 'ENDPOINT'
            ? 'BASE'
            : x,
    )
    .filter((x) => x !== 'API' && x !== 'ID');
  if (t.includes('AZURE')) t = t.filter((x) => x !== 'OPENAI');
  return [...new Set(t)].sort();
}

function osa(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push([i]);
  for (let j = 0; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j] ?? 0, ((d[i - 2] as number[])[j - 2] ?? 0) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] ?? 99;
}

/** Whether two different variable names are probably meant to be the same (separators, order, case, OPEN_AI, APIKEY, KEY vs API_KEY, framework prefixes, one typo). */
export function similarNames(a: string, b: string): boolean {
  if (a === b) return false;
  const ta = tokens(a);
  const tb = tokens(b);
  if (ta.length === 0 || tb.length === 0) return false;
  if (ta.join('_') === tb.join('_')) return true;
  const na = a.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const nb = b.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (na === nb) return true;
  if (Math.min(na.length, nb.length) >= 8) {
    const d = osa(na, nb);
    // one typo; but not a numbered sibling (KEY_1 vs KEY_2) nor a different provider word
    if (d === 1 && !(/\d$/.test(na) && /\d$/.test(nb))) return true;
  }
  return false;
}

/** Names worth comparing: credentials and OpenAI/Azure settings. */
export function relevantName(name: string): boolean {
  // another Azure service's setting (AZURE_SPEECH_SERVICE_ID, AZURE_SEARCH_KEY) is not OpenAI set-up
  if (isOtherAzureServiceName(name)) return false;
  const n = name.toUpperCase().replace(PUBLIC_PREFIX, '');
  // OpenAI's and Azure OpenAI's settings, an LLM provider's key by its provider's word, a generic key name;
  // not another service's token or key (GITHUB_ACCESS_TOKEN, STRIPE_SECRET_KEY, SERPER_API_KEY)
  return (
    /OPENAI|OPEN_AI|AZURE|LLM|GPT|OPENAI_ORG|ORGANIZATION|PROJECT_ID|BASE_URL|API_BASE|ENDPOINT|API_VERSION|DEPLOYMENT/.test(
      n,
    ) ||
    /^(?:(?:LLM|AI|MODEL|CHAT)_)?(?:API_?KEY|APIKEY|KEY|TOKEN|SECRET)$/.test(n) ||
    PROVIDER_WORDS.some((w) => n.startsWith(`${w}_`) || n.includes(`_${w}_`))
  );
}

/** The first word of each LLM provider's key variables (ANTHROPIC, GROQ, GEMINI, MISTRAL, ...). */
const PROVIDER_WORDS = [
  ...new Set(
    PROVIDERS.flatMap((p) => p.keyVars)
      .map((v) => v.split('_')[0] ?? '')
      .filter((w) => w.length >= 3 && !['AZURE', 'OPENAI', 'AI', 'HF', 'CF', 'VERCEL'].includes(w)),
  ),
];

/**
 * A variable the code reads that holds the OpenAI or Azure OpenAI key: a name with OPENAI and a
 * credential word (OPENAI_API_KEY, MY_OPENAI_KEY, AZURE_OPENAI_API_KEY), or a key variable of the
 * provider table (AZURE_API_KEY). Not every AZURE_*_KEY: AZURE_SEARCH_KEY and AZURE_STORAGE_KEY are
 * other services' keys, and the OpenAI key checks have nothing to say about them.
 */
export function isOpenAIKeyVar(name: string): boolean {
  if (isKeyName(name)) return true;
  const p = providerOfKeyVar(name);
  return p?.id === 'openai' || p?.id === 'azure';
}

// ---------------------------------------------------------------------------------------------
// Clients and keys

export function loc(x: { file: string; line: number; column?: number }): Location {
  return { path: x.file, line: x.line, ...(x.column ? { column: x.column } : {}) };
}

export function clientLabel(c: ClientConstruction): string {
  const callee = c.callee ?? c.sdk;
  if (callee === 'openai module settings') return 'the openai module settings';
  if (callee === 'import openai') return '`import openai` (v0 reads the key once, at import)';
  if (c.language === 'python' || c.language === 'notebook') return `${callee}()`;
  if (c.sdk === 'vercel-ai' && !/^create/.test(callee)) return `the ${callee} provider of the AI SDK`;
  return `new ${callee}()`.replace(/^new (create\w+)\(\)$/, '$1()');
}

/** Values the environment sources give a name (non-example), first the process environment. */
export function valuesOf(facts: Facts, name: string): Definition[] {
  return (definitions(facts).get(name) ?? []).filter((d) => d.value !== undefined && d.value !== '');
}

// ---------------------------------------------------------------------------------------------
// Execution order across modules

export type ExecEvent =
  | { kind: 'load'; file: string; line: number; load: DotenvLoad; via: string[] }
  | { kind: 'client'; file: string; line: number; client: ClientConstruction; via: string[] }
  | { kind: 'read'; file: string; line: number; read: EnvRead; via: string[] };

/**
 * The module-level events of a program started at `entry`, in the order they run: for ESM, every static
 * import is evaluated (depth first) before the importing module's body; `require()` and Python `import` run
 * where they stand; dynamic `import()` and code inside functions run later and are left out, and so is
 * `__main__` code of every module but the entry.
 */
export function executionOrder(code: CodeFacts, entry: string): ExecEvent[] {
  const files = new Map<string, CodeFile>(code.files.map((f) => [f.file, f]));
  const per = new Map<string, Array<{ order: number; ev: ExecEvent }>>();
  const push = (file: string, order: number | undefined, ev: ExecEvent): void => {
    const l = per.get(file) ?? [];
    l.push({ order: order ?? 0, ev });
    per.set(file, l);
  };
  // `if __name__ == "__main__":` code runs only in the module the program starts
  const runs = (x: { file: string; when?: Guard[] }): boolean =>
    (x.when ?? []).every((g) => g.kind !== 'main' || (x.file === entry) !== (g.negated === true));
  for (const l of code.dotenvLoads)
    if (l.topLevel !== false && l.populatesEnv !== false && runs(l))
      push(l.file, l.order, { kind: 'load', file: l.file, line: l.line, load: l, via: [] });
  for (const c of code.clients)
    if (c.topLevel && runs(c))
      push(c.file, c.order, { kind: 'client', file: c.file, line: c.line, client: c, via: [] });
  for (const r of code.envReads)
    if (r.topLevel && runs(r)) push(r.file, r.order, { kind: 'read', file: r.file, line: r.line, read: r, via: [] });
  const out: ExecEvent[] = [];
  const done = new Set<string>();
  const run = (file: string, via: string[]): void => {
    if (done.has(file) || via.length > 200) return;
    done.add(file);
    const cf = files.get(file);
    const loads = (cf?.loads ?? []).filter((l) => !l.dynamic);
    const chain = [...via, file];
    const esm = cf?.moduleKind === 'esm';
    const emit = (e: { ev: ExecEvent }) => (): void => {
      out.push({ ...e.ev, via: chain.slice(0, -1) } as ExecEvent);
    };
    // ESM: the static imports (and `import 'dotenv/config'`) first, in source order; then the body
    const first: Array<{ order: number; go: () => void }> = [];
    const steps: Array<{ order: number; rank: number; go: () => void }> = [];
    for (const l of loads) {
      if (esm && l.hoisted) first.push({ order: l.order, go: () => run(l.file, chain) });
      else
        steps.push({
          order: l.order,
          rank: 0,
          go: () => {
            // Python: importing pkg.sub.mod runs pkg/__init__.py, then pkg/sub/__init__.py, then the module
            for (const init of packageInits(l.file, files)) run(init, chain);
            run(l.file, chain);
          },
        });
    }
    for (const e of per.get(file) ?? []) {
      if (esm && e.ev.kind === 'load' && e.ev.load.hoisted) first.push({ order: e.order, go: emit(e) });
      else steps.push({ order: e.order, rank: e.ev.kind === 'load' ? 1 : 2, go: emit(e) });
    }
    first.sort((a, b) => a.order - b.order);
    steps.sort((a, b) => a.order - b.order || a.rank - b.rank);
    for (const s of first) s.go();
    for (const s of steps) s.go();
  };
  run(entry, []);
  return out;
}

/** The `__init__.py` files of the packages a Python module sits in, outermost first (not the module itself). */
function packageInits(file: string, files: Map<string, CodeFile>): string[] {
  if (!file.endsWith('.py')) return [];
  const out: string[] = [];
  let dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  while (dir !== '') {
    const init = `${dir}/__init__.py`;
    if (!files.has(init)) break;
    if (init !== file) out.unshift(init);
    dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
  }
  return out;
}

/** The variable a client's SDK would read when no key option is given. */
export function defaultKeyName(c: ClientConstruction): string {
  return defaultKeyVar(c.sdk, !!c.azure, c.language ?? 'js').name ?? 'OPENAI_API_KEY';
}

// ---------------------------------------------------------------------------------------------
// Whether a client runs

export interface ClientReach {
  /** `runs` in at least one target; `maybe`: only where a condition cannot be told; `never`: every target that reaches it rules it out; `unreached`: no target reaches it. */
  status: 'runs' | 'maybe' | 'never' | 'unreached';
  /** The targets where it runs (or may run), with what it does there. */
  in: Array<{ target: Target; client: TargetClient }>;
  /** The condition that decides, in words, when it matters. */
  condition?: string;
}

/** How the targets that reach client `index` (of facts.code.clients) run it. */
export function clientReach(targets: Target[], index: number): ClientReach {
  const hits: Array<{ target: Target; client: TargetClient }> = [];
  let reached = false;
  for (const t of targets) {
    for (const c of t.clients ?? []) {
      if (c.client !== index) continue;
      reached = true;
      if (c.status !== 'never') hits.push({ target: t, client: c });
    }
  }
  const never = targets.flatMap((t) => (t.clients ?? []).filter((c) => c.client === index && c.status === 'never'));
  if (!reached) return { status: 'unreached', in: [] };
  if (hits.length === 0)
    return { status: 'never', in: [], ...(never[0]?.condition ? { condition: never[0].condition } : {}) };
  const runs = hits.some((h) => h.client.status === 'runs');
  const maybe = hits.find((h) => h.client.status === 'maybe');
  return {
    status: runs ? 'runs' : 'maybe',
    in: hits,
    ...(!runs && maybe?.client.condition ? { condition: maybe.client.condition } : {}),
  };
}

/**
 * Whether this target has any of a provider's own variables set (its key or endpoint variables;
 * for Azure OpenAI also OPENAI_API_VERSION or any AZURE_OPENAI_ name). A provider branch
 * (`if provider == "azure_openai":`) whose provider nobody set up is not the branch that runs.
 */
export function providerSetUp(facts: Facts, t: Target, providerId: string): boolean {
  const has = (n: string): boolean => {
    const v = t.vars[n]?.value ?? facts.env[n];
    return v !== undefined && v.trim() !== '';
  };
  return providerSetUpBy(providerId, Object.keys(t.vars), has);
}

/** providerSetUp's rule over any set of names (`names`: those that may hold an AZURE_OPENAI_ setting) and values. */
export function providerSetUpBy(providerId: string, names: Iterable<string>, has: (n: string) => boolean): boolean {
  const p = PROVIDERS.find((x) => x.id === providerId);
  if (!p) return true;
  if ([...p.keyVars, ...(p.endpointVars ?? [])].some(has)) return true;
  return (
    providerId === 'azure' &&
    (has('OPENAI_API_VERSION') || [...names].some((n) => n.startsWith('AZURE_OPENAI_') && has(n)))
  );
}

// ---------------------------------------------------------------------------------------------
// A key that is missing because nothing loads the file holding it

const APP_KINDS = new Set(['node', 'python']);
/** Runners that load `.env` by themselves. */
export const AUTOLOAD_RUNNERS = new Set([
  'bun',
  'flask',
  'next',
  'nuxt',
  'nuxi',
  'remix',
  'astro',
  'expo',
  'gatsby',
  'react-scripts',
  'vue-cli-service',
]);

/**
 * The dotenv line holding the key of app target `t` when the key is missing there only because
 * nothing in the target loads that file (the fact this check reports; key-missing leaves it to it).
 */
export function unloadedKey(facts: Facts, t: Target): Assignment | undefined {
  if (!APP_KINDS.has(String(t.kind)) || t.needsKey === false) return undefined;
  const r = t.vars[t.keyVar];
  if (!r || r.winner) return undefined;
  if ((t.loads ?? []).length > 0) return undefined; // it loads something: dotenv-wrong-location tells which file
  if (t.external?.length) return undefined; // it gets values keydoctor cannot see (a secret manager, a Procfile host)
  const code = facts.code;
  const entry = code?.entryPoints.find((e) => e.file === t.location?.path);
  if (code && t.needsKey === undefined && !usesKey(code, t.location?.path, t.keyVar, t.kind === 'python'))
    return undefined; // this program never uses the key
  if (entry && ((entry.preloads ?? []).length > 0 || entry.framework || AUTOLOAD_RUNNERS.has(entry.runner ?? '')))
    return undefined;
  // a test-mode file (.env.test) is the test set-up's (a conftest.py, jest's setup), not what the app is meant to load
  return r.chain.find(
    (c) =>
      c.status === 'not-loaded' &&
      c.assignment.kind === 'dotenv' &&
      c.assignment.value !== '' &&
      !isTestEnvFile(c.assignment.location?.path ?? ''),
  )?.assignment;
}

/** Whether the program started at `entry` (or, without one, any code of its language) creates a client or reads `keyVar`. */
function usesKey(
  code: NonNullable<Facts['code']>,
  entry: string | undefined,
  keyVar: string,
  python: boolean,
): boolean {
  const lang = (f: string): boolean =>
    python ? /\.(py|ipynb)$/.test(f) : /\.(c|m)?[jt]sx?$|\.(vue|svelte|astro)$/.test(f);
  const files = reachable({ code }, entry);
  const mine = (f: string): boolean => (files ? files.has(f) : lang(f));
  return code.clients.some((c) => mine(c.file)) || code.envReads.some((r) => mine(r.file) && r.name === keyVar);
}

/**
 * The compose service that hands `file` to its container (`env_file:`) with `keyVar` set there, or
 * fills `keyVar` from it (`OPENAI_API_KEY: ${OPENAI_API_KEY}`, interpolated from the project's `.env`),
 * preferring one built from the project (`build:`, its code) over an image's (postgres): `docker
 * compose up` has the key even where the code run directly never loads the file.
 */
export function composeHanding(facts: Facts, targets: Target[], file: string, keyVar: string): Target | undefined {
  const projects = facts.deploy?.compose ?? [];
  // the services of compose projects that interpolate from `file` (their `.env`)
  const interpolating = new Set(
    projects.filter((p) => p.dotenv?.rel === file).flatMap((p) => p.services.map((x) => composeTargetId(p, x))),
  );
  const handing = targets.filter((x) => {
    if (x.kind !== 'compose-service' && x.kind !== 'docker-run') return false;
    const r = x.vars[keyVar];
    if ((r?.value ?? '').trim() === '') return false;
    if ((x.loads ?? []).includes(file)) return true;
    return interpolating.has(x.id) && r?.winner?.kind === 'compose' && (r.winner.raw ?? '').includes('$');
  });
  if (handing.length === 0) return undefined;
  const built = new Set(
    projects.flatMap((p) => p.services.filter((x) => x.build !== undefined).map((x) => composeTargetId(p, x))),
  );
  return handing.find((x) => built.has(x.id)) ?? handing[0];
}

/** The sentence saying how `composed` (from composeHanding) gives its container the key in `file`. */
export function handingText(composed: Target, file: string, keyVar: string): string {
  if (composed.kind === 'docker-run')
    return ` ${composed.label} hands ${file} to its container (--env-file), so \`docker run\` has the key; run directly, the code does not load it.`;
  if ((composed.loads ?? []).includes(file))
    return ` ${composed.label} hands ${file} to its container (env_file), so \`docker compose up\` has the key; run directly, the code does not load it.`;
  return ` ${composed.label} fills ${keyVar} from ${file} (compose interpolates \${${keyVar}} from it), so \`docker compose up\` has the key; run directly, the code does not load it.`;
}
