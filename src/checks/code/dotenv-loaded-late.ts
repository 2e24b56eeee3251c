import type { FindingDraft } from '../../core/types.js';
import type { Facts } from '../../core/facts.js';
import type { ClientConstruction, CodeFile, DotenvLoad } from '../../code/types.js';
import { type ExecEvent, clientLabel, envFileNames, envFilesDefining, executionOrder } from './_lib/check-helpers.js';
import { resolveLoad } from '../../code/loads.js';
import type { Check } from '../types.js';

function loadText(l: DotenvLoad): string {
  if (l.loader === 'python-dotenv') return 'load_dotenv()';
  if (l.loader === 'python-custom') return l.pathText ?? "the project's own loader";
  if (l.loader === 'django-environ') return 'read_env()';
  if (l.loader === 'node-loadEnvFile') return 'process.loadEnvFile()';
  if (l.loader === 'dotenv/config') return "import 'dotenv/config'";
  return `${l.loader === 'dotenvx' ? 'dotenvx' : 'dotenv'}.config()`;
}

/**
 * Names the load would set: from the files it reads, or (path unknown) from any project .env holding the name.
 * `cwd` is the working folder of the program being followed: one process has one, so every load it
 * reaches resolves against it (`dotenv.config()` deep in apps/api/src reads apps/api/.env under `npm start` there).
 */
function namesOf(facts: Facts, l: DotenvLoad, name: string, cwd?: string): boolean {
  const files =
    (cwd !== undefined && l.base !== 'file-dir' && l.base !== 'walk-up' && l.base !== 'absolute'
      ? resolveLoad(l, cwd)
      : undefined) ??
    l.resolved ??
    [];
  if (l.base === 'walk-up' || l.base === 'cwd-walk-up') {
    const first = files.find((f) => facts.envFiles.some((e) => e.relPath === f && e.exists));
    return first ? envFileNames(facts, first).has(name) : false;
  }
  if (files.length) return files.some((f) => envFileNames(facts, f).has(name));
  return envFilesDefining(facts, name).length > 0;
}

/** The folder of the package.json nearest above a file ('' for the root package), undefined when none. */
function packageDirOf(facts: Facts, file: string): string | undefined {
  let best: string | undefined;
  for (const p of facts.project.packageJsons) {
    const d = p.rel.includes('/') ? p.rel.slice(0, p.rel.lastIndexOf('/')) : '';
    if ((d === '' || file.startsWith(d + '/')) && (best === undefined || d.length > best.length)) best = d;
  }
  return best;
}

/** Agents built at import whose model client is made on the first run (the Agents SDK's provider, crewAI's LLM via LiteLLM). */
function readsKeyWhenRun(c: ClientConstruction): boolean {
  return (c.sdk === 'openai-agents' && c.callee !== undefined && /(^|\.)Agent$/.test(c.callee)) || c.sdk === 'crewai';
}

