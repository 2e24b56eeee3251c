/**
 * The JavaScript/TypeScript analyser: parses a module, builds its {@link Scope}, and walks the tree
 * once, keeping what every concern needs to know about where it is (statement order at module
 * level, function depth and name, the conditions around the node), while the visitors — one per
 * concern, registered by node type the way ESLint rules register theirs — record the facts.
 */
import { LineIndex } from '../../core/lines.js';
import { type FileAnalysis, type NoteSink, dropRequiredFallbacks, emptyAnalysis } from '../analysis.js';
import type { CodeLanguage, Guard } from '../types.js';
import {
  type Node,
  CLASS_FIELDS,
  FUNCTION_TYPES,
  SKIP_TYPES,
  child,
  childKeys,
  isNode,
  kids,
  parseProgram,
  str,
  unwrap,
  calleeName,
} from './ast.js';
import { Scope, type ParamRef } from './scope.js';
import { compareGuards, guardsOf, negate } from './guards.js';
import { VISITORS } from './visitors/index.js';
import { withoutLazyTest } from '../guard-text.js';
import type { JsContext } from './context.js';

/** Whether a module is ESM (imports hoisted) given its extension, package type and syntax. */
export function jsModuleKind(rel: string, packageType: string | undefined, hasImportSyntax: boolean): 'esm' | 'cjs' {
  if (/\.(mjs|mts)$/.test(rel)) return 'esm';
  if (/\.(cjs|cts)$/.test(rel)) return 'cjs';
  if (packageType === 'module') return 'esm';
  if (/\.(ts|tsx)$/.test(rel)) return 'cjs'; // tsc's CommonJS output keeps statement order
  return hasImportSyntax ? 'esm' : 'cjs';
}

export interface JsOptions {
  packageType?: string;
  /** The file name the parser sees (decides TS/JSX), when it differs from `rel` (component scripts). */
  parseAs?: string;
}

// A throw is not a way around the code after it (`if (!process.env.OPENAI_API_KEY) throw ...`): that
// code runs only with what the throw demands, so it needs it, as code with no condition does.
const EXITS = new Set(['ReturnStatement']);

/**
 * An early exit that answers with an HTTP error (`if (!apiKey) return new Response("OPENAI_API_KEY is
 * not configured", { status: 500 })`, `return res.status(500).json({ error })`): like a throw, the code
 * after it is what the function is for, and it needs what the test demands. Only an HTTP error answer
 * counts: a message returned in place of a result (`return "Search is disabled: the user has not set
 * the required key"`) is a feature left off, not a failure.
 */
