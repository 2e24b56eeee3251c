/** Test helper: collect deployment facts and targets from a temporary project. */
import type { Facts } from '../../src/core/facts.js';
import type { FindingDraft, Target } from '../../src/core/types.js';
import { deployCollector } from '../../src/deploy/collector.js';
import { walkProject } from '../../src/collect/files.js';
import { collectProject } from '../../src/collect/project.js';
import { composeTargets } from '../../src/resolve/targets/deploy-compose.js';
import { k8sTargets } from '../../src/resolve/targets/deploy-k8s.js';
import { dockerImageTargets, dockerRunTargets } from '../../src/resolve/targets/deploy-docker.js';
import { ciTargets, hostingTargets } from '../../src/resolve/targets/deploy-ci.js';
import { checks } from '../../src/checks/deploy/index.js';
import { tempProject, type Tree } from '../helpers/project.js';

export const DEPLOY_PROVIDERS = [composeTargets, k8sTargets, dockerRunTargets, dockerImageTargets, ciTargets, hostingTargets];

export interface Collected {
  facts: Facts;
  targets: Target[];
  findings: FindingDraft[];
}

/** Collects with the deploy collector only (plus the process env), resolves deploy targets, runs the deploy checks. */
export async function collect(files: Tree, env: Record<string, string> = {}, opts: { git?: boolean } = {}): Promise<Collected> {
  const p = tempProject(files, {}, opts);
  try {
    // Only the deploy collector and providers: these tests do not depend on the other areas' code.
    const notes: Facts['notes'] = [];
    const files = walkProject(p.root, notes);
    const project = collectProject(p.root, files, notes);
    const facts: Facts = { root: p.root, home: p.home, env, assignments: [], envFiles: [], files, project, notes };
    await deployCollector.collect({ root: p.root, home: p.home, env, cwd: p.root, options: {} }, facts);
    const targets = DEPLOY_PROVIDERS.flatMap((provide) => provide(facts));
    const findings = checks.flatMap((c) => c.run({ facts, targets }));
    return { facts, targets, findings };
  } finally {
    p.cleanup();
  }
}

export function ids(findings: FindingDraft[]): string[] {
  return [...new Set(findings.map((f) => f.id))].sort();
}

export const b64 = (s: string): string => Buffer.from(s).toString('base64');
