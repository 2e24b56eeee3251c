/** Words shared by the inventory checks: how a dashboard entry and a local key are named in messages. */
import type { Location } from '../../../core/types.js';
import type { InventoryKey, KeyMatch, LocalKey } from '../../../admin/types.js';
import { parseRedacted } from '../../../admin/match.js';

export function shortRedacted(r: string): string {
  const m = parseRedacted(r);
  return m.suffix ? `${m.prefix}…${m.suffix}` : m.prefix;
}

export function ownerText(e: InventoryKey): string {
  if (e.ownerType === 'service_account') return `service account ${e.ownerName ?? e.ownerId ?? '?'}`;
  return e.ownerEmail ?? e.ownerName ?? e.ownerId ?? 'an unknown user';
}

/** `key_abc "prod" (sk-proj-…abcd) in project App`. */
export function entryText(e: InventoryKey): string {
  const name = e.name ? ` "${e.name}"` : '';
  const where = e.project
    ? ` in project ${e.project.name} (${e.project.id})`
    : e.kind === 'admin'
      ? ' (admin key)'
      : '';
  return `${e.id}${name} (${shortRedacted(e.redacted)})${where}`;
}

export function days(secs: number): number {
  return Math.floor(secs / 86400);
}

export function sourcesText(k: LocalKey, max = 3): string {
  const names = k.sources.map((s) =>
    s.location
      ? `${s.location.path}${s.location.line ? `:${s.location.line}` : ''}`
      : s.kind === 'process-env'
        ? `$${s.name} in this shell`
        : s.kind,
  );
  const uniq = [...new Set(names)];
  return uniq.length > max ? `${uniq.slice(0, max).join(', ')} and ${uniq.length - max} more` : uniq.join(', ');
}

/** The first place in a file that holds the key (for the finding's location). */
export function firstLocation(k: LocalKey): Location | undefined {
  return k.sources.find((s) => s.location)?.location;
}

export function related(k: LocalKey): Array<Location & { note?: string }> {
  return k.sources
    .filter((s) => s.location)
    .slice(1)
    .map((s) => ({ ...(s.location as Location), note: `also holds this key (${s.name})` }));
}

export function localsOf(matches: KeyMatch[], e: InventoryKey): LocalKey[] {
  return matches.filter((m) => m.status === 'matched' && m.entry === e).map((m) => m.local);
}