export const check: Check = {
  meta: {
    id: 'dotenv-loaded-late',
    title: 'The .env file is loaded after the client was created or the variable was read',
    severity: 'error',
    area: 'code',
    docs: {
      what: "The code loads the dotenv file that holds the key, but only after a module-level `new OpenAI()` / `OpenAI()` (or a read of the variable) has already run. In ES modules every static `import` is evaluated before the importing module's body, so `dotenv.config()` written below the imports runs after all imported modules have created their clients; in Python, `import openai` (v0) reads the key at import time, and a client created above `load_dotenv()` reads the environment before the file is loaded. An Agents SDK or crewAI `Agent` built above the load is not reported: its model client is made when the agent runs; nor is a field of a pydantic-settings class with its own `env_file` (the class reads that file itself), nor a read at import time that the program repeats after the load (a default the later value replaces).",
      why: 'The SDK reads `OPENAI_API_KEY` once, when the client is constructed. If the file is loaded later the client already has no key ("Missing credentials") or an older one from the shell.',
      fix: "Load the environment before anything reads it: `import 'dotenv/config'` as the first import of the entry module (not `dotenv.config()` in its body), or preload it (`node --env-file=.env`, `node -r dotenv/config`); in Python call `load_dotenv()` at the top of the entry module, before importing modules that create clients. Alternatively create the client lazily inside a function.",
    },
  },
  run({ facts }) {
    const code = facts.code;
    if (!code) return [];
    const files = new Map<string, CodeFile>(code.files.map((f) => [f.file, f]));
    const roots = new Set<string>(code.entryPoints.map((e) => e.file).filter((f) => files.has(f)));
    const imported = new Set(code.files.flatMap((f) => f.imports ?? []));
    for (const l of code.dotenvLoads) if (!imported.has(l.file)) roots.add(l.file);
    const out: FindingDraft[] = [];
    const seen = new Set<string>();
    for (const root of roots) {
      const entry = code.entryPoints.find((e) => e.file === root);
      // a module no entry point starts (a worker script): it runs from its package's folder, as npm scripts do
      const cwd = entry?.cwd ?? (/\.[cm]?[jt]sx?$/.test(root) ? packageDirOf(facts, root) : undefined);
      const events = executionOrder(code, root);
      const loadsAt = events.map((e, i) => ({ e, i })).filter((x) => x.e.kind === 'load');
      if (loadsAt.length === 0) continue;
      for (let i = 0; i < events.length; i++) {
        const ev = events[i] as ExecEvent;
        let name: string | undefined;
        let what = '';
        if (ev.kind === 'client') {
          // An Agents SDK or crewAI Agent reads its key when it runs (Runner.run, crew.kickoff), not when built
          if (readsKeyWhenRun(ev.client)) continue;
          name = ev.client.keyVar;
          what = `${clientLabel(ev.client)} at ${ev.file}:${ev.line}`;
        } else if (ev.kind === 'read') {
          // a pydantic-settings class with an env_file reads that file itself: when load_dotenv() runs does not matter
          if (ev.read.ownEnvFile) continue;
          if (!/OPENAI|AZURE/.test(ev.read.name) && ev.read.name !== code.clients.find((c) => c.keyVar)?.keyVar)
            continue;
          name = ev.read.name;
          what = `the read of ${name} at ${ev.file}:${ev.line}`;
        }
        if (!name) continue;
        const n = name;
        if (facts.env[n] !== undefined) continue; // the environment already provides it: the late load changes nothing the client sees
        if ((entry?.preloads ?? []).some((p) => (p.resolved ?? []).some((f) => envFileNames(facts, f).has(n))))
          continue;
        // an earlier load already provides it
        if (loadsAt.some((x) => x.i < i && x.e.kind === 'load' && namesOf(facts, x.e.load, n, cwd))) continue;
        const later = loadsAt.find((x) => x.i > i && x.e.kind === 'load' && namesOf(facts, x.e.load, n, cwd));
        if (!later || later.e.kind !== 'load') continue;
        // a read at import time that the program repeats after the load (mem0's DEFAULT_MEMORY_CONFIG, then
        // `new Memory({ apiKey: process.env.OPENAI_API_KEY })` below dotenv.config()): the early value is a
        // default the later one replaces
        if (ev.kind === 'read' && events.some((x, j) => j > later.i && x.kind === 'read' && x.read.name === n))
          continue;
        const l = later.e.load;
        const key = `${ev.file}:${ev.line}:${l.file}:${l.line}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const loader = files.get(l.file);
        const hoisted =
          ev.file !== l.file &&
          !l.hoisted &&
          loader?.moduleKind === 'esm' &&
          (loader.loads ?? []).some((x) => x.hoisted);
        const why =
          ev.file === l.file
            ? 'it runs first, in the same file'
            : l.hoisted
              ? `imports run in the order they are written, and ${l.file} imports the module that reaches ${ev.file} before it imports dotenv/config`
              : hoisted
                ? `${l.file} is an ES module: its static imports (which reach ${ev.file}) are evaluated before its body, where ${loadText(l)} runs`
                : `${ev.file} is imported (and runs) before that line`;
        const py = /\.(py|ipynb)$/.test(l.file);
        out.push({
          id: 'dotenv-loaded-late',
          message: `${what} reads ${n} before ${loadText(l)} at ${l.file}:${l.line} loads ${(l.resolved ?? ['.env'])[0]}: ${why}.`,
          location: { path: ev.file, line: ev.line },
          related: [{ path: l.file, line: l.line, note: 'the dotenv file is loaded here' }],
          fix: {
            summary: py
              ? `Call load_dotenv() at the very top of ${root}, before the imports and before any client is created.`
              : l.hoisted
                ? `Make \`import 'dotenv/config'\` the first import of ${l.file} (or start with \`node --env-file=.env\`).`
                : hoisted
                  ? `Replace ${loadText(l)} with \`import 'dotenv/config'\` as the first import of ${l.file} (or start with \`node --env-file=.env\`).`
                  : `Move ${loadText(l)} above the code that creates the client (first lines of ${root}).`,
          },
          data: { variable: n, loadedAt: `${l.file}:${l.line}`, hoisting: hoisted },
        });
      }
    }
    return out;
  },
};
