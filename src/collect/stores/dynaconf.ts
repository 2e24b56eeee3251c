/**
 * dynaconf: `settings.toml`, `.secrets.toml` (and their `.local` variants, `settings.yaml`) when the
 * project depends on dynaconf; which of them a `Dynaconf(settings_files=[...])` object reads, in
 * which order, is the resolver's business (src/resolve/stores.ts). Keys are case-insensitive in
 * dynaconf: the entries keep the case of the file, the resolver upper-cases them.
 */
import type { Reader } from './reader.js';
import { readToml } from './toml.js';
import { readYamlDocs } from './formats.js';
import { dirOf } from '../../core/paths.js';
import type { StoreEntry } from './types.js';

export const dynaconfReader: Reader = {
  store: 'dynaconf',
  what: 'dynaconf settings file',
  match(rel, ctx) {
    if (!/(^|\/)\.?(settings|secrets)(\.local)?\.(toml|ya?ml)$/.test(rel) || !ctx.usesPython('dynaconf'))
      return undefined;
    if (/(^|\/)(\.streamlit|\.github)\//.test(rel)) return undefined;
    return { role: rel.slice(rel.lastIndexOf('/') + 1), dir: dirOf(rel) };
  },
  parse(text, shown, ctx) {
    if (shown.endsWith('.toml')) return readToml(text, shown, 'dynaconf', ctx.notes, 'the dynaconf settings file');
    const out: StoreEntry[] = [];
    for (const { leaves } of readYamlDocs(text, shown, ctx.notes))
      for (const l of leaves)
        out.push({
          name: l.path.join('.'),
          path: l.path,
          value: l.value,
          kind: 'dynaconf',
          location: { path: shown, ...(l.line ? { line: l.line } : {}) },
        });
    return out;
  },
};
