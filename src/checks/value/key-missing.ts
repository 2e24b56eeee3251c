import { EXAMPLE_DIR, TEST_DIR, dirOf, inExamples } from '../../core/paths.js';
import { compareText } from '../../core/compare.js';
import { isPlaceholder } from '../../keys/classify.js';
import type { FindingDraft, Target, TargetClient } from '../../core/types.js';
import { isShellTarget, targetNames, verb } from './_lib/shared.js';
import { DEPLOY_KINDS, runsImageOnly, setUpTarget, foreignKeyVar, scriptOfCollection } from '../_lib/set-up.js';
import { locText } from '../../resolve/sources.js';
import { reachable } from '../../resolve/target.js';
import type { Facts } from '../../core/facts.js';
import { composeHanding, definitions, handingText, similarNames, unloadedKey } from '../code/_lib/check-helpers.js';
import { BROWSER_PREFIX } from '../../scan/paths.js';
import { providerOfKeyVar } from '../../providers/index.js';
import type { Check } from '../types.js';

/** A folder of demos next to the project's own code: `examples/`, `cookbook/`, `samples/`, `demos/`, `notebooks/`, `docs/`. */
/** Whether anything defines the variable: a shell, dotenv, compose or CI line (even an empty one), the environment. */
// (The code's own writes do not count: `process.env.TOGETHER_AI_API_KEY = apiKey` in a helper copies a
// key someone gave; it is not the user setting the variable up.)
const definedAnywhere = (facts: Parameters<Check['run']>[0]['facts'], name: string): boolean =>
  (definitions(facts).get(name) ?? []).some((d) => d.kind !== 'code') || facts.env[name] !== undefined;

const TEMPLATE_DIR = /(^|\/)(templates?|starters?)\//i;

/**
 * Targets that are demos for another provider in a project set up for one: every target of the group
 * is an example script, the variable it needs is defined nowhere (no shell, dotenv, compose or CI
 * definition, not even an empty line), and another target of the project has the key its clients
 * read. The user chose a provider; an example for another is one they have not set up, not a broken
 * set-up (instructor's `examples/avail/run_mixtral.py` reading ANYSCALE_API_KEY next to OpenAI ones).
 */
function otherProviderExample(
  facts: Parameters<Check['run']>[0]['facts'],
  targets: Target[],
  group: Target[],
  keyVar: string,
): string | undefined {
  const byHand = (t: Target) =>
    t.entry !== undefined &&
    (inExamples(facts.root, t.entry) || (scriptOfCollection(facts, t) && foreignKeyVar(keyVar)));
  if (!group.every(byHand)) return undefined;
  if (definedAnywhere(facts, keyVar)) return undefined;
  for (const o of targets) {
    if (group.includes(o) || isShellTarget(o) || !o.clients) continue;
    for (const c of o.clients) {
      if (c.status === 'never' || c.credential.kind !== 'env') continue;
      const got = c.credential.names.find((n) => n !== keyVar && o.vars[n]?.winner);
      if (got) return got;
    }
  }
  return undefined;
}

/**
 * Files a framework would load, those without a mode in their name first: a new one goes in `.env.local`
 * (what the frameworks' docs and READMEs say), not in `.env.development.local`.
 */
function modeless(files: string[] | undefined): string[] | undefined {
  if (!files) return files;
  const mode = (f: string) => /\.env\.(?:development|production|test|staging)(?:\.local)?$/.test(f);
  return [...files.filter((f) => !mode(f)), ...files.filter(mode)];
}

/**
 * The file to name in a fix covering several targets: the first of `t`'s files that every target of
 * the group reads too (Next.js dev and production both read `.env.local`, not `.env.development.local`),
 * else `t`'s first.
 */
function shared(group: Target[], t: Target, files: (x: Target) => string[] | undefined): string | undefined {
  const mine = files(t) ?? [];
  return mine.find((f) => group.every((x) => x === t || (files(x) ?? []).includes(f))) ?? mine[0];
}

/**
 * An example (under examples/, docs/, ...) for another provider than OpenAI whose key nothing in the
 * project defines: a demo of a service the user has not set up, even where no other part has its key
 * yet. That provider's name.
 */
function unsetProviderExample(
  facts: Parameters<Check['run']>[0]['facts'],
  group: Target[],
  keyVar: string,
): string | undefined {
  if (!group.every((t) => t.entry !== undefined && inExamples(facts.root, t.entry))) return undefined;
  const p = providerOfKeyVar(keyVar);
  if (!p || p.id === 'openai' || p.id === 'azure') return undefined;
  if (definedAnywhere(facts, keyVar)) return undefined;
  return p.name;
}

/**
 * A provider the user has not set up, in an app that offers several: nothing in the project defines the
 * variable (no shell, dotenv, compose or CI line, not even an empty one), while every target of the
 * group gets the key of another of its clients (a Groq page and an OpenAI page, only GROQ set). Which
 * page or route is used is the user's choice at run time. The variable the other clients get.
 */
function otherClientSetUp(
  facts: Parameters<Check['run']>[0]['facts'],
  group: Target[],
  keyVar: string,
): string | undefined {
  if (definedAnywhere(facts, keyVar)) return undefined;
  let got: string | undefined;
  // Any sibling that may run excuses it, even where this client "surely runs": that may be a client
  // built in a helper only a provider's branch calls (anything-llm's togetherAiModels()).
  const counts = (c: TargetClient) => c.status !== 'never';
  for (const t of group) {
    const hit = (t.clients ?? [])
      .flatMap((c) => (counts(c) && c.credential.kind === 'env' ? c.credential.names : []))
      .find((n) => n !== keyVar && (t.vars[n]?.value ?? '').trim() !== '');
    if (!hit) return undefined;
    got ??= hit;
  }
  return got;
}

