/**
 * What a path is, for the scanner: which context a key found there sits in (source, env file,
 * notebook, CI definition, built bundle, ...), and which folders hold what ships to browsers.
 * Pure string logic on relative paths with forward slashes.
 */
import type { ScanContext } from './types.js';

/** Folders that hold built output: scanned even when git-ignored, since they are what ships. */
export const BUNDLE_DIRS = new Set([
  'dist',
  'build',
  'out',
  '.next',
  '.output',
  '.nuxt',
  '.svelte-kit',
  'storybook-static',
  '.vercel',
  '.netlify',
]);
/** Inside bundle folders: caches that are not shipped and can be huge. */
export const BUNDLE_SKIP = new Set(['cache', '.cache']);

const ENV_TEMPLATES = /\.(?:example|sample|template|tmpl|dist|defaults?|schema)$/i;

/** `.env`, `.env.local`, `config.env`, `.envrc`, `.flaskenv`: where keys belong (when ignored). Templates are not. */
export function isEnvFile(rel: string): boolean {
  const base = basename(rel);
  if (ENV_TEMPLATES.test(base)) return false;
  if (base === '.env' || base.startsWith('.env.') || base === '.envrc' || base === '.flaskenv') return true;
  return base.endsWith('.env') && base.length > 4;
}

export function basename(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i < 0 ? rel : rel.slice(i + 1);
}

const CI_BASENAMES = new Set([
  '.gitlab-ci.yml',
  '.gitlab-ci.yaml',
  'azure-pipelines.yml',
  'azure-pipelines.yaml',
  'bitbucket-pipelines.yml',
  'jenkinsfile',
  '.travis.yml',
  'cloudbuild.yaml',
  'cloudbuild.yml',
  '.drone.yml',
  'appveyor.yml',
  '.appveyor.yml',
  'bitrise.yml',
  'codemagic.yaml',
  'buildspec.yml',
  '.cirrus.yml',
  'wercker.yml',
  'buildkite.yml',
  'buildkite.yaml',
  '.woodpecker.yml',
  '.woodpecker.yaml',
]);

const isYaml = (s: string): boolean => s.endsWith('.yml') || s.endsWith('.yaml');

/** The rest of `lower` after the first folder named `dir` (given with its slash), or undefined. */
function after(lower: string, dir: string): string | undefined {
  if (lower.startsWith(dir)) return lower.slice(dir.length);
  const i = lower.indexOf('/' + dir);
  return i < 0 ? undefined : lower.slice(i + 1 + dir.length);
}

/**
 * CI definitions: GitHub Actions (workflows and actions), GitLab, CircleCI, Azure Pipelines,
 * Bitbucket, Jenkins, Travis, Cloud Build, Buildkite, Drone, Woodpecker, Tekton, Semaphore, ...
 * Only string tests: it runs for every file with a finding.
 */
export function isCiFile(rel: string): boolean {
  const lower = rel.toLowerCase();
  const base = basename(lower);
  if (CI_BASENAMES.has(base) || base.startsWith('jenkinsfile.')) return true;
  const gh = after(lower, '.github/');
  if (gh !== undefined && isYaml(base)) {
    if (gh.startsWith('workflows/') && !gh.includes('/', 'workflows/'.length)) return true;
    if (base === 'action.yml' || base === 'action.yaml') return true;
  }
  if (
    (base === 'config.yml' || base === 'config.yaml') &&
    (lower === '.circleci/' + base || lower.endsWith('/.circleci/' + base))
  )
    return true;
  if (after(lower, '.buildkite/') !== undefined || after(lower, '.tekton/') !== undefined) return true;
  if (after(lower, '.woodpecker/') !== undefined) return true;
  if (isYaml(base) && after(lower, '.gitlab/ci/') !== undefined) return true;
  if (isYaml(base) && after(lower, '.semaphore/') !== undefined) return true;
  return false;
}

