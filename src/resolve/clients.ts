/**
 * Clients as a target runs them: which of the project's client constructions a target reaches,
 * whether each runs there (its conditions evaluated against the target's environment), which
 * credential it reads, and which endpoint — and so which provider — its requests go to.
 */
import type { Facts } from '../core/facts.js';
import type { Resolution, TargetClient, TargetCredential, TargetEndpoint } from '../core/types.js';
import type { ClientConstruction, Guard } from '../code/types.js';
import { describeGuard, opHolds } from '../code/guard-text.js';
import { endpointOf, PROVIDERS, provider as providerById } from '../providers/index.js';
import { dynaconfVar, storesUseLLM, streamlitVar } from './stores.js';

/** Variables an SDK reads its endpoint from when the code passes none, in order. */
export function defaultEndpointVars(c: ClientConstruction): string[] {
  const py = c.language === 'python' || c.language === 'notebook';
  // A client of another provider (LangChain's init_chat_model("anthropic:..."), a raw HTTP call) reads no OpenAI variable
  if (c.provider && c.provider !== 'openai' && c.provider !== 'azure') return [];
  if (c.sdk === 'http') return [];
  switch (c.sdk) {
    case 'openai-legacy-python':
      return ['OPENAI_API_BASE'];
    case 'openai-legacy-node':
      return [];
    case 'langchain-openai':
      return py ? ['OPENAI_API_BASE', 'OPENAI_BASE_URL'] : ['OPENAI_BASE_URL'];
    case 'litellm':
      return c.azure ? ['AZURE_API_BASE', 'AZURE_OPENAI_ENDPOINT'] : ['OPENAI_BASE_URL', 'OPENAI_API_BASE'];
    case 'crewai':
      return ['OPENAI_API_BASE', 'OPENAI_BASE_URL'];
    case 'vercel-ai':
      return c.azure || c.noEnvBaseURL ? [] : ['OPENAI_BASE_URL'];
    case 'vercel-gateway':
      return ['AI_GATEWAY_BASE_URL'];
    case 'llamaindex-openai':
    case 'dspy-openai':
      return ['OPENAI_API_BASE'];
    case 'semantic-kernel-openai':
      return [];
    default:
      if (c.azure) return ['AZURE_OPENAI_ENDPOINT'];
      return ['OPENAI_BASE_URL'];
  }
}

/** Every variable a client's behaviour depends on: key, fallbacks, endpoint, conditions. */
export function clientNames(c: ClientConstruction): string[] {
  const out = new Set<string>();
  if (c.keyVar) out.add(c.keyVar);
  const k = c.options.apiKey;
  if (k?.kind === 'store') out.add(storeVarOf(k));
  for (const f of c.keyVarFallbacks ?? []) out.add(f);
  for (const v of Object.values(c.options)) {
    if (v && typeof v === 'object' && v.kind === 'env') {
      out.add(v.name);
      for (const f of v.fallbacks ?? []) out.add(f);
    }
  }
  for (const n of defaultEndpointVars(c)) out.add(n);
  for (const g of c.when ?? []) {
    if (g.kind !== 'env') continue;
    out.add(g.name);
    for (const f of g.fallbacks ?? []) out.add(f);
  }
  return [...out];
}

/** The name a target's vars give a value read from a key store (`st.secrets["openai"]["api_key"]`). */
export function storeVarOf(k: { store: string; name: string; path?: string[] }): string {
  if (k.store === 'dynaconf') return dynaconfVar(k.name);
  return streamlitVar(k.path ?? [k.name]);
}

type Vars = Record<string, Resolution>;

/** The value a chain of names gives (the first one set and not empty, as `or` / `||` take it). */
function firstValue(vars: Vars, names: string[]): { name: string; value: string } | undefined {
  for (const n of names) {
    const v = vars[n]?.value;
    if (v !== undefined && v !== '') return { name: n, value: v };
  }
  return undefined;
}

/** Whether a condition holds for a target: true, false, or undefined (cannot be told). */
export function guardHolds(g: Guard, vars: Vars, isEntry: boolean): boolean | undefined {
  switch (g.kind) {
    case 'main':
      return g.negated ? !isEntry : isEntry;
    case 'fixed':
      return g.holds;
    case 'unknown':
    case 'param':
      return undefined;
    case 'env': {
      let value = firstValue(vars, [g.name, ...(g.fallbacks ?? [])])?.value;
      // an empty value is falsy for a test, but it is what `==` compares
      if (value === undefined) value = vars[g.name]?.value === '' ? '' : g.default;
      const v = value !== undefined && g.caseless ? value.toLowerCase() : value?.trim();
      return opHolds(g.op, v, g.values);
    }
  }
}

