import { liveCheck } from './live-check.js';

/** live-azure-api-version: from the live step's answer for each distinct key (see live-check.ts). */
export const check = liveCheck('live-azure-api-version');
