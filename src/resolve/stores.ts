/**
 * Framework key stores as load steps (the files come from src/collect/stores): which store files a
 * target reads, in the framework's own order, and the names they give values to.
 *
 * Streamlit (`streamlit run app.py`): `~/.streamlit/secrets.toml`, then `.streamlit/secrets.toml`
 * in the working folder, then the one next to the main script; a later file wins key by key. `st.secrets["X"]` (and
 * `st.secrets["openai"]["api_key"]`, `st.secrets.openai.api_key`) reads only these files; at start
 * Streamlit also sets every root-level string or number as an environment variable, replacing one
 * the shell already has (`os.environ[k] = str(v)`), so `OpenAI()` and `os.getenv` see it too and a
 * later `load_dotenv()` (no override) cannot replace it.
 */
import type { Facts } from '../core/facts.js';
import type { Assignment } from '../core/types.js';
import type { ClientConstruction } from '../code/types.js';
import { environmentAssignments } from './sources.js';
import type { LoadStep } from './engine.js';
import type { StoreEntry, StoreFile } from '../collect/stores/types.js';
import { dirOf, joinRel } from '../core/paths.js';
import { isOpenAIKeyPath } from './store-keys.js';

export { isOpenAIKeyPath, storeFixText } from './store-keys.js';

/** Assignment kinds of store entries (for fixes and wording). */
export const STORE_KINDS = new Set([
  'streamlit-secrets',
  'appsettings',
  'dotnet-user-secrets',
  'spring-config',
  'litellm-config',
  'dynaconf',
  'decouple',
  'pydantic-secrets',
]);

export function isStoreAssignment(a: Assignment): boolean {
  return STORE_KINDS.has(a.kind);
}

/** The name a target's vars use for a value read through `st.secrets`: `st.secrets["openai"]["api_key"]`. */
export function streamlitVar(path: string[]): string {
  return 'st.secrets' + path.map((p) => `[${JSON.stringify(p)}]`).join('');
}

export function storeFiles(facts: Facts, store: StoreFile['store']): StoreFile[] {
  return (facts.stores ?? []).filter((s) => s.store === store);
}

/**
 * The secrets files a Streamlit app reads, first to last (a later file wins key by key, Streamlit
 * 1.64 `config.get_config_files`): `~/.streamlit/secrets.toml`, `.streamlit/secrets.toml` in the
 * working folder, then `.streamlit/secrets.toml` next to the main script.
 */
function streamlitFiles(facts: Facts, cwd: string, entry: string | undefined): StoreFile[] {
  const files = storeFiles(facts, 'streamlit');
  const at = (dir: string) =>
    files.find((s) => s.role === 'project' && s.path === joinRel(dir, '.streamlit/secrets.toml'));
  const out = [files.find((s) => s.role === 'global'), at(cwd), entry !== undefined ? at(dirOf(entry)) : undefined];
  return out.filter((f, i): f is StoreFile => f !== undefined && out.indexOf(f) === i);
}

export interface StoreSteps {
  steps: LoadStep[];
  /** How the target reads them, in words (for the target's loading line), when it reads any. */
  text?: string;
}

/**
 * The steps of a Streamlit app: its secrets files as the environment Streamlit sets (root-level
 * values, replacing the shell's; to go right after the inherited environment) and as `st.secrets`.
 */
export function streamlitSteps(facts: Facts, cwd: string, entry: string | undefined): StoreSteps {
  const files = streamlitFiles(facts, cwd, entry);
  if (files.length === 0) return { steps: [] };
  const steps: LoadStep[] = [];
  for (const f of files) {
    const exported: Assignment[] = f.entries
      .filter((e) => e.path.length === 1 && e.detail !== 'boolean')
      .map((e) => ({ ...e, detail: 'root-level secret Streamlit sets as an environment variable' }));
    steps.push({
      source: f.path,
      loader: 'Streamlit (root-level secrets become environment variables)',
      mode: 'override',
      assignments: exported,
      environment: true,
    });
  }
  for (const f of files) {
    const viaSecrets: Assignment[] = f.entries.map((e: StoreEntry) => ({ ...e, name: streamlitVar(e.path) }));
    steps.push({ source: f.path, loader: 'st.secrets', mode: 'files-override', assignments: viaSecrets });
  }
  return {
    steps,
    text: `${files
      .map((f) => f.path)
      .reverse()
      .join(' over ')} via Streamlit (st.secrets; root-level values replace the environment's)`,
  };
}

/** Whether the project's key stores hold an OpenAI key setting (or a LiteLLM proxy config): the project uses an LLM API. */
export function storesUseLLM(facts: Facts): boolean {
  return (facts.stores ?? []).some(
    (s) =>
      s.store === 'litellm' ||
      s.entries.some((e) => isOpenAIKeyPath(e.path.length > 1 ? e.path : e.name.split(/[.:]/))),
  );
}

/**
 * pydantic-settings `secrets_dir` (src/collect/stores/pydantic.ts) for a target that reaches the
 * settings class: after the environment and the env_file files, which both beat it
 * (init > env > dotenv > secrets in pydantic-settings' default sources).
 */
