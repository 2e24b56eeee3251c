import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { JS_FULL, PY_FULL, literalTrie, quickEnvReads } from '../../src/code/quick.js';
import { PROVIDERS } from '../../src/providers/index.js';

describe('quick env reads (files without SDK or loader)', () => {
  it('JavaScript: dot, bracket, defaults, destructuring, writes, Deno', () => {
    const a = quickEnvReads(
      'cfg.js',
      "export const level = process.env.LOG_LEVEL ?? 'info';\nconst p = process.env['PORT'] || \"3000\";\nconst { DB_URL, MODE = 'dev' } = process.env;\nprocess.env.FOO = 'x';\nconst d = Deno.env.get('DENO_X');\nconst v = import.meta.env.VITE_API_URL;\n",
      'js',
    );
    assert.deepEqual(
      a.envReads.map((r) => [r.name, r.line, r.default]),
      [
        ['LOG_LEVEL', 1, 'info'],
        ['PORT', 2, '3000'],
        ['DB_URL', 3, undefined],
        ['MODE', 3, 'dev'],
        ['DENO_X', 5, undefined],
        ['VITE_API_URL', 6, undefined],
      ],
    );
    assert.deepEqual(
      a.envWrites.map((w) => w.name),
      ['FOO'],
    );
  });
  it('Python: getenv, environ.get, environ[], writes, comments skipped', () => {
    const a = quickEnvReads(
      's.py',
      'import os\nA = os.getenv("A", "1")\n# B = os.getenv("B")\nC = os.environ.get(\'C\')\nD = os.environ["D"]\nos.environ["E"] = "x"\n',
      'python',
    );
    assert.deepEqual(
      a.envReads.map((r) => [r.name, r.line, r.default]),
      [
        ['A', 2, '1'],
        ['C', 4, undefined],
        ['D', 5, undefined],
      ],
    );
    assert.deepEqual(
      a.envWrites.map((w) => w.name),
      ['E'],
    );
  });
  it('anything naming the SDK, a loader or OpenAI variables gets the full parse', () => {
    assert.ok(JS_FULL.test('const k = process.env.OPENAI_API_KEY'));
    assert.ok(JS_FULL.test("import 'dotenv/config'"));
    assert.ok(JS_FULL.test("'use client'"));
    assert.ok(!JS_FULL.test('const level = process.env.LOG_LEVEL'));
    assert.ok(PY_FULL.test('if __name__ == "__main__":'));
    assert.ok(PY_FULL.test('from langchain_openai import ChatOpenAI'));
    assert.ok(!PY_FULL.test('DEBUG = os.getenv("DEBUG")'));
  });
});

describe("literalTrie (the anchor tests' provider hosts as a prefix tree)", () => {
  const hosts = PROVIDERS.flatMap((p) => (p.kind === 'provider' || p.kind === 'gateway' ? p.hosts : []));
  const plain = new RegExp(hosts.map((h) => h.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|'));
  const tree = new RegExp(literalTrie(hosts));
  it('matches every host, alone and inside a URL, and the exact same set of strings as the plain alternation', () => {
    const probes = new Set<string>([
      '',
      'api',
      'api.',
      'https://api.openai.com/v1',
      'huggingface.co',
      'router.huggingface.com',
      'API.OPENAI.COM',
      'api-openai-com',
      'openai.azure.c',
      'x.ai',
    ]);
    for (const h of hosts) {
      assert.ok(new RegExp(`^(?:${literalTrie(hosts)})$`).test(h), h);
      probes
        .add(h)
        .add(`fetch("https://${h}/v1/x")`)
        .add(h.slice(0, -1))
        .add(h.slice(1))
        .add(h.replace('.', '-'))
        .add(`${h}x`)
        .add(h.toUpperCase());
      for (let i = 0; i < h.length; i += 3) probes.add(h.slice(0, i) + 'q' + h.slice(i + 1));
    }
    for (const p of probes) assert.equal(tree.test(p), plain.test(p), p);
    assert.ok([...probes].some((p) => !tree.test(p)));
  });
  it('gives the same tree for words that are prefixes of others and escapes metacharacters', () => {
    const re = new RegExp(`^(?:${literalTrie(['a.b', 'a.bc', 'a-b', 'x(y)', 'a'])})$`);
    for (const w of ['a.b', 'a.bc', 'a-b', 'x(y)', 'a']) assert.ok(re.test(w), w);
    for (const w of ['axb', 'a.', 'a.bcd', 'xy', 'x(y', '']) assert.ok(!re.test(w), w);
  });
});
