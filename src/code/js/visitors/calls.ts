/**
 * Calls of plain names, so a condition on a function's parameter can be followed to its callers
 * (`createClient()` with `provider = process.env.LLM_PROVIDER ?? 'openai'`, `get_llm(os.getenv(...))`),
 * and module-level calls (a function's dotenv load runs where the function is called).
 */
import { child, kids, str, unwrap } from '../ast.js';
import type { JsVisitor } from '../context.js';

const MAX_ARGS = 4;

export const calls: JsVisitor = {
  // `new OpenAiLLM(...)`, `new Providers.OpenAIProvider(...)`: where (and under which conditions) a class is instantiated
  NewExpression(n, ctx) {
    const u = unwrap(child(n, 'callee'));
    const name =
      u?.type === 'Identifier'
        ? str(u, 'name')
        : u?.type === 'MemberExpression'
          ? str(child(u, 'property'), 'name')
          : undefined;
    if (!name || !/^[A-Z]/.test(name)) return;
    (ctx.out.instantiations ??= []).push({
      name,
      line: ctx.at(n).line,
      ...(ctx.when.length ? { when: ctx.when } : {}),
      ...(ctx.cls ? { cls: ctx.cls } : {}),
    });
  },
  CallExpression(n, ctx) {
    const u = unwrap(child(n, 'callee'));
    if (u?.type !== 'Identifier') return;
    const name = str(u, 'name') ?? '';
    if (name === 'require') return;
    if (ctx.fnDepth === 0 && !ctx.topCalls.has(name)) ctx.topCalls.set(name, ctx.order);
    const b = ctx.scope.bindings.get(name);
    const args = kids(n, 'arguments')
      .slice(0, MAX_ARGS)
      .map((a) => (a.type === 'SpreadElement' ? undefined : ctx.scope.valueOf(a)));
    (ctx.out.calls ??= []).push({
      name,
      ...(b ? { source: b.source, imported: b.imported } : {}),
      args,
      line: ctx.at(n).line,
      ...(ctx.when.length ? { when: ctx.when } : {}),
    });
  },
};
