/** What a JavaScript visitor sees of the walk (src/code/js/walk.ts) and the handlers it registers. */
import type { FileAnalysis } from '../analysis.js';
import type { CodeLanguage, DotenvLoad, Guard } from '../types.js';
import type { Node } from './ast.js';
import type { Scope } from './scope.js';

/** What a visitor sees of the walk. */
export interface JsContext {
  readonly rel: string;
  readonly language: CodeLanguage;
  readonly out: FileAnalysis;
  readonly scope: Scope;
  readonly moduleKind: 'esm' | 'cjs';
  at(n: Node): { line: number; column: number };
  src(n: Node): string;
  /** Index of the module-level statement being walked (execution order at import time). */
  order: number;
  /** Functions the walker is inside (0: module level, runs on import). */
  fnDepth: number;
  /** The module-level function being walked, by name. */
  fnName?: string;
  /** The class whose body is being walked, by name. */
  cls?: string;
  /** The conditions around the current node (a conjunction). */
  when: Guard[];
  /** Nodes a visitor already accounted for (an env read taken with its default), so no other visit counts them again. */
  readonly handled: WeakSet<Node>;
  /** The properties of a client's own options object (`new OpenAI({ apiKey: ... })`): options, not config fields to alias. */
  readonly optionProps: WeakSet<Node>;
  /** Module-level calls of bare names: name → statement order (a function's loads run where it is called). */
  readonly topCalls: Map<string, number>;
  /** Dotenv loads inside a module-level function, to be moved to where the function is called. */
  readonly fnLoads: Array<{ load: DotenvLoad; fn: string }>;
  readonly models: Map<string, number>;
}

/** Handlers by node type; a handler returning true keeps the walker out of the node's children. */
export type JsVisitor = Partial<Record<string, (n: Node, ctx: JsContext) => boolean | void>>;
