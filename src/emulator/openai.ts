/**
 * OpenAI's authentication layer, in the order the real API applies it: route, region, credential,
 * key status, organization, project, IP allow-list, key type, scopes, rate limit, quota, then the
 * request itself (validated after authorization, so invalid bodies make no-cost probes).
 */
import { BlockList, isIP } from 'node:net';
import { replies, type Reply } from './shapes.js';
import { ADMIN_ROUTES } from './admin.js';
import { noteUse } from './admin-state.js';
import type { Key, Project, State, EmuRequest, Ctx, Handler, Route } from './types.js';

const SCOPE_ALIASES: Record<string, string[]> = {
  'api.model.read': ['model.read', 'api.model.read'],
  'model.request': ['model.request', 'api.model.request'],
};

export function hasScope(key: Key, scope: string): boolean {
  if (key.scopes === 'all') return true;
  const names = SCOPE_ALIASES[scope] ?? [scope];
  return names.some((n) => (key.scopes as Set<string>).has(n));
}

const now = () => Math.floor(Date.now() / 1000);
const list = (data: unknown[], extra: Record<string, unknown> = {}) => ({
  object: 'list',
  data,
  first_id: null,
  last_id: null,
  has_more: false,
  ...extra,
});
const ok = (body: unknown): Reply => ({ status: 200, body });
const rid = (prefix: string) =>
  `${prefix}${Math.random().toString(36).slice(2, 14)}${Math.random().toString(36).slice(2, 14)}`;

function modelObject(ctx: Ctx, id: string) {
  return {
    id,
    object: 'model',
    created: 1715367049,
    owned_by: id.startsWith('ft:') ? 'user' : 'system',
    shutdown_date: ctx.state.modelShutdowns[id] ?? null,
  };
}

function visibleModels(ctx: Ctx): string[] {
  const allowed = ctx.project?.models;
  return ctx.state.models.filter((m) => !allowed || allowed.includes(m));
}

/** Checks the model named in a body: unknown → 404, outside the project's allow-list → 403. */
function checkModel(ctx: Ctx, model: string): Reply | undefined {
  if (!ctx.state.models.includes(model)) return replies.modelNotFound(model);
  if (ctx.project?.models && !ctx.project.models.includes(model)) return replies.projectModel(ctx.project.id, model);
  return undefined;
}

const chat: Handler = (ctx) => {
  const model = ctx.json.model;
  if (typeof model !== 'string' || model === '') return replies.noModel();
  const bad = checkModel(ctx, model);
  if (bad) return bad;
  if (!Array.isArray(ctx.json.messages)) return replies.missingParam('messages');
  return ok({
    id: rid('chatcmpl-'),
    object: 'chat.completion',
    created: now(),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'Hello from the keydoctor emulator.', refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 8, completion_tokens: 7, total_tokens: 15 },
    service_tier: 'default',
    system_fingerprint: 'fp_emulator',
  });
};

const responses: Handler = (ctx) => {
  const model = ctx.json.model;
  if (typeof model !== 'string' || model === '') return replies.missingParam('model');
  const bad = checkModel(ctx, model);
  if (bad) return bad;
  const id = rid('resp_');
  return ok({
    id,
    object: 'response',
    created_at: now(),
    status: 'completed',
    model,
    output: [
      {
        type: 'message',
        id: rid('msg_'),
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'Hello from the keydoctor emulator.', annotations: [] }],
      },
    ],
    usage: { input_tokens: 8, output_tokens: 7, total_tokens: 15 },
    error: null,
    incomplete_details: null,
  });
};

const embeddings: Handler = (ctx) => {
  const model = ctx.json.model;
  if (typeof model !== 'string' || model === '') return replies.noModel();
  const bad = checkModel(ctx, model);
  if (bad) return bad;
  if (ctx.json.input === undefined) return replies.missingParam('input');
  return ok({
    object: 'list',
    data: [{ object: 'embedding', index: 0, embedding: [0.0023064255, -0.009327292, 0.015797347] }],
    model,
    usage: { prompt_tokens: 2, total_tokens: 2 },
  });
};

