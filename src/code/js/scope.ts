/**
 * What a JavaScript/TypeScript module binds, and how its expressions evaluate: imports and requires,
 * top-level constants, `process.env` aliases, `__dirname`-like folders, and, while the walker is
 * inside a function, that function's parameters and local constants. Pure evaluation: no facts are
 * recorded here (the visitors do that).
 */
import { type Node, child, kids, propName, str, stringOf, unwrap } from './ast.js';
import { envv, lit, other } from '../analysis.js';
import type { DotenvLoad, ValueExpr } from '../types.js';

export interface Binding {
  source: string;
  imported: string;
}

/** A function parameter: `provider` in `function make(provider = process.env.P ?? 'openai')`. */
export interface ParamRef {
  param: { fn: string; index: number; default?: Node };
}

/** A parameter, not a node (nodes have a `type`). */
export function isParam(v: Node | ParamRef): v is ParamRef {
  return !('type' in v);
}

export type PathVal = { path?: string; base: NonNullable<DotenvLoad['base']>; text?: string };

/**
 * The npm package a module specifier names, whatever registry or CDN form Deno and the browser use:
 * `npm:openai@4.52.0` and `https://esm.sh/openai@4.10.0` are `openai`, `npm:@ai-sdk/openai@1/x` is
 * `@ai-sdk/openai/x`, `https://deno.land/x/openai@v4.24.0/mod.ts` is `openai`, and JSR's
 * `jsr:@openai/openai` (OpenAI's own package there) is `openai`. Other specifiers are returned as written.
 */
export function packageOf(spec: string): string {
  const jsr = /^jsr:\/?@openai\/openai(?:@[^/]*)?(\/.*)?$/.exec(spec);
  if (jsr) return `openai${jsr[1] ?? ''}`;
  const m =
    /^npm:\/?((?:@[\w.-]+\/)?[\w.-]+)(?:@[^/]*)?(\/.*)?$/.exec(spec) ??
    /^https:\/\/(?:esm\.sh|cdn\.skypack\.dev|esm\.run|cdn\.jsdelivr\.net\/npm|unpkg\.com)\/(?:v\d+\/)?((?:@[\w.-]+\/)?[\w.-]+)(?:@[^/?]*)?(\/[^?]*)?/.exec(
      spec,
    );
  if (m) return `${m[1]}${(m[2] ?? '').replace(/\/\+esm$|\/mod\.ts$|\/index\.m?js$/, '')}`;
  const deno = /^https:\/\/deno\.land\/x\/([\w.-]+)(?:@[^/]*)?\/(?:mod|index)\.ts$/.exec(spec);
  return deno ? (deno[1] as string) : spec;
}

export class Scope {
  readonly bindings = new Map<string, Binding>();
  readonly consts = new Map<string, Node>();
  private readonly envAliases = new Set<string>();
  private readonly dirAliases = new Set<string>(['__dirname']);
  /** Function scopes the walker is in, innermost last. */
  readonly locals: Array<Map<string, Node | ParamRef>> = [];
  hasImportSyntax = false;

  constructor(private readonly text: string) {}

  src(n: Node): string {
    return this.text.slice(n.start, n.end);
  }

  /** Pass 1 over the module body: imports, requires and top-level constants. */
  collect(body: Node[]): void {
    for (const st of body) {
      if (
        st.type === 'ImportDeclaration' ||
        st.type === 'ExportAllDeclaration' ||
        (st.type === 'ExportNamedDeclaration' && child(st, 'source'))
      )
        this.hasImportSyntax = true;
      if (st.type === 'ExportDefaultDeclaration' || st.type === 'ExportNamedDeclaration') this.hasImportSyntax = true;
      if (st.type === 'ImportDeclaration') {
        const source = packageOf(stringOf(child(st, 'source')) ?? '');
        for (const s of kids(st, 'specifiers')) {
          const local = str(child(s, 'local'), 'name');
          if (!local) continue;
          if (s.type === 'ImportDefaultSpecifier') this.bindings.set(local, { source, imported: 'default' });
          else if (s.type === 'ImportNamespaceSpecifier') this.bindings.set(local, { source, imported: '*' });
          else {
            const imp = child(s, 'imported');
            this.bindings.set(local, {
              source,
              imported: (imp?.type === 'Identifier' ? str(imp, 'name') : stringOf(imp)) ?? local,
            });
          }
        }
      }
      const decl = st.type === 'ExportNamedDeclaration' ? child(st, 'declaration') : st;
      if (decl?.type === 'VariableDeclaration') for (const d of kids(decl, 'declarations')) this.collectDecl(d);
    }
  }

