/**
 * The provider table: every service keydoctor knows a client can send a key to, in one place.
 *
 * For each provider: the hosts its API answers on, its OpenAI-compatible base URL, the variables its
 * SDKs and docs use for the key and the endpoint, the shapes of the keys it issues, and where a key is
 * made or revoked. The credential classifier, the scan's detectors, masking, the exposure checks and
 * the client model (which provider does this client send its key to?) all read this table; none keeps
 * its own copy.
 */

/**
 * The variables an OpenAI client takes its base URL from, the first one set winning: OPENAI_BASE_URL,
 * else the legacy OPENAI_API_BASE (openai 0.x, LangChain and LiteLLM read it).
 */
export const OPENAI_BASE_URL_VARS = ['OPENAI_BASE_URL', 'OPENAI_API_BASE'] as const;
/** The variables the OpenAI-Organization header comes from, the first one set winning. */
export const OPENAI_ORGANIZATION_VARS = ['OPENAI_ORG_ID', 'OPENAI_ORGANIZATION'] as const;

/** The first of `names` that `get` gives a value for, with that name. */
export function firstSet<T>(
  names: readonly string[],
  get: (name: string) => T | undefined,
): { name: string; value: T } | undefined {
  for (const name of names) {
    const value = get(name);
    if (value !== undefined) return { name, value };
  }
  return undefined;
}

/** Credential kinds of keys whose shape the table knows (OpenAI's own structured formats live in keys/classify.ts). */
export type TableKeyKind =
  | 'azure-hex32'
  | 'azure-cask'
  | 'anthropic'
  | 'openrouter'
  | 'groq'
  | 'google'
  | 'xai'
  | 'huggingface'
  | 'perplexity'
  | 'deepseek-style'
  | 'cerebras'
  | 'nvidia'
  | 'together'
  | 'fireworks'
  | 'vercel-gateway'
  | 'jwt'
  | 'litellm-virtual';

export interface KeyFormat {
  kind: TableKeyKind;
  /** "Anthropic API key". */
  label: string;
  /** The whole value has this shape. */
  exact: RegExp;
  /**
   * The same shape inside running text (no anchors), for masking and scanning; absent where the shape
   * is too generic to find without context (32 hex digits, short proxy keys).
   */
  find?: string;
  /** Other providers that issue keys of the same shape (`sk-` + 32 hex: DeepSeek, DashScope, Moonshot). */
  alsoIssuedBy?: ProviderId[];
  /**
   * The literal every key of this shape starts with, which the scanner anchors on, and the offset of
   * a rare byte pair in it for the scanner's vector pass (`gsk_`: 2, the `k_`): every place the
   * pair occurs is compared with the whole anchor, so a pair common in code and prose costs (`va`
   * of `nvapi-` occurs about a thousand times a megabyte; its `i-`, sixty). Chosen by counting each pair in
   * 87 MB of real repositories' text. Anchors starting with `sk-` are found through `sk-` itself
   * and need no pair.
   */
  anchor?: { text: string; pair?: number };
}

export type ProviderId =
  | 'openai'
  | 'azure'
  | 'openrouter'
  | 'groq'
  | 'together'
  | 'mistral'
  | 'deepseek'
  | 'dashscope'
  | 'moonshot'
  | 'xai'
  | 'fireworks'
  | 'perplexity'
  | 'anthropic'
  | 'google'
  | 'huggingface'
  | 'deepinfra'
  | 'github-models'
  | 'cerebras'
  | 'nvidia'
  | 'vercel-gateway'
  | 'helicone'
  | 'cloudflare-gateway'
  | 'portkey'
  | 'braintrust'
  | 'litellm'
  | 'local'
  | 'jwt';

/**
 * - `provider`: issues its own keys and rejects everyone else's;
 * - `gateway`: forwards requests to OpenAI (or another provider) with the caller's provider key;
 * - `proxy`: a self-hosted router with its own keys (LiteLLM proxy);
 * - `local`: a model server on this machine or network that takes any key (Ollama, vLLM, LM Studio);
 * - `token`: not a provider, a kind of credential (a JWT from Entra ID or OAuth).
 */
export type ProviderKind = 'provider' | 'gateway' | 'proxy' | 'local' | 'token';

