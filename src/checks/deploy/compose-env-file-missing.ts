import type { FindingDraft } from '../../core/types.js';
import type { Check } from '../types.js';
import { isExampleFile } from '../../core/paths.js';

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
      for (const s of p.services) {
        for (const f of s.envFiles) {
          if (f.exists || !f.required) continue;
          const k = `${f.location.path}:${f.location.line}:${f.rel}`;
          if (seen.has(k)) continue;
          seen.add(k);
          const dir = f.rel.includes('/') ? f.rel.slice(0, f.rel.lastIndexOf('/') + 1) : '';
          const base = f.rel.slice(dir.length);
          const example = facts.files.map((x) => x.rel).find((r) => r.startsWith(dir) && !r.slice(dir.length).includes('/') && r.slice(dir.length).startsWith(base) && r.length > f.rel.length && isExampleFile(r));
          out.push({
            id: 'compose-env-file-missing',
            message: `Service ${s.name} reads env_file ${f.path} (${f.rel}), which does not exist: docker compose refuses to start${example ? `; ${example} looks like its template` : ''}.`,
            location: f.location,
            target: p.variant ? `compose[${p.variant}]:${p.dir ? p.dir + '/' : ''}${s.name}` : `compose:${p.dir ? p.dir + '/' : ''}${s.name}`,
            fix: example ? { summary: `Create ${f.rel} from ${example} and put the key in it.`, command: `cp ${example} ${f.rel}` } : { summary: `Create ${f.rel} with the variables the service needs, fix the path, or mark the entry \`required: false\`.` },
            data: { service: s.name, path: f.rel },
          });
        }
      }
    }
    return out;
  },
};
