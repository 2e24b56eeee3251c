/**
 * A cloned repository can ship a `.keydoctor/` of its own. What keydoctor reads back from there
 * (backup manifests for `fix --undo`, rotation journals for `rotate --resume / --abort`) must never
 * make it write, delete or call anything the repository chose: only state keydoctor wrote itself,
 * on this machine, for this project folder, is acted on; its folders are never reached through a
 * symlink. Each case below is a way a repository (or a copy from elsewhere) could plant state.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { openaiKey } from '../helpers/keys.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { runFix } from '../../src/fix/engine.js';
import { undoLastRun } from '../../src/fix/backup.js';
import { rotate } from '../../src/rotate/run.js';
import { main } from '../../src/cli/main.js';
import { fakeIO } from './helpers.js';

const K = openaiKey('proj', 'hostile-state-1');
const ADMIN = openaiKey('admin', 'hostile-state-admin');
const sha = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');
const PY = 'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import OpenAI\nclient = OpenAI()\n';

/** A project with a fixable `.env` (`docker run --env-file` keeps the quotes), git-ignored. */
function project(): TempProject {
  return tempProject(
    {
      '.env': `OPENAI_API_KEY="${K}"\n`,
      '.gitignore': '.env\n',
      'run.sh': '#!/bin/sh\ndocker run --rm --env-file .env chat-app:latest\n',
      'app.py': PY,
      'requirements.txt': 'openai\npython-dotenv\n',
    },
    { '.zshrc': '# zsh\n' },
  );
}

