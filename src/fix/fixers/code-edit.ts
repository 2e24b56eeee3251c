/**
 * Unsafe edits of code, each checked by parsing the result again and rejected when it does not
 * parse or does not do what it says:
 * - `override=True` added to a `load_dotenv(...)` call (`{ override: true }` to `dotenv.config()`);
 * - `load_dotenv()` (Python) or a `require('dotenv').config()` statement (CommonJS) moved above the
 *   first module-level statement that can read the key (a project import, `import openai`, the
 *   client), together with the dotenv import it needs, only when every name its arguments use is
 *   defined above the new place;
 * - `import 'dotenv/config'` made the first import of an ES module, or put there in place of a
 *   `dotenv.config()` in the module body (which runs after every static import).
 * Python results are checked with keydoctor's tokenizer and, where a `python3` is installed, with
 * its own `ast.parse`; JavaScript and TypeScript results with @babel/parser.
 */
import { spawnSync } from 'node:child_process';
import { parse as babelParse, type ParserPlugin } from '@babel/parser';
import type { FindingDraft, Target } from '../../core/types.js';
import type { DotenvLoad } from '../../code/types.js';
import { tokenizePython, type Stmt } from '../../code/python/tokenize.js';
import { LineIndex } from '../../core/lines.js';
import type { FileText } from '../content.js';
import type { FixProposal, TextEdit } from '../types.js';
import { type FixerContext, type FixerResult, dominantEol, lineSpan, refuse, editableFile } from './context.js';

// ---------------------------------------------------------------------------------------------
// Parsing checks

let python3: string | null | undefined;
/** `ast.parse` by the machine's python3: true / false, undefined when there is none. */
export function pythonParses(text: string): boolean | undefined {
  if (python3 === null) return undefined;
  const r = spawnSync(python3 ?? 'python3', ['-c', 'import ast,sys\nast.parse(sys.stdin.buffer.read())'], {
    input: text,
    timeout: 20000,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  if (r.error) {
    python3 = null;
    return undefined;
  }
  python3 = 'python3';
  return r.status === 0;
}

function pythonOk(text: string): string | undefined {
  const t = tokenizePython(text);
  if (t.broken) return `the result would not be valid Python (${t.broken.reason} on line ${t.broken.line})`;
  if (pythonParses(text) === false) return 'python3 cannot parse the result';
  return undefined;
}

function plugins(file: string): ParserPlugin[] {
  if (/\.(ts|mts|cts)$/.test(file)) return ['typescript', 'decorators-legacy'];
  if (/\.tsx$/.test(file)) return ['typescript', 'jsx', 'decorators-legacy'];
  return ['jsx'];
}

interface JsNode {
  type: string;
  start: number;
  end: number;
  loc: { start: { line: number }; end: { line: number } };
  [k: string]: unknown;
}

export function parseJs(text: string, file: string): { body: JsNode[]; esm: boolean } | undefined {
  try {
    const r = babelParse(text, {
      sourceType: /\.(cjs|cts)$/.test(file) ? 'script' : 'unambiguous',
      plugins: plugins(file),
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: true,
      errorRecovery: false,
    });
    const body = r.program.body as unknown as JsNode[];
    return { body, esm: r.program.sourceType === 'module' };
  } catch {
    return undefined;
  }
}

function jsOk(text: string, file: string): string | undefined {
  return parseJs(text, file) ? undefined : 'the result would not parse as JavaScript/TypeScript';
}

// ---------------------------------------------------------------------------------------------
// Calls: finding the argument list of `load_dotenv(` / `config(` on a line

/** The `(`…`)` of the first call of `callee` that starts on `line`: offsets of the parentheses. */
function callParens(text: string, line: number, callee: RegExp): { open: number; close: number } | undefined {
  const span = lineSpan(text, line);
  if (!span) return undefined;
  const lineText = text.slice(span.start, span.end);
  const m = callee.exec(lineText);
  if (!m) return undefined;
  const open = span.start + m.index + m[0].length - 1;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      const triple = text.startsWith(c.repeat(3), i);
      const q = triple ? c.repeat(3) : c;
      let j = i + q.length;
      while (j < text.length && !text.startsWith(q, j)) j += text[j] === '\\' ? 2 : 1;
      i = j + q.length - 1;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return c === ')' ? { open, close: i } : undefined;
    }
  }
  return undefined;
}

