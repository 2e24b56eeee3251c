/**
 * Targets started by a launcher (make, just, a shell script): the environment, then what the
 * launcher itself sets (make's included file and exports, just's dotenv-load, the script's
 * sourced and exported values), then the started command's own loading (its wrappers, runtime
 * env-file flags, preloads) and the code it reaches.
 */
import type { Facts } from '../../core/facts.js';
import type { Target } from '../../core/types.js';
import type { LauncherRun } from '../../collect/launchers/types.js';
import { resolveVars, type LoadStep } from '../engine.js';
import { environmentStep, fileStep, unloadedSteps } from '../sources.js';
import { clientsFor, loadsFor, makeTarget, reachable } from '../target.js';
import { codeLoadSteps } from '../node.js';
import { loadSteps } from '../python.js';
import { launchSteps, markResolved, resolvingTools } from './wrappers.js';
import { pushAll } from '../../core/arrays.js';
import { dirOf, joinRel } from '../../core/paths.js';
import { compareText } from '../../core/compare.js';

/** Python modules run with `-m` that run the project's own code (an app, its tests, its tasks). */
const PROJECT_RUNNERS =
  /^(?:flask|quart|uvicorn|gunicorn|hypercorn|daphne|granian|waitress|streamlit|chainlit|gradio|panel|celery|rq|dramatiq|huey|taskiq|pytest|unittest|doctest|langgraph|langgraph_api|mcp|fastmcp|fastapi|django|IPython|jupyter|nbconvert|papermill)(?:\.|:|$)/;

const NODE = new Set(['node', 'bun', 'deno']);

