/**
 * The Admin API (`/v1/organization/...`, admin keys only), with the shapes of the OpenAPI spec and
 * the official SDKs (openai-node `resources/admin/organization`): projects (archived too), project
 * API keys (with `owner_project_access`), service accounts and their keys, admin keys, users, usage
 * and costs. Cursor pagination (`limit`, `after`; `first_id`, `last_id`, `has_more`) on object lists,
 * page cursors (`page`, `next_page`) on usage buckets. Authentication, key type and scopes are
 * checked by handleOpenAI before a handler runs; reads need `api.management.read`, writes
 * `api.management.write`, usage and costs `api.usage.read`.
 *
 * As the spec says: a user's project key cannot be created (no POST on .../api_keys); deleting a key
 * that belongs to a service account errors (revoke it by deleting the service account); archived
 * projects have no service accounts. Exact error texts the spec does not give are marked below.
 */
import { metaOf, newAdminKey, newId, newServiceAccountKey } from './admin-state.js';
import { openaiError, maskLikeOpenAI, type Reply } from './shapes.js';
import type { Key, Project, ServiceAccount, Ctx, Route } from './types.js';

const ok = (body: unknown): Reply => ({ status: 200, body });
const now = () => Math.floor(Date.now() / 1000);
const invalid = (message: string, param: string | null = null, status = 400): Reply =>
  openaiError(status, message, 'invalid_request_error', null, param);

/** Every `name` and `name[]` value of a query (the SDKs send arrays as `name[]=a&name[]=b`). */
export function queryList(q: URLSearchParams, name: string): string[] {
  return [...q.getAll(name), ...q.getAll(`${name}[]`)]
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

function intParam(q: URLSearchParams, name: string): number | undefined | Reply {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) return invalid(`Invalid value for '${name}': expected an integer.`, name);
  return n;
}
const isReply = (x: unknown): x is Reply =>
  typeof x === 'object' && x !== null && 'status' in x && typeof (x as Reply).status === 'number' && !('object' in x);

/** One page of a cursor list. */
export function cursorPage<T extends { id: string }>(items: T[], q: URLSearchParams, def = 20, max = 100): Reply {
  const limit = intParam(q, 'limit');
  if (isReply(limit)) return limit;
  const n = limit ?? def;
  if (n < 1 || n > max) return invalid(`Invalid 'limit': integer must be between 1 and ${max}.`, 'limit');
  let start = 0;
  const after = q.get('after');
  if (after) {
    const at = items.findIndex((x) => x.id === after);
    // [unconfirmed text] an unknown cursor is refused rather than restarting the list.
    if (at < 0) return invalid(`Invalid 'after': no object with id '${after}' in this list.`, 'after');
    start = at + 1;
  }
  const data = items.slice(start, start + n);
  return ok({
    object: 'list',
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: start + n < items.length,
  });
}

// ---------------------------------------------------------------------------------------------
// Objects

function userOf(ctx: Ctx, id: string | undefined) {
  const u = ctx.state.users.find((x) => x.id === id);
  return {
    id: id ?? 'user-emulator',
    name: u?.name ?? 'Emulated user',
    email: u?.email ?? 'dev@example.com',
    created_at: u?.created_at ?? 1711471533,
    orgRole: u?.organizations?.find((o) => o.id === ctx.org.id)?.role,
    inOrg: u === undefined ? id === undefined : (u.organizations ?? []).some((o) => o.id === ctx.org.id),
  };
}

/** The one masked form OpenAI lists: first 8 characters, `*` padding, last 4, at the key's full length. */
export function redacted(key: string): string {
  return maskLikeOpenAI(key);
}

function projectRole(ctx: Ctx, projectId: string, userId: string | undefined): 'owner' | 'member' | undefined {
  const meta = ctx.state.admin.projects.get(projectId);
  const u = userOf(ctx, userId);
  if (!u.inOrg) return undefined;
  if (!meta?.users) return u.orgRole === 'owner' ? 'owner' : 'member';
  return userId === undefined ? undefined : meta.users.get(userId);
}

