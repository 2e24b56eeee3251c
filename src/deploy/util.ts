/** Small shared helpers for the deployment readers: names, YAML nodes with line numbers, files. */
import { readTextFile, type ReadResult } from '../core/read-file.js';
import type { Document, Node as YNode, ParsedNode } from 'yaml';
import { lazyYaml } from '../core/lazy.js';
import type { Note } from '../core/types.js';

export { isKeyName, isKeyValue, isOpenAIName } from './names.js';

export const MAX_BYTES = 2_000_000;

export function readText(path: string, rel: string, notes: Note[], pre?: ReadResult): string | undefined {
  return readTextFile(path, rel, notes, { max: MAX_BYTES, what: 'deployment file', noteMissing: true }, pre);
}

// ---------------------------------------------------------------------------------------------
// YAML with positions

/**
 * Caps on what one YAML document may cost. The readers walk the parsed tree (not `toJS()`, so the
 * yaml package's own `maxAliasCount` guard never runs): an alias is followed every time a reader
 * passes it, and nested aliases ("billion laughs": nine anchors of nine aliases each, 420 bytes)
 * expand exponentially. Each document's expanded size is counted once, up front, with every
 * anchor's size memoised: a document that would expand past MAX_YAML_NODES nodes (or past
 * MAX_YAML_ALIASES alias uses, yaml's own idea of an attack) is not read, with a note.
 */
export const MAX_YAML_NODES = 200_000;
export const MAX_YAML_ALIASES = 10_000;
/** Where a YAML file is turned into plain data (`toJS`), the yaml package's `maxAliasCount` (its default, stated). */
export const YAML_TOJS_MAX_ALIAS_COUNT = 100;

export interface YDoc {
  doc: Document.Parsed;
  root: YNode | null;
  line: (n: unknown) => number | undefined;
  /** Each alias node → the node its anchor names (looked up once; yaml's Alias.resolve walks the whole document per call). */
  aliases: Map<unknown, unknown>;
}

/** Parses every document of a (multi-document) YAML file; broken documents and alias bombs become notes. */
export function parseYaml(text: string, rel: string, notes: Note[]): YDoc[] {
  const Y = lazyYaml();
  const lc = new Y.LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = Y.parseAllDocuments(text, {
      lineCounter: lc,
      merge: true,
      uniqueKeys: false,
      prettyErrors: false,
      strict: false,
      logLevel: 'silent',
    }) as Document.Parsed[];
  } catch (e) {
    notes.push({ kind: 'parse-error', path: rel, message: `cannot parse YAML: ${(e as Error).message.slice(0, 160)}` });
    return [];
  }
  if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
  const out: YDoc[] = [];
  const line = (n: unknown): number | undefined => {
    const r = (n as { range?: [number, number, number] } | undefined)?.range;
    return r ? lc.linePos(r[0]).line : undefined;
  };
  for (const d of docs) {
    if (d.errors.length > 0) {
      const e = d.errors[0];
      const at = e?.pos ? lc.linePos(e.pos[0]).line : undefined;
      notes.push({
        kind: 'parse-error',
        path: rel,
        line: at,
        message: `cannot parse YAML: ${(e?.message ?? 'syntax error').split('\n')[0]?.slice(0, 160)}`,
      });
      continue;
    }
    let aliases: Map<unknown, unknown>;
    try {
      aliases = aliasTargets(d);
      const cost = expansion(d.contents, aliases);
      if (cost.cycle) {
        notes.push({
          kind: 'limit',
          path: rel,
          line: d.contents ? line(d.contents) : undefined,
          message:
            'a YAML alias refers to the node that holds it (a cycle no tool can expand; an alias bomb?): the document is not read',
        });
        continue;
      }
      if (cost.nodes > MAX_YAML_NODES || cost.uses > MAX_YAML_ALIASES) {
        const at = d.contents ? line(d.contents) : undefined;
        notes.push({
          kind: 'limit',
          path: rel,
          line: at,
          message: `YAML aliases expand this document past ${cost.uses > MAX_YAML_ALIASES ? `${MAX_YAML_ALIASES} alias uses` : `${MAX_YAML_NODES} nodes`} (an alias bomb?): the document is not read`,
        });
        continue;
      }
    } catch (e) {
      notes.push({
        kind: 'parse-error',
        path: rel,
        message: `cannot read YAML: ${(e as Error).message.slice(0, 160)}`,
      });
      continue;
    }
    out.push({ doc: d, root: d.contents as YNode | null, line, aliases });
  }
  return out;
}

/** Every alias of the document → the node of the last anchor of that name before it (YAML's rule). */
function aliasTargets(doc: Document.Parsed): Map<unknown, unknown> {
  const Y = lazyYaml();
  const anchors = new Map<string, unknown>();
  const out = new Map<unknown, unknown>();
  Y.visit(doc, {
    Node(_key, node) {
      if (Y.isAlias(node)) {
        const t = anchors.get(node.source);
        if (t !== undefined) out.set(node, t);
      } else {
        const a = (node as { anchor?: string }).anchor;
        if (a) anchors.set(a, node);
      }
    },
  });
  return out;
}

/**
 * How many nodes the readers would visit, and how many alias uses they would follow, walking the
 * whole document with every alias expanded. Each node's cost is memoised (linear in the document),
 * a cycle (an alias inside its own anchor) counts once. A document nested deeper than the stack
 * allows throws, and is noted as unreadable by the caller.
 */
type Cost = { nodes: number; uses: number; cycle?: boolean };

