import type { FindingDraft } from '../../core/types.js';
import { isPlaceholder } from '../../keys/classify.js';
import { isKeyValue } from '../../deploy/names.js';
import type { Check } from '../types.js';

const SECRET_FIX =
  'Pass the key when the container runs (`docker run -e OPENAI_API_KEY`, compose `environment:`, a Kubernetes Secret); if a build step needs it, use a BuildKit secret: `RUN --mount=type=secret,id=openai,env=OPENAI_API_KEY ...` with `docker build --secret id=openai,env=OPENAI_API_KEY .`';

/** A Dockerfile named as a template (`Dockerfile-example`, `Dockerfile.template`, `sample.Dockerfile`): copied and edited before a build. */
const TEMPLATE_NAME = /(?:^|[._-])(?:example|sample|template|tmpl|tpl)(?:[._-]|$)/i;

export const check: Check = {
  meta: {
    id: 'key-in-docker-image',
    title: 'The key is baked into a Docker image',
    severity: 'error',
    area: 'deploy',
    docs: {
      what: 'A Dockerfile puts the key into the image: `ENV OPENAI_API_KEY=sk-...`, `ARG OPENAI_API_KEY=<key>`, `ENV OPENAI_API_KEY=$OPENAI_API_KEY` copying a build argument, or `COPY . .` / `COPY .env` taking a `.env` that holds the key into the image while no `.dockerignore` entry keeps it out. A Dockerfile named as a template (`Dockerfile-example`, `Dockerfile.template`) that copies a `.env` gives a warning: it is copied and edited before an image is built from it.',
      why: 'Image layers and metadata are readable by anyone who can pull the image (`docker history`, `docker inspect`, `docker save`), so the key leaks with every push; a baked `.env` or ENV also silently supplies a stale key whenever the platform forgets to set the variable, which then fails with 401 long after the key was rotated.',
      fix: 'Remove the ENV/ARG with the key and pass it at run time (`docker run -e OPENAI_API_KEY`, compose `environment:`, a Kubernetes Secret). Add `.env` and `.env.*` (with `!.env.example`) to the `.dockerignore` of the build context (`**/.env` for a `.env` below the root of the context: its patterns match paths from there; `X.Dockerfile.dockerignore` beside the Dockerfile is read instead where it exists, and `X.dockerignore` is not read at all). For build steps that need the key, use `RUN --mount=type=secret`. Rotate a key that was already pushed in an image.',
    },
  },
  run({ facts }) {
    const out: FindingDraft[] = [];
    const listed = new Set(facts.files.map((f) => f.rel));
    for (const df of facts.deploy?.dockerfiles ?? []) {
      const covered = new Set<number>();
      for (const k of df.keyVars) {
        const loc = { path: df.rel, line: k.line };
        const stage =
          df.stages > 1 ? (k.inFinal ? ' in the final stage' : ` in build stage ${k.stageName ?? k.stage + 1}`) : '';
        const severity = k.inFinal ? undefined : ('warning' as const);
        if (k.source === 'literal' && k.value !== undefined) {
          if (!isKeyValue(k.value, k.name) && (isPlaceholder(k.value) || k.value.length < 8)) continue;
          covered.add(k.line);
          out.push({
            id: 'key-in-docker-image',
            severity,
            message: `${k.instr} ${k.name}=${k.value} in ${df.rel}${stage} bakes the key into the image${k.instr === 'ARG' ? ' (as a build-argument default, visible in `docker history`)' : ' (in its config, visible to anyone who pulls it)'}.`,
            location: loc,
            fix: { summary: SECRET_FIX },
            data: { variable: k.name, instruction: k.instr },
          });
        } else if (k.instr === 'ENV' && k.source === 'build-arg') {
          covered.add(k.line);
          out.push({
            id: 'key-in-docker-image',
            severity,
            message: `ENV ${k.name}=$${k.arg ?? k.name} in ${df.rel}${stage} copies the build argument into the image's environment: whatever key is passed with --build-arg ships inside the image.`,
            location: loc,
            fix: { summary: SECRET_FIX },
            data: { variable: k.name, instruction: 'ENV', buildArg: k.arg },
          });
        } else if (k.instr === 'ARG' && k.source === 'none') {
          if (df.keyVars.some((x) => x.instr === 'ENV' && x.arg === k.name)) continue;
          if (df.secretMounts.length > 0 && !k.inFinal) continue;
          covered.add(k.line);
          out.push({
            id: 'key-in-docker-image',
            severity: 'warning',
            message: `ARG ${k.name} in ${df.rel} takes the key as a build argument: the value given with --build-arg is recorded in the image history and build cache.`,
            location: loc,
            fix: { summary: SECRET_FIX },
            data: { variable: k.name, instruction: 'ARG' },
          });
        }
      }
      const base = df.rel.slice(df.rel.lastIndexOf('/') + 1);
      const template = TEMPLATE_NAME.test(base);
      for (const c of df.envCopies) {
        covered.add(c.line);
        // Docker reads <context>/.dockerignore, or <Dockerfile>.dockerignore beside the Dockerfile; a file named
        // after the Dockerfile without its own name (WebApp.dockerignore for WebApp.Dockerfile) is not read
        const stem = /^(.*)\.Dockerfile$/i.exec(df.rel)?.[1];
        const misnamed = stem && listed.has(`${stem}.dockerignore`) ? `${stem}.dockerignore` : undefined;
        const ign = df.dockerignore
          ? `${df.dockerignore} does not exclude ${c.envFiles.length > 1 ? 'them' : 'it'}`
          : `there is no .dockerignore in the build context (${df.context || 'the project root'})${misnamed ? `, and ${misnamed} is not read: Docker looks for ${df.rel}.dockerignore beside the Dockerfile, or .dockerignore in the context` : ''}`;
        // patterns match paths from the context's root: a .env below it (server/.env built with context ..) needs **/
        const nested = c.envFiles.some((f) => (df.context ? f.slice(df.context.length + 1) : f).includes('/'));
        const pats = nested ? ['**/.env', '**/.env.*', '!**/.env.example'] : ['.env', '.env.*', '!.env.example'];
        out.push({
          id: 'key-in-docker-image',
          severity: c.inFinal && !template ? undefined : 'warning',
          message: `${c.instr} ${c.sources.join(' ')} in ${df.rel} copies ${c.envFiles.join(', ')} (which holds the key) into the image: ${ign}.${template ? ` Its name marks ${df.rel} as a template: this matters when an image is built from a copy of it.` : ''}`,
          location: { path: df.rel, line: c.line },
          related: c.envFiles.map((f) => ({ path: f, note: 'copied into the image' })),
          fix: {
            summary: `Add \`${pats[0]}\` and \`${pats[1]}\` (with \`${pats[2]}\`) to ${df.dockerignore ?? (df.context ? `${df.context}/.dockerignore` : '.dockerignore')}, and pass the key at run time instead.`,
            edit: df.dockerignore
              ? undefined
              : {
                  path: df.context ? `${df.context}/.dockerignore` : '.dockerignore',
                  after: `${pats.join('\n')}\n`,
                },
            safe: true,
          },
          data: { files: c.envFiles },
        });
      }
      for (const c of facts.deploy?.claimed ?? []) {
        if (c.path !== df.rel || c.line === undefined || covered.has(c.line)) continue;
        covered.add(c.line);
        out.push({
          id: 'key-in-docker-image',
          message: `A key literal sits in ${df.rel} line ${c.line}: it is built into the image layers.`,
          location: c,
          fix: { summary: SECRET_FIX },
        });
      }
    }
    return out;
  },
};
