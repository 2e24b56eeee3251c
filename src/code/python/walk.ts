/**
 * The Python analyser: tokenizes a module into logical statements and walks them once, keeping what
 * every concern needs to know about where it is (statement order, the function and class it is in,
 * the conditions around it: `if`/`elif`/`else` chains, early `return`/`raise`, `__main__` blocks),
 * while the visitors — one per concern — record the facts.
 */
import { type FileAnalysis, type NoteSink, dropRequiredFallbacks, emptyAnalysis } from '../analysis.js';
import type { CodeLanguage, Guard } from '../types.js';
import { negate } from '../js/guards.js';
import { pushAll } from '../../core/arrays.js';
import { type Tok, stringValue, tokenizePython } from './tokenize.js';
import { dotted, matchClose, splitArgs, splitTop, textOf, unparen } from './syntax.js';
import { PyScope, type PyParam } from './scope.js';
import { pyGuardsOf } from './guards.js';
import { PY_VISITORS } from './visitors/index.js';
import { models } from './visitors/models.js';
import { dictLiteralKeys } from './visitors/assign.js';
import { resolvePendingSpreads } from './visitors/clients.js';
import type { Frame, PyCall, PyContext } from './context.js';

export interface PythonOptions {
  /** Notebook code: `load_dotenv()` searches from the cwd, not from a file. */
  notebook?: boolean;
  /** Maps a line of the analysed text to the line to report (notebooks). */
  lineMap?: (line: number) => number;
}

