/**
 * Keys typed into the user's own traces: shell and REPL history files in HOME (bash, zsh, fish,
 * python, node; `$HISTFILE` too). `export OPENAI_API_KEY=sk-...` typed once stays there in clear
 * text. Only these files are read (by name), each up to a cap; what is found goes to
 * `facts.history` (and into the masking set), never further.
 */
import { join } from 'node:path';
import type { Collector } from '../collector.js';
import { readFileLimited, isMissing } from '../../core/read-file.js';
import { detect } from '../../scan/detect.js';
import type { HistoryHit } from '../../core/facts.js';

export const HISTORY_FILES: Array<{ rel: string; shell: HistoryHit['shell'] }> = [
  { rel: '.bash_history', shell: 'bash' },
  { rel: '.zsh_history', shell: 'zsh' },
  { rel: '.zhistory', shell: 'zsh' },
  { rel: '.histfile', shell: 'zsh' },
  { rel: '.sh_history', shell: 'sh' },
  { rel: '.local/share/fish/fish_history', shell: 'fish' },
  { rel: '.python_history', shell: 'python' },
  { rel: '.node_repl_history', shell: 'node' },
];

/** Histories larger than this are read from their last MAX_HISTORY bytes only (recent commands). */
export const MAX_HISTORY = 8 << 20;

export const historyCollector: Collector = {
  name: 'history',
  collect(ctx, facts) {
    const hits: HistoryHit[] = [];
    const files = [...HISTORY_FILES];
    const hf = ctx.env.HISTFILE;
    const seen = new Set<string>();
    const list: Array<{ abs: string; shown: string; shell: HistoryHit['shell'] }> = files.map((f) => ({
      abs: join(ctx.home, f.rel),
      shown: `~/${f.rel}`,
      shell: f.shell,
    }));
    if (hf && hf.startsWith('/'))
      list.push({
        abs: hf,
        shown: hf.startsWith(ctx.home + '/') ? `~/${hf.slice(ctx.home.length + 1)}` : hf,
        shell: /zsh/.test(ctx.env.SHELL ?? '') ? 'zsh' : 'bash',
      });
    for (const f of list) {
      if (seen.has(f.abs)) continue;
      seen.add(f.abs);
      let buf: Buffer;
      try {
        const got = readFileLimited(f.abs, MAX_HISTORY);
        if (typeof got === 'number') {
          facts.notes.push({
            kind: 'too-large',
            path: f.shown,
            message: `history file is ${got} bytes, over the ${MAX_HISTORY}-byte cap: not searched for keys`,
          });
          continue;
        }
        buf = got;
      } catch (e) {
        if (!isMissing((e as NodeJS.ErrnoException).code))
          facts.notes.push({
            kind: 'unreadable',
            path: f.shown,
            message: `cannot read history file: ${(e as Error).message}`,
          });
        continue;
      }
      // zsh stores non-ASCII bytes "metafied" (0x83 then the byte ^ 0x20); keys are ASCII, so it does not matter here
      const r = detect(buf, { context: 'other', decode: false });
      for (const h of r.hits) {
        const hit: HistoryHit = {
          path: f.shown,
          abs: f.abs,
          line: h.line,
          shell: f.shell,
          secret: h.secret,
          kind: h.kind,
          label: h.label,
        };
        if (h.provider) hit.provider = h.provider;
        if (h.name) hit.name = h.name;
        hits.push(hit);
      }
    }
    facts.history = hits;
  },
};
