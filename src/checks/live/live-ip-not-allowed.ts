import { liveCheck } from './live-check.js';

/** live-ip-not-allowed: from the live step's answer for each distinct key (see live-check.ts). */
export const check = liveCheck('live-ip-not-allowed');
