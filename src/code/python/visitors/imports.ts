/** `import x`, `from x import y`: names bound to modules, the module graph, and the openai generation the imports show. */
import type { Tok } from '../tokenize.js';
import { splitArgs } from '../syntax.js';
import type { PyVisitor } from '../context.js';
import { addLoad } from './dotenv.js';

/**
 * Packages that load a dotenv file when they are imported (once per process, without override):
 * Chainlit's `chainlit/__init__.py` loads `<working folder>/.env`, and `chainlit run app.py` is run
 * from the app's folder (taken as that folder: a target started from elsewhere is not told where
 * the user starts it); crewAI's `crewai/llm.py` calls
 * `load_dotenv()`, whose find_dotenv() walks up from the installed package, which `crewai install` /
 * `uv` put in the project's `.venv`, so it finds the project's `.env`.
 */
const LOADS_ON_IMPORT: Record<string, { loader: string; base: 'file-dir' | 'cwd-walk-up' }> = {
  chainlit: { loader: 'chainlit', base: 'file-dir' },
  crewai: { loader: 'crewai', base: 'cwd-walk-up' },
};

function importLoads(ctx: Parameters<NonNullable<PyVisitor['statement']>>[1], modName: string, line: number): void {
  const top = modName.replace(/^\.+/, '').split('.')[0] ?? '';
  const l = modName.startsWith('.') ? undefined : LOADS_ON_IMPORT[top];
  if (!l || ctx.out.dotenvLoads.some((x) => x.loader === l.loader)) return;
  addLoad(ctx, l.loader, line, undefined, false, { base: l.base, path: '.env' });
}

export const imports: PyVisitor = {
  statement(st, ctx) {
    const toks = st.toks;
    const first = toks[0];
    const kw0 = first?.type === 'name' ? first.text : '';
    if (!first || !(kw0 === 'import' || (kw0 === 'from' && toks.some((t) => t.text === 'import')))) return;
    const { scope, out } = ctx;
    const line = ctx.mapLine(first.line);
    if (kw0 === 'import') {
      const arr: Tok[] = [{ type: 'op', text: '(', line: 0 }, ...toks.slice(1), { type: 'op', text: ')', line: 0 }];
      for (const a of splitArgs(arr, 0, arr.length - 1)) {
        const asAt = a.toks.findIndex((t) => t.text === 'as');
        const modName = (asAt >= 0 ? a.toks.slice(0, asAt) : a.toks).map((t) => t.text).join('');
        const local = asAt >= 0 ? (a.toks[asAt + 1]?.text ?? modName) : (modName.split('.')[0] ?? modName);
        scope.imports.set(local, asAt >= 0 ? modName : (modName.split('.')[0] ?? modName));
        if (modName)
          out.rawLoads.push({ spec: modName, line, order: ctx.order, hoisted: false, dynamic: ctx.inFunction });
        if (modName === 'openai' && !ctx.openaiImport)
          ctx.openaiImport = { line: first.line, order: ctx.order, topLevel: !ctx.inFunction };
        importLoads(ctx, modName, first.line);
      }
      return true;
    }
    const impAt = toks.findIndex((t) => t.text === 'import');
    const modName = toks
      .slice(1, impAt)
      .map((t) => t.text)
      .join('');
    let names = toks.slice(impAt + 1);
    if (names[0]?.text === '(') names = names.slice(1, -1);
    const specs = [modName];
    const arr: Tok[] = [{ type: 'op', text: '(', line: 0 }, ...names, { type: 'op', text: ')', line: 0 }];
    for (const a of splitArgs(arr, 0, arr.length - 1)) {
      const nm = a.toks[0]?.text ?? '';
      const local = a.toks[1]?.text === 'as' ? (a.toks[2]?.text ?? nm) : nm;
      if (nm === '*') continue;
      scope.imports.set(local, `${modName.replace(/^\.+/, '')}.${nm}`);
      specs.push(modName.endsWith('.') ? modName + nm : `${modName}.${nm}`);
      if (modName === 'openai' && /^(OpenAI|AsyncOpenAI|AzureOpenAI|AsyncAzureOpenAI)$/.test(nm))
        ctx.setGeneration('v1', first.line);
    }
    for (const s of specs)
      out.rawLoads.push({ spec: s, line, order: ctx.order, hoisted: false, dynamic: ctx.inFunction });
    importLoads(ctx, modName, first.line);
    return true;
  },
};
