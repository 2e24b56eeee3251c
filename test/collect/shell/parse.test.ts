import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseShell } from '../../../src/collect/shell/parse.js';
import { parseFish, parseFishVariables, decodeFishValue } from '../../../src/collect/shell/fish.js';
import { parseEtcEnvironment } from '../../../src/collect/shell/etc-environment.js';
import type { Assignment } from '../../../src/core/types.js';
import { openaiKey } from '../../helpers/keys.js';

const KEY = openaiKey('proj', 'shell');
const OLD = openaiKey('legacy', 'shell-old');

const sh = (text: string, known: Record<string, string> = { HOME: '/home/u' }) =>
  parseShell(text, { path: '~/.bashrc', known: new Map(Object.entries(known)) });
const row = (a: Assignment) => [a.name, a.value, a.exported, a.location?.line, a.dynamic === true];
const only = (text: string, name: string) =>
  sh(text)
    .assignments.filter((a) => a.name === name)
    .map(row);

test('export forms', () => {
  assert.deepEqual(only(`export OPENAI_API_KEY=${KEY}\n`, 'OPENAI_API_KEY'), [['OPENAI_API_KEY', KEY, true, 1, false]]);
  assert.deepEqual(only(`OPENAI_API_KEY="${KEY}"\nexport OPENAI_API_KEY\n`, 'OPENAI_API_KEY'), [
    ['OPENAI_API_KEY', KEY, true, 1, false],
  ]);
  assert.deepEqual(only(`export OPENAI_API_KEY\nOPENAI_API_KEY='${KEY}'\n`, 'OPENAI_API_KEY'), [
    ['OPENAI_API_KEY', KEY, true, 2, false],
  ]);
  assert.deepEqual(sh(`export A B=2 C='3'\n`).assignments.map(row), [
    ['B', '2', true, 1, false],
    ['C', '3', true, 1, false],
  ]);
  assert.deepEqual(sh(`declare -x A=1\ntypeset -gx B=2\ndeclare C=3\nreadonly D=4\n`).assignments.map(row), [
    ['A', '1', true, 1, false],
    ['B', '2', true, 2, false],
    ['C', '3', false, 3, false],
    ['D', '4', false, 4, false],
  ]);
  assert.deepEqual(sh(`export A=1\nexport -n A\n`).assignments.map(row), [['A', '1', false, 1, false]]);
  assert.deepEqual(sh(`export A=1\ndeclare +x A\n`).assignments.map(row), [['A', '1', false, 1, false]]);
  assert.deepEqual(sh(`A=1\n`).assignments.map(row), [['A', '1', false, 1, false]]);
});

test('unset removes what the file set before; a later assignment counts again', () => {
  assert.deepEqual(sh(`export OPENAI_API_KEY=${OLD}\nunset OPENAI_API_KEY\n`).assignments, []);
  assert.deepEqual(
    only(`export OPENAI_API_KEY=${OLD}\nunset OPENAI_API_KEY\nOPENAI_API_KEY=${KEY}\n`, 'OPENAI_API_KEY'),
    [['OPENAI_API_KEY', KEY, false, 3, false]],
  );
  assert.deepEqual(sh(`export A=1\nunset -f A\n`).assignments.length, 1);
});

test('quotes, $-strings, escapes, continuations and comments', () => {
  const r = sh(
    [
      `A='single $HOME "x"'`,
      `B="double $HOME \\"q\\" \\$x"`,
      `C=$'tab\\there\\x41\\u00e9\\n'`,
      `D=a\\ b\\#c`,
      `E="multi \\`,
      `line"`,
      `export F=one \\`,
      `  G=two`,
      `H=value # a comment`,
      `I=value#not-a-comment`,
      `J= # J is empty`,
      `K="it's"'"ok"'`,
    ].join('\n') + '\n',
  );
  const v = Object.fromEntries(r.assignments.map((a) => [a.name, a.value]));
  assert.equal(v.A, 'single $HOME "x"');
  assert.equal(v.B, 'double /home/u "q" $x');
  assert.equal(v.C, 'tab\there' + 'A\u00e9\n');
  assert.equal(v.D, 'a b#c');
  assert.equal(v.E, 'multi line');
  assert.equal(v.F, 'one');
  assert.equal(v.G, 'two');
  assert.equal(v.H, 'value');
  assert.equal(v.I, 'value#not-a-comment');
  assert.equal(v.J, '');
  assert.equal(v.K, `it's"ok"`);
  assert.equal(r.assignments.find((a) => a.name === 'G')?.exported, true);
  assert.equal(r.assignments.find((a) => a.name === 'G')?.location?.line, 8);
  assert.equal(r.assignments.find((a) => a.name === 'B')?.raw, '"double $HOME \\"q\\" \\$x"');
});

