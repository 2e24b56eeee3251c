import { liveCheck } from './live-check.js';

/** live-model-not-found: from the live step's answer for each distinct key (see live-check.ts). */
export const check = liveCheck('live-model-not-found');
