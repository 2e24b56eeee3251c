/** The Azure Developer CLI's current environment: its name, from AZURE_ENV_NAME or .azure/config.json. */
import { join } from 'node:path';
import type { Facts } from '../core/facts.js';
import { readFileLimited } from '../core/read-file.js';

/**
 * The Azure Developer CLI environment `azd env get-values` reads: `AZURE_ENV_NAME` when set, else
 * `defaultEnvironment` in `.azure/config.json` (what `azd env new` / `azd env select` write).
 */
export function azdEnvironment(facts: Pick<Facts, 'root'> & Partial<Pick<Facts, 'env'>>): string | undefined {
  const fromEnv = facts.env?.['AZURE_ENV_NAME'];
  if (fromEnv && /^[\w.-]+$/.test(fromEnv)) return fromEnv;
  try {
    const r = readFileLimited(join(facts.root, '.azure', 'config.json'), 64 * 1024);
    if (typeof r === 'number') return undefined;
    const name = (JSON.parse(r.toString('utf8')) as { defaultEnvironment?: unknown }).defaultEnvironment;
    return typeof name === 'string' && /^[\w.-]+$/.test(name) ? name : undefined;
  } catch {
    return undefined;
  }
}
