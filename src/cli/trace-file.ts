/** Reading a saved trace for `keydoctor --trace FILE` and `keydoctor explain --trace FILE`. */
import { resolve } from 'node:path';
import { UsageError } from './io.js';
import { isMissing, NOT_REGULAR, readFileLimited, readProblem } from '../core/read-file.js';
import { parseTraceDocument } from '../trace/records.js';
import type { TraceFacts } from '../trace/types.js';

const MAX = 64 * 1024 * 1024;

export function readTrace(cwd: string, file: string): TraceFacts {
  let got: Buffer | number;
  try {
    got = readFileLimited(resolve(cwd, file), MAX);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (isMissing(code)) throw new UsageError(`no such file: ${file}`);
    if (code === NOT_REGULAR) throw new UsageError(`not a regular file: ${file} is ${readProblem(e)}`);
    throw new UsageError(`cannot read ${file}: ${readProblem(e)}`);
  }
  if (typeof got === 'number') throw new UsageError(`${file} is larger than 64 MB: not a trace`);
  try {
    return parseTraceDocument(got.toString('utf8'));
  } catch (e) {
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
}
