/**
 * The shell parser against real bash and real zsh: a generated corpus of start-up file snippets
 * (assignment and export forms × value forms × LF/CRLF) is sourced by ONE shell process (each case
 * in a subshell, with an empty environment and HOME=/h); the value and export flag the shell ends up
 * with must equal what parseShell says for that shell. The snippets contain only builtins (no
 * external commands run). zsh comes from Debian's `zsh` package (.ci/run installs it); where it is
 * missing, its test says so and skips.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseShell } from '../../../src/collect/shell/parse.js';
import { openaiKey } from '../../helpers/keys.js';

const KEY = openaiKey('proj', 'bash-diff');

const VALUES = [
  'abc',
  KEY,
  `"${KEY}"`,
  `'${KEY}'`,
  "'single $HOME \"x\"'",
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
      const r = spawnSync(sh.shell, [...sh.argv, 'driver', ...files], { cwd: dir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/h', LC_ALL: 'C.UTF-8' }, encoding: 'utf8', maxBuffer: 1 << 26 });
      assert.equal(r.status, 0, r.stderr);
      const fields = r.stdout.split('\0');
      const failures: string[] = [];
      let compared = 0;
      cases.forEach((c, i) => {
        const [state, flags, value] = [fields[i * 3], fields[i * 3 + 1], fields[i * 3 + 2]];
        const parsed = parseShell(c.text, { path: sh.rc, shell: sh.shell, known: new Map([['HOME', '/h']]) });
        const mine = parsed.assignments.filter((a) => a.name === 'NAME').pop();
        if (mine?.dynamic) return;
        compared++;
        const got = mine ? `set ${mine.exported ? 'x' : '-'} ${JSON.stringify(mine.value)}` : 'unset';
        const want = state === 'set' ? `set ${flags?.includes('x') ? 'x' : '-'} ${JSON.stringify(value)}` : 'unset';
        if (got !== want) failures.push(`${JSON.stringify(c.text)}\n   mine ${got}\n   ${sh.shell} ${want}`.split(KEY).join('<generated key>'));
      });
      assert.ok(compared > cases.length * 0.9, `only ${compared} of ${cases.length} compared`);
      assert.deepEqual(failures.slice(0, 6), [], `${failures.length} of ${compared} snippets differ from ${sh.shell}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
