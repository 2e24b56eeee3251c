/** `docker run` command lines in scripts, Makefiles, package.json scripts and markdown code blocks. */
import type { DockerRunFacts } from './types.js';
import { parseDockerEnvFile } from './envfiles.js';
import { isSeparator, shellWords } from './util.js';
import { dirOf, joinInside } from '../core/paths.js';
import type { DeployFiles } from './files.js';

const VALUE_OPTS = new Set([
  '--name',
  '-p',
  '--publish',
  '-v',
  '--volume',
  '-w',
  '--workdir',
  '--network',
  '--net',
  '-u',
  '--user',
  '--entrypoint',
  '--platform',
  '-l',
  '--label',
  '--restart',
  '--mount',
  '--hostname',
  '-h',
  '--memory',
  '-m',
  '--cpus',
  '--add-host',
  '--pull',
  '--gpus',
  '--log-driver',
  '--runtime',
  '--shm-size',
  '--ulimit',
  '--device',
  '--cap-add',
  '--cap-drop',
  '--security-opt',
  '--ipc',
  '--pid',
  '--dns',
  '--link',
  '--expose',
  '--health-cmd',
  '--stop-signal',
  '--tmpfs',
  '--volumes-from',
  '--label-file',
  '--cidfile',
  '--env-file',
  '-e',
  '--env',
]);

/** Logical lines (continuations joined) with their first line number; markdown limited to code blocks. */
function commandLines(text: string, markdown: boolean): Array<{ text: string; line: number }> {
  const lines = text.split('\n');
  const out: Array<{ text: string; line: number }> = [];
  let inCode = !markdown;
  for (let i = 0; i < lines.length; i++) {
    let l = (lines[i] as string).replace(/\r$/, '');
    if (markdown && /^\s*(```|~~~)/.test(l)) {
      inCode = !inCode;
      continue;
    }
    if (!inCode) continue;
    const start = i + 1;
    while (/\\\s*$/.test(l) && i + 1 < lines.length) {
      l = l.replace(/\\\s*$/, ' ') + (lines[++i] as string).replace(/\r$/, '');
    }
    out.push({ text: l, line: start });
  }
  return out;
}

/** The folder the command is run in, as a mount's source names it. */
const PROJECT_DIR = /^(?:`pwd`|\$\(pwd\)|\$\{?PWD\}?|\.\/?)$/;

export function findDockerRuns(
  text: string,
  rel: string,
  opts: { markdown: boolean; docs: boolean; files: DeployFiles; env: Record<string, string> },
): DockerRunFacts[] {
  const out: DockerRunFacts[] = [];
  for (const cl of commandLines(text, opts.markdown)) {
    const m = /(?:^|[\s;&|("'`])(?:sudo\s+)?(?:docker|podman)\s+(?:container\s+)?run\b([^\n]*)/.exec(cl.text);
    if (!m) continue;
    const words = shellWords((m[1] as string).replace(/^\s*/, ''));
    const run: DockerRunFacts = { location: { path: rel, line: cl.line }, docs: opts.docs, envFiles: [], env: [] };
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as string;
      if (isSeparator(w)) break;
      let opt = w;
      let val: string | undefined;
      const eq = w.indexOf('=');
      if (w.startsWith('--') && eq > 0) {
        opt = w.slice(0, eq);
        val = w.slice(eq + 1);
      } else if (/^-e./.test(w)) {
        opt = '-e';
        val = w.slice(2);
      }
      if (opt === '-v' || opt === '--volume' || opt === '--mount') {
        val ??= words[++i];
        // the project bind-mounted into the container (`-v `pwd`:/app`, `-v $(pwd):/app`, `--mount
        // type=bind,source=$PWD,target=/app`): its program can read the project's own files (.env)
        const source =
          opt === '--mount' ? /(?:^|,)(?:source|src)=([^,]*)/.exec(val ?? '')?.[1] : (val ?? '').split(':')[0];
        if (source !== undefined && PROJECT_DIR.test(source)) run.mountsProject = true;
        continue;
      }
      if (opt === '--env-file') {
        val ??= words[++i];
        if (!val) continue;
        // a README in a sub-folder gives the commands to run there (vocode's apps/client_backend: `cp
        // .env.template .env`, then `docker run --env-file=.env`): its folder first, then the root
        const here = opts.docs && /\.(md|mdx|markdown|rst)$/i.test(rel);
        // npm runs a package.json script in the package's folder: its path is from there, never the root
        const order = /(?:^|\/)package\.json$/.test(rel)
          ? [joinInside(dirOf(rel), val)]
          : here
            ? [joinInside(dirOf(rel), val), joinInside('', val)]
            : [joinInside('', val), joinInside(dirOf(rel), val)];
        const candidates = order.filter((x): x is string => Boolean(x));
        const relPath = candidates.find((c) => opts.files.exists(c)) ?? candidates[0] ?? val;
        const exists = opts.files.exists(relPath);
        const f: DockerRunFacts['envFiles'][number] = { path: val, rel: relPath, exists, entries: [] };
        if (exists) {
          const t = opts.files.read(relPath);
          if (t !== undefined)
            for (const e of parseDockerEnvFile(t))
              f.entries.push({ name: e.name, value: e.value ?? opts.env[e.name], line: e.line, raw: e.raw });
        }
        run.envFiles.push(f);
        continue;
      }
      if (opt === '-e' || opt === '--env') {
        val ??= words[++i];
        if (!val) continue;
        const k = val.indexOf('=');
        if (k < 0) run.env.push({ name: val, value: opts.env[val], raw: val, fromHost: true });
        else {
          const raw = val.slice(k + 1);
          // the shell expands $VAR in the word before docker sees it
          const expanded = raw.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_x, n: string) => opts.env[n] ?? '');
          run.env.push({ name: val.slice(0, k), value: expanded, raw, fromHost: /\$/.test(raw) });
        }
        continue;
      }
      if (VALUE_OPTS.has(opt) && val === undefined) {
        i++;
        continue;
      }
      if (w.startsWith('-')) continue;
      run.image = w;
      break;
    }
    out.push(run);
  }
  return out;
}

/** `docker build [-f FILE] CONTEXT` / `docker buildx build ...`: which Dockerfile is built with which context. */
export function findDockerBuilds(text: string, markdown: boolean): Array<{ file?: string; context: string }> {
  const out: Array<{ file?: string; context: string }> = [];
  for (const cl of commandLines(text, markdown)) {
    const m = /(?:^|[\s;&|("'`])(?:sudo\s+)?(?:docker|podman)\s+(?:buildx\s+)?(?:image\s+)?build\b([^\n]*)/.exec(
      cl.text,
    );
    if (!m) continue;
    const words = shellWords((m[1] as string).trim());
    let file: string | undefined;
    let context: string | undefined;
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as string;
      if (isSeparator(w)) break;
      if (w === '-f' || w === '--file') {
        file = words[++i];
        continue;
      }
      if (w.startsWith('--file=')) {
        file = w.slice(7);
        continue;
      }
      if (/^-f./.test(w)) {
        file = w.slice(2);
        continue;
      }
      if (w.startsWith('-')) {
        if (
          !w.includes('=') &&
          /^(-t|--tag|--target|--build-arg|--secret|--platform|--label|--network|--ssh|--cache-from|--cache-to|-o|--output|--progress|--iidfile|--add-host|--builder)$/.test(
            w,
          )
        )
          i++;
        continue;
      }
      context = w;
      break;
    }
    if (context && !/^(https?:|git@|-$)/.test(context)) out.push({ file, context });
  }
  return out;
}
