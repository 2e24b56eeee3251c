/** The doctor on a temporary project (and home), offline: the masked report, its finding ids and errors, and the raw targets. */
import { after } from 'node:test';
import { join } from 'node:path';
import { doctorReport, runDiagnosis } from '../../src/pipeline/diagnose.js';
import type { Report } from '../../src/report/report.js';
import type { Target } from '../../src/core/types.js';
import { tempProject, type TempProject, type Tree } from './project.js';

const made: TempProject[] = [];
after(() => {
  for (const p of made) p.cleanup();
});

export interface DoctorRun {
  report: Report;
  ids: string[];
  errors: string[];
  home: string;
  root: string;
  target: (id: string) => Target | undefined;
  targetIds: string[];
}

/** `opts.sub`: run in that sub-folder of the project (keydoctor started inside a part of a repository). */
export async function doctorOn(
  files: Tree,
  home: Tree = {},
  env: Record<string, string> = {},
  opts: { sub?: string } = {},
): Promise<DoctorRun> {
  const p = tempProject(files, home);
  made.push(p);
  const root = opts.sub ? join(p.root, opts.sub) : p.root;
  const d = await runDiagnosis({
    root,
    home: p.home,
    env: { PATH: process.env.PATH ?? '', HOME: p.home, ...env },
    offline: true,
  });
  const report = doctorReport(d);
  return {
    report,
    ids: report.findings.map((f) => f.id),
    errors: report.findings.filter((f) => f.severity === 'error').map((f) => `${f.id}: ${f.message}`),
    home: p.home,
    root,
    target: (id) => d.targets.find((t) => t.id === id),
    targetIds: d.targets.map((t) => t.id),
  };
}

export const json = (o: unknown): string => JSON.stringify(o, null, 2) + '\n';
