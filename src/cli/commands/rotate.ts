import { defineCommand } from '../command.js';
import { COMMON, projectRoot, type OptionTable } from '../args.js';
import { UsageError, parseTimeout } from '../io.js';
import { ADMIN_KEY_HELP, readAdminKey } from '../admin-key.js';
import { parseDuration, rotate, fmtDuration } from '../../rotate/run.js';
import { SecretSet } from '../../keys/mask.js';
import { transportRefusal } from '../../live/trust.js';

const OPTIONS = {
  target: { type: 'string', flag: '--target ID', help: 'the target whose key is rotated (see keydoctor doctor)' },
  yes: { type: 'boolean', help: 'do it (without it: the plan only)' },
  'dry-run': { type: 'boolean', help: 'every step and request, masked, without sending a write' },
  manual: {
    type: 'boolean',
    help: [
      'you make the new key in the dashboard and paste it (standard input, or a hidden',
      'prompt); keydoctor does steps 3 to 6 (for keeping user keys)',
    ],
  },
  grace: {
    type: 'string',
    flag: '--grace DURATION',
    help: 'how long to watch the old key before revoking it (default 15m; 0 skips)',
  },
  poll: { type: 'string', flag: '--poll DURATION', help: 'how often to look during the grace period (default 1m)' },
  resume: {
    type: 'string',
    byHand: true,
    flag: '--resume [ID]',
    help: 'go on with an interrupted rotation (the open one, or ID)',
  },
  abort: { type: 'string', byHand: true, flag: '--abort [ID]', help: 'roll an unfinished rotation back' },
  'base-url': { type: 'string', flag: '--base-url URL', help: 'the Admin API (default https://api.openai.com/v1)' },
  'admin-key-stdin': {
    type: 'boolean',
    help: [
      'read the admin key from the first line of standard input (with --manual the',
      'new key is the second line)',
    ],
  },
  timeout: { type: 'string', flag: '--timeout MS', help: 'timeout per request (default 30000)' },
  verbose: { type: 'boolean', help: 'one line per Admin API request on stderr (keys masked)' },
  help: COMMON.help,
} as const satisfies OptionTable;

const USAGE = {
  head: `Usage: keydoctor rotate [DIR] [options]

Replaces the key a run target uses (--target ID, or the doctor's first target with an OpenAI key)
with a new service-account key of the same project, everywhere the old key is set, then revokes the
old key. It shows the plan first and changes nothing without --yes:

  1. preflight: the admin key lists the organization; the old key's entry, project and owner are found
  2. create a service account keydoctor-<target>-<date>-<nonce> (POST .../service_accounts): its key
     is held in memory only; if a later step fails before the key is in place, the account is deleted
  3. write the new key into every source of every target that used the old one (.env files, shell
     start-up files, ...; backups first, atomic writes; never into code or files git tracks)
  4. verify: every target now gets the new key, and the API accepts it at each target's endpoint;
     otherwise every file is put back and the service account deleted (the old key still works)
  5. wait --grace (default 15m) while polling the old key's last_used_at and per-minute usage; if
     something still uses it, stop without revoking (fix that, then --resume)
  6. revoke: a user's key with DELETE .../api_keys/{id}, a service account's key by deleting its
     service account

${ADMIN_KEY_HELP} It needs the Admin API's write permission
(api.management.write) for steps 2 and 6, and api.usage.read for the usage half of step 5.

A journal under .keydoctor/rotations/ (0700; ids and fingerprints, never a key) lets an interrupted
rotation go on (--resume) or go back (--abort: files restored, the new service account deleted).

`,
  column: 23,
  tail: `Exit status: 0 rotated (or the plan shown), 1 not finished (rolled back, or waiting: see the message),
2 refused before anything changed, or bad arguments.
`,
};

