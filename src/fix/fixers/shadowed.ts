/**
 * Unsafe fixes of key-shadowed (the key in `.env` loses to an older value):
 * - the stale `export OPENAI_API_KEY=...` in a shell start-up file is commented out, never deleted,
 *   under a dated note; the result is parsed again (keydoctor's shell parser: every other line must
 *   still set what it set; and `bash -n` / `zsh -n` / `fish -n` where that shell is installed);
 * - where the winner is no start-up file (the environment of the program that started the shell, an
 *   IDE), `override=True` is added to the `load_dotenv()` call (`{ override: true }` to
 *   `dotenv.config()`), re-parsed after the edit.
 */
import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import type { Assignment, FindingDraft } from '../../core/types.js';
import { parseShell } from '../../collect/shell/parse.js';
import { parseFish } from '../../collect/shell/fish.js';
import { isText } from '../content.js';
import type { FixProposal } from '../types.js';
import {
  type FixerContext,
  type FixerResult,
  dominantEol,
  escapeRegExp,
  lineSpan,
  refuse,
  resolutionOf,
} from './context.js';
import { addOverride } from './code-edit.js';

type Shell = 'bash' | 'zsh' | 'sh' | 'fish';

function shellOf(path: string, kind: string): Shell {
  const b = basename(path);
  if (kind === 'fish' || path.endsWith('.fish')) return 'fish';
  if (b.startsWith('.zsh') || b === '.zprofile' || b === '.zlogin') return 'zsh';
  if (b === '.profile') return 'sh';
  return 'bash';
}

const SYNTAX_ARGS: Record<Shell, string[]> = {
  bash: ['--norc', '--noprofile', '-n'],
  zsh: ['-f', '-n'],
  sh: ['-n'],
  fish: ['--no-config', '-n'],
};

/** `bash -n` and friends on a text: true (parses), false (does not), undefined (the shell is not installed). */
export function shellParses(text: string, shell: Shell): boolean | undefined {
  const r = spawnSync(shell, SYNTAX_ARGS[shell], {
    input: text,
    timeout: 10000,
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent' },
  });
  if (r.error) return undefined;
  return r.status === 0;
}

function assignmentsOf(
  text: string,
  shell: Shell,
  path: string,
): Array<{ name: string; value: string; exported?: boolean }> {
  const list = shell === 'fish' ? parseFish(text, { path }).assignments : parseShell(text, { path, shell }).assignments;
  return list.map((a) => ({ name: a.name, value: a.value, exported: a.exported }));
}

function dateOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The comment-out of one start-up file line that sets `name`. */
export function commentOutExport(
  f: FindingDraft,
  ctx: FixerContext,
  a: Assignment,
  name: string,
  why: string,
): FixerResult {
  const loc = a.location;
  if (!loc?.line) return undefined;
  const abs = ctx.abs(loc.path);
  const file = ctx.read(abs);
  if (!file.exists || !isText(file)) return undefined;
  const span = lineSpan(file.text, loc.line);
  if (!span) return undefined;
  const line = file.text.slice(span.start, span.end);
  const shell = shellOf(abs, a.kind);
  const n = escapeRegExp(name);
  const posix = new RegExp(`^[ \\t]*(?:export[ \\t]+|(?:declare|typeset)[ \\t]+-[a-zA-Z]*x[a-zA-Z]*[ \\t]+)?${n}=`);
  const fish = new RegExp(`^[ \\t]*set[ \\t]+(?:-[a-zA-Z]+[ \\t]+)*${n}[ \\t]`);
  if (!(shell === 'fish' ? fish : posix).test(line))
    return refuse(
      f,
      `${ctx.display(abs)}:${loc.line} does not start with a plain assignment of ${name}: comment it out by hand`,
      ctx.display(abs),
    );
  // One statement on one line, and nothing else on it.
  if (
    /\\$/.test(line) ||
    /;|&&|\|\||`|\$\(/.test(
      line
        .replace(/#.*$/, '')
        .replace(/'[^']*'/g, "''")
        .replace(/"(?:\\.|[^"\\])*"/g, '""'),
    )
  )
    return refuse(
      f,
      `${ctx.display(abs)}:${loc.line} holds more than the assignment of ${name}: comment it out by hand`,
      ctx.display(abs),
    );
  const before = assignmentsOf(file.text, shell, loc.path);
  if (before.filter((x) => x.name === name).length === 0) return undefined;
  const others = ctx.facts.assignments.filter(
    (x) =>
      x.name === name &&
      x !== a &&
      ['shell-rc', 'fish', 'etc-environment'].includes(x.kind) &&
      !(x.location?.path === loc.path && x.location?.line === loc.line),
  );
  const eol = span.eol || dominantEol(file.text);
  const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
  const note = `${indent}# keydoctor fix ${dateOf(ctx.now)}: commented out: this stale ${name} ${why} (\`keydoctor fix --undo\` restores it)${eol}`;
  const parses = shellParses(file.text, shell);
  if (parses === undefined && indent !== '')
    return refuse(
      f,
      `${ctx.display(abs)}:${loc.line} is inside a block and ${shell} is not installed to check the result: comment it out by hand`,
      ctx.display(abs),
    );
  const p: FixProposal = {
    path: abs,
    edits: [{ start: span.start, end: span.start + indent.length, text: `${note}${indent}# ` }],
    applicability: 'unsafe',
    title: `comment out the stale ${name} on line ${loc.line} (with a dated note)`,
    caution: `every program started from a new terminal loses this ${name}: other projects that relied on it need their own .env`,
    afterwards: `run \`unset ${name}\` in the terminals that are open (or open new ones): they still hold the old value`,
    shellEnv: { [name]: others.length ? (others[others.length - 1] as Assignment).value : null },
    verify: (after) => {
      if (parses === true && shellParses(after, shell) === false)
        return `${shell} -n reports a syntax error in the result`;
      const got = assignmentsOf(after, shell, loc.path);
      const want = before.filter((x) => !(x.name === name && x.value === a.value));
      const key = (x: { name: string; value: string }) => `${x.name}=${x.value}`;
      const rest = got
        .filter((x) => x.name !== name)
        .map(key)
        .join('\n');
      if (
        rest !==
        before
          .filter((x) => x.name !== name)
          .map(key)
          .join('\n')
      )
        return 'the other lines of the file would set something else';
      if (got.filter((x) => x.name === name).length !== want.filter((x) => x.name === name).length)
        return `the file would still set the stale ${name}`;
      return undefined;
    },
  };
  return [p];
}

export function fixShadowed(f: FindingDraft, ctx: FixerContext): FixerResult {
  const r = resolutionOf(f, ctx);
  const name = r?.name ?? (typeof f.data?.variable === 'string' ? f.data.variable : undefined);
  if (!name) return undefined;
  const edit = f.fix?.edit;
  const loser = typeof f.data?.loser === 'string' ? f.data.loser : 'the file';
  // The start-up file line that sets the stale value (the finding's own edit names it).
  if (edit?.line && edit.path.startsWith('~/')) {
    const a = ctx.facts.assignments.find(
      (x) =>
        x.name === name &&
        x.location?.path === edit.path &&
        x.location?.line === edit.line &&
        ['shell-rc', 'fish', 'etc-environment'].includes(x.kind),
    );
    if (a) return commentOutExport(f, ctx, a, name, `shadowed the one in ${loser}`);
  }
  // No start-up file to change: make the file win.
  if (
    r &&
    r.winner.kind === 'process-env' &&
    !r.winner.location &&
    (r.target.kind === 'python' || r.target.kind === 'node')
  ) {
    const lost = r.res.chain.find((c) => c.status === 'lost' && c.assignment.kind === 'dotenv')?.assignment;
    if (lost?.location) return addOverride(f, ctx, r.target, lost.location.path);
  }
  return undefined;
}