/**
 * Whether a file belongs to one project of a collection: a repository with no project at its root
 * and two or more below it (crewAI-examples' crews/* and flows/*, each a standalone app with its own
 * pyproject.toml and .env), the file in one of its folders.
 */
/** An SDK of another language in the project's build files that reads OPENAI_API_KEY when given no key. */
function envDefaultSdk(facts: Parameters<Check['run']>[0]['facts']): string | undefined {
  return facts.project.otherSdks?.find((s) => /^(github\.com\/openai\/openai-go|async-openai) /.test(s));
}

/** Targets of a framework's server, known by the file that configures them rather than an entry file. */
const FRAMEWORK_KINDS = new Set(['next', 'spring', 'dotnet', 'vite']);

/** Build files of other languages that make a folder an app of its own (a Maven module, a Go module). */
const OTHER_MANIFEST = /(^|\/)(pom\.xml|build\.gradle(\.kts)?|go\.mod|Cargo\.toml|[^/]+\.csproj)$/;

function inCollection(facts: Parameters<Check['run']>[0]['facts'], file: string): boolean {
  const dirs = new Set(
    [
      ...facts.project.python.map((p) => p.rel),
      ...facts.project.packageJsons.map((p) => p.rel),
      ...facts.files.filter((f) => !f.ignored && OTHER_MANIFEST.test(f.rel)).map((f) => f.rel),
    ].map(dirOf),
  );
  if (dirs.has('') || dirs.size < 2) return false;
  // any app in a folder of it, with a manifest of its own or not (crews/screenplay_writer has none)
  return file.includes('/');
}

function hasLiteralKey(t: Target, facts: Parameters<Check['run']>[0]['facts']): boolean {
  // a Worker's `env.OPENAI_API_KEY` binding or a third-party MCP server: the project's literal keys are not what it reads
  if (t.kind === 'wrangler' || t.kind === 'mcp' || t.kind === 'test-runner') return false;
  // A client built with a literal key does not read the variable (key-hardcoded-overrides-env says so).
  const clients = facts.code?.clients ?? [];
  if (clients.length === 0) return false;
  const lang = t.kind === 'python' ? /\.(py|ipynb)$/ : /\.(c|m)?[jt]sx?$/;
  const mine = clients.filter((c) => lang.test(c.file));
  return mine.length > 0 && mine.every((c) => c.options.apiKey !== undefined && c.options.apiKey.kind !== 'env');
}

interface Gap {
  target: Target;
  keyVar: string;
  /** The client that reads it, when the target's clients are known. */
  client?: TargetClient;
  /** No client needs it, but the entry reads it with `os.environ[...]` when it starts: where. */
  read?: { file: string; line: number };
}

/**
 * The target reads a source that defines a misspelling of the name (`OPENAI_KEY` exported in the shell,
 * `OPENAI_APIKEY=` in the .env it loads): env-name-mismatch names that cause with the line to rename,
 * so key-missing stays quiet (one fact, one finding). A similar name in a file the target does not
 * load leaves key-missing to say so.
 */
function misnamed(facts: Parameters<Check['run']>[0]['facts'], t: Target, name: string): boolean {
  const loads = new Set(t.loads ?? []);
  const pa = providerOfKeyVar(name);
  // a settings prefix left off (`OPENAI_API_KEY` for `MYAPP_OPENAI_API_KEY`): env-name-mismatch says so
  const prefixed = (a: string, b: string): boolean => a.endsWith(`_${b}`) || b.endsWith(`_${a}`);
  for (const [other, defs] of definitions(facts)) {
    if (!similarNames(name, other) && !prefixed(name, other)) continue;
    const pb = providerOfKeyVar(other);
    if (pa && pb && pa.id !== pb.id) continue;
    if (facts.env[other] !== undefined && facts.env[other] !== '') return true;
    if (defs.some((d) => d.value !== '' && d.envFile !== undefined && loads.has(d.envFile))) return true;
  }
  for (const other of Object.keys(facts.env))
    if (
      facts.env[other] !== '' &&
      similarNames(name, other) &&
      !(pa && providerOfKeyVar(other) && providerOfKeyVar(other)?.id !== pa.id)
    )
      return true;
  return false;
}

/**
 * What each target lacks. A target whose clients are known lacks the variable of each client that
 * runs there and finds no value for any name it tries (a client that may not run counts only when no
 * other client of the target has its key); other targets lack their key variable.
 */
