/**
 * What one module's facts mean once the others are known: a settings `env_prefix` imported from a
 * constants module, and a condition on a function's parameter followed to the function's callers
 * (`get_llm(os.getenv("LLM_PROVIDER", "openai"))` makes `if provider == "openai":` a condition on
 * LLM_PROVIDER with the default "openai").
 */
import type { FileAnalysis } from './analysis.js';
import type { Guard, ValueExpr } from './types.js';
import { describeGuard, opHolds } from './guard-text.js';
import { resolveJs, resolvePy } from './modules.js';

type Exists = (rel: string) => boolean;

const isPy = (a: FileAnalysis): boolean => a.code.language === 'python' || a.code.language === 'notebook';

function resolveModule(
  from: FileAnalysis,
  spec: string,
  exists: Exists,
  roots: readonly string[] = [],
): string | undefined {
  return isPy(from) ? resolvePy(from.code.file, spec, exists, roots) : resolveJs(from.code.file, spec, exists);
}

function resolvePrefixLinks(
  analyses: FileAnalysis[],
  byFile: Map<string, FileAnalysis>,
  exists: Exists,
  roots: readonly string[],
): void {
  for (const a of analyses) {
    for (const link of a.prefixLinks ?? []) {
      const dot = link.ref.lastIndexOf('.');
      if (dot <= 0) continue;
      const file = resolvePy(a.code.file, link.ref.slice(0, dot), exists, roots);
      const prefix = file ? byFile.get(file)?.constants?.[link.ref.slice(dot + 1)] : undefined;
      if (prefix === undefined) continue;
      link.reads.forEach((r, i) => {
        const attr = link.attrs[i] as string;
        r.name = (prefix + attr).toUpperCase();
        if (prefix) r.prefix = prefix.toUpperCase();
        (a.envAliases ??= {})[attr] = r.name;
      });
    }
  }
}

function sameEnv(a: ValueExpr | undefined, b: ValueExpr | undefined): boolean {
  return (
    a?.kind === 'env' &&
    b?.kind === 'env' &&
    a.name === b.name &&
    a.default === b.default &&
    (a.fallbacks ?? []).join() === (b.fallbacks ?? []).join()
  );
}

/** A parameter guard, given what the callers pass for that parameter. */
function decide(g: Extract<Guard, { kind: 'param' }>, values: Array<ValueExpr | undefined>): Guard {
  if (values.length === 0) return g;
  const first = values[0];
  if (first?.kind === 'env' && values.every((v) => sameEnv(v, first))) {
    const { fn: _fn, index: _index, default: _d, ...test } = g;
    return {
      ...test,
      kind: 'env',
      name: first.name,
      ...(first.default !== undefined ? { default: first.default } : {}),
      ...(first.fallbacks ? { fallbacks: first.fallbacks } : {}),
    };
  }
  if (values.every((v) => v?.kind === 'literal' || v === undefined)) {
    const holds = values.map((v) => {
      const s = v?.kind === 'literal' ? v.value : undefined;
      const x = s !== undefined && g.caseless ? s.toLowerCase() : s;
      return opHolds(g.op, x, g.values);
    });
    if (holds.every((h) => h === holds[0])) return { kind: 'fixed', holds: holds[0] === true, text: describeGuard(g) };
  }
  return { kind: 'unknown', text: describeGuard(g) };
}

/** A guard of module `a` with its parameter conditions followed to the callers of the function. */
function resolveParam(
  g: Guard,
  a: FileAnalysis,
  analyses: FileAnalysis[],
  exists: Exists,
  roots: readonly string[],
): Guard {
  if (g.kind !== 'param') return g;
  const fn = a.functions?.find((f) => f.name === g.fn);
  const pname = fn?.params[g.index];
  const values: Array<ValueExpr | undefined> = [];
  for (const b of analyses) {
    for (const call of b.calls ?? []) {
      const local = b === a && call.name === g.fn && call.source === undefined;
      const imported =
        call.source !== undefined &&
        call.imported === g.fn &&
        resolveModule(b, call.source, exists, roots) === a.code.file;
      if (!local && !imported) continue;
      const v = call.args[g.index] ?? (pname ? call.kwargs?.[pname] : undefined);
      values.push(v ?? (g.default !== undefined ? { kind: 'literal', value: g.default } : undefined));
    }
  }
  return decide(g, values);
}

