/**
 * Spring Boot: `application.yml` / `application.yaml` / `application.properties` and the profile
 * files `application-{profile}.*`, in `src/main/resources` (and its `config/`) or in the folder the
 * app starts in (and its `config/`) next to a pom.xml or build.gradle. A YAML file's documents are
 * read apart: a document with `spring.config.activate.on-profile` (or the older `spring.profiles`)
 * belongs to that profile. `${NAME}` / `${NAME:default}` values are references to other properties
 * or environment variables, resolved when the app starts.
 */
import type { Reader } from './reader.js';
import type { StoreEntry } from './types.js';
import { readProperties, readYamlDocs } from './formats.js';
import { joinRel } from '../../core/paths.js';

const RESOURCES = /^(?:(.*)\/)?src\/main\/resources\/(?:config\/)?application(?:-([\w.-]+))?\.(?:ya?ml|properties)$/;
const WORKDIR = /^(?:(.*)\/)?(?:config\/)?application(?:-([\w.-]+))?\.(?:ya?ml|properties)$/;
const BUILD_FILES = ['pom.xml', 'build.gradle', 'build.gradle.kts'];

/** `${OPENAI_API_KEY}` / `${OPENAI_API_KEY:}` / `${openai.key:sk-default}`: the whole value is one reference. */
export function springRef(value: string): StoreEntry['ref'] | undefined {
  const m = /^\$\{([^}:]+)(?::([^}]*))?\}$/.exec(value.trim());
  if (!m || !m[1]) return undefined;
  return { name: m[1].trim(), ...(m[2] !== undefined ? { default: m[2] } : {}) };
}

/** Spring's property name from a YAML path: `spring.ai.openai.api-key`, `list[0].name`. */
function propName(path: string[]): string {
  return path.join('.').replace(/\.\[/g, '[');
}

export const springReader: Reader = {
  store: 'spring',
  what: 'Spring configuration file',
  match(rel, ctx) {
    const m = RESOURCES.exec(rel);
    if (m) return { role: m[2] ? `application-${m[2]}` : 'application', dir: m[1] ?? '' };
    const w = WORKDIR.exec(rel);
    if (!w) return undefined;
    const dir = (w[1] ?? '').replace(/\/?config$/, '');
    const inConfig = /(^|\/)config\/application/.test(rel);
    const base = inConfig ? dir : (w[1] ?? '');
    if (!BUILD_FILES.some((b) => ctx.has(joinRel(base, b)))) return undefined;
    return { role: w[2] ? `application-${w[2]}` : 'application', dir: base };
  },
  parse(text, shown, ctx) {
    if (shown.endsWith('.properties')) return withRefs(readProperties(text, shown, 'spring-config'));
    const out: StoreEntry[] = [];
    for (const { leaves } of readYamlDocs(text, shown, ctx.notes)) {
      const names = leaves.map((l) => propName(l.path));
      const at = (n: string) => leaves[names.indexOf(n)]?.value;
      const profile = at('spring.config.activate.on-profile') ?? at('spring.profiles');
      leaves.forEach((l, i) => {
        const e: StoreEntry = {
          name: names[i] ?? '',
          path: l.path,
          value: l.value,
          kind: 'spring-config',
          location: { path: shown, ...(l.line ? { line: l.line } : {}) },
        };
        if (l.type !== 'string') e.detail = l.type;
        if (profile) e.section = profile;
        out.push(e);
      });
    }
    return withRefs(out);
  },
};

function withRefs(list: StoreEntry[]): StoreEntry[] {
  for (const e of list) {
    const r = springRef(e.value);
    if (r) e.ref = r;
  }
  return list;
}