function projectKeyObject(ctx: Ctx, k: Key) {
  const meta = metaOf(ctx.state.admin, k);
  const base = {
    object: 'organization.project.api_key',
    redacted_value: redacted(k.key),
    name: k.name,
    created_at: meta.createdAt,
    last_used_at: meta.lastUsedAt,
    id: k.id,
  };
  const sa = meta.serviceAccount ? ctx.state.admin.serviceAccounts.get(meta.serviceAccount) : undefined;
  if (sa)
    return {
      ...base,
      owner_project_access: 'active' as const,
      owner: {
        type: 'service_account',
        service_account: { id: sa.id, name: sa.name, created_at: sa.createdAt, role: sa.role },
      },
    };
  const u = userOf(ctx, k.user);
  const role = projectRole(ctx, k.project ?? '', k.user);
  return {
    ...base,
    owner_project_access: role && k.status === 'active' ? ('active' as const) : ('inactive' as const),
    owner: {
      type: 'user',
      user: { id: u.id, name: u.name, email: u.email, role: role ?? 'member', created_at: u.created_at },
    },
  };
}

function adminKeyObject(ctx: Ctx, k: Key) {
  const meta = metaOf(ctx.state.admin, k);
  const u = userOf(ctx, k.user);
  return {
    object: 'organization.admin_api_key',
    id: k.id,
    name: k.name,
    redacted_value: redacted(k.key),
    created_at: meta.createdAt,
    expires_at: null,
    last_used_at: meta.lastUsedAt,
    owner: {
      type: 'user',
      object: 'organization.user',
      id: u.id,
      name: u.name,
      created_at: u.created_at,
      role: 'owner',
    },
  };
}

function projectObject(ctx: Ctx, p: Project) {
  const meta = ctx.state.admin.projects.get(p.id);
  return {
    id: p.id,
    object: 'organization.project',
    name: p.name,
    created_at: meta?.createdAt ?? 1711471533,
    archived_at: p.status === 'archived' ? (meta?.archivedAt ?? now()) : null,
    status: p.status,
    external_key_id: null,
  };
}

function serviceAccountObject(sa: ServiceAccount) {
  return {
    object: 'organization.project.service_account',
    id: sa.id,
    name: sa.name,
    role: sa.role,
    created_at: sa.createdAt,
  };
}

function findProject(ctx: Ctx): Project | Reply {
  const id = decodeURIComponent(ctx.params[0] ?? '');
  const p = ctx.org.projects.find((x) => x.id === id);
  return p ?? invalid(`Project with id '${id}' not found.`, null, 404);
}

function projectKeys(ctx: Ctx, p: Project): Key[] {
  return [...ctx.state.keys.values()].filter((k) => !k.admin && k.project === p.id && k.status !== 'revoked');
}

function findServiceAccount(ctx: Ctx, p: Project): ServiceAccount | Reply {
  const id = decodeURIComponent(ctx.params[1] ?? '');
  const sa = ctx.state.admin.serviceAccounts.get(id);
  return sa && sa.project === p.id ? sa : invalid(`Service account with id '${id}' not found.`, null, 404);
}

// [unconfirmed text] The spec says only "an error if the project is archived".
const archived = (p: Project): Reply =>
  invalid(`Project '${p.id}' is archived. Archived projects cannot be used or updated.`);

function withProject(f: (ctx: Ctx, p: Project) => Reply) {
  return (ctx: Ctx): Reply => {
    const p = findProject(ctx);
    return isReply(p) ? p : f(ctx, p);
  };
}

function addKey(ctx: Ctx, p: Project, value: string, name: string, sa: ServiceAccount, scopes?: string[]): Key {
  const key: Key = {
    key: value,
    id: newId('key_'),
    name,
    admin: false,
    organizations: [ctx.org.id],
    project: p.id,
    status: 'active',
    scopes: scopes?.length ? new Set(scopes) : 'all',
  };
  ctx.state.keys.set(value, key);
  ctx.state.admin.keyMeta.set(key.id, { createdAt: now(), lastUsedAt: null, serviceAccount: sa.id });
  return key;
}

