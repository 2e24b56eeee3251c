import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { processIO } from '../../src/cli/io.js';

describe('processIO', () => {
  it('does not make process.stdin until a command asks about it (making it loads stream modules)', () => {
    const own = Object.getOwnPropertyDescriptor(process, 'stdin');
    const proto = Object.getPrototypeOf(process) as object;
    const inherited = Object.getOwnPropertyDescriptor(proto, 'stdin');
    let made = 0;
    Object.defineProperty(process, 'stdin', {
      configurable: true,
      get() {
        made++;
        return { isTTY: true };
      },
    });
    try {
      const io = processIO();
      assert.equal(made, 0, 'processIO() left process.stdin alone');
      assert.equal(io.stdinIsTTY, true, 'stdinIsTTY reads it when asked');
      assert.equal(made, 1);
    } finally {
      if (own) Object.defineProperty(process, 'stdin', own);
      else delete (process as { stdin?: unknown }).stdin;
      if (!own && inherited) assert.ok(Object.getOwnPropertyDescriptor(proto, 'stdin'));
    }
  });
});
