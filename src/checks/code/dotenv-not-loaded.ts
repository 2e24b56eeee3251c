import type { FindingDraft, Target } from '../../core/types.js';
import type { Facts } from '../../core/facts.js';
import {
  AUTOLOAD_RUNNERS,
  composeHanding,
  handingText,
  envFilesDefining,
  isOpenAIKeyVar,
  unloadedKey,
} from './_lib/check-helpers.js';
import type { Check } from '../types.js';
import { reachable } from '../../resolve/target.js';
import { EXAMPLE_DIR, dirOf, isTestEnvFile, relFrom } from '../../core/paths.js';
import { AZD_ENV_FILE } from '../../code/loads.js';

const APP_KINDS = new Set(['node', 'python']);
/** Targets started by a launcher keydoctor models (src/resolve/targets/launchers.ts). */
const LAUNCHER_TARGETS = new Set([
  'make',
  'just',
  'shell-script',
  'pm2',
  'systemd',
  'supervisord',
  'ide',
  'mcp',
  'deno-task',
  'wrangler',
  'supabase',
  'langgraph',
  'llama-deploy',
  'test-runner',
]);
/** Runners and frameworks that read `.env` by themselves. */

/** Runners that take Node's `--env-file` flag themselves (`tsx --env-file=.env src/index.ts`). */
const ENV_FILE_RUNNERS = new Set(['node', 'tsx']);

/**
 * The line that loads `file` first in `entry`: `require('dotenv').config()` in a CommonJS module (an
 * `import` there is a syntax error), `import 'dotenv/config'` in an ES module; a file other than the
 * `.env` of the folder the command starts in is named (`{ path }`, or DOTENV_CONFIG_PATH for the
 * import, which takes no argument), and dotenv is installed first where the package lacks it.
 */
function nodeLoadLine(facts: Facts | undefined, entry: string | undefined, file: string, cwd: string): string {
  const rel = relFrom(cwd, file);
  const own = rel === '.env';
  const cjs = entry !== undefined && facts?.code?.files.find((f) => f.file === entry)?.moduleKind === 'cjs';
  const where = entry ?? 'the entry module';
  const pkg = entry
    ? (facts?.project.packageJsons ?? [])
        .filter((p) => entry.startsWith(dirOf(p.rel) ? `${dirOf(p.rel)}/` : ''))
        .sort((a, b) => b.rel.length - a.rel.length)[0]
    : undefined;
  const install =
    pkg && !Object.hasOwn(pkg.dependencies, 'dotenv') && !Object.hasOwn(pkg.devDependencies, 'dotenv')
      ? ` (after \`npm install dotenv\`${dirOf(pkg.rel) ? ` in ${dirOf(pkg.rel)}` : ''})`
      : '';
  if (cjs)
    return `\`require('dotenv').config(${own ? '' : `{ path: '${rel}' }`})\` as the first line of ${where}${install}`;
  return `\`import 'dotenv/config'\` as the first import of ${where}${own ? '' : ` with DOTENV_CONFIG_PATH=${rel} set (it reads .env otherwise)`}${install}`;
}

function fixFor(
  kind: 'node' | 'python',
  entry: string | undefined,
  file: string,
  runner?: string,
  cwd = '',
  facts?: Facts,
): { summary: string; command?: string } {
  if (kind === 'python')
    return {
      summary: `Load it before the client is made: \`from dotenv import load_dotenv\` and \`load_dotenv()\` at the top of ${entry ?? 'the entry module'} (pip install python-dotenv), or export the variable before starting.`,
    };
  // the flag goes to the runner that starts the module: `node` for plain JavaScript, `tsx` for its
  // TypeScript; other runners (ts-node, nodemon) do not take it, nor does node a TypeScript source
  // (the built file runs: the command's own flag is the place), so only the import is offered there.
  // Paths are the folder the command starts in's (a package of a monorepo runs from its own).
  const run = runner ?? 'node';
  const typescript = entry !== undefined && /\.[cm]?tsx?$/.test(entry);
  const from = (p: string): string => relFrom(cwd, p);
  const start =
    ENV_FILE_RUNNERS.has(run) && !(run === 'node' && typescript)
      ? `, or start with \`${run} --env-file=${from(file)} ${entry !== undefined ? from(entry) : 'app.js'}\`${cwd ? ` (from ${cwd})` : ''}`
      : '';
  return {
    summary: `Load it first: ${nodeLoadLine(facts, entry, file, cwd)}${start}.`,
  };
}

