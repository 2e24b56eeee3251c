import type { Assignment, FindingDraft, Target, TargetClient } from '../../core/types.js';
import { classifyCredential } from '../../keys/classify.js';
import {
  acceptsKeyFrom,
  endpointOf,
  PROVIDERS,
  provider as providerById,
  type Provider,
  type ProviderId,
} from '../../providers/index.js';
import { clientLabel, providerSetUp } from '../code/_lib/check-helpers.js';
import type { Facts } from '../../core/facts.js';
import { baseUrlOf, cleanValue, loc, setFix, sourceText, targetNames } from './_lib/shared.js';
import type { Check } from '../types.js';

/** One credential sent to one endpoint: what a (target, client) pair does. */
interface Send {
  target: Target;
  client?: TargetClient;
  /** The variable the value comes from (undefined: a literal in code). */
  name?: string;
  winner?: Assignment;
  value: string;
  endpoint: Provider;
  host?: string;
  maybe?: string;
}

function providerOf(id: string | undefined): Provider | undefined {
  return id ? PROVIDERS.find((p) => p.id === id) : undefined;
}

/** Whether a target with known clients has one that reads `name` (its key goes where that client sends it). */
function readByCode(targets: Target[], name: string): boolean {
  return targets.some(
    (t) =>
      t.kind !== 'shell' &&
      (t.clients ?? []).some((c) => c.credential.kind === 'env' && c.credential.names.includes(name)),
  );
}

/** Every credential each target sends, and where: its clients when they are known, else its key variable and base URL. */
function sends(facts: Facts, targets: Target[]): Send[] {
  const out: Send[] = [];
  for (const t of targets) {
    if (t.clients) {
      for (const c of t.clients) {
        if (c.status === 'never') continue;
        const endpoint = providerOf(c.endpoint.provider);
        if (!endpoint) continue; // a host the table does not know: base-url-override speaks of it
        // a provider branch keydoctor cannot decide, for a provider this target has none of the variables of: not the branch that runs
        if (c.status === 'maybe' && endpoint.id !== 'openai' && !providerSetUp(facts, t, endpoint.id)) continue;
        const maybe = c.status === 'maybe' ? (c.condition ?? 'a condition holds') : undefined;
        if (c.credential.kind === 'literal') {
          out.push({
            target: t,
            client: c,
            value: c.credential.value,
            endpoint,
            ...(c.endpoint.host ? { host: c.endpoint.host } : {}),
            ...(maybe ? { maybe } : {}),
          });
        } else if (c.credential.kind === 'env' && c.credential.from) {
          const r = t.vars[c.credential.from];
          if (r?.winner && r.value !== undefined)
            out.push({
              target: t,
              client: c,
              name: c.credential.from,
              winner: r.winner,
              value: r.value,
              endpoint,
              ...(c.endpoint.host ? { host: c.endpoint.host } : {}),
              ...(maybe ? { maybe } : {}),
            });
        }
      }
      continue;
    }
    if (t.needsKey === false) continue;
    const r = t.vars[t.keyVar];
    if (!r?.winner || r.value === undefined) continue;
    // this shell sends nothing itself: where the project's code reads the variable, its clients say
    // where it goes (an Azure key in OPENAI_API_KEY that AzureOpenAI(api_key=...) sends to Azure)
    if (t.kind === 'shell' && readByCode(targets, t.keyVar)) continue;
    const base = baseUrlOf(t);
    const e = base ? endpointOf(base) : undefined;
    const endpoint = t.azure ? providerById('azure') : base ? e?.provider : providerById('openai');
    if (!endpoint) continue;
    out.push({
      target: t,
      name: t.keyVar,
      winner: r.winner,
      value: r.value,
      endpoint,
      ...(e?.host ? { host: e.host } : {}),
    });
  }
  return out;
}

