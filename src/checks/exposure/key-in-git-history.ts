import type { FindingDraft } from '../../core/types.js';
import { describe, hitData, locationOf, rotateFix } from './_lib/util.js';
import type { Check } from '../types.js';

/** A key in a past commit (found by `--history`), reported once, at the commit that introduced it. */
export const check: Check = {
  meta: {
    id: 'key-in-git-history',
    title: 'A key is in the git history',
    severity: 'error',
    area: 'exposure',
    docs: {
      what: "A commit reachable from a branch or tag added an API key literal (or a commit message, an annotated tag's message, or a branch or tag name holds one). It stays readable in the history even after the file was changed or deleted. Found by `keydoctor scan --history` (or `keydoctor --history`); each key is reported once, at the commit that introduced it, with its author and date.",
      why: 'Everyone with a clone (or access to a fork, a mirror, a CI cache) can read old commits. Public repositories are scanned by bots within minutes; OpenAI disables keys it finds, which then fail with `invalid_api_key`.',
      fix: 'Rotate the key first (platform.openai.com/api-keys for OpenAI keys): rewriting history does not reach the copies already made. Then remove it from history if the repository is shared: `git filter-repo --replace-text replacements.txt` (one line per key: `<key>==>REMOVED`), force-push every branch and tag, and ask collaborators to re-clone. Keep the new key out of git: an ignored `.env` file or a secret store.',
    },
  },
  run({ facts }) {
    const out: FindingDraft[] = [];
    const live = new Set((facts.scan?.hits ?? []).map((h) => h.secret));
    for (const hit of facts.scan?.historyHits ?? []) {
      const who = [hit.author, hit.date?.slice(0, 10)].filter(Boolean).join(', ');
      const still = live.has(hit.secret)
        ? ' It is still in the working tree.'
        : ' It is no longer in the working tree, but every clone still has it.';
      if (hit.where) {
        // Not a file: a commit message, a tag message, a branch or tag name (pushed with the ref).
        const name = hit.rel.slice(hit.rel.indexOf(':') + 1);
        const place =
          hit.where === 'commit message'
            ? `the message of commit ${(hit.commit ?? '').slice(0, 12)}${who ? ` (${who})` : ''}, line ${hit.line}`
            : hit.where === 'tag message'
              ? `the message of the tag ${name}${who ? ` (${who})` : ''}`
              : `the name of the ${hit.where === 'tag name' ? 'tag' : 'branch'} ${name}`;
        const then =
          hit.where === 'commit message'
            ? 'rewrite the message out of history: git filter-repo --replace-message replacements.txt (a line `<key>==>REMOVED`), force-push, and have collaborators re-clone.'
            : hit.where === 'tag message'
              ? `delete the tag and make it again without the key: git tag -d ${name} && git push origin :refs/tags/${name}.`
              : `rename the ${hit.where === 'tag name' ? 'tag' : 'branch'}, and delete the old name on every remote (git push origin --delete ${name}).`;
        out.push({
          id: 'key-in-git-history',
          message: `${describe(hit)} is written in ${place}: it travels with every clone and fetch, whatever the files hold.`,
          location: locationOf(hit),
          fix: rotateFix(hit, then),
          data: { ...hitData(hit), where: hit.where },
        });
        continue;
      }
      out.push({
        id: 'key-in-git-history',
        message: `${describe(hit)} was committed in ${(hit.commit ?? '').slice(0, 12)}${who ? ` (${who})` : ''} to ${hit.rel}:${hit.line}.${still}`,
        location: locationOf(hit),
        fix: rotateFix(
          hit,
          'remove it from history: git filter-repo --replace-text replacements.txt (a line `<key>==>REMOVED`), force-push, and have collaborators re-clone.',
          'git filter-repo --replace-text replacements.txt',
        ),
        data: hitData(hit),
      });
    }
    return out;
  },
};
