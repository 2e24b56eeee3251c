/**
 * Which hosts are LLM endpoints for the trace: every provider's API hosts (subdomains included) and
 * the project's own base URLs. The one place the trace takes its list from.
 */
import type { Facts } from '../core/facts.js';
import type { Target } from '../core/types.js';

// TODO(providers): read these from src/providers (PROVIDERS[].hosts) once the provider table is on main.
const PROVIDER_HOSTS: ReadonlyArray<{ provider: string; hosts: string[] }> = [
  { provider: 'openai', hosts: ['api.openai.com'] },
  { provider: 'azure', hosts: ['openai.azure.com', 'cognitiveservices.azure.com', 'services.ai.azure.com', 'openai.azure.us', 'openai.azure.cn'] },
  { provider: 'anthropic', hosts: ['api.anthropic.com'] },
  { provider: 'openrouter', hosts: ['openrouter.ai'] },
  { provider: 'groq', hosts: ['api.groq.com'] },
  { provider: 'google', hosts: ['generativelanguage.googleapis.com', 'aiplatform.googleapis.com'] },
  { provider: 'xai', hosts: ['api.x.ai'] },
  { provider: 'huggingface', hosts: ['router.huggingface.co', 'api-inference.huggingface.co'] },
  { provider: 'perplexity', hosts: ['api.perplexity.ai'] },
  { provider: 'cerebras', hosts: ['api.cerebras.ai'] },
  { provider: 'nvidia', hosts: ['integrate.api.nvidia.com'] },
  { provider: 'together', hosts: ['api.together.xyz', 'api.together.ai'] },
  { provider: 'fireworks', hosts: ['api.fireworks.ai'] },
  { provider: 'vercel-gateway', hosts: ['ai-gateway.vercel.sh'] },
  { provider: 'deepseek', hosts: ['api.deepseek.com'] },
  { provider: 'dashscope', hosts: ['dashscope.aliyuncs.com', 'dashscope-intl.aliyuncs.com'] },
  { provider: 'moonshot', hosts: ['api.moonshot.cn', 'api.moonshot.ai'] },
  { provider: 'mistral', hosts: ['api.mistral.ai', 'codestral.mistral.ai'] },
  { provider: 'deepinfra', hosts: ['api.deepinfra.com'] },
  { provider: 'helicone', hosts: ['oai.helicone.ai', 'gateway.helicone.ai', 'ai-gateway.helicone.ai'] },
  { provider: 'cloudflare-gateway', hosts: ['gateway.ai.cloudflare.com'] },
  { provider: 'portkey', hosts: ['api.portkey.ai'] },
  { provider: 'braintrust', hosts: ['api.braintrust.dev', 'braintrustproxy.com'] },
];

/** Variables that name an endpoint (base URLs of OpenAI-compatible clients, Azure endpoints, proxies, local servers). */
export const ENDPOINT_VARS = ['OPENAI_BASE_URL', 'OPENAI_API_BASE', 'AZURE_OPENAI_ENDPOINT', 'AZURE_API_BASE', 'AZURE_OPENAI_BASE_URL', 'ANTHROPIC_BASE_URL', 'LITELLM_BASE_URL', 'LITELLM_PROXY_URL', 'OLLAMA_HOST', 'OLLAMA_BASE_URL', 'VLLM_BASE_URL', 'LM_STUDIO_BASE_URL'];

function hostMatches(host: string, name: string): boolean {
  return host === name || host.endsWith(`.${name}`);
}

/** The provider whose API answers on a host, when the table knows it. */
export function providerOfHost(host: string): string | undefined {
  const h = host.toLowerCase().replace(/\.$/, '').replace(/:\d+$/, '');
  for (const p of PROVIDER_HOSTS) for (const name of p.hosts) if (hostMatches(h, name)) return p.provider;
  return undefined;
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
  for (const t of targets) for (const name of ENDPOINT_VARS) for (const c of t.vars[name]?.chain ?? []) add(c.assignment.value);
  for (const a of facts.assignments) if (ENDPOINT_VARS.includes(a.name)) add(a.value);
  for (const c of facts.code?.clients ?? []) {
    for (const v of [c.options.baseURL, c.options.azureEndpoint]) if (v?.kind === 'literal') add(v.value);
  }
  return [...out].sort();
}

/** The host list the hooks receive: provider hosts, then the project's endpoints (host or host:port). */
export function llmHosts(facts: Facts, targets: Target[]): string[] {
  const list = new Set<string>(PROVIDER_HOSTS.flatMap((p) => p.hosts));
  for (const h of projectEndpoints(facts, targets)) list.add(h);
  return [...list];
}