/** The runner every declared start of `entry` uses (`tsx` for `tsx src/index.ts`), when they agree. */
function runnerOf(facts: Facts, entry: string | undefined): string | undefined {
  if (entry === undefined) return undefined;
  const runners = new Set((facts.code?.entryPoints ?? []).filter((e) => e.file === entry).map((e) => e.runner));
  return runners.size === 1 ? [...runners][0] : undefined;
}

/** Code-only reasoning, used when no resolver target covers the code. */
function fromCode(facts: Facts): FindingDraft[] {
  const code = facts.code;
  if (!code) return [];
  const out: FindingDraft[] = [];
  for (const kind of ['node', 'python'] as const) {
    const isLang = (f: string): boolean => (kind === 'python' ? /\.(py|ipynb)$/.test(f) : /\.(c|m)?[jt]sx?$/.test(f));
    if (code.dotenvLoads.some((l) => isLang(l.file))) continue;
    const entries = code.entryPoints.filter((e) => e.kind === kind);
    if (entries.some((e) => (e.preloads ?? []).length > 0 || e.framework || AUTOLOAD_RUNNERS.has(e.runner ?? '')))
      continue;
    if (
      kind === 'node' &&
      facts.project.frameworks.some((f) => ['next', 'nuxt', 'remix', 'astro', 'expo', 'gatsby'].includes(f))
    )
      continue;
    const keyVars = new Set<string>();
    for (const c of code.clients) if (isLang(c.file) && c.keyVar) keyVars.add(c.keyVar);
    for (const r of code.envReads)
      if (isLang(r.file) && r.default === undefined && isOpenAIKeyVar(r.name)) keyVars.add(r.name);
    for (const k of keyVars) {
      if (facts.env[k] !== undefined) continue;
      if (facts.assignments.some((a) => a.name === k && a.kind !== 'dotenv' && a.kind !== 'code' && a.value !== ''))
        continue;
      if ((facts.deploy?.providedNames ?? []).some((p) => p.name === k)) continue;
      const h = envFilesDefining(facts, k).find((d) => !isTestEnvFile(d.file.relPath)); // templates (EnvFile.role) and test-mode files never count
      if (!h) continue;
      const entry = entries[0]?.file;
      const user = code.clients.find((c) => isLang(c.file) && c.keyVar === k) ?? undefined;
      out.push({
        id: 'dotenv-not-loaded',
        message: `${h.file.relPath} sets ${k}, but no ${kind === 'python' ? 'Python' : 'Node'} code in this project loads a .env file (no ${kind === 'python' ? 'load_dotenv()' : "dotenv.config() / import 'dotenv/config' / --env-file"}) and the environment has no ${k}.`,
        location: h.assignment.location ?? { path: h.file.relPath },
        related: user ? [{ path: user.file, line: user.line, note: `reads ${k} here` }] : [],
        fix: fixFor(kind, entry, h.file.relPath, entries[0]?.runner, entries[0]?.cwd ?? '', facts),
        data: { variable: k, file: h.file.relPath },
      });
    }
  }
  return out;
}

