/**
 * The report: findings completed from the catalog, sorted, and masked in one place before any
 * formatter sees them.
 */
import type {
  Area,
  Finding,
  FindingDraft,
  Note,
  Severity,
  Target,
  TargetClient,
  TargetCredential,
  TargetEndpoint,
} from '../core/types.js';
import type { ClientConstruction, ValueExpr } from '../code/types.js';
import { describeGuard } from '../code/guard-text.js';
import { docsUrl, type MetaLookup } from '../checks/meta.js';
import type { SecretSet } from '../keys/mask.js';
import { showValue, showVariable } from '../keys/mask.js';
import { maskReport } from './mask.js';

export { VERSION } from '../version.js';
import { VERSION } from '../version.js';
import { compareText } from '../core/compare.js';

export interface TargetSummary {
  id: string;
  kind: string;
  label: string;
  location?: Target['location'];
  loading?: string;
  loads?: string[];
  keyVar: string;
  azure?: boolean;
  /** The module the target starts. */
  entry?: string;
  /** false: the target's code reaches no client that needs a key from its environment. */
  needsKey?: boolean;
  /** needsKey false, but its code reads the key variable: a value it gets is judged. */
  readsKey?: boolean;
  /** The clients the target reaches: whether each runs here, the credential it reads, where it sends it. */
  clients?: Array<{
    client: number;
    location: string;
    status: TargetClient['status'];
    condition?: string;
    credential: { kind: TargetCredential['kind']; names?: string[]; from?: string; value?: string; store?: string };
    endpoint: TargetEndpoint;
  }>;
  /** Per variable: the winning source and every source in precedence order, values masked. */
  vars: Array<{
    name: string;
    value?: string;
    length?: number;
    from?: string;
    chain: Array<{ kind: string; location?: string; value: string; status: string; reason?: string }>;
  }>;
}

/** A place in code that builds an LLM client (doctor only), with what it reads, as written. */
export interface ClientSummary {
  location: string;
  sdk: string;
  callee?: string;
  azure?: boolean;
  /** The module-level function it sits in. */
  fn?: string;
  /** The conditions it is built under, in words. */
  when?: string[];
  credential: { kind: string; name?: string; fallbacks?: string[]; value?: string; implicit?: boolean };
  endpoint?: { kind: string; name?: string; value?: string };
}

