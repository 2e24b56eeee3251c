/**
 * The data model every part of keydoctor shares.
 *
 * Collectors read the world once into {@link Facts}; the resolver turns facts into {@link Target}s
 * (what each run target really gets); checks are pure functions from facts and targets to
 * {@link Finding}s; the report step masks secrets and the formatters render it. Only the CLI prints.
 */

export type Severity = 'error' | 'warning' | 'info';

/** The areas of the doctor's screen; every finding id belongs to one. */
export type Area = 'value' | 'sources' | 'code' | 'exposure' | 'deploy' | 'live' | 'inventory' | 'internal';

export const AREA_TITLES: Record<Area, string> = {
  value: "The key's value",
  sources: 'Where the key comes from',
  code: 'Names, loading order, client set-up',
  exposure: 'Exposure',
  deploy: 'Deployment wiring',
  live: 'What the API answered',
  inventory: 'Inventory (keydoctor keys, with an admin key)',
  internal: 'keydoctor itself',
};

/** A place in a file. `path` is relative to the project root when inside it, else absolute (or `~/...`). */
export interface Location {
  path: string;
  line?: number;
  column?: number;
  endLine?: number;
}

/**
 * An edit as data; the fix step (src/fix) applies it, never a check. `keydoctor fix` turns it into a
 * byte range of the file's current content: `before` found on `line` (at `column` when it occurs
 * more than once there) is replaced by `after`; with neither `line` nor `before`, `after` is added
 * as new line(s) at the end of the file (created when missing). Many findings get their edit from a
 * fixer in src/fix/fixers instead, computed from the facts.
 */
export interface Edit {
  path: string;
  line?: number;
  /** The exact text to replace on that line (or in the file when no line is given). */
  before?: string;
  after?: string;
  /** 1-based column of `before` on the line, when it occurs more than once there. */
  column?: number;
}

export interface Fix {
  /** One sentence: what to do. */
  summary: string;
  /** A command to run, when the fix is a command. */
  command?: string;
  /** An edit keydoctor could apply. */
  edit?: Edit;
  /**
   * Whether applying the edit cannot change behaviour beyond the fix. `keydoctor fix` applies an
   * `edit` only when this is set: true with `--yes`, false only with `--unsafe`; unset, the edit is
   * shown as a suggestion.
   */
  safe?: boolean;
}

export interface Finding {
  id: string;
  severity: Severity;
  /** One sentence of cause. May mention secret values: the report step masks them. */
  message: string;
  location?: Location;
  /** Further places involved (the other side of a conflict, the file that loads, ...). */
  related?: Array<Location & { note?: string }>;
  /** The target (see {@link Target.id}) this finding is about, when it is about one. */
  target?: string;
  fix?: Fix;
  /** Structured details for tools (masked like everything else). */
  data?: Record<string, unknown>;
  /** Filled in by the report step from the catalog. */
  area?: Area;
  docs?: string;
  title?: string;
}

/** What a check or classifier produces; severity defaults to the id's catalog severity. */
export type FindingDraft = Omit<Finding, 'severity'> & { severity?: Severity };

/** Something keydoctor could not read or chose to pass over: never a crash, never a finding. */
export interface Note {
  kind: 'unreadable' | 'binary' | 'too-large' | 'parse-error' | 'encoding' | 'skipped' | 'limit' | 'info';
  message: string;
  path?: string;
  line?: number;
}

// ---------------------------------------------------------------------------------------------
// Sources of values

/** Where an assignment was read from. Later collectors add kinds freely. */
export type SourceKind =
  | 'process-env'
  | 'shell-rc'
  | 'fish'
  | 'etc-environment'
  | 'dotenv'
  | 'envrc'
  | 'code'
  | 'dockerfile'
  | 'docker-run'
  | 'compose'
  | 'k8s'
  | 'helm'
  | 'ci'
  | 'hosting'
  | 'ide'
  | (string & {});

