/**
 * Which hosts are LLM endpoints for the trace: every provider's API hosts in the provider table
 * (src/providers; subdomains included) and the project's own base URLs.
 */
import type { Facts } from '../core/facts.js';
import type { Target } from '../core/types.js';
import { PROVIDERS, providerOfHost as tableProvider } from '../providers/index.js';

/** Variables that name an endpoint (base URLs of OpenAI-compatible clients, Azure endpoints, proxies, local servers). */
export const ENDPOINT_VARS = [
  'OPENAI_BASE_URL',
  'OPENAI_API_BASE',
  'AZURE_OPENAI_ENDPOINT',
  'AZURE_API_BASE',
  'AZURE_OPENAI_BASE_URL',
  'ANTHROPIC_BASE_URL',
  'LITELLM_BASE_URL',
  'LITELLM_PROXY_URL',
  'OLLAMA_HOST',
  'OLLAMA_BASE_URL',
  'VLLM_BASE_URL',
  'LM_STUDIO_BASE_URL',
];

/** The provider (of the table in src/providers) whose API answers on a host; undefined for hosts it does not know and for local servers. */
export function providerOfHost(host: string): string | undefined {
  const p = tableProvider(host);
  return p && p.kind !== 'local' && p.kind !== 'token' ? p.id : undefined;
}

export function isLoopback(host: string): boolean {
  return /^(localhost|127(?:\.\d{1,3}){3}|\[?::1\]?)$/i.test(host.replace(/\.$/, ''));
}

/** `host` or `host:port` of an http(s) URL; undefined for anything else. */
export function hostOf(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let text = raw.trim();
  // OLLAMA_HOST is often a bare host:port.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && /^[A-Za-z0-9.[\]:-]+$/.test(text)) text = `http://${text}`;
  try {
    const u = new URL(text);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return u.port ? `${u.hostname.toLowerCase()}:${u.port}` : u.hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Every endpoint value the project and this machine name, from the targets' resolutions, every assignment and the code's clients. */
export function projectEndpoints(facts: Facts, targets: Target[]): string[] {
  const out = new Set<string>();
  const add = (v: string | undefined) => {
    const h = hostOf(v);
    if (h) out.add(h);
  };
  for (const t of targets)
    for (const name of ENDPOINT_VARS) for (const c of t.vars[name]?.chain ?? []) add(c.assignment.value);
  for (const a of facts.assignments) if (ENDPOINT_VARS.includes(a.name)) add(a.value);
  for (const c of facts.code?.clients ?? []) {
    for (const v of [c.options.baseURL, c.options.azureEndpoint]) if (v?.kind === 'literal') add(v.value);
  }
  return [...out].sort();
}

// Hosts of the table that also serve files the app may need (model downloads): not redirected.
const NOT_ONLY_API = new Set(['huggingface.co']);

/** The host list the hooks receive: provider hosts, then the project's endpoints (host or host:port). */
export function llmHosts(facts: Facts, targets: Target[]): string[] {
  const list = new Set<string>(
    PROVIDERS.filter((p) => p.kind !== 'local' && p.kind !== 'token')
      .flatMap((p) => p.hosts)
      .filter((h) => !NOT_ONLY_API.has(h)),
  );
  for (const h of projectEndpoints(facts, targets)) list.add(h);
  return [...list];
}
