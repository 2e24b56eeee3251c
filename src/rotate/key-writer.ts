/**
 * Step 3 of a rotation, writing the new key into every source of every target that used the old
 * one, goes through this one interface ({@link KeyWriter}). Its implementation is `set-key`'s library
 * (src/fix/set-key.ts: planSetKey / applySetKey), so a rotation writes exactly where and how
 * `keydoctor set-key` would: each target's winning source and the sources that lose, dotenv lines,
 * start-up file exports, compose literals; never into code, a file git tracks, or a file a dotfile
 * manager owns; every file backed up first and written atomically.
 *
 * What rotate adds: the plan is made twice (in the preflight with a stand-in key of the new key's
 * kind, so refusals are known before anything is created; at step 3 with the real key), a write
 * that fails half-way is undone at once, and the backup run is restored or removed by the rotation
 * itself (it is in `.keydoctor/backups/`, where `keydoctor fix --undo` would otherwise find it and
 * bring the revoked key back).
 */
import * as fs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { OPENAI_MARKER } from '../keys/classify.js';
import { listRuns, readBackupCopy, type Manifest } from '../fix/backup.js';
import { sha256 } from '../fix/content.js';
import { removeFile, writeFileAtomic } from '../fix/write.js';
import { isPrivateDir, type StateLocation } from '../fix/state.js';
import { applySetKey, planSetKey, type SetKeyPlan } from '../fix/set-key.js';

/** One place step 3 writes, or leaves alone and why. */
export interface KeySite {
  action: 'write' | 'refuse';
  display: string;
  lines: number[];
  reason?: string;
  /** Targets it concerns. */
  targets: string[];
}

/** A file written: where, and its hashes before and after (never its content). */
export interface WrittenFile {
  abs: string;
  display: string;
  existed: boolean;
  hashBefore: string;
  hashAfter?: string;
  /** The copy of the original, relative to the backup run's folder ('' when the file was created). */
  backup: string;
}

export interface KeyWriteInput {
  root: string;
  home?: string;
  env: Record<string, string | undefined>;
  /** The targets whose key changes. */
  targets: string[];
}

export interface KeyWritePlan {
  sites: KeySite[];
  /** Targets that would not get the new key (the rotation is refused). */
  blockers: string[];
  warnings: string[];
  /** What a new terminal gets once the start-up files are written: names set to the new key, names unset. */
  newTerminal: { set: string[]; unset: string[] };
}

export interface KeyWriteResult extends KeyWritePlan {
  written: WrittenFile[];
  /** The backup run's folder (absolute). */
  backupDir?: string;
  problems: string[];
}

export interface KeyWriter {
  /** Where the key would go; `key` is a stand-in in the preflight, the new key at step 3. Writes nothing. */
  plan(input: KeyWriteInput, key: string): Promise<KeyWritePlan>;
  /** Writes the new key. `started` names the backup run before anything is written (the journal keeps it). */
  apply(input: KeyWriteInput, newKey: string, started: Date): Promise<KeyWriteResult>;
  /** The files a backup run holds (to resume or undo a rotation interrupted while writing). */
  recorded(root: string, started: Date, loc?: StateLocation): { written: WrittenFile[]; backupDir?: string };
  /** Puts the originals back where the file still holds what was written; returns the problems. */
  restore(written: WrittenFile[], backupDir?: string, loc?: StateLocation): string[];
  /** Removes the backup run (after the old key is revoked, the copies only hold a dead key). */
  discard(backupDir?: string): void;
}

/** A key of the same kind as the one step 2 makes, for planning only (never sent, never written). */
export function standInKey(): string {
  const body = (n: number) => randomBytes(n).toString('base64url').replace(/[-_]/g, 'A').slice(0, n);
  return `sk-svcacct-${body(74)}${OPENAI_MARKER}${body(74)}`;
}

function summarize(p: SetKeyPlan, input: KeyWriteInput): KeyWritePlan {
  const sites: KeySite[] = [];
  for (const f of p.plan.files) {
    const lines = [
      ...new Set(f.fixes.map((x) => x.finding.location?.line).filter((l): l is number => typeof l === 'number')),
    ].sort((a, b) => a - b);
    const targets = p.targets
      .filter((t) => t.writes.some((w) => w === f.display || w.startsWith(`${f.display}:`)))
      .map((t) => t.id);
    sites.push({ action: 'write', display: f.display, lines, targets });
  }
  for (const r of p.refusals) {
    const display = r.path ?? r.finding.location?.path ?? 'a source';
    sites.push({
      action: 'refuse',
      display,
      lines: r.finding.location?.line ? [r.finding.location.line] : [],
      reason: `${r.reason}${r.instead ? ` (${r.instead})` : ''}`,
      targets: r.finding.target ? [r.finding.target] : [],
    });
  }
  const blockers: string[] = [];
  const warnings: string[] = [];
  for (const id of input.targets) {
    const t = p.targets.find((x) => x.id === id);
    if (!t) continue;
    const shellOnly = p.commands.filter((c) => c.targets.includes(id)).every((c) => c.platform === 'shell');
    if (t.commands.length && shellOnly && id === 'shell')
      warnings.push(
        `${t.label} has the old key in its environment, set by hand: it keeps it until it is closed, and loses it at step 6 (${t.commands.join('; ')} sets the new one)`,
      );
    else if (t.commands.length)
      blockers.push(`${t.label} gets its key from a place keydoctor cannot write (${t.commands.join('; ')})`);
    else if (!covered(p, id, sites)) {
      const why = p.refusals
        .filter(
          (r) =>
            r.finding.target === id ||
            (t.now?.from &&
              (r.path ?? r.finding.location?.path) &&
              t.now.from.startsWith(r.path ?? r.finding.location?.path ?? '\u0000')),
        )
        .map((r) => r.reason);
      if (id === 'shell' && !t.now) continue;
      blockers.push(
        `${t.label} would keep the old key${t.now?.from ? ` (from ${t.now.from})` : ''}: ${why.join('; ') || t.note || 'keydoctor finds no place to write the new key for it'}`,
      );
    }
  }
  for (const c of p.commands)
    if (!c.targets.some((id) => input.targets.includes(id))) warnings.push(`${c.why}: ${c.command}`);
  for (const a of p.afterwards) warnings.push(a);
  const set = Object.entries(p.shellEnv)
    .filter(([, v]) => v !== null)
    .map(([n]) => n);
  const unset = Object.entries(p.shellEnv)
    .filter(([, v]) => v === null)
    .map(([n]) => n);
  return { sites, blockers, warnings, newTerminal: { set, unset } };
}

