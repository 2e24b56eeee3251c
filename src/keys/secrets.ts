/**
 * The one secret set: every value keydoctor knows to be, or to maybe be, a credential. Built here
 * and only here, from whatever the command has at hand (the collected facts, the environment, the
 * keys it was given, the text it was pasted), so the doctor, verify, scan, explain, the emulator's
 * log, usage errors and crash messages all mask the same things the same way.
 *
 * What is a credential: a value held by a variable whose name says so (`*_KEY`, `*_TOKEN`,
 * `*_SECRET`, `*_PASSWORD`, ...), a value of any provider key shape under any name (an Azure key
 * pasted into `OPENAI_PROJECT_ID`), the password of a URL, every key the scan found, the key pieces
 * a loader glued into a variable name (a key wrapped across two lines of .env), and every token of a
 * pasted text that the pattern net takes for one. Nothing else: `DATABASE_HOST=my_platform` is not.
 */
import type { Facts } from '../core/facts.js';
import type { Assignment } from '../core/types.js';
import { classifyCredential, isCredentialName } from './classify.js';
import { SecretSet } from './mask.js';
import { collect, type Span } from './shapes.js';

export interface SecretSources {
  /** What the collectors found: assignments, dotenv files, scan hits. */
  facts?: Facts;
  /** An environment (this shell's): its credential-named values. */
  env?: Record<string, string | undefined>;
  /** Values known to be keys (the key verify sends, the emulator's configured keys). */
  keys?: Array<string | undefined>;
  /** Text the user pasted (explain): every credential-shaped or credential-placed token in it. */
  text?: string;
}

/** A word as prose has it (`environment`, `Configuration`): letters only, a capital at most first, short. */
function proseWord(p: string): boolean {
  return p.length < 20 && /^[A-Za-z][a-z]+[.,;:!?]?$/.test(p);
}

function addAssignment(s: SecretSet, a: Pick<Assignment, 'name' | 'value'>): void {
  const v = a.value;
  if (isCredentialName(a.name)) s.add(v);
  else if (v.length >= 8) {
    // Any name: a value of a known key shape, and a URL's password.
    const t = v.trim();
    if (classifyCredential(t).provider !== undefined) s.add(v, true);
    else if (/:\/\/[^\s/@]*:[^\s/@]+@/.test(t)) s.add(t);
  }
  // A name with a line break or spaces in it: a loader glued the previous line (half a key
  // wrapped across two lines, a value on a line of its own) to this name.
  // Not a word of prose the loader glued on (`environment`, a comment without its `#`): masked, it would be
  // masked everywhere. Any piece that could be part of a key is: long, or with a digit, a capital inside
  // or a key character (`-`, `_`, `+`, `/`, `=`).
  if (/\s/.test(a.name)) {
    const pieces = a.name.split(/\s+/).filter(Boolean);
    for (const p of pieces.slice(0, -1)) if (p.length >= 8 && !proseWord(p)) s.add(p, true);
  }
}

/** Registers into `s` every secret the sources hold. */
export function addSecrets(s: SecretSet, src: SecretSources): SecretSet {
  const f = src.facts;
  if (f) {
    for (const a of f.assignments) addAssignment(s, a);
    for (const file of f.envFiles)
      for (const list of Object.values(file.byDialect)) for (const a of list ?? []) addAssignment(s, a);
    for (const h of f.scan?.hits ?? []) s.add(h.secret, true);
    for (const h of f.scan?.historyHits ?? []) s.add(h.secret, true);
    for (const h of f.history ?? []) s.add(h.secret, true);
    // a reference (`${OPENAI_API_KEY}`, `os.environ/OPENAI_API_KEY`) names a variable, it is not a secret
    for (const st of f.stores ?? []) for (const a of st.entries) if (!a.ref) addAssignment(s, a);
  }
  if (src.env)
    for (const [name, value] of Object.entries(src.env))
      if (typeof value === 'string') addAssignment(s, { name, value });
  for (const k of src.keys ?? []) if (k !== undefined && k.trim() !== '') s.add(k, true);
  if (src.text) {
    const spans: Span[] = [];
    collect(src.text, spans, 'all');
    for (const sp of spans) {
      const v = sp.decoded ?? src.text.slice(sp.start, sp.end);
      if (!v.includes('*')) s.add(v, true);
    }
  }
  return s;
}

/** The secret set of a run. */
export function collectSecrets(src: SecretSources): SecretSet {
  return addSecrets(new SecretSet(), src);
}
