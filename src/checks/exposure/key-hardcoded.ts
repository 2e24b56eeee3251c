import { storeFixText } from '../../resolve/store-keys.js';
import type { FindingDraft } from '../../core/types.js';
import {
  claimedByDeploy,
  describe,
  envNameFor,
  exposedReason,
  hitData,
  isCiHit,
  locationOf,
  rotateAt,
  rotateFix,
  where,
} from './_lib/util.js';
import type { Check } from '../types.js';

/** A key literal in the working tree: source, notebooks, config, docs (not dotenv files, CI, bundles or deployment files, which have their own ids). */
export const check: Check = {
  meta: {
    id: 'key-hardcoded',
    title: 'A key is written into a file of the project',
    severity: 'error',
    area: 'exposure',
    docs: {
      what: 'An API key literal sits in source code, a notebook, a config file or documentation of the working tree (dotenv files, CI definitions, built bundles and deployment files are reported under their own ids). A Google API key that a Firebase app or Maps ships to its clients by design (`NEXT_PUBLIC_FIREBASE_API_KEY`, the `apiKey` of a `firebaseConfig`, `GoogleService-Info.plist`, `google-services.json`, a `MAPS_API_KEY`) is not a secret, and is not reported by any check.',
      why: 'Anyone who can read the file (collaborators, a public repository, a shared notebook, a package) can use the key and bill your account; OpenAI disables keys it finds published, so the code also breaks without warning. A literal in the client also ignores OPENAI_API_KEY, so changing the environment changes nothing.',
      fix: "Rotate the key first (platform.openai.com/api-keys for OpenAI keys): it is exposed, and removing it later does not un-leak it. Then delete the literal and read the key from the environment (`OpenAI()` reads OPENAI_API_KEY) with the value in an ignored `.env` file or a secret store. In a framework's configuration file, write the reference the framework resolves instead: `api-key: ${OPENAI_API_KEY}` in a Spring `application.yml`, `api_key: os.environ/OPENAI_API_KEY` in a LiteLLM `config.yaml`, `dotnet user-secrets set OpenAI:ApiKey ...` or `OpenAI__ApiKey` for .NET; keep `.streamlit/secrets.toml` out of git. If the file was ever committed, the key is also in git history: see key-in-git-history. A key in a file that is not committed (a local edit of a tracked file, a file git does not track yet, a folder outside git) is not exposed yet: the fix keeps it out instead of asking to rotate first; outside git, or in a file a .gitignore rule covers, it is a warning (nothing commits it). A tracked file whose key is in the last commit is committed, whatever else changed in it. A deliberate test value can be marked with a `keydoctor-ignore` comment on the same line or the line before, or recorded with `keydoctor scan --baseline`.",
    },
  },
  run({ facts }) {
    const out: FindingDraft[] = [];
    for (const hit of facts.scan?.hits ?? []) {
      if (hit.context === 'env-file' || hit.context === 'bundle') continue;
      if (isCiHit(facts, hit) || claimedByDeploy(facts, hit) || exposedReason(facts, hit)) continue;
      const kind =
        hit.context === 'notebook'
          ? 'a notebook'
          : hit.context === 'docs'
            ? 'a documentation file'
            : hit.context === 'config'
              ? 'a config file'
              : hit.context === 'archive'
                ? 'an archive'
                : hit.context === 'source'
                  ? 'source code'
                  : 'a file';
      const then =
        storeFixText(facts, hit.rel, envNameFor(hit)) ??
        `delete the literal and read the key from the environment (${envNameFor(hit)}) instead.`;
      // Committed, the key is exposed (rotate first). A local edit of a tracked file, a file git does not
      // track, a folder outside git: not yet, and the fix is to keep it out (TaskWeaver's README has the key
      // written into its tracked project/taskweaver_config.json).
      const git = facts.project.git;
      const state = hit.staged
        ? 'staged'
        : !git.isRepo
          ? 'no-git'
          : !git.tracked.has(hit.rel)
            ? hit.ignored
              ? 'ignored'
              : 'untracked'
            : facts.scan?.changed?.includes(hit.rel)
              ? 'changed'
              : 'committed';
      const said =
        state === 'changed'
          ? ` ${hit.rel} is tracked by git, and the key is a change since the last commit: it is not committed yet, but the next \`git commit -a\` puts it into the repository and its history.`
          : state === 'untracked'
            ? ` git does not track ${hit.rel} yet, and no .gitignore rule keeps it out: the next \`git add .\` commits it.`
            : '';
      const keep = then.charAt(0).toUpperCase() + then.slice(1);
      out.push({
        id: 'key-hardcoded',
        // outside git, or in a file .gitignore keeps out: nothing can commit it; it is exposed only where the file is shared
        ...(state === 'no-git' || state === 'ignored' ? { severity: 'warning' as const } : {}),
        message: `${describe(hit)} is written in ${kind}: ${where(hit)}${hit.staged ? ' (staged for commit)' : ''}. Anyone who can read it can use the key.${said}${state === 'no-git' ? ' This folder is not a git repository, so nothing commits it; keep it out of what you share (if it becomes one, `git add .` commits the file).' : state === 'ignored' ? ` A .gitignore rule keeps ${hit.rel} out of git; it is exposed only where the file itself is shared.` : ''}`,
        location: locationOf(hit),
        fix:
          state === 'changed'
            ? {
                summary: `${keep} Meanwhile, \`git update-index --skip-worktree ${hit.rel}\` keeps \`git commit -a\` from taking your copy; if the key was ever committed on another branch, rotate it at ${rotateAt(hit)}.`,
              }
            : state === 'untracked' || state === 'no-git' || state === 'ignored'
              ? {
                  summary:
                    state === 'untracked'
                      ? `${keep} Or add ${hit.rel} to .gitignore before anything commits it.`
                      : keep,
                }
              : rotateFix(hit, then),
        data: { ...hitData(hit), ...(state !== 'committed' && state !== 'staged' ? { committed: false } : {}) },
      });
    }
    return out;
  },
};
