/**
 * Conditions as data for Python: `if provider == "openai":`, `elif`, `else`, `if os.getenv("X"):`,
 * `if not api_key: raise`, `if __name__ == "__main__":`. Shares the guard vocabulary of the
 * JavaScript analyser (code/types.ts `Guard`).
 */
import type { Guard, GuardOp } from '../types.js';
import { negate } from '../js/guards.js';
import { type Tok, stringValue } from './tokenize.js';
import { dotted, matchClose, splitArgs, splitTop, textOf, unparen } from './syntax.js';
import type { PyScope } from './scope.js';

const MAX_TEXT = 80;

function unknown(toks: Tok[]): Guard[] {
  const text = textOf(toks);
  return [{ kind: 'unknown', text: text.length > MAX_TEXT ? text.slice(0, MAX_TEXT - 1) + '…' : text }];
}

type Subject =
  | { env: { name: string; default?: string; fallbacks?: string[] } }
  | { param: { fn: string; index: number; default?: string } };

/** What a tested expression stands for; `.lower()`, `.strip()` and `str()` around it do not change that. */
function subjectOf(toks: Tok[], scope: PyScope): { s: Subject; fold: boolean } | undefined {
  let t = unparen(toks);
  let fold = false;
  for (;;) {
    const n = t.length;
    if (
      n >= 5 &&
      t[n - 4]?.text === '.' &&
      /^(lower|casefold|strip)$/.test(t[n - 3]?.text ?? '') &&
      t[n - 2]?.text === '(' &&
      t[n - 1]?.text === ')'
    ) {
      fold ||= t[n - 3]?.text !== 'strip';
      t = t.slice(0, n - 4);
      continue;
    }
    if (t[0]?.type === 'name' && t[0].text === 'str' && t[1]?.text === '(' && matchClose(t, 1) === n - 1) {
      t = t.slice(2, -1);
      continue;
    }
    break;
  }
  if (t.length === 1 && t[0]?.type === 'name') {
    const p = scope.params.get(t[0].text);
    if (p) {
      if (p.default === undefined || !/^\w+$/.test(p.default))
        return {
          s: { param: { fn: p.fn, index: p.index, ...(p.default !== undefined ? { default: p.default } : {}) } },
          fold,
        };
    }
  }
  const v = scope.valueOf(t);
  if (v?.kind === 'env')
    return {
      s: {
        env: {
          name: v.name,
          ...(v.default !== undefined ? { default: v.default } : {}),
          ...(v.fallbacks ? { fallbacks: v.fallbacks } : {}),
        },
      },
      fold,
    };
  return undefined;
}

function guard(s: Subject, op: GuardOp, values?: string[]): Guard {
  const v = values ? { values } : {};
  return 'env' in s ? { kind: 'env', ...s.env, op, ...v } : { kind: 'param', ...s.param, op, ...v };
}

function literals(toks: Tok[]): string[] | undefined {
  // `("a", "b")` is a tuple, not a parenthesised expression: only strip brackets around a single value
  const inner = unparen(toks);
  const t = inner.length === 1 ? inner : toks;
  if (t.length === 1 && t[0]?.type === 'string') {
    const s = stringValue(t[0]);
    return s === undefined ? undefined : [s];
  }
  if ((t[0]?.text === '(' || t[0]?.text === '[' || t[0]?.text === '{') && matchClose(t, 0) === t.length - 1) {
    const out: string[] = [];
    for (const a of splitArgs(t, 0, t.length - 1)) {
      const s = a.toks.length === 1 && a.toks[0]?.type === 'string' ? stringValue(a.toks[0]) : undefined;
      if (s === undefined) return undefined;
      out.push(s);
    }
    return out;
  }
  return undefined;
}