test('expansion: known variables expand, commands and unknown variables make the value dynamic', () => {
  const r = sh(
    `BASE=/opt\nA=$BASE/bin\nB=\${BASE}/lib\nC=~/x\nD=\${NOPE:-fallback}\nE=$(cat ~/.openai)\nF=\`op read x\`\nG=$UNKNOWN_VAR\nH="$(pass show openai)"\nI=$HOME\n`,
  );
  const v = Object.fromEntries(r.assignments.map((a) => [a.name, [a.value, a.dynamic === true]]));
  assert.deepEqual(v.A, ['/opt/bin', false]);
  assert.deepEqual(v.B, ['/opt/lib', false]);
  assert.deepEqual(v.C, ['/home/u/x', false]);
  assert.deepEqual(v.D, ['fallback', false]);
  assert.deepEqual(v.E, ['$(cat ~/.openai)', true]);
  assert.deepEqual(v.F, ['`op read x`', true]);
  assert.deepEqual(v.G, ['$UNKNOWN_VAR', true]);
  assert.deepEqual(v.H, ['$(pass show openai)', true]);
  assert.deepEqual(v.I, ['/home/u', false]);
});

test('control flow, one-shot environments, set -a, here-documents, functions of other commands', () => {
  const r = sh(
    [
      'if [ -f ~/.keys ]; then export A=1; else export A=2; fi',
      'FOO=1 some-command --flag',
      '[ -n "$X" ] && export B=3',
      'set -a',
      'C=auto',
      'set +a',
      'D=manual',
      'cat <<EOF > /tmp/x',
      'export NOT_REAL=1',
      'EOF',
      'export E=after',
      'cmd | grep x; export F=6',
    ].join('\n') + '\n',
  );
  assert.deepEqual(
    r.assignments.map((a) => [a.name, a.value, a.exported]),
    [
      ['A', '1', true],
      ['A', '2', true],
      ['B', '3', true],
      ['C', 'auto', true],
      ['D', 'manual', false],
      ['E', 'after', true],
      ['F', '6', true],
    ],
  );
});

test('source and . are reported in order, with the expanded path', () => {
  const seen: string[] = [];
  const r = parseShell(
    'source ~/.secrets\n. "$HOME/.env.sh"\n[ -f x ] && . ./local.sh\nsource $(brew --prefix)/x.sh\n',
    {
      path: '~/.zshrc',
      known: new Map([['HOME', '/h']]),
      onSource: (d) => seen.push(`${d.args[0] ?? ''}${d.dynamic ? ' (dynamic)' : ''}`),
    },
  );
  assert.deepEqual(seen, ['/h/.secrets', '/h/.env.sh', './local.sh', '$(brew --prefix)/x.sh (dynamic)']);
  assert.equal(r.sources.length, 4);
});

test('fish: set -gx, -Ux, -x, -g, -e, export, functions are not run', () => {
  const r = parseFish(
    [
      `set -gx OPENAI_API_KEY ${KEY}`,
      'set -Ux UNI 1',
      'set -x LIST "a b" c',
      'set -g NOT_EXPORTED z',
      'set -e UNI',
      'export VIA_EXPORT=w',
      'function f',
      '  set -gx IN_FUNCTION no',
      'end',
      'if status is-interactive',
      '  set -gx INSIDE_IF yes  # comment',
      'end',
      'set -q CMD; or set -gx CMD (cat ~/.k)',
      'set -gx P $HOME/p',
      "set -gx Q 'it\\'s'",
    ].join('\n') + '\n',
    { path: '~/.config/fish/config.fish', known: new Map([['HOME', '/h']]) },
  );
  assert.deepEqual(
    r.assignments.map((a) => [a.name, a.value, a.exported, a.dynamic === true]),
    [
      ['OPENAI_API_KEY', KEY, true, false],
      ['LIST', 'a b c', true, false],
      ['NOT_EXPORTED', 'z', false, false],
      ['VIA_EXPORT', 'w', true, false],
      ['INSIDE_IF', 'yes', true, false],
      ['CMD', '(cat ~/.k)', true, true],
      ['P', '/h/p', true, false],
      ['Q', "it's", true, false],
    ],
  );
  assert.equal(r.assignments[0]?.kind, 'fish');
  assert.equal(r.assignments[0]?.location?.line, 1);
});

