/**
 * A command: its option table, its help (rendered from the table) and what it does. defineCommand
 * parses the arguments against the table and answers `--help` for every command, so each command's
 * run starts with its parsed options.
 */
import type { CliIO } from './io.js';
import { helpText, parseCommand, type HelpSpec, type OptionTable, type Parsed } from './args.js';

export interface Command {
  name: string;
  /** Full help text (usage line and options). */
  help: string;
  run(argv: string[], io: CliIO): Promise<number>;
}

export interface CommandSpec<O extends OptionTable, X> {
  name: string;
  options: O;
  /** The help around the option list (the list itself comes from `options`). */
  usage: Omit<HelpSpec, 'options'>;
  /**
   * Words the option parser must not see, taken out of the arguments first: trace's `-- CMD`,
   * rotate's optional ids (parseArgs has no optional values).
   */
  take?: (argv: string[]) => { argv: string[]; taken: X };
  run(args: Parsed<O> & { taken: X }, io: CliIO): Promise<number>;
}

export function defineCommand<O extends OptionTable, X = undefined>(spec: CommandSpec<O, X>): Command {
  const help = helpText({ ...spec.usage, options: spec.options });
  return {
    name: spec.name,
    help,
    async run(argv, io) {
      const { argv: own, taken } = spec.take ? spec.take(argv) : { argv, taken: undefined as X };
      const parsed = parseCommand(own, spec.options);
      if ((parsed.values as { help?: boolean }).help) {
        io.stdout(help);
        return 0;
      }
      return spec.run({ ...parsed, taken }, io);
    },
  };
}
