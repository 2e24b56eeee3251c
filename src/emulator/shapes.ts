/**
 * OpenAI's answers, byte for byte as observed (docs/research: error bodies and statuses). One place,
 * so the emulator and its documentation agree.
 */

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Close the socket without an answer. */
  hangUp?: boolean;
  delayMs?: number;
}

export const API_KEYS_URL = 'https://platform.openai.com/account/api-keys';

/** `{ error: { message, type, param, code } }` in the key order OpenAI sends. */
export function openaiError(
  status: number,
  message: string,
  type: string,
  code: string | null,
  param: string | null = null,
  headers?: Record<string, string>,
): Reply {
  return { status, body: { error: { message, type, param, code } }, headers };
}

/** How api.openai.com echoes a rejected key: up to 12 characters in full, else first 8, stars, last 4. */
export function maskLikeOpenAI(key: string): string {
  if (key.length <= 12) return key;
  return key.slice(0, 8) + '*'.repeat(key.length - 12) + key.slice(-4);
}

export const NO_AUTH_CLASSIC = `You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from ${API_KEYS_URL}.`;
export const NO_AUTH_BEARER = 'Missing bearer or basic authentication in header';

export const replies = {
  noAuth: (variant: 'classic' | 'bearer'): Reply =>
    openaiError(401, variant === 'bearer' ? NO_AUTH_BEARER : NO_AUTH_CLASSIC, 'invalid_request_error', null),
  invalidKey: (key: string): Reply =>
    openaiError(
      401,
      `Incorrect API key provided: ${maskLikeOpenAI(key)}. You can find your API key at ${API_KEYS_URL}.`,
      'invalid_request_error',
      'invalid_api_key',
    ),
  deactivated: (): Reply =>
    openaiError(
      401,
      'This key is associated with a deactivated account. If you feel this is an error, contact us through our help center at help.openai.com.',
      'invalid_request_error',
      'account_deactivated',
    ),
  terminated: (): Reply =>
    openaiError(
      401,
      'Your access was terminated due to violation of our policies, please check your email for more information. If you believe this is in error and would like to appeal, please contact us through our help center at help.openai.com.',
      'access_terminated',
      'access_terminated',
    ),
  mismatchedOrg: (): Reply =>
    openaiError(
      401,
      'OpenAI-Organization header should match organization for API key',
      'invalid_request_error',
      'mismatched_organization',
    ),
  mismatchedProject: (): Reply =>
    openaiError(
      401,
      'OpenAI-Project header should match project for API key',
      'invalid_request_error',
      'mismatched_project',
    ),
  noOrganization: (): Reply =>
    openaiError(
      401,
      'You must be a member of an organization to use the API. Please contact us through our help center at help.openai.com.',
      'invalid_request_error',
      'no_organization',
    ),
  ipNotAuthorized: (ip: string): Reply =>
    openaiError(
      401,
      `Your IP address (${ip}) is not authorized to make this request. Check the IP allowlist of your organization and project.`,
      'invalid_request_error',
      'ip_not_authorized',
    ),
  region: (): Reply => ({
    status: 403,
    body: {
      error: {
        code: 'unsupported_country_region_territory',
        message: 'Country, region, or territory not supported',
        param: null,
        type: 'request_forbidden',
      },
    },
  }),
  missingScopes: (status: number, scopes: string[]): Reply =>
    openaiError(
      status,
      `You have insufficient permissions for this operation. Missing scopes: ${scopes.join(', ')}. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Member, Owner), and if you're using a restricted API key, that it has the necessary scopes.`,
      'invalid_request_error',
      null,
    ),
  /** The Admin API has been observed answering with `error` as a bare string. */
  adminMissingScopes: (scopes: string[]): Reply => ({
    status: 403,
    body: {
      error: `You have insufficient permissions for this operation. Missing scopes: ${scopes.join(', ')}. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Member, Owner), and if you're using a restricted API key, that it has the necessary scopes.`,
    },
  }),
  /** A data-residency project's key on another host (as reported: 401, "incorrect regional hostname"). */
  regionalHost: (host: string): Reply =>
    openaiError(
      401,
      `Attempted to access resource with incorrect regional hostname. Please make your request to ${host}.`,
      'invalid_request_error',
      null,
    ),
  adminKeyOnApi: (): Reply =>
    openaiError(
      401,
      'You have insufficient permissions for this operation. Missing scopes: api.model.read, model.request. Admin API keys cannot be used for non-administration endpoints.',
      'invalid_request_error',
      null,
    ),
  quota: (): Reply => ({
    ...openaiError(
      429,
      'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
      'insufficient_quota',
      'insufficient_quota',
    ),
    headers: { 'x-should-retry': 'false' },
  }),
  noCredits: (): Reply => ({
    ...openaiError(
      429,
      'You have no credits remaining. Add credits to continue using the API at https://platform.openai.com/settings/organization/billing/.',
      'insufficient_quota',
      'credit_balance_exhausted',
    ),
    headers: { 'x-should-retry': 'false' },
  }),
  billingInactive: (): Reply => ({
    ...openaiError(
      429,
      'Your account is not active, please check your billing details on our website.',
      'billing_not_active',
      'billing_not_active',
    ),
    headers: { 'x-should-retry': 'false' },
  }),
  rateLimited: (what: string, org: string, limit: number, waitMs: number): Reply => {
    const secs = Math.max(1, Math.ceil(waitMs / 1000));
    const wait = waitMs < 1000 ? `${waitMs}ms` : `${(waitMs / 1000).toFixed(3).replace(/\.?0+$/, '')}s`;
    return openaiError(
      429,
      `Rate limit reached for ${what} in organization ${org} on requests per min (RPM): Limit ${limit}, Used ${limit}, Requested 1. Please try again in ${wait}. Visit https://platform.openai.com/account/rate-limits to learn more.`,
      'requests',
      'rate_limit_exceeded',
      null,
      { 'retry-after': String(secs), 'retry-after-ms': String(waitMs) },
    );
  },
  modelNotFound: (model: string): Reply =>
    openaiError(
      404,
      `The model \`${model}\` does not exist or you do not have access to it.`,
      'invalid_request_error',
      'model_not_found',
    ),
  projectModel: (project: string, model: string): Reply =>
    openaiError(
      403,
      `Project \`${project}\` does not have access to model \`${model}\``,
      'invalid_request_error',
      'model_not_found',
    ),
  invalidUrl: (method: string, path: string): Reply =>
    openaiError(404, `Invalid URL (${method} ${path})`, 'invalid_request_error', null),
  badJson: (): Reply =>
    openaiError(
      400,
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, visit https://help.openai.com.)",
      'invalid_request_error',
      null,
    ),
  noModel: (): Reply => openaiError(400, 'you must provide a model parameter', 'invalid_request_error', null),
  missingParam: (name: string): Reply =>
    openaiError(
      400,
      `Missing required parameter: '${name}'.`,
      'invalid_request_error',
      'missing_required_parameter',
      name,
    ),
  betaHeader: (): Reply =>
    openaiError(
      400,
      "You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again by setting the header 'OpenAI-Beta: assistants=v2'.",
      'invalid_request_error',
      'invalid_beta',
    ),
  unsupportedMedia: (): Reply =>
    openaiError(
      415,
      "Invalid Content-Type header (application/json), expected multipart/form-data. (HINT: If you're using curl, you can pass -F 'key=value' arguments.)",
      'invalid_request_error',
      null,
    ),
  /** A 429 injected by a fault: the generic rate-limit answer (add `retry-after` in the fault's headers). */
  rateLimitFault: (): Reply =>
    openaiError(429, 'Rate limit reached for requests. Please try again later.', 'requests', 'rate_limit_exceeded'),
  serverError: (status = 500): Reply =>
    openaiError(
      status,
      'The server had an error while processing your request. Sorry about that!',
      'server_error',
      null,
    ),
  sessionKeyOnly: (method: string, path: string): Reply =>
    openaiError(
      403,
      `Your request to ${method} ${path} must be made with a session key (that is, it can only be made from the browser). You made it with the following key type: secret.`,
      'server_error',
      null,
    ),
};

