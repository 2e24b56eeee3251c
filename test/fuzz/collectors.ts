/**
 * Fuzz targets for the collectors that parse what users and repositories write: dotenv files (all
 * three dialects), shell start-up files (bash, zsh, sh, fish, /etc/environment) and the YAML-facing
 * deployment readers (GitHub Actions, GitLab CI, CircleCI, Kubernetes, Helm values, hosting files,
 * compose). Inputs are built from each format's own pieces (quotes, escapes, heredocs, anchors,
 * merges, tags, deep nesting), then mutated at the byte level (cuts, repeats, NULs, CR, BOM,
 * invalid UTF-8, long runs). Properties: no input throws, every assignment has a non-empty name and
 * a string value at a line the file has, every problem is a note. Deterministic for a seed.
 *
 * `npm test` runs a bounded number of iterations with a fixed seed (test/fuzz/collectors.test.ts);
 * `npm run fuzz` runs many more (scripts/fuzz.mjs: FUZZ_ITERATIONS, FUZZ_SEED). FUZZ_TRACE=1 prints
 * each target and input size before it runs (the last line before a hang names the culprit).
 * Found so far: a self-referential YAML alias made the Helm values walk exponential, and toJS on a
 * Helm values file with syntax errors ran for minutes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeDotenv } from '../../src/collect/dotenv/parse.js';
import { parseShell } from '../../src/collect/shell/parse.js';
import { parseFish, parseFishVariables } from '../../src/collect/shell/fish.js';
import { parseEtcEnvironment } from '../../src/collect/shell/etc-environment.js';
import { readCircleCi, readGithubWorkflow, readGitlabCi } from '../../src/deploy/ci.js';
import { helmValues, newK8sFacts, readHelmTemplate, readHelmValues, readManifests } from '../../src/deploy/k8s.js';
import { readHosting } from '../../src/deploy/hosting.js';
import { readComposeProject } from '../../src/deploy/compose.js';
import { parseYaml } from '../../src/deploy/util.js';
import type { Assignment, Note } from '../../src/core/types.js';
import { diskFiles } from '../../src/deploy/files.js';

export type Rng = () => number;

/** A small, fast, seedable generator (mulberry32). */
export function rng(seed: number): Rng {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const int = (r: Rng, n: number): number => Math.floor(r() * n);

const NAMES = [
  'OPENAI_API_KEY',
  'OPENAI_BASE_URL',
  'AZURE_OPENAI_API_KEY',
  'A',
  '_x',
  'X1',
  'export',
  'PATH',
  'HOME',
  'K-Y',
  '1BAD',
  'é',
  'a.b',
  '',
];
const VALUES = [
  'sk-proj-abc',
  '"quoted value"',
  "'single $HOME'",
  '`tick`',
  '${A:-def}',
  '$(cmd)',
  'a#b',
  'a #c',
  '"multi\nline"',
  "'un",
  '"un',
  '\\',
  '\\n',
  'x\ty',
  ' spaced ',
  '',
  '"a"b',
  "$'esc\\x41'",
  '~/p',
  '=eq',
  '"${A}"',
  '\u200b',
  '\ufeff',
  'ü',
];

function word(r: Rng): string {
  return pick(r, VALUES);
}

function dotenvLine(r: Rng): string {
  const n = pick(r, NAMES);
  switch (int(r, 9)) {
    case 0:
      return `# comment ${word(r)}`;
    case 1:
      return `export ${n}=${word(r)}`;
    case 2:
      return `${n} = ${word(r)}`;
    case 3:
      return `${n}: ${word(r)}`;
    case 4:
      return `${n}=${word(r)} # trailing`;
    case 5:
      return `${n}="${word(r)}\n${word(r)}"`;
    case 6:
      return '';
    case 7:
      return `${n}`;
    default:
      return `${n}=${word(r)}${word(r)}`;
  }
}

function shellLine(r: Rng): string {
  const n = pick(r, NAMES);
  switch (int(r, 16)) {
    case 0:
      return `export ${n}=${word(r)}`;
    case 1:
      return `${n}=${word(r)} ${n}=${word(r)} cmd`;
    case 2:
      return `if [ -f ~/.x ]; then export ${n}=${word(r)}; fi`;
    case 3:
      return `source ${pick(r, ['~/.secrets', '$HOME/x', '"$(pwd)/y"', ''])}`;
    case 4:
      return `unset ${n}`;
    case 5:
      return `set -${pick(r, ['a', 'o allexport', '+a', 'u'])}`;
    case 6:
      return `cat <<${pick(r, ['EOF', "'EOF'", '-EOF'])}\n${word(r)}\nEOF`;
    case 7:
      return `alias x='export ${n}=${word(r)}'`;
    case 8:
      return `function f() { export ${n}=${word(r)}; }`;
    case 9:
      return `case $x in a) export ${n}=1;; esac`;
    case 10:
      return `export ${n}+=${word(r)}`;
    case 11:
      return `readonly ${n}=${word(r)}`;
    case 12:
      return `${n}=(${word(r)} ${word(r)})`;
    case 13:
      return `[[ ${word(r)} ]] && export ${n}=${word(r)}`;
    case 14:
      return `# ${word(r)}`;
    default:
      return `${word(r)} ${word(r)}`;
  }
}

function fishLine(r: Rng): string {
  const n = pick(r, NAMES);
  switch (int(r, 8)) {
    case 0:
      return `set -gx ${n} ${word(r)}`;
    case 1:
      return `set -l ${n} ${word(r)}`;
    case 2:
      return `set -e ${n}`;
    case 3:
      return `if test -f x; set -x ${n} ${word(r)}; end`;
    case 4:
      return `source ${word(r)}`;
    case 5:
      return `set -a ${n} ${word(r)}`;
    case 6:
      return `SETUVAR --export ${n}:${word(r)}`;
    default:
      return `${word(r)}; or set -x ${n} ${word(r)}`;
  }
}

/** YAML from the formats' own shapes, with anchors, aliases, merges and tags mixed in. */
function yamlDoc(r: Rng, depth = 0): string {
  const ind = '  '.repeat(depth);
  const lines: string[] = [];
  const n = 1 + int(r, 5);
  for (let i = 0; i < n; i++) {
    const key = pick(r, [
      'services',
      'jobs',
      'env',
      'environment',
      'variables',
      'steps',
      'image',
      'data',
      'stringData',
      'kind',
      'apiVersion',
      'containers',
      'spec',
      'template',
      'valueFrom',
      'secretKeyRef',
      'env_file',
      'on',
      'runs-on',
      'envVars',
      'x-anchor',
      '<<',
      pick(r, NAMES) || 'k',
    ]);
    const anchor = r() < 0.15 ? ` &a${int(r, 4)}` : '';
    switch (int(r, 8)) {
      case 0:
        lines.push(`${ind}${key}:${anchor}`, yamlDoc(r, depth + 1));
        break;
      case 1:
        lines.push(`${ind}${key}:${anchor} ${pick(r, ['*a0', '*a1', '*a2', '*missing'])}`);
        break;
      case 2:
        lines.push(
          `${ind}${key}:${anchor}`,
          `${ind}  - ${word(r)}`,
          `${ind}  - ${pick(r, NAMES)}=${word(r)}`,
          `${ind}  - {name: ${pick(r, NAMES) || 'N'}, value: ${word(r)}}`,
        );
        break;
      case 3:
        lines.push(`${ind}${key}: !${pick(r, ['Ref', 'reference', 'Sub', 'vault'])} ${word(r)}`);
        break;
      case 4:
        lines.push(`${ind}${key}: |`, `${ind}  ${word(r)}`, `${ind}  ${word(r)}`);
        break;
      case 5:
        lines.push(`${ind}${key}: [${word(r)}, *a${int(r, 3)}, {${pick(r, NAMES) || 'k'}: ${word(r)}}]`);
        break;
      case 6:
        lines.push(`${ind}<<: *a${int(r, 4)}`);
        break;
      default:
        lines.push(`${ind}${key}:${anchor} ${word(r)}`);
    }
    if (depth > 6) break;
  }
  return lines.join('\n');
}

/** Byte-level damage: cut, repeat, insert NUL/CR/BOM/invalid UTF-8/long runs. */
function mutate(r: Rng, text: string): Buffer {
  let b = Buffer.from(text, 'utf8');
  const rounds = int(r, 4);
  for (let k = 0; k < rounds; k++) {
    const at = b.length ? int(r, b.length) : 0;
    switch (int(r, 9)) {
      case 0:
        b = b.subarray(0, at);
        break;
      case 1:
        b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + 40), b.subarray(at)]);
        break;
      case 2:
        b = Buffer.concat([b.subarray(0, at), Buffer.from([0]), b.subarray(at)]);
        break;
      case 3:
        b = Buffer.from(b.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
        break;
      case 4:
        b = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]);
        break;
      case 5:
        b = Buffer.concat([b.subarray(0, at), Buffer.from([0xc3, 0x28, 0xff]), b.subarray(at)]);
        break;
      case 6:
        b = Buffer.concat([
          b.subarray(0, at),
          Buffer.from(pick(r, ['"', "'", '`', '\\', '$', '{', '[', '&', '*', '#', ':']).repeat(1 + int(r, 3000))),
          b.subarray(at),
        ]);
        break;
      case 7:
        b = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(b.toString('utf8'), 'utf16le')]);
        break;
      default:
        b = Buffer.concat([b, b]);
    }
  }
  return b;
}

