/**
 * The launch facts: every command line of the project that starts something, parsed once
 * (src/collect/launch/parse.ts) into `facts.launches`. package.json scripts come from the project
 * info; the other files are named by the listing and read here (only the files that can matter).
 * The dotenv collector (files the commands name), the entry points and the resolver read these.
 */
import { join } from 'node:path';
import type { Facts } from '../../core/facts.js';
import { readTextFile } from '../../core/read-file.js';
import { launchFact } from './parse.js';
import type { LaunchFact } from './types.js';
import { dirOf, PROCFILE_RE } from '../../core/paths.js';

const MAX_COMMAND_FILE = 256 * 1024;
const SKIP_DIRS = /(^|\/)(node_modules|vendor|\.venv|venv|site-packages|dist|build)\//;

/** The launch facts of the package.json scripts (no file is read: the project info has them). */
export function packageLaunches(facts: Pick<Facts, 'project'>): LaunchFact[] {
  const out: LaunchFact[] = [];
  for (const pkg of facts.project.packageJsons) {
    const dir = dirOf(pkg.rel);
    for (const [name, cmd] of Object.entries(pkg.scripts)) {
      if (typeof cmd !== 'string') continue;
      out.push(launchFact({ kind: 'package-script', file: pkg.rel, name }, cmd, dir));
    }
  }
  return out;
}

/** `web: uvicorn main:app --env-file .env`: one launch per process line. */
export function procfileLaunches(rel: string, text: string): LaunchFact[] {
  const out: LaunchFact[] = [];
  const dir = dirOf(rel);
  text.split('\n').forEach((raw, i) => {
    const m = /^([\w-]+):\s*(.+)$/.exec(raw.replace(/\r$/, '').trim());
    if (!m?.[2]) return;
    out.push(launchFact({ kind: 'procfile', file: rel, line: i + 1, name: m[1] }, m[2], dir));
  });
  return out;
}

/** Reads every command file of the project into launch facts (stored in `facts.launches`). */
export function collectLaunches(facts: Facts): LaunchFact[] {
  const out = packageLaunches(facts);
  for (const f of facts.files) {
    if (f.ignored || SKIP_DIRS.test(f.rel)) continue;
    if (PROCFILE_RE.test(f.rel)) {
      const text = readTextFile(join(facts.root, f.rel), f.rel, facts.notes, {
        max: MAX_COMMAND_FILE,
        what: 'Procfile',
      });
      if (text !== undefined) for (const l of procfileLaunches(f.rel, text)) out.push(l);
    }
  }
  facts.launches = out;
  return out;
}

/** The launch facts (computed from package.json scripts alone when no collector ran: hand-built facts). */
export function launchesOf(facts: Pick<Facts, 'project' | 'launches'>): LaunchFact[] {
  return (facts.launches ??= packageLaunches(facts));
}
