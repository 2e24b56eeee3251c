import { liveCheck } from './live-check.js';

/** live-missing-scope: from the live step's answer for each distinct key (see live-check.ts). */
export const check = liveCheck('live-missing-scope');
