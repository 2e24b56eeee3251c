/**
 * Dotenv loads: python-dotenv `load_dotenv()` / `dotenv_values()` (with `find_dotenv()`), django-environ
 * `read_env()`, dotenv-azd `load_azd_env()` (the Azure Developer CLI environment's `.env`).
 */
import type { DotenvLoad } from '../../types.js';
import { type Tok, stringValue } from '../tokenize.js';
import { dotted, matchClose, splitArgs, textOf } from '../syntax.js';
import type { PyContext, PyVisitor } from '../context.js';

export function addLoad(
  ctx: PyContext,
  loader: string,
  line: number,
  pathToks: Tok[] | undefined,
  override: boolean,
  extra: Partial<DotenvLoad> = {},
): void {
  const { scope } = ctx;
  const make = (): DotenvLoad => ({
    file: ctx.rel,
    line: ctx.mapLine(line),
    loader,
    override,
    order: ctx.order,
    topLevel: !ctx.inFunction,
    language: ctx.language,
    ...ctx.mainWhen(),
    ...extra,
  });
  const push = (load: DotenvLoad): void => {
    ctx.out.dotenvLoads.push(load);
    if (ctx.inFunction && ctx.fnName) ctx.fnLoads.push({ load, fn: ctx.fnName });
  };
  if (!pathToks || pathToks.length === 0 || (pathToks.length === 1 && pathToks[0]?.text === 'None')) {
    const load = make();
    if (!load.base) load.base = ctx.notebook ? 'cwd-walk-up' : 'walk-up';
    push(load);
    return;
  }
  // find_dotenv(...) inside
  const fd = dotted(pathToks, 0);
  if (fd && scope.full(fd.name) === 'dotenv.find_dotenv' && pathToks[fd.end]?.text === '(') {
    const load = make();
    const args = splitArgs(pathToks, fd.end, matchClose(pathToks, fd.end));
    const fname = args.find((a) => a.kw === 'filename') ?? args.find((a) => !a.kw);
    const usecwd = args.find((a) => a.kw === 'usecwd')?.toks[0]?.text === 'True';
    load.base = usecwd || ctx.notebook ? 'cwd-walk-up' : 'walk-up';
    const fv =
      fname && fname.toks.length === 1 && fname.toks[0]?.type === 'string' ? stringValue(fname.toks[0]) : undefined;
    if (fv !== undefined) load.path = fv;
    push(load);
    return;
  }
  const paths = scope.pathsOf(pathToks);
  for (const pv of paths) {
    const load = make();
    if (!pv) {
      load.base = 'unknown';
      load.pathText = textOf(pathToks).slice(0, 120);
    } else {
      load.base = pv.anchor === 'filedir' ? 'file-dir' : pv.anchor === 'abs' ? 'absolute' : 'cwd';
      load.path = pv.rel || '.';
    }
    // A loop over candidate files (`for f in [~/.env, ./.env]: if f.exists(): load_dotenv(f)`): each may be absent.
    if (paths.length > 1) load.optional = true;
    push(load);
  }
}

import { AZD_ENV_FILE } from '../../loads.js';

export { AZD_ENV_FILE };

export const dotenv: PyVisitor = {
  call(c, ctx) {
    const f = c.full;
    if (f === 'dotenv_azd.load_azd_env' || f === 'dotenv_azd.main.load_azd_env') {
      const override = c.args.find((a) => a.kw === 'override')?.toks[0]?.text === 'True';
      addLoad(ctx, 'dotenv-azd', c.line, undefined, override, { base: 'cwd-walk-up', path: AZD_ENV_FILE });
      return true;
    }
    // Semantic Kernel 0.x `sk.openai_settings_from_dot_env()` / `azure_openai_settings_from_dot_env()`:
    // dotenv_values(".env") of the working folder, the environment not consulted; the values go to the client
    if (
      /^semantic_kernel(\.utils\.settings)?\.(openai|azure_openai|azure_aisearch|azure_cosmosdb|google_palm|pinecone|postgres|weaviate|redis|bing_search|mongodb_atlas|astradb|azure_container_apps|booking_sample|google_search)_settings_from_dot_env$/.test(
        f,
      )
    ) {
      addLoad(ctx, 'semantic-kernel', c.line, undefined, true, { base: 'cwd', path: '.env', populatesEnv: false });
      return true;
    }
    if (f === 'dotenv.load_dotenv' || f === 'dotenv.dotenv_values' || f === 'dotenv.main.load_dotenv') {
      const pathArg = c.args.find((a) => a.kw === 'dotenv_path') ?? c.args.find((a) => !a.kw);
      const override = c.args.find((a) => a.kw === 'override')?.toks[0]?.text === 'True';
      addLoad(
        ctx,
        'python-dotenv',
        c.line,
        pathArg?.toks,
        override,
        f.endsWith('dotenv_values') ? { populatesEnv: false } : {},
      );
      return true;
    }
    if (
      /^environ\.Env\.read_env$|^environ\.Env\(\)\.read_env$/.test(f) ||
      (c.callee.endsWith('.read_env') && ctx.scope.envObjects.has(c.callee.split('.')[0] ?? ''))
    ) {
      const pathArg = c.args.find((a) => a.kw === 'env_file') ?? c.args.find((a) => !a.kw);
      const override = c.args.find((a) => a.kw === 'overwrite')?.toks[0]?.text === 'True';
      addLoad(
        ctx,
        'django-environ',
        c.line,
        pathArg?.toks,
        override,
        pathArg ? {} : { base: 'file-dir', path: '.env' },
      );
      return true;
    }
    // Modal's `secret=modal.Secret.from_dotenv()`: the `.env` found from the folder `modal run` starts in
    // (or the path given), handed to the function's environment where it runs
    if (f === 'modal.Secret.from_dotenv') {
      const pathArg = c.args.find((a) => a.kw === 'path') ?? c.args.find((a) => !a.kw);
      addLoad(ctx, 'modal', c.line, pathArg?.toks, false, pathArg ? {} : { base: 'cwd-walk-up' });
      return true;
    }
  },
};
