/**
 * explain: pasted error text (or an SDK error object) → the same findings `verify` gives, plus
 * where on this machine the failing key comes from. Offline: never calls the network.
 */
import type { Facts } from '../core/facts.js';
import type { Area, FindingDraft, Note, Severity } from '../core/types.js';
import type { Collector } from '../collect/collector.js';
import { buildReport, type Report } from '../report/report.js';
import { metaFor } from '../checks/registry.js';
import type { SecretSet } from '../keys/mask.js';
import { collectSecrets } from '../keys/secrets.js';
import { classifyAnswer } from '../live/classify.js';
import { errorFields, parseMaskedKey, type ApiAnswer, type MaskedKey } from '../live/answer.js';
import { extractErrors, extractErrorsDetailed, MAX_RECORDS, networkFailure, type ExtractedError } from './extract.js';
import { matchMask, missingKeyHint, sourceName, unknownSources } from './local.js';
import { pushAll } from '../core/arrays.js';
import { matchTrace } from './trace.js';
import type { TraceFacts } from '../trace/types.js';

export { extractErrors, type ExtractedError } from './extract.js';

export interface ExplainOptions {
  /** Project folder for the local match (default: the current directory). */
  root?: string;
  /** Home folder for shell start-up files (default: the user's). */
  home?: string;
  /** The environment to compare with (default: process.env). */
  env?: Record<string, string | undefined>;
  /** Skip the local match (no files are read). */
  local?: boolean;
  /** Facts already collected (tests, callers that ran the doctor). */
  facts?: Facts;
  /** Replace the registered collectors (tests). */
  collectors?: Collector[];
  /** Where the text came from, for the report ("stdin", a file name). */
  source?: string;
  /** Look at no more than this many files of `root` (the CLI sets it when no --dir was given: the current folder may be HOME or /). */
  maxFiles?: number;
  /** A recorded trace: echoed keys are also matched with the credentials its processes sent. */
  trace?: TraceFacts;
}

// Ids other families own; used only when their metadata is not registered yet, so the report
// still puts them in the right area with the right weight.
const FALLBACK: Array<[RegExp, Area, Severity]> = [
  [/^key-source-unknown$/, 'sources', 'warning'],
  [/^key-(?:shadowed|conflict)$/, 'sources', 'error'],
  [/^key-exposed-to-client$/, 'exposure', 'warning'],
  [/^key-/, 'value', 'error'],
  [/^compose-/, 'deploy', 'error'],
  [/^(?:sdk-api-mismatch|model-retired|azure-misconfigured|org-id-invalid|project-id-invalid)$/, 'code', 'error'],
];

function withFallback(f: FindingDraft): FindingDraft {
  if (metaFor(f.id)) return f;
  const hit = FALLBACK.find(([re]) => re.test(f.id));
  if (!hit) return f;
  return { ...f, area: f.area ?? hit[1], severity: f.severity ?? hit[2] };
}

/** What makes two findings "the same problem" (retries, the same error quoted twice). */
function signature(f: FindingDraft): string {
  const d = f.data ?? {};
  const mk = d.maskedKey as { prefix?: string; suffix?: string; length?: number } | undefined;
  const parts = [
    f.id,
    mk ? `${mk.prefix}|${mk.suffix}|${mk.length}` : '',
    d.echoed,
    d.model,
    Array.isArray(d.scopes) ? d.scopes.join(',') : '',
    d.variable,
    d.symbol,
    d.provider,
    d.organization,
    d.azureAuth,
    d.clientError,
    d.sent,
    d.kind,
    d.missing,
  ];
  return parts.map((p) => (p === undefined ? '' : String(p))).join('§');
}

interface Explained {
  findings: FindingDraft[];
  notes: Note[];
  errors: number;
  masks: MaskedKey[];
}

