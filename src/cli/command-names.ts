/** The CLI's commands by name (main.ts loads each; bin.ts keeps a code cache per command). */
export const COMMAND_NAMES = [
  'doctor',
  'scan',
  'explain',
  'verify',
  'fix',
  'keys',
  'set-key',
  'trace',
  'rotate',
  'emulate',
] as const;

/** The command a command line runs: its first word when that names one, else the doctor (the default). */
export function commandOf(argv: readonly string[]): string {
  const first = argv[0];
  return first !== undefined && (COMMAND_NAMES as readonly string[]).includes(first) ? first : 'doctor';
}
