/** Environment reads and writes: `os.getenv`, `os.environ[...]`, `.get`, `.setdefault`, django-environ, decouple. */
import type { Frame, PyContext, PyVisitor } from '../context.js';
import { type Tok, stringValue } from '../tokenize.js';
import { addLoad } from './dotenv.js';
import { matchClose } from '../syntax.js';

const ENV_HEADS = new Set(['os', 'environ', 'getenv', 'config']);

/**
 * `os.environ[var] = getpass.getpass(...)` in a function whose parameter `var` names the variable:
 * the LangChain / LangGraph tutorials' `_set_env("OPENAI_API_KEY")`, which prompts for the key when
 * it is not set. Each call of the function with a literal name writes that variable (walk.ts).
 */
function paramWrite(
  toks: Parameters<NonNullable<PyVisitor['name']>>[0],
  k: number,
  ctx: Parameters<NonNullable<PyVisitor['name']>>[2],
): void {
  const { scope } = ctx;
  if (k !== 0 || !ctx.inFunction || scope.full(toks[0]?.text ?? '') !== 'os') return;
  if (toks[1]?.text !== '.' || toks[2]?.text !== 'environ' || toks[3]?.text !== '[' || toks[5]?.text !== ']') return;
  const p = toks[4]?.type === 'name' ? scope.params.get(toks[4].text) : undefined;
  if (!p || toks[6]?.text !== '=') return;
  const expr = scope.valueOf(toks.slice(7));
  (ctx.paramEnvWrites ??= []).push({ fn: p.fn, index: p.index, ...(expr ? { expr } : {}) });
}

/** A dotenv file's name as code writes it (`".env"`, `"config/.env"`, `".env.local"`). */
const DOTENV_LITERAL = /^(?:[\w.-]+\/)*\.env(?:\.[\w-]+)?$/;

/** The dotenv file each function names (by its frame), for a loader the project wrote itself. */
const namedFiles = new WeakMap<Frame, Tok>();

/**
 * A function that names a dotenv file and sets variables whose names it computes (ChatDev's
 * `load_dotenv_file()`: `Path(".env").read_text()`, a loop, `os.environ.setdefault(key, value)`) is a
 * loader of that file: a load of it where the function runs, like `load_dotenv(".env")`. Overrides
 * only with `os.environ[key] = ...` / `update`.
 */
function handWrittenLoad(ctx: PyContext, override: boolean, line: number): void {
  const fn = ctx.stack.findLast((f) => f.kind === 'def');
  const file = fn ? namedFiles.get(fn) : undefined;
  if (!fn || !file) return;
  namedFiles.delete(fn); // one load per function
  addLoad(ctx, 'python-custom', line, [file], override, { pathText: `${fn.name ?? 'its own loader'}()` });
}

/**
 * `os.environ[key] = value` where `key` is a variable that is not a parameter of the function (a loop
 * over a loaded file: storm's `load_api_key("secrets.toml")`), or `os.environ.update(mapping)`: the code
 * sets variables whose names keydoctor cannot tell, so it may set the key.
 */
function computedWrite(
  toks: Parameters<NonNullable<PyVisitor['name']>>[0],
  k: number,
  ctx: Parameters<NonNullable<PyVisitor['name']>>[2],
): void {
  const { scope } = ctx;
  if (k !== 0 || scope.full(toks[0]?.text ?? '') !== 'os' || toks[1]?.text !== '.' || toks[2]?.text !== 'environ')
    return;
  // `os.environ[key] = ...`, `os.environ[key.strip()] = ...`: a name that is no parameter of the function
  const close = toks[3]?.text === '[' ? matchClose(toks, 3) : -1;
  const indexed =
    close > 4 &&
    toks[close + 1]?.text === '=' &&
    toks[4]?.type === 'name' &&
    !scope.params.has(toks[4].text) &&
    (close === 5 || toks[5]?.text === '.');
  const updated =
    toks[3]?.text === '.' &&
    toks[4]?.text === 'update' &&
    toks[5]?.text === '(' &&
    toks[6] !== undefined &&
    toks[6].type !== 'string' &&
    toks[6].text !== ')' &&
    toks[6].text !== '{';
  // `os.environ.setdefault(key, value)` with a computed name: a write that keeps what is set
  const defaulted =
    toks[3]?.text === '.' &&
    toks[4]?.text === 'setdefault' &&
    toks[5]?.text === '(' &&
    toks[6] !== undefined &&
    toks[6].type === 'name' &&
    !scope.params.has(toks[6].text);
  if (!indexed && !updated && !defaulted) return;
  const { code } = ctx.out;
  code.signals = [...(code.signals ?? []), { kind: 'env-computed-write', line: ctx.mapLine(toks[0]?.line ?? 0) }];
  handWrittenLoad(ctx, !defaulted, toks[0]?.line ?? 0);
}

export const env: PyVisitor = {
  statement(st, ctx) {
    if (!ctx.inFunction) return;
    const fn = ctx.stack.findLast((f) => f.kind === 'def');
    if (!fn || namedFiles.has(fn)) return;
    for (const t of st.toks)
      if (t.type === 'string' && DOTENV_LITERAL.test(stringValue(t) ?? '')) {
        namedFiles.set(fn, t);
        return;
      }
  },
  name(toks, k, ctx) {
    const t = toks[k];
    const { scope, out } = ctx;
    if (!t || !(ENV_HEADS.has(t.text) || scope.envObjects.has(t.text) || scope.imports.has(t.text))) return;
    const r = scope.envReadAt(toks, k);
    if (!r) {
      paramWrite(toks, k, ctx);
      computedWrite(toks, k, ctx);
      return;
    }
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
