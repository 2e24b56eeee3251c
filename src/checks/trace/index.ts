import type { Check, FindingMeta } from '../types.js';
import { check as traceKeyDiffers } from './trace-key-differs.js';
import { check as traceNoCredential } from './trace-no-credential.js';
import { check as traceUnpredictedEndpoint } from './trace-unpredicted-endpoint.js';
import { check as traceHookNotLoaded } from './trace-hook-not-loaded.js';

/** The runtime-trace checks: they compare a recorded trace (facts.trace) with the prediction, and say nothing without one. */
export const checks: Check[] = [traceKeyDiffers, traceNoCredential, traceUnpredictedEndpoint, traceHookNotLoaded];

/** Ids this family produces without a check of their own. */
export const extraMeta: FindingMeta[] = [];
