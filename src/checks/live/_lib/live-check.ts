/**
 * The live checks share one shape: take the findings of this id from the live step's results
 * (facts.live), locate each at the source the key came from (the winning assignment of the first
 * target using the key) and name every target that uses the key. Pure: no network here.
 */
import type { FindingDraft } from '../../../core/types.js';
import type { Check, FindingMeta } from '../../types.js';

export function liveCheck(meta: FindingMeta): Check {
  const id = meta.id;
  return {
    meta,
    run({ facts, targets }) {
      const out: FindingDraft[] = [];
      for (const r of facts.live?.results ?? []) {
        for (const f of r.findings) {
          if (f.id !== id) continue;
          const users = r.targets.map((tid) => targets.find((t) => t.id === tid)).filter((t) => t !== undefined);
          const first = users[0];
          const location = f.location ?? first?.vars[first.keyVar]?.winner?.location;
          const labels = users.map((t) => t.label);
          const named = labels.length
            ? ` (${labels.length > 1 ? 'used by the targets' : 'the key of'} ${labels.join(', ')})`
            : '';
          out.push({
            ...f,
            ...(location ? { location } : {}),
            ...(r.targets[0] ? { target: r.targets[0] } : {}),
            message: `${f.message}${named}`,
            data: {
              ...(f.data ?? {}),
              targets: r.targets,
              endpoint: r.endpoint,
              ...(r.proxy ? { proxy: r.proxy } : {}),
              ...(r.permissions ? { permissions: r.permissions } : {}),
            },
          });
        }
      }
      return out;
    },
  };
}