/** A file inside a build-output folder, or a minified bundle anywhere. */
export function isBundleFile(rel: string): boolean {
  // Server output of full-stack frameworks is built, but never sent to browsers.
  if (/(?:^|\/)(?:\.next|\.output|\.svelte-kit\/output|\.nuxt|dist|build)\/server\//.test(rel)) return false;
  const parts = rel.split('/');
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i] ?? '';
    if (
      p === 'dist' ||
      p === 'build' ||
      p === 'out' ||
      p === '.next' ||
      p === '.output' ||
      p === '.nuxt' ||
      p === '.svelte-kit' ||
      p === 'storybook-static'
    ) {
      const base = parts[parts.length - 1] ?? '';
      // Only what runs or is served: scripts, pages, maps. A README in dist is docs.
      if (/\.(?:m?js|cjs|html?|map|json)$/i.test(base)) return true;
    }
  }
  return /\.min\.(?:m?js|cjs)$/i.test(rel) || /\.(?:bundle|chunk)\.m?js$/i.test(rel);
}

const SOURCE_EXT = new Set([
  'js',
  'mjs',
  'cjs',
  'jsx',
  'ts',
  'mts',
  'cts',
  'tsx',
  'py',
  'pyi',
  'rb',
  'go',
  'rs',
  'java',
  'kt',
  'kts',
  'scala',
  'cs',
  'fs',
  'php',
  'swift',
  'm',
  'mm',
  'c',
  'cc',
  'cpp',
  'h',
  'hpp',
  'sh',
  'bash',
  'zsh',
  'fish',
  'ps1',
  'psm1',
  'bat',
  'cmd',
  'lua',
  'pl',
  'pm',
  'r',
  'dart',
  'ex',
  'exs',
  'erl',
  'clj',
  'groovy',
  'vue',
  'svelte',
  'astro',
  'sql',
  'html',
  'htm',
  'ejs',
  'hbs',
  'twig',
  'jinja',
  'j2',
  'tf',
  'hcl',
  'nix',
  'zig',
  'jl',
  'coffee',
  'elm',
]);
const CONFIG_EXT = new Set([
  'json',
  'jsonc',
  'json5',
  'yaml',
  'yml',
  'toml',
  'ini',
  'cfg',
  'conf',
  'config',
  'properties',
  'xml',
  'plist',
  'tfvars',
  'env',
  'lock',
  'csv',
  'tsv',
  'http',
  'rest',
]);
const DOCS_EXT = new Set(['md', 'mdx', 'markdown', 'rst', 'txt', 'adoc', 'asciidoc', 'org', 'tex', 'rtf']);
const ARCHIVE_EXT = new Set(['zip', 'jar', 'war', 'whl', 'nupkg', 'vsix', 'tar', 'tgz', 'crx', 'xpi']);
/** Lower-case name endings of every file isArchive() takes (for the native listing). */
export const ARCHIVE_SUFFIXES: readonly string[] = [...[...ARCHIVE_EXT].map((e) => `.${e}`), '.tar.gz'];
const ARCHIVE_LAST = new Uint8Array(128);
for (const ext of [...ARCHIVE_EXT, 'gz']) ARCHIVE_LAST[ext.charCodeAt(ext.length - 1)] = 1;

/** Archives the scanner opens (.zip family, .tar, .tar.gz, .tgz); a cheap test run for every file. */
export function isArchive(rel: string): boolean {
  // Every archive extension ends in one of p r l g x z i (either case): .js, .ts, .json, .md never do.
  if (!ARCHIVE_LAST[rel.charCodeAt(rel.length - 1) | 0x20]) return false;
  const dot = rel.lastIndexOf('.');
  if (dot < 0) return false;
  const ext = rel.slice(dot + 1).toLowerCase();
  return ARCHIVE_EXT.has(ext) || (ext === 'gz' && rel.toLowerCase().endsWith('.tar.gz'));
}

