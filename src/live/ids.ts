/**
 * Catalog entries for every `live-*` id (what the API answered). The classifier in ./classify.ts
 * produces them for `verify` (live answers) and `explain` (pasted answers).
 */
import type { FindingMeta } from '../core/types.js';

export const LIVE_META: FindingMeta[] = [
  {
    id: 'live-ok',
    title: 'The key works',
    severity: 'info',
    area: 'live',
    docs: {
      what: 'The API accepted the key. The message names the organization and project that answered (from the `openai-organization` / `openai-project` headers).',
      why: 'Nothing is wrong with the key itself; if the app still fails, the app does not get this value (see the sources area) or calls something this key may not use.',
      fix: 'Nothing to fix for the key. Check that the organization and project are the ones you expect to be billed.',
    },
  },
  {
    id: 'live-invalid-key',
    title: 'OpenAI rejects the key (invalid_api_key)',
    severity: 'error',
    area: 'live',
    docs: {
      what: 'HTTP 401 with code `invalid_api_key` ("Incorrect API key provided: sk-abc12***...wxyz"). OpenAI echoes the first 8 and last 4 characters of the key it received and masks the rest, so the mask has the key\'s length.',
      why: 'The key is wrong, was revoked or deleted, or was disabled automatically after it leaked (OpenAI emails "API Key Disabled"). OpenAI gives the same answer for all of these. Often the key is right in one place but the app reads another (an old export in a shell profile, an IDE launch configuration).',
      fix: 'Compare the echoed first 8 / last 4 characters with your keys at https://platform.openai.com/api-keys and with the values keydoctor found on this machine. If the key is not listed, create a new one and put it where the app really reads it; search your git history for the old one.',
    },
  },
  {
    id: 'live-no-auth',
    title: 'The server saw no key',
    severity: 'error',
    area: 'live',
    docs: {
      what: 'HTTP 401 "You didn\'t provide an API key..." or "Missing bearer or basic authentication in header" (Azure: "Access denied due to missing subscription key").',
      why: 'The request reached the API without a usable `Authorization: Bearer <key>` header: the key variable was empty or unset when a hand-built request was made, the header lacked the `Bearer ` scheme, or a proxy / API gateway between the app and the API removed the header.',
      fix: 'Make sure the key reaches the client where the app runs. When the client did send a key, configure the proxy or gateway to forward the `Authorization` header.',
    },
  },
  {
    id: 'live-org-mismatch',
    title: 'The organization header does not match the key',
    severity: 'error',
    area: 'live',
    docs: {
      what: 'HTTP 401 `mismatched_organization` ("OpenAI-Organization header should match organization for API key"), or "No such organization: Personal".',
      why: 'The client sends `OpenAI-Organization` (from `OPENAI_ORG_ID`, `OPENAI_ORGANIZATION` or `organization=`) with an organization this key does not belong to, or with a name instead of an `org-...` id.',
      fix: 'Remove the organization setting (every key already belongs to one organization) or set it to the `org-...` id shown under Settings → Organization for the key\'s organization.',
    },
  },
  {
    id: 'live-project-mismatch',
    title: 'The project header does not match the key',
    severity: 'error',
    area: 'live',
    docs: {
      what: 'HTTP 401 `mismatched_project` ("OpenAI-Project header should match project for API key").',
      why: 'Project keys (`sk-proj-`) belong to one project; the client sends `OpenAI-Project` (from `OPENAI_PROJECT_ID` or `project=`) naming another project, or a project name instead of its `proj_...` id.',
      fix: 'Remove the project setting, or set it to the key\'s own `proj_...` id.',
    },
  },
  {
    id: 'live-no-organization',
    title: 'The account is not in any organization',
    severity: 'error',
    area: 'live',
    docs: {
      what: 'HTTP 401 `no_organization`: "You must be a member of an organization to use the API."',
      why: 'The user the key belongs to has left or was removed from every organization, or never joined one.',
      fix: 'Accept the pending invite or create an organization at https://platform.openai.com, then create a key inside it.',
    },
  },
  {
    id: 'live-missing-scope',
    title: 'The key lacks a permission (scope)',
    severity: 'error',
    area: 'live',
    docs: {
      what: 'HTTP 401 or 403 "You have insufficient permissions for this operation. Missing scopes: ...". The finding names the missing scopes.',
      why: 'The key is a restricted key without that permission, your role in the organization or project does not allow it, an ordinary key called an administration endpoint (`/v1/organization/...` needs `api.management.read` / `api.usage.read`, that is an admin key), or a ChatGPT / Codex sign-in token was sent where an API key belongs.',
      fix: 'Edit the key at https://platform.openai.com/api-keys and grant the named scopes (or "All"), ask an owner for the Writer / Member role, or use an admin key (`OPENAI_ADMIN_KEY`) for administration endpoints.',
    },
  },
  {
    id: 'live-quota-exhausted',
    title: 'Out of credit or quota (not retryable)',
    severity: 'error',
    area: 'live',
    docs: {
      what: 'HTTP 429 with `insufficient_quota` ("You exceeded your current quota..."), `credit_balance_exhausted` ("You have no credits remaining") or `billing_not_active` ("Your account is not active...").',
      why: 'The key is valid, but the organization has no prepaid credit left, has reached its budget, or has no active billing. It looks like a rate limit (same status), but waiting does not help and the SDKs\' automatic retries only delay the failure.',
      fix: 'Add credit or raise the budget at https://platform.openai.com/settings/organization/billing. It can take a few minutes to apply; the same key then works (no new key needed).',
    },
  },
  {
    id: 'live-rate-limited',
    title: 'Rate limited (retryable)',
    severity: 'warning',
    area: 'live',
    docs: {
      what: 'HTTP 429 `rate_limit_exceeded` ("Rate limit reached for ... on tokens per min"). The finding gives the wait time from `retry-after` or the message.',
      why: 'The key works; the organization sent more requests or tokens per minute than its tier allows. It is temporary.',
      fix: 'Retry with exponential backoff (the SDKs retry twice by default), lower concurrency or `max_tokens`, or move to a higher usage tier at https://platform.openai.com/settings/organization/limits.',
    },
  },
  {
    id: 'live-account-deactivated',
    title: 'The account is deactivated',
    severity: 'error',
    area: 'live',
    docs: {
      what: 'HTTP 401 `account_deactivated` ("This key is associated with a deactivated account", "The OpenAI account associated with this API key has been deactivated") or `access_terminated` ("Your access was terminated due to violation of our policies").',
      why: 'OpenAI deactivated the account or organization the key belongs to; no key of it works.',
      fix: 'Read the email OpenAI sent and contact https://help.openai.com (or appeal). Creating a new key does not help.',
    },
  },
  {
    id: 'live-region-unsupported',
    title: 'The request comes from an unsupported country',
    severity: 'error',
    area: 'live',
    docs: {
      what: 'HTTP 403 `unsupported_country_region_territory` ("Country, region, or territory not supported").',
      why: 'OpenAI judges the country by the IP address the request comes from: for a server that is its cloud region, VPN exit or proxy, not where you are.',
      fix: 'Run the app, or route its outgoing traffic, from a supported country (https://platform.openai.com/docs/supported-countries).',
    },
  },
  {
    id: 'live-residency-mismatch',
    title: 'The key\'s project lives in another region',
    severity: 'error',
    area: 'live',
    docs: {
      what: 'HTTP 401 "Attempted to access resource with incorrect regional hostname. Please make your request to us.api.openai.com": the project has data residency (US, EU, ...) and its keys are served only on that region\'s host.',
      why: 'The key is valid; the request went to api.openai.com (the SDK default) or another region\'s host. Nothing but the base URL is wrong.',
      fix: 'Set OPENAI_BASE_URL to the host the message names, with /v1 (`https://us.api.openai.com/v1`), or pass `base_url` / `baseURL` (openai-python 3 and openai-node 7 also take `data_residency="us"`). keydoctor verify and explain name the exact base URL.',
    },
  },
  {
    id: 'live-ip-not-allowed',
    title: 'The IP address is not on the allowlist',
    severity: 'error',
    area: 'live',
    docs: {
      what: 'HTTP 401 `ip_not_authorized`.',
      why: 'The key\'s project or organization has an IP allowlist that does not include the address the request came from. A project list replaces (does not extend) the organization list.',
      fix: 'Add the outgoing IP or CIDR of the machine to the allowlist in the project or organization security settings; changes take up to 15 minutes.',
    },
  },
  {
    id: 'live-model-not-found',
    title: 'The model does not exist or is not available to this key',
    severity: 'error',
    area: 'live',
    docs: {
      what: 'HTTP 404 `model_not_found` ("The model `X` does not exist or you do not have access to it"), or a project model allow-list denial.',
      why: 'The key works, but the model name is wrong, retired, or not enabled for this project (Project settings → Limits), or the account needs a first payment / verification for that model.',
      fix: 'Check the model name against `GET /v1/models` with this key, and the project\'s allowed models.',
    },
  },
  {
    id: 'live-network-error',
    title: 'No answer from the API',
    severity: 'warning',
    area: 'live',
    docs: {
      what: 'The request got no HTTP answer: DNS failure, refused connection, TLS error, proxy error or timeout.',
      why: 'Nothing is known about the key: the network, a proxy (`HTTPS_PROXY`), a firewall or the base URL is in the way. keydoctor never reports this as a bad key.',
      fix: 'Check the base URL, proxy variables and connectivity (`curl -sI https://api.openai.com/v1/models`), then verify again.',
    },
  },
  {
    id: 'live-azure-auth-failed',
    title: 'Azure OpenAI rejects the credential',
    severity: 'error',
    area: 'live',
    docs: {
      what: 'Azure HTTP 401: "Access denied due to invalid subscription key or wrong API endpoint", the Entra ID form `{"statusCode":401,"message":"Unauthorized. Access token is missing, invalid, audience is incorrect..."}`, or "Principal does not have access to API/Operation" / "lacks the required data action" (PermissionDenied).',
      why: 'The key is not a key of this resource (an OpenAI `sk-` key, another resource\'s or region\'s key, a regenerated key) or the endpoint is wrong; or an Entra token is missing, expired or for the wrong audience (often an API key sent as `Authorization: Bearer`); or the signed-in identity has no role on the resource.',
      fix: 'Copy Key 1 and the endpoint from the resource\'s Keys and Endpoint page into `AZURE_OPENAI_API_KEY` / `AZURE_OPENAI_ENDPOINT` and use the AzureOpenAI client (it sends the `api-key` header). For Entra ID, request a token for `https://cognitiveservices.azure.com/.default` and assign the role "Cognitive Services OpenAI User".',
    },
  },
  {
    id: 'live-azure-deployment-not-found',
    title: 'The Azure deployment does not exist',
    severity: 'error',
    area: 'live',
    docs: {
      what: 'Azure HTTP 404 `DeploymentNotFound` ("The API deployment for this resource does not exist").',
      why: 'The client asked for a deployment name this resource does not have: Azure needs the deployment name you chose, not the model name, and a new deployment takes a few minutes to appear.',
      fix: 'Use the name listed in Azure AI Foundry → Deployments as `model` / `deployment` (or `AZURE_OPENAI_DEPLOYMENT`), and wait five minutes after creating one.',
    },
  },
  {
    id: 'live-azure-api-version',
    title: 'Wrong Azure api-version or URL',
    severity: 'error',
    area: 'live',
    docs: {
      what: 'Azure HTTP 404 "Resource not found", HTTP 400 "API version not supported", or "Missing required query parameter: api-version".',
      why: 'The classic path `/openai/deployments/...` needs a supported dated `api-version`; the v1 path `/openai/v1/...` takes none. A trailing `/` or an extra path in the endpoint also yields "Resource not found".',
      fix: 'Set `OPENAI_API_VERSION` to a supported dated version for the classic client, or use the plain OpenAI client with `base_url=https://NAME.openai.azure.com/openai/v1/` and no version; give the endpoint as `https://NAME.openai.azure.com` only.',
    },
  },
  {
    id: 'live-unexpected',
    title: 'An answer keydoctor does not recognise',
    severity: 'warning',
    area: 'live',
    docs: {
      what: 'An error answer none of the other live findings explains: a 5xx, a proxy\'s own error page, or a new error code. The finding shows the status, code and request id.',
      why: 'Server-side errors (5xx) are not about the key. A 401/403 with an unfamiliar body usually comes from something in front of the API (a proxy, gateway or compatible server behind the base URL).',
      fix: 'Retry 5xx answers later (https://status.openai.com). For the rest, check where the base URL points, and quote the request id to the provider\'s support.',
    },
  },
  {
    id: 'live-key-withheld',
    title: 'The key was not sent to the endpoint',
    severity: 'warning',
    area: 'live',
    docs: {
      what: 'keydoctor did not verify the key because of where it would have had to send it: the endpoint (`OPENAI_BASE_URL`, a base URL in code, an Azure endpoint) is set by the project\'s own files while the key comes from your environment or home folder, and its host is no known provider\'s; or the endpoint is plain `http://` on a host other than this machine; or it is not an http(s) URL at all (`data:`, `file:`).',
      why: 'A cloned repository can set `OPENAI_BASE_URL` in its `.env`: your app would then send your own key to whatever server the repository names, and so would an online check. keydoctor does not do that silently. A key sent over plain http crosses the network in clear text.',
      fix: 'If you trust the endpoint, verify against it explicitly: `keydoctor verify --base-url URL` (Azure: `--endpoint URL`). If you do not, remove the base URL from the project\'s files (the app sends your key there too). Use https:// for anything that is not on this machine.',
    },
  },
  // Produced by explain's local match (not a live answer, but explain is its only source).
  {
    id: 'key-source-unknown',
    title: 'The failing key is not one keydoctor can see',
    severity: 'warning',
    area: 'sources',
    docs: {
      what: 'The key echoed in an error (first 8 and last 4 characters, and its length) matches none of the values keydoctor found in the environment, shell start-up files, .env files and the other sources it reads.',
      why: 'The failing app gets its key from somewhere else: an IDE launch configuration, a running container\'s environment, a deployed environment (hosting dashboard, Kubernetes Secret, CI secret), the Windows user environment, or the app\'s own settings. Fixing the files here will not change what that app sends.',
      fix: 'Find how the failing app is started and inspect its environment (`docker inspect`, `docker compose config`, the launch configuration, the hosting dashboard); replace or remove the key there.',
    },
  },
];
