/**
 * Dockerfiles: which ENV/ARG bake the key into the image, which COPY/ADD take a `.env` in (given the
 * `.dockerignore`), and BuildKit secret mounts. Multi-stage aware: only the last stage (and the
 * stages it builds FROM) end up in the final image.
 */
import type { DockerfileFacts, DockerKeyVar, DockerEnvCopy } from './types.js';
import { isKeyName, isKeyValue } from './util.js';
import { classifyEnvFileName } from '../collect/dotenv/collector.js';

export interface Instruction {
  cmd: string;
  args: string;
  line: number;
}

/** Splits a Dockerfile into instructions (continuations joined, comments and heredoc bodies skipped). */
export function instructions(text: string): Instruction[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  let escape = '\\';
  const m = /^#\s*escape\s*=\s*(\S)/i.exec(lines[0] ?? '');
  if (m?.[1]) escape = m[1];
  const out: Instruction[] = [];
  let i = 0;
  while (i < lines.length) {
    const first = lines[i] as string;
    const start = i + 1;
    if (/^\s*(#|$)/.test(first)) {
      i++;
      continue;
    }
    let text = first;
    while (text.trimEnd().endsWith(escape) && i + 1 < lines.length) {
      text = text.trimEnd().slice(0, -1);
      i++;
      const nx = lines[i] as string;
      if (/^\s*#/.test(nx)) {
        text += ' ';
        continue;
      }
      text += ' ' + nx.trim();
    }
    i++;
    const mm = /^\s*([A-Za-z]+)\s*([\s\S]*)$/.exec(text);
    if (!mm) continue;
    const cmd = (mm[1] as string).toUpperCase();
    const args = (mm[2] as string).trim();
    out.push({ cmd, args, line: start });
    // heredoc: skip until the terminator
    const hd = /<<-?\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?/.exec(args);
    if (hd && (cmd === 'RUN' || cmd === 'COPY' || cmd === 'ADD')) {
      while (i < lines.length && (lines[i] as string).trim() !== hd[1]) i++;
      i++;
    }
  }
  return out;
}

/** Dockerfile word processing for ENV/ARG: quotes removed, backslash escapes, `$VAR`/`${VAR}` substituted. */
/** What variable expansion needs of a scope: a lookup (a Map, or a view over a stage's ARG and ENV). */
export type VarLookup = Pick<Map<string, string>, 'get'>;

export function dockerWords(s: string, vars: VarLookup, used?: Set<string>): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let i = 0;
  const sub = (j: number): number => {
    // s[j] === '$'
    if (s[j + 1] === '{') {
      const end = s.indexOf('}', j);
      if (end < 0) {
        cur += s.slice(j);
        return s.length;
      }
      const body = s.slice(j + 2, end);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([\s\S]*))?$/.exec(body);
      if (m) {
        const v = vars.get(m[1] as string);
        used?.add(m[1] as string);
        if (m[2] === '-') cur += v ? v : (m[3] ?? '');
        else if (m[2] === '+') cur += v ? (m[3] ?? '') : '';
        else cur += v ?? '';
      }
      return end + 1;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(j + 1));
    if (!m) {
      cur += '$';
      return j + 1;
    }
    used?.add(m[0]);
    cur += vars.get(m[0]) ?? '';
    return j + 1 + m[0].length;
  };
  while (i < s.length) {
    const c = s[i] as string;
    if (c === '\\' && i + 1 < s.length) {
      cur += s[i + 1];
      has = true;
      i += 2;
      continue;
    }
    if (c === "'") {
      const j = s.indexOf("'", i + 1);
      const e = j < 0 ? s.length : j;
      cur += s.slice(i + 1, e);
      has = true;
      i = e + 1;
      continue;
    }
    if (c === '"') {
      i++;
      has = true;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === '\\' && i + 1 < s.length) {
          cur += s[i + 1];
          i += 2;
          continue;
        }
        if (s[i] === '$') {
          i = sub(i);
          continue;
        }
        cur += s[i];
        i++;
      }
      i++;
      continue;
    }
    if (c === '$') {
      has = true;
      i = sub(i);
      continue;
    }
    if (/\s/.test(c)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
      i++;
      continue;
    }
    cur += c;
    has = true;
    i++;
  }
  if (has) out.push(cur);
  return out;
}

