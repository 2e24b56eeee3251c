/**
 * The end of a run, once the command's output is written. Node's own exit waits for V8's background
 * compile jobs and tears the heap down first (up to 10 ms after a scan, a tenth of its time); when the
 * native addon is loaded, the process ends at once instead (_exit), but only when that loses nothing:
 * - stdout and stderr hold no unwritten data (writes to files, pipes and terminals are synchronous
 *   here; anything still queued means a normal exit, which writes it);
 * - Node was started plainly: no coverage (NODE_V8_COVERAGE), no profiler, inspector or other
 *   option (process.execArgv, NODE_OPTIONS), whose output is written at exit;
 * - keydoctor registers no exit handler of its own (a normal exit runs the ones others add).
 */
import { loadedAddon } from '../native/addon.js';

export function quickExit(code: number): void {
  const addon = loadedAddon();
  if (!addon?.exitNow) return;
  if (process.stdout.writableLength > 0 || process.stderr.writableLength > 0) return;
  if (process.execArgv.length > 0 || process.env.NODE_OPTIONS || process.env.NODE_V8_COVERAGE) return;
  if (process.listenerCount('exit') > 0 || process.listenerCount('beforeExit') > 0) return;
  addon.exitNow(code);
}