/** A manifest as a repository would write it: any target, any content, hashes that fit. */
function plantManifest(
  root: string,
  name: string,
  target: string,
  payload: string,
  opts: { existed?: boolean; hashAfter?: string; seal?: string; rootField?: string } = {},
): void {
  const dir = join(root, '.keydoctor', 'backups', name);
  mkdirSync(join(dir, 'files'), { recursive: true });
  writeFileSync(join(dir, 'files', '1'), payload);
  const existed = opts.existed ?? true;
  const m = {
    version: 1,
    tool: 'keydoctor',
    command: 'fix',
    created: '2099-01-01T00:00:00.000Z',
    root: opts.rootField ?? root,
    files: [
      {
        path: target,
        target,
        display: target,
        existed,
        backup: existed ? 'files/1' : '',
        hashBefore: existed ? sha(payload) : '',
        hashAfter: opts.hashAfter ?? (existsSync(target) ? sha(readFileSync(target)) : ''),
      },
    ],
    ...(opts.seal ? { seal: opts.seal } : {}),
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
}

describe('fix --undo: a repository cannot plant a run', () => {
  it('an unsealed manifest is ignored: no file outside the project is created or overwritten', async () => {
    const p = project();
    try {
      const created = join(p.home, '.bash_profile');
      const overwritten = join(p.home, '.zshrc');
      plantManifest(p.root, '20990101T000000000Z', created, 'echo planted\n', { hashAfter: '' });
      plantManifest(p.root, '20990101T000000001Z', overwritten, 'echo planted\n');
      plantManifest(p.root, '20990101T000000002Z', join(p.root, '.git', 'hooks', 'post-checkout'), 'echo planted\n', {
        hashAfter: '',
      });
      const u = undoLastRun(p.root, { home: p.home });
      assert.equal(u.run, undefined);
      assert.equal(u.ignored?.length, 3);
      assert.ok(!existsSync(created));
      assert.equal(readFileSync(overwritten, 'utf8'), '# zsh\n');
      assert.ok(!existsSync(join(p.root, '.git', 'hooks', 'post-checkout')));

      // The command says so, exits 2 (nothing to undo), and acts on nothing.
      const io = fakeIO({ cwd: p.root, env: { HOME: p.home } });
      assert.equal(await main(['fix', '--undo', '--no-color'], io), 2);
      assert.match(
        io.out,
        /not a keydoctor run of this project, left alone: \.keydoctor\/backups\/20990101T000000000Z \(it has no seal/,
      );
      assert.ok(!existsSync(created));
    } finally {
      p.cleanup();
    }
  });

  it('a real run is still undone while a planted one next to it is ignored', async () => {
    const p = project();
    try {
      const before = readFileSync(join(p.root, '.env'), 'utf8');
      const r = await runFix({ root: p.root, home: p.home, env: { HOME: p.home }, write: true, only: ['key-quoted'] });
      assert.deepEqual(r.problems, []);
      assert.ok(r.written.length > 0);
      plantManifest(p.root, '20990101T000000000Z', join(p.home, '.bash_profile'), 'echo planted\n', { hashAfter: '' });
      const u = undoLastRun(p.root, { home: p.home });
      assert.deepEqual(u.problems, []);
      assert.deepEqual(u.restored, ['.env']);
      assert.equal(readFileSync(join(p.root, '.env'), 'utf8'), before);
      assert.ok(!existsSync(join(p.home, '.bash_profile')));
    } finally {
      p.cleanup();
    }
  });

  it('a sealed run edited afterwards, copied from another project, or sealed by another user is ignored', async () => {
    const a = project();
    const b = project();
    try {
      const r = await runFix({ root: a.root, home: a.home, env: { HOME: a.home }, write: true, only: ['key-quoted'] });
      assert.ok(r.backupDir);
      // Copied into another project (same user, same seal key): made for another folder.
      cpSync(join(a.root, '.keydoctor'), join(b.root, '.keydoctor'), { recursive: true });
      const ub = undoLastRun(b.root, { home: a.home });
      assert.equal(ub.run, undefined);
      assert.match(ub.ignored?.[0]?.reason ?? '', /another project folder/);

      // Another user (another seal key): its seal cannot be checked here.
      const uc = undoLastRun(a.root, { home: b.home });
      assert.equal(uc.run, undefined);
      assert.match(uc.ignored?.[0]?.reason ?? '', /no seal key/);

      // Edited after keydoctor wrote it: the target now points out of the project.
      const mp = join(r.backupDir as string, 'manifest.json');
      const m = JSON.parse(readFileSync(mp, 'utf8'));
      m.files[0].target = join(a.home, '.zshrc');
      m.files[0].hashAfter = sha('# zsh\n');
      writeFileSync(mp, JSON.stringify(m));
      const ua = undoLastRun(a.root, { home: a.home });
      assert.equal(ua.run, undefined);
      assert.match(ua.ignored?.[0]?.reason ?? '', /seal does not match/);
      assert.equal(readFileSync(join(a.home, '.zshrc'), 'utf8'), '# zsh\n');
    } finally {
      a.cleanup();
      b.cleanup();
    }
  });

  it('a .keydoctor, backups folder or .gitignore that is a symlink out of the project is never followed', async () => {
    for (const plant of ['keydoctor', 'backups', 'gitignore'] as const) {
      const p = project();
      const outside = join(p.dir, 'outside');
      mkdirSync(outside);
      try {
        if (plant === 'keydoctor') symlinkSync(outside, join(p.root, '.keydoctor'));
        if (plant === 'backups') {
          mkdirSync(join(p.root, '.keydoctor'));
          symlinkSync(outside, join(p.root, '.keydoctor', 'backups'));
        }
        if (plant === 'gitignore') {
          mkdirSync(join(p.root, '.keydoctor'));
          symlinkSync(join(outside, 'planted'), join(p.root, '.keydoctor', '.gitignore'));
        }
        chmodSync(outside, 0o755);
        const r = await runFix({
          root: p.root,
          home: p.home,
          env: { HOME: p.home },
          write: true,
          only: ['key-quoted'],
        });
        assert.deepEqual(readdirSync(outside), [], `${plant}: nothing is written through the link`);
        if (plant !== 'gitignore') {
          assert.equal(r.written.length, 0, `${plant}: no backup, so nothing is written`);
          assert.match(r.problems.map((x) => x.message).join('\n'), /symlink/);
        }
      } finally {
        p.cleanup();
      }
    }
  });
});

describe('rotate --resume / --abort: a repository cannot plant a journal', () => {
  /** A journal that, if trusted, would delete `victim` and a service account of the user's organization. */
  function plantJournal(p: TempProject, victim: string, seal?: string): void {
    const dir = join(p.root, '.keydoctor', 'rotations');
    mkdirSync(dir, { recursive: true });
    const id = '20990101T000000Z-shell';
    const j = {
      version: 1,
      tool: 'keydoctor',
      id,
      created: 'x',
      updated: 'x',
      status: 'in-progress',
      done: 'write',
      root: p.root,
      adminBaseURL: 'http://127.0.0.1:9/v1',
      target: { id: 'shell', label: 'shell' },
      mode: 'service-account',
      old: {
        keyId: 'key_x',
        name: 'x',
        projectId: 'proj_victim',
        projectName: 'victim',
        ownerType: 'user',
        fingerprint: 'sha256:0',
        redacted: 'x',
      },
      new: { fingerprint: 'sha256:0', serviceAccountId: 'svc_victim', serviceAccountName: 'prod-service' },
      sites: [],
      written: [
        {
          abs: join(p.home, '.zshrc'),
          display: '~/.zshrc',
          existed: true,
          hashBefore: sha('x'),
          hashAfter: sha('# zsh\n'),
          backup: 'files/1',
        },
      ],
      backupDir: victim,
      targets: [],
      events: [],
      ...(seal ? { seal } : {}),
    };
    writeFileSync(join(dir, `${id}.json`), JSON.stringify(j));
  }

  for (const verb of ['abort', 'resume'] as const) {
    it(`--${verb} acts on no planted journal: nothing deleted, no request sent`, async () => {
      const p = project();
      const victim = join(p.dir, 'victim');
      mkdirSync(victim);
      writeFileSync(join(victim, 'data'), 'precious');
      try {
        plantJournal(p, victim, 'f'.repeat(64));
        const lines: string[] = [];
        const r = await rotate({
          root: p.root,
          home: p.home,
          env: { HOME: p.home },
          adminKey: ADMIN,
          adminBaseURL: 'http://127.0.0.1:9/v1',
          [verb]: true,
          graceMs: 0,
          log: (l) => lines.push(l),
          client: { sleep: async () => {} },
        });
        assert.equal(r.sent.length, 0, 'no Admin API request');
        assert.equal(r.status, 'refused');
        assert.match(
          r.reason ?? '',
          /no open rotation .*left alone, not written by keydoctor here.*seal does not match|no open rotation .*no seal key/,
        );
        assert.equal(readFileSync(join(victim, 'data'), 'utf8'), 'precious');
        assert.equal(readFileSync(join(p.home, '.zshrc'), 'utf8'), '# zsh\n');
      } finally {
        p.cleanup();
      }
    });
  }
});
