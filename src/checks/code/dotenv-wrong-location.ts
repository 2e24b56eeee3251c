import type { FindingDraft } from '../../core/types.js';
import type { Facts } from '../../core/facts.js';
import type { DotenvLoad, EntryPoint } from '../../code/types.js';
import { envFileNames, isOpenAIKeyVar } from './_lib/check-helpers.js';
import { EXAMPLE_DIR, dirOf, isExampleFile, nearest } from '../../core/paths.js';
import { reachable } from '../../resolve/target.js';
import { within } from '../../resolve/sources.js';
import type { Check } from '../types.js';

const FRAMEWORK_NAMES: Record<string, string> = {
  next: 'Next.js',
  vite: 'Vite',
  cra: 'Create React App',
  nuxt: 'Nuxt',
  astro: 'Astro',
  remix: 'Remix',
  sveltekit: 'SvelteKit',
  expo: 'Expo',
  gatsby: 'Gatsby',
  'vue-cli': 'Vue CLI',
};

function callText(l: DotenvLoad): string {
  const p = l.path !== undefined ? JSON.stringify(l.path) : '';
  switch (l.loader) {
    case 'python-dotenv':
      return `load_dotenv(${p})`;
    case 'django-environ':
      return `environ.Env.read_env(${p})`;
    case 'pydantic-settings':
      return `env_file=${p}`;
    case 'node-loadEnvFile':
      return `process.loadEnvFile(${p})`;
    case 'node-env-file-flag':
      return `--env-file=${l.path ?? ''}`;
    case 'dotenv/config':
      return l.path ? `dotenv/config (dotenv_config_path=${l.path})` : "import 'dotenv/config'";
    case 'dotenv-cli':
      return `dotenv -e ${l.path ?? '.env'}`;
    default:
      return l.path !== undefined ? `dotenv.config({ path: ${p} })` : 'dotenv.config()';
  }
}

function where(l: DotenvLoad, cwd: string, assumed: boolean): string {
  switch (l.base) {
    case 'walk-up':
      return `searches from ${dirOf(l.file) || 'the project root'} upward (python-dotenv starts at the calling file's folder)`;
    case 'cwd-walk-up':
      return `searches from the working folder (${cwd || 'the project root'}) upward`;
    case 'file-dir':
      return `reads ${l.resolved?.[0] ?? '?'} (next to ${l.file})`;
    default:
      return `reads ${l.resolved?.[0] ?? '?'}: relative paths resolve against the working folder the process starts in (${cwd || 'the project root'}${assumed ? ', assuming it is started from there' : ''}), not against ${l.file}`;
  }
}

/** The entry points whose program runs `file` (the entry itself or a file it imports). */
function reachers(facts: Facts, file: string): EntryPoint[] {
  return (facts.code?.entryPoints ?? []).filter((e) => e.file === file || reachable(facts, e.file)?.has(file));
}

/**
 * The folder of the nearest package manifest (package.json, a Python requirements or project file) at
 * or above `dir`; undefined when none is but other folders have one (a collection of examples, some with
 * manifests: a folder without one is its own); a project with no manifest at all is one part.
 */
function partOf(manifests: string[], dir: string): string | undefined {
  if (manifests.length === 0) return '';
  return nearest(
    manifests.map((m) => ({ dir: m })),
    dir,
  )?.dir;
}

const LIBRARY_LOADERS = new Set(['chainlit', 'crewai']);
const MANIFEST = /(^|\/)(package\.json|pyproject\.toml|requirements[^/]*\.txt|Pipfile|setup\.py)$/;
const TEMPLATE_SOURCE = /(^|\/)templates?\//;

