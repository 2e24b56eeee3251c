import { liveCheck } from './live-check.js';

/** live-account-deactivated: from the live step's answer for each distinct key (see live-check.ts). */
export const check = liveCheck('live-account-deactivated');