  /**
   * `const x = require('m')`, `require('m').default`, `require('m').X`, `const { X: Y } = require('m')`: binds the
   * names to the module's exports. `local`: a require inside a function (`const { OpenAI: OpenAIApi } =
   * require("openai")` in a constructor), which binds its names unless the module scope already does.
   */
  bindRequire(d: Node, local = false): boolean {
    const id = child(d, 'id');
    const init = unwrap(child(d, 'init'));
    if (!id || !init) return false;
    let req = this.requireOf(init);
    if (req !== undefined) req = packageOf(req);
    let member: string | undefined;
    if (!req && init.type === 'MemberExpression') {
      req = this.requireOf(child(init, 'object'));
      member = propName({ ...init, key: child(init, 'property') } as Node);
    }
    if (!req) return false;
    const bind = (name: string, b: Binding): void => {
      if (!local || !this.bindings.has(name)) this.bindings.set(name, b);
    };
    if (id.type === 'Identifier') bind(str(id, 'name') ?? '', { source: req, imported: member ?? '*' });
    else if (id.type === 'ObjectPattern') {
      for (const p of kids(id, 'properties')) {
        const k = propName(p);
        const v = unwrap(child(p, 'value'));
        const name =
          v?.type === 'Identifier'
            ? str(v, 'name')
            : v?.type === 'AssignmentPattern'
              ? str(child(v, 'left'), 'name')
              : undefined;
        if (k && name) bind(name, { source: req, imported: k });
      }
    }
    return true;
  }

  private collectDecl(d: Node): void {
    const id = child(d, 'id');
    const init = unwrap(child(d, 'init'));
    if (!id || !init) return;
    if (this.bindRequire(d)) return;
    if (id.type === 'Identifier') {
      const name = str(id, 'name') ?? '';
      this.consts.set(name, init);
      if (this.isProcessEnv(init)) this.envAliases.add(name);
      if (this.isDirnameExpr(init)) this.dirAliases.add(name);
    }
  }

  /** What a name stands for here: a local or parameter of the functions the walker is in, else a module constant. */
  lookup(name: string): Node | ParamRef | undefined {
    for (let i = this.locals.length - 1; i >= 0; i--) {
      const v = this.locals[i]?.get(name);
      if (v) return v;
    }
    return this.consts.get(name);
  }

  private constNode(name: string): Node | undefined {
    const v = this.lookup(name);
    return v && !isParam(v) ? v : undefined;
  }

  requireOf(n: Node | undefined): string | undefined {
    const u = unwrap(n);
    if (u?.type !== 'CallExpression') return undefined;
    const callee = child(u, 'callee');
    if (callee?.type !== 'Identifier' || str(callee, 'name') !== 'require') return undefined;
    return stringOf(kids(u, 'arguments')[0]);
  }

  isProcessEnv(n: Node | undefined): boolean {
    const u = unwrap(n);
    if (!u) return false;
    if (u.type === 'Identifier') return this.envAliases.has(str(u, 'name') ?? '');
    if (u.type !== 'MemberExpression' || u.computed) return false;
    const obj = unwrap(child(u, 'object'));
    const prop = str(child(u, 'property'), 'name');
    if (prop !== 'env' || !obj) return false;
    if (obj.type === 'Identifier') return ['process', 'Bun'].includes(str(obj, 'name') ?? '');
    if (obj.type === 'MetaProperty') return true; // import.meta.env
    return false;
  }

  isDirnameExpr(n: Node | undefined): boolean {
    const u = unwrap(n);
    if (!u) return false;
    if (u.type === 'Identifier') return this.dirAliases.has(str(u, 'name') ?? '');
    if (
      u.type === 'MemberExpression' &&
      unwrap(child(u, 'object'))?.type === 'MetaProperty' &&
      str(child(u, 'property'), 'name') === 'dirname'
    )
      return true;
    if (u.type === 'CallExpression') {
      const callee = unwrap(child(u, 'callee'));
      const fname =
        callee?.type === 'Identifier'
          ? str(callee, 'name')
          : callee?.type === 'MemberExpression'
            ? str(child(callee, 'property'), 'name')
            : undefined;
      const a0 = kids(u, 'arguments')[0];
      if (fname === 'dirname' || fname === 'fileURLToPath') return this.isDirnameExpr(a0) || this.isFileUrl(a0);
    }
    return false;
  }

