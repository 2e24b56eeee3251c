/**
 * The launch fact: what one command line starts, read once (src/collect/launch/parse.ts) and shared
 * by every reader (the dotenv collector, the entry points, the resolver, the deployment targets).
 */

/** A program that starts another with more variables in its environment. */
export type WrapperTool =
  | 'dotenv-cli'
  | 'dotenvx'
  | 'env-cmd'
  | 'python-dotenv'
  /** `env $(cat .env | xargs) cmd` / `env $(grep -v '^#' .env) cmd`: the file's lines split into words by the shell. */
  | 'env-words'
  | 'op'
  | 'doppler'
  | 'infisical'
  | 'aws-vault'
  | 'chamber'
  | 'sops'
  | 'uv'
  | 'poetry'
  | 'pipenv'
  | 'foreman'
  | 'honcho'
  | 'heroku-local';

export interface Wrapper {
  tool: WrapperTool;
  /** Dotenv files it reads, as written (relative to the command's folder), in the order named. */
  files: string[];
  /** `files` were not named: they are the tool's default. */
  defaulted?: boolean;
  /** Its values replace variables the environment already has. */
  override: boolean;
  /** dotenv-cli `-c [env]`. */
  cascade?: string;
  /** dotenvx `--convention=nextjs`. */
  convention?: string;
  /** The values come from a secret manager keydoctor cannot read (1Password, Doppler, Infisical, AWS, SOPS). */
  secrets?: boolean;
  /** The wrapper's words as written (`op run --env-file=.env --`). */
  text: string;
}

/** A file a runtime flag loads: `node --env-file`, `bun --env-file`, `deno --env-file`, `uvicorn --env-file`. */
export interface LaunchEnvFile {
  path: string;
  /** `--env-file-if-exists`: a missing file is skipped. */
  ifExists: boolean;
  /** The program whose flag it is. */
  by: string;
}

export type LaunchRuntime =
  | 'node'
  | 'bun'
  | 'deno'
  | 'python'
  | 'next'
  | 'vite'
  | 'cra'
  | 'framework'
  | 'shell'
  | 'make'
  | 'just'
  | 'pm2'
  | 'procfile';

/** One simple command of a command line: `cd`, assignments and wrappers resolved down to the program that runs. */
export interface Launch {
  /** The words as the shell hands them over (quotes removed, unknown `$VAR` kept as written). */
  words: string[];
  /** The folder it runs in (relative to the root, '' = root), after any `cd` earlier on the line. */
  cwd: string;
  /** The program that finally runs, as its base name (`node`, `tsx`, `python3`, `next`); '' when the command only sets variables. */
  program: string;
  runtime?: LaunchRuntime;
  /** The framework or server for `runtime: 'framework'` / python servers (`nuxt`, `astro`, `uvicorn`, `streamlit`, ...). */
  framework?: string;
  /** The python environment manager it runs under (`uv`, `poetry`, `pipenv`). */
  via?: string;
  /** The script file it runs (as written, relative to `cwd`). */
  file?: string;
  /** It runs code written on the command line (`python -c '...'`, `node -e '...'`), not a file of the project. */
  inline?: boolean;
  /** `python -m pkg.mod`, `uvicorn main:app`: the module (with its `:app` part). */
  module?: string;
  /** Sub-command of the program (`dev`, `build`, `start`, `run`, `test`). */
  sub?: string;
  /** Framework mode (`development`, `production`, `test`, a Vite `--mode`, a wrangler `--env`, a pm2 `--env`). */
  mode?: string;
  /** It runs another script or task: `npm run dev`, `yarn start`, `bun run build`, `deno task dev`, `make run`, `just dev`. */
  script?: { tool: string; name: string };
  /** Arguments after the file, module or sub-command. */
  args: string[];
  /** Files the runtime's own flags load, in order. */
  envFiles: LaunchEnvFile[];
  /** `-r dotenv/config` / `--import dotenv/config` with `dotenv_config_*` arguments. */
  preload?: { path?: string; override?: boolean };
  /** Wrappers, outermost first. */
  wrappers: Wrapper[];
  /** `VAR=value`, `cross-env VAR=value`, `env VAR=value`, `dotenv -v VAR=value` before the program. */
  assigns: Record<string, string>;
  /** Names in `assigns` whose value needs a command or a variable keydoctor does not know. */
  dynamicAssigns?: string[];
  /** `env -i`: the program starts with an empty environment. */
  clearsEnv?: boolean;
}

/** Where a command line is written. */
export type LaunchOriginKind =
  | 'package-script'
  | 'procfile'
  | 'makefile'
  | 'justfile'
  | 'shell-script'
  | 'dockerfile'
  | 'compose'
  | 'ci'
  | 'pm2'
  | 'systemd'
  | 'supervisord'
  | 'deno-task'
  | 'ide'
  | 'mcp'
  | (string & {});

export interface LaunchFact {
  origin: {
    kind: LaunchOriginKind;
    file: string;
    line?: number;
    /** Script, process, target, recipe or service name. */ name?: string;
  };
  /** The command line as written. */
  command: string;
  /** The folder the command line starts in (relative to the root). */
  dir: string;
  /** Every simple command of the line, in order. */
  segments: Launch[];
  /** The command that starts the app: the last segment that runs a program keydoctor knows. */
  main?: Launch;
}
