import { liveCheck } from './live-check.js';

/** live-azure-deployment-not-found: from the live step's answer for each distinct key (see live-check.ts). */
export const check = liveCheck('live-azure-deployment-not-found');
