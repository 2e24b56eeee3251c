/**
 * pydantic-settings `secrets_dir`: a folder with one file per field, named as the field's
 * environment name (`env_prefix` + field name; case-insensitive unless `case_sensitive=True`), the
 * value being the file's text stripped (`path.read_text().strip()`). The folders come from the code
 * facts (the settings classes), so this runs after the code collector.
 */
import { readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Facts } from '../../core/facts.js';
import { readTextFile } from '../../core/read-file.js';
import { joinRel } from '../../core/paths.js';
import type { StoreEntry, StoreFile } from './types.js';

const MAX_SECRET = 64 * 1024;

/** Every secrets_dir a settings class names, with the environment names of its fields. */
export function pydanticSecretFiles(facts: Facts): StoreFile[] {
  const byDir = new Map<string, { fields: Map<string, string>; caseSensitive: boolean; in: Set<string> }>();
  for (const r of facts.code?.envReads ?? []) {
    if (r.via !== 'pydantic-settings' || !r.secretsDirs?.length) continue;
    for (const d of r.secretsDirs) {
      const cur = byDir.get(d) ?? {
        fields: new Map<string, string>(),
        caseSensitive: r.caseSensitive === true,
        in: new Set<string>(),
      };
      cur.fields.set(r.name, r.file);
      cur.in.add(r.file);
      byDir.set(d, cur);
    }
  }
  const out: StoreFile[] = [];
  for (const [dir, info] of byDir) {
    const abs = isAbsolute(dir) ? dir : join(facts.root, dir);
    const shown = isAbsolute(dir)
      ? abs.startsWith(facts.home + '/')
        ? `~/${abs.slice(facts.home.length + 1)}`
        : abs
      : dir;
    let names: string[];
    try {
      names = readdirSync(abs);
    } catch {
      continue; // pydantic-settings only warns when the folder is missing
    }
    const entries: StoreEntry[] = [];
    for (const field of info.fields.keys()) {
      const hit =
        names.find((n) => n === field) ??
        (info.caseSensitive ? undefined : names.find((n) => n.toLowerCase() === field.toLowerCase()));
      if (!hit) continue;
      const rel = isAbsolute(dir) ? `${shown}/${hit}` : joinRel(dir, hit);
      const text = readTextFile(join(abs, hit), rel, facts.notes, {
        max: MAX_SECRET,
        what: 'pydantic-settings secret file',
      });
      if (text === undefined) continue;
      entries.push({
        name: field,
        path: [hit],
        value: text.trim(),
        raw: text,
        kind: 'pydantic-secrets',
        location: { path: rel, line: 1 },
        detail: `secrets_dir ${shown} (pydantic-settings)`,
      });
    }
    out.push({
      store: 'pydantic-secrets',
      path: shown,
      ...(isAbsolute(dir) ? {} : { dir }),
      role: 'secrets_dir',
      entries,
      detail: { declaredIn: [...info.in].join('\n') },
    });
  }
  return out;
}
