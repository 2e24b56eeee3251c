/**
 * Raw HTTP calls to an LLM provider as clients: `fetch("https://api.openai.com/v1/...", { headers:
 * { Authorization: `Bearer ${process.env.OPENAI_API_KEY}` } })`, axios / got, Python `requests` /
 * `httpx`. The language visitors find the URL and the credential header; this module decides, with
 * precision first, whether the call is an LLM client: the URL must be a known provider's host, or
 * (the URL being a variable) the header must carry a provider's key variable. An arbitrary fetch,
 * one to the project's own backend, or one whose credential is not an environment variable (an
 * ephemeral token handed over by a server) is not a client.
 */
import { finishClient, other } from './analysis.js';
import type { ClientConstruction, ValueExpr } from './types.js';
import { endpointOf, providerOfKeyVar, type Provider } from '../providers/index.js';

/** Headers that carry an LLM credential (`Authorization: Bearer`, Azure's `api-key`, Anthropic's `x-api-key`, Google's `x-goog-api-key`). */
export const CREDENTIAL_HEADERS = new Set(['authorization', 'api-key', 'x-api-key', 'x-goog-api-key']);

/** The prefix a credential header's value may carry before the key (`Bearer `, `Token `). */
export const AUTH_PREFIX = /^\s*(?:bearer|token|key)?\s*$/i;

const KEYISH_VAR = /(^|_)(API_?KEY|TOKEN|KEY|SECRET)$/i;

/**
 * The base URL a request URL stands for (what an SDK client would be given, and what `verify` appends
 * `/models` to): the provider's own base URL when the request is under it, else the URL up to its
 * `/v1`, else its origin. `https://api.openai.com/v1/realtime/sessions` → `https://api.openai.com/v1`.
 */
export function baseOfRequest(url: string, p: Provider): string {
  const u = url.trim();
  const own = p.baseURL?.replace(/\/+$/, '');
  if (own && u.toLowerCase().startsWith(own.toLowerCase())) return own;
  const m = /^(https?:\/\/[^/?#]+(?:\/[^?#]*?)?\/v\d+(?:beta\d*)?)(?:[/?#]|$)/i.exec(u);
  return m?.[1] ?? originOf(u);
}

function originOf(url: string): string {
  try {
    return new URL(url.trim()).origin;
  } catch {
    return url.trim();
  }
}

/**
 * The client an HTTP call is, or undefined. `url`: the request's URL as keydoctor can tell it (a
 * literal, possibly only its start; an environment variable; other); `credential`: the value in the
 * credential header. `c` is the construction's base (file, line, conditions).
 */
export function httpClient(
  c: ClientConstruction,
  url: ValueExpr | undefined,
  credential: ValueExpr | undefined,
): ClientConstruction | undefined {
  if (credential?.kind !== 'env' || !KEYISH_VAR.test(credential.name)) return undefined;
  const byVar = providerOfKeyVar(credential.name);
  if (url?.kind === 'literal') {
    const e = endpointOf(url.value);
    const p = e?.provider;
    if (!p || (p.kind !== 'provider' && p.kind !== 'gateway')) return undefined; // the project's own server, a local one, an unknown host
    c.provider = p.id;
    if (p.id === 'azure') {
      // the resource's endpoint, as AzureOpenAI is given it (the deployment and api-version are in the path)
      c.azure = true;
      c.options.azureEndpoint = { kind: 'literal', value: originOf(url.value) };
    } else c.options.baseURL = { kind: 'literal', value: baseOfRequest(url.value, p) };
  } else {
    if (!byVar || (byVar.kind !== 'provider' && byVar.kind !== 'gateway')) return undefined;
    c.options.baseURL = url ?? other('a URL built at run time');
  }
  c.options.apiKey = credential;
  return finishClient(c);
}
