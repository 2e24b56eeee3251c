import { liveCheck } from './live-check.js';

/** live-key-withheld: the live step did not send the key (see live/trust.ts). */
export const check = liveCheck('live-key-withheld');
