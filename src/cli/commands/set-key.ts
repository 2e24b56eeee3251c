import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { defineCommand } from '../command.js';
import { COMMON, projectRoot, type OptionTable } from '../args.js';
import { UsageError, parseFormat, parseTimeout, splitList, useColor } from '../io.js';
import { classifyCredential } from '../../keys/classify.js';
import { applySetKey, checkNewKey, planSetKey, verifyNewKey, type KeyVerification } from '../../fix/set-key.js';
import { renderSetKeyPlan, renderSetKeyResult, setKeyJson, style } from '../../fix/render.js';

const OPTIONS = {
  'from-env': { type: 'string', flag: '--from-env NAME', help: 'read the new key from this environment variable' },
  name: { type: 'string', flag: '--name VAR', help: "the variable to set (default: each target's key variable)" },
  target: {
    type: 'string',
    multiple: true,
    flag: '--target ID,...',
    help: 'only these targets (ids as in keydoctor --format json)',
  },
  offline: { type: 'boolean', help: 'do not verify the new key first' },
  yes: {
    type: 'boolean',
    short: 'y',
    flag: '-y, --yes',
    help: 'write without asking (without it: the plan only; a terminal asks)',
  },
  format: { type: 'string', default: 'text', flag: '--format text|json', help: 'output format (default text)' },
  'no-backup': { type: 'boolean', help: 'do not keep backups' },
  timeout: { type: 'string', flag: '--timeout MS', help: 'timeout of the verification request (default 10000)' },
  'no-color': COMMON['no-color'],
  help: COMMON.help,
} as const satisfies OptionTable;

const USAGE = {
  head: `Usage: keydoctor set-key [DIR] [options]

Puts a new key where every run target of the project gets it, and makes the sources that lose agree.
The key comes from standard input (\`pbpaste | keydoctor set-key\`), a hidden prompt on a terminal,
or --from-env NAME; never from an argument (it would stay in your shell history).

It is checked first (whitespace, quotes, invisible characters, placeholder, format, provider) and,
unless --offline, verified against each target's endpoint before anything is written. For each
target, the source that wins today is written, and so are the sources that lose but hold another
key (a stale export in ~/.zshrc, an old line in .env); a compose environment: literal becomes
\${NAME}. For sources outside the project (Vercel, GitHub Actions secrets, a Kubernetes Secret in the
cluster, fly.io) it prints the exact command, which reads the key from standard input without
showing it. Keys go only into git-ignored files and HOME start-up files outside any repository.
Files are written like keydoctor fix writes them (atomically, backed up; keydoctor fix --undo
restores them), then the doctor runs again and shows each target's key by fingerprint.

`,
  column: 25,
  tail: `Exit status: 0 every target now gets the new key; 1 a plan only (not written), or some targets get
it only after the commands printed; 2 the key was refused (check or verification), a file could not
be written, or a usage error.
`,
};

export const command = defineCommand({
  name: 'set-key',
  options: OPTIONS,
  usage: USAGE,
  async run({ values, positionals }, io) {
    // A key given as an argument is already in the shell history: refuse it, and say so (masked by main).
    const keyish = positionals.find(
      (p) =>
        /^sk-|^gsk_|^AIza|^xai-|^hf_/.test(p) ||
        (classifyCredential(p).provider !== undefined && !existsSync(resolve(io.cwd, p))),
    );
    if (keyish)
      throw new UsageError(
        `never pass the key as an argument (it is now in your shell history: consider it exposed): pipe it in (\`pbpaste | keydoctor set-key\`), paste it at the prompt, or use --from-env NAME. Got ${keyish}`,
      );
    const fmt = parseFormat(values.format, ['text', 'json'] as const);
    const root = projectRoot(io, positionals);
    const timeoutMs = parseTimeout(values.timeout);
    if (values.name !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(values.name))
      throw new UsageError(`--name takes a variable name (got ${values.name})`);
    const s = style(fmt === 'text' && useColor(io, values['no-color']));

    // The value: --from-env, a hidden prompt on a terminal, or standard input.
    let raw: string | undefined;
    if (values['from-env'] !== undefined) {
      raw = io.env[values['from-env']];
      if (raw === undefined || raw === '')
        throw new UsageError(`--from-env ${values['from-env']}: that variable is not set`);
    } else if (io.stdinIsTTY && io.prompt) {
      raw = await io.prompt('New key (input hidden): ', { hidden: true });
      if (raw === undefined) throw new UsageError('no key given');
    } else raw = await io.readStdin();
    if (!raw)
      throw new UsageError(
        'no key on standard input: pipe it in (`pbpaste | keydoctor set-key`), run in a terminal to be asked, or use --from-env NAME',
      );

    const check = checkNewKey(raw);
    if (!check.ok) {
      const msg = `The new key ${check.masked} is not written: ${check.problems.join('; ')}.\n`;
      if (fmt === 'json')
        io.stdout(
          JSON.stringify(
            {
              command: 'set-key',
              key: { masked: check.masked, fingerprint: check.fingerprint },
              refused: check.problems,
            },
            null,
            2,
          ) + '\n',
        );
      else io.stdout(s.red(msg));
      return 2;
    }
    const plan = await planSetKey({
      root,
      cwd: root,
      home: io.env.HOME,
      env: io.env,
      key: check.key,
      name: values.name,
      targets: splitList(values.target),
    });
    let verification: KeyVerification[] | undefined;
    if (!values.offline) {
      verification = await verifyNewKey(plan, { timeoutMs });
      if (verification.some((v) => !v.ok && !v.skipped)) {
        if (fmt === 'json') io.stdout(JSON.stringify(setKeyJson(plan, verification), null, 2) + '\n');
        else
          io.stdout(
            renderSetKeyPlan(plan, s, verification) + '\n' + s.red('The API refused the new key: nothing written.\n'),
          );
        return 2;
      }
    }
    if (plan.targets.length === 0) {
      const msg = 'No run target of this project reads a key keydoctor could set (keydoctor doctor lists the targets).';
      if (fmt === 'json')
        io.stdout(JSON.stringify({ ...setKeyJson(plan, verification), message: msg }, null, 2) + '\n');
      else io.stdout(msg + '\n');
      return 1;
    }
    if (fmt === 'text') io.stdout(renderSetKeyPlan(plan, s, verification) + '\n');
    let go = values.yes === true;
    if (!go && fmt === 'text' && io.isTTY && io.stdinIsTTY && io.prompt && plan.plan.files.length) {
      const a = await io.prompt(
        `Write ${plan.plan.files.length === 1 ? 'this file' : `these ${plan.plan.files.length} files`}? [y/N] `,
      );
      go = /^y(es)?$/i.test((a ?? '').trim());
    }
    if (!go) {
      if (fmt === 'json') io.stdout(JSON.stringify(setKeyJson(plan, verification), null, 2) + '\n');
      else
        io.stdout(
          plan.plan.files.length
            ? `Nothing written (a plan). Run again with ${s.bold('--yes')} to write it.\n`
            : 'No file to write.\n',
        );
      return plan.plan.files.length || plan.commands.length ? 1 : 0;
    }
    const r = await applySetKey(plan, { backup: !values['no-backup'] });
    if (fmt === 'json') io.stdout(JSON.stringify(setKeyJson(plan, verification, r), null, 2) + '\n');
    else io.stdout(renderSetKeyResult(plan, r, s));
    if (r.problems.length) return 2;
    return r.targets.every((t) => t.ok) && r.commands.length === 0 ? 0 : 1;
  },
});
