/**
 * Pure predicates over deployment facts (names, values, where a Kubernetes object came from), shared
 * by the deployment readers and the deploy checks; nothing here reads a file.
 */
import { classifyCredential, isCredentialName, isOpenAIKind, isOtherAzureServiceName } from '../keys/classify.js';
import type { K8sDataEntry, K8sOrigin } from './types.js';
import { PROVIDERS } from '../providers/index.js';

/** Variables that belong to OpenAI / Azure OpenAI set-up (the ones deploy targets are built for). */
export function isOpenAIName(name: string): boolean {
  // OPENAI_API_KEY, AZURE_OPENAI_KEY, and anything-llm's OPEN_AI_KEY
  return /OPENAI|(^|_)OPEN_AI(_|$)/i.test(name);
}

const LLM_KEY_VARS = new Set(PROVIDERS.flatMap((p) => p.keyVars));

/** A provider's own key variable (ANTHROPIC_API_KEY, GROQ_API_KEY, OPENAI_API_KEY, ...). */
export function isProviderKeyVar(name: string): boolean {
  return LLM_KEY_VARS.has(name);
}

/**
 * A name of LLM set-up: OpenAI's and Azure OpenAI's variables, another LLM provider's or gateway's key,
 * or a generic key name an app may read its LLM key from. The key of a search API, an analytics or
 * tracing service (SERPER_API_KEY, POSTHOG_API_KEY, LANGCHAIN_API_KEY), left blank or made out of band,
 * is not what keydoctor diagnoses.
 */
export function llmName(name: string): boolean {
  return isOpenAIName(name) || LLM_KEY_VARS.has(name) || /^(?:LLM_|AI_|MODEL_|CHAT_)?API_?KEY$/i.test(name);
}

/** A value shaped like an OpenAI or Azure OpenAI key. */
export function isKeyValue(value: string, name = ''): boolean {
  const v = value.trim();
  if (!v) return false;
  const c = classifyCredential(v);
  if (isOpenAIKind(c.kind) || c.kind === 'openai-malformed' || c.kind === 'azure-cask') return true;
  if (c.kind === 'azure-hex32') return !isOtherAzureServiceName(name) && (isCredentialName(name) || isOpenAIName(name));
  return false;
}

/** A name that holds the OpenAI credential (OPENAI_API_KEY, AZURE_OPENAI_API_KEY, openai-api-key, ...). */
export function isKeyName(name: string): boolean {
  return isOpenAIName(name) && isCredentialName(name);
}

/** A Secret or ConfigMap entry that holds the OpenAI key (by its name or its value). */
export function isKeyEntry(e: K8sDataEntry): boolean {
  return isKeyName(e.key) || (e.value !== undefined && isKeyValue(e.value.trim(), e.key));
}

/** Whether an object's source is the project's own manifest (not a command line or a generated file). */
export function originIsAuthoritative(o: K8sOrigin): boolean {
  return o === 'manifest' || o === 'kustomize' || o === 'helm';
}

/** `${VAR:-}` with VAR unset: compose substitutes the empty default, as it does for an unset `${VAR}`. */
export function emptyDefault(r: { source: string; op: string; arg?: string }): boolean {
  return r.source === 'default' && (r.op === ':-' || r.op === '-') && (r.arg ?? '') === '';
}
