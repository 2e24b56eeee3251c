/**
 * A shared emulator state for the SDK, verify, step and CLI tests: one key per situation, all made
 * at run time (no key-shaped literal in the repository).
 */
import { createHash } from 'node:crypto';
import type { EmulatorConfig } from '../../src/emulator/index.js';
import { foreignKey, openaiKey } from '../helpers/keys.js';

export const ORG_A = 'org-AAAAAAAAAAAAAAAAAAAAAAAA';
export const ORG_B = 'org-BBBBBBBBBBBBBBBBBBBBBBBB';
export const PROJ_A = 'proj_AAAAAAAAAAAAAAAAAAAAAAAA';
export const PROJ_LOCKED = 'proj_LLLLLLLLLLLLLLLLLLLLLLLL';
export const PROJ_MINI = 'proj_MMMMMMMMMMMMMMMMMMMMMMMM';

function token(seed: string): string {
  const h = (s: string) => createHash('sha256').update(`kd-token:${seed}:${s}`).digest('base64url');
  return `${['ey', 'J'].join('')}${h('a').slice(0, 20)}.${h('b').slice(0, 30)}.${h('c').slice(0, 20)}`;
}

export const K = {
  good: openaiKey('proj', 'good'),
  svc: openaiKey('svcacct', 'svc'),
  legacy: openaiKey('legacy', 'legacy'),
  restricted: openaiKey('proj', 'restricted'),
  readonly: openaiKey('proj', 'readonly'),
  revoked: openaiKey('proj', 'revoked'),
  unknown: openaiKey('proj', 'never-issued'),
  deactivated: openaiKey('proj', 'deactivated'),
  terminated: openaiKey('proj', 'terminated'),
  noorg: openaiKey('none56', 'noorg'),
  quota: openaiKey('proj', 'quota'),
  credits: openaiKey('proj', 'credits'),
  billing: openaiKey('proj', 'billing'),
  limited: openaiKey('proj', 'limited'),
  burst: openaiKey('proj', 'burst'),
  locked: openaiKey('proj', 'ip-locked'),
  mini: openaiKey('proj', 'mini-only'),
  admin: openaiKey('admin', 'admin'),
  azure: foreignKey('azure', 'res'),
  azureOther: foreignKey('azure', 'other'),
  token: token('good'),
  tokenExpired: token('expired'),
  tokenNoRole: token('norole'),
};

export function worldConfig(): EmulatorConfig {
  return {
    organizations: [
      {
        id: ORG_A,
        name: 'acme',
        title: 'Acme',
        projects: [
          { id: PROJ_A, name: 'Default project' },
          { id: PROJ_LOCKED, name: 'Locked', ip_allowlist: ['203.0.113.0/24'] },
          { id: PROJ_MINI, name: 'Mini only', models: ['gpt-4o-mini'] },
        ],
      },
      { id: ORG_B, name: 'beta-labs', title: 'Beta Labs' },
    ],
    users: [
      {
        id: 'user-abc123abc123abc123abc123',
        email: 'dev@example.com',
        name: 'Dev',
        organizations: [
          { id: ORG_A, role: 'owner' },
          { id: ORG_B, role: 'reader' },
        ],
      },
    ],
    keys: [
      { key: K.good, organization: ORG_A, project: PROJ_A, user: 'user-abc123abc123abc123abc123' },
      { key: K.svc, organization: ORG_A, project: PROJ_A },
      { key: K.legacy, organization: [ORG_A, ORG_B], user: 'user-abc123abc123abc123abc123' },
      { key: K.restricted, organization: ORG_A, project: PROJ_A, scopes: ['model.request'] },
      { key: K.readonly, organization: ORG_A, project: PROJ_A, scopes: ['api.model.read', 'api.files.read'] },
      { key: K.revoked, organization: ORG_A, project: PROJ_A, status: 'revoked' },
      { key: K.deactivated, organization: ORG_A, project: PROJ_A, status: 'deactivated' },
      { key: K.terminated, organization: ORG_A, project: PROJ_A, status: 'terminated' },
      { key: K.noorg, organization: null },
      { key: K.quota, organization: ORG_A, project: PROJ_A, quota: 'exhausted' },
      { key: K.credits, organization: ORG_A, project: PROJ_A, quota: 'no_credits' },
      { key: K.billing, organization: ORG_A, project: PROJ_A, quota: 'billing_inactive' },
      { key: K.limited, organization: ORG_A, project: PROJ_A, rate_limit: { requests: 0, window_ms: 60000 } },
      { key: K.burst, organization: ORG_A, project: PROJ_A, rate_limit: { requests: 1, window_ms: 1500 } },
      { key: K.locked, organization: ORG_A, project: PROJ_LOCKED },
      { key: K.mini, organization: ORG_A, project: PROJ_MINI },
    ],
    admin_keys: [{ key: K.admin, organization: ORG_A, name: 'ops admin' }],
    azure: {
      resources: [
        {
          name: 'myres',
          keys: [K.azure],
          tokens: [K.token, { token: K.tokenExpired, expired: true }, { token: K.tokenNoRole, roles: ['Reader'] }],
          deployments: [{ name: 'chat-prod', model: 'gpt-4o' }],
        },
      ],
    },
  };
}
