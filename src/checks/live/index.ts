import type { Check, FindingMeta } from '../../core/types.js';
import { LIVE_META } from '../../live/ids.js';

/** The live checks, one per file (file name = finding id). */
export const checks: Check[] = [];

/** Ids this family produces without a check of their own (classifier output, ...). */
export const extraMeta: FindingMeta[] = [...LIVE_META];
