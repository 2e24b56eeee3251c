import type { Collector } from './collector.js';

/** The process environment: what this shell exports, as assignments without a file. */
export const processEnvCollector: Collector = {
  name: 'process-env',
  collect(ctx, facts) {
    for (const [name, value] of Object.entries(ctx.env)) {
      facts.assignments.push({
        name,
        value,
        kind: 'process-env',
        exported: true,
        detail: 'exported in the environment keydoctor runs in',
      });
    }
  },
};
