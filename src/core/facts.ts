import type { Assignment, EnvFile, Note } from './types.js';
import type { CodeFacts } from '../code/types.js';
import type { DeployFacts } from '../deploy/types.js';
import type { ScanFacts } from '../scan/types.js';
import type { LiveFacts } from '../live/types.js';
import type { AdminFacts } from '../admin/types.js';
import type { TraceFacts } from '../trace/types.js';
import type { LaunchFact } from '../collect/launch/types.js';
import type { LauncherRun } from '../collect/launchers/types.js';
import type { StoreFile } from '../collect/stores/types.js';

/**
 * Everything keydoctor learnt about the machine and the project, read once by the collectors.
 * Checks read only this (and the resolved targets); they never touch the disk or the network.
 */
export interface Facts {
  /** Absolute project root. */
  root: string;
  /** Absolute home folder used for shell start-up files. */
  home: string;
  /** The process environment keydoctor runs in ("this shell"). */
  env: Record<string, string>;
  /**
   * Every assignment of a variable found anywhere (process env, shell files, dotenv files, ...): an
   * index. A dotenv file's entries here are the same objects as its `EnvFile.byDialect.dotenv` (the
   * one store of that reading); look a file's readings up through its EnvFile.
   */
  assignments: Assignment[];
  /** Parsed dotenv-format files (project and loader-named), with their issues. */
  envFiles: EnvFile[];
  /** The project's files (respecting .gitignore), for collectors that need a listing. */
  files: ProjectFile[];
  /** package.json, python requirements, frameworks, git. */
  project: ProjectInfo;
  /** Every command line that starts something (package.json scripts, Procfiles, ...), parsed once. */
  launches?: LaunchFact[];
  /** make, just and shell scripts that set variables and start the app. */
  launchers?: LauncherRun[];
  /** Folders whose bunfig.toml says `env = false`: Bun loads no .env file by itself there. */
  bunEnvOff?: string[];
  /** Framework key stores (Streamlit secrets.toml, .NET appsettings, Spring application.yml, ...): src/collect/stores. */
  stores?: StoreFile[];
  /** Keys typed into shell and REPL history files in HOME. */
  history?: HistoryHit[];
  /** Code analysis (issue: read the project's code). */
  code?: CodeFacts;
  /** Deployment files (Docker, compose, Kubernetes, CI, hosting). */
  deploy?: DeployFacts;
  /** Keys found where they must not be. */
  scan?: ScanFacts;
  /** What the API answered for each distinct effective key. */
  live?: LiveFacts;
  /** The organization's key inventory joined with the local keys (`keydoctor keys`, with an admin key). */
  admin?: AdminFacts;
  /** The versions of python-dotenv, Node and npm dotenv the project runs (src/collect/versions.ts). */
  versions?: RuntimeVersions;
  /** The clock of this run (model shutdown dates are compared with it); tests set it. */
  now?: Date;
  /** A recorded runtime trace (`keydoctor trace`, `keydoctor --trace FILE`): what the app really sent. */
  trace?: TraceFacts;
  /** Things that could not be read: become notes in the report. */
  notes: Note[];
}

// ---------------------------------------------------------------------------------------------
// The project: its files, manifests, frameworks, git and the runtime versions it runs

export interface ProjectFile {
  /** Absolute path. */
  path: string;
  /** Relative to the root, with forward slashes. */
  rel: string;
  /** Matched by a .gitignore (or a default-skip rule). */
  ignored: boolean;
  /** Set when the entry is a symbolic link that was followed: where it points (root-relative, or `~/...`). */
  link?: string;
}

export interface PackageJson {
  rel: string;
  name?: string;
  type?: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  /** `engines` and `volta` (version pins of node, npm, ...), when given. */
  engines?: Record<string, string>;
  volta?: Record<string, string>;
}

export interface PythonDeps {
  /** File the requirement came from. */
  rel: string;
  /** lower-case package name → version spec ('' when none). */
  requirements: Record<string, string>;
}

export type Framework =
  | 'next'
  | 'vite'
  | 'cra'
  | 'nuxt'
  | 'sveltekit'
  | 'remix'
  | 'astro'
  | 'expo'
  | 'gatsby'
  | 'vue-cli'
  | 'django'
  | 'flask'
  | 'fastapi'
  | 'streamlit';

export interface GitInfo {
  isRepo: boolean;
  /** Paths tracked by git, relative to the project root. */
  tracked: Set<string>;
}

export interface ProjectInfo {
  packageJsons: PackageJson[];
  python: PythonDeps[];
  frameworks: Framework[];
  /** The project uses Node (a package.json) / Python (requirements, pyproject, .py files). */
  node: boolean;
  pythonProject: boolean;
  git: GitInfo;
  /** LLM SDKs other languages' build files depend on (`github.com/openai/openai-go (go.mod)`). */
  otherSdks?: string[];
}

export interface VersionChoice {
  /** The version modelled ("1.2.2", "22", "20.20.2"). */
  version: string;
  /** Where it comes from: a file relative to the root, or a description (`the running Node`, `newest release`). */
  source: string;
  how: 'installed' | 'lockfile' | 'pin' | 'range' | 'version-file' | 'volta' | 'engines' | 'running' | 'default';
}

export interface RuntimeVersions {
  pythonDotenv: VersionChoice;
  node: VersionChoice;
  /** npm dotenv, when the project depends on it. */
  npmDotenv?: VersionChoice;
}

// ---------------------------------------------------------------------------------------------
// Shell and REPL history (src/collect/history)

/** A key typed into a shell or REPL history file. */
export interface HistoryHit {
  /** `~/.bash_history`. */
  path: string;
  /** Absolute path (for the fix command). */
  abs: string;
  line: number;
  shell: 'bash' | 'zsh' | 'fish' | 'python' | 'node' | 'sh';
  secret: string;
  kind: string;
  label: string;
  provider?: string;
  /** The variable it was assigned to on that line, when it says. */
  name?: string;
}
