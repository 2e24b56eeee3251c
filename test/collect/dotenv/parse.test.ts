import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDotenv, parseDotenv, compareDialects } from '../../../src/collect/dotenv/parse.js';
import { decodeDotenv } from '../../../src/collect/dotenv/decode.js';
import { openaiKey } from '../../helpers/keys.js';

const KEY = openaiKey('proj', 'parse');
const OLD = openaiKey('legacy', 'parse-old');

const codes = (src: string | Buffer, python?: string): string[] =>
  analyzeDotenv(src, { python }).issues.map((i) => i.code);
const issue = (src: string | Buffer, code: string, python?: string) =>
  analyzeDotenv(src, { python }).issues.find((i) => i.code === code);

test('line, column and raw text of each assignment', () => {
  const src = `# comment\n\nexport OPENAI_API_KEY = "${KEY}"  # main\r\nORG='org-x'\nMULTI="a\nb"\nLAST=plain value\n`;
  const p = parseDotenv(src, 'dotenv');
  assert.deepEqual(
    p.assignments.map((a) => [a.name, a.line, a.column, a.raw]),
    [
      ['OPENAI_API_KEY', 3, 8, `"${KEY}"`],
      ['ORG', 4, 1, "'org-x'"],
      ['MULTI', 5, 1, '"a\nb"'],
      ['LAST', 7, 1, 'plain value'],
    ],
  );
  assert.equal(p.values.OPENAI_API_KEY, KEY);
  assert.equal(p.values.MULTI, 'a\nb');
  for (const d of ['node', 'python'] as const) {
    const q = parseDotenv(src, d);
    assert.deepEqual(
      q.effective.map((a) => [a.name, a.line, a.column]),
      [
        ['OPENAI_API_KEY', 3, 8],
        ['ORG', 4, 1],
        ['MULTI', 5, 1],
        ['LAST', 7, 1],
      ],
      d,
    );
    assert.equal(q.effective[0]?.raw, `"${KEY}"`, d);
  }
});

test('duplicates: every occurrence listed, the last one is effective', () => {
  const src = `OPENAI_API_KEY=${OLD}\nB=1\nOPENAI_API_KEY=${KEY}\n`;
  for (const d of ['dotenv', 'node', 'python'] as const) {
    const p = parseDotenv(src, d);
    assert.equal(p.assignments.filter((a) => a.name === 'OPENAI_API_KEY').length, 2, d);
    assert.deepEqual(
      p.effective.map((a) => [a.name, a.line]),
      [
        ['B', 2],
        ['OPENAI_API_KEY', 3],
      ],
      d,
    );
    assert.equal(p.values.OPENAI_API_KEY, KEY);
  }
  const dup = issue(src, 'duplicate-key');
  assert.equal(dup?.line, 3);
  assert.equal(dup?.name, 'OPENAI_API_KEY');
  assert.match(dup?.message ?? '', /line 1/);
});

test('python: a bare KEY after KEY=value leaves it unset for load_dotenv', () => {
  const p = parseDotenv('A=1\nA\n', 'python');
  assert.equal(p.values.A, undefined);
  assert.deepEqual(parseDotenv('A=1\nA\n', 'dotenv').values.A, '1');
});

test('hash-in-value: `#` without a space before it cuts the value in Node and npm dotenv', () => {
  const src = `OPENAI_API_KEY=${KEY}#x\n`;
  const i = issue(src, 'hash-in-value');
  assert.ok(i);
  assert.deepEqual(i.dialects, ['dotenv', 'node']);
  assert.equal(i.name, 'OPENAI_API_KEY');
  assert.equal(parseDotenv(src, 'node').values.OPENAI_API_KEY, KEY);
  assert.equal(parseDotenv(src, 'python').values.OPENAI_API_KEY, `${KEY}#x`);
  // a real comment (space before #) and a quoted # are fine
  assert.deepEqual(codes(`A=${KEY} # note\nB="a#b"\nC='a#b'\n`), []);
});

test('a value that starts with `#` (KEY=#your key here): empty with a comment to Node and npm dotenv, the text to python-dotenv', () => {
  const src = 'OPENAI_API_KEY=#your provider API key\n';
  assert.equal(issue(src, 'hash-in-value'), undefined);
  const i = issue(src, 'comment-as-value');
  assert.ok(i);
  assert.deepEqual(i.dialects, ['python']);
  assert.equal(parseDotenv(src, 'node').values.OPENAI_API_KEY, '');
  assert.equal(parseDotenv(src, 'dotenv').values.OPENAI_API_KEY, '');
  assert.equal(parseDotenv(src, 'python').values.OPENAI_API_KEY, '#your provider API key');
});

