/**
 * live-missing-scope: its catalog entry, the rules that read it from an API answer (src/live/classify.ts runs
 * every family's rules in the order of ./index.ts), and the check that reports it from the live step.
 */
import type { FindingMeta } from '../types.js';
import { parseScopes } from '../../live/answer.js';
import type { AnswerRule } from '../../live/answer.js';
import { liveCheck } from './_lib/live-check.js';

export const meta: FindingMeta = {
  id: 'live-missing-scope',
  title: 'The key lacks a permission (scope)',
  severity: 'error',
  area: 'live',
  docs: {
    what: 'HTTP 401 or 403 "You have insufficient permissions for this operation. Missing scopes: ...". The finding names the missing scopes.',
    why: 'The key is a restricted key without that permission, your role in the organization or project does not allow it, an ordinary key called an administration endpoint (`/v1/organization/...` needs `api.management.read` / `api.usage.read`, that is an admin key), or a ChatGPT / Codex sign-in token was sent where an API key belongs.',
    fix: 'Edit the key at https://platform.openai.com/api-keys and grant the named scopes (or "All"), ask an owner for the Writer / Member role, or use an admin key (`OPENAI_ADMIN_KEY`) for administration endpoints.',
  },
};

export const rules = {
  /** An admin key on an inference endpoint (key-admin-as-api-key), or an ordinary key on an admin endpoint. */
  adminKey: {
    name: 'admin_key_required',
    match({ message, lc, said, finding }) {
      if (
        lc !== 'admin_key_required' &&
        !/Admin API keys cannot be used|only be (?:used|called) with an admin (?:API )?key|requires an admin (?:API )?key/i.test(
          message,
        )
      )
        return undefined;
      if (/Admin API keys cannot be used/i.test(message)) {
        return [
          finding({
            id: 'key-admin-as-api-key',
            message: `An admin key (sk-admin-...) was used for an ordinary API call; admin keys work only on /v1/organization/... endpoints.${said}`,
            fix: {
              summary: 'Use a project key (sk-proj-...) for model calls; keep the admin key for administration only.',
            },
          }),
        ];
      }
      return [
        finding({
          id: 'live-missing-scope',
          message: `This endpoint needs an admin key (sk-admin-...); ordinary project keys cannot call it.${said}`,
          data: { scopes: parseScopes(message), adminEndpoint: true },
          fix: {
            summary:
              'Create an admin key (Organization settings → Admin keys) and send it as OPENAI_ADMIN_KEY for /v1/organization/... calls.',
          },
        }),
      ];
    },
  },
  scopes: {
    name: 'Missing scopes',
    match({ answer, message, lc, finding }) {
      if (
        !/Missing scopes?|insufficient permissions for this operation|missing_scope|does not have the required (?:scope|permission)/i.test(
          message,
        ) &&
        lc !== 'missing_scope' &&
        lc !== 'insufficient_permissions'
      )
        return undefined;
      const scopes = parseScopes(message);
      const admin =
        scopes.some((s) => s === 'api.management.read' || s === 'api.management.write' || s === 'api.usage.read') ||
        /\/organization\//.test(answer.endpoint ?? '');
      const names = scopes.length ? `: ${scopes.join(', ')}` : '';
      return [
        finding({
          id: 'live-missing-scope',
          message: admin
            ? `This is an administration endpoint: it needs an admin key (sk-admin-...), and this key lacks the scope${scopes.length > 1 ? 's' : ''}${names}.`
            : `The key is valid but not allowed to do this: a restricted key without the scope${scopes.length > 1 ? 's' : ''}${names}, or your role in the organization / project lacks it. (A ChatGPT / Codex sign-in token sent as an API key gives the same answer.)`,
          data: { scopes, adminEndpoint: admin },
          fix: {
            summary: admin
              ? 'Use an admin key (OPENAI_ADMIN_KEY) for /v1/organization/... endpoints.'
              : `Edit the key at https://platform.openai.com/api-keys and grant ${scopes.length ? scopes.join(', ') : 'the missing permission'} (or "All"), or ask an owner for the Writer / Member role.`,
          },
        }),
      ];
    },
  },
} satisfies Record<string, AnswerRule>;

export const check = liveCheck(meta);
