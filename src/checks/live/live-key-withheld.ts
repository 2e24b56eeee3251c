/**
 * live-key-withheld: its catalog entry and the check that reports it from the live step. No API answer
 * means it: the live step itself decides not to send the key (src/live/trust.ts, verify.ts).
 */
import type { FindingMeta } from '../types.js';
import { liveCheck } from './_lib/live-check.js';

export const meta: FindingMeta = {
  id: 'live-key-withheld',
  title: 'The key was not sent to the endpoint',
  severity: 'warning',
  area: 'live',
  docs: {
    what: "keydoctor did not verify the key because of where it would have had to send it: the endpoint (`OPENAI_BASE_URL`, a base URL in code, an Azure endpoint) is set by the project's own files while the key comes from your environment or home folder, and its host is no known provider's; or the endpoint is plain `http://` on a host other than this machine; or it is not an http(s) URL at all (`data:`, `file:`).",
    why: 'A cloned repository can set `OPENAI_BASE_URL` in its `.env`: your app would then send your own key to whatever server the repository names, and so would an online check. keydoctor does not do that silently. A key sent over plain http crosses the network in clear text.',
    fix: "If you trust the endpoint, verify against it explicitly: `keydoctor verify --base-url URL` (Azure: `--endpoint URL`). If you do not, remove the base URL from the project's files (the app sends your key there too). Use https:// for anything that is not on this machine.",
  },
};

export const check = liveCheck(meta);
