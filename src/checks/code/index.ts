import type { Check, FindingMeta } from '../types.js';
import { check as envNameMismatch } from './env-name-mismatch.js';
import { check as dotenvNotLoaded } from './dotenv-not-loaded.js';
import { check as dotenvLoadedLate } from './dotenv-loaded-late.js';
import { check as dotenvWrongLocation } from './dotenv-wrong-location.js';
import { check as keyHardcodedOverridesEnv } from './key-hardcoded-overrides-env.js';
import { check as sdkApiMismatch } from './sdk-api-mismatch.js';
import { check as modelRetired } from './model-retired.js';
import { check as modelDeprecated } from './model-deprecated.js';
import { check as sdkRuntimeUnsupported } from './sdk-runtime-unsupported.js';
import { check as azureMisconfigured } from './azure-misconfigured.js';
import { check as envUnavailableInBrowser } from './env-unavailable-in-browser.js';

/** The code checks, one per file (file name = finding id). */
export const checks: Check[] = [envNameMismatch, dotenvNotLoaded, dotenvLoadedLate, dotenvWrongLocation, keyHardcodedOverridesEnv, sdkApiMismatch, modelRetired, modelDeprecated, sdkRuntimeUnsupported, azureMisconfigured, envUnavailableInBrowser];

/** Ids this family produces without a check of their own (classifier output, ...). */
export const extraMeta: FindingMeta[] = [];