// ---------------------------------------------------------------------------------------------
// Usage and costs

const WIDTHS: Record<string, { secs: number; def: number; max: number }> = {
  '1m': { secs: 60, def: 60, max: 1440 },
  '1h': { secs: 3600, def: 24, max: 168 },
  '1d': { secs: 86400, def: 7, max: 31 },
};

function buckets(ctx: Ctx, kind: 'completions' | 'costs'): Reply {
  const q = ctx.req.query;
  const start = intParam(q, 'start_time');
  if (isReply(start)) return start;
  if (start === undefined)
    return openaiError(
      400,
      "Missing required parameter: 'start_time'.",
      'invalid_request_error',
      'missing_required_parameter',
      'start_time',
    );
  const end = intParam(q, 'end_time');
  if (isReply(end)) return end;
  const widthName = q.get('bucket_width') ?? '1d';
  const width = WIDTHS[widthName];
  if (!width || (kind === 'costs' && widthName !== '1d'))
    return invalid(`Invalid 'bucket_width': '${widthName}'.`, 'bucket_width');
  const limitQ = intParam(q, 'limit');
  if (isReply(limitQ)) return limitQ;
  const max = kind === 'costs' ? 180 : width.max;
  const limit = limitQ ?? width.def;
  if (limit < 1 || limit > max) return invalid(`Invalid 'limit': integer must be between 1 and ${max}.`, 'limit');
  const groupBy = queryList(q, 'group_by');
  const allowed =
    kind === 'costs'
      ? ['project_id', 'line_item', 'api_key_id']
      : ['project_id', 'user_id', 'api_key_id', 'model', 'batch', 'service_tier'];
  const badGroup = groupBy.find((g) => !allowed.includes(g));
  if (badGroup) return invalid(`Invalid 'group_by': '${badGroup}'.`, 'group_by');
  const keyIds = queryList(q, 'api_key_ids');
  const projectIds = queryList(q, 'project_ids');
  let from = start;
  const page = q.get('page');
  if (page) {
    const m = /^page_(\d+)$/.exec(Buffer.from(page, 'base64url').toString('utf8'));
    if (!m) return invalid("Invalid 'page' cursor.", 'page');
    from = Number(m[1]);
  }
  const until = end ?? now() + 1;
  const orgProjects = new Set(ctx.org.projects.map((p) => p.id));
  const rows = ctx.state.admin.usage.filter(
    (r) =>
      (!r.projectId || orgProjects.has(r.projectId)) &&
      (!keyIds.length || keyIds.includes(r.keyId)) &&
      (!projectIds.length || (r.projectId !== undefined && projectIds.includes(r.projectId))),
  );
  const data: unknown[] = [];
  let t = from;
  for (; t < until && data.length < limit; t += width.secs) {
    const b = Math.min(t + width.secs, until);
    const inside = rows.filter((r) => r.time >= t && r.time < b);
    const groups = new Map<string, typeof inside>();
    for (const r of inside) {
      const k = JSON.stringify(
        groupBy.map((g) =>
          g === 'api_key_id'
            ? r.keyId
            : g === 'project_id'
              ? (r.projectId ?? null)
              : g === 'model'
                ? (r.model ?? null)
                : null,
        ),
      );
      groups.set(k, [...(groups.get(k) ?? []), r]);
    }
    const results = [...groups.values()].map((rs) => {
      const first = rs[0];
      const pick = (g: string, v: unknown) => (groupBy.includes(g) ? v : null);
      if (kind === 'costs') {
        const value = Math.round(rs.reduce((s, r) => s + r.costUsd, 0) * 1e8) / 1e8;
        return {
          object: 'organization.costs.result',
          amount: { value, currency: 'usd' },
          line_item: null,
          project_id: pick('project_id', first?.projectId ?? null),
          api_key_id: pick('api_key_id', first?.keyId ?? null),
          quantity: null,
          quantity_unit: null,
        };
      }
      const sum = (f: (r: (typeof rs)[number]) => number) => rs.reduce((s, r) => s + f(r), 0);
      return {
        object: 'organization.usage.completions.result',
        input_tokens: sum((r) => r.inputTokens),
        output_tokens: sum((r) => r.outputTokens),
        input_cached_tokens: 0,
        input_audio_tokens: 0,
        output_audio_tokens: 0,
        num_model_requests: sum((r) => r.requests),
        project_id: pick('project_id', first?.projectId ?? null),
        user_id: null,
        api_key_id: pick('api_key_id', first?.keyId ?? null),
        model: pick('model', first?.model ?? null),
        batch: null,
        service_tier: null,
      };
    });
    data.push({ object: 'bucket', start_time: t, end_time: b, results });
  }
  const more = t < until;
  return ok({
    object: 'page',
    data,
    has_more: more,
    next_page: more ? Buffer.from(`page_${t}`).toString('base64url') : null,
  });
}

