/**
 * Byte-exact YAML edits with the `yaml` package's CST: the scalar to change is found by its key
 * path in the concrete syntax tree, and only its own source text is replaced (its quoting style
 * kept), so comments, blank lines, anchors and the rest of the file stay exactly as they were.
 */
import { CST, Parser, parseAllDocuments } from 'yaml';
import { LineIndex } from '../../core/lines.js';
import type { TextEdit } from '../types.js';

export type ScalarToken = CST.FlowScalar | CST.BlockScalar;

export interface ScalarHit {
  token: ScalarToken;
  /** Keys from the document root; `[]` for a sequence item. */
  path: string[];
  value: string;
  /** 1-based line of the key (or of the sequence item), and of the value. */
  keyLine: number;
  line: number;
  doc: number;
  /** Inside a flow collection (`{ ... }`, `[ ... ]`), where `{`, `}`, `,` end a plain scalar. */
  inFlow: boolean;
}

function keyText(t: CST.Token | null | undefined): string | undefined {
  if (!t) return undefined;
  const r = CST.resolveAsScalar(t);
  return r ? r.value : undefined;
}

/** Every scalar value of a YAML text, with its key path (documents of a stream numbered from 0). */
export function yamlScalars(text: string): ScalarHit[] {
  const lines = new LineIndex(text);
  const out: ScalarHit[] = [];
  let doc = -1;
  const walk = (
    t: CST.Token | null | undefined,
    path: string[],
    keyLine: number,
    depth: number,
    inFlow = false,
  ): void => {
    if (!t || depth > 64) return;
    if (CST.isScalar(t)) {
      const r = CST.resolveAsScalar(t);
      if (r) out.push({ token: t, path, value: r.value, keyLine, line: lines.lineOf(t.offset), doc, inFlow });
      return;
    }
    const flow = inFlow || t.type === 'flow-collection';
    if (t.type === 'block-map' || (t.type === 'flow-collection' && t.start.source === '{')) {
      for (const it of t.items) {
        const k = keyText(it.key);
        if (k === undefined) continue;
        const kl = it.key ? lines.lineOf(it.key.offset) : keyLine;
        walk(it.value, [...path, k], kl, depth + 1, flow);
      }
      return;
    }
    if (t.type === 'block-seq' || t.type === 'flow-collection') {
      for (const it of t.items) {
        const first = it.start.find((s) => s.type === 'seq-item-ind');
        walk(
          it.value,
          [...path, '[]'],
          first ? lines.lineOf(first.offset) : it.value ? lines.lineOf(it.value.offset) : keyLine,
          depth + 1,
          flow,
        );
      }
    }
  };
  for (const tok of new Parser().parse(text)) {
    if (tok.type !== 'document') continue;
    doc++;
    walk(tok.value, [], 1, 0);
  }
  return out;
}

/** The YAML source of a string in the token's own style (plain stays plain where it can). */
function render(token: ScalarToken, value: string, inFlow: boolean): string | undefined {
  switch (token.type) {
    case 'scalar':
      if (/^[A-Za-z0-9_./+=-][A-Za-z0-9_./+= -]*$/.test(value) && !/ $/.test(value)) return value;
      // `${NAME}` (compose interpolation) is plain outside flow collections
      if (!inFlow && /^[A-Za-z0-9_./+=$-][A-Za-z0-9_./+=${}-]*$/.test(value) && !/^[{[]/.test(value)) return value;
      return JSON.stringify(value);
    case 'single-quoted-scalar':
      return `'${value.replace(/'/g, "''")}'`;
    case 'double-quoted-scalar':
      return JSON.stringify(value);
    default:
      return undefined;
  }
}

/** The range of a flow scalar's own text (its trailing comments and spaces excluded). */
export function scalarRange(token: CST.FlowScalar): { start: number; end: number } {
  return { start: token.offset, end: token.offset + token.source.length };
}

/** An edit that gives a flow scalar a new value, touching only the characters that differ. */
export function setFlowScalar(text: string, token: ScalarToken, value: string, inFlow = true): TextEdit | undefined {
  if (token.type === 'block-scalar' || token.type === 'alias') return undefined;
  const src = render(token, value, inFlow);
  if (src === undefined) return undefined;
  const { start, end } = scalarRange(token);
  const old = text.slice(start, end);
  if (old === src) return undefined;
  let p = 0;
  while (p < old.length && p < src.length && old[p] === src[p]) p++;
  let s = 0;
  while (s < old.length - p && s < src.length - p && old[old.length - 1 - s] === src[src.length - 1 - s]) s++;
  return { start: start + p, end: end - s, text: src.slice(p, src.length - s) };
}

/** The header token (`|`, `|+`, `>`) of a block scalar. */
export function blockHeader(token: CST.BlockScalar): CST.SourceToken | undefined {
  return token.props.find((p): p is CST.SourceToken => p.type === 'block-scalar-header');
}

/** The first error parsing a YAML text, if any (the result of an edit must parse). */
export function yamlErrors(text: string): string | undefined {
  for (const d of parseAllDocuments(text)) {
    const errors = 'errors' in d ? d.errors : [];
    if (errors.length) return errors[0]?.message ?? 'YAML error';
  }
  return undefined;
}