  isFileUrl(n: Node | undefined): boolean {
    const u = unwrap(n);
    if (!u) return false;
    if (
      u.type === 'MemberExpression' &&
      unwrap(child(u, 'object'))?.type === 'MetaProperty' &&
      ['url', 'filename'].includes(str(child(u, 'property'), 'name') ?? '')
    )
      return true;
    if (u.type === 'Identifier' && str(u, 'name') === '__filename') return true;
    if (u.type === 'CallExpression') {
      const callee = unwrap(child(u, 'callee'));
      const fname =
        callee?.type === 'Identifier'
          ? str(callee, 'name')
          : callee?.type === 'MemberExpression'
            ? str(child(callee, 'property'), 'name')
            : undefined;
      if (fname === 'fileURLToPath') return this.isFileUrl(kids(u, 'arguments')[0]);
    }
    return false;
  }

  /** `process.env.X`, `process.env['X']`, `import.meta.env.X`, `Bun.env.X`, `Deno.env.get('X')`. */
  envName(n: Node | undefined): { name: string; via: string } | undefined {
    const u = unwrap(n);
    if (!u) return undefined;
    if (u.type === 'MemberExpression') {
      const obj = child(u, 'object');
      if (!this.isProcessEnv(obj)) return undefined;
      const o = unwrap(obj);
      const via =
        o?.type === 'MemberExpression' && unwrap(child(o, 'object'))?.type === 'MetaProperty'
          ? 'import.meta.env'
          : o?.type === 'Identifier'
            ? 'process.env'
            : `${str(unwrap(child(o, 'object')), 'name') ?? 'process'}.env`;
      const prop = child(u, 'property');
      const name = u.computed ? stringOf(prop) : str(prop, 'name');
      return name ? { name, via } : undefined;
    }
    if (u.type === 'CallExpression') {
      const callee = unwrap(child(u, 'callee'));
      if (callee?.type === 'MemberExpression' && str(child(callee, 'property'), 'name') === 'get') {
        const o = unwrap(child(callee, 'object'));
        if (
          o?.type === 'MemberExpression' &&
          str(child(o, 'object'), 'name') === 'Deno' &&
          str(child(o, 'property'), 'name') === 'env'
        ) {
          const name = stringOf(kids(u, 'arguments')[0]);
          return name ? { name, via: 'Deno.env.get' } : undefined;
        }
      }
    }
    return undefined;
  }

  /**
   * The value of an expression as keydoctor can tell it: a literal, an environment variable (with the
   * names it falls back to and a literal default: `process.env.A || process.env.B || 'x'`), or other.
   */
  valueOf(n: Node | undefined, depth = 0): ValueExpr | undefined {
    const u = unwrap(n);
    if (!u || depth > 4) return u ? other(this.src(u)) : undefined;
    const s = stringOf(u);
    if (s !== undefined) return lit(s);
    const e = this.envName(u);
    if (e) return envv(e.name);
    if (u.type === 'LogicalExpression' && (u.operator === '??' || u.operator === '||')) {
      const lv = this.valueOf(child(u, 'left'), depth + 1);
      const rv = this.valueOf(child(u, 'right'), depth + 1);
      if (lv?.kind === 'env') {
        if (rv?.kind === 'literal' && lv.default === undefined) return { ...lv, default: rv.value };
        if (rv?.kind === 'env' && lv.default === undefined) {
          const chain: ValueExpr = { ...lv, fallbacks: [...(lv.fallbacks ?? []), rv.name, ...(rv.fallbacks ?? [])] };
          return rv.default !== undefined ? { ...chain, default: rv.default } : chain;
        }
        return lv;
      }
    }
    if (u.type === 'Identifier') {
      const name = str(u, 'name') ?? '';
      if (name === 'undefined') return undefined;
      const v = this.lookup(name);
      if (v && isParam(v))
        return v.param.default ? (this.valueOf(v.param.default, depth + 1) ?? other(name)) : other(name);
      if (v && v !== u) return this.valueOf(v, depth + 1) ?? other(this.src(u));
    }
    if (u.type === 'MemberExpression' && !u.computed) {
      const base = unwrap(child(u, 'object'));
      const key = str(child(u, 'property'), 'name');
      if (base?.type === 'Identifier' && key) {
        const init = unwrap(this.constNode(str(base, 'name') ?? ''));
        if (init?.type === 'ObjectExpression') {
          for (const p of kids(init, 'properties'))
            if (p.type === 'Property' && propName(p) === key) return this.valueOf(child(p, 'value'), depth + 1);
        }
      }
    }
    return other(this.src(u));
  }

