/** The explicit list of collectors, in no particular order (they run concurrently). */
import type { Collector } from './collector.js';
import { processEnvCollector } from './process-env.js';

export const COLLECTORS: Collector[] = [processEnvCollector];
