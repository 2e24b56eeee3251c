import type { FindingDraft, Severity, Target } from '../../core/types.js';
import type { Facts } from '../../core/facts.js';
import { classifyCredential, isOpenAIKind, isPlaceholder } from '../../keys/classify.js';
import { cleanValue } from './_lib/shared.js';
import { OPENAI_BASE_URL_VARS, providerOfHost } from '../../providers/index.js';
import { hitFinding, settingHits, type SettingHit } from './_lib/settings.js';
import { about, setFix, sourceText, targetNames, winnerGroups } from './_lib/shared.js';
import type { Check } from '../types.js';
import { legacyAzureByEnv } from '../../resolve/sources.js';

/** `broken`: the URL cannot work whoever holds the key; the other kinds depend on what the client sends. */
interface Verdict {
  severity: Severity;
  why: string;
  kind?: 'broken' | 'azure' | 'local' | 'provider' | 'gateway' | 'elsewhere';
}

function judge(raw: string, keyValue: string | undefined): Verdict | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { severity: 'error', why: 'is not a URL, so every request fails before it is sent', kind: 'broken' };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    return { severity: 'error', why: `uses ${u.protocol}, not https:`, kind: 'broken' };
  const host = u.hostname.toLowerCase();
  const key = keyValue ? classifyCredential(cleanValue(keyValue)) : undefined;
  const openaiKey = key ? isOpenAIKind(key.kind) : false;
  const p = providerOfHost(host);
  if (p?.id === 'openai') {
    if (u.protocol === 'http:')
      return { severity: 'error', why: `uses http:, which ${host} does not serve`, kind: 'broken' };
    if (!/^\/v1\/?$/.test(u.pathname))
      return {
        severity: 'error',
        why: `has the path "${u.pathname}" instead of /v1, so requests go to URLs that do not exist (404)`,
        kind: 'broken',
      };
    return undefined;
  }
  if (p?.id === 'azure') {
    if (/\/openai\/v1\/?$/.test(u.pathname))
      return {
        severity: 'info',
        why: `points at the Azure OpenAI v1 API (${host}): it needs that resource's key, not an OpenAI one`,
        kind: 'azure',
      };
    return {
      severity: 'error',
      why: `points the OpenAI client at Azure (${host}), which expects the api-key header, a deployment path and an api-version: use the AzureOpenAI client with AZURE_OPENAI_ENDPOINT`,
      kind: 'azure',
    };
  }
  if (p?.kind === 'local')
    return {
      severity: 'warning',
      why: `sends the key and every request to ${u.host} on this machine or network (a local proxy or model server): if it is not running, calls fail with connection errors, and api.openai.com is never asked`,
      kind: 'local',
    };
  if (p?.kind === 'provider')
    return openaiKey
      ? {
          severity: 'error',
          why: `sends requests to ${p.name} (${host}) with an OpenAI key, which ${p.name} rejects`,
          kind: 'provider',
        }
      : { severity: 'info', why: `sends requests to ${p.name} (${host}) instead of OpenAI`, kind: 'provider' };
  if (p?.kind === 'gateway')
    return {
      severity: 'info',
      why: `sends requests through ${p.name} (${host}), which forwards them to OpenAI`,
      kind: 'gateway',
    };
  if (u.protocol === 'http:')
    return { severity: 'error', why: `sends the key unencrypted over http: to ${u.host}`, kind: 'broken' };
  return {
    severity: 'warning',
    why: `sends the key and every request to ${u.host} instead of api.openai.com (a proxy or another provider): its answers, not OpenAI's, decide whether the key works`,
    kind: 'elsewhere',
  };
}

function modernSdkOnly(facts: Facts): boolean {
  const sdk = facts.code?.sdk;
  if (!sdk || (!sdk.python && !sdk.node)) return false;
  const modern =
    (sdk.python?.major === undefined || sdk.python.major >= 1) &&
    (sdk.node?.major === undefined || sdk.node.major >= 4);
  const legacyReaders = (facts.code?.clients ?? []).some((c) => /langchain|litellm|legacy/.test(c.sdk));
  return modern && !legacyReaders && (sdk.python?.major !== undefined || sdk.node?.major !== undefined);
}

