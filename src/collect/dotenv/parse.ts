/**
 * One dotenv parser with three dialects (npm dotenv, Node's --env-file / util.parseEnv,
 * python-dotenv, by version: see `pythonDotenvRules`), plus the analysis of lines that a loader would read
 * differently from what they seem to say. Every dialect is a port of the real parser (see
 * dialects.ts); test/collect/dotenv/differential.test.ts compares them with the real ones.
 *
 * Values are never printed: issue messages name the variable and the line, and describe values by
 * their length only.
 */
import type { DotenvDialect, DotenvIssue } from '../../core/types.js';
import { isCredentialName, isPlaceholder } from '../../keys/classify.js';
import { LineIndex } from '../../core/lines.js';
import { decodeDotenv, type Decoded, type Encoding } from './decode.js';
import {
  interpolatePython,
  nodeEnvRules,
  parseClassic,
  parseNode,
  parseNodeModern,
  parsePython,
  pythonDotenvRules,
  PYTHON_DOTENV_NEWEST,
  type Binding,
  type DialectRun,
  type PythonDotenvVersion,
} from './dialects.js';

export type { PythonDotenvVersion } from './dialects.js';
export { PYTHON_DOTENV_NEWEST, nodeEnvRules, pythonDotenvRules } from './dialects.js';
export { decodeDotenv } from './decode.js';

export const DIALECTS: readonly DotenvDialect[] = ['dotenv', 'node', 'python'];

export interface ParseOptions {
  /** Which python-dotenv to model ("1.2.2", "0.21.0"; default the newest release, PYTHON_DOTENV_NEWEST). */
  python?: PythonDotenvVersion;
  /** Which Node to model for the `node` dialect ("20.20.2", "22", "24"; default the running Node): see `nodeEnvRules`. */
  node?: string;
  /** Apply python-dotenv's `${VAR}` interpolation (what `load_dotenv()` does by default) against this environment. */
  pythonInterpolate?: { env: Record<string, string>; override?: boolean };
  /** Compute the cross-dialect issues (default true). */
  issues?: boolean;
}

export interface DotenvAssignment {
  name: string;
  value: string;
  /** 1-based line and column of the name. */
  line: number;
  column: number;
  /** The value's text as written (quotes included, may span lines). */
  raw: string;
}

export interface DotenvParse {
  dialect: DotenvDialect;
  encoding: Encoding;
  /** Every assignment the loader makes, in file order (a repeated name appears each time). */
  assignments: DotenvAssignment[];
  /** What the loader ends up with: the last assignment of each name (names a loader leaves unset are absent). */
  effective: DotenvAssignment[];
  /** name → effective value (a null-prototype object). */
  values: Record<string, string>;
  /** Statements the loader rejected or could not read, with the loader's own words. */
  errors: Array<{ line: number; message: string }>;
  /** Cross-dialect issues of the file (the same for every dialect). */
  issues: DotenvIssue[];
}

export interface DotenvAnalysis {
  encoding: Encoding;
  byDialect: Record<DotenvDialect, DotenvParse>;
  issues: DotenvIssue[];
}

export const DIALECT_LABEL: Record<DotenvDialect, string> = {
  dotenv: 'npm dotenv',
  node: "Node's --env-file (util.parseEnv, Vite)",
  python: 'python-dotenv',
};

const SHORT: Record<DotenvDialect, string> = { dotenv: 'npm dotenv', node: 'Node', python: 'python-dotenv' };

// ---------------------------------------------------------------------------------------------
// Parsing

