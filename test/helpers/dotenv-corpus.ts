/**
 * The differential corpus of the dotenv parsers: every combination of prefix, separator, value form,
 * suffix and line ending, each followed by a sentinel line (to catch values that swallow the next
 * line), plus multi-line documents, duplicates, BOM and random mixes. Key-shaped values are
 * generated at run time.
 */
import { openaiKey, foreignKey } from './keys.js';

export const KEY = openaiKey('proj', 'diff');
export const KEY2 = openaiKey('legacy', 'diff');
export const ANT = foreignKey('anthropic', 'diff');

const PREFIXES = ['', 'export ', '  ', 'export\t', 'export  '];
const SEPARATORS = ['=', ' = ', '= ', ': ', '=\t'];
const VALUES = [
  'abc',
  KEY,
  'ab cd',
  `${KEY} ${KEY2}`,
  'ab#cd',
  `${KEY}#frag`,
  'ab #cd',
  '#cd',
  '"ab cd"',
  `"${KEY}"`,
  '"a\\nb"',
  '"a\\"b"',
  '"a # b"',
  "'a\\nb'",
  "'a # b'",
  `'${ANT}'`,
  '`a\'b"`',
  '',
  '""',
  "''",
  '"x" tail',
  "'x'tail",
  '"unterminated',
  "'unterminated",
  '`unterminated',
  'a\\tb',
  '"a\\tb\\\\c"',
  '$HOME/x',
  '"${OTHER}"',
  'a=b=c',
  '  padded  ',
  '"  padded  "',
  'ünï©ødé',
];
const SUFFIXES = ['', ' # comment', '  ', '\t#c'];
const EOLS = ['\n', '\r\n'];

export function corpus(): string[] {
  const docs: string[] = [];
  let i = 0;
  for (const p of PREFIXES) {
    for (const s of SEPARATORS) {
      for (const v of VALUES) {
        for (const x of SUFFIXES) {
          const eol = EOLS[i++ % EOLS.length] ?? '\n';
          docs.push(`${p}VAR_${i}${s}${v}${x}${eol}NEXT=ok${eol}`);
        }
      }
    }
  }
  // Multi-line documents and whole-file effects.
  const eolDocs = [
    `A="line1\nline2"\nB=after\n`,
    `A='line1\nline2'\nB=after\n`,
    'A=`line1\nline2`\nB=after\n',
    `A="open\nB=swallowed\nC="closed"\nD=end\n`,
    `A='open\nB=swallowed\nC='closed'\nD=end\n`,
    `OPENAI_API_KEY=first\nOPENAI_API_KEY=${KEY}\n`,
    `OPENAI_API_KEY=${KEY}\nOTHER=1\nOPENAI_API_KEY=\n`,
    `\ufeffOPENAI_API_KEY=${KEY}\nB=2\n`,
    `\ufeff# comment\nOPENAI_API_KEY=${KEY}\n`,
    `# only a comment\n`,
    ``,
    `\n\n\n`,
    `OPENAI_API_KEY\nB=1\n`,
    `OPENAI_API_KEY ${KEY}\nB=1\n`,
    `=novalue\nB=1\n`,
    `B=1\n=novalue\nC=2\n`,
    `A=1\n \nB=2\n`,
    `A=1\n\t\nB=2\n`,
    `A=1\n#B=2\n`,
    `A=1\n  # indented comment\nB=2\n`,
    `A=no-newline-at-end`,
    `A="no-newline-at-end"`,
    `A=1\rB=2\r`,
    `A="x\r\ny"\r\nB=1\r\n`,
    `'QUOTED_KEY'=1\n`,
    `A.B-C=1\nA-B=2\n`,
    `export A\nB=1\n`,
    `  export   A=1\n`,
    `A = "a" # c\nB = 'b' # c\n`,
    `A="\\\\n"\n`,
    `A="a\\'b"\nB='a\\'b'\n`,
    `A=\\"x\\"\n`,
    `A=x\n\n\nB=y\n`,
    // a backslash before the closing quote (python-dotenv 1.2.3 changed how it reads these)
    `A="x\\\\"\nB=2\nC="y"\n`,
    `A='x\\\\'\nB=2\nC='y'\n`,
    `A="x\\\\" # c\nB=2\n`,
    `A="a\\\\\\"b"\nB=2\n`,
    `A="C:\\\\dir\\\\"\nB="end"\n`,
    `A='one\\\ntwo'\nB=2\n`,
    `A="one\\\ntwo"\nB=2\n`,
    `A= #novalue\nB=#kept\nC=\t# tab\nD=  #two\n`,
  ];
  docs.push(...eolDocs);
  // Random mixes of corpus lines (deterministic).
  let seed = 7;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const lines: string[] = [];
  for (const p of PREFIXES)
    for (const s of SEPARATORS) for (const v of VALUES) lines.push(`${p}N${lines.length % 9}${s}${v}`);
  for (let k = 0; k < 250; k++) {
    const n = 2 + rnd(5);
    const eol = rnd(4) === 0 ? '\r\n' : '\n';
    const parts: string[] = [];
    for (let j = 0; j < n; j++)
      parts.push((lines[rnd(lines.length)] ?? '') + (rnd(3) === 0 ? (SUFFIXES[rnd(SUFFIXES.length)] ?? '') : ''));
    docs.push(parts.join(eol) + (rnd(2) ? eol : ''));
  }
  return docs;
}