test('unterminated quote: never closed, or closed lines later after swallowing assignments', () => {
  const never = issue(`OPENAI_API_KEY="${KEY}\nB=1\n`, 'unterminated-quote');
  assert.ok(never);
  assert.equal(never.line, 1);
  const swallow = issue(`OPENAI_API_KEY="${KEY}\nB=1\nC="x"\n`, 'unterminated-quote');
  assert.ok(swallow);
  assert.match(swallow.message, /line 3/);
  // a legitimate multi-line value (a PEM key) is not an issue
  assert.deepEqual(codes('CERT="-----BEGIN-----\nabc\n-----END-----"\nB=1\n'), []);
});

test('text-after-quote, colon separator, export with a tab, backticks, escaped quotes', () => {
  assert.ok(issue(`OPENAI_API_KEY="${KEY}" extra\n`, 'text-after-quote'));
  const colon = issue(`OPENAI_API_KEY: ${KEY}\n`, 'colon-separator');
  assert.deepEqual(colon?.dialects, ['node', 'python']);
  const tab = issue(`export\tOPENAI_API_KEY=${KEY}\n`, 'export-tab');
  assert.deepEqual(tab?.dialects, ['node']);
  assert.equal(parseDotenv(`export\tOPENAI_API_KEY=${KEY}\n`, 'node').values.OPENAI_API_KEY, undefined);
  const spaces = issue(`export  OPENAI_API_KEY=${KEY}\n`, 'export-spaces');
  assert.deepEqual(spaces?.dialects, ['node']);
  assert.deepEqual(Object.keys(parseDotenv(`export  OPENAI_API_KEY=${KEY}\n`, 'node').values), [' OPENAI_API_KEY']);
  assert.ok(issue('A=`x`\n', 'backtick-quotes'));
  assert.ok(issue('A="x\\"y"\n', 'escaped-quote'));
  // spaces around = are read the same by everyone
  assert.deepEqual(codes(`OPENAI_API_KEY = ${KEY}\nexport B = 'x'\n`), []);
});

test('no-separator: NAME value without =', () => {
  const i = issue(`OPENAI_API_KEY ${KEY}\n`, 'no-separator');
  assert.equal(i?.name, 'OPENAI_API_KEY');
});

test('space-in-value only for credentials; value-with-dollar', () => {
  assert.ok(issue(`OPENAI_API_KEY=${KEY} ${OLD}\n`, 'space-in-value'));
  assert.equal(issue('GREETING=hello world\n', 'space-in-value'), undefined);
  // an expression an app evaluates (LibreChat's math()), under a name with TOKEN in it: no paste
  assert.equal(issue('REFRESH_TOKEN_EXPIRY=(1000 * 60 * 60 * 24) * 7\n', 'space-in-value'), undefined);
  assert.ok(issue(`AZURE_OPENAI_API_KEY=${KEY.slice(0, 20)} ${KEY.slice(20)}\n`, 'space-in-value'));
  const d = issue('DB_PASSWORD=abc$def\n', 'value-with-dollar');
  assert.match(d?.message ?? '', /Next\.js/);
  assert.equal(issue("DB_PASSWORD='abc$def'\n", 'value-with-dollar'), undefined);
  assert.equal(issue('PRICE=5$\n', 'value-with-dollar'), undefined);
});

test('dialects-disagree names the loaders and never the value', () => {
  const a = analyzeDotenv(`OPENAI_API_KEY='${KEY}\\'x'\n`);
  const all = a.issues.map((i) => i.message).join('\n');
  assert.ok(!all.includes(KEY));
  const cmp = compareDialects(a.byDialect, 'OPENAI_API_KEY');
  assert.equal(cmp.differ, true);
  assert.match(cmp.summary, /python-dotenv/);
  assert.match(cmp.summary, /character/);
  // no key text in any message of a file full of problems
  const messy = `\ufeffOPENAI_API_KEY=${KEY}#frag\nOPENAI_API_KEY: ${KEY}\nX="${KEY}" tail\nY="${KEY}\n`;
  for (const i of analyzeDotenv(messy).issues) assert.ok(!i.message.includes(KEY.slice(10, 40)), i.message);
});

