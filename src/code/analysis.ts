/**
 * What the per-language analysers return for one file, before the collector links files together
 * (import resolution, entry points, dotenv path resolution).
 */
import type { DynaconfObject } from './types.js';
import type { Note } from '../core/types.js';
import type {
  ClientConstruction,
  CodeFile,
  CodeLanguage,
  DotenvLoad,
  EnvRead,
  EnvWrite,
  Guard,
  ValueExpr,
} from './types.js';

/** Where analysers put their notes (the collector caps how many of one kind it keeps). */
export type NoteSink = Pick<Note[], 'push'>;

/** An import/require/`import x` as written; the collector resolves `spec` to a project file. */
export interface RawLoad {
  spec: string;
  line: number;
  order: number;
  hoisted: boolean;
  dynamic?: boolean;
}

export interface FileAnalysis {
  code: CodeFile;
  envReads: EnvRead[];
  envWrites: EnvWrite[];
  dotenvLoads: DotenvLoad[];
  clients: ClientConstruction[];
  rawLoads: RawLoad[];
  /** A line scan, not a parse (the file names no SDK, loader or client marker). */
  cheap?: boolean;
  /** Module-level functions (for following a parameter in a guard to the function's call sites). */
  functions?: Array<{ name: string; params: string[]; exported: boolean }>;
  /** Calls of plain names (`get_llm(os.getenv("P", "openai"))`), with what each argument evaluates to. */
  calls?: Array<{
    name: string;
    source?: string;
    imported?: string;
    args: Array<ValueExpr | undefined>;
    kwargs?: Record<string, ValueExpr>;
    line: number;
    when?: Guard[];
    /** The class whose method makes the call (Python). */
    cls?: string;
  }>;
  /** Module-level string constants (`ENV_PREFIX = "MYAPP_"`), for names other modules import. */
  constants?: Record<string, string>;
  /** Settings fields whose `env_prefix` is a constant imported from another module (`ref`: `module.NAME`). */
  prefixLinks?: Array<{ ref: string; reads: EnvRead[]; attrs: string[] }>;
  /** `new Name(...)` / `Name(...)` with a capitalised name (a class being instantiated), with the conditions around it. */
  instantiations?: Array<{ name: string; line: number; when?: Guard[]; cls?: string }>;
  /** Variables the module stops without (`if (!process.env.X) throw ...`, `if not os.getenv("X"): raise ...`). */
  requiredEnv?: string[];
  /** Classes the module declares with the classes they extend (`class Python(JupyterLanguage)`, `class A extends B`): a subclass made is its base made. */
  classes?: Array<{ name: string; bases: string[] }>;
  /** Names this module binds to an environment variable (`OPENAI_KEY = os.getenv("X")`, `{ apiKey: process.env.X }`, a settings field): name → variable. */
  envAliases?: Record<string, string>;
  /** Class attributes with a class as their type (`azure_openai: _AzureOpenAISettings`): name → class (null: classes disagree). */
  attrTypes?: Record<string, string | null>;
  /** dynaconf settings objects the module binds (`settings = Dynaconf(settings_files=[...])`). */
  dynaconf?: DynaconfObject[];
}

/**
 * A copy of a piece of a file's text that does not keep the text alive: V8 makes a substring (a
 * regular expression's capture, a slice) a view of its parent string, so a name kept in the facts
 * would hold its whole source file in memory for the run.
 */
export const own = (s: string): string => (s.length < 13 ? s : (s + ' ').slice(0, -1));

export function emptyAnalysis(file: string, language: CodeLanguage): FileAnalysis {
  return { code: { file, language }, envReads: [], envWrites: [], dotenvLoads: [], clients: [], rawLoads: [] };
}

export const lit = (value: string): ValueExpr => ({ kind: 'literal', value });
export const envv = (name: string, def?: string): ValueExpr =>
  def === undefined ? { kind: 'env', name } : { kind: 'env', name, default: def };
export const other = (text: string): ValueExpr => ({
  kind: 'other',
  text: text.length > 120 ? text.slice(0, 117) + '...' : text,
});

/** The client kinds that are Azure OpenAI clients whatever their options say. */
export const AZURE_SDKS: ReadonlySet<string> = new Set(['azure-openai-node', 'azure-openai-python', 'langchain-azure']);

