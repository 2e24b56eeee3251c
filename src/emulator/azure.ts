/**
 * Azure OpenAI's data plane as far as authentication goes: the classic dated paths
 * (`/openai/deployments/{d}/...?api-version=`), `/openai/models`, and the v1 path (`/openai/v1/...`).
 * Credentials: `api-key` header (resource keys) or `Authorization: Bearer` (Entra ID tokens).
 */
import { randomUUID } from 'node:crypto';
import { azureReplies, type Reply } from './shapes.js';
import type { AzureResource, State, EmuRequest } from './types.js';

function header(req: EmuRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function resourceFor(state: State, req: EmuRequest): AzureResource | undefined {
  const host = (header(req, 'host') ?? '').split(':')[0]?.toLowerCase() ?? '';
  const label = host.split('.')[0] ?? '';
  return state.azure.find((r) => r.name.toLowerCase() === label) ?? state.azure[0];
}

function authorize(res: AzureResource, req: EmuRequest): Reply | undefined {
  const apiKey = header(req, 'api-key');
  if (apiKey !== undefined && apiKey !== '') return res.keys.has(apiKey) ? undefined : azureReplies.badKey();
  const auth = header(req, 'authorization');
  const m = auth ? /^Bearer +(.+)$/i.exec(auth) : null;
  if (m?.[1]) {
    const t = res.tokens.get(m[1]);
    if (!t || t.expired) return azureReplies.badToken();
    if (
      !t.roles.some((r) =>
        /OpenAI (User|Contributor)|Cognitive Services (Contributor|User)|^Owner$|Azure AI (User|Developer)/i.test(r),
      )
    )
      return azureReplies.noRole();
    return undefined;
  }
  return azureReplies.missingKey();
}

const now = () => Math.floor(Date.now() / 1000);

function completion(model: string): Reply {
  return {
    status: 200,
    body: {
      id: `chatcmpl-${randomUUID().replace(/-/g, '').slice(0, 24)}`,
      object: 'chat.completion',
      created: now(),
      model,
      choices: [
        {
          index: 0,
          finish_reason: 'stop',
          message: { role: 'assistant', content: 'Hello from the keydoctor emulator (Azure).', refusal: null },
          content_filter_results: {},
        },
      ],
      prompt_filter_results: [],
      usage: { prompt_tokens: 8, completion_tokens: 9, total_tokens: 17 },
      system_fingerprint: 'fp_emulator',
    },
  };
}

function parseBody(req: EmuRequest): Record<string, unknown> {
  if (req.body.length === 0) return {};
  try {
    const v: unknown = JSON.parse(req.body.toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function op(res: AzureResource, deployment: string, kind: string, req: EmuRequest): Reply {
  const model = res.deployments.get(deployment);
  if (model === undefined) return azureReplies.deploymentNotFound();
  const json = parseBody(req);
  if (kind === 'embeddings') {
    if (json.input === undefined)
      return {
        status: 400,
        body: {
          error: { message: "'input' is a required property", type: 'invalid_request_error', param: null, code: null },
        },
      };
    return {
      status: 200,
      body: {
        object: 'list',
        data: [{ object: 'embedding', index: 0, embedding: [0.0023, -0.0093, 0.0158] }],
        model,
        usage: { prompt_tokens: 2, total_tokens: 2 },
      },
    };
  }
  if (kind === 'responses') {
    return {
      status: 200,
      body: {
        id: `resp_${randomUUID().replace(/-/g, '')}`,
        object: 'response',
        created_at: now(),
        status: 'completed',
        model,
        output: [],
        usage: { input_tokens: 1, output_tokens: 0, total_tokens: 1 },
        error: null,
        incomplete_details: null,
      },
    };
  }
  if (!Array.isArray(json.messages)) return azureReplies.messagesRequired();
  return completion(model);
}

function withHeaders(r: Reply, extra: Record<string, string> = {}): Reply {
  const id = randomUUID();
  return {
    ...r,
    headers: { 'apim-request-id': id, 'x-request-id': id, 'x-ms-region': 'East US', ...extra, ...(r.headers ?? {}) },
  };
}

/** Answers one request under `/openai/`. */
export function handleAzure(state: State, req: EmuRequest): Reply {
  const res = resourceFor(state, req);
  if (!res) return withHeaders(azureReplies.resourceNotFound());
  const version = req.query.get('api-version');
  const ok = { 'x-ratelimit-remaining-requests': '99', 'x-ratelimit-remaining-tokens': '99990' };

  const v1 = /^\/openai\/v1(\/.*)$/.exec(req.path);
  if (v1) {
    const rest = v1[1] ?? '';
    if (!res.v1) return withHeaders(azureReplies.resourceNotFound());
    if (version !== null && version !== 'preview' && version !== 'latest' && version !== 'v1')
      return withHeaders(azureReplies.versionNotSupported());
    const isModels = req.method === 'GET' && rest === '/models';
    const post = req.method === 'POST' ? /^\/(chat\/completions|responses|embeddings)$/.exec(rest) : null;
    if (!isModels && !post) return withHeaders(azureReplies.resourceNotFound());
    const denied = authorize(res, req);
    if (denied) return withHeaders(denied);
    if (isModels)
      return withHeaders(
        {
          status: 200,
          body: {
            object: 'list',
            data: [...new Set(res.deployments.values())].map((m) => ({
              id: m,
              object: 'model',
              created: 1715367049,
              owned_by: 'system',
            })),
          },
        },
        ok,
      );
    const json = parseBody(req);
    if (typeof json.model !== 'string' || json.model === '') return withHeaders(azureReplies.modelRequired());
    return withHeaders(op(res, json.model, post?.[1] === 'chat/completions' ? 'chat' : (post?.[1] ?? 'chat'), req), ok);
  }

  const dep =
    req.method === 'POST'
      ? /^\/openai\/deployments\/([^/]+)\/(chat\/completions|completions|embeddings)$/.exec(req.path)
      : null;
  const models = req.method === 'GET' && (req.path === '/openai/models' || req.path === '/openai/deployments');
  if (!dep && !models) return withHeaders(azureReplies.resourceNotFound());
  // A missing or unknown dated api-version does not route at all.
  if (version === null || !res.apiVersions.has(version)) return withHeaders(azureReplies.resourceNotFound());
  const denied = authorize(res, req);
  if (denied) return withHeaders(denied);
  if (models) {
    if (req.path === '/openai/deployments')
      return withHeaders(
        {
          status: 200,
          body: {
            object: 'list',
            data: [...res.deployments].map(([id, model]) => ({ id, model, object: 'deployment', status: 'succeeded' })),
          },
        },
        ok,
      );
    return withHeaders(
      {
        status: 200,
        body: {
          object: 'list',
          data: [...new Set(res.deployments.values())].map((m) => ({
            id: m,
            object: 'model',
            status: 'succeeded',
            capabilities: { chat_completion: true },
            lifecycle_status: 'generally-available',
          })),
        },
      },
      ok,
    );
  }
  const kind = dep?.[2] === 'embeddings' ? 'embeddings' : 'chat';
  return withHeaders(op(res, decodeURIComponent(dep?.[1] ?? ''), kind, req), ok);
}
