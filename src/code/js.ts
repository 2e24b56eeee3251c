/**
 * JavaScript / TypeScript (CJS, ESM, JSX, TSX) through @babel/parser's ESTree output: env reads and writes,
 * client constructions with their options, dotenv loads, imports in execution terms, models, SDK generation.
 */
import type { ParserPlugin } from '@babel/parser';
import { lazyBabel } from '../core/lazy.js';
import { LineIndex } from '../core/lines.js';
import { type NoteSink, type FileAnalysis, MODEL_KEYS, emptyAnalysis, envv, finishClient, lit, other } from './analysis.js';
import type { ClientConstruction, CodeLanguage, DotenvLoad, ValueExpr } from './types.js';

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
const child = (n: Node | undefined, k: string): Node | undefined => {
  const v = n?.[k];
  return isNode(v) ? v : undefined;
};
const kids = (n: Node | undefined, k: string): Node[] => {
  const v = n?.[k];
  return Array.isArray(v) ? v.filter(isNode) : [];
};
const str = (n: Node | undefined, k: string): string | undefined => {
  const v = n?.[k];
  return typeof v === 'string' ? v : undefined;
};

// Keys that never hold code to walk: type-only children and the parser's bookkeeping.
const SKIP_KEYS = new Set(['type', 'start', 'end', 'loc', 'range', 'extra', 'leadingComments', 'trailingComments', 'innerComments', 'comments', 'errors', 'tokens', 'typeAnnotation', 'returnType', 'typeParameters', 'typeArguments', 'superTypeParameters', 'superTypeArguments']);

/** The child keys to walk for a node (every own key that can hold a node, without type-only ones). */
function childKeys(n: Node): string[] {
  const out: string[] = [];
  for (const k in n) if (!SKIP_KEYS.has(k)) out.push(k);
  return out;
}

/** Parser plugins by file name: TypeScript for .ts/.mts/.cts, TSX for .tsx, JSX for JavaScript. */
function pluginsFor(name: string): ParserPlugin[] {
  if (/\.(ts|mts|cts)$/.test(name)) return ['estree', 'typescript', 'decorators-legacy'];
  if (/\.tsx$/.test(name)) return ['estree', 'typescript', 'jsx', 'decorators-legacy'];
  return ['estree', 'jsx'];
}

