import type { FindingDraft } from '../../core/types.js';
import { showValue } from '../../keys/mask.js';
import { sourceLabel, traceLines } from '../../trace/analyze.js';
import type { Check } from '../types.js';

export const check: Check = {
  meta: {
    id: 'trace-key-differs',
    title: 'The running app sent another key than predicted',
    severity: 'error',
    area: 'sources',
    docs: {
      what: "A trace (`keydoctor trace -- CMD`, or `keydoctor --trace FILE`) saw a process send a credential other than the one keydoctor predicted for its target from the files: the key came from another source (a shell start-up file the prediction ranked lower, a value built at run time, a plugin's own config, a framework that rewrote the environment).",
      why: 'The key that really leaves the app is the one the API judges. Editing the predicted source (usually `.env`) changes nothing while the app takes its key from elsewhere, so a rotated or fixed key seems not to take effect.',
      fix: 'The message names both sources: the one the app really used (when keydoctor can see it) and the predicted one. Remove or update the stale value, or make the intended source win (for example `load_dotenv(override=True)`, or `unset OPENAI_API_KEY` in the shell).',
    },
  },
  run({ facts, targets }) {
    const trace = facts.trace;
    if (!trace) return [];
    const out: FindingDraft[] = [];
    for (const l of traceLines(facts, targets, trace, trace.target)) {
      if (l.verdict !== 'key-differs' || !l.prediction || !l.credential) continue;
      const p = l.prediction;
      const t = p.target;
      const from = l.sentFrom.length
        ? `from ${[...new Set(l.sentFrom.map(sourceLabel))].slice(0, 3).join(', ')}`
        : 'from a source keydoctor cannot see (a value built at run time, a config file the app reads itself, a wrapper that sets the environment)';
      const predicted = p.key
        ? `${showValue(p.key.value)} (${p.key.name} from ${p.key.source})`
        : `no key at all (${t.keyVar} is not set for this target)`;
      const actual = l.sentFrom[0];
      out.push({
        id: 'trace-key-differs',
        message: `${l.processLabel} sent ${l.credential.masked} ${from} to ${l.host}, but keydoctor predicted ${predicted} for ${t.label}.`,
        location: actual?.location ?? p.key?.location,
        related: [
          ...(actual?.location && p.key?.location
            ? [{ ...p.key.location, note: `the predicted ${p.key.name}, which the app did not send` }]
            : []),
          ...l.sentFrom.slice(1, 3).flatMap((a) => (a.location ? [{ ...a.location, note: 'holds the same key' }] : [])),
        ],
        target: t.id,
        data: {
          pid: l.pid,
          process: l.processLabel,
          endpoint: l.origin,
          sent: l.credential.masked,
          sentLength: l.credential.length,
          sentFrom: l.sentFrom.map(sourceLabel),
          predicted: p.key ? showValue(p.key.value) : null,
          predictedFrom: p.key?.source ?? null,
          variable: t.keyVar,
          requests: l.requests.length,
        },
        fix: {
          summary: actual
            ? `The app takes its key from ${sourceLabel(actual)}: update or remove it there${p.key ? `, or make ${p.key.source} win` : ''}, then run the trace again.`
            : `Find where ${l.processLabel} gets this key (code that builds it, a config file of its own, the command that starts it) and replace it there${p.key ? `, or make it read ${p.key.name} from ${p.key.source}` : ''}.`,
        },
      });
    }
    return out;
  },
};
