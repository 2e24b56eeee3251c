/**
 * The shell parser against real bash and real zsh: a generated corpus of start-up file snippets
 * (assignment and export forms × value forms × LF/CRLF) is sourced by ONE shell process (each case
 * in a subshell, with an empty environment and HOME=/h); the value and export flag the shell ends up
 * with must equal what parseShell says for that shell. The snippets contain only builtins (no
 * external commands run). zsh and fish come from Debian's packages (.ci/run installs them); where
 * one is missing, its test says so and skips.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseShell } from '../../../src/collect/shell/parse.js';
import { parseFish } from '../../../src/collect/shell/fish.js';
import type { Assignment } from '../../../src/core/types.js';
import { openaiKey } from '../../helpers/keys.js';

const KEY = openaiKey('proj', 'bash-diff');

const VALUES = [
  'abc',
  KEY,
  `"${KEY}"`,
  `'${KEY}'`,
  '\'single $HOME "x"\'',
  '"double $HOME \\"q\\" \\$x \\\\ \\a"',
  "$'ansi\\tx\\x41\\u00e9\\n\\''",
  'a\\ b\\#c',
  '"multi \\\nline"',
  'un\\\nquoted',
  '$HOME/x',
  '${HOME}/y',
  '"${KNOWN}-k"',
  '${NOPE:-dflt}',
  '${KNOWN:+alt}',
  '~/z',
  'a#b',
  'abc # comment',
  '"a\'b"',
  "'a\"b'",
  '""',
  '',
  "it's'  '\"q\"",
  '"tab\tin"',
  '$KNOWN$KNOWN',
];

const FORMS: Array<(v: string) => string> = [
  (v) => `export NAME=${v}`,
  (v) => `NAME=${v}`,
  (v) => `NAME=${v}; export NAME`,
  (v) => `export NAME\nNAME=${v}`,
  (v) => `declare -x NAME=${v}`,
  (v) => `typeset -x NAME=${v}`,
  (v) => `export NAME=${v}\nexport -n NAME`,
  (v) => `set -a\nNAME=${v}\nset +a`,
  (v) => `export A=1 NAME=${v}`,
  (v) => `NAME=old\nunset NAME\nexport NAME=${v}`,
  (v) => `export NAME=${v}\nunset NAME`,
  (v) => `if true; then export NAME=${v}; fi`,
  (v) => `  export   NAME=${v}   `,
  (v) => `setkey() {\n  export NAME=${v}\n}`,
  (v) => `function setkey { export NAME=${v}; }\nexport NAME2=x`,
];

interface Case {
  text: string;
}

function corpus(): Case[] {
  const out: Case[] = [];
  let i = 0;
  for (const form of FORMS) {
    for (const v of VALUES) {
      const eol = i++ % 3 === 2 ? '\r\n' : '\n';
      const body = `KNOWN=kv\n${form(v)}\n`;
      out.push({ text: eol === '\n' ? body : body.replace(/\n/g, '\r\n') });
    }
  }
  return out;
}

/**
 * Compares what a real shell printed for each case (`set|unset`, flags, value, NUL-separated) with
 * the last NAME assignment our parser makes of the same text; fails the test on any difference.
 */
function assertSame(shell: string, texts: string[], stdout: string, parse: (text: string) => Assignment[]): void {
  const fields = stdout.split('\0');
  const failures: string[] = [];
  let compared = 0;
  texts.forEach((text, i) => {
    const [state, flags, value] = [fields[i * 3], fields[i * 3 + 1], fields[i * 3 + 2]];
    const mine = parse(text)
      .filter((a) => a.name === 'NAME')
      .pop();
    if (mine?.dynamic) return;
    compared++;
    const got = mine ? `set ${mine.exported ? 'x' : '-'} ${JSON.stringify(mine.value)}` : 'unset';
    const want = state === 'set' ? `set ${flags?.includes('x') ? 'x' : '-'} ${JSON.stringify(value)}` : 'unset';
    if (got !== want)
      failures.push(`${JSON.stringify(text)}\n   mine ${got}\n   ${shell} ${want}`.split(KEY).join('<generated key>'));
  });
  assert.ok(compared > texts.length * 0.9, `only ${compared} of ${texts.length} compared`);
  assert.deepEqual(failures.slice(0, 6), [], `${failures.length} of ${compared} snippets differ from ${shell}`);
}

const BASH_DRIVER = `
for f in "$@"; do
  (
    source "$f" >/dev/null 2>&1
    if [[ -v NAME ]]; then
      d=$(declare -p NAME 2>/dev/null); d=\${d#declare -}; flags=\${d%% *}
      printf 'set\\0%s\\0%s\\0' "$flags" "$NAME"
    else
      printf 'unset\\0-\\0-\\0'
    fi
  )
done
`;

// zsh: \${+NAME} says whether NAME is set, \${(t)NAME} has "export" in it when it is exported.
const ZSH_DRIVER = `
for f in "$@"; do
  (
    source "$f" >/dev/null 2>&1
    if (( \${+NAME} )); then
      if [[ \${(t)NAME} == *export* ]]; then flags=x; else flags=-; fi
      printf 'set\\0%s\\0%s\\0' "$flags" "$NAME"
    else
      printf 'unset\\0-\\0-\\0'
    fi
  )
done
`;