// ---------------------------------------------------------------------------------------------

const READ = 'api.management.read';
const WRITE = 'api.management.write';
const R = (method: string, path: string, scope: string, handler: (ctx: Ctx) => Reply, body = false): Route => ({
  method,
  re: new RegExp(`^/v1/organization${path}$`),
  admin: true,
  scope,
  scopeStatus: 403,
  body,
  handler,
});
const P = '/projects/([^/]+)';

export const ADMIN_ROUTES: Route[] = [
  // Admin keys
  R('GET', '/admin_api_keys', READ, (ctx) => {
    const keys = [...ctx.state.keys.values()]
      .filter((k) => k.admin && k.status !== 'revoked' && k.organizations.includes(ctx.org.id))
      .map((k) => adminKeyObject(ctx, k));
    if (ctx.req.query.get('order') === 'desc') keys.reverse();
    return cursorPage(keys, ctx.req.query);
  }),
  R(
    'POST',
    '/admin_api_keys',
    WRITE,
    (ctx) => {
      const name = ctx.json.name;
      if (typeof name !== 'string' || name === '')
        return openaiError(
          400,
          "Missing required parameter: 'name'.",
          'invalid_request_error',
          'missing_required_parameter',
          'name',
        );
      const value = newAdminKey();
      const key: Key = {
        key: value,
        id: newId('key_'),
        name,
        admin: true,
        organizations: [ctx.org.id],
        status: 'active',
        scopes: 'all',
        user: ctx.key.user,
      };
      ctx.state.keys.set(value, key);
      ctx.state.admin.keyMeta.set(key.id, { createdAt: now(), lastUsedAt: null });
      return ok({ ...adminKeyObject(ctx, key), value });
    },
    true,
  ),
  R('GET', '/admin_api_keys/([^/]+)', READ, (ctx) => {
    const k = [...ctx.state.keys.values()].find(
      (x) => x.admin && x.status !== 'revoked' && x.id === ctx.params[0] && x.organizations.includes(ctx.org.id),
    );
    return k
      ? ok(adminKeyObject(ctx, k))
      : invalid(`Admin API key with id '${ctx.params[0] ?? ''}' not found.`, null, 404);
  }),
  R('DELETE', '/admin_api_keys/([^/]+)', WRITE, (ctx) => {
    const k = [...ctx.state.keys.values()].find(
      (x) => x.admin && x.status !== 'revoked' && x.id === ctx.params[0] && x.organizations.includes(ctx.org.id),
    );
    if (!k) return invalid(`Admin API key with id '${ctx.params[0] ?? ''}' not found.`, null, 404);
    ctx.state.keys.delete(k.key);
    return ok({ id: k.id, object: 'organization.admin_api_key.deleted', deleted: true });
  }),

  // Projects
  R('GET', '/projects', READ, (ctx) => {
    const all = ctx.req.query.get('include_archived') === 'true';
    return cursorPage(
      ctx.org.projects.filter((p) => all || p.status !== 'archived').map((p) => projectObject(ctx, p)),
      ctx.req.query,
    );
  }),
  R(
    'GET',
    P,
    READ,
    withProject((ctx, p) => ok(projectObject(ctx, p))),
  ),
  R(
    'POST',
    P,
    WRITE,
    withProject((ctx, p) => {
      if (p.status === 'archived') return archived(p);
      if (typeof ctx.json.name === 'string' && ctx.json.name !== '') p.name = ctx.json.name;
      return ok(projectObject(ctx, p));
    }),
    true,
  ),
  R(
    'POST',
    `${P}/archive`,
    WRITE,
    withProject((ctx, p) => {
      p.status = 'archived';
      const meta = ctx.state.admin.projects.get(p.id);
      if (meta) meta.archivedAt = now();
      return ok(projectObject(ctx, p));
    }),
  ),

  // Project API keys: list, retrieve, delete (no create: users make their keys in the dashboard)
  R(
    'GET',
    `${P}/api_keys`,
    READ,
    withProject((ctx, p) => {
      const access = ctx.req.query.get('owner_project_access');
      if (access !== null && !['active', 'inactive', 'any'].includes(access))
        return invalid(
          `Invalid value for 'owner_project_access': '${access}'. Expected one of active, inactive, any.`,
          'owner_project_access',
        );
      // Without the parameter the endpoint applies membership-based visibility: keys of owners without access are hidden.
      const keys = projectKeys(ctx, p)
        .map((k) => projectKeyObject(ctx, k))
        .filter((o) =>
          access === 'any'
            ? true
            : access === 'inactive'
              ? o.owner_project_access === 'inactive'
              : o.owner_project_access === 'active',
        );
      return cursorPage(keys, ctx.req.query);
    }),
  ),
  R(
    'GET',
    `${P}/api_keys/([^/]+)`,
    READ,
    withProject((ctx, p) => {
      const k = projectKeys(ctx, p).find((x) => x.id === ctx.params[1]);
      return k
        ? ok(projectKeyObject(ctx, k))
        : invalid(`API key with id '${ctx.params[1] ?? ''}' not found.`, null, 404);
    }),
  ),
  R(
    'DELETE',
    `${P}/api_keys/([^/]+)`,
    WRITE,
    withProject((ctx, p) => {
      const k = projectKeys(ctx, p).find((x) => x.id === ctx.params[1]);
      if (!k) return invalid(`API key with id '${ctx.params[1] ?? ''}' not found.`, null, 404);
      // [unconfirmed text] The spec: "an error if the key belonged to a service account" (400 ErrorResponse).
      if (metaOf(ctx.state.admin, k).serviceAccount)
        return invalid(
          'API keys that belong to a service account cannot be deleted on their own. Delete the service account instead.',
        );
      ctx.state.keys.delete(k.key);
      return ok({ object: 'organization.project.api_key.deleted', id: k.id, deleted: true });
    }),
  ),

  // Service accounts
  R(
    'GET',
    `${P}/service_accounts`,
    READ,
    withProject((ctx, p) => {
      if (p.status === 'archived') return archived(p);
      return cursorPage(
        [...ctx.state.admin.serviceAccounts.values()].filter((sa) => sa.project === p.id).map(serviceAccountObject),
        ctx.req.query,
      );
    }),
  ),
  R(
    'POST',
    `${P}/service_accounts`,
    WRITE,
    withProject((ctx, p) => {
      if (p.status === 'archived') return archived(p);
      const name = ctx.json.name;
      if (typeof name !== 'string' || name === '')
        return openaiError(
          400,
          "Missing required parameter: 'name'.",
          'invalid_request_error',
          'missing_required_parameter',
          'name',
        );
      const only = ctx.json.create_service_account_only === true;
      const sa: ServiceAccount = {
        id: newId('svc_acct_'),
        name,
        role: only ? 'none' : 'member',
        createdAt: now(),
        project: p.id,
      };
      ctx.state.admin.serviceAccounts.set(sa.id, sa);
      if (only) return ok({ ...serviceAccountObject(sa), api_key: null });
      const value = newServiceAccountKey();
      const key = addKey(ctx, p, value, 'Secret Key', sa);
      return ok({
        ...serviceAccountObject(sa),
        api_key: {
          object: 'organization.project.service_account.api_key',
          value,
          name: key.name,
          created_at: sa.createdAt,
          id: key.id,
        },
      });
    }),
    true,
  ),
  R(
    'GET',
    `${P}/service_accounts/([^/]+)`,
    READ,
    withProject((ctx, p) => {
      const sa = findServiceAccount(ctx, p);
      return isReply(sa) ? sa : ok(serviceAccountObject(sa));
    }),
  ),
  R(
    'POST',
    `${P}/service_accounts/([^/]+)`,
    WRITE,
    withProject((ctx, p) => {
      const sa = findServiceAccount(ctx, p);
      if (isReply(sa)) return sa;
      if (typeof ctx.json.name === 'string' && ctx.json.name !== '') sa.name = ctx.json.name;
      if (ctx.json.role === 'owner' || ctx.json.role === 'member') sa.role = ctx.json.role;
      return ok(serviceAccountObject(sa));
    }),
    true,
  ),
  R(
    'DELETE',
    `${P}/service_accounts/([^/]+)`,
    WRITE,
    withProject((ctx, p) => {
      if (p.status === 'archived') return archived(p);
      const sa = findServiceAccount(ctx, p);
      if (isReply(sa)) return sa;
      ctx.state.admin.serviceAccounts.delete(sa.id);
      // Its keys stop working with it.
      for (const k of [...ctx.state.keys.values()])
        if (ctx.state.admin.keyMeta.get(k.id)?.serviceAccount === sa.id) ctx.state.keys.delete(k.key);
      return ok({ object: 'organization.project.service_account.deleted', id: sa.id, deleted: true });
    }),
  ),
  R(
    'POST',
    `${P}/service_accounts/([^/]+)/api_keys`,
    WRITE,
    withProject((ctx, p) => {
      if (p.status === 'archived') return archived(p);
      const sa = findServiceAccount(ctx, p);
      if (isReply(sa)) return sa;
      const scopes = Array.isArray(ctx.json.scopes)
        ? ctx.json.scopes.filter((s): s is string => typeof s === 'string')
        : undefined;
      const value = newServiceAccountKey();
      const key = addKey(
        ctx,
        p,
        value,
        typeof ctx.json.name === 'string' && ctx.json.name ? ctx.json.name : 'Secret Key',
        sa,
        scopes,
      );
      return ok({
        object: 'organization.project.service_account.api_key',
        value,
        name: key.name,
        created_at: now(),
        id: key.id,
      });
    }),
    true,
  ),

  // Users
  R('GET', '/users', READ, (ctx) => {
    const emails = queryList(ctx.req.query, 'emails');
    const users = ctx.state.users
      .filter(
        (u) =>
          (u.organizations ?? []).some((o) => o.id === ctx.org.id) &&
          (!emails.length || (u.email !== undefined && emails.includes(u.email))),
      )
      .map((u) => ({
        object: 'organization.user',
        id: u.id,
        name: u.name ?? u.id,
        email: u.email ?? null,
        role: u.organizations?.find((o) => o.id === ctx.org.id)?.role ?? 'reader',
        added_at: u.created_at ?? 1711471533,
      }));
    return cursorPage(users, ctx.req.query);
  }),
  R(
    'GET',
    `${P}/users`,
    READ,
    withProject((ctx, p) => {
      const users = ctx.state.users
        .filter((u) => projectRole(ctx, p.id, u.id) !== undefined)
        .map((u) => ({
          object: 'organization.project.user',
          id: u.id,
          name: u.name ?? u.id,
          email: u.email ?? null,
          role: projectRole(ctx, p.id, u.id),
          added_at: u.created_at ?? 1711471533,
        }));
      return cursorPage(users, ctx.req.query);
    }),
  ),

  // Usage and costs
  R('GET', '/usage/completions', 'api.usage.read', (ctx) => buckets(ctx, 'completions')),
  R('GET', '/usage/([a-z_]+)', 'api.usage.read', () =>
    ok({ object: 'page', data: [], has_more: false, next_page: null }),
  ),
  R('GET', '/costs', 'api.usage.read', (ctx) => buckets(ctx, 'costs')),
];
