/**
 * The join of the inventory with this machine and project: every OpenAI key the doctor found (every
 * source of every target, and every other assignment that holds one) is matched to its dashboard
 * entry by what `redacted_value` keeps (the first 8 and last 4 characters, at the key's length),
 * among entries of its own kind (admin keys with admin keys), and, when two entries fit, by the
 * project the key's targets name (OPENAI_PROJECT_ID). Pure: facts and inventory in, matches out.
 */
import type { Facts } from '../core/facts.js';
import type { Target } from '../core/types.js';
import { sha256hex } from '../core/hash.js';
import { classifyCredential, isCredentialName, isOpenAIKind } from '../keys/classify.js';
import type { Inventory, InventoryKey, KeyMatch, LocalKey, LocalSource } from './types.js';

export function fingerprint(value: string): string {
  return `sha256:${sha256hex(value).slice(0, 16)}`;
}

/** What a redacted value keeps: prefix, suffix and (for `*`-padded masks) the key's length. */
export interface Redaction {
  prefix: string;
  suffix: string;
  length?: number;
}

export function parseRedacted(r: string): Redaction {
  const star = r.indexOf('*');
  if (star >= 0) {
    const last = r.lastIndexOf('*');
    const padded = /^\*+$/.test(r.slice(star, last + 1));
    const prefix = r.slice(0, star).replace(/(?:\.{2,}|…)$/, '');
    const suffix = r.slice(last + 1).replace(/^(?:\.{2,}|…)/, '');
    return padded && !/\.{2,}|…/.test(r) ? { prefix, suffix, length: r.length } : { prefix, suffix };
  }
  const dots = /\.{3}|…/.exec(r);
  if (dots) return { prefix: r.slice(0, dots.index), suffix: r.slice(dots.index + dots[0].length) };
  return { prefix: r, suffix: '' };
}

/** Whether a key could be the one behind a redacted value. At least 6 characters must be compared. */
export function redactionFits(redacted: string, value: string): boolean {
  const m = parseRedacted(redacted);
  if (m.prefix.length + m.suffix.length < 6) return false;
  if (m.length !== undefined && value.length !== m.length) return false;
  if (value.length < m.prefix.length + m.suffix.length) return false;
  return value.startsWith(m.prefix) && value.endsWith(m.suffix);
}

function locKey(s: LocalSource): string {
  return `${s.kind}|${s.name}|${s.location?.path ?? ''}|${s.location?.line ?? ''}`;
}

/** Every OpenAI key on this machine and in the project, with its sources and targets. */
export function collectLocalKeys(facts: Facts, targets: Target[]): LocalKey[] {
  const byValue = new Map<string, LocalKey>();
  const sources = new Map<string, Map<string, LocalSource>>();
  const add = (
    raw: string,
    name: string,
    kind: string,
    location: LocalSource['location'],
    target?: string,
  ): LocalKey | undefined => {
    const value = raw.trim();
    const c = classifyCredential(value);
    if (!isOpenAIKind(c.kind)) return undefined;
    let k = byValue.get(value);
    if (!k) {
      byValue.set(
        value,
        (k = { value, fingerprint: fingerprint(value), kind: c.kind, sources: [], targets: [], projectHints: [] }),
      );
      sources.set(value, new Map());
    }
    const m = sources.get(value) as Map<string, LocalSource>;
    const s: LocalSource = { name, kind, location, targets: [] };
    const existing = m.get(locKey(s));
    const src = existing ?? s;
    if (!existing) {
      m.set(locKey(s), s);
      k.sources.push(s);
    }
    if (target && !src.targets.includes(target)) src.targets.push(target);
    return k;
  };
  for (const t of targets) {
    for (const r of Object.values(t.vars)) {
      for (const c of r.chain) add(c.assignment.value, r.name, c.assignment.kind, c.assignment.location, t.id);
    }
    const eff = t.vars[t.keyVar]?.value;
    if (eff !== undefined) {
      const k = byValue.get(eff.trim());
      if (k) {
        if (!k.targets.includes(t.id)) k.targets.push(t.id);
        const proj = t.vars.OPENAI_PROJECT_ID?.value?.trim();
        if (proj && !k.projectHints.includes(proj)) k.projectHints.push(proj);
      }
    }
  }
  for (const a of facts.assignments) if (isCredentialName(a.name)) add(a.value, a.name, a.kind, a.location);
  for (const f of facts.envFiles) {
    if (f.role === 'example') continue;
    for (const list of Object.values(f.byDialect))
      for (const a of list ?? []) if (isCredentialName(a.name)) add(a.value, a.name, a.kind, a.location);
  }
  // What the doctor's live step said of each effective key.
  for (const r of facts.live?.results ?? []) {
    for (const id of r.targets) {
      const t = targets.find((x) => x.id === id);
      const v = t?.vars[t.keyVar]?.value?.trim();
      const k = v ? byValue.get(v) : undefined;
      if (!k) continue;
      if (r.findings.some((f) => f.id === 'live-invalid-key')) k.live = 'invalid';
      else if (r.status !== undefined && r.status >= 200 && r.status < 300) {
        if (k.live !== 'invalid') k.live = 'valid';
        k.liveOrganization ??= r.organization;
      } else k.live ??= 'other';
    }
  }
  return [...byValue.values()];
}

export function matchKeys(locals: LocalKey[], inventory: Inventory): KeyMatch[] {
  return locals.map((local): KeyMatch => {
    const admin = local.kind === 'openai-admin';
    let candidates = inventory.keys.filter(
      (e) => (e.kind === 'admin') === admin && redactionFits(e.redacted, local.value),
    );
    if (candidates.length > 1 && local.projectHints.length) {
      const inProject = candidates.filter((c) => c.project && local.projectHints.includes(c.project.id));
      if (inProject.length >= 1) candidates = inProject;
    }
    if (candidates.length === 1) return { local, status: 'matched', entry: candidates[0], candidates };
    return { local, status: candidates.length ? 'ambiguous' : 'none', candidates };
  });
}

/** The dashboard entry of a key value, when exactly one fits. */
export function entryOf(value: string, inventory: Inventory, projectHints: string[] = []): InventoryKey | undefined {
  const local: LocalKey = {
    value,
    fingerprint: '',
    kind: classifyCredential(value).kind,
    sources: [],
    targets: [],
    projectHints,
  };
  const [m] = matchKeys([local], inventory);
  return m?.status === 'matched' ? m.entry : undefined;
}
