/**
 * IDE launch configurations, each a target of its own beside the app started from a terminal:
 * - VS Code `.vscode/launch.json` (JSONC): the IDE's environment (VS Code reads the login shell's),
 *   then `envFile`, then `env` (the debug configuration's values beat the file's; both beat the
 *   inherited environment: vscode-python-debugger merges `env` over `envFile` with overwrite, and
 *   js-debug applies `env` after `envFile`). The Python debugger reads `python.envFile` from
 *   `.vscode/settings.json` when the configuration names no `envFile`, by default
 *   `${workspaceFolder}/.env`; the Node debugger reads no file unless told.
 * - JetBrains run configurations (`.run/*.run.xml`, `.idea/runConfigurations/*.xml`): `<envs>`, over
 *   the IDE's environment unless `PARENT_ENVS` is false; the EnvFile plugin's entries apply in their
 *   order (`runconfig` is the configuration's own `<envs>`), later ones win.
 */
import type { Facts } from '../../core/facts.js';
import type { Assignment } from '../../core/types.js';
import type { LauncherLayer, LauncherRun } from './types.js';
import { commandLaunch, configAssignment, lineAt, namedDotenv } from './common.js';
import { dataDocument, get, text, type Static } from './services.js';
import { posix } from 'node:path';
import { azdEnvironment } from '../azd.js';
import { ensureEnvFile } from '../dotenv/collector.js';
import { baseOf, dirOf, joinRel } from '../../core/paths.js';

/** A project path as a command run in `cwd` names it. */
const relTo = (cwd: string, p: string): string => posix.relative(cwd || '.', p || '.') || '.';

/** The workspace folder of a `.vscode/` file: the folder that holds `.vscode`. */
function workspaceOf(rel: string): string {
  return dirOf(dirOf(rel));
}

/** `${workspaceFolder}/x` → a project path; undefined for what only the running IDE knows (`${file}`, `${input:...}`). */
function vsPath(p: string, ws: string, cwd?: string): string | undefined {
  const t = p.replace(/\$\{workspaceFolder(?::[^}]*)?\}|\$\{workspaceRoot\}/g, '@WS@');
  if (/\$\{/.test(t)) return undefined;
  if (t.startsWith('@WS@')) return joinRel(ws, t.slice(4).replace(/^[/\\]+/, ''));
  if (t.startsWith('/') || /^[A-Za-z]:[\\/]/.test(t)) return undefined;
  return joinRel(cwd ?? ws, t);
}

function vsEnv(
  o: Static | undefined,
  src: string,
  rel: string,
  name: string,
  env: Record<string, string>,
): Assignment[] {
  if (o?.kind !== 'object') return [];
  const out: Assignment[] = [];
  for (const e of o.entries) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(e.key) || e.value.kind !== 'value' || e.value.value === null) continue;
    const v = String(e.value.value);
    const line = lineAt(src, e.at);
    const ref = /^\$\{env:([A-Za-z_]\w*)\}$/.exec(v);
    if (ref?.[1] !== undefined) {
      if (ref[1] === e.key) continue; // `${env:OPENAI_API_KEY}`: the IDE's own value, nothing new
      out.push(
        configAssignment(e.key, env[ref[1]] ?? '', rel, line, `${rel}, "${name}" env (\${env:${ref[1]}})`, {
          kind: 'ide',
          ...(env[ref[1]] === undefined ? { dynamic: true } : {}),
        }),
      );
      continue;
    }
    out.push(
      configAssignment(e.key, v, rel, line, `${rel}, "${name}" env`, {
        kind: 'ide',
        ...(/\$\{/.test(v) ? { dynamic: true } : {}),
      }),
    );
  }
  return out;
}

const PY_TYPES = new Set(['python', 'debugpy']);
const NODE_TYPES = new Set(['node', 'pwa-node', 'node-terminal', 'bun']);
const q = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** `python.envFile` of the workspace's `.vscode/settings.json`, when it sets one. */
function pythonEnvFile(
  facts: Facts,
  ws: string,
  read: (rel: string) => string | undefined,
): { path: string; line: number; file: string } | undefined {
  const rel = joinRel(ws, '.vscode/settings.json');
  if (!facts.files.some((f) => f.rel === rel)) return undefined;
  const src = read(rel);
  if (src === undefined) return undefined;
  const doc = dataDocument(src);
  const v = text(get(doc, 'python.envFile'));
  if (v === undefined) return undefined;
  const at = doc?.kind === 'object' ? (doc.entries.find((e) => e.key === 'python.envFile')?.at ?? 0) : 0;
  return { path: v, line: lineAt(src, at), file: rel };
}

