/**
 * LangGraph (`langgraph.json`): `langgraph dev` serves the graphs it names (`"graphs": { "agent":
 * "./src/agent/graph.py:graph" }`, or a `.ts` / `.js` file for LangGraph.js) from the shell it is
 * started in, and puts its `"env"` into their environment first: a path to a dotenv file, read with
 * python-dotenv and replacing what the shell has, or an object of values. Deployed (LangGraph Platform,
 * `langgraph up`), the values come from the deployment, which keydoctor cannot see.
 * Source: docs.langchain.com LangGraph CLI reference, configuration file (`graphs`, `env`).
 */
import type { Facts } from '../../core/facts.js';
import type { LauncherLayer, LauncherRun } from './types.js';
import { lineAt, namedDotenv } from './common.js';
import { dataDocument, entryAt, envObjectAssignments, get, text } from './services.js';
import { dirOf, joinRel } from '../../core/paths.js';

export function langgraphRuns(facts: Facts, rel: string, src: string): LauncherRun[] {
  const doc = dataDocument(src);
  const graphs = get(doc, 'graphs');
  if (graphs?.kind !== 'object') return [];
  const dir = dirOf(rel);
  const layers: LauncherLayer[] = [];
  const env = get(doc, 'env');
  let envText = 'no "env"';
  const envPath = text(env);
  if (envPath !== undefined) {
    const p = namedDotenv(facts, joinRel(dir, envPath.replace(/^\.\//, '')));
    if (p)
      layers.push({
        source: p,
        loader: 'langgraph dev ("env" of langgraph.json)',
        mode: 'override',
        assignments: [],
        file: p,
        dialect: 'python',
      });
    envText = p ? `${p} ("env" of ${rel}; its values replace the shell's)` : `"env": "${envPath}" (not found)`;
  } else if (env?.kind === 'object') {
    const vals = envObjectAssignments(env, src, rel, `${rel} "env"`);
    if (vals.length)
      layers.push({ source: `${rel} ("env")`, loader: 'langgraph dev', mode: 'override', assignments: vals });
    envText = `the "env" values of ${rel}`;
  }
  const out: LauncherRun[] = [];
  for (const g of graphs.entries) {
    const spec = text(g.value);
    const file = spec?.split(':')[0]?.replace(/^\.\//, '');
    if (!file) continue;
    const py = /\.py$/.test(file);
    if (!py && !/\.[cm]?[jt]sx?$/.test(file)) continue;
    out.push({
      kind: 'langgraph',
      id: `langgraph:${dir ? dir + ':' : ''}${g.key}`,
      label: `langgraph dev: graph ${g.key} (${joinRel(dir, file)}; ${rel})`,
      file: rel,
      line: lineAt(src, entryAt(graphs, g.key) ?? 0),
      layers,
      launch: {
        words: ['langgraph', 'dev'],
        cwd: dir,
        program: 'langgraph',
        runtime: py ? 'python' : 'node',
        file,
        args: [],
        envFiles: [],
        wrappers: [],
        assigns: {},
      },
      loading: `langgraph dev: the shell's environment, then ${envText}; deployed, the deployment's own values`,
    });
  }
  return out;
}