test('fish_variables: SETUVAR --export with \\x escapes and lists', () => {
  const escaped = KEY.replace(/-/g, '\\x2d');
  const a = parseFishVariables(
    `# This file contains fish universal variable definitions.\n# VERSION: 3.0\nSETUVAR --export OPENAI_API_KEY:${escaped}\nSETUVAR fish_greeting:Hi\\x20there\nSETUVAR --export --path MY_PATH:/a\\x1e/b\nSETUVAR LISTED:one\\x1etwo\n`,
    '~/.config/fish/fish_variables',
  );
  assert.deepEqual(
    a.map((x) => [x.name, x.value, x.exported, x.location?.line]),
    [
      ['OPENAI_API_KEY', KEY, true, 3],
      ['fish_greeting', 'Hi there', false, 4],
      ['MY_PATH', '/a:/b', true, 5],
      ['LISTED', 'one two', false, 6],
    ],
  );
  assert.deepEqual(decodeFishValue('caf\\xc3\\xa9'), ['café']);
  assert.deepEqual(
    parseFishVariables('SET_EXPORT OLD:x\n', 'fv').map((x) => x.exported),
    [true],
  );
});

test('/etc/environment: KEY=value and KEY="value", no export needed, no expansion', () => {
  const a = parseEtcEnvironment(
    `PATH="/usr/local/bin:/usr/bin"\n# comment\nOPENAI_API_KEY=${KEY}\nexport B='two words'\nC=$HOME/x\nnot a line\n`,
  );
  assert.deepEqual(
    a.map((x) => [x.name, x.value, x.exported, x.kind, x.location?.line]),
    [
      ['PATH', '/usr/local/bin:/usr/bin', true, 'etc-environment', 1],
      ['OPENAI_API_KEY', KEY, true, 'etc-environment', 3],
      ['B', 'two words', true, 'etc-environment', 4],
      ['C', '$HOME/x', true, 'etc-environment', 5],
    ],
  );
});

test('a large file with many names: every assignment is kept', () => {
  const lines: string[] = [];
  for (let i = 0; i < 5000; i++)
    lines.push(
      i % 3 === 0
        ? `export V${i}="value ${i}" # c`
        : i % 3 === 1
          ? `alias a${i}='ls -la'`
          : `if [ -d /x${i} ]; then PATH="/x${i}:$PATH"; fi`,
    );
  const r = sh(lines.join('\n'));
  assert.equal(r.assignments.filter((a) => a.name.startsWith('V')).length, 1667);
});

test('CRLF start-up files: bash keeps the \\r in values, and `fi\\r` never closes the if', () => {
  const r = sh(`export OPENAI_API_KEY=${KEY}\r\nif true; then export INSIDE=1; fi\r\n`);
  assert.deepEqual(
    r.assignments.map((a) => [a.name, a.value]),
    [['OPENAI_API_KEY', `${KEY}\r`]],
  );
  assert.match(r.errors[0]?.message ?? '', /never closed/);
  assert.equal(r.errors[0]?.line, 2);
  // with LF endings the same file is fine
  const ok = sh(`export OPENAI_API_KEY=${KEY}\nif true; then export INSIDE=1; fi\n`);
  assert.deepEqual(
    ok.assignments.map((a) => a.name),
    ['OPENAI_API_KEY', 'INSIDE'],
  );
  assert.deepEqual(ok.errors, []);
});

test('an unterminated quote stops the file there', () => {
  const r = sh(`export A=1\nexport OPENAI_API_KEY="${KEY}\nexport B=2\n`);
  assert.deepEqual(
    r.assignments.map((a) => a.name),
    ['A'],
  );
  assert.equal(r.errors[0]?.line, 2);
});

test('function bodies are not run at start-up', () => {
  const r = sh(
    [
      'export BEFORE=1',
      'setkey() {',
      `  export OPENAI_API_KEY=${KEY}`,
      '  local tmp=1',
      '  if true; then export NESTED=1; fi',
      '}',
      'function other {',
      '  export OTHER=1',
      '}',
      'oneliner() { export ONE=1; }',
      'function paren_style()',
      '{',
      '  export PAREN=1',
      '}',
      'export AFTER=1',
    ].join('\n') + '\n',
  );
  assert.deepEqual(
    r.assignments.map((a) => a.name),
    ['BEFORE', 'AFTER'],
  );
  assert.deepEqual(r.errors, []);
});