/** The findings of extracted errors, merged (repeats once) and completed by the local match. */
function combine(
  extracted: ExtractedError[],
  facts: Facts | undefined,
  source: string | undefined,
  trace?: TraceFacts,
): Explained {
  const bySig = new Map<string, FindingDraft & { data: Record<string, unknown> }>();
  for (const e of extracted) {
    for (const f of e.findings) {
      const sig = signature(f);
      const prev = bySig.get(sig);
      const n = 1 + (e.repeats ?? 0);
      if (prev) {
        prev.data.occurrences = (prev.data.occurrences as number) + n;
        continue;
      }
      bySig.set(sig, {
        ...f,
        data: { ...(f.data ?? {}), inputLine: e.line, occurrences: n, ...(source ? { input: source } : {}) },
      });
    }
  }
  const findings: FindingDraft[] = [...bySig.values()];
  const notes: Note[] = [];
  const masks = [
    ...new Map(extracted.filter((e) => e.mask).map((e) => [e.mask?.text ?? '', e.mask as MaskedKey])).values(),
  ];

  if (facts) {
    const unmatched: MaskedKey[] = [];
    for (const mask of masks) {
      if (mask.literal !== undefined && /^(?:undefined|null|None|nil|)$/.test(mask.literal.trim())) continue;
      const m = matchMask(facts, mask);
      if (m.matches.length === 0) unmatched.push(mask);
      // Say on the invalid-key finding which local source holds the rejected key.
      for (const f of findings) {
        const mk = f.data?.maskedKey as { prefix?: string; suffix?: string; length?: number } | undefined;
        const echoed = f.data?.echoed;
        const mine =
          (mk && mk.prefix === mask.prefix && mk.suffix === mask.suffix && mk.length === mask.length) ||
          echoed === mask.text;
        if (!mine || m.matches.length === 0 || !m.source) continue;
        const where = [...new Set(m.matches.map(sourceName))];
        if (f.id === 'live-invalid-key')
          f.message += ` On this machine it is the value of ${m.source.name} in ${where.join(', ')}.`;
        else f.message += ` It comes from ${where.join(', ')}.`;
        f.location ??= m.source.location;
        f.data = { ...(f.data ?? {}), localSources: where };
      }
      pushAll(findings, m.findings);
    }
    pushAll(findings, unknownSources(facts, unmatched));
    for (const f of findings) {
      if (f.id === 'key-missing' && typeof f.data?.variable === 'string' && !f.data.localHint) {
        f.message += missingKeyHint(facts, f.data.variable);
        f.data.localHint = true;
      } else if (f.id === 'key-missing' && f.data?.sent !== undefined && !f.data?.localHint) {
        f.message += missingKeyHint(facts, 'OPENAI_API_KEY');
        f.data = { ...f.data, localHint: true };
      }
    }
  }
  if (trace) matchTrace(trace, masks, findings);
  return { findings: findings.map(withFallback), notes, errors: extracted.length, masks };
}

/** Whether anything found needs the local sources (an echoed key, a missing key). */
function needsLocal(extracted: ExtractedError[]): boolean {
  return extracted.some((e) => e.mask !== undefined || e.findings.some((f) => f.id === 'key-missing'));
}

async function factsFor(opts: ExplainOptions, extracted: ExtractedError[]): Promise<Facts | undefined> {
  if (opts.local === false) return undefined;
  if (opts.facts) return opts.facts;
  if (!needsLocal(extracted)) return undefined;
  // Loaded on demand: the collectors are the doctor's own (same code), and most of start-up time.
  const { collectFacts } = await import('../pipeline/diagnose.js');
  return collectFacts({
    root: opts.root,
    home: opts.home,
    env: opts.env,
    collectors: opts.collectors,
    ...(opts.maxFiles !== undefined ? { maxFiles: opts.maxFiles } : {}),
  });
}

/** The one secret set, with every token of the pasted text that is or may be a credential. */
function secretsFor(text: string, facts: Facts | undefined): SecretSet {
  return collectSecrets({ facts, text });
}

/** Explains pasted text: every auth error in it, classified, matched with the local key sources. */
export async function explainText(text: string, opts: ExplainOptions = {}): Promise<Report> {
  const { errors: extracted, truncated } = extractErrorsDetailed(text);
  const facts = await factsFor(opts, extracted);
  const r = combine(extracted, facts, opts.source, opts.trace);
  const lines = text.length === 0 ? 0 : text.split('\n').length;
  if (r.findings.length === 0)
    r.notes.push({
      kind: 'info',
      message: `No OpenAI / Azure OpenAI auth error found in the input (${lines} line${lines === 1 ? '' : 's'}).`,
    });
  if (truncated)
    r.notes.push({
      kind: 'limit',
      message: `The input holds more than ${MAX_RECORDS} error records; only the first ${MAX_RECORDS} were examined.`,
    });
  if (
    opts.maxFiles !== undefined &&
    facts?.notes.some((n) => n.kind === 'limit' && /^stopped listing after/.test(n.message))
  ) {
    r.notes.push({
      kind: 'limit',
      message: `No --dir was given: the local match looked at the first ${opts.maxFiles} files of the current folder only; run explain with --dir PROJECT to match against a whole project.`,
    });
  }
  const secrets = secretsFor(text, facts);
  return buildReport(
    {
      command: 'explain',
      meta: metaFor,
      root: facts?.root ?? opts.root,
      findings: r.findings,
      notes: [...r.notes, ...(facts?.notes ?? []).filter((n) => n.kind !== 'info')],
      data: {
        input: opts.source,
        lines,
        errorsFound: r.errors,
        maskedKeys: r.masks.map((m) => ({ prefix: m.prefix, suffix: m.suffix, length: m.length })),
      },
    },
    secrets,
  );
}

