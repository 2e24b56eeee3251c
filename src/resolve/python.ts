/**
 * Python targets: one per entry script. python-dotenv's `load_dotenv()` defaults (override=False,
 * `find_dotenv()` walking up from the calling file's folder), django-environ's `read_env()` (the
 * calling file's folder, no overwrite), pydantic-settings (environment first, later env_file wins).
 * Uses the code facts when present, else infers from requirements / pyproject and file names.
 */
import type { Facts } from '../core/facts.js';
import type { Target } from '../core/types.js';
import type { DotenvLoad, EntryPoint } from '../code/types.js';
import type { LoadStep } from './engine.js';
import { environmentStep, fileExists, fileStep, findEnvFile, procfileExternal, unloadedSteps } from './sources.js';
import { dirname, join, posix } from 'node:path';
import { clientsFor, loadsFor, makeTarget, reachable } from './target.js';
import { compareText } from '../core/compare.js';
import { pushAll } from '../core/arrays.js';
import { startedByLauncher } from './node.js';
import { isSecretWrapper, markResolved, resolvingTools, secretWrapperSteps } from './targets/wrappers.js';
import { dirOf, joinRel } from '../core/paths.js';
import { decoupleSteps, dynaconfSteps, pydanticSecretsSteps, streamlitSteps } from './stores.js';

const ENTRY_NAMES = [
  'app.py',
  'main.py',
  'manage.py',
  'server.py',
  'bot.py',
  'worker.py',
  'run.py',
  'agent.py',
  'assistant.py',
  'api.py',
  'chat.py',
  'cli.py',
  '__main__.py',
  'streamlit_app.py',
  'wsgi.py',
  'asgi.py',
];
const MAX_TARGETS = 12;

/** python-dotenv's find_dotenv(): the first `.env` from `dir` upward (within the project, then above it). */
export function findDotenv(facts: Facts, dir: string, name = '.env'): string | undefined {
  let d = dir;
  for (;;) {
    const candidate = joinRel(d, name);
    if (fileExists(facts, candidate)) return candidate;
    if (d === '') return name === '.env' ? dotenvAboveRoot(facts) : undefined;
    d = dirOf(d);
  }
}

/**
 * A `.env` above the project root that find_dotenv() reaches (keydoctor run in a sub-folder of the
 * repository whose root holds the .env): the collector reads those up to the top of the git work
 * tree (collect/dotenv), under their absolute paths.
 */
export function dotenvAboveRoot(facts: Facts): string | undefined {
  for (let d = dirname(facts.root); ; d = dirname(d)) {
    const abs = join(d, '.env');
    if (findEnvFile(facts, abs)?.exists) return abs;
    if (dirname(d) === d) return undefined;
  }
}

function hasReq(facts: Facts, name: string): boolean {
  return facts.project.python.some((p) => Object.hasOwn(p.requirements, name));
}

/**
 * Whether the `flask` command finds python-dotenv: the requirements list it, a lockfile or the
 * project's virtualenv has it, or the project declares no Python requirements at all (keydoctor run
 * in a sub-folder of the repository whose requirements sit above it): only a project whose own
 * requirements leave it out, with nothing installed, is known to lack it.
 */
function flaskHasDotenv(facts: Facts): boolean {
  if (hasReq(facts, 'python-dotenv')) return true;
  const how = facts.versions?.pythonDotenv.how;
  if (how === 'installed' || how === 'lockfile') return true;
  return !facts.project.python.some((p) => Object.keys(p.requirements).length > 0);
}

function inferredEntries(facts: Facts): EntryPoint[] {
  const out: EntryPoint[] = [];
  for (const f of facts.files) {
    if (f.ignored) continue;
    const parts = f.rel.split('/');
    if (parts.length > 3) continue;
    if (parts.some((p) => /^(tests?|docs?|examples?|scripts?|migrations|site-packages)$/.test(p))) continue;
    const base = parts[parts.length - 1] as string;
    if (ENTRY_NAMES.includes(base)) out.push({ file: f.rel, kind: 'python', label: `python ${f.rel}`, cwd: '' });
  }
  return out.sort((a, b) => a.file.split('/').length - b.file.split('/').length || compareText(a.file, b.file));
}

/**
 * A load that walks up from a folder and finds no file: no values, only the file it would read, for
 * the key-missing fix. Any folder on the way would do; the one holding the project's template
 * (`.env.example`) is where a README says to make it, else the first candidate.
 */
function missingStep(facts: Facts, candidates: readonly string[], loader: string): LoadStep {
  const templated = candidates.find((c) =>
    facts.envFiles.some((f) => f.exists && f.role === 'example' && dirOf(f.relPath) === dirOf(c)),
  );
  const rel = templated ?? (candidates[0] as string);
  return { source: rel, loader, mode: 'if-unset', assignments: [], missing: rel };
}

