/**
 * The edit a check proposes itself (`finding.fix.edit`: `before` → `after` on a line, or lines to
 * add at the end of a file), turned into a text range of the file's current content; and the fixes
 * built on it: `.env` files into `.gitignore` (appended, never reordered; the file is created when
 * missing), a variable renamed so code and config agree, a retired model replaced.
 */
import type { Edit, FindingDraft } from '../../core/types.js';
import { nodeRequire } from '../../core/require.js';
import type { Ignore } from 'ignore';
import { analyzeDotenv } from '../../collect/dotenv/parse.js';
import { isText, type FileText } from '../content.js';
import type { Applicability, FixProposal, TextEdit } from '../types.js';
import {
  type FixerContext,
  type FixerResult,
  dominantEol,
  escapeRegExp,
  lineSpan,
  refuse,
  editableFile,
} from './context.js';

/** `before` on the edit's line → a text edit (undefined when it is not there exactly once, or at the column given). */
export function lineEdit(file: FileText, e: Edit): TextEdit | undefined {
  if (!e.line || e.before === undefined || e.before === '') return undefined;
  const span = lineSpan(file.text, e.line);
  if (!span) return undefined;
  const line = file.text.slice(span.start, span.end);
  let at: number;
  if (e.column) {
    at = e.column - 1;
    if (line.slice(at, at + e.before.length) !== e.before) return undefined;
  } else {
    at = line.indexOf(e.before);
    if (at < 0 || line.indexOf(e.before, at + 1) >= 0) return undefined;
  }
  return { start: span.start + at, end: span.start + at + e.before.length, text: e.after ?? '' };
}

/** Lines to add at the end of a file (those already there, exactly, are left out). */
export function appendLines(file: FileText, lines: string[]): TextEdit | undefined {
  const have = new Set(file.text.split(/\r?\n|\r/).map((l) => l.trim()));
  const add = lines.filter((l) => l.trim() !== '' && !have.has(l.trim()));
  if (add.length === 0) return undefined;
  const eol = dominantEol(file.text);
  const text = file.text;
  const lead = text === '' || /[\r\n]$/.test(text) ? '' : eol;
  return { start: text.length, end: text.length, text: lead + add.join(eol) + eol };
}

