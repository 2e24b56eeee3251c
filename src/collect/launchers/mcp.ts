/**
 * MCP server configurations: each stdio server is a target started by the app that reads the file.
 * - Claude Desktop (`claude_desktop_config.json`, in the user's config folder or shipped in the
 *   project): a GUI app, started by launchd / the desktop session, never by a shell, so a key
 *   exported in `~/.zshrc` does not reach its servers; they get the `env` block and nothing is
 *   expanded in it.
 * - Claude Code (`.mcp.json`): started from a terminal; `${VAR}` and `${VAR:-default}` in `env`,
 *   `command` and `args` are expanded from its environment.
 * - Cursor (`.cursor/mcp.json`, `${env:VAR}`) and VS Code (`.vscode/mcp.json`, `servers`, `envFile`,
 *   `${env:VAR}`, `${input:...}` prompts): the editor's environment, then `envFile`, then `env`.
 * A server that is the project's own code is followed into it; another program (`npx -y pkg`,
 * `uvx pkg`, a Docker image) is a target only when its `env` sets an OpenAI variable (its value is
 * checked; whether it needs one is not known).
 */
import type { Facts } from '../../core/facts.js';
import type { Assignment } from '../../core/types.js';
import type { Launch } from '../launch/types.js';
import type { LauncherLayer, LauncherRun } from './types.js';
import { FOLLOWED, configAssignment, lineAt, namedDotenv, projectPath } from './common.js';
import { dataDocument, get, text, type Static } from './services.js';
import { parseCommandLine } from '../launch/parse.js';
import { dirOf, joinRel } from '../../core/paths.js';

export type McpClient = 'claude-desktop' | 'claude-code' | 'cursor' | 'vscode';

const CLIENT_NAME: Record<McpClient, string> = {
  'claude-desktop': 'Claude Desktop',
  'claude-code': 'Claude Code',
  cursor: 'Cursor',
  vscode: 'VS Code',
};

/** Which app reads an MCP configuration file (by its path). */
export function mcpClientOf(rel: string): McpClient | undefined {
  if (/(^|\/)claude_desktop_config\.json$/.test(rel)) return 'claude-desktop';
  if (/(^|\/)\.mcp\.json$/.test(rel)) return 'claude-code';
  if (/(^|\/)\.cursor\/mcp\.json$/.test(rel)) return 'cursor';
  if (/(^|\/)\.vscode\/mcp\.json$/.test(rel)) return 'vscode';
  return undefined;
}

const OPENAI_NAME = /^(OPENAI_API_KEY|AZURE_OPENAI_API_KEY|OPENAI_KEY|AZURE_OPENAI_KEY)$/;

/** A value as the client expands it: the text, whether it is only known when the app runs, and the variable it takes from the environment. */
function expand(
  client: McpClient,
  v: string,
  env: Record<string, string>,
): { value: string; dynamic: boolean; from?: string } {
  if (client === 'claude-desktop') return { value: v, dynamic: false };
  let dynamic = false;
  let from: string | undefined;
  const re = client === 'claude-code' ? /\$\{([A-Za-z_]\w*)(?::-([^}]*))?\}/g : /\$\{env:([A-Za-z_]\w*)\}/g;
  let value = v.replace(re, (_m, n: string, def?: string) => {
    from = n;
    if (Object.hasOwn(env, n)) return env[n] ?? '';
    if (def !== undefined) return def;
    dynamic = true;
    return '';
  });
  if (/\$\{input:[^}]*\}/.test(value)) {
    dynamic = true;
    value = '';
  }
  return { value, dynamic, ...(from ? { from } : {}) };
}

function serverEnv(
  client: McpClient,
  o: Static | undefined,
  src: string,
  rel: string,
  server: string,
  env: Record<string, string>,
): Assignment[] {
  if (o?.kind !== 'object') return [];
  const out: Assignment[] = [];
  for (const e of o.entries) {
    if (!/^[A-Za-z_]\w*$/.test(e.key) || e.value.kind !== 'value' || e.value.value === null) continue;
    const raw = String(e.value.value);
    const x = expand(client, raw, env);
    const how = x.from ? ` (\${${x.from}} from ${CLIENT_NAME[client]}'s environment)` : '';
    out.push(
      configAssignment(e.key, x.value, rel, lineAt(src, e.at), `${rel}, MCP server "${server}" env${how}`, {
        raw,
        ...(x.dynamic ? { dynamic: true } : {}),
      }),
    );
  }
  return out;
}

