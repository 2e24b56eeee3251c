/** What the launchers collector (src/collect/launchers) records: make, just, scripts, services, IDE and MCP launches. */
import type { Assignment } from '../../core/types.js';
import type { Launch } from '../launch/types.js';

export interface LauncherLayer {
  source: string;
  loader: string;
  mode: 'override' | 'if-unset';
  assignments: Assignment[];
  /** Passed on only for names the environment already has (make's unexported variables). */
  onlyIfInEnv?: boolean;
  loaded?: boolean;
  reason?: string;
  /** The dotenv file this layer reads, when it reads one (relative to the root). */
  file?: string;
  /** The grammar the launcher reads that file with (default python-dotenv's, the closest to a shell's). */
  dialect?: 'dotenv' | 'python' | 'node';
  /** A file the launcher would load that was never made (root-relative): the target's missingLoads. */
  missing?: string;
}

export interface LauncherRun {
  kind:
    | 'make'
    | 'just'
    | 'shell-script'
    | 'pm2'
    | 'systemd'
    | 'supervisord'
    | 'ide'
    | 'mcp'
    | 'deno-task'
    | 'wrangler'
    | 'supabase'
    | 'langgraph'
    | 'llama-deploy'
    | 'test-runner';
  id: string;
  label: string;
  file: string;
  line: number;
  /** What the launcher itself puts into the app's environment, in order. */
  layers: LauncherLayer[];
  /** The command that starts the app. */
  launch: Launch;
  /** How the launcher loads its values, in words. */
  loading: string;
  /** false: the app does not inherit the shell's environment (a systemd service, an MCP server a desktop app starts). */
  inherits?: boolean;
  /** What the app starts with instead of the shell's environment, in words. */
  baseText?: string;
  /** Values that come from outside keydoctor's sight (an EnvironmentFile on the server, a secret store), one phrase each. */
  external?: string[];
  /** The target stands beside the one for the same file started directly (a debug launch, a test run): it does not replace it. */
  beside?: boolean;
  /** It starts a program that is not the project's code (`npx -y some-mcp-server`): its values are checked, its clients are unknown. */
  foreign?: boolean;
  /** The key variable, when the launcher says it (a foreign program's env block). */
  keyVar?: string;
  /** Only these names come through from the shell (tox's pass_env), with why the others do not. */
  passes?: (name: string) => boolean;
  passText?: string;
  /** It runs the tests: a target only when the tests read an OpenAI key variable. */
  testsOnly?: boolean;
  /** Names the runtime itself sets, with values keydoctor cannot know (what the Supabase CLI injects into Edge Functions). */
  provides?: string[];
}
