/**
 * What a Python module binds and how its expressions evaluate: imports (local name → module path),
 * assignments, django-environ `Env()` objects, `for` loop variables over literal lists, and the
 * parameters of the function being walked. Pure evaluation: the visitors record the facts.
 */
import { posix } from 'node:path';
import { envv, lit, other } from '../analysis.js';
import type { ValueExpr } from '../types.js';
import { type Tok, stringValue } from './tokenize.js';
import { dotted, matchClose, splitArgs, splitTop, textOf, unparen } from './syntax.js';

export type PathVal = { anchor: 'filedir' | 'cwd' | 'abs'; rel: string; isFile: boolean };

export interface EnvReadAt {
  name: string;
  via: string;
  def?: string;
  end: number;
  write?: boolean;
}

export interface PyParam {
  fn: string;
  index: number;
  default?: string;
}

/** Haystack's Secret.from_env_var (haystack.utils, haystack.utils.auth, haystack.Secret). */
const HAYSTACK_SECRET = /^haystack(?:\.utils(?:\.auth)?)?\.Secret\.from_env_var$/;

export class PyScope {
  /** Local name → module path ("openai", "openai.OpenAI", "dotenv.load_dotenv"). */
  readonly imports = new Map<string, string>();
  readonly assigns = new Map<string, Tok[]>();
  /**
   * Names bound in two branches of one function (`if k: key = k` / `else: key = "dummy"`): their value is
   * one or the other, so neither binding is the name's value.
   */
  readonly conflicts = new Set<string>();
  /** Where each name was last bound: its function's block and the blocks open then (the walker's frames). */
  readonly bindings = new Map<string, { fn: object | undefined; path: object[] }>();
  /** django-environ `Env()` instances. */
  readonly envObjects = new Set<string>();
  /** Keys a dict variable is known to get (`args = {"api_key": k}`, `args["base_url"] = u`, `dict(api_key=k)`), for `OpenAI(**args)`. */
  readonly dictKeys = new Map<string, Set<string>>();
  /** `for NAME in [a, b]:` → the elements. */
  readonly loopVars = new Map<string, Tok[][]>();
  /** Module-level flags bound once to `True` / `False` (`useAzureOpenAI = False`) and not rebound since. */
  readonly flags = new Map<string, boolean>();
  /** Parameters of the module-level function being walked. */
  params = new Map<string, PyParam>();

  /** The module path a dotted name stands for (`OpenAI` → `openai.OpenAI` after `from openai import OpenAI`). */
  full(name: string): string {
    const dot = name.indexOf('.');
    const head = dot < 0 ? name : name.slice(0, dot);
    const m = this.imports.get(head);
    if (!m) return name;
    return dot < 0 ? m : m + name.slice(dot);
  }