export function vscodeRuns(
  facts: Facts,
  rel: string,
  src: string,
  read: (rel: string) => string | undefined,
): LauncherRun[] {
  const doc = dataDocument(src);
  const configs = get(doc, 'configurations');
  if (configs?.kind !== 'array') return [];
  // `"envFile": "${input:dotEnvFilePath}"` with that input the Azure Developer CLI extension's command
  // (azure-dev.commands.getDotEnvFilePath): the current azd environment's .env
  const inputsV = get(doc, 'inputs');
  const inputFile = new Map<string, string>();
  if (inputsV?.kind === 'array')
    for (const i of inputsV.items) {
      const id = text(get(i, 'id'));
      if (id && text(get(i, 'command')) === 'azure-dev.commands.getDotEnvFilePath') {
        const envName = azdEnvironment(facts);
        if (envName) inputFile.set(id, `\${workspaceFolder}/.azure/${envName}/.env`);
      }
    }
  const resolveInput = (p: string): string => {
    const m = /^\$\{input:([\w.-]+)\}$/.exec(p.trim());
    return (m?.[1] !== undefined ? inputFile.get(m[1]) : undefined) ?? p;
  };
  const ws = workspaceOf(rel);
  const out: LauncherRun[] = [];
  const settings = pythonEnvFile(facts, ws, read);
  for (const c of configs.items) {
    const type = text(get(c, 'type')) ?? '';
    const py = PY_TYPES.has(type);
    if (!py && !NODE_TYPES.has(type)) continue;
    if ((text(get(c, 'request')) ?? 'launch') !== 'launch') continue;
    const name = text(get(c, 'name')) ?? type;
    const cwdRaw = text(get(c, 'cwd'));
    const cwd = cwdRaw !== undefined ? (vsPath(cwdRaw, ws) ?? ws) : ws;
    const argsV = get(c, 'args');
    const args =
      argsV?.kind === 'array'
        ? argsV.items
            .map(text)
            .filter((x): x is string => x !== undefined && !/\$\{/.test(x))
            .map(q)
            .join(' ')
        : '';
    const program = text(get(c, 'program'));
    const mod = text(get(c, 'module'));
    let command: string | undefined;
    if (py) {
      if (mod) command = `python -m ${q(mod)} ${args}`;
      else if (program) {
        const p = vsPath(program, ws, cwd);
        if (p !== undefined) command = `python ${q(relTo(cwd, p))} ${args}`;
      }
    } else {
      const rt = text(get(c, 'runtimeExecutable'));
      const rtArgsV = get(c, 'runtimeArgs');
      const rtArgs =
        rtArgsV?.kind === 'array'
          ? rtArgsV.items
              .map(text)
              .filter((x): x is string => x !== undefined)
              .map(q)
              .join(' ')
          : '';
      const cmd = text(get(c, 'command'));
      if (type === 'node-terminal' && cmd) command = cmd;
      else if (rt && /^(npm|yarn|pnpm|bun|npx|tsx|ts-node|nodemon|deno)$/.test(baseOf(rt)))
        command = `${baseOf(rt)} ${rtArgs} ${program ? q(relTo(cwd, vsPath(program, ws, cwd) ?? program)) : ''} ${args}`;
      else if (program) {
        const p = vsPath(program, ws, cwd);
        if (p !== undefined) command = `${type === 'bun' ? 'bun' : 'node'} ${q(relTo(cwd, p))} ${args}`;
      }
    }
    if (!command) continue;
    const launch = commandLaunch(facts, command, cwd);
    if (!launch) continue;
    const layers: LauncherLayer[] = [];
    const efV = get(c, 'envFile');
    const line = lineAt(src, c.at);
    let envFileText = '';
    const efList: Array<{ path: string; how: string }> = [];
    if (efV?.kind === 'array')
      for (const x of efV.items) {
        const t = text(x);
        if (t) efList.push({ path: t, how: `"envFile" of "${name}"` });
      }
    else if (text(efV)) efList.push({ path: text(efV) as string, how: `"envFile" of "${name}"` });
    else if (py)
      efList.push(
        settings
          ? { path: settings.path, how: `python.envFile (${settings.file}:${settings.line})` }
          : { path: '${workspaceFolder}/.env', how: "the Python debugger's default envFile" },
      );
    for (const ef of efList) {
      const p = vsPath(resolveInput(ef.path), ws, cwd);
      // the azd environment's file lives in a folder git ignores (.azure/): read from disk, not the listing
      const azd = p !== undefined && p !== ef.path && /(^|\/)\.azure\/[\w.-]+\/\.env$/.test(p);
      const prel =
        azd && p !== undefined
          ? ensureEnvFile(facts, p, { role: 'loaded' }).exists
            ? p
            : undefined
          : namedDotenv(facts, p);
      if (prel) {
        layers.push({
          source: prel,
          loader: `VS Code (${ef.how})`,
          mode: 'override',
          assignments: [],
          file: prel,
          dialect: 'python',
        });
        envFileText += `${envFileText ? ', ' : ''}${prel}`;
      }
    }
    const env = vsEnv(get(c, 'env'), src, rel, name, facts.env);
    if (env.length)
      layers.push({ source: `${rel} ("${name}" env)`, loader: 'VS Code', mode: 'override', assignments: env });
    out.push({
      kind: 'ide',
      id: `vscode:${ws ? ws + ':' : ''}${name}`,
      label: `VS Code: ${name} (${rel}: ${launch.words.join(' ').slice(0, 50)})`,
      file: rel,
      line,
      layers,
      launch,
      beside: true,
      loading: `VS Code's environment, then ${envFileText ? `envFile ${envFileText}, then ` : ''}the configuration's env (each replaces what came before)`,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// JetBrains

const decode = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#10;/g, '\n')
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, '&');

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w.-]+)="([^"]*)"/g)) if (m[1]) out[m[1]] = decode(m[2] ?? '');
  return out;
}

