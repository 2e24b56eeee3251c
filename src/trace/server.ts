/**
 * The emulator a trace answers LLM requests with, on 127.0.0.1. The hooks send each redirected
 * request here with `x-keydoctor-origin` (the origin the app addressed) and `x-keydoctor-id`.
 *
 * Without a config, it answers the way the API answers a key that exists: a well-formed OpenAI key
 * (or an Azure key / Entra token for an Azure host) is accepted with the organization and project the
 * request names, so the app goes on as it would; anything else (a placeholder, a truncated key, no
 * key) gets the API's own 401. With `--emulator-config FILE` it answers exactly as that state says.
 * Requests to other providers' own APIs (Anthropic's /v1/messages, Gemini) are answered 501 with a
 * message that says so: they are recorded, not emulated.
 */
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHandler } from '../emulator/server.js';
import { DEFAULT_AZURE_API_VERSIONS, normalizeConfig } from '../emulator/config.js';
import type { EmulatorConfig, State } from '../emulator/types.js';
import { classifyCredential, isOpenAIKind } from '../keys/classify.js';
import { providerOfHost } from './endpoints.js';

export interface TraceServer {
  url: string;
  close(): Promise<void>;
}

export interface TraceServerOptions {
  /** An exact emulator state; without one, well-formed keys are accepted as they come. */
  config?: EmulatorConfig;
  /** Called once per request with the hook's id, the status answered and OpenAI's error code. */
  onAnswer?: (id: string, status: number, code: string | undefined) => void;
}

const OPENAI_PATH =
  /^\/(?:v1\/(?:chat\/completions|completions|responses|embeddings|models|moderations|images|audio|files|uploads|batches|assistants|threads|vector_stores|fine_tuning|realtime|me|organization|conversations|containers|evals)|openai\/)/;

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `/api/v1/chat/completions` (OpenRouter), `/openai/v1/...` behind a gateway: the emulator's path. */
export function emulatorPath(path: string, azure: boolean): string {
  if (azure) {
    const i = path.indexOf('/openai/');
    return i > 0 ? path.slice(i) : path;
  }
  const i = path.indexOf('/v1/');
  if (i > 0) return path.slice(i);
  if (path.endsWith('/v1')) return '/v1';
  return path;
}

function acceptCredential(
  state: State,
  req: IncomingMessage,
  azureResource: string | undefined,
  deployment: string | undefined,
): void {
  const apiKey = header(req, 'api-key');
  const auth = header(req, 'authorization');
  const bearer = auth ? /^Bearer +(.+)$/i.exec(auth)?.[1] : undefined;
  if (azureResource !== undefined) {
    let res = state.azure.find((r) => r.name.toLowerCase() === azureResource.toLowerCase());
    if (!res) {
      res = {
        name: azureResource,
        keys: new Set(),
        tokens: new Map(),
        deployments: new Map(),
        apiVersions: new Set(DEFAULT_AZURE_API_VERSIONS),
        v1: true,
      };
      state.azure.push(res);
    }
    if (apiKey) {
      const c = classifyCredential(apiKey);
      if (c.kind === 'azure-hex32' || c.kind === 'azure-cask') res.keys.add(apiKey);
    } else if (bearer && classifyCredential(bearer).kind === 'jwt')
      res.tokens.set(bearer, { roles: ['Cognitive Services OpenAI User'], expired: false });
    if (deployment && !res.deployments.has(deployment)) res.deployments.set(deployment, 'gpt-4o');
    return;
  }
  if (!bearer || state.keys.has(bearer)) return;
  const c = classifyCredential(bearer);
  if (!isOpenAIKind(c.kind)) return;
  const org = header(req, 'openai-organization');
  const project = header(req, 'openai-project');
  const orgId = org && /^org-[A-Za-z0-9]{1,40}$/.test(org) ? org : 'org-trace000000000000000000';
  const extra = normalizeConfig({
    keys: [
      {
        key: bearer,
        organization: orgId,
        project: project && /^proj_[A-Za-z0-9]{1,40}$/.test(project) ? project : undefined,
      },
    ],
  });
  for (const [k, v] of extra.keys) state.keys.set(k, v);
  for (const [id, o] of extra.orgs) {
    const have = state.orgs.get(id);
    if (!have) state.orgs.set(id, o);
    else for (const p of o.projects) if (!have.projects.some((x) => x.id === p.id)) have.projects.push(p);
  }
}

export async function startTraceServer(opts: TraceServerOptions = {}): Promise<TraceServer> {
  const exact = opts.config !== undefined;
  const state = normalizeConfig(opts.config ?? {});
  const { handler } = createHandler(state);
  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    const id = header(req, 'x-keydoctor-id');
    const originText = header(req, 'x-keydoctor-origin');
    let originHost: string | undefined;
    try {
      originHost = originText ? new URL(originText).host : undefined;
    } catch {
      originHost = undefined;
    }
    const provider = originHost ? providerOfHost(originHost) : undefined;
    const url = new URL(req.url ?? '/', 'http://trace.invalid');
    const azure =
      provider === 'azure' || url.pathname.includes('/openai/deployments/') || /^\/openai\//.test(url.pathname);
    const path = emulatorPath(url.pathname, azure);
    const known = azure || OPENAI_PATH.test(path);
    if (
      !known ||
      (provider !== undefined && provider !== 'openai' && provider !== 'azure' && !OPENAI_PATH.test(path))
    ) {
      const body = JSON.stringify(
        {
          error: {
            message: `keydoctor trace: requests to ${originHost ?? 'this endpoint'} ${url.pathname} are recorded but not emulated (keydoctor emulates the OpenAI and Azure OpenAI APIs). Run \`keydoctor trace --live\` to send them.`,
            type: 'keydoctor_trace',
            param: null,
            code: 'not_emulated',
          },
        },
        null,
        4,
      );
      req.resume();
      req.on('end', () => {
        if (id) opts.onAnswer?.(id, 501, 'not_emulated');
        res.writeHead(501, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
        res.end(body);
      });
      return;
    }
    if (originHost) req.headers.host = originHost;
    if (!exact) {
      const azureResource = azure ? (originHost ?? '').split(':')[0]?.split('.')[0] : undefined;
      const deployment = /\/openai\/deployments\/([^/]+)/.exec(path)?.[1];
      acceptCredential(state, req, azureResource, deployment ? decodeURIComponent(deployment) : undefined);
    }
    req.url = path + url.search;
    // The emulator's error code, for the report: read back from the body it sends.
    if (id) {
      const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
      (res as unknown as { end: (...a: unknown[]) => ServerResponse }).end = (...a: unknown[]) => {
        try {
          const body = a[0];
          const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : '';
          const code = res.statusCode >= 400 && text ? errorCode(text) : undefined;
          opts.onAnswer?.(id, res.statusCode, code);
        } catch {
          /* the answer goes out regardless */
        }
        return end(...a);
      };
    }
    handler(req, res);
  };
  const server: Server = createServer(serve);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

function errorCode(text: string): string | undefined {
  try {
    const v = JSON.parse(text) as { error?: { code?: unknown; type?: unknown } };
    const c = v.error?.code ?? v.error?.type;
    return typeof c === 'string' ? c.slice(0, 80) : undefined;
  } catch {
    return undefined;
  }
}