/** The SDK's default key variable for a client kind. */
export function defaultKeyVar(
  sdk: string,
  azure: boolean,
  language: CodeLanguage,
): { name?: string; fallbacks?: string[] } {
  if (sdk === 'openai-legacy-node') return {}; // v3 never read the environment itself
  if (sdk === 'openai-legacy-python') return { name: 'OPENAI_API_KEY' }; // v0 reads OPENAI_API_KEY even for api_type azure
  if (sdk === 'vercel-ai') return { name: azure ? 'AZURE_API_KEY' : 'OPENAI_API_KEY' };
  if (sdk === 'vercel-gateway') return { name: 'AI_GATEWAY_API_KEY', fallbacks: ['VERCEL_OIDC_TOKEN'] };
  if (sdk === 'llamaindex-azure') return { name: 'AZURE_OPENAI_API_KEY' };
  if (sdk === 'semantic-kernel-azure') return { name: 'AZURE_OPENAI_API_KEY' };
  if (sdk === 'litellm')
    return azure ? { name: 'AZURE_OPENAI_API_KEY', fallbacks: ['AZURE_API_KEY'] } : { name: 'OPENAI_API_KEY' };
  if (sdk === 'langchain-azure')
    return language === 'python' || language === 'notebook'
      ? { name: 'AZURE_OPENAI_API_KEY', fallbacks: ['OPENAI_API_KEY'] }
      : { name: 'AZURE_OPENAI_API_KEY' };
  if (azure) return { name: 'AZURE_OPENAI_API_KEY' };
  return { name: 'OPENAI_API_KEY' };
}

/** SDKs that read their own variable when the key option is None / undefined. */
const FALLS_BACK_UNSET = new Set([
  'openai-python',
  'azure-openai-python',
  'openai-node',
  'azure-openai-node',
  'langchain-openai',
  'langchain-azure',
  'vercel-ai',
  'llamaindex-openai',
  'llamaindex-azure',
]);

/** Completes a client: azure flag and the variable its key comes from. */
/**
 * Records a call of an API OpenAI has shut down (`client.beta.assistants`, `client.beta.threads`): one
 * `retired-api` signal per line, its detail the RETIRED_APIS id (`assistants`; `assistants-azure` for
 * Azure OpenAI's, which keeps its own schedule).
 */
export function addRetiredApi(code: CodeFile, line: number, api: string): void {
  if ((code.signals ?? []).some((s) => s.kind === 'retired-api' && s.line === line)) return;
  code.signals = [...(code.signals ?? []), { kind: 'retired-api', line, detail: api }];
}

export function finishClient(c: ClientConstruction): ClientConstruction {
  const k = c.options.apiKey;
  if (k?.kind === 'env') {
    c.keyVar = k.name;
    if (k.fallbacks?.length) c.keyVarFallbacks = k.fallbacks;
    // `OpenAI(api_key=os.getenv("OPENAICOM_KEY"))`, `new OpenAI({ apiKey: process.env.X })`: with X unset the
    // SDK is given None / undefined and reads its own variable (openai-python's `if api_key is None`,
    // openai-node's destructuring default), when it sends to its own endpoint
    const soft = k.soft === true || (c.language !== 'python' && c.language !== 'notebook');
    if (soft && k.default === undefined && FALLS_BACK_UNSET.has(c.sdk) && !c.options.baseURL) {
      const d = defaultKeyVar(c.sdk, !!c.azure, c.language ?? 'js');
      const more = [d.name, ...(d.fallbacks ?? [])].filter(
        (x): x is string => !!x && x !== k.name && !(c.keyVarFallbacks ?? []).includes(x),
      );
      if (more.length) {
        c.keyVarFallbacks = [...(c.keyVarFallbacks ?? []), ...more];
        c.sdkFallback = true;
      }
    }
  } else if (!k && c.options.azureADToken) {
    // Entra ID: a token (or a provider of tokens) instead of a key; no key variable is read
  } else if (!k) {
    const d = defaultKeyVar(c.sdk, !!c.azure, c.language ?? 'js');
    if (d.name) {
      c.keyVar = d.name;
      c.keyVarImplicit = true;
      if (d.fallbacks) c.keyVarFallbacks = d.fallbacks;
      // semantic-kernel (Python): no api_key and none in AZURE_OPENAI_API_KEY → a token from DefaultAzureCredential
      if (c.sdk === 'semantic-kernel-azure') c.entraWithoutKey = true;
    }
  }
  return c;
}

/** Model-ish option names in client options and API calls. */
export const MODEL_KEYS = new Set(['model', 'modelName', 'model_name', 'engine', 'deployment_id']);

/** A client whose key variable the module requires (it throws without it) does not fall back to the SDK's own variable. */
export function dropRequiredFallbacks(a: FileAnalysis): void {
  const required = new Set(a.requiredEnv ?? []);
  for (const c of a.clients) {
    const k = c.options.apiKey;
    if (!c.sdkFallback || k?.kind !== 'env' || !required.has(k.name)) continue;
    delete c.sdkFallback;
    if (k.fallbacks?.length) c.keyVarFallbacks = [...k.fallbacks];
    else delete c.keyVarFallbacks;
  }
}
