/**
 * Safe fixes of a dotenv file as a whole (dotenv-parse-issue, key-missing): save a UTF-16 file as
 * UTF-8 (the text and its line endings stay as they are), drop a UTF-8 byte order mark, and write
 * `NAME: value` / `NAME : value` as `NAME=value`, checked by parsing the result in every dialect.
 */
import type { FindingDraft } from '../../core/types.js';
import { analyzeDotenv } from '../../collect/dotenv/parse.js';
import { DIALECTS } from '../../collect/dotenv/parse.js';
import { isText } from '../content.js';
import type { FixProposal } from '../types.js';
import { type FixerContext, type FixerResult, escapeRegExp, lineSpan, refuse } from './context.js';

function reencode(f: FindingDraft, ctx: FixerContext, rel: string): FixerResult {
  const abs = ctx.abs(rel);
  const file = ctx.read(abs);
  if (!file.exists) return undefined;
  if (file.encoding !== 'utf16le' && file.encoding !== 'utf16be') return undefined;
  if (file.text.includes('\ufffd'))
    return refuse(f, `${ctx.display(abs)} has bytes that are not valid UTF-16: convert it by hand`, ctx.display(abs));
  return [
    {
      path: abs,
      edits: [],
      encodeAs: 'utf8',
      applicability: 'safe',
      title: `save as UTF-8 instead of ${file.encoding === 'utf16le' ? 'UTF-16 LE' : 'UTF-16 BE'} (the text and its line endings stay as they are)`,
      verify: (after) =>
        analyzeDotenv(Buffer.from(after, 'utf8')).encoding === 'utf8'
          ? undefined
          : 'the converted file would still not read as UTF-8',
    },
  ];
}

function dropBom(f: FindingDraft, ctx: FixerContext, rel: string): FixerResult {
  const abs = ctx.abs(rel);
  const file = ctx.read(abs);
  if (!file.exists || file.encoding !== 'utf8-bom') return undefined;
  return [
    {
      path: abs,
      edits: [],
      encodeAs: 'utf8',
      applicability: 'safe',
      title: 'remove the byte order mark at the start of the file',
    },
  ];
}

function colon(f: FindingDraft, ctx: FixerContext, rel: string, line: number, name: string): FixerResult {
  const abs = ctx.abs(rel);
  const file = ctx.read(abs);
  if (!file.exists || !isText(file)) return undefined;
  const span = lineSpan(file.text, line);
  if (!span) return undefined;
  const lineText = file.text.slice(span.start, span.end);
  const m = new RegExp(`^([ \\t]*(?:export[ \\t]+)?${escapeRegExp(name)})([ \\t]*:[ \\t]*)`).exec(lineText);
  if (!m) return undefined;
  const before = analyzeDotenv(file.text, { issues: false }).byDialect.dotenv.assignments.find(
    (a) => a.name === name && a.line === line,
  )?.value;
  const start = span.start + (m[1] as string).length;
  const p: FixProposal = {
    path: abs,
    edits: [{ start, end: start + (m[2] as string).length, text: '=' }],
    applicability: 'safe',
    title: `write ${name}: value as ${name}=value (line ${line}), which every loader reads`,
    verify: (after) => {
      const a = analyzeDotenv(after, { issues: false });
      for (const d of DIALECTS) {
        const v = a.byDialect[d].assignments.find((x) => x.name === name && x.line === line)?.value;
        if (v === undefined) return `${d} would still not read ${name} from line ${line}`;
        if (before !== undefined && v !== before)
          return `${d} would read a different value than npm dotenv reads today`;
      }
      return undefined;
    },
  };
  return [p];
}

export function fixDotenvParseIssue(f: FindingDraft, ctx: FixerContext): FixerResult {
  const code = f.data?.code;
  const rel = f.location?.path;
  if (!rel) return undefined;
  if (code === 'utf16') return reencode(f, ctx, rel);
  if (code === 'bom') return dropBom(f, ctx, rel);
  if (code === 'colon-separator' && f.location?.line && typeof f.data?.name === 'string')
    return colon(f, ctx, rel, f.location.line, f.data.name);
  return undefined;
}

/** key-missing because the loaded file is UTF-16. */
export function fixKeyMissing(f: FindingDraft, ctx: FixerContext): FixerResult {
  if (f.data?.encoding !== 'utf16le' && f.data?.encoding !== 'utf16be') return undefined;
  const rel = f.location?.path;
  return rel ? reencode(f, ctx, rel) : undefined;
}
