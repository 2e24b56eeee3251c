/**
 * `keydoctor rotate`: replaces the key a target uses with a new service-account key of the same
 * project, end to end, in six steps, each recorded in the journal (src/rotate/journal.ts):
 *
 * 1. preflight: the admin key answers a harmless list; the old key's dashboard entry, project and
 *    owner are found; every source holding it is planned (src/rotate/key-writer.ts), and the
 *    rotation is refused before anything changes if a target would be left with the old key;
 * 2. create a service account `keydoctor-<target>-<date>-<nonce>`: its key comes back once and is held
 *    in memory; if any later step fails before the key is verified in place, the service account is
 *    deleted again (found by its name when the answer to the create was lost), so no orphan key stays;
 * 3. write the new key into every source of every target that used the old key, through set-key's
 *    library (src/fix/set-key.ts, behind the KeyWriter interface: backups first, atomic writes);
 * 4. verify: the doctor re-resolves every target (each must now get the new key) and the new key is
 *    verified live at each target's own endpoint; a failure puts every file back and deletes the
 *    service account: the old key, untouched, keeps working;
 * 5. wait for traffic to move: the old key's `last_used_at` and its per-minute usage are polled for
 *    the grace period; while something still uses the old key it is not revoked;
 * 6. revoke: a user's key with `DELETE …/api_keys/{id}`, a service account's key by deleting its
 *    service account (refused in step 1 when that account has other keys).
 *
 * `dryRun` (and a run without `yes`) does step 1's reads only and prints every later request.
 */
import { randomBytes } from 'node:crypto';
import { runDiagnosis, type Diagnosis } from '../pipeline/diagnose.js';
import type { Target } from '../core/types.js';
import { classifyCredential, isCredentialName, isOpenAIKind } from '../keys/classify.js';
import { SecretSet, maskSecret, visible } from '../keys/mask.js';
import { applyClientOptions, settingsForTarget } from '../live/settings.js';
import { verifyKey } from '../live/verify.js';
import { AdminClient, AdminError, type AdminClientOptions } from '../admin/client.js';
import { toProject, toProjectKey } from '../admin/inventory.js';
import { collectLocalKeys, fingerprint, matchKeys } from '../admin/match.js';
import type {
  ApiBucket,
  ApiProject,
  ApiProjectKey,
  ApiServiceAccount,
  ApiServiceAccountCreated,
  Inventory,
  InventoryKey,
  InventoryProject,
  LocalKey,
} from '../admin/types.js';
import { setKeyWriter, standInKey, type KeySite, type KeyWriter, type KeyWritePlan } from './key-writer.js';
import { note, openJournal, readJournal, saveJournal, listJournals, type Journal, type Step } from './journal.js';
import { readFileSync } from 'node:fs';
import type { StateLocation } from '../fix/state.js';
import { pushAll } from '../core/arrays.js';

export interface RotateOptions {
  root: string;
  env: Record<string, string | undefined>;
  home?: string;
  adminKey: string;
  adminBaseURL?: string;
  /** The target whose key is rotated (default: the doctor's first target with an OpenAI key). */
  targetId?: string;
  /** Act; without it (or with dryRun) only the plan is shown. */
  yes?: boolean;
  dryRun?: boolean;
  /** --manual: the user makes the new key in the dashboard and pastes it (steps 3 to 6 follow). */
  manual?: () => Promise<string | undefined>;
  /** Step 5: how long to watch the old key (ms; 0 skips) and how often. */
  graceMs?: number;
  pollMs?: number;
  /** --resume / --abort: the journal id, or true for the open one. */
  resume?: string | true;
  abort?: string | true;
  timeoutMs?: number;
  /** Injected (tests): the admin client's settings, the clock and waits, the key writer. */
  client?: Partial<AdminClientOptions>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  writer?: KeyWriter;
  /** Called after each step is recorded (tests interrupt a rotation here). */
  afterStep?: (step: Step, journal: Journal) => void | Promise<void>;
  /** Progress and plan lines; masked before they are passed. */
  log: (line: string) => void;
}

export type RotateStatus = 'planned' | 'refused' | 'done' | 'waiting' | 'aborted' | 'failed';

export interface RotateResult {
  status: RotateStatus;
  journal?: Journal;
  /** Why, in one paragraph, when refused, aborted or failed. */
  reason?: string;
  /** Every Admin API request sent. */
  sent: AdminClient['sent'];
  exit: number;
}

interface Plan {
  d: Diagnosis;
  target: Target;
  oldKey: string;
  local: LocalKey;
  entry: InventoryKey;
  project: InventoryProject;
  sites: KeySite[];
  newTerminal: KeyWritePlan['newTerminal'];
  affected: Target[];
  warnings: string[];
  blockers: string[];
}

class Stop extends Error {
  constructor(
    message: string,
    readonly status: RotateStatus = 'refused',
  ) {
    super(message);
  }
}

function slug(id: string): string {
  return (
    id
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase()
      .slice(0, 40) || 'target'
  );
}

export function serviceAccountName(targetId: string, now: Date, nonce = randomBytes(2).toString('hex')): string {
  return `keydoctor-${slug(targetId)}-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${nonce}`;
}

