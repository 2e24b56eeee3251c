/**
 * Assignments: names bound to values (for later evaluation), names bound to environment variables
 * (`OPENAI_KEY = os.getenv("X")`), module-level string constants, django-environ `Env()` objects, and
 * openai 0.x module settings (`openai.api_key = ...`, `openai.api_type = "azure"`).
 */
import { finishClient } from '../../analysis.js';
import type { ClientConstruction, ValueExpr } from '../../types.js';
import { assignAt, dotted, matchClose, splitArgs } from '../syntax.js';
import { type Tok, stringValue } from '../tokenize.js';
import type { PyVisitor } from '../context.js';

const MODULE_ATTRS: Record<string, keyof ClientConstruction['options'] | 'api_type'> = {
  api_key: 'apiKey',
  api_base: 'baseURL',
  base_url: 'baseURL',
  organization: 'organization',
  project: 'project',
  api_version: 'apiVersion',
  azure_endpoint: 'azureEndpoint',
  api_type: 'api_type',
};

/** The keys of `{"a": x, "b": y}` or `dict(a=x, b=y)` (undefined for anything else). */
export function dictLiteralKeys(rhs: Tok[]): Set<string> | undefined {
  // Only a dict whose every key is written out: a comprehension (`{k: v for ...}`), `**other`, a computed key or
  // `dict(other)` may hold any key, so such a dict is not known (spread into a client, it may carry the key).
  if (rhs[0]?.text === '{' && matchClose(rhs, 0) === rhs.length - 1) {
    const keys = new Set<string>();
    for (const a of splitArgs(rhs, 0, rhs.length - 1)) {
      if (a.toks.length === 0) continue;
      const k = a.toks[0]?.type === 'string' && a.toks[1]?.text === ':' ? stringValue(a.toks[0]) : undefined;
      if (k === undefined || a.toks.some((t) => t.type === 'name' && t.text === 'for')) return undefined;
      keys.add(k);
    }
    return keys;
  }
  if (
    rhs[0]?.type === 'name' &&
    rhs[0].text === 'dict' &&
    rhs[1]?.text === '(' &&
    matchClose(rhs, 1) === rhs.length - 1
  ) {
    const args = splitArgs(rhs, 1, rhs.length - 1).filter((a) => a.toks.length > 0);
    if (args.some((a) => a.kw === undefined)) return undefined;
    return new Set(args.map((a) => a.kw).filter((k): k is string => k !== undefined));
  }
  return undefined;
}

/**
 * `if api_key := os.getenv("AZURE_OPENAI_KEY"):` binds `api_key` to what follows `:=`, up to the end
 * of its parentheses or of the header (rag-postgres-openai-python's Azure key).
 */
function walrus(toks: Tok[], ctx: Parameters<NonNullable<PyVisitor['statement']>>[1]): void {
  for (let i = 1; i < toks.length; i++) {
    if (toks[i]?.text !== ':=' || toks[i - 1]?.type !== 'name') continue;
    const name = toks[i - 1]?.text ?? '';
    let depth = 0;
    let j = i + 1;
    for (; j < toks.length; j++) {
      const t = toks[j]?.text;
      if (t === '(' || t === '[' || t === '{') depth++;
      else if (t === ')' || t === ']' || t === '}') {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && (t === ':' || t === ',')) break;
    }
    const rhs = toks.slice(i + 1, j);
    if (rhs.length === 0) continue;
    ctx.scope.assigns.set(name, rhs);
    ctx.scope.conflicts.delete(name);
    ctx.scope.dictKeys.delete(name);
  }
}

/**
 * `conn.update(azure_endpoint=..., api_version=...)` / `conn.update({"api_key": ...})` on a dict known
 * from its literal: it gets those keys (promptflow's `AzureOpenAI(**conn)`); an update with anything
 * else (another mapping) leaves its keys unknown.
 */
function dictUpdate(toks: Tok[], ctx: Parameters<NonNullable<PyVisitor['statement']>>[1]): void {
  if (toks[0]?.type !== 'name' || toks[1]?.text !== '.' || toks[2]?.text !== 'update' || toks[3]?.text !== '(') return;
  const set = ctx.scope.dictKeys.get(toks[0].text);
  if (!set || matchClose(toks, 3) !== toks.length - 1) return;
  const args = splitArgs(toks, 3, toks.length - 1).filter((a) => a.toks.length > 0);
  const more = new Set<string>();
  for (const a of args) {
    const lit = a.kw === undefined ? dictLiteralKeys(a.toks) : undefined;
    if (a.kw !== undefined) more.add(a.kw);
    else if (lit) for (const k of lit) more.add(k);
    else {
      ctx.scope.dictKeys.delete(toks[0].text);
      return;
    }
  }
  for (const k of more) set.add(k);
}

