/**
 * Every collector reads through the one reader (src/core/read-file.ts): a path it opens by name
 * that is a FIFO, a device, or a symbolic link to either never hangs or exhausts the run; it
 * becomes a note naming the file. Each case below puts one hostile kind at every path a collector
 * opens by name (and at the walked dotenv names), then runs the whole doctor and the scan.
 * A hang shows as this test's timeout, not as a timed assertion.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { diagnose } from '../../src/pipeline/diagnose.js';
import { runScan } from '../../src/pipeline/scan.js';
import { readFileLimited, readTextFile, NOT_REGULAR } from '../../src/core/read-file.js';
import type { Note } from '../../src/core/types.js';
import { tempProject, type TempProject } from '../helpers/project.js';

const made: TempProject[] = [];
after(() => {
  for (const p of made) p.cleanup();
});

const posix = process.platform !== 'win32' && spawnSync('mkfifo', ['--version']).error === undefined;

/** Paths each collector opens by name, relative to the project (or `~/` for HOME). */
const NAMED: Record<string, string> = {
  'code (installed SDK version)': 'node_modules/openai/package.json',
  'deploy (compose env_file)': 'hostile-compose.env',
  'deploy (kustomize secretGenerator envs)': 'k8s/hostile-gen.env',
  'dotenv (file named by a start script)': 'hostile-script.env',
  'dotenv (load_dotenv path)': 'config/hostile.env',
  'dotenv (walked .env.local)': '.env.local',
  'shell (~/.bashrc)': '~/.bashrc',
  'shell (~/.zshrc)': '~/.zshrc',
  'shell (fish config)': '~/.config/fish/config.fish',
};

const FILES = {
  'package.json': JSON.stringify({
    name: 'x',
    scripts: { start: 'node --env-file=hostile-script.env index.js' },
    dependencies: { openai: '^4.0.0', dotenv: '^16' },
  }),
  'index.js': "import OpenAI from 'openai';\nconst c = new OpenAI();\n",
  'app.py':
    'from dotenv import load_dotenv\nload_dotenv("config/hostile.env")\nfrom openai import OpenAI\nc = OpenAI()\n',
  'docker-compose.yml': 'services:\n  api:\n    image: x\n    env_file: ./hostile-compose.env\n',
  'k8s/kustomization.yaml': 'secretGenerator:\n  - name: s\n    envs: [hostile-gen.env]\n',
};

type Kind = 'fifo' | 'devzero' | 'link-to-fifo' | 'devnull';

function place(p: TempProject, at: string, kind: Kind): void {
  const abs = at.startsWith('~/') ? join(p.home, at.slice(2)) : join(p.root, at);
  mkdirSync(dirname(abs), { recursive: true });
  if (existsSync(abs)) rmSync(abs);
  if (kind === 'fifo') assert.equal(spawnSync('mkfifo', [abs]).status, 0);
  else if (kind === 'devzero') symlinkSync('/dev/zero', abs);
  else if (kind === 'devnull') symlinkSync('/dev/null', abs);
  else {
    const fifo = join(p.dir, `fifo-${Math.random().toString(36).slice(2)}`);
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    symlinkSync(fifo, abs);
  }
}

describe('hostile file kinds at every path a collector reads', () => {
  for (const kind of ['fifo', 'devzero', 'link-to-fifo', 'devnull'] as const) {
    it(
      `${kind}: the doctor finishes, with a note for the named files and no internal error`,
      { timeout: 120_000, skip: !posix && 'needs mkfifo and /dev' },
      async () => {
        const p = tempProject(FILES);
        made.push(p);
        for (const at of Object.values(NAMED)) place(p, at, kind);
        const report = await diagnose({
          root: p.root,
          home: p.home,
          env: { PATH: process.env.PATH ?? '', HOME: p.home, SHELL: '/bin/bash' },
          offline: true,
        });
        assert.deepEqual(
          report.findings.filter((f) => f.id === 'internal-error'),
          [],
        );
        const notes = report.notes.map((n) => `${n.path ?? ''}: ${n.message}`);
        for (const [who, at] of Object.entries(NAMED)) {
          assert.ok(
            notes.some((n) => n.startsWith(`${at}: `) && /not a regular file|symbolic link to/.test(n)),
            `${who}: no note for ${at} (${kind}); notes: ${notes.join(' | ')}`,
          );
        }
        // The scan walks the same tree: links and FIFOs are not followed, and it ends.
        const scan = await runScan({ root: p.root });
        assert.ok(scan.findings.every((f) => f.id !== 'internal-error'));
      },
    );
  }

  it(
    'the reader refuses each kind before reading, and reads a link to a regular file',
    { skip: !posix && 'needs mkfifo and /dev' },
    () => {
      const p = tempProject({ 'real.txt': 'hello\n' });
      made.push(p);
      place(p, 'fifo', 'fifo');
      place(p, 'zero', 'devzero');
      place(p, 'linked-fifo', 'link-to-fifo');
      symlinkSync(join(p.root, 'real.txt'), join(p.root, 'good-link'));
      for (const name of ['fifo', 'zero', 'linked-fifo']) {
        assert.throws(
          () => readFileLimited(join(p.root, name), 1 << 20),
          (e: NodeJS.ErrnoException) => e.code === NOT_REGULAR,
          name,
        );
        const notes: Note[] = [];
        assert.equal(readTextFile(join(p.root, name), name, notes, { max: 1 << 20, what: 'test file' }), undefined);
        assert.equal(notes.length, 1);
        assert.match(notes[0]?.message ?? '', /not a regular file/);
      }
      assert.throws(
        () => readFileLimited(p.root, 10),
        (e: NodeJS.ErrnoException) => e.code === NOT_REGULAR,
      );
      assert.equal((readFileLimited(join(p.root, 'good-link'), 100) as Buffer).toString(), 'hello\n');
      assert.equal(readFileLimited(join(p.root, 'real.txt'), 3), 6, 'over the cap: the size, nothing read');
    },
  );
});