function expansion(root: unknown, aliases: Map<unknown, unknown>): Cost {
  if (aliases.size === 0) return { nodes: 0, uses: 0 };
  const Y = lazyYaml();
  const memo = new Map<unknown, Cost>();
  const open = new Set<unknown>();
  const cost = (n: unknown): Cost => {
    if (n === null || typeof n !== 'object') return { nodes: 0, uses: 0 };
    if (Y.isAlias(n)) {
      const t = aliases.get(n);
      if (t === undefined) return { nodes: 1, uses: 1 };
      // An alias inside its own anchor: every walk through it would go round for ever.
      if (open.has(t)) return { nodes: Infinity, uses: Infinity, cycle: true };
      const c = cost(t);
      return { nodes: c.nodes, uses: c.uses + 1, ...(c.cycle ? { cycle: true } : {}) };
    }
    const known = memo.get(n);
    if (known) return known;
    open.add(n);
    let nodes = 1;
    let uses = 0;
    let cycle = false;
    const add = (x: unknown): void => {
      const c = cost(x);
      nodes += c.nodes;
      uses += c.uses;
      if (c.cycle) cycle = true;
    };
    if (Y.isCollection(n)) {
      for (const it of n.items as unknown[]) {
        if (Y.isPair(it)) {
          add(it.key);
          add(it.value);
        } else add(it);
      }
    }
    open.delete(n);
    const c = cycle ? { nodes, uses, cycle } : { nodes, uses };
    memo.set(n, c);
    return c;
  };
  return cost(root);
}

function deref(d: YDoc, n: unknown): unknown {
  let cur = n;
  for (let i = 0; i < 10 && lazyYaml().isAlias(cur); i++) cur = d.aliases.get(cur);
  return cur;
}

/** The pairs of a map node (merge keys `<<` expanded, explicit keys first). */
export function entries(d: YDoc, n: unknown, depth = 0): Array<{ key: string; value: unknown; keyNode: unknown }> {
  const node = deref(d, n);
  if (!lazyYaml().isMap(node)) return [];
  const out: Array<{ key: string; value: unknown; keyNode: unknown }> = [];
  const merged: Array<{ key: string; value: unknown; keyNode: unknown }> = [];
  for (const p of node.items) {
    const kv: unknown = lazyYaml().isScalar(p.key) ? p.key.value : p.key;
    const k = typeof kv === 'symbol' ? (kv.description ?? '') : String(kv);
    if (k === '<<') {
      // A merge that names its own map (`a: &a { <<: *a }`) would recurse forever: merges nest at most 20 deep.
      if (depth >= 20) continue;
      const src = deref(d, p.value);
      const list = lazyYaml().isSeq(src) ? src.items : [src];
      for (const m of list) for (const e of entries(d, m, depth + 1)) merged.push(e);
      continue;
    }
    out.push({ key: k, value: p.value, keyNode: p.key });
  }
  const seen = new Set(out.map((e) => e.key));
  for (const e of merged)
    if (!seen.has(e.key)) {
      out.push(e);
      seen.add(e.key);
    }
  return out;
}

export function get(d: YDoc, n: unknown, ...path: string[]): unknown {
  let cur: unknown = n;
  for (const k of path) {
    const e = entries(d, cur).find((x) => x.key === k);
    if (!e) return undefined;
    cur = e.value;
  }
  return deref(d, cur);
}

export function items(d: YDoc, n: unknown): unknown[] {
  const node = deref(d, n);
  return lazyYaml().isSeq(node) ? node.items.map((x) => deref(d, x)) : [];
}

/** A scalar's value as a string (numbers and booleans too); undefined for maps, sequences, null. */
export function str(d: YDoc, n: unknown): string | undefined {
  const node = deref(d, n);
  if (!lazyYaml().isScalar(node)) return undefined;
  const v = node.value;
  if (v === null || v === undefined) return undefined;
  return typeof v === 'string' ? v : String(v);
}

export function isNullish(d: YDoc, n: unknown): boolean {
  const node = deref(d, n);
  return (
    n === undefined || n === null || (lazyYaml().isScalar(node) && (node.value === null || node.value === undefined))
  );
}

export function isMapNode(d: YDoc, n: unknown): boolean {
  return lazyYaml().isMap(deref(d, n));
}

export function isSeqNode(d: YDoc, n: unknown): boolean {
  return lazyYaml().isSeq(deref(d, n));
}

export function bool(d: YDoc, n: unknown): boolean | undefined {
  const node = deref(d, n);
  if (lazyYaml().isScalar(node) && typeof node.value === 'boolean') return node.value;
  const s = str(d, n);
  if (s === 'true') return true;
  if (s === 'false') return false;
  return undefined;
}

/** Every scalar under a node with its dotted path (for Helm values). */
export function walkScalars(
  d: YDoc,
  n: unknown,
  path: string[],
  visit: (path: string[], value: string, node: ParsedNode) => void,
  depth = 0,
): void {
  if (depth > 40) return;
  const node = deref(d, n);
  if (lazyYaml().isMap(node))
    for (const e of entries(d, node)) walkScalars(d, e.value, [...path, e.key], visit, depth + 1);
  else if (lazyYaml().isSeq(node))
    node.items.forEach((x, i) => walkScalars(d, x, [...path, String(i)], visit, depth + 1));
  else if (lazyYaml().isScalar(node) && typeof node.value === 'string') visit(path, node.value, node as ParsedNode);
}

/** The shell's words of a command line, with the operators between commands as words (the one command-line lexer, src/collect/launch). */
export { isSeparator, shellWords } from '../collect/launch/parse.js';