export const command = defineCommand({
  name: 'rotate',
  options: OPTIONS,
  usage: USAGE,
  // --resume / --abort take an optional id: parseArgs has no optional values, so take it by hand.
  take(argv) {
    const args = [...argv];
    let resume: string | true | undefined;
    let abort: string | true | undefined;
    for (const flag of ['--resume', '--abort'] as const) {
      const at = args.indexOf(flag);
      if (at < 0) continue;
      const next = args[at + 1];
      const id = next !== undefined && /^\d{8}T\d{6}Z-[a-z0-9-]+$/.test(next) ? next : undefined;
      args.splice(at, id ? 2 : 1);
      if (flag === '--resume') resume = id ?? true;
      else abort = id ?? true;
    }
    return { argv: args, taken: { resume, abort } };
  },
  async run({ values, positionals, taken: { resume, abort } }, io) {
    if (resume !== undefined && abort !== undefined) throw new UsageError('--resume and --abort exclude each other');
    if ((resume !== undefined || abort !== undefined) && (values.manual || values.target))
      throw new UsageError('--resume / --abort continue a recorded rotation: --target and --manual do not apply');
    const root = projectRoot(io, positionals, 'keys are never arguments: use OPENAI_ADMIN_KEY or --admin-key-stdin');
    const graceMs = values.grace === undefined ? 15 * 60000 : parseDuration(values.grace);
    if (graceMs === undefined)
      throw new UsageError(`--grace takes a duration such as 15m, 90s, 1h or 0 (got ${values.grace})`);
    const pollMs = values.poll === undefined ? 60000 : parseDuration(values.poll);
    if (pollMs === undefined || pollMs < 1000)
      throw new UsageError(`--poll takes a duration of at least 1s (got ${values.poll})`);
    // Checked before the admin key is even read: it never crosses a network in clear text.
    const refused = values['base-url'] === undefined ? undefined : transportRefusal(values['base-url']);
    if (refused)
      throw new UsageError(`--base-url: ${refused}; the admin key goes only over https (or to this machine)`);
    const timeoutMs = parseTimeout(values.timeout, 30000);
    const admin = await readAdminKey(io, values['admin-key-stdin'] === true);
    const mask = new SecretSet();
    mask.add(admin.key);
    let manual: (() => Promise<string | undefined>) | undefined;
    if (values.manual) {
      manual = async () => {
        let rest = admin.rest;
        if (rest === undefined) rest = values['admin-key-stdin'] ? '' : await io.readStdin();
        const line = rest.split(/\r?\n/)[0]?.trim();
        if (line) return line;
        return io.prompt ? (await io.prompt('New key (input hidden): ', { hidden: true }))?.trim() : undefined;
      };
    }
    const debug = values.verbose ? (line: string) => io.stderr(`${mask.maskText(line)}\n`) : undefined;
    const r = await rotate({
      root,
      env: io.env,
      home: io.env.HOME,
      adminKey: admin.key,
      adminBaseURL: values['base-url'],
      targetId: values.target,
      yes: values.yes,
      dryRun: values['dry-run'],
      manual,
      graceMs,
      pollMs,
      resume,
      abort,
      timeoutMs,
      client: { debug },
      log: (line) => io.stdout(`${line}\n`),
    });
    if (values['dry-run']) {
      io.stdout('\nRequests sent (reads only):\n');
      for (const s of r.sent) io.stdout(`  ${s.method} ${s.path} → ${s.status ?? 'no answer'}\n`);
    }
    if (r.status === 'done')
      io.stdout(
        `\nRotated: ${r.journal?.target.label ?? ''} uses the new key ${r.journal?.new.fingerprint ?? ''}, and the old key ${r.journal?.old.keyId ?? ''} is revoked.${r.journal && r.journal.events.length ? ` Journal: .keydoctor/rotations/${r.journal.id}.json` : ''}\n`,
      );
    else if (r.reason)
      io.stdout(
        `\n${r.status === 'waiting' ? 'Waiting' : r.status === 'aborted' ? 'Rolled back' : r.status === 'failed' ? 'Failed' : 'Not rotated'}: ${r.reason}\n${r.journal ? `Journal: .keydoctor/rotations/${r.journal.id}.json\n` : ''}`,
      );
    if (graceMs > 0 && r.status === 'planned')
      io.stdout(`(step 5 would wait ${fmtDuration(graceMs)}; --grace 0 skips it)\n`);
    return r.exit;
  },
});
