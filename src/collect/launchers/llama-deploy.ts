/**
 * llama_deploy (`llamactl deploy deployment.yml`): its API server reads each service's `env-files:`
 * (dotenv files, relative to the deployment file's folder) and `env:` values into the environment,
 * replacing what is set, before it imports the workflow its `path:` names (`src/workflow:workflow`).
 * Source: run-llama/llama_deploy, apiserver/deployment_config_parser.py (`env-files`) and
 * apiserver/deployment.py (dotenv_values, then os.environ[k] = v, then the import).
 */
import type { Facts } from '../../core/facts.js';
import type { LauncherLayer, LauncherRun } from './types.js';
import { lineAt, listing, namedDotenv } from './common.js';
import { dataDocument, entryAt, envObjectAssignments, get, text } from './services.js';
import { dirOf, joinRel } from '../../core/paths.js';

/** Whether a YAML file looks like a llama_deploy deployment: services with a `source:` and a `path:` naming `file:object`. */
export function looksLikeLlamaDeploy(src: string): boolean {
  return /^services:/m.test(src) && /^\s+source:/m.test(src) && /^\s+path:\s*\S+:\S+/m.test(src);
}

export function llamaDeployRuns(facts: Facts, rel: string, src: string): LauncherRun[] {
  const doc = dataDocument(src);
  const services = get(doc, 'services');
  if (services?.kind !== 'object') return [];
  const dir = dirOf(rel);
  const listed = listing(facts).files;
  const out: LauncherRun[] = [];
  for (const s of services.entries) {
    const svc = s.value;
    const path = text(get(svc, 'path'));
    const spec = path?.split(':')[0];
    if (!spec) continue;
    const sourceName = text(get(get(svc, 'source'), 'name'));
    const asFile = spec.includes('/') ? spec : spec.replace(/\./g, '/');
    const file = [
      joinRel(dir, `${asFile}.py`),
      ...(sourceName ? [joinRel(dir, `${sourceName}/${asFile}.py`)] : []),
    ].find((f) => listed.has(f));
    if (!file) continue;
    const layers: LauncherLayer[] = [];
    const names: string[] = [];
    const files = get(svc, 'env-files') ?? get(svc, 'env_files');
    for (const x of files?.kind === 'array' ? files.items : []) {
      const t = text(x);
      const p = t ? namedDotenv(facts, joinRel(dir, t.replace(/^\.\//, ''))) : undefined;
      if (!p) continue;
      layers.push({
        source: p,
        loader: 'llamactl deploy (env-files)',
        mode: 'override',
        assignments: [],
        file: p,
        dialect: 'python',
      });
      names.push(p);
    }
    const vals = envObjectAssignments(get(svc, 'env'), src, rel, `${rel} "env" of ${s.key}`);
    if (vals.length) {
      layers.push({
        source: `${rel} (env of ${s.key})`,
        loader: 'llamactl deploy',
        mode: 'override',
        assignments: vals,
      });
      names.push(`the env values of ${rel}`);
    }
    out.push({
      kind: 'llama-deploy',
      id: `llama-deploy:${rel}:${s.key}`,
      label: `llamactl deploy ${rel}: service ${s.key} (${file})`,
      file: rel,
      line: lineAt(src, entryAt(services, s.key) ?? 0),
      layers,
      launch: {
        words: ['llamactl', 'deploy', rel],
        cwd: dirOf(file),
        program: 'llamactl',
        runtime: 'python',
        file: file.slice(dirOf(file) ? dirOf(file).length + 1 : 0),
        args: [],
        envFiles: [],
        wrappers: [],
        assigns: {},
      },
      loading: `llamactl deploy: the API server's environment, then ${names.length ? names.join(', ') : 'no env-files or env'} (each replaces what is set)`,
    });
  }
  return out;
}
