/**
 * Runs a composite action's steps the way the Actions runner does, for tests: each `run:` step with
 * bash (`bash --noprofile --norc -eo pipefail`), its `env:` and `if:` evaluated, GITHUB_OUTPUT read
 * back into `steps.<id>.outputs`, and `uses:` steps answered by the test (they cannot run here).
 * The expressions it understands are the ones action.yml uses (context paths, `==`, `&&`, `||`,
 * `!`, string literals, `always()`); anything else throws, so a new expression needs a test here.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface ActionStep {
  name?: string;
  id?: string;
  if?: string;
  run?: string;
  shell?: string;
  uses?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  'continue-on-error'?: boolean;
}

export interface ActionFile {
  name: string;
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface StepRun {
  id?: string;
  name?: string;
  skipped: boolean;
  status: number;
  outcome: 'success' | 'failure' | 'skipped';
  stdout: string;
  stderr: string;
  with?: Record<string, string>;
}

export interface RunResult {
  steps: StepRun[];
  outputs: Record<string, string>;
  /** The job's status: false once a step failed without continue-on-error. */
  ok: boolean;
  stdout: string;
}

type Context = Record<string, unknown>;

function lookup(ctx: Context, path: string): unknown {
  let v: unknown = ctx;
  for (const part of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}

const truthy = (v: unknown) => v !== undefined && v !== null && v !== false && v !== '' && v !== 0;

/** Evaluates one expression (the inside of `${{ }}`). */
export function evaluate(expr: string, ctx: Context): unknown {
  const e = expr.trim();
  const or = splitTop(e, '||');
  if (or.length > 1) return or.map((x) => evaluate(x, ctx)).find(truthy) ?? evaluate(or.at(-1) ?? '', ctx);
  const and = splitTop(e, '&&');
  if (and.length > 1) {
    for (const x of and) {
      const v = evaluate(x, ctx);
      if (!truthy(v)) return v;
    }
    return evaluate(and.at(-1) ?? '', ctx);
  }
  for (const op of ['==', '!='] as const) {
    const parts = splitTop(e, op);
    if (parts.length === 2) {
      const [a, b] = parts.map((x) => String(evaluate(x, ctx) ?? '').toLowerCase());
      return op === '==' ? a === b : a !== b;
    }
  }
  if (e.startsWith('!')) return !truthy(evaluate(e.slice(1), ctx));
  if (e === 'always()') return true;
  if (e === 'success()') return ctx.__ok === true;
  if (/^'.*'$/.test(e)) return e.slice(1, -1).replace(/''/g, "'");
  if (e === 'true' || e === 'false') return e === 'true';
  if (/^[A-Za-z_][\w-]*(\.[\w-]+)*$/.test(e)) return lookup(ctx, e);
  throw new Error(`the test runner does not understand the expression: ${e}`);
}

function splitTop(e: string, op: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let start = 0;
  for (let i = 0; i < e.length; i++) {
    const c = e[i];
    if (c === "'") quote = !quote;
    if (quote) continue;
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (depth === 0 && e.startsWith(op, i)) {
      out.push(e.slice(start, i));
      start = i + op.length;
      i += op.length - 1;
    }
  }
  out.push(e.slice(start));
  return out.map((s) => s.trim());
}

const str = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'boolean' ? String(v) : String(v));

/** `${{ ... }}` inside a string, replaced by their values. */
export function interpolate(s: string, ctx: Context): string {
  return s.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, x: string) => str(evaluate(x, ctx)));
}

function readOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(l);
    if (heredoc) {
      const body: string[] = [];
      while (++i < lines.length && lines[i] !== heredoc[2]) body.push(lines[i] ?? '');
      out[heredoc[1] ?? ''] = body.join('\n');
    } else if (l.includes('=')) out[l.slice(0, l.indexOf('='))] = l.slice(l.indexOf('=') + 1);
  }
  return out;
}

export function loadAction(file: string): ActionFile {
  return parse(readFileSync(file, 'utf8')) as ActionFile;
}

export interface RunOptions {
  action: ActionFile;
  actionPath: string;
  /** The `with:` of the workflow step. */
  with: Record<string, string>;
  /** GITHUB_* and RUNNER_* variables, and anything else the job has. */
  env: Record<string, string>;
  github: Record<string, unknown>;
  /** Answers a `uses:` step: its exit status. */
  uses: (step: ActionStep, withValues: Record<string, string>) => number;
  tmp: string;
}

export function runAction(o: RunOptions): RunResult {
  const inputs: Record<string, string> = {};
  const ctx: Context = {
    github: o.github,
    env: o.env,
    steps: {},
    runner: { temp: o.env.RUNNER_TEMP, os: 'Linux' },
    __ok: true,
  };
  for (const [name, def] of Object.entries(o.action.inputs))
    inputs[name] = o.with[name] ?? interpolate(def.default ?? '', ctx);
  for (const name of Object.keys(o.with))
    if (!(name in o.action.inputs)) throw new Error(`the workflow passes ${name}, which action.yml does not declare`);
  ctx.inputs = inputs;
  const steps: StepRun[] = [];
  let all = '';
  o.action.runs.steps.forEach((step, n) => {
    const cond = step.if === undefined ? true : truthy(evaluate(step.if.replace(/^\$\{\{([\s\S]*)\}\}$/, '$1'), ctx));
    const rec: StepRun = {
      id: step.id,
      name: step.name,
      skipped: !cond,
      status: 0,
      outcome: 'skipped',
      stdout: '',
      stderr: '',
    };
    if (cond && (ctx.__ok === true || /always\(\)|failure\(\)/.test(step.if ?? ''))) {
      const outFile = join(o.tmp, `output-${n}`);
      writeFileSync(outFile, '');
      if (step.uses) {
        rec.with = Object.fromEntries(
          Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)]),
        );
        rec.status = o.uses(step, rec.with);
      } else {
        if (step.shell !== 'bash')
          throw new Error(`step ${step.name}: shell ${step.shell} (the runner here knows bash)`);
        const script = join(o.tmp, `step-${n}.sh`);
        mkdirSync(o.tmp, { recursive: true });
        writeFileSync(script, step.run ?? '');
        const stepEnv: Record<string, string> = { ...o.env, GITHUB_OUTPUT: outFile, GITHUB_ACTION_PATH: o.actionPath };
        for (const [k, v] of Object.entries(step.env ?? {})) stepEnv[k] = interpolate(String(v), ctx);
        const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
          cwd: o.env.GITHUB_WORKSPACE,
          env: stepEnv,
          encoding: 'utf8',
        });
        rec.status = r.status ?? 1;
        rec.stdout = r.stdout;
        rec.stderr = r.stderr;
        all += r.stdout;
      }
      rec.outcome = rec.status === 0 ? 'success' : 'failure';
      if (rec.status !== 0 && step['continue-on-error'] !== true) ctx.__ok = false;
      if (step.id)
        (ctx.steps as Record<string, unknown>)[step.id] = {
          outputs: readOutputs(outFile),
          outcome: rec.outcome,
          conclusion: rec.status === 0 || step['continue-on-error'] ? 'success' : 'failure',
        };
    } else {
      rec.skipped = true;
      if (step.id)
        (ctx.steps as Record<string, unknown>)[step.id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
    }
    steps.push(rec);
  });
  const outputs = Object.fromEntries(Object.entries(o.action.outputs).map(([k, v]) => [k, interpolate(v.value, ctx)]));
  return { steps, outputs, ok: ctx.__ok === true, stdout: all };
}
