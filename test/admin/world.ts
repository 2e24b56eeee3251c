/**
 * An organization for the Admin API tests: projects (one archived), members (one who left a project,
 * one who left the organization), user and service-account keys with last-used times, an admin key,
 * usage rows. Every key is made at run time.
 */
import type { EmulatorConfig } from '../../src/emulator/index.js';
import { openaiKey } from '../helpers/keys.js';

export const ORG = 'org-ADMINADMINADMINADMINADMI';
export const P_APP = 'proj_APPAPPAPPAPPAPPAPPAPPAPP';
export const P_DATA = 'proj_DATADATADATADATADATADAT';
export const P_OLD = 'proj_OLDOLDOLDOLDOLDOLDOLDOL';
export const SA_BOT = 'svc_acct_BOTBOTBOTBOTBOTBOTBOTBOT';

export const ALICE = 'user-alice000000000000000000';
export const BOB = 'user-bob00000000000000000000';
export const CAROL = 'user-carol000000000000000000';

const DAY = 86400;

export const A = {
  admin: openaiKey('admin', 'adm-main'),
  adminReadOnly: openaiKey('admin', 'adm-ro'),
  alice: openaiKey('proj', 'alice-app'),
  aliceData: openaiKey('proj', 'alice-data'),
  bob: openaiKey('proj', 'bob-app'),
  carol: openaiKey('proj', 'carol-app'),
  bot: openaiKey('svcacct', 'bot-app'),
  old: openaiKey('proj', 'old-project'),
  stale: openaiKey('proj', 'stale-app'),
  deleted: openaiKey('proj', 'deleted-key'),
  ordinary: openaiKey('proj', 'not-admin'),
};

export const ID = {
  admin: 'key_adminmain00000000000',
  adminReadOnly: 'key_adminro000000000000',
  alice: 'key_alice000000000000000',
  aliceData: 'key_alicedata0000000000',
  bob: 'key_bob00000000000000000',
  carol: 'key_carol000000000000000',
  bot: 'key_bot00000000000000000',
  old: 'key_old00000000000000000',
  stale: 'key_stale000000000000000',
};

/** The organization; `now` (unix seconds) anchors the last-used times. */
export function adminWorld(now = Math.floor(Date.now() / 1000), extra: Partial<EmulatorConfig> = {}): EmulatorConfig {
  return {
    organizations: [
      {
        id: ORG,
        name: 'acme-admin',
        title: 'Acme',
        projects: [
          {
            id: P_APP,
            name: 'App',
            users: [
              { id: ALICE, role: 'owner' },
              { id: CAROL, role: 'member' },
            ],
            service_accounts: [{ id: SA_BOT, name: 'ci-bot', role: 'member' }],
          },
          { id: P_DATA, name: 'Data' },
          { id: P_OLD, name: 'Old', status: 'archived', archived_at: now - 30 * DAY },
        ],
      },
    ],
    users: [
      { id: ALICE, email: 'alice@example.com', name: 'Alice', organizations: [{ id: ORG, role: 'owner' }] },
      { id: BOB, email: 'bob@example.com', name: 'Bob', organizations: [{ id: ORG, role: 'reader' }] },
      // Carol left the organization: her project membership is gone with it.
      { id: CAROL, email: 'carol@example.com', name: 'Carol', organizations: [] },
    ],
    keys: [
      {
        key: A.alice,
        id: ID.alice,
        name: 'app prod',
        organization: ORG,
        project: P_APP,
        user: ALICE,
        created_at: now - 100 * DAY,
        last_used_at: now - 3600,
      },
      {
        key: A.aliceData,
        id: ID.aliceData,
        name: 'notebooks',
        organization: ORG,
        project: P_DATA,
        user: ALICE,
        created_at: now - 50 * DAY,
        last_used_at: now - 2 * DAY,
      },
      // Bob is in the organization but not a member of App any more.
      {
        key: A.bob,
        id: ID.bob,
        name: 'bob laptop',
        organization: ORG,
        project: P_APP,
        user: BOB,
        created_at: now - 80 * DAY,
        last_used_at: now - 10 * DAY,
      },
      {
        key: A.carol,
        id: ID.carol,
        name: 'carol script',
        organization: ORG,
        project: P_APP,
        user: CAROL,
        created_at: now - 300 * DAY,
        last_used_at: now - 40 * DAY,
      },
      {
        key: A.bot,
        id: ID.bot,
        name: 'Secret Key',
        organization: ORG,
        project: P_APP,
        service_account: SA_BOT,
        created_at: now - 60 * DAY,
        last_used_at: now - 600,
      },
      {
        key: A.old,
        id: ID.old,
        name: 'legacy',
        organization: ORG,
        project: P_OLD,
        user: ALICE,
        created_at: now - 400 * DAY,
        last_used_at: now - 35 * DAY,
      },
      {
        key: A.stale,
        id: ID.stale,
        name: 'forgotten',
        organization: ORG,
        project: P_DATA,
        user: ALICE,
        created_at: now - 365 * DAY,
        last_used_at: now - 200 * DAY,
      },
      { key: A.ordinary, organization: ORG, project: P_DATA, user: ALICE },
    ],
    admin_keys: [
      { key: A.admin, id: ID.admin, name: 'ops', organization: ORG, user: ALICE, last_used_at: now - 60 },
      {
        key: A.adminReadOnly,
        id: ID.adminReadOnly,
        name: 'read only',
        organization: ORG,
        user: ALICE,
        scopes: ['api.management.read', 'api.usage.read'],
      },
    ],
    usage: [
      { api_key_id: ID.alice, time: now - 2 * DAY, input_tokens: 12000, output_tokens: 3000, requests: 40 },
      { api_key_id: ID.alice, time: now - 1 * DAY, input_tokens: 8000, output_tokens: 2000, requests: 20 },
      {
        api_key_id: ID.bot,
        time: now - 3 * DAY,
        input_tokens: 500000,
        output_tokens: 100000,
        requests: 900,
        cost_usd: 0.135,
      },
      { api_key_id: ID.aliceData, time: now - 2 * DAY, input_tokens: 1000, output_tokens: 1000, requests: 2 },
    ],
    ...extra,
  };
}