/** The conditions a Python test being true means (a conjunction). */
export function pyGuardsOf(toks: Tok[], scope: PyScope): Guard[] {
  const t = unparen(toks);
  if (t.length === 0) return [];
  const ors = splitTop(t, 'or');
  if (ors.length > 1) return unknown(t);
  const ands = splitTop(t, 'and');
  if (ands.length > 1) return ands.flatMap((a) => pyGuardsOf(a, scope));
  if (t[0]?.type === 'name' && t[0].text === 'not' && t[1]?.text !== 'in') return negate(pyGuardsOf(t.slice(1), scope));
  // `if api_key := os.getenv("X"):` tests what it binds
  if (t[0]?.type === 'name' && t[1]?.text === ':=' && t.length > 2) return pyGuardsOf(t.slice(2), scope);
  // __name__ == "__main__"
  const names = t.filter((x) => x.type === 'name').map((x) => x.text);
  if (names.includes('__name__') && t.some((x) => x.type === 'string' && stringValue(x) === '__main__')) {
    return [t.some((x) => x.text === '!=') ? { kind: 'main', negated: true } : { kind: 'main' }];
  }
  // comparisons: ==, !=, in, not in, is None, is not None
  for (let i = 1; i < t.length; i++) {
    const x = t[i];
    if (!x) continue;
    let op: 'eq' | 'ne' | 'in' | 'not-in' | 'is' | 'is-not' | undefined;
    let width = 1;
    if (x.text === '==') op = 'eq';
    else if (x.text === '!=') op = 'ne';
    else if (x.type === 'name' && x.text === 'in') op = 'in';
    else if (x.type === 'name' && x.text === 'not' && t[i + 1]?.text === 'in') [op, width] = ['not-in', 2];
    else if (x.type === 'name' && x.text === 'is') [op, width] = t[i + 1]?.text === 'not' ? ['is-not', 2] : ['is', 1];
    if (!op) continue;
    if (depthAt(t, i) !== 0) continue;
    const left = t.slice(0, i);
    const right = t.slice(i + width);
    // "NAME" in os.environ / "NAME" not in os.environ: whether the variable is set
    if ((op === 'in' || op === 'not-in') && left.length === 1 && left[0]?.type === 'string') {
      const d = dotted(right, 0);
      const name = stringValue(left[0]);
      if (d && d.end === right.length && /^(os\.)?environ$/.test(d.name) && name)
        return [{ kind: 'env', name, op: op === 'in' ? 'set' : 'unset' }];
    }
    if (op === 'is' || op === 'is-not') {
      if (!(right.length === 1 && right[0]?.text === 'None')) return unknown(t);
      const sub = subjectOf(left, scope);
      return sub ? [guard(sub.s, op === 'is' ? 'unset' : 'set')] : unknown(t);
    }
    let sub = subjectOf(left, scope);
    let vals = literals(right);
    if (!sub || !vals) {
      if (op === 'eq' || op === 'ne') {
        sub = subjectOf(right, scope);
        vals = literals(left);
      }
    }
    if (!sub || !vals) return unknown(t);
    const g = guard(sub.s, op === 'eq' || op === 'in' ? 'eq' : 'ne', vals);
    if (sub.fold && (g.kind === 'env' || g.kind === 'param')) g.caseless = true;
    return [g];
  }
  // `if useAzureOpenAI:` with `useAzureOpenAI = False` at the top of the module: decided
  if (t.length === 1 && t[0]?.type === 'name' && scope.flags.has(t[0].text) && !scope.params.has(t[0].text))
    return [{ kind: 'fixed', holds: scope.flags.get(t[0].text) === true, text: t[0].text }];
  const sub = subjectOf(t, scope);
  if (sub) return [guard(sub.s, 'set')];
  // os.path.exists(...) / Path(...).exists(): a file test, not a configuration choice
  const d = dotted(t, 0);
  if (d && /exists$|is_file$|isfile$/.test(d.name)) return unknown(t);
  return unknown(t);
}

function depthAt(t: Tok[], i: number): number {
  let d = 0;
  for (let j = 0; j < i; j++) {
    const x = t[j];
    if (x?.type !== 'op') continue;
    if ('([{'.includes(x.text)) d++;
    else if (')]}'.includes(x.text)) d--;
  }
  return d;
}