const validationOnly =
  (field: string): Handler =>
  (ctx) =>
    ctx.json[field] === undefined ? replies.missingParam(field) : ok({ object: 'emulated', accepted: true });

const assistants: Handler = (ctx) => {
  const beta = ctx.req.headers['openai-beta'];
  if (typeof beta !== 'string' || !beta.includes('assistants=')) return replies.betaHeader();
  if (ctx.req.method === 'POST') return validationOnly('model')(ctx);
  return ok(list([]));
};

function me(ctx: Ctx) {
  const user = ctx.state.users.find((u) => u.id === ctx.key.user);
  const orgs = ctx.key.organizations.map((id, i) => {
    const o = ctx.state.orgs.get(id);
    return {
      object: 'organization',
      id,
      created: 1686000000,
      title: o?.title ?? id,
      name: o?.name ?? id,
      description: o?.personal ? `Personal org for ${user?.email ?? 'you'}` : null,
      personal: o?.personal ?? false,
      is_default: i === 0,
      role: user?.organizations?.find((x) => x.id === id)?.role ?? 'owner',
      projects: {
        object: 'list',
        data: (o?.projects ?? []).map((p) => ({ id: p.id, object: 'project', title: p.name, role: 'owner' })),
      },
    };
  });
  return ok({
    object: 'user',
    id: user?.id ?? ctx.key.user ?? 'user-emulator00000000000000',
    email: user?.email ?? 'dev@example.com',
    name: user?.name ?? 'Emulated user',
    created: 1686000000,
    mfa_flag_enabled: false,
    orgs: { object: 'list', data: orgs },
  });
}

const R = (method: string, path: string, opts: Omit<Route, 'method' | 're'>): Route => ({
  method,
  re: new RegExp(`^${path}$`),
  ...opts,
});
const ANY_LIST = (): Reply => ok(list([]));

export const ROUTES: Route[] = [
  R('GET', '/v1/models', {
    scope: 'api.model.read',
    scopeStatus: 403,
    handler: (ctx) => ok({ object: 'list', data: visibleModels(ctx).map((m) => modelObject(ctx, m)) }),
  }),
  R('GET', '/v1/models/([^/]+)', {
    scope: 'api.model.read',
    scopeStatus: 403,
    handler: (ctx) => {
      const id = decodeURIComponent(ctx.params[0] ?? '');
      return visibleModels(ctx).includes(id) ? ok(modelObject(ctx, id)) : replies.modelNotFound(id);
    },
  }),
  R('POST', '/v1/chat/completions', { scope: 'model.request', billed: true, body: true, handler: chat }),
  R('POST', '/v1/completions', {
    scope: 'model.request',
    billed: true,
    body: true,
    handler: (ctx) =>
      typeof ctx.json.model !== 'string'
        ? replies.noModel()
        : (checkModel(ctx, ctx.json.model) ?? replies.missingParam('prompt')),
  }),
  R('POST', '/v1/responses', { scope: 'api.responses.write', billed: true, body: true, handler: responses }),
  R('GET', '/v1/responses/([^/]+)', {
    scope: 'api.responses.read',
    handler: (ctx) => ({
      status: 404,
      body: {
        error: {
          message: `Response with id '${ctx.params[0] ?? ''}' not found.`,
          type: 'invalid_request_error',
          param: null,
          code: null,
        },
      },
    }),
  }),
  R('POST', '/v1/embeddings', { scope: 'model.request', billed: true, body: true, handler: embeddings }),
  R('POST', '/v1/moderations', { scope: 'model.request', body: true, handler: validationOnly('input') }),
  R('POST', '/v1/images/generations', {
    scope: 'model.request',
    billed: true,
    body: true,
    handler: validationOnly('prompt'),
  }),
  R('POST', '/v1/audio/speech', { scope: 'model.request', billed: true, body: true, handler: validationOnly('input') }),
  R('GET', '/v1/files', { scope: 'api.files.read', handler: ANY_LIST }),
  R('POST', '/v1/files', { scope: 'api.files.write', handler: () => replies.unsupportedMedia() }),
  R('GET', '/v1/fine_tuning/jobs', { scope: 'api.fine_tuning.jobs.read', handler: ANY_LIST }),
  R('POST', '/v1/fine_tuning/jobs', {
    scope: 'api.fine_tuning.jobs.write',
    body: true,
    handler: validationOnly('training_file'),
  }),
  R('GET', '/v1/assistants', { scope: 'api.assistants.read', handler: assistants }),
  R('POST', '/v1/assistants', { scope: 'api.assistants.write', body: true, handler: assistants }),
  R('GET', '/v1/vector_stores', { scope: 'api.vector_stores.read', handler: ANY_LIST }),
  R('GET', '/v1/batches', { scope: 'api.batch.read', handler: ANY_LIST }),
  R('GET', '/v1/evals', { scope: 'api.evals.read', handler: ANY_LIST }),
  R('GET', '/v1/me', { handler: me }),
  R('GET', '/v1/organizations', {
    scope: 'api.organization.read',
    scopeStatus: 403,
    handler: (ctx) =>
      ok(
        list(
          ctx.key.organizations.map((id) => ({
            object: 'organization',
            id,
            title: ctx.state.orgs.get(id)?.title ?? id,
          })),
        ),
      ),
  }),
  R('GET', '/v1/dashboard/billing/(subscription|credit_grants)', {
    handler: (ctx) => replies.sessionKeyOnly('GET', ctx.req.path),
  }),
  // Administration (admin keys only): src/emulator/admin.ts
  ...ADMIN_ROUTES,
];