function checkAssignments(list: Assignment[], text: string, what: string): void {
  const lines = text.split('\n').length + 1;
  for (const a of list) {
    if (typeof a.name !== 'string' || a.name === '') throw new Error(`${what}: an assignment without a name`);
    if (typeof a.value !== 'string') throw new Error(`${what}: ${a.name} has a non-string value`);
    const l = a.location?.line;
    if (l !== undefined && (!Number.isInteger(l) || l < 0 || l > lines))
      throw new Error(`${what}: ${a.name} at line ${l} of a ${lines}-line file`);
  }
}

function checkNotes(notes: Note[], what: string): void {
  for (const n of notes)
    if (typeof n.message !== 'string' || n.message === '') throw new Error(`${what}: a note without a message`);
}

export interface FuzzFailure {
  target: string;
  iteration: number;
  input: string;
  error: string;
}

/** One iteration of every target; returns the failures (empty: all properties held). */
export function fuzzOnce(r: Rng, iteration: number, work: string): FuzzFailure[] {
  const failures: FuzzFailure[] = [];
  const attempt = (target: string, input: Buffer | string, f: () => void) => {
    if (process.env.FUZZ_TRACE) process.stderr.write(`${iteration} ${target} ${Buffer.byteLength(input)}\n`);
    try {
      f();
    } catch (e) {
      failures.push({
        target,
        iteration,
        input: (Buffer.isBuffer(input) ? input.toString('utf8') : input).slice(0, 2000),
        error: (e as Error).stack ?? String(e),
      });
    }
  };
  const many = (line: (r: Rng) => string) =>
    Array.from({ length: 1 + int(r, 30) }, () => line(r)).join(r() < 0.2 ? '\r\n' : '\n');

  // dotenv: every dialect
  const env = mutate(r, many(dotenvLine));
  attempt('dotenv', env, () => {
    const a = analyzeDotenv(env, { python: pick(r, ['0.21.0', '1.0.1', '1.1.1', '1.2.1', '1.2.4']) });
    for (const d of ['dotenv', 'node', 'python'] as const) {
      const p = a.byDialect[d];
      for (const x of p.effective) {
        if (typeof x.name !== 'string' || x.name === '' || typeof x.value !== 'string')
          throw new Error(`${d}: bad assignment`);
      }
    }
  });

  // shell: bash, zsh, sh; fish; fish_variables; /etc/environment
  const sh = mutate(r, many(shellLine)).toString('utf8');
  for (const shell of ['bash', 'zsh', 'sh'] as const) {
    attempt(`shell:${shell}`, sh, () => {
      const p = parseShell(sh, { path: '~/.rc', shell, known: new Map([['HOME', '/home/u']]) });
      checkAssignments(p.assignments, sh, shell);
    });
  }
  const fish = mutate(r, many(fishLine)).toString('utf8');
  attempt('shell:fish', fish, () =>
    checkAssignments(parseFish(fish, { path: '~/.config/fish/config.fish' }).assignments, fish, 'fish'),
  );
  attempt('shell:fish_variables', fish, () =>
    checkAssignments(parseFishVariables(fish, '~/.config/fish/fish_variables'), fish, 'fish_variables'),
  );
  attempt('shell:/etc/environment', env, () =>
    checkAssignments(parseEtcEnvironment(env.toString('utf8')), env.toString('utf8'), '/etc/environment'),
  );

  // YAML-facing readers
  const y = mutate(r, yamlDoc(r) + (r() < 0.3 ? `\n---\n${yamlDoc(r)}` : '')).toString('utf8');
  const notes: Note[] = [];
  attempt('yaml:parse', y, () => void parseYaml(y, 'x.yml', notes));
  attempt('yaml:github-actions', y, () => void readGithubWorkflow('.github/workflows/ci.yml', y, notes));
  attempt('yaml:gitlab-ci', y, () => void readGitlabCi('.gitlab-ci.yml', y, notes));
  attempt('yaml:circleci', y, () => void readCircleCi('.circleci/config.yml', y, notes));
  attempt('yaml:kubernetes', y, () => readManifests(y, 'k8s/x.yaml', 'manifest', newK8sFacts(), notes));
  attempt('yaml:helm-values', y, () => readHelmValues('chart/values.yaml', y, newK8sFacts(), notes));
  attempt(
    'yaml:helm-template',
    y,
    () => void readHelmTemplate('chart/templates/x.yaml', y, helmValues(y), newK8sFacts(), notes),
  );
  for (const platform of ['render', 'serverless', 'gae', 'sam'] as const)
    attempt(`yaml:hosting:${platform}`, y, () => void readHosting('x.yaml', platform, y, notes));
  attempt('yaml:compose', y, () => {
    writeFileSync(join(work, 'docker-compose.yml'), y);
    writeFileSync(join(work, '.env'), env);
    readComposeProject(
      { ...diskFiles(work, [], notes), exists: () => true },
      { dir: '', files: ['docker-compose.yml'] },
      { HOME: '/home/u' },
      notes,
    );
  });
  attempt('notes', y, () => checkNotes(notes, 'yaml'));
  return failures;
}

/** Runs `iterations` iterations from `seed`; returns the failures. */
export function fuzzCollectors(iterations: number, seed: number): FuzzFailure[] {
  const r = rng(seed);
  const work = mkdtempSync(join(tmpdir(), 'kd-fuzz-'));
  try {
    const out: FuzzFailure[] = [];
    for (let i = 0; i < iterations; i++) {
      for (const f of fuzzOnce(r, i, work)) out.push(f);
      if (out.length >= 20) break;
    }
    return out;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
