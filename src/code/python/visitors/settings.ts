/**
 * pydantic `BaseSettings` classes (v1 inner `Config`, v2 `model_config = SettingsConfigDict(...)`):
 * each field is an environment read (`env_prefix` + field name, case-insensitive, or its alias), and
 * `env_file` is a dotenv load that does not populate `os.environ`.
 */
import { stringValue } from '../tokenize.js';
import { dotted, matchClose, splitArgs, textOf } from '../syntax.js';
import type { PyVisitor, SettingsClass } from '../context.js';
import type { Tok } from '../tokenize.js';
import type { FileAnalysis } from '../../analysis.js';
import { addLoad } from './dotenv.js';

/**
 * `Settings(_env_file=".env")`: an instantiation of a settings class of this file that names its
 * dotenv file itself (pydantic-settings' `_env_file`, which overrides model_config's env_file), a
 * load at that statement. `_env_file=None` loads nothing.
 */
function instantiations(toks: Tok[], classes: SettingsClass[], order: number): void {
  for (let i = 0; i + 1 < toks.length; i++) {
    const t = toks[i] as Tok;
    if (t.type !== 'name' || toks[i + 1]?.text !== '(' || toks[i - 1]?.text === '.') continue;
    const sc = classes.find((c) => c.name === t.text);
    if (!sc) continue;
    const arg = splitArgs(toks, i + 1, matchClose(toks, i + 1)).find((a) => a.kw === '_env_file');
    if (arg && arg.toks[0]?.text !== 'None') sc.envFiles.push({ toks: arg.toks, line: t.line, order });
  }
}

/** `name: Type` / `name: Optional[Type] = ...` in a class body: name → Type (null where classes disagree). */
function attrType(toks: Tok[], out: FileAnalysis): void {
  if (toks[0]?.type !== 'name' || toks[1]?.text !== ':') return;
  let k = 2;
  if (/^(?:Optional|typing\.Optional)$/.test(toks[k]?.text ?? '') && toks[k + 1]?.text === '[') k += 2;
  const t = toks[k];
  if (t?.type !== 'name' || !/^_?[A-Z]\w*$/.test(t.text)) return;
  const types = (out.attrTypes ??= {});
  const name = toks[0].text;
  types[name] = types[name] === undefined || types[name] === t.text ? t.text : null;
}

