import type { FindingDraft } from '../../core/types.js';
import type { Facts } from '../../core/facts.js';
import type { EnvRead } from '../../code/types.js';
import type { Check } from '../types.js';

/** Prefixes a framework inlines into browser code, by framework. */
const PUBLIC: Array<{ framework: string; name: string; via: RegExp; prefix: RegExp; builtins: Set<string> }> = [
  {
    framework: 'next',
    name: 'Next.js',
    via: /^process\.env/,
    prefix: /^NEXT_PUBLIC_/,
    builtins: new Set(['NODE_ENV']),
  },
  {
    framework: 'cra',
    name: 'Create React App',
    via: /^process\.env/,
    prefix: /^REACT_APP_/,
    builtins: new Set(['NODE_ENV', 'PUBLIC_URL']),
  },
  {
    framework: 'vite',
    name: 'Vite',
    via: /^import\.meta\.env/,
    prefix: /^VITE_/,
    builtins: new Set(['MODE', 'BASE_URL', 'PROD', 'DEV', 'SSR']),
  },
  { framework: 'expo', name: 'Expo', via: /^process\.env/, prefix: /^EXPO_PUBLIC_/, builtins: new Set(['NODE_ENV']) },
  { framework: 'gatsby', name: 'Gatsby', via: /^process\.env/, prefix: /^GATSBY_/, builtins: new Set(['NODE_ENV']) },
  {
    framework: 'vue-cli',
    name: 'Vue CLI',
    via: /^process\.env/,
    prefix: /^VUE_APP_/,
    builtins: new Set(['NODE_ENV', 'BASE_URL']),
  },
];

function frameworkFor(facts: Facts, r: EnvRead): (typeof PUBLIC)[number] | undefined {
  const fw = new Set(facts.project.frameworks);
  // SvelteKit, Astro, Nuxt and Remix have their own server/client split on top of Vite: not judged here.
  if (fw.has('sveltekit') || fw.has('astro') || fw.has('nuxt') || fw.has('remix')) return undefined;
  return PUBLIC.find((p) => fw.has(p.framework as never) && p.via.test(r.via));
}

export const check: Check = {
  meta: {
    id: 'env-unavailable-in-browser',
    title: 'Browser code reads a variable the framework does not expose to it',
    severity: 'error',
    area: 'code',
    docs: {
      what: "Code that runs in the browser (a `'use client'` component, a Vite/CRA app under `src/`, a Vue or Svelte component) reads an OpenAI variable such as `process.env.OPENAI_API_KEY` or `import.meta.env.OPENAI_API_KEY`. Frameworks only inline variables with their public prefix (`NEXT_PUBLIC_`, `VITE_`, `REACT_APP_`, `EXPO_PUBLIC_`, ...) into browser code; every other name is `undefined` there, however it is defined in `.env`.",
      why: 'The client is built with `apiKey: undefined` ("Missing credentials", or the SDK\'s browser guard), although the key is in `.env` and works in server code.',
      fix: 'Do not add the public prefix: that would publish the key to every visitor. Move the OpenAI call to server code (a Next.js route handler or server action, an API route, a backend endpoint) and call that from the browser.',
    },
  },
  run({ facts }) {
    const code = facts.code;
    if (!code) return [];
    const clientFiles = new Set(code.files.filter((f) => f.clientSide).map((f) => f.file));
    const out: FindingDraft[] = [];
    const seen = new Set<string>();
    for (const r of code.envReads) {
      if (!clientFiles.has(r.file)) continue;
      if (!/OPENAI|AZURE/.test(r.name) || !/KEY|TOKEN|SECRET|ORG|PROJECT|BASE|ENDPOINT|VERSION/.test(r.name)) continue;
      const fw = frameworkFor(facts, r);
      if (!fw || fw.prefix.test(r.name) || fw.builtins.has(r.name)) continue;
      const key = `${r.file}:${r.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        id: 'env-unavailable-in-browser',
        message: `${r.file}:${r.line} runs in the browser and reads ${r.via.replace(/ destructuring$/, '')}.${r.name}; ${fw.name} only inlines ${fw.prefix.source.replace(/^\^/, '')}* variables into browser code, so it is undefined there.`,
        location: { path: r.file, line: r.line, ...(r.column ? { column: r.column } : {}) },
        fix: {
          summary: `Call OpenAI from server code and fetch the result from the browser; do not rename the variable to ${fw.prefix.source.replace(/^\^/, '')}${r.name} (that would publish the key).`,
        },
        data: { variable: r.name, framework: fw.framework },
      });
    }
    return out;
  },
};