const SKIP_TYPES = new Set(['TSTypeAnnotation', 'TSInterfaceDeclaration', 'TSTypeAliasDeclaration', 'TSTypeParameterInstantiation', 'TSTypeParameterDeclaration', 'TSDeclareFunction', 'TSModuleDeclaration', 'TSEnumDeclaration']);
// Instance fields run when the class is instantiated, not on import (ESTree and Babel names).
const CLASS_FIELDS = new Set(['PropertyDefinition', 'ClassProperty', 'ClassPrivateProperty', 'ClassAccessorProperty', 'AccessorProperty']);
const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'MethodDefinition', 'TSDeclareMethod']);
const WRAPPERS = new Set(['TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'TSTypeAssertion', 'ParenthesizedExpression', 'ChainExpression', 'AwaitExpression']);

function unwrap(n: Node | undefined): Node | undefined {
  let cur = n;
  while (cur && WRAPPERS.has(cur.type)) cur = child(cur, 'expression') ?? child(cur, 'argument');
  return cur;
}

/** A string literal or a template literal without substitutions. */
function stringOf(n: Node | undefined): string | undefined {
  const u = unwrap(n);
  if (!u) return undefined;
  if (u.type === 'Literal' && typeof u.value === 'string') return u.value;
  if (u.type === 'TemplateLiteral' && kids(u, 'expressions').length === 0) {
    const q = kids(u, 'quasis')[0];
    const v = q?.value as { cooked?: string } | undefined;
    return v?.cooked ?? undefined;
  }
  return undefined;
}

function propName(p: Node): string | undefined {
  const key = child(p, 'key');
  if (!key) return undefined;
  if (!p.computed && key.type === 'Identifier') return str(key, 'name');
  return stringOf(key);
}

const DOTENV_MODULES: Record<string, string> = { dotenv: 'dotenv', '@dotenvx/dotenvx': 'dotenvx', 'dotenv-flow': 'dotenv-flow', 'dotenv-safe': 'dotenv' };
const DOTENV_PRELOAD: Record<string, string> = { 'dotenv/config': 'dotenv/config', '@dotenvx/dotenvx/config': 'dotenvx', 'dotenv-flow/config': 'dotenv-flow', 'dotenv-safe/config': 'dotenv/config' };

interface Binding { source: string; imported: string }

interface ClientKind { sdk: string; azure: boolean; generation?: 'node-v3' | 'node-v4'; legacyConfig?: boolean }

function clientKind(name: string, source: string | undefined): ClientKind | undefined {
  const src = source ?? '';
  if (src === 'openai' || src.startsWith('openai/') || (!source && (name === 'OpenAI' || name === 'AzureOpenAI'))) {
    if (name === 'OpenAI' || name === 'default') return { sdk: 'openai-node', azure: false, generation: 'node-v4' };
    if (name === 'AzureOpenAI') return { sdk: 'azure-openai-node', azure: true, generation: 'node-v4' };
    if (name === 'Configuration') return { sdk: 'openai-legacy-node', azure: false, generation: 'node-v3', legacyConfig: true };
    if (name === 'OpenAIApi') return undefined;
    return undefined;
  }
  if (src.startsWith('@langchain/') || src.startsWith('langchain')) {
    if (/^Azure(ChatOpenAI|OpenAI|OpenAIEmbeddings)$/.test(name)) return { sdk: 'langchain-azure', azure: true };
    if (/^(ChatOpenAI|OpenAI|OpenAIEmbeddings)$/.test(name)) return { sdk: 'langchain-openai', azure: false };
    return undefined;
  }
  if (!source && /^(ChatOpenAI|OpenAIEmbeddings)$/.test(name)) return { sdk: 'langchain-openai', azure: false };
  if (!source && /^Azure(ChatOpenAI|OpenAIEmbeddings)$/.test(name)) return { sdk: 'langchain-azure', azure: true };
  if (src === '@ai-sdk/openai' && name === 'createOpenAI') return { sdk: 'vercel-ai', azure: false };
  if (src === '@ai-sdk/azure' && name === 'createAzure') return { sdk: 'vercel-ai', azure: true };
  if (src === '@azure/openai' && name === 'OpenAIClient') return { sdk: 'azure-openai-node', azure: true };
  return undefined;
}

const OPTION_MAP: Record<string, keyof ClientConstruction['options']> = {
  apiKey: 'apiKey',
  openAIApiKey: 'apiKey',
  openaiApiKey: 'apiKey',
  azureOpenAIApiKey: 'apiKey',
  baseURL: 'baseURL',
  baseUrl: 'baseURL',
  basePath: 'baseURL',
  organization: 'organization',
  project: 'project',
  apiVersion: 'apiVersion',
  azureOpenAIApiVersion: 'apiVersion',
  endpoint: 'azureEndpoint',
  azureOpenAIEndpoint: 'azureEndpoint',
  azureOpenAIBasePath: 'azureEndpoint',
  azureOpenAIApiInstanceName: 'azureEndpoint',
  resourceName: 'azureEndpoint',
  deployment: 'deployment',
  deploymentName: 'deployment',
  azureOpenAIApiDeploymentName: 'deployment',
  azureADTokenProvider: 'azureADToken',
  azureADToken: 'azureADToken',
};

/** Whether a file is ESM (imports hoisted) given its extension, package type and syntax. */
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

export function analyzeJs(rel: string, text: string, language: CodeLanguage, notes: NoteSink, opts: JsOptions = {}): FileAnalysis | undefined {
  let program: Node;
  try {
    const name = opts.parseAs ?? (/\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/.test(rel) ? rel : rel + '.js');
    const r = lazyBabel().parse(text, {
      sourceType: /\.(cjs|cts)$/.test(name) ? 'script' : 'unambiguous',
      plugins: pluginsFor(name),
      createImportExpressions: true,
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: true,
      allowImportExportEverywhere: true,
      allowUndeclaredExports: true,
      errorRecovery: false,
    });
    program = r.program as unknown as Node;
  } catch (e) {
    notes.push({ kind: 'parse-error', path: rel, message: `cannot parse as JavaScript/TypeScript: ${String((e as Error).message ?? e).slice(0, 120)}` });
    return undefined;
  }
  const out = emptyAnalysis(rel, language);
  const lines = new LineIndex(text);
  const src = (n: Node): string => text.slice(n.start, n.end);
  const body = kids(program, 'body');

  // --- pass 1: bindings (imports, requires, top-level constants), module kind -------------------------
  const bindings = new Map<string, Binding>();
  const consts = new Map<string, Node>();
  const envAliases = new Set<string>();
  const dirAliases = new Set<string>(['__dirname']);
  let hasImportSyntax = false;
  const requireOf = (n: Node | undefined): string | undefined => {
    const u = unwrap(n);
    if (u?.type !== 'CallExpression') return undefined;
    const callee = child(u, 'callee');
    if (callee?.type !== 'Identifier' || str(callee, 'name') !== 'require') return undefined;
    return stringOf(kids(u, 'arguments')[0]);
  };
  const collectDecl = (d: Node): void => {
    const id = child(d, 'id');
    const init = unwrap(child(d, 'init'));
    if (!id || !init) return;
    // const x = require('m'), require('m').default, require('m').X
    let req = requireOf(init);
    let member: string | undefined;
    if (!req && init.type === 'MemberExpression') {
      req = requireOf(child(init, 'object'));
      member = propName({ ...init, key: child(init, 'property') } as Node);
    }
    if (req) {
      if (id.type === 'Identifier') bindings.set(str(id, 'name') ?? '', { source: req, imported: member ?? '*' });
      else if (id.type === 'ObjectPattern') {
        for (const p of kids(id, 'properties')) {
          const k = propName(p);
          const v = unwrap(child(p, 'value'));
          const local = v?.type === 'Identifier' ? str(v, 'name') : v?.type === 'AssignmentPattern' ? str(child(v, 'left'), 'name') : undefined;
          if (k && local) bindings.set(local, { source: req, imported: k });
        }
      }
      return;
    }
    if (id.type === 'Identifier') {
      const name = str(id, 'name') ?? '';
      consts.set(name, init);
      if (isProcessEnv(init)) envAliases.add(name);
      if (isDirnameExpr(init)) dirAliases.add(name);
    }
  };
  const isProcessEnv = (n: Node | undefined): boolean => {
    const u = unwrap(n);
    if (!u) return false;
    if (u.type === 'Identifier') return envAliases.has(str(u, 'name') ?? '');
    if (u.type !== 'MemberExpression' || u.computed) return false;
    const obj = unwrap(child(u, 'object'));
    const prop = str(child(u, 'property'), 'name');
    if (prop !== 'env' || !obj) return false;
    if (obj.type === 'Identifier') return ['process', 'Bun'].includes(str(obj, 'name') ?? '');
    if (obj.type === 'MetaProperty') return true; // import.meta.env
    return false;
  };
  const isDirnameExpr = (n: Node | undefined): boolean => {
    const u = unwrap(n);
    if (!u) return false;
    if (u.type === 'Identifier') return dirAliases.has(str(u, 'name') ?? '');
    if (u.type === 'MemberExpression' && unwrap(child(u, 'object'))?.type === 'MetaProperty' && str(child(u, 'property'), 'name') === 'dirname') return true;
    if (u.type === 'CallExpression') {
      const callee = unwrap(child(u, 'callee'));
      const fname = callee?.type === 'Identifier' ? str(callee, 'name') : callee?.type === 'MemberExpression' ? str(child(callee, 'property'), 'name') : undefined;
      const a0 = kids(u, 'arguments')[0];
      if (fname === 'dirname' || fname === 'fileURLToPath') return isDirnameExpr(a0) || isFileUrl(a0);
    }
    return false;
  };
  const isFileUrl = (n: Node | undefined): boolean => {
    const u = unwrap(n);
    if (!u) return false;
    if (u.type === 'MemberExpression' && unwrap(child(u, 'object'))?.type === 'MetaProperty' && ['url', 'filename'].includes(str(child(u, 'property'), 'name') ?? '')) return true;
    if (u.type === 'Identifier' && str(u, 'name') === '__filename') return true;
    if (u.type === 'CallExpression') {
      const callee = unwrap(child(u, 'callee'));
      const fname = callee?.type === 'Identifier' ? str(callee, 'name') : callee?.type === 'MemberExpression' ? str(child(callee, 'property'), 'name') : undefined;
      if (fname === 'fileURLToPath') return isFileUrl(kids(u, 'arguments')[0]);
    }
    return false;
  };
  for (const st of body) {
    if (st.type === 'ImportDeclaration' || st.type === 'ExportAllDeclaration' || (st.type === 'ExportNamedDeclaration' && child(st, 'source'))) hasImportSyntax = true;
    if (st.type === 'ExportDefaultDeclaration' || st.type === 'ExportNamedDeclaration') hasImportSyntax = true;
    if (st.type === 'ImportDeclaration') {
      const source = stringOf(child(st, 'source')) ?? '';
      for (const s of kids(st, 'specifiers')) {
        const local = str(child(s, 'local'), 'name');
        if (!local) continue;
        if (s.type === 'ImportDefaultSpecifier') bindings.set(local, { source, imported: 'default' });
        else if (s.type === 'ImportNamespaceSpecifier') bindings.set(local, { source, imported: '*' });
        else {
          const imp = child(s, 'imported');
          bindings.set(local, { source, imported: (imp?.type === 'Identifier' ? str(imp, 'name') : stringOf(imp)) ?? local });
        }
      }
    }
    const decl = st.type === 'ExportNamedDeclaration' ? child(st, 'declaration') : st;
    if (decl?.type === 'VariableDeclaration') for (const d of kids(decl, 'declarations')) collectDecl(d);
  }
  const moduleKind = jsModuleKind(rel, opts.packageType, hasImportSyntax);
  out.code.moduleKind = moduleKind;

  // 'use client'
  for (const st of body) {
    if (st.type !== 'ExpressionStatement' || typeof st.directive !== 'string') break;
    if (st.directive === 'use client') out.code.clientSide = true;
  }

  // --- value evaluation -----------------------------------------------------------------------------
  const envName = (n: Node | undefined): { name: string; via: string } | undefined => {
    const u = unwrap(n);
    if (!u) return undefined;
    if (u.type === 'MemberExpression') {
      const obj = child(u, 'object');
      if (!isProcessEnv(obj)) return undefined;
      const o = unwrap(obj);
      const via = o?.type === 'MemberExpression' && unwrap(child(o, 'object'))?.type === 'MetaProperty' ? 'import.meta.env' : o?.type === 'Identifier' ? 'process.env' : `${str(unwrap(child(o, 'object')), 'name') ?? 'process'}.env`;
      const prop = child(u, 'property');
      const name = u.computed ? stringOf(prop) : str(prop, 'name');
      return name ? { name, via } : undefined;
    }
    if (u.type === 'CallExpression') {
      // Deno.env.get('X')
      const callee = unwrap(child(u, 'callee'));
      if (callee?.type === 'MemberExpression' && str(child(callee, 'property'), 'name') === 'get') {
        const o = unwrap(child(callee, 'object'));
        if (o?.type === 'MemberExpression' && str(child(o, 'object'), 'name') === 'Deno' && str(child(o, 'property'), 'name') === 'env') {
          const name = stringOf(kids(u, 'arguments')[0]);
          return name ? { name, via: 'Deno.env.get' } : undefined;
        }
      }
    }
    return undefined;
  };
  const valueOf = (n: Node | undefined, depth = 0): ValueExpr | undefined => {
    const u = unwrap(n);
    if (!u || depth > 4) return u ? other(src(u)) : undefined;
    const s = stringOf(u);
    if (s !== undefined) return lit(s);
    const e = envName(u);
    if (e) return envv(e.name);
    if (u.type === 'LogicalExpression' && (u.operator === '??' || u.operator === '||')) {
      const l = envName(child(u, 'left'));
      const d = stringOf(child(u, 'right'));
      if (l) return envv(l.name, d);
      const lv = valueOf(child(u, 'left'), depth + 1);
      if (lv?.kind === 'env') return lv;
    }
    if (u.type === 'Identifier') {
      const init = consts.get(str(u, 'name') ?? '');
      if (init && init !== u) return valueOf(init, depth + 1) ?? other(src(u));
      if (str(u, 'name') === 'undefined') return undefined;
    }
    if (u.type === 'MemberExpression' && !u.computed) {
      const base = unwrap(child(u, 'object'));
      const key = str(child(u, 'property'), 'name');
      if (base?.type === 'Identifier' && key) {
        const init = unwrap(consts.get(str(base, 'name') ?? ''));
        if (init?.type === 'ObjectExpression') {
          for (const p of kids(init, 'properties')) if (p.type === 'Property' && propName(p) === key) return valueOf(child(p, 'value'), depth + 1);
        }
      }
    }
    return other(src(u));
  };
  const objectOf = (n: Node | undefined): Node | undefined => {
    const u = unwrap(n);
    if (u?.type === 'ObjectExpression') return u;
    if (u?.type === 'Identifier') {
      const init = unwrap(consts.get(str(u, 'name') ?? ''));
      if (init?.type === 'ObjectExpression') return init;
    }
    return undefined;
  };

  // --- path evaluation for dotenv loads ----------------------------------------------------------
  type PathVal = { path?: string; base: NonNullable<DotenvLoad['base']>; text?: string };
  const pathOf = (n: Node | undefined): PathVal => {
    const u = unwrap(n);
    if (!u) return { base: 'cwd' };
    const s = stringOf(u);
    if (s !== undefined) return s.startsWith('/') || /^[A-Za-z]:[\\/]/.test(s) ? { path: s, base: 'absolute' } : s.startsWith('~') ? { path: s, base: 'absolute' } : { path: s, base: 'cwd' };
    if (u.type === 'Identifier' && consts.has(str(u, 'name') ?? '')) return pathOf(consts.get(str(u, 'name') ?? ''));
    if (u.type === 'NewExpression' && str(child(u, 'callee'), 'name') === 'URL') {
      const [a, b] = kids(u, 'arguments');
      const p = stringOf(a);
      if (p !== undefined && isFileUrl(b)) return { path: p, base: 'file-dir' };
    }
    if (u.type === 'CallExpression') {
      const callee = unwrap(child(u, 'callee'));
      const fname = callee?.type === 'Identifier' ? str(callee, 'name') : callee?.type === 'MemberExpression' ? str(child(callee, 'property'), 'name') : undefined;
      const args = kids(u, 'arguments');
      if (fname === 'fileURLToPath' && args.length === 1) return pathOf(args[0]);
      if (fname === 'resolve' || fname === 'join') {
        const first = args[0];
        let base: PathVal['base'] = 'cwd';
        let rest = args;
        if (isDirnameExpr(first)) {
          base = 'file-dir';
          rest = args.slice(1);
        } else if (unwrap(first)?.type === 'CallExpression' && str(child(unwrap(child(unwrap(first), 'callee')), 'property'), 'name') === 'cwd') {
          rest = args.slice(1);
        }
        const parts = rest.map((a) => stringOf(a));
        if (parts.every((p): p is string => p !== undefined)) {
          if (base === 'cwd' && parts.some((p) => p.startsWith('/'))) return { path: parts.join('/'), base: 'absolute' };
          return { path: parts.join('/') || '.', base };
        }
      }
    }
    if (u.type === 'TemplateLiteral') {
      const exprs = kids(u, 'expressions');
      const quasis = kids(u, 'quasis').map((q) => (q.value as { cooked?: string } | undefined)?.cooked ?? '');
      if (exprs.length === 1 && quasis[0] === '' && isDirnameExpr(exprs[0])) return { path: (quasis[1] ?? '').replace(/^\//, '') || '.', base: 'file-dir' };
    }
    return { base: 'unknown', text: src(u) };
  };

  // --- pass 2: walk ----------------------------------------------------------------------------------
  let order = 0;
  let fnDepth = 0;
  let fnName: string | undefined; // the module-level function being walked (`function main() {...}`, `const main = async () => {...}`)
  const fnLoads: Array<{ load: DotenvLoad; fn: string }> = [];
  const topCalls = new Map<string, number>(); // module-level calls of bare names: name → statement order
  const topFunctionName = (n: Node): string | undefined => {
    if (n.type === 'FunctionDeclaration') return str(child(n, 'id'), 'name');
    return n === declInit ? declName : undefined;
  };
  let declName: string | undefined;
  let declInit: Node | undefined;
  const handled = new WeakSet<Node>();
  const at = (n: Node): { line: number; column: number } => lines.at(n.start);
  const models = new Map<string, number>();
  const addModel = (name: string, n: Node): void => {
    if (!models.has(name) && name.length < 100) models.set(name, at(n).line);
  };
  const setGeneration = (g: 'node-v3' | 'node-v4', n: Node): void => {
    if (!out.code.sdkGeneration || (g === 'node-v3' && out.code.sdkGeneration === 'node-v4')) {
      out.code.sdkGeneration = g;
      out.code.sdkGenerationLine = at(n).line;
    }
  };
  const alias = (name: string, env: string): void => {
    if (!name) return;
    out.envAliases ??= {};
    out.envAliases[name] = env;
  };
  const addRead = (name: string, via: string, n: Node, def?: string): void => {
    const p = at(n);
    out.envReads.push({ name, file: rel, line: p.line, column: p.column, language, via, ...(def !== undefined ? { default: def } : {}), order, topLevel: fnDepth === 0 });
  };
  const addLoad = (loader: string, n: Node, arg: Node | undefined, moduleLevel = fnDepth === 0): void => {
    const obj = objectOf(arg);
    let override = false;
    let paths: PathVal[] = [{ base: 'cwd' }];
    if (loader === 'node-loadEnvFile') paths = [pathOf(arg)];
    else if (obj) {
      for (const p of kids(obj, 'properties')) {
        const k = propName(p);
        const v = unwrap(child(p, 'value'));
        if (k === 'override') override = v?.type === 'Literal' && v.value === true;
        if (k === 'path') paths = v?.type === 'ArrayExpression' ? kids(v, 'elements').map((e) => pathOf(e)) : [pathOf(v)];
      }
    } else if (arg) {
      paths = [{ base: 'unknown', text: src(arg) }];
    }
    const p = at(n);
    for (const pv of paths) {
      const load: DotenvLoad = { file: rel, line: p.line, loader, override, order, topLevel: moduleLevel, base: pv.base, language };
      if (pv.path !== undefined) load.path = pv.path;
      if (pv.text !== undefined) load.pathText = pv.text.slice(0, 120);
      out.dotenvLoads.push(load);
      if (!moduleLevel && fnDepth === 1 && fnName) fnLoads.push({ load, fn: fnName });
    }
  };
  const calleeInfo = (callee: Node | undefined): { name: string; binding?: Binding } | undefined => {
    const u = unwrap(callee);
    if (!u) return undefined;
    if (u.type === 'Identifier') {
      const name = str(u, 'name') ?? '';
      const b = bindings.get(name);
      return { name: b && b.imported !== 'default' && b.imported !== '*' ? b.imported : name, binding: b };
    }
    if (u.type === 'MemberExpression' && !u.computed) {
      const obj = unwrap(child(u, 'object'));
      const prop = str(child(u, 'property'), 'name') ?? '';
      if (obj?.type === 'Identifier') {
        const b = bindings.get(str(obj, 'name') ?? '');
        if (b) return { name: prop, binding: { source: b.source, imported: prop } };
      }
      const req = requireOf(obj);
      if (req) return { name: prop, binding: { source: req, imported: prop } };
      return { name: prop };
    }
    return undefined;
  };
  const clientFrom = (n: Node, kind: ClientKind, calleeName: string): void => {
    const args = kids(n, 'arguments');
    const c: ClientConstruction = { file: rel, line: at(n).line, column: at(n).column, sdk: kind.sdk, options: {}, order, topLevel: fnDepth === 0, language, callee: calleeName, azure: kind.azure };
    let optsNode = objectOf(args[0]);
    if (kind.sdk === 'azure-openai-node' && calleeName === 'OpenAIClient') {
      // new OpenAIClient(endpoint, new AzureKeyCredential(key))
      const ep = valueOf(args[0]);
      if (ep) c.options.azureEndpoint = ep;
      const cred = unwrap(args[1]);
      if (cred?.type === 'NewExpression') {
        const k = valueOf(kids(cred, 'arguments')[0]);
        if (k) c.options.apiKey = k;
      } else if (cred) c.options.apiKey = other(src(cred));
      optsNode = undefined;
    } else if (args[0] && !optsNode) {
      c.options.apiKey = other(src(args[0])); // options built elsewhere: do not guess a default
    }
    if (optsNode) {
      for (const p of kids(optsNode, 'properties')) {
        if (p.type !== 'Property') {
          if (!c.options.apiKey) c.options.apiKey = other(src(p)); // a spread may carry the key
          continue;
        }
        const k = propName(p) ?? '';
        const v = child(p, 'value');
        if (k === 'dangerouslyAllowBrowser') {
          const u = unwrap(v);
          c.options.dangerouslyAllowBrowser = u?.type === 'Literal' ? u.value === true : true;
          continue;
        }
        if (k === 'configuration') {
          const inner = objectOf(v);
          for (const q of kids(inner, 'properties')) {
            const qk = propName(q) ?? '';
            const slot = OPTION_MAP[qk];
            const val = valueOf(child(q, 'value'));
            if (slot && slot !== 'dangerouslyAllowBrowser' && val && !c.options[slot]) c.options[slot] = val;
          }
          continue;
        }
        if (MODEL_KEYS.has(k)) {
          const m = stringOf(v);
          if (m) addModel(m, p);
        }
        const slot = OPTION_MAP[k];
        if (slot && slot !== 'dangerouslyAllowBrowser') {
          const val = valueOf(v);
          if (val) c.options[slot] = val;
        }
      }
    }
    if (kind.generation) setGeneration(kind.generation, n);
    out.clients.push(finishClient(c));
  };

  const visit = (n: Node): void => {
    if (SKIP_TYPES.has(n.type)) return;
    if (handled.has(n)) return;
    switch (n.type) {
      case 'ImportDeclaration': {
        const source = stringOf(child(n, 'source')) ?? '';
        if (n.importKind === 'type') return;
        const pre = DOTENV_PRELOAD[source];
        if (pre) {
          addLoad(pre, n, undefined, true);
          const last = out.dotenvLoads[out.dotenvLoads.length - 1];
          if (last && moduleKind === 'esm') last.hoisted = true;
        }
        out.rawLoads.push({ spec: source, line: at(n).line, order, hoisted: moduleKind === 'esm' });
        return;
      }
      case 'ExportAllDeclaration':
      case 'ExportNamedDeclaration': {
        const s = stringOf(child(n, 'source'));
        if (s !== undefined) {
          out.rawLoads.push({ spec: s, line: at(n).line, order, hoisted: moduleKind === 'esm' });
          return;
        }
        break;
      }
      case 'ImportExpression': {
        const s = stringOf(child(n, 'source'));
        if (s !== undefined) {
          out.rawLoads.push({ spec: s, line: at(n).line, order, hoisted: false, dynamic: true });
          const pre = DOTENV_PRELOAD[s];
          if (pre) addLoad(pre, n, undefined); // await import('dotenv/config'): runs where it stands
        }
        break;
      }
      case 'AssignmentExpression': {
        const left = unwrap(child(n, 'left'));
        const e = envName(left);
        if (e && left) {
          handled.add(left);
          const v = stringOf(child(n, 'right'));
          out.envWrites.push({ name: e.name, file: rel, line: at(n).line, language, via: e.via, ...(v !== undefined ? { value: v } : {}), order, topLevel: fnDepth === 0 });
        }
        break;
      }
      case 'LogicalExpression': {
        if (n.operator === '??' || n.operator === '||') {
          const left = unwrap(child(n, 'left'));
          const e = envName(left);
          const d = stringOf(child(n, 'right'));
          if (e && left && d !== undefined) {
            handled.add(left);
            addRead(e.name, e.via, left, d);
          }
        }
        break;
      }
      case 'VariableDeclarator': {
        const id = child(n, 'id');
        const init = child(n, 'init');
        if (fnDepth === 0) {
          declName = id?.type === 'Identifier' ? str(id, 'name') : undefined;
          declInit = unwrap(init);
        }
        if (id?.type === 'Identifier') {
          const e = envName(init) ?? envName(child(unwrap(init), 'left'));
          if (e) alias(str(id, 'name') ?? '', e.name);
        }
        if (id?.type === 'ObjectPattern' && isProcessEnv(init)) {
          const via = envName({ type: 'MemberExpression', start: 0, end: 0, object: init, property: { type: 'Identifier', name: 'X', start: 0, end: 0 }, computed: false })?.via ?? 'process.env';
          for (const p of kids(id, 'properties')) {
            const k = propName(p);
            const v = unwrap(child(p, 'value'));
            if (!k) continue;
            const def = v?.type === 'AssignmentPattern' ? stringOf(child(v, 'right')) : undefined;
            addRead(k, `${via} destructuring`, p, def);
            const local = v?.type === 'Identifier' ? str(v, 'name') : v?.type === 'AssignmentPattern' ? str(child(v, 'left'), 'name') : undefined;
            if (local && !consts.has(local)) consts.set(local, { type: 'MemberExpression', start: p.start, end: p.end, object: init, property: { type: 'Identifier', name: k, start: 0, end: 0 }, computed: false } as Node);
          }
          if (init) handled.add(init);
        }
        break;
      }
      case 'MemberExpression': {
        const e = envName(n);
        if (e) {
          addRead(e.name, e.via, n);
          return;
        }
        // client.chat.completions.create / responses.create → v4+; createChatCompletion → v3
        const prop = str(child(n, 'property'), 'name');
        if (prop === 'completions' && str(child(unwrap(child(n, 'object')), 'property'), 'name') === 'chat') setGeneration('node-v4', n);
        if (prop === 'createChatCompletion' || prop === 'createCompletion' || prop === 'createEmbedding') {
          const ob = unwrap(child(n, 'object'));
          if (ob && /openai/i.test(src(ob))) setGeneration('node-v3', n);
        }
        break;
      }
      case 'Property': {
        const k = propName(n);
        if (k && MODEL_KEYS.has(k)) {
          const m = stringOf(child(n, 'value'));
          if (m) addModel(m, n);
        }
        if (k) {
          const e = envName(child(n, 'value')) ?? envName(child(unwrap(child(n, 'value')), 'left'));
          if (e) alias(k, e.name);
        }
        break;
      }
      case 'NewExpression':
      case 'CallExpression': {
        const callee = child(n, 'callee');
        if (fnDepth === 0 && n.type === 'CallExpression' && unwrap(callee)?.type === 'Identifier') {
          const nm = str(unwrap(callee), 'name') ?? '';
          if (!topCalls.has(nm)) topCalls.set(nm, order);
        }
        const info = calleeInfo(callee);
        const args = kids(n, 'arguments');
        if (n.type === 'CallExpression') {
          const u = unwrap(callee);
          // require('x')
          if (u?.type === 'Identifier' && str(u, 'name') === 'require') {
            const s = stringOf(args[0]);
            if (s !== undefined) {
              const pre = DOTENV_PRELOAD[s];
              if (pre) addLoad(pre, n, undefined);
              out.rawLoads.push({ spec: s, line: at(n).line, order, hoisted: false, dynamic: fnDepth > 0 });
            }
            break;
          }
          // process.loadEnvFile(path?)
          if (u?.type === 'MemberExpression' && str(unwrap(child(u, 'object')), 'name') === 'process' && str(child(u, 'property'), 'name') === 'loadEnvFile') {
            addLoad('node-loadEnvFile', n, args[0]);
            break;
          }
          // dotenv.config(), require('dotenv').config(), config() from 'dotenv'
          if (info && (info.name === 'config' || info.name === 'configDotenv') && info.binding) {
            const loader = DOTENV_MODULES[info.binding.source];
            if (loader) {
              addLoad(loader, n, args[0]);
              break;
            }
          }
          // Vercel AI SDK default providers: openai('gpt-4o'), openai.chat('gpt-4o'), azure('deployment')
          if (info?.binding && (info.binding.source === '@ai-sdk/openai' || info.binding.source === '@ai-sdk/azure')) {
            const local = u?.type === 'Identifier' ? bindings.get(str(u, 'name') ?? '') : u?.type === 'MemberExpression' ? bindings.get(str(unwrap(child(u, 'object')), 'name') ?? '') : undefined;
            if (local && (local.imported === 'openai' || local.imported === 'azure')) {
              const m = stringOf(args[0]);
              if (m && local.imported === 'openai') addModel(m, n);
              if (!out.clients.some((c) => c.sdk === 'vercel-ai' && c.callee === local.imported)) {
                out.clients.push(finishClient({ file: rel, line: at(n).line, column: at(n).column, sdk: 'vercel-ai', options: {}, order, topLevel: false, language, callee: local.imported, azure: local.imported === 'azure' }));
              }
            }
          }
        }
        if (info) {
          const imported = info.binding?.imported;
          const kind = clientKind(imported === 'default' || imported === '*' ? 'default' : info.name, info.binding?.source);
          if (kind && (n.type === 'NewExpression' || kind.sdk === 'vercel-ai')) clientFrom(n, kind, info.name);
          else if (n.type === 'NewExpression' && info.name === 'OpenAIApi' && (!info.binding || info.binding.source === 'openai')) setGeneration('node-v3', n);
        }
        break;
      }
    }
    const isFn = FUNCTION_TYPES.has(n.type) || (CLASS_FIELDS.has(n.type) && !n.static);
    const outerFn = fnName;
    if (isFn && fnDepth === 0) fnName = topFunctionName(n);
    if (isFn) fnDepth++;
    for (const key of childKeys(n)) {
      const v = n[key];
      if (Array.isArray(v)) {
        for (const x of v) if (isNode(x)) visit(x);
      } else if (isNode(v)) visit(v);
    }
    if (isFn) fnDepth--;
    if (isFn) fnName = outerFn;
  };
  for (const st of body) {
    visit(st);
    order++;
  }
  // `async function main() { dotenv.config(); ... } main();`: the load runs where main() is called
  for (const { load, fn } of fnLoads) {
    const at = topCalls.get(fn);
    if (at !== undefined && at >= (load.order ?? 0)) {
      load.topLevel = true;
      load.order = at;
    }
  }
  if (models.size) out.code.models = [...models].map(([name, line]) => ({ name, line }));
  return out;
}
