/** Dotenv loads made by code: `import 'dotenv/config'`, `dotenv.config({ path, override })`, `process.loadEnvFile()`. */
import { type Node, child, kids, propName, str, stringOf, unwrap } from '../ast.js';
import type { PathVal } from '../scope.js';
import type { DotenvLoad } from '../../types.js';
import type { JsContext, JsVisitor } from '../context.js';
import { mainWhen } from './env.js';

const DOTENV_MODULES: Record<string, string> = {
  dotenv: 'dotenv',
  '@dotenvx/dotenvx': 'dotenvx',
  'dotenv-flow': 'dotenv-flow',
  'dotenv-safe': 'dotenv',
};
const DOTENV_PRELOAD: Record<string, string> = {
  'dotenv/config': 'dotenv/config',
  '@dotenvx/dotenvx/config': 'dotenvx',
  'dotenv-flow/config': 'dotenv-flow',
  'dotenv-safe/config': 'dotenv/config',
};

function addLoad(
  ctx: JsContext,
  loader: string,
  n: Node,
  arg: Node | undefined,
  moduleLevel = ctx.fnDepth === 0,
): DotenvLoad[] {
  const obj = ctx.scope.objectOf(arg);
  let override = false;
  let paths: PathVal[] = [{ base: 'cwd' }];
  if (loader === 'node-loadEnvFile') paths = [ctx.scope.pathOf(arg)];
  else if (obj) {
    for (const p of kids(obj, 'properties')) {
      const k = propName(p);
      const v = unwrap(child(p, 'value'));
      if (k === 'override') override = v?.type === 'Literal' && v.value === true;
      if (k === 'path')
        paths =
          v?.type === 'ArrayExpression' ? kids(v, 'elements').map((e) => ctx.scope.pathOf(e)) : [ctx.scope.pathOf(v)];
    }
  } else if (arg) {
    paths = [{ base: 'unknown', text: ctx.src(arg) }];
  }
  const p = ctx.at(n);
  const out: DotenvLoad[] = [];
  for (const pv of paths) {
    const load: DotenvLoad = {
      file: ctx.rel,
      line: p.line,
      loader,
      override,
      order: ctx.order,
      topLevel: moduleLevel,
      base: pv.base,
      language: ctx.language,
      ...mainWhen(ctx),
    };
    const onlyIf = ctx.when.filter((g) => g.kind === 'env');
    if (onlyIf.length) load.onlyIf = onlyIf;
    if (pv.path !== undefined) load.path = pv.path;
    if (pv.text !== undefined) load.pathText = pv.text.slice(0, 120);
    ctx.out.dotenvLoads.push(load);
    out.push(load);
    if (!moduleLevel && ctx.fnDepth === 1 && ctx.fnName) ctx.fnLoads.push({ load, fn: ctx.fnName });
  }
  return out;
}

export const dotenv: JsVisitor = {
  ImportDeclaration(n, ctx) {
    if (n.importKind === 'type') return;
    const pre = DOTENV_PRELOAD[stringOf(child(n, 'source')) ?? ''];
    if (!pre) return;
    for (const l of addLoad(ctx, pre, n, undefined, true)) if (ctx.moduleKind === 'esm') l.hoisted = true;
  },
  ImportExpression(n, ctx) {
    const pre = DOTENV_PRELOAD[stringOf(child(n, 'source')) ?? ''];
    if (pre) addLoad(ctx, pre, n, undefined); // await import('dotenv/config'): runs where it stands
  },
  CallExpression(n, ctx) {
    const u = unwrap(child(n, 'callee'));
    const args = kids(n, 'arguments');
    if (u?.type === 'Identifier' && str(u, 'name') === 'require') {
      const pre = DOTENV_PRELOAD[stringOf(args[0]) ?? ''];
      if (pre) addLoad(ctx, pre, n, undefined);
      return;
    }
    if (
      u?.type === 'MemberExpression' &&
      str(unwrap(child(u, 'object')), 'name') === 'process' &&
      str(child(u, 'property'), 'name') === 'loadEnvFile'
    ) {
      addLoad(ctx, 'node-loadEnvFile', n, args[0]);
      return;
    }
    const info = ctx.scope.calleeInfo(child(n, 'callee'));
    if (info && (info.name === 'config' || info.name === 'configDotenv') && info.binding) {
      const loader = DOTENV_MODULES[info.binding.source];
      if (loader) addLoad(ctx, loader, n, args[0]);
    }
  },
};
