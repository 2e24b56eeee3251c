import type { FindingDraft } from '../../core/types.js';
import type { Check } from '../types.js';
import { isExampleFile } from '../../core/paths.js';
import type { Facts } from '../../core/facts.js';
import type { ComposeService } from '../../deploy/types.js';
import { isKeyName } from '../../deploy/names.js';
import { providerOfKeyVar } from '../../providers/index.js';

const LLM_NAME = /OPENAI|AZURE_OPENAI/;
const llmName = (n: string): boolean => LLM_NAME.test(n) || providerOfKeyVar(n) !== undefined;

/**
 * Whether the service has anything to do with an LLM key: its environment names one, the env file's
 * template lists one, or the code it builds (its build context) builds a client or reads one. A
 * missing env_file of a service that uses none (a database, a web front end of a monorepo) does not
 * make a key fail. Without code facts every service counts.
 */
function usesLLMKey(facts: Facts, s: ComposeService): boolean {
  const code = facts.code;
  if (!code) return true;
  if (s.environment.some((e) => llmName(e.name))) return true;
  for (const f of s.envFiles) {
    const dir = f.rel.includes('/') ? f.rel.slice(0, f.rel.lastIndexOf('/') + 1) : '';
    const base = f.rel.slice(dir.length);
    const templates = facts.envFiles.filter(
      (e) => e.exists && e.relPath.startsWith(dir + base) && !e.relPath.slice(dir.length).includes('/'),
    );
    if (
      templates.some((e) =>
        Object.values(e.byDialect).some((l) => (l ?? []).some((a) => llmName(a.name) && isKeyName(a.name))),
      )
    )
      return true;
  }
  if (!s.build) return false;
  const ctx = s.build.context === '.' ? '' : s.build.context.replace(/^\.\//, '').replace(/\/$/, '');
  const inside = (file: string): boolean => ctx === '' || file.startsWith(ctx + '/');
  return (
    code.clients.some((c) => inside(c.file)) ||
    code.envReads.some((r) => inside(r.file) && llmName(r.name) && isKeyName(r.name))
  );
}

export const check: Check = {
  meta: {
    id: 'compose-env-file-missing',
    title: 'A compose env_file does not exist',
    severity: 'error',
    area: 'deploy',
    docs: {
      what: 'A service lists a file under `env_file:` that is not there (paths are relative to the compose file). Compose stops with `env file ... not found` unless the entry is marked `required: false`.',
      why: 'The stack does not start at all, or (with `required: false`) the container starts without the variables the file was meant to hold, so the app has no key. The file is often git-ignored and only exists on the machine that created it, or it is named `.env.example` in the repository.',
      fix: 'Create the file (copy the example and put the key in), fix the path, or mark it optional with `env_file: [{ path: ./.env, required: false }]` and provide the key another way.',
    },
  },
  run({ facts }) {
    const out: FindingDraft[] = [];
    const seen = new Set<string>();
    for (const p of facts.deploy?.compose ?? []) {
      // a service that only runs an image says nothing of itself: it counts when the stack's other services have to do with a key
      const stack = p.services.some((x) => usesLLMKey(facts, x));
      for (const s of p.services) {
        if (!usesLLMKey(facts, s) && !(stack && !s.build)) continue;
        for (const f of s.envFiles) {
          if (f.exists || !f.required) continue;
          const k = `${f.location.path}:${f.location.line}:${f.rel}`;
          if (seen.has(k)) continue;
          seen.add(k);
          const dir = f.rel.includes('/') ? f.rel.slice(0, f.rel.lastIndexOf('/') + 1) : '';
          const base = f.rel.slice(dir.length);
          const example = facts.files
            .map((x) => x.rel)
            .find(
              (r) =>
                r.startsWith(dir) &&
                !r.slice(dir.length).includes('/') &&
                r.slice(dir.length).startsWith(base) &&
                r.length > f.rel.length &&
                isExampleFile(r),
            );
          out.push({
            id: 'compose-env-file-missing',
            message: `Service ${s.name} reads env_file ${f.path} (${f.rel}), which does not exist: docker compose refuses to start${example ? `; ${example} looks like its template` : ''}.`,
            location: f.location,
            target: p.variant
              ? `compose[${p.variant}]:${p.dir ? p.dir + '/' : ''}${s.name}`
              : `compose:${p.dir ? p.dir + '/' : ''}${s.name}`,
            fix: example
              ? { summary: `Create ${f.rel} from ${example} and put the key in it.`, command: `cp ${example} ${f.rel}` }
              : {
                  summary: `Create ${f.rel} with the variables the service needs, fix the path, or mark the entry \`required: false\`.`,
                },
            data: { service: s.name, path: f.rel },
          });
        }
      }
    }
    return out;
  },
};
