/**
 * Test helpers: deployment facts and targets from a project tree, read from a temporary folder by the
 * deploy collector (collect: the collector's own tests) or held in memory (inMemory: the deploy check
 * tests; test/deploy/in-memory.test.ts proves both give the same facts).
 */
import type { Facts } from '../../src/core/facts.js';
import type { FindingDraft, Target } from '../../src/core/types.js';
import ignore from 'ignore';
import { collectDeploy, deployCollector } from '../../src/deploy/collector.js';
import type { DeployFiles } from '../../src/deploy/files.js';
import { MAX_BYTES, readText } from '../../src/deploy/util.js';
import { walkProject } from '../../src/collect/files.js';
import { collectProject } from '../../src/collect/project.js';
import { composeTargets } from '../../src/resolve/targets/deploy-compose.js';
import { k8sTargets } from '../../src/resolve/targets/deploy-k8s.js';
import { dockerImageTargets, dockerRunTargets } from '../../src/resolve/targets/deploy-docker.js';
import { ciTargets, hostingTargets } from '../../src/resolve/targets/deploy-ci.js';
import { checks } from '../../src/checks/deploy/index.js';
import { tempProject, type Tree } from '../helpers/project.js';
import { emptyFacts } from '../helpers/facts.js';

export const DEPLOY_PROVIDERS = [
  composeTargets,
  k8sTargets,
  dockerRunTargets,
  dockerImageTargets,
  ciTargets,
  hostingTargets,
];

export interface Collected {
  facts: Facts;
  targets: Target[];
  findings: FindingDraft[];
}

/** Collects with the deploy collector only (plus the process env), resolves deploy targets, runs the deploy checks. */
export async function collect(
  files: Tree,
  env: Record<string, string> = {},
  opts: { git?: boolean } = {},
): Promise<Collected> {
  const p = tempProject(files, {}, opts);
  try {
    // Only the deploy collector and providers: these tests do not depend on the other areas' code.
    const notes: Facts['notes'] = [];
    const files = walkProject(p.root, notes);
    const project = collectProject(p.root, files, notes);
    const facts = emptyFacts({ root: p.root, home: p.home, env, files, project, notes });
    await deployCollector.collect({ root: p.root, home: p.home, env, cwd: p.root, options: {} }, facts);
    const targets = DEPLOY_PROVIDERS.flatMap((provide) => provide(facts));
    const findings = checks.flatMap((c) => c.run({ facts, targets }));
    return { facts, targets, findings };
  } finally {
    p.cleanup();
  }
}

/** Where inMemory's project lives (no such folder is read: every read is answered from the tree). */
export const MEMORY_ROOT = '/project';

/**
 * The project's files as the listing would give them: every file of the tree, `ignored` when a
 * .gitignore of the tree (at the root or in a folder above the file) matches it.
 */
export function listTree(tree: Tree, root = MEMORY_ROOT): Facts['files'] {
  const rules = Object.entries(tree)
    .filter(([rel]) => rel === '.gitignore' || rel.endsWith('/.gitignore'))
    .map(([rel, text]) => ({ dir: rel.slice(0, -'.gitignore'.length), ig: ignore().add(String(text)) }));
  return Object.keys(tree)
    .sort()
    .map((rel) => ({
      path: `${root}/${rel}`,
      rel,
      ignored: rules.some((r) => rel.startsWith(r.dir) && r.ig.ignores(rel.slice(r.dir.length))),
    }));
}

/** The deploy readers' view of a tree in memory: the same text, caps and notes as the disk reader gives. */
export function memoryFiles(tree: Tree, notes: Facts['notes'], root = MEMORY_ROOT): DeployFiles {
  const relOf = (p: string): string => (p.startsWith(`${root}/`) ? p.slice(root.length + 1) : p);
  const has = (rel: string): boolean =>
    relOf(rel) in tree || Object.keys(tree).some((k) => k.startsWith(`${relOf(rel)}/`));
  const read = (rel: string): string | undefined => {
    const content = tree[relOf(rel)];
    if (content === undefined) {
      notes.push({
        kind: 'unreadable',
        path: rel,
        message: `cannot read deployment file: ${has(rel) ? 'EISDIR' : 'ENOENT'}`,
      });
      return undefined;
    }
    const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content);
    return readText(`${root}/${relOf(rel)}`, rel, notes, bytes.length > MAX_BYTES ? bytes.length : bytes);
  };
  return { root, read, readListed: read, exists: has };
}

/** What `collect` gives for the same tree, built in memory: the shared empty facts, the tree's listing, the deploy collector over memoryFiles. */
export function inMemory(tree: Tree, env: Record<string, string> = {}): Collected {
  const facts = emptyFacts({ root: MEMORY_ROOT, env, files: listTree(tree) });
  facts.deploy = collectDeploy(MEMORY_ROOT, facts, memoryFiles(tree, facts.notes));
  const targets = DEPLOY_PROVIDERS.flatMap((provide) => provide(facts));
  const findings = checks.flatMap((c) => c.run({ facts, targets }));
  return { facts, targets, findings };
}

export function ids(findings: FindingDraft[]): string[] {
  return [...new Set(findings.map((f) => f.id))].sort();
}

export const b64 = (s: string): string => Buffer.from(s).toString('base64');