function gaps(facts: Parameters<Check['run']>[0]['facts'], targets: Target[]): Gap[] {
  const apps = targets.filter((t) => !isShellTarget(t));
  // "This shell" is where the user runs the app, not an app: it needs a key only when nothing else can be told.
  // So is a project whose only sign of an LLM is another language's SDK in its build file (a Go CLI on
  // openai-go): keydoctor follows none of its code, and the shell is where it runs.
  // (only SDKs that read OPENAI_API_KEY by themselves: openai-go's and async-openai's clients do; .NET,
  // Java and the frameworks over them take the key from their configuration)
  const otherOnly = apps.length === 0 && envDefaultSdk(facts) !== undefined && !facts.code?.clients.length;
  const considered = apps.length || (facts.code && !otherOnly) ? apps : targets.filter((t) => t.id === 'shell');
  const out: Gap[] = [];
  // Looked up once, not per target (a compose file with thousands of services made this quadratic).
  const fresh = targets.find((x) => x.id === 'shell:new-terminal');
  for (const t of considered) {
    if (t.needsKey === false) {
      // no client needs it, but the entry reads it as `os.environ["OPENAI_API_KEY"]` when it starts (babyagi's
      // main.py): unset, that raises KeyError before anything runs
      const read = t.readsKey && !t.vars[t.keyVar]?.winner && !t.external?.length ? hardRead(facts, t) : undefined;
      if (read) out.push({ target: t, keyVar: t.keyVar, read });
      continue;
    }
    // a secret manager starts it (op run, doppler run, ...): the key comes from outside keydoctor's sight
    if (t.external?.length) continue;
    // The key sits in a dotenv file the target never loads: dotenv-not-loaded names that cause (one fact, one
    // finding), unless a new terminal would have the key (then the shell is the cause, said below).
    const unloaded = unloadedKey(facts, t) !== undefined && !fresh?.vars[t.keyVar]?.winner;
    if (t.clients) {
      // a client that signs in with Entra ID when it has no key (Semantic Kernel's Azure services) lacks nothing
      const envClients = t.clients.filter(
        (c) =>
          c.status !== 'never' &&
          c.credential.kind === 'env' &&
          facts.code?.clients[c.client]?.entraWithoutKey !== true,
      );
      // a default in the code, or a prompt when the variable is unset (`os.getenv("X") or getpass(...)`: the
      // notebooks of many tutorials ask for the key): the client gets one either way; an empty default
      // (`process.env.OPENAI_API_KEY || ""`, `os.getenv("OPENAI_API_KEY", "")`) is no key for OpenAI or
      // Azure (a local server, Ollama, takes any key)
      const has = (c: TargetClient) =>
        c.credential.kind === 'env' &&
        (c.credential.names.some((n) => t.vars[n]?.winner) ||
          (c.credential.default !== undefined &&
            ((c.credential.default.trim() !== '' && !isPlaceholder(c.credential.default)) ||
              (c.endpoint.provider !== 'openai' && c.endpoint.provider !== 'azure'))) ||
          c.credential.prompted !== undefined);
      const satisfied = envClients.some((c) => has(c));
      const seen = new Set<string>();
      const mine: Gap[] = [];
      // a client that surely runs names the gap before one built only on some path (the chat route
      // before a server action behind a condition): the finding is then as certain as it is
      const byCertainty = [...envClients].sort((a, b) => Number(a.status === 'maybe') - Number(b.status === 'maybe'));
      for (const c of byCertainty) {
        if (has(c) || (c.status === 'maybe' && satisfied) || c.credential.kind !== 'env') continue;
        const name = c.credential.names[0] ?? t.keyVar;
        if (seen.has(name) || (unloaded && name === t.keyVar) || misnamed(facts, t, name)) continue;
        seen.add(name);
        mine.push({ target: t, keyVar: name, client: c });
      }
      // Helpers that take the key from their caller first (`apiKey || process.env.X`) add nothing
      // where the target lacks a key it surely needs anyway: that one is the finding.
      // But OpenAI's own client given its key by the caller first (`createOpenAI({ apiKey })`) beside other
      // providers' plain ones (fragments, nothing set up yet): OpenAI's is the key to ask for, not theirs.
      const taken = (g: Gap) => g.client?.credential.kind === 'env' && g.client.credential.givenBy !== undefined;
      const openai = (g: Gap) => g.client?.endpoint.provider === 'openai';
      const openaiTaken = mine.some((g) => taken(g) && openai(g));
      const plain = mine.some((g) => !taken(g) && (openai(g) || !openaiTaken));
      for (const g of mine) {
        if (plain && taken(g)) continue;
        if (!plain && openaiTaken && !openai(g)) continue;
        out.push(g);
      }
      // a key read from a framework's secrets file (st.secrets["openai_key"]) that no such file of the target holds
      for (const c of t.clients) {
        if (
          c.status === 'never' ||
          c.credential.kind !== 'store' ||
          !c.credential.var ||
          t.vars[c.credential.var]?.winner
        )
          continue;
        if ((c.status === 'maybe' && satisfied) || seen.has(c.credential.var)) continue;
        if (c.credential.store !== 'streamlit-secrets') continue;
        seen.add(c.credential.var);
        out.push({ target: t, keyVar: c.credential.var, client: c });
      }
      continue;
    }
    if (t.vars[t.keyVar]?.winner || unloaded || misnamed(facts, t, t.keyVar)) continue;
    if (hasLiteralKey(t, facts)) continue;
    // a browser build (Vite, Create React App) inlines only the variables its code reads: one that reads no
    // VITE_OPENAI_API_KEY (a key pasted at run time, an ephemeral token from the server) needs none
    if (t.kind === 'vite' || t.kind === 'cra') {
      const home = dirOf(t.location?.path ?? '');
      const reads = facts.code?.envReads.some(
        (r) => r.name === t.keyVar && (home === '' || r.file.startsWith(`${home}/`)),
      );
      if (facts.code && !reads) continue;
    }
    out.push({ target: t, keyVar: t.keyVar });
  }
  return out;
}

