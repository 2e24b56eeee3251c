/**
 * The explicit list of collectors. They run concurrently; the scan goes first because its file
 * reading runs on the thread pool (native prefilter) while the others work on this thread.
 */
import type { Collector } from '../collect/collector.js';
import { processEnvCollector } from '../collect/process-env.js';
import { shellCollector } from '../collect/shell/collector.js';
import { dotenvCollector } from '../collect/dotenv/collector.js';
import { codeCollector } from '../code/collector.js';
import { deployCollector } from '../deploy/collector.js';
import { scanCollector } from '../scan/collector.js';
import { historyCollector } from '../collect/history/collector.js';
import { launchersCollector } from '../collect/launchers/collector.js';
import { storesCollector } from '../collect/stores/collector.js';

export const COLLECTORS: Collector[] = [
  scanCollector,
  processEnvCollector,
  shellCollector,
  dotenvCollector,
  codeCollector,
  deployCollector,
  historyCollector,
  launchersCollector,
  storesCollector,
];
