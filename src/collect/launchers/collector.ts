/**
 * Launchers that set variables before they start the app, read into `facts.launchers`:
 * - GNU make: `include .env` (read as make reads it: quotes stay part of the value, `#` starts a
 *   comment anywhere, `$` expands), `export` / `export NAME` / `.EXPORT_ALL_VARIABLES`, `?=`;
 *   make's values beat the environment's, and a variable reaches a recipe only when it is
 *   exported or came from the environment. Each rule whose recipe starts an app is a run.
 * - just: `set dotenv-load` (`dotenv-filename`, `dotenv-path`) loads `.env` without overriding the
 *   environment; `set export` / `export NAME := ...` hand just variables to recipes.
 * - shell scripts: `source .env` / `. .env` with or without `set -a` (without it, nothing reaches
 *   the program), `export $(cat .env | xargs)` (the shell splits values at spaces and xargs eats
 *   quotes), `export NAME=...`, then the command that starts the app.
 * Only files the listing names are read (Makefiles, justfiles, `*.sh` scripts), and the files they include.
 */
import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import type { Collector } from '../collector.js';
import type { Facts } from '../../core/facts.js';
import type { Assignment } from '../../core/types.js';
import { parseShell } from '../shell/parse.js';
import { parseCommandLine } from '../launch/parse.js';
import type { Launch } from '../launch/types.js';
import { dirOf, joinRel } from '../../core/paths.js';
import { PM2_FILE, pm2Runs, supervisorRuns, systemdRuns } from './services.js';
import { jetbrainsRuns, vscodeRuns } from './ide.js';
import { DESKTOP_CONFIGS, mcpClientOf, mcpRuns } from './mcp.js';
import { bunfigEnvOff, denoTaskRuns, wranglerRuns } from './runtimes.js';
import { pytestRuns, testsKey, toxRuns } from './python-tests.js';
import { supabaseRuns } from './supabase.js';
import { langgraphRuns } from './langgraph.js';
import { llamaDeployRuns, looksLikeLlamaDeploy } from './llama-deploy.js';
import { readTextFile } from '../../core/read-file.js';
import type { LauncherLayer, LauncherRun } from './types.js';

const MAX_FILE = 512 * 1024;
const SKIP = /(^|\/)(node_modules|vendor|\.venv|venv|site-packages|dist|build|\.git|test|tests|__tests__|fixtures?)\//;
const MAKEFILES = new Set(['Makefile', 'makefile', 'GNUmakefile']);
const JUSTFILES = new Set(['justfile', 'Justfile', '.justfile']);

function read(facts: Facts, rel: string, what: string): string | undefined {
  if (rel.startsWith('/') || rel.startsWith('..')) return undefined;
  return readTextFile(join(facts.root, rel), rel, facts.notes, { max: MAX_FILE, what });
}

const q = (w: string): string =>
  /^[\w@%+=:,./-]+$/.test(w) || /^\$\(.*\)$/s.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;

// ---------------------------------------------------------------------------------------------
// xargs + word splitting: `export $(cat .env | xargs)`

/** The words `cat FILE | xargs` prints (GNU xargs: blanks separate, quotes group, a backslash escapes; an unmatched quote stops it before it prints). */
export function xargsWords(text: string): Array<{ word: string; line: number }> | undefined {
  const out: Array<{ word: string; line: number }> = [];
  let cur = '';
  let has = false;
  let line = 1;
  let wordLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      const nl = text.indexOf('\n', i + 1);
      if (end < 0 || (nl >= 0 && nl < end)) return undefined;
      if (!has) wordLine = line;
      cur += text.slice(i + 1, end);
      has = true;
      i = end;
      continue;
    }
    if (c === '\\' && i + 1 < text.length) {
      if (!has) wordLine = line;
      cur += text[i + 1];
      if (text[i + 1] === '\n') line++;
      has = true;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n') {
      if (has) out.push({ word: cur, line: wordLine });
      cur = '';
      has = false;
      if (c === '\n') line++;
      continue;
    }
    if (!has) wordLine = line;
    cur += c;
    has = true;
  }
  if (has) out.push({ word: cur, line: wordLine });
  return out;
}

