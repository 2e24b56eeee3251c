import type { Launch } from '../collect/launch/types.js';
/**
 * Facts from reading the project's code (owned by src/code). Other areas read these: the resolver
 * (entry points, dotenv loads), the exposure checks (client modules), the deployment checks (names).
 */

export type CodeLanguage =
  'js' | 'ts' | 'python' | 'go' | 'ruby' | 'java' | 'kotlin' | 'csharp' | 'php' | 'rust' | 'notebook';

/** A dynaconf settings object: its files in load order, its environment-variable prefix (false: none), `environments=True`. */
export interface DynaconfObject {
  name: string;
  files: string[];
  prefix: string | false;
  environments: boolean;
  envSwitcher?: string;
  line: number;
}

/** How a value is given in code. */
export type ValueExpr =
  | { kind: 'literal'; value: string }
  /** An environment variable; `fallbacks` are read in turn when it is unset or empty (`os.getenv("A") or os.getenv("B")`). */
  /** `before`: what is tried first, which keydoctor cannot follow (`api_key or os.getenv("X")`: a parameter). */
  /** `after`: what gives the value when the variables are unset, which keydoctor cannot follow (`os.getenv("X") or getpass(...)`). */
  /** `soft`: an unset variable reads as None (`os.getenv("X")`, `os.environ.get("X")`), not an error (`os.environ["X"]`). */
  | {
      kind: 'env';
      name: string;
      default?: string;
      fallbacks?: string[];
      before?: string;
      after?: string;
      soft?: boolean;
    }
  /** A secret store keyed by name: Streamlit `st.secrets["X"]` (`.streamlit/secrets.toml`); `path` for nested tables (`st.secrets["openai"]["api_key"]`). */
  | { kind: 'store'; store: 'streamlit-secrets'; name: string; path?: string[] }
  /** A dynaconf setting (`settings.OPENAI_API_KEY`, upper-cased as dynaconf does), with the object that holds it. */
  | { kind: 'store'; store: 'dynaconf'; name: string; path?: string[]; dynaconf: DynaconfObject & { file: string } }
  /** A token provider instead of a key (Azure `azure_ad_token_provider`, workload identity): no key is needed. */
  | { kind: 'token-provider'; text: string }
  | { kind: 'other'; text: string };

/**
 * One condition a piece of code runs under, as far as keydoctor can read it. A client carries the
 * conjunction of the conditions around it (`if provider == "openai":`, a ternary on
 * `process.env.OPENAI_API_KEY`, a `switch` case, `if __name__ == "__main__":`); the resolver
 * evaluates them against each target's environment.
 * - `env`: a variable (with fallbacks and a default) is set / unset, or (`eq` / `ne`) equals / does
 *   not equal one of `values`;
 * - `param`: the same test on a parameter of the function `fn` (the collector follows its call sites);
 * - `main`: the module is the program's entry (`__main__`, `require.main === module`), or not (`negated`);
 * - `unknown`: a test keydoctor cannot evaluate (`text` says which).
 * `caseless`: the value is compared after `.lower()`.
 */
export type Guard =
  | {
      kind: 'env';
      name: string;
      fallbacks?: string[];
      default?: string;
      op: GuardOp;
      values?: string[];
      caseless?: boolean;
    }
  | { kind: 'param'; fn: string; index: number; default?: string; op: GuardOp; values?: string[]; caseless?: boolean }
  | { kind: 'main'; negated?: boolean }
  /** Decided from the code alone (every caller passes a literal): `holds` says which way. */
  | { kind: 'fixed'; holds: boolean; text: string }
  /** `attr`: a config object's attribute tested for truthiness (`env.OPENAI_API_KEY`, op set or unset), until the collector maps it to its variable. */
  | { kind: 'unknown'; text: string; attr?: string; op?: 'set' | 'unset' };

/**
 * `openai-model`: the value is unset, empty, or a model LiteLLM sends to OpenAI (no provider prefix,
 * or `openai/`): crewAI's default LLM is OPENAI_MODEL_NAME or MODEL, else gpt-4o-mini, on OpenAI.
 */
export type GuardOp = 'set' | 'unset' | 'eq' | 'ne' | 'openai-model';

