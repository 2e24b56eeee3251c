/** Temporary projects on disk for collector and end-to-end tests. */
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';

export interface TempProject {
  root: string;
  home: string;
  dir: string;
  cleanup: () => void;
}

export type Tree = Record<string, string | Buffer>;

export function writeTree(base: string, files: Tree): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = join(base, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

export function tempProject(
  files: Tree = {},
  home: Tree = {},
  opts: { git?: boolean; commit?: boolean } = {},
): TempProject {
  const dir = mkdtempSync(join(tmpdir(), 'kd-test-'));
  const root = join(dir, 'project');
  const h = join(dir, 'home');
  mkdirSync(root, { recursive: true });
  mkdirSync(h, { recursive: true });
  writeTree(root, files);
  writeTree(h, home);
  if (opts.git) {
    const g = (...a: string[]) =>
      execFileSync('git', a, {
        cwd: root,
        stdio: 'ignore',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 'T',
          GIT_AUTHOR_EMAIL: 't@example.com',
          GIT_COMMITTER_NAME: 'T',
          GIT_COMMITTER_EMAIL: 't@example.com',
        },
      });
    g('init', '-q', '-b', 'main');
    if (opts.commit !== false) {
      g('add', '-A');
      g('commit', '-q', '--allow-empty', '-m', 'init');
    }
  }
  return { root, home: h, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
