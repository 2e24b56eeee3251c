/**
 * `scan --verify`: each distinct OpenAI key found is sent once to the live verification (the key
 * check only, no permission probes), with bounded concurrency; the answer marks every hit of that
 * key live, revoked or unknown. Other providers' keys are not sent anywhere (unknown).
 */
import { verifyKey } from '../live/verify.js';
import { isLoopbackHost, providerOfHost } from '../providers/index.js';
import type { ScanHit } from './types.js';

export interface VerifyHitsOptions {
  /** OpenAI base URL (default: OPENAI_BASE_URL from env when it is OpenAI's API or this machine, else api.openai.com). */
  baseURL?: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** Keys checked at the same time (default 4). */
  concurrency?: number;
}

export interface VerifySummary {
  checked: number;
  live: number;
  revoked: number;
  unknown: number;
  notSent: number;
  /** The host of an OPENAI_BASE_URL that was not used (not OpenAI's API, not this machine). */
  ignoredHost?: string;
}

type Verdict = NonNullable<ScanHit['verified']>;

/**
 * Where found keys are asked about. The keys are not this shell's: they are whatever the tree holds
 * (a clone's, a colleague's, a leak's), and only OpenAI can say whether one of its keys is live. So
 * OPENAI_BASE_URL counts only when it is OpenAI's own API or this machine (an emulator, a local
 * mirror); a gateway or proxy there (OpenRouter, LiteLLM, Helicone, a company proxy) would receive
 * every key found, and cannot tell anyway.
 */
export function verifyEndpoint(opts: Pick<VerifyHitsOptions, 'baseURL' | 'env'>): {
  baseURL?: string;
  ignored?: string;
} {
  if (opts.baseURL) return { baseURL: opts.baseURL };
  const env = opts.env?.OPENAI_BASE_URL?.trim();
  if (!env) return {};
  let host = '';
  try {
    host = new URL(env).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return { ignored: env };
  }
  if (isLoopbackHost(host) || providerOfHost(host)?.id === 'openai') return { baseURL: env };
  return { ignored: env };
}

async function verdictFor(secret: string, opts: VerifyHitsOptions): Promise<Verdict> {
  const baseURL = verifyEndpoint(opts).baseURL;
  const r = await verifyKey({
    key: secret,
    baseURL: baseURL || undefined,
    probes: 'none',
    timeoutMs: opts.timeoutMs ?? 10000,
    env: opts.env,
  });
  const ids = new Set(r.findings.map((f) => f.id));
  if (ids.has('live-invalid-key') || ids.has('live-account-deactivated')) return 'revoked';
  // 200, a restricted key (403 on the probe) or a key without credit still authenticates.
  if (
    ids.has('live-ok') ||
    r.status === 200 ||
    ids.has('live-missing-scope') ||
    ids.has('live-quota-exhausted') ||
    ids.has('live-rate-limited')
  )
    return 'live';
  return 'unknown';
}

/** Marks `verified` on every hit; each distinct key is asked about once. */
export async function verifyHits(hits: ScanHit[], opts: VerifyHitsOptions = {}): Promise<VerifySummary> {
  const summary: VerifySummary = { checked: 0, live: 0, revoked: 0, unknown: 0, notSent: 0 };
  const cache = new Map<string, Promise<Verdict>>();
  const queue: string[] = [];
  for (const h of hits) {
    if (h.provider !== 'openai' || h.kind === 'openai-malformed') continue;
    if (!cache.has(h.secret) && !queue.includes(h.secret)) queue.push(h.secret);
  }
  const ep = verifyEndpoint(opts);
  if (ep.ignored !== undefined && queue.length) {
    let host = 'an unparsable URL';
    try {
      host = new URL(ep.ignored).host;
    } catch {
      // shown as unparsable
    }
    summary.ignoredHost = host;
  }
  const results = new Map<string, Verdict>();
  const limit = Math.max(1, opts.concurrency ?? 4);
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const secret = queue[next++];
      if (secret === undefined) break;
      let v: Verdict;
      try {
        v = await verdictFor(secret, opts);
      } catch {
        v = 'unknown';
      }
      results.set(secret, v);
      summary.checked++;
      summary[v]++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, worker));
  for (const h of hits) {
    const v = results.get(h.secret);
    if (v) h.verified = v;
    else summary.notSent++;
  }
  return summary;
}