function journalId(targetId: string, now: Date): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${slug(targetId)}`;
}

class Rotation {
  readonly client: AdminClient;
  readonly secrets = new SecretSet();
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly writer: KeyWriter;
  /** Where this user's seal key is: the journal and the backups are sealed with it (src/fix/state.ts). */
  readonly loc: StateLocation;

  constructor(readonly o: RotateOptions) {
    this.loc = { home: o.home, env: o.env };
    this.sleep = o.sleep ?? ((ms) => new Promise((ok) => setTimeout(ok, ms)));
    this.now = o.now ?? (() => Date.now());
    this.writer = o.writer ?? setKeyWriter;
    this.secrets.add(o.adminKey);
    this.client = new AdminClient({
      key: o.adminKey,
      baseURL: o.adminBaseURL,
      env: o.env,
      timeoutMs: o.timeoutMs,
      sleep: this.sleep,
      ...o.client,
    });
  }

  log(line: string): void {
    this.o.log(this.secrets.maskText(line));
  }

  async step(j: Journal, s: Step, what: string): Promise<void> {
    j.done = s;
    note(this.loc, j, s, what);
    await this.o.afterStep?.(s, j);
  }

  diagnose(): Promise<Diagnosis> {
    return runDiagnosis({
      root: this.o.root,
      cwd: this.o.root,
      env: this.o.env,
      home: this.o.home,
      offline: true,
      checks: [],
    });
  }

  // -------------------------------------------------------------------------------------------
  // Step 1

  async preflight(): Promise<Plan> {
    const d = await this.diagnose();
    for (const t of d.targets)
      for (const r of Object.values(t.vars)) if (isCredentialName(r.name)) this.secrets.add(r.value);
    const withKey = d.targets.filter(
      (t) => !t.azure && isOpenAIKind(classifyCredential(t.vars[t.keyVar]?.value?.trim() ?? '').kind),
    );
    const target = this.o.targetId ? d.targets.find((t) => t.id === this.o.targetId) : withKey[0];
    if (!target)
      throw new Stop(
        this.o.targetId
          ? `no target ${this.o.targetId}; targets: ${d.targets.map((t) => t.id).join(', ') || 'none'}`
          : 'no run target of this project gets an OpenAI key: nothing to rotate',
      );
    if (target.azure)
      throw new Stop(
        `${target.label} uses Azure OpenAI: Azure keys are regenerated in Azure (az cognitiveservices account keys regenerate), not through the OpenAI Admin API`,
      );
    const oldKey = target.vars[target.keyVar]?.value?.trim() ?? '';
    const kind = classifyCredential(oldKey).kind;
    if (!isOpenAIKind(kind))
      throw new Stop(`${target.label} gets no OpenAI key (${classifyCredential(oldKey).label}): nothing to rotate`);
    if (kind === 'openai-admin')
      throw new Stop(
        `${target.label} uses an admin key: admin keys are rotated in the dashboard (https://platform.openai.com/settings/organization/admin-keys), and an app should not use one`,
      );
    const local = collectLocalKeys(d.facts, d.targets).find((l) => l.value === oldKey);
    if (!local) throw new Stop('internal: the old key was not among the local keys');
    this.secrets.add(oldKey);

    // The harmless list: does the admin key work, and what does the organization hold?
    this.log(`1/6 preflight: reading the organization through ${this.client.baseURL}`);
    const projects = (await this.client.list<ApiProject>('/organization/projects', { include_archived: true })).map(
      toProject,
    );
    const hints = local.projectHints;
    const order = [...projects.filter((p) => hints.includes(p.id)), ...projects.filter((p) => !hints.includes(p.id))];
    const keys: InventoryKey[] = [];
    for (const p of order) {
      for (const k of await this.client.list<ApiProjectKey>(
        `/organization/projects/${encodeURIComponent(p.id)}/api_keys`,
        { owner_project_access: 'any' },
      ))
        keys.push(toProjectKey(k, p));
    }
    const inv: Inventory = {
      baseURL: this.client.baseURL,
      fetchedAt: Math.floor(this.now() / 1000),
      projects,
      keys,
      serviceAccounts: [],
      notes: [],
    };
    const [m] = matchKeys([local], inv);
    if (!m || m.status === 'none')
      throw new Stop(
        `the key of ${target.label} (${maskSecret(oldKey)}) matches no key of this organization: it was deleted (then it already fails; put a new key in with keydoctor set-key) or belongs to another organization (use that organization's admin key)`,
      );
    if (m.status === 'ambiguous' || !m.entry)
      throw new Stop(
        `the key of ${target.label} fits ${m.candidates.map((c) => `${c.id} (${c.project?.name ?? ''})`).join(' and ')}: set OPENAI_PROJECT_ID for the target so keydoctor knows which project it belongs to`,
      );
    const entry = m.entry;
    const project = entry.project as InventoryProject;
    if (project.status === 'archived')
      throw new Stop(
        `the key belongs to project ${project.name} (${project.id}), which is archived: its keys no longer work and it can have no new service account; put a key of a live project in (keydoctor set-key)`,
      );
    const warnings: string[] = [];
    const blockers: string[] = [];
    if (entry.ownerType === 'service_account') {
      const others = keys.filter(
        (k) => k.ownerType === 'service_account' && k.ownerId === entry.ownerId && k.id !== entry.id,
      );
      if (others.length)
        blockers.push(
          `the old key belongs to service account ${entry.ownerName ?? entry.ownerId}, which also has ${others.map((k) => k.id).join(', ')}: a service account's key can only be revoked by deleting the account, which would revoke those too. Move them first, or revoke by hand.`,
        );
    }
    const affected = d.targets.filter((t) => t.vars[t.keyVar]?.value?.trim() === oldKey);
    // Planned with a stand-in of the new key's kind: where set-key would write, and what it refuses.
    const wp = await this.writer.plan(
      { root: this.o.root, home: this.o.home, env: this.o.env, targets: affected.map((t) => t.id) },
      standInKey(),
    );
    const sites = wp.sites;
    pushAll(blockers, wp.blockers);
    pushAll(warnings, wp.warnings);
    if (!sites.some((s) => s.action === 'write'))
      blockers.push('no file holds the old key in a form keydoctor may write');
    return {
      d,
      target,
      oldKey,
      local,
      entry,
      project,
      sites,
      newTerminal: wp.newTerminal,
      affected,
      warnings,
      blockers,
    };
  }

  /** Where step 4 sends the new key (the endpoint each affected target's app uses), named in the plan so a --yes is given knowing it. */
  private endpointsOf(p: Plan): string[] {
    const out = new Set<string>();
    for (const t of p.affected) {
      const s = settingsForTarget(t, p.d.facts.env);
      if (!s) continue;
      const settings = applyClientOptions(s, t, p.d.facts.code?.clients);
      out.add(
        settings.unknownEndpoint
          ? `${t.label}: not checked (endpoint unknown)`
          : (settings.azure?.endpoint ?? settings.baseURL ?? 'https://api.openai.com/v1'),
      );
    }
    return out.size ? [...out] : ['https://api.openai.com/v1'];
  }

  printPlan(p: Plan, name: string, manual: boolean): void {
    const proj = `/organization/projects/${p.project.id}`;
    const owner =
      p.entry.ownerType === 'service_account'
        ? `service account ${p.entry.ownerName ?? p.entry.ownerId}`
        : (p.entry.ownerEmail ?? p.entry.ownerName ?? p.entry.ownerId ?? 'a user');
    this.log('');
    this.log(`Rotation plan for ${p.target.label} (${p.target.id})`);
    this.log(
      `  old key  ${maskSecret(p.oldKey)} = ${p.entry.id} "${p.entry.name}" in project ${p.project.name} (${p.project.id}), owned by ${owner}`,
    );
    this.log(`  used by  ${p.affected.map((t) => t.id).join(', ')}`);
    this.log('');
    this.log(
      '  1. preflight (done): the admin key can list the organization; the old key, its project and owner are known',
    );
    if (manual)
      this.log(
        '  2. (--manual) you make the new key at https://platform.openai.com/api-keys in the same project and paste it; nothing is created',
      );
    else
      this.log(
        `  2. create service account "${name}" in ${p.project.name}: POST ${proj}/service_accounts {"name": "${name}"}; its key is held in memory, and the service account is deleted again if a step before 5 fails`,
      );
    this.log('  3. write the new key (each file backed up first, written atomically):');
    for (const s of p.sites)
      this.log(
        `       ${s.action === 'write' ? 'write ' : 'cannot'} ${s.display}${s.lines.length ? `:${s.lines.join(',')}` : ''}${s.targets.length ? ` [${s.targets.join(', ')}]` : ''}${s.action !== 'write' && s.reason ? `: ${s.reason}` : ''}`,
      );
    this.log(
      `  4. verify: every target above must get the new key; the new key is checked live at each target's endpoint (GET /models): ${this.endpointsOf(p).join(', ')}; on failure every file is put back${manual ? '' : ' and the service account deleted'}`,
    );
    const grace = this.o.graceMs ?? 15 * 60000;
    this.log(
      grace > 0
        ? `  5. wait ${Math.round(grace / 60000)} min for traffic to leave the old key: GET ${proj}/api_keys/${p.entry.id} (last_used_at) and GET /organization/usage/completions?bucket_width=1m&api_key_ids=${p.entry.id}&group_by=api_key_id, every ${Math.round((this.o.pollMs ?? 60000) / 1000)} s`
        : '  5. --grace 0: not waiting for traffic to move',
    );
    this.log(
      p.entry.ownerType === 'service_account'
        ? `  6. revoke: DELETE ${proj}/service_accounts/${p.entry.ownerId ?? '?'} (a service account's key goes with its account)`
        : `  6. revoke: DELETE ${proj}/api_keys/${p.entry.id}`,
    );
    for (const w of p.warnings) this.log(`  ! ${w}`);
    for (const b of p.blockers) this.log(`  ✗ ${b}`);
  }

  newJournal(p: Plan, mode: Journal['mode'], name?: string): Journal {
    const now = new Date(this.now());
    return {
      version: 1,
      tool: 'keydoctor',
      id: journalId(p.target.id, now),
      created: now.toISOString(),
      updated: now.toISOString(),
      status: 'in-progress',
      root: p.d.facts.root,
      adminBaseURL: this.client.baseURL,
      target: { id: p.target.id, label: p.target.label },
      mode,
      old: {
        keyId: p.entry.id,
        name: p.entry.name,
        projectId: p.project.id,
        projectName: p.project.name,
        ownerType: p.entry.ownerType,
        serviceAccountId: p.entry.ownerType === 'service_account' ? p.entry.ownerId : undefined,
        fingerprint: p.local.fingerprint,
        redacted: p.entry.redacted,
      },
      new: { serviceAccountName: name },
      sites: p.sites.map((s) => ({ ...s })),
      newTerminal: p.newTerminal,
      written: [],
      targets: p.affected.map((t) => t.id),
      events: [],
    };
  }

  // -------------------------------------------------------------------------------------------
  // Step 2 and its undo

  async createServiceAccount(j: Journal): Promise<string> {
    const name = j.new.serviceAccountName as string;
    this.log(`2/6 creating service account ${name} in ${j.old.projectName}`);
    saveJournal(this.loc, j);
    let created: ApiServiceAccountCreated;
    try {
      created = await this.client.request<ApiServiceAccountCreated>(
        'POST',
        `/organization/projects/${encodeURIComponent(j.old.projectId)}/service_accounts`,
        { body: { name } },
      );
    } catch (e) {
      if (e instanceof AdminError && e.uncertain) {
        this.log(`   the answer was lost (${e.message}); looking for the service account by its name`);
        await this.deleteServiceAccount(j);
      }
      throw new Stop(
        `creating the service account failed: ${(e as Error).message}. Nothing was changed${e instanceof AdminError && e.uncertain ? ' (the service account, if it was made, is deleted again)' : ''}.`,
        'aborted',
      );
    }
    const value = created.api_key?.value;
    j.new.serviceAccountId = created.id;
    j.new.keyId = created.api_key?.id;
    if (!value || !isOpenAIKind(classifyCredential(value).kind)) {
      await this.deleteServiceAccount(j);
      throw new Stop('the new service account came back without a usable key; it is deleted again', 'aborted');
    }
    this.secrets.add(value);
    j.new.fingerprint = fingerprint(value);
    await this.step(
      j,
      'create',
      `service account ${created.id} with key ${created.api_key?.id ?? '?'} (${j.new.fingerprint})`,
    );
    return value;
  }

  /** Deletes the rotation's service account, by id or (when the create's answer was lost) by name. Throws when it cannot be confirmed gone. */
  async deleteServiceAccount(j: Journal): Promise<void> {
    const path = `/organization/projects/${encodeURIComponent(j.old.projectId)}/service_accounts`;
    let id = j.new.serviceAccountId;
    if (!id && j.new.serviceAccountName) {
      const found = (await this.client.list<ApiServiceAccount>(path)).filter(
        (s) => s.name === j.new.serviceAccountName,
      );
      if (found.length === 0) return;
      id = found[0]?.id;
      j.new.serviceAccountId = id;
    }
    if (!id) return;
    try {
      await this.client.request('DELETE', `${path}/${encodeURIComponent(id)}`);
    } catch (e) {
      if (!(e instanceof AdminError && e.kind === 'not-found')) {
        // An uncertain delete: look again.
        const still = (await this.client.list<ApiServiceAccount>(path)).some((s) => s.id === id);
        if (still)
          throw new Stop(
            `the new service account ${id} could not be deleted (${(e as Error).message}): delete it in the dashboard (project ${j.old.projectName} → Service accounts) or run keydoctor rotate --abort`,
            'failed',
          );
      }
    }
    note(this.loc, j, 'create', `service account ${id} deleted`);
  }

  // -------------------------------------------------------------------------------------------
  // Steps 3 and 4

  /** Step 3, through set-key. A problem, or undefined. */
  async write(j: Journal, newKey: string): Promise<string | undefined> {
    const started = new Date(this.now());
    j.writeStartedAt = started.toISOString();
    saveJournal(this.loc, j);
    this.log(
      `3/6 writing the new key (set-key: ${j.sites
        .filter((s) => s.action === 'write')
        .map((s) => s.display)
        .join(', ')})`,
    );
    const input = { root: this.o.root, home: this.o.home, env: this.o.env, targets: j.targets };
    let r;
    try {
      r = await this.writer.apply(input, newKey, started);
    } catch (e) {
      const rec = this.writer.recorded(this.o.root, started, this.loc);
      j.written = rec.written;
      j.backupDir = rec.backupDir;
      return `writing the new key failed: ${(e as Error).message}`;
    }
    j.written = r.written;
    j.backupDir = r.backupDir;
    j.newTerminal = r.newTerminal;
    saveJournal(this.loc, j);
    for (const f of r.written) if (f.hashAfter) this.log(`   ${f.display}`);
    if (r.problems.length) return `writing the new key failed: ${r.problems.join('; ')}`;
    if (r.blockers.length) return `the new key cannot go everywhere: ${r.blockers.join('; ')}`;
    return undefined;
  }

  /** Step 4: every target gets the new key, and it works at each target's endpoint. A problem, or undefined. */
  async verify(j: Journal, newKey: string): Promise<string | undefined> {
    this.log("4/6 verifying: re-reading every target, then the new key live at each one's endpoint");
    // What a new terminal gets: the start-up file lines that set this shell's key now hold the new one.
    const env = { ...this.o.env };
    for (const n of j.newTerminal?.set ?? []) env[n] = newKey;
    for (const n of j.newTerminal?.unset ?? []) delete env[n];
    const d = await runDiagnosis({
      root: this.o.root,
      cwd: this.o.root,
      env,
      home: this.o.home,
      offline: true,
      checks: [],
    });
    const problems: string[] = [];
    const checked = new Map<string, Promise<string | undefined>>();
    for (const id of j.targets) {
      const t = d.targets.find((x) => x.id === id);
      if (!t) {
        problems.push(`target ${id} is gone after the change`);
        continue;
      }
      const got = t.vars[t.keyVar]?.value?.trim();
      const winner = t.vars[t.keyVar]?.winner;
      if (got !== newKey) {
        if (t.id === 'shell' && winner?.kind === 'process-env' && !winner.location) {
          this.log(
            `   ${t.label}: keeps the old key until the terminal is reopened (its environment was set before the change)`,
          );
          continue;
        }
        problems.push(
          `${t.label} still gets ${got ? maskSecret(got) : 'no key'}${winner?.location ? ` from ${winner.location.path}${winner.location.line ? `:${winner.location.line}` : ''}` : ''}`,
        );
        continue;
      }
      const s = settingsForTarget(t, d.facts.env);
      if (!s) continue;
      const settings = applyClientOptions(s, t, d.facts.code?.clients);
      if (settings.unknownEndpoint) {
        this.log(`   ${t.label}: ${settings.unknownEndpoint}; not verified live`);
        continue;
      }
      const sig = JSON.stringify([settings.baseURL ?? '', settings.organization ?? '', settings.project ?? '']);
      if (!checked.has(sig))
        checked.set(sig, this.liveCheck(newKey, settings.baseURL, settings.organization, settings.project));
      const bad = await checked.get(sig);
      if (bad) problems.push(`${t.label}: ${bad}`);
      else
        this.log(
          `   ✓ ${t.label}: gets the new key, and ${settings.baseURL ?? 'https://api.openai.com/v1'} accepts it`,
        );
    }
    return problems.length ? problems.join('; ') : undefined;
  }

  private async liveCheck(
    key: string,
    baseURL?: string,
    organization?: string,
    project?: string,
  ): Promise<string | undefined> {
    let last = '';
    // A new key can take a moment to be accepted everywhere: three tries, two seconds apart, for a 401.
    for (let i = 0; i < 3; i++) {
      const r = await verifyKey({
        key,
        baseURL,
        organization,
        project,
        probes: 'none',
        env: this.o.env,
        timeoutMs: this.o.timeoutMs ?? 10000,
      });
      if (r.status !== undefined && r.status >= 200 && r.status < 300) return undefined;
      last = r.findings[0]?.message ?? `HTTP ${r.status ?? 'no answer'}`;
      if (r.status !== 401) break;
      await this.sleep(2000);
    }
    return `the new key was not accepted: ${last}`;
  }

  /**
   * Whether the old key still exists. Going back is only safe while it does: once it is revoked (the
   * DELETE of step 6 went through and the process died before the journal said so, or someone
   * revoked it in the dashboard), restoring the files would give every target a dead key, and
   * deleting the new service account would leave none that works.
   */
  private async oldKeyState(j: Journal): Promise<'live' | 'revoked' | 'unknown'> {
    try {
      await this.client.request(
        'GET',
        `/organization/projects/${encodeURIComponent(j.old.projectId)}/api_keys/${encodeURIComponent(j.old.keyId)}`,
      );
      return 'live';
    } catch (e) {
      if (e instanceof AdminError && e.kind === 'not-found') return 'revoked';
      return 'unknown';
    }
  }

  /** Puts every written file back and deletes the service account; the reason becomes the result. */
  async rollBack(j: Journal, reason: string): Promise<RotateResult> {
    // Step 6 may have run once the new key was verified in place: the old key must still be there.
    const mayBeRevoked = j.done === 'verify' || j.done === 'grace' || j.done === 'revoke';
    const old = await this.oldKeyState(j);
    if (old === 'revoked' || (old === 'unknown' && mayBeRevoked)) {
      const newKey = mayBeRevoked ? this.recoverNewKey(j) : undefined;
      const inPlace = old === 'revoked' && newKey !== undefined && (await this.verify(j, newKey)) === undefined;
      if (inPlace) {
        j.status = 'done';
        await this.step(
          j,
          'revoke',
          'the old key was already revoked; the new key is in place and works: nothing is rolled back',
        );
        this.writer.discard(j.backupDir);
        return this.result(
          'failed',
          j,
          `not rolled back (${reason}): the old key ${j.old.keyId} is already revoked, so going back would leave every target with a dead key and delete the only one that works. The new key stays in ${j.written.map((f) => f.display).join(', ') || 'its files'}; the rotation is complete.`,
        );
      }
      j.status = 'failed';
      note(
        this.loc,
        j,
        'abort',
        `not rolled back: the old key is ${old === 'revoked' ? 'revoked' : 'in an unknown state'}; ${reason}`,
      );
      return this.result(
        'failed',
        j,
        old === 'revoked'
          ? `not rolled back (${reason}): the old key ${j.old.keyId} is revoked, so the files keep the new key and its service account is kept (going back would leave no key that works). Fix what failed, then keydoctor rotate --resume.`
          : `not rolled back (${reason}): keydoctor cannot tell whether the old key ${j.old.keyId} still exists (the Admin API did not answer), and it may have been revoked: going back could leave no key that works. Run keydoctor rotate --abort again when the Admin API answers, or --resume.`,
      );
    }
    this.log(`   rolling back: ${reason}`);
    if (!j.written.length && j.writeStartedAt) {
      // Interrupted while writing: the backup run knows what was written.
      const rec = this.writer.recorded(j.root, new Date(j.writeStartedAt), this.loc);
      j.written = rec.written;
      j.backupDir = rec.backupDir;
    }
    const problems = this.writer.restore(j.written, j.backupDir, this.loc);
    for (const f of j.written) if (f.hashAfter) this.log(`   restored ${f.display}`);
    try {
      if (j.mode === 'service-account') await this.deleteServiceAccount(j);
    } catch (e) {
      problems.push((e as Error).message);
    }
    j.status = problems.length ? 'failed' : 'aborted';
    note(this.loc, j, 'abort', `rolled back: ${reason}${problems.length ? `; problems: ${problems.join('; ')}` : ''}`);
    const what = `${reason}. ${problems.length ? `Rolled back with problems: ${problems.join('; ')}.` : `Everything is as it was: the files are restored${j.mode === 'service-account' ? ', the new service account is deleted' : ''}, and the old key was never touched.`}`;
    return this.result(problems.length ? 'failed' : 'aborted', j, what);
  }

  // -------------------------------------------------------------------------------------------
  // Step 5

  private async usedSince(
    j: Journal,
    since: number,
  ): Promise<{ lastUsed: number | null; requests: number } | undefined> {
    try {
      const k = await this.client.request<ApiProjectKey>(
        'GET',
        `/organization/projects/${encodeURIComponent(j.old.projectId)}/api_keys/${encodeURIComponent(j.old.keyId)}`,
      );
      let requests = 0;
      try {
        const buckets = await this.client.buckets<ApiBucket>('/organization/usage/completions', {
          start_time: Math.floor(since / 60000) * 60,
          bucket_width: '1m',
          api_key_ids: [j.old.keyId],
          group_by: ['api_key_id'],
          limit: 1440,
        });
        for (const b of buckets)
          for (const r of b.results ?? [])
            if (!r.api_key_id || r.api_key_id === j.old.keyId) requests += r.num_model_requests ?? 0;
      } catch {
        // usage needs api.usage.read; last_used_at alone still tells.
      }
      return { lastUsed: k.last_used_at ?? null, requests };
    } catch (e) {
      if (e instanceof AdminError && e.kind === 'not-found') return { lastUsed: null, requests: 0 };
      this.log(`   could not read the old key's use: ${(e as Error).message}`);
      return undefined;
    }
  }

  /** True when nothing used the old key during the last interval of the grace period. */
  async grace(j: Journal): Promise<boolean> {
    const total = this.o.graceMs ?? 15 * 60000;
    if (total <= 0) {
      this.log('5/6 --grace 0: not waiting for traffic to move');
      return true;
    }
    const poll = Math.max(1000, Math.min(this.o.pollMs ?? 60000, total));
    const since = (j.switchedAt ?? Math.floor(this.now() / 1000)) * 1000;
    this.log(`5/6 waiting ${fmtDuration(total)} for traffic to leave the old key (polling every ${fmtDuration(poll)})`);
    const start = this.now();
    let prev = await this.usedSince(j, since);
    let lastInterval: boolean | undefined = prev
      ? (prev.lastUsed !== null && prev.lastUsed * 1000 >= since) || prev.requests > 0
      : undefined;
    let uses = 0;
    while (this.now() - start < total) {
      await this.sleep(Math.min(poll, total - (this.now() - start)));
      const cur = await this.usedSince(j, since);
      if (cur && prev) lastInterval = (cur.lastUsed ?? 0) > (prev.lastUsed ?? 0) || cur.requests > prev.requests;
      else lastInterval = undefined;
      if (lastInterval) uses++;
      const when = cur?.lastUsed ? new Date(cur.lastUsed * 1000).toISOString().slice(11, 19) : 'never';
      this.log(
        `   ${fmtDuration(this.now() - start)} of ${fmtDuration(total)}: old key last used ${when} UTC${cur?.lastUsed && cur.lastUsed * 1000 >= since ? ' (after the switch)' : ' (before the switch)'}${lastInterval ? ': still in use' : ''}`,
      );
      if (cur) prev = cur;
    }
    if (lastInterval === undefined) {
      this.log("   the old key's use could not be read at the end of the grace period");
      return false;
    }
    if (uses) this.log(`   the old key was used in ${uses} of the polling intervals after the switch`);
    return !lastInterval;
  }

  // -------------------------------------------------------------------------------------------
  // Step 6

  async revoke(j: Journal): Promise<void> {
    const proj = `/organization/projects/${encodeURIComponent(j.old.projectId)}`;
    if (j.old.ownerType === 'service_account' && j.old.serviceAccountId) {
      const others = (
        await this.client.list<ApiProjectKey>(`${proj}/api_keys`, { owner_project_access: 'any' })
      ).filter((k) => k.owner?.service_account?.id === j.old.serviceAccountId && k.id !== j.old.keyId);
      if (others.length)
        throw new Stop(
          `the old key's service account now also has ${others.map((k) => k.id).join(', ')}; deleting it would revoke them: not revoked. Revoke it by hand when they are moved.`,
          'waiting',
        );
      this.log(`6/6 revoking the old key: deleting its service account ${j.old.serviceAccountId}`);
      await this.deleteConfirmed(
        `${proj}/service_accounts/${encodeURIComponent(j.old.serviceAccountId)}`,
        `${proj}/service_accounts/${encodeURIComponent(j.old.serviceAccountId)}`,
      );
    } else {
      this.log(`6/6 revoking the old key ${j.old.keyId}`);
      await this.deleteConfirmed(
        `${proj}/api_keys/${encodeURIComponent(j.old.keyId)}`,
        `${proj}/api_keys/${encodeURIComponent(j.old.keyId)}`,
      );
    }
  }

  private async deleteConfirmed(path: string, check: string): Promise<void> {
    try {
      await this.client.request('DELETE', path);
    } catch (e) {
      if (e instanceof AdminError && e.kind === 'not-found') return;
      if (e instanceof AdminError && e.uncertain) {
        try {
          await this.client.request('GET', check);
        } catch (e2) {
          if (e2 instanceof AdminError && e2.kind === 'not-found') return;
        }
      }
      throw new Stop(
        `revoking the old key failed: ${(e as Error).message}. The new key is in place and works; run keydoctor rotate --resume to try the revocation again.`,
        'waiting',
      );
    }
  }

  result(status: RotateStatus, journal: Journal | undefined, reason?: string): RotateResult {
    const exit = status === 'done' || status === 'planned' ? 0 : status === 'refused' ? 2 : 1;
    return {
      status,
      journal,
      reason: reason === undefined ? undefined : this.secrets.maskText(reason),
      sent: this.client.sent,
      exit,
    };
  }

  // -------------------------------------------------------------------------------------------

  /** Steps 4 (again, on resume) to 6, from a journal whose new key is in place. */
  async finish(j: Journal, newKey: string, verifyFirst: boolean): Promise<RotateResult> {
    if (verifyFirst) {
      const bad = await this.verify(j, newKey);
      if (bad) {
        if (j.done === 'write' || j.done === 'create') return this.rollBack(j, `verification failed: ${bad}`);
        j.status = 'waiting';
        note(this.loc, j, 'verify', `re-verification failed: ${bad}`);
        return this.result(
          'waiting',
          j,
          `the new key is not in place everywhere any more: ${bad}. The old key is not revoked; fix that, then keydoctor rotate --resume (or --abort to go back).`,
        );
      }
      if (j.switchedAt === undefined) j.switchedAt = Math.floor(this.now() / 1000);
      if (j.done === 'write' || j.done === 'create')
        await this.step(j, 'verify', 'every target has the new key and it works');
    }
    if (j.done !== 'grace') {
      const moved = await this.grace(j);
      if (!moved) {
        j.status = 'waiting';
        note(this.loc, j, 'grace', 'the old key is still in use');
        return this.result(
          'waiting',
          j,
          `the old key is still used by something keydoctor cannot see from here (another machine, a deployed service, CI): it is not revoked. Put the new key there (it is in ${j.written.map((f) => f.display).join(', ')}), then run keydoctor rotate --resume; or keydoctor rotate --abort to go back to the old key.`,
        );
      }
      await this.step(j, 'grace', 'no traffic on the old key');
    }
    try {
      await this.revoke(j);
    } catch (e) {
      if (e instanceof Stop) {
        j.status = 'waiting';
        note(this.loc, j, 'revoke', e.message);
        return this.result('waiting', j, e.message);
      }
      throw e;
    }
    j.status = 'done';
    await this.step(j, 'revoke', 'old key revoked');
    // The copies hold the revoked key now; and `fix --undo` must not bring it back.
    this.writer.discard(j.backupDir);
    return this.result('done', j);
  }

  /** The new key, read back from the files step 3 wrote (by its fingerprint): it is never in the journal. */
  recoverNewKey(j: Journal): string | undefined {
    if (!j.new.fingerprint) return undefined;
    for (const f of j.written) {
      let text: string;
      try {
        text = readFileSync(f.abs, 'utf8').replace(/\u0000/g, '');
      } catch {
        continue;
      }
      for (const m of text.matchAll(/sk-[A-Za-z0-9_-]{20,}/g)) if (fingerprint(m[0]) === j.new.fingerprint) return m[0];
    }
    return undefined;
  }
}

