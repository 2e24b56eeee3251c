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
      what: 'An API key literal sits in source code, a notebook, a config file or documentation of the working tree (dotenv files, CI definitions, built bundles and deployment files are reported under their own ids).',
      why: 'Anyone who can read the file (collaborators, a public repository, a shared notebook, a package) can use the key and bill your account; OpenAI disables keys it finds published, so the code also breaks without warning. A literal in the client also ignores OPENAI_API_KEY, so changing the environment changes nothing.',
      fix: "Rotate the key first (platform.openai.com/api-keys for OpenAI keys): it is exposed, and removing it later does not un-leak it. Then delete the literal and read the key from the environment (`OpenAI()` reads OPENAI_API_KEY) with the value in an ignored `.env` file or a secret store. In a framework's configuration file, write the reference the framework resolves instead: `api-key: ${OPENAI_API_KEY}` in a Spring `application.yml`, `api_key: os.environ/OPENAI_API_KEY` in a LiteLLM `config.yaml`, `dotnet user-secrets set OpenAI:ApiKey ...` or `OpenAI__ApiKey` for .NET; keep `.streamlit/secrets.toml` out of git. If the file was ever committed, the key is also in git history: see key-in-git-history. A deliberate test value can be marked with a `keydoctor-ignore` comment on the same line or the line before, or recorded with `keydoctor scan --baseline`.",
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
      out.push({
        id: 'key-hardcoded',
        message: `${describe(hit)} is written in ${kind}: ${where(hit)}${hit.staged ? ' (staged for commit)' : ''}. Anyone who can read it can use the key.`,
        location: locationOf(hit),
        fix: rotateFix(
          hit,
          storeFixText(facts, hit.rel, envNameFor(hit)) ??
            `delete the literal and read the key from the environment (${envNameFor(hit)}) instead.`,
        ),
        data: hitData(hit),
      });
    }
    return out;
  },
};