function jbPath(p: string, dir: string): string | undefined {
  const t = p.replace(/\$PROJECT_DIR\$|\$ProjectFileDir\$/g, '@P@');
  if (/\$[A-Za-z_]+\$/.test(t)) return undefined;
  if (t.startsWith('@P@')) return joinRel('', t.slice(3).replace(/^\/+/, ''));
  if (t.startsWith('/')) return undefined;
  return joinRel(dir, t);
}

export function jetbrainsRuns(facts: Facts, rel: string, src: string): LauncherRun[] {
  const out: LauncherRun[] = [];
  for (const m of src.matchAll(/<configuration\b([^>]*)>([\s\S]*?)<\/configuration>/g)) {
    const a = attrs(m[1] ?? '');
    const body = m[2] ?? '';
    const bodyAt = (m.index ?? 0) + (m[0].length - body.length - '</configuration>'.length);
    const type = a.type ?? '';
    const opt = (n: string): string | undefined => {
      const o = new RegExp(`<option name="${n}" value="([^"]*)"`).exec(body);
      return o ? decode(o[1] ?? '') : undefined;
    };
    const name = a.name ?? baseOf(rel);
    let command: string | undefined;
    const wd = jbPath(opt('WORKING_DIRECTORY') ?? a['working-dir'] ?? '$PROJECT_DIR$', '') ?? '';
    if (/Python/.test(type)) {
      const script = opt('SCRIPT_NAME');
      const moduleMode = opt('MODULE_MODE') === 'true';
      const params = opt('PARAMETERS') ?? '';
      if (moduleMode && script) command = `python -m ${script} ${params}`;
      else if (script) {
        const p = jbPath(script, wd);
        if (p !== undefined) command = `python ${q(relTo(wd, p))} ${params}`;
      }
    } else if (/NodeJS/.test(type)) {
      const file = a['path-to-js-file'];
      if (file) {
        const p = jbPath(file, wd);
        if (p !== undefined) command = `node ${q(relTo(wd, p))} ${a['application-parameters'] ?? ''}`;
      }
    } else if (/js\.build_tools\.npm/.test(type)) {
      const script = /<scripts>\s*<script value="([^"]*)"/.exec(body)?.[1];
      const pkg = /<package-json value="([^"]*)"/.exec(body)?.[1];
      const dir = pkg ? dirOf(jbPath(pkg, '') ?? '') : '';
      if (script) return pushNpm(facts, out, rel, name, `npm run ${script}`, dir, body, bodyAt, src);
    }
    if (!command) continue;
    const launch = commandLaunch(facts, command, wd);
    if (!launch) continue;
    out.push(
      jbRun(facts, rel, name, launch, body, bodyAt, src, opt('PARENT_ENVS') !== 'false', lineAt(src, m.index ?? 0)),
    );
  }
  return out;
}

