/**
 * LangChain's universal chat model: `init_chat_model("gpt-4o", model_provider="openai")`,
 * `init_chat_model("openai:gpt-4o")` (Python) and `initChatModel("openai:gpt-4o")` (JS) build the
 * provider's own chat class, which reads that provider's default key variable. This module says,
 * for a model id and an optional provider, which provider the client talks to and which variable
 * it reads its key from (as langchain-<provider> reads it; the names differ between Python and JS).
 */
import { PROVIDERS as PROVIDER_TABLE, type ProviderId } from '../providers/index.js';
import { finishClient, other } from './analysis.js';
import type { ClientConstruction } from './types.js';

export interface ChatModelProvider {
  /** The provider table's id (its hosts say where the requests go). */
  provider: ProviderId;
  /** The client kind keydoctor records. */
  sdk: string;
  azure: boolean;
  /** The variable the chat class reads its key from, with its fallbacks; none: it takes no key (a local server, cloud credentials). */
  keyVar?: string;
  fallbacks?: string[];
}

type Lang = 'python' | 'js';

/** LangChain provider ids (Python spelling; JS uses `-` where Python uses `_`) → what the chat class reads. */
const PROVIDERS: Record<string, { provider: ProviderId; sdk: string; azure?: boolean; py?: string[]; js?: string[] }> =
  {
    openai: { provider: 'openai', sdk: 'langchain-openai', py: ['OPENAI_API_KEY'], js: ['OPENAI_API_KEY'] },
    azure_openai: {
      provider: 'azure',
      sdk: 'langchain-azure',
      azure: true,
      py: ['AZURE_OPENAI_API_KEY', 'OPENAI_API_KEY'],
      js: ['AZURE_OPENAI_API_KEY'],
    },
    anthropic: {
      provider: 'anthropic',
      sdk: 'langchain-anthropic',
      py: ['ANTHROPIC_API_KEY'],
      js: ['ANTHROPIC_API_KEY'],
    },
    google_genai: {
      provider: 'google',
      sdk: 'langchain-google-genai',
      py: ['GOOGLE_API_KEY', 'GEMINI_API_KEY'],
      js: ['GOOGLE_API_KEY'],
    },
    groq: { provider: 'groq', sdk: 'langchain-groq', py: ['GROQ_API_KEY'], js: ['GROQ_API_KEY'] },
    mistralai: { provider: 'mistral', sdk: 'langchain-mistralai', py: ['MISTRAL_API_KEY'], js: ['MISTRAL_API_KEY'] },
    together: {
      provider: 'together',
      sdk: 'langchain-together',
      py: ['TOGETHER_API_KEY'],
      js: ['TOGETHER_AI_API_KEY'],
    },
    fireworks: {
      provider: 'fireworks',
      sdk: 'langchain-fireworks',
      py: ['FIREWORKS_API_KEY'],
      js: ['FIREWORKS_API_KEY'],
    },
    deepseek: { provider: 'deepseek', sdk: 'langchain-deepseek', py: ['DEEPSEEK_API_KEY'], js: ['DEEPSEEK_API_KEY'] },
    xai: { provider: 'xai', sdk: 'langchain-xai', py: ['XAI_API_KEY'], js: ['XAI_API_KEY'] },
    perplexity: {
      provider: 'perplexity',
      sdk: 'langchain-perplexity',
      py: ['PPLX_API_KEY'],
      js: ['PERPLEXITY_API_KEY'],
    },
    cerebras: { provider: 'cerebras', sdk: 'langchain-cerebras', py: ['CEREBRAS_API_KEY'], js: ['CEREBRAS_API_KEY'] },
    nvidia: { provider: 'nvidia', sdk: 'langchain-nvidia', py: ['NVIDIA_API_KEY'], js: ['NVIDIA_API_KEY'] },
    huggingface: {
      provider: 'huggingface',
      sdk: 'langchain-huggingface',
      py: ['HUGGINGFACEHUB_API_TOKEN', 'HF_TOKEN'],
    },
    ollama: { provider: 'local', sdk: 'langchain-ollama' },
  };

/** The provider LangChain infers from a bare model name (`_attempt_infer_model_provider`); undefined: one keydoctor does not judge. */
function inferred(model: string): string | undefined {
  if (/^(gpt-|o1|o3|o4|chatgpt|text-davinci)/.test(model)) return 'openai';
  if (model.startsWith('claude')) return 'anthropic';
  if (model.startsWith('mistral')) return 'mistralai';
  if (model.startsWith('deepseek')) return 'deepseek';
  if (model.startsWith('grok')) return 'xai';
  if (model.startsWith('sonar')) return 'perplexity';
  if (model.startsWith('accounts/fireworks')) return 'fireworks';
  return undefined;
}

/**
 * What `init_chat_model(model, model_provider=provider)` builds. `model` / `provider`: the literal
 * strings, or undefined when the code passes an expression. Returns `'unknown'` when the provider
 * cannot be told from the code (a variable), `'other'` for a provider keydoctor does not judge
 * (Bedrock, Vertex AI, Cohere, ...).
 */
export function chatModelProvider(
  model: string | undefined,
  provider: string | undefined,
  lang: Lang,
  providerGiven: boolean,
): ChatModelProvider | 'unknown' | 'other' {
  let id = provider;
  if (id === undefined && providerGiven) return 'unknown';
  if (id === undefined) {
    if (model === undefined) return 'unknown';
    const i = model.indexOf(':');
    const prefix = i > 0 ? model.slice(0, i).replace(/-/g, '_') : undefined;
    if (prefix && /^[a-z_]+$/.test(prefix)) id = prefix;
    else id = inferred(model);
    if (id === undefined) return 'other';
  }
  const p = PROVIDERS[id.replace(/-/g, '_').toLowerCase()];
  if (!p) return 'other';
  const vars = lang === 'python' ? p.py : p.js;
  const out: ChatModelProvider = { provider: p.provider, sdk: p.sdk, azure: !!p.azure };
  if (vars?.length) {
    out.keyVar = vars[0];
    if (vars.length > 1) out.fallbacks = vars.slice(1);
  }
  return out;
}

/** Gives a client built by `init_chat_model` / `initChatModel` its provider, key variable and conditions (after the options are read). */
export function applyChatModel(c: ClientConstruction, p: ChatModelProvider | 'unknown'): ClientConstruction {
  if (p === 'unknown') {
    // The provider is decided at run time: a conditional client that never raises an error.
    c.when = [...(c.when ?? []), { kind: 'unknown', text: 'the model passed at run time names this provider' }];
    c.provider = 'unknown';
    if (!c.options.baseURL) c.options.baseURL = other('the endpoint of the provider the model names');
    if (!c.options.apiKey) c.options.apiKey = other('the key variable of the provider the model names');
    return finishClient(c);
  }
  c.provider = p.provider;
  if (p.azure) c.azure = true;
  // Another provider's chat class sends to that provider's API: its base URL, so that nothing (verify, trace) takes it for api.openai.com
  const own = PROVIDER_TABLE.find((x) => x.id === p.provider)?.baseURL;
  if (!c.options.baseURL && p.provider !== 'openai' && !p.azure && own)
    c.options.baseURL = { kind: 'literal', value: own };
  if (c.options.apiKey || c.options.azureADToken || p.sdk === 'langchain-openai' || p.sdk === 'langchain-azure')
    return finishClient(c);
  if (p.keyVar) {
    c.keyVar = p.keyVar;
    c.keyVarImplicit = true;
    if (p.fallbacks) c.keyVarFallbacks = p.fallbacks;
  }
  return c;
}