/** One place that gives a variable a value. */
export interface Assignment {
  name: string;
  /** The value as the loader that reads this source would produce it. */
  value: string;
  kind: SourceKind;
  location?: Location;
  /** The value's text as written in the file, before unquoting (for fixes and explanations). */
  raw?: string;
  /** Shell: whether the variable is exported (reaches child processes). */
  exported?: boolean;
  /** Free-form detail: `dotenv dialect`, the shell, the compose service, ... */
  detail?: string;
  /** Shell: the value uses `$(...)`, backticks or variables not known from earlier lines, so `value` is only the text as written. */
  dynamic?: boolean;
  /** Where the value itself is written, when this source takes it from another (compose `${X}` interpolated from `.env:3`). */
  origin?: Location;
}

/** A parsed dotenv-format file, with what each loader dialect makes of it. */
export interface EnvFile {
  path: string;
  /** Relative to the root when inside it. */
  relPath: string;
  exists: boolean;
  /** The assignments per dialect (the dialects disagree on some lines). */
  byDialect: Partial<Record<DotenvDialect, Assignment[]>>;
  /** Lines a loader would read differently from what they seem to say. */
  issues: DotenvIssue[];
  encoding: 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be' | 'binary';
  /** Tracked by git / ignored by .gitignore (undefined when not a git repo or unknown). */
  tracked?: boolean;
  ignored?: boolean;
  /** Tracked, and its working copy differs from the last commit (`git diff HEAD`): a local edit not committed yet. */
  modified?: boolean;
  /** 'example': a template (`.env.example`, `.env.sample`, ...) read as documentation, not a source of values. */
  role?: 'example' | 'loaded';
  /** A template's names on commented-out lines (`# NAME=...`): optional variables it documents. */
  documented?: string[];
  /** The file is a symbolic link, read through: where it points (root-relative, or `~/...`). git stores the link, not the content. */
  link?: string;
}

export type DotenvDialect = 'dotenv' | 'node' | 'python';

export interface DotenvIssue {
  line: number;
  column?: number;
  /** Short machine code: duplicate-key, unterminated-quote, hash-in-value, bom, utf16, colon-separator, text-after-quote, export-tab, ... */
  code: string;
  message: string;
  /** The variable concerned, when known. */
  name?: string;
  /** Which dialects read the line differently from how it looks. */
  dialects?: DotenvDialect[];
}

// ---------------------------------------------------------------------------------------------
// Targets: what each run target really gets

/** One entry in a variable's precedence chain for a target. */
export interface ChainEntry {
  assignment: Assignment;
  /** won: this is the effective value; lost: set earlier/higher by another source; overridden: replaced by a later source. */
  status: 'won' | 'lost' | 'overridden' | 'not-loaded';
  /** Why, in one phrase: "already set by the shell; load_dotenv() does not override". */
  reason?: string;
  /**
   * The same as data, so no one has to read the phrase back: the rule that decided, the loader that
   * applied it ("load_dotenv()"), and the assignment that beat this one (lost / overridden).
   * - `no-override`: already set by the environment, and the loader does not override;
   * - `first-wins`: an earlier file of the same loader set it, and the loader keeps the first value;
   * - `env-wins`: the loader (Node --env-file, Vite, pydantic-settings) never overrides the environment;
   * - `replaced`: a later source or an overriding loader replaced it; `same-file`: a later line of the same file;
   * - `not-read`: the target does not read the source; `filtered`: the loader drops the name (Vite's prefix).
   */
  rule?: 'no-override' | 'first-wins' | 'env-wins' | 'replaced' | 'same-file' | 'not-read' | 'filtered';
  loader?: string;
  by?: Assignment;
  /** What would make this source count, when it is not the usual "delete one of them" (call `Env.Load()` before the builder). */
  hint?: string;
}

export interface Resolution {
  name: string;
  /** Every source the target reads for this name, highest precedence first. */
  chain: ChainEntry[];
  /** The winning assignment, if any. */
  winner?: Assignment;
  /** The value the target ends up with, after loader-side processing (the SDK's own trim etc. is not applied here). */
  value?: string;
}

export type TargetKind =
  | 'shell'
  | 'node'
  | 'python'
  | 'next'
  | 'vite'
  | 'cra'
  | 'compose-service'
  | 'k8s-container'
  | 'ci-job'
  | 'docker-image'
  | 'hosting'
  | (string & {});

/**
 * A client a target reaches, as that target would run it: whether it runs, what it authenticates
 * with, and where its requests go. Indexes into `facts.code.clients`.
 */
