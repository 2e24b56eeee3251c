/**
 * The explicit list of collectors. They run concurrently; the scan goes first because its file
 * reading runs on the thread pool (native prefilter) while the others work on this thread.
 */
import type { Collector } from './collector.js';
import { processEnvCollector } from './process-env.js';
import { shellCollector } from './shell/collector.js';
import { dotenvCollector } from './dotenv/collector.js';
import { codeCollector } from '../code/collector.js';
import { deployCollector } from '../deploy/collector.js';
import { scanCollector } from '../scan/collector.js';
import { historyCollector } from './history/collector.js';
import { launchersCollector } from './launchers/collector.js';
import { storesCollector } from './stores/collector.js';

export const COLLECTORS: Collector[] = [scanCollector, processEnvCollector, shellCollector, dotenvCollector, codeCollector, deployCollector, historyCollector, launchersCollector, storesCollector];
