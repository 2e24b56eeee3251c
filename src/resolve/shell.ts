/**
 * The shell targets: "this shell" (the environment keydoctor runs in, each value traced to the
 * start-up file line that set it) and, when the start-up files say something else, "a new terminal"
 * (what a freshly opened shell would get from those files).
 */
import type { Facts } from '../core/facts.js';
import type { Assignment, ChainEntry, Resolution, Target } from '../core/types.js';
import { resolveVars, type LoadStep } from './engine.js';
import { OPENAI_VARS, environmentStep, isDynamic, locText, reachesPrograms, startupAssignments } from './sources.js';

function shellName(facts: Facts): string {
  const sh = facts.env.SHELL ?? '';
  return sh.slice(sh.lastIndexOf('/') + 1);
}

export function shellTargets(facts: Facts): Target[] {
  const names = [...OPENAI_VARS];
  const envStep = environmentStep(facts);
  const vars = resolveVars(names, [envStep]);
  let differs = false;
  // Start-up file lines that disagree with this shell: a new terminal would get them instead.
  for (const name of names) {
    const r = vars[name] as Resolution;
    const current = r.value;
    const lines = startupAssignments(facts, name).filter((a) => reachesPrograms(a));
    const last = lines[lines.length - 1];
    for (const a of lines) {
      if (r.winner && a.location && r.winner.location && locText(a) === locText(r.winner)) continue;
      let reason: string;
      if (isDynamic(a))
        reason = `computed when the shell starts (${a.raw ?? 'a command substitution'}); the value here is what this shell has`;
      else if (current === undefined)
        reason = `not in this shell's environment: the file was changed after this terminal opened, or this shell does not read ${a.location?.path ?? 'it'}`;
      else if (a.value === current)
        reason = a === last ? 'same value as this shell' : `a later start-up line sets ${name} again`;
      else
        reason =
          a === last
            ? `differs from this shell: a new terminal gets this value instead`
            : `a later start-up line sets ${name} again`;
      if (!isDynamic(a) && a === last && a.value !== current) differs = true;
      r.chain.push({
        assignment: a,
        status: current === undefined ? 'not-loaded' : 'overridden',
        reason,
      } satisfies ChainEntry);
    }
  }
  const out: Target[] = [
    {
      id: 'shell',
      kind: 'shell',
      label: shellName(facts) ? `this shell (${shellName(facts)})` : 'this shell',
      loading: 'the environment keydoctor runs in; values traced to the start-up file line that set them',
      loads: [],
      vars,
      keyVar: 'OPENAI_API_KEY',
    },
  ];
  if (differs) out.push(newTerminal(facts, names));
  return out;
}

/** What a new terminal gets: the start-up files in the order a login + interactive shell reads them. */
function newTerminal(facts: Facts, names: string[]): Target {
  const steps: LoadStep[] = [];
  const byFile = new Map<string, Assignment[]>();
  for (const a of startupAssignments(facts)) {
    if (!names.includes(a.name)) continue;
    const key = a.location?.path ?? a.kind;
    if (!byFile.has(key)) byFile.set(key, []);
    byFile.get(key)?.push(a);
  }
  for (const [file, list] of byFile) {
    const exported = list.filter((a) => reachesPrograms(a));
    const local = list.filter((a) => !reachesPrograms(a));
    if (exported.length) steps.push({ source: file, loader: 'the shell', mode: 'base', assignments: exported });
    if (local.length)
      steps.push({
        source: file,
        loader: 'the shell',
        mode: 'base',
        assignments: local,
        loaded: false,
        reason: 'set without export: the shell keeps it, programs it starts do not get it',
      });
  }
  return {
    id: 'shell:new-terminal',
    kind: 'shell',
    label: 'a new terminal',
    loading: 'what the shell start-up files set, in the order a new login shell reads them',
    loads: [],
    vars: resolveVars(names, steps),
    keyVar: 'OPENAI_API_KEY',
  };
}
