import type { FindingDraft } from '../../core/types.js';
import { BROWSER_PREFIX, publicPrefix } from '../../scan/paths.js';
import { definitions } from '../_lib/definitions.js';
import { providerOfKeyVar } from '../../providers/index.js';
import {
  describe,
  envNameFor,
  exposedReason,
  hitData,
  insideProject,
  locationOf,
  realKey,
  rotateAt,
  rotateFix,
  where,
} from './_lib/util.js';
import type { Check } from '../types.js';

const KEY_NAME = /KEY|TOKEN|SECRET/i;
/** Names of keys meant for the browser: publishable keys, ChatKit domain keys, anon keys, site keys, client ids. */
const PUBLIC_BY_DESIGN =
  /PUBLISHABLE|DOMAIN_KEY|ANON_KEY|SITE_KEY|PUBLIC_KEY|CLIENT_ID|MEASUREMENT_ID|MAPS?_(API_)?KEY|POSTHOG|SENTRY_DSN|FIREBASE_API_KEY/i;
/** Values that are public by design: ChatKit domain keys, publishable keys. */
const PUBLIC_VALUE = /^(domain_pk_|pk_(live|test)_|pk\.)/;
/** Names that speak of an LLM credential (the provider table's variables, or the words such names use). */
function llmKeyName(name: string): boolean {
  return (
    providerOfKeyVar(name) !== undefined ||
    /OPENAI|OPEN_AI|ANTHROPIC|CLAUDE|GROQ|GEMINI|MISTRAL|OPENROUTER|DEEPSEEK|XAI|GROK|PERPLEXITY|TOGETHER|FIREWORKS|COHERE|HUGGING|LLM|GPT|(^|_)AI_(API_)?KEY/i.test(
      name,
    )
  );
}

/** The key reaches browser code: built bundles, public-prefixed variables, client modules, dangerouslyAllowBrowser. */
const MAX_RELATED = 10;

/** "src/a.js" / "src/a.js and src/b.js" / "src/a.js and 37 other modules" (distinct files). */
function readers(at: Array<{ file: string }>): string {
  const files = [...new Set(at.map((x) => x.file))];
  if (files.length === 1) return files[0] as string;
  if (files.length === 2) return `${files[0]} and ${files[1]}`;
  return `${files[0]} and ${files.length - 1} other modules`;
}

