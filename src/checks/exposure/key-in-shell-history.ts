import type { FindingDraft } from '../../core/types.js';
import type { HistoryHit } from '../../core/facts.js';
import type { Check } from '../types.js';

/** The command that deletes line N of a history file (and what to do about the shells still open). */
function removal(h: HistoryHit): { summary: string; command: string } {
  const file = h.path.startsWith('~/') ? `"$HOME/${h.path.slice(2)}"` : `'${h.path}'`;
  if (h.shell === 'fish')
    return {
      summary: `Delete the entry in fish (it rewrites ${h.path} itself): run this in fish, then choose the entry's number.`,
      command: `history delete --contains '${h.name ? `${h.name}=` : 'sk-'}'`,
    };
  const open =
    h.shell === 'bash'
      ? 'Shells still open write their history back when they exit: run `history -c` in them first (or close them), then delete the line'
      : h.shell === 'zsh'
        ? 'Close the zsh sessions still open first (they write their history back), then delete the line'
        : 'Close the REPL first, then delete the line';
  return {
    summary: `${open}, and rotate the key if others can read this machine's files or backups.`,
    command: `sed -i '${h.line}d' ${file}`,
  };
}

/** A key typed into a shell or REPL history file. */
export const check: Check = {
  meta: {
    id: 'key-in-shell-history',
    title: 'A key sits in a shell or REPL history file',
    severity: 'warning',
    area: 'exposure',
    docs: {
      what: 'An API key appears in `~/.bash_history`, `~/.zsh_history`, fish\'s `~/.local/share/fish/fish_history`, `~/.python_history` or `~/.node_repl_history` (or `$HISTFILE`): it was typed once, as `export OPENAI_API_KEY=sk-...`, `curl -H "Authorization: Bearer sk-..."` or `openai.api_key = "sk-..."` in a REPL.',
      why: 'History files keep every command in clear text, unencrypted, usually for years; they are copied by dotfile repositories, backups and sync tools, and anything running as you can read them. A key there outlives its rotation in `.env`.',
      fix: 'Delete the line (the finding gives the command; close or `history -c` the shells still open first, since they write their history back on exit). Rotate the key if the file may have been copied. Next time keep the key out of the command line: put it in `.env`, read it with `read -rs OPENAI_API_KEY && export OPENAI_API_KEY`, or start the command with a space where `HISTCONTROL=ignorespace` (bash) / `setopt HIST_IGNORE_SPACE` (zsh) is set.',
    },
  },
  run({ facts }) {
    const out: FindingDraft[] = [];
    for (const h of facts.history ?? []) {
      const what = h.provider ? `${h.label}` : 'An API key';
      const fix = removal(h);
      out.push({
        id: 'key-in-shell-history',
        message: `${what}${h.name ? ` (${h.name})` : ''} was typed into ${h.path} (line ${h.line}): your ${h.shell} history keeps it in clear text.`,
        location: { path: h.path, line: h.line },
        fix: { summary: fix.summary, command: fix.command },
        data: { shell: h.shell, kind: h.kind, ...(h.provider ? { provider: h.provider } : {}) },
      });
    }
    return out;
  },
};
