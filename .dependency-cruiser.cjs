/* global module */
/**
 * The layers of keydoctor, checked on every `npm test` (npm run deps). From the floor up:
 *   core (types, facts, paths, text helpers) → fs (the project listing and the .gitignore matcher,
 *   shared by the collectors and the scan) → keys, providers → collectors (collect, code, deploy,
 *   scan) → resolve → live, checks → report → pipeline (diagnose, verify) → the commands' libraries
 *   (fix, rotate, admin, explain, trace) → cli.
 * A module imports only from its own layer or below. The one exception: core/facts.ts names the
 * shapes each area fills, type-only, from their types modules (<area>/types.ts, which import types
 * only). No import, type-only or not, closes a circle: a shape two modules share lives in a types module both import (checks/types.ts,
 * code/{js,python}/context.ts, scan/tree-types.ts, emulator/types.ts, collect/<collector>/types.ts).
 */
const RUNTIME = { dependencyTypesNot: ['type-only'] };

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import circle, type-only imports included (tsPreCompilationDeps keeps them in the graph).',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'core-is-the-floor',
      severity: 'error',
      comment:
        'core/ holds what every layer uses: it imports nothing above it but the loader of the optional native addon and, for the shape of Facts, the types modules (<area>/types.ts) of the areas that fill it.',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: ['^src/(core|native)/', '^src/.+/types\\.ts$'] },
    },
    {
      name: 'types-modules-are-types',
      severity: 'error',
      comment:
        'A types module (<area>/types.ts) names shapes: it imports types only, so core/facts.ts and every layer can name it without running anything.',
      from: { path: '^src/.+/types\\.ts$' },
      to: { path: '^src/', ...RUNTIME },
    },
    {
      name: 'fs-below-the-collectors',
      severity: 'error',
      comment:
        'fs/ (listing, .gitignore rules) serves both the collectors and the scan: it imports only core and the native addon loader, so neither walker imports the other.',
      from: { path: '^src/fs/' },
      to: { path: '^src/', pathNot: '^src/(core|native|fs)/', ...RUNTIME },
    },
    {
      name: 'only-the-cli-imports-the-cli',
      severity: 'error',
      comment: 'src/cli is the top: it prints, and nothing imports it (src/index.ts is the library entry).',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'pipeline-above-the-layers',
      severity: 'error',
      comment: 'The pipeline runs collectors, resolver, live step, checks and report: none of them imports it back.',
      from: { path: '^src/(core|fs|keys|providers|collect|code|deploy|scan|resolve|live|checks|report)/' },
      to: { path: '^src/pipeline/' },
    },
    {
      name: 'checks-are-pure',
      severity: 'error',
      comment: 'Checks read facts and targets: nothing from the collectors, the pipeline or the CLI.',
      from: { path: '^src/checks/' },
      to: { path: '^src/(collect|fs|pipeline|cli)/|collector\\.ts$' },
    },
    {
      name: 'collectors-below-checks',
      severity: 'error',
      comment: 'Collectors and readers gather facts; they never run checks, build reports or print.',
      from: { path: '^src/(collect|code|deploy)/' },
      to: { path: '^src/(checks|report|pipeline|cli)/', ...RUNTIME },
    },
    {
      name: 'report-below-pipeline',
      severity: 'error',
      comment: 'Reports and formatters are pure functions of a report: no collector, no network.',
      from: { path: '^src/report/' },
      to: { path: '^src/(collect|code/collector|deploy/collector|live/http|pipeline|cli)', ...RUNTIME },
    },
    {
      name: 'report-loads-no-checks',
      severity: 'error',
      comment:
        "The report and its formatters take the findings' metadata from whoever ran the checks (checks/meta.ts's lookup), so printing a scan loads none of the doctor's checks or code analysis. report/docs.ts (the catalog page, for npm run docs) reads every check's metadata.",
      from: { path: '^src/report/', pathNot: '^src/report/docs\\.ts$' },
      to: {
        path: '^src/(checks|code)/',
        pathNot: ['^src/checks/meta\\.ts$', '^src/code/guard-text\\.ts$'],
        ...RUNTIME,
      },
    },
    {
      name: 'scan-checks-stay-light',
      severity: 'error',
      comment:
        "The exposure checks are the scan's: nothing they reach, directly or not, may be the resolver, the code analysis or a collector (resolve/store-keys.ts is the key stores' pure part; types modules are shapes only), or the scan loads the doctor.",
      from: { path: '^src/checks/exposure/' },
      to: {
        path: '^src/(resolve/|code/|collect/|deploy/collector|checks/code/)',
        // types modules name shapes only (they import types only: types-modules-are-types)
        pathNot: ['^src/resolve/store-keys\\.ts$', '/types\\.ts$'],
        reachable: true,
      },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/trace/hooks/' },
  },
};
