/**
 * Conditions as data: what a test expression says about the environment (`process.env.X`,
 * `provider === 'openai'` where `provider` defaults to `process.env.LLM_PROVIDER ?? 'openai'`,
 * `require.main === module`), so the resolver can tell, per target, which branch runs.
 */
import type { Guard, GuardOp } from '../types.js';
import { type Node, child, str, stringOf, unwrap } from './ast.js';
import type { JsContext } from './context.js';
import { isParam } from './scope.js';
import { describeGuard } from '../guard-text.js';

const MAX_TEXT = 80;

function unknown(ctx: JsContext, n: Node | undefined): Guard[] {
  const text = n ? ctx.src(n).replace(/\s+/g, ' ') : 'a condition';
  return [{ kind: 'unknown', text: text.length > MAX_TEXT ? text.slice(0, MAX_TEXT - 1) + '…' : text }];
}

/**
 * A condition's text negated: `not X` loses its `not`; a comparison flips its operator
 * (`http_client is not None` → `http_client is None`, `a === b` → `a !== b`) rather than reading
 * `not http_client is not None`; anything else gets `not `.
 */
export function notText(text: string): string {
  if (text.startsWith('not ')) return text.slice(4);
  const flips: Array<[RegExp, string]> = [
    [/^([\w.[\]"']+) is not (None|True|False|null)$/, '$1 is $2'],
    [/^([\w.[\]"']+) is (None|True|False|null)$/, '$1 is not $2'],
    [/^([\w.[\]"']+) (===|!==|==|!=) ([^\s&|]+)$/, ''],
  ];
  for (const [re, to] of flips) {
    const m = re.exec(text);
    if (!m) continue;
    if (to) return text.replace(re, to);
    const op = m[2] === '===' ? '!==' : m[2] === '!==' ? '===' : m[2] === '==' ? '!=' : '==';
    return `${m[1]} ${op} ${m[3]}`;
  }
  return / and | or |&&|\|\|/.test(text) ? `not (${text})` : `not ${text}`;
}

/** The negation of a conjunction, where it is one condition; otherwise an unknown condition. */
export function negate(g: Guard[]): Guard[] {
  if (g.length !== 1)
    return g.length === 0 ? [] : [{ kind: 'unknown', text: 'not (' + g.map(describeGuard).join(' and ') + ')' }];
  const x = g[0] as Guard;
  switch (x.kind) {
    case 'env':
    case 'param':
      return [{ ...x, op: x.op === 'set' ? 'unset' : x.op === 'unset' ? 'set' : x.op === 'eq' ? 'ne' : 'eq' }];
    case 'main':
      return [{ kind: 'main', ...(x.negated ? {} : { negated: true }) }];
    case 'fixed':
      return [{ ...x, holds: !x.holds, text: notText(x.text) }];
    case 'unknown':
      return [
        {
          kind: 'unknown',
          text: notText(x.text),
          ...(x.attr ? { attr: x.attr, op: x.op === 'set' ? ('unset' as const) : ('set' as const) } : {}),
        },
      ];
  }
}

/** What a value under test stands for: an environment variable (with its default) or a parameter. */
function subjectOf(
  n: Node | undefined,
  ctx: JsContext,
):
  | { env: { name: string; default?: string; fallbacks?: string[] } }
  | { param: { fn: string; index: number; default?: string } }
  | undefined {
  const u = unwrap(n);
  if (!u) return undefined;
  if (u.type === 'Identifier') {
    const v = ctx.scope.lookup(str(u, 'name') ?? '');
    if (v && isParam(v)) {
      const d = v.param.default ? ctx.scope.valueOf(v.param.default) : undefined;
      if (!v.param.default || d?.kind === 'literal')
        return {
          param: { fn: v.param.fn, index: v.param.index, ...(d?.kind === 'literal' ? { default: d.value } : {}) },
        };
    }
  }
  const val = ctx.scope.valueOf(u);
  if (val?.kind === 'env')
    return {
      env: {
        name: val.name,
        ...(val.default !== undefined ? { default: val.default } : {}),
        ...(val.fallbacks ? { fallbacks: val.fallbacks } : {}),
      },
    };
  return undefined;
}

function subjectGuard(s: NonNullable<ReturnType<typeof subjectOf>>, op: GuardOp, values?: string[]): Guard {
  const v = values ? { values } : {};
  return 'env' in s ? { kind: 'env', ...s.env, op, ...v } : { kind: 'param', ...s.param, op, ...v };
}

/** `subject === one of values` (op eq) or `subject !== all of values` (op ne). */
export function compareGuards(subject: Node, op: 'eq' | 'ne', values: string[], ctx: JsContext): Guard[] {
  const s = subjectOf(subject, ctx);
  return s ? [subjectGuard(s, op, values)] : unknown(ctx, subject);
}

/** The conditions a test expression being truthy means (a conjunction). */
export function guardsOf(test: Node | undefined, ctx: JsContext): Guard[] {
  const u = unwrap(test);
  if (!u) return [];
  if (u.type === 'UnaryExpression' && u.operator === '!') return negate(guardsOf(child(u, 'argument'), ctx));
  if (u.type === 'LogicalExpression' && u.operator === '&&')
    return [...guardsOf(child(u, 'left'), ctx), ...guardsOf(child(u, 'right'), ctx)];
  if (u.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(String(u.operator))) {
    const l = unwrap(child(u, 'left'));
    const r = unwrap(child(u, 'right'));
    const eq = u.operator === '===' || u.operator === '==';
    // require.main === module
    const isReqMain = (x: Node | undefined) =>
      x?.type === 'MemberExpression' &&
      str(child(x, 'object'), 'name') === 'require' &&
      str(child(x, 'property'), 'name') === 'main';
    const isModule = (x: Node | undefined) => x?.type === 'Identifier' && str(x, 'name') === 'module';
    if ((isReqMain(l) && isModule(r)) || (isReqMain(r) && isModule(l)))
      return [eq ? { kind: 'main' } : { kind: 'main', negated: true }];
    const ls = stringOf(l);
    const rs = stringOf(r);
    const lit = rs ?? ls;
    const subject = rs !== undefined ? l : ls !== undefined ? r : undefined;
    // a comparison of something keydoctor cannot decide (`req.method !== 'POST'`): the whole test is its text
    if (lit !== undefined && subject)
      return subjectOf(subject, ctx) ? compareGuards(subject, eq ? 'eq' : 'ne', [lit], ctx) : unknown(ctx, u);
    // process.env.X === undefined
    if ((r?.type === 'Identifier' && str(r, 'name') === 'undefined') || (r?.type === 'Literal' && r.value === null)) {
      const s = subjectOf(l, ctx);
      if (s) return [subjectGuard(s, eq ? 'unset' : 'set')];
    }
    return unknown(ctx, u);
  }
  // import.meta.main (Deno, Bun)
  if (
    u.type === 'MemberExpression' &&
    unwrap(child(u, 'object'))?.type === 'MetaProperty' &&
    str(child(u, 'property'), 'name') === 'main'
  )
    return [{ kind: 'main' }];
  const s = subjectOf(u, ctx);
  if (s) return [subjectGuard(s, 'set')];
  // `if (env.OPENAI_API_KEY)` on a config object (t3-env, a config module): the collector maps the
  // attribute to its variable where the object's module says which (code/collector.ts)
  const attr = memberChain(u);
  if (attr) return unknown(ctx, u).map((g) => ({ ...g, attr, op: 'set' as const }));
  return unknown(ctx, u);
}

/** `a.b.c` (identifiers and non-computed properties only), else undefined. */
function memberChain(n: Node | undefined): string | undefined {
  const u = unwrap(n);
  if (u?.type !== 'MemberExpression' || u.computed) return undefined;
  const prop = str(child(u, 'property'), 'name');
  const obj = unwrap(child(u, 'object'));
  const head = obj?.type === 'Identifier' ? str(obj, 'name') : memberChain(obj);
  return head && prop ? `${head}.${prop}` : undefined;
}
