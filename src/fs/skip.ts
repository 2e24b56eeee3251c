/**
 * Folders never walked, by the project listing and the scan alike: dependency trees, caches, VCS
 * internals. A module of its own, with no imports, so the scan can use it without loading the listing.
 */
export const SKIP_DIRS: ReadonlySet<string> = new Set([
  '.git',
  'node_modules',
  '.hg',
  '.svn',
  '__pycache__',
  '.venv',
  'venv',
  '.tox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.cache',
  '.yarn',
  '.pnpm-store',
  'bower_components',
  '.terraform',
  '.gradle',
  '.idea',
  '.DS_Store',
  '.keydoctor',
]);
