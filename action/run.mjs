#!/usr/bin/env node
// The steps of keydoctor's GitHub Action (../action.yml), as one dependency-free script:
//
//   node action/run.mjs scan     runs keydoctor on each path, merges the SARIF, sets the outputs
//   node action/run.mjs report   writes the job summary, annotations when the SARIF was not
//                                uploaded, and fails the step as `fail-on` says
//
// Inputs come as INPUT_* variables (set by action.yml from `inputs`), the rest from what Actions
// sets: GITHUB_WORKSPACE, GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_REPOSITORY, GITHUB_OUTPUT,
// GITHUB_STEP_SUMMARY, RUNNER_TEMP. Everything it prints or writes comes from keydoctor's SARIF,
// which is masked: no key is ever written here in full.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const env = process.env;
const input = (name, fallback = '') => (env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] ?? fallback).trim();
const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd());
const outDir = join(env.RUNNER_TEMP || join(workspace, '..'), 'keydoctor');

class ActionError extends Error {}

/** `::error::` and friends: data escaped as the runner reads it. */
const escData = (s) => String(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escProp = (s) => escData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
function command(name, props, message) {
  const p = Object.entries(props)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escProp(v)}`)
    .join(',');
  process.stdout.write(`::${name}${p ? ` ${p}` : ''}::${escData(message)}\n`);
}

function setOutput(name, value) {
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `${name}=${value}\n`);
  else process.stdout.write(`${name}=${value}\n`);
}

function readEvent() {
  try {
    return env.GITHUB_EVENT_PATH && existsSync(env.GITHUB_EVENT_PATH)
      ? JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'))
      : {};
  } catch {
    return {};
  }
}

const git = (...args) => spawnSync('git', args, { cwd: workspace, encoding: 'utf8' });
const hasCommit = (ref) => git('rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`).status === 0;

/** The commit a pull request (or push) starts from, fetched when the checkout lacks it; undefined: scan all history. */
function baseRef(event) {
  const explicit = input('since-ref');
  const zeros = /^0+$/;
  let base = explicit;
  if (!base && env.GITHUB_EVENT_NAME?.startsWith('pull_request')) base = event.pull_request?.base?.sha ?? '';
  if (!base && env.GITHUB_EVENT_NAME === 'push' && event.before && !zeros.test(event.before)) base = event.before;
  if (!base) return undefined;
  if (git('rev-parse', '--is-shallow-repository').stdout.trim() === 'true') {
    // BASE..HEAD needs the commits in between: a shallow checkout does not have them.
    console.log(
      `keydoctor: the checkout is shallow; fetching the history to scan ${base}..HEAD (checkout with fetch-depth: 0 to skip this)`,
    );
    git('fetch', '--quiet', '--no-tags', '--unshallow', 'origin');
  }
  if (!hasCommit(base)) git('fetch', '--quiet', '--no-tags', 'origin', base);
  if (!hasCommit(base))
    throw new ActionError(
      `cannot find the base commit ${base} in the checkout (actions/checkout with fetch-depth: 0 fetches it)`,
    );
  return base;
}

function keydoctor(args, cwd) {
  const bin = input('bin', 'keydoctor');
  // A path to the bundled CLI (.cjs/.js) runs with this Node; anything else is a command.
  const [file, argv] = /\.c?js$/.test(bin) ? [process.execPath, [bin, ...args]] : [bin, args];
  // keydoctor reads the pull request's files: it gets no token (it needs none, and uploads happen in a later step).
  const { INPUT_TOKEN: _token, ...childEnv } = env;
  const r = spawnSync(file, argv, { cwd, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...childEnv, NO_COLOR: '1' } });
  if (r.error) throw new ActionError(`cannot run keydoctor (${bin}): ${r.error.message}`);
  if (r.status !== 0 && r.status !== 1)
    throw new ActionError(
      `keydoctor ${args[0] ?? ''} could not run (exit ${r.status}): ${(r.stderr || r.stdout).trim().split('\n')[0]}`,
    );
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new ActionError(`keydoctor ${args.join(' ')} printed no SARIF: ${r.stdout.slice(0, 200)}`);
  }
}

