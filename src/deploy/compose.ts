/**
 * docker compose: files merged (base + override, or base + a variant), interpolation from the shell
 * and the project `.env`, `environment:` over `env_file:`, profiles, secrets.
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { Note } from '../core/types.js';
import type { ComposeEnvEntry, ComposeEnvFileRef, ComposeEnvReject, ComposeProject, ComposeService } from './types.js';
import { interpolate, parseComposeEnvFile, type Lookup } from './envfiles.js';
import { bool, entries, get, isMapNode, isNullish, items, parseYaml, str, type YDoc } from './util.js';
import { baseOf, joinInside } from '../core/paths.js';
import type { DeployFiles } from './files.js';

export const COMPOSE_BASE = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

export function isComposeFile(base: string): boolean {
  // compose.yaml, docker-compose.prod.yml, and the dashed variants projects name themselves
  // (DocsGPT's docker-compose-hub.yaml, docker-compose-dev.yml)
  return /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/.test(base);
}

/** Groups the compose files of one folder into projects: the default one and one per variant file. */
export function composeProjects(rels: string[]): Array<{ dir: string; files: string[]; variant?: string }> {
  const byDir = new Map<string, string[]>();
  for (const r of rels) {
    const i = r.lastIndexOf('/');
    const d = i < 0 ? '' : r.slice(0, i);
    byDir.set(d, [...(byDir.get(d) ?? []), r]);
  }
  const out: Array<{ dir: string; files: string[]; variant?: string }> = [];
  for (const [dir, list] of byDir) {
    const name = (b: string) => list.find((r) => baseOf(r) === b);
    const base = COMPOSE_BASE.map(name).find(Boolean);
    const stem = base ? baseOf(base).replace(/\.ya?ml$/, '') : undefined;
    const override = stem ? [`${stem}.override.yaml`, `${stem}.override.yml`].map(name).find(Boolean) : undefined;
    if (base) out.push({ dir, files: override ? [base, override] : [base] });
    for (const r of list) {
      if (r === base || r === override) continue;
      if (base && COMPOSE_BASE.includes(baseOf(r))) continue; // a second base spelling: compose warns and takes the first
      const m = /^(?:docker-)?compose([.-])([\w.-]+?)(?:\.override)?\.ya?ml$/.exec(baseOf(r));
      // `docker-compose.prod.yml` is layered on the base (-f base -f prod); `docker-compose-hub.yaml`
      // is a project of its own (-f docker-compose-hub.yaml), as such files are used
      // (so is an example's: `docker-compose.image.example.yaml` is a whole file to copy, not a layer)
      const alone = m?.[1] === '-' || /(^|[.-])(example|sample|template)([.-]|$)/i.test(m?.[2] ?? '');
      out.push({ dir, files: base && !alone ? [base, r] : [r], variant: m?.[2] ?? baseOf(r) });
    }
  }
  return out;
}

interface RawService {
  name: string;
  line?: number;
  file: string;
  profiles: string[];
  env: Map<string, { raw?: string; file: string; line?: number }>;
  envFiles: Array<{ path: string; required: boolean; format?: string; file: string; line?: number }>;
  secrets: string[];
  build?: { context: string; dockerfile?: string };
  image?: string;
}