/** `ENV A=1 B=2` or legacy `ENV A 1`. Returns name/value/raw. */
function kvPairs(
  args: string,
  vars: VarLookup,
): Array<{ name: string; value: string; raw: string; used: Set<string> }> {
  const out: Array<{ name: string; value: string; raw: string; used: Set<string> }> = [];
  const legacy = /^([A-Za-z_][A-Za-z0-9_.-]*)\s+([\s\S]*)$/.exec(args);
  if (legacy && !/^[A-Za-z_][A-Za-z0-9_.-]*=/.test(args)) {
    const used = new Set<string>();
    const value = dockerWords(legacy[2] as string, vars, used).join(' ');
    out.push({ name: legacy[1] as string, value, raw: legacy[2] as string, used });
    return out;
  }
  // split raw text into words keeping quotes, so raw text can be reported
  const raws = rawWords(args);
  for (const w of raws) {
    const eq = w.indexOf('=');
    const name = eq < 0 ? w : w.slice(0, eq);
    const rawVal = eq < 0 ? '' : w.slice(eq + 1);
    const used = new Set<string>();
    const value = eq < 0 ? '' : dockerWords(rawVal, vars, used).join('');
    out.push({ name, value, raw: rawVal, used });
  }
  return out;
}

function rawWords(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (q) {
      cur += c;
      if (c === '\\' && q === '"' && i + 1 < s.length) {
        cur += s[++i];
        continue;
      }
      if (c === q) q = '';
      continue;
    }
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[++i];
      continue;
    }
    if (c === '"' || c === "'") {
      q = c;
      cur += c;
      continue;
    }
    if (/\s/.test(c)) {
      if (cur) out.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

/** `.dockerignore` with Docker's own rules: patterns from the context root, `**`, `!` exceptions, last match wins. */
export function dockerignoreMatcher(text: string): (path: string) => boolean {
  const rules: Array<{ neg: boolean; re: RegExp }> = [];
  for (const l0 of text.split('\n')) {
    let l = l0.replace(/\r$/, '').trim();
    if (!l || l.startsWith('#')) continue;
    let neg = false;
    if (l.startsWith('!')) {
      neg = true;
      l = l.slice(1).trim();
    }
    l = l.replace(/^\/+/, '').replace(/\/+$/, '').replace(/^\.\//, '');
    if (!l) continue;
    rules.push({ neg, re: globToRegex(l) });
  }
  return (path: string) => {
    let ignored = false;
    const parts = path.split('/');
    for (const r of rules) {
      // a pattern matching a parent folder excludes everything in it
      let hit = false;
      for (let k = 1; k <= parts.length && !hit; k++) hit = r.re.test(parts.slice(0, k).join('/'));
      if (hit) ignored = !r.neg;
    }
    return ignored;
  };
}

export function globToRegex(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const j = glob.indexOf(']', i);
      if (j < 0) re += '\\[';
      else {
        re +=
          '[' +
          glob
            .slice(i + 1, j)
            .replace(/^!/, '^')
            .replace(/\\/g, '\\\\') +
          ']';
        i = j;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * Env files a loader would read and that hold real values: the dotenv collector's verdict
 * (classifyEnvFileName: not a template), less dotenvx's `.env.keys` and `.env.vault`, which hold
 * decryption keys and ciphertext rather than the variables.
 */
export function isEnvFileName(base: string): boolean {
  const c = classifyEnvFileName(base);
  return c?.kind === 'dotenv' && c.role === 'loaded' && !/\.(vault|keys)$/i.test(base);
}

export interface DockerfileInput {
  rel: string;
  text: string;
  context: string;
  /** Files in the build context, relative to the context, that are env files holding a key. */
  envFilesInContext: string[];
  dockerignore?: { rel: string; text: string };
}

export function analyseDockerfile(inp: DockerfileInput): DockerfileFacts {
  const ins = instructions(inp.text);
  const ignored = inp.dockerignore ? dockerignoreMatcher(inp.dockerignore.text) : () => false;
  const keyVars: DockerKeyVar[] = [];
  const envCopies: DockerEnvCopy[] = [];
  const secretMounts: DockerfileFacts['secretMounts'] = [];
  const runs: string[] = [];
  interface Stage {
    name?: string;
    parent?: number;
    env: Map<string, { value: string; line: number; fromArg?: string }>;
    args: Map<string, string>;
  }
  const stages: Stage[] = [];
  const globalArgs = new Map<string, string>();
  /** envCopies index → the stage it was in. */
  const copyStage = new Map<number, number>();
  /** Stage name → its first index (what `FROM name` builds on). */
  const stageByName = new Map<string, number>();
  let cur: Stage | undefined;
  for (const ins1 of ins) {
    if (ins1.cmd === 'FROM') {
      const w = ins1.args.split(/\s+/).filter((x) => !x.startsWith('--'));
      const image = (w[0] ?? '').toLowerCase();
      const name = w[1]?.toLowerCase() === 'as' ? w[2]?.toLowerCase() : undefined;
      const parent = stageByName.get(image) ?? -1;
      const env = new Map(parent >= 0 ? (stages[parent] as Stage).env : []);
      cur = { name, parent: parent >= 0 ? parent : undefined, env, args: new Map() };
      stages.push(cur);
      if (name !== undefined && !stageByName.has(name)) stageByName.set(name, stages.length - 1);
      continue;
    }
    const stageIdx = stages.length - 1;
    // The stage's variables as one lookup (ENV over ARG), without copying them per instruction:
    // a copy per ENV line made a Dockerfile of 1.4 MB take 17 s.
    const stage = cur;
    const view: VarLookup = { get: (k: string) => stage?.env.get(k)?.value ?? stage?.args.get(k) };
    const scope = (): VarLookup => view;
    if (ins1.cmd === 'CMD' || ins1.cmd === 'ENTRYPOINT') {
      // the scripts the container starts (`CMD ["./entrypoint.sh"]`, `ENTRYPOINT ["/app/start.sh"]`)
      const words = /^\s*\[/.test(ins1.args)
        ? [...ins1.args.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] as string)
        : ins1.args.split(/\s+/);
      for (const w of words) {
        const b = w.replace(/^["']|["']$/g, '').replace(/^\.\//, '');
        if (/\.(sh|bash)$/.test(b)) runs.push(b.slice(b.lastIndexOf('/') + 1));
      }
      continue;
    }
    if (ins1.cmd === 'ARG') {
      for (const w of rawWords(ins1.args)) {
        const eq = w.indexOf('=');
        const name = eq < 0 ? w : w.slice(0, eq);
        const hasDefault = eq >= 0;
        const value = hasDefault
          ? dockerWords(w.slice(eq + 1), cur ? scope() : globalArgs).join('')
          : !cur
            ? undefined
            : globalArgs.get(name);
        if (!cur) {
          globalArgs.set(name, value ?? '');
        } else cur.args.set(name, value ?? '');
        if (isKeyName(name) || (value !== undefined && isKeyValue(value, name))) {
          keyVars.push({
            instr: 'ARG',
            name,
            value: hasDefault ? value : undefined,
            raw: hasDefault ? w.slice(eq + 1) : undefined,
            line: ins1.line,
            source: hasDefault && value ? 'literal' : 'none',
            stage: Math.max(stageIdx, 0),
            stageName: cur?.name,
            inFinal: false,
          });
        }
      }
      continue;
    }
    if (!cur) continue;
    if (ins1.cmd === 'ENV') {
      for (const p of kvPairs(ins1.args, scope())) {
        const fromArg = [...p.used].find((u) => cur?.args.has(u) && !cur?.env.has(u));
        cur.env.set(p.name, { value: p.value, line: ins1.line, fromArg });
        if (isKeyName(p.name) || isKeyValue(p.value, p.name)) {
          if (!p.value && !fromArg) continue;
          keyVars.push({
            instr: 'ENV',
            name: p.name,
            value: p.value,
            raw: p.raw,
            line: ins1.line,
            source: fromArg ? 'build-arg' : 'literal',
            arg: fromArg,
            stage: stageIdx,
            stageName: cur.name,
            inFinal: false,
          });
        }
      }
      continue;
    }
    if (ins1.cmd === 'RUN') {
      for (const m of ins1.args.matchAll(/--mount=(\S+)/g)) {
        const opts = Object.fromEntries(
          (m[1] as string).split(',').map((kv) => {
            const e = kv.indexOf('=');
            return e < 0 ? [kv, 'true'] : [kv.slice(0, e), kv.slice(e + 1)];
          }),
        );
        if (opts.type === 'secret')
          secretMounts.push({ id: opts.id ?? opts.target ?? 'secret', line: ins1.line, env: opts.env });
      }
      continue;
    }
    if (ins1.cmd === 'COPY' || ins1.cmd === 'ADD') {
      let args = ins1.args;
      if (/--from[= ]/.test(args)) continue;
      if (/<</.test(args)) continue;
      args = args.replace(/--\S+/g, '').trim();
      let words: string[];
      if (args.startsWith('[')) {
        try {
          words = (JSON.parse(args) as unknown[]).map(String);
        } catch {
          words = args.split(/\s+/);
        }
      } else words = args.split(/\s+/).filter(Boolean);
      const sources = words.slice(0, -1);
      if (sources.length === 0) continue;
      const taken: string[] = [];
      for (const f of inp.envFilesInContext) {
        if (ignored(f)) continue;
        if (sources.some((s) => copyCovers(s, f))) taken.push(inp.context ? `${inp.context}/${f}` : f);
      }
      if (taken.length) {
        envCopies.push({ line: ins1.line, instr: ins1.cmd, sources, envFiles: taken, inFinal: false });
        copyStage.set(envCopies.length - 1, stageIdx);
      }
      continue;
    }
  }
  // which stages end up in the final image
  const final = new Set<number>();
  for (let s: number | undefined = stages.length - 1; s !== undefined && s >= 0 && !final.has(s); s = stages[s]?.parent)
    final.add(s);
  for (const k of keyVars)
    k.inFinal = k.instr === 'ARG' ? final.has(k.stage) || stages.length === 0 : final.has(k.stage);
  envCopies.forEach((c, i) => {
    c.inFinal = final.has(copyStage.get(i) ?? -1);
  });
  const last = stages[stages.length - 1];
  const finalEnv: DockerfileFacts['finalEnv'] = {};
  if (last) for (const [k, v] of last.env) finalEnv[k] = v;
  return {
    rel: inp.rel,
    context: inp.context,
    dockerignore: inp.dockerignore?.rel,
    stages: stages.length,
    keyVars,
    envCopies,
    secretMounts,
    finalEnv,
    ...(runs.length ? { runs } : {}),
  };
}

/** Whether a COPY source (relative to the context) takes in the file `f`. */
export function copyCovers(source: string, f: string): boolean {
  const s = source.replace(/^\.\//, '').replace(/\/+$/, '');
  if (s === '' || s === '.' || s === '*' || s === './*') return true;
  if (s === f || f.startsWith(s + '/')) return true;
  if (/[*?[]/.test(s)) {
    const re = globToRegex(s);
    const parts = f.split('/');
    for (let k = 1; k <= parts.length; k++) if (re.test(parts.slice(0, k).join('/'))) return true;
  }
  return false;
}
