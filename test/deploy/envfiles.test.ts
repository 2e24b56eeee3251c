import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { interpolate, parseComposeEnvFile, parseDockerEnvFile, type Lookup } from '../../src/deploy/envfiles.js';

const vars: Record<string, string> = { SET: 'v', EMPTY: '' };
const look: Lookup = (n) => (n in vars ? { value: vars[n] as string, source: 'shell' } : undefined);

describe('compose interpolation', () => {
  const cases: Array<[string, string]> = [
    ['${SET}', 'v'],
    ['$SET', 'v'],
    ['${UNSET}', ''],
    ['${UNSET:-d}', 'd'],
    ['${EMPTY:-d}', 'd'],
    ['${EMPTY-d}', ''],
    ['${UNSET-d}', 'd'],
    ['${SET:+r}', 'r'],
    ['${EMPTY:+r}', ''],
    ['${EMPTY+r}', 'r'],
    ['$$SET', '$SET'],
    ['a${UNSET:-${SET}}b', 'avb'],
    ['pre-${SET}-post', 'pre-v-post'],
  ];
  for (const [text, want] of cases)
    it(`${text} → ${JSON.stringify(want)}`, () => assert.equal(interpolate(text, look).value, want));
  it('records where each variable came from', () => {
    const r = interpolate('${UNSET} ${SET} ${X:-d}', look);
    assert.deepEqual(
      r.refs.map((x) => [x.name, x.source]),
      [
        ['UNSET', 'unset'],
        ['SET', 'shell'],
        ['X', 'default'],
      ],
    );
  });
  it('${VAR:?err} and ${VAR?err} stop compose when unset', () => {
    assert.equal(interpolate('${UNSET:?need it}', look).error, 'need it');
    assert.equal(interpolate('${EMPTY:?need it}', look).error, 'need it');
    assert.equal(interpolate('${EMPTY?need it}', look).error, undefined);
  });
});

describe('compose env files', () => {
  it('unquotes, cuts " #" comments, keeps "#" inside values, interpolates earlier lines', () => {
    const text = [
      '# comment',
      'export A=1',
      "B='lit ${A}'",
      'C="x ${A}\\n"',
      'D=val # note',
      'E=val#not',
      'F: yaml-style',
      'G',
      '',
    ].join('\n');
    const out = Object.fromEntries(parseComposeEnvFile(text, () => undefined).map((e) => [e.name, e.value]));
    assert.deepEqual(out, { A: '1', B: 'lit ${A}', C: 'x 1\n', D: 'val', E: 'val#not', F: 'yaml-style', G: undefined });
  });
  it('format: raw keeps everything', () => {
    const out = parseComposeEnvFile('A="q ${X}"\n', () => undefined, { raw: true });
    assert.equal(out[0]?.value, '"q ${X}"');
  });
});

describe('docker run --env-file', () => {
  it('keeps quotes, spaces and inline comments literally; only leading # lines are comments', () => {
    const out = parseDockerEnvFile('# c\nA="quoted"\nB=trailing  \nC=v # c\n  D=x\nE\nexport F=1\n');
    assert.deepEqual(
      out.map((e) => [e.name, e.value]),
      [
        ['A', '"quoted"'],
        ['B', 'trailing  '],
        ['C', 'v # c'],
        ['D', 'x'],
        ['E', undefined],
      ],
    );
  });
});