const ERROR_EXIT = /\bstatus(?:Code)?\s*[:(=]\s*[45]\d\d\b|\bResponse\.error\(\)/;

function errorExit(ctx: { src(n: Node): string }, n: Node | undefined): boolean {
  return !!n && exits(n) && ERROR_EXIT.test(ctx.src(n));
}

/** Whether a statement always leaves the enclosing function (so the code after an `if` with it runs only when the test failed). */
function exits(n: Node | undefined): boolean {
  if (!n) return false;
  if (EXITS.has(n.type)) return true;
  if (n.type === 'BlockStatement') {
    const body = kids(n, 'body');
    return body.length > 0 && exits(body[body.length - 1]);
  }
  if (n.type === 'IfStatement') return exits(child(n, 'consequent')) && exits(child(n, 'alternate'));
  return false;
}

function functionName(n: Node, parent: Node | undefined): string | undefined {
  const id = child(n, 'id');
  if (id?.type === 'Identifier') return str(id, 'name');
  if (parent?.type === 'VariableDeclarator' && child(parent, 'id')?.type === 'Identifier')
    return str(child(parent, 'id'), 'name');
  if (parent?.type === 'ExportDefaultDeclaration') return 'default';
  return undefined;
}

function paramScope(fn: string, n: Node): Map<string, Node | ParamRef> {
  const m = new Map<string, Node | ParamRef>();
  kids(n, 'params').forEach((p, index) => {
    const u = p.type === 'TSParameterProperty' ? child(p, 'parameter') : p;
    if (u?.type === 'Identifier') m.set(str(u, 'name') ?? '', { param: { fn, index } });
    else if (u?.type === 'AssignmentPattern' && child(u, 'left')?.type === 'Identifier') {
      const def = child(u, 'right');
      m.set(str(child(u, 'left'), 'name') ?? '', { param: { fn, index, ...(def ? { default: def } : {}) } });
    }
  });
  return m;
}

export function analyzeJs(
  rel: string,
  text: string,
  language: CodeLanguage,
  notes: NoteSink,
  opts: JsOptions = {},
): FileAnalysis | undefined {
  let program: Node;
  try {
    program = parseProgram(text, opts.parseAs ?? (/\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/.test(rel) ? rel : rel + '.js'));
  } catch (e) {
    notes.push({
      kind: 'parse-error',
      path: rel,
      message: `cannot parse as JavaScript/TypeScript: ${String((e as Error).message ?? e).slice(0, 120)}`,
    });
    return undefined;
  }
  const out = emptyAnalysis(rel, language);
  const lines = new LineIndex(text);
  const body = kids(program, 'body');
  const scope = new Scope(text);
  scope.collect(body);
  const moduleKind = jsModuleKind(rel, opts.packageType, scope.hasImportSyntax);
  out.code.moduleKind = moduleKind;
  for (const st of body) {
    if (st.type !== 'ExpressionStatement' || typeof st.directive !== 'string') break;
    if (st.directive === 'use client') out.code.clientSide = true;
  }

  const ctx: JsContext = {
    rel,
    language,
    out,
    scope,
    moduleKind,
    at: (n) => lines.at(n.start),
    src: (n) => text.slice(n.start, n.end),
    order: 0,
    fnDepth: 0,
    when: [],
    handled: new WeakSet(),
    optionProps: new WeakSet(),
    topCalls: new Map(),
    fnLoads: [],
    models: new Map(),
  };
  const functions: NonNullable<FileAnalysis['functions']> = [];

  const under = (guards: Guard[], f: () => void): void => {
    const saved = ctx.when;
    if (guards.length) ctx.when = [...saved, ...guards];
    f();
    ctx.when = saved;
  };
  /**
   * What holds after `if (t) return ...`: `t` is false. Where the return reports a failure and `t` only
   * tests that variables are set (`if (!apiKey) return error`), nothing: the rest needs them, as after a throw.
   */
  const afterExit = (st: Node): Guard[] => {
    const gs = negate(guardsOf(child(st, 'test'), ctx));
    if (gs.length > 0 && gs.every((g) => g.kind === 'env' && g.op === 'set') && errorExit(ctx, child(st, 'consequent')))
      return [];
    // `if (!VOICES.includes(voice)) return new Response("Invalid voice", { status: 400 })`: a check of the
    // request, not a choice of how to run; the rest is what the handler does for every valid request
    if (gs.every((g) => g.kind === 'unknown' || g.kind === 'param') && errorExit(ctx, child(st, 'consequent')))
      return [];
    return gs;
  };
  /** Statements of one block in order; after `if (t) return ...`, the rest runs only when `t` is false. */
  const visitStatements = (list: Node[], parent: Node): void => {
    const saved = ctx.when;
    for (const st of list) {
      visit(st, parent);
      if (st.type === 'IfStatement' && !child(st, 'alternate') && exits(child(st, 'consequent')))
        ctx.when = [...ctx.when, ...afterExit(st)];
    }
    ctx.when = saved;
  };

  const visit = (n: Node, parent: Node | undefined): void => {
    if (SKIP_TYPES.has(n.type) || ctx.handled.has(n)) return;
    let skip = false;
    for (const v of VISITORS) if (v[n.type]?.(n, ctx) === true) skip = true;
    if (skip) return;
    switch (n.type) {
      case 'IfStatement':
      case 'ConditionalExpression': {
        const test = child(n, 'test');
        if (test) visit(test, n);
        const g = guardsOf(test, ctx);
        const yes = child(n, 'consequent');
        const no = child(n, 'alternate');
        // `if (!process.env.OPEN_AI_KEY) throw new Error(...)`: the program stops without it, so a key read
        // from it is required, never left to the SDK's own variable (anything-llm's OpenAiLLM)
        if (n.type === 'IfStatement' && !no && throwsOnly(yes))
          for (const r of g) if (r.kind === 'env' && r.op === 'unset') (ctx.out.requiredEnv ??= []).push(r.name);
        if (yes) under(g, () => visit(yes, n));
        if (no) under(negate(g), () => visit(no, n));
        return;
      }
      case 'SwitchStatement': {
        const d = child(n, 'discriminant');
        if (d) visit(d, n);
        const cases = kids(n, 'cases');
        const values = cases
          .map((c) => unwrap(child(c, 'test')))
          .map((t) => (t?.type === 'Literal' && typeof t.value === 'string' ? t.value : undefined));
        let pending: string[] = [];
        cases.forEach((c, i) => {
          const cons = kids(c, 'consequent');
          const v = values[i];
          const isDefault = !child(c, 'test');
          if (v !== undefined) pending.push(v);
          if (cons.length === 0 && !isDefault) return; // falls through to the next case
          const known = values.every((x, j) => x !== undefined || !child(cases[j] as Node, 'test'));
          let g: Guard[];
          if (isDefault)
            g =
              known && d
                ? compareGuards(
                    d,
                    'ne',
                    values.filter((x): x is string => x !== undefined),
                    ctx,
                  )
                : [{ kind: 'unknown', text: 'the default case of a switch' }];
          else
            g =
              pending.length && v !== undefined && d
                ? compareGuards(d, 'eq', pending, ctx)
                : [{ kind: 'unknown', text: 'a switch case' }];
          pending = [];
          under(g, () => visitStatements(cons, c));
        });
        return;
      }
      case 'LogicalExpression': {
        const left = child(n, 'left');
        const right = child(n, 'right');
        if (left) visit(left, n);
        const g = guardsOf(left, ctx);
        if (right) under(n.operator === '&&' ? g : negate(g), () => visit(right, n));
        return;
      }
      case 'BlockStatement':
      case 'Program':
        visitStatements(kids(n, 'body'), n);
        return;
      case 'AssignmentExpression': {
        // `if (!client) client = new OpenAI()`: built on first use, the test is no condition on it
        const left = child(n, 'left');
        const kept = n.operator === '=' && left ? withoutLazyTest(ctx.when, ctx.src(left)) : ctx.when;
        if (kept === ctx.when) break;
        const saved = ctx.when;
        ctx.when = kept;
        for (const key of childKeys(n)) {
          const v = n[key];
          if (isNode(v)) visit(v, n);
        }
        ctx.when = saved;
        return;
      }
    }
    const isFn = FUNCTION_TYPES.has(n.type) || (CLASS_FIELDS.has(n.type) && !n.static);
    const outerFn = ctx.fnName;
    const outerCls = ctx.cls;
    if (n.type === 'ClassDeclaration' || n.type === 'ClassExpression') {
      ctx.cls = functionName(n, parent);
      // `class OpenAIProvider extends BaseProvider`: making the subclass makes the base
      const base = calleeName(child(n, 'superClass'));
      if (ctx.cls && base) (ctx.out.classes ??= []).push({ name: ctx.cls, bases: [base] });
    }
    if (isFn) {
      const name = n.type === 'MethodDefinition' ? undefined : functionName(n, parent);
      if (ctx.fnDepth === 0) {
        ctx.fnName = name;
        if (name && FUNCTION_TYPES.has(n.type)) {
          const params = kids(n, 'params').map((p) =>
            p.type === 'Identifier'
              ? (str(p, 'name') ?? '')
              : p.type === 'AssignmentPattern'
                ? (str(child(p, 'left'), 'name') ?? '')
                : '',
          );
          const exported =
            parent?.type === 'ExportNamedDeclaration' ||
            parent?.type === 'ExportDefaultDeclaration' ||
            (parent?.type === 'VariableDeclarator' && (parent as Node & { exported?: boolean }).exported === true);
          functions.push({ name, params, exported });
        }
      }
      scope.locals.push(paramScope(ctx.fnName ?? name ?? '', n));
      ctx.fnDepth++;
    } else if (n.type === 'VariableDeclarator' && ctx.fnDepth > 0) {
      const id = child(n, 'id');
      const init = child(n, 'init');
      if (!scope.bindRequire(n, true) && id?.type === 'Identifier' && init)
        scope.locals[scope.locals.length - 1]?.set(str(id, 'name') ?? '', init);
    }
    for (const key of childKeys(n)) {
      const v = n[key];
      if (Array.isArray(v)) {
        for (const x of v) if (isNode(x)) visit(x, n);
      } else if (isNode(v)) visit(v, n);
    }
    if (isFn) {
      ctx.fnDepth--;
      scope.locals.pop();
      ctx.fnName = outerFn;
    }
    ctx.cls = outerCls;
  };

  for (const st of body) {
    if (st.type === 'ExportNamedDeclaration' && child(st, 'declaration')?.type === 'VariableDeclaration')
      for (const d of kids(child(st, 'declaration'), 'declarations'))
        (d as Node & { exported?: boolean }).exported = true;
  }
  const saved = ctx.when;
  for (const st of body) {
    visit(st, program);
    if (st.type === 'IfStatement' && !child(st, 'alternate') && exits(child(st, 'consequent')))
      ctx.when = [...ctx.when, ...afterExit(st)];
    ctx.order++;
  }
  ctx.when = saved;
  // `async function main() { dotenv.config(); ... } main();`: the load runs where main() is called
  for (const { load, fn } of ctx.fnLoads) {
    const at = ctx.topCalls.get(fn);
    if (at !== undefined && at >= (load.order ?? 0)) {
      load.topLevel = true;
      load.order = at;
    }
  }
  if (ctx.models.size) out.code.models = [...ctx.models].map(([name, line]) => ({ name, line }));
  if (functions.length) out.functions = functions;
  if (out.requiredEnv) dropRequiredFallbacks(out);
  return out;
}

/** A block that ends the program or the call by throwing (`throw new Error(...)`, `process.exit(1)`). */
function throwsOnly(n: Node | undefined): boolean {
  if (!n) return false;
  if (n.type === 'ThrowStatement') return true;
  if (n.type === 'BlockStatement') {
    const body = kids(n, 'body');
    return body.length > 0 && throwsOnly(body[body.length - 1]);
  }
  if (n.type === 'ExpressionStatement') {
    const e = unwrap(child(n, 'expression'));
    const callee = e?.type === 'CallExpression' ? unwrap(child(e, 'callee')) : undefined;
    return (
      callee?.type === 'MemberExpression' &&
      str(child(callee, 'object'), 'name') === 'process' &&
      str(child(callee, 'property'), 'name') === 'exit'
    );
  }
  return false;
}
