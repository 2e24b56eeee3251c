/** Environment reads and writes: `os.getenv`, `os.environ[...]`, `.get`, `.setdefault`, django-environ, decouple. */
import type { PyVisitor } from '../context.js';

const ENV_HEADS = new Set(['os', 'environ', 'getenv', 'config']);

export const env: PyVisitor = {
  name(toks, k, ctx) {
    const t = toks[k];
    const { scope, out } = ctx;
    if (!t || !(ENV_HEADS.has(t.text) || scope.envObjects.has(t.text) || scope.imports.has(t.text))) return;
    const r = scope.envReadAt(toks, k);
    if (!r) return;
    const line = ctx.mapLine(t.line);
    if (r.write) {
      // `os.environ["X"] = <value>`: what the SDK will find there
      const expr =
        r.via === 'os.environ[]' && toks[r.end]?.text === '=' && k === 0
          ? scope.valueOf(toks.slice(r.end + 1))
          : r.def !== undefined && r.via.includes('setdefault')
            ? { kind: 'literal' as const, value: r.def }
            : undefined;
      out.envWrites.push({
        name: r.name,
        file: ctx.rel,
        line,
        language: ctx.language,
        via: r.via,
        order: ctx.order,
        topLevel: !ctx.inFunction,
        ...(r.def !== undefined && r.via.includes('setdefault') ? { value: r.def } : {}),
        ...(expr ? { expr } : {}),
      });
    } else
      out.envReads.push({
        name: r.name,
        file: ctx.rel,
        line,
        language: ctx.language,
        via: r.via,
        ...(r.def !== undefined ? { default: r.def } : {}),
        order: ctx.order,
        topLevel: !ctx.inFunction,
        ...ctx.mainWhen(),
      });
  },
};
