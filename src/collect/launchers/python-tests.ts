/**
 * Python test runners that shape the tests' environment:
 * - tox 4 (`tox.ini` `[testenv]` / `[testenv:NAME]`, `legacy_tox_ini` in pyproject.toml): a clean
 *   environment; only a short default list (PATH, LANG, proxies, PIP_*, ...) and the names (or globs)
 *   `passenv` / `pass_env` lists come through from the shell; `setenv` / `set_env` (with `file|PATH`)
 *   add values. An OPENAI_API_KEY in the shell does not reach the tests unless passenv names it.
 * - pytest with pytest-dotenv (`env_files`, default `.env`; `env_override_existing_values`) and
 *   pytest-env (`env = KEY=value`, `D:` only if unset, `R:` raw), in pytest.ini, `[tool:pytest]` of
 *   setup.cfg, `[pytest]` of tox.ini or `[tool.pytest.ini_options]` of pyproject.toml.
 * Each is a target only when the tests read an OpenAI key variable (else their key does not matter).
 */
import type { Facts } from '../../core/facts.js';
import type { Assignment } from '../../core/types.js';
import type { LauncherLayer, LauncherRun } from './types.js';
import { lazyToml } from '../../core/lazy.js';
import { configAssignment, namedDotenv } from './common.js';
import { dirOf, joinRel } from '../../core/paths.js';
import { readTextFile } from '../../core/read-file.js';
import { join } from 'node:path';

interface IniKey {
  value: string;
  line: number;
}

