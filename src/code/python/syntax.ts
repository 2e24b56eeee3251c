/** Reading Python token runs: brackets, call arguments, dotted names, text for messages. */
import type { Tok } from './tokenize.js';

export interface Arg {
  kw?: string;
  toks: Tok[];
}

/** Index of the bracket closing the one at `i` (the last token when unbalanced). */
export function matchClose(toks: Tok[], i: number): number {
  let d = 0;
  for (let j = i; j < toks.length; j++) {
    const t = toks[j];
    if (t?.type !== 'op') continue;
    if (t.text === '(' || t.text === '[' || t.text === '{') d++;
    else if (t.text === ')' || t.text === ']' || t.text === '}') {
      d--;
      if (d === 0) return j;
    }
  }
  return toks.length - 1;
}

/** The comma-separated arguments between brackets `open` and `close`, keyword ones with their name. */
export function splitArgs(toks: Tok[], open: number, close: number): Arg[] {
  const out: Arg[] = [];
  let cur: Tok[] = [];
  let d = 0;
  for (let j = open + 1; j < close; j++) {
    const t = toks[j];
    if (!t) continue;
    if (t.type === 'op') {
      if (t.text === '(' || t.text === '[' || t.text === '{') d++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') d--;
      else if (t.text === ',' && d === 0) {
        if (cur.length) out.push(toArg(cur));
        cur = [];
        continue;
      }
    }
    cur.push(t);
  }
  if (cur.length) out.push(toArg(cur));
  return out;
}

function toArg(toks: Tok[]): Arg {
  if (toks.length >= 2 && toks[0]?.type === 'name' && toks[1]?.type === 'op' && toks[1].text === '=')
    return { kw: toks[0].text, toks: toks.slice(2) };
  return { toks };
}

/** The tokens as readable text (for messages and `other` values). */
export function textOf(toks: Tok[]): string {
  let s = '';
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (!t) continue;
    const prev = toks[i - 1];
    // a space between two words, and between a word and a closing bracket before it (`(a and b) or c`)
    if (i > 0 && t.type !== 'op' && (prev?.type !== 'op' || prev.text === ')' || prev.text === ']')) s += ' ';
    else if (i > 0 && t.type === 'op' && (t.text === '=' || t.text === '==' || t.text === 'or' || t.text === '/'))
      s += ' ';
    s += t.text;
  }
  return s;
}

/** A dotted name starting at toks[i], and the index after it. */
export function dotted(toks: Tok[], i: number): { name: string; end: number } | undefined {
  const first = toks[i];
  if (first?.type !== 'name') return undefined;
  let name = first.text;
  let j = i + 1;
  while (toks[j]?.text === '.' && toks[j + 1]?.type === 'name') {
    name += '.' + (toks[j + 1]?.text ?? '');
    j += 2;
  }
  return { name, end: j };
}

/** The index of the first `=` at bracket depth 0 (an assignment), or -1. */
export function assignAt(toks: Tok[]): number {
  let d = 0;
  for (let j = 0; j < toks.length; j++) {
    const t = toks[j];
    if (t?.type !== 'op') continue;
    if ('([{'.includes(t.text)) d++;
    else if (')]}'.includes(t.text)) d--;
    else if (d === 0 && t.text === '=') return j;
  }
  return -1;
}

/** Splits on a top-level operator (`/` for paths, `or` for fallbacks). */
export function splitTop(toks: Tok[], op: string): Tok[][] {
  const parts: Tok[][] = [[]];
  let d = 0;
  for (const x of toks) {
    if (x.type === 'op' && '([{'.includes(x.text)) d++;
    if (x.type === 'op' && ')]}'.includes(x.text)) d--;
    if (d === 0 && x.text === op && (x.type === 'op' || x.type === 'name')) parts.push([]);
    else parts[parts.length - 1]?.push(x);
  }
  return parts;
}

/** Strips brackets around a whole expression: `(x)` → `x`. */
export function unparen(toks: Tok[]): Tok[] {
  let t = toks;
  while (t.length >= 2 && t[0]?.text === '(' && matchClose(t, 0) === t.length - 1) t = t.slice(1, -1);
  return t;
}