  /** Properties set on an object literal after it was made (`obj.apiKey = x`; '*': unknown ones), by the literal. */
  private readonly mutations = new WeakMap<Node, Set<string>>();

  /**
   * Records `X.k = v`, `X["k"] = v` and `Object.assign(X, ...)` on a variable that holds an object literal:
   * options built in steps (`const obj = { apiKey: "sk-" }; if (key) obj.apiKey = key; new ChatOpenAI(obj)`).
   */
  noteMutation(target: Node | undefined, prop: string): void {
    const u = unwrap(target);
    if (u?.type !== 'Identifier') return;
    const init = unwrap(this.constNode(str(u, 'name') ?? ''));
    if (init?.type !== 'ObjectExpression') return;
    const set = this.mutations.get(init) ?? new Set<string>();
    set.add(prop);
    this.mutations.set(init, set);
  }

  /** The properties set on this object literal after it was made (see noteMutation). */
  mutationsOf(obj: Node | undefined): Set<string> | undefined {
    return obj ? this.mutations.get(obj) : undefined;
  }

  /**
   * The object literal a spread in an options object copies: a constant holding one (`...common`), or a
   * call of a local function that returns one (`...options(token)`), with that function's parameter
   * names (their values are the caller's: not knowable at the definition).
   */
  spreadSource(n: Node | undefined): { obj: Node; params: Set<string> } | undefined {
    const obj = this.objectOf(n);
    if (obj) return { obj, params: new Set() };
    const u = unwrap(n);
    if (u?.type !== 'CallExpression') return undefined;
    const callee = unwrap(child(u, 'callee'));
    if (callee?.type !== 'Identifier') return undefined;
    const fn = unwrap(this.constNode(str(callee, 'name') ?? ''));
    if (fn?.type !== 'ArrowFunctionExpression' && fn?.type !== 'FunctionExpression') return undefined;
    let body = unwrap(child(fn, 'body'));
    if (body?.type === 'BlockStatement') {
      const stmts = kids(body, 'body');
      const ret = stmts.length === 1 && stmts[0]?.type === 'ReturnStatement' ? stmts[0] : undefined;
      body = ret ? unwrap(child(ret, 'argument')) : undefined;
    }
    if (body?.type !== 'ObjectExpression') return undefined;
    const params = new Set<string>();
    for (const p of kids(fn, 'params')) {
      const id = p.type === 'AssignmentPattern' ? child(p, 'left') : p;
      if (id?.type !== 'Identifier') return undefined; // destructured parameters: names keydoctor does not follow
      params.add(str(id, 'name') ?? '');
    }
    return { obj: body, params };
  }

  objectOf(n: Node | undefined): Node | undefined {
    const u = unwrap(n);
    if (u?.type === 'ObjectExpression') return u;
    if (u?.type === 'Identifier') {
      const init = unwrap(this.constNode(str(u, 'name') ?? ''));
      if (init?.type === 'ObjectExpression') return init;
    }
    return undefined;
  }