export function fmtDuration(ms: number): string {
  if (ms < 60000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3600000) return `${Math.round(ms / 6000) / 10} min`.replace('.0 ', ' ');
  return `${Math.round(ms / 360000) / 10} h`.replace('.0 ', ' ');
}

/** Parses `15m`, `90s`, `1h`, `0`, or a bare number of minutes. */
export function parseDuration(s: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?\s*$/i.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'm').toLowerCase();
  return Math.round(n * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'h' ? 3600000 : 60000));
}

/** The journal asked for; when none is usable, the Stop says which journals were left alone and why. */
function findJournal(loc: StateLocation, root: string, which: string | true, verb: 'resume' | 'abort'): Journal {
  const ignored: Array<{ id: string; reason: string }> = [];
  const j =
    which === true
      ? listJournals(loc, root, ignored).find(
          (x) => x.status === 'in-progress' || x.status === 'waiting' || x.status === 'failed',
        )
      : readJournal(loc, root, which, ignored);
  if (j) return j;
  const why = ignored.length
    ? ` (left alone, not written by keydoctor here: ${ignored.map((i) => `${visible(i.id)}: ${i.reason}`).join('; ')})`
    : '';
  throw new Stop(
    which === true
      ? `no open rotation to ${verb} in this project${why}`
      : `no rotation ${String(which)} in this project${why}`,
  );
}

