import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveVar, type LoadStep } from '../../src/resolve/engine.js';
import type { Assignment } from '../../src/core/types.js';

const a = (value: string, path: string, line = 1, name = 'K'): Assignment => ({
  name,
  value,
  kind: path === 'env' ? 'process-env' : 'dotenv',
  location: path === 'env' ? undefined : { path, line },
});
const env = (value?: string): LoadStep => ({
  source: 'the shell',
  loader: 'the shell',
  mode: 'base',
  assignments: value === undefined ? [] : [a(value, 'env')],
});
const file = (
  path: string,
  value: string | undefined,
  mode: LoadStep['mode'],
  loader = 'load_dotenv()',
  extra: Partial<LoadStep> = {},
): LoadStep => ({ source: path, loader, mode, assignments: value === undefined ? [] : [a(value, path)], ...extra });

describe('precedence engine', () => {
  it('the environment wins over a file loaded without override, with the reason', () => {
    const r = resolveVar('K', [env('old'), file('.env', 'new', 'if-unset')]);
    assert.equal(r.value, 'old');
    assert.deepEqual(
      r.chain.map((c) => c.status),
      ['won', 'lost'],
    );
    assert.equal(r.chain[1]?.reason, 'already set by the shell; load_dotenv() does not override');
  });
  it('override replaces the environment', () => {
    const r = resolveVar('K', [env('old'), file('.env', 'new', 'override', 'load_dotenv(override=True)')]);
    assert.equal(r.value, 'new');
    assert.equal(r.chain.find((c) => c.status === 'overridden')?.assignment.value, 'old');
  });
  it('an empty string in the environment still blocks a set-if-unset loader', () => {
    const r = resolveVar('K', [env(''), file('.env', 'new', 'if-unset')]);
    assert.equal(r.value, '');
    assert.match(r.chain[1]?.reason ?? '', /empty string, which still counts as set/);
  });
  it('an empty string does not block a loader that treats empty as unset', () => {
    const r = resolveVar('K', [env(''), file('.env', 'new', 'if-unset', 'compose', { emptyCountsAsSet: false })]);
    assert.equal(r.value, 'new');
  });
  it('dotenv with several files: the first file wins', () => {
    const r = resolveVar('K', [env(), file('.env.local', 'a', 'if-unset'), file('.env', 'b', 'if-unset')]);
    assert.equal(r.value, 'a');
    assert.equal(r.winner?.location?.path, '.env.local');
  });
  it('node --env-file: later files win, but never over the environment', () => {
    const steps = (e?: string) => [
      env(e),
      file('a.env', 'a', 'files-override', 'node --env-file'),
      file('b.env', 'b', 'files-override', 'node --env-file'),
    ];
    assert.equal(resolveVar('K', steps()).value, 'b');
    const r = resolveVar('K', steps('shell'));
    assert.equal(r.value, 'shell');
    assert.deepEqual(
      r.chain.map((c) => c.status),
      ['won', 'lost', 'lost'],
    );
  });
  it('a wrapper that sets the environment blocks --env-file files', () => {
    const r = resolveVar('K', [
      env(),
      file('.env', 'w', 'if-unset', 'dotenv-cli', { environment: true }),
      file('b.env', 'b', 'files-override', 'node --env-file'),
    ]);
    assert.equal(r.value, 'w');
  });
  it('within one file the last line wins', () => {
    const step: LoadStep = {
      source: '.env',
      loader: 'dotenv',
      mode: 'if-unset',
      assignments: [a('one', '.env', 1), a('two', '.env', 2)],
    };
    const r = resolveVar('K', [env(), step]);
    assert.equal(r.value, 'two');
    assert.equal(r.chain.find((c) => c.status === 'overridden')?.assignment.value, 'one');
  });
  it('files not loaded are listed with their reason and never win', () => {
    const r = resolveVar('K', [
      env(),
      file('.env.local', 'x', 'if-unset', 'Next.js', { loaded: false, reason: 'not read in test' }),
    ]);
    assert.equal(r.winner, undefined);
    assert.deepEqual(
      r.chain.map((c) => [c.status, c.reason]),
      [['not-loaded', 'not read in test']],
    );
  });
  it('a name filter keeps unprefixed names out', () => {
    const r = resolveVar('K', [
      env(),
      file('.env', 'x', 'files-override', 'Vite', {
        accepts: (n) => n.startsWith('VITE_'),
        filterReason: 'only VITE_',
      }),
    ]);
    assert.equal(r.winner, undefined);
    assert.equal(r.chain[0]?.reason, 'only VITE_');
  });
  it('a variable nobody sets resolves to nothing', () => {
    const r = resolveVar('K', [env(), file('.env', undefined, 'if-unset')]);
    assert.equal(r.value, undefined);
    assert.deepEqual(r.chain, []);
  });
});
