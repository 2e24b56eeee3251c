import type { FindingDraft } from '../../core/types.js';
import { isCredentialName } from '../../keys/classify.js';
import type { ComposeEnvEntry, ComposeProject } from '../../deploy/types.js';
import { isOpenAIName, isProviderKeyVar, llmName } from '../../deploy/names.js';
import type { Check } from '../types.js';
import { setUpTarget } from '../_lib/set-up.js';
import { TEST_DIR } from '../../core/paths.js';
import { emptyDefault } from '../../deploy/names.js';
import { OPENAI_VARS, within } from '../../resolve/sources.js';
import { clientReach } from '../code/_lib/check-helpers.js';

/** OpenAI settings and API-key-like names (the app may map `API_KEY=${OPENAI_KEY}`). */
function matters(name: string): boolean {
  return isOpenAIName(name) || /(^|_)API_?KEY$/i.test(name);
}

/** Other env files in the compose folder that define the variable (compose reads only `.env`). */
function elsewhere(facts: Parameters<Check['run']>[0]['facts'], p: ComposeProject, name: string): string[] {
  const out: string[] = [];
  for (const f of facts.envFiles) {
    const dir = f.relPath.includes('/') ? f.relPath.slice(0, f.relPath.lastIndexOf('/')) : '';
    if (f.relPath === p.dotenv?.rel) continue;
    const defines = Object.values(f.byDialect).some((list) =>
      (list ?? []).some((a) => a.name === name && a.value !== ''),
    );
    if (defines && (dir === p.dir || p.dir.startsWith(dir))) out.push(f.relPath);
  }
  return [...new Set(out)];
}

type ServiceClients = NonNullable<Parameters<Check['run']>[0]['facts']['code']>['clients'];

/**
 * What a blank OPENAI_BASE_URL does to a service built from the project's code: the openai Python SDK
 * takes it as the base URL (it falls back to api.openai.com only when the variable is unset:
 * openai/openai-python#2927; LangChain's Python ChatOpenAI leaves it to that SDK), and so does the AI SDK's createOpenAI({ baseURL: process.env.OPENAI_BASE_URL })
 * (an empty string is not nullish); openai-node and the others treat it as unset. `unknown`: the
 * service is an image, or keydoctor sees none of its clients.
 */
function blankBaseURL(
  clients: ServiceClients,
  context: string | undefined,
  reached: (index: number) => number,
): { breaks?: ServiceClients[number] } | 'harmless' | 'unknown' {
  if (context === undefined) return 'unknown';
  const mine = clients
    .map((c, i) => [c, i] as const)
    .filter(([c]) => within(c.file, context) && !c.azure && (!c.provider || c.provider === 'openai'))
    // the clients most of the project's targets run first: the one named is the app's, not one script's
    .map(([c, i]) => [c, reached(i)] as const)
    .sort(([, a], [, b]) => b - a)
    .map(([c]) => c);
  if (mine.length === 0) return 'unknown';
  const breaks = mine.find(
    (c) =>
      ((c.sdk === 'openai-python' ||
        (c.sdk === 'langchain-openai' && (c.language === 'python' || c.language === 'notebook'))) &&
        !c.options.baseURL) ||
      (c.sdk === 'vercel-ai' &&
        c.options.baseURL?.kind === 'env' &&
        c.options.baseURL.name === 'OPENAI_BASE_URL' &&
        !c.options.baseURL.fallbacks?.length &&
        c.options.baseURL.default === undefined),
  );
  if (breaks) return { breaks };
  // every client names its endpoint in code, or reads the variable through an SDK that falls back
  return mine.every((c) => c.options.baseURL?.kind === 'literal' || c.sdk === 'openai-node') ? 'harmless' : 'unknown';
}