export async function rotate(o: RotateOptions): Promise<RotateResult> {
  const r = new Rotation(o);
  try {
    return await run(r, o);
  } catch (e) {
    if (e instanceof Stop) return r.result(e.status, undefined, e.message);
    if (e instanceof AdminError)
      return r.result(
        e.kind === 'auth' || e.kind === 'permission' ? 'refused' : 'failed',
        undefined,
        `the Admin API refused: ${e.message}${e.kind === 'permission' ? ' (rotate needs an admin key with the Admin API write permission, api.management.write)' : ''}`,
      );
    throw e;
  } finally {
    await r.client.close();
  }
}

async function run(r: Rotation, o: RotateOptions): Promise<RotateResult> {
  if (o.abort !== undefined) return abort(r, o);
  if (o.resume !== undefined) return resume(r, o);
  const open = openJournal(r.loc, o.root);
  if (open && (o.yes || o.manual) && !o.dryRun)
    throw new Stop(
      `rotation ${open.id} of ${open.target.id} is still open (${open.status}, last step done: ${open.done ?? 'none'}): run keydoctor rotate --resume or --abort first`,
    );
  const plan = await r.preflight();
  const name = serviceAccountName(plan.target.id, new Date(r.now()));
  r.printPlan(plan, name, o.manual !== undefined);
  if (plan.blockers.length) return r.result('refused', undefined, plan.blockers.join('; '));
  if (o.dryRun || (!o.yes && !o.manual)) {
    r.log('');
    r.log(
      o.dryRun
        ? 'Dry run: nothing was created, written or deleted.'
        : 'Nothing was changed. Run again with --yes to rotate.',
    );
    return r.result('planned', undefined);
  }
  const j = r.newJournal(plan, o.manual ? 'manual' : 'service-account', o.manual ? undefined : name);
  const places = j.sites.filter((s) => s.action === 'write').length;
  await r.step(
    j,
    'preflight',
    `old key ${j.old.keyId} in ${j.old.projectId}, ${places} ${places === 1 ? 'file' : 'files'} to write`,
  );
  let newKey: string;
  if (o.manual) {
    r.log(
      `2/6 --manual: create a key in project ${j.old.projectName} at https://platform.openai.com/api-keys (owned by you, or a service account), then paste it`,
    );
    const pasted = (await o.manual())?.trim();
    const c = classifyCredential(pasted ?? '');
    if (!pasted || !isOpenAIKind(c.kind) || c.kind === 'openai-admin' || pasted === plan.oldKey) {
      j.status = 'aborted';
      note(r.loc, j, 'abort', 'no usable new key was given');
      return r.result(
        'aborted',
        j,
        pasted === plan.oldKey
          ? 'that is the old key: nothing was changed'
          : 'no usable new OpenAI key was given: nothing was changed',
      );
    }
    r.secrets.add(pasted);
    newKey = pasted;
    j.new.fingerprint = fingerprint(pasted);
    await r.step(j, 'create', `new key pasted (${j.new.fingerprint})`);
  } else {
    newKey = await r.createServiceAccount(j);
  }
  const bad = await r.write(j, newKey);
  if (bad) return r.rollBack(j, bad);
  await r.step(j, 'write', `${j.written.filter((f) => f.hashAfter).length} files written`);
  return r.finish(j, newKey, true);
}