/** What `export $(cat FILE | xargs)` exports: xargs's words, split again by the shell at blanks. */
export function exportWords(
  rel: string,
  text: string,
  raw: string,
  kind: string,
  detail: string,
  stray?: string[],
): Assignment[] {
  const comments = /grep\s+-v\s+['"]?\^#/.test(raw) || /sed\s+['"]?[^|]*#/.test(raw);
  const body = comments
    ? text
        .split('\n')
        .map((l) => (/^#/.test(l) ? '' : l))
        .join('\n')
    : text;
  const words = xargsWords(body);
  if (!words) return [];
  const out: Assignment[] = [];
  for (const w of words) {
    for (const part of w.word.split(/[ \t\n]+/).filter(Boolean)) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(part);
      if (m?.[1] === undefined) {
        stray?.push(part);
        continue;
      }
      out.push({
        name: m[1],
        value: m[2] ?? '',
        kind,
        location: { path: rel, line: w.line },
        raw: part,
        exported: true,
        detail,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// a shell script (or a recipe line): what it exports, then what it starts

interface ShellRun {
  assignments: Assignment[];
  main?: { launch: Launch; line: number };
  sources: string[];
}

export function runShell(facts: Facts, text: string, path: string, dir: string, kind: string, lineBase = 0): ShellRun {
  const known = new Map<string, string>(Object.entries(facts.env));
  const exported = new Set<string>(Object.keys(facts.env));
  const sourced: Assignment[] = [];
  const sources: string[] = [];
  let cwd = dir;
  const depth = { n: 0 };
  const onSource = (d: { args: string[]; dynamic: boolean; allexport?: boolean; line: number }): void => {
    const named = d.args[0];
    if (!named || d.dynamic || /[$`]/.test(named) || depth.n > 3) return;
    const rel = joinRel(cwd, named);
    const body = read(facts, rel, 'sourced file');
    if (body === undefined) return;
    sources.push(rel);
    depth.n++;
    const p = parseShell(body, {
      path: rel,
      known,
      exported,
      kind,
      allexport: d.allexport === true,
      detail: `${rel}, sourced by ${path}:${d.line + lineBase}`,
      onSource,
    });
    depth.n--;
    for (const a of p.assignments) sourced.push(a);
  };
  const p = parseShell(text, { path, known, exported, kind, keepPrefixed: true, onSource });
  const own: Assignment[] = [];
  for (const a of p.assignments)
    own.push(
      lineBase && a.location?.line ? { ...a, location: { ...a.location, line: a.location.line + lineBase } } : a,
    );
  const all = [...sourced, ...own];
  let main: ShellRun['main'];
  for (const d of p.directives) {
    if (d.command === 'cd') {
      const to = d.args[0];
      if (to === undefined || d.dynamic) cwd = dir;
      else if (!to.startsWith('/') && !to.startsWith('~')) cwd = joinRel(cwd, to);
      continue;
    }
    if (d.command === 'export-words') {
      const rel = joinRel(cwd, d.args[0] ?? '');
      const body = read(facts, rel, 'dotenv file');
      if (body !== undefined)
        for (const a of exportWords(
          rel,
          body,
          d.args[1] ?? '',
          kind,
          `${rel}, exported by \`export $(...)\` at ${path}:${d.line + lineBase}`,
        ))
          all.push(a);
      continue;
    }
    const line = [d.command, ...d.args].map(q).join(' ');
    const parsed = parseCommandLine(line, cwd).main;
    if (!parsed) continue;
    for (const [k, v] of Object.entries(d.assigns ?? {})) parsed.assigns[k] = v;
    main = { launch: parsed, line: d.line + lineBase };
  }
  // `env $(cat .env | xargs) node app.js`: the file's words go to that command only
  for (const w of main?.launch.wrappers ?? []) {
    if (w.tool !== 'env-words') continue;
    const rel = joinRel(main?.launch.cwd ?? cwd, w.files[0] ?? '.env');
    const body = read(facts, rel, 'dotenv file');
    if (body === undefined) continue;
    const stray: string[] = [];
    const got = exportWords(
      rel,
      body,
      w.text,
      kind,
      `${rel}, passed by \`${w.text}\` at ${path}:${main?.line ?? 0}`,
      stray,
    );
    if (stray.length && main) {
      // env takes the first word that is not NAME=value as the program to run
      facts.notes.push({
        kind: 'info',
        path,
        line: main.line,
        message: `\`${w.text}\` never starts the app: ${rel} splits into the word ${JSON.stringify(stray[0])}, which env runs as the program (comments, \`export\` and spaces in values break it; use \`set -a; . ./${rel}; set +a\`)`,
      });
      main = undefined;
      break;
    }
    for (const a of got) all.push(a);
  }
  // the export attribute at the end: `export NAME` after `source .env` exports the sourced value
  for (const a of all) if (exported.has(a.name)) a.exported = true;
  return { assignments: all, ...(main ? { main } : {}), sources };
}

function shellLayer(assignments: Assignment[], source: string, loader: string): LauncherLayer[] {
  const out: LauncherLayer[] = [];
  const exp = assignments.filter((a) => a.exported !== false);
  const local = assignments.filter((a) => a.exported === false);
  if (exp.length) out.push({ source, loader, mode: 'override', assignments: exp });
  if (local.length)
    out.push({
      source,
      loader,
      mode: 'override',
      assignments: local,
      loaded: false,
      reason: `set without export (and no \`set -a\`): ${loader} keeps it, the program it starts does not get it`,
    });
  return out;
}

function scriptRuns(facts: Facts, rel: string, text: string): LauncherRun[] {
  // `cd "$(dirname "$0")"` is the usual first line; otherwise the script runs where it is called from (the root)
  const dir = /cd\s+["']?\$\(dirname\s+["']?\$(0|\{BASH_SOURCE)/.test(text) ? dirOf(rel) : '';
  const r = runShell(facts, text, rel, dir, 'launcher');
  if (!r.main) return [];
  const layers = shellLayer(r.assignments, rel, `the script ${rel}`);
  const srcText = r.sources.length ? `sources ${r.sources.join(', ')}` : 'sets no variables';
  return [
    {
      kind: 'shell-script',
      id: `script:${rel}`,
      // (redirections such as `2>&1` are no part of the command a reader recognises)
      label: `${rel} (${r.main.launch.words
        .filter((w) => !/^\d*[<>]/.test(w) && !/^&\d$/.test(w))
        .join(' ')
        .slice(0, 60)})`,
      file: rel,
      line: r.main.line,
      layers,
      launch: r.main.launch,
      loading: `the script ${srcText}${r.assignments.length ? `; what it exports reaches the program` : ''}`,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// GNU make

interface MakeVar {
  name: string;
  value: string;
  op: string;
  file: string;
  line: number;
  raw: string;
  exported?: boolean;
}

/** Strips a make comment (an unescaped `#`) and turns `\#` into `#`. */
function makeComment(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && s[i + 1] === '#') {
      out += '#';
      i++;
      continue;
    }
    if (c === '#') break;
    out += c;
  }
  return out;
}

/** Expands `$$`, `$(X)`, `${X}` and `$X` the way make does when it passes a value to a recipe. */
export function makeExpand(
  v: string,
  lookup: (n: string) => string | undefined,
  depth = 0,
): { value: string; dynamic: boolean } {
  let dynamic = false;
  const value = v.replace(
    /\$(\$|\(([^()]*)\)|\{([^{}]*)\}|(.))/g,
    (_m, all: string, p?: string, b?: string, one?: string) => {
      if (all === '$') return '$';
      const name = p ?? b ?? one ?? '';
      if (/[\s,]/.test(name)) {
        dynamic = true;
        return '';
      } // a function call ($(shell ...), $(wildcard ...))
      const got = lookup(name);
      if (got === undefined) return '';
      if (depth > 5) return got;
      const r = makeExpand(got, lookup, depth + 1);
      if (r.dynamic) dynamic = true;
      return r.value;
    },
  );
  return { value, dynamic };
}

function parseMakefile(facts: Facts, rel: string, text: string): LauncherRun[] {
  const vars = new Map<string, MakeVar>();
  const exportNames = new Set<string>();
  const unexport = new Set<string>();
  let exportAll = false;
  const includes: string[] = [];
  const rules: Array<{ name: string; line: number; recipe: Array<{ text: string; line: number }> }> = [];
  const lookup = (n: string): string | undefined => vars.get(n)?.value ?? facts.env[n];
  const visit = (file: string, body: string, depth: number): void => {
    const lines = body.split('\n');
    let rule: (typeof rules)[number] | undefined;
    for (let i = 0; i < lines.length; i++) {
      const start = i + 1;
      let l = (lines[i] ?? '').replace(/\r$/, '');
      if (l.startsWith('\t') && rule) {
        let r = l.slice(1);
        while (/\\$/.test(r) && i + 1 < lines.length)
          r = r.slice(0, -1) + ' ' + (lines[++i] ?? '').replace(/\r$/, '').replace(/^\t/, '');
        rule.recipe.push({ text: r, line: start });
        continue;
      }
      while (/\\$/.test(l) && i + 1 < lines.length)
        l = l.slice(0, -1).replace(/\s+$/, '') + ' ' + (lines[++i] ?? '').replace(/\r$/, '').replace(/^\s+/, '');
      const t = makeComment(l);
      if (t.trim() === '') continue;
      rule = undefined;
      const inc = /^\s*(-?include|sinclude)\s+(.+)$/.exec(t);
      if (inc?.[2]) {
        for (const f of inc[2].trim().split(/\s+/)) {
          const name = makeExpand(f, lookup).value;
          const frel = joinRel(dirOf(file), name);
          const text2 = depth < 4 ? read(facts, frel, 'file included by make') : undefined;
          if (text2 === undefined) continue;
          includes.push(frel);
          visit(frel, text2, depth + 1);
        }
        continue;
      }
      if (/^\s*export\s*$/.test(t)) {
        exportAll = true;
        continue;
      }
      if (/^\s*unexport\s*$/.test(t)) {
        exportAll = false;
        continue;
      }
      let m = /^\s*(export|unexport)\s+([A-Za-z_][\w.-]*(?:\s+[A-Za-z_][\w.-]*)*)\s*$/.exec(t);
      if (m?.[2]) {
        for (const n of m[2].split(/\s+/)) {
          if (m[1] === 'export') {
            exportNames.add(n);
            unexport.delete(n);
            const v = vars.get(n);
            if (v) v.exported = true;
          } else {
            unexport.add(n);
            exportNames.delete(n);
          }
        }
        continue;
      }
      m = /^\s*((?:export|override|private)\s+)*([A-Za-z_][\w.-]*)\s*(\?=|:::=|::=|:=|\+=|!=|=)(.*)$/.exec(t);
      if (m?.[2]) {
        const name = m[2];
        const op = m[3] as string;
        const value = (m[4] ?? '').replace(/^[ \t]+/, '');
        const exp = /\bexport\b/.test(m[1] ?? '');
        if (op === '?=' && (vars.has(name) || Object.hasOwn(facts.env, name))) {
          if (exp) exportNames.add(name);
          continue;
        }
        const prev = vars.get(name);
        const v: MakeVar = {
          name,
          value:
            op === '+=' && prev
              ? `${prev.value} ${value}`
              : op === '!='
                ? ''
                : op === ':=' || op === '::='
                  ? makeExpand(value, lookup).value
                  : value,
          op,
          file,
          line: start,
          raw: value,
          ...(exp ? { exported: true } : {}),
        };
        if (exp) exportNames.add(name);
        vars.set(name, v);
        continue;
      }
      if (/^\s*\.EXPORT_ALL_VARIABLES\s*:/.test(t)) {
        exportAll = true;
        continue;
      }
      const r = /^([^\s:=#][^:=#]*?)\s*::?(?!=)(.*)$/.exec(t);
      if (r?.[1] && !/^\s/.test(t)) {
        const names = r[1]
          .trim()
          .split(/\s+/)
          .filter((n) => !n.startsWith('.') && !/[%$]/.test(n));
        const inline = /;(.*)$/.exec(r[2] ?? '')?.[1];
        for (const n of names) {
          const rr = { name: n, line: start, recipe: inline ? [{ text: inline.trim(), line: start }] : [] };
          rules.push(rr);
          rule = rr;
        }
        if (names.length === 0) rule = { name: '', line: start, recipe: [] };
      }
    }
  };
  visit(rel, text, 0);
  const assignments = (exported: boolean): Assignment[] =>
    [...vars.values()]
      .filter((v) =>
        exported
          ? !unexport.has(v.name) && (exportAll || exportNames.has(v.name) || v.exported)
          : !(exportAll || exportNames.has(v.name) || v.exported) || unexport.has(v.name),
      )
      .map((v) => {
        const e = makeExpand(v.value, lookup);
        const a: Assignment = {
          name: v.name,
          value: e.value,
          kind: 'make',
          location: { path: v.file, line: v.line },
          raw: v.raw,
          exported,
          detail:
            v.file === rel
              ? `${rel} (make variable)`
              : `${v.file}, included by ${rel} (make keeps quotes and reads # as a comment)`,
        };
        if (e.dynamic) a.dynamic = true;
        return a;
      });
  const out: LauncherRun[] = [];
  const seen = new Set<string>();
  const dir = dirOf(rel);
  const incText = includes.length ? `includes ${includes.join(', ')}` : 'includes no env file';
  for (const rule of rules) {
    if (seen.has(rule.name) || rule.recipe.length === 0) continue;
    let run: ShellRun | undefined;
    let recipeLine = rule.line;
    for (const step of rule.recipe) {
      const body = makeExpand(step.text.replace(/^[@+-]+/, ''), lookup).value;
      const r = runShell(facts, body, rel, dir, 'launcher', step.line - 1);
      if (r.main) {
        run = r;
        recipeLine = step.line;
      }
    }
    if (!run?.main) continue;
    seen.add(rule.name);
    const ifUnset = (list: Assignment[]) => list.filter((a) => vars.get(a.name)?.op === '?=');
    const exp = assignments(true);
    const layers: LauncherLayer[] = [];
    const over = exp.filter((a) => vars.get(a.name)?.op !== '?=');
    if (over.length) layers.push({ source: `${rel} (make)`, loader: 'make', mode: 'override', assignments: over });
    if (ifUnset(exp).length)
      layers.push({ source: `${rel} (make ?=)`, loader: 'make', mode: 'if-unset', assignments: ifUnset(exp) });
    const local = assignments(false);
    if (local.length)
      layers.push({
        source: `${rel} (make, not exported)`,
        loader: 'make',
        mode: 'override',
        assignments: local,
        onlyIfInEnv: true,
        reason: `make does not export it to the recipe: add \`export\` (or \`export ${local[0]?.name}\`) to ${rel}`,
      });
    for (const l of shellLayer(
      run.assignments,
      `the recipe of ${rule.name} (${rel}:${recipeLine})`,
      "the recipe's shell",
    ))
      layers.push(l);
    const prefix = dir ? `${dir}:` : '';
    out.push({
      kind: 'make',
      id: `make:${prefix}${rule.name}`,
      label: `${dir ? dir + ': ' : ''}make ${rule.name} (${run.main.launch.words.join(' ').slice(0, 60)}; ${rel}:${recipeLine})`,
      file: rel,
      line: recipeLine,
      layers,
      launch: run.main.launch,
      loading: `make ${incText}${exportAll ? ' with export' : ''}: make's variables beat the shell's; only exported ones (or the shell's own) reach the recipe`,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// just

function justString(v: string): string {
  const t = v.trim();
  const m = /^(['"])(.*)\1$/s.exec(t) ?? /^(`)(.*)`$/s.exec(t);
  return m ? (m[2] ?? '') : t;
}

function parseJustfile(facts: Facts, rel: string, text: string): LauncherRun[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  let dotenvLoad = false;
  let dotenvName = '.env';
  let dotenvPath: string | undefined;
  let exportAll = false;
  const vars: Array<{ name: string; value: string; line: number; exported: boolean }> = [];
  const recipes: Array<{ name: string; line: number; body: Array<{ text: string; line: number }> }> = [];
  let cur: (typeof recipes)[number] | undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (cur && /^[ \t]+\S/.test(l)) {
      cur.body.push({ text: l.trim().replace(/^@/, ''), line: i + 1 });
      continue;
    }
    if (l.trim() === '' || /^\s*#/.test(l)) {
      if (l.trim() !== '' || !cur) continue;
      continue;
    }
    cur = undefined;
    let m = /^set\s+([\w-]+)\s*(?::=\s*(.+))?$/.exec(l.trim());
    if (m?.[1]) {
      const v = m[2] === undefined ? 'true' : justString(m[2]);
      if (m[1] === 'dotenv-load') dotenvLoad = v === 'true';
      else if (m[1] === 'dotenv-filename') {
        dotenvName = v;
        dotenvLoad = true;
      } else if (m[1] === 'dotenv-path') {
        dotenvPath = v;
        dotenvLoad = true;
      } else if (m[1] === 'export') exportAll = v === 'true';
      continue;
    }
    m = /^(export\s+)?([A-Za-z_][\w-]*)\s*:=\s*(.+)$/.exec(l.trim());
    if (m?.[2]) {
      vars.push({ name: m[2], value: justString(m[3] ?? ''), line: i + 1, exported: Boolean(m[1]) });
      continue;
    }
    m = /^@?([A-Za-z_][\w-]*)(?:\s+[^:]*)?:(?!=)/.exec(l);
    if (m?.[1]) {
      cur = { name: m[1], line: i + 1, body: [] };
      recipes.push(cur);
    }
  }
  const dir = dirOf(rel);
  const envRel = dotenvPath ? joinRel(dir, dotenvPath) : joinRel(dir, dotenvName);
  const out: LauncherRun[] = [];
  for (const r of recipes) {
    if (r.body.length === 0) continue;
    const shebang = r.body[0]?.text.startsWith('#!');
    const text = shebang
      ? r.body
          .slice(1)
          .map((b) => b.text)
          .join('\n')
      : r.body.map((b) => b.text).join('\n');
    const run = runShell(
      facts,
      text.replace(/\{\{\s*([A-Za-z_][\w-]*)\s*\}\}/g, (_m, n: string) => vars.find((v) => v.name === n)?.value ?? ''),
      rel,
      dir,
      'launcher',
      (r.body[shebang ? 1 : 0]?.line ?? r.line) - 1,
    );
    if (!run.main) continue;
    const layers: LauncherLayer[] = [];
    const exp = vars
      .filter((v) => v.exported || exportAll)
      .map((v): Assignment => ({
        name: v.name,
        value: v.value,
        kind: 'launcher',
        location: { path: rel, line: v.line },
        raw: v.value,
        exported: true,
        detail: `${rel} (just variable)`,
      }));
    if (exp.length) layers.push({ source: `${rel} (just export)`, loader: 'just', mode: 'override', assignments: exp });
    // dotenv-load: the file's values, the environment first (just never overrides it)
    layers.push({
      source: envRel,
      loader: 'just (set dotenv-load)',
      mode: 'if-unset',
      assignments: [],
      file: envRel,
      ...(dotenvLoad ? {} : { loaded: false, reason: `just loads ${envRel} only with \`set dotenv-load\` in ${rel}` }),
    });
    for (const l of shellLayer(run.assignments, `the recipe ${r.name} (${rel}:${r.line})`, "the recipe's shell"))
      layers.push(l);
    out.push({
      kind: 'just',
      id: `just:${dir ? dir + ':' : ''}${r.name}`,
      label: `${dir ? dir + ': ' : ''}just ${r.name} (${run.main.launch.words.join(' ').slice(0, 60)}; ${rel}:${r.line})`,
      file: rel,
      line: run.main.line,
      layers,
      launch: run.main.launch,
      loading: dotenvLoad
        ? `just loads ${envRel} (set dotenv-load; the shell wins)`
        : `just loads no .env (no \`set dotenv-load\`)`,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

/** Whether a shell script can start an app (a cheap test before it is parsed). */
const STARTS =
  /\b(node|tsx|ts-node|nodemon|bun|deno|python3?|uvicorn|gunicorn|flask|streamlit|fastapi|next|vite|npx|uv)\b/;

export const launchersCollector: Collector = {
  name: 'launchers',
  // the dotenv files the code loads (facts.envFiles) and the clients it builds
  needs: ['code'],
  collect(ctx, facts) {
    const out: LauncherRun[] = [];
    // llama_deploy's deployment files are plain YAML: read in a project that depends on it, or named as one (deployment.yml)
    const llamaDeploy = facts.project.python.some((p) =>
      Object.keys(p.requirements).some((n) => /^llama[-_]deploy$|^llamactl$/i.test(n)),
    );
    for (const f of facts.files) {
      const base = f.rel.slice(f.rel.lastIndexOf('/') + 1);
      // a langgraph.json sits with its graph, often deep in a repository of examples (libs/cli/examples/x/)
      if (SKIP.test(f.rel) || f.rel.split('/').length > (base === 'langgraph.json' ? 6 : 4)) continue;
      const isMake = MAKEFILES.has(base);
      const isJust = JUSTFILES.has(base);
      const isSh = /\.(sh|bash)$/.test(base);
      const isPm2 = PM2_FILE.test(f.rel);
      const isUnit = base.endsWith('.service');
      const isSupervisor =
        /^supervisord?\.conf$/.test(base) ||
        (/\.(conf|ini)$/.test(base) && /(^|\/)(supervisor|supervisord)(\/|\.d\/)|(^|\/)conf\.d\//.test(f.rel));
      const isVscode = /(^|\/)\.vscode\/launch\.json$/.test(f.rel);
      const isJetbrains = /(^|\/)\.run\/[^/]+\.run\.xml$|(^|\/)\.idea\/runConfigurations\/[^/]+\.xml$/.test(f.rel);
      const isMcp = mcpClientOf(f.rel) !== undefined;
      const runtime =
        base === 'bunfig.toml'
          ? 'bunfig'
          : base === 'deno.json' || base === 'deno.jsonc'
            ? 'deno'
            : /^wrangler\.(toml|json|jsonc)$/.test(base)
              ? 'wrangler'
              : undefined;
      if (base === 'langgraph.json') {
        const src = read(facts, f.rel, 'langgraph.json');
        if (src === undefined) continue;
        try {
          for (const r of langgraphRuns(facts, f.rel, src)) out.push(r);
        } catch (e) {
          facts.notes.push({
            kind: 'parse-error',
            path: f.rel,
            message: `could not read its graphs: ${(e as Error).message}`,
          });
        }
        continue;
      }
      if (
        (llamaDeploy || /deploy/i.test(base)) &&
        /\.ya?ml$/.test(base) &&
        !/compose/i.test(base) &&
        f.rel.split('/').length <= 4
      ) {
        const src = read(facts, f.rel, 'llama_deploy deployment file');
        if (src !== undefined && looksLikeLlamaDeploy(src)) {
          for (const r of llamaDeployRuns(facts, f.rel, src)) out.push(r);
          continue;
        }
      }
      if (base === 'config.toml' && /(^|\/)supabase\/config\.toml$/.test(f.rel)) {
        for (const r of supabaseRuns(facts, f.rel)) out.push(r);
        continue;
      }
      if (base === 'tox.ini' || base === 'pytest.ini' || base === 'setup.cfg' || base === 'pyproject.toml') {
        const src = read(facts, f.rel, base);
        if (src === undefined) continue;
        try {
          if (base === 'tox.ini' || (base === 'pyproject.toml' && src.includes('legacy_tox_ini')))
            for (const r of toxRuns(facts, f.rel, src)) out.push(r);
          if (base !== 'pyproject.toml' || src.includes('tool.pytest.ini_options'))
            for (const r of pytestRuns(facts, f.rel, src)) out.push(r);
        } catch (e) {
          facts.notes.push({
            kind: 'parse-error',
            path: f.rel,
            message: `could not read its test settings: ${(e as Error).message}`,
          });
        }
        continue;
      }
      if (runtime) {
        const src = read(
          facts,
          f.rel,
          runtime === 'bunfig' ? 'bunfig.toml' : runtime === 'deno' ? 'deno.json' : 'wrangler configuration',
        );
        if (src === undefined) continue;
        try {
          if (runtime === 'bunfig') {
            if (bunfigEnvOff(src)) (facts.bunEnvOff ??= []).push(dirOf(f.rel));
          } else
            for (const r of runtime === 'deno' ? denoTaskRuns(facts, f.rel, src) : wranglerRuns(facts, f.rel, src))
              out.push(r);
        } catch (e) {
          facts.notes.push({ kind: 'parse-error', path: f.rel, message: `could not read it: ${(e as Error).message}` });
        }
        continue;
      }
      if (isVscode || isJetbrains || isMcp) {
        const src = read(facts, f.rel, isMcp ? 'MCP configuration' : 'IDE launch configuration');
        if (src === undefined) continue;
        try {
          for (const r of isMcp
            ? mcpRuns(facts, f.rel, src)
            : isVscode
              ? vscodeRuns(facts, f.rel, src, (rel) => read(facts, rel, 'VS Code settings'))
              : jetbrainsRuns(facts, f.rel, src))
            out.push(r);
        } catch (e) {
          facts.notes.push({
            kind: 'parse-error',
            path: f.rel,
            message: `could not read what it starts: ${(e as Error).message}`,
          });
        }
        continue;
      }
      if (!isMake && !isJust && !isSh && !isPm2 && !isUnit && !isSupervisor) continue;
      const text = read(
        facts,
        f.rel,
        isMake
          ? 'Makefile'
          : isJust
            ? 'justfile'
            : isPm2
              ? 'pm2 ecosystem file'
              : isUnit
                ? 'systemd unit'
                : isSupervisor
                  ? 'supervisord config'
                  : 'shell script',
      );
      if (text === undefined) continue;
      try {
        if (isPm2) for (const r of pm2Runs(facts, f.rel, text)) out.push(r);
        else if (isUnit) for (const r of systemdRuns(facts, f.rel, text)) out.push(r);
        else if (isSupervisor) {
          if (text.includes('[program:')) for (const r of supervisorRuns(facts, f.rel, text)) out.push(r);
        } else if (isMake) for (const r of parseMakefile(facts, f.rel, text)) out.push(r);
        else if (isJust) for (const r of parseJustfile(facts, f.rel, text)) out.push(r);
        else if (STARTS.test(text)) for (const r of scriptRuns(facts, f.rel, text)) out.push(r);
      } catch (e) {
        facts.notes.push({
          kind: 'parse-error',
          path: f.rel,
          message: `could not read what it starts: ${(e as Error).message}`,
        });
      }
    }
    // .idea is never walked (it is large and machine-specific); its shared run configurations are read here
    for (const rel of ideaRunConfigurations(facts.root)) {
      const src = read(facts, rel, 'IDE run configuration');
      if (src === undefined) continue;
      try {
        for (const r of jetbrainsRuns(facts, rel, src)) out.push(r);
      } catch (e) {
        facts.notes.push({
          kind: 'parse-error',
          path: rel,
          message: `could not read what it starts: ${(e as Error).message}`,
        });
      }
    }
    // Claude Desktop's own configuration (in the user's home): its servers that are this project's code
    if (ctx.home) {
      for (const p of DESKTOP_CONFIGS) {
        const src = readTextFile(join(ctx.home, p), `~/${p}`, facts.notes, {
          max: MAX_FILE,
          what: 'Claude Desktop configuration',
        });
        if (src === undefined) continue;
        try {
          for (const r of mcpRuns(facts, `~/${p}`, src)) out.push(r);
        } catch (e) {
          facts.notes.push({
            kind: 'parse-error',
            path: `~/${p}`,
            message: `could not read its MCP servers: ${(e as Error).message}`,
          });
        }
      }
    }
    // A recipe or script that runs the tests (`pytest`, `python -m pytest`, `uv run -m pytest tests`) runs
    // the test files, which the code analysis leaves out, not the app's modules: like tox's, it is a target
    // only when the tests read an OpenAI key variable, and its clients are the tests' own (unknown).
    for (const r of out) {
      if (r.testsOnly || r.foreign || !testRunner(r.launch)) continue;
      r.testsOnly = true;
      r.foreign = true;
      const kv = testsKey(facts);
      if (kv) r.keyVar = kv;
    }
    facts.launchers = out;
  },
};

const TEST_RUNNERS = new Set(['pytest', 'py.test', 'unittest', 'nose2', 'ward']);

/** The launch runs a Python test runner. */
function testRunner(l: LauncherRun['launch']): boolean {
  if (l.runtime !== 'python' && l.program !== 'pytest' && l.program !== 'py.test') return false;
  const program = (l.program ?? '').split('/').pop() ?? '';
  return TEST_RUNNERS.has(l.module ?? '') || TEST_RUNNERS.has(program);
}

/** `.idea/runConfigurations/*.xml` at the root (at most 50). */
function ideaRunConfigurations(root: string): string[] {
  try {
    return readdirSync(join(root, '.idea', 'runConfigurations'))
      .filter((n) => n.endsWith('.xml'))
      .sort()
      .slice(0, 50)
      .map((n) => `.idea/runConfigurations/${n}`);
  } catch {
    return [];
  }
}
