/**
 * The resolver: which value each run target really gets. Each provider recognises one kind of
 * target (shell, Node app, Python app, framework, compose service, container, CI job) from the facts
 * and computes its precedence chains.
 */
import type { Facts } from '../core/facts.js';
import type { Target } from '../core/types.js';
import { shellTargets } from './shell.js';
import { appTargets } from './apps.js';
import { composeTargets } from './targets/deploy-compose.js';
import { k8sTargets } from './targets/deploy-k8s.js';
import { dockerImageTargets, dockerRunTargets } from './targets/deploy-docker.js';
import { ciTargets, hostingTargets } from './targets/deploy-ci.js';
import { launcherTargets } from './targets/launchers.js';
import { storeTargets } from './store-targets.js';

export type TargetProvider = (facts: Facts) => Target[];

export const PROVIDERS: TargetProvider[] = [
  shellTargets,
  appTargets,
  composeTargets,
  k8sTargets,
  dockerRunTargets,
  dockerImageTargets,
  ciTargets,
  hostingTargets,
  launcherTargets,
  storeTargets,
];

export function resolveTargets(facts: Facts, providers: TargetProvider[] = PROVIDERS): Target[] {
  const out: Target[] = [];
  const ids = new Set<string>();
  for (const p of providers) {
    for (const t of p(facts)) {
      if (ids.has(t.id)) continue;
      ids.add(t.id);
      out.push(t);
    }
  }
  return out;
}
