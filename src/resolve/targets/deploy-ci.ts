/** CI jobs and hosting units as targets, when their files give the key a value keydoctor can know. */
import type { Facts } from '../../core/facts.js';
import type { Resolution, Target } from '../../core/types.js';
import type { Assignment } from '../../core/types.js';
import { isPlaceholder } from '../../keys/classify.js';
import { chainOf, finishTarget, keyVarOf, relevant, type Candidate } from './deploy-common.js';

const RANK = { step: 0, job: 1, workflow: 2 } as const;

export function ciTargets(facts: Facts): Target[] {
  const out: Target[] = [];
  for (const j of facts.deploy?.ci ?? []) {
    const names = [...new Set(j.env.map((e) => e.name))];
    if (!relevant(names)) continue;
    const vars: Record<string, Resolution> = {};
    const unknown = new Set<string>();
    for (const name of names) {
      const list = j.env
        .filter((e) => e.name === name)
        .sort((a, b) => RANK[a.level] - RANK[b.level] || b.line - a.line);
      if (list[0]?.value === undefined) {
        unknown.add(name);
        continue;
      }
      const cands: Candidate[] = list
        .filter((e) => e.value !== undefined)
        .map((e, i) => ({
          assignment: {
            name,
            value: e.value as string,
            raw: e.raw,
            kind: 'ci',
            location: { path: j.file, line: e.line },
            detail: `${j.platform} job ${j.id} (${e.level} env)`,
          },
          reason: i === 0 ? `${e.level}-level env in the CI file` : 'the more specific level wins',
        }));
      vars[name] = chainOf(name, cands);
    }
    const { keyVar } = keyVarOf(names);
    if (unknown.has(keyVar) || !vars[keyVar]) continue; // a platform secret: its value is not in the repository
    // test jobs often set a dummy key on purpose (the API is mocked); CircleCI's uninterpolated `$X` is a real mistake
    const v = vars[keyVar]?.value ?? '';
    if (v.trim() === '' || (isPlaceholder(v) && !(j.platform === 'circleci' && v.includes('$')))) continue;
    out.push(
      finishTarget(
        {
          id: `ci:${j.file}#${j.id}`,
          kind: 'ci-job',
          label: `${j.platform === 'github' ? 'GitHub Actions' : j.platform === 'gitlab' ? 'GitLab CI' : 'CircleCI'} job ${j.id} (${j.file})`,
          location: j.location,
          loading:
            j.platform === 'circleci'
              ? 'CircleCI: step environment beats job environment; environment: values are not interpolated'
              : 'step env beats job env beats workflow env',
          vars,
        },
        Object.keys(vars),
      ),
    );
  }
  return out;
}

export function hostingTargets(facts: Facts): Target[] {
  const out: Target[] = [];
  for (const h of facts.deploy?.hosting ?? []) {
    const names = h.vars.map((v) => v.name);
    if (!relevant(names)) continue;
    const { keyVar } = keyVarOf(names);
    const kv = h.vars.find((v) => v.name === keyVar);
    if (!kv || kv.value === undefined) continue;
    const vars: Record<string, Resolution> = {};
    for (const v of h.vars) {
      if (v.value === undefined) continue;
      const cands: Candidate[] = [];
      // Azure Functions Core Tools: a variable already set in the shell wins over local.settings.json
      if (h.platform === 'azure-functions' && v.name in facts.env) {
        const a: Assignment = {
          name: v.name,
          value: facts.env[v.name] as string,
          kind: 'process-env',
          exported: true,
          detail: 'exported in the environment keydoctor runs in',
        };
        cands.push({
          assignment: a,
          reason: `already set in the shell: func start prints "Skipping '${v.name}' from local settings as it's already defined in current environment variables."`,
        });
      }
      cands.push({
        assignment: {
          name: v.name,
          value: v.value,
          raw: v.raw,
          kind: 'hosting',
          location: { path: h.rel, line: v.line },
          detail: `${h.platform} ${h.unit}`,
        },
        reason: cands.length ? 'the shell wins over local.settings.json' : `set in ${h.rel}`,
      });
      vars[v.name] = chainOf(v.name, cands);
    }
    out.push(
      finishTarget(
        {
          id: `hosting:${h.rel}#${h.unit}`,
          kind: 'hosting',
          label: `${h.platform} ${h.unit} (${h.rel})`,
          location: { path: h.rel },
          loading: h.note,
          vars,
        },
        Object.keys(vars),
      ),
    );
  }
  return out;
}