function resolveParamGuards(analyses: FileAnalysis[], exists: Exists, roots: readonly string[]): void {
  for (const a of analyses) {
    for (const c of a.clients) {
      if (!c.when?.some((g) => g.kind === 'param')) continue;
      c.when = c.when.map((g) => resolveParam(g, a, analyses, exists, roots));
    }
  }
}

const MAX_CLASS_TEXT = 120;

/**
 * A client built in a class's constructor or method runs when the class is instantiated: where every
 * place that instantiates it (`new OpenAiLLM()` in a `case "openai":` of a provider factory) is under a
 * condition, the client runs only under those conditions (the same ones at every place: those; else
 * a condition keydoctor cannot decide). A class instantiated nowhere in the project's code, or once
 * without a condition, is left as it is.
 */
/**
 * The classes that extend each class, directly or not (lower-cased names → the subclasses' names):
 * making `Python`, which extends `JupyterLanguage`, runs JupyterLanguage's constructor. A subclass
 * that builds a client of its own (`class AzureProvider(OpenAIProvider)` making an AzureOpenAI) has
 * its own set-up in place of its base's: it, and what extends it, is not counted as making the base.
 */
export function subclassesOf(analyses: readonly FileAnalysis[]): Map<string, string[]> {
  const own = new Set(analyses.flatMap((a) => a.clients.flatMap((c) => (c.cls ? [c.cls.toLowerCase()] : []))));
  const direct = new Map<string, string[]>();
  for (const a of analyses)
    for (const k of a.classes ?? [])
      for (const b of k.bases) direct.set(b.toLowerCase(), [...(direct.get(b.toLowerCase()) ?? []), k.name]);
  const out = new Map<string, string[]>();
  for (const base of direct.keys()) {
    const seen = new Set<string>();
    const todo = [base];
    while (todo.length && seen.size < 100)
      for (const s of direct.get(todo.pop() as string) ?? [])
        if (!seen.has(s) && s.toLowerCase() !== base && !own.has(s.toLowerCase())) {
          seen.add(s);
          todo.push(s.toLowerCase());
        }
    out.set(base, [...seen]);
  }
  return out;
}

function resolveClassGuards(
  analyses: FileAnalysis[],
  exists: Exists,
  roots: readonly string[],
  subs: Map<string, string[]>,
): void {
  const sites = new Map<string, Array<{ a: FileAnalysis; when?: Guard[]; cls?: string }>>();
  for (const a of analyses) {
    for (const s of a.instantiations ?? []) {
      // a class is often exported under a name that differs in case (`LocalAiProvider` as `LocalAIProvider`)
      const k = s.name.toLowerCase();
      const list = sites.get(k) ?? [];
      list.push({ a, ...(s.when ? { when: s.when } : {}), ...(s.cls ? { cls: s.cls } : {}) });
      sites.set(k, list);
    }
  }
  for (const a of analyses) {
    for (const c of a.clients) {
      if (!c.cls) continue;
      const cls = c.cls;
      // where the class is made, or any class that extends it (`super().__init__()` builds the client)
      const list = [cls, ...(subs.get(cls.toLowerCase()) ?? [])]
        .flatMap((k) => sites.get(k.toLowerCase()) ?? [])
        .filter((s) => s.cls !== cls);
      if (list.length === 0) continue;
      // `__main__` blocks hold where the module is run as the program: a site there is not a provider choice
      const conds = list.map((s) =>
        (s.when ?? []).filter((g) => g.kind !== 'main').map((g) => resolveParam(g, s.a, analyses, exists, roots)),
      );
      if (conds.some((w) => w.length === 0)) continue;
      const first = JSON.stringify(conds[0]);
      const add: Guard[] = conds.every((w) => JSON.stringify(w) === first)
        ? (conds[0] as Guard[])
        : [
            {
              kind: 'unknown',
              text: `${c.cls} is instantiated only if ${conds.map((w) => w.map(describeGuard).join(' and ')).join(', or ')}`.slice(
                0,
                MAX_CLASS_TEXT,
              ),
            },
          ];
      c.when = [...(c.when ?? []), ...add];
    }
  }
}

