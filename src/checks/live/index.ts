import type { Check, FindingMeta } from '../../core/types.js';
import { LIVE_META } from '../../live/ids.js';
import { check as liveOk } from './live-ok.js';
import { check as liveInvalidKey } from './live-invalid-key.js';
import { check as liveNoAuth } from './live-no-auth.js';
import { check as liveOrgMismatch } from './live-org-mismatch.js';
import { check as liveProjectMismatch } from './live-project-mismatch.js';
import { check as liveNoOrganization } from './live-no-organization.js';
import { check as liveMissingScope } from './live-missing-scope.js';
import { check as liveQuotaExhausted } from './live-quota-exhausted.js';
import { check as liveRateLimited } from './live-rate-limited.js';
import { check as liveAccountDeactivated } from './live-account-deactivated.js';
import { check as liveRegionUnsupported } from './live-region-unsupported.js';
import { check as liveIpNotAllowed } from './live-ip-not-allowed.js';
import { check as liveResidencyMismatch } from './live-residency-mismatch.js';
import { check as liveModelNotFound } from './live-model-not-found.js';
import { check as liveNetworkError } from './live-network-error.js';
import { check as liveAzureAuthFailed } from './live-azure-auth-failed.js';
import { check as liveAzureDeploymentNotFound } from './live-azure-deployment-not-found.js';
import { check as liveAzureApiVersion } from './live-azure-api-version.js';
import { check as liveUnexpected } from './live-unexpected.js';
import { check as liveKeyWithheld } from './live-key-withheld.js';

/** The live checks, one per file (file name = finding id). */
export const checks: Check[] = [
  liveOk,
  liveInvalidKey,
  liveNoAuth,
  liveOrgMismatch,
  liveProjectMismatch,
  liveNoOrganization,
  liveMissingScope,
  liveQuotaExhausted,
  liveRateLimited,
  liveAccountDeactivated,
  liveRegionUnsupported,
  liveIpNotAllowed,
  liveResidencyMismatch,
  liveModelNotFound,
  liveNetworkError,
  liveAzureAuthFailed,
  liveAzureDeploymentNotFound,
  liveAzureApiVersion,
  liveUnexpected,
  liveKeyWithheld,
];

const checked = new Set(checks.map((c) => c.meta.id));

/** Ids this family produces without a check of their own (classifier output, ...). */
export const extraMeta: FindingMeta[] = [
  ...LIVE_META,
].filter((m) => !checked.has(m.id));