  /** An env read starting at toks[k]: `os.getenv("X", d)`, `os.environ["X"]`, `os.environ.get("X")`, `env("X")`. */
  envReadAt(toks: Tok[], k: number): EnvReadAt | undefined {
    const d = dotted(toks, k);
    if (!d) return undefined;
    if (toks[k - 1]?.text === '.') return undefined;
    const f = this.full(d.name);
    const next = toks[d.end];
    const isEnvObj = this.envObjects.has(d.name.split('.')[0] ?? '');
    if (
      !(
        f === 'os.environ' ||
        f === 'os.environ.get' ||
        f === 'os.getenv' ||
        f === 'os.environ.setdefault' ||
        f === 'os.putenv' ||
        f === 'decouple.config' ||
        HAYSTACK_SECRET.test(f) ||
        isEnvObj
      ) ||
      next?.type !== 'op'
    )
      return undefined;
    if (next.text === '[' && f === 'os.environ') {
      const close = matchClose(toks, d.end);
      const inner = toks.slice(d.end + 1, close);
      const name = inner.length === 1 && inner[0]?.type === 'string' ? stringValue(inner[0]) : undefined;
      if (!name) return undefined;
      const after = toks[close + 1];
      const write = after?.type === 'op' && after.text === '=';
      return { name, via: 'os.environ[]', end: close + 1, write };
    }
    if (next.text !== '(') return undefined;
    if (isEnvObj && !/^[A-Za-z_]+(\.(str|bool|int|float|list|dict|url|json|path|db|cache|email))?$/.test(d.name))
      return undefined;
    const close = matchClose(toks, d.end);
    const args = splitArgs(toks, d.end, close);
    const a0 = args[0];
    const name =
      a0 && !a0.kw && a0.toks.length === 1 && a0.toks[0]?.type === 'string' ? stringValue(a0.toks[0]) : undefined;
    if (!name) return undefined;
    const dArg = args.find((a) => a.kw === 'default') ?? (isEnvObj || f === 'decouple.config' ? undefined : args[1]);
    const def =
      dArg && dArg.toks.length === 1 && dArg.toks[0]?.type === 'string'
        ? stringValue(dArg.toks[0])
        : dArg
          ? textOf(dArg.toks)
          : undefined;
    // Haystack's `Secret.from_env_var("X")`: the variable's value when the component runs, no default
    if (HAYSTACK_SECRET.test(f)) return { name, via: 'Secret.from_env_var', end: close + 1 };
    const via = isEnvObj ? 'django-environ' : f === 'decouple.config' ? 'decouple.config' : f.replace(/^os\./, 'os.');
    if (f === 'os.environ.setdefault' || f === 'os.putenv') return { name, via, def, end: close + 1, write: true };
    return { name, via, def, end: close + 1 };
  }

  /**
   * `st.secrets["X"]`, `st.secrets.get("X")`, `st.secrets.X` (Streamlit's secrets.toml), and nested:
   * `st.secrets["openai"]["api_key"]`, `st.secrets.openai.api_key`, `st.secrets["openai"].get("api_key")`.
   */
  private storeRead(t: Tok[]): ValueExpr | undefined {
    const d = dotted(t, 0);
    if (!d) return undefined;
    const f = this.full(d.name);
    if (f !== 'streamlit.secrets' && !f.startsWith('streamlit.secrets.')) return undefined;
    const path = f === 'streamlit.secrets' ? [] : f.slice('streamlit.secrets.'.length).split('.');
    let i = d.end;
    const str = (a: Tok[]) => (a.length === 1 && a[0]?.type === 'string' ? stringValue(a[0]) : undefined);
    while (i < t.length) {
      const tok = t[i];
      if (tok?.text === '[') {
        const close = matchClose(t, i);
        const name = str(t.slice(i + 1, close));
        if (name === undefined || close < 0) return undefined;
        path.push(name);
        i = close + 1;
      } else if (tok?.text === '(' && path[path.length - 1] === 'get') {
        const close = matchClose(t, i);
        const a0 = splitArgs(t, i, close)[0];
        const name = a0 && !a0.kw ? str(a0.toks) : undefined;
        if (name === undefined || close !== t.length - 1) return undefined;
        path[path.length - 1] = name;
        i = close + 1;
      } else if (tok?.text === '.' && t[i + 1]?.type === 'name') {
        path.push(t[i + 1]?.text ?? '');
        i += 2;
      } else return undefined;
    }
    if (path.length === 0 || path[path.length - 1] === 'get') return undefined;
    return { kind: 'store', store: 'streamlit-secrets', name: path.join('.'), ...(path.length > 1 ? { path } : {}) };
  }