export const settings: PyVisitor = {
  block(frame, st, ctx) {
    if (frame.kind !== 'class') return;
    const toks = st.toks;
    const enclosing = ctx.stack[ctx.stack.length - 1];
    const close = toks[2]?.text === '(' ? matchClose(toks, 2) : -1;
    const bases = close > 0 ? toks.slice(3, close).map((t) => t.text) : [];
    if (bases.some((b) => b === 'BaseSettings')) {
      const sc: SettingsClass = {
        fields: [],
        prefix: '',
        envFiles: [],
        line: toks[0]?.line ?? 0,
        order: ctx.order,
        ...(toks[1]?.type === 'name' ? { name: toks[1].text } : {}),
      };
      ctx.settingsClasses.push(sc);
      frame.settings = sc;
    } else if (enclosing?.settings && toks[1]?.text === 'Config') frame.settings = enclosing.settings; // pydantic v1 inner Config
  },
  statement(st, ctx, opensBlock) {
    const top = ctx.stack[ctx.stack.length - 1];
    const sc = top?.settings;
    // `azure_openai: _AzureOpenAISettings = _AzureOpenAISettings()` in a class body: the attribute's class,
    // so `settings.azure_openai.key` is that class's `key` (collector.ts), whatever other classes call `key`
    if (top?.kind === 'class' && !ctx.inFunction && !opensBlock) attrType(st.toks, ctx.out);
    if (!sc) {
      if (ctx.settingsClasses.length > 0) instantiations(st.toks, ctx.settingsClasses, ctx.order);
      return;
    }
    if (ctx.inFunction) return;
    const toks = st.toks;
    const first = toks[0];
    if (!first || first.type !== 'name') return;
    const { scope } = ctx;
    if (toks[1]?.text === ':' && !opensBlock) {
      const eq = toks.findIndex((t) => t.text === '=');
      let name = first.text;
      let alias = false;
      let def: string | undefined;
      if (eq > 0) {
        const rhs = toks.slice(eq + 1);
        const v = scope.valueOf(rhs);
        if (v?.kind === 'literal') def = v.value;
        if (rhs[0]?.text === 'None') def = '';
        const d0 = dotted(rhs, 0);
        if (d0 && /(^|\.)Field$/.test(d0.name) && rhs[d0.end]?.text === '(') {
          const args = splitArgs(rhs, d0.end, matchClose(rhs, d0.end));
          const al = args.find((a) => a.kw === 'alias' || a.kw === 'validation_alias' || a.kw === 'env');
          const av = al && al.toks.length === 1 && al.toks[0]?.type === 'string' ? stringValue(al.toks[0]) : undefined;
          if (av) {
            name = av;
            alias = true;
          }
          const dv = args.find((a) => a.kw === 'default') ?? args.find((a) => !a.kw);
          def = dv
            ? dv.toks[0]?.type === 'string'
              ? stringValue(dv.toks[0])
              : dv.toks[0]?.text === 'None'
                ? ''
                : dv.toks[0]?.text === '...'
                  ? undefined
                  : textOf(dv.toks)
            : undefined;
        }
      }
      if (name !== 'model_config')
        sc.fields.push({ name, attr: first.text, line: first.line, def, alias, order: ctx.order });
      return;
    }
    if (
      first.text !== 'model_config' &&
      first.text !== 'env_file' &&
      first.text !== 'env_prefix' &&
      first.text !== 'secrets_dir' &&
      first.text !== 'case_sensitive'
    )
      return;
    const eq = toks.findIndex((t) => t.text === '=');
    const rhs = toks.slice(eq + 1);
    const prefixOf = (t: typeof rhs) => {
      if (t[0]?.type === 'string') return stringValue(t[0]) ?? '';
      const v = scope.valueOf(t);
      if (v?.kind === 'literal') return v.value;
      // `env_prefix = ENV_PREFIX` imported from another module: the collector looks it up there
      const imported = t.length === 1 && t[0]?.type === 'name' ? scope.imports.get(t[0].text) : undefined;
      if (imported) sc.prefixRef = imported;
      return undefined;
    };
    // secrets_dir="/run/secrets", ("secrets", "/run/secrets"), Path("secrets")
    const dirsOf = (t: typeof rhs): string[] => {
      const list =
        t[0]?.text === '(' || t[0]?.text === '[' ? splitArgs(t, 0, matchClose(t, 0)).map((a) => a.toks) : [t];
      const out: string[] = [];
      for (const x of list) {
        const inner =
          x[0]?.type === 'name' && /^(Path|PurePath|pathlib\.Path)$/.test(x[0].text) && x[1]?.text === '('
            ? x.slice(2, -1)
            : x;
        const v = inner.length === 1 && inner[0]?.type === 'string' ? stringValue(inner[0]) : undefined;
        if (v) out.push(v);
      }
      return out;
    };
    if (first.text === 'secrets_dir') sc.secretsDirs = dirsOf(rhs);
    else if (first.text === 'case_sensitive') sc.caseSensitive = rhs[0]?.text === 'True';
    else if (first.text === 'env_file') sc.envFiles.push({ toks: rhs, line: first.line });
    else if (first.text === 'env_prefix') sc.prefix = prefixOf(rhs) ?? sc.prefix;
    else {
      const d0 = dotted(rhs, 0);
      if (d0 && rhs[d0.end]?.text === '(') {
        for (const a of splitArgs(rhs, d0.end, matchClose(rhs, d0.end))) {
          if (a.kw === 'env_file') sc.envFiles.push({ toks: a.toks, line: first.line });
          if (a.kw === 'env_prefix') sc.prefix = prefixOf(a.toks) ?? sc.prefix;
          if (a.kw === 'secrets_dir') sc.secretsDirs = dirsOf(a.toks);
          if (a.kw === 'case_sensitive') sc.caseSensitive = a.toks[0]?.text === 'True';
        }
      }
    }
  },
  finish(ctx) {
    // fields → env reads (case-insensitive names, reported upper-case); env_file → loads
    const { out } = ctx;
    // an attribute two classes of the module name differently (`key` of the OpenAI settings and of the
    // search settings): which one `settings.x.key` is cannot be told from the attribute, so neither
    const ambiguous = new Set<string>();
    for (const sc of ctx.settingsClasses) {
      const link = sc.prefixRef
        ? { ref: sc.prefixRef, reads: [] as FileAnalysis['envReads'], attrs: [] as string[] }
        : undefined;
      for (const f of sc.fields) {
        const name = f.alias ? f.name : (sc.prefix + f.name).toUpperCase();
        const had = out.envAliases?.[f.attr];
        if (had !== undefined && had !== name) ambiguous.add(f.attr);
        (out.envAliases ??= {})[f.attr] = name;
        // the class's own `key`, never ambiguous: `Class.attr` (for an attribute typed with the class)
        if (sc.name) out.envAliases[`${sc.name}.${f.attr}`] = name;
        const read = {
          name,
          file: ctx.rel,
          line: ctx.mapLine(f.line),
          language: ctx.language,
          via: 'pydantic-settings',
          ...(f.def !== undefined ? { default: f.def } : {}),
          ...(!f.alias && sc.prefix ? { prefix: sc.prefix.toUpperCase() } : {}),
          ...(sc.secretsDirs?.length ? { secretsDirs: sc.secretsDirs } : {}),
          ...(sc.caseSensitive ? { caseSensitive: true } : {}),
          ...(sc.envFiles.length ? { ownEnvFile: true } : {}),
          order: f.order,
          topLevel: true,
        };
        out.envReads.push(read);
        if (link && !f.alias) {
          link.reads.push(read);
          link.attrs.push(f.attr);
        }
      }
      if (link?.reads.length) (out.prefixLinks ??= []).push(link);
      for (const a of ambiguous) if (out.envAliases) delete out.envAliases[a];
      for (const ef of sc.envFiles) {
        const files =
          ef.toks[0]?.text === '(' || ef.toks[0]?.text === '['
            ? splitArgs(ef.toks, 0, matchClose(ef.toks, 0)).map((a) => a.toks)
            : [ef.toks];
        const before = ctx.order;
        ctx.order = ef.order ?? sc.order;
        for (const ft of files) addLoad(ctx, 'pydantic-settings', ef.line, ft, false, { populatesEnv: false });
        ctx.order = before;
      }
    }
  },
};
