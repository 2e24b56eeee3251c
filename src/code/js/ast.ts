/** ESTree helpers over @babel/parser's output: typed access to children, literals, wrappers. */
import type { ParserPlugin } from '@babel/parser';
import { lazyBabel } from '../../core/lazy.js';

export interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

export const isNode = (v: unknown): v is Node =>
  typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
export const child = (n: Node | undefined, k: string): Node | undefined => {
  const v = n?.[k];
  return isNode(v) ? v : undefined;
};
export const kids = (n: Node | undefined, k: string): Node[] => {
  const v = n?.[k];
  return Array.isArray(v) ? v.filter(isNode) : [];
};
export const str = (n: Node | undefined, k: string): string | undefined => {
  const v = n?.[k];
  return typeof v === 'string' ? v : undefined;
};

// Keys that never hold code to walk: type-only children and the parser's bookkeeping.
const SKIP_KEYS = new Set([
  'type',
  'start',
  'end',
  'loc',
  'range',
  'extra',
  'leadingComments',
  'trailingComments',
  'innerComments',
  'comments',
  'errors',
  'tokens',
  'typeAnnotation',
  'returnType',
  'typeParameters',
  'typeArguments',
  'superTypeParameters',
  'superTypeArguments',
]);

/** The child keys to walk for a node (every own key that can hold a node, without type-only ones). */
export function childKeys(n: Node): string[] {
  const out: string[] = [];
  for (const k in n) if (!SKIP_KEYS.has(k)) out.push(k);
  return out;
}

/** Type-only declarations: nothing in them runs. */
export const SKIP_TYPES = new Set([
  'TSTypeAnnotation',
  'TSInterfaceDeclaration',
  'TSTypeAliasDeclaration',
  'TSTypeParameterInstantiation',
  'TSTypeParameterDeclaration',
  'TSDeclareFunction',
  'TSModuleDeclaration',
  'TSEnumDeclaration',
]);
/** Instance fields run when the class is instantiated, not on import (ESTree and Babel names). */
export const CLASS_FIELDS = new Set([
  'PropertyDefinition',
  'ClassProperty',
  'ClassPrivateProperty',
  'ClassAccessorProperty',
  'AccessorProperty',
]);
export const FUNCTION_TYPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'MethodDefinition',
  'TSDeclareMethod',
]);
const WRAPPERS = new Set([
  'TSAsExpression',
  'TSNonNullExpression',
  'TSSatisfiesExpression',
  'TSTypeAssertion',
  'ParenthesizedExpression',
  'ChainExpression',
  'AwaitExpression',
]);

export function unwrap(n: Node | undefined): Node | undefined {
  let cur = n;
  while (cur && WRAPPERS.has(cur.type)) cur = child(cur, 'expression') ?? child(cur, 'argument');
  return cur;
}

/** A string literal or a template literal without substitutions. */
export function stringOf(n: Node | undefined): string | undefined {
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

export function propName(p: Node): string | undefined {
  const key = child(p, 'key');
  if (!key) return undefined;
  if (!p.computed && key.type === 'Identifier') return str(key, 'name');
  return stringOf(key);
}

/** The name a call or `new` calls, as written: `f` for `f()`, `m` for `o.m()`. */
export function calleeName(callee: Node | undefined): string | undefined {
  const u = unwrap(callee);
  if (u?.type === 'Identifier') return str(u, 'name');
  if (u?.type === 'MemberExpression' && !u.computed) return str(child(u, 'property'), 'name');
  return undefined;
}

/** Parser plugins by file name: TypeScript for .ts/.mts/.cts, TSX for .tsx, JSX for JavaScript. */
function pluginsFor(name: string): ParserPlugin[] {
  if (/\.(ts|mts|cts)$/.test(name)) return ['estree', 'typescript', 'decorators-legacy'];
  if (/\.tsx$/.test(name)) return ['estree', 'typescript', 'jsx', 'decorators-legacy'];
  return ['estree', 'jsx'];
}

/** Parses a module; throws the parser's error on a syntax error. */
export function parseProgram(text: string, name: string): Node {
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
  return r.program as unknown as Node;
}