  /**
   * The value of an expression: a literal, an environment variable (with fallbacks and a default:
   * `os.getenv("A") or os.getenv("B") or "x"`), a secret-store entry, or other.
   */
  valueOf(toks: Tok[], depth = 0): ValueExpr | undefined {
    const t = unparen(toks);
    if (t.length === 0) return undefined;
    if (t.every((x) => x.type === 'string')) {
      const parts = t.map((x) => stringValue(x));
      if (parts.every((p): p is string => p !== undefined)) return lit(parts.join(''));
      return other(textOf(t));
    }
    if (t.length === 1 && t[0]?.type === 'name') {
      const nm = t[0].text;
      if (nm === 'None') return undefined;
      const bound = this.conflicts.has(nm) ? undefined : this.assigns.get(nm);
      if (bound && depth < 4) return this.valueOf(bound, depth + 1) ?? other(nm);
      return other(nm);
    }
    // `self.api_key`, bound in this class (assign.ts)
    if (t.length === 3 && t[0]?.text === 'self' && t[1]?.text === '.' && t[2]?.type === 'name') {
      const nm = `self.${t[2].text}`;
      const bound = this.conflicts.has(nm) ? undefined : this.assigns.get(nm);
      if (bound && depth < 4) return this.valueOf(bound, depth + 1) ?? other(nm);
      return other(nm);
    }
    const alts = splitTop(t, 'or');
    if (alts.length > 1 && depth < 4) {
      const vals = alts.map((a) => this.valueOf(a, depth + 1));
      // `api_key or os.getenv("OPENAI_API_KEY")`: what comes first is a parameter or an attribute
      // keydoctor cannot follow (None unless a caller passes one); the environment gives the rest.
      let lead = 0;
      // (names only, as the collector's chains: a call or a literal there may give the key itself)
      while (
        lead < vals.length - 1 &&
        (vals[lead] === undefined || vals[lead]?.kind === 'other') &&
        /^[A-Za-z_][\w.]*$/.test(textOf(alts[lead] ?? []))
      )
        lead++;
      const first = vals[lead];
      if (first?.kind === 'env') {
        let out: ValueExpr = lead > 0 ? { ...first, before: alts.slice(0, lead).map(textOf).join(' or ') } : first;
        for (let j = lead + 1; j < vals.length; j++) {
          const v = vals[j];
          if (out.kind !== 'env' || out.default !== undefined) break;
          if (v?.kind === 'env') {
            const { soft: _s, ...rest } = out;
            out = {
              ...rest,
              fallbacks: [...(out.fallbacks ?? []), v.name, ...(v.fallbacks ?? [])],
              ...(v.default !== undefined ? { default: v.default } : {}),
              ...(v.soft ? { soft: true } : {}),
            };
          } else if (v?.kind === 'literal') out = { ...out, default: v.value };
          else {
            // `os.getenv("X") or getpass(...)`, `or st.secrets["X"]`: the key, when the variables are unset
            if (v) out = { ...out, after: textOf(alts[j] ?? []) };
            break;
          }
        }
        return out;
      }
    }
    const r = this.envReadAt(t, 0);
    if (r && !r.write && r.end === t.length) {
      // None when unset: an SDK given None reads its own variable (openai-python's `if api_key is None`)
      if (r.def === undefined && (r.via === 'os.getenv' || r.via === 'os.environ.get'))
        return { kind: 'env', name: r.name, soft: true };
      return envv(r.name, r.def);
    }
    const store = this.storeRead(t);
    if (store) return store;
    // str(...) / SecretStr(...)
    if (
      t[0]?.type === 'name' &&
      (t[0].text === 'str' || t[0].text === 'SecretStr') &&
      t[1]?.text === '(' &&
      matchClose(t, 1) === t.length - 1
    )
      return this.valueOf(t.slice(2, -1), depth + 1);
    return other(textOf(t));
  }

