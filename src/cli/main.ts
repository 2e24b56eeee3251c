/** Argument dispatch: `keydoctor [command] [args]`, doctor by default. */
import { VERSION } from '../version.js';
import type { Command } from './command.js';
import { UsageError, type CliIO } from './io.js';
import { maxOf } from '../core/arrays.js';
import { collectSecrets } from '../keys/secrets.js';
import type { COMMAND_NAMES } from './command-names.js';

interface Entry {
  summary: string;
  load: () => Promise<Command>;
}

// Every name in COMMAND_NAMES, and no other (`satisfies` says so).
const COMMANDS: Record<string, Entry> = {
  doctor: {
    summary: 'find out why the key fails, from every source to the API (default)',
    load: async () => (await import('./commands/doctor.js')).command,
  },
  scan: {
    summary: 'find every exposed key in the tree, the staged changes or the git history',
    load: async () => (await import('./commands/scan.js')).command,
  },
  explain: {
    summary: 'explain a pasted OpenAI / Azure error: what it means, why, what to do',
    load: async () => (await import('./commands/explain.js')).command,
  },
  verify: {
    summary: 'ask the API whether it accepts the key, and what the key may do',
    load: async () => (await import('./commands/verify.js')).command,
  },
  fix: {
    summary: 'repair what the doctor found: a diff first, --yes writes (atomically, with backups), --undo restores',
    load: async () => (await import('./commands/fix.js')).command,
  },
  keys: {
    summary: "list the organization's keys (Admin API) and match them to the keys found here",
    load: async () => (await import('./commands/keys.js')).command,
  },
  'set-key': {
    summary: 'put a new key where every target gets it (value from stdin, a hidden prompt or --from-env)',
    load: async () => (await import('./commands/set-key.js')).command,
  },
  trace: {
    summary: 'run a command and record which key each process really sends, compared with the prediction',
    load: async () => (await import('./commands/trace.js')).command,
  },
  rotate: {
    summary: 'replace a key with a new service-account key everywhere it is used, then revoke the old one',
    load: async () => (await import('./commands/rotate.js')).command,
  },
  emulate: {
    summary: 'run a local emulator of the OpenAI / Azure OpenAI auth layer',
    load: async () => (await import('./commands/emulate.js')).command,
  },
} satisfies Record<(typeof COMMAND_NAMES)[number], Entry>;

export function mainHelp(): string {
  const names = Object.keys(COMMANDS);
  const w = maxOf(names.map((n) => n.length));
  return [
    'keydoctor: why does my OpenAI / Azure OpenAI key fail? Finds out, proves it, says what to change.',
    '',
    'Usage: keydoctor [command] [options]',
    '',
    'Commands:',
    ...names.map((n) => `  ${n.padEnd(w)}  ${COMMANDS[n]?.summary ?? ''}`),
    '',
    'Run `keydoctor <command> --help` for the options of one command.',
    'Global: --help, --version. Exit status: 0 no errors, 1 errors found, 2 keydoctor could not run.',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  if (argv[0] === '--version' || argv[0] === '-v') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout(mainHelp());
    return 0;
  }
  let name = 'doctor';
  let rest = argv;
  const first = argv[0];
  if (first !== undefined && !first.startsWith('-') && Object.hasOwn(COMMANDS, first)) {
    name = first;
    rest = argv.slice(1);
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr(`keydoctor: unknown command ${name}\n`);
    return 2;
  }
  try {
    const cmd = await entry.load();
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError || (e as NodeJS.ErrnoException).code?.startsWith?.('ERR_PARSE_ARGS')) {
      // Usage errors quote option values: a key pasted in the wrong place is masked like any other output.
      io.stderr(
        `keydoctor ${name}: ${collectSecrets({ env: io.env }).maskText((e as Error).message)}\nRun \`keydoctor ${name} --help\` for usage.\n`,
      );
      return 2;
    }
    throw e;
  }
}