export const check: Check = {
  meta: {
    id: 'compose-var-unset',
    title: 'docker compose interpolates a variable that has no value',
    severity: 'error',
    area: 'deploy',
    docs: {
      what: 'A compose file passes the key with `${OPENAI_API_KEY}` (or names it alone under `environment:`), but neither the shell that runs `docker compose` nor the project `.env` next to the compose file defines it. Compose prints `The "OPENAI_API_KEY" variable is not set. Defaulting to a blank string.` and the container gets an empty key (or none at all). A variable that a shell script exports before it runs `docker compose` with this file (`export NAME=...`, or a loop exporting every `azd env get-values` line, or `set -a` and `source`) is set where compose runs: not reported.',
      why: 'Compose interpolates from the shell environment first, then the `.env` file in the project folder only: a key in `.env.local`, `.env.docker` or an `env_file:` is not used for `${...}`. `sudo docker compose` also drops your exported variables. The app then starts with a blank key and every request fails with "Missing credentials" or 401. A blank OPENAI_BASE_URL breaks the openai Python SDK and the AI SDK\'s createOpenAI, which take it as the base URL ("Connection error."), not openai-node, which falls back to api.openai.com. Blank keys of other services (search, analytics, tracing) are not reported: they are optional features left off, unless compose requires them (`${X:?}`); a blank key of another LLM provider is a warning, and only a note while the service gets its own key or when the compose file is a test set-up\'s (the same for one named alone under `environment:` with no value: an alternative credential such as `OPENAI_ACCESS_TOKEN:` beside the key, another provider\'s key in a test harness); so is a blank optional OPENAI_ORG_ID / OPENAI_PROJECT_ID while the service gets its key (the blank a `.env` line `OPENAI_ORG_ID=` gives too). A compose file of a test set-up (under `tests/`, `e2e/`, ...) gives warnings: it runs only with those tests. So does a compose file not set up for the key while another way of running the app gets it (a compose file for the published image beside a service with its own `.env`). A plain setting named alone (`OPENAI_API_MODEL:`) with no value is left out of the container as if it were not listed, so the app\'s default applies: not reported.',
      fix: 'Define the variable where compose looks: export it in the shell, or put `OPENAI_API_KEY=...` in the `.env` next to the compose file (or pass `--env-file`). Make the mistake loud with `${OPENAI_API_KEY:?set OPENAI_API_KEY}`. Then recreate the container: `docker compose up -d` (a restart keeps the old environment).',
    },
  },
  run({ facts, targets }) {
    const out: FindingDraft[] = [];
    const reads = new Set((facts.code?.envReads ?? []).map((r) => r.name));
    const sudo = facts.deploy?.composeSudo ?? [];
    // targets by id, the first of each id as find() gives it (a compose file of thousands of services: no search per finding)
    const byId = new Map<string, (typeof targets)[number]>();
    for (const t of targets) if (!byId.has(t.id)) byId.set(t.id, t);
    // the other ways of running the app, found once (a search of every target per service is quadratic)
    const notCompose = targets.filter((o) => o.kind !== 'compose-service');
    for (const p of facts.deploy?.compose ?? []) {
      const id = (svc: string) =>
        p.variant
          ? `compose[${p.variant}]:${p.dir ? p.dir + '/' : ''}${svc}`
          : `compose:${p.dir ? p.dir + '/' : ''}${svc}`;
      const where = p.dotenv
        ? `the shell or ${p.dotenv.rel}`
        : `the shell, and there is no ${p.dir ? p.dir + '/' : ''}.env next to ${p.files[0]}`;
      // a script that exports variables and then starts this compose file (deploy/aca/start-compose.sh,
      // exporting every `azd env get-values` line): the shell compose runs in has them
      const wrappers = (facts.deploy?.composeWrappers ?? []).filter((w) =>
        p.files.some((f) => w.composeFiles.includes(f)),
      );
      const wrapped = (name: string) => wrappers.find((w) => w.all || w.names.includes(name));
      for (const s of p.services) {
        const seen = new Set<string>();
        const report = (e: ComposeEnvEntry, varName: string, kind: 'blank' | 'removed' | 'error', via?: string) => {
          if (seen.has(varName)) return;
          if (wrapped(varName)) return;
          const serviceKeyVar = byId.get(id(s.name))?.keyVar;
          // compose refuses to start on a required variable, whatever it is for; a blank one counts only for LLM set-up
          if (
            kind !== 'error' &&
            !llmName(e.name) &&
            !llmName(varName) &&
            e.name !== serviceKeyVar &&
            varName !== serviceKeyVar
          )
            return;
          // a blank name nothing reads (NextChat's OPENAI_SB): neither an SDK's variable nor one the project's code reads
          if (
            kind !== 'error' &&
            e.name !== serviceKeyVar &&
            varName !== serviceKeyVar &&
            facts.code &&
            ![e.name, varName].some(
              (n) => (OPENAI_VARS as readonly string[]).includes(n) || isProviderKeyVar(n) || reads.has(n),
            )
          )
            return;
          // `NAME:` with nothing set leaves a plain setting out of the container, as if it were not listed: the
          // app's default applies (chatgpt-web's OPENAI_API_MODEL:, OPENAI_API_BASE_URL:)
          if (
            kind === 'removed' &&
            !/ENDPOINT|AZURE/.test(varName) &&
            !isCredentialName(e.name) &&
            !isCredentialName(varName) &&
            e.name !== serviceKeyVar &&
            varName !== serviceKeyVar
          )
            return;
          seen.add(varName);
          const other = elsewhere(facts, p, varName);
          const hint = other.length
            ? ` ${other.join(', ')} define${other.length === 1 ? 's' : ''} it, but compose only reads the project .env (or --env-file) for interpolation.`
            : '';
          const prof = s.profiles.length ? ` (profile ${s.profiles.join(', ')})` : '';
          const msg =
            kind === 'blank'
              ? `Service ${s.name}${prof} gets ${e.name}=${e.value === '' ? '(blank)' : `"${e.value ?? ''}"`}: ${e.raw ?? ''} interpolates ${varName}, which is not set in ${where}, so compose substitutes a blank string.${hint}`
              : kind === 'removed'
                ? `Service ${s.name}${prof} lists ${e.name} under environment: without a value, and ${varName} is not set in ${where}: compose leaves it out of the container${via ? ` (even though ${via} sets it: environment: wins)` : ''}.${hint}`
                : `Service ${s.name}${prof} requires ${varName} (${e.raw ?? ''}), which is not set in ${where}: docker compose refuses to start.${hint}`;
          // The service's own key (the one its LLM client reads) blank is an error; another credential (tracing, search,
          // analytics) blank is often an optional feature left off: compose only warns, and so does keydoctor.
          const serviceKey = byId.get(id(s.name))?.keyVar ?? 'OPENAI_API_KEY';
          const keyish = isCredentialName(e.name) || isCredentialName(varName);
          const own = e.name === serviceKey || varName === serviceKey;
          // A blank base URL: an error where the service's client takes it as it is, nothing where its clients fall back.
          let base: ReturnType<typeof blankBaseURL> = 'unknown';
          if (kind === 'blank' && e.name === 'OPENAI_BASE_URL' && (e.value ?? '').trim() === '') {
            base = blankBaseURL(facts.code?.clients ?? [], s.build?.context, (i) => clientReach(targets, i).in.length);
            if (base === 'harmless') return;
          }
          const breaks = typeof base === 'object' ? base.breaks : undefined;
          const placeholder = keyish ? '<your key>' : '<value>';
          // a compose file of a test set-up (tests/docker-compose.yml): it runs only with those tests
          const harness = TEST_DIR.test(p.files[0] ?? '');
          // compose not set up at all for the key, while the app runs another way with its key (chatgpt-web's
          // docker-compose/ for the published image beside service/.env): needed only if run with compose
          const me = byId.get(id(s.name));
          const instead = own && kind !== 'error' && me ? notCompose.find((o) => setUpTarget(o, [me])) : undefined;
          // another service's credential left blank while the service gets its own key (gpt-researcher's
          // GOOGLE_API_KEY for an image feature off by default, NextChat's GOOGLE_API_KEY): an optional feature
          // The same for one listed without a value (`OPENAI_ACCESS_TOKEN:` beside the key, chatgpt-web's "pick
          // one of two"; ANTHROPIC_API_KEY in a test set-up's list, livekit's tests/), and for any other provider's
          // key in a test set-up: the tests of that provider, run by hand.
          const optional =
            keyish &&
            !own &&
            kind !== 'error' &&
            !breaks &&
            ((me?.vars[serviceKey]?.value ?? '').trim() !== '' || harness);
          // an optional OpenAI setting left blank (NextChat's OPENAI_ORG_ID=$OPENAI_ORG_ID) while the service gets its
          // key: the same blank an `OPENAI_ORG_ID=` line of a .env gives, which apps read as "none"
          const blankSetting =
            kind === 'blank' &&
            /^OPENAI_(?:ORG|ORGANIZATION|ORG_ID|ORGANIZATION_ID|PROJECT|PROJECT_ID)$/.test(e.name) &&
            (me?.vars[serviceKey]?.value ?? '').trim() !== '';
          out.push({
            id: 'compose-var-unset',
            severity:
              optional || blankSetting
                ? 'info'
                : (own || kind === 'error' || breaks) && !harness && !instead
                  ? undefined
                  : 'warning',
            message: `${
              breaks
                ? `${msg} ${breaks.sdk === 'vercel-ai' ? "The AI SDK's createOpenAI" : breaks.sdk === 'langchain-openai' ? `${breaks.callee ?? 'ChatOpenAI'}, through the openai Python SDK,` : 'The openai Python SDK'} (${breaks.file}:${breaks.line}) takes an empty OPENAI_BASE_URL as the base URL instead of falling back to https://api.openai.com/v1, so every request fails ("Connection error." / "Failed to parse URL").`
                : own || kind === 'error' || !keyish
                  ? msg
                  : `${msg} It is not the key the service's LLM client reads (${serviceKey}), so this matters only if the app uses ${varName}.`
            }${blankSetting ? ` The service gets its key; a blank ${e.name} is what a \`${e.name}=\` line of a .env gives too: set it only if your key needs that ${/PROJECT/.test(e.name) ? 'project' : 'organization'} named.` : ''}${harness ? ` ${p.files[0] ?? ''} is a test set-up: this matters only when you run those tests.` : ''}${instead ? ` Compose is not set up for it, while ${instead.label} gets its key: this matters only if you run it with compose.` : ''}`,
            location: e.location,
            target: id(s.name),
            related: other.map((o) => ({
              path: o,
              note: 'defines it, but compose does not read this file for ${...}',
            })),
            fix:
              e.name === 'OPENAI_BASE_URL' && kind === 'blank'
                ? {
                    summary: `Give it a default in the compose file (\`OPENAI_BASE_URL: \${${varName}:-https://api.openai.com/v1}\`) or remove the line, or set ${varName} in ${p.dotenv?.rel ?? (p.dir ? p.dir + '/.env' : '.env')}; then \`docker compose up -d\` to recreate the container.`,
                  }
                : {
                    summary: `Export ${varName} in the shell that runs docker compose, or add \`${varName}=${placeholder}\` to ${p.dotenv?.rel ?? (p.dir ? p.dir + '/.env' : '.env')}; use \`\${${varName}:?set ${varName}}\` so a missing value stops compose instead of starting ${own ? 'a keyless container' : 'without it'}; then \`docker compose up -d\` to recreate it.`,
                    command: `export ${varName}='${placeholder}'`,
                  },
            data: { service: s.name, variable: varName, files: p.files },
          });
        };
        // secrets: { x: { environment: VAR } } (compose 2.6+) copies VAR into /run/secrets/x
        for (const name of s.secrets) {
          const sec = p.secrets[name];
          const v = sec?.environment;
          if (!sec || !v || !(matters(v) || matters(name))) continue;
          if (v in facts.env || p.dotenv?.values[v]) continue;
          if (seen.has(v)) continue;
          seen.add(v);
          out.push({
            id: 'compose-var-unset',
            message: `Service ${s.name} mounts secret ${name}, which compose fills from the variable ${v}; ${v} is not set in ${where}, so /run/secrets/${name} holds no key.`,
            location: sec.location,
            target: id(s.name),
            fix: {
              summary: `Export ${v} in the shell that runs docker compose (or put it in ${p.dotenv?.rel ?? '.env'}), then \`docker compose up -d\`.`,
              command: `export ${v}='<your key>'`,
            },
            data: { service: s.name, variable: v, secret: name },
          });
        }
        const entries = [...s.environment, ...s.envFiles.flatMap((f) => f.entries)];
        for (const e of s.environment) {
          if (e.keyOnly === 'unset' && matters(e.name)) {
            const via = s.envFiles.find((f) => f.entries.some((x) => x.name === e.name && x.value));
            report(e, e.name, 'removed', via ? `env_file ${via.path}` : undefined);
          }
        }
        for (const e of entries) {
          for (const r of e.refs) {
            if (!(matters(e.name) || matters(r.name))) continue;
            if ((r.source === 'unset' && (r.op === '' || r.op === ':?' || r.op === '?')) || emptyDefault(r))
              report(e, r.name, 'blank');
            else if (r.source === 'error') report(e, r.name, 'error');
            else if (
              r.source === 'shell' &&
              (r.op === '' || r.op === ':?' || r.op === '?') &&
              sudo.length &&
              !seen.has(r.name) &&
              (llmName(e.name) || llmName(r.name))
            ) {
              // only this shell defines it, and scripts run compose under sudo, which resets the environment
              seen.add(r.name);
              const at = sudo[0] as { path: string; line?: number };
              out.push({
                id: 'compose-var-unset',
                severity: 'warning',
                message: `Service ${s.name} takes ${r.name} from the shell (${e.raw ?? ''}), but ${at.path}${at.line ? `:${at.line}` : ''} runs \`sudo docker compose\`: sudo resets the environment, so there ${r.name} is unset and the container gets a blank key.`,
                location: e.location,
                target: id(s.name),
                related: sudo.map((l) => ({ ...l, note: 'sudo docker compose' })),
                fix: {
                  summary: `Use \`sudo -E docker compose\` (or add your user to the docker group), or put ${r.name} in ${p.dotenv?.rel ?? (p.dir ? p.dir + '/.env' : '.env')}.`,
                },
                data: { service: s.name, variable: r.name, reason: 'sudo' },
              });
            }
          }
        }
      }
    }
    return out;
  },
};