/** The literal values of a `case` pattern (`"a"`, `"a" | "b"`), or undefined for any other pattern; [] for `_`. */
function caseValues(pattern: Tok[]): string[] | undefined {
  if (pattern.length === 1 && pattern[0]?.type === 'name' && pattern[0].text === '_') return [];
  const out: string[] = [];
  for (const part of splitTop(pattern, '|')) {
    const t = unparen(part);
    const v = t.length === 1 && t[0]?.type === 'string' ? stringValue(t[0]) : undefined;
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

/**
 * The conditions of a `case` under `match SUBJECT:`: the subject equals one of its literals (earlier
 * literal cases are excluded by that already); `case _:` is the subject being none of the earlier
 * literals; any other pattern (or a guard `case x if ...`) is a condition keydoctor cannot decide.
 */
function caseGuards(m: NonNullable<Frame['match']>, pattern: Tok[], scope: PyScope): Guard[] {
  const line = pattern[0]?.line ?? 0;
  const op = (text: string): Tok => ({ type: 'op', text, line });
  const str = (v: string): Tok => ({ type: 'string', text: JSON.stringify(v), line });
  // `SUBJECT == "a"` for one value, `SUBJECT in ("a", "b")` for several
  const test = (vs: string[], negated: boolean): Tok[] =>
    vs.length === 1
      ? [...m.subject, op(negated ? '!=' : '=='), str(vs[0] as string)]
      : [
          ...m.subject,
          ...(negated ? [{ type: 'name' as const, text: 'not', line }] : []),
          { type: 'name', text: 'in', line },
          op('('),
          ...vs.flatMap((v, i) => [...(i ? [op(',')] : []), str(v)]),
          op(')'),
        ];
  const earlier = m.others.flatMap((g) => negate(g));
  const hasGuard = pattern.some((t) => t.type === 'name' && t.text === 'if');
  const values = hasGuard ? undefined : caseValues(pattern);
  if (values === undefined) {
    const own = [{ kind: 'unknown' as const, text: `${textOf(m.subject)} matches ${textOf(pattern)}`.slice(0, 80) }];
    m.others.push(own);
    return [...earlier, ...own];
  }
  if (values.length === 0) {
    if (m.values.length === 0) return earlier;
    return [...earlier, ...pyGuardsOf(test(m.values, true), scope)];
  }
  pushAll(m.values, values);
  return [...earlier, ...pyGuardsOf(test(values, false), scope)];
}

const BLOCK_KEYWORDS = new Set([
  'def',
  'class',
  'if',
  'elif',
  'else',
  'for',
  'while',
  'try',
  'except',
  'finally',
  'with',
  'match',
  'case',
  'async',
]);

/** The `:` that ends a block header (the last one at bracket depth 0), or -1. */
function headerColon(toks: Tok[]): number {
  let d = 0;
  for (let j = 0; j < toks.length; j++) {
    const t = toks[j];
    if (t?.type !== 'op') continue;
    if ('([{'.includes(t.text)) d++;
    else if (')]}'.includes(t.text)) d--;
    else if (d === 0 && t.text === ':' && toks[j - 1]?.text !== 'lambda') return j;
  }
  return -1;
}

function paramsOf(fn: string, toks: Tok[], at: number): Map<string, PyParam> {
  const m = new Map<string, PyParam>();
  if (toks[at]?.text !== '(') return m;
  let index = 0;
  for (const a of splitArgs(toks, at, matchClose(toks, at))) {
    const name = a.kw ?? (a.toks[0]?.type === 'name' ? a.toks[0].text : undefined);
    if (!name || a.toks[0]?.text === '*' || a.toks[0]?.text === '**') {
      index++;
      continue;
    }
    let defToks: Tok[] | undefined = a.kw ? a.toks : undefined;
    if (!defToks) {
      const eq = a.toks.findIndex((t) => t.text === '=');
      if (eq > 0) defToks = a.toks.slice(eq + 1);
    }
    const d = defToks && defToks.length === 1 ? defToks[0] : undefined;
    const def = d?.type === 'string' ? d.text.replace(/^[rRbBuUfF]*(['"]{1,3})([\s\S]*)\1$/, '$2') : d?.text;
    m.set(name, { fn, index, ...(def !== undefined ? { default: def } : {}) });
    index++;
  }
  return m;
}

/** The client class names a module defines itself (`class AzureOpenAI(ToolProvider):`, promptflow's tool). */
function ownClientClasses(source: string): Set<string> | undefined {
  if (!source.includes('class ')) return undefined;
  const out = new Set<string>();
  for (const m of source.matchAll(
    /^[ \t]*class[ \t]+((?:Async)?(?:Azure)?OpenAI|ChatOpenAI|AzureChatOpenAI|OpenAIEmbeddings)\b/gm,
  ))
    out.add(m[1] as string);
  return out.size ? out : undefined;
}

/** A test of the installed openai version: `metadata.version("openai")`, `openai.__version__`, `openai.version.VERSION`. */
const OPENAI_VERSION_TEST =
  /version\(\s*['"]openai['"]|openai\.__version__|openai\.version\b|get_distribution\(\s*['"]openai['"]/;

/** A return that answers with an HTTP error (`return jsonify(error), 400`, `JSONResponse(status_code=422)`). */
const HTTP_ERROR_RETURN =
  /\bstatus(?:_code)?\s*=\s*[45]\d\d\b|,\s*[45]\d\d\s*\)?\s*$|\bHttpResponse(?:BadRequest|Forbidden|NotFound|NotAllowed)\b/;

export function analyzePython(
  rel: string,
  source: string,
  language: CodeLanguage,
  notes: NoteSink,
  opts: PythonOptions = {},
): FileAnalysis | undefined {
  const tk = tokenizePython(source);
  const mapLine = opts.lineMap ?? ((l: number) => l);
  if (tk.broken) {
    notes.push({
      kind: 'parse-error',
      path: rel,
      line: mapLine(tk.broken.line),
      message: `cannot read as Python: ${tk.broken.reason}`,
    });
    return undefined;
  }
  const out = emptyAnalysis(rel, language);
  const scope = new PyScope();
  const root: Frame = { indent: -1, kind: 'module', guards: [], extra: [], exits: false };
  const stack: Frame[] = [root];
  const functions: NonNullable<FileAnalysis['functions']> = [];
  // the callees each model name is given to (dotted, as imported; '' where it is not a call's argument)
  const modelVia = new Map<string, Array<{ line: number; via: string }>>();
  let weakGeneration = false;
  const ctx: PyContext = {
    rel,
    language,
    out,
    scope,
    notebook: opts.notebook === true,
    mapLine,
    order: 0,
    inFunction: false,
    when: [],
    stack,
    topCalls: new Map(),
    fnLoads: [],
    returnKeys: new Map(),
    pendingSpreads: [],
    models: new Map(),
    settingsClasses: [],
    v0ModelOnly: [],
    ownClasses: ownClientClasses(source),
    setGeneration(g, line, weak) {
      // code that runs under a test of the installed openai version (`if metadata.version("openai") < "1.0":`)
      // is written for both generations: neither branch says which one the project has
      if (ctx.when.some((w) => w.kind === 'unknown' && OPENAI_VERSION_TEST.test(w.text))) return;
      // a weak sign of v0 (`openai.api_base = ...`, an attribute v1 ignores) gives way to any v1 call
      if (
        weak
          ? !out.code.sdkGeneration
          : !out.code.sdkGeneration || weakGeneration || (g === 'v0' && out.code.sdkGeneration === 'v1')
      ) {
        out.code.sdkGeneration = g;
        out.code.sdkGenerationLine = mapLine(line);
        weakGeneration = weak === true;
      }
    },
    addModel(name, line, via) {
      if (name.length >= 100) return;
      if (!ctx.models.has(name)) ctx.models.set(name, mapLine(line));
      const list = modelVia.get(name) ?? [];
      list.push({ line: mapLine(line), via: via ?? '' });
      modelVia.set(name, list);
    },
    mainWhen() {
      const m = ctx.when.filter((g) => g.kind === 'main');
      return m.length ? { when: m } : {};
    },
    position() {
      return {
        order: ctx.order,
        topLevel: !ctx.inFunction,
        ...(ctx.when.length ? { when: ctx.when } : {}),
        ...(ctx.inFunction && ctx.fnName ? { fn: ctx.fnName } : {}),
      };
    },
  };
  const whenOf = (): Guard[] => stack.flatMap((f) => [...f.guards, ...f.extra]);

  // `if not os.getenv("OPENAI_KEY"): raise ...`: the program stops without it, so a key read from it is
  // required, never left to the SDK's own variable
  const raisesIn = (f: Frame) => {
    if (f.kind === 'if')
      for (const g of f.guards) if (g.kind === 'env' && g.op === 'unset') (out.requiredEnv ??= []).push(g.name);
  };
  for (const st of tk.stmts) {
    const toks = st.toks;
    const first = toks[0];
    if (!first) continue;
    const kw0 = first.type === 'name' ? first.text : '';
    // Leave the blocks this statement is not in.
    while (stack.length > 1 && (stack[stack.length - 1]?.indent ?? -1) >= st.indent) {
      const f = stack.pop() as Frame;
      const parent = stack[stack.length - 1] as Frame;
      if ((f.kind === 'if' || f.kind === 'elif') && f.exits && parent.chain) {
        const own = parent.chain[parent.chain.length - 1] ?? [];
        // `if voice not in VOICES: return JSONResponse(..., status_code=400)`: a check of the request, not
        // a choice of how to run; what follows is what the handler does for every valid request
        const validation = f.errorExit === true && own.every((g) => g.kind === 'unknown' || g.kind === 'param');
        if (!validation) pushAll((parent.chainExits ??= []), negate(own));
      }
    }
    const parent = stack[stack.length - 1] as Frame;
    scope.params = stack.find((f) => f.params)?.params ?? new Map();
    const continuesChain = (kw0 === 'elif' || kw0 === 'else') && parent.chain !== undefined;
    if (!continuesChain) {
      if (parent.chainExits?.length) pushAll(parent.extra, parent.chainExits);
      delete parent.chain;
      delete parent.chainExits;
    }
    const isDef = kw0 === 'def' || (kw0 === 'async' && toks[1]?.text === 'def');
    const opensBlock = first.type === 'name' && BLOCK_KEYWORDS.has(kw0) && toks.some((t) => t.text === ':');
    const colon = opensBlock ? headerColon(toks) : -1;
    const inline = colon >= 0 && colon < toks.length - 1;
    let frame: Frame | undefined;
    if (opensBlock) {
      const kind = kw0 === 'async' ? (toks[1]?.text ?? 'async') : kw0;
      frame = { indent: st.indent, kind, guards: [], extra: [], exits: false };
      if (isDef) frame.name = kw0 === 'async' ? toks[2]?.text : toks[1]?.text;
      else if (kind === 'class') {
        frame.name = toks[1]?.text;
        const bases = classBases(toks);
        if (frame.name && bases.length) (out.classes ??= []).push({ name: frame.name, bases });
      }
      const test = colon > 0 ? toks.slice(1, colon) : [];
      if (kind === 'if') {
        const own = pyGuardsOf(test, scope);
        frame.guards = own;
        parent.chain = [own];
        parent.chainExits = [];
      } else if (kind === 'elif' && parent.chain) {
        const own = pyGuardsOf(test, scope);
        frame.guards = [...parent.chain.flatMap((g) => negate(g)), ...own];
        parent.chain.push(own);
      } else if (kind === 'else' && parent.chain) {
        frame.guards = parent.chain.flatMap((g) => negate(g));
        delete parent.chain;
      } else if (kind === 'match') {
        frame.match = { subject: test, values: [], others: [] };
      } else if (kind === 'case' && parent.match) {
        frame.guards = caseGuards(parent.match, test, scope);
      } else if (kind === 'for') {
        // for NAME in [a, b]: the loop variable takes each element
        const inAt = toks.findIndex((t) => t.type === 'name' && t.text === 'in');
        const name = toks[1]?.type === 'name' && inAt === 2 ? toks[1].text : undefined;
        const list = toks.slice(inAt + 1, colon);
        if (name && (list[0]?.text === '[' || list[0]?.text === '(') && matchClose(list, 0) === list.length - 1)
          scope.loopVars.set(
            name,
            splitArgs(list, 0, list.length - 1).map((a) => a.toks),
          );
      }
      if (
        kw0 === 'if' &&
        toks.some((t) => t.text === '__name__') &&
        frame.guards.some((g) => g.kind === 'main' && !g.negated)
      )
        out.code.hasMainGuard = true;
      if (isDef && stack.every((f) => f.kind !== 'def' && f.kind !== 'class') && frame.name) {
        frame.params = paramsOf(frame.name, toks, kw0 === 'async' ? 3 : 2);
        functions.push({ name: frame.name, params: [...frame.params.keys()], exported: !frame.name.startsWith('_') });
      }
      for (const v of PY_VISITORS) v.block?.(frame, st, ctx);
    }
    // Only a return leaves the rest unrun: after `if key is None: raise RuntimeError(...)` the code
    // goes on only with the key, so what follows needs it (a missing key crashes the program there,
    // not "the client is not built").
    parent.exits = kw0 === 'return';
    parent.errorExit = kw0 === 'return' && HTTP_ERROR_RETURN.test(textOf(toks));
    if (kw0 === 'raise') raisesIn(parent);
    // what a function returns, when it is a dict written out (`return {"api_key": ..., "base_url": ...}`)
    const innerDef = stack.findLast((f) => f.kind === 'def')?.name;
    if (kw0 === 'return' && innerDef) {
      const keys = dictLiteralKeys(toks.slice(1));
      const had = ctx.returnKeys.get(innerDef);
      ctx.returnKeys.set(innerDef, !keys || had === null ? null : new Set([...(had ?? []), ...keys]));
    }
    const defFrames = stack.filter((f) => f.kind === 'def');
    ctx.inFunction = defFrames.length > 0 || isDef || kw0 === 'lambda';
    ctx.fnName = defFrames[0]?.name ?? (isDef ? frame?.name : undefined);
    ctx.when = whenOf();
    if (frame && inline) {
      // `if x: return y` / `if p == "a": c = OpenAI()`: the body on the header line runs under the block's conditions
      ctx.when = [...ctx.when, ...frame.guards];
      const body = toks[colon + 1];
      if (body?.type === 'name' && body.text === 'return') frame.exits = true;
      if (body?.type === 'name' && body.text === 'raise') raisesIn(frame);
    }

    let consumed = false;
    for (const v of PY_VISITORS)
      if (v.statement?.(st, ctx, opensBlock) === true) {
        consumed = true;
        break;
      }
    if (!consumed) {
      for (let k = 0; k < toks.length; k++) {
        const t = toks[k];
        if (t?.type !== 'name') continue;
        if (toks[k - 1]?.text === '.') {
          // A call chained on a call's result (`OpenAI().chat.completions.create(model="...")`): its
          // arguments name the model it sends; nothing else is known of what it calls.
          if (toks[k - 2]?.text === ')') chained(toks, k, ctx);
          continue;
        }
        const nx = toks[k + 1]?.text;
        if (nx !== '.' && nx !== '(' && nx !== '[') continue;
        for (const v of PY_VISITORS) v.name?.(toks, k, ctx);
        const d = dotted(toks, k);
        if (!d) continue;
        // a generic class called with its type argument: `Agent[AirlineAgentContext](name=...)`
        let open = d.end;
        if (toks[open]?.text === '[' && /^[A-Z]/.test(d.name.slice(d.name.lastIndexOf('.') + 1))) {
          const cb = matchClose(toks, open);
          if (cb > open && toks[cb + 1]?.text === '(') open = cb + 1;
        }
        if (toks[open]?.text !== '(') continue;
        if (toks[k - 1]?.type === 'name' && (toks[k - 1]?.text === 'def' || toks[k - 1]?.text === 'class')) continue; // a definition, not a call
        const close = matchClose(toks, open);
        const call: PyCall = {
          toks,
          k,
          callee: d.name,
          full: scope.full(d.name),
          open,
          close,
          args: splitArgs(toks, open, close),
          line: t.line,
        };
        const last = d.name.slice(d.name.lastIndexOf('.') + 1);
        if (/^[A-Z]/.test(last) && !/^[A-Z0-9_]+$/.test(last)) {
          // `OpenAIProvider(...)`: a class instantiated here, under these conditions
          const cls = [...stack].reverse().find((f) => f.kind === 'class')?.name;
          (out.instantiations ??= []).push({
            name: last,
            line: mapLine(t.line),
            ...(ctx.when.length ? { when: ctx.when } : {}),
            ...(cls ? { cls } : {}),
          });
        }
        for (const v of PY_VISITORS) if (v.call?.(call, ctx) === true) break;
      }
    }
    if (frame) stack.push(frame);
    ctx.order++;
  }
  ctx.inFunction = false;
  ctx.when = [];
  resolvePendingSpreads(ctx);
  // `_set_env("OPENAI_API_KEY")`: a call of a function that writes the variable its argument names
  for (const w of ctx.paramEnvWrites ?? [])
    for (const call of out.calls ?? []) {
      const a = call.source === undefined && call.name === w.fn ? call.args[w.index] : undefined;
      if (a?.kind !== 'literal') continue;
      const at = ctx.topCalls.get(w.fn);
      out.envWrites.push({
        name: a.value,
        file: ctx.rel,
        line: call.line,
        language: ctx.language,
        via: `${w.fn}()`,
        ...(at !== undefined ? { order: at, topLevel: true } : { topLevel: false }),
        ...(w.expr ? { expr: w.expr } : {}),
      });
    }
  for (const v of PY_VISITORS) v.finish?.(ctx);
  // `def main(): load_dotenv() ...` + `if __name__ == "__main__": main()`: the load runs when main() is called
  for (const { load, fn } of ctx.fnLoads) {
    const at = ctx.topCalls.get(fn);
    if (at !== undefined && at > (load.order ?? 0)) {
      load.topLevel = true;
      load.order = at;
    }
  }
  if (ctx.models.size)
    out.code.models = [...ctx.models].map(([name, line]) => {
      const via = modelVia.get(name) ?? [];
      return via.length && via.every((v) => v.via) ? { name, line, sites: via } : { name, line };
    });
  if (functions.length) out.functions = functions;
  if (functions.some((f) => ctx.topCalls.has(f.name))) out.code.callsOwnFunction = true;
  if (out.requiredEnv) dropRequiredFallbacks(out);
  return out;
}

/** A call on a call's result, `f().a.b(...)`: shown to the models visitor only, as `<call>.a.b`. */
function chained(toks: Tok[], k: number, ctx: PyContext): void {
  const d = dotted(toks, k);
  if (!d || toks[d.end]?.text !== '(') return;
  const close = matchClose(toks, d.end);
  const callee = `<call>.${d.name}`;
  models.call?.(
    {
      toks,
      k,
      callee,
      full: callee,
      open: d.end,
      close,
      args: splitArgs(toks, d.end, close),
      line: toks[k]?.line ?? 0,
    },
    ctx,
  );
}

/** The base classes a `class Name(Base, mixins.Other, metaclass=M):` header names (last segment of each). */
function classBases(toks: ReadonlyArray<{ text: string; type: string }>): string[] {
  if (toks[2]?.text !== '(') return [];
  const out: string[] = [];
  let depth = 0;
  let arg: string[] = [];
  const flush = () => {
    // `metaclass=...` and other keywords are no base; `Generic[T]` is Generic
    if (arg.length && !arg.includes('=')) {
      const cut = arg.indexOf('[');
      const name = (cut >= 0 ? arg.slice(0, cut) : arg).join('');
      const last = name.slice(name.lastIndexOf('.') + 1);
      if (/^[A-Za-z_]\w*$/.test(last)) out.push(last);
    }
    arg = [];
  };
  for (let i = 2; i < toks.length; i++) {
    const t = toks[i]?.text ?? '';
    if (t === '(' || t === '[') {
      depth++;
      if (depth === 1) continue;
    } else if (t === ')' || t === ']') {
      depth--;
      if (depth === 0) {
        flush();
        break;
      }
    } else if (t === ',' && depth === 1) {
      flush();
      continue;
    }
    if (depth >= 1) arg.push(t);
  }
  return out;
}