const SHELLS = [
  { shell: 'bash' as const, argv: ['--norc', '--noprofile', '-c', BASH_DRIVER], rc: '~/.bashrc' },
  { shell: 'zsh' as const, argv: ['-f', '-c', ZSH_DRIVER], rc: '~/.zshrc' },
];

for (const sh of SHELLS) {
  test(`parseShell matches ${sh.shell} on every generated snippet`, (t) => {
    const probe = spawnSync(sh.shell, ['-c', 'echo ok'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      t.skip(`${sh.shell} not installed`);
      return;
    }
    const cases = corpus();
    const dir = mkdtempSync(join(tmpdir(), `kd-${sh.shell}diff-`));
    try {
      const files = cases.map((c, i) => {
        const p = join(dir, `c${i}.sh`);
        writeFileSync(p, c.text);
        return p;
      });
      const r = spawnSync(sh.shell, [...sh.argv, 'driver', ...files], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/h', LC_ALL: 'C.UTF-8' },
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      });
      assert.equal(r.status, 0, r.stderr);
      assertSame(
        sh.shell,
        cases.map((c) => c.text),
        r.stdout,
        (text) => parseShell(text, { path: sh.rc, shell: sh.shell, known: new Map([['HOME', '/h']]) }).assignments,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

// fish: its own grammar (`set -gx`, lists, `-l` local to the file, `or`/`and` chains, no tilde after
// `=`), checked the same way against real fish (Debian's `fish`, installed by .ci/run). Each case
// runs in its own `fish --no-config` (universal variables go to a temporary HOME).
const FISH_VALUES = [
  'abc',
  KEY,
  `"${KEY}"`,
  `'${KEY}'`,
  '\'single $HOME "x"\'',
  '"double $HOME \\"q\\" \\$x \\\\"',
  'a\\ b',
  'a\\tb',
  '$HOME/x',
  '"$KNOWN-k"',
  '~/z',
  'a#b',
  'abc # comment',
  '"a\'b"',
  "'a\"b'",
  '""',
  "''",
  '"tab\tin"',
  '$KNOWN$KNOWN',
  'one two',
  '"{a,b}"',
  'x\\x41y',
];
const FISH_FORMS: Array<(v: string) => string> = [
  (v) => `set -gx NAME ${v}`,
  (v) => `set -x NAME ${v}`,
  (v) => `set NAME ${v}`,
  (v) => `set -g NAME ${v}\nset -gx NAME $NAME`,
  (v) => `export NAME=${v}`,
  (v) => `set -gx NAME ${v}\nset -e NAME`,
  (v) => `if true\n  set -gx NAME ${v}\nend`,
  (v) => `set --global --export NAME ${v}`,
  (v) => `function f\n  set -gx NAME ${v}\nend`,
  (v) => `set -Ux NAME ${v}`,
  (v) => `set -gx NAME start\nset -a NAME ${v}`,
  (v) => `set -l NAME ${v}`,
  (v) => `set -gx NAME ${v}; or set -gx NAME other`,
  (v) => `begin\n  set -gx NAME ${v}\nend`,
  (v) => `set -gx NAME ${v}\nset -gu NAME`,
  (v) => `test 1 = 1; and set -gx NAME ${v}`,
];

test('parseFish matches fish on every generated snippet', (t) => {
  const probe = spawnSync('fish', ['--no-config', '-c', 'echo ok'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    t.skip('fish not installed');
    return;
  }
  const cases: string[] = [];
  let i = 0;
  for (const form of FISH_FORMS) {
    for (const v of FISH_VALUES) {
      const body = `set -g KNOWN kv\n${form(v)}\n`;
      cases.push(i++ % 3 === 2 ? body.replace(/\n/g, '\r\n') : body);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'kd-fishdiff-'));
  try {
    const home = join(dir, 'home');
    mkdirSync(home);
    const files = cases.map((c, n) => {
      const p = join(dir, `c${n}.fish`);
      writeFileSync(p, c);
      return p;
    });
    const driver = `for f in $argv
  fish --no-config -c 'source $argv[1] >/dev/null 2>&1; if set -q NAME; if set -qx NAME; set fl x; else; set fl -; end; printf "set\\\\0%s\\\\0%s\\\\0" $fl "$NAME"; else; printf "unset\\\\0-\\\\0-\\\\0"; end' $f
end`;
    const r = spawnSync('fish', ['--no-config', '-c', driver, ...files], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        XDG_CONFIG_HOME: join(home, '.config'),
        LC_ALL: 'C.UTF-8',
      },
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    assert.equal(r.status, 0, r.stderr);
    assertSame(
      'fish',
      cases,
      r.stdout,
      (text) => parseFish(text, { path: '~/.config/fish/config.fish', known: new Map([['HOME', home]]) }).assignments,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