export function readComposeProject(
  fs: DeployFiles,
  proj: { dir: string; files: string[]; variant?: string },
  env: Record<string, string>,
  notes: Note[],
  cliEnvFiles: string[] = [],
): ComposeProject {
  const exists = (rel: string): boolean => fs.exists(rel);
  // the project .env (interpolation role)
  const dotenvRel = proj.dir ? `${proj.dir}/.env` : '.env';
  let dotenv: ComposeProject['dotenv'];
  const shell: Lookup = (n) => (n in env ? { value: env[n] as string, source: 'shell' } : undefined);
  if (exists(dotenvRel)) {
    const text = fs.read(dotenvRel);
    if (text !== undefined) {
      const values: Record<string, { value: string; line: number }> = {};
      let rejected: ComposeEnvReject | undefined;
      for (const e of parseComposeEnvFile(text, shell, { onReject: (r) => (rejected = r) }))
        if (e.value !== undefined) values[e.name] = { value: e.value, line: e.line };
      dotenv = { rel: dotenvRel, values, ...(rejected ? { rejected } : {}) };
    }
  }
  // `docker compose --env-file F` in scripts/docs: those runs interpolate from F instead of .env
  const usedCli: string[] = [];
  for (const rel of cliEnvFiles) {
    if (!exists(rel)) continue;
    const text = fs.read(rel);
    if (text === undefined) continue;
    usedCli.push(rel);
    dotenv ??= { rel, values: {} };
    for (const e of parseComposeEnvFile(text, shell))
      if (e.value !== undefined && !(e.name in dotenv.values))
        dotenv.values[e.name] = { value: e.value, line: e.line, file: rel };
  }
  const lookup: Lookup = (n) => {
    if (n in env) return { value: env[n] as string, source: 'shell' };
    const d = dotenv?.values[n];
    return d ? { value: d.value, source: 'dotenv', line: d.line } : undefined;
  };
  const services = new Map<string, RawService>();
  const secrets: ComposeProject['secrets'] = {};
  for (const file of proj.files) {
    const text = fs.read(file);
    if (text === undefined) continue;
    for (const d of parseYaml(text, file, notes)) {
      const svcs = get(d, d.root, 'services');
      for (const s of entries(d, svcs)) {
        const prev = services.get(s.key);
        const rs: RawService = prev ?? {
          name: s.key,
          line: d.line(s.keyNode),
          file,
          profiles: [],
          env: new Map(),
          envFiles: [],
          secrets: [],
        };
        readService(d, s.value, file, rs);
        services.set(s.key, rs);
      }
      for (const s of entries(d, get(d, d.root, 'secrets'))) {
        secrets[s.key] = {
          file: str(d, get(d, s.value, 'file')),
          environment: str(d, get(d, s.value, 'environment')),
          external: bool(d, get(d, s.value, 'external')) ?? undefined,
          location: { path: file, line: d.line(s.keyNode) },
        };
      }
    }
  }
  const out: ComposeService[] = [];
  for (const rs of services.values()) {
    const environment: ComposeEnvEntry[] = [];
    for (const [name, e] of rs.env) {
      const location = { path: e.file, line: e.line };
      if (e.raw === undefined) {
        const l = lookup(name);
        environment.push({ name, value: l?.value, location, refs: [], keyOnly: l ? l.source : 'unset' });
        continue;
      }
      const r = interpolate(e.raw, lookup);
      environment.push({ name, raw: e.raw, value: r.error ? undefined : r.value, location, refs: r.refs });
    }
    const envFiles: ComposeEnvFileRef[] = [];
    for (const f of rs.envFiles) {
      const pathI = interpolate(f.path, lookup).value;
      const at = envFilePlace(fs.root, proj.dir, pathI, exists);
      const rel = at.rel;
      const ok = at.exists;
      const ref: ComposeEnvFileRef = {
        path: f.path,
        rel,
        required: f.required,
        exists: ok,
        format: f.format,
        location: { path: f.file, line: f.line },
        entries: [],
      };
      if (ok) {
        const text = fs.read(rel);
        if (text !== undefined) {
          const onReject = (r: ComposeEnvReject): void => {
            ref.rejected = r;
          };
          for (const e of parseComposeEnvFile(text, lookup, { raw: f.format === 'raw', onReject })) {
            ref.entries.push({
              name: e.name,
              raw: e.raw,
              value: e.value,
              location: { path: rel, line: e.line },
              refs: e.refs,
            });
          }
        }
      }
      envFiles.push(ref);
    }
    const ctx = rs.build
      ? {
          context: joinInside(proj.dir, interpolate(rs.build.context, lookup).value) ?? rs.build.context,
          dockerfile: rs.build.dockerfile,
        }
      : undefined;
    out.push({
      name: rs.name,
      location: { path: rs.file, line: rs.line },
      profiles: rs.profiles,
      environment,
      envFiles,
      secrets: rs.secrets,
      build: ctx,
      image: rs.image,
    });
  }
  return {
    dir: proj.dir,
    files: proj.files,
    variant: proj.variant,
    dotenv,
    services: out,
    secrets,
    cliEnvFiles: usedCli.length ? usedCli : undefined,
  };
}

/**
 * Where an `env_file:` entry points: relative entries are relative to the compose project's folder;
 * an absolute one is used as it is (shown project-relative when it lies inside the project).
 */
function envFilePlace(
  root: string,
  dir: string,
  p: string,
  exists: (rel: string) => boolean,
): { rel: string; exists: boolean } {
  if (isAbsolute(p)) {
    const r = relative(root, p);
    if (r && !r.startsWith('..') && !isAbsolute(r)) {
      const rel = r.split(sep).join('/');
      return { rel, exists: exists(rel) };
    }
    return { rel: p, exists: exists(p) };
  }
  const rel = joinInside(dir, p) ?? p;
  return { rel, exists: exists(rel) };
}

