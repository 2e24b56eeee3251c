/**
 * The report's one masking point, after the checks and before any formatter (secretlint's
 * filter-mask-secrets is the model). Every string of the report goes through the secret set, by the
 * kind of field it is:
 *
 * - paths and ids (locations, target ids and labels, variable names, finding ids, areas, commit
 *   hashes, fingerprints, request ids...): only the strong filters, so `my_platform/main.py` stays
 *   whole when a password happens to read `my_platform`, while a real key is masked even there;
 * - text (messages, fixes, notes, values, data): every filter; a value that is a credential only
 *   by its variable's name is masked as a whole word and never inside a path or id that the report
 *   itself names (they are collected first, with their folders, and protect what lies inside them).
 *
 * Control characters (an escape sequence in a git author's name) are shown as escapes, so nothing in
 * the report can rewrite the user's terminal.
 */
import type { SecretSet } from '../keys/mask.js';
import { MultiMatcher } from '../keys/matcher.js';

/** Object keys whose string values are paths, ids or keydoctor's own vocabulary. */
const ID_KEYS = new Set([
  'id',
  'severity',
  'area',
  'title',
  'docs',
  'kind',
  'status',
  'path',
  'file',
  'files',
  'rel',
  'relPath',
  'target',
  'targets',
  'label',
  'loads',
  'from',
  'location',
  'root',
  'name',
  'keyVar',
  'variable',
  'variables',
  'fingerprint',
  'commit',
  'sha',
  'requestId',
  'request_id',
  'check',
  'code',
  'provider',
  'context',
  'dialect',
  'dialects',
  'source',
  'input',
  'tool',
  'version',
  'encoding',
  'sdk',
  'library',
  'model',
  'localSources',
  'hash',
  'salt',
  'ref',
  'head',
  'base',
  'branch',
  'tag',
  'digest',
  'uri',
  'callee',
  'fn',
  'lib',
  'origin',
]);
/** And keys named like one: `sinceRef`, `requestId`, `commitSha`, `keyHash`, `entryFile`, `envFiles`. */
const ID_SUFFIX = /[a-z](?:Id|Ids|Ref|Sha|Hash|Path|Paths|File|Files|Digest)$/;
const isIdKey = (k: string): boolean => ID_KEYS.has(k) || ID_SUFFIX.test(k);

// C0 controls but tab and line feed, DEL, C1 controls, and the bidirectional overrides.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const tame = (s: string): string =>
  CONTROL.test(s) ? s.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : s;

type Kind = 'id' | 'text';

function walk(value: unknown, kind: Kind, f: (s: string, kind: Kind) => string): unknown {
  if (typeof value === 'string') return f(value, kind);
  if (Array.isArray(value)) return value.map((v) => walk(v, kind, f));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[k];
      out[f(k, 'text')] = walk(v, isIdKey(k) ? 'id' : 'text', f);
    }
    return out;
  }
  return value;
}

/** The strings that protect what lies inside them: every path and id, and the folders of paths. */
function protectedStrings(ids: Set<string>, root: string | undefined): string[] {
  const out = new Set<string>();
  const add = (s: string) => {
    if (s.length >= 2) out.add(s);
  };
  if (root) {
    add(root);
    add(root.endsWith('/') ? root : `${root}/`);
  }
  for (const s of ids) {
    add(s);
    // Folders of a path, with their slash: "my_platform/" protects every path under it in a message.
    for (let i = s.indexOf('/'); i > 0; i = s.indexOf('/', i + 1)) add(s.slice(0, i + 1));
  }
  return [...out];
}

/** Masks a report (or any JSON-like value shaped like one), returning a copy. */
export function maskReport<T>(report: T, secrets: SecretSet): T {
  // First the ids and paths, with the strong filters only; they then protect the text.
  // An id's masked form is the same in both passes: the first one keeps it for the second.
  // One cache per kind of field, keyed by the string itself (no joined key to build and hash for
  // each of the report's strings).
  const cache = { id: new Map<string, string>(), text: new Map<string, string>() };
  const ids = new Set<string>();
  walk(report, 'text', (s, kind) => {
    if (kind !== 'id' || cache.id.has(s)) return s;
    const masked = secrets.maskText(s, { path: true });
    ids.add(masked);
    cache.id.set(s, tame(masked));
    return s;
  });
  const root = (report as { root?: unknown }).root;
  let protect: MultiMatcher | undefined;
  const guard = (): MultiMatcher => {
    if (!protect) {
      protect = new MultiMatcher();
      for (const p of protectedStrings(ids, typeof root === 'string' ? root : undefined)) protect.add(p);
    }
    return protect;
  };
  return walk(report, 'text', (s, kind) => {
    const memo = cache[kind];
    const hit = memo.get(s);
    if (hit !== undefined) return hit;
    const out = tame(secrets.maskText(s, kind === 'id' ? { path: true } : { protect: guard }));
    memo.set(s, out);
    return out;
  }) as T;
}