function runDialect(
  decoded: Decoded,
  dialect: DotenvDialect,
  opts: ParseOptions,
): { run: DialectRun; unreadable?: string } {
  const text = decoded.utf8;
  const utf16 = decoded.encoding === 'utf16le' || decoded.encoding === 'utf16be';
  switch (dialect) {
    case 'dotenv':
      return { run: parseClassic(text) };
    case 'node':
      if (utf16)
        return {
          run: { bindings: [], errors: [] },
          unreadable: 'the file is UTF-16: Node reads its bytes as UTF-8 and sets no usable variable',
        };
      return { run: nodeEnvRules(opts.node).modern ? parseNodeModern(text) : parseNode(text) };
    case 'python': {
      if (utf16 && decoded.invalidUtf8)
        return {
          run: { bindings: [], errors: [] },
          unreadable: "UnicodeDecodeError: 'utf-8' codec can't decode the UTF-16 byte-order mark",
        };
      if (utf16)
        return {
          run: { bindings: [], errors: [] },
          unreadable:
            'the file is UTF-16: python-dotenv reads names full of NUL characters and sets no usable variable',
        };
      if (decoded.invalidUtf8)
        return {
          run: { bindings: [], errors: [] },
          unreadable: "UnicodeDecodeError: 'utf-8' codec can't decode the file (it is not UTF-8)",
        };
      const run = parsePython(text, opts.python ?? PYTHON_DOTENV_NEWEST);
      if (opts.pythonInterpolate)
        run.bindings = interpolatePython(
          run.bindings,
          opts.pythonInterpolate.env,
          opts.pythonInterpolate.override ?? false,
        );
      return { run };
    }
  }
}

function toParse(decoded: Decoded, lines: LineIndex, dialect: DotenvDialect, opts: ParseOptions): DotenvParse {
  const { run, unreadable } = runDialect(decoded, dialect, opts);
  const assignments: DotenvAssignment[] = [];
  const last = new Map<string, DotenvAssignment | null>();
  for (const b of run.bindings) {
    if (b.value === null) {
      last.delete(b.name);
      last.set(b.name, null);
      continue;
    }
    const a = toAssignment(b, b.value, lines);
    assignments.push(a);
    last.delete(b.name); // keep the order of the last occurrence
    last.set(b.name, a);
  }
  const effective: DotenvAssignment[] = [];
  const values = Object.create(null) as Record<string, string>;
  for (const a of last.values()) {
    if (!a) continue;
    effective.push(a);
    values[a.name] = a.value;
  }
  const errors = run.errors.map((off) => ({
    line: lines.at(off).line,
    message: `python-dotenv could not parse statement starting at line ${lines.at(off).line}`,
  }));
  if (unreadable) errors.unshift({ line: 1, message: unreadable });
  return { dialect, encoding: decoded.encoding, assignments, effective, values, errors, issues: [] };
}

function toAssignment(b: Binding, value: string, lines: LineIndex): DotenvAssignment {
  const { line, column } = lines.at(b.nameAt);
  return { name: b.name, value, line, column, raw: lines.text.slice(b.rawStart, b.rawEnd) };
}

/** Parses a dotenv file as one loader would. `issues` holds the cross-dialect analysis unless `opts.issues === false`. */
export function parseDotenv(input: Buffer | string, dialect: DotenvDialect, opts: ParseOptions = {}): DotenvParse {
  if (opts.issues === false) {
    const decoded = decodeDotenv(input);
    return toParse(decoded, new LineIndex(decoded.utf8, { cr: true }), dialect, opts);
  }
  return analyzeDotenv(input, opts).byDialect[dialect];
}

/** Parses a dotenv file in every dialect and finds the lines they read differently from how they look. */
export function analyzeDotenv(input: Buffer | string, opts: ParseOptions = {}): DotenvAnalysis {
  const decoded = decodeDotenv(input);
  const lines = new LineIndex(decoded.utf8, { cr: true });
  const byDialect = {
    dotenv: toParse(decoded, lines, 'dotenv', opts),
    node: toParse(decoded, lines, 'node', opts),
    python: toParse(decoded, lines, 'python', opts),
  };
  // the lines' readings are compared as parsed: python-dotenv's `${VAR}` interpolation is what the file
  // means (`OPENAI_API_KEY=${MY_OPENAI_KEY}`), not a line the loaders read differently
  const parsed = opts.pythonInterpolate
    ? { ...byDialect, python: toParse(decoded, lines, 'python', { ...opts, pythonInterpolate: undefined }) }
    : byDialect;
  const issues =
    opts.issues === false ? [] : findIssues(decoded, lines, parsed, opts.python ?? PYTHON_DOTENV_NEWEST, opts.node);
  for (const d of DIALECTS) byDialect[d].issues = issues;
  return { encoding: decoded.encoding, byDialect, issues };
}

