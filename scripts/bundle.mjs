#!/usr/bin/env node
// Bundles the compiled CLI (dist/src/cli/bin.js) into dist/cli/ as CommonJS (.cjs): loading ~250
// small ES modules one by one was a third of keydoctor's start-up time, and on these machines Node
// starts a CommonJS program 10-80 ms sooner than the same code as ES modules (no ES module loader:
// synchronous resolution and loading). npm packages stay external (required from node_modules), but for the
// parsers shipped beside the chunks (VENDOR below);
// commands keep loading lazily as separate chunks (`import()` becomes a deferred require); the
// scan's worker is its own entry next to the chunk that starts it (src/scan/pool.ts finds it as
// ./worker.cjs, so all files share one folder). The library (dist/src) stays ES modules, unbundled.
import { rollup } from 'rollup';
import { builtinModules, createRequire } from 'node:module';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const out = 'dist/cli';
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
rmSync(out, { recursive: true, force: true });

// The parsers most runs load, shipped as one file each beside the chunks (ISC / MIT, their licence
// kept at the top): required from node_modules, yaml is 74 modules to resolve and compile (about 30 ms
// of a run that meets a compose file, a workflow or a manifest), @babel/parser one large file that
// Node 20 compiles afresh on every run. Beside the chunks, the CLI's code cache covers them too. The
// library (dist/src) keeps importing the packages.
const require = createRequire(import.meta.url);
// a package's folder: up from its main file to the package.json that names it (not every package exports its package.json)
const home = (pkg) => {
  const named = (d) =>
    existsSync(join(d, 'package.json')) && JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')).name === pkg;
  let d = dirname(require.resolve(pkg));
  while (!named(d)) {
    if (dirname(d) === d) throw new Error(`bundle: no package.json for ${pkg}`);
    d = dirname(d);
  }
  return d;
};
const licence = (pkg) =>
  `/*! ${pkg} (bundled for keydoctor's CLI)\n${readFileSync(
    join(home(pkg), existsSync(join(home(pkg), 'LICENSE')) ? 'LICENSE' : 'LICENSE.md'),
    'utf8',
  )
    .trim()
    .replace(/\*\//g, '* /')}\n*/`;
// Each as one CommonJS file: `copy` of the package's own single-file build, or its ES module build
// (`esm`, relative to the package) bundled by rollup. The TOML and JSONC parsers: pyproject.toml and
// settings files, a few milliseconds each.
const VENDOR = {
  yaml: { file: './vendor-yaml.cjs', esm: 'browser/index.js' },
  '@babel/parser': { file: './vendor-babel-parser.cjs', copy: true },
  'smol-toml': { file: './vendor-smol-toml.cjs', copy: true },
  'jsonc-parser': { file: './vendor-jsonc-parser.cjs', esm: 'lib/esm/main.js' },
};
const bundle = await rollup({
  input: { bin: 'dist/src/cli/bin.js', worker: 'dist/src/scan/worker.js' },
  // Relative imports are ours and get bundled; built-ins and npm packages stay imports.
  external: (id) => builtins.has(id) || !(id.startsWith('.') || id.startsWith('/')),
  // Built-ins and packages are imported for their exports, never for side effects: an import whose
  // bindings all went unused (or were only types) loads nothing. Without this, rollup kept such
  // imports as bare requires (the scan chunk loaded node:child_process, and node:net under it).
  treeshake: { moduleSideEffects: 'no-external' },
  plugins: [
    {
      // the parsers' lazy loads (src/core/lazy.ts require them by name) go to the shipped files
      name: 'vendored-requires',
      transform(code, id) {
        if (!/[\\/]src[\\/]core[\\/]lazy\.js$/.test(id)) return null;
        let out = code;
        for (const [pkg, { file }] of Object.entries(VENDOR))
          out = out.split(`require('${pkg}')`).join(`require('${file}')`);
        return { code: out, map: null };
      },
    },
  ],
  onwarn(warning, warn) {
    if (warning.code === 'CIRCULAR_DEPENDENCY') return;
    warn(warning);
  },
});
await bundle.write({
  dir: out,
  format: 'cjs',
  entryFileNames: '[name].cjs',
  chunkFileNames: '[name]-[hash].cjs',
  // Lazy commands stay lazy: import() becomes Promise.resolve().then(() => require(...)).
  dynamicImportInCjs: false,
  // A chunk requires the chunks it uses, not also theirs (rollup's hoisting would load the reader
  // with the scan command, see below; the order of loading changes nothing: modules only define).
  hoistTransitiveImports: false,
  // The scan's reader (the file reader, detect.ts with its WebAssembly pass, the archive formats)
  // is a chunk of its own: the scan loads it while the native walk runs, not before starting it.
  // Rollup would otherwise fold it into the chunks loaded at start-up.
  // What both it and the walk use stays in a chunk of its own (else rollup would move it into the
  // reader's chunk, which start-up would then load after all).
  manualChunks: (id) => {
    const p = id.replace(/\\/g, '/');
    if (/\/src\/scan\/(read|detect|simd|archive)\.js$/.test(p)) return 'reader';
    // The addon's loader: the walk, core/read-file.ts and the archives' inflation all use it.
    if (/\/src\/native\/addon\.js$/.test(p)) return 'addon';
    if (
      /\/src\/(scan\/(anchors|limits|paths)|core\/(require|hash)|keys\/(classify|matcher)|providers\/[^/]+)\.js$/.test(
        p,
      )
    )
      return 'scan-base';
    return undefined;
  },
  banner: (chunk) => (chunk.fileName === 'bin.cjs' ? '#!/usr/bin/env node' : ''),
  // the static imports of the parsers (the fixers) take the shipped files too: one copy of each is loaded
  paths: (id) => VENDOR[id]?.file ?? id,
});
await bundle.close();

// (yaml's ES module build is the same code as its CommonJS one, without its debug-only environment flags)
for (const [pkg, v] of Object.entries(VENDOR)) {
  const file = join(out, v.file);
  if (v.copy) {
    writeFileSync(file, `${licence(pkg)}\n${readFileSync(require.resolve(pkg), 'utf8')}`);
    continue;
  }
  const b = await rollup({ input: join(home(pkg), v.esm), onwarn() {} });
  await b.write({ file, format: 'cjs', banner: licence(pkg), exports: 'named' });
  await b.close();
}
