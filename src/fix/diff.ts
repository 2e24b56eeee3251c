/**
 * Unified diffs of planned changes, masked: every line goes through the run's secret set (and a
 * check for base64 that decodes to a key, for Kubernetes Secrets) before it is shown, so a diff never
 * holds a key in full. Changed lines show control characters (`\r`, a BOM, a zero-width space) as
 * escapes, so a change of line endings or an invisible character is visible.
 */
import { visible } from '../keys/mask.js';
import type { Masker } from './mask.js';

/** Splits text into lines that keep their terminators (`\n`, `\r\n`, a lone `\r`). */
export function splitLines(text: string): string[] {
  const out: string[] = [];
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      out.push(text.slice(at, i + 1));
      at = i + 1;
    } else if (c === 13 && text.charCodeAt(i + 1) !== 10) {
      out.push(text.slice(at, i + 1));
      at = i + 1;
    }
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

type Op = { kind: ' ' | '-' | '+'; line: string };

/** Myers' O(ND) diff of two line lists. */
function diffLines(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const v = new Map<number, number>([[1, 0]]);
  const trace: Array<Map<number, number>> = [];
  outer: for (let d = 0; d <= max; d++) {
    trace.push(new Map(v));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v.get(k - 1) ?? -1) < (v.get(k + 1) ?? -1));
      let x = down ? (v.get(k + 1) ?? 0) : (v.get(k - 1) ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v.set(k, x);
      if (x >= n && y >= m) break outer;
    }
  }
  // Backtrack.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d] as Map<number, number>;
    const k = x - y;
    const down = k === -d || (k !== d && (vd.get(k - 1) ?? -1) < (vd.get(k + 1) ?? -1));
    const pk = down ? k + 1 : k - 1;
    const px = vd.get(pk) ?? 0;
    const py = px - pk;
    while (x > px && y > py) {
      ops.push({ kind: ' ', line: a[x - 1] as string });
      x--;
      y--;
    }
    if (d === 0) break;
    if (down) {
      ops.push({ kind: '+', line: b[y - 1] as string });
      y--;
    } else {
      ops.push({ kind: '-', line: a[x - 1] as string });
      x--;
    }
  }
  while (x > 0 && y > 0) {
    ops.push({ kind: ' ', line: a[x - 1] as string });
    x--;
    y--;
  }
  return ops.reverse();
}

const B64 = /[A-Za-z0-9+/]{24,}={0,2}|[A-Za-z0-9_-]{24,}={0,2}/g;

/** The masker a diff uses: the secret set, plus base64 tokens that decode to something the set masks. */
export function diffMasker(secrets: Pick<Masker, 'maskText'>): (s: string) => string {
  return (s: string): string => {
    const masked = secrets.maskText(s);
    return masked.replace(B64, (tok) => {
      if (tok.includes('…')) return tok;
      let dec: string;
      try {
        dec = Buffer.from(tok, tok.includes('-') || tok.includes('_') ? 'base64url' : 'base64').toString('utf8');
      } catch {
        return tok;
      }
      if (!/^[\x20-\x7e\s]+$/.test(dec)) return tok;
      const m = secrets.maskText(dec);
      return m === dec ? tok : `<base64 of ${visible(m)}>`;
    });
  };
}

function show(line: string, changed: boolean, mask: (s: string) => string): string {
  const body = line.replace(/\r?\n$|\r$/, '');
  const eol = line.slice(body.length);
  const text = mask(body);
  // Changed lines: control characters and a CR line ending are shown as escapes.
  return changed
    ? visible(text) + (eol.startsWith('\r') ? '\\r' : '')
    : text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => visible(c));
}

export interface DiffOptions {
  a: string;
  b: string;
  mask: (s: string) => string;
  context?: number;
  /** Extra text after the file names (`(UTF-16 LE)`). */
  aNote?: string;
  bNote?: string;
}

/** A unified diff (git style, 3 lines of context); '' when the texts are equal. */
export function unifiedDiff(oldText: string, newText: string, o: DiffOptions): string {
  if (oldText === newText) return '';
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const ops = diffLines(a, b);
  const ctx = o.context ?? 3;
  const out: string[] = [`--- ${o.a}${o.aNote ? `\t${o.aNote}` : ''}`, `+++ ${o.b}${o.bNote ? `\t${o.bNote}` : ''}`];
  // Group into hunks.
  let i = 0;
  let aLine = 1;
  let bLine = 1;
  const pos: Array<{ a: number; b: number }> = [];
  for (const op of ops) {
    pos.push({ a: aLine, b: bLine });
    if (op.kind !== '+') aLine++;
    if (op.kind !== '-') bLine++;
  }
  while (i < ops.length) {
    if ((ops[i] as Op).kind === ' ') {
      i++;
      continue;
    }
    let start = Math.max(0, i - ctx);
    let end = i;
    // extend while changes are within 2*ctx of each other
    let j = i;
    while (j < ops.length) {
      if ((ops[j] as Op).kind !== ' ') {
        end = j;
        j++;
        continue;
      }
      let k = j;
      while (k < ops.length && (ops[k] as Op).kind === ' ') k++;
      if (k < ops.length && k - j <= 2 * ctx) {
        j = k;
        continue;
      }
      break;
    }
    const stop = Math.min(ops.length, end + ctx + 1);
    start = Math.max(0, start);
    const hunk = ops.slice(start, stop);
    const p = pos[start] as { a: number; b: number };
    const aCount = hunk.filter((h) => h.kind !== '+').length;
    const bCount = hunk.filter((h) => h.kind !== '-').length;
    out.push(
      `@@ -${aCount ? p.a : p.a - 1}${aCount === 1 ? '' : `,${aCount}`} +${bCount ? p.b : p.b - 1}${bCount === 1 ? '' : `,${bCount}`} @@`,
    );
    for (let h = 0; h < hunk.length; h++) {
      const op = hunk[h] as Op;
      out.push(`${op.kind}${show(op.line, op.kind !== ' ', o.mask)}`);
      const last =
        op.kind === '+'
          ? !/[\r\n]$/.test(op.line) && op.line === b[b.length - 1]
          : op.kind === '-'
            ? !/[\r\n]$/.test(op.line) && op.line === a[a.length - 1]
            : !/[\r\n]$/.test(op.line);
      if (last) out.push('\\ No newline at end of file');
    }
    i = stop;
  }
  return out.join('\n') + '\n';
}
