/**
 * Root-relative paths, as every layer writes them: `/`-separated, no leading `./`, '' for the
 * project root. One home for splitting and joining them and for telling a template from a file that
 * is really read.
 */

/** The folder of a root-relative path ('' for a file at the root). */
export function dirOf(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i < 0 ? '' : rel.slice(0, i);
}

/**
 * Of items that each stand for a folder, the one with the deepest folder holding `path` (a file or a
 * folder; '' holds everything): a file's own package, requirements file or manifest.
 */
export function nearest<T extends { dir: string }>(items: readonly T[], path: string): T | undefined {
  let best: T | undefined;
  for (const it of items)
    if (
      (it.dir === '' || path === it.dir || path.startsWith(`${it.dir}/`)) &&
      (!best || it.dir.length > best.dir.length)
    )
      best = it;
  return best;
}

/** The last segment of a path. */
export function baseOf(rel: string): string {
  return rel.slice(rel.lastIndexOf('/') + 1);
}

/**
 * Joins a root-relative folder with a relative path, resolving `.` and `..`: the file a reader would
 * open; undefined when the result would leave the root. An absolute `p` counts from the project root
 * (a container's `/app/.env` is the project's `app/.env`), or, with `absolute: 'under-dir'`, goes
 * under `dir` as Node's `path.join(dir, p)` puts it (how the code analysis joins a load's path).
 */
export function joinInside(
  dir: string,
  p: string,
  opts: { absolute?: 'from-root' | 'under-dir' } = {},
): string | undefined {
  // The joined path is built as a string (a segment pushed is `/seg` appended, a `..` cuts at the
  // last `/`): the code analysis joins tens of thousands of import specifiers.
  let out = p.charCodeAt(0) === 47 && opts.absolute !== 'under-dir' ? '' : cleanDir(dir);
  for (let i = 0; i <= p.length;) {
    let j = p.indexOf('/', i);
    if (j < 0) j = p.length;
    const n = j - i;
    if (n === 0 || (n === 1 && p.charCodeAt(i) === 46)) {
      // empty or `.`
    } else if (n === 2 && p.charCodeAt(i) === 46 && p.charCodeAt(i + 1) === 46) {
      if (out === '') return undefined;
      out = out.slice(0, Math.max(0, out.lastIndexOf('/')));
    } else {
      const seg = p.slice(i, j);
      out = out === '' ? seg : `${out}/${seg}`;
    }
    i = j + 1;
  }
  return out;
}

/** A folder without empty segments (`a//b/` → `a/b`); `.` and `..` in it are kept as they are. */
function cleanDir(dir: string): string {
  if (dir === '') return '';
  if (dir.charCodeAt(0) !== 47 && dir.charCodeAt(dir.length - 1) !== 47 && !dir.includes('//')) return dir;
  return dir.split('/').filter(Boolean).join('/');
}

/** joinInside's options for a path the code joins with `path.join`: an absolute part goes under the folder. */
export const PATH_JOIN = { absolute: 'under-dir' } as const;

/**
 * Joins a folder and a path as a command line names it, for looking the result up among the
 * project's files: an absolute path stays as it is (it names no project file), `\` reads as `/`,
 * and `..` stops at the root.
 */
export function joinRel(dir: string, file: string): string {
  if (file.startsWith('/')) return file;
  const parts = dir ? dir.split('/') : [];
  for (const seg of file.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

/** A root-relative path as a command started in root-relative folder `dir` names it (`../../.env`; '.' for the folder itself). */
export function relFrom(dir: string, rel: string): string {
  if (!dir) return rel || '.';
  const a = dir.split('/');
  const b = rel ? rel.split('/') : [];
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/') || '.';
}

/** Words that mark a file as a template or documentation of its settings, never as a source. */
export const EXAMPLE_WORDS: ReadonlySet<string> = new Set([
  'example',
  'examples',
  'sample',
  'samples',
  'template',
  'templates',
  'tmpl',
  'tpl',
  'dist',
  'default',
  'defaults',
  'schema',
]);

/**
 * The words that make a dotenv file name (`.env.<part>`, `<part>.env`) a template: EXAMPLE_WORDS and
 * `spec` (`.env.spec` documents the settings; elsewhere `*.spec.*` is a test file, not a template).
 */
export const ENV_EXAMPLE_WORDS: ReadonlySet<string> = new Set([...EXAMPLE_WORDS, 'spec']);

/**
 * `.env.example`, `.env.sample`, `example.env`, `.env.local-template`, `docker-compose.dist.yml`:
 * the file name holds one of EXAMPLE_WORDS between `.`, `_` or `-`. For a dotenv file the collector
 * records its verdict (ENV_EXAMPLE_WORDS between dots) as `EnvFile.role`.
 */
export function isExampleFile(rel: string | undefined): boolean {
  if (!rel) return false;
  return baseOf(rel)
    .toLowerCase()
    .split(/[._-]/)
    .some((w) => EXAMPLE_WORDS.has(w));
}

/** A folder of examples, demos or docs: code there is run by hand, one script at a time, if at all. */
export const EXAMPLE_DIR = /(^|\/)(examples?|cookbooks?|samples?|demos?|notebooks?|docs?|tutorials?)\//i;

/**
 * A file of examples, demos or docs: under such a folder of the project, or anywhere in a project that is
 * itself such a folder (keydoctor run inside openai-python's examples/).
 */
export function inExamples(root: string, rel: string): boolean {
  if (EXAMPLE_DIR.test(rel)) return true;
  const base = root.replace(/\/+$/, '').split('/').pop() ?? '';
  return base !== '' && EXAMPLE_DIR.test(`${base}/`);
}

/** A source file named as an example or demo (`example.py`, `demo_chat.ts`, `run_example.py`): run by hand, if at all. */
export const EXAMPLE_SOURCE =
  /(^|\/)(?:(?:examples?|demos?|samples?)(?:[_-][^/]*)?|[^/]*[_-](?:examples?|demo))\.(?:py|ipynb|[cm]?[jt]sx?)$/i;

/** A Procfile (`Procfile`, `Procfile.dev`, `sub/Procfile`): process lines run by Heroku-style hosts and foreman, honcho, `heroku local`. */
export const PROCFILE_RE = /(^|\/)Procfile(\.[\w-]+)?$/;

/** Folders of a test set-up (a compose harness under tests/, e2e/): what runs there runs only with the tests. */
export const TEST_DIR = /(^|\/)(tests?|__tests__|e2e|integration[-_]tests?|testing)\//i;

/** Test-mode dotenv files (`.env.test`, `.env.testing`, `.env.test.local`, `test.env`): what the test set-up loads, not the app. */
export function isTestEnvFile(rel: string): boolean {
  return /^(?:\.env\.(?:test|testing)(?:\.local)?|(?:test|testing)\.env)$/i.test(baseOf(rel));
}