export interface Provider {
  id: ProviderId;
  name: string;
  kind: ProviderKind;
  /** Host names the API answers on; a listed name also covers its subdomains. */
  hosts: string[];
  /** The OpenAI-compatible base URL, for "point the client at ..." advice. */
  baseURL?: string;
  /** Variables the provider's SDKs and docs read the key from, the usual one first. */
  keyVars: string[];
  /** Variables that name its endpoint. */
  endpointVars?: string[];
  keyFormats: KeyFormat[];
  /** Where a key is made, rotated or revoked. */
  keyPage?: { where: string; url?: string };
}

const HEX32 = /^[0-9a-fA-F]{32}$/;

/**
 * The table. Order matters where key shapes overlap: the first provider whose format matches a value
 * is its issuer (a specific prefix before a generic shape; LiteLLM's short `sk-` keys last).
 */
export const PROVIDERS: readonly Provider[] = [
  {
    id: 'openai',
    name: 'OpenAI',
    kind: 'provider',
    hosts: ['api.openai.com'],
    baseURL: 'https://api.openai.com/v1',
    keyVars: ['OPENAI_API_KEY'],
    endpointVars: [...OPENAI_BASE_URL_VARS],
    // OpenAI's formats are structured (halves around the T3BlbkFJ marker): keys/classify.ts judges them.
    keyFormats: [],
    keyPage: { where: 'platform.openai.com/api-keys', url: 'https://platform.openai.com/api-keys' },
  },
  {
    id: 'anthropic',
    name: 'Anthropic',
    kind: 'provider',
    hosts: ['api.anthropic.com'],
    baseURL: 'https://api.anthropic.com/v1/',
    keyVars: ['ANTHROPIC_API_KEY'],
    keyFormats: [
      {
        kind: 'anthropic',
        label: 'Anthropic API key',
        exact: /^sk-ant-[A-Za-z0-9]+-[A-Za-z0-9_-]{20,}$/,
        find: 'sk-ant-[A-Za-z0-9_-]{20,}',
        anchor: { text: 'sk-ant-' },
      },
    ],
    keyPage: { where: 'console.anthropic.com/settings/keys', url: 'https://console.anthropic.com/settings/keys' },
  },
  {
    id: 'openrouter',
    name: 'OpenRouter',
    kind: 'provider',
    hosts: ['openrouter.ai'],
    baseURL: 'https://openrouter.ai/api/v1',
    keyVars: ['OPENROUTER_API_KEY'],
    keyFormats: [
      {
        kind: 'openrouter',
        label: 'OpenRouter API key',
        exact: /^sk-or-v1-[0-9a-f]{64}$/,
        find: 'sk-or-v1-[0-9a-f]{16,}',
        anchor: { text: 'sk-or-' },
      },
      {
        kind: 'openrouter',
        label: 'OpenRouter API key',
        exact: /^sk-or-[A-Za-z0-9_-]{20,}$/,
        find: 'sk-or-[A-Za-z0-9_-]{20,}',
        anchor: { text: 'sk-or-' },
      },
    ],
    keyPage: { where: 'openrouter.ai/settings/keys', url: 'https://openrouter.ai/settings/keys' },
  },
  {
    id: 'groq',
    name: 'Groq',
    kind: 'provider',
    hosts: ['api.groq.com'],
    baseURL: 'https://api.groq.com/openai/v1',
    keyVars: ['GROQ_API_KEY'],
    keyFormats: [
      {
        kind: 'groq',
        label: 'Groq API key',
        exact: /^gsk_[A-Za-z0-9]{50,54}$/,
        find: 'gsk_[A-Za-z0-9]{20,}',
        anchor: { text: 'gsk_', pair: 2 },
      },
    ],
    keyPage: { where: 'console.groq.com/keys', url: 'https://console.groq.com/keys' },
  },
  {
    id: 'google',
    name: 'Google Gemini',
    kind: 'provider',
    hosts: ['generativelanguage.googleapis.com', 'aiplatform.googleapis.com'],
    baseURL: 'https://generativelanguage.googleapis.com/v1beta/openai/',
    keyVars: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
    keyFormats: [
      {
        kind: 'google',
        label: 'Google API key (Gemini)',
        exact: /^AIza[0-9A-Za-z_-]{35}$/,
        find: 'AIza[0-9A-Za-z_-]{30,}',
        anchor: { text: 'AIza', pair: 1 },
      },
    ],
    keyPage: {
      where: 'aistudio.google.com/app/apikey (or the Cloud console credentials page)',
      url: 'https://aistudio.google.com/app/apikey',
    },
  },
  {
    id: 'xai',
    name: 'xAI',
    kind: 'provider',
    hosts: ['api.x.ai'],
    baseURL: 'https://api.x.ai/v1',
    keyVars: ['XAI_API_KEY', 'GROK_API_KEY'],
    keyFormats: [
      {
        kind: 'xai',
        label: 'xAI API key',
        exact: /^xai-[A-Za-z0-9]{60,100}$/,
        find: 'xai-[A-Za-z0-9]{30,}',
        anchor: { text: 'xai-', pair: 2 },
      },
    ],
    keyPage: { where: 'console.x.ai', url: 'https://console.x.ai' },
  },
  {
    id: 'huggingface',
    name: 'Hugging Face',
    kind: 'provider',
    hosts: ['router.huggingface.co', 'api-inference.huggingface.co', 'huggingface.co'],
    baseURL: 'https://router.huggingface.co/v1',
    keyVars: ['HF_TOKEN', 'HUGGINGFACE_API_KEY', 'HUGGINGFACEHUB_API_TOKEN'],
    keyFormats: [
      {
        kind: 'huggingface',
        label: 'Hugging Face token',
        exact: /^hf_[A-Za-z0-9]{30,40}$/,
        find: 'hf_[A-Za-z0-9]{30,}',
        anchor: { text: 'hf_', pair: 1 },
      },
    ],
    keyPage: { where: 'huggingface.co/settings/tokens', url: 'https://huggingface.co/settings/tokens' },
  },
  {
    id: 'perplexity',
    name: 'Perplexity',
    kind: 'provider',
    hosts: ['api.perplexity.ai'],
    baseURL: 'https://api.perplexity.ai',
    keyVars: ['PERPLEXITY_API_KEY', 'PPLX_API_KEY'],
    keyFormats: [
      {
        kind: 'perplexity',
        label: 'Perplexity API key',
        exact: /^pplx-[A-Za-z0-9]{40,60}$/,
        find: 'pplx-[A-Za-z0-9]{30,}',
        anchor: { text: 'pplx-', pair: 2 },
      },
    ],
    keyPage: { where: 'perplexity.ai/settings/api', url: 'https://www.perplexity.ai/settings/api' },
  },
  {
    id: 'cerebras',
    name: 'Cerebras',
    kind: 'provider',
    hosts: ['api.cerebras.ai'],
    baseURL: 'https://api.cerebras.ai/v1',
    keyVars: ['CEREBRAS_API_KEY'],
    keyFormats: [
      {
        kind: 'cerebras',
        label: 'Cerebras API key',
        exact: /^csk-[a-z0-9]{40,60}$/,
        find: 'csk-[a-z0-9]{40,}',
        anchor: { text: 'csk-', pair: 2 },
      },
    ],
    keyPage: { where: 'cloud.cerebras.ai', url: 'https://cloud.cerebras.ai' },
  },
  {
    id: 'nvidia',
    name: 'NVIDIA NIM',
    kind: 'provider',
    hosts: ['integrate.api.nvidia.com'],
    baseURL: 'https://integrate.api.nvidia.com/v1',
    keyVars: ['NVIDIA_API_KEY'],
    keyFormats: [
      {
        kind: 'nvidia',
        label: 'NVIDIA API key',
        exact: /^nvapi-[A-Za-z0-9_-]{60,70}$/,
        find: 'nvapi-[A-Za-z0-9_-]{40,}',
        anchor: { text: 'nvapi-', pair: 4 },
      },
    ],
    keyPage: { where: 'build.nvidia.com', url: 'https://build.nvidia.com' },
  },
  {
    id: 'together',
    name: 'Together AI',
    kind: 'provider',
    hosts: ['api.together.xyz', 'api.together.ai'],
    baseURL: 'https://api.together.xyz/v1',
    keyVars: ['TOGETHER_API_KEY', 'TOGETHERAI_API_KEY'],
    keyFormats: [
      {
        kind: 'together',
        label: 'Together AI API key',
        exact: /^tgp_v1_[A-Za-z0-9_-]{30,}$/,
        find: 'tgp_v1_[A-Za-z0-9_-]{30,}',
        anchor: { text: 'tgp_v1_', pair: 5 },
      },
    ],
    keyPage: { where: 'api.together.ai/settings/api-keys', url: 'https://api.together.ai/settings/api-keys' },
  },
  {
    id: 'fireworks',
    name: 'Fireworks AI',
    kind: 'provider',
    hosts: ['api.fireworks.ai'],
    baseURL: 'https://api.fireworks.ai/inference/v1',
    keyVars: ['FIREWORKS_API_KEY'],
    keyFormats: [
      {
        kind: 'fireworks',
        label: 'Fireworks AI API key',
        exact: /^fw_[A-Za-z0-9]{20,}$/,
        find: 'fw_[A-Za-z0-9]{24,}',
        anchor: { text: 'fw_', pair: 0 },
      },
    ],
    keyPage: { where: 'fireworks.ai/account/api-keys', url: 'https://fireworks.ai/account/api-keys' },
  },
  {
    id: 'vercel-gateway',
    name: 'Vercel AI Gateway',
    kind: 'gateway',
    hosts: ['ai-gateway.vercel.sh'],
    baseURL: 'https://ai-gateway.vercel.sh/v1',
    keyVars: ['AI_GATEWAY_API_KEY', 'VERCEL_OIDC_TOKEN'],
    keyFormats: [
      {
        kind: 'vercel-gateway',
        label: 'Vercel AI Gateway key',
        exact: /^vck_[A-Za-z0-9_-]{30,}$/,
        find: 'vck_[A-Za-z0-9_-]{30,}',
        anchor: { text: 'vck_', pair: 0 },
      },
    ],
    keyPage: { where: 'vercel.com → AI Gateway → API keys', url: 'https://vercel.com/dashboard/ai-gateway' },
  },
  {
    id: 'deepseek',
    name: 'DeepSeek',
    kind: 'provider',
    hosts: ['api.deepseek.com'],
    baseURL: 'https://api.deepseek.com/v1',
    keyVars: ['DEEPSEEK_API_KEY'],
    keyFormats: [
      {
        kind: 'deepseek-style',
        label: 'DeepSeek-style key (sk- and 32 hex digits)',
        exact: /^sk-[0-9a-f]{32}$/,
        alsoIssuedBy: ['dashscope', 'moonshot'],
      },
    ],
    keyPage: { where: 'platform.deepseek.com/api_keys', url: 'https://platform.deepseek.com/api_keys' },
  },
  {
    id: 'dashscope',
    name: 'Alibaba DashScope (Qwen)',
    kind: 'provider',
    hosts: ['dashscope.aliyuncs.com', 'dashscope-intl.aliyuncs.com'],
    baseURL: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
    keyVars: ['DASHSCOPE_API_KEY'],
    keyFormats: [],
    keyPage: { where: 'the Alibaba Cloud Model Studio console (API keys)' },
  },
  {
    id: 'moonshot',
    name: 'Moonshot (Kimi)',
    kind: 'provider',
    hosts: ['api.moonshot.cn', 'api.moonshot.ai'],
    baseURL: 'https://api.moonshot.ai/v1',
    keyVars: ['MOONSHOT_API_KEY'],
    keyFormats: [],
    keyPage: { where: 'platform.moonshot.ai/console/api-keys', url: 'https://platform.moonshot.ai/console/api-keys' },
  },
  {
    id: 'mistral',
    name: 'Mistral',
    kind: 'provider',
    hosts: ['api.mistral.ai', 'codestral.mistral.ai'],
    baseURL: 'https://api.mistral.ai/v1',
    keyVars: ['MISTRAL_API_KEY'],
    keyFormats: [],
    keyPage: { where: 'console.mistral.ai/api-keys', url: 'https://console.mistral.ai/api-keys' },
  },
  {
    id: 'deepinfra',
    name: 'DeepInfra',
    kind: 'provider',
    hosts: ['api.deepinfra.com'],
    baseURL: 'https://api.deepinfra.com/v1/openai',
    keyVars: ['DEEPINFRA_API_KEY', 'DEEPINFRA_TOKEN'],
    keyFormats: [],
    keyPage: { where: 'deepinfra.com/dash/api_keys', url: 'https://deepinfra.com/dash/api_keys' },
  },
  {
    // GitHub Models: OpenAI's models (and others) behind a GitHub token (a PAT with the models scope), on GitHub's schedule.
    id: 'github-models',
    name: 'GitHub Models',
    kind: 'provider',
    hosts: ['models.inference.ai.azure.com', 'models.github.ai'],
    baseURL: 'https://models.github.ai/inference',
    // GITHUB_TOKEN is every CI job's variable, not a sign of an LLM key: not listed.
    keyVars: [],
    keyFormats: [],
    keyPage: {
      where: 'github.com/settings/tokens (a token with the models scope)',
      url: 'https://github.com/settings/tokens',
    },
  },
  {
    id: 'azure',
    name: 'Azure OpenAI',
    kind: 'provider',
    hosts: [
      'openai.azure.com',
      'cognitiveservices.azure.com',
      'services.ai.azure.com',
      'openai.azure.us',
      'openai.azure.cn',
    ],
    keyVars: ['AZURE_OPENAI_API_KEY', 'AZURE_API_KEY', 'AZURE_OPENAI_KEY'],
    endpointVars: ['AZURE_OPENAI_ENDPOINT', 'AZURE_API_BASE', 'AZURE_OPENAI_BASE_URL'],
    keyFormats: [
      { kind: 'azure-hex32', label: 'Azure OpenAI key (32 hex digits)', exact: HEX32 },
      {
        kind: 'azure-cask',
        label: 'Azure OpenAI key (84 characters)',
        exact: /^[A-Za-z0-9]{52}JQQJ99[A-Za-z0-9][A-L][A-Za-z0-9]{12}AAA[A-Za-z0-9]ACOG[A-Za-z0-9]{4}$/,
        find: '[A-Za-z0-9]{52}JQQJ99[A-Za-z0-9]{26}',
      },
    ],
    keyPage: { where: 'the Azure portal (your Azure OpenAI resource → Keys and Endpoint → Regenerate)' },
  },
  {
    id: 'jwt',
    name: 'a bearer token',
    kind: 'token',
    hosts: [],
    keyVars: ['AZURE_OPENAI_AD_TOKEN', 'AZURE_AD_TOKEN'],
    keyFormats: [
      {
        kind: 'jwt',
        label: 'JWT token (an Entra ID / OAuth token, not an API key)',
        exact: /^eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*$/,
      },
    ],
  },
  {
    id: 'helicone',
    name: 'Helicone',
    kind: 'gateway',
    hosts: ['oai.helicone.ai', 'gateway.helicone.ai', 'ai-gateway.helicone.ai'],
    keyVars: ['HELICONE_API_KEY'],
    keyFormats: [],
  },
  {
    id: 'cloudflare-gateway',
    name: 'Cloudflare AI Gateway',
    kind: 'gateway',
    hosts: ['gateway.ai.cloudflare.com'],
    keyVars: ['CF_AIG_TOKEN'],
    keyFormats: [],
  },
  {
    id: 'portkey',
    name: 'Portkey',
    kind: 'gateway',
    hosts: ['api.portkey.ai'],
    keyVars: ['PORTKEY_API_KEY'],
    keyFormats: [],
  },
  {
    id: 'braintrust',
    name: 'Braintrust proxy',
    kind: 'gateway',
    hosts: ['api.braintrust.dev', 'braintrustproxy.com'],
    keyVars: ['BRAINTRUST_API_KEY'],
    keyFormats: [],
  },
  {
    id: 'litellm',
    name: 'LiteLLM proxy',
    kind: 'proxy',
    hosts: [],
    keyVars: ['LITELLM_API_KEY', 'LITELLM_MASTER_KEY'],
    endpointVars: ['LITELLM_BASE_URL', 'LITELLM_PROXY_URL'],
    keyFormats: [
      {
        kind: 'litellm-virtual',
        label: "LiteLLM virtual key (or another proxy's key)",
        exact: /^sk-[A-Za-z0-9_-]{20,24}$/,
      },
    ],
  },
  {
    id: 'local',
    name: 'a local model server',
    kind: 'local',
    hosts: [],
    keyVars: ['OLLAMA_API_KEY', 'VLLM_API_KEY', 'LM_STUDIO_API_KEY'],
    endpointVars: ['OLLAMA_HOST', 'OLLAMA_BASE_URL', 'VLLM_BASE_URL', 'LM_STUDIO_BASE_URL'],
    keyFormats: [],
  },
];

