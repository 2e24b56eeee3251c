/**
 * Safe fixes of a key's value in a dotenv-format file (dotenv, `docker run --env-file`, compose
 * `env_file:`): remove the quote characters a loader keeps, surrounding whitespace, a Windows CR
 * (the whole file goes to LF when all its lines end in CRLF), invisible characters and a `Bearer `
 * prefix. The edits only delete characters (or turn a typographic dash back into `-`), so no key
 * text is ever written; the result is parsed again with the loader(s) of the targets concerned and
 * rejected unless each of them now reads exactly the key.
 */
import type { FindingDraft, Target } from '../../core/types.js';
import { analyzeDotenv } from '../../collect/dotenv/parse.js';
import { parseComposeEnvFile, parseDockerEnvFile } from '../../deploy/envfiles.js';
import { classifyCredential, isOpenAIKind } from '../../keys/classify.js';
import { isText } from '../content.js';
import type { FixProposal, TextEdit } from '../types.js';
import {
  type FixerContext,
  type FixerResult,
  dominantEol,
  escapeRegExp,
  lineSpan,
  refuse,
  resolutionOf,
  targetsOf,
} from './context.js';

/** Never part of a key, anywhere in it. */
const INVISIBLE = /[\u200b-\u200f\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069]/;
const QUOTE = /["'`\u201c\u201d\u2018\u2019\u00ab\u00bb]/;
const DASHES = /[\u2010-\u2015\u2212]/;

/** The key a corrupted value was meant to be, or undefined when it cannot be told. */
export function intendedKey(v: string): string | undefined {
  let k = v;
  for (let i = 0; i < 8; i++) {
    const before = k;
    k = k.replace(new RegExp(INVISIBLE.source, 'g'), '').trim();
    k = k.replace(/^bearer\s+/i, '');
    while (k && QUOTE.test(k[0] as string)) k = k.slice(1);
    while (k && QUOTE.test(k[k.length - 1] as string)) k = k.slice(0, -1);
    k = k.trim();
    if (k === before) break;
  }
  if (!k) return undefined;
  // Inside the key: a space, a no-break space or a typographic dash is removed (or turned into `-`)
  // only when the result is a well-formed OpenAI key; anything else is the user's to look at.
  if (/[\s\u00a0]|[\u2010-\u2015\u2212]/.test(k)) {
    const fixed = k.replace(/[\s\u00a0]/g, '').replace(new RegExp(DASHES.source, 'g'), '-');
    if (!isOpenAIKind(classifyCredential(fixed).kind)) return undefined;
    k = fixed;
  }
  if (/[^\x21-\x7e]/.test(k) || QUOTE.test(k)) return undefined;
  return k;
}

/** Which parsers read this source: the dotenv dialects of its targets, docker's or compose's env-file reader. */
export type Reader = { name: string; read: (text: string, name: string, line: number) => string | undefined };

export function readersFor(kind: string, detail: string | undefined, targets: Target[]): Reader[] | undefined {
  if (kind === 'docker-run')
    return [
      {
        name: 'docker run --env-file',
        read: (t, n, l) => parseDockerEnvFile(t).find((e) => e.name === n && e.line === l)?.value,
      },
    ];
  if (kind === 'compose') {
    if (!detail?.includes('env_file')) return undefined; // an `environment:` value in the YAML: not a dotenv line
    return [
      {
        name: 'compose env_file',
        read: (t, n, l) => parseComposeEnvFile(t, () => undefined).find((e) => e.name === n && e.line === l)?.value,
      },
    ];
  }
  if (kind !== 'dotenv') return undefined;
  const dialects = new Set(targets.map((t) => t.dialect ?? 'dotenv'));
  if (dialects.size === 0) dialects.add('dotenv');
  return [...dialects].map((d) => ({
    name: d,
    read: (t, n, l) =>
      analyzeDotenv(t, { issues: false }).byDialect[d].assignments.find((a) => a.name === n && a.line === l)?.value,
  }));
}

const TITLES: Record<string, string> = {
  'key-quoted': 'remove the quote characters around the key',
  'key-whitespace': 'remove the whitespace around the key',
  'key-invisible-char': 'remove the invisible characters from the key',
  'key-bearer-prefix': 'remove "Bearer " before the key',
};

export function fixDotenvValue(f: FindingDraft, ctx: FixerContext): FixerResult {
  const r = resolutionOf(f, ctx);
  if (!r) return undefined;
  const loc = r.winner.location;
  if (!loc?.line || r.winner.dynamic) return undefined;
  const value = r.res.value ?? r.winner.value;
  const abs = ctx.abs(loc.path);

  // The CR of a CRLF file that the loader keeps (a shell sourcing it, a start-up file saved on
  // Windows): the whole file goes to LF, whatever reads it.
  if (f.id === 'key-whitespace' && /\r$/.test(value) && intendedKey(value) === value.replace(/\r$/, '').trim()) {
    const file = ctx.read(abs);
    if (!file.exists || !isText(file)) return undefined;
    const crlf = (file.text.match(/\r\n/g) ?? []).length;
    const lf = (file.text.match(/(?<!\r)\n/g) ?? []).length;
    if (crlf > 0 && lf === 0) {
      const edits: TextEdit[] = [];
      for (let i = file.text.indexOf('\r\n'); i >= 0; i = file.text.indexOf('\r\n', i + 2))
        edits.push({ start: i, end: i + 1, text: '' });
      const shell = r.winner.kind === 'process-env' || r.winner.kind === 'shell-rc';
      return [
        {
          path: abs,
          edits,
          applicability: 'safe',
          title: `convert ${ctx.display(abs)} to LF line endings (${shell ? 'the shell' : 'the loader'} keeps the CR of CRLF lines in every value)`,
          verify: (after) => (after.includes('\r') ? 'a CR would be left' : undefined),
          afterwards: shell
            ? `open a new terminal (or run \`source ${loc.path}\`) so ${r.name} is set without the CR`
            : undefined,
          shellEnv: shell && ctx.facts.env[r.name] === value ? { [r.name]: value.replace(/\r$/, '') } : undefined,
        },
      ];
    }
  }

  // process-env traced to a start-up file is a shell line, not a dotenv line
  if (r.winner.kind === 'process-env' || r.winner.kind === 'shell-rc' || r.winner.kind === 'fish') return undefined;
  const readers = readersFor(r.winner.kind, r.winner.detail, targetsOf(f, ctx).length ? targetsOf(f, ctx) : [r.target]);
  if (!readers) return undefined;
  const file = ctx.read(abs);
  if (!file.exists) return undefined;
  if (!isText(file))
    return refuse(f, `${ctx.display(abs)} is not UTF-8 or UTF-16 text: edit it by hand`, ctx.display(abs));
  // docker run --env-file has no comments: ` # note` after the value is part of it.
  const literal = r.winner.kind === 'docker-run';
  const noted = literal ? /^(.*?)[ \t]+(#.*)$/s.exec(value) : null;
  const key = intendedKey(value) ?? (noted ? intendedKey(noted[1] as string) : undefined);
  if (!key)
    return refuse(
      f,
      `the key in ${ctx.display(abs)}:${loc.line} cannot be told apart from what surrounds it: paste it again by hand`,
      ctx.display(abs),
    );
  if (key === value) return undefined;
  const span = lineSpan(file.text, loc.line);
  if (!span) return undefined;
  const text = file.text;
  const lineText = text.slice(span.start, span.end + span.eol.length);
  const m = new RegExp(`^([ \\t]*(?:export[ \\t]+)?${escapeRegExp(r.name)}[ \\t]*[=:][ \\t]*)`).exec(lineText);
  if (!m) return undefined;

  // Characters of the value region: from after the separator to the end of the line (its break included, for a CR).
  const vStart = span.start + (m[1] as string).length;
  const vEnd = span.end + (span.eol === '\r\n' ? 1 : 0);
  const region = text.slice(vStart, vEnd);
  // 1. Invisible characters anywhere in the region.
  const edits: TextEdit[] = [];
  let kept = '';
  const keptAt: number[] = [];
  for (let i = 0; i < region.length; i++) {
    const c = region[i] as string;
    if (INVISIBLE.test(c)) {
      edits.push({ start: vStart + i, end: vStart + i + 1, text: '' });
      continue;
    }
    kept += c;
    keptAt.push(vStart + i);
  }
  // 2. The key inside what is left (with an inner space or dash repaired when intendedKey did).
  let at = kept.indexOf(key);
  let keyLen = key.length;
  if (at < 0) {
    // a space / NBSP / typographic dash inside: find the stretch that normalizes to the key
    const found = findNormalized(kept, key);
    if (!found)
      return refuse(
        f,
        `the key in ${ctx.display(abs)}:${loc.line} is not written in one piece: paste it again by hand`,
        ctx.display(abs),
      );
    at = found.start;
    keyLen = found.end - found.start;
    for (let i = found.start; i < found.end; i++) {
      const c = kept[i] as string;
      if (/[\s\u00a0]/.test(c)) edits.push({ start: keptAt[i] as number, end: (keptAt[i] as number) + 1, text: '' });
      else if (DASHES.test(c)) edits.push({ start: keptAt[i] as number, end: (keptAt[i] as number) + 1, text: '-' });
    }
  } else if (kept.indexOf(key, at + 1) >= 0) return undefined;
  // 3. Everything before the key in the region goes; after it, everything up to a ` #` comment.
  if (at > 0)
    for (let i = 0; i < at; i++) edits.push({ start: keptAt[i] as number, end: (keptAt[i] as number) + 1, text: '' });
  const after = kept.slice(at + keyLen);
  const comment = /[ \t]+#.*$/.exec(after.replace(/\r$/, ''));
  // A comment stays where every reader ignores it; for docker (no comments) it moves to its own line above.
  const moveComment = literal && comment !== null;
  const dropLen = comment && !moveComment ? comment.index : after.replace(/\r$/, '').length;
  for (let i = at + keyLen; i < at + keyLen + dropLen; i++)
    edits.push({ start: keptAt[i] as number, end: (keptAt[i] as number) + 1, text: '' });
  if (moveComment && comment) {
    const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
    edits.push({
      start: span.start,
      end: span.start,
      text: `${indent}${comment[0].trim()}${span.eol || dominantEol(text)}`,
    });
  }
  if (edits.length === 0) return undefined;
  return [
    proposal(
      f,
      abs,
      merge(edits),
      `${TITLES[f.id] ?? 'clean the key'}${moveComment ? ', the comment moved to the line above (docker keeps it in the value)' : ''}`,
      readers,
      r.name,
      loc.line + (moveComment ? 1 : 0),
      key,
    ),
  ];
}

/** A stretch of `s` that, with spaces removed and dashes normalized, equals `key`. */
function findNormalized(s: string, key: string): { start: number; end: number } | undefined {
  for (let start = 0; start < s.length; start++) {
    if (s[start] !== key[0]) continue;
    let j = 0;
    let i = start;
    while (i < s.length && j < key.length) {
      const c = s[i] as string;
      if (c === key[j] || (DASHES.test(c) && key[j] === '-')) {
        i++;
        j++;
      } else if (/[\s\u00a0]/.test(c)) i++;
      else break;
    }
    if (j === key.length) return { start, end: i };
  }
  return undefined;
}

/** Adjacent single-character deletions → one range each. */
function merge(edits: TextEdit[]): TextEdit[] {
  const s = [...edits].sort((a, b) => a.start - b.start);
  const out: TextEdit[] = [];
  for (const e of s) {
    const last = out[out.length - 1];
    if (last && last.text === '' && e.text === '' && last.end === e.start) last.end = e.end;
    else out.push({ ...e });
  }
  return out;
}

function proposal(
  f: FindingDraft,
  path: string,
  edits: TextEdit[],
  title: string,
  readers: Reader[],
  name: string,
  line: number,
  key: string,
): FixProposal {
  return {
    path,
    edits,
    applicability: 'safe',
    title: `${title} (${name}, line ${line})`,
    verify: (after) => {
      for (const r of readers) {
        const got = r.read(after, name, line);
        if (got !== key) return `${r.name} would not read the key from line ${line} after the change`;
      }
      return undefined;
    },
  };
}
