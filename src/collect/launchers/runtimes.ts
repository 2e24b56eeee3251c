/**
 * Runtime configuration files that change what loads the environment:
 * - `bunfig.toml` `env = false`: Bun loads no `.env` file by itself (only `--env-file`).
 * - `deno.json` / `deno.jsonc` `tasks`: `deno task NAME` runs the task's command; Deno loads no
 *   `.env` by itself, only `--env-file[=F]` (the environment wins over the file).
 * - wrangler (`wrangler.toml` / `wrangler.json` / `wrangler.jsonc`): `wrangler dev` gives the Worker
 *   the config's `[vars]`, then `.dev.vars.<env>` (alone, when it exists) or `.dev.vars`, or, with
 *   neither, the `.env` files (`.env.<env>.local`, `.env.local`, `.env.<env>`, `.env`, the most
 *   specific winning); not the shell's environment. Deployed, secrets come from `wrangler secret put`.
 */
import type { Facts } from '../../core/facts.js';
import type { Assignment } from '../../core/types.js';
import type { LauncherLayer, LauncherRun } from './types.js';
import { lazyToml } from '../../core/lazy.js';
import { launchesOf } from '../launch/collector.js';
import { parseCommandLine } from '../launch/parse.js';
import { configAssignment, lineAt, namedDotenv } from './common.js';
import { dataDocument, get, text } from './services.js';
import { dirOf, joinRel } from '../../core/paths.js';

