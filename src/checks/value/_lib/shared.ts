/**
 * Helpers the value checks share (this file is not a check): grouping targets by the source that
 * wins, so one source shared by several targets is reported once, and wording sources and fixes.
 */
import type { Assignment, FindingDraft, Fix, Location, Resolution, Target } from '../../../core/types.js';
import { isDynamic, locText } from '../../../resolve/sources.js';
import { classifyCredential } from '../../../keys/classify.js';
import { OPENAI_BASE_URL_VARS, endpointOf, firstSet, provider as providerById } from '../../../providers/index.js';

export interface Group {
  name: string;
  winner: Assignment;
  value: string;
  res: Resolution;
  targets: Target[];
}

/** App targets first: the shell targets are context unless nothing else exists. */
export function isShellTarget(t: Target): boolean {
  return t.kind === 'shell';
}

/**
 * Groups targets by the assignment that wins for the variable `pick(t)` (by default the key variable
 * of each target that needs a key); targets without a winner are skipped.
 */
export function winnerGroups(
  targets: Target[],
  pick: (t: Target) => string | undefined = (t) => (t.needsKey === false && !t.readsKey ? undefined : t.keyVar),
): Group[] {
  const groups = new Map<string, Group>();
  for (const t of targets) {
    const name = pick(t);
    if (!name) continue;
    const res = t.vars[name];
    if (!res?.winner || res.value === undefined) continue;
    if (isDynamic(res.winner)) continue; // computed at start-up (`$(op read ...)`): the text is not the value

    const k = `${name}\u0000${res.winner.kind}\u0000${locText(res.winner) ?? ''}\u0000${res.value}`;
    const g = groups.get(k);
    if (g) g.targets.push(t);
    else groups.set(k, { name, winner: res.winner, value: res.value, res, targets: [t] });
  }
  return [...groups.values()];
}

/** The verb for targetNames(ts): `verb(ts, 'sends', 'send')`. */
export function verb(ts: readonly unknown[], one: string, many: string): string {
  return ts.length > 1 ? many : one;
}

/** "python app.py" / "python app.py and npm start" / "python app.py and 3 other targets". */
export function targetNames(ts: Target[]): string {
  const labels = ts.map((t) => t.label);
  if (labels.length <= 1) return labels[0] ?? 'this target';
  if (labels.length === 2) return `${labels[0]} and ${labels[1]}`;
  return `${labels[0]} and ${labels.length - 1} other targets`;
}

/** Where a value comes from, in words: "~/.bashrc:3", ".env:1", "the shell environment". */
export function sourceText(a: Assignment): string {
  const loc = locText(a);
  if (a.kind === 'process-env') return loc ? `the shell environment (set by ${loc})` : 'the shell environment';
  if (loc && a.origin) return `${a.origin.path}${a.origin.line ? `:${a.origin.line}` : ''} (through ${loc})`;
  if (loc) return loc;
  return a.detail ?? a.kind;
}

export function loc(a: Assignment): Location | undefined {
  return a.location ? { ...a.location } : undefined;
}

const isFish = (a: Assignment) => a.kind === 'fish' || (a.location?.path ?? '').includes('fish');

/** How to change the value at its source. */
export function setFix(a: Assignment, name: string, summary: string): Fix {
  const l = a.location;
  // A setting that is no secret (OPENAI_BASE_URL, OPENAI_ORG_ID): exported in this shell, where it came from
  // is unknown; the command removes it (the summary says what to set instead)
  if (!/(KEY|TOKEN|SECRET|PASSWORD)$/i.test(name) && !l && (a.kind === 'process-env' || isFish(a)))
    return isFish(a)
      ? { summary, command: `set -eU ${name}` }
      : {
          summary: `${summary} It is exported in this shell (by hand, or by the program that started it); to remove it here:`,
          command: `unset ${name}`,
        };
  // Read without echo: a key typed into the command line would stay in the shell's history (key-in-shell-history).
  if (a.kind === 'process-env' && !l)
    return {
      summary: `${summary} Set it where you keep it, or in this shell (paste the key at the silent prompt, then Enter):`,
      command: `IFS= read -rs ${name} && export ${name}`,
    };
  if (isFish(a)) return { summary, command: `set -Ux ${name} '<your key>'` };
  // compose `${X}` filled from the project .env: the value to change is written there
  if (a.origin?.line)
    return {
      summary: `${summary} Edit line ${a.origin.line} of ${a.origin.path} (${l ? `${locText(a)} takes the value from there` : 'where the value is written'}).`,
    };
  if (l && l.line) {
    const rc = a.kind === 'shell-rc' || a.kind === 'process-env' || a.kind === 'etc-environment';
    // No Edit object: the new value is the user's to give.
    return { summary: `${summary} Edit line ${l.line} of ${l.path}${rc ? ', then open a new terminal' : ''}.` };
  }
  return { summary };
}

