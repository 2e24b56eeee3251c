/** Reading a saved trace for `keydoctor --trace FILE` and `keydoctor explain --trace FILE`. */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './io.js';
import { parseTraceDocument, type TraceFacts } from '../trace/records.js';

const MAX = 64 * 1024 * 1024;

export function readTrace(cwd: string, file: string): TraceFacts {
  const path = resolve(cwd, file);
  let text: string;
  try {
    if (statSync(path).size > MAX) throw new UsageError(`${file} is larger than 64 MB: not a trace`);
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    return parseTraceDocument(text);
  } catch (e) {
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
}
