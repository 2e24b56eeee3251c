/** docker compose services as targets: what each container's environment really holds. */
import type { Facts } from '../../core/facts.js';
import type { Assignment, Resolution, Target } from '../../core/types.js';
import type { ComposeEnvEntry, ComposeProject, ComposeService, DockerfileFacts } from '../../deploy/types.js';
import { chainOf, finishTarget, relevant, type Candidate } from './deploy-common.js';

export function composeTargetId(p: ComposeProject, s: ComposeService): string {
  const where = p.dir ? `${p.dir}/` : '';
  return p.variant ? `compose[${p.variant}]:${where}${s.name}` : `compose:${where}${s.name}`;
}

function describeRefs(e: ComposeEnvEntry, p: ComposeProject): string | undefined {
  if (e.keyOnly)
    return e.keyOnly === 'shell'
      ? 'named without a value: compose takes it from the shell environment'
      : e.keyOnly === 'dotenv'
        ? `named without a value: compose takes it from ${p.dotenv?.rel ?? '.env'}`
        : undefined;
  const parts = e.refs.map((r) => {
    const v = `\${${r.name}${r.op}${r.arg ?? ''}}`;
    switch (r.source) {
      case 'shell':
        return `${v} from the shell environment`;
      case 'dotenv':
        return `${v} from ${(r.name in (p.dotenv?.values ?? {}) ? p.dotenv?.values[r.name]?.file : undefined) ?? p.dotenv?.rel ?? '.env'}`;
      case 'default':
        return `${v}: ${r.name} is unset${r.op.startsWith(':') ? ' or empty' : ''}, so the default applies`;
      case 'unset':
        return `${v}: ${r.name} is not set in the shell or ${p.dotenv?.rel ?? 'a project .env'}, so compose substitutes a blank string`;
      case 'error':
        return `${v}: ${r.name} is not set, so compose refuses to start`;
    }
    return v;
  });
  return parts.length ? `interpolated: ${parts.join('; ')}` : 'environment: in the compose file';
}

export function imageOf(facts: Facts, s: ComposeService): DockerfileFacts | undefined {
  if (!s.build) return undefined;
  const df = s.build.dockerfile ?? 'Dockerfile';
  const rel = s.build.context ? `${s.build.context}/${df}` : df;
  return facts.deploy?.dockerfiles?.find((d) => d.rel === rel);
}

export function composeServiceVars(facts: Facts, p: ComposeProject, s: ComposeService): Record<string, Resolution> {
  const names = new Set<string>();
  for (const e of s.environment) names.add(e.name);
  for (const f of s.envFiles) for (const e of f.entries) names.add(e.name);
  const image = imageOf(facts, s);
  for (const n of Object.keys(image?.finalEnv ?? {})) names.add(n);
  const vars: Record<string, Resolution> = {};
  for (const name of names) {
    const cands: Candidate[] = [];
    let removed: string | undefined;
    const env = s.environment.find((e) => e.name === name);
    if (env) {
      if (env.value === undefined) {
        removed =
          env.keyOnly === 'unset'
            ? `environment: names ${name} without a value and it is unset in the shell and ${p.dotenv?.rel ?? 'the project .env'}: compose removes it from the container (this beats env_file:)`
            : `compose refuses to start the service: ${env.raw ?? ''} requires ${name}`;
      } else {
        // the whole value is one `${X}` filled from the project .env: the value is written there
        const only =
          env.refs.length === 1 && /^\$\{?[A-Za-z_]\w*\}?$/.test((env.raw ?? '').trim()) ? env.refs[0] : undefined;
        const from = only?.source === 'dotenv' ? p.dotenv?.values[only.name] : undefined;
        cands.push({
          assignment: {
            name,
            value: env.value,
            raw: env.raw,
            kind: 'compose',
            location: env.location,
            detail: `compose service ${s.name}: environment`,
            ...(from ? { origin: { path: from.file ?? p.dotenv?.rel ?? '.env', line: from.line } } : {}),
          },
          reason: describeRefs(env, p),
        });
        // the interpolation source that lost (the shell beats the project .env)
        for (const r of env.refs) {
          const d = p.dotenv?.values[r.name];
          if (r.source === 'shell' && d) {
            cands.push({
              assignment: {
                name: r.name,
                value: d.value,
                kind: 'dotenv',
                location: { path: d.file ?? p.dotenv?.rel ?? '.env', line: d.line },
                detail: 'compose project .env (interpolation)',
              },
              reason: `the shell environment beats ${d.file ?? p.dotenv?.rel ?? '.env'} when compose interpolates \${${r.name}}`,
            });
          }
        }
        if (env.keyOnly === 'shell') {
          const d = p.dotenv?.values[name];
          if (d)
            cands.push({
              assignment: {
                name,
                value: d.value,
                kind: 'dotenv',
                location: { path: d.file ?? p.dotenv?.rel ?? '.env', line: d.line },
                detail: 'compose project .env (interpolation)',
              },
              reason: `the shell environment beats ${d.file ?? p.dotenv?.rel ?? '.env'}`,
            });
        }
      }
    }
    for (const f of [...s.envFiles].reverse()) {
      const list = f.entries.filter((e) => e.name === name);
      for (const e of [...list].reverse()) {
        if (e.value === undefined) continue;
        const a: Assignment = {
          name,
          value: e.value,
          raw: e.raw,
          kind: 'compose',
          location: e.location,
          detail: `compose service ${s.name}: env_file ${f.path}`,
        };
        cands.push({
          assignment: a,
          reason: env
            ? 'environment: beats env_file:'
            : cands.length
              ? 'a later env_file entry wins'
              : `env_file: ${f.path}`,
        });
      }
    }
    const img = image?.finalEnv[name];
    if (img && !img.fromArg)
      cands.push({
        assignment: {
          name,
          value: img.value,
          kind: 'dockerfile',
          location: { path: image?.rel ?? 'Dockerfile', line: img.line },
          detail: 'image ENV',
        },
        reason:
          cands.length || removed ? 'the container environment beats the image ENV' : 'baked into the image by ENV',
      });
    vars[name] = chainOf(name, cands, removed);
  }
  return vars;
}

export function composeTargets(facts: Facts): Target[] {
  const out: Target[] = [];
  for (const p of facts.deploy?.compose ?? []) {
    for (const s of p.services) {
      const vars = composeServiceVars(facts, p, s);
      if (!relevant(Object.keys(vars))) continue;
      // a variable some source names but whose value keydoctor cannot know is left out rather than guessed
      const loads = [...new Set(s.envFiles.filter((f) => f.exists).map((f) => f.rel))];
      out.push(
        finishTarget(
          {
            id: composeTargetId(p, s),
            kind: 'compose-service',
            label: `docker compose service ${s.name} (${p.files.join(' + ')})${s.profiles.length ? ` [profile ${s.profiles.join(', ')}]` : ''}`,
            location: s.location,
            loading: `compose: environment: (interpolated from the shell, then ${p.dotenv?.rel ?? 'the project .env'}) beats env_file:${loads.length ? ` (${loads.join(', ')})` : ''}, which beats the image ENV`,
            loads,
            vars,
          },
          Object.keys(vars),
        ),
      );
    }
  }
  return out;
}
