/**
 * Framework key stores as load steps (the files come from src/collect/stores): which store files a
 * target reads, in the framework's own order, and the names they give values to.
 *
 * Streamlit (`streamlit run app.py`): `~/.streamlit/secrets.toml`, then `.streamlit/secrets.toml`
 * in the working folder; the later file wins key by key. `st.secrets["X"]` (and
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

function storeFiles(facts: Facts, store: StoreFile['store']): StoreFile[] {
  return (facts.stores ?? []).filter((s) => s.store === store);
}

/** The project secrets.toml a Streamlit app started in `cwd` reads (else the nearest one from the entry's folder up: `cd app && streamlit run app.py`). */
function streamlitProjectFile(facts: Facts, cwd: string, entry: string | undefined): StoreFile | undefined {
  const files = storeFiles(facts, 'streamlit').filter((s) => s.role === 'project');
  const at = (dir: string) => files.find((s) => s.path === joinRel(dir, '.streamlit/secrets.toml'));
  const hit = at(cwd);
  if (hit || entry === undefined) return hit;
  let d = dirOf(entry);
  for (;;) {
    const f = at(d);
    if (f) return f;
    if (d === '' || d === cwd) return undefined;
    d = dirOf(d);
  }
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
  const global = storeFiles(facts, 'streamlit').find((s) => s.role === 'global');
  const project = streamlitProjectFile(facts, cwd, entry);
  const files = [global, project].filter((f): f is StoreFile => f !== undefined);
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