/** The `.env` paths a walk up from `dir` to the project root tries, nearest first. */
function upward(dir: string): string[] {
  const out: string[] = [];
  for (let d = dir; ; d = dirOf(d)) {
    out.push(joinRel(d, '.env'));
    if (d === '') return out;
  }
}

export function loadSteps(facts: Facts, loads: DotenvLoad[], cwd: string): { steps: LoadStep[]; texts: string[] } {
  const steps: LoadStep[] = [];
  const texts: string[] = [];
  const sorted = [...loads].sort((a, b) => compareText(a.file, b.file) || (a.order ?? a.line) - (b.order ?? b.line));
  // A package's own load on import runs once per process, however many modules import it.
  const once = new Set<string>();
  for (const l of sorted) {
    const at = `${l.file}:${l.line}`;
    if (l.loader === 'chainlit' || l.loader === 'crewai') {
      if (once.has(l.loader)) continue;
      once.add(l.loader);
    }
    if (l.loader === 'pydantic-settings') {
      const files = l.resolved?.length ? l.resolved : [joinRel(cwd, l.path ?? '.env')];
      for (const f of files) steps.push(fileStep(facts, f, 'python', 'files-override', 'pydantic-settings'));
      texts.push(`${files.join(', ')} via pydantic-settings at ${at} (environment first; later files win)`);
      continue;
    }
    // dotenv_values(): the file goes into a dict, not into os.environ, so no SDK reads it from there
    if (l.loader === 'python-dotenv' && l.populatesEnv === false) {
      texts.push(`dotenv_values() at ${at} reads a file into a dict, not into the environment`);
      continue;
    }
    // load_dotenv(<an expression keydoctor cannot follow>): not the .env a bare load_dotenv() would find
    if (l.base === 'unknown') {
      texts.push(`load_dotenv(${l.pathText ?? '...'}) at ${at} loads a file keydoctor cannot name`);
      continue;
    }
    const django = l.loader === 'django-environ';
    const call = django
      ? 'environ.Env.read_env()'
      : l.loader === 'dotenv-azd'
        ? 'load_azd_env()'
        : l.loader === 'semantic-kernel'
          ? "semantic_kernel's *_settings_from_dot_env()"
          : l.loader === 'chainlit'
            ? 'import chainlit (it loads .env from the working folder)'
            : l.loader === 'crewai'
              ? "import crewai (its load_dotenv() finds the project's .env)"
              : l.loader === 'python-custom'
                ? `${l.pathText ?? 'its own loader'} (the project's own loader)`
                : l.loader === 'modal'
                  ? 'modal.Secret.from_dotenv() (for the Modal function)'
                  : 'load_dotenv()';
    let files = l.resolved;
    // find_dotenv() walks up and stops at the first .env it finds: the ones above it are not read
    if (files?.length && (l.base === 'walk-up' || l.base === 'cwd-walk-up')) {
      const first =
        files.find((f) => fileExists(facts, f)) ??
        (posix.basename(files[0] as string) === '.env' ? dotenvAboveRoot(facts) : undefined);
      if (!first) {
        texts.push(`${call} at ${at} finds no .env from ${dirOf(files[0] as string) || 'the project root'} upward`);
        steps.push(missingStep(facts, files, call));
      }
      files = first ? [first] : [];
    } else if (!files?.length) {
      if (l.path !== undefined) files = [joinRel(cwd, l.path)];
      else if (django) files = [joinRel(dirOf(l.file), '.env')];
      else {
        const found = findDotenv(facts, dirOf(l.file));
        files = found ? [found] : [];
        if (!found) {
          texts.push(`${call} at ${at} finds no .env from ${dirOf(l.file) || 'the project root'} upward`);
          steps.push(missingStep(facts, upward(dirOf(l.file)), call));
        }
      }
    }
    for (const f of files)
      steps.push(
        fileStep(
          facts,
          f,
          'python',
          l.override ? 'override' : 'if-unset',
          l.override ? `${call} with override=True` : call,
        ),
      );
    if (files.length)
      texts.push(`${files.join(', ')} via ${call} at ${at}${l.override ? ' (override=True)' : ' (no override)'}`);
  }
  return { steps, texts };
}

/**
 * The `flask` command loads dotenv files itself before it imports the app, when python-dotenv is
 * installed (flask.cli.load_dotenv): the `-e/--env-file` file, then `.env` and `.flaskenv`, each the
 * first found from the working folder upward, none overriding what is already set. Without
 * python-dotenv it loads nothing (and prints a tip). `python app.py` with `app.run()` loads them too,
 * but only when app.run() is reached, after module-level code has run; that case is left to the code's own loads.
 */
