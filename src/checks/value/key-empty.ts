import type { Assignment, FindingDraft, Target, TargetClient } from '../../core/types.js';
import {
  type Group,
  about,
  removeFix,
  setFix,
  sourceText,
  targetNames,
  winnerGroups,
  cleanValue,
  verb,
} from './_lib/shared.js';
import { composeTargetId } from '../../resolve/targets/deploy-compose.js';
import { providerOfKeyVar } from '../../providers/index.js';
import { isKeyName } from '../../deploy/names.js';
import { classifyCredential, isPlaceholder } from '../../keys/classify.js';
import { foreignKeyVar, scriptOfCollection } from '../_lib/set-up.js';
import { inExamples } from '../../core/paths.js';
import { locText } from '../../resolve/sources.js';
import type { Facts } from '../../core/facts.js';
import type { Check } from '../types.js';
import { emptyDefault } from '../../deploy/names.js';
import { envFileNames } from '../code/_lib/check-helpers.js';

/**
 * A compose `environment:` line whose `${VAR}` has no value anywhere compose looks: compose-var-unset
 * reports it, with compose's own fix (export it, or put it in the project .env). One cause, one finding.
 */
function blankInterpolation(facts: Facts, a: Assignment): boolean {
  const at = a.location;
  if (a.kind !== 'compose' || !at) return false;
  return blankLines(facts).has(`${at.line}:${at.path}`);
}

/** The `line:path` of every compose `environment:` line with an unset `${VAR}`, once per facts (thousands of services are not searched per assignment). */
const blankLinesOf = new WeakMap<Facts, Set<string>>();
function blankLines(facts: Facts): Set<string> {
  let set = blankLinesOf.get(facts);
  if (!set) {
    set = new Set();
    for (const p of facts.deploy?.compose ?? [])
      for (const s of p.services)
        for (const e of s.environment)
          if (e.refs.some((r) => r.source === 'unset' || emptyDefault(r)))
            set.add(`${e.location.line}:${e.location.path}`);
    blankLinesOf.set(facts, set);
  }
  return set;
}

/**
 * A compose service that runs someone else's program (an image, or a build of a folder in which none of
 * the project's code reads the variable) and gets the variable only from an env_file line left blank:
 * whether that program needs an OpenAI key at all cannot be told (a LiteLLM proxy or Open WebUI takes it
 * only for the providers it is configured with), so the blank template line is worth a look, not an error.
 */