/** Whether a bunfig.toml turns Bun's own .env loading off (`env = false`). */
export function bunfigEnvOff(src: string): boolean {
  try {
    const t = lazyToml().parse(src) as Record<string, unknown>;
    return t.env === false;
  } catch {
    return /^\s*env\s*=\s*false\s*(#.*)?$/m.test(src);
  }
}

export function denoTaskRuns(facts: Facts, rel: string, src: string): LauncherRun[] {
  const doc = dataDocument(src);
  const tasks = get(doc, 'tasks');
  if (tasks?.kind !== 'object') return [];
  const dir = dirOf(rel);
  const out: LauncherRun[] = [];
  for (const t of tasks.entries) {
    const cmd = t.value.kind === 'object' ? text(get(t.value, 'command')) : text(t.value);
    if (!cmd) continue;
    const main = parseCommandLine(cmd, dir).main;
    if (!main || main.runtime !== 'deno' || !main.file || (main.sub && !['run', 'serve'].includes(main.sub))) continue;
    out.push({
      kind: 'deno-task',
      id: `deno:${dir ? dir + ':' : ''}${t.key}`,
      label: `deno task ${t.key} (${cmd.slice(0, 60)}; ${rel})`,
      file: rel,
      line: lineAt(src, t.at),
      layers: [],
      launch: main,
      loading: main.envFiles.length ? `deno task ${t.key}` : 'Deno loads no .env file by itself (no --env-file)',
    });
  }
  return out;
}

/** `[vars]` / `[env.NAME.vars]` of a wrangler.toml, with lines. */
function tomlVars(src: string, rel: string, env: string | undefined): Assignment[] {
  const out: Assignment[] = [];
  const want = env ? `env.${env}.vars` : 'vars';
  let table = '';
  src.split('\n').forEach((raw, i) => {
    const l = raw.replace(/\r$/, '');
    const h = /^\s*\[([^\]]+)\]\s*(#.*)?$/.exec(l);
    if (h?.[1]) {
      table = h[1].trim().replace(/\s+/g, '');
      return;
    }
    if (table !== want) return;
    const m = /^\s*([A-Za-z_][\w-]*)\s*=\s*(.+?)\s*(#.*)?$/.exec(l);
    if (!m?.[1]) return;
    let v = m[2] ?? '';
    try {
      v = String((lazyToml().parse(`x = ${v}`) as { x: unknown }).x);
    } catch {
      /* kept as written */
    }
    out.push(configAssignment(m[1], v, rel, i + 1, `${rel} [${want}]`));
  });
  return out;
}

export function wranglerRuns(facts: Facts, rel: string, src: string): LauncherRun[] {
  const dir = dirOf(rel);
  const modes = new Set<string | undefined>();
  for (const f of launchesOf(facts))
    for (const s of f.segments)
      if (s.framework === 'wrangler' && (s.sub === 'dev' || s.sub === undefined) && s.cwd === dir) modes.add(s.mode);
  if (modes.size === 0) modes.add(undefined);
  const out: LauncherRun[] = [];
  for (const mode of modes) {
    let vars: Assignment[] = [];
    if (rel.endsWith('.toml')) vars = tomlVars(src, rel, mode);
    else {
      const doc = dataDocument(src);
      const block = mode ? get(get(get(doc, 'env'), mode), 'vars') : get(doc, 'vars');
      if (block?.kind === 'object')
        for (const e of block.entries)
          if (e.value.kind === 'value' && e.value.value !== null)
            vars.push(configAssignment(e.key, String(e.value.value), rel, lineAt(src, e.at), `${rel} vars`));
    }
    const layers: LauncherLayer[] = [];
    if (vars.length) layers.push({ source: `${rel} (vars)`, loader: 'wrangler', mode: 'override', assignments: vars });
    const has = (f: string) => facts.files.some((x) => x.rel === joinRel(dir, f));
    const devVars = mode && has(`.dev.vars.${mode}`) ? `.dev.vars.${mode}` : has('.dev.vars') ? '.dev.vars' : undefined;
    let files: string[];
    if (devVars) {
      files = [devVars];
      const p = namedDotenv(facts, joinRel(dir, devVars));
      if (p)
        layers.push({
          source: p,
          loader: 'wrangler dev',
          mode: 'override',
          assignments: [],
          file: p,
          dialect: 'dotenv',
        });
      for (const f of ['.env', '.env.local', ...(mode ? [`.env.${mode}`, `.env.${mode}.local`] : [])]) {
        const q = joinRel(dir, f);
        if (has(f) && namedDotenv(facts, q))
          layers.push({
            source: q,
            loader: 'wrangler dev',
            mode: 'override',
            assignments: [],
            file: q,
            dialect: 'dotenv',
            loaded: false,
            reason: `wrangler dev reads ${joinRel(dir, devVars)} and then no .env file (use one or the other)`,
          });
      }
    } else {
      files = ['.env', ...(mode ? [`.env.${mode}`] : []), '.env.local', ...(mode ? [`.env.${mode}.local`] : [])].filter(
        has,
      );
      for (const f of files) {
        const p = namedDotenv(facts, joinRel(dir, f));
        if (p)
          layers.push({
            source: p,
            loader: 'wrangler dev',
            mode: 'override',
            assignments: [],
            file: p,
            dialect: 'dotenv',
          });
      }
    }
    const sets = (re: RegExp) =>
      vars.some((a) => re.test(a.name)) ||
      layers.some(
        (l) =>
          l.file && facts.envFiles.find((e) => e.relPath === l.file)?.byDialect.dotenv?.some((a) => re.test(a.name)),
      );
    // a Worker reads env.X from its bindings: a target only where the project gives it an OpenAI key somewhere
    const KEY = /^(OPENAI_API_KEY|AZURE_OPENAI_API_KEY)$/;
    if (!sets(KEY)) continue;
    const keyVar = sets(/^OPENAI_API_KEY$/) ? 'OPENAI_API_KEY' : 'AZURE_OPENAI_API_KEY';
    out.push({
      kind: 'wrangler',
      id: `wrangler:${dir ? dir + ':' : ''}dev${mode ? ':' + mode : ''}`,
      label: `wrangler dev${mode ? ` --env ${mode}` : ''} (${rel}; the Worker's env bindings)`,
      file: rel,
      line: 1,
      layers,
      launch: {
        words: ['wrangler', 'dev'],
        cwd: dir,
        program: 'wrangler',
        runtime: 'node',
        args: [],
        envFiles: [],
        wrappers: [],
        assigns: {},
      },
      inherits: false,
      baseText: "wrangler dev does not hand the shell's environment to the Worker",
      foreign: true,
      keyVar,
      loading: `the config's vars, then ${devVars ? `${joinRel(dir, devVars)} (no .env file when a .dev.vars file exists)` : files.length ? files.map((f) => joinRel(dir, f)).join(', ') + ' (the most specific wins)' : 'no .dev.vars or .env file'}; deployed, secrets come from \`wrangler secret put ${keyVar}\`, which keydoctor cannot see`,
    });
  }
  return out;
}
