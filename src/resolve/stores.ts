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
import type { LoadStep } from './engine.js';
import type { StoreEntry, StoreFile } from '../collect/stores/types.js';
import { dirOf, joinRel } from '../core/paths.js';

/** Assignment kinds of store entries (for fixes and wording). */
export const STORE_KINDS = new Set(['streamlit-secrets', 'appsettings', 'dotnet-user-secrets', 'spring-config', 'litellm-config', 'dynaconf', 'decouple', 'pydantic-secrets']);

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
  const at = (dir: string) => files.find((s) => s.role === 'project' && s.path === joinRel(dir, '.streamlit/secrets.toml'));
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
    const exported: Assignment[] = f.entries.filter((e) => e.path.length === 1 && e.detail !== 'boolean').map((e) => ({ ...e, detail: 'root-level secret Streamlit sets as an environment variable' }));
    steps.push({ source: f.path, loader: 'Streamlit (root-level secrets become environment variables)', mode: 'override', assignments: exported, environment: true });
  }
  for (const f of files) {
    const viaSecrets: Assignment[] = f.entries.map((e: StoreEntry) => ({ ...e, name: streamlitVar(e.path) }));
    steps.push({ source: f.path, loader: 'st.secrets', mode: 'files-override', assignments: viaSecrets });
  }
  return { steps, text: `${files.map((f) => f.path).reverse().join(' over ')} via Streamlit (st.secrets; root-level values replace the environment's)` };
}


/** Where a key name points at an OpenAI or Azure OpenAI key (`OpenAI:ApiKey`, `spring.ai.openai.api-key`, `openai.api_key`). */
export function isOpenAIKeyPath(path: string[]): boolean {
  const parts = path.map((p) => p.toLowerCase().replace(/[-_]/g, ''));
  const last = parts[parts.length - 1] ?? '';
  if (/^(openaiapikey|azureopenaiapikey|openaikey)$/.test(last)) return true;
  return /^(apikey|key)$/.test(last) && parts.slice(0, -1).some((p) => /openai/.test(p));
}

/** Whether the project's key stores hold an OpenAI key setting (or a LiteLLM proxy config): the project uses an LLM API. */
export function storesUseLLM(facts: Facts): boolean {
  return (facts.stores ?? []).some((s) => s.store === 'litellm' || s.entries.some((e) => isOpenAIKeyPath(e.path.length > 1 ? e.path : e.name.split(/[.:]/))));
}
