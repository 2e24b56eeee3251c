/**
 * Where `keys` and `rotate` get the admin key: `--admin-key-stdin` (the first line of standard
 * input), else OPENAI_ADMIN_KEY, else a hidden prompt on a terminal. Never an argument, never
 * written anywhere, never printed (every output masks it).
 */
import { classifyCredential } from '../keys/classify.js';
import { UsageError, type CliIO } from './io.js';

export interface AdminKey {
  key: string;
  source: string;
  /** Standard input after the first line (rotate --manual reads the new key from there). */
  rest?: string;
}

export const ADMIN_KEY_HELP = `The admin key (sk-admin-..., made by an organization owner at
https://platform.openai.com/settings/organization/admin-keys) comes from --admin-key-stdin (first
line of standard input), else OPENAI_ADMIN_KEY, else a hidden prompt on a terminal; never from an
argument.`;

function firstLine(s: string): { line: string; rest: string } {
  const nl = s.search(/\r?\n/);
  if (nl < 0) return { line: s, rest: '' };
  return { line: s.slice(0, nl), rest: s.slice(nl + (s[nl] === '\r' ? 2 : 1)) };
}

export async function readAdminKey(io: CliIO, fromStdin: boolean): Promise<AdminKey> {
  let key: string | undefined;
  let source = '';
  let rest: string | undefined;
  if (fromStdin) {
    const r = firstLine(await io.readStdin());
    key = r.line.trim();
    rest = r.rest;
    source = 'standard input';
    if (!key) throw new UsageError('--admin-key-stdin: standard input holds no key');
  } else if (io.env.OPENAI_ADMIN_KEY?.trim()) {
    key = io.env.OPENAI_ADMIN_KEY.trim();
    source = '$OPENAI_ADMIN_KEY';
  } else if (
    io.prompt &&
    (key = (await io.prompt('Admin key (sk-admin-..., input hidden): ', { hidden: true }))?.trim()) !== undefined
  ) {
    source = 'the prompt';
    if (!key) throw new UsageError('no admin key given');
  } else {
    throw new UsageError(
      'no admin key: set OPENAI_ADMIN_KEY, pass --admin-key-stdin with the key on standard input, or run in a terminal to be asked for it',
    );
  }
  const c = classifyCredential(key);
  if (c.provider === 'openai' && c.kind !== 'openai-admin' && c.kind !== 'openai-malformed') {
    throw new UsageError(
      `the key from ${source} is an ${c.label}, not an admin key: the Admin API needs an sk-admin- key (Organization settings → Admin keys)`,
    );
  }
  return { key, source, rest };
}