function launcherTarget(facts: Facts, run: LauncherRun): Target | undefined {
  const l = run.launch;
  const py = l.runtime === 'python';
  if (!run.foreign && !py && !NODE.has(l.runtime ?? '')) return undefined;
  // `python3 -c '...'` in a script (JSON from a pipe, a random password): no client of the project runs there
  if (l.inline && !run.foreign) return undefined;
  const cwd = l.cwd;
  // the tests' runner: a target only when the tests read an OpenAI key (else their key does not matter)
  if (run.testsOnly && !run.keyVar) return undefined;
  const inherits = !l.clearsEnv && run.inherits !== false;
  const env = environmentStep(facts);
  if (run.passes) {
    env.accepts = run.passes;
    if (run.passText) env.filterReason = run.passText;
  }
  const steps: LoadStep[] = inherits ? [env] : [];
  const texts: string[] = [
    l.clearsEnv
      ? 'an empty environment (env -i)'
      : inherits
        ? 'shell env'
        : (run.baseText ?? "not the shell's environment"),
    run.loading,
  ];
  for (const layer of run.layers) {
    if (layer.missing) {
      steps.push({
        source: layer.source,
        loader: layer.loader,
        mode: layer.mode,
        assignments: [],
        missing: layer.missing,
      });
      continue;
    }
    if (layer.file) {
      steps.push(
        fileStep(facts, layer.file, layer.dialect ?? 'python', layer.mode, layer.loader, {
          environment: true,
          ...(layer.loaded === false ? { loaded: false, reason: layer.reason } : {}),
        }),
      );
      continue;
    }
    const step: LoadStep = {
      source: layer.source,
      loader: layer.loader,
      mode: layer.mode,
      assignments: layer.assignments,
      environment: true,
    };
    if (layer.loaded === false) {
      step.loaded = false;
      if (layer.reason) step.reason = layer.reason;
    }
    if (layer.onlyIfInEnv) {
      step.accepts = (n) => Object.hasOwn(facts.env, n);
      if (layer.reason) step.filterReason = layer.reason;
    }
    steps.push(step);
  }
  const assigns = Object.entries(l.assigns).map(([name, value]) => ({
    name,
    value,
    kind: 'launcher',
    location: { path: run.file, line: run.line },
    detail: `set on the command line at ${run.file}:${run.line}`,
  }));
  if (assigns.length)
    steps.push({
      source: `the command at ${run.file}:${run.line}`,
      loader: 'the command line',
      mode: 'override',
      assignments: assigns,
      environment: true,
    });
  const ls = launchSteps(facts, l, cwd, { foreign: run.foreign });
  pushAll(steps, ls.steps);
  pushAll(texts, ls.texts);
  const external: string[] = [...(run.external ?? []), ...ls.external];
  // a script a Dockerfile of the project starts (CMD / ENTRYPOINT ["./entrypoint.sh"]) runs in the
  // container, whose variables the deployment gives (compose, docker run, Kubernetes), not this machine's .env
  if (run.kind === 'shell-script') {
    const base = run.file.slice(run.file.lastIndexOf('/') + 1);
    const df = (facts.deploy?.dockerfiles ?? []).find(
      (d) => (d.runs ?? []).includes(base) && (d.context === '' || run.file.startsWith(`${d.context}/`)),
    );
    if (df) external.push(`the container's environment (${df.rel} starts ${base}; the deployment gives its variables)`);
  }
  // a program that is not the project's code (`npx -y some-mcp-server`): nothing of the project's code runs
  const moduleEntry =
    py && !l.file && l.module && !run.foreign ? moduleFile(facts, l.module, [cwd, dirOf(run.file)]) : undefined;
  // `python -m flask run` / `-m quart run`: the app FLASK_APP / QUART_APP names (a VS Code launch's env,
  // the command line, the shell), else app.py or wsgi.py where it starts
  const appVar =
    py && !l.file && !run.foreign
      ? l.framework === 'flask' || l.module === 'flask'
        ? 'FLASK_APP'
        : l.module === 'quart'
          ? 'QUART_APP'
          : undefined
      : undefined;
  const appName = appVar
    ? (run.layers.flatMap((x) => x.assignments ?? []).find((a) => a.name === appVar)?.value ??
      l.assigns[appVar] ??
      facts.env[appVar])
    : undefined;
  const appEntry = appVar
    ? appName
      ? moduleFile(facts, (appName.split(':')[0] ?? '').replace(/\(.*$/, ''), [cwd, dirOf(run.file)])
      : (moduleFile(facts, 'app', [cwd]) ?? moduleFile(facts, 'wsgi', [cwd]))
    : undefined;
  const entry = l.file && !run.foreign ? joinRel(cwd, l.file) : (appEntry?.file ?? moduleEntry?.file);
  // `uvicorn app:app` naming a module of no project file keydoctor knows: not every client of the project
  // (a script beside an app runs that app, not the repository's forty examples); `python -m x` of a module
  // not found may be a runner of the project's code (`-m flask run`), and keeps the project's clients
  // A dotted module of no project file whose package is not a runner of the project's code
  // (`python -m vllm.entrypoints.openai.api_server`): an installed program, with its own code
  const top = (l.module ?? '').split(/[.:]/)[0] ?? '';
  const installedProgram =
    moduleEntry === null &&
    /\./.test((l.module ?? '').split(':')[0] ?? '') &&
    !PROJECT_RUNNERS.test(l.module ?? '') &&
    // a package of the project by that name (src/mypkg/, installed with `pip install -e .`) runs its code
    !facts.files.some((f) => f.rel.startsWith(`${top}/`) || f.rel.includes(`/${top}/`));
  const unknownModule = (moduleEntry === null && (l.module ?? '').includes(':')) || installedProgram;
  // `python scripts/gen.py` naming no file of the project (a script another step downloads or writes):
  // none of the project's clients runs there (a Node entry under build/ or dist/ is the compiled source, kept)
  const missingScript = py && entry !== undefined && !facts.files.some((f) => f.rel === entry) && /\.py$/.test(entry);
  const files = unknownModule || missingScript ? new Set<string>() : reachable(facts, entry);
  // `node server.js` naming no file of the project (a build's output, a file the image gets): what the
  // package around the script builds, not every client of the repository (awesome-llm-apps' entrypoint.sh
  // beside a Next.js standalone build, in a collection of forty apps)
  const scope =
    !py && entry !== undefined && !files && !facts.files.some((f) => f.rel === entry)
      ? packageDir(facts, dirOf(run.file), cwd)
      : cwd;
  const loads =
    facts.code && !run.foreign
      ? loadsFor(facts, files, py ? 'python' : 'node', files ? undefined : run.kind === 'supabase' ? cwd : undefined)
      : [];
  if (facts.code && !run.foreign) {
    const cl = py ? loadSteps(facts, loads, cwd) : codeLoadSteps(facts, loads, cwd);
    pushAll(steps, cl.steps);
    pushAll(texts, cl.texts);
  }
  markResolved(
    steps,
    resolvingTools(
      l.wrappers,
      loads.map((x) => x.loader),
    ),
  );
  const loaded = new Set(steps.filter((s) => s.file && s.loaded !== false).map((s) => s.file as string));
  pushAll(
    steps,
    unloadedSteps(facts, loaded, (rel) => `nothing in ${run.label} loads ${rel}`, cwd),
  );
  const t = makeTarget(facts, {
    id: run.id,
    kind: run.kind,
    label: run.label,
    location: { path: run.file, line: run.line },
    loading: texts.join(', then '),
    steps,
    ...(run.foreign ? {} : { clients: clientsFor(facts, files, py ? 'python' : 'node', files ? undefined : scope) }),
    ...(entry ? { entry } : {}),
    ...(files ? { files } : {}),
    dialect: py ? 'python' : 'dotenv',
  });
  if (external.length) t.external = external;
  const kv = run.keyVar;
  if (kv && run.foreign) {
    t.keyVar = kv;
    t.vars[kv] ??= resolveVars([kv], steps)[kv] as Target['vars'][string];
  }
  return t;
}

/**
 * The project file a Python module name (`app:app`, `pkg.main`) stands for, looked up from each folder
 * in turn (the launch's working folder, then the launcher's own); null when none holds it, undefined
 * when the code was not analysed.
 */
function moduleFile(facts: Facts, module: string, dirs: string[]): { file: string } | null | undefined {
  const files = facts.code?.files;
  if (!files) return undefined;
  const known = new Set(files.map((f) => f.file));
  const path = (module.split(':')[0] ?? '').replace(/\./g, '/');
  if (!path) return null;
  const find = (d: string): { file: string } | undefined => {
    for (const c of [`${path}.py`, `${path}/__main__.py`, `${path}/__init__.py`]) {
      const f = joinRel(d, c);
      if (known.has(f)) return { file: f };
    }
    return undefined;
  };
  for (const d of [...new Set(dirs)]) {
    const hit = find(d);
    if (hit) return hit;
  }
  // A package of the project installed into the environment (`pip install -e src/backend`): the
  // module sits in a folder with its own pyproject.toml / setup.py, or in that folder's src/.
  const packages = new Set(
    facts.project.python
      .filter((p) => /(^|\/)(pyproject\.toml|setup\.py|setup\.cfg)$/.test(p.rel))
      .map((p) => dirOf(p.rel)),
  );
  for (const d of [...packages].sort(compareText)) {
    const hit = find(d) ?? find(joinRel(d, 'src'));
    if (hit) return hit;
  }
  return null;
}

export function launcherTargets(facts: Facts): Target[] {
  const out: Target[] = [];
  for (const run of facts.launchers ?? []) {
    const t = launcherTarget(facts, run);
    if (t) out.push(t);
  }
  return out;
}

/**
 * The folder of the package a script belongs to: the nearest folder at or above `dir` with a
 * package.json, up to `cwd` (where its commands run); else the script's own folder.
 */
function packageDir(facts: Facts, dir: string, cwd: string): string {
  const has = new Set(facts.files.map((f) => f.rel));
  for (let d = dir; ; d = dirOf(d)) {
    if (has.has(d ? `${d}/package.json` : 'package.json')) return d;
    if (d === '' || d === cwd) break;
  }
  return dir;
}