// ---------------------------------------------------------------------------------------------
// Azure OpenAI

export const azureReplies = {
  missingKey: (): Reply => ({
    status: 401,
    body: {
      error: {
        code: '401',
        message:
          'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.',
      },
    },
  }),
  badKey: (): Reply => ({
    status: 401,
    body: {
      error: {
        code: '401',
        message:
          'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
      },
    },
  }),
  badToken: (): Reply => ({
    status: 401,
    body: {
      statusCode: 401,
      message:
        'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.',
    },
  }),
  noRole: (): Reply => ({
    status: 401,
    body: { error: { code: 'PermissionDenied', message: 'Principal does not have access to API/Operation.' } },
  }),
  resourceNotFound: (): Reply => ({ status: 404, body: { error: { code: '404', message: 'Resource not found' } } }),
  versionNotSupported: (): Reply => ({
    status: 400,
    body: { error: { code: 'BadRequest', message: 'API version not supported' } },
  }),
  missingVersion: (): Reply => ({
    status: 400,
    body: { error: { code: 'BadRequest', message: 'Missing required query parameter: api-version' } },
  }),
  deploymentNotFound: (): Reply => ({
    status: 404,
    body: {
      error: {
        code: 'DeploymentNotFound',
        message:
          'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
      },
    },
  }),
  messagesRequired: (): Reply => ({
    status: 400,
    body: {
      error: { message: "'messages' is a required property", type: 'invalid_request_error', param: null, code: null },
    },
  }),
  modelRequired: (): Reply => ({
    status: 400,
    body: {
      error: {
        message: "Missing required parameter: 'model'.",
        type: 'invalid_request_error',
        param: 'model',
        code: 'missing_required_parameter',
      },
    },
  }),
};