function readService(d: YDoc, node: unknown, file: string, rs: RawService): void {
  for (const p of items(d, get(d, node, 'profiles'))) {
    const s = str(d, p);
    if (s && !rs.profiles.includes(s)) rs.profiles.push(s);
  }
  const image = str(d, get(d, node, 'image'));
  if (image) rs.image = image;
  const build = get(d, node, 'build');
  if (build !== undefined) {
    const s = str(d, build);
    if (s !== undefined) rs.build = { context: s };
    else if (isMapNode(d, build))
      rs.build = { context: str(d, get(d, build, 'context')) ?? '.', dockerfile: str(d, get(d, build, 'dockerfile')) };
  }
  const envNode = get(d, node, 'environment');
  if (isMapNode(d, envNode)) {
    for (const e of entries(d, envNode)) {
      rs.env.set(e.key, {
        raw: isNullish(d, e.value) ? undefined : (str(d, e.value) ?? ''),
        file,
        line: d.line(e.keyNode),
      });
    }
  } else {
    for (const it of items(d, envNode)) {
      const s = str(d, it);
      if (s === undefined) continue;
      const eq = s.indexOf('=');
      const name = (eq < 0 ? s : s.slice(0, eq)).trim();
      rs.env.set(name, { raw: eq < 0 ? undefined : s.slice(eq + 1), file, line: d.line(it) });
    }
  }
  const ef = get(d, node, 'env_file');
  if (ef !== undefined) {
    const list = str(d, ef) !== undefined ? [ef] : items(d, ef);
    for (const it of list) {
      const s = str(d, it);
      if (s !== undefined) {
        addEnvFile(rs, { path: s, required: true, file, line: d.line(it) });
        continue;
      }
      const p = str(d, get(d, it, 'path'));
      if (p)
        addEnvFile(rs, {
          path: p,
          required: bool(d, get(d, it, 'required')) ?? true,
          format: str(d, get(d, it, 'format')),
          file,
          line: d.line(it),
        });
    }
  }
  for (const it of items(d, get(d, node, 'secrets'))) {
    const s = str(d, it) ?? str(d, get(d, it, 'source'));
    if (s && !rs.secrets.includes(s)) rs.secrets.push(s);
  }
}

function addEnvFile(rs: RawService, f: RawService['envFiles'][number]): void {
  rs.envFiles = rs.envFiles.filter((x) => x.path !== f.path);
  rs.envFiles.push(f);
}

/** `docker compose --env-file F` / `docker-compose --env-file F` in scripts and docs. */
/**
 * A shell script that exports variables before it runs `docker compose`: the compose files it starts
 * (`-f x`, else the script's folder's default file names), the names it exports, and whether it exports
 * names it computes (`export "$key=$value"` in a loop over `azd env get-values`, `set -a` and `source`).
 */
export function composeWrapper(
  text: string,
  rel: string,
  exists: (rel: string) => boolean,
): { composeFiles: string[]; names: string[]; all: boolean } | undefined {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => /^\s*(?:sudo\s+(?:-E\s+)?)?docker[- ]compose\b/.test(l));
  if (at < 0) return undefined;
  const before = lines.slice(0, at);
  const names = new Set<string>();
  let all = false;
  for (const l of before) {
    const m = /^\s*export\s+([A-Za-z_][A-Za-z0-9_]*)=/.exec(l);
    if (m?.[1]) names.add(m[1]);
    if (/^\s*export\s+["']?\$|^\s*export\s+\$\(|\bset\s+-a\b|^\s*set\s+-o\s+allexport\b/.test(l)) all = true;
  }
  if (names.size === 0 && !all) return undefined;
  const dir = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
  const files: string[] = [];
  for (const m of (lines[at] ?? '').matchAll(/(?:^|\s)(?:-f|--file)[= ]+("[^"]+"|'[^']+'|\S+)/g)) {
    const f = joinInside(dir, (m[1] as string).replace(/^["']|["']$/g, ''));
    if (f) files.push(f);
  }
  if (files.length === 0)
    for (const n of ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml']) {
      const f = dir ? `${dir}/${n}` : n;
      if (exists(f)) files.push(f);
    }
  return files.length ? { composeFiles: files, names: [...names], all } : undefined;
}

export function composeCliEnvFiles(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/docker[- ]compose\b[^\n]*?--env-file[= ]+("[^"]+"|'[^']+'|\S+)/g)) {
    const p = (m[1] as string).replace(/^["']|["']$/g, '');
    const rel = joinInside('', p);
    if (rel && !out.includes(rel)) out.push(rel);
  }
  return out;
}