/** The openai module settings each function of a module makes (by the walk's context). */
type ScopeSettings = { azure?: boolean; apiKey?: ValueExpr; baseURL?: ValueExpr };
const moduleScopes = new WeakMap<object, Map<string, ScopeSettings>>();

/** A v0 API call (`openai.ChatCompletion.create(...)`) in this function or at the top level: a place that uses the module's settings. */
export function noteV0Call(ctx: { inFunction: boolean; stack: Array<{ kind: string; name?: string }> }): void {
  scopeSettings(ctx, ctx.inFunction ? (ctx.stack.findLast((f) => f.kind === 'def')?.name ?? '<fn>') : '<module>');
}

function scopeSettings(ctx: object, where: string): ScopeSettings {
  let m = moduleScopes.get(ctx);
  if (!m) moduleScopes.set(ctx, (m = new Map()));
  let x = m.get(where);
  if (!x) m.set(where, (x = {}));
  return x;
}

export const assign: PyVisitor = {
  block(frame, _st, ctx) {
    // `self.x` bindings belong to one class: a new class starts without the last one's.
    if (frame.kind !== 'class') return;
    for (const m of [ctx.scope.assigns, ctx.scope.bindings] as Array<Map<string, unknown>>)
      for (const k of [...m.keys()]) if (k.startsWith('self.')) m.delete(k);
    for (const k of [...ctx.scope.conflicts]) if (k.startsWith('self.')) ctx.scope.conflicts.delete(k);
  },
  statement(st, ctx, opensBlock) {
    const toks = st.toks;
    walrus(toks, ctx);
    dictUpdate(toks, ctx);
    const eqAt = assignAt(toks);
    if (eqAt <= 0 || opensBlock) return;
    const { scope, out } = ctx;
    const lhs = toks.slice(0, eqAt);
    const rhs = toks.slice(eqAt + 1);
    // `client_args["api_key"] = ...`: the dict gets that key (for `OpenAI(**client_args)`)
    if (
      lhs.length === 4 &&
      lhs[0]?.type === 'name' &&
      lhs[1]?.text === '[' &&
      lhs[2]?.type === 'string' &&
      lhs[3]?.text === ']'
    ) {
      const k = stringValue(lhs[2]);
      // only a dict known from its literal: a key set on a dict from elsewhere leaves its other keys unknown
      const set = scope.dictKeys.get(lhs[0].text);
      if (k !== undefined && set) set.add(k);
      return;
    }
    const ld = dotted(lhs, 0);
    if (!ld || ld.end !== lhs.length) return;
    // A plain name, or an attribute of `self` (`self.api_key = api_key or os.getenv(...)`, read by
    // `OpenAI(api_key=self.api_key)` in the same class).
    if (!ld.name.includes('.') || /^self\.[A-Za-z_]\w*$/.test(ld.name)) {
      // a module-level `NAME = True/False` bound once is a fixed switch; any other binding of the name unsets it
      const flag =
        rhs.length === 1 && rhs[0]?.type === 'name' && (rhs[0].text === 'True' || rhs[0].text === 'False')
          ? rhs[0].text === 'True'
          : undefined;
      if (flag !== undefined && !ctx.inFunction && ctx.stack.length === 1 && !scope.assigns.has(ld.name))
        scope.flags.set(ld.name, flag);
      else scope.flags.delete(ld.name);
      // A binding in a block off the path of the name's previous binding in the same function (the other branch of
      // an if/else, an `if` after the first binding) leaves the name's value undecided; one on that path replaces it.
      const fn = ctx.stack.findLast((f) => f.kind === 'def');
      const prev = scope.bindings.get(ld.name);
      const here = ctx.stack[ctx.stack.length - 1];
      const before = scope.assigns.get(ld.name);
      const wasNone = before?.length === 1 && before[0]?.text === 'None'; // `key = None`, then set in a branch
      if (prev && prev.fn === fn && here && !prev.path.includes(here) && !wasNone) scope.conflicts.add(ld.name);
      else scope.conflicts.delete(ld.name);
      scope.bindings.set(ld.name, { fn, path: [...ctx.stack] });
      scope.assigns.set(ld.name, rhs);
      const keys = dictLiteralKeys(rhs);
      if (keys) scope.dictKeys.set(ld.name, keys);
      else scope.dictKeys.delete(ld.name);
      if (!ctx.inFunction) {
        const v = scope.valueOf(rhs);
        if (v?.kind === 'env') (out.envAliases ??= {})[ld.name] = v.name;
        if (v?.kind === 'literal' && ctx.stack.length === 1) (out.constants ??= {})[ld.name] = v.value;
      }
      const rd = dotted(rhs, 0);
      if (rd && scope.full(rd.name) === 'environ.Env' && rhs[rd.end]?.text === '(') scope.envObjects.add(ld.name);
    }
    const m = /^openai\.(\w+)$/.exec(scope.full(ld.name));
    const slot = m ? MODULE_ATTRS[m[1] ?? ''] : undefined;
    if (!m || !slot) return;
    const first = toks[0];
    if (!ctx.moduleClient) {
      ctx.moduleClient = {
        file: ctx.rel,
        line: ctx.mapLine(first?.line ?? 0),
        sdk: 'openai-python',
        options: {},
        order: ctx.order,
        topLevel: !ctx.inFunction,
        language: ctx.language,
        callee: 'openai module settings',
      };
      out.clients.push(ctx.moduleClient);
    }
    const v = scope.valueOf(rhs);
    // what each function (or the module's top level) sets: functions for different providers
    // (`set_openai_key()`, `set_azure_openai_key()`) are not all run
    const where = ctx.inFunction ? (ctx.stack.findLast((f) => f.kind === 'def')?.name ?? '<fn>') : '<module>';
    const mine = scopeSettings(ctx, where);
    if (slot === 'api_type') {
      if (v?.kind === 'literal' && /azure/i.test(v.value)) {
        ctx.moduleClient.azure = true;
        mine.azure = true;
      }
    } else if (v && slot !== 'dangerouslyAllowBrowser') {
      ctx.moduleClient.options[slot] = v;
      if (slot === 'apiKey') mine.apiKey = v;
      if (slot === 'baseURL') mine.baseURL = v;
    }
    if (m[1] === 'api_base') ctx.setGeneration('v0', first?.line ?? 0, true);
  },
  finish(ctx) {
    const { out } = ctx;
    if (out.code.sdkGeneration === 'v0') {
      // v0 reads OPENAI_API_KEY once, when `import openai` runs; an explicit `openai.api_key = ...` replaces it.
      if (ctx.moduleClient) ctx.moduleClient.sdk = 'openai-legacy-python';
      // A module that only imports openai (for `openai.error.*` in an except clause) and calls nothing reads
      // no key of its own: the module that calls the API (and sets `openai.api_key`) is the client.
      else if (ctx.openaiImport && !ctx.v0CallKeys && ctx.v0Calls) {
        ctx.moduleClient = {
          file: ctx.rel,
          line: ctx.mapLine(ctx.openaiImport.line),
          sdk: 'openai-legacy-python',
          options: {},
          order: ctx.openaiImport.order,
          topLevel: ctx.openaiImport.topLevel,
          language: ctx.language,
          callee: 'import openai',
        };
        out.clients.push(ctx.moduleClient);
      }
    }
    // openai module settings made by functions for different providers (FastChat's chat_completion_openai and
    // chat_completion_openai_azure, GPTCache's set_openai_key / set_azure_openai_key): which one runs is the
    // caller's choice, so the module is not Azure for all of them, and its key is the plain OpenAI path's
    const byScope = moduleScopes.get(ctx) ?? new Map<string, ScopeSettings>();
    const scopes = [...byScope.values()];
    // set at the top level, Azure is every function's (`openai.api_type = "azure"` then calls in functions)
    if (ctx.moduleClient?.azure && !byScope.get('<module>')?.azure && scopes.some((x) => !x.azure)) {
      delete ctx.moduleClient.azure;
      for (const slot of ['apiKey', 'baseURL'] as const) {
        const plain = scopes.filter((x) => !x.azure && x[slot]);
        const v = plain.length === 1 ? plain[0]?.[slot] : undefined;
        if (v) ctx.moduleClient.options[slot] = v;
        else if (scopes.some((x) => x.azure && x[slot])) delete ctx.moduleClient.options[slot];
      }
    }
    if (ctx.moduleClient) finishClient(ctx.moduleClient);
    // v0 Azure: `model=` where the deployment must be passed as `engine=`
    if (ctx.moduleClient?.azure && ctx.v0ModelOnly.length)
      out.code.signals = [
        ...(out.code.signals ?? []),
        ...ctx.v0ModelOnly.map((l) => ({ kind: 'v0-azure-model-param', line: ctx.mapLine(l) })),
      ];
  },
};
