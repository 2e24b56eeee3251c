import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import type { Command } from '../command.js';
import { UsageError, parseFormat, parseTimeout, useColor, type CliIO } from '../io.js';
import { runDiagnosis } from '../../core/diagnose.js';
import type { FindingDraft, Target } from '../../core/types.js';
import { buildReport, exitCode, locString } from '../../report/report.js';
import { format, type Format } from '../../report/formatters/index.js';
import { maskSecret, type SecretSet } from '../../keys/mask.js';
import { addSecrets, collectSecrets } from '../../keys/secrets.js';
import { verifyKey, DEFAULT_BASE_URL } from '../../live/verify.js';
import { applyClientOptions, settingsForTarget, settingsFromEnv, skipReason, type LiveSettings } from '../../live/settings.js';
import { classifyCredential } from '../../keys/classify.js';
import type { LiveResult } from '../../live/types.js';
import type { Facts } from '../../core/facts.js';
import { check as modelRetired } from '../../checks/code/model-retired.js';
import { check as modelDeprecated } from '../../checks/code/model-deprecated.js';
import { maxOf, pushAll } from '../../core/arrays.js';

const HELP = `Usage: keydoctor verify [DIR] [options]

Asks the API whether it accepts the key your app would use, and what the key may do. The key is the
one the doctor resolves for the first run target (or --target ID), or the value of --key-env NAME,
or the first line of standard input with --key-stdin (never an argument). It goes only to the base
URL the app would use (OPENAI_BASE_URL, legacy OPENAI_API_BASE, else https://api.openai.com/v1), with
the app's OpenAI-Organization / OpenAI-Project headers, through HTTPS_PROXY / HTTP_PROXY unless
NO_PROXY says otherwise. A working key gets a permission table from no-cost probes (list endpoints
and deliberately invalid requests that fail validation after authorization). Admin keys (sk-admin-)
are probed on /v1/organization/... only.

Options:
  --target ID                   verify the key of this run target (see \`keydoctor doctor\`)
  --key-env NAME                verify the key held by this environment variable
  --key-stdin                   read the key from standard input (first line)
  --base-url URL                the OpenAI base URL (default: as the app would use)
  --organization ID             send OpenAI-Organization (default: OPENAI_ORG_ID / OPENAI_ORGANIZATION)
  --project ID                  send OpenAI-Project (default: OPENAI_PROJECT_ID)
  --model NAME                  also check access to this model
  --azure                       Azure OpenAI (default when AZURE_OPENAI_ENDPOINT is set for the target)
  --endpoint URL                Azure endpoint (default AZURE_OPENAI_ENDPOINT)
  --api-version V               Azure api-version (default OPENAI_API_VERSION; none: the v1 path)
  --deployment NAME             Azure deployment to check (default AZURE_OPENAI_DEPLOYMENT)
  --no-probes                   only check the key, no permission table
  --timeout MS                  timeout per request (default 10000)
  --format text|json|markdown   output format (default text)
  --verbose                     one line per request and answer on stderr (credentials masked)
  --no-color                    plain text (also NO_COLOR=1)
  --help                        this text

Exit status: 0 no error (the key works, or no answer came: live-network-error is a warning),
1 the API refused the key or the call, 2 bad arguments.
`;

interface Chosen {
  settings: LiveSettings;
  /** Where the key came from, for messages. */
  source: string;
  target?: Target;
  targets: Target[];
  root?: string;
  secrets: SecretSet;
  /** The project's facts, when a folder was verified (the models its code calls). */
  facts?: Facts;
}

function modelsOf(facts: Facts | undefined): string[] | undefined {
  const ms = [...new Set((facts?.code?.files ?? []).flatMap((f) => (f.models ?? []).map((m) => m.name)))];
  return ms.length ? ms : undefined;
}

function firstLine(s: string): string {
  const nl = s.search(/\r?\n/);
  return nl >= 0 ? s.slice(0, nl) : s;
}