/** The paths input: one per line or separated by spaces, inside the workspace. */
function paths() {
  const list = input('paths', '.')
    .split(/[\n\s]+/)
    .filter(Boolean);
  return (list.length ? list : ['.']).map((p) => {
    const abs = resolve(workspace, p);
    const rel = relative(workspace, abs);
    if (rel.startsWith('..') || isAbsolute(rel)) throw new ActionError(`paths: ${p} is outside the workspace`);
    if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new ActionError(`paths: ${p} is not a folder`);
    // The checkout is the pull request's: a folder of it can be a symlink to / or to the runner's home.
    const real = relative(realpathSync(workspace), realpathSync(abs));
    if (real.startsWith('..') || isAbsolute(real))
      throw new ActionError(`paths: ${p} is a symlink out of the workspace (to ${realpathSync(abs)}): not scanned`);
    return { abs, rel: rel.split(sep).join('/') };
  });
}

/** One SARIF run out of many keydoctor runs: locations made relative to the workspace, rules merged, duplicates dropped. */
function merge(logs) {
  const rules = new Map();
  const results = [];
  const seen = new Set();
  let driver;
  for (const { log, prefix, areas } of logs) {
    for (const run of log.runs ?? []) {
      driver ??= run.tool.driver;
      const localRules = run.tool.driver.rules ?? [];
      const areaOf = new Map(localRules.map((r) => [r.id, r.properties?.tags ?? []]));
      for (const res of run.results ?? []) {
        if (areas && !(areaOf.get(res.ruleId) ?? []).some((t) => areas.includes(t))) continue;
        const rule = localRules.find((r) => r.id === res.ruleId);
        if (rule && !rules.has(rule.id)) rules.set(rule.id, rule);
        for (const loc of res.locations ?? []) {
          const a = loc.physicalLocation?.artifactLocation;
          // The uri is a URI reference (percent-encoded): so is the folder put in front of it.
          if (a?.uri && prefix) a.uri = `${prefix.split('/').map(encodeURIComponent).join('/')}/${a.uri}`;
          if (a) a.uriBaseId = '%SRCROOT%';
        }
        const a = res.locations?.[0]?.physicalLocation;
        const key = `${res.ruleId}|${Object.values(res.partialFingerprints ?? {}).join(',')}|${a?.artifactLocation?.uri ?? ''}|${a?.region?.startLine ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        results.push(res);
      }
    }
  }
  const ids = [...rules.keys()].sort();
  const index = new Map(ids.map((id, i) => [id, i]));
  for (const r of results) r.ruleIndex = index.get(r.ruleId) ?? 0;
  const tool = {
    driver: {
      ...(driver ?? { name: 'keydoctor', informationUri: 'https://github.com/keydoctor/keydoctor' }),
      rules: ids.map((id) => rules.get(id)),
    },
  };
  const base = pathToFileURL(workspace.endsWith(sep) ? workspace : workspace + sep).href;
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool, results, columnKind: 'utf16CodeUnits', originalUriBaseIds: { '%SRCROOT%': { uri: base } } }],
  };
}

function scan() {
  const event = readEvent();
  const historyMode = input('history', 'false').toLowerCase();
  if (!['true', 'false', 'all'].includes(historyMode))
    throw new ActionError(`history must be true, false or all (got ${historyMode})`);
  const failOn = input('fail-on', 'error').toLowerCase();
  if (!['error', 'warning', 'never'].includes(failOn))
    throw new ActionError(`fail-on must be error, warning or never (got ${failOn})`);
  const args = ['scan', '--format', 'sarif'];
  const notes = [];
  if (historyMode !== 'false') {
    const base = historyMode === 'true' ? baseRef(event) : undefined;
    if (base) {
      args.push('--since-ref', base);
      notes.push(`History: the commits after ${base.slice(0, 12)} (${base.slice(0, 12)}..HEAD).`);
    } else {
      args.push('--history');
      notes.push('History: every commit reachable from a branch or tag.');
    }
  }
  const baseline = input('baseline');
  if (baseline) {
    const file = resolve(workspace, baseline);
    // keydoctor writes a missing baseline (suppressing everything found): in CI that would hide every key.
    if (!existsSync(file))
      throw new ActionError(
        `baseline ${baseline} does not exist (create it locally with keydoctor scan --baseline ${baseline}, and commit it)`,
      );
    args.push('--baseline', file);
  }
  const logs = [];
  for (const p of paths()) {
    logs.push({ log: keydoctor(args, p.abs), prefix: p.rel === '' || p.rel === '.' ? '' : p.rel });
    // The doctor's code and deployment checks: its value and source checks would describe the
    // runner's own environment (no key there is no finding), and the scan covers exposure.
    if (input('doctor', 'false').toLowerCase() === 'true')
      logs.push({
        log: keydoctor(['doctor', '--offline', '--format', 'sarif', p.abs], workspace),
        prefix: p.rel === '' || p.rel === '.' ? '' : p.rel,
        areas: ['code', 'deploy'],
      });
  }
  const sarif = merge(logs);
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, 'keydoctor.sarif');
  writeFileSync(file, JSON.stringify(sarif, null, 2) + '\n');
  const results = sarif.runs[0].results;
  const count = (level) => results.filter((r) => r.level === level).length;
  // Uploading needs a token with security-events: write: a fork's pull request never has one.
  const upload = input('upload', 'auto').toLowerCase();
  const head = event.pull_request?.head?.repo;
  const fork = Boolean(
    head &&
    (head.fork === true || (head.full_name && env.GITHUB_REPOSITORY && head.full_name !== env.GITHUB_REPOSITORY)),
  );
  let willUpload = upload === 'true' || (upload === 'auto' && !fork);
  let why = '';
  if (upload === 'auto' && fork) why = 'a pull request from a fork gets a read-only token';
  if (upload === 'false') why = 'upload: false';
  if (!input('token')) {
    willUpload = false;
    why = 'no token';
  }
  setOutput('sarif', file);
  setOutput('findings', String(results.length));
  setOutput('errors', String(count('error')));
  setOutput('warnings', String(count('warning')));
  setOutput('upload', willUpload ? 'true' : 'false');
  setOutput('upload-skipped', why);
  writeFileSync(join(outDir, 'notes.json'), JSON.stringify({ notes, failOn }) + '\n');
  console.log(
    `keydoctor: ${results.length} ${results.length === 1 ? 'finding' : 'findings'} (${count('error')} errors, ${count('warning')} warnings) in ${file}`,
  );
}

function report() {
  const file = input('sarif') || join(outDir, 'keydoctor.sarif');
  const sarif = JSON.parse(readFileSync(file, 'utf8'));
  const run = sarif.runs[0];
  const rules = new Map((run.tool.driver.rules ?? []).map((r) => [r.id, r]));
  const results = run.results ?? [];
  const { notes = [], failOn = input('fail-on', 'error') } = existsSync(join(outDir, 'notes.json'))
    ? JSON.parse(readFileSync(join(outDir, 'notes.json'), 'utf8'))
    : {};
  const outcome = input('upload-outcome'); // success | failure | skipped | ''
  const uploaded = outcome === 'success';
  const where = (r) => {
    const l = r.locations?.[0]?.physicalLocation;
    const uri = l?.artifactLocation?.uri;
    let file = uri;
    try {
      file = uri ? decodeURIComponent(uri) : undefined;
    } catch {
      // not percent-encoded after all: shown as it is
    }
    return { file, line: l?.region?.startLine };
  };
  // Annotations on the pull request's files when code scanning did not take the SARIF.
  if (!uploaded) {
    for (const r of results) {
      const w = where(r);
      const level = r.level === 'error' ? 'error' : r.level === 'warning' ? 'warning' : 'notice';
      command(level, { file: w.file, line: w.line, title: `keydoctor ${r.ruleId}` }, r.message.text);
    }
  }
  const md = [];
  const count = (level) => results.filter((r) => r.level === level).length;
  md.push(
    `### keydoctor: ${results.length === 0 ? 'no exposed keys' : `${results.length} ${results.length === 1 ? 'finding' : 'findings'} (${count('error')} errors, ${count('warning')} warnings)`}`,
    '',
  );
  for (const n of notes) md.push(n, '');
  if (uploaded) md.push('Uploaded to code scanning (the Security tab).', '');
  else if (outcome === 'failure')
    md.push(
      'Code scanning did not accept the SARIF (code scanning off, or the token lacks `security-events: write`): the findings are annotations on the files instead.',
      '',
    );
  else if (results.length)
    md.push(
      `Not uploaded to code scanning${input('upload-skipped') ? ` (${input('upload-skipped')})` : ''}: the findings are annotations on the files instead.`,
      '',
    );
  if (results.length) {
    // File names and messages come from the pull request: a cell stays a cell, `<` / `>` are shown, never rendered.
    const cell = (s) => {
      const one = String(s)
        .replace(/\|/g, '\\|')
        .replace(/\r?\n|\r/g, ' ');
      const shown = (t) => t.replace(/</g, '&lt;').replace(/>/g, '&gt;');
      let out = '';
      let at = 0;
      // Code spans render nothing (keydoctor's own `export NAME='<your key>'`): kept; the rest escaped.
      for (const m of one.matchAll(/(`+)[\s\S]*?[^`]\1(?!`)|(`+)\2(?!`)/g)) {
        out += shown(one.slice(at, m.index)) + m[0];
        at = m.index + m[0].length;
      }
      return out + shown(one.slice(at));
    };
    const codeCell = (s) => {
      const t = String(s)
        .replace(/\r?\n|\r/g, ' ')
        .replace(/\|/g, '\\|');
      let longest = 0;
      for (const r of t.match(/`+/g) ?? []) longest = Math.max(longest, r.length);
      const fence = '`'.repeat(longest + 1);
      const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
      return `${fence}${pad}${t}${pad}${fence}`;
    };
    md.push('| | finding | where | what |', '|---|---|---|---|');
    for (const r of results) {
      const w = where(r);
      const icon = r.level === 'error' ? '❌' : r.level === 'warning' ? '⚠️' : 'ℹ️';
      const help = rules.get(r.ruleId)?.helpUri;
      md.push(
        `| ${icon} | ${help ? `[\`${r.ruleId}\`](${help})` : `\`${r.ruleId}\``} | ${w.file ? codeCell(`${w.file}${w.line ? `:${w.line}` : ''}`) : ''} | ${cell(r.message.text)} |`,
      );
    }
    md.push('');
  }
  md.push(`SARIF: \`${file}\``, '');
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, md.join('\n') + '\n');
  else process.stdout.write(md.join('\n') + '\n');
  const failing =
    failOn === 'never'
      ? 0
      : results.filter((r) => r.level === 'error' || (failOn === 'warning' && r.level === 'warning')).length;
  if (failing > 0) {
    command(
      'error',
      { title: 'keydoctor' },
      `${failing} ${failing === 1 ? 'finding' : 'findings'} at or above fail-on: ${failOn}`,
    );
    process.exitCode = 1;
  }
}

try {
  const what = process.argv[2];
  if (what === 'scan') scan();
  else if (what === 'report') report();
  else throw new ActionError(`usage: run.mjs scan|report (got ${what})`);
} catch (e) {
  if (!(e instanceof ActionError)) throw e;
  command('error', { title: 'keydoctor' }, e.message);
  process.exitCode = 2;
}
