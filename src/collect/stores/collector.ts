/**
 * The key-store collector: the files frameworks read values from by themselves, found by name in
 * the project listing (and in HOME where the framework looks there), parsed with real parsers into
 * `facts.stores`. What each store is and who reads it: src/resolve/stores.ts.
 * - Streamlit: `.streamlit/secrets.toml` (the app's working folder) and `~/.streamlit/secrets.toml`.
 */
import { join } from 'node:path';
import type { Collector } from '../collector.js';
import type { Facts } from '../../core/facts.js';
import { readTextFile } from '../../core/read-file.js';
import { dirOf } from '../../core/paths.js';
import type { StoreFile } from './types.js';
import { readToml } from './toml.js';

/** Store files larger than this are not read (a note says so). */
export const MAX_STORE_BYTES = 1 << 20;

const SKIP = /(^|\/)(node_modules|site-packages|\.venv|venv|vendor|dist|build|bin|obj|target)\//;

interface Reader {
  store: StoreFile['store'];
  what: string;
  /** The role of a project file with this root-relative path, or undefined when it is not one of the store's files. */
  match(rel: string): { role: string; dir: string } | undefined;
  parse(text: string, shown: string, facts: Facts): StoreFile['entries'] | undefined;
  /**
   * Files read by path in folders of the project that hold files matching `near` (a git-ignored
   * folder is not walked: `.streamlit/` is often ignored whole), besides those the listing names.
   */
  probe?: { near: RegExp; rel: string };
  /** Files in HOME the framework reads: `rel` below HOME. */
  home?: Array<{ rel: string; role: string }>;
}

const READERS: Reader[] = [
  {
    store: 'streamlit',
    what: 'Streamlit secrets file',
    match(rel) {
      if (!/(^|\/)\.streamlit\/secrets\.toml$/.test(rel)) return undefined;
      return { role: 'project', dir: dirOf(dirOf(rel)) };
    },
    parse: (text, shown, facts) => readToml(text, shown, 'streamlit-secrets', facts.notes, 'the Streamlit secrets file'),
    probe: { near: /\.py$/, rel: '.streamlit/secrets.toml' },
    home: [{ rel: '.streamlit/secrets.toml', role: 'global' }],
  },
];

function readOne(facts: Facts, r: Reader, abs: string, shown: string): StoreFile['entries'] | undefined {
  const text = readTextFile(abs, shown, facts.notes, { max: MAX_STORE_BYTES, what: r.what });
  if (text === undefined) return undefined;
  try {
    return r.parse(text, shown, facts);
  } catch (e) {
    facts.notes.push({ kind: 'parse-error', path: shown, message: `cannot read ${r.what}: ${(e as Error).message.slice(0, 160)}` });
    return undefined;
  }
}

export const storesCollector: Collector = {
  name: 'stores',
  collect(ctx, facts) {
    const out: StoreFile[] = [];
    for (const f of facts.files) {
      if (SKIP.test(f.rel)) continue;
      for (const r of READERS) {
        const m = r.match(f.rel);
        if (!m) continue;
        const entries = readOne(facts, r, f.path, f.rel);
        if (entries) out.push({ store: r.store, path: f.rel, dir: m.dir, role: m.role, entries });
      }
    }
    const seen = new Set(out.map((s) => s.path));
    for (const r of READERS) {
      if (!r.probe) continue;
      const dirs = new Set<string>(['']);
      for (const f of facts.files) if (r.probe.near.test(f.rel) && !SKIP.test(f.rel) && f.rel.split('/').length <= 4) dirs.add(dirOf(f.rel));
      for (const d of dirs) {
        const rel = d ? `${d}/${r.probe.rel}` : r.probe.rel;
        const m = r.match(rel);
        if (!m || seen.has(rel)) continue;
        seen.add(rel);
        const entries = readOne(facts, r, join(facts.root, rel), rel);
        if (entries) out.push({ store: r.store, path: rel, dir: m.dir, role: m.role, entries });
      }
    }
    for (const r of READERS) {
      for (const h of r.home ?? []) {
        const shown = `~/${h.rel}`;
        const entries = readOne(facts, r, join(ctx.home, h.rel), shown);
        if (entries) out.push({ store: r.store, path: shown, role: h.role, entries });
      }
    }
    facts.stores = out;
  },
};
