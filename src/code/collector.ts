/**
 * The code collector: reads the project's source once into {@link CodeFacts}.
 *
 * Files come from the project listing (already .gitignore-aware); dependency trees, virtualenvs, build
 * output, vendored and minified code, binary and huge files are passed over (with a note where a user
 * could wonder). A literal prefilter keeps the parsers off files that cannot matter; those files still
 * give their relative imports (by a cheap scan) so the module graph stays whole.
 */
import { existsSync } from 'node:fs';
import { join, posix, relative, resolve, isAbsolute } from 'node:path';
import type { Collector } from '../collect/collector.js';
import type { Facts } from '../core/facts.js';
import type { Note } from '../core/types.js';
import { type FileAnalysis, type NoteSink, defaultKeyVar, emptyAnalysis, finishClient, own } from './analysis.js';
import { packageEntryPoints, procfileEntryPoints } from './entry-points.js';
import { analyzeJs } from './js/walk.js';
import { analyzeOther } from './other-langs.js';
import { analyzePython } from './python/walk.js';
import { JS_ENV, JS_FULL, PY_ENV, PY_FULL, lineCounter, quickEnvReads } from './quick.js';
import type {
  ClientConstruction,
  CodeFacts,
  CodeFile,
  CodeLanguage,
  DotenvLoad,
  EntryPoint,
  EnvWrite,
} from './types.js';
import { AZD_ENV_FILE } from './python/visitors/dotenv.js';
import { CREW_YAML_GUARD } from './python/visitors/clients.js';
import { sdkVersions } from './versions.js';
import { cachedResolvers, pythonRoots, resolvePy } from './modules.js';
import { linkModules } from './link.js';
import { ensureEnvFile } from '../collect/dotenv/collector.js';
import { majorOfSpec } from './versions.js';
import { azdEnvironment } from '../collect/azd.js';
import { launchesOf } from '../collect/launch/collector.js';
import { readFileLimited, readFilesLimitedAsync, type ReadResult } from '../core/read-file.js';
import { pushAll } from '../core/arrays.js';
import { PATH_JOIN, dirOf, joinInside, joinRel, nearest } from '../core/paths.js';
import { resolveLoad } from './loads.js';
import { jsFrameworks, workTreeTop, workspaceLibrary } from '../collect/project.js';

export { resolveLoad };

export const MAX_CODE_BYTES = 1 << 20;
/** Source files read per native call: a few megabytes of text at most, most of the call's saving. */
const READ_CHUNK = 256;

/** A bare name (`apiKey`), and the JavaScript SDKs that read their default variable when a key option is undefined. */
const BARE = /^[A-Za-z_$][\w$]*$/;
const FALLS_BACK = new Set(['openai-node', 'vercel-ai', 'langchain-openai', 'langchain-azure', 'llamaindex-openai']);
/** Notes of one kind this collector reports one by one; more are summed up in one note. */
export const MAX_NOTES = 25;
/** A line longer than this means generated or minified code. */
export const MAX_LINE = 5000;

const EXT: Record<string, CodeLanguage> = {
  js: 'js',
  mjs: 'js',
  cjs: 'js',
  jsx: 'js',
  ts: 'ts',
  mts: 'ts',
  cts: 'ts',
  tsx: 'ts',
  py: 'python',
  ipynb: 'notebook',
  go: 'go',
  rb: 'ruby',
  java: 'java',
  kt: 'kotlin',
  kts: 'kotlin',
  cs: 'csharp',
  php: 'php',
  rs: 'rust',
  vue: 'ts',
  svelte: 'ts',
  astro: 'ts',
};

/**
 * The script of a single-file component (`.vue`, `.svelte`, `.astro`) with every other line blanked, so
 * line numbers stay those of the file. `client`: whether that script ships to the browser (Vue and Svelte
 * components, Astro `<script>` tags; an Astro frontmatter block runs on the server only).
 */
