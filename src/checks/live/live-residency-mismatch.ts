import { liveCheck } from './live-check.js';

/** live-residency-mismatch: from the live step's answer for each distinct key (see live-check.ts). */
export const check = liveCheck('live-residency-mismatch');
