import type { FindingDraft } from '../../core/types.js';
import type { ClientConstruction, ValueExpr } from '../../code/types.js';
import { classifyCredential, isOpenAIKind } from '../../keys/classify.js';
import {
  AZURE_SDKS,
  clientLabel,
  clientReach,
  definitions,
  providerSetUp,
  providerSetUpBy,
  valuesOf,
} from './_lib/check-helpers.js';
import type { Check } from '../types.js';
import { inExamples } from '../../core/paths.js';
import { legacyAzureByEnv } from '../../resolve/sources.js';

const AZURE_HOST =
  /^https?:\/\/[^/]*\.(openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com)(\/|$)/i;
const OPENAI_HOST = /^https?:\/\/api\.openai\.com(\/|$)/i;

function valuesFor(
  facts: Parameters<Check['run']>[0]['facts'],
  v: ValueExpr | undefined,
  fallbackEnv?: string,
): Array<{ value: string; from: string }> {
  if (v?.kind === 'literal') return [{ value: v.value, from: 'code' }];
  const name = v?.kind === 'env' ? v.name : v === undefined ? fallbackEnv : undefined;
  if (!name) return [];
  return valuesOf(facts, name).map((d) => ({
    value: d.value ?? '',
    from: d.location?.path
      ? `${name} in ${d.location.path}${d.location.line ? `:${d.location.line}` : ''}`
      : `${name} (${d.kind})`,
  }));
}

const isAzureClient = (c: ClientConstruction): boolean =>
  AZURE_SDKS.has(c.sdk) ||
  (c.sdk === 'vercel-ai' && !!c.azure) ||
  (c.sdk === 'litellm' && !!c.azure) ||
  (c.sdk === 'openai-legacy-python' && !!c.azure) ||
  (c.sdk === 'openai-python' && !!c.azure);

