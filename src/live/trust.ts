/**
 * Where keydoctor may send a key (R12: a repository must not be able to steal the user's key).
 *
 * - Never to anything but http(s), and never over plain http:// to a host other than loopback.
 * - When the key and the endpoint come from different trust domains (the key from the user's
 *   environment or HOME, the endpoint from the project's files: a cloned repository's `.env`, its
 *   code, its compose file) and the endpoint is not a known provider's host, the key is not sent:
 *   the app would send it there, but `npx keydoctor` in an untrusted clone must not do so silently.
 *   The user verifies explicitly with `keydoctor verify --base-url URL`, which is their own choice.
 *
 * Known provider hosts come from the provider table (src/providers): providers that issue their own
 * keys (OpenAI, Azure OpenAI, Anthropic, Groq, ...). Gateways, proxies and local servers are not
 * "known" here: the URL of a gateway names whoever owns it, and they see the traffic.
 */
import type { Location } from '../core/types.js';
import { isLoopbackHost, providerOfHost } from '../providers/index.js';

export type TrustDomain = 'user' | 'project';

/** Who set a value: a file inside the project (relative path) is the project's; the environment, HOME and system files are the user's. */
export function domainOf(loc: Location | undefined): TrustDomain {
  const p = loc?.path;
  if (p === undefined || p === '') return 'user';
  if (p.startsWith('/') || p.startsWith('~') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')) return 'user';
  return 'project';
}

/** A host of a provider that issues its own keys (the provider table's `provider` kind). */
export function isKnownProviderHost(host: string): boolean {
  return providerOfHost(host)?.kind === 'provider';
}

function hostOf(url: string): { protocol: string; host: string } | undefined {
  try {
    const u = new URL(url.trim());
    return { protocol: u.protocol, host: u.hostname.replace(/^\[|\]$/g, '').toLowerCase() };
  } catch {
    return undefined;
  }
}

/** Why no key may go to `url` at all (any command, any source), or undefined when it may. */
export function transportRefusal(url: string): string | undefined {
  const h = hostOf(url);
  if (!h) return `the endpoint ${url} is not a URL`;
  if (h.protocol !== 'https:' && h.protocol !== 'http:')
    return `the endpoint is a ${h.protocol} URL, not http(s): no API answers there, and nothing is sent to it`;
  if (h.protocol === 'http:' && !isLoopbackHost(h.host))
    return `the endpoint is plain http:// on ${h.host}, which is not this machine: the key would cross the network in clear text`;
  return undefined;
}

export interface EndpointOrigin {
  /** Where the key was set (undefined: the environment keydoctor runs in). */
  key?: Location;
  /** Where the endpoint was set (undefined: the environment, or the default). */
  endpoint?: Location;
}

/** Why the key must not go to `url` given where each came from, or undefined when it may. */
export function trustRefusal(url: string, from: EndpointOrigin): string | undefined {
  if (domainOf(from.key) !== 'user' || domainOf(from.endpoint) !== 'project') return undefined;
  const h = hostOf(url);
  if (h && isKnownProviderHost(h.host)) return undefined;
  const at = (l: Location | undefined) =>
    l ? `${l.path}${l.line ? `:${l.line}` : ''}` : 'the environment keydoctor runs in';
  return `the endpoint ${url.trim()} is set by this project (${at(from.endpoint)}), the key by you (${at(from.key)}), and ${h?.host ?? 'the host'} is no known provider's host: keydoctor does not send your key where a repository points it`;
}