/** The target's entry reads its key variable with `os.environ[...]` at module level, unconditionally. */
function hardRead(facts: Parameters<Check['run']>[0]['facts'], t: Target): { file: string; line: number } | undefined {
  return (facts.code?.envReads ?? []).find(
    (r) =>
      r.name === t.keyVar &&
      r.file === t.entry &&
      r.via === 'os.environ[]' &&
      r.topLevel === true &&
      !(r.when ?? []).length,
  );
}

/** Where the code a target runs sets environment variables whose names it computes (`file:line`), if it does. */
function computedEnvWrite(facts: Facts, t: Target): string | undefined {
  const code = facts.code;
  if (!code || !t.entry) return undefined;
  const files = reachable(facts, t.entry);
  if (!files) return undefined;
  for (const f of code.files) {
    if (!files.has(f.file)) continue;
    const s = (f.signals ?? []).find((x) => x.kind === 'env-computed-write');
    if (s) return `${f.file}:${s.line}`;
  }
  return undefined;
}

/**
 * The project's template for a dotenv file that was never made (`.env.example` beside the missing
 * `.env`, or in a folder above it, naming the key): the file a README says to copy.
 */
function templateOf(facts: Facts, missing: string, keyVar: string): string | undefined {
  const dir = dirOf(missing);
  const above = (d: string) => d === '' || dir === d || dir.startsWith(`${d}/`);
  return facts.envFiles
    .filter(
      (f) =>
        f.exists &&
        f.role === 'example' &&
        above(dirOf(f.relPath)) &&
        Object.values(f.byDialect).some((as) => as?.some((a) => a.name === keyVar)),
    )
    .sort((a, b) => dirOf(b.relPath).length - dirOf(a.relPath).length || compareText(a.relPath, b.relPath))[0]?.relPath;
}

