/**
 * Matching the key an error echoes with the credentials a recorded trace saw: which process sent
 * it, to which endpoint, and when. A trace holds the first 8 and last 4 characters and the length
 * of every credential (the same characters OpenAI echoes) and a salted hash, which settles short
 * values the error shows whole.
 */
import type { FindingDraft } from '../core/types.js';
import type { MaskedKey } from '../live/answer.js';
import type { TraceFacts, TraceRequest } from '../trace/types.js';
import { credentialHash, processLabel } from '../trace/analyze.js';

export function requestsWithMask(trace: TraceFacts, mask: MaskedKey): TraceRequest[] {
  return trace.requests.filter((r) => {
    const c = r.credential;
    if (!c) return false;
    if (mask.literal !== undefined)
      return (
        c.hash !== undefined &&
        (credentialHash(trace.salt, mask.literal) === c.hash ||
          credentialHash(trace.salt, mask.literal.trim()) === c.hash)
      );
    if (mask.length !== undefined && mask.length !== c.length) return false;
    if (mask.prefix.length === 0 && mask.suffix.length === 0) return false;
    // The trace keeps 8 + 4 characters of keys of 24 characters or more: enough for OpenAI's echo.
    if (mask.prefix.length > c.prefix.length || mask.suffix.length > c.suffix.length) return false;
    return c.prefix.startsWith(mask.prefix) && c.suffix.endsWith(mask.suffix);
  });
}

/** Adds, to each finding about an echoed key, which traced process sent it. */
export function matchTrace(trace: TraceFacts, masks: MaskedKey[], findings: FindingDraft[]): void {
  for (const mask of masks) {
    const hits = requestsWithMask(trace, mask);
    if (hits.length === 0) continue;
    const procs = new Map(trace.processes.map((p) => [p.pid, p]));
    const who = [...new Map(hits.map((r) => [`${r.pid}|${r.origin}`, r])).values()]
      .slice(0, 3)
      .map((r) => `${processLabel(procs.get(r.pid), r.pid)} to ${r.origin}${r.path}`);
    const sentence = ` The recorded trace saw this key sent by ${who.join('; ')}${hits.length > who.length ? ` and in ${hits.length - who.length} more request${hits.length - who.length === 1 ? '' : 's'}` : ''}.`;
    for (const f of findings) {
      const mk = f.data?.maskedKey as { prefix?: string; suffix?: string; length?: number } | undefined;
      const mine =
        (mk && mk.prefix === mask.prefix && mk.suffix === mask.suffix && mk.length === mask.length) ||
        f.data?.echoed === mask.text;
      if (!mine || f.data?.traced) continue;
      f.message += sentence;
      f.data = {
        ...(f.data ?? {}),
        traced: hits.slice(0, 10).map((r) => ({
          pid: r.pid,
          process: processLabel(procs.get(r.pid), r.pid),
          endpoint: r.origin,
          path: r.path,
          time: new Date(r.t).toISOString(),
        })),
      };
    }
  }
}
