/** What a Python visitor sees of the walk (src/code/python/walk.ts) and the hooks it registers. */
import type { FileAnalysis } from '../analysis.js';
import type { ClientConstruction, CodeLanguage, DotenvLoad, Guard, ValueExpr } from '../types.js';
import type { Stmt, Tok } from './tokenize.js';
import type { splitArgs } from './syntax.js';
import type { PyScope, PyParam } from './scope.js';

export interface SettingsClass {
  fields: Array<{ name: string; attr: string; line: number; def?: string; alias?: boolean; order: number }>;
  prefix: string;
  /** `env_prefix = NAME` where NAME is imported (`app.constants.ENV_PREFIX`): resolved by the collector. */
  prefixRef?: string;
  /** The class's name, for instantiations that pass `_env_file=` (`Settings(_env_file=".env")`). */
  name?: string;
  /** `order`: where the load happens (an instantiation's own place; else the class's). */
  envFiles: Array<{ toks: Tok[]; line: number; order?: number }>;
  /** `secrets_dir` (one folder or several), as written. */
  secretsDirs?: string[];
  /** `case_sensitive=True`. */
  caseSensitive?: boolean;
  line: number;
  order: number;
}

/** A block the walker is inside. */
export interface Frame {
  indent: number;
  kind: string;
  name?: string;
  settings?: SettingsClass;
  /** The conditions this block adds (an `if` test, the negations of an `elif` chain). */
  guards: Guard[];
  /** Conditions that hold for the rest of this block (after `if x: return`). */
  extra: Guard[];
  /** Whether the last statement directly in this block was a `return` or `raise`. */
  exits: boolean;
  /** That return answers with an HTTP error (a check of the request). */
  errorExit?: boolean;
  /** Own tests of the `if`/`elif` chain that is open directly in this block. */
  chain?: Guard[][];
  /** Negations of the chain branches that returned or raised (they hold once the chain ends). */
  chainExits?: Guard[];
  params?: Map<string, PyParam>;
  /** `match SUBJECT:`: the subject, the literal values of the cases so far and the tests of the other cases. */
  match?: { subject: Tok[]; values: string[]; others: Guard[][] };
}

/** A call found in a statement: `callee(args)`. */
export interface PyCall {
  toks: Tok[];
  /** Index of the callee's first token. */
  k: number;
  /** The dotted callee as written and as imported (`OpenAI`, `openai.OpenAI`). */
  callee: string;
  full: string;
  open: number;
  close: number;
  args: ReturnType<typeof splitArgs>;
  line: number;
}

/** A client given `**name` where `name` is the result of a function of the module (`kwargs = self._client_kwargs()`). */
export interface PendingSpread {
  client: ClientConstruction;
  fn: string;
  name: string;
  /** The spread is the call's only argument keydoctor cannot read. */
  only: boolean;
}

export interface PyContext {
  /** Classes the module defines itself whose names an SDK's client has (`class AzureOpenAI(ToolProvider)`): not the SDK's. */
  ownClasses?: Set<string>;
  readonly rel: string;
  readonly language: CodeLanguage;
  readonly out: FileAnalysis;
  readonly scope: PyScope;
  readonly notebook: boolean;
  mapLine(line: number): number;
  order: number;
  inFunction: boolean;
  fnName?: string;
  when: Guard[];
  readonly stack: Frame[];
  /** Module-level calls of bare names: name → statement order. */
  readonly topCalls: Map<string, number>;
  /** Functions that write the environment variable a parameter names (`os.environ[var] = ...`), for their calls. */
  paramEnvWrites?: Array<{ fn: string; index: number; expr?: ValueExpr }>;
  readonly fnLoads: Array<{ load: DotenvLoad; fn: string }>;
  /** The keys of the dict literal each function of the module returns (null: it returns something else too). */
  readonly returnKeys: Map<string, Set<string> | null>;
  /** Spreads of such a function's result, resolved once the whole module is read (the function may come later). */
  readonly pendingSpreads: PendingSpread[];
  readonly models: Map<string, number>;
  readonly settingsClasses: SettingsClass[];
  /** `openai.api_key = ...` and friends: the module-level client of openai 0.x. */
  moduleClient?: ClientConstruction;
  openaiImport?: { line: number; order: number; topLevel: boolean };
  readonly v0ModelOnly: number[];
  /** openai 0.x calls pass their own `api_key`: the key read at import is not what they send. */
  v0CallKeys?: boolean;
  /** The module calls a v0 resource (`openai.ChatCompletion.create(...)`): its `import openai` is a client. */
  v0Calls?: boolean;
  /** The first `Agent(...)` of the OpenAI Agents SDK, and whether the module sets the SDK's key or client itself. */
  agentsAgent?: ClientConstruction;
  agentsKeySet?: boolean;
  /** `Runner.run(...)` / `run_sync` / `run_streamed` at module level: running the module sends the agent's requests. */
  agentsRunTop?: boolean;
  /** crewAI agents of this file on OpenAI (the default LLM, or a model string), one client per file. */
  crewAgent?: boolean;
  /** `weak`: a sign of v0 that any v1 call outweighs (`openai.api_base = ...`, which v1 ignores). */
  setGeneration(g: 'v0' | 'v1', line: number, weak?: boolean): void;
  /** `via`: the callee it is given to, dotted as imported (`svc.inworld.InworldSession`). */
  addModel(name: string, line: number, via?: string): void;
  /** Fields every fact shares: where it is and under what conditions it runs. */
  position(): { order: number; topLevel: boolean; when?: Guard[]; fn?: string };
  /** The `__main__` conditions around the current statement, for reads and loads. */
  mainWhen(): { when?: Guard[] };
}

export interface PyVisitor {
  /** A block opens (class, def, if, ...). */
  block?(frame: Frame, st: Stmt, ctx: PyContext): void;
  /** Every statement; true: the statement is accounted for, no later visitor sees it. */
  statement?(st: Stmt, ctx: PyContext, opensBlock: boolean): boolean | void;
  /** A name that may start an expression (`os.environ[...]`, `openai.ChatCompletion`). */
  name?(toks: Tok[], k: number, ctx: PyContext): void;
  /** A call; true: accounted for, no later visitor sees it. */
  call?(c: PyCall, ctx: PyContext): boolean | void;
  finish?(ctx: PyContext): void;
}
