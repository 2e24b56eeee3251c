/** The explicit list of collectors, in no particular order (they run concurrently). */
import type { Collector } from './collector.js';
import { processEnvCollector } from './process-env.js';
import { shellCollector } from './shell/collector.js';
import { dotenvCollector } from './dotenv/collector.js';
import { codeCollector } from '../code/collector.js';
import { deployCollector } from '../deploy/collector.js';
import { scanCollector } from '../scan/collector.js';

export const COLLECTORS: Collector[] = [processEnvCollector, shellCollector, dotenvCollector, codeCollector, deployCollector, scanCollector];
