import type { FindingDraft, Location } from '../../core/types.js';
import { isPlaceholder } from '../../keys/classify.js';
import {
  PUBLIC_PREFIX,
  type Definition,
  clientLabel,
  definitions,
  loc,
  relevantName,
  similarNames,
} from './_lib/check-helpers.js';
import { pushAll } from '../../core/arrays.js';
import { providerOfKeyVar } from '../../providers/index.js';
import { reachable } from '../../resolve/target.js';
import type { Facts } from '../../core/facts.js';
import type { Check } from '../types.js';

const dirOf = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');

/**
 * Whether a file's definitions can reach code in `file`: the definition's folder holds the code (a
 * `.env` or compose file above it), a target that loads the definition's file reaches the code, or
 * the definition is not in a file (the shell). CI workflows set names for the whole repository.
 */
function reaches(facts: Facts, targets: Parameters<Check['run']>[0]['targets'], d: Definition, file: string): boolean {
  const path = d.location?.path;
  if (!path || path.startsWith('/') || path.startsWith('~')) return true;
  if (/^\.(github|gitlab|circleci)\//.test(path) || !path.includes('/')) return true;
  const dir = dirOf(path);
  if (file === dir || file.startsWith(dir + '/')) return true;
  return targets.some((t) => (t.loads ?? []).includes(path) && (reachable(facts, t.entry)?.has(file) ?? false));
}

const CI_FILE = /^\.(github|gitlab|circleci)\/|^\.gitlab-ci\.ya?ml$/;

/**
 * A CI job's variable that holds the CI system's own automatic token (`GITHUB_TOKEN: ${{ github.token }}`,
 * `${{ secrets.GITHUB_TOKEN }}`, GitLab's `$CI_JOB_TOKEN`) for one step: the platform makes it, nobody
 * misspelt a key there (a library's `GITHUB_API_KEY` for GitHub Models is not the workflow's token).
 */
function ciAutomaticToken(facts: Facts, d: Definition): boolean {
  const at = d.location;
  if (!at?.path || !/^\.(github|gitlab|circleci)\/|^\.gitlab-ci\.ya?ml$/.test(at.path)) return false;
  const v = (facts.deploy?.ci ?? [])
    .filter((j) => j.file === at.path)
    .flatMap((j) => j.env)
    .find((e) => e.name === d.name && e.line === at.line);
  const raw = v?.raw ?? d.value ?? '';
  return (
    /\$\{\{\s*(github\.token|secrets\.GITHUB_TOKEN)\s*\}\}|^\$\{?CI_JOB_TOKEN\}?$/.test(raw.trim()) ||
    (v === undefined && d.name === 'GITHUB_TOKEN')
  );
}

/** Two names of different known providers (GROK_API_KEY for xAI, GROQ_API_KEY for Groq) are not one name misspelt. */
function otherProviders(a: string, b: string): boolean {
  const pa = providerOfKeyVar(a);
  const pb = providerOfKeyVar(b);
  return pa !== undefined && pb !== undefined && pa.id !== pb.id;
}

/** Both names carry a framework's public prefix, and not the same one. */
function otherFramework(a: string, b: string): boolean {
  const pa = PUBLIC_PREFIX.exec(a.toUpperCase())?.[0];
  const pb = PUBLIC_PREFIX.exec(b.toUpperCase())?.[0];
  return pa !== undefined && pb !== undefined && pa !== pb;
}

interface Reader {
  name: string;
  location: Location;
  what: string;
  /** The settings `env_prefix` in the name: the same name without it counts as the similar one. */
  prefix?: string;
  /** The code reads the name itself (not an SDK reading it for a client given no key). */
  explicit?: boolean;
}

/**
 * A template of dotenv files (`.env.sample`, `.env.example`) in the reader's folder or one above it,
 * below the folder of the file that defines the other name, that names `name`, while no real dotenv
 * file sits beside it: a part of the project with a set-up of its own, not made.
 */
function ownTemplate(
  facts: Facts,
  reader: string,
  name: string,
  definedIn: string | undefined,
): { dir: string; file: string } | undefined {
  const top = definedIn ? dirOf(definedIn) : '';
  for (let d = dirOf(reader); d && d !== top; d = dirOf(d)) {
    const here = facts.envFiles.filter((f) => f.exists && dirOf(f.relPath) === d);
    if (here.some((f) => f.role !== 'example')) return undefined;
    const t = here.find(
      (f) =>
        f.role === 'example' && Object.values(f.byDialect).some((list) => (list ?? []).some((a) => a.name === name)),
    );
    if (t) return { dir: d, file: t.relPath };
  }
  return undefined;
}

export const check: Check = {
  meta: {
    id: 'env-name-mismatch',
    title: 'The code reads a variable name nothing defines; a similar name is defined',
    severity: 'error',
    area: 'code',
    docs: {
      what: 'The code (or the SDK on its behalf) reads an environment variable that no source defines, while a source defines a name that differs only in spelling: `OPENAI_KEY` vs `OPENAI_API_KEY`, `OPEN_AI_API_KEY`, `OPENAI_APIKEY`, another word order or case, a framework prefix such as `NEXT_PUBLIC_`, or one typo. `new OpenAI()` / `OpenAI()` without an `apiKey` read `OPENAI_API_KEY` (Azure clients read `AZURE_OPENAI_API_KEY`). A misnamed optional setting (base URL, organization, api-version), and a name that only the code itself sets at run time (`process.env.X = value` in one module, `process.env.Y` read in another: the code disagreeing with itself, not a definition the user wrote), are reported as warnings. A key option that is unset is no misspelling where the SDK then reads its own variable and that one is defined (`OpenAI(api_key=os.getenv("X"))` reads OPENAI_API_KEY when X is unset; `os.environ["X"]` raises instead). A name read in a file that also reads the similar, defined name (`os.getenv("AZURE_ENDPOINT") or os.getenv("AZURE_API_BASE")`) is an alternative, not a misspelling. Where other code of the project reads the defined name itself (an app reads AZURE_OPENAI_KEY, its scripts AZURE_OPENAI_API_KEY), both names are in use: a warning whose fix is to define the other name as well, never to rename.',
      why: 'Environment variables are matched by exact name. The read returns undefined, so the client has no key ("Missing credentials", "The api_key client option must be set") or sends `undefined`, while the key sits unused under the other name.',
      fix: 'Rename the variable where it is defined to the name the code reads (usually `OPENAI_API_KEY`, which the SDKs read by themselves), or pass it explicitly: `new OpenAI({ apiKey: process.env.OPENAI_KEY })` / `OpenAI(api_key=os.environ["OPENAI_KEY"])`. A name that only a CI job sets (for the tests it runs) is a warning with no rename: a run on this machine gets neither name, so define the one the code reads where it runs. A name the code outside tests reads counts as defined only where this machine gets it: the `env:` of a CI job does not hide a misspelt local definition.',
    },
  },
  run({ facts, targets }) {
    const code = facts.code;
    if (!code) return [];
    const defs = definitions(facts);
    const defined = (n: string): boolean => (defs.get(n) ?? []).length > 0 || facts.env[n] !== undefined;
    // defined for a run on this machine: a CI job's `env:` (OPENAI_API_KEY: fake-for-tests for its pytest run)
    // sets the name only where that job runs, so a misspelt local definition stays a misspelling
    const definedHere = (n: string): boolean =>
      (defs.get(n) ?? []).some((d) => !CI_FILE.test(d.location?.path ?? '')) || facts.env[n] !== undefined;
    const readers: Reader[] = [];
    // names a client of the project takes its key from (GITHUB_API_KEY for GitHub Models): LLM set-up whatever the name
    const clientKeys = new Set<string>();
    for (const c of code.clients) {
      if (c.keyVar) clientKeys.add(c.keyVar);
      for (const f of c.keyVarFallbacks ?? []) clientKeys.add(f);
      const k = c.options.apiKey;
      if (k?.kind === 'env') for (const n of [k.name, ...(k.fallbacks ?? [])]) clientKeys.add(n);
      // `api_key or os.getenv("GITHUB_API_KEY")`: an expression that names the variables it reads
      if (k?.kind === 'other')
        for (const m of k.text.matchAll(/(?:getenv|environ\.get|environ\[|env\.)\(?\s*["'`]?([A-Z][A-Z0-9_]{2,})/g))
          clientKeys.add(m[1] as string);
    }
    const fallsBack = new Set(
      code.clients
        .filter((c) => c.sdkFallback && c.keyVar && (c.keyVarFallbacks ?? []).some((f) => defined(f)))
        .map((c) => `${c.file}\u0000${c.keyVar}`),
    );
    for (const r of code.envReads) {
      // a real default makes the read work without the variable; `?? ''` or a placeholder does not
      if (r.default !== undefined && r.default.trim() !== '' && !isPlaceholder(r.default)) continue;
      if (!relevantName(r.name) && !clientKeys.has(r.name)) continue;
      // the key option of a client that reads its SDK's own variable when this one is unset
      // (`AzureOpenAI(api_key=os.environ.get("AZURE_OPENAI_KEY"))` with AZURE_OPENAI_API_KEY set)
      if (fallsBack.has(`${r.file}\u0000${r.name}`)) continue;
      readers.push({
        name: r.name,
        location: loc(r),
        what: `${r.file}:${r.line} reads ${r.name} (${r.via}${r.prefix ? `, env_prefix "${r.prefix}"` : ''})`,
        explicit: true,
        ...(r.prefix ? { prefix: r.prefix } : {}),
      });
    }
    for (const c of code.clients) {
      if (!c.keyVarImplicit || !c.keyVar) continue;
      if ((c.keyVarFallbacks ?? []).some((f) => defined(f))) continue;
      readers.push({
        name: c.keyVar,
        location: loc(c),
        what: `${clientLabel(c)} at ${c.file}:${c.line} is given no key, so the SDK reads ${c.keyVar}`,
      });
    }
    // A name a template documents as an optional variable (`# STT_GROQ_API_KEY=xxxxx` in .env.example, left
    // commented out) is the project's own spelling of a feature left off, not a misspelling of a similar name.
    // (A name the template sets is not enough: the user may have typed another one in their .env.)
    const documented = new Set<string>();
    for (const f of facts.envFiles) if (f.role === 'example') for (const n of f.documented ?? []) documented.add(n);
    const byName = new Map<string, Reader[]>();
    for (const r of readers) {
      // (a test file, which the CI job that sets its name runs, is read as that job runs it)
      const test =
        /(^|\/)(tests?|__tests__|e2e)\/|(^|\/)test_[^/]*\.py$|_test\.(py|go)$|\.(test|spec)\.[cm]?[jt]sx?$/.test(
          r.location.path,
        );
      if ((test ? defined(r.name) : definedHere(r.name)) || documented.has(r.name)) continue;
      const l = byName.get(r.name) ?? [];
      l.push(r);
      byName.set(r.name, l);
    }
    // Names each file reads: a file that reads the defined name too (`os.getenv("AZURE_ENDPOINT") or
    // os.getenv("AZURE_API_BASE")`, `NEXT_PUBLIC_X ... else if (REACT_APP_X)`) reads the other as an alternative.
    const readIn = new Map<string, Set<string>>();
    for (const r of code.envReads) {
      const l = readIn.get(r.file) ?? new Set<string>();
      l.add(r.name);
      readIn.set(r.file, l);
    }
    // Names some code of the project reads itself: a definition of one is that code's as well (the app of
    // sample-app-aoai-chatGPT reads AZURE_OPENAI_KEY, its data scripts AZURE_OPENAI_API_KEY): renaming it
    // would break the part that reads it, so the fix is to define the other name too.
    const readByCode = new Set<string>(code.envReads.map((r) => r.name));
    for (const c of code.clients) if (c.keyVar && !c.keyVarImplicit) readByCode.add(c.keyVar);
    const out: FindingDraft[] = [];
    for (const [name, all] of byName) {
      const candidates: Definition[] = [];
      const bare = all.find((r) => r.prefix && name.startsWith(r.prefix))?.prefix;
      for (const [dname, ds] of defs) {
        if (
          !(similarNames(name, dname) || (bare !== undefined && dname === name.slice(bare.length))) ||
          otherProviders(name, dname)
        )
          continue;
        // only definitions that can reach the code that reads the name: another app's .env is not this one's misspelling
        const near = ds.filter(
          (d) =>
            (d.value === undefined || d.value !== '') &&
            !ciAutomaticToken(facts, d) &&
            // two frameworks' public variables (NEXT_PUBLIC_X read, EXPO_PUBLIC_X set by a CI job for another app):
            // two apps' settings, unless the reader's own .env holds the other (a Vite app left with REACT_APP_X)
            !(d.kind !== 'dotenv' && otherFramework(name, dname)) &&
            // `os.environ["OPENAI_ORGANIZATION"] = config("OPENAI_ORGANIZATION_ID")`: the line copies the name it reads
            !all.some(
              (r) => d.kind === 'code' && d.location?.path === r.location.path && d.location?.line === r.location.line,
            ) &&
            all.some((r) => reaches(facts, targets, d, r.location.path)),
        );
        pushAll(candidates, near);
      }
      const rs = all.filter((r) => !r.explicit || !candidates.some((d) => readIn.get(r.location.path)?.has(d.name)));
      if (candidates.length === 0 || rs.length === 0) continue;
      const first = rs[0] as Reader;
      const cand = candidates.find((d) => d.kind === 'dotenv') ?? (candidates[0] as Definition);
      const where = cand.location
        ? `${cand.location.path}${cand.location.line ? `:${cand.location.line}` : ''}`
        : cand.kind === 'process-env'
          ? 'the environment'
          : cand.kind;
      const names = [...new Set(candidates.map((d) => d.name))];
      const codeOnly = candidates.every((d) => d.kind === 'code');
      // only a CI job defines it (go-openai's OPENAI_TOKEN for its integration test): a run on this machine
      // gets nothing from there, and the job may run other code than the reader
      const ciOnly = candidates.every((d) => CI_FILE.test(d.location?.path ?? ''));
      // the defined name is what other code of the project reads (not the file reading `name`): both are in use
      const shared = !readIn.get(first.location.path)?.has(cand.name) && readByCode.has(cand.name);
      // the reader sits in a part with its own template naming the variable (sample-app-aoai-chatGPT's
      // scripts/.env.sample with AZURE_OPENAI_API_KEY), not made yet: that part is set up from it, apart
      const template = ownTemplate(facts, first.location.path, name, cand.location?.path);
      const message = `${first.what}, but nothing defines ${name}; ${names.join(' and ')} ${names.length > 1 ? 'are' : 'is'} ${codeOnly ? 'set by the code itself' : 'defined'} (${where}).${
        template
          ? ` ${template.dir} has its own template, ${template.file}, which names ${name}: that part is set up from it (copy it to ${template.dir}/.env and fill it in), and needs ${name} only when you run it.`
          : shared
            ? ` Other code of the project reads ${cand.name} itself, so both names are in use: define ${name} as well.`
            : ciOnly
              ? ` Only a CI job sets ${cand.name}, for what it runs there: a run on this machine gets neither name.`
              : ''
      }`;
      const finding: FindingDraft = {
        id: 'env-name-mismatch',
        // a missing key breaks every call; a misnamed optional setting (base URL, organization, version) is silently ignored.
        // A name only the code itself sets at run time (`process.env.X = v` in a function) is the code disagreeing with
        // itself, not a misspelt definition of the user's: worth a look, but nothing the user set up is wrong.
        ...(template
          ? { severity: 'info' as const }
          : /KEY|TOKEN|SECRET|PASSWORD/i.test(name) && !codeOnly && !shared && !ciOnly
            ? {}
            : { severity: 'warning' as const }),
        message,
        location: first.location,
        related: [
          ...rs.slice(1, 6).map((r) => ({ ...r.location, note: `also reads ${name}` })),
          ...candidates
            .filter((d) => d.location)
            .slice(0, 5)
            .map((d) => ({ ...(d.location as Location), note: `defines ${d.name}` })),
        ],
        fix: template
          ? {
              summary: `To run the code in ${template.dir}/, make ${template.dir}/.env from ${template.file} and put ${name} in it.`,
              command: `cp ${template.file} ${template.dir}/.env`,
            }
          : ciOnly
            ? {
                summary: `Define ${name} where this code runs (export it, or put it in the .env the code loads); if the CI job in ${cand.location?.path ?? 'the workflow'} runs this code, have it set ${name} as well.`,
              }
            : shared
              ? {
                  summary: `Add ${name}=<value> to ${cand.location?.path ?? 'the file that defines ' + cand.name} beside ${cand.name} (keep ${cand.name}: other code reads it), or make this code read ${cand.name}.`,
                }
              : cand.kind === 'dotenv' && cand.location?.line
                ? {
                    summary: `Rename ${cand.name} to ${name} in ${cand.location.path} (or read ${cand.name} in the code).`,
                    edit: {
                      path: cand.location.path,
                      line: cand.location.line,
                      before: `${cand.name}=`,
                      after: `${name}=`,
                    },
                    safe: false,
                  }
                : {
                    summary: `Define ${name} (rename ${cand.name} where it is set), or make the code read ${cand.name}.`,
                  },
        data: { reads: name, defined: names },
      };
      out.push(finding);
    }
    return out;
  },
};