// ---------------------------------------------------------------------------------------------
// Issues

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
// How a line looks to a person: [export ]NAME (= or :) value
const LOOKS = /^([ \t]*)(export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)([ \t]*)([=:])([ \t]*)(.*)$/;
const LOOKS_ASSIGNMENT = /^[ \t]*(?:export[ \t]+)?[A-Za-z_][A-Za-z0-9_.-]*[ \t]*=/;
const KEYISH = /^(?:sk-|gsk_|xai-|hf_|AIza|pplx-)/;

function describe(v: string | undefined): string {
  if (v === undefined) return 'leaves it unset';
  if (v === '') return 'reads an empty value';
  return `reads a ${v.length}-character value`;
}

function list(ds: DotenvDialect[]): string {
  const names = ds.map((d) => SHORT[d]);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}

/** "npm dotenv and Node read a 6-character value, python-dotenv reads a 10-character value" (never the value). */
export function compareDialects(
  byDialect: Record<DotenvDialect, DotenvParse>,
  name: string,
): { differ: boolean; summary: string; groups: DotenvDialect[][] } {
  const groups = new Map<string | undefined, DotenvDialect[]>();
  for (const d of DIALECTS) {
    const v = Object.prototype.hasOwnProperty.call(byDialect[d].values, name) ? byDialect[d].values[name] : undefined;
    const g = groups.get(v);
    if (g) g.push(d);
    else groups.set(v, [d]);
  }
  const entries = [...groups.entries()];
  const lengths = entries.map(([v]) => v?.length);
  const parts = entries.map(([v, ds]) => {
    let text = describe(v);
    // two different values of the same length: say they differ without showing them
    if (v !== undefined && v !== '' && lengths.filter((l) => l === v.length).length > 1)
      text = `reads a different ${v.length}-character value`;
    if (ds.length > 1) text = text.replace(/^reads /, 'read ').replace(/^leaves /, 'leave ');
    return `${list(ds)} ${text}`;
  });
  return { differ: groups.size > 1, summary: parts.join('; '), groups: entries.map(([, ds]) => ds) };
}

/** Where a quote opened at `from` closes: same line, a later line, or never. */
function closingQuote(text: string, from: number, q: string, allowEscape: boolean): number {
  for (let i = from + 1; i < text.length; i++) {
    const c = text[i];
    if (allowEscape && c === '\\' && text[i + 1] === q) {
      i++;
      continue;
    }
    if (c === q) return i;
  }
  return -1;
}