function isFlaskCli(entry: EntryPoint | undefined): boolean {
  return entry?.launch?.program === 'flask' || (entry?.launch === undefined && entry?.runner === 'flask');
}

function flaskCliSteps(
  facts: Facts,
  entry: EntryPoint | undefined,
  cwd: string,
): { steps: LoadStep[]; text: string } | undefined {
  if (!isFlaskCli(entry) || !flaskHasDotenv(facts)) return undefined;
  const steps: LoadStep[] = [];
  const names: string[] = [];
  for (const f of entry?.launch?.envFiles ?? []) {
    if (f.by !== 'flask') continue;
    const rel = joinRel(cwd, f.path);
    steps.push(fileStep(facts, rel, 'python', 'if-unset', 'flask --env-file'));
    names.push(rel);
  }
  for (const n of ['.env', '.flaskenv']) {
    const found = findDotenv(facts, cwd, n);
    if (!found) continue;
    steps.push(fileStep(facts, found, 'python', 'if-unset', 'flask run (python-dotenv)'));
    names.push(found);
  }
  if (names.length === 0) return undefined;
  return { steps, text: `${names.join(', ')} via the flask command (python-dotenv is installed; no override)` };
}

function pythonTarget(facts: Facts, entry: EntryPoint | undefined): Target {
  const cwd = entry?.cwd ?? '';
  const steps: LoadStep[] = [environmentStep(facts)];
  let texts: string[] = ['shell env'];
  const files = reachable(facts, entry?.file);
  const py = clientsFor(facts, files, 'python', files ? undefined : cwd);
  // Streamlit reads its secrets files at start (st.secrets; root-level values become environment variables)
  const streamlit =
    entry?.runner === 'streamlit' ||
    entry?.framework === 'streamlit' ||
    /^streamlit\b/.test(entry?.label ?? '') ||
    (py ?? []).some((c) => c.options.apiKey?.kind === 'store' && c.options.apiKey.store === 'streamlit-secrets');
  if (streamlit) {
    const ss = streamlitSteps(facts, cwd, entry?.file);
    pushAll(steps, ss.steps);
    if (ss.text) texts.push(ss.text);
  }
  const flask = flaskCliSteps(facts, entry, cwd);
  if (flask) {
    pushAll(steps, flask.steps);
    texts.push(flask.text);
  }
  if (facts.code) {
    const ls = loadSteps(facts, loadsFor(facts, files, 'python'), cwd);
    pushAll(steps, ls.steps);
    texts = texts.concat(ls.texts);
    // python-decouple config(): settings.ini or .env from the calling module's folder up
    const callers = [
      ...new Set(
        (facts.code?.envReads ?? [])
          .filter((r) => r.via === 'decouple.config' && (!files || files.has(r.file)))
          .map((r) => r.file),
      ),
    ];
    const dc = decoupleSteps(facts, callers);
    pushAll(steps, dc.steps);
    if (dc.text) texts.push(dc.text);
    // dynaconf settings objects the clients read (settings.OPENAI_API_KEY)
    const dy = dynaconfSteps(facts, py ?? [], cwd);
    pushAll(steps, dy.steps);
    if (dy.text) texts.push(dy.text);
    // pydantic-settings secrets_dir: below the environment and env_file
    const ps = pydanticSecretsSteps(facts, files);
    pushAll(steps, ps.steps);
    if (ps.text) texts.push(ps.text);
  } else if (hasReq(facts, 'python-dotenv') || hasReq(facts, 'django-environ') || hasReq(facts, 'environs')) {
    const from = entry ? dirOf(entry.file) : '';
    const django = !hasReq(facts, 'python-dotenv') && hasReq(facts, 'django-environ');
    const f = django ? joinRel(from, '.env') : findDotenv(facts, from);
    const call = django ? 'environ.Env.read_env()' : 'load_dotenv()';
    if (f) {
      steps.push(fileStep(facts, f, 'python', 'if-unset', call));
      texts.push(
        `${f} via ${call} (assumed from the ${django ? 'django-environ' : 'python-dotenv'} dependency; no override)`,
      );
    }
  }
  const external: string[] = [];
  let at = 1;
  for (const w of entry?.launch?.wrappers ?? []) {
    if (!isSecretWrapper(w)) continue;
    const ss = secretWrapperSteps(facts, w, cwd);
    for (const st of ss.steps) steps.splice(at++, 0, st);
    texts.splice(1, 0, ss.text);
    external.push(ss.external);
  }
  const host = procfileExternal(entry?.declaredIn);
  if (host) {
    external.push(host);
    texts.splice(1, 0, host);
  }
  markResolved(steps, resolvingTools(entry?.launch?.wrappers ?? []));
  const loaded = new Set(steps.filter((s) => s.file && s.loaded !== false).map((s) => s.file as string));
  const flaskWithout = isFlaskCli(entry) && !flaskHasDotenv(facts);
  pushAll(
    steps,
    unloadedSteps(
      facts,
      loaded,
      (rel) =>
        loaded.size
          ? `this target loads ${[...loaded].join(', ')}, not ${rel}`
          : flaskWithout
            ? `the flask command loads ${rel} only when python-dotenv is installed, and the project's requirements do not list it (nor does a lockfile or its virtualenv)`
            : `nothing in this target loads ${rel} (no load_dotenv() call reaches it)`,
      entry ? dirOf(entry.file) : cwd,
    ),
  );
  const target = makeTarget(facts, {
    id: `python:${entry?.file ?? 'app'}`,
    kind: 'python',
    label: entry?.label ?? "python (the project's scripts)",
    location: entry ? { path: entry.file } : undefined,
    loading: texts.length > 1 ? texts.join(', then ') : 'shell env only: no dotenv file is loaded',
    steps,
    clients: py,
    ...(entry ? { entry: entry.file } : {}),
    ...(files ? { files } : {}),
    dialect: 'python',
  });
  if (external.length) target.external = external;
  return target;
}

