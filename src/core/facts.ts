import type { Assignment, EnvFile, Note } from './types.js';
import type { ProjectFile } from '../collect/files.js';
import type { ProjectInfo } from '../collect/project.js';
import type { CodeFacts } from '../code/types.js';
import type { DeployFacts } from '../deploy/types.js';
import type { ScanFacts } from '../scan/types.js';
import type { LiveFacts } from '../live/types.js';
import type { RuntimeVersions } from '../collect/versions.js';
import type { AdminFacts } from '../admin/types.js';
import type { TraceFacts } from '../trace/records.js';
import type { LaunchFact } from '../collect/launch/types.js';
import type { HistoryHit } from '../collect/history/collector.js';

export type { HistoryHit };
import type { LauncherRun } from '../collect/launchers/collector.js';
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
