/** Test helper: collect deployment facts and targets from a temporary project. */
import { collectFacts } from '../../src/core/diagnose.js';
import type { Facts } from '../../src/core/facts.js';
import type { FindingDraft, Target } from '../../src/core/types.js';
import { deployCollector } from '../../src/deploy/collector.js';
import { processEnvCollector } from '../../src/collect/process-env.js';
import { resolveTargets } from '../../src/resolve/index.js';
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
    const facts = await collectFacts({ root: p.root, home: p.home, env, collectors: [processEnvCollector, deployCollector] });
    const targets = resolveTargets(facts, DEPLOY_PROVIDERS);
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