function findIssues(
  decoded: Decoded,
  lines: LineIndex,
  byDialect: Record<DotenvDialect, DotenvParse>,
  pyVersion: PythonDotenvVersion,
  nodeVersion?: string,
): DotenvIssue[] {
  const issues: DotenvIssue[] = [];
  const nodeRules = nodeEnvRules(nodeVersion);
  const nodeName = `Node ${(/^\d+/.exec(nodeRules.version) ?? ['20'])[0]}`;
  const py = `python-dotenv ${pyVersion}`;
  const add = (i: DotenvIssue): void => {
    issues.push(i);
  };

  if (decoded.encoding === 'utf16le' || decoded.encoding === 'utf16be') {
    add({
      line: 1,
      code: 'utf16',
      message: `The file is saved as ${decoded.encoding === 'utf16le' ? 'UTF-16 LE' : 'UTF-16 BE'} (what Windows PowerShell's \`echo ... > .env\` or Out-File writes): npm dotenv silently reads nothing, Node sets nothing usable, python-dotenv fails with UnicodeDecodeError. Save it as UTF-8.`,
      dialects: ['dotenv', 'node', 'python'],
    });
    return issues;
  }
  if (decoded.encoding === 'binary') {
    add({
      line: 1,
      code: 'binary',
      message: 'The file contains NUL bytes: it is not a text file, or it is damaged.',
      dialects: ['dotenv', 'node', 'python'],
    });
  }
  if (decoded.invalidUtf8) {
    add({
      line: 1,
      code: 'invalid-utf8',
      message:
        'The file is not valid UTF-8 (probably Latin-1 / Windows-1252): python-dotenv fails with UnicodeDecodeError and loads nothing; npm dotenv and Node replace the bad bytes with U+FFFD.',
      dialects: ['python'],
    });
  }
  if (decoded.encoding === 'utf8-bom') {
    const first =
      byDialect.dotenv.assignments[0]?.name ?? byDialect.python.assignments.find((a) => NAME.test(a.name))?.name;
    const pyKeeps = !pythonDotenvRules(pyVersion).stripsBom;
    const hit: DotenvDialect[] = pyKeeps ? ['node', 'python'] : ['node'];
    add({
      line: 1,
      code: 'bom',
      name: first,
      message: `The file starts with a UTF-8 byte-order mark (BOM): ${pyKeeps ? `Node's --env-file and ${py} read` : "Node's --env-file (and Vite) reads"} the first variable as "\\uFEFF${first ?? 'NAME'}", so ${first ?? 'that variable'} is unset there; npm dotenv${pyKeeps ? '' : ` and ${py}`} strip${pyKeeps ? 's' : ''} the mark. Save the file as UTF-8 without BOM.`,
      dialects: hit,
    });
  }

  // Per-line analysis of how the line looks.
  const text = lines.text;
  let skipUntilLine = 0;
  const seen = new Map<string, number>(); // name → first line that sets it (for `${NAME}` expansion)
  for (let n = 1; n <= lines.count; n++) {
    if (n < skipUntilLine) continue;
    const rawLine = lines.lineText(n);
    const bomShift = n === 1 && rawLine.startsWith('\ufeff') ? 1 : 0;
    const lineText = rawLine.slice(bomShift);
    const trimmed = lineText.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const m = LOOKS.exec(lineText);
    if (!m) {
      const bare = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]+(\S.*)$/.exec(lineText);
      // a sentence that lost its `#` (`Example environment variable configurations for Letta`): a word that is
      // no variable name (lower case in it) and more words after it
      const prose =
        bare?.[1] !== undefined && /[a-z]/.test(bare[1]) && /^[A-Za-z][A-Za-z\s,.;:'()/-]*$/.test(bare[2] ?? '');
      if (bare?.[1] && !bare[2]?.startsWith('#') && !lineText.includes('=')) {
        add(
          prose
            ? {
                line: n,
                code: 'prose-line',
                message: `Line ${n} is text, not a NAME=value line (a comment without its #): the loaders skip it (python-dotenv warns that it could not parse it), and docker compose refuses a file with such a line.`,
                dialects: ['dotenv', 'node', 'python'],
              }
            : {
                line: n,
                code: 'no-separator',
                name: bare[1],
                message: `Line ${n} (${bare[1]}) has no \`=\` between the name and the value: no loader reads it, so ${bare[1]} is not set from this file. Write ${bare[1]}=value.`,
                dialects: ['dotenv', 'node', 'python'],
              },
        );
      }
      continue;
    }
    const [, , exp = '', name = '', , sep = '=', gap = '', rest = ''] = m;
    if (!seen.has(name)) seen.set(name, n);
    if (sep === ':') {
      add({
        line: n,
        code: 'colon-separator',
        name,
        message: `Line ${n} writes ${name} with a colon (\`${name}: value\`, YAML style): only npm dotenv accepts that; Node's --env-file and python-dotenv do not set ${name} from it. Write ${name}=value.`,
        dialects: ['node', 'python'],
      });
      continue;
    }
    if (/^export {2,}$/.test(exp) && !nodeRules.modern) {
      add({
        line: n,
        code: 'export-spaces',
        name,
        message: `Line ${n} puts several spaces after \`export\`: Node 20's --env-file removes only "export " and sets a variable named " ${name}" (with a leading space), so ${name} stays unset there; npm dotenv and python-dotenv read it. Use one space.`,
        dialects: ['node'],
      });
    }
    if (exp.includes('\t')) {
      add({
        line: n,
        code: 'export-tab',
        name,
        message: `Line ${n} separates \`export\` from ${name} with a tab: Node's --env-file only knows \`export \` with a space, so it sets a variable literally named "export\\t${name}" and ${name} stays unset; npm dotenv and python-dotenv read it. Use a space.`,
        dialects: ['node'],
      });
    }
    if (nodeRules.modern && rest === '' && gap !== '' && n < lines.count) {
      const got = Object.prototype.hasOwnProperty.call(byDialect.node.values, name)
        ? byDialect.node.values[name]
        : undefined;
      if (got) {
        const next = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=/.exec(lines.lineText(n + 1))?.[1];
        add({
          line: n,
          code: 'node-empty-takes-next-line',
          name,
          message: `Line ${n} (${name}=) has only whitespace after the \`=\`: ${nodeName}'s --env-file then takes the next line as the value of ${name}${next ? `, so ${name} gets the text of line ${n + 1} and ${next} is unset there` : ''}; npm dotenv and python-dotenv read an empty value. Remove the trailing whitespace (or write ${name}="").`,
          dialects: ['node'],
        });
      }
    }
    const lineStart = lines.start(n);
    const lineEnd = lineStart + rawLine.length;
    const valueAt = lineEnd - rest.length;
    const q = rest[0];
    if (q === '"' || q === "'" || q === '`') {
      const close = closingQuote(text, valueAt, q, q !== '`');
      const closeLine = close < 0 ? -1 : lines.at(close).line;
      if (close < 0 || closeLine > n) {
        // Either never closed, or closed lines later: legitimate multi-line value unless it swallows assignments.
        const spanEnd = close < 0 ? lines.count : closeLine;
        let swallowed = 0;
        for (let k = n + 1; k <= spanEnd; k++)
          if (LOOKS_ASSIGNMENT.test(lines.lineText(k)) && !(k === spanEnd && close >= 0 && lines.at(close).column <= 1))
            swallowed++;
        if (close < 0 || swallowed > 0) {
          add({
            line: n,
            code: 'unterminated-quote',
            name,
            message:
              close < 0
                ? `The ${quoteName(q)} opened on line ${n} (${name}) is never closed: npm dotenv keeps the quote character in the value, Node takes the rest of the line with the quote, python-dotenv cannot parse the line and skips ${name}.`
                : `The ${quoteName(q)} opened on line ${n} (${name}) closes only on line ${closeLine}: the lines in between (${swallowed} assignment${swallowed === 1 ? '' : 's'}) become part of the value in Node and python-dotenv (or are skipped), while npm dotenv keeps the quote character in ${name}.`,
            dialects: ['dotenv', 'node', 'python'],
          });
          if (close >= 0) skipUntilLine = closeLine + 1;
        } else {
          skipUntilLine = closeLine + 1; // a multi-line quoted value (a PEM key, JSON): compared below
        }
        continue;
      }
      const after = text.slice(close + 1, lineEnd).replace(/^[ \t]*(?:#.*)?$/, '');
      if (after.trim()) {
        add({
          line: n,
          code: 'text-after-quote',
          name,
          message: `Line ${n} (${name}) has text after the closing quote: npm dotenv keeps the whole thing, quotes included, Node keeps only the quoted part, python-dotenv cannot parse the line and skips ${name}.`,
          dialects: ['dotenv', 'node', 'python'],
        });
        continue;
      }
      if (q === '`') {
        add({
          line: n,
          code: 'backtick-quotes',
          name,
          message: `Line ${n} quotes ${name} with backticks: npm dotenv and Node remove them, python-dotenv does not (the backticks become part of the value).`,
          dialects: ['python'],
        });
      } else if (q === '"' && /\\"/.test(text.slice(valueAt, close + 1))) {
        add({
          line: n,
          code: 'escaped-quote',
          name,
          message: `Line ${n} (${name}) has an escaped quote \\" inside double quotes: python-dotenv turns it into ", npm dotenv keeps the backslash, Node ends the value at the escaped quote.`,
          dialects: ['dotenv', 'node', 'python'],
        });
      }
      const inner = text.slice(valueAt + 1, close);
      if (q === '"') dollarIssue(n, name, inner, add, seen);
      continue;
    }
    // Unquoted value.
    // A value that starts with `#` (`KEY=#your key here`, `KEY= # comment`) is an empty value with a
    // comment to npm dotenv and Node, which is what such template lines mean: not a cut value.
    const lead = rest.startsWith('#');
    const hashAt = lead ? -1 : hashCutIndex(rest);
    if (hashAt >= 0) {
      add({
        line: n,
        code: 'hash-in-value',
        name,
        message: `Line ${n} (${name}): the unquoted value contains \`#\` with no space before it; npm dotenv and Node treat everything from the \`#\` on as a comment and cut the value there, python-dotenv keeps it. Quote the value: ${name}="...".`,
        dialects: ['dotenv', 'node'],
      });
    }
    if (gap && lead && rest.length > 1 && !pythonDotenvRules(pyVersion).emptyBeforeComment) {
      add({
        line: n,
        code: 'comment-as-value',
        name,
        message: `Line ${n} (${name}= #...) has a comment where the value would be: ${py} (before 1.2.4) takes the comment itself, \`#\` included, as the value of ${name}; npm dotenv, Node and python-dotenv 1.2.4+ read an empty value. Put the comment on its own line and the value after the \`=\`.`,
        dialects: ['python'],
      });
    } else if (!gap && lead && rest.length > 1) {
      add({
        line: n,
        code: 'comment-as-value',
        name,
        message: `Line ${n} (${name}=#...) starts its value with \`#\`: npm dotenv and Node read an empty value with a comment, but python-dotenv (every version) takes the text, \`#\` included, as the value of ${name}. Put the comment on its own line and leave the value empty (or write the value).`,
        dialects: ['python'],
      });
    }
    // `KEY= # comment`: a comment after whitespace (the value is empty, or the comment in python-dotenv before 1.2.4, said below)
    const body = lead ? '' : rest.replace(/[ \t]+#.*$/, '').trim();
    // Pieces of key characters split by whitespace (`sk-abc def`), not an expression or a sentence an
    // app reads another way (`REFRESH_TOKEN_EXPIRY=(1000 * 60 * 60 * 24) * 7`).
    const pasted = body.split(/\s+/).every((piece) => /^[A-Za-z0-9_\-.+/=:]+$/.test(piece));
    // `Bearer sk-...` copied from a header: key-bearer-prefix says what it is
    const bearer = /^bearer\s+\S+$/i.test(body);
    if (/\s/.test(body) && pasted && !bearer && (isCredentialName(name) || KEYISH.test(body)) && !isPlaceholder(body)) {
      add({
        line: n,
        code: 'space-in-value',
        name,
        message: `Line ${n} (${name}): the value has whitespace inside it (every loader keeps it); a key never contains spaces, so this is probably a bad paste.`,
      });
    }
    dollarIssue(n, name, body, add, seen);
  }

  // Names Node mangles: Node 20's parser trims only spaces, so a whitespace-only line, a tab or a
  // (Node 22+ trims tabs and newlines too, and skips a line without `=`; tabs inside a name stay)
  // newline before a name (or a key with no `=` on the line before) ends up inside the name.
  const covered = new Set(issues.filter((i) => i.name && i.dialects?.includes('node')).map((i) => i.name));
  for (const a of byDialect.node.effective) {
    if (NAME.test(a.name)) continue;
    const intended = /([A-Za-z_][A-Za-z0-9_.-]*)$/.exec(a.name)?.[1];
    if (!intended || covered.has(intended) || Object.prototype.hasOwnProperty.call(byDialect.node.values, intended))
      continue;
    if (
      !Object.prototype.hasOwnProperty.call(byDialect.dotenv.values, intended) &&
      !Object.prototype.hasOwnProperty.call(byDialect.python.values, intended)
    )
      continue;
    const line =
      byDialect.dotenv.effective.find((x) => x.name === intended)?.line ??
      byDialect.python.effective.find((x) => x.name === intended)?.line ??
      a.line;
    const why = /\n/.test(a.name)
      ? 'the line before it holds only spaces or tabs, or a name without `=`, so Node glues it to this name'
      : /^[ \t]/.test(a.name)
        ? 'the line starts with a tab (or spaces after `export `), which Node keeps in the name'
        : 'Node keeps the text before the name in it';
    covered.add(intended);
    add({
      line,
      code: 'node-name-mangled',
      name: intended,
      message: `Line ${line}: ${nodeName}'s --env-file reads the name of ${intended} as ${JSON.stringify(a.name)} (${why}), so ${intended} is unset there; npm dotenv and python-dotenv read it. Remove the stray whitespace.`,
      dialects: ['node'],
    });
  }

  // Duplicates (the same in every dialect: last one wins).
  const firstLine = new Map<string, number>();
  for (const a of byDialect.dotenv.assignments.length ? byDialect.dotenv.assignments : byDialect.node.assignments) {
    const prev = firstLine.get(a.name);
    if (prev === undefined) {
      firstLine.set(a.name, a.line);
      continue;
    }
    if (prev === a.line) continue;
    add({
      line: a.line,
      code: 'duplicate-key',
      name: a.name,
      message: `${a.name} is set again on line ${a.line} (first on line ${prev}): every loader keeps the last one in the file, so the value on line ${prev} is ignored.`,
    });
  }

  // Any remaining disagreement between the dialects, by variable.
  const where = new Map<string, number>();
  for (const d of ['node', 'python', 'dotenv'] as const)
    for (const a of byDialect[d].effective) if (NAME.test(a.name)) where.set(a.name, a.line);
  const byName = new Map<string, DotenvIssue[]>();
  for (const i of issues) if (i.name && i.dialects?.length) byName.set(i.name, [...(byName.get(i.name) ?? []), i]);
  for (const [name, line] of where) {
    const cmp = compareDialects(byDialect, name);
    if (!cmp.differ) continue;
    const mine = byName.get(name) ?? [];
    if (mine.length > 0) {
      for (const i of mine) if (!i.message.includes(' — ')) i.message += ` — ${name}: ${cmp.summary}.`;
      continue;
    }
    const minority = cmp.groups.length > 1 ? cmp.groups.slice(1).flat() : [];
    add({
      line,
      code: 'dialects-disagree',
      name,
      message: `The loaders read ${name} (line ${line}) differently: ${cmp.summary}.`,
      dialects: minority,
    });
  }
  issues.sort((a, b) => a.line - b.line);
  return issues;
}

function quoteName(q: string): string {
  return q === '"' ? 'double quote' : q === "'" ? 'single quote' : 'backtick';
}

/** Index in an unquoted value of a `#` that Node/npm dotenv treat as a comment while python-dotenv keeps it. */
function hashCutIndex(rest: string): number {
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] !== '#') continue;
    if (i === 0) return rest.length > 1 ? 0 : -1;
    const prev = rest[i - 1] ?? '';
    if (/\s/.test(prev)) return -1; // a real comment for every loader
    return i;
  }
  return -1;
}

