/**
 * The life cycle every fix is tested through, on a realistic project on disk: the doctor finds the
 * problem, `fix` (with --yes) repairs it, the doctor no longer finds it, a second run changes
 * nothing, and `--undo` restores every byte (and mode) of the original files. Every output of the
 * run (diffs, summary, JSON) is checked for full keys.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, lstatSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runDiagnosis } from '../../src/pipeline/diagnose.js';
import type { FindingDraft } from '../../src/core/types.js';
import { runFix, type FixRunResult } from '../../src/fix/engine.js';
import { undoLastRun } from '../../src/fix/backup.js';
import { fixJsonDoc, renderPlan, renderSummary, style } from '../../src/fix/render.js';
import { tempProject, type TempProject, type Tree } from '../helpers/project.js';
import type { CliIO } from '../../src/cli/io.js';

export function fakeIO(over: Partial<CliIO> = {}): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (s: string) => {
      io.out += s;
    },
    stderr: (s: string) => {
      io.err += s;
    },
    readStdin: async () => '',
    isTTY: false,
    env: {},
    cwd: process.cwd(),
    ...over,
  };
  return io;
}

/** Every file under a folder (symlinks as links), bytes and mode; .git, .keydoctor and keydoctor's seal key (~/.local/state/keydoctor) left out. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.git' || e.name === '.keydoctor') continue;
      const p = join(d, e.name);
      if (e.name === 'keydoctor' && p.endsWith(join('.local', 'state', 'keydoctor'))) continue;
      const st = lstatSync(p);
      const rel = relative(dir, p);
      if (st.isSymbolicLink()) out.set(rel, `link:${readlinkSync(p)}`);
      else if (st.isDirectory()) walk(p);
      else out.set(rel, `${(st.mode & 0o7777).toString(8)}:${readFileSync(p).toString('base64')}`);
    }
  };
  walk(dir);
  return out;
}

export function assertNoKey(text: string, keys: string[], what: string): void {
  for (const k of keys) {
    assert.ok(!text.includes(k), `${what} holds a full key`);
    // nor the key without its first or last character (a mask that is off by one)
    assert.ok(!text.includes(k.slice(1, -1)), `${what} holds most of a key`);
  }
}

/** Everything a user could see of a run, as text. */
export function outputsOf(r: FixRunResult, root: string): string {
  const s = style(false);
  return [
    ...r.passes.map((p) => renderPlan(p.plan, r.secrets, s)),
    renderSummary(r, s),
    JSON.stringify(fixJsonDoc(r, root)),
  ].join('\n');
}

export interface CycleCase {
  files: Tree;
  home?: Tree;
  env?: Record<string, string>;
  git?: boolean;
  /** With git: commit the files first (default true). */
  commit?: boolean;
  /** The finding the fix repairs (and a filter on its findings). */
  id: string;
  match?: (f: FindingDraft) => boolean;
  unsafe?: boolean;
  only?: string[];
  keys: string[];
  /** Extra checks on the project after the fix. */
  after?: (p: TempProject, r: FixRunResult) => void;
  /** Prepare the project beyond the files (symlinks, modes). */
  setup?: (p: TempProject) => void;
  /** The env the doctor sees after the fix (a new terminal after a commented-out export). */
  envAfter?: Record<string, string>;
}

export async function cycle(c: CycleCase): Promise<{ first: FixRunResult; p: TempProject }> {
  const p = tempProject(c.files, c.home ?? {}, { git: c.git, commit: c.commit });
  try {
    c.setup?.(p);
    const env = { HOME: p.home, ...(c.env ?? {}) };
    const match = (f: FindingDraft) => f.id === c.id && (!c.match || c.match(f));
    const before = snapshot(p.dir);
    const d1 = await runDiagnosis({ root: p.root, home: p.home, env, offline: true });
    assert.ok(
      d1.findings.some(match),
      `the doctor should find ${c.id}; found ${d1.findings.map((f) => f.id).join(', ')}`,
    );

    // A dry run writes nothing.
    const dry = await runFix({ root: p.root, home: p.home, env, unsafe: c.unsafe, only: c.only });
    assert.equal(dry.dryRun, true);
    assert.deepEqual(snapshot(p.dir), before, 'a dry run must not write');
    assertNoKey(outputsOf(dry, p.root), c.keys, 'the dry run output');

    const r = await runFix({ root: p.root, home: p.home, env, write: true, unsafe: c.unsafe, only: c.only });
    assert.deepEqual(r.problems, []);
    assert.ok(
      r.written.length > 0,
      `something should be written; refused: ${r.refusals.map((x) => x.reason).join('; ')}`,
    );
    assert.ok(
      r.fixed.some(match),
      `${c.id} should be fixed; fixed: ${r.fixed.map((f) => f.id).join(', ')}; refused: ${r.refusals.map((x) => `${x.finding.id}: ${x.reason}`).join('; ')}`,
    );
    assertNoKey(outputsOf(r, p.root), c.keys, 'the fix output');
    c.after?.(p, r);

    const d2 = await runDiagnosis({
      root: p.root,
      home: p.home,
      env: c.envAfter ? { HOME: p.home, ...c.envAfter } : env,
      offline: true,
    });
    assert.deepEqual(
      d2.findings.filter(match).map((f) => f.message),
      [],
      'the doctor should no longer find it',
    );

    const afterFix = snapshot(p.dir);
    const again = await runFix({
      root: p.root,
      home: p.home,
      env: c.envAfter ? { HOME: p.home, ...c.envAfter } : env,
      write: true,
      unsafe: c.unsafe,
      only: c.only,
    });
    assert.deepEqual(again.written, [], `a second run changes nothing (it wrote ${again.written.join(', ')})`);
    assert.deepEqual(snapshot(p.dir), afterFix);

    const u = undoLastRun(p.root, { home: p.home });
    assert.deepEqual(u.problems, []);
    assert.ok(u.restored.length + u.deleted.length > 0);
    assertNoKey(JSON.stringify(u), c.keys, 'the undo listing');
    const back = snapshot(p.dir);
    assert.deepEqual([...back.keys()].sort(), [...before.keys()].sort(), 'undo restores the same set of files');
    for (const [k, v] of before) assert.equal(back.get(k), v, `undo restores ${k} byte for byte`);
    return { first: r, p };
  } finally {
    p.cleanup();
  }
}
