/**
 * The precedence engine: which value a variable ends up with, given the ordered steps a target's
 * start-up goes through (the inherited environment, then each dotenv file its loader reads), and
 * why every other source lost. Generic: the Node, Python and framework providers use it, and so do
 * the deployment targets (compose `environment:` as a base layer, `env_file:` as files, ...).
 */
import type { Assignment, ChainEntry, Resolution } from '../core/types.js';
import { locString } from '../core/location.js';

/**
 * How a step applies its values.
 * - `base`: the environment the process inherits (a later base layer replaces an earlier one).
 * - `if-unset`: set only when the variable is not defined yet (dotenv, python-dotenv, Next.js, CRA,
 *   `process.loadEnvFile`): the first definition wins.
 * - `override`: always set (dotenv `override: true`, `load_dotenv(override=True)`, `dotenvx --overload`).
 * - `files-override`: later files replace earlier files, but never the inherited environment
 *   (Node `--env-file`, Vite's mode files, pydantic-settings `env_file` tuples, Bun).
 */
export type LoadMode = 'base' | 'if-unset' | 'override' | 'files-override';

export interface LoadStep {
  /** The source as a phrase: "the shell", ".env.local", "compose environment:". */
  source: string;
  /** What reads it, as a phrase for reasons: "load_dotenv()", "node --env-file", "Next.js". */
  loader: string;
  mode: LoadMode;
  /** The assignments this step provides, in file order (a later line for the same name wins within the step). */
  assignments: Assignment[];
  /** false: the source exists but this target does not read it; listed for the explanation only. */
  loaded?: boolean;
  /** Why it is not read (with `loaded: false`), or a note on a loaded step. */
  reason?: string;
  /**
   * Whether an empty value already set counts as defined when this step decides whether to set a
   * variable (default true: dotenv's hasOwnProperty, python's `k in os.environ`, Next.js's
   * `typeof === 'undefined'`). Compose's `${VAR:-default}` is the kind of reader that says false.
   */
  emptyCountsAsSet?: boolean;
  /**
   * Restricts the names this step applies (Vite exposes only `VITE_` names; CRA only `REACT_APP_`).
   * Names it rejects are listed as not loaded with `filterReason`.
   */
  accepts?: (name: string) => boolean;
  filterReason?: string;
  /** Values this step sets become the environment of the process a wrapper starts (dotenv-cli, dotenvx run). */
  environment?: boolean;
  /** The dotenv file this step reads (relative path), when it reads one that exists. */
  file?: string;
  /** The dotenv file this step would read and that does not exist (relative path): `.env` not made yet. */
  missing?: string;
}

interface Current {
  assignment: Assignment;
  step: LoadStep;
  index: number;
}

function lastFor(step: LoadStep, name: string): Assignment[] {
  return step.assignments.filter((a) => a.name === name);
}

function where(a: Assignment): string {
  return locString(a.location) ?? '';
}

/** "the shell (~/.bashrc:3)" / ".env.local" */
function describe(c: Current): string {
  const loc = where(c.assignment);
  if (c.step.mode === 'base') return loc && !c.step.source.includes(loc) ? `${c.step.source} (${loc})` : c.step.source;
  return c.step.source;
}

/** Resolves one variable through the steps, in order. */
export function resolveVar(name: string, steps: LoadStep[]): Resolution {
  const won: ChainEntry[] = [];
  const lost: ChainEntry[] = [];
  const overridden: ChainEntry[] = [];
  const notLoaded: ChainEntry[] = [];
  let current: Current | undefined;

  steps.forEach((step, index) => {
    const found = lastFor(step, name);
    if (found.length === 0) return;
    const last = found[found.length - 1] as Assignment;
    if (step.loaded === false) {
      for (const a of found)
        notLoaded.push({
          assignment: a,
          status: 'not-loaded',
          reason: step.reason ?? `${step.source} is not read by this target`,
          rule: 'not-read',
          loader: step.loader,
        });
      return;
    }
    if (step.accepts && !step.accepts(name)) {
      for (const a of found)
        notLoaded.push({
          assignment: a,
          status: 'not-loaded',
          reason: step.filterReason ?? `${step.loader} does not load ${name}`,
          rule: 'filtered',
          loader: step.loader,
        });
      return;
    }
    // Earlier lines of the same file: replaced by the last one.
    for (const a of found.slice(0, -1))
      overridden.push({
        assignment: a,
        status: 'overridden',
        reason: `a later line of ${step.source}${last.location?.line ? ` (line ${last.location.line})` : ''} sets ${name} again`,
        rule: 'same-file',
        loader: step.loader,
        by: last,
      });

    const blocks = (c: Current): boolean => c.assignment.value !== '' || step.emptyCountsAsSet !== false;
    const replace = (reason: string): void => {
      if (current)
        overridden.push({
          assignment: current.assignment,
          status: 'overridden',
          reason,
          rule: 'replaced',
          loader: step.loader,
          by: last,
        });
      current = { assignment: last, step, index };
    };

    switch (step.mode) {
      case 'base':
        replace(`replaced by ${step.source}${where(last) ? ` (${where(last)})` : ''}`);
        break;
      case 'override':
        replace(`replaced by ${step.source} (${step.loader} overrides)`);
        break;
      case 'if-unset':
        if (current && blocks(current)) {
          const empty = current.assignment.value === '' ? ' (to an empty string, which still counts as set)' : '';
          const fromEnv = current.step.mode === 'base' || current.step.environment === true;
          const reason = fromEnv
            ? `already set by ${describe(current)}${empty}; ${step.loader} does not override`
            : `${describe(current)} is read first${empty}, and ${step.loader} keeps the first value`;
          lost.push({
            assignment: last,
            status: 'lost',
            reason,
            rule: fromEnv ? 'no-override' : 'first-wins',
            loader: step.loader,
            by: current.assignment,
          });
        } else {
          replace(current ? `empty, so ${step.loader} fills it from ${step.source}` : '');
        }
        break;
      case 'files-override':
        if (current && (current.step.mode === 'base' || current.step.environment === true) && blocks(current)) {
          const empty = current.assignment.value === '' ? ' (to an empty string, which still counts as set)' : '';
          lost.push({
            assignment: last,
            status: 'lost',
            reason: `already set by ${describe(current)}${empty}; ${step.loader} never overrides the environment`,
            rule: 'env-wins',
            loader: step.loader,
            by: current.assignment,
          });
        } else {
          replace(`replaced by a later file, ${step.source}: with ${step.loader} later files win`);
        }
        break;
    }
  });

  const cur = current as Current | undefined;
  if (cur) won.push({ assignment: cur.assignment, status: 'won', reason: winReason(cur, steps) });
  const chain = [...won, ...lost, ...overridden, ...notLoaded];
  return { name, chain, winner: cur?.assignment, value: cur?.assignment.value };
}

function winReason(c: Current, steps: LoadStep[]): string {
  if (c.step.mode === 'base') return `set in ${c.step.source} before the app starts`;
  const later = steps.slice(c.index + 1).some((s) => s.loaded !== false && s.mode !== 'base');
  if (c.step.mode === 'if-unset' && later)
    return `${c.step.source} is read first and ${c.step.loader} keeps the first value`;
  return `loaded from ${c.step.source} by ${c.step.loader}`;
}

/** Resolves every name in `names` (duplicates ignored). */
export function resolveVars(names: Iterable<string>, steps: LoadStep[]): Record<string, Resolution> {
  const out: Record<string, Resolution> = {};
  for (const n of names) if (!Object.hasOwn(out, n)) out[n] = resolveVar(n, steps);
  return out;
}
