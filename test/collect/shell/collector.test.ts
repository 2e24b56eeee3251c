import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectFacts } from '../../../src/pipeline/diagnose.js';
import { createShellCollector, collectShellFiles, MAX_RC_BYTES } from '../../../src/collect/shell/collector.js';
import type { Note } from '../../../src/core/types.js';
import { tempProject } from '../../helpers/project.js';
import { openaiKey } from '../../helpers/keys.js';

const KEY = openaiKey('proj', 'rc');
const OLD = openaiKey('legacy', 'rc-old');

test('reads bash, zsh and profile files in HOME with ~/ paths and the shell in detail', async () => {
  const p = tempProject(
    {},
    {
      '.bashrc': `# added months ago\nexport OPENAI_API_KEY="${OLD}"\n`,
      '.zshrc': `export OPENAI_API_KEY=${KEY}\nLOCAL_ONLY=1\n`,
      '.profile': 'export EDITOR=vim\n',
      '.zshenv': 'export ZENV=1\n',
      '.bash_profile': '[ -f ~/.bashrc ] && . ~/.bashrc\nexport BP=1\n',
    },
  );
  try {
    const facts = await collectFacts({
      root: p.root,
      home: p.home,
      env: {},
      offline: true,
      collectors: [createShellCollector()],
    });
    const rows = facts.assignments.map((a) => [a.name, a.kind, a.location?.path, a.location?.line, a.exported]);
    assert.deepEqual(
      rows.filter((r) => r[0] === 'OPENAI_API_KEY'),
      [
        ['OPENAI_API_KEY', 'shell-rc', '~/.bashrc', 2, true],
        ['OPENAI_API_KEY', 'shell-rc', '~/.zshrc', 1, true],
      ],
    );
    assert.ok(rows.some((r) => r[0] === 'LOCAL_ONLY' && r[4] === false));
    assert.ok(rows.some((r) => r[0] === 'ZENV' && r[2] === '~/.zshenv'));
    const bashrc = facts.assignments.find((a) => a.location?.path === '~/.bashrc');
    assert.match(bashrc?.detail ?? '', /bash/);
    assert.match(bashrc?.detail ?? '', /interactive/);
    assert.match(bashrc?.detail ?? '', /also sourced by ~\/\.bash_profile:1/);
    assert.match(facts.assignments.find((a) => a.location?.path === '~/.zshrc')?.detail ?? '', /zsh/);
    // .bashrc is read once even though .bash_profile sources it
    assert.equal(facts.assignments.filter((a) => a.location?.path === '~/.bashrc').length, 1);
    assert.deepEqual(facts.notes, []);
  } finally {
    p.cleanup();
  }
});

test('follows source within HOME, loop-safe, not outside HOME', () => {
  const p = tempProject(
    {},
    {
      '.zshrc': 'source ~/.config/secrets.zsh\nsource /etc/zsh/outside\nexport AFTER=1\n',
      '.config/secrets.zsh': `export OPENAI_API_KEY=${KEY}\nsource ~/.zshrc\n. ~/.config/more.sh\n`,
      '.config/more.sh': 'export MORE=$OPENAI_API_KEY\nsource ~/.config/secrets.zsh\n',
    },
  );
  try {
    const notes: Note[] = [];
    const out = collectShellFiles(p.home, {}, notes, { etcEnvironment: false });
    assert.deepEqual(
      out.map((a) => [a.name, a.location?.path]),
      [
        ['OPENAI_API_KEY', '~/.config/secrets.zsh'],
        ['MORE', '~/.config/more.sh'],
        ['AFTER', '~/.zshrc'],
      ],
    );
    // variables set in a sourced file are known to the next one
    assert.equal(out.find((a) => a.name === 'MORE')?.value, KEY);
    assert.match(out[0]?.detail ?? '', /sourced from ~\/\.zshrc:1/);
  } finally {
    p.cleanup();
  }
});

test('deep source chains stop with a note', () => {
  const home: Record<string, string> = { '.bashrc': 'source ~/s0.sh\n' };
  for (let i = 0; i < 8; i++) home[`s${i}.sh`] = `export S${i}=${i}\nsource ~/s${i + 1}.sh\n`;
  const p = tempProject({}, home);
  try {
    const notes: Note[] = [];
    const out = collectShellFiles(p.home, {}, notes, { etcEnvironment: false });
    assert.ok(out.length >= 4 && out.length < 8, String(out.length));
    assert.ok(notes.some((n) => n.kind === 'limit'));
  } finally {
    p.cleanup();
  }
});