function credentialOf(c: ClientConstruction, vars: Vars): TargetCredential {
  const k = c.options.apiKey;
  if (k?.kind === 'literal') return { kind: 'literal', value: k.value };
  if (k?.kind === 'token-provider' || (!k && c.options.azureADToken)) return { kind: 'token' };
  if (k?.kind === 'store') return { kind: 'store', store: k.store, name: k.name, var: storeVarOf(k) };
  const names =
    k?.kind === 'env'
      ? [...new Set([k.name, ...(k.fallbacks ?? []), ...(c.sdkFallback ? (c.keyVarFallbacks ?? []) : [])])]
      : c.keyVar
        ? [c.keyVar, ...(c.keyVarFallbacks ?? [])]
        : [];
  if (names.length === 0) return k ? { kind: 'opaque', text: k.kind === 'other' ? k.text : k.kind } : { kind: 'none' };
  const hit = firstValue(vars, names);
  const from = hit?.name ?? names.find((n) => vars[n]?.winner);
  const cred: TargetCredential = { kind: 'env', names, ...(from ? { from } : {}) };
  if (c.keyVarImplicit) cred.implicit = true;
  if (c.spread && !k) cred.maybeGiven = true;
  if (k?.kind === 'env' && k.before) {
    cred.maybeGiven = true;
    cred.givenBy = k.before;
  }
  if (k?.kind === 'env' && k.default !== undefined) cred.default = k.default;
  if (k?.kind === 'env' && k.after) {
    if (PROMPT.test(k.after)) cred.prompted = k.after;
    else {
      cred.maybeGiven = true;
      cred.orElse = k.after;
    }
  }
  return cred;
}