  /** Where a dotenv path expression points: `Path(__file__).parent / ".env"`, `os.path.join(BASE, ".env")`, `Path.home() / ".env"`. */
  pathOf(toks: Tok[], depth = 0): PathVal | undefined {
    const t = unparen(toks);
    if (t.length === 0 || depth > 6) return undefined;
    const parts = splitTop(t, '/');
    if (parts.length > 1) {
      let v = this.pathOf(parts[0] ?? [], depth + 1);
      for (const p of parts.slice(1)) {
        if (!v) return undefined;
        const s = p.length === 1 && p[0]?.type === 'string' ? stringValue(p[0]) : undefined;
        if (s === undefined) return undefined;
        v = joinP(v, s);
      }
      return v;
    }
    const first = t[0];
    if (!first) return undefined;
    let v: PathVal | undefined;
    let j: number;
    if (first.type === 'string') {
      const s = stringValue(first);
      if (s === undefined) return undefined;
      v =
        s.startsWith('/') || s.startsWith('~')
          ? { anchor: 'abs', rel: s, isFile: false }
          : { anchor: 'cwd', rel: s, isFile: false };
      j = 1;
    } else if (first.type === 'name') {
      const dn = dotted(t, 0);
      if (!dn) return undefined;
      const f = this.full(dn.name);
      j = dn.end;
      if (dn.name === '__file__') v = { anchor: 'filedir', rel: '', isFile: true };
      else if (t[j]?.text === '(') {
        const close = matchClose(t, j);
        const args = splitArgs(t, j, close);
        const a0 = args[0];
        if (
          /(^|\.)Path\.home$/.test(f) ||
          (f === 'os.path.expanduser' && a0 && a0.toks.length === 1 && stringValue(a0.toks[0] as Tok) === '~')
        )
          v = { anchor: 'abs', rel: '~', isFile: false };
        else if (/(^|\.)(Path|PurePath|abspath|realpath|normpath|str|expanduser|fspath)$/.test(f) && a0)
          v = this.pathOf(a0.toks, depth + 1);
        else if (/(^|\.)dirname$/.test(f) && a0) v = parentP(this.pathOf(a0.toks, depth + 1));
        else if (f === 'os.getcwd' || /(^|\.)Path\.cwd$/.test(f)) v = { anchor: 'cwd', rel: '', isFile: false };
        else if (/(^|\.)path\.join$/.test(f) && a0) {
          v = this.pathOf(a0.toks, depth + 1);
          for (const a of args.slice(1)) {
            const s = a.toks.length === 1 && a.toks[0]?.type === 'string' ? stringValue(a.toks[0]) : undefined;
            if (!v || s === undefined) return undefined;
            v = joinP(v, s);
          }
        } else return undefined;
        j = close + 1;
      } else {
        const bound = this.assigns.get(dn.name);
        if (!bound || dn.name.includes('.')) return undefined;
        v = this.pathOf(bound, depth + 1);
      }
    } else return undefined;
    // trailers: .parent, .parents[N], .resolve(), .absolute(), .expanduser(), .joinpath("x")
    while (v && j < t.length) {
      if (t[j]?.text !== '.' || t[j + 1]?.type !== 'name') return undefined;
      const attr = t[j + 1]?.text;
      j += 2;
      if (attr === 'parent') v = parentP(v);
      else if (attr === 'parents' && t[j]?.text === '[' && t[j + 1]?.type === 'number' && t[j + 2]?.text === ']') {
        const nUp = Number(t[j + 1]?.text ?? '0');
        for (let x = 0; x <= nUp; x++) v = parentP(v);
        j += 3;
      } else if ((attr === 'resolve' || attr === 'absolute' || attr === 'expanduser') && t[j]?.text === '(')
        j = matchClose(t, j) + 1;
      else if (attr === 'joinpath' && t[j]?.text === '(') {
        const close = matchClose(t, j);
        for (const a of splitArgs(t, j, close)) {
          const s = a.toks.length === 1 && a.toks[0]?.type === 'string' ? stringValue(a.toks[0]) : undefined;
          if (s === undefined) return undefined;
          v = joinP(v, s);
        }
        j = close + 1;
      } else return undefined;
    }
    return v;
  }

  /** A path argument that may stand for several paths: a loop variable over a literal list. */
  pathsOf(toks: Tok[]): Array<PathVal | undefined> {
    const t = unparen(toks);
    const loop = t.length === 1 && t[0]?.type === 'name' ? this.loopVars.get(t[0].text) : undefined;
    if (loop) return loop.map((el) => this.pathOf(el));
    return [this.pathOf(t)];
  }
}

function parentP(v: PathVal | undefined): PathVal | undefined {
  if (!v) return undefined;
  if (v.isFile) return { anchor: v.anchor, rel: '', isFile: false };
  return { anchor: v.anchor, rel: posix.join(v.rel || '.', '..'), isFile: false };
}

function joinP(v: PathVal, s: string): PathVal {
  return s.startsWith('/')
    ? { anchor: 'abs', rel: s, isFile: false }
    : { anchor: v.anchor, rel: posix.join(v.isFile ? '.' : v.rel || '.', s), isFile: false };
}