const TEST_FILE = /(^|\/)(tests?|testing)\/.*\.py$|(^|\/)test_[^/]*\.py$|_test\.py$|(^|\/)conftest\.py$/;
const READS_KEY =
  /(?:environ\.get\s*\(\s*|environ\s*\[\s*|getenv\s*\(\s*)['"](OPENAI_API_KEY|AZURE_OPENAI_API_KEY)['"](?!\s*\]\s*=[^=])/;
const SETS_KEY =
  /environ\s*\[\s*['"](OPENAI_API_KEY|AZURE_OPENAI_API_KEY)['"]\s*\]\s*=[^=]|setenv\s*\(\s*['"](OPENAI_API_KEY|AZURE_OPENAI_API_KEY)|patch\.dict\s*\(\s*(os\.)?environ|environ\.setdefault\s*\(\s*['"](OPENAI_API_KEY|AZURE_OPENAI_API_KEY)/;
const testKeys = new WeakMap<Facts, string | null>();

/** The OpenAI key variable the project's tests read (the code analysis skips test files), or undefined. */
export function testsKey(facts: Facts, under?: readonly string[]): string | undefined {
  const memo = under ? undefined : testKeys.get(facts);
  if (memo !== undefined) return memo ?? undefined;
  const picked = (rel: string): boolean => !under || under.some((u) => rel === u || rel.startsWith(`${u}/`));
  let found: string | null = null;
  let n = 0;
  for (const f of facts.files) {
    if (f.ignored || !TEST_FILE.test(f.rel) || /(^|\/)(\.venv|venv|site-packages|node_modules)\//.test(f.rel)) continue;
    if (!picked(f.rel)) continue;
    if (++n > 300) break;
    const src = readTextFile(join(facts.root, f.rel), f.rel, [], { max: 256 * 1024, what: 'test file' });
    if (src === undefined) continue;
    // tests that set the key themselves (a dummy, monkeypatch, patch.dict) need none from the runner
    if (SETS_KEY.test(src)) {
      found = null;
      break;
    }
    const m = READS_KEY.exec(src);
    if (m && !found) found = m[1] ?? 'OPENAI_API_KEY';
  }
  if (!under) testKeys.set(facts, found);
  return found ?? undefined;
}

/**
 * The test files or folders a tox env's commands hand pytest (`pytest tests/test_math.py`,
 * `{posargs:tests/unit}`), relative to the root; undefined when it runs the whole suite (no path, a
 * `changedir`, or a path keydoctor cannot read).
 */
export function pytestPaths(commands: string, dir: string): string[] | undefined {
  const out: string[] = [];
  for (const line of commands.split('\n')) {
    const words = line.trim().split(/\s+/);
    const at = words.findIndex((w) => /^(?:py\.?test|pytest)$/.test(w));
    if (at < 0) continue;
    for (const raw of words.slice(at + 1)) {
      const w = /^\{posargs:([^}]+)\}$/.exec(raw)?.[1] ?? raw;
      if (w.startsWith('-') || w.includes('{') || w.includes('=')) continue;
      const path = w.replace(/::.*$/, '').replace(/\/+$/, '');
      if (!/^[\w./-]+$/.test(path)) return undefined;
      out.push(joinRel(dir, path));
    }
    if (out.length === 0) return undefined; // a bare pytest: the whole suite
  }
  return out.length ? out : undefined;
}

/** INI sections with multi-line values (continuation lines indented), as tox and pytest read them. */
export function iniSections(src: string): Map<string, Map<string, IniKey>> {
  const out = new Map<string, Map<string, IniKey>>();
  let sec: Map<string, IniKey> | undefined;
  let last: IniKey | undefined;
  src.split('\n').forEach((raw, i) => {
    const l = raw.replace(/\r$/, '');
    if (/^\s*[#;]/.test(l) || l.trim() === '') {
      last = l.trim() === '' ? last : last;
      return;
    }
    const h = /^\[([^\]]+)\]\s*$/.exec(l);
    if (h?.[1]) {
      sec = new Map();
      out.set(h[1].trim(), sec);
      last = undefined;
      return;
    }
    if (/^\s+\S/.test(l) && last) {
      last.value += '\n' + l.trim();
      return;
    }
    const m = /^([\w.-]+)\s*[=:]\s*(.*)$/.exec(l);
    if (m?.[1] && sec) {
      last = { value: m[2] ?? '', line: i + 1 };
      sec.set(m[1], last);
    }
  });
  return out;
}

/** tox 4's default pass_env (POSIX) plus globs, as a name filter. */
const TOX_DEFAULT = [
  'CURL_CA_BUNDLE',
  'FORCE_COLOR',
  'HOME',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'LANG',
  'LANGUAGE',
  'LD_LIBRARY_PATH',
  'NO_COLOR',
  'NO_PROXY',
  'PATH',
  'PIP_*',
  'PYTHONHASHSEED',
  'REQUESTS_CA_BUNDLE',
  'SSL_CERT_FILE',
  'TERM',
  'TMPDIR',
  'VIRTUALENV_*',
  'http_proxy',
  'https_proxy',
  'no_proxy',
];

function globs(list: string[]): (name: string) => boolean {
  const res = list.map(
    (g) =>
      new RegExp(
        '^' +
          g
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/\?/g, '.') +
          '$',
      ),
  );
  return (n) => res.some((r) => r.test(n));
}

function toxRun(
  facts: Facts,
  rel: string,
  name: string,
  sec: Map<string, IniKey>,
  base: Map<string, IniKey> | undefined,
  sectionLine: number,
): LauncherRun {
  const dir = dirOf(rel);
  const get = (k: string): IniKey | undefined =>
    sec.get(k) ?? sec.get(k.replace('_', '')) ?? base?.get(k) ?? base?.get(k.replace('_', ''));
  const pass = get('pass_env') ?? get('passenv');
  const passNames = (pass?.value ?? '').split(/[\s,]+/).filter((x) => x && !x.startsWith('{'));
  const accepts = globs([...TOX_DEFAULT, ...passNames]);
  const layers: LauncherLayer[] = [];
  const set = get('set_env') ?? get('setenv');
  const values: Assignment[] = [];
  if (set) {
    set.value.split('\n').forEach((ln, k) => {
      const t = ln.trim();
      const f = /^file\|(.+)$/.exec(t);
      if (f?.[1]) {
        const p = namedDotenv(facts, joinRel(dir, f[1].trim().replace(/^\{toxinidir\}\/?/, '')));
        if (p)
          layers.push({
            source: p,
            loader: `tox set_env file| (${rel}:${set.line + k})`,
            mode: 'override',
            assignments: [],
            file: p,
            dialect: 'python',
          });
        return;
      }
      const m = /^([A-Za-z_]\w*)\s*=\s*(.*)$/.exec(t);
      if (!m?.[1]) return;
      const v = m[2] ?? '';
      const ref = /^\{env:([A-Za-z_]\w*)(?::([^}]*))?\}$/.exec(v);
      if (ref?.[1] !== undefined) {
        const got = facts.env[ref[1]] ?? ref[2];
        values.push(
          configAssignment(
            m[1],
            got ?? '',
            rel,
            set.line + k,
            `${rel} [${name}] set_env ({env:${ref[1]}})`,
            got === undefined ? { dynamic: true } : {},
          ),
        );
        return;
      }
      values.push(
        configAssignment(
          m[1],
          v,
          rel,
          set.line + k,
          `${rel} [${name}] set_env`,
          /\{[^}]*\}/.test(v) ? { dynamic: true } : {},
        ),
      );
    });
  }
  if (values.length)
    layers.push({ source: `${rel} ([${name}] set_env)`, loader: 'tox', mode: 'override', assignments: values });
  const envName = name === 'testenv' ? '' : name.replace(/^testenv:/, '');
  // An env whose pass_env hands on other providers' keys but not this one (`passenv = ANTHROPIC_API_KEY`)
  // was set up to run without it: its tests are not the OpenAI ones.
  const commands = get('commands')?.value ?? '';
  const key = testsKey(facts, get('changedir') ? undefined : pytestPaths(commands, dir));
  const othersOnly =
    key !== undefined && passNames.some((n) => /(_API)?_KEY$|_TOKEN$/.test(n) && !n.includes('*')) && !accepts(key);
  return {
    kind: 'test-runner',
    id: `tox:${dir ? dir + ':' : ''}${envName || 'testenv'}`,
    label: `tox${envName ? ` -e ${envName}` : ''} (${rel}: the tests)`,
    file: rel,
    line: pass?.line ?? sectionLine,
    layers,
    launch: {
      words: ['tox'],
      cwd: dir,
      program: 'pytest',
      runtime: 'python',
      args: [],
      envFiles: [],
      wrappers: [],
      assigns: {},
    },
    passes: accepts,
    passText: `tox passes only its default list${passNames.length ? ` and ${passNames.join(', ')}` : ''} from the shell (add the name to pass_env in ${rel}${pass ? `:${pass.line}` : ` [${name}]`})`,
    testsOnly: true,
    ...(key && !othersOnly ? { keyVar: key } : {}),
    foreign: true,
    beside: true,
    loading: `tox: a clean environment (only pass_env names from the shell${passNames.length ? `: ${passNames.join(', ')}` : ''}), then set_env`,
  };
}

export function toxRuns(facts: Facts, rel: string, src: string): LauncherRun[] {
  let text = src;
  if (rel.endsWith('pyproject.toml')) {
    try {
      const t = lazyToml().parse(src) as { tool?: { tox?: { legacy_tox_ini?: string } } };
      text = t.tool?.tox?.legacy_tox_ini ?? '';
    } catch {
      return [];
    }
    if (!text) return [];
  }
  const secs = iniSections(text);
  const base = secs.get('testenv');
  const out: LauncherRun[] = [];
  const lineOf = (s: string) => Math.max(1, src.split('\n').findIndex((l) => l.trim() === `[${s}]`) + 1);
  for (const [name, sec] of secs) {
    if (name !== 'testenv' && !name.startsWith('testenv:')) continue;
    // an env without commands (its own or [testenv]'s) runs nothing: tox only installs its deps
    const commands = (sec.get('commands') ?? (name === 'testenv' ? undefined : base?.get('commands')))?.value;
    if (commands === undefined || !/pytest|python/.test(commands)) continue;
    out.push(toxRun(facts, rel, name, sec, name === 'testenv' ? undefined : base, lineOf(name)));
    if (out.length >= 6) break;
  }
  return out;
}

/** pytest's configuration section of a file, when it has one. */
function pytestSection(rel: string, src: string): { keys: Map<string, IniKey> } | undefined {
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  if (base === 'pyproject.toml') {
    // [tool.pytest.ini_options]: env = [...] / env_files = [...] (TOML lists), lines found by scanning
    const keys = new Map<string, IniKey>();
    let inSec = false;
    const lines = src.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const l = (lines[i] ?? '').replace(/\r$/, '');
      const h = /^\s*\[([^\]]+)\]/.exec(l);
      if (h) {
        inSec = h[1]?.trim() === 'tool.pytest.ini_options';
        continue;
      }
      if (!inSec) continue;
      const m = /^\s*(env|env_files|env_override_existing_values)\s*=\s*(.*)$/.exec(l);
      if (!m?.[1]) continue;
      let body = m[2] ?? '';
      let j = i;
      while (body.includes('[') && !body.includes(']') && j + 1 < lines.length) body += '\n' + (lines[++j] ?? '');
      try {
        const v = (lazyToml().parse(`x = ${body}`) as { x: unknown }).x;
        const list = Array.isArray(v) ? v.map(String) : [String(v)];
        // each list item on its own line when written so
        keys.set(m[1], { value: list.join('\n'), line: i + 1 });
        (keys.get(m[1]) as IniKey & { lines?: number[] }).lines = list.map((item) => {
          const k = lines.slice(i, j + 1).findIndex((x) => x.includes(item));
          return k >= 0 ? i + 1 + k : i + 1;
        });
      } catch {
        /* not a value keydoctor can read */
      }
      i = j;
    }
    return keys.size ? { keys } : undefined;
  }
  const secs = iniSections(src);
  const s = base === 'setup.cfg' ? secs.get('tool:pytest') : secs.get('pytest');
  return s ? { keys: s } : undefined;
}

export function pytestRuns(facts: Facts, rel: string, src: string): LauncherRun[] {
  const sec = pytestSection(rel, src);
  if (!sec) return [];
  const dir = dirOf(rel);
  const has = (dep: string) => facts.project.python.some((p) => Object.hasOwn(p.requirements, dep));
  const layers: LauncherLayer[] = [];
  const texts: string[] = [];
  const files = sec.keys.get('env_files');
  if (has('pytest-dotenv') || files) {
    const override = /^(1|true|yes)$/i.test(sec.keys.get('env_override_existing_values')?.value.trim() ?? '');
    const list = files ? files.value.split(/\s+/).filter(Boolean) : ['.env'];
    for (const f of list) {
      const p = namedDotenv(facts, joinRel(dir, f));
      if (p)
        layers.push({
          source: p,
          loader: 'pytest-dotenv',
          mode: override ? 'override' : 'if-unset',
          assignments: [],
          file: p,
          dialect: 'python',
        });
    }
    texts.push(`pytest-dotenv ${list.join(', ')}${override ? ' (overrides)' : ' (the shell wins)'}`);
  }
  const env = sec.keys.get('env') as (IniKey & { lines?: number[] }) | undefined;
  if (env) {
    const over: Assignment[] = [];
    const unset: Assignment[] = [];
    env.value.split('\n').forEach((ln, k) => {
      const m = /^((?:[DR]:)*)([A-Za-z_]\w*)\s*=\s*(.*)$/.exec(ln.trim());
      if (!m?.[2]) return;
      const line = env.lines?.[k] ?? env.line + (rel.endsWith('.toml') ? 0 : k);
      const raw = m[1]?.includes('R:') ?? false;
      const v = m[3] ?? '';
      const a = configAssignment(
        m[2],
        v,
        rel,
        line,
        `${rel} pytest-env`,
        !raw && /\{[^}]*\}/.test(v) ? { dynamic: true } : {},
      );
      (m[1]?.includes('D:') ? unset : over).push(a);
    });
    if (over.length)
      layers.push({ source: `${rel} (pytest-env env)`, loader: 'pytest-env', mode: 'override', assignments: over });
    if (unset.length)
      layers.push({
        source: `${rel} (pytest-env D: defaults)`,
        loader: 'pytest-env (D:)',
        mode: 'if-unset',
        assignments: unset,
      });
    texts.push('pytest-env (its values override, D: only when unset)');
  }
  // the runner's own settings give the tests a key (else whether they need one is theirs to say)
  const KEY = /^(OPENAI_API_KEY|AZURE_OPENAI_API_KEY)$/;
  const gives = layers.find(
    (l) =>
      l.assignments.some((a) => KEY.test(a.name)) ||
      (l.file !== undefined &&
        (
          facts.envFiles.find((e) => e.relPath === l.file)?.byDialect.python ??
          facts.envFiles.find((e) => e.relPath === l.file)?.byDialect.dotenv ??
          []
        ).some((a) => KEY.test(a.name))),
  );
  if (!gives) return [];
  const keyVar =
    [
      ...gives.assignments,
      ...(gives.file ? (facts.envFiles.find((e) => e.relPath === gives.file)?.byDialect.dotenv ?? []) : []),
    ].find((a) => KEY.test(a.name))?.name ?? 'OPENAI_API_KEY';
  return [
    {
      kind: 'test-runner',
      id: `pytest:${rel}`,
      label: `pytest (${rel}: the tests)`,
      file: rel,
      line: env?.line ?? files?.line ?? 1,
      layers,
      launch: {
        words: ['pytest'],
        cwd: dir,
        program: 'pytest',
        runtime: 'python',
        args: [],
        envFiles: [],
        wrappers: [],
        assigns: {},
      },
      keyVar,
      foreign: true,
      beside: true,
      loading: `pytest: ${texts.join(', then ')}`,
    },
  ];
}