export function componentScript(text: string, ext: string): { code: string; ts: boolean; client: boolean } {
  const lines = text.split('\n');
  const keep = new Array<boolean>(lines.length).fill(false);
  let ts = false;
  let client = false;
  if (ext === 'astro' && lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
    for (let i = 1; i < (end < 0 ? lines.length : end); i++) keep[i] = true;
    ts = true;
  }
  const re = /<script\b([^>]*)>([\s\S]*?)<\/script>/g;
  for (const m of text.matchAll(re)) {
    const attrs = m[1] ?? '';
    if (/type=["'](?!module|text\/javascript|application\/javascript)[^"']*["']/.test(attrs)) continue;
    if (/lang=["']ts["']|lang=["']typescript["']/.test(attrs)) ts = true;
    client = true; // Vue/Svelte component scripts and Astro <script> tags all run in the browser
    const start = text.slice(0, (m.index ?? 0) + m[0].indexOf('>') + 1).split('\n').length - 1;
    const bodyLines = (m[2] ?? '').split('\n');
    // the first body line shares the line of the opening tag
    for (let i = 0; i < bodyLines.length; i++) {
      const at = start + i;
      if (at < lines.length) {
        lines[at] = i === 0 ? (bodyLines[0] ?? '') : (lines[at] ?? '');
        keep[at] = true;
      }
    }
    const last = start + bodyLines.length - 1;
    if (last < lines.length) lines[last] = bodyLines[bodyLines.length - 1] ?? '';
  }
  if (ext !== 'astro') client = true;
  return { code: lines.map((l, i) => (keep[i] ? l : '')).join('\n'), ts, client };
}

/** Folders whose code is not the project's own (dependencies, environments, build output, vendored code). */
export const SKIP_SEGMENTS = new Set([
  'node_modules',
  'dist',
  'build',
  '.next',
  'out',
  'coverage',
  'vendor',
  'vendors',
  'third_party',
  'third-party',
  'site-packages',
  'venv',
  '.venv',
  '.nuxt',
  '.output',
  '.svelte-kit',
  '.turbo',
  '.vercel',
  '.netlify',
  '.serverless',
  'target',
  '__pycache__',
  '.parcel-cache',
  '.expo',
  '.docusaurus',
  'storybook-static',
  'bower_components',
  'obj',
  '.tox',
  '.nox',
  '.eggs',
  '.ipynb_checkpoints',
  'jspm_packages',
  '.yarn',
  '.pnpm-store',
]);

/** Notebooks and the other languages: anything that may read the environment or name the SDK. */
const PREFILTER = /env|ENV|[oO][pP][eE][nN]_?[aA][iI]|[aA]zure|ompletion|__main__/;
const OTHER_PREFILTER = /env|ENV|Env|getenv/;

export function languageOf(rel: string): CodeLanguage | undefined {
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  if (/\.d\.[cm]?ts$/.test(base) || /[.-]min\.[cm]?js$/.test(base) || /\.(bundle|chunk)\.[cm]?js$/.test(base))
    return undefined;
  const dot = base.lastIndexOf('.');
  if (dot < 0) return undefined;
  return EXT[base.slice(dot + 1).toLowerCase()];
}

const SKIP_RE = new RegExp(`(^|/)(${[...SKIP_SEGMENTS].map((x) => x.replace(/[.]/g, '\\.')).join('|')})/`);

/**
 * Test code builds clients with dummy keys, fake base URLs and old APIs on purpose: it is not how the
 * app gets its key, so it is not analysed (the scan still looks for real keys in it).
 */
const TEST_DIR_RE =
  /(^|\/)(tests?|__tests__|__mocks__|spec|specs|fixtures?|testdata|test_data|e2e|cypress|[a-z0-9]+[-_]tests?)\//;
const TEST_FILE_RE =
  /(^|\/)(test_[^/]*\.py|[^/]*_test\.(py|go|rb)|conftest\.py|[^/]*[.-](test|spec|e2e)\.[cm]?[jt]sx?)$/;

export function isTestPath(rel: string): boolean {
  return TEST_DIR_RE.test(rel) || TEST_FILE_RE.test(rel);
}

function skippedPath(rel: string, venvDirs: Set<string>): boolean {
  if (SKIP_RE.test(rel) || isTestPath(rel)) return true;
  if (venvDirs.size === 0) return false;
  for (const v of venvDirs) if (rel.startsWith(v + '/')) return true;
  return false;
}

/** Reads a file unless it is larger than `max` (then returns its size). One open, one fstat, one read. */
const IMPORT_RE =
  /\bfrom\s*['"]((?:\.{1,2}|@|~)\/[^'"\n]+)['"]|\bimport\s*['"]((?:\.{1,2}|@|~)\/[^'"\n]+)['"]|\brequire\(\s*['"](\.{1,2}\/[^'"\n]+)['"]\s*\)/g;
const PY_CONST_RE = /^([A-Z_][A-Z0-9_]*)[ \t]*(?::[ \t]*str[ \t]*)?=[ \t]*(['"])([^'"\\\n]*)\2[ \t]*$/gm;
const PY_IMPORT_RE = /^(?:from[ \t]+([.\w]+)[ \t]+import[ \t]+([\w \t,()*]+)|import[ \t]+([\w.]+))/gm;

/**
 * The names a `from m import ...` list brings in, as `list.replace(/[()]/g, '').split(',')` and
 * each part's first word would give them (`a as b, (c, d)` → a, c, d), in one pass over the list
 * (tens of thousands of import lines in a large project).
 */
export function importedNames(list: string): string[] {
  const out: string[] = [];
  let word = '';
  let done = false; // the part's first word has ended (a space after it)
  for (let i = 0; i <= list.length; i++) {
    const c = i < list.length ? list.charCodeAt(i) : 44;
    if (c === 40 || c === 41) continue; // ( )
    if (c === 44) {
      if (word) out.push(word);
      word = '';
      done = false;
    } else if (c === 32 || c === 9) {
      if (word) done = true;
    } else if (!done) word += list[i];
  }
  return out;
}

/** The files that make a folder a Python project of its own. */
const PY_MANIFEST = /(^|\/)(requirements[\w.-]*\.txt|pyproject\.toml|setup\.py|setup\.cfg|Pipfile)$/;

/** A package's own module, which its importers reach through (`pkg/__init__.py`, `lib/index.ts`). */
const PACKAGE_FILE = /(^|\/)(__init__\.py|index\.[cm]?[jt]sx?)$/;

/** Relative imports of a file that the prefilter kept from the parser (graph only). */
function cheapLoads(rel: string, text: string, language: CodeLanguage): FileAnalysis {
  const out = emptyAnalysis(rel, language);
  const lineAt = lineCounter(text);
  if (language === 'js' || language === 'ts') {
    if (!text.includes('import') && !text.includes('require')) return out;
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (!spec) continue;
      const l = lineAt(m.index ?? 0);
      out.rawLoads.push({ spec: own(spec), line: l, order: l, hoisted: !m[3] });
    }
  } else if (language === 'python') {
    // module-level string constants (`ENV_PREFIX = "MYAPP_"`): other modules may import them
    for (const m of text.matchAll(PY_CONST_RE)) (out.constants ??= {})[m[1] as string] = own(m[3] as string);
    for (const m of text.matchAll(PY_IMPORT_RE)) {
      const l = lineAt(m.index ?? 0);
      if (m[3]) out.rawLoads.push({ spec: own(m[3]), line: l, order: l, hoisted: false });
      else if (m[1]) {
        const mod = m[1];
        out.rawLoads.push({ spec: own(mod), line: l, order: l, hoisted: false });
        for (const n of importedNames(m[2] ?? ''))
          if (n !== '*')
            out.rawLoads.push({
              spec: own(mod.endsWith('.') ? mod + n : `${mod}.${n}`),
              line: l,
              order: l,
              hoisted: false,
            });
      }
    }
  }
  return out;
}

/** The console scripts a Python project declares, as [_, name, module, function]. */
function consoleScripts(rel: string, text: string): string[][] {
  const out: string[][] = [];
  const each = (body: string, re: RegExp) => {
    for (const m of body.matchAll(re)) out.push([m[0], m[1] ?? '', m[2] ?? '', m[3] ?? '']);
  };
  if (rel.endsWith('pyproject.toml')) {
    for (const sec of text.matchAll(
      /^\[(?:project\.scripts|tool\.poetry\.scripts)\]\s*\n([\s\S]*?)(?=^\[|(?![\s\S]))/gm,
    ))
      each(sec[1] ?? '', /^\s*["']?([\w.-]+)["']?\s*=\s*["']([\w.]+):([\w.]+)["']/gm);
  } else if (rel.endsWith('setup.cfg')) {
    // [options.entry_points] console_scripts = (indented lines) name = pkg.module:func
    for (const sec of text.matchAll(/^\[options\.entry_points\]\s*\n([\s\S]*?)(?=^\[|(?![\s\S]))/gm)) {
      const block = /^console_scripts[ \t]*=[ \t]*\n?((?:[ \t]+.*\n?|[ \t]*\n)*)/m.exec(sec[1] ?? '')?.[1] ?? '';
      each(block, /^[ \t]*([\w.-]+)\s*=\s*([\w.]+):([\w.]+)/gm);
    }
  } else {
    // setup.py: "console_scripts": [ "name = pkg.module:func", ... ] (or a string, or entry_points's dict by keyword)
    for (const sec of text.matchAll(/["']console_scripts["']\s*[:=]\s*(\[[^\]]*\]|["'][^"']*["'])/g))
      each(sec[1] ?? '', /["']\s*([\w.-]+)\s*=\s*([\w.]+):([\w.]+)\s*["']/g);
  }
  return out;
}

/** Python modules whose handlers a server calls: a module importing one is an app even when it calls nothing itself. */
const PY_SERVERS = new Set([
  'flask',
  'fastapi',
  'django',
  'aiohttp',
  'quart',
  'starlette',
  'gradio',
  'chainlit',
  'sanic',
  'litestar',
  'tornado',
  'bottle',
  'discord',
  'telegram',
  'slack_bolt',
  'modal',
  'functions_framework',
  // Azure Functions (`import azure.functions as func`); not every azure.* package (azure.identity is a library's)
  'azure.functions',
]);

/** Notebook code cells as one Python text, with a map back to the notebook's own lines. */
/**
 * The openai requirement a notebook's own install line gives (`%pip install --upgrade openai`,
 * `!pip install "openai>=0.27.6" python-dotenv`): '' for an unpinned install (the newest release).
 */
function pipOpenai(line: string): string | undefined {
  const m = /^[%!]\s*(?:pip3?|uv\s+pip|python3?\s+-m\s+pip)\s+install\b(.*)$/.exec(line.trim());
  if (!m) return undefined;
  for (const raw of (m[1] ?? '').split(/\s+/)) {
    const w = raw.replace(/^["']|["']$/g, '');
    const spec = /^openai(?:\[[\w,]+\])?((?:[<>=!~]=?|===)\s*[\w.*]+(?:\s*,\s*(?:[<>=!~]=?)\s*[\w.*]+)*)?$/i.exec(w);
    if (spec) return (spec[1] ?? '').replace(/\s+/g, '');
  }
  return undefined;
}

export function notebookPython(
  json: string,
): { text: string; lineMap: (line: number) => number; pipOpenai?: string; kernel?: string } | undefined {
  let nb: unknown;
  try {
    nb = JSON.parse(json);
  } catch {
    return undefined;
  }
  const cells = (nb as { cells?: unknown }).cells;
  if (!Array.isArray(cells)) return undefined;
  // the kernel's language: a notebook of TypeScript (tslab, Deno), R or Julia is no Python
  const meta = (nb as { metadata?: { kernelspec?: { language?: unknown }; language_info?: { name?: unknown } } })
    .metadata;
  const lang = meta?.kernelspec?.language ?? meta?.language_info?.name;
  const kernel = typeof lang === 'string' && lang.trim() !== '' ? lang.trim().toLowerCase() : undefined;
  const lines: string[] = [];
  const map: number[] = [];
  let pip: string | undefined;
  let searchFrom = 0;
  const jsonLineAt = (offset: number): number => {
    let n = 1;
    for (let i = 0; i < offset && i < json.length; i++) if (json.charCodeAt(i) === 10) n++;
    return n;
  };
  for (const c of cells) {
    const cell = c as { cell_type?: unknown; source?: unknown };
    if (cell.cell_type !== 'code') continue;
    const src = Array.isArray(cell.source)
      ? cell.source.filter((s): s is string => typeof s === 'string').join('')
      : typeof cell.source === 'string'
        ? cell.source
        : '';
    const cellLines = src.split('\n');
    // where the cell's first source line sits in the JSON (Jupyter writes one string per line)
    const firstEnc = JSON.stringify(cellLines[0] ?? '').slice(0, 60);
    const at = firstEnc.length > 2 ? json.indexOf(firstEnc.slice(0, -1), searchFrom) : -1;
    const base = at >= 0 ? jsonLineAt(at) : 0;
    if (at >= 0) searchFrom = at + 1;
    // a shell or magic line continued with `\` (`!pip install -qU \` then `    openai==0.27.8`): one command
    let magic: string | undefined;
    cellLines.forEach((l, i) => {
      let line = l;
      const t = l.trimStart();
      if (magic !== undefined) {
        magic += ' ' + t.replace(/\\\s*$/, '');
        if (!/\\\s*$/.test(t)) {
          pip ??= pipOpenai(magic);
          magic = undefined;
        }
        line = '';
      } else if (t.startsWith('%dotenv')) {
        const args = t.split(/\s+/).slice(1);
        const override = args.includes('-o') || args.includes('--override');
        const p = args.filter((a) => !a.startsWith('-'))[0];
        line = `from dotenv import load_dotenv; load_dotenv(${p ? JSON.stringify(p) : ''}${override ? (p ? ', ' : '') + 'override=True' : ''})`;
      } else if (t.startsWith('%') || t.startsWith('!')) {
        if (/\\\s*$/.test(t)) magic = t.replace(/\\\s*$/, '');
        else pip ??= pipOpenai(t);
        line = '';
      }
      lines.push(line);
      map.push(base > 0 ? base + i : 0);
    });
    if (magic !== undefined) pip ??= pipOpenai(magic);
    lines.push('');
    map.push(0);
  }
  return {
    text: lines.join('\n'),
    lineMap: (line: number) => map[line - 1] || line,
    ...(pip !== undefined ? { pipOpenai: pip } : {}),
    ...(kernel !== undefined ? { kernel } : {}),
  };
}

export interface AnalyzeOptions {
  /** Skip the prefilter (tests). */
  parseAll?: boolean;
}

export async function analyzeProject(
  facts: Pick<Facts, 'root' | 'files' | 'project' | 'notes'> & Partial<Pick<Facts, 'env'>>,
  opts: AnalyzeOptions = {},
): Promise<CodeFacts> {
  const { root } = facts;
  const listed = new Set(facts.files.map((f) => f.rel));
  const exists = (rel: string): boolean => listed.has(rel);
  const fileByRel = new Map(facts.files.map((f) => [f.rel, f]));
  const docRuns = new Map<string, boolean>();
  /** A `.flaskenv`, or a README (in the folder or the root) that runs `flask run`. */
  const flaskRunDocumented = (dir: string): boolean => {
    if (exists(joinRel(dir, '.flaskenv'))) return true;
    for (const d of new Set([dir, ''])) {
      for (const name of ['README.md', 'README.rst', 'README.txt', 'README']) {
        const f = fileByRel.get(joinRel(d, name));
        if (!f) continue;
        let hit = docRuns.get(f.rel);
        if (hit === undefined) {
          try {
            const r = readFileLimited(f.path, 256 << 10);
            hit = typeof r !== 'number' && /\bflask\s+(?:--app[\s=]\S+\s+)?run\b/.test(r.toString('utf8'));
          } catch {
            hit = false;
          }
          docRuns.set(f.rel, hit);
        }
        if (hit) return true;
      }
    }
    return false;
  };
  const pyRoots = pythonRoots(listed);
  const venvDirs = new Set<string>();
  for (const f of facts.files) if (f.rel.endsWith('/pyvenv.cfg')) venvDirs.add(dirOf(f.rel));
  const pkgTypeOf = new Map<string, string | undefined>();
  const pkgDirs = facts.project.packageJsons
    .map((p) => ({ dir: dirOf(p.rel), type: p.type }))
    .sort((a, b) => b.dir.length - a.dir.length);
  const packageTypeFor = (rel: string): string | undefined => {
    const d = dirOf(rel);
    if (pkgTypeOf.has(d)) return pkgTypeOf.get(d);
    const p = pkgDirs.find((x) => x.dir === '' || d === x.dir || d.startsWith(x.dir + '/'));
    pkgTypeOf.set(d, p?.type);
    return p?.type;
  };

  const analyses: FileAnalysis[] = [];
  // At most MAX_NOTES notes per kind from this collector; the rest are counted in one summary note.
  const noteCounts = new Map<string, number>();
  const sink: Note[] = [];
  const notes: NoteSink = {
    push: (...ns: Note[]): number => {
      for (const n of ns) {
        const c = (noteCounts.get(n.kind) ?? 0) + 1;
        noteCounts.set(n.kind, c);
        if (c <= MAX_NOTES) sink.push(n);
      }
      return sink.length;
    },
  };
  /** One source file's analysis: a full parse, or (with `full` false and nothing worth parsing) a line scan. */
  const analyzeText = (
    f: (typeof facts.files)[number],
    language: CodeLanguage,
    text: string,
    full: boolean,
  ): FileAnalysis | undefined => {
    if (language === 'notebook') {
      if (!full && !PREFILTER.test(text)) return undefined;
      const nb = notebookPython(text);
      if (!nb) {
        notes.push({ kind: 'parse-error', path: f.rel, message: 'cannot read the notebook JSON' });
        return undefined;
      }
      if (nb.kernel !== undefined && !nb.kernel.startsWith('python')) {
        notes.push({ kind: 'skipped', path: f.rel, message: `a notebook of ${nb.kernel}, not Python: not analysed` });
        return undefined;
      }
      const a = analyzePython(f.rel, nb.text, 'notebook', notes, { notebook: true, lineMap: nb.lineMap });
      if (a && nb.pipOpenai !== undefined) a.code.pipOpenai = nb.pipOpenai;
      return a;
    }
    if (hasLongLine(text)) {
      notes.push({
        kind: 'skipped',
        path: f.rel,
        message: `a line longer than ${MAX_LINE} characters (minified or generated code): not analysed`,
      });
      return undefined;
    }
    const isJs = language === 'js' || language === 'ts';
    if (!full && (isJs || language === 'python') && !(isJs ? JS_FULL : PY_FULL).test(text)) {
      // Nothing but (maybe) environment reads: a line scan, plus the imports for the module graph.
      const a = cheapLoads(f.rel, text, language);
      a.cheap = true;
      const kind = /\.(vue|svelte|astro)$/.exec(f.rel)?.[1];
      if (kind && (kind !== 'astro' || /<script\b/.test(text))) a.code.clientSide = true;
      if (isJs)
        a.code.moduleKind =
          /^\s*(import|export)\s/m.test(text) &&
          !/\.(cjs|cts)$/.test(f.rel) &&
          (packageTypeFor(f.rel) === 'module' || !/\.(ts|tsx)$/.test(f.rel))
            ? 'esm'
            : 'cjs';
      if ((isJs ? JS_ENV : PY_ENV).test(text)) quickEnvReads(f.rel, text, language, a);
      return a;
    }
    if (!full && !isJs && language !== 'python' && !OTHER_PREFILTER.test(text)) return undefined;
    let a: FileAnalysis | undefined;
    const sfc = /\.(vue|svelte|astro)$/.exec(f.rel)?.[1];
    if (sfc) {
      const c = componentScript(text, sfc);
      a = analyzeJs(f.rel, c.code, c.ts ? 'ts' : 'js', notes, {
        packageType: 'module',
        parseAs: f.rel + (c.ts ? '.ts' : '.js'),
      });
      if (a && c.client && (sfc !== 'astro' || /<script\b/.test(text))) a.code.clientSide = true;
    } else if (language === 'js' || language === 'ts')
      a = analyzeJs(f.rel, text, language, notes, { packageType: packageTypeFor(f.rel) });
    else if (language === 'python') a = analyzePython(f.rel, text, language, notes);
    else a = analyzeOther(f.rel, text, language);
    if (a) {
      const bearer = azureBearer(text);
      if (bearer) a.code.signals = [...(a.code.signals ?? []), { kind: 'azure-bearer-header', line: bearer }];
    }
    return a;
  };
  const sources: Array<{ f: (typeof facts.files)[number]; language: CodeLanguage }> = [];
  for (const f of facts.files) {
    if (f.ignored) continue;
    const language = languageOf(f.rel);
    if (!language) continue;
    if (skippedPath(f.rel, venvDirs)) continue;
    sources.push({ f, language });
  }
  // The source files in chunks, read on the thread pool where the addon is built: the next chunk is
  // read while this one is analysed (the reading is off this thread), and each chunk's text is
  // dropped once analysed, so no more than two chunks are held at once.
  const readChunk = (from: number) =>
    readFilesLimitedAsync(
      sources.slice(from, from + READ_CHUNK).map((s) => s.f.path),
      MAX_CODE_BYTES,
    );
  let contents: ReadResult[] = [];
  let next = sources.length ? readChunk(0) : undefined;
  for (let i = 0; i < sources.length; i++) {
    const { f, language } = sources[i] as (typeof sources)[number];
    if (i % READ_CHUNK === 0) {
      contents = (await next) ?? [];
      next = i + READ_CHUNK < sources.length ? readChunk(i + READ_CHUNK) : undefined;
    }
    const r = contents[i % READ_CHUNK];
    if (typeof r === 'number') {
      notes.push({
        kind: 'too-large',
        path: f.rel,
        message: `not read for code analysis: ${Math.round(r / 1024)} KiB (limit ${MAX_CODE_BYTES / 1024} KiB)`,
      });
      continue;
    }
    if (!r || !Buffer.isBuffer(r)) {
      notes.push({ kind: 'unreadable', path: f.rel, message: `cannot read: ${r?.code ?? 'unknown error'}` });
      continue;
    }
    const buf: Buffer = r;
    if (buf.subarray(0, 8000).includes(0)) {
      notes.push({ kind: 'binary', path: f.rel, message: 'binary content in a source file: not analysed' });
      continue;
    }
    let text = buf.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const a = analyzeText(f, language, text, opts.parseAll === true);
    if (a) analyses.push(a);
  }

  // --- link modules ----------------------------------------------------------------------------------
  const byFile = new Map<string, FileAnalysis>();
  for (const a of analyses) byFile.set(a.code.file, a);
  const importedBy = new Map<string, number>();
  const resolvers = cachedResolvers(listed, pyRoots);
  const link = (a: FileAnalysis, count: boolean): void => {
    const seen = new Set<string>();
    const loads: NonNullable<CodeFile['loads']> = [];
    for (const r of a.rawLoads) {
      const target =
        a.code.language === 'python' || a.code.language === 'notebook'
          ? resolvers.py(a.code.file, r.spec)
          : resolvers.js(a.code.file, r.spec);
      if (!target || target === a.code.file) continue;
      const key = `${target}@${r.order}`;
      if (seen.has(key)) continue;
      seen.add(key);
      loads.push({
        file: target,
        line: r.line,
        order: r.order,
        hoisted: r.hoisted,
        ...(r.dynamic ? { dynamic: true } : {}),
      });
      if (count) importedBy.set(target, (importedBy.get(target) ?? 0) + 1);
    }
    if (loads.length) {
      a.code.loads = loads;
      a.code.imports = [...new Set(loads.map((l) => l.file))];
    }
  };
  for (const a of analyses) link(a, true);

  // A condition on a function's parameter is decided by its callers: line-scanned files that import
  // the function's module are parsed after all (`get_llm(os.getenv("LLM_PROVIDER", "openai"))` in a file
  // with no SDK name in it).
  // So are those that import a module whose client a class builds (and the package files that pass the
  // class on): whether a target instantiates the class is in their calls (`client = Swarm()`).
  const guarded = new Set(
    analyses
      .filter((a) => a.clients.some((c) => c.cls || c.when?.some((g) => g.kind === 'param')))
      .map((a) => a.code.file),
  );
  for (let round = 0, grew = guarded.size > 0; grew && round < 4; round++) {
    grew = false;
    for (const a of analyses)
      if (
        !guarded.has(a.code.file) &&
        PACKAGE_FILE.test(a.code.file) &&
        (a.code.imports ?? []).some((f) => guarded.has(f))
      ) {
        guarded.add(a.code.file);
        grew = true;
      }
  }
  // A module that subclasses a client's class (`class Python(JupyterLanguage)`) builds that client when
  // its class is made: it is followed like the client's own module, so the modules that make the
  // subclass are parsed too (a few rounds: a subclass of a subclass).
  const clientClasses = new Set(
    analyses.flatMap((a) => a.clients.flatMap((c) => (c.cls ? [c.cls.toLowerCase()] : []))),
  );
  const byRel = new Map(sources.map((x) => [x.f.rel, x]));
  for (let round = 0, frontier = guarded; frontier.size && round < 4; round++) {
    for (const [i, a] of analyses.entries()) {
      if (!a.cheap || !(a.code.imports ?? []).some((f) => frontier.has(f))) continue;
      const src = byRel.get(a.code.file);
      const r = src ? readFileLimited(src.f.path, MAX_CODE_BYTES) : undefined;
      if (!src || !r || typeof r === 'number') continue;
      const full = analyzeText(src.f, src.language, r.toString('utf8').replace(/^\ufeff/, ''), true);
      if (!full) continue;
      link(full, false);
      analyses[i] = full;
      byFile.set(full.code.file, full);
    }
    const next = new Set<string>();
    for (const a of analyses)
      for (const k of a.classes ?? [])
        if (k.bases.some((b) => clientClasses.has(b.toLowerCase()))) {
          clientClasses.add(k.name.toLowerCase());
          if (!guarded.has(a.code.file)) next.add(a.code.file);
        }
    for (const f of next) guarded.add(f);
    frontier = next;
  }

  linkModules(analyses, byFile, exists, pyRoots);
  crewConfigs(analyses, facts);
  dropForeignModels(analyses, byFile, resolvers.py);

  // The Agents SDK's default client: an agent that relies on it reads OPENAI_API_KEY, unless a module
  // that runs with it sets the SDK's key or client (set_default_openai_key / setDefaultOpenAIClient ...):
  // one that some module imports along with the agent's (or the agent's module imports, or that imports
  // it). An example that sets its own client does not set the one of the forty examples beside it.
  const setters = analyses.filter(
    (a) =>
      a.code.signals?.some((s) => s.kind === 'agents-default-client') ||
      a.clients.some((c) => c.sdk === 'openai-agents' && c.options.apiKey),
  );
  if (setters.length) {
    const importers = new Map<string, string[]>();
    for (const a of analyses)
      for (const f of a.code.imports ?? []) importers.set(f, [...(importers.get(f) ?? []), a.code.file]);
    const above = new Map<string, Set<string>>();
    const ancestors = (file: string): Set<string> => {
      let set = above.get(file);
      if (set) return set;
      set = new Set([file]);
      const todo = [file];
      while (todo.length)
        for (const g of importers.get(todo.pop() as string) ?? []) {
          if (set.has(g)) continue;
          set.add(g);
          todo.push(g);
        }
      above.set(file, set);
      return set;
    };
    const setBy = setters.map((a) => ancestors(a.code.file));
    for (const a of analyses) {
      if (!a.clients.some((c) => c.sdk === 'openai-agents' && c.keyVarImplicit)) continue;
      const mine = ancestors(a.code.file);
      if (setBy.some((s) => [...s].some((f) => mine.has(f))))
        a.clients = a.clients.filter((c) => !(c.sdk === 'openai-agents' && c.keyVarImplicit));
    }
  }

  // --- keys the code itself puts into the environment before the SDK reads them:
  // `os.environ["OPENAI_API_KEY"] = st.secrets.openai_key` then `OpenAI()` / `ChatOpenAI()` (in the same
  // module before the client, or at the top of a module the client's module imports, which runs first)
  for (const a of analyses) {
    for (const c of a.clients) {
      // `os.environ["X"] = os.getenv("X") or getpass(...)`, then `ChatOpenAI(openai_api_key=os.environ["X"])`:
      // the variable read is the one the code asked for when it was unset
      const k = c.options.apiKey;
      if (k?.kind === 'env' && k.after === undefined && k.default === undefined && !k.fallbacks?.length) {
        const w = envWriteBefore(a, c, byFile, k.name);
        if (w?.expr?.kind === 'env' && w.expr.name === k.name && w.expr.after)
          c.options.apiKey = { ...k, after: w.expr.after };
      }
      if (c.options.apiKey || !c.keyVar || !c.keyVarImplicit) continue;
      const w = envWriteBefore(a, c, byFile);
      if (!w) continue;
      delete c.keyVar;
      delete c.keyVarImplicit;
      delete c.keyVarFallbacks;
      // `os.environ.setdefault("OPENAI_API_KEY", "your-key")`: the value only where the variable is unset,
      // so the environment's key first and the literal as its default
      const defaulted = w.via.includes('setdefault') && w.value !== undefined;
      c.options.apiKey = defaulted
        ? { kind: 'env', name: w.name, default: w.value as string }
        : (w.expr ??
          (w.value !== undefined
            ? { kind: 'literal', value: w.value }
            : { kind: 'other', text: `${w.name} set at ${w.file}:${w.line}` }));
      if (!defaulted) c.keyWrittenAt = { file: w.file, line: w.line, name: w.name };
      finishClient(c);
    }
  }

  // --- dynaconf: `api_key=settings.OPENAI_API_KEY` where `settings = Dynaconf(...)` here or in an imported module
  for (const a of analyses) {
    for (const c of a.clients) {
      const k = c.options.apiKey;
      if (k?.kind !== 'other') continue;
      const m =
        /^([A-Za-z_]\w*)(?:\.([A-Za-z_]\w*)|\[\s*["']([\w.]+)["']\s*\]|\.get\(\s*["']([\w.]+)["'][^)]*\))$/.exec(
          k.text.replace(/\s+/g, ''),
        );
      const obj = m?.[1];
      const attr = m?.[2] ?? m?.[3] ?? m?.[4];
      if (!obj || !attr || attr === 'get') continue;
      const near = [a.code.file, ...(a.code.imports ?? [])]
        .map((f) => byFile.get(f))
        .filter((x): x is FileAnalysis => !!x);
      const home = near.find((x) => x.dynaconf?.some((d) => d.name === obj));
      const d = home?.dynaconf?.find((x) => x.name === obj);
      if (!home || !d) continue;
      c.options.apiKey = {
        kind: 'store',
        store: 'dynaconf',
        name: attr.toUpperCase(),
        ...(attr.includes('.') ? { path: attr.toUpperCase().split('.') } : {}),
        dynaconf: { ...d, file: home.code.file },
      };
    }
  }

  // --- keys passed through a config module: `apiKey: config.openaiKey`, `api_key=settings.OPENAI_API_KEY`
  // and chains of them: `api_key or settings.OPENAI_API_KEY or settings.API_KEY` (DocsGPT), where what
  // comes first (a parameter) cannot be followed and the settings fields give the rest.
  for (const a of analyses) {
    const py = a.code.language === 'python' || a.code.language === 'notebook';
    const near = [a.code.file, ...(a.code.imports ?? [])]
      .map((f) => byFile.get(f))
      .filter((x): x is FileAnalysis => !!x);
    const aliasOf = (text: string): { name: string; pool: FileAnalysis[] } | undefined => {
      const m = /^(?:[A-Za-z_$][\w$]*\.)*([A-Za-z_$][\w$]*)$/.exec(text.replace(/\(\)$/, ''));
      const attr = m?.[1];
      if (!attr) return undefined;
      // A bare name (`apiKey`) is this module's or an import's: never a field of some other module's config
      const bare = !text.includes('.');
      const pool =
        bare || near.some((x) => x.envAliases?.[attr])
          ? near
          : analyses.filter((x) => (x.code.language === 'python' || x.code.language === 'notebook') === py);
      const found = new Set(pool.map((x) => x.envAliases?.[attr]).filter((x): x is string => !!x));
      if (found.size === 1) return { name: [...found][0] as string, pool };
      // `settings.azure_openai.key`: the class the owner attribute is typed with names the field's variable
      // (two settings classes with a `key` each: the attribute alone cannot tell which)
      const parts = text.replace(/\(\)$/, '').split('.');
      const owner = parts.length >= 3 ? parts[parts.length - 2] : undefined;
      if (!owner) return undefined;
      const all = analyses.filter((x) => (x.code.language === 'python' || x.code.language === 'notebook') === py);
      const types = new Set(all.map((x) => x.attrTypes?.[owner]).filter((x) => x !== undefined));
      const cls = types.size === 1 ? [...types][0] : undefined;
      if (!cls) return undefined;
      const typed = new Set(all.map((x) => x.envAliases?.[`${cls}.${attr}`]).filter((x): x is string => !!x));
      return typed.size === 1 ? { name: [...typed][0] as string, pool: all } : undefined;
    };
    for (const c of a.clients) {
      // conditions on such attributes: `if (!env.OPENAI_API_KEY) return;` before the client (AgentGPT)
      if (c.when?.some((g) => g.kind === 'unknown' && g.attr))
        c.when = c.when.map((g) => {
          if (g.kind !== 'unknown' || !g.attr || !g.op) return g;
          const hit = aliasOf(g.attr);
          return hit ? { kind: 'env', name: hit.name, op: g.op } : g;
        });
      const k = c.options.apiKey;
      if (k?.kind !== 'other' || c.keyVar) continue;
      const alts = chainOf(k.text, py);
      // In a chain, a bare name is a parameter or a local (`apiKey || config.key`), not a config
      // attribute that happens to share its name; `process.env.X` is X itself.
      // a parameter of the function that builds the client (`function getLLM(apiKey) { new OpenAI({ apiKey }) }`):
      // what its callers pass, never a property of the same name in some object literal
      const param = (alt: string) =>
        c.fn !== undefined && (a.functions ?? []).some((f) => f.name === c.fn && f.params.includes(alt));
      const altOf = (alt: string): { name: string; pool: FileAnalysis[] } | undefined => {
        if (alts.length === 1) return param(alt) ? undefined : aliasOf(alt);
        const env = /^process\.env\.([A-Za-z_]\w*)$/.exec(alt);
        if (env) return { name: env[1] as string, pool: [] };
        return alt.includes('.') ? aliasOf(alt) : undefined;
      };
      // What comes before the first settings field: names only (parameters, attributes); a literal
      // or a call there may give the key, so the chain stays unknown.
      let lead = 0;
      while (lead < alts.length - 1 && !altOf(alts[lead] as string) && /^[A-Za-z_$][\w$.]*$/.test(alts[lead] as string))
        lead++;
      const hit = altOf(alts[lead] as string);
      if (!hit) {
        // `createOpenAI({ apiKey })`, `new OpenAI({ apiKey: key })`: a name that may be undefined, and
        // the JavaScript SDKs read their default variable when it is (a destructuring default).
        const d =
          !py && alts.length === 1 && BARE.test(k.text) && FALLS_BACK.has(c.sdk)
            ? defaultKeyVar(c.sdk, !!c.azure, 'js')
            : {};
        if (d.name) {
          c.keyVar = d.name;
          if (d.fallbacks) c.keyVarFallbacks = d.fallbacks;
          c.options.apiKey = {
            kind: 'env',
            name: d.name,
            ...(d.fallbacks ? { fallbacks: d.fallbacks } : {}),
            before: k.text,
          };
        }
        continue;
      }
      const { name, pool } = hit;
      const fallbacks: string[] = [];
      for (const alt of alts.slice(lead + 1)) {
        const next = altOf(alt);
        if (!next) break;
        if (!fallbacks.includes(next.name) && next.name !== name) fallbacks.push(next.name);
      }
      c.keyVar = name;
      if (fallbacks.length) c.keyVarFallbacks = fallbacks;
      // a settings field's default is what the client gets when the variable is unset
      const def = pool
        .flatMap((x) => x.envReads)
        .find((r) => r.name === name && r.via === 'pydantic-settings' && r.default !== undefined)?.default;
      c.options.apiKey = {
        kind: 'env',
        name,
        ...(fallbacks.length ? { fallbacks } : {}),
        ...(def !== undefined && fallbacks.length === 0 ? { default: def } : {}),
        ...(lead > 0 ? { before: alts.slice(0, lead).join(py ? ' or ' : ' || ') } : {}),
      };
    }
  }

  // --- the AI SDK's OPENAI_BASE_URL: @ai-sdk/openai reads it from 2.x; 1.x always calls api.openai.com ---
  for (const a of analyses)
    for (const c of a.clients) {
      if (c.sdk !== 'vercel-ai' || c.azure || c.options.baseURL) continue;
      const d = dirOf(c.file);
      const pkg = facts.project.packageJsons
        .filter((p) => dirOf(p.rel) === '' || d === dirOf(p.rel) || d.startsWith(dirOf(p.rel) + '/'))
        .sort((x, y) => y.rel.length - x.rel.length)
        .find((p) => (p.dependencies['@ai-sdk/openai'] ?? p.devDependencies['@ai-sdk/openai']) !== undefined);
      const spec = pkg ? (pkg.dependencies['@ai-sdk/openai'] ?? pkg.devDependencies['@ai-sdk/openai']) : undefined;
      const major = spec !== undefined ? majorOfSpec(spec) : undefined;
      if (major !== undefined && major < 2) c.noEnvBaseURL = true;
    }

  // --- client-side modules by framework convention --------------------------------------------------
  // By the frameworks of the file's own package (its nearest package.json): in a monorepo, the server
  // package's src/ is not the browser code of the UI package beside it.
  const projectFw = new Set(facts.project.frameworks);
  const packages = facts.project.packageJsons.map((p) => ({
    dir: dirOf(p.rel),
    fw: new Set(jsFrameworks(new Set([...Object.keys(p.dependencies), ...Object.keys(p.devDependencies)]))),
  }));
  const frameworksOf = (file: string): Set<string> => nearest(packages, file)?.fw ?? projectFw;
  for (const a of analyses) {
    const f = a.code.file;
    if (a.code.language !== 'js' && a.code.language !== 'ts') continue;
    const fw = frameworksOf(f);
    const spaOnly =
      (fw.has('cra') ||
        (fw.has('vite') && !fw.has('sveltekit') && !fw.has('astro') && !fw.has('nuxt') && !fw.has('remix'))) &&
      !fw.has('next');
    if (/\.client\.[cm]?[jt]sx?$/.test(f)) a.code.clientSide = true;
    else if (spaOnly && /(^|\/)src\//.test(f) && !/(^|\/)(server|api|functions|backend)\//.test(f))
      a.code.clientSide = true;
    else if (fw.has('expo') && !/(^|\/)(server|api|functions|backend|scripts)\//.test(f) && !/\+api\.[jt]sx?$/.test(f))
      a.code.clientSide = true;
  }

  // --- entry points ----------------------------------------------------------------------------------
  const launches = launchesOf(facts);
  const entryPoints: EntryPoint[] = packageEntryPoints(root, facts.project.packageJsons, exists, launches);
  pushAll(
    entryPoints,
    procfileEntryPoints(
      launches.filter((l) => !skippedPath(l.origin.file, venvDirs)),
      exists,
    ),
  );
  // console scripts: pyproject.toml [project.scripts] / [tool.poetry.scripts] name = "pkg.module:func",
  // setup.py entry_points={"console_scripts": ["name=pkg.module:func"]}, setup.cfg [options.entry_points]
  for (const f of facts.files) {
    if (f.ignored || !/(^|\/)(pyproject\.toml|setup\.py|setup\.cfg)$/.test(f.rel) || f.rel.split('/').length > 3)
      continue;
    let text = '';
    try {
      const r = readFileLimited(f.path, MAX_CODE_BYTES);
      if (typeof r === 'number') continue;
      text = r.toString('utf8');
    } catch {
      continue;
    }
    const dir = dirOf(f.rel);
    for (const m of consoleScripts(f.rel, text)) {
      const mod = m[2] ?? '';
      const target = [dir, joinInside(dir, 'src', PATH_JOIN)]
        .filter((d): d is string => d !== undefined)
        .map((d) => resolvePy(d ? `${d}/x.py` : 'x.py', mod, exists))
        .find((x) => x);
      if (target && !entryPoints.some((e) => e.file === target))
        entryPoints.push({
          file: target,
          kind: 'python',
          label: `${m[1]} (${f.rel.endsWith('.toml') ? 'pyproject' : 'setup'} script ${mod}:${m[3]})`,
          // run from the project's folder (`uv run`, `poetry run`, `crewai run` there)
          cwd: dir,
          runner: m[1],
          declaredIn: f.rel,
        });
    }
  }
  const has = (file: string): boolean => entryPoints.some((e) => e.file === file);
  // top-level packages, and `azure.functions` whole (azure.* is a namespace of unrelated packages)
  const specs = (a: FileAnalysis): Set<string> =>
    new Set(
      a.rawLoads.map((r) =>
        /^azure\.functions(\.|$)/.test(r.spec) ? 'azure.functions' : (r.spec.split('.')[0] ?? r.spec),
      ),
    );
  // Where a Python script is started from: the folder of the project it belongs to (the nearest with its
  // own requirements file or pyproject at or above it), the root for a project of one. A collection's
  // app (ex1/requirements.txt, `cd ex1 && streamlit run app/main.py`) runs in its own folder.
  const pyManifestDirs = new Set(
    facts.files
      .filter((f) => !f.ignored && PY_MANIFEST.test(f.rel) && !/(^|\/)(node_modules|site-packages)\//.test(f.rel))
      .map((f) => dirOf(f.rel)),
  );
  // (a project with a manifest at its root, a workspace of packages among them, is run from the root)
  const pyCwd = (file: string): string => {
    if (pyManifestDirs.has('')) return '';
    for (let d = dirOf(file); d !== ''; d = dirOf(d)) if (pyManifestDirs.has(d)) return d;
    return '';
  };
  for (const a of analyses) {
    const f = a.code.file;
    const base = posix.basename(f);
    if (a.code.language === 'notebook') {
      entryPoints.push({
        file: f,
        kind: 'python',
        label: `notebook ${f}`,
        cwd: dirOf(f),
        runner: 'jupyter',
        declaredIn: f,
      });
      continue;
    }
    if (a.code.language !== 'python' || has(f)) continue;
    const s = specs(a);
    if (
      (base === 'manage.py' || base === 'wsgi.py' || base === 'asgi.py') &&
      (s.has('django') || a.envWrites.some((w) => w.name === 'DJANGO_SETTINGS_MODULE')) &&
      !importedBy.has(f)
    )
      entryPoints.push({
        file: f,
        kind: 'python',
        label:
          base === 'manage.py'
            ? `python ${f} runserver`
            : `${base === 'asgi.py' ? 'uvicorn' : 'gunicorn'} ${f.replace(/\.py$/, '').replace(/\//g, '.')}:application`,
        cwd: dirOf(f),
        runner: base === 'manage.py' ? 'python' : base === 'asgi.py' ? 'uvicorn' : 'gunicorn',
        framework: 'django',
        declaredIn: f,
      });
    else if (s.has('streamlit') && !importedBy.has(f))
      entryPoints.push({
        file: f,
        kind: 'python',
        label: `streamlit run ${f}`,
        cwd: pyCwd(f),
        runner: 'streamlit',
        framework: 'streamlit',
        declaredIn: f,
      });
    else if (s.has('flask') && /^(app|wsgi|main|server|application)\.py$/.test(base) && !importedBy.has(f)) {
      // `if __name__ == "__main__": app.run()` is one way to start it; a README (or a .flaskenv) that has you
      // run `flask run` is the way its users do (the flask command loads .env before it imports the app)
      const byPython = a.code.hasMainGuard && !flaskRunDocumented(dirOf(f));
      entryPoints.push({
        file: f,
        kind: 'python',
        label: byPython ? `python ${f}` : `flask --app ${f} run`,
        cwd: dirOf(f),
        runner: byPython ? 'python' : 'flask',
        framework: 'flask',
        declaredIn: f,
      });
    } else if (s.has('fastapi') && /^(app|main|server|api|asgi)\.py$/.test(base) && !importedBy.has(f))
      entryPoints.push({
        file: f,
        kind: 'python',
        label: a.code.hasMainGuard ? `python ${f}` : `uvicorn ${f.replace(/\.py$/, '').replace(/\//g, '.')}:app`,
        cwd: pyCwd(f),
        runner: a.code.hasMainGuard ? 'python' : 'uvicorn',
        framework: 'fastapi',
        declaredIn: f,
      });
    else if (a.code.hasMainGuard)
      entryPoints.push({
        file: f,
        kind: 'python',
        label: `python ${f}`,
        cwd: pyCwd(f),
        runner: 'python',
        declaredIn: f,
      });
  }
  // Django: manage.py / wsgi.py / asgi.py load DJANGO_SETTINGS_MODULE first, then every app module (later, by name).
  for (const e of entryPoints) {
    if (e.framework !== 'django') continue;
    const a = byFile.get(e.file);
    if (!a) continue;
    const w = a.envWrites.find((x) => x.name === 'DJANGO_SETTINGS_MODULE' && x.value);
    const settings = w?.value ? resolvePy(e.file, w.value, exists, pyRoots) : undefined;
    const loads = a.code.loads ?? [];
    if (settings && settings !== e.file)
      loads.push({ file: settings, line: w?.line ?? 1, order: w?.order ?? 0, hoisted: false });
    const appDir = dirOf(e.file);
    for (const other of analyses) {
      const f = other.code.file;
      if (
        f === e.file ||
        f === settings ||
        other.code.language !== 'python' ||
        !(appDir === '' || f.startsWith(appDir + '/'))
      )
        continue;
      if (entryPoints.some((x) => x.file === f)) continue;
      loads.push({ file: f, line: 0, order: Number.MAX_SAFE_INTEGER, hoisted: false, dynamic: true });
    }
    a.code.loads = loads;
    a.code.imports = [...new Set(loads.map((l) => l.file))];
    for (const l of loads) importedBy.set(l.file, (importedBy.get(l.file) ?? 0) + 1);
  }

  // Scripts nobody imports that set up a client or load a dotenv file: `python app.py`, `node bot.js`.
  const nodeScripted = entryPoints.some((e) => e.kind === 'node');
  // Packages another package of the repository depends on (a monorepo's shared library): their
  // modules run inside that package's process, never as scripts of their own.
  const libraryDirs = facts.project.packageJsons
    .filter((p) => workspaceLibrary(facts.project.packageJsons, p))
    .map((p) => dirOf(p.rel));
  // package folders other than the root, deepest first
  const ownPackageDirs = facts.project.packageJsons
    .map((p) => dirOf(p.rel))
    .filter((d) => d !== '')
    .sort((x, y) => y.length - x.length);
  for (const a of analyses) {
    const f = a.code.file;
    if (has(f) || importedBy.has(f)) continue;
    if (a.clients.length === 0 && a.dotenvLoads.length === 0) continue;
    // a Python module of functions that nothing calls (a plugin pack, a library module): `python x.py` only defines them.
    // A web app's handlers are called by its server: such a module stays a target.
    if (
      a.code.language === 'python' &&
      !a.code.callsOwnFunction &&
      ![...specs(a)].some((m) => PY_SERVERS.has(m)) &&
      !a.clients.some((c) => c.topLevel) &&
      !a.dotenvLoads.some((l) => l.topLevel)
    )
      continue;
    if (a.code.language === 'python')
      entryPoints.push({
        file: f,
        kind: 'python',
        label: `python ${f}`,
        cwd: pyCwd(f),
        runner: 'python',
        declaredIn: f,
      });
    else if (
      (a.code.language === 'js' || a.code.language === 'ts') &&
      !nodeScripted &&
      !a.code.clientSide &&
      !projectFw.has('next') &&
      !libraryDirs.some((d) => d !== '' && f.startsWith(`${d}/`))
    ) {
      const runner = a.code.language === 'ts' ? 'tsx' : 'node';
      // run from its package's folder (a workspace package's own scripts run there: `npm run start
      // --workspace=api`, `func start`), the root's when it belongs to no package of its own
      const cwd = ownPackageDirs.find((d) => f.startsWith(`${d}/`)) ?? '';
      // no script of the package runs it, so its folder is a guess: the user may as well start it from
      // the root, as its label names it (`npx tsx examples/chat.ts` beside the root's .env)
      entryPoints.push({
        file: f,
        kind: 'node',
        label: `${runner} ${f}`,
        cwd,
        ...(cwd !== '' ? { cwdOpen: true } : {}),
        runner,
        declaredIn: f,
      });
    }
  }

  // --- reach of each entry point (for the cwd of dotenv paths) -----------------------------------------
  const reachCwd = new Map<string, string>();
  // files first reached from a command the package installs (`bin`): run from any folder
  const openCwd = new Set<string>();
  for (const e of entryPoints) {
    const stack = [e.file];
    const seen = new Set<string>();
    while (stack.length) {
      const f = stack.pop() ?? '';
      if (seen.has(f)) continue;
      seen.add(f);
      if (!reachCwd.has(f)) {
        reachCwd.set(f, e.cwd);
        if (e.cwdOpen) openCwd.add(f);
      }
      for (const l of byFile.get(f)?.code.loads ?? []) stack.push(l.file);
    }
  }

  const dotenvLoads: DotenvLoad[] = [];
  let azdEnv: string | undefined | null = null; // read only when some code calls load_azd_env()
  for (const a of analyses) {
    for (const l of a.dotenvLoads) {
      // `import chainlit` in a module of a package of the app (realtime/__init__.py): Chainlit loads the
      // .env of the folder the app is run from, the first folder above that is not a package
      if (l.loader === 'chainlit' && l.base === 'file-dir') {
        let up = 0;
        for (let d = dirOf(l.file); d && exists(`${d}/__init__.py`); d = dirOf(d)) up++;
        if (up > 0) l.path = `${'../'.repeat(up)}.env`;
      }
      if (l.path === AZD_ENV_FILE) {
        if (azdEnv === null) azdEnv = azdEnvironment(facts);
        if (azdEnv === undefined) l.base = 'unknown';
        else l.path = `.azure/${azdEnv}/.env`;
      }
      const cwd =
        reachCwd.get(l.file) ??
        (a.code.language === 'notebook'
          ? dirOf(l.file)
          : a.code.language === 'python'
            ? pyCwd(l.file)
            : // a module no entry reaches runs in its package (npm runs a package's scripts in its folder)
              (ownPackageDirs.find((d) => l.file.startsWith(`${d}/`)) ?? ''));
      let r = resolveLoad(l, cwd) ?? aboveRoot(root, l, cwd);
      // an installed command (open-codex's bin, "put .env at the root of your project"): where the package's
      // folder has no such file, the repository's root, where its README has you run it
      if (r && openCwd.has(l.file) && !r.some((x) => exists(x))) {
        const atRoot = resolveLoad(l, '');
        if (atRoot?.some((x) => exists(x))) r = atRoot;
      }
      if (r) l.resolved = r;
      dotenvLoads.push(l);
    }
  }
  for (const e of entryPoints)
    for (const p of e.preloads ?? []) {
      const r = resolveLoad(p, e.cwd);
      if (r) p.resolved = r;
    }

  const code: CodeFacts = {
    files: analyses.map((a) => a.code),
    entryPoints,
    envReads: analyses.flatMap((a) => a.envReads),
    dotenvLoads,
    clients: analyses.flatMap((a) => a.clients),
    sdk: sdkVersions(root, facts.files, facts.project, notes),
    envWrites: analyses.flatMap((a) => a.envWrites),
  };
  pushAll(facts.notes, sink);
  for (const [kind, n] of noteCounts)
    if (n > MAX_NOTES)
      facts.notes.push({
        kind: kind as Note['kind'],
        message: `${n - MAX_NOTES} more source files had the same problem (${kind}) and were not analysed`,
      });
  return code;
}

/**
 * A load whose relative path leads out of the root (`path.join(__dirname, '../../.env')` in a package
 * keydoctor is run in): the file itself, by its absolute path, when it lies in the git work tree the
 * root belongs to (a repository's own file; the dotenv collector reads those folders' `.env` too).
 */
function aboveRoot(root: string, l: DotenvLoad, cwd: string): string[] | undefined {
  if (!l.path || l.path.includes('${') || (l.base !== 'file-dir' && l.base !== 'cwd')) return undefined;
  if (l.path.startsWith('/') || l.path.startsWith('~')) return undefined;
  const abs = resolve(root, l.base === 'file-dir' ? dirOf(l.file) : cwd, l.path);
  if (within(abs, root)) return undefined;
  const top = workTreeTop(root);
  return top !== undefined && top !== root && within(abs, top) ? [abs] : undefined;
}

/**
 * A model name given only to classes or functions of the project's own modules that no LLM client is
 * joined to: their module builds none, imports no module that does, and no module importing it does
 * (pipecat's `InworldSession(model="openai/gpt-4.1-mini")`, sent over Inworld's own connection). A config
 * class that a client's module imports (`LLMEndpointConfig(model="gpt-4o")`) carries the model to it.
 */
function dropForeignModels(
  analyses: FileAnalysis[],
  byFile: Map<string, FileAnalysis>,
  resolve: (from: string, spec: string) => string | undefined,
): void {
  const importers = new Map<string, string[]>();
  for (const a of analyses)
    for (const f of a.code.imports ?? []) importers.set(f, [...(importers.get(f) ?? []), a.code.file]);
  const hasClients = (f: string): boolean => (byFile.get(f)?.clients.length ?? 0) > 0;
  const memo = new Map<string, boolean>();
  const clientLess = (from: string, full: string): boolean => {
    const dot = full.lastIndexOf('.');
    if (dot <= 0) return false;
    const target = resolve(from, full.slice(0, dot));
    const t = target ? byFile.get(target) : undefined;
    if (!target || !t) return false;
    let v = memo.get(target);
    if (v === undefined) {
      v =
        t.clients.length === 0 &&
        !(t.code.imports ?? []).some(hasClients) &&
        !(importers.get(target) ?? []).some(hasClients);
      memo.set(target, v);
    }
    return v;
  };
  for (const a of analyses) {
    const models = a.code.models;
    if (!models?.some((m) => m.sites)) continue;
    // a call that is itself a client keydoctor knows (`dspy.LM("openai/gpt-4o-mini")` in dspy's own repository,
    // where `dspy` is a module of the project) sends its model to that client's endpoint
    const clientLines = new Set(a.clients.map((c) => c.line));
    a.code.models = models.filter(
      (m) => !m.sites || !m.sites.every((s) => !clientLines.has(s.line) && clientLess(a.code.file, s.via)),
    );
  }
}

/** Whether an absolute path lies inside folder `dir`. */
function within(abs: string, dir: string): boolean {
  const r = relative(dir, abs);
  return r !== '' && !r.startsWith('..') && !isAbsolute(r);
}

/** `Authorization: Bearer <key>` sent to an Azure OpenAI endpoint (not an Entra ID token): the line of `Bearer`. */
export function azureBearer(text: string): number | undefined {
  if (!/\.openai\.azure\.com|\.cognitiveservices\.azure\.com/.test(text) || !/Authorization/.test(text))
    return undefined;
  if (/api-key|api_key['"]?\s*:/i.test(text) && /['"]api-key['"]/i.test(text)) return undefined;
  if (
    /DefaultAzureCredential|getBearerTokenProvider|get_bearer_token_provider|azure_ad_token|azureADToken|ManagedIdentityCredential|ClientSecretCredential|\.get_token\(|getToken\(/.test(
      text,
    )
  )
    return undefined;
  // A Bearer header counts only where it goes to Azure: the URL nearest to it (within a few lines) is an Azure
  // endpoint, or, with no URL near it, an Azure endpoint is written close by. A Bearer header for an MCP server
  // or another API in a file that also builds an Azure client is that server's.
  // the key sent as Ocp-Apim-Subscription-Key (Azure AI services' header): Bearer there is for a token
  if (/Ocp-Apim-Subscription-Key/i.test(text)) return undefined;
  const lines = text.split('\n');
  // An Azure OpenAI endpoint that wants the key in `api-key`: not the v1 API (`/openai/v1/`, which takes
  // the standard client's Authorization: Bearer), and on cognitiveservices.azure.com only its /openai/
  // paths (that host serves Language, Speech, Vision too)
  const isAzure = (l: string): boolean => {
    if (!AZURE_HOST_TEXT.test(l) || /\/openai\/v1\b/.test(l)) return false;
    return /\.openai\.azure\.com/.test(l) || /\/openai\//.test(l);
  };
  for (let i = 0; i < lines.length; i++) {
    if (!(lines[i] ?? '').includes('Bearer')) continue;
    let nearest: boolean | undefined;
    for (let d = 0; d <= 10 && nearest === undefined; d++) {
      for (const j of d === 0 ? [i] : [i - d, i + d]) {
        const url = URL_TEXT.exec(lines[j] ?? '')?.[0];
        if (url !== undefined) {
          nearest = isAzure(url);
          break;
        }
      }
    }
    if (nearest === true) return i + 1;
    if (nearest === undefined && lines.slice(Math.max(0, i - 30), i + 31).some(isAzure)) return i + 1;
  }
  return undefined;
}

const AZURE_HOST_TEXT = /\.openai\.azure\.com|\.cognitiveservices\.azure\.com/;
const URL_TEXT = /https?:\/\/[^\s'"`)]+/;

function hasLongLine(text: string): boolean {
  if (text.length < MAX_LINE) return false;
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (end - start > MAX_LINE) return true;
    if (nl < 0) return false;
    start = nl + 1;
  }
}

/**
 * crewAI agents built from `config/agents.yaml` (the CrewBase layout, beside the crew's module): an
 * `llm:` line there may pick another provider, so the agents stay conditional where the file names
 * one, or cannot be read; where it names none they run on the default LLM.
 */
function crewConfigs(analyses: FileAnalysis[], facts: Pick<Facts, 'files'>): void {
  const byRel = new Map(facts.files.map((f) => [f.rel, f]));
  for (const a of analyses)
    for (const c of a.clients) {
      if (c.sdk !== 'crewai' || !c.when?.some((g) => g.kind === 'unknown' && g.text === CREW_YAML_GUARD)) continue;
      const dir = dirOf(c.file);
      const yaml = ['config/agents.yaml', 'config/agents.yml']
        .map((n) => byRel.get(dir ? `${dir}/${n}` : n))
        .find(Boolean);
      const r = yaml ? readFileLimited(yaml.path, 1 << 20) : undefined;
      if (r === undefined || typeof r === 'number') continue;
      if (/^\s*llm\s*:/m.test(r.toString('utf8'))) continue;
      c.when = c.when.filter((g) => !(g.kind === 'unknown' && g.text === CREW_YAML_GUARD));
      if (c.when.length === 0) delete c.when;
    }
}

export const codeCollector: Collector = {
  name: 'code',
  async collect(_ctx, facts) {
    const code = await analyzeProject(facts);
    facts.code = code;
    // Files that loaders name explicitly (`load_dotenv("config/.env")`, `load_dotenv(Path.home() / ".env")`) are
    // read like any dotenv file: project files, and files in HOME or the project named by an absolute path.
    const listed = new Set(facts.files.map((f) => f.rel));
    const toRead = new Map<string, string | undefined>(); // path as shown (`~/.env`) → absolute path when outside the listing
    for (const l of [...code.dotenvLoads, ...code.entryPoints.flatMap((e) => e.preloads ?? [])]) {
      if (l.path === undefined) continue;
      for (const r of l.resolved ?? []) {
        if (listed.has(r)) toRead.set(r, undefined);
        else if (r.startsWith('~/') || r.startsWith('/')) {
          const abs = r.startsWith('~/') ? join(facts.home, r.slice(2)) : r;
          if (within(abs, facts.home) || within(abs, facts.root)) toRead.set(r, abs);
          else {
            // a load that leads out of the root into the rest of its repository (aboveRoot)
            const top = workTreeTop(facts.root);
            if (top !== undefined && within(abs, top)) toRead.set(r, abs);
          }
        } else if (l.loader === 'dotenv-azd') {
          // azd keeps its environments in `.azure/`, which its templates keep out of git (so out of the listing):
          // read by its path in the project, so its .gitignore rules are known
          const abs = join(facts.root, r);
          if (within(abs, facts.root) && existsSync(abs)) toRead.set(r, undefined);
        }
      }
    }
    for (const [r, abs] of toRead) {
      if (facts.envFiles.some((f) => f.relPath === r)) continue;
      try {
        ensureEnvFile(facts, r, { role: 'loaded', ...(abs ? { abs } : {}) });
      } catch (e) {
        facts.notes.push({ kind: 'unreadable', path: r, message: `cannot read ${r}: ${(e as Error).message}` });
      }
    }
  },
};

/**
 * The write of the client's key variable that runs before the client is built: in its own module,
 * earlier (a module-level write before a module-level client, or any earlier write before a client
 * built in a function), or at the top level of a module its module imports (directly or not).
 */
function envWriteBefore(
  a: FileAnalysis,
  c: ClientConstruction,
  byFile: Map<string, FileAnalysis>,
  name = c.keyVar,
): EnvWrite | undefined {
  const py = (x: FileAnalysis): boolean => x.code.language === 'python' || x.code.language === 'notebook';
  const usable = (w: EnvWrite): boolean =>
    w.name === name && !(w.expr?.kind === 'literal' && w.expr.value.trim() === '') && w.value?.trim() !== '';
  const own = a.envWrites.filter(
    (w) => usable(w) && (w.order ?? w.line) < (c.order ?? c.line) && (w.topLevel !== false || c.topLevel === false),
  );
  if (own.length) return own[own.length - 1];
  const seen = new Set<string>([a.code.file]);
  const queue = [...(a.code.imports ?? [])];
  while (queue.length && seen.size < 200) {
    const f = queue.shift() as string;
    if (seen.has(f)) continue;
    seen.add(f);
    const b = byFile.get(f);
    if (!b || py(b) !== py(a)) continue;
    const w = b.envWrites.filter((x) => usable(x) && x.topLevel !== false).pop();
    if (w) return w;
    pushAll(queue, b.code.imports ?? []);
  }
  return undefined;
}

/**
 * The alternatives of a key expression's text: `a or b or c` (Python), `a || b ?? c` (JavaScript),
 * outer parentheses dropped; one alternative where there is no chain at the top level.
 */
function chainOf(text: string, py: boolean): string[] {
  let t = text.trim();
  while (t.startsWith('(') && t.endsWith(')') && balanced(t.slice(1, -1))) t = t.slice(1, -1).trim();
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  const sep = py ? /^\s+or\s+/ : /^\s*(?:\|\||\?\?)\s*/;
  for (let i = 0; i < t.length; i++) {
    const ch = t[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === '"' || ch === "'" || ch === '`')
      return [t]; // strings: not taken apart here
    else if (depth === 0) {
      const m = sep.exec(t.slice(i));
      if (m && (py ? /\s/.test(ch ?? '') : true)) {
        parts.push(t.slice(from, i).trim());
        i += m[0].length - 1;
        from = i + 1;
      }
    }
  }
  parts.push(t.slice(from).trim());
  return parts.filter(Boolean);
}

function balanced(t: string): boolean {
  let d = 0;
  for (const ch of t) {
    if (ch === '(') d++;
    else if (ch === ')' && --d < 0) return false;
  }
  return d === 0;
}
