/**
 * What a fixer gets: the facts and targets of the doctor run, the finding, and a cached reader of
 * the files' current content. A fixer returns proposals (text edits of one file each), a refusal
 * with its reason, or undefined when the finding is not something it repairs.
 */
import type { Facts } from '../../core/facts.js';
import type { Assignment, FindingDraft, Resolution, Target } from '../../core/types.js';
import { LineIndex } from '../../core/lines.js';
import { absPath, displayPath, isText, readFileText, type FileEncoding, type FileText } from '../content.js';
import type { FixProposal, Refusal } from '../types.js';

export interface FixerContext {
  facts: Facts;
  targets: Target[];
  root: string;
  home: string;
  now: Date;
  /** The file's content now (cached for the pass). Throws when it cannot be read. */
  read(abs: string): FileText;
  abs(p: string): string;
  display(abs: string): string;
}

export type FixerResult = FixProposal[] | Refusal | undefined;
export type Fixer = (f: FindingDraft, ctx: FixerContext) => FixerResult;

export function makeContext(facts: Facts, targets: Target[], now: Date): FixerContext {
  const cache = new Map<string, FileText>();
  const root = facts.root;
  const home = facts.home;
  return {
    facts,
    targets,
    root,
    home,
    now,
    read(abs) {
      let f = cache.get(abs);
      if (!f) {
        f = readFileText(abs);
        cache.set(abs, f);
      }
      return f;
    },
    abs: (p) => absPath(root, home, p),
    display: (abs) => displayPath(root, home, abs),
  };
}

export function refuse(finding: FindingDraft, reason: string, path?: string, instead?: string): Refusal {
  return { finding, reason, path, instead };
}

/** The span of a 1-based line: start, end (before the line break) and the break itself. */
export function lineSpan(text: string, line: number): { start: number; end: number; eol: string } | undefined {
  const idx = new LineIndex(text, { cr: true });
  if (line < 1 || line > idx.count) return undefined;
  const start = idx.start(line);
  const body = idx.lineText(line);
  const end = start + body.length;
  const eol = text.startsWith('\r\n', end) ? '\r\n' : text[end] === '\n' ? '\n' : text[end] === '\r' ? '\r' : '';
  return { start, end, eol };
}

/** The line ending a file mostly uses ('\n' when it has none). */
export function dominantEol(text: string): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (text[i - 1] === '\r') crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/** The resolution behind a finding about a target's variable (data.variable, finding.target). */
export function resolutionOf(
  f: FindingDraft,
  ctx: FixerContext,
): { target: Target; name: string; res: Resolution; winner: Assignment } | undefined {
  const name = typeof f.data?.variable === 'string' ? f.data.variable : undefined;
  const ids = Array.isArray(f.data?.targets) ? (f.data.targets as string[]) : f.target ? [f.target] : [];
  for (const id of ids) {
    const t = ctx.targets.find((x) => x.id === id);
    const n = name ?? t?.keyVar;
    if (!t || !n) continue;
    const res = t.vars[n];
    if (res?.winner) return { target: t, name: n, res, winner: res.winner };
  }
  return undefined;
}

export function targetsOf(f: FindingDraft, ctx: FixerContext): Target[] {
  const ids = Array.isArray(f.data?.targets) ? (f.data.targets as string[]) : f.target ? [f.target] : [];
  return ids.map((id) => ctx.targets.find((t) => t.id === id)).filter((t): t is Target => !!t);
}

/** Text of the proposal's file after its edits. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A dependency's file (node_modules, site-packages, vendor): never edited, whatever a finding says. */
const DEPENDENCY = /(^|\/)(node_modules|site-packages|vendor)\//;

/** The project's own text file at `rel`, as the fix edits it; undefined for a dependency's file, a missing one, or one that is not text. */
export function editableFile(
  ctx: FixerContext,
  rel: string,
): { abs: string; file: FileText & { encoding: FileEncoding } } | undefined {
  const abs = ctx.abs(rel);
  if (DEPENDENCY.test(abs)) return undefined;
  const file = ctx.read(abs);
  if (!file.exists || !isText(file)) return undefined;
  return { abs, file };
}
