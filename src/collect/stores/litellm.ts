/**
 * The LiteLLM proxy's config.yaml (`litellm --config config.yaml`): `model_list` entries whose
 * `litellm_params` give each model its key. `api_key: os.environ/OPENAI_API_KEY` makes the proxy read
 * that environment variable when it starts; a literal there is a key written into the file.
 * Any YAML file whose text has both `model_list` and `litellm_params` is read.
 */
import type { Reader } from './reader.js';
import type { StoreEntry } from './types.js';
import { readYamlDocs } from './formats.js';
import { baseOf } from '../../core/paths.js';

/** Files that start programs: a `litellm --config` in one says how the proxy is started. */
const STARTERS =
  /(^|\/)(Makefile|makefile|GNUmakefile|justfile|Justfile|Procfile|package\.json|[^/]+\.sh|Dockerfile[^/]*|(docker-)?compose[^/]*\.ya?ml)$/;

/** `os.environ/OPENAI_API_KEY`: LiteLLM's reference to an environment variable. */
export function litellmRef(value: string): StoreEntry['ref'] | undefined {
  const m = /^os\.environ\/([A-Za-z_][A-Za-z0-9_]*)$/.exec(value.trim());
  return m?.[1] ? { name: m[1] } : undefined;
}

export const litellmReader: Reader = {
  store: 'litellm',
  what: 'LiteLLM proxy config',
  match(rel) {
    if (
      !/\.ya?ml$/.test(rel) ||
      /(^|\/)(\.github|\.gitlab|\.circleci|charts?|helm|k8s|kubernetes|templates)\//.test(rel)
    )
      return undefined;
    if (/(^|\/)(docker-)?compose[^/]*$|(^|\/)\.?pre-commit|(^|\/)(mkdocs|codecov|dependabot)\.ya?ml$/.test(rel))
      return undefined;
    if (rel.split('/').length > 5 || !/(config|litellm|proxy|router|model)[^/]*$/i.test(rel)) return undefined;
    return { role: 'config', dir: rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '' };
  },
  extra(f, read, ctx) {
    const base = baseOf(f.path);
    for (const rel of ctx.all()) {
      if (!STARTERS.test(rel) || rel.split('/').length > 3) continue;
      const text = read(rel);
      if (text === undefined || !/\blitellm\b/.test(text) || !text.includes(base)) continue;
      const deployed = /(^|\/)(Dockerfile[^/]*|(docker-)?compose[^/]*\.ya?ml)$/.test(rel);
      (f.detail ??= {})[deployed ? 'deployedBy' : 'startedBy'] ??= rel;
    }
  },
  sniff: (text) => text.includes('model_list') && text.includes('litellm_params'),
  parse(text, shown, ctx) {
    const out: StoreEntry[] = [];
    for (const { leaves } of readYamlDocs(text, shown, ctx.notes)) {
      for (const l of leaves) {
        // model_list[i].litellm_params.X and model_list[i].model_name
        if (l.path[0] !== 'model_list' || !/^\[\d+\]$/.test(l.path[1] ?? '')) continue;
        const rest = l.path.slice(2);
        if (!(rest.length === 1 && rest[0] === 'model_name') && !(rest.length === 2 && rest[0] === 'litellm_params'))
          continue;
        const e: StoreEntry = {
          name: l.path.join('.').replace(/\.\[/g, '['),
          path: l.path,
          value: l.value,
          kind: 'litellm-config',
          location: { path: shown, ...(l.line ? { line: l.line } : {}) },
        };
        const r = litellmRef(l.value);
        if (r) e.ref = r;
        out.push(e);
      }
    }
    return out.length ? out : undefined;
  },
};