export const check: Check = {
  meta: {
    id: 'key-missing',
    title: 'No source gives the target a key',
    severity: 'error',
    area: 'value',
    docs: {
      what: "A client that the run target builds reads a key variable that nothing the target reads defines (its environment, the dotenv files its loader reads, its start command). Only clients the target reaches count: a part of the project that builds no client needs no key, and a client in a branch that the target's configuration rules out (`LLM_PROVIDER=openai` with a DashScope branch) is not judged. A client in a branch keydoctor cannot decide, or one whose options are spread in (`**kwargs`), gives a warning at most; a check of the request before it that answers with an HTTP error (`if (!VOICES.includes(voice)) return new Response(..., { status: 400 })`) is no such branch: the client runs for every valid request. A tox env is a target only where the tests its commands hand pytest read the key (`pytest tests/test_math.py` does not), and an env without commands runs none. An example script (under `examples/`, `docs/`, `cookbook/`, ...) for a provider whose key nothing in the project defines while the other parts get their keys is a note: a demo of a service the user has not set up (one for another provider than OpenAI when no part has its key yet is a warning). A `langgraph dev` config gives a warning too where its graph's client gets its key in the app's own target, or where it sits inside an app that gets its key (the app works; only that way of running it lacks the key). A target whose code builds no client but whose entry reads the key as `os.environ['OPENAI_API_KEY']` when it starts (handing it to a library) needs it too: unset, that raises KeyError. So does a compose service of a test set-up (a compose file under `tests/`, `e2e/`, ...). A browser build (Vite, Create React App) whose key variable (`VITE_OPENAI_API_KEY`, `REACT_APP_...`) is unset gets a note: a value there is published with the page, and such apps usually ask their user for the key. A Semantic Kernel Azure service built without a key signs in with Entra ID and lacks nothing; nor does a client whose code asks for the key when the variable is unset (`os.getenv('OPENAI_API_KEY') or getpass(...)`, `input(...)`, a `text_input` field), while another fallback keydoctor cannot follow (`or config.get(...)`) makes it a warning. A project whose only sign of an LLM is another language's SDK in its build file that reads OPENAI_API_KEY by itself (`github.com/openai/openai-go` in go.mod, async-openai in Cargo.toml), whose code keydoctor does not follow, gets a warning when the shell lacks the key. When the key sits in a dotenv file the target never loads, dotenv-not-loaded reports that instead (or this check, for a framework's server, as a warning where a compose service built from the project hands that file to its container). When the target reads a similar name instead (`OPENAI_KEY` exported in the shell, `OPENAI_APIKEY=` in the .env it loads), env-name-mismatch reports that. A key option read from an unset variable without a default (`api_key=os.getenv(\"X\")`, `apiKey: process.env.X`) is None / undefined, and the OpenAI SDKs then read their own variable (OPENAI_API_KEY, AZURE_OPENAI_API_KEY) unless the client has its own base URL: the key is missing only when that one is unset too. A default in the code gives the client its key, but an empty one (`process.env.OPENAI_API_KEY || \"\"`, `os.getenv(\"OPENAI_API_KEY\", \"\")`) sends OpenAI or Azure an empty key: missing all the same (a local server takes any key).",
      why: 'The SDK finds no key: openai-node and openai-python raise "Missing credentials" / "The api_key client option must be set" before any request is made.',
      fix: "Put the key where the target reads it: in the `.env` file its loader reads (see the target's loading line), or export it in the shell that starts the app. Where that `.env` was never made and the project has its template (`.env.example` naming the key, beside it or in a folder the loader walks up to), the fix is `cp .env.example .env` and the key put in the copy. If the key sits in a file nothing loads, load that file. When make, just or a shell script starts the app, the launcher must hand the file on: `include .env` plus `export` in the Makefile, `set dotenv-load` in the justfile, `set -a` before `source .env` in the script. Some launchers never pass the shell's environment on: a systemd unit (put it in `Environment=` or an `EnvironmentFile=`), an MCP server started by Claude Desktop (its `env` block in `claude_desktop_config.json`), tox 4 (name it in `pass_env`), `wrangler dev` (`.dev.vars`, or `.env` when there is no `.dev.vars`; deployed, `wrangler secret put`). A target that a secret manager starts (`op run`, `doppler run`, `infisical run`, `aws-vault exec`, `chamber exec`, `sops exec-env`) gets its key from outside keydoctor's sight and is not reported; so does a shell script a Dockerfile of the project starts (`CMD` / `ENTRYPOINT`), which runs in the container with the variables its deployment gives. Supabase Edge Functions never see the shell's environment: the key goes in `supabase/functions/.env` (the CLI loads it) and, deployed, `supabase secrets set`. A browser key (`VITE_`, `REACT_APP_`, or `NEXT_PUBLIC_` read by a `use client` component) left unset is a note: such apps ask their user for the key, and one set there is published with the page. A client that surely runs is named before one built on some path, and a framework's new file is its mode-less one (`.env.local`). Examples, and scripts of a collection run by hand, for a provider not set up while the rest gets its OpenAI key are warnings.",
    },
  },
  run({ facts, targets }) {
    const groups = new Map<
      string,
      { targets: Target[]; keyVar: string; elsewhere: string[]; client?: TargetClient; read?: Gap['read'] }
    >();
    for (const gap of gaps(facts, targets)) {
      const t = gap.target;
      const r = t.vars[gap.keyVar];
      const elsewhere = (r?.chain ?? [])
        .filter((c) => c.status === 'not-loaded')
        .map((c) => `${locText(c.assignment) ?? c.assignment.kind} (${c.reason ?? 'not read'})`);
      const k = `${gap.keyVar}|${gap.client?.status ?? ''}|${gap.client?.condition ?? ''}|${elsewhere.join(';')}`;
      const g = groups.get(k);
      if (g) g.targets.push(t);
      else
        groups.set(k, {
          targets: [t],
          keyVar: gap.keyVar,
          elsewhere,
          ...(gap.client ? { client: gap.client } : {}),
          ...(gap.read ? { read: gap.read } : {}),
        });
    }
    const out: FindingDraft[] = [];
    for (const g of groups.values()) {
      const t = g.targets[0] as Target;
      const chosen = g.client ? otherProviderExample(facts, targets, g.targets, g.keyVar) : undefined;
      const sibling = g.client && !chosen ? otherClientSetUp(facts, g.targets, g.keyVar) : undefined;
      // A helper whose caller passes the key first (`apiKey || process.env.X`, anything-llm's
      // togetherAiModels(apiKey)), for a provider nothing sets up while another is: nothing to say.
      if (sibling && g.client?.credential.kind === 'env' && g.client.credential.givenBy) continue;
      // A browser client (dangerouslyAllowBrowser) given its key by its caller: the key each visitor types
      // in (mem0's multimodal demo keeps it in localStorage); no environment of this machine gives it one.
      if (
        g.client?.credential.kind === 'env' &&
        g.client.credential.givenBy &&
        facts.code?.clients[g.client.client]?.options.dangerouslyAllowBrowser
      )
        continue;
      const demo = g.client && !chosen && !sibling ? unsetProviderExample(facts, g.targets, g.keyVar) : undefined;
      // a `langgraph dev` config (a dev server beside the app) whose graph's client gets its key in the app's own
      // target (the Next.js app that builds the same graph): the app works; only that way of running it lacks the key
      const covered =
        g.client && g.targets.every((x) => x.kind === 'langgraph')
          ? targets.find(
              (o) =>
                !g.targets.includes(o) &&
                !isShellTarget(o) &&
                (o.clients ?? []).some(
                  (c) =>
                    c.client === g.client?.client &&
                    c.status !== 'never' &&
                    c.credential.kind === 'env' &&
                    c.credential.names.some((n) => o.vars[n]?.winner),
                ),
            )
          : undefined;
      // another part of the project the user did set up: its key comes from a file, not from this shell
      const setUpElsewhere = (o: Target) => setUpTarget(o, g.targets, g.keyVar);
      // a compose service of a test set-up (tests/docker-compose.yml, a CI harness): it runs only with those tests
      const harness = g.targets.every((x) => x.kind === 'compose-service' && TEST_DIR.test(x.location?.path ?? ''))
        ? g.targets[0]?.location?.path
        : undefined;
      // a `langgraph dev` config inside an app that gets its key another way (a Next.js app with its graph
      // beside the routes): that dev server is a second way to run the graph, needed only if you use it
      const lgDir = (x: Target) => dirOf(x.location?.path ?? '');
      const besideApp =
        g.client && !covered && g.targets.every((x) => x.kind === 'langgraph')
          ? targets.find((o) => {
              if (o.kind === 'langgraph' || !o.location || !setUpElsewhere(o)) return false;
              const d = dirOf(o.location.path);
              return g.targets.every((x) => d === '' || lgDir(x) === d || lgDir(x).startsWith(`${d}/`));
            })
          : undefined;
      // an example or template of a collection that is not set up, while another part of it is (the user set up
      // the one they run): it needs a key only if someone runs it
      const idle =
        !chosen &&
        !sibling &&
        !demo &&
        !covered &&
        g.targets.every((x) => {
          // a script's entry file, or the manifest or settings file of a framework's server (a Next.js or
          // Spring Boot example has no entry)
          const at = x.entry ?? (FRAMEWORK_KINDS.has(String(x.kind)) ? x.location?.path : undefined);
          return at !== undefined && (EXAMPLE_DIR.test(at) || TEMPLATE_DIR.test(at) || inCollection(facts, at));
        }) &&
        targets.some(setUpElsewhere);
      // A way of running the project that is not set up at all (it loads no dotenv file and gets no
      // value from one), while another way is (anything-llm set up for docker: `yarn dev` has no
      // server/.env.development): it needs the key only if it is run that way.
      const shares = (o: Target) =>
        (o.clients ?? []).some((c) => g.targets.some((x) => (x.clients ?? []).some((y) => y.client === c.client)));
      const otherWay =
        !idle &&
        !chosen &&
        !sibling &&
        !demo &&
        !covered &&
        g.elsewhere.length === 0 &&
        g.targets.every(
          (x) =>
            !isShellTarget(x) &&
            (x.loads ?? []).length === 0 &&
            !Object.values(x.vars).some((v) => v.winner?.kind === 'dotenv'),
        ) &&
        // the same code run another way: a deployment of the project, or a target reaching the same client;
        // or a deployment that runs the published image, while the code runs here set up (chatgpt-web)
        targets.find(
          (o) => setUpElsewhere(o) && (DEPLOY_KINDS.has(String(o.kind)) || shares(o) || g.targets.every(runsImageOnly)),
        );
      // the key sits in a file the code never loads, which a compose service built from the project
      // hands to its container (`env_file:`): `docker compose up` works; only running it directly does not
      const unloadedFile = (t.vars[g.keyVar]?.chain ?? []).find(
        (c) => c.status === 'not-loaded' && c.assignment.kind === 'dotenv',
      )?.assignment.location?.path;
      const composed =
        !isShellTarget(t) && unloadedFile ? composeHanding(facts, targets, unloadedFile, g.keyVar) : undefined;
      // the code sets variables whose names it computes (`os.environ[key] = value` over a loaded file)
      const computed = isShellTarget(t) ? undefined : computedEnvWrite(facts, t);
      const store = g.client?.credential.kind === 'store' ? g.client.credential : undefined;
      // a secrets file there that is not valid TOML (an unquoted value): Streamlit reads none of it
      const brokenStore = store
        ? (facts.stores ?? []).find((f) => f.store === 'streamlit' && f.broken !== undefined && f.role === 'project')
        : undefined;
      const brokenAt = brokenStore
        ? `${brokenStore.path}${brokenStore.broken?.line ? `:${brokenStore.broken.line}` : ''}`
        : '';
      // the dotenv file the target's loader looks for was never made (`cp .env.example .env` skipped)
      const unmade = t.loads?.length ? undefined : shared(g.targets, t, (x) => modeless(x.missingLoads));
      const template = unmade ? templateOf(facts, unmade, g.keyVar) : undefined;
      const where =
        t.kind === 'supabase'
          ? ` (the edge runtime does not get the shell's environment${facts.env[g.keyVar] !== undefined ? `, so this shell's ${g.keyVar} does not reach it` : ''}; ${t.loads?.length ? `it gets ${t.loads.join(', ')}` : unmade ? `the CLI would load ${unmade}, which does not exist` : 'it gets only what the CLI injects'})`
          : brokenStore
            ? ` (${brokenAt} is not valid TOML, so Streamlit reads none of it: ${brokenStore.broken?.message ?? ''})`
            : store
              ? ` (Streamlit reads st.secrets from .streamlit/secrets.toml in the folder it is started from, then ~/.streamlit/secrets.toml; neither defines ${store.name})`
              : t.loads?.length
                ? ` (it reads the environment and ${t.loads.join(', ')})`
                : unmade
                  ? ` (it reads the environment, and would load ${unmade}, which does not exist${template ? `: the project has its template, ${template}` : ''})`
                  : ' (it reads only the environment)';
      const also = g.elsewhere.length ? `; ${g.keyVar} is set in ${g.elsewhere[0]}` : '';
      const isShell = t.kind === 'shell';
      const reader = g.client
        ? ` for the client at ${g.client.location.path}:${g.client.location.line ?? ''}`
        : g.read
          ? `, which ${g.read.file}:${g.read.line} reads as os.environ["${g.keyVar}"] when it starts (a KeyError when unset)`
          : '';
      const maybe =
        (g.client?.status === 'maybe'
          ? ` The client is built only if ${g.client.condition ?? 'a condition holds'}, so this matters only on that path.`
          : '') +
        (g.client?.credential.kind === 'env' && g.client.credential.maybeGiven
          ? g.client.credential.givenBy
            ? ` Its key is \`${g.client.credential.givenBy}\` first, which a caller may set to a key keydoctor cannot see.`
            : g.client.credential.orElse
              ? ` When ${g.keyVar} is unset the key comes from \`${g.client.credential.orElse}\`, which keydoctor cannot follow.`
              : ' Its options are passed through (`**kwargs` / a spread), which may carry a key keydoctor cannot see.'
          : '');
      // An admin key does not replace it: openai-python 3 / openai-node 7 read OPENAI_ADMIN_KEY for /v1/organization endpoints only
      const admin =
        g.keyVar === 'OPENAI_API_KEY' && (t.vars.OPENAI_ADMIN_KEY?.value ?? '').trim() !== ''
          ? ` OPENAI_ADMIN_KEY is set${t.vars.OPENAI_ADMIN_KEY?.winner?.location ? ` (${t.vars.OPENAI_ADMIN_KEY.winner.location.path})` : ''}, but an admin key works only on the administration endpoints (/v1/organization/...): model calls still need OPENAI_API_KEY.`
          : '';
      const other = isShell && facts.code ? envDefaultSdk(facts) : undefined;
      // a browser bundle's key variable (VITE_OPENAI_API_KEY): a value there is published with the page,
      // and apps built so take the key from their user (BetterChatGPT's API menu); unset is their norm. Only for the
      // browser builds (Vite, Create React App): a Next.js server route reading NEXT_PUBLIC_ needs it as any server does
      // (or a Next.js 'use client' component reading NEXT_PUBLIC_OPENAI_API_KEY: inlined into the page too)
      const browserFile =
        g.client !== undefined &&
        (facts.code?.files ?? []).some((f) => f.file === g.client?.location.path && f.clientSide === true);
      const published =
        BROWSER_PREFIX.test(g.keyVar) && (browserFile || g.targets.every((x) => x.kind === 'vite' || x.kind === 'cra'));
      const message = isShell
        ? `${g.keyVar} is not set in this shell and no project file or start-up file defines it.${admin}${other ? ` The project depends on ${other}, whose code keydoctor does not follow: if it reads ${g.keyVar} (the SDK's default), it has no key.` : ''}`
        : `${targetNames(g.targets)} ${g.targets.length > 1 ? 'get' : 'gets'} no ${g.keyVar}${reader}${where}${also}.${maybe}${admin}${chosen ? ` Nothing in the project defines ${g.keyVar}, while the other parts get ${chosen}: this example is for a service you have not set up, and needs ${g.keyVar} only if you run it.` : ''}${sibling ? ` Nothing in the project defines ${g.keyVar}, while the target's other clients get ${sibling}: that client is for a provider you have not set up, and needs ${g.keyVar} only if you use it.` : ''}${demo ? ` Nothing in the project defines ${g.keyVar}: this example is for ${demo}, which you have not set up, and needs ${g.keyVar} only if you run it.` : ''}${covered ? ` Started as ${covered.label}, the same client gets its key.` : ''}${harness ? ` ${harness} is a test set-up: this matters only when you run those tests.` : ''}${besideApp ? ` ${besideApp.label} gets its key; \`langgraph dev\` is another way to run this graph, and needs ${g.keyVar} only if you use it.` : ''}${idle ? ' It is an example of this repository that is not set up, while another part is: it needs the key only if you run it.' : ''}${otherWay ? ` This way of running it is not set up (it loads no dotenv file), while ${otherWay.label} gets its key: it needs ${g.keyVar} only if you run it this way.` : ''}${composed ? handingText(composed, unloadedFile ?? '', g.keyVar) : ''}${computed ? ` The code at ${computed} sets environment variables whose names it computes (os.environ[name] = value, as from a file it reads), which may set ${g.keyVar}.` : ''}${published ? ` A value of ${g.keyVar} is built into the page for anyone who opens it (key-exposed-to-client): an app that asks its user for the key needs none here.` : ''}`;
      const spread = g.client?.credential.kind === 'env' && g.client.credential.maybeGiven === true;
      // a test run (tox): tests often skip or mock without a key, so its lack is a warning
      // (a page per provider with another provider's page set up keeps its warning: that page fails)
      // an example for a service nothing in the project sets up, while the other parts get their key (camel's
      // Perplexity search, marvin's Azure example): a note; one for a provider of the target's own (a page per
      // provider) or with nothing set up anywhere yet stays a warning
      const severity =
        (published && !(browserFile && (sibling || chosen))) || (chosen && !browserFile)
          ? { severity: 'info' as const }
          : other ||
              g.client?.status === 'maybe' ||
              spread ||
              chosen ||
              sibling ||
              demo ||
              covered ||
              besideApp ||
              harness ||
              idle ||
              otherWay ||
              composed ||
              computed ||
              g.targets.every((x) => x.kind === 'test-runner')
            ? { severity: 'warning' as const }
            : {};
      // A new terminal would have it: the start-up file was edited after this shell started.
      const fresh = targets.find((x) => x.id === 'shell:new-terminal')?.vars[g.keyVar]?.winner;
      if (fresh?.location && fresh.value.trim() !== '' && fresh.kind === 'envrc') {
        // direnv would set it on entering the folder: it is not allowed, not hooked, or not run yet.
        const file = fresh.location.path;
        out.push({
          id: 'key-missing',
          severity: 'warning',
          message: `${isShell ? 'This shell has' : `${targetNames(g.targets)} ${verb(g.targets, 'has', 'have')}`} no ${g.keyVar}, but direnv would set it from ${file}:${fresh.location.line ?? ''} (${fresh.detail ?? '.envrc'}): direnv has not run in this shell (the .envrc is not allowed, or direnv is not hooked into the shell).`,
          target: t.id,
          location: { ...fresh.location },
          fix: {
            summary:
              'Allow the .envrc and make sure direnv is hooked into your shell (eval "$(direnv hook bash)" or zsh), then enter the folder again.',
            command: 'direnv allow',
          },
          data: { variable: g.keyVar, targets: g.targets.map((x) => x.id), via: 'direnv' },
        });
        continue;
      }
      if (fresh?.location && fresh.value.trim() !== '') {
        const file = fresh.location.path;
        out.push({
          id: 'key-missing',
          severity: 'warning',
          message: `${isShell ? 'This shell has' : `${targetNames(g.targets)} ${verb(g.targets, 'has', 'have')}`} no ${g.keyVar}, but ${file}:${fresh.location.line ?? ''} sets it: this terminal was opened before that line was added (or does not read ${file}).`,
          target: t.id,
          location: { ...fresh.location },
          fix: {
            summary: `Open a new terminal (or run \`source ${file}\`) before starting the app.`,
            command: `source ${file}`,
          },
          data: { variable: g.keyVar, targets: g.targets.map((x) => x.id) },
        });
        continue;
      }
      const first = (t.vars[g.keyVar]?.chain ?? []).find((c) => c.status === 'not-loaded')?.assignment;
      const fileHint = shared(g.targets, t, (x) => x.loads);
      // A loaded file saved as UTF-16 (PowerShell's `echo ... > .env`): the key may well be in it, unread.
      const utf16 = facts.envFiles.find(
        (f) =>
          f.exists && (f.encoding === 'utf16le' || f.encoding === 'utf16be') && (t.loads ?? []).includes(f.relPath),
      );
      if (utf16) {
        const file = utf16.relPath;
        out.push({
          id: 'key-missing',
          message: `${message.slice(0, -1)}: ${file} is saved as UTF-16, which ${t.kind === 'python' ? 'python-dotenv' : 'the loader'} cannot read, so whatever it holds is not set.`,
          target: t.id,
          location: { path: file, line: 1 },
          fix: {
            summary: `Save ${file} as UTF-8 (in PowerShell, write it with \`Set-Content -Encoding utf8\` or \`Out-File -Encoding utf8\` instead of \`>\`).`,
            command: `iconv -f UTF-16 -t UTF-8 ${file} > ${file}.utf8 && mv ${file}.utf8 ${file}`,
          },
          data: { variable: g.keyVar, targets: g.targets.map((x) => x.id), encoding: utf16.encoding },
        });
        continue;
      }
      // the shell has it, but the launcher hands on only what its config names (tox's pass_env)
      const filtered = (t.vars[g.keyVar]?.chain ?? []).find(
        (c) => c.status === 'not-loaded' && c.assignment.kind === 'process-env' && /pass_env/.test(c.reason ?? ''),
      );
      const fix = filtered
        ? {
            summary: `Name ${g.keyVar} in pass_env${t.location?.path ? ` in ${t.location.path}` : ''} (tox 4 hands on only the names listed there): the shell already has it.`,
          }
        : t.kind === 'supabase'
          ? {
              // the edge runtime never sees the shell's environment: exporting the key changes nothing
              summary: `Put \`${g.keyVar}=<your key>\` in ${unmade ?? fileHint ?? 'supabase/functions/.env'} (the Supabase CLI loads it for \`supabase functions serve\`; the edge runtime does not see the shell's environment), and set it for the deployed functions with \`supabase secrets set ${g.keyVar}=<your key>\`. Keep the file out of git.`,
            }
          : brokenStore && store
            ? {
                summary: `Fix ${brokenAt}: TOML needs the value in quotes (\`${store.name.split('.').pop() ?? store.name} = "<your key>"\`).`,
              }
            : store
              ? {
                  summary: `Create .streamlit/secrets.toml next to where you run \`streamlit run\` with the line \`${store.name.split('.').pop() ?? store.name} = "<your key>"\`${store.name.includes('.') ? ` under [${store.name.split('.').slice(0, -1).join('.')}]` : ''}, and keep the file out of git.`,
                }
              : first?.location
                ? {
                    summary: `Load ${first.location.path} in this target, or copy line ${first.location.line ?? 1} into ${fileHint ?? 'a file it loads'}, or export ${g.keyVar} before starting it.`,
                  }
                : published
                  ? {
                      summary: `Leave ${g.keyVar} unset if the app asks its user for the key. A key you set there is published with the page: to use one of your own, call OpenAI from server code that reads it under a name without the ${BROWSER_PREFIX.exec(g.keyVar)?.[1] ?? ''} prefix.`,
                    }
                  : unmade && template
                    ? {
                        summary: `Copy ${template} to ${unmade} (the file the app loads) and put your key in it: \`${g.keyVar}=<your key>\`. Keep ${unmade} out of git.`,
                        command: `cp ${template} ${unmade}`,
                      }
                    : {
                        summary: fileHint
                          ? `Add \`${g.keyVar}=<your key>\` to ${fileHint}, or export it in the shell that starts the app.`
                          : unmade
                            ? `Create ${unmade} (the file the app loads) with the line \`${g.keyVar}=<your key>\`, or export the key in the shell that starts the app.`
                            : `Export the key in the shell that starts the app (or add it to a .env file the app loads).`,
                        command: `export ${g.keyVar}='<your key>'`,
                      };
      const location = g.client && !t.location ? g.client.location : t.location;
      out.push({
        id: 'key-missing',
        ...severity,
        message,
        target: t.id,
        location,
        fix,
        data: {
          variable: g.keyVar,
          targets: g.targets.map((x) => x.id),
          ...(g.client ? { client: g.client.location, status: g.client.status } : {}),
        },
      });
    }
    return out;
  },
};
