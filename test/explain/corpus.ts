/**
 * Real-shaped error texts (from public issue reports, with keys made at run time) and the finding
 * ids `explain` must give for each. Shapes: openai-python v0 / v1 / v2, openai-node v3 / v4+,
 * curl, .NET, Java, Go, Rust, PHP, LangChain, LiteLLM, Codex, Continue, docker compose, Azure.
 */
import { foreignKey, openaiKey, openaiMask } from '../helpers/keys.js';

export interface CorpusCase {
  name: string;
  text: string;
  /** The exact set of finding ids. */
  ids: string[];
}

const FIND = 'You can find your API key at https://platform.openai.com/account/api-keys.';
const proj = openaiMask(openaiKey('proj', 'corpus'));
const legacy = openaiMask(openaiKey('legacy', 'corpus'));
const svc = openaiMask(openaiKey('svcacct', 'corpus'));
const orMask = openaiMask(foreignKey('openrouter', 'corpus'));
const googleMask = openaiMask(foreignKey('google', 'corpus'));
const azureMask = openaiMask(foreignKey('azure', 'corpus'));

const pyTrace = (last: string) => `Traceback (most recent call last):
  File "/app/main.py", line 14, in <module>
    reply = client.chat.completions.create(
            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "/usr/local/lib/python3.12/site-packages/openai/_utils/_utils.py", line 279, in wrapper
    return func(*args, **kwargs)
  File "/usr/local/lib/python3.12/site-packages/openai/_base_client.py", line 1047, in _request
    raise self._make_status_error_from_response(err.response) from None
${last}
`;

const nodeStack = `    at APIError.generate (/srv/app/node_modules/openai/error.js:44:20)
    at OpenAI.makeStatusError (/srv/app/node_modules/openai/core.js:275:25)
    at OpenAI.makeRequest (/srv/app/node_modules/openai/core.js:318:30)
    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)
    at async main (file:///srv/app/index.js:7:15)`;

const noise = `2026-03-02 10:14:03,118 INFO  uvicorn.access 127.0.0.1:51234 - "GET /health HTTP/1.1" 200
2026-03-02 10:14:04,502 DEBUG httpcore.connection connect_tcp.started host='api.openai.com' port=443
`;