export const check: Check = {
  meta: {
    id: 'dotenv-not-loaded',
    title: 'A .env file holds the key but nothing loads it',
    severity: 'error',
    area: 'code',
    docs: {
      what: "A `.env` file defines the key variable, but the run target never reads it: no `load_dotenv()` (python-dotenv), no `dotenv.config()` / `import 'dotenv/config'`, no `node --env-file`, no `dotenv -e` wrapper, and no framework that reads `.env` by itself; the environment does not provide the variable either. A test-mode file (`.env.test`) is the test set-up's, and a Procfile process or one started by a secret manager gets values keydoctor cannot see: neither is reported. It is a warning where a compose service built from the project hands the same file to its container (`env_file:`) or fills the key from it (`OPENAI_API_KEY: ${OPENAI_API_KEY}` interpolated from the `.env` beside the compose file), so `docker compose up` has the key (or a `docker run --env-file` line of its README does), and for examples (under `examples/`, `docs/`, ...) beside an app of the project that loads the file; so is a client built only on a path keydoctor cannot decide, or whose caller may pass the key first (`api_key or os.environ.get(...)`), and a target that loads a file keydoctor cannot name (`load_dotenv(env_file)`). A Python function the project wrote that names a dotenv file and sets the variables it reads (`Path('.env').read_text()`, a loop, `os.environ.setdefault(key, value)`) loads that file, as `load_dotenv()` would (setdefault keeps what the shell has). `dotenv_values()` reads a file into a dict, not into the environment: it loads nothing an SDK sees.",
      why: 'A `.env` file is just a file. Plain `node app.js` and `python app.py` never read it, so the SDK sees no key ("Missing credentials" / "The api_key client option must be set") although the file is right there.',
      fix: "Node: add `import 'dotenv/config'` as the very first import of the entry module, or start with `node --env-file=.env app.js` (Node 20.6+; `tsx --env-file=.env src/index.ts` for TypeScript run by tsx; paths are those of the folder the command starts in). Where the code already loads `.env` from the folder it starts in (a package of a monorepo run from its own folder) and that file was never made, copy the file with the key there. Python: `from dotenv import load_dotenv` then `load_dotenv()` before the client is created. Or export the variable in the environment that starts the app.",
    },
  },
  run({ facts, targets }) {
    const apps = targets.filter((t) => APP_KINDS.has(String(t.kind)));
    // a launcher starts the app (make, just, a script, pm2, systemd, supervisord, ...): its target says what reaches it (key-missing names the cause)
    if (apps.length === 0) return targets.some((t) => LAUNCHER_TARGETS.has(String(t.kind))) ? [] : fromCode(facts);
    const out: FindingDraft[] = [];
    const seen = new Set<string>();
    const fresh = targets.find((x) => x.id === 'shell:new-terminal');
    for (const t of apps) {
      const first = unloadedKey(facts, t);
      if (!first) continue;
      if (fresh?.vars[t.keyVar]?.winner) continue; // a new terminal (or direnv) would set it: key-missing says so
      const file = first.location?.path ?? '.env';
      const kind = t.kind === 'python' ? 'python' : 'node';
      // one finding per language: its fix is that language's load
      const key = `${t.keyVar}|${file}|${kind}`;
      if (seen.has(key)) continue;
      seen.add(key);
      // the other targets in the same situation: they need this key and lack it only because nothing loads the same file
      const alsoTargets = apps.filter(
        (x: Target) =>
          x !== t &&
          x.keyVar === t.keyVar &&
          (x.kind === 'python' ? 'python' : 'node') === kind &&
          unloadedKey(facts, x)?.location?.path === first.location?.path,
      );
      const also = alsoTargets.map((x) => x.label);
      // Examples (docs/examples/local_llm.py) beside an app of the project that loads the file: scripts
      // run by hand with their own set-up (often another endpoint), not the app's broken loading.
      const isExample = (x: Target) => x.entry !== undefined && EXAMPLE_DIR.test(x.entry);
      const app = [t, ...alsoTargets].every(isExample)
        ? apps.find((x) => !isExample(x) && x.vars[t.keyVar]?.winner?.location?.path === file)
        : undefined;
      // an IDE run configuration for the same entry loads the file (VS Code's envFile, the EnvFile plugin): it works from there
      const ide = targets.find(
        (x) => x.kind === 'ide' && x.entry !== undefined && x.entry === t.entry && (x.loads ?? []).includes(file),
      );
      // a compose service hands the same file to the container (`env_file: .env`): `docker compose up`
      // works; only running the code directly does not (opengpts' Docker quick start)
      const composed = ide ? undefined : composeHanding(facts, targets, file, t.keyVar);
      // the clients that read the key are built only on a path keydoctor cannot decide, or take a key their
      // caller may pass first (`api_key or os.environ.get(...)`): the file matters only on that path
      const readers = (t.clients ?? []).filter(
        (c) => c.status !== 'never' && c.credential.kind === 'env' && c.credential.names.includes(t.keyVar),
      );
      const soft =
        readers.length > 0 &&
        readers.every((c) => c.status === 'maybe' || (c.credential.kind === 'env' && c.credential.maybeGiven === true));
      const given = readers.find((c) => c.credential.kind === 'env' && c.credential.givenBy);
      const softText = !soft
        ? ''
        : readers.every((c) => c.status === 'maybe')
          ? ` The client that reads it is built only if ${readers[0]?.condition ?? 'a condition holds'}, so this matters only on that path.`
          : given?.credential.kind === 'env'
            ? ` Its key is \`${given.credential.givenBy}\` first, which a caller may set to a key keydoctor cannot see.`
            : ' Its options are passed through (`**kwargs` / a spread), which may carry a key keydoctor cannot see.';
      const loadsElse = (t.loads ?? []).filter((f) => f !== file);
      const reached = t.entry ? reachable(facts, t.entry) : undefined;
      const ownLoads = reached ? (facts.code?.dotenvLoads ?? []).filter((l) => reached.has(l.file)) : [];
      // the entry module's own load first (the one that runs first), then the others reached
      const ownLoad =
        ownLoads.find((l) => l.populatesEnv !== false && l.file === t.entry) ??
        ownLoads.find((l) => l.populatesEnv !== false);
      // `import 'dotenv/config'` in a package run from its own folder: the .env it looks for there, never made
      const unmadeOwn = ownLoad && ownLoad.path === undefined ? t.missingLoads?.[0] : undefined;
      const valuesOnly = ownLoads.find((l) => l.populatesEnv === false && l.loader === 'python-dotenv');
      // a load of a file keydoctor cannot name (`load_dotenv(env_file)`): that file may set the key
      const opaque = ownLoads.find((l) => l.base === 'unknown');
      // dotenv-azd's load_azd_env(): the azd environment (`azd env get-values`), none of which exists yet
      const azd = opaque?.path === AZD_ENV_FILE ? opaque : undefined;
      const why = loadsElse.length
        ? `what it runs loads ${loadsElse.join(', ')}, not ${file}`
        : azd
          ? `load_azd_env() at ${azd.file}:${azd.line} reads the azd environment (.azure/<environment>/.env), never ${file}, and this project has no azd environment yet (\`azd up\` or \`azd env new\` makes one)`
          : opaque
            ? `load_dotenv(${opaque.pathText ?? '...'}) at ${opaque.file}:${opaque.line} loads a file keydoctor cannot name (which may set ${t.keyVar})`
            : ownLoad
              ? `the load at ${ownLoad.file}:${ownLoad.line} reads ${ownLoad.path !== undefined ? `"${ownLoad.path}"` : unmadeOwn ? `${unmadeOwn} (the folder it starts in), which does not exist` : 'another file'}, not ${file}`
              : valuesOnly
                ? `dotenv_values() at ${valuesOnly.file}:${valuesOnly.line} reads it into a dict, not into the environment, where the SDK looks`
                : `nothing it runs calls ${kind === 'python' ? 'load_dotenv()' : "dotenv.config() / import 'dotenv/config'"} or starts it with an env file`;
      out.push({
        id: 'dotenv-not-loaded',
        message: `${t.label} ${opaque && !azd && !loadsElse.length ? 'may not load' : 'never loads'} ${file}, which sets ${t.keyVar}: ${why}, and the environment has no ${t.keyVar}.${softText}${also.length ? ` Same for ${also.slice(0, 3).join(', ')}${also.length > 3 ? `, and ${also.length - 3} more` : ''}.` : ''}${ide ? ` ${ide.label} loads it, so the app has the key when started from the IDE; started from a terminal it does not.` : ''}${/env = false/.test(t.loading ?? '') ? ` Bun would load it, but ${/\(([^()]*bunfig\.toml)[^()]*\)/.exec(t.loading ?? '')?.[1] ?? 'bunfig.toml'} sets env = false.` : ''}${composed ? handingText(composed, file, t.keyVar) : ''}${app ? ` ${also.length ? 'They are examples' : 'It is an example'}, run by hand with their own set-up (see the README there; it may point at another endpoint); ${app.label} loads ${file}.` : ''}`,
        ...(ide || app || composed || soft || opaque ? { severity: 'warning' as const } : {}),
        target: t.id,
        location: first.location ?? { path: file },
        // the module that runs first (index.js), not the package.json that names it
        related: t.entry
          ? [{ path: t.entry, note: 'entry point' }]
          : t.location
            ? [{ ...t.location, note: 'entry point' }]
            : [],
        fix:
          azd && !loadsElse.length
            ? {
                summary: `Create the azd environment (\`azd up\`, or \`azd env new\` and \`azd env set ${t.keyVar} ...\`) as the README says, or export ${t.keyVar} before starting.`,
              }
            : opaque && !loadsElse.length
              ? {
                  summary: `Check which file load_dotenv(${opaque.pathText ?? '...'}) at ${opaque.file}:${opaque.line} is given when the app runs: if it is ${file}, nothing is wrong; if not, point it at ${file} or export ${t.keyVar} before starting.`,
                }
              : unmadeOwn && ownLoad && !loadsElse.length
                ? {
                    summary: `Copy ${file} to ${unmadeOwn}, the file ${ownLoad.file}:${ownLoad.line} loads when the app starts in ${dirOf(unmadeOwn) || 'the root'}, or export ${t.keyVar} before starting.`,
                    command: `cp ${file} ${unmadeOwn}`,
                  }
                : fixFor(
                    kind,
                    t.entry ?? (t.location?.path?.endsWith('package.json') ? undefined : t.location?.path),
                    file,
                    runnerOf(facts, t.entry),
                    t.location?.path?.endsWith('package.json') ? dirOf(t.location.path) : '',
                    facts,
                  ),
        data: { variable: t.keyVar, file },
      });
    }
    return out;
  },
};