function pushNpm(
  facts: Facts,
  out: LauncherRun[],
  rel: string,
  name: string,
  command: string,
  dir: string,
  body: string,
  bodyAt: number,
  src: string,
): LauncherRun[] {
  const launch = commandLaunch(facts, command, dir);
  if (launch) out.push(jbRun(facts, rel, name, launch, body, bodyAt, src, true, lineAt(src, bodyAt)));
  return out;
}

function jbRun(
  facts: Facts,
  rel: string,
  name: string,
  launch: NonNullable<ReturnType<typeof commandLaunch>>,
  body: string,
  bodyAt: number,
  src: string,
  parent: boolean,
  line: number,
): LauncherRun {
  const envs: Assignment[] = [];
  for (const e of body.matchAll(/<env\s+([^>]*?)\/?>/g)) {
    const ea = attrs(e[1] ?? '');
    if (!ea.name || ea.value === undefined || !/^[A-Za-z_]\w*$/.test(ea.name)) continue;
    envs.push(
      configAssignment(
        ea.name,
        ea.value,
        rel,
        lineAt(src, bodyAt + (e.index ?? 0)),
        `${rel}, run configuration "${name}"`,
        { kind: 'ide', ...(/\$[A-Za-z_]+\$/.test(ea.value) ? { dynamic: true } : {}) },
      ),
    );
  }
  const ownLayer: LauncherLayer | undefined = envs.length
    ? {
        source: `${rel} (run configuration "${name}" environment variables)`,
        loader: 'the IDE',
        mode: 'override',
        assignments: envs,
      }
    : undefined;
  const layers: LauncherLayer[] = [];
  const files: string[] = [];
  // EnvFile plugin: entries in order, later ones win; `runconfig` is where the configuration's own envs go
  const plugin = /<EXTENSION ID="net\.ashald\.envfile">([\s\S]*?)<\/EXTENSION>/.exec(body);
  const enabled = plugin && /<option name="IS_ENABLED" value="true"/.test(plugin[1] ?? '');
  let placed = false;
  if (enabled) {
    for (const en of (plugin[1] ?? '').matchAll(/<ENTRY\s+([^>]*?)\/?>/g)) {
      const ea = attrs(en[1] ?? '');
      if (ea.IS_ENABLED === 'false') continue;
      if (ea.PARSER === 'runconfig') {
        if (ownLayer) layers.push(ownLayer);
        placed = true;
        continue;
      }
      if (!ea.PATH) continue;
      const p = namedDotenv(facts, jbPath(ea.PATH, launch.cwd));
      if (p) {
        layers.push({
          source: p,
          loader: `the EnvFile plugin (${rel})`,
          mode: 'override',
          assignments: [],
          file: p,
          dialect: 'python',
        });
        files.push(p);
      }
    }
  }
  // the IDE's own "Paths to .env files" (ENV_FILES): read before the configuration's variables
  const native = /<option name="ENV_FILES" value="([^"]*)"/.exec(body)?.[1];
  if (native)
    for (const f of decode(native).split(/[;,]/)) {
      const p = namedDotenv(facts, jbPath(f.trim(), launch.cwd));
      if (p) {
        layers.push({
          source: p,
          loader: `the run configuration's .env files (${rel})`,
          mode: 'override',
          assignments: [],
          file: p,
          dialect: 'python',
        });
        files.push(p);
      }
    }
  if (!placed && ownLayer) layers.push(ownLayer);
  return {
    kind: 'ide',
    id: `jetbrains:${name}`,
    label: `JetBrains run configuration "${name}" (${rel}: ${launch.words.join(' ').slice(0, 50)})`,
    file: rel,
    line,
    layers,
    launch,
    beside: true,
    ...(parent
      ? {}
      : { inherits: false, baseText: "the run configuration does not pass the IDE's environment (PARENT_ENVS false)" }),
    loading: `the IDE's environment${parent ? '' : ' (not passed: PARENT_ENVS false)'}, then ${files.length ? `${files.join(', ')} and ` : ''}the configuration's environment variables`,
  };
}
