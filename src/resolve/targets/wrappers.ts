/**
 * Secret-manager wrappers and decrypting loaders as parts of a target's start-up: `op run`
 * (1Password: resolves `op://` references in its env files and the environment), `doppler run`,
 * `infisical run`, `aws-vault exec`, `chamber exec`, `sops exec-env` (the values come from outside
 * keydoctor's sight), and dotenvx (`dotenvx run`, `dotenvx.config()`), which decrypts
 * `encrypted:` values with `.env.keys` or `DOTENV_PRIVATE_KEY`. A value such a tool replaces is
 * marked dynamic: the text in the file is not what the app gets.
 */
import type { Facts } from '../../core/facts.js';
import type { Assignment } from '../../core/types.js';
import type { Launch, Wrapper } from '../../collect/launch/types.js';
import type { LoadStep } from '../engine.js';
import { fileExists, fileStep } from '../sources.js';
import { joinRel } from '../../core/paths.js';
import { pushAll } from '../../core/arrays.js';

/** The secret references and encrypted values keydoctor knows, with the tool that resolves each. */
export const SECRET_REFERENCES: Array<{ re: RegExp; kind: string; tool: string; resolvedBy: Set<string> }> = [
  {
    re: /^op:\/\/[^/\s]+\/[^/\s]+\//,
    kind: 'a 1Password secret reference',
    tool: 'op run',
    resolvedBy: new Set(['op']),
  },
  {
    re: /^encrypted:[A-Za-z0-9+/=]{16,}/,
    kind: 'a dotenvx encrypted value',
    tool: 'dotenvx run',
    resolvedBy: new Set(['dotenvx']),
  },
  { re: /^ENC\[AES256_GCM,/, kind: 'a SOPS-encrypted value', tool: 'sops exec-env', resolvedBy: new Set(['sops']) },
];

export function secretReference(value: string | undefined): (typeof SECRET_REFERENCES)[number] | undefined {
  if (!value) return undefined;
  return SECRET_REFERENCES.find((r) => r.re.test(value.trim()));
}

const NAMES: Record<string, string> = {
  op: '1Password (op run)',
  doppler: 'Doppler (doppler run)',
  infisical: 'Infisical (infisical run)',
  'aws-vault': 'aws-vault exec',
  chamber: 'chamber exec (AWS SSM)',
  sops: 'sops exec-env',
};

export function isSecretWrapper(w: Wrapper): boolean {
  return w.secrets === true;
}

/** The steps a secret-manager wrapper adds, and the phrase for the target's loading line. */
export function secretWrapperSteps(
  facts: Facts,
  w: Wrapper,
  cwd: string,
): { steps: LoadStep[]; text: string; external: string } {
  const name = NAMES[w.tool] ?? w.tool;
  const steps: LoadStep[] = [];
  if (w.tool === 'op' || w.tool === 'sops') {
    // op run: the env file's values replace the environment's (its references resolved); sops: the decrypted file
    for (const f of w.files)
      steps.push(fileStep(facts, joinRel(cwd, f), 'dotenv', 'override', name, { environment: true }));
  }
  const files = w.files.length ? ` with ${w.files.join(', ')}` : '';
  const external = `${w.text.trim() || name}: values from ${name.replace(/ \(.*\)$/, '')} that keydoctor cannot see`;
  return { steps, text: `${name}${files} (the secret manager's values; keydoctor cannot see them)`, external };
}

/** The tools among a target's wrappers and loaders that resolve references. */
export function resolvingTools(wrappers: Wrapper[], loaders: string[] = []): Set<string> {
  const out = new Set<string>();
  for (const w of wrappers) out.add(w.tool);
  for (const l of loaders) if (l === 'dotenvx') out.add('dotenvx');
  return out;
}

/** Marks the values the target's tools resolve (an `op://` reference under `op run`, `encrypted:` under dotenvx) as computed at start-up. */
export function markResolved(steps: LoadStep[], tools: Set<string>): void {
  if (tools.size === 0) return;
  for (const s of steps) {
    s.assignments = s.assignments.map((a): Assignment => {
      const ref = secretReference(a.value);
      if (!ref || ![...ref.resolvedBy].some((t) => tools.has(t))) return a;
      return {
        ...a,
        dynamic: true,
        detail: `${a.detail ?? a.location?.path ?? a.kind} (${ref.kind}, resolved by ${ref.tool} when the app starts)`,
      };
    });
  }
}

/** dotenv-cli `-c env` / dotenvx `--convention=nextjs` file lists. */
function cascadeFiles(env: string): string[] {
  return env
    ? [`.env.${env}.local`, ...(env === 'test' ? [] : ['.env.local']), `.env.${env}`, '.env']
    : ['.env.local', '.env'];
}

const DOTENV_WRAPPERS = new Set<Wrapper['tool']>(['dotenv-cli', 'dotenvx', 'env-cmd']);

/** dotenv-cli, dotenvx run, env-cmd: their files (with dotenv-cli's `-c` cascade and dotenvx's Next.js convention). */
function dotenvWrapperSteps(facts: Facts, w: Wrapper, cwd: string): { steps: LoadStep[]; text: string } {
  const nodeEnv = facts.env.NODE_ENV ?? 'development';
  const files =
    w.cascade !== undefined
      ? [...cascadeFiles(w.cascade), ...w.files.filter((f) => f !== '.env')]
      : w.convention === 'nextjs'
        ? cascadeFiles(nodeEnv)
        : w.files;
  const name = w.tool === 'dotenv-cli' ? 'dotenv-cli' : w.tool === 'dotenvx' ? 'dotenvx run' : 'env-cmd';
  const steps = files.map((f) =>
    fileStep(
      facts,
      joinRel(cwd, f),
      'dotenv',
      w.override ? 'override' : 'if-unset',
      w.override ? `${name} (override)` : name,
      { environment: true },
    ),
  );
  const order = w.override
    ? 'overrides the shell; later files win'
    : 'no override: the shell first, then the first file that sets a name';
  return { steps, text: `${name} ${files.join(', ')} (${order})` };
}

/** What Bun loads by itself: `.env`, `.env.$NODE_ENV`, `.env.local` (later win, the shell over all), `--env-file` instead, nothing with bunfig.toml `env = false`. */
export function bunSteps(facts: Facts, launch: Launch, cwd: string): { steps: LoadStep[]; text: string } {
  if (launch.envFiles.length) {
    const files = launch.envFiles.map((f) => f.path);
    return {
      steps: files.map((f) => fileStep(facts, joinRel(cwd, f), 'dotenv', 'files-override', 'bun --env-file')),
      text: `bun --env-file ${files.join(', ')} (later files win, the shell wins over all)`,
    };
  }
  const nodeEnv = launch.assigns.NODE_ENV ?? facts.env.NODE_ENV ?? 'development';
  const files = ['.env', `.env.${nodeEnv}`, ...(nodeEnv === 'test' ? [] : ['.env.local'])];
  const off = (facts.bunEnvOff ?? []).find((d) => d === cwd || d === '');
  if (off !== undefined) {
    const at = joinRel(off, 'bunfig.toml');
    return {
      steps: files.map((f) =>
        fileStep(facts, joinRel(cwd, f), 'dotenv', 'files-override', 'bun', {
          loaded: false,
          reason: `${at} sets env = false: Bun loads no .env file by itself`,
        }),
      ),
      text: `bun loads no .env file (${at}: env = false)`,
    };
  }
  return {
    steps: files.map((f) => fileStep(facts, joinRel(cwd, f), 'dotenv', 'files-override', 'bun')),
    text: `bun reads ${files.join(', ')} (later files win, the shell wins over all)`,
  };
}

const NODE_RUNTIMES = new Set(['node', 'bun', 'deno']);

/**
 * What one command line adds to its program's environment, in the order it happens: the wrappers
 * (secret managers; dotenv-cli, dotenvx and env-cmd with their cascades; python-dotenv's `dotenv
 * run`, pipenv, foreman and the like with their files), then the runtime's own files (Bun's
 * defaults, or the `--env-file` flags of node, deno, uv, uvicorn), then a `-r dotenv/config`
 * preload (DOTENV_CONFIG_PATH / DOTENV_CONFIG_OVERRIDE honoured). Every launcher of a program
 * (a package.json script, make, just, a shell script, pm2, a deno task) goes through here.
 * `foreign`: the program is not the project's code (`npx -y some-server`), so Bun's own loading is not assumed.
 */
export function launchSteps(
  facts: Facts,
  l: Launch,
  cwd: string,
  opts: { foreign?: boolean } = {},
): { steps: LoadStep[]; texts: string[]; external: string[] } {
  const steps: LoadStep[] = [];
  const texts: string[] = [];
  const external: string[] = [];
  for (const w of l.wrappers) {
    if (isSecretWrapper(w)) {
      const ss = secretWrapperSteps(facts, w, cwd);
      pushAll(steps, ss.steps);
      texts.push(ss.text);
      external.push(ss.external);
    } else if (w.tool === 'env-words') {
      continue; // the launcher's collector read the file as the shell splits it
    } else if (DOTENV_WRAPPERS.has(w.tool)) {
      const ws = dotenvWrapperSteps(facts, w, cwd);
      pushAll(steps, ws.steps);
      texts.push(ws.text);
    } else if (w.files.length) {
      const dialect = w.tool === 'python-dotenv' || w.tool === 'pipenv' ? 'python' : 'dotenv';
      for (const f of w.files)
        steps.push(
          fileStep(facts, joinRel(cwd, f), dialect, w.override ? 'override' : 'if-unset', w.tool, {
            environment: true,
          }),
        );
      texts.push(`${w.tool} ${w.files.join(', ')}`);
    }
  }
  if (l.runtime === 'bun' && !opts.foreign) {
    const bs = bunSteps(facts, l, cwd);
    pushAll(steps, bs.steps);
    texts.push(bs.text);
  } else if (l.envFiles.length) {
    for (const f of l.envFiles) {
      const rel = joinRel(cwd, f.path);
      const nodeLike = NODE_RUNTIMES.has(f.by);
      const missing =
        f.by === 'node' && !fileExists(facts, rel)
          ? { reason: f.ifExists ? 'missing; skipped (--env-file-if-exists)' : 'missing: node refuses to start' }
          : {};
      steps.push(
        fileStep(
          facts,
          rel,
          nodeLike ? 'node' : 'python',
          nodeLike || f.by === 'uv' ? 'files-override' : 'if-unset',
          `${f.by} --env-file`,
          missing,
        ),
      );
    }
    const by = [...new Set(l.envFiles.map((f) => f.by))].join('/');
    const order = l.envFiles.every((f) => NODE_RUNTIMES.has(f.by) || f.by === 'uv')
      ? 'later files win, the shell wins over all'
      : 'no override: the shell wins';
    texts.push(`${by} --env-file ${l.envFiles.map((f) => f.path).join(', ')} (${order})`);
  }
  if (l.preload) {
    const path = l.preload.path ?? facts.env.DOTENV_CONFIG_PATH ?? '.env';
    const override = l.preload.override ?? /^(true|1|yes)$/i.test(facts.env.DOTENV_CONFIG_OVERRIDE ?? '');
    steps.push(
      fileStep(
        facts,
        joinRel(cwd, path),
        'dotenv',
        override ? 'override' : 'if-unset',
        override ? '-r dotenv/config (override)' : '-r dotenv/config',
      ),
    );
    texts.push(`${path} via -r dotenv/config${override ? ' (override)' : ' (no override)'}`);
  }
  return { steps, texts, external };
}
