import type { Check, FindingMeta } from '../../core/types.js';
import { check as keyMissing } from './key-missing.js';
import { check as keyEmpty } from './key-empty.js';
import { check as keyPlaceholder } from './key-placeholder.js';
import { check as keyWhitespace } from './key-whitespace.js';
import { check as keyQuoted } from './key-quoted.js';
import { check as keyBearerPrefix } from './key-bearer-prefix.js';
import { check as keyInvisibleChar } from './key-invisible-char.js';
import { check as keyMalformed } from './key-malformed.js';
import { check as keyForeignProvider } from './key-foreign-provider.js';
import { check as keyAdminAsApiKey } from './key-admin-as-api-key.js';
import { check as keyConflict } from './key-conflict.js';
import { check as keyShadowed } from './key-shadowed.js';
import { check as dotenvParseIssue } from './dotenv-parse-issue.js';
import { check as orgIdInvalid } from './org-id-invalid.js';
import { check as projectIdInvalid } from './project-id-invalid.js';
import { check as baseUrlOverride } from './base-url-override.js';
import { check as customHeadersAuth } from './custom-headers-auth.js';
import { check as secretReferenceUnresolved } from './secret-reference-unresolved.js';

/** The value checks, one per file (file name = finding id). */
export const checks: Check[] = [
  keyMissing,
  keyEmpty,
  keyPlaceholder,
  keyWhitespace,
  keyQuoted,
  keyBearerPrefix,
  keyInvisibleChar,
  keyMalformed,
  keyForeignProvider,
  keyAdminAsApiKey,
  keyConflict,
  keyShadowed,
  dotenvParseIssue,
  orgIdInvalid,
  projectIdInvalid,
  baseUrlOverride,
  customHeadersAuth,
  secretReferenceUnresolved,
];

/** Ids this family produces without a check of their own (classifier output, ...). */
export const extraMeta: FindingMeta[] = [];