export function pythonTargets(facts: Facts): Target[] {
  const fromCode = facts.code?.entryPoints.filter((e) => e.kind === 'python') ?? [];
  const entries = fromCode.length ? fromCode : inferredEntries(facts);
  if (entries.length === 0) {
    // a launcher starts the Python code (langgraph dev, make, a script): its target covers it, no generic stand-in
    if ((facts.launchers ?? []).some((r) => r.launch.runtime === 'python' && !r.foreign && !r.testsOnly)) return [];
    const hasPy = facts.project.pythonProject || (facts.code?.files.some((f) => f.language === 'python') ?? false);
    return hasPy ? [pythonTarget(facts, undefined)] : [];
  }
  const out: Target[] = [];
  const seen = new Set<string>();
  const dropped: string[] = [];
  for (const e of ranked(facts, entries)) {
    if (seen.has(e.file)) continue;
    // a module found in the code that a make rule, just recipe or script starts: that target covers it
    if ((!e.declaredIn || e.declaredIn === e.file) && startedByLauncher(facts, e.file)) continue;
    seen.add(e.file);
    if (out.length >= MAX_TARGETS) {
      dropped.push(e.file);
      continue;
    }
    out.push(pythonTarget(facts, e));
  }
  if (dropped.length && facts.code) {
    // what they reach runs (models there are not "unreached"), tooling's aside: docs and examples run by hand
    facts.code.untargeted = [
      ...new Set(dropped.filter((e) => !TOOLING.test(e)).flatMap((e) => [...(reachable(facts, e) ?? [e])])),
    ];
    facts.notes.push({
      kind: 'limit',
      message: `${dropped.length} more Python entry point${dropped.length === 1 ? ' is' : 's are'} not checked as targets of their own (keydoctor takes ${MAX_TARGETS}, those that build an LLM client first): ${dropped.slice(0, 3).join(', ')}${dropped.length > 3 ? ', ...' : ''}; run keydoctor in a sub-folder to check those`,
    });
  }
  return out;
}

/** Tooling rather than the app: CI and agent scripts, benchmarks, docs, tests (hidden folders too). */
const TOOLING = /(^|\/)(\.[^/]+|scripts?|tools?|bench(marks?)?|docs?|tests?|evals?)\/|bench(mark)?[^/]*\.py$/;

/**
 * The entry points in the order they become targets: those whose code builds an LLM client first,
 * the app's before tooling's, shallower first, else as found (a project with more entry points than the cap keeps
 * the ones with something to diagnose: gpt-researcher's `main.py`, not its benchmark scripts).
 */
function ranked(facts: Facts, entries: EntryPoint[]): EntryPoint[] {
  if (entries.length <= MAX_TARGETS) return entries;
  const withClient = new Set((facts.code?.clients ?? []).map((c) => c.file));
  const rank = (e: EntryPoint): number => {
    const files = reachable(facts, e.file);
    const builds = files ? [...files].some((f) => withClient.has(f)) : withClient.has(e.file);
    return (builds ? 0 : 2) + (TOOLING.test(e.file) ? 1 : 0);
  };
  return entries
    .map((e, i) => ({ e, i, r: rank(e) }))
    .sort((a, b) => a.r - b.r || a.e.file.split('/').length - b.e.file.split('/').length || a.i - b.i)
    .map((x) => x.e);
}
