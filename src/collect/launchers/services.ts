/**
 * Process managers and service units that start the app with an environment of their own:
 * - pm2 ecosystem files (`ecosystem.config.js` / `.cjs` / `.mjs` / `.json` / `.yml`): the app gets the
 *   environment of the shell that ran `pm2 start`, then the app's `env` block, then, with
 *   `--env NAME`, its `env_NAME` block, each replacing what came before (pm2's
 *   `Common.mergeEnvironmentVariables` and `resolveAppAttributes`). pm2 has no `env_file` option.
 * - systemd units (`*.service`): a service never sees the user's shell; it gets `Environment=`
 *   lines, then the `EnvironmentFile=` files in order (a file's values replace `Environment=`'s;
 *   a `-` prefix makes a missing file fine). An empty `Environment=` clears the earlier ones.
 * - supervisord (`[program:x]` in supervisord.conf or a `conf.d` file): the program gets
 *   supervisord's own environment plus `environment=KEY="val",KEY2="val2"`, which wins.
 */
import type { Facts } from '../../core/facts.js';
import type { Assignment } from '../../core/types.js';
import type { Launch } from '../launch/types.js';
import type { LauncherLayer, LauncherRun } from './types.js';
import { lazyBabel, lazyYaml } from '../../core/lazy.js';
import { launchesOf } from '../launch/collector.js';
import { PLACEHOLDER, commandLaunch, configAssignment, lineAt, namedDotenv, projectPath } from './common.js';
import { baseOf, dirOf, joinRel } from '../../core/paths.js';
import { shellWords } from '../launch/parse.js';
import { pushAll } from '../../core/arrays.js';

// ---------------------------------------------------------------------------------------------
// Static values: JSON / YAML / a JavaScript object literal, each with the offset it starts at

export type Static =
  | { kind: 'value'; value: string | number | boolean | null; at: number }
  | { kind: 'object'; entries: Array<{ key: string; value: Static; at: number }>; at: number }
  | { kind: 'array'; items: Static[]; at: number }
  | { kind: 'dynamic'; text: string; at: number; fromEnv?: string; fallback?: Static };

interface BNode {
  type: string;
  start: number;
  end: number;
  [k: string]: unknown;
}

