/**
 * The rotation journal: `.keydoctor/rotations/<id>.json` in the project (folder 0700, file 0600,
 * rewritten atomically after every step), so an interrupted rotation can be resumed (`--resume`)
 * or rolled back (`--abort`). It holds ids, names, paths, content hashes and key fingerprints
 * (`sha256:` + 16 hex digits of the key), never a key: the new key lives in memory and, once step 3
 * ran, in the sources it was written to. The originals of the files step 3 changed are in set-key's
 * backup run (`.keydoctor/backups/<time>/`, 0600) until the old key is revoked or the rotation rolled
 * back, then removed: after that they would only hold a dead key.
 *
 * A journal drives writes, deletions and Admin API calls on `--resume` / `--abort`, and a cloned
 * repository can ship one: it is sealed with this user's key (src/fix/state.ts) and acted on only
 * when the seal holds, it was made for this project folder, and its backup folder is this
 * project's own.
 */
import * as fs from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../fix/write.js';
import { isPrivateDir, projectStateDir, seal, sealProblem, type StateLocation } from '../fix/state.js';
import type { KeySite, WrittenFile } from './key-writer.js';

export const ROTATIONS_DIR = join('.keydoctor', 'rotations');

export type Step = 'preflight' | 'create' | 'write' | 'verify' | 'grace' | 'revoke';
export const STEPS: Step[] = ['preflight', 'create', 'write', 'verify', 'grace', 'revoke'];

export type JournalStatus = 'in-progress' | 'waiting' | 'done' | 'aborted' | 'failed';

export interface Journal {
  version: 1;
  tool: 'keydoctor';
  id: string;
  created: string;
  updated: string;
  status: JournalStatus;
  /** The last step finished. */
  done?: Step;
  root: string;
  adminBaseURL: string;
  target: { id: string; label: string };
  /** How the new key is made: a service account (default), or pasted by the user (--manual). */
  mode: 'service-account' | 'manual';
  old: {
    keyId: string;
    name: string;
    projectId: string;
    projectName: string;
    ownerType: 'user' | 'service_account';
    serviceAccountId?: string;
    fingerprint: string;
    redacted: string;
  };
  new: { fingerprint?: string; serviceAccountName?: string; serviceAccountId?: string; keyId?: string };
  sites: KeySite[];
  /** Step 3: when it started (names the backup run), the backup run's folder, the files written. */
  writeStartedAt?: string;
  backupDir?: string;
  written: WrittenFile[];
  /** What a new terminal gets once the start-up files are written (variable names only). */
  newTerminal?: { set: string[]; unset: string[] };
  /** Targets whose key changes (ids). */
  targets: string[];
  /** Unix seconds: when every target had the new key (the grace period counts from here). */
  switchedAt?: number;
  events: Array<{ at: string; step: Step | 'abort' | 'resume'; what: string }>;
}

export function rotationsDir(root: string): string {
  return join(root, ROTATIONS_DIR);
}

export function journalPath(root: string, id: string): string {
  return join(rotationsDir(root), `${id}.json`);
}

/** Makes `.keydoctor` (self-ignoring, as the fix engine makes it) and `.keydoctor/rotations`, both private, never through a symlink. */
export function ensureRotationsDir(root: string): string {
  return projectStateDir(root, 'rotations');
}

/** Writes the journal, sealed (src/fix/state.ts): only a journal keydoctor wrote here is ever resumed or aborted. */
export function saveJournal(loc: StateLocation, j: Journal): void {
  ensureRotationsDir(j.root);
  j.updated = new Date().toISOString();
  const sealed = seal({ ...j, seal: undefined }, 'rotation-journal', loc);
  writeFileAtomic(journalPath(j.root, j.id), Buffer.from(JSON.stringify(sealed, null, 2) + '\n'), { mode: 0o600 });
}

export function note(loc: StateLocation, j: Journal, step: Journal['events'][number]['step'], what: string): void {
  j.events.push({ at: new Date().toISOString(), step, what });
  saveJournal(loc, j);
}

/** Why a journal read back is not acted on: not sealed by keydoctor here, for another folder, or malformed. */
function journalProblem(loc: StateLocation, root: string, j: Journal): string | undefined {
  const why = sealProblem(j, 'rotation-journal', loc);
  if (why) return why;
  let real = root;
  try {
    real = fs.realpathSync(root);
  } catch {
    // as given
  }
  if (j.root !== root && j.root !== real) return 'it was made for another project folder';
  const backups = join(j.root, '.keydoctor', 'backups');
  if (j.backupDir !== undefined && (typeof j.backupDir !== 'string' || dirname(j.backupDir) !== backups))
    return "its backup folder is not one of this project's";
  if (!Array.isArray(j.written) || !Array.isArray(j.events) || !Array.isArray(j.targets)) return 'it is malformed';
  return undefined;
}

export function readJournal(
  loc: StateLocation,
  root: string,
  id: string,
  ignored?: Array<{ id: string; reason: string }>,
): Journal | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(id)) return undefined;
  const dir = rotationsDir(root);
  if (!isPrivateDir(join(root, '.keydoctor')) || !isPrivateDir(dir)) return undefined;
  let j: Journal;
  try {
    const p = journalPath(root, id);
    const st = fs.lstatSync(p);
    if (!st.isFile() || st.size > 4 * 1024 * 1024) return undefined;
    j = JSON.parse(fs.readFileSync(p, 'utf8')) as Journal;
  } catch {
    return undefined;
  }
  if (!j || j.tool !== 'keydoctor' || j.version !== 1) return undefined;
  const why = journalProblem(loc, root, j);
  if (why) {
    ignored?.push({ id, reason: why });
    return undefined;
  }
  delete (j as { seal?: string }).seal;
  return j;
}

/** Every journal of the project keydoctor wrote here, newest first (the others go to `ignored`). */
export function listJournals(
  loc: StateLocation,
  root: string,
  ignored?: Array<{ id: string; reason: string }>,
): Journal[] {
  let names: string[];
  try {
    names = fs.readdirSync(rotationsDir(root));
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.json'))
    .sort()
    .reverse()
    .map((n) => readJournal(loc, root, n.slice(0, -5), ignored))
    .filter((j): j is Journal => j !== undefined);
}

/** The rotation still open (not done, not aborted), if any. */
export function openJournal(loc: StateLocation, root: string): Journal | undefined {
  return listJournals(loc, root).find(
    (j) => j.status === 'in-progress' || j.status === 'waiting' || j.status === 'failed',
  );
}
