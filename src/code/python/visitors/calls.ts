/**
 * Calls of plain names, so a condition on a function's parameter can be followed to its callers
 * (`get_llm(os.getenv("LLM_PROVIDER", "openai"))`), and module-level calls (a function's dotenv load
 * runs where the function is called).
 */
import type { ValueExpr } from '../../types.js';
import type { PyVisitor } from '../context.js';

const MAX_ARGS = 4;

export const calls: PyVisitor = {
  call(c, ctx) {
    if (c.callee.includes('.')) return;
    if (!ctx.inFunction && !ctx.topCalls.has(c.callee)) ctx.topCalls.set(c.callee, ctx.order);
    const full = ctx.scope.full(c.callee);
    const dot = full.lastIndexOf('.');
    const imported = full !== c.callee && dot > 0 ? { source: full.slice(0, dot), imported: full.slice(dot + 1) } : {};
    const positional: Array<ValueExpr | undefined> = [];
    const kwargs: Record<string, ValueExpr> = {};
    for (const a of c.args) {
      if (a.kw) {
        const v = ctx.scope.valueOf(a.toks);
        if (v) kwargs[a.kw] = v;
      } else if (positional.length < MAX_ARGS && a.toks[0]?.text !== '*' && a.toks[0]?.text !== '**')
        positional.push(ctx.scope.valueOf(a.toks));
    }
    const cls = ctx.inFunction ? ctx.stack.findLast((f) => f.kind === 'class')?.name : undefined;
    (ctx.out.calls ??= []).push({
      ...(cls ? { cls } : {}),
      name: c.callee,
      ...imported,
      args: positional,
      ...(Object.keys(kwargs).length ? { kwargs } : {}),
      line: ctx.mapLine(c.line),
      ...(ctx.position().when ? { when: ctx.position().when } : {}),
    });
  },
};
