/**
 * The rotation journal: `.keydoctor/rotations/<id>.json` in the project (folder 0700, file 0600,
 * rewritten atomically after every step), so an interrupted rotation can be resumed (`--resume`)
 * or rolled back (`--abort`). It holds ids, names, paths, content hashes and key fingerprints
 * (`sha256:` + 16 hex digits of the key), never a key: the new key lives in memory and, once step 3
 * ran, in the sources it was written to. The originals of the files step 3 changed are in set-key's
 * backup run (`.keydoctor/backups/<time>/`, 0600) until the old key is revoked or the rotation rolled
 * back, then removed: after that they would only hold a dead key.
 */
import * as fs from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../fix/write.js';
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
  old: { keyId: string; name: string; projectId: string; projectName: string; ownerType: 'user' | 'service_account'; serviceAccountId?: string; fingerprint: string; redacted: string };
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

function privateDir(p: string): void {
  fs.mkdirSync(p, { recursive: true, mode: 0o700 });
  fs.chmodSync(p, 0o700);
}

export function rotationsDir(root: string): string {
  return join(root, ROTATIONS_DIR);
}

export function journalPath(root: string, id: string): string {
  return join(rotationsDir(root), `${id}.json`);
}

/** Makes `.keydoctor` (self-ignoring, as the fix engine makes it) and `.keydoctor/rotations`, both private. */
export function ensureRotationsDir(root: string): string {
  const kd = join(root, '.keydoctor');
  privateDir(kd);
  const gi = join(kd, '.gitignore');
  if (!fs.existsSync(gi)) fs.writeFileSync(gi, '# keydoctor: backups and rotation journals (never commit them)\n*\n', { mode: 0o600 });
  const dir = rotationsDir(root);
  privateDir(dir);
  return dir;
}

export function saveJournal(j: Journal): void {
  ensureRotationsDir(j.root);
  j.updated = new Date().toISOString();
  writeFileAtomic(journalPath(j.root, j.id), Buffer.from(JSON.stringify(j, null, 2) + '\n'), { mode: 0o600 });
}

export function note(j: Journal, step: Journal['events'][number]['step'], what: string): void {
  j.events.push({ at: new Date().toISOString(), step, what });
  saveJournal(j);
}

export function readJournal(root: string, id: string): Journal | undefined {
  try {
    const j = JSON.parse(fs.readFileSync(journalPath(root, id), 'utf8')) as Journal;
    return j.tool === 'keydoctor' && j.version === 1 ? j : undefined;
  } catch {
    return undefined;
  }
}

/** Every journal of the project, newest first. */
export function listJournals(root: string): Journal[] {
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
    .map((n) => readJournal(root, n.slice(0, -5)))
    .filter((j): j is Journal => j !== undefined);
}

/** The rotation still open (not done, not aborted), if any. */
export function openJournal(root: string): Journal | undefined {
  return listJournals(root).find((j) => j.status === 'in-progress' || j.status === 'waiting' || j.status === 'failed');
}