/**
 * Whether a target will get the new key: set-key writes one of its sources, or a file written for
 * another target feeds it (a compose `${OPENAI_API_KEY}` interpolated from the `.env` that is
 * written). Step 4 checks it for real; here it must refuse what cannot work, and only that.
 */
function covered(p: SetKeyPlan, id: string, sites: KeySite[]): boolean {
  const t = p.diagnosis.targets.find((x) => x.id === id);
  const res = t ? t.vars[t.keyVar] : undefined;
  const written = new Set(sites.filter((s) => s.action === 'write').map((s) => s.display));
  // What set-key means to write for it, where the plan kept the file (a refused file is not written).
  const tp = p.targets.find((x) => x.id === id);
  if (tp?.writes.some((w) => written.has(w.replace(/:\d+$/, '')))) return true;
  if ((res?.chain ?? []).some((c) => c.assignment.location && written.has(c.assignment.location.path))) return true;
  // An interpolation (`${NAME}`): covered when a written file sets NAME to the value the target gets.
  const raw = res?.winner?.raw ?? '';
  const names = [...raw.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
  if (!names.length || res?.value === undefined) return false;
  const all = [
    ...p.diagnosis.facts.assignments,
    ...p.diagnosis.facts.envFiles.flatMap((f) => Object.values(f.byDialect).flatMap((l) => l ?? [])),
  ];
  return all.some(
    (a) => names.includes(a.name) && a.value === res.value && a.location !== undefined && written.has(a.location.path),
  );
}

function fromManifest(dir: string, m: Manifest): WrittenFile[] {
  void dir;
  return m.files.map((f) => ({
    abs: f.target,
    display: f.display,
    existed: f.existed,
    hashBefore: f.hashBefore,
    hashAfter: f.hashAfter,
    backup: f.backup,
  }));
}

function currentHash(abs: string): string {
  try {
    return sha256(fs.readFileSync(abs));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
}

export const setKeyWriter: KeyWriter = {
  async plan(input, key) {
    const p = await planSetKey({
      root: input.root,
      home: input.home,
      env: input.env,
      cwd: input.root,
      key,
      targets: input.targets,
    });
    return summarize(p, input);
  },

  async apply(input, newKey, started) {
    const p = await planSetKey({
      root: input.root,
      home: input.home,
      env: input.env,
      cwd: input.root,
      key: newKey,
      targets: input.targets,
    });
    const summary = summarize(p, input);
    const r = await applySetKey(p, { now: started });
    const rec = this.recorded(input.root, started, { home: input.home, env: input.env });
    const problems = r.problems.map((x) => `${x.display}: ${x.message}`);
    return { ...summary, written: rec.written, backupDir: rec.backupDir ?? r.backupDir, problems };
  },

  recorded(root, started, loc) {
    const run = listRuns(root, loc).find(
      (x) => x.manifest.command === 'set-key' && x.manifest.created === started.toISOString(),
    );
    return run ? { written: fromManifest(run.dir, run.manifest), backupDir: run.dir } : { written: [] };
  },

  restore(written, backupDir, loc = {}) {
    const problems: string[] = [];
    for (const f of [...written].reverse()) {
      try {
        const cur = currentHash(f.abs);
        if (cur === (f.existed ? f.hashBefore : '')) continue;
        if (f.hashAfter === undefined || cur !== f.hashAfter) {
          problems.push(
            `${f.display} changed since keydoctor wrote it: left as it is${backupDir && f.backup ? ` (the original is kept, encrypted to you, in ${join(backupDir, f.backup)})` : ''}`,
          );
          continue;
        }
        if (!f.existed) {
          removeFile(f.abs, f.hashAfter);
          continue;
        }
        if (!backupDir) throw new Error('no backup copy');
        const bytes = readBackupCopy(join(backupDir, f.backup), loc);
        if (sha256(bytes) !== f.hashBefore) {
          problems.push(`${f.display}: the backup copy is damaged; left as it is`);
          continue;
        }
        writeFileAtomic(f.abs, bytes, { expectHash: f.hashAfter });
      } catch (e) {
        problems.push(`${f.display}: ${(e as Error).message}`);
      }
    }
    // Restored by the rotation: `keydoctor fix --undo` must not restore it a second time.
    if (backupDir && !problems.length) this.discard(backupDir);
    return problems;
  },

  discard(backupDir) {
    // Only a backup run's own folder (`<project>/.keydoctor/backups/<time>`, a real folder) is ever removed.
    if (
      !backupDir ||
      !basename(backupDir) ||
      basename(dirname(backupDir)) !== 'backups' ||
      basename(dirname(dirname(backupDir))) !== '.keydoctor'
    )
      return;
    if (!isPrivateDir(backupDir) || !isPrivateDir(dirname(backupDir)) || !isPrivateDir(dirname(dirname(backupDir))))
      return;
    fs.rmSync(backupDir, { recursive: true, force: true });
  },
};
