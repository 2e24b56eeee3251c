/** The one line printed when keydoctor itself fails: never a full key, even then. */
import { collectSecrets } from '../keys/secrets.js';

export function crashMessage(e: unknown, env: Record<string, string | undefined>): string {
  let text: string;
  try {
    text = e instanceof Error ? (e.stack ?? e.message) : String(e);
  } catch {
    text = 'an error that cannot be shown';
  }
  let masked: string;
  try {
    // The environment's credentials and the pattern net (the facts of the run are gone by now).
    masked = collectSecrets({ env }).maskText(text);
  } catch {
    masked = '(the error text could not be masked, so it is not shown)';
  }
  return `keydoctor: internal error: ${masked}\n`;
}