const BY_ID = new Map<ProviderId, Provider>(PROVIDERS.map((p) => [p.id, p]));

export function provider(id: ProviderId): Provider {
  return BY_ID.get(id) as Provider;
}

/** Every known key shape with its issuer, in the table's order (first match wins). */
export const KEY_FORMATS: ReadonlyArray<KeyFormat & { provider: ProviderId }> = PROVIDERS.flatMap((p) =>
  p.keyFormats.map((f) => ({ ...f, provider: p.id })),
);

/** The issuer and shape of a value, when a table format matches it whole. */
export function keyFormatOf(value: string): (KeyFormat & { provider: ProviderId }) | undefined {
  for (const f of KEY_FORMATS) if (f.exact.test(value)) return f;
  return undefined;
}

/** Key-starting literals the scanner anchors on (besides `sk-`, which every OpenAI key starts with), in table order. */
export const KEY_ANCHORS: ReadonlyArray<{ text: string; pair?: number; kinds: TableKeyKind[] }> = (() => {
  const out: Array<{ text: string; pair?: number; kinds: TableKeyKind[] }> = [];
  for (const f of KEY_FORMATS) {
    if (!f.anchor) continue;
    const have = out.find((a) => a.text === f.anchor?.text);
    if (have) have.kinds.push(f.kind);
    else out.push({ ...f.anchor, kinds: [f.kind] });
  }
  return out;
})();

