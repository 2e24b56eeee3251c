import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import Module from 'node:module';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useChunkPaths } from '../../src/cli/chunk-paths.js';

type Resolve = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;
const M = Module as unknown as { _resolveFilename: Resolve };

describe('useChunkPaths', () => {
  const original = M._resolveFilename;
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'kd-chunks-')));
  after(() => {
    M._resolveFilename = original;
    rmSync(dir, { recursive: true, force: true });
  });
  writeFileSync(join(dir, 'a-12345678.cjs'), 'module.exports = 1;\n');
  writeFileSync(join(dir, 'b-12345678.cjs'), 'module.exports = require("./a-12345678.cjs") + 1;\n');

  it('a chunk beside the one asking resolves to that file, as Node resolves it; anything else is Node’s', () => {
    const parent = { id: join(dir, 'b-12345678.cjs'), filename: join(dir, 'b-12345678.cjs'), paths: [] };
    const node = M._resolveFilename('./a-12345678.cjs', parent, false);
    let asked = 0;
    M._resolveFilename = function (...args) {
      asked++;
      return original.apply(this, args);
    };
    useChunkPaths(dir);
    assert.equal(M._resolveFilename('./a-12345678.cjs', parent, false), node);
    assert.equal(asked, 0, 'Node’s resolver was not asked');
    assert.equal(M._resolveFilename('node:fs', parent, false), 'node:fs');
    assert.equal(asked, 1);
    // Not a chunk beside it: Node's resolver, with its error.
    assert.throws(() => M._resolveFilename('./missing.js', parent, false), /Cannot find module/);
    assert.throws(() => M._resolveFilename('./sub/a-12345678.cjs', parent, false), /Cannot find module/);
    const elsewhere = { id: join(tmpdir(), 'x.cjs'), filename: join(tmpdir(), 'x.cjs'), paths: [] };
    assert.throws(() => M._resolveFilename('./a-12345678.cjs', elsewhere, false), /Cannot find module/);
  });

  it('chunks load through it and run once', () => {
    const req = Module.createRequire(join(dir, 'b-12345678.cjs'));
    assert.equal(req('./b-12345678.cjs'), 2);
    assert.equal(req('./b-12345678.cjs'), 2);
  });
});