export function extOf(rel: string): string {
  const base = basename(rel);
  const i = base.lastIndexOf('.');
  return i <= 0 ? '' : base.slice(i + 1).toLowerCase();
}

/** The context a key found at this path sits in. */
const LOCKFILES = new Set([
  'pnpm-lock.yaml',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'bun.lock',
  'deno.lock',
  'poetry.lock',
  'pipfile.lock',
  'uv.lock',
  'pdm.lock',
  'cargo.lock',
  'gemfile.lock',
  'composer.lock',
  'go.sum',
  'flake.lock',
  'mix.lock',
  'pubspec.lock',
  'packages.lock.json',
  'podfile.lock',
  '.terraform.lock.hcl',
]);

/** A package manager's lockfile (by its name; inside an archive, the entry's). */
export function isLockfile(rel: string): boolean {
  const base = basename(rel.slice(rel.lastIndexOf('!') + 1)).toLowerCase();
  return LOCKFILES.has(base) || /^conda-lock\.ya?ml$/.test(base);
}

export function contextOf(rel: string): ScanContext {
  if (isEnvFile(rel)) return 'env-file';
  if (isCiFile(rel)) return 'ci';
  const ext = extOf(rel);
  if (ext === 'ipynb') return 'notebook';
  if (isBundleFile(rel)) return 'bundle';
  if (SOURCE_EXT.has(ext)) return 'source';
  if (CONFIG_EXT.has(ext)) return 'config';
  if (DOCS_EXT.has(ext)) return 'docs';
  const base = basename(rel).toLowerCase();
  if (
    base === 'dockerfile' ||
    base.startsWith('dockerfile.') ||
    base.endsWith('.dockerfile') ||
    base === 'makefile' ||
    base === 'procfile' ||
    base === 'containerfile'
  )
    return 'config';
  if (base.startsWith('.env')) return 'config'; // templates: .env.example, .env.sample
  if (base.startsWith('.') && !base.includes('.', 1)) return 'config'; // .npmrc, .pypirc, .netrc, ...
  return 'other';
}

const DECODE_EXT = new Set([
  '',
  'yaml',
  'yml',
  'json',
  'jsonc',
  'env',
  'toml',
  'ini',
  'cfg',
  'conf',
  'properties',
  'txt',
  'tfvars',
  'tf',
  'hcl',
  'xml',
]);

/**
 * Whether base64 values starting with another provider's prefix are decoded here (Kubernetes
 * Secrets, config and dotenv files): a cheap test on the name, run for every file.
 */
export function decodesPrefixesAt(rel: string): boolean {
  const base = basename(rel);
  if (base.startsWith('.env') || base.endsWith('.env')) return true;
  const dot = base.lastIndexOf('.');
  return DECODE_EXT.has(dot <= 0 ? '' : base.slice(dot + 1).toLowerCase());
}

/** Variable-name prefixes that frameworks inline into browser JavaScript. */
export const PUBLIC_PREFIXES = [
  'NEXT_PUBLIC_',
  'VITE_',
  'REACT_APP_',
  'EXPO_PUBLIC_',
  'NUXT_PUBLIC_',
  'PUBLIC_',
  'GATSBY_',
  'VUE_APP_',
] as const;

/**
 * The public prefixes code reads by name (`process.env.NEXT_PUBLIC_X`, `import.meta.env.VITE_X`), whose
 * values a browser bundle inlines; SvelteKit's PUBLIC_ and Nuxt's NUXT_PUBLIC_ are read in other ways.
 */
export const BROWSER_PREFIX = /^(NEXT_PUBLIC_|VITE_|REACT_APP_|EXPO_PUBLIC_|GATSBY_|VUE_APP_)/;

/** The public prefix a variable name carries, if any. */
export function publicPrefix(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const upper = name.toUpperCase();
  return PUBLIC_PREFIXES.find((p) => upper.startsWith(p));
}