function programMayNotNeedIt(facts: Facts, g: Group): boolean {
  if (g.winner.kind !== 'compose' || !/: env_file /.test(g.winner.detail ?? '')) return false;
  const services = (facts.deploy?.compose ?? []).flatMap((p) =>
    p.services.map((s) => ({ id: composeTargetId(p, s), s })),
  );
  for (const t of g.targets) {
    if (t.kind !== 'compose-service') return false;
    const s = services.find((x) => x.id === t.id)?.s;
    if (!s || s.environment.some((e) => e.name === g.name)) return false;
    if (s.build) {
      const ctx = s.build.context === '.' ? '' : s.build.context.replace(/^\.\//, '').replace(/\/$/, '');
      const inside = (f: string) => ctx === '' || f.startsWith(ctx + '/');
      const code = facts.code;
      if (!code) return false;
      if (
        code.clients.some((c) => inside(c.file) && (c.keyVar === g.name || (c.keyVarFallbacks ?? []).includes(g.name)))
      )
        return false;
      if (code.envReads.some((r) => r.name === g.name && inside(r.file))) return false;
    }
  }
  return true;
}

/**
 * A compose file that lists several providers' keys with nothing after `=` (`- OPENAI_API_KEY=`,
 * `- ANTHROPIC_API_KEY=`, ...) in a service's `environment:`: a template of slots to fill in before
 * `docker compose up`, committed as such (a real key does not belong there), like a Secret manifest.
 */
function composeTemplate(facts: Facts, g: Group): boolean {
  const at = g.winner.location;
  if (g.winner.kind !== 'compose' || !at || (g.winner.raw ?? '').includes('$')) return false;
  for (const p of facts.deploy?.compose ?? []) {
    for (const s of p.services) {
      if (!s.environment.some((e) => e.location.path === at.path && e.location.line === at.line)) continue;
      const blanks = s.environment.filter(
        (e) => e.value === '' && !(e.raw ?? '').includes('$') && /(KEY|TOKEN|SECRET)$/.test(e.name),
      );
      return blanks.length >= 2;
    }
  }
  return false;
}

/**
 * The blank variable belongs to a provider the user has not set up: every target of the group gets a
 * real key of another provider (`OPENAI_API_KEY=sk-...` next to a blank `AZURE_OPENAI_API_KEY=` or
 * `FIREWORKS_API_KEY=` copied from the template). Which of its clients the app builds is the user's
 * choice at run time; the blank slot matters only if they pick that provider. The variable it is set in.
 */
function otherProviderSet(g: Group): string | undefined {
  const mine = providerOfKeyVar(g.name)?.id ?? (/AZURE/.test(g.name) ? 'azure' : undefined);
  if (!mine) return undefined;
  let found: string | undefined;
  for (const t of g.targets) {
    const hit = Object.values(t.vars).find((r) => {
      if (r.name === g.name || !isKeyName(r.name)) return false;
      const p = providerOfKeyVar(r.name)?.id;
      const v = (r.value ?? '').trim();
      return p !== undefined && p !== mine && v.length >= 20 && !isPlaceholder(v);
    });
    if (!hit) return undefined;
    // and it builds a client of another provider too (an Azure-only app with a stray OPENAI_API_KEY stays an error)
    if (
      !(t.clients ?? []).some(
        (c) =>
          c.status !== 'never' &&
          c.endpoint.provider !== mine &&
          !(c.credential.kind === 'env' && c.credential.names.includes(g.name)),
      )
    )
      return undefined;
    found ??= hit.name;
  }
  return found;
}

/**
 * The target needs no key, and the clients that would send this variable are not built here: their
 * branch is another set-up's (`if AZURE_AUTH_TYPE == "keys"` beside a token client, with rbac chosen).
 * The blank slot is the unused mode's, as the template ships it.
 */
function onlyUnbuiltReaders(t: Target, name: string): boolean {
  if (t.needsKey !== false) return false;
  const reads = (c: TargetClient) => c.credential.kind === 'env' && c.credential.names.includes(name);
  const clients = t.clients ?? [];
  return (
    clients.some((c) => c.status === 'never' && reads(c)) && !clients.some((c) => c.status !== 'never' && reads(c))
  );
}

/** The target gets a real OpenAI key. */
function realOpenAIKey(o: Target): boolean {
  const v = (o.vars[o.keyVar]?.value ?? '').trim();
  return v !== '' && !isPlaceholder(v) && classifyCredential(cleanValue(v)).provider === 'openai';
}

/** The target needs no key from its environment, and one of its clients that may run uses a token (Entra ID). */
function tokenSetUp(t: Target, name: string): boolean {
  if (t.needsKey !== false) return false;
  const clients = (t.clients ?? []).filter((c) => c.status !== 'never');
  return (
    clients.some((c) => c.credential.kind === 'token') &&
    !clients.some((c) => c.status === 'runs' && c.credential.kind === 'env' && c.credential.names.includes(name))
  );
}

export const check: Check = {
  meta: {
    id: 'key-empty',
    title: 'The key is set to an empty string',
    severity: 'error',
    area: 'value',
    docs: {
      what: 'The source that wins for the key variable defines it, but with nothing in it (`OPENAI_API_KEY=`, `export OPENAI_API_KEY=""`, compose `${OPENAI_API_KEY}` with the host variable unset: compose-var-unset reports that one). A `docker run -e KEY=$KEY` script whose KEY no code of the project reads (the program in the image reads another name) is only a note, and one that mounts the project into the container (`-v $(pwd):/app`) whose code loads a `.env` setting KEY with override is not reported: the value in the file replaces the blank one inside the container. A blank key in a Kubernetes Secret manifest or Helm chart values committed to the repository is a template filled in at deploy time (a real key cannot be committed there): a warning, and a note while the way the project runs here (its app, its compose services) gets a key. A blank key whose only readers are clients not built here (a key branch when `AZURE_AUTH_TYPE=rbac` picks the Entra ID one) is not reported; beside a token client on a path keydoctor cannot decide, it is a note. A blank key of another provider than OpenAI, read only by examples or by scripts of a collection run by hand (no command of the project names them) while the rest of the project gets its OpenAI key, is a warning: a template slot of a provider not set up.',
      why: 'openai-node treats an empty variable as missing ("Missing credentials"); openai-python sends `Bearer ` and fails with 401 or "Illegal header value". Worse, every dotenv loader counts an empty variable as already set, so the real key in `.env` is never loaded.',
      fix: 'Put the key in that place, or remove the empty definition so the next source (usually `.env`) is used: `unset OPENAI_API_KEY` and delete the line that sets it.',
    },
  },
  run({ facts, targets }) {
    const out: FindingDraft[] = [];
    for (const g of winnerGroups(targets)) {
      if (g.value.trim() !== '' || blankInterpolation(facts, g.winner)) continue;
      if (g.targets.every((t) => onlyUnbuiltReaders(t, g.name))) continue;
      // every target has a client with an Entra ID token that may be the one built, and none that surely
      // sends this variable: a blank key is how a token set-up ships the template (AZURE_AUTH_TYPE=rbac)
      if (g.targets.every((t) => tokenSetUp(t, g.name))) {
        out.push(
          about(
            'key-empty',
            g,
            `${g.name} is empty in ${sourceText(g.winner)}. ${targetNames(g.targets)} ${verb(g.targets, 'has', 'have')} clients that use an Entra ID token instead of a key, and keydoctor cannot tell which set-up the code picks: with the token one, nothing is missing; with a key, put it there.`,
            setFix(g.winner, g.name, 'Put the key there if the app runs with a key rather than a token.'),
            'info',
          ),
        );
        continue;
      }
      const blocked = g.targets
        .flatMap((t) => t.vars[g.name]?.chain ?? [])
        .find((c) => c.status === 'lost' && c.assignment.value.trim() !== '');
      const what = g.value === '' ? 'an empty string' : 'only whitespace';
      const msg = blocked
        ? `${g.name} is ${what} in ${sourceText(g.winner)}, and that blocks the value in ${locText(blocked.assignment) ?? blocked.assignment.kind} (${blocked.reason ?? 'the loader does not override'}), so ${targetNames(g.targets)} ${g.targets.length > 1 ? 'have' : 'has'} no key.`
        : `${g.name} is ${what} in ${sourceText(g.winner)}, so ${targetNames(g.targets)} ${g.targets.length > 1 ? 'have' : 'has'} no key.`;
      const fix = blocked
        ? removeFix(g.winner, g.name, ` so ${locText(blocked.assignment) ?? 'the file'} is used`)
        : setFix(g.winner, g.name, `Put the key there.`);
      // A Secret manifest or chart values in the repository are templates: the real key cannot be committed, and
      // whoever deploys fills it in (`kubectl create secret`, `--set`, their own values file), where keydoctor cannot see.
      const template =
        !blocked &&
        ((g.winner.kind === 'k8s' && /^Secret /.test(g.winner.detail ?? '')) ||
          g.winner.kind === 'helm' ||
          composeTemplate(facts, g));
      // a blank slot of another provider's key, copied from a template of many, read by scripts of a
      // collection (or examples) of that provider while the rest of the project gets a real OpenAI key
      const byHand =
        !blocked &&
        !template &&
        foreignKeyVar(g.name) &&
        g.targets.every(
          (t) => t.entry !== undefined && (inExamples(facts.root, t.entry) || scriptOfCollection(facts, t)),
        )
          ? targets.find(
              (o) => !g.targets.includes(o) && o.kind !== 'shell' && o.needsKey !== false && realOpenAIKey(o),
            )
          : undefined;
      if (byHand) {
        out.push(
          about(
            'key-empty',
            g,
            `${g.name} is ${what} in ${sourceText(g.winner)}, so ${targetNames(g.targets)} ${verb(g.targets, 'has', 'have')} no key; ${byHand.label} gets its OpenAI key. ${verb(g.targets, 'It is', 'They are')} for a provider you have not set up, and ${verb(g.targets, 'needs', 'need')} ${g.name} only if you run ${verb(g.targets, 'it', 'them')}.`,
            fix,
            'warning',
          ),
        );
        continue;
      }
      const chosen = !blocked && !template ? otherProviderSet(g) : undefined;
      if (chosen) {
        out.push(
          about(
            'key-empty',
            g,
            `${g.name} is ${what} in ${sourceText(g.winner)}, while ${chosen} has a key: ${targetNames(g.targets)} ${g.targets.length > 1 ? 'reach' : 'reaches'} clients of both providers, and the blank one matters only if you use that provider; if you do, put its key there.`,
            fix,
            'warning',
          ),
        );
        continue;
      }
      // `docker run -e KEY=$KEY` in a script: the value is the shell's, and the shell has none (not an empty
      // string written in the script: the fix is to export it, never to write the key into a committed script)
      const ref = !blocked ? /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/.exec(g.winner.raw ?? '')?.[1] : undefined;
      if (ref && g.winner.kind === 'docker-run') {
        // no code of the project reads that name (the image's app reads AZURE_OPENAI_API_KEY from its
        // own .env): the blank variable may be one the program never uses
        const code = facts.code;
        const read =
          !code ||
          code.clients.some((c) => c.keyVar === g.name || (c.keyVarFallbacks ?? []).includes(g.name)) ||
          code.envReads.some((r) => r.name === g.name);
        const readers = code ? [...new Set(code.clients.map((c) => c.keyVar).filter((n): n is string => !!n))] : [];
        // the project is mounted into the container and its code loads a .env that sets the name with
        // override (aider's benchmark/docker.sh, `-v \`pwd\`:/aider`, load_dotenv(override=True)): the blank
        // variable is replaced by the file's value inside the container
        const run = (facts.deploy?.dockerRuns ?? []).find(
          (r) => r.location.path === g.winner.location?.path && r.location.line === g.winner.location?.line,
        );
        if (
          run?.mountsProject &&
          (code?.dotenvLoads ?? []).some(
            (l) => l.override === true && (l.resolved ?? []).some((r) => envFileNames(facts, r).has(g.name)),
          )
        )
          continue;
        out.push(
          about(
            'key-empty',
            g,
            `${sourceText(g.winner)} passes ${g.name}=${g.winner.raw ?? `$${ref}`}, which takes ${ref} from the shell that runs it, and ${ref} is not set here: ${targetNames(g.targets)} would get an empty ${g.name}.${read ? '' : ` No code of this project reads ${g.name}${readers.length ? ` (its clients read ${readers.slice(0, 3).join(', ')})` : ''}, so the container's program may not use it.`}`,
            {
              summary: `Export ${ref} in the shell before running ${g.winner.location?.path ?? 'the script'} (do not write the key into the script).`,
              command: `IFS= read -rs ${ref} && export ${ref}`,
            },
            read ? undefined : 'info',
          ),
        );
        continue;
      }
      const optional = !blocked && !template && programMayNotNeedIt(facts, g);
      // the project's own code, run here, has a token set-up for the same variable: the image is likely that app
      const tokenApp = optional
        ? targets.find((o) => o.kind !== 'compose-service' && tokenSetUp(o, g.name))
        : undefined;
      if (optional) {
        out.push(
          about(
            'key-empty',
            g,
            `${g.name} is ${what} in ${sourceText(g.winner)}, which env_file: hands to ${targetNames(g.targets)}. No code of this project in ${g.targets.length > 1 ? 'them' : 'it'} reads ${g.name}, so keydoctor cannot tell whether ${g.targets.length > 1 ? 'those programs use' : 'that program uses'} an OpenAI key at all; if ${g.targets.length > 1 ? 'they do' : 'it does'}, put the key there.${tokenApp ? ` ${tokenApp.label} has clients that use an Entra ID token instead, which needs no key.` : ''}`,
            fix,
            tokenApp ? 'info' : 'warning',
          ),
        );
        continue;
      }
      // a committed Secret manifest or chart values: filled in when deployed, never in the file; a note while
      // the way the project runs here gets a key (skyvern's kubernetes-deployment/ beside its compose set-up)
      const deployTemplate = template && g.winner.kind !== 'compose';
      const runsHere =
        deployTemplate &&
        targets.some(
          (o) =>
            o.kind !== 'k8s-container' &&
            o.kind !== 'shell' &&
            o.id !== 'shell:new-terminal' &&
            (o.vars[g.name]?.value ?? '').trim() !== '',
        );
      const f = template
        ? about(
            'key-empty',
            g,
            g.winner.kind === 'compose'
              ? `${msg.slice(0, -1)} if it is started as committed. The service lists several keys with nothing after \`=\`, a template of slots to fill in (or to replace with \`${g.name}: \${${g.name}}\` from the shell or .env) before \`docker compose up\`; check that the one you start has it.`
              : `${msg.slice(0, -1)} if it is deployed as committed. A key cannot be committed there, so this is usually a template filled in at deploy time (\`kubectl create secret generic ... --from-literal=${g.name}=...\`, \`helm install --set ...\`, your own values file); check that the deployed one has it.`,
            deployTemplate
              ? {
                  summary: `Fill ${g.name} in where you deploy, not in the committed file: \`kubectl create secret generic <name> --from-literal=${g.name}=<your key>\`, \`helm install --set ...\`, or a values file kept out of git.`,
                }
              : fix,
            runsHere ? 'info' : 'warning',
          )
        : about('key-empty', g, msg, fix);
      if (blocked?.assignment.location)
        f.related = [{ ...blocked.assignment.location, note: 'the value that never loads' }];
      out.push(f);
    }
    return out;
  },
};
