/** Facts from the secret scan (owned by src/scan). */

export type ScanContext =
  'source' | 'env-file' | 'notebook' | 'config' | 'docs' | 'bundle' | 'ci' | 'archive' | 'base64' | 'other';

/** One key found in one place. `secret` is the full value: it never leaves keydoctor unmasked. */
export interface ScanHit {
  secret: string;
  /** classifyCredential kind and label. */
  kind: string;
  label: string;
  provider?: string;
  rel: string;
  line: number;
  column: number;
  context: ScanContext;
  /** How it was found: plain, json-escaped, base64, ... */
  encoding?: string;
  /** Variable name it was assigned to, when seen (`OPENAI_API_KEY=...`, `NEXT_PUBLIC_...`). */
  name?: string;
  /** Stable id for baselines: hash of rule + path + secret hash (never the secret). */
  fingerprint: string;
  /** History scans: the commit that introduced it. */
  commit?: string;
  author?: string;
  date?: string;
  /** --verify: live | revoked | unknown. */
  verified?: 'live' | 'revoked' | 'unknown';
  /** Notebooks: 1-based index of the cell that holds the key. */
  cell?: number;
  /** The file is matched by .gitignore (scanned because it is a dotenv file, build output, or --no-ignore). */
  ignored?: boolean;
  /** Found in the staged content (`scan --staged`): about to be committed. */
  staged?: boolean;
  /** History scans: found in a commit message, a tag message, or a branch or tag name, not in a file (`rel` names it). */
  where?: 'commit message' | 'tag message' | 'tag name' | 'branch name';
}

export interface ScanFacts {
  hits: ScanHit[];
  historyHits?: ScanHit[];
  stats?: {
    files: number;
    bytes: number;
    ms: number;
    workers?: number;
    suppressed?: number;
    commits?: number;
    historyBytes?: number;
    historyMs?: number;
  };
  /** What was scanned: the working tree, the staged content, or (also) the history. */
  mode?: 'tree' | 'staged';
  /** Tracked files whose keys are a change since the last commit (HEAD's version holds none of them). */
  changed?: string[];
}
