/**
 * Local match: which of the values found on this machine / in this project is the key an error
 * echoes (OpenAI prints first 8 + last 4 characters and the length), and whether that source is
 * the one the user meant.
 */
import { statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Facts } from '../core/facts.js';
import type { Assignment, FindingDraft, Location } from '../core/types.js';
import { classifyCredential, isCredentialName } from '../keys/classify.js';
import { maskMatches, describeMask, type MaskedKey } from '../live/answer.js';
import { locString } from '../report/report.js';

/** A place a value comes from, for messages: `~/.bashrc:3`, `.env:1`, `the process environment`. */
export function sourceName(a: Assignment): string {
  const l = locString(a.location);
  if (l) return l;
  if (a.kind === 'process-env') return 'the environment keydoctor runs in';
  return a.kind;
}

function absPath(facts: Facts, loc: Location | undefined): string | undefined {
  if (!loc) return undefined;
  if (loc.path.startsWith('~/')) return join(facts.home, loc.path.slice(2));
  return isAbsolute(loc.path) ? loc.path : join(facts.root, loc.path);
}

function mtimeOf(facts: Facts, a: Assignment): number | undefined {
  const p = absPath(facts, a.location);
  if (!p) return undefined;
  try {
    return statSync(p).mtimeMs;
  } catch {
    return undefined;
  }
}

const CANDIDATES = new WeakMap<Facts, Assignment[]>();

/** Values worth comparing: credential-named variables, or values that look like a credential. */
export function candidates(facts: Facts): Assignment[] {
  let list = CANDIDATES.get(facts);
  if (!list) {
    list = facts.assignments.filter(
      (a) =>
        a.value.trim().length > 0 &&
        (isCredentialName(a.name) || classifyCredential(a.value.trim()).provider !== undefined),
    );
    CANDIDATES.set(facts, list);
  }
  return list;
}

function isProjectDotenv(a: Assignment): boolean {
  return a.kind === 'dotenv' || a.kind === 'envrc';
}

export interface LocalMatch {
  mask: MaskedKey;
  matches: Assignment[];
  findings: FindingDraft[];
  /** Where the failing app's key comes from (file:line), when known. */
  source?: Assignment;
}

/**
 * Compares one echoed key with every local value. Returns the sources that hold it and the
 * key-shadowed / key-conflict / key-source-unknown findings that follow.
 */
export function matchMask(facts: Facts, mask: MaskedKey): LocalMatch {
  const all = candidates(facts);
  const matches = all.filter((a) => maskMatches(mask, a.value));
  const findings: FindingDraft[] = [];
  if (matches.length === 0) return { mask, matches, findings };
  // The most telling source: a file over the bare process environment.
  const withFile = matches.filter((a) => a.location);
  const source = withFile.find((a) => !isProjectDotenv(a)) ?? withFile[0] ?? matches[0];
  const names = new Set(matches.map((a) => a.name));
  const matchedValues = new Set(matches.map((a) => a.value.trim()));
  const others = all.filter(
    (a) => names.has(a.name) && !matchedValues.has(a.value.trim()) && !maskMatches(mask, a.value),
  );
  if (!source || mask.literal !== undefined) return { mask, matches, findings, source };

  const dotenvOthers = others.filter(isProjectDotenv);
  const sourceTime = mtimeOf(facts, source);
  const newer = others.filter((o) => {
    const t = mtimeOf(facts, o);
    return t !== undefined && sourceTime !== undefined && t > sourceTime;
  });
  const preferred = (!isProjectDotenv(source) ? dotenvOthers[0] : undefined) ?? newer[0];
  const srcName = sourceName(source);
  if (preferred) {
    const why =
      isProjectDotenv(preferred) && !isProjectDotenv(source)
        ? `${sourceName(preferred)} holds a different key, but the value from ${srcName} is already in the environment when the app starts, and dotenv loaders (load_dotenv(), dotenv/config) do not override variables that are already set`
        : `${sourceName(preferred)} was edited more recently and holds a different key, but the app still gets the older value from ${srcName}`;
    findings.push({
      id: 'key-shadowed',
      message: `The failing app used the key from ${srcName} (${source.name}), not the one you probably meant: ${why}.`,
      location: source.location,
      related: [
        { ...(preferred.location ?? { path: sourceName(preferred) }), note: `holds a different ${preferred.name}` },
      ],
      data: { variable: source.name, used: srcName, intended: sourceName(preferred) },
      fix: {
        summary:
          source.kind === 'shell-rc' || source.kind === 'fish'
            ? `Remove (or update) the ${source.name} line in ${srcName}, open a new terminal, and start the app again.`
            : `Remove the stale ${source.name} from ${srcName} (or load .env with override=True / { override: true }).`,
      },
    });
  } else if (others.length > 0) {
    const list = [...new Map(others.map((o) => [sourceName(o), o])).values()];
    findings.push({
      id: 'key-conflict',
      message: `${source.name} has different values here: the failing app used the one from ${srcName}; ${list.map(sourceName).slice(0, 5).join(', ')} hold${list.length === 1 ? 's' : ''} another.`,
      location: source.location,
      related: list
        .slice(0, 5)
        .map((o) => ({ ...(o.location ?? { path: sourceName(o) }), note: `another value of ${o.name}` })),
      data: { variable: source.name, used: srcName, others: list.map(sourceName) },
      fix: {
        summary: `Keep one ${source.name}: delete or update the stale copies so every app gets the same working key.`,
      },
    });
  }
  return { mask, matches, findings, source };
}