export const CORPUS: CorpusCase[] = [
  // ---------------------------------------------------------------- openai-python v1 / v2
  {
    name: 'python v1 invalid key (dict repr)',
    text:
      noise +
      pyTrace(
        `openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided: ${proj}. ${FIND}', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}`,
      ),
    ids: ['live-invalid-key'],
  },
  {
    name: 'python v1 placeholder CHANGE_ME',
    text: pyTrace(
      `openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided: CHANGE_ME. ${FIND}', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}`,
    ),
    ids: ['live-invalid-key', 'key-placeholder'],
  },
  {
    name: 'python v1 placeholder xxx (Windows set)',
    text: `raise self._make_status_error_from_response(err.response) from None\nopenai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided: xxx. ${FIND}', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}\n`,
    ids: ['live-invalid-key', 'key-placeholder'],
  },
  {
    name: 'Letta log: svcacct key, code before param, status field',
    text: `Letta.letta.llm_api.openai_client - ERROR - [OpenAI] Authentication error (401): Error code: 401 - {'error': {'message': 'Incorrect API key provided: ${svc}. ${FIND}', 'type': 'invalid_request_error', 'code': 'invalid_api_key', 'param': None}, 'status': 401}\nLetta.agent-3e7b - WARNING - Error during step processing: UNAUTHENTICATED: Authentication failed with OpenAI: Error code: 401 - {'error': {'message': 'Incorrect API key provided: ${svc}. ${FIND}', 'type': 'invalid_request_error', 'code': 'invalid_api_key', 'param': None}, 'status': 401}\n`,
    ids: ['live-invalid-key'],
  },
  {
    name: 'python v1 quota',
    text: pyTrace(
      `openai.RateLimitError: Error code: 429 - {'error': {'message': 'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.', 'type': 'insufficient_quota', 'param': None, 'code': 'insufficient_quota'}}`,
    ),
    ids: ['live-quota-exhausted'],
  },
  {
    name: 'python v1 Azure DeploymentNotFound in docker compose logs',
    text: `opengpts-backend           |   File "/usr/local/lib/python3.11/site-packages/openai/_base_client.py", line 1499, in _request\nopengpts-backend           |     raise self._make_status_error_from_response(err.response) from None\nopengpts-backend           | openai.NotFoundError: Error code: 404 - {'error': {'code': 'DeploymentNotFound', 'message': 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.'}}\nopengpts-backend           | INFO:     172.22.0.4:57692 - "GET /threads/e85b/state HTTP/1.1" 200 OK\n`,
    ids: ['live-azure-deployment-not-found'],
  },
  {
    name: 'python v1 Azure missing subscription key (statusCode envelope)',
    text: `AuthenticationError: Error code: 401 - {'statusCode': 401, 'message': 'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.'}\n`,
    ids: ['live-no-auth'],
  },
  {
    name: 'python v1 Azure Entra token',
    text: pyTrace(
      `openai.AuthenticationError: Error code: 401 - {'statusCode': 401, 'message': 'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.'}`,
    ),
    ids: ['live-azure-auth-failed'],
  },
  {
    name: 'python v1 region 403',
    text: `homeassistant.exceptions.HomeAssistantError: Error talking to OpenAI: Error code: 403 - {'error': {'code': 'unsupported_country_region_territory', 'message': 'Country, region, or territory not supported', 'param': None, 'type': 'request_forbidden'}}\n`,
    ids: ['live-region-unsupported'],
  },
  {
    name: 'python v1 no organization',
    text: pyTrace(
      `openai.AuthenticationError: Error code: 401 - {'error': {'message': 'You must be a member of an organization to use the API. Please contact us through our help center at help.openai.com.', 'type': 'invalid_request_error', 'param': None, 'code': 'no_organization'}}`,
    ),
    ids: ['live-no-organization'],
  },
  {
    name: 'python v1 project mismatch',
    text: `ERROR:root:LLM call failed: Error code: 401 - {'error': {'message': 'OpenAI-Project header should match project for API key', 'type': 'invalid_request_error', 'param': None, 'code': 'mismatched_project'}}\n`,
    ids: ['live-project-mismatch'],
  },
  {
    name: 'python v1 organization mismatch',
    text: pyTrace(
      `openai.AuthenticationError: Error code: 401 - {'error': {'message': 'OpenAI-Organization header should match organization for API key', 'type': 'invalid_request_error', 'param': None, 'code': 'mismatched_organization'}}`,
    ),
    ids: ['live-org-mismatch'],
  },
  {
    name: 'python v1 missing scopes',
    text: pyTrace(
      `openai.AuthenticationError: Error code: 401 - {'error': {'message': "You have insufficient permissions for this operation. Missing scopes: model.request. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Member, Owner), and if you're using a restricted API key, that it has the necessary scopes.", 'type': 'invalid_request_error', 'param': None, 'code': None}}`,
    ),
    ids: ['live-missing-scope'],
  },
  {
    name: 'python v1 model not found',
    text: `openai.NotFoundError: Error code: 404 - {'error': {'message': 'The model \`gpt-4o\` does not exist or you do not have access to it.', 'type': 'invalid_request_error', 'param': None, 'code': 'model_not_found'}}\n`,
    ids: ['live-model-not-found'],
  },
  {
    name: 'python v1 missing key at construction',
    text: `Traceback (most recent call last):\n  File "C:\\Python\\AI-short-generator\\images.py", line 7, in <module>\n    client = OpenAI()\n             ^^^^^^^^\n  File "C:\\Python\\AI-short-generator\\myvenv\\Lib\\site-packages\\openai\\_client.py", line 98, in __init__\n    raise OpenAIError(\nopenai.OpenAIError: The api_key client option must be set either by passing api_key to the client or by setting the OPENAI_API_KEY environment variable\n`,
    ids: ['key-missing'],
  },
  {
    name: 'python v2.34 missing credentials',
    text: 'openai.OpenAIError: Missing credentials. Please pass an `api_key`, `workload_identity`, `admin_api_key`, or set the `OPENAI_API_KEY` or `OPENAI_ADMIN_KEY` environment variable.\n',
    ids: ['key-missing'],
  },
  {
    name: 'python Azure missing credentials',
    text: 'openai.OpenAIError: Missing credentials. Please pass one of `api_key`, `azure_ad_token`, `azure_ad_token_provider`, or the `AZURE_OPENAI_API_KEY` or `AZURE_OPENAI_AD_TOKEN` environment variables.\n',
    ids: ['key-missing'],
  },
  {
    name: 'httpx empty bearer, repeated through retries',
    text: `LocalProtocolError                        Traceback (most recent call last)\nLocalProtocolError: Illegal header value b'Bearer '\n\nThe above exception was the direct cause of the following exception:\n\nLocalProtocolError: Illegal header value b'Bearer '\n\nDuring handling of the above exception, another exception occurred:\n\nhttpx.LocalProtocolError: Illegal header value b'Bearer '\nopenai.APIConnectionError: Connection error.\n`,
    ids: ['key-empty'],
  },
  {
    name: 'httpx key with trailing newline',
    text: `  File "/usr/lib/python3/site-packages/h11/_headers.py", line 164, in normalize_and_validate\n    validate(_field_value_re, value, "Illegal header value {!r}", value)\nh11._util.LocalProtocolError: Illegal header value b'Bearer ${openaiKey('proj', 'nl')}\\n'\n`,
    ids: ['key-whitespace'],
  },
  {
    name: 'requests (v0) key with CR',
    text: `ValueError: Invalid header value b'Bearer ${openaiKey('legacy', 'cr')}\\r'\n`,
    ids: ['key-whitespace'],
  },
  {
    name: 'APIRemovedInV1',
    text: `  File "/Users/n/chroma/examples/main.py", line 55, in get_chatGPT_response\n    response = openai.ChatCompletion.create(\n  File "/Users/n/.pyenv/versions/3.10.13/lib/python3.10/site-packages/openai/lib/_old_api.py", line 39, in __call__\n    raise APIRemovedInV1(symbol=self._symbol)\nopenai.lib._old_api.APIRemovedInV1: \n\nYou tried to access openai.ChatCompletion, but this is no longer supported in openai>=1.0.0 - see the README at https://github.com/openai/openai-python for the API.\n\nYou can run \`openai migrate\` to automatically upgrade your codebase to use the 1.0.0 interface. \n`,
    ids: ['sdk-api-mismatch'],
  },
  {
    name: 'v1 code on v0 package',
    text: "AttributeError: module 'openai' has no attribute 'OpenAI'\n",
    ids: ['sdk-api-mismatch'],
  },
  {
    name: 'os.environ KeyError',
    text: `  File "/home/fenix/bot.py", line 8, in <module>\n    openai.api_key = os.environ["OPENAI_API_KEY"]\n                     ~~~~~~~~~~^^^^^^^^^^^^^^^^^^\n  File "<frozen os>", line 679, in __getitem__\nKeyError: 'OPENAI_API_KEY'\n`,
    ids: ['key-missing'],
  },
  {
    name: 'LangChain did not find key',
    text: 'pydantic.v1.error_wrappers.ValidationError: 1 validation error for ChatOpenAI\n__root__\n  Did not find openai_api_key, please add an environment variable `OPENAI_API_KEY` which contains it, or pass `openai_api_key` as a named parameter. (type=value_error)\n',
    ids: ['key-missing'],
  },
  {
    name: 'rate limit TPM',
    text: pyTrace(
      `openai.RateLimitError: Error code: 429 - {'error': {'message': 'Rate limit reached for gpt-4o in organization org-abcdefghijklmnopqrstuvwx on tokens per min (TPM): Limit 30000, Used 29937, Requested 385. Please try again in 644ms. Visit https://platform.openai.com/account/rate-limits to learn more.', 'type': 'tokens', 'param': None, 'code': 'rate_limit_exceeded'}}`,
    ),
    ids: ['live-rate-limited'],
  },
  {
    name: 'billing not active',
    text: `openai.RateLimitError: Error code: 429 - {'error': {'message': 'Your account is not active, please check your billing details on our website.', 'type': 'billing_not_active', 'param': None, 'code': None}}\n`,
    ids: ['live-quota-exhausted'],
  },
  {
    name: 'credit balance exhausted',
    text: `openai.RateLimitError: Error code: 429 - {'error': {'message': 'You have no credits remaining. Add credits to continue using the API at https://platform.openai.com/settings/organization/billing/.', 'type': 'insufficient_quota', 'param': None, 'code': 'credit_balance_exhausted'}}\n`,
    ids: ['live-quota-exhausted'],
  },
  {
    name: 'deactivated account (python)',
    text: `openai.AuthenticationError: Error code: 401 - {'error': {'message': 'This key is associated with a deactivated account. If you feel this is an error, contact us through our help center at help.openai.com.', 'type': 'invalid_request_error', 'param': None, 'code': 'account_deactivated'}}\n`,
    ids: ['live-account-deactivated'],
  },

  {
    name: 'openai-python 3 (httpx2) in a slim image: OS trust store',
    text: 'Traceback (most recent call last):\n  File "/usr/local/lib/python3.12/site-packages/httpx2/_transports/default.py", line 101, in map_httpcore_exceptions\nhttpx2.ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)\n\nThe above exception was the direct cause of the following exception:\nopenai.APIConnectionError: Connection error.\n',
    ids: ['live-network-error'],
  },
  {
    name: 'dotenv 17 injected nothing, then the Node SDK found no key',
    text: '[dotenv@17.2.3] injecting env (0) from .env -- tip: ⚙️  override existing env vars with { override: true }\n/app/node_modules/openai/client.js:112\n            throw new Errors.OpenAIError("Missing credentials. Please pass an `apiKey`, `workloadIdentity`, `adminAPIKey`, or set the `OPENAI_API_KEY` or `OPENAI_ADMIN_KEY` environment variable.");\n',
    ids: ['key-missing'],
  },
  // ---------------------------------------------------------------- data residency
  {
    name: 'python 401 incorrect regional hostname',
    text: "openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Attempted to access resource with incorrect regional hostname. Please make your request to us.api.openai.com.', 'type': 'invalid_request_error', 'param': None, 'code': None}}\n",
    ids: ['live-residency-mismatch'],
  },
  {
    name: 'node 401 incorrect regional hostname (eu)',
    text: 'AuthenticationError: 401 Attempted to access resource with incorrect regional hostname. Please make your request to eu.api.openai.com\n    at APIError.generate (node_modules/openai/core/error.mjs:41:20)\n',
    ids: ['live-residency-mismatch'],
  },
  // ---------------------------------------------------------------- openai-python v0
  {
    name: 'v0 invalid key in angle brackets',
    text: `openai.error.AuthenticationError: Incorrect API key provided: <${openaiMask(openaiKey('legacy', 'angle'))}>. ${FIND}\nError.\n`,
    ids: ['live-invalid-key', 'key-quoted'],
  },
  {
    name: 'v0 placeholder your-ope...-key',
    text: `error openai.error.AuthenticationError: Incorrect API key provided: your-ope*******-key. ${FIND}\n`,
    ids: ['live-invalid-key', 'key-placeholder'],
  },
  {
    name: 'v0 no key',
    text: `  File "C:\\Users\\tsmob\\AppData\\Local\\Programs\\Python\\Python311\\Lib\\site-packages\\openai\\util.py", line 186, in default_api_key\n    raise openai.error.AuthenticationError(\nopenai.error.AuthenticationError: No API key provided. You can set your API key in code using 'openai.api_key = <API-KEY>', or you can set the environment variable OPENAI_API_KEY=<API-KEY>). If your API key is stored in a file, you can point the openai module at it with 'openai.api_key_path = <PATH>'.\n`,
    ids: ['key-missing'],
  },
  {
    name: 'v0 quota',
    text: 'raise self.handle_error_response(\nopenai.error.RateLimitError: You exceeded your current quota, please check your plan and billing details.\n',
    ids: ['live-quota-exhausted'],
  },
  {
    name: 'v0 retired model',
    text: 'InvalidRequestError: The model `text-davinci-003` has been deprecated, learn more here: https://platform.openai.com/docs/deprecations\n',
    ids: ['model-retired'],
  },
  {
    name: 'v0 log line',
    text: `INFO:openai:error_code=invalid_api_key error_message='Incorrect API key provided: ${legacy}. ${FIND}' error_param=None error_type=invalid_request_error message='OpenAI API error received' stream_error=False\n`,
    ids: ['live-invalid-key'],
  },
  {
    name: 'v0 Azure RBAC log line',
    text: "openai: error_code=PermissionDenied error_message='Principal does not have access to API/Operation.' error_param=None error_type=None message='OpenAI API error received' stream_error=False\n",
    ids: ['live-azure-auth-failed'],
  },
  {
    name: 'v0 no such organization',
    text: 'openai.error.AuthenticationError: No such organization: Personal.\n',
    ids: ['live-org-mismatch'],
  },
  {
    name: 'v0 Azure wrong key',
    text: 'openai.error.AuthenticationError: Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.\n',
    ids: ['live-azure-auth-failed'],
  },

  // ---------------------------------------------------------------- openai-node
  {
    name: 'node v4 undefined key',
    text: `AuthenticationError: 401 Incorrect API key provided: undefined. ${FIND}\n${nodeStack}\n`,
    ids: ['live-invalid-key', 'key-missing'],
  },
  {
    name: 'node v4 error object dump',
    text: `AuthenticationError: 401 Incorrect API key provided: ${proj}. ${FIND}\n${nodeStack} {\n  status: 401,\n  headers: {\n    'alt-svc': 'h3=":443"; ma=86400',\n    'content-type': 'application/json; charset=utf-8',\n    'x-request-id': 'req_0123456789abcdef0123456789abcdef'\n  },\n  request_id: 'req_0123456789abcdef0123456789abcdef',\n  error: {\n    message: 'Incorrect API key provided: ${proj}. ${FIND}',\n    type: 'invalid_request_error',\n    param: null,\n    code: 'invalid_api_key'\n  },\n  code: 'invalid_api_key',\n  param: null,\n  type: 'invalid_request_error'\n}\n\nNode.js v20.11.0\n`,
    ids: ['live-invalid-key'],
  },
  {
    name: 'node v5.18+ missing credentials',
    text: `/srv/app/node_modules/openai/client.js:132\n            throw new Errors.OpenAIError('Missing credentials. Please pass an \`apiKey\`, or set the \`OPENAI_API_KEY\` environment variable.');\n                  ^\n\nOpenAIError: Missing credentials. Please pass an \`apiKey\`, or set the \`OPENAI_API_KEY\` environment variable.\n    at new OpenAI (/srv/app/node_modules/openai/client.js:132:19)\n`,
    ids: ['key-missing'],
  },
  {
    name: 'node v4 missing key',
    text: "OpenAIError: The OPENAI_API_KEY environment variable is missing or empty; either provide it, or instantiate the OpenAI client with an apiKey option, like new OpenAI({ apiKey: 'My API Key' }).\n    at new OpenAI (/app/node_modules/openai/index.js:53:19)\n",
    ids: ['key-missing'],
  },
  {
    name: 'node v3 code on v4: Configuration',
    text: '/Users/user/bot/src/utils/models-managers.js:9\nconst openai_config = new Configuration({ apiKey: apiKey });\n                      ^\n\nTypeError: Configuration is not a constructor\n    at Object.<anonymous> (/Users/user/bot/src/utils/models-managers.js:9:23)\n',
    ids: ['sdk-api-mismatch'],
  },
  {
    name: 'node v3 code on v4: ESM export',
    text: "import { Configuration, OpenAIApi } from 'openai';\n         ^^^^^^^^^^^^^\nSyntaxError: The requested module 'openai' does not provide an export named 'Configuration'\n    at ModuleJob._instantiate (node:internal/modules/esm/module_job:131:21)\n",
    ids: ['sdk-api-mismatch'],
  },
  {
    name: 'node v3 axios 401 with Bearer undefined',
    text: "Error: Request failed with status code 401\n    at createError (/app/node_modules/openai/node_modules/axios/lib/core/createError.js:16:15)\n    at settle (/app/node_modules/openai/node_modules/axios/lib/core/settle.js:17:12) {\n  config: {\n    headers: {\n      Accept: 'application/json, text/plain, */*',\n      'Content-Type': 'application/json',\n      'User-Agent': 'OpenAI/NodeJS/3.2.1',\n      Authorization: 'Bearer undefined',\n      'Content-Length': 147\n    },\n    method: 'post',\n  },\n  isAxiosError: true\n}\n",
    ids: ['key-missing', 'live-unexpected'],
  },
  {
    name: 'node 429 quota (Continue)',
    text: '**Error Output**\n```\n429 You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.\n```\n',
    ids: ['live-quota-exhausted'],
  },
  {
    name: 'node 404 retired model dump',
    text: "404 {\n  error: {\n    message: 'The model `text-davinci-003` has been deprecated, learn more here: https://platform.openai.com/docs/deprecations',\n    type: 'invalid_request_error',\n    param: null,\n    code: 'model_not_found'\n  }\n}\n",
    ids: ['model-retired', 'live-model-not-found'],
  },
  {
    name: 'node AzureOpenAI 401 no body',
    text: 'AuthenticationError: 401 status code (no body)\n    at Function.generate (C:\\CareerGenie\\node_modules\\openai\\src\\error.ts:74:14)\n    at AzureOpenAI.makeStatusError (C:\\CareerGenie\\node_modules\\openai\\src\\core.ts:428:21)\n',
    ids: ['live-azure-auth-failed'],
  },
  {
    name: 'node Azure OpenAIError with code 401',
    text: "OpenAIError: Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.\n    at OpenAIStream (webpack-internal:///(api)/./utils/server/index.ts:84:19) {\n  type: undefined,\n  param: undefined,\n  code: '401'\n}\n",
    ids: ['live-azure-auth-failed'],
  },
  {
    name: 'Vercel AI SDK APICallError (Azure)',
    text: '> {\n>   cause: undefined,\n>   url: \'https://my-resource.openai.azure.com/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-02-15-preview\',\n>   statusCode: 401,\n>   responseBody: \'{"error":{"code":"Unauthorized","message": "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}}\',\n>   isRetryable: false\n> }\n',
    ids: ['live-azure-auth-failed'],
  },
  {
    name: 'Vercel AI SDK missing key',
    text: "LoadAPIKeyError [AI_LoadAPIKeyError]: OpenAI API key is missing. Pass it using the 'apiKey' parameter or the OPENAI_API_KEY environment variable.\n    at loadApiKey (/Users/alex/deep-research/node_modules/@ai-sdk/provider-utils/src/load-api-key.ts:33:11)\n",
    ids: ['key-missing'],
  },
  {
    name: 'LangChain.js key not found',
    text: 'Error: OpenAI or Azure OpenAI API key or Token Provider not found\n    at new ChatOpenAI (/Users/z/LangchainJSTest/node_modules/@langchain/openai/dist/chat_models.cjs:426:19)\n',
    ids: ['key-missing'],
  },
  {
    name: 'node invalid header character',
    text: 'APIConnectionError: Connection error.\n    at OpenAI.makeRequest (/app/node_modules/openai/core.js:341:19) {\n  cause: TypeError [ERR_INVALID_CHAR]: Invalid character in header content ["Authorization"]\n      at ClientRequest.setHeader (node:_http_outgoing:662:3)\n}\n',
    ids: ['key-whitespace'],
  },
  {
    name: 'node browser environment',
    text: "OpenAIError: It looks like you're running in a browser-like environment.\n\nThis is disabled by default, as it risks exposing your secret API credentials to attackers.\n",
    ids: ['key-exposed-to-client'],
  },
  {
    name: 'node deactivated',
    text: `Error: 401 The OpenAI account associated with this API key has been deactivated. If you are the developer for this OpenAI app, please check your email for more information.\n${nodeStack}\n`,
    ids: ['live-account-deactivated'],
  },

  // ---------------------------------------------------------------- curl
  {
    name: 'curl invalid key with headers',
    text: `$ curl -i https://api.openai.com/v1/models -H "Authorization: Bearer $OPENAI_API_KEY"\nHTTP/2 401\ndate: Mon, 02 Mar 2026 10:14:03 GMT\ncontent-type: application/json; charset=utf-8\nx-request-id: req_4f1c2b0a9e8d7c6b5a4f3e2d1c0b9a88\n\n{\n    "error": {\n        "message": "Incorrect API key provided: ${legacy}. ${FIND}",\n        "type": "invalid_request_error",\n        "param": null,\n        "code": "invalid_api_key"\n    }\n}\n`,
    ids: ['live-invalid-key'],
  },
  {
    name: 'curl no key (classic)',
    text: '{\n  "error": {\n    "message": "You didn\'t provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you\'re accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",\n    "type": "invalid_request_error",\n    "param": null,\n    "code": null\n  }\n}\n',
    ids: ['live-no-auth'],
  },
  {
    name: 'curl missing bearer (2025)',
    text: '< HTTP/1.1 401 Unauthorized\n{"error":{"message":"Missing bearer or basic authentication in header","type":"invalid_request_error","param":null,"code":null}}\n',
    ids: ['live-no-auth'],
  },
  {
    name: 'curl Azure DeploymentNotFound',
    text: '$ curl "$AZURE_OPENAI_ENDPOINT/openai/deployments/gpt4/chat/completions?api-version=2024-10-21" -H "api-key: $AZURE_OPENAI_API_KEY" -d @req.json\n{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."}}\n',
    ids: ['live-azure-deployment-not-found'],
  },
  {
    name: 'curl Azure Resource not found',
    text: '$ curl "https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions" -H "api-key: $KEY"\n{"error":{"code":"404","message": "Resource not found"}}\n',
    ids: ['live-azure-api-version'],
  },
  {
    name: 'curl Azure API version not supported',
    text: 'POST https://contoso.openai.azure.com/openai/v1/responses?api-version=2025-04-01-preview -> 400\n{"error":{"code":"BadRequest","message":"API version not supported"}}\n',
    ids: ['live-azure-api-version'],
  },
  {
    name: 'curl 500 with request id',
    text: 'HTTP/2 500\nx-request-id: req_9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d\n\n{"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}}\n$ echo $OPENAI_API_KEY | wc -c\n',
    ids: ['live-unexpected'],
  },
  {
    name: 'ip allow-list',
    text: `openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Your IP address is not authorized to make requests with this key.', 'type': 'invalid_request_error', 'param': None, 'code': 'ip_not_authorized'}}\n`,
    ids: ['live-ip-not-allowed'],
  },

  // ---------------------------------------------------------------- .NET, Java, Go, Rust, PHP
  {
    name: '.NET ClientResultException',
    text: `Unhandled exception. System.ClientModel.ClientResultException: HTTP 401 (invalid_request_error: invalid_api_key)\n\nIncorrect API key provided: ${proj}. ${FIND}\n   at OpenAI.ClientPipelineExtensions.ProcessMessageAsync(ClientPipeline pipeline, PipelineMessage message, RequestOptions options)\n`,
    ids: ['live-invalid-key'],
  },
  {
    name: '.NET Azure.RequestFailedException',
    text: 'Azure.RequestFailedException: \'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.\nStatus: 401 (PermissionDenied)\nErrorCode: 401\n\nContent:\n{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}}\n\nHeaders:\napim-request-id: REDACTED\nContent-Type: application/json\n\'\n',
    ids: ['live-azure-auth-failed'],
  },
  {
    name: 'Semantic Kernel DeploymentNotFound',
    text: 'Microsoft.SemanticKernel.HttpOperationException: \'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.\nStatus: 404 (DeploymentNotFound)\nErrorCode: DeploymentNotFound\n\nContent:\n{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."}}\n',
    ids: ['live-azure-deployment-not-found'],
  },
  {
    name: 'Spring AI NonTransientAiException',
    text: `2026-01-12T09:01:44.120Z ERROR 1 --- [nio-8080-exec-1] o.a.c.c.C.[.[.[/].[dispatcherServlet] : Servlet.service() threw exception\norg.springframework.ai.retry.NonTransientAiException: 401 - {\n    "error": {\n        "message": "Incorrect API key provided: ${proj}. ${FIND}",\n        "type": "invalid_request_error",\n        "param": null,\n        "code": "invalid_api_key"\n    }\n}\n\tat org.springframework.ai.retry.RetryUtils$1.handleError(RetryUtils.java:63)\n`,
    ids: ['live-invalid-key'],
  },
  {
    name: 'openai-java UnauthorizedException',
    text: `Exception in thread "main" com.openai.errors.UnauthorizedException: 401: Incorrect API key provided: ${legacy}. ${FIND}\n\tat com.openai.core.handlers.ErrorHandler.handle(ErrorHandler.kt:54)\n`,
    ids: ['live-invalid-key'],
  },
  {
    name: 'go-openai invalid key',
    text: `2026/02/11 14:22:09 ChatCompletion error: error, status code: 401, status: 401 Unauthorized, message: Incorrect API key provided: ${proj}. ${FIND}\nexit status 1\n`,
    ids: ['live-invalid-key'],
  },
  {
    name: 'go-openai Azure',
    text: 'Error: error, status code: 401, status: 401 Unauthorized, message: Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.\n',
    ids: ['live-azure-auth-failed'],
  },
  {
    name: 'go-openai quota',
    text: 'error, status code: 429, status: 429 Too Many Requests, message: You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.\n',
    ids: ['live-quota-exhausted'],
  },
  {
    name: 'Rust async-openai',
    text: `Error: ApiError(ApiError { message: "Incorrect API key provided: ${legacy}. ${FIND}", type: Some("invalid_request_error"), param: None, code: Some("invalid_api_key") })\n`,
    ids: ['live-invalid-key'],
  },
  {
    name: 'PHP Guzzle in a Nextcloud JSON log (escaped, truncated)',
    text: `{"reqId":"P1Np72","level":2,"app":"integration_openai","message":"API request error : Client error: \`GET https://api.openai.com/v1/models\` resulted in a \`401 Unauthorized\` response:\\n{\\n  \\"error\\": {\\n    \\"message\\": \\"Incorrect API key provided: 8kaL5ja$**oQnP. You can find your API key at https://platform (truncated...)\\n","version":"30.0.5.1"}\n`,
    ids: ['live-invalid-key'],
  },
  {
    name: "Ren'Py script exception",
    text: `While running game code:\n  File "game/script.rpy", line 178, in <module>\n    messages = chatgpt.completion(messages,apikey)\nException: Error: 401, {\n    "error": {\n        "message": "Incorrect API key provided: ${svc}. ${FIND}",\n        "type": "invalid_request_error",\n        "param": null,\n        "code": "invalid_api_key"\n    }\n}\n`,
    ids: ['live-invalid-key'],
  },
  {
    name: '.NET client sent an Azure key to OpenAI',
    text: `'DeserializeResponseAsync Failed! HTTP status code: Unauthorized | Response body: {\n  "error": {\n    "code": "invalid_api_key",\n    "message": "Incorrect API key provided: ${azureMask}. ${FIND}",\n    "param": null,\n    "type": "invalid_request_error"\n  }\n}\n`,
    ids: ['live-invalid-key', 'key-foreign-provider'],
  },

  // ---------------------------------------------------------------- wrappers and tools
  {
    name: 'LiteLLM master key sent to OpenAI',
    text: `Error during LLM inference: litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided: sk-1234. ${FIND}\n`,
    ids: ['live-invalid-key', 'key-placeholder'],
  },
  {
    name: 'LiteLLM missing key',
    text: 'AuthenticationError: litellm.AuthenticationError: AuthenticationError: OpenAIException - The api_key client option must be set either by passing api_key to the client or by setting the OPENAI_API_KEY environment variable\n',
    ids: ['key-missing'],
  },
  {
    name: 'LiteLLM quota (OpenHands)',
    text: "ERROR:\nOpenAIException - Error code: 429 - {'error': {'message': 'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.', 'type': 'insufficient_quota', 'param': None, 'code': 'insufficient_quota'}}\nTraceback (most recent call last):\n",
    ids: ['live-quota-exhausted'],
  },
  {
    name: 'LangChain with an OpenRouter key',
    text: pyTrace(
      `openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided: ${orMask}. ${FIND}', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}`,
    ).replace('/app/main.py', '/app/.venv/lib/python3.12/site-packages/langchain_openai/chat_models/base.py'),
    ids: ['live-invalid-key', 'key-foreign-provider'],
  },
  {
    name: 'Codex missing bearer',
    text: '■ unexpected status 401 Unauthorized: Missing bearer or basic authentication in header, url: https://api.openai.com/v1/responses, cf-ray: 9f2a3241884b5f2b-SIN, request id: req_5da8e9df50dd47cb95f81eb2d9e80b13\n',
    ids: ['live-no-auth'],
  },
  {
    name: 'Codex missing scopes (terminal-wrapped)',
    text: "■ unexpected status 401 Unauthorized: You have insufficient permissions for this operation. Missing scopes: api.responses.write. Check that you have the correct role in your organiz\nation (Reader, Writer, Owner) and project (Member, Owner), and if you're using a restricted API key, that it has the necessary scopes., url: https://api.openai.com/v1/responses, cf-ray: 9f2a3241884b5f2b-SIN, request id: req_5da8e9df50dd47cb95f81eb2d9e80b13\n",
    ids: ['live-missing-scope'],
  },
  {
    name: 'Codex raw log (escaped JSON in a debug string)',
    text: '2026-01-04T02:51:29.611349Z ERROR codex_api::endpoint::responses: error=http 401 Unauthorized: Some("{\\n  \\"error\\": {\\n    \\"message\\": \\"Missing bearer or basic authentication in header\\",\\n    \\"type\\": \\"invalid_request_error\\",\\n    \\"param\\": null,\\n    \\"code\\": null\\n  }\\n}")\n',
    ids: ['live-no-auth'],
  },
  {
    name: 'Continue: URL as key',
    text: '**Error Details**\n\nModel: OpenAI GPT-4.1\nProvider: openai\nStatus Code: 401\n\n**Error Output**\n```\n401 Incorrect API key provided: https://********************************************************************************lETQ. You can find your API key at https://platform.openai.com/account/api-keys.\n```\n',
    ids: ['live-invalid-key', 'key-malformed'],
  },
  {
    name: 'Continue: Gemini key in JSON',
    text: `{"message":"Incorrect API key provided: ${googleMask}. ${FIND}","type":"invalid_request_error","param":null,"code":"invalid_api_key"}\n`,
    ids: ['live-invalid-key', 'key-foreign-provider'],
  },
  {
    name: 'Bearer inside the key (Meilisearch)',
    text: `Error: server replied with {"error":{"message":"Incorrect API key provided: Bearer doggo. ${FIND}","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}\n`,
    ids: ['live-invalid-key', 'key-bearer-prefix'],
  },
  {
    name: 'docker compose unset variable',
    text: 'WARN[0000] The "OPENAI_API_KEY" variable is not set. Defaulting to a blank string.\n[+] Running 2/2\n ✔ Container app-db-1   Running\n ✔ Container app-api-1  Started\n',
    ids: ['compose-var-unset', 'key-missing'],
  },
  {
    name: 'docker compose unset variable (logfmt)',
    text: 'time="2026-02-01T10:00:00Z" level=warning msg="The \\"AZURE_OPENAI_API_KEY\\" variable is not set. Defaulting to a blank string."\n',
    ids: ['compose-var-unset', 'key-missing'],
  },
  {
    name: 'Azure Foundry data action',
    text: 'Azure.RequestFailedException: The principal `5f0c...` lacks the required data action `Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action` to perform `POST /openai/deployments/{deployment-id}/chat/completions` operation.\nStatus: 401 (PermissionDenied)\n',
    ids: ['live-azure-auth-failed'],
  },

  {
    name: 'LiteLLM: organization header "null" (aider)',
    text: '`litellm.BadRequestError: OpenAIException - no such organization : null`\n',
    ids: ['live-org-mismatch'],
  },
  {
    name: '.NET mismatched organization',
    text: '[09:16:02 INF] HTTP POST https://api.openai.com/v1/chat/completions => 401 in 340ms\n[09:16:02 ERR] Function CodeAnalysis-CommitAnalyze failed. Error: HTTP 401 (invalid_request_error: mismatched_organization)\n\nOpenAI-Organization header should match organization for API key\nSystem.ClientModel.ClientResultException: HTTP 401 (invalid_request_error: mismatched_organization)\n\nOpenAI-Organization header should match organization for API key\n   at OpenAI.ClientPipelineExtensions.ProcessMessageAsync(ClientPipeline pipeline, PipelineMessage message, RequestOptions options)\n',
    ids: ['live-org-mismatch'],
  },
  {
    name: 'region error wrapped by a terminal (rich)',
    text: "PermissionDeniedError: Error code: 403 - {'error': {'code': 'unsupported_country_region_territory', 'message': 'Country,\nregion, or territory not supported', 'param': None, 'type': 'request_forbidden'}}\n[NOTE] During task with name 'Market Analyst' and id '802a1c71'\n",
    ids: ['live-region-unsupported'],
  },
  {
    name: 'go client region 403',
    text: 'callback_reply_chunk.go:67: [Info] info-OnError, info={"Name":"llm","Type":"Qwen","Component":"ChatModel"}, err=error, status code: 403, status: 403 Forbidden, message: Country, region, or territory not supported\n',
    ids: ['live-region-unsupported'],
  },
  {
    name: 'LiteLLM Azure Resource not found',
    text: "NotFoundError: litellm.NotFoundError: NotFoundError: OpenAIException - Error code: 404 - {'error': {'code': '404', 'message': 'Resource not found'}}\n",
    ids: ['live-azure-api-version'],
  },
  {
    name: 'one-api region with request id in the message',
    text: '{\n  "error": {\n    "message": "Country, region, or territory not supported (request id: 2024072510422562564674066306279)",\n    "type": "request_forbidden",\n    "param": "",\n    "code": "unsupported_country_region_territory"\n  }\n}\n',
    ids: ['live-region-unsupported'],
  },

  {
    name: 'not allowed to sample from this model (403)',
    text: `openai.PermissionDeniedError: Error code: 403 - {'error': {'message': 'You are not allowed to sample from this model', 'type': 'invalid_request_error', 'param': None, 'code': None}}\n`,
    ids: ['live-model-not-found'],
  },
  {
    name: 'billing hard limit (2023 wording)',
    text: 'openai.error.InvalidRequestError: Billing hard limit has been reached\n',
    ids: ['live-quota-exhausted'],
  },
  {
    name: 'Cloudflare challenge page instead of an answer',
    text: '2024-05-27 18:22:20     raise self._make_status_error_from_response(err.response) from None\n2024-05-27 18:22:20 openai.PermissionDeniedError: <!DOCTYPE html>\n2024-05-27 18:22:20 <!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> <![endif]-->\n2024-05-27 18:22:20 <head>\n2024-05-27 18:22:20 <title>Attention Required! | Cloudflare</title>\n',
    ids: ['live-unexpected'],
  },
  {
    name: 'Flowise Azure Entra variant wording',
    text: 'Request failed with status code 401 and body {"statusCode":401, "message": "Unauthorized. Access token is missing, invalid, and the audience is incorrect (\nhttps://cognitiveservices.azure.com/\n), or have expired."}\n',
    ids: ['live-azure-auth-failed'],
  },
  {
    name: 'DefaultAzureCredential without any credential',
    text: 'DefaultAzureCredential failed to retrieve a token from the included credentials.\nAttempted credentials:\n\tEnvironmentCredential: EnvironmentCredential authentication unavailable. Environment variables are not fully configured.\n\tManagedIdentityCredential: ManagedIdentityCredential authentication unavailable, no response from the IMDS endpoint.\n\tAzureCliCredential: Azure CLI not found on path\n',
    ids: ['live-azure-auth-failed'],
  },

  {
    name: 'v0 connection error: TLS interception',
    text: "openai.error.APIConnectionError: Error communicating with OpenAI: HTTPSConnectionPool(host='api.openai.com', port=443): Max retries exceeded with url: /v1/embeddings (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1000)')))\n",
    ids: ['live-network-error'],
  },
  {
    name: 'v1 connection error: DNS',
    text: 'httpx.ConnectError: [Errno -2] Name or service not known\n\nThe above exception was the direct cause of the following exception:\n\nTraceback (most recent call last):\n  File "/app/.venv/lib/python3.12/site-packages/openai/_base_client.py", line 1001, in _request\n    raise APIConnectionError(request=request) from err\nopenai.APIConnectionError: Connection error.\n',
    ids: ['live-network-error'],
  },
  {
    name: 'aiohttp: cannot connect (SSL EOF)',
    text: "OpenAI API: Underlying stream of OpenAI complete() call failed with error <class 'aiohttp.client_exceptions.ClientConnectorError'> Cannot connect to host api.openai.com:443 ssl:True [SSLEOFError: EOF occurred in violation of protocol (_ssl.c:1129)] Retrying... (attempt: 3)\n",
    ids: ['live-network-error'],
  },

  {
    name: 'Azure token rate limit (.NET)',
    text: 'Error:\nHTTP 429 (429) Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-05-01-preview have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 86400 seconds. Please go here:\nhttps://aka.ms/oai/quotaincrease\nif you would like to further increase the default rate limit.\n',
    ids: ['live-rate-limited'],
  },
  {
    name: 'Azure call rate limit via LiteLLM (new wording)',
    text: 'Stream error: 429 litellm.RateLimitError: AzureException RateLimitError - Your requests to gpt-5.1 for gpt-5.1 in East US 2 have exceeded the token rate limit for your current AIServices S0 pricing tier. This request was for ChatCompletions_Create under Azure OpenAI API version 2025-03-01-preview. Please retry after 60 seconds. To increase your default rate limit, visit: https://aka.ms/oai/quotaincrease.. Received Model Group=gpt-5.1\n',
    ids: ['live-rate-limited'],
  },

  {
    name: 'access terminated (type only, 2023)',
    text: 'OpenAI API responded:\n\n{\n    "error": {\n        "message": "Your access was terminated due to violation of our policies, please check your email for more information. If you believe this is in error and would like to appeal, please contact support@openai.com.",\n        "type": "access_terminated",\n        "param": null,\n        "code": null\n    }\n}\n',
    ids: ['live-account-deactivated'],
  },
  {
    name: 'openai-java (TheoKanning) access terminated',
    text: 'GhidraChatGPTPlugin [-] Asking ChatGPT failed with the error com.theokanning.openai.OpenAiHttpException: Your access was terminated due to violation of our policies, please check your email for more information. If you believe this is in error and would like to appeal, please contact us through our help center at help.openai.com.\n',
    ids: ['live-account-deactivated'],
  },
  {
    name: 'DeepSeek behind the OpenAI SDK',
    text: "17:32:27 - LiteLLM:DEBUG: main.py:7238 - openai.py: Received openai error - Error code: 401 - {'error': {'message': 'Authentication Fails, Your api key: ****De99 is invalid', 'type': 'authentication_error', 'param': None, 'code': 'invalid_request_error'}}\n",
    ids: ['live-invalid-key'],
  },
  {
    name: 'OpenRouter behind the OpenAI SDK',
    text: "AuthenticationError: Error code: 401 - {'error': {'message': 'Missing Authentication header or invalid API key', 'code': 401}}\nTraceback:\n",
    ids: ['live-invalid-key'],
  },

  {
    name: 'PowerShell Invoke-RestMethod',
    text: 'PS C:\\dev> Invoke-RestMethod -Uri https://api.openai.com/v1/models -Headers @{Authorization="Bearer $env:OPENAI_API_KEY"}\nInvoke-RestMethod : {\n    "error": {\n        "message": "You didn\'t provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you\'re accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",\n        "type": "invalid_request_error",\n        "param": null,\n        "code": null\n    }\n}\nAt line:1 char:1\n+ Invoke-RestMethod -Uri https://api.openai.com/v1/models -Headers @{Au ...\n+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n    + CategoryInfo          : InvalidOperation: (System.Net.HttpWebRequest:HttpWebRequest) [Invoke-RestMethod], WebException\n',
    ids: ['live-no-auth'],
  },
  {
    name: 'Jupyter error JSON with an escaped traceback (Azure)',
    text: '{\n\t"name": "NotFoundError",\n\t"message": "Error code: 404 - {\'error\': {\'code\': \'404\', \'message\': \'Resource not found\'}}",\n\t"stack": "---------------------------------------------------------------------------\\nNotFoundError                             Traceback (most recent call last)\\nCell In[8], line 16\\n     10 client = AzureOpenAI(\\n     11     api_version=os.getenv(\\"OPENAI_API_VERSION\\"),\\n"\n}\n',
    ids: ['live-azure-api-version'],
  },

  {
    name: 'openai-php (Laravel log): the key was two quote characters',
    text: `[2024-07-29 10:00:00] local.ERROR: Incorrect API key provided: ''. ${FIND} {"exception":"[object] (OpenAI\\\\Exceptions\\\\ErrorException(code: 0): Incorrect API key provided: ''. ${FIND} at C:\\\\xampp2\\\\htdocs\\\\z360\\\\vendor\\\\openai-php\\\\client\\\\src\\\\Transporters\\\\HttpTransporter.php:131)"}\n`,
    ids: ['live-invalid-key', 'key-quoted'],
  },
  {
    name: 'Ruby (ruby_llm) no key',
    text: "/home/k/.rvm/gems/ruby-3.4.2/gems/ruby_llm-1.0.0/lib/ruby_llm/error.rb:56:in 'RubyLLM::ErrorMiddleware.parse_error': You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys. (RubyLLM::UnauthorizedError)\n        from /home/k/.rvm/gems/ruby-3.4.2/gems/faraday-2.12.2/lib/faraday/response.rb:42:in 'Faraday::Response#on_complete'\n",
    ids: ['live-no-auth'],
  },
  {
    name: 'ruby-openai: Faraday 401 without body',
    text: "/usr/local/bundle/gems/faraday-2.9.0/lib/faraday/response/raise_error.rb:22:in `on_complete': the server responded with status 401 (Faraday::UnauthorizedError)\n\tfrom /usr/local/bundle/gems/ruby-openai-7.0.1/lib/openai/http.rb:22:in `json_post'\n",
    ids: ['live-unexpected'],
  },

  {
    name: 'v0 APIError: invalid response object (Azure Entra)',
    text: `openai.error.APIError: Invalid response object from API: '{ "statusCode": 401, "message": "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired." }' (HTTP response code was 401)\n`,
    ids: ['live-azure-auth-failed'],
  },
  {
    name: 'openai-go (official Go SDK)',
    text: `2026/03/01 12:00:00 POST "https://api.openai.com/v1/chat/completions": 401 Unauthorized {"message":"Incorrect API key provided: ${legacy}. ${FIND}","type":"invalid_request_error","param":null,"code":"invalid_api_key"}\nexit status 1\n`,
    ids: ['live-invalid-key'],
  },
  {
    name: 'node v7 missing credentials (admin key wording)',
    text: 'OpenAIError: Missing credentials. Please pass an `apiKey`, `workloadIdentity`, `adminAPIKey`, or set the `OPENAI_API_KEY` or `OPENAI_ADMIN_KEY` environment variable.\n    at new OpenAI (file:///app/node_modules/openai/client.mjs:120:19)\n',
    ids: ['key-missing'],
  },

  {
    name: 'v0 invalid authorization header (CI on a fork: empty secret)',
    text: '  File "/home/runner/work/evals/evals/evals/completion_fns/openai.py", line 40, in __call__\n    raise self.handle_error_response(\nopenai.error.AuthenticationError: Invalid authorization header\nError: Process completed with exit code 1.\n',
    ids: ['live-no-auth'],
  },
  {
    name: 'Kotlin ktor client request exception',
    text: 'src-server-1   | Caused by: io.ktor.client.plugins.ClientRequestException: Client request(POST https://api.openai.com/v1/embeddings) invalid: 401 Unauthorized. Text: "{\nsrc-server-1   |     "error": {\nsrc-server-1   |         "message": "You didn\'t provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you\'re accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",\nsrc-server-1   |         "type": "invalid_request_error",\nsrc-server-1   |         "param": null,\nsrc-server-1   |         "code": null\nsrc-server-1   |     }\nsrc-server-1   | }\n',
    ids: ['live-no-auth'],
  },

  // ---------------------------------------------------------------- several errors in one text
  {
    name: 'several errors, repeats once',
    text: `${noise}openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided: ${proj}. ${FIND}', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}\nRetrying request to /chat/completions in 0.4 seconds\nopenai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided: ${proj}. ${FIND}', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}\n${noise}worker-2 | openai.RateLimitError: Error code: 429 - {'error': {'message': 'You exceeded your current quota, please check your plan and billing details.', 'type': 'insufficient_quota', 'param': None, 'code': 'insufficient_quota'}}\n`,
    ids: ['live-invalid-key', 'live-quota-exhausted'],
  },
];