/** A read of an environment variable: `process.env.X`, `os.getenv("X", d)`, `ENV["X"]`, ... */
export interface EnvRead {
  name: string;
  file: string;
  line: number;
  column?: number;
  language: CodeLanguage;
  /** The default given in code, when any. */
  default?: string;
  /** The expression form, e.g. `process.env`, `os.getenv`, `os.environ[]`, `import.meta.env`. */
  via: string;
  /** Position in the file's execution order (statement index at module level; reads inside functions run later). */
  order?: number;
  /** Read at module level (runs on import) rather than inside a function. */
  topLevel?: boolean;
  /** Set when the read sits in a `__main__` block (or its `else`): it runs only when the module is (or is not) the program. */
  when?: Guard[];
  /** A settings class's `env_prefix` that is part of `name` (pydantic-settings). */
  prefix?: string;
  /** pydantic-settings `secrets_dir` folders of the class (a file per field, named as the field's environment name). */
  secretsDirs?: string[];
  /** pydantic-settings `case_sensitive=True`. */
  caseSensitive?: boolean;
  /** pydantic-settings with an `env_file`: the class reads that file itself when it is made, whatever os.environ holds then. */
  ownEnvFile?: boolean;
}

/** A write to the environment from code: `process.env.X = ...`, `os.environ["X"] = ...`, `os.environ.setdefault("X", ...)`. */
export interface EnvWrite {
  name: string;
  file: string;
  line: number;
  language: CodeLanguage;
  via: string;
  /** The value written, when it is a literal. */
  value?: string;
  /** What is written, as far as it can be told (`st.secrets.openai_key`, `os.getenv("MY_KEY")`, `settings.OPENAI_API_KEY`). */
  expr?: ValueExpr;
  order?: number;
  topLevel?: boolean;
}

export type DotenvLoader =
  | 'dotenv'
  | 'dotenv/config'
  | 'dotenvx'
  | 'node-loadEnvFile'
  | 'python-dotenv'
  | 'django-environ'
  | 'pydantic-settings'
  | 'dotenv-cli'
  | 'node-env-file-flag'
  | (string & {});

/** A place where code (or a start script) loads a dotenv file. */
export interface DotenvLoad {
  file: string;
  line: number;
  loader: DotenvLoader;
  /** Path argument as written (`undefined` = the loader's default: cwd `.env` for Node, find_dotenv walk for Python). */
  path?: string;
  /** Resolved candidate files relative to the project root, in load order, when known. */
  resolved?: string[];
  override: boolean;
  order?: number;
  topLevel?: boolean;
  /**
   * How a relative `path` is resolved: `cwd` (Node dotenv, process.loadEnvFile, python-dotenv with an explicit
   * path, find_dotenv(usecwd=True)), `file-dir` (built from `__dirname`/`import.meta.url`/`Path(__file__).parent`;
   * `path` is then relative to the calling file's folder), `walk-up` (python-dotenv/django-environ default: the
   * calling file's folder, then each parent), `cwd-walk-up` (find_dotenv(usecwd=True), notebooks: the cwd, then each
   * parent), `absolute`, `unknown` (an expression keydoctor cannot evaluate).
   */
  base?: 'cwd' | 'file-dir' | 'walk-up' | 'cwd-walk-up' | 'absolute' | 'unknown';
  /** False for loaders that read the file without putting it into the environment (`dotenv_values`, pydantic-settings `env_file`). */
  populatesEnv?: boolean;
  /** The call's text when the path is an expression keydoctor could not evaluate. */
  pathText?: string;
  /** A static `import 'dotenv/config'` in an ES module: it runs with the other imports, before the module body. */
  hoisted?: boolean;
  /** A missing file is fine for this loader (`--env-file-if-exists`); plain `--env-file` makes node exit. */
  optional?: boolean;
  /** Set when the load sits in a `__main__` block (or its `else`). */
  when?: Guard[];
  /**
   * Conditions on environment variables the load runs under (`NODE_ENV === "development" ?
   * dotenv.config({ path: ... }) : dotenv.config()`): a target whose command sets them otherwise skips it.
   */
  onlyIf?: Guard[];
  language?: CodeLanguage;
}

