import type { FindingDraft } from '../../core/types.js';
import { traceLines } from '../../trace/analyze.js';
import type { Check } from '../types.js';

export const check: Check = {
  meta: {
    id: 'trace-unpredicted-endpoint',
    title: 'The app called an endpoint the static model did not find',
    severity: 'warning',
    area: 'code',
    docs: {
      what: "A trace saw a process send an OpenAI-style request (or an OpenAI key) to an endpoint that none of the project's base URLs, Azure endpoints or client settings name, or that differs from the one predicted for its target (a data-residency host, a gateway, a proxy set at run time).",
      why: 'A key is only valid where it was issued: an endpoint nobody expected can answer 401 for a good key, and a key sent to an unexpected host has gone somewhere you did not plan.',
      fix: 'If the endpoint is intended, name it where the project configures its clients (`OPENAI_BASE_URL`, `baseURL`), so every tool sees it; if not, find the code or library that sets it.',
    },
  },
  run({ facts, targets }) {
    const trace = facts.trace;
    if (!trace) return [];
    const out: FindingDraft[] = [];
    for (const l of traceLines(facts, targets, trace, trace.target)) {
      if (l.verdict !== 'unpredicted-endpoint') continue;
      const p = l.prediction;
      const expected = p
        ? ` keydoctor predicted ${[...p.hosts].join(', ') || 'no endpoint'} for ${p.target.label}.`
        : ' No base URL, Azure endpoint or client setting in the project names it.';
      out.push({
        id: 'trace-unpredicted-endpoint',
        message: `${l.processLabel} sent ${l.requests.length} request${l.requests.length === 1 ? '' : 's'} to ${l.origin} (${l.paths.join(', ')}) with ${l.credentialLabel}.${expected}`,
        location: p?.target.location,
        target: p?.target.id,
        data: {
          pid: l.pid,
          process: l.processLabel,
          endpoint: l.origin,
          predicted: p ? [...p.hosts] : [],
          requests: l.requests.length,
        },
        fix: {
          summary: `If ${l.host} is meant, set it where the project configures the client (OPENAI_BASE_URL or the client's baseURL); if not, find what sends requests there.`,
        },
      });
    }
    return out;
  },
};