export const check: Check = {
  meta: {
    id: 'key-foreign-provider',
    title: 'The key and the endpoint it is sent to belong to different providers',
    severity: 'error',
    area: 'value',
    docs: {
      what: "A client sends a credential to an endpoint that does not accept it: another service's key (Anthropic `sk-ant-`, OpenRouter `sk-or-v1-`, Groq `gsk_`, Google `AIza`, xAI, DeepSeek, an Azure OpenAI key, a JWT) sent to api.openai.com, or an OpenAI key sent to Azure OpenAI, OpenRouter, Groq or another provider's endpoint (a base URL set with no key of that provider, or a fallback like `OPENAI_API_KEY or AZURE_OPENAI_API_KEY` where the OpenAI key wins). The endpoint is the one the client really uses: its base URL option, the variable it reads, or the SDK's default. Local model servers, gateways and proxies take any key and are not judged. This shell is judged as a client only where no code of the project reads the variable: where code does, its clients say where the key goes (an Azure key in OPENAI_API_KEY that `AzureOpenAI(api_key=...)` sends to Azure is fine). A client in a branch keydoctor cannot decide (`if provider == \"azure\":`) is judged only when the target has one of that provider's own variables (its key, endpoint or api-version), and then as a warning: a branch for a provider nobody set up is not the one that runs.",
      why: 'Each service accepts only its own keys: api.openai.com answers 401 `invalid_api_key`, Azure answers 401 "invalid subscription key or wrong API endpoint", OpenRouter and Groq answer 401.',
      fix: "Give the client the key of the service it calls: the provider's own variable (OPENROUTER_API_KEY, GROQ_API_KEY, AZURE_OPENAI_API_KEY, ...) passed as the client's key, or point the client at the service whose key you hold.",
    },
  },
  run({ facts, targets }) {
    const groups = new Map<string, Send[]>();
    const all = sends(facts, targets);
    // a target whose client that surely runs sends the variable where it is accepted (an Azure key in
    // OPENAI_API_KEY that AzureOpenAI(api_key=...) sends to Azure): a client built only on some path
    // (a parser class nothing instantiates) that would send it elsewhere is not the set-up's
    const accepted = new Set<string>();
    for (const s of all) {
      const c = classifyCredential(cleanValue(s.value));
      if (!s.maybe && s.name && c.provider && acceptsKeyFrom(s.endpoint, c.provider as ProviderId, c.kind))
        accepted.add(`${s.target.id}|${s.name}`);
    }
    for (const s of all) {
      const v = cleanValue(s.value);
      if (!v) continue;
      const c = classifyCredential(v);
      if (!c.provider || c.kind === 'openai-malformed') continue;
      if (acceptsKeyFrom(s.endpoint, c.provider as ProviderId, c.kind)) continue;
      if (s.maybe && s.name && accepted.has(`${s.target.id}|${s.name}`)) continue;
      if (s.endpoint.kind !== 'provider') continue;
      const where = s.winner
        ? `${s.name}@${sourceText(s.winner)}`
        : `literal@${s.client?.location.path}:${s.client?.location.line}`;
      const k = `${where}|${s.endpoint.id}|${s.maybe ?? ''}`;
      groups.set(k, [...(groups.get(k) ?? []), s]);
    }
    const out: FindingDraft[] = [];
    for (const list of groups.values()) {
      const s = list[0] as Send;
      const cred = classifyCredential(cleanValue(s.value));
      const a = /^[AEIOU]/i.test(cred.label) ? 'an' : 'a';
      const who = targetNames([...new Set(list.map((x) => x.target))]);
      const pc = s.client ? facts.code?.clients[s.client.client] : undefined;
      const client = pc ? `${clientLabel(pc)} at ${pc.file}:${pc.line}` : who;
      const to = `${s.endpoint.name}${s.host ? ` (${s.host})` : ''}`;
      const names = s.client?.credential.kind === 'env' ? s.client.credential.names : [];
      const chain =
        names.length > 1 ? ` (${names.join(', then ')}: the first one set wins, and that is ${s.name})` : '';
      const from = s.winner
        ? `${s.name} from ${sourceText(s.winner)}${chain}`
        : `The key written in ${s.client?.location.path}:${s.client?.location.line}`;
      const message = `${from} holds ${a} ${cred.label}, but ${client} sends it to ${to}, which accepts only its own keys${pc ? ` (for ${who})` : ''}.${s.maybe ? ` This client is built only if ${s.maybe}.` : ''}`;
      const own = s.endpoint.keyVars[0];
      const issuer = providerOf(cred.provider);
      const summary =
        s.endpoint.id === 'openai'
          ? `Put an OpenAI key here${issuer && issuer.baseURL ? `, or point the client at ${issuer.name} (${issuer.baseURL}) if you meant to call it` : ''}.`
          : `Give the client ${s.endpoint.name}'s key${own ? ` (set ${own} and pass it as the client's key)` : ''}, or point the client at the service whose key this is.`;
      const f: FindingDraft = {
        id: 'key-foreign-provider',
        ...(s.maybe ? { severity: 'warning' as const } : {}),
        message,
        target: s.target.id,
        fix: s.winner && s.name ? setFix(s.winner, s.name, summary) : { summary },
        data: {
          variable: s.name,
          targets: list.map((x) => x.target.id),
          endpoint: s.endpoint.id,
          issuer: cred.provider,
          ...(s.winner ? { source: sourceText(s.winner) } : {}),
        },
      };
      const l = s.winner ? loc(s.winner) : s.client?.location;
      if (l) f.location = { ...l };
      if (s.winner && s.client) f.related = [{ ...s.client.location, note: 'the client that sends it' }];
      out.push(f);
    }
    return out;
  },
};
