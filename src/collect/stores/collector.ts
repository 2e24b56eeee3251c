/**
 * The key-store collector: the files frameworks read values from by themselves, found by name in
 * the project listing (and in HOME where the framework looks there), parsed with real parsers into
 * `facts.stores`. Who reads each store, and in which order: src/resolve/stores.ts.
 * - Streamlit: `.streamlit/secrets.toml` (the app's folders) and `~/.streamlit/secrets.toml`;
 * - Spring Boot: `application*.yml` / `.properties`;
 * - .NET: `appsettings*.json`, the `.csproj` (UserSecretsId), `~/.microsoft/usersecrets/<id>/secrets.json`;
 * - the LiteLLM proxy's `config.yaml` (`model_list`);
 * - python-decouple's `settings.ini` and `.env` (its own reader), when the project depends on it;
 * - dynaconf's `settings.toml` / `.secrets.toml` (and `.local`, YAML), when the project depends on it;
 * - pydantic-settings `secrets_dir` folders the settings classes name (after the code collector).
 * Broken files are notes; nothing here throws.
 */
import { join } from 'node:path';
import type { Collector } from '../collector.js';
import type { Facts } from '../../core/facts.js';
import { readTextFile } from '../../core/read-file.js';
import { baseOf, dirOf } from '../../core/paths.js';
import type { StoreFile } from './types.js';
import type { Reader, ReaderContext } from './reader.js';
import { streamlitReader } from './streamlit.js';
import { springReader } from './spring.js';
import { litellmReader } from './litellm.js';
import { appsettingsReader, csprojReader } from './dotnet.js';
import { pydanticSecretFiles } from './pydantic.js';
import { decoupleReader } from './decouple.js';
import { dynaconfReader } from './dynaconf.js';

/** Store files larger than this are not read (a note says so). */
export const MAX_STORE_BYTES = 1 << 20;

const SKIP =
  /(^|\/)(node_modules|site-packages|\.venv|venv|vendor|dist|build|bin|obj|target|test|tests|__tests__|fixtures?|testdata)\//;

export const READERS: Reader[] = [
  streamlitReader,
  springReader,
  appsettingsReader,
  csprojReader,
  litellmReader,
  decoupleReader,
  dynaconfReader,
];

function readOne(
  facts: Facts,
  ctx: ReaderContext,
  r: Reader,
  abs: string,
  shown: string,
): { entries: StoreFile['entries']; detail?: Record<string, string>; broken?: StoreFile['broken'] } | undefined {
  const text = readTextFile(abs, shown, facts.notes, { max: MAX_STORE_BYTES, what: r.what });
  if (text === undefined) return undefined;
  if (r.sniff && !r.sniff(text)) return undefined;
  try {
    const before = facts.notes.length;
    const entries = r.parse(text, shown, ctx);
    if (!entries) {
      // a file that does not parse: kept, empty, with the reason (the framework cannot read it either)
      const n = facts.notes.slice(before).find((x) => x.kind === 'parse-error' && x.path === shown);
      return n
        ? { entries: [], broken: { message: n.message, ...(n.line !== undefined ? { line: n.line } : {}) } }
        : undefined;
    }
    const detail = r.detail?.(text);
    return { entries, ...(detail && Object.keys(detail).length ? { detail } : {}) };
  } catch (e) {
    facts.notes.push({
      kind: 'parse-error',
      path: shown,
      message: `cannot read ${r.what}: ${(e as Error).message.slice(0, 160)}`,
    });
    return undefined;
  }
}

export const storesCollector: Collector = {
  name: 'stores',
  // the code's reads (decouple, pydantic-settings secrets_dir)
  needs: ['code'],
  collect(cctx, facts) {
    const out: StoreFile[] = [];
    const rels = new Set<string>();
    const byDir = new Map<string, string[]>();
    for (const f of facts.files) {
      rels.add(f.rel);
      const d = dirOf(f.rel);
      const list = byDir.get(d);
      if (list) list.push(baseOf(f.rel));
      else byDir.set(d, [baseOf(f.rel)]);
    }
    const listed = facts.files.map((f) => f.rel);
    const ctx: ReaderContext = {
      notes: facts.notes,
      has: (rel) => rels.has(rel),
      namesIn: (dir) => byDir.get(dir) ?? [],
      all: () => listed,
      // declared, or (decouple) used by the code, which was read first: a folder with no requirements
      // file (crewAI-examples' starter_template) still has `from decouple import config`
      usesPython: (pkg) =>
        facts.project.python.some((x) => Object.hasOwn(x.requirements, pkg)) ||
        (pkg === 'python-decouple' && (facts.code?.envReads.some((r) => r.via === 'decouple.config') ?? false)),
    };
    const seen = new Set<string>();
    const add = (r: Reader, abs: string, shown: string, role: string, dir: string | undefined): void => {
      // by folder too: two projects naming the same user-secrets file (one UserSecretsId) both read it
      const at = `${shown}\0${dir ?? ''}`;
      if (seen.has(at)) return;
      seen.add(at);
      const got = readOne(facts, ctx, r, abs, shown);
      if (!got) return;
      const f: StoreFile = {
        store: r.store,
        path: shown,
        role,
        entries: got.entries,
        ...(dir !== undefined ? { dir } : {}),
        ...(got.detail ? { detail: got.detail } : {}),
        ...(got.broken ? { broken: got.broken } : {}),
      };
      out.push(f);
      if (r.extra && dir !== undefined)
        r.extra(
          f,
          (rel) =>
            readTextFile(join(facts.root, rel), rel, facts.notes, { max: MAX_STORE_BYTES, what: 'project file' }),
          ctx,
        );
      for (const l of r.linked?.(f) ?? []) add(l.reader, join(cctx.home, l.rel), `~/${l.rel}`, l.role, f.dir);
    };
    for (const f of facts.files) {
      if (SKIP.test(f.rel)) continue;
      for (const r of READERS) {
        const m = r.match(f.rel, ctx);
        if (m) add(r, f.path, f.rel, m.role, m.dir);
      }
    }
    for (const r of READERS) {
      if (!r.probe) continue;
      const dirs = new Set<string>(['']);
      for (const f of facts.files)
        if (r.probe.near.test(f.rel) && !SKIP.test(f.rel) && f.rel.split('/').length <= 4) dirs.add(dirOf(f.rel));
      for (const d of dirs) {
        const rel = d ? `${d}/${r.probe.rel}` : r.probe.rel;
        const m = r.match(rel, ctx);
        if (m) add(r, join(facts.root, rel), rel, m.role, m.dir);
      }
      for (const h of r.home ?? []) add(r, join(cctx.home, h.rel), `~/${h.rel}`, h.role, undefined);
    }
    for (const r of READERS)
      if (!r.probe) for (const h of r.home ?? []) add(r, join(cctx.home, h.rel), `~/${h.rel}`, h.role, undefined);
    // secrets_dir folders come from the code facts: the code collector runs first (COLLECTORS order; both are synchronous)
    if (facts.code) for (const f of pydanticSecretFiles(facts)) out.push(f);
    facts.stores = [...(facts.stores ?? []), ...out];
  },
};