export const check: Check = {
  meta: {
    id: 'dotenv-wrong-location',
    title: 'The .env file is not where the loader looks',
    severity: 'error',
    area: 'code',
    docs: {
      what: "The code loads a dotenv file, but the loader looks somewhere else than where the file holding the key is. Node's `dotenv.config()` and `process.loadEnvFile()` resolve `.env` (and relative paths) against the working folder the process starts in, not the script's folder; python-dotenv's `load_dotenv()` without a path searches from the calling file's folder upward (from the working folder in a notebook, the REPL or `python -c`), and `load_dotenv(\"x/.env\")` opens the path relative to the working folder; frameworks (Next.js, Vite, CRA, ...) read their `.env*` files only from the project folder. Only a file of the loader's own part counts (its folder or one above it, or the same package): in a monorepo, another example's or another package's `.env` is that part's own. A command a package installs (its package.json `bin`) runs in whatever folder the user is in: a relative load that finds no file in the package's folder is read at the repository's root, where the README has you run it. A Python app of a collection (its own requirements file, no manifest at the root) runs from its own folder, and a module of a workspace package that no start command keydoctor can follow reaches (an Azure Functions app's handlers, started by `func start`) from its package's folder.",
      why: "A missing file is not an error for these loaders (except `node --env-file`, which exits): nothing is loaded, so the variable stays unset and the SDK has no key, or an older value from elsewhere wins. Only targets that need a key count: a UI that builds no LLM client is never told to move its backend's `.env`.",
      fix: "Move the file to where the loader looks, or point the loader at it independently of the working folder: Node `dotenv.config({ path: new URL('./.env', import.meta.url) })` or `path.join(__dirname, '.env')`; Python `load_dotenv(Path(__file__).resolve().parent / \".env\")`. For frameworks, keep `.env*` next to the framework config (package.json). Vite and Create React App hand the bundle only their prefixed names (`VITE_`, `REACT_APP_`): a file holding only a server key is not the bundler's to load, and is not reported for it.",
    },
  },
  run({ facts, targets }) {
    const code = facts.code;
    if (!code) return [];
    // Only targets that need a key care where their .env is (a UI that talks to its backend does not).
    const needless = (entries: string[]): boolean => {
      const ts = targets.filter((t) => t.entry !== undefined && entries.includes(t.entry));
      return ts.length > 0 && ts.every((t) => t.needsKey === false);
    };
    const listed = new Set(facts.files.map((f) => f.rel));
    const exists = (rel: string): boolean =>
      listed.has(rel) || facts.envFiles.some((f) => f.relPath === rel && f.exists);
    const keyNames = new Set<string>(['OPENAI_API_KEY', 'AZURE_OPENAI_API_KEY']);
    for (const c of code.clients) if (c.keyVar) keyNames.add(c.keyVar);
    for (const r of code.envReads) if (isOpenAIKeyVar(r.name)) keyNames.add(r.name);
    // A file another target reads (a compose env_file or the compose project's .env, a docker run --env-file, another
    // app's loader) is that target's configuration, not a copy put in the wrong place: moving it would break its reader.
    const owned = new Set<string>([
      ...targets.flatMap((t) => t.loads ?? []),
      ...(facts.deploy?.compose ?? []).map((p) => p.dotenv?.rel).filter((r): r is string => r !== undefined),
    ]);
    const holders = facts.envFiles
      .filter((f) => f.exists && !isExampleFile(f.relPath) && !owned.has(f.relPath))
      .map((f) => ({ rel: f.relPath, names: [...envFileNames(facts, f.relPath)].filter((n) => keyNames.has(n)) }))
      .filter((h) => h.names.length > 0 && !h.rel.startsWith('/') && !h.rel.startsWith('~'));
    const out: FindingDraft[] = [];
    const loads: Array<{ l: DotenvLoad; entry?: EntryPoint }> = [
      ...code.dotenvLoads.map((l) => ({ l })),
      ...code.entryPoints.flatMap((e) => (e.preloads ?? []).map((l) => ({ l, entry: e }))),
    ];
    // A dotenv file counts as this loader's only in the same part of the project: the loader's folder or one above it,
    // or any folder of the same package. Another example's or another package's .env is that part's own.
    // every manifest of the listing (the project facts keep only the top three levels; a generator's templates
    // hold theirs deeper)
    const manifests = [
      ...new Set([
        ...[...facts.project.packageJsons, ...facts.project.python].map((m) => dirOf(m.rel)),
        ...facts.files.filter((f) => !f.ignored && MANIFEST.test(f.rel)).map((f) => dirOf(f.rel)),
      ]),
    ];
    // the example a folder belongs to (`examples/prompty` for examples/prompty/x): two examples of a
    // collection are two parts, whatever manifest sits above them
    const exampleOf = (dir: string): string | undefined => {
      const m = EXAMPLE_DIR.exec(`${dir}/`);
      if (!m) return undefined;
      const rest = `${dir}/`.slice(m.index + m[0].length);
      return `${dir}/`.slice(0, m.index + m[0].length) + (rest.split('/')[0] ?? '');
    };
    const samePart = (holder: string, dir: string): boolean => {
      if (within(dir, holder)) return true;
      const ex = exampleOf(dir);
      if (ex !== undefined && exampleOf(holder) !== undefined && exampleOf(holder) !== ex) return false;
      const part = partOf(manifests, holder);
      return part !== undefined && part === partOf(manifests, dir);
    };
    const importers = new Map<string, string[]>();
    for (const f of code.files)
      for (const i of f.imports ?? []) importers.set(i, [...(importers.get(i) ?? []), f.file]);
    const keyModule = (file: string, names: string[]): boolean =>
      [file, ...(importers.get(file) ?? []), ...(code.files.find((f) => f.file === file)?.imports ?? [])].some(
        (f) =>
          code.clients.some((c) => c.file === f) ||
          code.envReads.some((r) => r.file === f && (names.includes(r.name) || isOpenAIKeyVar(r.name))),
      );
    const seen = new Set<string>();
    for (const { l, entry } of loads) {
      if (!l.resolved || l.resolved.length === 0 || l.base === 'unknown' || l.base === 'absolute') continue;
      // a library's own load when it is imported (Chainlit, crewAI): no path of the project's to fix, and it
      // runs once, from wherever the app is started
      if (LIBRARY_LOADERS.has(l.loader)) continue;
      // a generator's template source (create-llama's templates/): copied into a new project, never run in place
      if (TEMPLATE_SOURCE.test(l.file)) continue;
      if (l.resolved.some((c) => exists(c))) continue;
      const name = (l.path ?? '.env').split('/').pop() ?? '.env';
      const found = holders.filter(
        (h) =>
          (h.rel.split('/').pop() === name || (l.path === undefined && /(^|\/)\.env$/.test(h.rel))) &&
          samePart(dirOf(h.rel), dirOf(l.file)),
      );
      const fatal = l.loader === 'node-env-file-flag' && !l.optional;
      if (found.length === 0 && !fatal) continue;
      const key = `${l.file}:${l.line}:${l.path ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const ents = entry ? [entry] : reachers(facts, l.file);
      // a start command that already preloads an existing file, or an environment that has the names, makes this moot
      if (
        !entry &&
        ents.length > 0 &&
        ents.every((e) => (e.preloads ?? []).some((p) => (p.resolved ?? []).some((r) => exists(r))))
      )
        continue;
      if (found.length > 0 && found.every((h) => h.names.every((n) => facts.env[n] !== undefined))) continue;
      // a load inside a function no start command reaches, in a module that builds no client and reads none of
      // those names, nor imports or is imported by one that does (a library helper's load_dotenv() for its own
      // search service): not the key's loader
      if (
        !entry &&
        ents.length === 0 &&
        l.topLevel === false &&
        !keyModule(
          l.file,
          found.flatMap((h) => h.names),
        )
      )
        continue;
      if (needless(entry ? [entry.file] : ents.map((e) => e.file))) continue;
      const cwd = entry?.cwd ?? ents[0]?.cwd ?? (l.language === 'notebook' ? dirOf(l.file) : '');
      const assumed = !entry && ents.length === 0 && (l.base === 'cwd' || l.base === undefined);
      const h = found[0];
      const py = l.language === 'python' || l.language === 'notebook' || /\.(py|ipynb)$/.test(l.file);
      const rel = h ? relativeFrom(dirOf(l.file), h.rel) : undefined;
      const message = h
        ? `${callText(l)} at ${l.file}${l.line ? `:${l.line}` : ''} ${where(l, cwd, assumed)}, so it finds no file; the file that sets ${h.names.join(', ')} is ${h.rel}.`
        : `${callText(l)} in ${l.file} names ${l.resolved[0]}, which does not exist: node exits with "${l.path}: not found" before the app starts.`;
      out.push({
        id: 'dotenv-wrong-location',
        severity: assumed ? 'warning' : undefined,
        message,
        location: { path: l.file, ...(l.line ? { line: l.line } : {}) },
        related: h ? [{ path: h.rel, note: `sets ${h.names.join(', ')}` }] : [],
        fix: h
          ? {
              summary: py
                ? `Load it by its own location: load_dotenv(Path(__file__).resolve().parent / ${JSON.stringify(rel)}), or move ${h.rel} to ${l.resolved[0]}.`
                : entry
                  ? `Point the start command at ${relativeFrom(cwd, h.rel)} (it runs in ${cwd || 'the project root'}), or move the file to ${l.resolved[0]}.`
                  : `Load it by its own location: dotenv.config({ path: new URL(${JSON.stringify(rel?.startsWith('.') ? rel : './' + rel)}, import.meta.url) }) (ESM) or path.join(__dirname, ${JSON.stringify(rel)}) (CommonJS), or move ${h.rel} to ${l.resolved[0]}.`,
            }
          : { summary: `Create ${l.resolved[0]} or fix the path in the start command.` },
        data: { looksFor: l.resolved, found: h?.rel },
      });
    }
    // Frameworks read .env* only from their project folder.
    for (const e of code.entryPoints) {
      if (!e.framework || !FRAMEWORK_NAMES[e.framework]) continue;
      const dir = e.cwd;
      // the framework's targets (one per mode) live in its package folder: if none needs a key, neither does the .env
      const fwTargets = targets.filter(
        (t) =>
          t.location?.path !== undefined && dirOf(t.location.path) === dir && t.kind !== 'shell' && t.kind !== 'python',
      );
      const under = (f: string) => dir === '' || f.startsWith(dir + '/');
      const codeNeeds =
        code.clients.some((c) => under(c.file)) || code.envReads.some((r) => keyNames.has(r.name) && under(r.file));
      if (fwTargets.length > 0 ? fwTargets.every((t) => t.needsKey === false) : !codeNeeds) continue;
      const here = holders.filter((h) => dirOf(h.rel) === dir);
      if (here.length > 0) continue;
      if ((e.preloads ?? []).length > 0) continue; // the start command loads its own files
      const envName = (h: { rel: string }): boolean => /(^|\/)\.env(\.[\w.-]+)?$/.test(h.rel);
      const below = holders.filter(
        (h) => (dir === '' ? h.rel.includes('/') : h.rel.startsWith(dir + '/')) && envName(h),
      );
      const above =
        dir === ''
          ? []
          : holders.filter((h) => envName(h) && (dirOf(h.rel) === '' || dir.startsWith(dirOf(h.rel) + '/')));
      const h = below.find((x) => !facts.project.packageJsons.some((p) => dirOf(p.rel) === dirOf(x.rel))) ?? above[0];
      if (!h) continue;
      // Vite and CRA hand the bundle only their prefixed names (VITE_, REACT_APP_): a server's key in that file
      // is not the bundler's to load (openai-realtime-console's server.js reads OPENAI_API_KEY itself)
      const prefix = e.framework === 'vite' ? 'VITE_' : e.framework === 'cra' ? 'REACT_APP_' : undefined;
      if (prefix && !h.names.some((n) => n.startsWith(prefix))) continue;
      const key = `fw:${e.framework}:${dir}:${h.rel}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        id: 'dotenv-wrong-location',
        message: `${FRAMEWORK_NAMES[e.framework]} (${e.label}) reads .env files only from ${dir || 'the project root'}, but ${h.names.join(', ')} is set in ${h.rel}.`,
        location: { path: h.rel },
        related: [{ path: e.declaredIn ?? e.file, note: 'framework start command' }],
        fix: {
          summary: `Move ${h.rel} to ${dir ? dir + '/' : ''}${h.rel.split('/').pop()} (next to the framework's package.json), or load it in the start command (\`dotenv -e ${relativeFrom(dir, h.rel)} -- ...\`).`,
        },
        data: { framework: e.framework, found: h.rel },
      });
    }
    return out;
  },
};

function relativeFrom(fromDir: string, to: string): string {
  const a = fromDir ? fromDir.split('/') : [];
  const b = to.split('/');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...Array(a.length - i).fill('..'), ...b.slice(i)].join('/') || '.';
}