function loadsOfTarget(ctx: FixerContext, target: Target, loserPath: string): DotenvLoad[] {
  const code = ctx.facts.code;
  if (!code) return [];
  const py = target.kind === 'python';
  return code.dotenvLoads.filter((l) => {
    if (py ? l.loader !== 'python-dotenv' : l.loader !== 'dotenv' && l.loader !== 'dotenvx') return false;
    if (l.override || l.populatesEnv === false) return false;
    return (l.resolved ?? []).includes(loserPath) || (!l.resolved?.length && loserPath.endsWith('.env'));
  });
}

/** key-shadowed: `override=True` on the load that reads the losing file. */
export function addOverride(f: FindingDraft, ctx: FixerContext, target: Target, loserPath: string): FixerResult {
  const loads = loadsOfTarget(ctx, target, loserPath);
  if (loads.length === 0) return undefined;
  if (loads.length > 1)
    return refuse(
      f,
      `several calls load ${loserPath} (${loads.map((l) => `${l.file}:${l.line}`).join(', ')}): add the override to the one ${target.label} runs, by hand`,
    );
  const l = loads[0] as DotenvLoad;
  const ed = editableFile(ctx, l.file);
  if (!ed) return undefined;
  const { abs, file } = ed;
  const py = target.kind === 'python';
  const parens = callParens(file.text, l.line, py ? /\bload_dotenv\s*\(/ : /\bconfig\s*\(/);
  if (!parens) return refuse(f, `${l.file}:${l.line}: the call could not be found as written`, l.file);
  const inner = file.text.slice(parens.open + 1, parens.close);
  let edit: TextEdit;
  if (py) {
    const m = /\boverride\s*=\s*(False|0)\b/.exec(inner);
    if (m)
      edit = {
        start: parens.open + 1 + m.index + m[0].length - (m[1] as string).length,
        end: parens.open + 1 + m.index + m[0].length,
        text: 'True',
      };
    else if (/\boverride\s*=/.test(inner))
      return refuse(f, `${l.file}:${l.line} passes override= an expression: set it to True by hand`, l.file);
    else if (inner.trim() === '') edit = { start: parens.open + 1, end: parens.close, text: 'override=True' };
    else if (/,\s*$/.test(inner)) edit = { start: parens.close, end: parens.close, text: 'override=True' };
    else {
      const trail = /\s*$/.exec(inner)?.[0] ?? '';
      edit = { start: parens.close - trail.length, end: parens.close - trail.length, text: ', override=True' };
    }
  } else {
    const t = inner.trim();
    if (t === '') edit = { start: parens.open + 1, end: parens.close, text: '{ override: true }' };
    else if (t.startsWith('{') && t.endsWith('}') && !/\boverride\s*:/.test(t)) {
      const at = parens.open + 1 + inner.indexOf('{') + 1;
      const body = t.slice(1, -1).trim();
      edit = { start: at, end: at, text: body ? ' override: true,' : ' override: true ' };
    } else
      return refuse(f, `${l.file}:${l.line}: config() is given something keydoctor cannot add the override to`, l.file);
  }
  const rel = l.file;
  return [
    {
      path: abs,
      edits: [edit],
      applicability: 'unsafe',
      title: `load ${loserPath} with ${py ? 'override=True' : '{ override: true }'} (${rel}:${l.line}), so the file wins over the environment`,
      caution: `every variable in ${loserPath} now replaces the environment's, also where the environment is meant to win (a deployment that sets its own)`,
      verify: (after) => {
        const err = py ? pythonOk(after) : jsOk(after, rel);
        if (err) return err;
        const p2 = callParens(after, l.line, py ? /\bload_dotenv\s*\(/ : /\bconfig\s*\(/);
        const args = p2 ? after.slice(p2.open + 1, p2.close) : '';
        return (py ? /\boverride\s*=\s*True\b/ : /\boverride\s*:\s*true\b/).test(args)
          ? undefined
          : 'the call would not have the override';
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Moving the load

const PY_KEYWORDS = new Set([
  'True',
  'False',
  'None',
  'and',
  'or',
  'not',
  'if',
  'else',
  'in',
  'is',
  'lambda',
  'for',
  'await',
]);
const PY_BUILTINS = new Set(['__file__', '__name__', 'str', 'open', 'print', 'len', 'dict', 'list', 'bool', 'int']);

interface PyStmt {
  stmt: Stmt;
  first: number;
  last: number;
}

function pyStatements(text: string): PyStmt[] {
  const t = tokenizePython(text);
  return t.stmts.map((s) => {
    let last = s.line;
    for (const tok of s.toks)
      last = Math.max(last, tok.line + (tok.type === 'string' ? (tok.text.match(/\n/g) ?? []).length : 0));
    return { stmt: s, first: s.line, last };
  });
}

/** Names a Python statement binds at module level. */
function pyBinds(s: Stmt): string[] {
  const t = s.toks;
  const out: string[] = [];
  if (t[0]?.text === 'import') {
    // import a.b as c, d
    let i = 1;
    while (i < t.length) {
      const name = t[i]?.text ?? '';
      let j = i;
      while (t[j + 1]?.text === '.') j += 2;
      if (t[j + 1]?.text === 'as') {
        out.push(t[j + 2]?.text ?? '');
        j += 2;
      } else out.push(name);
      i = j + 2;
    }
    return out;
  }
  if (t[0]?.text === 'from') {
    const imp = t.findIndex((x) => x.text === 'import');
    for (let i = imp + 1; i < t.length; i++) {
      const x = t[i];
      if (!x || x.type !== 'name') continue;
      if (t[i + 1]?.text === 'as') {
        out.push(t[i + 2]?.text ?? '');
        i += 2;
      } else out.push(x.text);
    }
    return out;
  }
  const eq = t.findIndex((x) => x.text === '=');
  if (eq > 0) for (const x of t.slice(0, eq)) if (x.type === 'name') out.push(x.text);
  if (t[0]?.text === 'def' || t[0]?.text === 'class') out.push(t[1]?.text ?? '');
  return out;
}

/** Names a Python statement reads (not attributes, not keyword-argument names). */
function pyUses(s: Stmt): string[] {
  const out: string[] = [];
  const t = s.toks;
  for (let i = 0; i < t.length; i++) {
    const x = t[i];
    if (!x || x.type !== 'name' || PY_KEYWORDS.has(x.text) || PY_BUILTINS.has(x.text)) continue;
    if (t[i - 1]?.text === '.') continue;
    if (t[i + 1]?.text === '=' && (t[i - 1]?.text === '(' || t[i - 1]?.text === ',')) continue;
    out.push(x.text);
  }
  return out;
}

function linesText(
  text: string,
  first: number,
  last: number,
): { start: number; end: number; text: string } | undefined {
  const a = lineSpan(text, first);
  const b = lineSpan(text, last);
  if (!a || !b) return undefined;
  const end = b.end + b.eol.length;
  return { start: a.start, end, text: text.slice(a.start, end) };
}

function withEol(s: string, eol: string): string {
  return /[\r\n]$/.test(s) ? s : s + eol;
}

function movePython(f: FindingDraft, ctx: FixerContext, file: FileText, l: DotenvLoad, rel: string): FixerResult {
  const text = file.text;
  const stmts = pyStatements(text);
  const top = stmts.filter((s) => s.stmt.indent === 0);
  const load = top.find((s) => s.first === l.line);
  if (!load || load.stmt.toks.some((t) => t.text === 'if' || t.text === 'else'))
    return refuse(f, `${rel}:${l.line}: the load is not a plain module-level statement: move it by hand`, rel);
  if (stmts.some((s) => s !== load && s.first <= load.last && s.last >= load.first))
    return refuse(f, `${rel}:${l.line} shares its line with another statement: move it by hand`, rel);
  const code = ctx.facts.code;
  const cf = code?.files.find((x) => x.file === rel);
  const triggers = new Set<number>();
  for (const x of cf?.loads ?? []) if (!x.dynamic) triggers.add(x.line);
  for (const c of code?.clients ?? []) if (c.file === rel && c.topLevel !== false) triggers.add(c.line);
  for (const r of code?.envReads ?? []) if (r.file === rel && r.topLevel) triggers.add(r.line);
  // `import openai` (v0 reads the key on import) and langchain/openai imports that build clients
  for (const s of top)
    if (
      /^(import|from)$/.test(s.stmt.toks[0]?.text ?? '') &&
      /^(openai|langchain\w*|litellm)$/.test(s.stmt.toks[1]?.text ?? '')
    )
      triggers.add(s.first);
  // A module-level statement with a block (try:, if:, with:) runs its block on import: it covers the
  // lines up to the next module-level statement; a def or class body runs later and is not a trigger.
  const blockEnd = (s: PyStmt): number => {
    const i = top.indexOf(s);
    const next = top[i + 1];
    return s.stmt.toks[s.stmt.toks.length - 1]?.text === ':' && next ? next.first - 1 : s.last;
  };
  const later = (s: PyStmt) => /^(def|class|async|@)$/.test(s.stmt.toks[0]?.text ?? '');
  const target = top.find(
    (s) => s.first < load.first && !later(s) && [...triggers].some((n) => n >= s.first && n <= blockEnd(s)),
  );
  if (!target) return undefined; // nothing above it reads the key: not this fix
  // The dotenv import the call needs, when it sits below the new place.
  const uses = new Set(pyUses(load.stmt));
  const bound = new Set<string>();
  for (const s of top) if (s.first < target.first) for (const b of pyBinds(s.stmt)) bound.add(b);
  const moved: PyStmt[] = [];
  for (const s of top) {
    if (s.first < target.first || s.first >= load.first) continue;
    const b = pyBinds(s.stmt);
    if (s.stmt.toks[0]?.text === 'from' && s.stmt.toks[1]?.text === 'dotenv' && b.some((n) => uses.has(n)))
      moved.push(s);
    if (s.stmt.toks[0]?.text === 'import' && s.stmt.toks[1]?.text === 'dotenv') moved.push(s);
  }
  for (const s of moved) for (const b of pyBinds(s.stmt)) bound.add(b);
  const missing = [...uses].filter((u) => !bound.has(u));
  if (missing.length)
    return refuse(
      f,
      `${rel}:${l.line}: the call uses ${missing.join(', ')}, which is only defined below line ${target.first}: move it by hand`,
      rel,
    );
  const eol = dominantEol(text);
  const at = lineSpan(text, target.first);
  if (!at) return undefined;
  const pieces = [...moved, load]
    .map((s) => linesText(text, s.first, s.last))
    .filter((x): x is NonNullable<typeof x> => !!x);
  const edits: TextEdit[] = [
    { start: at.start, end: at.start, text: pieces.map((p) => withEol(p.text, eol)).join('') },
  ];
  for (const p of pieces) edits.push({ start: p.start, end: p.end, text: '' });
  return [
    {
      path: ctx.abs(rel),
      edits,
      applicability: 'unsafe',
      title: `move load_dotenv() from line ${l.line} to line ${target.first} of ${rel}, above the code that reads the key${moved.length ? ' (with its import)' : ''}`,
      caution: 'the code between the two places now runs with the .env variables set',
      verify: (after) => {
        const err = pythonOk(after);
        if (err) return err;
        const targetLine = text.slice(at.start, at.end);
        const again = pyStatements(after).filter((s) => s.stmt.indent === 0);
        const li = again.findIndex((s) =>
          s.stmt.toks.some((t, i) => t.text === 'load_dotenv' && s.stmt.toks[i + 1]?.text === '('),
        );
        const ti = again.findIndex(
          (s) =>
            lineSpan(after, s.first) &&
            after.slice(
              (lineSpan(after, s.first) as { start: number }).start,
              (lineSpan(after, s.first) as { end: number }).end,
            ) === targetLine,
        );
        return li >= 0 && ti >= 0 && li < ti ? undefined : 'the load would not come before the code that reads the key';
      },
    },
  ];
}

// JavaScript ------------------------------------------------------------------------------------

const JS_GLOBALS = new Set([
  'require',
  'process',
  '__dirname',
  '__filename',
  'module',
  'exports',
  'console',
  'undefined',
  'URL',
  'import',
]);

function jsIdentifiers(n: unknown, out: Set<string>, parentKey = '', parent?: JsNode): void {
  if (!n || typeof n !== 'object') return;
  if (Array.isArray(n)) {
    for (const x of n) jsIdentifiers(x, out, parentKey, parent);
    return;
  }
  const node = n as JsNode;
  if (typeof node.type !== 'string') return;
  if (node.type === 'Identifier') {
    const nonComputedProp =
      (parent?.type === 'MemberExpression' || parent?.type === 'OptionalMemberExpression') &&
      parentKey === 'property' &&
      !parent.computed;
    const objKey =
      (parent?.type === 'ObjectProperty' || parent?.type === 'Property') && parentKey === 'key' && !parent.computed;
    if (!nonComputedProp && !objKey) out.add(node.name as string);
    return;
  }
  for (const [k, v] of Object.entries(node)) {
    if (k === 'loc' || k === 'start' || k === 'end' || k === 'extra' || k.endsWith('Comments')) continue;
    jsIdentifiers(v, out, k, node);
  }
}

function jsBinds(s: JsNode): string[] {
  const out = new Set<string>();
  if (s.type === 'ImportDeclaration')
    for (const sp of (s.specifiers as JsNode[]) ?? []) out.add((sp.local as JsNode).name as string);
  if (s.type === 'VariableDeclaration') for (const d of (s.declarations as JsNode[]) ?? []) jsIdentifiers(d.id, out);
  if ((s.type === 'FunctionDeclaration' || s.type === 'ClassDeclaration') && s.id)
    out.add((s.id as JsNode).name as string);
  return [...out];
}

function requiresProjectOrSdk(s: JsNode, src: string): boolean {
  return (
    /\brequire\s*\(\s*['"](\.{1,2}\/[^'"]*|openai|@azure\/openai|@langchain\/openai|langchain[^'"]*|ai|@ai-sdk\/openai)['"]\s*\)/.test(
      src.slice(s.start, s.end),
    ) || /\bnew\s+(OpenAI|AzureOpenAI|ChatOpenAI)\b|\bcreateOpenAI\s*\(/.test(src.slice(s.start, s.end))
  );
}

function moveJs(
  f: FindingDraft,
  ctx: FixerContext,
  file: FileText,
  l: DotenvLoad,
  rel: string,
  hoisting: boolean,
): FixerResult {
  const text = file.text;
  const parsed = parseJs(text, rel);
  if (!parsed) return undefined;
  const { body, esm } = parsed;
  const lines = new LineIndex(text);
  const stmtAt = (line: number) => body.find((s) => s.loc.start.line <= line && s.loc.end.line >= line);
  const eol = dominantEol(text);
  const lineStart = (s: JsNode) => lines.start(s.loc.start.line);
  const lineEnd = (s: JsNode) => {
    const sp = lineSpan(text, s.loc.end.line);
    return sp ? sp.end + sp.eol.length : text.length;
  };
  const alone = (s: JsNode) =>
    text.slice(lineStart(s), s.start).trim() === '' &&
    text
      .slice(s.end, lineEnd(s))
      .replace(/\/\/.*$/, '')
      .trim() === '';
  const firstImport = body.find((s) => s.type === 'ImportDeclaration');
  const loadStmt = stmtAt(l.line);
  if (!loadStmt) return undefined;
  if (!alone(loadStmt)) return refuse(f, `${rel}:${l.line} shares its line with other code: move it by hand`, rel);
  const piece = text.slice(lineStart(loadStmt), lineEnd(loadStmt));

  // `import 'dotenv/config'` below another import: make it the first import.
  if (loadStmt.type === 'ImportDeclaration' && l.loader === 'dotenv/config') {
    if (!firstImport || firstImport === loadStmt) return undefined;
    const at = lineStart(firstImport);
    return [
      jsMove(
        rel,
        ctx,
        [
          { start: at, end: at, text: withEol(piece, eol) },
          { start: lineStart(loadStmt), end: lineEnd(loadStmt), text: '' },
        ],
        `make import 'dotenv/config' (line ${l.line}) the first import of ${rel}`,
        'dotenv/config',
      ),
    ];
  }
  // dotenv.config() in the body of an ES module whose imports run first: replace it with import 'dotenv/config' on top.
  if (esm && hoisting) {
    const call = loadStmt.type === 'ExpressionStatement' ? (loadStmt.expression as JsNode) : undefined;
    if (!call || call.type !== 'CallExpression' || ((call.arguments as unknown[]) ?? []).length > 0)
      return refuse(
        f,
        `${rel}:${l.line}: config() takes options that import 'dotenv/config' cannot (start with node --env-file=... instead, or move the code by hand)`,
        rel,
      );
    const at = firstImport ? lineStart(firstImport) : lineStart(body[0] as JsNode);
    return [
      jsMove(
        rel,
        ctx,
        [
          { start: at, end: at, text: `import 'dotenv/config';${eol}` },
          { start: lineStart(loadStmt), end: lineEnd(loadStmt), text: '' },
        ],
        `replace ${text.slice(call.start, call.end)} (line ${l.line}) with import 'dotenv/config' as the first import of ${rel}: ES module imports run before the module body`,
        'dotenv/config',
      ),
    ];
  }
  // CommonJS (or a body-level client): move the statement above the first one that reads the key.
  const code = ctx.facts.code;
  const triggerLines = new Set<number>();
  for (const c of code?.clients ?? []) if (c.file === rel) triggerLines.add(c.line);
  for (const r of code?.envReads ?? []) if (r.file === rel && r.topLevel) triggerLines.add(r.line);
  const idx = body.indexOf(loadStmt);
  const target = body
    .slice(0, idx)
    .find(
      (s) =>
        s.type !== 'ImportDeclaration' &&
        ([...triggerLines].some((n) => n >= s.loc.start.line && n <= s.loc.end.line) || requiresProjectOrSdk(s, text)),
    );
  if (!target) return undefined;
  const uses = new Set<string>();
  jsIdentifiers(loadStmt, uses);
  const bound = new Set<string>();
  const moved: JsNode[] = [];
  for (const s of body.slice(0, idx)) {
    if (s.start < target.start) for (const b of jsBinds(s)) bound.add(b);
    else if (
      s.type === 'VariableDeclaration' &&
      /require\s*\(\s*['"](dotenv|@dotenvx\/dotenvx)['"]\s*\)/.test(text.slice(s.start, s.end)) &&
      jsBinds(s).some((b) => uses.has(b)) &&
      alone(s)
    ) {
      moved.push(s);
      for (const b of jsBinds(s)) bound.add(b);
    }
  }
  const missing = [...uses].filter((u) => !bound.has(u) && !JS_GLOBALS.has(u));
  if (missing.length)
    return refuse(
      f,
      `${rel}:${l.line}: the call uses ${missing.join(', ')}, defined only below line ${target.loc.start.line}: move it by hand`,
      rel,
    );
  const at = lineStart(target);
  const pieces = [...moved, loadStmt].map((s) => ({
    start: lineStart(s),
    end: lineEnd(s),
    text: text.slice(lineStart(s), lineEnd(s)),
  }));
  return [
    jsMove(
      rel,
      ctx,
      [
        { start: at, end: at, text: pieces.map((p) => withEol(p.text, eol)).join('') },
        ...pieces.map((p) => ({ start: p.start, end: p.end, text: '' })),
      ],
      `move ${text.slice(loadStmt.start, loadStmt.end).trim()} from line ${l.line} to line ${target.loc.start.line} of ${rel}, above the code that reads the key`,
      'config',
    ),
  ];
}

function jsMove(
  rel: string,
  ctx: FixerContext,
  edits: TextEdit[],
  title: string,
  marker: 'dotenv/config' | 'config',
): FixProposal {
  return {
    path: ctx.abs(rel),
    edits,
    applicability: 'unsafe',
    title,
    caution: 'the code between the two places now runs with the .env variables set',
    verify: (after) => {
      const p = parseJs(after, rel);
      if (!p) return 'the result would not parse as JavaScript/TypeScript';
      const first = marker === 'dotenv/config' ? p.body.find((s) => s.type === 'ImportDeclaration') : undefined;
      if (marker === 'dotenv/config' && (!first || ((first.source as JsNode).value as string) !== 'dotenv/config'))
        return "import 'dotenv/config' would not be the first import";
      return undefined;
    },
  };
}

/** dotenv-loaded-late: the load moved above what reads the key. */
export function fixLoadedLate(f: FindingDraft, ctx: FixerContext): FixerResult {
  const at = typeof f.data?.loadedAt === 'string' ? f.data.loadedAt : undefined;
  const code = ctx.facts.code;
  if (!at || !code) return undefined;
  const l = code.dotenvLoads.find((x) => `${x.file}:${x.line}` === at);
  if (!l || l.topLevel === false) return undefined;
  const ed = editableFile(ctx, l.file);
  if (!ed) return undefined;
  const { file } = ed;
  if (/\.py$/.test(l.file)) return l.loader === 'python-dotenv' ? movePython(f, ctx, file, l, l.file) : undefined;
  if (/\.(m?[jt]sx?|c[jt]s)$/.test(l.file)) return moveJs(f, ctx, file, l, l.file, f.data?.hoisting === true);
  return undefined;
}