async function choose(values: Record<string, string | boolean | undefined>, positionals: string[], io: CliIO): Promise<Chosen> {
  const secrets = collectSecrets({ env: io.env });
  const wantAzure = values.azure === true || values.endpoint !== undefined;
  if (typeof values['key-env'] === 'string') {
    const name = values['key-env'];
    const key = io.env[name];
    if (key === undefined) throw new UsageError(`${name} is not set in this environment`);
    secrets.add(key, true);
    const azure = wantAzure || (name.startsWith('AZURE') && Boolean(io.env.AZURE_OPENAI_ENDPOINT));
    return { settings: settingsFromEnv(io.env, key, azure), source: `$${name}`, targets: [], secrets };
  }
  if (values['key-stdin'] === true) {
    const key = firstLine(await io.readStdin());
    if (key.trim() === '') throw new UsageError('--key-stdin: standard input holds no key');
    secrets.add(key, true);
    return { settings: settingsFromEnv(io.env, key, wantAzure), source: 'standard input', targets: [], secrets };
  }
  if (positionals.length > 1) throw new UsageError(`expected one folder, got ${positionals.length} (keys are never given as arguments: use --key-env or --key-stdin)`);
  const root = resolve(io.cwd, positionals[0] ?? '.');
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`not a folder: ${positionals[0] ?? root} (keys are never given as arguments: use --key-env or --key-stdin)`);
  const d = await runDiagnosis({ root, cwd: root, env: io.env, offline: true, checks: [] });
  addSecrets(secrets, { facts: d.facts });
  const wanted = typeof values.target === 'string' ? values.target : undefined;
  let target: Target | undefined;
  if (wanted) {
    target = d.targets.find((t) => t.id === wanted);
    if (!target) throw new UsageError(`no target ${wanted}; targets: ${d.targets.map((t) => t.id).join(', ') || 'none'}`);
  } else {
    target = d.targets.find((t) => settingsForTarget(t, io.env) !== undefined);
  }
  const found = target ? settingsForTarget(target, io.env) : undefined;
  const fromTarget = found && target ? applyClientOptions(found, target, d.facts.code?.clients) : undefined;
  if (fromTarget) {
    if (wantAzure && !fromTarget.azure) {
      const endpoint = (typeof values.endpoint === 'string' ? values.endpoint : undefined) ?? io.env.AZURE_OPENAI_ENDPOINT ?? fromTarget.baseURL;
      fromTarget.azure = { endpoint: endpoint ?? '', apiVersion: io.env.OPENAI_API_VERSION, deployment: io.env.AZURE_OPENAI_DEPLOYMENT };
    }
    const where = locString(fromTarget.location);
    secrets.add(fromTarget.key, true);
    return { settings: fromTarget, source: `${fromTarget.keyVar ?? 'the key'}${where ? ` from ${where}` : ''} (target ${target?.label ?? ''})`, target, targets: d.targets, root: d.facts.root, secrets, facts: d.facts };
  }
  // No target holds a key: the shell's own environment, as a plain script would see it.
  const key = (wantAzure ? (io.env.AZURE_OPENAI_API_KEY ?? io.env.OPENAI_API_KEY) : io.env.OPENAI_API_KEY) ?? '';
  if (key.trim() === '' && !(wantAzure && io.env.AZURE_OPENAI_AD_TOKEN)) {
    throw new UsageError(wanted ? `target ${wanted} has no key` : 'no key found: no run target of this project gets one and OPENAI_API_KEY is not set (use --key-env NAME or --key-stdin)');
  }
  secrets.add(key, true);
  return { settings: settingsFromEnv(io.env, key, wantAzure), source: wantAzure ? '$AZURE_OPENAI_API_KEY' : '$OPENAI_API_KEY', targets: d.targets, root: d.facts.root, secrets };
}

const MARK: Record<string, string> = { allowed: '✓', denied: '✗', unknown: '?' };

