/**
 * The doctor's scan collector: the working-tree scan on every diagnosis (small trees stay on this
 * thread), the history scan only with `--history`. Fills facts.scan; the exposure checks turn the
 * hits into findings.
 */
import type { Collector } from '../collect/collector.js';
import { scanTree } from './tree.js';
import { scanHistory } from './history.js';
import { pushAll } from '../core/arrays.js';
import { keysOnlyInWorkingCopy } from '../collect/project.js';
import { keysByTrackedFile } from './limits.js';

export const scanCollector: Collector = {
  name: 'scan',
  // The tree's walk ends on the thread pool while the other collectors work: what it found is
  // published when they are done, so the notes come in the same order on every run.
  async collect(ctx, facts) {
    const tree = await scanTree(ctx.root, {
      noIgnore: ctx.options.noIgnore,
      ...(ctx.options.maxFiles !== undefined ? { maxFiles: ctx.options.maxFiles } : {}),
    });
    const history = ctx.options.history && facts.project.git.isRepo ? await scanHistory(ctx.root) : undefined;
    return () => {
      // The count of binary files passed over is noise on the doctor's screen (scan shows it).
      pushAll(
        facts.notes,
        tree.notes.filter((n) => !(n.kind === 'binary' && !n.path)),
      );
      facts.scan = { hits: tree.hits, mode: 'tree', stats: { ...tree.stats } };
      // a tracked file with a key that differs from the last commit: the key may be a local edit only
      // (a committed config template filled in as the README says); one `git diff`, only for such files
      const git = facts.project.git;
      if (git.isRepo) {
        const changed = keysOnlyInWorkingCopy(ctx.root, keysByTrackedFile(tree.hits, git.tracked));
        if (changed.size) facts.scan.changed = [...changed].sort();
      }
      if (history) {
        pushAll(facts.notes, history.notes);
        facts.scan.historyHits = history.hits;
        Object.assign(facts.scan.stats ?? {}, {
          commits: history.stats.commits,
          historyBytes: history.stats.bytes,
          historyMs: history.stats.ms,
        });
      }
    };
  },
};