export const check: Check = {
  meta: {
    id: 'base-url-override',
    title: 'The base URL sends the key somewhere other than api.openai.com',
    severity: 'warning',
    area: 'code',
    docs: {
      what: "OPENAI_BASE_URL (openai >= 1), OPENAI_API_BASE (openai 0.x, LangChain, LiteLLM) or the client's `baseURL` / `base_url` option points the client somewhere other than https://api.openai.com/v1: a proxy, a local model server, another provider, an Azure endpoint, or api.openai.com without /v1. Or OPENAI_BASE_URL is set to an empty string (`OPENAI_BASE_URL=` in a .env or compose file) where the openai Python SDK reads it, or the AI SDK's createOpenAI is given it (`baseURL: process.env.OPENAI_BASE_URL`).",
      why: 'The key goes to that host and its answer decides success: a stopped local server gives connection errors, another provider rejects an OpenAI key with 401, Azure needs a different header and path, a missing /v1 gives 404. A variable left over from trying a local model is a common surprise. The openai Python SDK uses an empty OPENAI_BASE_URL as it is (it falls back to api.openai.com only when the variable is unset; openai/openai-python#2927), so every request fails with "Connection error."; openai-node treats an empty value as unset.',
      fix: "Remove the setting to use api.openai.com (`unset OPENAI_BASE_URL` and delete the line), or set it to the service whose key you use. Info when the URL is a known gateway or provider matching the key, or a local server while no OpenAI key is set (a local model server set up on purpose); error when it cannot work. A variable counts only for targets whose running clients read it (a client that passes its own base URL ignores it); a URL written in the client's own code says where the developer means to send it, and is reported only when it cannot work (not a URL, http to a remote host, api.openai.com without /v1). A compose service pointed at another service of the same compose file (a mock, a proxy) is information: `docker compose up` starts it too.",
    },
  },
  run({ facts, targets }) {
    const out: FindingDraft[] = [];
    // A variable counts for a target whose clients read it as their endpoint (or whose clients are not known).
    const reads = (t: Target, name: string): boolean =>
      t.clients ? t.clients.some((c) => c.status !== 'never' && c.endpoint.from === name) : t.needsKey !== false;
    const hits: SettingHit[] = settingHits(facts, targets, OPENAI_BASE_URL_VARS, 'baseURL', true, { reads });
    // OPENAI_BASE_URL set but empty: only clients that take it as it is (openai-python) fail; the resolver
    // gives those an empty endpoint URL (openai-node and the others fall back to api.openai.com).
    const takesEmpty = (t: Target): boolean =>
      (t.clients ?? []).some(
        (c) => c.status !== 'never' && c.endpoint.from === 'OPENAI_BASE_URL' && c.endpoint.url === '',
      );
    const sdkOf = (index: number | undefined): string =>
      index !== undefined && facts.code?.clients[index]?.sdk === 'vercel-ai'
        ? "the AI SDK's createOpenAI takes it as the base URL as it is (an empty string is not nullish, so its default is not used)"
        : 'the openai Python SDK takes it as the base URL as it is (it falls back to https://api.openai.com/v1 only when the variable is not set at all)';
    for (const g of winnerGroups(
      targets.filter((t) => !t.azure),
      (t) => (t.needsKey !== false && takesEmpty(t) ? 'OPENAI_BASE_URL' : undefined),
    )) {
      if (g.value.trim() !== '') continue;
      const first = (g.targets[0]?.clients ?? []).find((c) => c.endpoint.url === '' && c.status !== 'never');
      const at = first ? ` at ${first.location.path}:${first.location.line ?? ''}` : '';
      out.push(
        about(
          'base-url-override',
          g,
          `OPENAI_BASE_URL from ${sourceText(g.winner)} is set to an empty string, and ${sdkOf(first?.client)}: every request of the client${at} fails ("Connection error." / "Failed to parse URL") (for ${targetNames(g.targets)}).`,
          setFix(
            g.winner,
            'OPENAI_BASE_URL',
            'Delete the OPENAI_BASE_URL line (or comment it out), or set it to https://api.openai.com/v1.',
          ),
          'error',
        ),
      );
    }
    for (const h of hits) {
      // `baseURL: '...'` in a documentation snippet: a placeholder written in code, not an endpoint
      if (h.client && isPlaceholder(h.value)) continue;
      const t = h.group?.targets[0];
      const key = t ? t.vars[t.keyVar]?.value : undefined;
      const v = judge(h.value, key);
      if (!v) continue;
      // openai 0.x in Azure mode by OPENAI_API_TYPE=azure: OPENAI_API_BASE naming the Azure resource is
      // that documented set-up (the SDK sends api-key and an api_version there)
      if (
        v.kind === 'azure' &&
        legacyAzureByEnv(facts) &&
        (facts.code?.clients ?? []).some((c) => c.sdk === 'openai-legacy-python')
      )
        continue;
      // A URL written in the client's own code says where the developer means to send it: only one that
      // cannot work is reported (a provider's key mismatch is key-foreign-provider's, Azure's is azure-misconfigured's).
      if (h.client && v.kind !== 'broken') continue;
      // openai >= 1 reads only OPENAI_BASE_URL; OPENAI_API_BASE matters to 0.x, LangChain and LiteLLM.
      // a host that is another service of the compose file the target is a service of (a mock or proxy
      // `docker compose up` starts beside it): where that file means to send it
      const host = v.kind === 'local' ? hostOf(h.value) : undefined;
      if (host && h.group && h.group.targets.every((x) => composeSiblings(facts, x).has(host))) {
        v.severity = 'info';
        v.why = `sends requests to ${host}, a service of the same compose file, which \`docker compose up\` starts with it`;
      }
      // a local model server with no OpenAI key to send (Ollama's `export OPENAI_BASE_URL=http://localhost:11434/v1`
      // and a placeholder key): what the user set up on purpose
      // (not inside a container: there localhost is the container itself, where no model server runs)
      if (
        v.kind === 'local' &&
        h.group &&
        h.group.targets.every((x) => x.kind !== 'compose-service' && x.kind !== 'docker-run') &&
        !(key && isOpenAIKind(classifyCredential(cleanValue(key)).kind))
      ) {
        v.severity = 'info';
        v.why = `sends requests to ${hostOf(h.value) ?? h.value}${/:\d+/.test(h.value) ? ` (port ${/:(\d+)/.exec(h.value)?.[1]})` : ''} on this machine or network, a local model server or proxy; no OpenAI key is set, so none is sent there`;
      }
      if (h.group?.name === 'OPENAI_API_BASE' && modernSdkOnly(facts)) {
        v.severity = 'info';
        v.why +=
          '; the openai SDK this project installs (>= 1) ignores OPENAI_API_BASE, but LangChain, LiteLLM and openai 0.x read it';
      }
      out.push(
        hitFinding(
          'base-url-override',
          h,
          (where, who) => `${where} is ${h.value}: it ${v.why} (for ${who}).`,
          v.severity === 'info'
            ? 'If that is intended, nothing to do; otherwise remove it.'
            : 'Remove it to use api.openai.com, or set it to the service whose key you use.',
          v.severity,
        ),
      );
    }
    return out;
  },
};

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/** The names of the services of the compose project a compose-service target belongs to (none for other targets). */
function composeSiblings(facts: Parameters<Check['run']>[0]['facts'], t: Target): Set<string> {
  if (t.kind !== 'compose-service') return new Set();
  for (const p of facts.deploy?.compose ?? []) {
    const id = (svc: string) =>
      p.variant
        ? `compose[${p.variant}]:${p.dir ? p.dir + '/' : ''}${svc}`
        : `compose:${p.dir ? p.dir + '/' : ''}${svc}`;
    if (p.services.some((x) => id(x.name) === t.id)) return new Set(p.services.map((x) => x.name));
  }
  return new Set();
}