export const check: Check = {
  meta: {
    id: 'azure-misconfigured',
    title: 'Azure OpenAI and OpenAI settings are mixed',
    severity: 'error',
    area: 'code',
    docs: {
      what: "The client set-up mixes Azure OpenAI and OpenAI: an OpenAI client pointed at `*.openai.azure.com` (other than the v1 path `/openai/v1/`), an Azure client pointed at api.openai.com, an Azure client without an api-version, an OpenAI `sk-` key given to an Azure client (directly, or through LangChain's fallback to `OPENAI_API_KEY`), `AzureOpenAI` left to read `AZURE_OPENAI_API_KEY` while only `OPENAI_API_KEY` is set, an `Authorization: Bearer` header with an Azure key instead of `api-key`, v0 code that passes `model=` where Azure needs `engine=` (the deployment), and LiteLLM/LangChain Azure variables under the wrong names. An Azure client in a branch keydoctor cannot decide is judged only where something sets up Azure (an Azure key, endpoint or api-version variable), as a warning; so is one in code no target of the project runs (a library's integration class, an example), judged only where anything in the project or shell sets Azure up; so is an Azure example (under `examples/`, `samples/`, ...) that a target runs. A Bearer header is judged only toward an endpoint that wants `api-key`: not the v1 API (`/openai/v1/`, which takes the standard client's `Authorization: Bearer`), nor another Azure AI service on cognitiveservices.azure.com (Language, Speech) or one given `Ocp-Apim-Subscription-Key`. `openai_api_base` is judged for langchain_openai's AzureChatOpenAI, not for langchain < 0.2's (`from langchain.chat_models import AzureChatOpenAI`), which accepts it. openai 0.x in Azure mode by `OPENAI_API_TYPE=azure` in the environment is an Azure client (its documented set-up with `OPENAI_API_BASE`), and Azure settings made only inside one function of a module (`openai.api_type = azure` in `chat_azure()` beside a plain `chat_openai()`) are that function's, not the whole module's.",
      why: 'Azure expects its own key in the `api-key` header, a dated `api-version` query parameter (on the classic path) and a deployment name; OpenAI expects `Authorization: Bearer sk-...`. Mixed settings give 401 "Access denied due to invalid subscription key or wrong API endpoint", 404 "Resource not found" / `DeploymentNotFound`, or "Missing credentials".',
      fix: 'Use `AzureOpenAI` (or `createAzure`, `AzureChatOpenAI`) with the resource endpoint, `apiVersion`/`api_version` and the Azure key (`AZURE_OPENAI_API_KEY`), or the v1 Azure API: the plain `OpenAI` client with `baseURL: "https://RESOURCE.openai.azure.com/openai/v1/"`. Keep OpenAI keys for api.openai.com.',
    },
  },
  run({ facts, targets }) {
    const code = facts.code;
    if (!code) return [];
    const defs = definitions(facts);
    const defined = (n: string): boolean => (defs.get(n) ?? []).some((d) => d.value !== '') || !!facts.env[n];
    const out: FindingDraft[] = [];
    let maybe: string | undefined;
    let unreached = false;
    // Azure set up anywhere in the project or the shell: an Azure key, endpoint or api-version variable
    const azureAnywhere = providerSetUpBy('azure', [...defs.keys(), ...Object.keys(facts.env)], defined);
    const add = (
      c: { file: string; line: number },
      message: string,
      fix: string,
      data: Record<string, unknown>,
    ): void => {
      // A client that may not run (a provider branch keydoctor cannot decide) is a warning that names the condition.
      const m = maybe
        ? ` (This client is built only if ${maybe}.)`
        : unreached
          ? ' No target of this project runs it as set up here (library code, an example, a script run by hand): it matters when something does.'
          : '';
      out.push({
        id: 'azure-misconfigured',
        ...(maybe || unreached ? { severity: 'warning' as const } : {}),
        message: message + m,
        location: { path: c.file, line: c.line },
        fix: { summary: fix },
        data,
      });
    };
    for (const [index, c] of code.clients.entries()) {
      if (c.sdk === 'http') continue; // a raw HTTP call builds its own request: no SDK option to get wrong
      const reach = clientReach(targets, index);
      if (reach.status === 'never') continue;
      maybe = reach.status === 'maybe' ? (reach.condition ?? 'a condition holds') : undefined;
      // Code no target runs (a library's integration class, an example): a warning, and for Azure only
      // where something sets Azure up.
      unreached = reach.status === 'unreached' && targets.length > 0;
      // a v0 module client in Azure mode by OPENAI_API_TYPE=azure in the environment (chatgpt-retrieval-plugin's set-up)
      const azure = isAzureClient(c) || (c.sdk === 'openai-legacy-python' && legacyAzureByEnv(facts));
      if (azure && unreached && !azureAnywhere) continue;
      // an Azure example of a collection (openai-python's examples/azure.py) where nothing sets Azure up:
      // a demo of a service the user has not set up (key-missing says so, as a warning)
      if (azure && !azureAnywhere && inExamples(facts.root, c.file)) continue;
      // an Azure branch keydoctor cannot decide (`if provider == "azure_openai":`) where nothing sets up Azure: not the branch that runs
      if (azure && maybe && !reach.in.some((h) => providerSetUp(facts, h.target, 'azure'))) continue;
      const label = `${clientLabel(c)} at ${c.file}:${c.line}`;
      if (!azure && c.sdk !== 'litellm') {
        // OpenAI client pointed at an Azure endpoint
        for (const b of valuesFor(
          facts,
          c.options.baseURL,
          c.options.baseURL
            ? undefined
            : c.language === 'python' && c.sdk === 'openai-legacy-python'
              ? 'OPENAI_API_BASE'
              : 'OPENAI_BASE_URL',
        )) {
          if (AZURE_HOST.test(b.value) && !/\/openai\/v1\/?$/.test(b.value)) {
            add(
              c,
              `${label} is an OpenAI client, but its base URL (${b.from}) is an Azure OpenAI endpoint (${b.value}); it sends \`Authorization: Bearer\` to the classic Azure path without api-version or deployment.`,
              'Use AzureOpenAI with endpoint, apiVersion and deployment, or keep the OpenAI client and set the base URL to https://RESOURCE.openai.azure.com/openai/v1/.',
              { baseURL: b.value },
            );
            break;
          }
        }
        continue;
      }
      // Azure client pointed at api.openai.com
      for (const e of [...valuesFor(facts, c.options.azureEndpoint), ...valuesFor(facts, c.options.baseURL)]) {
        if (OPENAI_HOST.test(e.value)) {
          add(
            c,
            `${label} is an Azure OpenAI client, but its endpoint (${e.from}) is api.openai.com.`,
            'Point it at the Azure resource (https://RESOURCE.openai.azure.com), or use the plain OpenAI client for api.openai.com.',
            { endpoint: e.value },
          );
          break;
        }
      }
      // the key an Azure client gets is an OpenAI key
      const keyNames =
        c.options.apiKey?.kind === 'env'
          ? [c.options.apiKey.name]
          : c.options.apiKey
            ? []
            : [c.keyVar, ...(c.keyVarFallbacks ?? [])].filter((x): x is string => !!x);
      let keyFrom: { value: string; from: string } | undefined;
      if (c.options.apiKey?.kind === 'literal') keyFrom = { value: c.options.apiKey.value, from: 'a literal in code' };
      for (const n of keyNames) {
        if (keyFrom) break;
        const v = valuesOf(facts, n)[0];
        if (v?.value) keyFrom = { value: v.value, from: `${n}${v.location?.path ? ` in ${v.location.path}` : ''}` };
      }
      // An OpenAI key that reaches an Azure client is key-foreign-provider's (it judges the value each target sends).
      const openaiKey = keyFrom !== undefined && isOpenAIKind(classifyCredential(keyFrom.value.trim()).kind);
      if (
        !openaiKey &&
        c.keyVarImplicit &&
        !c.spread &&
        c.keyVar === 'AZURE_OPENAI_API_KEY' &&
        !defined('AZURE_OPENAI_API_KEY') &&
        !(c.keyVarFallbacks ?? []).some(defined) &&
        defined('OPENAI_API_KEY') &&
        !c.options.azureADToken
      ) {
        add(
          c,
          `${label} reads AZURE_OPENAI_API_KEY, which nothing defines; OPENAI_API_KEY is set, but the Azure client does not read it.`,
          'Set AZURE_OPENAI_API_KEY to the Azure resource key (or pass apiKey / api_key explicitly).',
          { reads: 'AZURE_OPENAI_API_KEY' },
        );
      }
      // api-version
      const needsVersion =
        (c.sdk === 'azure-openai-node' && c.callee !== 'OpenAIClient') ||
        c.sdk === 'azure-openai-python' ||
        (c.sdk === 'langchain-azure' && (c.language === 'python' || c.language === 'notebook'));
      // options passed through (`**config`, `{ ...opts }`) may carry the api-version and the endpoint
      if (needsVersion && !c.options.apiVersion && !c.spread && !defined('OPENAI_API_VERSION')) {
        const baseIsV1 = valuesFor(facts, c.options.baseURL).some((b) => /\/openai\/v1\/?$/.test(b.value));
        if (!baseIsV1)
          add(
            c,
            `${label} has no api-version: no ${c.language === 'python' || c.language === 'notebook' ? 'api_version' : 'apiVersion'} option and nothing defines OPENAI_API_VERSION${defined('AZURE_OPENAI_API_VERSION') ? ' (AZURE_OPENAI_API_VERSION is set, but this client reads OPENAI_API_VERSION)' : ''}.`,
            'Pass the api-version your resource supports (for example apiVersion: "2024-10-21"), or set OPENAI_API_VERSION.',
            { missing: 'api-version' },
          );
      }
      if (
        c.sdk === 'langchain-azure' &&
        c.language !== 'python' &&
        c.language !== 'notebook' &&
        !c.options.apiVersion &&
        !defined('AZURE_OPENAI_API_VERSION') &&
        defined('OPENAI_API_VERSION')
      ) {
        add(
          c,
          `${label} (LangChain JS) reads AZURE_OPENAI_API_VERSION, not OPENAI_API_VERSION, which is what is set.`,
          'Set AZURE_OPENAI_API_VERSION (or pass azureOpenAIApiVersion).',
          { reads: 'AZURE_OPENAI_API_VERSION' },
        );
      }
      // endpoint
      if (
        ((c.sdk === 'azure-openai-node' && c.callee !== 'OpenAIClient') || c.sdk === 'azure-openai-python') &&
        !c.options.azureEndpoint &&
        !c.options.baseURL &&
        !c.spread &&
        !defined('AZURE_OPENAI_ENDPOINT')
      ) {
        add(
          c,
          `${label} has no endpoint: no ${c.language === 'python' ? 'azure_endpoint' : 'endpoint'} option and nothing defines AZURE_OPENAI_ENDPOINT${defined('AZURE_API_BASE') || defined('OPENAI_API_BASE') ? ` (${defined('AZURE_API_BASE') ? 'AZURE_API_BASE' : 'OPENAI_API_BASE'} is set, but this client does not read it)` : ''}.`,
          'Set AZURE_OPENAI_ENDPOINT=https://RESOURCE.openai.azure.com (or pass the endpoint option).',
          { missing: 'endpoint' },
        );
      }
      // LangChain Python: openai_api_base / base_url for Azure is rejected since openai>=1
      // (langchain_openai's class: langchain_community's, `from langchain.chat_models import AzureChatOpenAI` of
      // langchain < 0.2, only warns and appends the deployment path)
      if (
        c.sdk === 'langchain-azure' &&
        (c.language === 'python' || c.language === 'notebook') &&
        c.options.baseURL &&
        !c.options.azureEndpoint &&
        !/^langchain(?:_community)?\.(?:chat_models|llms|embeddings)\b/.test(c.importedAs ?? '')
      ) {
        add(
          c,
          `${label} passes the Azure endpoint as openai_api_base/base_url; with openai>=1 LangChain raises "Azure endpoints should be specified via the azure_endpoint param not openai_api_base".`,
          'Pass azure_endpoint="https://RESOURCE.openai.azure.com" (or set AZURE_OPENAI_ENDPOINT) instead.',
          { param: 'azure_endpoint' },
        );
      }
      // LiteLLM Azure reads AZURE_API_BASE / AZURE_API_VERSION
      if (
        c.sdk === 'litellm' &&
        c.azure &&
        !c.options.baseURL &&
        !defined('AZURE_API_BASE') &&
        defined('AZURE_OPENAI_ENDPOINT')
      ) {
        add(
          c,
          `${label} calls an azure/ model through LiteLLM, which reads the endpoint from AZURE_API_BASE; only AZURE_OPENAI_ENDPOINT is set.`,
          'Set AZURE_API_BASE (and AZURE_API_VERSION), or pass api_base= to the call.',
          { reads: 'AZURE_API_BASE' },
        );
      }
    }
    maybe = undefined;
    for (const f of code.files) {
      for (const s of f.signals ?? []) {
        if (s.kind === 'azure-bearer-header')
          add(
            { file: f.file, line: s.line },
            `${f.file}:${s.line} sends the key as \`Authorization: Bearer\` to an Azure OpenAI endpoint; Azure key authentication uses the \`api-key\` header (Bearer is for Entra ID tokens).`,
            'Send `api-key: <key>` instead of `Authorization: Bearer <key>`, or use the AzureOpenAI client.',
            { header: 'Authorization' },
          );
        if (s.kind === 'v0-azure-model-param')
          add(
            { file: f.file, line: s.line },
            `${f.file}:${s.line} calls the v0 API with api_type "azure" and model=, but Azure needs the deployment as engine= (or deployment_id=).`,
            'Pass engine="<your deployment name>" (v0), or migrate to AzureOpenAI and model="<deployment>".',
            { param: 'engine' },
          );
      }
    }
    return out;
  },
};
