/** Which files a dotenv load reads: pure path logic over a load fact, shared by the code collector and the code checks. */
import { posix } from 'node:path';
import type { DotenvLoad } from './types.js';
import { PATH_JOIN, dirOf, joinInside } from '../core/paths.js';

/**
 * What dotenv-azd's `load_azd_env()` reads: the output of `azd env get-values`, which is the default azd
 * environment's file `.azure/<environment>/.env` next to `azure.yaml` (found from the working folder
 * upward), loaded with python-dotenv without override. The collector puts the environment's name in.
 */
export const AZD_ENV_FILE = '.azure/<azd environment>/.env';

/** Candidate files (root-relative) a load reads, in the order the loader looks; undefined when unknown or outside the root. */
export function resolveLoad(l: DotenvLoad, cwd: string): string[] | undefined {
  // `.env.${NODE_ENV}`: which file depends on the target's environment (resolve/node.ts fillPath)
  if (l.path?.includes('${')) return undefined;
  const name = l.path ?? '.env';
  const walk = (from: string): string[] => {
    const out: string[] = [];
    let d: string | undefined = from;
    for (;;) {
      const c = joinInside(d ?? '', name, PATH_JOIN);
      if (c !== undefined) out.push(c);
      if (!d) break;
      d = dirOf(d);
    }
    return out;
  };
  switch (l.base) {
    case 'file-dir': {
      const c = joinInside(dirOf(l.file), name, PATH_JOIN);
      return c === undefined ? undefined : [c];
    }
    case 'walk-up':
      return walk(dirOf(l.file));
    case 'cwd-walk-up':
      return walk(cwd);
    case 'absolute':
      // `~/.env` (Path.home(), expanduser) and absolute paths: the file itself, read by the code collector when it is in HOME or the project
      return l.path && (l.path.startsWith('~/') || l.path.startsWith('/')) ? [posix.normalize(l.path)] : undefined;
    case 'unknown':
      return undefined;
    default: {
      if (l.loader === 'dotenv-flow')
        return ['.env', '.env.local']
          .map((n) => joinInside(cwd, n, PATH_JOIN))
          .filter((x): x is string => x !== undefined);
      const c = joinInside(cwd, name, PATH_JOIN);
      return c === undefined ? undefined : [c];
    }
  }
}