/**
 * A client built in a module-level function runs when the function is called: where every call of it
 * in the project (`perplexity_search(...)` in an `elif search_api == "perplexity":` branch) is under a
 * condition, the client runs only under those conditions, as for a class (the same ones at every call:
 * those; else a condition keydoctor cannot decide). A function called nowhere, or once without a
 * condition, is left as it is.
 */
function resolveFunctionGuards(analyses: FileAnalysis[], exists: Exists, roots: readonly string[]): void {
  for (const a of analyses) {
    for (const c of a.clients) {
      if (!c.fn || c.cls) continue;
      const sites: Array<{ b: FileAnalysis; when: Guard[] }> = [];
      for (const b of analyses) {
        for (const call of b.calls ?? []) {
          const local = b === a && call.name === c.fn && call.source === undefined;
          const imported =
            call.source !== undefined &&
            call.imported === c.fn &&
            resolveModule(b, call.source, exists, roots) === a.code.file;
          if (local || imported) sites.push({ b, when: call.when ?? [] });
        }
      }
      if (sites.length === 0) continue;
      const conds = sites.map((s) =>
        s.when.filter((g) => g.kind !== 'main').map((g) => resolveParam(g, s.b, analyses, exists, roots)),
      );
      if (conds.some((w) => w.length === 0)) continue;
      const first = JSON.stringify(conds[0]);
      const add: Guard[] = conds.every((w) => JSON.stringify(w) === first)
        ? (conds[0] as Guard[])
        : [
            {
              kind: 'unknown',
              text: `${c.fn}() is called only if ${conds.map((w) => w.map(describeGuard).join(' and ')).join(', or ')}`.slice(
                0,
                MAX_CLASS_TEXT,
              ),
            },
          ];
      c.when = [...(c.when ?? []), ...add];
    }
  }
}

/**
 * Which classes build each client (ClientConstruction.owners) and which classes each module
 * instantiates (CodeFile.instantiates): a target that reaches a module of several clients, each
 * built by its own class, runs those of the classes it instantiates (resolve/target.ts).
 */
function resolveOwners(analyses: FileAnalysis[], subs: Map<string, string[]>): void {
  const calledElsewhere = new Set<string>();
  for (const b of analyses) for (const call of b.calls ?? []) if (call.imported) calledElsewhere.add(call.imported);
  for (const a of analyses) {
    const made = new Set((a.instantiations ?? []).map((i) => i.name.toLowerCase()));
    if (made.size) a.code.instantiates = [...made];
    for (const c of a.clients) {
      if (c.cls) {
        c.owners = [c.cls, ...(subs.get(c.cls.toLowerCase()) ?? [])];
        continue;
      }
      if (!c.fn || calledElsewhere.has(c.fn)) continue;
      const sites = (a.calls ?? []).filter((call) => call.name === c.fn && call.source === undefined);
      if (sites.length > 0 && sites.every((s) => s.cls)) c.owners = [...new Set(sites.map((s) => s.cls as string))];
    }
  }
}

export function linkModules(
  analyses: FileAnalysis[],
  byFile: Map<string, FileAnalysis>,
  exists: Exists,
  roots: readonly string[] = [],
): void {
  resolvePrefixLinks(analyses, byFile, exists, roots);
  resolveParamGuards(analyses, exists, roots);
  const subs = subclassesOf(analyses);
  resolveClassGuards(analyses, exists, roots, subs);
  resolveFunctionGuards(analyses, exists, roots);
  resolveOwners(analyses, subs);
}
