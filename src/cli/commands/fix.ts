import { defineCommand } from '../command.js';
import { COMMON, projectRoot, type OptionTable } from '../args.js';
import { UsageError, parseFormat, splitList, useColor } from '../io.js';
import { ALL_META } from '../../checks/registry.js';
import { runFix, MAX_PASSES } from '../../fix/engine.js';
import { renderPlan, renderSummary, fixJsonDoc, style } from '../../fix/render.js';
import { undoLastRun } from '../../fix/backup.js';
import { FIXABLE_IDS } from '../../fix/fixers/index.js';
import { visible } from '../../keys/mask.js';

const OPTIONS = {
  yes: { type: 'boolean', short: 'y', flag: '-y, --yes', help: 'write the fixes without asking' },
  unsafe: { type: 'boolean', help: 'also apply the fixes marked unsafe' },
  only: { type: 'string', multiple: true, flag: '--only ID,...', help: 'fix only these finding ids' },
  ignore: { type: 'string', multiple: true, flag: '--ignore ID,...', help: 'fix all but these finding ids' },
  live: { type: 'boolean', help: 'run the doctor with live verification (default: offline)' },
  format: { type: 'string', default: 'text', flag: '--format text|json', help: 'output format (default text)' },
  'no-backup': { type: 'boolean', help: 'do not keep backups (--undo cannot restore that run)' },
  undo: { type: 'boolean', help: 'restore the files the last keydoctor fix run changed, exactly' },
  'no-color': COMMON['no-color'],
  help: COMMON.help,
} as const satisfies OptionTable;

const USAGE = {
  head: `Usage: keydoctor fix [DIR] [options]

Runs the doctor (offline unless --live) and repairs what it found, file by file. Without --yes it
only shows the changes as a diff (keys masked); on a terminal it asks before writing.

Safe fixes (applied by --yes): quotes, whitespace, a CR, a BOM, invisible characters or "Bearer "
around a key in a dotenv file; a UTF-16 .env saved as UTF-8; the .env added to .gitignore;
KEY : value written as KEY=value; a Kubernetes Secret re-encoded without its trailing newline; an
env_file: path pointed at the file that exists under another name.
Unsafe fixes (only with --unsafe, each explained in the diff): a variable renamed so code and config
agree; load_dotenv() / import 'dotenv/config' moved above the client; override=True added; a stale
export in a shell start-up file commented out; a retired model replaced.

Every file is written atomically (temporary file, fsync, rename), keeping its encoding, BOM, line
endings, final newline, mode and owner; a symlink is written at its target. A file that changed
since the plan was made is not written. Backups go to .keydoctor/backups/<time>/ (git-ignored).
The doctor runs again after each pass until nothing is left to fix (at most ${MAX_PASSES} passes).

`,
  column: 25,
  tail: `Exit status: 0 nothing left to fix and no error found; 1 fixes not written yet (a dry run) or errors
the doctor still reports; 2 a file could not be written (read-only, disk full, changed since the
plan) or nothing to undo, or a usage error.

Finding ids with an automatic fix: ${FIXABLE_IDS.join(', ')}.
`,
};

export const command = defineCommand({
  name: 'fix',
  options: OPTIONS,
  usage: USAGE,
  async run({ values, positionals }, io) {
    const fmt = parseFormat(values.format, ['text', 'json'] as const);
    const root = projectRoot(io, positionals);
    const s = style(fmt === 'text' && useColor(io, values['no-color']));

    if (values.undo) {
      if (values.yes || values.unsafe || values.only || values.ignore)
        throw new UsageError('--undo takes no other fix options');
      const u = undoLastRun(root, { home: io.env.HOME, env: io.env });
      if (fmt === 'text')
        for (const i of u.ignored ?? [])
          io.stdout(
            s.dim(
              `not a keydoctor run of this project, left alone: .keydoctor/backups/${visible(i.name)} (${i.reason})\n`,
            ),
          );
      if (fmt === 'json') {
        io.stdout(JSON.stringify({ command: 'fix --undo', root, ...u }, null, 2) + '\n');
      } else if (!u.run) io.stdout('Nothing to undo: no keydoctor fix run with backups in this project.\n');
      else {
        for (const d of u.restored) io.stdout(`${s.green('restored')} ${d}\n`);
        for (const d of u.deleted) io.stdout(`${s.green('deleted')}  ${d} (keydoctor had created it)\n`);
        for (const d of u.unchanged) io.stdout(s.dim(`already as before: ${d}\n`));
        for (const p of u.problems)
          io.stdout(
            `${s.red('not restored')} ${p.display}: ${p.message}${p.backup ? ` (the original is kept, encrypted to you, in ${p.backup}: put back what keydoctor wrote, or remove your change, and run --undo again)` : ''}\n`,
          );
        io.stdout(
          u.problems.length ? `Run ${u.run} is only partly undone.\n` : `Undid the keydoctor fix run of ${u.run}.\n`,
        );
      }
      return !u.run || u.problems.length ? 2 : 0;
    }

    const only = splitList(values.only);
    const ignore = splitList(values.ignore);
    const known = new Set(ALL_META.map((m) => m.id));
    const unknown = [...only, ...ignore].filter((id) => !known.has(id));
    if (unknown.length) throw new UsageError(`unknown finding id: ${unknown.join(', ')} (see keydoctor --list-checks)`);

    const interactive = !values.yes && fmt === 'text' && io.isTTY && io.prompt !== undefined;
    let shown = 0;
    const result = await runFix({
      root,
      cwd: root,
      env: io.env,
      home: io.env.HOME,
      live: values.live,
      only,
      ignore,
      unsafe: values.unsafe,
      write: values.yes === true,
      backup: !values['no-backup'],
      confirm: interactive
        ? async (plan, secrets) => {
            io.stdout(renderPlan(plan, secrets, s) + '\n');
            shown = plan.pass;
            const a = await io.prompt?.(`Write ${plan.fixes.length === 1 ? 'this change' : 'these changes'}? [y/N] `);
            return /^y(es)?$/i.test((a ?? '').trim());
          }
        : undefined,
      onPass: (rep, secrets) => {
        if (fmt !== 'text' || shown === rep.plan.pass) return;
        io.stdout(renderPlan(rep.plan, secrets, s) + '\n');
      },
    });
    if (fmt === 'json') io.stdout(JSON.stringify(fixJsonDoc(result, root), null, 2) + '\n');
    else {
      const dir = positionals[0] && positionals[0] !== '.' ? ` ${positionals[0]}` : '';
      io.stdout(renderSummary(result, s, { rerun: `keydoctor fix --yes${values.unsafe ? ' --unsafe' : ''}${dir}` }));
    }
    if (result.problems.length) return 2;
    if (result.dryRun)
      return result.passes[0]?.plan.fixes.length
        ? 1
        : result.remaining.some((f) => (f.severity ?? ALL_META.find((m) => m.id === f.id)?.severity) === 'error')
          ? 1
          : 0;
    return result.remaining.some((f) => (f.severity ?? ALL_META.find((m) => m.id === f.id)?.severity) === 'error')
      ? 1
      : 0;
  },
});
