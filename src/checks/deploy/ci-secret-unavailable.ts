import type { FindingDraft } from '../../core/types.js';
import type { CiJob } from '../../deploy/types.js';
import { isKeyName, isOpenAIName } from '../../deploy/names.js';
import type { Check } from '../types.js';

const PR_EVENTS = ['pull_request', 'pull_request_review', 'pull_request_review_comment'];

/** The OpenAI secrets a job reads (through env: mappings or anywhere in its steps). */
function keySecrets(j: CiJob): Array<{ name: string; line: number }> {
  const out = new Map<string, number>();
  for (const e of j.env)
    if (e.ref?.kind === 'secret' && (isOpenAIName(e.name) || isOpenAIName(e.ref.name))) out.set(e.ref.name, e.line);
  for (const s of j.secretsUsed) if (isOpenAIName(s.name) && !out.has(s.name)) out.set(s.name, s.line);
  // the key first (AZURE_OPENAI_KEY before the AZURE_OPENAI_ENDPOINT mapped above it): the messages name it as the key
  const keyish = (name: string): boolean =>
    isKeyName(name) || j.env.some((e) => e.ref?.kind === 'secret' && e.ref.name === name && isKeyName(e.name));
  return [...out]
    .map(([name, line]) => ({ name, line }))
    .sort((a, b) => Number(keyish(b.name)) - Number(keyish(a.name)));
}

/** The secret reaches the job only through the workflow-level `env:`. */
function wfLevel(
  j: { env: Array<{ name: string; level: string; ref?: { kind: string; name: string } }> },
  secret: string,
): boolean {
  const via = j.env.filter((e) => e.ref?.kind === 'secret' && e.ref.name === secret);
  return via.length > 0 && via.every((e) => e.level === 'workflow');
}