function jsStatic(n: BNode | undefined, src: string, consts: Map<string, BNode>, depth = 0): Static {
  if (!n || depth > 20) return { kind: 'dynamic', text: '', at: 0 };
  const at = n.start;
  switch (n.type) {
    case 'StringLiteral':
      return { kind: 'value', value: n.value as string, at };
    case 'NumericLiteral':
      return { kind: 'value', value: n.value as number, at };
    case 'BooleanLiteral':
      return { kind: 'value', value: n.value as boolean, at };
    case 'NullLiteral':
      return { kind: 'value', value: null, at };
    case 'TemplateLiteral': {
      const qs = n.quasis as BNode[];
      if ((n.expressions as BNode[]).length === 0 && qs[0])
        return { kind: 'value', value: (qs[0].value as { cooked?: string }).cooked ?? '', at };
      break;
    }
    case 'ObjectExpression': {
      const entries: Array<{ key: string; value: Static; at: number }> = [];
      for (const p of n.properties as BNode[]) {
        if (p.type === 'SpreadElement') {
          const inner = jsStatic(p.argument as BNode, src, consts, depth + 1);
          if (inner.kind === 'object') pushAll(entries, inner.entries);
          continue;
        }
        if (p.type !== 'ObjectProperty' || p.computed) continue;
        const k = p.key as BNode;
        const key =
          k.type === 'Identifier' ? (k.name as string) : k.type === 'StringLiteral' ? (k.value as string) : undefined;
        if (key === undefined) continue;
        entries.push({ key, value: jsStatic(p.value as BNode, src, consts, depth + 1), at: p.start });
      }
      return { kind: 'object', entries, at };
    }
    case 'ArrayExpression':
      return {
        kind: 'array',
        items: (n.elements as Array<BNode | null>)
          .filter((e): e is BNode => !!e)
          .map((e) => jsStatic(e, src, consts, depth + 1)),
        at,
      };
    case 'Identifier': {
      const c = consts.get(n.name as string);
      if (c) return jsStatic(c, src, consts, depth + 1);
      break;
    }
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'ParenthesizedExpression':
      return jsStatic(n.expression as BNode, src, consts, depth + 1);
    case 'LogicalExpression': {
      // `process.env.X || 'default'`: the shell's X when it has one, else the literal
      const left = src.slice((n.left as BNode).start, (n.left as BNode).end);
      const m = /^process\.env(?:\.([A-Za-z_]\w*)|\[['"]([A-Za-z_]\w*)['"]\])$/.exec(left);
      const right = jsStatic(n.right as BNode, src, consts, depth + 1);
      if (m && (n.operator === '||' || n.operator === '??') && right.kind === 'value')
        return {
          kind: 'dynamic',
          text: src.slice(n.start, n.end),
          at,
          fromEnv: m[1] ?? m[2],
          fallback: right,
        } as Static;
      break;
    }
  }
  return { kind: 'dynamic', text: src.slice(n.start, n.end), at };
}

/** The object a JS config file exports (`module.exports = {...}`, `export default {...}`, through a `const`). */
export function jsExport(text: string): Static | undefined {
  let ast: { program: { body: BNode[] } };
  try {
    ast = lazyBabel().parse(text, {
      sourceType: 'unambiguous',
      errorRecovery: true,
      plugins: ['typescript'],
    }) as unknown as { program: { body: BNode[] } };
  } catch {
    return undefined;
  }
  const consts = new Map<string, BNode>();
  let out: BNode | undefined;
  for (const st of ast.program.body) {
    if (st.type === 'VariableDeclaration')
      for (const d of st.declarations as BNode[]) {
        const id = d.id as BNode;
        if (id.type === 'Identifier' && d.init) consts.set(id.name as string, d.init as BNode);
      }
    if (st.type === 'ExportDefaultDeclaration') out = st.declaration as BNode;
    if (st.type === 'ExpressionStatement') {
      const e = st.expression as BNode;
      const l = e.left as BNode | undefined;
      if (
        e.type === 'AssignmentExpression' &&
        l?.type === 'MemberExpression' &&
        (l.object as BNode).name === 'module' &&
        (l.property as BNode).name === 'exports'
      )
        out = e.right as BNode;
    }
  }
  return out ? jsStatic(out, text, consts) : undefined;
}

function yamlStatic(n: unknown): Static {
  const y = lazyYaml();
  const at = (n as { range?: number[] } | null)?.range?.[0] ?? 0;
  if (y.isMap(n))
    return {
      kind: 'object',
      at,
      entries: n.items.map((p) => ({
        key: String(y.isScalar(p.key) ? p.key.value : p.key),
        value: yamlStatic(p.value),
        at: (p.key as { range?: number[] } | null)?.range?.[0] ?? at,
      })),
    };
  if (y.isSeq(n)) return { kind: 'array', at, items: n.items.map((i) => yamlStatic(i)) };
  if (y.isScalar(n)) {
    const v = n.value;
    return {
      kind: 'value',
      at,
      value:
        typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : v === null ? null : String(v),
    };
  }
  return { kind: 'dynamic', text: '', at };
}

/** JSONC without its comments (`//`, `/* *\/` outside strings), each replaced by blanks so offsets stay. */
export function stripJsonComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      const end = nl < 0 ? text.length : nl;
      out += ' '.repeat(end - i);
      i = end;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? text.length : close + 2;
      out += text.slice(i, end).replace(/[^\n]/g, ' ');
      i = end;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** A JSON, JSONC or YAML document with offsets (JSON reads as YAML; comments are blanked first when it looks like JSON). */
export function dataDocument(text: string): Static | undefined {
  try {
    const json = /^\s*[{[]/.test(text.replace(/^\s*\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, ''));
    const doc = lazyYaml().parseDocument(json ? stripJsonComments(text).replace(/\t/g, ' ') : text, {
      uniqueKeys: false,
      strict: false,
      logLevel: 'silent',
    });
    if (doc.errors.length) return undefined;
    return yamlStatic(doc.contents);
  } catch {
    return undefined;
  }
}

export const get = (o: Static | undefined, k: string): Static | undefined =>
  o?.kind === 'object' ? o.entries.filter((e) => e.key === k).pop()?.value : undefined;
export const text = (o: Static | undefined): string | undefined =>
  o?.kind === 'value' && o.value !== null ? String(o.value) : undefined;
export const entryAt = (o: Static | undefined, k: string): number | undefined =>
  o?.kind === 'object' ? o.entries.filter((e) => e.key === k).pop()?.at : undefined;

/** An `env`-style block as assignments (literal values; `process.env.X` and other code is computed when the tool starts). */
export function envBlock(
  o: Static | undefined,
  src: string,
  path: string,
  detail: string,
  kind = 'launcher',
  env: Record<string, string> = {},
): Assignment[] {
  if (o?.kind !== 'object') return [];
  const out: Assignment[] = [];
  for (const e of o.entries) {
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(e.key)) continue;
    const line = lineAt(src, e.at);
    if (e.value.kind === 'value') {
      if (e.value.value === null) continue;
      out.push(configAssignment(e.key, String(e.value.value), path, line, detail, { kind }));
    } else if (e.value.kind === 'dynamic') {
      // `OPENAI_API_KEY: process.env.OPENAI_API_KEY` hands the shell's own value on: nothing new
      if (new RegExp(`^process\\.env(\\.${e.key}|\\[['"]${e.key}['"]\\])$`).test(e.value.text.trim())) continue;
      const fb = e.value.fallback;
      if (e.value.fromEnv !== undefined && fb?.kind === 'value') {
        // `process.env.X || 'your_api_key_here'`: the shell's X when it has one (then nothing new), else the literal
        if (e.value.fromEnv === e.key && Object.hasOwn(env, e.key) && env[e.key] !== '') continue;
        if (Object.hasOwn(env, e.value.fromEnv) && env[e.value.fromEnv] !== '')
          out.push(
            configAssignment(
              e.key,
              env[e.value.fromEnv] ?? '',
              path,
              line,
              `${detail} (process.env.${e.value.fromEnv} of the shell that starts it)`,
              { kind },
            ),
          );
        else if (fb.value !== null)
          out.push(
            configAssignment(
              e.key,
              String(fb.value),
              path,
              line,
              `${detail} (the fallback of ${e.value.text.slice(0, 60)}: the shell has no ${e.value.fromEnv})`,
              { kind },
            ),
          );
        continue;
      }
      out.push(
        configAssignment(
          e.key,
          '',
          path,
          line,
          `${detail} (computed when the file is read: ${e.value.text.slice(0, 60)})`,
          { kind, dynamic: true, raw: e.value.text.slice(0, 200) },
        ),
      );
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// pm2

export const PM2_FILE =
  /(^|\/)(ecosystem(\.[\w-]+)?\.config\.(c|m)?js|ecosystem(\.[\w-]+)?\.(json|ya?ml)|pm2\.(config\.(c|m)?js|json|ya?ml)|process\.(json|ya?ml))$/;

/** The `--env` names the project's own commands start this ecosystem file with (undefined: the plain `env` block). */
function pm2Modes(facts: Facts, rel: string): Array<string | undefined> {
  const modes = new Set<string | undefined>();
  for (const f of launchesOf(facts)) {
    for (const s of f.segments) {
      if (s.runtime !== 'pm2' || !s.file) continue;
      if (joinRel(s.cwd, s.file) !== rel && baseOf(s.file) !== baseOf(rel)) continue;
      modes.add(s.mode);
    }
  }
  if (modes.size === 0) modes.add(undefined);
  return [...modes];
}

function pm2Command(app: Static): string | undefined {
  const script = text(get(app, 'script'));
  if (!script) return undefined;
  const argsV = get(app, 'args');
  const args =
    argsV?.kind === 'array'
      ? argsV.items
          .map(text)
          .filter((x): x is string => x !== undefined)
          .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
          .join(' ')
      : (text(argsV) ?? '');
  const interp = baseOf(text(get(app, 'interpreter')) ?? text(get(app, 'exec_interpreter')) ?? '');
  const q = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  if (/^python/.test(interp) || /\.py$/.test(script))
    return `${/^python/.test(interp) ? interp : 'python3'} ${q(script)} ${args}`;
  if (interp === 'bun') return `bun ${q(script)} ${args}`;
  if (interp === 'none' || interp === 'bash' || interp === 'sh') return `${script} ${args}`;
  if (/\.(c|m)?[jt]sx?$/.test(script)) return `node ${q(script)} ${args}`;
  return `${script} ${args}`;
}

export function pm2Runs(facts: Facts, rel: string, src: string): LauncherRun[] {
  const doc = /\.(json|ya?ml)$/.test(rel) ? dataDocument(src) : jsExport(src);
  const appsV = get(doc, 'apps') ?? (doc?.kind === 'array' ? doc : undefined);
  const apps = appsV?.kind === 'array' ? appsV.items : appsV?.kind === 'object' ? [appsV] : [];
  const dir = dirOf(rel);
  const out: LauncherRun[] = [];
  apps.forEach((app, i) => {
    const cmd = pm2Command(app);
    if (!cmd) return;
    const name = text(get(app, 'name')) ?? `app ${i + 1}`;
    const cwdRaw = text(get(app, 'cwd'));
    const cwd = cwdRaw === undefined ? dir : (projectPath(facts, cwdRaw, dir, 'dir') ?? dir);
    const launch = commandLaunch(facts, cmd, cwd);
    if (!launch) return;
    const line = lineAt(src, app.at);
    for (const mode of pm2Modes(facts, rel)) {
      const layers: LauncherLayer[] = [];
      const base = envBlock(get(app, 'env'), src, rel, `${rel}, app "${name}" env`, 'launcher', facts.env);
      if (base.length)
        layers.push({ source: `${rel} (pm2 env of "${name}")`, loader: 'pm2', mode: 'override', assignments: base });
      if (mode) {
        const m = envBlock(
          get(app, `env_${mode}`),
          src,
          rel,
          `${rel}, app "${name}" env_${mode}`,
          'launcher',
          facts.env,
        );
        if (m.length)
          layers.push({
            source: `${rel} (pm2 env_${mode} of "${name}", --env ${mode})`,
            loader: `pm2 --env ${mode}`,
            mode: 'override',
            assignments: m,
          });
      }
      const efAt = entryAt(app, 'env_file');
      if (efAt !== undefined && mode === pm2Modes(facts, rel)[0])
        facts.notes.push({
          kind: 'info',
          path: rel,
          line: lineAt(src, efAt),
          message: `pm2 has no env_file option: pm2 does not load the file it names (load it in the app, or list the variables under env)`,
        });
      const modeText = mode ? ` --env ${mode}` : '';
      out.push({
        kind: 'pm2',
        id: `pm2:${rel}:${name}${mode ? ':' + mode : ''}`,
        label: `pm2 app "${name}" (${rel}${modeText}: ${launch.words.join(' ').slice(0, 50)})`,
        file: rel,
        line,
        layers,
        launch,
        loading: `pm2 start ${baseOf(rel)}${modeText}: the shell that runs pm2, then the app's env${mode ? ` and env_${mode}` : ''} (pm2's values replace the shell's)`,
      });
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// systemd

/** systemd's word splitting for `Environment=`: quotes group (and are removed), a backslash escapes. */
export function systemdWords(v: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  for (let i = 0; i < v.length; i++) {
    const c = v[i] as string;
    if (c === '"' || c === "'") {
      const end = v.indexOf(c, i + 1);
      if (end < 0) {
        cur += v.slice(i + 1);
        has = true;
        break;
      }
      cur += c === '"' ? v.slice(i + 1, end).replace(/\\(["\\])/g, '$1') : v.slice(i + 1, end);
      has = true;
      i = end;
      continue;
    }
    if (c === '\\' && i + 1 < v.length) {
      cur += v[i + 1];
      has = true;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t') {
      if (has) out.push(cur);
      cur = '';
      has = false;
      continue;
    }
    cur += c;
    has = true;
  }
  if (has) out.push(cur);
  return out;
}

interface UnitLine {
  key: string;
  value: string;
  line: number;
}

function unitSections(src: string): Map<string, UnitLine[]> {
  const out = new Map<string, UnitLine[]>();
  let section = '';
  const lines = src.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let l = (lines[i] ?? '').replace(/\r$/, '');
    while (/\\$/.test(l) && i + 1 < lines.length) l = l.slice(0, -1) + ' ' + (lines[++i] ?? '').replace(/\r$/, '');
    const t = l.trim();
    if (!t || t.startsWith('#') || t.startsWith(';')) continue;
    const s = /^\[([^\]]+)\]$/.exec(t);
    if (s?.[1]) {
      section = s[1];
      if (!out.has(section)) out.set(section, []);
      continue;
    }
    const m = /^([A-Za-z][\w.-]*)\s*=\s*(.*)$/.exec(t);
    if (m?.[1]) out.get(section)?.push({ key: m[1], value: m[2] ?? '', line: start });
  }
  return out;
}

export function systemdRuns(facts: Facts, rel: string, src: string): LauncherRun[] {
  const svc = unitSections(src).get('Service');
  if (!svc) return [];
  const dir = dirOf(rel);
  const wdLine = svc.filter((l) => l.key === 'WorkingDirectory').pop();
  const wdRaw = wdLine?.value.replace(/^-/, '');
  const wd = wdRaw && wdRaw.startsWith('/') ? (projectPath(facts, wdRaw, dir, 'dir') ?? '') : '';
  const anchor = wdRaw?.startsWith('/') ? { abs: wdRaw.replace(/\/+$/, ''), rel: wd } : undefined;
  const exec = svc.filter((l) => l.key === 'ExecStart' && l.value.trim()).pop();
  if (!exec) return [];
  // ExecStart prefixes (@ - : + !), then the absolute program and its arguments; files map onto the project
  const words = shellWords(exec.value.trim().replace(/^[@\-:+!]+/, ''));
  const mapped = words.map((w, i) => {
    if (i === 0 || !w.startsWith('/')) return w;
    return projectPath(facts, w, wd, 'file', anchor) ?? w;
  });
  const launch = commandLaunch(
    facts,
    mapped.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' '),
    wd,
  );
  if (!launch) return [];
  const name = baseOf(rel).replace(/\.service$/, '');
  const layers: LauncherLayer[] = [];
  let env: Assignment[] = [];
  const external: string[] = [];
  const files: Array<{ path: string; optional: boolean; line: number }> = [];
  for (const l of svc) {
    if (l.key === 'Environment') {
      if (l.value.trim() === '') {
        env = [];
        continue;
      }
      for (const w of systemdWords(l.value)) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w);
        if (!m?.[1]) continue;
        const dynamic = /%[a-zA-Z]|\$\{/.test(m[2] ?? '');
        env.push(
          configAssignment(
            m[1],
            m[2] ?? '',
            rel,
            l.line,
            `${rel} (systemd Environment=)`,
            dynamic ? { dynamic: true } : {},
          ),
        );
      }
    } else if (l.key === 'EnvironmentFile') {
      if (l.value.trim() === '') {
        files.length = 0;
        continue;
      }
      const optional = l.value.trim().startsWith('-');
      files.push({ path: l.value.trim().replace(/^-/, ''), optional, line: l.line });
    } else if (
      l.key === 'PassEnvironment' ||
      l.key === 'LoadCredential' ||
      l.key === 'SetCredential' ||
      l.key === 'LoadCredentialEncrypted'
    ) {
      external.push(`${l.key}= at ${rel}:${l.line}: values from the service manager that keydoctor cannot see`);
    }
  }
  if (env.length)
    layers.push({ source: `${rel} (systemd Environment=)`, loader: 'systemd', mode: 'override', assignments: env });
  for (const f of files) {
    const p = projectPath(facts, f.path, wd, 'file', anchor);
    const prel = namedDotenv(facts, p);
    if (prel) {
      layers.push({
        source: prel,
        loader: `systemd EnvironmentFile=${f.optional ? '-' : ''}${f.path}`,
        mode: 'override',
        assignments: [],
        file: prel,
        dialect: 'python',
      });
    } else if (!f.optional || /[%$]/.test(f.path)) {
      external.push(
        `EnvironmentFile=${f.optional ? '-' : ''}${f.path} (${rel}:${f.line}): a file on the server that keydoctor cannot see`,
      );
    } else {
      external.push(`EnvironmentFile=-${f.path} (${rel}:${f.line}): read if it exists on the server`);
    }
  }
  return [
    {
      kind: 'systemd',
      id: `systemd:${rel}`,
      label: `systemd service ${name} (${rel}: ${launch.words.join(' ').slice(0, 50)})`,
      file: rel,
      line: exec.line,
      layers,
      launch,
      inherits: false,
      baseText: "systemd starts services without your shell's environment",
      ...(external.length ? { external } : {}),
      loading: `systemd: no shell environment; Environment= lines${files.length ? ', then EnvironmentFile= ' + files.map((f) => f.path).join(', ') + ' (they replace Environment=)' : ''}`,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// supervisord

/** supervisord's `environment=KEY="val",KEY2=val2` (commas separate unless quoted). */
export function supervisorEnv(v: string): Array<{ name: string; value: string }> {
  const out: Array<{ name: string; value: string }> = [];
  let i = 0;
  while (i < v.length) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*/.exec(v.slice(i));
    if (!m?.[1]) break;
    i += m[0].length;
    let value = '';
    const q = v[i];
    if (q === '"' || q === "'") {
      const end = v.indexOf(q, i + 1);
      value = end < 0 ? v.slice(i + 1) : v.slice(i + 1, end);
      i = end < 0 ? v.length : end + 1;
      const comma = v.indexOf(',', i);
      i = comma < 0 ? v.length : comma + 1;
    } else {
      const comma = v.indexOf(',', i);
      value = (comma < 0 ? v.slice(i) : v.slice(i, comma)).trim();
      i = comma < 0 ? v.length : comma + 1;
    }
    out.push({ name: m[1], value });
  }
  return out;
}

export function supervisorRuns(facts: Facts, rel: string, src: string): LauncherRun[] {
  const out: LauncherRun[] = [];
  const lines = src.split('\n');
  let prog: { name: string; line: number; kv: Map<string, { value: string; line: number }> } | undefined;
  const programs: Array<NonNullable<typeof prog>> = [];
  let lastKey: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] ?? '').replace(/\r$/, '');
    const s = /^\s*\[program:([^\]]+)\]\s*$/.exec(raw);
    if (s?.[1]) {
      prog = { name: s[1], line: i + 1, kv: new Map() };
      programs.push(prog);
      lastKey = undefined;
      continue;
    }
    if (/^\s*\[/.test(raw)) {
      prog = undefined;
      continue;
    }
    if (!prog || /^\s*[#;]/.test(raw) || !raw.trim()) continue;
    if (/^\s+\S/.test(raw) && lastKey) {
      const e = prog.kv.get(lastKey);
      if (e) e.value += ' ' + raw.trim();
      continue;
    }
    const m = /^\s*([\w.-]+)\s*[=:]\s*(.*)$/.exec(raw);
    if (m?.[1]) {
      prog.kv.set(m[1], { value: (m[2] ?? '').replace(/\s;.*$/, ''), line: i + 1 });
      lastKey = m[1];
    }
  }
  const dir = dirOf(rel);
  for (const p of programs) {
    const command = p.kv.get('command');
    if (!command) continue;
    const d = p.kv.get('directory')?.value.trim();
    const cwd = d ? (projectPath(facts, d, dir, 'dir') ?? '') : '';
    const anchor = d?.startsWith('/') ? { abs: d.replace(/\/+$/, ''), rel: cwd } : undefined;
    const mapped = shellWords(command.value).map((w, i) =>
      i > 0 && w.startsWith('/') ? (projectPath(facts, w, cwd, 'file', anchor) ?? w) : w,
    );
    const launch = commandLaunch(
      facts,
      mapped.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' '),
      cwd,
    );
    if (!launch) continue;
    const envLine = p.kv.get('environment');
    const env = envLine
      ? supervisorEnv(envLine.value).map((e) => {
          const ref = /%\(ENV_([A-Za-z_]\w*)\)s/.exec(e.value);
          const known = ref?.[1] !== undefined ? facts.env[ref[1]] : undefined;
          const value = ref
            ? e.value.replace(/%\(ENV_([A-Za-z_]\w*)\)s/g, (_m, n: string) => facts.env[n] ?? '')
            : e.value;
          return configAssignment(
            e.name,
            value,
            rel,
            envLine.line,
            `${rel} (supervisord environment= of ${p.name})`,
            ref && known === undefined ? { dynamic: true } : PLACEHOLDER.test(e.value) && !ref ? { dynamic: true } : {},
          );
        })
      : [];
    const layers: LauncherLayer[] = env.length
      ? [
          {
            source: `${rel} ([program:${p.name}] environment=)`,
            loader: 'supervisord',
            mode: 'override',
            assignments: env,
          },
        ]
      : [];
    out.push({
      kind: 'supervisord',
      id: `supervisord:${rel}:${p.name}`,
      label: `supervisord program ${p.name} (${rel}: ${launch.words.join(' ').slice(0, 50)})`,
      file: rel,
      line: command.line,
      layers,
      launch,
      loading: `supervisord: the environment supervisord was started with, then [program:${p.name}] environment= (it wins)`,
    });
  }
  return out;
}

export type { Launch };

/**
 * A config file's object of environment values (langgraph.json's `"env": { ... }`, a llama_deploy
 * service's `env:`) as assignments, null values left out.
 */
export function envObjectAssignments(env: Static | undefined, src: string, rel: string, detail: string): Assignment[] {
  if (env?.kind !== 'object') return [];
  return env.entries
    .filter((e) => e.value.kind === 'value' && e.value.value !== null)
    .map((e) => configAssignment(e.key, String((e.value as { value: unknown }).value), rel, lineAt(src, e.at), detail));
}
