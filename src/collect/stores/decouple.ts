/**
 * python-decouple: `config("OPENAI_API_KEY")` reads `settings.ini` (its `[settings]` section, as
 * configparser reads it) or `.env` (decouple's own reader), whichever it finds first walking up
 * from the calling module's folder; the environment wins over both, and neither is put into
 * `os.environ`. decouple's `.env` reader is not python-dotenv's: a line is `KEY=VALUE` split at the
 * first `=`, both sides stripped, one pair of matching quotes removed, nothing else (no `export`,
 * no escapes, `# text` after the value is part of it). Read only when the project depends on
 * python-decouple.
 */
import type { Reader } from './reader.js';
import type { StoreEntry } from './types.js';
import { dirOf } from '../../core/paths.js';

/** decouple's RepositoryEnv, line by line. */
export function decoupleEnv(text: string, shown: string): StoreEntry[] {
  const out: StoreEntry[] = [];
  text.split(/\r\n|\n|\r/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || !line.includes('=')) return;
    const at = line.indexOf('=');
    const k = line.slice(0, at).trim();
    let v = line.slice(at + 1).trim();
    if (v.length >= 2 && ((v.startsWith("'") && v.endsWith("'")) || (v.startsWith('"') && v.endsWith('"'))))
      v = v.slice(1, -1);
    out.push({
      name: k,
      path: [k],
      value: v,
      raw,
      kind: 'decouple',
      location: { path: shown, line: i + 1 },
      detail: "python-decouple's .env reader",
    });
  });
  return out;
}

/**
 * The `[settings]` section of settings.ini as configparser gives it (decouple's RepositoryIni):
 * `key = value` or `key: value`, keys lower-cased (configparser's optionxform; decouple looks them
 * up the same way), indented lines continue the value, `%%` is `%`; quotes stay.
 */
export function decoupleIni(text: string, shown: string): StoreEntry[] {
  const out: StoreEntry[] = [];
  let section: string | undefined;
  let last: StoreEntry | undefined;
  text.split(/\r\n|\n|\r/).forEach((raw, i) => {
    if (/^\s*([#;]|$)/.test(raw)) {
      last = undefined;
      return;
    }
    const head = /^\[([^\]]+)\]\s*$/.exec(raw.trim());
    if (head && !/^\s/.test(raw)) {
      section = head[1];
      last = undefined;
      return;
    }
    if (/^\s/.test(raw) && last) {
      last.value += '\n' + raw.trim().replace(/%%/g, '%');
      return;
    }
    if (section !== 'settings') return;
    const m = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw.trim());
    if (!m?.[1]) return;
    const k = m[1].toLowerCase();
    last = {
      name: k,
      path: [k],
      value: (m[2] ?? '').replace(/%%/g, '%'),
      raw,
      kind: 'decouple',
      location: { path: shown, line: i + 1 },
      detail: 'settings.ini [settings] (python-decouple)',
    };
    out.push(last);
  });
  return out;
}

export const decoupleReader: Reader = {
  store: 'decouple',
  what: 'python-decouple settings file',
  match(rel, ctx) {
    if (!/(^|\/)(settings\.ini|\.env)$/.test(rel)) return undefined;
    if (!ctx.usesPython('python-decouple')) return undefined;
    return { role: rel.endsWith('.ini') ? 'settings.ini' : '.env', dir: dirOf(rel) };
  },
  parse: (text, shown) => (shown.endsWith('.ini') ? decoupleIni(text, shown) : decoupleEnv(text, shown)),
};
