/**
 * The emulator config's shape, checked whole before the server starts (R11): a value of the wrong
 * type anywhere (a fault `status: "x"`, a fault without `path`, a numeric `client_ip`, `faults: "x"`)
 * is a ConfigError naming the field, never a crash on the first request or a stack trace. The
 * messages name fields and expected types, never values (a value may be a key).
 * Fields not listed here are left alone (normalizeConfig ignores them).
 */

type Spec =
  | 'string'
  | 'number'
  | 'boolean'
  | 'any'
  | { kind: 'int'; min?: number; max?: number }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'array'; of: Spec }
  | { kind: 'object'; fields: Record<string, Spec>; required?: readonly string[] }
  | { kind: 'record'; of: Spec }
  | { kind: 'either'; options: readonly Spec[]; what: string }
  | { kind: 'nullable'; of: Spec };

const int = (min?: number, max?: number): Spec => ({ kind: 'int', min, max });
const oneOf = (...values: string[]): Spec => ({ kind: 'enum', values });
const list = (of: Spec): Spec => ({ kind: 'array', of });
const obj = (fields: Record<string, Spec>, required: string[] = []): Spec => ({ kind: 'object', fields, required });
const either = (what: string, ...options: Spec[]): Spec => ({ kind: 'either', options, what });
const nullable = (of: Spec): Spec => ({ kind: 'nullable', of });

const RATE = obj({ requests: int(0), window_ms: int(1) }, ['requests']);
const QUOTA = oneOf('ok', 'exhausted', 'no_credits', 'billing_inactive');
const KEY = obj(
  {
    key: 'string',
    organization: nullable(either('an organization id or a list of them', 'string', list('string'))),
    project: nullable('string'),
    status: oneOf('active', 'revoked', 'deactivated', 'terminated'),
    scopes: either('"all" or a list of scope names', oneOf('all'), list('string')),
    quota: QUOTA,
    rate_limit: RATE,
    user: 'string',
    name: 'string',
    id: 'string',
    created_at: 'number',
    last_used_at: nullable('number'),
    service_account: 'string',
  },
  ['key'],
);
const ROLE = oneOf('owner', 'member');
const PROJECT = obj(
  {
    id: 'string',
    name: 'string',
    ip_allowlist: list('string'),
    models: list('string'),
    residency: 'string',
    status: oneOf('active', 'archived'),
    users: list(obj({ id: 'string', role: ROLE }, ['id'])),
    service_accounts: list(obj({ id: 'string', name: 'string', role: ROLE, created_at: 'number' }, ['id'])),
    created_at: 'number',
    archived_at: nullable('number'),
  },
  ['id'],
);
const ORG = obj(
  {
    id: 'string',
    name: 'string',
    title: 'string',
    personal: 'boolean',
    ip_allowlist: list('string'),
    quota: QUOTA,
    rate_limit: RATE,
    projects: list(PROJECT),
  },
  ['id'],
);
const USER = obj(
  {
    id: 'string',
    email: 'string',
    name: 'string',
    organizations: list(obj({ id: 'string', role: oneOf('owner', 'reader', 'member') }, ['id'])),
    created_at: 'number',
  },
  ['id'],
);
const FAULT = obj(
  {
    path: 'string',
    method: 'string',
    // What Node's writeHead accepts: an integer from 100 to 999.
    status: int(100, 999),
    body: 'any',
    hang_up: 'boolean',
    delay_ms: int(0, 600_000),
    times: int(0),
    after: int(0),
    headers: { kind: 'record', of: 'string' },
    drop_after_effect: 'boolean',
  },
  ['path'],
);
const AZURE_RESOURCE = obj(
  {
    name: 'string',
    keys: list('string'),
    tokens: list(
      either(
        'a token string or { token, roles, expired }',
        'string',
        obj({ token: 'string', roles: list('string'), expired: 'boolean' }, ['token']),
      ),
    ),
    deployments: list(
      either('a deployment name or { name, model }', 'string', obj({ name: 'string', model: 'string' }, ['name'])),
    ),
    api_versions: list('string'),
    v1: 'boolean',
  },
  ['name'],
);
const USAGE = obj(
  {
    api_key_id: 'string',
    time: 'number',
    input_tokens: int(0),
    output_tokens: int(0),
    requests: int(0),
    model: 'string',
    cost_usd: 'number',
  },
  ['api_key_id', 'time'],
);