/** How to remove the value at its source (a stale export). */
export function removeFix(a: Assignment, name: string, extra = ''): Fix {
  const l = a.location;
  if (isFish(a))
    return { summary: `Erase the fish variable${l ? ` (${locText(a)})` : ''}${extra}.`, command: `set -eU ${name}` };
  if (l?.line && l.path.startsWith('/') === false && a.kind === 'dotenv')
    return {
      summary: `Delete line ${l.line} of ${l.path}${extra}.`,
      edit: { path: l.path, line: l.line, before: a.raw, after: '' },
    };
  if (l?.line)
    return {
      summary: `Remove line ${l.line} of ${l.path} and run \`unset ${name}\` in open terminals (or open a new one)${extra}.`,
      command: `unset ${name}`,
      edit: { path: l.path, line: l.line, before: a.raw, after: '' },
    };
  return {
    summary: `Run \`unset ${name}\` in this shell (it was exported by hand or by the program that started the shell)${extra}.`,
    command: `unset ${name}`,
  };
}

/** Base fields of a finding about a group. */
export function about(
  id: string,
  g: Group,
  message: string,
  fix?: Fix,
  severity?: FindingDraft['severity'],
): FindingDraft {
  const f: FindingDraft = {
    id,
    message,
    target: g.targets[0]?.id,
    data: { variable: g.name, targets: g.targets.map((t) => t.id), source: sourceText(g.winner) },
  };
  const l = loc(g.winner);
  if (l) f.location = l;
  if (fix) f.fix = fix;
  if (severity) f.severity = severity;
  return f;
}

/** The value with the wrapping a user might have pasted around a key removed (for classification). */
export function cleanValue(v: string): string {
  return v
    .trim()
    .replace(/^bearer\s+/i, '')
    .replace(/^["'`\u201c\u201d\u2018\u2019]+|["'`\u201c\u201d\u2018\u2019]+$/g, '')
    .replace(/[\u200b-\u200f\u2060\ufeff\u00a0\u00ad]/g, '')
    .trim();
}

/** The base URL a target sends requests to, when it is not the default. */
export function baseUrlOf(t: Target): string | undefined {
  return firstSet(OPENAI_BASE_URL_VARS, (n) => t.vars[n]?.value?.trim() || undefined)?.value;
}

export function isOpenAIHost(url: string | undefined): boolean {
  if (!url) return true;
  try {
    return new URL(url).hostname.toLowerCase() === 'api.openai.com';
  } catch {
    return false;
  }
}

/** Node's openai SDK trims the environment value and treats an empty one as unset. */
export function sdkTrims(t: Target): boolean {
  return t.kind === 'node' || t.kind === 'next';
}

/**
 * Whether every target of the group sends the group's variable only to a model server on this machine
 * or its network (Ollama, vLLM, llama.cpp, LM Studio, a LiteLLM proxy next door): such a server takes
 * whatever key it was started with, or any key at all (vLLM's docs pass `EMPTY`, llama.cpp's
 * `sk-no-key-required`, LiteLLM's `sk-1234`), so keydoctor cannot call its key a placeholder. Judged by
 * the clients that read the variable when the target's clients are known, else by its base URL.
 */
export function localOnly(g: Group): boolean {
  const local = (id: string | undefined) => {
    const kind = id ? providerById(id as Parameters<typeof providerById>[0])?.kind : undefined;
    return kind === 'local' || kind === 'proxy';
  };
  for (const t of g.targets) {
    if (t.clients) {
      const readers = t.clients.filter(
        (c) => c.status !== 'never' && c.credential.kind === 'env' && c.credential.names.includes(g.name),
      );
      if (readers.length === 0 || !readers.every((c) => local(c.endpoint.provider))) return false;
    } else {
      const base = baseUrlOf(t);
      if (!base || !local(endpointOf(base)?.provider?.id)) return false;
    }
  }
  return g.targets.length > 0;
}

/**
 * The condition under which the clients that read the group's variable are built, when in every target
 * of the group all of them are built only on a path keydoctor cannot decide (`elif search_api ==
 * "perplexity":`): the value matters only on that path. Undefined when some client surely runs, or
 * the targets' clients are not known.
 */
export function onlyConditional(g: Group): string | undefined {
  let cond: string | undefined;
  for (const t of g.targets) {
    if (!t.clients) return undefined;
    const readers = t.clients.filter(
      (c) => c.status !== 'never' && c.credential.kind === 'env' && c.credential.names.includes(g.name),
    );
    if (readers.length === 0 || readers.some((c) => c.status !== 'maybe')) return undefined;
    cond ??= readers[0]?.condition ?? 'a condition holds';
  }
  return cond;
}

/** A comma-separated list of two or more whole OpenAI keys (spaces around the commas allowed). */
export function keyList(v: string): boolean {
  const parts = v.split(',').map((x) => x.trim());
  return (
    parts.length > 1 &&
    parts.every((x) => {
      const c = classifyCredential(x);
      return c.provider === 'openai' && c.kind !== 'openai-malformed';
    })
  );
}