/** The permission table as text lines (no secrets in it; masked anyway by the caller). */
export function permissionTable(r: LiveResult): string[] {
  const rows = r.probes ?? [];
  if (rows.length === 0) return [];
  const w = maxOf(rows.map((p) => p.name.length));
  const lines = [`What this key may do (${rows.length} no-cost ${rows.length === 1 ? 'probe' : 'probes'}, ${r.ms ?? 0} ms in all)`];
  for (const p of rows) {
    const status = p.status !== undefined ? String(p.status) : 'n/a';
    const why = p.permission === 'denied' && p.missing?.length ? `missing ${p.missing.join(', ')}` : p.failure ? p.failure : p.status === 429 ? `${p.covers}: authorized, but refused for quota or rate limit` : p.covers;
    lines.push(`  ${MARK[p.permission] ?? '?'} ${p.name.padEnd(w)}  ${status.padEnd(3)}  ${why}`);
  }
  return lines;
}

export const command: Command = {
  name: 'verify',
  summary: 'ask the API whether it accepts the key, and what the key may do',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        target: { type: 'string' },
        'key-env': { type: 'string' },
        'key-stdin': { type: 'boolean' },
        'base-url': { type: 'string' },
        organization: { type: 'string' },
        project: { type: 'string' },
        model: { type: 'string' },
        azure: { type: 'boolean' },
        endpoint: { type: 'string' },
        'api-version': { type: 'string' },
        deployment: { type: 'string' },
        'no-probes': { type: 'boolean' },
        timeout: { type: 'string' },
        format: { type: 'string', default: 'text' },
        verbose: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout(HELP);
      return 0;
    }
    const fmt = parseFormat<Format>(values.format, ['text', 'json', 'markdown']);
    if (values['key-env'] !== undefined && values['key-stdin']) throw new UsageError('--key-env and --key-stdin exclude each other');
    const timeoutMs = parseTimeout(values.timeout, 10000);
    const chosen = await choose(values, positionals, io);
    const s = chosen.settings;
    if (values['base-url'] !== undefined) {
      if (s.azure) s.azure.endpoint = values['base-url'];
      else s.baseURL = values['base-url'];
    } else if (s.unknownEndpoint && values.endpoint === undefined) {
      throw new UsageError(`${s.unknownEndpoint}; pass --base-url URL (or --endpoint for Azure) to verify against a given endpoint`);
    }
    if (!s.azure && (values.azure || values.endpoint !== undefined)) {
      const endpoint = values.endpoint ?? values['base-url'] ?? io.env.AZURE_OPENAI_ENDPOINT;
      if (endpoint) s.azure = { endpoint, apiVersion: io.env.OPENAI_API_VERSION?.trim() || undefined, deployment: io.env.AZURE_OPENAI_DEPLOYMENT?.trim() || undefined, adToken: io.env.AZURE_OPENAI_AD_TOKEN?.trim() || undefined };
    }
    if (s.azure) {
      if (values.endpoint !== undefined) s.azure.endpoint = values.endpoint;
      if (values['api-version'] !== undefined) s.azure.apiVersion = values['api-version'];
      if (values.deployment !== undefined) s.azure.deployment = values.deployment;
      if (!s.azure.endpoint) throw new UsageError('Azure OpenAI needs an endpoint: set AZURE_OPENAI_ENDPOINT or pass --endpoint URL');
    } else if (values.azure || values.endpoint !== undefined || s.azureWithoutEndpoint) {
      throw new UsageError('Azure OpenAI needs an endpoint: set AZURE_OPENAI_ENDPOINT or pass --endpoint URL');
    }
    if (values.organization !== undefined) s.organization = values.organization;
    if (values.project !== undefined) s.project = values.project;
    addSecrets(chosen.secrets, { keys: [s.azure?.adToken] });
    // The endpoints as given (their userinfo passwords).
    for (const u of [values['base-url'], values.endpoint, s.baseURL, s.azure?.endpoint]) if (u) chosen.secrets.add(u);

    // Placeholders and other providers' keys bound for api.openai.com are not sent: the answer is known.
    const skip = skipReason({ ...s, unknownEndpoint: undefined, azureWithoutEndpoint: undefined });
    if (skip) {
      const c = classifyCredential(s.key.trim());
      const id = c.kind === 'placeholder' ? 'key-placeholder' : s.key.trim() === '' ? 'key-empty' : 'key-foreign-provider';
      const finding: FindingDraft = { id, message: `Not sent: ${skip}.`, location: s.location, target: chosen.target?.id, fix: { summary: id === 'key-foreign-provider' ? 'Use an OpenAI key here, or point OPENAI_BASE_URL (--base-url) at the provider this key belongs to.' : 'Put a real key where the app reads it.' } };
      const report = buildReport({ command: 'verify', root: chosen.root, findings: [finding], targets: chosen.target ? [chosen.target] : [], notes: [], data: { verify: { skipped: skip, source: chosen.source, key: maskSecret(s.key) } } }, chosen.secrets);
      io.stdout(format(report, { format: fmt, color: useColor(io, values['no-color']), targets: false }));
      return exitCode(report);
    }
    const debug = values.verbose ? (line: string) => io.stderr(`${chosen.secrets.maskText(line)}\n`) : undefined;
    debug?.(`verifying ${maskSecret(s.key)} from ${chosen.source} against ${s.azure ? s.azure.endpoint : (s.baseURL ?? DEFAULT_BASE_URL)}`);
    const result = await verifyKey({
      key: s.key,
      baseURL: s.baseURL,
      organization: s.organization,
      project: s.project,
      azure: s.azure,
      model: values.model,
      models: s.azure ? undefined : modelsOf(chosen.facts),
      probes: values['no-probes'] ? 'none' : 'all',
      timeoutMs,
      env: io.env,
      targets: chosen.target ? [chosen.target.id] : [],
      debug,
      // An endpoint given on the command line (or through the environment) is the user's own choice;
      // one the project's files set is not sent a key of the user's (live/trust.ts).
      ...(values['base-url'] === undefined && values.endpoint === undefined ? { origin: { key: s.location, endpoint: s.endpointFrom } } : {}),
    });
    const findings: FindingDraft[] = result.findings.map((f) => ({
      ...f,
      location: f.location ?? s.location,
      target: f.target ?? chosen.target?.id,
    }));
    // The models the code calls, with the shutdown dates the API gave (OpenAI endpoints only).
    if (chosen.facts && !s.azure) {
      chosen.facts.live = { results: [result] };
      for (const c of [modelRetired, modelDeprecated]) pushAll(findings, c.run({ facts: chosen.facts, targets: chosen.targets }));
    }
    const { findings: _f, ...rest } = result;
    const data = { verify: { ...rest, source: chosen.source, key: maskSecret(s.key) } };
    const report = buildReport({ command: 'verify', root: chosen.root, findings, targets: chosen.target ? [chosen.target] : [], notes: [], data }, chosen.secrets);
    let out = format(report, { format: fmt, color: useColor(io, values['no-color']), targets: false, verbose: values.verbose });
    if (fmt === 'text') {
      const head = [`Verified ${maskSecret(s.key)}${result.keyType ? ` (${result.keyType})` : ''} from ${chosen.source}`, `  against ${result.endpoint || (s.baseURL ?? DEFAULT_BASE_URL)}${result.proxy ? ` through the proxy ${result.proxy}` : ''}${result.status !== undefined ? `: HTTP ${result.status}` : ''}${result.requestId ? ` (request id ${result.requestId})` : ''}`];
      if (result.organization || result.project) head.push(`  organization ${result.organization ?? '?'}, project ${result.project ?? '?'}`);
      if (result.retried) head.push('  rate limited once; retried after the wait the API asked for');
      const table = permissionTable(result);
      out = `${chosen.secrets.maskText([...head, ...(table.length ? ['', ...table] : [])].join('\n'))}\n\n${out}`;
    }
    if (fmt === 'markdown' && result.probes?.length) {
      const rows = result.probes.map((p) => `| ${p.name} | ${p.permission} | ${p.status ?? 'n/a'} | ${(p.missing?.length ? `missing ${p.missing.join(', ')}` : (p.failure ?? p.covers)).replace(/\|/g, '\\|')} |`);
      out += chosen.secrets.maskText(['', `## What this key may do`, '', `Verified ${maskSecret(s.key)} from ${chosen.source} against ${result.endpoint}${result.proxy ? ` through the proxy ${result.proxy}` : ''}.`, '', '| permission | result | status | detail |', '|---|---|---|---|', ...rows, ''].join('\n'));
    }
    io.stdout(out);
    return exitCode(report);
  },
};
