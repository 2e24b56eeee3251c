/** dynaconf settings objects: `settings = Dynaconf(settings_files=[...], envvar_prefix="...", environments=True)`. */
import { stringValue } from '../tokenize.js';
import { matchClose, splitArgs } from '../syntax.js';
import type { PyVisitor } from '../context.js';

export const dynaconf: PyVisitor = {
  call(c, ctx) {
    if (c.full !== 'dynaconf.Dynaconf' && c.full !== 'dynaconf.LazySettings') return;
    const t0 = c.toks[0];
    const name = c.k === 2 && c.toks[1]?.text === '=' && t0?.type === 'name' ? t0.text : undefined;
    if (!name || ctx.inFunction) return;
    const files: string[] = [];
    let prefix: string | false = 'DYNACONF';
    let environments = false;
    let envSwitcher: string | undefined;
    for (const a of c.args) {
      const kw = (a.kw ?? '').toLowerCase();
      const t = a.toks;
      if (
        kw === 'settings_files' ||
        kw === 'settings_file' ||
        kw === 'settings_file_for_dynaconf' ||
        kw === 'settings_files_for_dynaconf'
      ) {
        const list =
          t[0]?.text === '[' || t[0]?.text === '(' ? splitArgs(t, 0, matchClose(t, 0)).map((x) => x.toks) : [t];
        for (const x of list) {
          const v = x.length === 1 && x[0]?.type === 'string' ? stringValue(x[0]) : undefined;
          if (v) for (const part of v.split(/[,;]/)) if (part.trim()) files.push(part.trim());
        }
      } else if (kw === 'envvar_prefix' || kw === 'envvar_prefix_for_dynaconf') {
        if (t[0]?.text === 'False') prefix = false;
        else if (t.length === 1 && t[0]?.type === 'string') prefix = stringValue(t[0]) ?? prefix;
      } else if (kw === 'environments') environments = t[0]?.text === 'True';
      else if (kw === 'env_switcher' && t.length === 1 && t[0]?.type === 'string') envSwitcher = stringValue(t[0]);
    }
    (ctx.out.dynaconf ??= []).push({
      name,
      files,
      prefix,
      environments,
      ...(envSwitcher ? { envSwitcher } : {}),
      line: ctx.mapLine(c.line),
    });
  },
};