export const check: Check = {
  meta: {
    id: 'key-exposed-to-client',
    title: 'The key reaches browser code',
    severity: 'error',
    area: 'exposure',
    docs: {
      what: "An API key ends up in JavaScript that runs in the browser: it sits in built output (`dist/`, `.next/`, `build/`, `out/`), it is assigned to a variable with a public prefix (`NEXT_PUBLIC_`, `VITE_`, `REACT_APP_`, `EXPO_PUBLIC_`, `PUBLIC_`, `NUXT_PUBLIC_`, `GATSBY_`, `VUE_APP_`) that the framework inlines at build time, it is written into a client module (`'use client'`), or the OpenAI client is created with `dangerouslyAllowBrowser: true` (only a note when the key is the one its caller passes first, as in a page where each visitor enters their own key). A public variable read by many browser modules is one finding, with the modules that read it listed; a warning while nothing the project or the shell holds sets it, and a key assigned to a public name that no code reads is a warning (the framework inlines only the names code reads).",
      why: 'Everything sent to the browser can be read by every visitor (view source, dev tools). A public-prefixed variable is frozen into the bundle at build time, so even a later fix of the environment leaves the old key in deployed files.',
      fix: 'Rotate the key first (platform.openai.com/api-keys): it is public. Then move every OpenAI call to server code (a route handler, server action or API endpoint) that reads `OPENAI_API_KEY` without a public prefix, and have the browser call your endpoint. Remove `dangerouslyAllowBrowser`. For realtime audio in the browser, mint short-lived client secrets on the server. Rebuild and redeploy so the old bundles disappear.',
    },
  },
  run({ facts }) {
    const out: FindingDraft[] = [];
    const seen = new Set<string>();
    const add = (f: FindingDraft) => {
      const k = `${f.location?.path}:${f.location?.line ?? 0}`;
      if (seen.has(k)) return;
      seen.add(k);
      out.push(f);
    };
    // the framework inlines only the names code reads (`process.env.NEXT_PUBLIC_X` in a module it bundles):
    // a public name no code reads is not in the JavaScript yet, only one line of code away from it
    // (only prefixes whose values code reads by name; SvelteKit's `$env/static/public` imports and Nuxt's
    // runtimeConfig.public take PUBLIC_ / NUXT_PUBLIC_ names in other ways)
    const unread = (name: string | undefined): boolean =>
      name !== undefined &&
      BROWSER_PREFIX.test(name) &&
      facts.code !== undefined &&
      !facts.code.envReads.some((r) => r.name === name);
    for (const hit of facts.scan?.hits ?? []) {
      const reason = exposedReason(facts, hit);
      if (!reason) continue;
      const later = hit.context === 'env-file' && unread(hit.name);
      add({
        id: 'key-exposed-to-client',
        ...(later ? { severity: 'warning' as const } : {}),
        message: later
          ? `${describe(hit)} is assigned to ${hit.name} (${where(hit)}): no code of the project reads ${hit.name} now, so the framework has not inlined it, but the ${publicPrefix(hit.name ?? '')} prefix would put it into the JavaScript sent to every visitor as soon as a browser module reads it.`
          : `${describe(hit)} reaches browser code: ${reason} (${where(hit)}).`,
        location: locationOf(hit),
        fix: rotateFix(
          hit,
          `call the API from server code that reads a non-public variable (${envNameFor(hit)}), and rebuild so the old bundle disappears.`,
        ),
        data: hitData(hit),
      });
    }
    // Public-prefixed variables in parsed dotenv files (the scan may not have read them all).
    for (const ef of facts.envFiles) {
      if (!ef.exists || !insideProject(ef.relPath)) continue;
      for (const list of Object.values(ef.byDialect)) {
        for (const a of list ?? []) {
          const prefix = publicPrefix(a.name);
          if (!prefix) continue;
          const k = realKey(a.name, a.value);
          if (!k) continue;
          const later = unread(a.name);
          add({
            id: 'key-exposed-to-client',
            ...(later ? { severity: 'warning' as const } : {}),
            message: later
              ? `${describe({ label: k.label, secret: a.value })} is assigned to ${a.name} in ${ef.relPath}: no code of the project reads ${a.name} now, so the framework has not inlined it, but the ${prefix} prefix would put it into the JavaScript sent to every visitor as soon as a browser module reads it.`
              : `${describe({ label: k.label, secret: a.value })} is assigned to ${a.name} in ${ef.relPath}: the ${prefix} prefix makes the framework inline it into the JavaScript sent to every visitor.`,
            location: { path: ef.relPath, line: a.location?.line },
            fix: {
              summary: `Rotate the key at ${rotateAt({ provider: k.provider, kind: k.kind })} first (it is public), then rename the variable without the ${prefix} prefix and use it only in server code.`,
            },
            data: { name: a.name, kind: k.kind, provider: k.provider, prefix },
          });
        }
      }
    }
    const code = facts.code;
    if (code) {
      const clientFiles = new Set(code.files.filter((f) => f.clientSide).map((f) => f.file));
      for (const c of code.clients) {
        if (!c.options.dangerouslyAllowBrowser) continue;
        const key = c.options.apiKey;
        // the key its caller passes first (`{ openaiApiKey }`, a key the visitor types in and the page keeps in
        // localStorage): bring-your-own-key, unless the caller hands it one of the project's own
        if (key?.kind === 'env' && key.before) {
          add({
            id: 'key-exposed-to-client',
            severity: 'info',
            message: `The OpenAI client in ${c.file}:${c.line} is created with dangerouslyAllowBrowser: true with the key \`${key.before}\` its caller passes: every visitor can read that key. That is the intended pattern when each visitor enters their own key; if the page is handed one of yours, it is public.`,
            location: { path: c.file, line: c.line },
            fix: {
              summary:
                'If the key is one of yours (not typed in by each visitor), rotate it and move the API call to server code (route handler, server action, API endpoint).',
            },
            data: { sdk: c.sdk, dangerouslyAllowBrowser: true, givenBy: key.before },
          });
          continue;
        }
        const via =
          key?.kind === 'env' ? ` with the key from ${key.name}` : key?.kind === 'literal' ? ' with a literal key' : '';
        add({
          id: 'key-exposed-to-client',
          severity: key?.kind === 'env' && !publicPrefix(key.name) && !clientFiles.has(c.file) ? 'warning' : undefined,
          message: `The OpenAI client in ${c.file}:${c.line} is created with dangerouslyAllowBrowser: true${via}: the key is sent from the browser, where every visitor can read it.`,
          location: { path: c.file, line: c.line },
          fix: {
            summary:
              'Rotate the key if it was deployed this way, move the API call to server code (route handler, server action, API endpoint), and remove dangerouslyAllowBrowser.',
          },
          data: { sdk: c.sdk, dangerouslyAllowBrowser: true },
        });
      }
      const defs = definitions(facts);
      // One variable inlined into the bundle is one fact, however many modules read it: one finding per name,
      // the reads as its related locations (a Groq demo reading NEXT_PUBLIC_GROQ_API_KEY in 38 pages got 39 errors).
      const reads = new Map<string, { prefix: string; at: Array<{ file: string; line: number }> }>();
      for (const r of code.envReads) {
        const prefix = publicPrefix(r.name);
        if (!prefix || !KEY_NAME.test(r.name.slice(prefix.length)) || !clientFiles.has(r.file)) continue;
        // A public-prefixed key name alone proves little (Stripe, Maps, ChatKit keys are public by design):
        // it counts when it names an LLM credential and no value for it is public by design.
        const bare = r.name.slice(prefix.length);
        if (!llmKeyName(bare) || PUBLIC_BY_DESIGN.test(bare)) continue;
        const values = (defs.get(r.name) ?? []).map((d) => d.value).filter((v): v is string => !!v);
        if (values.length > 0 && values.every((v) => PUBLIC_VALUE.test(v.trim()))) continue;
        const g = reads.get(r.name) ?? { prefix, at: [] };
        g.at.push({ file: r.file, line: r.line });
        reads.set(r.name, g);
      }
      for (const [name, g] of reads) {
        const first = g.at[0] as { file: string; line: number };
        const related = g.at.map((x) => ({ path: x.file, line: x.line, note: `reads ${name} in browser code` }));
        // the value itself is already reported (a key assigned to it in .env.local): the reads are where it goes
        const valued = out.find((f) => f.data?.name === name);
        if (valued) {
          valued.related = [...(valued.related ?? []), ...related.slice(0, MAX_RELATED)];
          valued.message = `${valued.message.slice(0, -1)}; ${readers(g.at)} ${g.at.length > 1 ? 'read' : 'reads'} it.`;
          continue;
        }
        // nothing here gives it a value: no key is in the bundle yet, but setting one would publish it
        const unset = (defs.get(name) ?? []).every((d) => !d.value) && !facts.env[name];
        add({
          id: 'key-exposed-to-client',
          ...(unset ? { severity: 'warning' as const } : {}),
          message: `${g.at.length > 1 ? 'The client modules' : 'The client module'} ${readers(g.at)} ${g.at.length > 1 ? 'read' : 'reads'} ${name}: the ${g.prefix} prefix means its value (a key) is inlined into the browser bundle at build time.${unset ? ` Nothing here sets ${name} yet, so no key is published today; setting it would publish it.` : ''}`,
          location: { path: first.file, line: first.line },
          ...(related.length > 1 ? { related: related.slice(1, MAX_RELATED + 1) } : {}),
          fix: {
            summary: `Rotate the key if it was deployed this way, read it only in server code under a name without the ${g.prefix} prefix, and call your own endpoint from the browser.`,
          },
          data: { name, prefix: g.prefix, reads: g.at.length },
        });
      }
    }
    return out;
  },
};
