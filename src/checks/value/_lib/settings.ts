/** Shared by org-id-invalid, project-id-invalid and base-url-override (not a check): setting values per target and in code. */
import type { Facts } from '../../../core/facts.js';
import type { FindingDraft, Fix, Target } from '../../../core/types.js';
import type { ClientConstruction } from '../../../code/types.js';
import { about, setFix, sourceText, targetNames, winnerGroups, type Group } from './shared.js';
import { clientReach } from '../../code/_lib/check-helpers.js';

export interface SettingHit {
  value: string;
  /** From an environment variable (a group of targets) or a literal in code. */
  group?: Group;
  client?: ClientConstruction;
}

export interface SettingFilter {
  /** Whether target `t` really reads variable `name` (default: every target that needs a key). */
  reads?: (t: Target, name: string) => boolean;
}

/**
 * The values a setting has: per variable, grouped by the targets that read it, and per client option
 * written in code. Only targets that need a key and clients that run (or may run) somewhere count.
 */
export function settingHits(
  facts: Facts,
  targets: Target[],
  names: readonly string[],
  option: 'organization' | 'project' | 'baseURL',
  skipAzure = true,
  filter: SettingFilter = {},
): SettingHit[] {
  const out: SettingHit[] = [];
  const reads = filter.reads ?? ((t: Target) => t.needsKey !== false);
  for (const name of names) {
    for (const g of winnerGroups(
      targets.filter((t) => !(skipAzure && t.azure)),
      (t) => (t.vars[name] && reads(t, name) ? name : undefined),
    )) {
      if (g.value.trim() === '') continue;
      out.push({ value: g.value.trim(), group: g });
    }
  }
  for (const [index, c] of (facts.code?.clients ?? []).entries()) {
    const v = c.options[option];
    if (v?.kind !== 'literal' || v.value.trim() === '') continue;
    if (skipAzure && /azure/.test(c.sdk)) continue;
    // a raw HTTP call's URL is the request's, not an override; a client of another provider (LangChain's init_chat_model("anthropic:...")) goes to that provider by design
    if (option === 'baseURL' && (c.sdk === 'http' || (c.provider !== undefined && c.provider !== 'openai'))) continue;
    const reach = clientReach(targets, index);
    if (reach.status === 'never') continue;
    out.push({ value: v.value.trim(), client: c });
  }
  return out;
}

export function hitFinding(
  id: string,
  h: SettingHit,
  message: (where: string, who: string) => string,
  fix: string,
  severity?: FindingDraft['severity'],
): FindingDraft {
  if (h.group) {
    const g = h.group;
    return about(
      id,
      g,
      message(`${g.name} from ${sourceText(g.winner)}`, targetNames(g.targets)),
      setFix(g.winner, g.name, fix),
      severity,
    );
  }
  const c = h.client as ClientConstruction;
  const f: FindingDraft = {
    id,
    message: message(`the client option at ${c.file}:${c.line}`, 'the client'),
    location: { path: c.file, line: c.line },
    fix: { summary: `${fix} Edit ${c.file}:${c.line}.` } satisfies Fix,
    data: { literal: true },
  };
  if (severity) f.severity = severity;
  return f;
}
