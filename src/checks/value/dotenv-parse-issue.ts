import type { DotenvDialect, DotenvIssue, EnvFile, FindingDraft, Fix, Target } from '../../core/types.js';
import { isCredentialName } from '../../keys/classify.js';
import { OPENAI_VARS } from '../../resolve/sources.js';
import { isExampleFile } from '../../core/paths.js';
import { llmName } from '../../deploy/names.js';
import type { Check } from '../types.js';
import type { Facts } from '../../core/facts.js';
import type { ComposeEnvReject } from '../../deploy/types.js';

const ALL_DIALECTS: readonly DotenvDialect[] = ['dotenv', 'node', 'python'];

const DIALECT_NAMES: Record<DotenvDialect, string> = {
  dotenv: 'npm dotenv',
  node: 'node --env-file',
  python: 'python-dotenv',
};

function fixFor(i: DotenvIssue, f: EnvFile): Fix {
  const at = `line ${i.line} of ${f.relPath}`;
  switch (i.code) {
    case 'bom':
      return {
        summary: `Save ${f.relPath} as UTF-8 without a byte order mark.`,
        command: `sed -i '1s/^\\xEF\\xBB\\xBF//' ${f.relPath}`,
      };
    case 'utf16':
      return {
        summary: `Convert ${f.relPath} to UTF-8.`,
        command: `iconv -f UTF-16 -t UTF-8 ${f.relPath} > ${f.relPath}.utf8 && mv ${f.relPath}.utf8 ${f.relPath}`,
      };
    case 'crlf':
      return { summary: `Convert ${f.relPath} to LF line endings.`, command: `sed -i 's/\\r$//' ${f.relPath}` };
    case 'duplicate-key':
      return {
        summary: `Keep one definition of ${i.name ?? 'the variable'}: delete the one you do not mean (${at} or the other).`,
      };
    case 'unterminated-quote':
      return { summary: `Close the quote on ${at} (the loader reads the following lines into the value).` };
    case 'hash-in-value':
      return { summary: `Quote the value on ${at} so the # is part of it, or remove the comment.` };
    case 'colon-separator':
      return { summary: `Write ${at} as NAME=value (with =, not :).` };
    case 'text-after-quote':
      return { summary: `Remove the text after the closing quote on ${at}.` };
    case 'export-tab':
      return { summary: `Use a single space after "export" on ${at}.` };
    case 'prose-line':
      return { summary: `Put # in front of ${at}: it is a comment, not a setting.` };
    default:
      return { summary: `Rewrite ${at} as a plain NAME=value line.` };
  }
}

/** An OpenAI variable, an LLM provider's key variable, or a target's key variable. */
function keySetting(name: string | undefined, targets: Target[]): boolean {
  if (name === undefined) return true;
  return (OPENAI_VARS as readonly string[]).includes(name) || llmName(name) || targets.some((t) => t.keyVar === name);
}

function holdsOpenAI(f: EnvFile): boolean {
  const names = new Set<string>(OPENAI_VARS);
  return Object.values(f.byDialect).some((list) =>
    (list ?? []).some((a) => names.has(a.name) || (/OPENAI|AZURE/i.test(a.name) && isCredentialName(a.name))),
  );
}

