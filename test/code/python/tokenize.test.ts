import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { stringValue, tokenizePython } from '../../../src/code/python/tokenize.js';
import { textOf } from '../../../src/code/python/syntax.js';

const texts = (src: string): string[][] => tokenizePython(src).stmts.map((s) => s.toks.map((t) => t.text));

describe('tokenizePython', () => {
  it('splits logical lines and keeps indentation', () => {
    const t = tokenizePython('import os\nif x:\n    y = 1\n\n# c\nz = 2\n');
    assert.deepEqual(
      t.stmts.map((s) => [s.line, s.indent, s.toks[0]?.text]),
      [
        [1, 0, 'import'],
        [2, 0, 'if'],
        [3, 4, 'y'],
        [6, 0, 'z'],
      ],
    );
    assert.equal(t.broken, undefined);
  });
  it('joins bracketed and backslash-continued lines into one statement', () => {
    const t = tokenizePython('client = OpenAI(\n    api_key=os.getenv("K"),\n)\nx = 1 + \\\n  2\n');
    assert.equal(t.stmts.length, 2);
    assert.equal(t.stmts[1]?.line, 4);
  });
  it('splits on semicolons', () => {
    assert.deepEqual(texts('a = 1; b = 2'), [
      ['a', '=', '1'],
      ['b', '=', '2'],
    ]);
  });
  it('reads strings of every form without being fooled by their contents', () => {
    const t = tokenizePython('s = """a\n# not a comment\nb = 2"""\nr = rb\'\\x\'\nf = f"{x}"\nq = \'it\\\'s\'\n');
    assert.equal(t.stmts.length, 4);
    assert.equal(t.stmts[1]?.line, 4);
    const s = t.stmts[0]?.toks[2];
    assert.ok(s);
    assert.equal(stringValue(s), 'a\n# not a comment\nb = 2');
    assert.equal(stringValue(t.stmts[3]?.toks[2] as never), "it's");
    assert.equal(stringValue(t.stmts[2]?.toks[2] as never), undefined);
  });
  it('handles comments with quotes and hash signs in strings', () => {
    assert.deepEqual(texts("x = '#' # it's a comment\n"), [['x', '=', "'#'"]]);
  });
  it('f-strings whose fields hold quotes (Python 3.12) and braces', () => {
    assert.deepEqual(
      texts('a = f"{d["k"]} and {{literal}} {x!r:>{w}}"\nb = 1\n').map((t) => t[0]),
      ['a', 'b'],
    );
    assert.deepEqual(
      texts("s = f'''\n{ {'a': 1}['a'] }\n'''\nt = 2\n").map((t) => t[0]),
      ['s', 't'],
    );
  });
  it('flags an unterminated string instead of throwing', () => {
    const t = tokenizePython('x = "abc\ny = 1\n');
    assert.equal(t.broken?.reason, 'unterminated string');
    assert.equal(tokenizePython('x = (1,\n').broken?.reason, 'unclosed bracket');
  });
  it('decodes escapes, raw strings and adjacent parts', () => {
    const tok = (s: string) => ({ type: 'string' as const, text: s, line: 1 });
    assert.equal(stringValue(tok('"a\\tb"')), 'a\tb');
    assert.equal(stringValue(tok('r"a\\tb"')), 'a\\tb');
    assert.equal(stringValue(tok('b"x"')), undefined);
    assert.equal(stringValue(tok('f"plain"')), 'plain');
  });
});

describe('textOf', () => {
  it('keeps a space between words, after a closing bracket too', () => {
    const toks = tokenizePython('(not is_dm and user not in mentions) or msg.author.bot\n').stmts[0]?.toks ?? [];
    assert.equal(textOf(toks), '(not is_dm and user not in mentions) or msg.author.bot');
    const call = tokenizePython('os.getenv("A") or x[0] if y else z\n').stmts[0]?.toks ?? [];
    assert.equal(textOf(call), 'os.getenv("A") or x[0] if y else z');
  });
});
