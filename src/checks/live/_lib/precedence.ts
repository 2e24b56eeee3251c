/**
 * The order the live step reads an API answer in (src/live/classify.ts): each live-* check file
 * holds the rules that recognise its id; this list is their precedence, the one place it is written.
 */
import type { AnswerRule } from '../../../live/answer.js';
import * as liveOk from '../live-ok.js';
import * as liveInvalidKey from '../live-invalid-key.js';
import * as liveNoAuth from '../live-no-auth.js';
import * as liveOrgMismatch from '../live-org-mismatch.js';
import * as liveProjectMismatch from '../live-project-mismatch.js';
import * as liveNoOrganization from '../live-no-organization.js';
import * as liveMissingScope from '../live-missing-scope.js';
import * as liveQuotaExhausted from '../live-quota-exhausted.js';
import * as liveRateLimited from '../live-rate-limited.js';
import * as liveAccountDeactivated from '../live-account-deactivated.js';
import * as liveRegionUnsupported from '../live-region-unsupported.js';
import * as liveIpNotAllowed from '../live-ip-not-allowed.js';
import * as liveResidencyMismatch from '../live-residency-mismatch.js';
import * as liveModelNotFound from '../live-model-not-found.js';
import * as liveNetworkError from '../live-network-error.js';
import * as liveAzureAuthFailed from '../live-azure-auth-failed.js';
import * as liveAzureDeploymentNotFound from '../live-azure-deployment-not-found.js';
import * as liveAzureApiVersion from '../live-azure-api-version.js';
import * as liveUnexpected from '../live-unexpected.js';

/**
 * The classifier's rules in precedence order: the first that claims an answer decides it
 * (src/live/classify.ts). Azure's specific answers come before OpenAI's, which would otherwise read
 * them as a generic invalid key; compatible providers (DeepSeek, OpenRouter) before OpenAI's no-key
 * and invalid-key wordings; the data-residency 401 before "no key"; an admin key before missing
 * scopes; quota before rate limits (both are 429); the catch-alls last.
 */
export const ANSWER_RULES: AnswerRule[] = [
  liveNetworkError.rules.network,
  liveOk.rules.ok,
  liveAzureDeploymentNotFound.rules.deployment,
  liveAzureApiVersion.rules.unsupported,
  liveAzureApiVersion.rules.resourceNotFound,
  liveAzureAuthFailed.rules.entraToken,
  liveAzureAuthFailed.rules.subscriptionKey,
  liveAzureAuthFailed.rules.rbac,
  liveInvalidKey.rules.compatibleProvider,
  liveNoAuth.rules.openrouter,
  liveResidencyMismatch.rules.regionalHost,
  liveNoAuth.rules.noAuth,
  liveInvalidKey.rules.invalidKey,
  liveOrgMismatch.rules.organization,
  liveProjectMismatch.rules.project,
  liveNoOrganization.rules.noOrganization,
  liveAccountDeactivated.rules.deactivated,
  liveMissingScope.rules.adminKey,
  liveMissingScope.rules.scopes,
  liveRegionUnsupported.rules.region,
  liveIpNotAllowed.rules.ip,
  liveQuotaExhausted.rules.quota,
  liveRateLimited.rules.rateLimit,
  liveModelNotFound.rules.model,
  liveUnexpected.rules.cloudflare,
  liveUnexpected.rules.sessionOnly,
  liveAzureAuthFailed.rules.azure401,
  liveUnexpected.rules.anythingElse,
];