test('BOM: Node reads the first name with U+FEFF; python 0.21 too, python 1.2 does not', () => {
  const src = `\ufeffOPENAI_API_KEY=${KEY}\n`;
  assert.equal(parseDotenv(src, 'dotenv').values.OPENAI_API_KEY, KEY);
  assert.equal(parseDotenv(src, 'node').values.OPENAI_API_KEY, undefined);
  assert.equal(parseDotenv(src, 'python', { python: '1.2.4' }).values.OPENAI_API_KEY, KEY);
  assert.equal(parseDotenv(src, 'python', { python: '0.21.0' }).values.OPENAI_API_KEY, undefined);
  assert.deepEqual(issue(src, 'bom', '1.2.4')?.dialects, ['node']);
  assert.deepEqual(issue(src, 'bom', '0.21.0')?.dialects, ['node', 'python']);
  assert.equal(analyzeDotenv(Buffer.from(src)).encoding, 'utf8-bom');
  // the column of the first name is not shifted by the BOM's line
  assert.equal(parseDotenv(src, 'dotenv').assignments[0]?.line, 1);
});

test('`KEY= # c`: empty for python-dotenv 1.2, Node and npm dotenv; python-dotenv 0.21 keeps `# c`', () => {
  assert.equal(parseDotenv('A= # c\n', 'python', { python: '1.2.4' }).values.A, '');
  assert.equal(parseDotenv('A= # c\n', 'python', { python: '0.21.0' }).values.A, '# c');
  assert.equal(parseDotenv('A= # c\n', 'node').values.A, '');
  assert.equal(parseDotenv('A= # c\n', 'dotenv').values.A, '');
  assert.ok(!analyzeDotenv('A= # c\n', { python: '1.2.4' }).issues.some((i) => i.name === 'A'));
  assert.ok(
    analyzeDotenv('A= # c\n', { python: '0.21.0' }).issues.some(
      (i) => i.code === 'comment-as-value' && i.name === 'A' && /python-dotenv 0.21.0/.test(i.message),
    ),
  );
});

test('python-dotenv rules by release: BOM and escaped backslash from 1.2.3, `KEY= # c` from 1.2.4', () => {
  const bom = `\ufeffOPENAI_API_KEY=${KEY}\n`;
  const cmt = 'A= # c\n';
  const esc = 'A="x\\\\"\nB=2\nC="y"\n'; // A="x\\" : an escaped backslash, then the closing quote
  const got = (src: string, v: string, name: string) =>
    parseDotenv(src, 'python', { python: v, issues: false }).values[name];
  for (const v of ['0.19.2', '0.21.0', '1.0.1', '1.1.1', '1.2.0', '1.2.2']) {
    assert.equal(got(bom, v, 'OPENAI_API_KEY'), undefined, v);
    assert.equal(got(cmt, v, 'A'), '# c', v);
    // before 1.2.3 `\\"` is an escaped quote: the value runs on to the next quote and B is swallowed
    assert.equal(got(esc, v, 'B'), undefined, v);
  }
  assert.equal(got(bom, '1.2.3', 'OPENAI_API_KEY'), KEY);
  assert.equal(got(cmt, '1.2.3', 'A'), '# c');
  assert.equal(got(esc, '1.2.3', 'A'), 'x\\');
  assert.equal(got(esc, '1.2.3', 'B'), '2');
  for (const v of ['1.2.4', '1.3', '2.0.0']) {
    assert.equal(got(bom, v, 'OPENAI_API_KEY'), KEY, v);
    assert.equal(got(cmt, v, 'A'), '', v);
  }
  // no version: the newest release
  assert.equal(parseDotenv(cmt, 'python', { issues: false }).values.A, '');
  assert.equal(issue(bom, 'bom', '1.2.2')?.message.includes('python-dotenv 1.2.2 read'), true);
});

