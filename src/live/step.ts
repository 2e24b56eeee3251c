/**
 * The doctor's live step: verify each distinct effective key once, against the endpoint its own
 * target would use (base URL, organization and project headers, Azure endpoint), a few at a time.
 * Fills facts.live; the checks in src/checks/live/ turn the results into findings.
 */
import type { LookupFunction } from 'node:net';
import type { Dispatcher } from 'undici';
import type { Facts } from '../core/facts.js';
import type { Target } from '../core/types.js';
import type { FetchLike } from './http.js';
import { applyClientOptions, settingsForTarget, skipReason, type LiveSettings } from './settings.js';
import type { LiveResult } from './types.js';
import { verifyKey } from './verify.js';

export interface LiveStepOptions {
  timeoutMs?: number;
  /** Keys verified at the same time (default 4). */
  concurrency?: number;
  /** Injected transport (tests). */
  dispatcher?: Dispatcher;
  fetch?: FetchLike;
  lookup?: LookupFunction;
}

interface Group {
  settings: LiveSettings;
  targets: Target[];
}

function signature(s: LiveSettings): string {
  return JSON.stringify([s.key.trim(), s.baseURL ?? '', s.organization ?? '', s.project ?? '', s.azure ?? null]);
}

/** Runs `jobs` with at most `n` in flight, keeping their order. */
export async function pool<T>(jobs: Array<() => Promise<T>>, n: number): Promise<T[]> {
  const out: T[] = new Array<T>(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await (jobs[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, jobs.length)) }, worker));
  return out;
}

export async function runLiveStep(facts: Facts, targets: Target[], opts: LiveStepOptions = {}): Promise<void> {
  const groups = new Map<string, Group>();
  for (const t of targets) {
    const found = settingsForTarget(t, facts.env);
    if (!found) continue;
    const s = applyClientOptions(found, t, facts.code?.clients);
    const why = skipReason(s);
    if (why) {
      facts.notes.push({ kind: 'skipped', message: `Live check skipped for ${t.label}: ${why}.` });
      continue;
    }
    const sig = signature(s);
    const g = groups.get(sig);
    if (g) g.targets.push(t);
    else groups.set(sig, { settings: s, targets: [t] });
  }
  // The models the code calls: their shutdown_date comes with the model list the key check reads.
  const models = [...new Set((facts.code?.files ?? []).flatMap((f) => (f.models ?? []).map((m) => m.name)))];
  const jobs = [...groups.values()].map((g) => async (): Promise<LiveResult> => {
    const s = g.settings;
    return verifyKey({
      key: s.key,
      baseURL: s.baseURL,
      organization: s.organization,
      project: s.project,
      azure: s.azure,
      probes: 'essential',
      models: s.azure ? undefined : models,
      timeoutMs: opts.timeoutMs,
      env: facts.env,
      dispatcher: opts.dispatcher,
      fetch: opts.fetch,
      lookup: opts.lookup,
      targets: g.targets.map((t) => t.id),
      // A key of the user's is not sent where the project's files point it (live/trust.ts).
      origin: { key: s.location, endpoint: s.endpointFrom },
    });
  });
  const results = await pool(jobs, opts.concurrency ?? 4);
  facts.live = { results };
}
