import { liveCheck } from './live-check.js';

/** live-rate-limited: from the live step's answer for each distinct key (see live-check.ts). */
export const check = liveCheck('live-rate-limited');