function headersOf(h: unknown): Record<string, string | undefined> | undefined {
  if (!h || typeof h !== 'object') return undefined;
  const out: Record<string, string | undefined> = {};
  const maybe = h as { forEach?: unknown; entries?: unknown };
  if (typeof maybe.forEach === 'function' && !(h instanceof Map) && !Array.isArray(h)) {
    (h as { forEach: (cb: (v: string, k: string) => void) => void }).forEach((v, k) => {
      out[k.toLowerCase()] = String(v);
    });
    return out;
  }
  if (h instanceof Map) {
    for (const [k, v] of h) out[String(k).toLowerCase()] = v === undefined ? undefined : String(v);
    return out;
  }
  for (const [k, v] of Object.entries(h))
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v === undefined || v === null ? undefined : String(v);
  return out;
}

function num(v: unknown): number | undefined {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 100 && n < 600 ? n : undefined;
}

/** The answer inside an SDK error object (openai v4–v7 APIError, axios, fetch wrappers, plain objects). */
export function answerFromError(err: unknown): { answer?: ApiAnswer; text: string } {
  if (typeof err === 'string') return { text: err };
  if (!err || typeof err !== 'object') return { text: String(err) };
  const e = err as Record<string, unknown>;
  const response = (e.response && typeof e.response === 'object' ? e.response : undefined) as
    Record<string, unknown> | undefined;
  const status =
    num(e.status) ?? num(e.statusCode) ?? num(e.status_code) ?? num(response?.status) ?? num(response?.statusCode);
  const headers = headersOf(e.headers ?? response?.headers);
  let body: unknown = e.error ?? e.body ?? response?.data ?? response?.body ?? e.responseBody ?? e.data;
  if (body === undefined && (e.code !== undefined || e.type !== undefined) && typeof e.message === 'string') {
    body = { error: { message: String(e.message).replace(/^[45]\d\d\s+/, ''), code: e.code, type: e.type } };
  } else if (
    body &&
    typeof body === 'object' &&
    !('error' in (body as object)) &&
    ('message' in (body as object) || 'code' in (body as object))
  ) {
    body = { error: body };
  }
  // Text to search for client-side clues: the message and its cause chain.
  const texts: string[] = [];
  let cur: unknown = err;
  for (let i = 0; i < 6 && cur && typeof cur === 'object'; i++) {
    const c = cur as { name?: unknown; message?: unknown; cause?: unknown };
    if (typeof c.message === 'string') texts.push(`${typeof c.name === 'string' ? `${c.name}: ` : ''}${c.message}`);
    cur = c.cause;
  }
  const azure =
    Boolean(headers && (headers['apim-request-id'] || headers['x-ms-region'] || headers['x-ms-client-request-id'])) ||
    undefined;
  const answer = status !== undefined || body !== undefined ? { status, headers, body, azure } : undefined;
  return { answer, text: texts.join('\n') };
}

/**
 * Explains an error thrown by an OpenAI SDK (or any object with status / headers / body / error),
 * returning the same masked report as `keydoctor explain`.
 */
export async function explainError(err: unknown, opts: ExplainOptions = {}): Promise<Report> {
  const { answer, text } = answerFromError(err);
  const extracted: ExtractedError[] = [];
  if (answer) {
    const findings = classifyAnswer(answer);
    const mask = parseMaskedKey(errorFields(answer.body).message ?? '');
    if (findings.length) extracted.push({ line: 1, answer, findings, mask });
  }
  // Client-side clues in the message chain (missing credentials, illegal header values, ...).
  const fromText = extractErrors(text);
  for (const e of fromText) if (!answer || !e.answer) extracted.push(e);
  // An SDK connection error: no HTTP answer (unless a bad header value explains it).
  if (
    !answer &&
    !fromText.some((e) =>
      e.findings.some((f) => f.id === 'live-network-error' || /header/.test(String(f.data?.clientError ?? ''))),
    )
  ) {
    const net = networkFailure(text, true);
    if (net)
      extracted.push({
        line: 1,
        findings: classifyAnswer({ networkError: net.reason }).map((f) => ({
          ...f,
          data: { ...(f.data ?? {}), cause: net.cause },
          fix: { summary: net.fix },
        })),
      });
  }
  const facts = await factsFor(opts, extracted);
  const r = combine(extracted, facts, opts.source ?? 'error object', opts.trace);
  if (r.findings.length === 0)
    r.notes.push({
      kind: 'info',
      message: 'The error is not an OpenAI / Azure OpenAI auth error keydoctor recognises.',
    });
  let bodyText = '';
  try {
    bodyText = JSON.stringify(answer?.body ?? '') ?? '';
  } catch {
    // a body that does not serialise holds nothing more to register
  }
  const secrets = secretsFor(`${text}\n${bodyText}`, facts);
  return buildReport(
    {
      command: 'explain',
      meta: metaFor,
      root: facts?.root ?? opts.root,
      findings: r.findings,
      notes: r.notes,
      data: { input: 'error object', status: answer?.status, errorsFound: r.errors },
    },
    secrets,
  );
}