export type SdkKind =
  | 'openai-node'
  | 'openai-python'
  | 'azure-openai-node'
  | 'azure-openai-python'
  | 'langchain-openai'
  | 'langchain-azure'
  | 'litellm'
  | 'vercel-ai'
  | 'openai-legacy-python'
  | 'openai-legacy-node'
  | (string & {});

/** A client construction: `new OpenAI({...})`, `OpenAI(...)`, `AzureOpenAI(...)`, `ChatOpenAI(...)`, `createOpenAI(...)`, module-level `openai.api_key = ...`. */
export interface ClientConstruction {
  file: string;
  line: number;
  sdk: SdkKind;
  /** `keyVarFallbacks` ends with the SDK's own variable, which it reads when the key option is None / undefined. */
  sdkFallback?: boolean;
  options: {
    apiKey?: ValueExpr;
    baseURL?: ValueExpr;
    organization?: ValueExpr;
    project?: ValueExpr;
    apiVersion?: ValueExpr;
    azureEndpoint?: ValueExpr;
    deployment?: ValueExpr;
    azureADToken?: ValueExpr;
    dangerouslyAllowBrowser?: boolean;
  };
  order?: number;
  topLevel?: boolean;
  column?: number;
  language?: CodeLanguage;
  /** The constructor or function as written: `OpenAI`, `AzureChatOpenAI`, `openai.api_key =`, `completion`. */
  callee?: string;
  /** Python: the dotted name the callee is imported as (`langchain.chat_models.AzureChatOpenAI`), when it has one. */
  importedAs?: string;
  /** Talks to Azure OpenAI (Azure client class, `api_type = "azure"`, an `azure/` LiteLLM model, an Azure endpoint). */
  azure?: boolean;
  /**
   * The environment variable the key comes from: the one named in `apiKey: process.env.X`, or the SDK's default
   * (`OPENAI_API_KEY`, `AZURE_OPENAI_API_KEY`) when no key option is given. Undefined when the key is a literal or an
   * expression keydoctor cannot follow.
   */
  keyVar?: string;
  /** keyVar is the SDK's implicit default (no key option passed). */
  keyVarImplicit?: boolean;
  /** Further names the SDK falls back to when keyVar is unset (LangChain's AzureChatOpenAI reads OPENAI_API_KEY too). */
  keyVarFallbacks?: string[];
  /** With keyVar unset the SDK signs in with Entra ID instead (Semantic Kernel's Azure services): no key is no fault. */
  entraWithoutKey?: boolean;
  /** The conditions the construction runs under (none: it runs whenever its code runs). */
  when?: Guard[];
  /** The module-level function the construction sits in (`get_llm`), when it is in one. */
  fn?: string;
  /** The class whose constructor or method builds it (`class OpenAiLLM { constructor() { new OpenAI() } }`): it runs when the class is instantiated. */
  cls?: string;
  /**
   * The classes whose instantiation builds it: its own (`cls`), or, for a client built in
   * a module-level function called only from methods of classes of its file (autogen's
   * `_azure_openai_client_from_config`, called by `AzureOpenAIChatCompletionClient.__init__`), those.
   * Undefined when it is built otherwise (module code, a function called elsewhere).
   */
  owners?: string[];
  /** Options are spread in (`**kwargs`, `{ ...opts }`): they may carry a key keydoctor cannot see. */
  spread?: boolean;
  /** The key is what code wrote into the key variable before the client is built (`os.environ["OPENAI_API_KEY"] = "..."`): where. */
  keyWrittenAt?: { file: string; line: number; name: string };
  /** The AI SDK before @ai-sdk/openai 2: OPENAI_BASE_URL is not read (it calls api.openai.com unless baseURL is given). */
  noEnvBaseURL?: boolean;
  /** JS: a `fetch` option that answers by itself (`fetch: async () => new Response(...)`): no request leaves the process. */
  mockFetch?: boolean;
  /**
   * The provider (an id of src/providers) the client talks to when no base URL option says otherwise: LangChain's
   * `init_chat_model("anthropic:...")`, a raw HTTP call to a provider's host. Unset: the SDK's own default (OpenAI, Azure).
   */
  provider?: string;
}