/** A call that asks the person running the program (the terminal, a notebook's input box, a UI field). */
const PROMPT =
  /^(?:(?:getpass\.)?getpass|input|(?:click|typer|rich\.prompt\.Prompt|Prompt)\.(?:prompt|ask)|(?:st\.(?:sidebar\.)?)?text_input|[\w.]*\.text_input|questionary\.(?:password|text)\(.*?\)\.ask)\s*\(/;

/** A client of the openai Python SDK (no base URL option) in an environment where OPENAI_BASE_URL is set but empty. */
function emptyBaseURL(c: ClientConstruction, vars: Vars): boolean {
  if (c.sdk !== 'openai-python' || c.azure || (c.provider && c.provider !== 'openai')) return false;
  return setEmpty(vars, 'OPENAI_BASE_URL');
}

/** The variable is set, to an empty string (or only whitespace). */
function setEmpty(vars: Vars, name: string): boolean {
  const v = vars[name];
  return v?.winner !== undefined && v.value !== undefined && v.value.trim() === '';
}

function endpointFrom(raw: string, from: string): TargetEndpoint {
  const e = endpointOf(raw);
  if (!e) return { url: raw, from };
  const out: TargetEndpoint = { url: raw.trim(), from, host: e.host };
  if (e.provider) out.provider = e.provider.id;
  return out;
}

function endpointOfClient(c: ClientConstruction, vars: Vars): TargetEndpoint {
  const opt = c.options.baseURL ?? c.options.azureEndpoint;
  if (opt?.kind === 'literal') return endpointFrom(opt.value, 'code');
  // `createOpenAI({ baseURL: process.env.OPENAI_BASE_URL })` (the AI SDK keeps '' as its base URL: '' ?? default
  // is ''), `OpenAI(base_url=os.getenv("OPENAI_BASE_URL"))`: an empty variable passed as it is
  if (
    opt?.kind === 'env' &&
    c.options.baseURL === opt &&
    !opt.fallbacks?.length &&
    opt.default === undefined &&
    (c.sdk === 'vercel-ai' || c.sdk === 'openai-python') &&
    !c.azure &&
    setEmpty(vars, opt.name)
  )
    return { url: '', from: opt.name };
  if (opt?.kind === 'env') {
    const hit = firstValue(vars, [opt.name, ...(opt.fallbacks ?? [])]);
    if (hit) return endpointFrom(hit.value, hit.name);
    if (opt.default !== undefined) return endpointFrom(opt.default, 'code');
    return { from: opt.name, ...(c.azure ? { provider: 'azure' } : {}) };
  }
  if (opt) return { from: 'code', ...(c.azure ? { provider: 'azure' } : {}) }; // an expression keydoctor cannot follow
  // openai-python takes OPENAI_BASE_URL as it is when the variable is set, empty or not (it falls back to
  // api.openai.com only when it is unset: openai/openai-python#2927); openai-node and the others treat
  // an empty value as unset.
  if (emptyBaseURL(c, vars)) return { url: '', from: 'OPENAI_BASE_URL' };
  const hit = firstValue(vars, defaultEndpointVars(c));
  if (hit) return endpointFrom(hit.value, hit.name);
  if (c.provider && c.provider !== 'openai' && c.provider !== 'azure') {
    const p = PROVIDERS.find((x) => x.id === c.provider);
    const url = p?.baseURL ?? (p?.hosts[0] ? `https://${p.hosts[0]}` : undefined);
    return url ? endpointFrom(url, 'default') : { from: 'default', ...(p ? { provider: p.id } : {}) };
  }
  if (c.azure) return { from: 'default', provider: 'azure' };
  if (c.sdk === 'vercel-gateway')
    return {
      url: providerById('vercel-gateway').baseURL as string,
      from: 'default',
      provider: 'vercel-gateway',
      host: 'ai-gateway.vercel.sh',
    };
  return { url: 'https://api.openai.com/v1', from: 'default', provider: 'openai', host: 'api.openai.com' };
}

/** One client as `vars` (a target's resolved environment) runs it; `isEntry`: the client's module is the target's entry. */
/** `extra`: a condition the target adds (resolve/target.ts: the client's class is one it does not instantiate). */
export function targetClient(
  facts: Facts,
  c: ClientConstruction,
  vars: Vars,
  isEntry: boolean,
  extra?: Guard,
): TargetClient {
  const index = facts.code?.clients.indexOf(c) ?? -1;
  let status: TargetClient['status'] = 'runs';
  const undecided: Guard[] = [];
  const decided: Guard[] = [];
  const when = extra ? [...(c.when ?? []), extra] : (c.when ?? []);
  for (const g of when) {
    const h = guardHolds(g, vars, isEntry);
    if (h === false) {
      status = 'never';
      decided.push(g);
    } else if (h === undefined) undecided.push(g);
  }
  if (status !== 'never' && undecided.length) status = 'maybe';
  const shown = status === 'never' ? decided : undecided.length ? undecided : when;
  const t: TargetClient = {
    client: index,
    location: { path: c.file, line: c.line },
    status,
    credential: credentialOf(c, vars),
    endpoint: endpointOfClient(c, vars),
  };
  if (shown.length) t.condition = shown.map(describeGuard).join(' and ');
  return t;
}

/** Whether a target that reaches these clients needs a key from its environment. */
export function needsEnvKey(clients: TargetClient[]): boolean {
  return clients.some((c) => c.status !== 'never' && (c.credential.kind === 'env' || c.credential.kind === 'store'));
}

const LLM_VAR = /^(OPENAI_|AZURE_OPENAI_|OPENAI$)|_OPENAI_(API_)?KEY$|^OPENAI(_API)?_KEY$/;

/**
 * Whether the project (not the machine) has anything to do with OpenAI or another LLM API: a client
 * in its code, an SDK among its dependencies, a key variable or a key in its own files. A project
 * with none of these has nothing to diagnose.
 */
export function projectUsesLLM(facts: Facts): boolean {
  const code = facts.code;
  if (code && (code.clients.length > 0 || code.sdk.node || code.sdk.python)) return true;
  const keyVars = new Set(PROVIDERS.flatMap((p) => p.keyVars));
  const named = (n: string) => LLM_VAR.test(n) || keyVars.has(n);
  if (code?.envReads.some((r) => named(r.name))) return true;
  if (
    facts.envFiles.some((f) => f.exists && Object.values(f.byDialect).some((l) => (l ?? []).some((a) => named(a.name))))
  )
    return true;
  if (
    facts.assignments.some(
      (a) =>
        a.kind !== 'process-env' &&
        a.kind !== 'shell-rc' &&
        a.kind !== 'fish' &&
        a.kind !== 'etc-environment' &&
        named(a.name),
    )
  )
    return true;
  if ((facts.deploy?.providedNames ?? []).some((p) => named(p.name))) return true;
  if ((facts.scan?.hits.length ?? 0) > 0) return true;
  if (storesUseLLM(facts)) return true;
  if (facts.project.otherSdks?.length) return true; // go.mod requiring openai-go, a pom.xml on langchain4j, ...
  const deps = facts.project.packageJsons.flatMap((p) => [
    ...Object.keys(p.dependencies),
    ...Object.keys(p.devDependencies),
  ]);
  if (deps.some((d) => /^(openai|@azure\/openai|@ai-sdk\/|ai$|@langchain\/|langchain|@openai\/)/.test(d))) return true;
  const reqs = facts.project.python.flatMap((p) => Object.keys(p.requirements));
  return reqs.some((r) =>
    /^(openai|langchain|llama-index|llama_index|litellm|instructor|dspy|semantic-kernel|openai-agents|pydantic-ai|crewai)/i.test(
      r,
    ),
  );
}