test('fish: conf.d, config.fish and universal variables', () => {
  const escaped = KEY.replace(/-/g, '\\x2d');
  const p = tempProject(
    {},
    {
      '.config/fish/config.fish': 'set -gx FROM_CONFIG 1\nset -gx USES_UNI $OPENAI_API_KEY\n',
      '.config/fish/conf.d/10-keys.fish': `set -gx OPENAI_API_KEY ${OLD}\n`,
      '.config/fish/fish_variables': `# VERSION: 3.0\nSETUVAR --export OPENAI_API_KEY:${escaped}\n`,
    },
  );
  try {
    const out = collectShellFiles(p.home, {}, [], { etcEnvironment: false });
    assert.deepEqual(
      out.map((a) => [a.name, a.kind, a.location?.path, a.exported]),
      [
        ['OPENAI_API_KEY', 'fish', '~/.config/fish/fish_variables', true],
        ['OPENAI_API_KEY', 'fish', '~/.config/fish/conf.d/10-keys.fish', true],
        ['FROM_CONFIG', 'fish', '~/.config/fish/config.fish', true],
        ['USES_UNI', 'fish', '~/.config/fish/config.fish', true],
      ],
    );
    assert.equal(out[0]?.value, KEY);
    assert.equal(out[3]?.value, OLD);
  } finally {
    p.cleanup();
  }
});

test('/etc/environment: explicit option reads it; auto mode with a fake HOME does not', async () => {
  const p = tempProject({}, { '.profile': 'export X=1\n', 'etc-environment': `OPENAI_API_KEY="${KEY}"\n` });
  try {
    const etcPath = join(p.home, 'etc-environment');
    const on = await collectFacts({
      root: p.root,
      home: p.home,
      env: {},
      offline: true,
      collectors: [createShellCollector({ etcEnvironment: true, etcEnvironmentPath: etcPath })],
    });
    const etc = on.assignments.filter((a) => a.kind === 'etc-environment');
    assert.deepEqual(
      etc.map((a) => [a.name, a.value, a.location?.path, a.exported]),
      [['OPENAI_API_KEY', KEY, etcPath, true]],
    );
    const auto = await collectFacts({
      root: p.root,
      home: p.home,
      env: {},
      offline: true,
      collectors: [createShellCollector({ etcEnvironmentPath: etcPath })],
    });
    assert.deepEqual(
      auto.assignments.filter((a) => a.kind === 'etc-environment'),
      [],
    );
    assert.equal(auto.assignments.length, 1);
  } finally {
    p.cleanup();
  }
});

test('ZDOTDIR moves the zsh files', () => {
  const p = tempProject({}, { '.zshrc': 'export WRONG=1\n', '.config/zsh/.zshrc': 'export RIGHT=1\n' });
  try {
    const out = collectShellFiles(p.home, { ZDOTDIR: join(p.home, '.config/zsh') }, [], { etcEnvironment: false });
    assert.deepEqual(
      out.map((a) => [a.name, a.location?.path]),
      [['RIGHT', '~/.config/zsh/.zshrc']],
    );
  } finally {
    p.cleanup();
  }
});

test('bad start-up files become notes', () => {
  const p = tempProject(
    {},
    {
      '.bashrc': Buffer.from([0x65, 0x78, 0, 0, 0x01]),
      '.zshrc': `# big\n${'#'.repeat(MAX_RC_BYTES)}\n`,
      '.profile': '\ufeffexport BOM_OK=1\nexport BROKEN="unterminated\n',
    },
  );
  try {
    mkdirSync(join(p.home, '.zprofile'));
    symlinkSync(join(p.home, '.zlogin'), join(p.home, '.zlogin'));
    writeFileSync(join(p.home, '.config-fish-missing'), '');
    const notes: Note[] = [];
    const out = collectShellFiles(p.home, {}, notes, { etcEnvironment: false });
    assert.deepEqual(
      notes.map((n) => [n.kind, n.path]).sort(),
      [
        ['binary', '~/.bashrc'],
        ['parse-error', '~/.profile'],
        ['skipped', '~/.zprofile'],
        ['too-large', '~/.zshrc'],
        ['unreadable', '~/.zlogin'],
      ].sort(),
    );
    assert.equal(out.find((a) => a.name === 'BOM_OK')?.value, '1');
    // bash rejects the command with the unterminated quote (and everything after it)
    assert.ok(!out.some((a) => a.name === 'BROKEN'));
    assert.equal(notes.find((n) => n.kind === 'parse-error')?.line, 2);
  } finally {
    p.cleanup();
  }
});