test('UTF-16: detected by BOM or NUL pattern; every loader gets nothing', () => {
  const body = `OPENAI_API_KEY=${KEY}\r\n`;
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')]);
  const be = Buffer.from(body, 'utf16le').swap16();
  const leNoBom = Buffer.from(body, 'utf16le');
  assert.equal(decodeDotenv(le).encoding, 'utf16le');
  assert.equal(decodeDotenv(be).encoding, 'utf16be');
  assert.equal(decodeDotenv(leNoBom).encoding, 'utf16le');
  assert.match(decodeDotenv(be).text, /^OPENAI_API_KEY=/);
  for (const b of [le, be, leNoBom]) {
    const a = analyzeDotenv(b);
    assert.deepEqual(
      a.issues.map((i) => i.code),
      ['utf16'],
    );
    for (const d of ['dotenv', 'node', 'python'] as const) assert.deepEqual(Object.keys(a.byDialect[d].values), [], d);
  }
  assert.match(parseDotenv(le, 'python').errors[0]?.message ?? '', /UnicodeDecodeError/);
});

test('binary and invalid UTF-8', () => {
  const bin = Buffer.from([
    0x41, 0x3d, 0x31, 0x0a, 0x00, 0x01, 0x02, 0x00, 0x00, 0x07, 0x00, 0x00, 0x42, 0x00, 0x00, 0x00,
  ]);
  assert.equal(decodeDotenv(bin).encoding, 'binary');
  assert.ok(codes(bin).includes('binary'));
  const latin = Buffer.from('A=caf\xe9\n', 'latin1');
  assert.ok(codes(latin).includes('invalid-utf8'));
  assert.deepEqual({ ...parseDotenv(latin, 'python').values }, {});
  assert.equal(parseDotenv(latin, 'dotenv').values.A, 'caf\ufffd');
});

test('python interpolation of ${VAR}', () => {
  const p = parseDotenv('BASE=https://x\nURL=${BASE}/v1\nO=${HOME_X:-none}\n', 'python', {
    pythonInterpolate: { env: { HOME_X: 'h' } },
  });
  assert.equal(p.values.URL, 'https://x/v1');
  assert.equal(p.values.O, 'h');
});

test('empty values and CRLF are read the same everywhere', () => {
  const src = 'A=\r\nB=""\r\nC=\'\'\r\nD=x\r\n';
  for (const d of ['dotenv', 'node', 'python'] as const)
    assert.deepEqual({ ...parseDotenv(src, d).values }, { A: '', B: '', C: '', D: 'x' }, d);
  assert.deepEqual(codes(src), []);
});

test('node-name-mangled: a whitespace-only line or a tab before a name hides it from Node 20', () => {
  for (const src of [
    `A=1\n \nOPENAI_API_KEY=${KEY}\n`,
    `A=1\n\tOPENAI_API_KEY=${KEY}\n`,
    `STRAY\nOPENAI_API_KEY=${KEY}\n`,
  ]) {
    assert.equal(parseDotenv(src, 'node').values.OPENAI_API_KEY, undefined, JSON.stringify(src));
    assert.equal(parseDotenv(src, 'dotenv').values.OPENAI_API_KEY, KEY);
    const i = issue(src, 'node-name-mangled');
    assert.equal(i?.name, 'OPENAI_API_KEY', JSON.stringify(src));
    assert.deepEqual(i?.dialects, ['node']);
    assert.ok(!i?.message.includes(KEY));
  }
  assert.equal(issue(`A=1\n\nOPENAI_API_KEY=${KEY}\n`, 'node-name-mangled'), undefined);
});

test('value-with-dollar stays quiet on intended ${NAME} expansion, and a placeholder with spaces is not a bad paste', () => {
  assert.equal(issue('NODE_ENV=development\nNEXT_PUBLIC_VERCEL_ENV=${NODE_ENV}\n', 'value-with-dollar'), undefined);
  assert.equal(
    issue('DATABASE_USER=app\nDATABASE_URL=mysql://${DATABASE_USER}@db:3306/app\n', 'value-with-dollar'),
    undefined,
  );
  assert.equal(
    issue('DATABASE_USER=app\nDATABASE_URL=mysql://$DATABASE_USER@db/app\n', 'value-with-dollar'),
    undefined,
  );
  // a name set only later, unbraced: the `$` is more likely part of a password
  assert.ok(issue('DATABASE_URL=mysql://app:pa$word@db/app\n', 'value-with-dollar'));
  assert.ok(issue('DB_PASSWORD=abc$def\n', 'value-with-dollar'));
  assert.equal(issue('API_KEY=<LLM api key (for example, open ai key)>\n', 'space-in-value'), undefined);
  assert.equal(issue('OPENAI_API_KEY="<paste your OpenAI API key here>"\n', 'space-in-value'), undefined);
});