export const check: Check = {
  meta: {
    id: 'ci-secret-unavailable',
    title: 'A CI job reads the key where the platform hands it an empty value',
    severity: 'warning',
    area: 'deploy',
    docs: {
      what: 'A CI job uses the key in a run where the platform gives it nothing: GitHub Actions `pull_request` runs from forks and Dependabot runs (no Actions secrets), a reusable workflow called without `secrets: inherit` or without passing the secret, a job that maps the secret to a name the code does not read, a GitLab merge-request pipeline where a protected variable is not exported. A job that guards the key (an `if: env.OPENAI_API_KEY != ""` on a step, or a script that tests it first: `[ -z "$OPENAI_API_KEY" ] && exit 0`) is not reported. Nor is a job whose steps only use general-purpose actions (checkout, a paths filter, a cache) and that gets the key only from the workflow-level `env:`: nothing in it reads the key.',
      why: 'An unavailable secret is not an error for the platform: `${{ secrets.OPENAI_API_KEY }}` silently becomes an empty string, so the tests or the deploy step fail with "Missing credentials" or 401 only in those runs, while the same workflow works on the main branch.',
      fix: 'Guard steps that need the key (`if: github.event.pull_request.head.repo.full_name == github.repository`, skip Dependabot or add the key as a Dependabot secret), pass secrets to reusable workflows (`secrets: inherit` or `secrets: { OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }} }`), map the secret to the name the code reads, and in GitLab unprotect the variable or run the job only on protected branches. A job whose scripts run a test runner (`go test`, `pytest`, `npm test`) runs test files keydoctor does not read, so a name the app does not read is shown without an automatic rename: the tests may read it themselves.',
    },
  },
  run({ facts }) {
    const out: FindingDraft[] = [];
    const jobs = facts.deploy?.ci ?? [];
    const dependabot = facts.files.some((f) => /^\.github\/dependabot\.ya?ml$/.test(f.rel));
    // the key names the code reads: explicit reads, plus the SDK default of clients built without apiKey
    const codeNames = new Set((facts.code?.envReads ?? []).map((r) => r.name).filter((n) => isKeyName(n)));
    for (const c of facts.code?.clients ?? []) {
      const k = c.options.apiKey;
      if (k?.kind === 'env' && isKeyName(k.name)) codeNames.add(k.name);
      else if (k === undefined) codeNames.add(/azure/.test(c.sdk) ? 'AZURE_OPENAI_API_KEY' : 'OPENAI_API_KEY');
    }
    for (const j of jobs) {
      const target = `ci:${j.file}#${j.id}`;
      if (j.platform === 'github') {
        const secrets = keySecrets(j);
        // a local reusable workflow run with the caller's secrets is subject to the caller's trigger
        if (j.calls?.callee) {
          for (const x of jobs.filter((c) => c.file === j.calls?.callee)) {
            for (const sec of keySecrets(x))
              if ((j.calls.inherit || j.calls.passed.includes(sec.name)) && !secrets.some((y) => y.name === sec.name))
                secrets.push({ name: sec.name, line: j.calls.line });
          }
        }
        const cond = j.condition ?? '';
        // `if:` guards that keep the job off pull requests / off Dependabot branches
        const notOnPrs =
          /github\.event_name\s*==\s*'(push|schedule|workflow_dispatch|release|merge_group)'|github\.event_name\s*!=\s*'pull_request'|github\.ref\s*==\s*'refs\/(heads|tags)\/|startsWith\(\s*github\.ref\s*,\s*'refs\/tags/.test(
            cond,
          );
        // a step guarded with `if: env.OPENAI_API_KEY != ''` is skipped when the secret is empty: the documented pattern
        const emptyGuard = (j.stepConditions ?? []).some((c) =>
          /env\.[A-Za-z_]*OPENAI[A-Za-z_]*\s*!=\s*''|env\.[A-Za-z_]*OPENAI[A-Za-z_]*\s*(\)|&&|\|\||$)/.test(c.trim()),
        );
        // a job of checkouts and filters only, handed the key by the workflow's own `env:`: it reads none
        const idle = j.generalActionsOnly === true && secrets.every((x) => wfLevel(j, x.name));
        const forkGuard =
          idle ||
          notOnPrs ||
          emptyGuard ||
          j.runTestsKey === true ||
          /head\.repo\.(full_name|fork)|\.fork\b|head_repository|secrets\.[A-Za-z_]+\s*!=\s*''/.test(cond);
        if (secrets.length && j.triggers.some((t) => PR_EVENTS.includes(t)) && !forkGuard) {
          const s = secrets[0] as { name: string; line: number };
          out.push({
            id: 'ci-secret-unavailable',
            message: `Job ${j.id} in ${j.file} runs on pull_request and reads secrets.${s.name}: for pull requests from forks GitHub passes no secrets, so the key is an empty string there.`,
            location: { path: j.file, line: s.line },
            target,
            fix: {
              summary: `Skip the steps that need the key on fork pull requests: \`if: github.event.pull_request.head.repo.full_name == github.repository\` (do not switch to pull_request_target to get secrets: it runs with them on untrusted code).`,
            },
            data: { job: j.id, secret: s.name, reason: 'fork-pull-request' },
          });
        }
        if (
          secrets.length &&
          dependabot &&
          j.triggers.some((t) => PR_EVENTS.includes(t) || t === 'push') &&
          !/dependabot/i.test(cond) &&
          !notOnPrs
        ) {
          const s = secrets[0] as { name: string; line: number };
          out.push({
            id: 'ci-secret-unavailable',
            severity: 'info',
            message: `Job ${j.id} in ${j.file} reads secrets.${s.name}, and this repository uses Dependabot: runs Dependabot triggers get Dependabot secrets only, so ${s.name} is empty unless it is also added as a Dependabot secret.`,
            location: { path: j.file, line: s.line },
            target,
            fix: {
              summary: `Add ${s.name} under Settings → Secrets → Dependabot, or skip the step with \`if: github.actor != 'dependabot[bot]'\`.`,
            },
            data: { job: j.id, secret: s.name, reason: 'dependabot' },
          });
        }
        // environment secrets reach only jobs that name the environment
        if (!j.environment && !j.calls) {
          for (const sec of secrets) {
            const envJobs = jobs.filter(
              (x) => x.platform === 'github' && x.environment && keySecrets(x).some((y) => y.name === sec.name),
            );
            if (envJobs.length === 0) continue;
            const names = [...new Set(envJobs.map((x) => x.environment as string))];
            out.push({
              id: 'ci-secret-unavailable',
              severity: 'info',
              message: `Job ${j.id} in ${j.file} reads secrets.${sec.name} without an environment:, while ${envJobs.map((x) => x.id).join(', ')} read${envJobs.length === 1 ? 's' : ''} it in environment ${names.join(', ')}: if ${sec.name} is an environment secret, this job gets an empty string.`,
              location: { path: j.file, line: sec.line },
              target,
              related: envJobs.map((x) => ({ ...x.location, note: `environment: ${x.environment}` })),
              fix: {
                summary: `Add \`environment: ${names[0]}\` to job ${j.id}, or make ${sec.name} a repository secret.`,
              },
              data: { job: j.id, secret: sec.name, environments: names, reason: 'environment-secret' },
            });
            break;
          }
        }
        if (j.calls && !j.calls.inherit && j.calls.callee) {
          const callee = jobs.filter((x) => x.file === j.calls?.callee);
          const needed = [...new Set(callee.flatMap((x) => keySecrets(x).map((s) => s.name)))];
          for (const n of needed.filter((n) => !j.calls?.passed.includes(n))) {
            const declared = callee.some((x) => x.callableSecrets?.includes(n));
            out.push({
              id: 'ci-secret-unavailable',
              severity: 'error',
              message: `Job ${j.id} in ${j.file} calls the reusable workflow ${j.calls.uses} without \`secrets: inherit\` and without passing ${n}: inside it secrets.${n} is an empty string${declared ? '' : ` (and ${j.calls.callee} does not declare it under on.workflow_call.secrets)`}.`,
              location: { path: j.file, line: j.calls.line },
              target,
              related: [{ path: j.calls.callee, note: 'the called workflow reads it' }],
              fix: {
                summary: `Add \`secrets: inherit\` to the calling job, or pass it: \`secrets: { ${n}: \${{ secrets.${n} }} }\` (declared under on.workflow_call.secrets in the called workflow).`,
              },
              data: { job: j.id, secret: n, reason: 'reusable-workflow' },
            });
          }
        }
      }
      if (j.platform === 'gitlab' && j.triggers.includes('merge_request')) {
        const uses = [
          ...j.mentions.filter((m) => isKeyName(m)),
          ...j.env.filter((e) => e.ref?.kind === 'ci-var' && isKeyName(e.ref.name)).map((e) => e.ref?.name ?? ''),
        ];
        const defined = j.env.some((e) => isKeyName(e.name) && e.value !== undefined);
        if (uses.length && !defined) {
          out.push({
            id: 'ci-secret-unavailable',
            message: `Job ${j.id} in ${j.file} runs in merge-request pipelines and reads ${uses[0]}: if ${uses[0]} is a protected CI/CD variable (the file cannot tell), pipelines for unprotected branches get it empty.`,
            location: j.location,
            target,
            fix: {
              summary: `In Settings → CI/CD → Variables, untick "Protect variable" for ${uses[0]} (keep it masked), or run the job only on protected branches; if it is a File-type variable, read the file it points to (\`$(cat "$${uses[0]}")\`).`,
            },
            data: { job: j.id, variable: uses[0], reason: 'gitlab-protected' },
          });
        }
      }
      // the secret is mapped to a name the code does not read
      if (codeNames.size > 0) {
        const provided = j.env.filter(
          (e) => isKeyName(e.name) && (e.ref?.kind === 'secret' || e.ref?.kind === 'ci-var'),
        );
        // a name the job's own commands use (`vercel env add`, a script) is deliberate, not a misnaming
        const hit = provided.find((e) => !codeNames.has(e.name) && !j.mentions.includes(e.name));
        if (hit && !provided.some((e) => codeNames.has(e.name)) && !j.env.some((e) => codeNames.has(e.name))) {
          const want = [...codeNames][0] ?? 'OPENAI_API_KEY';
          // A job that runs tests runs code the analysis leaves aside (test files), whose reads it does not
          // know: go-openai's integration test reads OPENAI_TOKEN itself. Worth a look, not a sure misnaming.
          const tests = j.runsTests === true;
          out.push({
            id: 'ci-secret-unavailable',
            message: `Job ${j.id} in ${j.file} hands the key to the app as ${hit.name}, but the code reads ${[...codeNames].join(', ')}: in this job ${want} is unset.${tests ? ` The job runs tests, which keydoctor does not read: if they read ${hit.name} themselves, this is as it should be.` : ''}`,
            location: { path: j.file, line: hit.line },
            target,
            fix: tests
              ? {
                  summary: `If the tests read ${want} (through the app's code or the SDK), rename the variable in the job: \`${want}: ${hit.raw}\`; if they read ${hit.name}, leave it.`,
                }
              : {
                  summary: `Rename the variable in the job: \`${want}: ${hit.raw}\`.`,
                  edit: { path: j.file, line: hit.line, before: `${hit.name}:`, after: `${want}:` },
                },
            data: { job: j.id, provided: hit.name, reads: [...codeNames], reason: 'misnamed' },
          });
        }
      }
    }
    return out;
  },
};
