#!/usr/bin/env node
// keydoctor's executable. `--version` answers before anything else is loaded. No top-level await:
// the CLI bundle is CommonJS (see scripts/bundle.mjs), which starts faster than ES modules.
import { useCompileCache, saveCompileCache } from './compile-cache.js';
import { commandOf } from './command-names.js';
import { useChunkPaths } from './chunk-paths.js';

async function run(argv: string[]): Promise<void> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
    const { VERSION } = await import('../version.js');
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  // In the bundle (dist/cli/bin.cjs), its chunks load with V8's code cache; not from dist/src (ES modules).
  if (typeof __dirname === 'string') {
    useChunkPaths(__dirname);
    useCompileCache(__dirname, process.env, commandOf(argv));
  }
  const { crashMessage } = await import('./crash.js');
  // A reader that stops early (`keydoctor scan | head -1`) closes the pipe: EPIPE ends the run
  // quietly with the status it has, as cat and grep do, instead of a crash. process.stdout and
  // process.stderr are made (which loads Node's stream and socket modules) once the command is
  // under way, its scan's threads running (setImmediate: after the first wait), or at the first
  // write, whichever comes first: not before the command starts.
  let guarded = false;
  function guard(): void {
    if (guarded) return;
    guarded = true;
    for (const stream of [process.stdout, process.stderr]) {
      stream.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED')
          process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
        crash(e);
      });
    }
  }
  const crash = (e: unknown) => {
    guard();
    process.stderr.write(crashMessage(e, process.env));
    process.exit(2);
  };
  setImmediate(guard);
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  try {
    const { main } = await import('./main.js');
    const { processIO } = await import('./io.js');
    const io = processIO();
    const [out, err] = [io.stdout, io.stderr];
    io.stdout = (s) => {
      guard();
      out(s);
    };
    io.stderr = (s) => {
      guard();
      err(s);
    };
    const code = await main(argv, io);
    process.exitCode = code;
    const { quickExit } = await import('./quick-exit.js');
    saveCompileCache();
    quickExit(code);
  } catch (e) {
    crash(e);
  }
}

void run(process.argv.slice(2));