/** A check's own edit, with the applicability the check gave it. */
export function fromEdit(
  f: FindingDraft,
  ctx: FixerContext,
  applicability?: Applicability,
  extra: Partial<FixProposal> = {},
): FixerResult {
  const e = f.fix?.edit;
  const safe = applicability ?? (f.fix?.safe === true ? 'safe' : f.fix?.safe === false ? 'unsafe' : undefined);
  if (!e || !safe) return undefined;
  const abs = ctx.abs(e.path);
  const file = ctx.read(abs);
  if (file.exists && !isText(file))
    return refuse(f, `${ctx.display(abs)} is not UTF-8 or UTF-16 text`, ctx.display(abs));
  let edit: TextEdit | undefined;
  if (e.line === undefined && (e.before === undefined || e.before === ''))
    edit = appendLines(file, (e.after ?? '').split(/\r?\n/));
  else {
    if (!file.exists) return undefined;
    edit = lineEdit(file, e);
    if (!edit)
      return refuse(
        f,
        `${ctx.display(abs)}${e.line ? `:${e.line}` : ''} no longer holds the text the fix replaces: edit it by hand`,
        ctx.display(abs),
      );
  }
  if (!edit) return undefined;
  return [
    {
      path: abs,
      edits: [edit],
      create: !file.exists,
      applicability: safe,
      title: f.fix?.summary ?? 'apply the suggested edit',
      ...extra,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// .gitignore

let ignoreFactory: (() => Ignore) | undefined;
function ignoreOf(text: string): Ignore {
  ignoreFactory ??= nodeRequire()('ignore') as () => Ignore;
  return ignoreFactory().add(text);
}

/** A path as a .gitignore line that matches exactly it (special characters escaped). */
export function gitignorePattern(rel: string): string {
  const esc = rel.replace(/([\\*?[\]!#])/g, '\\$1').replace(/ $/, '\\ ');
  // A name without a folder matches in every folder, as `.env` lines usually do; with one, it is anchored.
  return rel.includes('/') ? `/${esc}` : esc;
}

export function fixDotenvNotIgnored(f: FindingDraft, ctx: FixerContext): FixerResult {
  if (f.data?.tracked === true || f.data?.staged === true) return undefined; // needs `git rm --cached` after rotating: the user's call
  const rel = f.location?.path;
  if (!rel || rel.startsWith('/') || rel.startsWith('~') || rel.startsWith('..')) return undefined;
  const abs = ctx.abs('.gitignore');
  const file = ctx.read(abs);
  if (file.exists && !isText(file))
    return refuse(f, '.gitignore is not UTF-8 text: add the line by hand', '.gitignore');
  const line = gitignorePattern(rel);
  const have = file.text.split(/\r?\n|\r/).map((l) => l.trim());
  if (have.includes(line))
    return refuse(
      f,
      `.gitignore already lists ${line}, yet ${rel} is not ignored (a later \`!\` rule or another .gitignore un-ignores it): look at the rules by hand`,
      '.gitignore',
    );
  const edit = appendLines(file, [line]);
  if (!edit) return undefined;
  return [
    {
      path: abs,
      edits: [edit],
      create: !file.exists,
      applicability: 'safe',
      title: `add ${line} to .gitignore${file.exists ? '' : ' (created)'}, so the key in ${rel} is never committed`,
      verify: (after) =>
        ignoreOf(after).ignores(rel) ? undefined : `the new .gitignore would still not ignore ${rel}`,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Renames so code and config agree

/** env-name-mismatch: the dotenv line defining the similar name gets the name the code reads. */
export function fixEnvNameMismatch(f: FindingDraft, ctx: FixerContext): FixerResult {
  const e = f.fix?.edit;
  const want = typeof f.data?.reads === 'string' ? f.data.reads : undefined;
  if (!e?.line || !want || !e.before) return undefined;
  const old = e.before.replace(/=$/, '');
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(old)) return undefined;
  const readers = (ctx.facts.code?.envReads ?? []).filter((r) => r.name === old);
  if (readers.length)
    return refuse(
      f,
      `${old} is also read by ${readers
        .slice(0, 3)
        .map((r) => `${r.file}:${r.line}`)
        .join(', ')}: renaming it would break that code; make the code read one name instead`,
      e.path,
    );
  const ed = editableFile(ctx, e.path);
  if (!ed) return undefined;
  const { abs, file } = ed;
  const span = lineSpan(file.text, e.line);
  if (!span) return undefined;
  const lineText = file.text.slice(span.start, span.end);
  const m = new RegExp(`^([ \\t]*(?:export[ \\t]+)?)${escapeRegExp(old)}(?=[ \\t]*[=:])`).exec(lineText);
  if (!m) return refuse(f, `${ctx.display(abs)}:${e.line} no longer defines ${old}`, ctx.display(abs));
  const start = span.start + (m[1] as string).length;
  const line = e.line;
  return [
    {
      path: abs,
      edits: [{ start, end: start + old.length, text: want }],
      applicability: 'unsafe',
      title: `rename ${old} to ${want} (line ${line}), the name the code reads`,
      caution: `anything else that reads ${old} (scripts, other services, CI) no longer gets it`,
      verify: (after) => {
        const a = analyzeDotenv(after, { issues: false });
        return a.byDialect.dotenv.assignments.some((x) => x.name === want && x.line === line)
          ? undefined
          : `the file would not define ${want} on line ${line}`;
      },
    },
  ];
}

/** ci-secret-unavailable (misnamed): the job's env entry gets the name the code reads. */
export function fixCiSecretMisnamed(f: FindingDraft, ctx: FixerContext): FixerResult {
  if (f.data?.reason !== 'misnamed') return undefined;
  return fromEdit(f, ctx, 'unsafe', { caution: 'steps of the job that read the old name no longer get it' });
}

/** model-retired: the model id inside a string literal on that line. */
export function fixModelRetired(f: FindingDraft, ctx: FixerContext): FixerResult {
  const e = f.fix?.edit;
  if (!e?.line || !e.before || !e.after) return undefined;
  const ed = editableFile(ctx, e.path);
  if (!ed) return undefined;
  const { abs, file } = ed;
  const span = lineSpan(file.text, e.line);
  if (!span) return undefined;
  const lineText = file.text.slice(span.start, span.end);
  const re = new RegExp(`(["'\`])${escapeRegExp(e.before)}\\1`, 'g');
  const hits = [...lineText.matchAll(re)];
  if (hits.length !== 1)
    return refuse(
      f,
      `${ctx.display(abs)}:${e.line} does not hold ${e.before} as one string literal: replace it by hand`,
      ctx.display(abs),
    );
  const start = span.start + (hits[0]?.index ?? 0) + 1;
  return [
    {
      path: abs,
      edits: [{ start, end: start + e.before.length, text: e.after }],
      applicability: 'unsafe',
      title: `replace the retired model ${e.before} with ${e.after} (line ${e.line})`,
      caution: 'answers, prices and limits differ between models; the replacement may need other parameters',
    },
  ];
}