export const check: Check = {
  meta: {
    id: 'dotenv-parse-issue',
    title: 'A dotenv line is read differently from what it seems to say',
    severity: 'warning',
    area: 'code',
    docs: {
      what: 'A line in a dotenv file that a target loads (or that holds an OpenAI variable) is parsed by the loader differently from how it looks: a duplicate key (the last one wins), an unterminated quote that swallows the next lines, `#` inside an unquoted value (cut in npm dotenv, kept in python-dotenv), a byte order mark or UTF-16 encoding, `KEY : value`, text after a closing quote, Windows line endings. python-dotenv expands `${VAR}` and `${VAR:-default}` (what `load_dotenv()` does by default) against the environment and the lines above: `OPENAI_API_KEY=${MY_OPENAI_KEY}` is what such a file means, not a line read differently (a loader that keeps the text, npm dotenv or Node, sends it as written: key-placeholder).',
      why: 'The variable ends up with a different value, or with none, than the one in the editor; the dialects disagree, so the same file can work in Python and fail in Node. docker compose reads `env_file:` files and the project `.env` with its own reader (compose-go), so only what every loader reads alike is said of a compose service; that reader refuses a whole file with a line of words (a comment without its `#`: "key cannot contain a space"), and then `docker compose up` stops before any service starts: an error where such a service needs a key.',
      fix: 'Rewrite the line as a plain `NAME=value` (quote values containing `#` or spaces), keep one definition per name, and save the file as UTF-8 with LF line endings.',
    },
  },
  run({ facts, targets }) {
    const out: FindingDraft[] = [];
    const used = new Set<DotenvDialect>([
      ...(facts.project.node || facts.project.packageJsons.length > 0 ? (['dotenv', 'node'] as const) : []),
      ...(facts.project.pythonProject || facts.project.python.length > 0 ? (['python'] as const) : []),
    ]);
    if (used.size === 0) for (const d of ALL_DIALECTS) used.add(d);
    for (const f of facts.envFiles) {
      if (!f.exists || f.issues.length === 0) continue;
      const readers: Target[] = targets.filter((t) => t.loads?.includes(f.relPath));
      // A file no target loads matters only if it holds an OpenAI setting and is meant as a dotenv file:
      // templates (.env.example) are documentation, `.env.*.yaml` files are YAML (gcloud --env-vars-file).
      if (
        readers.length === 0 &&
        (!holdsOpenAI(f) ||
          f.role === 'example' ||
          isExampleFile(f.relPath) ||
          /\.ya?ml(\.|$)/i.test(f.relPath.slice(f.relPath.lastIndexOf('/') + 1)))
      )
        continue;
      for (const i of f.issues) {
        // docker compose reads env files with its own reader (compose-go): only what every dialect reads alike
        // applies to it; its own refusals are reported below
        const affected = readers.filter((t) =>
          t.kind === 'compose-service'
            ? !i.dialects || ALL_DIALECTS.every((d) => i.dialects?.includes(d))
            : !i.dialects || !t.dialect || i.dialects.includes(t.dialect),
        );
        // The loaders that read this file do not parse the line that way (a python-dotenv quirk in a
        // file only Node reads): nothing is read differently.
        if (readers.length > 0 && affected.length === 0) continue;
        // Read by no target: only the dialects of the project's languages could (a quirk of Node's
        // --env-file in a Python project's .env is nobody's)
        if (readers.length === 0 && i.dialects && !i.dialects.some((d) => used.has(d))) continue;
        // A name set twice changes nothing of the key set-up unless it is part of it (chat-ui's
        // template sets USE_USER_TOKEN twice: not keydoctor's business).
        if (i.code === 'duplicate-key' && !keySetting(i.name, targets)) continue;
        // The line's value wins somewhere (another file, loaded first, does not shadow it everywhere).
        const wins = (t: Target) => {
          const w = i.name !== undefined ? t.vars[i.name]?.winner : undefined;
          return (
            !w || (w.location?.path === f.relPath && (w.location.line === undefined || w.location.line === i.line))
          );
        };
        const keyLine =
          i.name !== undefined &&
          affected.some(
            (t) =>
              (t.keyVar === i.name || (isCredentialName(i.name ?? '') && /OPENAI|AZURE/i.test(i.name ?? ''))) &&
              wins(t),
          );
        const who = i.dialects?.length ? ` (${i.dialects.map((d) => DIALECT_NAMES[d]).join(', ')})` : '';
        const message = `${f.relPath} line ${i.line}: ${i.message.replace(/\.$/, '')}${who}${affected.length ? `; read by ${affected.map((t) => t.label).join(', ')}` : ''}.`;
        const d: FindingDraft = {
          id: 'dotenv-parse-issue',
          message,
          location: { path: f.relPath, line: i.line, ...(i.column ? { column: i.column } : {}) },
          fix: fixFor(i, f),
          data: { code: i.code, name: i.name, dialects: i.dialects, targets: affected.map((t) => t.id) },
        };
        if (affected[0]) d.target = affected[0].id;
        if (keyLine && i.code !== 'duplicate-key') d.severity = 'error';
        out.push(d);
      }
    }
    // a line compose refuses is that finding (one fact, one finding), not also a skipped line
    const refused = composeRefusals(facts, targets);
    const at = new Set(refused.map((r) => `${r.location?.path}:${r.location?.line}`));
    return [
      ...out.filter((d) => !(d.data?.code === 'prose-line' && at.has(`${d.location?.path}:${d.location?.line}`))),
      ...refused,
    ];
  },
};

/**
 * A dotenv file docker compose refuses (compose-go fails on a name with a blank in it: a line of
 * prose without its `#`): the project's `.env` stops every compose command of the project, an
 * `env_file:` the services that read it. An error where such a service needs a key.
 */
function composeRefusals(facts: Facts, targets: Target[]): FindingDraft[] {
  const out: FindingDraft[] = [];
  const seen = new Set<string>();
  for (const p of facts.deploy?.compose ?? []) {
    const svcId = (svc: string): string =>
      p.variant
        ? `compose[${p.variant}]:${p.dir ? p.dir + '/' : ''}${svc}`
        : `compose:${p.dir ? p.dir + '/' : ''}${svc}`;
    const refusals: Array<{ rel: string; r: ComposeEnvReject; services: string[]; project: boolean }> = [];
    if (p.dotenv?.rejected)
      refusals.push({
        rel: p.dotenv.rel,
        r: p.dotenv.rejected,
        services: p.services.map((s) => s.name),
        project: true,
      });
    for (const s of p.services)
      for (const f of s.envFiles) {
        if (!f.rejected) continue;
        const known = refusals.find((x) => x.rel === f.rel && !x.project);
        if (known) known.services.push(s.name);
        else refusals.push({ rel: f.rel, r: f.rejected, services: [s.name], project: false });
      }
    for (const { rel, r, services, project } of refusals) {
      const key = `${rel}:${r.line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const hit = services.map((n) => targets.find((t) => t.id === svcId(n))).filter((t): t is Target => !!t);
      const needsKey = hit.some((t) => (t.clients ?? []).length > 0 || t.vars[t.keyVar] !== undefined);
      out.push({
        id: 'dotenv-parse-issue',
        ...(needsKey ? { severity: 'error' as const } : {}),
        message: `${rel} line ${r.line} is words with spaces between them (a comment without its #), and docker compose refuses a file with such a line ("${r.reason}"): ${project ? `every \`docker compose\` command of ${p.files[0] ?? 'the project'} stops before it starts a service (compose reads ${rel} for \${...} interpolation)` : `\`docker compose up\` stops before it starts ${services.length > 1 ? `services ${services.join(', ')}` : `service ${services[0] ?? ''}`} (env_file:)`}; the other loaders skip the line.`,
        location: { path: rel, line: r.line },
        ...(hit[0] ? { target: hit[0].id } : {}),
        fix: { summary: `Put # in front of line ${r.line} of ${rel} (it is a comment, not a setting).` },
        data: { code: 'compose-rejects', reason: r.reason, services },
      });
    }
  }
  return out;
}