export function pydanticSecretsSteps(facts: Facts, files: Set<string> | undefined): StoreSteps {
  const dirs = storeFiles(facts, 'pydantic-secrets').filter(
    (f) => !files || (f.detail?.declaredIn ?? '').split('\n').some((d) => files.has(d)),
  );
  if (dirs.length === 0) return { steps: [] };
  const steps: LoadStep[] = dirs.map((f) => ({
    source: `secrets_dir ${f.path}`,
    loader: 'pydantic-settings secrets_dir',
    mode: 'if-unset',
    assignments: f.entries,
  }));
  return {
    steps,
    text: `${dirs.map((f) => f.path).join(', ')} via pydantic-settings secrets_dir (a file per field; the environment and env_file win)`,
  };
}

/**
 * python-decouple for a target whose modules call `config("X")`: the first `settings.ini` or `.env`
 * from each calling module's folder up, below the environment (decouple never overrides it). Values
 * reach only `config()`, not `os.environ`.
 */
export function decoupleSteps(facts: Facts, readers: string[]): StoreSteps {
  const files = storeFiles(facts, 'decouple');
  if (files.length === 0 || readers.length === 0) return { steps: [] };
  const found: StoreFile[] = [];
  for (const file of readers) {
    let d = dirOf(file);
    for (;;) {
      const hit =
        files.find((f) => f.path === joinRel(d, 'settings.ini')) ?? files.find((f) => f.path === joinRel(d, '.env'));
      if (hit) {
        if (!found.includes(hit)) found.push(hit);
        break;
      }
      if (d === '') break;
      d = dirOf(d);
    }
  }
  if (found.length === 0) return { steps: [] };
  const steps: LoadStep[] = found.map((f) => ({
    source: f.path,
    loader: 'python-decouple config()',
    mode: 'if-unset',
    // settings.ini keys are looked up lower-cased: give them the name config() asks for
    assignments:
      f.role === 'settings.ini' ? f.entries.flatMap((e) => [e, { ...e, name: e.name.toUpperCase() }]) : f.entries,
    ...(f.role === '.env' ? { file: f.path } : {}),
  }));
  return {
    steps,
    text: `${found.map((f) => f.path).join(', ')} via python-decouple config() (the environment wins; not put into os.environ)`,
  };
}

/** The name a target's vars give a dynaconf setting: `settings.OPENAI_API_KEY`. */
export function dynaconfVar(name: string): string {
  return `settings.${name.toUpperCase()}`;
}

/**
 * dynaconf for the clients that read a setting (`api_key=settings.OPENAI_API_KEY`): the object's
 * settings files in order (a later file wins; with `environments=True` the `[default]` table, then the
 * current environment's, `ENV_FOR_DYNACONF` or development), and `DYNACONF_OPENAI_API_KEY` (the
 * object's prefix) in the environment over all of them. Names are case-insensitive in dynaconf.
 */
export function dynaconfSteps(facts: Facts, clients: ClientConstruction[], cwd: string): StoreSteps {
  const files = storeFiles(facts, 'dynaconf');
  const steps: LoadStep[] = [];
  const texts: string[] = [];
  const done = new Set<string>();
  for (const c of clients) {
    const k = c.options.apiKey;
    if (k?.kind !== 'store' || k.store !== 'dynaconf') continue;
    const d = k.dynaconf;
    const key = `${d.file}:${d.name}`;
    if (done.has(key)) continue;
    done.add(key);
    const envName = (facts.env[d.envSwitcher ?? 'ENV_FOR_DYNACONF'] ?? 'development').toLowerCase();
    if (d.prefix !== false) {
      const pre = `${d.prefix}_`;
      const fromEnv = environmentAssignments(facts)
        .filter((a) => a.name.toUpperCase().startsWith(pre.toUpperCase()))
        .map((a) => ({
          ...a,
          name: dynaconfVar(a.name.slice(pre.length)),
          detail: `${a.name} in the environment (dynaconf's ${pre} prefix)${a.detail ? `; ${a.detail}` : ''}`,
        }));
      if (fromEnv.length)
        steps.push({
          source: 'the shell environment',
          loader: `dynaconf (${pre}* variables beat the files)`,
          mode: 'base',
          assignments: fromEnv,
        });
    }
    const read: string[] = [];
    for (const name of d.files) {
      const f =
        files.find((x) => x.path === joinRel(dirOf(d.file), name)) ?? files.find((x) => x.path === joinRel(cwd, name));
      if (!f) continue;
      const pick = (section: string | undefined): Assignment[] =>
        f.entries
          .filter(
            (e) =>
              (section === undefined ? true : e.path[0]?.toLowerCase() === section) &&
              e.path.length >= (section === undefined ? 1 : 2),
          )
          .map((e) => ({ ...e, name: dynaconfVar((section === undefined ? e.path : e.path.slice(1)).join('.')) }));
      if (d.environments) {
        steps.push({
          source: `${f.path} [default]`,
          loader: 'dynaconf',
          mode: 'files-override',
          assignments: pick('default'),
        });
        steps.push({
          source: `${f.path} [${envName}]`,
          loader: 'dynaconf',
          mode: 'files-override',
          assignments: pick(envName),
        });
      } else steps.push({ source: f.path, loader: 'dynaconf', mode: 'files-override', assignments: pick(undefined) });
      read.push(f.path);
    }
    texts.push(
      `${read.length ? read.join(', ') : 'no settings file'} via dynaconf ${d.name} at ${d.file}:${d.line}${d.environments ? ` (environment ${envName})` : ''}${d.prefix !== false ? `, ${d.prefix}_* variables over them` : ''}`,
    );
  }
  return { steps, ...(texts.length ? { text: texts.join('; ') } : {}) };
}