/** Unanchored patterns of every provider key shape that can be found in running text. */
export function findablePatterns(): string[] {
  return KEY_FORMATS.flatMap((f) => (f.find ? [f.find] : []));
}

// ---------------------------------------------------------------------------------------------
// Endpoints

const LOCAL_HOST =
  /^(localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal|host\.containers\.internal|ollama|vllm|lmstudio|llama-?cpp|localai|text-generation-inference|tgi)$/;
const LOCAL_SUFFIX = /\.(local|internal|lan|localhost|home\.arpa)$/;
const PRIVATE_IP =
  /^(10\.\d{1,3}\.\d{1,3}\.\d{1,3}|192\.168\.\d{1,3}\.\d{1,3}|172\.(1[6-9]|2\d|3[01])\.\d{1,3}\.\d{1,3}|169\.254\.\d{1,3}\.\d{1,3})$/;

/** A host on this machine or its network (a local model server, a proxy, a container next door). */
export function isLocalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return (
    LOCAL_HOST.test(h) ||
    LOCAL_SUFFIX.test(h) ||
    PRIVATE_IP.test(h) ||
    (!h.includes('.') && /^[a-z][a-z0-9-]*$/.test(h))
  );
}

/** The loopback interface only (a key over plain http: is acceptable there and nowhere else). */
export function isLoopbackHost(host: string): boolean {
  return /^(localhost|127(?:\.\d{1,3}){3}|\[?::1\]?)$/i.test(host.replace(/\.$/, ''));
}

