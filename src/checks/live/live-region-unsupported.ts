import { liveCheck } from './live-check.js';

/** live-region-unsupported: from the live step's answer for each distinct key (see live-check.ts). */
export const check = liveCheck('live-region-unsupported');