  /** A dotenv path argument: where it points and from which folder. */
  pathOf(n: Node | undefined): PathVal {
    const u = unwrap(n);
    if (!u) return { base: 'cwd' };
    const s = stringOf(u);
    if (s !== undefined)
      return s.startsWith('/') || /^[A-Za-z]:[\\/]/.test(s)
        ? { path: s, base: 'absolute' }
        : s.startsWith('~')
          ? { path: s, base: 'absolute' }
          : { path: s, base: 'cwd' };
    if (u.type === 'Identifier' && this.constNode(str(u, 'name') ?? ''))
      return this.pathOf(this.constNode(str(u, 'name') ?? ''));
    if (u.type === 'NewExpression' && str(child(u, 'callee'), 'name') === 'URL') {
      const [a, b] = kids(u, 'arguments');
      const p = stringOf(a);
      if (p !== undefined && this.isFileUrl(b)) return { path: p, base: 'file-dir' };
    }
    if (u.type === 'CallExpression') {
      const callee = unwrap(child(u, 'callee'));
      const fname =
        callee?.type === 'Identifier'
          ? str(callee, 'name')
          : callee?.type === 'MemberExpression'
            ? str(child(callee, 'property'), 'name')
            : undefined;
      const args = kids(u, 'arguments');
      if (fname === 'fileURLToPath' && args.length === 1) return this.pathOf(args[0]);
      if (fname === 'resolve' || fname === 'join') {
        const first = args[0];
        let base: PathVal['base'] = 'cwd';
        let rest = args;
        let home = false;
        if (this.isDirnameExpr(first)) {
          base = 'file-dir';
          rest = args.slice(1);
        } else if (
          unwrap(first)?.type === 'CallExpression' &&
          str(child(unwrap(child(unwrap(first), 'callee')), 'property'), 'name') === 'cwd'
        ) {
          rest = args.slice(1);
        } else if (
          unwrap(first)?.type === 'CallExpression' &&
          calleeNameOf(unwrap(child(unwrap(first), 'callee'))) === 'homedir'
        ) {
          home = true;
          rest = args.slice(1);
        }
        const parts = rest.map((a) => stringOf(a));
        if (parts.every((p): p is string => p !== undefined)) {
          if (home) return { path: ['~', ...parts].join('/'), base: 'absolute' };
          if (base === 'cwd' && parts.some((p) => p.startsWith('/')))
            return { path: parts.join('/'), base: 'absolute' };
          return { path: parts.join('/') || '.', base };
        }
      }
    }
    if (u.type === 'TemplateLiteral') {
      const exprs = kids(u, 'expressions');
      const quasis = kids(u, 'quasis').map((q) => (q.value as { cooked?: string } | undefined)?.cooked ?? '');
      if (exprs.length === 1 && quasis[0] === '' && this.isDirnameExpr(exprs[0]))
        return { path: (quasis[1] ?? '').replace(/^\//, '') || '.', base: 'file-dir' };
      // `.env.${process.env.NODE_ENV}`: the variables are filled in per target (resolve/node.ts
      // codeLoadSteps), from what that target's command sets (`cross-env NODE_ENV=development`).
      const names = exprs.map((e) => this.envName(e)?.name);
      const literal = quasis.join('');
      if (
        names.length > 0 &&
        names.every((x): x is string => x !== undefined && /^[A-Za-z_]\w*$/.test(x)) &&
        !literal.includes('${') &&
        !literal.startsWith('/') &&
        !literal.startsWith('~')
      )
        return {
          path: quasis.map((q, i) => (i < names.length ? `${q}\${${names[i]}}` : q)).join(''),
          base: 'cwd',
          text: this.src(u),
        };
    }
    return { base: 'unknown', text: this.src(u) };
  }

  /** What a callee names, with the import it comes from: `OpenAI` from 'openai', `config` from 'dotenv'. */
  calleeInfo(callee: Node | undefined): { name: string; binding?: Binding } | undefined {
    const u = unwrap(callee);
    if (!u) return undefined;
    if (u.type === 'Identifier') {
      const name = str(u, 'name') ?? '';
      const b = this.bindings.get(name);
      return { name: b && b.imported !== 'default' && b.imported !== '*' ? b.imported : name, binding: b };
    }
    if (u.type === 'MemberExpression' && !u.computed) {
      const obj = unwrap(child(u, 'object'));
      const prop = str(child(u, 'property'), 'name') ?? '';
      if (obj?.type === 'Identifier') {
        const b = this.bindings.get(str(obj, 'name') ?? '');
        if (b) return { name: prop, binding: { source: b.source, imported: prop } };
      }
      const req = this.requireOf(obj);
      if (req) return { name: prop, binding: { source: req, imported: prop } };
      return { name: prop };
    }
    return undefined;
  }
}

function calleeNameOf(u: Node | undefined): string | undefined {
  if (u?.type === 'Identifier') return str(u, 'name');
  if (u?.type === 'MemberExpression') return str(child(u, 'property'), 'name');
  return undefined;
}