export interface Report {
  tool: { name: 'keydoctor'; version: string };
  command: string;
  root?: string;
  findings: Finding[];
  targets: TargetSummary[];
  /** The project's LLM clients (doctor); targets[].clients index into this list. */
  clients?: ClientSummary[];
  notes: Note[];
  summary: {
    errors: number;
    warnings: number;
    infos: number;
    checks: number;
    passed: number;
    areas: Array<{ area: Area; status: 'ok' | 'warning' | 'error'; findings: number }>;
  };
  /** Command-specific extra data (verify's permission table, scan statistics, ...). */
  data?: Record<string, unknown>;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const AREA_ORDER: Area[] = ['value', 'sources', 'code', 'exposure', 'deploy', 'live', 'inventory', 'internal'];

/** Fills severity, area, title and docs from the catalog of the checks that ran. */
export function completeFinding(d: FindingDraft, metaFor: MetaLookup): Finding {
  const meta = metaFor(d.id);
  return {
    ...d,
    severity: d.severity ?? meta?.severity ?? 'warning',
    area: d.area ?? meta?.area ?? 'internal',
    title: d.title ?? meta?.title,
    docs: d.docs ?? docsUrl(d.id),
  };
}

import { locString } from '../core/location.js';

export { locString };

/** A client option's value: a credential (`secret`) masked as a value, an endpoint shown (its password is masked with the report). */
function valueSummary(
  v: ValueExpr | undefined,
  secret = true,
): { kind: string; name?: string; fallbacks?: string[]; value?: string } | undefined {
  if (!v) return undefined;
  const show = (x: string) => (secret ? showValue(x) : showVariable('OPENAI_BASE_URL', x));
  switch (v.kind) {
    case 'literal':
      return { kind: 'literal', value: show(v.value) };
    case 'env':
      return {
        kind: 'env',
        name: v.name,
        ...(v.fallbacks ? { fallbacks: v.fallbacks } : {}),
        ...(v.default !== undefined ? { value: show(v.default) } : {}),
      };
    case 'store':
      return { kind: 'store', name: v.name };
    case 'token-provider':
      return { kind: 'token-provider' };
    case 'other':
      return { kind: 'expression', value: v.text };
  }
}

export function summarizeClients(clients: ClientConstruction[]): ClientSummary[] {
  return clients.map((c) => {
    const cred =
      valueSummary(c.options.apiKey) ??
      (c.keyVar
        ? { kind: 'env', name: c.keyVar, ...(c.keyVarFallbacks ? { fallbacks: c.keyVarFallbacks } : {}) }
        : c.options.azureADToken
          ? { kind: 'token-provider' }
          : { kind: 'none' });
    const out: ClientSummary = {
      location: `${c.file}:${c.line}`,
      sdk: c.sdk,
      credential: { ...cred, ...(c.keyVarImplicit ? { implicit: true } : {}) },
    };
    if (c.callee) out.callee = c.callee;
    if (c.azure) out.azure = true;
    if (c.fn) out.fn = c.fn;
    if (c.when?.length) out.when = c.when.map(describeGuard);
    const ep = valueSummary(c.options.baseURL ?? c.options.azureEndpoint, false);
    if (ep) out.endpoint = ep;
    return out;
  });
}

function credentialSummary(c: TargetCredential): NonNullable<TargetSummary['clients']>[number]['credential'] {
  switch (c.kind) {
    case 'env':
      return { kind: 'env', names: c.names, ...(c.from ? { from: c.from } : {}) };
    case 'literal':
      return { kind: 'literal', value: showValue(c.value) };
    case 'store':
      return { kind: 'store', store: c.store, names: [c.name] };
    default:
      return { kind: c.kind };
  }
}

export function summarizeTargets(targets: Target[]): TargetSummary[] {
  return targets.map((t) => ({
    id: t.id,
    kind: t.kind,
    label: t.label,
    location: t.location,
    loading: t.loading,
    loads: t.loads,
    keyVar: t.keyVar,
    azure: t.azure,
    ...(t.entry ? { entry: t.entry } : {}),
    ...(t.needsKey !== undefined ? { needsKey: t.needsKey } : {}),
    ...(t.readsKey ? { readsKey: true } : {}),
    ...(t.clients
      ? {
          clients: t.clients.map((c) => ({
            client: c.client,
            location: locString(c.location) ?? c.location.path,
            status: c.status,
            ...(c.condition ? { condition: c.condition } : {}),
            credential: credentialSummary(c.credential),
            endpoint: c.endpoint,
          })),
        }
      : {}),
    vars: Object.values(t.vars).map((r) => ({
      name: r.name,
      value: r.value === undefined ? undefined : showVariable(r.name, r.value),
      length: r.value?.length,
      from: r.winner ? (locString(r.winner.location) ?? r.winner.kind) : undefined,
      chain: r.chain.map((c) => ({
        kind: c.assignment.kind,
        location: locString(c.assignment.location),
        value: showVariable(r.name, c.assignment.value),
        status: c.status,
        reason: c.reason,
      })),
    })),
  }));
}

export interface ReportInput {
  command: string;
  root?: string;
  findings: FindingDraft[];
  targets?: Target[];
  /** The project's clients (facts.code.clients), listed in the report. */
  clients?: ClientConstruction[];
  notes?: Note[];
  checks?: { run: number; failedIds: Set<string> | number };
  data?: Record<string, unknown>;
  /**
   * The metadata of the findings' ids: registry.ts's `metaFor` (every id), or the lookup of the
   * checks that ran (the scan's: metaLookup of the exposure checks).
   */
  meta: MetaLookup;
}

export function buildReport(input: ReportInput, secrets: SecretSet): Report {
  const findings = input.findings.map((d) => completeFinding(d, input.meta));
  // Same id, same place, same target, same message: report once.
  const seen = new Set<string>();
  const unique = findings.filter((f) => {
    const k = `${f.id}|${locString(f.location) ?? ''}|${f.target ?? ''}|${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  unique.sort(
    (a, b) =>
      AREA_ORDER.indexOf(a.area ?? 'internal') - AREA_ORDER.indexOf(b.area ?? 'internal') ||
      ORDER[a.severity] - ORDER[b.severity] ||
      compareText(a.id, b.id) ||
      compareText(locString(a.location) ?? '', locString(b.location) ?? ''),
  );
  const count = (s: Severity) => unique.filter((f) => f.severity === s).length;
  const areas = AREA_ORDER.map((area) => {
    const fs = unique.filter((f) => f.area === area);
    const status: 'ok' | 'warning' | 'error' = fs.some((f) => f.severity === 'error')
      ? 'error'
      : fs.some((f) => f.severity === 'warning')
        ? 'warning'
        : 'ok';
    return { area, status, findings: fs.length };
  });
  const run = input.checks?.run ?? 0;
  const failed = input.checks
    ? typeof input.checks.failedIds === 'number'
      ? input.checks.failedIds
      : input.checks.failedIds.size
    : 0;
  const report: Report = {
    tool: { name: 'keydoctor', version: VERSION },
    command: input.command,
    root: input.root,
    findings: unique,
    targets: summarizeTargets(input.targets ?? []),
    ...(input.clients ? { clients: summarizeClients(input.clients) } : {}),
    notes: input.notes ?? [],
    summary: {
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info'),
      checks: run,
      passed: Math.max(0, run - failed),
      areas,
    },
    data: input.data,
  };
  return maskReport(report, secrets);
}

export function exitCode(report: Report): number {
  return report.summary.errors > 0 ? 1 : 0;
}