/** Texts that hold no OpenAI auth error: explain must report nothing and exit 0. */
export const NOTHING: Array<{ name: string; text: string }> = [
  { name: 'empty', text: '' },
  {
    name: 'success log',
    text: `${noise}2026-03-02 10:14:05,003 INFO httpx HTTP Request: POST https://api.openai.com/v1/chat/completions "HTTP/1.1 200 OK"\nassistant: Hello! How can I help you today?\n`,
  },
  {
    name: 'unrelated python traceback',
    text: 'Traceback (most recent call last):\n  File "calc.py", line 3, in <module>\n    print(1 / 0)\nZeroDivisionError: division by zero\n',
  },
  {
    name: 'unrelated axios 404',
    text: "Error: Request failed with status code 404\n    at createError (/app/node_modules/axios/lib/core/createError.js:16:15)\n  config: { url: '/api/users/42', method: 'get' }\n",
  },
  {
    name: 'kubectl resource not found',
    text: 'Error from server (NotFound): deployments.apps "web" not found\nerror: Resource not found\n',
  },
  {
    name: 'GitHub API rate limit',
    text: "HttpError: API rate limit exceeded for 203.0.113.9. (But here's the good news: Authenticated requests get a higher rate limit.)\nstatus: 403\n",
  },
  {
    name: 'compose warning for an unrelated variable',
    text: 'WARN[0000] The "PORT" variable is not set. Defaulting to a blank string.\n',
  },
  {
    name: 'Stripe invalid key',
    text: 'stripe._error.AuthenticationError: Invalid API Key provided: sk_test_****************************1234\n',
  },
  {
    name: 'a deactivated user in an app log',
    text: '2026-02-01 12:00:00 INFO accounts: account has been deactivated for user 4411 (requested by admin)\n',
  },
  {
    name: 'pydantic deprecation',
    text: 'PydanticDeprecatedSince20: The model config has been deprecated, use ConfigDict instead.\n',
  },
  {
    name: 'a database connection refused',
    text: 'psycopg2.OperationalError: connection to server at "localhost" (127.0.0.1), port 5432 failed: Connection refused\n',
  },
  {
    name: 'Anthropic invalid key (not OpenAI)',
    text: '{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}\n',
  },
  {
    name: 'OpenAI context length error (not auth)',
    text: "openai.BadRequestError: Error code: 400 - {'error': {'message': \"This model's maximum context length is 8192 tokens. However, your messages resulted in 9100 tokens. Please reduce the length of the messages.\", 'type': 'invalid_request_error', 'param': 'messages', 'code': 'context_length_exceeded'}}\n",
  },
  {
    name: 'a chat completion response body',
    text: '{"id":"chatcmpl-abc","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"The capital of France is Paris."},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":7}}\n',
  },
  {
    name: 'npm registry 401',
    text: 'npm ERR! code E401\nnpm ERR! Unable to authenticate, need: Basic realm="GitHub Package Registry"\n',
  },
];