async function resume(r: Rotation, o: RotateOptions): Promise<RotateResult> {
  const j = findJournal(r.loc, o.root, o.resume as string | true, 'resume');
  if (j.status === 'done' || j.status === 'aborted')
    throw new Stop(`rotation ${j.id} is ${j.status}: nothing to resume`);
  r.log(`resuming rotation ${j.id} of ${j.target.id} (last step done: ${j.done ?? 'none'})`);
  note(r.loc, j, 'resume', `resumed at ${j.done ?? 'start'}`);
  j.status = 'in-progress';
  if (!j.done || j.done === 'preflight') {
    // Interrupted while the service account was being made: its key is lost with the process.
    return r.rollBack(j, 'the rotation was interrupted before the new key was stored');
  }
  const newKey = r.recoverNewKey(j);
  if (!newKey)
    return r.rollBack(
      j,
      j.done === 'create'
        ? 'the rotation was interrupted before the new key was written, and a key is only given once'
        : 'the new key is no longer in the files it was written to',
    );
  r.secrets.add(newKey);
  return r.finish(j, newKey, true);
}

async function abort(r: Rotation, o: RotateOptions): Promise<RotateResult> {
  const j = findJournal(r.loc, o.root, o.abort as string | true, 'abort');
  if (j.status === 'done')
    throw new Stop(`rotation ${j.id} is done: the old key is revoked, there is nothing to go back to`);
  if (j.status === 'aborted') throw new Stop(`rotation ${j.id} is already aborted`);
  r.log(`aborting rotation ${j.id} of ${j.target.id} (last step done: ${j.done ?? 'none'})`);
  // The old key is still valid (step 6 has not run): the original files are what the targets need.
  return r.rollBack(j, 'aborted on request');
}

export { listJournals };
