import type { FindingDraft } from '../../core/types.js';
import { blindSpots } from '../../trace/blind.js';
import type { Check } from '../types.js';

export const check: Check = {
  meta: {
    id: 'trace-hook-not-loaded',
    title: 'A process could not be observed by the trace',
    severity: 'warning',
    area: 'internal',
    docs: {
      what: 'The trace could not see inside a process the command started: Python run with `-I`, `-E` or `-S` (they skip `PYTHONPATH` or `site`, so the hook is never imported), a child started with an environment that drops `NODE_OPTIONS` / `PYTHONPATH`, a Node worker thread that did not load the preload, a container (`docker run`, `docker compose`), or a program that is neither Node nor Python.',
      why: "Requests from such a process are not recorded, so the trace's picture is incomplete there; and without `--live` they are not redirected either, so the emulator cannot stand in for the API.",
      fix: 'Run that part directly (`keydoctor trace -- python app.py` without `-I`/`-E`/`-S`; the app outside its container), or pass the environment on to the child. The message says which process it was.',
    },
  },
  run({ facts }) {
    const trace = facts.trace;
    if (!trace) return [];
    return blindSpots(trace).map((b): FindingDraft => ({
      id: 'trace-hook-not-loaded',
      message: b.message,
      data: { process: b.process, reason: b.reason },
      fix: { summary: b.fix },
    }));
  },
};