// ---------------------------------------------------------------------------------------------

function inList(ip: string, cidrs: string[]): boolean {
  const bl = new BlockList();
  const v = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  for (const c of cidrs) {
    const [addr, bits] = c.split('/');
    if (!addr || !isIP(addr)) continue;
    const fam = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) bl.addAddress(addr, fam);
    else bl.addSubnet(addr, Number(bits), fam);
  }
  return isIP(ip) !== 0 && bl.check(ip, v);
}

function header(req: EmuRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The credential in the Authorization header: `Bearer KEY`, or Basic with a blank user name and the key as password. */
export function bearerCredential(req: EmuRequest): string | undefined {
  const auth = header(req, 'authorization');
  if (auth === undefined) return undefined;
  const m = /^Bearer +(.*)$/i.exec(auth);
  if (m) return m[1] === '' ? undefined : m[1];
  const b = /^Basic +([A-Za-z0-9+/=]+)$/i.exec(auth);
  if (b?.[1]) {
    const decoded = Buffer.from(b[1], 'base64').toString('utf8');
    const at = decoded.indexOf(':');
    if (at >= 0 && decoded.slice(at + 1) !== '') return decoded.slice(at + 1);
  }
  return undefined;
}

interface Window {
  start: number;
  count: number;
}
const windows = new WeakMap<State, Map<string, Window>>();

function rateCheck(
  state: State,
  id: string,
  limit: { requests: number; windowMs: number },
): { ok: boolean; remaining: number; resetMs: number } {
  let m = windows.get(state);
  if (!m) windows.set(state, (m = new Map()));
  const t = Date.now();
  let w = m.get(id);
  if (!w || t - w.start >= limit.windowMs) m.set(id, (w = { start: t, count: 0 }));
  const resetMs = Math.max(1, w.start + limit.windowMs - t);
  if (w.count >= limit.requests) return { ok: false, remaining: 0, resetMs };
  w.count++;
  return { ok: true, remaining: limit.requests - w.count, resetMs };
}

export function regionBlocked(state: State, ip: string): boolean {
  return state.regionBlocked === true || (Array.isArray(state.regionBlocked) && inList(ip, state.regionBlocked));
}

/** Answers one request to the OpenAI API. */
export function handleOpenAI(state: State, req: EmuRequest): Reply {
  let route: Route | undefined;
  let params: string[] = [];
  for (const r of ROUTES) {
    if (r.method !== req.method) continue;
    const m = r.re.exec(req.path);
    if (m) {
      route = r;
      params = m.slice(1);
      break;
    }
  }
  if (!route) return replies.invalidUrl(req.method, req.path);
  if (regionBlocked(state, req.ip)) return replies.region();

  const credential = bearerCredential(req);
  if (credential === undefined) return replies.noAuth(state.noAuthMessage);
  const key = state.keys.get(credential);
  if (!key || key.status === 'revoked') return replies.invalidKey(credential);
  if (key.status === 'deactivated') return replies.deactivated();
  if (key.status === 'terminated') return replies.terminated();
  if (key.organizations.length === 0) return replies.noOrganization();

  const orgHeader = header(req, 'openai-organization')?.trim();
  if (orgHeader && !key.organizations.includes(orgHeader)) return replies.mismatchedOrg();
  const org = state.orgs.get(orgHeader || key.organizations[0] || '');
  if (!org) return replies.noOrganization();
  const projHeader = header(req, 'openai-project')?.trim();
  let project: Project | undefined;
  if (key.project) {
    if (projHeader && projHeader !== key.project) return replies.mismatchedProject();
    project =
      org.projects.find((p) => p.id === key.project) ??
      [...state.orgs.values()].flatMap((o) => o.projects).find((p) => p.id === key.project);
  } else if (projHeader) {
    project = org.projects.find((p) => p.id === projHeader);
    if (!project) return replies.mismatchedProject();
  } else {
    project = org.projects[0];
  }
  if (project?.residency && state.hostname !== `${project.residency}.api.openai.com`)
    return replies.regionalHost(`${project.residency}.api.openai.com`);
  const allow = project?.ipAllowlist ?? org.ipAllowlist;
  if (allow && allow.length > 0 && !inList(req.ip, allow)) return replies.ipNotAuthorized(req.ip);

  const identity: Record<string, string> = { 'openai-organization': org.name };
  if (project) identity['openai-project'] = project.id;
  const withIdentity = (r: Reply): Reply => ({ ...r, headers: { ...identity, ...(r.headers ?? {}) } });

  if (route.admin && !key.admin) return replies.adminMissingScopes([route.scope ?? 'api.management.read']);
  if (!route.admin && key.admin) return replies.adminKeyOnApi();
  if (route.scope && !hasScope(key, route.scope)) return replies.missingScopes(route.scopeStatus ?? 401, [route.scope]);

  const limit = key.rateLimit ?? org.rateLimit;
  let rl: Record<string, string> = {};
  if (limit) {
    const r = rateCheck(state, key.rateLimit ? `key:${key.id}` : `org:${org.id}`, limit);
    rl = {
      'x-ratelimit-limit-requests': String(limit.requests),
      'x-ratelimit-remaining-requests': String(r.remaining),
      'x-ratelimit-reset-requests': `${r.resetMs}ms`,
    };
    if (!r.ok) {
      const what = typeof safeJson(req.body).model === 'string' ? String(safeJson(req.body).model) : 'requests';
      const reply = replies.rateLimited(what, org.id, limit.requests, r.resetMs);
      return withIdentity({ ...reply, headers: { ...rl, ...reply.headers } });
    }
  } else {
    rl = {
      'x-ratelimit-limit-requests': '5000',
      'x-ratelimit-remaining-requests': '4999',
      'x-ratelimit-reset-requests': '12ms',
      'x-ratelimit-limit-tokens': '2000000',
      'x-ratelimit-remaining-tokens': '1999990',
      'x-ratelimit-reset-tokens': '0s',
    };
  }
  if (route.billed) {
    const quota = key.quota ?? org.quota;
    if (quota === 'exhausted') return withIdentity(replies.quota());
    if (quota === 'no_credits') return withIdentity(replies.noCredits());
    if (quota === 'billing_inactive') return withIdentity(replies.billingInactive());
  }
  let json: Record<string, unknown> = {};
  if (route.body && req.body.length > 0) {
    try {
      const parsed: unknown = JSON.parse(req.body.toString('utf8'));
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return withIdentity(replies.badJson());
      json = parsed as Record<string, unknown>;
    } catch {
      return withIdentity(replies.badJson());
    }
  }
  const out = route.handler({ state, req, key, org, project, params, json });
  if (out.status < 400)
    noteUse(state.admin, key, route.billed === true, json.model, (out.body as { usage?: unknown } | undefined)?.usage);
  return { ...out, headers: { ...identity, ...rl, ...(out.headers ?? {}) } };
}

function safeJson(b: Buffer): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(b.toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export { inList };