/**
 * One finding for every echoed key that matches no local value: the failing app gets it from
 * somewhere keydoctor cannot see. Masks echoed whole (short values) are not keys and are left out.
 */
export function unknownSources(facts: Facts, masks: MaskedKey[]): FindingDraft[] {
  const unmatched = masks.filter((m) => m.literal === undefined);
  if (unmatched.length === 0) return [];
  const all = candidates(facts);
  const shown =
    unmatched.slice(0, 3).map(describeMask).join('; ') +
    (unmatched.length > 3 ? `; and ${unmatched.length - 3} more` : '');
  const keyish = all.filter((a) => /OPENAI|AZURE/i.test(a.name));
  const seen = keyish.length
    ? ` keydoctor found ${keyish.length} other value${keyish.length === 1 ? '' : 's'} (${[...new Set(keyish.map(sourceName))].slice(0, 5).join(', ')}), none of them ${unmatched.length === 1 ? 'this key' : 'these keys'}.`
    : ' keydoctor found no OpenAI key on this machine or in this project.';
  const one = unmatched[0];
  return [
    {
      id: 'key-source-unknown',
      message: `The key${unmatched.length === 1 ? '' : 's'} in the error (${shown}) ${unmatched.length === 1 ? 'is' : 'are'} not among the values keydoctor can see, so the failing app gets ${unmatched.length === 1 ? 'it' : 'them'} from somewhere else.${seen} Look in: an IDE launch configuration (.vscode/launch.json "env", a PyCharm run configuration), a running container (\`docker inspect\` / \`docker compose config\`), the deployed environment (hosting dashboard, Kubernetes Secret, CI secret), the Windows user environment, or the app's own settings screen or config file.`,
      data: {
        maskedKey:
          one && unmatched.length === 1 ? { prefix: one.prefix, suffix: one.suffix, length: one.length } : undefined,
        keys: unmatched.length,
        compared: all.length,
      },
      fix: {
        summary:
          'Find where that app is started and what environment it gets; replace the key there (or remove it so the intended source applies).',
      },
    },
  ];
}

/** For a missing key: does any local source define it (so the app does not load it)? */
export function missingKeyHint(facts: Facts, variable: string): string {
  const defs = facts.assignments.filter((a) => a.name === variable && a.value.trim().length > 0);
  if (defs.length === 0)
    return ` No source keydoctor can see defines ${variable} (environment, shell start-up files, .env files).`;
  const where = [...new Set(defs.map(sourceName))].slice(0, 4).join(', ');
  return ` ${where} define${defs.length === 1 ? 's' : ''} ${variable}, so the app does not read that source (a .env file that is not loaded, or loaded after the client is created; a shell file the app's process never sourced).`;
}
