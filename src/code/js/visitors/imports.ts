/** The module graph: static imports and re-exports (hoisted in ESM), `require()`, dynamic `import()`. */
import { child, str, stringOf, unwrap, kids } from '../ast.js';
import type { JsVisitor } from '../context.js';

export const imports: JsVisitor = {
  ImportDeclaration(n, ctx) {
    if (n.importKind === 'type') return true;
    ctx.out.rawLoads.push({
      spec: stringOf(child(n, 'source')) ?? '',
      line: ctx.at(n).line,
      order: ctx.order,
      hoisted: ctx.moduleKind === 'esm',
    });
    return true;
  },
  ExportAllDeclaration(n, ctx) {
    const s = stringOf(child(n, 'source'));
    if (s === undefined) return;
    ctx.out.rawLoads.push({ spec: s, line: ctx.at(n).line, order: ctx.order, hoisted: ctx.moduleKind === 'esm' });
    return true;
  },
  ExportNamedDeclaration(n, ctx) {
    const s = stringOf(child(n, 'source'));
    if (s === undefined) return;
    ctx.out.rawLoads.push({ spec: s, line: ctx.at(n).line, order: ctx.order, hoisted: ctx.moduleKind === 'esm' });
    return true;
  },
  ImportExpression(n, ctx) {
    const s = stringOf(child(n, 'source'));
    if (s !== undefined)
      ctx.out.rawLoads.push({ spec: s, line: ctx.at(n).line, order: ctx.order, hoisted: false, dynamic: true });
  },
  CallExpression(n, ctx) {
    const u = unwrap(child(n, 'callee'));
    if (u?.type !== 'Identifier' || str(u, 'name') !== 'require') return;
    const s = stringOf(kids(n, 'arguments')[0]);
    if (s !== undefined)
      ctx.out.rawLoads.push({
        spec: s,
        line: ctx.at(n).line,
        order: ctx.order,
        hoisted: false,
        dynamic: ctx.fnDepth > 0,
      });
  },
};