/**
 * A `$` that expanding loaders would change. `${NAME}` and `$NAME` of a name set earlier in the file
 * (or any `${NAME}`, the explicit interpolation syntax) is intended expansion; a `$` before anything
 * else (a password or key with `$` in it) is the surprise.
 */
function dollarIssue(
  n: number,
  name: string,
  value: string,
  add: (i: DotenvIssue) => void,
  seen: Map<string, number>,
): void {
  if (!/\$(?:\{|[A-Za-z_(])/.test(value)) return;
  const refs = [...value.matchAll(/\$(\{)?([A-Za-z_][A-Za-z0-9_]*)?/g)];
  const intended = refs.every((m) => m[2] !== undefined && (m[1] === '{' || (seen.get(m[2]) ?? n) < n));
  // a key that is only a reference to another variable (`OPENAI_API_KEY=${MY_OPENAI_KEY}`): meant to be expanded
  if (intended && (!isCredentialName(name) || /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(value.trim()))) return;
  add({
    line: n,
    code: 'value-with-dollar',
    name,
    message: `Line ${n} (${name}): the value contains \`$\`. Loaders that expand variables change it: Next.js, Vite and Create React App (dotenv-expand) replace $NAME and \${NAME}, python-dotenv replaces \${NAME}; plain npm dotenv and Node keep it. Escape it as \\$ for those frameworks.`,
  });
}
