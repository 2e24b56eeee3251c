/**
 * No-cost probes: list endpoints, and deliberately invalid bodies that the API rejects only after it
 * has authorized the request (400 = the key may do this; 401/403 "Missing scopes" = it may not).
 * The same rule trufflehog's OpenAI analyzer uses (research: openai-auth §4).
 */
import { errorFields, parseScopes } from './answer.js';
import type { HttpAnswer } from './http.js';

export type Permission = 'allowed' | 'denied' | 'unknown';

export interface Probe {
  /** Permission name shown in the table (`model.request`, `files.read`, ...). */
  name: string;
  /** What the permission covers, for the table. */
  covers: string;
  method: 'GET' | 'POST';
  /** Path relative to the base URL (`/models`). */
  path: string;
  body?: string;
  headers?: Record<string, string>;
  /** The scope OpenAI names when the key lacks it. */
  scope: string;
  /** Statuses that prove the request got past authorization. */
  allowed: number[];
  /** Part of the doctor's short run (detects an exhausted quota without a billed call). */
  essential?: boolean;
}

/** Probes for ordinary (project, service-account, user) keys. */
export const API_PROBES: Probe[] = [
  {
    name: 'models.read',
    covers: 'list models (GET /v1/models)',
    method: 'GET',
    path: '/models',
    scope: 'api.model.read',
    allowed: [200],
  },
  {
    name: 'model.request',
    covers: 'chat completions, embeddings, audio, images (POST /v1/chat/completions)',
    method: 'POST',
    path: '/chat/completions',
    body: '{}',
    scope: 'model.request',
    allowed: [400, 404, 422],
    essential: true,
  },
  {
    name: 'responses.write',
    covers: 'Responses API (POST /v1/responses)',
    method: 'POST',
    path: '/responses',
    body: '{}',
    scope: 'api.responses.write',
    allowed: [400, 404, 422],
  },
  {
    name: 'files.read',
    covers: 'list files (GET /v1/files)',
    method: 'GET',
    path: '/files',
    scope: 'api.files.read',
    allowed: [200],
  },
  {
    name: 'fine_tuning.read',
    covers: 'list fine-tuning jobs (GET /v1/fine_tuning/jobs)',
    method: 'GET',
    path: '/fine_tuning/jobs',
    scope: 'api.fine_tuning.jobs.read',
    allowed: [200],
  },
  {
    name: 'assistants.read',
    covers: 'list assistants (GET /v1/assistants)',
    method: 'GET',
    path: '/assistants',
    headers: { 'OpenAI-Beta': 'assistants=v2' },
    scope: 'api.assistants.read',
    allowed: [200, 400],
  },
  {
    name: 'vector_stores.read',
    covers: 'list vector stores (GET /v1/vector_stores)',
    method: 'GET',
    path: '/vector_stores',
    scope: 'api.vector_stores.read',
    allowed: [200],
  },
  {
    name: 'batches.read',
    covers: 'list batches (GET /v1/batches)',
    method: 'GET',
    path: '/batches',
    scope: 'api.batch.read',
    allowed: [200],
  },
];

/** Probes for admin keys (sk-admin-): administration endpoints only. */
export const ADMIN_PROBES: Probe[] = [
  {
    name: 'admin_api_keys.read',
    covers: 'list admin keys (GET /v1/organization/admin_api_keys)',
    method: 'GET',
    path: '/organization/admin_api_keys',
    scope: 'api.management.read',
    allowed: [200],
  },
  {
    name: 'projects.read',
    covers: 'list projects (GET /v1/organization/projects)',
    method: 'GET',
    path: '/organization/projects',
    scope: 'api.management.read',
    allowed: [200],
  },
  {
    name: 'users.read',
    covers: 'list organization users (GET /v1/organization/users)',
    method: 'GET',
    path: '/organization/users',
    scope: 'api.management.read',
    allowed: [200],
  },
  {
    name: 'usage.read',
    covers: 'usage and costs (GET /v1/organization/usage/completions)',
    method: 'GET',
    path: `/organization/usage/completions?start_time=${1735689600}`,
    scope: 'api.usage.read',
    allowed: [200],
  },
];

export interface ProbeOutcome {
  permission: Permission;
  /** Scopes the answer says are missing. */
  missing?: string[];
}

const QUOTA = /insufficient_quota|credit_balance_exhausted|billing_not_active|spend_limit/;

/**
 * Whether a 2xx answer is the API's own list answer (`{"object": "list", "data": [...]}`; OpenAI,
 * Azure and every OpenAI-compatible server answer list endpoints so): an HTML page, an empty body,
 * a captive portal or a `data:` URL's content is not, and proves nothing about the key.
 */
export function isApiList(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    Array.isArray((body as { data?: unknown }).data)
  );
}

/** Whether an error answer is the API's JSON (`{"error": {...}}` or `{"detail": ...}`), not a page from something in front of it. */
export function isApiError(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    ('error' in body || 'detail' in body || 'message' in body)
  );
}

/** What a 2xx answer that is not the API's looked like, for the message. */
export function describeBody(a: HttpAnswer): string {
  if (a.truncated) return 'a body of more than 4 MB';
  if (a.body === undefined || a.body === '') return 'an empty body';
  if (typeof a.body === 'string')
    return /<(?:!doctype|html|head|body)\b/i.test(a.body.slice(0, 2000)) ? 'an HTML page' : 'text that is not JSON';
  return "JSON that is not the API's list answer";
}

/** Reads one probe's answer: allowed (it got past authorization), denied (missing scope), or unknown. */
export function interpretProbe(p: Probe, a: HttpAnswer): ProbeOutcome {
  const f = errorFields(a.body);
  const message = f.message ?? '';
  if ((a.status === 401 || a.status === 403) && /Missing scopes?|insufficient permissions/i.test(message)) {
    const scopes = parseScopes(message);
    return { permission: 'denied', missing: scopes.length ? scopes : [p.scope] };
  }
  if (p.allowed.includes(a.status)) {
    // Only the API's own answer counts: a 200 web page or a 400 from a proxy proves no permission.
    if (a.status >= 200 && a.status < 300 ? p.method === 'GET' && !isApiList(a.body) : !isApiError(a.body))
      return { permission: 'unknown' };
    // A 404 only counts for a model that is not there, never for a route the server does not have.
    if (a.status === 404 && !/model/i.test(f.code ?? '') && !/model/i.test(message)) return { permission: 'unknown' };
    return { permission: 'allowed' };
  }
  // Out of credit: the request was authorized (the quota check comes after the scope check).
  if (a.status === 429 && QUOTA.test(`${f.code ?? ''} ${f.type ?? ''}`)) return { permission: 'allowed' };
  return { permission: 'unknown' };
}