export const CONFIG_SPEC: Spec = obj({
  keys: list(KEY),
  admin_keys: list(KEY),
  organizations: list(ORG),
  users: list(USER),
  models: list('string'),
  model_shutdowns: { kind: 'record', of: nullable('string') },
  hostname: 'string',
  client_ip: 'string',
  region_blocked: either('true/false or a list of addresses', 'boolean', list('string')),
  no_auth_message: oneOf('classic', 'bearer'),
  faults: list(FAULT),
  azure: obj({ resources: list(AZURE_RESOURCE) }),
  usage: list(USAGE),
});

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'number') return Number.isInteger(v) ? 'a whole number' : 'a number';
  return `a ${typeof v}`;
}

function expected(s: Spec): string {
  if (typeof s === 'string') return s === 'any' ? 'anything' : `a ${s}`;
  switch (s.kind) {
    case 'int':
      return `a whole number${s.min !== undefined && s.max !== undefined ? ` from ${s.min} to ${s.max}` : s.min !== undefined ? ` of at least ${s.min}` : ''}`;
    case 'enum':
      return `one of ${s.values.map((v) => `"${v}"`).join(', ')}`;
    case 'array':
      return 'a list';
    case 'object':
    case 'record':
      return 'an object';
    case 'either':
      return s.what;
    case 'nullable':
      return `${expected(s.of)} or null`;
  }
}

/** The first problem in `v` against `s` at `path`, or undefined. */
function check(v: unknown, s: Spec, path: string): string | undefined {
  if (s === 'any') return undefined;
  const bad = () => `${path} must be ${expected(s)} (got ${typeName(v)})`;
  if (s === 'string') return typeof v === 'string' ? undefined : bad();
  if (s === 'number') return typeof v === 'number' && Number.isFinite(v) ? undefined : bad();
  if (s === 'boolean') return typeof v === 'boolean' ? undefined : bad();
  switch (s.kind) {
    case 'int':
      return typeof v === 'number' &&
        Number.isInteger(v) &&
        (s.min === undefined || v >= s.min) &&
        (s.max === undefined || v <= s.max)
        ? undefined
        : typeof v === 'number' && Number.isInteger(v)
          ? `${path} must be ${expected(s)}`
          : bad();
    case 'enum':
      return typeof v === 'string' && s.values.includes(v)
        ? undefined
        : typeof v === 'string'
          ? `${path} must be ${expected(s)}`
          : bad();
    case 'nullable':
      return v === null ? undefined : check(v, s.of, path);
    case 'either':
      return s.options.some((o) => check(v, o, path) === undefined)
        ? undefined
        : typeof v === 'object' && v !== null && !Array.isArray(v)
          ? (s.options.map((o) => check(v, o, path)).find((m) => m && !m.startsWith(`${path} must`)) ?? bad())
          : bad();
    case 'array': {
      if (!Array.isArray(v)) return bad();
      for (let i = 0; i < v.length; i++) {
        const m = check(v[i], s.of, `${path}[${i}]`);
        if (m) return m;
      }
      return undefined;
    }
    case 'record': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad();
      for (const [k, x] of Object.entries(v)) {
        const m = check(x, s.of, `${path}.${k}`);
        if (m) return m;
      }
      return undefined;
    }
    case 'object': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad();
      const o = v as Record<string, unknown>;
      for (const r of s.required ?? []) if (o[r] === undefined) return `${path}.${r} is missing`;
      for (const [k, fs] of Object.entries(s.fields)) {
        if (o[k] === undefined) continue;
        const m = check(o[k], fs, `${path}.${k}`);
        if (m) return m;
      }
      return undefined;
    }
  }
}

/** Every problem with the config's shape, first one first (empty: the shape is right). */
export function configProblem(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'the config must be a JSON object';
  const m = check(input, CONFIG_SPEC, 'config');
  return m?.replace(/^config\./, '');
}