function hostMatches(host: string, name: string): boolean {
  return host === name || host.endsWith(`.${name}`);
}

/** The provider whose API answers on a host (subdomains included); `local` for hosts on this machine or network. */
export function providerOfHost(rawHost: string): Provider | undefined {
  const host = rawHost.toLowerCase().replace(/\.$/, '').replace(/:\d+$/, '');
  for (const p of PROVIDERS) for (const h of p.hosts) if (hostMatches(host, h)) return p;
  if (isLocalHost(host)) return BY_ID.get('local');
  return undefined;
}

export interface Endpoint {
  url: URL;
  host: string;
  /** Undefined: a host the table does not know (a proxy, a self-hosted gateway, a provider nobody listed). */
  provider?: Provider;
}

/** Parses a base URL or endpoint and names its provider; undefined when it is not an http(s) URL. */
export function endpointOf(raw: string): Endpoint | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = url.hostname.toLowerCase();
  const p = providerOfHost(host);
  return p ? { url, host, provider: p } : { url, host };
}

/** The provider that usually owns a key variable (`OPENROUTER_API_KEY` → OpenRouter); undefined for generic names. */
export function providerOfKeyVar(name: string): Provider | undefined {
  for (const p of PROVIDERS) if (p.keyVars.includes(name)) return p;
  const m = /^([A-Z][A-Z0-9]*)_(?:API_)?(?:KEY|TOKEN)$/.exec(name);
  if (m) {
    const stem = (m[1] as string).toLowerCase();
    for (const p of PROVIDERS) if (p.kind !== 'token' && (p.id === stem || p.id.replace(/-.*/, '') === stem)) return p;
  }
  return undefined;
}

/** Whether a key issued by `issuer` can authenticate at `endpoint`'s provider. */
export function acceptsKeyFrom(endpoint: Provider, issuer: ProviderId, kind?: string): boolean {
  if (endpoint.kind === 'local' || endpoint.kind === 'proxy') return true;
  if (endpoint.kind === 'gateway') return true; // gateways forward the caller's provider key (or take their own)
  if (endpoint.id === issuer) return true;
  const f = kind ? KEY_FORMATS.find((k) => k.kind === kind) : undefined;
  if (f?.alsoIssuedBy?.includes(endpoint.id)) return true;
  // Azure's v1 endpoint and its classic one take the resource key or an Entra ID token.
  if (endpoint.id === 'azure' && issuer === 'jwt') return true;
  return false;
}
