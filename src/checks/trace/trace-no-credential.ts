import type { FindingDraft } from '../../core/types.js';
import { showValue } from '../../keys/mask.js';
import { traceLines } from '../../trace/analyze.js';
import type { Check } from '../types.js';

export const check: Check = {
  meta: {
    id: 'trace-no-credential',
    title: 'A request left without any credential',
    severity: 'error',
    area: 'sources',
    docs: {
      what: 'A trace saw a process send a request to an LLM endpoint with no `Authorization`, `api-key`, `x-api-key` or `x-goog-api-key` header and no key in the query string.',
      why: 'The API answers 401 ("You didn\'t provide an API key"). Usually the client was built before the key was loaded (dotenv loaded too late, a key read at import time), or it was given `apiKey: undefined` explicitly, or a proxy or custom `fetch` dropped the header.',
      fix: 'Load the environment before creating the client, pass the key explicitly, or check the custom fetch / proxy settings. `keydoctor` (the doctor) points at the line when it can see it.',
    },
  },
  run({ facts, targets }) {
    const trace = facts.trace;
    if (!trace) return [];
    const out: FindingDraft[] = [];
    for (const l of traceLines(facts, targets, trace, trace.target)) {
      if (l.verdict !== 'no-credential') continue;
      const p = l.prediction;
      const hint = p?.key
        ? ` keydoctor predicted ${showValue(p.key.value)} from ${p.key.source} for ${p.target.label}: the app did not read it in time (loaded after the client was created?) or replaced it.`
        : p
          ? ` keydoctor found no key for ${p.target.label} either.`
          : '';
      out.push({
        id: 'trace-no-credential',
        message: `${l.processLabel} sent ${l.paths.join(', ')} to ${l.host} without any credential (${l.requests.length} request${l.requests.length === 1 ? '' : 's'}; answered ${l.statuses.join(', ')}).${hint}`,
        location: p?.key?.location ?? p?.target.location,
        target: p?.target.id,
        data: { pid: l.pid, process: l.processLabel, endpoint: l.origin, paths: l.paths, requests: l.requests.length },
        fix: {
          summary:
            'Load the environment (dotenv) before the client is created, or pass the key to the client explicitly.',
        },
      });
    }
    return out;
  },
};
