import { defineCommand } from '../command.js';
import { COMMON, projectRoot, type OptionTable } from '../args.js';
import { UsageError, parseFormat, parseTimeout, useColor } from '../io.js';
import { ADMIN_KEY_HELP, readAdminKey } from '../admin-key.js';
import { runKeys } from '../../admin/keys.js';
import { AdminError } from '../../admin/client.js';
import { exitCode } from '../../report/report.js';
import { formatInventory, type InventoryFormat } from '../../report/formatters/inventory.js';
import { SecretSet } from '../../keys/mask.js';
import { transportRefusal } from '../../live/trust.js';

const OPTIONS = {
  'base-url': { type: 'string', flag: '--base-url URL', help: 'the Admin API (default https://api.openai.com/v1)' },
  'admin-key-stdin': { type: 'boolean', help: 'read the admin key from the first line of standard input' },
  usage: { type: 'boolean', help: 'tokens, requests and cost per key over the last 7 days' },
  'unused-days': { type: 'string', flag: '--unused-days N', help: 'key-unused after N days without use (default 90)' },
  'no-verify': { type: 'boolean', help: 'do not verify the local keys live' },
  format: {
    type: 'string',
    default: 'text',
    flag: '--format text|json|markdown|csv',
    help: 'output format (default text)',
  },
  timeout: { type: 'string', flag: '--timeout MS', help: 'timeout per request (default 30000)' },
  verbose: { type: 'boolean', help: 'one line per Admin API request on stderr (the key masked)' },
  'no-color': COMMON['no-color'],
  help: COMMON.help,
} as const satisfies OptionTable;

const USAGE = {
  head: `Usage: keydoctor keys [DIR] [options]

The organization's key inventory, joined with this machine and project: every project (archived ones
too), each project's API keys (owner_project_access=any, so keys whose owner lost access are listed),
service accounts and admin keys, with name, owner, created and last-used times; each key keydoctor
finds here (every source of every run target, as the doctor sees them) matched to its dashboard entry
by its first 8 and last 4 characters and its length, told apart by project. Findings:
key-not-in-dashboard, key-in-archived-project, key-owner-inactive, key-unused.

${ADMIN_KEY_HELP} It needs the Admin API's read permission
(api.management.read; api.usage.read too for --usage).

Sends: GET requests only, to the Admin API (--base-url): /organization/projects?include_archived=true,
/organization/projects/{id}/api_keys?owner_project_access=any, .../service_accounts,
/organization/admin_api_keys, and with --usage /organization/usage/completions and /organization/costs
(group_by=api_key_id, the last 7 days), every list to its last page, waiting out 429s as Retry-After
says. The local keys go only where the doctor sends them: each target's own endpoint, to verify them
(--no-verify: not at all).

`,
  column: 32,
  tail: `Exit status: 0 no error finding, 1 an error finding (a local key that is deleted or in an archived
project), 2 keydoctor could not run (no admin key, the Admin API refused it, bad arguments).
`,
};

export const command = defineCommand({
  name: 'keys',
  options: OPTIONS,
  usage: USAGE,
  async run({ values, positionals }, io) {
    const fmt = parseFormat<InventoryFormat>(values.format, ['text', 'json', 'markdown', 'csv']);
    const root = projectRoot(
      io,
      positionals,
      'the admin key is never an argument: use OPENAI_ADMIN_KEY or --admin-key-stdin',
    );
    let unusedDays = 90;
    if (values['unused-days'] !== undefined) {
      unusedDays = Number(values['unused-days']);
      if (!Number.isInteger(unusedDays) || unusedDays < 1)
        throw new UsageError(`--unused-days takes a whole number of days (got ${values['unused-days']})`);
    }
    // Checked before the admin key is even read: it never crosses a network in clear text.
    const refused = values['base-url'] === undefined ? undefined : transportRefusal(values['base-url']);
    if (refused)
      throw new UsageError(`--base-url: ${refused}; the admin key goes only over https (or to this machine)`);
    const timeoutMs = parseTimeout(values.timeout, 30000);
    const admin = await readAdminKey(io, values['admin-key-stdin'] === true);
    const mask = new SecretSet();
    mask.add(admin.key);
    const debug = values.verbose ? (line: string) => io.stderr(`${mask.maskText(line)}\n`) : undefined;
    let r;
    try {
      r = await runKeys({
        root,
        env: io.env,
        home: io.env.HOME,
        adminKey: admin.key,
        baseURL: values['base-url'],
        usage: values.usage,
        unusedDays,
        verify: !values['no-verify'],
        timeoutMs,
        client: { debug },
      });
    } catch (e) {
      if (e instanceof AdminError) {
        const hint =
          e.kind === 'auth'
            ? ' (the admin key from ' + admin.source + ' is wrong, revoked or of another organization)'
            : e.kind === 'permission'
              ? ' (an admin key with the Admin API read permission is needed)'
              : '';
        io.stderr(`keydoctor keys: the Admin API refused the inventory: ${mask.maskText(e.message)}${hint}\n`);
        return 2;
      }
      throw e;
    }
    io.stdout(formatInventory(r.report, fmt, useColor(io, values['no-color'])));
    return exitCode(r.report);
  },
});