const q = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function mcpRuns(facts: Facts, rel: string, src: string, shown = rel): LauncherRun[] {
  const client = mcpClientOf(rel);
  if (!client) return [];
  const doc = dataDocument(src);
  const servers = get(doc, client === 'vscode' ? 'servers' : 'mcpServers') ?? get(doc, 'mcpServers');
  if (servers?.kind !== 'object') return [];
  const inProject = !rel.startsWith('~') && !rel.startsWith('/');
  const ws = inProject ? (client === 'cursor' || client === 'vscode' ? dirOf(dirOf(rel)) : dirOf(rel)) : '';
  const out: LauncherRun[] = [];
  for (const s of servers.entries) {
    const cfg = s.value;
    const name = s.key;
    const cmd = text(get(cfg, 'command'));
    if (!cmd || (text(get(cfg, 'type')) ?? 'stdio') !== 'stdio') continue;
    const argsV = get(cfg, 'args');
    const args = argsV?.kind === 'array' ? argsV.items.map(text).filter((x): x is string => x !== undefined) : [];
    const cwdRaw = text(get(cfg, 'cwd'));
    const wsSub = (p: string) => p.replace(/\$\{workspaceFolder\}/g, ws ? `/${ws}` : '.');
    const cwd = cwdRaw !== undefined ? (projectPath(facts, wsSub(cwdRaw), ws, 'dir') ?? ws) : ws;
    // the project's own files, even when the config names them by an absolute path on the user's machine
    const words = [cmd, ...args].map((w, i) => {
      const e = expand(client, wsSub(w), facts.env).value;
      if (i === 0 || !e.startsWith('/')) return e;
      const p = projectPath(facts, e, cwd);
      return p !== undefined ? joinRel('', p) : e;
    });
    // `uv --directory DIR run server.py` (the usual Claude Desktop entry): DIR is where it runs
    const dirFlag = words.findIndex((w, i) => (w === '--directory' || w === '--project') && i > 0);
    const runDir =
      dirFlag >= 0 && words[dirFlag + 1] ? (projectPath(facts, words[dirFlag + 1] as string, cwd, 'dir') ?? cwd) : cwd;
    if (dirFlag >= 0) words.splice(dirFlag, 2);
    const main = parseCommandLine(
      words
        .map((w) =>
          w.includes('/') && !w.startsWith('/') && runDir && w.startsWith(runDir + '/')
            ? w.slice(runDir.length + 1)
            : w,
        )
        .map(q)
        .join(' '),
      runDir,
    ).main;
    const own =
      main &&
      FOLLOWED.has(main.runtime ?? '') &&
      main.file !== undefined &&
      facts.files.some((f) => f.rel === joinRel(main.cwd, main.file as string));
    const env = serverEnv(client, get(cfg, 'env'), src, shown, name, facts.env);
    if (!own && (!inProject || !env.some((a) => OPENAI_NAME.test(a.name)))) continue;
    const layers: LauncherLayer[] = [];
    const ef = text(get(cfg, 'envFile'));
    let efText = '';
    if (client === 'vscode' && ef) {
      const p = namedDotenv(facts, projectPath(facts, wsSub(ef), ws));
      if (p) {
        layers.push({
          source: p,
          loader: `VS Code (envFile of MCP server "${name}")`,
          mode: 'override',
          assignments: [],
          file: p,
          dialect: 'python',
        });
        efText = `, then envFile ${p}`;
      }
    }
    if (env.length)
      layers.push({
        source: `${shown} (MCP server "${name}" env)`,
        loader: CLIENT_NAME[client],
        mode: 'override',
        assignments: env,
      });
    const launch: Launch =
      own && main
        ? main
        : {
            words,
            cwd,
            program: words[0] ?? '',
            runtime: 'node',
            args: words.slice(1),
            envFiles: [],
            wrappers: [],
            assigns: {},
          };
    const desktop = client === 'claude-desktop';
    out.push({
      kind: 'mcp',
      id: `mcp:${client}:${name}`,
      label: `MCP server "${name}" (${CLIENT_NAME[client]}, ${shown}: ${words.join(' ').slice(0, 50)})`,
      file: shown,
      line: lineAt(src, s.at),
      layers,
      launch,
      beside: true,
      ...(own ? {} : { foreign: true, keyVar: env.find((a) => OPENAI_NAME.test(a.name))?.name ?? 'OPENAI_API_KEY' }),
      ...(desktop
        ? {
            inherits: false,
            baseText:
              "Claude Desktop starts its servers without your shell's environment (a key exported in ~/.zshrc or ~/.bashrc does not reach them)",
          }
        : {}),
      loading: desktop
        ? `only the server's env block in ${shown} (nothing is expanded there)`
        : `${CLIENT_NAME[client]}'s environment${efText}, then the server's env block in ${shown}`,
    });
  }
  return out;
}

/** Claude Desktop's configuration in the user's home (macOS, Linux), shown with `~`. */
export const DESKTOP_CONFIGS = [
  'Library/Application Support/Claude/claude_desktop_config.json',
  '.config/Claude/claude_desktop_config.json',
];