export interface TargetClient {
  client: number;
  /** Where it is built (for messages; the same as the client's own file and line). */
  location: Location;
  /** `runs`: no condition, or every condition holds here; `maybe`: a condition keydoctor cannot decide; `never`: a condition is false here. */
  status: 'runs' | 'maybe' | 'never';
  /** The conditions, in words, when there are any. */
  condition?: string;
  credential: TargetCredential;
  endpoint: TargetEndpoint;
}

export type TargetCredential =
  /** Environment variables in the order the client tries them; `from` is the one that gives the value here. */
  /** `maybeGiven`: spread options (`**kwargs`), or what `givenBy` names (`api_key or os.getenv(...)`: a parameter), may pass a key instead. */
  | {
      kind: 'env';
      names: string[];
      from?: string;
      implicit?: boolean;
      default?: string;
      maybeGiven?: boolean;
      givenBy?: string;
      /** What gives the key when the variables are unset (`os.getenv("X") or config.get(...)`), which keydoctor cannot follow. */
      orElse?: string;
      /** The program asks for the key when the variables are unset (`os.getenv("X") or getpass(...)`, `input(...)`). */
      prompted?: string;
    }
  | { kind: 'literal'; value: string }
  | { kind: 'token' }
  /** A key store entry (`st.secrets["X"]`); `var` is the name `Target.vars` resolves it under. */
  | { kind: 'store'; store: string; name: string; var?: string }
  | { kind: 'opaque'; text: string }
  | { kind: 'none' };

export interface TargetEndpoint {
  /** The base URL or resource endpoint, when it can be told (absent: the provider's default, or unknown). */
  url?: string;
  /** Where the URL comes from: a variable name, `code`, or `default` (the SDK's own). */
  from?: string;
  /** The provider (from the provider table) that answers there; absent when the host is not a known one. */
  provider?: string;
  host?: string;
}

export interface Target {
  /** Stable id: `shell`, `node:start`, `python:app.py`, `compose:api`, ... */
  id: string;
  /**
   * Started from a new terminal instead of this shell, the target would get its key from a start-up
   * file line (a login-only `~/.bash_profile`, an `~/.zshrc` edited since this shell opened) and not
   * from the source that wins here: that line, and the chain entry of today's winner in that run.
   */
  fromNewTerminal?: { winner: Assignment; instead: ChainEntry };
  kind: TargetKind;
  /** Human label: `npm start (node server.js)`. */
  label: string;
  location?: Location;
  /** How this target loads its environment, in one line: "shell env, then .env via load_dotenv() (no override)". */
  loading?: string;
  /**
   * Values the target gets from outside keydoctor's sight (a secret manager that starts it: `op run`,
   * `doppler run`, `infisical run`, `aws-vault exec`, ...), one phrase each: a missing key is not a finding there.
   */
  external?: string[];
  /** The dotenv files the target loads (relative paths), in load order. */
  loads?: string[];
  /** Dotenv files the target's loaders look for and do not find (relative paths): the `.env` not made yet. */
  missingLoads?: string[];
  /** Variable name → resolution. Always holds the OpenAI names; later issues add what code reads. */
  vars: Record<string, Resolution>;
  /** The variable the target's client reads the key from (default OPENAI_API_KEY). */
  keyVar: string;
  /** Whether this target talks to Azure OpenAI rather than OpenAI. */
  azure?: boolean;
  /** The dotenv grammar the target's loader reads its files with (for dotenv-parse-issue). */
  dialect?: DotenvDialect;
  /** The module the target starts (relative path), when it starts one. */
  entry?: string;
  /** The LLM clients this target's code reaches (absent when the code was not analysed for this target). */
  clients?: TargetClient[];
  /**
   * Whether the target needs an OpenAI-style key from its environment: false when its code reaches no
   * client that reads one (a UI that talks to its backend, a client with a token provider or a literal
   * key for a local server); undefined when it cannot be told (no code facts, deployment targets).
   */
  needsKey?: boolean;
  /**
   * With needsKey false: its own code still reads the key variable (a raw `fetch` with a Bearer
   * header built from a config object, a key copied through a profile object): no client keydoctor
   * can follow needs it, so it is not missing, but a value it gets is judged as a key.
   */
  readsKey?: boolean;
}