/** Something that starts the app: a package.json script, a `__main__` module, a framework convention. */
export interface EntryPoint {
  /** The file that runs first (relative to root). */
  file: string;
  kind: 'node' | 'python';
  /** `npm run start`, `python app.py`, `next dev`, ... */
  label: string;
  /** The package.json script name when it came from one. */
  script?: string;
  /** The folder the process starts in (relative to root; '' = root). */
  cwd: string;
  /** A command the package installs (package.json `bin`): it runs in whatever folder the user is in, so `cwd` is a guess. */
  cwdOpen?: boolean;
  /** dotenv files the start command loads itself (`node --env-file`, `-r dotenv/config`, `dotenv -e`), in order. */
  preloads?: DotenvLoad[];
  /** The framework that starts (and loads its own .env files): `next`, `vite`, `cra`, `flask`, `django`, `streamlit`, ... */
  framework?: string;
  /** The runtime command: `node`, `tsx`, `ts-node`, `nodemon`, `bun`, `deno`, `python`, `uvicorn`, `jupyter`, ... */
  runner?: string;
  /** Where the entry point was declared (package.json, the module itself, ...). */
  declaredIn?: string;
  /** The parsed start command, when a command line declared it (src/collect/launch). */
  launch?: Launch;
}

export interface CodeFile {
  file: string;
  language: CodeLanguage;
  /** A notebook's own `%pip install openai...` line: the requirement it installs ('' unpinned: the newest). */
  pipOpenai?: string;
  /** `'use client'` module or a file under a client-only folder. */
  clientSide?: boolean;
  /** Relative imports this module makes, resolved to project files, in order. */
  imports?: string[];
  /** API generation the code is written for: `v0` (openai.ChatCompletion), `v1` (client.chat.completions), `node-v3` (Configuration/OpenAIApi), `node-v4` (new OpenAI). */
  sdkGeneration?: 'v0' | 'v1' | 'node-v3' | 'node-v4';
  sdkGenerationLine?: number;
  /** `sites`: each mention's line and the callee (dotted, as imported) it is given to, when every mention is a call's argument. */
  models?: Array<{ name: string; line: number; sites?: Array<{ line: number; via: string }> }>;
  /** The classes this module instantiates (`Name(...)`, `new Name(...)`), lower-cased. */
  instantiates?: string[];
  /** `esm` or `cjs` for JavaScript/TypeScript (decides whether imports are hoisted). */
  moduleKind?: 'esm' | 'cjs';
  /**
   * The project modules this one loads, in execution terms: static `import`/`export from` (hoisted: run before this
   * module's body), `require()`/Python `import` at their statement position, dynamic `import()` (runs later).
   */
  loads?: Array<{ file: string; line: number; order: number; hoisted: boolean; dynamic?: boolean }>;
  /** Other observations checks use: `azure-bearer-header`, `v0-azure-model-param`, `litellm-azure`, ... */
  signals?: Array<{ kind: string; line: number; detail?: string }>;
  /** The module has `if __name__ == "__main__":` (Python). */
  hasMainGuard?: boolean;
  /** Its top level calls a function it defines (`main()`, `asyncio.run(main())`): running it runs that code (Python). */
  callsOwnFunction?: boolean;
}

export interface InstalledSdk {
  ecosystem: 'npm' | 'pypi';
  /** Spec as declared (`^4.20.0`, `>=1.40`) and the file. */
  declared?: string;
  declaredIn?: string;
  /** Version from a lockfile (or installed package) and the file. */
  installed?: string;
  installedIn?: string;
  /** Major version the project gets, when it can be told. */
  major?: number;
  /** Declared without a version bound (`openai` in requirements.txt, `*`, `latest`): an install gets the newest major. */
  unpinned?: boolean;
}

export interface CodeFacts {
  files: CodeFile[];
  entryPoints: EntryPoint[];
  envReads: EnvRead[];
  dotenvLoads: DotenvLoad[];
  clients: ClientConstruction[];
  sdk: { node?: InstalledSdk; python?: InstalledSdk };
  /** Writes to the environment made by code (they define names, for env-name-mismatch). */
  envWrites?: EnvWrite[];
  /** The files of entry points past the resolver's target cap (no target shows them, but they run). */
  untargeted?: string[];
}
