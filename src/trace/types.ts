/** The shapes of a trace, as facts.trace holds it: src/trace/records.ts reads, merges and writes them. */

export interface TraceCredential {
  /** `authorization`, `api-key`, `x-api-key`, `x-goog-api-key`, `query:key`. */
  header: string;
  /** `Bearer`, `Basic`, ... for the Authorization header. */
  scheme?: string;
  /** The hook's reading of the shape (`openai-project`, `azure-hex32`, `sk-other`, `other`, ...). */
  kind: string;
  /** keydoctor's mask: first 8 and last 4 characters of a key (less for short values). */
  masked: string;
  prefix: string;
  suffix: string;
  length: number;
  /** HMAC-SHA-256 of the value with the trace's salt, 32 hex digits. */
  hash?: string;
}

export type TraceAction = 'redirected' | 'refused' | 'live' | 'local';

export interface TraceRequest {
  id: string;
  pid: number;
  thread: number;
  t: number;
  /** `undici` (global fetch), `http`, `https`, `httpx`, `httpx2`, `requests`, `aiohttp`. */
  lib: string;
  method: string;
  /** The origin the app addressed (`https://api.openai.com`), before any redirection. */
  origin: string;
  path: string;
  /** Names of the query parameters (never their values). */
  query: string[];
  action: TraceAction;
  credential: TraceCredential | null;
  organization?: string;
  project?: string;
  /** Names of headers beyond the usual ones (values are never recorded). */
  custom: string[];
  sdk: { ua?: string; lang?: string; version?: string; runtime?: string; runtimeVersion?: string };
  /** The answer's status as the app received it, or the error it got instead. */
  status?: number;
  error?: string;
  /** What the emulator answered (OpenAI's error code), for redirected requests. */
  emulator?: { status: number; code?: string };
}

export interface TraceProcess {
  pid: number;
  ppid?: number;
  thread: number;
  main: boolean;
  runtime: 'node' | 'python';
  version?: string;
  argv: string[];
  /** Node: options before the script (`--env-file=.env`, `-r dotenv/config`) and NODE_OPTIONS without the hook. */
  execArgv?: string[];
  nodeOptions?: string;
  cwd?: string;
  npm?: { event?: string; pkg?: string };
  executable?: string;
  flags?: { isolated?: boolean; ignore_environment?: boolean; no_site?: boolean };
}

export interface TraceSpawn {
  pid: number;
  t: number;
  file: string;
  argv: string[];
  shell?: boolean;
  /** Whether the child's environment still carries the hooks (absent when it inherits this one). */
  hooked?: { node?: boolean; python?: boolean; config?: boolean };
}

export interface TraceWorker {
  pid: number;
  thread: number;
  worker: number;
}

export type TraceStop = 'exit' | 'timeout' | 'max-requests' | 'signal' | 'start-failed';

export interface TraceFacts {
  version: 1;
  salt: string;
  /** The command as given (arguments that look like keys masked). */
  command: string[];
  cwd: string;
  live: boolean;
  started: number;
  ended?: number;
  stopped?: TraceStop;
  exit?: { code: number | null; signal: string | null; error?: string };
  processes: TraceProcess[];
  requests: TraceRequest[];
  spawns: TraceSpawn[];
  workers: TraceWorker[];
  /** Lines that were not valid records. */
  dropped: number;
  /** The target the user named (`--target ID`): every process is compared with it. */
  target?: string;
}
