import type { CliIO } from './io.js';

export interface Command {
  name: string;
  summary: string;
  /** Full help text (usage line and options). */
  help: string;
  run(argv: string[], io: CliIO): Promise<number>;
}
