/** Environment reads and writes: `process.env.X`, destructuring, `?? 'default'`, `process.env.X = ...`, aliases. */
import { type Node, child, kids, propName, str, stringOf, unwrap } from '../ast.js';
import type { JsContext, JsVisitor } from '../context.js';

function addRead(ctx: JsContext, name: string, via: string, n: Node, def?: string): void {
  const p = ctx.at(n);
  ctx.out.envReads.push({
    name,
    file: ctx.rel,
    line: p.line,
    column: p.column,
    language: ctx.language,
    via,
    ...(def !== undefined ? { default: def } : {}),
    order: ctx.order,
    topLevel: ctx.fnDepth === 0,
    ...mainWhen(ctx),
  });
}

/** The `require.main === module` conditions around the node, for reads and loads. */
export function mainWhen(ctx: JsContext): { when?: JsContext['when'] } {
  const m = ctx.when.filter((g) => g.kind === 'main');
  return m.length ? { when: m } : {};
}

function alias(ctx: JsContext, name: string, env: string): void {
  if (!name) return;
  ctx.out.envAliases ??= {};
  ctx.out.envAliases[name] = env;
}

export const env: JsVisitor = {
  AssignmentExpression(n, ctx) {
    const left = unwrap(child(n, 'left'));
    const e = ctx.scope.envName(left);
    if (!e || !left) return;
    ctx.handled.add(left);
    const v = stringOf(child(n, 'right'));
    const expr = n.operator === '=' ? ctx.scope.valueOf(child(n, 'right')) : undefined;
    ctx.out.envWrites.push({
      name: e.name,
      file: ctx.rel,
      line: ctx.at(n).line,
      language: ctx.language,
      via: e.via,
      ...(v !== undefined ? { value: v } : {}),
      ...(expr ? { expr } : {}),
      order: ctx.order,
      topLevel: ctx.fnDepth === 0,
    });
  },
  LogicalExpression(n, ctx) {
    if (n.operator !== '??' && n.operator !== '||') return;
    const left = unwrap(child(n, 'left'));
    const e = ctx.scope.envName(left);
    const d = stringOf(child(n, 'right'));
    if (e && left && d !== undefined) {
      ctx.handled.add(left);
      addRead(ctx, e.name, e.via, left, d);
    }
  },
  VariableDeclarator(n, ctx) {
    const id = child(n, 'id');
    const init = child(n, 'init');
    if (id?.type === 'Identifier') {
      const e = ctx.scope.envName(init) ?? ctx.scope.envName(child(unwrap(init), 'left'));
      if (e) alias(ctx, str(id, 'name') ?? '', e.name);
    }
    if (id?.type === 'ObjectPattern' && ctx.scope.isProcessEnv(init)) {
      const via =
        ctx.scope.envName({
          type: 'MemberExpression',
          start: 0,
          end: 0,
          object: init,
          property: { type: 'Identifier', name: 'X', start: 0, end: 0 },
          computed: false,
        })?.via ?? 'process.env';
      for (const p of kids(id, 'properties')) {
        const k = propName(p);
        const v = unwrap(child(p, 'value'));
        if (!k) continue;
        const def = v?.type === 'AssignmentPattern' ? stringOf(child(v, 'right')) : undefined;
        addRead(ctx, k, `${via} destructuring`, p, def);
        const local =
          v?.type === 'Identifier'
            ? str(v, 'name')
            : v?.type === 'AssignmentPattern'
              ? str(child(v, 'left'), 'name')
              : undefined;
        if (local && !ctx.scope.consts.has(local))
          ctx.scope.consts.set(local, {
            type: 'MemberExpression',
            start: p.start,
            end: p.end,
            object: init,
            property: { type: 'Identifier', name: k, start: 0, end: 0 },
            computed: false,
          } as Node);
      }
      if (init) ctx.handled.add(init);
    }
  },
  MemberExpression(n, ctx) {
    const e = ctx.scope.envName(n);
    if (!e) return;
    addRead(ctx, e.name, e.via, n);
    return true;
  },
  Property(n, ctx) {
    const k = propName(n);
    // `createOpenAI({ apiKey: process.env.GROQ_API_KEY })`: a client's option, not a config field
    // (another client's bare `{ apiKey }` is not GROQ_API_KEY)
    if (!k || ctx.optionProps.has(n)) return;
    const e = ctx.scope.envName(child(n, 'value')) ?? ctx.scope.envName(child(unwrap(child(n, 'value')), 'left'));
    if (e) alias(ctx, k, e.name);
  },
};
