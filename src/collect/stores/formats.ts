/**
 * YAML, Java .properties and JSON-with-comments store files as flat entries with lines: the yaml
 * package (the same reader as the deployment files, alias bombs and broken documents as notes),
 * dot-properties and jsonc-parser. Nothing here decides a value by hand.
 */
import type { Note } from '../../core/types.js';
import { lazyJsonc, lazyProperties, lazyYaml } from '../../core/lazy.js';
import { LineIndex } from '../../core/lines.js';
import { entries, parseYaml, type YDoc } from '../../deploy/util.js';
import type { StoreEntry } from './types.js';

export interface Leaf {
  path: string[];
  value: string;
  line?: number;
  /** `string`, `number`, `boolean`, `null`. */
  type: string;
}

function entry(l: Leaf, shown: string, kind: string, name: string): StoreEntry {
  const e: StoreEntry = {
    name,
    path: l.path,
    value: l.value,
    kind,
    location: { path: shown, ...(l.line ? { line: l.line } : {}) },
  };
  if (l.type !== 'string') e.detail = l.type;
  return e;
}

/** Scalar leaves of one YAML document (sequence items as `[i]` path parts). */
export function yamlLeaves(d: YDoc, n: unknown, path: string[] = [], out: Leaf[] = [], depth = 0): Leaf[] {
  if (depth > 40) return out;
  const Y = lazyYaml();
  let node = n;
  for (let i = 0; i < 10 && Y.isAlias(node); i++) node = d.aliases.get(node);
  if (Y.isMap(node)) for (const e of entries(d, node)) yamlLeaves(d, e.value, [...path, e.key], out, depth + 1);
  else if (Y.isSeq(node)) node.items.forEach((x, i) => yamlLeaves(d, x, [...path, `[${i}]`], out, depth + 1));
  else if (Y.isScalar(node)) {
    const v = node.value;
    const line = d.line(node);
    out.push({
      path,
      value: v === null || v === undefined ? '' : String(v),
      type: v === null || v === undefined ? 'null' : typeof v,
      ...(line ? { line } : {}),
    });
  }
  return out;
}

/** Every document of a YAML file, as leaves (an unparsable document is a note and is left out). */
export function readYamlDocs(text: string, shown: string, notes: Note[]): Array<{ doc: YDoc; leaves: Leaf[] }> {
  return parseYaml(text, shown, notes).map((doc) => ({ doc, leaves: yamlLeaves(doc, doc.root) }));
}

/** A Java .properties file as leaves (`a.b.c` keys stay one path part, as Spring reads them). */
export function readProperties(text: string, shown: string, kind: string): StoreEntry[] {
  const lines = new LineIndex(text);
  const out: StoreEntry[] = [];
  for (const n of lazyProperties().parseLines(text, true)) {
    if (n.type !== 'PAIR') continue;
    const p = n as unknown as { key: string; value: string; range: number[] };
    const line = lines.lineOf(p.range[0] ?? 0);
    out.push(entry({ path: [p.key], value: p.value, line, type: 'string' }, shown, kind, p.key));
  }
  return out;
}

/** JSON with comments and trailing commas as leaves, or undefined with a note when it does not parse. */
export function readJsonc(
  text: string,
  shown: string,
  kind: string,
  notes: Note[],
  what: string,
  name: (path: string[]) => string,
): StoreEntry[] | undefined {
  const J = lazyJsonc();
  const errors: Array<{ error: number; offset: number; length: number }> = [];
  const root = J.parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const lines = new LineIndex(text);
  if (errors.length > 0 || !root) {
    const e = errors[0];
    notes.push({
      kind: 'parse-error',
      path: shown,
      ...(e ? { line: lines.lineOf(e.offset) } : {}),
      message: `cannot parse ${what} as JSON (${e ? J.printParseErrorCode(e.error as Parameters<typeof J.printParseErrorCode>[0]) : 'empty'}): its values are not read`,
    });
    return undefined;
  }
  const out: StoreEntry[] = [];
  const walk = (n: ReturnType<typeof J.parseTree>, path: string[], depth: number): void => {
    if (!n || depth > 40) return;
    if (n.type === 'object') {
      for (const p of n.children ?? []) {
        const k = p.children?.[0];
        if (k?.type === 'string') walk(p.children?.[1], [...path, String(k.value)], depth + 1);
      }
    } else if (n.type === 'array') {
      (n.children ?? []).forEach((c, i) => walk(c, [...path, String(i)], depth + 1));
    } else {
      const v = n.value as unknown;
      out.push(
        entry(
          {
            path,
            value: v === null ? '' : String(v),
            line: lines.lineOf(n.offset),
            type: v === null ? 'null' : typeof v,
          },
          shown,
          kind,
          name(path),
        ),
      );
    }
  };
  walk(root, [], 0);
  return out;
}
