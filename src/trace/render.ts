/**
 * The trace's own part of the report: one entry per distinct (process, endpoint, credential), as
 * data for the JSON output and as text lines. Pure; the CLI prints, and the report's masking pass
 * runs over both.
 */
import type { TraceFacts } from './types.js';
import { sourceLabel, type TraceLine, type Verdict } from './analyze.js';
import { showValue } from '../keys/mask.js';

export interface TraceLineData {
  pid: number;
  process: string;
  endpoint: string;
  provider?: string;
  requests: number;
  paths: string[];
  credential: { masked: string; length: number; kind: string; header: string } | null;
  sentFrom: string[];
  organization?: string;
  project?: string;
  customHeaders: string[];
  sdk?: string;
  answers: string[];
  handled: string[];
  target?: string;
  matchedBy?: string;
  unmatched?: string;
  predicted?: { key: string | null; from: string | null; endpoints: string[] };
  verdict: Verdict;
}

export function lineData(l: TraceLine): TraceLineData {
  const p = l.prediction;
  return {
    pid: l.pid,
    process: l.processLabel,
    endpoint: l.origin,
    provider: l.provider,
    requests: l.requests.length,
    paths: l.paths,
    credential: l.credential
      ? {
          masked: l.credential.masked,
          length: l.credential.length,
          kind: l.credential.kind,
          header: l.credential.header,
        }
      : null,
    sentFrom: [...new Set(l.sentFrom.map(sourceLabel))],
    organization: l.organization,
    project: l.project,
    customHeaders: l.custom,
    sdk: l.sdk,
    answers: l.statuses,
    handled: [...new Set(l.requests.map((r) => r.action))],
    target: l.match.target?.id,
    matchedBy: l.match.how,
    unmatched: l.match.unmatched,
    predicted: p
      ? { key: p.key ? showValue(p.key.value) : null, from: p.key?.source ?? null, endpoints: [...p.hosts] }
      : undefined,
    verdict: l.verdict,
  };
}

const VERDICT: Record<Verdict, string> = {
  'as-predicted': 'as predicted',
  'key-differs': 'another key than predicted (trace-key-differs)',
  'no-credential': 'no credential (trace-no-credential)',
  'unpredicted-endpoint': 'an endpoint the static model did not find (trace-unpredicted-endpoint)',
  'no-target': 'no target of the project matches this process (name one with --target ID)',
  'not-modelled': "another provider's API: recorded, not compared",
  local: 'a server on this machine',
};

const ACTION: Record<string, string> = {
  redirected: "answered by keydoctor's emulator",
  refused: 'refused before sending (could not be redirected)',
  live: 'sent to the real endpoint (--live)',
  local: 'sent to this machine',
};

function stopText(t: TraceFacts): string {
  const exit = t.exit;
  const how = exit?.signal
    ? `signal ${exit.signal}`
    : exit?.code !== null && exit?.code !== undefined
      ? `code ${exit.code}`
      : '';
  switch (t.stopped) {
    case 'timeout':
      return 'stopped after the timeout (the process tree was ended)';
    case 'max-requests':
      return 'stopped after --max-requests (the process tree was ended)';
    case 'signal':
      return 'stopped by Ctrl-C';
    case 'start-failed':
      return `the command did not start${exit?.error ? ` (${exit.error})` : ''}`;
    default:
      return `the command exited${how ? ` (${how})` : ''}`;
  }
}

export interface RenderOptions {
  color: boolean;
  envChanges?: string[];
  verbose?: boolean;
}

export function renderTrace(t: TraceFacts, lines: TraceLineData[], opts: RenderOptions): string {
  const id = (s: string) => s;
  const ansi = (a: number, b: number) => (opts.color ? (s: string) => `\u001b[${a}m${s}\u001b[${b}m` : id);
  const bold = ansi(1, 22);
  const dim = ansi(2, 22);
  const red = ansi(31, 39);
  const green = ansi(32, 39);
  const yellow = ansi(33, 39);
  const out: string[] = [];
  const secs = t.ended !== undefined ? ((t.ended - t.started) / 1000).toFixed(1) : '?';
  const procs = new Set(t.processes.map((p) => p.pid)).size;
  out.push(`${bold('keydoctor trace')} · ${t.command.join(' ')}`);
  out.push(
    dim(
      `  ${secs} s, ${stopText(t)} · ${procs} process${procs === 1 ? '' : 'es'} observed · ${t.requests.length} LLM request${t.requests.length === 1 ? '' : 's'} · ${t.live ? 'live: requests went to their real endpoints' : 'nothing left the machine: LLM requests were answered by the emulator'}`,
    ),
  );
  if (opts.verbose && opts.envChanges?.length) {
    out.push(dim('  the command ran with:'));
    for (const c of opts.envChanges) out.push(dim(`    ${c}`));
  }
  out.push('');
  if (lines.length === 0) {
    out.push(
      t.processes.length
        ? '  No request to an LLM endpoint was seen.'
        : '  No process loaded the hook (see below), so nothing was seen.',
    );
    out.push('');
    return out.join('\n') + '\n';
  }
  out.push(bold('What the app sent') + dim('  (one entry per process, endpoint and credential)'));
  for (const l of lines) {
    const mark =
      l.verdict === 'as-predicted'
        ? green('✓')
        : l.verdict === 'key-differs' || l.verdict === 'no-credential'
          ? red('✗')
          : l.verdict === 'unpredicted-endpoint'
            ? yellow('!')
            : dim('·');
    out.push(
      `  ${mark} ${l.process} → ${l.endpoint}  ${l.paths.join(', ')}${l.requests > 1 ? ` (${l.requests} requests)` : ''}`,
    );
    const cred = l.credential
      ? `${l.credential.masked} (${l.credential.kind}, ${l.credential.length} characters, ${l.credential.header})${l.sentFrom.length ? ` = ${l.sentFrom.join(', ')}` : ''}`
      : red('no credential');
    out.push(`      key ${cred}`);
    const extra: string[] = [];
    if (l.organization) extra.push(`organization ${l.organization}`);
    if (l.project) extra.push(`project ${l.project}`);
    if (l.customHeaders.length) extra.push(`custom headers ${l.customHeaders.join(', ')}`);
    if (l.sdk) extra.push(l.sdk);
    if (extra.length) out.push(dim(`      ${extra.join(' · ')}`));
    out.push(dim(`      answered ${l.answers.join(', ')} · ${l.handled.map((h) => ACTION[h] ?? h).join(', ')}`));
    const target = l.target ? `${l.target}${l.matchedBy ? ` (by ${l.matchedBy})` : ''}` : undefined;
    const pred = l.predicted
      ? ` · predicted ${l.predicted.key ?? 'no key'}${l.predicted.from ? ` from ${l.predicted.from}` : ''} for ${l.predicted.endpoints.join(', ') || 'no endpoint'}`
      : '';
    out.push(
      `      ${target ? `target ${target}${pred}: ` : ''}${l.verdict === 'no-target' && l.unmatched ? `not compared: ${l.unmatched}` : VERDICT[l.verdict]}`,
    );
  }
  out.push('');
  return out.join('\n') + '\n';
}
