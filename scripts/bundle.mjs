#!/usr/bin/env node
// Bundles the compiled CLI (dist/src/cli/bin.js) into dist/cli/: loading ~250 small ES modules one by
// one was a third of keydoctor's start-up time. npm packages stay external (loaded from node_modules);
// commands keep loading lazily as separate chunks; the scan's worker is its own entry next to the
// chunk that starts it (src/scan/pool.ts finds it as ./worker.js, so all files share one folder).
// The library (dist/src) is not bundled.
import { rollup } from 'rollup';
import { builtinModules } from 'node:module';
import { rmSync } from 'node:fs';

const out = 'dist/cli';
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
rmSync(out, { recursive: true, force: true });
const bundle = await rollup({
  input: { bin: 'dist/src/cli/bin.js', worker: 'dist/src/scan/worker.js' },
  // Relative imports are ours and get bundled; built-ins and npm packages stay imports.
  external: (id) => builtins.has(id) || !(id.startsWith('.') || id.startsWith('/')),
  onwarn(warning, warn) {
    if (warning.code === 'CIRCULAR_DEPENDENCY') return;
    warn(warning);
  },
});
await bundle.write({
  dir: out,
  format: 'es',
  entryFileNames: '[name].js',
  chunkFileNames: '[name]-[hash].js',
  banner: (chunk) => (chunk.fileName === 'bin.js' ? '#!/usr/bin/env node' : ''),
});
await bundle.close();
