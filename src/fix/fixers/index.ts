/**
 * Which fixer repairs which finding id. A finding whose id has no entry here is still fixed when
 * its check gave an `edit` and said whether it is safe (`fix.safe` true or false); otherwise it is
 * reported as something to do by hand.
 */
import type { FindingDraft } from '../../core/types.js';
import type { Fixer, FixerContext, FixerResult } from './context.js';
import { fixDotenvValue } from './dotenv-value.js';
import { fixDotenvParseIssue, fixKeyMissing } from './dotenv-file.js';
import { fixCiSecretMisnamed, fixDotenvNotIgnored, fixEnvNameMismatch, fixModelRetired, fromEdit } from './generic.js';
import { fixComposeEnvFile, fixK8sTrailingNewline } from './deploy.js';
import { fixShadowed } from './shadowed.js';
import { fixLoadedLate } from './code-edit.js';

export const FIXERS: Record<string, Fixer> = {
  'key-quoted': fixDotenvValue,
  'key-whitespace': fixDotenvValue,
  'key-invisible-char': fixDotenvValue,
  'key-bearer-prefix': fixDotenvValue,
  'dotenv-parse-issue': fixDotenvParseIssue,
  'key-missing': fixKeyMissing,
  'dotenv-not-ignored': fixDotenvNotIgnored,
  'k8s-secret-trailing-newline': fixK8sTrailingNewline,
  'compose-env-file-missing': fixComposeEnvFile,
  'env-name-mismatch': fixEnvNameMismatch,
  'ci-secret-unavailable': fixCiSecretMisnamed,
  'model-retired': fixModelRetired,
  'key-shadowed': fixShadowed,
  'dotenv-loaded-late': fixLoadedLate,
  // The check calls it safe, but a `COPY .env` in the Dockerfile then fails: the user's call.
  'key-in-docker-image': (f, ctx) =>
    fromEdit(f, ctx, 'unsafe', {
      caution: 'a Dockerfile line that copies .env on purpose then fails to build; pass the key at run time instead',
    }),
};

export function fixerFor(f: FindingDraft): Fixer | undefined {
  const own = Object.hasOwn(FIXERS, f.id) ? FIXERS[f.id] : undefined;
  if (own) return own;
  if (f.fix?.edit && typeof f.fix.safe === 'boolean') return (x, ctx) => fromEdit(x, ctx);
  return undefined;
}

export function runFixer(f: FindingDraft, ctx: FixerContext): FixerResult {
  return fixerFor(f)?.(f, ctx);
}

/** Finding ids keydoctor fix can repair (for --help and docs). */
export const FIXABLE_IDS = Object.keys(FIXERS);
