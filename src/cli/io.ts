/** The CLI's window on the world; tests pass their own. */
export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readStdin: () => Promise<string>;
  isTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  /**
   * Asks one question on the terminal and returns the answer (undefined when standard input is not
   * a terminal). `hidden`: nothing typed is echoed (set-key's key prompt). Absent: never asks.
   */
  prompt?: (question: string, opts?: { hidden?: boolean }) => Promise<string | undefined>;
  /** Standard input is a terminal (set-key asks for the key then, instead of reading a pipe). */
  stdinIsTTY?: boolean;
}

export function processIO(): CliIO {
  return {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    readStdin: async () => {
      if (process.stdin.isTTY) return '';
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    // Getters: process.stdout and process.stdin are made on first use (bin.ts makes stdout once the
    // command is under way), and making them loads Node's stream modules.
    get isTTY() {
      return Boolean(process.stdout.isTTY);
    },
    env: process.env,
    cwd: process.cwd(),
    prompt: askTerminal,
    // Asked only by set-key, which reads standard input: no other command makes process.stdin.
    get stdinIsTTY() {
      return Boolean(process.stdin.isTTY);
    },
  };
}

/** One line from the terminal, echo off when hidden (the answer is never printed). */
async function askTerminal(question: string, opts: { hidden?: boolean } = {}): Promise<string | undefined> {
  const stdin = process.stdin;
  if (!stdin.isTTY) return undefined;
  process.stderr.write(question);
  const { emitKeypressEvents } = await import('node:readline');
  emitKeypressEvents(stdin);
  const raw = stdin.isRaw;
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve) => {
    let answer = '';
    const done = (v: string | undefined) => {
      stdin.off('keypress', onKey);
      stdin.setRawMode(raw);
      stdin.pause();
      process.stderr.write('\n');
      resolve(v);
    };
    const onKey = (str: string | undefined, key: { name?: string; ctrl?: boolean } | undefined) => {
      if (key?.ctrl && (key.name === 'c' || key.name === 'd')) return done(undefined);
      if (key?.name === 'return' || key?.name === 'enter') return done(answer);
      if (key?.name === 'backspace') {
        if (answer.length) {
          answer = answer.slice(0, -1);
          if (!opts.hidden) process.stderr.write('\b \b');
        }
        return;
      }
      if (str && !key?.ctrl) {
        answer += str;
        if (!opts.hidden) process.stderr.write(str);
      }
    };
    stdin.on('keypress', onKey);
  });
}

/** A usage error: exit status 2 with a message. */
export class UsageError extends Error {}

/** Colour only on a TTY, never with NO_COLOR or --no-color; FORCE_COLOR forces it. */
export function useColor(io: CliIO, noColorFlag: boolean | undefined): boolean {
  if (noColorFlag) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.isTTY && io.env.TERM !== 'dumb';
}

export function splitList(v: string | string[] | undefined): string[] {
  const items = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return items
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter(Boolean);
}

/** Checks `--format` against the formats a command offers. */
export function parseFormat<F extends string>(value: string | undefined, allowed: readonly F[]): F {
  if (value !== undefined && (allowed as readonly string[]).includes(value)) return value as F;
  const list = allowed.length > 1 ? `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}` : allowed.join('');
  throw new UsageError(`--format must be ${list} (got ${value})`);
}

/** Longest timeout Node's timers take (2^31 - 1 ms, about 24.8 days); a larger one silently became 1 ms. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Parses `--timeout MS`: a positive number of milliseconds up to MAX_TIMEOUT_MS, or the default when absent. */
export function parseTimeout(value: string | undefined): number | undefined;
export function parseTimeout(value: string | undefined, fallback: number): number;
export function parseTimeout(value: string | undefined, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  const ms = Number(value);
  if (!Number.isFinite(ms) || ms <= 0) throw new UsageError(`--timeout takes milliseconds (got ${value})`);
  if (ms > MAX_TIMEOUT_MS)
    throw new UsageError(`--timeout takes at most ${MAX_TIMEOUT_MS} ms (about 24 days; got ${value})`);
  return Math.max(1, Math.round(ms));
}
